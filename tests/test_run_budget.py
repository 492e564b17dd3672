"""Issue 21: the per-document time budget holds in threads (Dask runs every task in one), not only under
SIGALRM in the main thread; a document over budget becomes a Failure, stored in ingest_errors."""

from __future__ import annotations

import sys
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


class SlowToDie:
    """An object whose destructor runs long enough for the alarm to fire inside it."""

    def __del__(self) -> None:
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            pass


def test_an_alarm_in_a_destructor_does_not_reach_the_unraisable_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    with pytest.raises(OverBudget), time_budget(0.1):
        SlowToDie()  # dies at once; the alarm fires in __del__, is dropped, and the next one stops the block
        while True:
            time.sleep(0.01)
    assert seen == [] and sys.unraisablehook == seen.append  # the hook is back once the block ends


def test_other_unraisable_errors_still_reach_the_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def __del__(self) -> None:
            raise ValueError("a destructor's own bug")

    seen: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    with time_budget(5):
        Broken()
    assert [type(u.exc_value) for u in seen] == [ValueError]


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
