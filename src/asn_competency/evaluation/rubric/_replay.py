"""A run kept at the weighted stage, re-decided from there under other weights or scores.

The analyses of a rubric re-run the policy many times with one thing changed: a weight
(sensitivity) or the criteria's values (noise). The stages before the weighted one do not
depend on the weights, so :class:`Replay` runs them once and re-decides from there: the
pipeline's :func:`~asn_competency.pipeline.resume.run_until` keeps the run before the
weighted (integration) stage, and each re-decision is its
:meth:`~asn_competency.pipeline.resume.Checkpoint.decide` with the weights or values changed
(the weighted score computed again as the scoring layer computes it, the ranking, shortlist
and optimisation by the engine's own code).

What is here is the analysis's: which stage and score are varied (:func:`weighted_scores`),
what a policy must be for the analyses to vary it (``analysis.unsupported`` otherwise), and
the decisions as the analyses compare them (:class:`Outcome`).

A differential test (``tests/evaluation/rubric/test_replay.py``) holds a re-decision equal to a
full :func:`~asn_competency.run` of a copy of the policy with the weights changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from asn_competency.errors import PolicyError, Problem
from asn_competency.model import (
    IntegrationStage,
    OptimisationStage,
    RankingStage,
    SelectionPolicy,
    ShortlistStage,
)
from asn_competency.model.scores import WeightedSumScore
from asn_competency.pipeline import Standing, compile_plan, run_until
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
        if (as_of or policy.as_of) is None:
            raise PolicyError(
                [Problem("param.no-value", "no as-of date: pass one, or declare 'as_of'")]
            )
        self.policy = policy
        self.score_id, self.stage_index = self._weighted_stage(policy, score)
        self.definition: WeightedSumScore = policy.scores[self.score_id]  # type: ignore[assignment]
        self._check_later_stages()
        self._check_order_keys()
        self._checkpoint = run_until(
            policy,
            candidates,
            formations=formations,
            ratings=ratings,
            as_of=as_of,
            stage=policy.stages[self.stage_index].id,
        )
        checkpoint = self._checkpoint
        for standing, result in zip(checkpoint.reached, checkpoint.at_stage, strict=True):
            if not result.scores:  # a formula that failed for this candidate: the engine's review
                raise _unsupported(
                    f"candidate {standing.key!r} has no {self.score_id!r} at stage "
                    f"{checkpoint.stage.id!r}"
                )
        self.as_of = checkpoint.as_of
        self.criteria: tuple[str, ...] = checkpoint.criteria
        #: every candidate row's state at the weighted stage (what the stages before decided)
        self.states: tuple[Standing, ...] = checkpoint.candidates
        #: the candidates who reach the weighted stage: the population of every analysis
        self.reached: tuple[Standing, ...] = checkpoint.reached
        #: each criterion's value (what is weighed) per candidate reaching the stage, in
        #: :attr:`reached`'s order; ``None`` where it is not known
        self.values: dict[str, list[Fraction | None]] = checkpoint.values
        #: the weights in force on the as-of date, normalised as the engine weighs them
        self.weights: dict[str, Fraction] = checkpoint.weights

    # ------------------------------------------------------------------ what can be varied

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

    def _check_order_keys(self) -> None:
        """A later ordering key may be the weighted score itself, not read it inside a
        larger formula (its value could not be kept between re-decisions)."""
        plan = compile_plan(self.policy)
        for stage in self.policy.stages[self.stage_index + 1 :]:
            if not isinstance(stage, RankingStage | ShortlistStage):
                continue
            for index, key in enumerate(stage.order):
                rule = plan.rule(stage.id, "order", index, "key")
                reads = plan.scores.needed(set(rule.scores)) if rule.scores else set()
                if key.key.strip() != self.score_id and self.score_id in reads:
                    raise _unsupported(
                        f"the ordering of stage {stage.id!r} reads {self.score_id!r} inside "
                        f"the formula {key.key!r}: only a key that is the score itself can be "
                        "re-decided"
                    )

    # ------------------------------------------------------------------ re-deciding

    def decide(
        self,
        weights: Mapping[str, Fraction] | None = None,
        values: Mapping[str, Sequence[Fraction | None]] | None = None,
    ) -> dict[str, Outcome]:
        """Every candidate's decision with the weighted score computed from ``weights``
        (criterion → weight, normalised here; the policy's when not given) and ``values``
        (criterion → values in :attr:`reached`'s order; the run's when not given)."""
        if weights is not None:
            if set(weights) != set(self.criteria):
                raise _unsupported(
                    f"the weights must name exactly the criteria of {self.score_id!r}: "
                    + ", ".join(self.criteria)
                )
            if sum(weights.values(), Fraction(0)) <= 0 or any(w < 0 for w in weights.values()):
                raise _unsupported("weights must be non-negative and not all zero")
        changed = {k: v for k, v in (values or {}).items() if k in self.criteria}
        decided = (
            self._checkpoint.decide(weights=weights, values=changed)
            if weights is not None or changed
            else self._checkpoint.decide()
        )
        return {
            d.key: Outcome(
                d.key, d.formation_id, d.track, d.final_status, d.rank, d.placed_in, d.final_score
            )
            for d in decided
        }

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
        return self._checkpoint.score_results(score_id)

    def parameters(self) -> Mapping[str, Any]:
        """The policy's parameters in force on the as-of date."""
        return self._checkpoint.parameters

    @property
    def formations(self) -> Mapping[str, Any]:
        """The run's formations by id."""
        return self._checkpoint.formations
