"""The published snapshot: `kehoach ingest` writes a working database and copies it, atomically, onto the
served one."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from kehoach.store.database import Database
from kehoach.store.schema import connect


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
