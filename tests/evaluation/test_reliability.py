"""Reliability statistics against published reference values (docs/evaluation.md,
"Reliability"), and the properties that hold whatever the data."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from asn_competency.errors import NotFoundError
from asn_competency.evaluation import (
    ICC_FORMS,
    StatisticsError,
    cohen_kappa,
    cronbach_alpha,
    feldt_interval,
    fleiss_kappa,
    icc,
    rater_drift,
)

#: Shrout & Fleiss (1979), Table 2: four judges rate six targets.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


def test_icc_matches_shrout_and_fleiss_table_4() -> None:
    """The six ICCs of Shrout & Fleiss's Table 2 data are .17, .29, .71, .44, .62, .91, as in
    their Table 4 (Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in
    assessing rater reliability. Psychological Bulletin, 86, 420-428) and as R's psych::ICC
    prints them for the same matrix (D. Wollschläger, RExRepos, "Inter-rater-reliability and
    Intra-class-correlation", md/interRaterICC.md: ICC1 0.17, ICC2 0.29, ICC3 0.71, ICC1k
    0.44, ICC2k 0.62, ICC3k 0.91)."""
    result = icc(SHROUT_FLEISS)
    published = {
        "ICC(1,1)": 0.17,
        "ICC(2,1)": 0.29,
        "ICC(3,1)": 0.71,
        "ICC(1,k)": 0.44,
        "ICC(2,k)": 0.62,
        "ICC(3,k)": 0.91,
    }
    assert result.keys() == ICC_FORMS
    assert tuple(result.as_dict()) == ICC_FORMS
    for form, value in published.items():
        found = result[form].value
        assert found is not None
        assert round(float(found), 2) == value, form


def test_icc_f_tests_and_intervals_match_psych() -> None:
    """The F tests and 95% intervals of the Shrout & Fleiss data are those R's psych::ICC
    prints for it (McGraw & Wong's (1996) formulas; the printed output is published in
    D. Wollschläger, RExRepos, "Inter-rater-reliability and Intra-class-correlation",
    github.com/dwoll/RExRepos, md/interRaterICC.md): F 1.8 on (5, 18), p 0.16477, for the
    one-way forms; F 11.0 on (5, 15), p 0.00013, for the two-way forms; lower bounds
    -0.133, 0.019, 0.342, -0.884, 0.071, 0.676 and upper bounds 0.72, 0.76, 0.95, 0.91,
    0.93, 0.99 (ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k), each as printed (three places for
    the lower bounds, two for the upper)."""
    result = icc(SHROUT_FLEISS)
    for form in ("ICC(1,1)", "ICC(1,k)"):
        one_way = result[form]
        assert one_way.f is not None
        assert (round(float(one_way.f), 1), one_way.df1, one_way.df2) == (1.8, 5, 18)
        assert one_way.p == pytest.approx(0.16477, abs=5e-6)
    for form in ("ICC(2,1)", "ICC(3,1)", "ICC(2,k)", "ICC(3,k)"):
        two_way = result[form]
        assert two_way.f is not None
        assert (round(float(two_way.f), 1), two_way.df1, two_way.df2) == (11.0, 5, 15)
        assert two_way.p == pytest.approx(0.00013, abs=5e-6)
    published = {
        "ICC(1,1)": (-0.133, 0.72),
        "ICC(2,1)": (0.019, 0.76),
        "ICC(3,1)": (0.342, 0.95),
        "ICC(1,k)": (-0.884, 0.91),
        "ICC(2,k)": (0.071, 0.93),
        "ICC(3,k)": (0.676, 0.99),
    }
    for form, (low, high) in published.items():
        interval = result[form].ci95
        assert interval is not None
        assert interval[0] == pytest.approx(low, abs=5e-4), form
        assert interval[1] == pytest.approx(high, abs=5e-3), form


def test_cronbach_alpha_is_the_consistency_icc_of_the_average() -> None:
    """Alpha of the Shrout & Fleiss data, judges as items, is exactly their ICC(3,k), .91
    (McGraw & Wong 1996: ICC(C,k) is Cronbach's alpha), and its Feldt interval is the
    ICC(3,k) interval of the same F distribution."""
    alpha = cronbach_alpha(SHROUT_FLEISS)
    consistency = icc(SHROUT_FLEISS)["ICC(3,k)"]
    assert alpha.value == consistency.value
    assert round(float(alpha.value), 2) == 0.91
    assert consistency.ci95 is not None
    assert alpha.ci95 == pytest.approx(consistency.ci95)
    assert (alpha.respondents, alpha.items) == (6, 4)


def test_a_form_icc_does_not_have_is_not_found() -> None:
    """``icc(...)["ICC(3)"]`` is NotFoundError (a KeyError) stats.unknown-key, naming the six
    forms and the nearest."""
    with pytest.raises(KeyError) as caught:
        icc(SHROUT_FLEISS)["ICC(3)"]
    assert isinstance(caught.value, NotFoundError)
    (problem,) = caught.value.problems
    assert problem.code == "stats.unknown-key"
    assert problem.message == (
        "no form 'ICC(3)'; the forms are ICC(1,1), ICC(2,1), ICC(3,1), ICC(1,k), ICC(2,k), ICC(3,k)"
    )
    assert problem.hint is not None
    assert problem.hint.startswith("did you mean 'ICC(3,")
    assert str(caught.value).startswith("stats.unknown-key no form 'ICC(3)'")


def test_feldt_interval_matches_psych_for_the_shrout_and_fleiss_data() -> None:
    """Feldt's interval for alpha (F on n - 1 and (n - 1)(k - 1) degrees of freedom: Feldt
    1965; Feldt, Woodruff & Salih 1987, formulas 6 and 7) of the Shrout & Fleiss data, 6
    respondents and 4 items, is the interval psych::ICC prints for ICC3k of the same matrix,
    [0.676, 0.99] (D. Wollschläger, RExRepos, md/interRaterICC.md). (statpsych's
    ci.cronbach example, [0.7971254, 0.8931436] for .85, 7 items and 89 respondents, takes
    n(k - 1) denominator degrees of freedom; Feldt's (n - 1)(k - 1) give [0.79706, 0.89317],
    so that example is not a reference for this formula.)"""
    alpha = cronbach_alpha(SHROUT_FLEISS).value
    low, high = feldt_interval(alpha, 6, 4)
    assert low == pytest.approx(0.676, abs=5e-4)
    assert high == pytest.approx(0.99, abs=5e-3)


#: Wikipedia, "Fleiss' kappa", worked example: 14 raters put 10 subjects in 5 categories.
WIKIPEDIA_FLEISS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_kappa_matches_the_worked_example() -> None:
    """Wikipedia's worked example of Fleiss' kappa (article "Fleiss' kappa", section "Worked
    example"; the same table and its per-subject agreements P_i are in statsmodels'
    statsmodels/stats/tests/test_inter_rater.py, ``table0``) gives P-bar 0.378 (the mean of
    the P_i), P-e 0.213 and kappa 0.210."""
    result = fleiss_kappa(WIKIPEDIA_FLEISS)
    assert round(float(result.p_bar), 3) == 0.378
    assert round(float(result.p_e), 3) == 0.213
    assert round(float(result.value), 3) == 0.210
    assert (result.subjects, result.raters) == (10, 14)
    assert sum(result.shares) == 1


#: Fleiss's (1971) example: six psychiatrists put each of 30 patients in one of five
#: diagnoses; one row per patient, the diagnosis each psychiatrist gave, as R's
#: irr::diagnoses holds it (and statsmodels' test_inter_rater.py, ``diagnoses``).
DIAGNOSES = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]  # fmt: skip


def test_fleiss_kappa_matches_fleiss_1971() -> None:
    """Fleiss's own example (Fleiss 1971, "Measuring nominal scale agreement among many
    raters", Psychological Bulletin 76, 378-382: kappa .430): R's
    ``irr::kappam.fleiss(diagnoses)`` prints 0.4302445 (recorded in statsmodels'
    statsmodels/stats/tests/test_inter_rater.py, test_fleiss_kappa_irr; 0.43 in
    D. Wollschläger's RExRepos, md/interRaterICC.md)."""
    counts = [[row.count(category) for category in range(1, 6)] for row in DIAGNOSES]
    result = fleiss_kappa(counts)
    assert float(result.value) == pytest.approx(0.4302445, abs=5e-8)
    assert (result.subjects, result.raters) == (30, 6)


def _expand(table: Sequence[Sequence[int]], labels: Sequence[str]) -> tuple[list[str], list[str]]:
    """Two raters' labels from an agreement table (rows: first rater, columns: second)."""
    first: list[str] = []
    second: list[str] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            first += [labels[i]] * count
            second += [labels[j]] * count
    return first, second


def test_cohen_kappa_matches_the_textbook_example() -> None:
    """Two readers of 50 grant proposals agree on 20 yes and 15 no, and disagree 5 and 10
    times: observed agreement 0.7, chance 0.5, kappa 0.4 (Wikipedia, "Cohen's kappa",
    simple example; Cohen 1960)."""
    a, b = _expand([[20, 5], [10, 15]], ["yes", "no"])
    result = cohen_kappa(a, b)
    assert (result.value, result.observed, result.expected) == (
        Fraction(2, 5),
        Fraction(7, 10),
        Fraction(1, 2),
    )


#: SAS/STAT PROC FREQ, "Getting Started: Agreement Study": two dermatologists rate 88 patients.
SKIN = [[10, 4, 1, 0], [5, 10, 12, 2], [2, 4, 12, 5], [0, 2, 6, 13]]
SKIN_LABELS = ["terrible", "poor", "marginal", "clear"]


def test_cohen_kappa_matches_the_sas_agreement_study() -> None:
    """The simple kappa of SAS's skin-condition agreement study is 0.3449 (SAS/STAT User's
    Guide, The FREQ Procedure, Getting Started, "Agreement Study": "The kappa coefficient
    has the value 0.3449"; documentation.sas.com, statug_freq_gettingstarted02.htm). SAS
    does not show the weighted kappa there: the weighted references are the tests below."""
    a, b = _expand(SKIN, SKIN_LABELS)
    assert round(float(cohen_kappa(a, b).value), 4) == 0.3449


def test_cohen_kappa_matches_a_sas_printout_simple_and_weighted() -> None:
    """A 3 × 3 table whose SAS PROC FREQ printout (AGREE) gives simple kappa 0.4842 and
    weighted kappa 0.4701 with SAS's default Cicchetti-Allison weights, 1 - |i - j|/(k - 1),
    which are the linear weights (printout recorded in statsmodels'
    statsmodels/stats/tests/test_inter_rater.py, UnweightedCohens and TestWeightedCohens,
    ``table10``)."""
    a, b = _expand([[0, 4, 1], [0, 8, 0], [0, 1, 5]], ["low", "mid", "high"])
    categories = ["low", "mid", "high"]
    assert round(float(cohen_kappa(a, b).value), 4) == 0.4842
    weighted = cohen_kappa(a, b, weights="linear", categories=categories)
    assert round(float(weighted.value), 4) == 0.4701


#: R's irr::anxiety (20 subjects rated by 3 raters on anxiety levels 1-6): raters 2 and 3,
#: as statsmodels' test_inter_rater.py holds the data.
ANXIETY_2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4]
ANXIETY_3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]


