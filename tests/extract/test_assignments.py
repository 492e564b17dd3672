"""What a plan assigns (GOLD_FORMAT.md "Version 2"): lead, partners and deadline of each task, from the item's
own words, the sentence that introduces its list, its fields, and the rows of assignment tables."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kehoach.extract.assignments import agency_name, cell_due, item_assignment, successor
from kehoach.extract.tables import column_of, find_table_tasks
from kehoach.extract.tasks import find_tasks
from kehoach.ingest import pdf
from kehoach.records import Extraction
from kehoach.rules import RuleSet
from kehoach.run import run, run_bytes
from tests.extract.conftest import CORPUS, extracted


@pytest.mark.parametrize(
    "text,lead,partners",
    [
        (
            "Sở Y tế chủ trì, phối hợp với Sở Tài chính, UBND các huyện triển khai.",
            "Sở Y tế",
            ["Sở Tài chính", "UBND các huyện"],
        ),
        ("Tổ chức tập huấn (Giao Công an tỉnh thực hiện).", "Công an tỉnh", []),
        (
            "Cải cách.\n- Cơ quan chủ trì: Sở Nội vụ.\n- Cơ quan phối hợp: Sở Tư pháp; Văn phòng UBND tỉnh.",
            "Sở Nội vụ",
            ["Sở Tư pháp", "Văn phòng UBND tỉnh"],
        ),
        (
            "Các đơn vị, địa phương tham mưu, triển khai thực hiện",
            "Các đơn vị, địa phương",
            [],
        ),  # corpus/gold/606 3.
        ("Tăng cường công tác tuyên truyền về cải cách hành chính.", None, []),
        ("Ban hành và tổ chức thực hiện Kế hoạch rà soát.", None, []),  # "Ban hành" is no body
        # corpus/gold/809 7.: one bullet charges a body, the others none -> it leads the item (REVIEW.md T4)
        (
            "Giám sát\n- Sở Y tế chủ trì kiểm tra, đôn đốc.\n- Các Trung tâm y tế báo cáo hằng ngày.",
            "Sở Y tế",
            [],
        ),
        ("Giám sát\n- Sở Y tế chủ trì kiểm tra.\n- Sở Nội vụ chủ trì thi đua.", None, []),  # two bodies: none
    ],
)
def test_lead_and_partners_from_the_items_own_words(
    text: str, lead: str | None, partners: list[str], rules: RuleSet
) -> None:
    found = item_assignment(text, rules)
    assert (found.lead, list(found.partners)) == (lead, partners)


@pytest.mark.parametrize(
    "text,by,recurring",
    [
        ("Thời gian thực hiện: Quý II/2025.", "2025-Q2", None),
        ("Hoàn thành trước ngày 30/6/2025.", "2025-06-30", None),
        ("Thời hạn hoàn thành: Tháng 10/2023", "2023-10", None),
        ("Thời gian thực hiện: hằng năm.", None, "yearly"),
        (
            "Thời gian thực hiện: Từ năm 2013 đến năm 2020 và tiếp theo.",
            "2020",
            None,
        ),  # "từ" starts, not ends
        (
            "Xây dựng Kế hoạch triển khai Tháng hành động vì trẻ em năm 2018",
            None,
            None,
        ),  # a year naming a thing
        # corpus/gold/811: a parenthesis of times closing the item's sentence
        ("Phát huy sức mạnh của các lực lượng (Quý IV/2013, Quý I/2014 và thường xuyên).\n", "2014-Q1", None),
        (
            "Bổ sung phương tiện cho các Đội quy tập (năm 2013 và kiện toàn thường xuyên hàng năm).",
            "2013",
            None,
        ),
        (
            "Tổng kết thi đua của thành phố (năm 2019) và phát động thi đua năm 2020",
            None,
            None,
        ),  # mid-sentence
        ("Thời gian thực hiện: Quý LII năm 2020", "2020-Q3", None),  # corpus/gold/801: OCR read III as LII
        ("Tổ chức số hóa hồ sơ thủ tục hành chính trước tháng 9/2023", "2023-09", None),  # 800 PL1 III.3
        ("Kiểm tra trước tháng Tết", None, None),
        # an indicator measured each year (932 Pleiku, 933 Kbang, Gia Lai), not a yearly budget (810)
        ("Thu ngân sách Nhà nước theo phân cấp tăng 5% hàng năm.", None, "yearly"),
        ("Tổng diện tích gieo trồng hằng năm: 3.830 ha. (trong đó: Lúa nước 40 ha", None, "yearly"),
        ("Căn cứ vào khả năng cân đối ngân sách hàng năm, phối hợp với Sở Y tế", None, None),
        ("Tiến độ thực hiện: Quý III/2025.", "2025-Q3", None),
        ("Rà soát, hoàn thành trước 30/6/2025.", "2025-06-30", None),
        ("Tổng kết, báo cáo vào cuối năm 2025.", "2025", None),
        ("Kiểm tra cuối kỳ, trước khi nghỉ hè", None, None),
        # generalization review (s9-18r), real phrases: a baseline or a reported state is no deadline
        ("Cuối năm 2023, toàn tỉnh còn 9.604 hộ nghèo, chiếm tỷ lệ 3,14%", None, None),  # baocamau.vn, Cà Mau
        ("tỷ lệ hộ nghèo toàn quốc vào cuối năm 2014 còn khoảng 5,8-6%", None, None),  # cand.com.vn
        ("Phấn đấu giảm 1,5% tỷ lệ hộ nghèo so với cuối năm 2024", None, None),
        ("triển khai nhiệm vụ trọng tâm từ nay đến cuối năm 2025", "2025", None),  # Nghị quyết 86/NQ-CP
        # an indicator averaged each year (Như Xuân, Thanh Hóa; baothanhhoa.vn, dang-bo-huyen-nhu-xuan-...)
        ("Tổng sản lượng lương thực bình quân hàng năm: 25.000 tấn.", None, "yearly"),
        ("Tỷ lệ tăng thu ngân sách bình quân hàng năm: 12%.", None, "yearly"),
        # the year a goal's figure is due (971 Thừa Thiên Huế), the latest one
        ("Tỷ lệ cặp nam, nữ thanh niên được tư vấn đạt 70% năm 2025; 90% năm 2030 và giảm", "2030", None),
    ],
)
def test_deadline_from_the_items_own_words(
    text: str, by: str | None, recurring: str | None, rules: RuleSet
) -> None:
    due = item_assignment(text, rules).due
    assert (due.by if due else None, due.recurring if due else None) == (by, recurring)


@pytest.mark.parametrize(
    "cell,year,by,recurring",
    [
        ("Trong năm 2026", None, "2026", None),
        ("Thường xuyên trong năm", None, None, "continuous"),
        ("Trước ngày 31/01 năm liền kề", None, None, "yearly"),
        ("Định kỳ hằng tháng", None, None, "monthly"),
        ("ngày 23 tháng 1", 2026, "2026-01-23", None),  # the year from the header "Thời gian (Năm 2026)"
        ("Theo các mốc thời gian tại Quyết định số 1441/QĐ-UBND năm 2025", None, None, None),  # a pointer
    ],
)
def test_deadline_of_a_table_cell(
    cell: str, year: int | None, by: str | None, recurring: str | None, rules: RuleSet
) -> None:
    due = cell_due(cell, rules, year)
    assert (due.by if due else None, due.recurring if due else None) == (by, recurring)


def test_the_heading_over_a_list_sets_its_horizon() -> None:
    # corpus/gold/811 C.: "MỘT SỐ NỘI DUNG, GIẢI PHÁP TRỌNG TÂM TỪ NAY ĐẾN NĂM 2015" 1.-8.;
    # an item's own time wins
    dues = {
        t.label: t.due.by if t.due else None
        for t in extracted(CORPUS / "gold" / "811.txt").tasks
        if t.level == 1
    }
    assert (dues["3."], dues["5."], dues["8."], dues["1."], dues["2."]) == (
        "2015",
        "2015",
        "2015",
        "2013",
        "2014-Q1",
    )
    # corpus/gold/808 (Lâm Đồng): "III. MỘT SỐ HOẠT ĐỘNG ... TRONG NĂM 2026" is the plan's year
    plan = {
        t.label: t.due for t in extracted(CORPUS / "gold" / "808.docx").tasks if t.rule == "tasks.numbered"
    }
    assert plan["1."] is None and plan["4."] is None


def test_a_sub_item_does_not_take_the_deadline_its_sibling_lent_the_item() -> None:
    # corpus/gold/1111 (QĐ-TTg) 1.: only a) writes "hoàn thành trong Quý III năm 2024"; the item takes it as
    # the latest of its sub-items (REVIEW.md T4), but b) and c) write none and inherit none (gold null)
    dues = {(t.parent, t.label): t.due for t in extracted(CORPUS / "gold" / "1111.pdf").tasks}
    assert dues[(None, "1.")] is not None and dues[(None, "1.")].by == "2024-Q3"
    assert dues[("1.", "b)")] is None and dues[("1.", "c)")] is None and dues[("2.", "a)")] is None


@pytest.mark.parametrize(
    ("name", "label", "by"),
    [
        ("2864.docx", "4.", "2022-09-02"),  # Phường 1 (Tân Bình): "bố trí trực vào ngày nghỉ"
        ("2680.pdf", "3.", "2024-02-14"),  # a commune: "... trong ngày Tết Âm lịch năm 2024"
    ],
)
def test_a_charge_in_the_days_off_is_due_on_the_last_of_them(name: str, label: str, by: str) -> None:
    # assignments.time_off_ref: "vào" says what "trong" does; a holiday's "ngày Tết" as its "dịp Tết"
    due = next(t.due for t in extracted(CORPUS / "gold" / name).tasks if t.label == label)
    assert due is not None and due.by == by


def test_a_lead_cell_that_only_cooperates_names_a_partner() -> None:
    # corpus/gold/1601 (huyện Châu Thành, An Giang): the ĐƠN VỊ THỰC HIỆN cell of rows 03 and 04 reads
    # "Phối hợp Phòng GD&ĐT huyện": a partner, and the row has no lead (assignments `partner_cell`)
    rows = {t.label: (t.lead, t.partners) for t in extracted(CORPUS / "gold" / "1601.docx").tasks}
    assert rows["03"] == (None, ("Phòng GD&ĐT huyện",))
    assert rows["01"] == ("Trung tâm Văn hóa - Thể thao huyện", ())


def test_a_row_with_an_empty_time_cell_keeps_its_own_deadline(rules: RuleSet) -> None:
    # REVIEW.md T3: an empty Thời gian cell -> the row's own deadline if it writes one (800 PL1 III.3)
    rows = (
        ("STT", "Nhiệm vụ", "Chủ trì", "Thời gian"),
        ("1", "Số hóa hồ sơ trước tháng 9/2023", "Văn phòng UBND", ""),
        ("2", "Tuyên truyền trước tháng 9/2023", "Sở TTTT", "Năm 2024"),
    )
    text = "\n".join(cell for row in rows for cell in row if cell)
    dues = [t.due.by if t.due else None for t in find_table_tasks(text, (rows,), rules)]
    assert dues == ["2023-09", "2024"]


def test_the_introducing_sentence_charges_every_item() -> None:
    # corpus/gold/408: "đề nghị Ủy ban nhân dân các tỉnh ... chỉ đạo thực hiện các nội dung sau:"
    leads = {t.label: t.lead for t in extracted(CORPUS / "gold" / "408.txt").tasks}
    assert leads == {"1.": "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"} | {
        "2.": "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"
    }


@pytest.mark.parametrize(
    ("name", "label", "lead"),
    [
        # Lào Cai: "6. Tỷ lệ các khu công nghiệp ..." / "Ban Quản lý Khu kinh tế và ... triển khai ..."
        ("1100.txt", "6.", "Ban Quản lý Khu kinh tế và Ban Quản lý các Khu công nghiệp tỉnh"),
        # a phường's MTTQ: "1. Giám sát việc thành lập ..." / "- Ban Thường trực Ủy ban MTTQ phường ..."
        ("2101.pdf", "1.", "Ban Thường trực Ủy ban MTTQ phường"),
        # Lào Cai: "2. Thành lập mới ..." / "- Ban Quản lý ... chủ trì ..." / "- Ủy ban nhân dân cấp xã
        # hướng dẫn ...": bullets opening with two bodies give none (REVIEW.md T4)
        ("1100.txt", "2.", None),
    ],
)
def test_the_sentence_under_an_items_title_names_its_lead(name: str, label: str, lead: str | None) -> None:
    tasks = extracted(CORPUS / "gold" / name).tasks
    assert next(t.lead for t in tasks if t.label == label and t.level == 1) == lead


@pytest.mark.parametrize(
    ("name", "label", "lead"),
    [
        # Ban Chỉ đạo 1237: "6. Triển khai đồng bộ các giải pháp ... Các địa phương rà soát, đánh giá lại ..."
        ("811.txt", "6.", "Các địa phương"),
        # UBND huyện (Đồng Tháp): "2. Tất cả các trụ sở ... Chủ tịch Ủy ban nhân dân các xã ... chỉ đạo"
        ("2305.pdf", "2.", "Chủ tịch Ủy ban nhân dân các xã, thị trấn"),
    ],
)
def test_a_later_sentence_of_the_item_that_opens_with_a_body_names_its_lead(
    name: str, label: str, lead: str
) -> None:
    tasks = extracted(CORPUS / "gold" / name).tasks
    assert next(t.lead for t in tasks if t.label == label and t.level == 1) == lead


@pytest.mark.parametrize(
    ("name", "label", "lead"),
    [
        # a kindergarten (Hà Nội): "nhà trường đề nghị: ..." / "1. Cán bộ - giáo viên tiếp tục thực hiện ..."
        ("3902.txt", "1.", "Cán bộ - giáo viên"),
        ("3902.txt", "3.", "Nhân viên y tế"),
        # UBND phường Chánh Lộ (Quảng Ngãi): "4. Bộ phận Văn hóa - thông tin, Đài truyền thanh phường ..."
        ("2302.pdf", "4.", "Bộ phận Văn hóa - thông tin, Đài truyền thanh phường"),
        # a school (Hà Nội): "2) Tất cả các học sinh, giáo viên Nhà trường thực hiện nghiêm túc ..."
        ("3904.txt", "2)", "Tất cả các học sinh, giáo viên Nhà trường"),
        # Sở GD&ĐT TP Hồ Chí Minh: "... đề nghị Thủ trưởng đơn vị thực hiện:" / "1. Cơ quan, đơn vị trường
        # học báo cáo ...": the item's own subject outranks the list's sentence
        ("2308.txt", "1.", "Cơ quan, đơn vị trường học"),
    ],
)
def test_the_staff_or_unit_an_item_opens_with_leads_it(name: str, label: str, lead: str) -> None:
    # assignments.lead_opening: the people or unit of a body (PERSON_HEAD), then the verb of the charge
    tasks = extracted(CORPUS / "gold" / name).tasks
    assert next(t.lead for t in tasks if t.label == label and t.level == 1) == lead


@pytest.mark.parametrize(
    ("name", "label", "lead"),
    [
        # a Sở (Cao Bằng): "2.1. Tiếp công dân thường xuyên: Chánh Văn phòng Sở thực hiện ..."
        ("2413.txt", "2.1.", "Chánh Văn phòng Sở"),
        ("2413.txt", "2.2.", "Giám đốc Sở"),
        # Sở NN&PTNT: "3. Đối với chứng nhận sản phẩm OCOP năm 2021: Giao đ/c Huệ - PGĐ Sở chỉ đạo, ..."
        ("3864.txt", "3.", "đ/c Huệ - PGĐ Sở"),
        ("3864.txt", "5.", "đồng chí Liêm – PGĐ Sở"),  # "Giao đồng chí Liêm – PGĐ Sở: chủ trì, ..."
    ],
)
def test_the_sentence_after_an_items_title_and_colon_names_its_lead(name: str, label: str, lead: str) -> None:
    # assignments.title_colon: what follows the item's short title opens it as its first line would
    tasks = extracted(CORPUS / "gold" / name).tasks
    assert next(t.lead for t in tasks if t.label == label) == lead


def test_a_body_written_short_opens_the_lists_sentence_and_leads_it() -> None:
    # corpus/gold/1901 (a commune's Mặt trận): "UBMTTQ xã chủ trì hội nghị với các nội dung sau:"
    tasks = extracted(CORPUS / "gold" / "1901.pdf").tasks
    assert tasks and tasks[0].lead == "UBMTTQ xã"


def test_the_introducing_sentence_outranks_the_sentence_under_an_items_title() -> None:
    # corpus/gold/1108 (Chính phủ) 7.: the list's sentence charges "các bộ, cơ quan ngang bộ, ..."; the
    # item's own line naming "Ủy ban nhân dân thành phố Hà Nội" does not replace it
    tasks = extracted(CORPUS / "gold" / "1108.txt").tasks
    assert next(t.lead for t in tasks if t.label == "7.").startswith("các bộ, cơ quan ngang bộ")


@pytest.mark.parametrize(
    "name,lead",
    [
        ("3733.txt", "Hội LHPN tỉnh Kon Tum"),  # "... tập trung thực hiện 3 nhiệm vụ ... và giải pháp gồm:"
        ("1307.txt", "Đại hội đảng bộ Sở và các chi bộ trực thuộc"),  # "... thực hiện 4 nội dung sau:"
        ("4061.docx", "các ông xóm trưởng"),  # UBND xã Liên Sơn: "yêu cầu các ông xóm trưởng ... sau:"
    ],
)
def test_the_subject_of_the_introducing_sentence_leads_every_item(name: str, lead: str) -> None:
    # the body (or the congresses) the sentence over the list names as doing its contents or tasks
    # (assignments.lead_intro; REVIEW.md V 2 b): 3733 Hội LHPN Kon Tum's news, 1307 Đảng ủy Sở Công Thương
    tasks = extracted(CORPUS / "gold" / name).tasks
    assert tasks and {t.lead for t in tasks} == {lead}


@pytest.mark.parametrize(
    ("name", "leads"),
    [
        # UBND phường Nam Hà: "Uỷ ban nhân dân phường giao:" / "1. Các Tổ dân phố: ..." / "6. Đề nghị UBMT"
        (
            "4060.txt",
            {
                "1.": "Các Tổ dân phố",
                "2.": "Cán bộ phụ trách VHTT-TDTT phường",
                "3.": "Trạm truyền thanh phường",
                "4.": "Đội quản lý trật tự đô thị phường",
                "5.": "Công an phường",
                "6.": "UBMT Tổ quốc và các đoàn thể",
            },
        ),
        # Trường Đại học Hàng hải: "2.1. Phòng Đào tạo:" beside "2.2. Các Khoa/Viện/Bộ môn:"
        ("1704.txt", {"1.": None, "2.": None, "2.1.": "Phòng Đào tạo", "2.2.": "Các Khoa/Viện/Bộ môn"}),
        # 1612 (a fruit festival): "1. Lễ khai mạc: 19 giờ 30 ..." - events and their times, no body
        ("1612.pdf", {f"{n}.": None for n in range(1, 12)}),
    ],
)
def test_the_names_sibling_items_open_with_lead_them(name: str, leads: dict[str, str | None]) -> None:
    # assignments.lead_head: a list whose items open "<name>:" with one of them a known body, or under a
    # sentence that charges naming no one, is led item by item by those names, whatever their first word
    tasks = extracted(CORPUS / "gold" / name).tasks
    assert {t.label: t.lead for t in tasks} == leads


def test_a_task_with_its_own_fields() -> None:
    # corpus/gold/811: "I. CÔNG TÁC" / "1. Nội dung, biện pháp" a) b) / "2. Cơ quan chủ trì" / "3. Thời gian"
    first = extracted(CORPUS / "gold" / "811.txt").tasks
    top = next(t for t in first if t.label == "I.")
    subs = [t for t in first if t.parent == "I."]
    assert (top.lead, top.due and top.due.by) == ("Ban Chỉ đạo quốc gia", "2013-12")
    assert [t.label for t in subs] == ["a)", "b)"] and all(t.lead == top.lead for t in subs)


def test_word_assignment_table_rows_are_tasks_of_their_group() -> None:
    # corpus/gold/807.docx: PHỤ LỤC STT | Nhiệm vụ | Sản phẩm | Thời gian | Chủ trì | Phối hợp | Theo dõi
    tasks = [t for t in extracted(CORPUS / "gold" / "807.docx").tasks if t.rule.startswith("assignments.")]
    groups = [t.label for t in tasks if t.level == 1]
    assert groups == ["I", "II", "III", "IV", "V", "VI", "VII"]
    fourth = next(t for t in tasks if t.parent == "I" and t.label == "4")
    assert (fourth.lead, fourth.partners, fourth.due and fourth.due.by) == (
        "Sở Tư pháp",
        ("Sở Khoa học và Công nghệ",),
        "2026",
    )


def test_a_schedule_table_with_the_time_first_and_no_stt() -> None:
    # corpus/gold/1200 (Bộ Xây dựng): "Thời gian | Nội dung công việc | ... | Thực hiện" over "| | | Đơn vị
    # chủ trì | Đơn vị phối hợp"; "I | GIAI ĐOẠN 1" and "1 | Lập nhiệm vụ quy hoạch" in the time column, the
    # rows under each its steps ("10-11/2019 | ..."): the task is due by the last month of its steps
    tasks = {(t.parent, t.label): t for t in extracted(CORPUS / "gold" / "1200.txt").tasks}
    assert [k for k in tasks if k[0] is None] == [(None, "I"), (None, "II"), (None, "III")]
    dues = {k: t.due and t.due.by for k, t in tasks.items() if k[0] == "I"}
    assert dues == {("I", "1"): "2019-11", ("I", "2"): "2019-12", ("I", "3"): "2020-01"}
    last = tasks[(None, "III")]
    assert (last.lead, last.due and last.due.by) == ("Ban Quản lý quy hoạch", "2021-12")


def test_a_table_the_page_flattened_one_row_per_line() -> None:
    # corpus/gold/1709 (Đại học Tôn Đức Thắng): "TT Nội dung Thực hiện Bắt đầu Kết thúc" over "1 Nhận đề
    # tài", "1.1 ... 05/01/2026 07/01/2026": groups and their rows, the closing date the deadline, and the
    # "1.1" lines no longer read as a list of their own; 1712: rows the reader joined into one line told apart
    tasks = extracted(CORPUS / "gold" / "1709.txt").tasks
    assert [(t.parent, t.label) for t in tasks if t.level == 1] == [(None, "1"), (None, "2")]
    first = next(t for t in tasks if t.label == "1.1")
    assert (first.parent, first.level, first.due and first.due.by) == ("1", 2, "2026-01-07")
    rows = extracted(CORPUS / "gold" / "1712.txt").tasks
    assert [t.label for t in rows] == [str(n) for n in range(1, 11)]
    assert rows[2].text.startswith("Tổng hợp và kiểm tra các đơn xin tốt nghiệp")
    assert rows[2].text.endswith("3 tuần trước khi xét tốt nghiệp chính thức")


def test_directive_points_are_tasks_with_their_leads() -> None:
    # corpus/gold/1106 (Lào Cai, Công văn): "Chủ tịch Ủy ban nhân dân tỉnh giao: 1. Sở ... 4. Ủy ban nhân
    # dân các xã, phường ..."; corpus/gold/1212 (VPCP, Thông báo kết luận): "... kết luận như sau: 1. ... 3."
    leads = {t.label: t.lead for t in extracted(CORPUS / "gold" / "1106.docx").tasks}
    assert leads == {
        "1.": "Sở Nông nghiệp và Môi trường",
        "2.": "Các sở, ban, ngành cấp tỉnh",
        "3.": "Vườn quốc gia Hoàng Liên, các Công ty Lâm nghiệp",
        "4.": "Ủy ban nhân dân các xã, phường",
    }
    points = extracted(CORPUS / "gold" / "1212.pdf").tasks
    assert [t.label for t in points] == ["1.", "2.", "3."] and points[2].lead == "Bộ Tài chính"


@pytest.mark.slow
def test_pdf_assignment_table_continued_over_pages() -> None:
    # corpus/gold/800.pdf: PHỤ LỤC 1, group "I. Các dự án ..." runs over pages 17-19 (the header repeated)
    tasks = [t for t in extracted(CORPUS / "gold" / "800.pdf").tasks if t.rule.startswith("assignments.")]
    under_first = [t.label for t in tasks if t.parent == "I."]
    assert under_first[:3] == ["1", "2", "3"] and "20" in under_first
    assert all(t.lead for t in tasks if t.parent == "I.")


def test_every_table_task_points_at_its_own_text() -> None:
    result = extracted(CORPUS / "gold" / "807.docx")
    text = result.document.text
    assert [t for t in result.tasks if text[t.start : t.end] != t.text] == []


# Bad input gives a record, never a crash or a stall (issue 18).


def test_a_table_with_no_header_gives_no_tasks(rules: RuleSet) -> None:
    rows = (("1", "Tuyên truyền", "Sở Y tế", "2025"), ("2", "Kiểm tra", "Sở Nội vụ", "2026"))
    assert find_table_tasks("1\nTuyên truyền\nSở Y tế\n2025", (rows,), rules) == ()


def test_a_table_whose_cells_are_not_in_the_text_gives_no_tasks(rules: RuleSet) -> None:
    rows = (("STT", "Nhiệm vụ", "Chủ trì", "Thời gian"), ("1", "Tuyên truyền", "Sở Y tế", "2025"))
    assert find_table_tasks("văn bản khác", (rows,), rules) == ()


def test_a_list_of_500_items_is_read_quickly(rules: RuleSet) -> None:
    text = "Các nhiệm vụ:\n" + "\n".join(
        f"{n}. Sở Y tế chủ trì thực hiện nhiệm vụ {n} trước ngày 30/6/2025" for n in range(1, 501)
    )
    start = time.perf_counter()
    found = find_tasks(text, rules)
    assert len(found) == 99  # labels have at most two digits: "100." is not a label
    assert time.perf_counter() - start < 5


def test_a_table_finder_out_of_time_leaves_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "TABLE_BUDGET", -1.0)  # the budget is spent before the first page
    data = (CORPUS / "gold" / "800.pdf").read_bytes()
    texts = pdf.text_layer(data)
    assert pdf.assignment_tables(data, texts) == ()


def test_bad_input_end_to_end_gives_a_record(rules: RuleSet) -> None:
    # a 500-item list and a pipe table with no header row in one bulletin: an Extraction, quickly
    items = "\n".join(
        f"{n}. Sở Y tế chủ trì thực hiện nhiệm vụ {n} trước ngày 30/6/2025" for n in range(1, 501)
    )
    table = "\n".join(f"| {n} | Tuyên truyền {n} | Sở Y tế | Năm 2025 |" for n in range(1, 30))
    text = f"KẾ HOẠCH\nCác nhiệm vụ:\n{items}\n\n{table}\n"
    start = time.perf_counter()
    result = run_bytes(text.encode(), "bad.txt", ".txt", rules)
    assert isinstance(result, Extraction), result
    assert time.perf_counter() - start < 20
    assert len([t for t in result.tasks if t.level == 1]) == 99  # "100." has three digits: not a label
    assert not any(t.rule.startswith("assignments.table") for t in result.tasks)


def stalled_finder(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfplumber's table finder stuck on its first page (as on a page of a million ruling lines)."""
    import pdfplumber.page

    def stuck(self: object, *args: object, **kwargs: object) -> list[object]:
        time.sleep(600)
        return []

    monkeypatch.setattr(pdfplumber.page.Page, "extract_tables", stuck)
    monkeypatch.setattr(pdf, "TABLE_BUDGET", 1.0)


