"""The tutorial notebook (docs/tutorial.ipynb) runs from top to bottom, so it cannot rot.

It is executed in a fresh Jupyter kernel (nbclient) exactly as a reader would run it: every
cell must finish without an error, and the notebook as kept in the repository must stay small
(its outputs are there for readers who open it without running it).

``python -m tests.test_tutorial`` (``make tutorial``) executes it and writes the outputs back.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

TUTORIAL = ROOT / "docs" / "tutorial.ipynb"
#: What the kept notebook may weigh, outputs and the one chart included.
MAX_BYTES = 150_000
#: The steps the tutorial promises (issue 14): each names a call its code must make.
STEPS = (
    "asn.load_policy(",  # load the Gayungan policy
    "asn.run(",  # run it on the data
    ".to_pandas()",  # the results as a DataFrame
    "asn.explain(",  # explain a rejected candidate
    "policy_effective_weights(",  # nominal against effective weights
    "weight_sensitivity(",  # a sensitivity
    "threshold_curves(",  # a threshold curve
    "asn.compare(",  # a what-if change
    'asn.shipped("cpns-2024.yaml")',  # the CPNS policy too
)


def execute(path: Path = TUTORIAL) -> Any:
    """The notebook at ``path`` executed in a new kernel of this interpreter, in docs/."""
    # Jupyter's own paths, the new way: the old one warns, and the suite turns warnings into
    # errors.
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    import nbclient  # the test extra's, needed only here
    import nbformat

    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        record_timing=False,  # the kept notebook the same bytes on every run
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def _code(notebook: Any) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")


def test_the_tutorial_runs_from_top_to_bottom() -> None:
    """Every cell of docs/tutorial.ipynb runs without an error in a fresh kernel, and each
    promised step is one of its calls (nbclient raises ``CellExecutionError`` for a failing
    cell, naming it)."""
    notebook = execute()
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []
    code = _code(notebook)
    assert [step for step in STEPS if step not in code] == []
    # every code cell shows something: a reader sees the result of each step
    silent = [
        cell.source.splitlines()[0]
        for cell in notebook.cells
        if cell.cell_type == "code" and not cell.get("outputs")
    ]
    assert silent == []


def test_the_kept_tutorial_is_small_and_executed() -> None:
    """The notebook kept in the repository has its outputs (to read it without running it),
    in execution order, and stays under MAX_BYTES."""
    import nbformat

    assert TUTORIAL.stat().st_size < MAX_BYTES
    notebook = nbformat.read(TUTORIAL, as_version=4)  # type: ignore[no-untyped-call]
    counts = [cell.execution_count for cell in notebook.cells if cell.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))


if __name__ == "__main__":  # pragma: no cover - make tutorial
    import nbformat

    nbformat.write(execute(), TUTORIAL)  # type: ignore[no-untyped-call]
    sys.stdout.write(f"{TUTORIAL}: executed and written\n")
