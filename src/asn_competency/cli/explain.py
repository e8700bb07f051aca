"""``asn-competency explain DIR CANDIDATE_ID [--lang id|en]``: one decision in plain language.

Reads a run folder (the ``--out`` folder of ``run``): the candidate's record(s) in
``decisions.jsonl``, found by bisecting its canonical order (a few dozen lines read, however
large the run: :func:`asn_competency.audit.run_folder.find_records`), and ``manifest.json``
for the policy file, which names stages and cites legal
references in the chosen language when it can still be loaded. A candidate id on several
rows (every copy invalid) has several records: each is explained.

Each record explained is first checked against the hash chain
(:func:`asn_competency.audit.verify.record_findings`: its hash against its content, its
``seq`` against its place, its ``prev_hash`` against the record before it); a record that
does not fit is still explained, under a warning that says what does not match, and the
exit code is 3 (an integrity failure, as for ``verify``). What is printed passes through the
command line's terminal filter: control characters in ids and texts are shown escaped.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from asn_competency._api import load
from asn_competency.audit.explain import LANGUAGES, UnsupportedRecordError, explain_records
from asn_competency.audit.run_folder import (
    LEDGER_FILE,
    MANIFEST_FILE,
    LedgerLineError,
    ManifestError,
    find_records,
    read_manifest,
    records_of,
)
from asn_competency.errors import AsnCompetencyError, PolicyError, check_language, did_you_mean
from asn_competency.model import SelectionPolicy

__all__ = ["execute_explain"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTEGRITY = 0, 1, 2, 3

_PROG = "asn-competency explain"


def _fail(message: str) -> int:
    sys.stderr.write(f"{_PROG}: {message}\n")
    return EXIT_PROBLEMS


def _note(message: str) -> None:
    sys.stderr.write(f"{_PROG}: note: {message}\n")


def _policy(out_dir: Path) -> SelectionPolicy | None:
    """The run's policy, when the manifest names a policy file that still loads."""
    manifest_path = out_dir / MANIFEST_FILE
    try:
        manifest = read_manifest(manifest_path)
    except ManifestError as error:
        _note(f"{out_dir}: {error.message}: explaining without the policy file")
        return None
    policy = manifest.get("policy") if isinstance(manifest, dict) else None
    named = policy.get("file") if isinstance(policy, dict) else None
    if not isinstance(named, str) or not named:
        _note(f"{manifest_path} names no policy file: explaining without it")
        return None
    candidates = [Path(named)]
    if not Path(named).is_absolute():
        candidates.append(out_dir / named)
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        _note(f"the policy file {named} no longer exists: explaining without it")
        return None
    try:
        return load(path, kind=SelectionPolicy)  # another kind: kind.unexpected, said below
    except AsnCompetencyError as error:
        _note(f"the policy file {path} no longer loads ({error}): explaining without it")
        return None


def execute_explain(out_dir: Path, candidate_id: str, *, lang: str, stream: TextIO) -> int:
    """The ``explain`` command: write the explanation of every record of ``candidate_id`` in
    the run folder ``out_dir``; 0 when written, 3 when written under a warning that a record
    does not match the hash chain, 1 when the folder, its ``decisions.jsonl`` or the
    candidate is not found (with the nearest id when one is close) or a record is of another
    format than ``decision/v2`` (refused in one line naming the format explained), 2 for an
    unknown language (``lang.unknown``)."""
    try:
        check_language(lang, LANGUAGES)
    except PolicyError as error:
        (problem,) = error.problems
        sys.stderr.write(f"{_PROG}: {problem.code} {problem.message}\n")
        return EXIT_USAGE
    if not out_dir.is_dir():
        return _fail(f"no such folder: {out_dir}")
    ledger = out_dir / LEDGER_FILE
    if not ledger.is_file():
        return _fail(f"no decisions.jsonl in {out_dir} (give the --out folder of a run)")
    try:
        found = find_records(ledger, candidate_id)
        if not found:
            known = [str(r["candidate_id"]) for _, r in records_of(ledger) if r.get("candidate_id")]
    except (OSError, UnicodeDecodeError) as error:
        return _fail(f"{ledger} cannot be read ({error})")
    except LedgerLineError as error:
        return _fail(error.problems[0].render())
    if not found:
        hint = did_you_mean(candidate_id, known)
        return _fail(
            f"candidate {candidate_id!r} is not in {ledger}" + (f"; {hint}" if hint else "")
        )
    policy = _policy(out_dir)
    try:
        text, altered = explain_records(found, ledger=ledger, policy=policy, lang=lang)
    except UnsupportedRecordError as error:
        return _fail(str(error))
    stream.write(text)
    if altered:
        _note("a record explained does not match the hash chain (see the warning above it)")
        return EXIT_INTEGRITY
    return EXIT_OK