def test_cohen_kappa_matches_irr_kappa2_on_the_anxiety_data() -> None:
    """R's ``irr::kappa2(anxiety[, 2:3])`` with no weights, ``"equal"`` (linear) and
    ``"squared"`` (quadratic) weights gives -0.006289308, 0.1459075 and 0.2520325, the
    categories being the levels the two raters used, 1, 2, 3, 4 and 6 (irr output recorded in
    statsmodels' statsmodels/stats/tests/test_inter_rater.py, test_cohens_kappa_irr)."""
    assert cohen_kappa(ANXIETY_2, ANXIETY_3).categories == (1, 2, 3, 4, 6)
    published = {None: -0.006289308, "linear": 0.1459075, "quadratic": 0.2520325}
    for weights, value in published.items():
        found = cohen_kappa(ANXIETY_2, ANXIETY_3, weights=weights).value  # type: ignore[arg-type]
        assert float(found) == pytest.approx(value, abs=5e-8), weights


def test_cohen_kappa_matches_irr_in_rexrepos() -> None:
    """D. Wollschläger's RExRepos ("Inter-rater-reliability and Intra-class-correlation",
    md/interRaterICC.md) prints ``irr::kappa2`` for two tables: unweighted kappa 0.429 for
    100 cases in three categories, and linearly weighted (``"equal"``) kappa 0.316 for 100
    cases in six ordered categories."""
    nominal = [[53, 5, 2], [11, 14, 5], [1, 6, 3]]
    a, b = _expand(nominal, ["V", "N", "P"])
    assert round(float(cohen_kappa(a, b).value), 3) == 0.429
    levels = ["<10%", "11-20%", "21-30%", "31-40%", "41-50%", ">50%"]
    ordered = [
        [5, 8, 1, 2, 4, 2],
        [3, 5, 3, 5, 5, 0],
        [1, 2, 6, 11, 2, 1],
        [0, 1, 5, 4, 3, 3],
        [0, 0, 1, 2, 5, 2],
        [0, 0, 1, 2, 1, 4],
    ]
    a, b = _expand(ordered, levels)
    weighted = cohen_kappa(a, b, weights="linear", categories=levels)
    assert round(float(weighted.value), 3) == 0.316


