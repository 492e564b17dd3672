"""`kehoach explain` (issue 8): every item of a seed bulletin's gold annotation is shown with its rule."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import regex
from click.testing import CliRunner
from rich.console import Console

from kehoach.cli import cli
from kehoach.explain import Mark, explain, render_html, render_terminal
from kehoach.records import Extraction
from kehoach.run import run, run_bytes

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"
SEEDS = sorted((ROOT / "corpus" / "seed").glob("*.txt"))
QUALIFIED = regex.compile(r"[a-z_]+\.[A-Za-z0-9_-]+")


def explained(path: Path) -> tuple[Extraction, tuple[Mark, ...]]:
    result = run(path)
    assert isinstance(result, Extraction), result
    return result, explain(result)


def gold_items(gold: dict) -> list[tuple[str, str, object]]:
    """(kind, field, value) of every item of a gold annotation (../shared/gold, GOLD_FORMAT.md)."""
    items = [("reference", "symbol", r["symbol"]) for r in gold["references"]]
    items += [("date", "date", d) for d in gold["dates"]]
    items += [("target", "value", (t["value"], t["unit"])) for t in gold["targets"]]
    items += [("task", "label", t["label"]) for t in gold["tasks"]]
    return items


def value_of(mark: Mark, field: str) -> object:
    return (mark.fields["value"], mark.fields["unit"]) if mark.kind == "target" else mark.fields.get(field)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_gold_item_is_explained_with_its_rule(path, rules):
    _, marks = explained(path)
    gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
    missing = []
    for kind, field, value in gold_items(gold):
        shown = [m for m in marks if m.kind == kind and value_of(m, field) == value]
        if not shown:
            missing.append((kind, value))
        for mark in shown:
            assert QUALIFIED.fullmatch(mark.rule), mark
            assert rules.rule(mark.rule).file == mark.rule.split(".")[0]  # a rule of patterns/
    assert missing == []


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_each_mark_highlights_its_own_text(path):
    result, marks = explained(path)
    assert all(result.document.text[m.start : m.end] == m.text for m in marks)
    assert all(m.text for m in marks)  # nothing highlighted is empty
    tasks = [m for m in marks if m.kind in ("task", "subtask")]
    assert all(m.text == m.fields["label"] for m in tasks)  # a task shows its label, not its whole item
    targets = [m for m in marks if m.kind == "target"]
    assert all(m.start == m.fields["value_start"] for m in targets)  # a target shows its figure


def test_terminal_tags_every_item_with_its_rule():
    result, marks = explained(SEEDS[0])
    console = Console(file=io.StringIO(), width=160, record=True, color_system=None)
    render_terminal(result, marks, console)
    out = console.export_text()
    for mark in marks:
        assert f"[{mark.number}:{mark.rule}]" in out
    assert "legend:" in out and "reference (" in out
    assert "Items: rule and JSON fields" in out


def test_html_page_has_displacy_spans_labelled_by_rule_and_escapes_the_text():
    result = run_bytes("Kế hoạch số 113/KH-UBND ngày 23/3/2023 <script>x</script>".encode(), "t.txt")
    marks = explain(result)
    page = render_html(result, marks)
    assert page.startswith("<!DOCTYPE html>")
    assert "references.symbol" in page and "dates.numeric" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'class="spans"' in page  # displaCy's span visualizer


def test_cli_explain_writes_html_and_prints_rules(tmp_path):
    out = tmp_path / "explain.html"
    result = CliRunner().invoke(cli, ["explain", str(SEEDS[1]), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert "references.symbol" in result.output and "targets." in result.output
    assert "references.symbol" in out.read_text(encoding="utf-8")


def test_cli_explain_reports_an_unreadable_file(tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"not a pdf at all")
    result = CliRunner().invoke(cli, ["explain", str(bad)])
    assert result.exit_code == 1
    assert "scan.pdf (ingest)" in result.output
