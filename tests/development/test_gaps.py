"""Gap analysis: shortfalls against the standard, core factors first, JPM and its band."""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from asn_competency.development import gap_profile, gaps
from tests.development._build import AS_OF, assessments, policy, standard

SKJ = standard(
    [("K.A", 2, "secondary"), ("K.B", 3, "core"), ("K.C", 1, "secondary"), ("K.D", 2, "core")]
)
FIVE = standard([(c, 5, "core") for c in ("K.P", "K.Q", "K.R", "K.S", "K.T")])


def test_gaps_core_first_with_signed_difference_and_shortfall() -> None:
    """Rows list the core factors (K.B, K.D) before the secondary ones (K.A, K.C), each group in the
    standard's order; difference = level - target (Profile Matching's sign, docs/domain.md,
    "Profile Matching"), shortfall = levels short of the target."""
    table = assessments({"E1": {"K.A": 1, "K.B": 3, "K.C": 2, "K.D": 0}})
    (profile,) = gaps(table, SKJ, policy()).profiles
    assert [(r.competency, r.difference, r.shortfall) for r in profile.rows] == [
        ("K.B", 0, 0),
        ("K.D", -2, 2),
        ("K.A", -1, 1),
        ("K.C", 1, 0),
    ]
    assert [r.competency for r in profile.below] == ["K.D", "K.A"]


def test_jpm_is_attained_over_required_capped_or_not() -> None:
    """docs/domain.md, "JPM and bands": JPM = Σ attained ÷ Σ required × 100, a level above
    the target counted as the target when capping is declared. Levels 1, 3, 2, 0 against 2, 3,
    1, 2: capped (1 + 3 + 1 + 0) ÷ 8 = 62.5; uncapped (1 + 3 + 2 + 0) ÷ 8 = 75."""
    table = assessments({"E1": {"K.A": 1, "K.B": 3, "K.C": 2, "K.D": 0}})
    capped = gap_profile("E1", table, SKJ, policy(), AS_OF)
    assert capped.jpm == Fraction(125, 2)
    assert capped.band == "kurang memenuhi syarat"
    gap = {**policy().gap.model_dump(), "cap_at_target": False}
    uncapped = gap_profile("E1", table, SKJ, policy(gap=gap), AS_OF)
    assert uncapped.jpm == 75
    assert uncapped.band == "masih memenuhi syarat"


def test_band_boundaries_are_exact() -> None:
    """docs/domain.md, "JPM and bands": memenuhi syarat ≥ 80%; masih memenuhi syarat 68% to
    < 80%; kurang memenuhi syarat < 68%. 17 of 25 is exactly 68, 20 of 25 exactly 80."""
    levels = {
        "E68": {"K.P": 5, "K.Q": 5, "K.R": 5, "K.S": 1, "K.T": 1},
        "E64": {"K.P": 5, "K.Q": 5, "K.R": 4, "K.S": 1, "K.T": 1},
        "E80": {"K.P": 5, "K.Q": 5, "K.R": 5, "K.S": 4, "K.T": 1},
    }
    found = {
        p.employee_id: (p.jpm, p.band) for p in gaps(assessments(levels), FIVE, policy()).profiles
    }
    assert found == {
        "E64": (Fraction(64), "kurang memenuhi syarat"),
        "E68": (Fraction(68), "masih memenuhi syarat"),
        "E80": (Fraction(80), "memenuhi syarat"),
    }


def test_a_missing_assessment_leaves_the_gap_and_jpm_unknown() -> None:
    """A competency with no assessment in force is not guessed: level None, no JPM, no band;
    an assessment after the as-of date is not yet in force."""
    early = assessments({"E1": {"K.A": 2, "K.B": 3, "K.C": 1}})
    late = assessments({"E1": {"K.D": 2}}, date=dt.date(2026, 6, 1))
    table = type(early)(None, early.assessments + late.assessments)
    profile = gap_profile("E1", table, SKJ, policy(), AS_OF)
    assert profile.missing == ("K.D",)
    assert (profile.jpm, profile.band) == (None, None)
    later = gap_profile("E1", table, SKJ, policy(), dt.date(2026, 6, 1))
    assert later.missing == ()
    assert later.jpm == 100


def test_records_and_pandas_view() -> None:
    """records() gives one row per person and competency; to_pandas() the same columns."""
    table = gaps(assessments({"E1": {"K.A": 1, "K.B": 3, "K.C": 2, "K.D": 0}}), SKJ, policy())
    records = table.records()
    assert len(records) == 4
    frame = table.to_pandas()
    assert list(frame["competency"]) == ["K.B", "K.D", "K.A", "K.C"]
    assert frame["jpm"].iloc[0] == 62.5


LEVELS = st.fixed_dictionaries({c: st.integers(0, 5) for c in ("K.A", "K.B", "K.C", "K.D")})


@given(LEVELS, st.sampled_from(["K.A", "K.B", "K.C", "K.D"]))
def test_raising_a_level_never_increases_a_gap(levels: dict[str, int], raised: str) -> None:
    """One level raised by one: no shortfall grows and the JPM does not fall."""
    if levels[raised] == 5:
        return
    higher = {**levels, raised: levels[raised] + 1}
    before = gap_profile("E", assessments({"E": levels}), SKJ, policy(), AS_OF)
    after = gap_profile("E", assessments({"E": higher}), SKJ, policy(), AS_OF)
    for old, new in zip(before.rows, after.rows, strict=True):
        assert new.shortfall is not None
        assert old.shortfall is not None
        assert new.shortfall <= old.shortfall
    assert before.jpm is not None
    assert after.jpm is not None
    assert after.jpm >= before.jpm


@given(st.dictionaries(st.sampled_from(["E1", "E2", "E3"]), LEVELS, min_size=1), st.randoms())
def test_gaps_do_not_depend_on_row_order(
    people: dict[str, dict[str, int]], rng: random.Random
) -> None:
    """The same rows in another order give the same gap table."""
    table = assessments(people)
    rows = [
        {
            "employee_id": a.employee_id,
            "competency": a.competency,
            "level": str(a.level),
            "date": a.date.isoformat(),
            "source": a.source,
            "assessor": a.assessor,
        }
        for a in table.assessments
    ]
    rng.shuffle(rows)
    from asn_competency.development import read_assessments

    shuffled = read_assessments(rows)
    assert gaps(shuffled, SKJ, policy()).profiles == gaps(table, SKJ, policy()).profiles
