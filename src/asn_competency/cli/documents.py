"""Commands about policy documents: validate, schema, hash, test."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from asn_competency.cli._common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    check,
    expand,
    integer,
)
from asn_competency.model import KINDS, document_hash, schema_text, supported

__all__ = ["register"]


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    paths = expand(args.paths)
    if not paths:
        sys.stderr.write("asn-competency validate: no .yaml or .yml files in the given folders\n")
        return EXIT_USAGE
    results = []
    for path in paths:
        document, problems = check(path)
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
    document, problems = check(Path(args.path))
    if problems:
        for problem in problems:
            sys.stderr.write(problem.render() + "\n")
        return EXIT_PROBLEMS
    out.write(f"{document_hash(document)}  {args.path}\n")
    return EXIT_OK


def cmd_test(args: argparse.Namespace, out: TextIO) -> int:
    from asn_competency.audit.policy_tests import run_policy_tests  # noqa: PLC0415
    from asn_competency.model.policy_tests import PolicyTests  # noqa: PLC0415

    status = EXIT_OK
    paths = [p for p in expand(args.paths) if p.name.endswith((".tests.yaml", ".tests.yml"))]
    paths += [Path(p) for p in args.paths if Path(p).is_file() and Path(p) not in paths]
    if not paths:
        sys.stderr.write("asn-competency test: no policy test files (*.tests.yaml) found\n")
        return EXIT_USAGE
    for path in paths:
        document, problems = check(path)
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


def register(commands: Any) -> None:
    """Add the document commands to the parser's subcommands."""
    validate = commands.add_parser(
        "validate", help="check policy files; print path:line:col: CODE message per problem"
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.set_defaults(run=cmd_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of a file kind")
    schema.add_argument("kind", choices=sorted(supported()), metavar="KIND")
    schema.add_argument(
        "--version", type=integer(1, 999, "a schema version"), default=None, dest="version"
    )
    schema.set_defaults(run=cmd_schema)

    digest = commands.add_parser("hash", help="content hash of a validated document")
    digest.add_argument("path", metavar="PATH")
    digest.set_defaults(run=cmd_hash)

    tests = commands.add_parser("test", help="run policy test cases (kind policy-tests)")
    tests.add_argument("paths", nargs="+", metavar="PATH", help="test files or folders")
    tests.set_defaults(run=cmd_test)
