"""A policy's scores, compiled once and evaluated per candidate with a full explanation.

:func:`compile_scores` checks every score formula against the policy's declared fields,
parameters and other scores, orders the scores so that each is computed after those it reads
(a cycle is an error), and returns a :class:`ScoreBook`. ``book.evaluate(candidate,
as_of=...)`` returns a :class:`Scorecard`: one :class:`ScoreResult` per score, each exact (a
fraction), rounded only where the policy declares it, with thresholds (parameter, value,
effective date, legal reference) and, for weighted sums, each criterion's raw value, weight
and contribution.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from asn_competency.errors import Path, PolicyError, Problem, did_you_mean
from asn_competency.expressions import (
    UNKNOWN,
    CompiledRule,
    Env,
    Evaluation,
    EvaluationError,
    compile_rule,
    evaluate,
    scope_of,
)
from asn_competency.expressions.evaluate import Value, format_value
from asn_competency.expressions.functions import ROUNDING_MODES, round_fraction
from asn_competency.model import (
    ParameterRef,
    PositionStandard,
    ResolvedParameter,
    SelectionPolicy,
)
from asn_competency.model.scores import (
    AffirmationScore,
    CategoryScore,
    FormulaScore,
    JpmScore,
    PassFailScore,
    PointsTableScore,
    ProfileMatchScore,
    Rounding,
    ScaleScore,
    WeightedSumScore,
)
from asn_competency.scoring.affirmation import affirmation_points
from asn_competency.scoring.ahp import ahp_weights
from asn_competency.scoring.points_table import InputDomain, match, table_problems
from asn_competency.scoring.profile_matching import (
    DEFAULT_JPM_BANDS,
    JpmBand,
    ProfileMatchResult,
    aspect_total,
    job_person_match,
    jpm_band,
    profile_match,
)

__all__ = [
    "CriterionResult",
    "ScoreBook",
    "ScoreResult",
    "Scorecard",
    "ThresholdResult",
    "compile_scores",
    "score_problems",
]

AnyScore = (
    FormulaScore
    | ScaleScore
    | CategoryScore
    | PassFailScore
    | PointsTableScore
    | WeightedSumScore
    | AffirmationScore
    | ProfileMatchScore
    | JpmScore
)


@dataclass(frozen=True, slots=True)
class ThresholdResult:
    """A gate applied to a value: the minimum, where it came from, and the outcome."""

    minimum: Fraction
    parameter: str | None
    effective_from: dt.date | None
    reference: str | None
    value: Value
    passed: bool | None  # None: unknown

    def source(self) -> str:
        """``skd_min_tkp = 166 [kepmenpanrb-321-2024, from 2024-01-01]`` or the number."""
        if self.parameter is None:
            return format_value(self.minimum)
        since = self.effective_from.isoformat() if self.effective_from else "?"
        return f"{self.parameter} = {format_value(self.minimum)} [{self.reference}, from {since}]"


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion of a weighted sum: raw value, weight, contribution, gate."""

    id: str
    raw: Value
    weight: Fraction
    contribution: Value
    threshold: ThresholdResult | None
    trace: Evaluation


@dataclass(frozen=True)
class ScoreResult:
    """One score of one candidate: its value (exact, then rounded as declared) and why."""

    id: str
    kind: str
    value: Value
    exact: Value
    rounding: Rounding | None
    passed: bool | None
    thresholds: tuple[ThresholdResult, ...] = ()
    criteria: tuple[CriterionResult, ...] = ()
    inputs: tuple[Evaluation, ...] = ()
    detail: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        """Whether the value is known (no missing input decided it)."""
        return self.value is not UNKNOWN

    def explain(self, lang: str = "id") -> str:
        """The score as a person reads it, in Indonesian (``id``) or English (``en``)."""
        words = _WORDS[lang]
        lines = [f"{self.id} ({self.kind}) = {format_value(self.value)}"]
        for item in self.inputs:
            for clause in item.clauses or ():
                lines.append(f"  {clause.render()}")
            if not item.clauses:
                lines.append(f"  {item.rule} = {format_value(item.value)}")
        for criterion in self.criteria:
            lines.append(
                f"  {criterion.id}: {words['raw']} {format_value(criterion.raw)} × "
                f"{words['weight']} {format_value(criterion.weight)} = "
                f"{words['contribution']} {format_value(criterion.contribution)}"
            )
            if criterion.threshold is not None:
                lines.append("    " + _gate_line(criterion.threshold, words))
        lines += [f"  {line}" for line in self.detail]
        if self.rounding is not None and self.exact is not UNKNOWN:
            lines.append(
                f"  {words['rounded']} {format_value(self.exact)} → {format_value(self.value)} "
                f"({self.rounding.places} {words['places']}, {self.rounding.mode})"
            )
        lines += ["  " + _gate_line(t, words) for t in self.thresholds]
        if self.missing:
            lines.append(f"  {words['missing']}: {', '.join(self.missing)}")
        return "\n".join(lines)


