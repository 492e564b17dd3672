"""Issue 6: `make ingest` is incremental and idempotent, keyed by content and rules version (habit 9)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from kehoach.ingest_corpus import ingest_corpus
from kehoach.store import working_path
from tests.ingest_helpers import copy_text_corpus, count, documents_in, dump

NEW_REFERENCE = "\nNgày 01/02/2024, UBND tỉnh ban hành Kế hoạch số 999/KH-UBND về trẻ em.\n"


# The seed bulletins (which the tests change, copy, remove) and the first gold texts: an incremental run's
# bookkeeping is per file, so a few dozen documents in several chunks show it as the whole text corpus would.
GOLD_TEXTS = 30


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus and the database of its first run, made once for the module (a run forks a pool of
    workers: ~1 s a test) and kept in `pristine/`; `work/` is where each test gets them back."""
    root = tmp_path_factory.mktemp("incremental")
    corpus = copy_text_corpus(root / "work", gold=GOLD_TEXTS)
    ingest_corpus([corpus], root / "work" / "kehoach.db", workers=2, progress=False)
    shutil.copytree(root / "work", root / "pristine", symlinks=True)
    return root


@pytest.fixture
def corpus(first_run: Path) -> Path:
    """The corpus as the first run left it, at the place it was read from (the database keys files by
    path, size and mtime: copy2 keeps the mtimes, so the restored files are the ones the run read)."""
    work = first_run / "work"
    shutil.rmtree(work)
    shutil.copytree(first_run / "pristine", work, symlinks=True)
    return work / "corpus"


@pytest.fixture
def db(corpus: Path) -> Path:
    """The database of the corpus's first run (restored with it)."""
    return corpus.parent / "kehoach.db"


def test_first_run_stores_every_text_document(corpus: Path, db: Path) -> None:
    assert count(db, "select count(*) from documents") == len(documents_in(corpus))


def test_second_run_changes_nothing_and_writes_nothing(corpus: Path, db: Path) -> None:
    before = db.stat()
    summary = ingest_corpus([corpus], db, workers=2, progress=False)
    assert summary.writes == 0 and not summary.published
    assert summary.counts["unchanged"] == len(documents_in(corpus))
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_changed_file_replaces_its_old_extraction(corpus: Path, db: Path) -> None:
    hue = corpus / "seed" / "001_ae63fcba8f4942ae.txt"
    with hue.open("a", encoding="utf-8") as handle:
        handle.write(NEW_REFERENCE)
    summary = ingest_corpus([corpus], db, progress=False)
    assert (summary.counts["updated"], summary.counts["new"]) == (1, 0)
    assert count(db, "select count(*) from documents where source = ?", (str(hue),)) == 1
    assert (
        count(
            db,
            "select count(*) from [references] r join documents d on d.id = r.document_id "
            "where d.source = ? and r.symbol = '999/KH-UBND'",
            (str(hue),),
        )
        == 1
    )
    for table in ("references", "dates", "bodies", "tasks", "targets"):
        orphans = f"select count(*) from [{table}] where document_id not in (select id from documents)"
        assert count(db, orphans) == 0, table


def test_touched_but_unchanged_file_is_not_extracted_again(corpus: Path, db: Path) -> None:
    os.utime(corpus / "seed" / "002_4004bf7ad8d421f5.txt")
    summary = ingest_corpus([corpus], db, progress=False)
    assert summary.counts["new"] + summary.counts["updated"] == 0 and not summary.published
    assert ingest_corpus([corpus], db, progress=False).writes == 0  # the new mtime was remembered


@pytest.mark.slow
def test_changed_patterns_reextract_everything_without_duplicating_a_row(
    tmp_path: Path, corpus: Path, db: Path
) -> None:
    patterns = tmp_path / "patterns"
    shutil.copytree(Path(__file__).resolve().parents[2] / "patterns", patterns)
    with (patterns / "dates.yml").open("a", encoding="utf-8") as handle:
        handle.write("\n# a comment is enough to change the rules version\n")
    before = dump(db)
    summary = ingest_corpus([corpus], db, patterns=patterns, progress=False)
    assert summary.counts["updated"] == len(documents_in(corpus))
    after = dump(db)
    assert {t: len(rows) for t, rows in after.items()} == {t: len(rows) for t, rows in before.items()}
    assert after["references"] == before["references"]


