"""Extraction output is unchanged: every corpus document gives its line in tests/snapshots/extract.tsv.

The line is the one `kehoach extract` prints (contract.to_dict of run()); a failure names the document and
the fields that changed and shows the new value. When a change means to alter the output, `make snapshot`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kehoach.contract import to_dict
from kehoach.rules import RuleSet
from kehoach.run import run
from tests.snapshot import ROOT, documents, fingerprint, read

SNAPSHOT = read()


def test_snapshot_covers_every_document() -> None:
    assert sorted(SNAPSHOT) == documents(), "documents added or removed: run `make snapshot`"


@pytest.mark.parametrize("source", documents())
def test_extraction_is_unchanged(source: str, rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # sources are shown as `kehoach extract corpus/...` shows them
    line = to_dict(run(Path(source), rules))
    now = fingerprint(line)
    changed = {
        field: line.get(field)
        for field in SNAPSHOT[source].keys() | now.keys()
        if SNAPSHOT[source].get(field) != now.get(field)
    }
    shown = json.dumps(changed, ensure_ascii=False)[:2000]
    assert not changed, f"{source}: fields {sorted(changed)} changed (`make snapshot` if meant): {shown}"
