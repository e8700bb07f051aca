"""Why a stage decided what it did: reasons as coded facts with typed parameters.

Every reason the pipeline gives is a :class:`~asn_competency.model.outcomes.Fact` whose code
is listed here with the parameters it carries; no sentence is built in the pipeline. The audit
layer says each code in Indonesian and English (:mod:`asn_competency.audit.catalogue`; a test
checks that every code below has both texts), at presentation time only, so rewording a text
changes no decision record and no hash.

Rule positions (``rule``) are the rule's place in the policy as a list, e.g.
``["skd", "pass_rule"]`` or ``["administrasi", "rules", 2, "rule"]``; a clause is named by its
position among the rule's clauses (:func:`~asn_competency.expressions.compile.clause_nodes`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from asn_competency.expressions import UNKNOWN, CompiledRule, Evaluation, Read
from asn_competency.expressions.evaluate import Value
from asn_competency.expressions.syntax import Compare, Const, Name
from asn_competency.model.outcomes import Fact

__all__ = ["OPTIMISATION_REASONS", "REASONS", "clause_reasons", "clauses_reasons", "reason"]

#: Why optimisation did not place a candidate (``detail["reason"]``) → its reason code.
OPTIMISATION_REASONS: Mapping[str, str] = {
    reason: f"optimisation.{reason.replace('_', '-')}"
    for reason in (
        "outranked",
        "held_for_tie",
        "no_free_slot",
        "below_general_grade",
        "tie_unresolved",
        "waiting_for_tie",
        "tie_at_quota",
    )
}

#: Every reason code, with the parameters its facts carry (in this order) and what it means.
REASONS: Mapping[str, tuple[tuple[str, ...], str]] = {
    "rule.failed": (("rule",), "an eligibility rule (by its id) is not met"),
    "rule.unknown": (("rule", "fields"), "an eligibility rule cannot be decided: data missing"),
    "absent": ((), "no score at all: the candidate did not sit the stage"),
    "scores.incomplete": (("fields",), "some of a test's component scores are missing"),
    "exception.unknown": (("exception", "fields"), "a track exception's condition is unknown"),
    "exception.conflict": (
        ("exceptions", "priority"),
        "two or more track exceptions apply at the same (highest) priority",
    ),
    "threshold.below": (
        ("rule", "clause", "score", "value", "op", "threshold", "parameter", "reference"),
        "a score below its passing grade; parameter and reference when the grade is one",
    ),
    "clause.false": (("rule", "clause"), "a clause of a pass rule is not met"),
    "clause.unknown": (("rule", "clause", "fields"), "a clause of a pass rule is unknown"),
    "rating.pending": ((), "the stage's ratings are not given yet (a run with ratings pending)"),
    "rating.outside-scale": (
        ("criterion", "low", "high", "scores"),
        "a rater gave a score outside the stage's scale",
    ),
    "rating.too-few-raters": (("criterion", "count", "needed"), "fewer raters than required"),
    "rating.spread": (("criterion", "spread", "scores"), "the raters differ by more than allowed"),
    "data.missing": (("fields",), "the stage's score cannot be computed: data missing"),
    "score.below-minimum": (("score", "value"), "the score misses one of its minimums"),
    "rank.outside-shortlist": (
        ("position", "cut", "decided_by", "behind_by"),
        "met every threshold, but ranked beyond the shortlist",
    ),
    "rank.outranked": (
        ("position", "quota", "decided_by", "behind_by"),
        "met every threshold, but ranked beyond the formation's quota",
    ),
    "rank.tie-at-quota": (
        ("position", "quota"),
        "tied at the quota boundary after every key of the order",
    ),
    "evaluation.error": (("problem", "value"), "a formula cannot be evaluated (a problem code)"),
    "input.invalid": (("problem", "field", "value"), "a value of the row cannot be used"),
    **{code: ((), f"optimisation: {why}") for why, code in OPTIMISATION_REASONS.items()},
}


def reason(code: str, **params: Any) -> Fact:
    """A reason fact; ``KeyError`` for a code not in :data:`REASONS` or parameters other than
    its own (a reason the catalogue could not say is a bug, caught where it is made)."""
    expected = REASONS[code][0]
    if set(params) != set(expected):
        raise KeyError(f"reason {code!r} takes {expected}, got {tuple(params)}")
    return Fact(code, params)


#: Comparisons that state a passing grade: the score on the left must reach the right.
_AT_LEAST = (">=", ">")


def clause_reasons(rule: CompiledRule, verdict: Evaluation) -> tuple[Fact, ...]:
    """Why a pass rule is not met: one reason per clause that is not true. A clause of the
    form ``score >= grade`` (or ``>``), the grade a parameter or a number, is
    ``threshold.below`` with the score's value and the grade (and the parameter's legal
    reference); any other clause is ``clause.false`` or ``clause.unknown``."""
    clauses = verdict.clauses
    return clauses_reasons(
        rule, verdict.at, [c.value for c in clauses], lambda index: clauses[index].reads
    )


def clauses_reasons(
    rule: CompiledRule,
    at: tuple[str | int, ...],
    values: Sequence[Value],
    reads: Callable[[int], tuple[Read, ...]],
) -> tuple[Fact, ...]:
    """:func:`clause_reasons` from each clause's value and, asked only for a clause that is
    not true, the values it read (the columns engine reads them from its columns)."""
    found: list[Fact] = []
    where = list(at)
    for index, (node, value) in enumerate(zip(rule.clauses, values, strict=True)):
        if value is True:
            continue
        read = reads(index)
        if value is UNKNOWN:
            fields = sorted({r.name for r in read if r.value is UNKNOWN})
            found.append(reason("clause.unknown", rule=where, clause=index, fields=fields))
            continue
        grade = _grade(node, read)
        if grade is None:
            found.append(reason("clause.false", rule=where, clause=index))
        else:
            found.append(reason("threshold.below", rule=where, clause=index, **grade))
    return tuple(found)


def _grade(node: Any, reads: tuple[Any, ...]) -> dict[str, Any] | None:
    """The parameters of ``threshold.below`` for a clause ``name >= grade``, else ``None``."""
    if not (
        isinstance(node, Compare)
        and len(node.ops) == 1
        and node.ops[0] in _AT_LEAST
        and isinstance(node.left, Name)
        and node.left.namespace == "plain"
        and isinstance(node.comparators[0], Name | Const)
    ):
        return None
    by_name = {r.name: r for r in reads}
    left = by_name.get(node.left.name)
    right = node.comparators[0]
    if left is None or left.source not in ("field", "score"):
        return None
    if isinstance(right, Const):
        if isinstance(right.value, bool) or not isinstance(right.value, int | Decimal):
            return None
        threshold, parameter, reference = Fraction(right.value), None, None
    else:
        read = by_name.get(right.name)
        if read is None or read.source != "parameter":
            return None
        threshold, parameter, reference = read.value, read.name, read.reference
    return {
        "score": left.name,
        "value": left.value,
        "op": node.ops[0],
        "threshold": threshold,
        "parameter": parameter,
        "reference": reference,
    }
