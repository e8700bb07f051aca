"""The evaluation of a cycle: how the process worked, from its run folders.

Layer after ``audit`` and ``development`` (see ``docs/architecture.md``). Statistics so far:

- :mod:`.funnel`: counts and pass rates per stage, overall, per formation and per track,
  and the adverse impact of each stage and of the bottom line (:func:`stage_impact`);
- :mod:`.impact`: adverse impact by the four-fifths rule (29 CFR 1607.4D), with Fisher's
  exact test, shortfalls, small groups and intersections, worded as flags for review;
- :mod:`.reliability`: Cronbach's alpha, the six Shrout & Fleiss ICCs, Cohen's and Fleiss'
  kappa, and each rater's drift from the panel;
- :mod:`.validity`: Pearson, Spearman and Kendall correlations between selection scores and
  later ratings, with confidence intervals.

Each result is a frozen object with ``to_pandas()`` and an HTML view for notebooks. scipy
(``asn-competency[analysis]``) is imported only when a statistic needs it; bad input is a
:class:`StatisticsError` with a stable code (``docs/evaluation.md``, ``docs/error-codes.md``).
"""

from asn_competency.evaluation._common import MissingExtraError, StatisticsError
from asn_competency.evaluation.funnel import (
    SELECTED_STATUSES,
    Funnel,
    FunnelRow,
    StageImpact,
    funnel,
    stage_impact,
)
from asn_competency.evaluation.impact import (
    FOUR_FIFTHS,
    MISSING_LABEL,
    AdverseImpact,
    ImpactRow,
    adverse_impact,
)
from asn_competency.evaluation.reliability import (
    ICC_FORMS,
    CohenKappa,
    CronbachAlpha,
    DriftRow,
    FleissKappa,
    IccForm,
    IccResult,
    RaterDrift,
    cohen_kappa,
    cronbach_alpha,
    feldt_interval,
    fleiss_kappa,
    icc,
    rater_drift,
)
from asn_competency.evaluation.validity import (
    Correlation,
    Correlations,
    correlations,
    rank_interval,
)

__all__ = [
    "FOUR_FIFTHS",
    "ICC_FORMS",
    "MISSING_LABEL",
    "SELECTED_STATUSES",
    "AdverseImpact",
    "CohenKappa",
    "Correlation",
    "Correlations",
    "CronbachAlpha",
    "DriftRow",
    "FleissKappa",
    "Funnel",
    "FunnelRow",
    "IccForm",
    "IccResult",
    "ImpactRow",
    "MissingExtraError",
    "RaterDrift",
    "StageImpact",
    "StatisticsError",
    "adverse_impact",
    "cohen_kappa",
    "correlations",
    "cronbach_alpha",
    "feldt_interval",
    "fleiss_kappa",
    "funnel",
    "icc",
    "rank_interval",
    "rater_drift",
    "stage_impact",
]
