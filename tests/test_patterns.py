"""Every example of every rule in patterns/*.yml, and the rules linted as rules (STYLE.md habits 5-7).

A positive example asserts the rule's first match is exactly `match` and that interpreting it yields every
`expect` field; a negative example asserts the rule does not match at all.
"""

from __future__ import annotations

from collections import Counter
from operator import attrgetter

import pytest

from kehoach.extract import interpret
from kehoach.rules import Example, Rule, load_rules

RULES = load_rules()
ALL_RULES = RULES.all_rules()
EXAMPLES: list[Example] = [example for rule in ALL_RULES for example in rule.examples]
POSITIVE = [e for e in EXAMPLES if e.match is not None]
NEGATIVE = [e for e in EXAMPLES if e.match is None]

# Texts that make a careless pattern backtrack for ever: long runs of separators, digits, letters.
HOSTILE = {
    "slashes": "1/" * 5000,
    "letters": "a" * 10000,
    "ngay": "ngày " * 2000,
    "digits-dots": "1.0" * 3333,
    "symbols": "113/KH-UBND " * 800,
    "spaces": " " * 10000,
    "mix": ("Số: 12 / KH - UBND ngày 1/1/ 9,5% trên dưới đạt " * 250)[:10000],
    "capitals": "Ủy Ban Nhân Dân " * 625,
    "open-parens": "(" * 10000,
}


def _by_id(items: list[Example]) -> dict[str, object]:
    return {"argvalues": items, "ids": [e.id for e in items]}


@pytest.mark.parametrize("example", **_by_id(POSITIVE))
def test_positive_example(example: Example) -> None:
    found = example.rule.search(example.text)
    assert found is not None, f"{example.id}: no match in {example.text!r}"
    assert found.group(0) == example.match
    fields = interpret(example.rule, found, RULES)
    for key, value in example.expect.items():
        assert fields.get(key) == value, f"{example.id}: {key}={fields.get(key)!r}, expected {value!r}"


@pytest.mark.parametrize("example", **_by_id(NEGATIVE))
def test_negative_example(example: Example) -> None:
    assert example.rule.search(example.text) is None


@pytest.mark.parametrize("rule", ALL_RULES, ids=attrgetter("qualified_id"))
def test_rule_has_positive_and_negative_examples(rule: Rule) -> None:
    assert rule.description.strip()
    assert any(e.match is not None for e in rule.examples), "no positive example"
    assert any(e.match is None for e in rule.examples), "no negative example"


def test_rule_ids_are_unique() -> None:
    counts = Counter(rule.qualified_id for rule in ALL_RULES)
    assert [rule_id for rule_id, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=attrgetter("qualified_id"))
def test_rule_compiles(rule: Rule) -> None:
    assert rule.compiled.pattern == rule.pattern


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("rule", ALL_RULES, ids=attrgetter("qualified_id"))
def test_rule_cannot_backtrack_forever(rule: Rule, name: str) -> None:
    rule.compiled.search(HOSTILE[name], timeout=0.5)  # raises TimeoutError on a catastrophic pattern