def test_linear_weighted_kappa_averages_the_collapsed_tables() -> None:
    """Linearly weighted kappa of an ordinal table equals the average of the kappas of its
    K - 1 tables collapsed at each cut, weighted by their denominators 1 - p_e (Vanbelle &
    Albert 2009, "A note on the linearly weighted kappa coefficient for ordinal scales";
    Warrens 2013): checked exactly on SAS's skin-condition data."""
    a, b = _expand(SKIN, SKIN_LABELS)
    weighted = cohen_kappa(a, b, weights="linear", categories=SKIN_LABELS)
    numerator = Fraction(0)
    denominator = Fraction(0)
    for cut in range(1, len(SKIN_LABELS)):
        low = set(SKIN_LABELS[:cut])
        collapsed = cohen_kappa([x in low for x in a], [y in low for y in b])
        numerator += collapsed.value * (1 - collapsed.expected)
        denominator += 1 - collapsed.expected
    assert weighted.value == numerator / denominator


def test_quadratic_weighted_kappa_is_the_concordance_correlation() -> None:
    """Quadratically weighted kappa of categories scored 1..K equals Lin's concordance
    correlation of the scores, 2·s_xy / (s_x² + s_y² + (mean_x − mean_y)²) with variances
    over n (Robieson 1999; Warrens 2014): checked exactly on SAS's skin-condition data."""
    a, b = _expand(SKIN, SKIN_LABELS)
    weighted = cohen_kappa(a, b, weights="quadratic", categories=SKIN_LABELS)
    x = [Fraction(SKIN_LABELS.index(label) + 1) for label in a]
    y = [Fraction(SKIN_LABELS.index(label) + 1) for label in b]
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((p - mx) * (q - my) for p, q in zip(x, y, strict=True)) / n
    sxx = sum((p - mx) ** 2 for p in x) / n
    syy = sum((q - my) ** 2 for q in y) / n
    assert weighted.value == 2 * sxy / (sxx + syy + (mx - my) ** 2)


