"""Every result of the rubric analyses has a pandas view and an escaped notebook view."""

from __future__ import annotations

from typing import Any

import pytest

from asn_competency.evaluation.rubric import (
    effective_weights,
    flip_weights,
    policy_effective_weights,
    rank_stability,
    redundancy,
    threshold_curves,
    weight_sensitivity,
)
from tests.evaluation.rubric.data import replay


def _results() -> list[Any]:
    kept = replay("cpns-2024.yaml", 200, 8)
    selected = sorted(k for k, o in kept.decide().items() if o.selected)
    return [
        effective_weights({"<b>a</b>": [1, 2, 3], "b": [3, 1, 2]}, {"<b>a</b>": 1, "b": 1}),
        policy_effective_weights(kept),
        weight_sensitivity(kept),
        flip_weights(kept, selected[0]),
        threshold_curves(kept),
        redundancy({"<b>a</b>": [1, 2, 3, 4], "b": [2, 1, 4, 3]}),
        rank_stability(kept, replications=2),
    ]


def test_each_result_has_a_data_frame_of_its_records() -> None:
    """to_pandas() gives one row per record, with the records' columns; exact fractions
    become floats."""
    pytest.importorskip("pandas")
    for result in _results():
        records = result.records()
        frame = result.to_pandas()
        assert len(frame) == len(records)
        if records:
            assert list(frame.columns) == list(records[0])
    frame = effective_weights({"a": [1, 2], "b": [2, 1]}, {"a": 1, "b": 3}).to_pandas()
    assert frame["nominal"].tolist() == [0.25, 0.75]


def test_each_result_shows_as_escaped_html() -> None:
    """_repr_html_ is a table, and a criterion named like markup is shown as text."""
    for result in _results():
        shown = result._repr_html_()
        assert "<table>" in shown
        assert "<b>a</b>" not in shown
    assert "&lt;b&gt;a&lt;/b&gt;" in _results()[0]._repr_html_()


def test_results_are_frozen() -> None:
    """A result cannot be changed after it is made."""
    result = effective_weights({"a": [1, 2], "b": [2, 1]}, {"a": 1, "b": 1})
    with pytest.raises(AttributeError):
        result.applicants = 3  # type: ignore[misc]
