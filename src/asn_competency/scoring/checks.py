"""Compiling a policy's scores: every formula type-checked, tables and AHP matrices checked,
cited standards matched, dependencies ordered (a cycle is an error), once, at load time."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from asn_competency.errors import Path, PolicyError, Problem, did_you_mean
from asn_competency.expressions import (
    CompiledRule,
    compile_rule,
    policy_rule_problems,
    scope_of,
)
from asn_competency.expressions.policy import stage_formulas
from asn_competency.model import IntegrationStage, SelectionPolicy
from asn_competency.model.scores import (
    AffirmationScore,
    AnyScore,
    CategoryScore,
    FormulaScore,
    JpmScore,
    PassFailScore,
    PointsTableScore,
    ProfileMatchScore,
    ScaleScore,
    WeightedSumScore,
)
from asn_competency.scoring.ahp import ahp_weights
from asn_competency.scoring.points_table import InputDomain, table_problems
from asn_competency.scoring.scorebook import ScoreBook, groups_of

__all__ = ["DOCUMENT_CHECKS", "compile_scores", "policy_problems", "score_problems"]


def _domains(policy: SelectionPolicy, rules: Mapping[str, CompiledRule]) -> dict[str, InputDomain]:
    """What is known of each points-table input's values, from its field declaration."""
    domains = {}
    for name, rule in rules.items():
        text = rule.text.strip()
        decl = policy.candidate_fields.get(text)
        if rule.type.kind == "string":
            domains[name] = InputDomain("string", rule.type.codes, None, None, integer=False)
        elif decl is not None and decl.type in ("integer", "decimal"):
            low = getattr(decl, "minimum", None)
            high = getattr(decl, "maximum", None)
            domains[name] = InputDomain(
                "number",
                None,
                Fraction(low) if low is not None else None,
                Fraction(high) if high is not None else None,
                integer=decl.type == "integer",
            )
        else:
            domains[name] = InputDomain(
                "number", None, None, None, integer=rule.type.kind == "integer"
            )
    return domains


