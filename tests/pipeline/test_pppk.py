"""PPPK 2024 (KepmenPANRB 347/2024): ranking only, priority groups before scores, tie-break
technical, managerial + socio-cultural, interview, older applicant (docs/domain.md, sections
"PPPK tests and maxima" and "PPPK ranking and priority groups", [C])."""

from __future__ import annotations

import datetime as dt
from typing import Any

import asn_competency as asn

PPPK = asn.load(asn.shipped("pppk-2024.yaml"))
AS_OF = dt.date(2024, 10, 1)
FORMATION = {
    "formation_id": "P1",
    "quota": 1,
    "track": "umum",
    "position": "Guru Ahli Pertama",
    "education_level": "S1",
    "agency": "Pemkot Surabaya",
    "location": "Gayungan",
}


def applicant(cid: str, group: str = "umum", **scores: Any) -> dict[str, Any]:
    row = {
        "candidate_id": cid,
        "formation_id": "P1",
        "birth_date": dt.date(1990, 1, 1),
        "education_level": "S1",
        "priority_group": group,
        "technical": 300,
        "managerial": 70,
        "socio_cultural": 60,
        "interview": 30,
    }
    row.update(scores)
    return row


def decide(*rows: dict[str, Any]) -> dict[str, Any]:
    result = asn.run(PPPK, list(rows), formations=[FORMATION], as_of=AS_OF)
    return {d.candidate_id or "": d for d in result}


def test_priority_group_ranks_before_scores() -> None:
    """An ex-THK-II applicant is placed before a higher-scoring general applicant [C]."""
    result = decide(applicant("A", "umum", technical=420), applicant("B", "thk2", technical=250))
    assert result["B"].final_status == "selected"
    assert result["A"].final_status == "not_selected"
    assert result["B"].stage("peringkat").detail["decided_by"] is not None


def test_non_asn_before_others() -> None:
    """Non-ASN staff in the BKN database rank before other applicants [C]."""
    result = decide(applicant("A", "umum", technical=400), applicant("B", "non_asn"))
    assert result["B"].final_status == "selected"


def test_no_passing_grade() -> None:
    """Ranking only: a low score is outranked, never failed."""
    result = decide(applicant("A"), applicant("B", technical=10, managerial=5))
    assert result["A"].final_status == "selected"
    assert result["B"].final_status == "not_selected"


def test_tie_break_by_technical_score() -> None:
    """Equal totals within a group: the higher technical score ranks first [C]."""
    result = decide(
        applicant("A", technical=300, managerial=70),
        applicant("B", technical=310, managerial=60),
    )
    assert result["B"].final_status == "selected"


def test_older_applicant_last() -> None:
    """Equal on every score: the older applicant ranks first [C]."""
    result = decide(
        applicant("A", birth_date=dt.date(1995, 1, 1)),
        applicant("B", birth_date=dt.date(1985, 1, 1)),
    )
    assert result["B"].final_status == "selected"
