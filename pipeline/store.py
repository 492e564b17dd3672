"""Stage 4: Extraction -> SQLite (sqlite-utils). One transaction per document, keyed by content.

Tables: documents (id = sha256 of the raw bytes), one table per extracted field (references, dates,
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

import datetime as dt
import hashlib
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from pipeline.extract.references import symbol_key
from pipeline.extract.vocab import fold
from pipeline.records import Document, Extraction, Failure

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
    "text": str,
    "text_folded": str,  # lower case without diacritics (đ -> d), for searches typed without them
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
        "plan_id": str,
    },
    "dates": {"date": str},
    "bodies": {"name": str, "role": str},
    "tasks": {"label": str, "level": int},
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
    },
}
# Which plans a plan cites: the references made by the documents about it.
PLAN_CITATIONS = """
SELECT DISTINCT about.plan_id AS plan_id, cites.plan_id AS cites_plan_id
FROM plan_documents about
JOIN plan_documents cites ON cites.document_id = about.document_id AND cites.relation = 'cites'
WHERE about.relation = 'about' AND about.plan_id != cites.plan_id
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
    return db


def ensure_schema(db: Database) -> None:
    """Create what is missing; safe to run again at any time."""
    if not db.table("documents").exists():
        db.table("documents").create(
            DOCUMENT_COLUMNS, pk="id", not_null={"source"}, defaults={"withdrawn": 0}
        )
        db.table("documents").create_index(["source"])
        db.table("documents").create_index(["province"])
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
            },
            pk="id",
        )
        db.table("plans").create_index(["symbol_key"])
    for name, columns in ITEM_COLUMNS.items():
        if not db.table(name).exists():
            db.table(name).create(
                {**COMMON_ITEM, **columns}, pk="id", foreign_keys=[("document_id", "documents", "id")]
            )
            db.table(name).create_index(["document_id"])
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
    if not db.table("documents_fts").exists():
        db.table("documents").enable_fts(
            ["title", "text", "text_folded"], tokenize="unicode61 remove_diacritics 2", create_triggers=True
        )
    db.create_view("plan_citations", PLAN_CITATIONS, replace=True)
    db.table("references").create_index(["symbol_key"], if_not_exists=True)
    db.table("targets").create_index(["indicator"], if_not_exists=True)


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
        "text": doc.text,
        "text_folded": fold(f"{result.title or ''}\n{doc.text}"),
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
    }


def item_rows(doc: Document, items: Iterable[Any]) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        row = {f.name: getattr(item, f.name) for f in fields(item)}  # flat records: no deep copy needed
        row["document_id"] = doc.source.sha256
        page = doc.page_at(item.start)
        row["page"] = page.number if page else None
        if "symbol" in row:
            row["symbol_key"] = symbol_key(row["symbol"])
        if "is_target" in row:
            row["is_target"] = int(row["is_target"])
        rows.append(row)
    return rows


_DEPENDENTS: dict[tuple[int, int], list[str]] = {}


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


def delete_document(db: Database, doc_id: str, tables: list[str] | None = None) -> None:
    for name in tables if tables is not None else dependents(db):
        db.execute(f"DELETE FROM [{name}] WHERE document_id = ?", [doc_id])
    db.execute("DELETE FROM documents WHERE id = ?", [doc_id])


def insert_rows(db: Database, table: str, rows: list[dict[str, Any]], replace: bool = False) -> None:
    """Plain INSERTs on the open transaction (sqlite-utils' insert commits on its own: not per document)."""
    if not rows:
        return
    known = set(db.table(table).columns_dict)
    columns = [c for c in rows[0] if c in known]
    names = ", ".join(f"[{c}]" for c in columns)
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    sql = f"{verb} INTO [{table}] ({names}) VALUES ({', '.join('?' * len(columns))})"
    db.conn.executemany(sql, [[row.get(c) for c in columns] for row in rows])


def mark_pending(db: Database) -> None:
    """The working database differs from the published one (set in the transaction that makes it differ)."""
    db.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('publish_pending', '1')")


def is_pending(db: Database) -> bool:
    row = db.execute("SELECT value FROM meta WHERE key = 'publish_pending'").fetchone()
    return row is not None and row[0] == "1"


