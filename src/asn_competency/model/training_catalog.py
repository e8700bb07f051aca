"""Training catalogue: the programmes an agency can send its staff to, and what each develops.

YAML ``kind: training-catalog``. Each programme develops one or more competencies from a level
to a higher one, in a number of lesson hours (JP, *jam pelajaran*), in one mode (classical,
e-learning, coaching, mentoring, on-the-job), at a cost in rupiah, run by a provider. The
catalogue cites the competency frameworks whose ids its programmes name, by id and path
(optionally pinned by content hash), as a position standard does.

The development layer (:mod:`asn_competency.development`) chooses programmes from a catalogue
to close the gaps between a person's assessed levels and a position standard (``docs/domain.md``,
section "Talent management, development and performance": the development plan comes from a
competency-gap analysis, PP 11/2017 as amended by PP 17/2020, Pasal 206).
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
    NonEmpty,
    Reference,
    Text,
)
from asn_competency.model._checks import duplicate_ids, reference_problems
from asn_competency.model.framework import CompetencyFramework

__all__ = ["MODES", "Development", "Mode", "Programme", "TrainingCatalog"]

#: How a programme is delivered (classical training, e-learning, coaching, mentoring, on the
#: job), as the catalogue's ``mode`` names it.
Mode = Literal["classical", "e-learning", "coaching", "mentoring", "on-the-job"]
MODES: tuple[Mode, ...] = ("classical", "e-learning", "coaching", "mentoring", "on-the-job")


class Development(Model):
    """One competency a programme develops: from a level to a higher one."""

    competency: CompetencyId = Field(description="Competency id in one of the frameworks.")
    from_level: int = Field(
        ge=0,
        le=4,
        description="The level a participant starts from: the programme suits a person at this "
        "level or above it (0: no level assessed yet, an introduction).",
    )
    to_level: int = Field(
        ge=1, le=5, description="The level a participant reaches; above `from_level`."
    )


class Programme(Model):
    """A training programme: what it develops, how long it takes, how and by whom."""

    id: Identifier = Field(description="Identifier of the programme, cited by plans.")
    name: Text = Field(description="Name of the programme.")
    description: Text | None = Field(default=None, description="What the programme covers.")
    develops: list[Development] = Field(
        min_length=1, description="The competencies it develops, each from a level to another."
    )
    hours: int = Field(
        gt=0,
        le=2000,
        description="Length in lesson hours (JP, jam pelajaran); counts towards "
        "the yearly minimum.",
    )
    mode: Mode = Field(
        description="'classical', 'e-learning', 'coaching', 'mentoring' or 'on-the-job'."
    )
    cost: Annotated[Decimal, Field(ge=0, le=10**12), *EXACT] = Field(
        description="Cost per participant in rupiah, exact (0 for in-house programmes)."
    )
    provider: NonEmpty = Field(description="Who runs it (e.g. BPSDM Provinsi Jawa Timur).")
    reference: Identifier = Field(description="Id of the programme's source in `references`.")

    def develops_competency(self, competency: str) -> Development | None:
        """What the programme does for ``competency``, or ``None``."""
        for item in self.develops:
            if item.competency == competency:
                return item
        return None


class TrainingCatalog(Document):
    """A catalogue of training programmes that development plans choose from."""

    kind: Literal["training-catalog"] = Field(description="Always 'training-catalog'.")
    schema_version: Literal[1] = Field(description="Version of this file format.")
    id: Identifier = Field(description="Identifier of the catalogue, cited by policies.")
    name: Text = Field(description="Title of the catalogue.")
    description: Text | None = Field(default=None, description="What the catalogue covers.")
    references: list[Reference] = Field(
        min_length=1, description="Sources cited by `reference` fields."
    )
    frameworks: list[FileRef] = Field(
        min_length=1,
        description="Competency frameworks the programmes' competencies come from (id, path "
        "relative to this file, optional sha256 pin).",
    )
    programmes: list[Programme] = Field(min_length=1, description="The programmes.")

    _frameworks: dict[str, CompetencyFramework] = PrivateAttr(default_factory=dict)

    @property
    def loaded_frameworks(self) -> Mapping[str, CompetencyFramework]:
        """The cited frameworks by id, as :func:`~asn_competency.load` read them (empty when
        the catalogue was built in Python)."""
        return dict(self._frameworks)

    def programme(self, programme_id: str) -> Programme:
        """The programme with this id; ``KeyError`` if there is none."""
        for item in self.programmes:
            if item.id == programme_id:
                return item
        raise KeyError(programme_id)

    def problems(self) -> list[Problem]:
        problems = reference_problems(self)
        problems += duplicate_ids(self.frameworks, ("frameworks",), "framework")
        problems += duplicate_ids(self.programmes, ("programmes",), "programme")
        for index, programme in enumerate(self.programmes):
            path = ("programmes", index, "develops")
            problems += duplicate_ids(
                programme.develops,
                path,
                "competency",
                key=lambda d: d.competency,
                field="competency",
            )
            problems += [
                Problem(
                    "level.order",
                    f"programme {programme.id!r} develops {item.competency} to level "
                    f"{item.to_level}, not above its from-level {item.from_level}",
                    path=(*path, number, "to_level"),
                    value=item.to_level,
                    hint="a programme raises a level: make to_level higher than from_level",
                )
                for number, item in enumerate(programme.develops)
                if item.to_level <= item.from_level
            ]
        return problems

    def problems_against(self, frameworks: Mapping[str, CompetencyFramework]) -> list[Problem]:
        """Problems of this catalogue read with its frameworks (by framework id): a programme
        developing a competency no framework defines (``ref.unknown-competency``)."""
        competencies = sorted({c.id for fw in frameworks.values() for c in fw.competencies})
        return [
            Problem(
                "ref.unknown-competency",
                f"programme {programme.id!r} develops {item.competency!r}, which is not defined "
                f"in {', '.join(sorted(frameworks)) or 'any framework'}",
                path=("programmes", index, "develops", number, "competency"),
                value=item.competency,
                hint=did_you_mean(item.competency, competencies),
            )
            for index, programme in enumerate(self.programmes)
            for number, item in enumerate(programme.develops)
            if item.competency not in competencies
        ]
