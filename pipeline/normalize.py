"""Stage 2: RawDocument -> Document. The normalized text is what every offset refers to.

Normalization happens once, here: legacy TCVN3/VNI fonts converted, Unicode NFC with one tone-mark
convention, literal "\\r\\n" escapes and table pipes turned into line breaks, portal chrome dropped,
hard-wrapped lines rejoined and spaces collapsed. Paged sources are normalized page by page so each
page keeps its span.
"""

from __future__ import annotations

import functools
import unicodedata

import regex

from kehoach import legacy, rx
from kehoach.records import Document, Page, RawDocument
from kehoach.rules import RuleSet, load_rules

LITERAL_ESCAPES = regex.compile(r"\\r\\n|\\n|\\r|\\t")
INVISIBLE = regex.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Runs of spaces and odd spaces, but not a lone " " (most matches would replace a space by itself).
ODD_SPACE = r"\t\u00a0\u2000-\u200a\u202f\u205f\u3000"
SPACES = regex.compile(rf" [ {ODD_SPACE}]+|[{ODD_SPACE}][ {ODD_SPACE}]*")
PIPE_CELL = regex.compile(r"[ \t]*\|[ \t]*")
FLAT_CELLS = 12  # cells of one pipe line that make it a table on its own: a header and two rows at least
# Tone on the second vowel of a final "oa", "oe", "uy" (old style: hoà, khoẻ, thuỷ) moves to the first
# (new style, as Nghị định 30/2020/NĐ-CP writes: hòa, khỏe, thủy). "qu" + y keeps it: quý.
OLD_TONE = regex.compile(
    r"(?<![qQ])([oO])([aAeE])([\u0300\u0301\u0303\u0309\u0323])(?![\p{L}\p{M}])"
    r"|(?<![qQ])([uU])([yY])([\u0300\u0301\u0303\u0309\u0323])(?![\p{L}\p{M}])"
)
# The same places in NFC text (a vowel carrying only a tone), so only these short matches are decomposed.
OLD_TONE_NFC = regex.compile(
    r"(?<![qQ])[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ](?![\p{L}\p{M}])|(?<![qQ])[uU][ỳýỷỹỵỲÝỶỸỴ](?![\p{L}\p{M}])"
)
LEGACY_ENCODINGS = ("tcvn3", "vni")
TERMINAL = tuple('.:;!?…"”)]')
LIST_START = regex.compile(
    r"^\s*(?:\(?\d{1,2}(?:\.\d{1,2})*[.)]|\(\d{1,2}\)|[a-zđ]\)|[IVXLC]{1,6}\.|[-+•*–])\s"
)


def _move_tone(m: regex.Match[str]) -> str:
    first, second, tone = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
    return first + tone + second


def fix_tone_marks(text: str) -> str:
    """Old-style tone placement moved, one short match at a time (decomposing the whole text costs more)."""

    def fix(m: regex.Match[str]) -> str:
        return unicodedata.normalize("NFC", OLD_TONE.sub(_move_tone, unicodedata.normalize("NFD", m.group())))

    return OLD_TONE_NFC.sub(fix, unicodedata.normalize("NFC", text))