def test_a_table_finder_stalled_on_a_page_is_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    stalled_finder(monkeypatch)
    data = (CORPUS / "gold" / "800.pdf").read_bytes()
    texts = pdf.text_layer(data)
    start = time.perf_counter()
    assert pdf.assignment_tables(data, texts) == ()
    assert time.perf_counter() - start < 10


def test_a_pdf_whose_table_finder_stalls_still_gives_its_record(
    monkeypatch: pytest.MonkeyPatch, rules: RuleSet
) -> None:
    # end to end through the reader's child process (it inherits the stuck finder): the text's tasks
    stalled_finder(monkeypatch)
    start = time.perf_counter()
    result = run(CORPUS / "gold" / "800.pdf", rules)
    assert isinstance(result, Extraction), result
    assert time.perf_counter() - start < 60
    assert [t.label for t in result.tasks if t.level == 1 and t.rule == "tasks.numbered"][:3] == [
        "1.",
        "2.",
        "3.",
    ]
    assert not any(t.rule.startswith("assignments.table") for t in result.tasks)


def test_the_organisation_section_assigns_items_by_number(rules: RuleSet) -> None:
    # issue 18: "1. Sở Y tế: chủ trì ... nhiệm vụ tại mục II.1" links back to item 1. under "II."
    text = (
        "II. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Tăng cường tuyên truyền\n2. Nâng cao năng lực y tế cơ sở\n"
        "3. Kiểm tra, giám sát\nIII. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Y tế: chủ trì thực hiện các nhiệm vụ tại mục II.1, II.2 của Kế hoạch.\n"
        "2. Sở Tài chính: bố trí kinh phí."
    )
    assert [(t.label, t.lead) for t in find_tasks(text, rules)] == [
        ("1.", "Sở Y tế"),
        ("2.", "Sở Y tế"),
        ("3.", None),
    ]


