"""Pure helpers behind the site's pages: folded search and highlighted text (the pictures: pictures.py).

No Datasette here: the plugin (plugins/kehoach_site.py) runs the queries and hands rows to these functions.
Every piece of document text that goes into HTML passes through markupsafe.escape.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import regex
from markupsafe import Markup, escape

from kehoach.text import fold, fold_aligned, symbol_key

SYMBOL_LIKE = regex.compile(r"^\S*\d\S*[/-]\S*\p{L}|^\S*\p{L}\S*[/-]\S*\d")  # "113/KH-UBND", "20-NQ/TW"
SEARCH_COLUMNS = (
    "d.id, d.title, d.province, d.province_now, d.year, d.subject_symbol, d.subject_doc_type, "
    "d.subject_issuer, d.subject_issued, d.topics"
)
# A link target from a sidecar's url: an http(s) address only ('JaVaScRiPt:alert(1)' stays plain text)
WEB_URL = regex.compile(r"https?://[^\s\x00-\x1f\x7f]+", regex.IGNORECASE)
# A search is a few words: "tre em " typed 2,143 times ran 45 s (4,286 terms in every FTS query), and three
# at once held every SQL thread. The query is cut to MAX_QUERY_CHARS and its first MAX_TERMS words.
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
SEARCH_TIME_LIMIT_MS = 1000  # each of the search page's queries; the rest of the site has sql_time_limit_ms
SEARCH_LIMIT = 500  # rows ranked per query: the facets count over them
PAGE_SIZE = 50  # results shown per page, each with its snippet
RANK_WINDOW = 1000  # a query matching this many documents or more is broad: not ranked by bm25 (search_sql)
# Search-page facet: (query parameter, result column, label)
FACETS = (
    ("province_now", "province_now", "Tỉnh (từ 1/7/2025) / Province (new)"),
    ("province", "province", "Tỉnh như văn bản ghi / Province (as written)"),
    ("year", "year", "Năm / Year"),
    ("doc_type", "subject_doc_type", "Loại văn bản / Document type"),
    ("issuer", "subject_issuer", "Cơ quan ban hành / Issuer"),
    ("topic", "topics", "Chủ đề / Topic"),
)
FILTER_SQL = {
    "province_now": "d.province_now = :province_now",
    "province": "d.province = :province",
    "year": "d.year = :year",
    "doc_type": "d.subject_doc_type = :doc_type",
    "issuer": "d.subject_issuer = :issuer",
    "topic": "EXISTS (SELECT 1 FROM json_each(d.topics) WHERE value = :topic)",
}
# The same filters on Datasette's documents table (the search page's "as a table" link)
TABLE_FILTERS = {
    "province_now": "province_now",
    "province": "province",
    "year": "year",
    "doc_type": "subject_doc_type",
    "issuer": "subject_issuer",
    "topic": "topics__arraycontains",
}
ITEM_KINDS = ("tasks", "targets", "references", "dates", "bodies")  # outer first when two start together
KIND_LABEL = {"tasks": "NV", "targets": "CT", "references": "VB", "dates": "NG", "bodies": "CQ"}


# ---------------------------------------------------------------- search


def is_symbol(query: str) -> bool:
    """A number-and-symbol (số ký hiệu) is searched exactly, punctuation and all."""
    return symbol_query(query) is not None


# "113 / KH-UBND" -> "113/KH-UBND"; "KH-UBND 113" -> "113/KH-UBND" (codes with a hyphen, or capitals, first)
SYMBOL_SPACES = regex.compile(r"\s*([/\-–‐])\s*")
CODES_FIRST = regex.compile(
    r"^(?P<codes>\p{L}[\p{L}\d]*(?:-[\p{L}\d]+)+|\p{Lu}{2,}[\p{Lu}\d]*)\s+(?P<number>\d+(?:/\d{4})?)$"
)
MAX_KEY_VARIANTS = 64  # Đ/D spellings of one symbol key tried through the index (2 ** 6)


def symbol_query(query: str) -> str | None:
    """The số ký hiệu a query is, written the usual way, or None: spaces around its separators dropped,
    codes typed before the number put after it ("KH-UBND 113" -> "113/KH-UBND")."""
    text = SYMBOL_SPACES.sub(r"\1", query.strip())
    if found := CODES_FIRST.match(text):
        text = f"{found['number']}/{found['codes']}"
    return text if text and " " not in text and SYMBOL_LIKE.search(text) else None


def symbol_keys(symbol: str) -> list[str]:
    """The stored keys a typed symbol can stand for: its key with each D read as D or Đ ("1896/QD-TTg" is
    stored as 1896-QĐ-TTG), so that the index on symbol_key answers; at most MAX_KEY_VARIANTS of them."""
    key = symbol_key(symbol).replace("Đ", "D")
    spots = [i for i, c in enumerate(key) if c == "D"]
    if 2 ** len(spots) > MAX_KEY_VARIANTS:
        return [key, key.replace("D", "Đ")]
    keys = []
    for choice in itertools.product("DĐ", repeat=len(spots)):
        chars = list(key)
        for i, c in zip(spots, choice, strict=True):
            chars[i] = c
        keys.append("".join(chars))
    return keys


def in_list(name: str, values: Sequence[str]) -> tuple[str, dict[str, str]]:
    """ "(:name0, :name1, ...)" and its parameters."""
    params = {f"{name}{i}": v for i, v in enumerate(values)}
    return "(" + ", ".join(f":{k}" for k in params) + ")", params


def query_terms(query: str) -> list[str]:
    """The folded words of a query, at most MAX_TERMS of them (from a query of at most MAX_QUERY_CHARS)."""
    return regex.findall(r"\w+", fold(query[:MAX_QUERY_CHARS]))[:MAX_TERMS]


def fts_queries(query: str) -> list[str]:
    """FTS5 queries over the folded column, best first: the exact phrase, then all the words in any order."""
    if parsed := parse_operators(query):
        return [parsed.fts] if parsed.fts else []
    terms = query_terms(query)
    if not terms:
        return []
    phrase = '"' + " ".join(terms) + '"'
    everywhere = " ".join(f'"{t}"' for t in dict.fromkeys(terms))  # each word once
    return [phrase] if len(terms) == 1 else [phrase, everywhere]


# What a search understands besides words: "an exact phrase", OR between alternatives, NOT or -word to leave
# a word out, word* for the words starting so; AND is what two words side by side mean anyway.
OPERATOR_TOKENS = regex.compile(r'(-?)"([^"]*)"?|(\S+)')
HAS_OPERATORS = regex.compile(r'"|(?:^|\s)(?:OR|AND|NOT)(?:\s|$)|\w\*|(?:^|\s)-\w')


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # folded
    prefix: bool = False
    negated: bool = False

    @property
    def fts(self) -> str:
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")

    @property
    def shown(self) -> str:
        return ("−" if self.negated else "") + "«" + " ".join(self.words) + ("…" if self.prefix else "") + "»"


@dataclass(frozen=True)
class ParsedQuery:
    """Alternatives (OR), each a set of terms all required, some of them left out (NOT)."""

    groups: tuple[tuple[Term, ...], ...]

    @property
    def terms(self) -> list[Term]:
        return [t for group in self.groups for t in group if not t.negated]

    @property
    def fts(self) -> str:
        alternatives = []
        for group in self.groups:
            wanted = " ".join(t.fts for t in group if not t.negated)
            alternatives.append(f"({wanted})" + "".join(f" NOT {t.fts}" for t in group if t.negated))
        return " OR ".join(f"({a})" for a in alternatives)

    @property
    def shown(self) -> str:
        """How the query was read, for the page: «tre» OR «em»."""
        return " OR ".join(" ".join(t.shown for t in group) for group in self.groups)


def parse_operators(query: str) -> ParsedQuery | None:
    """The query read with its operators, or None when it has none (a plain list of words)."""
    if not HAS_OPERATORS.search(query):
        return None
    groups: list[list[Term]] = [[]]
    negate, count = False, 0
    for found in OPERATOR_TOKENS.finditer(query[:MAX_QUERY_CHARS]):
        minus, phrase, bare = found.groups()
        if bare in ("OR", "|"):
            groups.append([])
            continue
        if bare in ("AND", "NOT"):
            negate = bare == "NOT"
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            minus, bare = "-", bare[1:]
        words = tuple(regex.findall(r"\w+", fold(phrase if bare is None else bare)))
        count += len(words)
        if words and count <= MAX_TERMS:
            prefix = bare is not None and bare.endswith("*")
            groups[-1].append(Term(words, prefix, negated=negate or bool(minus)))
        negate = False
    return ParsedQuery(tuple(tuple(g) for g in groups if any(not t.negated for t in g)))


def filters_sql(args: dict[str, str]) -> tuple[str, dict[str, Any]]:
    clauses, params = [], {}
    for name, sql in FILTER_SQL.items():
        if args.get(name):
            clauses.append(sql)
            params[name] = int(args[name]) if name == "year" and args[name].isdigit() else args[name]
    return "".join(f" AND {c}" for c in clauses), params


def symbol_phrase(query: str) -> str:
    """The words of a symbol as an FTS5 phrase ("113/KH-UBND" -> '"113 kh ubnd"'): the index narrows the
    documents that can hold it, the exact string is then checked in those few."""
    return '"' + " ".join(query_terms(query)) + '"'


def table_query(args: dict[str, str]) -> dict[str, str] | None:
    """The documents table's query string listing what a word search lists (its last, widest FTS query, raw,
    with the same filters), or None for a symbol search, which the table's search cannot express."""
    queries = fts_queries(args["q"])
    if symbol_query(args["q"]) or not queries:
        return None
    out = {"_search": queries[-1], "_searchmode": "raw", "withdrawn": "0"}
    out.update({TABLE_FILTERS[k]: v for k, v in args.items() if k in TABLE_FILTERS and v})
    return out


