"""Points tables: hit policies, exact boundaries, overlap and gap checks, and properties.

The hit-policy semantics follow Decision Model and Notation (DMN) 1.3, OMG, 2020, §8.2.11
Hit policy: U (unique), F (first), P (priority) and C+ (collect, sum).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asn_competency.errors import Problem
from asn_competency.expressions import UNKNOWN, EvaluationError
from asn_competency.model.scores import PointsRule, PointsTableScore
from asn_competency.scoring.points_table import (
    CELL_LIMIT,
    InputDomain,
    TableMatch,
    match,
    table_problems,
)

PATH = ("scores", "education")
EDUCATION = InputDomain("string", ("SMA", "D3", "S1", "S2"))
GPA = InputDomain("number", minimum=Fraction(0), maximum=Fraction(4))
SCORE = InputDomain("number", minimum=Fraction(0), maximum=Fraction(100), integer=True)
SCORE_DECIMAL = InputDomain("number", minimum=Fraction(0), maximum=Fraction(100))


def table(
    rules: list[dict[str, Any]],
    hit_policy: str = "unique",
    inputs: tuple[str, ...] = ("education_level", "gpa"),
    **extra: Any,
) -> PointsTableScore:
    """A points table over ``inputs`` (each read from the field of its name)."""
    return PointsTableScore.model_validate(
        {
            "kind": "points-table",
            "inputs": {name: name for name in inputs},
            "hit_policy": hit_policy,
            "rules": rules,
            **extra,
        }
    )


def codes(problems: list[Problem]) -> list[str]:
    """The problems' codes, in order."""
    return [p.code for p in problems]


def only(problems: list[Problem], code: str) -> list[Problem]:
    """The problems with one code."""
    return [p for p in problems if p.code == code]


def run(t: PointsTableScore, **values: object) -> TableMatch:
    """Match and insist on a known result."""
    found = match(t, values)
    assert found is not None
    return found


# A correct table: education level by GPA band, every band half-open [low, high).
BANDS = table(
    [
        {"when": {"education_level": ["SMA", "D3"]}, "points": 5, "label": "non-degree"},
        {
            "when": {"education_level": ["S1", "S2"], "gpa": {"max": "3.00"}},
            "points": 10,
            "label": "degree, GPA below 3",
        },
        {
            "when": {"education_level": ["S1", "S2"], "gpa": {"min": "3.00", "max": "3.50"}},
            "points": 15,
        },
        {
            "when": {
                "education_level": ["S1", "S2"],
                "gpa": {"min": "3.50", "max": 4, "max_inclusive": True},
            },
            "points": 20,
            "label": "cum laude",
        },
    ]
)
DOMAINS = {"education_level": EDUCATION, "gpa": GPA}


# --------------------------------------------------------------------------- hit policies


def test_unique_gives_the_one_matching_row() -> None:
    """Unique: the single matching row's points and index."""
    found = run(BANDS, education_level="S1", gpa=Decimal("3.2"))
    assert found == TableMatch(Fraction(15), (2,), default_used=False)


def test_first_gives_the_first_matching_row_in_order() -> None:
    """First: overlapping rows are allowed and the earliest matching row wins."""
    t = table(
        [
            {"when": {"gpa": {"min": "3.5"}}, "points": 20},
            {"when": {"gpa": {"min": "3.0"}}, "points": 15},
            {"when": {}, "points": 0},
        ],
        hit_policy="first",
    )
    assert run(t, gpa=Fraction(37, 10)) == TableMatch(Fraction(20), (0,), default_used=False)
    assert run(t, gpa=Fraction(32, 10)).rows == (1,)
    assert run(t, gpa=Fraction(1)).rows == (2,)
    assert table_problems(t, DOMAINS, PATH) == []


def test_priority_gives_the_highest_priority_matching_row() -> None:
    """Priority: the matching row with the highest priority wins, wherever it is written."""
    t = table(
        [
            {"when": {}, "points": 1, "priority": 0},
            {"when": {"education_level": ["S2"]}, "points": 30, "priority": 2},
            {"when": {"gpa": {"min": "3.5"}}, "points": 20, "priority": 1},
        ],
        hit_policy="priority",
    )
    assert run(t, education_level="S2", gpa=Decimal("3.9")).rows == (1,)
    assert run(t, education_level="S1", gpa=Decimal("3.9")).points == 20
    assert run(t, education_level="S1", gpa=Decimal("2")).rows == (0,)
    assert table_problems(t, DOMAINS, PATH) == []


