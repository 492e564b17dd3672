"""Chỉ tiêu (GOLD_FORMAT.md `targets`): every % / ‰ figure, its comparator, due year, goal or not."""

from __future__ import annotations

from typing import Any

import pytest

from kehoach.extract.targets import find_targets
from kehoach.rules import RuleSet, load_rules
from tests.conftest import project_rules
from tests.extract.conftest import CORPUS, HUE, extracted

GOLD = CORPUS / "gold"


def one(text: str, default_year: int | None = None):  # type: ignore[no-untyped-def]
    found = find_targets(text, load_rules(), default_year)
    assert len(found) == 1, found
    return found[0]


def test_hue_bulletin_has_nine_targets_including_the_infant_mortality_ceiling() -> None:
    targets = extracted(HUE).targets
    assert len(targets) == 9
    first = targets[0]
    assert (first.value, first.unit, first.comparator) == (9.5, "‰", "<")
    assert first.indicator is not None and first.indicator.startswith("tỷ suất tử vong trẻ sơ sinh")


@pytest.mark.parametrize(
    "text,value,unit",
    [
        ("đạt 9,5%", 9.5, "%"),  # decimal comma
        ("xuống còn 14,5%0", 14.5, "‰"),  # "%0" typed for ‰
        ("giảm 12 ‰", 12, "‰"),
        ("tăng 100 phần trăm", 100, "%"),
        ("đạt 1.000,5%", 1000.5, "%"),  # thousands dot
    ],
)
def test_value_and_unit(text: str, value: float, unit: str) -> None:
    target = one(text)
    assert (target.value, target.unit) == (value, unit)


@pytest.mark.parametrize(
    "text,comparator",
    [
        ("Phấn đấu giảm tỷ lệ hộ nghèo xuống dưới 3%", "<"),
        ("giảm tỷ lệ suy dinh dưỡng xuống còn 12%", "<="),
        ("tỷ lệ che phủ rừng đạt trên 54%", ">"),
        ("ít nhất 45% trường học", ">="),
        ("tốc độ tăng trưởng từ 11% trở lên", ">="),
        ("tỷ lệ huy động đạt 98%", "="),
        ("tỷ lệ che phủ rừng không dưới 45%", ">="),  # the longest phrase: not the "dưới" inside it
        ("tỷ lệ nợ xấu không vượt quá 3%", "<="),
        ("Hằng năm, có tổ chức cơ sở Đảng hoàn thành tốt nhiệm vụ\n>90%", ">"),  # the sign itself
    ],
)
def test_comparator_as_the_text_says_it(text: str, comparator: str) -> None:
    assert one(text).comparator == comparator


@pytest.mark.parametrize(
    "text,value,high",
    [
        ("tỷ lệ lao động qua đào tạo đạt 90-95%", 90, 95),
        ("tốc độ tăng trưởng GRDP 9 - 10%/năm", 9, 10),  # corpus/gold/110
        ("giảm trung bình tỷ lệ hộ nghèo từ 0,2 đến 0,3%/năm trở lên", 0.2, 0.3),  # corpus/gold/710
    ],
)
def test_a_written_range_is_one_target_with_its_low_end_as_value(
    text: str, value: float, high: float
) -> None:
    target = one(text)  # GOLD_FORMAT "Version 2": one target, value = low end, high = high end
    assert (target.value, target.high) == (value, high)


@pytest.mark.parametrize(
    "text,measure",
    [
        ("tỷ lệ suy dinh dưỡng thể thấp còi dưới 20%", "level"),
        ("Phấn đấu giảm tỷ lệ hộ nghèo xuống còn 12%", "level"),  # the level reached
        ("tăng tỷ lệ học sinh học 2 buổi/ngày lên đạt 50%", "level"),  # corpus/gold/513: 'lên'
        ("giảm 70% tỷ lệ trẻ em bị xâm hại so với cùng kỳ năm trước", "change"),  # issue 19
        ("tỷ lệ hộ nghèo giảm đạt trên 4,2%", "change"),  # corpus/gold/104
        ("năm 2025, tốc độ tăng trưởng kinh tế tăng 10% so với năm 2024", "change"),
        ("Tốc độ tăng trưởng kinh tế năm 2018 đạt 5,5%", "change"),  # one plan year's growth (REVIEW.md V2)
        ("giảm 0,2–0,3%/năm", "rate"),  # issue 19
        ("Tỷ lệ hộ nghèo giảm bình quân mỗi năm trên 1,5%", "rate"),
        ("Hằng năm giảm 5-10% số trẻ em bị tai nạn", "rate"),  # corpus/gold/709
        ("Hằng năm, có tổ chức cơ sở Đảng hoàn thành tốt nhiệm vụ trên 90%", "level"),  # REVIEW.md V1
        ("Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng GRDP khoảng 47%", "level"),
    ],
)
def test_measure_level_change_or_rate(text: str, measure: str) -> None:
    assert one(text).measure == measure


