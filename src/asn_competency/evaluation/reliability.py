"""Reliability of a cycle's assessments: do the items of a test hang together, do the raters of
a panel agree, is one rater harsher or more lenient than the rest?

- :func:`cronbach_alpha`: Cronbach (1951) coefficient alpha of a respondents × items matrix,
  with the 95% interval of Feldt, Woodruff & Salih (1987, formulas 6 and 7), an F interval
  (:func:`feldt_interval`).
- :func:`icc`: the six intraclass correlations of Shrout & Fleiss (1979) for a targets ×
  raters matrix, keyed ``"ICC(1,1)"`` … ``"ICC(3,k)"``, each with its F test (Shrout & Fleiss,
  the F distribution from scipy) and its 95% interval (McGraw & Wong 1996, Table 7, with the
  corrections of their 1996 erratum; the formulas R's ``psych::ICC`` uses).
- :func:`cohen_kappa`: Cohen's (1960) kappa for two raters' labels of any type, and Cohen's
  (1968) weighted kappa with linear or quadratic disagreement weights.
- :func:`fleiss_kappa`: Fleiss' (1971) kappa from a subjects × categories table of counts.
- :func:`rater_drift`: each rater's mean difference from the mean of the other raters on the
  same targets, with a paired t test (Student 1908; scipy's ``ttest_1samp`` of the
  differences) and a flag for review.

Point estimates are exact (:class:`~fractions.Fraction`): they are ratios of sums of the
inputs, so a threshold compared with them later (a panel's ICC(2,1) below 0.6) is compared
exactly. Intervals and p-values come from distributions and are floats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, cast

from asn_competency.errors import describe_value
from asn_competency.evaluation._common import (
    Table,
    exact,
    exact_matrix,
    fail,
    is_missing,
    need,
    optional_module,
    rows_of,
    same_length,
    values_of,
    where,
)

__all__ = [
    "ICC_FORMS",
    "CohenKappa",
    "CronbachAlpha",
    "DriftRow",
    "FleissKappa",
    "IccForm",
    "IccResult",
    "RaterDrift",
    "cohen_kappa",
    "cronbach_alpha",
    "feldt_interval",
    "fleiss_kappa",
    "icc",
    "rater_drift",
]

#: The six forms of Shrout & Fleiss (1979), in their order: (1,·) one-way random, (2,·)
#: two-way random (absolute agreement), (3,·) two-way mixed (consistency); ·,1 a single
#: rater's rating, ·,k the mean of the k raters' ratings.
ICC_FORMS = ("ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)")

#: The level of every interval here.
_LEVEL = 0.95


def _f_quantile(q: float, df1: float, df2: float) -> float:
    """The ``q`` quantile of the F distribution (scipy)."""
    return float(optional_module("scipy.stats").f.ppf(q, df1, df2))


def _f_upper_tail(f: Fraction, df1: int, df2: int) -> float:
    """P(F ≥ f) under the F distribution with (df1, df2) degrees of freedom (scipy)."""
    return float(optional_module("scipy.stats").f.sf(float(f), df1, df2))


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _sample_variance(values: Sequence[Fraction]) -> Fraction:
    mean = _mean(values)
    return sum(((v - mean) ** 2 for v in values), Fraction(0)) / (len(values) - 1)


# --- Cronbach's alpha -----------------------------------------------------------------------


def feldt_interval(
    alpha: Fraction | float, respondents: int, items: int, level: float = _LEVEL
) -> tuple[float, float]:
    """The confidence interval of coefficient alpha of Feldt, Woodruff & Salih (1987, p. 95,
    formulas 6 and 7): ``1 − (1 − alpha)·F`` at the upper and lower ``(1 − level)/2`` points of
    the F distribution with ``n − 1`` and ``(n − 1)(k − 1)`` degrees of freedom."""
    need(respondents, 2, "respondents")
    need(items, 2, "items")
    df1 = respondents - 1
    df2 = (respondents - 1) * (items - 1)
    tail = (1 - level) / 2
    rest = 1 - float(alpha)
    return (
        1 - rest * _f_quantile(1 - tail, df1, df2),
        1 - rest * _f_quantile(tail, df1, df2),
    )


@dataclass(frozen=True)
class CronbachAlpha(Table):
    """Coefficient alpha of a test's items: how consistently they measure one thing."""

    value: Fraction
    ci95: tuple[float, float]
    respondents: int
    items: int

    def records(self) -> list[dict[str, object]]:
        """One row: alpha, its interval and the matrix's size."""
        return [
            {
                "statistic": "Cronbach's alpha",
                "value": self.value,
                "ci95": self.ci95,
                "respondents": self.respondents,
                "items": self.items,
            }
        ]

    def caption(self) -> str:
        """What the table shows."""
        return "Internal consistency (Cronbach's alpha, Feldt 95% interval)"


