"""What the commands share: exit codes, reading file arguments, dates and counts, what may
be printed on a terminal, operating-system errors as problems, and outputs that must not
replace inputs or existing data."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from asn_competency._api import load
from asn_competency.errors import PolicyError, Problem

__all__ = [
    "EARLIEST_DATE",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "LATEST_DATE",
    "TerminalText",
    "check",
    "count",
    "expand",
    "folder_problem",
    "integer",
    "iso_date",
    "os_problem",
    "output_problem",
    "printable",
    "refuse",
    "summary",
    "unicode_problem",
]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def expand(paths: Sequence[str]) -> list[Path]:
    """Files as given; a folder stands for the ``*.yaml`` and ``*.yml`` files in it."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            out.append(path)
    return out


def check(path: Path) -> tuple[Any, list[Problem]]:
    try:
        return load(path), []
    except PolicyError as exc:
        return None, list(exc.problems)


def summary(document: Any) -> str:
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
    if document.kind == "policy-change":
        return f"a proposed change to {document.policy.id}"
    if document.kind == "training-catalog":
        hours = sum(p.hours for p in document.programmes)
        return f"{len(document.programmes)} training programme(s), {hours} JP in all"
    if document.kind == "development-policy":
        return (
            f"development of staff in {document.position_standard.id}, programmes from "
            f"{document.training_catalog.id}"
        )
    if document.kind == "evaluation-policy":
        return f"{len(document.recommendations)} declared recommendation(s)"
    return f"{len(document.stages)} stage(s), {len(document.candidate_fields)} candidate fields"


#: The dates a command accepts (``--as-of``): a selection's reference date, with room for
#: birth dates a century before it (synthetic applicants) and for far-off test dates.
EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def iso_date(text: str) -> dt.date:
    """An argument type: an ISO date from :data:`EARLIEST_DATE` to :data:`LATEST_DATE`
    (anything else is a usage error, exit 2)."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise argparse.ArgumentTypeError(
            f"{text} is out of range: give a date from {EARLIEST_DATE} to {LATEST_DATE}"
        )
    return day


def integer(minimum: int, maximum: int, what: str = "a whole number") -> Callable[[str], int]:
    """An argument type: a decimal integer from ``minimum`` to ``maximum`` (anything else,
    a sign where none belongs or a number too long included, is a usage error, exit 2)."""

    def parse(text: str) -> int:
        if not re.fullmatch(r"[+-]?[0-9]{1,20}", text.strip()):
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}")
        value = int(text)
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(
                f"{value} is out of range: give {what} from {minimum:,} to {maximum:,}"
            )
        return value

    parse.__name__ = "integer"  # argparse names the type in its messages
    return parse


#: ``--applicants``: at least one; the synthetic tables of a million applicants are about
#: the largest national cycle (CPNS 2024 had 3.9 million registrations over many policies).
count = integer(1, 1_000_000, "a number of applicants")


# ----------------------------------------------------------------------------- the terminal

#: Characters that a terminal acts on instead of showing: C0 and C1 controls, DEL, the
#: bidirectional overrides, embeddings and isolates and the marks (which can reorder what is
#: shown), line and paragraph separators, and lone surrogates (a file name's bytes that are
#: not UTF-8).
_HIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, keep: str = "\n\t") -> str:
    """``text`` with every character a terminal would act on written as an escape
    (``\\x1b``, ``\\u202e``); the characters in ``keep`` stay as they are."""
    return _HIDDEN.sub(lambda m: m.group() if m.group() in keep else _escaped(m), text)


class TerminalText:
    """A text stream that writes :func:`printable` text: what a command prints from its
    input files (ids, names, messages) cannot move the cursor, recolour, retitle or reorder
    the terminal. ``keep`` names the controls the stream's own writer uses (``\\r`` for a
    progress bar on stderr)."""

    def __init__(self, stream: TextIO, *, keep: str = "\n\t") -> None:
        self._stream = stream
        self._keep = keep

    def write(self, text: str) -> int:
        return self._stream.write(printable(text, keep=self._keep))

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


# ----------------------------------------------------------------------------- the system


def _shown_path(name: object) -> str:
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    return printable(str(name), keep="")


def os_problem(error: OSError) -> Problem:
    """An operating-system error as a problem (``path: CODE message (hint)``): a missing
    file is ``file.not-found``, any other refusal ``file.os-error`` with the system's reason."""
    reason = error.strerror or type(error).__name__
    file = _shown_path(error.filename) if error.filename is not None else None
    if error.filename2 is not None:
        reason += f" (and {_shown_path(error.filename2)})"
    if isinstance(error, FileNotFoundError):
        return Problem(
            "file.not-found", f"no such file or folder: {reason}", file=file, hint="check the path"
        )
    return Problem(
        "file.os-error",
        reason,
        file=file,
        value=error.errno,
        hint="check the path, its permissions and the free space",
    )