@pytest.mark.parametrize(
    "written,name,now",
    [
        ("Sở LĐTBXH", "Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"),  # merged in 2025
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng", None),  # the plan's province added
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
        ("Sở Y tế", "Sở Y tế", None),
        ("Sở GTVT", "Sở Giao thông vận tải", "Sở Xây dựng"),
        (
            "Sở Giao thông Vận tải tỉnh",
            "Sở Giao thông vận tải tỉnh Lâm Đồng",
            "Sở Xây dựng tỉnh Lâm Đồng",
        ),  # field named
        ("Sở Công thương", "Sở Công Thương", None),  # one name however its field is written (gold 800)
        ("Trường THPT Chuyên", "Trường Trung học phổ thông Chuyên", None),  # a school's level in full
        ("BCĐ công tác DS-KHHGĐ xã", "Ban Chỉ đạo công tác Dân số - Kế hoạch hóa gia đình xã", None),  # 2909
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
        ("Ban Dân tộc tỉnh", "Ban Dân tộc tỉnh Lâm Đồng", "Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng"),
        ("Bộ LĐTBXH", "Bộ Lao động - Thương binh và Xã hội", "Bộ Nội vụ"),
        ("Ủy ban Dân tộc", "Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo"),
        ("Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Môi trường", None),  # already the new body
        ("Ban Dân tộc HĐND tỉnh", "Ban Dân tộc Hội đồng nhân dân tỉnh Lâm Đồng", None),  # a council committee
    ],
)
def test_agencies_as_names_one_can_count(written: str, name: str, now: str | None, rules: RuleSet) -> None:
    canonical = agency_name(written, rules, "Lâm Đồng")
    assert (canonical, successor(canonical, rules)) == (name, now)


