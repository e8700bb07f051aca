"""Threshold boundaries: a value exactly at a threshold gets the outcome the policy states, and
one step either side the outcome the comparison gives (:func:`check_threshold_boundaries`).

The thresholds are read from the policy's compiled rules (:mod:`asn_competency.testing.
boundaries`), so compound rules count: each comparison clause of a candidate's quantity (a
numeric or date field, the age on the as-of date, a score) with a constant (a number, a
parameter in force, arithmetic on them) in an eligibility rule, a test's pass rule (every
component's pass minimum), a track exception or a rating stage's pass rule; each score
``minimum`` gate of an integration stage; each shortlist's cut-off.

For each clause and each value (exactly at, a step below, a step above; for an age the day of
the birthday, the day before, the last day of the age and the day after), every row of the
population gets the value, and the other clauses of the rule are held where the clause under
test decides the rule (the other operands of an ``and`` true, of an ``or`` false, where a
field, a flag, a code or another bound can be set; a score is reached by solving for one of
its inputs). The run must give, for every candidate whose decision evaluated the rule: the
clause's value the comparison states, the rule's value that follows from its clauses, and the
stage outcome that follows from the rule (an eligibility rule failed or not; a test below its
threshold or not). A gate: the score at its minimum passes, a step below fails. A shortlist:
a candidate tied with the last one inside advances, one a step behind is outranked, one a
step ahead advances.

What the policy states at a value is the clause's own comparison, unless the policy's test
cases (``tests=``: the ``policy-tests`` document a committee writes, docs/file-formats.md)
state it: a case whose candidate's quantity is at a boundary value, whose rule the clause
decides there, and whose expectation names the stage's outcome, pins the clause's value at
that value; a rule written ``>=`` where its cases say a candidate exactly at the bound fails
(or ``<`` where they say it passes) is then an off-by-one the check reports, with the case
that says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from asn_competency.errors import PolicyError
from asn_competency.expressions.compile import CompiledRule
from asn_competency.expressions.functions import age_on
from asn_competency.expressions.syntax import Call, Compare, Const, ListLit, Name, Node
from asn_competency.model import (
    BooleanField,
    EligibilityStage,
    EnumField,
    IntegerField,
    RatingStage,
    SelectionPolicy,
    ShortlistStage,
    TestStage,
)
from asn_competency.model.policy_tests import PolicyTests
from asn_competency.pipeline import Decision, RunResult
from asn_competency.pipeline.engine import compile_plan, run
from asn_competency.testing.boundaries import (
    COMPARE,
    Boundary,
    Quantity,
    boundaries,
    clause_boundary,
    kleene,
    points,
    requirements,
)
from asn_competency.testing.checks._result import DEFAULT_BUDGET, Counterexample
from asn_competency.testing.checks._support import candidate_label, on_policy
from asn_competency.testing.population import Population, Runner, as_of_for

__all__ = ["Pin", "check_threshold_boundaries", "pins"]

CHECK = "threshold"

#: Outcomes of a stage that say nothing of its rules.
_SKIPPED = frozenset({"not_reached", "invalid_input", "absent"})


@dataclass(frozen=True)
class Pin:
    """What the policy's test cases state at a boundary value: the clause's value there, and
    the case and candidate that state it."""

    holds: bool
    case: str
    candidate: str


# --- what a decision recorded ----------------------------------------------------------------


def _recorded(decision: Decision, key: Sequence[str | int]) -> tuple[Any, list[Any]] | None:
    """The value and clause values a decision recorded for the stage rule at ``key``."""
    stage = next((s for s in decision.stages if s.stage_id == key[0]), None)
    if stage is None or stage.outcome in _SKIPPED:
        return None
    for evaluation in stage.evaluations:
        record = evaluation.record
        if list(record.get("at", ())) == list(key):
            return record.get("value"), list(record.get("clauses", ()))
    return None


def _words(holds: bool | None, boundary: Boundary) -> str | dict[str, str]:
    """What a rule's value means for the stage, in words: a test's or rating's outcome, or an
    eligibility rule met or not."""
    if boundary.key[1] != "rules":
        return "advanced" if holds else "below_threshold"
    if holds is None:
        return {
            "id": f"aturan {boundary.rule} tidak diketahui",
            "en": f"rule {boundary.rule} unknown",
        }
    return (
        {"id": f"aturan {boundary.rule} terpenuhi", "en": f"rule {boundary.rule} met"}
        if holds
        else {
            "id": f"aturan {boundary.rule} tidak terpenuhi",
            "en": f"rule {boundary.rule} not met",
        }
    )


def _applies(policy: SelectionPolicy, boundary: Boundary, track: str | None) -> bool | None:
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


def _outcome(decision: Decision, boundary: Boundary) -> bool | None:
    """Whether the stage outcome says the rule held (``None``: it does not say)."""
    stage = next((s for s in decision.stages if s.stage_id == boundary.stage), None)
    if stage is None or stage.outcome in _SKIPPED:
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


def _quantity_of(boundary: Boundary) -> Quantity:
    """The quantity of a clause or gate boundary."""
    if boundary.quantity is None:
        raise ValueError(f"the boundary of {boundary.stage} compares no quantity")
    return boundary.quantity


def _dated(population: Population) -> dt.date:
    if population.as_of is None:
        raise ValueError("a dated population is needed")
    return population.as_of


# --- holding the other clauses -----------------------------------------------------------------


def _alternatives(policy: SelectionPolicy, name: Node) -> list[str] | None:
    """The values a candidate or formation field may take, as cells (an enum's codes,
    true/false), or ``None``."""
    if not isinstance(name, Name):
        return None
    decls = policy.formation_fields if name.namespace == "formation" else policy.candidate_fields
    decl = decls.get(name.name)
    if isinstance(decl, EnumField):
        return list(decl.values)
    if isinstance(decl, BooleanField):
        return ["true", "false"]
    return None


def _optional_formation_field(policy: SelectionPolicy, node: Node) -> str | None:
    """The one optional formation field a comparison reads, if it reads exactly one (an age
    against ``formation.retirement_age - 1``)."""
    if not isinstance(node, Compare):
        return None
    names: set[str] = set()

    def walk(part: Node) -> None:
        if isinstance(part, Name) and part.namespace == "formation":
            names.add(part.name)
        for child in getattr(part, "args", ()) or ():
            walk(child)
        for attribute in ("left", "right", "operand"):
            child = getattr(part, attribute, None)
            if child is not None:
                walk(child)
        for child in getattr(part, "comparators", ()) or ():
            walk(child)

    walk(node)
    if len(names) != 1:
        return None
    name = names.pop()
    decl = policy.formation_fields.get(name)
    return name if decl is not None and not decl.required and decl.default is None else None


def _score_setting(
    policy: SelectionPolicy, score: str, op: str, value: bool, under: Quantity
) -> list[tuple[str, str, str]] | None:
    """Cells that push a score up (or down) as far as they can: every integer input with
    declared bounds but the quantity under test at its top (or bottom)."""
    book = compile_plan(policy).scores
    inputs: set[str] = set()
    for formula in book.formulas(book.needed([score])):
        inputs |= set(formula.fields)
    up = (op in (">=", ">")) == value
    found: list[tuple[str, str, str]] = []
    for name in sorted(inputs - {under.name}):
        decl = policy.candidate_fields.get(name)
        if not isinstance(decl, IntegerField) or decl.minimum is None or decl.maximum is None:
            return None
        found.append(("candidate", name, str(decl.maximum if up else decl.minimum)))
    return found or None


def _setting(
    policy: SelectionPolicy, node: Node, *, value: bool, under: Quantity, as_of: dt.date
) -> list[tuple[str, str, str]] | None:
    """Cells that make a clause ``value``: (``candidate`` or ``formation``, column, cell)."""
    stated = clause_boundary(policy, node, as_of)
    optional = _optional_formation_field(policy, node)
    if stated is None and optional is not None and not value:
        return [("formation", optional, "")]  # unknown: false never wins an or, nor true an and
    if stated is not None:
        quantity, op, threshold = stated
        if quantity.kind == "score":
            return _score_setting(policy, quantity.name, op, value, under)
        if quantity.name == under.name:
            return None
        probe = Boundary("clause", "", (), "", 0, "", quantity, op, threshold, "")
        for point in points(probe, as_of):
            if COMPARE[op](point.value, threshold) == value:
                return [("candidate", quantity.name, point.cell)]
        return None
    if isinstance(node, Name):
        if _alternatives(policy, node) == ["true", "false"]:
            where = "formation" if node.namespace == "formation" else "candidate"
            return [(where, node.name, "true" if value else "false")]
        return None
    if isinstance(node, Call) and node.function == "given" and isinstance(node.args[0], Name):
        if value:
            return None
        target = node.args[0]
        return [("formation" if target.namespace == "formation" else "candidate", target.name, "")]
    if isinstance(node, Compare) and len(node.ops) == 1:
        left, right, op = node.left, node.comparators[0], node.ops[0]
        if isinstance(right, Name) and isinstance(left, Const):
            left, right = right, left
        if not isinstance(left, Name) or left.name == under.name:
            return None
        where = "formation" if left.namespace == "formation" else "candidate"
        options = _alternatives(policy, left)
        if op in ("==", "!=") and isinstance(right, Const):
            written = (
                str(right.value).lower() if isinstance(right.value, bool) else str(right.value)
            )
            if (op == "==") == value:
                return [(where, left.name, written)]
            others = [o for o in options or [] if o != written]
            return [(where, left.name, others[0])] if others else None
        if op in ("in", "not in") and isinstance(right, ListLit):
            listed = [str(i.value) for i in right.items if isinstance(i, Const)]
            inside = (op == "in") == value
            if inside and listed:
                return [(where, left.name, listed[0])]
            others = [o for o in options or [] if o not in listed]
            return [(where, left.name, others[0])] if (not inside and others) else None
    return None


def _held(
    policy: SelectionPolicy, rule: CompiledRule, boundary: Boundary, as_of: dt.date
) -> tuple[dict[str, str], dict[str, str]]:
    """Candidate and formation cells that hold the rule's other clauses where the clause under
    test decides it."""
    under = _quantity_of(boundary)
    avoid = [
        n
        for n, node in enumerate(rule.clauses)
        if n != boundary.clause
        and _setting(policy, node, value=True, under=under, as_of=as_of) is None
        and _setting(policy, node, value=False, under=under, as_of=as_of) is None
    ]
    rows: dict[str, str] = {}
    formations: dict[str, str] = {}
    for index, value in requirements(rule, boundary.clause, avoid).items():
        for where, column, written in (
            _setting(policy, rule.clauses[index], value=value, under=under, as_of=as_of) or []
        ):
            target = formations if where == "formation" else rows
            target.setdefault(column, written)
    return rows, formations


# --- scores: solving for an input --------------------------------------------------------------


@dataclass(frozen=True)
class _Solved:
    """A score's value and the input cells that give it."""

    case: str
    value: Fraction
    cells: Mapping[str, str]


