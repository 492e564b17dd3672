"""A rule's matches start with one of the characters first_characters reads from its pattern (body_at tries
only the bodies rules that can start at a position's character)."""

from __future__ import annotations

import pytest
import regex

from kehoach.rules import FLAGS, Rule, first_characters
from tests.conftest import project_rules
from tests.extract.test_anchored_rules import corpus_texts

BODIES = project_rules().of("bodies")


def test_every_bodies_rule_has_its_first_characters() -> None:
    assert all(first_characters(r.pattern) for r in BODIES)


@pytest.mark.parametrize("rule", BODIES, ids=lambda r: r.qualified_id)
def test_matches_start_with_a_first_character(rule: Rule) -> None:
    chars = first_characters(rule.pattern)
    assert chars
    texts = [ex.text for ex in rule.examples] + [text for _, text in corpus_texts()[::3]]
    for text in texts:
        for match in rule.compiled.finditer(text):
            assert match.group()[:1].casefold()[:1] in chars, (match.group(), text[:80])


def test_the_engine_matches_no_other_character_to_a_first_character() -> None:
    """Case-insensitively the engine matches "i" to "İ", "s" to "ſ": each folds to the same first letter."""
    every = "".join(chr(k) for k in range(1, 0x30000) if not 0xD800 <= k < 0xE000)
    for rule in BODIES:
        for char in first_characters(rule.pattern) or ():
            for found in regex.finditer(regex.escape(char), every, FLAGS):
                assert found.group().casefold()[:1] == char, (rule.qualified_id, char, found.group())


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        ("a|b", {"a", "b"}),
        ("(?:x)?y", {"x", "y"}),
        ("[A-C]d", {"a", "b", "c"}),
        ("(?<=x)b", {"b"}),
        ("(?i:Ủy)", {"ủ"}),
        ("(?P<h>Đ|đ)x", {"đ"}),
        ("a{0,3}b", {"a", "b"}),
        ("[]a]", {"]", "a"}),
        (r"\(x\s+\p{Lu}", {"("}),
        ("a[|)]|b", {"a", "b"}),
        (r"(?:a\)|b)|c", {"a", "b", "c"}),
        ("(?:^|(?<=\\n))Ban", {"b"}),
        ("a*", None),
        (r"\sb", None),
        ("[^a]b", None),
        (r"\p{Lu}x", None),
        ("(?x)a", None),
        ("a?", None),
        (".a", None),
    ],
)
def test_first_characters_of_small_patterns(pattern: str, chars: set[str] | None) -> None:
    assert first_characters(pattern) == (frozenset(chars) if chars is not None else None)
