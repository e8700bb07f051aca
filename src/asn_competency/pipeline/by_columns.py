"""The ``columns`` engine: the reference engine's run, with the stages that can be decided over
whole columns decided so (:mod:`.columnar`), the others candidate by candidate as in the
reference.

``run(..., engine="columns")`` gives the same decisions and byte-identical records as the
reference (a differential test runs both on every shipped policy). Each row's evaluations
are kept as references into the columns and built as the records hold them when the records
are written (each distinct value written once:
:meth:`~asn_competency.expressions.columns.ColumnEvaluation.row_data`).

A stage that the column-wise pipeline does not decide yet (:class:`~.columnar.UnsupportedError`:
a score kind, a minimum, a formula that fails on some row) runs as in the reference, so
every policy runs under either engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, overload

import numpy as np

from asn_competency.expressions.columnar.evaluation import RowData
from asn_competency.expressions.columns import ColumnEvaluation
from asn_competency.model import (
    EligibilityStage,
    IntegrationStage,
    RankingStage,
    ShortlistStage,
    TestStage,
)
from asn_competency.pipeline import columnar
from asn_competency.pipeline.columnar import Population, UnsupportedError
from asn_competency.pipeline.engine import STAGE_KINDS, StageRun, _Candidate, _Runner
from asn_competency.pipeline.outcomes import NO_DETAIL, StageResult
from asn_competency.scoring import ScoreResult

__all__ = ["COLUMN_STAGE_KINDS"]


class _Evaluations(Sequence[RowData]):
    """The evaluations of row ``index`` of a stage decided over columns, each made when read
    (:meth:`~asn_competency.expressions.columns.ColumnEvaluation.row_data`): a run keeps one
    such object per candidate and stage until its records are written, not one per rule."""

    __slots__ = ("_index", "_listed")

    def __init__(
        self, listed: Sequence[tuple[ColumnEvaluation, tuple[str | int, ...]]], index: int
    ) -> None:
        self._listed = listed
        self._index = index

    def __len__(self) -> int:
        return len(self._listed)

    @overload
    def __getitem__(self, k: int) -> RowData: ...
    @overload
    def __getitem__(self, k: slice) -> Sequence[RowData]: ...
    def __getitem__(self, k: int | slice) -> RowData | Sequence[RowData]:
        if isinstance(k, slice):
            return tuple(self)[k]
        column, at = self._listed[k]
        return column.row_data(self._index, at=at)


class _Scores(Sequence[ScoreResult]):
    """The one score result of row ``index`` of an integration decided over columns, made
    when read (:meth:`~.columnar.ScoreRows.row`)."""

    __slots__ = ("_index", "_rows")

    def __init__(self, rows: columnar.ScoreRows, index: int) -> None:
        self._rows = rows
        self._index = index

    def __len__(self) -> int:
        return 1

    @overload
    def __getitem__(self, k: int) -> ScoreResult: ...
    @overload
    def __getitem__(self, k: slice) -> Sequence[ScoreResult]: ...
    def __getitem__(self, k: int | slice) -> ScoreResult | Sequence[ScoreResult]:
        return (self._rows.row(self._index),)[k]


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
        state["positions"] = {id(c): n for n, c in enumerate(everyone)}
    found: Population = state["population"]
    return found


def _rows(runner: _Runner, active: list[_Candidate]) -> Any:
    """The positions of ``active`` among the run's candidates, in their order."""
    positions: Mapping[int, int] = runner.engine_state["positions"]
    return np.array([positions[id(c)] for c in active], dtype=np.int64)


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
        _rows(runner, active),
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
    for i, c in enumerate(active):
        evaluations = () if i in decided.refused else _Evaluations(decided.evaluations, i)
        result = StageResult(
            stage.id, stage.kind, decided.outcomes[i], None, decided.reasons[i], evaluations
        )
        runner.stop(c, result)


def _test(
    runner: _Runner, stage: TestStage, active: list[_Candidate], everyone: list[_Candidate]
) -> None:
    decided = _decided(columnar.test_stage, runner, stage, active, everyone)
    for i, c in enumerate(active):
        listed = decided.evaluations[i]
        if listed:  # the base rule was reached: optimisation reads whether it was met
            c.base_rules[stage.id] = bool(decided.base_met[i])
        evaluations = _Evaluations(listed, i) if listed else ()
        exception = decided.exceptions[i]
        detail = {"exception": exception} if exception is not None else NO_DETAIL
        result = StageResult(
            stage.id,
            stage.kind,
            decided.outcomes[i],
            decided.scores[i],
            decided.reasons[i],
            evaluations,
            detail,
        )
        runner.stop(c, result)


def _integration(
    runner: _Runner, stage: IntegrationStage, active: list[_Candidate], everyone: list[_Candidate]
) -> None:
    decided = _decided(columnar.integration, runner, stage, active, everyone)
    for i, c in enumerate(active):
        result = StageResult(
            stage.id,
            stage.kind,
            decided.outcomes[i],
            decided.scores[i],
            decided.reasons[i],
            scores=_Scores(decided.results, i),
        )
        runner.stop(c, result)


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
        for i, c in enumerate(active):
            c.order_values[stage.id] = decided.values[i]
            result = StageResult(
                stage.id,
                stage.kind,
                decided.outcomes[i],
                None,
                decided.reasons[i],
                (),
                decided.details[i],
            )
            if isinstance(stage, RankingStage):
                c.rank = decided.ranks[i]
            runner.stop(c, result)
        if isinstance(stage, RankingStage):
            runner.last_ranking = stage

    return run_stage


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
