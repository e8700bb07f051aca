"""A policy's scores evaluated per candidate: exact values, declared rounding, gates, traces."""

from __future__ import annotations

import datetime as dt
import gc
import io
import weakref
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.errors import PolicyError
from asn_competency.expressions import UNKNOWN, EvaluationError
from asn_competency.expressions.functions import round_fraction
from asn_competency.model.scores import WeightedSumScore
from asn_competency.scoring import Scorecard, compile_scores
from tests.conftest import FIXTURES, ROOT

POLICY = asn.load_policy(FIXTURES / "valid" / "scores-policy.yaml")
BOOK = compile_scores(POLICY)
AS_OF = dt.date(2024, 9, 1)
CANDIDATE: dict[str, Any] = {
    "twk": 120,
    "tiu": 100,
    "tkp": 180,
    "skb_cat": 270,
    "education_level": "S1",
    "gpa": Decimal("3.50"),
}


def card(**changes: Any) -> Scorecard:
    return BOOK.evaluate({**CANDIDATE, **changes}, as_of=AS_OF)


def test_cpns_integration_example() -> None:
    """SKD 400 → 400/550×100 = 72.7272…, × 0.4 = 29.0909… (docs/domain.md, section "CPNS
    integration", [C], PermenPANRB 6/2024 Pasal 45); with SKB 54 × 0.6 = 32.4 the total
    61.4909… rounds half-up to 61.491 at the declared 3 places."""
    result = card()["final"]
    skd, skb = result.criteria
    assert (skd.raw, skd.scaled) == (400, Fraction(800, 11))
    assert (skb.raw, skb.scaled) == (270, 54)
    assert skd.contribution == Fraction(320, 11)
    assert skb.contribution == Fraction(162, 5)
    assert result.exact == Fraction(320, 11) + Fraction(162, 5)
    assert result.value == Fraction(61491, 1000)
    assert result.passed is True
    assert result.thresholds[0].parameter == "final_min"
    assert result.thresholds[0].reference == "permenpanrb-6-2024"


def test_gate_fails_below_minimum() -> None:
    """A total below the parameter's minimum fails the gate."""
    assert card(skb_cat=0)["final"].passed is False


def test_missing_input_makes_scores_unknown_and_names_it() -> None:
    """A missing field makes dependent scores unknown, naming the field; others stay known."""
    scores = BOOK.evaluate({k: v for k, v in CANDIDATE.items() if k != "skb_cat"}, as_of=AS_OF)
    assert scores["skd"].value == Fraction(800, 11)
    assert scores["final"].value is UNKNOWN
    assert scores["final"].missing == ("skb_cat",)
    assert scores["final"].passed is None


def test_points_table_and_category() -> None:
    """The points table picks the one matching row; the category maps codes to points."""
    assert card()["pendidikan"].value == 15
    assert card(gpa=Decimal("3.49"))["pendidikan"].value == 10
    assert card(education_level="S2")["jenjang"].value == 4


def test_ahp_weights_used_exactly() -> None:
    """AHP weights are rounded to 4 places and normalised; the sum uses them exactly."""
    result = card()["ahp_mix"]
    weights = [c.weight for c in result.criteria]
    assert sum(weights) == 1
    assert [float(w) for w in weights] == pytest.approx([0.5396, 0.2970, 0.1634], abs=1e-4)


def test_affirmation_capped_and_rounded() -> None:
    """Affirmation adds 35% of 450 = 157.5 → 158 and 25% = 112.5 → 113 (half up), capped at
    450 (docs/domain.md, section "PPPK affirmation points", [C])."""
    assert card(skb_cat=100)["afirmasi"].value == 100 + 158 + 113
    assert card(skb_cat=270)["afirmasi"].value == 450
    assert card(skb_cat=100, twk=50)["afirmasi"].value == 100 + 158


def test_pass_fail() -> None:
    """pass-fail gives 1 or 0."""
    assert card(tkp=166)["lulus_tkp"].value == 1
    assert card(tkp=165)["lulus_tkp"].value == 0


