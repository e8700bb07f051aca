"""Resuming a run from a stage: the stages before it decided once, the rest as often as asked.

An analysis that changes one thing and asks what the selection would then be (a weight of the
final score, the values it weighs) would otherwise run the whole policy again for every
change, although the stages before the change do not depend on it. :func:`run_until` runs
the policy up to (not including) a stage once and keeps every candidate's state there, as
a :class:`Checkpoint`; :meth:`Checkpoint.decide` then decides that stage and the ones after
it, as often as wanted, each time from the same checkpoint::

    checkpoint = run_until(policy, candidates, formations=..., as_of=..., stage="integrasi")
    checkpoint.decide()  # the run's own decisions
    checkpoint.decide(weights={"skd": Fraction(1, 2), "skb": Fraction(1, 2)})
    checkpoint.decide(values={"skb": [...]})  # one value per candidate in checkpoint.reached

- The inputs are read by the function :func:`~asn_competency.pipeline.run` reads them with
  (the same checks, the same invalid rows), and the stages before the checkpoint run with the
  default engine (``columns``), as a run decides them.
- The stage at the checkpoint is an integration stage or a pooled one (shortlist, ranking,
  optimisation); every stage after it is pooled. An integration stage is decided once, by the
  engine, when the checkpoint is made: :meth:`~Checkpoint.decide` without a change gives
  each candidate that result. With a change (integration by a weighted sum only), the
  weighted score is computed again from each criterion's exact value: Σ wᵢ·xᵢ with the
  weights normalised (each divided by their sum, as a ``normalised`` weighted sum weighs),
  rounded as the score declares, the score's own minimum and each criterion's minimum
  applied, as the scoring layer does.
- The pooled stages run with the engine's own code (the reference's ``_Runner``): tie-break
  chains, ties at a quota, quotas, track moves and optimisation are the engine's. Each
  candidate's values of the ordering keys are computed once and kept, except a key that is
  the integration stage's score itself, which takes each decision's new value. A key that
  reads that score inside a larger formula cannot be kept: a change is then refused.

A test (``tests/pipeline/test_resume.py``) holds :meth:`~Checkpoint.decide` equal to a full
:func:`~asn_competency.pipeline.run`, decision by decision, unchanged and with changed
weights (a copy of the policy so weighted).

A stage or a change that cannot be resumed is refused with a
:class:`~asn_competency.errors.PolicyError` (a ``ValueError``) naming what is wrong:
``resume.unsupported`` for a stage that cannot be decided again, ``resume.change`` for weights
or values that do not fit the weighted sum.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
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
    ResolvedParameter,
    SelectionPolicy,
    ShortlistStage,
)
from asn_competency.model.outcomes import FinalStatus
from asn_competency.model.scores import WeightedSumScore
from asn_competency.pipeline.bulk import without_cycle_collection
from asn_competency.pipeline.engine import (
    DEFAULT_ENGINE,
    STAGE_KINDS,
    _Candidate,
    _canonical,
    _close,
    _mark_invalid,
    _placement,
    _read_inputs,
    _run_stages,
    _Runner,
    stage_runs,
)
from asn_competency.pipeline.inputs import CandidateRow, Formation, Source
from asn_competency.pipeline.outcomes import StageResult, final_status
from asn_competency.pipeline.reasons import reason
from asn_competency.scoring import ScoreResult

__all__ = ["Checkpoint", "Resumed", "Standing", "run_until"]


def _refused(code: str, message: str) -> PolicyError:
    """What a checkpoint cannot do, as the library's error."""
    return PolicyError([Problem(code, message)])


#: The stage kinds a run can be resumed at; after the checkpoint's stage, pooled ones only.
_POOLED = (ShortlistStage, RankingStage, OptimisationStage)
_SELECTED = frozenset({"selected", "selected_by_optimisation"})


@dataclass(frozen=True, slots=True)
class Standing:
    """One candidate row's state at a checkpoint: what the stages before it decided."""

    #: the candidate id, or ``row N`` for a row without one
    key: str
    row: CandidateRow
    formation: Formation | None
    #: the candidate's values as the stages left them (a rating stage's aggregates included)
    values: Mapping[str, Any]
    #: a result per stage before the checkpoint's stage
    results: tuple[StageResult, ...]
    #: whether the row reaches the checkpoint's stage
    reached: bool


