"""Raw input tables (CSV and JSON Lines): untyped cells, each row with its physical line.

Layer ``files``: knows nothing of candidates, formations or field types; the pipeline types
the cells against a policy. A :class:`Table` holds its cells column by column (one list per
column, equal cells of a column of few distinct values as one string), which is what the
pipeline types, a column at a time; :attr:`Table.rows` gives the same cells row by row.

- ``.csv``: UTF-8 with or without a byte-order mark, CRLF or LF line ends, comma-separated,
  read by Python's :mod:`csv` module with strict quoting. The first non-blank line is the
  header (``Table.header_line``, usually 1); header names are stripped of surrounding space
  and must be distinct and non-empty. Cells are strings; an empty cell is ``None``. Blank
  lines are skipped.
- a pandas or polars ``DataFrame`` (:func:`table_from_frame`): read as the CSV it would
  write, each value as the text of its cell.
- ``.jsonl`` / ``.ndjson``: one JSON object per line; blank lines are skipped. Numbers are read
  exactly (``int``, or :class:`~decimal.Decimal` for any number with a point or exponent);
  ``NaN`` and ``Infinity`` are refused, and so is a number with more than 40 digits before
  or after its point (``1e999999999``; :mod:`~asn_competency.files.numbers`). The columns
  are the union of the objects' keys in first-seen order.

Nothing is dropped. A line that cannot be read (bad CSV quoting, invalid JSON, a value count
that does not match the header, a nested value) is kept as a :class:`Row` whose ``error``
says why, with whatever values could still be salvaged, and its problem is listed in
``Table.problems``; so a caller can give every physical row its own outcome. After a CSV
quoting error, reading resumes on the line after the start of the broken record, so a stray
quote cannot swallow the rows that follow it. Only problems that make the whole file
unreadable (no such file, not a regular file, over :data:`TABLE_MAX_BYTES`, not UTF-8, no
header, a repeated column name) raise :class:`~asn_competency.errors.PolicyError`.
"""

from __future__ import annotations

import array
import csv
import datetime as dt
import io
import json
import math
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path as FsPath
from types import MappingProxyType
from typing import Any, Literal, Protocol

from asn_competency.errors import PolicyError, Problem, did_you_mean
from asn_competency.files.numbers import number_problem
from asn_competency.files.reading import read_regular
from asn_competency.files.safe_yaml import decode_text

__all__ = [
    "FORMATS",
    "FRAME_FILE",
    "TABLE_MAX_BYTES",
    "Cell",
    "DataFrameLike",
    "Row",
    "Table",
    "TableFormat",
    "is_data_frame",
    "is_unicode",
    "read_table",
    "read_table_text",
    "table_from_frame",
]

#: The most bytes an input table may have: 512 MiB, a few million rows of candidates.
TABLE_MAX_BYTES = 512 * 1024 * 1024

#: One raw cell: CSV gives strings (``None`` when empty); JSON Lines gives parsed scalars.
Cell = str | int | Decimal | bool | None

#: The table formats, by name.
TableFormat = Literal["csv", "jsonl"]

