"""text.py: the one folding, shared by extraction, the store and the site."""

from __future__ import annotations

import sqlite3

import pytest

from kehoach.text import fold, fold_aligned, sql_functions, symbol_key


def test_fold_keeps_offsets() -> None:
    text = "Đồng Nai\tthực hiện"
    assert len(fold_aligned(text)) == len(text)
    assert fold_aligned(text) == "dong nai thuc hien"


@pytest.mark.parametrize(
    "written,key",
    [
        ("113/KH-UBND", "113-KH-UBND"),
        ("113 / KH - UBND", "113-KH-UBND"),  # spaces as the scorer ignores them
        ("23/QÐ-TTg", "23-QĐ-TTG"),  # Ð (U+00D0) typed for Đ
    ],
)
def test_symbol_key_is_one_key_however_the_symbol_was_typed(written: str, key: str) -> None:
    assert symbol_key(written) == key


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # sqlite3 prints the refusal
def test_sql_fold_is_the_python_fold_and_refuses_long_values() -> None:
    conn = sqlite3.connect(":memory:")
    sql_functions(conn)
    assert conn.execute("select kh_fold('Thừa Thiên  Huế'), kh_fold(null)").fetchone() == (
        fold("Thừa Thiên  Huế"),
        None,
    )
    assert conn.execute("select kh_symbol_key('23/QĐ-TTg')").fetchone() == ("23-QĐ-TTG",)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("select kh_fold(printf('%.*c', 20000, 'a'))").fetchone()
