"""What evaluating a score yields: exact values, gates, criteria and the steps between, as
data. Words for them are the audit layer's (:mod:`asn_competency.audit.catalogue`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction

from asn_competency.expressions import UNKNOWN, Evaluation
from asn_competency.expressions.data import EvaluationRecord
from asn_competency.expressions.evaluate import Value
from asn_competency.model.outcomes import Fact
from asn_competency.model.scores import Rounding

__all__ = ["CriterionResult", "ScoreResult", "Scorecard", "ThresholdResult"]


@dataclass(frozen=True, slots=True)
class ThresholdResult:
    """A gate applied to a value: the minimum, where it came from, and the outcome."""

    minimum: Fraction
    parameter: str | None
    effective_from: dt.date | None
    reference: str | None
    value: Value
    passed: bool | None  # None: unknown


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion of a weighted sum: raw value, scaled value, weight, contribution, gate.

    ``raw`` differs from ``scaled`` when the criterion reads a ``scale`` score: ``raw`` is the
    value before rescaling (SKD total 400), ``scaled`` the value weighed (72.7272…).
    """

    id: str
    raw: Value
    scaled: Value
    weight: Fraction
    contribution: Value
    threshold: ThresholdResult | None
    #: how the criterion's formula was evaluated: the reference's trace, or the same as data
    #: when computed over columns (the record is the same)
    trace: Evaluation | EvaluationRecord


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
    inputs: tuple[Evaluation | EvaluationRecord, ...] = ()  # as ``CriterionResult.trace``
    steps: tuple[Fact, ...] = ()  # what the score's kind computed, e.g. scale.mapped
    missing: tuple[str, ...] = ()
    band: str | None = None  # the band a JPM value falls in

    @property
    def known(self) -> bool:
        """Whether the value is known (no missing input decided it)."""
        return self.value is not UNKNOWN


@dataclass(frozen=True)
class Scorecard:
    """Every score of one candidate, in evaluation order."""

    results: Mapping[str, ScoreResult]

    def __getitem__(self, score_id: str) -> ScoreResult:
        return self.results[score_id]

    def __iter__(self) -> Iterator[ScoreResult]:
        return iter(self.results.values())
