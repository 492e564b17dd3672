"""The plugin is Datasette-native (issue 17): registered by entry point; a kehoach database keeps its pages,
metadata, canned queries and SQL functions under plain `datasette serve`, whatever the file is called."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port, wait_until_responds


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8")


def test_datasette_plugins_lists_kehoach() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "datasette", "plugins"], capture_output=True, text=True, check=True
    ).stdout
    plugin = next(p for p in json.loads(out) if p["name"] == "kehoach")
    assert {"prepare_connection", "register_routes", "get_metadata"} <= set(plugin["hooks"])


@pytest.fixture(scope="module")
def plain_datasette(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The corpus database copied under another name and served by plain `datasette serve`, beside an
    unrelated database."""
    folder = tmp_path_factory.mktemp("plain")
    renamed = folder / "archive-2026.db"
    shutil.copy(built_db, renamed)
    other = folder / "other.db"
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sqlite3; sqlite3.connect({str(other)!r}).execute('create table t(x)')",
        ],
        check=True,
    )
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", "-i", str(renamed), str(other), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_responds(url + "/-/versions.json", 60)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_canned_queries_work_under_any_database_name(plain_datasette: str) -> None:
    query = urllib.parse.urlencode({"symbol": "23/QD-TTg", "_shape": "array"})
    status, body = get(f"{plain_datasette}/archive-2026/plans_implementing.json?{query}")
    assert status == 200
    assert json.loads(body), "no plan implementing 23/QĐ-TTg found"  # the corpus has several


def test_fold_function_is_registered_for_any_database(plain_datasette: str) -> None:
    query = urllib.parse.urlencode({"sql": "select kh_fold('Đồng Nai') as f", "_shape": "array"})
    status, body = get(f"{plain_datasette}/other.json?{query}")
    assert (status, json.loads(body)) == (200, [{"f": "dong nai"}])


def test_table_metadata_follows_the_database_name(plain_datasette: str) -> None:
    status, body = get(f"{plain_datasette}/archive-2026/documents")
    assert status == 200 and "Văn bản / Documents" in body
    _, home = get(plain_datasette + "/")
    assert "/archive-2026/targets_for_indicator" in home  # the home page's questions point at this name


def test_project_pages_and_styles_without_template_or_static_dirs(plain_datasette: str) -> None:
    status, body = get(f"{plain_datasette}/-/search?q=tre+em")
    assert status == 200 and "kh-search" in body
    status, css = get(f"{plain_datasette}/-/kehoach/static/kehoach.css")
    assert status == 200 and "{" in css
