"""Rank stability under noise: deterministic, and a zero error changes nothing."""

from __future__ import annotations

from fractions import Fraction

import pytest

from asn_competency.errors import PolicyError
from asn_competency.evaluation.rubric import rank_stability
from tests.evaluation.rubric.data import replay


def test_zero_error_keeps_every_selection() -> None:
    """With no error on any criterion every selection survives every replication."""
    kept = replay("cpns-2024.yaml", 200, 6)
    found = rank_stability(kept, errors={"skd": 0, "skb": 0}, replications=3)
    assert found.rows
    assert all(row.survived == 3 for row in found.rows)
    assert found.mean_share() == 1


def test_same_seed_same_result_other_seed_may_differ() -> None:
    """The same seed gives the same survivals; the errors are those given or the default."""
    kept = replay("gayungan-2026.yaml", 200, 6)
    first = rank_stability(kept, errors={"wawancara": 5}, replications=4, seed=3)
    assert first == rank_stability(kept, errors={"wawancara": 5}, replications=4, seed=3)
    assert first.errors == {"wawancara": Fraction(5), "tes": Fraction(1)}
    assert all(0 <= row.survived <= 4 for row in first.rows)


def test_large_errors_unsettle_selections() -> None:
    """An error as wide as the whole scale leaves some selection unstable."""
    kept = replay("cpns-2024.yaml", 200, 6)
    found = rank_stability(kept, errors={"skd": 50, "skb": 50}, replications=5, seed=1)
    assert found.mean_share() is not None
    assert found.mean_share() < 1  # type: ignore[operator]


@pytest.mark.parametrize(
    "options",
    [{"errors": {"skx": 1}}, {"errors": {"skd": -1}}, {"replications": 0}],
)
def test_bad_options_are_refused(options: dict[str, object]) -> None:
    """Unknown criteria, negative errors and no replications raise analysis.invalid-option."""
    with pytest.raises(PolicyError) as caught:
        rank_stability(replay("cpns-2024.yaml", 200, 6), **options)  # type: ignore[arg-type]
    assert caught.value.problems[0].code == "analysis.invalid-option"
