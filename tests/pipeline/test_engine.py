"""The selection pipeline on the shipped CPNS 2024 policy: every stage, tie and invariant.

Reference rules: docs/domain.md, sections "CPNS SKD", "CPNS passing grades", "CPNS shortlist
to SKB", "CPNS integration", "CPNS final ranking" and "CPNS optimisation" ([C] unless marked
there); PermenPANRB 6/2024 and KepmenPANRB 321/2024.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.audit import ledger
from asn_competency.audit.run_folder import ledger_line
from asn_competency.pipeline import result_rows
from asn_competency.pipeline.engine import RunResult
from tests.cpns_rows import CUM_LAUDE, candidate, formation

CPNS = asn.load_policy(asn.shipped("cpns-2024.yaml"))
AS_OF = dt.date(2024, 9, 10)  # registration closed (docs/domain.md, "CPNS age limits")


def run(candidates: list[dict[str, Any]], formations: list[dict[str, Any]]) -> RunResult:
    return asn.run(CPNS, candidates, formations=formations, as_of=AS_OF)


def by_id(result: RunResult) -> dict[str, Any]:
    return {d.candidate_id or "": d for d in result}


def deciding_key(decision: Any, stage_id: str = "peringkat", policy: Any = CPNS) -> str:
    """The English name of the ordering key a record says decided the candidate's place
    (records hold the key's position in the ordering, which the policy names)."""
    index = decision.stage(stage_id).detail["decided_by"]
    stage = next(s for s in policy.stages if s.id == stage_id)
    return str(stage.order[index].name.en)


def test_a_candidate_who_passes_everything_is_selected() -> None:
    """All stages advanced; final score 40% × 400/550×100 + 60% × 400/500×100 = 77.091."""
    (decision,) = run([candidate("A")], [formation("F1")])
    assert decision.final_status == "selected"
    assert decision.label == "L"
    assert decision.final_score == Fraction(77091, 1000)
    assert decision.placement_formation_id == "F1"
    assert decision.rank == 1
    assert all(s.outcome == "advanced" for s in decision.stages)


def test_eligibility_names_every_failed_rule() -> None:
    """Too old and the wrong education level: ineligible (TMS), naming both rules."""
    (decision,) = run(
        [candidate("A", birth_date=dt.date(1980, 1, 1), education_level="D3")],
        [formation("F1")],
    )
    assert decision.final_status == "ineligible"
    assert decision.label == "TMS"
    reasons = decision.stage("administrasi").reasons
    assert [(r.code, r["rule"]) for r in reasons] == [
        ("rule.failed", "usia"),
        ("rule.failed", "pendidikan"),
    ]
    assert decision.stage("skd").outcome == "not_reached"


def test_age_limit_on_the_as_of_date() -> None:
    """35 on the as-of date is eligible; 36 is not (age at most 35 [C])."""
    born_35 = dt.date(1989, 9, 10)  # 35th birthday on the as-of date
    born_36 = dt.date(1988, 9, 10)
    result = by_id(
        run(
            [candidate("A", birth_date=born_35), candidate("B", birth_date=born_36)],
            [formation("F1", quota=2)],
        )
    )
    assert result["A"].stage("administrasi").outcome == "advanced"
    assert result["B"].final_status == "ineligible"


def test_skd_passing_grade_general_track() -> None:
    """TKP 165 is below the passing grade 166 (KepmenPANRB 321/2024): failed (TL), with the
    clause and the parameter's legal basis in the reasons."""
    (decision,) = run([candidate("A", tkp=165)], [formation("F1")])
    assert decision.final_status == "failed"
    assert decision.label == "TL"
    skd = decision.stage("skd")
    assert skd.outcome == "below_threshold"
    assert skd.score == 100 + 120 + 165
    (below,) = skd.reasons
    assert below.code == "threshold.below"
    assert {k: below[k] for k in ("score", "value", "op", "threshold", "parameter")} == {
        "score": "tkp",
        "value": 165,
        "op": ">=",
        "threshold": 166,
        "parameter": "skd_min_tkp",
    }
    assert below["reference"] == "kepmenpanrb-321-2024"


def test_track_exception_replaces_the_base_rule() -> None:
    """A cum laude candidate with TKP 150 (below 166) passes on total ≥ 311 and TIU ≥ 85; a
    disability-track candidate needs total ≥ 286 and TIU ≥ 60 [C]."""
    result = by_id(
        run(
            [
                candidate("C", "FC", **CUM_LAUDE, twk=70, tiu=90, tkp=151),  # total 311, TIU 90
                candidate("D", "FC", **CUM_LAUDE, twk=70, tiu=84, tkp=160),  # TIU below 85
                candidate("E", "FD", twk=50, tiu=60, tkp=176),  # total 286, TIU 60
            ],
            [formation("FC", 2, "cumlaude"), formation("FD", 1, "disabilitas")],
        )
    )
    assert result["C"].stage("skd").outcome == "advanced"
    assert result["C"].stage("skd").detail["exception"] == "cumlaude-diaspora"
    assert result["D"].stage("skd").outcome == "below_threshold"
    assert result["E"].stage("skd").outcome == "advanced"
    assert result["E"].stage("skd").detail["exception"] == "disabilitas-papua"


def test_absent_when_no_skd_score() -> None:
    """No SKD score at all: absent (TH); a partial score is needs_review."""
    result = by_id(
        run(
            [candidate("A", twk=None, tiu=None, tkp=None), candidate("B", tkp=None)],
            [formation("F1", quota=2)],
        )
    )
    assert result["A"].final_status == "absent"
    assert result["A"].label == "TH"
    assert result["B"].final_status == "needs_review"


def test_shortlist_three_times_quota_with_ties_at_the_cut() -> None:
    """Quota 1: the best 3 by SKD total advance to SKB, and a 4th tied with the 3rd on SKD
    total, TKP, TIU and TWK advances too; the 5th is outranked [C]."""
    rows = [
        candidate("A", twk=110),
        candidate("B", twk=105),
        candidate("C", twk=100),
        candidate("D", twk=100),  # identical SKD to C
        candidate("E", twk=90),
    ]
    result = by_id(run(rows, [formation("F1")]))
    outcomes = {cid: d.stage("pemeringkatan_skd").outcome for cid, d in result.items()}
    assert outcomes == {
        "A": "advanced", "B": "advanced", "C": "advanced", "D": "advanced", "E": "outranked"
    }  # fmt: skip
    assert result["E"].final_status == "not_selected"


def test_tie_break_chain_records_the_deciding_key() -> None:
    """Equal final scores and SKD totals are separated by TKP; the record names the key."""
    rows = [
        candidate("A", twk=100, tiu=120, tkp=180),
        candidate("B", twk=105, tiu=120, tkp=175),  # same SKD total, lower TKP
    ]
    result = by_id(run(rows, [formation("F1")]))
    assert result["A"].final_status == "selected"
    assert result["B"].final_status == "not_selected"
    assert deciding_key(result["A"]) == "TKP"


def test_older_applicant_breaks_the_last_tie() -> None:
    """Identical scores and GPA: the older applicant ranks first (Pasal 45(4))."""
    rows = [
        candidate("A", birth_date=dt.date(1998, 1, 1)),
        candidate("B", birth_date=dt.date(1995, 1, 1)),
    ]
    result = by_id(run(rows, [formation("F1")]))
    assert result["B"].final_status == "selected"
    assert result["A"].final_status == "not_selected"
    assert deciding_key(result["B"]) == "Older applicant"


def test_unresolved_tie_at_the_quota_boundary_is_needs_review() -> None:
    """Equal on every key of the chain at the quota boundary: both needs_review (the
    regulation names no further key); nobody is silently chosen."""
    rows = [candidate("A"), candidate("B")]
    result = by_id(run(rows, [formation("F1")]))
    assert {d.final_status for d in result.values()} == {"needs_review"}
    assert result["A"].label == "PR"


def test_tie_inside_the_quota_is_no_problem() -> None:
    """Two identical candidates within a quota of 2 are both selected and share rank 1."""
    result = by_id(run([candidate("A"), candidate("B")], [formation("F1", quota=2)]))
    assert {d.final_status for d in result.values()} == {"selected"}
    assert {d.rank for d in result.values()} == {1}


def test_optimisation_fills_an_unfilled_formation() -> None:
    """F2 has no applicant; B, outranked in F1 (same position, education level, agency),
    is placed in F2: selected_by_optimisation (L-2), a move between formations. D, outranked
    in another agency, is told that no free slot matches."""
    rows = [
        candidate("A", "F1", tkp=190),
        candidate("B", "F1", tkp=185),
        candidate("C", "F3", tkp=200),
        candidate("D", "F3", tkp=170),
    ]
    formations = [
        formation("F1"),
        formation("F2"),
        formation("F3", agency="Pemprov Jawa Timur"),
    ]
    result = by_id(run(rows, formations))
    assert result["A"].final_status == "selected"
    assert result["B"].final_status == "selected_by_optimisation"
    assert result["B"].placement_formation_id == "F2"
    assert result["B"].label == "L-2"
    placed = result["B"].stage("optimalisasi")
    assert (placed.detail["placed_in"], placed.detail["moved"]) == ("F2", "formation")
    assert result["D"].final_status == "not_selected"
    skipped = result["D"].stage("optimalisasi")
    assert skipped.detail["reason"] == "no_free_slot"
    assert [r.code for r in skipped.reasons] == ["optimisation.no-free-slot"]


def test_optimisation_tells_the_outranked_why() -> None:
    """Two outranked candidates for one free slot: the better is placed, the other is told
    that higher-ranked candidates took the free slots (reason code and text)."""
    rows = [
        candidate("A", "F1", tkp=200),
        candidate("B", "F1", tkp=190),
        candidate("C", "F1", tkp=180),
    ]
    result = by_id(run(rows, [formation("F1"), formation("F2")]))
    assert result["B"].placement_formation_id == "F2"
    skipped = result["C"].stage("optimalisasi")
    assert skipped.outcome == "outranked"
    assert skipped.detail["reason"] == "outranked"
    assert [r.code for r in skipped.reasons] == ["optimisation.outranked"]
    assert result["C"].final_status == "not_selected"


def test_optimisation_general_to_special_track() -> None:
    """An unfilled disability slot at the same location is filled by a general-track
    candidate who met the general passing grade: the direction docs/domain.md ("CPNS
    optimisation") marks unconfirmed, kept in the policy with an unverified reference."""
    rows = [candidate("A", "F1", tkp=190), candidate("B", "F1", tkp=185)]
    formations = [
        formation("F1", location="Gayungan"),
        formation("FD", track="disabilitas", location="Gayungan"),
    ]
    result = by_id(run(rows, formations))
    assert result["B"].final_status == "selected_by_optimisation"
    assert result["B"].placement_formation_id == "FD"
    assert result["B"].stage("optimalisasi").detail["moved"] == "track"
    assert result["B"].label == "L-1"


def test_optimisation_special_to_general_track() -> None:
    """An empty general-track slot at the same position and location is filled by a
    special-track (cum laude) applicant who met the GENERAL passing grades (docs/domain.md,
    "CPNS optimisation": KepmenPANRB 320/2024, diktum 35(1), [W]): L-1, moved across tracks.
    A cum laude applicant who passed only on the track's own rule (TKP 151 < 166) is told
    that they are below the general passing grade."""
    rows = [
        candidate("C1", "FC", **CUM_LAUDE, tkp=200),
        candidate("C2", "FC", **CUM_LAUDE, tkp=185),  # meets TWK 65, TIU 80, TKP 166
        # total 311, TIU 90: passes on the cum laude rule only
        candidate("C3", "FC", **CUM_LAUDE, twk=70, tiu=90, tkp=151),
    ]
    formations = [
        formation("FC", track="cumlaude", location="Gayungan"),
        formation("F1", location="Gayungan"),
    ]
    result = by_id(run(rows, formations))
    assert result["C1"].final_status == "selected"
    assert result["C2"].final_status == "selected_by_optimisation"
    assert result["C2"].placement_formation_id == "F1"
    assert result["C2"].stage("optimalisasi").detail["moved"] == "track"
    assert result["C2"].label == "L-1"
    below = result["C3"].stage("optimalisasi")
    assert below.detail["reason"] == "below_general_grade"
    assert [r.code for r in below.reasons] == ["optimisation.below-general-grade"]


def test_optimisation_across_tracks_needs_the_same_location() -> None:
    """A special-track applicant may fill a general slot only at the same location (the
    policy's same_across_tracks): at another location there is no matching free slot."""
    rows = [
        candidate("C1", "FC", **CUM_LAUDE, tkp=200),
        candidate("C2", "FC", **CUM_LAUDE, tkp=185),
    ]
    formations = [
        formation("FC", track="cumlaude", location="Gayungan"),
        formation("F1", location="Wonokromo"),
    ]
    result = by_id(run(rows, formations))
    assert result["C2"].final_status == "not_selected"
    assert result["C2"].stage("optimalisasi").detail["reason"] == "no_free_slot"


def _best_first(general: str, special: str) -> dict[str, Any]:
    """P (best) may fill the general slot or, across tracks at its location, the disability
    slot; Q only the general slot; R only the disability slot."""
    rows = [
        candidate("A", "F1", tkp=200),
        candidate("P", "F1", tkp=190),
        candidate("B", "F1B", tkp=200),
        candidate("Q", "F1B", tkp=185),
        candidate("E", "FD2", tkp=200),
        candidate("R", "FD2", tkp=180),
    ]
    formations = [
        formation("F1", location="Gayungan"),
        formation("F1B", location="Wonokromo"),
        formation("FD2", track="disabilitas", location="Wonokromo"),
        formation(general, location="Rungkut"),
        formation(special, track="disabilitas", location="Gayungan"),
    ]
    return by_id(run(rows, formations))


def test_optimisation_fills_slots_best_candidate_first_not_by_formation_id() -> None:
    """Whatever the formations' ids, the two best outranked candidates (P, Q) are placed: P
    in the disability slot (the only one Q cannot fill), Q in the general slot; R, ranked
    below both, is outranked. Filling formations in id order would give the general slot to
    P and leave Q out while R, ranked lower, is placed (docs/domain.md, "CPNS optimisation":
    best candidate first)."""
    for general, special in (("F2", "F3"), ("F3", "F2")):
        result = _best_first(general, special)
        assert result["P"].placement_formation_id == special
        assert result["Q"].placement_formation_id == general
        assert result["R"].final_status == "not_selected"
        assert result["R"].stage("optimalisasi").detail["reason"] == "outranked"
        assert result["P"].stage("optimalisasi").detail["pool_rank"] == 1


def test_optimisation_tie_for_the_last_free_slot_is_needs_review() -> None:
    """B and D, outranked in two formations and equal on every key of the ranking, compete
    for one free slot: both needs_review (the keys cannot choose, an id must not); E, ranked
    below them, is told the slot is held for the tie."""
    rows = [
        candidate("A", "F1", tkp=200),
        candidate("B", "F1", tkp=185),
        candidate("E", "F1", tkp=170),
        candidate("C", "F3", tkp=200),
        candidate("D", "F3", tkp=185),
    ]
    for order in (rows, rows[::-1]):
        result = by_id(run(order, [formation("F1"), formation("F2"), formation("F3")]))
        for tied in ("B", "D"):
            assert result[tied].final_status == "needs_review"
            assert result[tied].placement_formation_id is None
            stage = result[tied].stage("optimalisasi")
            assert (stage.outcome, stage.detail["reason"]) == ("needs_review", "tie_unresolved")
        assert result["E"].stage("optimalisasi").detail["reason"] == "held_for_tie"
        assert result["E"].final_status == "not_selected"


def test_optimisation_holds_the_slot_for_an_unresolved_tie_at_the_quota() -> None:
    """T1 and T2 tie for F1's one seat (both needs_review): whichever is not selected comes
    before W (third in F1) and Z (outranked in F3) for the empty F2, so neither W nor Z is
    placed while the tie is pending, and the tied are not placed either; their record names
    the formation held for them."""
    rows = [
        candidate("T1", "F1", tkp=190),
        candidate("T2", "F1", tkp=190),
        candidate("W", "F1", tkp=185),
        candidate("C", "F3", tkp=200),
        candidate("Z", "F3", tkp=180),
    ]
    result = by_id(run(rows, [formation("F1"), formation("F2"), formation("F3")]))
    for tied in ("T1", "T2"):
        assert result[tied].final_status == "needs_review"
        assert result[tied].placement_formation_id is None
        assert result[tied].stage("optimalisasi").detail == {
            "reason": "tie_at_quota",
            "held_in": ["F2"],
        }
    for waiting in ("W", "Z"):
        assert result[waiting].placement_formation_id is None
        assert result[waiting].stage("optimalisasi").detail["reason"] == "held_for_tie"


def test_a_slot_beyond_what_the_tie_needs_goes_to_the_next_candidate() -> None:
    """With two free slots in F2 and one candidate left over from F1's tie, one slot is held
    for the tie and W (next in the ranking) is placed in the other: whoever wins the tie, W's
    placement is the same."""
    rows = [
        candidate("T1", "F1", tkp=190),
        candidate("T2", "F1", tkp=190),
        candidate("W", "F1", tkp=185),
    ]
    result = by_id(run(rows, [formation("F1"), formation("F2", quota=2)]))
    assert result["W"].final_status == "selected_by_optimisation"
    assert result["W"].placement_formation_id == "F2"
    assert result["T1"].stage("optimalisasi").detail["held_in"] == ["F2"]


def test_optimisation_fields_must_be_formation_fields() -> None:
    """A name in 'same' that is no formation field is an error at load (ref.unknown-field),
    with a suggestion, not a comparison that silently never matches."""
    text = asn.shipped("cpns-2024.yaml").read_text("utf-8")
    text = text.replace("    same: [position, education_level, agency]\n", "    same: [postion]\n")
    with pytest.raises(asn.PolicyError) as caught:
        asn.load_text(text, file=str(asn.shipped("cpns-2024.yaml")))
    (problem,) = caught.value.problems
    assert problem.code == "ref.unknown-field"
    assert problem.hint is not None
    assert "position" in problem.hint


def test_sma_diploma_average_breaks_the_tie_and_a_missing_gpa_is_no_zero() -> None:
    """Equal down to TWK: in an SMA formation the higher average diploma score ranks first
    (the GPA is not read); in an S1 formation a missing GPA leaves the tie unresolved
    (needs_review), never counted as 0 (docs/domain.md, "CPNS final ranking")."""
    sma = [
        candidate("A", "FS", education_level="SMA", gpa=None, diploma_average=Decimal("80.00")),
        candidate("B", "FS", education_level="SMA", gpa=None, diploma_average=Decimal("85.50")),
    ]
    result = by_id(run(sma, [formation("FS", education_level="SMA")]))
    assert result["B"].final_status == "selected"
    assert result["A"].final_status == "not_selected"
    assert deciding_key(result["B"]) == "Average diploma score (SMA graduates)"
    graduates = [candidate("C", "F1", gpa=None), candidate("D", "F1")]
    result = by_id(run(graduates, [formation("F1")]))
    assert {d.final_status for d in result.values()} == {"needs_review"}


def test_a_central_agency_formation_is_refused() -> None:
    """The policy encodes the SKB of regional agencies only (one extra test, at most 40%):
    a formation of a central agency is refused with the column named, not run under the
    wrong composition (docs/domain.md, "CPNS SKB composition")."""
    with pytest.raises(asn.PolicyError) as caught:
        run([candidate("A")], [formation("F1", agency_type="pusat")])
    assert [p.code for p in caught.value.problems] == ["input.range"]
    assert "agency_type" in caught.value.problems[0].render()


def test_missing_skb_is_absent() -> None:
    """Shortlisted but no SKB score: absent at SKB."""
    (decision,) = run([candidate("A", skb_cat=None)], [formation("F1")])
    assert decision.stage("skb").outcome == "absent"
    assert decision.final_status == "absent"


def test_extra_skb_test_weight() -> None:
    """With skb_extra_weight 0.4, SKB = 0.6 × CAT/500×100 + 0.4 × extra; a missing extra
    score is then needs_review, while with weight 0 it does not matter."""
    rows = [
        candidate("A", "FX", skb_extra=Decimal(90)),
        candidate("B", "FX"),
        candidate("C", "F0"),
    ]
    formations = [
        formation("FX", quota=2, skb_extra_weight=Decimal("0.4")),
        formation("F0", skb_extra_weight=Decimal(0)),
    ]
    result = by_id(run(rows, formations))
    assert result["A"].stage("skb").score == Fraction(6, 10) * 80 + Fraction(4, 10) * 90
    assert result["B"].stage("integrasi").outcome == "needs_review"
    assert result["C"].final_status == "selected"


def test_every_invalid_row_reason() -> None:
    """Unparsable, out of range, missing required value, unknown formation and duplicated
    id (every copy) are invalid_input with the field named; nothing is dropped."""
    rows = [
        candidate("A", twk="1o5"),
        candidate("B", tkp=300),
        candidate("C", birth_date=None),
        candidate("D", "F9"),
        candidate("E"),
        candidate("E"),
        candidate("F"),
    ]
    result = run(rows, [formation("F1")])
    assert len(result) == len(rows)
    statuses = {(d.candidate_id, d.row): d for d in result}
    codes = {key: [p.code for p in d.problems] for key, d in statuses.items()}
    assert codes[("A", 1)] == ["input.type"]
    assert codes[("B", 2)] == ["input.range"]
    assert codes[("C", 3)] == ["input.missing"]
    assert codes[("D", 4)] == ["input.unknown-formation"]
    assert codes[("E", 5)] == codes[("E", 6)] == ["input.duplicate-id"]
    assert codes[("F", 7)] == []
    invalid = [d for d in result if d.final_status == "invalid_input"]
    assert len(invalid) == 6
    assert all(d.stages[0].outcome == "invalid_input" for d in invalid)


def test_protected_attributes_do_not_change_decisions() -> None:
    """Changing gender, religion or region of origin changes no decision."""
    rows = [candidate("A", tkp=190), candidate("B", tkp=185)]
    tagged = [
        {**rows[0], "gender": "P", "religion": "Islam"},
        {**rows[1], "gender": "L", "region_of_origin": "Papua"},
    ]
    first = [(d.final_status, d.final_score) for d in run(rows, [formation("F1")])]
    second = [(d.final_status, d.final_score) for d in run(tagged, [formation("F1")])]
    assert first == second


@st.composite
def pools(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Candidate rows over the formations below: missing and boundary scores, shared values
    that tie, a duplicate id and an invalid row (shrinkable, unlike a seeded generator)."""
    size = draw(st.integers(1, 40))
    rows = [
        candidate(
            f"C{number:03d}",
            draw(st.sampled_from(["F1", "F2", "F3", "F4"])),
            twk=draw(st.sampled_from([60, 70, 80, 90, 100, None])),
            tiu=draw(st.sampled_from([70, 85, 100, 120])),
            tkp=draw(st.sampled_from([150, 166, 170, 180, 200])),
            skb_cat=draw(st.sampled_from([200, 300, 400, None])),
            birth_date=draw(st.sampled_from([dt.date(1990, 1, 1), dt.date(1995, 6, 1)])),
            **CUM_LAUDE,
        )
        for number in range(size)
    ]
    rows.append(candidate("C000", "F1"))  # a duplicate id
    rows.append(candidate("X", "F1", twk="abc"))
    return rows


FORMATIONS = [
    formation("F1", 1),
    formation("F2", 2),
    formation("F3", 1, "cumlaude"),
    formation("F4", 1, agency="Pemprov"),
    formation("F5", 1, location="F3"),  # no applicants: optimisation, also from cum laude
]


@settings(max_examples=25)
@given(st.data())
def test_nothing_lost_and_row_order_never_matters(data: st.DataObject) -> None:
    """Every input row yields exactly one decision; shuffled rows give a byte-identical
    ledger (decisions.jsonl) and the same results.csv but for the input row numbers."""
    rows = data.draw(pools())
    shuffled = data.draw(st.permutations(rows))
    first = run(rows, FORMATIONS)
    second = run(shuffled, FORMATIONS)
    assert len(first) == len(rows)

    def ledger_lines(result: RunResult) -> list[str]:
        return [ledger_line(record) for record in ledger(result)]

    def results(result: RunResult) -> list[dict[str, str]]:
        return [{**r, "row": ""} for r in result_rows(result)]  # rows number the input

    assert ledger_lines(first) == ledger_lines(second)
    assert results(first) == results(second)


def test_exceptions_that_apply_together_at_run_time_are_needs_review() -> None:
    """Two exceptions with conditions, same track and priority, both true for a candidate:
    needs_review naming both, never a silent choice."""
    text = asn.shipped("cpns-2024.yaml").read_text("utf-8")
    text = text.replace(
        "        tracks: [disabilitas, papua]\n",
        "        tracks: [disabilitas, papua, cumlaude]\n        when: tiu >= 60\n",
    ).replace(
        "        tracks: [cumlaude, diaspora]\n",
        "        tracks: [cumlaude, diaspora]\n        when: twk >= 0\n",
    )
    policy = asn.load_text(text, kind=asn.SelectionPolicy, file=str(asn.shipped("cpns-2024.yaml")))
    (decision,) = asn.run(
        policy,
        [candidate("A", "FC", **CUM_LAUDE)],
        formations=[formation("FC", track="cumlaude")],
        as_of=AS_OF,
    )
    skd = decision.stage("skd")
    assert skd.outcome == "needs_review"
    (conflict,) = skd.reasons
    assert conflict.code == "exception.conflict"
    assert conflict["exceptions"] == ["cumlaude-diaspora", "disabilitas-papua"]


def test_result_rows_match_the_decisions() -> None:
    """RunResult.rows() gives one results.csv row per decision."""
    result = run([candidate("A"), candidate("B", tkp=100)], [formation("F1")])
    rows = result.rows()
    assert [r["candidate_id"] for r in rows] == ["A", "B"]
    assert [r["final_status"] for r in rows] == ["selected", "failed"]


def test_a_policy_is_compiled_once_for_loading_and_every_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Loading compiles every formula to check it; running the loaded policy again and again
    (a notebook's sensitivity study) compiles nothing more. A copy of the policy is compiled
    anew (it never reuses its original's compiled rules)."""
    from asn_competency.expressions import compile as compile_module
    from asn_competency.expressions import policy as stage_rules_module
    from asn_competency.scoring import checks as scores_module

    compiled: list[str] = []
    original = compile_module.compile_rule

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        compiled.append(text)
        return original(text, *args, **kwargs)

    for module in (stage_rules_module, scores_module):
        monkeypatch.setattr(module, "compile_rule", counting)
    policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    at_load = len(compiled)
    assert at_load > 0
    rows, formations = [candidate("A")], [formation("F1")]
    for _ in range(3):
        asn.run(policy, rows, formations=formations, as_of=dt.date(2024, 9, 10))
    assert len(compiled) == at_load
    copy = policy.model_copy()
    asn.run(copy, rows, formations=formations, as_of=dt.date(2024, 9, 10))
    assert len(compiled) == 2 * at_load


def test_every_stage_kind_of_the_model_has_a_way_to_run() -> None:
    """The engine's registry of stage kinds is exactly the model's stage kinds: a new stage
    kind in model/stages.py cannot load and then be skipped by the engine."""
    import typing

    from asn_competency.model.stages import Stage
    from asn_competency.pipeline.engine import STAGE_KINDS

    union = typing.get_args(Stage)[0]
    kinds = {
        typing.get_args(cls.model_fields["kind"].annotation)[0] for cls in typing.get_args(union)
    }
    assert kinds == set(STAGE_KINDS)
