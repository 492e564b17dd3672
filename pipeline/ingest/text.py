"""Plain-text bulletins: detect the encoding, refuse binary data."""

from __future__ import annotations

import codecs

from pipeline.records import RawText

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding). UTF-8 first (what portals serve), then a detected encoding."""
    from pipeline.ingest import IngestError

    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if b"\x00" in data[:4096]:
        raise IngestError("binary data, not text (NUL bytes): is this file really a .txt?")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["cp1258", "cp1252", "utf_16", "latin_1"]).best()
    if best is None:
        raise IngestError("cannot detect the text encoding: save the file as UTF-8")
    return data.decode(best.encoding, errors="replace"), best.encoding


def looks_binary(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    return controls / len(sample) > 0.05 or sample.count("\ufffd") / len(sample) > 0.1


def read(data: bytes) -> RawText:
    from pipeline.ingest import IngestError

    text, encoding = decode(data)
    if looks_binary(text):
        raise IngestError("binary data, not text (control characters): is this file really a .txt?")
    return RawText(text=text, encoding=encoding)
