"""`kehoach ingest`: the corpus into the database, incrementally, with progress and a summary.

A file is skipped when its size, mtime and sidecar are those recorded in ingest_files for the same
rules version (one stat, no read); when they differ its sha256 decides (a touched but unchanged file is
only re-stamped). New and changed files are extracted by worker processes; this process is the single
writer, one transaction per document. Files gone from the corpus are marked withdrawn, bad files are
recorded in ingest_errors. The run writes the working database and publishes it (store.publish) only
when something changed: a second run over the same corpus writes nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import os
import stat
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from kehoach import store
from kehoach.engine import LOCAL, Engine
from kehoach.extract.topics import topics_json
from kehoach.extract.vocab import province_entry
from kehoach.filenames import on_disk, shown
from kehoach.ingest import SIDECAR_SUFFIX, ocr_cache, walk_corpus
from kehoach.parallel import run_many
from kehoach.publish.prepare import insert_target_facts, prepare
from kehoach.records import Extraction, Failure
from kehoach.rules import PATTERNS_DIR, RuleSet, load_rules
from kehoach.store.database import Database


@dataclass
class Summary:
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    writes: int = 0  # rows inserted, updated or deleted in the working database by this run
    published: bool = False
    stages: dict[str, float] = field(default_factory=dict)  # seconds each stage of the run took, in order
    ocr: ocr_cache.OcrCounts = ocr_cache.OcrCounts()  # scanned pages OCR'd, and read from the OCR cache

    def line(self) -> str:
        keys = ("new", "updated", "unchanged", "withdrawn", "failed")
        extra = ("duplicate",) if self.counts["duplicate"] else ()
        ocr = (
            f"; {self.ocr.ocr} pages OCR'd, {self.ocr.cached} from the OCR cache"
            if self.ocr.ocr or self.ocr.cached
            else ""
        )
        return ", ".join(f"{self.counts[k]} {k}" for k in (*keys, *extra)) + ocr

    def timing(self) -> str:
        """'in 61.3 s: check files 1.0 s, extract and store 54.0 s, plans 3.6 s, …' (stages over 0.05 s)."""
        shown = ", ".join(f"{name} {sec:.1f} s" for name, sec in self.stages.items() if sec >= 0.05)
        return f"in {sum(self.stages.values()):.1f} s" + (f": {shown}" if shown else "")


class Stopwatch:
    """Times the stages of a run into Summary.stages (the cost of each stage, shown after every ingest)."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.stages[name] = self.stages.get(name, 0.0) + now - self.last
        self.last = now


@dataclass(frozen=True)
class FileState:
    """What a file looks like on disk now: the ingest_files row it would get."""

    path: str
    size: int
    mtime_ns: int
    sidecar: str
    sha256: str = ""
    meta_sha256: str = ""

    def row(self, version: str, status: str) -> dict[str, Any]:
        # A flat record: asdict's deep copy was a measurable share of the writer's time per file.
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {**fields, "version": version, "status": status}

    def same_stat(self, row: dict[str, Any]) -> bool:
        return (row["size"], row["mtime_ns"], row["sidecar"]) == (self.size, self.mtime_ns, self.sidecar)


@dataclass
class Plan:
    todo: list[FileState] = field(default_factory=list)
    restamp: list[dict[str, Any]] = field(default_factory=list)  # unchanged content, new mtime
    counts: Counter[str] = field(default_factory=Counter)
    known_failures: list[str] = field(default_factory=list)
    duplicates: list[tuple[FileState, str]] = field(default_factory=list)  # new duplicates, with their owner


def sha256_of(path: Path) -> str:
    """The sha256 of a regular file's bytes; "" for anything else (a FIFO would block, a device never end:
    the reader refuses those with a reason)."""
    digest = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return ""
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return ""
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def stat_of(path: Path) -> FileState:
    try:
        st = path.stat()
    except OSError:
        return FileState(shown(path), -1, -1, "")
    try:
        side = sidecar_of(path).stat()
        sidecar = f"{side.st_size}:{side.st_mtime_ns}"
    except OSError:
        sidecar = ""
    return FileState(shown(path), st.st_size, st.st_mtime_ns, sidecar)


