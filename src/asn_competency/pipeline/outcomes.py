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

Final statuses, with the announcement labels (kode pengumuman) they are published under
(:func:`final_label`): the official codes of the final CPNS 2024 announcement (BKN
08/PANPEL.BKN/CPNS/XI/2024) and of PPPK 2024, known from news reports only [W] (docs/domain.md,
sections "CPNS result codes" and "PPPK optimisation and result codes"):

| final status | label | meaning |
|---|---|---|
| ``selected`` | ``L`` | lulus (passed) |
| ``selected_by_optimisation`` | ``L-1`` | passed; moved by optimisation to another track |
| ``selected_by_optimisation`` | ``L-2`` | passed; moved to another formation or location |
| ``not_selected``, ``failed`` | ``TL`` | tidak lulus (not passed) |
| ``ineligible`` | ``TMS`` | tidak memenuhi syarat: an administrative requirement not met |
| ``absent`` | ``TH`` | tidak hadir (absent) |
| ``needs_review`` | ``PR`` | perlu ditinjau: this library's label, not an official code |
| ``invalid_input`` | ``ERR`` | a data error: this library's label, not an official code |

TMS is an administrative verdict on the candidate; a row that cannot be used is a data error
for the committee, hence ERR.

L-1 or L-2 is read from the optimisation stage's ``detail``: ``moved`` is ``"track"`` (L-1)
or ``"formation"`` (L-2); a placement whose stage result does not say (no ``moved``) is L-2,
the label of a move between formations. The official codes ``APS`` (withdrew) and
``DIS`` (disqualified) need an input this version does not read: no status produces them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, get_args

from asn_competency.errors import Problem
from asn_competency.expressions.data import EvaluationRecord
from asn_competency.model.outcomes import Fact, FinalStatus, Outcome
from asn_competency.scoring import ScoreResult

__all__ = [
    "FINAL_LABELS",
    "FINAL_STATUSES",
    "MOVED_LABELS",
    "OUTCOMES",
    "Decision",
    "FinalStatus",
    "Outcome",
    "StageResult",
    "final_label",
]

OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)

FINAL_STATUSES: tuple[FinalStatus, ...] = get_args(FinalStatus)

#: The announcement labels each final status may have, the usual one first (see the module
#: docstring for their meaning and certainty). Only ``selected_by_optimisation`` has two.
FINAL_LABELS: Mapping[FinalStatus, tuple[str, ...]] = {
    "selected": ("L",),
    "selected_by_optimisation": ("L-2", "L-1"),
    "not_selected": ("TL",),
    "failed": ("TL",),
    "ineligible": ("TMS",),
    "absent": ("TH",),
    "invalid_input": ("ERR",),
    "needs_review": ("PR",),
}

#: The label of a candidate placed by optimisation, by the optimisation stage's
#: ``detail["moved"]``: into another track (L-1), or another formation or location of the same
#: track (L-2).
MOVED_LABELS: Mapping[str, str] = {"track": "L-1", "formation": "L-2"}


def final_label(status: FinalStatus, stages: Sequence[StageResult] = ()) -> str:
    """The announcement label of a final status. For ``selected_by_optimisation`` it is read
    from ``detail["moved"]`` of the stage of kind ``optimisation`` among ``stages``: L-1 for
    ``"track"``, L-2 for ``"formation"`` or when absent. ``ValueError`` for another value of
    ``moved`` (the label would be a guess)."""
    if status != "selected_by_optimisation":
        return FINAL_LABELS[status][0]
    moved = next(
        (s.detail.get("moved") for s in stages if s.kind == "optimisation" and s.detail),
        None,
    )
    if moved is None:
        return MOVED_LABELS["formation"]
    if moved not in MOVED_LABELS:
        raise ValueError(
            f"optimisation detail 'moved' is {moved!r}; expected one of {', '.join(MOVED_LABELS)}"
        )
    return MOVED_LABELS[moved]


class _NoDetail(Mapping[str, Any]):
    """An empty, read-only mapping that is one object: copied and pickled as itself."""

    __slots__ = ()

    def __getitem__(self, name: str) -> Any:
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"

    def __reduce__(self) -> str:
        return "NO_DETAIL"


#: The detail of a stage result that has none (one shared, read-only mapping: most results
#: have none, and a run holds millions of results).
NO_DETAIL: Mapping[str, Any] = _NoDetail()


@dataclass(frozen=True, slots=True)
class StageResult:
    """One stage's outcome for one candidate, with the reasons and numbers behind it."""

    stage_id: str
    kind: str
    outcome: Outcome
    score: Fraction | None = None
    #: Why, as coded facts (:data:`asn_competency.pipeline.reasons.REASONS`), never sentences.
    reasons: tuple[Fact, ...] = ()
    evaluations: Sequence[EvaluationRecord] = ()
    detail: Mapping[str, Any] = field(default_factory=lambda: NO_DETAIL)
    #: The scores an integration stage computed (its own, then those it reports), with how.
    scores: Sequence[ScoreResult] = ()


@dataclass(frozen=True, slots=True)
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
        """The announcement label (L, L-1, L-2, TL, TMS, TH, PR, ERR: :func:`final_label`)."""
        return final_label(self.final_status, self.stages)

    def stage(self, stage_id: str) -> StageResult:
        """The result of one stage; ``KeyError`` if the policy has no such stage."""
        for result in self.stages:
            if result.stage_id == stage_id:
                return result
        raise KeyError(stage_id)

    def _repr_html_(self) -> str:
        """The notebook view: the final status, then each stage's outcome, score and coded
        reasons (:func:`~asn_competency.pipeline.notebook.decision_html`)."""
        from asn_competency.pipeline.notebook import decision_html  # noqa: PLC0415 - it reads this module

        return decision_html(self)


def final_status(stages: tuple[StageResult, ...], *, placed_elsewhere: bool) -> FinalStatus:
    """The final status that a candidate's stage outcomes add up to."""
    for index, result in enumerate(stages):
        if result.outcome == "outranked":
            if any(later.outcome == "needs_review" for later in stages[index + 1 :]):
                return "needs_review"  # e.g. optimisation waits for an unresolved tie
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
