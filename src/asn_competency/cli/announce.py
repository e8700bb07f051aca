"""``asn-competency announce DIR --out FILE [--stage STAGE] [--mask full|partial|keyed]
[--key-file K] [--lang id|en]``: the results announcement (pengumuman hasil seleksi) of a run.

Reads the run folder's ``results.csv`` and ``manifest.json`` (a folder with a manifest is
complete; the sha256 of ``results.csv`` must be the manifest's) and writes ``FILE``: CSV
(UTF-8 with a byte order mark) or a self-contained HTML page, by its extension. Without
``--stage`` it is the final announcement (L, L-1, L-2, TL, TMS, TH, PR, ERR); with
``--stage`` the announcement of one test stage (P/L, P, TL, TH, TMS, PR, ERR), whose stage
kinds are read from the first record of ``decisions.jsonl``. The rules, codes and masking
are :mod:`asn_competency.audit.announce`'s: registration numbers are published in full by
default (``none`` is the earlier name of ``full``), and every mode keeps them distinct or
refuses. Candidates' names are never published. The key of ``--mask keyed`` is read from
``--key-file`` and is never printed nor written. The file is written atomically (a temporary
name, then a rename). The command prints how many rows and distinct registration numbers it
published (and, for ``partial``, how many last characters are shown).

Exit codes: 0 written; 3 (an integrity failure, as for ``verify``) ``results.csv`` or
``manifest.json`` missing from the folder, or ``results.csv`` not matching the manifest's
sha256; 1 the folder missing, a file unreadable, an unusable row, registration numbers
that the mask cannot keep distinct, a stage that cannot be announced (or no readable
``decisions.jsonl`` for ``--stage``), or ``keyed`` without a (usable) key file; 2 usage: an
output that is neither ``.csv`` nor ``.html``, an unknown mask or language, a key file
without ``--mask keyed``, an output that is one of the files the command reads (a run file,
the key file) or, without ``--force``, a file that exists. The key file must be a regular
file of at most :data:`KEY_FILE_LIMIT` bytes (a device such as ``/dev/zero`` is refused, never
read to its end).
"""

from __future__ import annotations

import csv
import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from asn_competency.audit.announce import (
    MASK_MODES,
    AnnouncementError,
    ResultsAnnouncement,
    key_from_bytes,
    render_csv,
    render_html,
    results_announcement,
    run_info,
)
from asn_competency.audit.explain import LANGUAGES
from asn_competency.audit.run_folder import (
    LEDGER_FILE,
    MANIFEST_FILE,
    RESULTS_FILE,
    RUN_FILES,
    ManifestError,
    read_manifest,
)
from asn_competency.cli._common import output_problem, refuse
from asn_competency.files import file_sha256

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


def _read_results(path: Path) -> list[dict[str, Any]] | str:
    """The rows of results.csv, or the reason they cannot be read."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            rows = list(reader)
            header = reader.fieldnames
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        return f"{path} cannot be read ({error})"
    if not header or "candidate_id" not in header:
        return f"{path} has no candidate_id column: is it a results.csv of a run?"
    if any(None in row for row in rows):
        return f"{path} has a row with more cells than the header"
    return rows


def _read_manifest(path: Path) -> dict[str, Any] | str:
    """The parsed manifest, or the reason it cannot be read."""
    try:
        return read_manifest(path)
    except ManifestError as error:
        return f"{path}: {error.message}"


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


def _read_stages(path: Path) -> list[tuple[str, str]] | str:
    """The policy's stages as (id, kind), in order, from the ledger's first record; or the
    reason they cannot be read."""
    try:
        with path.open(encoding="utf-8") as stream:
            first = stream.readline()
    except (OSError, UnicodeDecodeError) as error:
        return f"{path} cannot be read ({error}): --stage needs the decision records"
    try:
        record = json.loads(first) if first.strip() else None
    except ValueError as error:
        return f"{path}: the first record is not JSON ({error})"
    stages = record.get("stages") if isinstance(record, dict) else None
    if not isinstance(stages, list) or not stages:
        return f"{path} has no decision record with stages: --stage needs one"
    return [(str(s.get("stage_id")), str(s.get("kind"))) for s in stages if isinstance(s, dict)]


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
    missing or unusable input or key, 2 usage; see the module docstring)."""
    if lang not in LANGUAGES:
        return _fail(f"unknown language {lang!r}; use {' or '.join(LANGUAGES)}", EXIT_USAGE)
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
    if not out_dir.is_dir():
        return _fail(f"no such folder: {out_dir}")
    problem = output_problem(
        [out], [*(out_dir / name for name in _RUN_FILES), key_file], force=force
    )
    if problem is not None:
        return refuse(problem, sys.stderr)
    results_path = out_dir / RESULTS_FILE
    if not results_path.is_file():
        return _fail(
            f"no results.csv in {out_dir} (give the --out folder of a run)", EXIT_INTEGRITY
        )
    manifest_path = out_dir / MANIFEST_FILE
    if not manifest_path.is_file():
        return _fail(
            f"no manifest.json in {out_dir}: the run is incomplete (the manifest is written last)",
            EXIT_INTEGRITY,
        )
    key: bytes | None = None
    if mask == "keyed":
        if key_file is None:
            return _fail("--mask keyed needs --key-file (the committee's secret key)")
        read = _read_key(key_file)
        if isinstance(read, str):
            return _fail(read)
        key = read
    manifest = _read_manifest(manifest_path)
    if isinstance(manifest, str):
        return _fail(manifest)
    try:
        info = run_info(manifest)
    except AnnouncementError as error:
        return _fail(f"{manifest_path}: {error}")
    try:
        digest = file_sha256(results_path)
    except OSError as error:
        return _fail(f"{results_path} cannot be read ({error})")
    if info.results_sha256 is not None and digest != info.results_sha256:
        return _fail(
            f"{results_path} does not match the sha256 in {manifest_path} (changed after the "
            "run?); check the folder with asn-competency verify",
            EXIT_INTEGRITY,
        )
    results = _read_results(results_path)
    if isinstance(results, str):
        return _fail(results)
    kinds = _read_stages(out_dir / LEDGER_FILE) if stage is not None else []
    if isinstance(kinds, str):
        return _fail(kinds)
    try:
        made = results_announcement(results, mask=mask, key=key, stage=stage, stages=kinds)
    except AnnouncementError as error:
        return _fail(f"{results_path}: {error}")
    rows = made.rows
    if suffix == ".csv":
        text = render_csv(rows, info=info, lang=lang, stage=stage)
    else:
        text = render_html(
            rows, info=info, mask=made.masking, lang=lang, stage=stage, not_listed=made.not_listed
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(out, text.encode("utf-8"))
    except OSError as error:
        return _fail(f"{out} cannot be written ({error})")
    stream.write(_summary(made, mask, out))
    return EXIT_OK