def hashed(state: FileState) -> FileState:
    path = on_disk(state.path)
    meta = sha256_of(sidecar_of(path)) if state.sidecar else ""
    return dataclasses.replace(state, sha256=sha256_of(path), meta_sha256=meta)


def province_now(name: str | None, rules: RuleSet) -> str | None:
    """The province a name belongs to today (the 34 units from 1 July 2025)."""
    if not name:
        return None
    entry = province_entry(name, rules)
    while entry and entry.successor:
        entry = province_entry(entry.successor, rules)
    return entry.name if entry else name


def known_files(db: Database) -> dict[str, dict[str, Any]]:
    return {row["path"]: row for row in db.table("ingest_files").rows}


def classify(
    db: Database,
    state: FileState,
    row: dict[str, Any] | None,
    version: str,
    owners: dict[str, str],
) -> str:
    """'current' (content and rules unchanged), 'duplicate' (bytes another present file holds) or 'todo'."""
    if (
        row
        and row["version"] == version
        and (row["sha256"], row["meta_sha256"]) == (state.sha256, state.meta_sha256)
    ):
        return "current" if row["status"] != "failed" else "failed"
    if not row and not state.sidecar and store.is_current(db, state.sha256, state.path, version):
        return "current"  # a database from before ingest_files: trust documents
    owner = owners.setdefault(state.sha256, state.path)
    return "duplicate" if owner != state.path else "todo"


def plan_work(db: Database, files: list[Path], version: str, force: bool) -> Plan:
    """Which files need extraction. Unchanged stat: skipped unread; changed stat: the sha256 decides."""
    plan = Plan()
    known = known_files(db)
    present = {shown(p) for p in files}
    owners = {sha: path for sha, path in db.execute("SELECT id, source FROM documents") if path in present}
    for path in files:
        state, row = stat_of(path), known.get(shown(path))
        fresh = row is not None and row["version"] == version and state.same_stat(row)
        # a file that could not be opened (no sha256) is tried again: chmod does not change size or mtime
        fresh = fresh and not (row["status"] == "failed" and not row["sha256"])  # type: ignore[index]
        if fresh and not force:
            verdict = {"ok": "current", "failed": "failed", "duplicate": "duplicate"}[row["status"]]  # type: ignore[index]
        else:
            state = hashed(state)
            verdict = "todo" if force else classify(db, state, row, version, owners)
            if verdict != "todo":
                plan.restamp.append(state.row(version, {"current": "ok"}.get(verdict, verdict)))
            if verdict == "duplicate":
                plan.duplicates.append((state, owners.get(state.sha256, "")))
        if verdict == "todo":
            plan.todo.append(state)
        elif verdict == "failed":
            plan.known_failures.append(shown(path))
        else:
            plan.counts["unchanged" if verdict == "current" else "duplicate"] += 1
    return plan


def mark_withdrawn(
    db: Database,
    present: set[str],
    roots: list[Path],
    refused: frozenset[str] = frozenset(),
    failed: frozenset[str] = frozenset(),
) -> int:
    """Documents under the ingested folders whose file is gone, refused or now failing (a good file
    overwritten by garbage): kept, flagged withdrawn. A document whose file is gone while an identical copy
    remains moves to the copy instead."""
    gone = 0
    prefixes = tuple(shown(r) for r in roots)
    copies = {sha: path for path, sha in db.execute(DUPLICATES) if path in present}
    with db.conn:
        for doc_id, source, withdrawn in db.execute("SELECT id, source, withdrawn FROM documents").fetchall():
            under = source.startswith(prefixes)
            if under and source not in present and doc_id in copies:
                move_to_copy(db, doc_id, copies.pop(doc_id), bool(withdrawn))
                continue
            missing = under and (source not in present or source in failed)
            if missing and not withdrawn:
                set_withdrawn(db, doc_id, True)
                gone += 1
            elif not missing and withdrawn and source in present:
                set_withdrawn(db, doc_id, False)
        for table, column, kept in (("ingest_files", "path", present), ("ingest_errors", "source", refused)):
            for (path,) in db.execute(f"SELECT [{column}] FROM [{table}]").fetchall():
                if path.startswith(prefixes) and path not in present and path not in kept:
                    db.execute(f"DELETE FROM [{table}] WHERE [{column}] = ?", [path])
    return gone


