"""Issue 7: the work is split so that both workers stay busy to the end of a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach.parallel import MAX_CHUNK, MIN_CHUNK, guided


@pytest.mark.parametrize("count", [1, 7, 100, 2_000, 100_000])
def test_chunks_cover_every_path_once_in_order(count: int) -> None:
    paths = [Path(f"{i}.txt") for i in range(count)]
    assert [p for chunk in guided(paths, 2) for p in chunk] == paths


def test_chunks_shrink_towards_the_end_so_no_worker_waits_on_a_big_one() -> None:
    sizes = [len(chunk) for chunk in guided([Path(f"{i}.txt") for i in range(2_000)], 2)]
    assert sizes[0] == MAX_CHUNK and max(sizes[-8:]) <= MIN_CHUNK
    assert sizes == sorted(sizes, reverse=True)
