"""The development layer's input tables: competency assessments and SKP performance ratings.

Both are read like the selection's tables (:mod:`asn_competency.pipeline.inputs`): from CSV,
JSON Lines or Python rows, every value parsed by one set of rules (``_values``), every problem
with a stable code and its file, line and column.

**Assessments** (:data:`ASSESSMENT_COLUMNS`): one measured level of one competency of one
employee on one date, with where it comes from (``source``: ``seleksi``, the selection
interview, or ``uji_kompetensi``, a later competency test) and who or what assessed it. The
history is kept whole: an employee has as many dated rows per competency as assessments, and
a later row never overwrites an earlier one; the level *in force* on a date is the latest
assessed on or before it.

**Performance ratings** (:data:`PERFORMANCE_COLUMNS`): the SKP rating of an employee for a
year, on the scale of PermenPANRB 6/2022 (``sangat_baik``, ``baik``, ``butuh_perbaikan``,
``kurang``, ``sangat_kurang``; ``docs/domain.md``, "Talent management, development and
performance").

Rows with a problem are left out and reported (``problems``). Two rows for one key (an
employee's competency on one date; an employee's year) are ``input.duplicate-entry``, and
*neither* is used: which of two conflicting measurements is right is not the reader's to
guess, and keeping "the first" would make results depend on the order of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, TypeVar, get_args

from asn_competency.errors import PolicyError, Problem, did_you_mean
from asn_competency.model import PositionStandard
from asn_competency.model.development_policy import SKP_RATINGS, SkpRating
from asn_competency.model.fields import DateField, EnumField, IntegerField, StringField
from asn_competency.pipeline.inputs._sources import (
    Source,
    _header_problems,
    _Input,
    _load,
    _located,
    _Record,
)
from asn_competency.pipeline.inputs._values import _ABSENT, _TEXT, Decl, _Fault, _parse, id_key

__all__ = [
    "ASSESSMENT_COLUMNS",
    "ASSESSMENT_SOURCES",
    "PERFORMANCE_COLUMNS",
    "Assessment",
    "AssessmentTable",
    "PerformanceRating",
    "PerformanceTable",
    "read_assessments",
    "read_performance",
]

#: Where an assessment comes from: the selection interview, or a later competency test.
ASSESSMENT_SOURCES: Final = ("seleksi", "uji_kompetensi")

_ASSESSMENT_DECLS: Final[Mapping[str, Decl]] = {
    "employee_id": _TEXT,
    "competency": _TEXT,
    "level": IntegerField(type="integer", minimum=0, maximum=5),
    "date": DateField(type="date"),
    "source": EnumField(type="enum", values=list(ASSESSMENT_SOURCES)),
    "assessor": StringField(type="string"),
}
_PERFORMANCE_DECLS: Final[Mapping[str, Decl]] = {
    "employee_id": _TEXT,
    "period": IntegerField(type="integer", minimum=1950, maximum=2200),
    "rating": EnumField(type="enum", values=list(SKP_RATINGS)),
}
#: The columns of an assessments table, exactly.
ASSESSMENT_COLUMNS: Final = tuple(_ASSESSMENT_DECLS)
#: The columns of a performance table, exactly.
PERFORMANCE_COLUMNS: Final = tuple(_PERFORMANCE_DECLS)


@dataclass(frozen=True, slots=True)
class Assessment:
    """One measured level of one competency of one employee, on one date."""

    employee_id: str
    competency: str
    level: int
    date: dt.date
    source: str
    assessor: str
    line: int


@dataclass(frozen=True, slots=True)
class PerformanceRating:
    """An employee's SKP rating for one year (PermenPANRB 6/2022)."""

    employee_id: str
    period: int
    rating: SkpRating
    line: int


@dataclass(frozen=True)
class AssessmentTable:
    """Usable assessments, ordered by employee, competency and date, and the problems of the
    rows left out."""

    file: str | None
    assessments: tuple[Assessment, ...]
    problems: tuple[Problem, ...] = ()

    def employees(self) -> tuple[str, ...]:
        """Every employee with a usable assessment, sorted."""
        return tuple(sorted({a.employee_id for a in self.assessments}))

    def history(self, employee_id: str, competency: str) -> tuple[Assessment, ...]:
        """An employee's assessments of one competency, oldest first."""
        return tuple(
            a
            for a in self.assessments
            if a.employee_id == employee_id and a.competency == competency
        )

    def in_force(self, employee_id: str, as_of: dt.date) -> Mapping[str, Assessment]:
        """The latest assessment on or before ``as_of`` of each competency the employee has
        one for, by competency."""
        found: dict[str, Assessment] = {}
        for item in self.assessments:  # oldest first per competency: later ones replace
            if item.employee_id == employee_id and item.date <= as_of:
                found[item.competency] = item
        return dict(sorted(found.items()))

    def raise_for_problems(self) -> None:
        """Raise :class:`PolicyError` listing every problem, if there is any."""
        if self.problems:
            raise PolicyError(self.problems)


