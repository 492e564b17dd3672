"""How a document relates to what it cites (GOLD_FORMAT.md "Version 2" `relation`); phrases of corpus/gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kehoach.extract.references import find_references
from kehoach.extract.relations import relate
from kehoach.rules import load_rules
from kehoach.text import symbol_key
from tests.extract.conftest import extracted

GOLD = Path(__file__).parents[2] / "corpus" / "gold"


def relation_in(name: str, symbol: str) -> str | None:
    """The relation the extraction of gold document `name` gives its reference `symbol`."""
    found = {symbol_key(r.symbol): r.relation for r in extracted(GOLD / name).references}
    return found.get(symbol_key(symbol))


def relations(text: str, subject: str | None = None) -> dict[str, str]:
    return {
        r.symbol: r.relation for r in relate(text, find_references(text, load_rules()), subject, load_rules())
    }


@pytest.mark.parametrize(
    "text,expected",
    [
        (  # a "Căn cứ" list: every item is a basis, a proposal is only mentioned (214, 402)
            "Căn cứ Nghị định số 48/2009/NĐ-CP ngày 19/5/2009 của Chính phủ;\n"
            "Căn cứ Quyết định số 1898/QĐ-TTg ngày 28/11/2017 của Thủ tướng Chính phủ;\n"
            "Xét đề nghị của Ban Dân tộc tại Tờ trình số 221/TTr-BDT ngày 22/5/2018,",
            {"48/2009/NĐ-CP": "basis", "1898/QĐ-TTg": "basis", "221/TTr-BDT": "mentions"},
        ),
        (  # items after the first take the opening of the list (401, 405)
            "Thực hiện Chỉ thị số 20-CT/TW ngày 05 tháng 11 năm 2012 của Bộ Chính trị về trẻ em; "
            "Quyết định số 267/QĐ-TTg ngày 22 tháng 2 năm 2011 của Thủ tướng Chính phủ; "
            "Căn cứ Kế hoạch số 18/KH-UBND ngày 29/3/2012 của Ủy ban nhân dân tỉnh",
            {"20-CT/TW": "implements", "267/QĐ-TTg": "implements", "18/KH-UBND": "basis"},
        ),
        (  # a list after "cụ thể như sau:" is not under the opening above it (101)
            "Thực hiện Quyết định số 02/QĐ-TTg ngày 05/01/2022 của Thủ tướng chính phủ, UBND tỉnh ban hành "
            "Kế hoạch, cụ thể như sau:\n- Nghị quyết số 139/NQ-CP ngày 31/12/2017 của Chính phủ;",
            {"02/QĐ-TTg": "implements", "139/NQ-CP": "mentions"},
        ),
        (  # the verb of another listed document is not this one's (200: a portal's related-documents list)
            "- 2 Quyết định 14/2012/QĐ-TTg sửa đổi Quyết định 139/2002/QĐ-TTg về khám, chữa bệnh",
            {"14/2012/QĐ-TTg": "mentions", "139/2002/QĐ-TTg": "mentions"},
        ),
        (  # a purpose clause ends the list: the Công văn that sent the draft is mentioned (603)
            "Thực hiện Kế hoạch số 9669/KH-UBND ngày 24/12/2025 của Ủy ban nhân dân tỉnh;\nNhằm phát huy "
            "tinh thần chủ động, Sở Nội vụ đã xây dựng dự thảo và ban hành Công văn số 638/SNV-CCHC&VTLT",
            {"9669/KH-UBND": "implements", "638/SNV-CCHC&VTLT": "mentions"},
        ),
        (  # results of carrying a resolution out are reported, not carried out (308)
            "Thống nhất với báo cáo của Ủy ban nhân dân tỉnh về kết quả thực hiện "
            "Nghị quyết số 95/2019/NQ-HĐND",
            {"95/2019/NQ-HĐND": "mentions"},
        ),
        ("Quyết định này thay thế Quyết định số 12/2019/QĐ-UBND", {"12/2019/QĐ-UBND": "replaces"}),
        ("đã được thay thế bởi Quyết định 253/QĐ-UBND", {"253/QĐ-UBND": "mentions"}),  # 512
    ],
)
def test_relation(text: str, expected: dict[str, str]) -> None:
    assert relations(text) == expected


def test_subject_is_self_and_its_verb_counts() -> None:
    # 301: the news names the plan, then what it carries out
    text = "mục tiêu trong Kế hoạch số 99-KH/TU của Ban Chấp hành Đảng bộ thực hiện Nghị quyết số 39-NQ/TW"
    assert relations(text, "99-KH/TU") == {"99-KH/TU": "self", "39-NQ/TW": "implements"}


@pytest.mark.parametrize(
    "text,expected",
    [
        (  # in a plan's body, a verb inside a task's sentence names what it works with (1700 Sóc Trăng)
            "I. NHIỆM VỤ TRỌNG TÂM.\n1. Làm tốt công tác tuyên truyền, vận động cho đội ngũ\n"
            "NGNLĐ gắn với thực hiện tốt Chỉ thị 05-CT/BCT về học tập và làm theo tư tưởng Hồ Chí Minh",
            {"05-CT/BCT": "mentions"},
        ),
        (  # a task that opens on the verb, under a lettered item, carries it out (1652 Hà Giang)
            "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\na) Tổ chức quán triệt và thực hiện nghiêm túc, "
            "có hiệu quả Nghị quyết số 37-NQ/TW ngày 24/12/2018 của Bộ Chính trị",
            {"37-NQ/TW": "implements"},
        ),
        (  # named in the title of the document before it, with no verb the rules read (1663 Thanh Hóa)
            "Thực hiện Quyết định 25/QĐ-TTg ngày 22/7/2021 của Thủ tướng Chính phủ; "
            "Thông tư số 09/2021/TT-BTP ngày 15/11/2021 của Bộ Tư pháp hướng dẫn thi hành "
            "Quyết định số 25/2021/QĐ-TTg; Kế hoạch số 127/KH-UBND ngày 10/12/2021 của UBND tỉnh",
            {
                "25/QĐ-TTg": "implements",
                "09/2021/TT-BTP": "implements",
                "25/2021/QĐ-TTg": "mentions",
                "127/KH-UBND": "implements",
            },
        ),
        (  # years of carrying a resolution out look back on it (2823 Đồng Nai)
            "125 tập thể có thành tích xuất sắc trong 10 năm thực hiện Nghị quyết số 19-NQ/HNDTW",
            {"19-NQ/HNDTW": "mentions"},
        ),
        (  # the text's own title block amends (2348 Bộ Tài chính); a sentence opening after a quote (1057)
            "THÔNG TƯ\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA THÔNG TƯ SỐ\n145/2013/TT-BTC NGÀY 21/10/2013\n"
            'Căn cứ Hướng dẫn số 148 HD/TWH của Trung ương hội "V/v Thực hiện Kế hoạch". Căn cứ Kế hoạch số '
            "05/KH-UBH ngày 28/10/2008",
            {"145/2013/TT-BTC": "amends", "05/KH-UBH": "basis"},
        ),
        (  # the plan's title does not head a list in its body (1005 Bình Định) ...
            "KẾ HOẠCH\nTriển khai thực hiện Chương trình giáo dục phổ thông mới trên địa bàn tỉnh\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao chất lượng giáo dục phổ thông như Nghị quyết số 29-NQ/TW "
            "ngày 04/11/2013 đã nêu",
            {"29-NQ/TW": "mentions"},
        ),
        (  # ... but its purpose item done as the resolution sets carries it out (REVIEW T54, T13)
            "KẾ HOẠCH\nTriển khai thực hiện Chương trình giáo dục phổ thông mới trên địa bàn tỉnh\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n1. Đẩy mạnh việc thực hiện đổi mới căn bản, toàn diện giáo dục "
            "phổ thông theo Nghị quyết số 29-NQ/TW ngày 04/11/2013",
            {"29-NQ/TW": "implements"},
        ),
        (  # ... also "theo tinh thần" (REVIEW T65, 1005)
            "KẾ HOẠCH\nTriển khai thực hiện Chương trình giáo dục phổ thông mới trên địa bàn tỉnh\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n1. Đẩy mạnh việc thực hiện đổi mới căn bản, toàn diện giáo dục "
            "phổ thông theo tinh thần Nghị quyết số 29-NQ/TW ngày 04/11/2013",
            {"29-NQ/TW": "implements"},
        ),
        (  # a full stop then a bullet that is a task ends what the bullet above carried out (807 Lâm Đồng)
            "I. MỤC TIÊU\n- Tổ chức thực hiện nghiêm quy chế quản lý và sử dụng tài sản công của đơn vị.\n"
            "- Bố trí kinh phí theo lộ trình quy định tại khoản 4 Điều 35 Nghị định số 60/2021/NĐ-CP",
            {"60/2021/NĐ-CP": "mentions"},
        ),
        (  # a verb that ends a heading's line is not right before the document (1663 Thanh Hóa)
            "I. KẾT QUẢ ĐÁNH GIÁ\n1. Về chỉ đạo, hướng dẫn, tổ chức thực hiện\n"
            "Ngày 06/01/2023, UBND phường Long Anh đã có Quyết định số 04/QĐ-UBND về việc phân công",
            {"04/QĐ-UBND": "mentions"},
        ),
        (  # a plan this text carries out, named without a number, carries out what follows (1006 Khánh Hòa)
            "Ngành Giáo dục tập trung triển khai Kế hoạch thực hiện Kết luận số 51-KL/TW ngày 30/5/2019",
            {"51-KL/TW": "mentions"},
        ),
        (  # a capitalised opening after a title run into the preamble is the text's own (2801 Ninh Bình)
            "KẾ HOẠCH\nThực hiện Đề án “Nâng cao năng lực truyền thông” của xã Gia Phong "
            "Thực hiện Kế hoạch số 133/KH-UBND ngày 27/8/2024 của Ủy ban nhân dân huyện",
            {"133/KH-UBND": "implements"},
        ),
        (  # a document a body issues is that verb's object: the list above does not reach it (1962 Bắc Ninh)
            "Căn cứ Kế hoạch số 61/KH-UBND ngày 29/10/2018 của UBND huyện Lương Tài;\n\n"
            "Chủ tịch UBND huyện Lương Tài ban hành Quyết định số 1576/QĐ-UBND ngày 12/7/2019",
            {"61/KH-UBND": "basis", "1576/QĐ-UBND": "mentions"},
        ),
        (  # nor does a "Thực hiện" opening past its own object (2404 Hồ Chí Minh city)
            "Thực hiện chỉ đạo của Bộ Giáo dục và Đào tạo về việc thực hiện các khoản thu, "
            "Sở Giáo dục và Đào tạo đã ban hành Công văn số 2062/SGDĐT-KHTC ngày 15/7/2022",
            {"2062/SGDĐT-KHTC": "mentions"},
        ),
        (  # carrying it out as a circumstance ("khi / trong / gắn với việc thực hiện"): 909 Lai Châu, 1355
            "Mục tiêu, nhiệm vụ của Tỉnh đề ra khi thực hiện Nghị quyết số 37-NQ/TW và các văn bản",
            {"37-NQ/TW": "mentions"},
        ),
    ],
)
def test_relation_by_position(text: str, expected: dict[str, str]) -> None:
    assert relations(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (  # a heading of its own for the basis: each item under it, one a sentence, is a basis (3638 Nghệ An)
            "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH\nThông tư số 52/2020/TT-BGDĐT ngày 31/12/2020 của Bộ GD&ĐT. "
            "Công văn số 3676/BGDĐT-GDMN ngày 26/8/2021 của Bộ GD&ĐT về Hướng dẫn nhiệm vụ năm học. "
            "Thông tư số 51/2020/TT-BGDĐT ngày 31/12/2020 về sửa đổi Chương trình GDMN ban hành kèm theo "
            "Thông tư số 17/2009/TT-BGDĐT ngày 25/7/2009.\nII. ĐẶC ĐIỂM TÌNH HÌNH\n"
            "Quyết định số 99/QĐ-UBND ngày 01/8/2021 của UBND huyện công nhận trường đạt chuẩn.",
            {
                "52/2020/TT-BGDĐT": "basis",
                "3676/BGDĐT-GDMN": "basis",
                "51/2020/TT-BGDĐT": "basis",
                "17/2009/TT-BGDĐT": "mentions",  # named in the title of the one before
                "99/QĐ-UBND": "mentions",  # below the next heading
            },
        ),
        (  # the heading ends on a full stop, the items on ";" (3630 Nghệ An); a long list (1321 Lào Cai)
            "I. Căn cứ xây dựng kế hoạch.\nQuyết định số 04/QĐ-TTg ngày 27/3/2015 của Thủ tướng Chính phủ;\n"
            "Công văn số 3535/BGDĐT-GDTH, ngày 19 tháng 8 năm 2019 của Bộ Giáo dục và Đào tạo;\n"
            "Thông tư 28/2020/TT-BGDĐT ngày ngày 04 tháng 9 năm 2020 về việc Ban hành điều lệ trường;",
            {"04/QĐ-TTg": "basis", "3535/BGDĐT-GDTH": "basis", "28/2020/TT-BGDĐT": "basis"},
        ),
        (  # items that name the document after their own words (4312 Quảng Nam); one in another's title
            "I. Các căn cứ để xây dựng kế hoạch:\n- Điều lệ trường trung học (ban hành theo QĐ số "
            "07/2007/QĐ-BGD&ĐT ngày 02/4/2007 của BGD và ĐT)\n- Quy định về kiểm định chất lượng (Ban hành "
            "kèm theo Quyết định số: 83/2008/QĐ-BGDĐT ngày 31 tháng 12 năm 2008)\n"
            "- Thông tư số 51/2020/TT-BGDĐT về sửa đổi Chương trình ban hành kèm theo "
            "Thông tư số 17/2009/TT-BGDĐT ngày 25/7/2009.\n"
            "II. Đặc điểm tình hình\n- Kết quả (theo Quyết định số 99/QĐ-UBND ngày 01/8/2021)",
            {
                "07/2007/QĐ-BGD&ĐT": "basis",
                "83/2008/QĐ-BGDĐT": "basis",
                "51/2020/TT-BGDĐT": "basis",
                "17/2009/TT-BGDĐT": "mentions",  # named in the title of the one before on its item
                "99/QĐ-UBND": "mentions",  # below the next heading
            },
        ),
        (  # a heading of many words (3137 Hậu Giang) and one "Căn cứ thực hiện" (4233) over their list
            "II. Căn cứ xây dựng Kế hoạch triển khai cuộc thi:\nCăn cứ Thể lệ cuộc thi số 17/HD-BTCCT ngày "
            "17 tháng 01 năm 2019 của Ban tổ chức;\nCăn cứ thực hiện\n- Mục 1, 3 Hướng dẫn số 01-HD/TW "
            "ngày 28/9/2021 của Ban Bí thư.\n- Mục 1, phần I của Hướng dẫn số 12-HD/BTCTW ngày 18/01/2022",
            {"17/HD-BTCCT": "basis", "01-HD/TW": "basis", "12-HD/BTCTW": "basis"},
        ),
    ],
)
def test_basis_heading_section(text: str, expected: dict[str, str]) -> None:
    assert relations(text) == expected


@pytest.mark.parametrize(
    "doc_id",
    [
        "100",
        "121",
        "405",
        "604",
        "1859",
        "1350",
        "957",
        "1593",
        "3630",
        "1321",
        "4312",
        "3137",
        "4233",
    ],
)
def test_gold_relations(doc_id: str) -> None:
    gold = json.loads((GOLD / f"{doc_id}.json").read_text(encoding="utf-8"))
    path = next(GOLD.glob(f"{doc_id}.[tp]*[td]f"), None) or GOLD / f"{doc_id}.txt"
    found = {symbol_key(r.symbol): r.relation for r in extracted(path).references}
    assert {symbol_key(r["symbol"]): r["relation"] for r in gold["references"]} == found


@pytest.mark.parametrize(
    "name,symbol",
    [
        ("1657.txt", "46-NQ/TW"),  # "đồng chí … – Phó Chủ tịch … quán triệt Nghị quyết số" (Quảng Nam)
        ("2647.txt", "200/KH-UBND"),  # "bà … - Phó Chủ tịch UBND phường triển khai kế hoạch số" (TP.HCM)
        ("2836.txt", "50-CT/TW"),  # "Đồng chí A Ten, Ủy viên …, quán triệt Chỉ thị số" (Quảng Ngãi)
    ],
)
def test_a_document_a_person_presents_at_a_meeting_is_mentioned(name: str, symbol: str) -> None:
    # relations.presenter; REVIEW.md T16: the meeting studies it, the news item does not carry it out
    assert relation_in(name, symbol) == "mentions"


@pytest.mark.parametrize(
    "name,symbol",
    [
        ("3567.txt", "55-NQ/TW"),  # "Trà Vinh đang triển khai thực hiện Nghị quyết số 55-NQ/TW" (Trà Vinh)
        ("3735.txt", "98/2023/QH15"),  # "Đồng thời, là năm đẩy mạnh thực hiện Nghị quyết 98/…" (TP.HCM)
    ],
)
def test_a_document_a_state_or_a_year_is_described_by_is_mentioned(name: str, symbol: str) -> None:
    # relations.state; REVIEW.md T32: "là năm … thực hiện", "đang thực hiện" describe, they carry nothing out
    assert relation_in(name, symbol) == "mentions"


@pytest.mark.parametrize(
    "name,symbol,relation",
    [
        ("5630.txt", "219-KH/TU", "mentions"),  # "tăng cường kiểm tra, đôn đốc việc thực hiện Kế hoạch số …"
        ("5601.docx", "160/KH-UBND", "mentions"),  # "Kiểm tra, đôn đốc các thành viên … triển khai thực hiện"
        ("2135.txt", "16/CT-TTg", "mentions"),  # "kiểm tra, giám sát tình hình thực hiện" (Đồng Tháp)
        ("1103.txt", "75-KL/TW", "implements"),  # "kiểm tra, giám sát việc thực hiện", and its title
        ("1923.docx", "52-CT/TW", "implements"),  # "kiểm tra, giám sát, đánh giá việc thực hiện"
    ],
)
def test_a_charge_to_check_how_a_document_is_carried_out_does_not_carry_it_out(
    name: str, symbol: str, relation: str
) -> None:
    # relations.oversight; REVIEW.md T69, T72: the object is the execution, not what the document sets
    assert relation_in(name, symbol) == relation


@pytest.mark.parametrize(
    "name,symbol",
    [
        ("3305.txt", "1022/KH-UBND"),  # "Các Sở, ngành căn cứ nội dung, nhiệm vụ được phân công tại" Nghệ An
        ("1810.txt", "358/KH-UBND"),  # "nhiệm vụ đã được phân công tại" under "II. MỤC TIÊU" (Đắk Nông)
        ("103.txt", "433-NQ/TU"),  # "thực hiện hoàn thành các chỉ tiêu, nhiệm vụ được giao tại" (Bắc Giang)
        ("2600.txt", "215/TB-UBND"),  # "triển khai thực hiện ý kiến chỉ đạo của UBND thành phố tại" Quy Nhơn
        ("2600.txt", "246/TB-UBND"),  # "… theo như nội dung chỉ đạo của UBND thành pho tại Thông báo sổ"
        ("409.txt", "2587/KH-UBND"),  # "nội dung chỉ đạo của của Bộ … tại Công văn số 1848 … và" (Đắk Lắk)
    ],
)
def test_a_document_whose_assigned_tasks_the_reader_does_is_implemented(name: str, symbol: str) -> None:
    # relations.assigned; REVIEW.md T13, T26: what a document assigns, done by the reader, carries it out
    assert relation_in(name, symbol) == "implements"


def test_an_assignment_in_a_cited_documents_title_is_that_documents() -> None:
    text = (
        "Căn cứ Kế hoạch số 200/KH-UBND ngày 10/3/2024 của UBND tỉnh về thực hiện các nhiệm vụ được giao tại "
        "Chương trình số 39-CTr/TU ngày 05/01/2024 của Tỉnh ủy;"
    )
    assert relations(text) == {"200/KH-UBND": "basis", "39-CTr/TU": "mentions"}


@pytest.mark.parametrize(
    "name,symbol",
    [
        (
            "4431.txt",
            "21/QĐ-UBND",
        ),  # "Để triển khai thực hiện Nghị Quyết …; … trình UBND tỉnh ban hành các Quyết định số:"
        ("4431.txt", "480/QĐ-UBND"),  # … and the next ones of that list (Đắk Nông)
        (
            "4201.txt",
            "391-KH/TU",
        ),  # "Thực hiện nghiêm Chỉ thị số 45-CT/TW …, Ban Thường vụ Tỉnh ủy đã xây dựng Kế hoạch"
        (
            "3636.txt",
            "18-HD/HNDT",
        ),  # "Thực hiện Chỉ thị …, Ban Thường vụ … ban hành Kế hoạch số 176 …; Hướng dẫn số 18"
        ("3636.txt", "195-KH/HNDT"),  # … "và Kế hoạch số 195-KH/HNDT" (Bình Thuận)
    ],
)
def test_a_document_the_sentence_itself_issues_ends_the_openings_list(name: str, symbol: str) -> None:
    # relations.verb "ban hành (các) / xây dựng": the main clause's object, and the items after it, are no
    # items of the "Thực hiện …" list that opens the sentence
    assert relation_in(name, symbol) == "mentions"


def test_an_opening_list_goes_on_past_a_document_it_names() -> None:
    text = (
        "Thực hiện Nghị quyết số 12/NQ-CP ngày 10/01/2023 của Chính phủ; Kế hoạch số 45/KH-UBND ngày "
        "20/3/2023 của UBND tỉnh ban hành kèm theo Quy chế; Công văn số 67/SYT-NV ngày 01/4/2023 của Sở Y tế,"
    )
    assert relations(text) == {
        "12/NQ-CP": "implements",
        "45/KH-UBND": "implements",
        "67/SYT-NV": "implements",
    }


def test_an_alias_restating_a_symbol_keeps_its_relation_for_the_items_after_it() -> None:
    # "(sau đây gọi tắt là Nghị quyết số 09/NQ-CP)" is the same document: the items after its comma follow
    # the "Thực hiện" list, not the title reading of the restatement (gold 3364); a verb of its own still
    # relates a repeated symbol (2134)
    text = (
        "Thực hiện Nghị quyết số 09/NQ-CP ngày 02/02/2023 của Chính phủ (sau đây gọi tắt là Nghị quyết số "
        "09/NQ-CP), Chương trình số 37-CTr/TU ngày 17/11/2022 của Ban Chấp hành Đảng bộ tỉnh, Kế hoạch số "
        "125-KH/TU ngày 05/12/2022 của Ban Thường vụ Tỉnh ủy; UBND tỉnh ban hành Kế hoạch như sau:"
    )
    assert relations(text) == {"09/NQ-CP": "implements", "37-CTr/TU": "implements", "125-KH/TU": "implements"}
    assert relation_in("3364.docx", "125-KH/TU") == "implements"
