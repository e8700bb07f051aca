"""Threshold boundaries: a value exactly at a threshold gets the outcome the policy states, and
one step either side the other outcome where the policy says so
(:func:`check_threshold_boundaries`).

What is checked, read from the policy:

- each test component's ``pass_minimum`` (a number, or a parameter in force on the as-of
  date), for candidates whose track has no exception to the stage's base rule and when the
  stage has no ``pass_rule`` of its own: at the minimum and one step above the component
  passes (the stage's outcome is not ``below_threshold``), one step below the stage's
  outcome is ``below_threshold`` (nilai ambang batas: "at least");
- each eligibility rule written as one comparison of an integer field with a number or an
  integer parameter (``work_experience_years >= pppk_min_experience``), or of the age on the
  as-of date with one, whole numbers or parameters added either side
  (``age_on(birth_date, as_of) + masa_kerja_sisa_minimal < batas_usia_pensiun``): at, just
  below and just above the bound (the first and last day of the age, and a day beyond
  each), the rule fails exactly when the comparison is false.

Everyone's value is set at once (one run per value), and every candidate that reaches the
stage is held to it.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from asn_competency.expressions.functions import age_on
from asn_competency.model import (
    EligibilityStage,
    IntegerField,
    ParameterRef,
    SelectionPolicy,
    TestStage,
)
from asn_competency.pipeline.engine import run
from asn_competency.testing.checks._result import DEFAULT_BUDGET, Counterexample
from asn_competency.testing.checks._support import candidate_label, on_policy
from asn_competency.testing.population import Population, Runner, benefits, format_number
from asn_competency.testing.strategies import _parameter
from asn_competency.testing.synth._rules import _AGE, age_bounds
from asn_competency.testing.synth._values import _add_years

__all__ = ["Boundary", "boundaries", "check_threshold_boundaries"]

CHECK = "threshold"

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}
_FIELD_RULE = re.compile(r"\A\s*([a-z][a-z0-9_]*)\s*(>=|>|<=|<)\s*([A-Za-z0-9_]+)\s*\Z")


@dataclass(frozen=True)
class Boundary:
    """One threshold the policy states: a test component's pass minimum (``kind="test"``) or
    an eligibility rule's bound (``kind="rule"``, ``rule`` its id; ``age`` when the rule
    compares the age on the as-of date), and what it compares."""

    kind: str
    stage: str
    field: str
    op: str
    threshold: Fraction
    rule: str | None = None
    age: bool = False
    places: int = 0


def _value(policy: SelectionPolicy, text: str, as_of: dt.date) -> Fraction | None:
    if text.isdigit():
        return Fraction(int(text))
    return _parameter(policy, text, as_of)


def _age_bound(policy: SelectionPolicy, rule: str, as_of: dt.date) -> tuple[str, Fraction] | None:
    """A rule that is one comparison of the age on the as-of date (whole numbers and integer
    parameters added either side, as :mod:`~asn_competency.testing.synth._rules` reads them:
    ``age_on(birth_date, as_of) + k < X``), as an inclusive bound: ``("<=", 56)``."""
    if "birth_date" not in policy.candidate_fields or not _AGE.fullmatch(rule.strip()):
        return None

    def integer(text: str) -> int | None:
        value = _value(policy, text, as_of)
        return int(value) if value is not None and value.denominator == 1 else None

    found = age_bounds([rule], integer, frozenset())
    if len(found) != 1 or len(found[0]) != 1:
        return None
    bound = found[0][0]
    if bound.value is None or bound.field is not None or bound.flag is not None:
        return None
    return ("<=" if bound.upper else ">="), Fraction(bound.value + bound.offset)


def boundaries(policy: SelectionPolicy, as_of: dt.date) -> list[Boundary]:
    """The thresholds the check holds the policy to, in the order the stages state them."""
    found: list[Boundary] = []
    grid = {b.field: b for b in benefits(policy) if b.kind == "field"}
    for stage in policy.stages:
        if isinstance(stage, TestStage) and stage.pass_rule is None:
            for component in stage.components:
                minimum = component.pass_minimum
                value = (
                    _parameter(policy, minimum.parameter, as_of)
                    if isinstance(minimum, ParameterRef)
                    else None
                    if minimum is None
                    else Fraction(str(minimum))
                )
                benefit = grid.get(component.field)
                if value is None or benefit is None:
                    continue
                found.append(
                    Boundary("test", stage.id, component.field, ">=", value, places=benefit.places)
                )
        elif isinstance(stage, EligibilityStage):
            for rule in stage.rules:
                plain = _FIELD_RULE.match(rule.rule)
                age = _age_bound(policy, rule.rule, as_of)
                if age is not None:
                    op, limit = age
                    found.append(
                        Boundary("rule", stage.id, "birth_date", op, limit, rule=rule.id, age=True)
                    )
                elif plain is not None and isinstance(
                    policy.candidate_fields.get(plain.group(1)), IntegerField
                ):
                    bound = _value(policy, plain.group(3), as_of)
                    if bound is not None and bound.denominator == 1:
                        found.append(
                            Boundary(
                                "rule",
                                stage.id,
                                plain.group(1),
                                plain.group(2),
                                bound,
                                rule=rule.id,
                            )
                        )
    return found


def _cases(boundary: Boundary, as_of: dt.date) -> Iterator[tuple[str, str, Any]]:
    """(case, value as written, value compared) at, just below and just above the bound."""
    if boundary.age:
        age = int(boundary.threshold)
        youngest = _add_years(as_of, -age)  # the birthday falls on the as-of date
        oldest = _add_years(as_of, -(age + 1)) + dt.timedelta(days=1)
        yield "at", youngest.isoformat(), age_on(youngest, as_of)
        yield "at", oldest.isoformat(), age_on(oldest, as_of)
        younger = youngest + dt.timedelta(days=1)
        older = oldest - dt.timedelta(days=1)
        yield "below", younger.isoformat(), age_on(younger, as_of)
        yield "above", older.isoformat(), age_on(older, as_of)
        return
    step = Fraction(1, 10**boundary.places)
    for case, value in (
        ("at", boundary.threshold),
        ("below", boundary.threshold - step),
        ("above", boundary.threshold + step),
    ):
        yield case, format_number(value, boundary.places), value


def _fits(policy: SelectionPolicy, boundary: Boundary, value: Fraction) -> bool:
    """Whether a value is within the field's declared bounds (else the row is invalid)."""
    if boundary.age:
        return True
    benefit = next((b for b in benefits(policy) if b.field == boundary.field), None)
    if benefit is not None:
        return benefit.low <= value <= benefit.high
    decl = policy.candidate_fields.get(boundary.field)
    if isinstance(decl, IntegerField):
        return (decl.minimum is None or value >= decl.minimum) and (
            decl.maximum is None or value <= decl.maximum
        )
    return True


