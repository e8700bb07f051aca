"""Command line: thin. Arguments, file I/O, output formats and exit codes; no logic of its own.

Exit codes follow ``docs/cli.md``: 0 success, 1 problems found in the input, 2 usage.
Whatever a command does, :func:`main` turns an operating-system error (a folder that cannot
be created, a disk that is full, a file that vanished) and text that cannot be encoded (a
file name whose bytes are not UTF-8) into one ``path: CODE message`` line and exit 1, and
everything printed passes through :class:`~asn_competency.cli._common.TerminalText`, so
values read from input files cannot drive the terminal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO, cast

from asn_competency._version import __version__
from asn_competency.cli import analyse, develop, documents, evaluate, selection
from asn_competency.cli._common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    TerminalText,
    os_problem,
    unicode_problem,
)

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
    develop.register(commands)
    evaluate.register(commands)
    analyse.register(commands)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    args = _parser().parse_args(argv)
    stream = cast("TextIO", TerminalText(out if out is not None else sys.stdout))
    errors = sys.stderr
    # A progress bar on stderr rewrites its line with a carriage return.
    sys.stderr = cast("TextIO", TerminalText(errors, keep="\n\t\r"))
    try:
        code: int = args.run(args, stream)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:
        sys.stderr.write(os_problem(error).render() + "\n")
        return EXIT_PROBLEMS
    except UnicodeError as error:
        sys.stderr.write(unicode_problem(error).render() + "\n")
        return EXIT_PROBLEMS
    finally:
        sys.stderr = errors
    return code