def search_sql(
    args: dict[str, str], fts_query: str | None, broad: bool = False
) -> tuple[str, dict[str, Any]]:
    """One SQL statement: folded full-text, or for a symbol the exact string.

    Full-text results are ranked by bm25, unless the query is `broad` (RANK_WINDOW matches or more): bm25
    counts the documents holding the phrase across the whole index on every search, which for "kế hoạch"
    in 100k documents is most of a second. Broad queries list the documents with the words in their title
    first, then the others, newest first: both read the index in rowid order and stop at the limit.
    """
    where, params = filters_sql(args)
    if fts_query is None:
        symbol = symbol_query(args["q"]) or args["q"].strip()
        keys, key_params = in_list("key", symbol_keys(symbol))
        params.update(key_params, q=fold(symbol), phrase=symbol_phrase(symbol))
        return (
            f"SELECT {SEARCH_COLUMNS}, 0 AS rank FROM documents d WHERE d.withdrawn = 0 AND ("
            "d.rowid IN (SELECT t.rowid FROM document_texts t WHERE t.rowid IN"
            " (SELECT rowid FROM document_texts_fts WHERE document_texts_fts MATCH :phrase)"
            " AND (instr(t.text_folded, :q) OR instr(kh_fold(t.title), :q)))"
            f" OR d.id IN (SELECT document_id FROM [references] WHERE symbol_key IN {keys})"
            " OR d.id IN (SELECT pd.document_id FROM plans p JOIN plan_documents pd ON pd.plan_id = p.id"
            f" WHERE p.symbol_key IN {keys} AND pd.relation = 'about'))"
            + where
            + f" ORDER BY kh_symbol_key(d.subject_symbol) IN {keys} DESC, d.subject_issued DESC"
            + f" LIMIT {SEARCH_LIMIT}",
            params,
        )
    params["fts"] = fts_query
    joined = (
        f"SELECT {SEARCH_COLUMNS}, {{rank}} AS rank, f.rowid AS stored "
        "FROM document_texts_fts f JOIN documents d ON d.rowid = f.rowid "
    )
    if not broad:
        return (
            joined.format(rank="f.rank")
            + "WHERE document_texts_fts MATCH :fts AND d.withdrawn = 0"
            + where
            + f" ORDER BY f.rank LIMIT {SEARCH_LIMIT}",
            params,
        )
    params["title_fts"] = "{title} : (" + fts_query + ")"
    in_title = (
        joined.format(rank="0")
        + "WHERE document_texts_fts MATCH :title_fts AND d.withdrawn = 0"
        + where
        + f" ORDER BY f.rowid DESC LIMIT {SEARCH_LIMIT}"
    )
    newest = (
        joined.format(rank="1")
        + "WHERE document_texts_fts MATCH :fts AND d.withdrawn = 0"
        + where
        + f" ORDER BY f.rowid DESC LIMIT {SEARCH_LIMIT}"
    )
    return f"SELECT * FROM ({in_title}) UNION ALL SELECT * FROM ({newest}) ORDER BY rank, stored DESC", params


