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

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import orjson

from asn_competency._version import __version__
from asn_competency.expressions import Evaluation
from asn_competency.expressions.data import AS_IS, EvaluationRecord, evaluation_data, exact, plain
from asn_competency.model import document_hash
from asn_competency.model.outcomes import Fact
from asn_competency.pipeline import Decision, RunResult, StageResult
from asn_competency.pipeline.column_results import ColumnResult, Listed, StageColumn
from asn_competency.scoring import ScoreResult, ThresholdResult

__all__ = [
    "GENESIS",
    "RECORD_FORMAT",
    "chain_hash",
    "decision_record",
    "encoded_ledger",
    "fact_record",
    "ledger",
    "plain",
    "record_json",
    "score_record",
]

#: Name and version of the decision record format.
RECORD_FORMAT = "decision/v2"

#: The ``prev_hash`` of the first record.
GENESIS = "0" * 64


def record_json(record: Mapping[str, Any]) -> bytes:
    """The canonical JSON of a record: sorted keys, no spaces, UTF-8, exactly
    :func:`~asn_competency.files.canonical_json` for the plain values records hold (strings,
    integers, booleans, null, lists, objects; a test checks it on real records). Written by
    ``orjson`` (several times faster than the standard encoder, byte for byte the same: a
    property test holds it to ``json.dumps(sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)``); an integer beyond 64 bits, which ``orjson`` refuses, goes through
    the standard encoder."""
    return _part(record)


def _part(value: Any) -> bytes:
    """The canonical JSON of a plain value (a record, or a part of one), as
    :func:`record_json` writes it."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode("utf-8")


def chain_hash(previous: str, record: Mapping[str, Any]) -> str:
    """The hash of a record (given without its ``hash`` field) chained to the previous one."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(previous.encode("ascii") + record_json(body)).hexdigest()


def fact_record(fact: Fact) -> dict[str, Any]:
    """A reason or a step as the record holds it: its code and its parameters, flat."""
    record = {"code": fact.code}
    for name, value in fact.params.items():
        record[name] = value if type(value) in AS_IS else plain(value)
    return record


def score_record(result: ScoreResult) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """A score as an integration stage's record holds it (under ``scores``), and the
    parameters its formulas read as the decision record lists them (under ``parameters``)."""
    recorder = _Recorder()
    return recorder.score(result), recorder.parameters


class _Written:
    """What the ledger's encoder keeps from one record to the next (:func:`encoded_ledger`):
    the canonical JSON of the stage results that hold nothing but their id, kind and outcome
    (``not_reached``: one object shared by many decisions) and of the parts of stage records
    that many rows share (a stage's id, kind and outcome; a tuple of reasons shared by the
    rows that fail alike; the parameters a list of evaluations reads), each by identity and
    kept with the object it was made from while the records are written."""

    #: At most so many parts kept by identity (rows whose parts are their own would
    #: otherwise be kept to the end).
    KEPT = 1 << 12

    def __init__(self) -> None:
        self.results: dict[int, tuple[StageResult, orjson.Fragment]] = {}
        self.heads: dict[tuple[str, str, str], tuple[bytes, bytes]] = {}
        self.reasons: dict[int, tuple[tuple[Fact, ...], bytes]] = {}
        self.parameters: dict[int, tuple[Listed, tuple[tuple[str, Any], ...]]] = {}

    def reasons_json(self, reasons: tuple[Fact, ...]) -> bytes:
        """The canonical JSON of a tuple of reasons as records list them."""
        found = self.reasons.get(id(reasons))
        if found is None:
            if len(self.reasons) >= self.KEPT:
                self.reasons.clear()
            # copied to its size: orjson's output keeps its whole 4 KiB working buffer
            found = (reasons, bytes(memoryview(_part([fact_record(r) for r in reasons]))))
            self.reasons[id(reasons)] = found
        return found[1]

    def listed_parameters(self, listed: Listed) -> tuple[tuple[str, Any], ...]:
        """The parameters a row's list of column evaluations reads, in order."""
        found = self.parameters.get(id(listed))
        if found is None:
            if len(self.parameters) >= self.KEPT:
                self.parameters.clear()
            read = tuple(p for evaluation, _ in listed for p in evaluation.row_parameters)
            found = self.parameters[id(listed)] = (listed, read)
        return found[1]