def test_figures_of_one_enumeration_share_the_change_word(rules: RuleSet) -> None:
    found = find_targets("giảm 2% tổng số hộ nghèo và 3% số hộ nghèo dân tộc thiểu số trong năm nay", rules)
    assert [t.measure for t in found] == ["change", "change"]  # corpus/gold/702


def test_a_baseline_is_linked_to_the_goal_it_leads_to(rules: RuleSet) -> None:
    base, goal = find_targets(
        "Phấn đấu giảm tỷ lệ suy dinh dưỡng thể thấp còi từ 24% năm 2020 xuống dưới 20% năm 2025", rules
    )
    assert (base.is_target, base.measure) == (False, "level")
    assert (goal.value, goal.comparator, goal.year, goal.baseline, goal.baseline_year) == (
        20,
        "<",
        2025,
        24,
        2020,
    )


@pytest.mark.parametrize(
    "text,year",
    [
        ("tỷ trọng lao động nông nghiệp đạt dưới 40% năm 2025, dưới 35% năm 2035", 2025),  # year right after
        ("Đến năm 2025, phấn đấu tỷ lệ lao động qua đào tạo đạt 73%", 2025),  # before, in its line
        ("- Đến năm 2030:\ntỷ lệ suy dinh dưỡng thể thấp còi dưới 22%", 2030),  # the heading above
        ("Kế hoạch giai đoạn 2016 - 2020: tỷ lệ hộ nghèo giảm 2%", 2020),  # end of the period
        ("năm 2025, tốc độ tăng trưởng kinh tế tăng 10% so với năm 2024", 2025),  # a baseline is no due year
    ],
)
def test_due_year_of_a_goal(text: str, year: int, rules: RuleSet) -> None:
    assert find_targets(text, rules)[0].year == year


@pytest.mark.parametrize(
    "text,years",
    [
        # a year after a comma leads the next figure when one stands before this one (1108, 1921)
        ("Tỷ trọng kinh tế số đến năm 2025 đạt khoảng 30%, đến năm 2030 đạt khoảng 40%", [2025, 2030]),
        ("năm 2018 đạt 99%, năm 2019 đạt 99,5%", [2018, 2019]),
        # the year of the sentence or clause before is not the figure's when its own clause names one (942)
        (
            "giảm tỷ lệ trẻ tử vong và 8/100.000 trẻ vào năm 2030. 80% ngôi nhà có trẻ em đạt tiêu chí"
            " “Ngôi nhà an toàn” vào năm 2025 và 90% vào năm 2030; 100% trường học đạt chuẩn vào năm 2025",
            [2025, 2030, 2025],
        ),
    ],
)
def test_due_year_is_read_in_the_figures_own_clause(text: str, years: list[int], rules: RuleSet) -> None:
    assert [t.year for t in find_targets(text, rules)] == years


def test_goal_without_a_year_takes_the_plan_horizon() -> None:
    assert one("tỷ lệ che phủ rừng đạt 54%", default_year=2025).year == 2025


@pytest.mark.parametrize(
    "text",
    [
        "Theo báo cáo, đến thời điểm 31/12/2019, toàn tỉnh giảm được 4,44% hộ nghèo",
        "toàn tỉnh có 17.060 hộ nghèo, chiếm tỷ lệ 4,26%",
        "tăng 9,3% so với cùng kỳ",
        "Năm 2014, Kon Tum đào tạo nghề cho 2.000 người, đạt 77,89% kế hoạch giao",  # against a plan (705)
        "nam 905.408 người chiếm 48,67%",  # a headcount's share (403)
        "đã đạt được kết quả: Tính đến tháng 6/2018, tỷ lệ hộ nghèo 41,01%",  # a result told (106)
    ],
)
def test_reported_figures_are_not_goals(text: str) -> None:
    target = one(text)
    assert (target.is_target, target.comparator, target.year) == (False, None, None)


@pytest.mark.parametrize(
    "text,scope,form",
    [
        ("trên 93% dân số nông thôn được sử dụng nước hợp vệ sinh", "nông thôn", "rural"),
        ("tỷ lệ thất nghiệp ở khu vực thành thị dưới 4%", "khu vực thành thị", "urban"),
        ("95% trẻ em 5-16 tuổi được học bơi", "trẻ em 5-16 tuổi", "age:5-16"),
        ("tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thấp còi dưới 15%", "trẻ em dưới 5 tuổi", "age:<5"),
        ("80% phụ nữ mang thai được khám thai ít nhất 4 lần", "phụ nữ mang thai", "sex:female"),
        ("tỷ lệ che phủ rừng đạt 54%", None, None),
    ],
)
def test_scope_as_written_and_in_controlled_form(text: str, scope: str | None, form: str | None) -> None:
    target = one(text)
    assert (target.scope, target.scope_form) == (scope, form)


SETTINGS = project_rules().vocab["targets"]


@pytest.mark.parametrize(
    "text,form",
    [(text, entry["form"]) for entry in SETTINGS["scopes"] for text in entry["examples"]],
    ids=lambda v: str(v)[:40],
)
def test_scope_word_list_examples(text: str, form: str, rules: RuleSet) -> None:
    assert find_targets(text, rules)[0].scope_form.split(":")[0] == form.split(":")[0]  # type: ignore[union-attr]


