"""Competency framework (kamus kompetensi): competencies with five described levels.

YAML ``kind: competency-framework``. The national managerial and socio-cultural dictionary of
PermenPANRB 38/2017 ships in ``rubrics/``; an agency adds its technical (teknis) competencies
in a framework of its own.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from asn_competency.errors import Problem
from asn_competency.model._base import (
    CompetencyId,
    Document,
    Identifier,
    Model,
    Reference,
    Text,
)
from asn_competency.model._checks import duplicate_ids, reference_problems

__all__ = ["LEVELS", "Competency", "CompetencyFramework", "CompetencyGroup", "LevelDescription"]

#: The proficiency levels every competency describes (PermenPANRB 38/2017).
LEVELS = (1, 2, 3, 4, 5)

CompetencyGroup = Literal["teknis", "manajerial", "sosial_kultural"]


class LevelDescription(Model):
    """What one proficiency level of a competency looks like in behaviour."""

    level: int = Field(ge=1, le=5, description="The level, 1 (lowest) to 5 (highest).")
    description: Text = Field(description="What a person at this level does.")
    indicators: list[Text] = Field(
        min_length=1, description="Observable behaviours that show this level."
    )


class Competency(Model):
    """One competency with its definition and the description of each level."""

    id: CompetencyId = Field(description="Stable code, e.g. 'M.01' or 'SK.01'.")
    group: CompetencyGroup = Field(
        description="'teknis' (technical, set by the agency), 'manajerial' (managerial) or "
        "'sosial_kultural' (socio-cultural)."
    )
    name: Text = Field(description="Name of the competency.")
    definition: Text = Field(description="What the competency is.")
    reference: Identifier = Field(description="Id of the legal basis in `references`.")
    paraphrase: bool = Field(
        default=False,
        description="True when the texts paraphrase the source instead of quoting it.",
    )
    levels: list[LevelDescription] = Field(
        min_length=1, description="Descriptions of levels 1 to 5, one each."
    )

    def level(self, level: int) -> LevelDescription:
        """The description of ``level``; ``KeyError`` if it is not described."""
        for item in self.levels:
            if item.level == level:
                return item
        raise KeyError(f"{self.id} does not describe level {level}")


class CompetencyFramework(Document):
    """A competency dictionary: the competencies a position standard can require."""

    kind: Literal["competency-framework"] = Field(description="Always 'competency-framework'.")
    schema_version: Literal[1] = Field(description="Version of this file format.")
    id: Identifier = Field(description="Identifier of the framework, cited by position standards.")
    name: Text = Field(description="Title of the framework.")
    description: Text | None = Field(default=None, description="What the framework covers.")
    references: list[Reference] = Field(
        min_length=1, description="Legal bases and sources cited by `reference` fields."
    )
    competencies: list[Competency] = Field(min_length=1, description="The competencies.")

    def competency(self, competency_id: str) -> Competency:
        """The competency with this id; ``KeyError`` if there is none."""
        for item in self.competencies:
            if item.id == competency_id:
                return item
        raise KeyError(competency_id)

    def problems(self) -> list[Problem]:
        problems = reference_problems(self)
        problems += duplicate_ids(self.competencies, ("competencies",), "competency")
        for index, competency in enumerate(self.competencies):
            path = ("competencies", index, "levels")
            seen: set[int] = set()
            for position, item in enumerate(competency.levels):
                if item.level in seen:
                    problems.append(
                        Problem(
                            "level.duplicate",
                            f"{competency.id} describes level {item.level} twice",
                            path=(*path, position, "level"),
                            value=item.level,
                        )
                    )
                seen.add(item.level)
            missing = [level for level in LEVELS if level not in seen]
            if missing:
                problems.append(
                    Problem(
                        "level.missing",
                        f"{competency.id} does not describe level(s) "
                        f"{', '.join(map(str, missing))}; every competency describes 1 to 5",
                        path=path,
                        value=missing,
                    )
                )
        return problems