@dataclass(frozen=True, slots=True)
class Resumed:
    """One candidate row's decision in a resumed run: what a
    :class:`~asn_competency.pipeline.Decision` says of its outcome."""

    key: str
    candidate_id: str | None
    row: int
    formation_id: str | None
    track: str | None
    final_status: FinalStatus
    rank: int | None
    #: the formation the candidate is placed in (``placement_formation_id``)
    placed_in: str | None
    #: the integration stage's score (``final_score``)
    final_score: Fraction | None
    stages: tuple[StageResult, ...]

    @property
    def selected(self) -> bool:
        """Whether the candidate is selected (in their formation or by optimisation)."""
        return self.final_status in _SELECTED


class _Score:
    """Stands for the checkpoint's integration score among a candidate's kept order values."""


_SCORE = _Score()


def run_until(
    policy: SelectionPolicy,
    candidates: Source,
    *,
    formations: Source,
    stage: str,
    ratings: Source | None = None,
    as_of: dt.date | None = None,
    ratings_pending: bool = False,
) -> Checkpoint:
    """Run ``policy`` up to (not including) the stage with id ``stage`` and keep every
    candidate's state there: a :class:`Checkpoint` to decide the rest from, as often as
    wanted. The arguments are :func:`~asn_competency.pipeline.run`'s, read and checked as it
    reads them (the same :class:`~asn_competency.errors.PolicyError`\\ s).

    ``stage`` must be an integration, shortlist, ranking or optimisation stage, and every
    stage after it a shortlist, ranking or optimisation: ``resume.unsupported`` otherwise.
    """
    stages = policy.stages
    index = next((i for i, s in enumerate(stages) if s.id == stage), None)
    if index is None:
        raise _refused(
            "resume.unsupported",
            f"policy {policy.id!r} has no stage {stage!r}: one of "
            + ", ".join(s.id for s in stages),
        )
    if not isinstance(stages[index], (IntegrationStage, *_POOLED)):
        raise _refused(
            "resume.unsupported",
            f"stage {stage!r} ({stages[index].kind}): a run resumes at an integration, "
            "shortlist, ranking or optimisation stage",
        )
    for later in stages[index + 1 :]:
        if not isinstance(later, _POOLED):
            raise _refused(
                "resume.unsupported",
                f"stage {later.id!r} ({later.kind}) comes after {stage!r}: only shortlist, "
                "ranking and optimisation stages can be decided again",
            )
    with without_cycle_collection():
        read = _read_inputs(policy, candidates, formations=formations, ratings=ratings, as_of=as_of)
        start = _Start(read.runner(ratings_pending=ratings_pending), read.states(), index)
        return Checkpoint(start)


@dataclass(frozen=True)
class _Start:
    runner: _Runner
    states: list[_Candidate]
    index: int


