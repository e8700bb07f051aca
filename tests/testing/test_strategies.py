"""The public Hypothesis strategies draw what they promise: valid, runnable policies; rows that
conform to the policy's declared fields; values exactly at, just below and just above every
threshold and limit; missing values; ties; ratings across the scale, beyond the allowed
spread and absent."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.model import RatingStage, SelectionPolicy
from asn_competency.testing import (
    Population,
    boundary_values,
    candidates,
    formations,
    policies,
    populations,
    ratings,
)

AS_OF_CPNS = dt.date(2024, 9, 10)  # registration closed (docs/domain.md, "CPNS age limits")
#: Finding an example is enough: no shrinking.
FIND = settings(
    max_examples=300,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.generate],
)


def _shipped(name: str) -> SelectionPolicy:
    policy = asn.load(asn.shipped(name))
    assert isinstance(policy, SelectionPolicy)
    return policy


CPNS = _shipped("cpns-2024.yaml")
GAYUNGAN = _shipped("gayungan-2026.yaml")


def _found(policy: SelectionPolicy, condition: Callable[[Population], bool]) -> Population:
    """A drawn population where the condition holds (Hypothesis finds one, or raises)."""
    return find(
        populations(policy, as_of=AS_OF_CPNS if policy is CPNS else None), condition, settings=FIND
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), st.data())
def test_drawn_policies_run_on_drawn_populations(
    policy: SelectionPolicy, data: st.DataObject
) -> None:
    """Every drawn policy is valid (loaded with every check) and runs on a population drawn
    for it: one decision per row, no column ignored (the rows hold declared fields only)."""
    population = data.draw(populations(policy, max_applicants=10))
    result = population.run(policy)
    assert len(result) == len(population.candidates)
    assert result.ignored_columns == ()


@settings(max_examples=15, deadline=None)
@given(populations(CPNS, as_of=AS_OF_CPNS))
def test_cpns_populations_conform_and_keep_at_most_one_data_error(population: Population) -> None:
    """Rows of a drawn CPNS cycle have the declared columns; at most one row is a planted data
    error (invalid_input) besides the rows sharing a duplicated id (all invalid), so that
    small cycles are mostly decided."""
    declared = {*CPNS.candidate_fields, *CPNS.protected_attributes}
    assert all(set(row) <= declared for row in population.candidates)
    result = population.run(CPNS)
    assert sum(d.final_status == "invalid_input" for d in result) <= 1 + sum(
        count
        for count in Counter(r["candidate_id"] for r in population.candidates).values()
        if count > 1
    )


def test_cpns_boundary_values_are_the_published_grades_and_age_limits() -> None:
    """docs/domain.md ("CPNS SKD", "CPNS age limits"): the edges are the 2024 passing grades TWK 65,
    TIU 80, TKP 166 (with one point either side), the special tracks' TIU 85 and 60, and the
    birth dates that make an applicant exactly 18 or 35 on the closing date (10 September
    2024), with a day either side."""
    edges = boundary_values(CPNS, AS_OF_CPNS)
    assert {"64", "65", "66"} <= set(edges["twk"])
    assert {"79", "80", "81", "84", "85", "86", "59", "60", "61"} <= set(edges["tiu"])
    assert {"165", "166", "167"} <= set(edges["tkp"])
    assert {"0", "150", ""} <= set(edges["twk"])  # the range's ends, missing (absent)
    # 35 on the as-of date: born 1989-09-10 (birthday that day) to 1988-09-11 (36 the next day)
    assert {"1989-09-10", "1988-09-11", "1988-09-10"} <= set(edges["birth_date"])
    # 18 on the as-of date: born 2006-09-10; a day later is still 17
    assert {"2006-09-10", "2006-09-11"} <= set(edges["birth_date"])


def test_populations_reach_every_edge_missing_values_and_ties() -> None:
    """Hypothesis finds CPNS cycles with a TWK exactly at 65, one just below, an applicant
    exactly 35, a missing SKD score, and two applicants of one formation tied on every SKD
    score."""
    at = _found(CPNS, lambda p: any(r.get("twk") == "65" for r in p.candidates))
    assert any(r.get("twk") == "65" for r in at.candidates)
    _found(CPNS, lambda p: any(r.get("twk") == "64" for r in p.candidates))
    _found(CPNS, lambda p: any(r.get("birth_date") == "1989-09-10" for r in p.candidates))
    _found(CPNS, lambda p: any(r.get("tkp") == "" for r in p.candidates))

    def tied(p: Population) -> bool:
        keys = Counter(
            (r.get("formation_id"), r.get("twk"), r.get("tiu"), r.get("tkp"))
            for r in p.candidates
            if r.get("twk")
        )
        return any(count > 1 for count in keys.values())

    _found(CPNS, tied)


def _rating_stage() -> RatingStage:
    return next(s for s in GAYUNGAN.stages if isinstance(s, RatingStage))


def test_ratings_cover_the_scale_a_spread_beyond_the_limit_and_absence() -> None:
    """Gayungan's interview (levels 1-5, three raters, at most 2 apart): drawn ratings use
    only the scale's levels and the stage's raters, and Hypothesis finds a candidate rated
    at 1 and one at 5, raters 3 apart, and a candidate with no rating."""
    stage = _rating_stage()
    rows = [{"candidate_id": f"C{n}"} for n in range(6)]
    strategy = ratings(GAYUNGAN, rows)

    def levels(drawn: list[dict[str, str]]) -> set[str]:
        return {r["score"] for r in drawn}

    sample = find(strategy, lambda drawn: len(drawn) > 0, settings=FIND)
    assert levels(sample) <= {"1", "2", "3", "4", "5"}
    assert {r["rater_id"] for r in sample} <= {"R1", "R2", "R3"}
    assert {r["stage_id"] for r in sample} == {stage.id}
    find(strategy, lambda drawn: {"1", "5"} <= levels(drawn), settings=FIND)

    def spread(drawn: list[dict[str, str]]) -> bool:
        by: dict[tuple[str, str], list[int]] = {}
        for r in drawn:
            by.setdefault((r["candidate_id"], r["criterion_id"]), []).append(int(r["score"]))
        return any(max(v) - min(v) > 2 for v in by.values())

    find(strategy, spread, settings=FIND)
    find(strategy, lambda drawn: len({r["candidate_id"] for r in drawn}) < len(rows), settings=FIND)


@settings(max_examples=5, deadline=None)
@given(candidates(GAYUNGAN), formations(GAYUNGAN))
def test_candidates_and_formations_strategies_give_rows(
    rows: list[dict[str, str]], formation_rows: list[dict[str, str]]
) -> None:
    """The row strategies give non-empty lists of declared columns: candidates the policy's
    candidate fields and protected attributes, formations the standard and declared columns."""
    assert rows
    assert formation_rows
    declared = {*GAYUNGAN.candidate_fields, *GAYUNGAN.protected_attributes}
    assert all(set(row) <= declared for row in rows)
    assert all({"formation_id", "quota", "track"} <= set(f) for f in formation_rows)
