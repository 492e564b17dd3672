"""The published database as open files: Parquet, CSV or JSON Lines, one file per table and view, with a
Frictionless data package (`datapackage.json`) that describes each of them.

Table and column descriptions come from publish/metadata.yml, the same text Datasette shows, so the
files and the site never describe a column two ways. The export reads the database read-only and streams
each table in batches, so a 100k-document database exports in bounded memory.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kehoach.publish import database_metadata

ExportFormat = Literal["parquet", "csv", "jsonl"]
FORMATS: tuple[ExportFormat, ...] = ("parquet", "csv", "jsonl")
BATCH = 5_000
# Relations that only rename a table ("refs" spells [references] without quoting): exported once.
ALIASES = frozenset({"refs"})
# Bookkeeping of `kehoach ingest` (file sizes and mtimes of one machine), not data about plans.
INTERNAL = frozenset({"ingest_files"})
MEDIA_TYPES = {"parquet": "application/vnd.apache.parquet", "csv": "text/csv", "jsonl": "application/jsonl"}
# SQLite's declared column types -> Frictionless Table Schema field types
FIELD_TYPES = {"INTEGER": "integer", "INT": "integer", "REAL": "number", "FLOAT": "number", "TEXT": "string"}


@dataclass(frozen=True, slots=True)
class Relation:
    """A table or view to export, with its columns as (name, declared SQLite type)."""

    name: str
    kind: Literal["table", "view"]
    columns: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Exported:
    """One file written: which relation, where, how many rows."""

    relation: Relation
    path: Path
    rows: int


def relations(conn: sqlite3.Connection) -> list[Relation]:
    """Every table and view worth exporting: not SQLite's own, not full-text index internals, not aliases."""
    rows = conn.execute(
        "select name, type from sqlite_master where type in ('table', 'view') "
        "and name not like 'sqlite_%' order by type, name"
    ).fetchall()
    fts = {name for name, _ in rows if name.endswith("_fts")}
    out = []
    for name, kind in rows:
        if name in ALIASES or name in INTERNAL or any(name == f or name.startswith(f + "_") for f in fts):
            continue
        info = conn.execute(f"pragma table_info([{name}])").fetchall()
        out.append(Relation(name, kind, tuple((c[1], (c[2] or "").upper()) for c in info)))
    return out


def batches(conn: sqlite3.Connection, relation: Relation) -> Iterator[list[tuple[Any, ...]]]:
    cursor = conn.execute(f"select * from [{relation.name}]")
    while chunk := cursor.fetchmany(BATCH):
        yield chunk


def write_parquet(conn: sqlite3.Connection, relation: Relation, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    def arrow_type(declared: str) -> Any:
        kind = FIELD_TYPES.get(declared.split("(")[0], "string")
        return {"integer": pa.int64(), "number": pa.float64()}.get(kind, pa.string())

    schema = pa.schema([(name, arrow_type(declared)) for name, declared in relation.columns])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in batches(conn, relation):
            columns = list(zip(*chunk, strict=True))
            arrays = [
                pa.array([coerce(v, field.type) for v in values], type=field.type)
                for values, field in zip(columns, schema, strict=True)
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            count += len(chunk)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count


def coerce(value: Any, arrow_type: Any) -> Any:
    """SQLite is loosely typed (a view's column may hold ints and text): make each value fit its column."""
    import pyarrow as pa

    if value is None:
        return None
    if arrow_type == pa.string():
        return value if isinstance(value, str) else str(value)
    if arrow_type == pa.int64() and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def write_csv(conn: sqlite3.Connection, relation: Relation, path: Path, bom: bool) -> int:
    count = 0
    # utf-8-sig writes a byte-order mark: spreadsheet software then reads Vietnamese as UTF-8, not cp1252
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([name for name, _ in relation.columns])
        for chunk in batches(conn, relation):
            writer.writerows(chunk)
            count += len(chunk)
    return count


def write_jsonl(conn: sqlite3.Connection, relation: Relation, path: Path) -> int:
    names = [name for name, _ in relation.columns]
    count = 0
    with path.open("w", encoding="utf-8") as f:
        for chunk in batches(conn, relation):
            for row in chunk:
                f.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) + "\n")
            count += len(chunk)
    return count


def field_type(declared: str) -> str:
    return FIELD_TYPES.get(declared.split("(")[0], "any" if not declared else "string")


def field(name: str, declared: str, description: str | None) -> dict[str, Any]:
    out = {"name": name, "type": field_type(declared)}
    return {**out, "description": description} if description else out


def resource(item: Exported, fmt: ExportFormat, tables: dict[str, Any], bom: bool) -> dict[str, Any]:
    meta = tables.get(item.relation.name) or {}
    columns = meta.get("columns") or {}
    out: dict[str, Any] = {
        "name": item.relation.name.replace("_", "-"),
        "path": item.path.name,
        "format": fmt,
        "mediatype": MEDIA_TYPES[fmt],
        "title": meta.get("title") or item.relation.name,
        "description": meta.get("description") or f"SQLite {item.relation.kind} {item.relation.name}",
        "rows": item.rows,
        "schema": {
            "fields": [
                {
                    "name": name,
                    "type": field_type(declared),
                    **({"description": columns[name]} if name in columns else {}),
                }
                for name, declared in item.relation.columns
            ]
        },
    }
    if fmt != "parquet":
        out["encoding"] = "utf-8-sig" if (fmt == "csv" and bom) else "utf-8"
    return out


def database_facts(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(conn.execute("select key, value from meta").fetchall())
    except sqlite3.OperationalError:
        return {}


def export(db_path: Path, out_dir: Path, fmt: ExportFormat = "parquet", bom: bool = False) -> list[Exported]:
    """Write every table and view of the database to `out_dir`, and `datapackage.json` describing them."""
    from kehoach import __version__
    from kehoach.store import now

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        written = []
        for relation in relations(conn):
            path = out_dir / f"{relation.name}.{fmt}"
            if fmt == "parquet":
                rows = write_parquet(conn, relation, path)
            elif fmt == "csv":
                rows = write_csv(conn, relation, path, bom)
            else:
                rows = write_jsonl(conn, relation, path)
            written.append(Exported(relation, path, rows))
        facts = database_facts(conn)
    finally:
        conn.close()
    tables = database_metadata().get("tables") or {}  # the text Datasette shows
    package = {
        "profile": "tabular-data-package" if fmt == "csv" else "data-package",
        "name": "kehoach",
        "title": "kehoach: Vietnamese government plans (Kế hoạch)",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Extracted data CC BY 4.0; documents remain the publishers'",
            }
        ],
        "created": now(),
        "kehoach": {"version": __version__, "rules_version": facts.get("rules_version"), "format": fmt},
        "resources": [resource(item, fmt, tables, bom) for item in written],
    }
    (out_dir / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return written
