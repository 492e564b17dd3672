"""Every example of every rule in patterns/*.yml, and the rules linted as rules (STYLE.md habits 5-7).

A positive example asserts the rule's first match is exactly `match` and that interpreting it yields every
`expect` field; a negative example asserts the rule does not match at all.
"""

from __future__ import annotations

from collections import Counter
from operator import attrgetter

import pytest

from kehoach import rules_check
from kehoach.rules import Example, Rule, RuleSet
from kehoach.rules_check import (
    SettingsExample,
    example_problem,
    settings_example_problem,
    settings_examples,
)
from tests.conftest import project_rules

ALL_RULES = project_rules().all_rules()
EXAMPLES: list[Example] = [example for rule in ALL_RULES for example in rule.examples]


def _by_id(items: list[Example]) -> dict[str, object]:
    return {"argvalues": items, "ids": [e.id for e in items]}


@pytest.mark.parametrize("example", **_by_id(EXAMPLES))
def test_rule_example(example: Example, rules: RuleSet) -> None:
    """The example as `kehoach rules check` checks it (one checker): a positive example's first match is
    exactly `match` and yields every `expect` field, a negative one does not match."""
    assert (
        example_problem(
            example.rule, example.text, example.match, example.expect, rules, example.before, example.after
        )
        is None
    )


@pytest.mark.parametrize("example", settings_examples(project_rules()), ids=attrgetter("id"))
def test_settings_example(example: SettingsExample, rules: RuleSet) -> None:
    """A settings list in meaning: the text through the file's field function gives the fields it states."""
    assert settings_example_problem(example, rules) is None


@pytest.mark.parametrize("rule", ALL_RULES, ids=attrgetter("qualified_id"))
def test_rule_has_positive_and_negative_examples(rule: Rule) -> None:
    assert rule.description.strip()
    assert any(e.match is not None for e in rule.examples), "no positive example"
    assert any(e.match is None for e in rule.examples), "no negative example"


def test_rule_ids_are_unique() -> None:
    counts = Counter(rule.qualified_id for rule in ALL_RULES)
    assert [rule_id for rule_id, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=attrgetter("qualified_id"))
def test_rule_cannot_backtrack_forever(rule: Rule) -> None:
    """Every hostile text of `kehoach rules check` (long runs of letters, digits, separators) gets an answer
    within its timeout (searched once a run, whichever test process needs it first: tests/conftest.py)."""
    assert rules_check.backtracks_on(rule.compiled) is None


GUARDED = [rule for rule in ALL_RULES if rule.guard is not None]


@pytest.mark.parametrize("rule", GUARDED, ids=attrgetter("qualified_id"))
def test_guard_is_in_every_positive_example(rule: Rule) -> None:
    """A rule's `guard` skips a text it is absent from: every match the rule's examples show contains it."""
    assert rule.guard is not None
    for example in rule.examples:
        if example.match is not None:
            assert rule.guard.search(example.match), f"{example.id}: {example.match!r} lacks the guard"
