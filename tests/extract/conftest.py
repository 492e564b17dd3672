"""Fixtures of the extractor tests: documents of corpus/seed and corpus/gold run end to end."""

from __future__ import annotations

import functools
from pathlib import Path

from kehoach.records import Extraction
from kehoach.rules import load_rules
from kehoach.run import run

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
HUE = CORPUS / "seed" / "001_ae63fcba8f4942ae.txt"  # Thừa Thiên Huế, Kế hoạch 113/KH-UBND


@functools.cache
def extracted(path: Path) -> Extraction:
    result = run(path, load_rules())
    assert isinstance(result, Extraction), result
    return result