def test_collect_sum_adds_every_matching_row() -> None:
    """Collect-sum: the points of every matching row are added, rows listed in order."""
    t = table(
        [
            {"when": {"education_level": ["S1", "S2"]}, "points": "10.5"},
            {"when": {"gpa": {"min": "3.5"}}, "points": 5},
            {"when": {"education_level": ["S2"]}, "points": 3},
        ],
        hit_policy="collect-sum",
        default=0,
    )
    found = run(t, education_level="S2", gpa=Decimal("3.75"))
    assert found == TableMatch(Fraction(37, 2), (0, 1, 2), default_used=False)
    assert run(t, education_level="SMA", gpa=Decimal(2)) == TableMatch(
        Fraction(0), (), default_used=True
    )
    assert table_problems(t, DOMAINS, PATH) == []


def test_default_is_used_when_no_row_matches() -> None:
    """With a default, no matching row gives the default and marks it used."""
    t = table([{"when": {"education_level": ["S2"]}, "points": 30}], default="2.5")
    assert run(t, education_level="SMA", gpa=1) == TableMatch(Fraction(5, 2), (), default_used=True)


def test_no_match_without_default_names_the_inputs() -> None:
    """Without a default, no matching row is table.no-match naming every input and value."""
    t = table([{"when": {"education_level": ["S2"]}, "points": 30}])
    with pytest.raises(EvaluationError) as caught:
        match(t, {"education_level": "SMA", "gpa": Decimal("2.75")}, path=PATH)
    problem = caught.value.problem
    assert problem.code == "table.no-match"
    assert "education_level = 'SMA'" in problem.message
    assert "gpa = 2.75" in problem.message
    assert problem.path == (*PATH, "rules")


def test_collect_sum_with_no_match_and_no_default_is_an_error() -> None:
    """Collect-sum with zero matching rows and no default is table.no-match, not zero."""
    t = table([{"when": {"education_level": ["S2"]}, "points": 3}], hit_policy="collect-sum")
    with pytest.raises(EvaluationError) as caught:
        match(t, {"education_level": "S1", "gpa": 3})
    assert caught.value.problem.code == "table.no-match"


def test_unique_overlap_at_run_time_is_an_error() -> None:
    """Two rows matching one input under unique is table.overlap at run time."""
    t = table(
        [
            {"when": {"gpa": {"min": 3}}, "points": 1},
            {"when": {"gpa": {"max": 4}}, "points": 2},
        ]
    )
    with pytest.raises(EvaluationError) as caught:
        match(t, {"education_level": "S1", "gpa": Fraction(7, 2)})
    assert caught.value.problem.code == "table.overlap"
    assert "rows 1 and 2" in caught.value.problem.message


def test_priority_tie_at_run_time_is_an_error() -> None:
    """Two matching rows sharing the highest priority is table.overlap at run time."""
    t = table(
        [
            {"when": {"gpa": {"min": 3}}, "points": 1, "priority": 1},
            {"when": {"gpa": {"max": 4}}, "points": 2, "priority": 1},
            {"when": {}, "points": 0, "priority": 0},
        ],
        hit_policy="priority",
    )
    with pytest.raises(EvaluationError) as caught:
        match(t, {"gpa": 3})
    assert caught.value.problem.code == "table.overlap"
    assert run(t, gpa=2).rows == (1,)


# --------------------------------------------------------------------------- DMN semantics