def _inputs(
    policy: SelectionPolicy, score: str, fixed: Mapping[str, str]
) -> tuple[str, dict[str, Fraction], Quantity] | None:
    """The input to solve a score for (the widest integer input not held), every input's
    value (the held ones as held, the others at the middle of their range) and the chosen
    input's grid; ``None`` when the score reads anything but integer candidate fields with
    declared bounds."""
    book = compile_plan(policy).scores
    fields: set[str] = set()
    for rule in book.formulas(book.needed([score])):
        if rule.formation_fields:
            return None
        fields |= set(rule.fields)
    grids: dict[str, Quantity] = {}
    for name in sorted(fields):
        decl = policy.candidate_fields.get(name)
        if not isinstance(decl, IntegerField) or decl.minimum is None or decl.maximum is None:
            return None
        grids[name] = Quantity(
            "field", name, Fraction(1), 0, Fraction(decl.minimum), Fraction(decl.maximum)
        )
    free = [n for n in grids if n not in fixed]
    if not free:
        return None
    chosen = max(free, key=lambda n: Fraction(grids[n].high or 0) - Fraction(grids[n].low or 0))
    base = {
        name: Fraction(fixed[name])
        if name in fixed
        else Fraction(((Fraction(grid.low or 0) + Fraction(grid.high or 0)) / 2).__floor__())
        for name, grid in grids.items()
    }
    return chosen, base, grids[chosen]


