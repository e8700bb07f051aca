"""Monotonicity: raising a benefit input (a test component's score, a rated level, any numeric
field a monotone score's formula reads) never lowers the candidate's scores or rank, nor turns
a stage it passed, or its selection, into a failure (:func:`check_monotonicity`); a field the
policy declares lower-is-better (it ranks by it ascending) is lowered instead.

A policy may declare a score non-monotone on purpose (``non_monotone: {reason: ...}`` in
``scores``): that score and every score, stage and ranking that reads it are then not
checked, and the check says so (a :class:`NotChecked` with the reason) instead of passing.
docs/domain.md ("Profile Matching") says why this matters: the classic gap table scores a
candidate above the standard below one exactly at it, and a selection score must never rank
a stronger candidate lower.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from hypothesis import strategies as st

from asn_competency.model import (
    IntegrationStage,
    RatingStage,
    SelectionPolicy,
    TestStage,
)
from asn_competency.pipeline import Decision, StageResult
from asn_competency.pipeline.engine import compile_plan, run
from asn_competency.testing.checks._result import (
    DEFAULT_BUDGET,
    Counterexample,
    NotChecked,
    search,
)
from asn_competency.testing.checks._support import dated, drawn_with
from asn_competency.testing.population import (
    UNBOUNDED,
    Benefit,
    Population,
    Runner,
    benefits,
    format_number,
    unchecked_scores,
)

__all__ = ["Raise", "check_monotonicity", "raised"]

CHECK = "monotonicity"

#: Final statuses that select the candidate.
SELECTED = frozenset({"selected", "selected_by_optimisation"})

#: How many changes the check tries on a population it is given, when not told which.
DEFAULT_LIMIT = 60


@dataclass(frozen=True)
class Raise:
    """A change to try: raise the benefit input ``input`` (a field name, or
    ``stage/criterion`` for a rated level) of the candidate row ``row`` (0-based) by
    ``steps`` steps of its grid (whole points; a decimal field's last place), within its
    range; a cost (:attr:`~asn_competency.testing.population.Benefit.cost`) is lowered
    instead. ``start``: a value (a table cell) the field is set to first, before and after
    alike (the row's own when ``None``; not for a rated level)."""

    row: int
    input: str
    steps: int = 1
    start: str | None = None


def _number(text: object) -> Fraction | None:
    try:
        return Fraction(str(text).strip())
    except (ValueError, ZeroDivisionError):
        return None


def raised(
    policy: SelectionPolicy, population: Population, change: Raise
) -> tuple[Population, str, str] | None:
    """The population with the change made, and the old and new value as written; ``None``
    when it cannot be made (no value to raise, already at the top, an id shared by two rows
    for a rated level)."""
    benefit = next((b for b in benefits(policy) if b.label() == change.input), None)
    if benefit is None:
        raise ValueError(f"{change.input!r} is not a benefit input of policy {policy.id!r}")
    if not 0 <= change.row < len(population.candidates):
        return None
    row = population.candidates[change.row]
    if benefit.kind == "field":
        value = _number(row.get(benefit.field, ""))
        if value is None or row.get(benefit.field) in (None, ""):
            return None
        if not benefit.low <= value <= benefit.high:
            return None
        if benefit.cost:  # better when lower: improved downwards
            new = max(benefit.low, value - change.steps * benefit.step)
        else:
            new = min(benefit.high, value + change.steps * benefit.step)
        if new == value:
            return None
        rows = [dict(r) for r in population.candidates]
        rows[change.row][benefit.field] = format_number(new, benefit.places)
        return (
            population.with_candidates(rows),
            str(row.get(benefit.field)),
            format_number(new, benefit.places),
        )
    cid = str(row.get("candidate_id") or "")
    ids = Counter(str(r.get("candidate_id") or "") for r in population.candidates)
    if not cid or ids[cid] > 1:
        return None
    ratings = [dict(r) for r in population.ratings]
    mine = [
        r
        for r in ratings
        if str(r.get("candidate_id")) == cid
        and str(r.get("stage_id")) == benefit.stage
        and str(r.get("criterion_id")) == benefit.name
    ]
    old = [_number(r.get("score")) for r in mine]
    if not mine or any(v is None or not benefit.low <= v <= benefit.high for v in old):
        return None
    known = [v for v in old if v is not None]
    new_scores = [min(benefit.high, v + change.steps) for v in known]
    if new_scores == known:
        return None
    for r, v in zip(mine, new_scores, strict=True):
        r["score"] = format_number(v, 0) if v.denominator == 1 else str(v)
    before = "/".join(format_number(v, 0) if v.denominator == 1 else str(v) for v in known)
    after = "/".join(str(r["score"]) for r in mine)
    return population.with_ratings(ratings), before, after


def _stage_scores(policy: SelectionPolicy) -> dict[str, frozenset[str]]:
    """The scores each stage reads: its named score and reported scores, and the scores its
    formulas read."""
    plan = compile_plan(policy)
    found: dict[str, set[str]] = {stage.id: set() for stage in policy.stages}
    for key, rule in plan.rules.items():
        if key and str(key[0]) in found:
            found[str(key[0])] |= set(rule.scores)
    for stage in policy.stages:
        if isinstance(stage, IntegrationStage):
            found[stage.id] |= {stage.score, *stage.report}
        elif isinstance(stage, RatingStage) and stage.score is not None:
            found[stage.id] |= set(plan.scores.needed([stage.score]) & set(policy.scores))
            if stage.score in policy.scores:
                found[stage.id].add(stage.score)
    return {name: frozenset(scores) for name, scores in found.items()}


def _score_name(policy: SelectionPolicy, result: StageResult) -> str:
    stage = next((s for s in policy.stages if s.id == result.stage_id), None)
    named = getattr(stage, "score", None)
    if isinstance(named, str) and named in policy.scores:
        return named
    return f"{result.stage_id}.score"


def _compare(
    policy: SelectionPolicy,
    before: Decision,
    after: Decision,
    unchecked: Collection[str],
) -> tuple[str, dict[str, object]] | None:
    """The first way ``after`` (the raised candidate) is worse than ``before``, as a code and
    its parameters."""
    reads = _stage_scores(policy)
    skipped = {stage for stage, scores in reads.items() if scores & set(unchecked)}
    stages_after = {s.stage_id: s for s in after.stages}
    for was in before.stages:
        now = stages_after.get(was.stage_id)
        if now is None or was.stage_id in skipped:
            continue
        if was.score is not None and now.score is not None and now.score < was.score:
            return "monotonicity.score-lowered", {
                "score": _score_name(policy, was),
                "before": _show(was.score),
                "after": _show(now.score),
            }
        now_scores = {s.id: s for s in now.scores}
        for score in was.scores:
            other = now_scores.get(score.id)
            if score.id in unchecked or other is None:
                continue
            if (
                isinstance(score.value, Fraction)
                and isinstance(other.value, Fraction)
                and other.value < score.value
            ):
                return "monotonicity.score-lowered", {
                    "score": score.id,
                    "before": _show(score.value),
                    "after": _show(other.value),
                }
    for was in before.stages:
        now = stages_after.get(was.stage_id)
        # Optimisation places the outranked: a candidate it placed who now ranks within their
        # own formation's quota no longer needs it (the final status says what matters).
        if now is None or was.stage_id in skipped or was.kind == "optimisation":
            continue
        if was.outcome == "advanced" and now.outcome != "advanced":
            return "monotonicity.outcome-lost", {
                "stage": was.stage_id,
                "before": was.outcome,
                "after": now.outcome,
            }
    if skipped:
        return None
    if before.final_status in SELECTED and after.final_status not in SELECTED:
        return "monotonicity.status-lost", {
            "before": before.final_status,
            "after": after.final_status,
        }
    if (
        before.rank is not None
        and after.rank is not None
        and before.formation_id == after.formation_id
        and after.rank > before.rank
    ):
        return "monotonicity.rank-lowered", {
            "formation": before.formation_id or "-",
            "before": before.rank,
            "after": after.rank,
        }
    return None


def _show(value: Fraction) -> str:
    """An exact value in words: an integer, or six significant digits and the exact fraction
    (decimal arithmetic: no binary floating point)."""
    if value.denominator == 1:
        return str(value.numerator)
    with localcontext() as context:
        context.prec = 6
        approximate = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{approximate} ({value})"


def _stage_of(policy: SelectionPolicy, label: str) -> str | None:
    """The stage a benefit input belongs to: the test stage reading the field, the rating
    stage of the criterion, or, for a field a score's formula reads, the first stage that
    reads such a score (or whose rules read the field)."""
    for stage in policy.stages:
        if isinstance(stage, RatingStage) and label.startswith(f"{stage.id}/"):
            return stage.id
        if isinstance(stage, TestStage) and any(c.field == label for c in stage.components):
            return stage.id
    plan = compile_plan(policy)
    book = plan.scores
    reading = {
        name for name in policy.scores if any(label in r.fields for r in book.formulas({name}))
    }
    reads = _stage_scores(policy)
    for stage in policy.stages:
        rules = [r for key, r in plan.rules.items() if key and key[0] == stage.id]
        if reads.get(stage.id, frozenset()) & reading or any(label in r.fields for r in rules):
            return stage.id
    return None


#: What the words say of the change: raising a benefit, lowering a cost.
_RAISING = {"id": "Menaikkan", "en": "Raising"}
_LOWERING = {"id": "Menurunkan (makin rendah makin baik)", "en": "Lowering (lower is better)"}

#: Stage outcomes of a candidate whose scores at that stage cannot matter.
_NOT_THERE = frozenset({"not_reached", "ineligible", "invalid_input", "absent"})


def _started(
    policy: SelectionPolicy, population: Population, change: Raise, rows: Sequence[int]
) -> Population:
    """The population with the change's start value on the rows given (a field's)."""
    benefit = next(b for b in benefits(policy) if b.label() == change.input)
    if change.start is None or benefit.kind != "field":
        return population
    changed = [dict(r) for r in population.candidates]
    for row in rows:
        changed[row][benefit.field] = change.start
    return population.with_candidates(changed)


def _scored_lower(
    policy: SelectionPolicy,
    population: Population,
    change: Raise,
    reached: Sequence[int],
    *,
    runner: Runner,
    unchecked: Collection[str],
) -> int | None:
    """A row, among those reached, whose scores the change lowers, found in one run with the
    change made on all of them at once (a candidate's scores are their own: fixed anchors,
    no pool), or ``None``."""
    started = _started(policy, population, change, reached)
    higher = started
    for row in reached:
        made = raised(policy, higher, Raise(row, change.input, change.steps))
        if made is not None:
            higher = made[0]
    if higher is started:
        return None
    before = {d.row: d for d in started.run(policy, runner).decisions}
    for decision in higher.run(policy, runner).decisions:
        was = before.get(decision.row)
        if was is None or decision.row - 1 not in reached:
            continue
        found = _compare(policy, was, decision, unchecked)
        if found is not None and found[0] == "monotonicity.score-lowered":
            return decision.row - 1
    return None


def _violation(
    policy: SelectionPolicy,
    population: Population,
    change: Raise,
    runner: Runner,
    unchecked: Collection[str],
    *,
    among_reached: bool = False,
    probe_only: bool = False,
) -> Counterexample | None:
    """Make the change and compare the candidate's decisions. ``among_reached``: the change's
    row is one whose scores the change lowers when made on every row that reached the
    input's stage at once (:func:`_scored_lower`), else its number counts among those rows
    (so that a drawn change is rarely one that cannot matter); ``probe_only``: only the
    former."""
    before = population.run(policy, runner)
    if among_reached:
        stage_id = _stage_of(policy, change.input)
        reached = [
            d.row - 1
            for d in before.decisions
            if any(s.stage_id == stage_id and s.outcome not in _NOT_THERE for s in d.stages)
        ]
        if not reached:
            return None
        row = _scored_lower(
            policy, population, change, sorted(reached), runner=runner, unchecked=unchecked
        )
        if row is None and probe_only:
            return None
        if row is None:
            row = sorted(reached)[change.row % len(reached)]
        change = Raise(row, change.input, change.steps, change.start)
    if change.start is not None and 0 <= change.row < len(population.candidates):
        population = _started(policy, population, change, [change.row])
        before = population.run(policy, runner)
    made = raised(policy, population, change)
    if made is None:
        return None
    higher, old, new = made
    after = higher.run(policy, runner)
    number = change.row + 1
    was = next((d for d in before.decisions if d.row == number), None)
    now = next((d for d in after.decisions if d.row == number), None)
    if was is None or now is None or "invalid_input" in (was.final_status, now.final_status):
        return None
    found = _compare(policy, was, now, unchecked)
    if found is None:
        return None
    code, params = found
    label = was.candidate_id or f"row {number}"
    benefit = next(b for b in benefits(policy) if b.label() == change.input)
    return Counterexample(
        CHECK,
        code,
        {
            "action": _LOWERING if benefit.cost else _RAISING,
            "input": change.input,
            "candidate": label,
            "old": old,
            "new": new,
            **params,
        },
        candidates=(label,),
        change={"row": number, "input": change.input, "old": old, "new": new},
        population=population,
    )


def _declared(policy: SelectionPolicy, unchecked: dict[str, str]) -> NotChecked:
    reasons: dict[str, list[str]] = {"id": [], "en": []}
    for name in sorted(set(unchecked.values())):
        declaration = policy.scores[name].non_monotone
        if declaration is None:
            continue
        reasons["id"].append(f"{name}: {declaration.reason.id}")
        reasons["en"].append(f"{name}: {declaration.reason.en or declaration.reason.id}")
    return NotChecked(
        CHECK,
        "monotonicity.declared",
        {
            "scores": ", ".join(sorted(unchecked)),
            "reason": {lang: "; ".join(texts) for lang, texts in reasons.items()},
        },
    )


def _changes(population: Population, inputs: Sequence[Benefit], limit: int) -> list[Raise]:
    """Changes to try on a given population: each row's inputs by one step, the rows taking
    turns (row 1's first input, row 2's second, ...), at most ``limit``."""
    rows = range(len(population.candidates))
    count = len(inputs)
    found = [
        Raise(row, inputs[(row + turn) % count].label()) for turn in range(count) for row in rows
    ]
    return found[:limit]


def _starts(benefit: Benefit) -> list[str | None]:
    """Values a drawn raise may start a field from: the bottom, the middle, a step below the
    top (none for a rated level, or a field without a top)."""
    if benefit.kind != "field" or benefit.high == UNBOUNDED:
        return [None]
    middle = ((benefit.low + benefit.high) / 2 / benefit.step).__floor__() * benefit.step
    return [
        format_number(value, benefit.places)
        for value in (benefit.low, middle, benefit.high - benefit.step)
    ]


#: How many inputs a drawn example tries (the drawn one and those after it), each first on
#: every row that reached its stage at once.
INPUTS_PER_EXAMPLE = 4


@dataclass(frozen=True)
class _Drawn:
    """A change drawn for a population: a row, the first input to try (its position among
    the benefit inputs), the steps, and where in the input's range to start
    (:func:`_starts`; ``None``: the row's own value)."""

    row: int
    first: int
    steps: int
    start: int | None


def _drawn_violation(
    policy: SelectionPolicy,
    population: Population,
    drawn: _Drawn,
    *,
    inputs: Sequence[Benefit],
    runner: Runner,
    unchecked: Collection[str],
) -> Counterexample | None:
    """A drawn change tried on its input and the next few (:data:`INPUTS_PER_EXAMPLE`): the
    first on one row as drawn as well, the others only where raising every row that reached
    their stage lowers a score."""
    for k in range(min(len(inputs), INPUTS_PER_EXAMPLE)):
        benefit = inputs[(drawn.first + k) % len(inputs)]
        options = _starts(benefit)
        start = (
            options[drawn.start] if drawn.start is not None and drawn.start < len(options) else None
        )
        change = Raise(drawn.row, benefit.label(), drawn.steps, start)
        found = _violation(
            policy, population, change, runner, unchecked, among_reached=True, probe_only=k > 0
        )
        if found is not None:
            return found
    return None


def check_monotonicity(
    policy: SelectionPolicy,
    population: Population | None = None,
    *,
    change: Raise | None = None,
    as_of: dt.date | None = None,
    budget: int = DEFAULT_BUDGET,
    limit: int = DEFAULT_LIMIT,
    runner: Runner = run,
) -> Counterexample | NotChecked | None:
    """Raising a benefit input (a test component's score, every rater's level of a rated
    criterion, a numeric field a monotone score's formula reads; lowering a cost) never
    lowers the candidate's stage scores, reported scores, final score or rank, nor turns a
    stage it passed into another outcome, nor its selection into a non-selection.

    On a ``population``: the ``change`` given, or up to ``limit`` one-step raises taking the
    rows in turn; without one: populations and raises drawn for the policy within
    ``budget``, the counterexample shrunk. Returns a :class:`Counterexample`, or, when none
    is found and the policy declares scores non-monotone, a :class:`NotChecked` naming them
    and saying why; ``None`` when the property holds for every score."""
    unchecked = unchecked_scores(policy)
    inputs = benefits(policy)
    found: Counterexample | None = None
    if inputs and population is not None:
        population = dated(policy, population, as_of)
        for tried in [change] if change is not None else _changes(population, inputs, limit):
            found = _violation(policy, population, tried, runner, unchecked)
            if found is not None:
                break
    elif inputs:
        labels = [b.label() for b in inputs]

        def raises(p: Population) -> st.SearchStrategy[_Drawn]:
            return st.builds(
                _Drawn,
                st.integers(0, max(0, len(p.candidates) - 1)),  # among the rows that reach
                st.integers(0, len(labels) - 1),
                # a step or a few, or far up (to the top of the range: clipped there)
                st.one_of(st.integers(1, 3), st.integers(4, 10_000)),
                # from the row's own value, or from an end or the middle of the range
                st.sampled_from([None, 0, 1, 2]),
            )

        found = search(
            drawn_with(policy, as_of, raises),
            lambda ex: _drawn_violation(
                policy, ex[0], ex[1], inputs=inputs, runner=runner, unchecked=unchecked
            ),
            budget,
        )
    if found is not None:
        return found
    return _declared(policy, unchecked) if unchecked else None
