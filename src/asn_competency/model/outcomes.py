"""The vocabulary of decisions: stage outcomes, final statuses, and facts.

Defined in the model layer because policy files name them (policy tests expect them); the
pipeline decides them (:mod:`asn_competency.pipeline.outcomes` says what each means).

A :class:`Fact` is how every lower layer states *why*: a stable code with typed parameters
(a reason a stage gives, a step of a score's computation), never a sentence. The audit layer
renders facts in Indonesian and English, at presentation time only, from one catalogue
(:mod:`asn_competency.audit.catalogue`); rewording a text there changes no record and no hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Fact", "FinalStatus", "Outcome"]


@dataclass(frozen=True, slots=True)
class Fact:
    """A coded statement with typed parameters, e.g. ``Fact("rule.failed", {"rule":
    "pendidikan", "reason": "kualifikasi"})``. Parameter values are plain data: text,
    integers, booleans, ``None``, exact numbers (:class:`~fractions.Fraction`), dates, and lists
    and mappings of those."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if "code" in self.params:  # a record holds a fact flat: {"code": ..., **params}
            raise ValueError(f"fact {self.code!r}: a parameter may not be named 'code'")

    def __getitem__(self, name: str) -> Any:
        return self.params[name]


Outcome = Literal[
    "advanced",
    "below_threshold",
    "outranked",
    "absent",
    "ineligible",
    "not_reached",
    "invalid_input",
    "needs_review",
]

FinalStatus = Literal[
    "selected",
    "selected_by_optimisation",
    "not_selected",
    "failed",
    "ineligible",
    "absent",
    "invalid_input",
    "needs_review",
]
