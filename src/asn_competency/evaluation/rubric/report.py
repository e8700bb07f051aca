"""Every rubric analysis of one policy on one data set, as data: what ``asn-competency
analyse`` writes and a notebook shows.

:func:`analyse` runs the policy once up to its weighted stage (:class:`~._replay.Replay`)
and then each analysis: nominal and effective weights per scope, weight sensitivity (and the
flip search for a chosen candidate), threshold curves, redundancy of the weighted criteria
and of the rating stages' criteria, and rank stability under noise. :meth:`RubricAnalysis.tables`
gives each analysis's rows as plain data (exact numbers as text: ``3/5``, ``0.4``), the
CSV files' and the JSON's content.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from asn_competency.evaluation._common import StatisticsError, html_table
from asn_competency.evaluation.report import plain_value
from asn_competency.evaluation.rubric._replay import Replay
from asn_competency.evaluation.rubric.effective import (
    EffectiveWeight,
    GroupedWeights,
    inner_effective_weights,
    policy_effective_weights,
)
from asn_competency.evaluation.rubric.noise import RankStability, rank_stability
from asn_competency.evaluation.rubric.redundancy import Redundancy, criteria_values, redundancy
from asn_competency.evaluation.rubric.sensitivity import (
    DEFAULT_BOUND,
    FlipSearch,
    WeightSensitivity,
    flip_weights,
    weight_sensitivity,
)
from asn_competency.evaluation.rubric.thresholds import ThresholdCurves, threshold_curves
from asn_competency.model import SelectionPolicy, document_hash

__all__ = ["RubricAnalysis", "analyse"]


@dataclass(frozen=True)
class RubricAnalysis:
    """The analyses of one policy's weighted score on one data set."""

    policy_id: str
    policy_hash: str
    score: str
    as_of: dt.date
    applicants: int
    reached: int
    weights: GroupedWeights
    sensitivity: WeightSensitivity
    curves: ThresholdCurves
    redundancy: Redundancy | None
    rating_redundancy: Redundancy | None
    stability: RankStability
    flips: FlipSearch | None = None
    #: what could not be computed (a statistic undefined on these data)
    notes: tuple[str, ...] = ()
    inner_weights: GroupedWeights | None = None

    def flagged(self) -> list[tuple[str, EffectiveWeight]]:
        """The criteria (with their score) whose effective weight over all the candidates
        differs a lot from the nominal one: the final score's, then inside other scores."""
        found = [(self.score, row) for scope, row in self.weights.flagged() if scope == "all"]
        if self.inner_weights is not None:
            found += [(t.score, row) for t in self.inner_weights.tables for row in t.flagged()]
        return found

    def flag_notes(self) -> list[str]:
        """:meth:`flagged` in words."""
        return [
            f"{score}.{row.criterion}: effective weight {float(row.effective):.3f} against a "
            f"nominal {float(row.nominal):.3f} ({row.flag})"
            for score, row in self.flagged()
        ]

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Each analysis's rows as plain data, by the name of its CSV file."""
        tables: dict[str, list[dict[str, Any]]] = {
            "weights": self.weights.records(),
            "inner_weights": self.inner_weights.records() if self.inner_weights else [],
            "sensitivity": self.sensitivity.records(),
            "thresholds": self.curves.records(),
            "trips": self.curves.trip_records(),
            "stability": self.stability.records(),
        }
        if self.flips is not None:
            tables["flips"] = self.flips.records()
        if self.redundancy is not None:
            tables["redundancy"] = self.redundancy.records()
        if self.rating_redundancy is not None:
            tables["rating_redundancy"] = self.rating_redundancy.records()
        return {name: plain_value(rows) for name, rows in tables.items()}

    def data(self) -> dict[str, Any]:
        """The whole analysis as JSON data (exact numbers as text)."""
        return {
            "policy": {"id": self.policy_id, "hash": self.policy_hash},
            "score": self.score,
            "as_of": self.as_of.isoformat(),
            "applicants": self.applicants,
            "reached": self.reached,
            "nominal_weights": plain_value(dict(self.sensitivity.weights)),
            "errors": plain_value(dict(self.stability.errors)),
            "replications": self.stability.replications,
            "seed": self.stability.seed,
            "notes": [*self.flag_notes(), *self.notes],
            "tables": self.tables(),
        }

    def to_pandas(self) -> dict[str, Any]:
        """Each table as a ``pandas.DataFrame``, by name (needs pandas)."""
        from asn_competency.evaluation._common import data_frame  # noqa: PLC0415

        return {name: data_frame(rows) for name, rows in self.tables().items()}

    def _repr_html_(self) -> str:
        overall = self.weights.scope("all") if self.weights.tables else None
        said = (
            f"{self.policy_id}: {self.score}, {self.reached} of {self.applicants} applicants "
            "reached the weighted stage"
        )
        parts = [f"<p>{html.escape(said)}</p>"]
        if overall is not None:
            parts.append(overall._repr_html_())
        parts.append(html_table(self.sensitivity.caption(), self.sensitivity.records()[:20]))
        return "".join(parts)


def analyse(
    policy: SelectionPolicy,
    candidates: Any,
    *,
    formations: Any,
    ratings: Any = None,
    as_of: dt.date | None = None,
    score: str | None = None,
    bound: object = DEFAULT_BOUND,
    bounds: Mapping[str, tuple[object, object]] | None = None,
    errors: Mapping[str, object] | None = None,
    replications: int = 20,
    seed: int = 0,
    candidate: str | None = None,
) -> RubricAnalysis:
    """Every rubric analysis of ``policy`` on the data given (what ``run`` reads): the
    weighted score ``score`` (default: the one the integration stage decides by), sensitivity
    within ``bound``/``bounds``, stability with ``errors`` over ``replications`` seeded by
    ``seed``, and the flip search for ``candidate`` when one is given. Needs scipy."""
    replay = Replay(
        policy, candidates, formations=formations, ratings=ratings, as_of=as_of, score=score
    )
    notes: list[str] = []
    if not replay.reached:
        notes.append(
            f"no applicant reached the weighted stage {replay.score_id!r}: there is nothing to "
            "weigh (check that the tables are this policy's)"
        )
    try:
        weighted: Redundancy | None = redundancy(criteria_values(replay))
    except StatisticsError as error:
        weighted = None
        notes.append(
            "redundancy of the weighted criteria: "
            + "; ".join(problem.message for problem in error.problems)
        )
    rated = criteria_values(replay, ratings=True)
    rating_table: Redundancy | None = None
    if len(rated) >= 2:
        try:
            rating_table = redundancy(rated, label="rating criteria")
        except StatisticsError as error:
            notes.append(
                "redundancy of the rating criteria: "
                + "; ".join(problem.message for problem in error.problems)
            )
    weights = policy_effective_weights(replay)
    inner = inner_effective_weights(replay)
    return RubricAnalysis(
        policy_id=policy.id,
        policy_hash=document_hash(policy),
        score=replay.score_id,
        as_of=replay.as_of,
        applicants=len(replay.states),
        reached=len(replay.reached),
        weights=weights,
        sensitivity=weight_sensitivity(replay, bound=bound, bounds=bounds),
        curves=threshold_curves(replay),
        redundancy=weighted,
        rating_redundancy=rating_table,
        stability=rank_stability(replay, errors=errors, replications=replications, seed=seed),
        flips=flip_weights(replay, candidate) if candidate is not None else None,
        notes=tuple(notes),
        inner_weights=inner,
    )