def test_scale_out_of_range_is_an_evaluation_error() -> None:
    """A raw value beyond a non-clamping scale's anchors is an error, not a silent clamp."""
    with pytest.raises(EvaluationError) as info:
        card(skb_cat=600)
    assert info.value.problem.code == "scale.out-of-range"


def test_category_unknown_code_is_an_evaluation_error() -> None:
    """A code with no points is an error naming the code."""
    policy = asn.load_text(
        (FIXTURES / "valid" / "scores-policy.yaml")
        .read_text("utf-8")
        .replace("{SMA: 1, D3: 2, S1: 3, S2: 4}", "{SMA: 1, D3: 2, S1: 3}"),
        kind=asn.SelectionPolicy,
    )
    with pytest.raises(EvaluationError) as info:
        compile_scores(policy).evaluate({**CANDIDATE, "education_level": "S2"}, as_of=AS_OF)
    assert info.value.problem.code == "category.unknown-code"


@given(st.integers(0, 150), st.integers(0, 175), st.integers(0, 225), st.integers(0, 500))
def test_totals_stay_on_their_scale(twk: int, tiu: int, tkp: int, skb: int) -> None:
    """Scaled scores and the weighted total stay within 0-100 for every valid input."""
    scores = card(twk=twk, tiu=tiu, tkp=tkp, skb_cat=skb)
    for name in ("skd", "skb", "final"):
        value = scores[name].value
        assert isinstance(value, Fraction)
        assert 0 <= value <= 100


@given(st.integers(0, 150), st.integers(0, 175), st.integers(0, 224), st.integers(0, 499))
def test_raising_a_benefit_criterion_never_lowers_the_total(
    twk: int, tiu: int, tkp: int, skb: int
) -> None:
    """One more point of TKP or SKB never lowers the total nor turns a pass into a fail."""
    base = {"twk": twk, "tiu": tiu, "tkp": tkp, "skb_cat": skb}
    before = card(**base)["final"]
    for change in ({"tkp": tkp + 1}, {"skb_cat": skb + 1}):
        after = card(**{**base, **change})["final"]
        assert after.value >= before.value  # type: ignore[operator]
        assert not (before.passed is True and after.passed is False)


def _policy_with(scores_yaml: str) -> str:
    """The fixture's fields and test stage with other scores (and no integration stage, which
    decides by a score of the fixture's own)."""
    text = (FIXTURES / "valid" / "scores-policy.yaml").read_text("utf-8")
    return text[: text.index("  - kind: integration")] + scores_yaml


@given(st.lists(st.integers(1, 20), min_size=2, max_size=4), st.integers(1, 7))
def test_normalised_weights_are_scale_free(weights: list[int], factor: int) -> None:
    """With weights: normalised, multiplying every weight by a constant changes nothing."""

    def total(scale: int) -> Any:
        criteria = "".join(
            f"      - {{id: c{i}, input: twk + {i}, weight: {w * scale}}}\n"
            for i, w in enumerate(weights)
        )
        text = _policy_with(
            f"scores:\n  s:\n    kind: weighted-sum\n    weights: normalised\n"
            f"    criteria:\n{criteria}"
        )
        return (
            compile_scores(asn.load_text(text, kind=asn.SelectionPolicy))
            .evaluate(CANDIDATE, as_of=AS_OF)["s"]
            .value
        )

    assert total(1) == total(factor)


CRITERIA = [
    ("a", "twk", "0.25"),
    ("b", "tkp", "0.35"),
    ("c", "tiu", "0.3"),
    ("d", "skb_cat / 5", "0.1"),
]


