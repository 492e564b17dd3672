"""The subject: the numbered document a text is about (GOLD_FORMAT.md `subject`)."""

from __future__ import annotations

import pytest

from kehoach.extract.subject import find_subject, top_lines
from kehoach.rules import load_rules
from tests.extract.conftest import CORPUS, HUE, extracted, gold_issuer


def test_hue_bulletin_is_about_plan_113_issued_by_the_province() -> None:
    subject = extracted(HUE).subject
    assert subject is not None
    assert (subject.symbol, subject.issued) == ("113/KH-UBND", "2023-03-23")
    assert subject.issuer == "Ủy ban nhân dân tỉnh Thừa Thiên Huế"
    assert extracted(HUE).province == "Thừa Thiên Huế"


def test_header_number_line_names_the_subject_even_when_the_title_repeats_it() -> None:
    # corpus/gold/121: "Kế hoạch 224/KH-UBND" in the portal title, then the header "Số: 224/KH-UBND"
    subject = extracted(CORPUS / "gold" / "121.txt").subject
    assert subject is not None and subject.symbol == "224/KH-UBND"
    assert subject.issued == "2022-12-07"


def test_metadata_table_number_is_the_subject() -> None:
    # corpus/gold/311: "Số hiệu\n3109/QĐ-UBND" of a legal portal's table
    subject = extracted(CORPUS / "gold" / "311.txt").subject
    assert subject is not None and subject.symbol == "3109/QĐ-UBND"


def test_signing_sentence_announces_the_subject() -> None:
    text = "Phó Thủ tướng ký vừa Quyết định 525/QĐ-TTg ban hành Kế hoạch thực hiện Chỉ thị 29-CT/TW."
    result = extracted_text(text)
    assert result is not None and result.symbol == "525/QĐ-TTg" and result.issuer == "Thủ tướng Chính phủ"


def test_a_document_cited_in_the_title_is_not_the_subject() -> None:
    # corpus/gold/117: "Chương trình hành động của Ban Thường vụ Thành ủy Thực hiện Nghị quyết số 45-NQ/TW"
    subject = extracted(CORPUS / "gold" / "117.txt").subject
    assert subject is not None and subject.symbol is None
    assert subject.issuer == "Ban Thường vụ Thành ủy Hải Phòng"


def test_issuing_sentence_gives_issuer_of_an_unnumbered_plan() -> None:
    text = "Sở Du lịch Quảng Ninh đã xây dựng kế hoạch triển khai chủ đề công tác năm 2020."
    subject = extracted_text(text)
    assert subject is not None and subject.symbol is None
    assert subject.issuer == "Sở Du lịch tỉnh Quảng Ninh"  # the province's level added (corpus/gold/102)


def test_no_subject_when_the_text_is_about_no_document() -> None:
    assert extracted_text("Thời tiết hôm nay nắng nhẹ, nhiệt độ 30 độ C.") is None


def extracted_text(text: str):  # type: ignore[no-untyped-def]
    from kehoach.extract.references import find_references

    refs = find_references(text, load_rules())
    return find_subject(text, refs, (), load_rules(), None)


@pytest.mark.parametrize(
    "name,kind,doc_type",
    [
        ("306.txt", "other", "Công văn"),  # "Số: 199/LĐTBXH-BĐG" + "V/v …": a công văn has no type code
        ("603.pdf", "other", "Tờ trình"),  # "Số: 124 /TTr-SNV" and "TỜ TRÌNH"
        ("601.pdf", "other", "Công điện"),  # "CÔNG ĐIỆN mời dự Hội nghị …"
        ("409.txt", "other", "Văn bản"),  # a bulletin about "văn bản số 4235/UBND- KGVX": the type as named
        ("109.txt", "plan_text", "Kế hoạch"),  # a plan reprinted whole under "KẾ HOẠCH TỔ CHỨC …", no header
        ("117.txt", "plan_text", "Chương trình hành động"),  # "Chương trình hành động của Ban Thường vụ …"
        ("113.txt", "plan_text", "Quyết định"),  # a Quyết định that issues a plan carries it
        ("110.txt", "announcement", "Kế hoạch"),  # "Theo đó, Kế hoạch đưa ra các chỉ tiêu …", no number
    ],
)
def test_kind_and_type_come_from_the_documents_own_header(name: str, kind: str, doc_type: str) -> None:
    result = extracted(CORPUS / "gold" / name)
    assert (result.kind, result.subject and result.subject.doc_type) == (kind, doc_type)


