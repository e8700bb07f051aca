"""Declared recommendations (docs/evaluation.md, "The evaluation policy"): the shipped
Gayungan policy's rules fire exactly at their thresholds, compiled and traced by the rule
language; a policy naming facts its subject lacks does not load."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from asn_competency._api import validate
from asn_competency.errors import PolicyError
from asn_competency.evaluation import icc
from asn_competency.evaluation.recommend import Recommendations, load_evaluation_policy, recommend
from asn_competency.model.evaluation_policy import FACTS, EvaluationPolicy, Subject
from tests.conftest import RUBRICS

SHIPPED = RUBRICS / "evaluasi-gayungan-2026.yaml"


@pytest.fixture(scope="module")
def policy() -> EvaluationPolicy:
    """The shipped evaluation policy of the Gayungan cycle."""
    return load_evaluation_policy(SHIPPED)


def _fired(policy: EvaluationPolicy, subject: Subject, **facts: Any) -> Recommendations:
    return recommend(policy, {subject: [(str(facts.get("stage", "x")), facts)]})


def _ids(result: Recommendations) -> list[str]:
    return [item.id for item in result.fired]


def _panel(icc_2_1: Fraction | None) -> dict[str, Any]:
    return {
        "stage": "wawancara",
        "raters": 3,
        "targets": 40,
        "icc_2_1": icc_2_1,
        "icc_3_1": Fraction(7, 10),
        "drifting_raters": 0,
    }


def test_icc_exactly_0_6_does_not_fire_below_0_6(policy: EvaluationPolicy) -> None:
    """'ICC(2,1) below 0.6' (the seed's example, Cicchetti 1994's lower bound of "good"):
    exactly 3/5 is not below; 3/5 − 10⁻¹² is; compared exactly, as fractions."""
    assert "kalibrasi-penilai" not in _ids(_fired(policy, "panel", **_panel(Fraction(3, 5))))
    below = Fraction(3, 5) - Fraction(1, 10**12)
    result = _fired(policy, "panel", **_panel(below))
    assert _ids(result) == ["kalibrasi-penilai"]
    assert "icc_2_1 < 0.6 → true" in result.fired[0].trace


def test_a_panel_whose_icc_is_exactly_0_6_by_shrout_and_fleiss_is_not_calibrated(
    policy: EvaluationPolicy,
) -> None:
    """Two raters, four applicants, [[1,1],[1,1],[1,1],[2,4]]: MSR = 2, MSC = 1/2, MSE = 1/2,
    so ICC(2,1) = (MSR − MSE) / (MSR + (k−1)MSE + k(MSC − MSE)/n) = (3/2)/(5/2) = 3/5
    exactly (Shrout & Fleiss 1979, Table 1's formula, worked by hand here). The panel fact
    from icc() does not fire 'below 0.6'; the second rater rating the last applicant one
    point higher ([2,5]) widens the disagreement, pulls it below, and fires."""
    exactly = icc([[1, 1], [1, 1], [1, 1], [2, 4]])
    assert exactly["ICC(2,1)"].value == Fraction(3, 5)
    assert _ids(_fired(policy, "panel", **_panel(exactly["ICC(2,1)"].value))) == []
    lower = icc([[1, 1], [1, 1], [1, 1], [2, 5]])["ICC(2,1)"].value
    assert lower is not None
    assert lower < Fraction(3, 5)
    assert _ids(_fired(policy, "panel", **_panel(lower))) == ["kalibrasi-penilai"]


def test_a_share_of_exactly_30_percent_does_not_fire_more_than_30(
    policy: EvaluationPolicy,
) -> None:
    """'More than 30% of the hires below standard' (the seed's example of new staff
    struggling with technology): 3 of 10 does not fire, 4 of 13 (30.8%) does, for the
    technology competency with its own programme and for any other."""

    def facts(competency: str, below: int, assessed: int) -> dict[str, Any]:
        return {
            "competency": competency,
            "assessed": assessed,
            "below_standard": below,
            "share_below_standard": Fraction(below, assessed),
        }

    for competency in ("T.GAY.03", "M.05"):
        exactly = recommend(policy, {"competency": [(competency, facts(competency, 3, 10))]})
        assert _ids(exactly) == []
    tech = recommend(policy, {"competency": [("T.GAY.03", facts("T.GAY.03", 4, 13))]})
    other = recommend(policy, {"competency": [("M.05", facts("M.05", 4, 13))]})
    assert _ids(tech) == ["program-literasi-digital"]
    assert _ids(other) == ["program-angkatan"]
    assert "(4 dari 13)" in tech.fired[0].text_id
    assert "on M.05 (4 of 13)" in other.fired[0].text_en
    assert dict(tech.fired[0].evidence)["share_below_standard"] == "4/13"


def test_a_stage_flag_resting_only_on_small_numbers_is_not_a_recommendation(
    policy: EvaluationPolicy,
) -> None:
    """A stage is reviewed when some flag is not one the Guidelines' Q&A 21 test marks as
    resting on small numbers: 2 flags of which 2 small do not fire; 2 of which 1 small do."""
    base = {
        "stage": "tes_kompetensi",
        "received": 120,
        "passed": 50,
        "pass_rate": Fraction(5, 12),
        "min_impact_ratio": Fraction(26, 45),
    }
    assert _ids(_fired(policy, "stage", **base, flagged_groups=2, small_flagged_groups=2)) == []
    fired = _fired(policy, "stage", **base, flagged_groups=2, small_flagged_groups=1)
    assert _ids(fired) == ["tinjau-kriteria-tahap"]
    assert fired.fired[0].text_en.startswith("Review the criteria of stage tes_kompetensi: 2 ")


def test_an_unknown_fact_leaves_the_rule_undecided_and_counted(policy: EvaluationPolicy) -> None:
    """A panel whose ICC could not be computed neither fires nor is dropped: it is counted."""
    result = _fired(policy, "panel", **_panel(None))
    assert _ids(result) == []
    assert dict(result.unknown)["kalibrasi-penilai"] == 1


def test_every_fact_of_every_subject_has_a_rule_type() -> None:
    """The facts' table is what the rule scope is built from: each names a known type."""
    for facts in FACTS.values():
        for kind, meaning in facts.values():
            assert kind in ("integer", "decimal", "string", "boolean")
            assert meaning


def _write(tmp_path: Path, replace: tuple[str, str]) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert replace[0] in text
    target = tmp_path / "policy.yaml"
    target.write_text(text.replace(replace[0], replace[1], 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("replace", "code"),
    [
        (("rule: icc_2_1 < 0.6", "rule: icc_21 < 0.6"), "expr.unknown-name"),
        (("rule: icc_2_1 < 0.6", 'rule: icc_2_1 < "tinggi"'), "expr.type"),
        (("rule: icc_2_1 < 0.6", "rule: icc_2_1"), "expr.type"),
        (
            (
                "evidence: [icc_2_1, icc_3_1, raters, targets]",
                "evidence: [icc_2_1, share_below_standard]",
            ),
            "ref.unknown-field",
        ),
        (("Calibrate the raters of stage {stage}", "Calibrate {panel}"), "ref.unknown-field"),
        (
            ("references: [cicchetti-1994, gayungan-ilustrasi]", "references: [cichetti-1994]"),
            "ref.unknown-reference",
        ),
        (("  - id: penilai-menyimpang", "  - id: kalibrasi-penilai"), "ref.duplicate-id"),
    ],
)
def test_a_policy_with_a_bad_recommendation_does_not_load(
    tmp_path: Path, replace: tuple[str, str], code: str
) -> None:
    """Rules are compiled when the file loads (by the library's front door and by
    load_evaluation_policy), evidence and placeholders name the subject's facts, references
    and ids are checked; each problem is located in the file."""
    path = _write(tmp_path, replace)
    problems = validate(path)
    assert [p.code for p in problems] == [code]
    assert problems[0].line is not None
    with pytest.raises(PolicyError) as raised:
        load_evaluation_policy(path)
    assert [p.code for p in raised.value.problems] == [code]


def test_another_kind_is_not_an_evaluation_policy() -> None:
    """Loading a selection policy as an evaluation policy is refused with kind.unexpected,
    at the file's ``kind:`` key."""
    with pytest.raises(PolicyError) as raised:
        load_evaluation_policy(RUBRICS / "gayungan-2026.yaml")
    assert [p.code for p in raised.value.problems] == ["kind.unexpected"]
