"""Command line: thin. Arguments, file I/O, output formats and exit codes; no logic of its own.

Exit codes follow ``docs/cli.md``: 0 success, 1 problems found in the input, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from asn_competency._version import __version__
from asn_competency.cli import documents, selection
from asn_competency.cli._common import EXIT_OK

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asn-competency",
        description="Competency-based ASN recruitment: policy files, decisions, audits.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    documents.register(commands)
    selection.register(commands)
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