def test_removed_file_is_marked_withdrawn_not_deleted(corpus: Path, db: Path) -> None:
    hue = corpus / "seed" / "001_ae63fcba8f4942ae.txt"
    text = hue.read_bytes()
    hue.unlink()
    assert ingest_corpus([corpus], db, progress=False).counts["withdrawn"] == 1
    assert count(db, "select withdrawn from documents where source = ?", (str(hue),)) == 1
    assert (
        count(
            db,
            "select count(*) from targets t join documents d on d.id = t.document_id where d.source = ?",
            (str(hue),),
        )
        == 9
    )  # its extraction is kept
    hue.write_bytes(text)
    ingest_corpus([corpus], db, progress=False)
    assert count(db, "select withdrawn from documents where source = ?", (str(hue),)) == 0


def test_a_copy_of_a_file_is_stored_once(corpus: Path, db: Path) -> None:
    shutil.copy(corpus / "seed" / "003_06324679e74b4cc0.txt", corpus / "seed" / "003-copy.txt")
    summary = ingest_corpus([corpus], db, progress=False)
    assert summary.counts["duplicate"] == 1 and summary.counts["new"] == 0
    assert ingest_corpus([corpus], db, progress=False).writes == 0


def test_sidecar_metadata_flows_into_documents(corpus: Path, db: Path) -> None:
    bulletin = corpus / "seed" / "004_575b92a8d64bf6a7.txt"
    Path(f"{bulletin}.meta.yml").write_text(
        "url: https://kinhtedothi.vn/example\npublisher: Báo Kinh tế & Đô thị\nretrieved: 2024-05-01\n",
        encoding="utf-8",
    )
    assert ingest_corpus([corpus], db, progress=False).counts["updated"] == 1  # only the sidecar changed
    conn_row = dump(db)["documents"]
    (row,) = [r for r in conn_row if str(bulletin) in r]
    assert {"https://kinhtedothi.vn/example", "Báo Kinh tế & Đô thị", "2024-05-01"} <= set(row)


def test_seed_sidecars_give_the_portal(tmp_path: Path) -> None:
    # Issue 2: 001 names thuathienhue.gov.vn in its text; its sidecar records it
    from kehoach.ingest import ingest
    from tests.conftest import SEED

    raw = ingest(SEED / "001_ae63fcba8f4942ae.txt")
    assert raw.source.get("site") == "thuathienhue.gov.vn"
    assert raw.source.get("retrieved") is None  # unknown, and said so in the sidecar


def test_working_database_is_published_as_one_self_contained_file(db: Path) -> None:
    from kehoach.store import working_path

    assert working_path(db).exists()
    assert not Path(f"{db}-wal").exists()
    assert dump(db)["documents"] == dump(working_path(db))["documents"]


