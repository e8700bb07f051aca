"""Outcomes and decisions: what the pipeline says about each candidate, stage by stage.

Stage outcomes (one per stage per candidate):

| outcome | meaning |
|---|---|
| ``advanced`` | passed the stage (met its rules or threshold, or ranked within the quota) |
| ``below_threshold`` | a score below the passing grade (nilai ambang batas) |
| ``outranked`` | met every threshold, but beyond the shortlist or the quota |
| ``absent`` | did not sit the stage (no score at all) |
| ``ineligible`` | failed an eligibility rule (TMS) |
| ``not_reached`` | an earlier stage ended the candidate's selection |
| ``invalid_input`` | the candidate's row has a value that cannot be used |
| ``needs_review`` | a person must decide: missing data, raters who disagree, a tie at the |
|                  | quota boundary, conflicting exceptions |

Final statuses, with the announcement labels (kode pengumuman) used by BKN: ``P`` lulus,
``TL`` tidak lulus, ``TMS`` tidak memenuhi syarat, ``TH`` tidak hadir [C]; ``P/L`` for a
candidate placed by optimisation in another formation [W]; ``PR`` (perlu ditinjau) for
needs_review, which is this library's label, not an official one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, get_args

from asn_competency.errors import Problem
from asn_competency.expressions import Evaluation
from asn_competency.model.outcomes import FinalStatus, Outcome

__all__ = [
    "FINAL_LABELS",
    "FINAL_STATUSES",
    "OUTCOMES",
    "Decision",
    "FinalStatus",
    "Outcome",
    "StageResult",
]

OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)

FINAL_STATUSES: tuple[FinalStatus, ...] = get_args(FinalStatus)

#: Announcement label of each final status (see the module docstring for their certainty).
FINAL_LABELS: Mapping[FinalStatus, str] = {
    "selected": "P",
    "selected_by_optimisation": "P/L",
    "not_selected": "TL",
    "failed": "TL",
    "ineligible": "TMS",
    "absent": "TH",
    "invalid_input": "TMS",
    "needs_review": "PR",
}


@dataclass(frozen=True)
class StageResult:
    """One stage's outcome for one candidate, with the reasons and numbers behind it."""

    stage_id: str
    kind: str
    outcome: Outcome
    score: Fraction | None = None
    reasons: tuple[str, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """Everything the pipeline decided about one candidate row."""

    candidate_id: str | None
    row: int
    formation_id: str | None
    track: str | None
    stages: tuple[StageResult, ...]
    final_status: FinalStatus
    rank: int | None = None
    final_score: Fraction | None = None
    placement_formation_id: str | None = None
    problems: tuple[Problem, ...] = ()
    input_digest: str | None = None

    @property
    def label(self) -> str:
        """The announcement label (P, TL, TMS, TH, ...)."""
        return FINAL_LABELS[self.final_status]

    def stage(self, stage_id: str) -> StageResult:
        """The result of one stage; ``KeyError`` if the policy has no such stage."""
        for result in self.stages:
            if result.stage_id == stage_id:
                return result
        raise KeyError(stage_id)


def final_status(stages: tuple[StageResult, ...], *, placed_elsewhere: bool) -> FinalStatus:
    """The final status that a candidate's stage outcomes add up to."""
    for result in stages:
        if result.outcome == "outranked":
            return "selected_by_optimisation" if placed_elsewhere else "not_selected"
        status = _ENDS.get(result.outcome)
        if status is not None:
            return status
    return "selected"


#: The final status a stage outcome ends the selection with (advancing ends nothing).
_ENDS: Mapping[Outcome, FinalStatus] = {
    "below_threshold": "failed",
    "absent": "absent",
    "ineligible": "ineligible",
    "invalid_input": "invalid_input",
    "needs_review": "needs_review",
}
