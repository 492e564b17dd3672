"""Records -> rows: one document's rows built from its Extraction (in the worker), and the INSERTs that
write them.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import weakref
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from kehoach.extract.assignments import moment
from kehoach.records import Document, Extraction, Failure
from kehoach.store.database import Database
from kehoach.store.schema import COMMON_ITEM, DOCUMENT_COLUMNS, ITEM_COLUMNS, ITEM_TABLES, now
from kehoach.text import fold, symbol_key

T = TypeVar("T")


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
        "topics": None,  # extract/topics.py's column: filled in by rows_of or by prepare()
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

# the columns made from an item rather than read off it: a reference's keys and a task's nested fields
MADE_COLUMNS: dict[str, Callable[[Any], Any]] = {
    "symbol_key": lambda r: symbol_key(r.symbol),
    "symbol_folded": lambda r: fold(symbol_key(r.symbol)),
    **TASK_COLUMNS,
}


def last_day(by: str) -> str:
    """'2025' -> '2025-12-31', '2025-Q2' -> '2025-06-30', '2025-02' -> '2025-02-28'."""
    year, month, day = moment(by)
    end = calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-{min(day, end):02d}"


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
        row: list[Any] = []
        for column in columns:
            if column == "id":
                row.append(item_id(sha, table, key))
            elif column == "document_id":
                row.append(sha)
            elif column == "page":
                row.append(page.number if page else None)
            elif column == "is_target":
                row.append(int(item.is_target))
            elif column == "scope_forms":
                row.append("; ".join(scope.form for scope in item.scopes) or None)
            elif column in MADE_COLUMNS:
                row.append(MADE_COLUMNS[column](item))
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
    """The rows save() inserts; `topics(title, text_folded)` gives the topics column (extract/topics.py)."""
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


# What the SQL of a database depends on (its columns, foreign keys, indexes), computed once per database
# object and schema version (a migration or a new table changes the version): looking the columns up for every
# row cost more than the INSERT. Held weakly, so a closed database's entries go with it.
_SCHEMA_CACHE: weakref.WeakKeyDictionary[Database, dict[tuple[Any, ...], Any]] = weakref.WeakKeyDictionary()


def schema_cached(db: Database, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    entries = _SCHEMA_CACHE.setdefault(db, {})
    full = (version, *key)
    if full not in entries:
        entries[full] = make()
    return cast(T, entries[full])


def dependents(db: Database) -> list[str]:
    """Tables whose document_id points at documents (the item tables, plan_documents, and derived tables)."""
    return schema_cached(
        db,
        ("dependents",),
        lambda: [
            t.name
            for t in db.tables
            if t.name != "documents" and any(fk.other_table == "documents" for fk in t.foreign_keys)
        ],
    )


def unindexed(db: Database) -> set[str]:
    """Dependents with no index on document_id (plan_documents, target_facts): deleting from them by
    document_id scans the table, so save_many does it once per batch rather than once per document."""

    def make() -> set[str]:
        return {
            name
            for name in dependents(db)
            if not any(
                db.execute(f"PRAGMA index_info([{index}])").fetchone()[2] == "document_id"
                for (index,) in db.execute(f"SELECT name FROM pragma_index_list('{name}')")
            )
        }

    return schema_cached(db, ("unindexed",), make)


def insert_sql(
    db: Database, table: str, columns: tuple[str, ...], replace: bool = False
) -> tuple[str, list[int]]:
    """The INSERT for the columns the table has, and which positions of a row tuple it takes (an older
    database may lack some column)."""

    def make() -> tuple[str, list[int]]:
        known = set(db.table(table).columns_dict)
        keep = [i for i, c in enumerate(columns) if c in known]
        names = ", ".join(f"[{columns[i]}]" for i in keep)
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        return f"{verb} INTO [{table}] ({names}) VALUES ({', '.join('?' * len(keep))})", keep

    return schema_cached(db, ("insert", table, columns, replace), make)


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


def error_row(result: Failure) -> dict[str, Any]:
    return {
        "source": result.source,
        "sha256": result.sha256,
        "format": result.format,
        "stage": result.stage,
        "message": result.message,
        "at": now(),
    }
