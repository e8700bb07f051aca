"""Evaluating a compiled rule over whole columns, with the reference's semantics row by row.

The reference is :func:`asn_competency.expressions.evaluate` (one candidate at a time); this
module gives, for every row ``i``, the value, the clause values, the missing names and the
reads that the reference gives for the candidate of row ``i`` (a differential property test
holds it to that). It walks the rule once, in the reference's order, each node computing a
whole column:

- unknowns are a ``known`` mask per column; ``and``/``or``/``not`` are Kleene's, comparisons
  and arithmetic are unknown where an operand is, zero times unknown is zero, ``given(x)`` is
  never unknown and does not count ``x`` as missing; a list literal is unknown-tainted where
  any item is (``x in [a, b]`` is unknown where ``a`` or ``b`` is);
- the names that made a row unknown are one mask per name (:meth:`ColumnEvaluation.missing`);
- the values a clause read are the names under the clause node, known statically, read from
  their columns only when asked (:meth:`ColumnEvaluation.reads`);
- a division by zero is an error of its row only (the reference raises
  ``expr.division-by-zero`` for that candidate): the row is listed in
  :attr:`ColumnEvaluation.error_rows` with the reference's problem (the first division by zero
  in evaluation order) and its value and clauses are unknown. The other rows are unaffected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from asn_competency.errors import Problem
from asn_competency.expressions.columnar import numbers
from asn_competency.expressions.columnar.compare import (
    CODE_OPS,
    LISTS,
    codes_in_lists,
    order,
    python_compare,
    relate,
)
from asn_competency.expressions.columnar.environment import ColumnEnv
from asn_competency.expressions.columnar.evaluation import ColumnEvaluation, NameInput, RowFailure
from asn_competency.expressions.columnar.integers import Mask
from asn_competency.expressions.columnar.values import (
    BooleanColumn,
    CodeColumn,
    Column,
    DateColumn,
    ListColumn,
    ListLiteralColumn,
    NumberColumn,
)
from asn_competency.expressions.compile import CompiledRule
from asn_competency.expressions.syntax import (
    Binary,
    BoolOp,
    Call,
    Compare,
    Const,
    ListLit,
    Name,
    Node,
    Unary,
)
from asn_competency.expressions.types import RuleType

__all__ = ["ColumnEnv", "ColumnEvaluation", "RowFailure", "evaluate_columns"]


#: The column class that holds each non-numeric kind of value.
_CLASSES: dict[str, type[Column]] = {
    "boolean": BooleanColumn,
    "string": CodeColumn,
    "date": DateColumn,
    "list": ListColumn,
}


def _expect(column: Column, type_: RuleType, what: str) -> Column:
    """``column`` when it is of the class that holds ``type_``, else a :class:`TypeError`."""
    wanted: type[Column] = NumberColumn
    if not type_.numeric:
        wanted = _CLASSES[type_.kind]
    if not isinstance(column, wanted):
        raise TypeError(f"{what} is {type_}, but its column is a {type(column).__name__}")
    return column


def _fill(column: Column, default: Column, missing: Mask) -> Column:
    """``column`` with the rows in ``missing`` taken from ``default``."""
    known = column.known | (missing & default.known)
    if isinstance(column, NumberColumn) and isinstance(default, NumberColumn):
        return numbers.select(missing, default, column, known)
    if isinstance(column, BooleanColumn) and isinstance(default, BooleanColumn):
        return BooleanColumn(known, np.where(missing, default.truth, column.truth))
    if isinstance(column, DateColumn) and isinstance(default, DateColumn):
        return DateColumn(known, np.where(missing, default.ordinal, column.ordinal))
    if isinstance(column, CodeColumn) and isinstance(default, CodeColumn):
        vocabulary = tuple(dict.fromkeys(column.vocabulary + default.vocabulary))
        index = np.where(missing, default.recoded(vocabulary), column.recoded(vocabulary))
        return CodeColumn(known, index, vocabulary)
    if isinstance(column, ListColumn) and isinstance(default, ListColumn):
        return ListColumn(known, np.where(missing, default.items, column.items))
    raise TypeError(f"a default of {type(default).__name__} for a {type(column).__name__}")


class _ColumnEvaluator:
    """One walk of a rule over columns, in the reference evaluator's order."""

    def __init__(self, rule: CompiledRule, env: ColumnEnv) -> None:
        self.rule = rule
        self.env = env
        self.size = env.size
        self.clauses: list[tuple[Node, BooleanColumn]] = []
        self.missing: dict[str, Mask] = {}
        self.inputs: dict[str, NameInput] = {}
        self.failures: list[RowFailure] = []
        self.failed = np.zeros(self.size, dtype=np.bool_)
        self._score_missing: dict[str, dict[str, Mask]] = {}

    # -- bookkeeping ---------------------------------------------------------------------

    def note_missing(self, name: str, rows: Mask) -> None:
        if rows.any():
            previous = self.missing.get(name)
            self.missing[name] = rows.copy() if previous is None else previous | rows

    def fail(self, problem: Problem, rows: Mask) -> None:
        new = rows & ~self.failed
        if new.any():
            self.failures.append(RowFailure(problem, new))
            self.failed |= new

    def boolean(self, column: Column, node: Node) -> BooleanColumn:
        if not isinstance(column, BooleanColumn):
            raise TypeError(f"{node.text!r} should be true/false after the type check")
        return column

    def number(self, column: Column, node: Node) -> NumberColumn:
        if not isinstance(column, NumberColumn):
            raise TypeError(f"{node.text!r} should be a number after the type check")
        return column

    def boolean_operand(self, node: Node) -> BooleanColumn:
        value = self.boolean(self.eval(node), node)
        if not isinstance(node, Compare | BoolOp | Unary):
            self.clauses.append((node, value))
        return value

    # -- nodes ---------------------------------------------------------------------------

    def eval(self, node: Node) -> Column:
        if isinstance(node, Const):
            value = node.value
            return Column.constant(value, self.rule.types[node], self.size)
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, ListLit):
            items = tuple(self.eval(item) for item in node.items)
            return ListLiteralColumn(np.ones(self.size, dtype=np.bool_), items)
        if isinstance(node, Unary):
            if node.op == "not":
                operand = self.boolean_operand(node.operand)
                return BooleanColumn(operand.known, ~operand.truth)
            number = self.number(self.eval(node.operand), node.operand)
            return numbers.negate(number) if node.op == "-" else number
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, BoolOp):
            values = [self.boolean_operand(v) for v in node.values]
            decisive = node.op == "or"  # true decides 'or', false decides 'and'
            decided = np.logical_or.reduce([v.known & (v.truth == decisive) for v in values])
            all_known = np.logical_and.reduce([v.known for v in values])
            truth = decided if decisive else ~decided
            return BooleanColumn(decided | all_known, truth)
        if isinstance(node, Compare):
            verdict = self.compare(node)
            self.clauses.append((node, verdict))
            return verdict
        return self.call(node)

    def name(self, node: Name, *, counts_missing: bool = True) -> Column:
        key = f"formation.{node.name}" if node.namespace == "formation" else node.name
        found = self.inputs.get(key)
        if found is None:
            found = self.inputs[key] = self.resolve(node, key)
        if counts_missing and found.source != "parameter":
            if found.source == "score":
                for name, rows in self.score_missing(found).items():
                    self.note_missing(name, rows)
            else:
                self.note_missing(key, ~found.column.known)
        return found.column

    def resolve(self, node: Name, key: str) -> NameInput:
        """Where a name's values come from, in the reference's order of namespaces."""
        type_ = self.rule.types[node]
        env = self.env

        def given_or_missing(columns: Mapping[str, Column], what: str) -> Column:
            column = columns.get(node.name)
            if column is None:
                return Column.constant(None, type_, self.size)
            return _expect(column, type_, what)

        if node.namespace == "formation":
            return NameInput(key, "formation", given_or_missing(env.formation, key))
        if node.name in self.rule.scores:
            return NameInput(key, "score", given_or_missing(env.scores, f"score {key!r}"))
        if node.name in self.rule.fields:
            column = given_or_missing(env.candidate, f"field {key!r}")
            if node.name not in self.rule.defaults:
                return NameInput(key, "field", column)
            default = Column.constant(self.rule.defaults[node.name], type_, self.size)
            defaulted = ~column.known
            return NameInput(key, "field", _fill(column, default, defaulted), defaulted)
        if node.name in self.rule.parameters:
            resolved = env.parameters.get(node.name)
            if resolved is None:
                raise KeyError(f"parameter {node.name!r} was not resolved for this evaluation")
            column = Column.constant(resolved.value, type_, self.size)
            return NameInput(key, "parameter", column, parameter=resolved)
        return NameInput("as_of", "as_of", DateColumn.repeat(env.as_of, self.size))

    def score_missing(self, score: NameInput) -> dict[str, Mask]:
        """Per name, the rows where ``score`` is unknown because that name is missing."""
        cached = self._score_missing.get(score.name)
        if cached is not None:
            return cached
        unknown = ~score.column.known
        listed = self.env.score_missing.get(score.name)
        result: dict[str, Mask] = {}
        if listed is None:
            result[score.name] = unknown
        else:
            for row in np.flatnonzero(unknown):
                names = listed[int(row)]
                for name in (score.name,) if names is None else names:
                    if name not in result:
                        result[name] = np.zeros(self.size, dtype=np.bool_)
                    result[name][row] = True
        self._score_missing[score.name] = result
        return result

    def binary(self, node: Binary) -> Column:
        left = self.number(self.eval(node.left), node.left)
        right = self.number(self.eval(node.right), node.right)
        if node.op == "+":
            return numbers.add(left, right)
        if node.op == "-":
            return numbers.subtract(left, right)
        if node.op == "*":
            return numbers.multiply(left, right)
        quotient, by_zero = numbers.divide(left, right)
        problem = Problem(
            "expr.division-by-zero",
            f"{node.text!r} divides by zero ({node.right.text} = 0)",
            offset=node.span.start,
        )
        self.fail(problem, by_zero)
        return quotient

    def compare(self, node: Compare) -> BooleanColumn:
        nodes = [node.left, *node.comparators]
        operands = [self.eval(n) for n in nodes]
        any_false = np.zeros(self.size, dtype=np.bool_)
        any_unknown = np.zeros(self.size, dtype=np.bool_)
        for index, op in enumerate(node.ops):
            known, truth = self.pair(
                op, nodes[index], operands[index], nodes[index + 1], operands[index + 1]
            )
            any_false |= known & ~truth
            any_unknown |= ~known
        return BooleanColumn(any_false | ~any_unknown, ~any_false)

    def pair(self, op: str, a_node: Node, a: Column, b_node: Node, b: Column) -> tuple[Mask, Mask]:
        """One comparison of a chain: the rows where it is known, and its truth there."""
        known = a.known & b.known
        for side in (a, b):  # a list with an unknown item makes the comparison unknown
            if isinstance(side, ListLiteralColumn):
                for item in side.values:
                    known = known & item.known
            elif isinstance(side, ListColumn):
                known = known & ~side.unknown_items
        if (
            op in ("in", "not in")
            and isinstance(b, ListLiteralColumn)
            and not isinstance(a, LISTS)
            and not any(isinstance(item, LISTS) for item in b.values)
        ):
            found = np.zeros(self.size, dtype=np.bool_)
            for item in b.values:
                found |= relate("==", a, item)
            return known, found if op == "in" else ~found
        if op in ("in", "not in") and isinstance(a, CodeColumn) and isinstance(b, ListColumn):
            members = codes_in_lists(a, b)
            if members is not None:
                return known, members if op == "in" else ~members
        if isinstance(a, LISTS) or isinstance(b, LISTS):
            truth = np.zeros(self.size, dtype=np.bool_)
            for row in np.flatnonzero(known):
                truth[row] = python_compare(op, a.value(int(row)), b.value(int(row)))
            return known, truth
        if isinstance(a, CodeColumn) and isinstance(b, CodeColumn) and op not in CODE_OPS:
            level = self.levels(a_node) or self.levels(b_node)  # codes of a scale: by level
            return known, order(op, self.leveled(a, level, known), self.leveled(b, level, known))
        return known, relate(op, a, b)

    def levels(self, node: Node) -> dict[str, int]:
        """The levels of the codes a node gives (empty when it is not an enum with levels)."""
        found = self.rule.types.get(node)
        return found.level_of() if found is not None else {}

    def leveled(self, codes: CodeColumn, level: dict[str, int], known: Mask) -> NDArray[np.int64]:
        """Each row's level; a known code outside the scale is a :class:`KeyError` as in the
        reference."""
        table = np.array([level.get(code, -1) for code in codes.vocabulary], dtype=np.int64)
        result = table[codes.index]
        outside = known & (result < 0)
        if outside.any():
            raise KeyError(codes.value(int(np.flatnonzero(outside)[0])))
        return result

    def call(self, node: Call) -> Column:
        if node.function == "given":  # never unknown, and its argument is not 'missing'
            argument = node.args[0]
            if not isinstance(argument, Name):
                raise TypeError("given() takes a name after the type check")
            present = self.name(argument, counts_missing=False).known.copy()
            return BooleanColumn(np.ones(self.size, dtype=np.bool_), present)
        if node.function == "date":
            return DateColumn.repeat(dt.date.fromisoformat(str(_literal(node.args[0]))), self.size)
        if node.function == "round":
            number = self.number(self.eval(node.args[0]), node.args[0])
            places, mode = _literal(node.args[1]), _literal(node.args[2])
            return numbers.round_to(number, int(places), str(mode))
        if node.function == "count":
            return numbers.count([self.boolean_operand(a) for a in node.args])
        args = [self.eval(a) for a in node.args]
        if node.function in ("age_on", "years_between"):
            start, end = args
            if not (isinstance(start, DateColumn) and isinstance(end, DateColumn)):
                raise TypeError(f"{node.function}() reads dates; the type check lets no other in")
            return numbers.ages(start, end)
        values = [self.number(a, n) for a, n in zip(args, node.args, strict=True)]
        if node.function in ("min", "max"):
            return numbers.extreme(values, smallest=node.function == "min")
        return numbers.total(values)


