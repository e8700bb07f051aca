"""Cohort needs: the share of a cohort below standard on each competency, and when it calls
for a programme for the whole cohort.

The project's own example (``docs/domain.md``, "The Gayungan seed"): *if new staff struggle
with new technology, design extra training*. The development policy makes it a rule
(``cohort.share_above``): when **more than** that share of the assessed members of a cohort is
below the standard on a competency, a cohort programme is planned (exactly that share is not
more: ``3/10`` against ``0.30`` is within the threshold). Shares are exact fractions.

For each competency (core factors first, then the standard's order): how many members were
assessed, how many are below the standard, the share, and the catalogue programmes that would
raise those below it, each with its head count (the members below standard whose level the
programme starts from). Members with no assessment of a competency are counted apart
(``not_assessed``), never as meeting the standard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar, Literal

from asn_competency.development._common import core_first, data_frame
from asn_competency.development.facts import fact
from asn_competency.development.gaps import GapProfile
from asn_competency.model import PositionStandard
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.outcomes import Fact
from asn_competency.model.training_catalog import TrainingCatalog

__all__ = ["CohortNeed", "CohortTable", "cohort_needs"]


@dataclass(frozen=True, slots=True)
class CohortNeed:
    """One competency across a cohort.

    ``programmes``: (programme id, head count) for each catalogue programme that raises at
    least one member below standard from their level, most members first, then by id.
    ``members_below``: the ids of the members below standard, sorted.
    """

    competency: str
    factor: Literal["core", "secondary"]
    target: int
    assessed: int
    below: int
    not_assessed: int
    share: Fraction | None
    needs_programme: bool
    programmes: tuple[tuple[str, int], ...]
    members_below: tuple[str, ...]
    reason: Fact


@dataclass(frozen=True)
class CohortTable:
    """The cohort's needs, one row per competency of the standard."""

    #: The columns of its records, in order (its CSV file's and its DataFrame's).
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "competency",
        "factor",
        "target",
        "assessed",
        "below",
        "not_assessed",
        "share",
        "needs_programme",
        "programmes",
        "reason",
    )

    needs: tuple[CohortNeed, ...]
    size: int

    def needing_programme(self) -> tuple[CohortNeed, ...]:
        """The competencies whose share below standard is above the threshold."""
        return tuple(n for n in self.needs if n.needs_programme)

    def records(self) -> list[dict[str, object]]:
        """One mapping per competency (exact shares kept)."""
        return [
            {
                "competency": n.competency,
                "factor": n.factor,
                "target": n.target,
                "assessed": n.assessed,
                "below": n.below,
                "not_assessed": n.not_assessed,
                "share": n.share,
                "needs_programme": n.needs_programme,
                "programmes": [f"{pid}:{count}" for pid, count in n.programmes],
                "reason": n.reason.code,
            }
            for n in self.needs
        ]

    def to_pandas(self) -> Any:
        """The records as a ``pandas.DataFrame`` (shares as floats); needs pandas."""
        return data_frame(self.records(), self.COLUMNS)


def cohort_needs(
    profiles: Sequence[GapProfile],
    policy: DevelopmentPolicy,
    standard: PositionStandard,
    catalogue: TrainingCatalog,
) -> CohortTable:
    """The needs of the cohort made of ``profiles`` (one per member; order does not matter)."""
    threshold = Fraction(policy.cohort.share_above)
    needs = []
    for requirement in core_first(standard):
        competency = requirement.competency
        levels: dict[str, int] = {}
        missing = 0
        for profile in profiles:
            level = profile.levels().get(competency)
            if level is None:
                missing += 1
            else:
                levels[profile.employee_id] = level
        below = {e: lv for e, lv in levels.items() if lv < requirement.level}
        share = Fraction(len(below), len(levels)) if levels else None
        needed = share is not None and share > threshold
        counts = []
        for programme in catalogue.programmes:
            item = programme.develops_competency(competency)
            if item is None:
                continue
            count = sum(1 for lv in below.values() if item.from_level <= lv < item.to_level)
            if count:
                counts.append((programme.id, count))
        counts.sort(key=lambda c: (-c[1], c[0]))
        common = {
            "competency": competency,
            "below": len(below),
            "assessed": len(levels),
            "share": share,
            "threshold": threshold,
        }
        if not needed:
            reason = fact("cohort.within-threshold", **common)
        elif counts:
            reason = fact("cohort.programme-needed", **common, programmes=[c[0] for c in counts])
        else:
            reason = fact("cohort.no-programme-in-catalogue", **common)
        needs.append(
            CohortNeed(
                competency,
                requirement.factor,
                requirement.level,
                len(levels),
                len(below),
                missing,
                share,
                needed,
                tuple(counts),
                tuple(sorted(below)),
                reason,
            )
        )
    return CohortTable(tuple(needs), len(profiles))
