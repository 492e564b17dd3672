"""The project's vocabulary: the frozen records that flow between stages.

ingest/ -> RawDocument -> normalize -> Document -> extract/ -> Extraction -> store / contract.
Dicts exist only at the edges (the JSON contract in contract.py, SQLite rows in store/rows.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Format = Literal["text", "html", "pdf", "docx"]
Kind = Literal["announcement", "plan_text", "other"]
Relation = Literal["basis", "implements", "amends", "replaces", "repeals", "mentions", "self"]
Comparator = Literal["<", "<=", ">", ">=", "="]
Direction = Literal["decrease", "increase", "maintain"]
Role = Literal["issuer", "assignee", "other"]
Unit = Literal["%", "‰"]
Measure = Literal["level", "change", "rate"]
Recurrence = Literal["yearly", "quarterly", "monthly", "continuous"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document came from: the file, its content hash and the sidecar metadata."""

    path: str
    sha256: str  # hex digest of the raw bytes: the document's identity
    format: Format
    size: int
    meta: tuple[tuple[str, str], ...] = ()  # sidecar facts (site, url, retrieved, publisher)

    def get(self, key: str) -> str | None:
        return dict(self.meta).get(key)


@dataclass(frozen=True, slots=True)
class Page:
    """A page of a paged source (PDF): its span in the text and how it was read."""

    number: int  # 1-based
    start: int
    end: int
    ocr: bool = False
    confidence: float | None = None  # mean OCR word confidence, 0..1