_WORDS = {
    "id": {
        "raw": "nilai",
        "weight": "bobot",
        "contribution": "kontribusi",
        "rounded": "dibulatkan",
        "places": "desimal",
        "minimum": "nilai ambang batas",
        "passed": "memenuhi",
        "failed": "tidak memenuhi",
        "unknown": "tidak diketahui",
        "missing": "data tidak tersedia",
    },
    "en": {
        "raw": "value",
        "weight": "weight",
        "contribution": "contribution",
        "rounded": "rounded",
        "places": "places",
        "minimum": "minimum",
        "passed": "passed",
        "failed": "failed",
        "unknown": "unknown",
        "missing": "missing",
    },
}


def _gate_line(gate: ThresholdResult, words: Mapping[str, str]) -> str:
    outcome = {True: words["passed"], False: words["failed"], None: words["unknown"]}[gate.passed]
    return f"{words['minimum']} {gate.source()}: {format_value(gate.value)} → {outcome}"


@dataclass(frozen=True)
class Scorecard:
    """Every score of one candidate, in evaluation order."""

    results: Mapping[str, ScoreResult]

    def __getitem__(self, score_id: str) -> ScoreResult:
        return self.results[score_id]

    def __iter__(self) -> Iterator[ScoreResult]:
        return iter(self.results.values())

    def explain(self, lang: str = "id") -> str:
        """Every score's explanation, in order."""
        return "\n".join(result.explain(lang) for result in self)


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


