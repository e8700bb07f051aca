"""Threshold curves: a hand-computed case, and the four-fifths flags of adverse_impact."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from asn_competency import load_text, run
from asn_competency.evaluation import adverse_impact
from asn_competency.evaluation.rubric import Replay, impact_at, threshold_curves
from asn_competency.model import SelectionPolicy
from tests.conftest import RUBRICS
from tests.evaluation.rubric.data import replay

#: A small policy: one test with two thresholded parts (minimums 50 and 40), then a weighted
#: final score and a ranking.
POLICY = """\
kind: selection-policy
schema_version: 1
id: kurva
name: {id: Kurva ambang, en: Threshold curve}
as_of: "2026-01-01"
references:
  - {id: contoh, title: Contoh}
parameters:
  min_a:
    description: {id: Ambang A, en: Minimum of A}
    type: integer
    values: {"2025-01-01": {value: 50, reference: contoh}}
candidate_fields:
  candidate_id: {type: string, description: {id: Nomor, en: Number}}
  formation_id: {type: string, description: {id: Formasi, en: Formation}}
  a: {type: integer, minimum: 0, maximum: 100, required: false, description: {id: A, en: A}}
  b: {type: integer, minimum: 0, maximum: 100, required: false, description: {id: B, en: B}}
protected_attributes:
  gender: {type: enum, values: [P, L], required: false, description: {id: JK, en: Gender}}
tracks:
  - {id: umum, name: {id: Umum, en: General}}
scores:
  akhir:
    kind: weighted-sum
    criteria:
      - {id: a, input: a, weight: 0.5}
      - {id: b, input: b, weight: 0.5}
stages:
  - kind: test
    id: tes
    name: {id: Tes, en: Test}
    components:
      - {id: a, field: a, maximum: 100, pass_minimum: {parameter: min_a}}
      - {id: b, field: b, maximum: 100, pass_minimum: 40}
  - kind: integration
    id: integrasi
    name: {id: Integrasi, en: Integration}
    score: akhir
  - kind: ranking
    id: peringkat
    name: {id: Peringkat, en: Ranking}
    order: [{key: akhir}]
"""

#: (a, b, gender) of six applicants: women P1-P3, men L1-L3.
APPLICANTS = [
    ("P1", 45, 60, "P"),
    ("P2", 55, 60, "P"),
    ("P3", 70, 30, "P"),
    ("L1", 50, 45, "L"),
    ("L2", 65, 50, "L"),
    ("L3", 80, 90, "L"),
]


def _replay() -> Replay:
    policy = load_text(POLICY)
    assert isinstance(policy, SelectionPolicy)
    rows = [
        {"candidate_id": c, "formation_id": "F1", "a": a, "b": b, "gender": g}
        for c, a, b, g in APPLICANTS
    ]
    formations = [{"formation_id": "F1", "track": "umum", "quota": 2}]
    return Replay(policy, rows, formations=formations, as_of=dt.date(2026, 1, 1))


def test_hand_computed_curve() -> None:
    """Component a (minimum 50): everyone sat; b ≥ 40 holds for all but P3. At t = 50 the
    passes are P2, L1, L2, L3 (4 of 6); at t = 65, L2 and L3 (P3 fails b); women pass 1 of 3
    at t = 50 against men 3 of 3, an impact ratio of 1/3, flagged; at t = 45, P1 passes
    too (5 of 6, women 2 of 3)."""
    curves = threshold_curves(_replay())
    curve = next(c for c in curves.curves if c.component == "a")
    assert (curve.current, curve.parameter) == (Fraction(50), "min_a")
    assert curve.at(Fraction(50)).passed == 4
    assert curve.at(Fraction(50)).received == 6
    assert curve.at(Fraction(65)).passed == 2
    women = curve.at(Fraction(50), "gender", "P")
    assert (women.received, women.passed) == (3, 1)
    assert women.impact_ratio == Fraction(1, 3)
    assert women.flagged
    assert curve.at(Fraction(45)).passed == 5  # P1 (a = 45) too
    assert curve.at(Fraction(45), "gender", "P").passed == 2
    assert "gender" in curve.flagged_at(Fraction(50))


def test_trips_are_the_nearest_changes_of_the_flag() -> None:
    """Women at t ≤ 45 pass 2 of 3 against men 3 of 3 (ratio 2/3, flagged); from t = 50
    fewer women pass than men at every observed score up to 80 (L3 alone): the flag never
    clears, no trip either way."""
    curves = threshold_curves(_replay())
    curve = next(c for c in curves.curves if c.component == "a")
    assert curve.trips() == {"gender": (None, None)}


def test_curve_flags_are_adverse_impacts() -> None:
    """At every threshold of every curve of a shipped policy, the flags and ratios of the
    curve's groups are those of adverse_impact on the same outcomes."""
    kept = replay("gayungan-2026.yaml", 300, 4)
    curves = threshold_curves(kept)
    assert curves.curves
    curve = curves.curves[0]
    for threshold in sorted({p.threshold for p in curve.points})[::7]:
        table = impact_at(kept, curve, threshold)
        expected = {(r.attribute, r.group): (r.impact_ratio, r.flagged) for r in table.rows}
        found = {
            (p.scope, p.group): (p.impact_ratio, p.flagged)
            for p in curve.points
            if p.threshold == threshold and p.scope not in ("all", "track")
        }
        assert found == expected


def test_curves_are_deterministic_and_mark_the_current_minimum() -> None:
    """The same replay gives the same records, and each curve holds its current minimum."""
    kept = replay("cpns-2024.yaml", 300, 4)
    first = threshold_curves(kept)
    assert first.records() == threshold_curves(kept).records()
    for curve in first.curves:
        assert any(p.threshold == curve.current for p in curve.points)
    assert "tracks with an exception left out" in first.note()


def test_adverse_impact_direct_agrees() -> None:
    """The hand case's flag at t = 50 is adverse_impact's on the same outcomes."""
    outcomes = [False, True, False, True, True, True]
    table = adverse_impact(outcomes, {"gender": [g for *_, g in APPLICANTS]})
    assert [r.flagged for r in table.rows if r.group == "P"] == [True]
    assert RUBRICS.exists()


def test_ahp_weights_are_the_matrixs() -> None:
    """A final score weighted by an AHP matrix [[1, 3], [1/3, 1]]: the replay weighs by its
    principal eigenvector (3/4, 1/4; Saaty's method, consistent matrix), with or without
    anyone at the weighted stage, and re-decides as the run."""
    text = POLICY.replace(
        """      - {id: a, input: a, weight: 0.5}
      - {id: b, input: b, weight: 0.5}""",
        """      - {id: a, input: a}
      - {id: b, input: b}
    ahp: {matrix: [[1, 3], ["1/3", 1]]}""",
    )
    policy = load_text(text)
    assert isinstance(policy, SelectionPolicy)
    rows = [
        {"candidate_id": c, "formation_id": "F1", "a": a, "b": b, "gender": g}
        for c, a, b, g in APPLICANTS
    ]
    formations = [{"formation_id": "F1", "track": "umum", "quota": 2}]
    kept = Replay(policy, rows, formations=formations, as_of=dt.date(2026, 1, 1))
    assert kept.weights == {"a": Fraction(3, 4), "b": Fraction(1, 4)}
    nobody = Replay(policy, [], formations=formations, as_of=dt.date(2026, 1, 1))
    assert nobody.weights == kept.weights
    expected = run(policy, rows, formations=formations, as_of=dt.date(2026, 1, 1))
    found = kept.decide()
    assert {d.candidate_id: d.final_status for d in expected} == {
        k: o.final_status for k, o in found.items()
    }
