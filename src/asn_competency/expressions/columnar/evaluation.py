"""The result of a column evaluation: values, clauses, missing names, reads and refused rows,
each row as the reference evaluator would give it."""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from typing import Any, Literal

import numpy as np
import orjson
from numpy.typing import NDArray

from asn_competency.errors import Problem
from asn_competency.expressions.columnar.integers import Mask
from asn_competency.expressions.columnar.values import (
    BooleanColumn,
    Column,
    Encoded,
    ListColumn,
)
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

__all__ = ["CHUNK", "ColumnEvaluation", "NameInput", "RowData", "RowFailure", "Source"]

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
        """The rows the reference refuses, each with its problem (the first failure's, when
        several refuse a row: the one the reference meets first)."""
        found: dict[int, Problem] = {}
        for failure in self.failures:
            for row in np.flatnonzero(failure.rows).tolist():
                found.setdefault(row, failure.problem)
        return found

    def error(self, index: int) -> Problem | None:
        """Row ``index``'s problem when the reference refuses it, else ``None``."""
        return self.error_rows.get(index) if self.failures else None

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

    def data(self, index: int, *, at: tuple[str | int, ...] = ()) -> EvaluationData:
        """Row ``index`` as plain data: what :func:`~asn_competency.expressions.data.
        evaluation_data` gives of :meth:`evaluation` (the reference's
        :class:`EvaluationError` for a row it refuses)."""
        self._refuse(index)
        return self._row(index, at)

    def row_data(self, index: int, *, at: tuple[str | int, ...] = ()) -> RowData:
        """Row ``index`` as :meth:`data` gives it, built only when a record reads it: what
        the engine keeps for every row until the records are written."""
        self._refuse(index)
        return RowData(self, index, at)

    def encoded(self, index: int, at: tuple[str | int, ...] = ()) -> bytes | None:
        """Row ``index``'s record (as :meth:`data` gives it) as canonical JSON, built with
        the rows of its chunk (each distinct value encoded once); ``None`` when a value of
        the chunk has no fast encoding (then the record is written from :meth:`data`)."""
        number, offset = divmod(index, CHUNK)
        chunk = self._chunks.get((at, number))
        if chunk is None:
            chunk, offset = _chunk_of(self, index, at)
        written = chunk.written
        if written is None:
            written = chunk.json()
        return None if written is False else written[offset]

    def _refuse(self, index: int) -> None:
        problem = self.error(index)
        if problem is not None:
            raise EvaluationError(problem)

    def _row(self, index: int, at: tuple[str | int, ...]) -> EvaluationData:
        """Row ``index``'s data, from its chunk of :data:`CHUNK` rows, built at once (the
        columns zipped) and kept while the next chunks are read (records are written in the
        rows' order, so a few chunks suffice)."""
        chunk, offset = _chunk_of(self, index, at)
        return chunk.data()[offset]

    @cached_property
    def _chunks(self) -> dict[tuple[tuple[str | int, ...], int], _Chunk]:
        return {}

    @property
    def row_parameters(self) -> tuple[tuple[str, ParameterData], ...]:
        """The parameters the rule reads, as each row's record lists them (the same on every
        row: :attr:`RowData.parameters`)."""
        return self._parameters

    @cached_property
    def _parameters(self) -> tuple[tuple[str, ParameterData], ...]:
        """The parameters the rule reads, as records list them (the same on every row)."""
        listed = []
        for name in self._names:
            if self.inputs[name].parameter is not None:
                read = self.inputs[name].read(0)
                since = plain(read.effective_from)
                found = {"value": plain(read.value), "since": since, "reference": read.reference}
                listed.append((name, found))
        return tuple(listed)

    @cached_property
    def _names(self) -> tuple[str, ...]:
        """Every name the clauses read, in the reference's order (each once)."""
        return tuple(dict.fromkeys(n for clause in self._clause_names for n in clause))


#: Rows whose record data is built at once, and how many such chunks an evaluation keeps.
CHUNK = 4096
_CHUNKS_KEPT = 4


