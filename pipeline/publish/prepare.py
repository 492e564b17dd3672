"""What the site needs beyond the extraction tables, rebuilt at the end of every build (idempotent).

- documents.topics: a JSON array of topics (patterns/topics.yml), for the "topic" facet;
- provinces: the gazetteer (old and new names, lat/lon, successor) with document counts, for the map;
- rules: every extraction rule with its description and pattern, so each highlighted item links to its rule;
- target_facts: one row per target with the province, year, type, issuer and topics of its document,
  and its indicator without diacritics, for facets, the chart and the canned queries.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from kehoach.extract import indicators
from kehoach.extract.topics import topics_of
from kehoach.extract.vocab import all_provinces
from kehoach.rules import RuleSet, load_rules
from kehoach.store.database import Database
from kehoach.text import fold, sql_functions


def prepare_topics(db: Database, rules: RuleSet) -> None:
    if "topics" not in db.table("documents").columns_dict:
        db.table("documents").add_column("topics", str)
    last = 0
    while True:  # a thousand documents at a time: the folded texts of a whole corpus do not fit in memory
        rows = db.execute(
            "SELECT d.rowid, d.id, d.title, t.text_folded FROM documents d LEFT JOIN document_texts t "
            "ON t.document_id = d.id WHERE d.rowid > ? ORDER BY d.rowid LIMIT 1000",
            [last],
        ).fetchall()
        if not rows:
            return
        updates = [
            (json.dumps(topics_of(title, folded, rules), ensure_ascii=False), doc_id)
            for _, doc_id, title, folded in rows
        ]
        db.conn.executemany("UPDATE documents SET topics = ? WHERE id = ?", updates)
        last = rows[-1][0]


def province_rows(rules: RuleSet) -> list[dict[str, Any]]:
    rows = []
    for entry in all_provinces(rules):
        rows.append(
            {
                "name": entry.name,
                "kind": entry.kind,
                "lat": entry.lat,
                "lon": entry.lon,
                "until": entry.until,
                "successor": entry.successor,
                "aliases": json.dumps(list(entry.aliases), ensure_ascii=False),
                "name_folded": fold(entry.name),
            }
        )
    return rows


def prepare_provinces(db: Database, rules: RuleSet) -> None:
    db.table("provinces").drop(ignore=True)
    db.table("provinces").create(
        {
            "name": str,
            "kind": str,
            "lat": float,
            "lon": float,
            "until": str,
            "successor": str,
            "aliases": str,
            "name_folded": str,
            "documents": int,
            "documents_now": int,
        },
        pk="name",
    )
    db.table("provinces").insert_all(province_rows(rules))


def count_provinces(db: Database) -> None:
    """provinces.documents and documents_now: one pass over documents, not two subqueries per province."""
    by_name: Counter[str] = Counter()
    by_now: Counter[str] = Counter()
    for province, now in db.execute("SELECT province, province_now FROM documents WHERE withdrawn = 0"):
        by_name[province] += 1
        by_now[now] += 1
    names = [name for (name,) in db.execute("SELECT name FROM provinces")]
    db.conn.executemany(
        "UPDATE provinces SET documents = ?, documents_now = ? WHERE name = ?",
        [(by_name[n], by_now[n], n) for n in names],
    )


def prepare_rules(db: Database, rules: RuleSet) -> None:
    db.table("rules").drop(ignore=True)
    db.table("rules").create(
        {"id": str, "file": str, "description": str, "pattern": str, "line": int, "examples": str}, pk="id"
    )
    db.table("rules").insert_all(
        {
            "id": r.qualified_id,
            "file": f"patterns/{r.file}.yml",
            "description": r.description,
            "pattern": r.pattern,
            "line": r.line,
            "examples": json.dumps(list(r.raw_examples), ensure_ascii=False, default=str),
        }
        for r in rules.all_rules()
    )


def prepare_indicators(db: Database, rules: RuleSet) -> None:
    """indicators: the vocabulary of patterns/indicators.yml (issue 19), with its phrasings, one row each."""
    db.table("indicators").drop(ignore=True)
    db.table("indicators").create(
        {"id": str, "vi": str, "en": str, "unit": str, "progress": str, "sdg": str, "phrasings": str}, pk="id"
    )
    db.table("indicators").insert_all(
        {
            **{k: e.get(k) for k in ("id", "vi", "en", "unit", "progress", "sdg")},
            "phrasings": " | ".join(e.get("phrasings", [])),
        }
        for e in indicators.entries(rules)
    )


TARGET_FACT_COLUMNS: dict[str, Any] = {
    "id": int,
    "document_id": str,
    "province_now": str,
    "province": str,
    "doc_year": int,
    "doc_type": str,
    "issuer": str,
    "symbol": str,
    "topics": str,
    "indicator": str,
    "value": float,
    "unit": str,
    "comparator": str,
    "direction": str,
    "due_year": int,
    "is_target": int,
    "scope": str,
    "text": str,
    "rule": str,
    "indicator_folded": str,
    "indicator_id": str,  # issue 19: patterns/indicators.yml
    "measure": str,
    "high": float,
    "scope_form": str,
    "scope_forms": str,  # every scope's form, "; "-joined (issue 19)
    "baseline": float,
    "baseline_year": int,
}


TARGET_FACT_SELECT = f"""
SELECT {", ".join(TARGET_FACT_COLUMNS)} FROM (
  SELECT t.id, t.document_id, d.province_now AS province_now, d.province AS province, d.year AS doc_year,
         d.subject_doc_type AS doc_type, d.subject_issuer AS issuer, d.subject_symbol AS symbol,
         d.topics AS topics,
         t.indicator, t.value, t.unit, t.comparator, t.direction, t.year AS due_year, t.is_target, t.scope,
         t.text, t.rule, kh_fold(t.indicator) AS indicator_folded, t.indicator_id, t.measure, t.high,
         t.scope_form, t.scope_forms, t.baseline, t.baseline_year
  FROM targets t JOIN documents d ON d.id = t.document_id
  WHERE d.withdrawn = 0 AND {{where}}
)"""


def insert_target_facts(db: Database, where: str, params: list[Any] | tuple[Any, ...] = ()) -> None:
    """target_facts rows for the targets `where` selects (SQL over targets t), in one statement."""
    sql_functions(db.conn)
    columns = ", ".join(f"[{c}]" for c in TARGET_FACT_COLUMNS)
    db.conn.execute(
        f"INSERT OR REPLACE INTO target_facts ({columns}) {TARGET_FACT_SELECT.format(where=where)}", params
    )


def prepare_target_facts(db: Database, full: bool) -> None:
    """All of target_facts (full), or the rows of the targets stored since the last prepare.

    Every target stored since then has a larger id than any row already here (targets ids only grow, and
    a target's row goes with its document: store.delete_document), so the new ones are a range scan,
    not a pass over the whole corpus. mark_withdrawn keeps the rows of withdrawn documents out.
    """
    if full:
        db.table("target_facts").drop(ignore=True)
        db.table("target_facts").create(
            TARGET_FACT_COLUMNS,
            pk="id",
            foreign_keys=[("document_id", "documents", "id"), ("rule", "rules", "id")],
        )
        insert_target_facts(db, "1")
        indexed = ("province_now", "due_year", "indicator_folded", "document_id", "indicator_id", "measure")
        for column in indexed:
            db.table("target_facts").create_index([column], if_not_exists=True)
        return
    insert_target_facts(
        db,
        "t.id > (SELECT coalesce(max(id), 0) FROM target_facts)",
    )


def topics_stale(db: Database, rules: RuleSet) -> bool:
    """Whether documents.topics may come from other rules than `rules`.

    store.rows_of writes each document's topics when it is stored; meta.rules_version is the version of
    the last prepared build, so the topics stored since are from the same rules unless it differs.
    """
    if "topics" not in db.table("documents").columns_dict:
        return True
    row = db.execute("SELECT value FROM meta WHERE key = 'rules_version'").fetchone()
    return row is not None and row[0] != rules.version


def prepare(db: Database, rules: RuleSet | None = None, full: bool = False) -> None:
    """Create or refresh the site's columns and tables; safe to run again at any time.

    Incremental unless the rules changed (or `full`): the cost of a run follows what it stored, plus one
    pass over documents for the province counts.
    """
    rules = rules or load_rules()
    topics = full or topics_stale(db, rules)
    tables = topics or any(
        not db.table(t).exists() for t in ("provinces", "rules", "target_facts", "indicators")
    )
    with db.conn:
        if tables:
            db.table("target_facts").drop(ignore=True)  # it points at rules: goes first
            prepare_provinces(db, rules)
            prepare_rules(db, rules)
            prepare_indicators(db, rules)
        if topics:
            prepare_topics(db, rules)
        count_provinces(db)
        prepare_target_facts(db, tables)
