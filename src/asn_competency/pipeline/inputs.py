"""Input tables typed against a policy: candidates, formations and ratings.

Every value is parsed by its declaration (:mod:`asn_competency.model.fields`) with one set of
rules, whether it comes from CSV text, JSON Lines, YAML or Python:

- surrounding white space is ignored; a value that is empty (or only white space) is
  *missing*: an error for a required field, else the field's ``default`` when it declares
  one, else absent (the rules see it as unknown);
- ``integer``: an optional sign and digits only (not ``1.0``, ``1e3`` or ``1 000``);
- ``decimal``: plain decimal notation (``3.25``, ``-0.5``); a comma is not a decimal
  separator; at most ``places`` decimal places (trailing zeros do not count), and the value is
  kept without trailing zeros (``3.50`` becomes ``3.5``);
- ``date``: ISO ``YYYY-MM-DD`` only;
- ``boolean``: ``true``/``false``, ``1``/``0`` or ``ya``/``tidak`` (any case);
- ``enum``: exactly one of the codes (case matters);
- ``string``: any text; ``pattern`` must match the whole value;
- bounds are inclusive. From JSON, YAML or Python a typed value is accepted where it fits
  (an ``int`` or an integral ``Decimal`` without exponent for an integer, ``int`` or
  ``Decimal`` for a decimal, :class:`datetime.date` for a date, ``bool`` for a boolean);
  binary floating point is refused, and a number is never taken as text (a number loses
  leading zeros: quote it).

Nothing is lost: :func:`read_candidates` gives exactly one :class:`CandidateRow` per data row,
in file order, including rows that could not be read. A row's ``problems`` are what make it
``invalid_input``; problems with protected attributes are kept apart (``protected_problems``,
warnings) because no decision may depend on them. What is parsed from a row depends on that
row alone (and, for ``input.duplicate-id``, on which other rows share its id), never on the
order of rows or columns.

Formation problems and rating problems are reported in their tables (``problems``); the
caller decides whether they stop the run (:meth:`FormationTable.raise_for_problems`). A table
that cannot be read at all, or a CSV header that lacks a required column, raises
:class:`~asn_competency.errors.PolicyError` (``input.header``); JSON Lines, YAML and Python
rows have no header, so there a missing key is a problem of the row (``input.missing``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path as FsPath
from types import MappingProxyType
from typing import Any, Final, NamedTuple

from asn_competency.errors import PolicyError, Problem, describe_value, did_you_mean
from asn_competency.files import canonical_json, read_yaml
from asn_competency.files.canonical import format_decimal
from asn_competency.files.tables import Table, read_table
from asn_competency.model import (
    BooleanField,
    DateField,
    DecimalField,
    EnumField,
    IntegerField,
    SelectionPolicy,
    StringField,
)

__all__ = [
    "RATING_COLUMNS",
    "CandidateRow",
    "CandidateTable",
    "Formation",
    "FormationTable",
    "Rating",
    "RatingTable",
    "Source",
    "read_candidates",
    "read_formations",
    "read_ratings",
]

#: Where a table comes from: a file path (CSV, JSON Lines; formations also YAML), a table
#: already read, or (from Python) an iterable of mappings from column name to value.
Source = str | os.PathLike[str] | Table | Iterable[Mapping[str, Any]]

Decl = IntegerField | DecimalField | StringField | EnumField | DateField | BooleanField

#: The columns of a ratings table, exactly.
RATING_COLUMNS: Final = ("candidate_id", "stage_id", "rater_id", "criterion_id", "score")

_ID_COLUMNS: Final = ("candidate_id", "formation_id")
_TEXT = StringField(type="string")
_OPTIONAL_TEXT = StringField(type="string", required=False)
_QUOTA = IntegerField(type="integer", minimum=0)
_SCORE = DecimalField(type="decimal")
_FORMATION_TEXT: Final = ("position", "education_level", "agency", "location")
_FORMATION_STANDARD: Final = ("formation_id", "quota", "track", *_FORMATION_TEXT)

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_COMMA_DECIMAL = re.compile(r"[+-]?[0-9]*,[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TRUE = frozenset({"true", "1", "ya"})
_FALSE = frozenset({"false", "0", "tidak"})
_MAX_DIGITS = 4000  # longer digit strings (or exponents) are refused, not computed with


# --- parsing one value --------------------------------------------------------------------


class _Absent:
    """No value: a missing optional field without a default."""

    def __repr__(self) -> str:
        return "_ABSENT"


_ABSENT: Final = _Absent()


class _Fault(NamedTuple):
    code: str
    message: str
    hint: str | None = None


def _number(value: int | Decimal) -> str:
    return format_decimal(value) if isinstance(value, Decimal) else str(value)


def _bounds(low: Any, high: Any, *, dates: bool = False) -> str:
    show = (lambda v: v.isoformat()) if dates else _number
    if low is not None and high is not None:
        return f" from {show(low)} to {show(high)}"
    if low is not None:
        return f" on or after {show(low)}" if dates else f" of at least {show(low)}"
    if high is not None:
        return f" on or before {show(high)}" if dates else f" of at most {show(high)}"
    return ""


def _expected(decl: Decl) -> str:
    """What a field accepts, as messages say it: 'an integer from 0 to 225'."""
    if isinstance(decl, IntegerField):
        return "an integer" + _bounds(decl.minimum, decl.maximum)
    if isinstance(decl, DecimalField):
        text = "a decimal number" + _bounds(decl.minimum, decl.maximum)
        if decl.places == 0:
            text += " with no decimal places"
        elif decl.places is not None:
            text += f" with at most {decl.places} decimal place{'s' * (decl.places != 1)}"
        return text
    if isinstance(decl, DateField):
        return "a date written YYYY-MM-DD" + _bounds(decl.minimum, decl.maximum, dates=True)
    if isinstance(decl, BooleanField):
        return "true or false (or 1/0, ya/tidak)"
    if isinstance(decl, EnumField):
        return "one of: " + ", ".join(decl.values)
    text = "a text"
    if decl.pattern is not None:
        text += f" matching the pattern {decl.pattern}"
    if decl.max_length is not None:
        text += f"{' and' if decl.pattern else ''} of at most {decl.max_length} characters"
    return text


def _is_empty(raw: object) -> bool:
    return raw is None or raw is _ABSENT or (isinstance(raw, str) and not raw.strip())


def _plain_decimal(value: Decimal) -> Decimal:
    """``value`` without trailing zeros after the point (``3.50`` → ``3.5``; ``-0`` → ``0``)."""
    if value == 0:
        return Decimal(0)
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return value
    kept = list(digits)
    while exponent < 0 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    return Decimal((sign, tuple(kept), exponent))


def _places(value: Decimal) -> int:
    exponent = _plain_decimal(value).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _parse(decl: Decl, name: str, raw: object, *, required: bool) -> tuple[object, _Fault | None]:
    """The typed value (or the default, or _ABSENT) and the fault, if any."""
    if _is_empty(raw):
        if required:
            said = "missing from the row" if raw is _ABSENT else "empty"
            return _ABSENT, _Fault("input.missing", f"{name!r} is required but {said}")
        default = decl.default
        return (_ABSENT if default is None else default), None
    expected = _expected(decl)
    wrong = f"{name!r} must be {expected} (got {describe_value(raw)})"
    if isinstance(raw, float):
        return _ABSENT, _Fault(
            "input.type",
            wrong + ": binary floating point is not exact",
            "pass an int, a Decimal or the number as text",
        )
    text = raw.strip() if isinstance(raw, str) else None
    value: object
    if isinstance(decl, IntegerField):
        value = _integer(raw, text)
    elif isinstance(decl, DecimalField):
        value = _decimal(raw, text)
        if value is None and text is not None and _COMMA_DECIMAL.fullmatch(text):
            return _ABSENT, _Fault(
                "input.type",
                wrong + ": write '.' as the decimal separator, not ','",
                f"write {text.replace(',', '.')!r}",
            )
    elif isinstance(decl, DateField):
        value = _date(raw, text)
        if value is None and text is not None and _DATE.fullmatch(text):
            return _ABSENT, _Fault("input.type", wrong + ": there is no such day")
    elif isinstance(decl, BooleanField):
        value = _boolean(raw, text)
    elif text is None:
        value = None
    else:
        value = text
    if value is None:
        hint = (
            "write it as text (in JSON or YAML, in quotes)"
            if text is None and isinstance(decl, StringField | EnumField)
            else None
        )
        return _ABSENT, _Fault("input.type", wrong, hint)
    fault = _check(decl, name, value, wrong)
    return (_ABSENT, fault) if fault is not None else (value, None)


def _integer(raw: object, text: str | None) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, Decimal):
        exponent = raw.as_tuple().exponent
        return int(raw) if raw.is_finite() and exponent == 0 else None
    if text is not None and _INTEGER.fullmatch(text) and len(text) <= _MAX_DIGITS:
        return int(text)
    return None


def _decimal(raw: object, text: str | None) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, Decimal):
        exponent = raw.as_tuple().exponent
        exact = isinstance(exponent, int) and abs(exponent) <= _MAX_DIGITS
        return _plain_decimal(raw) if raw.is_finite() and exact else None
    if text is not None and _DECIMAL.fullmatch(text):
        return _plain_decimal(Decimal(text))
    return None


def _date(raw: object, text: str | None) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return None
    if isinstance(raw, dt.date):
        return raw
    if text is not None and _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    return None


def _boolean(raw: object, text: str | None) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return raw == 1
    if text is not None:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
    return None


def _check(decl: Decl, name: str, value: Any, wrong: str) -> _Fault | None:
    """Bounds, places, codes, pattern and length of a value of the right type."""
    if isinstance(decl, IntegerField | DecimalField | DateField):
        low, high = decl.minimum, decl.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            return _Fault("input.range", wrong)
    if isinstance(decl, DecimalField) and decl.places is not None and _places(value) > decl.places:
        return _Fault("input.range", wrong)
    if isinstance(decl, EnumField) and value not in decl.values:
        folded = [code for code in decl.values if code.casefold() == value.casefold()]
        hint = (
            f"did you mean {folded[0]!r}? codes are case-sensitive"
            if folded
            else did_you_mean(value, decl.values)
        )
        return _Fault("input.range", wrong, hint)
    if isinstance(decl, StringField):
        if decl.max_length is not None and len(value) > decl.max_length:
            return _Fault("input.range", wrong)
        if decl.pattern is not None and not re.fullmatch(decl.pattern, value):
            return _Fault("input.range", wrong)
    return None


# --- reading a source into records --------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    """One data row before typing: its line, raw values, read error and value positions."""

    line: int
    values: Mapping[str, object]
    error: Problem | None = None
    spots: Mapping[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Input:
    file: str | None
    format: str
    columns: tuple[str, ...]
    records: tuple[_Record, ...]
    header_line: int | None = None

    @property
    def has_header(self) -> bool:
        """Whether the columns are declared up front (CSV), not gathered from the rows."""
        return self.header_line is not None

    def where(self, record: _Record, name: str | None) -> tuple[int, int | None]:
        """The line and column of ``name`` in ``record`` (the record's line when unknown)."""
        if name is not None and name in record.spots:
            return record.spots[name]
        if name is not None and self.format == "csv" and name in self.columns:
            return record.line, self.columns.index(name) + 1
        return record.line, None


def _load(source: Source, *, yaml: bool = False) -> _Input:
    if isinstance(source, Table):
        return _from_table(source)
    if isinstance(source, str | os.PathLike):
        path = FsPath(source)
        if yaml and path.suffix.lower() in (".yaml", ".yml"):
            return _from_yaml(path)
        return _from_table(read_table(path))
    if isinstance(source, Mapping | bytes):
        raise TypeError("pass a path, or an iterable of mappings (one per row)")
    return _from_python(source)


def _from_table(table: Table) -> _Input:
    records = tuple(_Record(row.line, row.values, row.error) for row in table.rows)
    return _Input(table.file, table.format, table.columns, records, table.header_line)


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
    source: _Input, required: Iterable[tuple[str, str]], *, what: str
) -> list[Problem]:
    """``input.header`` for each required column a CSV header lacks (``required``: name and
    why it is needed)."""
    if not source.has_header:
        return []  # JSON Lines, YAML and Python rows: a missing key is reported per row
    present = source.columns
    listed = ", ".join(present) if present else "none"
    return [
        Problem(
            "input.header",
            f"the {what} table has no column {name!r} ({why}); its columns are: {listed}",
            path=(name,),
            file=source.file,
            line=source.header_line,
            value=name,
            hint=did_you_mean(name, present),
        )
        for name, why in required
        if name not in present
    ]


