"""Development policy: the rules an agency adopts for developing its staff after hiring.

YAML ``kind: development-policy``. It cites the position standard (SKJ) that gaps are measured
against and the training catalogue that plans choose from, each by id and path (optionally
pinned by content hash), and declares:

- ``parameters``: dated parameters, as a selection policy's (``min_jp_per_year``: at least 20
  JP a year for every PNS, PP 11/2017 as amended by PP 17/2020, Pasal 203);
- ``plan``: the yearly minimum of lesson hours (a number or a parameter), the budget per
  person (hours, money, or both), the priorities (core gaps first, the largest gap first) and,
  optionally, which programmes close which competency's gap;
- ``gap``: whether a level above the standard counts above 100% in JPM, and the JPM bands;
- ``nine_box``: the performance axis from the SKP rating, the potential cut-offs on JPM, and
  the box numbering (PermenPANRB 3/2020 by default);
- ``cohort``: the share of a cohort below standard above which a cohort programme is planned.

Sources: ``docs/domain.md``, sections "Talent management, development and performance" and
"JPM and bands".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr

from asn_competency.errors import Problem, did_you_mean
from asn_competency.model._base import (
    EXACT,
    CompetencyId,
    Document,
    FileRef,
    Identifier,
    Model,
    ParameterName,
    ParameterRef,
    Reference,
    Text,
)
from asn_competency.model._checks import duplicate_ids, reference_problems
from asn_competency.model.parameters import Parameter
from asn_competency.model.position import PositionStandard
from asn_competency.model.training_catalog import TrainingCatalog

__all__ = [
    "BOXES",
    "PERFORMANCE_AXIS",
    "PERMENPANRB_3_2020_NUMBERING",
    "POTENTIAL_AXIS",
    "SKP_RATINGS",
    "Budget",
    "CohortRule",
    "DevelopmentPolicy",
    "GapClosure",
    "GapRules",
    "JpmBandDecl",
    "NineBox",
    "PerformanceMap",
    "PlanRules",
    "PotentialCutoffs",
    "SkpRating",
]

#: The SKP performance ratings of PermenPANRB 6/2022, best first (``docs/domain.md``,
#: "Talent management, development and performance").
SkpRating = Literal["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"]
SKP_RATINGS: tuple[SkpRating, ...] = (
    "sangat_baik",
    "baik",
    "butuh_perbaikan",
    "kurang",
    "sangat_kurang",
)

Performance = Literal["below", "meets", "above"]
Potential = Literal["low", "medium", "high"]
#: The axes, lowest first.
PERFORMANCE_AXIS: tuple[Performance, ...] = ("below", "meets", "above")
POTENTIAL_AXIS: tuple[Potential, ...] = ("low", "medium", "high")

Box = Literal[
    "below-low",
    "meets-low",
    "below-medium",
    "above-low",
    "meets-medium",
    "below-high",
    "above-medium",
    "meets-high",
    "above-high",
]
#: The nine boxes, named performance-potential.
BOXES: tuple[Box, ...] = (
    "below-low",
    "meets-low",
    "below-medium",
    "above-low",
    "meets-medium",
    "below-high",
    "above-medium",
    "meets-high",
    "above-high",
)
#: The numbering of PermenPANRB 3/2020: 1 below-low, 2 meets-low, 3 below-medium, 4 above-low,
#: 5 meets-medium, 6 below-high, 7 above-medium, 8 meets-high, 9 above-high.
PERMENPANRB_3_2020_NUMBERING: Mapping[Box, int] = {box: n for n, box in enumerate(BOXES, 1)}

Priority = Literal["core_first", "largest_gap_first"]
_DEFAULT_PRIORITIES: tuple[Priority, ...] = ("core_first", "largest_gap_first")
Percent = Annotated[Decimal, Field(ge=0, le=1000), *EXACT]


class Budget(Model):
    """What one person's plan may use in a year; a limit left out is no limit."""

    hours: int | None = Field(
        default=None, gt=0, le=2000, description="At most this many lesson hours (JP)."
    )
    money: Annotated[Decimal, Field(ge=0, le=10**12), *EXACT] | None = Field(
        default=None, description="At most this cost in rupiah, exact."
    )
    reference: Identifier | None = Field(
        default=None, description="Id of the budget's basis (e.g. the unit's DPA) in `references`."
    )


