"""Extraction | Failure -> one JSON line of `kehoach extract` (../shared/contract/EXTRACT.md).

The only place the public shape is written. Fields may be added, never renamed or dropped.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from kehoach.records import Document, Extraction, Failure

LISTS = ("references", "dates", "bodies", "tasks", "targets")


def page_fields(doc: Document, start: int) -> dict[str, Any]:
    """Page number, and OCR provenance, of an item in a paged document."""
    page = doc.page_at(start)
    if page is None:
        return {}
    out: dict[str, Any] = {"page": page.number}
    if page.ocr:
        out.update(ocr=True, ocr_confidence=page.confidence)
    return out


def item(record: Any, doc: Document) -> dict[str, Any]:
    data = asdict(record)
    data.update(page_fields(doc, data["start"]))
    return data


def subject_dict(result: Extraction) -> dict[str, Any] | None:
    if result.subject is None:
        return None
    data = asdict(result.subject)
    data["period"] = list(result.subject.period) if result.subject.period else None
    first = result.document.pages[0] if result.document.pages else None
    if first is not None and first.ocr:  # the header was read by OCR: check it against the image
        data.update(ocr=True, ocr_confidence=first.confidence)
    return data


def to_dict(result: Extraction | Failure) -> dict[str, Any]:
    if isinstance(result, Failure):
        return {
            "source": result.source,
            "sha256": result.sha256,
            "format": result.format,
            "kind": None,
            "title": None,
            "province": None,
            "subject": None,
            **{name: [] for name in LISTS},
            "error": f"{result.stage}: {result.message}",
        }
    doc = result.document
    top_tasks = [t for t in result.tasks if t.level == 1]
    return {
        "source": doc.source.path,
        "sha256": doc.source.sha256,
        "format": doc.source.format,
        "kind": result.kind,
        "title": result.title,
        "province": result.province,
        "subject": subject_dict(result),
        "references": [item(r, doc) for r in result.references],
        "dates": [item(d, doc) for d in result.dates],
        "bodies": [item(b, doc) for b in result.bodies],
        "tasks": [item(t, doc) for t in top_tasks],
        "subtasks": [item(t, doc) for t in result.tasks if t.level > 1],
        "targets": [item(t, doc) for t in result.targets],
        "pages": doc.page_count,
        "pages_ocr": sum(1 for p in doc.pages if p.ocr),
        "encoding": doc.encoding,
        "error": None,
    }


def to_json_line(result: Extraction | Failure) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False)


def contract_line(result: Extraction | Failure, rules: object = None) -> tuple[bool, str]:
    """(whether the input failed, its JSON line): made in the worker, so the process that writes the lines
    does not unpickle every record and encode it while the workers wait for a core. `rules` is unused:
    run_many passes them to every `then`."""
    return isinstance(result, Failure), to_json_line(result)
