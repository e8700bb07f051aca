"""What every statistic of the evaluation layer shares: its errors, the reading of plain inputs
into exact numbers, the lazy loading of the optional extras, and the two views of a result
(``to_pandas()`` and ``_repr_html_`` for notebooks).

Inputs are plain Python data (lists, tuples, mappings) or NumPy arrays. Numbers are read
exactly: an ``int``, a :class:`~fractions.Fraction`, a :class:`~decimal.Decimal` or a finite
``float`` becomes the :class:`~fractions.Fraction` of its exact value, so a statistic computed
by ratios of sums (an ICC, alpha, kappa, a selection rate) is exact. Booleans are not numbers
here (a rating of ``True`` is a mistake). Whatever is wrong with an input is a
:class:`StatisticsError` with a stable code and where it is (``ratings[3][1]``), never a bare
traceback.

scipy (the extra ``asn-competency[analysis]``) is imported only when a function needs a
distribution or an exact test; pandas only by ``to_pandas()``. Without them the call raises
:class:`MissingExtraError` (code ``extra.missing``) naming the extra to install.
"""

from __future__ import annotations

import html
import importlib
import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Rational
from types import ModuleType
from typing import Any

from asn_competency.errors import (
    AsnCompetencyError,
    MissingExtraError,
    NotFoundError,
    Problem,
    describe_value,
    did_you_mean,
)

__all__ = [
    "MissingExtraError",
    "StatisticsError",
]


class StatisticsError(AsnCompetencyError, ValueError):
    """The data given to a statistic cannot be used: ``problem`` says how (a stable ``code``
    such as ``stats.ragged``), where (``path``: row and column indices from 0) and with
    which value."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(f"{problem.code} {problem.message}")

    @property
    def code(self) -> str:
        """The problem's stable code."""
        return self.problem.code


def optional_module(name: str) -> ModuleType:
    """The module ``name`` of an optional extra, imported now; :class:`MissingExtraError` when
    it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise MissingExtraError(name) from None


def fail(
    code: str,
    message: str,
    *,
    path: tuple[str | int, ...] = (),
    value: Any = None,
    hint: str | None = None,
) -> StatisticsError:
    """The error to raise for one problem with a statistic's input."""
    return StatisticsError(Problem(code, message, path=path, value=value, hint=hint))


def unknown_key(what: str, key: object, known: Sequence[str]) -> NotFoundError:
    """A result asked for a ``what`` it does not have (``stats.unknown-key``), naming those it
    has and the nearest one."""
    return NotFoundError(
        Problem(
            "stats.unknown-key",
            f"no {what} {key!r}; the {what}s are {', '.join(known)}",
            value=key,
            hint=did_you_mean(str(key), known) or f"use one of the {what}s listed",
        )
    )


def where(name: str, *indices: int) -> str:
    """How a message names a place in an input: ``ratings[3][1]``."""
    return name + "".join(f"[{index}]" for index in indices)