class GapClosure(Model):
    """The programmes that close one competency's gap, in order of preference."""

    competency: CompetencyId = Field(description="A competency of the position standard.")
    programmes: list[Identifier] = Field(
        min_length=1,
        description="Catalogue programme ids, preferred first; only these are planned for "
        "this competency.",
    )


class PlanRules(Model):
    """How an individual development plan is made."""

    min_jp: int | ParameterRef = Field(
        description="Lesson hours (JP) a plan must reach in a year: a number, or "
        "{parameter: NAME} for a dated parameter (20 for PNS, PP 17/2020)."
    )
    budget: Budget = Field(description="What one person's plan may use in a year.")
    priorities: list[Priority] = Field(
        default_factory=lambda: list(_DEFAULT_PRIORITIES),
        description="Order in which gaps are closed: 'core_first' (core factors before "
        "secondary ones), 'largest_gap_first' (more levels short first); the standard's order "
        "of requirements breaks what remains.",
    )
    closes: list[GapClosure] = Field(
        default_factory=list,
        description="Which programmes close which competency's gap; a competency not listed "
        "is closed by any catalogue programme that develops it from the person's level.",
    )


class JpmBandDecl(Model):
    """A JPM band: from ``minimum`` percent up to the next band's minimum."""

    minimum: Percent = Field(description="Lowest JPM (percent) in the band.")
    label: Text = Field(description="Name of the band, e.g. 'memenuhi syarat'.")


class GapRules(Model):
    """How gaps and JPM are measured."""

    cap_at_target: bool = Field(
        default=True,
        description="Whether a level above the standard counts as the standard in JPM (so JPM "
        "is at most 100%); institutions differ.",
    )
    bands: list[JpmBandDecl] = Field(
        min_length=1,
        description="JPM bands, highest first (e.g. memenuhi syarat from 80, masih memenuhi "
        "syarat from 68, kurang memenuhi syarat from 0).",
    )
    reference: Identifier | None = Field(
        default=None, description="Id of the bands' basis in `references`."
    )


class PerformanceMap(Model):
    """The performance axis of the nine-box for each SKP rating (PermenPANRB 6/2022)."""

    sangat_baik: Performance = Field(description="Axis for 'Sangat Baik' (very good).")
    baik: Performance = Field(description="Axis for 'Baik' (good).")
    butuh_perbaikan: Performance = Field(description="Axis for 'Butuh Perbaikan' (needs work).")
    kurang: Performance = Field(description="Axis for 'Kurang' (poor).")
    sangat_kurang: Performance = Field(description="Axis for 'Sangat Kurang' (very poor).")

    def axis(self, rating: SkpRating) -> Performance:
        """The performance axis of a rating."""
        value: Performance = getattr(self, rating)
        return value


class PotentialCutoffs(Model):
    """The potential axis from JPM: low below ``medium_from``, high from ``high_from``."""

    medium_from: Percent = Field(description="Lowest JPM (percent) of medium potential.")
    high_from: Percent = Field(description="Lowest JPM (percent) of high potential.")


class NineBox(Model):
    """Talent mapping: the box from performance (SKP) × potential (JPM)."""

    performance: PerformanceMap = Field(description="Performance axis of each SKP rating.")
    potential: PotentialCutoffs = Field(description="Potential cut-offs on JPM.")
    numbering: dict[Box, int] = Field(
        default_factory=lambda: dict(PERMENPANRB_3_2020_NUMBERING),
        description="Number of each box ('performance-potential'); by default PermenPANRB "
        "3/2020's: 1 below-low ... 9 above-high. All nine, numbered 1 to 9 once each.",
    )
    reference: Identifier = Field(description="Id of the nine-box's basis in `references`.")


class CohortRule(Model):
    """When a cohort's shortfall on one competency calls for a programme for the cohort."""

    share_above: Annotated[Decimal, Field(ge=0, lt=1), *EXACT] = Field(
        description="A cohort programme is planned for a competency when more than this share "
        "of the cohort is below standard on it (0.3: more than 30%)."
    )
    reference: Identifier = Field(description="Id of the rule's basis in `references`.")


