"""Chỉ số (indicators): which entry of patterns/indicators.yml a target measures.

The phrasings are tried against the target's indicator phrase, then the words that govern its figure, then
the words after it; the first entry of the file that matches wins (specific entries stand before general
ones). A figure no entry names stays unmapped.
"""

from __future__ import annotations

import functools
from typing import Any

import regex

from pipeline.extract import rx
from pipeline.extract.rules import RuleSet
from pipeline.records import Indicator

FLAGS = regex.IGNORECASE | regex.VERSION1


def entries(rules: RuleSet) -> list[dict[str, Any]]:
    return list(rules.vocab.get("indicators", {}).get("indicators", []))


@functools.cache
def vocabulary(rules: RuleSet) -> tuple[Indicator, ...]:
    """The indicators as typed records, in file order."""
    return tuple(
        Indicator(
            id=str(e["id"]),
            vi=str(e["vi"]),
            en=str(e["en"]),
            unit=e.get("unit", "%"),
            progress=e.get("progress", "increase"),
            sdg=e.get("sdg"),
        )
        for e in entries(rules)
    )


def compile_phrasing(phrasing: str) -> regex.Pattern[str]:
    """A phrasing as written in the file: a space stands for any run of whitespace (" ?" for an optional
    one); whole words only."""
    body = regex.sub(r"(?<!\\) (?!\?)", r"\\s+", regex.sub(r"(?<!\\) \?", r"\\s*", phrasing))
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{body})(?![\p{{L}}])", FLAGS)


@functools.cache
def phrasings(rules: RuleSet) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """(indicator id, one alternation of its phrasings), in file order."""
    return tuple(
        (str(e["id"]), compile_phrasing("|".join(f"(?:{p})" for p in e.get("phrasings", []))))
        for e in entries(rules)
    )


@functools.cache
def any_phrasing(rules: RuleSet) -> regex.Pattern[str]:
    """Every phrasing of the file at once: a stretch this does not match names no indicator (one search)."""
    return compile_phrasing("|".join(f"(?:{p})" for e in entries(rules) for p in e.get("phrasings", [])))


def find_indicator(stretches: tuple[str, ...], rules: RuleSet) -> tuple[str, str] | None:
    """(indicator id, the words that name it) from the first stretch that names one, else None."""
    for stretch in stretches:
        if not stretch or not any_phrasing(rules).search(stretch, timeout=rx.limit(len(stretch))):
            continue
        for indicator_id, pattern in phrasings(rules):
            found = pattern.search(stretch, timeout=rx.limit(len(stretch)))
            if found:
                return indicator_id, found.group(0)
    return None
