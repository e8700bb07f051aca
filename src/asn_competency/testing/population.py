"""What the fairness checks run a policy on: :class:`Population` (the candidate, formation and
ratings rows of one cycle and its as-of date), and what a policy says about its inputs that
the checks and strategies need: the benefit inputs a candidate can raise (:func:`benefits`),
the candidate fields its formulas read (:func:`read_fields`), the scores it declares
non-monotone with every score that reads them (:func:`unchecked_scores`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from asn_competency.errors import PolicyError, Problem
from asn_competency.model import (
    DecimalField,
    IntegerField,
    RankingStage,
    RatingStage,
    SelectionPolicy,
    ShortlistStage,
    TestStage,
)
from asn_competency.pipeline.engine import RunResult, compile_plan, run

__all__ = [
    "Benefit",
    "Population",
    "Runner",
    "as_of_for",
    "benefits",
    "cost_fields",
    "format_number",
    "read_fields",
    "score_inputs",
    "unchecked_scores",
]

#: How a check runs a policy: :func:`asn_competency.run`'s signature (a user may pass a
#: wrapper, e.g. one choosing ``engine="columns"``).
Runner = Callable[..., RunResult]


@dataclass(frozen=True)
class Population:
    """One cycle's inputs as :func:`asn_competency.run` reads them from Python: candidate rows,
    formation rows and ratings rows (mappings of column to value; text as a CSV gives it, or
    Python values), and the as-of date (``None``: the policy's own)."""

    candidates: tuple[Mapping[str, Any], ...]
    formations: tuple[Mapping[str, Any], ...]
    ratings: tuple[Mapping[str, Any], ...] = ()
    as_of: dt.date | None = None

    @classmethod
    def of(
        cls,
        candidates: Iterable[Mapping[str, Any]],
        formations: Iterable[Mapping[str, Any]],
        ratings: Iterable[Mapping[str, Any]] = (),
        as_of: dt.date | None = None,
    ) -> Population:
        """A population from any iterables of rows (each row copied)."""
        return cls(
            tuple(dict(row) for row in candidates),
            tuple(dict(row) for row in formations),
            tuple(dict(row) for row in ratings),
            as_of,
        )

    def run(self, policy: SelectionPolicy, runner: Runner = run) -> RunResult:
        """The policy run on these rows (each row copied, so that a run cannot change them)."""
        return runner(
            policy,
            [dict(row) for row in self.candidates],
            formations=[dict(row) for row in self.formations],
            ratings=[dict(row) for row in self.ratings] or None,
            as_of=self.as_of,
        )

    def with_candidates(self, candidates: Iterable[Mapping[str, Any]]) -> Population:
        """The same population with other candidate rows."""
        return replace(self, candidates=tuple(dict(row) for row in candidates))

    def with_ratings(self, ratings: Iterable[Mapping[str, Any]]) -> Population:
        """The same population with other ratings rows."""
        return replace(self, ratings=tuple(dict(row) for row in ratings))


def as_of_for(policy: SelectionPolicy, as_of: dt.date | None) -> dt.date:
    """The as-of date a check or strategy uses: the one given, else the policy's own, else
    the latest date on which one of its parameters' values comes into force (every value
    is then in force as the policy last states it); a :class:`PolicyError`
    (``param.no-value``, as :func:`asn_competency.run` says) when there is none."""
    when = as_of or policy.as_of
    if when is None:
        starts = [
            start
            for parameter in policy.parameters.values()
            for start, value in parameter.values.items()
            if value is not None
        ]
        when = max(starts) if starts else None
    if when is None:
        raise PolicyError(
            [Problem("param.no-value", "no as-of date: pass one, or declare 'as_of' in the policy")]
        )
    return when


@dataclass(frozen=True)
class Benefit:
    """An input whose improvement must never hurt the candidate: a test component's field
    (``kind="field"``), a numeric candidate field a monotone score's formula reads (also
    ``kind="field"``: an extra test, certificate points), or a rated criterion of a rating
    stage (``kind="rating"``: ``name`` is the criterion id as the ratings file writes it,
    ``field`` the name formulas read). Values go from ``low`` to ``high`` by ``step``. A
    ``cost`` is better when lower (the policy ranks by it ascending): it improves downwards."""

    kind: Literal["field", "rating"]
    name: str
    field: str
    low: Fraction
    high: Fraction
    step: Fraction
    stage: str | None = None
    places: int = 0
    cost: bool = False

    def label(self) -> str:
        """How the words name it: the field, or ``stage/criterion``."""
        return self.name if self.kind == "field" else f"{self.stage}/{self.name}"

    @property
    def worst(self) -> Fraction:
        """The end of its range a candidate is worst at: the bottom, or the top of a cost."""
        return self.high if self.cost else self.low


#: The top of a numeric field that declares no maximum, for raising it (far above any
#: plausible score, and exactly representable).
UNBOUNDED = Fraction(10**9)


def format_number(value: Fraction, places: int) -> str:
    """A value on a benefit's grid written as a table cell (``places`` decimals)."""
    if places == 0:
        return str(value.numerator // value.denominator)
    quantum = Decimal(1).scaleb(-places)
    return str((Decimal(value.numerator) / Decimal(value.denominator)).quantize(quantum))


def benefits(policy: SelectionPolicy) -> list[Benefit]:
    """Every benefit input of the policy, in the order its stages declare them: the fields of
    test components (within the field's bounds and the component's maximum; a decimal field
    by its last declared place) and the criteria of rating stages (within the scale, by whole
    points); then every other numeric candidate field a score's formulas read, unless only
    scores declared non-monotone read it (in the order of the compiled score formulas;
    within its declared bounds, else from 0 up). A field the policy ranks or shortlists by
    ascending (``{key: NAME, direction: asc}``) is a cost. Computed once per policy object."""
    return list(policy.compiled("testing.benefits", lambda: tuple(_benefits(policy))))


def _grid(decl: IntegerField | DecimalField) -> tuple[Fraction, Fraction, Fraction, int]:
    """A numeric field's declared range and step (low, high, step, places)."""
    places = 0 if isinstance(decl, IntegerField) else (decl.places or 0)
    low = Fraction(str(decl.minimum)) if decl.minimum is not None else Fraction(0)
    high = Fraction(str(decl.maximum)) if decl.maximum is not None else UNBOUNDED
    return low, high, Fraction(1, 10**places), places


def cost_fields(policy: SelectionPolicy) -> frozenset[str]:
    """The numeric candidate fields the policy declares lower-is-better: ordered by as a bare
    key with ``direction: asc`` in a shortlist or ranking."""
    found: set[str] = set()
    for stage in policy.stages:
        if isinstance(stage, ShortlistStage | RankingStage):
            for key in stage.order:
                name = key.key.strip()
                decl = policy.candidate_fields.get(name)
                if key.direction == "asc" and isinstance(decl, IntegerField | DecimalField):
                    found.add(name)
    return frozenset(found)


def _benefits(policy: SelectionPolicy) -> list[Benefit]:
    found: list[Benefit] = []
    seen: set[str] = set()
    costs = cost_fields(policy)
    for stage in policy.stages:
        if isinstance(stage, TestStage):
            for component in stage.components:
                decl = policy.candidate_fields.get(component.field)
                if component.field in seen or not isinstance(decl, IntegerField | DecimalField):
                    continue
                seen.add(component.field)
                low, high, step, places = _grid(decl)
                high = min(high, Fraction(str(component.maximum)))
                found.append(
                    Benefit(
                        "field",
                        component.field,
                        component.field,
                        low,
                        high,
                        step,
                        places=places,
                        cost=component.field in costs,
                    )
                )
        elif isinstance(stage, RatingStage):
            low, high = (Fraction(str(v)) for v in stage.scale)
            for criterion in stage.criteria:
                seen.add(criterion.field)
                found.append(
                    Benefit(
                        "rating",
                        criterion.id,
                        criterion.field,
                        low,
                        high,
                        Fraction(1),
                        stage=stage.id,
                    )
                )
    for name in score_inputs(policy):
        decl = policy.candidate_fields.get(name)
        if name in seen or not isinstance(decl, IntegerField | DecimalField):
            continue
        seen.add(name)
        low, high, step, places = _grid(decl)
        found.append(
            Benefit("field", name, name, low, high, step, places=places, cost=name in costs)
        )
    return found


def score_inputs(policy: SelectionPolicy) -> list[str]:
    """The candidate fields the formulas of the policy's monotone scores read (those not
    declared non-monotone, nor reading one that is), in the order of the compiled formulas."""
    unchecked = unchecked_scores(policy)
    monotone = [name for name in policy.scores if name not in unchecked]
    found: list[str] = []
    for rule in compile_plan(policy).scores.formulas(monotone):
        for name in sorted(rule.fields):
            if name not in found:
                found.append(name)
    return found


def read_fields(policy: SelectionPolicy) -> dict[str, list[str]]:
    """Each candidate field (or protected attribute) some formula of the policy reads, with
    where: the paths of the stage formulas (``stage/...``) and the ids of the scores
    (``scores/ID``) that read it, and the test components that read a field directly."""
    plan = compile_plan(policy)
    found: dict[str, list[str]] = {}
    for key, rule in plan.rules.items():
        for name in sorted(rule.fields):
            found.setdefault(name, []).append("/".join(str(part) for part in key))
    for score_id in policy.scores:
        for rule in plan.scores.formulas([score_id]):
            for name in sorted(rule.fields):
                where = f"scores/{score_id}"
                if where not in found.setdefault(name, []):
                    found[name].append(where)
    for stage in policy.stages:
        if isinstance(stage, TestStage):
            for component in stage.components:
                found.setdefault(component.field, []).append(f"{stage.id}/{component.id}")
    return {name: found[name] for name in sorted(found)}


def unchecked_scores(policy: SelectionPolicy) -> dict[str, str]:
    """The scores that cannot be held to monotonicity, each with the declared non-monotone
    score it is or reads (itself, or a score it depends on): ``{score: declared}``."""
    declared = [name for name, score in policy.scores.items() if score.non_monotone is not None]
    book = compile_plan(policy).scores
    found: dict[str, str] = {}
    for name in policy.scores:
        needed = book.needed([name])
        for source in declared:
            if source in needed:
                found.setdefault(name, source)
    return found
