"""Final statuses and their announcement labels (``pipeline.outcomes``).

Reference codes: docs/domain.md, sections "CPNS result codes" and "PPPK optimisation and
result codes" (the final CPNS 2024 and PPPK 2024 codes, [W]).
"""

from __future__ import annotations

from typing import Any

import pytest

from asn_competency.pipeline import FINAL_STATUSES, Decision, StageResult
from asn_competency.pipeline.outcomes import FINAL_LABELS, MOVED_LABELS, final_label


def decision(status: Any, *stages: StageResult) -> Decision:
    """A decision with the given final status and stage results."""
    return Decision(
        candidate_id="2024-000001",
        row=2,
        formation_id="F1",
        track="umum",
        stages=stages,
        final_status=status,
    )


def optimisation(**detail: Any) -> StageResult:
    """The optimisation stage's result, placed with the given detail."""
    return StageResult("optimalisasi", "optimisation", "advanced", detail=detail)


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("selected", "L"),
        ("not_selected", "TL"),
        ("failed", "TL"),
        ("ineligible", "TMS"),
        ("absent", "TH"),
        ("needs_review", "PR"),
        ("invalid_input", "ERR"),
    ],
)
def test_each_final_status_has_its_published_code(status: str, label: str) -> None:
    """L passed, TL not passed, TMS requirements not met, TH absent; PR and ERR are this
    library's codes: a data error is never TMS."""
    assert decision(status).label == label
    assert FINAL_LABELS[status] == (label,)  # type: ignore[index]


def test_every_final_status_has_a_label() -> None:
    """No final status is left without a label."""
    assert set(FINAL_LABELS) == set(FINAL_STATUSES)
    assert "TMS" not in FINAL_LABELS["invalid_input"]


@pytest.mark.parametrize(
    ("detail", "label"),
    [
        ({"placed_in": "F2", "moved": "track"}, "L-1"),
        ({"placed_in": "F2", "moved": "formation"}, "L-2"),
        ({"placed_in": "F2"}, "L-2"),
    ],
)
def test_optimisation_label_follows_the_move(detail: dict[str, str], label: str) -> None:
    """Placed by optimisation in another track: L-1; in another formation or location of the
    same track: L-2; a stage result that does not say how it moved: L-2."""
    placed = decision("selected_by_optimisation", optimisation(**detail))
    assert placed.label == label
    assert final_label("selected_by_optimisation", placed.stages) == label
    assert label in FINAL_LABELS["selected_by_optimisation"]


def test_optimisation_without_a_stage_result_is_l_2() -> None:
    """Without an optimisation stage result the label is L-2, the move within a track."""
    assert decision("selected_by_optimisation").label == MOVED_LABELS["formation"] == "L-2"


def test_an_unknown_move_is_an_error() -> None:
    """A move the labels do not know is an error, not a guessed label."""
    placed = decision("selected_by_optimisation", optimisation(placed_in="F2", moved="agency"))
    with pytest.raises(ValueError, match="'agency'; expected one of track, formation"):
        _ = placed.label


def test_only_the_optimisation_stage_decides_the_move() -> None:
    """A 'moved' in another stage's detail does not change the label."""
    other = StageResult("peringkat", "ranking", "outranked", detail={"moved": "track"})
    assert decision("selected_by_optimisation", other).label == "L-2"
    assert decision("selected", optimisation(moved="track")).label == "L"
