"""Command line: thin. Arguments, file I/O, output formats and exit codes; no logic of its own.

Exit codes follow ``docs/cli.md``: 0 success, 1 problems found in the input, 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from asn_competency._api import load
from asn_competency._version import __version__
from asn_competency.errors import AsnCompetencyError, PolicyError, Problem
from asn_competency.model import KINDS, SelectionPolicy, document_hash, schema_text, supported

__all__ = ["main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _expand(paths: Sequence[str]) -> list[Path]:
    """Files as given; a folder stands for the ``*.yaml`` and ``*.yml`` files in it."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            out.append(path)
    return out


def _check(path: Path) -> tuple[Any, list[Problem]]:
    try:
        return load(path), []
    except PolicyError as exc:
        return None, list(exc.problems)


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    paths = _expand(args.paths)
    if not paths:
        sys.stderr.write("asn-competency validate: no .yaml or .yml files in the given folders\n")
        return EXIT_USAGE
    results = []
    for path in paths:
        document, problems = _check(path)
        results.append((path, document, problems))
    problems = [p for _, _, found in results for p in found]
    if args.format == "json":
        payload = {
            "valid": not problems,
            "files": [
                {
                    "file": str(path),
                    "valid": not found,
                    "kind": getattr(document, "kind", None),
                    "id": getattr(document, "id", None),
                }
                for path, document, found in results
            ],
            "problems": [p.to_dict() for p in problems],
        }
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        for problem in problems:
            out.write(problem.render() + "\n")
        bad = sum(1 for _, _, found in results if found)
        if bad:
            out.write(f"{len(problems)} problem(s) in {bad} of {len(results)} file(s)\n")
        else:
            out.write(f"{len(results)} file(s) valid\n")
    return EXIT_PROBLEMS if problems else EXIT_OK


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    versions = KINDS[args.kind]
    version = args.version if args.version is not None else max(versions)
    if version not in versions:
        sys.stderr.write(
            f"asn-competency schema: {args.kind} has no schema_version {version}; "
            f"supported: {', '.join(map(str, sorted(versions)))}\n"
        )
        return EXIT_USAGE
    out.write(schema_text(args.kind, version))
    return EXIT_OK


def cmd_hash(args: argparse.Namespace, out: TextIO) -> int:
    document, problems = _check(Path(args.path))
    if problems:
        for problem in problems:
            sys.stderr.write(problem.render() + "\n")
        return EXIT_PROBLEMS
    out.write(f"{document_hash(document)}  {args.path}\n")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency import shipped  # noqa: PLC0415 - avoids a cycle with the package root

    folder = shipped()
    out.write(f"asn-competency {__version__}: the shipped policy files in {folder}\n\n")
    status = EXIT_OK
    for path in _expand([str(folder)]):
        document, problems = _check(path)
        if problems:
            status = EXIT_PROBLEMS
            out.write(f"INVALID  {path.name}\n")
            for problem in problems:
                out.write(f"    {problem.render()}\n")
            continue
        out.write(f"valid    {path.name}\n")
        out.write(f"    {document.kind} {document.id!r}: {_summary(document)}\n")
        out.write(f"    {document_hash(document)}\n")
    if status != EXIT_OK:
        return status
    from asn_competency.cli.demo import run_demo  # noqa: PLC0415 - only this command needs it

    return run_demo(folder, args.out, applicants=args.applicants, seed=args.seed, stream=out)


def _summary(document: Any) -> str:
    if document.kind == "competency-framework":
        groups: dict[str, int] = {}
        for competency in document.competencies:
            groups[competency.group] = groups.get(competency.group, 0) + 1
        parts = ", ".join(f"{n} {g}" for g, n in sorted(groups.items()))
        return f"{len(document.competencies)} competencies ({parts}), levels 1-5 each"
    if document.kind == "position-standard":
        core = sum(1 for r in document.requirements if r.factor == "core")
        return (
            f"{document.position.name.id}: {len(document.requirements)} required competencies "
            f"({core} core)"
        )
    if document.kind == "policy-tests":
        return f"{len(document.cases)} test case(s) for {document.policy.id}"
    return f"{len(document.stages)} stage(s), {len(document.candidate_fields)} candidate fields"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


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
        )
    except PolicyError as error:
        for problem in error.problems:
            sys.stderr.write(problem.render() + "\n")
        return EXIT_PROBLEMS


def cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency.cli.verify import execute_verify  # noqa: PLC0415

    return execute_verify(
        args.out_dir,
        policy=args.policy,
        candidates=args.candidates,
        formations=args.formations,
        ratings=args.ratings,
        stream=out,
    )


def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency.cli.explain import execute_explain  # noqa: PLC0415

    return execute_explain(args.out_dir, args.candidate_id, lang=args.lang, stream=out)