def test_city_under_the_centre_is_a_thanh_pho() -> None:
    # corpus/gold/311: "UBND" of Cần Thơ is "Ủy ban nhân dân thành phố Cần Thơ" (provinces.yml kind)
    subject = extracted(CORPUS / "gold" / "311.txt").subject
    assert subject is not None and subject.issuer == "Ủy ban nhân dân thành phố Cần Thơ"


def test_an_unlisted_body_after_cho_biet_or_as_a_passive_agent_issues_the_plan() -> None:
    # corpus/gold/2972: "… Bộ Y tế cho biết Ban Chỉ đạo liên ngành Trung ương … đã ban hành Kế hoạch";
    # 2937: "Kế hoạch … vừa được Ban thường trực Ban Chỉ đạo phong trào … tỉnh ban hành" (Đồng Nai)
    told = extracted(CORPUS / "gold" / "2972.txt").subject
    assert (
        told is not None and told.issuer == "Ban Chỉ đạo liên ngành Trung ương về vệ sinh an toàn thực phẩm"
    )
    passive = extracted(CORPUS / "gold" / "2937.txt").subject
    assert passive is not None and passive.issuer is not None
    assert passive.issuer.startswith("Ban thường trực Ban Chỉ đạo phong trào")
    assert passive.issuer.endswith("văn hóa tỉnh Đồng Nai")


def test_a_bare_provincial_committee_takes_the_province_its_paper_is_named_after() -> None:
    # corpus/gold/1503 on baovinhlong.com.vn: "Theo UBND tỉnh, …" with no province in the text
    subject = extracted(CORPUS / "gold" / "1503.txt").subject
    assert subject is not None and subject.issuer == "Ủy ban nhân dân tỉnh Vĩnh Long"


def test_the_body_after_a_cited_number_in_the_headline_issued_that_document_only() -> None:
    # corpus/gold/2344: "Chương trình thực hiện Chỉ thị 13-CT/TW của Ban Bí thư …" is the Tỉnh ủy's programme
    subject = extracted(CORPUS / "gold" / "2344.docx").subject
    assert subject is not None and subject.issuer is not None
    assert subject.issuer.endswith("Tỉnh ủy Thừa Thiên Huế")


def test_a_body_whose_officer_signs_issues_the_document_an_office_signs_for_its_committee() -> None:
    # corpus/gold/2364: "Phó Tổng cục Trưởng Tổng cục Thể dục Thể thao (TDTT) Nguyễn Hồng Minh vừa ký ban hành
    # Thông báo"; 1410: "Phó Chánh Văn phòng UBND tỉnh Tuyên Quang Nguyễn Thanh đã ký": the committee's letter
    signed = extracted(CORPUS / "gold" / "2364.docx").subject
    assert signed is not None and signed.issuer == "Tổng cục Thể dục Thể thao"
    office = extracted(CORPUS / "gold" / "1410.txt").subject
    assert office is not None and office.issuer == "Ủy ban nhân dân tỉnh Tuyên Quang"


@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        ("3107.pdf", "Viện kiểm sát nhân dân huyện Chợ Lách"),  # "… đã tổ chức triển khai Kế hoạch" (Bến Tre)
        ("2487.docx", "Phường Ba Đình"),  # "Phường Ba Đình tổ chức ra quân …" (Hà Nội)
        ("2944.pdf", "Trung tâm Kỹ thuật Nông nghiệp thành phố"),  # Tam Kỳ's, not "thành phố Quảng Nam"
    ],
)
def test_a_body_no_rule_reads_issues_what_it_does_itself(name: str, issuer: str) -> None:
    assert gold_issuer(name) == issuer


