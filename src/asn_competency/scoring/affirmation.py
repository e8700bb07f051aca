"""PPPK affirmation points: extra technical-test points for declared conditions.

In PPPK selection, applicants in certain conditions (for example, for 2022 health workers:
service at a remote facility, age 35 or more with 3 years' service at their own facility,
service at their own facility, disability, Ministry postings) receive *affirmation points*
added to their technical score. Each condition is worth a percentage of the technical
maximum, rounded as the regulation declares (half-up to whole points in practice); the points
of several conditions are cumulative; the affirmed score is capped at the technical maximum.

Each condition is rounded **on its own**, then the rounded points are added: with a maximum
of 450, 35% and 25% give ``158 + 113 = 271`` points, not ``round(60% · 450) = 270``. This
follows the published per-condition figures (35% = 158, 25% = 113, 15% = 68, 10% = 45,
5% = 23 for a maximum of 450).

All arithmetic is exact :class:`~decimal.Decimal` arithmetic; binary floats are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from asn_competency.errors import PolicyError, Problem, describe_value
from asn_competency.scoring._exact import inexact_problem

__all__ = ["AffirmationResult", "affirmation_points", "apply_affirmation"]

#: Working precision for the exact products (far above any score's digits).
_PRECISION = 50

_ROUNDINGS = frozenset(
    {
        "ROUND_UP",
        "ROUND_DOWN",
        "ROUND_CEILING",
        "ROUND_FLOOR",
        "ROUND_HALF_UP",
        "ROUND_HALF_DOWN",
        "ROUND_HALF_EVEN",
        "ROUND_05UP",
    }
)


@dataclass(frozen=True, slots=True, repr=False)
class AffirmationResult:
    """The affirmation points of one applicant's conditions.

    Attributes:
        maximum: The technical score's maximum (e.g. 450), which also caps the affirmed score.
        shares: Each condition's share of the maximum, as given (``Decimal("0.35")`` = 35%).
        points: Each condition's points, ``share · maximum`` rounded as declared.
        total: The sum of ``points`` (uncapped; the cap applies to the affirmed score).
        rounding: The :mod:`decimal` rounding mode used, e.g. ``"ROUND_HALF_UP"``.
        places: Decimal places kept (0 = whole points).
    """

    maximum: Decimal
    shares: tuple[Decimal, ...]
    points: tuple[Decimal, ...]
    total: Decimal
    rounding: str
    places: int

    def apply(self, score: int | Decimal) -> Decimal:
        """The affirmed score: ``score + total``, capped at ``maximum``."""
        return apply_affirmation(score, self.total, self.maximum)

    def __repr__(self) -> str:
        points = ", ".join(str(p) for p in self.points)
        shares = ", ".join(str(s) for s in self.shares)
        return (
            f"AffirmationResult(maximum={self.maximum}, shares=({shares}), "
            f"points=({points}), total={self.total})"
        )


def affirmation_points(
    maximum: int | Decimal,
    percentages: Sequence[Decimal],
    *,
    rounding: str = ROUND_HALF_UP,
    places: int = 0,
) -> AffirmationResult:
    """Affirmation points for each condition an applicant meets.

    Args:
        maximum: The technical score's maximum, a positive ``int`` or ``Decimal``.
        percentages: Each condition's share of the maximum as a fraction from 0 to 1:
            ``Decimal("0.35")`` for 35%. Exact ``Decimal`` or ``int`` only.
        rounding: A :mod:`decimal` rounding mode (default ``ROUND_HALF_UP``).
        places: Decimal places to keep in each condition's points (default 0: whole points).

    Returns:
        An :class:`AffirmationResult`; ``points[k]`` is ``percentages[k] · maximum`` rounded.

    Raises:
        PolicyError: ``schema.type`` (a float or non-number), ``schema.range`` (a maximum
            that is not positive, a share outside 0..1, negative ``places``) or
            ``schema.enum`` (an unknown rounding mode).
    """
    problems: list[Problem] = []
    top = _exact(maximum, "maximum", ("maximum",), problems)
    if top is not None and top <= 0:
        problems.append(_range("maximum must be positive", maximum, ("maximum",)))
    shares: list[Decimal] = []
    for k, raw in enumerate(percentages):
        share = _exact(raw, f"percentages[{k}]", ("percentages", k), problems)
        if share is None:
            continue
        if not 0 <= share <= 1:
            hint = None
            if 1 < share <= 100:
                hint = f"write shares as fractions: Decimal('{share / 100}') for {share}%"
            problems.append(
                _range(
                    f"percentages[{k}] must be a share from 0 to 1",
                    raw,
                    ("percentages", k),
                    hint,
                )
            )
        shares.append(share)
    if rounding not in _ROUNDINGS:
        problems.append(
            Problem(
                "schema.enum",
                f"rounding must be one of {', '.join(sorted(_ROUNDINGS))} "
                f"(got {describe_value(rounding)})",
                path=("rounding",),
                value=rounding,
            )
        )
    if isinstance(places, bool) or not isinstance(places, int) or places < 0:
        problems.append(_range("places must be a whole number of 0 or more", places, ("places",)))
    if problems or top is None:
        raise PolicyError(problems)
    quantum = Decimal(1).scaleb(-places)
    with localcontext() as context:
        context.prec = _PRECISION
        points = tuple((s * top).quantize(quantum, rounding=rounding) for s in shares)
        total = sum(points, Decimal(0))
    return AffirmationResult(
        maximum=top,
        shares=tuple(shares),
        points=points,
        total=total,
        rounding=rounding,
        places=places,
    )


def apply_affirmation(
    score: int | Decimal, points: int | Decimal, maximum: int | Decimal
) -> Decimal:
    """Add affirmation points to a technical score, capped at the technical maximum.

    Args:
        score: The technical score, from 0 to ``maximum``.
        points: The affirmation points (e.g. :attr:`AffirmationResult.total`), 0 or more.
        maximum: The technical maximum, which the affirmed score never exceeds.

    Returns:
        ``min(score + points, maximum)``.

    Raises:
        PolicyError: ``schema.type`` (a float or non-number) or ``schema.range`` (a negative
            score or points, a score above the maximum, a maximum that is not positive).
    """
    problems: list[Problem] = []
    top = _exact(maximum, "maximum", ("maximum",), problems)
    base = _exact(score, "score", ("score",), problems)
    extra = _exact(points, "points", ("points",), problems)
    if top is not None and top <= 0:
        problems.append(_range("maximum must be positive", maximum, ("maximum",)))
    if base is not None and base < 0:
        problems.append(_range("score must not be negative", score, ("score",)))
    if base is not None and top is not None and base > top:
        problems.append(
            _range(f"score must not be above the maximum of {maximum}", score, ("score",))
        )
    if extra is not None and extra < 0:
        problems.append(_range("points must not be negative", points, ("points",)))
    if problems or top is None or base is None or extra is None:
        raise PolicyError(problems)
    with localcontext() as context:
        context.prec = _PRECISION
        return min(base + extra, top)


def _exact(
    raw: object, where: str, path: tuple[str | int, ...], problems: list[Problem]
) -> Decimal | None:
    """An ``int`` or finite ``Decimal`` as a Decimal; records a problem otherwise."""
    problem = inexact_problem(raw, where, path, fractions=False)
    if problem is not None:
        problems.append(problem)
        return None
    return Decimal(raw) if isinstance(raw, int | Decimal) else None


def _range(
    message: str, value: object, path: tuple[str | int, ...], hint: str | None = None
) -> Problem:
    return Problem(
        "schema.range",
        f"{message} (got {describe_value(value)})",
        path=path,
        value=value,
        hint=hint,
    )
