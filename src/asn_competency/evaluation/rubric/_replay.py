"""A run kept at the weighted stage, re-decided from there under other weights or scores.

The analyses of a rubric re-run the policy many times with one thing changed: a weight
(sensitivity) or the criteria's values (noise). The stages before the weighted one do not
depend on the weights, so :class:`Replay` runs them once, with the engine's own stage code
(the ``columns`` engine), and keeps each candidate's state there. Each re-decision then
computes the weighted score again from the criteria's exact values (Σ wᵢ·xᵢ with the
weights normalised, rounded as the score declares, its gates applied as the scoring layer
does) and runs the remaining stages (ranking, shortlist, optimisation) with the engine's own
code: ties, quotas, track moves and optimisation are the engine's. Only the order values are
cached: a key that does not read the weighted score gives the same value in every
re-decision; a key that is the weighted score takes its new value.

A differential test (``tests/evaluation/rubric/test_replay.py``) holds a re-decision equal to a
full :func:`~asn_competency.run` of a copy of the policy with the weights changed.

This module reaches into the engine's private run state (``_Runner``, ``_Candidate``): the
pipeline has no public "resume from a stage" yet. Everything it needs from there is here, in
one place.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from asn_competency.errors import PolicyError, Problem
from asn_competency.expressions import UNKNOWN, EvaluationError
from asn_competency.expressions.functions import round_fraction
from asn_competency.model import (
    IntegrationStage,
    OptimisationStage,
    OrderKey,
    ParameterRef,
    RankingStage,
    SelectionPolicy,
    ShortlistStage,
)
from asn_competency.model.scores import WeightedSumScore
from asn_competency.pipeline import engine as _engine
from asn_competency.pipeline.inputs import read_candidates, read_formations, read_ratings
from asn_competency.pipeline.outcomes import Outcome as StageOutcome
from asn_competency.pipeline.outcomes import StageResult, final_status
from asn_competency.scoring import ScoreResult

__all__ = ["Outcome", "Replay", "weighted_scores"]

#: Final statuses that count as selected.
SELECTED = frozenset({"selected", "selected_by_optimisation"})


def weighted_scores(policy: SelectionPolicy) -> list[str]:
    """The ids of the policy's weighted-sum scores, in the policy's order."""
    return [sid for sid, score in policy.scores.items() if isinstance(score, WeightedSumScore)]


def _unsupported(message: str, hint: str | None = None) -> PolicyError:
    return PolicyError([Problem("analysis.unsupported", message, hint=hint)])


@dataclass(frozen=True)
class Outcome:
    """One candidate's decision in a re-decision: what the analyses compare."""

    key: str
    formation_id: str | None
    track: str | None
    final_status: str
    rank: int | None
    placed_in: str | None
    score: Fraction | None

    @property
    def selected(self) -> bool:
        """Whether the candidate is selected (in their formation or by optimisation)."""
        return self.final_status in SELECTED


class _Runner(_engine._Runner):
    """The engine's runner with each candidate's order values cached where they do not
    depend on the weighted score (``fixed``), and the weighted score's key filled in."""

    def __init__(self, *args: Any, replay: Replay, values: Mapping[int, Fraction | None]) -> None:
        super().__init__(*args)
        self._replay = replay
        self._values = values

    def order_values(
        self, c: _engine._Candidate, stage_id: str, keys: Sequence[OrderKey]
    ) -> tuple[Any, ...]:
        fixed = self._replay.fixed_order_values(c, stage_id, keys)
        value = self._values.get(id(c.row))
        new = UNKNOWN if value is None else value
        return tuple(new if v is _WEIGHTED else v for v in fixed)


class _Weighted:
    """Stands for the weighted score among a candidate's cached order values."""


_WEIGHTED = _Weighted()