def save(
    db: Database,
    result: Extraction | Failure,
    version: str,
    province_now: str | None = None,
    file_row: dict[str, Any] | None = None,
) -> None:
    """Store one result in one transaction: a document replaces its earlier extraction, a failure is logged.

    `file_row` (the file's size, mtime and hashes, for ingest_files) is written in the same transaction,
    so a run killed at any point leaves every file either fully stored and remembered, or neither.
    """
    with db.conn:
        mark_pending(db)
        if file_row:
            insert_rows(db, "ingest_files", [file_row], replace=True)
        if isinstance(result, Failure):
            insert_rows(
                db,
                "ingest_errors",
                [
                    {
                        "source": result.source,
                        "sha256": result.sha256,
                        "format": result.format,
                        "stage": result.stage,
                        "message": result.message,
                        "at": now(),
                    }
                ],
                replace=True,
            )
            return
        doc = result.document
        tables = dependents(db)
        for (old,) in db.execute(
            "SELECT id FROM documents WHERE source = ? AND id != ?", [doc.source.path, doc.source.sha256]
        ).fetchall():
            delete_document(db, old, tables)  # the file changed: its old extraction goes
        delete_document(db, doc.source.sha256, tables)
        insert_rows(db, "documents", [document_row(result, version, province_now)])
        for name in ITEM_TABLES:
            insert_rows(db, name, item_rows(doc, getattr(result, name)))
        db.execute("DELETE FROM ingest_errors WHERE source = ?", [doc.source.path])


def is_current(db: Database, sha256: str, source: str, version: str) -> bool:
    row = db.execute("SELECT extractor_version, source FROM documents WHERE id = ?", [sha256]).fetchone()
    return row is not None and row[0] == version and row[1] == source


def rebuild_plans(db: Database) -> None:
    """Plans: one row per distinct symbol + issuer; links to the documents about and citing it.

    A reference whose issuer is unknown joins the plan with the same symbol that has one, if exactly one does.
    """
    with db.conn:
        db.execute("DELETE FROM plan_documents")
        db.execute("DELETE FROM plans")
        refs = db.execute(
            "SELECT r.id, r.symbol, r.symbol_key, r.doc_type, r.issuer, r.issued, r.year, r.document_id, "
            "d.subject_symbol, d.province FROM [references] r JOIN documents d ON d.id = r.document_id "
            "WHERE d.withdrawn = 0"
        ).fetchall()
        issuers: dict[str, set[str]] = {}
        for r in refs:
            if r[4]:
                issuers.setdefault(r[2], set()).add(fold(r[4]))
        plans: dict[str, dict[str, Any]] = {}
        links: set[tuple[str, str, str]] = set()
        updates = []
        for rid, symbol, key, doc_type, issuer, issued, year, doc_id, subject_symbol, province in refs:
            known = issuers.get(key, set())
            if not issuer and len(known) == 1:
                issuer_key = next(iter(known))
            else:
                issuer_key = fold(issuer or "")
            pid = hashlib.sha256(f"{key}|{issuer_key}".encode()).hexdigest()[:16]
            plan = plans.setdefault(
                pid,
                {
                    "id": pid,
                    "symbol": symbol,
                    "symbol_key": key,
                    "doc_type": doc_type,
                    "issuer": issuer,
                    "issued": issued,
                    "year": year,
                    "province": None,
                },
            )
            for field, value in (
                ("doc_type", doc_type),
                ("issuer", issuer),
                ("issued", issued),
                ("year", year),
            ):
                plan[field] = plan[field] or value
            about = subject_symbol is not None and symbol_key(subject_symbol) == key
            if about:
                plan["province"] = plan["province"] or province
            links.add((pid, doc_id, "about" if about else "cites"))
            updates.append((pid, rid))
        per_plan = Counter((p, rel) for p, _, rel in links)
        for plan in plans.values():
            plan["documents"] = per_plan[(plan["id"], "about")]
            plan["cited_by"] = per_plan[(plan["id"], "cites")]
        if plans:
            db.table("plans").insert_all(plans.values())
            db.table("plan_documents").insert_all(
                {"plan_id": p, "document_id": d, "relation": rel} for p, d, rel in sorted(links)
            )
        db.conn.executemany("UPDATE [references] SET plan_id = ? WHERE id = ?", updates)


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


def publish(db: Database, published: Path) -> None:
    """Copy the working database to `published` atomically: readers see the old file or the new one."""
    tmp = published.with_name(f".{published.name}.publishing")
    tmp.unlink(missing_ok=True)
    db.execute("VACUUM INTO ?", [str(tmp)])
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
