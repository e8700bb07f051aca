"""What a policy's own test cases state at its thresholds (:func:`pins`): the outcome a
committee wrote for a candidate exactly at, or a step from, a threshold, which the threshold
check holds the policy to instead of the clause's own comparison."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from asn_competency.errors import PolicyError
from asn_competency.expressions.compile import CompiledRule
from asn_competency.expressions.functions import age_on
from asn_competency.model import EligibilityStage, SelectionPolicy
from asn_competency.model.policy_tests import PolicyTests
from asn_competency.pipeline import Decision
from asn_competency.pipeline.engine import compile_plan, run
from asn_competency.testing.boundaries import Boundary, Quantity, boundaries, kleene
from asn_competency.testing.checks._recorded import applies, recorded
from asn_competency.testing.population import Runner, as_of_for

__all__ = ["Pin", "pins"]


@dataclass(frozen=True)
class Pin:
    """What the policy's test cases state at a boundary value: the clause's value there, and
    the case and candidate that state it."""

    holds: bool
    case: str
    candidate: str


def _quantity_value(
    quantity: Quantity, row: Mapping[str, Any], reads: Mapping[str, Any], as_of: dt.date
) -> Fraction | None:
    raw = reads.get(quantity.name) if quantity.kind == "score" else row.get(quantity.name)
    if raw is None or raw == "":
        return None
    try:
        if quantity.kind == "age":
            return Fraction(age_on(dt.date.fromisoformat(str(raw)), as_of))
        if quantity.kind == "date":
            return Fraction(dt.date.fromisoformat(str(raw)).toordinal())
        return Fraction(str(raw))
    except (ValueError, ZeroDivisionError):
        return None


def _stated(policy: SelectionPolicy, stage_id: str, expectation: Any) -> str | None:
    """The outcome of a stage an expectation states, directly or by its final status."""
    named = expectation.stages.get(stage_id)
    if named is not None:
        return str(named)
    stage = next(s for s in policy.stages if s.id == stage_id)
    reached = {"selected", "selected_by_optimisation", "not_selected", "failed", "absent"}
    if isinstance(stage, EligibilityStage) and expectation.final_status in reached:
        return "advanced"
    return None


def pins(
    policy: SelectionPolicy,
    tests: PolicyTests,
    *,
    as_of: dt.date | None = None,
    runner: Runner = run,
) -> dict[tuple[int, Fraction], Pin]:
    """What the policy's test cases state at its boundaries (:func:`~asn_competency.testing.
    boundaries.boundaries`, by position, and the quantity's value): each case is run, and a
    case's candidate whose quantity is within a step of a clause's threshold, whose rule that
    clause decides there, and whose expectation names the stage's outcome (advanced, or a
    failure with every other rule of the stage met), pins the clause's value there."""
    found: dict[tuple[int, Fraction], Pin] = {}
    when = as_of_for(policy, as_of)
    stated = boundaries(policy, when)
    rules = compile_plan(policy).rules
    for case in tests.cases:
        day = case.as_of or tests.as_of or when
        formations = case.formations if case.formations is not None else tests.formations
        # as ``asn-competency test`` runs a case: one without ratings tests the other stages
        try:
            result = runner(
                policy,
                [dict(row) for row in case.candidates],
                formations=[dict(row) for row in formations],
                ratings=case.all_ratings() or None,
                as_of=day,
                ratings_pending=not case.all_ratings(),
            )
        except PolicyError:
            continue  # a case that cannot run states nothing (its own run says why)
        for decision in result.decisions:
            expectation = case.expect.get(decision.candidate_id or "")
            if expectation is None:
                continue
            row = case.candidates[decision.row - 1]
            for position, boundary in enumerate(stated):
                pinned = _pin(policy, boundary, rules, decision, expectation, row, day)
                if pinned is None:
                    continue
                value, holds = pinned
                found.setdefault(
                    (position, value), Pin(holds, case.id, decision.candidate_id or "")
                )
    return found


def _pin(  # noqa: PLR0917 (each is one thing the pin needs)
    policy: SelectionPolicy,
    boundary: Boundary,
    rules: Mapping[tuple[str | int, ...], CompiledRule],
    decision: Decision,
    expectation: Any,
    row: Mapping[str, Any],
    day: dt.date,
) -> tuple[Fraction, bool] | None:
    if boundary.kind != "clause" or boundary.quantity is None:
        return None
    outcome = _stated(policy, boundary.stage, expectation)
    values = recorded(decision, boundary.key)
    if outcome is None or values is None or applies(policy, boundary, decision.track) is not True:
        return None
    stage = next(s for s in decision.stages if s.stage_id == boundary.stage)
    reads: dict[str, Any] = {}
    for evaluation in stage.evaluations:
        reads.update(evaluation.record.get("reads", {}))
    value = _quantity_value(boundary.quantity, row, reads, day)
    step = boundary.quantity.step
    if value is None or abs(value - boundary.threshold) > step:
        return None
    if outcome == "advanced":
        holds = True
    elif outcome in ("ineligible", "below_threshold"):
        others = [
            r
            for e in stage.evaluations
            for r in [e.record]
            if list(r.get("at", ())) != list(boundary.key)
        ]
        if boundary.key[1] == "rules" and any(r.get("value") is not True for r in others):
            return None
        holds = False
    else:
        return None
    rule = rules[boundary.key]
    clauses = dict(enumerate(values[1]))
    met = kleene(rule, {**clauses, boundary.clause: True})
    unmet = kleene(rule, {**clauses, boundary.clause: False})
    if met == unmet:
        return None  # the clause does not decide the rule for this candidate
    return value, (met == holds)
