"""Cited documents by số ký hiệu (GOLD_FORMAT.md `references`), with the date and issuer next to them."""

from __future__ import annotations

import pytest

from kehoach.extract.references import find_references
from kehoach.rules import RuleSet
from tests.extract.conftest import CORPUS, HUE, extracted


@pytest.mark.parametrize(
    "text,symbol",
    [
        ("Quyết định số 23/QĐ-TTg ngày 07/01/2021", "23/QĐ-TTg"),  # administrative
        ("Nghị quyết số 07/2021/NQ-HĐND ngày 26/4/2021", "07/2021/NQ-HĐND"),  # normative
        ("Nghị quyết số 121/2020/QH14 ngày 19/6/2020", "121/2020/QH14"),
        ("Kế hoạch số 160-KH/TU ngày 28/6/2024", "160-KH/TU"),  # Party
        ("Công văn số 478/LĐTBXH-TE của Bộ", "478/LĐTBXH-TE"),  # công văn
        ("Quyết định số 1183/QĐ/TTg ngày 14/10/2024", "1183/QĐ/TTg"),
        ("Số: 51 /TTr-SNV", "51 /TTr-SNV"),
        ("theo QĐ số 3139/QÐ-UBND", "3139/QÐ-UBND"),  # Đ typed as Ð
        ("Quyết định số 1055/QD-UBND", "1055/QD-UBND"),  # Đ typed as D
        ("Số: 89 /KH - TrMN", "89 /KH - TrMN"),  # "Tr" (Trường) before capitals (gold 3368 Nghệ An)
        ("theo Kế hoạch số 409/KH-TrVH-TT", "409/KH-TrVH-TT"),  # a Trung tâm's code (gold 2449 Côn Đảo)
        ("Công văn số 05/ĐN-Cty của Công ty", "05/ĐN-Cty"),  # "Cty" (Công ty), gold 904 Lào Cai
        ("Kế hoạch số 12/KH-Trường THCS", "12/KH"),  # a word after the code is not a code
        ("Quyết định số 23 của UBND tỉnh", None),  # a bare number is not a reference
    ],
)
def test_reference_symbol(text: str, symbol: str | None, rules: RuleSet) -> None:
    assert [r.symbol for r in find_references(text, rules)] == ([symbol] if symbol else [])


def test_written_date_after_symbol_is_its_issue_date(rules: RuleSet) -> None:
    refs = find_references("Nghị quyết số 90/NQ-CP ngày 16 tháng 6 năm 2023 của Chính phủ", rules)
    assert (refs[0].issued, refs[0].issuer) == ("2023-06-16", "Chính phủ")


def test_ban_hanh_ngay_after_symbol_is_its_issue_date(rules: RuleSet) -> None:
    refs = find_references("Kế hoạch số 12/KH-UBND ban hành ngày 05/01/2024", rules)
    assert refs[0].issued == "2024-01-05"


def test_date_and_body_opening_the_sentence_belong_to_the_symbol(rules: RuleSet) -> None:
    text = "Ngày 23/01/2017, UBND tỉnh Đắk Nông ban hành Công văn số 445/UBND-NN về việc giao chỉ tiêu."
    ref = find_references(text, rules)[0]
    assert (ref.issued, ref.issuer) == ("2017-01-23", "Ủy ban nhân dân tỉnh Đắk Nông")


def test_issuer_code_implies_the_issuer(rules: RuleSet) -> None:
    assert find_references("Quyết định số 90/QĐ-TTg", rules)[0].issuer == "Thủ tướng Chính phủ"


def test_hue_bulletin_cites_six_documents_once_each() -> None:
    refs = extracted(HUE).references
    assert [r.symbol for r in refs] == [
        "113/KH-UBND",
        "208/KH-UBND",
        "07/2021/NQ-HĐND",
        "121/2020/QH14",
        "23/CT-TTg",
        "23/QĐ-TTg",
    ]


