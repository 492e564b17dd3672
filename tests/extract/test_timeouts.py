"""Runaway patterns stop (issue 7 kept the guard while making small matches cheap).

A `regex` timeout costs ~2 µs a call, so under the per-document budget (run.py, SIGALRM) calls over short
spans go without one (pipeline/rx.py); long stretches keep theirs, and without a budget every call does.
"""

from __future__ import annotations

import pytest

from kehoach import rx
from kehoach.run import OverBudget, time_budget

RUNAWAY = r"(?:a|aa)+c"  # exponential backtracking on a run of "a" with no "c"


def test_short_spans_go_without_a_timeout_only_under_a_budget() -> None:
    assert rx.limit(200) == 1.0  # no budget in force: every call keeps its timeout
    with rx.budgeted():
        assert rx.limit(200) is None
        assert rx.limit(rx.UNGUARDED_SPAN + 1) == 1.0
        assert rx.limit(50_000, 2.0) == 2.0
    assert rx.limit(200) == 1.0


def test_a_runaway_pattern_on_a_long_stretch_times_out_even_under_a_budget() -> None:
    with pytest.raises(TimeoutError), rx.budgeted():
        rx.search(RUNAWAY, "a" * 5_000, timeout=0.2)


def test_a_runaway_pattern_on_a_short_span_times_out_without_a_budget() -> None:
    with pytest.raises(TimeoutError):
        rx.search(RUNAWAY, "a" * 60, timeout=0.2)


def test_a_runaway_pattern_on_a_short_span_is_stopped_by_the_document_budget() -> None:
    """Under the budget no timeout is passed on 60 characters, yet the match cannot run away: the budget
    interrupts it mid-match (and were the budget not in force, the call's own timeout would stop it)."""
    with pytest.raises((OverBudget, TimeoutError)) as stopped, time_budget(0.3):
        rx.search(RUNAWAY, "a" * 60, timeout=5.0)
    assert stopped.type is OverBudget
