"""The vocabulary of decisions: stage outcomes and final statuses.

Defined in the model layer because policy files name them (policy tests expect them); the
pipeline decides them (:mod:`asn_competency.pipeline.outcomes` says what each means).
"""

from __future__ import annotations

from typing import Literal

__all__ = ["FinalStatus", "Outcome"]

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