@pytest.mark.parametrize(
    "lead,text,now",
    [
        ("Sở Lao động - Thương binh và Xã hội", "Tổ chức Tháng hành động vì trẻ em năm 2025", "Sở Y tế"),
        (
            "Sở Lao động - Thương binh và Xã hội",
            "Đào tạo nghề cho lao động nông thôn",
            "Sở Giáo dục và Đào tạo",
        ),
        (
            "Sở Lao động - Thương binh và Xã hội",
            "Rà soát hộ nghèo, hộ cận nghèo",
            "Sở Nông nghiệp và Môi trường",
        ),
        ("Sở Lao động - Thương binh và Xã hội", "Giải quyết việc làm, tiền lương", "Sở Nội vụ"),
        (
            "Sở Thông tin và Truyền thông",
            "Chỉ đạo các cơ quan báo chí tuyên truyền",
            "Sở Văn hóa, Thể thao và Du lịch",
        ),
        ("Sở Thông tin và Truyền thông", "Triển khai chuyển đổi số", "Sở Khoa học và Công nghệ"),
    ],
)
def test_a_field_that_went_elsewhere_decides_the_successor(
    lead: str, text: str, now: str, rules: RuleSet
) -> None:
    assert successor(lead, rules, text) == now


def test_html_assignment_table_with_merged_cells(rules: RuleSet) -> None:
    # a portal bulletin's <table>: colspan group row, a rowspan lead shared by two rows
    from kehoach.run import run

    result = run(Path(__file__).parent / "assignment-table.html", rules)
    rows = [(t.parent, t.label, t.lead, t.due and (t.due.by or t.due.recurring)) for t in result.tasks]
    assert rows == [
        (None, "I", None, None),
        ("I", "1", "Sở Tư pháp", "2026-Q2"),
        ("I", "2", "Sở Tư pháp", "continuous"),
    ]


