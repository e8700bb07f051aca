"""``asn-competency run``: read the inputs, run the selection, write the run folder.

The run folder is :mod:`asn_competency.audit.run_folder`'s: claimed before anything is
computed (refused when it is or holds an input, is a file or a link, holds anything without
``--force``, or another run is writing it), written whole into a temporary folder beside it,
the manifest last, then put in place in one step. Every refusal is one ``path: CODE message``
line: exit 2 when the arguments cannot be honoured as given (``--out`` is or holds an input,
names a file, or holds data without ``--force``), as in every command; exit 1 when the system
refuses (``output.not-writable``) or another run holds the folder (``output.locked``).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from asn_competency._api import load
from asn_competency.audit.run_folder import (
    LEDGER_FILE,
    MANIFEST_FILE,
    RESULTS_FILE,
    RunFolderError,
    claim,
    write_outputs,
)
from asn_competency.errors import ParameterError
from asn_competency.model import SelectionPolicy
from asn_competency.pipeline import run

__all__ = ["USAGE_OUTPUT_CODES", "execute", "write_outputs"]

#: Refusals of ``--out`` that are usage errors (exit 2) in every command: the arguments as
#: given cannot be honoured. Others (the system refuses, another run holds it) exit 1.
USAGE_OUTPUT_CODES = frozenset({"output.is-input", "output.exists", "output.not-a-folder"})


def _progress(stream: TextIO) -> Callable[[str, int, int], None] | None:
    if not stream.isatty():
        return None

    def show(stage: str, number: int, total: int) -> None:
        width = 30
        filled = width * number // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {number}/{total} {stage:<24}")
        stream.flush()
        if number == total:
            stream.write("\n")

    return show


def _table(rows: Iterable[tuple[str, ...]]) -> str:
    rows = list(rows)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def execute(
    policy_path: Path,
    candidates: Path,
    *,
    formations: Path,
    ratings: Path | None,
    as_of: dt.date | None,
    out: Path,
    strict: bool,
    stream: TextIO,
    force: bool = False,
    engine: str | None = None,
) -> int:
    """The ``run`` command; returns its exit code."""
    started = time.perf_counter()
    inputs = {"candidates": candidates, "formations": formations}
    if ratings is not None:
        inputs["ratings"] = ratings
    try:
        folder = claim(out, reads=[policy_path, *inputs.values()], force=force)
    except RunFolderError as error:
        sys.stderr.writelines(problem.render() + "\n" for problem in error.problems)
        return 2 if error.problems[0].code in USAGE_OUTPUT_CODES else 1
    with folder:
        policy = load(policy_path)
        if not isinstance(policy, SelectionPolicy):
            sys.stderr.write(f"{policy_path}: a selection-policy is needed, not a {policy.kind}\n")
            return 1
        try:
            result = run(
                policy,
                candidates,
                formations=formations,
                ratings=ratings,
                as_of=as_of,
                progress=_progress(sys.stderr),
                engine=engine,
            )
        except ParameterError as error:  # no value in force on the as-of date
            sys.stderr.writelines(problem.render() + "\n" for problem in error.problems)
            return 1
        try:
            manifest = folder.write(result, inputs=inputs, policy_file=policy_path, started=started)
        except RunFolderError as error:
            sys.stderr.writelines(problem.render() + "\n" for problem in error.problems)
            return 1
    counts = manifest["counts"]
    final = counts.pop("final")
    buffer = io.StringIO()
    buffer.write(f"{len(result)} candidate row(s), policy {policy.id}, as of {result.as_of}\n\n")
    header = ("stage", *sorted({o for c in counts.values() for o in c}))
    lines = [header] + [
        (stage, *(str(c.get(o, "")) for o in header[1:])) for stage, c in counts.items()
    ]
    buffer.write(_table(lines) + "\n\n")
    buffer.write(_table([("final status", "count")] + [(k, str(v)) for k, v in final.items()]))
    written = ", ".join((RESULTS_FILE, LEDGER_FILE, MANIFEST_FILE))
    buffer.write(f"\n\nwritten to {out}: {written}\n")
    stream.write(buffer.getvalue())
    if strict and final.get("invalid_input"):
        return 1
    return 0
