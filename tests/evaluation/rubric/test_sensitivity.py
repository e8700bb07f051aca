"""Weight sensitivity and the flip search: what they report agrees with full runs."""

from __future__ import annotations

from fractions import Fraction

import pytest

from asn_competency import run
from asn_competency.errors import PolicyError
from asn_competency.evaluation.rubric import flip_weights, weight_sensitivity
from asn_competency.evaluation.rubric.sensitivity import _with_share
from tests.evaluation.rubric.data import cycle, inputs, policy, replay, with_weights


def _selected(name: str, weights: dict[str, Fraction] | None, seed: int) -> set[str]:
    base = policy(name)
    kept = replay(name, 200, seed)
    chosen = base if weights is None else with_weights(base, kept.score_id, weights)
    result = run(chosen, cycle(name, 200, seed).candidates, **inputs(name, 200, seed))
    return {
        d.candidate_id or ""
        for d in result
        if d.final_status in ("selected", "selected_by_optimisation")
    }


@pytest.mark.parametrize("name", ["gayungan-2026.yaml", "cpns-2024.yaml"])
def test_dropped_and_added_are_those_of_full_runs(name: str) -> None:
    """Each perturbation's dropped and added counts (all formations) are the differences
    between full runs of the policy and of its copy with the perturbed shares."""
    kept = replay(name, 200, 2)
    found = weight_sensitivity(kept, bound=Fraction(1, 4))
    before = _selected(name, None, 2)
    assert found.redecisions == 1 + 2 * len(kept.criteria)
    for row in found.overall():
        shares = _with_share(kept, row.criterion, row.share)
        after = _selected(name, shares, 2)
        assert (row.selected_before, row.dropped, row.added) == (
            len(before),
            len(before - after),
            len(after - before),
        )


def test_default_bounds_move_each_share_by_a_tenth() -> None:
    """By default each share moves to 9/10 and 11/10 of itself, the others in proportion."""
    kept = replay("cpns-2024.yaml", 200, 2)
    found = weight_sensitivity(kept)
    shares = {(r.criterion, r.direction): r.share for r in found.overall()}
    assert shares == {
        ("skd", "down"): Fraction(2, 5) * Fraction(9, 10),
        ("skd", "up"): Fraction(2, 5) * Fraction(11, 10),
        ("skb", "down"): Fraction(3, 5) * Fraction(9, 10),
        ("skb", "up"): Fraction(3, 5) * Fraction(11, 10),
    }


def test_unchanged_weights_leave_the_ranking_as_it_is() -> None:
    """Bounds equal to the current shares: tau 1 in every formation with two ranked
    candidates, nobody dropped or added."""
    kept = replay("gayungan-2026.yaml", 200, 2)
    shares = {"wawancara": Fraction(3, 5), "tes": Fraction(2, 5)}
    found = weight_sensitivity(kept, bounds={k: (v, v) for k, v in shares.items()})
    for row in found.rows:
        assert row.dropped == row.added == 0
        if row.formation != "*" and row.ranked >= 2:
            assert row.kendall_tau == pytest.approx(1.0)


def test_bounds_outside_are_refused() -> None:
    """A bound outside (0, 1), or bounds naming an unknown criterion or not holding the
    current share, raise analysis.invalid-option."""
    kept = replay("cpns-2024.yaml", 200, 2)
    for options in (
        {"bound": Fraction(3, 2)},
        {"bounds": {"skx": (0, 1)}},
        {"bounds": {"skd": (Fraction(1, 2), 1)}},
    ):
        with pytest.raises(PolicyError) as caught:
            weight_sensitivity(kept, **options)
        assert caught.value.problems[0].code == "analysis.invalid-option"


def test_flip_is_confirmed_by_full_runs() -> None:
    """For a selected candidate, at each flip found the candidate keeps their selection at
    the share ``kept`` and loses it at ``flipped``, by full runs of the changed policy."""
    name = "gayungan-2026.yaml"
    kept = replay(name, 200, 2)
    selected = sorted(k for k, o in kept.decide().items() if o.selected)
    checked = 0
    for candidate in selected:
        search = flip_weights(kept, candidate)
        assert search.status in ("selected", "selected_by_optimisation")
        for flip in search.flips:
            if flip.flipped is None:
                assert flip.kept is None
                continue
            assert flip.kept is not None
            assert abs(flip.kept - flip.current) < abs(flip.flipped - flip.current)
            before = _selected(name, _with_share(kept, flip.criterion, flip.kept), 2)
            after = _selected(name, _with_share(kept, flip.criterion, flip.flipped), 2)
            assert candidate in before
            assert candidate not in after
            checked += 1
        if checked:
            break
    assert checked, "no selected candidate's selection changes over the whole range of shares"


def test_flip_search_for_an_unknown_candidate_is_refused() -> None:
    """A candidate who did not reach the weighted stage raises analysis.unknown-candidate."""
    with pytest.raises(PolicyError) as caught:
        flip_weights(replay("cpns-2024.yaml", 200, 2), "no-such-id")
    assert caught.value.problems[0].code == "analysis.unknown-candidate"
