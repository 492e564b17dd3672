"""The pipeline end to end for one input: ingest -> normalize -> extract, failures as records.

Nothing a file contains can stop a run: unreadable input is an "ingest" failure (so is a text or HTML file
that takes longer than the per-document budget to read), a text that makes a pattern time out (the `regex`
timeouts in pipeline/rules.py) or that takes longer than the budget is an "extract" failure, and an
unexpected error is recorded with the file so it can be reported.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import regex

from kehoach import rx, watchdog
from kehoach.extract import extract
from kehoach.filenames import shown
from kehoach.ingest import READERS, IngestError, ingest, ingest_bytes, ocr_cache
from kehoach.limits import OverLimit, call_limited
from kehoach.normalize import normalize
from kehoach.records import Extraction, Failure, RawDocument
from kehoach.rules import RuleSet, load_rules

# Seconds one document may spend in normalize + extract (a 4 KB bulletin takes about 10 ms), and again in
# reading, for the readers that run in this process (IN_PROCESS_READERS).
DOCUMENT_BUDGET = float(os.environ.get("KEHOACH_DOCUMENT_BUDGET", "60"))


REPEAT_ALARM = 0.25  # seconds between alarms once a budget has run out


class OverBudget(Exception):
    """Raised when a document's extraction runs out of time (SIGALRM's handler, or the watchdog)."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds`: SIGALRM in the main thread, the watchdog in any other thread
    (a Dask worker's, a thread pool's), where signals cannot reach (pipeline/watchdog.py)."""
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        try:
            # no rx.budgeted(): the watchdog cannot stop a match in C, so every match keeps its timeout
            with watchdog.deadline(seconds, OverBudget):
                yield
        except (OverBudget, watchdog.Expired):  # Expired: the deadline passed as the block was ending
            raise OverBudget(f"extraction took longer than {seconds:g} s") from None
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise OverBudget(f"extraction took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    hook = sys.unraisablehook
    # The alarm repeats until the block ends: an exception raised while C code is cleaning up (a regex
    # match being freed) is handed to sys.unraisablehook and dropped, and a single alarm would then be lost.
    # Such an OverBudget is dropped at once: a slow hook (a test runner formatting its traceback) would
    # otherwise be interrupted itself by the next alarm.
    sys.unraisablehook = partial(drop_over_budget, hook)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_ALARM)
    try:
        with rx.budgeted():  # the budget now bounds short matches: they can skip their own timeouts
            yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = hook


def drop_over_budget(
    hook: Callable[[sys.UnraisableHookArgs], object], unraisable: sys.UnraisableHookArgs
) -> None:
    """sys.unraisablehook for a budgeted block: an alarm that fired in a destructor is dropped (the next
    one will stop the block); anything else goes to the hook that was there before."""
    if not isinstance(unraisable.exc_value, OverBudget):
        hook(unraisable)


def run(path: Path, rules: RuleSet | None = None, budget: float = DOCUMENT_BUDGET) -> Extraction | Failure:
    """Read and extract one file; a bad input becomes a Failure that says what went wrong."""
    raw = read(lambda: ingest(path), shown(path), path.suffix, budget)
    return raw if isinstance(raw, Failure) else run_raw(raw, rules or load_rules(), budget)


def run_bytes(
    data: bytes,
    name: str,
    suffix: str = ".txt",
    rules: RuleSet | None = None,
    budget: float = DOCUMENT_BUDGET,
) -> Extraction | Failure:
    raw = read(lambda: ingest_bytes(data, suffix, name), name, suffix, budget)
    return raw if isinstance(raw, Failure) else run_raw(raw, rules or load_rules(), budget)


# The .txt reader is Python through and through: the alarm stops it, and a bulletin costs no fork. Every other
# reader runs in a child process (pipeline/limits.py) that is killed at its budget, whatever C code it is in:
# a budget of READ_BUDGET_FACTOR times the document's (OCR of a long scan rightly takes longer than a
# bulletin's extraction), and READER_MEMORY bytes of address space beyond what the worker has.
IN_PROCESS_READERS = (".txt",)
READ_BUDGET_FACTOR = {"html": 1, "docx": 4, "pdf": 10}
READER_MEMORY = int(os.environ.get("KEHOACH_READER_MEMORY_MB", "1024")) * 2**20


def read(reader: Callable[[], RawDocument], name: str, suffix: str, budget: float) -> RawDocument | Failure:
    """The reader's RawDocument, or a Failure at the "ingest" stage that says why there is none."""
    fmt = READERS.get(suffix.lower(), (None, ""))[0]  # the contract's format; None for a type kehoach lacks
    seconds = budget * READ_BUDGET_FACTOR.get(fmt or "", 1)
    try:
        if fmt is None or suffix.lower() in IN_PROCESS_READERS:
            with time_budget(budget):
                return reader()
        raw, ocr = call_limited(partial(counted, reader), seconds, READER_MEMORY)
        ocr_cache.count(ocr.ocr, ocr.cached)  # the child's OCR pages, counted in this process
        return raw
    except IngestError as exc:
        return Failure(name, "ingest", str(exc), format=fmt)
    except OverBudget:
        message = f"reading took longer than {budget:g} s: the file is too long or too unusual; report it"
        return Failure(name, "ingest", message, format=fmt)
    except OverLimit as exc:
        return Failure(name, "ingest", over_limit(exc, seconds), format=fmt)
    except (OSError, RecursionError, ValueError) as exc:
        return Failure(name, "ingest", f"unreadable: {exc}", format=fmt)
    except Exception as exc:  # noqa: BLE001 - a reader's bug must not stop the run
        message = f"reader error {type(exc).__name__}: {exc}: report it with the file"
        return Failure(name, "ingest", message, format=fmt)


def counted(reader: Callable[[], RawDocument]) -> tuple[RawDocument, ocr_cache.OcrCounts]:
    """In the reader's child: its RawDocument and the scanned pages it OCR'd or found in the OCR cache."""
    ocr_cache.take_counts()  # what the parent had not taken yet at the fork is the parent's to report
    return reader(), ocr_cache.take_counts()


def over_limit(exc: OverLimit, seconds: float) -> str:
    if exc.kind == "time":
        return f"reading took longer than {seconds:g} s: the file is too long or too unusual; report it"
    if exc.kind == "memory":
        return f"reading {exc} of memory: the file is too large or too unusual; report it"
    return f"the reader {exc}: report it with the file"


def run_raw(raw: RawDocument, rules: RuleSet, budget: float = DOCUMENT_BUDGET) -> Extraction | Failure:
    """normalize + extract under the time budget; every way it can fail becomes a Failure."""
    src = raw.source
    stage = "normalize"
    try:
        with time_budget(budget):
            doc = normalize(raw, rules)
            stage = "extract"
            return extract(doc, rules)
    except OverBudget as exc:
        stage = "extract"
        message = f"{exc}: the text is too long or too unusual for the patterns; report it with the file"
    except TimeoutError as exc:
        message = f"a pattern timed out on this text ({exc}): report it with the file"
    except regex.error as exc:
        message = f"pattern error: {exc}"
    except (ValueError, RecursionError) as exc:
        message = str(exc)
    except Exception as exc:  # noqa: BLE001 - one document's bug must not stop the run
        message = f"internal error {type(exc).__name__}: {exc}: report it with the file"
    return Failure(src.path, stage, message, src.sha256, src.format)  # type: ignore[arg-type]