@given(st.permutations(CRITERIA), st.permutations(["skd_total", "skd", "skb"]))
def test_reordering_criteria_and_scores_changes_nothing(
    criteria: list[tuple[str, str, str]], order: list[str]
) -> None:
    """The total does not depend on the order of the criteria, nor of the other scores."""
    declared = {
        "skd_total": "  skd_total: {kind: formula, formula: twk + tiu + tkp}\n",
        "skd": "  skd: {kind: scale, input: skd_total, from: [0, 550]}\n",
        "skb": "  skb: {kind: scale, input: skb_cat, from: [0, 500]}\n",
    }
    rows = "".join(f"      - {{id: {i}, input: {f}, weight: {w}}}\n" for i, f, w in criteria)
    text = _policy_with(
        "scores:\n"
        + "".join(declared[name] for name in order)
        + f"  s:\n    kind: weighted-sum\n    criteria:\n{rows}"
    )
    result = compile_scores(asn.load_text(text, kind=asn.SelectionPolicy)).evaluate(
        CANDIDATE, as_of=AS_OF
    )["s"]
    assert result.value == Fraction(120 * 25 + 180 * 35 + 100 * 30 + 54 * 10, 100)


@pytest.mark.parametrize(
    ("scores_yaml", "code"),
    [
        (
            "scores:\n  a: {kind: formula, formula: b + 1}\n  b: {kind: formula, formula: a}\n",
            "score.cycle",
        ),
        ("scores:\n  a: {kind: scale, input: twk, from: [150, 0]}\n", "scale.anchors"),
        ("scores:\n  a: {kind: formula, formula: twk >= 1}\n", "expr.type"),
        ("scores:\n  a: {kind: category, input: twk, points: {x: 1}}\n", "expr.type"),
        (
            (
                "scores:\n  a:\n    kind: weighted-sum\n    criteria:\n"
                "      - {id: a, input: twk, weight: 0.5}\n"
                "      - {id: b, input: tiu, weight: 0.4}\n"
            ),
            "weights.sum",
        ),
        (
            (
                "scores:\n  a:\n    kind: weighted-sum\n    criteria:\n"
                "      - {id: a, input: twk, weight: 0.5}\n      - {id: b, input: tiu}\n"
            ),
            "weights.partial",
        ),
        (
            (
                "scores:\n  a:\n    kind: weighted-sum\n    criteria:\n"
                "      - {id: a, input: twk}\n      - {id: b, input: tiu}\n"
                "    ahp: {matrix: [[1, 9], [9, 1]]}\n"
            ),
            "ahp.matrix",
        ),
    ],
)
def test_score_problems_at_load(scores_yaml: str, code: str) -> None:
    """Each kind of score mistake is a load-time problem with its code."""
    with pytest.raises(PolicyError) as info:
        asn.load_text(_policy_with(scores_yaml))
    assert code in info.value.codes


def test_scores_policy_validates_from_the_command_line() -> None:
    """The scores fixture validates through the command line too."""
    from asn_competency.cli import main

    path = FIXTURES / "valid" / "scores-policy.yaml"
    assert main(["validate", str(path)], out=io.StringIO()) == 0


# The profile policy cites the shipped standard in rubrics/: the repository is its root.
PROFILE = asn.load_policy(FIXTURES / "valid" / "profile-policy.yaml", root=ROOT)
PROFILE_BOOK = compile_scores(PROFILE)


def profile_card(**levels: int) -> Scorecard:
    candidate = dict.fromkeys(PROFILE.candidate_fields, 2)
    return PROFILE_BOOK.evaluate({**candidate, **levels}, as_of=AS_OF)


def test_profile_match_against_the_gayungan_standard() -> None:
    """Profile Matching with the classic gap table (docs/domain.md, section "Profile Matching"):
    six core factors (4.5, 4.5, 5, 4.5, 5, 4) give NCF 27.5/6, seven secondary factors NSF
    32/7, total 0.6 NCF + 0.4 NSF."""
    result = profile_card(m_03=3, t_gay_02=1)["profil"]
    assert result.value == Fraction(3, 5) * Fraction(55, 12) + Fraction(2, 5) * Fraction(32, 7)
    row = next(s for s in result.steps if s.code == "profile.competency" and s["gap"] == -1)
    assert (row["competency"], row["level"], row["target"], row["weight"]) == ("T.GAY.02", 1, 2, 4)
    assert row["factor"] == "core"


