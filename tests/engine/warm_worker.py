"""Imported by the forkserver the Dask test clusters start their worker processes from (test_dask.py): each
worker (and each the nanny restarts) is forked with kehoach, its rules and its word segmenter loaded."""

from kehoach.rules import load_rules
from kehoach.run import run
from tests.conftest import SEED

run(SEED / "000_cbc46ef4ee07d038.txt", load_rules())
