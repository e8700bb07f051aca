"""Talent mapping: the nine-box from SKP performance and JPM potential, with declared
cut-offs and PermenPANRB 3/2020's numbering."""

from __future__ import annotations

import pytest

from asn_competency.development import gaps, nine_box, read_performance
from asn_competency.model.development_policy import PERMENPANRB_3_2020_NUMBERING
from tests.development._build import assessments, policy, policy_data, standard

#: Five competencies at level 5: a JPM of n/25 × 100 for attained levels summing to n.
FIVE = standard([(c, 5, "core") for c in ("K.P", "K.Q", "K.R", "K.S", "K.T")])


def _levels(total: int) -> dict[str, int]:
    """Levels on the five competencies summing to ``total`` (5 ≤ total ≤ 25)."""
    levels, left = {}, total
    for index, competency in enumerate(("K.P", "K.Q", "K.R", "K.S", "K.T")):
        rest = 4 - index  # competencies after this one, each at least 1
        levels[competency] = min(5, left - rest)
        left -= levels[competency]
    return levels


def _place(people: dict[str, tuple[int, str]], **changes: object) -> dict[str, object]:
    rules = policy(**changes)
    table = assessments({e: _levels(total) for e, (total, _) in people.items()})
    performance = read_performance(
        [{"employee_id": e, "period": "2025", "rating": r} for e, (_, r) in people.items()]
    )
    result = nine_box(gaps(table, FIVE, rules).profiles, performance, rules)
    return {p.employee_id: p for p in result.placements}


def test_exactly_at_a_cut_off_is_the_higher_group() -> None:
    """Cut-offs medium from 68, high from 80: a JPM of exactly 68 (17 of 25) is medium,
    exactly 80 (20 of 25) high, 64 (16 of 25) low (docs/domain.md, "Talent management,
    development and performance": the cut-offs are the institution's)."""
    placed = _place({"E68": (17, "baik"), "E80": (20, "baik"), "E64": (16, "baik")})
    assert {e: (p.jpm, p.potential) for e, p in placed.items()} == {  # type: ignore[attr-defined]
        "E68": (68, "medium"),
        "E80": (80, "high"),
        "E64": (64, "low"),
    }


@pytest.mark.parametrize(
    ("rating", "total", "box"),
    [
        ("butuh_perbaikan", 10, 1),  # below-low
        ("baik", 10, 2),  # meets-low
        ("kurang", 17, 3),  # below-medium
        ("sangat_baik", 10, 4),  # above-low
        ("baik", 17, 5),  # meets-medium
        ("sangat_kurang", 25, 6),  # below-high
        ("sangat_baik", 17, 7),  # above-medium
        ("baik", 25, 8),  # meets-high
        ("sangat_baik", 25, 9),  # above-high
    ],
)
def test_the_nine_boxes_are_numbered_as_permenpanrb_3_2020(
    rating: str, total: int, box: int
) -> None:
    """docs/domain.md, "Talent management, development and performance": 1 below-low, 2
    meets-low, 3 below-medium, 4 above-low, 5 meets-medium, 6 below-high, 7 above-medium,
    8 meets-high, 9 above-high (SKP mapped sangat baik → above, baik → meets, others below)."""
    placement = _place({"E": (total, rating)})["E"]
    assert placement.box == box  # type: ignore[attr-defined]
    params = placement.reason.params  # type: ignore[attr-defined]
    assert (params["rating"], params["period"], params["box"]) == (rating, 2025, box)
    assert (params["medium_from"], params["high_from"]) == (68, 80)


def test_a_declared_numbering_is_used() -> None:
    """An agency numbering the boxes the other way round gets its own numbers."""
    data = policy_data()
    reversed_numbers = {b: 10 - n for b, n in PERMENPANRB_3_2020_NUMBERING.items()}
    nine = {**data["nine_box"], "numbering": reversed_numbers}
    placement = _place({"E": (25, "sangat_baik")}, nine_box=nine)["E"]
    assert placement.box == 1  # type: ignore[attr-defined]


def test_missing_inputs_give_no_box_and_say_which() -> None:
    """No SKP rating up to the year: talent.no-rating; an incomplete assessment: no JPM,
    talent.not-assessed naming the competency; neither is put in a box."""
    rules = policy()
    table = assessments({"E1": _levels(20), "E2": {"K.P": 5, "K.Q": 5, "K.R": 5, "K.S": 5}})
    performance = read_performance(
        [
            {"employee_id": "E1", "period": "2026", "rating": "baik"},
            {"employee_id": "E2", "period": "2025", "rating": "baik"},
        ]
    )
    result = nine_box(gaps(table, FIVE, rules).profiles, performance, rules)
    e1, e2 = result.placements
    assert (e1.box, e1.reason.code, e1.reason.params["up_to"]) == (None, "talent.no-rating", 2025)
    assert (e2.box, e2.reason.code) == (None, "talent.not-assessed")
    assert e2.reason.params["competencies"] == ["K.T"]
    assert result.unplaced() == (e1, e2)
    assert (
        nine_box(gaps(table, FIVE, rules).profiles, performance, rules, period=2026)
        .placements[0]
        .box
        == 8
    )


def test_talent_pool_per_box() -> None:
    """pool() lists every box 1 to 9 with the people in it, sorted."""
    rules = policy()
    table = assessments({"B": _levels(25), "A": _levels(25), "C": _levels(10)})
    performance = read_performance(
        [
            {"employee_id": e, "period": "2025", "rating": r}
            for e, r in (("B", "sangat_baik"), ("A", "sangat_baik"), ("C", "baik"))
        ]
    )
    result = nine_box(gaps(table, FIVE, rules).profiles, performance, rules)
    pool = result.pool()
    assert pool[9] == ("A", "B")
    assert pool[2] == ("C",)
    assert sorted(pool) == list(range(1, 10))
