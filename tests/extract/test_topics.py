"""extract/topics.py: a document's topics (patterns/topics.yml), from its title or repeated keywords."""

from __future__ import annotations

from kehoach.extract.topics import topics_of
from kehoach.rules import RuleSet


def test_topics_come_from_the_title_or_repeated_keywords(rules: RuleSet) -> None:
    assert "cải cách hành chính" in topics_of("Kế hoạch cải cách hành chính năm 2024", "", rules)
    assert topics_of("Thông báo", "tre em", rules) == []  # one mention in the text is not a topic