def test_an_item_whose_sub_items_all_name_one_body_is_led_by_it(rules: RuleSet) -> None:
    # corpus/gold/808 III.1: a) and b) are both "Báo và Phát thanh, Truyền hình tỉnh chủ trì, ..."
    text = (
        "Các nhiệm vụ trọng tâm:\n1. Xây dựng chương trình truyền hình\na) Đối thoại với các sở:\n"
        "Đài Phát thanh tỉnh chủ trì, phối hợp với các sở thực hiện.\nb) Đối thoại với các xã:\n"
        "Đài Phát thanh tỉnh chủ trì, phối hợp với UBND các xã thực hiện.\n2. Tổ chức cuộc thi"
    )
    assert [(t.label, t.lead) for t in find_tasks(text, rules)] == [
        ("1.", "Đài Phát thanh tỉnh"),
        ("a)", "Đài Phát thanh tỉnh"),
        ("b)", "Đài Phát thanh tỉnh"),
        ("2.", None),
    ]


def test_a_table_flattened_into_one_line(rules: RuleSet) -> None:
    # corpus/gold/974 (THCS Xuân Sơn, Đông Triều, Quảng Ninh): "Thời gian: 14 giờ ngày 28 tháng 9 năm 2012
    # ... NỘI DUNG CÔNG VIỆC CỤ THỂ: TT | Lớp | GV chỉ đạo | Nội dung công việc | Dụng cụ | 1 | 9A | ..."
    tasks = extracted(CORPUS / "gold" / "974.txt").tasks
    assert [t.label for t in tasks] == [str(n) for n in range(1, 9)]
    assert tasks[0].lead == "Bùi Hải Phương" and tasks[6].lead == "Ng.Thị Vượng"
    assert {t.due.by if t.due else None for t in tasks} == {"2012-09-28"}
    assert tasks[0].text.startswith("Cắt cỏ, vệ sinh khu vực vườn Keo")
    # the same row cells without a header naming a task column are no table
    row = ("A", "B", "C", "D", "1", "x", "y", "z", "2", "x", "y", "z")
    assert find_table_tasks("A\nB\nC\nD\n1\nx\ny\nz\n2\nx\ny\nz", [(row,)], rules) == ()


