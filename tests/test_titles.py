"""Titles are the document's own (issue 20): type, number and trích yếu of a plan's text, the headline of a
bulletin, never page chrome. Every document of corpus/ (not the held-out corpus/fresh) is checked."""

from __future__ import annotations

import pytest
import regex

from kehoach.records import Extraction
from kehoach.run import run
from tests.conftest import CORPUS

FILES = sorted(
    p
    for p in CORPUS.rglob("*")
    if p.suffix in (".txt", ".docx", ".pdf") and "fresh" not in p.relative_to(CORPUS).parts
)
SLOW = {".pdf"}  # pdfplumber reads about 2.5 pages a second

# Shapes a title must never have: the national motto, the header's number or place-date line, a legal
# portal's login banner, a portal's name or widgets, a feed's date stamp (issue 20's boilerplate titles).
FORBIDDEN = [
    r"^(?:CỘNG\s*)?HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA",
    r"^Độc\s+lập\s*[-–]\s*Tự\s+do",
    r"^Số\s*:",
    r"^\p{Lu}[\p{L} ]{1,30},\s*ngày\s+(?:\d|tháng)",
    r"^Để\s+sử\s+dụng\s+toàn\s+bộ\s+tiện\s+ích",
    r"^Welcome\s+to\b",
    r"^(?:Sign\s+In|Skip\s+Ribbon|Đăng\s+nhập|Logo\b)",
    r"^date\s+\d{4}",
    r"^[•·]",
    r"^Cổng\s+thông\s+tin\s+điện\s+tử",
    r"^Đang\s+(?:tải|chuẩn\s+bị)",
    r"(?!\p{Latin})\p{L}",  # mojibake: a PDF font without a Unicode map read as Cyrillic
    r"\bS[ốóôoỏồ]\s*:\s*\S",  # an OCR'd header's number line
    r"\d{1,2}/\d{1,2}/\d{4},?\s+\d{1,2}:\d{2}",  # a feed's date stamp
    r"cms-|\bdate\s+\d{4}",  # a portal's counters
    r"^(?:[-–+•]\s|[a-zđ]\)\s)",  # a list item, not a headline
    r"\s[-–]$",  # an item of a list of links
    r"^\((?:[\w\-]+\.)+(?:vn|com|net|org)\)",  # a bulletin's source before its first sentence
    r"\p{Lu}{2,}\s+Căn\s+cứ\b",  # a flattened header running on into its legal basis
]


def title_of(path) -> str | None:
    result = run(path)
    assert isinstance(result, Extraction), result
    return result.title


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, marks=pytest.mark.slow) if p.suffix in SLOW else p for p in FILES],
    ids=lambda p: str(p.relative_to(CORPUS)),
)
def test_title_is_never_page_chrome(path) -> None:
    title = title_of(path)
    assert title, "no title"
    assert [shape for shape in FORBIDDEN if regex.search(shape, title)] == [], title


@pytest.mark.parametrize(
    "name,title",
    [
        ("gold/107.txt", "Kế hoạch 87/KH-UBND: Cải cách hành chính tỉnh Tuyên Quang năm 2014"),
        ("gold/408.txt", "Công văn 1499/LĐTBXH-TE: V/v triển khai Tháng hành động vì trẻ em năm 2018"),
        (
            "gold/201.txt",
            "Tổ chức các hoạt động hưởng ứng Ngày Chuyển đổi số Quốc gia năm 2022",
        ),  # a headline
    ],
)
def test_title_names_the_document(name: str, title: str) -> None:
    assert title_of(CORPUS / name) == title
