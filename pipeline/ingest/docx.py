"""Word files: paragraphs and tables in document order, with the list numbers Word displays.

python-docx gives a paragraph's typed text only. The "1.", "a)", "II." that Word shows in front of
automatically numbered paragraphs live in the numbering part (numbering.xml), and the tasks of a
plan are found by those labels, so we replay Word's counters: numId -> abstractNum -> the level's
start, number format and label text ("%1.", "%2)", "(%1)"), deeper levels restarting after a
shallower one. Not covered: lists linked through a numbering style (w:numStyleLink), the
w:lvlRestart exceptions, and text in headers, footers and text boxes.

A .doc (Word 97-2003) file is converted to .docx by LibreOffice first, when it is installed.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from kehoach.ingest import IngestError
from kehoach.records import RawText

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CELL_SEPARATOR = " | "
MAX_PARAGRAPHS = 100_000  # a 1,000-page plan has about 30,000
CONVERT_TIMEOUT = 180  # seconds for LibreOffice to convert one .doc
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def read(data: bytes) -> RawText:
    """The text of a .docx: one line per paragraph, one line per table row (cells joined by " | ")."""
    check_paragraphs(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise IngestError(
            f"not a readable .docx ({exc}): open it in Word or LibreOffice and save it again as .docx"
        ) from exc
    numbering = Numbering.of(document)
    return RawText(text="\n".join(lines(document, numbering)))


def check_paragraphs(data: bytes) -> None:
    """Refuse, before parsing, a body with more paragraphs than any plan has (python-docx reads ~7,000 a
    second: 16 KB of compressed empty <w:p/> took 125 s). The XML is counted as it is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package, package.open("word/document.xml") as body:
            count, tail = 0, b""
            while chunk := body.read(1 << 20):
                count += (tail + chunk).count(b"<w:p>") + (tail + chunk).count(b"<w:p ")
                count += (tail + chunk).count(b"<w:p/>")
                tail = chunk[-4:]  # shorter than "<w:p>": a label is never counted twice
                if count > MAX_PARAGRAPHS:
                    raise IngestError(
                        f"over {MAX_PARAGRAPHS:,} paragraphs, more than any plan has (a generated or damaged "
                        "file?): open it in Word and save the part that matters"
                    )
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error):
        return  # python-docx says what is wrong with it


def lines(document: Document, numbering: Numbering) -> Iterator[str]:
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield numbering.label(block) + block.text
        else:
            yield from table_rows(block, numbering)


def table_rows(table: Table, numbering: Numbering) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell comes back once per grid column it spans
                continue
            previous = cell._tc
            # a line break inside a cell (Word's Shift+Enter) stays inside the cell, not a new row of the text
            words = (" ".join((numbering.label(p) + p.text).split("\n")) for p in cell.paragraphs)
            cells.append(" ".join(words).strip())
        yield CELL_SEPARATOR.join(cells)


