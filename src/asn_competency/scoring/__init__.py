"""Scoring layer: the building blocks that turn declared criteria into exact numbers.

- :mod:`.checks`, :mod:`.scorebook`, :mod:`.results`: a policy's ``scores``, compiled once
  (:func:`compile_scores`) and evaluated per candidate with an explanation (fixed-anchor
  scales, category points, pass/fail gates, points tables, weighted sums with declared or AHP
  weights, affirmation points, Profile Matching, JPM).
- :mod:`.points_table`: DMN-style decision tables (hit policies, overlap and gap checks).
- :mod:`.ahp`: weights from pairwise comparisons, with the consistency ratio.
- :mod:`.profile_matching`: Profile Matching (NCF, NSF), Job-Person Match and its bands.
- :mod:`.affirmation`: PPPK affirmation points.
- :mod:`.topsis`: TOPSIS, for analysis only (pool-relative).

Imports the ``errors``, ``files``, ``model`` and ``expressions`` layers only.
"""

from asn_competency.scoring.affirmation import (
    AffirmationResult,
    affirmation_points,
    apply_affirmation,
)
from asn_competency.scoring.ahp import SAATY_RANDOM_INDEX, AhpResult, ahp_weights
from asn_competency.scoring.checks import (
    DOCUMENT_CHECKS,
    compile_scores,
    policy_problems,
    score_problems,
)
from asn_competency.scoring.points_table import InputDomain, TableMatch, match, table_problems
from asn_competency.scoring.profile_matching import (
    DEFAULT_JPM_BANDS,
    GAP_WEIGHTS,
    JpmBand,
    ProfileMatchResult,
    ProfileRow,
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
from asn_competency.scoring.scorebook import ScoreBook
from asn_competency.scoring.topsis import topsis

__all__ = [
    "DEFAULT_JPM_BANDS",
    "DOCUMENT_CHECKS",
    "GAP_WEIGHTS",
    "SAATY_RANDOM_INDEX",
    "AffirmationResult",
    "AhpResult",
    "CriterionResult",
    "InputDomain",
    "JpmBand",
    "ProfileMatchResult",
    "ProfileRow",
    "ScoreBook",
    "ScoreResult",
    "Scorecard",
    "TableMatch",
    "ThresholdResult",
    "affirmation_points",
    "ahp_weights",
    "apply_affirmation",
    "aspect_total",
    "compile_scores",
    "job_person_match",
    "jpm_band",
    "match",
    "policy_problems",
    "profile_match",
    "score_problems",
    "table_problems",
    "topsis",
]
