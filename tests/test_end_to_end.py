"""The whole pipeline on the real corpus: files -> SQLite -> Datasette, and the seed bulletins' facts."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SEED, corpus_dirs

HUE = str(SEED / "001_ae63fcba8f4942ae.txt")


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_every_corpus_document_is_in_the_database(built_db: Path) -> None:
    from kehoach.ingest import iter_documents

    # a file with the same bytes as another (corpus/gold/6NN.pdf links to corpus/pdf/) is stored once
    files = {str(p) for p in iter_documents(corpus_dirs())}
    recorded = dict(rows(built_db, "select path, status from ingest_files"))
    assert set(recorded) == files
    errors = rows(built_db, "select source, message from ingest_errors")
    assert set(recorded.values()) <= {"ok", "duplicate"}, errors
    stored = {r[0] for r in rows(built_db, "select id from documents")}
    hashes = {r[0] for r in rows(built_db, "select sha256 from ingest_files")}
    assert hashes == stored


def test_hue_bulletin_subject_is_113_kh_ubnd(built_db: Path) -> None:
    # Issue 2: the 2023 Thừa Thiên Huế bulletin -> subject 113/KH-UBND issued 2023-03-23
    # by the provincial people's committee
    (row,) = rows(
        built_db,
        "select subject_symbol, subject_issued, subject_issuer, province from documents where source like ?",
        ("%001_ae63fcba8f4942ae.txt",),
    )
    assert row == ("113/KH-UBND", "2023-03-23", "Ủy ban nhân dân tỉnh Thừa Thiên Huế", "Thừa Thiên Huế")


def test_hue_bulletin_cites_six_documents(built_db: Path) -> None:
    symbols = [
        r[0]
        for r in rows(
            built_db,
            "select symbol from [references] r join documents d on d.id = "
            "r.document_id where d.source like ? order by r.start",
            ("%001_ae63fcba8f4942ae.txt",),
        )
    ]
    assert symbols == [
        "113/KH-UBND",
        "208/KH-UBND",
        "07/2021/NQ-HĐND",
        "121/2020/QH14",
        "23/CT-TTg",
        "23/QĐ-TTg",
    ]


def test_hue_bulletin_has_nine_targets_including_the_neonatal_mortality_ceiling(built_db: Path) -> None:
    targets = rows(
        built_db,
        "select value, unit, comparator from targets t join documents d on d.id = "
        "t.document_id where d.source like ? order by t.value_start",
        ("%001_ae63fcba8f4942ae.txt",),
    )
    assert len(targets) == 9
    assert targets[0] == (9.5, "‰", "<")


def test_every_item_points_at_its_own_text(built_db: Path) -> None:
    # STYLE habit 3: start/end are offsets into the document's text (document_texts.text)
    for table in ("references", "dates", "bodies", "tasks", "targets"):
        bad = rows(
            built_db,
            f"select t.id from [{table}] t join document_texts d on d.document_id = t.document_id "
            "where substr(d.text, t.start + 1, t.end - t.start) != t.text",
        )
        assert bad == [], table


def test_plans_link_the_documents_about_them_and_those_citing_them(built_db: Path) -> None:
    # 113/KH-UBND of Thừa Thiên Huế (Lào Cai has a plan 113/KH-UBND too: another plan, same symbol)
    (plan,) = rows(
        built_db,
        "select id, documents, cited_by, issuer from plans where symbol = '113/KH-UBND' "
        "and issuer like '%Thừa Thiên Huế'",
    )
    assert plan[1] >= 1 and plan[3] == "Ủy ban nhân dân tỉnh Thừa Thiên Huế"
    cited = rows(
        built_db,
        "select p.symbol from plan_citations c join plans p on p.id = c.cites_plan_id "
        "where c.plan_id = ? order by p.symbol",
        (plan[0],),
    )
    assert ("23/QĐ-TTg",) in cited and ("121/2020/QH14",) in cited


def test_foreign_keys_are_declared(built_db: Path) -> None:
    for table in ("references", "dates", "bodies", "tasks", "targets", "plan_documents", "document_texts"):
        fks = rows(built_db, f"pragma foreign_key_list([{table}])")
        assert any(fk[2] == "documents" for fk in fks), table


def test_full_text_search_finds_words_typed_without_diacritics(built_db: Path) -> None:
    hits = rows(
        built_db,
        "select d.source from document_texts_fts f join documents d on d.rowid = f.rowid "
        "where document_texts_fts match 'tre em AND thua thien hue'",
    )
    assert any(h[0].endswith("001_ae63fcba8f4942ae.txt") for h in hits)


def test_each_text_is_stored_once_under_its_documents_rowid(built_db: Path) -> None:
    # document_texts_fts indexes document_texts, and Datasette's search on documents reads its rowids as the
    # documents': the two tables must agree row for row
    (documents,) = rows(built_db, "select count(*) from documents")
    (paired,) = rows(
        built_db,
        "select count(*) from documents d join document_texts t on t.rowid = d.rowid "
        "and t.document_id = d.id",
    )
    assert documents[0] > 0 and paired[0] == documents[0]
    assert "text" not in {c[1] for c in rows(built_db, "pragma table_info(documents)")}


def test_second_ingest_changes_nothing(built_db: Path, tmp_path: Path) -> None:
    from kehoach.ingest_corpus import ingest_corpus

    summary = ingest_corpus(corpus_dirs(), built_db, workers=1, progress=False)
    assert summary.counts["unchanged"] > 0
    assert summary.counts["new"] == summary.counts["updated"] == summary.counts["failed"] == 0


@pytest.mark.slow
def test_datasette_serves_a_table_page_and_its_json(datasette_url: str) -> None:
    with urllib.request.urlopen(datasette_url + "/kehoach/documents") as response:
        page = response.read().decode()
    assert "Văn bản / Documents" in page
    query = "/kehoach/documents.json?_shape=array&subject_symbol=113/KH-UBND"
    with urllib.request.urlopen(datasette_url + query) as response:
        data = json.loads(response.read())
    assert data and data[0]["province"] == "Thừa Thiên Huế"


def test_documents_facets_are_counted_from_an_index(built_db: Path) -> None:
    # the documents page counts by each faceted column on every view (a table scan: ~90 ms at 100k)
    import yaml

    from kehoach.publish import METADATA

    tables = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["kehoach"]["tables"]
    # every plain column facet ({array: topics} is a JSON pass over the rows, which no index serves)
    columns = [f for f in tables["documents"]["facets"] if isinstance(f, str)]
    assert {"province_now", "year", "subject_doc_type", "subject_issuer", "kind", "format"} <= set(columns)
    for column in columns:
        plan = " ".join(
            row[3]
            for row in rows(
                built_db, f"explain query plan select {column}, count(*) from documents group by {column}"
            )
        )
        assert "COVERING INDEX" in plan, (column, plan)
