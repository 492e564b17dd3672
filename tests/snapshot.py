"""The extraction snapshot: what `kehoach extract` prints for every corpus document, stored compactly.

tests/snapshots/extract.tsv holds one line per document of corpus/ (never the held-out corpus/fresh):
its path and, for each field of the contract line, a short hash of that field's JSON. The structure
redesign (issue 16) must leave every line unchanged; a change to what a rule finds changes it on purpose,
and `make snapshot` writes it again (commit the new file with the change, so the diff shows which
documents and fields moved).

    make snapshot                                  # = kehoach extract <documents> | python tests/snapshot.py
    .venv/bin/python tests/snapshot.py --list      # the documents, one per line
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "extract.tsv"
SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx", ".doc")
HELD_OUT = "fresh"  # corpus/fresh: never read by code helpers (COMMON.md)


def documents() -> list[str]:
    """Every document of corpus/ but the held-out batch, as the path `kehoach extract` shows (from ROOT)."""
    return sorted(
        p.relative_to(ROOT).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and HELD_OUT not in p.relative_to(CORPUS).parts
    )


def digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:12]


def fingerprint(line: dict[str, Any]) -> dict[str, str]:
    """Field -> hash of its value, for one contract line."""
    return {field: digest(value) for field, value in line.items()}


def read() -> dict[str, dict[str, str]]:
    out = {}
    for row in SNAPSHOT.read_text(encoding="utf-8").splitlines():
        path, fields = row.split("\t", 1)
        out[path] = dict(pair.split("=", 1) for pair in fields.split(" "))
    return out


def write(lines: list[dict[str, Any]]) -> None:
    rows = sorted(
        f"{line['source']}\t" + " ".join(f"{k}={v}" for k, v in fingerprint(line).items()) for line in lines
    )
    SNAPSHOT.write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--list"]:
        print("\n".join(documents()))
    else:  # the output of `kehoach extract` on standard input
        lines = [json.loads(raw) for raw in sys.stdin if raw.strip()]
        missing = set(documents()) - {line["source"] for line in lines}
        if missing:
            sys.exit(f"snapshot: no line for {len(missing)} document(s), e.g. {sorted(missing)[0]}")
        write(lines)
        print(f"snapshot: {len(lines)} documents -> {SNAPSHOT.relative_to(ROOT)}", file=sys.stderr)
