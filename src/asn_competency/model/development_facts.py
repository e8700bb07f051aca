"""The development layer's fact codes, as data: what each code means and the parameters it
carries, in order.

Declared in the model layer, as the decisions' vocabulary is (:mod:`.outcomes`), so that both
the development layer that gives these facts (:mod:`asn_competency.development.facts`) and the
audit layer's catalogue that says them in Indonesian and English
(:mod:`asn_competency.audit.catalogue`) read one registry, and neither imports the other: the
catalogue is checked against this table as it is against the pipeline's reasons.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["BINDING", "DEVELOPMENT_FACTS", "GAP_OPEN_REASONS"]

#: Why a gap stays open: no programme develops it from the person's level, or the best one
#: left does not fit the hours or the money left in the budget.
GAP_OPEN_REASONS = ("no-programme", "hours", "money")

#: The constraint that keeps a plan below the yearly JP minimum: the hours budget (below the
#: minimum itself, or too small for any programme left), the money budget, or the catalogue
#: (no programme left that develops a competency of the position from the person's level).
BINDING = ("hours", "money", "catalogue")

#: Every development fact code, with its parameters (in this order) and what it means.
DEVELOPMENT_FACTS: Mapping[str, tuple[tuple[str, ...], str]] = {
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