@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        ("3139.txt", "Hội Chữ thập đỏ tỉnh Cà Mau"),  # "Hội Chữ thập đỏ tỉnh (Hội) Cà Mau vừa ban hành …"
        ("3243.txt", "Liên minh Hợp tác xã Việt Nam"),  # "Ngày 06 tháng 10 năm 2023 Liên minh … (HTX)"
        ("3203.docx", "Liên đoàn Lao động Quận Hai Bà Trưng"),  # "Ngày 19/11/2019 LĐLĐ Quận Hai Bà Trưng …"
        # "… cho biết, Ban Chỉ đạo liên ngành T.Ư về vệ sinh an toàn thực phẩm đã ban hành Kế hoạch …"
        ("3236.txt", "Ban Chỉ đạo liên ngành Trung ương về vệ sinh an toàn thực phẩm"),
    ],
)
def test_an_unlisted_body_is_read_past_a_date_a_gloss_and_an_abbreviation(name: str, issuer: str) -> None:
    assert gold_issuer(name) == issuer


@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        ("2495.txt", "Ủy ban nhân dân thị xã Ninh Hòa"),  # "UBND thị xã Ninh Hòa: Triển khai kế hoạch …"
        ("3365.txt", "Bệnh viện Đa khoa tỉnh Hòa Bình"),  # "… tỉnh Hòa Bình duyệt kế hoạch hoạt động …"
        ("3369.txt", "Huyện Đoàn M'Đrắk"),  # "Huyện Đoàn M'Đrắk ra quân Tháng Thanh niên năm 2019"
    ],
)
def test_the_body_a_headline_opens_with_acts_in_the_bulletin(name: str, issuer: str) -> None:
    assert gold_issuer(name) == issuer


def test_a_pdf_line_that_wraps_a_sentence_is_no_headline() -> None:
    # corpus/gold/2406: "… Nghị quyết số 28/NQ-CP ngày 01/3/2023 của\nChính phủ ban hành Chương trình …"
    subject = extracted(CORPUS / "gold" / "2406.pdf").subject
    assert subject is None or subject.issuer is None


@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        ("3336.txt", "Ủy ban nhân dân huyện Châu Thành"),  # "thông qua Kế hoạch của UBND huyện Châu Thành"
        ("1517.txt", "Bộ Chính trị"),  # "quán triệt, triển khai thực hiện 4 Nghị quyết của Bộ Chính trị"
    ],
)
def test_the_body_a_reported_document_is_of_issues_it(name: str, issuer: str) -> None:
    assert gold_issuer(name) == issuer


def test_a_last_resort_issuer_gives_the_subject_no_period() -> None:
    # corpus/gold/406 (Yên Bái): "Nghị quyết của Tỉnh ủy" names the issuer, not the years of its targets
    subject = extracted(CORPUS / "gold" / "406.txt").subject
    assert subject is not None and subject.issuer == "Tỉnh ủy Yên Bái" and subject.period is None


@pytest.mark.parametrize(
    ("name", "symbol"),
    [
        ("1666.txt", None),  # "… Ban Thường vụ Đảng ủy NHPT đã ban hành Kế hoạch số 101-KH/ĐU" (VDB)
        ("1858.txt", None),  # election news recalling "Bộ Chính trị đã ban hành Chỉ thị số 45-CT/TW"
        ("1962.txt", None),  # a meeting's news, "ban hành Quyết định số 1576/QĐ-UBND" further down
        ("2145.txt", None),  # inspections' news, "Sở … đã ban hành Quyết định số 1315/QĐ-SGDĐT"
        ("2647.txt", None),  # "Tại buổi Hội nghị, bà … triển khai kế hoạch số 200/KH-UBND" (TP HCM)
        ("2034.txt", "108-KH/QU"),  # past the lead, under the headline "Kế hoạch tổ chức …" (Hà Nội)
        ("2066.txt", "15 – KH/HNDTW"),  # past the lead, which says "đã ký ban hành Kế hoạch …"
        ("500.txt", "107/KH-UBND"),  # "UBND tỉnh đã ban hành Kế hoạch số 107/KH-UBND" in the lead
        ("2663.txt", None),  # "… giữ nguyên các môn thi đấu theo Kế hoạch số 047/KH-UBND" further down
        ("701.txt", "269/KH-UBND"),  # "… theo Kế hoạch số 269/KH-UBND" in the lead
    ],
)
def test_a_bulletin_announces_only_a_document_its_lead_tells_of(name: str, symbol: str | None) -> None:
    subject = extracted(CORPUS / "gold" / name).subject
    assert (subject.symbol if subject else None) == symbol


