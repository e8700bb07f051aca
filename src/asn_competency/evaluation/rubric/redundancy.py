"""Redundancy: which criteria of a rubric add little beyond the others.

Two views of the same question:

- the **correlation matrix** between the criteria (Pearson's r of every pair, over the
  applicants with both values, with its 95% interval, by
  :func:`~asn_competency.evaluation.correlations`);
- for each criterion, the **R²** of its linear regression on all the others (with an
  intercept, by least squares) and the **variance inflation factor** VIF = 1 / (1 − R²). A
  criterion that the others predict almost entirely measures little the others do not: its
  weight mostly doubles theirs. It is flagged at R² ≥ :data:`REDUNDANT_R2` (9/10, i.e. VIF
  ≥ 10, the usual rule of thumb: Kutner, Nachtsheim, Neter & Li, *Applied Linear Statistical
  Models*, 5th ed., 2005, §10.5). R² rather than the pairwise r because a criterion can be
  redundant with several others together while no single pair correlates strongly.

These statistics describe; they decide nothing, so they are computed in floating point
(NumPy's least squares, scipy's correlations: the ``analysis`` extra). Only the applicants with
every criterion known are used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from asn_competency.evaluation._common import (
    StatisticsError,
    Table,
    exact,
    fail,
    is_missing,
    values_of,
)
from asn_competency.evaluation.rubric._replay import Replay
from asn_competency.evaluation.validity import correlations
from asn_competency.model import RatingStage

__all__ = ["REDUNDANT_R2", "Redundancy", "RedundancyRow", "criteria_values", "redundancy"]

#: A criterion whose R² on the others reaches this is flagged as adding little (VIF ≥ 10).
REDUNDANT_R2 = 0.9


@dataclass(frozen=True)
class RedundancyRow:
    """One criterion: its R² on the others, its VIF (``None`` when R² is 1 or undefined) and
    the flag."""

    criterion: str
    r_squared: float | None
    vif: float | None
    redundant: bool


@dataclass(frozen=True)
class Redundancy(Table):
    """The correlation matrix (``matrix[a][b]``: Pearson's r, ``None`` where undefined) and
    each criterion's R² on the others, over ``applicants`` complete cases."""

    criteria: tuple[str, ...]
    matrix: Mapping[str, Mapping[str, float | None]]
    intervals: Mapping[tuple[str, str], tuple[float, float] | None]
    rows: tuple[RedundancyRow, ...]
    applicants: int
    label: str = "criteria"

    def records(self) -> list[dict[str, object]]:
        """One row per criterion: its R², VIF and flag, then its correlation with each."""
        return [
            {
                "criterion": row.criterion,
                "r_squared": row.r_squared,
                "vif": row.vif,
                "redundant": row.redundant,
                **{f"r_{other}": self.matrix[row.criterion][other] for other in self.criteria},
            }
            for row in self.rows
        ]

    def redundant(self) -> tuple[str, ...]:
        """The criteria flagged as adding little beyond the others."""
        return tuple(row.criterion for row in self.rows if row.redundant)

    def caption(self) -> str:
        """What the table shows."""
        return f"Redundancy of the {self.label} ({self.applicants} applicants)"

    def note(self) -> str:
        """How to read the table."""
        return (
            f"r_squared: of each criterion regressed on the others; redundant at R² ≥ "
            f"{REDUNDANT_R2} (VIF ≥ 10)"
        )


def redundancy(scores: Mapping[str, Sequence[object]], *, label: str = "criteria") -> Redundancy:
    """The correlation matrix of the criteria and each one's R² on the others.

    ``scores`` maps each criterion to its values, one per applicant, the same applicants in
    the same order; an applicant with any value missing (``None`` or NaN) is left out. At
    least two criteria and three complete applicants. Needs NumPy and scipy."""
    names = list(scores)
    if len(names) < 2:
        raise fail("stats.too-few", f"redundancy needs at least 2 criteria (got {len(names)})")
    columns = {name: values_of(scores[name], f"scores[{name!r}]") for name in names}
    length = len(columns[names[0]])
    for name in names:
        if len(columns[name]) != length:
            raise fail(
                "stats.length-mismatch",
                f"scores[{name!r}] has {len(columns[name])} values where "
                f"scores[{names[0]!r}] has {length}",
            )
    complete = [i for i in range(length) if not any(is_missing(columns[n][i]) for n in names)]
    if len(complete) < 3:
        raise fail("stats.too-few", f"redundancy needs 3 complete applicants (got {len(complete)})")
    data = {
        name: [float(exact(columns[name][i], f"scores[{name!r}]", i)) for i in complete]
        for name in names
    }
    matrix: dict[str, dict[str, float | None]] = {a: {} for a in names}
    intervals: dict[tuple[str, str], tuple[float, float] | None] = {}
    for a_index, a in enumerate(names):
        matrix[a][a] = 1.0 if len(set(data[a])) > 1 else None
        for b in names[a_index + 1 :]:
            try:
                found = correlations(data[a], data[b])["pearson"]
                r: float | None = found.estimate
                intervals[a, b] = found.ci95
            except StatisticsError:  # a constant criterion: r is undefined
                r, intervals[a, b] = None, None
            matrix[a][b] = matrix[b][a] = r
    rows = tuple(_r_squared(name, data, names) for name in names)
    return Redundancy(tuple(names), matrix, intervals, rows, len(complete), label)


def _r_squared(name: str, data: Mapping[str, list[float]], names: list[str]) -> RedundancyRow:
    target = np.array(data[name])
    spread = float(((target - target.mean()) ** 2).sum())
    if spread == 0:
        return RedundancyRow(name, None, None, redundant=False)
    others = [np.array(data[n]) for n in names if n != name]
    design = np.column_stack([np.ones(len(target)), *others])
    coefficients, *_ = np.linalg.lstsq(design, target, rcond=None)
    residual = target - design @ coefficients
    r2 = max(0.0, min(1.0, 1 - float((residual**2).sum()) / spread))
    vif = None if r2 >= 1 else 1 / (1 - r2)
    return RedundancyRow(name, r2, vif, redundant=r2 >= REDUNDANT_R2)


def criteria_values(replay: Replay, *, ratings: bool = False) -> dict[str, list[Fraction | None]]:
    """The values of the replay's weighted criteria for the candidates who reached its stage;
    with ``ratings``, instead the aggregated value of every criterion of the rating stages
    before it (the interview's competencies), for the same candidates."""
    if not ratings:
        return {c: list(replay.values[c]) for c in replay.criteria}
    found: dict[str, list[Fraction | None]] = {}
    for stage in replay.policy.stages[: replay.stage_index]:
        if isinstance(stage, RatingStage):
            for criterion in stage.criteria:
                found[criterion.id] = [
                    _fraction(c.values.get(criterion.field)) for c in replay.reached
                ]
    return found


def _fraction(value: object) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        return None
    return Fraction(value)
