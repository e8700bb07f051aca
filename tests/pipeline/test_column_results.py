"""Stage results held as columns (pipeline/column_results.py): each candidate's result of a
stage the columns engine decided over whole columns is a view of its row, and reads as the
reference engine's result (docs/engine.md: one semantics, two engines)."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from collections.abc import Callable
from dataclasses import FrozenInstanceError, replace
from typing import Any

import pytest

import asn_competency as asn
from asn_competency.audit.ledger import score_record
from asn_competency.pipeline import Decision, StageResult
from asn_competency.pipeline.column_results import ColumnResult
from asn_competency.testing.synth import synthesize

POLICIES = {
    "cpns-2024.yaml": dt.date(2024, 9, 10),
    "pppk-2024.yaml": dt.date(2024, 10, 1),
    "gayungan-2026.yaml": dt.date(2026, 3, 31),
}


def as_data(result: StageResult) -> tuple[Any, ...]:
    """Every field of a result as plain data (evaluations and scores as their records)."""
    return (
        result.stage_id,
        result.kind,
        result.outcome,
        result.score,
        result.reasons,
        dict(result.detail),
        [e.record for e in result.evaluations],
        [score_record(s) for s in result.scores],
    )


def both(name: str) -> tuple[asn.RunResult, asn.RunResult]:
    policy = asn.load_policy(asn.shipped(name))
    as_of = POLICIES[name]
    data = synthesize(policy, applicants=300, seed=5, as_of=as_of)
    arguments: dict[str, Any] = {
        "candidates": data.candidates,
        "formations": data.formations,
        "ratings": data.ratings or None,
        "as_of": as_of,
    }
    return (
        asn.run(policy, **arguments, engine="reference"),
        asn.run(policy, **arguments, engine="columns"),
    )


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_a_view_reads_as_the_reference_result(name: str) -> None:
    """On a synthetic cycle of each shipped policy, every stage result of the columns engine
    (views of the stage's columns among them) has the reference's fields, value for value."""
    reference, columns = both(name)
    views = 0
    for want, got in zip(reference, columns, strict=True):
        assert got.candidate_id == want.candidate_id
        for expected, result in zip(want.stages, got.stages, strict=True):
            views += isinstance(result, ColumnResult)
            assert as_data(result) == as_data(expected), (got.candidate_id, result.stage_id)
    if name != "gayungan-2026.yaml":  # Gayungan's rating stages run row by row
        assert views > 300


def test_a_view_is_frozen_and_replace_gives_a_plain_result() -> None:
    """A view cannot be changed, like any result; :func:`dataclasses.replace` gives a plain
    :class:`StageResult` with the change and the view's other fields."""
    _, columns = both("cpns-2024.yaml")
    view = next(s for d in columns for s in d.stages if isinstance(s, ColumnResult))
    with pytest.raises(FrozenInstanceError):
        view.outcome = "absent"  # type: ignore[misc]
    changed = replace(view, outcome="needs_review")
    assert type(changed) is StageResult
    assert changed.outcome == "needs_review"
    assert as_data(changed)[:2] == as_data(view)[:2]
    assert as_data(changed)[3:] == as_data(view)[3:]
    assert view == ColumnResult(view.column, view.index)


@pytest.mark.parametrize("engine", ["columns", "reference"])
def test_decisions_copied_or_pickled_write_the_same_records(engine: str) -> None:
    """A run's decisions can be copied and pickled (a notebook sends them to other
    processes): each copy writes the record the decision writes. A view of the stage columns
    is copied as a plain result, its evaluations as plain data."""
    from asn_competency.audit.ledger import decision_record

    policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    as_of = POLICIES["cpns-2024.yaml"]
    data = synthesize(policy, applicants=200, seed=9, as_of=as_of)
    result = asn.run(
        policy, data.candidates, formations=data.formations, as_of=as_of, engine=engine
    )
    keys = {"policy_id": "p", "policy_hash": "h", "as_of": "2024-09-10"}

    def pickled(decision: Decision) -> Decision:
        copied: Decision = pickle.loads(pickle.dumps(decision))  # noqa: S301 - our own bytes
        return copied

    copies: tuple[Callable[[Decision], Decision], ...] = (copy.copy, copy.deepcopy, pickled)
    for copy_of in copies:
        for decision in result:
            copied = copy_of(decision)
            assert decision_record(copied, **keys) == decision_record(decision, **keys)
            assert not any(isinstance(s, ColumnResult) for s in copy.deepcopy(decision).stages)