def _solve(
    policy: SelectionPolicy,
    score: str,
    threshold: Fraction,
    fixed: Mapping[str, str],
    as_of: dt.date,
) -> list[_Solved]:
    """Input cells that put a score exactly at a threshold, on the nearest value below and on
    the nearest above, found by bisection on one input (:func:`_inputs`); empty when the
    score cannot be solved for."""
    found_inputs = _inputs(policy, score, fixed)
    if found_inputs is None:
        return []
    chosen, base, grid = found_inputs
    book = compile_plan(policy).scores
    low, high = int(grid.low or 0), int(grid.high or 0)
    parameters = book.parameters_at(as_of)

    def solved(case: str, v: int) -> _Solved | None:
        values: dict[str, Any] = {n: int(x) for n, x in base.items()}
        values[chosen] = v
        got = book.evaluate(values, as_of=as_of, parameters=parameters, only=[score])[score].value
        if not isinstance(got, Fraction):
            return None
        return _Solved(case, got, {n: str(x) for n, x in values.items()})

    def first(case: str, strictly: bool) -> _Solved | None:
        """The least input value whose score reaches (or passes) the threshold."""

        def reaches(v: int) -> bool:
            got = solved(case, v)
            return got is not None and (
                got.value > threshold if strictly else got.value >= threshold
            )

        if not reaches(high):
            return None
        lo, hi = low, high
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if reaches(mid) else (mid + 1, hi)
        return solved(case, lo)

    found: list[_Solved] = []
    at = first("at", strictly=False)
    if at is not None:
        if at.value == threshold:
            found.append(at)
        below = solved("below", int(at.cells[chosen]) - 1) if int(at.cells[chosen]) > low else None
        if below is not None:
            found.append(below)
    above = first("above", strictly=True)
    if above is not None:
        found.append(above)
    return found