#: File name endings (lower case) and the format each one is read as.
FORMATS: Mapping[str, TableFormat] = MappingProxyType(
    {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
)

_QUOTING_HINT = (
    "a value holding a comma, a quote or a line break must be in double quotes, with each quote "
    'inside it doubled ("")'
)


@dataclass(frozen=True)
class Row:
    """One data row: its 1-based physical line, its cells by column name, and why it could
    not be read cleanly (``error``, ``None`` for a clean row).

    For a CSV record that spans several lines (a quoted line break) ``line`` is the line it
    starts on. A row with an ``error`` holds the values that could be salvaged, possibly none.
    """

    line: int
    values: Mapping[str, Cell]
    error: Problem | None = None


@dataclass(frozen=True)
class Table:
    """A table as read, held column by column: its columns in order, and for every data row
    (in file order, numbered from 0) its line and one cell per column.

    ``cells[j][i]`` is row ``i``'s cell of column ``j`` (``None`` when empty). Most rows hold
    every column; ``keys`` lists, for a row that does not (a short or broken CSV record, a
    JSON object without some keys or with them in another order), the columns it holds, in
    its order: its other cells are ``None`` and are not the row's. ``errors`` says why a row
    could not be read cleanly, by row number. A column of few distinct values (levels,
    codes, scores) holds each value as one string object, however many rows repeat it.

    :attr:`rows` gives the same rows one :class:`Row` each (built when first asked for)."""

    file: str | None
    format: TableFormat
    columns: tuple[str, ...]
    lines: Sequence[int]
    cells: tuple[Sequence[Cell], ...]
    errors: Mapping[int, Problem] = field(default_factory=dict)
    keys: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    header_line: int | None = None
    _index: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_index", MappingProxyType({c: i + 1 for i, c in enumerate(self.columns)})
        )

    def __len__(self) -> int:
        """The number of data rows."""
        return len(self.lines)

    def column_number(self, name: str) -> int | None:
        """The 1-based position of a CSV column; ``None`` for JSON Lines or an absent one."""
        if self.format != "csv":
            return None
        return self._index.get(name)

    def column(self, name: str) -> Sequence[Cell]:
        """Every row's cell of column ``name`` (``None`` when empty, or when the row does not
        hold the column: see :meth:`row_keys`)."""
        return self.cells[self._index[name] - 1]

    def row_keys(self, index: int) -> tuple[str, ...]:
        """The columns row ``index`` holds, in its order."""
        return self.keys.get(index, self.columns)

    def values(self, index: int) -> Mapping[str, Cell]:
        """Row ``index``'s cells by column name, as :attr:`Row.values` holds them."""
        position, cells = self._index, self.cells
        return MappingProxyType(
            {name: cells[position[name] - 1][index] for name in self.row_keys(index)}
        )

    @cached_property
    def problems(self) -> tuple[Problem, ...]:
        """The rows' syntax problems, in row order (the same objects as the rows' ``error``)."""
        return tuple(self.errors[i] for i in sorted(self.errors))

    @cached_property
    def rows(self) -> tuple[Row, ...]:
        """Every data row in file order, one :class:`Row` each."""
        errors = self.errors
        return tuple(Row(line, self.values(i), errors.get(i)) for i, line in enumerate(self.lines))


def read_table(path: str | FsPath, *, max_bytes: int = TABLE_MAX_BYTES) -> Table:
    """Read a CSV or JSON Lines table from a file; the format comes from the file's ending.

    Only a regular file is read (``file.not-regular`` for a device or a FIFO), and at most
    ``max_bytes`` of it, counted while reading (``file.too-large``)."""
    path = FsPath(path)
    file = str(path)
    table_format = FORMATS.get(path.suffix.lower())
    if table_format is None:
        raise PolicyError(
            [
                Problem(
                    "file.unreadable",
                    f"cannot read a {path.suffix or 'file without an ending'!s} as a table; "
                    f"tables are {', '.join(FORMATS)} files",
                    file=file,
                    value=path.suffix,
                    hint="save the table as CSV (UTF-8) or JSON Lines",
                )
            ]
        )
    text = decode_text(read_regular(path, max_bytes=max_bytes), file)  # the bytes let go
    return read_table_text(text, file=file, format=table_format)


def read_table_text(
    text: str,
    *,
    file: str | None = None,
    format: TableFormat,  # noqa: A002 - the natural name, and keyword-only
) -> Table:
    """Read a table from text (a leading byte-order mark is ignored). A ``format`` other than
    ``csv`` or ``jsonl`` is :class:`~asn_competency.errors.PolicyError` ``file.unreadable``, as
    a file of another ending is for :func:`read_table`."""
    text = text.removeprefix("\ufeff")
    if format == "csv":
        return _CsvReader(text, file).read()
    if format == "jsonl":
        return _read_jsonl(text, file)
    raise PolicyError(
        [
            Problem(
                "file.unreadable",
                f"cannot read a table of format {format!r}: tables are csv or jsonl",
                file=file,
                value=format,
                hint=did_you_mean(str(format), ("csv", "jsonl")) or "pass format='csv' or 'jsonl'",
            )
        ]
    )


# --- CSV ----------------------------------------------------------------------------------


#: Records gathered before they are turned into columns: a bounded part of the table is
#: ever held as one list per row.
_CHUNK = 4096

#: A column stops sharing equal cells as one string after this many distinct ones (ids and
#: names are mostly distinct: sharing would only cost the lookup).
_SHARED_LIMIT = 1 << 14


#: Characters of text split into lines at a time.
_PIECE = 1 << 20


