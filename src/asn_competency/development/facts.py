"""Why a development result is what it is: coded facts with typed parameters.

Every reason the development layer gives (why a programme is in a plan, why a gap stays
open, which constraint keeps a plan below the yearly minimum, why a cohort needs a programme,
what put a person in a nine-box) is a :class:`~asn_competency.model.outcomes.Fact` whose code
is listed in :data:`FACTS` with the parameters it carries, as the pipeline's reasons are
(:mod:`asn_competency.pipeline.reasons`). No sentence is built here; the words in Indonesian
and English belong to the audit layer's catalogue, at presentation time.

Parameter values are plain data: text, integers, booleans, ``None``, exact numbers
(:class:`~fractions.Fraction`, :class:`~decimal.Decimal`), dates and lists of those.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asn_competency.model.outcomes import Fact

__all__ = ["BINDING", "FACTS", "GAP_OPEN_REASONS", "fact"]

#: Why a gap stays open: no programme develops it from the person's level, or the best one
#: left does not fit the hours or the money left in the budget.
GAP_OPEN_REASONS = ("no-programme", "hours", "money")

#: The constraint that keeps a plan below the yearly JP minimum: the hours budget (below the
#: minimum itself, or too small for any programme left), the money budget, or the catalogue
#: (no programme left that develops a competency of the position from the person's level).
BINDING = ("hours", "money", "catalogue")

#: Every development fact code, with its parameters (in this order) and what it means.
FACTS: Mapping[str, tuple[tuple[str, ...], str]] = {
    "plan.closes-gap": (
        (
            "competency",
            "rank",
            "programme",
            "from_level",
            "to_level",
            "target",
            "hours",
            "cost",
            "also",
        ),
        (
            "a programme chosen for the gap ranked `rank` (1: closed first): it raises the "
            "competency from `from_level` to `to_level` against the standard's `target`; `also` "
            "lists the other competencies it raises"
        ),
    ),
    "plan.top-up": (
        ("programme", "competencies", "hours", "cost", "jp_before", "minimum"),
        (
            "a programme added to reach the yearly JP minimum once no gap is left to close within "
            "the budget; it develops the position's `competencies` from the person's level"
        ),
    ),
    "plan.gap-open": (
        ("competency", "level", "target", "reason", "programme"),
        (
            "a gap the plan leaves open; `reason` is one of GAP_OPEN_REASONS and `programme` the "
            "best programme that did not fit (None for 'no-programme')"
        ),
    ),
    "plan.not-assessed": (
        ("competencies",),
        "competencies of the standard with no assessment in force: their gaps are unknown",
    ),
    "plan.minimum-met": (
        ("jp", "minimum", "reference"),
        "the plan reaches the yearly JP minimum (`reference`: the parameter's legal basis)",
    ),
    "plan.minimum-not-met": (
        ("jp", "minimum", "reference", "binding", "hours_budget", "money_budget"),
        "the plan stays below the yearly JP minimum; `binding` (one of BINDING) says why",
    ),
    "cohort.programme-needed": (
        ("competency", "below", "assessed", "share", "threshold", "programmes"),
        "more than the threshold share of the cohort is below standard: a cohort programme",
    ),
    "cohort.no-programme-in-catalogue": (
        ("competency", "below", "assessed", "share", "threshold"),
        (
            "a cohort programme is needed but no catalogue programme develops the competency from "
            "the levels of those below standard"
        ),
    ),
    "cohort.within-threshold": (
        ("competency", "below", "assessed", "share", "threshold"),
        "the share below standard is not above the threshold: individual plans suffice",
    ),
    "talent.placed": (
        (
            "box",
            "performance",
            "potential",
            "rating",
            "period",
            "jpm",
            "medium_from",
            "high_from",
            "reference",
        ),
        "the nine-box placement and every input that decided it",
    ),
    "talent.no-rating": (("up_to",), "no SKP rating for a year up to `up_to`: no box"),
    "talent.not-assessed": (("competencies",), "no JPM (competencies not assessed): no box"),
}


def fact(code: str, **params: Any) -> Fact:
    """A development fact; ``KeyError`` for an unknown code, ``TypeError`` for parameters
    other than exactly the code's (a programming error, caught by the tests)."""
    names, _ = FACTS[code]
    if tuple(params) != names:
        raise TypeError(f"fact {code!r} takes {names}, not {tuple(params)}")
    return Fact(code, dict(params))
