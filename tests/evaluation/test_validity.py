"""Correlations between selection scores and later ratings against published examples
(docs/evaluation.md, "Predictive validity")."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asn_competency.errors import NotFoundError
from asn_competency.evaluation import StatisticsError, correlations, rank_interval

#: Hollander & Wolfe (1973), p. 187f, as in the example of R's cor.test: the Hunter L
#: lightness of nine lots of canned tuna and their consumer panel scores.
TUNA_X = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1]
TUNA_Y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8]


def test_pearson_with_fisher_interval_matches_r_cor_test() -> None:
    """R's ``cor.test(x, y)`` on the tuna data of its help page (stats::cor.test, example:
    Hollander & Wolfe 1973, p. 187f.): r = 0.5711816, t = 1.8411 on 7 df, p = 0.1082, 95%
    interval [-0.1497426, 0.8955795] (Fisher's z), as R prints it (a printout reproduced in
    many published course notes; its one-sided p, 0.05409, is the ".054" that the apa
    package's tests, tests/testthat/test-cor-apa.R, expect for the same data)."""
    pearson = correlations(TUNA_X, TUNA_Y)["pearson"]
    assert pearson.estimate == pytest.approx(0.5711816, abs=5e-8)
    assert pearson.p == pytest.approx(0.1082, abs=5e-5)
    assert pearson.ci95 is not None
    assert pearson.ci95[0] == pytest.approx(-0.1497426, abs=5e-8)
    assert pearson.ci95[1] == pytest.approx(0.8955795, abs=5e-8)


def test_a_method_the_correlations_do_not_have_is_not_found() -> None:
    """``correlations(...)["pearsons"]`` is NotFoundError (a KeyError) stats.unknown-key,
    naming the three methods and the nearest."""
    with pytest.raises(KeyError) as caught:
        correlations(TUNA_X, TUNA_Y)["pearsons"]
    assert isinstance(caught.value, NotFoundError)
    (problem,) = caught.value.problems
    assert (problem.code, problem.hint) == ("stats.unknown-key", "did you mean 'pearson'?")
    assert problem.message == "no method 'pearsons'; the methods are pearson, spearman, kendall"


def test_rank_correlations_match_the_tuna_example() -> None:
    """Kendall's tau 0.4444444 (T = 26) with the exact two-sided p 0.1194, twice the
    one-sided p = 0.05972 that R's cor.test help page states for
    ``cor.test(x, y, method = "kendall", alternative = "greater")`` on Hollander & Wolfe's
    tuna data, and Spearman's rho 0.6 (".60" in the apa package's tests,
    tests/testthat/test-cor-apa.R, for the same data)."""
    result = correlations(TUNA_X, TUNA_Y)
    assert result["kendall"].estimate == pytest.approx(4 / 9)
    assert result["kendall"].p == pytest.approx(0.1194, abs=5e-5)
    assert result["spearman"].estimate == pytest.approx(0.6)


def test_spearman_interval_matches_bonett_and_wright() -> None:
    """statpsych's ci.spear example (Bonett & Wright 2000; statpsych 1.6.0 reference manual,
    ci.spear, "Should return"): rho 0.8699639 with 95% interval [0.5840951, 0.9638297]."""
    y = [21, 4, 9, 12, 35, 18, 10, 22, 24, 1, 6, 8, 13, 16, 19]
    x = [67, 28, 30, 28, 52, 40, 25, 37, 44, 10, 14, 20, 28, 40, 51]
    spearman = correlations(y, x)["spearman"]
    assert spearman.estimate == pytest.approx(0.8699639, abs=5e-8)
    assert spearman.ci95 is not None
    assert spearman.ci95[0] == pytest.approx(0.5840951, abs=5e-8)
    assert spearman.ci95[1] == pytest.approx(0.9638297, abs=5e-8)


def test_kendall_interval_matches_fieller() -> None:
    """statpsych's ci.kendalltau example (statpsych 2.0.0 reference manual, ci.kendalltau,
    "Should return": ``ci.kendalltau(.05, .734, 40)`` gives LL 0.6178 and UL 0.8188, printed
    to four places)."""
    low, high = rank_interval("kendall", 0.734, 40)
    assert low == pytest.approx(0.6178, abs=5e-5)
    assert high == pytest.approx(0.8188, abs=5e-5)


def test_pairs_with_a_missing_side_are_counted_not_dropped_silently() -> None:
    """A score without a rating, a rating without a score, and a pair without either are
    each counted, and the correlations are those of the complete pairs."""
    scores: list[float | None] = [*TUNA_X, 50.0, None, None]
    ratings: list[float | None] = [*TUNA_Y, None, 3.0, float("nan")]
    result = correlations(scores, ratings)
    assert (result.pairs, result.missing_ratings, result.missing_scores, result.missing_both) == (
        9,
        1,
        1,
        1,
    )
    assert result["pearson"].estimate == correlations(TUNA_X, TUNA_Y)["pearson"].estimate
    assert "3 pair(s) left out" in result.note()


def test_exact_numbers_are_accepted() -> None:
    """Decimal scores give the same correlations as the floats they spell."""
    exact = correlations([Decimal(str(x)) for x in TUNA_X], TUNA_Y)
    assert exact["pearson"].estimate == pytest.approx(
        correlations(TUNA_X, TUNA_Y)["pearson"].estimate
    )


def test_constant_or_too_few_pairs_are_refused() -> None:
    """A constant side makes a correlation undefined; fewer than three pairs are too few."""
    with pytest.raises(StatisticsError) as raised:
        correlations([1, 2, 3, 4], [5, 5, 5, 5])
    assert raised.value.code == "stats.undefined"
    with pytest.raises(StatisticsError) as raised:
        correlations([1, 2, None], [1, 2, 3])
    assert raised.value.code == "stats.too-few"


@given(
    st.lists(st.tuples(st.integers(-1000, 1000), st.integers(-1000, 1000)), min_size=5, max_size=40)
)
def test_intervals_hold_their_estimates(pairs: list[tuple[int, int]]) -> None:
    """Every interval lies within [-1, 1] and holds its estimate."""
    xs = [x for x, _ in pairs]
    ys = [y for _, y in pairs]
    if len(set(xs)) == 1 or len(set(ys)) == 1:
        return
    for row in correlations(xs, ys).rows:
        assert row.ci95 is not None
        low, high = row.ci95
        assert -1 <= low <= row.estimate + 1e-12
        assert row.estimate - 1e-12 <= high <= 1
        assert not math.isnan(row.p)