@pytest.mark.parametrize(
    ("name", "symbol"),
    [
        # "Thực hiện Nghị quyết …; Quyết định số 2818/QĐ-UBND … về việc Ban hành Kế hoạch hành động triển khai
        # Chương trình hành động số 21-CTHĐ/TU …; Từ ngày 22-29/02/2024, Sở … đã tổ chức" (Quảng Trị)
        ("3533.txt", None),
        # "Thực hiện Nghị quyết số 09/NQ-CP …, Kế hoạch số 125-KH/TU …; chỉ đạo của Ban cán sự đảng … tại Công
        # văn số 571-CV/UBND …, Ủy ban nhân dân tỉnh xây dựng Kế hoạch …" (Cà Mau)
        ("3364.docx", None),
        # "Thực hiện Kế hoạch số 217/KH - UBND …;\nKế hoạch 409/KH-TrVH-TT … đã được UBND huyện phê duyệt tại
        # văn bản số 169/UBND – VHTT …" (Côn Đảo, Bà Rịa - Vũng Tàu)
        ("2449.docx", None),
        # a ";" before a body that acts closes the list: "Thực hiện … Kế hoạch hưởng ứng Ngày Pháp luật …; Ủy
        # ban nhân dân Thành phố Cần Thơ đã ban hành Kế hoạch số 187/KH-UBND" (Cần Thơ)
        ("3341.docx", "187/KH-UBND"),
    ],
)
def test_an_item_of_a_thuc_hien_list_after_a_semicolon_is_cited(name: str, symbol: str | None) -> None:
    subject = extracted(CORPUS / "gold" / name).subject
    assert (subject.symbol if subject else None) == symbol


def test_a_level_written_short_is_part_of_the_body_name() -> None:
    # corpus/gold/2666 (Bạc Liêu): "Chiều 19/12, Công an TX. Giá Rai triển khai kế hoạch …": the dot of "TX."
    # ends no sentence, and the force's level is written out
    subject = extracted(CORPUS / "gold" / "2666.txt").subject
    assert subject is not None and subject.issuer == "Công an thị xã Giá Rai"


@pytest.mark.parametrize(
    "name,doc_type",
    [
        ("1584.txt", "Hướng dẫn"),  # "Hướng dẫn sản xuất trồng trọt …" (Phú Yên), not the decree it cites
        ("1941.txt", "Đề cương"),  # "Đề cương tuyên truyền …", named nowhere else
        ("2032.pdf", "Biên bản"),  # "BIÊN BẢN KIỂM TRA, ĐÁNH GIÁ …" (Đồng Tháp)
        ("3610.pdf", "Bản tin"),  # "BẢN TIN NỘI BỘ" of a district Party committee (Hải Dương)
        ("3535.docx", "Bản tin"),  # "BẢN TIN THÔNG BÁO NỘI BỘ (phục vụ sinh hoạt chi bộ …)" (Kon Tum)
    ],
)
def test_the_page_title_types_a_subject_with_no_number(name: str, doc_type: str) -> None:
    # subject.title_headline (issue 20): the type word that opens the page's first line before its trích yếu
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is not None and subject.symbol is None and subject.doc_type == doc_type


