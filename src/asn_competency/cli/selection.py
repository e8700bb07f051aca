"""Commands about selections: run, verify, explain, announce, synth, demo."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from asn_competency._api import load
from asn_competency._version import __version__
from asn_competency.cli._common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    check,
    count,
    expand,
    folder_problem,
    integer,
    iso_date,
    output_problem,
    refuse,
    summary,
)
from asn_competency.errors import LANGUAGES, AsnCompetencyError, PolicyError
from asn_competency.model import SelectionPolicy, document_hash
from asn_competency.pipeline import DEFAULT_ENGINE, ENGINES

__all__ = ["register"]

#: ``--seed``: any whole number a person types (the generator takes any integer).
_SEED = integer(-(10**18), 10**18, "a seed (a whole number)")
_FORCE_FILE = "replace FILE if it exists (never one of the command's own inputs)"
_FORCE_FOLDER = "write into DIR even if it holds files (they may be replaced)"


def cmd_run(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency.cli.run import execute  # noqa: PLC0415 - only this command needs it

    try:
        return execute(
            args.policy,
            args.candidates,
            formations=args.formations,
            ratings=args.ratings,
            as_of=args.as_of,
            out=args.out,
            strict=args.strict,
            stream=out,
            force=args.force,
            engine=args.engine,
        )
    except PolicyError as error:
        for problem in error.problems:
            sys.stderr.write(problem.render() + "\n")
        return EXIT_PROBLEMS


def cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency.cli.verify import execute_verify  # noqa: PLC0415
    from asn_competency.development.folder import is_development_folder  # noqa: PLC0415

    if is_development_folder(args.out_dir):
        from asn_competency.cli.develop import execute_verify_development  # noqa: PLC0415

        return execute_verify_development(
            args.out_dir,
            policy=args.policy,
            assessments=args.assessments,
            performance=args.performance,
            stream=out,
        )

    return execute_verify(
        args.out_dir,
        policy=args.policy,
        candidates=args.candidates,
        formations=args.formations,
        ratings=args.ratings,
        stream=out,
        engine=args.engine,
    )


def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency.cli.explain import execute_explain  # noqa: PLC0415
    from asn_competency.development.folder import is_development_folder  # noqa: PLC0415

    if is_development_folder(args.out_dir):
        from asn_competency.cli.develop import execute_explain_development  # noqa: PLC0415

        return execute_explain_development(
            args.out_dir, args.candidate_id, lang=args.lang, policy=args.policy, stream=out
        )
    return execute_explain(args.out_dir, args.candidate_id, lang=args.lang, stream=out)


def cmd_announce(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency.cli.announce import execute_announce  # noqa: PLC0415

    return execute_announce(
        args.out_dir,
        out=args.out,
        mask=args.mask,
        key_file=args.key_file,
        lang=args.lang,
        stream=out,
        stage=args.stage,
        force=args.force,
    )


def cmd_synth(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency.testing.synth import synthesize, write_synth  # noqa: PLC0415
    from asn_competency.testing.synth.writing import (  # noqa: PLC0415
        CANDIDATE_FILE,
        FORMATION_FILE,
        RATING_FILE,
    )

    written = [args.out / name for name in (CANDIDATE_FILE, FORMATION_FILE, RATING_FILE)]
    problem = folder_problem(args.out, force=args.force) or output_problem(
        written, [args.policy], force=True
    )
    if problem is not None:
        return refuse(problem, sys.stderr)
    try:
        policy = load(args.policy)
        if not isinstance(policy, SelectionPolicy):
            sys.stderr.write(f"{args.policy}: a selection-policy is needed, not a {policy.kind}\n")
            return EXIT_PROBLEMS
        as_of = args.as_of or policy.as_of
        if as_of is None:
            sys.stderr.write("asn-competency synth: pass --as-of (the policy declares none)\n")
            return EXIT_USAGE
        data = synthesize(policy, applicants=args.applicants, seed=args.seed, as_of=as_of)
    except AsnCompetencyError as error:
        for problem in error.problems:
            sys.stderr.write(problem.render() + "\n")
        return EXIT_PROBLEMS
    for name, path in write_synth(data, args.out).items():
        out.write(f"{name}: {path}\n")
    for key, number in data.notes.items():
        out.write(f"  {key}: {number}\n")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency import shipped  # noqa: PLC0415 - avoids a cycle with the package root

    problem = folder_problem(args.out, force=args.force)
    if problem is not None:
        return refuse(problem, sys.stderr)
    folder = shipped()
    out.write(f"asn-competency {__version__}: the shipped policy files in {folder}\n\n")
    status = EXIT_OK
    for path in expand([str(folder)]):
        document, problems = check(path)
        if problems:
            status = EXIT_PROBLEMS
            out.write(f"INVALID  {path.name}\n")
            for problem in problems:
                out.write(f"    {problem.render()}\n")
            continue
        out.write(f"valid    {path.name}\n")
        out.write(f"    {document.kind} {document.id!r}: {summary(document)}\n")
        out.write(f"    {document_hash(document)}\n")
    if status != EXIT_OK:
        return status
    from asn_competency.cli.demo import run_demo  # noqa: PLC0415 - only this command needs it

    return run_demo(folder, args.out, applicants=args.applicants, seed=args.seed, stream=out)


def cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency.cli.compare import execute_compare  # noqa: PLC0415

    other, candidates = args.second, args.third
    if args.change is not None:
        if candidates is not None:
            sys.stderr.write("asn-competency compare: with --change, give POLICY CANDIDATES\n")
            return EXIT_USAGE
        other, candidates = None, args.second
    elif candidates is None:
        sys.stderr.write("asn-competency compare: give --change CHANGE or a second policy\n")
        return EXIT_USAGE
    return execute_compare(
        args.policy,
        change=args.change,
        other=other,
        candidates=candidates,
        formations=args.formations,
        ratings=args.ratings,
        as_of=args.as_of,
        out=args.out,
        lang=args.lang,
        stream=out,
        force=args.force,
    )


def cmd_publish(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency.cli.publish import execute_publish  # noqa: PLC0415

    problem = output_problem([args.out], [args.policy, args.formations], force=args.force)
    if problem is not None:
        return refuse(problem, sys.stderr)
    return execute_publish(
        args.policy, formations=args.formations, as_of=args.as_of, out=args.out, stream=out
    )


def register(commands: Any) -> None:
    """Add the selection commands to the parser's subcommands."""
    _register_runs(commands)
    _register_reviews(commands)


