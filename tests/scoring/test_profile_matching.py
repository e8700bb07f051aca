"""Profile Matching, aspect totals and JPM: published example, choices, errors, properties."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asn_competency.errors import PolicyError
from asn_competency.scoring.profile_matching import (
    DEFAULT_JPM_BANDS,
    GAP_WEIGHTS,
    JpmBand,
    aspect_total,
    job_person_match,
    jpm_band,
    profile_match,
)

# "Profile Matching", course notes of ruang-belajar/dss (github.com/ruang-belajar/dss,
# docs/profile-matching.md), following Kusrini (2007), Konsep dan Aplikasi Sistem Pendukung
# Keputusan: "Contoh Kasus - Seleksi Karyawan", four candidates, five criteria on a 1-5
# scale, CF 60% : SF 40%.
TARGETS = {"education": 4, "experience": 5, "technical": 5, "communication": 4, "leadership": 4}
CORE = ["experience", "technical", "leadership"]
CANDIDATES = {
    "A": (4, 5, 4, 3, 3),
    "B": (3, 4, 5, 4, 4),
    "C": (4, 3, 4, 5, 5),
    "D": (5, 5, 3, 4, 2),
}


def _levels(name: str) -> dict[str, int]:
    return dict(zip(TARGETS, CANDIDATES[name], strict=True))


def test_gap_table_is_the_domain_table() -> None:
    """The default gap table is 0→5, +1→4.5, -1→4, ..., +4→1.5, -4→1 (docs/domain.md,
    section "Profile Matching"; Kusrini)."""
    assert dict(GAP_WEIGHTS) == {
        0: Decimal(5),
        1: Decimal("4.5"),
        -1: Decimal(4),
        2: Decimal("3.5"),
        -2: Decimal(3),
        3: Decimal("2.5"),
        -3: Decimal(2),
        4: Decimal("1.5"),
        -4: Decimal(1),
    }


def test_ruang_belajar_selection_example() -> None:
    """ruang-belajar/dss example: CF 4.333/4.667/3.833/3.667, SF 4.5/4.5/4.75/4.75."""
    expected = {
        "A": ("4.333", "4.5", "4.4"),
        "B": ("4.667", "4.5", "4.6"),
        "C": ("3.833", "4.75", "4.2"),
        "D": ("3.667", "4.75", "4.1"),
    }
    for name, (ncf, nsf, total) in expected.items():
        result = profile_match(_levels(name), TARGETS, core=CORE)
        assert round(result.ncf, 3) == Decimal(ncf)
        assert result.nsf == Decimal(nsf)
        assert result.total == Decimal(total)  # the source's 4.40 etc. are exact here


def test_ruang_belajar_ranking() -> None:
    """ruang-belajar/dss example: the ranking is B, A, C, D."""
    totals = {n: profile_match(_levels(n), TARGETS, core=CORE).total for n in CANDIDATES}
    assert sorted(totals, key=lambda n: totals[n], reverse=True) == ["B", "A", "C", "D"]


def test_ruang_belajar_simple_example() -> None:
    """ruang-belajar/dss "Contoh Sederhana": CF (4+4)/2 = 4, SF 5, aspect 4.4."""
    result = profile_match(
        {"komunikasi": 4, "kepemimpinan": 3, "loyalitas": 5},
        {"komunikasi": 5, "kepemimpinan": 4, "loyalitas": 5},
        core=["komunikasi", "kepemimpinan"],
    )
    assert (result.ncf, result.nsf, result.total) == (Fraction(4), Fraction(5), Fraction(22, 5))


def test_rows_explain_each_competency() -> None:
    """Each row gives the level, target, signed gap, weight and factor, in target order."""
    result = profile_match(_levels("D"), TARGETS, core=CORE)
    rows = [(r.competency, r.level, r.target, r.gap, r.weight, r.factor) for r in result.rows]
    assert rows == [
        ("education", 5, 4, 1, Decimal("4.5"), "secondary"),
        ("experience", 5, 5, 0, Decimal(5), "core"),
        ("technical", 3, 5, -2, Decimal(3), "core"),
        ("communication", 4, 4, 0, Decimal(5), "secondary"),
        ("leadership", 2, 4, -2, Decimal(3), "core"),
    ]
    assert repr(result.rows[0]) == (
        "ProfileRow(education: level 5, target 4, gap +1, weight 4.5, secondary)"
    )


def test_non_terminating_mean_stays_exact() -> None:
    """NCF 13/3 stays exactly 13/3, so the total is exactly 4.4, not 4.3999..."""
    result = profile_match(_levels("A"), TARGETS, core=CORE)
    assert result.ncf == Fraction(13, 3)
    assert result.total == Decimal("4.4")  # not 0.6 x 4.333...3 + 1.8 = 4.3999...


def test_no_secondary_factors_total_is_ncf() -> None:
    """With every competency core, NSF is None and the total is NCF, whatever core_weight."""
    for weight in (Decimal("0.6"), Decimal("0.9")):
        result = profile_match(
            {"a": 4, "b": 5}, {"a": 5, "b": 5}, core=["a", "b"], core_weight=weight
        )
        assert result.nsf is None
        assert result.ncf == Decimal("4.5")
        assert result.total == Decimal("4.5")


def test_custom_core_weight() -> None:
    """A 70/30 split: 0.7 x 4 + 0.3 x 5 = 4.3."""
    result = profile_match(
        {"a": 4, "b": 5}, {"a": 5, "b": 5}, core=["a"], core_weight=Decimal("0.7")
    )
    assert result.total == Decimal("4.3")


def test_custom_gap_table() -> None:
    """A caller's gap table (here absolute gaps) replaces the default."""
    table = {0: Decimal(5), 1: Decimal(4), -1: Decimal(4)}
    result = profile_match({"a": 6}, {"a": 5}, core=["a"], gap_weights=table)
    assert result.total == Decimal(4)


