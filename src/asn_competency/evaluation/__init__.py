"""The evaluation of a cycle: how the process worked, from its run folders.

Layer after ``audit`` and ``development`` (see ``docs/architecture.md``). Statistics so far:

- :mod:`.funnel`: counts and pass rates per stage, overall, per formation and per track,
  and the adverse impact of each stage and of the bottom line (:func:`stage_impact`);
- :mod:`.impact`: adverse impact by the four-fifths rule (29 CFR 1607.4D), with Fisher's
  exact test, shortfalls, small groups and intersections, worded as flags for review;
- :mod:`.reliability`: Cronbach's alpha, the six Shrout & Fleiss ICCs, Cohen's and Fleiss'
  kappa, and each rater's drift from the panel;
- :mod:`.validity`: Pearson, Spearman and Kendall correlations between selection scores and
  later ratings, with confidence intervals;
- :mod:`.recommend`: an evaluation policy's declared recommendations, evaluated on the
  cycle's facts;
- :mod:`.report`: the evaluation of one run as data (:func:`evaluate_cycle`), and
  :mod:`.html`: written as one self-contained HTML page with JSON and CSVs
  (:func:`write_report`), charts by :mod:`.charts` (matplotlib, optional).

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
from asn_competency.evaluation.html import render_report, write_report
from asn_competency.evaluation.impact import (
    FOUR_FIFTHS,
    MISSING_LABEL,
    AdverseImpact,
    ImpactRow,
    adverse_impact,
)
from asn_competency.evaluation.recommend import (
    Fired,
    Recommendations,
    load_evaluation_policy,
    recommend,
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
from asn_competency.evaluation.report import CycleReport, evaluate_cycle
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
    "CycleReport",
    "DriftRow",
    "Fired",
    "FleissKappa",
    "Funnel",
    "FunnelRow",
    "IccForm",
    "IccResult",
    "ImpactRow",
    "MissingExtraError",
    "RaterDrift",
    "Recommendations",
    "StageImpact",
    "StatisticsError",
    "adverse_impact",
    "cohen_kappa",
    "correlations",
    "cronbach_alpha",
    "evaluate_cycle",
    "feldt_interval",
    "fleiss_kappa",
    "funnel",
    "icc",
    "load_evaluation_policy",
    "rank_interval",
    "rater_drift",
    "recommend",
    "render_report",
    "stage_impact",
    "write_report",
]