class RowData:
    """One row of a column evaluation as its record holds it
    (:class:`~asn_competency.expressions.data.EvaluationRecord`), built when read."""

    __slots__ = ("_at", "_evaluation", "_index")

    def __init__(self, evaluation: ColumnEvaluation, index: int, at: tuple[str | int, ...]) -> None:
        self._evaluation = evaluation
        self._index = index
        self._at = at

    def __eq__(self, other: object) -> bool:
        """The same row of the same evaluation, at the same place (as its record says)."""
        if not isinstance(other, RowData):
            return NotImplemented
        return (
            self._evaluation is other._evaluation
            and self._index == other._index
            and self._at == other._at
        )

    def __hash__(self) -> int:
        return hash((id(self._evaluation), self._index, self._at))

    def __reduce__(self) -> tuple[Any, ...]:
        """Copied and pickled as the plain data it reads as (without the columns)."""
        return EvaluationData, (self.record, self.parameters)

    @property
    def record(self) -> dict[str, Any]:
        return self._evaluation._row(self._index, self._at).record

    @property
    def json(self) -> orjson.Fragment | dict[str, Any]:
        """The record's canonical JSON, already encoded (the record itself for a row whose
        values the fast encoder refuses)."""
        encoded = self._evaluation.encoded(self._index, self._at)
        return self.record if encoded is None else orjson.Fragment(encoded)

    @property
    def parameters(self) -> tuple[tuple[str, ParameterData], ...]:
        return self._evaluation._parameters


def _chunk_of(
    evaluation: ColumnEvaluation, index: int, at: tuple[str | int, ...]
) -> tuple[_Chunk, int]:
    """The chunk of :data:`CHUNK` rows of ``evaluation`` (at ``at``) that holds row ``index``,
    and the row's place in it; the evaluation keeps the last :data:`_CHUNKS_KEPT` chunks."""
    number, offset = divmod(index, CHUNK)
    chunks = evaluation._chunks
    chunk = chunks.get((at, number))
    if chunk is None:
        start = number * CHUNK
        chunk = _Chunk(evaluation, at, start, min(evaluation.size, start + CHUNK))
        chunks[(at, number)] = chunk
        if len(chunks) > _CHUNKS_KEPT:
            del chunks[next(iter(chunks))]
    return chunk, offset


class _Chunk:
    """Rows ``start`` to ``stop`` of an evaluation at ``at``: their records as data and as
    canonical JSON, each built for all the rows at once when first asked for (the ledger's
    writer asks only for the JSON)."""

    __slots__ = ("_at", "_data", "_evaluation", "_start", "_stop", "written")

    def __init__(
        self, evaluation: ColumnEvaluation, at: tuple[str | int, ...], start: int, stop: int
    ) -> None:
        self._evaluation = evaluation
        self._at = at
        self._start = start
        self._stop = stop
        self._data: list[EvaluationData] | None = None
        #: :meth:`json`, once built.
        self.written: list[bytes] | Literal[False] | None = None

    def data(self) -> list[EvaluationData]:
        """The rows as :class:`EvaluationData`."""
        if self._data is None:
            self._data = _rows_as_data(self._evaluation, self._at, self._start, self._stop)
        return self._data

    def json(self) -> list[bytes] | Literal[False]:
        """The rows' records as canonical JSON, or ``False`` when a value has no fast
        encoding (then the records' encoder takes the data and its own way)."""
        if self.written is None:
            encoded = _rows_as_json(self._evaluation, self._at, self._start, self._stop)
            self.written = False if encoded is None else encoded
        return self.written


def _rows_as_data(
    evaluation: ColumnEvaluation, at: tuple[str | int, ...], start: int, stop: int
) -> list[EvaluationData]:
    """Rows ``start`` to ``stop`` of ``evaluation`` as :class:`EvaluationData` (a refused
    row's data holds the placeholders its columns hold: it is never given)."""
    inputs = evaluation.inputs
    fields = [n for n in evaluation._names if inputs[n].parameter is None]
    listed = evaluation._parameters
    size = stop - start
    missing = _names_by_row(sorted(evaluation.missing_rows.items()), start, stop)
    defaulted = _names_by_row([(n, inputs[n].defaulted) for n in fields], start, stop)
    # every column has the evaluation's rows: the zips need no strictness check
    clauses = zip(*(c.plain_values(start, stop) for c in evaluation.clauses))  # noqa: B905
    reads = zip(*(inputs[n].column.plain_values(start, stop) for n in fields))  # noqa: B905
    where = list(at)
    out = []
    for index, value, clause_values, read_values in zip(  # noqa: B905
        range(size),
        evaluation.value.plain_values(start, stop),
        clauses if evaluation.clauses else repeat((), size),
        reads if fields else repeat((), size),
    ):
        record = {
            "at": where,
            "value": value,
            "clauses": list(clause_values),
            "reads": dict(zip(fields, read_values)),  # noqa: B905
        }
        if index in missing:
            record["missing"] = missing[index]
        if index in defaulted:
            record["defaulted"] = defaulted[index]
        out.append(EvaluationData(record, listed))
    return out


