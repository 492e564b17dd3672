"""Stage 5: SQLite -> Datasette. Serves the database read-only with the project's metadata."""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
METADATA = HERE / "metadata.yml"


@functools.cache
def project_metadata() -> dict[str, Any]:
    """metadata.yml: the instance's title and home text, and the block describing a kehoach database (tables,
    facets, canned queries), written once under the placeholder name `kehoach`. The plugin serves it under
    the database's real name; `kehoach export` describes its files with it."""
    return yaml.safe_load(METADATA.read_text(encoding="utf-8")) or {}


def database_metadata() -> dict[str, Any]:
    """The kehoach database's block of metadata.yml."""
    return next(iter((project_metadata().get("databases") or {}).values()), {})


# Datasette's settings for the site, in Datasette's own settings.json form (a config directory can use it as
# is). suggest_facets is off: suggested facets count over every column of a table on each page view, 1.6 s of
# the 2.2 s documents page at 100k; the useful facets are configured in metadata.yml.
SETTINGS = HERE / "settings.json"


def settings_args() -> list[str]:
    """settings.json as `--setting NAME VALUE` arguments."""
    out: list[str] = []
    for name, value in json.loads(SETTINGS.read_text(encoding="utf-8")).items():
        text = ("on" if value else "off") if isinstance(value, bool) else str(value)
        out += ["--setting", name, text]
    return out


def datasette_args(db_path: Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The datasette command line: immutable database, metadata, SQL time limit, project templates."""
    args = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "-i",
        str(db_path),
        "--host",
        host,
        "--port",
        str(port),
        *settings_args(),
    ]
    # templates, static files, metadata and canned queries come from the plugin (pipeline/publish/plugins),
    # registered by the package's entry point: the same site under plain `datasette serve`
    return args


def serve(db_path: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Replace this process by Datasette serving `db_path`."""
    if not db_path.exists():
        raise FileNotFoundError(
            f"{db_path} does not exist: run `kehoach ingest corpus/` (or `make ingest`) first"
        )
    args = datasette_args(db_path, host, port)
    os.execv(args[0], args)
