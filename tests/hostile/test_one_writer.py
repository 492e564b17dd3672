"""Issue 22, item 3: one writer per database. A second ingest on a database another ingest is writing
stops at once with a clear message and touches nothing (both used to do all the work and crash each other
with "database is locked"); the lock goes with its holder, however that ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kehoach.cli import cli
from tests.hostile.generators import BULLETIN

HOLD = "import sys, time; from pathlib import Path; from kehoach.ingest_corpus import writer_lock\n" + (
    "with writer_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(600)"
)


def holder(db: Path) -> subprocess.Popen[str]:
    """Another process holding the writer lock, as a running ingest does."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "locked\n"
    return proc


def corpus_of_one(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(BULLETIN.read_bytes())
    return corpus


def ingest(corpus: Path, db: Path):  # type: ignore[no-untyped-def]
    args = ["ingest", str(corpus), "--db", str(db), "--workers", "1", "--no-progress"]
    return CliRunner().invoke(cli, args)


def test_a_second_ingest_stops_with_a_message_and_writes_nothing(tmp_path: Path) -> None:
    corpus, db = corpus_of_one(tmp_path), tmp_path / "data" / "kehoach.db"
    proc = holder(db)
    try:
        result = ingest(corpus, db)
    finally:
        proc.kill()
        proc.wait()
    assert result.exit_code == 1
    assert f"another kehoach ingest (pid {proc.pid}) is writing {db}" in result.output
    assert not db.exists() and not (db.parent / "kehoach.work.db").exists()


def test_the_lock_goes_with_a_killed_holder(tmp_path: Path) -> None:
    corpus, db = corpus_of_one(tmp_path), tmp_path / "data" / "kehoach.db"
    proc = holder(db)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    result = ingest(corpus, db)
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
