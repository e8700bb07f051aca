"""PPPK affirmation points: the 2022 health-worker figures, cap, rounding, errors, properties."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asn_competency.errors import PolicyError
from asn_competency.scoring.affirmation import affirmation_points, apply_affirmation

# The 2022 PPPK health-worker affirmation (docs/domain.md, section "PPPK affirmation points",
# [C]): technical maximum 450; remote facility 35% (158), age >= 35 with >= 3 years' service
# at own facility 25% (113), own facility 15% (68), disability 10% (45), Ministry postings 5%
# (23); percentages of the technical maximum, rounded half-up, cumulative, capped at the
# technical maximum.
SHARES_2022 = [Decimal("0.35"), Decimal("0.25"), Decimal("0.15"), Decimal("0.10"), Decimal("0.05")]


def test_health_worker_2022_points() -> None:
    """Maximum 450: 35% = 158, 25% = 113, 15% = 68, 10% = 45, 5% = 23 (half-up)."""
    result = affirmation_points(450, SHARES_2022)
    assert result.points == (Decimal(158), Decimal(113), Decimal(68), Decimal(45), Decimal(23))
    assert result.total == Decimal(407)
    assert result.maximum == Decimal(450)


def test_each_condition_is_rounded_separately() -> None:
    """35% and 25% give 158 + 113 = 271 points, not round(60% of 450) = 270."""
    result = affirmation_points(450, SHARES_2022[:2])
    assert result.total == Decimal(271)


def test_cumulative_points_are_capped_at_the_maximum() -> None:
    """Score 400 + 158 + 113 is capped at the technical maximum of 450."""
    result = affirmation_points(450, SHARES_2022[:2])
    assert result.apply(400) == Decimal(450)
    assert apply_affirmation(400, result.total, 450) == Decimal(450)


def test_points_below_the_cap_are_added_in_full() -> None:
    """Score 200 + 158 = 358, below the maximum, is not capped."""
    result = affirmation_points(450, SHARES_2022[:1])
    assert result.apply(Decimal(200)) == Decimal(358)


def test_no_conditions_no_points() -> None:
    """An applicant meeting no condition gets 0 points and keeps the score."""
    result = affirmation_points(450, [])
    assert result.total == Decimal(0)
    assert result.apply(312) == Decimal(312)


def test_declared_rounding_and_places() -> None:
    """Half-even rounds 157.5 to 158 and 112.5 to 112; one place keeps 157.5."""
    even = affirmation_points(450, SHARES_2022[:2], rounding=ROUND_HALF_EVEN)
    assert even.points == (Decimal(158), Decimal(112))
    assert affirmation_points(450, SHARES_2022[:1], places=1).points == (Decimal("157.5"),)


def test_repr_is_readable() -> None:
    """The repr lists the maximum, shares, points and total."""
    assert repr(affirmation_points(450, SHARES_2022[:2])) == (
        "AffirmationResult(maximum=450, shares=(0.35, 0.25), points=(158, 113), total=271)"
    )


def test_percent_written_as_a_whole_number_gets_a_hint() -> None:
    """A share of 35 (meant as 35%) is schema.range with a hint to write 0.35."""
    with pytest.raises(PolicyError) as caught:
        affirmation_points(450, [Decimal(35)])
    problem = caught.value.problems[0]
    assert problem.code == "schema.range"
    assert problem.hint == "write shares as fractions: Decimal('0.35') for 35%"


def test_inexact_and_invalid_inputs_are_refused() -> None:
    """A float share, a zero maximum, an unknown rounding and negative places are reported."""
    with pytest.raises(PolicyError) as caught:
        affirmation_points(0, [0.35], rounding="HALF_UP", places=-1)  # type: ignore[list-item]
    assert sorted(caught.value.codes) == [
        "schema.enum",
        "schema.range",
        "schema.range",
        "schema.type",
    ]


def test_apply_checks_its_inputs() -> None:
    """A score above the maximum, negative points and a float score are refused."""
    with pytest.raises(PolicyError) as caught:
        apply_affirmation(451, 10, 450)
    assert caught.value.codes == ["schema.range"]
    with pytest.raises(PolicyError) as caught:
        apply_affirmation(400, -5, 450)
    assert caught.value.codes == ["schema.range"]
    with pytest.raises(PolicyError) as caught:
        apply_affirmation(400.0, 5, 450)  # type: ignore[arg-type]
    assert caught.value.codes == ["schema.type"]


@given(
    st.integers(min_value=1, max_value=1000),
    st.lists(st.decimals(min_value=0, max_value=1, places=2), max_size=6),
    st.data(),
)
def test_affirmed_score_is_capped_and_never_lower(
    maximum: int, shares: list[Decimal], data: st.DataObject
) -> None:
    """The affirmed score is at least the score and at most the maximum."""
    result = affirmation_points(maximum, shares)
    assert result.total == sum(result.points, Decimal(0))
    assert all(Decimal(0) <= p <= maximum for p in result.points)
    score = data.draw(st.integers(min_value=0, max_value=maximum))
    affirmed = result.apply(score)
    assert score <= affirmed <= maximum