class Checkpoint:
    """A run kept before one of its stages (made by :func:`run_until`), ready to decide that
    stage and the ones after it as often as wanted."""

    def __init__(self, start: _Start) -> None:
        runner, states, index = start.runner, start.states, start.index
        self._runner = runner
        policy = runner.policy
        #: the policy run
        self.policy: SelectionPolicy = policy
        #: the as-of date the run decides on
        self.as_of: dt.date = runner.as_of
        #: the index of the checkpoint's stage among the policy's stages
        self.stage_index = index
        #: the checkpoint's stage (the first one :meth:`decide` decides)
        self.stage = policy.stages[index]
        _mark_invalid(policy, states)
        _run_stages(runner, states, policy.stages[:index], stage_runs(DEFAULT_ENGINE))
        self._last_ranking = runner.last_ranking
        self._states = states
        self._reached = [c for c in states if c.active]
        self._order = sorted(range(len(states)), key=lambda i: _canonical(states[i]))
        integration = next((s for s in policy.stages if isinstance(s, IntegrationStage)), None)
        self._integration = integration.id if integration is not None else None
        #: every candidate row's state at the checkpoint, in the order of the input rows
        self.candidates: tuple[Standing, ...] = tuple(
            Standing(
                c.key, c.row, c.formation, MappingProxyType(c.values), tuple(c.results), c.active
            )
            for c in states
        )
        #: the rows that reach the checkpoint's stage, in the order of the input rows: the
        #: order of :attr:`values` and of :meth:`score_results`
        self.reached: tuple[Standing, ...] = tuple(s for s in self.candidates if s.reached)
        self._at_stage = self._decide_stage() if isinstance(self.stage, IntegrationStage) else []
        self._score_id = self.stage.score if isinstance(self.stage, IntegrationStage) else None
        score = policy.scores.get(self._score_id or "")
        self._weighted: WeightedSumScore | None = (
            score if isinstance(score, WeightedSumScore) else None
        )
        #: the ids of the criteria of the stage's weighted sum (none for another stage)
        self.criteria: tuple[str, ...] = (
            tuple(c.id for c in self._weighted.criteria) if self._weighted else ()
        )
        #: each criterion's value (what is weighed) per row in :attr:`reached`; ``None``
        #: where it is not known
        self.values: dict[str, list[Fraction | None]] = {
            cid: [_criterion(r.scores[0] if r.scores else None, i) for r in self._at_stage]
            for i, cid in enumerate(self.criteria)
        }
        #: the weights in force on the as-of date, normalised as the engine weighs them
        self.weights: dict[str, Fraction] = self._weights_in_force()
        self._marks = self._key_marks()
        self._kept: dict[tuple[int, str], tuple[Any, ...]] = {}
        stopped = _clones([c for c in states if not c.active])
        for stage in policy.stages[index:]:
            _close(stage, stopped)
        self._stopped = {id(c.row): self._resumed(c) for c in stopped}

    # ------------------------------------------------------------------ what the run read

    @property
    def formations(self) -> Mapping[str, Formation]:
        """The run's formations by id."""
        return self._runner.formations

    @property
    def parameters(self) -> Mapping[str, ResolvedParameter]:
        """The policy's parameters in force on the as-of date."""
        return self._runner.parameters

    @property
    def at_stage(self) -> tuple[StageResult, ...]:
        """Each reached row's result at an integration stage as the run decides it, in
        :attr:`reached`'s order (empty at a pooled stage)."""
        return tuple(self._at_stage)

    def score_results(self, score_id: str) -> list[ScoreResult | None]:
        """A score's result for each row in :attr:`reached`, as the engine computes it;
        ``None`` where a formula fails for the candidate."""
        found: list[ScoreResult | None] = []
        for c in self._reached:
            card = c.card
            if card is None or score_id not in card.results:
                probe = _Candidate(c.row, c.formation, c.values)
                probe.card = c.card
                try:
                    card = self._runner.scorecard(probe, [score_id])
                except EvaluationError:
                    found.append(None)
                    continue
            found.append(card.results.get(score_id))
        return found

    # ------------------------------------------------------------------ deciding

    def decide(
        self,
        *,
        weights: Mapping[str, Fraction] | None = None,
        values: Mapping[str, Sequence[Fraction | None]] | None = None,
    ) -> tuple[Resumed, ...]:
        """Every row's decision, in :func:`~asn_competency.pipeline.run`'s canonical order,
        with the checkpoint's stage and the ones after it decided again.

        ``weights`` (criterion → weight, every criterion of the stage's weighted sum,
        normalised here; the weights in force when not given) and ``values`` (criterion →
        one value per row in :attr:`reached`; the run's for a criterion not given) change the
        weighted score of an integration stage. ``resume.unsupported`` or ``resume.change``
        (a :class:`~asn_competency.errors.PolicyError`) for a change the checkpoint cannot
        make.
        """
        with without_cycle_collection():
            return self._decide(weights, values)

    def _decide(
        self,
        weights: Mapping[str, Fraction] | None,
        values: Mapping[str, Sequence[Fraction | None]] | None,
    ) -> tuple[Resumed, ...]:
        changed = weights is not None or values is not None
        at_stage = self._changed(weights, values) if changed else self._at_stage
        clones = _clones(self._reached)
        scores: dict[int, Fraction | None] = {}
        later = self.policy.stages[self.stage_index :]
        if isinstance(self.stage, IntegrationStage):
            for clone, result in zip(clones, at_stage, strict=True):
                clone.results.append(result)
                clone.active = result.outcome == "advanced"
                scores[id(clone.row)] = result.score
            _close(self.stage, clones)
            later = later[1:]
        runner = _Resumer(self, scores)
        runner.last_ranking = self._last_ranking
        _run_stages(runner, clones, later, STAGE_KINDS)
        decided = dict(self._stopped)
        decided.update((id(c.row), self._resumed(c)) for c in clones)
        return tuple(decided[id(self._states[i].row)] for i in self._order)

    def _changed(
        self,
        weights: Mapping[str, Fraction] | None,
        values: Mapping[str, Sequence[Fraction | None]] | None,
    ) -> list[StageResult]:
        """The integration stage's results with the weighted score computed again."""
        if self._weighted is None:
            raise _refused(
                "resume.unsupported",
                f"stage {self.stage.id!r} is not decided by a weighted sum: nothing to re-weigh",
            )
        reading = sorted({s for s, marks in self._marks.items() if None in marks})
        if reading:
            raise _refused(
                "resume.unsupported",
                f"an ordering key of {', '.join(reading)} reads {self._score_id!r} inside a "
                "formula: its values cannot be kept while the score changes",
            )
        chosen = dict(self.weights if weights is None else weights)
        if set(chosen) != set(self.criteria):
            raise _refused(
                "resume.change",
                f"weights must name exactly the criteria {', '.join(self.criteria)}",
            )
        total = sum(chosen.values(), Fraction(0))
        if total <= 0 or any(w < 0 for w in chosen.values()):
            raise _refused("resume.change", "weights must be non-negative and not all zero")
        unknown = sorted(set(values or {}) - set(self.criteria))
        if unknown:
            raise _refused(
                "resume.change",
                f"values name no criterion of the weighted sum: {', '.join(unknown)}",
            )
        normalised = _Weights([chosen[cid] / total for cid in self.criteria])
        columns = [list((values or {}).get(cid, self.values[cid])) for cid in self.criteria]
        if any(len(column) != len(self._reached) for column in columns):
            raise _refused(
                "resume.change",
                f"values must give one value per reached row ({len(self._reached)})",
            )
        stage = self.stage
        assert isinstance(stage, IntegrationStage)  # noqa: S101 - only such a stage is weighted
        return [
            self._reweighed(stage, result, [column[i] for column in columns], normalised)
            for i, result in enumerate(self._at_stage)
        ]

    def _reweighed(
        self,
        stage: IntegrationStage,
        result: StageResult,
        xs: list[Fraction | None],
        weights: _Weights,
    ) -> StageResult:
        """One row's integration result with the weighted sum computed from ``xs`` and
        ``weights``, gated as the scoring layer gates it, decided as the engine decides it."""
        if not result.scores:  # a formula failed for the candidate: no weight changes that
            return result
        score = result.scores[0]
        definition = self._weighted
        assert definition is not None  # noqa: S101 - checked by the caller
        if any(x is None for x in xs) or not score.known:
            why = reason("data.missing", fields=list(score.missing))
            return StageResult(
                stage.id, stage.kind, "needs_review", None, (why,), (), result.detail
            )
        exact = weights.sum([x for x in xs if x is not None])  # none is, here
        rounding = definition.rounding
        value = exact if rounding is None else round_fraction(exact, rounding.places, rounding.mode)
        passed = all(
            x is not None and x >= c.threshold.minimum
            for c, x in zip(score.criteria, xs, strict=False)
            if c.threshold is not None
        ) and all(value >= t.minimum for t in score.thresholds)
        if not passed:
            why = reason("score.below-minimum", score=stage.score, value=value)
            return StageResult(
                stage.id, stage.kind, "below_threshold", value, (why,), (), result.detail
            )
        return StageResult(stage.id, stage.kind, "advanced", value, (), (), result.detail)

    # ------------------------------------------------------------------ setting up

    def _decide_stage(self) -> list[StageResult]:
        """The integration stage decided once for the reached rows, by the default engine, as
        the run decides it; the rows' states left as they were before it."""
        stage = self.stage
        ordered = sorted(self._reached, key=lambda c: (c.key, c.row.row))
        stage_runs(DEFAULT_ENGINE)[stage.kind](self._runner, stage, ordered, self._states)
        found: dict[int, StageResult] = {}
        for c in self._reached:
            found[id(c)] = c.results.pop()
            c.active = True
        return [found[id(c)] for c in self._reached]

    def _weights_in_force(self) -> dict[str, Fraction]:
        """The weighted sum's weights as the engine weighs them: a reached row's, else those
        declared (the AHP matrix's as compiled, else each criterion's number or parameter on
        the as-of date), normalised."""
        definition, score_id = self._weighted, self._score_id
        if definition is None or score_id is None:
            return {}
        for result in self._at_stage:
            if result.scores and result.scores[0].criteria:
                return {c.id: c.weight for c in result.scores[0].criteria}
        if definition.ahp is not None:
            found = list(self._runner.plan.scores.ahp_weights(score_id))
        else:
            found = []
            for criterion in definition.criteria:
                weight = criterion.weight
                value = (
                    self.parameters[weight.parameter].value
                    if isinstance(weight, ParameterRef)
                    else weight
                )
                found.append(Fraction(value))  # type: ignore[arg-type]
        total = sum(found, Fraction(0))
        return {c.id: w / total for c, w in zip(definition.criteria, found, strict=True)}

    def _key_marks(self) -> dict[str, tuple[bool | None, ...]]:
        """For each pooled stage from the checkpoint's on, each ordering key: ``True`` when it
        is the integration score itself, ``None`` when it reads it otherwise, else ``False``."""
        scores = self._runner.plan.scores
        marks: dict[str, tuple[bool | None, ...]] = {}
        for stage in self.policy.stages[self.stage_index :]:
            if not isinstance(stage, ShortlistStage | RankingStage):
                continue
            found: list[bool | None] = []
            for index, key in enumerate(stage.order):
                rule = self._runner.plan.rule(stage.id, "order", index, "key")
                reads = scores.needed(set(rule.scores)) if rule.scores else set()
                if self._score_id is not None and key.key.strip() == self._score_id:
                    found.append(True)
                elif self._score_id in reads:
                    found.append(None)
                else:
                    found.append(False)
            marks[stage.id] = tuple(found)
        return marks

    def _kept_order_values(self, c: _Candidate, stage_id: str) -> tuple[Any, ...]:
        """A row's values under a stage's ordering, computed once (the integration score's
        key left open)."""
        found = self._kept.get((id(c.row), stage_id))
        if found is None:
            marks = self._marks[stage_id]
            probe = _Candidate(c.row, c.formation, c.values)
            probe.card = c.card
            found = tuple(
                _SCORE
                if mark
                else self._runner.evaluate(probe, stage_id, "order", index, "key").value
                for index, mark in enumerate(marks)
            )
            self._kept[id(c.row), stage_id] = found
        return found

    def _resumed(self, c: _Candidate) -> Resumed:
        stages = tuple(c.results)
        status = final_status(stages, placed_elsewhere=c.placed is not None)
        scored = [r.score for r in stages if r.stage_id == self._integration]
        return Resumed(
            c.key,
            c.row.candidate_id,
            c.row.row,
            c.row.formation_id,
            c.formation.track if c.formation else None,
            status,
            c.rank,
            _placement(c, status),
            scored[0] if scored else None,
            stages,
        )