class ScoreBook:
    """The compiled scores of one policy. Build it with :func:`compile_scores`."""

    def __init__(
        self,
        policy: SelectionPolicy,
        rules: Mapping[tuple[str | int, ...], CompiledRule],
        order: tuple[str, ...],
        ahp: Mapping[str, tuple[Fraction, ...]],
    ) -> None:
        self.policy = policy
        self._rules = dict(rules)
        self.order = order
        self._ahp = dict(ahp)

    def _rule(self, *key: str | int) -> CompiledRule:
        return self._rules[key]

    def parameters_at(self, as_of: dt.date) -> dict[str, ResolvedParameter]:
        """Every parameter in force on ``as_of`` (:class:`ParameterError` if one is not)."""
        return {name: p.at(name, as_of) for name, p in self.policy.parameters.items()}

    def evaluate(
        self,
        candidate: Mapping[str, Any],
        *,
        as_of: dt.date,
        formation: Mapping[str, Any] | None = None,
        parameters: Mapping[str, ResolvedParameter] | None = None,
    ) -> Scorecard:
        """Every score of one candidate. ``parameters`` may be passed in when evaluating many
        candidates at one date (see :meth:`parameters_at`)."""
        resolved = parameters if parameters is not None else self.parameters_at(as_of)
        values: dict[str, Value] = {}
        missing: dict[str, tuple[str, ...]] = {}
        results: dict[str, ScoreResult] = {}
        for score_id in self.order:
            env = Env(candidate, formation or {}, resolved, as_of, values, missing)
            result = self._score(score_id, self.policy.scores[score_id], env)
            values[score_id] = result.value
            missing[score_id] = result.missing
            results[score_id] = result
        return Scorecard(results)

    def _threshold(self, minimum: Any, value: Value, env: Env) -> ThresholdResult | None:
        if minimum is None:
            return None
        if isinstance(minimum, ParameterRef):
            found = env.parameters[minimum.parameter]
            bound = Fraction(found.value)  # type: ignore[arg-type]
            gate = ThresholdResult(
                bound, minimum.parameter, found.effective_from, found.reference, value, None
            )
        else:
            bound = Fraction(minimum)
            gate = ThresholdResult(bound, None, None, None, value, None)
        passed = None if value is UNKNOWN else bool(value >= bound)  # type: ignore[operator]
        return replace(gate, passed=passed)

    def _weight(self, weight: Any, env: Env) -> Fraction:
        if isinstance(weight, ParameterRef):
            return Fraction(env.parameters[weight.parameter].value)  # type: ignore[arg-type]
        return Fraction(weight)

    def _score(self, score_id: str, score: AnyScore, env: Env) -> ScoreResult:
        work = _Work(self, score_id, env)
        exact = self._exact(score, work)
        value = exact
        if score.rounding is not None and isinstance(exact, Fraction):
            value = round_fraction(exact, score.rounding.places, score.rounding.mode)
        own = self._threshold(score.minimum, value, env)
        gates = [g for g in (own, *(c.threshold for c in work.criteria)) if g is not None]
        passed: bool | None = None
        if any(g.passed is False for g in gates):
            passed = False
        elif gates and all(g.passed is True for g in gates):
            passed = True
        missing = sorted(
            {m for e in work.inputs for m in e.missing}
            | {m for c in work.criteria for m in c.trace.missing}
        )
        return ScoreResult(
            score_id,
            score.kind,
            value,
            exact,
            score.rounding,
            passed,
            (own,) if own is not None else (),
            tuple(work.criteria),
            tuple(work.inputs),
            tuple(work.detail),
            tuple(missing) if value is UNKNOWN else (),
        )

    def _exact(self, score: AnyScore, work: _Work) -> Value:
        """The score's exact value, before rounding, by kind."""
        if isinstance(score, FormulaScore):
            return work.run("formula")
        if isinstance(score, ScaleScore):
            return self._scale(score, work.run("input"), work.detail)
        if isinstance(score, CategoryScore):
            return self._category(work.score_id, score, work.run("input"), work.detail)
        if isinstance(score, PassFailScore):
            verdict = work.run("rule")
            return UNKNOWN if verdict is UNKNOWN else Fraction(1 if verdict else 0)
        if isinstance(score, PointsTableScore):
            found = match(score, {name: work.run("inputs", name) for name in score.inputs})
            if found is None:
                return UNKNOWN
            rows = ", ".join(str(i + 1) for i in found.rows)
            work.detail.append(f"{'rows ' + rows if rows else 'default'} → {found.points}")
            return found.points
        if isinstance(score, WeightedSumScore):
            return self._weighted(work.score_id, score, work.env, work.criteria)
        if isinstance(score, AffirmationScore):
            return self._affirmation(score, work)
        return self._profile(score, work)

    def _profile(self, score: ProfileMatchScore | JpmScore, work: _Work) -> Value:
        """Profile Matching or Job-Person Match against the cited position standard."""
        standard = self.policy.loaded_standards[score.standard]
        raw = {c: work.run("levels", c) for c in score.levels}
        if any(v is UNKNOWN for v in raw.values()):
            return UNKNOWN
        levels = {c: int(_number(v)) for c, v in raw.items()}
        targets = {r.competency: r.level for r in standard.requirements}
        if isinstance(score, JpmScore):
            value = job_person_match(levels, targets, cap_at_target=score.cap_at_target)
            bands = (
                tuple(JpmBand(b.minimum, b.label) for b in score.bands)
                if score.bands
                else DEFAULT_JPM_BANDS
            )
            work.detail.append(f"JPM {format_value(value)}% → {jpm_band(value, bands)}")
            return value
        core = [r.competency for r in standard.requirements if r.factor == "core"]
        if score.aspects is None:
            result = profile_match(levels, targets, core=core, core_weight=score.core_weight)
            work.detail += _profile_lines(result)
            return result.total
        groups = _groups(standard)
        totals: dict[str, Fraction] = {}
        for group in score.aspects:
            members = {c: t for c, t in targets.items() if groups.get(c) == group}
            result = profile_match(
                {c: levels[c] for c in members},
                members,
                core=[c for c in core if c in members],
                core_weight=score.core_weight,
            )
            work.detail.append(f"{group}:")
            work.detail += [f"  {line}" for line in _profile_lines(result)]
            totals[group] = result.total
        return aspect_total(totals, {str(group): w for group, w in score.aspects.items()})

    def _category(
        self, score_id: str, score: CategoryScore, code: Value, detail: list[str]
    ) -> Value:
        if code is UNKNOWN:
            return UNKNOWN
        if code not in score.points:
            raise EvaluationError(
                Problem(
                    "category.unknown-code",
                    f"score {score_id!r} gives no points for {code!r}; it lists "
                    f"{', '.join(score.points)}",
                    path=("scores", score_id, "points"),
                    value=code,
                )
            )
        points = Fraction(score.points[str(code)])
        detail.append(f"{code} → {format_value(points)}")
        return points

    def _scale(self, score: ScaleScore, raw: Value, detail: list[str]) -> Value:
        if raw is UNKNOWN:
            return UNKNOWN
        raw = _number(raw)
        low, high = (Fraction(a) for a in score.from_)
        to_low, to_high = (Fraction(a) for a in score.to)
        if not low <= raw <= high:
            if not score.clamp:
                raise EvaluationError(
                    Problem(
                        "scale.out-of-range",
                        f"{format_value(raw)} is outside the scale's anchors "
                        f"[{format_value(low)}, {format_value(high)}]",
                        value=str(raw),
                    )
                )
            raw = min(max(raw, low), high)
        scaled = to_low + (raw - low) / (high - low) * (to_high - to_low)
        detail.append(
            f"{format_value(raw)} on [{format_value(low)}, {format_value(high)}] → "
            f"{format_value(scaled)} on [{format_value(to_low)}, {format_value(to_high)}]"
        )
        return scaled

    def _weighted(
        self, score_id: str, score: WeightedSumScore, env: Env, out: list[CriterionResult]
    ) -> Value:
        if score.ahp is not None:
            weights = list(self._ahp[score_id])
        else:
            weights = [self._weight(c.weight, env) for c in score.criteria]
        if score.weights == "normalised" or score.ahp is not None:
            total_weight = sum(weights, Fraction(0))
            weights = [w / total_weight for w in weights]
        elif sum(weights, Fraction(0)) != 1:
            raise EvaluationError(
                Problem(
                    "weights.sum",
                    f"the weights of {score_id!r} in force on {env.as_of} sum to "
                    f"{format_value(sum(weights, Fraction(0)))}, not 1",
                    path=("scores", score_id, "criteria"),
                )
            )
        total: Value = Fraction(0)
        for index, (criterion, weight) in enumerate(zip(score.criteria, weights, strict=True)):
            evaluation = evaluate(self._rule(score_id, "criteria", index), env)
            raw = evaluation.value
            contribution: Value = UNKNOWN if raw is UNKNOWN else _number(raw) * weight
            gate = self._threshold(criterion.minimum, raw, env)
            out.append(CriterionResult(criterion.id, raw, weight, contribution, gate, evaluation))
            if total is not UNKNOWN:
                total = (
                    UNKNOWN if contribution is UNKNOWN else _number(total) + _number(contribution)
                )
        return total

    def _affirmation(self, score: AffirmationScore, work: _Work) -> Value:
        base = work.run("input")
        maximum = Fraction(score.maximum)
        every = affirmation_points(
            score.maximum,
            [c.percent / 100 for c in score.conditions],
            rounding=ROUNDING_MODES[score.points_rounding.mode],
            places=score.points_rounding.places,
        )
        added = Fraction(0)
        unknown = base is UNKNOWN
        for index, (condition, points) in enumerate(
            zip(score.conditions, every.points, strict=True)
        ):
            holds = work.run("conditions", index)
            if holds is UNKNOWN:
                unknown = True
            elif holds:
                added += Fraction(points)
                work.detail.append(f"{condition.id}: +{points} ({condition.percent}%)")
        if unknown:
            return UNKNOWN
        total = min(_number(base) + added, maximum)
        work.detail.append(
            f"{format_value(_number(base))} + {format_value(added)} → {format_value(total)} "
            f"(≤ {format_value(maximum)})"
        )
        return total