def clean_unicode(text: str) -> str:
    text = LITERAL_ESCAPES.sub("\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = INVISIBLE.sub("", text)
    return fix_tone_marks(text)  # NFC, then the old-style tones moved


def split_cells(line: str) -> list[str]:
    """Table pipes become line breaks: each cell is read as its own line."""
    if "|" not in line:
        return [line]
    return [cell for cell in PIPE_CELL.split(line) if cell.strip()]


@functools.cache
def own_line_pattern(rules: RuleSet) -> regex.Pattern[str] | None:
    pattern = rules.settings("boilerplate").raw("own_line")
    return regex.compile(f"({pattern})") if pattern else None


@functools.cache
def wrapped_tail_pattern(rules: RuleSet) -> regex.Pattern[str] | None:
    pattern = rules.settings("boilerplate").raw("wrapped_tail")
    return regex.compile(pattern) if pattern else None


def unwrap_tails(text: str, rules: RuleSet) -> str:
    """The motto's last word put back after its phrase when a narrow column printed it at the end of the next
    line, after the other column's text (the body's name would end in it)."""
    pattern = wrapped_tail_pattern(rules)
    if pattern is None:
        return text
    return pattern.sub(lambda m: f"{m['head']} {m['tail']}\n{m['rest']}", text, timeout=rx.limit(len(text)))


def own_lines(line: str, rules: RuleSet) -> list[str]:
    """A line broken around the phrases that stand alone (the national motto glued to the place and date)."""
    pattern = own_line_pattern(rules)
    if pattern is None or not pattern.search(line):
        return [line]
    return [part for part in pattern.split(line) if part.strip()]


def is_chrome(line: str, rules: RuleSet) -> bool:
    chrome = rules.union("boilerplate")  # one call per line, not one per rule
    return bool(chrome and chrome.fullmatch(stripped := line.strip(), timeout=rx.limit(len(stripped))))


def wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text was cut at, or None when lines are paragraphs."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if len(lengths) < 6:
        return None
    width = lengths[int(len(lengths) * 0.9) - 1]
    near = sum(1 for n in lengths if 0.7 * width <= n <= width)
    return width if width <= 120 and near >= 0.4 * len(lengths) else None


def continues(prev: str, nxt: str, width: int | None) -> bool:
    """Whether `nxt` is the continuation of `prev` cut by a hard wrap."""
    if not prev.strip() or not nxt.strip() or prev.rstrip().endswith(TERMINAL) or LIST_START.match(nxt):
        return False
    first = nxt.lstrip()[0]
    if first.islower():
        return True
    return width is not None and len(prev) >= 0.6 * width and not nxt.isupper()


def rejoin(lines: list[str], alone: regex.Pattern[str] | None = None) -> list[str]:
    """Hard-wrapped lines joined back into their sentences; `alone` lines (the motto) are never joined."""
    width = wrap_width(lines)
    out: list[str] = []
    for line in lines:
        standalone = alone is not None and (alone.fullmatch(line) or alone.fullmatch(out[-1] if out else ""))
        if out and not standalone and continues(out[-1], line, width):
            out[-1] = out[-1].rstrip() + " " + line.lstrip()
        else:
            out.append(line)
    return out


def normalize_text(text: str, rules: RuleSet | None = None) -> str:
    """The normalized form of one text (or one page)."""
    rules = rules or load_rules()
    lines = [
        part.strip()
        for line in unwrap_tails(SPACES.sub(" ", clean_unicode(text)), rules).split("\n")
        for cell in split_cells(line)
        for part in own_lines(cell, rules)
    ]
    lines = [line for line in lines if not is_chrome(line, rules)]
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
        elif block:
            paragraphs.append("\n".join(rejoin(block, own_line_pattern(rules))))
            block = []
    return "\n\n".join(paragraphs)


def table_rows(text: str) -> list[tuple[tuple[str, ...], ...]]:
    """The pipe rows of a text (a Word table, a pipe table in a .txt), each run of them one table; cells
    keep their place, an empty one included, so a column is known by its position."""
    tables: list[tuple[tuple[str, ...], ...]] = []
    rows: list[tuple[str, ...]] = []
    for line in text.split("\n"):
        if "|" in line:
            rows.append(tuple(SPACES.sub(" ", cell).strip() for cell in line.split("|")))
        elif line.strip() and rows:
            tables.append(tuple(rows))
            rows = []
    if rows:
        tables.append(tuple(rows))
    # one line of many cells: a table whose rows the page flattened into one line (extract/tables.py cuts it)
    return [table for table in tables if len(table) >= 2 or len(table[0]) >= FLAT_CELLS]


def normalize(raw: RawDocument, rules: RuleSet | None = None) -> Document:
    """RawDocument -> Document; legacy fonts are converted before anything else reads the text.

    Paged sources are normalized page by page (pages joined by a blank line), so every page keeps its span.
    """
    chunks: list[tuple[Page | None, str]] = [(p, raw.text[p.start : p.end]) for p in raw.pages]
    chunks = chunks or [(None, raw.text)]
    encoding = raw.encoding
    pages: list[Page] = []
    parts: list[str] = []
    tables: list[tuple[tuple[str, ...], ...]] = list(raw.tables)  # a PDF's, found by layout
    offset = 0
    for page, chunk in chunks:
        if encoding not in LEGACY_ENCODINGS:
            chunk, found = legacy.fix_legacy(chunk)
            encoding = found or encoding
        if "|" in chunk:
            tables += table_rows(clean_unicode(chunk))
        part = normalize_text(chunk, rules)
        if parts:
            offset += 2  # the blank line between pages
        if page is not None:
            pages.append(Page(page.number, offset, offset + len(part), page.ocr, page.confidence))
        parts.append(part)
        offset += len(part)
    text = "\n\n".join(parts)
    return Document(raw.source, text, raw.title, tuple(pages), encoding, raw.page_count, tuple(tables))