def cronbach_alpha(items: object) -> CronbachAlpha:
    """Cronbach's alpha of a matrix with one row per respondent and one column per item:
    ``k/(k − 1) · (1 − Σ item variances / variance of the totals)``, exact, with the Feldt
    95% interval. At least two respondents and two items; every cell a finite number."""
    matrix = exact_matrix(items, "items")
    n, k = len(matrix), len(matrix[0])
    need(n, 2, "respondents (rows)")
    need(k, 2, "items (columns)")
    item_variance = sum(
        (_sample_variance([row[j] for row in matrix]) for j in range(k)), Fraction(0)
    )
    total_variance = _sample_variance([sum(row, Fraction(0)) for row in matrix])
    if total_variance == 0:
        raise fail(
            "stats.undefined",
            "alpha is undefined: every respondent has the same total score",
            hint="alpha needs respondents whose totals differ",
        )
    value = Fraction(k, k - 1) * (1 - item_variance / total_variance)
    return CronbachAlpha(value, feldt_interval(value, n, k), n, k)


# --- intraclass correlations ----------------------------------------------------------------


@dataclass(frozen=True)
class IccForm:
    """One intraclass correlation with its F test and 95% interval. ``f`` is ``None`` (and
    ``p`` 0, ``ci95`` ``None``) when the error mean square is zero: the raters agree exactly
    and the F ratio is infinite. ``value`` is ``None`` (and ``ci95`` too) when the form's
    denominator is zero: ICC(2,k)'s ``MSR + (MSC − MSE)/n`` can be, with raters who agree on
    their means but not on the targets."""

    form: str
    value: Fraction | None
    f: Fraction | None
    df1: int
    df2: int
    p: float
    ci95: tuple[float, float] | None


@dataclass(frozen=True)
class IccResult(Table):
    """The six Shrout & Fleiss intraclass correlations of one targets × raters matrix, and the
    mean squares they come from (``msr`` between targets, ``msw`` within targets, ``msc``
    between raters, ``mse`` residual)."""

    forms: tuple[IccForm, ...]
    targets: int
    raters: int
    msr: Fraction
    msw: Fraction
    msc: Fraction
    mse: Fraction

    def __getitem__(self, form: str) -> IccForm:
        for found in self.forms:
            if found.form == form:
                return found
        raise KeyError(f"no form {form!r}; the forms are {', '.join(ICC_FORMS)}")

    def keys(self) -> tuple[str, ...]:
        """The forms' names, in Shrout & Fleiss's order."""
        return tuple(found.form for found in self.forms)

    def as_dict(self) -> dict[str, IccForm]:
        """The forms by name, ``{"ICC(1,1)": …, …, "ICC(3,k)": …}``."""
        return {found.form: found for found in self.forms}

    def records(self) -> list[dict[str, object]]:
        """One row per form."""
        return [
            {
                "form": found.form,
                "value": found.value,
                "ci95": found.ci95,
                "f": found.f,
                "df1": found.df1,
                "df2": found.df2,
                "p": found.p,
            }
            for found in self.forms
        ]

    def caption(self) -> str:
        """What the table shows."""
        return (
            f"Intraclass correlations (Shrout & Fleiss 1979) of {self.targets} targets "
            f"rated by {self.raters} raters"
        )


def _f_bounds(f: Fraction, df1: int, df2: int) -> tuple[float, float]:
    """The lower and upper confidence bounds of an F ratio (McGraw & Wong 1996, Table 7)."""
    tail = 1 - (1 - _LEVEL) / 2
    return float(f) / _f_quantile(tail, df1, df2), float(f) * _f_quantile(tail, df2, df1)


def _single(bound: float, k: int) -> float:
    return (bound - 1) / (bound + k - 1)


def _average(bound: float) -> float:
    return 1 - 1 / bound


