"""The thresholds a selection policy states, read from its compiled rules (never from their
text): every comparison clause of a stage rule with a candidate's quantity on one side and a
constant on the other (:func:`boundaries`), the values exactly at, just below and just above
each (:func:`points`), and what the other clauses of a compound rule must be for the clause
under test to decide it (:func:`requirements`).

A quantity is a numeric or date candidate field, the age on the as-of date
(``age_on(birth_date, as_of)``), or a score; whole numbers, decimals and parameters may be
added to or subtracted from it (``age_on(birth_date, as_of) + masa_kerja_sisa_minimal <
batas_usia_pensiun`` is the age against ``batas_usia_pensiun - masa_kerja_sisa_minimal``). A
constant reads no candidate, formation or score value: numbers, parameters in force on the
as-of date, ``date("...")`` and arithmetic, ``min``, ``max`` and ``sum`` of them.

The rules read are the places a stage states a threshold: eligibility rules, a test's pass
rule (its default, every component's pass minimum, included), its track exceptions and a
rating stage's pass rule. A score's ``minimum`` gate and a criterion's are boundaries too
(``kind="gate"``), and so is each shortlist's cut-off (``kind="shortlist"``).

A step is the smallest change of the quantity's declared type: 1 for an integer, the last
declared place of a decimal, a day for a date; for an age, the day before, of and after a
birthday.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from asn_competency.errors import ParameterError
from asn_competency.expressions.compile import CompiledRule
from asn_competency.expressions.functions import age_on
from asn_competency.expressions.syntax import (
    Binary,
    BoolOp,
    Call,
    Compare,
    Const,
    Name,
    Node,
    Span,
    Unary,
)
from asn_competency.model import (
    DateField,
    DecimalField,
    IntegerField,
    IntegrationStage,
    ParameterRef,
    SelectionPolicy,
    ShortlistStage,
)
from asn_competency.pipeline.engine import compile_plan
from asn_competency.testing.synth._values import _add_years

__all__ = [
    "COMPARE",
    "Boundary",
    "Point",
    "Quantity",
    "boundaries",
    "cell",
    "clause_boundary",
    "clause_index",
    "force",
    "kleene",
    "points",
    "requirements",
]

#: The comparisons a boundary may state, as Python operators.
COMPARE: Mapping[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
_FLIPPED = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}


@dataclass(frozen=True)
class Quantity:
    """What a boundary compares: a candidate field (``kind="field"``, numeric; ``"date"``),
    the age on the as-of date from a birth-date field (``"age"``), or a score (``"score"``),
    with the field's declared range (``low``, ``high``) and its smallest step."""

    kind: Literal["field", "date", "age", "score"]
    name: str
    step: Fraction = Fraction(1)
    places: int = 0
    low: Fraction | None = None
    high: Fraction | None = None

    def label(self) -> str:
        """How the words name it."""
        return f"age_on({self.name}, as_of)" if self.kind == "age" else self.name


@dataclass(frozen=True)
class Boundary:
    """One threshold the policy states. ``kind="clause"``: clause ``clause`` of the stage rule
    at ``key`` (as :func:`~asn_competency.expressions.policy.stage_rules` keys it) compares
    ``quantity`` with ``threshold`` by ``op`` (the quantity on the left); ``rule`` names the
    rule (an eligibility rule's id, ``pass_rule``, ``minimums``, an exception's id).
    ``kind="gate"``: the ``minimum`` of score ``rule`` (``criterion`` set for a criterion's),
    read by integration stage ``stage``. ``kind="shortlist"``: the cut-off of shortlist
    ``stage`` (``threshold``: its multiplier of the quota). A date threshold is a day number
    (:meth:`datetime.date.toordinal`)."""

    kind: Literal["clause", "gate", "shortlist"]
    stage: str
    key: tuple[str | int, ...]
    rule: str
    clause: int
    text: str
    quantity: Quantity | None
    op: str
    threshold: Fraction
    shown: str
    criterion: str | None = None


