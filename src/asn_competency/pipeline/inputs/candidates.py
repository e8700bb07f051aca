"""The candidates table: one typed :class:`CandidateRow` per data row, in file order.

Declared candidate fields and protected attributes are typed by their declarations; problems
with protected attributes are warnings kept apart; a candidate id on several rows makes every
copy ``input.duplicate-id``; :meth:`CandidateTable.with_formations` adds
``input.unknown-formation``. Each row carries the SHA-256 digest of its raw values.

A table is typed column by column: each distinct cell of a column is parsed once, and each
row holds the code of its value (four bytes a field) rather than a mapping of its own: a
row's ``values`` is a read-only view of the table's typed columns. A row gets problems only
when it has one; the digests of a CSV table are made from its columns, each distinct
``"column":value`` encoded once. The rows, values, problems and digests are those of typing
each row alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from collections import Counter
from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, Sequence, ValuesView
from contextlib import suppress
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import repeat
from types import MappingProxyType
from typing import Any, Final, cast

import numpy as np
import orjson
from numpy.typing import NDArray

from asn_competency.errors import NearNames, PolicyError, Problem
from asn_competency.files import canonical_json
from asn_competency.files.tables import Cell, Table
from asn_competency.model import SelectionPolicy
from asn_competency.pipeline.inputs._sources import (
    Source,
    _best_id,
    _header_problems,
    _Input,
    _load,
    _located_at,
)
from asn_competency.pipeline.inputs._values import (
    _ABSENT,
    _TEXT,
    _Absent,
    _Parser,
    _Typed,
    id_key,
)
from asn_competency.pipeline.inputs.formations import FormationTable

__all__ = ["CandidateRow", "CandidateTable", "TypedColumns", "read_candidates"]

_ID_COLUMNS: Final = ("candidate_id", "formation_id")


@dataclass(frozen=True, eq=False)
class TypedColumns:
    """The declared candidate fields of a table as typed, column by column, for the column
    engine: row ``i`` (in table order, on line ``lines[i]``) holds ``distinct[codes[i]]`` of
    a field, ``None`` when it has no value (as ``CandidateRow.values.get`` gives it; the very
    value object, so equal values written differently may both be among ``distinct``). A
    field whose values are mostly distinct (ids), or are lists, is not kept: its column is
    made from the rows. The rows' ``values`` read the same codes."""

    lines: NDArray[np.int64]
    fields: Mapping[str, tuple[list[object], NDArray[np.int32]]]

    def positions(self, rows: Sequence[CandidateRow]) -> NDArray[np.int64] | None:
        """Each row's position in the table, or ``None`` when a row was not read with it."""
        if any(row.columns is not self for row in rows):
            return None
        lines = np.fromiter((row.row for row in rows), dtype=np.int64, count=len(rows))
        found = np.searchsorted(self.lines, lines)
        inside = found < len(self.lines)
        if not inside.all() or not np.array_equal(self.lines[found], lines):
            return None
        return found

    @staticmethod
    def of(
        lines: Sequence[int], names: Sequence[str], columns: list[list[object]], empty: set[int]
    ) -> TypedColumns:
        """The typed ``columns`` (:data:`_ABSENT` for no value) of ``names``, the rows in
        ``empty`` holding none."""
        held = _Held.of(names, (_coded(_Typed({}, column)) for column in columns), empty)
        return held.typed(lines)


