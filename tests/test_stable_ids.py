"""Item ids survive re-extraction (issue 17): a link to a task or a target keeps working after a rule change
that leaves the item where it was."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from kehoach.ingest_corpus import ingest_corpus
from tests.conftest import SEED

ROOT = Path(__file__).resolve().parents[1]


def item_ids(db: Path) -> dict[str, set[tuple[int, int, str]]]:
    conn = sqlite3.connect(db)
    try:
        return {
            table: set(conn.execute(f"select id, start, text from [{table}]").fetchall())
            for table in ("references", "dates", "tasks", "targets")
        }
    finally:
        conn.close()


def test_item_ids_survive_a_rule_change(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns"
    shutil.copytree(ROOT / "patterns", patterns)
    db = tmp_path / "kehoach.db"
    ingest_corpus([SEED], db, workers=1, patterns=patterns, progress=False)
    before = item_ids(db)
    assert before["tasks"] and before["targets"]  # the seed bulletins have both

    dates = patterns / "dates.yml"  # a rule change that moves no item: a reworded description
    dates.write_text(dates.read_text(encoding="utf-8").replace("Ngày viết bằng số", "Ngày ghi bằng số"))
    summary = ingest_corpus([SEED], db, workers=1, patterns=patterns, progress=False)
    assert summary.counts["updated"] == len(list(SEED.glob("*.txt")))  # every document was re-extracted
    assert item_ids(db) == before


def test_ids_differ_between_documents_and_places(tmp_path: Path) -> None:
    db = tmp_path / "kehoach.db"
    ingest_corpus([SEED], db, workers=1, progress=False)
    conn = sqlite3.connect(db)
    try:
        ids = [row[0] for row in conn.execute("select id from targets union all select id from tasks")]
    finally:
        conn.close()
    assert len(ids) == len(set(ids)) and all(i > 0 for i in ids)