def _set_everyone(
    policy: SelectionPolicy, population: Population, boundary: Boundary, written: str
) -> Population:
    """Every row with the boundary's field at the value; for a pass minimum, the stage's other
    components at least at their own minimum (so that only this one decides)."""
    others: dict[str, str] = {}
    if boundary.kind == "test":
        stage = next(s for s in policy.stages if s.id == boundary.stage)
        components = stage.components if isinstance(stage, TestStage) else []
        for component in components:
            if component.field == boundary.field:
                continue
            sibling = next(
                (
                    b
                    for b in boundaries(policy, population.as_of or dt.date.min)
                    if b.kind == "test" and b.field == component.field
                ),
                None,
            )
            grid = next((b for b in benefits(policy) if b.field == component.field), None)
            if grid is None:
                continue
            floor = sibling.threshold if sibling is not None else grid.low
            others[component.field] = format_number(max(floor, grid.low), grid.places)
    rows = []
    for row in population.candidates:
        changed = dict(row)
        changed[boundary.field] = written
        for name, floor_text in others.items():
            current = str(changed.get(name) or "")
            try:
                keep = current != "" and Fraction(current) >= Fraction(floor_text)
            except (ValueError, ZeroDivisionError):
                keep = True  # an unusable cell stays: the row is invalid either way
            if not keep:
                changed[name] = floor_text
        rows.append(changed)
    return population.with_candidates(rows)


