"""Each rater's drift from the rest of the panel, with a paired t test."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from asn_competency.evaluation._common import (
    Table,
    exact,
    fail,
    need,
    optional_module,
    rows_of,
)
from asn_competency.evaluation.reliability._shared import (
    _mean,
)

# --- rater drift ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DriftRow:
    """One rater against the rest of the panel, over the ``targets`` the rater rated with
    another: the mean of (this rater's rating − the mean of the other raters' ratings of the
    same target), exact (``None`` without such a target); the paired t test of that mean
    against 0 (``t`` is ``None`` when every difference is the same: then ``p`` is 0 for a
    non-zero difference and 1 for none; ``p`` is ``None`` with fewer than two targets);
    ``direction`` ``harsher``, ``more lenient`` or ``none``; ``flagged`` when ``p`` is below
    the level: a flag for a calibration review, not a finding."""

    rater: str
    targets: int
    mean_difference: Fraction | None
    t: float | None
    df: int
    p: float | None
    direction: str
    flagged: bool


@dataclass(frozen=True)
class RaterDrift(Table):
    """Each rater's drift from the panel, and the level the p-values are compared with."""

    rows: tuple[DriftRow, ...]
    level: float

    def records(self) -> list[dict[str, object]]:
        """One row per rater."""
        return [
            {
                "rater": row.rater,
                "targets": row.targets,
                "mean_difference": row.mean_difference,
                "t": row.t,
                "df": row.df,
                "p": row.p,
                "direction": row.direction,
                "flagged": row.flagged,
            }
            for row in self.rows
        ]

    def caption(self) -> str:
        """What the table shows."""
        return "Rater drift: each rater against the mean of the other raters"

    def note(self) -> str:
        """How to read a flag."""
        return (
            f"flagged: p < {self.level} in a paired t test; a flag for review of the "
            "rater's calibration, not a finding of bias"
        )


def rater_drift(
    matrix: object, *, raters: Sequence[str] | None = None, level: float = 0.05
) -> RaterDrift:
    """Whether a rater is consistently harsher or more lenient than the rest of the panel.

    ``matrix`` has one row per target and one column per rater; ``None`` where a rater did
    not rate a target (a panel need not be complete). For each rater, on each target the
    rater rated with at least one other rater, the difference between the rater's rating
    and the mean of the others' ratings of that target; the mean difference (exact) and a
    paired t test against no difference (scipy's ``ttest_1samp``, two-sided, ``n − 1``
    degrees of freedom over those ``n`` targets). ``raters`` names the columns (default
    ``rater 1``, ``rater 2``, …). At least two targets and two raters.
    """
    given = rows_of(matrix, "matrix")
    rows = [
        [None if cell is None else exact(cell, "matrix", i, j) for j, cell in enumerate(row)]
        for i, row in enumerate(given)
    ]
    n, k = len(rows), len(rows[0])
    need(n, 2, "targets (rows)")
    need(k, 2, "raters (columns)")
    names = list(raters) if raters is not None else [f"rater {j + 1}" for j in range(k)]
    if len(names) != k:
        raise fail(
            "stats.length-mismatch",
            f"raters names {len(names)} raters where the matrix has {k} columns",
        )
    stats: Any = optional_module("scipy.stats")
    found = []
    for j, name in enumerate(names):
        differences = []
        for row in rows:
            own = row[j]
            others = [cell for o, cell in enumerate(row) if o != j and cell is not None]
            if own is not None and others:
                differences.append(own - sum(others, Fraction(0)) / len(others))
        found.append(_drift(str(name), differences, level, stats))
    return RaterDrift(tuple(found), level)


def _drift(name: str, differences: Sequence[Fraction], level: float, stats: Any) -> DriftRow:
    """One rater's row from its differences from the others."""
    count = len(differences)
    if not count:
        return DriftRow(name, 0, None, None, 0, None, "none", flagged=False)
    mean = _mean(differences)
    t: float | None = None
    p: float | None = None
    if len(set(differences)) == 1 and count > 1:
        p = 0.0 if mean else 1.0
    elif count > 1:
        test = stats.ttest_1samp([float(d) for d in differences], 0.0)
        t, p = float(test.statistic), float(test.pvalue)
    direction = "harsher" if mean < 0 else "more lenient" if mean > 0 else "none"
    flagged = mean != 0 and p is not None and p < level
    return DriftRow(name, count, mean, t, count - 1, p, direction, flagged=flagged)
