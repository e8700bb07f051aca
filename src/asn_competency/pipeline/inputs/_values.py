"""Parsing and checking one value against its field declaration, and the messages that say
what a field accepts.

The rules (white space, missing values and defaults, the notation of each type, bounds, codes
and patterns) are listed in the package docstring, :mod:`asn_competency.pipeline.inputs`.
:func:`_parse` gives the typed value, the default or :data:`_ABSENT`, and a :class:`_Fault`
(code, message, hint) that the table readers locate by file, line and column.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, NamedTuple

import numpy as np
from numpy.typing import NDArray

from asn_competency.errors import describe_value, did_you_mean
from asn_competency.files.canonical import format_decimal
from asn_competency.model import (
    BooleanField,
    DateField,
    DecimalField,
    EnumField,
    IntegerField,
    ListField,
    StringField,
)
from asn_competency.model.fields import compile_pattern

Decl = IntegerField | DecimalField | StringField | EnumField | DateField | BooleanField | ListField

#: What separates the items of a list field in a CSV cell.
LIST_SEPARATOR: Final = ";"

#: A required text value (ids and the like).
_TEXT = StringField(type="string")

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_COMMA_DECIMAL = re.compile(r"[+-]?[0-9]*,[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TRUE = frozenset({"true", "1", "ya"})
_FALSE = frozenset({"false", "0", "tidak"})
_MAX_DIGITS = 4000  # longer digit strings (or exponents) are refused, not computed with


class _Absent:
    """No value: a missing optional field without a default."""

    def __repr__(self) -> str:
        return "_ABSENT"


_ABSENT: Final = _Absent()


class _Fault(NamedTuple):
    code: str
    message: str
    hint: str | None = None


def id_key(text: str) -> str:
    """The form in which two ids (or column names) are compared: Unicode NFKC (full-width
    letters and digits become ASCII, a non-breaking space a space), without format characters
    (zero-width spaces and joiners, the byte order mark), stripped and case-folded.

    Two spellings with the same key name one thing: an input that uses both is refused
    (``input.id-spelling``, ``input.duplicate-id``) rather than counting two."""
    if text.isascii():
        return text.strip().lower()
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip().casefold()


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
    if isinstance(decl, ListField):
        items = decl.items.values
        each = f"each one of: {', '.join(items)}" if items else "each a text"
        return f"a list of items separated by '{LIST_SEPARATOR}' ({each})"
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

    def wrong() -> str:  # said only when the value is wrong: most values are right
        return f"{name!r} must be {_expected(decl)} (got {describe_value(raw)})"

    if isinstance(raw, float):
        return _ABSENT, _Fault(
            "input.type",
            wrong() + ": binary floating point is not exact",
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
                wrong() + ": write '.' as the decimal separator, not ','",
                f"write {text.replace(',', '.')!r}",
            )
    elif isinstance(decl, DateField):
        value = _date(raw, text)
        if value is None and text is not None and _DATE.fullmatch(text):
            return _ABSENT, _Fault("input.type", wrong() + ": there is no such day")
    elif isinstance(decl, BooleanField):
        value = _boolean(raw, text)
    elif isinstance(decl, ListField):
        value = _items(raw, text)
        if value == []:  # only separators: as empty as an empty cell
            return _parse(decl, name, None, required=required)
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
        return _ABSENT, _Fault("input.type", wrong(), hint)
    fault = _check(decl, name, value, wrong)
    return (_ABSENT, fault) if fault is not None else (value, None)


class _Parser:
    """:func:`_parse` remembered for repeated cells: a table of a million rows holds a few
    hundred distinct scores, levels and codes per column, each parsed and checked once. A
    value and its fault depend on the declaration and the text only (the readers add the
    row and column), and every value kept is immutable (a list is parsed anew each time). A
    column whose cells are mostly distinct (ids, names) stops being remembered after
    :attr:`LIMIT` different texts."""

    LIMIT: Final = 1 << 16

    def __init__(self) -> None:
        self._seen: dict[tuple[int, str, bool], dict[str, tuple[object, _Fault | None]]] = {}

    def __call__(
        self, decl: Decl, name: str, raw: object, *, required: bool
    ) -> tuple[object, _Fault | None]:
        if type(raw) is not str or isinstance(decl, ListField):
            return _parse(decl, name, raw, required=required)
        seen = self._seen.setdefault((id(decl), name, required), {})
        found = seen.get(raw)
        if found is None:
            found = _parse(decl, name, raw, required=required)
            if len(seen) < self.LIMIT:
                seen[raw] = found
        return found

    def column(
        self, decl: Decl, name: str, raws: list[object], *, required: bool
    ) -> list[tuple[object, _Fault | None]]:
        """Every cell of a column, parsed as :meth:`__call__` parses one."""
        if isinstance(decl, ListField):
            return [_parse(decl, name, raw, required=required) for raw in raws]
        seen = self._seen.setdefault((id(decl), name, required), {})
        out = []
        for raw in raws:
            found = seen.get(raw) if type(raw) is str else None
            if found is None:
                found = _parse(decl, name, raw, required=required)
                if type(raw) is str and len(seen) < self.LIMIT:
                    seen[raw] = found
            out.append(found)
        return out

    def typed(self, decl: Decl, name: str, raws: list[object], *, required: bool) -> _Typed:
        """Every cell of a column typed: each row's value (or :data:`_ABSENT`), and the
        faults of the rows that have one, by row. A column of text cells (CSV) is typed once
        per distinct text; when they are few (scores, levels, codes), each row is given the
        code of its text rather than its value. Other cells as :meth:`column` types them."""
        if not isinstance(decl, ListField) and set(map(type, raws)) <= _TEXT_CELLS:
            return self._texts(decl, name, raws, dict.fromkeys(raws), required=required)
        pairs = self.column(decl, name, raws, required=required)
        faults = {i: fault for i, (_, fault) in enumerate(pairs) if fault is not None}
        return _Typed(faults, [value for value, _ in pairs])

    @staticmethod
    def _texts(
        decl: Decl, name: str, raws: list[object], distinct: dict[object, None], *, required: bool
    ) -> _Typed:
        """:meth:`typed` of a column of text cells, ``distinct`` its distinct cells."""
        plain = _plain_text(decl)
        found = {
            raw: (text, None)
            if plain is not None and type(raw) is str and plain(text := raw.strip())
            else _parse(decl, name, raw, required=required)
            for raw in distinct
        }
        wrong = {raw: fault for raw, (_, fault) in found.items() if fault is not None}
        if len(found) > max(len(raws) // 2, 16):  # mostly distinct (ids): row by row
            values = {raw: value for raw, (value, _) in found.items()}
            faults = {i: wrong[raw] for i, raw in enumerate(raws) if raw in wrong} if wrong else {}
            return _Typed(faults, list(map(values.__getitem__, raws)))
        number = {raw: n for n, raw in enumerate(found)}
        codes = np.fromiter(map(number.__getitem__, raws), dtype=np.int32, count=len(raws))
        faults = {}
        if wrong:
            bad = np.fromiter(map(number.__getitem__, wrong), dtype=np.int32, count=len(wrong))
            for i in np.flatnonzero(np.isin(codes, bad)).tolist():
                faults[i] = wrong[raws[i]]
        return _Typed(faults, None, [value for value, _ in found.values()], codes)


@dataclass(frozen=True, slots=True)
class _Typed:
    """A column typed (:meth:`_Parser.typed`): the faults of the rows that have one, by row,
    and each row's value (:data:`_ABSENT` for none), either ``listed`` or as ``codes`` into
    ``distinct`` values (one for each distinct cell, equal values possibly repeated)."""

    faults: dict[int, _Fault]
    listed: list[object] | None = None
    distinct: list[object] | None = None
    codes: NDArray[np.int32] | None = None

    def values(self) -> list[object]:
        """Each row's value (:data:`_ABSENT` for none)."""
        if self.distinct is None or self.codes is None:
            return self.listed or []
        return list(map(self.distinct.__getitem__, self.codes.tolist()))


