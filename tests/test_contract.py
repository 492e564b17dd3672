"""`kehoach extract` keeps ../shared/contract/EXTRACT.md.

JSON Lines, one per input, in input order; an unreadable input is a line with "error".
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED

SEEDS = sorted(SEED.glob("*.txt"))
TOP = {
    "source": str,
    "sha256": str,
    "format": str,
    "kind": str,
    "title": (str, type(None)),
    "province": (str, type(None)),
    "subject": (dict, type(None)),
    "references": list,
    "dates": list,
    "bodies": list,
    "tasks": list,
    "targets": list,
    "error": type(None),
}
ITEM_KEYS = {
    "references": {
        "text",
        "symbol",
        "doc_type",
        "number",
        "year",
        "type_code",
        "issuer_code",
        "issued",
        "issuer",
        "start",
        "end",
        "rule",
    },
    "dates": {"text", "date", "start", "end", "rule"},
    "bodies": {"text", "name", "role", "start", "end"},
    "tasks": {"label", "text", "level", "start", "end"},
    "targets": {
        "text",
        "value",
        "unit",
        "comparator",
        "direction",
        "indicator",
        "year",
        "is_target",
        "start",
        "end",
        "rule",
        "measure",  # version 2 (EXTRACT.md): level | change | rate
        "high",
        "scope",
        "scopes",  # every scope ({text, form}); scope / scope_form are the first (docs/targets.md)
    },
}
SUBJECT_KEYS = {"symbol", "doc_type", "number", "year", "issued", "issuer", "period"}


def kehoach(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kehoach", *args], input=stdin, capture_output=True, check=False
    )


@pytest.fixture(scope="module")
def seed_run() -> subprocess.CompletedProcess[bytes]:
    """`kehoach extract` of the seed bulletins, once for the module: its lines and its bytes are checked."""
    done = kehoach("extract", *map(str, SEEDS))
    assert done.returncode == 0, done.stderr.decode()
    return done


@pytest.fixture(scope="module")
def seed_lines(seed_run: subprocess.CompletedProcess[bytes]) -> list[dict]:
    return [json.loads(line) for line in seed_run.stdout.decode().splitlines()]


def test_one_line_per_input_in_input_order(seed_lines: list[dict]) -> None:
    assert [line["source"] for line in seed_lines] == [str(p) for p in SEEDS]


@pytest.mark.parametrize("key", sorted(TOP))
def test_top_level_fields_have_the_contract_types(seed_lines: list[dict], key: str) -> None:
    assert all(isinstance(line[key], TOP[key]) for line in seed_lines)


@pytest.mark.parametrize("field", sorted(ITEM_KEYS))
def test_items_carry_the_contract_fields(seed_lines: list[dict], field: str) -> None:
    items = [item for line in seed_lines for item in line[field]]
    assert items, f"no {field} in the seed bulletins"
    assert all(ITEM_KEYS[field] <= set(item) for item in items)


def test_subject_carries_the_contract_fields(seed_lines: list[dict]) -> None:
    assert all(SUBJECT_KEYS <= set(line["subject"]) for line in seed_lines if line["subject"])


def test_numbers_are_json_numbers_and_dates_iso(seed_lines: list[dict]) -> None:
    (hue,) = [line for line in seed_lines if "001_" in line["source"]]
    assert [t["value"] for t in hue["targets"]][:2] == [9.5, 12.0]
    assert {d["date"] for d in hue["dates"]} >= {"2023-03-23", "2021-06-09"}


def test_output_is_utf8_not_escaped(seed_run: subprocess.CompletedProcess[bytes]) -> None:
    assert "Thừa Thiên Huế".encode() in seed_run.stdout and b"\\u" not in seed_run.stdout


def test_unreadable_input_gives_an_error_line_and_exit_1_after_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"this is not a pdf at all")
    done = kehoach("extract", str(SEEDS[0]), str(bad), str(SEEDS[1]))
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert done.returncode == 1
    assert [line["error"] is None for line in lines] == [True, False, True]
    assert lines[1]["references"] == [] and lines[1]["error"]


def test_standard_input_is_read_as_plain_text() -> None:
    done = kehoach("extract", "-", stdin=SEEDS[1].read_bytes())
    (line,) = [json.loads(x) for x in done.stdout.decode().splitlines()]
    assert done.returncode == 0 and line["subject"]["symbol"] == "113/KH-UBND"


@pytest.mark.slow
def test_two_workers_give_the_same_lines_as_one() -> None:
    files = [str(p) for p in sorted(Path("corpus/gold").glob("*.txt"))[:12]]
    one = kehoach("extract", "--workers", "1", *files).stdout
    two = kehoach("extract", "--workers", "2", *files).stdout
    assert one == two


def test_standard_input_among_files_keeps_its_place_with_two_workers() -> None:
    files = [str(p) for p in sorted(Path("corpus/gold").glob("*.txt"))[:4]]
    done = kehoach("extract", "--workers", "2", files[0], "-", *files[1:], stdin=SEEDS[1].read_bytes())
    sources = [json.loads(x)["source"] for x in done.stdout.decode().splitlines()]
    assert done.returncode == 0 and sources == [files[0], "-", *files[1:]]