def test_dmn_unique() -> None:
    """Decision Model and Notation (DMN) 1.3, OMG, 2020, §8.2.11 Hit policy: U, no overlap."""
    t = table(
        [
            {"when": {"gpa": {"max": 3}}, "points": 1},
            {"when": {"gpa": {"min": 3}}, "points": 2},
        ],
        inputs=("gpa",),
    )
    assert table_problems(t, {"gpa": GPA}, PATH) == []
    assert run(t, gpa=3).rows == (1,)
    overlapping = table(
        [
            {"when": {"gpa": {"max": 3, "max_inclusive": True}}, "points": 1},
            {"when": {"gpa": {"min": 3}}, "points": 2},
        ],
        inputs=("gpa",),
    )
    assert codes(table_problems(overlapping, {"gpa": GPA}, PATH)) == ["table.overlap"]


def test_dmn_first() -> None:
    """Decision Model and Notation (DMN) 1.3, OMG, 2020, §8.2.11 Hit policy: F, rule order."""
    t = table(
        [
            {"when": {"gpa": {"min": 2}}, "points": 2},
            {"when": {"gpa": {"min": 3}}, "points": 3},
        ],
        hit_policy="first",
        inputs=("gpa",),
        default=0,
    )
    assert run(t, gpa=Fraction(7, 2)).points == 2  # row 2 is never reached above 2
    assert table_problems(t, {"gpa": GPA}, PATH) == []


def test_dmn_priority() -> None:
    """Decision Model and Notation (DMN) 1.3, OMG, 2020, §8.2.11 Hit policy: P, independent of order."""  # noqa: E501
    rows = [
        {"when": {"gpa": {"min": 2}}, "points": 2, "priority": 1},
        {"when": {"gpa": {"min": 3}}, "points": 3, "priority": 2},
    ]
    forward = table(rows, hit_policy="priority", inputs=("gpa",), default=0)
    backward = table(rows[::-1], hit_policy="priority", inputs=("gpa",), default=0)
    assert run(forward, gpa=Fraction(7, 2)).points == 3
    assert run(backward, gpa=Fraction(7, 2)).points == 3


def test_dmn_collect_sum() -> None:
    """Decision Model and Notation (DMN) 1.3, OMG, 2020, §8.2.11 Hit policy: C+, sum of all hits."""
    t = table(
        [
            {"when": {"gpa": {"min": 2}}, "points": 2},
            {"when": {"gpa": {"min": 3}}, "points": 3},
        ],
        hit_policy="collect-sum",
        inputs=("gpa",),
        default=0,
    )
    assert run(t, gpa=Fraction(7, 2)) == TableMatch(Fraction(5), (0, 1), default_used=False)
    assert run(t, gpa=1).default_used


# --------------------------------------------------------------------------- boundaries


@pytest.mark.parametrize(
    ("condition", "value", "expected"),
    [
        ({"min": 3}, Decimal("3.00"), True),
        ({"min": 3, "min_inclusive": False}, Decimal("3.00"), False),
        ({"min": 3, "min_inclusive": False}, Decimal("3.0001"), True),
        ({"max": 4}, 4, False),
        ({"max": 4, "max_inclusive": True}, Fraction(4), True),
        ({"max": "3.5"}, Fraction(7, 2), False),
        ({"max": "3.5"}, Fraction(349, 100), True),
        ({"min": "2.75", "max": "2.75", "max_inclusive": True}, Decimal("2.750"), True),
    ],
)
def test_range_boundaries_are_exact(
    condition: dict[str, Any], value: object, expected: bool
) -> None:
    """A range's ends hold exactly as declared: inclusive or exclusive, whatever the type."""
    t = table([{"when": {"gpa": condition}, "points": 1}], inputs=("gpa",), default=0)
    assert run(t, gpa=value).default_used is not expected


def test_integer_domain_half_open_rows_cover() -> None:
    """Rows [0, 60) and [60, 100] cover the integers 0..100 without overlap."""
    t = table(
        [
            {"when": {"score": {"min": 0, "max": 60}}, "points": 0},
            {"when": {"score": {"min": 60, "max": 100, "max_inclusive": True}}, "points": 1},
        ],
        inputs=("score",),
    )
    assert table_problems(t, {"score": SCORE}, PATH) == []
    assert table_problems(t, {"score": SCORE_DECIMAL}, PATH) == []


