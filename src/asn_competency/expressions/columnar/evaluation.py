"""The result of a column evaluation: values, clauses, missing names, reads and refused rows,
each row as the reference evaluator would give it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np

from asn_competency.errors import Problem
from asn_competency.expressions.columnar.integers import Mask
from asn_competency.expressions.columnar.values import BooleanColumn, Column
from asn_competency.expressions.compile import CompiledRule
from asn_competency.expressions.data import EvaluationData, ParameterData, plain
from asn_competency.expressions.evaluate import Clause, Evaluation, EvaluationError, Read
from asn_competency.expressions.syntax import (
    Binary,
    BoolOp,
    Call,
    Compare,
    ListLit,
    Name,
    Node,
    Unary,
)
from asn_competency.model import ResolvedParameter

__all__ = ["ColumnEvaluation", "NameInput", "RowFailure", "Source"]

Source = Literal["field", "formation", "parameter", "score", "as_of"]


@dataclass(frozen=True)
class NameInput:
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
    inputs: Mapping[str, NameInput] = field(repr=False)

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

    @cached_property
    def _as_data(self) -> _RowsAsData:
        return _rows_as_data(self)

    def data(self, index: int, *, at: tuple[str | int, ...] = ()) -> EvaluationData:
        """Row ``index`` as plain data: what :func:`~asn_competency.expressions.data.
        evaluation_data` gives of :meth:`evaluation`, built from the columns written once
        (the reference's :class:`EvaluationError` for a row it refuses)."""
        problem = self.error(index)
        if problem is not None:
            raise EvaluationError(problem)
        rows = self._as_data
        record: dict[str, Any] = {
            "at": list(at),
            "value": rows.value[index],
            "clauses": [clause[index] for clause in rows.clauses],
            "reads": {name: values[index] for name, values in rows.reads},
        }
        missing = [name for name, flags in rows.missing if flags[index]]
        if missing:
            record["missing"] = missing
        defaulted = [name for name, flags in rows.defaulted if flags[index]]
        if defaulted:
            record["defaulted"] = defaulted
        return EvaluationData(record, rows.parameters)


@dataclass(frozen=True)
class _RowsAsData:
    """A column evaluation's rows as plain data, column by column: each distinct value is
    written once for all rows (:meth:`Column.plain_values`)."""

    value: list[Any]
    clauses: tuple[list[Any], ...]
    reads: tuple[tuple[str, list[Any]], ...]
    missing: tuple[tuple[str, list[bool]], ...]
    defaulted: tuple[tuple[str, list[bool]], ...]
    parameters: tuple[tuple[str, ParameterData], ...]


def _rows_as_data(evaluation: ColumnEvaluation) -> _RowsAsData:
    names = dict.fromkeys(n for clause in evaluation._clause_names for n in clause)
    fields = [n for n in names if evaluation.inputs[n].parameter is None]
    parameters = []
    for name in names:
        if evaluation.inputs[name].parameter is not None:
            read = evaluation.inputs[name].read(0)
            since = plain(read.effective_from)
            found = {"value": plain(read.value), "since": since, "reference": read.reference}
            parameters.append((name, found))
    defaulted = [(n, evaluation.inputs[n].defaulted) for n in fields]
    return _RowsAsData(
        evaluation.value.plain_values(),
        tuple(c.plain_values() for c in evaluation.clauses),
        tuple((n, evaluation.inputs[n].column.plain_values()) for n in fields),
        tuple((n, rows.tolist()) for n, rows in sorted(evaluation.missing_rows.items())),
        tuple((n, mask.tolist()) for n, mask in defaulted if mask is not None and mask.any()),
        tuple(parameters),
    )


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