def _digest(values: Mapping[str, object]) -> str:
    """SHA-256 (hex) of the canonical JSON of the raw values, for auditors."""
    return hashlib.sha256(canonical_json({k: _plain(v) for k, v in values.items()})).hexdigest()


def _plain(value: object) -> object:
    if value is None or isinstance(value, str | bool | int | dt.date):
        return value
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) <= 1000:
        return value
    return f"{type(value).__name__}:{value!r}"


def _located(source: _Input, record: _Record, name: str, fault: _Fault, raw: object) -> Problem:
    line, column = source.where(record, name)
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


def _rows_text(source: _Input, lines: list[int]) -> str:
    """'lines 2, 4 and 5' (or 'rows ...' for Python rows, numbered from 1)."""
    words = [str(line) for line in lines]
    listed = ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else words[0]
    return f"{'rows' if source.format == 'python' else 'lines'} {listed}"


# --- candidates ---------------------------------------------------------------------------


@dataclass(frozen=True)
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
                hint=did_you_mean(fid, known),
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
    problems = _header_problems(data, required, what="candidates")
    if problems:
        raise PolicyError(problems)
    known = {*_ID_COLUMNS, *fields, *protected}
    ignored = tuple(c for c in data.columns if c not in known)
    parsed = [_candidate(data, record, policy) for record in data.records]
    rows = _flag_duplicates(data, parsed)
    return CandidateTable(data.file, data.format, data.columns, tuple(rows), ignored)


