"""The ``columns`` engine: the reference engine's run, with the stages that can be decided over
whole columns decided so (:mod:`.columnar`), the others candidate by candidate as in the
reference.

``run(..., engine="columns")`` gives the same decisions and byte-identical records as the
reference (a differential test runs both on every shipped policy). A stage decided over
columns keeps its results as columns (:class:`~.column_results.StageColumn`), each
candidate's result a view of its row; evaluations are built as the records hold them when the
records are written (each distinct value written once:
:meth:`~asn_competency.expressions.columns.ColumnEvaluation.encoded`).

A stage that the column-wise pipeline does not decide yet (:class:`~.columnar.UnsupportedError`:
a score kind, a minimum, a formula that fails on some row) runs as in the reference, so
every policy runs under either engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from asn_competency.model import (
    EligibilityStage,
    IntegrationStage,
    RankingStage,
    ShortlistStage,
    TestStage,
)
from asn_competency.pipeline import columnar
from asn_competency.pipeline.column_results import StageColumn
from asn_competency.pipeline.columnar import Population, UnsupportedError
from asn_competency.pipeline.engine import STAGE_KINDS, StageRun, _Candidate, _Runner
from asn_competency.pipeline.outcomes import NO_DETAIL

__all__ = ["COLUMN_STAGE_KINDS"]


def _population(runner: _Runner, everyone: list[_Candidate]) -> Population:
    """The run's candidates as columns, built once per run (kept on the runner), and each
    candidate's position among them."""
    state = runner.engine_state
    if "population" not in state:
        state["population"] = Population.of(
            runner.policy,
            [c.row for c in everyone],
            runner.formations,
            values=[c.values for c in everyone],  # the run's own: rating stages write here
        )
        for n, c in enumerate(everyone):
            c.position = n
    found: Population = state["population"]
    return found


def _rows(active: list[_Candidate]) -> Any:
    """The positions of ``active`` among the run's candidates, in their order."""
    return np.fromiter((c.position for c in active), dtype=np.int64, count=len(active))


def _decided(
    decide: Callable[..., Any],
    runner: _Runner,
    stage: Any,
    active: list[_Candidate],
    everyone: list[_Candidate],
) -> Any:
    """What a column-wise stage (:mod:`.columnar`) decides for the active candidates."""
    return decide(
        stage,
        runner.plan,
        _population(runner, everyone),
        _rows(active),
        parameters=runner.parameters,
        as_of=runner.as_of,
    )


def _or_reference(kind: str, decide: StageRun) -> StageRun:
    """``decide``, or the reference's way for this kind when it cannot decide the stage."""

    def run_stage(
        runner: _Runner, stage: Any, active: list[_Candidate], everyone: list[_Candidate]
    ) -> None:
        if not active:  # nothing to decide over columns: the reference's way does the rest
            STAGE_KINDS[kind](runner, stage, active, everyone)
            return
        try:
            decide(runner, stage, active, everyone)
        except UnsupportedError:
            STAGE_KINDS[kind](runner, stage, active, everyone)

    return run_stage


def _eligibility(
    runner: _Runner, stage: EligibilityStage, active: list[_Candidate], everyone: list[_Candidate]
) -> None:
    decided = _decided(columnar.eligibility, runner, stage, active, everyone)
    listed, refused = decided.evaluations, decided.refused
    column = StageColumn(
        stage.id,
        stage.kind,
        decided.outcomes,
        decided.reasons,
        evaluations=lambda i: () if i in refused else listed,
    )
    _stop(runner, active, column)


def _test(
    runner: _Runner, stage: TestStage, active: list[_Candidate], everyone: list[_Candidate]
) -> None:
    decided = _decided(columnar.test_stage, runner, stage, active, everyone)
    exceptions = decided.exceptions
    column = StageColumn(
        stage.id,
        stage.kind,
        decided.outcomes,
        decided.reasons,
        scores=decided.scores,
        evaluations=decided.evaluations.__getitem__,
        details=lambda i: NO_DETAIL if exceptions[i] is None else {"exception": exceptions[i]},
    )
    base_met, listed = decided.base_met.tolist(), decided.evaluations
    for i, c in enumerate(active):
        if listed[i]:  # the base rule was reached: optimisation reads whether it was met
            c.base_rules[stage.id] = base_met[i]
    _stop(runner, active, column)


def _integration(
    runner: _Runner, stage: IntegrationStage, active: list[_Candidate], everyone: list[_Candidate]
) -> None:
    decided = _decided(columnar.integration, runner, stage, active, everyone)
    column = StageColumn(
        stage.id,
        stage.kind,
        decided.outcomes,
        decided.reasons,
        scores=decided.scores,
        score_rows=decided.results,
    )
    _stop(runner, active, column)


def _pooled(
    decide: Callable[..., columnar.PooledColumns],
) -> StageRun:
    def run_stage(
        runner: _Runner,
        stage: ShortlistStage | RankingStage,
        active: list[_Candidate],
        everyone: list[_Candidate],
    ) -> None:
        decided = _decided(decide, runner, stage, active, everyone)
        column = StageColumn(
            stage.id,
            stage.kind,
            decided.outcomes,
            decided.reasons,
            details=decided.details.__getitem__,
        )
        for i, c in enumerate(active):
            c.order_values[stage.id] = decided.values[i]
        if isinstance(stage, RankingStage):
            for c, rank in zip(active, decided.ranks, strict=True):
                c.rank = rank
            runner.last_ranking = stage
        _stop(runner, active, column)

    return run_stage


def _stop(runner: _Runner, active: list[_Candidate], column: StageColumn) -> None:
    """Give each active candidate its result in ``column`` (row ``i`` is ``active[i]``)."""
    stop, result = runner.stop, column.result
    for i, c in enumerate(active):
        stop(c, result(i))


#: The ``columns`` engine's way for each stage kind: over columns where it can, else the
#: reference's.
COLUMN_STAGE_KINDS: Mapping[str, StageRun] = {
    **STAGE_KINDS,
    "eligibility": _or_reference("eligibility", _eligibility),
    "test": _or_reference("test", _test),
    "shortlist": _or_reference("shortlist", _pooled(columnar.shortlist)),
    "integration": _or_reference("integration", _integration),
    "ranking": _or_reference("ranking", _pooled(columnar.ranking)),
}