@pytest.mark.parametrize(
    "cell,column",
    [
        ("GV chỉ đạo", "lead"),  # 974 Quảng Ninh: a school's work table
        ("Người phụ trách", "lead"),
        ("Phụ trách", "lead"),
        ("Bộ phận thực hiện", "lead"),
        ("Cơ quan chủ trì", "lead"),
        ("Lãnh đạo chỉ đạo", None),  # the supervising leader over an assignment table
        ("Cơ quan ban hành", None),  # a list of documents
        ("Theo dõi, đôn đốc", "monitor"),
    ],
)
def test_the_columns_a_header_names(cell: str, column: str | None, rules: RuleSet) -> None:
    assert column_of(cell, rules) == column


def test_a_flattened_table_of_999_rows_is_read_quickly(rules: RuleSet) -> None:
    # one pipe line: "TT | Nội dung công việc | Người phụ trách | 1 | Dọn vệ sinh 1 | Tổ 1 | 2 | ..." (974)
    cells = ["TT", "Nội dung công việc", "Người phụ trách"]
    for n in range(1, 1000):  # an STT cell has at most three digits
        cells += [str(n), f"Dọn vệ sinh khu {n}", f"Tổ {n}"]
    text = "\n".join(cells)
    start = time.perf_counter()
    found = find_table_tasks(text, [(tuple(cells),)], rules)
    assert len(found) == 999 and found[-1].lead == "Tổ 999"
    assert time.perf_counter() - start < 5


def test_an_item_takes_the_latest_firm_deadline_of_its_sub_items() -> None:
    # corpus/gold/1111.pdf (QĐ-TTg): "2. Bộ Tài nguyên và Môi trường:" a) ... b) "... trình Chính phủ trước
    # ngày 30 tháng 7 năm 2024" (after "Nghị định ...": a firm marker, not a named period); 3. a) "đến năm
    # 2050" is a goal's horizon, so 3. takes b)'s "hoàn thành trước ngày 31 tháng 10 năm 2024" (REVIEW.md T4)
    tasks = {t.label: t for t in extracted(CORPUS / "gold" / "1111.pdf").tasks if t.level == 1}
    assert [tasks[label].due and tasks[label].due.by for label in ("1.", "2.", "3.")] == [
        "2024-Q3",
        "2024-07-30",
        "2024-10-31",
    ]


def test_a_recurring_heading_and_a_responsibility_line(rules: RuleSet) -> None:
    # corpus/gold/1103 (Đảng ủy, Lào Cai): "3. Nhiệm vụ thường xuyên" over 3.1.-3.9., each closing with
    # "Trách nhiệm chỉ đạo thực hiện: Đảng ủy Ủy ban nhân dân tỉnh; ..."
    tasks = {(t.parent, t.label): t for t in extracted(CORPUS / "gold" / "1103.txt").tasks}
    heading, second = tasks[(None, "3.")], tasks[("3.", "3.2.")]
    assert heading.due is not None and heading.due.recurring == "continuous"
    assert (
        second.lead == "Đảng ủy Ủy ban nhân dân tỉnh" and second.due and second.due.recurring == "continuous"
    )


