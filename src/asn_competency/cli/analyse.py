"""``asn-competency analyse``: the rubric analysis of a policy on a data set, as one HTML
page of charts with the numbers as JSON and CSV beside it.

Reads the policy and the tables ``run`` reads, runs
:func:`asn_competency.evaluation.rubric.report.analyse` and writes
:func:`~asn_competency.evaluation.rubric.page.write_analysis`'s files into ``--out``.
Exit codes (``docs/cli.md``): 0 written; 1 an input that cannot be used (a policy with
problems or of another kind, unreadable tables, a policy the analyses cannot vary
(``analysis.unsupported``), an option they cannot use (``analysis.*``), a missing extra);
2 usage (no formations, an output folder that holds files without ``--force``, or an
output that is an input).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any, TextIO

from asn_competency._api import load
from asn_competency.cli._common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    folder_problem,
    integer,
    iso_date,
    output_problem,
    refuse,
)
from asn_competency.errors import LANGUAGES, AsnCompetencyError, Problem
from asn_competency.evaluation.rubric.page import output_paths, write_analysis
from asn_competency.evaluation.rubric.report import analyse
from asn_competency.model import SelectionPolicy

__all__ = ["execute_analyse", "register"]


def _fraction(text: str) -> Fraction:
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"not a number: {text!r} (write 0.1 or 1/10)") from None


def _named(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name or not value:
        raise argparse.ArgumentTypeError(f"expected CRITERION=VALUE (got {text!r})")
    return name, value


def register(commands: Any) -> None:
    """Add the ``analyse`` command."""
    parser = commands.add_parser(
        "analyse",
        help="analyse a rubric: nominal and effective weights, weight sensitivity, threshold "
        "curves, redundancy, rank stability; one HTML page with JSON and CSV beside it",
    )
    parser.add_argument("policy", metavar="POLICY", type=Path)
    parser.add_argument("candidates", metavar="CANDIDATES", type=Path)
    parser.add_argument("formations", metavar="FORMATIONS", type=Path, nargs="?")
    parser.add_argument("ratings", metavar="RATINGS", type=Path, nargs="?")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR")
    parser.add_argument("--lang", choices=LANGUAGES, default="id")
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="DATE", dest="as_of")
    parser.add_argument(
        "--score", default=None, metavar="ID", help="the weighted-sum score to analyse"
    )
    parser.add_argument(
        "--bound",
        type=_fraction,
        default=Fraction(1, 10),
        metavar="F",
        help="each criterion's share moves by this fraction of itself (default 0.1)",
    )
    parser.add_argument(
        "--error",
        type=_named,
        action="append",
        default=[],
        metavar="CRITERION=E",
        help="a criterion's measurement error, on its scale (default 1); repeatable",
    )
    parser.add_argument(
        "--replications",
        type=integer(1, 10_000, "a whole number of replications"),
        default=20,
        metavar="N",
    )
    parser.add_argument("--seed", type=integer(0, 2**63 - 1), default=0, metavar="S")
    parser.add_argument(
        "--candidate",
        default=None,
        metavar="ID",
        help="find the smallest weight change that changes this candidate's selection",
    )
    parser.add_argument("--force", action="store_true", help="replace the files if they exist")
    parser.set_defaults(run=_command)


def _command(args: argparse.Namespace, out: TextIO) -> int:
    return execute_analyse(
        args.policy,
        args.candidates,
        formations=args.formations,
        ratings=args.ratings,
        out=args.out,
        lang=args.lang,
        as_of=args.as_of,
        score=args.score,
        bound=args.bound,
        errors=dict(args.error),
        replications=args.replications,
        seed=args.seed,
        candidate=args.candidate,
        force=args.force,
        stream=out,
    )


def _fail(problems: tuple[Problem, ...] | list[Problem], code: int = EXIT_PROBLEMS) -> int:
    for problem in problems:
        sys.stderr.write(problem.render() + "\n")
    return code


def execute_analyse(
    policy_path: Path,
    candidates: Path,
    *,
    formations: Path | None,
    ratings: Path | None,
    out: Path,
    lang: str,
    stream: TextIO,
    as_of: Any = None,
    score: str | None = None,
    bound: Fraction = Fraction(1, 10),
    errors: dict[str, str] | None = None,
    replications: int = 20,
    seed: int = 0,
    candidate: str | None = None,
    force: bool = False,
) -> int:
    """Analyse ``policy_path`` on the tables given and write the files into ``out``;
    returns the exit code."""
    if formations is None:
        sys.stderr.write(
            "asn-competency analyse: error: the analysis runs the policy, which needs the "
            "formations: asn-competency analyse POLICY CANDIDATES FORMATIONS [RATINGS] --out DIR\n"
        )
        return EXIT_USAGE
    inputs = [policy_path, candidates, formations, ratings]
    problem = folder_problem(out, force=force) or output_problem(
        list(output_paths(out).values()), inputs, force=True
    )
    if problem is not None:
        return refuse(problem, sys.stderr)
    try:
        policy = load(policy_path)
        if not isinstance(policy, SelectionPolicy):
            return _fail(
                [
                    Problem(
                        "kind.unexpected",
                        f"a selection-policy is needed, not a {policy.kind}",
                        file=str(policy_path),
                    )
                ]
            )
        analysis = analyse(
            policy,
            candidates,
            formations=formations,
            ratings=ratings,
            as_of=as_of,
            score=score,
            bound=bound,
            errors=errors or None,
            replications=replications,
            seed=seed,
            candidate=candidate,
        )
    except AsnCompetencyError as error:
        # an analysis's problem is about the policy (its weighted stage) or an option
        return _fail(
            [
                replace(p, file=str(policy_path))
                if p.file is None and p.code.startswith("analysis.")
                else p
                for p in error.problems
            ]
        )
    written = write_analysis(analysis, out, lang=lang)
    overall = analysis.weights.scope("all") if analysis.weights.tables else None
    stream.write(
        f"rubric analysis of {analysis.policy_id}, score {analysis.score}: "
        f"{analysis.reached} of {analysis.applicants} applicant row(s) reached the weighted "
        "stage\n"
    )
    if overall is not None:
        for row in overall.rows:
            flag = f"  ({row.flag})" if row.flag else ""
            stream.write(
                f"  {row.criterion}: nominal {float(row.nominal):.3f}, effective "
                f"{float(row.effective):.3f}{flag}\n"
            )
    for note in [*analysis.flag_notes(), *analysis.notes]:
        stream.write(f"note: {note}\n")
    stream.write(f"written: {', '.join(str(path) for path in written.values())}\n")
    return EXIT_OK
