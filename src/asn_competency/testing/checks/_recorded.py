"""What a run recorded of a stage rule, read for the threshold check: the rule's value and
its clauses' values as a decision holds them (:func:`recorded`), whether the rule decides the
candidate's stage outcome (:func:`applies`) and what that outcome says of it
(:func:`rule_held`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from asn_competency.model import EligibilityStage, RatingStage, SelectionPolicy, TestStage
from asn_competency.pipeline import Decision
from asn_competency.testing.boundaries import Boundary, Quantity
from asn_competency.testing.population import Population

__all__ = ["SKIPPED", "applies", "dated_as_of", "quantity_of", "recorded", "rule_held"]

#: Outcomes of a stage that say nothing of its rules.
SKIPPED = frozenset({"not_reached", "invalid_input", "absent"})


def recorded(decision: Decision, key: Sequence[str | int]) -> tuple[Any, list[Any]] | None:
    """The value and clause values a decision recorded for the stage rule at ``key``."""
    stage = next((s for s in decision.stages if s.stage_id == key[0]), None)
    if stage is None or stage.outcome in SKIPPED:
        return None
    for evaluation in stage.evaluations:
        record = evaluation.record
        if list(record.get("at", ())) == list(key):
            return record.get("value"), list(record.get("clauses", ()))
    return None


def applies(policy: SelectionPolicy, boundary: Boundary, track: str | None) -> bool | None:
    """Whether the rule at a test stage's key decides the candidate's outcome: the base rule
    for a track without exceptions, an exception for the one track it alone covers without a
    condition (``None``: the outcome is not read, only the clause and rule values)."""
    stage = next(s for s in policy.stages if s.id == boundary.stage)
    if isinstance(stage, EligibilityStage):
        return True
    if isinstance(stage, RatingStage):
        return True
    if not isinstance(stage, TestStage):
        return None
    covering = [e for e in stage.exceptions if track in e.tracks]
    if boundary.key[1] == "exceptions":
        mine = stage.exceptions[int(boundary.key[2])]
        return True if covering == [mine] and mine.when is None else None
    return True if not covering else None


def rule_held(decision: Decision, boundary: Boundary) -> bool | None:
    """Whether the stage outcome says the rule held (``None``: it does not say)."""
    stage = next((s for s in decision.stages if s.stage_id == boundary.stage), None)
    if stage is None or stage.outcome in SKIPPED:
        return None
    if boundary.key[1] == "rules":
        if any(
            r.code == "rule.unknown" and r.params.get("rule") == boundary.rule
            for r in stage.reasons
        ):
            return None
        return not any(
            r.code == "rule.failed" and r.params.get("rule") == boundary.rule for r in stage.reasons
        )
    if stage.outcome == "needs_review":
        return None
    return stage.outcome != "below_threshold"


def quantity_of(boundary: Boundary) -> Quantity:
    """The quantity of a clause or gate boundary."""
    if boundary.quantity is None:
        raise ValueError(f"the boundary of {boundary.stage} compares no quantity")
    return boundary.quantity


def dated_as_of(population: Population) -> dt.date:
    """The as-of date of a population the check dated."""
    if population.as_of is None:
        raise ValueError("a dated population is needed")
    return population.as_of
