"""Drawing test scores: who sits each test stage, absentees, component scores from one latent
ability, paired extra scores, and the shortlist of those who plausibly go on."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from decimal import Decimal

from asn_competency.model import DecimalField, IntegerField, ShortlistStage, TestStage
from asn_competency.testing.synth._candidates import _Person
from asn_competency.testing.synth._draw import _IDENT, _Draw, _strings
from asn_competency.testing.synth._formations import _Formation
from asn_competency.testing.synth._values import _bounded_decimal, _clamp
from asn_competency.testing.synth.catalogues import SCORE_STEPS
from asn_competency.testing.synth.rates import (
    ABILITY_LOADING,
    FIRST_TEST_ABSENT,
    LATER_TEST_ABSENT,
    SCORE_SD,
    SHORTLIST_SLACK,
    SPECIAL_TRACK_PASS,
    STAGE_PASS_SHARE,
)


@dataclass(frozen=True, slots=True)
class _Component:
    """How one test component is drawn."""

    name: str
    decl: IntegerField | DecimalField
    low: float
    high: float
    sd: float
    centre: float
    minimum: float | None
    step: int


class _Scores(_Draw):
    """Draws the scores of test stages and applies shortlists."""

    def test(
        self,
        stage: TestStage,
        people: list[_Person],
        rows: list[dict[str, str]],
        formations: list[_Formation],
        *,
        first: bool,
    ) -> None:
        """Scores for those who sit the stage; absentees; who plausibly passes."""
        rng = self.rng
        parts = self.components_of(stage)
        optional = all(not part.decl.required for part in parts)
        paired = [n for n in self.pairs if self.stage_of(n) is stage]
        absent_rate = FIRST_TEST_ABSENT if first else LATER_TEST_ABSENT
        summed = sum(part.minimum for part in parts if part.minimum is not None)
        special = {t for e in stage.exceptions for t in e.tracks}
        for index, person in enumerate(people):
            row = rows[index]
            if not person.alive:
                continue
            if optional and rng.random() < absent_rate:
                person.alive = False
                self.plant(f"absent.{stage.id}", index, row["candidate_id"], stage.id, "")
                continue
            passed = True
            total = 0.0
            for part in parts:
                text, score = self.score(part, person)
                row[part.name] = text
                total += score
                passed = passed and (part.minimum is None or score >= part.minimum)
            if person.track in special and not passed:
                passed = total >= SPECIAL_TRACK_PASS * summed
            for name in paired:
                weight = self.extra[formations[person.formation].id][self.pairs[name]]
                if weight and Decimal(weight) != 0:
                    row[name] = self.paired_value(name, person)
            person.alive = passed
            person.key = total

    def components_of(self, stage: TestStage) -> list[_Component]:
        """How each component of a test stage is drawn.

        With k thresholded components, each is centred above its minimum by the normal
        quantile of ``STAGE_PASS_SHARE ** (1 / k ** 0.85)`` standard deviations (the exponent
        allows for the components' correlation), so that about half meet every minimum."""
        minimums = [self.resolve(c.pass_minimum) for c in stage.components]
        thresholded = sum(1 for m in minimums if m is not None)
        share = STAGE_PASS_SHARE ** (1 / thresholded**0.85) if thresholded else 0.5
        shift = statistics.NormalDist().inv_cdf(share)
        parts = []
        for component, minimum in zip(stage.components, minimums, strict=True):
            decl = self.policy.candidate_fields[component.field]
            if not isinstance(decl, IntegerField | DecimalField):
                raise TypeError(f"test component field {component.field!r} is not numeric")
            low = float(decl.minimum) if decl.minimum is not None else 0.0
            top = decl.maximum if decl.maximum is not None else component.maximum
            high = float(min(Decimal(top), component.maximum))
            sd = SCORE_SD * float(component.maximum)
            centre = float(minimum) + shift * sd if minimum is not None else 0.6 * high
            step = SCORE_STEPS.get(component.field.lower(), 1)
            if not isinstance(decl, IntegerField) or int(high) % step:
                step = 1
            parts.append(
                _Component(
                    component.field,
                    decl,
                    low,
                    high,
                    sd,
                    centre,
                    None if minimum is None else float(minimum),
                    step,
                )
            )
        return parts

    def score(self, part: _Component, person: _Person) -> tuple[str, float]:
        """One component score: as written, and its value."""
        loading = math.sqrt(1 - ABILITY_LOADING**2)
        z = ABILITY_LOADING * person.ability + loading * self.rng.gauss(0, 1)
        raw = _clamp(part.centre + part.sd * z, part.low, part.high)
        if isinstance(part.decl, IntegerField):
            whole = part.step * math.floor(raw / part.step + 0.5)
            whole = int(_clamp(whole, math.ceil(part.low), math.floor(part.high)))
            return str(whole), float(whole)
        places = part.decl.places if part.decl.places is not None else 2
        text = _bounded_decimal(raw, Decimal(str(part.low)), Decimal(str(part.high)), places)
        return text, float(text)

    def stage_of(self, name: str) -> TestStage | None:
        """The test stage whose score formula (through the named scores) reads ``name``;
        otherwise the last test stage."""
        tests = [s for s in self.policy.stages if isinstance(s, TestStage)]
        for stage in tests:
            if stage.score is not None and name in self.reads(stage.score, set()):
                return stage
        return tests[-1] if tests else None

    def reads(self, formula: str, seen: set[str]) -> set[str]:
        """Every name a formula reads, following named scores."""
        names = set(_IDENT.findall(formula))
        for name in sorted(names):
            score = self.policy.scores.get(name)
            if score is not None and name not in seen:
                seen.add(name)
                for text in _strings(score.model_dump()):
                    names |= self.reads(text, seen)
        return names

    def paired_value(self, name: str, person: _Person) -> str:
        """An extra test score: bell-shaped, centred at 65% of its range."""
        decl = self.policy.candidate_fields[name]
        if not isinstance(decl, IntegerField | DecimalField):
            raise TypeError(f"paired field {name!r} is not numeric")
        low = float(decl.minimum) if decl.minimum is not None else 0.0
        high = float(decl.maximum) if decl.maximum is not None else low + 100
        noise = math.sqrt(1 - ABILITY_LOADING**2) * self.rng.gauss(0, 1)
        z = ABILITY_LOADING * person.ability + noise
        raw = _clamp(low + (high - low) * (0.65 + 0.12 * z), low, high)
        if isinstance(decl, IntegerField):
            return str(math.floor(raw + 0.5))
        places = decl.places if decl.places is not None else 2
        return _bounded_decimal(raw, Decimal(str(low)), Decimal(str(high)), places)

    def shortlist(
        self, stage: ShortlistStage, people: list[_Person], formations: list[_Formation]
    ) -> None:
        """Per formation, the best multiplier × quota (+ slack) by the last test's total."""
        groups: dict[int, list[int]] = {}
        for index, person in enumerate(people):
            if person.alive:
                groups.setdefault(person.formation, []).append(index)
        for number in sorted(groups):
            members = sorted(groups[number], key=lambda i: (-people[i].key, i))
            keep = stage.multiplier * formations[number].quota + SHORTLIST_SLACK
            for index in members[keep:]:
                people[index].alive = False
