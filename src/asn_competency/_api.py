"""The library's front door: loading with every check of every layer wired in.

``model.load`` knows the file kinds; the rule language and the scoring blocks (layers below
the model) add their own checks, so that a policy whose rules or scores do not compile never
loads. This module, outside the
layers, connects the two; the package root and the command line use it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from asn_competency.errors import Problem
from asn_competency.expressions.evaluation_policy import evaluation_rule_problems
from asn_competency.files import Limits
from asn_competency.model import load as model_load
from asn_competency.model.load import load_text as model_load_text
from asn_competency.model.load import validate as model_validate
from asn_competency.scoring import DOCUMENT_CHECKS as _SCORING_CHECKS

__all__ = ["load", "load_text", "validate"]

_DEFAULT_LIMITS = Limits()
#: Every load check: the selection policy's rules and scores, the evaluation policy's rules.
DOCUMENT_CHECKS = (*_SCORING_CHECKS, evaluation_rule_problems)


def load(
    path: str | Path, *, limits: Limits = _DEFAULT_LIMITS, root: str | Path | None = None
) -> Any:
    """Load a document of any kind from a YAML file, with every check: a
    :class:`~asn_competency.PolicyError` lists every problem, located in the file. Cited files
    must lie in the citing file's folder, or in ``root`` when it is given."""
    return model_load(path, limits=limits, checks=DOCUMENT_CHECKS, root=root)


def load_text(
    text: str,
    *,
    file: str | None = None,
    limits: Limits = _DEFAULT_LIMITS,
    root: str | Path | None = None,
) -> Any:
    """Load a document from YAML text, with every check."""
    return model_load_text(text, file=file, limits=limits, checks=DOCUMENT_CHECKS, root=root)


def validate(
    path: str | Path, *, limits: Limits = _DEFAULT_LIMITS, root: str | Path | None = None
) -> list[Problem]:
    """Every problem of a file (an empty list when it is valid); never raises for bad input."""
    return model_validate(path, limits=limits, checks=DOCUMENT_CHECKS, root=root)