def test_a_heading_and_an_introducing_sentence_name_the_lead_of_a_list() -> None:
    # corpus/gold/1101.docx: "II. NHIỆM VỤ CHỦ YẾU CỦA BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG" over 1.-8.;
    # corpus/gold/1108.txt: "..., các bộ, cơ quan ngang bộ, ... cần cụ thể hóa ... các nhiệm vụ, giải pháp
    # sau đây:"
    ministry = [t for t in extracted(CORPUS / "gold" / "1101.docx").tasks if t.level == 1]
    assert "Bộ tài nguyên và môi trường" in {t.lead for t in ministry}
    capital = [t for t in extracted(CORPUS / "gold" / "1108.txt").tasks if t.parent == "2."]
    assert capital and all((t.lead or "").startswith("các bộ, cơ quan ngang bộ") for t in capital)


def test_bare_year_cells_of_an_assignment_table() -> None:
    # corpus/gold/1112.docx (QĐ-TTg 232/2025): Thời gian thực hiện/ hoàn thành cells "2025", "2028"
    rows = [t for t in extracted(CORPUS / "gold" / "1112.docx").tasks if t.rule.startswith("assignments.")]
    assert {t.due.by for t in rows if t.due} >= {"2025", "2028"}


def test_a_table_written_one_cell_a_line_gives_its_rows_leads_and_deadlines() -> None:
    """2001 (97/NQ-CP as a Công báo text): the annex's table comes one cell a line, page headers and the
    repeated table header between its rows; each row is a task with its lead, partners and deadline."""
    rows = {
        t.label: t
        for t in extracted(CORPUS / "gold" / "2001.txt").tasks
        if t.rule == "assignments.line_table"
    }
    assert rows["1"].lead == "Các bộ, cơ quan ngang bộ"
    assert rows["1"].partners == ("Bộ Nội vụ",)
    assert (
        rows["1"].due is not None and rows["1"].due.recurring == "yearly"
    )  # not the output "Báo cáo hằng năm"
    assert rows["2"].lead == "Các bộ, cơ quan ngang bộ" and rows["2"].partners == (
        "Bộ Tư pháp",
    )  # one line, two cells
    assert rows["4"].lead == "Các bộ, cơ quan ngang bộ, UBND tỉnh, thành phố"  # after a page break
    assert rows["7"].lead == "Bộ Tư pháp" and rows["7"].due is not None and rows["7"].due.by == "2026-03"
    assert not any(t.rule == "tasks.numbered" for t in extracted(CORPUS / "gold" / "2001.txt").tasks)
    assert list(rows) == [str(n) for n in range(1, 30)]  # rows the normalizer ran into one line too
    assert rows["13"].lead == "Bộ Tư pháp" and rows["13"].text.startswith("Xây dựng, hoàn thiện thể chế")
    assert rows["13"].due is not None and rows["13"].due.by == "2026-06"  # a time inside the joined line
    assert rows["19"].lead == "Bộ Tài chính"  # not "Bộ Chính trị" after the task's "... của"
    assert rows["19"].due is not None and rows["19"].due.by == "2026-11"  # two outputs: the last time


def test_a_table_whose_column_names_share_one_line_is_read_as_lines() -> None:
    """1102 (QĐ 2200/QĐ-BNNMT as the PDF's text layer gives it): "TT Nội dung hoạt động Cơ quan chủ trì Cơ
    quan phối hợp" on one line, then the annex's cells one a line; its numbered rows over lettered parts."""
    rows = [t for t in extracted(CORPUS / "gold" / "1102.pdf").tasks if t.rule == "assignments.line_table"]
    assert [t.label for t in rows if t.level == 1] == ["1", "2", "3", "4", "5"]
    part = next(t for t in rows if t.parent == "1" and t.label == "a)")
    assert part.lead == "Cục Lâm nghiệp và Kiểm lâm" and part.due is not None and part.due.by == "2026-Q4"


@pytest.mark.parametrize(
    "name,count,row,starts,due",
    [
        (
            "4010.txt",
            11,
            "1",
            "Đón tiếp đại biểu",
            "2013-05-17",
        ),  # Thái Nguyên: TT | Thời gian | Nội dung | ...
        ("4005.txt", 4, "3", "Thi dạy", "2014-02-28"),  # Hà Tĩnh: no TT, two clusters' times, the later one
        ("1900.txt", 5, "4", "Dự kiến người ứng cử", "2021-02-07"),  # Phú Thọ: TT | Nội dung | ... | Ngày
        (
            "3608.txt",
            5,
            "2",
            "Khai mạc liên hoan",
            "2018-09-24",
        ),  # Hải Dương: STT | NGÀY/THÁNG | THỜI GIAN | ...
    ],
)
def test_a_table_a_page_gave_one_cell_a_line_gives_its_rows(
    name: str, count: int, row: str, starts: str, due: str
) -> None:
    """A web page's table written one cell a line (blank lines between or not): the header's short lines
    name the task column, the rows open with lines that are only their number."""
    rows = {t.label: t for t in extracted(CORPUS / "gold" / name).tasks if t.rule == "assignments.cell_table"}
    assert list(rows) == [str(n) for n in range(1, count + 1)]
    assert rows[row].text.startswith(starts)
    assert rows[row].due is not None and rows[row].due.by == due


def test_a_day_line_heads_the_rows_of_a_programme() -> None:
    """4010: "Ngày 17/5/2013" between the header and row 1 dates rows 1-11, the hour cells give no day; the
    lead is the cell after the task when the header names "Người thực hiện" next."""
    rows = {t.label: t for t in extracted(CORPUS / "gold" / "4010.txt").tasks}
    assert rows["1"].lead == "BTC, Trường đăng cai"
    assert rows["5"].text == "Trao cờ lưu niệm cho các đoàn"  # its bullet dropped
    assert rows["11"].due is not None and rows["11"].due.by == "2013-05-17"


def test_a_generated_table_of_cells_is_read_only_so_far(rules: RuleSet) -> None:
    """Thousands of rows under many headers one cell a line: a bounded number of tasks, never a stall."""
    from kehoach.extract.tables import LINE_ROWS, LINE_TABLES, cell_table_tasks

    row = "{0}\nViệc số {0}\nNgày 12/3/2025\n"
    text = ("TT\nNội dung\nThời gian\n" + "".join(row.format(i) for i in range(1, 1000))) * 30
    tasks, _ = cell_table_tasks(text, rules)
    assert 0 < len(tasks) <= LINE_ROWS * LINE_TABLES


