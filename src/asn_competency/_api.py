"""The library's front door: loading with every check of every layer wired in, typed.

``model.load`` knows the file kinds; the rule language and the scoring blocks (layers below
the model) add their own checks, so that a policy whose rules or scores do not compile never
loads. This module, outside the layers, connects the two; the package root and the command
line use it.

Each kind has its loader, which returns its model type (:func:`load_policy` a
:class:`~asn_competency.SelectionPolicy`, ...); a file of another kind is a
:class:`~asn_competency.PolicyError` of code ``kind.unexpected``, located at its ``kind:`` key,
before anything else of it is checked. :func:`load` reads any kind and returns a
:data:`Document`; ``kind=`` (a model class) makes it one of the typed loaders.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TypeAlias, TypeVar, overload

from asn_competency.audit.compare import Comparison
from asn_competency.audit.compare import compare as audit_compare
from asn_competency.audit.explain import Explanation, explain_candidate
from asn_competency.audit.verify import VerifyReport
from asn_competency.audit.verify import verify as audit_verify
from asn_competency.errors import PolicyError, Problem, unexpected_kind
from asn_competency.evaluation.recommend import load_evaluation_policy
from asn_competency.expressions.evaluation_policy import evaluation_rule_problems
from asn_competency.files import Limits, read_yaml, read_yaml_text
from asn_competency.files.document import SourceDocument
from asn_competency.model import KINDS
from asn_competency.model import load as model_load
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.evaluation_policy import EvaluationPolicy
from asn_competency.model.framework import CompetencyFramework
from asn_competency.model.load import load_text as model_load_text
from asn_competency.model.load import validate as model_validate
from asn_competency.model.policy import SelectionPolicy
from asn_competency.model.policy_change import PolicyChange
from asn_competency.model.policy_tests import PolicyTests
from asn_competency.model.position import PositionStandard
from asn_competency.model.training_catalog import TrainingCatalog
from asn_competency.pipeline import RunResult
from asn_competency.pipeline.inputs import Source as TableSource
from asn_competency.scoring import DOCUMENT_CHECKS as _SCORING_CHECKS

__all__ = [
    "DOCUMENT_CHECKS",
    "Document",
    "TableSource",
    "compare",
    "expect_kind",
    "explain",
    "load",
    "load_development_policy",
    "load_evaluation_policy",
    "load_framework",
    "load_policy",
    "load_standard",
    "load_text",
    "load_training_catalog",
    "validate",
    "verify",
]

_DEFAULT_LIMITS = Limits()
#: Every load check: the selection policy's rules and scores, the evaluation policy's rules.
DOCUMENT_CHECKS = (*_SCORING_CHECKS, evaluation_rule_problems)

#: A document of any kind the library reads (``model.KINDS``): what :func:`load` returns.
Document: TypeAlias = (
    CompetencyFramework
    | PositionStandard
    | SelectionPolicy
    | PolicyTests
    | PolicyChange
    | TrainingCatalog
    | DevelopmentPolicy
    | EvaluationPolicy
)

D = TypeVar(
    "D",
    CompetencyFramework,
    PositionStandard,
    SelectionPolicy,
    PolicyTests,
    PolicyChange,
    TrainingCatalog,
    DevelopmentPolicy,
    EvaluationPolicy,
)

#: Each model class and the ``kind`` its files declare.
_KIND_OF: dict[type, str] = {
    model: kind for kind, versions in KINDS.items() for model in versions.values()
}


def expect_kind(source: SourceDocument, expected: type) -> None:
    """Raise ``kind.unexpected`` (located at the ``kind:`` key) when ``source`` declares a
    kind the library reads other than ``expected``'s (a model class):
    :func:`~asn_competency.errors.unexpected_kind`."""
    problem = unexpected_kind(source.data, _KIND_OF[expected], KINDS)
    if problem is not None:
        raise PolicyError([source.locate(problem)])


def _checked(document: Document, expected: type[D] | None, file: str | None) -> Document | D:
    """The document, when it is of the expected class (it is, after :func:`expect_kind`,
    unless the file changed between the two readings)."""
    if expected is None or isinstance(document, expected):
        return document
    problem = Problem(
        "kind.unexpected",
        f"expected kind {_KIND_OF[expected]!r}, found kind {document.kind!r}",
        path=("kind",),
        file=file,
        value=document.kind,
    )
    raise PolicyError([problem])


@overload
def load(
    path: str | Path,
    *,
    kind: type[D],
    limits: Limits = ...,
    root: str | Path | None = ...,
) -> D: ...


@overload
def load(
    path: str | Path,
    *,
    kind: None = ...,
    limits: Limits = ...,
    root: str | Path | None = ...,
) -> Document: ...


def load(
    path: str | Path,
    *,
    kind: type[D] | None = None,
    limits: Limits = _DEFAULT_LIMITS,
    root: str | Path | None = None,
) -> Document | D:
    """Load a document from a YAML file, with every check: a
    :class:`~asn_competency.PolicyError` lists every problem, located in the file. Cited files
    must lie in the citing file's folder, or in ``root`` when it is given. ``kind`` (a model
    class, e.g. :class:`~asn_competency.SelectionPolicy`) is the kind the file must be
    (``kind.unexpected`` when it is another); without it, any kind loads.

    >>> import asn_competency as asn
    >>> policy = asn.load(asn.shipped("cpns-2024.yaml"), kind=asn.SelectionPolicy)
    >>> policy.id
    'cpns-2024'
    """
    if kind is not None:
        expect_kind(read_yaml(path, limits=limits), kind)
    document: Document = model_load(path, limits=limits, checks=DOCUMENT_CHECKS, root=root)
    return _checked(document, kind, str(path))


@overload
def load_text(
    text: str,
    *,
    kind: type[D],
    file: str | None = ...,
    limits: Limits = ...,
    root: str | Path | None = ...,
) -> D: ...


@overload
def load_text(
    text: str,
    *,
    kind: None = ...,
    file: str | None = ...,
    limits: Limits = ...,
    root: str | Path | None = ...,
) -> Document: ...


def load_text(
    text: str,
    *,
    kind: type[D] | None = None,
    file: str | None = None,
    limits: Limits = _DEFAULT_LIMITS,
    root: str | Path | None = None,
) -> Document | D:
    """Load a document from YAML text, with every check; ``kind`` as :func:`load` takes it.
    Cited files are looked up relative to ``file`` (or the working directory)."""
    if kind is not None:
        expect_kind(read_yaml_text(text, file=file, limits=limits), kind)
    document: Document = model_load_text(
        text, file=file, limits=limits, checks=DOCUMENT_CHECKS, root=root
    )
    return _checked(document, kind, file)


def validate(
    path: str | Path, *, limits: Limits = _DEFAULT_LIMITS, root: str | Path | None = None
) -> list[Problem]:
    """Every problem of a file (an empty list when it is valid); never raises for bad input."""
    return model_validate(path, limits=limits, checks=DOCUMENT_CHECKS, root=root)


def load_policy(
    path: str | Path, *, limits: Limits = _DEFAULT_LIMITS, root: str | Path | None = None
) -> SelectionPolicy:
    """Load a selection policy (``kind: selection-policy``) with every check, and the
    position standards it cites; ``kind.unexpected`` for a file of another kind.

    >>> import asn_competency as asn
    >>> asn.load_policy(asn.shipped("gayungan-2026.yaml")).id
    'gayungan-2026'
    """
    return load(path, kind=SelectionPolicy, limits=limits, root=root)


def load_framework(
    path: str | Path, *, limits: Limits = _DEFAULT_LIMITS, root: str | Path | None = None
) -> CompetencyFramework:
    """Load a competency framework (``kind: competency-framework``); ``kind.unexpected`` for
    a file of another kind."""
    return load(path, kind=CompetencyFramework, limits=limits, root=root)


def load_standard(
    path: str | Path, *, limits: Limits = _DEFAULT_LIMITS, root: str | Path | None = None
) -> PositionStandard:
    """Load a position standard (``kind: position-standard``) and the frameworks it cites;
    ``kind.unexpected`` for a file of another kind."""
    return load(path, kind=PositionStandard, limits=limits, root=root)


def load_training_catalog(
    path: str | Path, *, limits: Limits = _DEFAULT_LIMITS, root: str | Path | None = None
) -> TrainingCatalog:
    """Load a training catalogue (``kind: training-catalog``); ``kind.unexpected`` for a
    file of another kind."""
    return load(path, kind=TrainingCatalog, limits=limits, root=root)


def load_development_policy(
    path: str | Path, *, limits: Limits = _DEFAULT_LIMITS, root: str | Path | None = None
) -> DevelopmentPolicy:
    """Load a development policy (``kind: development-policy``) with the position standard
    and the training catalogue it cites; ``kind.unexpected`` for a file of another kind."""
    return load(path, kind=DevelopmentPolicy, limits=limits, root=root)


def verify(
    out_dir: str | os.PathLike[str],
    *,
    policy: str | os.PathLike[str] | None = None,
    candidates: str | os.PathLike[str] | None = None,
    formations: str | os.PathLike[str] | None = None,
    ratings: str | os.PathLike[str] | None = None,
) -> VerifyReport:
    """Verify the output folder of a run (``asn-competency run``): the hash chain of
    ``decisions.jsonl``, ``manifest.json`` against it, and, with the policy and input files
    given, their hashes and every decision recomputed. Returns a
    :class:`~asn_competency.VerifyReport` (``ok``, ``problems``, ``str()`` the command's
    text); never raises for bad or missing files: everything found is a problem of the report.

    >>> import datetime as dt, tempfile
    >>> from pathlib import Path
    >>> import asn_competency as asn
    >>> from asn_competency.audit.run_folder import write_outputs
    >>> from asn_competency.testing.synth import synthesize, write_synth
    >>> policy_file = asn.shipped("cpns-2024.yaml")
    >>> policy, when = asn.load_policy(policy_file), dt.date(2024, 9, 10)
    >>> folder = Path(tempfile.mkdtemp())
    >>> inputs = write_synth(synthesize(policy, applicants=60, seed=1, as_of=when), folder)
    >>> result = asn.run(
    ...     policy, inputs["candidates"], formations=inputs["formations"], as_of=when
    ... )
    >>> _ = write_outputs(
    ...     result, folder / "out", inputs=inputs, policy_file=policy_file, started=0.0
    ... )  # what asn-competency run writes
    >>> report = asn.verify(folder / "out", policy=policy_file, **inputs)
    >>> report.ok, report.recomputed, [problem.code for problem in report.problems]
    (True, True, [])
    """

    def path(given: str | os.PathLike[str] | None) -> Path | None:
        return None if given is None else Path(given)

    return audit_verify(
        Path(out_dir),
        policy=path(policy),
        candidates=path(candidates),
        formations=path(formations),
        ratings=path(ratings),
    )


def explain(
    source: RunResult | str | os.PathLike[str],
    candidate_id: str,
    *,
    policy: SelectionPolicy | None = None,
) -> Explanation:
    """Every decision of ``candidate_id`` in a run (a :class:`~asn_competency.RunResult`) or
    a run folder, as an :class:`~asn_competency.Explanation`: ``text("id")`` or
    ``text("en")``, ``str()`` the Indonesian text, the records in ``records``. A folder's
    records are checked against its hash chain (``altered``) and said with the policy its
    manifest names (or ``policy``). :class:`~asn_competency.errors.NotFoundError`
    (``audit.unknown-candidate``) when the id has no decision.

    >>> import datetime as dt
    >>> import asn_competency as asn
    >>> from asn_competency.testing.synth import synthesize
    >>> policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    >>> when = dt.date(2024, 9, 10)
    >>> data = synthesize(policy, applicants=60, seed=1, as_of=when)
    >>> result = asn.run(policy, data.candidates, formations=data.formations, as_of=when)
    >>> explanation = asn.explain(result, "2024-000001")
    >>> print(explanation.text("en").splitlines()[1])
    Candidate: 2024-000001
    """
    return explain_candidate(source, candidate_id, policy=policy)


def compare(
    base: SelectionPolicy,
    changed: SelectionPolicy | PolicyChange,
    candidates: TableSource,
    *,
    formations: TableSource,
    ratings: TableSource | None = None,
    as_of: dt.date | None = None,
) -> Comparison:
    """Run ``base`` and ``changed`` (a second policy, or a
    :class:`~asn_competency.PolicyChange` applied to ``base``) on the same inputs and return
    the :class:`~asn_competency.Comparison`: every candidate decided differently and why
    (``str()``/``render(lang)`` the committee's text, ``to_rows()`` one row per candidate).

    >>> import datetime as dt
    >>> import asn_competency as asn
    >>> from asn_competency.testing.synth import synthesize
    >>> policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    >>> change = asn.load(asn.shipped("cpns-2024.change-tkp-170.yaml"), kind=asn.PolicyChange)
    >>> when = dt.date(2024, 9, 10)
    >>> data = synthesize(policy, applicants=60, seed=1, as_of=when)
    >>> comparison = asn.compare(
    ...     policy, change, data.candidates, formations=data.formations, as_of=when
    ... )
    >>> comparison.by_final_status()
    {('not_selected', 'failed'): 1}
    """
    if isinstance(changed, PolicyChange):
        changed = changed.apply(base, checks=_SCORING_CHECKS)
    return audit_compare(
        base, changed, candidates, formations=formations, ratings=ratings, as_of=as_of
    )