class DevelopmentPolicy(Document):
    """An agency's rules for gap analysis, development plans, talent mapping and cohorts."""

    kind: Literal["development-policy"] = Field(description="Always 'development-policy'.")
    schema_version: Literal[1] = Field(description="Version of this file format.")
    id: Identifier = Field(description="Identifier of the policy.")
    name: Text = Field(description="Title of the policy.")
    description: Text | None = Field(default=None, description="What the policy is for.")
    references: list[Reference] = Field(
        min_length=1, description="Legal bases and sources cited by `reference` fields."
    )
    position_standard: FileRef = Field(
        description="The position standard (SKJ) gaps are measured against (id, path, pin)."
    )
    training_catalog: FileRef = Field(
        description="The training catalogue plans choose from (id, path, pin)."
    )
    as_of: dt.date | None = Field(
        default=None,
        description="The reference date of the plans (parameters are taken on it) unless a "
        "computation names another.",
    )
    parameters: dict[ParameterName, Parameter] = Field(
        default_factory=dict, description="Dated parameters, by name."
    )
    plan: PlanRules = Field(description="How individual development plans are made.")
    gap: GapRules = Field(description="How gaps against the standard and JPM are measured.")
    nine_box: NineBox = Field(description="Talent mapping rules.")
    cohort: CohortRule = Field(description="When a cohort programme is planned.")

    _standard: PositionStandard | None = PrivateAttr(default=None)
    _catalogue: TrainingCatalog | None = PrivateAttr(default=None)

    @property
    def loaded_standard(self) -> PositionStandard | None:
        """The cited position standard, as :func:`~asn_competency.load` read it (``None``
        when the policy was built in Python or the standard could not be loaded)."""
        return self._standard

    @property
    def loaded_catalogue(self) -> TrainingCatalog | None:
        """The cited training catalogue, as :func:`~asn_competency.load` read it (``None``
        when the policy was built in Python or the catalogue could not be loaded)."""
        return self._catalogue

    def problems(self) -> list[Problem]:
        problems = reference_problems(self)
        for name, parameter in self.parameters.items():
            problems += parameter.problems_at(("parameters", name))
        problems += self._min_jp_problems()
        problems += duplicate_ids(
            self.plan.closes,
            ("plan", "closes"),
            "competency",
            key=lambda c: c.competency,
            field="competency",
        )
        problems += self._order_problems()
        return problems

    def _min_jp_problems(self) -> list[Problem]:
        ref = self.plan.min_jp
        if not isinstance(ref, ParameterRef):
            return []
        parameter = self.parameters.get(ref.parameter)
        where = ("plan", "min_jp", "parameter")
        if parameter is None:
            return [
                Problem(
                    "param.undeclared",
                    f"parameter {ref.parameter!r} is not declared in 'parameters'",
                    path=where,
                    value=ref.parameter,
                    hint=did_you_mean(ref.parameter, sorted(self.parameters)),
                )
            ]
        if parameter.type != "integer":
            return [
                Problem(
                    "param.type",
                    f"parameter {ref.parameter!r} is of type {parameter.type}; lesson hours "
                    "are a whole number (type integer)",
                    path=where,
                    value=ref.parameter,
                )
            ]
        return []

    def _order_problems(self) -> list[Problem]:
        """Bands highest first, potential cut-offs in order, performance never falling as the
        rating rises, and the nine boxes numbered 1 to 9 once each."""
        problems = []
        bands = self.gap.bands
        for index in range(1, len(bands)):
            if bands[index].minimum >= bands[index - 1].minimum:
                problems.append(
                    Problem(
                        "cutoffs.order",
                        f"JPM band {index + 1} starts at {bands[index].minimum}, not below the "
                        f"band before it ({bands[index - 1].minimum}); list bands highest first",
                        path=("gap", "bands", index, "minimum"),
                        value=bands[index].minimum,
                    )
                )
        potential = self.nine_box.potential
        if potential.medium_from >= potential.high_from:
            problems.append(
                Problem(
                    "cutoffs.order",
                    f"medium potential starts at JPM {potential.medium_from}, not below high "
                    f"potential ({potential.high_from})",
                    path=("nine_box", "potential", "medium_from"),
                    value=potential.medium_from,
                    hint="medium_from must be lower than high_from",
                )
            )
        axes = [PERFORMANCE_AXIS.index(self.nine_box.performance.axis(r)) for r in SKP_RATINGS]
        for better, worse in zip(range(len(axes)), range(1, len(axes)), strict=False):
            if axes[worse] > axes[better]:
                problems.append(
                    Problem(
                        "cutoffs.order",
                        f"the SKP rating {SKP_RATINGS[worse]!r} is placed "
                        f"{PERFORMANCE_AXIS[axes[worse]]!r}, above the better rating "
                        f"{SKP_RATINGS[better]!r} ({PERFORMANCE_AXIS[axes[better]]!r})",
                        path=("nine_box", "performance", SKP_RATINGS[worse]),
                        value=PERFORMANCE_AXIS[axes[worse]],
                        hint="a better rating must never fall on a lower performance axis",
                    )
                )
        numbering = self.nine_box.numbering
        missing = [box for box in BOXES if box not in numbering]
        numbers = sorted(numbering.values())
        if missing or numbers != list(range(1, 10)):
            said = (
                f"lacks {', '.join(missing)}"
                if missing
                else f"numbers them {', '.join(map(str, numbers))}"
            )
            problems.append(
                Problem(
                    "ninebox.numbering",
                    f"the box numbering must give each of the nine boxes one of 1 to 9 once; "
                    f"it {said}",
                    path=("nine_box", "numbering"),
                    hint="leave 'numbering' out for PermenPANRB 3/2020's numbering",
                )
            )
        return problems

    def min_jp_at(self, as_of: dt.date) -> tuple[int, str | None]:
        """The yearly JP minimum in force on ``as_of`` and the reference it rests on (``None``
        for a plain number); :class:`~asn_competency.errors.ParameterError` when the parameter
        has no value then."""
        ref = self.plan.min_jp
        if not isinstance(ref, ParameterRef):
            return ref, None
        resolved = self.parameters[ref.parameter].at(ref.parameter, as_of)
        value = resolved.value
        if not isinstance(value, int) or isinstance(value, bool):  # pragma: no cover - checked
            raise TypeError(value)
        return value, resolved.reference

    def problems_against(
        self, standard: PositionStandard, catalogue: TrainingCatalog
    ) -> list[Problem]:
        """Problems of this policy read with the standard and catalogue it cites: an id other
        than the cited one (``ref.unknown-standard``, ``ref.unknown-catalog``), a closure for a
        competency the standard lacks (``ref.unknown-competency``), naming a programme the
        catalogue lacks or one that does not develop that competency
        (``ref.unknown-programme``)."""
        problems = []
        if standard.id != self.position_standard.id:
            problems.append(
                Problem(
                    "ref.unknown-standard",
                    f"the policy cites position standard {self.position_standard.id!r}, not "
                    f"{standard.id!r}",
                    path=("position_standard", "id"),
                    value=standard.id,
                )
            )
        if catalogue.id != self.training_catalog.id:
            problems.append(
                Problem(
                    "ref.unknown-catalog",
                    f"the policy cites training catalogue {self.training_catalog.id!r}, not "
                    f"{catalogue.id!r}",
                    path=("training_catalog", "id"),
                    value=catalogue.id,
                )
            )
        required = [r.competency for r in standard.requirements]
        programmes = {p.id: p for p in catalogue.programmes}
        for index, closure in enumerate(self.plan.closes):
            where = ("plan", "closes", index)
            if closure.competency not in required:
                problems.append(
                    Problem(
                        "ref.unknown-competency",
                        f"{closure.competency!r} is not a competency of position standard "
                        f"{standard.id!r}",
                        path=(*where, "competency"),
                        value=closure.competency,
                        hint=did_you_mean(closure.competency, required),
                    )
                )
            for number, programme_id in enumerate(closure.programmes):
                programme = programmes.get(programme_id)
                if programme is None:
                    message = f"programme {programme_id!r} is not in catalogue {catalogue.id!r}"
                elif programme.develops_competency(closure.competency) is None:
                    message = (
                        f"programme {programme_id!r} does not develop {closure.competency}, so "
                        "it cannot close its gap"
                    )
                else:
                    continue
                problems.append(
                    Problem(
                        "ref.unknown-programme",
                        message,
                        path=(*where, "programmes", number),
                        value=programme_id,
                        hint=did_you_mean(programme_id, sorted(programmes)),
                    )
                )
        return problems
