"""Position standard (standar kompetensi jabatan, SKJ): required level per competency.

YAML ``kind: position-standard``. It cites one or more competency frameworks by id and by
path (relative to the position standard's file), optionally pinned by content hash, so that
a published standard cannot silently change underneath.
"""

from __future__ import annotations

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
    Reference,
    Text,
)
from asn_competency.model._checks import duplicate_ids, reference_problems
from asn_competency.model.framework import CompetencyFramework

__all__ = ["FrameworkRef", "Position", "PositionStandard", "PositionType", "Requirement"]

PositionType = Literal[
    "jpt_utama",
    "jpt_madya",
    "jpt_pratama",
    "administrator",
    "pengawas",
    "pelaksana",
    "fungsional_ahli_utama",
    "fungsional_ahli_madya",
    "fungsional_ahli_muda",
    "fungsional_ahli_pertama",
    "fungsional_penyelia",
    "fungsional_mahir",
    "fungsional_terampil",
    "fungsional_pemula",
]


class FrameworkRef(FileRef):
    """A competency framework this standard draws competencies from."""


class Position(Model):
    """The position (jabatan) the standard is for."""

    name: Text = Field(description="Name of the position.")
    type: PositionType = Field(description="Kind of position (jenis jabatan) and its rank.")
    unit: str | None = Field(default=None, description="Organisational unit and location.")
    description: Text | None = Field(default=None, description="Main duties of the position.")


class Requirement(Model):
    """The level a position requires of one competency."""

    competency: CompetencyId = Field(description="Competency id in one of the frameworks.")
    level: int = Field(ge=1, description="Required level; must be one the framework describes.")
    factor: Literal["core", "secondary"] = Field(
        description="'core' (faktor inti) or 'secondary' (faktor sekunder), as Profile "
        "Matching weighs them."
    )
    weight: Annotated[Decimal, Field(gt=0, le=1), *EXACT] | None = Field(
        default=None,
        description="Optional weight of the competency; when any requirement has one, all "
        "must, and they must sum to exactly 1.",
    )


class PositionStandard(Document):
    """What a position requires: a level for each of a set of competencies."""

    kind: Literal["position-standard"] = Field(description="Always 'position-standard'.")
    schema_version: Literal[1] = Field(description="Version of this file format.")
    id: Identifier = Field(description="Identifier of the standard, cited by policies.")
    position: Position = Field(description="The position the standard is for.")
    reference: Identifier = Field(description="Id of the standard's legal basis.")
    references: list[Reference] = Field(
        min_length=1, description="Legal bases and sources cited by `reference` fields."
    )
    frameworks: list[FrameworkRef] = Field(
        min_length=1, description="Competency frameworks the requirements draw from."
    )
    requirements: list[Requirement] = Field(
        min_length=1, description="Required level of each competency."
    )

    _frameworks: dict[str, CompetencyFramework] = PrivateAttr(default_factory=dict)

    @property
    def loaded_frameworks(self) -> Mapping[str, CompetencyFramework]:
        """The cited frameworks by id, as :func:`~asn_competency.load` read them (empty when
        the standard was built in Python)."""
        return dict(self._frameworks)

    def requirement(self, competency_id: str) -> Requirement:
        """The requirement for this competency; ``KeyError`` if there is none."""
        for item in self.requirements:
            if item.competency == competency_id:
                return item
        raise KeyError(competency_id)

    def problems(self) -> list[Problem]:
        problems = reference_problems(self)
        problems += duplicate_ids(self.frameworks, ("frameworks",), "framework")
        problems += duplicate_ids(
            self.requirements,
            ("requirements",),
            "competency",
            key=lambda r: r.competency,
            field="competency",
        )
        weighted = [i for i, r in enumerate(self.requirements) if r.weight is not None]
        if weighted and len(weighted) < len(self.requirements):
            first_missing = next(i for i, r in enumerate(self.requirements) if r.weight is None)
            problems.append(
                Problem(
                    "weights.partial",
                    f"{len(weighted)} of {len(self.requirements)} requirements have a weight; "
                    "weight all of them or none",
                    path=("requirements", first_missing),
                )
            )
        elif weighted:
            total = sum((r.weight for r in self.requirements if r.weight), Decimal(0))
            if total != 1:
                problems.append(
                    Problem(
                        "weights.sum",
                        f"the requirement weights sum to {total}, not 1",
                        path=("requirements",),
                        value=total,
                    )
                )
        return problems

    def problems_against(self, frameworks: Mapping[str, CompetencyFramework]) -> list[Problem]:
        """Problems of this standard read with its frameworks (by framework id)."""
        problems = []
        competencies = {c.id: c for fw in frameworks.values() for c in fw.competencies}
        for index, req in enumerate(self.requirements):
            competency = competencies.get(req.competency)
            if competency is None:
                problems.append(
                    Problem(
                        "ref.unknown-competency",
                        f"competency {req.competency!r} is not defined in "
                        f"{', '.join(sorted(frameworks)) or 'any framework'}",
                        path=("requirements", index, "competency"),
                        value=req.competency,
                        hint=did_you_mean(req.competency, competencies),
                    )
                )
                continue
            described = sorted(item.level for item in competency.levels)
            if req.level not in described:
                problems.append(
                    Problem(
                        "level.out-of-range",
                        f"{req.competency} has no level {req.level}; its levels are "
                        f"{described[0]} to {described[-1]}",
                        path=("requirements", index, "level"),
                        value=req.level,
                    )
                )
        return problems