@pytest.mark.parametrize(
    "name,doc_type",
    [
        ("3643.txt", "Báo cáo"),  # "CÔNG ĐOÀN THCS TRẦN CAO VÂN\nBÁO CÁO" under a menu's "Kế hoạch …" (Huế)
        ("1358.txt", "Báo cáo"),  # a bulletin relaying a "BÁO CÁO TÓM TẮT", not a cited Nghị quyết (Đồng Nai)
        ("3337.docx", "Công văn"),  # "CÔNG VĂN CỦA UBND TỈNH …" under a menu's "Thông báo" (Cà Mau)
    ],
)
def test_a_title_block_types_a_subject_without_a_place_date_line(name: str, doc_type: str) -> None:
    # subject.title_type: the title block's upper-case type word, also when the page kept no place-date line
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is not None and subject.doc_type == doc_type


@pytest.mark.parametrize(
    ("name", "issued"),
    [
        (
            "4261.txt",
            "2021-05-26",
        ),  # "Ngày 26/5/2021 Ủy ban nhân dân huyện Thanh Trì ra công văn về việc …" (Hà Nội)
        (
            "2491.txt",
            "2019-10-09",
        ),  # "Sở VH, TT&DL Quảng Nam có CV 1274 ngày 9.10.2019 về việc …" (Quảng Nam)
    ],
)
def test_an_unnumbered_letter_a_bulletin_issues_takes_its_own_date(name: str, issued: str) -> None:
    # letter_date(): the issuing sentence's date before its verb, else the one written right after its word
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is not None and (subject.symbol, subject.doc_type, subject.issued) == (
        None,
        "Công văn",
        issued,
    )


def test_an_unnumbered_letter_takes_no_date_of_the_plan_it_cites() -> None:
    # corpus/gold/1960 (Quảng Trị): "… theo Kế hoạch số 2448/KH-UBND ngày 15/7/2019 …,\nPhòng Văn hóa … đã ban
    # hành công văn về việc đôn đốc …": the plan's date is not the letter's
    subject = extracted(CORPUS / "gold" / "1960.txt").subject
    assert subject is not None and subject.doc_type == "Công văn" and subject.issued is None


def test_a_headed_letter_with_no_number_takes_its_title_block_type() -> None:
    # corpus/gold/2341 (Hòa Bình): "ỦY BAN NHÂN DÂN HUYỆN MAI CHÂU … Mai Châu, ngày 19 tháng 12 năm 2019"
    # then "THƯ NGỎ"
    subject = extracted(CORPUS / "gold" / "2341.pdf").subject
    assert subject is not None and subject.doc_type == "Thư ngỏ"


@pytest.mark.parametrize(
    "name",
    [
        "2680.pdf",  # "UBND xã Hiệp Hòa Thông báo như sau:" (Quảng Nam); its item 2 names a police "Kế hoạch"
        "1665.txt",  # "Hiệu trưởng thông báo kế hoạch nghỉ Tết … như sau:" (a university in Đà Nẵng)
    ],
)
def test_a_text_that_says_it_notifies_is_the_notice(name: str) -> None:
    # spoken_type() (issue 20): the act of the sentence closing its preamble (subject.own_speech)
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is not None and subject.doc_type == "Thông báo"


@pytest.mark.parametrize(
    "name",
    [
        "2373.pdf",  # "Báo cáo tình hình kinh tế - xã hội …" (Cao Bằng): "UBND tỉnh đã ban hành Kế hoạch …"
        "3311.pdf",  # "Báo cáo tình hình công tác tuần …" (Quảng Bình): "UBND tỉnh đã ban hành kế hoạch …"
    ],
)
def test_a_sentence_that_issues_another_type_names_no_issuer_of_the_report(name: str) -> None:
    # issued_another() (issue 20): the sentence issued a plan, not the report the headline names
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is not None and subject.doc_type == "Báo cáo" and subject.issuer is None


