"""Rules that open lines are searched from the line breaks (outline.line_matches): the same matches."""

from __future__ import annotations

import pytest

from kehoach.extract import outline
from kehoach.rules import Rule
from tests.conftest import project_rules
from tests.extract.test_anchored_rules import corpus_texts

LINE_LED = [r for r in project_rules().all_rules() if outline.line_led(r) is not None]
# the places a line-led search could go wrong: a match at the very start, a match whose trailing "\s*" eats
# the line break the next one opens after, a line break at the end, no line break at all
EDGES = (
    "",
    "\n",
    "1. Tuyên truyền\n2. Kiểm tra\n",
    "1. \n2. Kiểm tra\n3. Báo cáo",
    "I. MỤC ĐÍCH\nII. NHIỆM VỤ\n\na) Tổ chức\nb) Kiểm tra\n(1) Hội thi\n1.1. Tập huấn",
    "KẾ HOẠCH\nTổ chức Hội thi\nIII. TỔ CHỨC THỰC HIỆN\n1. Phòng GD&ĐT chủ trì",
    "  ** 1. Tuyên truyền",
)


def matches(found: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in found]  # type: ignore[attr-defined]


def test_the_line_rules_of_the_extractors_are_line_led() -> None:
    assert {"tasks.numbered", "tasks.roman", "relations.basis_heading", "assignments.section_charge"} <= {
        r.qualified_id for r in LINE_LED
    }


@pytest.mark.parametrize("rule", LINE_LED, ids=lambda r: r.qualified_id)
def test_line_led_search_finds_what_the_rule_finds(rule: Rule) -> None:
    for text in EDGES:
        assert matches(outline.line_matches(rule, text)) == matches(rule.finditer(text)), repr(text)
    for path, text in corpus_texts()[::7]:
        assert matches(outline.line_matches(rule, text)) == matches(rule.finditer(text)), path


@pytest.mark.parametrize(
    ("pattern", "alternates"),
    [
        ("a|b", True),
        ("(?:x)|y", True),
        (r"\((a)|b", True),
        ("(a|b)c", False),
        ("[|]a", False),
        (r"\|a", False),
        ("[]|]a", False),
        ("[^]|]a", False),
        ("[[a-z]--[|]]a", False),
    ],
)
def test_a_bar_outside_groups_and_sets_is_an_alternative(pattern: str, alternates: bool) -> None:
    assert outline.alternates(pattern) is alternates