@dataclass(frozen=True)
class PerformanceTable:
    """Usable SKP ratings, ordered by employee and year, and the problems of the others."""

    file: str | None
    ratings: tuple[PerformanceRating, ...]
    problems: tuple[Problem, ...] = ()

    def latest(self, employee_id: str, up_to: int) -> PerformanceRating | None:
        """The employee's rating of the latest year up to ``up_to``, or ``None``."""
        found = None
        for item in self.ratings:
            if item.employee_id == employee_id and item.period <= up_to:
                found = item
        return found

    def raise_for_problems(self) -> None:
        """Raise :class:`PolicyError` listing every problem, if there is any."""
        if self.problems:
            raise PolicyError(self.problems)


def read_assessments(source: Source, standard: PositionStandard | None = None) -> AssessmentTable:
    """Read an assessments table (exactly :data:`ASSESSMENT_COLUMNS`; ``level`` an integer
    from 0 to 5, ``date`` ``YYYY-MM-DD``, ``source`` one of :data:`ASSESSMENT_SOURCES`).

    With ``standard``, a competency the standard does not require is
    ``input.unknown-competency``. Raises :class:`PolicyError` (``input.header``) when a CSV
    header lacks a column or has another one.
    """
    data, rows, problems = _read(source, _ASSESSMENT_DECLS, what="assessments")
    required = [r.competency for r in standard.requirements] if standard else None
    kept: list[Assessment] = []
    for record, typed in rows:
        competency = str(typed["competency"])
        if required is not None and competency not in required:
            fault = _Fault(
                "input.unknown-competency",
                f"competency {competency!r} is not required by position standard "
                f"{standard.id if standard else ''!r} (it requires: {', '.join(required)})",
                did_you_mean(competency, required),
            )
            problems.append(_located(data, record, "competency", fault, competency))
            continue
        level, date = typed["level"], typed["date"]
        if not isinstance(level, int) or not isinstance(date, dt.date):  # pragma: no cover
            raise TypeError((level, date))
        kept.append(
            Assessment(
                str(typed["employee_id"]),
                competency,
                level,
                date,
                str(typed["source"]),
                str(typed["assessor"]),
                record.line,
            )
        )
    usable, duplicates = _unique(
        data,
        kept,
        key=lambda a: (a.employee_id, a.competency, a.date),
        said=lambda a: f"{a.employee_id}'s {a.competency} on {a.date.isoformat()}",
    )
    usable.sort(key=lambda a: (a.employee_id, a.competency, a.date))
    return AssessmentTable(data.file, tuple(usable), tuple(problems + duplicates))


def read_performance(source: Source) -> PerformanceTable:
    """Read a performance table (exactly :data:`PERFORMANCE_COLUMNS`; ``period`` a year,
    ``rating`` one of ``sangat_baik``, ``baik``, ``butuh_perbaikan``, ``kurang``,
    ``sangat_kurang``). Raises :class:`PolicyError` (``input.header``) for a bad header."""
    data, rows, problems = _read(source, _PERFORMANCE_DECLS, what="performance")
    kept = []
    ratings = get_args(SkpRating)
    for record, typed in rows:
        period, rating = typed["period"], typed["rating"]
        if not isinstance(period, int) or rating not in ratings:  # pragma: no cover
            raise TypeError((period, rating))
        kept.append(
            PerformanceRating(str(typed["employee_id"]), period, rating, record.line)  # type: ignore[arg-type]
        )
    usable, duplicates = _unique(
        data,
        kept,
        key=lambda r: (r.employee_id, r.period),
        said=lambda r: f"{r.employee_id}'s SKP rating for {r.period}",
    )
    usable.sort(key=lambda r: (r.employee_id, r.period))
    return PerformanceTable(data.file, tuple(usable), tuple(problems + duplicates))


