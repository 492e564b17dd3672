"""Hostile files for issue 22, one generator per attack: each writes its file(s) into `folder` and returns
the path a test looks for. `python -m tests.hostile.generators DIR` writes them all (a hostile corpus to
mix into a real one by hand)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import SEED

BULLETIN = sorted(SEED.glob("*.txt"))[0]  # a real bulletin from corpus/seed


def non_utf8_name(folder: Path) -> Path:
    """A bulletin whose file name is Latin-1 bytes, as unzipped from a Windows archive (issue 22, item 1)."""
    path = folder / os.fsdecode(b"k\xe9 ho\xb9ch.txt")
    shutil.copyfile(BULLETIN, path)
    return path


GENERATORS: dict[str, Callable[[Path], Path]] = {
    "non_utf8_name": non_utf8_name,
}


if __name__ == "__main__":  # pragma: no cover
    out = Path(sys.argv[1])
    for name, make in GENERATORS.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        print(name, make(out / name))