def test_weighted_kappa_orders_numeric_labels_by_value_and_needs_an_order_for_text() -> None:
    """Numbers are ordered by value (10 after 9, not as text); text labels need categories."""
    by_value = cohen_kappa([1, 9, 10, 10], [1, 10, 9, 10], weights="linear")
    assert by_value.categories == (1, 9, 10)
    with pytest.raises(StatisticsError) as raised:
        cohen_kappa(["low", "high"], ["high", "low"], weights="linear")
    assert raised.value.code == "stats.labels"
    with pytest.raises(StatisticsError) as raised:
        cohen_kappa(["low", "odd"], ["low", "low"], categories=["low", "high"])
    assert raised.value.code == "stats.labels"
    assert raised.value.problem.path == (1,)


def test_cohen_kappa_counts_cases_with_a_missing_label() -> None:
    """A case without a label from either rater is left out and counted, not dropped silently."""
    result = cohen_kappa(["a", "b", None, "a", "b"], ["a", "b", "a", None, "b"])
    assert (result.cases, result.missing, result.value) == (3, 2, Fraction(1))
    assert "2 case(s) left out" in result.note()


#: Student's sleep data (Cushny & Peebles 1905; Student 1908), as R's datasets::sleep: the
#: extra hours of sleep of ten patients under each of two drugs.
SLEEP = (
    ["0.7", "-1.6", "-0.2", "-1.2", "-0.1", "3.4", "3.7", "0.8", "0.0", "2.0"],
    ["1.9", "0.8", "1.1", "0.1", "-0.1", "4.4", "5.5", "1.6", "4.6", "3.4"],
)


