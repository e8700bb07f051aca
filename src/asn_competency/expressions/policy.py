"""Checking every rule of a selection policy when it loads."""

from __future__ import annotations

from asn_competency.errors import PolicyError, Problem
from asn_competency.expressions.compile import compile_rule
from asn_competency.expressions.types import scope_of
from asn_competency.model import EligibilityStage, SelectionPolicy

__all__ = ["policy_rule_problems"]


def policy_rule_problems(policy: SelectionPolicy) -> list[Problem]:
    """Every problem of every rule in the policy, each with its path and character offset."""
    scope = scope_of(policy)
    problems: list[Problem] = []
    clashes = sorted(set(policy.candidate_fields) & set(policy.parameters))
    for name in clashes:
        problems.append(
            Problem(
                "expr.name-clash",
                f"{name!r} is both a candidate field and a parameter; rules cannot tell which",
                path=("parameters", name),
                value=name,
            )
        )
    for index, stage in enumerate(policy.stages):
        if not isinstance(stage, EligibilityStage):
            continue
        for number, rule in enumerate(stage.rules):
            path = ("stages", index, "rules", number, "rule")
            try:
                compile_rule(rule.rule, scope)
            except PolicyError as error:  # a clash is reported once, at the parameter, above
                problems += [_at(p, path) for p in error.problems if p.code != "expr.name-clash"]
    return problems


def _at(problem: Problem, path: tuple[str | int, ...]) -> Problem:
    from dataclasses import replace  # noqa: PLC0415 - keeps the module's imports minimal

    return replace(problem, path=path)
