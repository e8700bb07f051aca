"""Gap analysis: each person's levels against the position standard, and JPM with its band.

For every competency the standard (SKJ) requires, the level *in force* on the as-of date (the
latest assessment on or before it; ``docs/domain.md``, "Talent management, development and
performance": the plan comes from a gap analysis against the SKJ) is compared with the
required level:

- ``difference = level - target`` (Profile Matching's sign: negative below the standard);
- ``shortfall = max(0, target - level)``: the levels a development plan must close.

Rows are listed core factors first, each group in the standard's order. JPM is
``Σ attained ÷ Σ required × 100``
(:func:`~asn_competency.scoring.profile_matching.job_person_match`, capped at the target
or not as the policy declares) and its band is the policy's
(:func:`~asn_competency.scoring.profile_matching.jpm_band`), both exact. A competency with no
assessment in force leaves its gap unknown (``level`` ``None``) and the JPM undefined: a gap is
never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from asn_competency.development._common import core_first, data_frame
from asn_competency.development.inputs import AssessmentTable
from asn_competency.errors import PolicyError, Problem
from asn_competency.model import PositionStandard
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.scoring.profile_matching import JpmBand, job_person_match, jpm_band

__all__ = [
    "GapProfile",
    "GapRow",
    "GapTable",
    "as_of_date",
    "gap_profile",
    "gaps",
    "policy_bands",
]


@dataclass(frozen=True, slots=True)
class GapRow:
    """One competency of one person against the standard."""

    competency: str
    factor: Literal["core", "secondary"]
    target: int
    level: int | None
    assessed_on: dt.date | None

    @property
    def difference(self) -> int | None:
        """``level - target`` (negative below the standard); ``None`` when not assessed."""
        return None if self.level is None else self.level - self.target

    @property
    def shortfall(self) -> int | None:
        """Levels short of the standard (0 at or above it); ``None`` when not assessed."""
        return None if self.level is None else max(0, self.target - self.level)


@dataclass(frozen=True, slots=True)
class GapProfile:
    """One person's gaps on a date, JPM and its band (``None`` when a level is missing)."""

    employee_id: str
    as_of: dt.date
    rows: tuple[GapRow, ...]
    jpm: Fraction | None
    band: str | None

    @property
    def missing(self) -> tuple[str, ...]:
        """Competencies with no assessment in force, in row order."""
        return tuple(r.competency for r in self.rows if r.level is None)

    @property
    def below(self) -> tuple[GapRow, ...]:
        """The rows below the standard, in row order."""
        return tuple(r for r in self.rows if r.shortfall)

    def levels(self) -> dict[str, int]:
        """The assessed level of each competency that has one."""
        return {r.competency: r.level for r in self.rows if r.level is not None}


@dataclass(frozen=True)
class GapTable:
    """The gap profiles of a group of people, by employee id."""

    profiles: tuple[GapProfile, ...]

    def records(self) -> list[dict[str, object]]:
        """One mapping per person and competency (exact values kept)."""
        return [
            {
                "employee_id": p.employee_id,
                "competency": r.competency,
                "factor": r.factor,
                "target": r.target,
                "level": r.level,
                "difference": r.difference,
                "shortfall": r.shortfall,
                "assessed_on": r.assessed_on,
                "jpm": p.jpm,
                "band": p.band,
            }
            for p in self.profiles
            for r in p.rows
        ]

    def to_pandas(self) -> Any:
        """The records as a ``pandas.DataFrame`` (JPM as a float); needs pandas."""
        columns = (
            "employee_id",
            "competency",
            "factor",
            "target",
            "level",
            "difference",
            "shortfall",
            "assessed_on",
            "jpm",
            "band",
        )
        return data_frame(self.records(), columns)


def policy_bands(policy: DevelopmentPolicy) -> tuple[JpmBand, ...]:
    """The policy's JPM bands, as the scoring block takes them (Indonesian labels)."""
    return tuple(JpmBand(b.minimum, b.label.id) for b in policy.gap.bands)


def gap_profile(
    employee_id: str,
    assessments: AssessmentTable,
    standard: PositionStandard,
    policy: DevelopmentPolicy,
    as_of: dt.date,
) -> GapProfile:
    """One person's gap profile on ``as_of``."""
    in_force = assessments.in_force(employee_id, as_of)
    rows = []
    for requirement in core_first(standard):
        found = in_force.get(requirement.competency)
        rows.append(
            GapRow(
                requirement.competency,
                requirement.factor,
                requirement.level,
                None if found is None else found.level,
                None if found is None else found.date,
            )
        )
    jpm: Fraction | None = None
    band: str | None = None
    if all(r.level is not None for r in rows):
        targets = {r.competency: r.target for r in rows}
        levels = {r.competency: r.level for r in rows if r.level is not None}
        jpm = job_person_match(levels, targets, cap_at_target=policy.gap.cap_at_target)
        band = jpm_band(jpm, policy_bands(policy))
    return GapProfile(employee_id, as_of, tuple(rows), jpm, band)


def gaps(
    assessments: AssessmentTable,
    standard: PositionStandard,
    policy: DevelopmentPolicy,
    as_of: dt.date | None = None,
    employees: Iterable[str] | None = None,
) -> GapTable:
    """The gap profiles of ``employees`` (every assessed employee by default), sorted by id,
    on ``as_of`` (the policy's ``as_of`` by default)."""
    when = as_of_date(policy, as_of)
    people = sorted(set(assessments.employees() if employees is None else employees))
    return GapTable(tuple(gap_profile(e, assessments, standard, policy, when) for e in people))


def as_of_date(policy: DevelopmentPolicy, as_of: dt.date | None) -> dt.date:
    """The date of a review: ``as_of``, else the policy's; with neither, a
    :class:`~asn_competency.errors.PolicyError` of code ``param.no-value`` (as
    :func:`asn_competency.run` says when a selection has no as-of date)."""
    when = as_of or policy.as_of
    if when is None:
        raise PolicyError(
            [
                Problem(
                    "param.no-value",
                    "no as-of date: pass one, or declare 'as_of' in the policy",
                    hint="pass as_of=datetime.date(...), or declare 'as_of' in the policy",
                )
            ]
        )
    return when