DUPLICATES = "SELECT path, sha256 FROM ingest_files WHERE status IN ('duplicate', 'ok')"


def set_withdrawn(db: Database, doc_id: str, withdrawn: bool) -> None:
    db.execute("UPDATE documents SET withdrawn = ? WHERE id = ?", [int(withdrawn), doc_id])
    if db.table("target_facts").exists():  # kept in step here: prepare() only adds new targets' rows
        if withdrawn:
            db.execute("DELETE FROM target_facts WHERE document_id = ?", [doc_id])
        else:
            insert_target_facts(db, "t.document_id = ?", [doc_id])
    store.mark_pending(db)


def move_to_copy(db: Database, doc_id: str, copy: str, withdrawn: bool) -> None:
    """The document's file is gone but `copy` holds the same bytes: the copy becomes its file."""
    db.execute("UPDATE documents SET source = ? WHERE id = ?", [copy, doc_id])
    db.execute("UPDATE ingest_files SET status = 'ok' WHERE path = ?", [copy])
    if withdrawn:
        set_withdrawn(db, doc_id, False)
    store.mark_pending(db)


def record_refused(db: Database, refused: list[tuple[Path, str]]) -> list[Failure]:
    """Entries the walk refused (symlinks out of the corpus or in a loop, FIFOs, devices), as failures in
    ingest_errors; written only when new or changed, so an unchanged corpus still writes nothing."""
    failures = [Failure(shown(path), "ingest", f"not read: {why}") for path, why in refused]
    before = {row[0]: row[1] for row in db.execute("SELECT source, message FROM ingest_errors")}
    changed = [f for f in failures if before.get(f.source) != f.message]
    if changed:
        with db.conn:
            store.insert_rows(db, "ingest_errors", [store.error_row(f) for f in changed], replace=True)
            store.mark_pending(db)
    return failures


def stored_failures(db: Database, paths: list[str]) -> list[Failure]:
    wanted = set(paths)
    return [
        Failure(r["source"], r["stage"], r["message"], r["sha256"], r["format"])
        for r in db.table("ingest_errors").rows
        if r["source"] in wanted
    ]


def stored(
    result: Extraction | Failure, rules: RuleSet
) -> tuple[store.DocumentRows | Failure, ocr_cache.OcrCounts]:
    """In a worker: a result as the rows the writer inserts (folding, pages and topics computed here),
    with the scanned pages this process OCR'd or found in the OCR cache since its last result."""
    if isinstance(result, Failure):
        return result, ocr_cache.take_counts()
    rows = store.rows_of(
        result, rules.version, province_now(result.province, rules), partial(topics_json, rules=rules)
    )
    return rows, ocr_cache.take_counts()


# The writer commits a batch of results at most this often (seconds) or after this many: one commit per
# document cost about 1.5 ms of the writer's time, which shares the cores with the workers.
COMMIT_EVERY_S = 0.5
COMMIT_EVERY_DOCS = 500


def batches(results: Iterator[store.Stored]) -> Iterator[list[store.Stored]]:
    batch: list[store.Stored] = []
    started = time.monotonic()
    for item in results:
        batch.append(item)
        if len(batch) >= COMMIT_EVERY_DOCS or time.monotonic() - started >= COMMIT_EVERY_S:
            yield batch
            batch, started = [], time.monotonic()
    if batch:
        yield batch


