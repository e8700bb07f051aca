"""Testing layer: what a policy author needs to test a policy before publishing it.

- :mod:`.synth`: realistic synthetic data for any policy (demos, benchmarks, the strategies'
  starting point);
- :mod:`.strategies`: Hypothesis strategies: :func:`policies`, :func:`candidates`,
  :func:`formations`, :func:`ratings`, :func:`populations` (values on every threshold and
  limit, missing values, ties), :func:`policy_documents` (the drawn policies as file data);
- :mod:`.checks`: the fairness properties (order invariance, blindness, monotonicity,
  determinism, nothing lost, no rank reversal, threshold boundaries, proxies), each returning
  ``None`` or a :class:`Counterexample` in words and as data;
- :mod:`.population`: :class:`Population`, the inputs of one cycle the checks run on.

docs/testing-fairness.md shows how to use them. Needs Hypothesis (the ``test`` extra);
:func:`check_proxy` also scipy (the ``analysis`` extra). Imports every layer above it;
nothing imports it but the command line.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below, imported when first used (see __getattr__)
    from asn_competency.testing.checks import (
        CHECKS,
        Counterexample,
        NotChecked,
        Raise,
        check_blindness,
        check_determinism,
        check_monotonicity,
        check_no_rank_reversal,
        check_nothing_lost,
        check_order_invariance,
        check_proxy,
        check_threshold_boundaries,
    )
    from asn_competency.testing.population import Population
    from asn_competency.testing.strategies import (
        boundary_values,
        candidates,
        formations,
        policies,
        policy_documents,
        populations,
        ratings,
    )

#: Where each public name is defined: imported when first asked for, so that the synthetic
#: data (``synth``, used by the ``synth`` and ``demo`` commands) works without Hypothesis,
#: which the strategies and checks need (the ``test`` extra).
_HOMES = {
    **dict.fromkeys(
        ("CHECKS", "Counterexample", "NotChecked", "Raise", "check_blindness",
         "check_determinism", "check_monotonicity", "check_no_rank_reversal",
         "check_nothing_lost", "check_order_invariance", "check_proxy",
         "check_threshold_boundaries"),
        "asn_competency.testing.checks",
    ),
    "Population": "asn_competency.testing.population",
    **dict.fromkeys(
        ("boundary_values", "candidates", "formations", "policies", "policy_documents",
         "populations", "ratings"),
        "asn_competency.testing.strategies",
    ),
}  # fmt: skip


def __getattr__(name: str) -> Any:
    """A public name of the layer, imported from its module when first used."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


__all__ = [
    "CHECKS",
    "Counterexample",
    "NotChecked",
    "Population",
    "Raise",
    "boundary_values",
    "candidates",
    "check_blindness",
    "check_determinism",
    "check_monotonicity",
    "check_no_rank_reversal",
    "check_nothing_lost",
    "check_order_invariance",
    "check_proxy",
    "check_threshold_boundaries",
    "formations",
    "policies",
    "policy_documents",
    "populations",
    "ratings",
]