@pytest.mark.parametrize(
    "name,issuer",
    [
        ("1707.txt", "Trường Mầm non Đông Giang"),  # "LỊCH CHỈ ĐẠO … / TRƯỜNG MN ĐÔNG GIANG" (Quảng Nam)
        ("3314.pdf", "Trường Trung học cơ sở Hà Trung"),  # "… PHÁT TRIỂN TRƯỜNG THCS HÀ / TRUNG" (Quảng Ninh)
    ],
)
def test_a_plan_text_with_no_header_is_the_school_its_title_names(name: str, issuer: str) -> None:
    # titled_school() (issue 20): no header, issuing sentence or signature; the longest name (a line wraps)
    assert gold_issuer(name) == issuer


@pytest.mark.parametrize(
    "name,doc_type",
    [
        ("3365.txt", "Kế hoạch"),  # "… duyệt kế hoạch hoạt động …" over the Đề án its body names (Hòa Bình)
        ("3537.txt", "Kế hoạch"),  # "nghe kế hoạch phát triển …" before "triển khai chương trình …" (Huế)
        ("2455.txt", "Kế hoạch"),  # "họp để thảo luận kế hoạch tổ chức khảo sát, giám sát" (Bến Tre)
        ("1412.txt", "Kế hoạch"),  # "về kế hoạch hành động thực hiện Nghị quyết …": not the Nghị quyết
    ],
)
def test_a_plan_named_in_lower_case_in_the_lead_is_the_reported_type(name: str, doc_type: str) -> None:
    # subject.lead_plan_noun: the lead's "kế hoạch" comes before any capitalised type the body names
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is not None and subject.doc_type == doc_type


@pytest.mark.parametrize(
    "name,doc_type",
    [
        ("1363.txt", "Kế hoạch"),  # headline "Kế hoạch hành động Tháng thanh niên …" (Thành đoàn Hà Nội)
        ("3571.txt", "Kế hoạch"),  # headline "Kế hoạch hành động của Bộ Công Thương thúc đẩy …"
        ("4235.txt", "Kế hoạch"),  # "Họp thống nhất dự thảo kế hoạch hành động thực hiện …" (Gia Lai)
        ("804.docx", "Kế hoạch hành động"),  # a title block's type line keeps the compound
        ("917.txt", "Chương trình hành động"),  # a news item's "Chương trình hành động" stays
    ],
)
def test_a_news_items_action_plan_is_a_ke_hoach(name: str, doc_type: str) -> None:
    # doc_types.yml told_in_news (REVIEW.md T38): no title block, so "kế hoạch hành động" is a "Kế hoạch"
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is not None and subject.doc_type == doc_type


@pytest.mark.parametrize(
    "name,doc_type",
    [
        ("4038.txt", None),  # "Thực hiện Kế hoạch số 77/KH-TYT …": news of the activity done (An Giang)
        ("2942.txt", None),  # "Thực hiện Kế hoạch số 215/KH-VKS …" (a procuracy)
        ("3960.txt", None),  # "Thực hiện Kế hoạch số 84/KH-UBND …" (Sơn La)
        ("3967.txt", "Kế hoạch"),  # "… nêu tại Kế hoạch số 72/KH-SXD. Theo đó, …": the plan told of
        ("2860.txt", "Kế hoạch"),  # a plan's text ("I. MỤC ĐÍCH, YÊU CẦU") keeps the fallback
    ],
)
def test_a_plan_carried_out_in_a_basis_clause_gives_no_type(name: str, doc_type: str | None) -> None:
    # subject.yml basis_before (REVIEW.md T42): the cited plan's type is not the news item's or letter's
    subject = extracted(CORPUS / "gold" / name).subject
    assert (subject and subject.doc_type) == doc_type


@pytest.mark.parametrize("name", ["1207.txt", "915.txt", "2135.txt"])
def test_a_figure_against_the_plan_or_making_plans_names_no_plan(name: str) -> None:
    # "đạt 54% kế hoạch", "tăng 0,5% so với kế hoạch", "các Tổ xây dựng kế hoạch …": no plan the item is about
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is None or subject.doc_type != "Kế hoạch"