def _coded(typed: _Typed) -> tuple[list[object], NDArray[np.int32] | None]:
    """A typed column as its distinct values and each row's code among them, ``None`` (no
    value) as code 0; each row's value and ``None`` when its values are mostly distinct
    (ids). Values are told apart by identity, not equality, so that each row gets back the
    very value it was typed to (``Decimal('1E+1')`` and ``Decimal('10')`` are equal, but
    not written alike)."""
    if typed.distinct is not None and typed.codes is not None:  # one value per distinct cell
        number: dict[int, int] = {id(_ABSENT): 0}
        values: list[object] = [None]
        remap = np.empty(len(typed.distinct), dtype=np.int32)
        for n, value in enumerate(typed.distinct):
            code = number.get(id(value))
            if code is None:
                code = number[id(value)] = len(values)
                values.append(value)
            remap[n] = code
        return values, remap[typed.codes]
    column = typed.values()
    size = len(column)
    first = column[:_CHUNK]  # ids are told apart by the first few rows
    if len(set(map(id, first))) > max(len(first) // 2, 16):
        return column, None
    objects: dict[int, object] = {id(_ABSENT): None}
    objects.update(zip(map(id, column), column, strict=True))
    objects[id(_ABSENT)] = None  # code 0, first
    if len(objects) > max(size // 2, 16) + 1:
        return column, None
    position = {key: n for n, key in enumerate(objects)}
    codes = np.fromiter(map(position.__getitem__, map(id, column)), dtype=np.int32, count=size)
    return list(objects.values()), codes


class _Held:
    """The declared candidate fields of a table, typed, held for its rows' ``values``
    (:class:`_RowValues`): each field as its distinct values and each row's code (0: no
    value), or (ids, lists) as each row's value, :data:`_ABSENT` for none."""

    __slots__ = ("columns", "fields", "names", "offset")

    def __init__(self, fields: dict[str, tuple[list[object], NDArray[np.int32] | None]]) -> None:
        self.fields = fields
        self.names = tuple(fields)
        #: What a row's key (:meth:`keys_of`) less is its position.
        self.offset = 0
        #: Per field: its values and each row's code as a ``memoryview`` (indexed as fast as
        #: a list, four bytes a row), or its values by row and ``None``.
        self.columns: dict[str, tuple[list[object], memoryview | None]] = {
            name: (values, None if codes is None else codes.data)
            for name, (values, codes) in fields.items()
        }

    @staticmethod
    def of(
        names: Iterable[str],
        coded: Iterable[tuple[list[object], NDArray[np.int32] | None]],
        empty: set[int],
    ) -> _Held:
        """The fields ``names``, each as :func:`_coded` gives it; the rows in ``empty``
        hold no value (their codes are 0; their ``values`` are :data:`_NONE`)."""
        fields = dict(zip(names, coded, strict=True))
        if empty:
            rows = np.fromiter(empty, dtype=np.int64, count=len(empty))
            for _, codes in fields.values():
                if codes is not None:
                    codes[rows] = 0
        return _Held(fields)

    def keys_of(self, lines: list[int]) -> Sequence[int]:
        """Each row's key, by which its values are found: its line (the same ``int`` as the
        row's: one object less a row) when the rows are on consecutive lines, as in most
        files, else its position."""
        if lines and lines[-1] - lines[0] == len(lines) - 1 and _consecutive(lines):
            self.offset = lines[0]
            return lines
        self.offset = 0
        return range(len(lines))

    def typed(self, lines: Sequence[int]) -> TypedColumns:
        """The fields kept for the column engine: those held by code, but lists."""
        kept = {
            name: (values, codes)
            for name, (values, codes) in self.fields.items()
            if codes is not None and not any(type(v) is list for v in values)
        }
        return TypedColumns(np.asarray(lines, dtype=np.int64), MappingProxyType(kept))


def _consecutive(lines: list[int]) -> bool:
    """Whether ``lines`` are consecutive numbers."""
    numbers = np.asarray(lines, dtype=np.int64)
    return bool((np.diff(numbers) == 1).all())


class _RowValues(Mapping[str, object]):
    """A row's ``values``: a read-only mapping of the declared candidate fields that have a
    value, in the policy's order, read from the table's typed columns (:class:`_Held`)
    rather than held by the row (a dictionary of a dozen fields is some 350 bytes a row)."""

    __slots__ = ("_held", "_key")

    def __init__(self, held: _Held, key: int) -> None:
        self._held = held
        self._key = key  # the row's key (_Held.keys_of)

    def __getitem__(self, name: str) -> object:
        held = self._held
        values, codes = held.columns[name]
        at = self._key - held.offset
        if codes is None:
            value = values[at]
            if value is _ABSENT:
                raise KeyError(name)
            return value
        code = codes[at]
        if not code:
            raise KeyError(name)
        return values[code]

    def get(self, name: str, default: object = None) -> object:
        """The value of ``name``, or ``default`` when the row has none."""
        held = self._held
        found = held.columns.get(name)
        if found is None:
            return default
        values, codes = found
        at = self._key - held.offset
        if codes is None:
            value = values[at]
            return default if value is _ABSENT else value
        code = codes[at]
        return values[code] if code else default

    def __contains__(self, name: object) -> bool:
        return self.get(name, _ABSENT) is not _ABSENT  # type: ignore[arg-type]

    def _dict(self) -> dict[str, object]:
        """The row's values as a new dictionary, in the policy's order."""
        at = self._key - self._held.offset
        out: dict[str, object] = {}
        for name, (values, codes) in self._held.columns.items():
            if codes is None:
                value = values[at]
                if value is not _ABSENT:
                    out[name] = value
            elif code := codes[at]:
                out[name] = values[code]
        return out

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict())

    def __len__(self) -> int:
        return len(self._dict())

    def keys(self) -> KeysView[str]:
        """The names of the fields that have a value, in the policy's order."""
        return self._dict().keys()

    def items(self) -> ItemsView[str, object]:
        """The fields that have a value and their values, in the policy's order."""
        return self._dict().items()

    def values(self) -> ValuesView[object]:
        """The values, in the policy's order."""
        return self._dict().values()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _RowValues | MappingProxyType | dict):
            return self._dict() == other
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # as a dictionary's

    def __repr__(self) -> str:
        return f"mappingproxy({self._dict()!r})"


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """One candidate row, typed.

    ``row`` is the row's 1-based line in the file (its position, from Python). ``values``
    holds the declared candidate fields that have a value (the default, for a missing
    optional field that declares one), in the policy's order; ``protected`` the protected
    attributes likewise. ``problems`` are what make the row invalid input (a read error,
    missing or malformed values, a duplicated candidate id), each located by file, line,
    column (CSV) and field; ``protected_problems`` are warnings about protected attributes,
    which never make a row invalid. ``digest`` is the SHA-256 (hex) of the canonical JSON of
    the row's raw values by column.
    """

    row: int
    candidate_id: str | None
    formation_id: str | None
    values: Mapping[str, object]
    protected: Mapping[str, object]
    problems: tuple[Problem, ...]
    digest: str
    protected_problems: tuple[Problem, ...] = ()
    #: The typed columns of the table the row was read from (shared by its rows).
    columns: TypedColumns | None = field(default=None, repr=False, compare=False)

    @property
    def valid(self) -> bool:
        """Whether the row has no problem (protected-attribute warnings aside)."""
        return not self.problems