@dataclass(frozen=True)
class Point:
    """A value of a boundary's quantity to try: ``case`` (``at``, ``below``, ``above``), the
    value compared (an age, a day number, a number) and the cell written (a date for an
    age)."""

    case: Literal["at", "below", "above"]
    value: Fraction
    cell: str


def _number(value: object) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        return None
    return Fraction(value)


def _constant(node: Node, policy: SelectionPolicy, as_of: dt.date) -> tuple[Fraction, bool] | None:
    """A side that reads nothing of a candidate, formation or score: its exact value, and
    whether it is a date (a day number)."""
    if isinstance(node, Const):
        found = _number(node.value)
        return None if found is None else (found, False)
    if isinstance(node, Name):
        if node.namespace != "plain" or node.name not in policy.parameters:
            return None
        if node.name in policy.candidate_fields:
            return None
        try:
            value = policy.parameters[node.name].at(node.name, as_of).value
        except ParameterError:
            return None
        if isinstance(value, dt.date):
            return Fraction(value.toordinal()), True
        found = _number(value)
        return None if found is None else (found, False)
    if isinstance(node, Unary) and node.op in ("-", "+"):
        inner = _constant(node.operand, policy, as_of)
        if inner is None or inner[1]:
            return None
        return (-inner[0] if node.op == "-" else inner[0]), False
    if isinstance(node, Binary):
        left = _constant(node.left, policy, as_of)
        right = _constant(node.right, policy, as_of)
        if left is None or right is None or left[1] or right[1]:
            return None
        a, b = left[0], right[0]
        if node.op == "/":
            return (a / b, False) if b else None
        return {"+": a + b, "-": a - b, "*": a * b}[node.op], False
    if isinstance(node, Call):
        if node.function == "date" and isinstance(node.args[0], Const):
            try:
                day = dt.date.fromisoformat(str(node.args[0].value))
            except ValueError:
                return None
            return Fraction(day.toordinal()), True
        if node.function in ("min", "max", "sum"):
            values = [_constant(a, policy, as_of) for a in node.args]
            if any(v is None or v[1] for v in values):
                return None
            numbers = [v[0] for v in values if v is not None]
            if node.function == "min":
                return min(numbers), False
            if node.function == "max":
                return max(numbers), False
            return sum(numbers, Fraction(0)), False
    return None


def _field_quantity(policy: SelectionPolicy, name: str) -> Quantity | None:
    decl = policy.candidate_fields.get(name)
    if isinstance(decl, IntegerField | DecimalField):
        places = 0 if isinstance(decl, IntegerField) else (decl.places or 0)
        return Quantity(
            "field",
            name,
            Fraction(1, 10**places),
            places,
            None if decl.minimum is None else Fraction(str(decl.minimum)),
            None if decl.maximum is None else Fraction(str(decl.maximum)),
        )
    if isinstance(decl, DateField):
        return Quantity(
            "date",
            name,
            low=None if decl.minimum is None else Fraction(decl.minimum.toordinal()),
            high=None if decl.maximum is None else Fraction(decl.maximum.toordinal()),
        )
    return None


def _quantity(
    node: Node, policy: SelectionPolicy, as_of: dt.date
) -> tuple[Quantity, Fraction] | None:
    """The quantity a side compares and the constant added to it."""
    if isinstance(node, Name) and node.namespace == "plain":
        if node.name in policy.scores:
            score = policy.scores[node.name]
            places = score.rounding.places if score.rounding is not None else 0
            return Quantity("score", node.name, Fraction(1, 10**places), places), Fraction(0)
        found = _field_quantity(policy, node.name)
        return None if found is None else (found, Fraction(0))
    if (
        isinstance(node, Call)
        and node.function == "age_on"
        and isinstance(node.args[0], Name)
        and node.args[0].namespace == "plain"
        and isinstance(policy.candidate_fields.get(node.args[0].name), DateField)
        and isinstance(node.args[1], Name)
        and node.args[1].name == "as_of"
        and "as_of" not in policy.candidate_fields
        and "as_of" not in policy.parameters
    ):
        return Quantity("age", node.args[0].name), Fraction(0)
    if isinstance(node, Binary) and node.op in ("+", "-"):
        left = _quantity(node.left, policy, as_of)
        right = _constant(node.right, policy, as_of)
        if left is not None and right is not None and not right[1]:
            shift = right[0] if node.op == "+" else -right[0]
            return left[0], left[1] + shift
        if node.op == "+":
            first = _constant(node.left, policy, as_of)
            second = _quantity(node.right, policy, as_of)
            if first is not None and second is not None and not first[1]:
                return second[0], second[1] + first[0]
    return None


