"""Policy tests: cases with inputs and the outcomes a policy must give them.

YAML ``kind: policy-tests``. A committee writes the cases it expects a policy to decide in a
certain way (a candidate just below a passing grade, a tie at the quota, a special track), and
``asn-competency test`` runs them: a policy change that alters one of those outcomes fails
its tests before it reaches a real cycle.

.. code-block:: yaml

    kind: policy-tests
    schema_version: 1
    id: cpns-2024-tests
    policy: {id: cpns-2024, path: cpns-2024.yaml}
    as_of: 2024-09-10
    formations:
      - {formation_id: F1, quota: 1, track: umum, position: Analis, education_level: S1,
         agency: Pemkot, location: Gayungan}
    cases:
      - id: tkp-below-passing-grade
        candidates:
          - {candidate_id: A, formation_id: F1, birth_date: 1996-05-17, education_level: S1,
             twk: 100, tiu: 120, tkp: 165, skb_cat: 400}
        expect:
          A: {final_status: failed, stages: {skd: below_threshold}}
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr

from asn_competency.errors import Problem
from asn_competency.model._base import (
    Document,
    ExactDecimal,
    FileRef,
    Identifier,
    Model,
    Reference,
    Text,
)
from asn_competency.model._checks import duplicate_ids, reference_problems
from asn_competency.model.outcomes import FinalStatus, Outcome
from asn_competency.model.policy import SelectionPolicy

__all__ = ["Expectation", "PanelRatings", "PolicyTestCase", "PolicyTests"]

Row = dict[str, Any]


class Expectation(Model):
    """What the policy must decide for one candidate; only what is given is checked."""

    final_status: FinalStatus | None = Field(default=None, description="The final status.")
    stages: dict[Identifier, Outcome] = Field(
        default_factory=dict, description="Outcomes of the stages named, by stage id."
    )
    rank: int | None = Field(default=None, ge=1, description="The rank in the formation.")
    final_score: str | None = Field(
        default=None,
        description="The final score exactly as results.csv writes it (e.g. '77.091').",
    )
    placement: str | None = Field(
        default=None, description="The formation the candidate is placed in."
    )
    label: str | None = Field(
        default=None,
        description="The announcement code (L, L-1, L-2, TL, TMS, TH, PR, ERR) exactly as "
        "results.csv writes it in final_status_label.",
    )


class PanelRatings(Model):
    """One candidate's ratings by a panel, written compactly: each criterion's score, the same
    for every rater (a number) or one per rater in the order of ``raters`` (a list). Expands to
    the long rows of a ratings file (one per rater and criterion)."""

    candidate_id: str = Field(description="The candidate rated.")
    stage_id: Identifier = Field(description="The rating stage.")
    raters: list[Annotated[str, Field(min_length=1)]] = Field(
        min_length=1, description="The raters' ids, e.g. [R1, R2, R3]."
    )
    scores: dict[str, ExactDecimal | list[ExactDecimal]] = Field(
        min_length=1,
        description="Criterion id → every rater's score (a number) or each rater's, in order.",
    )

    def rows(self) -> list[Row]:
        """The ratings in long format (candidate, stage, rater, criterion, score)."""
        out: list[Row] = []
        for criterion, given in self.scores.items():
            each = given if isinstance(given, list) else [given] * len(self.raters)
            out += [
                {
                    "candidate_id": self.candidate_id,
                    "stage_id": self.stage_id,
                    "rater_id": rater,
                    "criterion_id": criterion,
                    "score": score,
                }
                for rater, score in zip(self.raters, each, strict=True)
            ]
        return out


class PolicyTestCase(Model):
    """One case: the inputs, and the decisions expected for (some of) the candidates."""

    id: Identifier = Field(description="Case id, named in the report.")
    description: Text | None = Field(default=None, description="What the case checks.")
    reference: Identifier | None = Field(
        default=None, description="Id of the rule's legal basis in `references`."
    )
    as_of: dt.date | None = Field(default=None, description="Overrides the file's as_of.")
    formations: list[Row] | None = Field(
        default=None, description="Overrides the file's formations."
    )
    candidates: list[Row] = Field(min_length=1, description="The candidate rows.")
    ratings: list[Row] = Field(default_factory=list, description="Ratings, long format.")
    panel: list[PanelRatings] = Field(
        default_factory=list,
        description="Ratings written per candidate (expanded and added to `ratings`).",
    )

    def all_ratings(self) -> list[Row]:
        """The case's ratings: the long rows, then the panel rows expanded."""
        return [*self.ratings, *(row for panel in self.panel for row in panel.rows())]

    expect: dict[str, Expectation] = Field(
        min_length=1, description="Expected decisions, by candidate id."
    )


class PolicyTests(Document):
    """A set of test cases for one selection policy."""

    kind: Literal["policy-tests"] = Field(description="Always 'policy-tests'.")
    schema_version: Literal[1] = Field(description="Version of this file format.")
    id: Identifier = Field(description="Identifier of the test set.")
    policy: FileRef = Field(description="The policy under test (path relative to this file).")
    as_of: dt.date | None = Field(
        default=None, description="The as-of date of the cases (else the policy's)."
    )
    references: list[Reference] = Field(
        default_factory=list, description="Legal bases that `reference` fields cite."
    )
    formations: list[Row] = Field(
        default_factory=list, description="Formations shared by the cases."
    )
    cases: list[PolicyTestCase] = Field(min_length=1, description="The cases.")

    _policy: SelectionPolicy | None = PrivateAttr(default=None)

    @property
    def loaded_policy(self) -> SelectionPolicy | None:
        """The policy under test, as :func:`~asn_competency.load` read it (``None`` when the
        test set was built in Python)."""
        return self._policy

    def problems(self) -> list[Problem]:
        problems = reference_problems(self)
        problems += duplicate_ids(self.cases, ("cases",), "case")
        for index, case in enumerate(self.cases):
            for k, panel in enumerate(case.panel):
                problems += [
                    Problem(
                        "schema.length",
                        f"{criterion!r} gives {len(given)} scores for {len(panel.raters)} raters",
                        path=("cases", index, "panel", k, "scores", criterion),
                        value=len(given),
                        hint="give one score per rater, or one number for all of them",
                    )
                    for criterion, given in panel.scores.items()
                    if isinstance(given, list) and len(given) != len(panel.raters)
                ]
            ids = [str(row.get("candidate_id")) for row in case.candidates]
            for candidate in case.expect:
                if candidate not in ids:
                    problems.append(
                        Problem(
                            "test.unknown-candidate",
                            f"case {case.id!r} expects a decision for {candidate!r}, who is "
                            "not among its candidates",
                            path=("cases", index, "expect", candidate),
                            value=candidate,
                        )
                    )
        return problems
