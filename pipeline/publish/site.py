"""Pure helpers behind the site's pages: folded search and highlighted text (the pictures: pictures.py).

No Datasette here: the plugin (plugins/kehoach_site.py) runs the queries and hands rows to these functions.
Every piece of document text that goes into HTML passes through markupsafe.escape.
"""

from __future__ import annotations

import json
from collections import Counter
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
ITEM_KINDS = ("tasks", "targets", "references", "dates", "bodies")  # outer first when two start together
KIND_LABEL = {"tasks": "NV", "targets": "CT", "references": "VB", "dates": "NG", "bodies": "CQ"}


# ---------------------------------------------------------------- search


def is_symbol(query: str) -> bool:
    """A number-and-symbol (số ký hiệu) is searched exactly, punctuation and all."""
    return bool(SYMBOL_LIKE.search(query.strip())) and " " not in query.strip()


def query_terms(query: str) -> list[str]:
    """The folded words of a query, at most MAX_TERMS of them (from a query of at most MAX_QUERY_CHARS)."""
    return regex.findall(r"\w+", fold(query[:MAX_QUERY_CHARS]))[:MAX_TERMS]


def fts_queries(query: str) -> list[str]:
    """FTS5 queries over the folded column, best first: the exact phrase, then all the words in any order."""
    terms = query_terms(query)
    if not terms:
        return []
    phrase = '"' + " ".join(terms) + '"'
    everywhere = " ".join(f'"{t}"' for t in dict.fromkeys(terms))  # each word once
    return [phrase] if len(terms) == 1 else [phrase, everywhere]


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
        params.update(q=args["q"].strip(), key=symbol_key(args["q"]), phrase=symbol_phrase(args["q"]))
        return (
            f"SELECT {SEARCH_COLUMNS}, 0 AS rank FROM documents d WHERE d.withdrawn = 0 AND ("
            "d.rowid IN (SELECT t.rowid FROM document_texts t WHERE t.rowid IN"
            " (SELECT rowid FROM document_texts_fts WHERE document_texts_fts MATCH :phrase)"
            " AND (instr(t.text, :q) OR instr(t.title, :q)))"
            " OR d.id IN (SELECT document_id FROM [references] WHERE symbol_key = :key)"
            " OR d.id IN (SELECT pd.document_id FROM plans p JOIN plan_documents pd ON pd.plan_id = p.id"
            " WHERE p.symbol_key = :key AND pd.relation = 'about'))"
            + where
            + " ORDER BY kh_symbol_key(d.subject_symbol) = :key DESC, d.subject_issued DESC"
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


def term_pattern(query: str) -> regex.Pattern[str]:
    """What to mark in the folded text: the symbol as typed, the phrase, or each word."""
    if is_symbol(query):
        return regex.compile(regex.escape(fold_aligned(query.strip())))
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


def facet_counts(rows: Sequence[dict[str, Any]]) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(parameter, label, [(value, count)]) for each facet, over the whole result set."""
    facets = []
    for param, column, label in FACETS:
        counts: Counter[str] = Counter()
        for row in rows:
            values = json.loads(row[column] or "[]") if column == "topics" else [row[column]]
            counts.update(str(v) for v in values if v not in (None, ""))
        if counts:
            facets.append((param, label, counts.most_common(12)))
    return facets


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


def web_url(value: object) -> str | None:
    """`value` when it is an http(s) address to link to; None for any other scheme (javascript:, data:)."""
    return value if isinstance(value, str) and WEB_URL.fullmatch(value) else None
