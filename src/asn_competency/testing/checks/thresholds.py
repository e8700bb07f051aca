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
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from asn_competency.model import (
    IntegerField,
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
    boundaries,
    kleene,
    points,
)
from asn_competency.testing.checks._holding import held, solve
from asn_competency.testing.checks._pins import Pin, pins
from asn_competency.testing.checks._recorded import (
    SKIPPED,
    applies,
    dated_as_of,
    quantity_of,
    recorded,
    rule_held,
)
from asn_competency.testing.checks._result import DEFAULT_BUDGET, Counterexample
from asn_competency.testing.checks._support import candidate_label, on_policy
from asn_competency.testing.population import Population, Runner

__all__ = ["Pin", "check_threshold_boundaries", "pins"]

CHECK = "threshold"


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
    when = dated_as_of(population)
    quantity = quantity_of(boundary)
    rule = compile_plan(policy).rules[boundary.key]
    rows, formations = held(policy, rule, boundary, when)
    tries: list[tuple[str, Fraction, dict[str, str], str]] = []
    if quantity.kind == "score":
        for solved in solve(policy, quantity.name, boundary.threshold, rows, when):
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
        found = recorded(decision, boundary.key)
        if found is None or decision.final_status == "invalid_input":
            continue
        value, clauses = found
        if boundary.clause >= len(clauses) or clauses[boundary.clause] is None:
            continue
        expected_rule = kleene(rule, {**dict(enumerate(clauses)), boundary.clause: expected_clause})
        deciding = applies(policy, boundary, decision.track)
        came = rule_held(decision, boundary) if deciding else None
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
    when = dated_as_of(population)
    quantity = quantity_of(boundary)
    if quantity.kind == "score":
        solved = solve(policy, quantity.name, boundary.threshold, {}, when)
        tries = [(s.case, s.value, dict(s.cells), _show(s.value)) for s in solved]
    else:
        tries = [(p.case, p.value, {quantity.name: p.cell}, p.cell) for p in points(boundary, when)]
    for case, value, cells, written in tries:
        result = _with_cells(population, cells, {}).run(policy, runner)
        holds = value >= boundary.threshold
        for decision in result.decisions:
            stage = next((s for s in decision.stages if s.stage_id == boundary.stage), None)
            if stage is None or stage.outcome in SKIPPED or stage.outcome == "needs_review":
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
                or result.outcome in SKIPPED
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
