"""Docs match the code: every command in the README, every rule described (STYLE habit 12)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
import regex

from kehoach.cli import cli
from kehoach.rules import RuleSet

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
MAKE_TARGETS = sorted(set(regex.findall(r"(?m)^([a-z][a-z-]*):(?![=:])", MAKEFILE)))


def command_names() -> list[str]:
    names = []
    for name, command in cli.commands.items():
        names.append(name)
        if isinstance(command, click.Group):
            names += [f"{name} {sub}" for sub in command.commands]
    return sorted(names)


@pytest.mark.parametrize("command", command_names())
def test_command_is_in_readme(command: str) -> None:
    assert f"kehoach {command}" in README


@pytest.mark.parametrize("command", command_names())
def test_command_help_has_an_example(command: str) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [*command.split(), "--help"])
    assert result.exit_code == 0 and "Example" in result.output


def test_every_rule_has_a_description(rules: RuleSet) -> None:
    assert [r.qualified_id for r in rules.all_rules() if not r.description.strip()] == []


def test_readme_opens_with_the_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1][:400]
    assert "make serve" in quick and "make test" in quick


def test_every_phony_target_has_a_rule() -> None:
    """A .PHONY name without a rule makes `make NAME` succeed doing nothing ("test-all" did)."""
    phony = regex.search(r"(?m)^\.PHONY:(.*)$", MAKEFILE).group(1).split()
    assert sorted(set(phony) - set(MAKE_TARGETS)) == []


@pytest.mark.parametrize("target", MAKE_TARGETS)
def test_make_help_lists_the_target(target: str) -> None:
    """README: "`make help` lists every target"; it prints each `## ` text as written, so no $(VARIABLE)."""
    rule = regex.search(rf"(?m)^{target}:.*?## (.*)$", MAKEFILE)
    assert rule and "$(" not in rule.group(1)


def test_readme_stays_under_20_kb() -> None:
    """The README is read on a phone and in a terminal: new detail goes to docs/, not into it."""
    assert len(README.encode("utf-8")) < 20_000


DOCS = ["README.md", "CHANGELOG.md", *sorted(p.name for p in (ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", DOCS)
def test_links_between_docs_resolve(doc: str) -> None:
    """Every relative link of a doc inside the repository names a file that exists."""
    path = ROOT / doc if (ROOT / doc).exists() else ROOT / "docs" / doc
    links = regex.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8"))
    inside = [(path.parent / link).resolve() for link in links if "://" not in link]
    inside = [target for target in inside if target.is_relative_to(ROOT)]
    assert [str(t.relative_to(ROOT)) for t in inside if not t.exists()] == []
