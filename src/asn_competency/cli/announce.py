"""``asn-competency announce DIR --out FILE [--stage STAGE] [--mask full|partial|keyed]
[--key-file K] [--lang id|en]``: the results announcement (pengumuman hasil seleksi) of a run.

Reads the run folder as :func:`asn_competency.results_announcement` reads it (its
``results.csv`` and ``manifest.json``: a folder with a manifest is complete; the sha256 of
``results.csv`` must be the manifest's) and writes ``FILE``: CSV (UTF-8 with a byte order
mark) or a self-contained HTML page, by its extension, the announcement's own ``csv()`` or
``html()``. Without ``--stage`` it is the final announcement (L, L-1, L-2, TL, TMS, TH, PR,
ERR); with ``--stage`` the announcement of one test stage (P/L, P, TL, TH, TMS, PR, ERR),
whose stage kinds are read from the first record of ``decisions.jsonl``. The rules, codes
and masking are :mod:`asn_competency.audit.announce`'s: registration numbers are published
in full by default (``none`` is the earlier name of ``full``), and every mode keeps them
distinct or refuses. Candidates' names are never published. The key of ``--mask keyed`` is
read from ``--key-file`` and is never printed nor written. The file is written atomically
(a temporary name, then a rename). The command prints how many rows and distinct
registration numbers it published (and, for ``partial``, how many last characters are
shown).

Exit codes: 0 written; 3 (an integrity failure, as for ``verify``) ``results.csv`` or
``manifest.json`` missing from the folder, or ``results.csv`` not matching the manifest's
sha256; 1 the folder missing, the manifest unreadable or lacking a field, a file
unreadable, an unusable row, registration numbers that the mask cannot keep distinct, a
stage that cannot be announced (or no readable ``decisions.jsonl`` for ``--stage``), or
``keyed`` without a (usable) key file; 2 usage: an output that is neither ``.csv`` nor
``.html``, an unknown mask or language (``lang.unknown``), a key file without ``--mask
keyed``, an output that is one of the files the command reads (a run file, the key file) or,
without ``--force``, a file that exists. The key file must be a regular file of at most
:data:`KEY_FILE_LIMIT` bytes (a device such as ``/dev/zero`` is refused, never read to its
end). A refusal of the announcement prints its problems, one line each (file, line, code).
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from asn_competency.audit.announce import (
    MASK_MODES,
    AnnouncementError,
    ResultsAnnouncement,
    key_from_bytes,
    results_announcement,
)
from asn_competency.audit.run_folder import MANIFEST_FILE, RESULTS_FILE, RUN_FILES
from asn_competency.cli._common import output_problem, refuse
from asn_competency.errors import PolicyError, Problem, check_language

__all__ = ["execute_announce"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTEGRITY = 0, 1, 2, 3

_PROG = "asn-competency announce"
_FORMATS = (".csv", ".html")
_RUN_FILES = RUN_FILES
#: The most bytes read from ``--key-file``: a key is a few dozen bytes; a larger file is not one.
KEY_FILE_LIMIT = 4096


def _fail(message: str, code: int = EXIT_PROBLEMS) -> int:
    sys.stderr.write(f"{_PROG}: {message}\n")
    return code


def _atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to a new temporary file beside ``target`` (created exclusively, never
    through a link), then rename it to ``target``."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)


def _read_key(key_file: Path) -> bytes | str:
    """The key of a key file, or the reason it cannot be used (never quoting the key)."""
    try:
        # O_NONBLOCK: opening a named pipe does not wait for a writer.
        handle = os.open(key_file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        return f"the key file {key_file} cannot be read ({error.strerror or 'error'})"
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return f"the key file {key_file} is not a regular file (a device, pipe or folder)"
        try:
            data = stream.read(KEY_FILE_LIMIT + 1)
        except OSError as error:
            return f"the key file {key_file} cannot be read ({error.strerror or 'error'})"
    if len(data) > KEY_FILE_LIMIT:
        return f"the key file {key_file} is larger than {KEY_FILE_LIMIT} bytes: not a key file"
    try:
        return key_from_bytes(data)
    except AnnouncementError as error:
        return f"{key_file}: {error}"


def _summary(made: ResultsAnnouncement, mask: str, out: Path) -> str:
    """What the command published, and where."""
    rows = made.rows
    formations = len({row["formation_id"] for row in rows})
    published = len({row["published_id"] for row in rows} - {""})
    shown = f" (last {made.masking.keep_last} shown)" if made.masking.mode == "partial" else ""
    what = f"stage {made.stage}" if made.stage is not None else "final results"
    skipped = f", {made.not_listed} not reaching it not listed" if made.not_listed else ""
    return (
        f"{what}: {len(rows)} candidate row(s) in {formations} formation group(s){skipped}, "
        f"{published} distinct registration number(s), mask {mask}{shown}: written to {out}\n"
    )


def _exit_code(error: AnnouncementError, out_dir: Path) -> int:
    """The exit code of a refused announcement: 3 (an integrity failure, as ``verify`` says)
    when ``results.csv`` or ``manifest.json`` is missing from the run folder or
    ``results.csv`` does not match the manifest's sha256; 1 for anything else (no such
    folder, a manifest that cannot be read, an unusable row, a stage that cannot be
    announced, no decision records for ``--stage``)."""
    results, manifest = out_dir / RESULTS_FILE, out_dir / MANIFEST_FILE
    for problem in error.problems:
        if problem.file == str(results) and problem.code in {"audit.missing", "audit.manifest"}:
            return EXIT_INTEGRITY
        missing = problem.file == str(manifest) and not manifest.is_file()
        if missing and problem.code == "audit.manifest":
            return EXIT_INTEGRITY
    return EXIT_PROBLEMS


def _refused(problems: Iterable[Problem], code: int) -> int:
    """Print each problem on stderr, after the command's name; return ``code``."""
    sys.stderr.writelines(f"{_PROG}: {problem.render()}\n" for problem in problems)
    return code


