"""``asn-competency explain DIR CANDIDATE_ID [--lang id|en]``: one decision in plain language.

Reads a run folder (the ``--out`` folder of ``run``): ``decisions.jsonl`` for the candidate's
record(s) and ``manifest.json`` for the policy file, which names stages and cites legal
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

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from asn_competency._api import load
from asn_competency.audit.explain import LANGUAGES, UnsupportedRecordError, explain
from asn_competency.audit.run_folder import LEDGER_FILE, MANIFEST_FILE
from asn_competency.audit.verify import record_findings
from asn_competency.errors import AsnCompetencyError, did_you_mean
from asn_competency.model import SelectionPolicy

__all__ = ["execute_explain"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTEGRITY = 0, 1, 2, 3

_PROG = "asn-competency explain"

#: Printed above the explanations when a candidate id has several records.
_SEVERAL = {
    "id": "Ada {count} keputusan dengan nomor peserta {candidate!r} (nomor yang sama pada "
    "beberapa baris); masing-masing dijelaskan di bawah.\n",
    "en": "There are {count} decisions with candidate id {candidate!r} (the id is on several "
    "rows); each is explained below.\n",
}
_SEPARATOR = "\n" + "-" * 72 + "\n\n"

#: Printed above a record that does not fit the hash chain.
_ALTERED = {
    "id": "PERINGATAN: catatan ini (baris {line} dari {ledger}) tidak cocok dengan rantai hash: "
    "{reasons}. Catatan diubah setelah seleksi dijalankan; periksa folder dengan "
    "asn-competency verify.\n\n",
    "en": "WARNING: this record (line {line} of {ledger}) does not match the hash chain: "
    "{reasons}. It was changed after the run; check the folder with asn-competency verify."
    "\n\n",
}
_REASONS = {
    "fields": {
        "id": "tidak memiliki seq, prev_hash dan hash",
        "en": "it has no seq, prev_hash and hash",
    },
    "hash": {
        "id": "hash-nya bukan hash isinya",
        "en": "its hash is not the hash of its content",
    },
    "place": {
        "id": "seq {seq} tidak sesuai tempatnya (catatan ke-{place})",
        "en": "its seq {seq} is not its place (record {place})",
    },
    "link": {
        "id": "prev_hash-nya bukan hash catatan sebelumnya",
        "en": "its prev_hash is not the hash of the record before it",
    },
}


def _fail(message: str) -> int:
    sys.stderr.write(f"{_PROG}: {message}\n")
    return EXIT_PROBLEMS


def _note(message: str) -> None:
    sys.stderr.write(f"{_PROG}: note: {message}\n")


def _policy(out_dir: Path) -> SelectionPolicy | None:
    """The run's policy, when the manifest names a policy file that still loads."""
    manifest_path = out_dir / MANIFEST_FILE
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        _note(f"no manifest.json in {out_dir}: explaining without the policy file")
        return None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        _note(f"{manifest_path} cannot be read ({error}): explaining without the policy file")
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
        document = load(path)
    except AsnCompetencyError as error:
        _note(f"the policy file {path} no longer loads ({error}): explaining without it")
        return None
    if not isinstance(document, SelectionPolicy):
        _note(f"{path} is not a selection-policy: explaining without it")
        return None
    return document


def _records(path: Path) -> tuple[list[dict[str, Any]], list[int]] | str:
    """Every record of a ledger with the line it stands on, or the reason it cannot be
    read."""
    records: list[dict[str, Any]] = []
    numbers: list[int] = []
    try:
        with path.open(encoding="utf-8") as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as error:
                    return f"{path}:{number}: not a JSON record ({error})"
                if not isinstance(record, dict):
                    return f"{path}:{number}: not a decision record (a JSON object is needed)"
                records.append(record)
                numbers.append(number)
    except (OSError, UnicodeDecodeError) as error:
        return f"{path} cannot be read ({error})"
    return records, numbers


def execute_explain(out_dir: Path, candidate_id: str, *, lang: str, stream: TextIO) -> int:
    """The ``explain`` command: write the explanation of every record of ``candidate_id`` in
    the run folder ``out_dir``; 0 when written, 3 when written under a warning that a record
    does not match the hash chain, 1 when the folder, its ``decisions.jsonl`` or the
    candidate is not found (with the nearest id when one is close) or a record is of another
    format than ``decision/v2`` (refused in one line naming the format explained), 2 for an
    unknown language."""
    if lang not in LANGUAGES:
        sys.stderr.write(f"{_PROG}: unknown language {lang!r}; use {' or '.join(LANGUAGES)}\n")
        return EXIT_USAGE
    if not out_dir.is_dir():
        return _fail(f"no such folder: {out_dir}")
    ledger = out_dir / LEDGER_FILE
    if not ledger.is_file():
        return _fail(f"no decisions.jsonl in {out_dir} (give the --out folder of a run)")
    read = _records(ledger)
    if isinstance(read, str):
        return _fail(read)
    records, numbers = read
    found = [r for r in records if r.get("candidate_id") == candidate_id]
    if not found:
        known = [str(r["candidate_id"]) for r in records if r.get("candidate_id") is not None]
        hint = did_you_mean(candidate_id, known)
        return _fail(
            f"candidate {candidate_id!r} is not in {ledger}" + (f"; {hint}" if hint else "")
        )
    policy = _policy(out_dir)
    texts = []
    altered = False
    for index, record in enumerate(records):
        if record.get("candidate_id") != candidate_id:
            continue
        warning = _warning(records, index, numbers[index], ledger, lang)
        altered = altered or bool(warning)
        try:
            texts.append(warning + explain(record, policy=policy, lang=lang))
        except UnsupportedRecordError as error:
            return _fail(f"{ledger}:{numbers[index]}: {error}")
    if len(texts) > 1:
        stream.write(_SEVERAL[lang].format(count=len(texts), candidate=candidate_id) + "\n")
    stream.write(_SEPARATOR.join(texts))
    if altered:
        _note("a record explained does not match the hash chain (see the warning above it)")
        return EXIT_INTEGRITY
    return EXIT_OK


def _warning(records: list[dict[str, Any]], index: int, line: int, ledger: Path, lang: str) -> str:
    """The warning above record ``index`` when it does not fit the chain, else ``""``."""
    record = records[index]
    previous = records[index - 1] if index > 0 else None
    found = record_findings(record, index + 1, previous)
    if not found:
        return ""
    reasons = "; ".join(
        _REASONS[key][lang].format(seq=record.get("seq"), place=index + 1) for key in found
    )
    return _ALTERED[lang].format(line=line, ledger=ledger, reasons=reasons)
