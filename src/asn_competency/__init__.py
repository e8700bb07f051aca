"""asn-competency: competency-based civil-servant (ASN) recruitment policy as data.

Policy files (YAML) are read safely, validated by JSON Schema and by pydantic models, and
checked for consistency; every problem comes back with a stable code and its position.

>>> import asn_competency as asn
>>> framework = asn.load(asn.shipped("kamus-kompetensi-permenpanrb-38-2017.yaml"))
>>> framework.competency("M.01").name.en
'Integrity'

The package's folders are its layers (``docs/architecture.md``): ``errors`` → ``files`` →
``model`` → ... → ``cli``; each imports only from the layers before it.
"""

from __future__ import annotations

from pathlib import Path

from asn_competency._api import load, load_text, validate
from asn_competency._data import data_dir
from asn_competency._version import __version__
from asn_competency.errors import (
    AsnCompetencyError,
    ParameterError,
    PolicyError,
    Problem,
)
from asn_competency.files import Limits, canonical_json
from asn_competency.model import (
    CompetencyFramework,
    PositionStandard,
    SelectionPolicy,
    document_hash,
    dump,
    schema_for,
    supported,
)
from asn_competency.pipeline import Decision, RunResult, run

__all__ = [
    "AsnCompetencyError",
    "CompetencyFramework",
    "Decision",
    "Limits",
    "ParameterError",
    "PolicyError",
    "PositionStandard",
    "Problem",
    "RunResult",
    "SelectionPolicy",
    "__version__",
    "canonical_json",
    "document_hash",
    "dump",
    "load",
    "load_text",
    "run",
    "schema_for",
    "shipped",
    "supported",
    "validate",
]


def shipped(name: str = "") -> Path:
    """Path of a file shipped in ``rubrics/`` (or the folder itself, with no name)."""
    folder = data_dir("rubrics")
    return folder / name if name else folder
