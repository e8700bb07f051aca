"""TOPSIS: a published example, rank reversal, edge cases, input checks, and properties."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asn_competency.errors import PolicyError
from asn_competency.scoring.topsis import TopsisValue, topsis

# Papathanasiou, J. & Ploskas, N. (2018), "TOPSIS", chapter 1 of Multiple Criteria Decision
# Aid: Methods, Examples and Python Implementations, Springer (Springer Optimization and Its
# Applications 136), pp. 1-30: the facility-location example, six sites, four benefit
# criteria. Data and closeness coefficients as reproduced in the tests of
# github.com/energyinpython/distance-metrics-for-mcda (tests/test_mcda_methods.py).
SITES: list[list[TopsisValue]] = [
    [8, 7, 2, 1],
    [5, 3, 7, 5],
    [7, 5, 6, 4],
    [9, 9, 7, 3],
    [11, 10, 3, 7],
    [6, 9, 5, 4],
]
SITE_WEIGHTS: list[TopsisValue] = [Decimal("0.4"), Decimal("0.3"), Decimal("0.1"), Decimal("0.2")]


def test_papathanasiou_ploskas_facility_location() -> None:
    """Papathanasiou & Ploskas (2018): closeness 0.387 0.327 0.391 0.615 0.868 0.493."""
    closeness = topsis(SITES, SITE_WEIGHTS, benefit=[True] * 4)
    assert [round(c, 3) for c in closeness] == [0.387, 0.327, 0.391, 0.615, 0.868, 0.493]


def test_adding_an_applicant_reverses_two_others() -> None:
    """Rank reversal: adding D = (5, 1) puts A above B although neither changed."""
    a, b, c, d = [1, 2], [2, 1], [1, 4], [5, 1]
    before = topsis([a, b, c], [1, 1], benefit=[True, True])
    after = topsis([a, b, c, d], [1, 1], benefit=[True, True])
    assert before[1] > before[0]  # B ahead of A
    assert after[0] > after[1]  # A ahead of B once D applies


def test_cost_criterion_prefers_the_smaller_value() -> None:
    """With one cost criterion the cheapest alternative is the ideal (1), the dearest 0."""
    assert topsis([[1], [2], [3]], [1], benefit=[False]) == pytest.approx((1.0, 0.5, 0.0))


def test_minmax_normalization() -> None:
    """Min-max maps one benefit criterion 0, 5, 10 to closeness 0, 0.5, 1."""
    result = topsis([[0], [5], [10]], [1], benefit=[True], normalization="minmax")
    assert result == pytest.approx((0.0, 0.5, 1.0))


def test_minmax_cost_criterion() -> None:
    """Min-max on a cost criterion orients the column: the smallest value is best."""
    result = topsis([[0], [5], [10]], [1], benefit=[False], normalization="minmax")
    assert result == pytest.approx((1.0, 0.5, 0.0))


def test_scaling_all_weights_changes_nothing() -> None:
    """Multiplying every weight by the same factor leaves the closeness unchanged."""
    scaled: list[TopsisValue] = [Fraction(7) * Fraction(w) for w in SITE_WEIGHTS]
    assert topsis(SITES, scaled, benefit=[True] * 4) == pytest.approx(
        topsis(SITES, SITE_WEIGHTS, benefit=[True] * 4), abs=1e-12
    )


def test_identical_alternatives_are_all_one_half() -> None:
    """When every alternative is the same, d+ = d- = 0 and each closeness is 0.5."""
    assert topsis([[3, 4], [3, 4]], [1, 2], benefit=[True, False]) == (0.5, 0.5)


def test_constant_column_contributes_nothing() -> None:
    """A criterion on which everyone is equal does not change the closeness."""
    with_constant = topsis([[1, 5], [2, 5], [4, 5]], [1, 3], benefit=[True, True])
    without = topsis([[1], [2], [4]], [1], benefit=[True])
    assert with_constant == pytest.approx(without, abs=1e-12)


def test_dominant_alternative_is_the_ideal() -> None:
    """An alternative best on every criterion has closeness 1."""
    result = topsis([[1, 9], [5, 2], [6, 1]], [1, 1], benefit=[True, False])
    assert result[2] == pytest.approx(1.0)
    assert result[0] == pytest.approx(0.0)


def test_unequal_lengths_are_refused() -> None:
    """Rows, weights and benefit flags of different lengths are schema.length problems."""
    with pytest.raises(PolicyError) as caught:
        topsis([[1, 2], [3]], [1, 1], benefit=[True])
    assert caught.value.codes == ["schema.length", "schema.length"]


def test_empty_input_is_refused() -> None:
    """No alternatives or no criteria is a schema.length problem."""
    with pytest.raises(PolicyError) as caught:
        topsis([], [1], benefit=[True])
    assert caught.value.codes == ["schema.length"]


def test_bad_numbers_are_refused() -> None:
    """Non-numbers and booleans are schema.type; NaN and infinity schema.range."""
    with pytest.raises(PolicyError) as caught:
        topsis(
            [["7", True], [float("nan"), 1]],  # type: ignore[list-item]
            [1, float("inf")],
            benefit=[True, True],
        )
    assert sorted(caught.value.codes) == [
        "schema.range",
        "schema.range",
        "schema.type",
        "schema.type",
    ]


def test_bad_weights_are_refused() -> None:
    """A negative weight, or all weights zero, is a schema.range problem."""
    with pytest.raises(PolicyError) as caught:
        topsis([[1, 2]], [-1, 1], benefit=[True, True])
    assert caught.value.codes == ["schema.range"]
    with pytest.raises(PolicyError) as caught:
        topsis([[1, 2]], [0, 0], benefit=[True, True])
    assert caught.value.codes == ["schema.range"]


def test_negative_values_need_minmax() -> None:
    """A negative value is refused under vector normalisation, accepted under min-max."""
    with pytest.raises(PolicyError) as caught:
        topsis([[-1], [2]], [1], benefit=[True])
    assert caught.value.codes == ["schema.range"]
    assert topsis([[-1], [2]], [1], benefit=[True], normalization="minmax") == (0.0, 1.0)


def test_benefit_flags_must_be_booleans() -> None:
    """A benefit flag that is not a bool is schema.type; an unknown normalisation schema.enum."""
    with pytest.raises(PolicyError) as caught:
        topsis([[1]], [1], benefit=[1])  # type: ignore[list-item]
    assert caught.value.codes == ["schema.type"]
    with pytest.raises(PolicyError) as caught:
        topsis([[1]], [1], benefit=[True], normalization="sum")  # type: ignore[arg-type]
    assert caught.value.codes == ["schema.enum"]


@st.composite
def problems(draw: st.DrawFn) -> tuple[list[list[TopsisValue]], list[TopsisValue], list[bool]]:
    """A random decision problem: 1-8 alternatives, 1-5 criteria, non-negative values."""
    m = draw(st.integers(min_value=1, max_value=8))
    n = draw(st.integers(min_value=1, max_value=5))
    value = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
    matrix: list[list[TopsisValue]] = [[draw(value) for _ in range(n)] for _ in range(m)]
    weights: list[TopsisValue] = [draw(st.floats(min_value=0.01, max_value=10)) for _ in range(n)]
    benefit = [draw(st.booleans()) for _ in range(n)]
    return matrix, weights, benefit


@given(problems(), st.sampled_from(["vector", "minmax"]))
def test_closeness_is_between_zero_and_one(
    problem: tuple[list[list[TopsisValue]], list[TopsisValue], list[bool]], how: str
) -> None:
    """Every closeness coefficient lies in [0, 1], one per alternative."""
    matrix, weights, benefit = problem
    result = topsis(matrix, weights, benefit=benefit, normalization=how)  # type: ignore[arg-type]
    assert len(result) == len(matrix)
    assert all(0.0 <= c <= 1.0 for c in result)
