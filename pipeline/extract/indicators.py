"""Chỉ số (indicators): which entry of patterns/indicators.yml a target measures.

The phrasings are tried against the target's indicator phrase, then the words that govern its figure, then
the words after it; the first entry of the file that matches wins (specific entries stand before general
ones). A figure no entry names stays unmapped.
"""

from __future__ import annotations

import functools
from typing import Any

import regex

from kehoach import rx
from kehoach.records import Indicator
from kehoach.rules import RuleSet
from kehoach.text import per_text

FLAGS = regex.IGNORECASE | regex.VERSION0  # simple case folding: same matches, a third of the compile time


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
def combined(rules: RuleSet) -> tuple[regex.Pattern[str], dict[str, tuple[int, str]]]:
    """Every entry's phrasings as one alternation, a named group per entry (in file order): one search finds
    the phrase nearest a figure (compiled once: parsing it is most of its cost)."""
    groups: dict[str, tuple[int, str]] = {}
    parts = []
    for order, entry in enumerate(entries(rules)):
        name = f"i{order}"
        groups[name] = (order, str(entry["id"]))
        parts.append(f"(?P<{name}>" + "|".join(f"(?:{p})" for p in entry.get("phrasings", [])) + ")")
    body = "|".join(parts) or "(?!)"
    return compile_phrasing(body), groups


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


@per_text
def _nearest(stretch: str, rules: RuleSet, last: bool) -> tuple[str, str] | None:
    """The phrase nearest the figure: in a stretch after it the first to start; in a stretch before it the
    last to end, looked for in ever wider tails of the stretch. At one place, the entry listed first."""
    if not stretch:
        return None
    pattern, groups = combined(rules)
    end = len(stretch)
    found = None
    if not last:
        found = pattern.search(stretch, timeout=rx.limit(end))
    else:
        for width in TAILS:
            start = max(0, end - width)
            hits = list(pattern.finditer(stretch, start, end, timeout=rx.limit(end - start)))
            if hits:
                found = max(hits, key=lambda m: (m.end(), -m.start()))
                break
            if start == 0:
                break
    if found is None or not found.lastgroup:
        return None
    return groups[found.lastgroup][1], found.group(0)


TAILS = (60, 150, 400)  # characters before a figure searched for its nearest phrase, widest last


@functools.cache
def settings(rules: RuleSet) -> dict[str, Any]:
    return dict(rules.vocab.get("indicators", {}))


@functools.cache
def setting(rules: RuleSet, key: str) -> regex.Pattern[str]:
    """One pattern of the file's settings (after_skip, after_stop, unmapped_after, filler), compiled once."""
    return regex.compile(str(settings(rules).get(key, "(?!)")), FLAGS)


SEMICOLON_OR_END = regex.compile(r";|\.(?:\s|$)|\n")


def naming_after(after: str, rules: RuleSet) -> str:
    """The words right after a figure that may name what it counts: to the next ';', sentence end or figure,
    none when a comma or a denominator follows ("chiếm 10% tổng sản phẩm", "đạt 100% kế hoạch")."""
    if setting(rules, "after_skip").match(after, timeout=rx.limit(len(after))):
        return ""
    stop = setting(rules, "after_stop").search(after, 0, AFTER_CHARS, timeout=rx.limit(AFTER_CHARS))
    return after[: stop.start() if stop else AFTER_CHARS]


def clause_after(after: str, rules: RuleSet) -> str:
    """The words after a figure to the next ';' or sentence end, if they start at once (see naming_after)."""
    if setting(rules, "after_skip").match(after, timeout=rx.limit(len(after))):
        return ""
    stop = SEMICOLON_OR_END.search(after, 0, AFTER_CHARS, timeout=rx.limit(AFTER_CHARS))
    return after[: stop.start() if stop else AFTER_CHARS]


AFTER_CHARS = 160


def unmapped(after: str, rules: RuleSet) -> bool:
    """A figure measured against a plan ("đạt 100% kế hoạch") counts no indicator of its own."""
    return bool(setting(rules, "unmapped_after").match(after, timeout=rx.limit(len(after))))


def few_own_words(between: str, rules: RuleSet) -> bool:
    """At most a few words of their own (filler aside) after the last separator of `between`: the figure
    continues the enumeration of the one before ("; tiểu học 99,8%"), it does not name a new thing."""
    tail = SEPARATOR.split(between)[-1]
    tail = setting(rules, "filler").sub(" ", tail, timeout=rx.limit(len(tail)))
    return len(tail.split()) <= int(settings(rules).get("own_words_max", 4))


SEPARATOR = regex.compile(r"[;(,]")
