"""Reading a table's rows before typing, whatever the source, and locating values in it.

A source (:data:`Source`) is a file path (CSV, JSON Lines; for formations also YAML), a
:class:`~asn_competency.files.tables.Table` already read, a pandas or polars ``DataFrame``
(read as the CSV it would write: :func:`~asn_competency.files.tables.table_from_frame`), or
an iterable of Python mappings.
Each becomes an :class:`_Input`: its file, format, columns and its rows, held column by
column when they come from a file or a DataFrame (a column's raw cells: :meth:`_Input.raw`),
else one :class:`_Record` per data row (line, raw values, read error, and for YAML the
position of each value); :attr:`_Input.records` gives every source row by row. Here too: the
``input.header`` problems of a CSV header that lacks required columns, and a problem located
at the line and column of a value (:func:`_located`), and the id a row is named by.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path as FsPath
from types import MappingProxyType
from typing import Any

from asn_competency.errors import (
    PolicyError,
    Problem,
    _edit_distance,
    describe_value,
    did_you_mean,
)
from asn_competency.files import read_yaml
from asn_competency.files.tables import (
    DataFrameLike,
    Table,
    is_data_frame,
    is_unicode,
    read_table,
    table_from_frame,
)
from asn_competency.pipeline.inputs._values import _ABSENT, _Fault, id_key

#: Where a table comes from: a file path (CSV, JSON Lines; formations also YAML), a table
#: already read, a pandas or polars DataFrame, or (from Python) an iterable of mappings
#: from column name to value.
Source = str | os.PathLike[str] | Table | DataFrameLike | Iterable[Mapping[str, Any]]


@dataclass(frozen=True)
class _Record:
    """One data row before typing: its line, raw values, read error and value positions."""

    line: int
    values: Mapping[str, object]
    error: Problem | None = None
    spots: Mapping[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class _Input:
    """A table's rows before typing: held column by column when read from a file or a
    DataFrame (``table``), else one :class:`_Record` per row (Python rows, YAML)."""

    file: str | None
    format: str
    columns: tuple[str, ...]
    given: tuple[_Record, ...] | None = None
    header_line: int | None = None
    table: Table | None = None

    @property
    def has_header(self) -> bool:
        """Whether the columns are declared up front (CSV), not gathered from the rows."""
        return self.header_line is not None

    def __len__(self) -> int:
        """The number of data rows."""
        return len(self.table) if self.table is not None else len(self.given or ())

    @cached_property
    def records(self) -> tuple[_Record, ...]:
        """One record per data row, in order."""
        if self.given is not None:
            return self.given
        table = self.table
        if table is None:
            return ()
        errors = table.errors
        return tuple(
            _Record(line, table.values(i), errors.get(i)) for i, line in enumerate(table.lines)
        )

    @property
    def lines(self) -> Sequence[int]:
        """Each data row's line."""
        if self.table is not None:
            return self.table.lines
        return [record.line for record in self.records]

    @property
    def errors(self) -> Mapping[int, Problem]:
        """Why a row could not be read cleanly, by row number (from 0)."""
        if self.table is not None:
            return self.table.errors
        return {i: r.error for i, r in enumerate(self.records) if r.error is not None}

    def empty_rows(self) -> set[int]:
        """The rows that could not be read and hold no value at all."""
        if self.table is not None:
            return {i for i in self.table.errors if not self.table.row_keys(i)}
        return {i for i, r in enumerate(self.records) if r.error is not None and not r.values}

    def raw(self, name: str) -> list[object]:
        """Every row's raw value of column ``name`` (:data:`_ABSENT` where the row does not
        hold it): the table's own list when every row holds it (not to be changed)."""
        table = self.table
        if table is None:
            return [record.values.get(name, _ABSENT) for record in self.records]
        if name not in table.columns:
            return [_ABSENT] * len(table)
        column = table.column(name)
        lacking = [index for index, held in table.keys.items() if name not in held]
        if not lacking and type(column) is list:
            return column
        cells: list[object] = list(column)
        for index in lacking:
            cells[index] = _ABSENT
        return cells

    def values(self, index: int) -> Mapping[str, object]:
        """Row ``index``'s raw values by column."""
        if self.table is not None:
            return self.table.values(index)
        return self.records[index].values

    def where_row(self, index: int, name: str | None) -> tuple[int, int | None]:
        """The line and column of ``name`` in row ``index``."""
        if self.table is not None:
            return self.where_at(self.table.lines[index], name)
        return self.where(self.records[index], name)

    def where(self, record: _Record, name: str | None) -> tuple[int, int | None]:
        """The line and column of ``name`` in ``record`` (the record's line when unknown)."""
        if name is not None and name in record.spots:
            return record.spots[name]
        return self.where_at(record.line, name)

    def where_at(self, line: int, name: str | None) -> tuple[int, int | None]:
        """The line and column of ``name`` in the row on ``line`` of a table (not YAML)."""
        if name is not None and self.format == "csv" and name in self.columns:
            return line, self.columns.index(name) + 1
        return line, None