def test_missing_level_is_reported() -> None:
    """A target without a level is pm.missing-level, naming the competency."""
    with pytest.raises(PolicyError) as caught:
        profile_match({"a": 3}, {"a": 3, "b": 4}, core=["a"])
    assert caught.value.codes == ["pm.missing-level"]
    assert "'b'" in caught.value.problems[0].message
    assert caught.value.problems[0].json_path == "$.levels.b"


def test_level_without_target_suggests_a_name() -> None:
    """A level for an unknown competency is ref.unknown-competency with a did-you-mean."""
    with pytest.raises(PolicyError) as caught:
        profile_match({"integritas": 3, "integritass": 4}, {"integritas": 3}, core=["integritas"])
    problem = caught.value.problems[0]
    assert problem.code == "ref.unknown-competency"
    assert problem.hint == "did you mean 'integritas'?"


def test_gap_out_of_table_is_reported() -> None:
    """A gap of +5 (level 6, target 1) is pm.gap-out-of-table, with level and target."""
    with pytest.raises(PolicyError) as caught:
        profile_match({"a": 6}, {"a": 1}, core=["a"])
    problem = caught.value.problems[0]
    assert problem.code == "pm.gap-out-of-table"
    assert "level 6 against target 1 is a gap of +5" in problem.message
    assert "gaps -4 to +4" in problem.message


def test_core_must_name_targets() -> None:
    """A core id that is not a target is ref.unknown-competency; no core at all schema.length."""
    with pytest.raises(PolicyError) as caught:
        profile_match({"a": 3}, {"a": 3}, core=["b"])
    assert caught.value.codes == ["ref.unknown-competency", "schema.length"]
    with pytest.raises(PolicyError) as caught:
        profile_match({"a": 3}, {"a": 3}, core=[])
    assert caught.value.codes == ["schema.length"]


def test_core_as_one_string_is_refused() -> None:
    """core='a' (a string, not a list) is schema.type with a hint."""
    with pytest.raises(PolicyError) as caught:
        profile_match({"a": 3}, {"a": 3}, core="a")
    assert caught.value.codes == ["schema.type"]
    assert caught.value.problems[0].hint == "write core=['a']"


