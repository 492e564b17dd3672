"""ingest/: text and HTML readers on real bulletins (issue 2)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from kehoach.ingest import IngestError, ingest, ingest_bytes
from tests.conftest import SEED

HUE = SEED / "001_ae63fcba8f4942ae.txt"


def test_utf8_text_is_read_with_its_encoding() -> None:
    raw = ingest(HUE)
    assert raw.encoding == "utf-8" and raw.source.format == "text"
    assert "113/KH-UBND" in raw.text


def test_sha256_of_the_raw_bytes_identifies_the_document() -> None:
    import hashlib

    assert ingest(HUE).source.sha256 == hashlib.sha256(HUE.read_bytes()).hexdigest()


TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """cp1258 as old Windows editors saved Vietnamese: ê, ơ, ư precomposed, the tone as a combining mark."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones)
    return "".join(out).encode("cp1258", errors="replace")


def test_windows_1258_text_is_detected_and_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cp1258.txt"
    path.write_bytes(to_cp1258(HUE.read_text(encoding="utf-8")))
    raw = ingest(path)
    assert raw.encoding and raw.encoding.replace("_", "").lower() in ("cp1258", "windows1258")
    assert "Kế hoạch số 113/KH-UBND" in unicodedata.normalize("NFC", raw.text)


def test_utf8_with_a_damaged_byte_is_read_as_utf8_and_says_so() -> None:
    """Legacy-font and code-page files are not taken for this (tests/ingest_corpus/test_bad_files.py)."""
    data = HUE.read_bytes()
    damaged = data.replace("Kế hoạch".encode(), b"K\xff ho\xe1\xba\xa1ch", 1)  # "ế" lost to one stray byte
    raw = ingest_bytes(damaged, ".txt", "damaged.txt")
    assert raw.encoding == "utf-8 (1 damaged sequence replaced)"
    assert raw.text == HUE.read_text(encoding="utf-8").replace("Kế hoạch", "K\ufffd hoạch", 1)


def test_binary_garbage_is_refused_with_a_reason() -> None:
    with pytest.raises(IngestError, match="binary"):
        ingest_bytes(bytes(range(256)) * 20, ".txt", "garbage.txt")


def test_empty_file_is_refused_with_a_reason() -> None:
    with pytest.raises(IngestError, match="empty"):
        ingest_bytes(b"  \n", ".txt", "empty.txt")


def test_unknown_suffix_is_refused_with_the_supported_list() -> None:
    with pytest.raises(IngestError, match=r"\.txt"):
        ingest_bytes(b"x", ".xyz", "file.xyz")


def test_html_bulletin_keeps_headline_and_article_without_scripts() -> None:
    body = HUE.read_text(encoding="utf-8").replace("\n", "</p><p>")
    html = (
        "<html><head><title>Cổng TTĐT</title><script>var marker = 'SCRIPT_MARKER';</script></head><body>"
        "<nav>Trang chủ | Tin tức</nav><h1>Kế hoạch thực hiện công tác bảo vệ trẻ em</h1>"
        f"<div class='detail-content'><p>{body}</p></div><footer>Bản quyền</footer></body></html>"
    )
    raw = ingest_bytes(html.encode(), ".html", "bulletin.html")
    assert raw.title == "Kế hoạch thực hiện công tác bảo vệ trẻ em"
    assert "Kế hoạch số 208/KH-UBND ngày 09/06/2021" in raw.text
    assert "SCRIPT_MARKER" not in raw.text and "Bản quyền" not in raw.text
