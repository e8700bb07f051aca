"""Proxies: a column a rule reads that is strongly associated with a protected attribute in
the population is reported for review (:func:`check_proxy`).

Rules cannot read a protected attribute (the loader refuses it), but they can read a column
that stands in for one: a home address for a region of origin, a school for a religion.
Whether a column does depends on the population, not on the policy, so the check measures
it on data: the population given (the real applicants of a past cycle are the best
evidence), or a synthetic cycle of the policy. The measure is Cramér's V (scipy's
``scipy.stats.contingency.association``) between each read column and each protected
attribute, numeric columns taken in quartile groups, missing values a group of their own,
groups of fewer than :data:`MIN_GROUP` rows pooled. A strong association is a flag for
review, never a verdict (docs/domain.md, "Fairness reporting").
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from asn_competency.evaluation._common import optional_module
from asn_competency.model import SelectionPolicy
from asn_competency.testing.checks._result import Counterexample
from asn_competency.testing.population import Population, as_of_for, read_fields
from asn_competency.testing.synth import synthesize

__all__ = ["MIN_GROUP", "STRONG", "association", "check_proxy"]

CHECK = "proxy"

#: Cramér's V from which an association is reported (0.5: "strong" in the usual reading of
#: effect sizes for nominal association with few categories).
STRONG = 0.5

#: Groups of fewer rows than this are pooled into one ("lainnya"), so that a rare value does
#: not make an association look strong.
MIN_GROUP = 5

#: The fewest rows on which an association is measured.
MIN_ROWS = 30

_MISSING = "∅"
_OTHER = "lainnya"


def _groups(values: Sequence[Any]) -> list[str]:
    """Each value's group: numbers (and ISO dates) in quartile groups by their rank, other
    values as they are, missing values in a group of their own, rare groups pooled."""
    texts = ["" if v is None else str(v).strip() for v in values]
    numbers: dict[int, Fraction] = {}
    for n, text in enumerate(texts):
        try:
            numbers[n] = Fraction(text)
        except (ValueError, ZeroDivisionError):
            with contextlib.suppress(ValueError):
                numbers[n] = Fraction(dt.date.fromisoformat(text).toordinal())
    present = [t for t in texts if t]
    groups: list[str]
    if present and len(numbers) >= 0.9 * len(present) and len(set(numbers.values())) > 4:
        ordered = sorted(numbers.values())
        cuts = [ordered[len(ordered) * q // 4] for q in (1, 2, 3)]
        groups = [
            f"q{bisect.bisect_right(cuts, numbers[n]) + 1}" if n in numbers else (text or _MISSING)
            for n, text in enumerate(texts)
        ]
    else:
        groups = [text or _MISSING for text in texts]
    counts = Counter(groups)
    return [g if counts[g] >= MIN_GROUP else _OTHER for g in groups]


def association(
    column: Sequence[Any], attribute: Sequence[Any]
) -> tuple[float, dict[str, dict[str, int]]]:
    """Cramér's V between two columns of the same rows (grouped as the module says), and the
    contingency table it is computed from (``{column group: {attribute group: count}}``);
    0.0 when either has a single group. Needs scipy (``pip install asn-competency[analysis]``)."""
    # Imported when needed: scipy is an optional extra (MissingExtraError, extra.missing).
    contingency = optional_module("scipy.stats.contingency")
    rows, cols = _groups(column), _groups(attribute)
    row_names, col_names = sorted(set(rows)), sorted(set(cols))
    table = {r: dict.fromkeys(col_names, 0) for r in row_names}
    for r, c in zip(rows, cols, strict=True):
        table[r][c] += 1
    if len(row_names) < 2 or len(col_names) < 2:
        return 0.0, table
    observed = [[table[r][c] for c in col_names] for r in row_names]
    return float(contingency.association(observed, method="cramer")), table


def _cells(rows: Sequence[Mapping[str, Any]], name: str) -> list[Any]:
    return [row.get(name) for row in rows]


def check_proxy(
    policy: SelectionPolicy,
    population: Population | None = None,
    *,
    as_of: dt.date | None = None,
    strong: float = STRONG,
    applicants: int = 500,
    seed: int = 0,
) -> Counterexample | None:
    """Report a column some formula of the policy reads that is strongly associated (Cramér's
    V of at least ``strong``) with a protected attribute in the population: the given one,
    else a synthetic cycle of ``applicants`` rows (``seed``). The strongest pair is
    reported, with the formulas reading the column and the contingency table (``change``);
    ``None`` when no pair reaches ``strong`` or the population has fewer than
    :data:`MIN_ROWS` rows."""
    if population is None:
        data = synthesize(policy, applicants=applicants, seed=seed, as_of=as_of_for(policy, as_of))
        rows: Sequence[Mapping[str, Any]] = data.candidates
    else:
        rows = population.candidates
    if len(rows) < MIN_ROWS:
        return None
    read = {
        name: where
        for name, where in read_fields(policy).items()
        if name not in {"candidate_id", "formation_id"} and name not in policy.protected_attributes
    }
    best: tuple[float, str, str, dict[str, dict[str, int]]] | None = None
    for attribute in sorted(policy.protected_attributes):
        groups = _cells(rows, attribute)
        for column in sorted(read):
            value, table = association(_cells(rows, column), groups)
            if value >= strong and (best is None or value > best[0]):
                best = (value, column, attribute, table)
    if best is None:
        return None
    value, column, attribute, table = best
    where = ", ".join(read[column])
    return Counterexample(
        CHECK,
        "proxy.associated",
        {
            "where": where,
            "column": column,
            "attribute": attribute,
            "association": f"{value:.2f}",
            "rows": len(rows),
        },
        change={"column": column, "attribute": attribute, "association": value, "table": table},
        population=population,
    )