def _candidate(source: _Input, record: _Record, policy: SelectionPolicy) -> CandidateRow:
    problems: list[Problem] = [] if record.error is None else [record.error]
    warnings: list[Problem] = []
    values: dict[str, object] = {}
    protected: dict[str, object] = {}
    ids: dict[str, str | None] = dict.fromkeys(_ID_COLUMNS)
    readable = record.error is None or bool(record.values)
    if readable:
        for name in _ID_COLUMNS:
            decl = policy.candidate_fields.get(name, _TEXT)
            raw = record.values.get(name, _ABSENT)
            value, fault = _parse(decl, name, raw, required=True)
            ids[name] = _best_id(value, raw)
            if fault is not None:
                problems.append(_located(source, record, name, fault, raw))
        for name, decl in policy.candidate_fields.items():
            raw = record.values.get(name, _ABSENT)
            value, fault = _parse(decl, name, raw, required=decl.required)
            if fault is not None and name not in _ID_COLUMNS:
                problems.append(_located(source, record, name, fault, raw))
            if value is not _ABSENT:
                values[name] = value
        for name, decl in policy.protected_attributes.items():
            raw = record.values.get(name, _ABSENT)
            value, fault = _parse(decl, name, raw, required=decl.required)
            if fault is not None:
                warning = _located(source, record, name, fault, raw)
                warnings.append(replace(warning, severity="warning"))
            if value is not _ABSENT:
                protected[name] = value
    return CandidateRow(
        row=record.line,
        candidate_id=ids["candidate_id"],
        formation_id=ids["formation_id"],
        values=MappingProxyType(values),
        protected=MappingProxyType(protected),
        problems=tuple(problems),
        digest=_digest(record.values),
        protected_problems=tuple(warnings),
    )


