"""Rubric analysis: whether a selection policy's weights and thresholds do what they say.

Before a cycle (on synthetic data) or after it (on the cycle's data), an analyst asks of a
rubric:

- :mod:`.effective`: how much each criterion of the weighted score really decides
  (:func:`effective_weights`, and per track and formation for a policy,
  :func:`policy_effective_weights`);
- :mod:`.sensitivity`: how the ranking and the selection move when a weight moves
  (:func:`weight_sensitivity`), and the smallest change that flips one candidate
  (:func:`flip_weights`);
- :mod:`.thresholds`: each pass minimum's pass rate per track and protected group, and where
  the four-fifths flag would trip (:func:`threshold_curves`);
- :mod:`.redundancy`: the criteria that add little beyond the others (:func:`redundancy`);
- :mod:`.noise`: how often each selection survives its scores' measurement error
  (:func:`rank_stability`).

The policy analyses start from a :class:`Replay` (``_replay``): the policy run once up to its
weighted stage, then re-decided from there with the engine's rules as often as an analysis
needs. :func:`analyse` runs them all and gives a :class:`RubricAnalysis`, which
``asn-competency analyse`` writes as a page of charts and the numbers as CSV and JSON
(:mod:`.report`, :mod:`.page`, :mod:`.charts`). docs/rubric-analysis.md is the guide.
"""

from asn_competency.evaluation.rubric._replay import Outcome, Replay, weighted_scores
from asn_competency.evaluation.rubric.effective import (
    HIGH_FACTOR,
    LOW_FACTOR,
    EffectiveWeight,
    EffectiveWeights,
    GroupedWeights,
    effective_weights,
    inner_effective_weights,
    linear_terms,
    policy_effective_weights,
)
from asn_competency.evaluation.rubric.noise import (
    DEFAULT_ERROR,
    RankStability,
    Survival,
    rank_stability,
)
from asn_competency.evaluation.rubric.page import render_analysis, write_analysis
from asn_competency.evaluation.rubric.redundancy import (
    REDUNDANT_R2,
    Redundancy,
    RedundancyRow,
    criteria_values,
    redundancy,
)
from asn_competency.evaluation.rubric.report import RubricAnalysis, analyse
from asn_competency.evaluation.rubric.sensitivity import (
    DEFAULT_BOUND,
    Flip,
    FlipSearch,
    SensitivityRow,
    WeightSensitivity,
    flip_weights,
    weight_sensitivity,
)
from asn_competency.evaluation.rubric.thresholds import (
    CurvePoint,
    ThresholdCurve,
    ThresholdCurves,
    impact_at,
    threshold_curves,
)

__all__ = [
    "DEFAULT_BOUND",
    "DEFAULT_ERROR",
    "HIGH_FACTOR",
    "LOW_FACTOR",
    "REDUNDANT_R2",
    "CurvePoint",
    "EffectiveWeight",
    "EffectiveWeights",
    "Flip",
    "FlipSearch",
    "GroupedWeights",
    "Outcome",
    "RankStability",
    "Redundancy",
    "RedundancyRow",
    "Replay",
    "RubricAnalysis",
    "SensitivityRow",
    "Survival",
    "ThresholdCurve",
    "ThresholdCurves",
    "WeightSensitivity",
    "analyse",
    "criteria_values",
    "effective_weights",
    "flip_weights",
    "impact_at",
    "inner_effective_weights",
    "linear_terms",
    "policy_effective_weights",
    "rank_stability",
    "redundancy",
    "render_analysis",
    "threshold_curves",
    "weight_sensitivity",
    "weighted_scores",
    "write_analysis",
]
