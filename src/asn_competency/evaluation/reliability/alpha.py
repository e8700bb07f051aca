"""Cronbach's (1951) alpha with Feldt, Woodruff & Salih's (1987) interval."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from asn_competency.evaluation._common import (
    Table,
    exact_matrix,
    fail,
    need,
)
from asn_competency.evaluation.reliability._shared import (
    _LEVEL,
    _f_quantile,
    _sample_variance,
)

# --- Cronbach's alpha -----------------------------------------------------------------------


def feldt_interval(
    alpha: Fraction | float, respondents: int, items: int, level: float = _LEVEL
) -> tuple[float, float]:
    """The confidence interval of coefficient alpha of Feldt, Woodruff & Salih (1987, p. 95,
    formulas 6 and 7): ``1 − (1 − alpha)·F`` at the upper and lower ``(1 − level)/2`` points of
    the F distribution with ``n − 1`` and ``(n − 1)(k − 1)`` degrees of freedom."""
    need(respondents, 2, "respondents")
    need(items, 2, "items")
    df1 = respondents - 1
    df2 = (respondents - 1) * (items - 1)
    tail = (1 - level) / 2
    rest = 1 - float(alpha)
    return (
        1 - rest * _f_quantile(1 - tail, df1, df2),
        1 - rest * _f_quantile(tail, df1, df2),
    )


@dataclass(frozen=True)
class CronbachAlpha(Table):
    """Coefficient alpha of a test's items: how consistently they measure one thing."""

    value: Fraction
    ci95: tuple[float, float]
    respondents: int
    items: int

    def records(self) -> list[dict[str, object]]:
        """One row: alpha, its interval and the matrix's size."""
        return [
            {
                "statistic": "Cronbach's alpha",
                "value": self.value,
                "ci95": self.ci95,
                "respondents": self.respondents,
                "items": self.items,
            }
        ]

    def caption(self) -> str:
        """What the table shows."""
        return "Internal consistency (Cronbach's alpha, Feldt 95% interval)"


def cronbach_alpha(items: object) -> CronbachAlpha:
    """Cronbach's alpha of a matrix with one row per respondent and one column per item:
    ``k/(k − 1) · (1 − Σ item variances / variance of the totals)``, exact, with the Feldt
    95% interval. At least two respondents and two items; every cell a finite number."""
    matrix = exact_matrix(items, "items")
    n, k = len(matrix), len(matrix[0])
    need(n, 2, "respondents (rows)")
    need(k, 2, "items (columns)")
    item_variance = sum(
        (_sample_variance([row[j] for row in matrix]) for j in range(k)), Fraction(0)
    )
    total_variance = _sample_variance([sum(row, Fraction(0)) for row in matrix])
    if total_variance == 0:
        raise fail(
            "stats.undefined",
            "alpha is undefined: every respondent has the same total score",
            hint="alpha needs respondents whose totals differ",
        )
    value = Fraction(k, k - 1) * (1 - item_variance / total_variance)
    return CronbachAlpha(value, feldt_interval(value, n, k), n, k)