@pytest.mark.parametrize("example", SETTINGS["measures"]["examples"], ids=lambda e: e["text"][:40])
def test_measure_word_list_examples(example: dict[str, Any], rules: RuleSet) -> None:
    if "measures" in example:  # several figures of one sentence
        assert [t.measure for t in find_targets(example["text"], rules)] == example["measures"]
    else:
        assert one(example["text"]).measure == example["measure"]


@pytest.mark.parametrize(
    "text,goal",
    [
        ("Trong năm 2020, Chỉ số cải cách hành chính của tỉnh đạt 80,89%", False),  # a past year (319)
        ("Phấn đấu trong năm 2022, tỷ lệ hộ nghèo giảm 2%", True),
        ("Tốc độ tăng trưởng bình quân giai đoạn 2006 - 2010 là 11,38% (chỉ tiêu đề ra là 13 - 14%)", False),
    ],
)
def test_figures_of_years_before_the_text_are_reported(text: str, goal: bool, rules: RuleSet) -> None:
    assert all(t.is_target is goal for t in find_targets(text, rules, written=2021))


@pytest.mark.parametrize(
    "name,figure",
    [
        ("3371.txt", "cho 100% các cơ sở Đoàn"),  # "Ban thường vụ Huyện đoàn đã chỉ đạo …" (Tuy Phước)
        ("1511.txt", "100% trường học trên thành phố đã lập"),  # a city's schools (Hà Tĩnh)
        ("2656.txt", "100% quân số đều đạt"),  # a commune's militia (Tịnh Biên)
        ("3110.txt", "đã giải quyết 92,75%"),  # "cơ quan điều tra đã giải quyết 92,75% …" (Lạng Sơn)
        ("3568.txt", "100% đại biểu dự Đại hội đã nhất trí"),  # a congress's vote (Cần Thơ)
    ],
)
def test_a_figure_told_in_the_past_tense_is_reported_not_a_goal(name: str, figure: str) -> None:
    told = [t for t in extracted(GOLD / name).targets if figure in t.text]
    assert told and not any(t.is_target for t in told)


@pytest.mark.parametrize("name", ["3371.txt", "1511.txt", "2656.txt"])
def test_news_whose_only_goal_was_a_past_figure_is_other(name: str) -> None:
    assert extracted(GOLD / name).kind == "other"  # no goal left to make the item news of a plan


@pytest.mark.parametrize("example", SETTINGS["sections"]["examples"], ids=lambda e: e["text"][:30])
def test_figures_of_a_results_section_are_reported(example: dict[str, object], rules: RuleSet) -> None:
    assert find_targets(str(example["text"]), rules, written=2023)[-1].is_target is example["goal"]


@pytest.mark.parametrize("example", SETTINGS["goal_examples"], ids=lambda e: e["text"][:40])
def test_goal_or_reported_word_list_examples(example: dict[str, Any], rules: RuleSet) -> None:
    found = find_targets(example["text"], rules, written=example.get("written"))
    assert [t.is_target for t in found] == example["goals"]


@pytest.mark.parametrize(
    "text,forms",
    [
        ("tỷ lệ trẻ em dưới 5 tuổi ở nông thôn bị suy dinh dưỡng thể thấp còi dưới 20%", ["rural", "age:<5"]),
        ("95% trẻ em 5-16 tuổi vùng đồng bào DTTS được học bơi", ["age:5-16", "group:ethnic_minority"]),
        ("tỷ lệ thu gom rác đô thị đạt 100%, còn tại nông thôn đạt 95-98%", ["urban"]),  # 502
        ("phủ trên 80% hộ gia đình, 100% đơn vị hành chính cấp xã", []),  # the next figure's scope (800)
        ("tỷ lệ che phủ rừng đạt 54%", []),
    ],
)
def test_every_scope_of_a_figure(text: str, forms: list[str], rules: RuleSet) -> None:
    target = find_targets(text, rules)[0]
    assert [s.form for s in target.scopes] == forms
    assert target.scope_form == (forms[0] if forms else None)  # the first scope stays scope / scope_form


@pytest.mark.parametrize(
    "text,goals",
    [
        (
            "Kế hoạch năm 2022\n\nĐăng ngày 09 - 03 - 2022\n100%\n\nPhấn đấu 100% xã đạt chuẩn.",
            [False, True],
        ),
        ("Kỳ họp\n\nĐăng lúc: 27/07/2021 (GMT+7)\n100%\n\nHĐND xã tổ chức kỳ họp", [False]),
        ("2. Chỉ tiêu\n- Tỷ lệ hộ nghèo giảm\n2%\n", [True]),  # a figure alone on its line, under no date
    ],
)
def test_a_figure_alone_under_the_page_date_is_no_goal(text: str, goals: list[bool], rules: RuleSet) -> None:
    assert [t.is_target for t in find_targets(text, rules)] == goals  # 700, 2871, 3116, 3811, 4063
