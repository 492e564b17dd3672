"""How documents reach extract(): the local process pool (pipeline/parallel.py) or a Dask cluster
(engine/dask.py). Either way the results come back to one writer; the rows are the same."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

SCHEDULER_ENV = "KEHOACH_DASK_SCHEDULER"


class EngineUnavailable(Exception):
    """The engine cannot start: its packages are missing, or its scheduler does not answer."""


@dataclass(frozen=True, slots=True)
class Engine:
    """Where a run extracts: `local` (a process pool on this machine) or `dask` (a cluster)."""

    name: Literal["local", "dask"] = "local"
    scheduler: str | None = None  # tcp://HOST:8786; None: a LocalCluster of this machine's cores
    shards: Path | None = None  # write Parquet shards here instead of the database (kehoach load)

    @classmethod
    def dask(cls, scheduler: str | None = None, shards: Path | None = None) -> Engine:
        return cls("dask", scheduler or os.environ.get(SCHEDULER_ENV) or None, shards)


LOCAL = Engine()
