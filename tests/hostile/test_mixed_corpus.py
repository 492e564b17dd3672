"""Issue 22, "done when": a 2,000-file corpus with 40 hostile files mixed in ingests with every good file
stored, every hostile file listed with its reason, and the whole process tree under 1.5 GB. A benchmark
(`make bench`, or `pytest -m bench tests/hostile/test_mixed_corpus.py -s`): it reads 2,000 documents."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from kehoach.filenames import shown
from tests.hostile import generators as make
from tests.ingest_helpers import copy_text_corpus, documents_in, grow_corpus

GOOD = 2_000
# Each generator's file is hostile; the others it makes (a bulletin beside a bad sidecar) are not read.
HOSTILE = [
    make.sidecar_fifo, make.sidecar_dev_zero, make.sidecar_alias_bomb, make.sidecar_huge,
    make.symlink_outside, make.symlink_loop, make.fifo_document, make.broken_symlink,
    make.docx_of_empty_paragraphs, make.pdf_huge_mediabox, make.pdf_blank_pages, make.nested_divs,
    make.truncated_pdf, make.random_html, make.dense_symbols,
]  # fmt: skip
BUDGET = 5.0  # seconds per document (KEHOACH_DOCUMENT_BUDGET), so the nested <div>s cost 5 s, not 60
MAX_MEMORY = 1.5 * 2**30


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


@pytest.mark.bench
def test_hostile_files_in_a_large_corpus_cost_only_themselves(tmp_path: Path) -> None:
    root = copy_text_corpus(tmp_path)
    grow_corpus(root, GOOD // len(documents_in(root)))
    good = {shown(p) for p in documents_in(root)}
    hostile = []
    for n in range(40):
        folder = root / "hostile" / f"{n:02d}"
        folder.mkdir(parents=True)
        attack = HOSTILE[n % len(HOSTILE)]
        made = attack(folder, tmp_path / "outside") if attack is make.symlink_outside else attack(folder)
        hostile.append(shown(made))
    good -= set(hostile)
    db = tmp_path / "kehoach.db"
    kehoach = Path(sys.executable).with_name("kehoach")
    env = {**os.environ, "KEHOACH_DOCUMENT_BUDGET": str(BUDGET)}
    started = time.monotonic()
    proc = subprocess.Popen(
        [kehoach, "ingest", root, "--db", db, "--workers", "2", "--no-progress"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    peak, watched = 0, psutil.Process(proc.pid)
    while proc.poll() is None:
        peak = max(peak, tree_rss(watched))
        time.sleep(0.2)
    took = time.monotonic() - started
    stderr = proc.stderr.read() if proc.stderr else ""
    print(f"\n{len(good)} good + {len(hostile)} hostile files: {took:.0f} s, peak {peak / 2**20:.0f} MB")
    print(stderr.splitlines()[0])
    with sqlite3.connect(db) as conn:
        stored = {s for (s,) in conn.execute("select source from documents where withdrawn = 0")}
        errors = dict(conn.execute("select source, message from ingest_errors"))
        # a good file holding the same bytes as another (gold 2480 = 1609, REVIEW.md T18) is kept once
        copies = {s for (s,) in conn.execute("select path from ingest_files where status = 'duplicate'")}
    assert proc.returncode == 1
    assert good - copies <= stored, sorted(good - copies - stored)[:5]
    assert copies <= good
    assert not set(hostile) & stored
    assert set(hostile) <= set(errors), sorted(set(hostile) - set(errors))
    assert all(errors[h] for h in hostile)
    assert peak < MAX_MEMORY
