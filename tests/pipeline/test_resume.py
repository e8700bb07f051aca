"""Resuming a run from a stage (``pipeline/resume.py``) decides as a full run does: a
differential test against ``run`` on the shipped policies' synthetic cycles, unchanged and
with the weights of the final score changed (a copy of the policy so weighted)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asn_competency import run
from asn_competency.errors import PolicyError
from asn_competency.model import IntegrationStage, RankingStage
from asn_competency.pipeline import Checkpoint, Resumed, run_until
from tests.evaluation.rubric.data import cycle, inputs, policy, with_weights

NAMES = ["gayungan-2026.yaml", "cpns-2024.yaml"]


def _integration(name: str) -> str:
    return next(s.id for s in policy(name).stages if isinstance(s, IntegrationStage))


def _checkpoint(name: str, size: int, seed: int, stage: str | None = None) -> Checkpoint:
    data = cycle(name, size, seed)
    return run_until(
        policy(name), data.candidates, stage=stage or _integration(name), **inputs(name, size, seed)
    )


def _stages(stages: Any) -> list[tuple[Any, ...]]:
    """What each stage decided: outcome, score, reasons and detail (evaluations are kept as
    references into the run's columns, compared by the records' tests)."""
    return [(s.stage_id, s.outcome, s.score, s.reasons, s.detail) for s in stages]


def _from_run(result: Any) -> list[tuple[Any, ...]]:
    return [
        (
            d.candidate_id,
            d.row,
            d.formation_id,
            d.track,
            d.final_status,
            d.rank,
            d.placement_formation_id,
            d.final_score,
            _stages(d.stages),
        )
        for d in result
    ]


def _resumed(decided: tuple[Resumed, ...]) -> list[tuple[Any, ...]]:
    return [
        (
            r.candidate_id,
            r.row,
            r.formation_id,
            r.track,
            r.final_status,
            r.rank,
            r.placed_in,
            r.final_score,
            _stages(r.stages),
        )
        for r in decided
    ]


@pytest.mark.parametrize("name", NAMES)
def test_resuming_unchanged_gives_the_runs_decisions(name: str) -> None:
    """Resumed at the integration stage with nothing changed: every row's decision is the
    run's, in the run's order, stage by stage (outcome, score, reasons, detail)."""
    data = cycle(name, 300, 3)
    expected = run(policy(name), data.candidates, **inputs(name, 300, 3))
    checkpoint = _checkpoint(name, 300, 3)
    assert _resumed(checkpoint.decide()) == _from_run(expected)
    assert len(checkpoint.candidates) == len(expected)


@settings(max_examples=20, deadline=None)
@given(
    name=st.sampled_from(NAMES),
    seed=st.integers(0, 2),
    weights=st.lists(st.integers(1, 20), min_size=2, max_size=2),
)
def test_changed_weights_decide_as_a_run_of_the_changed_policy(
    name: str, seed: int, weights: list[int]
) -> None:
    """Any weights of the final weighted sum: the resumed decisions equal a full run of the
    policy copy so weighted, stage by stage (ties, quotas, optimisation by the engine)."""
    checkpoint = _checkpoint(name, 150, seed)
    chosen = dict(zip(checkpoint.criteria, map(Fraction, weights), strict=False))
    shares = {k: v / sum(chosen.values()) for k, v in chosen.items()}
    assert isinstance(checkpoint.stage, IntegrationStage)
    score = checkpoint.stage.score
    changed = with_weights(policy(name), score, shares)
    expected = run(changed, cycle(name, 150, seed).candidates, **inputs(name, 150, seed))
    assert _resumed(checkpoint.decide(weights=chosen)) == _from_run(expected)


def test_changed_values_decide_as_a_run_on_the_changed_data() -> None:
    """Every SKB value moved by two points: the resumed decisions with those values equal a
    full run on data whose SKB CAT scores give them, from the integration stage on (the SKB
    stage before it reports the changed data's score, which the checkpoint does not)."""
    name = "cpns-2024.yaml"
    data = cycle(name, 150, 1)
    rows = [dict(row) for row in data.candidates]
    for row in rows:
        value = row.get("skb_cat", "").strip()
        if value.isdigit() and 2 <= int(value) <= 500:
            row["skb_cat"] = str(int(value) - 2)
    expected = run(policy(name), rows, **inputs(name, 150, 1))
    kept = _checkpoint(name, 150, 1)
    moved = run_until(policy(name), rows, stage=_integration(name), **inputs(name, 150, 1))
    assert [s.key for s in kept.reached] == [s.key for s in moved.reached]
    stage = kept.stage_index

    def onward(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [(*row[:-1], row[-1][stage:]) for row in rows]

    assert onward(_resumed(kept.decide(values=moved.values))) == onward(_from_run(expected))
    assert _resumed(kept.decide(values=moved.values)) != _resumed(kept.decide())


def test_a_run_resumed_at_a_ranking_stage() -> None:
    """Resumed at the final ranking (a pooled stage): the run's decisions; the rows reaching
    it are those the integration stage advanced."""
    name = "cpns-2024.yaml"
    ranking = next(s.id for s in policy(name).stages if isinstance(s, RankingStage))
    data = cycle(name, 200, 2)
    expected = run(policy(name), data.candidates, **inputs(name, 200, 2))
    checkpoint = _checkpoint(name, 200, 2, stage=ranking)
    assert _resumed(checkpoint.decide()) == _from_run(expected)
    assert all(s.results[-1].outcome == "advanced" for s in checkpoint.reached)
    with pytest.raises(ValueError, match="not decided by a weighted sum"):
        checkpoint.decide(weights={"skd": Fraction(1), "skb": Fraction(1)})


def test_deciding_leaves_the_checkpoint_as_it_was() -> None:
    """A changed decision changes nothing kept: the next unchanged one is the run's again,
    and the states before the stage still end before it."""
    checkpoint = _checkpoint("cpns-2024.yaml", 150, 0)
    first = _resumed(checkpoint.decide())
    skewed = checkpoint.decide(weights={"skd": Fraction(9), "skb": Fraction(1)})
    assert _resumed(skewed) != first
    assert _resumed(checkpoint.decide()) == first
    stage = checkpoint.stage_index
    assert all(len(s.results) == stage for s in checkpoint.reached)


def test_weights_in_force_and_the_criteria_values() -> None:
    """The weights are those in force, normalised (CPNS: SKD 40 %, SKB 60 %), and each
    criterion has one value per reached row."""
    checkpoint = _checkpoint("cpns-2024.yaml", 150, 0)
    assert checkpoint.weights == {"skd": Fraction(2, 5), "skb": Fraction(3, 5)}
    assert {len(v) for v in checkpoint.values.values()} == {len(checkpoint.reached)}


def test_what_cannot_be_resumed_is_refused() -> None:
    """An unknown stage, a stage that is not an integration or pooled one, and a change the
    checkpoint cannot make are refused with the library's error (a ``ValueError``), coded
    ``resume.unsupported`` or ``resume.change`` and naming the problem."""
    name = "cpns-2024.yaml"
    data = cycle(name, 50, 0)
    refusals: list[tuple[str, str, Callable[[], object]]] = [
        (
            "resume.unsupported",
            "no stage 'nowhere'",
            lambda: run_until(
                policy(name), data.candidates, stage="nowhere", **inputs(name, 50, 0)
            ),
        ),
        (
            "resume.unsupported",
            "a run resumes at",
            lambda: run_until(policy(name), data.candidates, stage="skd", **inputs(name, 50, 0)),
        ),
    ]
    checkpoint = _checkpoint(name, 50, 0)
    refusals += [
        (
            "resume.change",
            "exactly the criteria",
            lambda: checkpoint.decide(weights={"skd": Fraction(1)}),
        ),
        (
            "resume.change",
            "not all zero",
            lambda: checkpoint.decide(weights={"skd": Fraction(0), "skb": Fraction(0)}),
        ),
        (
            "resume.change",
            "one value per reached row",
            lambda: checkpoint.decide(values={"skb": []}),
        ),
        ("resume.change", "no criterion", lambda: checkpoint.decide(values={"twk": []})),
    ]
    for code, words, call in refusals:
        with pytest.raises(ValueError, match=words) as raised:
            call()
        assert isinstance(raised.value, PolicyError)
        assert raised.value.codes == [code]


def test_inputs_are_read_as_run_reads_them() -> None:
    """No as-of date anywhere: the same problem as ``run`` (param.no-value)."""
    name = "cpns-2024.yaml"
    given = {**inputs(name, 20, 0), "as_of": None}
    bare = policy(name).model_copy(update={"as_of": None})
    with pytest.raises(PolicyError) as caught:
        run_until(bare, cycle(name, 20, 0).candidates, stage="integrasi", **given)
    assert caught.value.problems[0].code == "param.no-value"
