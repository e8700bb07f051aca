"""The six intraclass correlations of Shrout & Fleiss (1979), with McGraw & Wong's (1996)
intervals."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from asn_competency.evaluation._common import (
    Table,
    exact_matrix,
    fail,
    need,
    unknown_key,
)
from asn_competency.evaluation.reliability._shared import (
    _LEVEL,
    _f_quantile,
    _f_upper_tail,
    _mean,
)

#: The six forms of Shrout & Fleiss (1979), in their order: (1,·) one-way random, (2,·)
#: two-way random (absolute agreement), (3,·) two-way mixed (consistency); ·,1 a single
#: rater's rating, ·,k the mean of the k raters' ratings.
ICC_FORMS = ("ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)")

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
        raise unknown_key("form", form, ICC_FORMS)

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
