"""Nhiệm vụ, giải pháp, mục tiêu (GOLD_FORMAT.md `tasks`): the top level of the list that enumerates them."""

from __future__ import annotations

from pipeline.extract.rules import load_rules
from pipeline.extract.tasks import find_tasks
from tests.extract.conftest import CORPUS, extracted

RULES = load_rules()


def labels(text: str) -> list[str]:
    return [t.label for t in find_tasks(text, RULES)]


def test_parenthesised_items_after_a_trigger() -> None:
    text = "Nhiệm vụ trọng tâm:\n(1) Tăng cường truyền thông;\n(2) Nâng cao năng lực;\n(3) Kiểm tra giám sát."
    assert labels(text) == ["(1)", "(2)", "(3)"]


def test_lettered_items_run_past_h() -> None:
    items = "\n".join(f"{c}) Chỉ tiêu số {i}" for i, c in enumerate("abcdđeghiklmnop", 1))
    assert labels("Các chỉ tiêu chủ yếu:\n" + items) == [f"{c})" for c in "abcdđeghiklmnop"]


def test_sub_items_are_not_top_level() -> None:
    text = "Giải pháp:\n1. Tuyên truyền\na) Tổ chức hội nghị\nb) In tờ rơi\n2. Kiểm tra việc thực hiện"
    assert labels(text) == ["1.", "2."]


def test_a_list_without_a_trigger_is_not_a_task_list() -> None:
    assert labels("Căn cứ:\n1. Luật Trẻ em\n2. Nghị định số 56") == []


def test_an_outline_of_headings_is_not_the_task_list() -> None:
    # corpus/gold/116: "1. Mục tiêu tổng quát / 2. Một số chỉ tiêu chủ yếu" are headings; the list is (1)
    assert [t.label for t in extracted(CORPUS / "gold" / "116.txt").tasks] == ["(1)"]


def test_dash_bullets_never_count() -> None:
    assert labels("Nhiệm vụ:\n- Tuyên truyền\n- Kiểm tra") == []
