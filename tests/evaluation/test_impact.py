"""Adverse impact against the Uniform Guidelines' own examples (29 CFR 1607.4D and the
agencies' Questions and Answers, 1979), Fisher's exact test against Fisher's tea tasting, and
the properties of the four-fifths flag (docs/domain.md, section "Fairness reporting";
docs/evaluation.md, "Adverse impact")."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asn_competency.evaluation import (
    FOUR_FIFTHS,
    MISSING_LABEL,
    AdverseImpact,
    ImpactRow,
    StatisticsError,
    adverse_impact,
)


def applicants(*groups: tuple[str | None, int, int]) -> tuple[list[bool], list[str | None]]:
    """Outcomes and group labels of groups given as (label, applicants, selected)."""
    outcomes: list[bool] = []
    labels: list[str | None] = []
    for label, count, chosen in groups:
        outcomes += [True] * chosen + [False] * (count - chosen)
        labels += [label] * count
    return outcomes, labels


def by_group(result: AdverseImpact, attribute: str = "group") -> dict[str, ImpactRow]:
    """The rows of one attribute, by group label."""
    return {row.group: row for row in result.rows if row.attribute == attribute}


def test_questions_and_answers_12() -> None:
    """Q&A 12 of the Uniform Guidelines' Questions and Answers (44 FR 11996, 1979): hiring
    rates of 60% (whites), 45% (American Indians), 48% (Hispanics) and 51% (Blacks) give
    impact ratios of 75%, 80% and 85%; "adverse impact is indicated for American Indians but
    not for Hispanics or Blacks" (exactly 80% is not below four-fifths)."""
    outcomes, labels = applicants(
        ("White", 100, 60), ("American Indian", 100, 45), ("Hispanic", 100, 48), ("Black", 100, 51)
    )
    rows = by_group(adverse_impact(outcomes, labels))
    assert rows["White"].reference
    assert rows["White"].impact_ratio == 1
    assert rows["American Indian"].impact_ratio == Fraction(3, 4)
    assert rows["Hispanic"].impact_ratio == FOUR_FIFTHS
    assert rows["Black"].impact_ratio == Fraction(17, 20)
    assert {label for label, row in rows.items() if row.flagged} == {"American Indian"}


def test_shortfall_is_the_selections_that_reach_four_fifths() -> None:
    """The shortfall is how many more selections the group needed for a ratio of 4/5 with the
    highest rate fixed: 48 of 100 against 60% (Q&A 12's American Indians: 45, so 3 more)."""
    outcomes, labels = applicants(("White", 100, 60), ("American Indian", 100, 45))
    row = by_group(adverse_impact(outcomes, labels))["American Indian"]
    assert row.shortfall == 3
    assert Fraction(row.selected + row.shortfall, row.applicants) / Fraction(60, 100) == FOUR_FIFTHS


def test_fisher_exact_test_of_the_tea_tasting() -> None:
    """Fisher's lady tasting tea (Fisher 1935, The Design of Experiments, ch. II): 3 of 4
    cups of one kind picked right; the two-sided p-value is 34/70 ≈ 0.486. As groups: the
    four "milk first" cups are selected 3 times, the four others once."""
    outcomes, labels = applicants(("milk first", 4, 3), ("tea first", 4, 1))
    rows = by_group(adverse_impact(outcomes, labels))
    assert rows["tea first"].fisher_p == pytest.approx(34 / 70)
    assert rows["milk first"].fisher_p == pytest.approx(34 / 70)


def test_questions_and_answers_21_small_numbers() -> None:
    """Q&A 21: where selecting one different person would turn the comparison around, the
    numbers are too small for the four-fifths rule: marked ``small`` (2 of 3 against 1 of 3:
    one more of the second and one fewer of the first gives 2 of 3 each)."""
    outcomes, labels = applicants(("A", 3, 2), ("B", 3, 1))
    row = by_group(adverse_impact(outcomes, labels))["B"]
    assert (row.flagged, row.small) == (True, True)
    outcomes, labels = applicants(("C", 300, 100), ("D", 300, 200))
    row = by_group(adverse_impact(outcomes, labels))["C"]
    assert (row.flagged, row.small) == (True, False)


def test_missing_demographics_are_their_own_row() -> None:
    """Applicants whose group is not recorded (None or blank) are counted in a row of their
    own, never dropped, and never the reference."""
    outcomes, labels = applicants(("F", 10, 5), ("M", 10, 4), (None, 3, 3), ("", 1, 1))
    result = adverse_impact(outcomes, labels)
    missing = [row for row in result.rows if row.missing]
    assert sum(row.applicants for row in result.rows) == 24
    assert {row.group for row in missing} == {MISSING_LABEL}
    assert sum(row.applicants for row in missing) == 4
    assert not any(row.reference for row in missing)
    assert by_group(result)["F"].reference