def _slots(score_id: str, score: AnyScore) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Each formula of a score: (key, formula text, expected kind)."""
    if isinstance(score, FormulaScore):
        yield ("formula",), score.formula, "number"
    elif isinstance(score, ScaleScore):
        yield ("input",), score.input, "number"
    elif isinstance(score, CategoryScore):
        yield ("input",), score.input, "string"
    elif isinstance(score, PassFailScore):
        yield ("rule",), score.rule, "boolean"
    elif isinstance(score, PointsTableScore):
        for name, formula in score.inputs.items():
            yield ("inputs", name), formula, "any"
    elif isinstance(score, WeightedSumScore):
        for index, criterion in enumerate(score.criteria):
            yield ("criteria", index), criterion.input, "number"
    elif isinstance(score, AffirmationScore):
        yield ("input",), score.input, "number"
        for index, condition in enumerate(score.conditions):
            yield ("conditions", index), condition.rule, "boolean"
    else:
        for competency, formula in score.levels.items():
            yield ("levels", competency), formula, "integer"


def _source_path(score_id: str, key: tuple[str | int, ...]) -> Path:
    base: Path = ("scores", score_id)
    if key[0] == "criteria":
        return (*base, "criteria", key[1], "input")
    if key[0] == "conditions":
        return (*base, "conditions", key[1], "rule")
    return (*base, *key)


def _compile(policy: SelectionPolicy) -> tuple[ScoreBook | None, list[Problem]]:
    scope = scope_of(policy)
    problems: list[Problem] = []
    rules: dict[tuple[str | int, ...], CompiledRule] = {}
    reads: dict[str, set[str]] = {}
    ahp: dict[str, tuple[Fraction, ...]] = {}
    for score_id, score in policy.scores.items():
        reads[score_id] = set()
        for key, text, expect in _slots(score_id, score):
            try:
                rule = compile_rule(text, scope, expect=expect)
            except PolicyError as error:
                path = _source_path(score_id, key)
                problems += [replace(p, path=path) for p in error.problems]
                continue
            rules[(score_id, *key)] = rule
            reads[score_id] |= rule.scores
        if isinstance(score, ProfileMatchScore | JpmScore):
            problems += _standard_problems(policy, score_id, score)
        if isinstance(score, PointsTableScore) and not problems:
            table_rules = {name: rules[(score_id, "inputs", name)] for name in score.inputs}
            problems += table_problems(score, _domains(policy, table_rules), ("scores", score_id))
        if isinstance(score, WeightedSumScore) and score.ahp is not None:
            try:
                result = ahp_weights(score.ahp.matrix, labels=[c.id for c in score.criteria])
            except PolicyError as error:  # the cell's (row, column) path, inside this file
                problems += [
                    replace(
                        p,
                        path=("scores", score_id, "ahp", "matrix", *p.path),
                        hint="revise that judgement" if p.code == "ahp.inconsistent" else p.hint,
                    )
                    for p in error.problems
                ]
            else:
                quantum = Decimal(1).scaleb(-score.ahp.places)
                ahp[score_id] = tuple(
                    Fraction(Decimal(repr(w)).quantize(quantum)) for w in result.weights
                )
    order, cycle = _topological(reads)
    if cycle:
        problems.append(
            Problem(
                "score.cycle",
                f"scores read each other in a cycle: {' → '.join([*cycle, cycle[0]])}",
                path=("scores", cycle[0]),
                value=cycle[0],
            )
        )
    if problems:
        return None, problems
    problems += _strength_problems(policy, reads)
    if problems:
        return None, problems
    return ScoreBook(policy, rules, order, ahp, reads), []


def _strength_problems(policy: SelectionPolicy, reads: Mapping[str, set[str]]) -> list[Problem]:
    """A profile match with the classic gap table that decides a selection (read by a stage
    rule, an ordering key or the final score, directly or through other scores) scores a
    candidate above the standard below one exactly at it. Selection must choose its table:
    ``no-penalty-above``, or ``classic`` written out when that is what the policy means."""
    scope = scope_of(policy)
    decisive: set[str] = set()
    for _, text, expect in stage_formulas(policy):
        try:
            decisive |= compile_rule(text, scope, expect=expect).scores
        except PolicyError:  # reported with its place by the rule checks
            continue
    decisive |= {s.score for s in policy.stages if isinstance(s, IntegrationStage)}
    pending = list(decisive)
    while pending:
        for read in reads.get(pending.pop(), set()) - decisive:
            decisive.add(read)
            pending.append(read)
    return [
        Problem(
            "pm.penalises-strength",
            f"score {score_id!r} decides this selection with the classic gap table, which "
            "scores a level above the target below an exact match: a stronger candidate would "
            "rank lower",
            path=("scores", score_id, "kind"),
            value=score_id,
            hint="declare 'gap_table: no-penalty-above' for selection, or 'gap_table: classic' "
            "if the penalty is intended",
        )
        for score_id in sorted(decisive)
        if isinstance(score := policy.scores.get(score_id), ProfileMatchScore)
        and "gap_table" not in score.model_fields_set
    ]


def _standard_problems(
    policy: SelectionPolicy, score_id: str, score: ProfileMatchScore | JpmScore
) -> list[Problem]:
    """The cited standard is loaded; levels are given for exactly its competencies; aspect
    weights sum to 1 and name groups that the standard has."""
    path: Path = ("scores", score_id)
    standard = policy.loaded_standards.get(score.standard)
    if standard is None:
        declared = [s.id for s in policy.position_standards]
        return [
            Problem(
                "ref.unknown-standard",
                f"position standard {score.standard!r} is not "
                + (
                    "loaded (load the policy from its file)"
                    if score.standard in declared
                    else "declared in position_standards"
                ),
                path=(*path, "standard"),
                value=score.standard,
                hint=did_you_mean(score.standard, declared),
            )
        ]
    targets = [r.competency for r in standard.requirements]
    problems = [
        Problem(
            "pm.missing-level",
            f"no level formula for {competency}, which {standard.id!r} requires",
            path=(*path, "levels"),
            value=competency,
        )
        for competency in targets
        if competency not in score.levels
    ]
    problems += [
        Problem(
            "ref.unknown-competency",
            f"{competency} is not a competency of {standard.id!r}",
            path=(*path, "levels", competency),
            value=competency,
            hint=did_you_mean(competency, targets),
        )
        for competency in score.levels
        if competency not in targets
    ]
    unweighted = [r.competency for r in standard.requirements if r.weight is None]
    if isinstance(score, ProfileMatchScore) and score.weighting == "standard" and unweighted:
        problems.append(
            Problem(
                "weights.partial",
                f"weighting: standard needs a weight on every requirement of {standard.id!r}; "
                f"{', '.join(unweighted)} ha{'ve' if len(unweighted) > 1 else 's'} none",
                path=(*path, "weighting"),
                value=score.weighting,
                hint="weight the standard's requirements, or use weighting: equal",
            )
        )
    if isinstance(score, ProfileMatchScore) and score.aspects is not None:
        total = sum(score.aspects.values(), Decimal(0))
        if total != 1:
            problems.append(
                Problem(
                    "weights.sum",
                    f"the aspect weights sum to {total}, not 1",
                    path=(*path, "aspects"),
                    value=total,
                )
            )
        groups = groups_of(standard)
        for group in score.aspects:
            members = [c for c in targets if groups.get(c) == group]
            if not any(
                r.factor == "core" for r in standard.requirements if r.competency in members
            ):
                problems.append(
                    Problem(
                        "pm.missing-level",
                        f"aspect {group!r} has no core competency in {standard.id!r}: Profile "
                        "Matching needs at least one",
                        path=(*path, "aspects", group),
                        value=group,
                    )
                )
    return problems


def _topological(reads: Mapping[str, set[str]]) -> tuple[tuple[str, ...], list[str]]:
    """Scores in an order where each comes after those it reads (declaration order among
    equals), or the first cycle found."""
    order: list[str] = []
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(name: str) -> list[str]:
        if state.get(name) == "done":
            return []
        if state.get(name) == "active":
            return stack[stack.index(name) :]
        state[name] = "active"
        stack.append(name)
        for dependency in sorted(reads.get(name, ())):
            cycle = visit(dependency)
            if cycle:
                return cycle
        stack.pop()
        state[name] = "done"
        order.append(name)
        return []

    for name in reads:
        cycle = visit(name)
        if cycle:
            return tuple(order), cycle
    return tuple(order), []


def _compiled(policy: SelectionPolicy) -> tuple[ScoreBook | None, list[Problem]]:
    """The policy's scores compiled once per policy object (loading checks them, a run uses
    them: :meth:`~asn_competency.model.SelectionPolicy.compiled`)."""
    return policy.compiled("scores", lambda: _compile(policy))


def score_problems(policy: SelectionPolicy) -> list[Problem]:
    """Every problem of the policy's scores (formulas, tables, AHP matrices, cycles)."""
    return list(_compiled(policy)[1])


def compile_scores(policy: SelectionPolicy) -> ScoreBook:
    """The policy's scores, compiled; :class:`PolicyError` lists every problem."""
    book, problems = _compiled(policy)
    if book is None:
        raise PolicyError(problems)
    return book


def policy_problems(document: object) -> list[Problem]:
    """The checks of the rule language and of the scores for a selection policy (other kinds
    have none): every stage formula and every score compiled."""
    if not isinstance(document, SelectionPolicy):
        return []
    return policy_rule_problems(document) + score_problems(document)


#: The checks that loading adds to the model's own (``model.load.load(..., checks=...)``).
DOCUMENT_CHECKS = (policy_problems,)