def _flag_duplicates(source: _Input, rows: list[CandidateRow]) -> list[CandidateRow]:
    lines: dict[str, list[int]] = {}
    for row in rows:
        if row.candidate_id is not None:
            lines.setdefault(row.candidate_id, []).append(row.row)
    column = source.columns.index("candidate_id") + 1 if source.format == "csv" else None
    out = []
    for row in rows:
        copies = lines.get(row.candidate_id) if row.candidate_id is not None else None
        if copies is None or len(copies) < 2:
            out.append(row)
            continue
        problem = Problem(
            "input.duplicate-id",
            f"candidate id {row.candidate_id!r} is on {len(copies)} rows; every copy is invalid",
            path=("candidate_id",),
            file=source.file,
            line=row.row,
            column=column,
            value=row.candidate_id,
            related=tuple(f"{source.file or '<input>'}:{n}" for n in copies if n != row.row),
        )
        out.append(replace(row, problems=(*row.problems, problem)))
    return out


# --- formations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Formation:
    """One formation: its id, quota (≥ 0), track (a policy track id), the standard texts
    (``None`` when not given), the declared ``formation_fields`` (``extra``, typed, defaults
    applied) and the line it was read from."""

    formation_id: str
    quota: int
    track: str
    position: str | None
    education_level: str | None
    agency: str | None
    location: str | None
    extra: Mapping[str, object]
    line: int

    def as_mapping(self) -> Mapping[str, object]:
        """Every field by name, as rules read them (``formation.NAME``)."""
        return MappingProxyType(
            {
                "formation_id": self.formation_id,
                "quota": self.quota,
                "track": self.track,
                "position": self.position,
                "education_level": self.education_level,
                "agency": self.agency,
                "location": self.location,
                **self.extra,
            }
        )