class _Resumer(_Runner):
    """The engine's runner, with each row's order values taken from the checkpoint's kept
    ones and the integration score's key filled with this decision's score."""

    def __init__(self, checkpoint: Checkpoint, scores: Mapping[int, Fraction | None]) -> None:
        base = checkpoint._runner
        super().__init__(
            base.plan,
            base.formations,
            base.ratings,
            base.as_of,
            ratings_pending=base.ratings_pending,
        )
        self._checkpoint = checkpoint
        self._scores = scores

    def order_values(
        self, c: _Candidate, stage_id: str, keys: Sequence[OrderKey]
    ) -> tuple[Any, ...]:
        kept = self._checkpoint._kept_order_values(c, stage_id)
        if not any(v is _SCORE for v in kept):
            return kept
        value = self._scores.get(id(c.row))
        new = UNKNOWN if value is None else value
        return tuple(new if v is _SCORE else v for v in kept)


class _Weights:
    """Normalised weights kept as integers over their common denominator, so that a weighted
    sum is one exact fraction made from integer products (the same value as Σ wᵢ·xᵢ made
    fraction by fraction, for a fraction of the cost)."""

    def __init__(self, weights: Sequence[Fraction]) -> None:
        self.denominator = math.lcm(*(w.denominator for w in weights)) if weights else 1
        self.numerators = [w.numerator * (self.denominator // w.denominator) for w in weights]

    def sum(self, xs: Sequence[Fraction | int]) -> Fraction:
        """Σ wᵢ·xᵢ, exactly."""
        common = math.lcm(*(x.denominator for x in xs)) if xs else 1
        total = sum(
            n * x.numerator * (common // x.denominator)
            for n, x in zip(self.numerators, xs, strict=True)
        )
        return Fraction(total, common * self.denominator)


def _criterion(result: ScoreResult | None, index: int) -> Fraction | None:
    """A weighted sum's criterion's value (what is weighed) in a score result, if known."""
    if result is None or len(result.criteria) <= index:
        return None
    value = result.criteria[index].scaled
    return value if isinstance(value, Fraction) else None


def _clones(states: Sequence[_Candidate]) -> list[_Candidate]:
    """Copies of candidates' states that a decision may change."""
    clones = []
    for c in states:
        clone = copy.copy(c)
        clone.results = list(c.results)
        clone.base_rules = dict(c.base_rules)
        clone.order_values = dict(c.order_values)
        clones.append(clone)
    return clones
