"""The development documents' names in the audit catalogue's voice: :class:`DevelopmentVoice`
says development facts (and everything else the catalogue says) naming competencies,
programmes and legal references as the position standard, the training catalogue and the
development policy name them. Used by the explanation of a record (:mod:`.explain`) and the
HTML summary (:mod:`.outputs`)."""

from __future__ import annotations

from asn_competency.audit.catalogue import Voice
from asn_competency.audit.explain.citations import short_citation
from asn_competency.model import PositionStandard, Reference, Text
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.training_catalog import TrainingCatalog

__all__ = ["DevelopmentVoice", "text_in"]


def text_in(value: Text | None, lang: str) -> str | None:
    """A document's text in the language (Indonesian when it has no English)."""
    if value is None:
        return None
    return value.en if lang == "en" and value.en else value.id


class DevelopmentVoice(Voice):
    """A :class:`~asn_competency.audit.catalogue.Voice` that names what the development
    documents name: competencies by the standard's frameworks (``M.03 (Komunikasi)``),
    programmes by the catalogue, and legal references by the short form of their titles in
    the policy, the standard or the catalogue; ids stand in for what no document given names.
    """

    def __init__(
        self,
        lang: str = "id",
        *,
        policy: DevelopmentPolicy | None = None,
        standard: PositionStandard | None = None,
        catalogue: TrainingCatalog | None = None,
    ) -> None:
        super().__init__(lang)
        self.references: dict[str, Reference] = {}
        for document in (catalogue, standard, policy):  # the policy's own titles win
            for reference in getattr(document, "references", None) or ():
                self.references[reference.id] = reference
        self.competencies: dict[str, str] = {}
        if standard is not None:
            for framework in standard.loaded_frameworks.values():
                for competency in framework.competencies:
                    name = text_in(competency.name, lang)
                    if name:
                        self.competencies[competency.id] = name
        self.programmes: dict[str, str] = {}
        if catalogue is not None:
            for programme in catalogue.programmes:
                name = text_in(programme.name, lang)
                if name:
                    self.programmes[programme.id] = name

    def label(self, name: str) -> str:
        """A competency with its name in the standard's frameworks, else as given."""
        found = self.competencies.get(name)
        return f"{name} ({found})" if found else name

    def programme(self, programme_id: object) -> str:
        """A programme with its name in the catalogue, else its id."""
        found = self.programmes.get(str(programme_id))
        return f"{programme_id} ({found})" if found else str(programme_id)

    def short(self, reference: str) -> str:
        """A legal reference's short form, when a document given cites it."""
        found = self.references.get(reference)
        if found is None:
            return reference
        self.cited[reference] = None
        return short_citation(found.title) or reference

    def legal(self) -> list[str]:
        """The full titles of the references cited so far, one line each."""
        lines = []
        for reference in self.cited:
            found = self.references[reference]
            lines.append(f"  {self.short(reference)}: {found.title}")
        return lines