def _shown(threshold: Fraction, quantity: Quantity) -> str:
    if quantity.kind == "date":
        return dt.date.fromordinal(int(threshold)).isoformat()
    if threshold.denominator == 1:
        return str(threshold.numerator)
    return str(Decimal(threshold.numerator) / Decimal(threshold.denominator))


def clause_boundary(
    policy: SelectionPolicy, node: Node, as_of: dt.date
) -> tuple[Quantity, str, Fraction] | None:
    """A comparison clause as (quantity, op, threshold), the quantity on the left."""
    if not isinstance(node, Compare) or len(node.ops) != 1 or node.ops[0] not in COMPARE:
        return None
    op = node.ops[0]
    right = node.comparators[0]
    for side, other, flip in ((node.left, right, False), (right, node.left, True)):
        found = _quantity(side, policy, as_of)
        constant = _constant(other, policy, as_of)
        if found is None or constant is None:
            continue
        quantity, offset = found
        value, is_date = constant
        if is_date != (quantity.kind == "date") or (quantity.kind == "date" and offset):
            return None
        threshold = value - offset
        if quantity.kind == "age" and threshold.denominator != 1:
            return None
        return quantity, (_FLIPPED[op] if flip else op), threshold
    return None


def _rule_name(policy: SelectionPolicy, key: tuple[str | int, ...]) -> str | None:
    """How the words name a stage rule that may state a threshold (``None``: one that does
    not, such as an ordering key or a stage's score)."""
    stage = next(s for s in policy.stages if s.id == key[0])
    rest = key[1:]
    if rest == ("_minimums",):
        return "minimums"
    if rest == ("pass_rule",):
        return "pass_rule"
    if len(rest) == 3 and rest[0] == "rules" and rest[2] == "rule":
        return str(stage.rules[int(rest[1])].id)  # type: ignore[union-attr]
    if len(rest) == 3 and rest[0] == "exceptions" and rest[2] == "rule":
        return str(stage.exceptions[int(rest[1])].id)  # type: ignore[union-attr]
    return None


def boundaries(policy: SelectionPolicy, as_of: dt.date) -> list[Boundary]:
    """Every threshold the policy states, in the order of its stages and their rules: each
    comparison clause of a quantity with a constant (``kind="clause"``), each score gate of
    an integration stage (``"gate"``), each shortlist's cut-off (``"shortlist"``)."""
    plan = compile_plan(policy)
    found: list[Boundary] = []
    order = {stage.id: n for n, stage in enumerate(policy.stages)}
    keyed = sorted(
        ((k, r) for k, r in plan.rules.items() if k and k[0] in order),
        key=lambda item: order[str(item[0][0])],
    )
    for key, rule in keyed:
        name = _rule_name(policy, key)
        if name is None or rule.type.kind != "boolean":
            continue
        for index, node in enumerate(rule.clauses):
            stated = clause_boundary(policy, node, as_of)
            if stated is None:
                continue
            quantity, op, threshold = stated
            found.append(
                Boundary(
                    "clause",
                    str(key[0]),
                    key,
                    name,
                    index,
                    node.text,
                    quantity,
                    op,
                    threshold,
                    _shown(threshold, quantity),
                )
            )
    for stage in policy.stages:
        if isinstance(stage, IntegrationStage):
            found += _gates(policy, stage, as_of)
        elif isinstance(stage, ShortlistStage):
            found.append(
                Boundary(
                    "shortlist",
                    stage.id,
                    (stage.id,),
                    stage.id,
                    -1,
                    f"{stage.multiplier} x quota",
                    None,
                    "<=",
                    Fraction(stage.multiplier),
                    f"{stage.multiplier} x quota",
                )
            )
    return found