def _load(source: Source, *, yaml: bool = False) -> _Input:
    if isinstance(source, Table):
        return _from_table(source)
    if is_data_frame(source):
        return _from_table(table_from_frame(source))
    if isinstance(source, str | os.PathLike):
        path = FsPath(source)
        if yaml and path.suffix.lower() in (".yaml", ".yml"):
            return _from_yaml(path)
        return _from_table(read_table(path))
    if isinstance(source, Mapping | bytes):
        raise TypeError("pass a path, a DataFrame, or an iterable of mappings (one per row)")
    return _from_python(source)  # type: ignore[arg-type]


def _from_table(table: Table) -> _Input:
    return _Input(table.file, table.format, table.columns, None, table.header_line, table)


def _from_python(rows: Iterable[object]) -> _Input:
    columns: dict[str, None] = {}
    records = []
    for number, item in enumerate(rows, start=1):
        error: Problem | None = None
        if not isinstance(item, Mapping):
            error = Problem(
                "input.syntax",
                f"row {number} is {describe_value(item)}, not a mapping of column to value",
                line=number,
            )
            records.append(_Record(number, {}, error))
            continue
        values = {key: value for key, value in item.items() if isinstance(key, str)}
        others = [key for key in item if not isinstance(key, str)]
        if others:
            error = Problem(
                "input.syntax",
                f"row {number} has column names that are not strings: "
                + ", ".join(repr(key) for key in others[:5]),
                line=number,
            )
        broken = [
            key for key, value in values.items() if not is_unicode(key) or not is_unicode(value)
        ]
        if broken:  # kept out of the row: no record, digest or results file could hold it
            for key in broken:
                del values[key]
            name = broken[0] if is_unicode(broken[0]) else ascii(broken[0])
            error = error or Problem(
                "input.syntax",
                f"row {number}'s {name!r} holds text with a lone surrogate "
                f"({ascii(item[broken[0]]) if is_unicode(broken[0]) else 'in its name'}): "
                "not Unicode text",
                path=(name,),
                line=number,
                hint="the text was decoded wrongly where it came from (half a UTF-16 pair)",
            )
        columns.update(dict.fromkeys(values))
        records.append(_Record(number, MappingProxyType(values), error))
    return _Input(None, "python", tuple(columns), tuple(records))


def _from_yaml(path: FsPath) -> _Input:
    """Formations from YAML: a list of mappings, or a mapping whose ``formations`` is one."""
    doc = read_yaml(path, list_key="formations")

    def spot(where: tuple[str | int, ...]) -> tuple[int, int]:
        return doc.source.position(where) or (1, 1)

    data = doc.data
    extra = sorted(key for key in data if key != "formations")
    items = data.get("formations")
    if extra or not isinstance(items, list):
        what = f"has the key(s) {', '.join(map(repr, extra))}" if extra else "has no list"
        raise PolicyError(
            [
                doc.locate(
                    Problem(
                        "input.syntax",
                        f"a formations file is a list of formations, or a mapping whose only "
                        f"key 'formations' holds that list; this one {what}",
                        path=(extra[0],) if extra else ("formations",),
                    )
                )
            ]
        )
    columns: dict[str, None] = {}
    records = []
    for index, item in enumerate(items):
        where = ("formations", index)
        line = spot(where)[0]
        if not isinstance(item, dict):
            broken = Problem(
                "input.syntax",
                f"formation {index + 1} is {describe_value(item)}, not a mapping",
                file=doc.file,
                line=line,
                column=spot(where)[1],
            )
            records.append(_Record(line, {}, broken))
            continue
        nested = [key for key, value in item.items() if isinstance(value, dict | list)]
        values = {key: value for key, value in item.items() if key not in nested}
        columns.update(dict.fromkeys(item))
        error: Problem | None = None
        if nested:
            error = Problem(
                "input.syntax",
                f"{', '.join(map(repr, nested))} must hold a single value, not a list or a mapping",
                file=doc.file,
                line=spot((*where, nested[0]))[0],
                column=spot((*where, nested[0]))[1],
            )
        spots = {key: spot((*where, key)) for key in item}
        records.append(_Record(line, MappingProxyType(values), error, MappingProxyType(spots)))
    return _Input(doc.file, "yaml", tuple(columns), tuple(records))


