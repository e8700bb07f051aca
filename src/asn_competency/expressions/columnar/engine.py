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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from asn_competency.errors import Problem
from asn_competency.expressions.columnar import numbers
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
from asn_competency.expressions.evaluate import (
    UNKNOWN,
    Clause,
    Env,
    Evaluation,
    EvaluationError,
    Read,
    Value,
)
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
from asn_competency.model import ResolvedParameter

__all__ = ["ColumnEnv", "ColumnEvaluation", "RowFailure", "evaluate_columns"]

#: Comparisons that read codes as codes (the others order codes of a scale by level); the
#: reference's ``_CODE_OPS``.
_CODE_OPS = frozenset({"==", "!=", "in", "not in"})

Source = Literal["field", "formation", "parameter", "score", "as_of"]


@dataclass(frozen=True)
class ColumnEnv:
    """What a column evaluation reads: ``size`` rows of candidate columns, the formation of
    each row (one value per row), scores with, per score and row, the names whose absence made
    it unknown (``None``: the score's own name, as ``Env.score_missing`` when it lacks the
    score), the parameters in force and the as-of date (both the same for every row)."""

    size: int
    candidate: Mapping[str, Column] = field(default_factory=dict)
    formation: Mapping[str, Column] = field(default_factory=dict)
    parameters: Mapping[str, ResolvedParameter] = field(default_factory=dict)
    as_of: dt.date | None = None
    scores: Mapping[str, Column] = field(default_factory=dict)
    score_missing: Mapping[str, Sequence[tuple[str, ...] | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for where, columns in (
            ("candidate", self.candidate),
            ("formation", self.formation),
            ("scores", self.scores),
        ):
            for name, column in columns.items():
                if column.size != self.size:
                    raise ValueError(
                        f"{where} column {name!r} has {column.size} rows, not {self.size}"
                    )
        for name, rows in self.score_missing.items():
            if len(rows) != self.size:
                raise ValueError(f"score_missing[{name!r}] has {len(rows)} rows, not {self.size}")

    def row(self, index: int) -> Env:
        """The reference's environment of row ``index`` (what :func:`evaluate` would read)."""
        return Env(
            candidate={n: c.value(index) for n, c in self.candidate.items()},
            formation={n: c.value(index) for n, c in self.formation.items()},
            parameters=self.parameters,
            as_of=self.as_of,
            scores={n: c.value(index) for n, c in self.scores.items()},
            score_missing={
                n: names
                for n, rows in self.score_missing.items()
                if (names := rows[index]) is not None
            },
        )


@dataclass(frozen=True)
class _Input:
    """One name as a rule reads it: its column (defaults filled in) and where it came from."""

    name: str
    source: Source
    column: Column
    defaulted: Mask | None = None
    parameter: ResolvedParameter | None = None

    def read(self, index: int) -> Read:
        """The reference's :class:`Read` of this name on row ``index``."""
        if self.parameter is not None:
            return Read(
                self.name,
                self.source,
                self.column.value(index),
                self.parameter.effective_from,
                self.parameter.reference,
            )
        defaulted = self.defaulted is not None and bool(self.defaulted[index])
        return Read(self.name, self.source, self.column.value(index), defaulted=defaulted)


@dataclass(frozen=True, eq=False)
class RowFailure:
    """Rows whose evaluation the reference refuses with ``problem`` (a division by zero)."""

    problem: Problem
    rows: Mask


@dataclass(frozen=True, eq=False)
class ColumnEvaluation:
    """A rule's result for every row: its value, its clauses (``clauses[k]`` is the column of
    ``rule.clauses[k]``), the names that made each unknown row unknown, the values each clause
    read, and the rows the reference refuses (:attr:`error_rows`: unknown here)."""

    rule: CompiledRule
    value: Column
    clauses: tuple[BooleanColumn, ...]
    #: Per name, the rows whose value is unknown and that name's absence took part.
    missing_rows: Mapping[str, Mask]
    failures: tuple[RowFailure, ...]
    inputs: Mapping[str, _Input] = field(repr=False)

    @property
    def size(self) -> int:
        """The number of rows."""
        return self.value.size

    def missing(self, index: int) -> tuple[str, ...]:
        """Row ``index``'s missing names, as the reference's ``Evaluation.missing``."""
        return tuple(sorted(n for n, rows in self.missing_rows.items() if rows[index]))

    @cached_property
    def _clause_names(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(dict.fromkeys(_read_names(c))) for c in self.rule.clauses)

    def reads(self, index: int, clause: int) -> tuple[Read, ...]:
        """The values clause number ``clause`` read on row ``index``, in the reference's order
        (each name once). For a row in :attr:`error_rows` they are the row's inputs, although
        the reference gives no trace there."""
        return tuple(self.inputs[n].read(index) for n in self._clause_names[clause])

    @cached_property
    def error_rows(self) -> Mapping[int, Problem]:
        """The rows the reference refuses, each with its problem."""
        return {
            int(row): failure.problem
            for failure in self.failures
            for row in np.flatnonzero(failure.rows)
        }

    def error(self, index: int) -> Problem | None:
        """Row ``index``'s problem when the reference refuses it, else ``None``."""
        for failure in self.failures:
            if failure.rows[index]:
                return failure.problem
        return None

    def evaluation(self, index: int, *, at: tuple[str | int, ...] = ()) -> Evaluation:
        """Row ``index`` as the reference's :class:`Evaluation`; the reference's
        :class:`EvaluationError` for a row it refuses."""
        problem = self.error(index)
        if problem is not None:
            raise EvaluationError(problem)
        clauses = tuple(
            Clause(node.text, column.value(index), self.reads(index, k))
            for k, (node, column) in enumerate(zip(self.rule.clauses, self.clauses, strict=True))
        )
        return Evaluation(self.rule.text, self.value.value(index), self.missing(index), clauses, at)


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, ListLit):
        return node.items
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, BoolOp):
        return node.values
    if isinstance(node, Compare):
        return (node.left, *node.comparators)
    if isinstance(node, Call):
        return node.args
    return ()