def _icc2_interval(
    value: Fraction, n: int, k: int, *, msr: Fraction, msc: Fraction, mse: Fraction
) -> tuple[float, float] | None:
    """The interval of ICC(2,1) (McGraw & Wong 1996, Table 7, case 2A, with Satterthwaite's
    degrees of freedom ``v``)."""
    icc, fj = float(value), float(msc / mse)
    a = k * icc * fj + n * (1 + (k - 1) * icc) - k * icc
    vn = (k - 1) * (n - 1) * a**2
    vd = (n - 1) * k**2 * icc**2 * fj**2 + (n * (1 + (k - 1) * icc) - k * icc) ** 2
    if vn <= 0 or vd <= 0:
        return None
    v = vn / vd
    tail = 1 - (1 - _LEVEL) / 2
    f_upper = _f_quantile(tail, n - 1, v)
    f_lower = _f_quantile(tail, v, n - 1)
    r, c, e = float(msr), float(msc), float(mse)
    low_denominator = f_upper * (k * c + (k * n - k - n) * e) + n * r
    high_denominator = k * c + (k * n - k - n) * e + n * f_lower * r
    if not low_denominator or not high_denominator:
        return None
    return n * (r - f_upper * e) / low_denominator, n * (f_lower * r - e) / high_denominator


def _spearman_brown(interval: tuple[float, float], k: int) -> tuple[float, float] | None:
    """The interval of the mean of ``k`` ratings from that of one (Spearman-Brown), as
    McGraw & Wong (1996) derive the ICC(2,k) interval from the ICC(2,1) one."""
    bounds = []
    for bound in interval:
        denominator = 1 + bound * (k - 1)
        if denominator == 0:
            return None
        bounds.append(bound * k / denominator)
    return bounds[0], bounds[1]


def _ratio(numerator: Fraction, denominator: Fraction) -> Fraction | None:
    """A form's value, ``None`` when its denominator is zero (the form is undefined)."""
    return numerator / denominator if denominator else None


def icc(matrix: object) -> IccResult:
    """The six intraclass correlations of Shrout & Fleiss (1979) of a matrix with one row per
    target (a candidate) and one column per rater, every cell rated.

    Values are exact; each form has its F ratio and degrees of freedom (one-way for the
    ICC(1,·) forms, two-way for the others), the p-value of the F test of "no agreement
    beyond chance" and the 95% interval of McGraw & Wong (1996). At least two targets and two
    raters. ``stats.undefined`` when every target has the same mean (nothing to tell apart).
    """
    rows = exact_matrix(matrix, "matrix")
    n, k = len(rows), len(rows[0])
    need(n, 2, "targets (rows)")
    need(k, 2, "raters (columns)")
    grand = _mean([cell for row in rows for cell in row])
    row_means = [_mean(row) for row in rows]
    col_means = [_mean([row[j] for row in rows]) for j in range(k)]
    ss_total = sum(((cell - grand) ** 2 for row in rows for cell in row), Fraction(0))
    ss_rows = k * sum(((m - grand) ** 2 for m in row_means), Fraction(0))
    ss_cols = n * sum(((m - grand) ** 2 for m in col_means), Fraction(0))
    msr = ss_rows / (n - 1)
    msw = (ss_total - ss_rows) / (n * (k - 1))
    msc = ss_cols / (k - 1)
    mse = (ss_total - ss_rows - ss_cols) / ((n - 1) * (k - 1))
    if msr == 0:
        raise fail(
            "stats.undefined",
            "the intraclass correlation is undefined: every target has the same mean rating",
            hint="reliability needs targets that differ",
        )
    values = {
        "ICC(1,1)": _ratio(msr - msw, msr + (k - 1) * msw),
        "ICC(2,1)": _ratio(msr - mse, msr + (k - 1) * mse + k * (msc - mse) / n),
        "ICC(3,1)": _ratio(msr - mse, msr + (k - 1) * mse),
        "ICC(1,k)": _ratio(msr - msw, msr),
        "ICC(2,k)": _ratio(msr - mse, msr + (msc - mse) / n),
        "ICC(3,k)": _ratio(msr - mse, msr),
    }
    one_way = (n - 1, n * (k - 1))
    two_way = (n - 1, (n - 1) * (k - 1))
    f1 = msr / msw if msw else None
    f3 = msr / mse if mse else None
    forms = []
    for form in ICC_FORMS:
        df1, df2 = one_way if form.startswith("ICC(1") else two_way
        f = f1 if form.startswith("ICC(1") else f3
        interval: tuple[float, float] | None = None
        single_agreement = values["ICC(2,1)"]
        if f is not None and values[form] is not None:
            if form.startswith("ICC(2"):
                if single_agreement is not None:
                    interval = _icc2_interval(single_agreement, n, k, msr=msr, msc=msc, mse=mse)
                if interval is not None and form.endswith("k)"):
                    interval = _spearman_brown(interval, k)
            else:
                lower, upper = _f_bounds(f, df1, df2)
                if form.endswith("k)"):
                    interval = (_average(lower), _average(upper))
                else:
                    interval = (_single(lower, k), _single(upper, k))
        p = _f_upper_tail(f, df1, df2) if f is not None else 0.0
        forms.append(IccForm(form, values[form], f, df1, df2, p, interval))
    return IccResult(tuple(forms), n, k, msr, msw, msc, mse)