@pytest.mark.parametrize("compact_above", [1.0, -1.0], ids=["copied", "compacted"])
def test_published_file_holds_every_row_whether_copied_or_compacted(
    corpus: Path, tmp_path: Path, compact_above: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from kehoach import store
    from kehoach.store import snapshot

    monkeypatch.setattr(snapshot, "COMPACT_ABOVE", compact_above)  # -1: any free page at all means compact
    published = tmp_path / "kehoach.db"
    ingest_corpus([corpus], published, workers=2, progress=False)
    conn = sqlite3.connect(published)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'publish_pending'").fetchone()[0] == 0
    conn.close()
    working = dump(store.working_path(published))
    assert dump(published) == {table: rows for table, rows in working.items() if table != "meta"} | {
        "meta": [row for row in working["meta"] if row[0] != "publish_pending"]
    }


def test_a_run_reports_what_each_stage_cost(corpus: Path, tmp_path: Path) -> None:
    import time

    published = tmp_path / "kehoach.db"
    start = time.perf_counter()
    first = ingest_corpus([corpus], published, workers=2, progress=False)
    wall = time.perf_counter() - start
    stages = ["open", "check files", "extract and store", "plans", "site tables", "publish", "close"]
    assert list(first.stages) == stages
    assert 0 < sum(first.stages.values()) <= wall
    assert first.timing().startswith(f"in {sum(first.stages.values()):.1f} s: ")
    again = ingest_corpus([corpus], published, workers=2, progress=False)
    assert list(again.stages) == ["open", "check files", "extract and store", "close"]  # nothing to publish


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def as_before_document_texts(path: Path) -> None:
    """The layout written before document_texts existed: the text in documents, documents_fts over it."""
    db = Database(path)
    db.execute("DROP TABLE document_texts_fts")
    db.table("documents").add_column("text", str)
    db.table("documents").add_column("text_folded", str)
    with db.conn:
        db.execute(
            "UPDATE documents SET text = t.text, text_folded = t.text_folded FROM document_texts t "
            "WHERE t.document_id = documents.id"
        )
        db.execute("DROP TABLE document_texts")
    db.table("documents").enable_fts(
        ["title", "text", "text_folded"], tokenize="unicode61 remove_diacritics 2", create_triggers=True
    )
    db.conn.close()


def test_a_database_from_before_document_texts_has_its_texts_moved(corpus: Path, db: Path) -> None:
    work = working_path(db)
    texts = dict(rows(work, "select document_id, text from document_texts"))
    as_before_document_texts(work)
    assert "text" in {c[1] for c in rows(work, "pragma table_info(documents)")}

    ingest_corpus([corpus], db, workers=1, progress=False)  # nothing to extract: only the schema changes

    for path in (work, db):
        assert dict(rows(path, "select document_id, text from document_texts")) == texts
        assert "text" not in {c[1] for c in rows(path, "pragma table_info(documents)")}
        found = rows(
            path,
            "select d.source from document_texts_fts f join documents d on d.rowid = f.rowid "
            "where document_texts_fts match 'tre em AND thua thien hue'",
        )
        assert any(source.endswith("001_ae63fcba8f4942ae.txt") for (source,) in found)


def test_a_database_from_before_symbol_folded_has_it_filled_and_published(corpus: Path, db: Path) -> None:
    work = working_path(db)
    folded = rows(work, "select id, symbol_folded from [references] order by id")
    assert folded and all(f for _, f in folded)
    with sqlite3.connect(work) as conn:
        conn.execute("drop index idx_references_symbol_folded")
        conn.execute("alter table [references] drop column symbol_folded")

    ingest_corpus([corpus], db, workers=1, progress=False)  # nothing to extract: only the schema changes

    for path in (work, db):
        assert rows(path, "select id, symbol_folded from [references] order by id") == folded


def test_tasks_are_stored_with_their_tree_and_assignment(tmp_path: Path) -> None:
    # corpus/gold/807.docx: the appendix row I.4 (Sở Tư pháp, phối hợp Sở Khoa học và Công nghệ, năm 2026)
    from kehoach.rules import load_rules
    from kehoach.run import run
    from kehoach.store import connect, ensure_schema, save

    db = connect(tmp_path / "k.db")
    ensure_schema(db)
    save(db, run(Path(__file__).resolve().parents[2] / "corpus" / "gold" / "807.docx", load_rules()), "test")
    row = db.execute(
        "select t.lead, t.partners, t.due_by, t.due_end, t.due_year, p.label from tasks t "
        "join tasks p on p.id = t.parent_id where t.parent = 'I' and t.label = '4'"
    ).fetchone()
    assert row == ("Sở Tư pháp", '["Sở Khoa học và Công nghệ"]', "2026", "2026-12-31", 2026, "I")
    bodies = db.execute(
        "select body, role from task_bodies join tasks on tasks.id = task_id "
        "where tasks.parent = 'I' and tasks.label = '4' order by role"
    ).fetchall()
    assert bodies == [("Sở Tư pháp", "lead"), ("Sở Khoa học và Công nghệ", "partner")]