@pytest.mark.parametrize(
    "name,symbol",
    [
        ("3703.docx", "603 /PGDĐT"),  # Hà Tĩnh: "Thực hiện Công văn số 603 /PGDĐT …" with no "của"
        ("3641.pdf", "234/QĐ-PGD&ĐT"),  # Khánh Hòa: the code written with "&"
        ("3641.pdf", "1016/PGDDT-GDMN"),  # … and without the stroke
    ],
)
def test_a_district_education_office_code_names_the_office(name: str, symbol: str) -> None:
    # issuers.yml PGDĐT: the office's bare name (its district is not in the code)
    refs = [r for r in extracted(CORPUS / "gold" / name).references if r.symbol == symbol]
    assert refs and refs[0].issuer == "Phòng Giáo dục và Đào tạo"


@pytest.mark.parametrize(
    "name,symbol,issuer",
    [
        ("3760.txt", "01/KH-VKSTC", "Viện kiểm sát nhân dân tối cao"),  # a central body's code alone
        ("2100.docx", "06/KH-MTTW-BTT", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
        ("3631.txt", "2345/BGD&ĐT", "Bộ Giáo dục và Đào tạo"),  # the code written with "&" is BGDĐT
    ],
)
def test_a_central_code_names_its_body_and_a_code_reads_with_or_without_its_ampersand(
    name: str, symbol: str, issuer: str
) -> None:
    refs = [r for r in extracted(CORPUS / "gold" / name).references if r.symbol == symbol]
    assert refs and refs[0].issuer == issuer


@pytest.mark.parametrize(
    "name,symbol",
    [
        ("1930.pdf", "403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN"),  # Điện Biên: a joint resolution's codes
        ("2101.pdf", "102/2025/NQLT-UBTVQH15-CP- ĐCTUBTWMTTQVN"),  # Khánh Hòa
        ("401.txt", "176/KHLT /BVCSTE-MT-CĐTNĐ-C68-TCTDTT-CTHSSV-HĐĐTW-ĐCT-DSGĐTE"),  # Hòa Bình: 10 codes
    ],
)
def test_a_joint_symbol_is_read_to_its_last_code(name: str, symbol: str) -> None:
    # references.symbol: a code ending in digits ("UBTVQH14-CP") starts no symbol of its own, so the window
    # around the number reaches past it; a joint document lists up to ten codes of up to 13 letters
    assert symbol in [r.symbol for r in extracted(CORPUS / "gold" / name).references]


@pytest.mark.parametrize(
    "name,symbol",
    [
        ("4410.docx", "1891/KH-PGDĐT"),  # "Căn cứ Kế hoạch số1891/KH-PGDĐT, ngày 9/9/2022"
        ("4438.docx", "1415/PGD&ĐT-GDMN"),  # "Căn cứ vào Công văn số1415/PGD&ĐT-GDMN" (Hà Tĩnh)
        ("1513.txt", "12/KH-THTBS"),  # "Căn cứ kế hoạch số12/KH-THTBS ngày 09/9/2024" (Thừa Thiên Huế)
        ("1053.docx", "48-CT/TW"),  # "Chỉ thị số48-CT/TW ngày 22/10/2010 của Bộ Chính trị"
    ],
)
def test_a_number_typed_against_so_is_read(name: str, symbol: str) -> None:
    # references.symbol: "số" glued to the number it introduces is no word of its own
    assert symbol in [r.symbol for r in extracted(CORPUS / "gold" / name).references]


@pytest.mark.parametrize(
    "name,symbol,issuer",
    [
        ("4100.txt", "17/2012/TT-BGD ĐT", "Bộ Giáo dục và Đào tạo"),  # "Thông tư số 17/2012/TT-BGD ĐT"
        ("4438.docx", "13/2010/TT - BGD& ĐT", "Bộ Giáo dục và Đào tạo"),  # "BGD& ĐT" (Hà Tĩnh)
        ("4442.docx", "59/BC-PGD & ĐT", "Phòng Giáo dục và Đào tạo"),  # "PGD & ĐT" (Nghệ An)
        ("3638.txt", "28/2026/TT-BGD ĐT", "Bộ Giáo dục và Đào tạo"),
    ],
)
def test_the_education_code_typed_with_a_space_is_one_code(name: str, symbol: str, issuer: str) -> None:
    # references.yml CODE: "GD ĐT", "GD& ĐT", "GD & ĐT" are GD&ĐT; issuers.yml reads it as BGDĐT / PGDĐT
    refs = [r for r in extracted(CORPUS / "gold" / name).references if r.symbol == symbol]
    assert refs and refs[0].issuer == issuer