@dataclass(frozen=True)
class CandidateTable:
    """Every candidate row of a table, one :class:`CandidateRow` per data row, in order."""

    file: str | None
    format: str
    columns: tuple[str, ...]
    rows: tuple[CandidateRow, ...]
    ignored_columns: tuple[str, ...] = ()

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every row's problems, in row order."""
        return tuple(p for row in self.rows for p in row.problems)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Every row's protected-attribute problems, in row order."""
        return tuple(p for row in self.rows for p in row.protected_problems)

    def with_formations(self, formations: FormationTable | Iterable[str]) -> CandidateTable:
        """This table with ``input.unknown-formation`` added to each row whose formation id
        is not among ``formations`` (a formations table, or formation ids)."""
        known = (
            {f.formation_id for f in formations.formations}
            if isinstance(formations, FormationTable)
            else set(formations)
        )
        column = self.columns.index("formation_id") + 1 if self.format == "csv" else None
        near = NearNames(known)
        rows = []
        for row in self.rows:
            fid = row.formation_id
            if (
                fid is None
                or fid in known
                or any(p.path == ("formation_id",) for p in row.problems)
            ):
                rows.append(row)
                continue
            problem = Problem(
                "input.unknown-formation",
                f"formation {fid!r} is not in the formations table",
                path=("formation_id",),
                file=self.file,
                line=row.row,
                column=column,
                value=fid,
                hint=near.hint(fid),
            )
            rows.append(replace(row, problems=(*row.problems, problem)))
        return replace(self, rows=tuple(rows))