@pytest.mark.parametrize(
    "name,doc_type",
    [
        ("3511.docx", "Báo cáo"),  # "Dự thảo báo cáo chính trị …" over a Party draft "Số -BC/TU" (Phú Thọ)
        ("3043.docx", "Chỉ thị"),  # "Lấy ý kiến góp ý đối với dự thảo Chỉ thị …", not a cited decision's plan
        ("3013.txt", "Thông tư"),  # "Theo dự thảo Thông tư thay thế Thông tư số 01/2016/TT-BCA" (ANTĐ)
    ],
)
def test_a_draft_named_in_the_headline_or_lead_is_the_type(name: str, doc_type: str) -> None:
    # subject.draft_headline; a meeting adopting or hearing a draft stays news of the meeting (1508: no type)
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is not None and subject.doc_type == doc_type


def test_a_draft_a_meeting_adopts_gives_no_type() -> None:
    subject = extracted(CORPUS / "gold" / "1508.docx").subject
    assert subject is None or subject.doc_type is None


@pytest.mark.parametrize(
    "name,issuer",
    [
        ("3930.docx", "Nhà Thiếu nhi tỉnh"),  # "BCH ĐOÀN TỈNH HƯNG YÊN NHÀ THIẾU NHI TỈNH ***" (Hưng Yên)
        (
            "2866.docx",
            "Ban Chấp hành Đoàn cơ sở công ty TNHH MTV QLKTCT Thủy Lợi tỉnh Quảng Trị",
        ),  # "ĐOÀN KHỐI …"
        ("1352.docx", "Ban Chấp hành Đoàn huyện Thọ Xuân tỉnh Thanh Hóa"),  # "TỈNH ĐOÀN THANH HÓA BCH ĐOÀN …"
    ],
)
def test_a_youth_union_header_on_one_line_is_its_lower_cell(name: str, issuer: str) -> None:
    # subject.yml header_child: the two left cells on one line, the Union's column "ĐOÀN TNCS …" under them
    assert gold_issuer(name) == issuer


@pytest.mark.parametrize(
    "name,doc_type,kind",
    [
        ("3603.txt", "Kế hoạch", "plan_text"),  # "ngày tháng 9 năm 2022 KẾ HOẠCH …": its day left blank
        ("3968.pdf", "Công văn", "other"),  # "Số: 2294/LĐTBXH-BVCSTE … V/v: Thực hiện QĐ số 19/2004/QĐ-TTg"
    ],
)
def test_the_header_fields_read_as_written(name: str, doc_type: str, kind: str) -> None:
    # subject.title_type after a place-date whose day is blank; subject.cong_van_line "V/v:" with its colon
    result = extracted(CORPUS / "gold" / name)
    assert result.subject is not None and result.subject.doc_type == doc_type
    assert result.kind == kind


def test_a_session_agenda_is_no_plan() -> None:
    # subject.plan_news: "thống nhất nội dung, chương trình Kỳ họp thứ nhất" is an agenda (Kim Thành)
    assert extracted(CORPUS / "gold" / "3934.pdf").kind == "other"


@pytest.mark.parametrize(
    "name,issued",
    [
        ("3660.pdf", "2016-09-30"),  # "Củ Chi, ngày30tháng 9 năm 2016": day and words glued (Hồ Chí Minh)
        ("4039.txt", "2019-04-23"),  # "Định Hoá, ngày23tháng 4 năm 2019" (Thái Nguyên)
        ("3730.txt", "2022-04-12"),  # "Số: /KH-TP1 TuyPhước, ngày 12tháng …": a digit in the code (Bình Định)
        ("3704.pdf", "2020-12-17"),  # "Số: /KH- THS2QP Quảng Phú, ngày 17 …": a spaced tail (Quảng Bình)
    ],
)
def test_the_place_date_line_after_a_school_code_dates_the_plan(name: str, issued: str) -> None:
    # dates.written glued after "ngày"; subject.place_date after a code with digits or a spaced tail
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is not None and subject.issued == issued


