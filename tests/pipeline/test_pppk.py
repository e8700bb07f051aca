"""PPPK 2024 on the shipped policy: screening by age and work experience, ranking only,
priority groups before scores, the tie-break chain and the optimisation of unfilled
formations. Sources: docs/domain.md, sections "PPPK eligibility", "PPPK ranking and priority
groups" and "PPPK optimisation and result codes"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import asn_competency as asn
from asn_competency.errors import PolicyError
from asn_competency.model import RankingStage

PPPK = asn.load_policy(asn.shipped("pppk-2024.yaml"))
AS_OF = dt.date(2024, 10, 1)
FORMATION = {
    "formation_id": "P1",
    "quota": 1,
    "track": "umum",
    "position": "Guru Ahli Pertama",
    "education_level": "S1",
    "agency": "Pemkot Surabaya",
    "location": "Gayungan",
    "retirement_age": 60,
    "position_level": "ahli_pertama",
}


def applicant(cid: str, group: str = "non_asn_aktif", **values: Any) -> dict[str, Any]:
    row = {
        "candidate_id": cid,
        "formation_id": "P1",
        "birth_date": dt.date(1990, 1, 1),
        "education_level": "S1",
        "priority_group": group,
        "work_experience_years": 2,
        "technical": 300,
        "managerial": 70,
        "socio_cultural": 60,
        "interview": 30,
    }
    row.update(values)
    return {k: v for k, v in row.items() if v is not None}


def decide(*rows: dict[str, Any], formations: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    result = asn.run(PPPK, list(rows), formations=formations or [FORMATION], as_of=AS_OF)
    return {d.candidate_id or "": d for d in result}


def test_priority_group_ranks_before_scores() -> None:
    """An ex-THK-II applicant is placed before a higher-scoring applicant of a later group [C]."""
    result = decide(applicant("A", technical=420), applicant("B", "thk2", technical=250))
    assert result["B"].final_status == "selected"
    assert result["A"].final_status == "not_selected"
    index = result["B"].stage("peringkat").detail["decided_by"]
    ranking = next(s for s in PPPK.stages if s.id == "peringkat")
    assert isinstance(ranking, RankingStage)
    assert ranking.order[index].name.en == "Priority group"


def test_database_non_asn_before_active_non_asn() -> None:
    """Non-ASN staff in the database rank before non-ASN staff actively working for two
    years [C] (order), [W] (the third group's name)."""
    result = decide(applicant("A", technical=400), applicant("B", "non_asn"))
    assert result["B"].final_status == "selected"
    assert result["A"].final_status == "not_selected"


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


def test_age_limit_follows_the_formations_retirement_age() -> None:
    """At most one year before the formation's retirement age (PP 49/2018 [C]): with a
    retirement age of 60, 59 on the as-of date is eligible and 60 is not, and the reason names
    the rule."""
    result = decide(
        applicant("A59", birth_date=dt.date(1964, 10, 2)),
        applicant("A60", birth_date=dt.date(1964, 10, 1)),
    )
    assert result["A59"].stage("administrasi").outcome == "advanced"
    assert result["A60"].final_status == "ineligible"
    assert result["A60"].label == "TMS"
    assert [r["rule"] for r in result["A60"].stage("administrasi").reasons] == ["usia_maksimal"]


def test_a_formation_without_retirement_age_asks_for_review_only_when_it_matters() -> None:
    """An old formation table without `retirement_age`: 57 is decided (under every retirement
    age, the lowest being 58 [W]); 58 is needs_review naming the missing column."""
    old = {k: v for k, v in FORMATION.items() if k != "retirement_age"} | {"quota": 2}
    result = decide(
        applicant("A57", birth_date=dt.date(1967, 10, 1)),
        applicant("A58", birth_date=dt.date(1966, 10, 1)),
        formations=[old],
    )
    assert result["A57"].final_status == "selected"
    screening = result["A58"].stage("administrasi")
    assert screening.outcome == "needs_review"
    assert any("formation.retirement_age" in reason["fields"] for reason in screening.reasons)


def test_missing_experience_is_needs_review_naming_the_field() -> None:
    """A candidate row without `work_experience_years` (a table written for the earlier file)
    loads, and is needs_review naming the column: never a silent pass [W]."""
    result = decide(applicant("OLD", "umum", work_experience_years=None))
    decision = result["OLD"]
    assert decision.problems == ()
    assert decision.final_status == "needs_review"
    reasons = decision.stage("administrasi").reasons
    assert [(r.code, r["rule"]) for r in reasons] == [("rule.unknown", "masa_kerja")]
    assert "work_experience_years" in reasons[0]["fields"]


def test_ahli_muda_needs_three_years() -> None:
    """Ahli muda: 3 years' experience are enough, 2 are not; ahli pertama: 2 are [W]."""
    muda = FORMATION | {"formation_id": "P2", "position_level": "ahli_muda", "quota": 2}
    result = decide(
        applicant("M3", formation_id="P2", work_experience_years=3),
        applicant("M2", formation_id="P2", work_experience_years=2),
        applicant("E2", work_experience_years=2),
        formations=[FORMATION, muda],
    )
    assert result["M3"].final_status == "selected"
    assert result["M2"].final_status == "ineligible"
    assert result["E2"].final_status == "selected"


def test_ages_are_computed_on_the_runs_date() -> None:
    """The policy declares no as-of date (which date the regulation counts ages on is
    unconfirmed): a run that names none stops with param.no-value."""
    assert PPPK.as_of is None
    with pytest.raises(PolicyError) as caught:
        asn.run(PPPK, [applicant("A")], formations=[FORMATION])
    assert caught.value.codes == ["param.no-value"]


def test_optimisation_places_an_outranked_applicant_in_an_empty_formation() -> None:
    """PermenPANRB 6/2024 art. 47(4) [W]: the runner-up of a formation fills an empty
    formation of the same position, education level and agency, announced as L-2 (moved to
    another formation of the same track)."""
    empty = FORMATION | {"formation_id": "P2", "location": "Wonokromo"}
    result = decide(applicant("A", technical=310), applicant("B"), formations=[FORMATION, empty])
    assert result["A"].placement_formation_id == "P1"
    assert result["A"].label == "L"
    placed = result["B"]
    assert placed.final_status == "selected_by_optimisation"
    assert placed.placement_formation_id == "P2"
    assert placed.stage("optimalisasi").outcome == "advanced"
    assert placed.stage("optimalisasi").detail["moved"] == "formation"
    assert placed.label == "L-2"


def test_result_codes_as_published_for_pppk() -> None:
    """The labels PPPK 2024 announces (docs/domain.md, "PPPK optimisation and result codes"
    [W]): L, L-2, TL, TH, TMS; an unusable row is ERR (a data error), never TMS."""
    empty = FORMATION | {"formation_id": "P2", "location": "Wonokromo"}
    absent = applicant(
        "ABSENT", technical=None, managerial=None, socio_cultural=None, interview=None
    )
    result = decide(
        applicant("FIRST", technical=320),
        applicant("SECOND", technical=310),
        applicant("THIRD", technical=300),
        absent,
        applicant("YOUNG", birth_date=dt.date(2005, 1, 1)),
        applicant("BROKEN", technical=451),
        formations=[FORMATION, empty],
    )
    labels = {cid: decision.label for cid, decision in result.items()}
    assert labels == {
        "FIRST": "L",
        "SECOND": "L-2",
        "THIRD": "TL",
        "ABSENT": "TH",
        "YOUNG": "TMS",
        "BROKEN": "ERR",
    }
