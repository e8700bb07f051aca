"""Decision records and the hash-chained ledger (``decisions.jsonl``).

Each record holds everything an auditor needs to re-check one decision: every stage's outcome,
score and reasons, the rules evaluated with the values they read (parameters with their legal
basis and effective date), ranks and the deciding tie-break key, the policy's id and content
hash, the as-of date, the library version and a digest of the candidate's input row (which
identifies the row; the row's position in the file does not appear, nor anything machine- or
time-specific). The same inputs give byte-identical records whatever the input row order,
hash seed, locale or time zone.

The records come in canonical order, each chained to the one before:
``hash = sha256(prev_hash + canonical JSON of the record without 'hash')``, the first
``prev_hash`` being 64 zeros. Changing, deleting or reordering any record breaks the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

from asn_competency._version import __version__
from asn_competency.expressions import UNKNOWN, Evaluation, format_value
from asn_competency.model import document_hash
from asn_competency.pipeline import Decision, RunResult, StageResult
from asn_competency.pipeline.records import exact

__all__ = ["GENESIS", "RECORD_FORMAT", "chain_hash", "decision_record", "ledger", "record_json"]

#: Name and version of the decision record format.
RECORD_FORMAT = "decision/v1"

#: The ``prev_hash`` of the first record.
GENESIS = "0" * 64


def record_json(record: Mapping[str, Any]) -> bytes:
    """The canonical JSON of a record. Records hold only plain JSON values (strings, integers,
    booleans, null, lists, objects), for which the standard encoder with sorted keys and no
    spaces writes exactly :func:`~asn_competency.files.canonical_json` (a test checks it on
    real records), many times faster."""
    return json.dumps(
        record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def chain_hash(previous: str, record: Mapping[str, Any]) -> str:
    """The hash of a record (given without its ``hash`` field) chained to the previous one."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(previous.encode("ascii") + record_json(body)).hexdigest()


def _evaluation(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "rule": evaluation.rule,
        "value": format_value(evaluation.value),
        "clauses": [clause.render() for clause in evaluation.clauses],
        "missing": list(evaluation.missing),
    }


def _plain(value: Any) -> Any:
    """``value`` as plain JSON: strings, integers, booleans and null as they are; exact
    numbers written exactly; any other value (a decimal number or a date a field rejected, a
    binary float given by Python code) as its text, so that a record can always be written
    and hashed. A decimal keeps its own spelling (``Decimal('1E+999')`` stays ``'1E+999'``,
    never expanded)."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, Fraction):
        return exact(value)
    if value is UNKNOWN:
        return "unknown"
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _stage(result: StageResult) -> dict[str, Any]:
    return {
        "stage_id": result.stage_id,
        "kind": result.kind,
        "outcome": result.outcome,
        "score": exact(result.score),
        "reasons": list(result.reasons),
        "evaluations": [_evaluation(e) for e in result.evaluations],
        "detail": _plain(dict(result.detail)),
    }


def decision_record(
    decision: Decision, *, policy_id: str, policy_hash: str, as_of: str
) -> dict[str, Any]:
    """A decision as the plain record ``decisions.jsonl`` holds (without its chain fields)."""
    return {
        "format": RECORD_FORMAT,
        "candidate_id": decision.candidate_id,
        "formation_id": decision.formation_id,
        "placement_formation_id": decision.placement_formation_id,
        "track": decision.track,
        "stages": [_stage(s) for s in decision.stages],
        "final_status": decision.final_status,
        "final_status_label": decision.label,
        "rank": decision.rank,
        "final_score": exact(decision.final_score),
        "problems": [
            {
                "code": p.code,
                "message": p.message,
                "field": p.json_path,
                "value": _plain(p.value),
                "hint": p.hint,
            }
            for p in decision.problems
        ],
        "policy": {"id": policy_id, "hash": policy_hash},
        "as_of": as_of,
        "library_version": __version__,
        "input_digest": decision.input_digest,
    }


def ledger(result: RunResult) -> Iterator[dict[str, Any]]:
    """The decision records in canonical order, each chained to the one before:
    ``hash = sha256(prev_hash + canonical JSON of the record without 'hash')``."""
    policy_hash = document_hash(result.policy)
    previous = GENESIS
    for seq, decision in enumerate(result.decisions, start=1):
        record = decision_record(
            decision,
            policy_id=result.policy.id,
            policy_hash=policy_hash,
            as_of=result.as_of.isoformat(),
        )
        record = {"seq": seq, "prev_hash": previous, **record}
        digest = chain_hash(previous, record)
        record["hash"] = digest
        previous = digest
        yield record
