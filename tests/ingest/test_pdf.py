"""pipeline/ingest/pdf.py on the real PDFs in corpus/pdf (see SOURCES.tsv there).

The issue: text-layer PDFs give page-aware text with the administrative header in reading order and
the signature-stamp text kept; pages without a text layer are OCR'd and marked so; unreadable input
is an IngestError that says what to do.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import re
import shutil
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from kehoach.ingest import IngestError
from kehoach.ingest.pdf import read
from kehoach.records import RawText
from tests.conftest import shared_ocr

PDF_DIR = Path(__file__).parents[2] / "corpus" / "pdf"
SCAN = PDF_DIR / "kh-996-tctlntw-scan.pdf"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")

# E-signed documents: (file, issuing body, "Số:" line, place-date line, pages), lines as printed.
# The numbers 176, 124, 05, 464 and the days are in the signature stamp only.
E_SIGNED = [
    (
        "ttr-du-thao-kh-cchc-2026-2030.pdf",
        "SỞ NỘI VỤ",
        "Số: 176 /TTr-SNV",
        "Lâm Đồng, ngày 17 tháng 3 năm 2026",
        1,
    ),
    (
        "ttr-kh-thi-dua-cchc-2026-lam-dong.pdf",
        "SỞ NỘI VỤ",
        "Số: 124 /TTr-SNV",
        "Lâm Đồng, ngày 11 tháng 02 năm 2026",
        2,
    ),
    (
        "ttr-kh-tuyen-truyen-cchc-2026-lam-dong.pdf",
        "SỞ NỘI VỤ",
        "Số: 05 /TTr-SNV",
        "Lâm Đồng, ngày 06 tháng 01năm 2026",  # "01năm": so typed in the source document
        1,
    ),
    (
        "y-kien-stc-kh-kiem-tra-cchc-2026.pdf",
        "SỞ TÀI CHÍNH",
        "Số: 464 /STC-VP",
        "Lâm Đồng, ngày 15 tháng 01 năm 2026",
        1,
    ),
    (
        "kh-hoi-nghi-ctmtqg-ma-tuy-p2.pdf",
        "VĂN PHÒNG CHÍNH PHỦ",
        "Số: 2003 /CĐ-VPCP",
        "Hà Nội, ngày 07 tháng 10 năm 2025",
        3,
    ),
]
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # national title, top right of every header


def read_file(name: str) -> RawText:
    return read((PDF_DIR / name).read_bytes())


def lines_of(raw: RawText) -> list[str]:
    """Lines with runs of spaces collapsed, as the normalizer will."""
    return [" ".join(line.split()) for line in raw.text.split("\n")]


def assert_pages_tile_the_text(raw: RawText) -> None:
    assert [p.number for p in raw.pages] == list(range(1, len(raw.pages) + 1))
    assert "\f".join(raw.text[p.start : p.end] for p in raw.pages) == raw.text


@needs_poppler
@pytest.mark.parametrize("name,issuer,number_line,date_line,pages", E_SIGNED, ids=[e[0] for e in E_SIGNED])
def test_header_columns_come_out_in_reading_order(
    name: str, issuer: str, number_line: str, date_line: str, pages: int
) -> None:
    lines = lines_of(read_file(name))
    # left column (issuer, then "Số:"), then right column (national title, then place and date)
    assert lines.index(issuer) < lines.index(number_line) < lines.index(QUOC_HIEU) < lines.index(date_line)


@needs_poppler
@pytest.mark.parametrize("name,pages", [(e[0], e[-1]) for e in E_SIGNED], ids=[e[0] for e in E_SIGNED])
def test_pages_are_counted_and_tile_the_text(name: str, pages: int) -> None:
    raw = read_file(name)
    assert raw.page_count == len(raw.pages) == pages
    assert not any(p.ocr or p.confidence is not None for p in raw.pages)
    assert raw.encoding is None
    assert_pages_tile_the_text(raw)


@needs_poppler
def test_signature_stamp_text_is_kept() -> None:
    # The VPCP programme has no header: its number and signing time are only in the stamp.
    lines = lines_of(read_file("kh-hoi-nghi-ctmtqg-ma-tuy-p1.pdf"))
    assert lines[:2] == ["Số: 2003/CĐ-VPCP", "Thời gian ký: 07/10/2025 20:43:19 +07:00"]


@needs_poppler
def test_a_table_at_the_top_is_not_taken_for_header_columns() -> None:
    lines = lines_of(read_file("tong-hop-y-kien-kh-cchc-2026-table.pdf"))
    assert lines[0] == "Số: 666/TTr-SNV; 22/12/2025; 18:56:39; +07:00"
    assert any(line.startswith("STT") and line.endswith("Ý kiến của Sở Nội vụ") for line in lines)


@needs_poppler
def test_tcvn3_text_layer_is_converted_and_recorded() -> None:
    raw = read_file("legacy-tcvn3-made-from-seed-000.pdf")
    lines = lines_of(raw)
    assert raw.encoding == "tcvn3"
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH BÀ RỊA - VŨNG TÀU",
        "Số: 129/KH-BCĐTE",
        QUOC_HIEU,
        "Độc lập - Tự do - Hạnh phúc",
        "Bà Rịa - Vũng Tàu, ngày 15 tháng 3 năm 2021",
    ]
    assert raw.page_count == 2
    assert_pages_tile_the_text(raw)


def test_without_poppler_pdfplumber_reads_the_text_layer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no pdftotext, no tesseract
    raw = read_file("ttr-du-thao-kh-cchc-2026-2030.pdf")
    lines = lines_of(raw)
    assert raw.page_count == 1
    # pdfplumber reads the header but not the stamp, so the number and the day are missing
    assert lines[:2] == ["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"]
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh" in lines


# --- Scans ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scan() -> RawText:
    with shared_ocr():  # 4 pages, about 10 s on 2 cores when not in the cache
        return read(SCAN.read_bytes())


@pytest.mark.slow  # OCR: 3 to 5 s a page on 2 cores
@needs_poppler
@needs_ocr
def test_scanned_pages_are_ocrd_and_marked(scan: RawText) -> None:
    assert scan.page_count == 4
    assert all(page.ocr for page in scan.pages)
    assert all(0.8 < page.confidence <= 1 for page in scan.pages[:3])  # type: ignore[operator]
    assert_pages_tile_the_text(scan)


@pytest.mark.slow  # OCR: 3 to 5 s a page on 2 cores
@needs_poppler
@needs_ocr
def test_ocr_text_holds_the_plan_symbol_and_its_legal_bases(scan: RawText) -> None:
    # The number 996 is handwritten (OCR misreads it); the printed symbol and references are read.
    assert "/KH-TCTLNTW-C04" in scan.text
    assert "105/2021/NĐ-CP" in scan.text
    assert re.search(r"I\. MỤC ĐÍCH, YÊU C", scan.text)


@pytest.mark.slow  # OCR: 3 to 5 s a page on 2 cores
@needs_poppler
@needs_ocr
def test_ocr_header_columns_come_out_in_reading_order(scan: RawText) -> None:
    lines = lines_of(scan)
    assert lines[0] == "BỘ CÔNG AN"
    assert lines.index("BỘ CÔNG AN") < lines.index("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")


STAMP = "Ky boi: Bo Cong an. Thoi gian ky: 05.01.2026 08:30:00 +07:00"
STAMPED_TOP = 0.3  # the stamp is drawn at 800 pt of 842, in the header


def stamped_scan() -> bytes:
    """The top of the scan's page 1 with a signature stamp's text drawn on it, as a clerk's e-signing tool
    does: its header, its symbol and its title (STAMPED_TOP of the page's height, a third of the OCR's CPU of
    the whole page: the test needs a scanned page under a stamp, not a long one)."""
    document = pypdfium2.PdfDocument.new()
    document.import_pages(pypdfium2.PdfDocument(SCAN), [0])
    page = document[0]
    left, bottom, right, top = page.get_mediabox()
    page.set_mediabox(left, top - (top - bottom) * STAMPED_TOP, right, top)
    text = pdfium_c.FPDFPageObj_CreateTextObj(
        document, pdfium_c.FPDFText_LoadStandardFont(document, b"Helvetica"), 9
    )
    utf16 = (STAMP + "\0").encode("utf-16-le")
    pdfium_c.FPDFText_SetText(text, ctypes.cast(ctypes.c_char_p(utf16), ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    pdfium_c.FPDFPageObj_Transform(text, 1, 0, 0, 1, 330, 800)
    pdfium_c.FPDFPage_InsertObject(page, text)
    pdfium_c.FPDFPage_GenerateContent(page)
    out = io.BytesIO()
    document.save(out)
    return same_bytes_each_run(out.getvalue())


def same_bytes_each_run(pdf: bytes) -> bytes:
    """PDFium writes the time of saving and a random file identifier: fixed ones (of the same length, so the
    offsets hold) give the same bytes each run, and the page's OCR is read from the tests' OCR cache after the
    first run (its entries are keyed by the PDF's bytes)."""
    pdf = re.sub(rb"(?<=/CreationDate\(D:)\d{14}", b"20260105083000", pdf)
    return re.sub(rb"(?<=/ID\[)<[0-9A-F]+><[0-9A-F]+>", lambda m: re.sub(rb"[0-9A-F]", b"0", m[0]), pdf)


@pytest.mark.slow  # OCR: 3 to 5 s a page on 2 cores
@needs_poppler
@needs_ocr
def test_a_signed_scan_is_ocrd_and_keeps_its_stamp_text() -> None:
    # The stamp gives the page a text layer of 50 characters: too little for a page under a page-sized image.
    with shared_ocr():
        raw = read(stamped_scan())
    assert [(page.ocr, page.confidence is not None) for page in raw.pages] == [(True, True)]
    assert "/KH-TCTLNTW-C04" in raw.text
    assert raw.text.endswith(STAMP)


@needs_poppler
def test_scan_without_tesseract_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for tool in ("pdftotext", "pdftoppm"):
        (tmp_path / tool).symlink_to(shutil.which(tool))  # type: ignore[arg-type]
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(
        IngestError, match="page 1 has no text layer .* install tesseract-ocr, tesseract-ocr-"
    ):
        read(SCAN.read_bytes())


# --- Unreadable input ----------------------------------------------------------------------------


def test_garbage_is_not_a_pdf() -> None:
    with pytest.raises(IngestError, match=r"not a PDF \(no %PDF header\)"):
        read(b"<html><body>404 Not Found</body></html>")


def test_truncated_pdf_is_refused() -> None:
    data = (PDF_DIR / "ttr-kh-thi-dua-cchc-2026-lam-dong.pdf").read_bytes()
    with pytest.raises(IngestError, match="PDF is damaged or truncated"):
        read(data[: len(data) * 9 // 10])  # poppler would read it, at an earlier revision without the stamp


@needs_poppler
def test_damaged_pdf_reports_poppler_reason() -> None:
    with pytest.raises(IngestError, match=r"PDF is damaged or truncated \(.*trailer"):
        read(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")


@needs_poppler
def test_password_protected_pdf_is_refused() -> None:
    with pytest.raises(IngestError, match="PDF is encrypted .*qpdf --decrypt"):
        read(encrypted_pdf(user_password=b"secret"))


@needs_poppler
def test_pdf_encrypted_only_against_copying_is_read() -> None:
    # An owner password with an empty user password: anyone may open it, as archivists must.
    raw = read(encrypted_pdf(user_password=b"", permissions=-4 & ~16))  # bit 5 (copy) cleared
    assert raw.text.strip() == PLAIN_TEXT


# A one-page PDF encrypted with the PDF standard security handler, revision 2 (RC4, 40-bit key), as
# specified in ISO 32000-1 section 7.6.3 (algorithms 2, 3 and 4): no qpdf or pikepdf needed.
PASSWORD_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
PLAIN_TEXT = "Ke hoach so 12/KH-UBND ngay 05 thang 3 nam 2026"
FILE_ID = b"kehoach-test-pdf"


def rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: bytes, permissions: int = -4) -> bytes:
    user = (user_password + PASSWORD_PAD)[:32]
    owner = rc4(hashlib.md5((b"owner" + PASSWORD_PAD)[:32]).digest()[:5], user)
    key = hashlib.md5(user + owner + permissions.to_bytes(4, "little", signed=True) + FILE_ID).digest()[:5]
    content_key = hashlib.md5(key + (4).to_bytes(3, "little") + b"\0\0").digest()[:10]  # object 4, gen 0
    content = rc4(content_key, f"BT /F1 12 Tf 72 700 Td ({PLAIN_TEXT}) Tj ET".encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (owner.hex().encode(), rc4(key, PASSWORD_PAD).hex().encode(), permissions),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    ids = FILE_ID.hex().encode()
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        ids,
        ids,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