def _rows_as_json(
    evaluation: ColumnEvaluation, at: tuple[str | int, ...], start: int, stop: int
) -> list[bytes] | None:
    """Rows ``start`` to ``stop`` of ``evaluation`` as the canonical JSON of the records
    :func:`_rows_as_data` gives (sorted keys: ``at``, ``clauses``, ``defaulted``,
    ``missing``, ``reads`` with its names sorted, ``value``; a test holds them byte for byte
    to the encoded data), every row filled into one template from its columns' values, each
    distinct value encoded once. ``None`` when a value has no fast encoding (an integer beyond
    64 bits, a lone surrogate)."""
    inputs = evaluation.inputs
    listed = [n for n in evaluation._names if inputs[n].parameter is None]
    fields = sorted(listed)
    size = stop - start
    missing = _names_by_row(sorted(evaluation.missing_rows.items()), start, stop)
    defaulted = _names_by_row([(n, inputs[n].defaulted) for n in listed], start, stop)
    try:
        clauses = [_column_json(c, start, stop) for c in evaluation.clauses]
        reads = [_column_json(inputs[n].column, start, stop) for n in fields]
        value = _column_json(evaluation.value, start, stop)
        extra = [b""] * size
        for row in sorted(missing.keys() | defaulted.keys()):
            names = defaulted.get(row)
            part = b"" if names is None else b'"defaulted":' + _json(names) + b","
            names = missing.get(row)
            extra[row] = part if names is None else part + b'"missing":' + _json(names) + b","
        template = b"".join(
            [
                _literal(b'{"at":' + _json(list(at)) + b',"clauses":['),
                b",".join([b"%b"] * len(clauses)),
                b'],%b"reads":{',
                b",".join(_literal(_json(name)) + b":%b" for name in fields),
                b'},"value":%b}',
            ]
        )
    except TypeError:  # orjson.JSONEncodeError
        return None
    # every column has the chunk's rows: the zip needs no strictness check
    return [template % row for row in zip(*clauses, extra, *reads, value)]  # noqa: B905


def _json(value: Any) -> bytes:
    """A plain value's canonical JSON (:class:`TypeError` when ``orjson`` refuses it)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _held(written: bytes) -> bytes:
    """``written`` in a bytes object of its own size, for keeping: ``orjson``'s output keeps
    the whole buffer it was written in (4 KiB however short the text), too much to hold for
    every distinct value of a column (tens of thousands of dates and scores)."""
    return memoryview(written).tobytes()


def _literal(text: bytes) -> bytes:
    """``text`` as a literal part of a ``%``-template."""
    return text.replace(b"%", b"%%")


def _column_json(column: Column, start: int, stop: int) -> list[bytes]:
    """Rows ``start`` to ``stop`` of a column as canonical JSON: each distinct value encoded
    once, from :attr:`Column.encoded`; a list column's rows (a list each, seldom two alike)
    straight from their items, without :attr:`Column.encoded` holding every row written."""
    if isinstance(column, ListColumn):
        known = column.known[start:stop].tolist()
        items = column.items[start:stop].tolist()
        return [_json(plain(v)) if k else b"null" for k, v in zip(known, items, strict=True)]
    encoded = column.encoded
    texts, index = encoded.texts, encoded.index[start:stop]
    if len(texts) <= _WRITTEN_KEPT:  # every distinct value written once for all the chunks
        written = _WRITTEN.get(encoded)
        if written is None:
            written = _WRITTEN[encoded] = _objects([_held(_json(text)) for text in texts])
        return list(written[index])
    distinct, inverse = np.unique(index, return_inverse=True)
    return list(_objects([_json(texts[j]) for j in distinct.tolist()])[inverse])


def _objects(items: list[bytes]) -> NDArray[np.object_]:
    """``items`` as an array of objects, to be gathered by an index array."""
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array


#: Each column's distinct values as canonical JSON, kept while the column lives, for columns
#: of at most :data:`_WRITTEN_KEPT` distinct values (others are written chunk by chunk).
_WRITTEN: weakref.WeakKeyDictionary[Encoded, NDArray[np.object_]] = weakref.WeakKeyDictionary()
_WRITTEN_KEPT = 1 << 16


def _names_by_row(
    flags: Sequence[tuple[str, Mask | None]], start: int, stop: int
) -> dict[int, list[str]]:
    """For each row from ``start`` to ``stop`` flagged under some name (numbered from
    ``start``), the names that flag it, in the order given."""
    found: dict[int, list[str]] = {}
    for name, rows in flags:
        if rows is not None:
            for row in np.flatnonzero(rows[start:stop]).tolist():
                found.setdefault(row, []).append(name)
    return found


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
