"""README "Adding an extraction rule" (issue 8), followed step by step on a temporary copy of patterns/.

The steps, the YAML lines and the commands are the README's; the last test checks that the README still
shows them, so the walk-through and this test cannot drift apart.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from kehoach.rules import PATTERNS_DIR
from kehoach.rules_check import check

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "Phương án số 12/PA-UBND ngày 05/3/2024 của UBND tỉnh Lâm Đồng"
VOCABULARY_LINE = "PA: {name: Phương án}"  # step 2, under `types:` of doc_types.yml
EXAMPLE_LINE = (  # step 3, under `examples:` of references.symbol
    '- {text: "Phương án số 12/PA-UBND ngày 05/3/2024 của UBND tỉnh Lâm Đồng", '
    'match: "Phương án số 12/PA-UBND", '
    'expect: {symbol: "12/PA-UBND", type_code: "PA", issuer_code: "UBND", doc_type: "Phương án"}}'
)
EDITED = ["references.yml", "doc_types.yml"]  # the files steps 2 and 3 edit: step 4 checks them
COMMANDS = ["kehoach extract pa.txt", "kehoach explain pa.txt", "kehoach rules check " + " ".join(EDITED)]


def kehoach(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A README command as a reader runs it: `python -m kehoach` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "kehoach", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def kehoach_here(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The same command through the same click group, in this process (the rules of the patterns folder are
    loaded again when a file of it changes, so the steps see each edit): the README's later steps run here,
    and step 1 runs in a process of its own, so a new process of the entry point is still followed."""
    from click.testing import CliRunner

    from kehoach.cli import cli

    with contextlib.chdir(cwd):
        result = CliRunner().invoke(cli, list(args))
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


def add_vocabulary(patterns: Path) -> None:
    """Step 2: a new line under `types:`."""
    path = patterns / "doc_types.yml"
    text = path.read_text(encoding="utf-8")
    assert regex.search(r"(?m)^types:\s*$", text)
    path.write_text(
        regex.sub(r"(?m)^types:\s*\n", f"types:\n  {VOCABULARY_LINE}\n", text, count=1), encoding="utf-8"
    )


def add_example(patterns: Path) -> None:
    """Step 3: a new line at the end of the `examples:` of the rule `symbol`."""
    path = patterns / "references.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    rule = next(i for i, line in enumerate(lines) if regex.match(r"\s*- id: symbol\s*$", line))
    head = next(i for i in range(rule, len(lines)) if regex.match(r"\s*examples:\s*$", lines[i]))
    indent = len(lines[head]) - len(lines[head].lstrip()) + 2
    last = head
    while last + 1 < len(lines) and lines[last + 1].startswith(" " * indent + "- "):
        last += 1
    lines.insert(last + 1, " " * indent + EXAMPLE_LINE + "\n")
    path.write_text("".join(lines), encoding="utf-8")


def reference(output: str) -> dict:
    [line] = output.splitlines()
    [ref] = json.loads(line)["references"]
    return ref


def problems(patterns: Path) -> set[tuple[str, str | None, str]]:
    """What `kehoach rules check references.yml doc_types.yml` finds (every file's schema, their examples)."""
    return {(Path(f.path).name, f.rule, f.message) for f in check(patterns, [Path(e).stem for e in EDITED])}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(PATTERNS_DIR, tmp_path / "patterns")
    (tmp_path / "pa.txt").write_text(SENTENCE + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.slow
def test_walkthrough_adding_a_document_type(work):
    patterns = str(work / "patterns")
    before = problems(work / "patterns")  # the copy as it is (rule work elsewhere may be in progress)

    # 1. See what the rules make of it now: the reference is found, but its type is unknown.
    step1 = kehoach("extract", "--patterns", patterns, "pa.txt", cwd=work)
    assert step1.returncode == 0, step1.stderr
    ref = reference(step1.stdout)
    assert (ref["symbol"], ref["doc_type"]) == ("12/PA-UBND", None)
    assert "Phương án" not in ref["text"]
    assert kehoach_here("explain", "--patterns", patterns, "pa.txt", cwd=work).returncode == 0

    # 2. Add the type to the vocabulary, 3. add an example to references.symbol.
    add_vocabulary(work / "patterns")
    add_example(work / "patterns")

    # 4. Check the rules: the walk-through adds no problem (and passes outright when patterns/ does).
    step4 = kehoach_here("rules", "check", *EDITED, "--patterns", patterns, cwd=work)
    assert problems(work / "patterns") == before
    assert step4.returncode == (1 if before else 0), step4.stdout + step4.stderr
    if not before:
        assert "all rules pass" in step4.stderr

    # 5. Extract again: the whole "Phương án số 12/PA-UBND", typed.
    step5 = kehoach_here("extract", "--patterns", patterns, "pa.txt", cwd=work)
    ref = reference(step5.stdout)
    assert (ref["doc_type"], ref["type_code"], ref["issuer_code"]) == ("Phương án", "PA", "UBND")
    assert ref["text"].startswith("Phương án số 12/PA-UBND")
    explained = kehoach_here("explain", "--patterns", patterns, "pa.txt", cwd=work)
    assert "[1:references.symbol]" in explained.stdout


def test_walkthrough_aside_example_without_vocabulary_is_reported(work):
    """Step 4's aside: the example alone (no step 2) fails, and the check points at it."""
    add_example(work / "patterns")
    new = problems(work / "patterns") - problems(PATTERNS_DIR)
    [(name, rule, message)] = new
    assert (name, rule) == ("references.yml", "references.symbol")
    assert regex.fullmatch(
        r"example \[\d+\]: expected match 'Phương án số 12/PA-UBND', got 'số 12/PA-UBND'", message
    )


def test_readme_shows_the_walkthrough():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    heading = regex.search(r"(?m)^(#+) Adding an extraction rule\s*$", text)
    assert heading, "README.md lost its 'Adding an extraction rule' section: the steps these tests follow"
    rest = text[heading.end() :]
    following = regex.search(rf"(?m)^#{{1,{len(heading.group(1))}}} ", rest)
    section = rest[: following.start()] if following else rest
    for snippet in [SENTENCE, VOCABULARY_LINE, EXAMPLE_LINE, *COMMANDS, "doc_types.yml", "references.yml"]:
        assert snippet in section, snippet
