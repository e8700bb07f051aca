"""Declared recommendations: an evaluation policy's rules, compiled by the rule language and
evaluated on the facts of a cycle.

Each recommendation's rule is compiled once, with the scope of its subject's facts
(:data:`~asn_competency.model.evaluation_policy.FACTS`: ``flagged_groups`` of a stage,
``icc_2_1`` of a panel, ``share_below_standard`` of a competency, ...), by the same compiler
and evaluator as a selection policy's rules (:func:`~asn_competency.expressions.compile_rule`,
:func:`~asn_competency.expressions.evaluate`): exact numbers, unknown for a missing fact,
every comparison traced. A recommendation fires for each subject its rule is *true* for; an
unknown result (a fact the evaluation could not compute) does not fire and is counted.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from asn_competency.errors import PolicyError, Problem, check_language, unexpected_kind
from asn_competency.expressions import Env, evaluate
from asn_competency.expressions.data import exact
from asn_competency.expressions.evaluate import UNKNOWN, format_value, rule_value
from asn_competency.expressions.evaluation_policy import (
    evaluation_rule_problems,
    evaluation_rules,
    fact_scope,
)
from asn_competency.files import Limits, read_yaml
from asn_competency.files.safe_yaml import DEFAULT_LIMITS
from asn_competency.model import KINDS
from asn_competency.model import load as load_document
from asn_competency.model.evaluation_policy import EvaluationPolicy, Recommendation, Subject

__all__ = [
    "Fired",
    "Recommendations",
    "evaluation_rule_problems",
    "fact_scope",
    "load_evaluation_policy",
    "recommend",
]


def load_evaluation_policy(
    path: str | Path, *, limits: Limits = DEFAULT_LIMITS, root: str | Path | None = None
) -> EvaluationPolicy:
    """Load an evaluation policy (``kind: evaluation-policy``) with its rules compiled;
    :class:`PolicyError` lists every problem (``kind.unexpected``, at the ``kind:`` key, for
    a file of another kind). The package root exports this function.

    >>> import asn_competency as asn
    >>> asn.load_evaluation_policy(asn.shipped("evaluasi-gayungan-2026.yaml")).kind
    'evaluation-policy'
    """
    source = read_yaml(path, limits=limits)
    wrong = unexpected_kind(source.data, "evaluation-policy", KINDS)
    if wrong is not None:
        raise PolicyError([source.locate(wrong)])
    document = load_document(path, limits=limits, checks=(evaluation_rule_problems,), root=root)
    if not isinstance(document, EvaluationPolicy):  # the file changed since it was read
        raise PolicyError(
            [
                Problem(
                    "kind.unexpected",
                    f"expected kind 'evaluation-policy', found kind {document.kind!r}",
                    path=("kind",),
                    file=str(path),
                    value=document.kind,
                )
            ]
        )
    return document


@dataclass(frozen=True)
class Fired:
    """A recommendation that fired for one subject, with the evidence behind it."""

    id: str
    subject: Subject
    #: The subject's name (the stage's or competency's id; the policy's for the cycle).
    about: str
    severity: str
    text_id: str
    text_en: str
    #: The cited facts, each exactly (a decimal, or ``p/q``; ``unknown``).
    evidence: tuple[tuple[str, str], ...]
    references: tuple[str, ...]
    rule: str
    #: The rule's trace: each comparison with its values.
    trace: str

    def text(self, lang: str) -> str:
        """The recommendation in ``lang`` (``id`` or ``en``; the Indonesian text when the
        policy gives no English); another language is ``lang.unknown``."""
        return self.text_en if check_language(lang) == "en" else self.text_id

    def record(self) -> dict[str, object]:
        """The recommendation as one row of data."""
        return {
            "id": self.id,
            "subject": self.subject,
            "about": self.about,
            "severity": self.severity,
            "text_id": self.text_id,
            "text_en": self.text_en,
            "evidence": dict(self.evidence),
            "references": list(self.references),
            "rule": self.rule,
            "trace": self.trace,
        }


@dataclass(frozen=True)
class Recommendations:
    """What the policy recommends for a cycle: those that fired, in the policy's order then
    the subjects' order, and for each recommendation how many subjects left it unknown."""

    policy_id: str
    fired: tuple[Fired, ...]
    unknown: tuple[tuple[str, int], ...]


def _fill(text: str, values: Mapping[str, Any]) -> str:
    parts = []
    for literal, name, _, _ in string.Formatter().parse(text):
        parts.append(literal)
        if name is not None:
            value = values.get(name)
            shown = (
                value if isinstance(value, str) else format_value(rule_value(value), unknown="?")
            )
            parts.append(shown)
    return "".join(parts)


def _evidence(value: object) -> str:
    """A cited fact exactly: a fraction as a terminating decimal or ``p/q``."""
    found = rule_value(value)
    if isinstance(found, Fraction):
        return exact(found) or ""
    return format_value(found, unknown="unknown")


def _fired(item: Recommendation, about: str, facts: Mapping[str, Any], trace: str) -> Fired:
    text_id = _fill(item.text.id, facts)
    return Fired(
        id=item.id,
        subject=item.for_each,
        about=about,
        severity=item.severity,
        text_id=text_id,
        text_en=_fill(item.text.en, facts) if item.text.en else text_id,
        evidence=tuple((name, _evidence(facts.get(name))) for name in item.evidence),
        references=tuple(item.references),
        rule=item.rule,
        trace=trace,
    )


def _exact(value: object) -> object:
    """A fact as a rule reads it: floats (correlations) by their exact value."""
    return Fraction(value) if isinstance(value, float) else value


def recommend(
    policy: EvaluationPolicy,
    facts: Mapping[Subject, Sequence[tuple[str, Mapping[str, Any]]]],
) -> Recommendations:
    """Evaluate every recommendation of ``policy`` on ``facts``: for each subject kind, the
    subjects in order as ``(name, facts)``. :class:`PolicyError` when a rule does not compile
    (a policy loaded with :func:`load_evaluation_policy` has none)."""
    rules, problems = evaluation_rules(policy)
    if problems:
        raise PolicyError(problems)
    fired: list[Fired] = []
    unknown: list[tuple[str, int]] = []
    for item in policy.recommendations:
        rule = rules[item.id]
        undecided = 0
        for about, values in facts.get(item.for_each, ()):
            exact = {name: _exact(value) for name, value in values.items()}
            result = evaluate(rule, Env(candidate=exact), at=("recommendations", item.id))
            if result.value is UNKNOWN:
                undecided += 1
            elif result.value is True:
                fired.append(_fired(item, about, exact, result.render()))
        unknown.append((item.id, undecided))
    return Recommendations(policy.id, tuple(fired), tuple(unknown))