# --- Cohen's kappa --------------------------------------------------------------------------

Weights = Literal["linear", "quadratic"]


@dataclass(frozen=True)
class CohenKappa(Table):
    """Cohen's kappa of two raters' labels: ``value`` (exact), the observed and the chance
    agreement it compares (``1 − weighted disagreement`` for a weighted kappa), the cases
    rated by both and the cases left out because a label was missing."""

    value: Fraction
    observed: Fraction
    expected: Fraction
    weights: str | None
    categories: tuple[Hashable, ...]
    cases: int
    missing: int

    def records(self) -> list[dict[str, object]]:
        """One row: kappa and what it is made of."""
        return [
            {
                "statistic": "Cohen's kappa" + (f" ({self.weights})" if self.weights else ""),
                "value": self.value,
                "observed": self.observed,
                "expected": self.expected,
                "cases": self.cases,
                "missing": self.missing,
            }
        ]

    def caption(self) -> str:
        """What the table shows."""
        return "Agreement of two raters (Cohen's kappa)"

    def note(self) -> str:
        """The cases left out, when there are any."""
        if not self.missing:
            return ""
        return f"{self.missing} case(s) left out: a label was missing (None)"


def _is_number(label: object) -> bool:
    return isinstance(label, int | float | Fraction) and not isinstance(label, bool)


def _categories(
    labels: Sequence[Hashable], given: Sequence[Hashable] | None, weighted: bool
) -> tuple[Hashable, ...]:
    """The categories in their order: as given, or the labels seen (numbers sorted; any other
    labels in order of first appearance, which is no order, so weights then need them given)."""
    if given is not None:
        order = tuple(given)
        if len(set(order)) != len(order):
            raise fail("stats.labels", "categories lists a label twice", value=list(order))
        return order
    seen = tuple(dict.fromkeys(labels))
    if all(_is_number(label) for label in seen):
        return tuple(sorted(seen, key=lambda label: Fraction(cast("int | float", label))))
    if weighted:
        raise fail(
            "stats.labels",
            "weighted kappa needs the categories' order: the labels are not all numbers",
            hint="pass categories=[...] listing the labels from lowest to highest",
        )
    return seen