def match_count_sql(args: dict[str, str], fts_query: str) -> tuple[str, dict[str, Any]]:
    """How many documents match, counted up to RANK_WINDOW (the index alone answers when nothing filters)."""
    where, params = filters_sql(args)
    params["fts"] = fts_query
    matches = (
        "SELECT f.rowid AS rowid FROM document_texts_fts f JOIN documents d ON d.rowid = f.rowid "
        "WHERE document_texts_fts MATCH :fts AND d.withdrawn = 0" + where
        if where
        else "SELECT rowid FROM document_texts_fts WHERE document_texts_fts MATCH :fts"
    )
    return f"SELECT count(*) AS n FROM ({matches} LIMIT {RANK_WINDOW})", params


# ---------------------------------------------------------------- the result set, counted and paged in SQL


@dataclass(frozen=True)
class Hits:
    """A search's result set as SQL: a `WITH ... hits(id, grp, pos)` prefix listing at most SEARCH_LIMIT
    documents in their order (grp: which FTS query found it first; pos: its place in that query's order), and
    its parameters. The page's rows, the count and the facets are each one statement over it."""

    with_sql: str
    params: dict[str, Any]

    def ids_sql(self) -> tuple[str, dict[str, Any]]:
        return f"{self.with_sql} SELECT id FROM hits ORDER BY grp, pos", self.params

    @classmethod
    def of_ids(cls, ids: Sequence[str]) -> Hits:
        """The set once its ids are known (ids_sql): the full-text search is not run again for the count,
        the facets and the page."""
        return cls(
            "WITH hits AS (SELECT value AS id, 0 AS grp, key AS pos FROM json_each(:hit_ids))",
            {"hit_ids": json.dumps(list(ids))},
        )

    def page_sql(self, offset: int, size: int) -> tuple[str, dict[str, Any]]:
        return (
            f"{self.with_sql} SELECT {SEARCH_COLUMNS} FROM hits h JOIN documents d ON d.id = h.id "
            "ORDER BY h.grp, h.pos LIMIT :size OFFSET :offset",
            {**self.params, "size": size, "offset": offset},
        )

    def summary_sql(self, top: int = 12) -> tuple[str, dict[str, Any]]:
        """(facet, value, n) rows: '' with the number of results, then each facet's `top` values."""
        parts = ["SELECT '' AS facet, NULL AS value, count(*) AS n FROM hits"]
        joined = "FROM hits h JOIN documents d ON d.id = h.id"
        first = f"(h.grp * {SEARCH_LIMIT} + h.pos) * 1000"  # ties: in the order first met down the results
        for param, column, _ in FACETS:
            if column == "topics":  # ... and along a document's list of topics
                value, where, order = "t.value", f"{joined}, json_each(d.topics) t", f"{first} + t.key"
            else:
                value, where, order = f"d.{column}", joined, first
            parts.append(
                f"SELECT * FROM (SELECT '{param}' AS facet, {value} AS value, count(*) AS n {where} "
                f"WHERE {value} != '' GROUP BY {value} ORDER BY n DESC, min({order}) LIMIT {top})"
            )
        return f"{self.with_sql} " + " UNION ALL ".join(parts), self.params


