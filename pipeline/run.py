"""The pipeline end to end for one input: ingest -> normalize -> extract, failures as records."""

from __future__ import annotations

from pathlib import Path

import regex

from pipeline.extract import extract
from pipeline.extract.rules import RuleSet, load_rules
from pipeline.ingest import IngestError, ingest, ingest_bytes
from pipeline.normalize import normalize
from pipeline.records import Extraction, Failure


def run(path: Path, rules: RuleSet | None = None) -> Extraction | Failure:
    """Read and extract one file; a bad input becomes a Failure that says what went wrong."""
    rules = rules or load_rules()
    try:
        raw = ingest(path)
    except IngestError as exc:
        return Failure(str(path), "ingest", str(exc), format=path.suffix.lstrip(".") or None)
    except (OSError, RecursionError, ValueError) as exc:
        return Failure(str(path), "ingest", f"unreadable: {exc}", format=path.suffix.lstrip(".") or None)
    return run_raw(raw, rules)


def run_bytes(data: bytes, name: str, suffix: str = ".txt", rules: RuleSet | None = None) -> Extraction | Failure:
    rules = rules or load_rules()
    try:
        raw = ingest_bytes(data, suffix, name)
    except IngestError as exc:
        return Failure(name, "ingest", str(exc))
    return run_raw(raw, rules)


def run_raw(raw, rules: RuleSet) -> Extraction | Failure:  # type: ignore[no-untyped-def]
    src = raw.source
    try:
        doc = normalize(raw, rules)
    except (ValueError, TimeoutError, RecursionError) as exc:
        return Failure(src.path, "normalize", str(exc), src.sha256, src.format)
    try:
        return extract(doc, rules)
    except TimeoutError as exc:
        return Failure(src.path, "extract", f"a pattern timed out on this text ({exc}): report it with the file",
                       src.sha256, src.format)
    except regex.error as exc:
        return Failure(src.path, "extract", f"pattern error: {exc}", src.sha256, src.format)