def _lines(text: str, piece: int = _PIECE) -> Iterator[str]:
    """The lines of ``text`` as ``io.StringIO(text, newline="")`` gives them (each ending
    after a line feed, a carriage return and line feed, or a lone carriage return), split
    ``piece`` characters or so at a time: a ``StringIO`` holds four bytes a character, and a
    list of every line some fifty bytes a line more than the text. Each piece ends just
    after a line feed, where a line always ends."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + piece) + 1 or len(text)
        yield from io.StringIO(text[start:end], newline="")
        start = end


class _CsvReader:
    """Strict CSV reading that recovers from a broken record on the line after its start.

    Records are gathered a few thousand at a time and turned into columns (an empty cell
    becomes ``None``; equal cells of a column of few distinct values become one string)."""

    def __init__(self, text: str, file: str | None) -> None:
        self.file = file
        self.text = text
        self.columns: tuple[str, ...] | None = None
        self.header_line: int | None = None
        self.data_lines = array.array("q")
        self.cells: list[list[Cell]] = []
        self.shared: list[dict[str, Cell] | None] = []
        self.pending: list[list[str]] = []
        self.errors: dict[int, Problem] = {}
        self.keys: dict[int, tuple[str, ...]] = {}
        #: The cell count of a row that needs no other check (none until the header is read).
        self.width = -1

    @cached_property
    def lines(self) -> list[str]:
        """The text's lines, as the reader reads them: split only when a record is broken
        or a short record may be a blank line (the usual file is read without them)."""
        return io.StringIO(self.text, newline="").readlines()

    def _from(self, start: int) -> Iterator[str]:
        if start == 0:
            return _lines(self.text)
        return (self.lines[i] for i in range(start, len(self.lines)))

    def read(self) -> Table:
        start = 0  # 0-based index of the line the reader starts on
        while start == 0 or start < len(self.lines):
            reader = csv.reader(self._from(start), strict=True)
            done = 0  # lines the reader had consumed before the current record
            try:
                for record in reader:
                    if len(record) == self.width:  # the usual row: clean, of two cells or more
                        self._clean(record, start + done + 1)
                    else:
                        self._record(record, start + done + 1, start + reader.line_num)
                    done = reader.line_num
                break
            except csv.Error as exc:
                first = start + done + 1
                self._broken(first, start + reader.line_num, str(exc))
                start = first  # resume on the line after the broken record's first line
        if self.columns is None:
            raise PolicyError(
                [
                    Problem(
                        "input.header",
                        "the file is empty: a CSV table starts with a header line naming "
                        "its columns",
                        file=self.file,
                        line=1,
                        column=1,
                    )
                ]
            )
        self._flush()
        return Table(
            self.file,
            "csv",
            self.columns,
            self.data_lines,
            tuple(self.cells),
            self.errors,
            self.keys,
            self.header_line,
        )

    def _record(self, record: list[str], line: int, last: int) -> None:
        # A record of two cells or more has a comma: only a shorter one can be a blank line.
        if len(record) < 2 and not "".join(self.lines[line - 1 : last]).strip():
            return  # a blank line (only white space)
        if self.columns is None:
            self._header(record, line)
            return
        width = len(self.columns)
        if len(record) != width:
            self._add(
                record,
                line,
                Problem(
                    "input.syntax",
                    f"the row has {len(record)} value(s) but the header names {width} "
                    "column(s)" + (f" (the row ends on line {last})" if last != line else ""),
                    file=self.file,
                    line=line,
                    column=min(len(record), width) + 1,
                    hint=_QUOTING_HINT if len(record) > width else "fill in every column",
                ),
            )
            return
        self._clean(record, line)

    def _clean(self, record: list[str], line: int) -> None:
        """A row read cleanly, one cell per column."""
        self.data_lines.append(line)
        self.pending.append(record)
        if len(self.pending) >= _CHUNK:
            self._flush()

    def _add(self, record: list[str], line: int, error: Problem) -> None:
        """A row that could not be read cleanly: the cells it holds, and why."""
        columns = self.columns or ()
        index = len(self.data_lines)
        self.data_lines.append(line)
        self.errors[index] = error
        if len(record) < len(columns):
            self.keys[index] = columns[: len(record)]
            record = record + [""] * (len(columns) - len(record))
        self.pending.append(record[: len(columns)])

    def _flush(self) -> None:
        """The records gathered so far, added to the columns."""
        if not self.cells:
            self.cells = [[] for _ in self.columns or ()]
            self.shared = [{"": None} for _ in self.columns or ()]
        if not self.pending:
            return
        for number, cells in enumerate(zip(*self.pending, strict=True)):
            shared = self.shared[number]
            if shared is None:
                self.cells[number].extend([cell or None for cell in cells])
                continue
            # each cell as the first equal one the column held ("": None)
            self.cells[number].extend(map(shared.setdefault, cells, cells))
            if len(shared) > _SHARED_LIMIT:
                self.shared[number] = None
        self.pending.clear()

    def _header(self, record: list[str], line: int) -> None:
        names = [name.strip() for name in record]
        problems = []
        if len(names) == 1 and any(sep in names[0] for sep in ";\t|"):
            sep = next(sep for sep in ";\t|" if sep in names[0])
            problems.append(
                Problem(
                    "input.header",
                    f"the header has a single column {names[0]!r}: the file seems to separate "
                    f"its columns with {sep!r}, not with commas",
                    file=self.file,
                    line=line,
                    column=1,
                    hint="save the table as CSV with commas (UTF-8)",
                )
            )
        seen: dict[str, int] = {}
        for number, name in enumerate(names, start=1):
            if not is_unicode(name):  # only a DataFrame's label can hold one
                problems.append(
                    Problem(
                        "input.header",
                        f"column {number}'s name {name!a} holds a lone surrogate: not Unicode text",
                        file=self.file,
                        line=line,
                        column=number,
                        hint="the text was decoded wrongly where it came from (half a UTF-16 pair)",
                    )
                )
            elif not name:
                problems.append(
                    Problem(
                        "input.header",
                        f"column {number} of the header has no name",
                        file=self.file,
                        line=line,
                        column=number,
                        hint="name every column, or delete the empty one",
                    )
                )
            elif name in seen:
                problems.append(
                    Problem(
                        "input.header",
                        f"the header names the column {name!r} twice (columns {seen[name]} "
                        f"and {number})",
                        file=self.file,
                        line=line,
                        column=number,
                        value=name,
                        hint="rename or delete one of the two columns",
                    )
                )
            seen.setdefault(name, number)
        if problems:
            raise PolicyError(problems)
        self.columns = tuple(names)
        self.header_line = line
        self.width = len(names) if len(names) >= 2 else -1  # one cell may be a blank line

    def _broken(self, line: int, last: int, reason: str) -> None:
        where = f"line {last}" if last == line else f"lines {line} to {last}"
        problem = Problem(
            "input.syntax",
            f"the CSV record starting on line {line} cannot be read ({where}): {reason}",
            file=self.file,
            line=line,
            hint=_QUOTING_HINT,
        )
        if self.columns is None:
            raise PolicyError([problem])
        # Salvage what the first line holds, leniently, so the row can still be named.
        try:
            cells = next(csv.reader([self.lines[line - 1]], strict=False), [])
        except csv.Error:
            cells = []
        self._add([cell.rstrip("\r\n") for cell in cells], line, problem)


# --- JSON Lines ---------------------------------------------------------------------------


class _LineError(ValueError):
    """A JSON line that parsed but is not a flat object."""


def _no_constant(name: str) -> Any:
    raise _LineError(f"{name} is not a number here: write a finite number")


def _bounded_decimal(text: str) -> Decimal:
    value = Decimal(text)
    too_large = number_problem(value)
    if too_large is not None:
        raise _LineError(too_large)
    return value


def _bounded_int(text: str) -> int:
    too_large = number_problem(text)
    if too_large is not None:
        raise _LineError(too_large)
    return int(text)


class _Objects:
    """An ``object_pairs_hook`` that keeps the first of two equal keys and remembers them."""

    def __init__(self) -> None:
        self.repeated: list[str] = []

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                self.repeated.append(key)
            else:
                out[key] = value
        return out


def _read_jsonl(text: str, file: str | None) -> Table:
    columns: dict[str, None] = {}
    rows: list[Row] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue
        values: dict[str, Cell] = {}
        error = None
        objects = _Objects()
        try:
            data = json.loads(
                line,
                parse_float=_bounded_decimal,
                parse_int=_bounded_int,
                parse_constant=_no_constant,
                object_pairs_hook=objects,
            )
        except json.JSONDecodeError as exc:
            error = _json_problem(f"the line is not valid JSON: {exc.msg}", file, number, exc.colno)
        except _LineError as exc:
            error = _json_problem(str(exc), file, number, None)
        except (ValueError, RecursionError):  # an integer too long, or nesting too deep
            error = _json_problem(
                "the line holds a number too long or nesting too deep to read", file, number, None
            )
        else:
            if not isinstance(data, dict):
                kind = (
                    "a list"
                    if isinstance(data, list)
                    else "a string"
                    if isinstance(data, str)
                    else "a single value"
                )
                error = _json_problem(
                    f"each line must hold one JSON object ({{...}}); this one holds {kind}",
                    file,
                    number,
                    1,
                )
            elif "\\u" in line and not all(
                is_unicode(text) for item in data.items() for text in item
            ):  # a \uD800-\uDFFF escape that is not half of a pair
                error = _json_problem(
                    "the line holds text with a lone surrogate (a \\uD800-\\uDFFF escape that "
                    "is not half of a pair): not Unicode text",
                    file,
                    number,
                    None,
                )
            else:
                nested = []
                for key, value in data.items():
                    columns.setdefault(key, None)
                    if isinstance(value, dict | list):
                        nested.append(key)
                    else:
                        values[key] = value
                if objects.repeated:
                    error = _json_problem(
                        f"the object names {', '.join(map(repr, objects.repeated))} twice "
                        "(the first value is kept)",
                        file,
                        number,
                        None,
                    )
                elif nested:
                    error = _json_problem(
                        f"{', '.join(map(repr, nested))} must hold a single value (a string, "
                        "a number, true/false or null), not a list or an object",
                        file,
                        number,
                        None,
                    )
        rows.append(Row(number, values, error))
    return _by_columns(file, "jsonl", tuple(columns), rows)


def _by_columns(
    file: str | None, table_format: TableFormat, columns: tuple[str, ...], rows: list[Row]
) -> Table:
    """The table of ``rows`` (each holding some of ``columns``), held column by column."""
    keys = {}
    for index, row in enumerate(rows):
        held = tuple(row.values)
        if held != columns:
            keys[index] = held
    cells = tuple([row.values.get(name) for row in rows] for name in columns)
    errors = {index: row.error for index, row in enumerate(rows) if row.error is not None}
    lines = array.array("q", [row.line for row in rows])
    return Table(file, table_format, columns, lines, cells, errors, keys)


def _json_problem(message: str, file: str | None, line: int, column: int | None) -> Problem:
    return Problem(
        "input.syntax",
        message,
        file=file,
        line=line,
        column=column,
        hint='write one JSON object per line, e.g. {"id": "A1", "score": 166}',
    )


# --- DataFrames ---------------------------------------------------------------------------


class DataFrameLike(Protocol):
    """A pandas or polars ``DataFrame`` (typed by what is read of it: its column labels).

    Neither library is imported here: a frame is recognised by its class, from the module
    that the caller already imported (:func:`is_data_frame`)."""

    @property
    def columns(self) -> Any:
        """The frame's column labels, in order."""


