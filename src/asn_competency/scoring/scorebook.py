"""Evaluating a policy's compiled scores for one candidate, exactly, with explanations.

A :class:`ScoreBook` (built by :func:`~asn_competency.scoring.compile_scores`) evaluates
every score of a candidate in dependency order and returns a
:class:`~asn_competency.scoring.results.Scorecard`: each score exact (a fraction), rounded
only where the policy declares it, with its gates (parameter, value, effective date, legal
reference) and, for a weighted sum, each criterion's raw value, weight and contribution.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from asn_competency.errors import Problem
from asn_competency.expressions import (
    UNKNOWN,
    CompiledRule,
    Env,
    Evaluation,
    EvaluationError,
    evaluate,
)
from asn_competency.expressions.evaluate import Value, format_value
from asn_competency.expressions.functions import ROUNDING_MODES, round_fraction
from asn_competency.model import (
    ParameterRef,
    PositionStandard,
    ResolvedParameter,
    SelectionPolicy,
)
from asn_competency.model.outcomes import Fact
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
from asn_competency.scoring.affirmation import affirmation_points
from asn_competency.scoring.points_table import match
from asn_competency.scoring.profile_matching import (
    DEFAULT_JPM_BANDS,
    GAP_WEIGHTS,
    NO_PENALTY_ABOVE_GAP_WEIGHTS,
    JpmBand,
    ProfileMatchResult,
    aspect_total,
    job_person_match,
    jpm_band,
    profile_match,
)
from asn_competency.scoring.results import (
    CriterionResult,
    Scorecard,
    ScoreResult,
    ThresholdResult,
)

__all__ = ["ScoreBook", "groups_of"]

#: The gap → weight table each ``gap_table`` of a profile-match score names.
GAP_TABLES: Mapping[str, Mapping[int, Decimal]] = {
    "classic": GAP_WEIGHTS,
    "no-penalty-above": NO_PENALTY_ABOVE_GAP_WEIGHTS,
}


class ScoreBook:
    """The compiled scores of one policy. Build it with :func:`compile_scores`."""

    def __init__(
        self,
        policy: SelectionPolicy,
        rules: Mapping[tuple[str | int, ...], CompiledRule],
        order: tuple[str, ...],
        ahp: Mapping[str, tuple[Fraction, ...]],
        reads: Mapping[str, Collection[str]],
    ) -> None:
        self.policy = policy
        self._rules = dict(rules)
        self.order = order
        self._ahp = dict(ahp)
        self._reads = {name: frozenset(found) for name, found in reads.items()}

    def needed(self, names: Collection[str]) -> frozenset[str]:
        """The scores ``names`` depend on, themselves included."""
        found: set[str] = set()
        todo = list(names)
        while todo:
            name = todo.pop()
            if name not in found:
                found.add(name)
                todo += self._reads.get(name, ())
        return frozenset(found)

    def _rule(self, *key: str | int) -> CompiledRule:
        return self._rules[key]

    def rule(self, score_id: str, *key: str | int) -> CompiledRule:
        """The compiled formula of a score at a place relative to it (``("criteria", 0)``,
        ``("input",)``, ``("formula",)``), as an evaluation's ``at`` names it; ``KeyError``
        when the score has no such formula."""
        return self._rule(score_id, *key)

    def formulas(self, score_ids: Collection[str]) -> list[CompiledRule]:
        """Every compiled formula of the scores named (inputs, criteria, conditions)."""
        return [rule for key, rule in self._rules.items() if key[0] in score_ids]

    def ahp_weights(self, score_id: str) -> tuple[Fraction, ...]:
        """The weights an AHP matrix gives a weighted sum's criteria, as compiled."""
        return self._ahp[score_id]

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
        only: Collection[str] | None = None,
        done: Scorecard | None = None,
    ) -> Scorecard:
        """The scores of one candidate: all of them, or ``only`` those named and what they
        depend on (adding to the results already ``done``). ``parameters`` may be passed in
        when evaluating many candidates at one date (see :meth:`parameters_at`)."""
        resolved = parameters if parameters is not None else self.parameters_at(as_of)
        results: dict[str, ScoreResult] = dict(done.results) if done is not None else {}
        values: dict[str, Value] = {k: r.value for k, r in results.items()}
        missing: dict[str, tuple[str, ...]] = {k: r.missing for k, r in results.items()}
        wanted = self.needed(only) if only is not None else frozenset(self.order)
        for score_id in self.order:
            if score_id in results or score_id not in wanted:
                continue
            env = Env(candidate, formation or {}, resolved, as_of, values, missing)
            result = self._score(score_id, self.policy.scores[score_id], env, results)
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

    def _score(
        self, score_id: str, score: AnyScore, env: Env, done: Mapping[str, ScoreResult]
    ) -> ScoreResult:
        work = _Work(self, score_id, env, done)
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
            | {m for e in work.traces for m in e.missing}
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
            tuple(work.steps),
            tuple(missing) if value is UNKNOWN else (),
            work.band,
        )

    def _exact(self, score: AnyScore, work: _Work) -> Value:
        """The score's exact value, before rounding, by kind."""
        if isinstance(score, FormulaScore):
            return work.run("formula")
        if isinstance(score, ScaleScore):
            return self._scale(score, work.run("input"), work.steps)
        if isinstance(score, CategoryScore):
            return self._category(work.score_id, score, work.run("input"), work.steps)
        if isinstance(score, PassFailScore):
            verdict = work.run("rule")
            return UNKNOWN if verdict is UNKNOWN else Fraction(1 if verdict else 0)
        if isinstance(score, PointsTableScore):
            found = match(score, {name: work.run("inputs", name) for name in score.inputs})
            if found is None:
                return UNKNOWN
            work.steps.append(
                Fact("points.rows", {"rows": [i + 1 for i in found.rows], "points": found.points})
            )
            return found.points
        if isinstance(score, WeightedSumScore):
            return self._weighted(work, score)
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
            if score.factors != "all":
                counted = {r.competency for r in standard.requirements if r.factor == score.factors}
                targets = {c: t for c, t in targets.items() if c in counted}
                levels = {c: v for c, v in levels.items() if c in counted}
            value = job_person_match(levels, targets, cap_at_target=score.cap_at_target)
            bands = (
                tuple(JpmBand(b.minimum, b.label) for b in score.bands)
                if score.bands
                else DEFAULT_JPM_BANDS
            )
            if score.factors == "all":  # bands grade the whole standard, not a part of it
                work.band = jpm_band(value, bands)
            work.steps.append(
                Fact("jpm", {"value": value, "band": work.band, "factors": score.factors})
            )
            return value
        core = [r.competency for r in standard.requirements if r.factor == "core"]
        table = GAP_TABLES[score.gap_table]
        weights = (
            {r.competency: r.weight for r in standard.requirements if r.weight is not None}
            if score.weighting == "standard"
            else None
        )

        def matched(competencies: Mapping[str, int]) -> ProfileMatchResult:
            return profile_match(
                {c: levels[c] for c in competencies},
                competencies,
                core=[c for c in core if c in competencies],
                core_weight=score.core_weight,
                gap_weights=table,
                weights=None if weights is None else {c: weights[c] for c in competencies},
            )

        if score.aspects is None:
            result = matched(targets)
            work.steps += _profile_steps(result, None)
            return result.total
        groups = groups_of(standard)
        totals: dict[str, Fraction] = {}
        for group in score.aspects:
            result = matched({c: t for c, t in targets.items() if groups.get(c) == group})
            work.steps += _profile_steps(result, str(group))
            totals[group] = result.total
        return aspect_total(totals, {str(group): w for group, w in score.aspects.items()})

    def _category(
        self, score_id: str, score: CategoryScore, code: Value, steps: list[Fact]
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
        steps.append(Fact("category.points", {"category": code, "points": points}))
        return points

    def _scale(self, score: ScaleScore, raw: Value, steps: list[Fact]) -> Value:
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
        steps.append(
            Fact(
                "scale.mapped",
                {"raw": raw, "from": [low, high], "scaled": scaled, "to": [to_low, to_high]},
            )
        )
        return scaled

    def _weighted(self, work: _Work, score: WeightedSumScore) -> Value:
        score_id, env = work.score_id, work.env
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
            evaluation = evaluate(
                self._rule(score_id, "criteria", index), env, at=("criteria", index)
            )
            raw = evaluation.value
            contribution: Value = UNKNOWN if raw is UNKNOWN else _number(raw) * weight
            gate = self._threshold(criterion.minimum, raw, env)
            before = work.before_scaling(criterion.input, raw)
            work.criteria.append(
                CriterionResult(criterion.id, before, raw, weight, contribution, gate, evaluation)
            )
            work.traces.append(evaluation)
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
                work.steps.append(
                    Fact(
                        "affirmation.condition",
                        {"condition": condition.id, "points": points, "percent": condition.percent},
                    )
                )
        if unknown:
            return UNKNOWN
        total = min(_number(base) + added, maximum)
        work.steps.append(
            Fact(
                "affirmation.total",
                {"base": _number(base), "added": added, "total": total, "maximum": maximum},
            )
        )
        return total


class _Work:
    """What evaluating one score collects: formula traces, criteria and the steps between."""

    def __init__(
        self, book: ScoreBook, score_id: str, env: Env, done: Mapping[str, ScoreResult]
    ) -> None:
        self.book = book
        self.score_id = score_id
        self.env = env
        self.done = done
        self.inputs: list[Evaluation] = []
        self.criteria: list[CriterionResult] = []
        self.traces: list[Evaluation] = []  # the criteria's, as evaluated here
        self.steps: list[Fact] = []
        self.band: str | None = None

    def before_scaling(self, formula: str, value: Value) -> Value:
        """The raw value behind a criterion that reads a scale score by name, else ``value``."""
        source = self.book.policy.scores.get(formula.strip())
        result = self.done.get(formula.strip())
        if isinstance(source, ScaleScore) and result is not None and result.inputs:
            found = result.inputs[0]
            if isinstance(found, Evaluation):  # a score book's own results hold evaluations
                return found.value
        return value

    def run(self, *key: str | int) -> Value:
        """Evaluate one of the score's formulas and keep its trace."""
        evaluation = evaluate(self.book._rule(self.score_id, *key), self.env, at=key)
        self.inputs.append(evaluation)
        return evaluation.value


def _profile_steps(result: ProfileMatchResult, group: str | None) -> list[Fact]:
    """A profile match as steps: one per competency (level, target, gap, the gap's weight,
    core or secondary factor), then the factors' totals; ``group`` names the aspect."""
    steps = [
        Fact(
            "profile.competency",
            {
                "group": group,
                "competency": row.competency,
                "level": row.level,
                "target": row.target,
                "gap": row.gap,
                "weight": Fraction(row.weight),
                "factor": row.factor,
            },
        )
        for row in result.rows
    ]
    steps.append(
        Fact(
            "profile.total",
            {"group": group, "ncf": result.ncf, "nsf": result.nsf, "total": result.total},
        )
    )
    return steps


def groups_of(standard: PositionStandard) -> dict[str, str]:
    """Each competency of a standard's frameworks with its group."""
    return {c.id: c.group for fw in standard.loaded_frameworks.values() for c in fw.competencies}


def _number(value: Value) -> Fraction:
    """A value the type check guarantees to be a number."""
    if not isinstance(value, Fraction):
        raise TypeError(f"expected a number after the type check, got {value!r}")
    return value
