"""Docs match the code: every command in the README, every rule described (STYLE habit 12)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from kehoach.cli import cli
from kehoach.rules import RuleSet

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


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