def read_doc(data: bytes) -> RawText:
    """A Word 97-2003 file, through `soffice --headless --convert-to docx`."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise IngestError(
            "a .doc (Word 97-2003) file needs LibreOffice to convert it: "
            "install libreoffice-writer, or save it as .docx"
        )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "input.doc")
        source.write_bytes(data)
        command = [
            office,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",  # a running LibreOffice would block us
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise IngestError(f"LibreOffice took over {CONVERT_TIMEOUT} s to convert the .doc") from None
        converted = source.with_suffix(".docx")
        if not converted.exists():
            error = done.stderr.decode("utf-8", "replace").strip()[:300]
            raise IngestError(f"LibreOffice could not convert the .doc ({error}): save it as .docx in Word")
        return read(converted.read_bytes())


# --- Automatic numbering -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Level:
    """One level (w:lvl) of a list definition (w:abstractNum)."""

    start: int
    format: str  # w:numFmt: decimal, lowerLetter, upperRoman, bullet, none...
    text: str  # w:lvlText: "%1.", "%1.%2.", "(%1)", "-"
    suffix: str  # what follows the label: a space for a tab or space, "" for nothing
    legal: bool  # w:isLgl: every %n in decimal ("1.1." under a "I." heading)


@dataclass(slots=True)
class Numbering:
    """Word's list counters, replayed paragraph by paragraph in document order."""

    levels: dict[str, dict[int, Level]]  # abstractNumId -> ilvl -> Level
    abstract_of: dict[str, str]  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]]  # numId -> ilvl -> w:startOverride
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # shared by the nums of a list
    started: set[str] = field(default_factory=set)  # numIds already used once
    # pStyle id -> the properties of the style and those it is based on: python-docx looks a paragraph's style
    # up by scanning every style of the document (three quarters of reading a plan's .docx), so once an id
    styles: dict[str | None, list[etree._Element | None]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document) -> Numbering:
        try:
            root = document.part.numbering_part.element
        except NotImplementedError:  # python-docx cannot create the part a plain document lacks
            return cls({}, {}, {})
        levels = {a.get(W + "abstractNumId"): abstract_levels(a) for a in root.iter(W + "abstractNum")}
        abstract_of, overrides = {}, {}
        for num in root.iter(W + "num"):
            num_id = num.get(W + "numId")
            abstract_of[num_id] = child_val(num, "abstractNumId") or ""
            overrides[num_id] = {
                int(o.get(W + "ilvl", "0")): int(child_val(o, "startOverride") or 1)
                for o in num.iter(W + "lvlOverride")
                if o.find(W + "startOverride") is not None
            }
        return cls(levels, abstract_of, overrides)

    def style_pprs(self, paragraph: Paragraph) -> list[etree._Element | None]:
        style_id = paragraph._p.style
        if style_id not in self.styles:
            self.styles[style_id] = list(style_pprs(paragraph.style))
        return self.styles[style_id]

    def label(self, paragraph: Paragraph) -> str:
        """The label Word shows before this paragraph ("1. ", "a) ", "" if not numbered); counts it."""
        num_id, ilvl = numbering_of(paragraph, self.style_pprs(paragraph))
        levels = self.levels.get(self.abstract_of.get(num_id or "", ""), {})
        if num_id is None or ilvl not in levels:
            return ""  # numId 0 means "numbering removed" and has no definition either
        counters = self.counters.setdefault(self.abstract_of[num_id], {})
        if num_id not in self.started:
            self.started.add(num_id)
            for overridden in self.overrides[num_id]:
                counters.pop(overridden, None)  # a "restart numbering" list starts afresh
        start = self.overrides[num_id].get(ilvl, levels[ilvl].start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [lvl for lvl in counters if lvl > ilvl]:
            del counters[deeper]
        return format_label(levels, counters, ilvl)


def abstract_levels(abstract: etree._Element) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.iter(W + "lvl"):
        suffix = child_val(lvl, "suff") or "tab"
        levels[int(lvl.get(W + "ilvl", "0"))] = Level(
            start=int(child_val(lvl, "start") or 1),
            format=child_val(lvl, "numFmt") or "decimal",
            text=child_val(lvl, "lvlText") or "",
            suffix="" if suffix == "nothing" else " ",
            legal=lvl.find(W + "isLgl") is not None,
        )
    return levels


def child_val(element: etree._Element, tag: str) -> str | None:
    child = element.find(W + tag)
    return None if child is None else child.get(W + "val")


def numbering_of(paragraph: Paragraph, styled: list[etree._Element | None]) -> tuple[str | None, int]:
    """(numId, ilvl) from the paragraph's own properties, else from its style and the styles under it
    (`styled`: their properties, Numbering.style_pprs)."""
    num_id: str | None = None
    ilvl: int | None = None
    for ppr in [paragraph._p.pPr, *styled]:
        num_pr = None if ppr is None else ppr.find(W + "numPr")
        if num_pr is None:
            continue
        num_id = num_id or child_val(num_pr, "numId")
        if ilvl is None and (found := child_val(num_pr, "ilvl")) is not None:
            ilvl = int(found)
    return num_id, ilvl or 0


def style_pprs(style: ParagraphStyle | None) -> Iterator[etree._Element | None]:
    seen = 0
    while style is not None and seen < 20:  # basedOn chains are short; a cycle must not hang us
        yield style.element.pPr
        style, seen = style.base_style, seen + 1


def format_label(levels: dict[int, Level], counters: dict[int, int], ilvl: int) -> str:
    level = levels[ilvl]
    if level.format == "none":
        return ""
    if level.format == "bullet":
        return bullet(level.text) + level.suffix

    def number(match: re.Match[str]) -> str:
        shown = int(match.group(1)) - 1
        referenced = levels.get(shown)
        if referenced is None:
            return ""
        value = counters.get(shown, referenced.start)
        return format_number(value, "decimal" if level.legal else referenced.format)

    return re.sub(r"%([1-9])", number, level.text) + level.suffix


def bullet(text: str) -> str:
    """A bullet character; Symbol and Wingdings glyphs (private use area) become "•"."""
    if not text or any("\ue000" <= c <= "\uf8ff" for c in text):
        return "•"
    return text


def format_number(value: int, number_format: str) -> str:
    """A counter in one of Word's number formats; formats we do not know print as decimals."""
    if number_format == "decimalZero":
        return f"{value:02d}"
    if number_format in ("lowerLetter", "upperLetter"):
        # Word's letters: a..z, then aa..zz, aaa.. (the letter repeated)
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter.upper() if number_format == "upperLetter" else letter
    if number_format in ("lowerRoman", "upperRoman"):
        roman = roman_numeral(value)
        return roman.upper() if number_format == "upperRoman" else roman
    return str(value)


def roman_numeral(value: int) -> str:
    out = ""
    for amount, numeral in ROMAN:
        count, value = divmod(value, amount)
        out += numeral * count
    return out