def is_missing(value: object) -> bool:
    """Whether a value stands for "not recorded": ``None``, or a float NaN. A NaN is accepted
    as missing only where the statistic takes missing values (pairs for a correlation);
    elsewhere :func:`exact` reports it."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def exact(value: object, name: str, *indices: int) -> Fraction:
    """The exact value of one number of an input, as a :class:`~fractions.Fraction`."""
    place = where(name, *indices)
    if value is None:
        raise fail(
            "stats.missing",
            f"{place} is missing: this statistic needs every value",
            path=indices,
            hint="fill it in, or leave the whole row out",
        )
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Rational):
        if hasattr(value, "item") and not isinstance(value, str | bytes):
            return exact(value.item(), name, *indices)  # a NumPy scalar
        raise fail(
            "stats.not-a-number",
            f"{place} must be a number (got {describe_value(value)})",
            path=indices,
            value=value,
        )
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise fail(
            "stats.not-finite",
            f"{place} must be a finite number (got {value})",
            path=indices,
            value=str(value),
        )
    return Fraction(value)


def rows_of(data: object, name: str) -> list[list[object]]:
    """The rows of a matrix given as a sequence of sequences or a 2-D NumPy array, as lists;
    the matrix must be rectangular and not empty."""
    if hasattr(data, "tolist") and hasattr(data, "ndim"):
        if data.ndim != 2:
            raise fail("stats.ragged", f"{name} must be a 2-D array (got {data.ndim} dimensions)")
        data = data.tolist()
    if not isinstance(data, Sequence) or isinstance(data, str | bytes):
        raise fail(
            "stats.ragged",
            f"{name} must be a sequence of rows (got {describe_value(data)})",
            value=type(data).__name__,
        )
    rows: list[list[object]] = []
    for index, given in enumerate(data):
        row = given.tolist() if hasattr(given, "tolist") else given
        if not isinstance(row, Sequence) or isinstance(row, str | bytes):
            raise fail(
                "stats.ragged",
                f"{where(name, index)} must be a sequence of values (got {describe_value(row)})",
                path=(index,),
            )
        rows.append(list(row))
    if not rows or not rows[0]:
        raise fail("stats.empty", f"{name} holds no values", hint="pass at least one row")
    width = len(rows[0])
    for index, row in enumerate(rows):
        if len(row) != width:
            raise fail(
                "stats.ragged",
                f"{where(name, index)} has {len(row)} values where row 0 has {width}",
                path=(index,),
                hint="give every row the same number of values",
            )
    return rows


def exact_matrix(data: object, name: str) -> list[list[Fraction]]:
    """A rectangular matrix of exact numbers, every cell present and finite."""
    return [
        [exact(cell, name, i, j) for j, cell in enumerate(row)]
        for i, row in enumerate(rows_of(data, name))
    ]


def values_of(data: object, name: str) -> list[object]:
    """A one-dimensional input (a sequence or a 1-D NumPy array) as a list."""
    if hasattr(data, "tolist") and hasattr(data, "ndim"):
        if data.ndim != 1:
            raise fail("stats.ragged", f"{name} must be 1-D (got {data.ndim} dimensions)")
        data = data.tolist()
    if not isinstance(data, Sequence) or isinstance(data, str | bytes):
        raise fail(
            "stats.not-a-number",
            f"{name} must be a sequence (got {describe_value(data)})",
            value=type(data).__name__,
        )
    return list(data)


def same_length(first: Sequence[object], second: Sequence[object], names: str) -> None:
    """Paired inputs have one value each per case."""
    if len(first) != len(second):
        raise fail(
            "stats.length-mismatch",
            f"{names} must pair one to one (got {len(first)} and {len(second)} values)",
            hint="give both the same cases in the same order",
        )


def need(count: int, minimum: int, what: str) -> None:
    """At least ``minimum`` of something (raters, items, pairs) for a statistic."""
    if count < minimum:
        raise fail(
            "stats.too-few",
            f"this statistic needs at least {minimum} {what} (got {count})",
            value=count,
        )


def as_float(value: Fraction | float | None) -> float | None:
    """A value as a float for a table (``None`` stays ``None``)."""
    return None if value is None else float(value)


def _cell(value: object) -> str:
    """How one value is shown in the HTML table of a result."""
    if value is None:
        return ""
    if isinstance(value, Fraction):
        return f"{float(value):.4f}"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, tuple):
        return "[" + ", ".join(_cell(item) for item in value) + "]"
    return str(value)


def html_table(caption: str, records: Sequence[Mapping[str, object]], note: str = "") -> str:
    """A small HTML table of records, every text escaped (``html.escape``): the notebook
    view of a result."""
    columns: list[str] = list(records[0]) if records else []
    head = "".join(f"<th>{html.escape(column)}</th>" for column in columns)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(_cell(record.get(column)))}</td>" for column in columns)
        + "</tr>"
        for record in records
    )
    foot = f"<p>{html.escape(note)}</p>" if note else ""
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>{foot}"
    )


def data_frame(records: Iterable[Mapping[str, object]]) -> Any:
    """A pandas DataFrame of records (pandas imported now: the extra ``dataframes``); Fractions
    become floats, intervals two columns."""
    pandas = optional_module("pandas")
    flat = []
    for record in records:
        row: dict[str, object] = {}
        for key, value in record.items():
            if isinstance(value, tuple) and len(value) == 2 and key.startswith("ci95"):
                row[f"{key}_low"], row[f"{key}_high"] = (as_float(v) for v in value)
            elif isinstance(value, Fraction):
                row[key] = float(value)
            else:
                row[key] = value
        flat.append(row)
    return pandas.DataFrame(flat)


@dataclass(frozen=True)
class Table(ABC):
    """A result that is a table of records: its notebook and pandas views."""

    @abstractmethod
    def records(self) -> list[dict[str, object]]:
        """The result as one mapping per row (exact values kept)."""

    def caption(self) -> str:
        """What the table shows, in a few words."""
        return type(self).__name__

    def note(self) -> str:
        """What a reader should know beside the numbers."""
        return ""

    def to_pandas(self) -> Any:
        """The records as a ``pandas.DataFrame`` (Fractions as floats; each 95% interval as
        ``_low`` and ``_high`` columns). Needs pandas (:class:`MissingExtraError` without)."""
        return data_frame(self.records())

    def _repr_html_(self) -> str:
        return html_table(self.caption(), self.records(), self.note())
