"""Rating stages on the shipped Gayungan 2026 policy: raters, aggregation, disagreement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import asn_competency as asn
from asn_competency.model import RatingStage
from asn_competency.pipeline.reasons import reason

GAYUNGAN = asn.load_policy(asn.shipped("gayungan-2026.yaml"))
AS_OF = dt.date(2026, 3, 31)
STAGE = next(s for s in GAYUNGAN.stages if isinstance(s, RatingStage))
FORMATION = {
    "formation_id": "G1",
    "quota": 1,
    "track": "umum",
    "position": "Pengadministrasi Layanan Publik",
    "education_level": "S1",
    "agency": "Kecamatan Gayungan",
    "location": "Gayungan",
}


def candidate(cid: str) -> dict[str, Any]:
    return {
        "candidate_id": cid,
        "formation_id": "G1",
        "status_kepegawaian": "PNS",  # the placement is open to civil servants only
        "birth_date": dt.date(1996, 1, 1),
        "education_level": "S1",
        "dokumen_lengkap": True,
        "tes_pelayanan": 80,
        "tes_teknologi": 75,
    }


def ratings(cid: str, scores: dict[str, tuple[int, ...]] | None = None) -> list[dict[str, Any]]:
    """Three raters, level 3 on every criterion unless given."""
    rows = []
    for criterion in STAGE.criteria:
        given = (scores or {}).get(criterion.id, (3, 3, 3))
        for number, score in enumerate(given, start=1):
            rows.append(
                {
                    "candidate_id": cid,
                    "stage_id": STAGE.id,
                    "rater_id": f"R{number}",
                    "criterion_id": criterion.id,
                    "score": Decimal(score),
                }
            )
    return rows


def test_interview_aggregates_and_feeds_profile_matching() -> None:
    """Three agreeing raters: the interview advances and the final score is computed."""
    result = asn.run(
        GAYUNGAN, [candidate("A")], formations=[FORMATION], ratings=ratings("A"), as_of=AS_OF
    )
    (decision,) = result
    assert decision.stage(STAGE.id).outcome == "advanced"
    assert decision.stage(STAGE.id).detail["raters"]["M.03"] == ["R1", "R2", "R3"]
    assert decision.final_status == "selected"
    assert decision.final_score is not None


def test_raters_who_disagree_send_to_review() -> None:
    """Scores 1, 3 and 5 on one competency differ by more than the declared spread of 2: the
    candidate is needs_review with the criterion and the scores named, not averaged."""
    result = asn.run(
        GAYUNGAN,
        [candidate("A")],
        formations=[FORMATION],
        ratings=ratings("A", {"M.03": (1, 3, 5)}),
        as_of=AS_OF,
    )
    (decision,) = result
    stage = decision.stage(STAGE.id)
    assert stage.outcome == "needs_review"
    spread = [r for r in stage.reasons if r.code == "rating.spread"]
    assert [r["criterion"] for r in spread] == ["M.03"]
    assert {k: spread[0]["scores"][k] for k in ("R1", "R3")} == {"R1": 1, "R3": 5}


def test_too_few_raters_send_to_review() -> None:
    """Two raters where three are required: needs_review naming the criterion."""
    rows = [r for r in ratings("A") if not (r["criterion_id"] == "M.05" and r["rater_id"] == "R3")]
    (decision,) = asn.run(
        GAYUNGAN, [candidate("A")], formations=[FORMATION], ratings=rows, as_of=AS_OF
    )
    assert decision.stage(STAGE.id).outcome == "needs_review"
    assert reason("rating.too-few-raters", criterion="M.05", count=2, needed=3) in (
        decision.stage(STAGE.id).reasons
    )


def test_no_ratings_is_absent() -> None:
    """A candidate the interview's ratings do not name (others are rated) did not attend it."""
    decisions = asn.run(
        GAYUNGAN,
        [candidate("A"), candidate("B")],
        formations=[FORMATION],
        ratings=ratings("B"),
        as_of=AS_OF,
    )
    (decision,) = [d for d in decisions if d.candidate_id == "A"]
    assert decision.stage(STAGE.id).outcome == "absent"


def test_duplicated_rating_is_an_input_error() -> None:
    """The same rater rating the same criterion twice stops the run, naming both lines."""
    import pytest

    from asn_competency.errors import PolicyError

    rows = ratings("A")
    with pytest.raises(PolicyError) as info:
        asn.run(
            GAYUNGAN,
            [candidate("A")],
            formations=[FORMATION],
            ratings=[*rows, rows[0]],
            as_of=AS_OF,
        )
    assert info.value.codes == ["input.duplicate-rating"]


def test_rating_for_an_unlisted_candidate_is_an_input_error() -> None:
    """A rating naming a candidate who did not apply stops the run."""
    import pytest

    from asn_competency.errors import PolicyError

    with pytest.raises(PolicyError) as info:
        asn.run(
            GAYUNGAN,
            [candidate("A")],
            formations=[FORMATION],
            ratings=ratings("A") + ratings("Z"),
            as_of=AS_OF,
        )
    assert set(info.value.codes) == {"input.unknown-candidate"}
