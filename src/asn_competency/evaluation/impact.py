"""Adverse impact: did a stage, or the whole process, select one group at a markedly lower rate
than another?

The yardstick is the four-fifths rule of the US Uniform Guidelines on Employee Selection
Procedures (29 CFR 1607.4D): a group's selection rate below four-fifths of the rate of the
group with the highest rate is generally regarded as evidence of adverse impact; a rate of
exactly four-fifths is not below it (the Guidelines' Questions and Answers, Q&A 12: rates of
45%, 48% and 51% against 60% give ratios of 75%, 80% and 85%, and impact is indicated for the
first only). Rates and ratios are exact fractions, so that comparison is exact.

Each row also carries what an analyst asks next:

- Fisher's exact test of the group against everyone else (scipy's ``fisher_exact``,
  two-sided): the Guidelines ask for significance tests where numbers are small (1607.4D).
- The shortfall: how many more of the group would have had to be selected for its ratio to
  reach four-fifths, the highest rate held fixed.
- ``small``: a flag that rests on numbers too small for the four-fifths rule, by the
  Guidelines' own test (Q&A 21): selecting one different person (one more of this group and
  one fewer of the highest-rate group) would give this group a rate at least as high as that
  group's. Only a flagged row can be ``small``.
- Applicants whose group is not recorded are a row of their own (``missing``), never dropped.

With several protected attributes (a mapping ``attribute → groups``), each attribute is
reported, then every intersection of two or more of them (gender × region of origin), since
a process can be fair to women and to one region and not to the women of that region.

Everything here is a flag for review, not a verdict: a flagged ratio asks for the stage's
criteria to be looked at; an unflagged one does not show that the process is fair
(docs/domain.md, section "Fairness reporting").
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from asn_competency.errors import describe_value
from asn_competency.evaluation._common import (
    Table,
    fail,
    need,
    optional_module,
    same_length,
    values_of,
    where,
)

__all__ = [
    "FOUR_FIFTHS",
    "MISSING_LABEL",
    "AdverseImpact",
    "ImpactRow",
    "adverse_impact",
]

#: The four-fifths rule's threshold (29 CFR 1607.4D), exact.
FOUR_FIFTHS = Fraction(4, 5)

#: How a row of applicants whose group is not recorded is labelled.
MISSING_LABEL = "(not recorded)"

#: How the groups of an intersection are joined in a label.
_JOIN = " × "


@dataclass(frozen=True)
class ImpactRow:
    """One group's selection against the highest-rate group of its attribute.

    ``impact_ratio`` is ``None`` when no group of the attribute had anyone selected (there is
    no rate to compare with); ``fisher_p`` is ``None`` when the group is everyone (there is
    no rest to compare with). ``reference`` marks the group(s) with the highest rate that the
    ratios are taken against."""

    attribute: str
    group: str
    values: tuple[Hashable, ...]
    missing: bool
    applicants: int
    selected: int
    selection_rate: Fraction
    impact_ratio: Fraction | None
    flagged: bool
    fisher_p: float | None
    shortfall: int
    small: bool
    reference: bool


@dataclass(frozen=True)
class AdverseImpact(Table):
    """The rows of every attribute and intersection, in order: attributes as given, then
    intersections; in each, groups in order of their labels, the missing row last."""

    rows: tuple[ImpactRow, ...]

    def records(self) -> list[dict[str, object]]:
        """One row per group."""
        return [
            {
                "attribute": row.attribute,
                "group": row.group,
                "applicants": row.applicants,
                "selected": row.selected,
                "selection_rate": row.selection_rate,
                "impact_ratio": row.impact_ratio,
                "flagged": row.flagged,
                "fisher_p": row.fisher_p,
                "shortfall": row.shortfall,
                "small": row.small,
                "missing": row.missing,
                "reference": row.reference,
            }
            for row in self.rows
        ]

    def flagged(self) -> tuple[ImpactRow, ...]:
        """The rows whose impact ratio is below four-fifths."""
        return tuple(row for row in self.rows if row.flagged)

    def of_attributes(self) -> tuple[ImpactRow, ...]:
        """The rows of the attributes one by one (no intersection)."""
        return tuple(row for row in self.rows if len(row.values) == 1)

    def intersections(self) -> tuple[ImpactRow, ...]:
        """The rows of intersections of two or more attributes."""
        return tuple(row for row in self.rows if len(row.values) > 1)

    def up_to(self, size: int) -> AdverseImpact:
        """The table without the intersections of more than ``size`` attributes (``2``: the
        attributes and every pair of them)."""
        return AdverseImpact(tuple(row for row in self.rows if len(row.values) <= size))

    def caption(self) -> str:
        """What the table shows."""
        return "Adverse impact: selection rates and impact ratios (four-fifths rule)"

    def note(self) -> str:
        """How to read the table."""
        return (
            "flagged: impact ratio below 4/5 of the highest group's rate (29 CFR 1607.4D); "
            "a flag for review of the stage's criteria, not a verdict. small: selecting one "
            "different person would reverse the comparison (Uniform Guidelines Q&A 21). "
            "fisher_p: Fisher's exact test, the group against all other applicants."
        )


def _outcomes(outcomes: object) -> list[bool]:
    found = values_of(outcomes, "outcomes")
    for index, outcome in enumerate(found):
        if not isinstance(outcome, bool) and type(outcome).__name__ != "bool_":
            raise fail(
                "stats.outcome",
                f"{where('outcomes', index)} must be True (selected) or False "
                f"(got {describe_value(outcome)})",
                path=(index,),
                value=str(outcome),
                hint="a stage's outcome as selected (advanced) or not",
            )
    return [bool(outcome) for outcome in found]


def _is_missing_group(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _label(values: tuple[Hashable, ...]) -> str:
    return _JOIN.join(MISSING_LABEL if _is_missing_group(v) else str(v) for v in values)


def _order(key: tuple[Hashable, ...]) -> tuple[bool, str]:
    """Groups by label, any group with a missing part last."""
    return (any(_is_missing_group(v) for v in key), _label(key))


def _table(
    attribute: str, keys: Sequence[tuple[Hashable, ...]], selected: Sequence[bool]
) -> list[ImpactRow]:
    """The rows of one attribute (or intersection)."""
    stats: Any = optional_module("scipy.stats")
    counts: dict[tuple[Hashable, ...], list[int]] = {}
    for key, was_selected in zip(keys, selected, strict=True):
        tally = counts.setdefault(key, [0, 0])
        tally[0] += 1
        tally[1] += int(was_selected)
    total_applicants = len(selected)
    total_selected = sum(selected)
    rates = {key: Fraction(chosen, applicants) for key, (applicants, chosen) in counts.items()}
    recorded = [key for key in counts if not any(_is_missing_group(v) for v in key)]

    def small(key: tuple[Hashable, ...], best: tuple[Hashable, ...]) -> bool:
        applicants, chosen = counts[key]
        best_applicants, best_chosen = counts[best]
        if key == best:
            return False
        return Fraction(chosen + 1, applicants) >= Fraction(
            max(best_chosen - 1, 0), best_applicants
        )

    candidates = recorded or list(counts)
    reference_rate = max(rates[key] for key in candidates)
    # among groups tied at the highest rate, the largest is the yardstick of Q&A 21
    reference = min(
        (key for key in candidates if rates[key] == reference_rate),
        key=lambda key: (-counts[key][0], _order(key)),
    )

    rows: list[ImpactRow] = []
    for key in sorted(counts, key=_order):
        applicants, chosen = counts[key]
        rate = rates[key]
        ratio = rate / reference_rate if reference_rate else None
        flagged = ratio is not None and ratio < FOUR_FIFTHS
        needed = FOUR_FIFTHS * reference_rate * applicants
        shortfall = max(0, math.ceil(needed) - chosen) if flagged else 0
        rest_applicants = total_applicants - applicants
        rest_selected = total_selected - chosen
        fisher: float | None = None
        if rest_applicants:
            table = [
                [chosen, applicants - chosen],
                [rest_selected, rest_applicants - rest_selected],
            ]
            fisher = float(stats.fisher_exact(table, alternative="two-sided").pvalue)
        rows.append(
            ImpactRow(
                attribute=attribute,
                group=_label(key),
                values=key,
                missing=any(_is_missing_group(v) for v in key),
                applicants=applicants,
                selected=chosen,
                selection_rate=rate,
                impact_ratio=ratio,
                flagged=flagged,
                fisher_p=fisher,
                shortfall=shortfall,
                small=flagged and small(key, reference),
                reference=bool(reference_rate) and rate == reference_rate,
            )
        )
    return rows


def adverse_impact(
    outcomes: Sequence[bool],
    groups: Sequence[Hashable | None] | Mapping[str, Sequence[Hashable | None]],
    *,
    intersections: bool = True,
) -> AdverseImpact:
    """The four-fifths comparison of selection rates between groups.

    ``outcomes[i]`` is whether applicant ``i`` was selected (at a stage, or in the end: the
    bottom line). ``groups`` is either one sequence of group labels (``groups[i]`` is
    applicant ``i``'s group; the attribute is then called ``group``) or a mapping from each
    protected attribute's name to such a sequence; with several attributes, ``intersections``
    adds every combination of two or more of them. A label of ``None`` or blank text means
    "not recorded": those applicants form a row of their own, never dropped, and are not
    taken as the reference group.

    The reference is the recorded group with the highest selection rate, as 1607.4D says
    (groups tied with it are marked ``reference`` too); a small reference makes its
    comparisons ``small`` (Q&A 21) rather than changing the yardstick. Needs scipy (Fisher's
    exact test).
    """
    selected = _outcomes(outcomes)
    need(len(selected), 1, "applicants")
    if isinstance(groups, Mapping):
        attributes = {str(name): values_of(labels, str(name)) for name, labels in groups.items()}
    else:
        attributes = {"group": values_of(groups, "groups")}
    need(len(attributes), 1, "attributes")
    for name, labels in attributes.items():
        same_length(selected, labels, f"outcomes and {name}")
        for index, label in enumerate(labels):
            if not isinstance(label, Hashable):
                raise fail(
                    "stats.labels",
                    f"{where(name, index)} must be a label (got {describe_value(label)})",
                    path=(index,),
                    value=type(label).__name__,
                )
    rows: list[ImpactRow] = []
    names = list(attributes)
    for name in names:
        rows += _table(name, [(label,) for label in attributes[name]], selected)
    if intersections:
        for size in range(2, len(names) + 1):
            for combination in itertools.combinations(names, size):
                keys = list(zip(*(attributes[name] for name in combination), strict=True))
                rows += _table(_JOIN.join(combination), keys, selected)
    return AdverseImpact(tuple(rows))
