"""python -m kehoach -> the kehoach command line."""

from kehoach.cli import cli

cli()