@dataclass(frozen=True)
class FormationTable:
    """The formations read, and every problem found (each one fatal for a run).

    ``formations`` holds the formations without problems, in file order; of formations
    sharing an id, only the first (all copies are reported).
    """

    file: str | None
    formations: tuple[Formation, ...]
    problems: tuple[Problem, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    @property
    def by_id(self) -> Mapping[str, Formation]:
        """The formations by id."""
        return MappingProxyType({f.formation_id: f for f in self.formations})

    def raise_for_problems(self) -> None:
        """Raise :class:`PolicyError` listing every problem, if there is any."""
        if self.problems:
            raise PolicyError(self.problems)


def read_formations(source: Source, policy: SelectionPolicy) -> FormationTable:
    """Read and type a formations table (CSV, JSON Lines, YAML or Python mappings).

    Required columns: ``formation_id``, ``quota`` (an integer ≥ 0) and ``track`` (one of the
    policy's track ids); optional texts ``position``, ``education_level``, ``agency`` and
    ``location``; and the policy's ``formation_fields``. A formation id on two rows is
    ``input.duplicate-id`` on each.
    """
    data = _load(source, yaml=True)
    track = EnumField(type="enum", values=[t.id for t in policy.tracks])
    standard: dict[str, Decl] = {
        "formation_id": _TEXT,
        "quota": _QUOTA,
        "track": track,
        **dict.fromkeys(_FORMATION_TEXT, _OPTIONAL_TEXT),
    }
    declared = {n: d for n, d in policy.formation_fields.items() if n not in standard}
    required = [(name, "every formation has one") for name in ("formation_id", "quota", "track")]
    required += [(n, "a required formation field") for n, d in declared.items() if d.required]
    header = _header_problems(data, required, what="formations")
    if header:
        raise PolicyError(header)
    problems: list[Problem] = []
    built: list[tuple[str | None, _Record, Formation | None]] = []
    for record in data.records:
        own: list[Problem] = [] if record.error is None else [record.error]
        typed: dict[str, object] = {}
        fid = None
        if record.error is None or record.values:
            for name, decl in (*standard.items(), *declared.items()):
                raw = record.values.get(name, _ABSENT)
                value, fault = _parse(decl, name, raw, required=decl.required)
                if name == "formation_id":
                    fid = _best_id(value, raw)
                if fault is not None:
                    own.append(_located(data, record, name, fault, raw))
                typed[name] = None if value is _ABSENT else value
        formation = None
        quota = typed.get("quota")
        if not own and isinstance(quota, int):
            formation = Formation(
                formation_id=str(typed["formation_id"]),
                quota=quota,
                track=str(typed["track"]),
                position=_text_or_none(typed["position"]),
                education_level=_text_or_none(typed["education_level"]),
                agency=_text_or_none(typed["agency"]),
                location=_text_or_none(typed["location"]),
                extra=MappingProxyType({n: typed[n] for n in declared if typed.get(n) is not None}),
                line=record.line,
            )
        problems += own
        built.append((fid, record, formation))
    lines: dict[str, list[int]] = {}
    for fid, record, _ in built:
        if fid is not None:
            lines.setdefault(fid, []).append(record.line)
    formations: dict[str, Formation] = {}
    for fid, record, formation in built:
        copies = lines.get(fid, []) if fid is not None else []
        if len(copies) > 1:
            line, column = data.where(record, "formation_id")
            problems.append(
                Problem(
                    "input.duplicate-id",
                    f"formation id {fid!r} appears on {len(copies)} rows "
                    f"({_rows_text(data, copies)}); give each formation one row",
                    path=("formation_id",),
                    file=data.file,
                    line=line,
                    column=column,
                    value=fid,
                )
            )
        if formation is not None and formation.formation_id not in formations:
            formations[formation.formation_id] = formation
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    known = {*standard, *declared}
    ignored = tuple(c for c in data.columns if c not in known)
    return FormationTable(data.file, tuple(formations.values()), tuple(problems), ignored)


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


# --- ratings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rating:
    """One rater's score for one criterion of one candidate at one stage."""

    candidate_id: str
    stage_id: str
    rater_id: str
    criterion_id: str
    score: Decimal
    line: int


@dataclass(frozen=True)
class RatingTable:
    """The usable ratings, in file order, and the problems of the others.

    A row with a problem is left out of ``ratings``; of two rows with the same candidate,
    stage, rater and criterion the first is kept and the second reported.
    """

    file: str | None
    ratings: tuple[Rating, ...]
    problems: tuple[Problem, ...] = ()
    problem_candidates: tuple[str | None, ...] = ()
    _index: Mapping[tuple[str, str], Mapping[str, Mapping[str, Decimal]]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        grouped: dict[tuple[str, str], dict[str, dict[str, Decimal]]] = {}
        for r in self.ratings:
            by_criterion = grouped.setdefault((r.candidate_id, r.stage_id), {})
            by_criterion.setdefault(r.criterion_id, {})[r.rater_id] = r.score
        index = {
            key: MappingProxyType(
                {
                    criterion: MappingProxyType(dict(sorted(raters.items())))
                    for criterion, raters in sorted(criteria.items())
                }
            )
            for key, criteria in grouped.items()
        }
        object.__setattr__(self, "_index", MappingProxyType(index))

    def for_candidate(
        self, candidate_id: str, stage_id: str
    ) -> Mapping[str, Mapping[str, Decimal]]:
        """A candidate's scores at a stage: criterion id → rater id → score, both sorted by
        id (empty when there is none)."""
        return self._index.get((candidate_id, stage_id), MappingProxyType({}))

    def problems_for(self, candidate_id: str) -> tuple[Problem, ...]:
        """The problems of rows that name ``candidate_id``."""
        return tuple(
            p
            for p, c in zip(self.problems, self.problem_candidates, strict=False)
            if c == candidate_id
        )

    def unknown_candidates(self, candidate_ids: Iterable[str]) -> tuple[Problem, ...]:
        """``input.unknown-candidate`` for each rating whose candidate is not listed."""
        known = set(candidate_ids)
        return tuple(
            Problem(
                "input.unknown-candidate",
                f"candidate {r.candidate_id!r} is not in the candidates table",
                path=("candidate_id",),
                file=self.file,
                line=r.line,
                value=r.candidate_id,
                hint=did_you_mean(r.candidate_id, known),
            )
            for r in self.ratings
            if r.candidate_id not in known
        )

    def raise_for_problems(self) -> None:
        """Raise :class:`PolicyError` listing every problem, if there is any."""
        if self.problems:
            raise PolicyError(self.problems)


def read_ratings(source: Source) -> RatingTable:
    """Read a ratings table: exactly the columns of :data:`RATING_COLUMNS`, ``score`` a
    decimal number. Raises :class:`PolicyError` when a CSV header lacks a column or has an
    extra one; in JSON Lines or Python rows a missing or extra key is a problem of the row.
    A row with a problem is left out of ``ratings`` and reported in ``problems``."""
    data = _load(source)
    header = _header_problems(
        data, [(name, "a ratings column") for name in RATING_COLUMNS], what="ratings"
    )
    header += [
        Problem(
            "input.header",
            f"the ratings table has an unexpected column {name!r}; its columns must be "
            f"exactly: {', '.join(RATING_COLUMNS)}",
            path=(name,),
            file=data.file,
            line=data.header_line,
            column=data.columns.index(name) + 1 if data.format == "csv" else None,
            value=name,
            hint=did_you_mean(name, RATING_COLUMNS),
        )
        for name in data.columns
        if data.has_header and name not in RATING_COLUMNS
    ]
    if header:
        raise PolicyError(header)
    ratings: list[Rating] = []
    problems: list[tuple[str | None, Problem]] = []
    first: dict[tuple[str, str, str, str], int] = {}
    for record in data.records:
        own: list[Problem] = [] if record.error is None else [record.error]
        typed: dict[str, object] = {}
        candidate = None
        unexpected = [name for name in record.values if name not in RATING_COLUMNS]
        if unexpected and not data.has_header:
            own.append(
                Problem(
                    "input.syntax",
                    f"unexpected key(s) {', '.join(map(repr, unexpected))}; a rating has "
                    f"exactly: {', '.join(RATING_COLUMNS)}",
                    path=(unexpected[0],),
                    file=data.file,
                    line=record.line,
                    value=unexpected[0],
                )
            )
        if record.error is None or record.values:
            for name in RATING_COLUMNS:
                raw = record.values.get(name, _ABSENT)
                decl = _SCORE if name == "score" else _TEXT
                value, fault = _parse(decl, name, raw, required=True)
                if name == "candidate_id":
                    candidate = _best_id(value, raw)
                if fault is not None:
                    own.append(_located(data, record, name, fault, raw))
                typed[name] = value
        if own:
            problems += [(candidate, p) for p in own]
            continue
        score = typed["score"]
        if not isinstance(score, Decimal):  # pragma: no cover - the row would have a problem
            raise TypeError(score)
        rating = Rating(
            candidate_id=str(typed["candidate_id"]),
            stage_id=str(typed["stage_id"]),
            rater_id=str(typed["rater_id"]),
            criterion_id=str(typed["criterion_id"]),
            score=score,
            line=record.line,
        )
        key = (rating.candidate_id, rating.stage_id, rating.rater_id, rating.criterion_id)
        if key in first:
            problems.append(
                (
                    rating.candidate_id,
                    Problem(
                        "input.duplicate-rating",
                        f"rater {rating.rater_id!r} rates criterion {rating.criterion_id!r} "
                        f"of candidate {rating.candidate_id!r} at stage {rating.stage_id!r} "
                        f"on line {first[key]} and again on line {rating.line}; the first "
                        "is kept",
                        file=data.file,
                        line=rating.line,
                        value=str(rating.score),
                        related=(f"{data.file or '<input>'}:{first[key]}",),
                    ),
                )
            )
            continue
        first[key] = rating.line
        ratings.append(rating)
    return RatingTable(
        data.file,
        tuple(ratings),
        tuple(p for _, p in problems),
        tuple(c for c, _ in problems),
    )
