"""Chỉ tiêu (GOLD_FORMAT.md `targets`): every % / ‰ figure, its comparator, due year, goal or not."""

from __future__ import annotations

import pytest

from pipeline.extract.rules import load_rules
from pipeline.extract.targets import find_targets
from tests.extract.conftest import HUE, extracted

RULES = load_rules()


def one(text: str, default_year: int | None = None):  # type: ignore[no-untyped-def]
    found = find_targets(text, RULES, default_year)
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


def test_range_gives_a_floor_and_a_ceiling() -> None:
    low, high = find_targets("tỷ lệ lao động qua đào tạo đạt 90-95%", RULES)
    assert (low.value, low.comparator, high.value, high.comparator) == (90, ">=", 95, "<=")


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
def test_due_year_of_a_goal(text: str, year: int) -> None:
    assert find_targets(text, RULES)[0].year == year


def test_goal_without_a_year_takes_the_plan_horizon() -> None:
    assert one("tỷ lệ che phủ rừng đạt 54%", default_year=2025).year == 2025


@pytest.mark.parametrize(
    "text",
    [
        "Theo báo cáo, đến thời điểm 31/12/2019, toàn tỉnh giảm được 4,44% hộ nghèo",
        "toàn tỉnh có 17.060 hộ nghèo, chiếm tỷ lệ 4,26%",
        "tăng 9,3% so với cùng kỳ",
    ],
)
def test_reported_figures_are_not_goals(text: str) -> None:
    target = one(text)
    assert (target.is_target, target.comparator, target.year) == (False, None, None)


def test_rural_scope() -> None:
    assert one("trên 93% dân số nông thôn được sử dụng nước hợp vệ sinh").scope == "nông thôn"