def test_rater_drift_is_the_paired_t_test_of_students_sleep_data() -> None:
    """With two raters, a rater's drift is the paired t test of the two: on Student's sleep
    data, mean difference -1.58, t = -4.0621 on 9 df, p = 0.002833 (R's
    ``t.test(extra ~ group, data = sleep, paired = TRUE)``, datasets::sleep, as printed in
    Meys & de Vries, R For Dummies, "How to compare paired data with R")."""
    matrix = [[Decimal(x), Decimal(y)] for x, y in zip(*SLEEP, strict=True)]
    result = rater_drift(matrix, raters=["drug 1", "drug 2"])
    first, second = result.rows
    assert first.mean_difference == Fraction("-1.58")
    assert first.t == pytest.approx(-4.0621, abs=5e-5)
    assert first.df == 9
    assert first.p == pytest.approx(0.002833, abs=5e-7)
    assert (first.direction, first.flagged) == ("harsher", True)
    assert (second.direction, second.mean_difference) == ("more lenient", Fraction("1.58"))


def test_rater_drift_of_an_incomplete_panel_uses_the_targets_rated_together() -> None:
    """A target one rater did not rate (None) does not count for that rater's drift: adding
    such targets to Student's sleep data changes no test; a rater who rated nothing with
    another has no drift and no flag."""
    matrix: list[list[Decimal | None]] = [
        [Decimal(x), Decimal(y), None] for x, y in zip(*SLEEP, strict=True)
    ]
    matrix += [[None, None, Decimal(4)], [None, Decimal(2), None]]
    first, second, third = rater_drift(matrix).rows
    assert first.targets == second.targets == 10
    assert first.t == pytest.approx(-4.0621, abs=5e-5)
    assert first.mean_difference == Fraction("-1.58")
    assert (third.targets, third.mean_difference, third.p, third.flagged) == (0, None, None, False)


def test_rater_drift_of_a_single_shared_target_has_no_test() -> None:
    """One target rated together gives a difference but no t test and no flag."""
    first = rater_drift([[1, 2], [3, None]]).rows[0]
    assert (first.targets, first.mean_difference, first.p, first.flagged) == (
        1,
        Fraction(-1),
        None,
        False,
    )