def cohen_kappa(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    *,
    weights: Weights | None = None,
    categories: Sequence[Hashable] | None = None,
) -> CohenKappa:
    """Cohen's kappa of two raters' labels of the same cases (``a[i]`` and ``b[i]`` rate case
    ``i``); labels of any hashable type.

    ``weights`` ``"linear"`` or ``"quadratic"`` gives Cohen's (1968) weighted kappa, where a
    disagreement between categories ``i`` and ``j`` of ``c`` weighs ``|i − j|/(c − 1)`` or its
    square. The weights need an order: ``categories`` lists the labels from lowest to highest;
    without it, numeric labels are ordered by value, and other labels are refused
    (``stats.labels``: an alphabetical order of "high, low, medium" would be wrong).
    ``categories`` also declares a category nobody used. A case with a missing label
    (``None``) in either sequence is left out and counted in ``missing``.
    """
    if weights not in (None, "linear", "quadratic"):
        raise fail(
            "stats.labels",
            f"weights must be None, 'linear' or 'quadratic' (got {describe_value(weights)})",
            value=weights,
        )
    first, second = values_of(a, "a"), values_of(b, "b")
    same_length(first, second, "a and b")
    pairs = [(x, y) for x, y in zip(first, second, strict=True) if not is_missing(x)]
    pairs = [(x, y) for x, y in pairs if not is_missing(y)]
    missing = len(first) - len(pairs)
    need(len(pairs), 1, "cases rated by both raters")
    for index, (x, y) in enumerate(zip(first, second, strict=True)):
        for label in (x, y):
            if not isinstance(label, Hashable):
                raise fail(
                    "stats.labels",
                    f"{where('a', index)} and {where('b', index)} must be hashable labels",
                    path=(index,),
                    value=type(label).__name__,
                )
    order = _categories([label for pair in pairs for label in pair], categories, bool(weights))
    known = set(order)
    for name, labels in (("a", first), ("b", second)):
        for index, label in enumerate(labels):
            if not is_missing(label) and label not in known:
                raise fail(
                    "stats.labels",
                    f"{where(name, index)} is {describe_value(label)}, not one of the "
                    "categories given",
                    path=(index,),
                    value=label,
                    hint="add it to categories, in its place in the order",
                )
    place = {label: index for index, label in enumerate(order)}
    c = len(order)
    count = Counter((place[x], place[y]) for x, y in pairs)
    total = len(pairs)
    rows = Counter(place[x] for x, _ in pairs)
    cols = Counter(place[y] for _, y in pairs)

    def weight(i: int, j: int) -> Fraction:
        if weights is None:
            return Fraction(int(i != j))
        distance = Fraction(abs(i - j), max(c - 1, 1))
        return distance if weights == "linear" else distance**2

    disagreement = sum((weight(i, j) * n for (i, j), n in count.items()), Fraction(0)) / total
    chance = sum(
        (weight(i, j) * rows[i] * cols[j] for i in range(c) for j in range(c)), Fraction(0)
    ) / (total * total)
    if chance == 0:
        raise fail(
            "stats.undefined",
            "kappa is undefined: chance agreement is complete (both raters used one category only)",
            hint="kappa needs more than one category in use",
        )
    value = 1 - disagreement / chance
    return CohenKappa(value, 1 - disagreement, 1 - chance, weights, order, total, missing)


# --- Fleiss' kappa --------------------------------------------------------------------------


@dataclass(frozen=True)
class FleissKappa(Table):
    """Fleiss' kappa of many raters: ``value`` (exact), the mean observed agreement
    ``p_bar`` and the chance agreement ``p_e`` it compares, the number of subjects and of
    raters per subject, and each category's share of all ratings."""

    value: Fraction
    p_bar: Fraction
    p_e: Fraction
    subjects: int
    raters: int
    shares: tuple[Fraction, ...]

    def records(self) -> list[dict[str, object]]:
        """One row: kappa and what it is made of."""
        return [
            {
                "statistic": "Fleiss' kappa",
                "value": self.value,
                "p_bar": self.p_bar,
                "p_e": self.p_e,
                "subjects": self.subjects,
                "raters": self.raters,
            }
        ]

    def caption(self) -> str:
        """What the table shows."""
        return "Agreement of many raters (Fleiss' kappa)"


def fleiss_kappa(counts: object) -> FleissKappa:
    """Fleiss' (1971) kappa of a table with one row per subject and one column per category,
    each cell the number of raters who put the subject in the category. Every row must add up
    to the same number of raters, at least two; counts are whole numbers from 0."""
    rows = rows_of(counts, "counts")
    table: list[list[int]] = []
    for i, given in enumerate(rows):
        whole: list[int] = []
        for j, cell in enumerate(given):
            number = cell.item() if hasattr(cell, "item") else cell
            if isinstance(number, bool) or not isinstance(number, int) or number < 0:
                raise fail(
                    "stats.counts",
                    f"{where('counts', i, j)} must be a whole number from 0 "
                    f"(got {describe_value(number)})",
                    path=(i, j),
                    value=number if isinstance(number, int | str) else str(number),
                )
            whole.append(number)
        table.append(whole)
    m = sum(table[0])
    for i, row in enumerate(table):
        if sum(row) != m:
            raise fail(
                "stats.counts",
                f"{where('counts', i)} counts {sum(row)} ratings where row 0 counts {m}: "
                "every subject needs the same number of raters",
                path=(i,),
            )
    need(m, 2, "raters per subject")
    n = len(table)
    p_bar = (
        sum((Fraction(sum(x * x for x in row) - m, m * (m - 1)) for row in table), Fraction(0)) / n
    )
    shares = tuple(Fraction(sum(row[j] for row in table), n * m) for j in range(len(table[0])))
    p_e = sum((share * share for share in shares), Fraction(0))
    if p_e == 1:
        raise fail(
            "stats.undefined",
            "kappa is undefined: every rating is in one category",
            hint="kappa needs more than one category in use",
        )
    return FleissKappa((p_bar - p_e) / (1 - p_e), p_bar, p_e, n, m, shares)


