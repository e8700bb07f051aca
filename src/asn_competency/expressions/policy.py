"""Checking every rule and formula of a selection policy's stages when it loads."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from asn_competency.errors import Path, PolicyError, Problem
from asn_competency.expressions.compile import CompiledRule, compile_rule
from asn_competency.expressions.types import scope_of
from asn_competency.model import (
    EligibilityStage,
    ParameterRef,
    RankingStage,
    RatingStage,
    SelectionPolicy,
    ShortlistStage,
    TestStage,
)

__all__ = [
    "RuleKey",
    "minimums_rule",
    "policy_rule_problems",
    "stage_formulas",
    "stage_rules",
]


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
    problems += [p for p in stage_rules(policy)[1] if p.code != "expr.name-clash"]
    return problems


#: A stage rule's key: the stage's id, then the keys to the rule in the stage (``("skd",
#: "pass_rule")``, ``("administrasi", "rules", 2, "rule")``).
RuleKey = tuple[str | int, ...]


def stage_rules(policy: SelectionPolicy) -> tuple[Mapping[RuleKey, CompiledRule], list[Problem]]:
    """Every stage formula of the policy compiled, by key, with the problems of those that do
    not compile (each with its path in the file and its offset in the rule); compiled once per
    policy object (:meth:`~asn_competency.model.SelectionPolicy.compiled`): loading checks
    them and every run uses them."""
    return policy.compiled("stage_rules", lambda: _stage_rules(policy))


def _stage_rules(policy: SelectionPolicy) -> tuple[Mapping[RuleKey, CompiledRule], list[Problem]]:
    scope = scope_of(policy)
    rules: dict[RuleKey, CompiledRule] = {}
    problems: list[Problem] = []
    for path, text, expect in stage_formulas(policy):
        stage_id = policy.stages[int(path[1])].id
        try:
            rules[(stage_id, *path[2:])] = compile_rule(text, scope, expect=expect)
        except PolicyError as error:
            problems += [replace(p, path=path) for p in error.problems]
    for stage in policy.stages:
        if isinstance(stage, TestStage) and stage.pass_rule is None:
            rules[(stage.id, "_minimums")] = compile_rule(minimums_rule(stage), scope)
    return rules, problems


def minimums_rule(stage: TestStage) -> str:
    """The default pass rule of a test (its key is ``(stage id, "_minimums")``): every
    component with a pass minimum meets it (``twk >= skd_min_twk and ...``), or ``true``."""
    parts = []
    for component in stage.components:
        minimum = component.pass_minimum
        if minimum is None:
            continue
        bound = minimum.parameter if isinstance(minimum, ParameterRef) else str(minimum)
        parts.append(f"{component.field} >= {bound}")
    return " and ".join(parts) or "true"