def test_closed_integer_bands_cover_integers_but_not_decimals() -> None:
    """Rows [0, 59] and [60, 100] cover the integers but leave 59 < score < 60 for decimals."""
    t = table(
        [
            {"when": {"score": {"min": 0, "max": 59, "max_inclusive": True}}, "points": 0},
            {"when": {"score": {"min": 60, "max": 100, "max_inclusive": True}}, "points": 1},
        ],
        inputs=("score",),
    )
    assert table_problems(t, {"score": SCORE}, PATH) == []
    [gap] = table_problems(t, {"score": SCORE_DECIMAL}, PATH)
    assert gap.code == "table.gap"
    assert "59 < score < 60" in gap.message
    assert gap.path == (*PATH, "rules")


def test_integer_overlap_needs_a_whole_number() -> None:
    """Rows meeting between two whole numbers overlap for decimals only."""
    t = table(
        [
            {"when": {"score": {"max": "59.5", "max_inclusive": True}}, "points": 0},
            {"when": {"score": {"min": "59.2"}}, "points": 1},
        ],
        inputs=("score",),
    )
    assert table_problems(t, {"score": SCORE}, PATH) == []
    [overlap] = table_problems(t, {"score": SCORE_DECIMAL}, PATH)
    assert overlap.code == "table.overlap"
    assert "score = 59.2" in overlap.message


def test_touching_bounds_overlap_only_when_both_include_the_point() -> None:
    """[0, 60] and [60, 100] overlap at 60; [0, 60) and [60, 100] do not."""
    closed = table(
        [
            {"when": {"score": {"max": 60, "max_inclusive": True}}, "points": 0},
            {"when": {"score": {"min": 60}}, "points": 1},
        ],
        inputs=("score",),
    )
    [overlap] = table_problems(closed, {"score": SCORE}, PATH)
    assert "rows 1 and 2 both match score = 60" in overlap.message
    half_open = table(
        [
            {"when": {"score": {"max": 60}}, "points": 0},
            {"when": {"score": {"min": 60}}, "points": 1},
        ],
        inputs=("score",),
    )
    assert table_problems(half_open, {"score": SCORE}, PATH) == []


# --------------------------------------------------------------------------- load-time checks


def test_correct_table_has_no_problems() -> None:
    """An education level by GPA band table that covers its domain once raises no alarm."""
    assert table_problems(BANDS, DOMAINS, PATH) == []
    assert run(BANDS, education_level="D3", gpa=Decimal("3.9")).rows == (0,)
    assert run(BANDS, education_level="S2", gpa=Decimal("4.00")).rows == (3,)
    assert run(BANDS, education_level="S1", gpa=Decimal("2.99")).rows == (1,)


def test_overlap_names_both_rows_and_an_input_they_share() -> None:
    """An overlap names both rows (number and label) and one input both match."""
    t = table(
        [
            {"when": {"education_level": ["SMA"]}, "points": 1},
            {
                "when": {"education_level": ["S1"], "gpa": {"min": 3, "max": "3.5"}},
                "points": 2,
                "label": "S1 band",
            },
            {"when": {"education_level": ["S1", "S2"], "gpa": {"min": "3.5"}}, "points": 3},
            {"when": {"education_level": ["S1"], "gpa": {"min": "2.5", "max": 4}}, "points": 4},
        ],
        default=0,
    )
    found = table_problems(t, DOMAINS, PATH)
    assert codes(found) == ["table.overlap", "table.overlap"]
    first, second = found
    assert "rows 2 (S1 band) and 4 both match education_level = 'S1', gpa = 3" in first.message
    assert first.path == (*PATH, "rules", 3)
    assert first.related == ("$.scores.education.rules[1]",)
    assert "rows 3 and 4 both match education_level = 'S1', gpa = 3.5" in second.message


def test_overlap_outside_the_domain_is_not_reported() -> None:
    """Rows that could only both match a value outside the declared bounds do not overlap."""
    t = table(
        [
            {"when": {"gpa": {"max": 4, "max_inclusive": True}}, "points": 1},
            {"when": {"gpa": {"min": 4, "min_inclusive": False}}, "points": 2},
        ],
        inputs=("gpa",),
    )
    assert table_problems(t, {"gpa": GPA}, PATH) == []


