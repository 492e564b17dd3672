"""normalize.py: the text every offset refers to (issue 2, STYLE habit 4)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from kehoach.normalize import fix_tone_marks, normalize_text
from kehoach.text import fold
from tests.conftest import SEED


@pytest.mark.parametrize(
    "old,new",
    [
        ("hoà bình", "hòa bình"),  # old-style tone on the second vowel of "oa" moves to the first
        ("Khánh Hoà", "Khánh Hòa"),
        ("sức khoẻ", "sức khỏe"),
        ("thuỷ lợi", "thủy lợi"),
        ("Uỷ ban", "Ủy ban"),
        ("quý", "quý"),  # "qu" + y keeps its tone where it is
        ("hoàn thành", "hoàn thành"),  # a final consonant: the tone already sits right
    ],
)
def test_one_tone_mark_convention(old: str, new: str) -> None:
    assert fix_tone_marks(old) == new


def test_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Kế hoạch số 113/KH-UBND")
    assert normalize_text(decomposed) == "Kế hoạch số 113/KH-UBND"


def test_literal_crlf_escapes_become_line_breaks() -> None:
    assert normalize_text("KẾ HOẠCH\\r\\nThực hiện Nghị quyết") == "KẾ HOẠCH\nThực hiện Nghị quyết"


def test_table_pipes_become_line_breaks() -> None:
    text = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 185/KH-UBND | Tuyên Quang, ngày 16 tháng 8 năm 2023 |"
    )
    assert normalize_text(text).split("\n") == [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 185/KH-UBND",
        "Tuyên Quang, ngày 16 tháng 8 năm 2023",
    ]


def test_hard_wrapped_lines_are_rejoined() -> None:
    # corpus/seed/003 is wrapped at about 80 columns, mid-word-group: "Kế\nhoạch số 377/KH-UBND"
    text = normalize_text((SEED / "003_06324679e74b4cc0.txt").read_text(encoding="utf-8"))
    assert (
        "ban hành Kế hoạch số 377/KH-UBND về thực hiện Quyết định số 27/QĐ-TTg ngày 03/01/2025 của Thủ tướng"
        in text
    )


@pytest.mark.parametrize(
    "chrome",
    [
        "Tin mới hơn",
        "Cỡ chữ: Font size: Giảm (A-) Mặc định (A) Tăng (A+)",
        "Lượt người xem:  Views:   95",
        "Manage PermissionsManage Permissions",
    ],
)
def test_portal_chrome_is_dropped(chrome: str) -> None:
    assert (
        normalize_text(f"Kế hoạch số 7451/KH-UBND\n{chrome}\nNội dung")
        == "Kế hoạch số 7451/KH-UBND\nNội dung"
    )


def test_list_items_stay_on_their_own_lines() -> None:
    text = "Các nhiệm vụ sau:\n(1) Tăng cường truyền thông\n(2) Nâng cao năng lực"
    assert normalize_text(text).count("\n") == 2


def test_the_national_motto_stands_on_its_own_line() -> None:
    # pdftotext glues the header's two columns: "… Hạnh phúc Lâm Đồng, ngày 17 tháng 3 năm 2026"
    text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Lâm Đồng, ngày 17 tháng 3 năm 2026"
    assert normalize_text(text).split("\n") == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lâm Đồng, ngày 17 tháng 3 năm 2026",
    ]


@pytest.mark.parametrize(
    "text,folded",
    [
        ("Thừa Thiên Huế", "thua thien hue"),
        ("ĐÀO TẠO  nghề\n\tđịa phương ", "dao tao nghe dia phuong"),  # đ and Đ (and the look-alike Ð) -> d
        ("Kế hoạch số 113/KH-UBND", "ke hoach so 113/kh-ubnd"),
        ("Kế hoạch số 113/KH-UBND", "ke hoach so 113/kh-ubnd"),  # decomposed input
    ],
)
def test_folding_drops_marks_case_and_extra_space(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize("path", sorted(SEED.glob("*.txt")), ids=lambda p: p.name)
def test_folding_a_text_is_folding_its_decomposed_letters(path: Path) -> None:
    """fold() reads a text in one pass through a per-character table; it must say what its definition says:
    decompose (NFD), đ -> d, drop the combining marks, lower case, one space for each run of whitespace."""
    text = path.read_text(encoding="utf-8")
    decomposed = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    stripped = re.sub(r"[\u0300-\u036f]+", "", decomposed).lower()
    assert fold(text) == re.sub(r"\s{2,}|[^\S ]", " ", stripped).strip()
