"""Checking every rule and formula of a selection policy's stages when it loads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from asn_competency.errors import Path, PolicyError, Problem
from asn_competency.expressions.compile import compile_rule
from asn_competency.expressions.types import scope_of
from asn_competency.model import (
    EligibilityStage,
    RankingStage,
    RatingStage,
    SelectionPolicy,
    ShortlistStage,
    TestStage,
)

__all__ = ["policy_rule_problems", "stage_formulas"]


def stage_formulas(policy: SelectionPolicy) -> Iterator[tuple[Path, str, str]]:
    """Every formula of the policy's stages: (path in the file, text, the kind it must give)."""
    for index, stage in enumerate(policy.stages):
        path: Path = ("stages", index)
        if isinstance(stage, EligibilityStage):
            for number, rule in enumerate(stage.rules):
                yield (*path, "rules", number, "rule"), rule.rule, "boolean"
        elif isinstance(stage, TestStage | RatingStage):
            if stage.pass_rule is not None:
                yield (*path, "pass_rule"), stage.pass_rule, "boolean"
            if stage.score is not None:
                yield (*path, "score"), stage.score, "number"
            if isinstance(stage, TestStage):
                for number, exception in enumerate(stage.exceptions):
                    yield (*path, "exceptions", number, "rule"), exception.rule, "boolean"
                    if exception.when is not None:
                        yield (*path, "exceptions", number, "when"), exception.when, "boolean"
        elif isinstance(stage, ShortlistStage | RankingStage):
            for number, key in enumerate(stage.order):
                yield (*path, "order", number, "key"), key.key, "string" if key.codes else "any"


def policy_rule_problems(policy: SelectionPolicy) -> list[Problem]:
    """Every problem of every stage formula, each with its path and character offset."""
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
    for path, text, expect in stage_formulas(policy):
        try:
            compile_rule(text, scope, expect=expect)
        except PolicyError as error:  # a clash is reported once, at the parameter, above
            problems += [
                replace(p, path=path) for p in error.problems if p.code != "expr.name-clash"
            ]
    return problems