def test_profile_match_by_aspect() -> None:
    """With aspects, each competency group is matched apart and the groups weighted
    0.4/0.4/0.2: teknis 4.6, manajerial 4.6, sosial kultural 4.5 → 4.58."""
    assert profile_card(m_03=3, t_gay_02=1)["profil_aspek"].value == Fraction(458, 100)


def test_jpm_and_band() -> None:
    """JPM caps each level at its target: 17 of 18 required levels → 94.4…%, 'memenuhi
    syarat' (≥ 80); all at level 1 → 13/18 = 72.2…%, 'masih memenuhi syarat' (68 to < 80)."""
    high = profile_card(m_03=3, t_gay_02=1)["jpm"]
    assert high.value == Fraction(1700, 18)
    assert high.band == "memenuhi syarat"
    low = profile_card(**dict.fromkeys(PROFILE.candidate_fields, 1))["jpm"]
    assert low.value == Fraction(1300, 18)
    assert low.band == "masih memenuhi syarat"


def test_profile_levels_must_cover_the_standard() -> None:
    """A profile score without a level for one of the standard's competencies, or with one
    the standard lacks, is refused at load time."""
    text = (FIXTURES / "valid" / "profile-policy.yaml").read_text("utf-8")
    missing = text.replace("      M.08: m_08\n", "", 1)
    with pytest.raises(PolicyError) as info:
        asn.load_text(missing, file=str(FIXTURES / "valid" / "x.yaml"), root=ROOT)
    assert "pm.missing-level" in info.value.codes
    extra = text.replace("      M.08: m_08\n", "      M.08: m_08\n      M.09: m_08\n", 1)
    with pytest.raises(PolicyError) as info:
        asn.load_text(extra, file=str(FIXTURES / "valid" / "x.yaml"), root=ROOT)
    assert "ref.unknown-competency" in info.value.codes


def test_a_copy_with_other_weights_compiles_its_own_scores() -> None:
    """A policy changed by ``model_copy`` (a notebook's what-if) is scored with its own
    weights: it starts with its original's compiled cache, and a copy made after another
    died may get the dead copy's address, so a cache keyed by address alone would hand it
    the other copy's weights."""
    final = POLICY.scores["final"]
    assert isinstance(final, WeightedSumScore)
    skd_total, skb_cat = 120 + 100 + 180, 270  # CANDIDATE's SKD points and SKB score
    compile_scores(POLICY)  # the original's cache, which every copy starts with
    for index in range(40):
        skd = Decimal("0.9") if index % 2 else Decimal("0.1")
        criteria = [
            final.criteria[0].model_copy(update={"weight": skd}),
            final.criteria[1].model_copy(update={"weight": 1 - skd}),
        ]
        scores = {**POLICY.scores, "final": final.model_copy(update={"criteria": criteria})}
        copy = POLICY.model_copy(update={"scores": scores})
        value = compile_scores(copy).evaluate(CANDIDATE, as_of=AS_OF)["final"].value
        expected = Fraction(skd) * Fraction(skd_total * 100, 550) + Fraction(1 - skd) * Fraction(
            skb_cat * 100, 500
        )
        assert value == round_fraction(expected, 3, "half_up")
        del copy  # its address is free for the next copy


def test_what_a_copy_compiled_dies_with_the_copy() -> None:
    """The original does not keep its copies' compiled scores alive: a notebook that tries a
    hundred what-ifs by ``model_copy`` holds one policy's compilation, not a hundred."""
    compile_scores(POLICY)
    copy = POLICY.model_copy(update={"id": "salinan"})
    book = weakref.ref(compile_scores(copy))
    assert book() is not None
    del copy
    gc.collect()
    assert book() is None