def test_gap_names_examples_and_counts_cells() -> None:
    """A gap is one problem naming up to three uncovered inputs and the number of cells."""
    t = table(
        [
            {"when": {"education_level": ["S1"], "gpa": {"min": "2.5", "max": 4}}, "points": 1},
            {"when": {"education_level": ["S2"]}, "points": 2},
        ]
    )
    [gap] = table_problems(t, DOMAINS, PATH)
    assert gap.code == "table.gap"
    # cells: 4 codes by {[0, 2.5), [2.5, 4), [4]}; uncovered: SMA, D3 (3 each), S1 twice.
    assert "no row matches 8 of the 12 cases" in gap.message
    assert "education_level = 'SMA' (any gpa)" in gap.message
    assert "education_level = 'D3' (any gpa)" in gap.message
    assert "education_level = 'S1', 0 ≤ gpa < 2.5" in gap.message
    assert "gpa = 4" not in gap.message  # only three examples are named


def test_default_silences_the_gap_check() -> None:
    """A table with a default has no gaps: the default covers them."""
    t = table([{"when": {"education_level": ["S2"]}, "points": 2}], default=0)
    assert table_problems(t, DOMAINS, PATH) == []


def test_unbounded_and_free_inputs_are_checked_over_everything() -> None:
    """Without bounds or codes, the gap check covers every number and every string."""
    t = table(
        [
            {"when": {"education_level": ["S1"], "gpa": {"min": 0}}, "points": 1},
        ]
    )
    [gap] = table_problems(t, {}, PATH)
    assert "education_level = 'S1', gpa < 0" in gap.message
    assert "education_level is none of 'S1' (any gpa)" in gap.message
    assert "no row matches 3 of the 4 cases" in gap.message


def test_gap_check_is_skipped_beyond_the_cell_limit() -> None:
    """Beyond CELL_LIMIT cells the gap check is skipped silently; below it, it runs."""
    names = ("a", "b", "c")

    def diagonal(side: int) -> list[Problem]:
        # Rows [k, k+1) on every input, k < side, over [0, side]: side + 1 cells per input.
        rows = [
            {"when": {name: {"min": k, "max": k + 1} for name in names}, "points": 1}
            for k in range(side)
        ]
        t = table(rows, inputs=names, hit_policy="first")
        bounded = {n: InputDomain("number", None, Fraction(0), Fraction(side)) for n in names}
        return table_problems(t, bounded, PATH)

    assert 41**3 <= CELL_LIMIT < 51**3
    [gap] = diagonal(40)
    assert f"of the {41**3} cases" in gap.message
    assert diagonal(50) == []


def test_first_and_collect_sum_allow_overlaps() -> None:
    """Overlapping rows are no problem under first and collect-sum."""
    rows = [{"when": {}, "points": 1}, {"when": {"gpa": {"min": 3}}, "points": 2}]
    for policy in ("first", "collect-sum"):
        assert table_problems(table(rows, hit_policy=policy), DOMAINS, PATH) == []
    assert codes(table_problems(table(rows), DOMAINS, PATH)) == ["table.overlap"]


def test_priority_rows_need_a_priority_and_equal_priorities_must_not_overlap() -> None:
    """Under priority, a row without one and overlapping rows of equal priority are reported."""
    t = table(
        [
            {"when": {}, "points": 0, "priority": 0},
            {"when": {"gpa": {"min": 3}}, "points": 1, "priority": 1},
            {"when": {"gpa": {"min": "3.5"}}, "points": 2, "priority": 1, "label": "top"},
            {"when": {"education_level": ["S2"]}, "points": 3},
        ],
        hit_policy="priority",
    )
    missing, tie = table_problems(t, DOMAINS, PATH)
    assert missing.code == tie.code == "table.overlap"
    assert missing.message.startswith("row 4 has no priority")
    assert missing.path == (*PATH, "rules", 3)
    assert "rows 2 and 3 (top) have the same priority 1 and both match gpa = 3.5" in tie.message


