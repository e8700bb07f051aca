"""Setting a boundary's values for the threshold check: the cells that hold the other clauses
of a compound rule where the clause under test decides it (:func:`held`), and the input
values that put a score exactly at, just below and just above a threshold (:func:`solve`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from asn_competency.expressions.compile import CompiledRule
from asn_competency.expressions.syntax import Call, Compare, Const, ListLit, Name, Node
from asn_competency.model import BooleanField, EnumField, IntegerField, SelectionPolicy
from asn_competency.pipeline.engine import compile_plan
from asn_competency.testing.boundaries import (
    COMPARE,
    Boundary,
    Quantity,
    clause_boundary,
    points,
    requirements,
)
from asn_competency.testing.checks._recorded import quantity_of

__all__ = ["Solved", "held", "solve"]


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


def held(
    policy: SelectionPolicy, rule: CompiledRule, boundary: Boundary, as_of: dt.date
) -> tuple[dict[str, str], dict[str, str]]:
    """Candidate and formation cells that hold the rule's other clauses where the clause under
    test decides it."""
    under = quantity_of(boundary)
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


@dataclass(frozen=True)
class Solved:
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


def solve(
    policy: SelectionPolicy,
    score: str,
    threshold: Fraction,
    fixed: Mapping[str, str],
    as_of: dt.date,
) -> list[Solved]:
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

    def solved(case: str, v: int) -> Solved | None:
        values: dict[str, Any] = {n: int(x) for n, x in base.items()}
        values[chosen] = v
        got = book.evaluate(values, as_of=as_of, parameters=parameters, only=[score])[score].value
        if not isinstance(got, Fraction):
            return None
        return Solved(case, got, {n: str(x) for n, x in values.items()})

    def first(case: str, strictly: bool) -> Solved | None:
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

    found: list[Solved] = []
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