def unicode_problem(error: UnicodeError) -> Problem:
    """Text that cannot be encoded or decoded (a file name whose bytes are not UTF-8) as a
    ``file.bad-name`` problem located at the name (the word around the offending bytes),
    shown escaped."""
    raw = getattr(error, "object", b"")
    start = getattr(error, "start", 0)
    if isinstance(raw, bytes | bytearray):
        raw = bytes(raw).decode("utf-8", "surrogateescape")
    text = str(raw)
    left = max((text.rfind(c, 0, start) for c in " \t\n\"'"), default=-1) + 1
    ends = [i for c in " \t\n\"'" if (i := text.find(c, start)) >= 0]
    name = text[left : min(ends, default=len(text))]
    return Problem(
        "file.bad-name",
        "the name holds bytes that are not UTF-8 text (shown as \\xNN); it cannot be "
        "written into the UTF-8 outputs",
        file=printable(name, keep="") or None,
        value=printable(name, keep=""),
        hint="rename the file with a UTF-8 name",
    )


# ----------------------------------------------------------------------------- outputs


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except (OSError, RuntimeError):
        return False


def output_problem(
    targets: Sequence[Path],
    inputs: Iterable[Path | None],
    *,
    force: bool,
    option: str = "--out",
) -> Problem | None:
    """Why a command may not write ``targets``: a target that is one of its ``inputs``
    (by real path: links and ``..`` resolved; never, even with ``--force``:
    ``output.is-input``), or a target that exists already without ``force``
    (``output.exists``); ``None`` when it may."""
    given = [path for path in inputs if path is not None]
    for target in targets:
        for source in given:
            if _same(target, source):
                return Problem(
                    "output.is-input",
                    f"{option} would write over {_shown_path(source)}, which this command reads",
                    file=_shown_path(target),
                    hint=f"give {option} another path",
                )
    for target in targets:
        if not force and (target.exists() or target.is_symlink()):
            return Problem(
                "output.exists",
                f"{option} would replace {_shown_path(target)}, which exists",
                file=_shown_path(target),
                hint="pass --force to replace it, or give another path",
            )
    return None


def folder_problem(folder: Path, *, force: bool, option: str = "--out") -> Problem | None:
    """Why a command may not write its files into ``folder``: it names a file
    (``output.not-a-folder``), or it holds files already and ``force`` is not given
    (``output.exists``); ``None`` when it may."""
    if folder.exists() and not folder.is_dir():
        return Problem(
            "output.not-a-folder",
            f"{option} names a file, not a folder",
            file=_shown_path(folder),
            hint=f"give {option} a new or empty folder",
        )
    if not force and folder.is_dir() and any(folder.iterdir()):
        return Problem(
            "output.exists",
            f"{option} folder holds files already; the command would replace them",
            file=_shown_path(folder),
            hint="pass --force to replace them, or give a new or empty folder",
        )
    return None


def refuse(problem: Problem, stream: TextIO) -> int:
    """Write an output problem and return the usage exit code (2)."""
    stream.write(problem.render() + "\n")
    return EXIT_USAGE