@pytest.mark.parametrize(
    ("when", "path_tail", "fragment"),
    [
        ({"gpaa": {"min": 3}}, ("gpaa",), "not an input of this table"),
        ({"gpa": ["S1"]}, ("gpa",), "with a list of codes, but 'gpa' is declared as a number"),
        ({"education_level": {"min": 1}}, ("education_level",), "with a numeric range"),
        ({"education_level": ["S1", "S3"]}, ("education_level", 1), "'S3' is not a code"),
        ({"education_level": []}, ("education_level",), "matches nothing"),
        ({"gpa": {"min": 3, "max": 2}}, ("gpa",), "min 3 is above its max 2"),
        (
            {"gpa": {"min": 3, "max": 3, "max_inclusive": True, "min_inclusive": False}},
            ("gpa",),
            "an end is exclusive",
        ),
        ({"gpa": {"min": 3, "max": 3}}, ("gpa",), "an end is exclusive"),
    ],
)
def test_type_problems(
    when: dict[str, Any], path_tail: tuple[str | int, ...], fragment: str
) -> None:
    """A mistyped condition is expr.type, located at the condition, naming the row."""
    t = table([{"when": when, "points": 1}, {"when": {}, "points": 0}], hit_policy="first")
    [problem] = table_problems(t, DOMAINS, PATH)
    assert problem.code == "expr.type"
    assert problem.path == (*PATH, "rules", 0, "when", *path_tail)
    assert problem.message.startswith("row 1")
    assert fragment in problem.message


def test_type_problems_suggest_names() -> None:
    """A misspelt input or code comes with a did-you-mean hint."""
    t = table([{"when": {"gpaa": {"min": 3}, "education_level": ["S11"]}, "points": 1}])
    hints = [p.hint for p in table_problems(t, DOMAINS, PATH)]
    assert hints == ["did you mean 'gpa'?", "did you mean 'S1'?"]


def test_undeclared_input_kinds_are_inferred_and_must_agree() -> None:
    """Without a domain, an input's kind comes from its first condition; others must agree."""
    t = table(
        [{"when": {"grade": ["A"]}, "points": 1}, {"when": {"grade": {"min": 1}}, "points": 2}],
        inputs=("grade",),
        hit_policy="first",
    )
    [problem] = table_problems(t, {}, PATH)
    assert "but 'grade' is tested in row 1 as a string" in problem.message
    assert problem.path == (*PATH, "rules", 1, "when", "grade")


# --------------------------------------------------------------------------- evaluation


def test_unknown_input_makes_the_result_unknown() -> None:
    """An unknown input that a row needs makes the table's result None (unknown)."""
    assert match(BANDS, {"education_level": "S1", "gpa": UNKNOWN}) is None
    assert match(BANDS, {"education_level": "S1"}) is None
    assert match(BANDS, {"education_level": "S1", "gpa": None}) is None


def test_unknown_input_that_cannot_change_the_result_is_ignored() -> None:
    """An unknown input is ignored where the known inputs already decide the result."""
    # Unique: every degree row needs gpa, but for SMA they are false on education alone.
    assert run(BANDS, education_level="SMA", gpa=UNKNOWN).rows == (0,)
    first = table(
        [{"when": {"education_level": ["S2"]}, "points": 9}, {"when": {"gpa": {}}, "points": 1}],
        hit_policy="first",
    )
    assert run(first, education_level="S2", gpa=UNKNOWN).rows == (0,)
    assert match(first, {"education_level": "S1", "gpa": UNKNOWN}) is None
    priority = table(
        [
            {"when": {"education_level": ["S2"]}, "points": 9, "priority": 2},
            {"when": {"gpa": {"min": 3}}, "points": 1, "priority": 1},
        ],
        hit_policy="priority",
    )
    assert run(priority, education_level="S2", gpa=UNKNOWN).rows == (0,)
    assert match(priority, {"education_level": UNKNOWN, "gpa": 4}) is None


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"education_level": "S1", "gpa": "3.5"}, "with a numeric range, but its value is '3.5'"),
        ({"education_level": 1, "gpa": 3}, "with a list of codes, but its value is the number 1"),
        ({"education_level": "S1", "gpa": 3.5}, "a floating-point number"),
        ({"education_level": True, "gpa": 3}, "a boolean"),
        ({"education_level": "S1", "gpa": Decimal("NaN")}, "a decimal number"),
    ],
)
def test_values_of_the_wrong_kind_are_refused(values: dict[str, object], fragment: str) -> None:
    """A string for a range, a number for codes, a float, a boolean or NaN is expr.type."""
    with pytest.raises(EvaluationError) as caught:
        match(BANDS, values)
    assert caught.value.problem.code == "expr.type"
    assert fragment in caught.value.problem.message