@pytest.mark.parametrize(
    "name,province",
    [
        ("3903.pdf", "Bình Định"),  # "SỞ GDĐT BÌNH ĐỊNH" over "TRƯỜNG THPT VÕ GIỮ", a notice
        ("4011.pdf", "Đắk Lắk"),  # "SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK" over a school
        ("3646.txt", "Quảng Ngãi"),  # "SỞ GD-ĐT QUẢNG NGÃI TRƯỜNG THPT BA GIA" on one line
    ],
)
def test_the_header_line_above_the_body_names_the_province(name: str, province: str) -> None:
    # subject.header_levels: the parent's line, when the issuing body's own line names no province
    assert extracted(CORPUS / "gold" / name).province == province


@pytest.mark.parametrize(
    "name,issued",
    [
        ("1805.txt", "2018-06-07"),  # "Hà Nội, ngày 07 tháng 06 n" cut; "Ngày ban hành: 07/06/2018"
        ("3031.txt", "2018-10-24"),  # a letter under "Ngày ban hành: 24/10/2018" (Cục KCB)
    ],
)
def test_a_legal_portals_issue_date_field_dates_the_document(name: str, issued: str) -> None:
    # subject.signed_at: read when no place-date line reads a whole date
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is not None and subject.issued == issued


@pytest.mark.parametrize(
    ("name", "symbol", "doc_type", "issued"),
    [
        # "Chào mừng đến với Cổng thông tin điện tử …\nCông văn số: 1582/SGDĐT-KHTC, ngày 16 tháng 08 năm 2019
        # V/v …": a letter's header flattened onto one line under a portal's greeting (Bà Rịa - Vũng Tàu)
        ("4100.txt", "1582/SGDĐT-KHTC", "Công văn", "2019-08-16"),
        # "• Tất cả: 1\nChỉ thị số 15-CT/TU ngày 26/5/2023 của Ban Thường vụ Tỉnh ủy Nam Định …" (Nam Định)
        ("4164.txt", "15-CT/TU", "Chỉ thị", "2023-05-26"),
        # a headline, then the lead "Quyết định số 281/QĐ-TTg ban hành Kế hoạch triển khai …" (national)
        ("3247.docx", "281/QĐ-TTg", "Quyết định", None),
        ("1355.txt", "408/TB-VPCP", "Thông báo", "2025-08-08"),  # the first line, as before
        # behind the page's lead-in (subject.headline_lead_in): a digest's item and its body, "1. Chính phủ:
        # Nghị quyết số 169/NQ-CP ngày 11/11/2020 …" (bqllang.gov.vn); a source tag and "Theo đó", "GNO - Theo
        # đó Thông báo số 231/TB-HĐTS của …" (giacngo.vn)
        ("2943.txt", "169/NQ-CP", "Nghị quyết", "2020-11-11"),
        ("4703.txt", "231/TB-HĐTS", "Thông báo", None),
        # the type written as its code: "TB 30/PGDĐT - Về việc dời thời gian …" (Kiên Giang)
        ("3136.pdf", "30/PGDĐT", "Thông báo", None),
    ],
)
def test_a_line_that_opens_on_type_and_number_above_the_prose_is_the_headline(
    name: str, symbol: str, doc_type: str, issued: str | None
) -> None:
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is not None
    assert (subject.symbol, subject.doc_type, subject.issued) == (symbol, doc_type, issued)


def test_a_line_that_opens_on_type_and_number_under_prose_is_cited() -> None:
    # "Căn cứ …:\nQuyết định số …": a line of prose above ends the page's top lines (`top_lines`)
    text = (
        "Tin tức\nCăn cứ các văn bản sau:\nQuyết định số 12/QĐ-UBND ngày 05/01/2024 của UBND tỉnh về việc …\n"
        "Sở Y tế tổ chức hội nghị tập huấn cho cán bộ y tế cơ sở."
    )
    assert list(top_lines(text)) == [(0, 7), (8, 31)]
