"""Topics of a document (patterns/topics.yml): named in its title, or with enough keyword hits in its text.

Computed for every stored document in the workers (store.rows_of fills documents.topics with topics_json);
the site facets by them.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from itertools import islice

import regex

from kehoach.rules import RuleSet
from kehoach.text import fold


@dataclass(frozen=True)
class TopicMatcher:
    pattern: regex.Pattern[str]  # the keywords, folded, as whole words
    keywords: tuple[str, ...]  # the same, for a substring test that rules most topics out cheaply


@functools.cache
def topic_matchers(rules: RuleSet) -> tuple[dict[str, TopicMatcher], int]:
    """Topic -> one regex over folded text (whole words), and the number of hits that earns the topic."""
    data = rules.vocab.get("topics", {}) or {}
    matchers = {}
    for topic, words in (data.get("topics") or {}).items():
        folded = tuple(fold(w) for w in sorted(words, key=len, reverse=True))
        alternation = "|".join(regex.escape(w) for w in folded)
        matchers[str(topic)] = TopicMatcher(regex.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), folded)
    return matchers, int(data.get("min_hits", 3))


def has_hits(matcher: TopicMatcher, text: str, count: int) -> bool:
    """Whether the text has `count` whole-word keyword hits.

    Every hit is an occurrence of its keyword, so when the keywords occur fewer than `count` times in all
    (`str.count`, no regex) the answer is no; most topics of most documents stop there. Otherwise the
    regex counts whole words, from the first keyword found (the lookbehind still sees the text before).
    """
    if count <= 0:
        return True
    if sum(text.count(w) for w in matcher.keywords) < count:
        return False
    start = min(i for w in matcher.keywords if (i := text.find(w)) >= 0)
    hits = matcher.pattern.finditer(text, start)
    return next(islice(hits, count - 1, None), None) is not None


def topics_of(title: str | None, text_folded: str | None, rules: RuleSet) -> list[str]:
    """Topics named in the title, or with `min_hits` keyword hits in the text (computed for every stored
    document, in the workers)."""
    matchers, min_hits = topic_matchers(rules)
    title_folded = fold(title or "")
    text = text_folded or ""
    return [
        topic
        for topic, matcher in matchers.items()
        if has_hits(matcher, title_folded, 1) or has_hits(matcher, text, min_hits)
    ]


def topics_json(title: str | None, text_folded: str | None, rules: RuleSet) -> str:
    """The documents.topics value: store.rows_of fills it in the worker, prepare_topics for the rest."""
    return json.dumps(topics_of(title, text_folded, rules), ensure_ascii=False)
