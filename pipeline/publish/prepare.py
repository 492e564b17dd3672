"""What the site needs beyond the extraction tables, rebuilt at the end of every build (idempotent).

- documents.topics: a JSON array of topics (patterns/topics.yml), for the "topic" facet;
- provinces: the gazetteer (old and new names, lat/lon, successor) with document counts, for the map;
- rules: every extraction rule with its description and pattern, so each highlighted item links to its rule;
- target_facts: one row per target with the province, year, type, issuer and topics of its document,
  and its indicator without diacritics, for facets, the chart and the canned queries.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import regex
from sqlite_utils import Database

from pipeline.extract.rules import RuleSet, load_rules
from pipeline.extract.vocab import all_provinces, fold

TARGET_FACTS = """
SELECT t.id, t.document_id, d.province_now AS province_now, d.province AS province, d.year AS doc_year,
       d.subject_doc_type AS doc_type, d.subject_issuer AS issuer, d.subject_symbol AS symbol,
       d.topics AS topics,
       t.indicator, t.value, t.unit, t.comparator, t.direction, t.year AS due_year, t.is_target, t.scope,
       t.text, t.rule
FROM targets t JOIN documents d ON d.id = t.document_id
WHERE d.withdrawn = 0
"""


@functools.cache
def topic_matchers(rules: RuleSet) -> tuple[dict[str, regex.Pattern[str]], int]:
    """Topic -> one regex over folded text (whole words), and the number of hits that earns the topic."""
    data = rules.vocab.get("topics", {}) or {}
    matchers = {}
    for topic, words in (data.get("topics") or {}).items():
        alternation = "|".join(regex.escape(fold(w)) for w in sorted(words, key=len, reverse=True))
        matchers[str(topic)] = regex.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
    return matchers, int(data.get("min_hits", 3))


def topics_of(title: str | None, text_folded: str | None, rules: RuleSet) -> list[str]:
    matchers, min_hits = topic_matchers(rules)
    title_folded = fold(title or "")
    found = []
    for topic, pattern in matchers.items():
        if pattern.search(title_folded) or len(pattern.findall(text_folded or "")) >= min_hits:
            found.append(topic)
    return found


def prepare_topics(db: Database, rules: RuleSet) -> None:
    if "topics" not in db.table("documents").columns_dict:
        db.table("documents").add_column("topics", str)
    rows = db.execute("SELECT id, title, text_folded FROM documents").fetchall()
    updates = [
        (json.dumps(topics_of(title, folded, rules), ensure_ascii=False), doc_id)
        for doc_id, title, folded in rows
    ]
    db.conn.executemany("UPDATE documents SET topics = ? WHERE id = ?", updates)


def province_rows(rules: RuleSet) -> list[dict[str, Any]]:
    rows = []
    for entry in all_provinces(rules):
        rows.append(
            {
                "name": entry["name"],
                "kind": entry.get("kind"),
                "lat": entry.get("lat"),
                "lon": entry.get("lon"),
                "until": str(entry["until"]) if entry.get("until") else None,
                "successor": entry.get("successor"),
                "aliases": json.dumps(entry.get("aliases", []), ensure_ascii=False),
                "name_folded": fold(entry["name"]),
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
    db.execute("""UPDATE provinces SET
        documents = (SELECT count(*) FROM documents d
                     WHERE d.province = provinces.name AND d.withdrawn = 0),
        documents_now = (SELECT count(*) FROM documents d
                         WHERE d.province_now = provinces.name AND d.withdrawn = 0)""")


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
}


def prepare_target_facts(db: Database) -> None:
    db.table("target_facts").drop(ignore=True)
    db.table("target_facts").create(
        TARGET_FACT_COLUMNS,
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("rule", "rules", "id")],
    )
    rows = [
        dict(zip(TARGET_FACT_COLUMNS, (*row, fold(row[9]) if row[9] else None), strict=True))
        for row in db.execute(TARGET_FACTS).fetchall()
    ]
    db.table("target_facts").insert_all(rows)
    for column in ("province_now", "due_year", "indicator_folded"):
        db.table("target_facts").create_index([column], if_not_exists=True)


def prepare(db: Database, rules: RuleSet | None = None) -> None:
    """Create or refresh the site's columns and tables; safe to run again at any time."""
    rules = rules or load_rules()
    with db.conn:
        db.table("target_facts").drop(ignore=True)  # it points at rules: goes first
        prepare_topics(db, rules)
        prepare_provinces(db, rules)
        prepare_rules(db, rules)
        prepare_target_facts(db)
