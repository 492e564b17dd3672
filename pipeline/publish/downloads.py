"""CSV downloads a spreadsheet opens well: as a file, with a byte-order mark and readable headers on request.

Every `.csv` the site serves (Datasette's tables and canned queries, and the search page's export) comes with
`Content-Disposition: attachment`, so a browser saves it instead of showing it as text. Two options work on
any of them: `_bom=1` starts the file with a UTF-8 byte-order mark (without one, spreadsheet software
reads Vietnamese as Windows-1252 and garbles it), and `_header=labels` replaces the snake_case column names
of the header row by the columns' Vietnamese / English descriptions from metadata.yml (Datasette's own
`_labels` expands foreign keys, hence another name). A response naming its file has handled both already.
"""

from __future__ import annotations

import csv
import functools
import io
import urllib.parse
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from kehoach.publish import database_metadata

BOM = "\ufeff".encode()
TRUE = ("1", "on", "true", "yes")
Send = Callable[[dict[str, Any]], Awaitable[None]]


@functools.cache
def column_labels() -> dict[str, dict[str, str]]:
    """{table: {column: label}} from metadata.yml, and under "" every column's first label in any table (for
    canned queries, whose columns come from several tables)."""
    tables = database_metadata().get("tables") or {}
    out: dict[str, dict[str, str]] = {"": {}}
    for table, block in tables.items():
        columns = {k: str(v) for k, v in (block.get("columns") or {}).items()}
        out[table] = columns
        for column, label in columns.items():
            out[""].setdefault(column, label)
    return out


def label(column: str, table: str = "") -> str:
    labels = column_labels()
    return labels.get(table, {}).get(column) or labels[""].get(column) or column


def options(query_string: str) -> tuple[bool, bool]:
    """(byte-order mark, labelled header) asked for by a query string."""
    args = dict(urllib.parse.parse_qsl(query_string))
    return args.get("_bom", "").lower() in TRUE, args.get("_header", "") == "labels"


def attachment(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{urllib.parse.quote(filename)}"


def csv_bytes(
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    table: str = "",
    bom: bool = False,
    labels: bool = False,
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label(c, table) if labels else c for c in columns])
    writer.writerows([row.get(c) for c in columns] for row in rows)
    return (BOM if bom else b"") + out.getvalue().encode("utf-8")


def relabel(header: bytes, table: str) -> bytes:
    """A CSV header row (bytes, with its line end) with each column name replaced by its label."""
    text = header.decode("utf-8")
    names = next(csv.reader([text]), [])
    out = io.StringIO()
    csv.writer(out, lineterminator=text[len(text.rstrip("\r\n")) :]).writerow(
        [label(n, table) for n in names]
    )
    return out.getvalue().encode("utf-8")


def table_of(path: str) -> str:
    """The table or canned query a /<db>/<name>.csv path reads ("" for /<db>.csv?sql=)."""
    parts = path.strip("/").split("/")
    return urllib.parse.unquote(parts[1].removesuffix(".csv")) if len(parts) == 2 else ""


def csv_send(scope: dict[str, Any], send: Send) -> Send:
    """`send` for one response: unchanged unless it is a .csv, which gets the attachment header and, when
    asked, the byte-order mark and the labelled header row."""
    path = scope.get("path", "")
    if scope.get("type") != "http" or not path.endswith(".csv"):
        return send
    bom, labels = options(scope.get("query_string", b"").decode("latin-1"))
    state = {"ok": False, "head": b"", "started": False}

    async def send_csv(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            named = any(k.lower() == b"content-disposition" for k, _ in message.get("headers", []))
            state["ok"] = message.get("status") == 200 and not named
            if state["ok"]:
                message = {**message, "headers": csv_headers(message.get("headers", []), path, bom or labels)}
            await send(message)
            return
        if message["type"] != "http.response.body" or not state["ok"] or state["started"]:
            await send(message)
            return
        # the header row may come in pieces: hold the body until its first line end (or its end)
        head = state["head"] + message.get("body", b"")
        more = message.get("more_body", False)
        if b"\n" not in head and more:
            state["head"] = head
            return
        state["started"] = True
        end = head.find(b"\n") + 1 or len(head)
        line, rest = head[:end], head[end:]
        if labels and line:
            line = relabel(line, table_of(path))
        await send({**message, "body": (BOM if bom else b"") + line + rest})

    return send_csv


def csv_headers(
    headers: Iterable[tuple[bytes, bytes]], path: str, changed: bool
) -> list[tuple[bytes, bytes]]:
    """The response headers of a CSV download: saved as a file named after the table, as text/csv."""
    dropped = {b"content-disposition", b"content-type"} | ({b"content-length"} if changed else set())
    kept = [(k, v) for k, v in headers if k.lower() not in dropped]
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return [
        *kept,
        (b"content-type", b"text/csv; charset=utf-8"),
        (b"content-disposition", attachment(urllib.parse.unquote(name)).encode("latin-1")),
    ]
