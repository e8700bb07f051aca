"""Reliability of a cycle's assessments: do the items of a test hang together, do the raters of
a panel agree, is one rater harsher or more lenient than the rest?

- :func:`cronbach_alpha`: Cronbach (1951) coefficient alpha of a respondents × items matrix,
  with the 95% interval of Feldt, Woodruff & Salih (1987, formulas 6 and 7), an F interval
  (:func:`feldt_interval`).
- :func:`icc`: the six intraclass correlations of Shrout & Fleiss (1979) for a targets ×
  raters matrix, keyed ``"ICC(1,1)"`` … ``"ICC(3,k)"``, each with its F test (Shrout & Fleiss,
  the F distribution from scipy) and its 95% interval (McGraw & Wong 1996, Table 7, with the
  corrections of their 1996 erratum; the formulas R's ``psych::ICC`` uses).
- :func:`cohen_kappa`: Cohen's (1960) kappa for two raters' labels of any type, and Cohen's
  (1968) weighted kappa with linear or quadratic disagreement weights.
- :func:`fleiss_kappa`: Fleiss' (1971) kappa from a subjects × categories table of counts.
- :func:`rater_drift`: each rater's mean difference from the mean of the other raters on the
  same targets, with a paired t test (Student 1908; scipy's ``ttest_1samp`` of the
  differences) and a flag for review.

Point estimates are exact (:class:`~fractions.Fraction`): they are ratios of sums of the
inputs, so a threshold compared with them later (a panel's ICC(2,1) below 0.6) is compared
exactly. Intervals and p-values come from distributions and are floats.
"""

from asn_competency.evaluation.reliability.alpha import (
    CronbachAlpha,
    cronbach_alpha,
    feldt_interval,
)
from asn_competency.evaluation.reliability.drift import DriftRow, RaterDrift, rater_drift
from asn_competency.evaluation.reliability.icc import ICC_FORMS, IccForm, IccResult, icc
from asn_competency.evaluation.reliability.kappa import (
    CohenKappa,
    FleissKappa,
    cohen_kappa,
    fleiss_kappa,
)

__all__ = [
    "ICC_FORMS",
    "CohenKappa",
    "CronbachAlpha",
    "DriftRow",
    "FleissKappa",
    "IccForm",
    "IccResult",
    "RaterDrift",
    "cohen_kappa",
    "cronbach_alpha",
    "feldt_interval",
    "fleiss_kappa",
    "icc",
    "rater_drift",
]
