"""The database's shape: connection settings, tables, views, indexes, and migrations of older databases.

Every ensure_* function creates what is missing and is safe to run again at any time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kehoach.store.database import Database
from kehoach.text import fold

ITEM_TABLES = ("references", "dates", "bodies", "tasks", "targets")

DOCUMENT_COLUMNS: dict[str, Any] = {
    "id": str,  # sha256 of the raw bytes
    "source": str,
    "format": str,
    "kind": str,
    "title": str,
    "province": str,
    "province_now": str,  # the province's name after the 2025 reorganisation (Hà Giang -> Tuyên Quang)
    "subject_symbol": str,
    "subject_doc_type": str,
    "subject_issued": str,
    "subject_issuer": str,
    "period_start": int,
    "period_end": int,
    "year": int,
    "size": int,
    "page_count": int,
    "pages_ocr": int,
    "encoding": str,
    "site": str,
    "url": str,
    "publisher": str,
    "retrieved": str,
    "ingested_at": str,
    "extractor_version": str,
    "withdrawn": int,
}

# Columns Datasette's documents page facets by (metadata.yml), and subject_issued, its default sort: each gets
# an index (ensure_documents)
FACETED = ("province_now", "year", "subject_doc_type", "subject_issuer", "kind", "format", "subject_issued")

# A document's text lives in its own table, under the document's rowid: without it a documents row is a few
# hundred bytes, so sorting, faceting and filtering documents reads a page per dozen rows, not a page (and its
# overflow) per row. At 100k documents Datasette's documents page took 4.6 s and its search, sorted by date,
# 160 ms, nearly all of it spent reading the rows' pages.
TEXT_COLUMNS: dict[str, Any] = {
    "document_id": str,
    "title": str,  # the document's title again: searched with the text
    "text": str,
    "text_folded": str,  # lower case without diacritics (đ -> d), for searches typed without them
}
TEXT_INSERT = (
    "INSERT INTO document_texts (rowid, document_id, title, text, text_folded) "
    "SELECT rowid, id, ?, ?, ? FROM documents WHERE id = ?"
)

ITEM_COLUMNS: dict[str, dict[str, Any]] = {
    "references": {
        "symbol": str,
        "symbol_key": str,
        # symbol_key folded (kehoach.text.fold: lower case, no diacritics, đ -> d), indexed: a symbol typed
        # without its diacritics ("23/QD-TTg") found from the index, not by folding every row's key
        "symbol_folded": str,
        "doc_type": str,
        "number": str,
        "year": int,
        "type_code": str,
        "issuer_code": str,
        "issued": str,
        "issuer": str,
        "relation": str,  # basis | implements | amends | replaces | repeals | mentions | self
        "plan_id": str,
    },
    "dates": {"date": str},
    "bodies": {"name": str, "role": str},
    "tasks": {
        "label": str,
        "level": int,
        "parent": str,  # the label of the level-1 item a level-2 item sits under
        "parent_id": int,  # that item's row (set after the rows are in: PARENT_IDS)
        "lead": str,  # cơ quan chủ trì, as written
        "lead_name": str,  # the same, abbreviations expanded and the province added (patterns/agencies.yml)
        "lead_now": str,  # its successor after the 2025 merger of departments, when known
        "partner_names": str,  # the partners as such names: a JSON list
        "partners": str,  # cơ quan phối hợp: a JSON list (task_bodies has one row per body)
        "due_text": str,  # the deadline as written
        "due_by": str,  # "2025", "2025-Q2", "2025-06", "2025-06-30"
        "due_year": int,
        "due_end": str,  # the last day due_by allows, ISO: "2025-Q2" -> "2025-06-30"
        "due_recurring": str,  # yearly, quarterly, monthly, continuous
        "output": str,  # sản phẩm
    },
    "targets": {
        "value": float,
        "unit": str,
        "comparator": str,
        "direction": str,
        "indicator": str,
        "year": int,
        "is_target": int,
        "scope": str,
        "value_start": int,
        "value_end": int,
        "measure": str,  # level | change | rate (issue 19)
        "high": float,
        "baseline": float,
        "baseline_year": int,
        "scope_form": str,
        "indicator_id": str,
        "scope_forms": str,  # every scope's form, "; "-joined: "rural; age:<5" (scope_form is the first)
    },
}
# Which plans a plan cites: the references made by the documents about it, with the strongest relation
# any of them has (references.relation; docs/subject-and-citations.md). A plan never cites itself: neither a
# "self" reference nor one whose symbol is the plan's own counts.
RELATION_RANK = ("implements", "amends", "replaces", "repeals", "basis", "mentions")
_RANK = " ".join(f"WHEN '{r}' THEN {i}" for i, r in enumerate(RELATION_RANK))
_UNRANK = " ".join(f"WHEN {i} THEN '{r}'" for i, r in enumerate(RELATION_RANK))
PLAN_CITATIONS = f"""
SELECT about.plan_id AS plan_id, r.plan_id AS cites_plan_id,
       CASE min(CASE coalesce(r.relation, 'mentions') {_RANK} ELSE {len(RELATION_RANK) - 1} END)
       {_UNRANK} END AS relation,
       count(DISTINCT r.document_id) AS documents
