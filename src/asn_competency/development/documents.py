"""The three documents a development computation reads, checked against each other.

A development policy cites its position standard and training catalogue by id, path and
(optionally) content hash. :func:`check_documents` checks that the standard and catalogue
given are the ones cited (``ref.unknown-standard``, ``ref.unknown-catalog``,
``ref.hash-mismatch`` against a pin), that the policy's closures name competencies of the
standard and programmes of the catalogue that develop them (``ref.unknown-competency``,
``ref.unknown-programme``), and, when the standard was loaded with its frameworks, that every
programme's competency is defined in them (``ref.unknown-competency``).
"""

from __future__ import annotations

from asn_competency.errors import PolicyError, Problem
from asn_competency.model import PositionStandard, document_hash
from asn_competency.model._base import FileRef
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.training_catalog import TrainingCatalog

__all__ = ["check_documents"]


def check_documents(
    policy: DevelopmentPolicy, standard: PositionStandard, catalogue: TrainingCatalog
) -> None:
    """Raise :class:`PolicyError` listing every problem of the three documents read together."""
    problems = policy.problems_against(standard, catalogue)
    if not problems:
        problems += _pin(policy.position_standard, standard, "position_standard")
        problems += _pin(policy.training_catalog, catalogue, "training_catalog")
    frameworks = standard.loaded_frameworks
    if frameworks:
        problems += catalogue.problems_against(frameworks)
    if problems:
        raise PolicyError(problems)


def _pin(ref: FileRef, document: PositionStandard | TrainingCatalog, field: str) -> list[Problem]:
    if ref.sha256 is None:
        return []
    actual = document_hash(document)
    if actual == ref.sha256:
        return []
    return [
        Problem(
            "ref.hash-mismatch",
            f"{document.kind} {document.id!r} has content hash {actual}, not the pinned "
            f"{ref.sha256}",
            path=(field, "sha256"),
            value=ref.sha256,
            hint="the file changed since the policy pinned it; review it and re-pin",
        )
    ]
