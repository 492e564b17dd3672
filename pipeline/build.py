"""`kehoach ingest`: the corpus into the database, incrementally, with progress and a summary.

Unchanged files (same sha256, same source, same rules version) are skipped; changed files replace their
old extraction; files gone from the corpus are marked withdrawn; bad files are recorded in ingest_errors.
Workers extract in parallel; this process is the single writer.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import store
from pipeline.extract.rules import PATTERNS_DIR, RuleSet, load_rules
from pipeline.extract.vocab import province_entry
from pipeline.ingest import iter_documents
from pipeline.parallel import run_many
from pipeline.records import Failure


@dataclass
class Summary:
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)

    def line(self) -> str:
        keys = ("new", "updated", "unchanged", "withdrawn", "failed")
        return ", ".join(f"{self.counts[k]} {k}" for k in keys)


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def province_now(name: str | None, rules: RuleSet) -> str | None:
    """The province a name belongs to today (the 34 units from 1 July 2025)."""
    if not name:
        return None
    entry = province_entry(name, rules)
    while entry and entry.get("successor"):
        entry = province_entry(entry["successor"], rules)
    return str(entry["name"]) if entry else name


def plan_work(db: store.Database, files: list[Path], version: str, force: bool) -> tuple[list[Path], Counter[str]]:
    """Which files need extraction; counts the unchanged ones."""
    todo: list[Path] = []
    counts: Counter[str] = Counter()
    for path in files:
        digest = file_hash(path)
        if not force and digest and store.is_current(db, digest, str(path), version):
            counts["unchanged"] += 1
        else:
            todo.append(path)
    return todo, counts


def mark_withdrawn(db: store.Database, present: set[str], roots: list[Path]) -> int:
    """Documents under the ingested folders whose file is gone: kept, flagged withdrawn."""
    gone = 0
    prefixes = tuple(str(r) for r in roots)
    with db.conn:
        for doc_id, source, withdrawn in db.execute("SELECT id, source, withdrawn FROM documents").fetchall():
            missing = source.startswith(prefixes) and source not in present
            if missing and not withdrawn:
                db.execute("UPDATE documents SET withdrawn = 1 WHERE id = ?", [doc_id])
                gone += 1
            elif not missing and withdrawn and source in present:
                db.execute("UPDATE documents SET withdrawn = 0 WHERE id = ?", [doc_id])
    return gone


def build(paths: list[Path], db_path: Path, workers: int = 1, patterns: Path | None = None,
          force: bool = False, progress: bool = True) -> Summary:
    rules = load_rules(patterns or PATTERNS_DIR)
    db = store.connect(db_path)
    store.ensure_schema(db)
    files = iter_documents(paths)
    todo, counts = plan_work(db, files, rules.version, force)
    summary = Summary(counts)
    known = {row[0] for row in db.execute("SELECT source FROM documents")}
    for result in with_progress(run_many(todo, workers, patterns) if todo else iter(()), len(todo), progress):
        if isinstance(result, Failure):
            summary.failures.append(result)
            summary.counts["failed"] += 1
        else:
            summary.counts["updated" if result.document.source.path in known else "new"] += 1
        store.save(db, result, rules.version,
                   None if isinstance(result, Failure) else province_now(result.province, rules))
    summary.counts["withdrawn"] = mark_withdrawn(db, {str(p) for p in files}, [p for p in paths if p.is_dir()])
    store.rebuild_plans(db)
    store.set_meta(db, rules_version=rules.version, built_at=store.now())
    store.close(db)
    return summary


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
