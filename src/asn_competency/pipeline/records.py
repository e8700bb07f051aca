"""A run's decisions as the rows of ``results.csv``, and counts per outcome.

Numbers are exact: a terminating decimal is written as such (``61.491``), any other fraction
as ``p/q`` (``800/11``) so that nothing is lost to rounding. The decision records and their
hash chain are the audit layer's (:mod:`asn_competency.audit.ledger`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from asn_competency.expressions.data import exact
from asn_competency.model import IntegrationStage, Stage
from asn_competency.model.scores import JpmScore

if TYPE_CHECKING:  # only in annotations: the engine imports this module
    from asn_competency.pipeline.engine import RunResult
    from asn_competency.pipeline.outcomes import StageResult

__all__ = ["exact", "result_columns", "result_rows", "result_table", "summary"]


def result_columns(result: RunResult) -> list[str]:
    """The columns of ``results.csv``."""
    columns = [
        "candidate_id",
        "row",
        "formation_id",
        "track",
        "final_status",
        "final_status_label",
        "rank",
        "final_score",
        "placement_formation_id",
    ]
    for stage in result.policy.stages:
        columns += [f"{stage.id}.outcome", f"{stage.id}.score"]
        for score in _reported(stage):
            columns.append(f"{stage.id}.{score}")
            reported = result.policy.scores[score]
            if isinstance(reported, JpmScore) and reported.factors == "all":  # a band
                columns.append(f"{stage.id}.{score}.band")
    return columns


def _reported(stage: Stage) -> list[str]:
    """The scores an integration stage reports beside the final score."""
    return list(stage.report) if isinstance(stage, IntegrationStage) else []


def result_rows(result: RunResult) -> Iterator[dict[str, str]]:
    """One row per decision, in canonical order: every column of ``results.csv``
    (:func:`result_columns`) with its value as text, empty where the decision has none."""
    columns = result_columns(result)
    for row in result_table(result):
        yield dict(zip(columns, row, strict=True))


def result_table(result: RunResult) -> Iterator[list[str]]:
    """One row per decision, in canonical order, as the list of its cells in the order of
    :func:`result_columns` (an empty cell where the decision has no value): what
    ``results.csv`` holds, built without a mapping per row."""
    columns = result_columns(result)
    place = {column: i for i, column in enumerate(columns)}
    empty = [""] * len(columns)
    stages: dict[str, tuple[int | None, int | None]] = {}  # a stage's two cells
    for decision in result.decisions:
        row = empty.copy()
        row[:9] = (
            decision.candidate_id or "",
            str(decision.row),
            decision.formation_id or "",
            decision.track or "",
            decision.final_status,
            decision.label,
            "" if decision.rank is None else str(decision.rank),
            exact(decision.final_score) or "",
            decision.placement_formation_id or "",
        )
        for stage in decision.stages:
            found = stages.get(stage.stage_id)
            if found is None:
                stage_id = stage.stage_id
                found = (place.get(f"{stage_id}.outcome"), place.get(f"{stage_id}.score"))
                stages[stage_id] = found
            outcome, score = found
            if outcome is not None:
                row[outcome] = stage.outcome
            if score is not None and stage.score is not None:
                row[score] = exact(stage.score) or ""
            if stage.detail:
                _reported_cells(stage, row, place)
        yield row


def _reported_cells(stage: StageResult, row: list[str], place: dict[str, int]) -> None:
    """The scores a stage reports beside its own, into their cells of ``row``."""
    for name, found in stage.detail.get("reported", {}).items():
        column = place.get(f"{stage.stage_id}.{name}")
        if column is not None:
            row[column] = exact(found["value"]) or ""
        if found["band"] is not None:
            column = place.get(f"{stage.stage_id}.{name}.band")
            if column is not None:
                row[column] = found["band"]


def summary(result: RunResult) -> dict[str, dict[str, int]]:
    """Counts per stage outcome (by stage) and per final status."""
    stages: dict[str, dict[str, int]] = {s.id: {} for s in result.policy.stages}
    counted = Counter((s.stage_id, s.outcome) for d in result.decisions for s in d.stages)
    for (stage_id, outcome), count in counted.items():
        stages[stage_id][outcome] = count
    return {**{k: dict(sorted(v.items())) for k, v in stages.items()}, "final": result.counts()}