class _Work:
    """What evaluating one score collects: formula traces, criteria and detail lines."""

    def __init__(self, book: ScoreBook, score_id: str, env: Env) -> None:
        self.book = book
        self.score_id = score_id
        self.env = env
        self.inputs: list[Evaluation] = []
        self.criteria: list[CriterionResult] = []
        self.detail: list[str] = []

    def run(self, *key: str | int) -> Value:
        """Evaluate one of the score's formulas and keep its trace."""
        evaluation = evaluate(self.book._rule(self.score_id, *key), self.env)
        self.inputs.append(evaluation)
        return evaluation.value


def _profile_lines(result: ProfileMatchResult) -> list[str]:
    lines = [
        f"{row.competency}: level {row.level}, target {row.target}, gap {row.gap:+d} → "
        f"{row.weight} ({row.factor})"
        for row in result.rows
    ]
    nsf = "-" if result.nsf is None else format_value(result.nsf)
    lines.append(f"NCF {format_value(result.ncf)}, NSF {nsf} → {format_value(result.total)}")
    return lines


def _groups(standard: PositionStandard) -> dict[str, str]:
    """Each competency of a standard's frameworks with its group."""
    return {c.id: c.group for fw in standard.loaded_frameworks.values() for c in fw.competencies}


def _number(value: Value) -> Fraction:
    """A value the type check guarantees to be a number."""
    if not isinstance(value, Fraction):
        raise TypeError(f"expected a number after the type check, got {value!r}")
    return value


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
    return ScoreBook(policy, rules, order, ahp), []


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
        groups = _groups(standard)
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


def score_problems(policy: SelectionPolicy) -> list[Problem]:
    """Every problem of the policy's scores (formulas, tables, AHP matrices, cycles)."""
    return _compile(policy)[1]


def compile_scores(policy: SelectionPolicy) -> ScoreBook:
    """The policy's scores, compiled; :class:`PolicyError` lists every problem."""
    book, problems = _compile(policy)
    if book is None:
        raise PolicyError(problems)
    return book