@dataclass(frozen=True, slots=True)
class RawText:
    """What one reader (ingest/text.py, html.py, pdf.py, docx.py) got out of the bytes."""

    text: str
    title: str | None = None
    pages: tuple[Page, ...] = ()  # offsets into `text`; empty for unpaged formats
    encoding: str | None = None  # "utf-8", "cp1258", "tcvn3", "vni", ...
    page_count: int | None = None
    tables: tuple[
        tuple[tuple[str, ...], ...], ...
    ] = ()  # tables a reader found by layout (PDF), rows of cells


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What a reader got out of the bytes, before normalization."""

    source: Source
    text: str
    title: str | None = None
    pages: tuple[Page, ...] = ()  # offsets into `text`; empty for unpaged formats
    encoding: str | None = None  # "utf-8", "cp1258", "tcvn3", "vni", ...
    page_count: int | None = None
    tables: tuple[
        tuple[tuple[str, ...], ...], ...
    ] = ()  # tables a reader found by layout (PDF), rows of cells


@dataclass(frozen=True, slots=True)
class Document:
    """A normalized document: `text` is what every offset in the project refers to."""

    source: Source
    text: str
    title: str | None = None
    pages: tuple[Page, ...] = ()  # offsets into the normalized `text`
    encoding: str | None = None
    page_count: int | None = None
    # the tables of the source, as written before their cells became lines of `text`: rows of cells
    # ("" for an empty cell), so a column can still be told by its place (extract/tables.py)
    tables: tuple[tuple[tuple[str, ...], ...], ...] = ()

    def page_at(self, offset: int) -> Page | None:
        for page in self.pages:
            if page.start <= offset < page.end or (offset == page.end and page is self.pages[-1]):
                return page
        return None


@dataclass(frozen=True, slots=True)
class Reference:
    """A cited document: số ký hiệu (number and symbol) with its type, date and issuer."""

    text: str
    symbol: str  # "113/KH-UBND", as written, without "số"
    number: str  # "113"
    year: int | None  # from a normative symbol "07/2021/NQ-HĐND", else from `issued`
    type_code: str | None  # "KH", "QĐ", "NQ"...
    issuer_code: str | None  # "UBND", "TTg", "QH14"...
    doc_type: str | None  # "Kế hoạch", "Quyết định"...
    issued: str | None  # ISO date written next to it
    issuer: str | None  # full issuing body, expanded
    start: int
    end: int
    rule: str
    relation: Relation = "mentions"  # how the document relates to it (GOLD_FORMAT.md v2): "implements"...


@dataclass(frozen=True, slots=True)
class DateMention:
    """A full calendar date written in the text (day, month and year)."""

    text: str
    date: str  # ISO 8601
    start: int
    end: int
    rule: str


@dataclass(frozen=True, slots=True)
class Body:
    """An organisation named in the text, with its canonical full name."""

    text: str
    name: str
    role: Role
    start: int
    end: int
    rule: str


@dataclass(frozen=True, slots=True)
class Task:
    """A numbered or lettered item of a list of nhiệm vụ (tasks), giải pháp (solutions), mục tiêu (goals).

    `start`/`end` span the item's text, after its label (so `text` is `document.text[start:end]`).
    """

    label: str  # "(1)", "1.", "a)", "II."
    text: str  # the item's text up to the next item, label excluded
    level: int  # 1 for the top level of the list
    start: int  # offset of the label
    end: int
    rule: str
    parent: str | None = None  # the label of the level-1 item a level-2 item sits under
    lead: str | None = None  # cơ quan chủ trì: the body charged with the item
    partners: tuple[str, ...] = ()  # cơ quan phối hợp
    due: Due | None = None  # thời hạn
    output: str | None = None  # sản phẩm
    lead_name: str | None = None  # the lead as one name across plans: "Sở LĐTBXH" -> "Sở Lao động - ..."
    lead_now: str | None = None  # its successor after the 2025 merger of departments, when known
    partner_names: tuple[str, ...] = ()  # the partners as such names


@dataclass(frozen=True, slots=True)
class Due:
    """Thời hạn (deadline) of a task: as written, and normalized to the latest moment it allows."""

    text: str  # "trong Quý II/2025", "hằng năm"
    by: str | None  # "2025", "2025-Q2", "2025-06", "2025-06-30"
    recurring: Recurrence | None  # "hằng năm" -> "yearly", "thường xuyên" -> "continuous"


@dataclass(frozen=True, slots=True)
class Scope:
    """One population or area a figure is restricted to: as written and in controlled form."""

    text: str  # "trẻ em dưới 5 tuổi"
    form: str  # "age:<5"


@dataclass(frozen=True, slots=True)
class Target:
    """Chỉ tiêu (target): a % or ‰ figure and what the text says about it."""

    text: str  # the clause around the figure
    value: float  # "9,5" -> 9.5
    unit: Unit
    comparator: Comparator | None  # "<" for "dưới"; None when the figure is not a target
    direction: Direction | None  # giảm / tăng / duy trì
    indicator: str | None  # "tỷ suất tử vong trẻ sơ sinh"
    year: int | None  # the year it is due
    is_target: bool  # a goal (True) or a reported figure (False)
    scope: str | None  # the population or area, as written: "nông thôn", "trẻ em dưới 5 tuổi"
    start: int  # span of the clause
    end: int
    value_start: int  # span of the figure itself ("9,5‰")
    value_end: int
    rule: str
    measure: Measure = (
        "level"  # the level to reach, a relative change ("giảm 70% ... so với"), a rate ("%/năm")
    )
    high: float | None = None  # upper end of a written range "9 - 10%" (`value` is its lower end)
    baseline: float | None = None  # "từ 24% năm 2020 xuống dưới 20%": 24
    baseline_year: int | None = None  # ... 2020
    scope_form: str | None = None  # the scope in controlled form: "rural", "age:<5", "sex:female"
    indicator_id: str | None = None  # patterns/indicators.yml id: "child_stunting"
    scopes: tuple[
        Scope, ...
    ] = ()  # every scope, the first being scope / scope_form ("nông thôn", "trẻ em dưới 5 tuổi")


@dataclass(frozen=True, slots=True)
class Indicator:
    """Chỉ số: an entry of patterns/indicators.yml, one indicator across provinces."""

    id: str  # "child_stunting"
    vi: str  # "Tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em"
    en: str  # "Stunting prevalence among children"
    unit: Unit
    progress: Literal["increase", "decrease", "none"]  # the direction that counts as progress
    sdg: str | None = None  # the global SDG indicator code, where it is that indicator: "2.2.1"


@dataclass(frozen=True, slots=True)
class Subject:
    """The numbered document the text is about."""

    symbol: str | None
    doc_type: str | None
    number: str | None
    year: int | None
    issued: str | None
    issuer: str | None
    period: tuple[int, int] | None
    uncertain: bool = False  # read by OCR and partly unreadable: "?/KH-TCTLNTW-C04"; check it on the image


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    kind: Kind
    title: str | None
    province: str | None
    subject: Subject | None
    references: tuple[Reference, ...] = ()
    dates: tuple[DateMention, ...] = ()
    bodies: tuple[Body, ...] = ()
    tasks: tuple[Task, ...] = ()
    targets: tuple[Target, ...] = ()
    timings: tuple[tuple[str, float], ...] = field(default=(), compare=False)

    def items(self) -> tuple[Reference | DateMention | Body | Task | Target, ...]:
        return (*self.references, *self.dates, *self.bodies, *self.tasks, *self.targets)


@dataclass(frozen=True, slots=True)
class Failure:
    """A bad input, recorded instead of crashing: which file, which stage, and what to do next."""

    source: str
    stage: Literal["ingest", "normalize", "extract", "store"]
    message: str
    sha256: str | None = None
    format: str | None = None


# --- vocabulary entries (patterns/provinces.yml, patterns/issuers.yml), read once per rules version ------


@dataclass(frozen=True, slots=True)
class ProvinceEntry:
    """A tỉnh or thành phố trực thuộc trung ương of the gazetteer, patterns/provinces.yml."""

    name: str  # "Thừa Thiên Huế": canonical, without tỉnh / thành phố
    kind: str = "tỉnh"  # or "thành phố" (a city under the centre: Cần Thơ, Đà Nẵng ...)
    aliases: tuple[str, ...] = ()  # other spellings seen in documents ("BR-VT")
    lat: float | None = None  # the administrative centre, for the map
    lon: float | None = None
    until: str | None = None  # the last day of a unit merged away ("2025-06-30")
    since: str | None = None
    successor: str | None = None  # the unit it joined
    predecessor: str | None = None
    includes: tuple[str, ...] = ()  # from 1 July 2025, the units merged into it


@dataclass(frozen=True, slots=True)
class IssuerEntry:
    """An issuer code (mã cơ quan ban hành) of patterns/issuers.yml and the body it names."""

    code: str  # "TTg"
    name: str  # "Thủ tướng Chính phủ"
    implied: bool = False  # a national issuer: the code alone says who issued
    local: bool = False  # a provincial body: its name takes the province ("Sở Nội vụ tỉnh Lâm Đồng")
    levelled: bool = False  # a people's committee or council: the province's level word too, even unnamed