def _read(
    source: Source, decls: Mapping[str, Decl], *, what: str
) -> tuple[_Input, list[tuple[_Record, dict[str, object]]], list[Problem]]:
    """The rows of a fixed-column table, typed; the problems of the rows that are not."""
    data = _load(source)
    columns = tuple(decls)
    header = _header_problems(
        data,
        [(name, f"{'an' if what[0] in 'aeiou' else 'a'} {what} column") for name in columns],
        what=what,
    )
    header += [
        Problem(
            "input.header",
            f"the {what} table has an unexpected column {name!r}; its columns must be "
            f"exactly: {', '.join(columns)}",
            path=(name,),
            file=data.file,
            line=data.header_line,
            column=data.columns.index(name) + 1 if data.format == "csv" else None,
            value=name,
            hint=did_you_mean(name, columns),
        )
        for name in data.columns
        if data.has_header and name not in columns and name not in _named(data, header)
    ]
    if header:
        raise PolicyError(header)
    rows: list[tuple[_Record, dict[str, object]]] = []
    problems: list[Problem] = []
    spellings: dict[tuple[str, str], tuple[str, int]] = {}
    for record in data.records:
        own: list[Problem] = [] if record.error is None else [record.error]
        unexpected = [name for name in record.values if name not in columns]
        if unexpected and not data.has_header:
            own.append(
                Problem(
                    "input.syntax",
                    f"unexpected key(s) {', '.join(map(repr, unexpected))}; a row of the "
                    f"{what} table has exactly: {', '.join(columns)}",
                    path=(unexpected[0],),
                    file=data.file,
                    line=record.line,
                    value=unexpected[0],
                )
            )
        typed: dict[str, object] = {}
        if record.error is None or record.values:
            for name, decl in decls.items():
                raw = record.values.get(name, _ABSENT)
                value, fault = _parse(decl, name, raw, required=True)
                if fault is not None:
                    own.append(_located(data, record, name, fault, raw))
                typed[name] = value
        if not own:
            own += _spelling(data, record, typed, spellings)
        if own:
            problems += own
            continue
        rows.append((record, typed))
    return data, rows, problems


T = TypeVar("T", Assessment, PerformanceRating)


def _named(data: _Input, problems: Sequence[Problem]) -> set[str]:
    """The CSV columns that header problems already point at (a near miss of a column)."""
    return {
        data.columns[p.column - 1]
        for p in problems
        if data.format == "csv" and p.column is not None and 0 < p.column <= len(data.columns)
    }


_SPELLED: Final = ("employee_id", "competency")


def _spelling(
    data: _Input,
    record: _Record,
    typed: Mapping[str, object],
    seen: dict[tuple[str, str], tuple[str, int]],
) -> list[Problem]:
    """``input.id-spelling`` for an employee or competency id written otherwise than on the
    first row that names it (compared by :func:`id_key`): one person counted as two would
    split their history."""
    problems = []
    for name in _SPELLED:
        if name not in typed:
            continue
        text = str(typed[name])
        first = seen.setdefault((name, id_key(text)), (text, record.line))
        if first[0] != text:
            fault = _Fault(
                "input.id-spelling",
                f"{name} {text!r} is {first[0]!r} (line {first[1]}) written differently; one "
                "id must have one spelling",
                f"write {first[0]!r} on every row",
            )
            problems.append(_located(data, record, name, fault, text))
    return problems


def _unique(
    data: _Input,
    items: Sequence[T],
    *,
    key: Callable[[T], object],
    said: Callable[[T], str],
) -> tuple[list[T], list[Problem]]:
    """The items whose key no other item shares; ``input.duplicate-entry`` for each repeat
    (located at the later line, naming the first), and neither of them kept."""
    first: dict[object, T] = {}
    repeated: set[object] = set()
    problems = []
    for item in items:
        k = key(item)
        if k in first:
            repeated.add(k)
            earlier = first[k]
            problems.append(
                Problem(
                    "input.duplicate-entry",
                    f"{said(item)} is given on line {earlier.line} and again on line "
                    f"{item.line}; neither is used until one is removed",
                    file=data.file,
                    line=item.line,
                    related=(f"{data.file or '<input>'}:{earlier.line}",),
                )
            )
        else:
            first[k] = item
    return [item for item in items if key(item) not in repeated], problems
