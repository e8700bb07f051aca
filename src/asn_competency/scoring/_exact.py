"""Refusing inexact numbers at the Python API: one check, one message, for every method."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from asn_competency.errors import Path, Problem, describe_value

__all__ = ["inexact_problem"]


def inexact_problem(
    raw: object, where: str, path: Path, *, fractions: bool = True
) -> Problem | None:
    """Why ``raw`` is not an exact finite number (``int``, ``Decimal``, and ``Fraction`` when
    allowed), as a problem; ``None`` when it is one."""
    allowed: tuple[type, ...] = (int, Decimal, Fraction) if fractions else (int, Decimal)
    if isinstance(raw, bool) or not isinstance(raw, allowed):
        kinds = "a Decimal, a Fraction or an int" if fractions else "a Decimal or an int"
        return Problem(
            "schema.type",
            f"{where} must be an exact number, {kinds} (got {describe_value(raw)})",
            path=path,
            value=raw,
            hint="binary floating point is not exact: pass a Decimal"
            if isinstance(raw, float)
            else None,
        )
    if isinstance(raw, Decimal) and not raw.is_finite():
        return Problem(
            "schema.range", f"{where} must be finite (got {raw})", path=path, value=str(raw)
        )
    return None
