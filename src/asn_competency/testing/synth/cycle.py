"""One drawing of a whole recruitment cycle, in a fixed order: :func:`synthesize`."""

from __future__ import annotations

import datetime as dt
import random

from asn_competency.model import (
    EligibilityStage,
    RatingStage,
    SelectionPolicy,
    ShortlistStage,
    TestStage,
)
from asn_competency.testing.synth._candidates import _Candidates, _Person
from asn_competency.testing.synth._formations import _Formation
from asn_competency.testing.synth._planted import _Planting
from asn_competency.testing.synth._ratings import _Ratings
from asn_competency.testing.synth._scores import _Scores
from asn_competency.testing.synth.data import SynthData
from asn_competency.testing.synth.rates import APPLICANTS_PER_FORMATION

__all__ = ["synthesize"]


def synthesize(policy: SelectionPolicy, *, applicants: int, seed: int, as_of: dt.date) -> SynthData:
    """Draw a realistic recruitment cycle of ``applicants`` candidate rows for ``policy``.

    Deterministic: the same arguments give the same data. Parameters (pass minimums, the age
    limit) are taken in force on ``as_of``, and ages are counted on it.
    """
    if applicants < 1:
        raise ValueError("applicants must be at least 1")
    return _Synth(policy, as_of, random.Random(seed)).run(applicants)


class _Synth(_Planting, _Candidates, _Scores, _Ratings):
    """One drawing: the policy's declarations read once, then every part drawn in order."""

    def run(self, applicants: int) -> SynthData:
        formations = self.formations(max(6, applicants // APPLICANTS_PER_FORMATION))
        self.formation_fields(formations)
        people = self.people(formations, applicants)
        self.id_width = max(6, len(str(applicants)))
        rows = [self.candidate_row(i, p, formations) for i, p in enumerate(people)]
        self.duplicates(rows)
        ratings = self.stages(people, rows, formations)
        self.invalid(rows, len(formations))
        used = {row["formation_id"] for row in rows}
        unused = sum(1 for f in formations if f.id not in used)
        self.count("formations.without_applicants", unused)
        return SynthData(
            candidates=rows,
            formations=[self.formation_row(f) for f in formations],
            ratings=ratings,
            notes=dict(sorted(self.notes.items())),
            planted=self.planted,
            has_ratings=any(isinstance(s, RatingStage) for s in self.policy.stages),
            catalogue=self.catalogue.source,
        )

    def stages(
        self, people: list[_Person], rows: list[dict[str, str]], formations: list[_Formation]
    ) -> list[dict[str, str]]:
        """Take the candidates through the stages as far as they plausibly get."""
        ratings: list[dict[str, str]] = []
        selective = False
        first_test = True
        previous: TestStage | None = None
        for stage in self.policy.stages:
            if isinstance(stage, EligibilityStage):
                for person in people:
                    person.alive = person.alive and person.eligible
                selective = selective or not all(p.eligible for p in people)
            elif isinstance(stage, TestStage):
                self.test(stage, people, rows, formations, first=first_test)
                first_test = False
                previous = stage
                selective = True
            elif isinstance(stage, ShortlistStage) and previous is not None:
                self.shortlist(stage, people, formations)
            elif isinstance(stage, RatingStage):
                ratings += self.rating(stage, people, rows, selective=selective)
        return ratings
