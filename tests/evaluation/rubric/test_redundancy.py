"""Redundancy: a criterion the others predict is flagged; an independent one is not."""

from __future__ import annotations

import pytest

from asn_competency.evaluation import StatisticsError
from asn_competency.evaluation.rubric import criteria_values, redundancy
from tests.evaluation.rubric.data import replay


def test_a_sum_of_two_criteria_is_redundant() -> None:
    """c = a + b exactly: its R² on a and b is 1 (redundant, no finite VIF); a and b are
    uncorrelated by construction (every combination of ±1 and ±2) and each is predicted by
    the other two only through c, exactly too: all three are redundant together."""
    a = [1, 1, -1, -1, 1, 1, -1, -1]
    b = [2, -2, 2, -2, 2, -2, 2, -2]
    c = [x + y for x, y in zip(a, b, strict=True)]
    found = redundancy({"a": a, "b": b, "c": c})
    assert found.matrix["a"]["b"] == pytest.approx(0.0)
    assert set(found.redundant()) == {"a", "b", "c"}
    assert found.rows[2].r_squared == pytest.approx(1.0)
    assert found.rows[2].vif is None


def test_independent_criteria_are_not_redundant() -> None:
    """Two criteria uncorrelated by construction: R² 0, VIF 1, nothing flagged."""
    found = redundancy({"a": [1, 1, -1, -1], "b": [1, -1, 1, -1]})
    assert [row.r_squared for row in found.rows] == [pytest.approx(0.0)] * 2
    assert [row.vif for row in found.rows] == [pytest.approx(1.0)] * 2
    assert found.redundant() == ()


def test_missing_values_leave_the_applicant_out() -> None:
    """An applicant with a value missing is left out of every statistic."""
    found = redundancy({"a": [1, 2, 3, None, 5], "b": [2, 1, 4, 3, None]})
    assert found.applicants == 3


def test_one_criterion_is_too_few() -> None:
    """Redundancy needs two criteria: stats.too-few."""
    with pytest.raises(StatisticsError) as caught:
        redundancy({"a": [1, 2, 3]})
    assert caught.value.code == "stats.too-few"


def test_the_interviews_competencies_of_a_policy() -> None:
    """The Gayungan interview's 13 competencies, for those who reached the final score:
    one row each, a symmetric matrix with 1 on its diagonal."""
    kept = replay("gayungan-2026.yaml", 300, 5)
    values = criteria_values(kept, ratings=True)
    assert len(values) == 13
    found = redundancy(values, label="interview competencies")
    assert len(found.rows) == 13
    for a in found.criteria:
        assert found.matrix[a][a] in (1.0, None)
        for b in found.criteria:
            assert found.matrix[a][b] == found.matrix[b][a]