def cmd_test(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency.audit.policy_tests import run_policy_tests  # noqa: PLC0415
    from asn_competency.model.policy_tests import PolicyTests  # noqa: PLC0415

    status = EXIT_OK
    paths = [p for p in _expand(args.paths) if p.name.endswith((".tests.yaml", ".tests.yml"))]
    paths += [Path(p) for p in args.paths if Path(p).is_file() and Path(p) not in paths]
    if not paths:
        sys.stderr.write("asn-competency test: no policy test files (*.tests.yaml) found\n")
        return EXIT_USAGE
    for path in paths:
        document, problems = _check(path)
        if problems:
            for problem in problems:
                out.write(problem.render() + "\n")
            status = EXIT_PROBLEMS
            continue
        if not isinstance(document, PolicyTests):
            out.write(f"{path}: a policy-tests file is needed, not a {document.kind}\n")
            status = EXIT_PROBLEMS
            continue
        report = run_policy_tests(document)
        out.write(report.render() + "\n")
        if not report.passed:
            status = EXIT_PROBLEMS
    return status


def cmd_synth(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency.testing.synth import synthesize, write_synth  # noqa: PLC0415

    if args.applicants < 1:
        sys.stderr.write("asn-competency synth: --applicants must be at least 1\n")
        return EXIT_USAGE
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
        problems = getattr(error, "problems", None) or [getattr(error, "problem", None)]
        for problem in problems:
            sys.stderr.write((problem.render() if problem else str(error)) + "\n")
        return EXIT_PROBLEMS
    for name, path in write_synth(data, args.out).items():
        out.write(f"{name}: {path}\n")
    for key, count in data.notes.items():
        out.write(f"  {key}: {count}\n")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asn-competency",
        description="Competency-based ASN recruitment: policy files, decisions, audits.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check policy files; print path:line:col: CODE message per problem"
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.set_defaults(run=cmd_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of a file kind")
    schema.add_argument("kind", choices=sorted(supported()), metavar="KIND")
    schema.add_argument("--version", type=int, default=None, dest="version")
    schema.set_defaults(run=cmd_schema)

    digest = commands.add_parser("hash", help="content hash of a validated document")
    digest.add_argument("path", metavar="PATH")
    digest.set_defaults(run=cmd_hash)

    runs = commands.add_parser(
        "run", help="run the selection: results.csv, decisions.jsonl, manifest.json"
    )
    runs.add_argument("policy", metavar="POLICY", type=Path)
    runs.add_argument("candidates", metavar="CANDIDATES", type=Path)
    runs.add_argument("--formations", required=True, type=Path, metavar="F")
    runs.add_argument("--ratings", type=Path, default=None, metavar="R")
    runs.add_argument("--as-of", type=_date, default=None, metavar="DATE", dest="as_of")
    runs.add_argument("--out", required=True, type=Path, metavar="DIR")
    runs.add_argument(
        "--strict", action="store_true", help="exit 1 when any candidate row is invalid"
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
    verify.set_defaults(run=cmd_verify)

    explain = commands.add_parser("explain", help="the reasons for one decision, in words")
    explain.add_argument("out_dir", metavar="DIR", type=Path)
    explain.add_argument("candidate_id", metavar="CANDIDATE_ID")
    explain.add_argument("--lang", choices=("id", "en"), default="id")
    explain.set_defaults(run=cmd_explain)

    tests = commands.add_parser("test", help="run policy test cases (kind policy-tests)")
    tests.add_argument("paths", nargs="+", metavar="PATH", help="test files or folders")
    tests.set_defaults(run=cmd_test)

    synth = commands.add_parser("synth", help="realistic synthetic data for a policy")
    synth.add_argument("policy", metavar="POLICY", type=Path)
    synth.add_argument("--applicants", type=int, required=True, metavar="N")
    synth.add_argument("--seed", type=int, default=0, metavar="S")
    synth.add_argument("--as-of", type=_date, default=None, metavar="DATE", dest="as_of")
    synth.add_argument("--out", required=True, type=Path, metavar="DIR")
    synth.set_defaults(run=cmd_synth)

    demo = commands.add_parser("demo", help="the end-to-end example on shipped data")
    demo.add_argument("--out", type=Path, default=Path("demo-output"), metavar="DIR")
    demo.add_argument(
        "--applicants", type=int, default=3000, help="synthetic CPNS applicants (default 3000)"
    )
    demo.add_argument("--seed", type=int, default=2024)
    demo.set_defaults(run=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    args = _parser().parse_args(argv)
    stream = out if out is not None else sys.stdout
    try:
        code: int = args.run(args, stream)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return code
