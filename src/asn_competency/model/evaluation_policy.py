"""Evaluation policy: what an evaluation of a cycle should recommend, declared as rules.

YAML ``kind: evaluation-policy``. Each recommendation names the *subject* it is about (the
whole ``cycle``, each ``stage``, each rating ``panel``, each ``competency`` of those hired),
a rule in the rule language over that subject's facts (``docs/rules.md``; the facts are
listed in :data:`FACTS`), a severity, a text in Indonesian and English (``{name}`` in it is
replaced by the fact's value, e.g. ``{stage}``), the facts it cites as evidence, and the
references it rests on. The rule fires once per subject it holds for: "review the criteria of
every stage where the four-fifths flag trips" is one recommendation with ``for_each: stage``
and the rule ``flagged_groups > 0``.

The rules are compiled and type-checked by the rule language when the policy loads (the
expressions layer, :mod:`asn_competency.evaluation.recommend`); this module checks what the
model alone can: unique ids, cited references, evidence and placeholders naming facts of the
subject (``ref.unknown-field``).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Literal

from pydantic import Field

from asn_competency.errors import Problem, did_you_mean
from asn_competency.model._base import Document, Identifier, Model, Reference, Text
from asn_competency.model._checks import duplicate_ids, reference_problems

__all__ = [
    "FACTS",
    "SEVERITIES",
    "EvaluationPolicy",
    "FactType",
    "Recommendation",
    "Severity",
    "Subject",
]

Subject = Literal["cycle", "stage", "panel", "competency"]
Severity = Literal["info", "review", "action"]
#: Severities, least pressing first.
SEVERITIES: tuple[Severity, ...] = ("info", "review", "action")
FactType = Literal["integer", "decimal", "string", "boolean"]

#: The facts a recommendation's rule, evidence and text may name, by subject: name → (type,
#: meaning). Impact facts count the groups of recorded attributes, one attribute at a time:
#: the applicants whose attribute is not recorded are a row of the tables, never a group a
#: recommendation is about. Decimals are exact (fractions) except where said; a fact the
#: evaluation could not compute (no protected attribute recorded, no development folder) is
#: unknown, and a rule that needs it is unknown and does not fire.
FACTS: Mapping[Subject, Mapping[str, tuple[FactType, str]]] = {
    "cycle": {
        "applicants": ("integer", "rows of the run's results"),
        "selected": ("integer", "applicants selected (the bottom line)"),
        "stages": ("integer", "stages that received at least one applicant"),
        "flagged_stages": (
            "integer",
            "stages (bottom line excluded) where some recorded group's impact ratio is below 4/5",
        ),
        "bottom_line_flagged_groups": (
            "integer",
            "recorded groups whose bottom-line impact ratio is below 4/5",
        ),
        "min_impact_ratio": (
            "decimal",
            "the lowest bottom-line impact ratio of any recorded group",
        ),
        "panels": ("integer", "rating panels whose agreement was measured"),
        "hires_assessed": ("integer", "hires with competency assessments (development folder)"),
        "validity_pairs": ("integer", "hires with both a selection score and a later rating"),
        "validity_spearman": (
            "decimal",
            "Spearman's rho of selection score and later rating (from a float estimate)",
        ),
    },
    "stage": {
        "stage": ("string", "the stage's id"),
        "received": ("integer", "applicants the stage received"),
        "passed": ("integer", "applicants it passed on"),
        "pass_rate": ("decimal", "passed / received"),
        "flagged_groups": (
            "integer",
            "recorded groups whose impact ratio at the stage is below 4/5",
        ),
        "small_flagged_groups": (
            "integer",
            "of those, flags resting on numbers too small for the rule (Q&A 21)",
        ),
        "min_impact_ratio": (
            "decimal",
            "the lowest impact ratio of any recorded group at the stage",
        ),
    },
    "panel": {
        "stage": ("string", "the rating stage whose raters form the panel"),
        "raters": ("integer", "raters of the panel"),
        "targets": ("integer", "applicants every rater of the panel rated"),
        "icc_1_1": ("decimal", "ICC(1,1), one-way random, single rater"),
        "icc_2_1": ("decimal", "ICC(2,1), absolute agreement of a single rater"),
        "icc_3_1": ("decimal", "ICC(3,1), consistency of a single rater"),
        "icc_2_k": ("decimal", "ICC(2,k), absolute agreement of the panel's mean"),
        "drifting_raters": (
            "integer",
            "raters consistently harsher or more lenient than the others (p < 0.05)",
        ),
    },
    "competency": {
        "competency": ("string", "the competency's id"),
        "assessed": ("integer", "hires assessed on it"),
        "below_standard": ("integer", "hires below the standard's level on it"),
        "share_below_standard": ("decimal", "below_standard / assessed"),
    },
}


class Recommendation(Model):
    """One declared recommendation: when it fires, what it says, what it cites."""

    id: Identifier = Field(description="Identifier of the recommendation.")
    for_each: Subject = Field(
        description="What the rule is evaluated for: the whole 'cycle', each 'stage', each "
        "rating 'panel', each 'competency' of those hired; it fires once per subject it "
        "holds for."
    )
    rule: str = Field(
        min_length=1,
        description="When it fires: a condition in the rule language over the subject's "
        "facts (docs/evaluation.md), e.g. 'icc_2_1 < 0.6'.",
    )
    severity: Severity = Field(
        description="How pressing: 'info', 'review' (look at it), 'action' (change something)."
    )
    text: Text = Field(
        description="What is recommended, in Indonesian and English; '{fact}' is replaced by "
        "the fact's value (e.g. '{stage}')."
    )
    evidence: list[str] = Field(
        min_length=1,
        description="The facts cited as evidence when it fires (names of the subject's facts).",
    )
    references: list[Identifier] = Field(
        default_factory=list, description="Ids in `references` the recommendation rests on."
    )


class EvaluationPolicy(Document):
    """What an evaluation of a cycle recommends, and on what basis."""

    kind: Literal["evaluation-policy"] = Field(description="Always 'evaluation-policy'.")
    schema_version: Literal[1] = Field(description="Version of this file format.")
    id: Identifier = Field(description="Identifier of the policy.")
    name: Text = Field(description="Title of the policy.")
    description: Text | None = Field(default=None, description="What the policy is for.")
    references: list[Reference] = Field(
        min_length=1, description="Legal bases and sources the recommendations cite."
    )
    recommendations: list[Recommendation] = Field(
        min_length=1, description="The recommendations, in the order a report lists them."
    )

    def problems(self) -> list[Problem]:
        problems = reference_problems(self)
        problems += duplicate_ids(self.recommendations, ("recommendations",), "recommendation")
        declared = sorted(r.id for r in self.references)
        for index, item in enumerate(self.recommendations):
            where = ("recommendations", index)
            facts = FACTS[item.for_each]
            for number, name in enumerate(item.evidence):
                if name not in facts:
                    problems.append(
                        _unknown_fact(name, item.for_each, (*where, "evidence", number))
                    )
            for lang in ("id", "en"):
                text = getattr(item.text, lang)
                if text is None:
                    continue
                for name in _placeholders(text):
                    if name not in facts:
                        problems.append(_unknown_fact(name, item.for_each, (*where, "text", lang)))
            for number, ref in enumerate(item.references):
                if ref not in declared:
                    problems.append(
                        Problem(
                            "ref.unknown-reference",
                            f"reference {ref!r} is not declared in 'references'",
                            path=(*where, "references", number),
                            value=ref,
                            hint=did_you_mean(ref, declared),
                        )
                    )
        return problems


def _placeholders(text: str) -> list[str]:
    """The ``{name}`` placeholders of a text (``{{`` and ``}}`` are literal braces)."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return ["{"]


def _unknown_fact(name: str, subject: Subject, path: tuple[str | int, ...]) -> Problem:
    known = sorted(FACTS[subject])
    return Problem(
        "ref.unknown-field",
        f"{name!r} is not a fact of a {subject}; its facts are {', '.join(known)}",
        path=path,
        value=name,
        hint=did_you_mean(name, known),
    )
