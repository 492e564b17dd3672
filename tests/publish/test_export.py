"""`kehoach export`: every table and view as open files other tools read with the same rows (issue 17)."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

duckdb = pytest.importorskip("duckdb")
pd = pytest.importorskip("pandas")


def sqlite_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")]
        return {n: conn.execute(f"select count(*) from [{n}]").fetchone()[0] for n in names}
    finally:
        conn.close()


def run_export(db: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kehoach", "export", str(out), "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=True,
    )


@pytest.fixture(scope="module")
def parquet_dir(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    run_export(built_db, out, "--format", "parquet")
    return out


def test_parquet_opens_in_duckdb_with_the_sqlite_row_counts(built_db: Path, parquet_dir: Path) -> None:
    counts = sqlite_counts(built_db)
    files = sorted(parquet_dir.glob("*.parquet"))
    assert {"documents", "references", "tasks", "targets", "plans"} <= {f.stem for f in files}
    for f in files:
        got = duckdb.sql(f"select count(*) from read_parquet('{f}')").fetchall()[0][0]
        assert got == counts[f.stem], f.stem
    assert counts["documents"] > 100  # the corpus, not an empty database


def test_parquet_keeps_vietnamese_text_and_numbers(parquet_dir: Path) -> None:
    targets = pd.read_parquet(parquet_dir / "targets.parquet")
    assert targets["value"].dtype.kind == "f"
    assert (targets["unit"].isin(["%", "‰"])).all()
    docs = pd.read_parquet(parquet_dir / "documents.parquet")
    assert docs["province"].dropna().str.contains("Thừa Thiên Huế|Lâm Đồng|Nghệ An").any()


def test_datapackage_describes_every_file_from_the_datasette_metadata(parquet_dir: Path) -> None:
    package = json.loads((parquet_dir / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    assert paths == {f.name for f in parquet_dir.glob("*.parquet")}
    documents = next(r for r in package["resources"] if r["path"] == "documents.parquet")
    assert documents["title"] == "Văn bản / Documents"  # publish/metadata.yml, as Datasette shows it
    fields = {f["name"]: f for f in documents["schema"]["fields"]}
    assert "sha256" in fields["id"]["description"]
    assert package["kehoach"]["rules_version"]
    assert package["created"][:4].isdigit()


def test_csv_with_byte_order_mark_reads_back_in_pandas(built_db: Path, tmp_path: Path) -> None:
    run_export(built_db, tmp_path, "--format", "csv", "--bom")
    raw = (tmp_path / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(tmp_path / "documents.csv", encoding="utf-8-sig")
    assert len(frame) == sqlite_counts(built_db)["documents"]
    with (tmp_path / "references.csv").open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    assert "symbol" in header


def test_jsonl_has_one_object_per_row(built_db: Path, tmp_path: Path) -> None:
    run_export(built_db, tmp_path, "--format", "jsonl")
    frame = pd.read_json(tmp_path / "tasks.jsonl", lines=True)
    assert len(frame) == sqlite_counts(built_db)["tasks"]


def test_refs_view_reads_citations_without_quoting(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    try:
        assert (
            conn.execute("select count(*) from refs").fetchone()[0] == sqlite_counts(built_db)["references"]
        )
    finally:
        conn.close()


def test_bom_without_csv_is_refused(built_db: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kehoach", "export", str(tmp_path), "--db", str(built_db), "--bom"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "--bom applies to --format csv only" in result.stderr
