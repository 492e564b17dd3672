"""notebooks/ (issue 8): both notebooks run against the corpus database and draw their plots.

They are executed with nbclient in a real kernel (this virtualenv's ipykernel), with KEHOACH_DB pointing at
the session's database built from corpus/. Plots use matplotlib's inline backend (Agg, no display). The
stored notebooks carry no outputs: what is in git is the source, not one run of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[test]' (nbformat, nbclient, ipykernel)")
nbclient = pytest.importorskip("nbclient", reason="pip install -e '.[test]' (nbformat, nbclient, ipykernel)")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
REQUIRED = ["targets_by_province.ipynb", "citation_network.ipynb"]


def test_the_issue_s_notebooks_exist():
    assert set(REQUIRED) <= {p.name for p in NOTEBOOKS.glob("*.ipynb")}


@pytest.mark.parametrize("name", REQUIRED)
def test_notebook_is_stored_without_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


@pytest.mark.parametrize("name", REQUIRED)
def test_notebook_runs_on_the_corpus_database_and_plots(name, built_db, monkeypatch):
    monkeypatch.setenv("KEHOACH_DB", str(built_db))
    monkeypatch.delenv("DISPLAY", raising=False)
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and the traceback, if a cell fails
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    images = [out for out in outputs if "image/png" in out.get("data", {})]
    assert images, "the notebook drew no plot"
    text = "".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    assert str(built_db) in text  # it read the database it was given