def hits_sql(args: dict[str, str], queries: Sequence[tuple[str | None, bool]]) -> Hits:
    """The result set of `queries` ((FTS query, broad) best first, or (None, False) for a symbol), each
    query's documents after those of the queries before it, each document once."""
    parts, params = [], {}
    for i, (fts, broad) in enumerate(queries):
        sql, found = search_sql(args, fts, broad=broad)
        for name in ("title_fts", "fts"):  # each query's own FTS parameters; the filters are shared
            if name in found:
                sql = regex.sub(rf":{name}\b", f":{name}{i}", sql)
                found[f"{name}{i}"] = found.pop(name)
        params.update(found)
        parts.append(f"part{i} AS (SELECT id, row_number() OVER () AS pos FROM ({sql}))")
    chosen = []
    for i in range(len(parts)):
        earlier = " AND ".join(f"id NOT IN (SELECT id FROM part{j})" for j in range(i))
        chosen.append(f"SELECT id, {i} AS grp, pos FROM part{i}" + (f" WHERE {earlier}" if earlier else ""))
    if not chosen:
        chosen = ["SELECT NULL AS id, 0 AS grp, 0 AS pos WHERE 0"]
    hits = f"hits AS (SELECT * FROM ({' UNION ALL '.join(chosen)}) ORDER BY grp, pos LIMIT {SEARCH_LIMIT})"
    return Hits("WITH " + ", ".join([*parts, hits]), params)


