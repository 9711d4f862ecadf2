"""Every notebook in notebooks/ runs top to bottom in a fresh kernel, as a reader would run it.

The committed copies keep small outputs only: the inline graph (an iframe of about 1.5 MB)
is cleared before committing, and a notebook over 200 KB fails the size check. Every other
saved output must be what a fresh run prints (text and tables; charts are not compared byte
for byte), so that a number in a notebook cannot go stale.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
MAX_BYTES = 200_000


def test_the_notebooks_are_there():
    assert [p.name for p in PATHS] == ["01_quickstart.ipynb", "02_analysis.ipynb", "03_over_time.ipynb"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_outputs_are_small(path: Path):
    assert path.stat().st_size < MAX_BYTES
    assert "<iframe" not in path.read_text(encoding="utf-8")


def _texts(cell) -> list[str]:
    """What a reader sees of a cell's outputs as text: printed lines and results (tables, reprs).
    Charts (PNG bytes) and stderr (warnings with temporary paths) are left out."""
    texts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            texts.append(output.get("text", ""))
        for kind in ("text/plain", "text/html"):
            if kind in output.get("data", {}):
                texts.append(output["data"][kind])
    return texts


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")

    notebook = nbformat.read(path, as_version=4)
    saved = [_texts(cell) for cell in notebook.cells]
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any error
    for number, (before, cell) in enumerate(zip(saved, notebook.cells), 1):
        if "inline-graph" not in cell.metadata.get("tags", []):
            assert _texts(cell) == before, f"{path.name} cell {number}: the saved output is stale; re-run the notebook"
    errors = [o for cell in notebook.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    graph_cells = [c for c in notebook.cells if "inline-graph" in c.metadata.get("tags", [])]
    for cell in graph_cells:  # the last expression shows the graph inline
        html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
        assert "<iframe srcdoc=" in html