def test_a_generated_table_of_lines_is_read_only_so_far(rules: RuleSet) -> None:
    """Thousands of rows under many headers written as lines: a bounded number of tasks, never a stall."""
    from kehoach.extract.tables import LINE_ROWS, LINE_TABLES, line_table_tasks

    row = "{0}\nViệc số {0}\nSở Y tế\nNăm 2025\n"
    text = ("TT\nNội dung\nCơ quan chủ trì\nThời gian\n" + "".join(row.format(i) for i in range(1, 1000))) * 3
    tasks, spans = line_table_tasks(text + "TT\nNội dung\n" * 500, rules)
    assert 0 < len(tasks) <= LINE_ROWS * LINE_TABLES
    assert tasks[0].lead == "Sở Y tế" and tasks[0].due is not None and tasks[0].due.by == "2025"


def test_a_flattened_tables_last_row_is_not_read_again_as_a_list_item(rules: RuleSet) -> None:
    """A table a page flattened one row per line, its rows numbered "1.", "2." under a sentence naming tasks:
    each row is one task, the last one too (the table's span runs to the end of its last row, not to where
    that row's text starts, so the list reader's item on it is dropped)."""
    text = (
        "KẾ HOẠCH\nThực hiện luận văn năm 2026\n\nCác nhiệm vụ cụ thể như sau:\n"
        "TT Nội dung Thực hiện Bắt đầu Kết thúc\n"
        "1. Rà soát danh sách học viên Phòng Sau đại học 05/01/2026 07/01/2026\n"
        "2. Báo cáo kết quả thực hiện Khoa 15/01/2026 20/01/2026\n\nNơi nhận:\n- Như trên;\n"
    )
    tasks = find_tasks(text, rules)
    assert [(t.label, t.rule) for t in tasks] == [
        ("1", "assignments.flat_table_header"),
        ("2", "assignments.flat_table_header"),
    ]


@pytest.mark.parametrize(
    "name,labels,lead",
    [
        (
            "3900.txt",
            ("1.", "2."),
            "các trường học trực thuộc",
        ),  # Phòng GD&ĐT Huế: "yêu cầu các trường học ..."
        (
            "3901.txt",
            ("4.", "5."),
            "các cơ sở giáo dục",
        ),  # Tân Hồng, Đồng Tháp: "yêu cầu các cơ sở giáo dục ..."
    ],
)
def test_the_addressee_of_a_request_in_lower_case_leads_its_list(
    name: str, labels: tuple[str, ...], lead: str
) -> None:
    # a letter's or notice's request before its list: the verb marks the words after it as the body charged,
    # whatever their case; the items without a body of their own take it
    tasks = {t.label: t for t in extracted(CORPUS / "gold" / name).tasks if t.level == 1}
    assert [tasks[label].lead for label in labels] == [lead] * len(labels)


@pytest.mark.parametrize(
    "name,due",
    [
        ("3801.docx", "2021-Q3"),  # Công đoàn Trường MN Sơn Ca: "QUÝ III/2021 (Tháng 7 – 9)" over 1.-5.
        ("2408.pdf", "2030"),  # UBND tỉnh Thừa Thiên Huế: "ĐẾN NĂM 2030" over the goals under "I. MỤC TIÊU"
    ],
)
def test_an_unlabelled_line_that_is_a_period_dates_the_list_under_it(name: str, due: str) -> None:
    # as a labelled period heading ("1. Quý I năm 2020") dates its items, so does a line with no label
    first = next(t for t in extracted(CORPUS / "gold" / name).tasks if t.level == 1 and t.label == "1.")
    assert first.due is not None and first.due.by == due


@pytest.mark.parametrize(
    "name,parent,label,due",
    [
        # xã Sơn Thủy, Quảng Ngãi: "Trung tâm ... thường xuyên thông tin"
        ("2847.docx", None, "1.", "continuous"),
        # Bà Rịa - Vũng Tàu: read over "(Trung tâm Công báo – Tin học)"
        ("3963.pdf", None, "3.", "continuous"),
        # Lạng Sơn: "Việc tiếp công dân thường xuyên tại Trụ sở ..."
        ("2151.txt", None, "3.", "continuous"),
        # its own words over its section's field (REVIEW.md T41)
        ("811.txt", "IX.", "a)", "continuous"),
        # xã Đức Hợp: "(bao gồm tiếp công dân thường xuyên, ...)" is no time
        ("2350.pdf", None, "1.", None),
        # An Giang: "…" ends the first sentence; the holiday dates it
        ("2681.docx", None, "2.", "2026-01-01"),
    ],
)
def test_thuong_xuyen_in_the_first_sentence_is_a_continuous_deadline(
    name: str, parent: str | None, label: str, due: str | None
) -> None:
    result = extracted(CORPUS / "gold" / name)
    item = next(t for t in result.tasks if t.parent == parent and t.label == label)
    assert (item.due.by or item.due.recurring if item.due else None) == due


@pytest.mark.parametrize(
    "phrase,by",
    [
        ("hoàn thành trước ngày 30/86/2025", None),  # a digit the OCR or the typist got wrong: no such month
        ("hoàn thành trong Quý 7/2025", None),
        ("hoàn thành trước ngày 31/02/2025", None),
        ("hoàn thành trước ngày 30/6/2025", "2025-06-30"),
        ("hoàn thành trong tháng 11/2025", "2025-11"),
    ],
)
def test_an_impossible_deadline_sets_none_and_the_plan_is_still_stored(
    phrase: str, by: str | None, rules: RuleSet, tmp_path: Path
) -> None:
    from kehoach.store import connect, ensure_schema, save

    text = (
        f"KẾ HOẠCH\nII. NHIỆM VỤ\n1. Sở Y tế chủ trì tổ chức tập huấn, {phrase}.\n"
        "2. Sở Tư pháp chủ trì tuyên truyền.\n"
    )
    result = run_bytes(text.encode(), "plan.txt", ".txt", rules)
    assert isinstance(result, Extraction), result
    first = next(t for t in result.tasks if t.label == "1.")
    assert (first.due.by if first.due else None) == by
    db = connect(tmp_path / "k.db")
    ensure_schema(db)
    save(db, result, "test")
    assert db.execute("select count(*) from tasks").fetchone()[0] == 2
