"""The citation graph carries each reference's relation (issue 20): plan_citations, document_citations,
citation_paths (two hops) and plans.implemented_by; a plan never cites itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kehoach.ingest_corpus import ingest_corpus

HEADER = """ỦY BAN NHÂN DÂN
TỈNH {place_upper}
Số: {symbol}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
{place}, ngày {day} tháng 3 năm 2024
KẾ HOẠCH
{about}
"""
# a chain: the district's plan carries out the province's, which carries out a decision of the Prime Minister
PROVINCE = HEADER.format(
    place_upper="LAI CHÂU", place="Lai Châu", symbol="55/KH-UBND", day=4, about="Bảo vệ trẻ em năm 2024"
) + (
    "Căn cứ Luật Trẻ em số 102/2016/QH13 ngày 05/4/2016;\n"
    "Thực hiện Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ, "
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch số 55/KH-UBND như sau:\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Bảo đảm quyền trẻ em.\n"
)
DISTRICT = HEADER.format(
    place_upper="HÀ NAM", place="Hà Nam", symbol="77/KH-UBND", day=20, about="Bảo vệ trẻ em năm 2024"
) + (
    "Thực hiện Kế hoạch số 55/KH-UBND ngày 04/3/2024 của Ủy ban nhân dân tỉnh Lai Châu;\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Tuyên truyền Kế hoạch số 77/KH-UBND đến các xã.\n"
)


def rows(db: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "province.txt").write_text(PROVINCE, encoding="utf-8")
    (corpus / "district.txt").write_text(DISTRICT, encoding="utf-8")
    db = tmp_path / "kehoach.db"
    ingest_corpus([corpus], db, workers=1, progress=False)
    return db


def symbols(db: Path, sql: str, *args: object) -> set[tuple]:
    return set(rows(db, sql, *args))


def test_plan_citations_carry_the_relation(chain: Path) -> None:
    got = symbols(
        chain,
        "select a.symbol, c.relation, b.symbol from plan_citations c join plans a on a.id = c.plan_id "
        "join plans b on b.id = c.cites_plan_id",
    )
    assert ("55/KH-UBND", "implements", "23/QĐ-TTg") in got
    assert ("55/KH-UBND", "basis", "102/2016/QH13") in got
    assert ("77/KH-UBND", "implements", "55/KH-UBND") in got
    assert not [row for row in got if row[0] == row[2]]  # its own number in its text is no citation


def test_two_hops_both_ways(chain: Path) -> None:
    paths = symbols(
        chain,
        "select a.symbol, v.symbol, c.first_relation, c.relation, b.symbol, c.hops from citation_paths c "
        "join plans a on a.id = c.plan_id left join plans v on v.id = c.via_plan_id "
        "join plans b on b.id = c.cites_plan_id",
    )
    assert ("77/KH-UBND", "55/KH-UBND", "implements", "implements", "23/QĐ-TTg", 2) in paths
    # what implements the Prime Minister's decision, directly or through the province's plan
    into = symbols(
        chain,
        "select a.symbol, c.hops from citation_paths c join plans a on a.id = c.plan_id "
        "join plans b on b.id = c.cites_plan_id where b.symbol = '23/QĐ-TTg' and c.relation = 'implements'",
    )
    assert into == {("55/KH-UBND", 1), ("77/KH-UBND", 2)}


def test_citation_counts_leave_out_the_plan_itself(chain: Path) -> None:
    counts = dict(
        (
            (symbol, (cited, implemented))
            for symbol, cited, implemented in rows(
                chain, "select symbol, cited_by, implemented_by from plans"
            )
        )
    )
    assert counts["55/KH-UBND"] == (1, 1)  # the district's plan; not the province's own text
    assert counts["77/KH-UBND"] == (0, 0)  # only its own text names it
    assert counts["102/2016/QH13"] == (1, 1)  # a basis counts as carrying it out
    relations = {r for (r,) in rows(chain, "select distinct relation from document_citations")}
    assert "self" not in relations and "implements" in relations
