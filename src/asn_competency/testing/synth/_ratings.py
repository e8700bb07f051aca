"""Drawing ratings: who is rated at a rating stage, panels of raters, scores around the level
a position standard requires of the criterion's competency (or mid-scale), within the allowed
spread, and the planted disagreements and missing raters."""

from __future__ import annotations

import math

from asn_competency.model import RatingStage
from asn_competency.model.scores import JpmScore, ProfileMatchScore
from asn_competency.testing.synth._candidates import _Person
from asn_competency.testing.synth._draw import _Draw
from asn_competency.testing.synth._values import _clamp
from asn_competency.testing.synth.rates import (
    DISAGREEMENT_SHARE,
    MISSING_RATER_SHARE,
    RATED_SHARE_UNSELECTED,
    RATING_ABSENT,
    TARGET_OFFSET,
    TARGET_SPREAD,
)


class _Ratings(_Draw):
    """Draws the ratings of rating stages."""

    def rating(
        self,
        stage: RatingStage,
        people: list[_Person],
        rows: list[dict[str, str]],
        *,
        selective: bool,
    ) -> list[dict[str, str]]:
        """Ratings of the candidates who plausibly reach the stage: ``min_raters`` panel
        raters per criterion, around a per-candidate level, within ``max_spread`` except
        the planted disagreements; a few pairs miss one rater."""
        rng = self.rng
        low = math.ceil(stage.scale[0])
        high = math.floor(stage.scale[1])
        allowed = math.floor(stage.max_spread) if stage.max_spread is not None else None
        targets = self.rating_targets()
        rated = self.rated(stage, people, rows, selective=selective)
        disagree, missing = self.rating_cases(stage, len(rated), low, high, allowed)
        panels = max(1, math.ceil(len(rated) / 100))
        out: list[dict[str, str]] = []
        pair = 0
        for index in rated:
            cid = rows[index]["candidate_id"]
            panel = rng.randrange(panels)
            ids = [f"R{panel * stage.min_raters + r + 1}" for r in range(stage.min_raters)]
            noise = 0.4 * people[index].ability + 0.9 * rng.gauss(0, 1)
            level = (low + high) / 2 + (high - low) / 4 * noise
            for criterion in stage.criteria:
                where = f"{stage.id}/{criterion.id}"
                target = targets.get(criterion.field)
                centre = level if target is None else target + TARGET_OFFSET + TARGET_SPREAD * noise
                if pair in disagree and allowed is not None:
                    scores = self.disagreement(len(ids), low, high, allowed)
                    self.plant(f"ratings.{stage.id}.disagreement", index, cid, where, "")
                else:
                    scores = self.agreement(len(ids), centre, low, high, allowed)
                given = list(zip(ids, scores, strict=True))
                if pair in missing:
                    dropped = given.pop(rng.randrange(len(given)))
                    self.plant(f"ratings.{stage.id}.missing_rater", index, cid, where, dropped[0])
                out += [
                    {
                        "candidate_id": cid,
                        "stage_id": stage.id,
                        "rater_id": rater,
                        "criterion_id": criterion.id,
                        "score": str(score),
                    }
                    for rater, score in given
                ]
                pair += 1
        return out

    def rating_targets(self) -> dict[str, int]:
        """The level a position standard requires of the competency a criterion's field
        gives (a Profile Matching or JPM score reads the field as that competency's level)."""
        standards = self.policy.loaded_standards
        targets: dict[str, int] = {}
        for score in self.policy.scores.values():
            if not isinstance(score, ProfileMatchScore | JpmScore):
                continue
            standard = standards.get(score.standard)
            if standard is None:
                continue
            for competency, formula in score.levels.items():
                field = formula.strip()
                try:
                    targets.setdefault(field, standard.requirement(competency).level)
                except KeyError:
                    continue
        return targets

    def rated(
        self,
        stage: RatingStage,
        people: list[_Person],
        rows: list[dict[str, str]],
        *,
        selective: bool,
    ) -> list[int]:
        """Rows rated at the stage: those still plausibly in the selection (a random 60%
        when no earlier stage selects), one row per candidate id, less a few absentees."""
        rng = self.rng
        rated: list[int] = []
        seen: set[str] = set()
        for index, person in enumerate(people):
            cid = rows[index]["candidate_id"]
            if not person.alive or cid in seen:
                continue
            if not selective and rng.random() >= RATED_SHARE_UNSELECTED:
                person.alive = False
                continue
            if rng.random() < RATING_ABSENT:
                person.alive = False
                self.plant(f"absent.{stage.id}", index, cid, stage.id, "")
                continue
            seen.add(cid)
            rated.append(index)
        self.count(f"ratings.{stage.id}.candidates", len(rated))
        return rated

    def rating_cases(
        self, stage: RatingStage, rated: int, low: int, high: int, allowed: int | None
    ) -> tuple[set[int], set[int]]:
        """Which candidate-criterion pairs (numbered in writing order) disagree beyond the
        allowed spread (as many pairs as 2% of the rated candidates, so that about 2% of
        candidates go to review), and which miss one rater (one pair per 200 rated
        candidates)."""
        rng = self.rng
        pairs = rated * len(stage.criteria)
        if pairs < 20:
            return set(), set()
        disagree: set[int] = set()
        if allowed is not None and high - low > allowed and stage.min_raters >= 2:
            wanted = max(1, round(rated * DISAGREEMENT_SHARE))
            disagree = set(rng.sample(range(pairs), wanted))
        rest = [p for p in range(pairs) if p not in disagree]
        wanted = max(1, round(rated * MISSING_RATER_SHARE))
        return disagree, set(rng.sample(rest, min(len(rest), wanted)))

    def agreement(
        self, count: int, level: float, low: int, high: int, allowed: int | None
    ) -> list[int]:
        """Scores around ``level`` with small noise, within the allowed spread."""
        rng = self.rng
        centre = level + rng.gauss(0, 0.5)
        scores = [
            int(_clamp(math.floor(centre + rng.gauss(0, 0.45) + 0.5), low, high))
            for _ in range(count)
        ]
        if allowed is not None and max(scores) - min(scores) > allowed:
            first = math.floor(centre + 0.5) - allowed // 2
            first = int(_clamp(first, low, high - allowed))
            scores = [int(_clamp(score, first, first + allowed)) for score in scores]
        return scores

    def disagreement(self, count: int, low: int, high: int, allowed: int) -> list[int]:
        """Scores whose spread is beyond ``allowed``: one rater low, one high."""
        rng = self.rng
        bottom = rng.randint(low, high - allowed - 1)
        top = rng.randint(bottom + allowed + 1, high)
        scores = [bottom, top] + [rng.randint(bottom, top) for _ in range(count - 2)]
        rng.shuffle(scores)
        return scores