# --- the test cases' statement ---------------------------------------------------------------


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
    recorded = _recorded(decision, boundary.key)
    if (
        outcome is None
        or recorded is None
        or _applies(policy, boundary, decision.track) is not True
    ):
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
    clauses = dict(enumerate(recorded[1]))
    met = kleene(rule, {**clauses, boundary.clause: True})
    unmet = kleene(rule, {**clauses, boundary.clause: False})
    if met == unmet:
        return None  # the clause does not decide the rule for this candidate
    return value, (met == holds)


# --- the check -------------------------------------------------------------------------------


def _with_cells(
    population: Population, rows: Mapping[str, str], formations: Mapping[str, str]
) -> Population:
    candidates = [{**row, **rows} for row in population.candidates]
    formation_rows = [{**row, **formations} for row in population.formations]
    return Population(
        tuple(candidates), tuple(formation_rows), population.ratings, population.as_of
    )


def _counterexample(  # noqa: PLR0917 (the words' parameters, in their order)
    boundary: Boundary,
    decision: Decision,
    case: str,
    written: Any,
    outcome: Any,
    expected: Any,
    population: Population,
) -> Counterexample:
    label = candidate_label(decision)
    field = boundary.quantity.label() if boundary.quantity is not None else boundary.stage
    change_field = boundary.quantity.name if boundary.quantity is not None else boundary.stage
    return Counterexample(
        CHECK,
        f"threshold.{case}",
        {
            "field": field,
            "candidate": label,
            "threshold": f"{boundary.op} {boundary.shown}",
            "clause": boundary.text,
            "rule": boundary.rule,
            "value": written,
            "stage": boundary.stage,
            "outcome": outcome,
            "expected": expected,
        },
        candidates=(label,),
        change={
            "field": change_field,
            "value": written,
            "case": case,
            "rule": boundary.rule,
            "clause": boundary.clause,
            "row": decision.row,
        },
        population=population,
    )