def _register_reviews(commands: Any) -> None:
    """compare and publish: reviewing a policy before a cycle."""
    compare = commands.add_parser(
        "compare", help="what-if: who changes outcome under a changed policy, and why"
    )
    compare.add_argument("policy", metavar="POLICY", type=Path)
    compare.add_argument("second", metavar="POLICY_B|CANDIDATES", type=Path)
    compare.add_argument("third", metavar="CANDIDATES", type=Path, nargs="?", default=None)
    compare.add_argument("--change", type=Path, default=None, metavar="CHANGE")
    compare.add_argument("--formations", required=True, type=Path, metavar="F")
    compare.add_argument("--ratings", type=Path, default=None, metavar="R")
    compare.add_argument("--as-of", type=iso_date, default=None, metavar="DATE", dest="as_of")
    compare.add_argument("--out", type=Path, default=None, metavar="FILE")
    compare.add_argument("--lang", choices=LANGUAGES, default=LANGUAGES[0])
    compare.add_argument("--force", action="store_true", help=_FORCE_FILE)
    compare.set_defaults(run=cmd_compare)

    publish = commands.add_parser(
        "publish", help="the vacancy announcement of a policy (HTML or Markdown), with its hash"
    )
    publish.add_argument("policy", metavar="POLICY", type=Path)
    publish.add_argument("--formations", type=Path, default=None, metavar="F")
    publish.add_argument("--as-of", type=iso_date, default=None, metavar="DATE", dest="as_of")
    publish.add_argument("--out", required=True, type=Path, metavar="FILE")
    publish.add_argument("--force", action="store_true", help=_FORCE_FILE)
    publish.set_defaults(run=cmd_publish)


def _register_explain(commands: Any) -> None:
    """explain: a decision of a run folder, or a record of a development folder, in words."""
    explain = commands.add_parser(
        "explain",
        help="the reasons for one decision (a run folder) or one development record (a "
        "development folder: an employee id, or 'cohort'), in words",
    )
    explain.add_argument("out_dir", metavar="DIR", type=Path)
    explain.add_argument("candidate_id", metavar="ID")
    explain.add_argument("--lang", choices=LANGUAGES, default=LANGUAGES[0])
    explain.add_argument(
        "--policy",
        type=Path,
        default=None,
        metavar="POLICY",
        help="a development folder only: the development policy the review read, to name "
        "competencies, programmes and legal bases (its standard and catalogue are the files it "
        "cites)",
    )
    explain.set_defaults(run=cmd_explain)


