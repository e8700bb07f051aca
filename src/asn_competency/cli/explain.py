"""``asn-competency explain DIR CANDIDATE_ID [--lang id|en]``: one decision in plain language.

Reads a run folder (the ``--out`` folder of ``run``): ``decisions.jsonl`` for the candidate's
record(s) and ``manifest.json`` for the policy file, which names stages and cites legal
references in the chosen language when it can still be loaded. A candidate id on several
rows (every copy invalid) has several records: each is explained.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from asn_competency._api import load
from asn_competency.audit.explain import LANGUAGES, explain
from asn_competency.errors import AsnCompetencyError, did_you_mean
from asn_competency.model import SelectionPolicy

__all__ = ["execute_explain"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

_PROG = "asn-competency explain"

#: Printed above the explanations when a candidate id has several records.
_SEVERAL = {
    "id": "Ada {count} keputusan dengan nomor peserta {candidate!r} (nomor yang sama pada "
    "beberapa baris); masing-masing dijelaskan di bawah.\n",
    "en": "There are {count} decisions with candidate id {candidate!r} (the id is on several "
    "rows); each is explained below.\n",
}
_SEPARATOR = "\n" + "-" * 72 + "\n\n"


def _fail(message: str) -> int:
    sys.stderr.write(f"{_PROG}: {message}\n")
    return EXIT_PROBLEMS


def _note(message: str) -> None:
    sys.stderr.write(f"{_PROG}: note: {message}\n")


def _policy(out_dir: Path) -> SelectionPolicy | None:
    """The run's policy, when the manifest names a policy file that still loads."""
    manifest_path = out_dir / "manifest.json"
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


def _records(path: Path) -> list[dict[str, Any]] | str:
    """Every record of a ledger, or the reason it cannot be read."""
    records: list[dict[str, Any]] = []
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
    except (OSError, UnicodeDecodeError) as error:
        return f"{path} cannot be read ({error})"
    return records


def execute_explain(out_dir: Path, candidate_id: str, *, lang: str, stream: TextIO) -> int:
    """The ``explain`` command: write the explanation of every record of ``candidate_id`` in
    the run folder ``out_dir``; 0 when written, 1 when the folder, its ``decisions.jsonl`` or
    the candidate is not found (with the nearest id when one is close), 2 for an unknown
    language."""
    if lang not in LANGUAGES:
        sys.stderr.write(f"{_PROG}: unknown language {lang!r}; use {' or '.join(LANGUAGES)}\n")
        return EXIT_USAGE
    if not out_dir.is_dir():
        return _fail(f"no such folder: {out_dir}")
    ledger = out_dir / "decisions.jsonl"
    if not ledger.is_file():
        return _fail(f"no decisions.jsonl in {out_dir} (give the --out folder of a run)")
    records = _records(ledger)
    if isinstance(records, str):
        return _fail(records)
    found = [r for r in records if r.get("candidate_id") == candidate_id]
    if not found:
        known = [str(r["candidate_id"]) for r in records if r.get("candidate_id") is not None]
        hint = did_you_mean(candidate_id, known)
        return _fail(
            f"candidate {candidate_id!r} is not in {ledger}" + (f"; {hint}" if hint else "")
        )
    policy = _policy(out_dir)
    texts = [explain(record, policy=policy, lang=lang) for record in found]
    if len(texts) > 1:
        stream.write(_SEVERAL[lang].format(count=len(texts), candidate=candidate_id) + "\n")
    stream.write(_SEPARATOR.join(texts))
    return EXIT_OK
