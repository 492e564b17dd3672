"""sqlite-utils' Database, imported without pandas and numpy.

sqlite-utils imports pandas and numpy when they are installed (the dask extra and the tests install them),
only to give their scalar types a column type. kehoach stores Python values only, and the import costs each
process that opens a database ~0.4 s of CPU: every `kehoach ingest`, `serve`, `load` and `export`, and every
test that starts one. A process that has imported pandas or numpy already keeps them (and their types).
"""

from __future__ import annotations

import sys

UNUSED = ("pandas", "numpy")  # set to None in sys.modules while sqlite-utils loads: its `import` then fails

_hidden = [name for name in UNUSED if name not in sys.modules] if "sqlite_utils" not in sys.modules else []
for _name in _hidden:
    sys.modules[_name] = None  # type: ignore[assignment]
try:
    from sqlite_utils import Database
finally:
    for _name in _hidden:
        del sys.modules[_name]

__all__ = ["Database"]