def test_inexact_inputs_are_refused() -> None:
    """Float levels, float core_weight and a core_weight above 1 are all reported."""
    with pytest.raises(PolicyError) as caught:
        profile_match({"a": 3.0}, {"a": 3}, core=["a"], core_weight=0.6)  # type: ignore[dict-item,arg-type]
    assert sorted(caught.value.codes) == ["schema.type", "schema.type"]
    with pytest.raises(PolicyError) as caught:
        profile_match({"a": 3}, {"a": 3}, core=["a"], core_weight=Decimal("1.5"))
    assert caught.value.codes == ["schema.range"]


def test_result_repr_is_readable() -> None:
    """The result's repr leads with total, NCF and NSF."""
    result = profile_match({"a": 4}, {"a": 5}, core=["a"])
    assert repr(result).startswith("ProfileMatchResult(total=4, ncf=4, nsf=None, core_weight=0.6")


def test_aspect_total_weighted_sum() -> None:
    """Aspect totals combine by weight: 0.2 x 4.4 + 0.3 x 4.6 + 0.5 x 4.2 = 4.36."""
    total = aspect_total(
        {"administrasi": Decimal("4.4"), "kompetensi": Decimal("4.6"), "perilaku": Decimal("4.2")},
        {"administrasi": Decimal("0.2"), "kompetensi": Decimal("0.3"), "perilaku": Decimal("0.5")},
    )
    assert total == Decimal("4.36")


def test_aspect_weights_sum_exactly_to_one() -> None:
    """0.1 + 0.2 + 0.7 is exactly 1 in decimals; 0.3 + 0.3 + 0.3 is weights.sum."""
    scores = {"a": Decimal(1), "b": Decimal(2), "c": Decimal(3)}
    weights = {"a": Decimal("0.1"), "b": Decimal("0.2"), "c": Decimal("0.7")}
    assert aspect_total(scores, weights) == Decimal("2.6")
    with pytest.raises(PolicyError) as caught:
        aspect_total(scores, dict.fromkeys(scores, Decimal("0.3")))
    assert caught.value.codes == ["weights.sum"]
    assert "sum to 0.9, not 1" in caught.value.problems[0].message


def test_aspect_names_must_match() -> None:
    """A weighted aspect with no score and a scored aspect with no weight are both reported."""
    with pytest.raises(PolicyError) as caught:
        aspect_total({"sikap": Decimal(4)}, {"sikap kerja": Decimal(1)})
    assert caught.value.codes == ["schema.required", "schema.unknown-field"]


def test_aspect_float_weight_is_refused() -> None:
    """A float weight is schema.type."""
    with pytest.raises(PolicyError) as caught:
        aspect_total({"a": Decimal(4)}, {"a": 1.0})  # type: ignore[dict-item]
    assert caught.value.codes == ["schema.type"]


def test_jpm_capped_and_uncapped() -> None:
    """JPM = attained / required x 100: capped 12/15 = 80; uncapped 14/15 = 93.33..."""
    targets = {"M.01": 3, "M.02": 3, "M.03": 3, "M.04": 3, "SK.01": 3}
    levels = {"M.01": 5, "M.02": 3, "M.03": 2, "M.04": 2, "SK.01": 2}
    assert job_person_match(levels, targets) == Decimal(80)
    uncapped = job_person_match(levels, targets, cap_at_target=False)
    assert uncapped == Fraction(280, 3)


def test_jpm_errors() -> None:
    """A missing level, an unknown competency and a zero target are all reported."""
    with pytest.raises(PolicyError) as caught:
        job_person_match({"x": 3}, {"a": 0})
    assert sorted(caught.value.codes) == [
        "pm.missing-level",
        "ref.unknown-competency",
        "schema.range",
    ]


def test_jpm_band_boundaries() -> None:
    """Exactly 80 meets the standard; exactly 68 still meets it; just below each drops a band."""
    assert jpm_band(Decimal(80)) == "memenuhi syarat"
    assert jpm_band(Decimal("79.99")) == "masih memenuhi syarat"
    assert jpm_band(Decimal(68)) == "masih memenuhi syarat"
    assert jpm_band(Decimal("67.99")) == "kurang memenuhi syarat"
    assert jpm_band(Decimal(0)) == "kurang memenuhi syarat"
    assert jpm_band(Decimal(100)) == "memenuhi syarat"