def _read_names(node: Node) -> Iterator[str]:
    """The names a node reads, in evaluation order (with repeats)."""
    if isinstance(node, Name):
        yield f"formation.{node.name}" if node.namespace == "formation" else node.name
    for child in _children(node):
        yield from _read_names(child)


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


def _python_compare(op: str, a: Value, b: Value) -> bool:
    """One comparison of known values, as the reference's ``_compare`` (lists, codes)."""
    if op in ("in", "not in"):
        found = isinstance(b, list) and a in b
        return found if op == "in" else isinstance(b, list) and not found
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    raise TypeError(f"{op!r} does not order lists")


def _relate(op: str, a: Column, b: Column) -> Mask:
    """``a op b`` for every row, both of one scalar kind (numbers, dates, booleans, codes
    read as codes); ``op`` one of ``== != < <= > >=``."""
    if isinstance(a, NumberColumn) and isinstance(b, NumberColumn):
        return numbers.compare(op, a, b)
    if isinstance(a, DateColumn) and isinstance(b, DateColumn):
        return _order(op, a.ordinal, b.ordinal)
    if op in ("==", "!="):
        if isinstance(a, BooleanColumn) and isinstance(b, BooleanColumn):
            return _order(op, a.truth, b.truth)
        if isinstance(a, CodeColumn) and isinstance(b, CodeColumn):
            vocabulary = tuple(dict.fromkeys(a.vocabulary + b.vocabulary))
            return _order(op, a.recoded(vocabulary), b.recoded(vocabulary))
    raise TypeError(f"cannot apply {op!r} to {type(a).__name__} and {type(b).__name__}")


def _order(op: str, x: NDArray[Any], y: NDArray[Any]) -> Mask:
    if op == "==":
        return np.asarray(x == y, dtype=np.bool_)
    if op == "!=":
        return np.asarray(x != y, dtype=np.bool_)
    if op == "<":
        return np.asarray(x < y, dtype=np.bool_)
    if op == "<=":
        return np.asarray(x <= y, dtype=np.bool_)
    if op == ">":
        return np.asarray(x > y, dtype=np.bool_)
    return np.asarray(x >= y, dtype=np.bool_)


_LISTS = (ListColumn, ListLiteralColumn)


