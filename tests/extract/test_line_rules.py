"""Rules that open lines are searched from the line breaks (Rule.led): the same matches as their pattern's."""

from __future__ import annotations

import pytest

from kehoach import rules as rules_module
from kehoach.rules import MATCH_TIMEOUT, Rule
from tests.conftest import project_rules
from tests.extract.test_anchored_rules import corpus_texts

LINE_LED = [r for r in project_rules().all_rules() if r.led is not None]
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


def plain(rule: Rule, text: str, pos: int = 0, endpos: int | None = None) -> object:
    """The rule's own pattern over the text, as the engine searches it without the line breaks' help."""
    end = len(text) if endpos is None else endpos
    return rule.compiled.finditer(text, pos, end, timeout=MATCH_TIMEOUT, overlapped=False)


def test_the_line_rules_of_the_extractors_are_line_led() -> None:
    assert {
        "tasks.numbered",
        "tasks.roman",
        "relations.basis_heading",
        "assignments.section_charge",
        "assignments.line_table",
        "subject.title_chrome",
        "subject.header_body",
        "subject.timed_item",
    } <= {r.qualified_id for r in LINE_LED}
    # opening otherwise than with a run of spaces or marks, the engine finds them faster by its own means
    assert not {"subject.period_review", "assignments.flat_table_header", "subject.titled_school"} & {
        r.qualified_id for r in LINE_LED
    }


@pytest.mark.parametrize("rule", LINE_LED, ids=lambda r: r.qualified_id)
def test_line_led_search_finds_what_the_rule_finds(rule: Rule) -> None:
    for text in EDGES:
        assert matches(rule.finditer(text)) == matches(plain(rule, text)), repr(text)
        for pos, end in ((1, len(text)), (len(text) // 3, len(text) - 2), (0, len(text) // 2)):  # a stretch
            if 0 <= pos <= end:
                found = matches(rule.finditer(text, pos, end))
                assert found == matches(plain(rule, text, pos, end)), repr(text)
    for path, text in corpus_texts()[::7]:
        assert matches(rule.finditer(text)) == matches(plain(rule, text)), path
        third = len(text) // 3
        stretch = (third, 2 * third)
        assert matches(rule.finditer(text, *stretch)) == matches(plain(rule, text, *stretch)), path


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
    assert rules_module.alternates(pattern) is alternates
