"""Effective weights: known-by-construction cases and the properties of the decomposition."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from asn_competency.evaluation import StatisticsError
from asn_competency.evaluation.rubric import (
    effective_weights,
    inner_effective_weights,
    linear_terms,
    policy_effective_weights,
)
from asn_competency.evaluation.rubric.effective import _profile_parts
from asn_competency.expressions.syntax import parse
from asn_competency.model.scores import ProfileMatchScore
from tests.evaluation.rubric.data import replay

# Two criteria uncorrelated by construction: over the four applicants, a = ±10 and b = ±1 in
# every combination, so cov(a, b) = 0, var(a) = 100 and var(b) = 1.
UNCORRELATED = {"a": [10, 10, -10, -10], "b": [1, -1, 1, -1]}


def test_uncorrelated_equal_weights_give_variance_shares() -> None:
    """SDs 10 and 1, uncorrelated, equal weights: 100/101 and 1/101 (the issue's case)."""
    found = effective_weights(UNCORRELATED, {"a": 1, "b": 1})
    assert found["a"] == Fraction(100, 101)
    assert found["b"] == Fraction(1, 101)
    # nominal shares 1/2 each: 100/101 is within [1/4, 1], 1/101 below half of 1/2
    assert [row.flag for row in found.rows] == ["", "low"]


def test_uncorrelated_weights_compensating_the_spread_give_equal_shares() -> None:
    """Weights 1 and 10 on SDs 10 and 1: each contributes a variance of 100, half each."""
    found = effective_weights(UNCORRELATED, {"a": 1, "b": 10})
    assert found.shares == {"a": Fraction(1, 2), "b": Fraction(1, 2)}
    # nominal shares 1/11 and 10/11: a's effective 1/2 is above double its nominal share
    assert [row.flag for row in found.rows] == ["high", ""]


def test_a_constant_criterion_weighs_nothing() -> None:
    """A criterion with no variance has effective weight 0, whatever its nominal weight."""
    found = effective_weights({"a": [5, 5, 5], "b": [1, 2, 3]}, {"a": 9, "b": 1})
    assert found.shares == {"a": 0, "b": 1}
    assert found.rows[0].flag == "low"
    assert not found.degenerate


def test_no_variance_at_all_is_degenerate_not_nan() -> None:
    """Every criterion constant: every share is 0 and the table says it is degenerate."""
    found = effective_weights({"a": [5, 5], "b": [2, 2]}, {"a": 1, "b": 1})
    assert found.shares == {"a": 0, "b": 0}
    assert found.degenerate
    assert "no variance" in found.note()


def test_mismatched_criteria_are_refused() -> None:
    """Scores and weights naming different criteria raise stats.labels."""
    with pytest.raises(StatisticsError) as caught:
        effective_weights({"a": [1, 2]}, {"b": 1})
    assert caught.value.code == "stats.labels"


def test_lengths_must_match() -> None:
    """Criteria with different numbers of applicants raise stats.length-mismatch."""
    with pytest.raises(StatisticsError) as caught:
        effective_weights({"a": [1, 2], "b": [1]}, {"a": 1, "b": 1})
    assert caught.value.code == "stats.length-mismatch"


values = st.lists(st.integers(-50, 50), min_size=2, max_size=12)


@st.composite
def rubrics(draw: st.DrawFn) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Two to four criteria over the same applicants, with positive weights."""
    count = draw(st.integers(2, 4))
    size = draw(st.integers(2, 12))
    names = [f"c{i}" for i in range(count)]
    scores = {n: draw(st.lists(st.integers(-50, 50), min_size=size, max_size=size)) for n in names}
    weights = {n: draw(st.integers(1, 20)) for n in names}
    return scores, weights


@given(rubrics())
def test_shares_sum_to_one(case: tuple[dict[str, list[int]], dict[str, int]]) -> None:
    """The effective shares sum to exactly 1 whenever the total varies."""
    scores, weights = case
    found = effective_weights(scores, weights)
    if found.degenerate:
        assert all(v == 0 for v in found.shares.values())
    else:
        assert sum(found.shares.values()) == 1


@given(rubrics(), st.integers(1, 9), st.integers(1, 9))
def test_rescaling_a_criterion_with_its_weight_changes_nothing(
    case: tuple[dict[str, list[int]], dict[str, int]], numerator: int, denominator: int
) -> None:
    """Scores of one criterion times c, its weight divided by c: the same shares."""
    scores, weights = case
    c = Fraction(numerator, denominator)
    scaled_scores: dict[str, list[object]] = {k: list(v) for k, v in scores.items()}
    scaled_scores["c0"] = [x * c for x in scores["c0"]]
    scaled_weights: dict[str, object] = {**weights, "c0": weights["c0"] / c}
    assert effective_weights(scaled_scores, scaled_weights).shares == (
        effective_weights(scores, weights).shares
    )


@given(rubrics(), st.integers(-50, 50))
def test_zero_variance_gives_zero(
    case: tuple[dict[str, list[int]], dict[str, int]], constant: int
) -> None:
    """A criterion made constant gets an effective weight of exactly 0."""
    scores, weights = case
    scores = {**scores, "c1": [constant] * len(scores["c0"])}
    assert effective_weights(scores, weights)["c1"] == 0


@given(rubrics())
def test_shares_are_exact_and_deterministic(
    case: tuple[dict[str, list[int]], dict[str, int]],
) -> None:
    """Shares are Fractions, and the same input gives the same result."""
    scores, weights = case
    first = effective_weights(scores, weights)
    assume(not first.degenerate)
    assert all(isinstance(v, Fraction) for v in first.shares.values())
    assert effective_weights(scores, weights) == first


@pytest.mark.parametrize("name", ["gayungan-2026.yaml", "cpns-2024.yaml"])
def test_policy_weights_beside_effective_per_scope(name: str) -> None:
    """A shipped policy: nominal weights are the policy's in force, effective shares sum to 1
    in every scope, and the overall scope counts everyone who reached the weighted stage."""
    found = policy_effective_weights(replay(name, 300, 5))
    overall = found.scope("all")
    assert sum(row.nominal for row in overall.rows) == 1
    assert {row.criterion for row in overall.rows} == set(replay(name, 300, 5).criteria)
    for table in found.tables:
        if not table.degenerate:
            assert sum(table.shares.values()) == 1
    assert overall.applicants == sum(
        1
        for i in range(len(replay(name, 300, 5).reached))
        if all(v[i] is not None for v in replay(name, 300, 5).values.values())
    )


def test_profile_matching_factors_rebuild_the_score() -> None:
    """Gayungan's profile score is 0.6 × NCF + 0.4 × NSF for every candidate (the parts the
    inner effective weights decompose), and the two factors' shares sum to 1."""
    kept = replay("gayungan-2026.yaml", 300, 5)
    score = kept.policy.scores["profil"]
    assert isinstance(score, ProfileMatchScore)
    checked = 0
    for result in kept.score_results("profil"):
        assert result is not None
        found = _profile_parts(score, result)
        assert found is not None
        values, weights = found
        assert sum(weights[k] * values[k] for k in values) == result.exact
        checked += 1
    assert checked == len(kept.reached)
    inner = inner_effective_weights(kept)
    table = next(t for t in inner.tables if t.score == "profil")
    assert [row.criterion for row in table.rows] == ["core", "secondary"]
    assert [row.nominal for row in table.rows] == [Fraction(3, 5), Fraction(2, 5)]
    assert sum(table.shares.values()) == 1


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("twk + tiu + tkp", {"twk": 1, "tiu": 1, "tkp": 1}),
        ("(a + b) / 2", {"a": Fraction(1, 2), "b": Fraction(1, 2)}),
        ("2 * a - 3 + b * 0.5", {"a": 2, "b": Fraction(1, 2)}),
        ("-(a - 2 * b)", {"a": -1, "b": 2}),
        ("bobot * a + b", {"a": Fraction(3, 5), "b": 1}),
        ("a * b", None),
        ("formation.w * a", None),
        ("a / b", None),
        ("max(a, b)", None),
    ],
)
def test_linear_terms(formula: str, expected: dict[str, object] | None) -> None:
    """A formula linear in its inputs gives its coefficients (a numeric parameter is a
    constant, the constant term is left out); anything else gives None."""
    parameters = {"bobot": type("P", (), {"value": Decimal("0.6")})()}
    assert linear_terms(parse(formula), parameters) == expected


def test_a_linear_formulas_parts_are_weighed() -> None:
    """CPNS skd_total = twk + tiu + tkp: each part weighs 1, nominal shares 1/3, and for
    every candidate reaching the final score the parts add up to the score."""
    kept = replay("cpns-2024.yaml", 300, 5)
    inner = inner_effective_weights(kept)
    table = next(t for t in inner.tables if t.score == "skd_total")
    assert [row.nominal for row in table.rows] == [Fraction(1, 3)] * 3
    assert sum(table.shares.values()) == 1
    totals = kept.score_results("skd_total")
    for c, total in zip(kept.reached, totals, strict=True):
        assert total is not None
        assert total.value == sum(Fraction(c.values[k]) for k in ("twk", "tiu", "tkp"))
    assert all(t.score != "skb" for t in inner.tables)  # weighted by a formation's field
