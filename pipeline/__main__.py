"""python -m pipeline -> the kehoach command line."""

from pipeline.cli import cli

cli()
