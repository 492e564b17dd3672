"""Issue 6: a run killed with SIGKILL resumes to the same database; Datasette answers during an ingest."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from kehoach.ingest_corpus import ingest_corpus
from kehoach.store import working_path
from tests.conftest import running_datasette
from tests.ingest_helpers import copy_text_corpus, count, documents_in, dump, grow_corpus


def ingest_process(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline",
            "ingest",
            str(corpus),
            "--db",
            str(db),
            "--workers",
            "1",
            "--no-progress",
        ],
        stderr=subprocess.PIPE,
    )


def stored_documents(db: Path) -> int:
    try:
        return count(working_path(db), "select count(*) from documents")
    except sqlite3.Error:  # not created yet
        return 0


@pytest.mark.slow
def test_sigkill_halfway_then_resume_gives_the_rows_of_an_uninterrupted_run(tmp_path: Path) -> None:
    corpus = copy_text_corpus(tmp_path, gold=52)
    # ~170 documents, ~2 s of ingest in one worker, committed every 0.5 s: time to kill it at a third
    total = len(documents_in(corpus)) + grow_corpus(corpus, copies=2)
    killed = tmp_path / "killed.db"
    proc = ingest_process(corpus, killed)
    while stored_documents(killed) < total // 3 and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < stored_documents(killed) < total  # really halfway
    resumed = ingest_corpus([corpus], killed, workers=2, progress=False)
    assert resumed.counts["unchanged"] > 0 and resumed.counts["new"] > 0
    clean = tmp_path / "clean.db"
    ingest_corpus([corpus], clean, workers=2, progress=False)
    killed_rows, clean_rows = dump(killed), dump(clean)
    assert killed_rows.keys() == clean_rows.keys()
    for table in clean_rows:
        assert killed_rows[table] == clean_rows[table], table


# Between two queries: ~25 queries for each of the ingest's commits (every 0.5 s), all through it, instead
# of as many as the loop can send (over 1,000 on a loaded machine: ~4 s of the server's CPU answering them).
QUERY_PAUSE = 0.02


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


@pytest.mark.slow
def test_datasette_answers_every_query_while_an_ingest_runs(tmp_path: Path) -> None:
    corpus = copy_text_corpus(tmp_path, gold=40)  # x4 below: ~180 documents, queried all through
    db = tmp_path / "kehoach.db"
    ingest_corpus([corpus], db, workers=2, progress=False)
    first_inode = db.stat().st_ino
    grow_corpus(corpus, copies=3)
    with running_datasette(db) as url:
        base = url + "/kehoach"
        queries = [
            base + "/documents.json?_search=tre+em&_shape=array",
            base + "/targets.json?_shape=array&_size=50",
            base + ".json?sql=select+count(*)+from+documents&_shape=array",
        ]
        writer = threading.Thread(
            target=ingest_corpus, args=([corpus], db), kwargs={"workers": 2, "progress": False}
        )
        writer.start()
        answers = []
        while writer.is_alive() or len(answers) < 30:
            answers.append(get(queries[len(answers) % len(queries)]))
            time.sleep(QUERY_PAUSE)
        writer.join()
        answers += [get(q) for q in queries]  # after the swap, too
    assert {status for status, _ in answers} == {200}
    assert not [body for _, body in answers if "locked" in body]
    assert json.loads(answers[-1][1])[0]["count(*)"] > 0
    assert db.stat().st_ino != first_inode  # published by an atomic swap, not rewritten in place
    assert count(db, "select count(*) from documents") == len(documents_in(corpus))


def test_a_stale_publishing_file_from_a_killed_run_is_replaced(tmp_path: Path) -> None:
    corpus = copy_text_corpus(tmp_path, gold=10)
    db = tmp_path / "kehoach.db"
    (tmp_path / ".kehoach.db.publishing").write_bytes(b"half a database")
    ingest_corpus([corpus], db, workers=2, progress=False)
    assert not (tmp_path / ".kehoach.db.publishing").exists()
    assert count(db, "select count(*) from documents") > 0
    assert os.path.getsize(db) > 0