# --- rater drift ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DriftRow:
    """One rater against the rest of the panel, over the ``targets`` the rater rated with
    another: the mean of (this rater's rating − the mean of the other raters' ratings of the
    same target), exact (``None`` without such a target); the paired t test of that mean
    against 0 (``t`` is ``None`` when every difference is the same: then ``p`` is 0 for a
    non-zero difference and 1 for none; ``p`` is ``None`` with fewer than two targets);
    ``direction`` ``harsher``, ``more lenient`` or ``none``; ``flagged`` when ``p`` is below
    the level: a flag for a calibration review, not a finding."""

    rater: str
    targets: int
    mean_difference: Fraction | None
    t: float | None
    df: int
    p: float | None
    direction: str
    flagged: bool


@dataclass(frozen=True)
class RaterDrift(Table):
    """Each rater's drift from the panel, and the level the p-values are compared with."""

    rows: tuple[DriftRow, ...]
    level: float

    def records(self) -> list[dict[str, object]]:
        """One row per rater."""
        return [
            {
                "rater": row.rater,
                "targets": row.targets,
                "mean_difference": row.mean_difference,
                "t": row.t,
                "df": row.df,
                "p": row.p,
                "direction": row.direction,
                "flagged": row.flagged,
            }
            for row in self.rows
        ]

    def caption(self) -> str:
        """What the table shows."""
        return "Rater drift: each rater against the mean of the other raters"

    def note(self) -> str:
        """How to read a flag."""
        return (
            f"flagged: p < {self.level} in a paired t test; a flag for review of the "
            "rater's calibration, not a finding of bias"
        )


def rater_drift(
    matrix: object, *, raters: Sequence[str] | None = None, level: float = 0.05
) -> RaterDrift:
    """Whether a rater is consistently harsher or more lenient than the rest of the panel.

    ``matrix`` has one row per target and one column per rater; ``None`` where a rater did
    not rate a target (a panel need not be complete). For each rater, on each target the
    rater rated with at least one other rater, the difference between the rater's rating
    and the mean of the others' ratings of that target; the mean difference (exact) and a
    paired t test against no difference (scipy's ``ttest_1samp``, two-sided, ``n − 1``
    degrees of freedom over those ``n`` targets). ``raters`` names the columns (default
    ``rater 1``, ``rater 2``, …). At least two targets and two raters.
    """
    given = rows_of(matrix, "matrix")
    rows = [
        [None if cell is None else exact(cell, "matrix", i, j) for j, cell in enumerate(row)]
        for i, row in enumerate(given)
    ]
    n, k = len(rows), len(rows[0])
    need(n, 2, "targets (rows)")
    need(k, 2, "raters (columns)")
    names = list(raters) if raters is not None else [f"rater {j + 1}" for j in range(k)]
    if len(names) != k:
        raise fail(
            "stats.length-mismatch",
            f"raters names {len(names)} raters where the matrix has {k} columns",
        )
    stats: Any = optional_module("scipy.stats")
    found = []
    for j, name in enumerate(names):
        differences = []
        for row in rows:
            own = row[j]
            others = [cell for o, cell in enumerate(row) if o != j and cell is not None]
            if own is not None and others:
                differences.append(own - sum(others, Fraction(0)) / len(others))
        found.append(_drift(str(name), differences, level, stats))
    return RaterDrift(tuple(found), level)


def _drift(name: str, differences: Sequence[Fraction], level: float, stats: Any) -> DriftRow:
    """One rater's row from its differences from the others."""
    count = len(differences)
    if not count:
        return DriftRow(name, 0, None, None, 0, None, "none", flagged=False)
    mean = _mean(differences)
    t: float | None = None
    p: float | None = None
    if len(set(differences)) == 1 and count > 1:
        p = 0.0 if mean else 1.0
    elif count > 1:
        test = stats.ttest_1samp([float(d) for d in differences], 0.0)
        t, p = float(test.statistic), float(test.pvalue)
    direction = "harsher" if mean < 0 else "more lenient" if mean > 0 else "none"
    flagged = mean != 0 and p is not None and p < level
    return DriftRow(name, count, mean, t, count - 1, p, direction, flagged=flagged)
