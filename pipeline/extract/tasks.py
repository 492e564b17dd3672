"""Nhiệm vụ, giải pháp, mục tiêu (tasks, solutions, goals): the numbered lists a trigger phrase introduces.

A list is a run of labels of one style counting up from the first (1, 2, 3 / a, b, c / I, II, III).
It counts when the text just before its first item names tasks, solutions or goals (patterns/tasks.yml
`triggers`). Its items are level 1; labels of other styles inside an item are level 2. A label of a
style that outranks the list (a Roman numeral inside an Arabic list) ends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from pipeline.extract import rx
from pipeline.extract.rules import Rule, RuleSet
from pipeline.records import Task

LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese list letters: đ follows d; no f, j, w, z
ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
    "XIII": 13,
    "XIV": 14,
    "XV": 15,
}
RANK = {"roman": 0, "arabic": 1, "paren": 1, "decimal": 2, "letter": 3}
WINDOW = 300  # characters before a list's first item where its trigger phrase must be
MAX_TEXT = 600
TAIL_CHARS = 1500  # a one-item list counts only when the text is cut off this soon after it


@dataclass(frozen=True)
class Label:
    start: int  # the label
    text_start: int  # the item's text, after the label
    label: str
    n: int
    style: str
    rule: str


def ordinal(match: regex.Match[str]) -> int | None:
    groups = match.groupdict()
    if groups.get("n"):
        return int(groups["n"])
    if groups.get("letter"):
        return LETTERS.index(groups["letter"].lower()) + 1 if groups["letter"].lower() in LETTERS else None
    if groups.get("roman"):
        return ROMAN.get(groups["roman"])
    return None


def interpret(rule: Rule, match: regex.Match[str], rules: RuleSet) -> dict[str, Any]:
    return {"label": match.group("label"), "n": ordinal(match)}


def labels(text: str, rules: RuleSet) -> list[Label]:
    found: dict[int, Label] = {}
    for rule in rules.of("tasks"):
        for match in rule.finditer(text):
            n = ordinal(match)
            start = match.start("label")
            if n is not None and start not in found:
                style = str(rule.params.get("style", rule.id))
                found[start] = Label(start, match.end(), match.group("label"), n, style, rule.qualified_id)
    return [found[k] for k in sorted(found)]


def introduced(text: str, first: Label, rules: RuleSet) -> bool:
    """Whether the heading or sentence just before a list names tasks, solutions or goals."""
    conf = rules.vocab.get("tasks", {})
    window = text[max(0, first.start - WINDOW) : first.start]
    # only the last two lines (or the sentence) before the list speak for it
    window = "\n".join(window.rstrip().split("\n")[-2:])
    if rx.search(conf.get("not_triggers", "(?!)"), window[-120:], regex.IGNORECASE, timeout=1.0):
        return False
    return bool(rx.search(conf.get("triggers", "(?!)"), window, regex.IGNORECASE, timeout=1.0))


def run_from(found: list[Label], i: int) -> list[int]:
    """Indices of the items of the list that starts at found[i]: same style, counting up by one."""
    head = found[i]
    members = [i]
    for j in range(i + 1, len(found)):
        label = found[j]
        if RANK[label.style] < RANK[head.style]:
            break
        if label.style == head.style:
            if label.n != found[members[-1]].n + 1:
                break
            members.append(j)
    return members


def item_end(text: str, found: list[Label], j: int, run_end: int) -> int:
    """An item ends at the next label of any style, a blank line, or the end of its list."""
    nxt = found[j + 1].start if j + 1 < len(found) else len(text)
    end = min(nxt, run_end, found[j].text_start + MAX_TEXT)
    blank = text.find("\n\n", found[j].text_start, end)
    return blank if blank != -1 else end


def to_task(text: str, label: Label, end: int, level: int) -> Task:
    while end > label.text_start and text[end - 1] in " \n;,":
        end -= 1
    return Task(label.label, text[label.text_start : end], level, label.text_start, end, label.rule)


def is_outline(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Whether a list's items are the headings of the plan's structure ('1. Mục tiêu tổng quát', '2. Một số
    chỉ tiêu chủ yếu'): then the lists under them hold the tasks."""
    pattern = rules.vocab.get("tasks", {}).get("structure", "(?!)")
    heading = rf"(?:\p{{L}}+\s+){{0,2}}?(?:{pattern})\s*[:.]?\s*"
    for j in members:
        line_end = text.find("\n", found[j].text_start)
        line = text[found[j].text_start : line_end if line_end != -1 else len(text)]
        if rx.fullmatch(heading, line.strip(), regex.IGNORECASE, timeout=1.0):
            return True
    return False


def is_list(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Two items or more; or one item when the text is cut off right after it (an excerpt)."""
    if is_outline(text, found, members, rules):
        return False
    if len(members) >= 2:
        return True
    head = found[members[0]]
    later = any(RANK[f.style] <= RANK[head.style] for f in found[members[0] + 1 :])
    return not later and len(text) - head.text_start <= TAIL_CHARS


def find_tasks(text: str, rules: RuleSet) -> tuple[Task, ...]:
    found = labels(text, rules)
    tasks: list[Task] = []
    used: set[int] = set()
    for i, head in enumerate(found):
        if i in used or head.n != 1 or not introduced(text, head, rules):
            continue
        members = run_from(found, i)
        if not is_list(text, found, members, rules):
            continue
        last = members[-1]
        after = next(
            (found[k].start for k in range(last + 1, len(found)) if RANK[found[k].style] <= RANK[head.style]),
            len(text),
        )
        for j in range(i, len(found)):  # the items, and the sub-items of each down to the end of the list
            if found[j].start >= after:
                break
            level = 1 if j in members else 2
            if level == 2 and RANK[found[j].style] <= RANK[head.style]:
                continue
            tasks.append(to_task(text, found[j], item_end(text, found, j, after), level))
            used.add(j)
    deepest = int(rules.vocab.get("tasks", {}).get("emit_levels", 1))
    return tuple(task for task in tasks if task.level <= deepest)
