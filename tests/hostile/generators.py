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


def _bulletin(folder: Path, name: str) -> Path:
    path = folder / name
    shutil.copyfile(BULLETIN, path)
    return path


def sidecar_fifo(folder: Path) -> Path:
    """A FIFO named like a sidecar: reading it waits forever for a writer (item 2)."""
    path = _bulletin(folder, "fifo.txt")
    os.mkfifo(folder / "fifo.txt.meta.yml")
    return path


def sidecar_dev_zero(folder: Path) -> Path:
    """A sidecar that is a symlink to /dev/zero: endless bytes (item 2)."""
    path = _bulletin(folder, "zero.txt")
    (folder / "zero.txt.meta.yml").symlink_to("/dev/zero")
    return path


# The "billion laughs": 9 levels of 9 aliases, 10^9 strings from a few hundred bytes (item 2).
ALIAS_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{b}: &{b} [{','.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    + ["site: *i", ""]
)


def sidecar_alias_bomb(folder: Path) -> Path:
    path = _bulletin(folder, "laughs.txt")
    (folder / "laughs.txt.meta.yml").write_text(ALIAS_BOMB, encoding="utf-8")
    return path


def sidecar_huge(folder: Path) -> Path:
    """A 5 MB sidecar: a sidecar is a few lines (item 2)."""
    path = _bulletin(folder, "huge.txt")
    (folder / "huge.txt.meta.yml").write_text("site: " + "x" * 5_000_000 + "\n", encoding="utf-8")
    return path


def javascript_url(folder: Path) -> Path:
    """A sidecar whose url is a script (item 5): it must stay text, never become a live link."""
    path = _bulletin(folder, "js-url.txt")
    (folder / "js-url.txt.meta.yml").write_text(
        "site: 'JaVaScRiPt:alert(document.domain)'\nurl: 'JaVaScRiPt:alert(document.domain)'\n"
    )
    return path


def symlink_outside(folder: Path) -> Path:
    """A link from inside the corpus to a file outside it (item 5: /etc/hostname got published)."""
    outside = folder.parent / f"outside-{folder.name}"
    outside.mkdir(exist_ok=True)
    secret = outside / "secret.txt"
    secret.write_bytes(BULLETIN.read_bytes() + b"\nBi mat.\n")
    link = folder / "secret.txt"
    link.symlink_to(secret)
    return link


def symlink_loop(folder: Path) -> Path:
    """Two links to each other (item 5)."""
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    return folder / "loop-a.txt"


def folder_loop(folder: Path) -> Path:
    """A link to the folder it sits in: a walk that follows it never ends (item 5)."""
    (folder / "again").symlink_to(folder)
    return folder / "again"


def fifo_document(folder: Path) -> Path:
    """A FIFO named like a bulletin (item 5)."""
    os.mkfifo(folder / "fifo-doc.txt")
    return folder / "fifo-doc.txt"


def broken_symlink(folder: Path) -> Path:
    (folder / "gone.txt").symlink_to(folder / "no-such-file.txt")
    return folder / "gone.txt"


# Texts that make extractors work hard (item 4): dense symbols with no full stop or line break, where a
# look back for the sentence's start used to scan to the beginning of the text for every symbol.
DENSE = [
    "113/KH-UBND ",
    "Căn cứ Quyết định số 1/QĐ-TTg ngày 1/1/2021 của Thủ tướng Chính phủ, ",
    "a) Tăng tỷ lệ lên 95% vào năm 2025; ",
]


def dense_text(fragment: str, size: int) -> bytes:
    """`fragment` repeated to `size` characters, as UTF-8."""
    return (fragment * (size // len(fragment) + 1))[:size].encode("utf-8")


def dense_symbols(folder: Path) -> Path:
    path = folder / "dense-symbols.txt"
    path.write_bytes(dense_text(DENSE[0], 1_000_000))
    return path


GENERATORS: dict[str, Callable[[Path], Path]] = {
    "non_utf8_name": non_utf8_name,
    "sidecar_fifo": sidecar_fifo,
    "sidecar_dev_zero": sidecar_dev_zero,
    "sidecar_alias_bomb": sidecar_alias_bomb,
    "sidecar_huge": sidecar_huge,
    "dense_symbols": dense_symbols,
    "javascript_url": javascript_url,
    "symlink_outside": symlink_outside,
    "symlink_loop": symlink_loop,
    "folder_loop": folder_loop,
    "fifo_document": fifo_document,
    "broken_symlink": broken_symlink,
}


if __name__ == "__main__":  # pragma: no cover
    out = Path(sys.argv[1])
    for name, make in GENERATORS.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        print(name, make(out / name))
