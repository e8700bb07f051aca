"""Benchmark: the rubric analyses on synthetic applicants, against a full run per change.

    .venv/bin/python benchmarks/sensitivity.py [APPLICANTS] [--seed S] [--full-runs N]

For each shipped selection policy with a weighted final score (Gayungan 2026, CPNS 2024),
draws APPLICANTS synthetic applicants (default 10,000; ``asn_competency.testing.synth``,
fixed seed) and times, each once:

- a full ``run(policy, ..., engine="columns")``;
- building the :class:`~asn_competency.evaluation.rubric.Replay` (the stages before the
  weighted one, once);
- the first re-decision from the weighted stage, with the policy's weights (it also computes
  the kept values of the ordering keys), and a further one with changed weights;
- ``weight_sensitivity`` (two re-decisions per criterion), ``flip_weights`` for the first
  selected candidate, ``threshold_curves``, ``policy_effective_weights``, and
  ``rank_stability`` with 20 replications;
- ``--full-runs`` full runs of the policy with changed weights (a policy copy), the cost the
  re-decisions avoid, compared decision by decision with the re-decisions of the same
  weights (exit status 1 on a difference).

Times are wall-clock seconds on the machine it runs on; they vary with its load, so the
figures quoted in ``docs/rubric-analysis.md`` name the machine and the date they were taken.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

from asn_competency import load, run
from asn_competency.evaluation.rubric import (
    Replay,
    flip_weights,
    policy_effective_weights,
    rank_stability,
    threshold_curves,
    weight_sensitivity,
)
from asn_competency.model import SelectionPolicy
from asn_competency.model.scores import Criterion, WeightedSumScore
from asn_competency.testing.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent
POLICIES = {"gayungan-2026.yaml": dt.date(2026, 3, 31), "cpns-2024.yaml": dt.date(2024, 9, 10)}
T = TypeVar("T")


def timed(label: str, action: Callable[[], T]) -> T:
    """Run ``action`` once and print how long it took."""
    started = time.perf_counter()
    result = action()
    print(f"  {label:<44} {time.perf_counter() - started:7.2f} s", flush=True)
    return result


def changed(policy: SelectionPolicy, score: str, shares: dict[str, Fraction]) -> SelectionPolicy:
    """A copy of ``policy`` whose weighted sum ``score`` weighs by ``shares`` (normalised)."""
    definition = policy.scores[score]
    if not isinstance(definition, WeightedSumScore):
        raise TypeError(score)
    common = 1
    for value in shares.values():
        common = common * value.denominator // _gcd(common, value.denominator)
    criteria = [
        c.model_copy(update={"weight": Decimal(int(shares[c.id] * common))})
        for c in definition.criteria
    ]
    assert all(isinstance(c, Criterion) for c in criteria)  # noqa: S101 - a benchmark's check
    new = definition.model_copy(update={"criteria": criteria, "weights": "normalised"})
    return policy.model_copy(update={"scores": {**policy.scores, score: new}})


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def bench(name: str, applicants: int, seed: int, full_runs: int) -> bool:
    """Time one policy; whether every full run agreed with its re-decision."""
    as_of = POLICIES[name]
    policy = load(ROOT / "rubrics" / name)
    assert isinstance(policy, SelectionPolicy)  # noqa: S101 - shipped policies are policies
    data = synthesize(policy, applicants=applicants, seed=seed, as_of=as_of)
    inputs: dict[str, Any] = {
        "formations": data.formations,
        "ratings": data.ratings or None,
        "as_of": as_of,
    }
    print(f"{policy.id}: {applicants} applicants, {len(data.formations)} formations")
    timed("full run (columns engine)", lambda: run(policy, data.candidates, **inputs))
    replay = timed(
        "Replay: stages before the weighted one", lambda: Replay(policy, data.candidates, **inputs)
    )
    print(f"  ({len(replay.reached)} reached the weighted stage)")
    timed("first re-decision, the policy's weights", replay.decide)
    first, second = replay.criteria[:2]
    shifted = {**replay.weights, first: replay.weights[first] * Fraction(11, 10)}
    timed("further re-decision, changed weights", lambda: replay.decide(shifted))
    timed("weight_sensitivity (±10% of each share)", lambda: weight_sensitivity(replay))
    selected = sorted(k for k, o in replay.decide().items() if o.selected)
    if selected:
        timed(f"flip_weights({selected[0]})", lambda: flip_weights(replay, selected[0]))
    timed("policy_effective_weights", lambda: policy_effective_weights(replay))
    timed("threshold_curves", lambda: threshold_curves(replay))
    timed("rank_stability (20 replications)", lambda: rank_stability(replay, replications=20))
    agreed = True
    for number in range(full_runs):
        share = Fraction(3 + number, 10)
        shares = {first: share, second: 1 - share}
        shares.update({k: Fraction(0) for k in replay.criteria[2:]})
        copy = changed(policy, replay.score_id, shares)
        label = f"full run, {first} share {share}"
        result = timed(label, lambda copy=copy: run(copy, data.candidates, **inputs))  # type: ignore[misc]
        again = replay.decide(shares)
        for decision in result:
            outcome = again[decision.candidate_id or f"row {decision.row}"]
            if (decision.final_status, decision.rank) != (outcome.final_status, outcome.rank):
                print(f"  DIFFERENT: {decision.candidate_id}", file=sys.stderr)
                agreed = False
                break
    return agreed


def main() -> int:
    """Parse the arguments and time every policy."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("applicants", nargs="?", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--full-runs", type=int, default=2, dest="full_runs")
    args = parser.parse_args()
    agreed = [bench(name, args.applicants, args.seed, args.full_runs) for name in POLICIES]
    return 0 if all(agreed) else 1


if __name__ == "__main__":
    raise SystemExit(main())