#: The name a table read from a DataFrame gives as its file in problems' locations.
FRAME_FILE = "<DataFrame>"

#: The text of a list cell's items in CSV (the pipeline's list separator).
_LIST_SEPARATOR = ";"


def is_data_frame(value: object) -> bool:
    """Whether ``value`` is a pandas or a polars ``DataFrame``; neither library is imported
    (a frame can only exist once its library is)."""
    for module in ("pandas", "polars"):
        library = sys.modules.get(module)
        frame_type = getattr(library, "DataFrame", None) if library is not None else None
        if isinstance(frame_type, type) and isinstance(value, frame_type):
            return True
    return False


def table_from_frame(frame: Any, *, file: str = FRAME_FILE) -> Table:
    """A pandas or polars ``DataFrame`` as the :class:`Table` its CSV would read as (what
    ``frame.to_csv(index=False)`` writes, then :func:`read_table`): header on line 1, the
    frame's row ``i`` (from 0) on line ``i + 2``, and each cell as the CSV text of its value,
    so that the pipeline types it exactly as it types the CSV file.

    - missing (``None``, ``NaN``, ``NaT``, ``pd.NA``) or an empty string: an empty cell;
    - a string: itself; a boolean: ``true``/``false``; an integer (numpy's too): its digits;
    - a float: its digits when it is whole (``80.0`` → ``80``: pandas keeps an integer
      column with a gap as floats), else its shortest round-trip text (``72.5``,
      ``0.30000000000000004``), which the decimal rules then accept or refuse as they would
      in the CSV file (places, bounds); never a binary fraction taken for a decimal;
    - a :class:`~decimal.Decimal`: its text; a date, or a timestamp at midnight without a
      time zone: ``YYYY-MM-DD``; another timestamp: its ISO text (not a date);
    - a list of strings (a polars list column): the items joined by ``;``, as a CSV cell
      of a list field holds them;
    - anything else makes the row unreadable (``input.syntax``), as a nested JSON value does.

    The column labels become text, stripped; an empty or a repeated label is a
    :class:`~asn_competency.errors.PolicyError` (``input.header``) as in a CSV header."""
    labels = [str(label) for label in frame.columns]
    header = _CsvReader("", file)
    header._header(labels, 1)
    names = header.columns or ()
    cells: list[list[Cell]] = []
    errors: dict[int, Problem] = {}
    for number, name in enumerate(names, start=1):
        column: list[Cell] = []
        for position, raw in enumerate(_frame_column(frame, number - 1)):
            cell, wrong = _frame_cell(raw)
            column.append(cell)
            if wrong is not None and position not in errors:  # the row's first such column
                errors[position] = Problem(
                    "input.syntax",
                    f"the row's {name!r} holds {wrong}",
                    path=(name,),
                    file=file,
                    line=position + 2,
                    column=number,
                )
        cells.append(column)
    lines = array.array("q", range(2, len(cells[0]) + 2 if cells else 2))
    return Table(file, "csv", tuple(names), lines, tuple(cells), errors, {}, 1)