def _clause_violation(  # noqa: PLR0917 (one boundary of one search)
    policy: SelectionPolicy,
    population: Population,
    boundary: Boundary,
    position: int,
    pinned: Mapping[tuple[int, Fraction], Pin],
    runner: Runner,
) -> Counterexample | None:
    when = _dated(population)
    quantity = _quantity_of(boundary)
    rule = compile_plan(policy).rules[boundary.key]
    rows, formations = _held(policy, rule, boundary, when)
    tries: list[tuple[str, Fraction, dict[str, str], str]] = []
    if quantity.kind == "score":
        for solved in _solve(policy, quantity.name, boundary.threshold, rows, when):
            shown = _show(solved.value)
            tries.append((solved.case, solved.value, {**rows, **solved.cells}, shown))
    else:
        for point in points(boundary, when):
            tries.append((point.case, point.value, {**rows, quantity.name: point.cell}, point.cell))
    stage = next(s for s in policy.stages if s.id == boundary.stage)
    tracks: list[str | None] = [None]
    if isinstance(stage, TestStage) and boundary.key[1] == "exceptions":
        tracks = list(stage.exceptions[int(boundary.key[2])].tracks)
    for track, (case, value, cells, written) in (
        (track, attempt) for track in tracks for attempt in tries
    ):
        if track is not None:
            formations = {**formations, "track": track}
        pin = pinned.get((position, value))
        expected_clause = (
            pin.holds if pin is not None else COMPARE[boundary.op](value, boundary.threshold)
        )
        source = (
            {
                "id": f" (uji kebijakan: kasus {pin.case}, {pin.candidate})",
                "en": f" (the policy's tests: case {pin.case}, {pin.candidate})",
            }
            if pin is not None
            else {"id": "", "en": ""}
        )
        changed = _with_cells(population, cells, formations)
        result = changed.run(policy, runner)
        found = _judge(policy, boundary, result, case, written, expected_clause, source, population)
        if found is not None:
            return found
    return None