def _header_problems(
    source: _Input,
    required: Iterable[tuple[str, str]],
    *,
    what: str,
    optional: Iterable[str] = (),
) -> list[Problem]:
    """``input.header`` for each required column a CSV header lacks (``required``: name and
    why it is needed), and for each column, in any format, that is a near miss of a declared
    one (``required`` or ``optional``): the same name but for case, invisible characters or
    full-width forms, or (for a declared name the table lacks) one or two typing slips.
    Such a column would be ignored and its values count as missing; unrelated columns are
    left alone (the caller lists them as ignored)."""
    needed = dict(required)
    misses = _near_misses(source, [*needed, *optional], what=what)
    meant = {str(p.value) for p in misses}
    if not source.has_header:
        return misses  # JSON Lines, YAML and Python rows: a missing key is reported per row
    present = source.columns
    listed = ", ".join(present) if present else "none"
    missing = [
        Problem(
            "input.header",
            f"the {what} table has no column {name!r} ({why}); its columns are: {listed}",
            path=(name,),
            file=source.file,
            line=source.header_line,
            value=name,
            hint=did_you_mean(name, present),
        )
        for name, why in needed.items()
        if name not in present and name not in meant
    ]
    return [*missing, *misses]


def _near_misses(source: _Input, declared: Iterable[str], *, what: str) -> list[Problem]:
    names = list(dict.fromkeys(declared))
    absent = [name for name in names if name not in source.columns]
    problems = []
    for column in source.columns:
        if column in names:
            continue
        key = id_key(column)
        same = [name for name in names if id_key(name) == key]
        close = [name for name in absent if _slips(key, id_key(name))]
        if not same and not close:
            continue
        target = (same or close)[0]
        how = (
            "differs from it only by case, invisible or full-width characters"
            if same
            else "is not a column of the policy"
        )
        line, position = _first_use(source, column)
        problems.append(
            Problem(
                "input.header",
                f"the {what} table's column {column!r} {how}; did you mean {target!r}? "
                f"Its values would be ignored and {target!r} count as missing",
                path=(target,),
                file=source.file,
                line=line,
                column=position,
                value=target,
                hint=f"name the column exactly {target!r}",
            )
        )
    return problems


def _slips(written: str, name: str) -> bool:
    """Whether ``written`` is ``name`` with a typing slip: one edit (two for names of more
    than six characters); names of fewer than four characters are left alone."""
    if len(name) < 4:
        return False
    edits = 1 if len(name) <= 6 else 2
    if abs(len(written) - len(name)) > edits:  # more letters apart than edits allowed
        return False
    return _edit_distance(written, name) <= edits


def _first_use(source: _Input, column: str) -> tuple[int | None, int | None]:
    """Where a column is named: its header cell, or the first row that has the key."""
    if source.has_header:
        return source.header_line, source.columns.index(column) + 1
    for record in source.records:
        if column in record.values:
            return source.where(record, column)
    return None, None


def _located(source: _Input, record: _Record, name: str, fault: _Fault, raw: object) -> Problem:
    return _located_at(source, source.where(record, name), name, fault, raw)


def _located_at(
    source: _Input, where: tuple[int, int | None], name: str, fault: _Fault, raw: object
) -> Problem:
    """A fault of the value ``raw`` of column ``name``, at ``where`` (line and column)."""
    line, column = where
    return Problem(
        fault.code,
        fault.message,
        path=(name,),
        file=source.file,
        line=line,
        column=column,
        value=None if raw is _ABSENT else raw,
        hint=fault.hint,
    )


def _best_id(value: object, raw: object) -> str | None:
    """The id to name a row by: the parsed one, else the raw text or number as written."""
    if isinstance(value, str):
        return value
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
        return str(raw)
    return None
