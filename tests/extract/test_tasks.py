"""Nhiệm vụ, giải pháp, mục tiêu (GOLD_FORMAT.md `tasks`): the top level of the list that enumerates them."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from kehoach.extract import outline
from kehoach.extract import tasks as tasks_
from kehoach.extract.tasks import find_tasks
from kehoach.rules import RuleSet, load_rules
from tests.conftest import project_rules
from tests.extract.conftest import CORPUS, extracted


def labels(text: str) -> list[str]:
    return [t.label for t in find_tasks(text, load_rules()) if t.level == 1]


def test_parenthesised_items_after_a_trigger() -> None:
    text = "Nhiệm vụ trọng tâm:\n(1) Tăng cường truyền thông;\n(2) Nâng cao năng lực;\n(3) Kiểm tra giám sát."
    assert labels(text) == ["(1)", "(2)", "(3)"]


def test_lettered_items_run_past_h() -> None:
    items = "\n".join(f"{c}) Chỉ tiêu số {i}" for i, c in enumerate("abcdđeghiklmnop", 1))
    assert labels("Các chỉ tiêu chủ yếu:\n" + items) == [f"{c})" for c in "abcdđeghiklmnop"]


def test_sub_items_are_not_top_level() -> None:
    text = "Giải pháp:\n1. Tuyên truyền\na) Tổ chức hội nghị\nb) In tờ rơi\n2. Kiểm tra việc thực hiện"
    assert labels(text) == ["1.", "2."]


def test_a_list_without_a_trigger_is_not_a_task_list() -> None:
    assert labels("Căn cứ:\n1. Luật Trẻ em\n2. Nghị định số 56") == []


def test_an_outline_of_headings_is_not_the_task_list() -> None:
    # corpus/gold/116: "1. Mục tiêu tổng quát / 2. Một số chỉ tiêu chủ yếu" are headings; the list is (1)
    assert [t.label for t in extracted(CORPUS / "gold" / "116.txt").tasks] == ["(1)"]


def test_dash_bullets_never_count() -> None:
    assert labels("Nhiệm vụ:\n- Tuyên truyền\n- Kiểm tra") == []


def subtasks(text: str) -> list[tuple[str | None, str]]:
    return [(t.parent, t.label) for t in find_tasks(text, load_rules()) if t.level == 2]


def test_level_two_items_are_subtasks_under_their_parent() -> None:
    text = "Giải pháp:\n1. Tuyên truyền\na) Tổ chức hội nghị\nb) In tờ rơi\n2. Kiểm tra\na) Kiểm tra định kỳ"
    assert subtasks(text) == [("1.", "a)"), ("1.", "b)"), ("2.", "a)")]


def test_only_the_next_label_style_is_level_two() -> None:
    # "1." then "1.1." is level 2; the "a)" inside "1.1." is level 3 and not reported (GOLD_FORMAT.md v2)
    text = "Nhiệm vụ:\n1. Cải cách thể chế\n1.1. Rà soát\na) Văn bản tỉnh\n1.2. Kiểm tra\n2. Cải cách TTHC"
    assert subtasks(text) == [("1.", "1.1."), ("1.", "1.2.")]
    assert labels(text) == ["1.", "2."]


def test_a_numbered_heading_nội_dung_introduces_the_list() -> None:
    # corpus/gold/606: "II. NỘI DUNG" heads the plan's tasks with no trigger word
    text = "II. NỘI DUNG\n\n1. Thực hiện các văn bản\n\n2. Tham mưu sửa đổi\n\nIII. TỔ CHỨC THỰC HIỆN"
    assert labels(text) == ["1.", "2."]


def test_a_gap_in_numbering_does_not_end_the_list() -> None:
    items = "\n".join(f"{n}. Nhiệm vụ số {n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 10, 11))
    assert labels("Các nhiệm vụ:\n" + items) == [f"{n}." for n in (1, 2, 3, 4, 5, 6, 7, 8, 10, 11)]


@pytest.mark.parametrize(
    "name,run",
    [
        ("1705.docx", ["1.", "2.", "3.", "1.", "2.", "6.", "1."]),  # Word numbered the steps again (Long An)
        ("2403.pdf", ["1.", "2.", "2."]),  # a number typed twice (a school's activities)
        ("2004.txt", ["5.", "6.", "1.", "8."]),  # the OCR read "7." as "1." (Chính phủ, a scan)
        ("1458.txt", ["2.", "1."]),  # Word numbered the congress's second sitting again (Đoàn THPT Phú Lâm)
    ],
)
def test_a_fault_in_the_numbering_does_not_end_the_list(name: str, run: list[str]) -> None:
    # issue 18: a repeated, restarted or misread number right after the item before it, only that item's
    # sentences and bullets between, is the list's next item (tasks.py `carried_on`)
    found = [t.label for t in extracted(CORPUS / "gold" / name).tasks if t.level == 1]
    assert any(found[k : k + len(run)] == run for k in range(len(found))), found


def test_a_number_after_a_heading_starts_another_list() -> None:
    text = "Nhiệm vụ:\n1. Tuyên truyền.\n2. Kiểm tra.\nĐiều 2. Giao Giám đốc Sở Giáo dục và Đào tạo\n"
    assert labels(text + "1. Tổ chức chỉ đạo thực hiện.\n2. Báo cáo.") == ["1.", "2."]
    stamp = "Nhiệm vụ:\n1. Tuyên truyền.\n18.CTRTW31.DOC 2\n2. Kiểm tra.\n3. Báo cáo."  # 1320: a file stamp
    assert labels(stamp) == ["1.", "2.", "3."]
    points = "Nhiệm vụ:\n1. Tuyên truyền.\n2. Mời các đồng chí sau:\n"
    points += "1. Đồng chí Nguyễn Văn A.\n2. Đồng chí Trần Văn B."
    assert labels(points) == ["1.", "2."]  # the points an item's own colon opens, no items of the list


def test_a_decimal_heading_is_never_read_as_a_two_digit_item() -> None:
    text = "Nhiệm vụ:\n1. Tuyên truyền\n1.1. Rà soát\n1.2. Kiểm tra\n1.3. Báo cáo\n2. Tổng kết"
    assert labels(text) == ["1.", "2."]
    assert subtasks(text) == [("1.", "1.1."), ("1.", "1.2."), ("1.", "1.3.")]


@pytest.mark.parametrize(
    "text",
    [
        "II. NỘI DUNG\n1. Phạm vi\nCác sở, ngành.\n2. Đối tượng\nCán bộ, công chức.",
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao.\n2. Yêu cầu\nĐúng quy định.",
        "II. NỘI DUNG KIỂM TRA\n1. Nội dung kiểm tra\n2. Hình thức kiểm tra\n3. Thời gian kiểm tra",
        "Hoạt động chủ yếu:\n3.1. Thời gian: Tháng 7/2023\n3.2. Số lượng: 1000 người",
        # generalization review (s9-18r): a report's results, real headings (Nghị quyết 205/NQ-CP; Phong Xuân,
        # Thừa Thiên Huế; Kon Tum 3102/KH-UBND)
        "I. Về tình hình kinh tế - xã hội; phương hướng, nhiệm vụ và giải pháp\n1. Những kết quả nổi bật\n"
        "Chính phủ thống nhất đánh giá: tình hình thế giới tiếp tục có nhiều diễn biến mới.",
        "I. NỘI DUNG:\nA. ĐÁNH GIÁ KẾT QUẢ ĐẠT ĐƯỢC:\n1/ Thực hiện các cuộc vận động:\n- Thực hiện tốt.",
        "I. QUAN ĐIỂM\nVÀ MỤC TIÊU\n1. Quan điểm\n- Phòng, chống sạt lở bờ sông.\n2. Mục tiêu\n- Chủ động.",
        "I. Mục tiêu và\nquan điểm phát triển\n1. Mục tiêu dài hạn\nMục tiêu: Xây dựng tỉnh.\n"  # Hòa Bình
        "2. Mục tiêu, chỉ tiêu chủ yếu của\nkế hoạch 5 năm 2011-2015\na, Mục tiêu",
    ],
    ids=[
        "phạm-vi",
        "mục-đích-yêu-cầu",
        "nội-dung-hình-thức",
        "fields-of-one-activity",
        "kết-quả-nổi-bật",
        "đánh-giá-kết-quả-đạt-được",
        "quan-điểm-và-mục-tiêu",
        "mục-tiêu-dài-hạn",
    ],
)
def test_structure_headings_are_not_tasks(text: str) -> None:
    assert labels(text) == []


# Every document of corpus/ but the held-out corpus/fresh (COMMON.md); PDFs are read by pdfplumber (slow).
STRUCTURE_FILES = sorted(
    p
    for p in CORPUS.rglob("*")
    if p.suffix in (".txt", ".docx", ".html") and "fresh" not in p.parts and p.parent.name != "bad"
)
STRUCTURE_PDFS = sorted(p for p in CORPUS.rglob("*.pdf") if "fresh" not in p.parts and p.parent.name != "bad")
HEADING = regex.compile(rf"(?:{project_rules().vocab['tasks']['fields']})\s*[:.]?\s*$", regex.IGNORECASE)
# "Mục đích, yêu cầu", "Nhiệm vụ và giải pháp", "Các chỉ tiêu cụ thể đến năm 2030": the whole line a heading
STRUCTURE = regex.compile(
    rf"(?:\p{{L}}+\s+){{0,2}}?(?:{project_rules().vocab['tasks']['structure']})(?:\s+thực\s+hiện)?(?:\s+kế\s+hoạch)?\s*[:.]?\s*",
    regex.IGNORECASE,
)


def is_structure(line: str) -> bool:
    line = line.strip(" *_")
    return bool(HEADING.match(line) or STRUCTURE.fullmatch(line))


TABLE_RULES = ("_table", ".table_row", ".table_group", ".line_table_body")


def structure_tasks(path: Path) -> list[str]:
    result = extracted(path)
    # both levels: a heading is no subtask either; a table's rows are the table's content, never the plan's
    # headings ("5 | Báo cáo kết quả | Cá nhân/đơn vị", a procedure's last step, 5301)
    found = [t for t in result.tasks if not t.rule.endswith(TABLE_RULES)]
    lines = [t.text.split("\n")[0] for t in found]
    years = [regex.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", line)[-1:] for line in lines]
    # goal headings partitioning the goals by period, each naming its own year, are tasks (REVIEW.md T31)
    by_period = {
        k
        for k, t in enumerate(found)
        for m, u in enumerate(found)
        if k != m and t.level == u.level and years[k] and years[m] and years[k] != years[m]
        if is_structure(lines[m]) and abs(k - m) == 1
    }
    # ... the first of them, where an excerpt breaks off under it (513, 710: tasks.cut_period)
    text = result.document.text
    if found and years[-1] and len(text) - found[-1].start <= tasks_.TAIL_CHARS:
        by_period.add(len(found) - 1)
    return [line for k, line in enumerate(lines) if is_structure(line) and k not in by_period]


@pytest.mark.parametrize(
    "line", ["Mục đích, yêu cầu", "**Tổ chức thực hiện**", "Kinh phí thực hiện:", "Phạm vi", "Đối tượng"]
)
def test_the_structure_check_knows_the_issues_headings(line: str) -> None:
    assert is_structure(line)


def test_a_list_in_the_organisation_section_is_not_a_task_list(rules: RuleSet) -> None:
    # corpus/gold/902 (Lào Cai): "III. TỔ CHỨC THỰC HIỆN / Giao phòng ... các công việc: 1. ... 2. ..."
    text = (
        "II. NỘI DUNG\n1. Tuyên truyền pháp luật\n2. Kiểm tra định kỳ\nIII. TỔ CHỨC THỰC HIỆN\n"
        "Giao phòng Quản lý Công nghiệp triển khai, thực hiện các công việc:\n"
        "1. Tổ chức kiểm tra\n2. Chuẩn bị"
    )
    assert labels(text) == ["1.", "2."]
    assert [t.text for t in find_tasks(text, rules)] == ["Tuyên truyền pháp luật", "Kiểm tra định kỳ"]
    # an annex after the section is another part: its task list counts again
    annexed = text + "\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ TRỌNG TÂM\n1. Số hóa hồ sơ\n2. Tập huấn"
    assert labels(annexed) == ["1.", "2.", "1.", "2."]
    starts = [t.text[:20] for t in extracted(CORPUS / "gold" / "902.docx").tasks]
    assert not any(s.startswith(("Tổ chức kiểm tra kỹ", "Chuẩn bị các điều", "Đợt")) for s in starts), starts


def test_a_report_outline_annexed_to_the_plan_is_not_a_task_list() -> None:
    # corpus/gold/905 (Lào Cai): "Phụ lục số 01: ĐỀ CƯƠNG BÁO CÁO ... IV. Phương hướng, nhiệm vụ ...
    # 1. Nhiệm vụ trọng tâm: ..."
    annex = "Phụ lục\nĐỀ CƯƠNG BÁO CÁO kết quả\nI. Tình hình\nII. Phương hướng, nhiệm vụ\n"
    annex += "1. Nhiệm vụ: ...\n2. Kiến nghị: ..."
    assert labels("Nhiệm vụ:\n1. Tuyên truyền\n2. Kiểm tra\n\n" + annex) == ["1.", "2."]
    starts = [t.text for t in extracted(CORPUS / "gold" / "905.docx").tasks]
    assert not any(s.startswith(("Nhiệm vụ trọng tâm:", "Lộ trình thực hiện:")) for s in starts), starts


def test_the_fields_of_one_activity_under_a_time_heading_are_not_tasks() -> None:
    # corpus/gold/902 (Lào Cai): "1. Thời gian, đối tượng kiểm tra:" over "1.1. Đợt 1: Từ 13h30’ ..."
    text = "II. NỘI DUNG\n1. Thời gian, đối tượng kiểm tra:\n"
    text += "1.1. Đợt 1: Từ 13h30 ngày 02/6/2026\n1.2. Đợt 2: Từ 13h30\n"
    text += "2. Địa điểm: Sở Công Thương\n3. Nội dung kiểm tra"
    assert labels(text) == [] and subtasks(text) == []


@pytest.mark.parametrize("path", STRUCTURE_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_no_structure_heading_is_a_task_in_the_corpus(path: Path) -> None:
    assert structure_tasks(path) == []


@pytest.mark.slow
@pytest.mark.parametrize("path", STRUCTURE_PDFS, ids=lambda p: str(p.relative_to(CORPUS)))
def test_no_structure_heading_is_a_task_in_the_corpus_pdfs(path: Path) -> None:
    assert structure_tasks(path) == []


def test_parenthesised_targets_that_open_with_a_figure_are_items_to_the_last() -> None:
    # a Youth Union cell's targets (fliphtml5.com/rmpvsl/ikmv): "(1) 100% ..." to "(4) 95% ...", the last one
    # confirmed by the one before it; a figure inside a sentence is no item
    text = "III. MỘT SỐ CHỈ TIÊU TRỌNG TÂM\n(1) 100% đoàn viên được học tập nghị quyết.\n"
    text += "(2) 100% đoàn viên tham gia tọa đàm.\n(3) 100% đoàn viên đủ điều kiện dự thi;\n"
    text += "(4) 95% đoàn viên tham gia các hoạt động.\nIV. GIẢI PHÁP\nTiếp tục đổi mới."
    assert labels(text) == ["(1)", "(2)", "(3)", "(4)"]
    assert labels("Chỉ tiêu:\n(1) 100% đoàn viên được học tập nghị quyết.") == []


def test_numbered_targets_that_open_with_a_figure_are_items() -> None:
    # corpus/gold/943 (Hội Nông dân Ninh Thuận): "1. 100% tổ chức Hội ... 2. Đẩy mạnh ... 12. ..."
    tasks = extracted(CORPUS / "gold" / "943.txt").tasks
    assert [t.label for t in tasks] == [f"{n}." for n in range(1, 13)]
    assert tasks[0].text.startswith("100% tổ chức Hội") and tasks[5].text.startswith("Phấn đấu 90% chi Hội")
    text = "Chỉ tiêu năm 2026:\n1. 2.500 hội viên mới\n2. 90% chi hội có quỹ\n3. Xây dựng mô hình"
    assert labels(text) == ["1.", "2.", "3."]
    # a figure after a label that nothing counts on from is a figure, not an item
    assert labels("Mục tiêu:\n1. 100% xã có trạm y tế\nđạt chuẩn quốc gia.") == []


def test_a_roman_one_typed_for_an_arabic_one_starts_the_list() -> None:
    # corpus/gold/970 (Hà Tĩnh): "II. MỤC TIÊU CỤ THỂ / I. Giám sát chặt chẽ ... / 2. Bảo đảm ..."
    assert [t.label for t in extracted(CORPUS / "gold" / "970.docx").tasks] == ["I.", "2."]
    # the skeleton's own "I." (upper case, no Roman numeral before it) stays a heading
    assert labels("I. MỤC TIÊU\nNhiệm vụ:\n1. Tuyên truyền\n2. Kiểm tra") == ["1.", "2."]


def test_a_roman_numeral_with_a_slash_is_a_roman_heading() -> None:
    # corpus/gold/3905 (a school's notice, Kiên Giang): "I/ Ngày tựu trường ..." over "1/ ..." "2/ ...", then
    # "II. Tổ chức Lễ Khai giảng": the notice's two parts, their "1/" "2/" points the subtasks of "I/"
    result = extracted(CORPUS / "gold" / "3905.docx")
    tree = [(t.label, t.parent) for t in result.tasks]
    assert tree == [("I/", None), ("1/", "I/"), ("2/", "I/"), ("II.", None)]
    # "I/ MỤC ĐÍCH, YÊU CẦU:" closes its section as "I. MỤC ĐÍCH, YÊU CẦU" does (3030, 3639)
    assert labels("I/ MỤC ĐÍCH, YÊU CẦU:\nUBND xã giao các công việc:\n1. Tuyên truyền\n2. Kiểm tra") == []


@pytest.mark.parametrize(
    "name,first",
    [
        ("513.txt", ("2.1.", "Giai đoạn 2021 - 2025")),  # Cà Mau: the first period heading of the goals
        ("710.txt", ("2.1.", "Giai đoạn 2018-2020:")),  # Lào Cai
        ("2607.docx", ("I.", "Giám sát chặt chẽ")),  # Hà Tĩnh: "II. MỤC TIÊU CỤ THỂ" / "I." typed for "1."
        ("3810.docx", ("2.", "Tuyên truyền Ngày Sách")),  # a school: "1. NỘI DUNG:" numbered with its item
    ],
)
def test_an_excerpt_that_breaks_off_after_a_first_item_keeps_it(name: str, first: tuple[str, str]) -> None:
    # the 2,000-character heads of gold: the item's list would be read had its second item survived
    tasks = [(t.label, t.text) for t in extracted(CORPUS / "gold" / name).tasks if t.level == 1]
    assert [(label, text[: len(first[1])]) for label, text in tasks] == [first]


def test_a_lone_period_heading_over_its_own_lettered_goals_is_their_heading() -> None:
    text = "II. MỤC TIÊU\n1. Mục tiêu cơ bản đến năm 2025\na) Về chuyển đổi số trong hoạt động của cơ quan"
    assert labels(text) == ["a)"]  # 1809: the goals under it are the tasks


def test_a_body_s_demand_introduces_its_list() -> None:
    # corpus/gold/957 (Phòng GD&ĐT Ba Đồn, Quảng Bình): "Phòng GD&ĐT yêu cầu:\n1. Các đơn vị ...\n2. ..."
    tasks = extracted(CORPUS / "gold" / "957.txt").tasks
    assert [(t.label, t.lead) for t in tasks] == [("1.", "Các đơn vị"), ("2.", None)]
    # a heading "2. Yêu cầu:" of "I. MỤC ĐÍCH, YÊU CẦU" does not introduce a task list
    assert labels("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích: ...\n2. Yêu cầu:\na) Bảo đảm\nb) Kịp thời") == []


def test_a_heading_between_a_trigger_and_a_list_speaks_for_the_list() -> None:
    # corpus/gold/951 (Bộ GD&ĐT): "... một số nội dung sau:\nI. Lịch thi và Kế hoạch ...\n1. Lịch thi:"
    assert extracted(CORPUS / "gold" / "951.pdf").tasks == ()
    text = "hướng dẫn một số nội dung sau:\nI. Lịch thi\n1. Ngày thi\n2. Môn thi\n"
    text += "II. NHIỆM VỤ\n1. Ra đề\n2. In sao"
    assert labels(text) == ["1.", "2."]


def test_a_report_s_situation_heading_is_not_a_task() -> None:
    # corpus/gold/954 (Nga Sơn, Thanh Hóa), a report: "QUÁ TRÌNH THỰC HIỆN CÁC MỤC TIÊU / 1. Đặc điểm ..."
    assert extracted(CORPUS / "gold" / "954.txt").tasks == ()
    assert is_structure("Đặc điểm tình hình") and is_structure("Kết quả")


@pytest.mark.parametrize(
    "intro",
    ["Các nội dung chính:", "Một số hoạt động cụ thể như sau:", "Những việc cần làm:", "Các hoạt động sau:"],
)
def test_a_sentence_naming_the_plan_s_content_introduces_its_list(intro: str) -> None:
    assert labels(f"{intro}\n1. Tuyên truyền\n2. Kiểm tra") == ["1.", "2."]
    assert labels("Ghi chú:\n1. Tuyên truyền\n2. Kiểm tra") == []


def test_a_capitalised_content_heading_without_its_numeral_introduces_its_list() -> None:
    assert labels("NỘI DUNG\n1. Tuyên truyền\n2. Kiểm tra") == ["1.", "2."]
    assert labels("CÁC HOẠT ĐỘNG CHÍNH:\n1. Tuyên truyền\n2. Kiểm tra") == ["1.", "2."]
    # the words in a sentence, or the heading of the content's own fields, do not
    assert labels("Nội dung của buổi làm việc\n1. Tuyên truyền\n2. Kiểm tra") == []
    assert labels("NỘI DUNG\n1. Nội dung tuyên truyền\n2. Hình thức tuyên truyền") == []


def test_a_short_heading_over_bullets_is_the_item_s_text() -> None:
    # corpus/gold/803 (Hải Dương) "2.4. Nguồn lực / - Khuyến khích ...", 800 "2. Thể chế số / - Tổ chức ..."
    subs = {t.label: t.text for t in extracted(CORPUS / "gold" / "803.docx").tasks if t.level == 2}
    assert subs["2.4."] == "Nguồn lực"
    tasks = find_tasks("Mục tiêu:\n1. Kinh tế\n- Tăng trưởng 7%\n2. Xã hội\n- Giảm nghèo", load_rules())
    assert [t.text for t in tasks] == ["Kinh tế", "Xã hội"]
    # a sentence over its bullets keeps them
    tasks = find_tasks(
        "Nhiệm vụ:\n1. Tuyên truyền về cải cách hành chính.\n- Hội nghị\n2. Kiểm tra", load_rules()
    )
    assert tasks[0].text == "Tuyên truyền về cải cách hành chính.\n- Hội nghị"


# Session 11 (#18, first contact): lists under the title, run-on numbering, inline lists.


@pytest.mark.parametrize(
    "name,first,count",
    [
        ("1453.pdf", "Tổng vệ sinh thư viện", 8),  # a school library's monthly plan: the list under the title
        ("1303.docx", "Tổ chức sơ kết tháng 11", 4),  # a Liên đội's plan: title, month, "Chủ đề:", the list
        ("1450.txt", "Sinh hoạt chủ điểm", 2),  # "1/ ... 2/ ...", under a title and "+" lines
    ],
)
def test_a_list_right_under_the_plan_s_title_is_its_tasks(name: str, first: str, count: int) -> None:
    tasks = [t for t in extracted(CORPUS / "gold" / name).tasks if t.level == 1]
    assert len(tasks) == count
    assert tasks[0].text.startswith(first)


def test_a_list_under_the_title_is_not_the_plan_s_outline() -> None:
    text = (
        "KẾ HOẠCH HOẠT ĐỘNG LIÊN ĐỘI THÁNG 12\n1. Tư tưởng: CHÀO MỪNG NGÀY THÀNH LẬP QUÂN ĐỘI\n"
        "2. Nội dung hoạt động:\n- Kiểm tra nề nếp."
    )
    assert labels(text) == []  # 1454: the fields of the month's plan
    text = "KẾ HOẠCH\nHội nghị\nThành phần tham dự:\n1. Đồng chí Chủ tịch UBND xã.\n2. Đồng chí Phó Chủ tịch."
    assert labels(text) == []  # a line ending ":" introduces another list
    assert labels(text) == []


def test_a_heading_numbered_on_with_its_items_is_no_item() -> None:
    tasks = [t for t in extracted(CORPUS / "gold" / "1309.txt").tasks if t.level == 1]
    assert [t.label for t in tasks] == ["2.", "3.", "4."]  # "1. TRỌNG TÂM CÔNG TÁC" heads them


def test_an_inline_list_its_own_sentence_introduces() -> None:
    tasks = extracted(CORPUS / "gold" / "1355.txt").tasks
    assert [t.label for t in tasks] == ["(1)", "(2)"]  # "Mục tiêu là: (1) ...; (2) ..."; not "bao gồm: (1)"


def test_the_time_closing_a_list_dates_its_items() -> None:
    tasks = extracted(CORPUS / "gold" / "1368.txt").tasks
    assert [t.due.by if t.due else None for t in tasks if t.level == 1] == ["2024-09-05"] * 3


def test_an_annex_table_s_lettered_groups_are_tasks() -> None:
    tasks = extracted(CORPUS / "gold" / "1324.docx").tasks  # QĐ 419/QĐ-TTg: "a) | Nhóm ..." over "-" rows
    table = [t for t in tasks if t.rule == "assignments.table_row"]
    assert [t.label for t in table] == ["a)", "b)", "c)"]
    assert table[0].text.startswith("Nhóm hoạt động nhằm hạn chế mất rừng")


def test_a_heading_over_a_long_introducing_sentence_introduces_the_list() -> None:
    # corpus/gold/1921 (QĐ 773/QĐ-TTg): "1. Nhiệm vụ" / a 400-character sentence ending "... sau đây:" /
    # "a) ..."
    found = [t for t in extracted(CORPUS / "gold" / "1921.pdf").tasks if t.level == 1]
    assert [t.label for t in found] == [f"{c})" for c in "abcdđeg" + "abcdđeghik"]
    assert found[0].text.startswith("Rà soát, hoàn thiện")
    assert (
        found[5].due is not None and found[5].due.by == "2020"
    )  # "Đ ế n năm 2020", letters split by the PDF


def test_a_heading_over_a_sentence_that_names_no_tasks_stays_no_list() -> None:
    sentence = "Nhà nước giữ vai trò chủ đạo, " * 12 + "cụ thể như sau:"
    assert (
        labels(
            f"I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n{sentence}\na) Quán triệt Chỉ thị.\nb) Nâng cao nhận thức."
        )
        == []
    )


def test_a_first_sub_label_glued_to_its_heading_and_shared_assignment_lines() -> None:
    # corpus/gold/1922 (Kon Tum): "... tiến bộ 1.1." / "Tổ chức nghiên cứu ...", "đình công 3.1. Rà soát ...";
    # 3.1-3.4 then one "- Cơ quan thực hiện: ..." / "- Thời gian thực hiện: ..." block for all four
    tasks = extracted(CORPUS / "gold" / "1922.docx").tasks
    subs = [t for t in tasks if t.level == 2]
    assert [t.label for t in subs if t.parent == "1."] == ["1.1.", "1.2.", "1.3.", "1.4."]
    assert [t.label for t in subs if t.parent == "3."] == ["3.1.", "3.2.", "3.3.", "3.4."]
    three = [t for t in subs if t.parent == "3."]
    assert {t.lead for t in three} == {"Sở Lao động - Thương binh và Xã hội"}
    assert {t.due.recurring if t.due else None for t in three} == {"continuous"}


def test_steps_of_a_procedure_take_the_body_their_sentence_opens_with() -> None:
    # corpus/gold/1920 (TP. Hồ Chí Minh): "2.1. Bước 1:" over "2.1.a. ..." is a heading; "2.4. Bước 4: ..." /
    # "Trên cơ sở đề nghị của ..., Sở Xây dựng chủ trì, ..."
    subs = {t.label: t for t in extracted(CORPUS / "gold" / "1920.docx").tasks if t.parent == "2."}
    assert subs["2.1."].text == "Bước 1:"
    assert [subs[k].lead for k in ("2.3.", "2.4.", "2.5.")] == [
        "Ủy ban nhân dân quận, huyện",
        "Sở Xây dựng",
        "Sở Tài chính",
    ]


@pytest.mark.parametrize("name", ["2072.txt", "2151.txt"])
def test_a_notice_s_numbered_charges_are_its_tasks(name: str) -> None:
    # corpus/gold/2072 (UBND phường Cự Khối, Hà Nội): "... Ủy ban nhân dân phường Cự Khối thông báo:" over
    # "1. UBND phường phát động ..."; 2151 (VP UBND tỉnh): "... thông báo lịch tiếp công dân ... như sau:"
    found = [t for t in extracted(CORPUS / "gold" / name).tasks if t.level == 1]
    assert [t.label for t in found] == ["1.", "2.", "3."]


def test_a_part_heading_over_a_paragraph_introduces_its_list() -> None:
    # corpus/gold/2100 (MTTQ xã): "II. NỘI DUNG, TIẾN ĐỘ, PHÂN CÔNG TRÁCH NHIỆM THỰC HIỆN" / a paragraph that
    # ends in "." / "1. Xây dựng, ban hành ..." ... "7. Tổng kết ..."; the bodies under "III. TỔ CHỨC THỰC
    # HIỆN" are none
    tasks = extracted(CORPUS / "gold" / "2100.docx").tasks
    top = [t for t in tasks if t.level == 1]
    assert [t.label for t in top] == [f"{n}." for n in range(1, 8)]
    assert top[0].text.startswith("Xây dựng, ban hành các văn bản")
    assert {t.parent for t in tasks if t.level == 2} == {f"{n}." for n in range(1, 8)}


def test_a_goal_heading_run_on_to_its_line_is_the_outline() -> None:
    # corpus/gold/2004 (OCR): "1. Mục tiêu tổng quát: Thực hiện ..." / "2. Mục tiêu, chỉ tiêu cụ thé" /
    # "a) Về ..."
    top = [t for t in extracted(CORPUS / "gold" / "2004.txt").tasks if t.level == 1]
    assert [t.label for t in top][:5] == ["a)", "b)", "c)", "d)", "đ)"]
    assert not any(t.text.startswith("Mục tiêu") for t in top)


def test_a_list_the_page_numbered_again_after_a_paragraph_goes_on() -> None:
    # corpus/gold/2301 (UBND phường, An Giang): "2. Trưởng các khóm ..." / "Thường xuyên kiểm tra ..." / "1.
    # Giao Công chức ..."; 2409 (HĐND huyện Na Rì): a "1." between "1." and "2." after a paragraph
    notice = [t for t in extracted(CORPUS / "gold" / "2301.docx").tasks if t.level == 1]
    assert [t.label for t in notice] == ["1.", "2.", "1.", "2."]
    assert notice[2].lead == "Công chức Văn hóa-Xã hội"
    schedule = [t.text[:25] for t in extracted(CORPUS / "gold" / "2409.txt").tasks]
    assert schedule == ["Chủ tịch HĐND huyện tiếp ", "Thời gian công dân đăng k", "UBND các xã, thị trấn có "]
    # a Quyết định's "Điều 2. Giao Giám đốc Sở ..." over its own "1." is no paragraph of its list (2000)
    assert [t.label for t in extracted(CORPUS / "gold" / "2000.docx").tasks][-1] == "9."


@pytest.mark.parametrize(
    "name,first,count",
    [
        ("2308.txt", "Cơ quan, đơn vị trường học", 2),  # Sở GD&ĐT: "... đề nghị Thủ trưởng đơn vị thực hiện:"
        ("2608.pdf", "Giám đốc Sở Y tế", 3),  # Cục QLKCB: "... thực hiện tốt những nội dung sau đây:"
        ("2681.docx", "Cán bộ, công chức", 4),  # UBND xã: "thông báo ... và phân công trực ... như sau:"
        ("2310.pdf", "Cán bộ, viên chức", 3),  # a notice's body stored alone: the list opens the text
    ],
)
def test_a_letter_s_request_and_a_notice_s_body_list_its_charges(name: str, first: str, count: int) -> None:
    tasks = [t for t in extracted(CORPUS / "gold" / name).tasks if t.level == 1]
    assert len(tasks) == count
    assert tasks[0].text.startswith(first)


def test_a_list_opening_the_text_in_capitals_is_no_task_list() -> None:
    assert labels("1. UBND TỈNH NINH THUẬN\n2. SỞ TÀI CHÍNH") == []  # 950: addressees, not charges
    assert labels("1. Tăng cường tuyên truyền.\n2. Kiểm tra, giám sát việc thực hiện.") == ["1.", "2."]


def test_a_basic_goals_heading_carries_its_list() -> None:
    # corpus/gold/1809 (UBND xã Tịnh Trà, Quảng Ngãi): "1. Mục tiêu cơ bản đến năm 2025" over "a) ..." is a
    # category heading carrying its list (REVIEW.md 6)
    assert [t.label for t in extracted(CORPUS / "gold" / "1809.pdf").tasks if t.level == 1] == ["a)"]


def test_a_notice_by_a_body_whose_name_ends_in_a_number_announces_its_charges() -> None:
    # corpus/gold/2864 (UBND Phường 1, quận Tân Bình): "Ủy ban nhân dân Phường 1 thông báo việc treo cờ ...
    # như sau:"
    top = [t.label for t in extracted(CORPUS / "gold" / "2864.docx").tasks if t.level == 1]
    assert top == ["1.", "2.", "3.", "4.", "5."]


def test_a_list_under_a_heading_of_results_or_purposes_is_no_task_list() -> None:
    # corpus/gold/1937 (UBND huyện Giồng Trôm, Bến Tre): "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ" over "1. Về lĩnh
    # vực lao động ..."; 2043 (Lào Cai): "Kết quả triển khai thực hiện Chương trình mục tiêu quốc gia ..."
    # over "1. Công tác chỉ đạo, điều hành"; 3130 (Ban Thường trực UBTW MTTQ): "... năm 2015.I. MỤC ĐÍCH,
    # YÊU CẦU" run on to the sentence under the plan's title, over its four purposes
    for name in ("1937.docx", "2043.docx", "3130.pdf"):
        assert [t.label for t in extracted(CORPUS / "gold" / name).tasks if t.level == 1] == [], name


def test_a_guide_to_organising_a_congress_announces_no_charges() -> None:
    # corpus/gold/2641 (Hội Cựu chiến binh thành phố): "... hướng dẫn việc tổ chức Đại hội ... như sau:" over
    # "I. NỘI DUNG VÀ CÔNG TÁC CHUẨN BỊ ĐẠI HỘI."; 1057 (Hội LHTN Hưng Yên): "... hướng dẫn việc triển khai tổ
    # chức Đại hội ... như sau:" over "I. VỀ TÊN GỌI CỦA ĐẠI HỘI HỘI CÁC CẤP:": its Roman parts are its rules
    for name in ("2641", "1057"):
        path = next(p for p in (CORPUS / "gold").glob(f"{name}.*") if p.suffix not in (".json", ".yml"))
        assert not [t for t in extracted(path).tasks if t.level == 1 and t.rule == "tasks.roman"], name


def test_parenthesised_points_inside_a_sub_item_do_not_end_its_list() -> None:
    # corpus/gold/2100 (Ủy ban MTTQ xã): "2.1. Chuẩn bị các văn bản ..." / "(1) Tổ chức hiệp thương lần thứ
    # nhất ..." / "(3) ..." / "2.2. Tổ chức Hội nghị tiếp xúc cử tri ..." / "2.3. Theo dõi, tổng hợp ..."
    subs = [t.label for t in extracted(CORPUS / "gold" / "2100.docx").tasks if t.parent == "2."]
    assert subs == ["2.1.", "2.2.", "2.3."]
    # a "(1)" that no item of the list follows still ends it
    text = "Nhiệm vụ:\n1. Tuyên truyền\n1.1. Hội nghị\n(1) Cấp tỉnh\n(2) Cấp huyện\n2. Kiểm tra"
    assert subtasks(text) == [("1.", "1.1.")]


@pytest.mark.parametrize(
    "name,labels_,lead",
    [
        ("3243.txt", ["1.", "2."], "Liên minh HTX các tỉnh"),  # "Đề nghị Liên minh HTX ... cụ thể như sau:"
        ("3535.docx", ["1/", "2/"], None),  # a Party bulletin, Kon Tum: "Trong đó, cần tập trung:"
    ],
)
def test_items_that_each_open_with_a_verb_of_work_are_the_sentence_s_charges(
    name: str, labels_: list[str], lead: str | None
) -> None:
    tasks = [t for t in extracted(CORPUS / "gold" / name).tasks if t.level == 1]
    assert [t.label for t in tasks] == labels_
    assert all((t.lead or "").startswith(lead or "") for t in tasks)


def test_verb_led_items_under_a_report_or_a_heading_stay_no_list() -> None:
    assert labels("Trong năm, nhà trường đã thực hiện:\n1. Tổ chức tập huấn.\n2. Kiểm tra nề nếp.") == []
    assert labels("Kết quả đạt được:\n1. Tăng cường tuyên truyền.\n2. Kiểm tra, giám sát.") == []
    members = "Thành phần tham dự hội nghị gồm có:\n1. Tổ chức, cá nhân kinh doanh.\n2. Tổ chức Đảng các cấp."
    assert labels(members) == []
    assert labels("Ghi chú:\n1. Tuyên truyền.\n2. Kiểm tra.") == []  # a short heading, not a sentence


@pytest.mark.parametrize("name", ["1856.txt", "3643.txt"])
def test_a_list_of_work_done_is_no_task_list(name: str) -> None:
    # a sentence that reports work done introduces what was done, whatever task words it names:
    # 1856 (Sở GD&ĐT Bắc Giang, news) "... đã tổ chức triển khai thực hiện tốt 4 nhóm nhiệm vụ: (1) ...",
    # 3643 (Công đoàn THCS Trần Cao Vân, Huế) "... đã hoàn thành tốt nhiệm vụ năm học, ... và đạt được những
    # kết quả sau:" over "1. Chăm lo đời sống ..." and its "1.1 Công đoàn đã tổ chức ..." (`reported`)
    assert extracted(CORPUS / "gold" / name).tasks == ()
    text = "Trên cơ sở kết quả đã thực hiện, Ủy ban nhân dân xã đề ra các nhiệm vụ sau:\n"
    assert labels(text + "1. Tăng cường tuyên truyền.\n2. Kiểm tra, giám sát.") == ["1.", "2."]


@pytest.mark.parametrize(
    "name,labels_",
    [
        (
            "3902.txt",
            ["1.", "2.", "3.", "4."],
        ),  # a school's notice: "... nhà trường đề nghị: ..." / "Trân trọng!"
        ("3903.pdf", ["1.", "2."]),  # Trường THPT Võ Giữ (Bình Định): "... thực hiện Thông báo này./."
        ("3904.txt", ["1)", "2)"]),  # a school's notice (Hà Nội): "BGH quyết định:" / "Trân trọng thông báo!"
    ],
)
def test_a_notice_s_body_closed_by_its_closing_line_lists_its_charges(name: str, labels_: list[str]) -> None:
    assert [t.label for t in extracted(CORPUS / "gold" / name).tasks if t.level == 1] == labels_


def test_a_list_closed_by_the_closing_line_stays_no_task_list_when_it_reports_or_names() -> None:
    closing = "\nTrân trọng./."
    reply = "UBND phường xin thông báo kết quả xử lý như sau:\n"
    reply += "1. Đối với việc lấn chiếm sân chung, phường đã nhắc nhở."
    assert labels(reply + "\n2. Việc tạm dừng sản xuất của cơ sở đã được kiểm tra lại." + closing) == []
    assert labels("Gồm các tập thể:\n1. Văn phòng Huyện ủy.\n2. Văn phòng HĐND." + closing) == []  # names
    body = "Nhà trường thông báo.\n1. Học sinh nghỉ học từ sáng ngày mai.\n"
    body += "2. Giáo viên trực tại trường theo lịch.\n"
    assert (
        labels(body + "Nội dung khác của trang web.\nTin liên quan\nBài viết mới\n" + closing) == []
    )  # too far


@pytest.mark.parametrize(
    "name,heads",
    [
        ("1701.pdf", ["1. Mục tiêu đến năm 2015", "2. Mục tiêu đến năm 2020"]),  # Hà Nội, under "I. MỤC TIÊU"
        ("2003.txt", ["a) Mục tiêu cụ thể đến năm 2030", "c) Tầm nhìn đến năm 2050"]),  # Thủ tướng, Công báo
    ],
)
def test_goal_headings_that_partition_by_period_are_tasks(name: str, heads: list[str]) -> None:
    # REVIEW.md T31: each heading names its own period; 2003's "a)" stands under a page header (unchromed)
    tasks = {f"{t.label} {t.text.split(chr(10))[0]}" for t in extracted(CORPUS / "gold" / name).tasks}
    assert set(heads) <= tasks


def test_goal_headings_of_one_period_or_none_stay_the_outline() -> None:
    text = "II. MỤC TIÊU\n1. Mục tiêu chung\nNâng cao chất lượng.\n2. Mục tiêu cụ thể\n"
    text += "a) Giảm tỷ lệ hộ nghèo.\nb) Tăng thu nhập."
    assert labels(text) == ["a)", "b)"]


def test_an_item_giving_the_time_or_place_of_its_siblings_is_no_task() -> None:
    # REVIEW.md T22: corpus/gold/2375 (TP Thanh Hóa) "2/ Thời gian treo cờ tổ quốc: Từ ngày 30/4/2025 ...";
    # 2413 (Cao Bằng) "1. Địa điểm tiếp công dân: Tại phòng họp ..."; 3942 (Tây Ninh) "2. Thời gian lấy ý kiến
    # Dự thảo: Từ ngày ..." / "3. Địa điểm tiếp nhận ý kiến đóng góp:"
    for name, kept in (("2375.txt", ["1/"]), ("2413.txt", ["2."]), ("3942.txt", ["1."])):
        assert [t.label for t in extracted(CORPUS / "gold" / name).tasks if t.level == 1] == kept, name
    # 2409: "1. Thời gian công dân đăng ký: Trước ngày 15 và 25 hàng tháng" sets a deadline: a step, a task
    texts = " ".join(t.text for t in extracted(CORPUS / "gold" / "2409.txt").tasks)
    assert "Thời gian công dân đăng ký" in texts


def test_one_charge_where_the_text_breaks_off_is_a_task() -> None:
    # corpus/gold/4100 (Sở GDĐT Bà Rịa - Vũng Tàu): "... với những nội dung sau:" / "I. Tiếp tục quán triệt,
    # thực hiện các văn bản chỉ đạo" and the excerpt ends; 2603 (a Phòng GDĐT): "... đề nghị Hiệu trưởng ...
    # thực hiện các nội dung sau:" / "I. Kiểm tra lại hồ sơ ...": the one item opens with the work (directed)
    for name in ("4100.txt", "2603.txt"):
        assert [t.label for t in extracted(CORPUS / "gold" / name).tasks if t.level == 1] == ["I."], name
    # a one-item list the text goes on after is no list
    text = "Đề nghị các đơn vị thực hiện các nội dung sau:\nI. Tiếp tục quán triệt.\n" + "Văn bản. " * 300
    assert labels(text) == []


def test_a_lone_part_the_text_breaks_off_after_is_the_outline() -> None:
    # an excerpt's one Roman part under "... như sau:" that holds no list and names no work is a heading of
    # the document: corpus/gold/4301 (a school, Hưng Yên) "I. GIỚI THIỆU NHÀ TRƯỜNG" over a paragraph, 4330
    # (Ban Thường vụ Tỉnh ủy Lào Cai) "I. Về hiện trạng huyện Sa Pa", 4334 (Bệnh viện Từ Dũ) "I. NHU CẦU XÉT
    # TUYỂN VIÊN CHỨC NĂM 2018" over a table
    # a lone part letter is a part of the document, whatever it holds: 4044 "A. NHỮNG THÔNG TIN CƠ BẢN" / "I.
    # Đặc điểm tình hình"; 1654 "A. TRUYỀN THÔNG NHỮNG CHỦ TRƯƠNG ..." / "1. Công điện số ..."
    for name in ("4301.docx", "4330.txt", "4334.txt", "4044.txt", "1654.docx"):
        assert extracted(CORPUS / "gold" / name).tasks == (), name
    # a lone part that holds its own list stays a task (3702 "I. TỔ CHỨC ÔN THI" / "1. Tăng cường ...")
    assert [t.label for t in extracted(CORPUS / "gold" / "3702.docx").tasks if t.level == 1] == ["I."]
    intro = "Ủy ban nhân dân huyện thông báo kết luận của đồng chí Chủ tịch như sau:\n"
    assert labels(intro + "I. VỀ CÔNG TÁC CHUẨN BỊ\nNăm qua huyện có nhiều cố gắng.") == []
    listed = "I. VỀ CÔNG TÁC CHUẨN BỊ\n1. Giao Phòng Văn hóa tổ chức.\n2. Giao Công an bảo vệ."
    assert labels(intro + listed) == ["I."]


def test_a_list_run_together_on_one_line_is_split_into_its_items() -> None:
    # 1456 (123docz.net): a page that kept no line breaks
    text = (
        "PHƯƠNG HƯỚNG HOẠT ĐỘNG - Chi Đoàn giáo viên đề ra phương hướng nhiệm vụ cho năm học 2010 – 2011 "
        "như sau: 1. Thực hiện hiệu quả nâng cao tinh thần chính trị - xã hội: - Tích cực hưởng ứng cuộc vận "
        "động. 2. Phong trào “5 xung kích phát triển kinh tế - xã hội”: - Đăng ký sáng kiến."
    )
    assert labels(text) == ["1.", "2."]


def test_a_label_glued_to_the_sentence_before_goes_on_with_its_list() -> None:
    # 3901 (pgdtanhong.edu.vn): "...thực hiện;3. Thường xuyên ..." between a line's "2." and "4."
    text = (
        "Sở Giáo dục và Đào tạo yêu cầu các đơn vị thực hiện các nội dung sau:\n"
        "1. Các cơ sở giáo dục cho học sinh nghỉ học;\n"
        "2. Trưởng Phòng Giáo dục thông tin nội dung này đến cán bộ, giáo viên biết, thực hiện;3. Thường "
        "xuyên theo dõi diễn biến của bão;\n"
        "4. Phân công Lãnh đạo trực tại đơn vị."
    )
    assert labels(text) == ["1.", "2.", "3.", "4."]


def test_inline_parts_of_a_goals_list_keep_their_points() -> None:
    # 1008 (baothanhhoa.vn): a Roman part and its points run together under a heading in capitals
    text = (
        "CÁC CHỈ TIÊU CHỦ YẾU TRONG NHIỆM KỲ 2020-2025 I. Về kinh tế (11 chỉ tiêu) 1. Tốc độ tăng giá trị "
        "sản xuất đạt 16%. 2. Thu nhập bình quân đầu người 60 triệu đồng. II. Về văn hóa - xã hội (10 chỉ "
        "tiêu) 3. Tốc độ tăng dân số dưới 1%."
    )
    found = find_tasks(text, load_rules())
    assert [(t.label, t.parent) for t in found] == [("I.", None), ("1.", "I."), ("2.", "I."), ("II.", None)]


@pytest.mark.parametrize(
    "text",
    [
        # a structural heading run together with its points: not the task list
        "Kế hoạch với những nội dung cụ thể sau: I. MỤC ĐÍCH, YÊU CẦU: 1. Mục đích: - Giáo dục học sinh. "
        "2. Yêu cầu: - Hoạt động đúng mục đích.",
        # numbers cited in a sentence, no run announced
        "Thực hiện Nghị quyết số 1. Nghị quyết số 2. Tổ chức quán triệt nhiệm vụ năm 2025.",
        "Nhiệm vụ theo khoản 1. Điều 2 và khoản 2. Điều 3 của Quyết định.",
        # an inline "1." with no "2." after it
        "Các nhiệm vụ trọng tâm như sau: 1. Tăng cường tuyên truyền trong toàn trường.",
    ],
)
def test_numbers_inside_a_line_are_no_list_unless_a_run_is_announced(text: str) -> None:
    assert labels(text) == []


def test_an_items_own_sentence_number_is_no_item_when_the_page_numbers_the_next_line() -> None:
    text = (
        "Nhiệm vụ, giải pháp:\n1. Tăng cường tuyên truyền đạt 100%. 2. Kiện toàn bộ máy.\n"
        "2. Kiểm tra, giám sát."
    )
    found = [t for t in find_tasks(text, load_rules()) if t.level == 1]
    assert [t.label for t in found] == ["1.", "2."]
    assert found[1].text.startswith("Kiểm tra")


# A flattened plan (extract/outline.py): a crawl of thuvienphapluat.vn ran its lines together (corpus/fresh/
# 5400 Yên Bái, 5402 Tuyên Quang, 5403 Lạng Sơn, 5431 Tuyên Quang). Its outline is read as if each label
# opened its line.
FLAT = (
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch bảo đảm trật tự an toàn giao\nthông năm 2020 cụ thể như "
    "sau: I. MỤC ĐÍCH, YÊU CẦU 1. Mục đích 1.1. Tăng cường các biện pháp bảo đảm trật tự an toàn\n"
    "giao thông. 1.2. Đẩy mạnh công tác tuyên truyền. 2. Yêu cầu 2.1. Triển khai thực hiện quyết liệt,\n"
    "đồng bộ các giải pháp. 2.2. Gắn trách nhiệm của thủ trưởng cơ quan, đơn vị. II. NHIỆM VỤ TRỌNG\n"
    "TÂM NĂM 2020 1. Tập trung xây dựng và triển khai kế\nhoạch năm 2020. 2. Đổi mới phương thức tổ "
    "chức tuyên truyền. 3. Nâng cao hiệu lực thực thi pháp luật\nvề trật tự an toàn giao thông. III. TỔ "
    "CHỨC THỰC HIỆN 1. Công an tỉnh chủ trì. 2. Sở Giao thông vận tải phối hợp."
)


def test_a_flattened_plans_task_list_is_read_under_its_heading() -> None:
    found = find_tasks(FLAT, load_rules())
    assert [(t.label, t.text.split()[0]) for t in found if t.level == 1] == [
        ("1.", "Tập"),
        ("2.", "Đổi"),
        ("3.", "Nâng"),
    ]


def test_a_flattened_plans_items_point_at_its_own_text() -> None:
    found = find_tasks(FLAT, load_rules())
    assert found and all(FLAT[t.start : t.end] == t.text for t in found)
    assert {t.rule for t in found} == {"tasks.flat_item"}


def test_laying_out_a_flattened_outline_changes_only_whitespace() -> None:
    laid_out = outline.unflattened(FLAT, load_rules())
    assert len(laid_out) == len(FLAT)
    assert all(a == b or (a.isspace() and b.isspace()) for a, b in zip(FLAT, laid_out, strict=True))
    assert "\nII. NHIỆM VỤ TRỌNG TÂM NĂM 2020\n1. Tập trung" in laid_out


@pytest.mark.parametrize(
    "text",
    [
        # a number cited inside a sentence is no item, even counted on ("khoản 1. Điều 2")
        "Thực hiện theo khoản 1. Điều 2 và khoản 2. Điều 3 của Luật Giao thông đường bộ.",
        # one part alone, with no neighbour written the same way, is not an outline
        "Tăng cường công tác tuyên truyền II. NHIỆM VỤ 1. Tổ chức hội nghị.",
    ],
)
def test_a_text_with_no_flattened_outline_is_left_as_it_is(text: str) -> None:
    assert outline.unflattened(text, load_rules()) is text
