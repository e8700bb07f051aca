"""TOPSIS (Hwang & Yoon, 1981): closeness of each alternative to the ideal solution.

**For analysis only — never for an official decision.** TOPSIS normalises every criterion
over the alternatives in the pool (by the column's Euclidean norm, or its minimum and maximum)
and measures distances to the best and worst values *present in the pool*. An applicant's
closeness therefore depends on who else applied: adding or removing one applicant can reverse
the order of two others who did not change at all (rank reversal; the tests show a small
instance). An official selection must score each applicant against fixed, published
standards (thresholds, points tables, Profile Matching against the position's SKJ), so that
an applicant's result depends only on their own record.

Use TOPSIS to explore a pool: sensitivity studies, comparing shortlists, research. Arithmetic
is in binary floating point, which is acceptable for that purpose and is why the function
returns ``float``.

Method (for ``m`` alternatives and ``n`` criteria):

1. normalise each column: ``"vector"`` divides by the column's Euclidean norm (the original
   method); ``"minmax"`` maps the column to ``[0, 1]``, worst to best;
2. multiply column *j* by ``weights[j]`` (weights need not sum to 1: the closeness does not
   change when every weight is multiplied by the same positive number);
3. the ideal takes each column's best value (the largest for a benefit criterion, the
   smallest for a cost criterion); the anti-ideal the worst;
4. closeness ``C = d⁻ / (d⁺ + d⁻)``, with ``d⁺``, ``d⁻`` the Euclidean distances to the ideal
   and the anti-ideal. ``C`` lies in ``[0, 1]``; 1 is the ideal.

A column whose values are all equal does not distinguish anyone and contributes nothing.
When every alternative is identical on every weighted criterion, ``d⁺ = d⁻ = 0`` and the
closeness is defined as 0.5 for all of them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from asn_competency.errors import PolicyError, Problem, describe_value

__all__ = ["Normalization", "TopsisValue", "topsis"]

#: A number in a TOPSIS decision matrix or weight vector (floats are accepted here).
TopsisValue = int | float | Decimal | Fraction

#: How each column is normalised over the pool.
Normalization = Literal["vector", "minmax"]


def topsis(
    matrix: Sequence[Sequence[TopsisValue]],
    weights: Sequence[TopsisValue],
    *,
    benefit: Sequence[bool],
    normalization: Normalization = "vector",
) -> tuple[float, ...]:
    """Closeness coefficients of the alternatives (rows) to the ideal, in input order.

    Pool-relative: see the module documentation before using this for anything official.

    Args:
        matrix: One row per alternative, one column per criterion; finite numbers. With
            ``"vector"`` normalisation the values must not be negative.
        weights: One non-negative weight per criterion, not all zero.
        benefit: One flag per criterion: ``True`` when more is better, ``False`` for a cost.
        normalization: ``"vector"`` (Euclidean norm, the default) or ``"minmax"``.

    Returns:
        One closeness coefficient in ``[0, 1]`` per row.

    Raises:
        PolicyError: ``schema.type`` (a value that is not a number, a flag that is not a
            boolean), ``schema.length`` (an empty matrix, rows or vectors of unequal length),
            ``schema.range`` (a non-finite value, a negative weight or all weights zero, a
            negative value under vector normalisation) or ``schema.enum`` (an unknown
            normalisation).
    """
    rows, w = _check(matrix, weights, benefit, normalization)
    m, n = len(rows), len(w)
    columns = [[rows[i][j] for i in range(m)] for j in range(n)]
    normalised = [
        _normalise(column, is_benefit=benefit[j], how=normalization)
        for j, column in enumerate(columns)
    ]
    weighted = [[w[j] * normalised[j][i] for j in range(n)] for i in range(m)]
    ideal: list[float] = []
    anti: list[float] = []
    for j in range(n):
        column = [weighted[i][j] for i in range(m)]
        # Min-max columns are already oriented "larger is better".
        larger_is_better = benefit[j] or normalization == "minmax"
        ideal.append(max(column) if larger_is_better else min(column))
        anti.append(min(column) if larger_is_better else max(column))
    out: list[float] = []
    for row in weighted:
        d_plus = math.sqrt(math.fsum((v - b) ** 2 for v, b in zip(row, ideal, strict=True)))
        d_minus = math.sqrt(math.fsum((v - b) ** 2 for v, b in zip(row, anti, strict=True)))
        total = d_plus + d_minus
        out.append(0.5 if total == 0 else d_minus / total)
    return tuple(out)


def _normalise(column: list[float], *, is_benefit: bool, how: Normalization) -> list[float]:
    if how == "vector":
        norm = math.sqrt(math.fsum(x * x for x in column))
        return [0.0 if norm == 0 else x / norm for x in column]
    low, high = min(column), max(column)
    if high == low:
        return [0.0 for _ in column]
    span = high - low
    if is_benefit:
        return [(x - low) / span for x in column]
    return [(high - x) / span for x in column]


def _number(raw: object, where: str, path: tuple[int, ...]) -> tuple[float, Problem | None]:
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | Fraction):
        return 0.0, Problem(
            "schema.type",
            f"{where} must be a number (got {describe_value(raw)})",
            path=path,
            value=raw,
        )
    try:
        value = float(raw)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        return 0.0, Problem(
            "schema.range",
            f"{where} must be a finite number (got {describe_value(raw)})",
            path=path,
            value=raw,
        )
    return value, None


def _check(
    matrix: Sequence[Sequence[TopsisValue]],
    weights: Sequence[TopsisValue],
    benefit: Sequence[bool],
    normalization: str,
) -> tuple[list[list[float]], list[float]]:
    """Validate the inputs; return the matrix and weights as floats."""
    if normalization not in ("vector", "minmax"):
        raise PolicyError(
            [
                Problem(
                    "schema.enum",
                    f"normalization must be 'vector' or 'minmax' (got {normalization!r})",
                    value=normalization,
                )
            ]
        )
    n = len(weights)
    if len(matrix) == 0 or n == 0:
        raise PolicyError(
            [
                Problem(
                    "schema.length",
                    "TOPSIS needs at least one alternative and one criterion "
                    f"(got {len(matrix)} rows and {n} weights)",
                )
            ]
        )
    problems: list[Problem] = []
    if len(benefit) != n:
        problems.append(
            Problem(
                "schema.length",
                f"benefit has {len(benefit)} flags but there are {n} weights: give one per "
                f"criterion",
            )
        )
    flags: Sequence[object] = benefit  # checked at run time: callers may pass anything
    for j, flag in enumerate(flags):
        if not isinstance(flag, bool):
            problems.append(
                Problem(
                    "schema.type",
                    f"benefit[{j}] must be True or False (got {describe_value(flag)})",
                    value=flag,
                )
            )
    w: list[float] = []
    for j, raw in enumerate(weights):
        value, problem = _number(raw, f"weights[{j}]", (j,))
        if problem is None and value < 0:
            problem = Problem(
                "schema.range",
                f"weights[{j}] must not be negative (got {describe_value(raw)})",
                path=(j,),
                value=raw,
            )
        if problem is not None:
            problems.append(problem)
        w.append(value)
    if not problems and not any(w):
        problems.append(Problem("schema.range", "at least one weight must be positive"))
    rows: list[list[float]] = []
    for i, row in enumerate(matrix):
        if len(row) != n:
            problems.append(
                Problem(
                    "schema.length",
                    f"row {i} has {len(row)} values but there are {n} weights",
                    path=(i,),
                )
            )
            continue
        parsed: list[float] = []
        for j, raw in enumerate(row):
            value, problem = _number(raw, f"matrix[{i}][{j}]", (i, j))
            if problem is None and normalization == "vector" and value < 0:
                problem = Problem(
                    "schema.range",
                    f"matrix[{i}][{j}] is negative ({describe_value(raw)}): vector "
                    f"normalisation needs values of 0 or more",
                    path=(i, j),
                    value=raw,
                    hint="shift the criterion's scale, or use normalization='minmax'",
                )
            if problem is not None:
                problems.append(problem)
            parsed.append(value)
        rows.append(parsed)
    if problems:
        raise PolicyError(problems)
    return rows, w
