"""What the reliability statistics share: the interval level, the F distribution (scipy) and
exact means and variances."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from asn_competency.evaluation._common import (
    optional_module,
)

#: The level of every interval here.
_LEVEL = 0.95


def _f_quantile(q: float, df1: float, df2: float) -> float:
    """The ``q`` quantile of the F distribution (scipy)."""
    return float(optional_module("scipy.stats").f.ppf(q, df1, df2))


def _f_upper_tail(f: Fraction, df1: int, df2: int) -> float:
    """P(F ≥ f) under the F distribution with (df1, df2) degrees of freedom (scipy)."""
    return float(optional_module("scipy.stats").f.sf(float(f), df1, df2))


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _sample_variance(values: Sequence[Fraction]) -> Fraction:
    mean = _mean(values)
    return sum(((v - mean) ** 2 for v in values), Fraction(0)) / (len(values) - 1)
