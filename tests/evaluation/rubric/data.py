"""Synthetic cycles of the shipped policies for the rubric analyses' tests, and a policy copy
with one weighted sum's weights changed (what a full run of changed weights reads)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from asn_competency import load
from asn_competency.evaluation.rubric import Replay
from asn_competency.model import SelectionPolicy
from asn_competency.model.scores import Criterion, WeightedSumScore
from asn_competency.testing.synth import SynthData, synthesize
from tests.conftest import RUBRICS

#: The shipped selection policies and the as-of date each is run on (the demo's dates).
POLICIES = {
    "gayungan-2026.yaml": dt.date(2026, 3, 31),
    "cpns-2024.yaml": dt.date(2024, 9, 10),
}


@cache
def policy(name: str) -> SelectionPolicy:
    """A shipped policy, loaded once."""
    loaded = load(RUBRICS / name)
    assert isinstance(loaded, SelectionPolicy)
    return loaded


@cache
def cycle(name: str, applicants: int, seed: int) -> SynthData:
    """A synthetic cycle of a shipped policy."""
    return synthesize(policy(name), applicants=applicants, seed=seed, as_of=POLICIES[name])


def inputs(name: str, applicants: int, seed: int) -> dict[str, Any]:
    """The keyword arguments of ``run`` (and :class:`Replay`) for a synthetic cycle."""
    data = cycle(name, applicants, seed)
    return {
        "formations": data.formations,
        "ratings": data.ratings or None,
        "as_of": POLICIES[name],
    }


@cache
def replay(name: str, applicants: int, seed: int) -> Replay:
    """A shipped policy's synthetic cycle, kept at its weighted stage."""
    return Replay(
        policy(name), cycle(name, applicants, seed).candidates, **inputs(name, applicants, seed)
    )


def with_weights(
    base: SelectionPolicy, score: str, weights: dict[str, Fraction]
) -> SelectionPolicy:
    """A copy of ``base`` whose weighted sum ``score`` weighs its criteria by ``weights``
    (written as whole numbers over a common denominator, ``weights: normalised``)."""
    definition = base.scores[score]
    assert isinstance(definition, WeightedSumScore)
    common = 1
    for value in weights.values():
        common = common * value.denominator // _gcd(common, value.denominator)
    criteria = [
        Criterion(
            id=c.id,
            input=c.input,
            weight=Decimal(int(weights[c.id] * common)),
            minimum=c.minimum,
            name=c.name,
        )
        for c in definition.criteria
    ]
    changed = definition.model_copy(update={"criteria": criteria, "weights": "normalised"})
    return base.model_copy(update={"scores": {**base.scores, score: changed}})


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a