def _plain_text(decl: Decl) -> Callable[[str], bool] | None:
    """For a text field, whether a stripped text is a right value as it is (what
    :func:`_parse` then gives: the text, no fault), checked without building a message;
    ``None`` for another type."""
    if not isinstance(decl, StringField):
        return None
    longest, pattern = decl.max_length, decl.pattern
    matches = compile_pattern(pattern).fullmatch if pattern is not None else None
    return lambda text: (
        bool(text)
        and (longest is None or len(text) <= longest)
        and (matches is None or matches(text) is not None)
    )


#: The types of the cells that :meth:`_Parser.typed` types once per distinct cell: text, an
#: empty cell, no cell.
_TEXT_CELLS: Final = frozenset({str, type(None), _Absent})


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


def _items(raw: object, text: str | None) -> list[str] | None:
    """A list's items: the strings of a JSON/YAML list, or a CSV cell split on ';'; each item
    stripped, empty items dropped, order and repeats kept as written."""
    if text is not None:
        parts: list[object] = list(text.split(LIST_SEPARATOR))
    elif isinstance(raw, list | tuple):
        parts = list(raw)
    else:
        return None
    if not all(isinstance(part, str) for part in parts):
        return None
    return [part.strip() for part in parts if isinstance(part, str) and part.strip()]


def _check(decl: Decl, name: str, value: Any, wrong: Callable[[], str]) -> _Fault | None:
    """Bounds, places, codes, pattern and length of a value of the right type."""
    if isinstance(decl, ListField) and decl.items.values is not None:
        stray = [item for item in value if item not in decl.items.values]
        if stray:
            return _Fault("input.range", wrong(), did_you_mean(stray[0], decl.items.values))
    if isinstance(decl, IntegerField | DecimalField | DateField):
        low, high = decl.minimum, decl.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            return _Fault("input.range", wrong())
    if isinstance(decl, DecimalField) and decl.places is not None and _places(value) > decl.places:
        return _Fault("input.range", wrong())
    if isinstance(decl, EnumField) and value not in decl.values:
        folded = [code for code in decl.values if code.casefold() == value.casefold()]
        hint = (
            f"did you mean {folded[0]!r}? codes are case-sensitive"
            if folded
            else did_you_mean(value, decl.values)
        )
        return _Fault("input.range", wrong(), hint)
    if isinstance(decl, StringField):
        if decl.max_length is not None and len(value) > decl.max_length:
            return _Fault("input.range", wrong())
        if decl.pattern is not None and not compile_pattern(decl.pattern).fullmatch(value):
            return _Fault("input.range", wrong())
    return None
