"""Checking every rule of an evaluation policy when it loads: each recommendation's rule
compiled against the scope of its subject's facts, by the one rule compiler."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from asn_competency.errors import PolicyError, Problem
from asn_competency.expressions.compile import CompiledRule, compile_rule
from asn_competency.expressions.types import BOOLEAN, DECIMAL, INTEGER, STRING, RuleType, Scope
from asn_competency.model._base import Document
from asn_competency.model.evaluation_policy import FACTS, EvaluationPolicy, Subject

__all__ = ["evaluation_rule_problems", "evaluation_rules", "fact_scope"]

_TYPES: Mapping[str, RuleType] = {
    "integer": INTEGER,
    "decimal": DECIMAL,
    "string": STRING,
    "boolean": BOOLEAN,
}


def fact_scope(subject: Subject) -> Scope:
    """The scope of a rule about ``subject``: its facts (:data:`FACTS`), read by bare name as
    candidate fields are."""
    return Scope(fields={name: _TYPES[kind] for name, (kind, _) in FACTS[subject].items()})


def evaluation_rules(
    policy: EvaluationPolicy,
) -> tuple[dict[str, CompiledRule], list[Problem]]:
    """Each recommendation's rule compiled, by recommendation id, and the problems of those
    that do not compile (each with its path in the file and its offset in the rule)."""
    rules: dict[str, CompiledRule] = {}
    problems: list[Problem] = []
    for index, item in enumerate(policy.recommendations):
        try:
            rules[item.id] = compile_rule(item.rule, fact_scope(item.for_each))
        except PolicyError as error:
            path = ("recommendations", index, "rule")
            problems += [replace(p, path=path) for p in error.problems]
    return rules, problems


def evaluation_rule_problems(document: Document) -> list[Problem]:
    """Every problem of an evaluation policy's rules (other kinds have none): a load check."""
    if not isinstance(document, EvaluationPolicy):
        return []
    return evaluation_rules(document)[1]