def _register_runs(commands: Any) -> None:
    """run, verify, explain, announce, synth, demo: a cycle and its records."""
    runs = commands.add_parser(
        "run", help="run the selection: results.csv, decisions.jsonl, manifest.json"
    )
    runs.add_argument("policy", metavar="POLICY", type=Path)
    runs.add_argument("candidates", metavar="CANDIDATES", type=Path)
    runs.add_argument("--formations", required=True, type=Path, metavar="F")
    runs.add_argument("--ratings", type=Path, default=None, metavar="R")
    runs.add_argument("--as-of", type=iso_date, default=None, metavar="DATE", dest="as_of")
    runs.add_argument("--out", required=True, type=Path, metavar="DIR")
    runs.add_argument(
        "--engine",
        choices=sorted(ENGINES),
        default=None,
        help=f"how the stages run (default {DEFAULT_ENGINE}; both give the same records)",
    )
    runs.add_argument(
        "--strict", action="store_true", help="exit 1 when any candidate row is invalid"
    )
    runs.add_argument(
        "--force", action="store_true", help="replace DIR if it holds a run or other files"
    )
    runs.set_defaults(run=cmd_run)

    verify = commands.add_parser(
        "verify", help="check a run's hash chain and manifest; re-compute its decisions"
    )
    verify.add_argument("out_dir", metavar="DIR", type=Path)
    verify.add_argument("--policy", type=Path, default=None, metavar="P")
    verify.add_argument("--candidates", type=Path, default=None, metavar="C")
    verify.add_argument("--formations", type=Path, default=None, metavar="F")
    verify.add_argument("--ratings", type=Path, default=None, metavar="R")
    verify.add_argument(
        "--assessments", type=Path, default=None, metavar="A", help="a development folder's"
    )
    verify.add_argument(
        "--performance", type=Path, default=None, metavar="P", help="a development folder's"
    )
    verify.add_argument(
        "--engine",
        choices=sorted(ENGINES),
        default=None,
        help=f"the engine that re-computes the decisions (default {DEFAULT_ENGINE}; both give "
        "the same records)",
    )
    verify.set_defaults(run=cmd_verify)

    _register_explain(commands)

    announce = commands.add_parser(
        "announce",
        help="the results announcement (final, or of one test stage); registration numbers "
        "published distinctly, names never",
    )
    announce.add_argument("out_dir", metavar="DIR", type=Path)
    announce.add_argument("--out", type=Path, required=True, metavar="FILE")
    announce.add_argument(
        "--stage",
        default=None,
        metavar="STAGE",
        help="announce one test stage (codes P/L, P, TL, TH, ...) instead of the final results",
    )
    announce.add_argument(
        "--mask",
        choices=("full", "partial", "keyed", "none"),
        default="full",
        help="full: the registration number as BKN publishes it (default; none is the same); "
        "partial: hide all but the fewest last characters that keep every number distinct; "
        "keyed: an HMAC code from --key-file",
    )
    announce.add_argument("--key-file", type=Path, default=None, metavar="K")
    announce.add_argument("--lang", choices=LANGUAGES, default=LANGUAGES[0])
    announce.add_argument("--force", action="store_true", help=_FORCE_FILE)
    announce.set_defaults(run=cmd_announce)

    synth = commands.add_parser("synth", help="realistic synthetic data for a policy")
    synth.add_argument("policy", metavar="POLICY", type=Path)
    synth.add_argument("--applicants", type=count, required=True, metavar="N")
    synth.add_argument("--seed", type=_SEED, default=0, metavar="S")
    synth.add_argument("--as-of", type=iso_date, default=None, metavar="DATE", dest="as_of")
    synth.add_argument("--out", required=True, type=Path, metavar="DIR")
    synth.add_argument("--force", action="store_true", help=_FORCE_FOLDER)
    synth.set_defaults(run=cmd_synth)

    demo = commands.add_parser("demo", help="the end-to-end example on shipped data")
    demo.add_argument("--out", type=Path, default=Path("demo-output"), metavar="DIR")
    demo.add_argument(
        "--applicants", type=count, default=3000, help="synthetic CPNS applicants (default 3000)"
    )
    demo.add_argument("--seed", type=_SEED, default=2024)
    demo.add_argument("--force", action="store_true", help=_FORCE_FOLDER)
    demo.set_defaults(run=cmd_demo)
