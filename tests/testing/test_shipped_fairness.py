"""Every shipped selection policy has every fairness property of docs/testing-fairness.md:
each check, drawing its own populations within a budget (modest in the dev profile, larger in
the ci profile), finds no counterexample; the threshold check holds each policy to its own
test cases (rubrics/*.tests.yaml) where they put a candidate on a threshold."""

from __future__ import annotations

import pytest
from hypothesis import settings

import asn_competency as asn
from asn_competency.model import SelectionPolicy
from asn_competency.testing import CHECKS, Counterexample, NotChecked
from asn_competency.testing.strategies import SHIPPED_POLICIES

#: Populations each check draws: a twentieth of the profile's examples (ci 400 → 20), at
#: least 8; the threshold check sets every row on every boundary of each population it draws,
#: so a quarter of that is as thorough.
BUDGET = max(8, settings().max_examples // 20)
BUDGETS = {"threshold": max(3, BUDGET // 4)}


def _policy(name: str) -> SelectionPolicy:
    policy = asn.load(asn.shipped(name))
    assert isinstance(policy, SelectionPolicy)
    return policy


@pytest.mark.parametrize("check", sorted(CHECKS))
@pytest.mark.parametrize("name", SHIPPED_POLICIES)
def test_shipped_policy_has_the_property(name: str, check: str) -> None:
    """docs/testing-fairness.md: the shipped policy passes the check (None: no counterexample,
    and no score declared non-monotone)."""
    policy = _policy(name)
    run_check = CHECKS[check]
    budget = BUDGETS.get(check, BUDGET)
    if check == "proxy":
        found = run_check(policy)
    elif check == "threshold":  # what the policy states: also its own test cases
        tests = asn.load(asn.shipped(name.replace(".yaml", ".tests.yaml")), kind=asn.PolicyTests)
        found = run_check(policy, tests=tests, budget=budget)
    else:
        found = run_check(policy, budget=budget)
    assert not isinstance(found, Counterexample), str(found)
    assert not isinstance(found, NotChecked), str(found)
    assert found is None


def test_no_shipped_score_is_declared_non_monotone() -> None:
    """No shipped policy opts a score out of the monotonicity check (docs/domain.md,
    "Profile Matching": a selection score must never rank a stronger candidate lower)."""
    for name in SHIPPED_POLICIES:
        policy = _policy(name)
        assert all(score.non_monotone is None for score in policy.scores.values()), name