def read_candidates(source: Source, policy: SelectionPolicy) -> CandidateTable:
    """Read and type a candidates table against ``policy``: one row out per data row in.

    ``candidate_id`` and ``formation_id`` are required columns whether or not the policy
    declares them; each declared candidate field and protected attribute is typed by its
    declaration; other columns are ignored and listed in ``ignored_columns``. Raises
    :class:`PolicyError` when the table cannot be read or a CSV header lacks a required
    column (``input.header``); JSON Lines and Python rows have no header, so a row without a
    required key has ``input.missing`` like a row with an empty value.
    """
    data = _load(source)
    fields = policy.candidate_fields
    protected = policy.protected_attributes
    required = [(name, "every candidate row names it") for name in _ID_COLUMNS]
    required += [
        (name, "a required candidate field")
        for name, decl in fields.items()
        if decl.required and name not in _ID_COLUMNS
    ]
    required += [
        (name, "a required protected attribute") for name, d in protected.items() if d.required
    ]
    problems = _header_problems(
        data, required, what="candidates", optional=[*_ID_COLUMNS, *fields, *protected]
    )
    if problems:
        raise PolicyError(problems)
    known = {*_ID_COLUMNS, *fields, *protected}
    ignored = tuple(c for c in data.columns if c not in known)
    rows = _typed_rows(data, policy)
    return CandidateTable(data.file, data.format, data.columns, tuple(rows), ignored)


#: Rows typed, gathered and digested at a time: a bounded part of the table is ever held as
#: one list per row.
_CHUNK = 4096

#: No values: the mapping of a row that has none.
_NONE: Final[Mapping[str, object]] = MappingProxyType({})


class _Typing:
    """A table's columns typed one at a time, the problems of the rows that have one
    gathered by row (in the order the columns are typed)."""

    def __init__(self, source: _Input) -> None:
        self.source = source
        self.empty = source.empty_rows()  # unreadable: only their read error is told
        self.problems: dict[int, list[Problem]] = {
            i: [error] for i, error in sorted(source.errors.items())
        }
        self.warnings: dict[int, list[Problem]] = {}
        self.parse = _Parser()
        self.raws: dict[str, list[object]] = {}
        self.typed: dict[tuple[str, int, bool], _Typed] = {}

    def column(
        self, name: str, decl: Any, *, required: bool, told: str | None = "problem"
    ) -> tuple[_Typed, list[object]]:
        """Column ``name`` typed by ``decl``, and each row's raw cell; each fault told as a
        problem, a warning (``told``) or not at all (``None``)."""
        source = self.source
        cells = self.raws.get(name)
        if cells is None:
            cells = self.raws[name] = source.raw(name)
        key = (name, id(decl), required)  # the ids are typed again as declared fields
        found = self.typed.get(key)
        if found is None:
            found = self.typed[key] = self.parse.typed(decl, name, cells, required=required)
        into = self.problems if told == "problem" else self.warnings
        for i, fault in found.faults.items():
            if told is None or i in self.empty:
                continue
            problem = _located_at(source, source.where_row(i, name), name, fault, cells[i])
            if told == "warning":
                problem = replace(problem, severity="warning")
            into.setdefault(i, []).append(problem)
        return found, cells

    def forget(self, name: str | None = None) -> None:
        """Let go of column ``name`` as read and typed (of every column: ``None``)."""
        if name is None:
            self.raws.clear()
            self.typed.clear()
            return
        self.raws.pop(name, None)
        for key in [key for key in self.typed if key[0] == name]:
            del self.typed[key]


def _typed_rows(source: _Input, policy: SelectionPolicy) -> list[CandidateRow]:
    """Every row typed, column by column (each column's distinct cells parsed once: a
    million rows hold few distinct scores, levels and codes), then gathered into rows. Only
    a row that has a problem gets a list of them, each located by line and column as the
    cell was read."""
    size = len(source)
    typing = _Typing(source)
    ids: dict[str, list[str | None]] = {}
    for name in _ID_COLUMNS:
        decl = policy.candidate_fields.get(name, _TEXT)
        typed, cells = typing.column(name, decl, required=True)
        ids[name] = [
            v if isinstance(v, str) else _best_id(v, raw)
            for v, raw in zip(typed.values(), cells, strict=True)
        ]
    fields = policy.candidate_fields
    coded = []
    for name, decl in fields.items():
        if name in _ID_COLUMNS:  # typed above; only an empty cell's value may differ
            required = decl.required or decl.default is None
            typed = typing.column(name, decl, required=required, told=None)[0]
        else:
            typed = typing.column(name, decl, required=decl.required)[0]
        coded.append(_coded(typed))
        del typed
        typing.forget(name)  # the field's cells and values let go once it is coded
    protected = policy.protected_attributes
    protected_values = [
        typing.column(name, decl, required=decl.required, told="warning")[0].values()
        for name, decl in protected.items()
    ]
    typing.forget()
    held = _Held.of(fields, coded, typing.empty)
    del coded
    columns = held.typed(source.lines)
    problems, warnings = typing.problems, typing.warnings
    for i, problem in _duplicates(source, ids["candidate_id"]).items():
        problems.setdefault(i, []).append(problem)
    told: list[tuple[Problem, ...]] = [()] * size
    for i, found in problems.items():
        told[i] = tuple(found)
    warned: list[tuple[Problem, ...]] = [()] * size
    for i, found in warnings.items():
        warned[i] = tuple(found)
    lines = list(source.lines)
    by_row: list[Mapping[str, object]] = list(
        map(_RowValues, repeat(held, size), held.keys_of(lines))
    )
    protected_by_row = _shared_mappings(tuple(protected), protected_values, size)
    del protected_values
    for i in typing.empty:  # a row that could not be read has no values, not even defaults
        by_row[i] = protected_by_row[i] = _NONE
    return [
        CandidateRow(line, cid, fid, values, kept, found, digest, warning, columns)
        for line, cid, fid, values, kept, found, digest, warning in zip(
            lines,
            ids["candidate_id"],
            ids["formation_id"],
            by_row,
            protected_by_row,
            told,
            _digests(source),
            warned,
            strict=True,
        )
    ]