def _threshold(
    policy: SelectionPolicy, minimum: Decimal | ParameterRef | None, as_of: dt.date
) -> Fraction | None:
    if minimum is None:
        return None
    if isinstance(minimum, ParameterRef):
        try:
            value = policy.parameters[minimum.parameter].at(minimum.parameter, as_of).value
        except (KeyError, ParameterError):
            return None
        return _number(value)
    return Fraction(str(minimum))


def _gates(policy: SelectionPolicy, stage: IntegrationStage, as_of: dt.date) -> list[Boundary]:
    """The integration stage's score's own minimum, and each of its criteria's (a criterion
    whose input is a bare score or numeric field name)."""
    score = policy.scores.get(stage.score)
    if score is None:
        return []
    found: list[Boundary] = []
    own = _threshold(policy, score.minimum, as_of)
    if own is not None:
        places = score.rounding.places if score.rounding is not None else 0
        quantity = Quantity("score", stage.score, Fraction(1, 10**places), places)
        found.append(
            Boundary(
                "gate",
                stage.id,
                (stage.score,),
                stage.score,
                -1,
                f"{stage.score} >= {_shown(own, quantity)}",
                quantity,
                ">=",
                own,
                _shown(own, quantity),
            )
        )
    for criterion in getattr(score, "criteria", []):
        bound = _threshold(policy, criterion.minimum, as_of)
        if bound is None:
            continue
        named = _quantity(Name(criterion.input.strip(), "plain", "", Span(0, 0)), policy, as_of)
        if named is None or named[1]:
            continue
        quantity = named[0]
        found.append(
            Boundary(
                "gate",
                stage.id,
                (stage.score, "criteria", criterion.id),
                stage.score,
                -1,
                f"{criterion.input.strip()} >= {_shown(bound, quantity)}",
                quantity,
                ">=",
                bound,
                _shown(bound, quantity),
                criterion=criterion.id,
            )
        )
    return found


def points(boundary: Boundary, as_of: dt.date) -> list[Point]:
    """The values to try for a field, date or age boundary: exactly at the threshold, one step
    below and one above (a threshold between two steps: the step either side). For an age:
    the day of the birthday that makes the age the threshold, the day before it (a year
    younger), and the last day of that age and the day after (a year older). Empty for a
    score (its inputs are solved for: see the threshold check)."""
    quantity = boundary.quantity
    if quantity is None or quantity.kind == "score":
        return []
    if quantity.kind == "age":
        age = int(boundary.threshold)
        youngest = _add_years(as_of, -age)  # the birthday is the as-of date
        oldest = _add_years(as_of, -(age + 1)) + dt.timedelta(days=1)
        days = [youngest, youngest + dt.timedelta(days=1), oldest, oldest - dt.timedelta(days=1)]
        found: list[Point] = []
        for day in days:
            years = Fraction(age_on(day, as_of))
            case: Literal["at", "below", "above"] = (
                "at" if years == age else "below" if years < age else "above"
            )
            found.append(Point(case, years, day.isoformat()))
        return found
    step = quantity.step
    threshold = boundary.threshold
    below = (threshold / step).__ceil__() * step - step
    above = (threshold / step).__floor__() * step + step
    values: list[tuple[Literal["at", "below", "above"], Fraction]] = []
    if threshold % step == 0:
        values.append(("at", threshold))
    values += [("below", below), ("above", above)]
    found = []
    for case, value in values:
        if quantity.low is not None and value < quantity.low:
            continue
        if quantity.high is not None and value > quantity.high:
            continue
        found.append(Point(case, value, cell(quantity, value)))
    return found