def test_jpm_band_of_computed_values() -> None:
    """A JPM of exactly 80 (4 of 5) and exactly 68 (17 of 25) land on the boundaries."""
    assert jpm_band(job_person_match({"a": 3, "b": 1}, {"a": 3, "b": 2})) == "memenuhi syarat"
    targets = {f"c{k}": 5 for k in range(5)}
    levels = dict(zip(targets, (4, 4, 3, 3, 3), strict=True))
    value = job_person_match(levels, targets)
    assert value == Decimal(68)
    assert jpm_band(value) == "masih memenuhi syarat"


def test_jpm_band_errors() -> None:
    """A float, a value below every band, and bands out of order are refused."""
    with pytest.raises(PolicyError) as caught:
        jpm_band(80.0)  # type: ignore[arg-type]
    assert caught.value.codes == ["schema.type"]
    with pytest.raises(PolicyError) as caught:
        jpm_band(Decimal(-1))
    assert caught.value.codes == ["schema.range"]
    with pytest.raises(PolicyError) as caught:
        jpm_band(Decimal(50), [JpmBand(Decimal(0), "low"), JpmBand(Decimal(50), "high")])
    assert caught.value.codes == ["schema.invalid"]


def test_custom_jpm_bands() -> None:
    """An institution's own bands replace the defaults."""
    bands = [JpmBand(Decimal(90), "optimal"), JpmBand(Decimal(0), "kembangkan")]
    assert jpm_band(Decimal(89), bands) == "kembangkan"
    assert DEFAULT_JPM_BANDS[0] == JpmBand(Decimal(80), "memenuhi syarat")


@st.composite
def profiles(draw: st.DrawFn) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """Random targets and levels on the 1-5 scale, with a random non-empty core."""
    names = draw(st.lists(st.sampled_from("ABCDEFGH"), min_size=1, max_size=8, unique=True))
    targets = {n: draw(st.integers(min_value=1, max_value=5)) for n in names}
    levels = {n: draw(st.integers(min_value=1, max_value=5)) for n in names}
    core = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
    return levels, targets, core


SHARES = st.decimals(min_value=0, max_value=1, places=2)


@given(profiles(), SHARES)
def test_total_stays_between_one_and_five(
    profile: tuple[dict[str, int], dict[str, int], list[str]], share: Decimal
) -> None:
    """With the default table, NCF, NSF and the total lie in [1, 5]."""
    levels, targets, core = profile
    result = profile_match(levels, targets, core=core, core_weight=share)
    assert Decimal(1) <= result.total <= Decimal(5)
    assert Decimal(1) <= result.ncf <= Decimal(5)


@given(profiles(), SHARES, st.data())
def test_raising_a_level_below_target_never_lowers_the_total(
    profile: tuple[dict[str, int], dict[str, int], list[str]], share: Decimal, data: st.DataObject
) -> None:
    """Raising a level by one when it is below its target never lowers the total."""
    levels, targets, core = profile
    below = [n for n in targets if levels[n] < targets[n]]
    if not below:
        return
    name = data.draw(st.sampled_from(below))
    before = profile_match(levels, targets, core=core, core_weight=share).total
    after = profile_match(
        {**levels, name: levels[name] + 1}, targets, core=core, core_weight=share
    ).total
    assert after >= before


@given(profiles())
def test_jpm_capped_is_between_zero_and_one_hundred(
    profile: tuple[dict[str, int], dict[str, int], list[str]],
) -> None:
    """Capped JPM lies in [0, 100]; uncapped JPM is never below it."""
    levels, targets, _ = profile
    capped = job_person_match(levels, targets)
    assert Decimal(0) <= capped <= Decimal(100)
    assert job_person_match(levels, targets, cap_at_target=False) >= capped
