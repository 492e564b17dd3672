"""pipeline/rx.py: compiled patterns kept between processes match as freshly compiled ones; a file that is not
one of the store's is never trusted (its objects are not built), only compiled again."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach import rx
from kehoach.rules import FLAGS, load_rules

TEXT = "Căn cứ Kế hoạch số 113/KH-UBND ngày 05/01/2026 của Ủy ban nhân dân tỉnh Lâm Đồng"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store of its own for the test, in a folder the test names."""
    monkeypatch.setenv(rx.STORE_ENV, str(tmp_path))
    rx._store.cache_clear()
    yield tmp_path
    rx._store.cache_clear()


def one_process(folder: Path) -> str:
    """A new process that compiles the project's rules (kept in `folder`) and prints what they find."""
    code = (
        "from kehoach.rules import load_rules; r = load_rules();"
        f"print([(x.id, [m.span() for m in x.compiled.finditer({TEXT!r})]) for x in r.all_rules()])"
    )
    env = {"PATH": "/usr/bin:/bin", rx.STORE_ENV: str(folder)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout


def test_a_second_process_reads_the_rules_patterns_and_finds_the_same(tmp_path: Path) -> None:
    first = one_process(tmp_path)
    [kept] = tmp_path.glob("regex-*.pickle")
    second = one_process(tmp_path)
    assert kept.stat().st_mtime_ns == next(tmp_path.glob("regex-*.pickle")).stat().st_mtime_ns  # nothing new
    assert first == second and "('symbol', [(7, 30)])" in first  # Kế hoạch số 113/KH-UBND
    assert {pattern for pattern, _ in rx._read(kept)} >= {r.pattern for r in load_rules().all_rules()}


def test_a_stored_pattern_is_the_compiled_one(store: Path) -> None:
    pattern = r"(?P<number>\d+)/(?P<type>[\p{Lu}Đ]+)-(?P<issuer>[\p{Lu}Đ]+)"
    compiled = rx.stored_compile(pattern, FLAGS)
    rx._write(rx._store(), rx.os.getpid())
    rx._store.cache_clear()
    read = rx.stored_compile(pattern, FLAGS)
    assert read is not compiled and (read.pattern, read.flags) == (compiled.pattern, compiled.flags)
    assert (
        read.search(TEXT).groupdict()
        == compiled.search(TEXT).groupdict()
        == {  # type: ignore[union-attr]
            "number": "113",
            "type": "KH",
            "issuer": "UBND",
        }
    )


def test_a_running_process_shares_its_patterns_before_it_ends(store: Path) -> None:
    """keep_compiled: a test run's workers write what they compiled at once, for the commands they run."""
    pattern = r"(?P<number>\d+)/KH-(?P<issuer>[\p{Lu}Đ]+)"
    rx.stored_compile(pattern, FLAGS)
    rx.keep_compiled()
    [kept] = store.glob("regex-*.pickle")
    assert (pattern, int(FLAGS)) in rx._read(kept)
    written = kept.stat().st_mtime_ns
    rx.keep_compiled()  # nothing compiled since: nothing written
    rx._write(rx._store(), rx.os.getpid())  # nor at exit
    assert kept.stat().st_mtime_ns == written


class Planted:
    """What a planted file would build if it were unpickled with pickle.load."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (print, ("planted",))


def test_a_file_that_would_build_anything_else_is_compiled_again(store: Path) -> None:
    path = rx._store_path()
    assert path is not None
    path.write_bytes(pickle.dumps({(r"\d+", 0): Planted()}))
    assert rx._read(path) == {}
    assert rx.stored_compile(r"\d+").findall("12 và 34") == ["12", "34"]
    path.write_bytes(b"cut short")
    assert rx._read(path) == {}


def test_off_keeps_nothing(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(rx.STORE_ENV, "off")
    rx._store.cache_clear()
    assert rx.stored_compile(r"\d+").findall("12 và 34") == ["12", "34"]
    rx._write(rx._store(), rx.os.getpid())
    assert rx._store().path is None and not list(store.iterdir())
