"""``asn-competency evaluate``: a cycle's evaluation as one HTML page, with JSON and CSVs.

Reads a run folder (and the development folder of those hired, a performance table and an
evaluation policy when given) through :func:`asn_competency.evaluation.report.evaluate_cycle`
and writes :func:`asn_competency.evaluation.html.write_report`'s files. Exit codes
(``docs/cli.md``): 0 written; 1 an input that cannot be used (an evaluation policy with
problems, an unreadable performance table, a folder that is not a run, a missing extra);
2 usage (an output that is an input, or exists without ``--force``); 3 the run folder or an
input it read was changed after the run (``audit.*``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from asn_competency.cli._common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, output_problem, refuse
from asn_competency.errors import LANGUAGES, PolicyError, Problem, check_language
from asn_competency.evaluation import MissingExtraError, StatisticsError
from asn_competency.evaluation.html import output_paths, write_report
from asn_competency.evaluation.recommend import load_evaluation_policy
from asn_competency.evaluation.report import evaluate_cycle

__all__ = ["EXIT_INTEGRITY", "execute_evaluate", "register"]

#: The run folder, or an input the run read, is not as the run left it.
EXIT_INTEGRITY = 3

#: The table names :func:`write_report` may write (for the output checks before writing).
_TABLES = [
    "funnel",
    "impact",
    "agreement",
    "drift",
    "scores",
    "validity",
    "cohort",
    "recommendations",
]


def register(commands: Any) -> None:
    """Add the ``evaluate`` command."""
    parser = commands.add_parser(
        "evaluate",
        help="evaluate a cycle: funnel, adverse impact, rater agreement, validity, "
        "recommendations; one HTML page with JSON and CSV beside it",
    )
    parser.add_argument("run_dir", metavar="RUN_DIR", type=Path)
    parser.add_argument("--development", type=Path, default=None, metavar="DIR")
    parser.add_argument("--performance", type=Path, default=None, metavar="FILE")
    parser.add_argument("--policy", type=Path, default=None, metavar="EVAL_POLICY")
    parser.add_argument(
        "--candidates",
        type=Path,
        default=None,
        metavar="FILE",
        help="the candidates file the run read (default: the manifest's)",
    )
    parser.add_argument(
        "--selection-policy",
        type=Path,
        default=None,
        metavar="POLICY",
        dest="selection_policy",
        help="the selection policy the run used (default: the manifest's)",
    )
    parser.add_argument(
        "--ratings",
        type=Path,
        default=None,
        metavar="FILE",
        help="the ratings file the run read (default: the manifest's)",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default=LANGUAGES[0])
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.html")
    parser.add_argument("--force", action="store_true", help="replace the files if they exist")
    parser.set_defaults(run=_command)


def _command(args: argparse.Namespace, out: TextIO) -> int:
    return execute_evaluate(
        args.run_dir,
        development=args.development,
        performance=args.performance,
        policy=args.policy,
        candidates=args.candidates,
        ratings=args.ratings,
        selection_policy=args.selection_policy,
        lang=args.lang,
        out=args.out,
        force=args.force,
        stream=out,
    )


def _fail(problems: tuple[Problem, ...] | list[Problem], code: int) -> int:
    for problem in problems:
        sys.stderr.write(problem.render() + "\n")
    return code


def execute_evaluate(
    run_dir: Path,
    *,
    development: Path | None,
    performance: Path | None,
    policy: Path | None,
    candidates: Path | None,
    ratings: Path | None,
    lang: str,
    selection_policy: Path | None = None,
    out: Path,
    force: bool,
    stream: TextIO,
) -> int:
    """Evaluate ``run_dir`` and write the report to ``out``; returns the exit code (2, usage,
    for a language other than ``id`` and ``en``: ``lang.unknown``)."""
    try:
        check_language(lang)
    except PolicyError as error:
        return _fail(error.problems, EXIT_USAGE)
    targets = list(output_paths(out, _TABLES).values())
    inputs = [policy, selection_policy, performance, candidates, ratings, run_dir / "results.csv"]
    problem = output_problem(targets, inputs, force=force)
    if problem is not None:
        return refuse(problem, sys.stderr)
    if not run_dir.is_dir():
        return _fail(
            [Problem("file.not-found", "no such run folder", file=str(run_dir))], EXIT_PROBLEMS
        )
    try:
        declared = load_evaluation_policy(policy) if policy is not None else None
        report = evaluate_cycle(
            run_dir,
            development=development,
            performance=performance,
            policy=declared,
            candidates=candidates,
            ratings=ratings,
            selection_policy=selection_policy,
        )
    except (PolicyError, MissingExtraError) as error:
        return _fail(error.problems, EXIT_PROBLEMS)
    except StatisticsError as error:
        integrity = any(problem.code.startswith("audit.") for problem in error.problems)
        return _fail(error.problems, EXIT_INTEGRITY if integrity else EXIT_PROBLEMS)
    written = write_report(report, out, lang=lang)
    fired = report.recommendations.fired if report.recommendations is not None else ()
    stream.write(
        f"evaluation of {report.policy_id}: {len(report.funnel.stages)} stage(s), "
        f"{len(report.panels)} rating panel(s), {len(fired)} recommendation(s)\n"
    )
    for note in report.notes:
        stream.write(f"note: {note}\n")
    stream.write(f"written: {', '.join(str(path) for path in written.values())}\n")
    return EXIT_OK