def _mappings(
    names: tuple[str, ...], columns: list[list[object]], size: int
) -> list[Mapping[str, object]]:
    """Each row's values by name, in the order of ``names``, without the absent ones. Rows
    are gathered by which names they lack (a few patterns: the CPNS rows lack the grade
    point average or the diploma average), each row's mapping made in one step."""
    out: list[Mapping[str, object]] = []
    for start in range(0, size, _CHUNK):
        part = [column[start : start + _CHUNK] for column in columns]
        count = len(part[0]) if part else min(_CHUNK, size - start)
        made: list[Mapping[str, object]] = [_NONE] * count
        lacking: dict[tuple[bool, ...], list[int]] = {}
        absent = [list(map(operator.is_, column, repeat(_ABSENT))) for column in part]
        for i, pattern in enumerate(zip(*absent, strict=True)):
            lacking.setdefault(pattern, []).append(i)
        for pattern, rows in lacking.items():
            kept = [j for j, gone in enumerate(pattern) if not gone]
            keys = tuple(names[j] for j in kept)
            if not keys:
                for i in rows:
                    made[i] = MappingProxyType({})
                continue
            cells = [[part[j][i] for i in rows] for j in kept]
            for i, row in zip(rows, zip(*cells, strict=True), strict=True):
                made[i] = MappingProxyType(dict(zip(keys, row, strict=True)))
        out.extend(made)
    return out


#: The types of values that are equal only when they are the same value written the same way
#: (unlike ``Decimal('1E+1')`` and ``Decimal('10')``, or ``1`` and ``True``).
_SHAREABLE: Final = frozenset({str, bool, int, dt.date})


def _shared_mappings(
    names: tuple[str, ...], columns: list[list[object]], size: int
) -> list[Mapping[str, object]]:
    """:func:`_mappings`, rows of equal values sharing one mapping (protected attributes:
    a few hundred combinations of gender, religion and region for a million rows). Only for
    columns of one type each among :data:`_SHAREABLE`, so that rows that share a mapping
    held the very same values; else each row has its own."""
    for column in columns:
        kinds = set(map(type, column)) - {_Absent}
        if len(kinds) > 1 or not kinds <= _SHAREABLE:
            return _mappings(names, columns, size)
    if not names:
        return [_NONE] * size
    seen: dict[tuple[object, ...], Mapping[str, object]] = {}
    out: list[Mapping[str, object]] = []
    for row in zip(*columns, strict=True):
        found = seen.get(row)
        if found is None:
            found = MappingProxyType(
                {n: v for n, v in zip(names, row, strict=True) if v is not _ABSENT}
            )
            if len(seen) < _Parser.LIMIT:
                seen[row] = found
        out.append(found)
    return out


