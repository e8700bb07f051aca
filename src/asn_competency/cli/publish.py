"""``asn-competency publish POLICY [--formations F] [--as-of DATE] --out FILE``.

Renders the criteria publication of a selection policy (:mod:`asn_competency.audit.publish`)
as self-contained HTML (``FILE.html``) or Markdown (``FILE.md``). The file is written
atomically: a temporary name in the same folder, then a rename.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from asn_competency._api import load
from asn_competency.audit.publish import publish_html, publish_markdown
from asn_competency.errors import AsnCompetencyError, PolicyError, Problem
from asn_competency.model import SelectionPolicy
from asn_competency.pipeline import FormationTable, read_formations

__all__ = ["execute_publish"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

_PROG = "asn-competency publish"
_FORMATS = {".html": publish_html, ".md": publish_markdown}


def _problems(problems: Sequence[Problem]) -> int:
    for problem in problems:
        sys.stderr.write(problem.render() + "\n")
    return EXIT_PROBLEMS


def _write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.partial")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)


def execute_publish(
    policy_path: Path,
    *,
    formations: Path | None,
    as_of: dt.date | None,
    out: Path,
    stream: TextIO,
) -> int:
    """The ``publish`` command; returns its exit code.

    0 written (the path is printed on ``stream``); 1 an invalid policy, an invalid formations
    table or a file that cannot be written (the problems on stderr); 2 an output name that
    ends neither in ``.html`` nor in ``.md``.
    """
    render = _FORMATS.get(out.suffix.lower())
    if render is None:
        sys.stderr.write(f"{_PROG}: --out must name a .html or .md file, not {str(out)!r}\n")
        return EXIT_USAGE
    try:
        policy = load(policy_path)
    except PolicyError as error:
        return _problems(error.problems)
    if not isinstance(policy, SelectionPolicy):
        sys.stderr.write(f"{policy_path}: a selection-policy is needed, not a {policy.kind}\n")
        return EXIT_PROBLEMS
    table: FormationTable | None = None
    if formations is not None:
        try:
            table = read_formations(formations, policy)
        except PolicyError as error:
            return _problems(error.problems)
        except (AsnCompetencyError, OSError) as error:
            sys.stderr.write(f"{formations}: {error}\n")
            return EXIT_PROBLEMS
        if table.problems:
            return _problems(table.problems)
    text = render(policy, formations=table, as_of=as_of, policy_file=policy_path.name)
    try:
        _write_atomically(out, text)
    except OSError as error:
        sys.stderr.write(f"{_PROG}: cannot write {out}: {error.strerror or error}\n")
        return EXIT_PROBLEMS
    stream.write(f"{out}\n")
    return EXIT_OK
