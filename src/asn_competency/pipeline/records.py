"""Decisions as plain data: result table rows, decision records and their hash chain.

No files are written here (the command line writes them); everything is deterministic:
the same run gives byte-identical records whatever the input order, hash seed, locale or
time zone. Numbers are exact: a terminating decimal is written as such (``61.491``), any
other fraction as ``p/q`` (``800/11``) so that nothing is lost to rounding.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

from asn_competency._version import __version__
from asn_competency.expressions import UNKNOWN, Evaluation, format_value
from asn_competency.files import canonical_json
from asn_competency.model import document_hash
from asn_competency.pipeline.engine import RunResult
from asn_competency.pipeline.outcomes import Decision, StageResult

__all__ = [
    "RECORD_FORMAT",
    "decision_record",
    "exact",
    "ledger",
    "result_columns",
    "result_rows",
    "summary",
]

#: Name and version of the decision record format (schemas/decision.v1.schema.json follows).
RECORD_FORMAT = "decision/v1"

GENESIS = "0" * 64


def exact(value: Fraction | None) -> str | None:
    """A number written exactly: a decimal when it terminates, else ``p/q``."""
    if value is None:
        return None
    text = format_value(value)
    return text if not text.endswith("…") else f"{value.numerator}/{value.denominator}"


def result_columns(result: RunResult) -> list[str]:
    """The columns of ``results.csv``."""
    columns = [
        "candidate_id",
        "row",
        "formation_id",
        "track",
        "final_status",
        "final_status_label",
        "rank",
        "final_score",
        "placement_formation_id",
    ]
    for stage in result.policy.stages:
        columns += [f"{stage.id}.outcome", f"{stage.id}.score"]
    return columns


def result_rows(result: RunResult) -> Iterator[dict[str, str]]:
    """One row per decision, in canonical order, every value as text."""
    for decision in result.decisions:
        row = {
            "candidate_id": decision.candidate_id or "",
            "row": str(decision.row),
            "formation_id": decision.formation_id or "",
            "track": decision.track or "",
            "final_status": decision.final_status,
            "final_status_label": decision.label,
            "rank": "" if decision.rank is None else str(decision.rank),
            "final_score": exact(decision.final_score) or "",
            "placement_formation_id": decision.placement_formation_id or "",
        }
        for stage in decision.stages:
            row[f"{stage.stage_id}.outcome"] = stage.outcome
            row[f"{stage.stage_id}.score"] = exact(stage.score) or ""
        yield row


def _evaluation(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "rule": evaluation.rule,
        "value": format_value(evaluation.value),
        "clauses": [clause.render() for clause in evaluation.clauses],
        "missing": list(evaluation.missing),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return exact(value)
    if value is UNKNOWN:
        return "unknown"
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


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
        "row": decision.row,
        "formation_id": decision.formation_id,
        "placement_formation_id": decision.placement_formation_id,
        "track": decision.track,
        "stages": [_stage(s) for s in decision.stages],
        "final_status": decision.final_status,
        "final_status_label": decision.label,
        "rank": decision.rank,
        "final_score": exact(decision.final_score),
        "problems": [p.to_dict() for p in decision.problems],
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
        digest = hashlib.sha256(previous.encode("ascii") + canonical_json(record)).hexdigest()
        record["hash"] = digest
        previous = digest
        yield record


def summary(result: RunResult) -> dict[str, dict[str, int]]:
    """Counts per stage outcome (by stage) and per final status."""
    stages: dict[str, dict[str, int]] = {s.id: {} for s in result.policy.stages}
    for decision in result.decisions:
        for stage in decision.stages:
            counts = stages[stage.stage_id]
            counts[stage.outcome] = counts.get(stage.outcome, 0) + 1
    return {**{k: dict(sorted(v.items())) for k, v in stages.items()}, "final": result.counts()}