# --------------------------------------------------------------------------- properties

CODE_DOMAIN = ("a", "b", "c")
HALVES = st.integers(-2, 12).map(lambda k: Decimal(k) / 2)


@st.composite
def ranges(draw: st.DrawFn) -> dict[str, Any]:
    """A valid (non-empty as written) range with bounds at halves in [-1, 6]."""
    low = draw(st.none() | HALVES)
    high = draw(st.none() | HALVES)
    if low is not None and high is not None and low > high:
        low, high = high, low
    out: dict[str, Any] = {
        "min_inclusive": draw(st.booleans()),
        "max_inclusive": draw(st.booleans()),
    }
    if low is not None:
        out["min"] = str(low)
    if high is not None:
        out["max"] = str(high)
    if low is not None and low == high:
        out["min_inclusive"] = out["max_inclusive"] = True
    return out


@st.composite
def tables(draw: st.DrawFn, policy: str | None = None) -> PointsTableScore:
    """A small random table over a numeric input ``x`` and a code input ``c``."""
    hit_policy = policy or draw(st.sampled_from(["unique", "first", "priority", "collect-sum"]))
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        when: dict[str, Any] = {}
        if draw(st.booleans()):
            when["x"] = draw(ranges())
        if draw(st.booleans()):
            when["c"] = sorted(draw(st.sets(st.sampled_from(CODE_DOMAIN), min_size=1)))
        row: dict[str, Any] = {"when": when, "points": draw(st.integers(0, 5))}
        if hit_policy == "priority":
            row["priority"] = draw(st.integers(0, 2))
        rows.append(row)
    default = draw(st.none() | st.integers(0, 3))
    extra = {} if default is None else {"default": default}
    return table(rows, hit_policy=hit_policy, inputs=("x", "c"), **extra)


#: Numeric domains and, for each, values that meet every elementary cell of every table drawn
#: above (bounds are halves in [-1, 6], so quarters in [-3, 8] meet every cell).
NUMERIC = {
    "integers 0..5": (
        InputDomain("number", None, Fraction(0), Fraction(5), integer=True),
        [Fraction(k) for k in range(6)],
    ),
    "decimals [0, 5]": (
        InputDomain("number", None, Fraction(0), Fraction(5)),
        [Fraction(k, 4) for k in range(21)],
    ),
    "any number": (InputDomain("number"), [Fraction(k, 4) for k in range(-12, 33)]),
}
STRINGS = {
    "codes a, b, c": (InputDomain("string", CODE_DOMAIN), list(CODE_DOMAIN)),
    "any string": (InputDomain("string"), [*CODE_DOMAIN, "zz"]),
}
domains = st.tuples(st.sampled_from(sorted(NUMERIC)), st.sampled_from(sorted(STRINGS)))


def reference_hits(t: PointsTableScore, x: Fraction, c: str) -> list[int]:
    """Brute force: the rows whose every condition holds for (x, c)."""

    def holds(rule: PointsRule) -> bool:
        for name, condition in rule.when.items():
            value: Fraction | str = x if name == "x" else c
            if isinstance(condition, list):
                if value not in condition:
                    return False
                continue
            assert isinstance(value, Fraction)
            if condition.min is not None and (
                value < condition.min or (value == condition.min and not condition.min_inclusive)
            ):
                return False
            if condition.max is not None and (
                value > condition.max or (value == condition.max and not condition.max_inclusive)
            ):
                return False
        return True

    return [i for i, rule in enumerate(t.rules) if holds(rule)]