class _Recorder:
    """Builds one decision's record, collecting the parameters its evaluations read.
    ``written``: for the ledger's encoder only (:func:`encoded_ledger`), the evaluations as
    their canonical JSON when they have it already
    (:attr:`~asn_competency.expressions.data.EvaluationRecord.json`), the results of stages
    decided over columns written from their columns (:meth:`column_stage`), and what the
    records share kept from one record to the next."""

    def __init__(self, written: _Written | None = None) -> None:
        self.parameters: dict[str, dict[str, Any]] = {}
        self.encoded = written is not None
        self.written = written

    def evaluation(
        self, evaluation: Evaluation | EvaluationRecord
    ) -> dict[str, Any] | orjson.Fragment:
        """An evaluation's record; the parameters it read join the decision's list."""
        return self.evaluations((evaluation,))[0]

    def evaluations(
        self, evaluations: Iterable[Evaluation | EvaluationRecord]
    ) -> list[dict[str, Any] | orjson.Fragment]:
        """Evaluations' records, in order; the parameters they read join the decision's
        list."""
        listed, encoded = self.parameters, self.encoded
        records = []
        for given in evaluations:
            evaluation = evaluation_data(given) if isinstance(given, Evaluation) else given
            parameters = evaluation.parameters
            if parameters:
                for name, parameter in parameters:
                    listed.setdefault(name, parameter)
            records.append(evaluation.json if encoded else evaluation.record)
        return records

    def threshold(self, gate: ThresholdResult | None) -> dict[str, Any] | None:
        if gate is None:
            return None
        return {
            "minimum": exact(gate.minimum),
            "parameter": gate.parameter,
            "since": plain(gate.effective_from),
            "reference": gate.reference,
            "value": plain(gate.value),
            "passed": gate.passed,
        }

    def score(self, result: ScoreResult) -> dict[str, Any]:
        rounding = result.rounding
        return {
            "id": result.id,
            "kind": result.kind,
            "value": plain(result.value),
            "exact": plain(result.exact),
            "rounding": None
            if rounding is None
            else {"places": rounding.places, "mode": rounding.mode},
            "passed": result.passed,
            "thresholds": [self.threshold(t) for t in result.thresholds],
            "criteria": [
                {
                    "id": c.id,
                    "raw": plain(c.raw),
                    "scaled": plain(c.scaled),
                    "weight": exact(c.weight),
                    "contribution": plain(c.contribution),
                    "threshold": self.threshold(c.threshold),
                    "evaluation": self.evaluation(c.trace),
                }
                for c in result.criteria
            ],
            "inputs": self.evaluations(result.inputs),
            "steps": [fact_record(step) for step in result.steps],
            "missing": list(result.missing),
            "band": result.band,
        }

    def stage(self, result: StageResult) -> dict[str, Any] | orjson.Fragment:
        """A stage's record: its id, kind and outcome, then only what it has of score,
        reasons, rules evaluated, scores computed and stage-specific detail (an empty one is
        left out: most candidates reach few stages)."""
        written = self.written
        if written is not None:
            found = written.results.get(id(result))
            if found is not None:
                return found[1]
            if type(result) is ColumnResult:
                encoded = self.column_stage(result.column, result.index, written)
                if encoded is not None:
                    return encoded
        record: dict[str, Any] = {
            "stage_id": result.stage_id,
            "kind": result.kind,
            "outcome": result.outcome,
        }
        if result.score is not None:
            record["score"] = exact(result.score)
        if result.reasons:
            record["reasons"] = [fact_record(r) for r in result.reasons]
        if result.evaluations:
            record["evaluations"] = self.evaluations(result.evaluations)
        if result.scores:
            record["scores"] = [self.score(s) for s in result.scores]
        if result.detail:
            record["detail"] = plain(result.detail)  # a mapping: a new dict
        if written is not None and len(record) == 3:  # no evaluation: no parameter read
            fragment = orjson.Fragment(record_json(record))
            if len(written.results) >= written.KEPT:
                written.results.clear()
            written.results[id(result)] = (result, fragment)
            return fragment
        return record

    def column_stage(
        self, column: StageColumn, i: int, written: _Written
    ) -> orjson.Fragment | None:
        """Row ``i`` of a stage decided over columns as :meth:`stage` records it, written
        from the columns: the parts many rows share encoded once (``written``), the
        evaluations copied from their columns' canonical JSON. ``None`` when a value has no
        fast encoding (the row's result is then recorded as data)."""
        parts = []
        detail = column.detail(i)
        if detail:
            parts.append(b'"detail":' + _part(plain(detail)))
        listed = column.listed(i)
        if listed:
            evaluations = []
            for evaluation, at in listed:
                encoded = evaluation.encoded(i, at)
                if encoded is None:
                    return None
                evaluations.append(encoded)
            parts.append(b'"evaluations":[' + b",".join(evaluations) + b"]")
            setdefault = self.parameters.setdefault
            for name, parameter in written.listed_parameters(listed):
                setdefault(name, parameter)
        outcome = column.outcomes[i]
        key = (column.stage_id, column.kind, outcome)
        head = written.heads.get(key)
        if head is None:
            head = written.heads[key] = (  # joined: new objects of their own size
                b'"kind":' + _part(column.kind) + b',"outcome":' + _part(outcome),
                b'"stage_id":' + _part(column.stage_id),
            )
        parts.append(head[0])
        reasons = column.reasons[i]
        if reasons:
            parts.append(b'"reasons":' + written.reasons_json(reasons))
        score = column.score(i)
        if score is not None:
            parts.append(b'"score":' + _part(exact(score)))
        rows = column.score_rows
        if rows is not None:
            try:
                scored = orjson.dumps(self.score(rows.row(i)), option=orjson.OPT_SORT_KEYS)
            except TypeError:  # a value orjson refuses
                return None
            parts.append(b'"scores":[' + scored + b"]")
        parts.append(head[1])
        return orjson.Fragment(b"{" + b",".join(parts) + b"}")


