"""Issue 21: the per-document time budget holds in threads (Dask runs every task in one), not only under
SIGALRM in the main thread; a document over budget becomes a Failure, stored in ingest_errors."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import kehoach.run
from kehoach import store
from kehoach.records import Failure
from kehoach.rules import RuleSet
from kehoach.run import OverBudget, run, time_budget
from tests.conftest import SEED

BULLETIN = sorted(SEED.glob("*.txt"))[0]


def forever(*args: object) -> None:
    """A pure-Python loop that never ends (what a runaway extractor looks like to the budget)."""
    n = 0
    while True:
        n += 1


def swallowing(*args: object) -> None:
    """A loop that catches every exception and carries on."""
    while True:
        try:
            forever()
        except Exception:  # noqa: BLE001, S112 - the point of the test
            continue


def in_a_thread(fn, *args):  # type: ignore[no-untyped-def]
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result(timeout=30)


@pytest.mark.parametrize("runaway", [forever, swallowing], ids=["loop", "loop that swallows the exception"])
def test_extraction_over_budget_in_a_thread_is_an_extract_failure(
    runaway, rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kehoach.run, "extract", runaway)
    started = time.monotonic()
    result = in_a_thread(run, BULLETIN, rules, 0.3)
    assert isinstance(result, Failure)
    assert (result.stage, result.source) == ("extract", str(BULLETIN))
    assert "took longer than 0.3 s" in result.message
    assert time.monotonic() - started < 5


def dropping_the_first_alarm(*args: object) -> None:
    """A loop whose first budget exception is lost, as Python drops one raised while C code cleans up."""
    try:
        forever()
    except OverBudget:
        pass
    forever()


def test_a_lost_alarm_in_the_main_thread_is_followed_by_another(
    rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kehoach.run, "extract", dropping_the_first_alarm)
    started = time.monotonic()
    result = run(BULLETIN, rules, 0.3)
    assert isinstance(result, Failure) and result.stage == "extract"
    assert time.monotonic() - started < 5


def test_reading_over_budget_in_a_thread_is_an_ingest_failure(
    rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kehoach.run, "ingest", forever)
    result = in_a_thread(run, BULLETIN, rules, 0.3)
    assert isinstance(result, Failure) and result.stage == "ingest"
    assert "reading took longer than 0.3 s" in result.message


def test_a_document_within_budget_in_a_thread_is_untouched_after_its_block(rules: RuleSet) -> None:
    run(BULLETIN, rules, 0)  # the first document loads the lazy parts (about a second)

    def fast_then_idle() -> str:
        result = run(BULLETIN, rules, 1.0)
        time.sleep(1.5)  # past the budget, outside the block: no exception may land here
        return type(result).__name__

    assert in_a_thread(fast_then_idle) == "Extraction"


def test_the_budget_in_a_thread_does_not_drop_regex_timeouts() -> None:
    from kehoach import rx

    def limit_under_budget() -> float | None:
        with time_budget(5):
            return rx.limit(200)

    assert in_a_thread(limit_under_budget) == 1.0  # the watchdog cannot stop a match in C: keep the timeout


def test_over_budget_in_a_thread_is_an_ingest_error_record(
    rules: RuleSet, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(kehoach.run, "extract", forever)
    failure = in_a_thread(run, BULLETIN, rules, 0.2)
    db = store.connect(tmp_path / "kehoach.db")
    store.ensure_schema(db)
    store.save(db, failure, rules.version)
    rows = list(db.table("ingest_errors").rows)
    assert [(r["source"], r["stage"]) for r in rows] == [(str(BULLETIN), "extract")]
    assert "took longer than 0.2 s" in rows[0]["message"]


def test_the_main_thread_keeps_sigalrm() -> None:
    with pytest.raises(OverBudget, match="0.2 s"), time_budget(0.2):
        forever()
