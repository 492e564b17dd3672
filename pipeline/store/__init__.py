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
immutable (`-i`) and never sees a half-written database; a server started before the swap re-opens the
file on its next request (publish/live.py), without a restart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from kehoach.records import Extraction, Failure
from kehoach.store.database import Database
from kehoach.store.plans import rebuild_plans
from kehoach.store.rows import (
    DOCUMENT_INSERT,
    ITEM_INSERT,
    DocumentRows,
    dependents,
    error_row,
    insert_rows,
    insert_tuples,
    rows_of,
    unindexed,
)
from kehoach.store.schema import (
    ITEM_TABLES,
    PARENT_IDS,
    TEXT_INSERT,
    connect,
    ensure_schema,
    is_pending,
    mark_pending,
    now,
    set_meta,
)
from kehoach.store.snapshot import close, open_working, publish, working_path

__all__ = [
    "Stored",
    "delete_document",
    "error_row",
    "insert_rows",
    "mark_pending",
    "DocumentRows",
    "close",
    "connect",
    "ensure_schema",
    "is_current",
    "is_pending",
    "now",
    "open_working",
    "publish",
    "rebuild_plans",
    "rows_of",
    "save",
    "save_many",
    "set_meta",
    "working_path",
]


def delete_document(db: Database, doc_id: str, tables: list[str] | None = None) -> None:
    for name in tables if tables is not None else dependents(db):
        db.execute(f"DELETE FROM [{name}] WHERE document_id = ?", [doc_id])
    db.execute("DELETE FROM documents WHERE id = ?", [doc_id])


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