@dataclass(frozen=True, slots=True)
class IngestRun:
    """What every step of one ingest run shares: the working database it writes, the rules (and the folder
    they came from, for the workers), how it extracts, and the summary it reports into."""

    db: Database
    rules: RuleSet
    workers: int
    patterns: Path | None
    summary: Summary
    engine: Engine = LOCAL


def store_results(run: IngestRun, plan: Plan, progress: bool) -> None:
    """Extract the planned files in workers and save the results in order (this process is the only writer).

    Results are committed in batches; each file's ingest_files row goes in the same transaction as its
    result, so a killed run resumes exactly where its last commit left off.
    """
    db, rules, summary, engine = run.db, run.rules, run.summary, run.engine
    known = {row[0] for row in db.execute("SELECT source FROM documents")}
    paths = [on_disk(s.path) for s in plan.todo]
    if engine.name == "dask":
        from kehoach.engine.dask import run_dask

        done = run_dask(paths, run.workers, run.patterns, stored, engine.scheduler)
        pairs: Iterator[tuple[FileState, Any]] = ((plan.todo[i], result) for i, result in done)
    else:
        results = run_many(paths, run.workers, run.patterns, then=stored) if paths else iter(())
        pairs = zip(plan.todo, results, strict=True)

    def tagged() -> Iterator[store.Stored]:
        for state, (result, ocr) in with_progress(pairs, len(paths), progress):
            summary.ocr += ocr
            if isinstance(result, Failure):
                result = dataclasses.replace(result, sha256=result.sha256 or state.sha256 or None)
                summary.failures.append(result)
                summary.counts["failed"] += 1
                yield result, state.row(rules.version, "failed")
            else:
                summary.counts["updated" if result.source in known else "new"] += 1
                yield result, state.row(rules.version, "ok")

    save: Callable[[Database, list[store.Stored]], None] = store.save_many
    if engine.shards:  # Parquet shards for `kehoach load` instead of the database (pipeline/shards.py)
        from kehoach.shards import Writer

        save = Writer(engine.shards)
    for batch in batches(tagged()):
        save(db, batch)


class Busy(Exception):
    """Another ingest holds the database's writer lock."""


