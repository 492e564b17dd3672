"""`make bench` (issue 7): throughput, memory, re-ingest and search latency on 1k/10k/100k bulletins.

Every figure is printed beside an anchor measured in the same run on the same data (a bare regex pass
over the same text, pdftotext over the same PDFs) and written to data/bench.json. Sizes:
KEHOACH_BENCH_SIZES=1000,10000 for a quick run.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import psutil
import pytest
import regex

from kehoach.cli import default_workers
from kehoach.ingest_corpus import ingest_corpus
from kehoach.parallel import run_many
from kehoach.store import working_path
from tests.bench.conftest import SIZES, make_corpus
from tests.conftest import CORPUS, ROOT, running_datasette

OUT = ROOT / "data" / "bench.json"
# The anchor: one compiled pass over the same Vietnamese text, every word found (`findall`, no Python per
# match). The issue quotes ~36 MB/s; on this VM it runs at 20-24 MB/s, and each goal is read as a ratio to it.
ANCHOR = regex.compile(r"\w+")
# 200 bulletins of 4 KB a second is 0.82 MB/s: 1/44 of the 36 MB/s anchor
INGEST_GOAL_RATIO = 200 * 4096 / 1e6 / 36
EXTRACT_SAMPLE = 2000  # documents timed for extraction at each size
BLOCK = 100  # documents per block when extraction and the anchor are timed in alternation (paired)
# Runs of each timing, the best kept (as timeit reports): on this virtual machine CPU speed comes and goes in
# bursts, which only ever add time.
REPEAT = int(os.environ.get("KEHOACH_BENCH_REPEAT", "3"))
QUERIES = [
    "trẻ em",
    "tre em",
    "kế hoạch",
    "y tế",
    "chuyển đổi số",
    "giáo dục",
    "tỷ lệ",
    "Thừa Thiên Huế",
    "bảo vệ",
    "dinh dưỡng",
    "ma túy",
    "cải cách hành chính",
    "tiêm chủng",
    "nông thôn",
    "2025",
]
RESULTS: dict[str, Any] = {"cores": default_workers(), "sizes": {}}

pytestmark = pytest.mark.bench


class PeakMemory:
    """Peak memory of this process and its children (the workers), sampled every 500 ms.

    Proportional set size (PSS): a forked worker shares its parent's pages, and RSS would count them once
    per process; PSS splits each shared page between the processes that map it. RSS where PSS is unavailable.
    """

    def __init__(self) -> None:
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def _size(proc: psutil.Process) -> int:
        try:
            return int(proc.memory_full_info().pss)
        except (AttributeError, psutil.AccessDenied):
            return int(proc.memory_info().rss)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += self._size(proc)
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.5)  # reading PSS (/proc/PID/smaps) costs ~4 ms a process: sampled twice a second

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def paired(paths: list[Path], texts: list[str]) -> tuple[float, float]:
    """One worker's extraction and the anchor, timed block by block in alternation (seconds, summed).

    The machine's speed comes and goes over seconds: a 0.1 s anchor pass timed on its own can land wholly
    in a fast moment that a 10 s extraction run cannot. Alternating every BLOCK documents puts both under
    the same conditions, so their ratio is the cost of extraction and not of the moment each was timed in.
    """
    extract_s = anchor_s = 0.0
    for i in range(0, len(paths), BLOCK):
        block, block_texts = paths[i : i + BLOCK], texts[i : i + BLOCK]
        extract_s += timed(lambda: list(run_many(block, 1)))  # noqa: B023 - called at once
        anchor_s += timed(lambda: [len(ANCHOR.findall(t)) for t in block_texts])  # noqa: B023
    return extract_s, anchor_s


_ANCHOR_TEXTS: list[str] = []  # set before the pool forks: workers inherit the texts, none are pickled


def _anchor_pass(span: tuple[int, int]) -> int:
    return sum(len(ANCHOR.findall(t)) for t in _ANCHOR_TEXTS[span[0] : span[1]])


def anchor_scaling(texts: list[str]) -> list[float]:
    """The anchor's own scaling: one process, then two, REPEAT times. Two processes on this machine's two
    cores do not run twice as fast even on a bare regex pass; this is the ceiling two workers can reach."""
    global _ANCHOR_TEXTS
    _ANCHOR_TEXTS = texts * 5  # about 1.5 s a pass for 2,000 bulletins: long enough to time
    total = len(_ANCHOR_TEXTS)
    step = max(1, total // 40)
    spans = [(i, min(total, i + step)) for i in range(0, total, step)]
    ratios = []
    with ProcessPoolExecutor(2, mp_context=get_context("fork")) as pool:
        list(pool.map(_anchor_pass, [(0, 1)] * 4))  # both workers started before any timing
        for _ in range(REPEAT):
            one = timed(lambda: _anchor_pass((0, total)))
            two = timed(lambda: list(pool.map(_anchor_pass, spans)))
            ratios.append(one / two)
    _ANCHOR_TEXTS = []
    return ratios


def extraction(paths: list[Path]) -> dict[str, float]:
    """One worker with its paired anchor, then two workers, REPEAT times in turn.

    Throughputs are the best of their runs. Scaling is the median of each run's own pair (one worker, then
    two right after): the best one-worker time and the best two-worker time can come from stretches of
    different speed, which read x2.14 in one full run and x1.55 in the next size of the same run.
    """
    texts = [p.read_text(encoding="utf-8") for p in paths]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    list(run_many(paths[-50:], 1))  # steady state: imports (underthesea) and compiled rules out of the timing
    runs = [(*paired(paths, texts), timed(lambda: list(run_many(paths, 2)))) for _ in range(REPEAT)]
    one, bare, two = (min(column) for column in zip(*runs, strict=True))
    anchor = mb / bare
    return {
        "docs": len(paths),
        "mb": mb,
        "docs_per_s_1": len(paths) / one,
        "mb_per_s_1": mb / one,
        "docs_per_s_2": len(paths) / two,
        "mb_per_s_2": mb / two,
        "scaling_2_workers": statistics.median(e / t for e, _, t in runs),  # each run's own pair
        "anchor_regex_mb_per_s": anchor,
        "ratio_1_worker_to_anchor": (mb / one) / anchor,
        "ratio_runs": [(mb / e) / (mb / a) for e, a, _ in runs],
        "scaling_runs": [e / t for e, _, t in runs],
        "anchor_scaling_2": statistics.median(anchor_runs := anchor_scaling(texts)),
        "anchor_scaling_runs": anchor_runs,
    }


def latencies(urls: list[str]) -> dict[str, float]:
    times = []
    for url in urls:
        start = time.perf_counter()
        urllib.request.urlopen(url, timeout=120).read()
        times.append(time.perf_counter() - start)
    times.sort()
    return {
        "median_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[int(0.95 * len(times)) - 1],
    }


def search_latency(db: Path, rounds: int = 10) -> dict[str, float]:
    """Each query through Datasette's table API (JSON, full-text) and through the site's search page (HTML:
    folded, ranked, snippets, facets), the page a researcher uses; the page cache warmed first."""
    with running_datasette(db, timeout=120) as url:
        api = url + "/kehoach/documents.json?_shape=array&_size=20&_col=title&_search="
        page = url + "/-/search?q="
        for base in (api, page):
            urllib.request.urlopen(base + "a", timeout=120).read()
        queries = [urllib.parse.quote(q) for _ in range(rounds) for q in QUERIES]
        table = latencies([api + q for q in queries])
        site = latencies([page + q for q in queries])
    return {
        "queries": len(queries),
        "median_ms": table["median_ms"],
        "p95_ms": table["p95_ms"],
        "site_median_ms": site["median_ms"],
        "site_p95_ms": site["p95_ms"],
    }


def ingest(paths_root: Path, db: Path, size: int) -> dict[str, Any]:
    """A first ingest into a new database: the best of REPEAT runs up to 10k documents, one run above."""
    runs: list[tuple[float, Any]] = []
    with PeakMemory() as memory:
        for _ in range(REPEAT if size <= 10_000 else 1):
            for stale in (db, working_path(db)):
                stale.unlink(missing_ok=True)
            start = time.perf_counter()
            summary = ingest_corpus([paths_root], db, workers=default_workers(), progress=False)
            runs.append((time.perf_counter() - start, summary))
    first, summary = min(runs, key=lambda run: run[0])
    again = timed(lambda: ingest_corpus([paths_root], db, workers=default_workers(), progress=False))
    return {
        "ingest_s": first,
        "ingest_runs_s": [seconds for seconds, _ in runs],
        "ingest_stages_s": summary.stages,  # open, check files, extract and store, plans, site tables, …
        "ingest_docs_per_s": size / first,
        "peak_memory_mb": memory.peak / 2**20,
        "reingest_unchanged_s": again,
        "db_mb": db.stat().st_size / 2**20,
    }


def pdf_rates() -> dict[str, float]:
    try:
        from tests.bench.pdf_bench import pages_per_second
    except ImportError as exc:
        return {"error": str(exc)}
    return pages_per_second(sorted((CORPUS / "pdf").glob("*.pdf")))


def report(size: int, r: dict[str, Any]) -> None:
    ratio = 1 / r["ratio_1_worker_to_anchor"]
    runs = ", ".join(f"{t:.1f} s" for t in r["ingest_runs_s"])
    lines = [
        f"\n== {size:,} bulletins of 4 KB ({RESULTS['cores']} cores)",
        f"extraction, 1 worker : {r['mb_per_s_1']:.2f} MB/s, {r['docs_per_s_1']:.0f} docs/s "
        f"(anchor regex pass {r['anchor_regex_mb_per_s']:.1f} MB/s; ratio 1/{ratio:.0f}; goal 1/36)",
        f"extraction, 2 workers: {r['mb_per_s_2']:.2f} MB/s, {r['docs_per_s_2']:.0f} docs/s "
        f"(scaling x{r['scaling_2_workers']:.2f}; goal x1.7; "
        f"the anchor in 2 processes x{r['anchor_scaling_2']:.2f})",
        f"ingest end to end    : {r['ingest_docs_per_s']:.0f} docs/s, {r['ingest_mb_per_s']:.2f} MB/s in "
        f"{r['ingest_s']:.1f} s (goal 200 docs/s; runs: {runs})",
        f"  as a ratio         : 1/{1 / r['ratio_ingest_to_anchor']:.0f} of the anchor "
        f"(goal 1/{1 / INGEST_GOAL_RATIO:.0f}: 200 docs/s of 4 KB against the issue's 36 MB/s)",
        "  stages             : " + ", ".join(f"{k} {v:.1f} s" for k, v in r["ingest_stages_s"].items()),
        f"peak memory          : {r['peak_memory_mb']:.0f} MB (goal < 1,536); database {r['db_mb']:.0f} MB",
        f"re-ingest unchanged  : {r['reingest_unchanged_s']:.2f} s (goal < 30 s at 100k)",
    ]
    median, p95 = r["median_ms"], r["p95_ms"]
    lines.append(f"search via Datasette : median {median:.1f} ms, p95 {p95:.1f} ms (goal < 100 at 100k)")
    median, p95 = r["site_median_ms"], r["site_p95_ms"]
    lines.append(f"search page /-/search: median {median:.1f} ms, p95 {p95:.1f} ms (goal < 100 at 100k)")
    print("\n".join(lines))


@pytest.mark.parametrize("size", SIZES)
def test_scaled_corpus(size: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp(f"bench{size}")
    paths = make_corpus(root / "corpus", size)
    os.sync()  # the corpus on disk before timing: writeback of a fresh 400 MB corpus would compete with it
    result: dict[str, Any] = dict(extraction(paths[:EXTRACT_SAMPLE]))
    result.update(ingest(root / "corpus", root / "kehoach.db", size))
    result["corpus_mb"] = sum(p.stat().st_size for p in paths) / 1e6
    result["ingest_mb_per_s"] = result["corpus_mb"] / result["ingest_s"]
    result["ratio_ingest_to_anchor"] = result["ingest_mb_per_s"] / result["anchor_regex_mb_per_s"]
    result.update(search_latency(root / "kehoach.db"))
    RESULTS["sizes"][str(size)] = result
    report(size, result)
    if len(RESULTS["sizes"]) > 1:
        RESULTS["growth"] = growth()
        report_growth(RESULTS["growth"])
    write()


# How each figure grows with the corpus: per bulletin where the work is per bulletin, whole where it is not.
GROWTH: dict[str, Callable[[int, dict[str, Any]], float]] = {
    "extraction, ms a bulletin (1 worker)": lambda n, r: 1000 / r["docs_per_s_1"],
    "ingest end to end, ms a bulletin": lambda n, r: 1000 * r["ingest_s"] / n,
    "peak memory, MB": lambda n, r: r["peak_memory_mb"],
    "database, KB a bulletin": lambda n, r: 1024 * r["db_mb"] / n,
    "re-ingest unchanged, ms per 1,000 bulletins": lambda n, r: 1e6 * r["reingest_unchanged_s"] / n,
    "search via Datasette, p95 ms": lambda n, r: r["p95_ms"],
    "search page, p95 ms": lambda n, r: r["site_p95_ms"],
}


def growth() -> dict[str, dict[str, float]]:
    """Each GROWTH figure at every size measured so far, smallest size first."""
    sizes = sorted(RESULTS["sizes"], key=int)
    return {name: {n: figure(int(n), RESULTS["sizes"][n]) for n in sizes} for name, figure in GROWTH.items()}


def report_growth(table: dict[str, dict[str, float]]) -> None:
    sizes = next(iter(table.values()))
    print(f"\n== growth with corpus size ({' -> '.join(f'{int(n):,}' for n in sizes)} bulletins)")
    width = max(map(len, table))
    for name, values in table.items():
        first, last = values[min(sizes, key=int)], values[max(sizes, key=int)]
        factor = f"x{last / first:.2f}" if first else ""
        print(f"{name:<{width}} : {' -> '.join(f'{v:.1f}' for v in values.values())}  ({factor})")


def test_pdf_pages_per_second() -> None:
    RESULTS["pdf"] = rates = pdf_rates()
    print("\n== PDF pages/s per path (anchor: pdftotext over the same PDFs)")
    print(json.dumps(rates, indent=2))
    write()


def write() -> None:
    OUT.parent.mkdir(exist_ok=True)
    RESULTS["sizes_run"] = SIZES
    OUT.write_text(json.dumps(RESULTS, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.sync()