def term_pattern(query: str) -> regex.Pattern[str]:
    """What to mark in the folded text: the symbol as typed, the phrase, or each word."""
    if symbol := symbol_query(query):
        return regex.compile(regex.escape(fold_aligned(symbol)))
    if parsed := parse_operators(query):
        words = [r"\s+".join(map(regex.escape, t.words)) + (r"\w*" if t.prefix else "") for t in parsed.terms]
        return regex.compile(r"(?<!\w)(?:" + "|".join(words or ["(?!)"]) + r")(?!\w)")
    terms = query_terms(query)
    words = [r"\s+".join(map(regex.escape, terms)), *map(regex.escape, terms)] if terms else ["(?!)"]
    return regex.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")


def snippet(text: str, query: str, width: int = 260) -> Markup:
    """A window of the text around the first match, every match marked; the text escaped."""
    if not text:
        return Markup("")
    folded = fold_aligned(text)
    pattern = term_pattern(query)
    found = pattern.search(folded)
    start = max(0, (found.start() if found else 0) - width // 3)
    end = min(len(text), start + width)
    spans = [m.span() for m in pattern.finditer(folded, start, end)]  # only the window is shown
    out = [Markup("…") if start else Markup("")]
    pos = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out += [escape(text[pos:s]), Markup("<mark>"), escape(text[s:e]), Markup("</mark>")]
        pos = e
    out += [escape(text[pos:end]), Markup("…") if end < len(text) else Markup("")]
    return Markup("").join(out)


# ---------------------------------------------------------------- highlighted text


@dataclass(frozen=True)
class Mark:
    kind: str  # table name: tasks, targets, references, dates, bodies
    id: int
    start: int
    end: int
    rule: str
    label: str


def highlight(text: str, marks: Iterable[Mark], rule_url: Callable[[str], str]) -> Markup:
    """The text with every extracted item in a span (nested; a crossing item is cut at its parent's end).

    Each span opens with a small tag linking to the rule that produced the item.
    """
    ordered = sorted(marks, key=lambda m: (m.start, -m.end, ITEM_KINDS.index(m.kind)))
    out: list[Markup] = []
    close = Markup("</span>")
    ends: list[int] = []
    pos = 0
    for mark in ordered:
        while ends and ends[-1] <= mark.start:
            out += [escape(text[pos : ends[-1]]), close]
            pos = ends.pop()
        end = min(mark.end, ends[-1]) if ends else mark.end
        if end <= mark.start or mark.start < pos:
            continue
        out += [escape(text[pos : mark.start]), open_tag(mark, rule_url)]
        pos = mark.start
        ends.append(end)
    while ends:
        out += [escape(text[pos : ends[-1]]), close]
        pos = ends.pop()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def open_tag(mark: Mark, rule_url: Callable[[str], str]) -> Markup:
    return Markup(
        '<span class="ex ex-{k}" id="{k}-{i}" data-rule="{r}" title="{r} — {t}">'
        '<a class="rule-tag" href="{u}">{a}</a>'
    ).format(
        k=mark.kind, i=mark.id, r=mark.rule, t=mark.label, u=rule_url(mark.rule), a=KIND_LABEL[mark.kind]
    )


# ---------------------------------------------------------------- heat-map colours (pictures.py draws them)


def heat_rgb(share: float) -> tuple[int, int, int]:
    """White to deep teal."""
    share = max(0.0, min(1.0, share))
    r, g, b = (int(255 - share * (255 - c)) for c in (0, 110, 120))
    return r, g, b


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance of an sRGB colour."""
    linear = [(c / 255) / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def label_class(share: float) -> str:
    """Dark text on light cells, white on dark ones: whichever contrasts more (both stay over 4.5:1)."""
    light = luminance(heat_rgb(share))
    return "cell-label" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "cell-label on-dark"


def web_url(value: object) -> str | None:
    """`value` when it is an http(s) address to link to; None for any other scheme (javascript:, data:)."""
    return value if isinstance(value, str) and WEB_URL.fullmatch(value) else None
