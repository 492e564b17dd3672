"""pipeline/legacy.py: TCVN3 (ABC) and VNI text detected and converted; Unicode text left alone.

corpus/pdf/legacy-tcvn3-made-from-seed-000.pdf was rendered from corpus/seed/000_cbc46ef4ee07d038.txt
in TCVN3 (.VnTime) with no ToUnicode map, so the seed is its Unicode twin (corpus/pdf/SOURCES.tsv).
"""

from __future__ import annotations

import difflib
import shutil
import unicodedata
from pathlib import Path

import pytest

from kehoach.ingest.pdf import text_layer
from kehoach.legacy import MARKER_RE, TCVN3, VNI, detect, fix_legacy, to_unicode

CORPUS = Path(__file__).parents[1] / "corpus"
LEGACY_PDF = CORPUS / "pdf" / "legacy-tcvn3-made-from-seed-000.pdf"
TWIN = CORPUS / "seed" / "000_cbc46ef4ee07d038.txt"
SEEDS = sorted((CORPUS / "seed").glob("*.txt"))
UNICODE_PDFS = sorted(p for p in (CORPUS / "pdf").glob("*.pdf") if p != LEGACY_PDF)
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture(scope="module")
def legacy_layer() -> str:
    return "\n".join(text_layer(LEGACY_PDF.read_bytes()))


def collapsed(text: str) -> str:
    return " ".join(text.split())


@needs_poppler
def test_legacy_pdf_is_detected_as_tcvn3(legacy_layer: str) -> None:
    assert "KÕ ho¹ch" in legacy_layer  # what the text layer really holds
    assert detect(legacy_layer) == "tcvn3"


@needs_poppler
@pytest.mark.parametrize(
    "phrase",
    [
        "Bà Rịa - Vũng Tàu",
        "129/KH-BCĐTE",  # Đ is its own TCVN3 byte (0xA7)
        "trẻ em",
        "3139/QĐ-UBND",
        "Trưởng ban",  # the 'ư' byte came out of the extractor as '-': "Tr-ëng"
        "được xây dựng nhằm tăng cường",
        "ỦY BAN NHÂN DÂN",  # capitals with tone marks, typed with the .VnTimeH font in VN3
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "KẾ HOẠCH",
    ],
)
def test_legacy_pdf_converts_to_its_unicode_twin(legacy_layer: str, phrase: str) -> None:
    assert phrase in fix_legacy(legacy_layer)[0]