class Replay:
    """A policy run up to its weighted stage, ready to be re-decided from there.

    ``score`` is the weighted-sum score to vary (the integration stage's score; by default
    the policy's first weighted sum that an integration stage uses).
    """

    def __init__(
        self,
        policy: SelectionPolicy,
        candidates: Any,
        *,
        formations: Any,
        ratings: Any = None,
        as_of: dt.date | None = None,
        score: str | None = None,
    ) -> None:
        when = as_of or policy.as_of
        if when is None:
            raise PolicyError(
                [Problem("param.no-value", "no as-of date: pass one, or declare 'as_of'")]
            )
        self.policy = policy
        self.as_of = when
        self.score_id, self.stage_index = self._weighted_stage(policy, score)
        self.definition: WeightedSumScore = policy.scores[self.score_id]  # type: ignore[assignment]
        self.criteria: tuple[str, ...] = tuple(c.id for c in self.definition.criteria)
        self._check_later_stages()
        plan = _engine.compile_plan(policy)
        table_f = read_formations(formations, policy)
        table_f.raise_for_problems()
        table = read_candidates(candidates, policy).with_formations(table_f)
        table = _engine._impossible_births(table, policy, when)
        self._formations = {f.formation_id: f for f in table_f.formations}
        self._ratings = read_ratings(ratings, policy) if ratings is not None else None
        if self._ratings is not None:
            self._ratings.raise_for_problems()
            stray = self._ratings.unknown_candidates(
                r.candidate_id for r in table.rows if r.candidate_id
            )
            if stray:
                raise PolicyError(list(stray))
        self._plan = plan
        self._base = _engine._Runner(plan, self._formations, self._ratings, when)
        self.states = [
            _engine._Candidate(row, self._formations.get(row.formation_id or ""), dict(row.values))
            for row in table.rows
        ]
        self._before(self.states)
        self._order_cache: dict[tuple[int, str], tuple[Any, ...]] = {}
        self._dependent = self._reads_weighted()
        reached = [c for c in self.states if c.active]
        self.reached: tuple[_engine._Candidate, ...] = tuple(reached)
        stopped = _clones([c for c in self.states if not c.active])
        for stage in policy.stages[self.stage_index :]:
            _close(stage, stopped)
        #: the decisions of the candidates who stopped before the weighted stage: the same in
        #: every re-decision
        self._stopped = {c.key: self._outcome(c, None) for c in stopped}
        self._weighted_results = self._score(reached)
        #: each criterion's value (what is weighed) per candidate reaching the stage, in
        #: :attr:`reached`'s order; ``None`` where it is not known
        self.values: dict[str, list[Fraction | None]] = {
            cid: [self._criterion(r, i) for r in self._weighted_results]
            for i, cid in enumerate(self.criteria)
        }
        first = self._weighted_results[0] if self._weighted_results else None
        #: the weights in force on the as-of date, normalised as the engine weighs them
        self.weights: dict[str, Fraction] = (
            {c.id: c.weight for c in first.criteria} if first is not None else self._declared()
        )

    # ------------------------------------------------------------------ setting up

    @staticmethod
    def _weighted_stage(policy: SelectionPolicy, score: str | None) -> tuple[str, int]:
        sums = weighted_scores(policy)
        for index, stage in enumerate(policy.stages):
            if (
                isinstance(stage, IntegrationStage)
                and stage.score in sums
                and (score is None or score == stage.score)
            ):
                return stage.score, index
        if score is not None and score not in sums:
            raise _unsupported(
                f"{score!r} is not a weighted-sum score of policy {policy.id!r}",
                hint="one of: " + (", ".join(sums) or "(none)"),
            )
        raise _unsupported(
            f"policy {policy.id!r} has no integration stage whose score is a weighted sum"
            + (f" {score!r}" if score else ""),
            hint="the rubric analyses vary the weights of the weighted sum a stage decides by",
        )

    def _check_later_stages(self) -> None:
        for stage in self.policy.stages[self.stage_index + 1 :]:
            if not isinstance(stage, RankingStage | ShortlistStage | OptimisationStage):
                raise _unsupported(
                    f"stage {stage.id!r} ({stage.kind}) comes after the weighted stage: only "
                    "ranking, shortlist and optimisation stages can be re-decided from it"
                )

    def _reads_weighted(self) -> dict[str, tuple[bool, ...]]:
        """For each later stage with an ordering: which keys are the weighted score itself;
        a key that reads it in any other way cannot be cached."""
        scores = self._plan.scores
        found: dict[str, tuple[bool, ...]] = {}
        for stage in self.policy.stages[self.stage_index + 1 :]:
            if not isinstance(stage, RankingStage | ShortlistStage):
                continue
            marks = []
            for index, key in enumerate(stage.order):
                rule = self._plan.rule(stage.id, "order", index, "key")
                reads = scores.needed(set(rule.scores)) if rule.scores else set()
                if key.key.strip() == self.score_id:
                    marks.append(True)
                elif self.score_id in reads:
                    raise _unsupported(
                        f"the ordering of stage {stage.id!r} reads {self.score_id!r} inside "
                        f"the formula {key.key!r}: only a key that is the score itself can be "
                        "re-decided"
                    )
                else:
                    marks.append(False)
            found[stage.id] = tuple(marks)
        return found

    def _declared(self) -> dict[str, Fraction]:
        """The weights in force, normalised, when no candidate's score shows them: the AHP
        matrix's as compiled, else each criterion's number or parameter on the as-of date."""
        ids = [c.id for c in self.definition.criteria]
        if self.definition.ahp is not None:
            values = list(self._plan.scores.ahp_weights(self.score_id))
        else:
            parameters = self._base.parameters
            values = []
            for criterion in self.definition.criteria:
                weight = criterion.weight
                found = (
                    parameters[weight.parameter].value
                    if isinstance(weight, ParameterRef)
                    else weight
                )
                values.append(Fraction(found))  # type: ignore[arg-type]
        total = sum(values, Fraction(0))
        return {k: v / total for k, v in zip(ids, values, strict=True)}

    def _before(self, states: list[_engine._Candidate]) -> None:
        """The stages before the weighted one, as ``run`` decides them (``_decide``)."""
        policy = self.policy
        kinds = _engine.stage_runs("columns")
        for c in states:
            if c.row.problems:
                c.active = False
                first = policy.stages[0]
                c.results.append(StageResult(first.id, first.kind, "invalid_input", None, ()))
        ordered = sorted(states, key=lambda c: (c.key, c.row.row))
        for stage in policy.stages[: self.stage_index]:
            active = [c for c in ordered if c.active]
            kinds[stage.kind](self._base, stage, active, states)
            _close(stage, states)

    def _score(self, reached: list[_engine._Candidate]) -> list[ScoreResult]:
        """The weighted score of each candidate reaching its stage, as the engine computes it."""
        stage = self.policy.stages[self.stage_index]
        kinds = _engine.stage_runs("columns")
        clones = _clones(reached)
        runner = _engine._Runner(self._plan, self._formations, self._ratings, self.as_of)
        kinds[stage.kind](runner, stage, clones, clones)
        results = []
        for c in clones:
            found = c.results[-1].scores if c.results[-1].stage_id == stage.id else ()
            if not found:  # a formula that failed for this candidate: the engine's review
                raise _unsupported(
                    f"candidate {c.key!r} has no {self.score_id!r} at stage {stage.id!r}"
                )
            results.append(found[0])
        return results

    @staticmethod
    def _criterion(result: ScoreResult, index: int) -> Fraction | None:
        value = result.criteria[index].scaled if len(result.criteria) > index else UNKNOWN
        return value if isinstance(value, Fraction) else None

    def fixed_order_values(
        self, c: _engine._Candidate, stage_id: str, keys: Sequence[OrderKey]
    ) -> tuple[Any, ...]:
        """A candidate's order values at a stage, the weighted score's key left open."""
        found = self._order_cache.get((id(c.row), stage_id))
        if found is None:
            marks = self._dependent[stage_id]
            base = _engine._Candidate(c.row, c.formation, c.values)
            base.card = c.card
            found = tuple(
                _WEIGHTED
                if marks[index]
                else self._base.evaluate(base, stage_id, "order", index, "key").value
                for index in range(len(keys))
            )
            self._order_cache[id(c.row), stage_id] = found
        return found

    # ------------------------------------------------------------------ re-deciding

    def decide(
        self,
        weights: Mapping[str, Fraction] | None = None,
        values: Mapping[str, Sequence[Fraction | None]] | None = None,
    ) -> dict[str, Outcome]:
        """Every candidate's decision with the weighted score computed from ``weights``
        (criterion → weight, normalised here; the policy's when not given) and ``values``
        (criterion → values in :attr:`reached`'s order; the run's when not given)."""
        chosen = dict(self.weights if weights is None else weights)
        if set(chosen) != set(self.criteria):
            raise _unsupported(
                f"the weights must name exactly the criteria of {self.score_id!r}: "
                + ", ".join(self.criteria)
            )
        total = sum(chosen.values(), Fraction(0))
        if total <= 0 or any(w < 0 for w in chosen.values()):
            raise _unsupported("weights must be non-negative and not all zero")
        normalised = [chosen[cid] / total for cid in self.criteria]
        columns = [
            list((values or self.values).get(cid, self.values[cid])) for cid in self.criteria
        ]
        clones = _clones(self.reached)
        by_row = {id(c.row): c for c in clones}
        stage = self.policy.stages[self.stage_index]
        new_values: dict[int, Fraction | None] = {}
        for index, (c, result) in enumerate(zip(self.reached, self._weighted_results, strict=True)):
            clone = by_row[id(c.row)]
            xs = [column[index] for column in columns]
            outcome, value = self._weighted_outcome(result, xs, normalised)
            new_values[id(c.row)] = value
            clone.results.append(StageResult(stage.id, stage.kind, outcome, value))
            if outcome != "advanced":
                clone.active = False
        _close(stage, clones)
        runner = _Runner(
            self._plan, self._formations, self._ratings, self.as_of, replay=self, values=new_values
        )
        ordered = sorted(clones, key=lambda c: (c.key, c.row.row))
        for later in self.policy.stages[self.stage_index + 1 :]:
            active = [c for c in ordered if c.active]
            if isinstance(later, RankingStage):
                runner.ranking(active, later)
                runner.last_ranking = later
            elif isinstance(later, ShortlistStage):
                runner.shortlist(active, later)
            elif isinstance(later, OptimisationStage) and runner.last_ranking is not None:
                runner.optimisation(clones, later, runner.last_ranking)
            _close(later, clones)
        decided = dict(self._stopped)
        decided.update((c.key, self._outcome(c, new_values.get(id(c.row)))) for c in clones)
        return decided

    def _weighted_outcome(
        self, result: ScoreResult, xs: list[Fraction | None], weights: list[Fraction]
    ) -> tuple[StageOutcome, Fraction | None]:
        """The integration stage's outcome and score, as the engine decides them."""
        if any(x is None for x in xs) or not result.known:
            return "needs_review", None
        exact = sum((w * x for w, x in zip(weights, xs, strict=True) if x is not None), Fraction(0))
        rounding = self.definition.rounding
        value = exact if rounding is None else round_fraction(exact, rounding.places, rounding.mode)
        gates = [c.threshold.passed for c in result.criteria if c.threshold is not None]
        passed = all(g is not False for g in gates)
        for threshold in result.thresholds:
            if value < threshold.minimum:
                passed = False
        return ("advanced" if passed else "below_threshold"), value

    @staticmethod
    def _outcome(c: _engine._Candidate, value: Fraction | None) -> Outcome:
        status = final_status(tuple(c.results), placed_elsewhere=c.placed is not None)
        placed = (
            c.placed
            if status == "selected_by_optimisation"
            else c.row.formation_id
            if status == "selected"
            else None
        )
        return Outcome(
            c.key,
            c.row.formation_id,
            c.formation.track if c.formation else None,
            status,
            c.rank,
            placed,
            value,
        )

    # ------------------------------------------------------------------ helpers for analyses

    def track(self, index: int) -> str | None:
        """The track of the ``index``-th candidate reaching the weighted stage."""
        formation = self.reached[index].formation
        return formation.track if formation else None

    def formation(self, index: int) -> str | None:
        """The formation of the ``index``-th candidate reaching the weighted stage."""
        return self.reached[index].row.formation_id

    def score_results(self, score_id: str) -> list[ScoreResult | None]:
        """Another score's result for each candidate reaching the weighted stage (in
        :attr:`reached`'s order), as the engine computes it; ``None`` where a formula fails."""
        found: list[ScoreResult | None] = []
        for c in self.reached:
            card = c.card
            if card is None or score_id not in card.results:
                probe = _engine._Candidate(c.row, c.formation, c.values)
                probe.card = c.card
                try:
                    card = self._base.scorecard(probe, [score_id])
                except EvaluationError:
                    found.append(None)
                    continue
            found.append(card.results.get(score_id))
        return found

    def parameters(self) -> Mapping[str, Any]:
        """The policy's parameters in force on the as-of date."""
        return self._base.parameters

    @property
    def formations(self) -> Mapping[str, Any]:
        """The run's formations by id."""
        return self._formations


def _clones(states: Sequence[_engine._Candidate]) -> list[_engine._Candidate]:
    """Copies of candidates' states that a re-decision may change."""
    clones = []
    for c in states:
        clone = copy.copy(c)
        clone.results = list(c.results)
        clone.base_rules = dict(c.base_rules)
        clone.order_values = dict(c.order_values)
        clones.append(clone)
    return clones


def _close(stage: Any, states: Sequence[_engine._Candidate]) -> None:
    """What ``_decide`` does after each stage: a result for every candidate."""
    advanced = StageResult(stage.id, stage.kind, "advanced")
    not_reached = StageResult(stage.id, stage.kind, "not_reached")
    for c in states:
        if not (c.results and c.results[-1].stage_id == stage.id):
            c.results.append(advanced if c.active else not_reached)
