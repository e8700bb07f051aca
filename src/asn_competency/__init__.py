"""asn-competency: competency-based civil-servant (ASN) recruitment policy as data.

Policy files (YAML) are read safely, validated by JSON Schema and by pydantic models, and
checked for consistency; every problem comes back with a stable code and its position.

>>> import asn_competency as asn
>>> framework = asn.load_framework(asn.shipped("kamus-kompetensi-permenpanrb-38-2017.yaml"))
>>> framework.competency("M.01").name.en
'Integrity'

The names here are the public surface, listed with a line each in ``docs/api.md``: the typed
loaders, :func:`run` (paths, DataFrames or rows in; a :class:`RunResult` out, with
``to_pandas()``), :func:`verify`, :func:`explain` and :func:`compare` returning objects, the
two announcements (:func:`criteria_publication` before a cycle, :func:`results_announcement`
after a run), and one root exception, :class:`AsnCompetencyError`, whose ``problems`` say
what is wrong.

The package's folders are its layers (``docs/architecture.md``): ``errors`` → ``files`` →
``model`` → ... → ``cli``; each imports only from the layers before it.
"""

from __future__ import annotations

from pathlib import Path

from asn_competency._api import (
    Document,
    TableSource,
    compare,
    explain,
    load,
    load_development_policy,
    load_evaluation_policy,
    load_framework,
    load_policy,
    load_standard,
    load_text,
    load_training_catalog,
    validate,
    verify,
)
from asn_competency._data import data_dir
from asn_competency._version import __version__
from asn_competency.audit.announce import (
    AnnouncementError,
    AnnouncementSource,
    ResultsAnnouncement,
    results_announcement,
)
from asn_competency.audit.compare import Comparison
from asn_competency.audit.explain import Explanation
from asn_competency.audit.publish import (
    CriteriaPublication,
    criteria_publication,
    publish_html,
    publish_markdown,
)
from asn_competency.audit.verify import VerifyReport
from asn_competency.errors import (
    AsnCompetencyError,
    MissingExtraError,
    NotFoundError,
    ParameterError,
    PolicyError,
    Problem,
)
from asn_competency.files import Limits, canonical_json
from asn_competency.files.tables import DataFrameLike
from asn_competency.model import (
    CompetencyFramework,
    PositionStandard,
    SelectionPolicy,
    document_hash,
    dump,
    schema_for,
    supported,
)
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.evaluation_policy import EvaluationPolicy
from asn_competency.model.policy_change import PolicyChange
from asn_competency.model.policy_tests import PolicyTests
from asn_competency.model.training_catalog import TrainingCatalog
from asn_competency.pipeline import Decision, RunResult, run

__all__ = [
    "AnnouncementError",
    "AnnouncementSource",
    "AsnCompetencyError",
    "Comparison",
    "CompetencyFramework",
    "CriteriaPublication",
    "DataFrameLike",
    "Decision",
    "DevelopmentPolicy",
    "Document",
    "EvaluationPolicy",
    "Explanation",
    "Limits",
    "MissingExtraError",
    "NotFoundError",
    "ParameterError",
    "PolicyChange",
    "PolicyError",
    "PolicyTests",
    "PositionStandard",
    "Problem",
    "ResultsAnnouncement",
    "RunResult",
    "SelectionPolicy",
    "TableSource",
    "TrainingCatalog",
    "VerifyReport",
    "__version__",
    "canonical_json",
    "compare",
    "criteria_publication",
    "document_hash",
    "dump",
    "explain",
    "load",
    "load_development_policy",
    "load_evaluation_policy",
    "load_framework",
    "load_policy",
    "load_standard",
    "load_text",
    "load_training_catalog",
    "publish_html",
    "publish_markdown",
    "results_announcement",
    "run",
    "schema_for",
    "shipped",
    "supported",
    "validate",
    "verify",
]


def shipped(name: str = "") -> Path:
    """Path of a file shipped in ``rubrics/`` (or the folder itself, with no name)."""
    folder = data_dir("rubrics")
    return folder / name if name else folder