def _frame_column(frame: Any, index: int) -> list[Any]:
    """The values of the frame's column at ``index`` as Python objects (by position: two
    columns may share a label until the header check refuses them)."""
    if hasattr(frame, "iloc"):  # pandas
        values: list[Any] = frame.iloc[:, index].tolist()
        return values
    return list(frame.to_series(index).to_list())  # polars


def _frame_cell(raw: Any) -> tuple[Cell, str | None]:
    """A frame's value as the text of its CSV cell, or what it is when it has none."""
    kind = type(raw)  # the usual types first, by identity: a frame has many cells
    if kind is str:
        return _frame_text(raw)
    if kind is float:
        if math.isnan(raw):
            return None, None
        return (str(int(raw)) if raw.is_integer() else repr(raw)), None
    if kind is int:
        return str(raw), None
    if raw is None:
        return None, None
    if isinstance(raw, str):
        return _frame_text(raw)
    if type(raw).__module__.startswith("numpy") and hasattr(raw, "item"):
        raw = raw.item()  # a numpy scalar in an object column: its Python value
    if isinstance(raw, bool):
        return ("true" if raw else "false"), None
    if isinstance(raw, int):
        return str(raw), None
    if isinstance(raw, float):
        if math.isnan(raw):
            return None, None
        if raw.is_integer():
            return str(int(raw)), None
        return repr(raw), None
    if isinstance(raw, Decimal):
        return (None if raw.is_nan() else str(raw)), None
    if type(raw).__name__ in ("NAType", "NaTType"):  # pandas' missing value and time
        return None, None
    if isinstance(raw, dt.datetime):
        midnight = raw.tzinfo is None and raw.time() == dt.time()
        return (raw.date().isoformat() if midnight else raw.isoformat()), None
    if isinstance(raw, dt.date):
        return raw.isoformat(), None
    if isinstance(raw, list | tuple) and all(isinstance(item, str) for item in raw):
        return _LIST_SEPARATOR.join(raw) or None, None
    return None, (
        f"a {type(raw).__name__}, not a single value (a string, a number, a date, true/false "
        "or a missing value)"
    )


def _frame_text(raw: str) -> tuple[Cell, str | None]:
    """A frame's text as its CSV cell, unless it holds a lone surrogate (no CSV file could)."""
    if is_unicode(raw):
        return (raw or None), None
    return None, f"text with a lone surrogate ({raw!a}): not Unicode text"


def is_unicode(value: object) -> bool:
    """Whether ``value`` is not a string holding a lone surrogate (half a UTF-16 pair, which
    no UTF-8 file, record or digest can hold); anything that is not a string is."""
    if not isinstance(value, str) or value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
