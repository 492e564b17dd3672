"""`kehoach`: the command line. Thin commands: parse arguments, call one stage, report on stderr."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from kehoach import __version__

DEFAULT_DB = Path("data/kehoach.db")


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_DB,
        show_default=True,
        help="SQLite database file.",
    )(fn)


def patterns_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--patterns",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        default=None,
        help="Rules folder (default: the project's patterns/).",
    )(fn)


def workers_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=None,
        help="Processes for extraction (default: the cores available).",
    )(fn)


def engine_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--engine, --scheduler, --shards: where documents are extracted and stored (docs/scaling.md)."""
    fn = click.option(
        "--shards",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Write Parquet shards per table to this folder instead of the database (then: kehoach load).",
    )(fn)
    fn = click.option(
        "--scheduler",
        envvar="KEHOACH_DASK_SCHEDULER",
        show_envvar=True,
        default=None,
        help="Dask scheduler address, tcp://HOST:8786 [default: a LocalCluster of --workers processes].",
    )(fn)
    return click.option(
        "--engine",
        type=click.Choice(["local", "dask"]),
        default="local",
        show_default=True,
        help="local: a process pool on this machine; dask: tasks on a Dask cluster.",
    )(fn)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kehoach")
def cli() -> None:
    """kehoach: Vietnamese government plans (Kế hoạch) -> a searchable, citable database.

    \b
    Typical use:
        kehoach ingest corpus/            # read bulletins and PDFs into data/kehoach.db
        kehoach serve                     # browse them with Datasette on http://127.0.0.1:8001
        kehoach extract file.txt          # the extraction contract, as JSON Lines
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=Path))
@workers_option
@patterns_option
def extract(paths: tuple[Path, ...], workers: int | None, patterns: Path | None) -> None:
    """Extract plan facts from files as JSON Lines on standard output.

    One line per input, in input order (../shared/contract/EXTRACT.md); a folder stands for the documents
    under it. An unreadable input gives a line with "error" and the exit status 1, after every other input
    was processed. Use - for standard input (read as plain text). Scanned pages are OCR'd on each run
    unless KEHOACH_OCR_CACHE names a folder to keep them in (as `kehoach ingest --ocr-cache`).

    \b
    Example:
        kehoach extract corpus/seed/*.txt > seed.jsonl
        kehoach extract - < bulletin.txt
    """
    from kehoach.contract import contract_line
    from kehoach.parallel import run_many

    failed, inputs = 0, list(expand(paths))
    for bad, line in run_many(inputs, workers or default_workers(), patterns, then=contract_line):
        failed += bad
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    if failed:
        click.echo(f'{failed} input(s) could not be read; see the "error" field of their lines.', err=True)
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@db_option
@workers_option
@patterns_option
@click.option("--all", "force", is_flag=True, help="Re-extract every file, even unchanged ones.")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal)."
)
@click.option(
    "--ocr-cache",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KEHOACH_OCR_CACHE",
    show_envvar=True,
    default=None,
    help="Folder of OCR'd scanned pages, reused by later runs [default: ocr-cache/ beside the database].",
)
@engine_options
def ingest(
    paths: tuple[Path, ...],
    db: Path,
    workers: int | None,
    patterns: Path | None,
    force: bool,
    progress: bool | None,
    ocr_cache: Path | None,
    engine: str,
    scheduler: str | None,
    shards: Path | None,
) -> None:
    """Read bulletins, PDFs and Word files into the database, skipping unchanged files.

    New and changed files are extracted (in parallel); files removed from the folder are marked
    withdrawn; unreadable files are listed in the ingest_errors table and make the exit status 1.

    \b
    Example:
        kehoach ingest corpus/ --db data/kehoach.db
        kehoach ingest corpus/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from kehoach.engine import Engine, EngineUnavailable
    from kehoach.ingest_corpus import Busy, ingest_corpus

    roots = list(paths) or [Path("corpus")]
    try:
        summary = ingest_corpus(
            roots,
            db,
            workers or default_workers(),
            patterns,
            force,
            sys.stderr.isatty() if progress is None else progress,
            ocr_cache,
            Engine.dask(scheduler, shards) if engine == "dask" else Engine(shards=shards),
        )
    except (Busy, EngineUnavailable) as exc:  # another ingest writes the database; no dask or scheduler
        raise click.ClickException(str(exc)) from None
    click.echo(f"{shards or db}: {summary.line()} {summary.timing()}", err=True)
    if summary.failures:
        for failure in summary.failures:
            click.echo(f"  failed: {failure.source} ({failure.stage}): {failure.message}", err=True)
        click.echo(f"Failures are listed in the ingest_errors table of {db}.", err=True)
        sys.exit(1)


@cli.command()
@click.argument("shards", type=click.Path(exists=True, file_okay=False, path_type=Path))
@db_option
@patterns_option
def load(shards: Path, db: Path, patterns: Path | None) -> None:
    """Write the Parquet shards of `kehoach ingest --shards` into the database, and publish it.

    \b
    Example:
        kehoach ingest corpus/ --engine dask --shards /shared/kehoach-shards
        kehoach load /shared/kehoach-shards --db data/kehoach.db
    """
    from kehoach.shards import load as load_shards

    click.echo(f"{db}: {load_shards(shards, db, patterns)} results loaded from {shards}", err=True)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
def serve(db: Path, host: str, port: int) -> None:
    """Browse the database with Datasette (read-only), with the project's metadata and pages.

    \b
    Example:
        kehoach serve --db data/kehoach.db --port 8001
    """
    from kehoach.publish import serve as run_datasette

    try:
        run_datasette(db, host, port)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["parquet", "csv", "jsonl"]),
    default="parquet",
    show_default=True,
    help="File format of the tables.",
)
@click.option(
    "--bom", is_flag=True, help="CSV only: start each file with a UTF-8 byte-order mark (for Excel)."
)
def export(directory: Path, db: Path, fmt: str, bom: bool) -> None:
    """Write every table and view to DIRECTORY as open data, with datapackage.json.

    One file per table or view (documents, plans, tasks, targets, references ...), and a Frictionless
    datapackage.json with each table's and column's description, the rules version and the build date.
    Parquet opens in DuckDB, pandas, R (arrow) and Polars; --bom makes CSV open in spreadsheet software.

    \b
    Example:
        kehoach export data/open --format parquet
        kehoach export data/csv --format csv --bom
    """
    from kehoach.publish.export import export as write_files

    if not db.exists():
        raise click.ClickException(
            f"{db} does not exist: run `kehoach ingest corpus/` (or `make ingest`) first"
        )
    if bom and fmt != "csv":
        raise click.BadParameter("--bom applies to --format csv only", param_hint="--bom")
    for item in write_files(db, directory, fmt, bom):  # type: ignore[arg-type]
        click.echo(f"{item.path}  {item.rows} rows", err=True)
    click.echo(f"{directory / 'datapackage.json'}: the description of these files", err=True)


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the page with the highlighted text (displaCy) and the items to this file.",
)
@click.option(
    "--text/--no-text",
    "show_text",
    default=True,
    help="Show the highlighted text (default), or only the table of items.",
)
@patterns_option
def explain(path: Path, html_out: Path | None, show_text: bool, patterns: Path | None) -> None:
    """Show which rule found what in one file.

    The normalized text with every extracted item highlighted and tagged with the rule that produced
    it (file.id, a rule of patterns/), then a table of the items with their JSON fields.

    \b
    Example:
        kehoach explain corpus/seed/000_cbc46ef4ee07d038.txt
        kehoach explain bulletin.txt --html explain.html --patterns /tmp/my-patterns
    """
    from rich.console import Console

    from kehoach.explain import explain as explain_items
    from kehoach.explain import render_html, render_terminal
    from kehoach.records import Failure
    from kehoach.rules import RuleError, load_rules
    from kehoach.run import run

    try:
        result = run(path, load_rules(patterns) if patterns else None)
    except RuleError as exc:
        raise click.ClickException(f"{exc} (kehoach rules check lists every problem)") from None
    if isinstance(result, Failure):
        raise click.ClickException(f"{result.source} ({result.stage}): {result.message}")
    marks = explain_items(result)
    render_terminal(result, marks, Console(), show_text)
    if html_out:
        html_out.write_text(render_html(result, marks), encoding="utf-8")
        click.echo(f"wrote {html_out}", err=True)


@cli.group()
def rules() -> None:
    """Rule files (patterns/*.yml): check them, list them.

    \b
    Example:
        kehoach rules check --patterns /tmp/my-patterns
    """


@rules.command("check")
@click.argument("files", nargs=-1, metavar="[FILE]...")
@patterns_option
def rules_check(files: tuple[str, ...], patterns: Path | None) -> None:
    """Check the rule files: schema, ids, examples, backtracking.

    Each file of the folder: the schema, unique ids (file.id), patterns that compile, every example
    passing, at least one positive and one negative example per rule, and no pattern that backtracks
    catastrophically on hostile text. Problems are printed as "file:line: rule message"; the exit
    status is then 1. Name rule files (dates.yml, patterns/tasks.yml, or just tasks) to run the
    examples of those files only, as while editing one; the schema of every file is checked anyway.

    \b
    Example:
        kehoach rules check
        kehoach rules check patterns/tasks.yml
        kehoach rules check --patterns /tmp/my-patterns
    """
    from kehoach.rules import PATTERNS_DIR
    from kehoach.rules_check import check

    directory = patterns or PATTERNS_DIR
    stems = [Path(name).name.removesuffix(".yml") for name in files]
    unknown = [
        name for name, stem in zip(files, stems, strict=True) if not (directory / f"{stem}.yml").is_file()
    ]
    if unknown:
        raise click.BadParameter(f"no rule file {', '.join(unknown)} in {directory}", param_hint="FILE")
    findings = check(directory, stems or None)
    for finding in findings:
        click.echo(str(finding))
    checked = ", ".join(f"{stem}.yml" for stem in stems) if stems else str(directory)
    if findings:
        click.echo(f"{len(findings)} problem(s) in {checked}", err=True)
        sys.exit(1)
    click.echo(f"{checked}: all rules pass", err=True)


@rules.command("list")
@patterns_option
def rules_list(patterns: Path | None) -> None:
    """List the rules: file.id, number of examples, description.

    \b
    Example:
        kehoach rules list | grep targets
    """
    from kehoach.rules import RuleError, load_rules

    try:
        ruleset = load_rules(patterns) if patterns else load_rules()
    except RuleError as exc:
        raise click.ClickException(f"{exc} (kehoach rules check lists every problem)") from None
    for rule in ruleset.all_rules():
        click.echo(f"{rule.qualified_id:<32} {len(rule.raw_examples):>2} ex.  {rule.description}")


def expand(paths: tuple[Path, ...]) -> Iterator[Path]:
    from kehoach.ingest import iter_documents

    for path in paths:
        if str(path) == "-":
            yield path
        elif path.is_dir():
            yield from iter_documents([path])
        else:
            yield path


if __name__ == "__main__":  # pragma: no cover
    cli()