def _show(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return str(Decimal(value.numerator) / Decimal(value.denominator))


def _joined(words: str | Mapping[str, str], source: Mapping[str, str]) -> str | Mapping[str, str]:
    """Words, and where the policy states them when its test cases do."""
    if not source["en"]:
        return words
    both = {"id": words, "en": words} if isinstance(words, str) else words
    return {lang: both[lang] + source[lang] for lang in ("id", "en")}


def _judge(  # noqa: PLR0917 (a run, and what it is held to)
    policy: SelectionPolicy,
    boundary: Boundary,
    result: RunResult,
    case: str,
    written: str,
    expected_clause: bool,
    source: Mapping[str, str],
    population: Population,
) -> Counterexample | None:
    rule = compile_plan(policy).rules[boundary.key]
    for decision in result.decisions:
        recorded = _recorded(decision, boundary.key)
        if recorded is None or decision.final_status == "invalid_input":
            continue
        value, clauses = recorded
        if boundary.clause >= len(clauses) or clauses[boundary.clause] is None:
            continue
        expected_rule = kleene(rule, {**dict(enumerate(clauses)), boundary.clause: expected_clause})
        applies = _applies(policy, boundary, decision.track)
        came = _outcome(decision, boundary) if applies else None
        if came is not None and expected_rule is not None and came != expected_rule:
            return _counterexample(
                boundary,
                decision,
                case,
                written,
                _words(came, boundary),
                _joined(_words(expected_rule, boundary), source),
                population,
            )
        if clauses[boundary.clause] != expected_clause or value != kleene(
            rule, dict(enumerate(clauses))
        ):
            truth = {True: ("benar", "true"), False: ("salah", "false")}
            got = clauses[boundary.clause]
            return _counterexample(
                boundary,
                decision,
                case,
                written,
                {"id": f"klausa {truth[got][0]}", "en": f"the clause {truth[got][1]}"},
                _joined(
                    {
                        "id": f"klausa {truth[expected_clause][0]}",
                        "en": f"the clause {truth[expected_clause][1]}",
                    },
                    source,
                ),
                population,
            )
    return None


def _gate_violation(
    policy: SelectionPolicy, population: Population, boundary: Boundary, runner: Runner
) -> Counterexample | None:
    when = _dated(population)
    quantity = _quantity_of(boundary)
    if quantity.kind == "score":
        solved = _solve(policy, quantity.name, boundary.threshold, {}, when)
        tries = [(s.case, s.value, dict(s.cells), _show(s.value)) for s in solved]
    else:
        tries = [(p.case, p.value, {quantity.name: p.cell}, p.cell) for p in points(boundary, when)]
    for case, value, cells, written in tries:
        result = _with_cells(population, cells, {}).run(policy, runner)
        holds = value >= boundary.threshold
        for decision in result.decisions:
            stage = next((s for s in decision.stages if s.stage_id == boundary.stage), None)
            if stage is None or stage.outcome in _SKIPPED or stage.outcome == "needs_review":
                continue
            gates = [
                g.passed
                for s in stage.scores
                if s.id == boundary.rule
                for g in (*s.thresholds, *(c.threshold for c in s.criteria if c.threshold))
                if g is not None
            ]
            others_pass = sum(1 for g in gates if g is False) <= (0 if holds else 1)
            failed = stage.outcome == "below_threshold"
            if failed == (not holds) or (not others_pass and holds):
                continue
            return _counterexample(
                boundary,
                decision,
                case,
                written,
                stage.outcome,
                "advanced" if holds else "below_threshold",
                population,
            )
    return None


# --- shortlist cut-offs ------------------------------------------------------------------------


def _key_fields(policy: SelectionPolicy, stage: ShortlistStage) -> tuple[list[str], str | None]:
    """The candidate fields the shortlist's keys read (directly or through scores), and a
    field whose step changes the first key strictly (a bare field, or the widest integer
    input of a bare score reading only such fields), if any."""
    plan = compile_plan(policy)
    book = plan.scores
    fields: set[str] = set()
    for index in range(len(stage.order)):
        rule = plan.rules[(stage.id, "order", index, "key")]
        fields |= set(rule.fields)
        for formula in book.formulas(book.needed(rule.scores)):
            fields |= set(formula.fields)
    first = stage.order[0].key.strip()
    mover: str | None = None
    if isinstance(policy.candidate_fields.get(first), IntegerField):
        mover = first
    elif first in policy.scores:
        inputs: set[str] = set()
        for formula in book.formulas(book.needed([first])):
            inputs |= set(formula.fields)
        integers = [
            n for n in sorted(inputs) if isinstance(policy.candidate_fields.get(n), IntegerField)
        ]
        if integers and len(integers) == len(inputs):
            mover = integers[0]
    return sorted(fields), mover


def _shortlist_violation(
    policy: SelectionPolicy, population: Population, boundary: Boundary, runner: Runner
) -> Counterexample | None:
    stage = next(s for s in policy.stages if s.id == boundary.stage)
    if not isinstance(stage, ShortlistStage):
        return None
    fields, mover = _key_fields(policy, stage)
    if any(name not in policy.candidate_fields for name in fields):
        return None  # a key reads a rated level: the rows alone cannot tie two candidates
    before = population.run(policy, runner)
    for formation_id, last, next_one in _at_the_cut(before, stage.id):
        template = dict(population.candidates[last.row - 1])
        tries: list[tuple[str, dict[str, Any]]] = [("at", {n: template.get(n) for n in fields})]
        if mover is not None:
            start = Fraction(str(template.get(mover) or 0))
            step = -1 if stage.order[0].direction == "desc" else 1
            for case, shift in (("below", step), ("above", -step)):
                moved = {n: template.get(n) for n in fields}
                moved[mover] = str(int(start + shift))
                tries.append((case, moved))
        for case, cells in tries:
            rows = [dict(r) for r in population.candidates]
            rows[next_one.row - 1].update(cells)
            changed = population.with_candidates(rows)
            after = changed.run(policy, runner)
            moved_decision = next(d for d in after.decisions if d.row == next_one.row)
            result = next((s for s in moved_decision.stages if s.stage_id == stage.id), None)
            if (
                result is None
                or result.outcome in _SKIPPED
                or moved_decision.formation_id != formation_id
            ):
                continue
            expected = "outranked" if case == "below" else "advanced"
            if result.outcome != expected:
                how = {
                    "at": ("tied with", "seri dengan"),
                    "below": ("a step behind", "satu langkah di belakang"),
                    "above": ("a step ahead of", "satu langkah di depan"),
                }[case]
                return _counterexample(
                    boundary,
                    moved_decision,
                    case,
                    {
                        "id": f"{how[1]} {candidate_label(last)}",
                        "en": f"{how[0]} {candidate_label(last)}",
                    },
                    result.outcome,
                    expected,
                    changed,
                )
    return None


def _at_the_cut(result: RunResult, stage_id: str) -> list[tuple[str, Decision, Decision]]:
    """For each formation with more candidates at the shortlist than its cut: the formation,
    the last candidate inside (at the cut's position) and the next one."""
    found: dict[str, dict[int, Decision]] = {}
    cuts: dict[str, int] = {}
    for decision in result.decisions:
        stage = next((s for s in decision.stages if s.stage_id == stage_id), None)
        if stage is None or stage.outcome not in ("advanced", "outranked"):
            continue
        formation = decision.formation_id or ""
        found.setdefault(formation, {})[int(stage.detail["position"])] = decision
        cuts[formation] = int(stage.detail["cut"])
    pairs = []
    for formation in sorted(found):
        cut = cuts[formation]
        places = found[formation]
        if cut in places and cut + 1 in places:
            pairs.append((formation, places[cut], places[cut + 1]))
    return pairs


def _violation(
    policy: SelectionPolicy,
    population: Population,
    pinned: Mapping[tuple[int, Fraction], Pin],
    runner: Runner,
) -> Counterexample | None:
    when = population.as_of
    if when is None:
        raise ValueError("a dated population is needed")
    for position, boundary in enumerate(boundaries(policy, when)):
        if boundary.kind == "clause":
            found = _clause_violation(policy, population, boundary, position, pinned, runner)
        elif boundary.kind == "gate":
            found = _gate_violation(policy, population, boundary, runner)
        else:
            found = _shortlist_violation(policy, population, boundary, runner)
        if found is not None:
            return found
    return None


def check_threshold_boundaries(
    policy: SelectionPolicy,
    population: Population | None = None,
    *,
    tests: PolicyTests | None = None,
    as_of: dt.date | None = None,
    budget: int = DEFAULT_BUDGET,
    runner: Runner = run,
) -> Counterexample | None:
    """A value exactly at a threshold gets the outcome the policy states, and one step either
    side the outcome the comparison gives (see the module's docstring for which thresholds
    and how a compound rule's other clauses are held). What the policy states is the clause's
    comparison, or, where the policy's own test cases (``tests``) put a candidate on the
    value, what they expect. On a ``population`` (every row moved onto each value in turn),
    or populations drawn for the policy within ``budget``. ``None`` when every boundary
    holds."""
    pinned = pins(policy, tests, as_of=as_of, runner=runner) if tests is not None else {}
    return on_policy(
        policy, population, as_of, budget, lambda p: _violation(policy, p, pinned, runner)
    )
