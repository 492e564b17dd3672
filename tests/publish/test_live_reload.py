"""Issue 23 item 8: after `kehoach ingest` publishes, a running `kehoach serve` shows the new documents
without a restart, and a reader searching meanwhile gets whole answers, from the old database or the new."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SEED, running_datasette

# corpus/seed: three plans served first; 377/KH-UBND arrives with the second ingest
FIRST = ("000_cbc46ef4ee07d038.txt", "001_ae63fcba8f4942ae.txt", "002_4004bf7ad8d421f5.txt")
LATER = "003_06324679e74b4cc0.txt"
LATER_SYMBOL = "377/KH-UBND"
READER_DEADLINE = 60.0  # seconds for the reader's search in flight to end (a loaded 2-core machine)


def found(base: str, q: str) -> int:
    url = f"{base}/-/search.json?" + urllib.parse.urlencode({"q": q})
    with urllib.request.urlopen(url, timeout=30) as response:
        return int(json.loads(response.read())["count"])


def ingest(corpus: Path, db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kehoach", "ingest", str(corpus), "--db", str(db), "--workers", "1"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def copy_seed(names: tuple[str, ...], corpus: Path) -> None:
    corpus.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(SEED / name, corpus / name)


@pytest.mark.slow
def test_a_running_site_serves_what_ingest_publishes(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "kehoach.db"
    copy_seed(FIRST, corpus)
    ingest(corpus, db)
    with running_datasette(db) as base:
        before = found(base, "tre em")
        assert found(base, LATER_SYMBOL) == 0 and before > 0
        answers: list[tuple[float, int | str]] = []  # (when the search was sent, its answer)
        stop = threading.Event()

        def reader() -> None:  # a researcher searching all the while
            while not stop.is_set():
                sent = time.monotonic()
                try:
                    answers.append((sent, found(base, "tre em")))
                except OSError as exc:
                    answers.append((sent, repr(exc)))

        thread = threading.Thread(target=reader)
        thread.start()
        try:
            copy_seed((LATER,), corpus)
            ingest(corpus, db)
            published = time.monotonic()
            # until the reader has an answer to a search sent after the publish (a search takes well over a
            # second on a loaded machine: a fixed pause could end with none)
            deadline = published + READER_DEADLINE
            while not any(sent > published for sent, _ in answers) and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stop.set()
            thread.join(timeout=READER_DEADLINE)
        after = found(base, "tre em")
        assert after == before + 1  # the new plan is about children too
        assert found(base, LATER_SYMBOL) >= 1  # no restart
        seen = {answer for _, answer in answers}
        assert answers and seen <= {before, after}, seen  # never an error or a half state
        later = {answer for sent, answer in answers if sent > published}
        assert later == {after}, later  # every search sent after the publish finds the new plan
        with urllib.request.urlopen(f"{base}/-/search?q=377%2FKH-UBND", timeout=30) as response:
            assert 'href="/-/plan/' in response.read().decode("utf-8")
