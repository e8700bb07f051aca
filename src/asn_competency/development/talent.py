"""Talent mapping: the nine-box placement from performance (SKP) and potential (JPM).

PermenPANRB 3/2020 (``docs/domain.md``, "Talent management, development and performance"):
the box comes from performance (below / meets / above expectation) × potential (low / medium
/ high), numbered 1 below-low, 2 meets-low, 3 below-medium, 4 above-low, 5 meets-medium,
6 below-high, 7 above-medium, 8 meets-high, 9 above-high; the cut-offs on each axis are the
institution's. Here:

- **performance**: the SKP rating (PermenPANRB 6/2022) of the latest year up to the one asked
  for, placed on the axis by the policy's ``nine_box.performance`` map;
- **potential**: the JPM of the person's gap profile against the policy's cut-offs: *high*
  from ``high_from``, *medium* from ``medium_from``, *low* below it. A JPM exactly at a
  cut-off is in the higher group (the cut-off is the lowest value of its group). JPM is exact,
  so ``68`` is exactly at a cut-off of ``68``;
- **the box**: the policy's numbering (PermenPANRB 3/2020's by default).

The placement records every input that decided it (``talent.placed``: rating and year, JPM
and both cut-offs); a person without a rating or without a complete assessment gets no box,
and the fact says which input is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from asn_competency.development._common import data_frame
from asn_competency.development.facts import fact
from asn_competency.development.gaps import GapProfile
from asn_competency.development.inputs import PerformanceTable
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.outcomes import Fact

__all__ = ["NineBoxTable", "Placement", "nine_box", "place", "potential_axis"]


@dataclass(frozen=True, slots=True)
class Placement:
    """One person's nine-box placement (``box`` ``None`` when an input is missing)."""

    employee_id: str
    box: int | None
    box_name: str | None
    performance: str | None
    potential: str | None
    rating: str | None
    period: int | None
    jpm: Fraction | None
    reason: Fact


@dataclass(frozen=True)
class NineBoxTable:
    """The placements of a group, by employee id, and the talent pool of each box."""

    #: The columns of its records, in order (its CSV file's and its DataFrame's).
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "employee_id",
        "box",
        "box_name",
        "performance",
        "potential",
        "rating",
        "period",
        "jpm",
        "reason",
    )

    placements: tuple[Placement, ...]

    def pool(self) -> Mapping[int, tuple[str, ...]]:
        """Box number → the employee ids placed in it, sorted; every box 1 to 9 listed."""
        return {
            box: tuple(p.employee_id for p in self.placements if p.box == box)
            for box in range(1, 10)
        }

    def unplaced(self) -> tuple[Placement, ...]:
        """The people with no box (an input missing)."""
        return tuple(p for p in self.placements if p.box is None)

    def records(self) -> list[dict[str, object]]:
        """One mapping per person (exact JPM kept)."""
        return [
            {
                "employee_id": p.employee_id,
                "box": p.box,
                "box_name": p.box_name,
                "performance": p.performance,
                "potential": p.potential,
                "rating": p.rating,
                "period": p.period,
                "jpm": p.jpm,
                "reason": p.reason.code,
            }
            for p in self.placements
        ]

    def to_pandas(self) -> Any:
        """The records as a ``pandas.DataFrame`` (JPM as a float); needs pandas."""
        return data_frame(self.records(), self.COLUMNS)


def potential_axis(jpm: Fraction, policy: DevelopmentPolicy) -> str:
    """``high``, ``medium`` or ``low``: the JPM against the policy's cut-offs (at a cut-off:
    the higher group)."""
    cutoffs = policy.nine_box.potential
    if jpm >= cutoffs.high_from:
        return "high"
    if jpm >= cutoffs.medium_from:
        return "medium"
    return "low"


def place(
    profile: GapProfile, performance: PerformanceTable, policy: DevelopmentPolicy, period: int
) -> Placement:
    """One person's placement, from the SKP of the latest year up to ``period``."""
    rated = performance.latest(profile.employee_id, period)
    if rated is None:
        return Placement(
            profile.employee_id,
            None,
            None,
            None,
            None,
            None,
            None,
            profile.jpm,
            fact("talent.no-rating", up_to=period),
        )
    if profile.jpm is None:
        return Placement(
            profile.employee_id,
            None,
            None,
            None,
            None,
            rated.rating,
            rated.period,
            None,
            fact("talent.not-assessed", competencies=list(profile.missing)),
        )
    axis = policy.nine_box.performance.axis(rated.rating)
    potential = potential_axis(profile.jpm, policy)
    name = f"{axis}-{potential}"
    box = policy.nine_box.numbering[name]  # type: ignore[index]
    cutoffs = policy.nine_box.potential
    reason = fact(
        "talent.placed",
        box=box,
        performance=axis,
        potential=potential,
        rating=rated.rating,
        period=rated.period,
        jpm=profile.jpm,
        medium_from=cutoffs.medium_from,
        high_from=cutoffs.high_from,
        reference=policy.nine_box.reference,
    )
    return Placement(
        profile.employee_id,
        box,
        name,
        axis,
        potential,
        rated.rating,
        rated.period,
        profile.jpm,
        reason,
    )


def nine_box(
    profiles: Sequence[GapProfile],
    performance: PerformanceTable,
    policy: DevelopmentPolicy,
    period: int | None = None,
) -> NineBoxTable:
    """The placements of ``profiles``, sorted by employee id, from the SKP of the latest year
    up to ``period`` (by default the year before the profiles' as-of date: the last full
    year rated)."""
    placements = []
    for profile in sorted(profiles, key=lambda p: p.employee_id):
        year = period if period is not None else _previous_year(profile.as_of)
        placements.append(place(profile, performance, policy, year))
    return NineBoxTable(tuple(placements))


def _previous_year(as_of: dt.date) -> int:
    return as_of.year - 1
