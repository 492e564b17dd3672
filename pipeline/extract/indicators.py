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


def find_indicator(
    stretches: tuple[str, ...], rules: RuleSet, after: str = "", rest: str = ""
) -> tuple[str, str] | None:
    """(indicator id, the words that name it), else None.

    `after` (the words right after the figure: "95% trẻ em dưới 5 tuổi được tiêm chủng") is read first, and
    there the phrase nearest the figure wins (the earliest); then each of `stretches` (the words before the
    figure), where the phrase nearest the figure wins (the one that ends last). Between phrases that end or
    start together, the entry listed first in patterns/indicators.yml. Last, `rest`: the words after the
    figure to the end of its clause.
    """
    if after:
        found = _nearest(after, rules, last=False)
        if found:
            return found
    for stretch in stretches:
        found = _nearest(stretch, rules, last=True)
        if found:
            return found
    return _nearest(rest, rules, last=False) if rest else None


def _nearest(stretch: str, rules: RuleSet, last: bool) -> tuple[str, str] | None:
    if not stretch or not any_phrasing(rules).search(stretch, timeout=rx.limit(len(stretch))):
        return None
    best: tuple[tuple[int, int], str, str] | None = None
    for indicator_id, pattern in phrasings(rules):
        hits = list(pattern.finditer(stretch, timeout=rx.limit(len(stretch))))
        if not hits:
            continue
        hit = hits[-1] if last else hits[0]
        rank = (-hit.end(), hit.start()) if last else (hit.start(), -hit.end())  # nearest, then longest
        if best is None or rank < best[0]:
            best = (rank, indicator_id, hit.group(0))
    return (best[1], best[2]) if best else None


@functools.cache
def settings(rules: RuleSet) -> dict[str, Any]:
    return dict(rules.vocab.get("indicators", {}))


def naming_after(after: str, rules: RuleSet) -> str:
    """The words right after a figure that may name what it counts: to the next ';', sentence end or figure,
    none when a comma or a denominator follows ("chiếm 10% tổng sản phẩm", "đạt 100% kế hoạch")."""
    conf = settings(rules)
    skip = str(conf.get("after_skip", "(?!)"))
    if regex.match(skip, after, FLAGS, timeout=rx.limit(len(after))):
        return ""
    stop = regex.search(str(conf.get("after_stop", "(?!)")), after, FLAGS, timeout=rx.limit(len(after)))
    return after[: stop.start() if stop else AFTER_CHARS]


def clause_after(after: str, rules: RuleSet) -> str:
    """The words after a figure to the next ';' or sentence end, if they start at once (see naming_after)."""
    conf = settings(rules)
    if regex.match(str(conf.get("after_skip", "(?!)")), after, FLAGS, timeout=rx.limit(len(after))):
        return ""
    stop = regex.search(r";|\.(?:\s|$)|\n", after, timeout=rx.limit(len(after)))
    return after[: stop.start() if stop else AFTER_CHARS]


AFTER_CHARS = 160


def unmapped(after: str, rules: RuleSet) -> bool:
    """A figure measured against a plan ("đạt 100% kế hoạch") counts no indicator of its own."""
    pattern = str(settings(rules).get("unmapped_after", "(?!)"))
    return bool(regex.match(pattern, after, FLAGS, timeout=rx.limit(len(after))))


def few_own_words(between: str, rules: RuleSet) -> bool:
    """At most a few words of their own (filler aside) after the last separator of `between`: the figure
    continues the enumeration of the one before ("; tiểu học 99,8%"), it does not name a new thing."""
    conf = settings(rules)
    tail = regex.split(r"[;(,]", between)[-1]
    tail = regex.sub(str(conf.get("filler", "(?!)")), " ", tail, flags=FLAGS, timeout=rx.limit(len(tail)))
    return len(tail.split()) <= int(conf.get("own_words_max", 4))
