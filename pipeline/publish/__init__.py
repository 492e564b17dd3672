"""Stage 5: SQLite -> Datasette. Serves the database read-only with the project's metadata."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
METADATA = HERE / "metadata.yml"


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
        "--setting",
        "sql_time_limit_ms",
        "3000",
        "--setting",
        "default_page_size",
        "50",
        "--setting",
        "facet_time_limit_ms",
        "500",
        "--setting",
        "truncate_cells_html",
        "300",
        # Suggested facets try a count over every column of a table on each page view: 1.6 s of the 2.2 s
        # documents page at 100k. The useful facets are configured in metadata.yml; others stay a click away.
        "--setting",
        "suggest_facets",
        "off",
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