FROM plan_documents about
JOIN plans own ON own.id = about.plan_id
JOIN [references] r ON r.document_id = about.document_id
WHERE about.relation = 'about' AND r.plan_id IS NOT NULL AND r.plan_id != about.plan_id
  AND r.symbol_key IS NOT own.symbol_key AND coalesce(r.relation, '') != 'self'
GROUP BY about.plan_id, r.plan_id
"""
# What each document cites (also a document about no plan: a bulletin, a Tờ trình), self-citations left out.
DOCUMENT_CITATIONS = """
SELECT r.document_id AS document_id, r.plan_id AS cites_plan_id, coalesce(r.relation, 'mentions') AS relation,
       r.symbol AS symbol, r.id AS reference_id
FROM [references] r JOIN documents d ON d.id = r.document_id
WHERE d.withdrawn = 0 AND r.plan_id IS NOT NULL AND coalesce(r.relation, '') != 'self'
  AND r.symbol_key IS NOT (SELECT p.symbol_key FROM plan_documents a JOIN plans p ON p.id = a.plan_id
                           WHERE a.document_id = r.document_id AND a.relation = 'about' LIMIT 1)
"""
# Two hops of the plan graph, both ways, for a plan's own citation picture: every path plan -> cited (hops 1)
# and plan -> via -> cited (hops 2), each step with its relation. What :p implements is
# `WHERE plan_id = :p`, what implements :p is `WHERE cites_plan_id = :p` (docs/subject-and-citations.md).
CITATION_PATHS = """
SELECT plan_id, NULL AS via_plan_id, cites_plan_id, relation AS first_relation, relation, 1 AS hops
FROM plan_citations
UNION ALL
SELECT a.plan_id, a.cites_plan_id, b.cites_plan_id, a.relation, b.relation, 2
FROM plan_citations a JOIN plan_citations b ON b.plan_id = a.cites_plan_id
WHERE b.cites_plan_id != a.plan_id
"""
# What each file looked like when it was last read: a file whose size, mtime and sidecar are unchanged
# is skipped without being read again (re-ingest of an unchanged corpus is one stat per file).
FILE_COLUMNS: dict[str, Any] = {
    "path": str,
    "size": int,
    "mtime_ns": int,
    "sidecar": str,  # "size:mtime_ns" of NAME.meta.yml, "" when there is none
    "sha256": str,
    "meta_sha256": str,  # sha256 of the sidecar's bytes, "" when there is none
    "version": str,  # rules version the file was read with
    "status": str,  # "ok", "failed" or "duplicate" (same bytes as another file)
}
# A document whose file changed: its page stays, saying what replaced it (the new bytes of the same file).
REPLACED_COLUMNS: dict[str, Any] = {
    "id": str,  # sha256 of the earlier bytes
    "source": str,
    "title": str,
    "subject_symbol": str,
    "subject_issued": str,
    "replaced_by": str,  # the id of the document now read from the same file
    "replaced_at": str,
}
COMMON_ITEM = {"id": int, "document_id": str, "text": str, "start": int, "end": int, "rule": str, "page": int}


def connect(path: Path) -> Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    # One commit per document: in WAL mode NORMAL syncs at checkpoints, not at every commit. A killed
    # process still leaves a consistent database; a power cut can lose the last documents, which the next
    # run redoes.
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=30000")
    # The writer's indexes (documents, FTS, items) outgrow the default 2 MB page cache within a few
    # thousand documents; 64 MB keeps their hot pages in memory at 100k.
    db.execute("PRAGMA cache_size=-65536")
    db.execute("PRAGMA temp_store=MEMORY")
    return db


def ensure_documents(db: Database) -> None:
    if not db.table("documents").exists():
        db.table("documents").create(
            DOCUMENT_COLUMNS, pk="id", not_null={"source"}, defaults={"withdrawn": 0}
        )
        db.table("documents").create_index(["source"])
        db.table("documents").create_index(["province"])
    if "topics" not in db.table("documents").columns_dict:  # extract/topics.py's column, written by save()
        db.table("documents").add_column("topics", str)
    # Datasette's facets on the documents page (metadata.yml) count by these: from an index, not a scan of
    # the table (at 100k each count took ~90 ms from the table, ~7 ms from its index)
    for column in FACETED:
        db.table("documents").create_index([column], if_not_exists=True)


def ensure_texts(db: Database) -> None:
    """document_texts and its full-text index; a database from before the split has its texts moved."""
    if not db.table("document_texts").exists():
        db.table("document_texts").create(
            TEXT_COLUMNS, pk="document_id", foreign_keys=[("document_id", "documents", "id")]
        )
    if "text" in db.table("documents").columns_dict:
        move_texts(db)
    if not db.table("document_texts_fts").exists():  # external content: the text is stored once
        db.table("document_texts").enable_fts(
            ["title", "text", "text_folded"], tokenize="unicode61 remove_diacritics 2", create_triggers=True
        )


def move_texts(db: Database) -> None:
    """The texts of a database written before document_texts existed, moved there under the same rowids."""
    with db.conn:
        db.execute("DROP TABLE IF EXISTS documents_fts")  # indexed documents itself: rebuilt over the texts
        for suffix in ("ai", "ad", "au"):
            db.execute(f"DROP TRIGGER IF EXISTS [documents_{suffix}]")
        db.execute(
            "INSERT OR REPLACE INTO document_texts (rowid, document_id, title, text, text_folded) "
            "SELECT rowid, id, title, text, text_folded FROM documents"
        )
        db.execute("ALTER TABLE documents DROP COLUMN text")
        db.execute("ALTER TABLE documents DROP COLUMN text_folded")
        mark_pending(db)  # the served file has the old layout: publish this one


def ensure_schema(db: Database) -> None:
    """Create what is missing; safe to run again at any time."""
    ensure_documents(db)
    if not db.table("plans").exists():
        db.table("plans").create(
            {
                "id": str,
                "symbol": str,
                "symbol_key": str,
                "doc_type": str,
                "issuer": str,
                "issued": str,
                "year": int,
                "province": str,
                "documents": int,
                "cited_by": int,
                "implemented_by": int,
            },
            pk="id",
        )
        db.table("plans").create_index(["symbol_key"])
    if "implemented_by" not in db.table("plans").columns_dict:  # a database from before relations counted
        db.table("plans").add_column("implemented_by", int)
    ensure_items(db)
    if not db.table("plan_documents").exists():
        db.table("plan_documents").create(
            {"plan_id": str, "document_id": str, "relation": str},
            pk=("plan_id", "document_id", "relation"),
            foreign_keys=[("plan_id", "plans", "id"), ("document_id", "documents", "id")],
        )
    if not db.table("ingest_errors").exists():
        db.table("ingest_errors").create(
            {"source": str, "sha256": str, "format": str, "stage": str, "message": str, "at": str},
            pk="source",
        )
    if not db.table("ingest_files").exists():
        db.table("ingest_files").create(FILE_COLUMNS, pk="path")
    if not db.table("meta").exists():
        db.table("meta").create({"key": str, "value": str}, pk="key")
    if not db.table("replaced_documents").exists():  # a changed file's earlier version: its page says so
        db.table("replaced_documents").create(REPLACED_COLUMNS, pk="id")
    ensure_texts(db)
    db.create_view("plan_citations", PLAN_CITATIONS, replace=True)
    db.create_view("document_citations", DOCUMENT_CITATIONS, replace=True)
    db.create_view("citation_paths", CITATION_PATHS, replace=True)
    # `references` is an SQL keyword: plain SQL (and DuckDB, pandas.read_sql) reads the citations as refs
    db.create_view("refs", "SELECT * FROM [references]", replace=True)
    db.table("references").create_index(["symbol_key"], if_not_exists=True)
    db.table("references").create_index(["symbol_folded"], if_not_exists=True)
    fill_symbol_folded(db)  # after the index: finding the rows left to fill is then a look-up, not a scan
    db.table("targets").create_index(["indicator"], if_not_exists=True)
    db.table("targets").create_index(["indicator_id"], if_not_exists=True)
    # a document's plans (the search page, per result) and its rows when it is replaced or withdrawn
    db.table("plan_documents").create_index(["document_id"], if_not_exists=True)


def ensure_items(db: Database) -> None:
    """The item tables (references, dates, bodies, tasks, targets), with any column added since the database
    was made (references.relation, the tasks' assignment columns) added to it."""
    for name, columns in ITEM_COLUMNS.items():
        if not db.table(name).exists():
            db.table(name).create(
                {**COMMON_ITEM, **columns}, pk="id", foreign_keys=[("document_id", "documents", "id")]
            )
            db.table(name).create_index(["document_id"])
        for column, kind in columns.items():  # a database from before the column was added
            if column not in db.table(name).columns_dict:
                db.table(name).add_column(column, kind)
    ensure_tasks(db)


def fill_symbol_folded(db: Database) -> None:
    """references.symbol_folded of the rows stored before the column existed (the published file then
    differs: the next ingest publishes)."""
    rows = db.execute(
        "SELECT id, symbol_key FROM [references] WHERE symbol_folded IS NULL AND symbol_key IS NOT NULL"
    ).fetchall()
    if rows:
        with db.conn:
            db.conn.executemany(
                "UPDATE [references] SET symbol_folded = ? WHERE id = ?", [(fold(k), i) for i, k in rows]
            )
            mark_pending(db)


def ensure_tasks(db: Database) -> None:
    """Indexes of the tasks' facets and links, and the task_bodies view (who each task charges)."""
    for column in ("lead_name", "due_year", "parent_id"):
        db.table("tasks").create_index([column], if_not_exists=True)
    db.execute(
        "CREATE INDEX IF NOT EXISTS tasks_unlinked ON tasks(id)"
        " WHERE parent IS NOT NULL AND parent_id IS NULL"
    )
    db.create_view("task_bodies", TASK_BODIES, replace=True)
    db.create_view("task_facts", TASK_FACTS, replace=True)


# A level-2 task's parent row: the nearest level-1 task before it in its document with the parent's label.
PARENT_IDS = """
UPDATE tasks SET parent_id = (
    SELECT p.id FROM tasks p
    WHERE p.document_id = tasks.document_id AND p.level = 1 AND p.label = tasks.parent
        AND p.start < tasks.start
    ORDER BY p.start DESC LIMIT 1)
WHERE parent IS NOT NULL AND parent_id IS NULL
"""
# Who a task charges, one row per body: its lead and each of its partners.
TASK_BODIES = """
SELECT id AS task_id, document_id, lead_name AS body, lead_now AS body_now, 'lead' AS role
FROM tasks WHERE lead_name IS NOT NULL
UNION ALL
SELECT tasks.id, tasks.document_id, partner.value, NULL, 'partner'
FROM tasks, json_each(tasks.partner_names) AS partner WHERE tasks.partner_names IS NOT NULL
"""


# Every task with its document's province (as of now and as written) and year: the tasks faceted by lead,
# due year and province (metadata.yml). Withdrawn documents' tasks are left out.
TASK_FACTS = """
SELECT t.id, t.document_id, t.label, t.level, t.parent_id, t.text, t.lead, t.lead_name, t.lead_now,
       t.partner_names, t.due_text, t.due_by, t.due_year, t.due_end, t.due_recurring, t.output,
       d.province_now, d.province, d.year AS doc_year, d.subject_doc_type AS doc_type,
       d.subject_symbol AS symbol
FROM tasks t JOIN documents d ON d.id = t.document_id
WHERE d.withdrawn = 0
"""


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def mark_pending(db: Database) -> None:
    """The working database differs from the published one (set in the transaction that makes it differ)."""
    db.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('publish_pending', '1')")


def is_pending(db: Database) -> bool:
    row = db.execute("SELECT value FROM meta WHERE key = 'publish_pending'").fetchone()
    return row is not None and row[0] == "1"


def set_meta(db: Database, **values: str) -> None:
    db.table("meta").upsert_all([{"key": k, "value": v} for k, v in values.items()], pk="key")
