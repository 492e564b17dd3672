"""Live reload: a running site serves what `kehoach ingest` has just published, without a restart.

`kehoach ingest` publishes by replacing the served file at once (store.publish: a complete copy beside
it, then os.replace). Datasette keeps one open connection per thread, and an open connection keeps reading
the file it opened (its descriptor holds the old inode), so on its own a running server never sees the new
file. A LiveDatabase notes the file's identity (device, inode, modification time, size) at the start of each
request; when it has changed, every thread's next query opens the new file and closes its old connection.
A query already running finishes on the file it started on: a reader sees the old database or the new one,
never a half-written one (the new file is complete before its name points at it).
"""

from __future__ import annotations

import asyncio
import os
import threading
from typing import Any

from datasette.database import Database

FileId = tuple[int, int, int, int]


class LiveDatabase(Database):  # type: ignore[misc]
    """A file database that re-opens its file when the file is replaced (see the module's text)."""

    generation = 0
    seen: FileId | None = None

    def watch(self) -> None:
        self.generation = 0
        self.seen = file_id(self.path)
        self.held = threading.local()  # (generation, connection) of each SQL thread

    def refresh(self) -> bool:
        """True when the file has been replaced since the last look (the next queries open the new one)."""
        now = file_id(self.path)
        if now is None or now == self.seen:
            return False
        self.seen = now
        self.generation += 1
        # what Datasette caches of an immutable file
        self.cached_hash = self.cached_size = self._cached_table_counts = None
        return True

    def connection(self, generation: int) -> Any:
        held = getattr(self.held, "conn", None)
        if held is not None and held[0] == generation:
            return held[1]
        if held is not None:
            held[1].close()
            if held[1] in self._all_file_connections:
                self._all_file_connections.remove(held[1])
        conn = self.connect()
        self.ds._prepare_connection(conn, self.name)  # noqa: SLF001 (the plugins' prepare_connection hooks)
        self.held.conn = (generation, conn)
        return conn

    async def execute_fn(self, fn: Any) -> Any:
        generation = self.generation
        if self.ds.executor is None:  # Datasette's non-threaded mode: one connection
            return fn(self.connection(generation))
        return await asyncio.get_running_loop().run_in_executor(
            self.ds.executor, lambda: fn(self.connection(generation))
        )


def file_id(path: str | None) -> FileId | None:
    try:
        found = os.stat(path) if path else None
    except OSError:
        return None  # between two looks the name always points at a file; a missing one keeps the old
    return (found.st_dev, found.st_ino, found.st_mtime_ns, found.st_size) if found else None


def watch(db: Any) -> None:
    """Make a Datasette file database live (a Database's class is swapped: Datasette made the object)."""
    if type(db) is Database and db.path and not db.is_memory:
        db.__class__ = LiveDatabase
        db.watch()


def refresh(datasette: Any) -> None:
    """At the start of a request: re-open the databases whose file was replaced."""
    for db in datasette.databases.values():
        if isinstance(db, LiveDatabase):
            db.refresh()