@contextlib.contextmanager
def writer_lock(db_path: Path) -> Iterator[None]:
    """One writer per database: an exclusive lock on `.NAME.lock` beside it, for the whole run.

    flock() is released by the kernel when the holder exits, however it ends (kill -9 included), so a
    crashed run never leaves a stale lock. The file holds the holder's pid, for the message.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db_path.with_name(f".{db_path.name}.lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise Busy(
                f"another kehoach ingest (pid {holder}) is writing {db_path}: wait for it to finish, "
                "then run this one again (it will only do what is left)"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def store_orphans(run: IngestRun, plan: Plan) -> None:
    """Copies of a file that failed in this run (its sidecar may be the bad one): read them after all."""
    failed = {f.source for f in run.summary.failures}
    orphans = [state for state, owner in plan.duplicates if owner in failed]
    if orphans:
        run.summary.counts["duplicate"] -= len(orphans)
        local = dataclasses.replace(run, engine=Engine(shards=run.engine.shards))
        store_results(local, Plan(todo=orphans), progress=False)


def ingest_corpus(
    paths: list[Path],
    db_path: Path,
    workers: int = 1,
    patterns: Path | None = None,
    force: bool = False,
    progress: bool = True,
    ocr_cache_dir: Path | None = None,
    engine: Engine = LOCAL,
) -> Summary:
    """Ingest `paths` into the working database and publish it to `db_path` if anything changed.

    Scanned pages are OCR'd once: tesseract's output is kept in `ocr_cache_dir` (default: ocr-cache/
    beside the database), which first adopts the entries a folder ingested carries (`.ocr-cache/` inside
    it, as corpus/ does). Raises Busy when another ingest is writing the same database."""
    with writer_lock(db_path), ocr_cache.using(ocr_cache_dir or ocr_cache.beside(db_path)):
        ocr_cache.adopt([path for path in paths if path.is_dir()])
        return ingest_locked(paths, db_path, workers, patterns, force, progress, engine)


def ingest_locked(
    paths: list[Path],
    db_path: Path,
    workers: int,
    patterns: Path | None,
    force: bool,
    progress: bool,
    engine: Engine = LOCAL,
) -> Summary:
    clock = Stopwatch()
    rules = load_rules(patterns or PATTERNS_DIR)
    db = store.open_working(db_path)
    store.ensure_schema(db)
    clock.lap("open")
    walked = walk_corpus(paths)
    files = walked.found
    plan = plan_work(db, files, rules.version, force)
    summary = Summary(plan.counts, stages=clock.stages)
    if plan.restamp:  # new mtimes of unchanged files: bookkeeping only, not a reason to publish
        with db.conn:
            store.insert_rows(db, "ingest_files", plan.restamp, replace=True)
    clock.lap("check files")
    run = IngestRun(db, rules, workers, patterns, summary, engine)
    store_results(run, plan, progress)
    store_orphans(run, plan)
    clock.lap("extract and store")
    if engine.shards:  # the database is `kehoach load`'s to write
        store.close(db)
        return summary
    refused = record_refused(db, walked.skipped)
    failed = frozenset([*(f.source for f in summary.failures), *plan.known_failures])
    summary.counts["withdrawn"] = mark_withdrawn(
        db,
        {shown(p) for p in files},
        [p for p in paths if p.is_dir()],
        frozenset(f.source for f in refused),
        failed,
    )
    known = stored_failures(db, plan.known_failures) + refused
    summary.failures.extend(known)
    summary.counts["failed"] += len(known)
    clock.lap("check files")
    if plan.todo or summary.counts["withdrawn"]:
        record_run(db, summary, engine.name)
    if store.is_pending(db) or not db_path.exists():  # pending survives a run killed before publishing
        store.rebuild_plans(db)
        clock.lap("plans")
        prepare(db, rules)
        store.set_meta(db, rules_version=rules.version, built_at=store.now())
        clock.lap("site tables")
        store.publish(db, db_path)
        with db.conn:
            db.execute("DELETE FROM meta WHERE key = 'publish_pending'")
        clock.lap("publish")
        summary.published = True
    summary.writes = db.conn.total_changes
    store.close(db)
    clock.lap("close")
    return summary


def record_run(db: Database, summary: Summary, engine: str) -> None:
    """One row of ingest_runs (shown in Datasette): what the run did, and its scanned pages OCR'd or
    read from the OCR cache (a re-ingest after a rule change should OCR none)."""
    row: dict[str, Any] = {
        key: summary.counts[key] for key in ("new", "updated", "unchanged", "withdrawn", "failed")
    }
    row.update(
        at=store.now(),
        engine=engine,
        pages_ocr=summary.ocr.ocr,
        pages_ocr_cached=summary.ocr.cached,
        seconds=round(sum(summary.stages.values()), 3),
    )
    with db.conn:
        db.table("ingest_runs").insert(row, alter=True)
        store.mark_pending(db)


def _rate_column():  # type: ignore[no-untyped-def]
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task):  # type: ignore[no-untyped-def]
            return Text(f"{task.speed or 0:.1f} docs/s")

    return Rate


def RateColumn():  # type: ignore[no-untyped-def]  # noqa: N802 - reads like the rich columns beside it
    return _rate_column()()


def with_progress(results, total: int, show: bool):  # type: ignore[no-untyped-def]
    """A progress bar with count and rate on stderr, when stderr is a terminal (or asked for)."""
    if not show or total == 0:
        yield from results
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeRemainingColumn())

    with Progress(*columns, console=Console(stderr=True), transient=not sys.stderr.isatty()) as bar:
        task = bar.add_task("ingest", total=total)
        for result in results:
            yield result
            bar.advance(task)
