"""Re-deciding from the weighted stage gives the engine's decisions: a differential test
against a full run of a copy of the policy with the weights changed."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asn_competency import run
from asn_competency.errors import PolicyError
from asn_competency.evaluation.rubric import Outcome, Replay
from tests.evaluation.rubric.data import cycle, inputs, policy, replay, with_weights


def _decisions(result: object) -> dict[str, tuple[object, ...]]:
    return {
        d.candidate_id or f"row {d.row}": (d.final_status, d.rank, d.placement_formation_id)
        for d in result  # type: ignore[attr-defined]
    }


def _replayed(outcomes: dict[str, Outcome]) -> dict[str, tuple[object, ...]]:
    return {key: (o.final_status, o.rank, o.placed_in) for key, o in outcomes.items()}


@pytest.mark.parametrize("name", ["gayungan-2026.yaml", "cpns-2024.yaml"])
def test_the_policys_own_weights_give_the_runs_decisions(name: str) -> None:
    """With the policy's weights, a re-decision is the run's decisions, candidate by
    candidate (status, rank, placement)."""
    data = cycle(name, 400, 11)
    expected = run(policy(name), data.candidates, **inputs(name, 400, 11))
    assert _replayed(replay(name, 400, 11).decide()) == _decisions(expected)


@settings(max_examples=30)
@given(
    name=st.sampled_from(["gayungan-2026.yaml", "cpns-2024.yaml"]),
    seed=st.integers(0, 3),
    first=st.integers(1, 30),
    second=st.integers(1, 30),
)
def test_changed_weights_decide_as_a_full_run_of_the_changed_policy(
    name: str, seed: int, first: int, second: int
) -> None:
    """Any weights: re-deciding from the weighted stage equals a full run of the policy copy
    with those weights (ties, quotas and optimisation by the engine)."""
    kept = replay(name, 150, seed)
    criteria = kept.criteria
    weights = {criteria[0]: Fraction(first), criteria[1]: Fraction(second)}
    shares = {k: v / (first + second) for k, v in weights.items()}
    changed = with_weights(policy(name), kept.score_id, shares)
    expected = run(changed, cycle(name, 150, seed).candidates, **inputs(name, 150, seed))
    assert _replayed(kept.decide(weights)) == _decisions(expected)


@settings(max_examples=6)
@given(seed=st.integers(0, 3), shift=st.integers(-3, 3))
def test_changed_values_decide_as_a_full_run_of_the_changed_data(seed: int, shift: int) -> None:
    """Criterion values changed (every SKB CAT score moved by a few points): re-deciding with
    the new values equals a full run on the changed data."""
    name = "cpns-2024.yaml"
    data = cycle(name, 150, seed)
    rows = [dict(row) for row in data.candidates]
    for row in rows:
        value = row.get("skb_cat", "").strip()
        if value.isdigit() and 0 <= int(value) + shift <= 500 and int(value) <= 500:
            row["skb_cat"] = str(int(value) + shift)
    expected = run(policy(name), rows, **inputs(name, 150, seed))
    changed = Replay(policy(name), rows, **inputs(name, 150, seed))
    assert _replayed(changed.decide()) == _decisions(expected)
    # and the values of the changed data, given to the unchanged replay, decide the same
    kept = replay(name, 150, seed)
    by_key = {c.key: i for i, c in enumerate(changed.reached)}
    if [c.key for c in kept.reached] == list(by_key):
        assert _replayed(kept.decide(values=changed.values)) == _decisions(expected)


def test_re_deciding_is_deterministic() -> None:
    """The same weights give the same decisions, in the same order, every time."""
    kept = replay("cpns-2024.yaml", 150, 1)
    weights = {"skd": Fraction(1, 3), "skb": Fraction(2, 3)}
    assert list(kept.decide(weights).items()) == list(kept.decide(weights).items())


def test_a_policy_without_a_weighted_stage_is_refused() -> None:
    """A score that is no weighted sum is refused with analysis.unsupported."""
    with pytest.raises(PolicyError) as caught:
        Replay(
            policy("cpns-2024.yaml"),
            cycle("cpns-2024.yaml", 50, 0).candidates,
            score="skd",
            **inputs("cpns-2024.yaml", 50, 0),
        )
    assert caught.value.problems[0].code == "analysis.unsupported"
    assert "nilai_akhir" in (caught.value.problems[0].hint or "")


@pytest.mark.parametrize("name", ["gayungan-2026.yaml", "cpns-2024.yaml"])
def test_weights_are_known_when_nobody_reaches_the_stage(name: str) -> None:
    """With nobody at the weighted stage, the weights are still those in force, normalised
    (the same as the run's candidates show)."""
    shown = replay(name, 150, 0).weights
    given = {**inputs(name, 150, 0), "ratings": None}  # nobody to rate
    nobody = Replay(policy(name), [], **given)
    assert nobody.reached == ()
    assert nobody.weights == shown
    assert sum(shown.values()) == 1