def _exempt(policy: SelectionPolicy, stage_id: str, track: str | None) -> bool:
    """Whether a track has an exception to the stage's base rule."""
    stage = next(s for s in policy.stages if s.id == stage_id)
    return isinstance(stage, TestStage) and any(track in e.tracks for e in stage.exceptions)


def _violation(
    policy: SelectionPolicy, population: Population, runner: Runner
) -> Counterexample | None:
    when = population.as_of
    if when is None:
        raise ValueError("a dated population is needed")
    for boundary in boundaries(policy, when):
        for case, written, compared in _cases(boundary, when):
            if not boundary.age and not _fits(policy, boundary, Fraction(compared)):
                continue
            holds = _COMPARE[boundary.op](compared, boundary.threshold)
            changed = _set_everyone(policy, population, boundary, written)
            result = changed.run(policy, runner)
            for decision in result.decisions:
                stage = next((s for s in decision.stages if s.stage_id == boundary.stage), None)
                if stage is None or stage.outcome in {"not_reached", "invalid_input", "absent"}:
                    continue
                if boundary.kind == "test":
                    if _exempt(policy, boundary.stage, decision.track):
                        continue
                    if stage.outcome == "needs_review":
                        continue
                    failed = stage.outcome == "below_threshold"
                    expected: str | dict[str, str] = "advanced" if holds else "below_threshold"
                else:
                    if any(
                        r.code == "rule.unknown" and r.params.get("rule") == boundary.rule
                        for r in stage.reasons
                    ):
                        continue
                    failed = any(
                        r.code == "rule.failed" and r.params.get("rule") == boundary.rule
                        for r in stage.reasons
                    )
                    expected = (
                        {
                            "id": f"aturan {boundary.rule} terpenuhi",
                            "en": f"rule {boundary.rule} met",
                        }
                        if holds
                        else {
                            "id": f"aturan {boundary.rule} tidak terpenuhi",
                            "en": f"rule {boundary.rule} not met",
                        }
                    )
                if failed != (not holds):
                    label = candidate_label(decision)
                    shown = f"{boundary.op} {_threshold_text(boundary)}"
                    outcome = (
                        stage.outcome
                        if boundary.kind == "test"
                        else (
                            {
                                "id": f"aturan {boundary.rule} "
                                + ("tidak terpenuhi" if failed else "terpenuhi"),
                                "en": f"rule {boundary.rule} " + ("not met" if failed else "met"),
                            }
                        )
                    )
                    return Counterexample(
                        CHECK,
                        f"threshold.{case}",
                        {
                            "field": boundary.field,
                            "candidate": label,
                            "threshold": shown,
                            "value": written,
                            "stage": boundary.stage,
                            "outcome": outcome,
                            "expected": expected,
                        },
                        candidates=(label,),
                        change={
                            "field": boundary.field,
                            "value": written,
                            "case": case,
                            "rule": boundary.rule,
                            "row": decision.row,
                        },
                        population=population,
                    )
    return None


def _threshold_text(boundary: Boundary) -> str:
    number = format_number(boundary.threshold, boundary.places)
    if boundary.age:
        return f"{number} (age_on(birth_date, as_of))"
    return number


def check_threshold_boundaries(
    policy: SelectionPolicy,
    population: Population | None = None,
    *,
    as_of: dt.date | None = None,
    budget: int = DEFAULT_BUDGET,
    runner: Runner = run,
) -> Counterexample | None:
    """A value exactly at a threshold gets the outcome the policy states, and one step either
    side the outcome the comparison gives (see the module's docstring for which thresholds).
    On a ``population`` (every row moved onto each boundary in turn), or populations drawn
    for the policy within ``budget``. ``None`` when every boundary holds (also when the
    policy states no threshold of these shapes: PPPK 2024 has no passing grade)."""
    return on_policy(policy, population, as_of, budget, lambda p: _violation(policy, p, runner))