@needs_poppler
def test_legacy_pdf_body_matches_its_twin_to_99_percent(legacy_layer: str) -> None:
    # The remaining differences are the source's, not ours: TCVN3 has no en dash, no ellipsis and no
    # capital 'Ủ' ("ủy ban nhân dân" at a sentence start).
    start = "Kế hoạch triển khai thực hiện"
    converted = collapsed(fix_legacy(legacy_layer)[0])
    twin = collapsed(TWIN.read_text(encoding="utf-8"))
    converted, twin = converted[converted.index(start) :], twin[twin.index(start) : twin.index("Tin mới hơn")]
    assert difflib.SequenceMatcher(None, converted, twin, autojunk=False).ratio() > 0.99


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_unicode_seed_text_is_not_legacy(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert fix_legacy(text) == (text, None)


@needs_poppler
@pytest.mark.parametrize("path", UNICODE_PDFS, ids=lambda p: p.name)
def test_unicode_pdf_text_is_not_legacy(path: Path) -> None:
    assert detect("\n".join(text_layer(path.read_bytes()))) is None


@pytest.mark.parametrize(
    "text",
    [
        "Müller, señor Ørsted and the naïve café owner in Straße 5, Zürich — déjà vu.",  # Latin-1 letters
        "Sè: 12",  # too little to judge: two words are no evidence
        "Giá 5 µg/m³ ± 2 × 10³ © 2024 ® ¶ §",  # symbols that are TCVN3 bytes, in a Unicode sentence
        "",
    ],
    ids=["european", "too-short", "symbols", "empty"],
)
def test_text_that_is_not_vietnamese_legacy_is_left_alone(text: str) -> None:
    assert fix_legacy(text) == (text, None)


@needs_poppler
def test_a_legacy_text_box_in_a_unicode_pdf_is_converted_and_the_rest_left_alone() -> None:
    # corpus/gold/4238.pdf (Sơn La): a Unicode title page whose figure is labelled in .VnTime
    layer = "\n".join(text_layer((CORPUS / "gold" / "4238.pdf").read_bytes()))
    assert "§¸nh gi¸" in layer and detect(layer) is None  # too few legacy words to judge the whole text
    text, encoding = fix_legacy(layer)
    assert encoding is None
    assert "Đánh giá" in text and "Thực hiện và theo dõi" in text and "Phê duyệt và phản hồi" in text
    assert "cho cấp xã\nvà thôn bản" in text  # the Unicode words beside the run are not touched


@pytest.mark.parametrize(
    "text",
    [
        "Tài liệu có sơ đồ: §¸nh gi¸ [5]Thùc hiÖn vµ theo dâi, rồi ký duyệt.",
        "Céng hoµ x· héi chñ nghÜa ViÖt Nam trong một văn bản Unicode có chữ được, những, trường.",
    ],
)
def test_a_run_of_legacy_words_in_a_unicode_sentence_is_converted(text: str) -> None:
    converted = fix_legacy(text)[0]
    assert not MARKER_RE.search(converted), converted
    assert converted.endswith(text[text.index(" trong ") :] if " trong " in text else "rồi ký duyệt.")


@pytest.mark.parametrize(
    "text",
    [
        "Nồng độ 10 µg/ml, hạt 5 µm và 3 µl theo §2 của quy chuẩn.",  # units and a section sign
        "Điều ¹ và ² xem chú thích ³ ở cuối trang.",  # superscripts: not words that become syllables
    ],
)
def test_legacy_looking_symbols_in_unicode_text_are_not_a_run(text: str) -> None:
    assert fix_legacy(text) == (text, None)


# --- Round trips through our own encoders, built from the tables under test (inverse mappings) ---

SAMPLE = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Phó Chủ tịch tỉnh làm Trưởng ban, nhưng chưa được thông qua; người dân ở các trường học."
)


def to_tcvn3(text: str, uh: str) -> str:
    """Unicode -> TCVN3 as an extractor shows it; `uh` is what became of the 'ư' byte."""
    table = {unicode: byte for byte, unicode in TCVN3.items()} | {"ư": uh}
    # VN3 has no capitals with tone marks: .VnTimeH prints the lowercase code points as capitals
    return "".join(table.get(c, table.get(c.lower(), c)) for c in unicodedata.normalize("NFC", text))


def to_vni(text: str) -> str:
    table = {unicode: code for code, unicode in VNI.items()}
    return "".join(table.get(c, c) for c in unicodedata.normalize("NFC", text))


@pytest.mark.parametrize("uh", ["\xad", "-", " "], ids=["soft-hyphen", "dash", "space"])
def test_tcvn3_round_trips_whatever_became_of_the_uh_byte(uh: str) -> None:
    assert fix_legacy(to_tcvn3(SAMPLE, uh)) == (SAMPLE, "tcvn3")


@pytest.mark.parametrize("word", ["thư", "hưu", "mưa", "nhưng", "Trường", "dưới", "người"])
def test_tcvn3_uh_lost_to_a_dash_is_restored_wherever_a_syllable_needs_it(word: str) -> None:
    assert to_unicode(to_tcvn3(f"gửi {word} cho", "-"), "tcvn3") == f"gửi {word} cho"


def test_tcvn3_uh_lost_in_capitals_comes_back_as_a_capital() -> None:
    assert to_unicode("TR-êNG §¹I H-íNG", "tcvn3") == "TRƯỜNG ĐẠI HƯỚNG"


def test_tcvn3_real_hyphens_stay() -> None:
    text = "Kế hoạch số 129/KH-UBND, Bà Rịa-Vũng Tàu, thành phố Hồ Chí Minh - Hà Nội"
    assert to_unicode(to_tcvn3(text, "-"), "tcvn3") == text


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_vni_round_trips(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    encoded = to_vni(text)
    assert "Keá hoaïch" in encoded or "keá hoaïch" in encoded  # VNI's look, so the test is not vacuous
    assert fix_legacy(encoded) == (unicodedata.normalize("NFC", text), "vni")


def test_vni_header_converts() -> None:
    assert (
        to_unicode("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "vni") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )


def test_unknown_encoding_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown legacy encoding 'viscii'"):
        to_unicode("x", "viscii")  # type: ignore[arg-type]
