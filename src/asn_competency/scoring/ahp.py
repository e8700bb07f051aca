"""Analytic Hierarchy Process (AHP): criterion weights from a pairwise comparison matrix.

Saaty's method: an expert compares every pair of criteria on the 1-9 scale; ``matrix[i][j]``
says how many times more important criterion *i* is than criterion *j*, so the matrix is
positive and reciprocal (``matrix[j][i] == 1 / matrix[i][j]``, ones on the diagonal). The
weights are the principal (Perron) eigenvector of the matrix, normalised to sum to 1.

Exactness
    The judgements are read **exactly**: ``int``, :class:`~fractions.Fraction`,
    :class:`~decimal.Decimal` or a string such as ``"1/3"`` or ``"2.5"``. Binary floats are
    refused because ``1/3`` as a float is not the reciprocal of ``3``, and reciprocity is
    checked exactly. The eigenvector itself is irrational in general, so it is computed in
    floating point by power iteration, until two successive iterates differ by at most
    ``1e-15`` in every component (on random reciprocal matrices up to 10-by-10 the residual
    ``|A·w - λmax·w|`` stays below ``1e-13``). The result's numbers are therefore
    ``float``: AHP weights are an input that a person then fixes in a policy file as exact
    decimals, not a threshold compared by the library.

Consistency
    ``λmax ≥ n`` with equality exactly when the judgements are consistent
    (``a[i][k] == a[i][j] * a[j][k]``). ``CI = (λmax - n) / (n - 1)`` and
    ``CR = CI / RI(n)``, where ``RI(n)`` is the mean CI of random reciprocal matrices of order
    *n*. A CR above ``0.10`` means the judgements should be revised.

    For ``n ≤ 2`` every positive reciprocal matrix is perfectly consistent and ``RI`` is 0:
    CR is undefined there, so :attr:`AhpResult.cr` is ``None``, ``ci`` is exactly ``0.0``
    and :attr:`AhpResult.consistent` is ``True`` (this library's choice; some tools print a
    CR of 0 instead).

Explaining an inconsistency
    For each comparison, ``e = a[i][j] · w[j] / w[i]`` is 1 when the judgement agrees with
    the weights. Saaty suggests revising the judgement whose ``e + 1/e`` is largest: that
    is :attr:`AhpResult.most_inconsistent`, which the ``ahp.inconsistent`` error names
    together with the ratio the weights imply.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal

from asn_competency.errors import PolicyError, Problem, describe_value

__all__ = [
    "CR_THRESHOLD",
    "SAATY_RANDOM_INDEX",
    "AhpResult",
    "Judgement",
    "ahp_weights",
]

#: One pairwise judgement, read exactly: ``3``, ``Fraction(1, 3)``, ``Decimal("2.5")``, ``"1/3"``.
Judgement = int | Fraction | Decimal | str

#: Saaty's random consistency index RI(n) for matrices of order 1 to 10 (Saaty, *The Analytic
#: Hierarchy Process*, 1980; the table most AHP software calls "Saaty").
SAATY_RANDOM_INDEX: Mapping[int, Decimal] = MappingProxyType(
    {
        1: Decimal("0"),
        2: Decimal("0"),
        3: Decimal("0.58"),
        4: Decimal("0.90"),
        5: Decimal("1.12"),
        6: Decimal("1.24"),
        7: Decimal("1.32"),
        8: Decimal("1.41"),
        9: Decimal("1.45"),
        10: Decimal("1.49"),
    }
)

#: Judgements whose consistency ratio is above this are inconsistent (Saaty's 10% rule).
CR_THRESHOLD = 0.10

_TOLERANCE = 1e-15
#: Judgements are computed with in floating point: refuse those it cannot hold.
_EXTREME = Fraction(1, 10**100)
_MAX_ITERATIONS = 100_000
#: ``e + 1/e`` above ``2 + this`` marks a comparison as departing from the weights.
_DEVIATION_EPSILON = 1e-9


@dataclass(frozen=True, slots=True, repr=False)
class AhpResult:
    """The weights derived from one pairwise comparison matrix, and how consistent it is.

    Attributes:
        weights: The principal eigenvector, in the matrix's row order, summing to 1.
        lambda_max: The principal eigenvalue λmax (``n`` for a consistent matrix).
        ci: Consistency index ``(λmax - n) / (n - 1)``; exactly 0.0 for ``n ≤ 2``.
        cr: Consistency ratio ``CI / RI(n)``; ``None`` for ``n ≤ 2``, where it is undefined.
        n: The order of the matrix (number of criteria).
        consistent: ``cr is None or cr <= 0.10``.
        most_inconsistent: The comparison ``(i, j)``, ``i < j``, whose judgement departs
            most from the ratio of the weights, or ``None`` when none departs.
        random_index: The RI(n) used for CR, or ``None`` for ``n ≤ 2``.
        iterations: Power-iteration steps taken.
    """

    weights: tuple[float, ...]
    lambda_max: float
    ci: float
    cr: float | None
    n: int
    consistent: bool
    most_inconsistent: tuple[int, int] | None
    random_index: Decimal | None
    iterations: int

    def implied_ratio(self, i: int, j: int) -> float:
        """The judgement ``matrix[i][j]`` that would agree with the weights: ``w[i] / w[j]``."""
        return self.weights[i] / self.weights[j]

    def __repr__(self) -> str:
        weights = ", ".join(f"{w:.4f}" for w in self.weights)
        cr = "None" if self.cr is None else f"{self.cr:.4f}"
        return (
            f"AhpResult(n={self.n}, weights=({weights}), lambda_max={self.lambda_max:.4f}, "
            f"ci={self.ci:.4f}, cr={cr}, consistent={self.consistent}, "
            f"most_inconsistent={self.most_inconsistent})"
        )


def ahp_weights(
    matrix: Sequence[Sequence[Judgement]],
    *,
    random_index: Literal["saaty"] | Mapping[int, Judgement] = "saaty",
    check: bool = True,
    labels: Sequence[str] | None = None,
) -> AhpResult:
    """Weights of *n* criteria from their ``n-by-n`` pairwise comparison matrix.

    Args:
        matrix: Square, positive and reciprocal; ``matrix[i][j]`` is how many times more
            important criterion *i* is than criterion *j*. Cells are ``int``, ``Fraction``,
            ``Decimal`` or strings such as ``"1/3"``; binary floats are refused.
        random_index: ``"saaty"`` for :data:`SAATY_RANDOM_INDEX`, or a mapping ``n → RI``.
        check: When true (the default), a consistency ratio above 0.10 raises
            ``ahp.inconsistent``; when false the result is returned anyway, with
            ``consistent=False``.
        labels: Optional names of the criteria, used in error messages.

    Returns:
        An :class:`AhpResult`.

    Raises:
        PolicyError: ``ahp.matrix`` (not square, a cell not positive, a diagonal cell not 1,
            a pair not reciprocal), ``schema.type`` (a cell that is not an exact number),
            ``schema.length`` (``labels`` of the wrong length), ``schema.enum`` (an unknown
            random-index table), ``schema.range`` (no usable RI for this *n*) or
            ``ahp.inconsistent`` (CR above 0.10 while ``check`` is true).
    """
    exact = _read_matrix(matrix, labels)
    n = len(exact)
    ri = _random_index(random_index, n)

    floats = [[float(cell) for cell in row] for row in exact]
    weights, iterations = _principal_eigenvector(floats)
    product = [math.fsum(floats[i][j] * weights[j] for j in range(n)) for i in range(n)]
    # The weights sum to 1, so the components of A·w sum to λmax·1.
    lambda_max = math.fsum(product)
    if n <= 2:
        ci, cr = 0.0, None
    else:
        ci = (lambda_max - n) / (n - 1)
        cr = ci / float(ri) if ri is not None else None
    worst = _most_inconsistent(floats, weights)
    result = AhpResult(
        weights=tuple(weights),
        lambda_max=lambda_max,
        ci=ci,
        cr=cr,
        n=n,
        consistent=cr is None or cr <= CR_THRESHOLD,
        most_inconsistent=worst,
        random_index=ri,
        iterations=iterations,
    )
    if check and not result.consistent:
        raise PolicyError([_inconsistency_problem(result, exact, labels)])
    return result


def _name(i: int, j: int, labels: Sequence[str] | None) -> str:
    cell = f"matrix[{i}][{j}]"
    if labels is not None:
        cell += f" ({labels[i]} vs {labels[j]})"
    return cell


def _show(value: Fraction) -> str:
    return str(value)


def _read_matrix(
    matrix: Sequence[Sequence[Judgement]], labels: Sequence[str] | None
) -> list[list[Fraction]]:
    """Parse and check the matrix; raise one PolicyError listing every problem."""
    if isinstance(matrix, str | bytes) or not isinstance(matrix, Sequence):
        raise PolicyError(
            [
                Problem(
                    "schema.type",
                    f"the matrix must be a list of rows (got {describe_value(matrix)})",
                    value=matrix,
                )
            ]
        )
    n = len(matrix)
    if n == 0:
        raise PolicyError([Problem("ahp.matrix", "the matrix is empty: compare 1 or more items")])
    problems: list[Problem] = []
    for i, row in enumerate(matrix):
        if isinstance(row, str | bytes) or not isinstance(row, Sequence):
            problems.append(
                Problem(
                    "ahp.matrix",
                    f"row {i} must be a list of {n} numbers (got {describe_value(row)})",
                    path=(i,),
                    value=row,
                )
            )
        elif len(row) != n:
            problems.append(
                Problem(
                    "ahp.matrix",
                    f"the matrix is not square: it has {n} rows but row {i} has {len(row)} cells",
                    path=(i,),
                    hint=f"give every row {n} cells",
                )
            )
    if labels is not None and len(labels) != n:
        problems.append(
            Problem(
                "schema.length",
                f"{len(labels)} labels for a matrix of {n} rows: give one label per row",
            )
        )
    if problems:
        raise PolicyError(problems)

    cells: list[list[Fraction | None]] = []
    for i, row in enumerate(matrix):
        parsed: list[Fraction | None] = []
        for j, raw in enumerate(row):
            value, problem = _parse_judgement(raw, i, j, labels)
            if problem is not None:
                problems.append(problem)
            parsed.append(value)
        cells.append(parsed)

    for i in range(n):
        diagonal = cells[i][i]
        if diagonal is not None and diagonal != 1:
            problems.append(
                Problem(
                    "ahp.matrix",
                    f"{_name(i, i, labels)} is {_show(diagonal)}: an item compared with "
                    f"itself must be 1",
                    path=(i, i),
                    value=matrix[i][i],
                )
            )
    for i in range(n):
        for j in range(i + 1, n):
            upper, lower = cells[i][j], cells[j][i]
            if upper is None or lower is None or upper * lower == 1:
                continue
            problems.append(
                Problem(
                    "ahp.matrix",
                    f"{_name(j, i, labels)} is {_show(lower)} but {_name(i, j, labels)} is "
                    f"{_show(upper)}: they must be reciprocal ({_name(j, i, labels)} should "
                    f"be {_show(1 / upper)})",
                    path=(j, i),
                    value=matrix[j][i],
                    hint="write reciprocals as exact fractions, e.g. '1/3'",
                )
            )
    if problems:
        raise PolicyError(problems)
    return [[cell for cell in row if cell is not None] for row in cells]


def _parse_judgement(
    raw: Any, i: int, j: int, labels: Sequence[str] | None
) -> tuple[Fraction | None, Problem | None]:
    where = _name(i, j, labels)
    if isinstance(raw, bool) or not isinstance(raw, int | Fraction | Decimal | str):
        hint = None
        if isinstance(raw, float):
            hint = "binary floating point cannot hold a judgement such as 1/3 exactly"
        return None, Problem(
            "schema.type",
            f"{where} must be an exact number: an int, Fraction, Decimal or a string such "
            f"as '1/3' (got {describe_value(raw)})",
            path=(i, j),
            value=raw,
            hint=hint or "write the judgement as an integer or a fraction such as '1/3'",
        )
    value = _to_fraction(raw)
    if value is None:
        return None, Problem(
            "ahp.matrix",
            f"{where} must be a positive number such as 3 or '1/3' (got {describe_value(raw)})",
            path=(i, j),
            value=raw,
        )
    if value <= 0:
        return None, Problem(
            "ahp.matrix",
            f"{where} must be positive (got {describe_value(raw)})",
            path=(i, j),
            value=raw,
            hint="Saaty's scale runs from 1/9 to 9",
        )
    if not _EXTREME <= value <= 1 / _EXTREME:
        return None, Problem(
            "ahp.matrix",
            f"{where} is {describe_value(raw)}: a judgement must lie between 1e-100 and 1e100",
            path=(i, j),
            value=raw,
            hint="Saaty's scale runs from 1/9 to 9",
        )
    return value, None


def _random_index(table: Literal["saaty"] | Mapping[int, Judgement], n: int) -> Decimal | None:
    """RI(n) from the chosen table; ``None`` when ``n ≤ 2``, where CR is not defined."""
    if isinstance(table, str):
        if table != "saaty":
            raise PolicyError(
                [
                    Problem(
                        "schema.enum",
                        f"random_index must be 'saaty' or a mapping n → RI (got {table!r})",
                        value=table,
                    )
                ]
            )
        table = SAATY_RANDOM_INDEX
    if n <= 2:
        return None
    if n not in table:
        covered = ", ".join(str(k) for k in sorted(table))
        raise PolicyError(
            [
                Problem(
                    "schema.range",
                    f"the random-index table has no RI for n={n} (it covers n = {covered})",
                    value=n,
                    hint=f"pass random_index={{..., {n}: RI}} from a published table",
                )
            ]
        )
    raw = table[n]
    exact = _to_fraction(raw)
    if exact is None or exact <= 0:
        raise PolicyError(
            [
                Problem(
                    "schema.range",
                    f"RI({n}) must be a positive exact number (got {describe_value(raw)})",
                    value=raw,
                )
            ]
        )
    return Decimal(exact.numerator) / Decimal(exact.denominator)


def _to_fraction(raw: object) -> Fraction | None:
    """An exact number as a Fraction; ``None`` for floats, booleans, non-numbers, NaN, ∞."""
    if isinstance(raw, bool) or not isinstance(raw, int | Fraction | Decimal | str):
        return None
    if isinstance(raw, Decimal) and not raw.is_finite():
        return None
    try:
        return Fraction(raw)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None


def _principal_eigenvector(a: list[list[float]]) -> tuple[list[float], int]:
    """Power iteration from the normalised row geometric means; returns (weights, steps)."""
    n = len(a)
    start = [math.exp(math.fsum(math.log(x) for x in row) / n) for row in a]
    total = math.fsum(start)
    w = [x / total for x in start]
    for step in range(1, _MAX_ITERATIONS + 1):
        v = [math.fsum(a[i][j] * w[j] for j in range(n)) for i in range(n)]
        total = math.fsum(v)
        v = [x / total for x in v]
        delta = max(abs(x - y) for x, y in zip(v, w, strict=True))
        w = v
        if delta <= _TOLERANCE:
            return w, step
    raise ArithmeticError(  # pragma: no cover - a positive matrix always converges
        f"power iteration did not converge in {_MAX_ITERATIONS} steps"
    )


def _most_inconsistent(a: list[list[float]], w: list[float]) -> tuple[int, int] | None:
    """The pair ``(i, j)``, ``i < j``, maximising ``e + 1/e`` with ``e = a_ij · w_j / w_i``."""
    best: tuple[int, int] | None = None
    best_deviation = 2.0 + _DEVIATION_EPSILON
    n = len(a)
    for i in range(n):
        for j in range(i + 1, n):
            e = a[i][j] * w[j] / w[i]
            deviation = e + 1.0 / e
            if deviation > best_deviation:
                best, best_deviation = (i, j), deviation
    return best


def _inconsistency_problem(
    result: AhpResult, exact: list[list[Fraction]], labels: Sequence[str] | None
) -> Problem:
    message = (
        f"the comparisons are inconsistent: CR = {result.cr or 0.0:.3f}, above the "
        f"{CR_THRESHOLD:.2f} limit"
    )
    path: tuple[int, ...] = ()
    value: Fraction | None = None
    if result.most_inconsistent is not None:
        i, j = result.most_inconsistent
        value = exact[i][j]
        message += (
            f"; the most inconsistent comparison is {_name(i, j, labels)} = {_show(value)}, "
            f"where the weights imply about {result.implied_ratio(i, j):.2f}"
        )
        path = (i, j)
    return Problem(
        "ahp.inconsistent",
        message,
        path=path,
        value=value,
        hint="revise that judgement, or pass check=False to accept the result",
    )
