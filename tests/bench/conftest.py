"""Benchmark fixtures: a scaled corpus built from the real one (issue 7). `make bench` runs them."""

from __future__ import annotations

import os
import random
from pathlib import Path

from tests.conftest import CORPUS

SIZES = [int(n) for n in os.environ.get("KEHOACH_BENCH_SIZES", "1000,10000,100000").split(",") if n]
BULLETIN_BYTES = 4096  # the unit: a 4 KB bulletin
PROVINCES = ["Thừa Thiên Huế", "Bà Rịa - Vũng Tàu", "Hà Nội", "Gia Lai", "Lâm Đồng", "Nghệ An", "Cần Thơ"]


def sources() -> list[str]:
    return [
        p.read_text(encoding="utf-8")
        for p in sorted(CORPUS.rglob("*.txt"))
        if "fresh" not in p.relative_to(CORPUS).parts
    ]


def bulletin(texts: list[str], i: int, rng: random.Random) -> str:
    """A ~4 KB bulletin: a window of a real text, figures changed, a unique heading (no cache can cheat)."""
    text = rng.choice(texts)
    start = rng.randrange(max(1, len(text) - BULLETIN_BYTES // 2))
    body = text[start : start + BULLETIN_BYTES // 2]
    while len(body.encode()) < BULLETIN_BYTES - 300:
        other = rng.choice(texts)
        body += "\n" + other[: BULLETIN_BYTES // 3]
    body = "".join(str(rng.randrange(10)) if c.isdigit() and rng.random() < 0.5 else c for c in body)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2016, 2026)
    head = (
        f"Ngày {day}/{month}/{year}, UBND tỉnh {rng.choice(PROVINCES)} ban hành Kế hoạch số "
        f"{i}/KH-UBND về thực hiện công tác năm {year}.\n"
    )
    return (head + body).encode()[:BULLETIN_BYTES].decode("utf-8", errors="ignore")


def make_corpus(root: Path, size: int, seed: int = 7) -> list[Path]:
    """`size` bulletins in folders of 1,000 (as an archive would shelve them)."""
    rng, texts, paths = random.Random(seed), sources(), []
    for i in range(size):
        path = root / f"{i // 1000:03d}" / f"{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(bulletin(texts, i, rng), encoding="utf-8")
        paths.append(path)
    return paths
