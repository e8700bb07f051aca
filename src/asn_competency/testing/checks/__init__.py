"""Fairness properties a selection policy must have, as checks a policy author runs in a test
suite: each takes a loaded policy and either a population the author supplies (inside their
own Hypothesis ``@given``, on a past cycle's data) or none (the check then draws its own
populations from :func:`~asn_competency.testing.strategies.populations` within a fixed
budget, derandomised, so the same policy gives the same answer on every run). Each returns
``None`` when the property holds, or a :class:`Counterexample` that says in Indonesian and
English, and as data, which rows and which change break it (shrunk by Hypothesis when the
check drew it).

By concept:

- :mod:`.invariance`: :func:`check_order_invariance`, :func:`check_determinism`,
  :func:`check_nothing_lost`, :func:`check_blindness`;
- :mod:`.monotonicity`: :func:`check_monotonicity` (and :class:`NotChecked` for the scores a
  policy declares non-monotone on purpose);
- :mod:`.rank_reversal`: :func:`check_no_rank_reversal`;
- :mod:`.thresholds`: :func:`check_threshold_boundaries` (with ``_recorded``: what a run
  recorded of a rule; ``_holding``: holding a compound rule's other clauses, solving for a
  score; ``_pins``: what the policy's own test cases state at its thresholds);
- :mod:`.proxy`: :func:`check_proxy` (a flag for review; needs scipy);
- ``_result`` (the result types and the search), ``_words`` (every sentence, in both
  languages, in one place), ``_support`` (ledgers, results rows, drawing).
"""

from collections.abc import Callable, Mapping

from asn_competency.testing.checks._result import (
    DEFAULT_BUDGET,
    Counterexample,
    NotChecked,
)
from asn_competency.testing.checks._words import WORDS
from asn_competency.testing.checks.invariance import (
    blind_columns,
    check_blindness,
    check_determinism,
    check_nothing_lost,
    check_order_invariance,
)
from asn_competency.testing.checks.monotonicity import Raise, check_monotonicity
from asn_competency.testing.checks.proxy import check_proxy
from asn_competency.testing.checks.rank_reversal import check_no_rank_reversal
from asn_competency.testing.checks.thresholds import check_threshold_boundaries

__all__ = [
    "CHECKS",
    "DEFAULT_BUDGET",
    "WORDS",
    "Counterexample",
    "NotChecked",
    "Raise",
    "blind_columns",
    "check_blindness",
    "check_determinism",
    "check_monotonicity",
    "check_no_rank_reversal",
    "check_nothing_lost",
    "check_order_invariance",
    "check_proxy",
    "check_threshold_boundaries",
]

#: Every check, by the name its counterexamples carry in ``check``.
CHECKS: Mapping[str, Callable[..., Counterexample | NotChecked | None]] = {
    "order_invariance": check_order_invariance,
    "blindness": check_blindness,
    "monotonicity": check_monotonicity,
    "determinism": check_determinism,
    "nothing_lost": check_nothing_lost,
    "rank_reversal": check_no_rank_reversal,
    "threshold": check_threshold_boundaries,
    "proxy": check_proxy,
}
