"""Predictive validity: do selection scores go with how people later perform (SKP ratings, a
re-assessment)?

:func:`correlations` gives, for paired values, the three usual coefficients with 95%
confidence intervals and two-sided p-values, all from scipy where scipy has them:

- Pearson's r (``scipy.stats.pearsonr``; its p-value from the t distribution), interval by
  Fisher's z transformation (Fisher 1921; scipy's ``confidence_interval``):
  ``tanh(atanh(r) ± z₀.₉₇₅ / √(n − 3))``.
- Spearman's rho (``scipy.stats.spearmanr``), interval by Fisher's z with the standard error
  of Bonett & Wright (2000): ``√((1 + rho²/2)/(n − 3))``.
- Kendall's tau-b (``scipy.stats.kendalltau``), interval by Fisher's z with the standard error
  of Fieller, Hartley & Pearson (1957): ``√(0.437/(n − 4))``.

A pair with a side missing (``None`` or NaN: someone selected but not yet rated, or rated but
with no selection score) cannot enter a correlation; such pairs are counted and reported
(``missing_scores``, ``missing_ratings``, ``missing_both``), never dropped silently.

Correlations are descriptive here: nothing is decided by comparing them with a threshold, so
they are binary floats (a square root makes them irrational anyway).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from asn_competency.evaluation._common import (
    Table,
    exact,
    fail,
    is_missing,
    need,
    optional_module,
    same_length,
    unknown_key,
    values_of,
)

__all__ = [
    "Correlation",
    "Correlations",
    "correlations",
    "rank_interval",
]

_LEVEL = 0.95

#: The standard error of Fisher's z of each rank coefficient for ``n`` pairs.
_RANK_SE = {
    "spearman": lambda r, n: math.sqrt((1 + r * r / 2) / (n - 3)),  # Bonett & Wright (2000)
    "kendall": lambda r, n: math.sqrt(0.437 / (n - 4)),  # Fieller, Hartley & Pearson (1957)
}
#: The fewest pairs each interval needs.
_INTERVAL_MINIMUM = {"pearson": 4, "spearman": 4, "kendall": 5}


@dataclass(frozen=True)
class Correlation:
    """One coefficient: its ``estimate``, 95% interval (``None`` with too few pairs for it),
    two-sided ``p`` and how the interval was made."""

    method: str
    estimate: float
    ci95: tuple[float, float] | None
    p: float
    interval_method: str


@dataclass(frozen=True)
class Correlations(Table):
    """Pearson, Spearman and Kendall correlations of the complete pairs, with the counts of
    pairs left out because a side was missing."""

    rows: tuple[Correlation, ...]
    pairs: int
    missing_scores: int
    missing_ratings: int
    missing_both: int

    def __getitem__(self, method: str) -> Correlation:
        for row in self.rows:
            if row.method == method:
                return row
        raise unknown_key("method", method, [row.method for row in self.rows])

    def records(self) -> list[dict[str, object]]:
        """One row per coefficient."""
        return [
            {
                "method": row.method,
                "estimate": row.estimate,
                "ci95": row.ci95,
                "p": row.p,
                "pairs": self.pairs,
                "interval": row.interval_method,
            }
            for row in self.rows
        ]

    def caption(self) -> str:
        """What the table shows."""
        return f"Correlations of {self.pairs} complete pairs"

    def note(self) -> str:
        """The pairs left out."""
        left = self.missing_scores + self.missing_ratings + self.missing_both
        if not left:
            return ""
        return (
            f"{left} pair(s) left out: {self.missing_scores} without a score, "
            f"{self.missing_ratings} without a rating, {self.missing_both} without either"
        )


def rank_interval(
    method: str, estimate: float, pairs: int, level: float = _LEVEL
) -> tuple[float, float]:
    """The Fisher-z interval of a rank correlation: ``tanh(atanh(r) ± z·SE)`` with the
    standard error of Bonett & Wright (2000) for ``"spearman"`` and of Fieller, Hartley &
    Pearson (1957) for ``"kendall"``."""
    if method not in _RANK_SE:
        raise fail("stats.labels", f"method must be 'spearman' or 'kendall' (got {method!r})")
    need(pairs, _INTERVAL_MINIMUM[method], "pairs for the interval")
    if abs(estimate) >= 1:
        return (estimate, estimate)
    z: Any = optional_module("scipy.stats").norm.ppf(1 - (1 - level) / 2)
    spread = float(z) * _RANK_SE[method](estimate, pairs)
    centre = math.atanh(estimate)
    return (math.tanh(centre - spread), math.tanh(centre + spread))


def correlations(scores: Sequence[object], ratings: Sequence[object]) -> Correlations:
    """Pearson, Spearman and Kendall correlations between selection scores and later ratings
    of the same people (``scores[i]`` and ``ratings[i]`` belong to one person), with 95%
    intervals and p-values. Values are numbers (a Decimal, Fraction or int is read exactly,
    then as a float); ``None`` or NaN is a missing side, counted and left out. At least three
    complete pairs, and neither side constant (``stats.undefined``)."""
    xs, ys = values_of(scores, "scores"), values_of(ratings, "ratings")
    same_length(xs, ys, "scores and ratings")
    pairs: list[tuple[float, float]] = []
    counts = {"scores": 0, "ratings": 0, "both": 0}
    for index, (x, y) in enumerate(zip(xs, ys, strict=True)):
        gone_x, gone_y = is_missing(x), is_missing(y)
        if gone_x or gone_y:
            counts["both" if gone_x and gone_y else "scores" if gone_x else "ratings"] += 1
            continue
        pairs.append((float(exact(x, "scores", index)), float(exact(y, "ratings", index))))
    need(len(pairs), 3, "complete pairs")
    first = [x for x, _ in pairs]
    second = [y for _, y in pairs]
    for name, values in (("scores", first), ("ratings", second)):
        if len(set(values)) == 1:
            raise fail(
                "stats.undefined",
                f"a correlation is undefined: every complete pair has the same {name[:-1]}",
                hint="correlations need values that vary",
            )
    stats: Any = optional_module("scipy.stats")
    n = len(pairs)
    pearson = stats.pearsonr(first, second)
    pearson_interval = None
    if n >= _INTERVAL_MINIMUM["pearson"]:
        found = pearson.confidence_interval(confidence_level=_LEVEL)
        pearson_interval = (float(found.low), float(found.high))
    rows = [
        Correlation(
            "pearson",
            float(pearson.statistic),
            pearson_interval,
            float(pearson.pvalue),
            "Fisher z (Fisher 1921)",
        )
    ]
    for method, test, source in (
        ("spearman", stats.spearmanr, "Fisher z, SE of Bonett & Wright (2000)"),
        ("kendall", stats.kendalltau, "Fisher z, SE of Fieller, Hartley & Pearson (1957)"),
    ):
        result = test(first, second)
        estimate = float(result.statistic)
        interval = rank_interval(method, estimate, n) if n >= _INTERVAL_MINIMUM[method] else None
        rows.append(Correlation(method, estimate, interval, float(result.pvalue), source))
    return Correlations(tuple(rows), n, counts["scores"], counts["ratings"], counts["both"])