def _duplicates(source: _Input, candidate_ids: list[str | None]) -> dict[int, Problem]:
    """``input.duplicate-id`` for every row whose candidate id another row shares, by row,
    compared by :func:`id_key` (``A-001``, ``a-001`` and full-width ``A-001`` are one
    applicant)."""
    keys = [None if cid is None else id_key(cid) for cid in candidate_ids]
    counts = Counter(keys)
    shared = {key for key, count in counts.items() if count > 1 and key is not None}
    if not shared:
        return {}
    lines = source.lines
    copies: dict[str, list[int]] = {}
    spellings: dict[str, set[str]] = {}
    for i, key in enumerate(keys):
        if key in shared:
            copies.setdefault(key, []).append(lines[i])
            spellings.setdefault(key, set()).add(cast("str", candidate_ids[i]))
    column = source.columns.index("candidate_id") + 1 if source.format == "csv" else None
    found = {}
    for i, key in enumerate(keys):
        if key not in shared:
            continue
        cid, line = candidate_ids[i], lines[i]
        written = sorted(spellings[key])
        also = (
            f" (written {', '.join(map(repr, written))}: ids that differ only by case, "
            "invisible or full-width characters are one id)"
            if len(written) > 1
            else ""
        )
        found[i] = Problem(
            "input.duplicate-id",
            f"candidate id {cid!r} is on {len(copies[key])} rows{also}; every copy is invalid",
            path=("candidate_id",),
            file=source.file,
            line=line,
            column=column,
            value=cid,
            related=tuple(f"{source.file or '<input>'}:{n}" for n in copies[key] if n != line),
        )
    return found


def _digests(source: _Input) -> list[str]:
    """Every row's :func:`_digest`: a table of text cells (CSV, a DataFrame) digested from
    its columns, each distinct cell encoded once; other rows one by one."""
    table = source.table
    found = _text_digests(table) if table is not None and table.format == "csv" else None
    if found is not None:
        return found
    return [_digest(source.values(i)) for i in range(len(source))]


def _text_digests(table: Table) -> list[str] | None:
    """:func:`_digest` of every row of a table whose cells are text or empty, written as
    ``orjson`` writes the row's mapping with sorted keys: ``{"key":value,...}``, each
    ``"key":value`` piece encoded once per distinct cell of its column. ``None`` when a cell
    is not text or cannot be encoded (the rows are then digested one by one)."""
    order = sorted(range(len(table.columns)), key=table.columns.__getitem__)
    keys = [orjson.dumps(table.columns[j]) + b":" for j in order]
    keys[0] = b"{" + keys[0]  # the braces as part of the first and the last piece
    ends = [b""] * (len(keys) - 1) + [b"}"]
    caches: list[dict[Cell, bytes]] = [
        {None: key + b"null" + end} for key, end in zip(keys, ends, strict=True)
    ]
    out: list[str] = []
    for start in range(0, len(table), _CHUNK):
        pieces = []
        for j, key, end, cache in zip(order, keys, ends, caches, strict=True):
            chunk = table.cells[j][start : start + _CHUNK]
            for cell in dict.fromkeys(chunk):
                if cell not in cache:
                    if type(cell) is not str:
                        return None
                    try:
                        cache[cell] = key + orjson.dumps(cell) + end
                    except orjson.JSONEncodeError:
                        return None
            pieces.append(list(map(cache.__getitem__, chunk)))
            if len(cache) > _Parser.LIMIT:
                cache.clear()
                cache[None] = key + b"null" + end
        rows = map(b",".join, zip(*pieces, strict=True))
        out.extend(map(_HEX, map(hashlib.sha256, rows)))
    for i in table.keys:  # a row that does not hold every column
        out[i] = _digest(table.values(i))
    return out


#: A SHA-256 hash's hexadecimal digest.
_HEX: Final = operator.methodcaller("hexdigest")


def _digest(values: Mapping[str, object]) -> str:
    """SHA-256 (hex) of the canonical JSON of the raw values, for auditors.

    Rows read from CSV hold only strings and nulls, for which ``orjson`` with sorted keys
    writes exactly the canonical JSON (as the ledger's records are written, and many times
    faster); typed rows from Python go through :func:`canonical_json`.
    """
    if all(v is None or isinstance(v, str) for v in values.values()):
        with suppress(orjson.JSONEncodeError):  # a lone surrogate: only Python rows hold one
            return hashlib.sha256(
                orjson.dumps(dict(values), option=orjson.OPT_SORT_KEYS)
            ).hexdigest()
    return hashlib.sha256(canonical_json({k: _plain(v) for k, v in values.items()})).hexdigest()


def _plain(value: object) -> object:
    if value is None or isinstance(value, str | bool | int | dt.date):
        return value
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) <= 1000:
        return value
    return f"{type(value).__name__}:{value!r}"