def _codes_in_lists(codes: CodeColumn, lists: ListColumn) -> Mask | None:
    """Whether each row's code is an item of its row's list (``None`` when a list holds
    anything but strings and unknown items: the row-by-row path decides then)."""
    owners, items = lists.flat
    strings: list[str] = []
    for item in items:
        if isinstance(item, str):
            strings.append(item)
        elif item is not UNKNOWN:
            return None
    vocabulary = tuple(dict.fromkeys([*codes.vocabulary, *strings]))
    position = {code: i for i, code in enumerate(vocabulary)}
    item_codes = np.fromiter(
        (position[item] if isinstance(item, str) else -1 for item in items),
        dtype=np.int64,
        count=len(items),
    )
    hits = codes.recoded(vocabulary)[owners] == item_codes
    return np.bincount(owners[hits], minlength=codes.size) > 0


class _ColumnEvaluator:
    """One walk of a rule over columns, in the reference evaluator's order."""

    def __init__(self, rule: CompiledRule, env: ColumnEnv) -> None:
        self.rule = rule
        self.env = env
        self.size = env.size
        self.clauses: list[tuple[Node, BooleanColumn]] = []
        self.missing: dict[str, Mask] = {}
        self.inputs: dict[str, _Input] = {}
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

    def resolve(self, node: Name, key: str) -> _Input:
        """Where a name's values come from, in the reference's order of namespaces."""
        type_ = self.rule.types[node]
        env = self.env

        def given_or_missing(columns: Mapping[str, Column], what: str) -> Column:
            column = columns.get(node.name)
            if column is None:
                return Column.constant(None, type_, self.size)
            return _expect(column, type_, what)

        if node.namespace == "formation":
            return _Input(key, "formation", given_or_missing(env.formation, key))
        if node.name in self.rule.scores:
            return _Input(key, "score", given_or_missing(env.scores, f"score {key!r}"))
        if node.name in self.rule.fields:
            column = given_or_missing(env.candidate, f"field {key!r}")
            if node.name not in self.rule.defaults:
                return _Input(key, "field", column)
            default = Column.constant(self.rule.defaults[node.name], type_, self.size)
            defaulted = ~column.known
            return _Input(key, "field", _fill(column, default, defaulted), defaulted)
        if node.name in self.rule.parameters:
            resolved = env.parameters.get(node.name)
            if resolved is None:
                raise KeyError(f"parameter {node.name!r} was not resolved for this evaluation")
            column = Column.constant(resolved.value, type_, self.size)
            return _Input(key, "parameter", column, parameter=resolved)
        return _Input("as_of", "as_of", DateColumn.repeat(env.as_of, self.size))

    def score_missing(self, score: _Input) -> dict[str, Mask]:
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
        if isinstance(b, ListLiteralColumn):  # an unknown item makes the comparison unknown
            for item in b.values:
                known = known & item.known
        elif isinstance(b, ListColumn):
            known = known & ~b.unknown_items
        if (
            op in ("in", "not in")
            and isinstance(b, ListLiteralColumn)
            and not isinstance(a, _LISTS)
            and not any(isinstance(item, _LISTS) for item in b.values)
        ):
            found = np.zeros(self.size, dtype=np.bool_)
            for item in b.values:
                found |= _relate("==", a, item)
            return known, found if op == "in" else ~found
        if op in ("in", "not in") and isinstance(a, CodeColumn) and isinstance(b, ListColumn):
            members = _codes_in_lists(a, b)
            if members is not None:
                return known, members if op == "in" else ~members
        if isinstance(a, _LISTS) or isinstance(b, _LISTS):
            truth = np.zeros(self.size, dtype=np.bool_)
            for row in np.flatnonzero(known):
                truth[row] = _python_compare(op, a.value(int(row)), b.value(int(row)))
            return known, truth
        if isinstance(a, CodeColumn) and isinstance(b, CodeColumn) and op not in _CODE_OPS:
            level = self.levels(a_node) or self.levels(b_node)  # codes of a scale: by level
            return known, _order(op, self.leveled(a, level, known), self.leveled(b, level, known))
        return known, _relate(op, a, b)

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
