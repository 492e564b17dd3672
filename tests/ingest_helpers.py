"""Helpers shared by the ingest tests: a writable copy of the real corpus and row-by-row database dumps."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from kehoach.ingest import SIDECAR_SUFFIX
from tests.conftest import CORPUS

BAD = Path(__file__).resolve().parent / "bad"
# Columns that record when, not what: they differ between two runs that store the same thing.
VOLATILE = {"ingested_at", "at", "built_at"}
ITEM_TABLES = {"references", "dates", "bodies", "tasks", "targets"}
ROWID_TABLES = ITEM_TABLES | {"target_facts"}  # ids follow the order results arrived in (engines differ)
SKIP_TABLES = ("document_texts_fts", "sqlite_", "ingest_runs")  # ingest_runs: one row per run, timed


def copy_text_corpus(dest: Path, with_bad: bool = False, gold: int | None = None) -> Path:
    """The .txt documents of corpus/seed and corpus/gold and their sidecars (no PDFs: fast), optionally
    tests/bad beside them; `gold`: only the first that many gold texts (a smaller corpus of the same kind of
    document). Only what is taken is copied (copy2: with its mtime): the gold folder grows every session."""
    root = dest / "corpus"
    for folder, first in (("seed", None), ("gold", gold)):
        (root / folder).mkdir(parents=True)
        for text in sorted((CORPUS / folder).glob("*.txt"))[:first]:
            for path in (text, text.with_name(text.name + SIDECAR_SUFFIX)):
                if path.exists():
                    shutil.copy2(path, root / folder / path.name)
    if with_bad:
        shutil.copytree(BAD, root / "bad")
    return root


# One document of every kind the readers tell apart, with their sidecars: bulletins, a gold text, a web page,
# Word files, PDFs with a text layer (a table, a legacy TCVN3 font), a scan (the top of the first page of
# gold/801.pdf, SCAN_PAGE: OCR is ~3 s of CPU a whole page) and the bad files of tests/bad (failures). Two
# ways of ingesting that store the same rows for each of these store the same rows for the corpus: the rows
# of one document depend on nothing but the document and the rules.
SAMPLE = (
    "seed/000_cbc46ef4ee07d038.txt",
    "seed/001_ae63fcba8f4942ae.txt",
    "gold/100.txt",
    "gold/1107.html",
    "gold/805.docx",
    "plans/kh-ubnd-lamdong-cchc-2026-du-thao.docx",
    "gold/1003.pdf",
    "pdf/tong-hop-y-kien-kh-cchc-2026-table.pdf",
    "pdf/legacy-tcvn3-made-from-seed-000.pdf",
)
SCAN = CORPUS / "gold" / "801.pdf"  # the corpus's shortest scan: three pages without a text layer
SCAN_PAGE = "gold/801-page-1.pdf"  # the top of its first page on its own, under copy_sample_corpus's root
SAMPLE_SCANNED_PAGES = 1
SCAN_TOP = 0.3  # of the page's height: the header, the number, the title and the first paragraph


def first_page_of_scan(dest: Path) -> Path:
    """The top of SCAN's first page (SCAN_TOP) as a PDF of its own at `dest`: a real scanned page, OCR'd as
    the whole scan's pages are, for a third of a whole page's CPU (1.3 s against 3.8 s with the readers'
    tools): the tests that prove a page is OCR'd once need one scanned page, not three, nor a whole one."""
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    document.import_pages(pypdfium2.PdfDocument(SCAN), [0])
    left, bottom, right, top = document[0].get_mediabox()
    document[0].set_mediabox(left, top - (top - bottom) * SCAN_TOP, right, top)
    dest.parent.mkdir(parents=True, exist_ok=True)
    document.save(dest)
    return dest


def copy_sample_corpus(dest: Path) -> Path:
    """SAMPLE (and each document's .meta.yml) and the scan's first page (SCAN_PAGE) under dest/corpus,
    tests/bad beside them."""
    root = dest / "corpus"
    for name in SAMPLE:
        for path in (CORPUS / name, CORPUS / (name + ".meta.yml")):
            if path.exists():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, root / path.relative_to(CORPUS))
    first_page_of_scan(root / SCAN_PAGE)
    shutil.copytree(BAD, root / "bad")
    return root


def documents_in(root: Path) -> list[Path]:
    from kehoach.ingest import iter_documents

    return iter_documents([root])


def grow_corpus(root: Path, copies: int) -> int:
    """Variants of every text document (one distinct line appended), so no two files share a sha256."""
    made = 0
    for path in sorted(root.rglob("*.txt")):
        for n in range(copies):
            variant = path.with_name(f"{path.stem}-v{n}.txt")
            variant.write_text(
                path.read_text(encoding="utf-8") + f"\nBản sao {n} của {path.name}\n", encoding="utf-8"
            )
            made += 1
    return made


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without volatile columns or item ids (rowids depend on insert order)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    tables = [
        r[0]
        for r in conn.execute("select name from sqlite_master where type = 'table'")
        if not r[0].startswith(SKIP_TABLES)
    ]
    out = {}
    for table in tables:
        columns = [
            r[1]
            for r in conn.execute(f"pragma table_info([{table}])")
            if r[1] not in VOLATILE and not (table in ROWID_TABLES and r[1] == "id")
        ]
        select = ", ".join(f"[{c}]" for c in columns)
        rows = conn.execute(f"select {select} from [{table}]").fetchall()
        out[table] = sorted((r for r in rows if not (table == "meta" and r[0] in VOLATILE)), key=repr)
    conn.close()
    return out


def count(db: Path, sql: str, params: tuple = ()) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute(sql, params).fetchone()[0])
    finally:
        conn.close()
