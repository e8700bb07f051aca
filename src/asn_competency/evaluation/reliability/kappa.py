"""Agreement on labels: Cohen's (1960, 1968) kappa for two raters and Fleiss' (1971) kappa
for many."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, cast

from asn_competency.errors import describe_value
from asn_competency.evaluation._common import (
    Table,
    fail,
    is_missing,
    need,
    rows_of,
    same_length,
    values_of,
    where,
)

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
