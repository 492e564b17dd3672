"""Full calendar dates (patterns/dates.yml): every day-month-year written in the text, as ISO 8601."""

from __future__ import annotations

import datetime as dt
from typing import Any

import regex

from kehoach import rx
from kehoach.records import DateMention
from kehoach.rules import Rule, RuleSet


def parse_date(match: regex.Match[str], rules: RuleSet) -> str | None:
    """ISO date of a match, or None for a day that does not exist (31/02/2023). A month written by its name
    ("Tháng Chín") is numbered by dates.yml `month_names`."""
    groups = match.groupdict()
    month = groups.get("month") or month_number(groups.get("month_name"), rules)
    try:
        return dt.date(int(match.group("year")), int(month or 0), int(match.group("day"))).isoformat()
    except ValueError:
        return None


def month_number(name: str | None, rules: RuleSet) -> str | None:
    if not name:
        return None
    return rules.settings("dates").table("month_names").get(" ".join(name.split()))


def interpret(rule: Rule, match: regex.Match[str], rules: RuleSet) -> dict[str, Any]:
    return {"date": parse_date(match, rules)}


def date_at(text: str, pos: int, rules: RuleSet) -> tuple[str, int] | None:
    """The date that starts exactly at `pos` (used after a symbol: "… ngày 09/06/2021"), and its end."""
    for rule in rules.of("dates"):
        match = rule.compiled.match(text, pos, min(len(text), pos + 40), timeout=rx.limit(40))
        if match and (iso := parse_date(match, rules)):
            return iso, match.end()
    return None


def find_dates(text: str, rules: RuleSet) -> tuple[DateMention, ...]:
    found: list[DateMention] = []
    for rule in rules.of("dates"):
        for match in rule.finditer(text):
            iso = parse_date(match, rules)
            if iso:
                mention = DateMention(
                    text=match.group(0),
                    date=iso,
                    start=match.start(),
                    end=match.end(),
                    rule=rule.qualified_id,
                )
                found.append(mention)
    found.sort(key=lambda d: (d.start, -d.end))
    kept: list[DateMention] = []
    for mention in found:
        if (
            not kept or mention.start >= kept[-1].end
        ):  # overlapping forms of one date: keep the first, longest
            kept.append(mention)
    return tuple(kept)