def test_rater_drift_flags_only_the_harsh_rater() -> None:
    """A rater one to two points below two agreeing raters on every target is flagged as
    harsher; the two who agree are not flagged as harsh."""
    matrix = [[5, 5, 3], [4, 4, 3], [3, 3, 1], [5, 5, 4], [2, 2, 0], [4, 4, 2]]
    result = rater_drift(matrix, raters=["A", "B", "C"])
    flagged = {row.rater: (row.direction, row.flagged) for row in result.rows}
    assert flagged["C"] == ("harsher", True)
    assert flagged["A"][0] == "more lenient"


def test_rater_drift_of_a_constant_offset_needs_no_t() -> None:
    """Every difference the same: no t statistic, p 0 and a flag for a non-zero offset."""
    result = rater_drift([[3, 2], [4, 3], [5, 4]])
    assert result.rows[0].t is None
    assert (result.rows[0].p, result.rows[0].flagged) == (0.0, True)


ratings = st.integers(min_value=1, max_value=5)
matrices = st.integers(min_value=2, max_value=6).flatmap(
    lambda k: st.lists(st.lists(ratings, min_size=k, max_size=k), min_size=2, max_size=8)
)


@given(matrices, st.integers(min_value=-50, max_value=50))
def test_icc_is_unchanged_by_adding_a_constant_to_every_rating(
    matrix: list[list[int]], shift: int
) -> None:
    """Adding one constant to every rating changes no mean square, so no ICC."""
    assume(len({sum(row) for row in matrix}) > 1)  # targets that differ: the ICCs exist
    before = icc(matrix)
    after = icc([[cell + shift for cell in row] for row in matrix])
    assert [form.value for form in after.forms] == [form.value for form in before.forms]


@given(matrices, st.integers(min_value=1, max_value=50))
def test_consistency_iccs_ignore_one_raters_offset(matrix: list[list[int]], shift: int) -> None:
    """ICC(3,1) and ICC(3,k) measure consistency: a rater who rates every target a constant
    higher changes neither (Shrout & Fleiss 1979, case 3; McGraw & Wong's ICC(C,·))."""
    assume(len({sum(row) for row in matrix}) > 1)
    before = icc(matrix)
    after = icc([[row[0] + shift, *row[1:]] for row in matrix])
    for form in ("ICC(3,1)", "ICC(3,k)"):
        assert after[form].value == before[form].value


labels = st.lists(st.sampled_from(["low", "mid", "high"]), min_size=1, max_size=40)


@given(
    labels.filter(lambda found: len(set(found)) > 1), st.sampled_from([None, "linear", "quadratic"])
)
def test_kappa_of_identical_ratings_is_one(found: list[str], weights: str | None) -> None:
    """Two raters who give every case the same label agree perfectly: kappa 1, weighted or not."""
    result = cohen_kappa(found, list(found), weights=weights, categories=["low", "mid", "high"])  # type: ignore[arg-type]
    assert result.value == 1


@given(st.lists(st.lists(st.integers(0, 6), min_size=3, max_size=3), min_size=1, max_size=10))
def test_fleiss_kappa_of_unanimous_subjects_is_one(shapes: list[list[int]]) -> None:
    """Every subject put in one category by all its raters (and more than one category used
    over the subjects): kappa is 1."""
    table = [
        [7 if j == max(range(3), key=lambda c: row[c]) else 0 for j in range(3)] for row in shapes
    ]
    used = {tuple(row) for row in table}
    if len(used) < 2:
        return
    assert fleiss_kappa(table).value == 1


def test_a_numpy_matrix_gives_the_same_result() -> None:
    """A NumPy array is read as the same matrix as nested lists."""
    assert icc(np.array(SHROUT_FLEISS)).forms == icc(SHROUT_FLEISS).forms
    assert (
        cronbach_alpha(np.array(SHROUT_FLEISS, dtype=float)).value
        == cronbach_alpha(SHROUT_FLEISS).value
    )
