"""Issue 22, "done when": with 8 clients sending hostile searches, a normal search still answers under 1 s
at p95 (loopback, 30 s). A benchmark (`make bench`): it builds a 2,000-document site first. Measured
2026-12-05 on 2,070 documents: p95 471-528 ms; the code before: p95 8,049 ms and 500s."""

from __future__ import annotations

import random
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kehoach.ingest_corpus import ingest_corpus
from tests.conftest import running_datasette
from tests.ingest_helpers import copy_text_corpus, documents_in, grow_corpus

CLIENTS = 8
SECONDS = 30
WORDS = "kế hoạch tỉnh năm trẻ em ủy ban nhân dân thực hiện các chương trình phát triển".split()


def hostile_url(base: str, rnd: random.Random) -> str:
    words = " ".join(rnd.choice(WORDS) for _ in range(60))[:200]  # the longest search allowed
    return rnd.choice(
        [
            base + "/-/search?q=" + urllib.parse.quote(words),
            base + "/-/search?q=" + urllib.parse.quote("tre em " * 2_143),
            base + "/kehoach/documents?_search=" + urllib.parse.quote(words),
        ]
    )


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.bench
def test_a_normal_search_answers_while_eight_clients_attack(tmp_path: Path) -> None:
    root = copy_text_corpus(tmp_path)
    grow_corpus(root, 2_000 // len(documents_in(root)))
    db = tmp_path / "kehoach.db"
    ingest_corpus([root], db, workers=2, progress=False)
    statuses: list[int] = []
    with running_datasette(db) as base:
        stop = time.monotonic() + SECONDS

        def attack(seed: int) -> None:
            rnd = random.Random(seed)
            while time.monotonic() < stop:
                statuses.append(fetch(hostile_url(base, rnd)))

        clients = [threading.Thread(target=attack, args=(i,)) for i in range(CLIENTS)]
        for client in clients:
            client.start()
        took = []
        while time.monotonic() < stop:
            started = time.monotonic()
            assert fetch(base + "/-/search?q=dinh+duong") == 200
            took.append(time.monotonic() - started)
            time.sleep(0.2)
        for client in clients:
            client.join()
    took.sort()
    p95 = took[int(0.95 * len(took)) - 1]
    print(f"\n{len(took)} normal searches: p95 {p95 * 1000:.0f} ms; hostile answers {sorted(set(statuses))}")
    assert p95 < 1.0 and 500 not in statuses
