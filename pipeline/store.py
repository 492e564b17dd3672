"""Stage 4: Extraction -> SQLite (sqlite-utils). One transaction per document, keyed by content.

Tables: documents (id = sha256 of the raw bytes) and document_texts (its text, under the same rowid, indexed
by document_texts_fts), one table per extracted field (references, dates,
bodies, tasks, targets: each row points at its document with start, end and rule), plans (one row
per distinct symbol + issuer) with plan_documents linking the documents about a plan and the plans
they cite, ingest_errors for inputs that could not be read, ingest_files (what each file looked like when it
was last read: size, mtime, sha256, rules version) and meta for the rules version.

Publishing: `kehoach ingest` writes a working database beside the served one (kehoach.work.db, WAL
mode, one transaction per document) and, when the run changed something, publishes it: VACUUM INTO a
temporary file beside the served path, then os.replace() onto it. Datasette serves the published file
immutable (`-i`); a server started before the swap keeps reading the old file (its open descriptors
hold the old inode) and never sees a half-written database; restart it to serve the new one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
import itertools
import json
import os
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kehoach.extract.assignments import moment
from kehoach.extract.references import symbol_key
from kehoach.extract.vocab import fold
from kehoach.records import Document, Extraction, Failure

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
    if "topics" not in db.table("documents").columns_dict:  # publish/prepare.py's column, written by save()
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


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def document_row(result: Extraction, version: str, province_now: str | None = None) -> dict[str, Any]:
    doc, subj = result.document, result.subject
    meta = dict(doc.source.meta)
    return {
        "id": doc.source.sha256,
        "source": doc.source.path,
        "format": doc.source.format,
        "kind": result.kind,
        "title": result.title,
        "province": result.province,
        "province_now": province_now or result.province,
        "subject_symbol": subj.symbol if subj else None,
        "subject_doc_type": subj.doc_type if subj else None,
        "subject_issued": subj.issued if subj else None,
        "subject_issuer": subj.issuer if subj else None,
        "period_start": subj.period[0] if subj and subj.period else None,
        "period_end": subj.period[1] if subj and subj.period else None,
        "year": subj.year if subj else None,
        "size": doc.source.size,
        "page_count": doc.page_count,
        "pages_ocr": sum(1 for p in doc.pages if p.ocr),
        "encoding": doc.encoding,
        "site": meta.get("site"),
        "url": meta.get("url"),
        "publisher": meta.get("publisher"),
        "retrieved": meta.get("retrieved"),
        "ingested_at": now(),
        "extractor_version": version,
        "withdrawn": 0,
        "topics": None,  # publish/prepare.py's column: filled in by rows_of or by prepare()
    }


# tasks columns made from a Task's nested fields
TASK_COLUMNS: dict[str, Callable[[Any], Any]] = {
    "partners": lambda t: json.dumps(list(t.partners), ensure_ascii=False) if t.partners else None,
    "partner_names": lambda t: (
        json.dumps(list(t.partner_names), ensure_ascii=False) if t.partner_names else None
    ),
    "due_text": lambda t: t.due.text if t.due else None,
    "due_by": lambda t: t.due.by if t.due else None,
    "due_year": lambda t: int(t.due.by[:4]) if t.due and t.due.by else None,
    "due_recurring": lambda t: t.due.recurring if t.due else None,
    "due_end": lambda t: last_day(t.due.by) if t.due and t.due.by else None,
}


def last_day(by: str) -> str:
    """'2025' -> '2025-12-31', '2025-Q2' -> '2025-06-30', '2025-02' -> '2025-02-28'."""
    year, month, day = moment(by)
    end = calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-{min(day, end):02d}"


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


def item_id(document_id: str, table: str, position: str) -> int:
    """An item's id from its document and its place in the text: the same after a re-extraction that leaves
    the item where it was (a rule change elsewhere), so links to /db/tasks/<id> keep working. 63 bits of a
    sha256, a positive SQLite integer: no collision in any corpus of realistic size."""
    digest = hashlib.sha256(f"{document_id}\0{table}\0{position}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def item_position(item: Any) -> int:
    # a target's own figure: several figures share one clause (its start)
    return int(getattr(item, "value_start", item.start))


def item_tuples(doc: Document, table: str, items: Iterable[Any]) -> tuple[tuple[Any, ...], ...]:
    """One table's rows, as tuples in ITEM_INSERT order (built straight from the records: a dict per item
    first cost as much as the rest of the rows)."""
    sha, pages = doc.source.sha256, bool(doc.pages)
    columns = ITEM_INSERT[table]
    rows = []
    seen: Counter[int] = Counter()  # two items at one place (rare) get #1, #2 ... in extraction order
    for item in items:
        page = doc.page_at(item.start) if pages else None
        position = item_position(item)
        seen[position] += 1
        key = f"{position}" if seen[position] == 1 else f"{position}#{seen[position]}"
        row = []
        for column in columns:
            if column == "id":
                row.append(item_id(sha, table, key))
            elif column == "document_id":
                row.append(sha)
            elif column == "page":
                row.append(page.number if page else None)
            elif column == "symbol_key":
                row.append(symbol_key(item.symbol))
            elif column == "is_target":
                row.append(int(item.is_target))
            elif column in TASK_COLUMNS:
                row.append(TASK_COLUMNS[column](item))
            else:
                row.append(getattr(item, column, None))
        rows.append(tuple(row))
    return tuple(rows)


# The columns save() writes, in order: DocumentRows carries plain tuples in this order.
DOCUMENT_INSERT = (*DOCUMENT_COLUMNS, "topics")
ITEM_INSERT = {
    name: tuple(c for c in {**COMMON_ITEM, **columns} if c not in ("plan_id", "parent_id"))
    for name, columns in ITEM_COLUMNS.items()
}


@dataclass(frozen=True, slots=True)
class DocumentRows:
    """One document's rows, built where it was extracted (a worker) so the single writer only INSERTs.

    Plain tuples pickle several times faster than the Extraction tree, and the folding, page lookups
    and topics cost the writer nothing.
    """

    id: str
    source: str
    document: tuple[Any, ...]  # in DOCUMENT_INSERT order
    text: tuple[str | None, str, str, str]  # title, text, text_folded, id: TEXT_INSERT's parameters
    items: tuple[tuple[str, tuple[tuple[Any, ...], ...]], ...]  # (table, rows in ITEM_INSERT[table] order)


def rows_of(
    result: Extraction,
    version: str,
    province_now: str | None = None,
    topics: Callable[[str | None, str], str] | None = None,
) -> DocumentRows:
    """The rows save() inserts; `topics(title, text_folded)` gives the topics column (publish/prepare.py)."""
    row = document_row(result, version, province_now)
    doc = result.document
    folded = fold(f"{result.title or ''}\n{doc.text}")
    if topics:
        row["topics"] = topics(row["title"], folded)
    items = tuple(
        (name, item_tuples(doc, name, found)) for name in ITEM_TABLES if (found := getattr(result, name))
    )
    text = (result.title, doc.text, folded, row["id"])
    return DocumentRows(row["id"], row["source"], tuple(row[c] for c in DOCUMENT_INSERT), text, items)


_DEPENDENTS: dict[tuple[int, int], list[str]] = {}
_INSERTS: dict[tuple[int, int, str, tuple[str, ...], bool], tuple[str, list[int]]] = {}


def dependents(db: Database) -> list[str]:
    """Tables whose document_id points at documents (the item tables, plan_documents, and derived tables)."""
    key = (id(db.conn), db.execute("PRAGMA schema_version").fetchone()[0])
    if key not in _DEPENDENTS:
        _DEPENDENTS[key] = [
            t.name
            for t in db.tables
            if t.name != "documents" and any(fk.other_table == "documents" for fk in t.foreign_keys)
        ]
    return _DEPENDENTS[key]


_UNINDEXED: dict[tuple[int, int], set[str]] = {}


def unindexed(db: Database) -> set[str]:
    """Dependents with no index on document_id (plan_documents, target_facts): deleting from them by
    document_id scans the table, so save_many does it once per batch rather than once per document."""
    key = (id(db.conn), db.execute("PRAGMA schema_version").fetchone()[0])
    if key not in _UNINDEXED:
        _UNINDEXED[key] = {
            name
            for name in dependents(db)
            if not any(
                db.execute(f"PRAGMA index_info([{index}])").fetchone()[2] == "document_id"
                for (index,) in db.execute(f"SELECT name FROM pragma_index_list('{name}')")
            )
        }
    return _UNINDEXED[key]


def delete_document(db: Database, doc_id: str, tables: list[str] | None = None) -> None:
    for name in tables if tables is not None else dependents(db):
        db.execute(f"DELETE FROM [{name}] WHERE document_id = ?", [doc_id])
    db.execute("DELETE FROM documents WHERE id = ?", [doc_id])


def insert_sql(
    db: Database, table: str, columns: tuple[str, ...], replace: bool = False
) -> tuple[str, list[int]]:
    """The INSERT for the columns the table has, and which positions of a row tuple it takes.

    Cached per connection and schema version: looking the columns up for every row cost more than the INSERT.
    """
    key = (id(db.conn), db.execute("PRAGMA schema_version").fetchone()[0], table, columns, replace)
    if key not in _INSERTS:
        known = set(db.table(table).columns_dict)
        keep = [i for i, c in enumerate(columns) if c in known]
        names = ", ".join(f"[{columns[i]}]" for i in keep)
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        _INSERTS[key] = (f"{verb} INTO [{table}] ({names}) VALUES ({', '.join('?' * len(keep))})", keep)
    return _INSERTS[key]


def insert_tuples(
    db: Database, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]], replace: bool = False
) -> None:
    if not rows:
        return
    sql, keep = insert_sql(db, table, columns, replace)
    if len(keep) == len(columns):
        db.conn.executemany(sql, rows)
    else:  # an older database without some column: leave it out
        db.conn.executemany(sql, ([row[i] for i in keep] for row in rows))


def insert_rows(db: Database, table: str, rows: list[dict[str, Any]], replace: bool = False) -> None:
    """Plain INSERTs on the open transaction (sqlite-utils' insert commits on its own: not per document)."""
    if rows:
        columns = tuple(rows[0])
        insert_tuples(db, table, columns, [tuple(row.get(c) for c in columns) for row in rows], replace)


def mark_pending(db: Database) -> None:
    """The working database differs from the published one (set in the transaction that makes it differ)."""
    db.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('publish_pending', '1')")


def is_pending(db: Database) -> bool:
    row = db.execute("SELECT value FROM meta WHERE key = 'publish_pending'").fetchone()
    return row is not None and row[0] == "1"


# One result to store: the document's rows (or the failure) and its ingest_files row.
Stored = tuple["DocumentRows | Failure", "dict[str, Any] | None"]


def save(
    db: Database,
    result: Extraction | Failure,
    version: str,
    province_now: str | None = None,
    file_row: dict[str, Any] | None = None,
) -> None:
    """Store one result in one transaction (see save_many)."""
    rows = result if isinstance(result, Failure) else rows_of(result, version, province_now)
    save_many(db, [(rows, file_row)])


class _Pending:
    """Rows queued for executemany, per table, in arrival order; flushed before anything deletes."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.documents: list[tuple[Any, ...]] = []
        self.texts: list[tuple[Any, ...]] = []
        self.items: dict[str, list[tuple[Any, ...]]] = {name: [] for name in ITEM_TABLES}
        self.keys: set[str] = set()  # ids and sources queued

    def add(self, rows: DocumentRows) -> None:
        self.documents.append(rows.document)
        self.texts.append(rows.text)
        for name, found in rows.items:
            self.items[name].extend(found)
        self.keys.update((rows.id, rows.source))

    def flush(self) -> None:
        insert_tuples(self.db, "documents", DOCUMENT_INSERT, self.documents)  # first: items point at it
        self.db.conn.executemany(TEXT_INSERT, self.texts)  # under the document's rowid
        self.texts.clear()
        linked = bool(self.items["tasks"])
        for name, found in self.items.items():
            insert_tuples(self.db, name, ITEM_INSERT[name], found)
            found.clear()
        if linked:
            self.db.execute(PARENT_IDS)
        self.documents.clear()
        self.keys.clear()


def save_many(db: Database, results: Iterable[Stored]) -> None:
    """Store results in one transaction, in order, as if saved one by one (a document replaces its
    earlier extraction, a failure is logged).

    Each result's ingest_files row is written in the same transaction as the result, so a run killed at
    any point leaves every file either fully stored and remembered, or neither.
    """
    pending = _Pending(db)
    files: list[dict[str, Any]] = []
    replaced: list[str] = []  # ids whose rows in unindexed() tables go at the end of the transaction
    with db.conn:
        # Checked at commit instead of at each DELETE, so those rows can go in one statement per table.
        db.conn.execute("PRAGMA defer_foreign_keys = ON")
        mark_pending(db)
        for result, file_row in results:
            if file_row:
                files.append(file_row)
            if isinstance(result, Failure):
                insert_rows(db, "ingest_errors", [error_row(result)], replace=True)
                continue
            if result.id in pending.keys or result.source in pending.keys:
                pending.flush()  # the same file or bytes twice in one batch: keep the one-by-one order
            replaced += replace_old(db, result)
            pending.add(result)
            db.conn.execute("DELETE FROM ingest_errors WHERE source = ?", [result.source])
        pending.flush()
        for name in unindexed(db) if replaced else ():
            db.conn.execute(
                f"DELETE FROM [{name}] WHERE document_id IN (SELECT value FROM json_each(?))",
                [json.dumps(replaced)],
            )
        insert_rows(db, "ingest_files", files, replace=True)


def error_row(result: Failure) -> dict[str, Any]:
    return {
        "source": result.source,
        "sha256": result.sha256,
        "format": result.format,
        "stage": result.stage,
        "message": result.message,
        "at": now(),
    }


def replace_old(db: Database, rows: DocumentRows) -> list[str]:
    """Delete the earlier extraction of the same bytes, or of the same file before it changed; return the
    deleted ids (their rows in unindexed() tables are the caller's to delete, before the commit)."""
    old = [
        doc_id
        for (doc_id,) in db.conn.execute(
            "SELECT id FROM documents WHERE id = ? UNION SELECT id FROM documents WHERE source = ?",
            [rows.id, rows.source],
        )
    ]
    remember_replaced(db, rows, [doc_id for doc_id in old if doc_id != rows.id])
    if old:
        skip = unindexed(db)
        tables = [t for t in dependents(db) if t not in skip]
        for doc_id in old:
            delete_document(db, doc_id, tables)
    return old


def remember_replaced(db: Database, rows: DocumentRows, old_ids: list[str]) -> None:
    """Earlier versions of this file point at this one; these bytes, if replaced once, are current again."""
    db.conn.execute("DELETE FROM replaced_documents WHERE id = ?", [rows.id])
    for doc_id in old_ids:
        db.conn.execute(
            "INSERT OR REPLACE INTO replaced_documents "
            "(id, source, title, subject_symbol, subject_issued, replaced_by, replaced_at) "
            "SELECT id, source, title, subject_symbol, subject_issued, ?, ? FROM documents WHERE id = ?",
            [rows.id, now(), doc_id],
        )
        # a chain (v1 -> v2 -> v3): every earlier version points at the newest
        db.conn.execute(
            "UPDATE replaced_documents SET replaced_by = ? WHERE replaced_by = ?", [rows.id, doc_id]
        )


def is_current(db: Database, sha256: str, source: str, version: str) -> bool:
    row = db.execute("SELECT extractor_version, source FROM documents WHERE id = ?", [sha256]).fetchone()
    return row is not None and row[0] == version and row[1] == source


PLAN_COLUMNS = ("id", "symbol", "symbol_key", "doc_type", "issuer", "issued", "year", "province")
Link = tuple[str, str, str]  # plan_documents: plan_id, document_id, relation
Group = tuple[list[tuple[Any, ...]], set[Link], list[tuple[str, int]]]  # one symbol's plans, links, ref plans


def plan_id(key: str, issuer_key: str) -> str:
    return hashlib.sha256(f"{key}|{issuer_key}".encode()).hexdigest()[:16]


def plan_groups(db: Database) -> Iterator[Group]:
    """Plans, their links and each reference's plan_id, one symbol at a time, from the references of
    documents not withdrawn: (plan rows in PLAN_ROW order, links, (plan_id, reference id) of the references
    whose plan changed).

    A reference whose issuer is unknown joins the plan with the same symbol that has one, if exactly one does.
    Within a symbol, references are read in id order (the first, winning, value of each field depends on it).
    Everything a plan needs is in its symbol's references, so memory holds one symbol, not the corpus.
    """
    docs = {
        doc_id: (symbol_key(subject) if subject is not None else None, province)
        for doc_id, subject, province in db.execute(
            "SELECT id, subject_symbol, province FROM documents WHERE withdrawn = 0"
        )
    }
    rows = db.execute(
        "SELECT id, symbol, symbol_key, doc_type, issuer, issued, year, document_id, plan_id, relation "
        "FROM [references] "
        "ORDER BY symbol_key, id"
    )
    for _, group in itertools.groupby(rows, key=lambda r: r[2]):
        refs = [r for r in group if r[7] in docs]
        if refs:
            yield plans_of_symbol(refs, docs)


@functools.lru_cache(maxsize=65_536)  # issuer names repeat across the corpus ("Ủy ban nhân dân tỉnh …")
def issuer_key(issuer: str) -> str:
    return fold(issuer)


def plans_of_symbol(refs: list[tuple[Any, ...]], docs: dict[str, tuple[str | None, str | None]]) -> Group:
    issuers = {issuer_key(r[4]) for r in refs if r[4]}
    plans: dict[str, dict[str, Any]] = {}
    links: set[Link] = set()
    updates: list[tuple[str, int]] = []
    implementing: set[tuple[str, str]] = set()
    for rid, symbol, key, doc_type, issuer, issued, year, doc_id, current, relation in refs:
        folded = next(iter(issuers)) if not issuer and len(issuers) == 1 else issuer_key(issuer or "")
        pid = plan_id(key, folded)
        plan = plans.get(pid)
        if plan is None:
            first = (pid, symbol, key, doc_type, issuer, issued, year, None)
            plan = plans[pid] = dict(zip(PLAN_COLUMNS, first, strict=True))
        for field, value in (("doc_type", doc_type), ("issuer", issuer), ("issued", issued), ("year", year)):
            plan[field] = plan[field] or value
        subject_key, province = docs[doc_id]
        about = subject_key is not None and subject_key == key
        if about:
            plan["province"] = plan["province"] or province
        if about or relation != "self":  # a text's own number elsewhere than its subject cites nothing
            links.add((pid, doc_id, "about" if about else "cites"))
        if not about and relation in IMPLEMENTING:
            implementing.add((pid, doc_id))
        if pid != current:
            updates.append((pid, rid))
    per_plan = Counter((p, rel) for p, _, rel in links)
    implemented = Counter(p for p, _ in implementing)
    counts = {pid: (per_plan[(pid, "about")], per_plan[(pid, "cites")], implemented[pid]) for pid in plans}
    rows = [(*(plan[c] for c in PLAN_COLUMNS), *counts[pid]) for pid, plan in plans.items()]
    return rows, links, updates


PLAN_ROW = (*PLAN_COLUMNS, "documents", "cited_by", "implemented_by")
# the relations by which a document carries a plan out (plans.implemented_by, the canned plans_implementing)
IMPLEMENTING = ("implements", "basis")


def batched_groups(groups: Iterator[Group], size: int = 20_000) -> Iterator[Group]:
    """Symbols' rows gathered into batches of about `size` links: one executemany per batch."""
    plans: list[tuple[Any, ...]] = []
    links: set[Link] = set()
    updates: list[tuple[str, int]] = []
    for group_plans, group_links, group_updates in groups:
        plans += group_plans
        links |= group_links
        updates += group_updates
        if len(links) >= size:
            yield plans, links, updates
            plans, links, updates = [], set(), []
    if links:
        yield plans, links, updates


SCRATCH = {  # the freshly computed plans, on disk (memory would grow with the corpus), dropped after use
    "_new_plans": "(id TEXT PRIMARY KEY, symbol, symbol_key, doc_type, issuer, issued, year, province, "
    "documents, cited_by, implemented_by)",
    "_new_links": "(plan_id TEXT, document_id TEXT, relation TEXT, "
    "PRIMARY KEY (plan_id, document_id, relation)) WITHOUT ROWID",
    "_new_ref_plans": "(id INTEGER PRIMARY KEY, plan_id TEXT)",
}


def rebuild_plans(db: Database) -> None:
    """Plans: one row per distinct symbol + issuer; links to the documents about and citing it.

    Computed from all references, one symbol at a time into scratch tables, then only the differences are
    written: a run that adds a few documents to a large corpus rewrites a few rows, not every plan, link and
    reference.
    """
    with db.conn:
        for name, definition in SCRATCH.items():
            db.execute(f"DROP TABLE IF EXISTS [{name}]")
            db.execute(f"CREATE TABLE [{name}] {definition}")
        marks = ", ".join("?" * len(PLAN_ROW))
        for plans, links, updates in batched_groups(plan_groups(db)):
            db.conn.executemany(f"INSERT INTO _new_plans VALUES ({marks})", plans)
            db.conn.executemany("INSERT INTO _new_links VALUES (?, ?, ?)", links)
            db.conn.executemany("INSERT INTO _new_ref_plans (plan_id, id) VALUES (?, ?)", updates)
        db.execute(
            "DELETE FROM plan_documents WHERE NOT EXISTS (SELECT 1 FROM _new_links n WHERE "
            "n.plan_id = plan_documents.plan_id AND n.document_id = plan_documents.document_id "
            "AND n.relation = plan_documents.relation)"
        )
        db.execute("DELETE FROM plans WHERE id NOT IN (SELECT id FROM _new_plans)")
        differs = " OR ".join(f"plans.[{c}] IS NOT n.[{c}]" for c in PLAN_ROW[1:])
        db.execute(
            f"UPDATE plans SET {', '.join(f'[{c}] = n.[{c}]' for c in PLAN_ROW[1:])} "
            f"FROM _new_plans n WHERE n.id = plans.id AND ({differs})"
        )
        columns = ", ".join(f"[{c}]" for c in PLAN_ROW)
        db.execute(
            f"INSERT INTO plans ({columns}) SELECT {columns} FROM _new_plans "
            "WHERE id NOT IN (SELECT id FROM plans) ORDER BY rowid"
        )
        db.execute(
            "INSERT INTO plan_documents (plan_id, document_id, relation) "
            "SELECT plan_id, document_id, relation FROM _new_links "
            "EXCEPT SELECT plan_id, document_id, relation FROM plan_documents"
        )
        db.execute(
            "UPDATE [references] SET plan_id = n.plan_id FROM _new_ref_plans n "
            "WHERE n.id = [references].id AND [references].plan_id IS NOT n.plan_id"
        )
        for name in SCRATCH:
            db.execute(f"DROP TABLE [{name}]")


def working_path(published: Path) -> Path:
    """The database `kehoach ingest` writes: data/kehoach.db is served, data/kehoach.work.db is written."""
    return published.with_name(f"{published.stem}.work{published.suffix or '.db'}")


def open_working(published: Path) -> Database:
    """The working database, started from the published one when it is missing (not from nothing)."""
    work = working_path(published)
    if not work.exists() and published.exists():
        source = sqlite3.connect(f"file:{published}?mode=ro", uri=True)
        target = sqlite3.connect(work)
        with target:
            source.backup(target)
        source.close()
        target.close()
    return connect(work)


# Publishing copies the working file as it is; past this share of free pages it is compacted instead.
COMPACT_ABOVE = 0.25


def publish(db: Database, published: Path) -> None:
    """Copy the working database to `published` atomically: readers see the old file or the new one.

    The copy is the file itself once the write-ahead log is folded in (this process is the only writer):
    at 100k documents `VACUUM INTO` rewrote 2.7 GB row by row in ~15 s, the copy takes a few seconds.
    When replaced documents have left many pages free, `VACUUM INTO` compacts it instead.
    """
    tmp = published.with_name(f".{published.name}.publishing")
    tmp.unlink(missing_ok=True)
    free, pages = (db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("freelist_count", "page_count"))
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy or free > COMPACT_ABOVE * pages:
        db.execute("VACUUM INTO ?", [str(tmp)])
    else:
        main = next(row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main")
        shutil.copyfile(main, tmp)
    copy = sqlite3.connect(tmp)
    with copy:
        copy.execute("DELETE FROM meta WHERE key = 'publish_pending'")
    copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file: immutable readers need no -wal
    copy.close()
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, published)


def close(db: Database) -> None:
    """Fold the write-ahead log into the file: Datasette opens it immutable and would not read the log."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()


def set_meta(db: Database, **values: str) -> None:
    db.table("meta").upsert_all([{"key": k, "value": v} for k, v in values.items()], pk="key")