def cell(quantity: Quantity, value: Fraction) -> str:
    """A quantity's value as a table cell: a date, or a number with the field's places."""
    if quantity.kind == "date":
        return dt.date.fromordinal(int(value)).isoformat()
    if quantity.places == 0:
        return str(value.numerator // value.denominator)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal(1).scaleb(-quantity.places)))


# --- the logic of a compound rule -------------------------------------------------------------


def clause_index(rule: CompiledRule) -> dict[Node, int]:
    """Each clause node of a rule, by its position in the rule's clauses."""
    return {node: n for n, node in enumerate(rule.clauses)}


def _contains(node: Node, target: Node) -> bool:
    if node == target:
        return True
    children: tuple[Node, ...] = ()
    if isinstance(node, BoolOp):
        children = node.values
    elif isinstance(node, Unary):
        children = (node.operand,)
    elif isinstance(node, Binary):
        children = (node.left, node.right)
    elif isinstance(node, Compare):
        children = (node.left, *node.comparators)
    elif isinstance(node, Call):
        children = node.args
    return any(_contains(child, target) for child in children)


def force(
    rule: CompiledRule, node: Node, value: bool, avoid: Collection[int] = ()
) -> dict[int, bool]:
    """Clause values that make ``node`` (a part of the rule) ``value``: every operand of an
    ``and`` for true, one for false (the first without a clause in ``avoid``, clauses that
    cannot be set); the mirror for ``or``."""
    index = clause_index(rule)
    if isinstance(node, Unary) and node.op == "not":
        return force(rule, node.operand, not value, avoid)
    if isinstance(node, BoolOp):
        if (node.op == "and") == value:
            found: dict[int, bool] = {}
            for operand in node.values:
                found.update(force(rule, operand, value, avoid))
            return found
        free = [
            v
            for v in node.values
            if not any(_contains(v, rule.clauses[n]) for n in avoid if n < len(rule.clauses))
        ]
        return force(rule, (free or list(node.values))[0], value, avoid)
    return {index[node]: value} if node in index else {}


def requirements(rule: CompiledRule, target: int, avoid: Collection[int] = ()) -> dict[int, bool]:
    """The values the other clauses of a rule must have for clause ``target`` to decide the
    rule: along the way from the rule to the clause, the other operands of an ``and`` true
    and of an ``or`` false (an empty mapping when nothing else needs holding, or when the
    clause sits in a part that is no ``and``, ``or`` or ``not``). Where one of several
    clauses will do, one not in ``avoid`` (clauses that cannot be set) is chosen."""
    goal = rule.clauses[target]
    found: dict[int, bool] = {}
    node: Node = rule.tree
    while node != goal:
        if isinstance(node, Unary) and node.op == "not":
            node = node.operand
            continue
        if not isinstance(node, BoolOp):
            break
        inner = next((v for v in node.values if _contains(v, goal)), None)
        if inner is None:
            break
        for other in node.values:
            if other is not inner:
                found.update(force(rule, other, node.op == "and", avoid))
        node = inner
    found.pop(target, None)
    return found


def kleene(rule: CompiledRule, values: Mapping[int, bool | None]) -> bool | None:
    """The rule's value from its clauses' values (``None``: unknown), with the three-valued
    logic of the rule language: false wins an ``and``, true an ``or``."""
    index = clause_index(rule)

    def value(node: Node) -> bool | None:
        if isinstance(node, Unary) and node.op == "not":
            inner = value(node.operand)
            return None if inner is None else not inner
        if isinstance(node, BoolOp):
            found = [value(v) for v in node.values]
            decisive = node.op == "or"
            if decisive in found:
                return decisive
            return None if None in found else not decisive
        return values.get(index[node]) if node in index else None

    return value(rule.tree)