def _literal(node: Node) -> bool | int | Decimal | str:
    if not isinstance(node, Const):
        raise TypeError(f"expected a literal after the type check, got {node.text!r}")
    return node.value


def evaluate_columns(rule: CompiledRule, env: ColumnEnv) -> ColumnEvaluation:
    """Evaluate ``rule`` for every row of ``env``; row ``i`` of the result is what
    :func:`~asn_competency.expressions.evaluate` gives for ``env.row(i)`` (see the module
    docstring for the rows it refuses)."""
    evaluator = _ColumnEvaluator(rule, env)
    value = evaluator.eval(rule.tree)
    if rule.type.kind == "boolean" and not isinstance(rule.tree, Compare | BoolOp | Unary):
        evaluator.clauses.append((rule.tree, evaluator.boolean(value, rule.tree)))
    nodes = tuple(node for node, _ in evaluator.clauses)
    if nodes != rule.clauses:
        raise AssertionError("the column walk traced other clauses than the compiled rule's")
    alive = ~evaluator.failed
    value = value.with_known(value.known & alive)
    unknown = ~value.known & alive
    return ColumnEvaluation(
        rule,
        value,
        tuple(c.with_known(c.known & alive) for _, c in evaluator.clauses),
        {n: rows & unknown for n, rows in evaluator.missing.items()},
        tuple(evaluator.failures),
        evaluator.inputs,
    )