def reference_match(t: PointsTableScore, x: Fraction, c: str) -> object:
    """Brute force, by the hit policy's definition: a TableMatch or an error code."""
    hits = reference_hits(t, x, c)
    if not hits:
        if t.default is None:
            return "table.no-match"
        return TableMatch(Fraction(t.default), (), default_used=True)
    if t.hit_policy == "collect-sum":
        total = sum((Fraction(t.rules[i].points) for i in hits), Fraction(0))
        return TableMatch(total, tuple(hits), default_used=False)
    if t.hit_policy == "first":
        chosen = hits[0]
    elif t.hit_policy == "unique":
        if len(hits) > 1:
            return "table.overlap"
        chosen = hits[0]
    else:
        best = max(t.rules[i].priority or 0 for i in hits)
        top = [i for i in hits if t.rules[i].priority == best]
        if len(top) > 1:
            return "table.overlap"
        chosen = top[0]
    return TableMatch(Fraction(t.rules[chosen].points), (chosen,), default_used=False)


def outcome(t: PointsTableScore, values: Mapping[str, object]) -> object:
    """What match gives: a TableMatch, None, or the code of the error it raises."""
    try:
        return match(t, values)
    except EvaluationError as error:
        return error.problem.code


def grid(numeric: str, strings: str) -> list[tuple[Fraction, str]]:
    """Every representative (x, c) of the two domains."""
    return [(x, c) for x in NUMERIC[numeric][1] for c in STRINGS[strings][1]]


def pairs(problems: list[Problem]) -> set[tuple[int, int]]:
    """The row pairs (0-based) that overlap problems name."""
    found = set()
    for p in problems:
        m = re.match(r"rows (\d+) and (\d+)", p.message)
        if p.code == "table.overlap" and m:
            found.add((int(m[1]) - 1, int(m[2]) - 1))
    return found


@given(tables(), domains)
def test_overlap_reported_iff_brute_force_finds_one(
    t: PointsTableScore, names: tuple[str, str]
) -> None:
    """table.overlap names exactly the row pairs that some input matches together."""
    doms = {"x": NUMERIC[names[0]][0], "c": STRINGS[names[1]][0]}
    problems = table_problems(t, doms, PATH)
    assert "expr.type" not in codes(problems)
    expected: set[tuple[int, int]] = set()
    if t.hit_policy in ("unique", "priority"):
        for x, c in grid(*names):
            hits = reference_hits(t, x, c)
            expected |= {
                (i, j)
                for i in hits
                for j in hits
                if i < j
                and (t.hit_policy == "unique" or t.rules[i].priority == t.rules[j].priority)
            }
    assert pairs(problems) == expected


@given(tables(), domains)
def test_gap_reported_iff_brute_force_finds_an_unmatched_input(
    t: PointsTableScore, names: tuple[str, str]
) -> None:
    """table.gap is reported exactly when there is no default and some input matches no row."""
    doms = {"x": NUMERIC[names[0]][0], "c": STRINGS[names[1]][0]}
    problems = table_problems(t, doms, PATH)
    unmatched = [(x, c) for x, c in grid(*names) if not reference_hits(t, x, c)]
    assert ("table.gap" in codes(problems)) == (t.default is None and bool(unmatched))


@given(tables(), domains)
def test_match_agrees_with_brute_force(t: PointsTableScore, names: tuple[str, str]) -> None:
    """match gives what the hit policy's definition gives, on every representative input."""
    for x, c in grid(*names):
        assert outcome(t, {"x": x, "c": c}) == reference_match(t, x, c)


@given(tables(), domains, st.data())
def test_known_result_with_unknown_input_holds_for_every_value(
    t: PointsTableScore, names: tuple[str, str], data: st.DataObject
) -> None:
    """When match decides despite an unknown input, every value of that input agrees."""
    x, c = data.draw(st.sampled_from(grid(*names)))
    blank = data.draw(st.sampled_from(["x", "c", "both"]))
    values: dict[str, object] = {
        "x": UNKNOWN if blank in ("x", "both") else x,
        "c": UNKNOWN if blank in ("c", "both") else c,
    }
    result = outcome(t, values)
    if result is None:
        return
    for gx, gc in grid(*names):
        filled = {
            "x": x if values["x"] is not UNKNOWN else gx,
            "c": c if values["c"] is not UNKNOWN else gc,
        }
        assert outcome(t, filled) == result
