"""Which files under the corpus folders are documents to read, and which entries are refused and why.

Only regular files are read. A symlink is resolved first and followed only while it stays under the folder
being ingested (a link to /etc/hostname is not published); a link that loops, dangles or leaves the folder,
and a FIFO, socket or device, is refused with its reason, so the archivist sees it instead of losing it
silently. Folders are read once each, so a link to a parent folder cannot send the walk round forever.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.filenames import shown


@dataclass
class Walk:
    found: list[Path] = field(default_factory=list)  # documents to read, in a stable order
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # entries refused, with the reason


def kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a plain file"


LOOP = "a symlink loop: remove the link"


def resolved(path: Path) -> tuple[Path | None, str]:
    """Where a symlink leads, or None and why it leads nowhere."""
    try:
        return path.resolve(strict=True), ""
    except RuntimeError:  # Python 3.11 reports a loop this way
        return None, LOOP
    except OSError as exc:
        return None, LOOP if exc.errno == errno.ELOOP else "a broken symlink (its target is gone): remove it"


class Walker:
    def __init__(self, root: Path, is_document) -> None:  # type: ignore[no-untyped-def]
        self.root = root.resolve()
        self.is_document = is_document
        self.seen: set[Path] = set()  # real folders already read
        self.walk = Walk()

    def folder(self, path: Path, real: Path) -> None:
        if real in self.seen:
            self.walk.skipped.append((path, "a symlink to a folder already read (a loop)"))
            return
        self.seen.add(real)
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            self.walk.skipped.append((path, f"a folder that cannot be read ({exc.strerror})"))
            return
        for entry in entries:
            self.entry(Path(entry.path), entry)

    def entry(self, path: Path, entry: os.DirEntry[str]) -> None:
        if not self.is_document(path) and not entry.is_dir(follow_symlinks=False):
            return  # annotations, sidecars, hidden files: companions, not documents
        if entry.is_symlink():
            real, why = resolved(path)
            if real is None:
                self.walk.skipped.append((path, why))
                return
            if not real.is_relative_to(self.root):
                why = f"a symlink to {shown(real)}, outside {shown(self.root)}: copy the file in to ingest it"
                self.walk.skipped.append((path, why))
                return
        else:
            real = path
        try:
            mode = os.stat(real).st_mode
        except OSError as exc:
            self.walk.skipped.append((path, f"cannot be read ({exc.strerror})"))
            return
        if stat.S_ISDIR(mode):
            if not path.name.startswith("."):
                self.folder(path, real.resolve())
        elif stat.S_ISREG(mode):
            self.walk.found.append(path)
        else:
            self.walk.skipped.append((path, f"{kind_of(mode)}, not a plain file: only plain files are read"))


def walk(paths: list[Path], is_document) -> Walk:  # type: ignore[no-untyped-def]
    """The documents below `paths` (a file named on its own is taken if it is a plain file)."""
    out = Walk()
    for path in paths:
        if path.is_dir():
            walker = Walker(path, is_document)
            walker.folder(path, path.resolve())
            out.found.extend(sorted(walker.walk.found))
            out.skipped.extend(walker.walk.skipped)
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = stat.S_IFREG  # the reader says why it cannot open it
        if stat.S_ISREG(mode):
            out.found.append(path)
        else:
            out.skipped.append((path, f"{kind_of(mode)}, not a plain file: only plain files are read"))
    return out