def decision_record(
    decision: Decision, *, policy_id: str, policy_hash: str, as_of: str
) -> dict[str, Any]:
    """A decision as the plain record ``decisions.jsonl`` holds (without its chain fields):
    values and coded reasons only, no sentence; the parameters its rules read are listed once,
    each with its value, the date it took effect and its legal reference."""
    return _decision_record(
        decision, _Recorder(), policy_id=policy_id, policy_hash=policy_hash, as_of=as_of
    )


def _decision_record(
    decision: Decision, recorder: _Recorder, *, policy_id: str, policy_hash: str, as_of: str
) -> dict[str, Any]:
    """:func:`decision_record`, its evaluations by ``recorder``."""
    stages = [recorder.stage(s) for s in decision.stages]
    return {
        "format": RECORD_FORMAT,
        "candidate_id": decision.candidate_id,
        "formation_id": decision.formation_id,
        "placement_formation_id": decision.placement_formation_id,
        "track": decision.track,
        "stages": stages,
        "final_status": decision.final_status,
        "final_status_label": decision.label,
        "rank": decision.rank,
        "final_score": exact(decision.final_score),
        "parameters": dict(sorted(recorder.parameters.items())),
        "problems": [
            {
                "code": p.code,
                "field": ".".join(str(part) for part in p.path) or None,
                "value": plain(p.value),
            }
            for p in decision.problems
        ]
        if decision.problems
        else [],
        "policy": {"id": policy_id, "hash": policy_hash},
        "as_of": as_of,
        "library_version": __version__,
        "input_digest": decision.input_digest,
    }


def ledger(result: RunResult) -> Iterator[dict[str, Any]]:
    """The decision records in canonical order, each chained to the one before:
    ``hash = sha256(prev_hash + canonical JSON of the record without 'hash')``."""
    for record, _, digest in _chain(result, encoded=False):
        record["hash"] = digest
        yield record


def encoded_ledger(result: RunResult) -> Iterator[tuple[bytes, str]]:
    """The records :func:`ledger` gives, as the writer needs them: each record's canonical
    JSON without its ``hash`` (what the hash is of) and its hash. The same records built
    the same way, but the evaluations that have their canonical JSON already are copied
    into it as they are instead of being built as data and encoded again (a test holds this
    byte for byte to :func:`ledger` on every shipped policy)."""
    for _, body, digest in _chain(result, encoded=True):
        yield body, digest


def _chain(result: RunResult, *, encoded: bool) -> Iterator[tuple[dict[str, Any], bytes, str]]:
    """Each record without its ``hash`` (its evaluations encoded already when ``encoded``),
    its canonical JSON and its hash, chained to the one before."""
    policy_id, policy_hash = result.policy.id, document_hash(result.policy)
    as_of = result.as_of.isoformat()
    previous = GENESIS
    written = _Written() if encoded else None
    for seq, decision in enumerate(result.decisions, start=1):
        record = {
            "seq": seq,
            "prev_hash": previous,
            **_decision_record(
                decision,
                _Recorder(written),
                policy_id=policy_id,
                policy_hash=policy_hash,
                as_of=as_of,
            ),
        }
        try:
            body = orjson.dumps(record, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # a value orjson refuses, maybe in an evaluation: all as data
            if encoded:
                record = {
                    "seq": seq,
                    "prev_hash": previous,
                    **decision_record(
                        decision, policy_id=policy_id, policy_hash=policy_hash, as_of=as_of
                    ),
                }
            body = record_json(record)
        chained = hashlib.sha256(previous.encode("ascii"))
        chained.update(body)  # not joined first: one large allocation less per record
        digest = chained.hexdigest()
        yield record, body, digest
        previous = digest
