"""Cohort needs: the share below standard per competency against the policy's threshold, the
programmes that would close it and their head counts."""

from __future__ import annotations

import random
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.development import cohort_needs, gaps, read_assessments
from tests.conftest import FIXTURES, RUBRICS
from tests.development._build import assessments, catalogue, policy, programme, standard

SKJ = standard([("K.A", 2, "core"), ("K.B", 1, "secondary")])
KATALOG = catalogue(
    [
        programme("intro", {"K.A": (0, 1)}, 8),
        programme("dasar", {"K.A": (1, 2)}, 12),
        programme("lanjut", {"K.A": (2, 3)}, 12),
    ]
)


def _cohort(levels_a: list[int]) -> object:
    people = {f"E{i:02}": {"K.A": level, "K.B": 1} for i, level in enumerate(levels_a)}
    rules = policy()
    return cohort_needs(gaps(assessments(people), SKJ, rules).profiles, rules, SKJ, KATALOG)


def test_exactly_the_threshold_is_not_more_than_it() -> None:
    """The rule is "more than 30%" (docs/domain.md, "The Gayungan seed"; the policy's
    share_above): 3 of 10 below is exactly 3/10, within the threshold; 4 of 10 needs a cohort
    programme."""
    at = _cohort([1, 1, 1, 2, 2, 2, 2, 2, 2, 2])
    first = at.needs[0]  # type: ignore[attr-defined]
    assert (first.competency, first.below, first.assessed, first.share) == (
        "K.A",
        3,
        10,
        Fraction(3, 10),
    )
    assert not first.needs_programme
    assert first.reason.code == "cohort.within-threshold"
    above = _cohort([1, 1, 1, 1, 2, 2, 2, 2, 2, 2])
    need = above.needs[0]  # type: ignore[attr-defined]
    assert need.needs_programme
    assert need.reason.code == "cohort.programme-needed"
    assert need.reason.params["share"] == Fraction(2, 5)


def test_programmes_and_head_counts() -> None:
    """Below K.A's level 2: two at 0 and three at 1. dasar (from 1) fits three, intro (from 0)
    two, lanjut (from 2) none; most members first."""
    result = _cohort([0, 0, 1, 1, 1, 2])
    need = result.needs[0]  # type: ignore[attr-defined]
    assert need.programmes == (("dasar", 3), ("intro", 2))
    assert need.members_below == ("E00", "E01", "E02", "E03", "E04")
    assert need.reason.params["programmes"] == ["dasar", "intro"]


def test_a_need_the_catalogue_cannot_meet_is_said() -> None:
    """A cohort below standard on K.B with no programme for it: cohort.no-programme-in-catalogue."""
    people = {f"E{i}": {"K.A": 2, "K.B": 0} for i in range(3)}
    rules = policy()
    result = cohort_needs(gaps(assessments(people), SKJ, rules).profiles, rules, SKJ, KATALOG)
    assert result.needs[1].reason.code == "cohort.no-programme-in-catalogue"


def test_members_not_assessed_are_counted_apart() -> None:
    """A member with no K.B assessment is not counted as meeting the standard: not_assessed."""
    people = {"E1": {"K.A": 2, "K.B": 0}, "E2": {"K.A": 2}}
    rules = policy()
    result = cohort_needs(gaps(assessments(people), SKJ, rules).profiles, rules, SKJ, KATALOG)
    b = result.needs[1]
    assert (b.assessed, b.below, b.not_assessed, b.share) == (1, 1, 1, Fraction(1))


def test_new_staff_struggling_with_technology_get_a_cohort_programme() -> None:
    """The seed's example (docs/domain.md, "The Gayungan seed": if new staff struggle with new
    technology, design extra training): in the example cohort 4 of 5 are below standard on
    T.GAY.03 (IT and digital services), above the shipped 30%, and literasi-digital-dasar
    would take all four."""
    skj = asn.load_standard(RUBRICS / "skj-gayungan-pelayanan-publik.yaml")
    rules = asn.load_development_policy(RUBRICS / "pengembangan-gayungan-2026.yaml")
    katalog = asn.load_training_catalog(RUBRICS / "katalog-pelatihan-gayungan.yaml")
    table = read_assessments(FIXTURES / "development" / "assessments.csv", skj)
    result = cohort_needs(gaps(table, skj, rules).profiles, rules, skj, katalog)
    digital = next(n for n in result.needs if n.competency == "T.GAY.03")
    assert (digital.below, digital.assessed, digital.share) == (4, 5, Fraction(4, 5))
    assert digital.programmes == (("literasi-digital-dasar", 4),)
    assert [n.competency for n in result.needing_programme()] == [
        "M.03",
        "M.05",
        "T.GAY.02",
        "T.GAY.03",
    ]
    assert result.to_pandas().shape == (13, 10)


@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=12),
    st.randoms(),
)
def test_cohort_needs_do_not_depend_on_member_order(levels: list[int], rng: random.Random) -> None:
    """The same members in another order give the same needs."""
    people = {f"E{i:02}": {"K.A": level, "K.B": 1} for i, level in enumerate(levels)}
    rules = policy()
    profiles = list(gaps(assessments(people), SKJ, rules).profiles)
    first = cohort_needs(profiles, rules, SKJ, KATALOG)
    rng.shuffle(profiles)
    assert cohort_needs(profiles, rules, SKJ, KATALOG) == first
