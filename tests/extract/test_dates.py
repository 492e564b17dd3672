"""Full calendar dates (GOLD_FORMAT.md `dates`): day, month and year, any written form, as ISO."""

from __future__ import annotations

import pytest

from kehoach.extract.dates import find_dates
from kehoach.rules import load_rules

RULES = load_rules()


@pytest.mark.parametrize(
    "text,dates",
    [
        ("ngày 23/3/2023", ["2023-03-23"]),
        ("23-3-2023 và 23.3.2023", ["2023-03-23", "2023-03-23"]),
        ("ngày 05 tháng 11 năm 2012", ["2012-11-05"]),
        ("13-02-2016 16:53", ["2016-02-13"]),
        ("Cập nhật:28/03/2023", ["2023-03-28"]),
        ("Quyết định số 3222/QĐ-UBND ngày02/10/2012 của", ["2012-10-02"]),  # glued to "ngày"
        ("ngày 31/02/2023", []),  # no such day
        ("tháng 3/2023, năm 2023, giai đoạn 2021-2025", []),  # month/year, year and period
    ],
)
def test_full_dates_only(text: str, dates: list[str]) -> None:
    assert [d.date for d in find_dates(text, RULES)] == dates
