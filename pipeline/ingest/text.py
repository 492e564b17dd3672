"""Plain-text bulletins: detect the encoding, repair double-encoded UTF-8, refuse binary data.

Order of trust: a byte-order mark; UTF-8 (what portals serve), also with a few damaged bytes; a legacy
Vietnamese font encoding (TCVN3 / VNI bytes, read as Latin-1 here and converted by normalize.py); then
the encoding that charset-normalizer detects among the Windows code pages Vietnamese offices used
(cp1258 first).
"""

from __future__ import annotations

import codecs

import regex

from kehoach import legacy
from kehoach.records import RawText

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# UTF-8 read as Windows-1252 and saved again: "Káº¿ hoáº¡ch" for "Kế hoạch", "Ä‘" for "đ".
MOJIBAKE = regex.compile(
    r"[ÃÄÆáå»][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122ºÂ]"
)
MIN_MOJIBAKE = 5
ACCENTED_PER_DAMAGED = 20  # UTF-8 with a bad byte per 20 accented letters or fewer is still read as UTF-8
CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than \t \n \f \r


def decode(data: bytes, kind: str = ".txt") -> tuple[str, str]:
    """Bytes -> (text, encoding). A BOM, UTF-8, a legacy font encoding, then a detected code page.
    `kind` names the file type in messages ("is this file really a .html?")."""
    from kehoach.ingest import IngestError

    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if b"\x00" in data[:4096]:
        raise IngestError(f"binary data, not text (NUL bytes): is this file really a {kind}?")
    try:
        return repair_double_encoding(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if mostly := mostly_utf8(data):
        return mostly
    latin = data.decode("latin-1")
    if legacy.detect(latin[:200_000]):
        return latin, "latin-1"  # normalize.py converts the TCVN3 / VNI letters and records which
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["cp1258", "cp1252", "utf_16", "latin_1"]).best()
    if best is None:
        raise IngestError("cannot detect the text encoding: save the file as UTF-8")
    return data.decode(best.encoding, errors="replace"), best.encoding


def mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few damaged bytes (a cut download, a flipped bit), read with those bytes replaced.

    Legacy and code-page files give almost no valid multi-byte sequences, so they are not taken for this.
    """
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    damaged = replaced - data.count("\ufffd".encode())
    accented = len(text) - len(text.encode("ascii", "ignore")) - replaced
    if damaged * ACCENTED_PER_DAMAGED > accented:
        return None
    return text, f"utf-8 ({damaged} damaged sequence{'s' if damaged > 1 else ''} replaced)"


def _cp1252_bytes(text: str) -> bytes:
    """The bytes a Windows-1252 reader turned into `text` (the 5 undefined bytes pass through as Latin-1)."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if char == "\ufffd":  # a byte the first reader could not map: lost, one character garbled
                out.append(0x3F)
            elif ord(char) <= 0xFF:
                out.append(ord(char))
            else:
                raise
    return bytes(out)


def repair_double_encoding(text: str) -> tuple[str, str]:
    """UTF-8 that went through a Windows-1252 reader once too often, put back; other text as is."""
    if len(MOJIBAKE.findall(text[:20_000])) < MIN_MOJIBAKE:
        return text, "utf-8"
    try:
        repaired = _cp1252_bytes(text).decode("utf-8", errors="replace")
    except UnicodeEncodeError:
        return text, "utf-8"
    if len(MOJIBAKE.findall(repaired[:20_000])) >= MIN_MOJIBAKE:
        return text, "utf-8"
    return repaired, "utf-8 (double-encoded via cp1252, repaired)"


def looks_binary(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    controls = len(CONTROL.findall(sample))
    return controls / len(sample) > 0.05 or sample.count("\ufffd") / len(sample) > 0.1


def read(data: bytes) -> RawText:
    from kehoach.ingest import IngestError

    text, encoding = decode(data)
    if looks_binary(text):
        raise IngestError("binary data, not text (control characters): is this file really a .txt?")
    return RawText(text=text, encoding=encoding)
