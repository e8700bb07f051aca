"""Re-assessment over time: each person's progress per competency between two dates, and who
closed a gap after training.

An assessments table keeps every dated assessment (:mod:`.inputs`); here the level in force
*before* (the latest on or before ``since``, e.g. the start of a training year) is compared
with the level *after* (the latest after ``since`` and on or before ``until``). A gap is
**closed** when the level before was below the standard and the level after meets it; a
person re-assessed lower than before has ``change`` negative and is never counted as having
closed anything. Rows without an assessment on either side have ``change`` ``None``: no
progress is assumed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from asn_competency.development._common import core_first, data_frame
from asn_competency.development.inputs import Assessment, AssessmentTable
from asn_competency.errors import PolicyError, Problem
from asn_competency.model import PositionStandard

__all__ = ["Progress", "ProgressTable", "progress"]


@dataclass(frozen=True, slots=True)
class Progress:
    """One person's progress on one competency between two dates."""

    employee_id: str
    competency: str
    target: int
    before: int | None
    before_on: dt.date | None
    after: int | None
    after_on: dt.date | None

    @property
    def change(self) -> int | None:
        """``after - before``, or ``None`` when either is missing."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def closed_gap(self) -> bool:
        """Below the standard before, at or above it after."""
        return (
            self.before is not None
            and self.after is not None
            and self.before < self.target <= self.after
        )


@dataclass(frozen=True)
class ProgressTable:
    """Progress rows, by employee id then the standard's order (core first)."""

    rows: tuple[Progress, ...]
    since: dt.date
    until: dt.date

    def closed(self) -> tuple[Progress, ...]:
        """The rows where a gap was closed."""
        return tuple(r for r in self.rows if r.closed_gap)

    def records(self) -> list[dict[str, object]]:
        """One mapping per person and competency."""
        return [
            {
                "employee_id": r.employee_id,
                "competency": r.competency,
                "target": r.target,
                "before": r.before,
                "before_on": r.before_on,
                "after": r.after,
                "after_on": r.after_on,
                "change": r.change,
                "closed_gap": r.closed_gap,
            }
            for r in self.rows
        ]

    def to_pandas(self) -> Any:
        """The records as a ``pandas.DataFrame``; needs pandas."""
        columns = (
            "employee_id",
            "competency",
            "target",
            "before",
            "before_on",
            "after",
            "after_on",
            "change",
            "closed_gap",
        )
        return data_frame(self.records(), columns)


def progress(
    assessments: AssessmentTable,
    standard: PositionStandard,
    since: dt.date,
    until: dt.date,
    employees: Iterable[str] | None = None,
) -> ProgressTable:
    """Progress of ``employees`` (every assessed employee by default) on every competency of
    the standard, from the level in force on ``since`` to the latest assessed after it, up to
    ``until``. A period that ends before it starts is
    :class:`~asn_competency.errors.PolicyError` ``period.order``."""
    if until < since:
        raise PolicyError(
            [
                Problem(
                    "period.order",
                    f"the period ends before it starts: until ({until}) is before since ({since})",
                    value=until.isoformat(),
                    hint="give an until on or after since",
                )
            ]
        )
    people = sorted(set(assessments.employees() if employees is None else employees))
    rows = []
    for employee in people:
        for requirement in core_first(standard):
            history = assessments.history(employee, requirement.competency)
            before = _last(a for a in history if a.date <= since)
            after = _last(a for a in history if since < a.date <= until)
            rows.append(
                Progress(
                    employee,
                    requirement.competency,
                    requirement.level,
                    None if before is None else before.level,
                    None if before is None else before.date,
                    None if after is None else after.level,
                    None if after is None else after.date,
                )
            )
    return ProgressTable(tuple(rows), since, until)


def _last(items: Iterable[Assessment]) -> Assessment | None:
    found = None
    for item in items:  # a history is oldest first
        found = item
    return found
