"""File names as they are stored and shown: a lossless escape of the bytes on disk.

A POSIX file name is bytes. Archives unzipped from Windows often hold names that are not UTF-8
(`k\\xe9 ho\\xb9ch.txt`, Latin-1 or cp1258 bytes); Python reads them with surrogate escapes, which SQLite,
JSON and the terminal refuse. Every name leaves the file system through `shown()` and comes back through
`on_disk()`:

- a UTF-8 name without a backslash is itself (every name the corpus had before is unchanged);
- any other name has each backslash doubled and each byte that is not UTF-8 written `\\xNN`.

The two kinds cannot collide (only the second contains a backslash), so `on_disk(shown(p)) == p`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2})")


def shown(path: str | os.PathLike[str]) -> str:
    """The name stored in the database and printed: valid UTF-8 whatever the bytes on disk."""
    name = os.fspath(path)
    if "\\" not in name:
        try:
            name.encode("utf-8")
            return name
        except UnicodeEncodeError:
            pass
    doubled = name.replace("\\", "\\\\")
    return doubled.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    return "\\" if code == "\\" else chr(0xDC00 + int(code[1:], 16))  # the surrogate os.fsdecode gives


def on_disk(name: str) -> Path:
    """The path a stored name stands for (the inverse of shown)."""
    return Path(_ESCAPE.sub(_unescape, name) if "\\" in name else name)
