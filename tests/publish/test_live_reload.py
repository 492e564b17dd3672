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
        answers: list[int | str] = []
        stop = threading.Event()

        def reader() -> None:  # a researcher searching all the while
            while not stop.is_set():
                try:
                    answers.append(found(base, "tre em"))
                except OSError as exc:
                    answers.append(repr(exc))

        thread = threading.Thread(target=reader)
        thread.start()
        try:
            copy_seed((LATER,), corpus)
            ingest(corpus, db)
            time.sleep(0.5)
        finally:
            stop.set()
            thread.join(timeout=30)
        after = found(base, "tre em")
        assert after == before + 1  # the new plan is about children too
        assert found(base, LATER_SYMBOL) >= 1  # no restart
        assert answers and set(answers) <= {before, after}, set(answers)  # never an error or a half state
        assert after in answers or len(answers) < 3
        with urllib.request.urlopen(f"{base}/-/search?q=377%2FKH-UBND", timeout=30) as response:
            assert 'href="/-/plan/' in response.read().decode("utf-8")