def test_attributes_and_their_intersections() -> None:
    """With two attributes, each is reported and then their intersection, every applicant in
    exactly one group of each."""
    outcomes = [True, False, True, True, False, False, True, False]
    gender = ["F", "F", "M", "M", "F", "M", "F", "M"]
    region = ["Jawa", "Luar", "Jawa", "Luar", "Jawa", "Luar", "Luar", None]
    result = adverse_impact(outcomes, {"gender": gender, "region": region})
    attributes = [row.attribute for row in result.rows]
    assert list(dict.fromkeys(attributes)) == ["gender", "region", "gender × region"]
    for attribute in set(attributes):
        assert sum(row.applicants for row in result.rows if row.attribute == attribute) == 8
    crossed = by_group(result, "gender × region")
    assert crossed["F × Jawa"].applicants == 2
    assert crossed[f"M × {MISSING_LABEL}"].missing
    alone = adverse_impact(outcomes, {"gender": gender, "region": region}, intersections=False)
    assert {row.attribute for row in alone.rows} == {"gender", "region"}


def test_no_one_selected_has_no_ratio() -> None:
    """When nobody was selected there is no rate to compare with: no ratio and no flag."""
    outcomes, labels = applicants(("A", 5, 0), ("B", 5, 0))
    for row in adverse_impact(outcomes, labels).rows:
        assert (row.impact_ratio, row.flagged, row.shortfall) == (None, False, 0)


def test_outcomes_must_be_booleans_and_pair_with_groups() -> None:
    """An outcome that is not True or False, or groups of another length, is refused."""
    with pytest.raises(StatisticsError) as raised:
        adverse_impact([True, "selected"], ["A", "B"])  # type: ignore[list-item]
    assert (raised.value.code, raised.value.problem.path) == ("stats.outcome", (1,))
    with pytest.raises(StatisticsError) as raised:
        adverse_impact([True, False], ["A"])
    assert raised.value.code == "stats.length-mismatch"


def test_the_note_says_flag_for_review_never_fair() -> None:
    """The table's wording is a flag for review, never a verdict of "fair"."""
    outcomes, labels = applicants(("A", 10, 5), ("B", 10, 2))
    note = adverse_impact(outcomes, labels).note()
    assert "flag for review" in note
    assert "fair" not in note.lower()


@given(st.integers(min_value=1, max_value=12), st.integers(min_value=0, max_value=60))
def test_a_ratio_of_exactly_four_fifths_is_never_flagged(k: int, extra: int) -> None:
    """Two groups of the same size with 5k and 4k selected have a ratio of exactly 4/5: not
    flagged; one selection fewer is."""
    size = 5 * k + extra
    outcomes, labels = applicants(("high", size, 5 * k), ("low", size, 4 * k))
    row = by_group(adverse_impact(outcomes, labels))["low"]
    assert row.impact_ratio == FOUR_FIFTHS
    assert not row.flagged
    outcomes, labels = applicants(("high", size, 5 * k), ("low", size, 4 * k - 1))
    assert by_group(adverse_impact(outcomes, labels))["low"].flagged


@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B", "C", None]), st.booleans()), min_size=1, max_size=60
    )
)
def test_every_applicant_is_counted_once_and_flags_follow_the_ratio(
    drawn: list[tuple[str | None, bool]],
) -> None:
    """Rows add up to every applicant; a row is flagged exactly when its ratio is below 4/5,
    and only a flagged row is small."""
    labels = [label for label, _ in drawn]
    outcomes = [chosen for _, chosen in drawn]
    result = adverse_impact(outcomes, labels)
    assert sum(row.applicants for row in result.rows) == len(drawn)
    assert sum(row.selected for row in result.rows) == sum(outcomes)
    for row in result.rows:
        assert row.flagged == (row.impact_ratio is not None and row.impact_ratio < FOUR_FIFTHS)
        assert row.flagged or not row.small


def test_rows_split_into_attributes_and_intersections_and_pairs_are_kept() -> None:
    """With three attributes, the rows split into the attributes' own and the intersections'
    (together every row, in order); up_to(2) keeps the attributes and their three pairs, and
    drops the intersection of all three."""
    outcomes = [True, False, True, True, False, False, True, False]
    groups = {
        "gender": ["F", "F", "M", "M", "F", "M", "F", "M"],
        "region": ["Jawa", "Luar", "Jawa", "Luar", "Jawa", "Luar", "Luar", "Jawa"],
        "religion": ["A", "A", "B", "B", "A", "B", "B", "A"],
    }
    table = adverse_impact(outcomes, groups)
    alone, crossed = table.of_attributes(), table.intersections()
    assert [r for r in table.rows if r in alone or r in crossed] == list(table.rows)
    assert {r.attribute for r in alone} == {"gender", "region", "religion"}
    assert "gender × region × religion" in {r.attribute for r in crossed}
    pairs = table.up_to(2)
    assert list(dict.fromkeys(r.attribute for r in pairs.intersections())) == [
        "gender × region",
        "gender × religion",
        "region × religion",
    ]
    assert pairs.of_attributes() == alone