def execute_announce(
    out_dir: Path,
    *,
    out: Path,
    mask: str = "full",
    key_file: Path | None = None,
    lang: str = "id",
    stream: TextIO,
    stage: str | None = None,
    force: bool = False,
) -> int:
    """The ``announce`` command: write the announcement of the run folder ``out_dir`` (the
    final results, or with ``stage`` that stage's) to ``out`` (``.csv`` or ``.html``) and
    print what it published and where to ``stream``; return the exit code (0 written, 1 a
    missing or unusable input or key, 2 usage, 3 an integrity failure; see the module
    docstring). The folder is read by :func:`~asn_competency.audit.announce.results_announcement`
    and the file is its :meth:`~asn_competency.audit.announce.ResultsAnnouncement.csv` or
    :meth:`~asn_competency.audit.announce.ResultsAnnouncement.html`."""
    try:
        check_language(lang)
    except PolicyError as error:
        return _refused(error.problems, EXIT_USAGE)
    if mask not in MASK_MODES:
        return _fail(f"unknown mask {mask!r}; use one of {', '.join(MASK_MODES)}", EXIT_USAGE)
    suffix = out.suffix.lower()
    if suffix not in _FORMATS:
        return _fail(
            f"the output {out} must end in .csv or .html (the format follows the extension)",
            EXIT_USAGE,
        )
    if key_file is not None and mask != "keyed":
        return _fail(f"--key-file is only used with --mask keyed (not {mask})", EXIT_USAGE)
    problem = output_problem(
        [out], [*(out_dir / name for name in _RUN_FILES), key_file], force=force
    )
    if problem is not None:
        return refuse(problem, sys.stderr)
    key: bytes | None = None
    if mask == "keyed":
        if key_file is None:
            return _fail("--mask keyed needs --key-file (the committee's secret key)")
        read = _read_key(key_file)
        if isinstance(read, str):
            return _fail(read)
        key = read
    try:
        made = results_announcement(out_dir, mask=mask, key=key, stage=stage)
        text = made.csv(lang) if suffix == ".csv" else made.html(lang)
    except AnnouncementError as error:
        return _refused(error.problems, _exit_code(error, out_dir))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(out, text.encode("utf-8"))
    except OSError as error:
        return _fail(f"{out} cannot be written ({error})")
    stream.write(_summary(made, mask, out))
    return EXIT_OK
