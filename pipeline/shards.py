"""Parquet shards: a run's rows written as files instead of into SQLite, and loaded later (issue 21).

`kehoach ingest --shards DIR` writes what the one writer would have stored, batch by batch, as one Parquet
file per table per batch: DIR/<table>/<part>.parquet, with a `seq` column giving each result's place in
the run. `kehoach load DIR` replays the parts in order through store.save_many (the same transactions,
the same replacement of a changed file's earlier rows) and publishes the database. So a long run on a
cluster never holds the database open, the shards can be copied, checked or queried (DuckDB, pandas)
before they are loaded, and a run that stops keeps every part it wrote.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kehoach import store
from kehoach.records import Failure
from kehoach.store import rows, schema

TEXT_COLUMNS = ("title", "text", "text_folded", "document_id")  # schema.TEXT_INSERT's parameters, in order
ERROR_COLUMNS = ("source", "sha256", "format", "stage", "message", "at")
SEQ = "seq"


def columns() -> dict[str, dict[str, Any]]:
    """Each shard table's columns and their Python types, in the order store's tuples hold them."""
    document = {**schema.DOCUMENT_COLUMNS, "topics": str}
    tables = {
        "documents": {c: document.get(c, str) for c in rows.DOCUMENT_INSERT},
        "document_texts": dict.fromkeys(TEXT_COLUMNS, str),
        "ingest_errors": dict.fromkeys(ERROR_COLUMNS, str),
        "ingest_files": dict(schema.FILE_COLUMNS),
    }
    for name in schema.ITEM_TABLES:
        declared = {**schema.COMMON_ITEM, **schema.ITEM_COLUMNS[name]}
        tables[name] = {c: declared.get(c) for c in rows.ITEM_INSERT[name]}
    return tables


def arrow_type(kind: Any) -> Any:
    import pyarrow as pa

    return {str: pa.string(), int: pa.int64(), float: pa.float64()}.get(kind)  # None: inferred


class Writer:
    """Writes the batches of one run as parts of DIR; `save_many`'s stand-in."""

    def __init__(self, directory: Path) -> None:
        self.directory, self.seq, self.parts = directory, 0, 0
        self.run = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self.columns = columns()

    def __call__(self, db: object, batch: list[store.Stored]) -> None:
        rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for result, file_row in batch:
            self.seq += 1
            if isinstance(result, Failure):
                error = store.error_row(result)
                rows["ingest_errors"].append((*(error[c] for c in ERROR_COLUMNS), self.seq))
            else:
                rows["documents"].append((*result.document, self.seq))
                rows["document_texts"].append((*result.text, self.seq))
                for name, found in result.items:
                    rows[name].extend((*row, self.seq) for row in found)
            if file_row:
                rows["ingest_files"].append((*(file_row[c] for c in schema.FILE_COLUMNS), self.seq))
        self.write(rows)

    def write(self, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        part = f"{self.run}-{self.parts:06d}.parquet"
        self.parts += 1
        for table, found in rows.items():
            names = [*self.columns[table], SEQ]
            kinds = [*self.columns[table].values(), int]
            arrays = [
                pa.array([row[i] for row in found], type=arrow_type(kind)) for i, kind in enumerate(kinds)
            ]
            (self.directory / table).mkdir(parents=True, exist_ok=True)
            temporary = self.directory / table / f".{part}"
            pq.write_table(pa.Table.from_arrays(arrays, names=names), temporary, compression="zstd")
            temporary.rename(self.directory / table / part)


def parts(directory: Path) -> list[str]:
    """The parts of every run in DIR, in the order they were written (ingest_files has one row a result)."""
    return sorted(p.name for p in (directory / "ingest_files").glob("*.parquet"))


def read_part(directory: Path, part: str) -> Iterator[store.Stored]:
    """One part's results, in their order, as save_many takes them."""
    import pyarrow.parquet as pq

    tables: dict[str, dict[int, list[tuple[Any, ...]]]] = {}
    for table, declared in columns().items():
        found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        path = directory / table / part
        if path.exists():
            names = [*declared, SEQ]
            for row in pq.read_table(path, columns=names).to_pylist():
                found[row[SEQ]].append(tuple(row[c] for c in declared))
        tables[table] = found
    for seq, (file_values,) in sorted(tables["ingest_files"].items()):
        file_row = dict(zip(schema.FILE_COLUMNS, file_values, strict=True))
        if seq in tables["ingest_errors"]:
            error = dict(zip(ERROR_COLUMNS, tables["ingest_errors"][seq][0], strict=True))
            failure = Failure(
                error["source"], error["stage"], error["message"], error["sha256"], error["format"]
            )
            yield failure, file_row
            continue
        (document,) = tables["documents"][seq]
        (text,) = tables["document_texts"][seq]
        items = tuple((name, tuple(tables[name][seq])) for name in schema.ITEM_TABLES if seq in tables[name])
        row = dict(zip(rows.DOCUMENT_INSERT, document, strict=True))
        yield store.DocumentRows(row["id"], row["source"], document, text, items), file_row  # type: ignore[arg-type]


def load(directory: Path, db_path: Path, patterns: Path | None = None) -> int:
    """Write the shards of DIR into the database and publish it; the number of results loaded."""
    from kehoach.publish.prepare import prepare
    from kehoach.rules import PATTERNS_DIR, load_rules

    rules = load_rules(patterns or PATTERNS_DIR)
    db = store.open_working(db_path)
    store.ensure_schema(db)
    loaded = 0
    for part in parts(directory):
        batch = list(read_part(directory, part))
        store.save_many(db, batch)
        loaded += len(batch)
    if store.is_pending(db) or not db_path.exists():
        store.rebuild_plans(db)
        prepare(db, rules)
        store.set_meta(db, rules_version=rules.version, built_at=store.now())
        store.publish(db, db_path)
        with db.conn:
            db.execute("DELETE FROM meta WHERE key = 'publish_pending'")
    store.close(db)
    return loaded
