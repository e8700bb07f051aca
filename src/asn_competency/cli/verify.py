"""``asn-competency verify DIR [--policy P --candidates C --formations F --ratings R]``.

Checks the hash chain of ``decisions.jsonl`` and ``manifest.json`` against it and, with the
policy and input files given, their hashes and every decision recomputed
(:func:`asn_competency.audit.verify.verify`). Exit codes: 0 everything holds, 3 an integrity
finding (any ``audit.*`` problem: anything missing or altered in the run folder), 1 the
folder does not exist or a given file cannot be read at all (or the policy given does not
load) and nothing else was found.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from asn_competency.audit.verify import VerifyReport, verify

__all__ = ["EXIT_INTEGRITY", "execute_verify", "exit_code"]

#: Exit code of an integrity finding (DESIGN.md's command-line contract).
EXIT_INTEGRITY = 3
_EXIT_OK, _EXIT_UNREADABLE = 0, 1


def exit_code(report: VerifyReport) -> int:
    """0 when the report is ok; 3 when any ``audit.*`` problem was found; else 1 (a folder or
    file that could not be read, a policy that does not load)."""
    if report.ok:
        return _EXIT_OK
    errors = [p for p in report.problems if p.severity == "error"]
    if any(p.code.startswith("audit.") for p in errors):
        return EXIT_INTEGRITY
    return _EXIT_UNREADABLE


def execute_verify(
    out_dir: Path,
    *,
    policy: Path | None,
    candidates: Path | None,
    formations: Path | None,
    ratings: Path | None,
    stream: TextIO,
    engine: str | None = None,
) -> int:
    """The ``verify`` command: write the report to ``stream``; return the exit code."""
    report = verify(
        out_dir,
        policy=policy,
        candidates=candidates,
        formations=formations,
        ratings=ratings,
        engine=engine,
    )
    stream.write(report.render() + "\n")
    return exit_code(report)
