"""The column-wise pipeline (pipeline/columnar.py) against the reference engine, row for row
(docs/engine.md: one semantics, two engines, held equal by a differential property)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.expressions import compile_rule
from asn_competency.model import EligibilityStage, RankingStage, SelectionPolicy
from asn_competency.pipeline import CandidateRow, Decision, StageResult
from asn_competency.pipeline.columnar import Population, eligibility
from asn_competency.pipeline.engine import _impossible_births, compile_plan
from asn_competency.pipeline.inputs import read_candidates, read_formations
from asn_competency.testing.synth import synthesize
from tests.cpns_rows import candidate, formation

#: The shipped policies, and the reference date each is run on.
POLICIES = {
    "cpns-2024.yaml": dt.date(2024, 9, 10),
    "pppk-2024.yaml": dt.date(2024, 10, 1),
    "gayungan-2026.yaml": dt.date(2026, 3, 31),
}


@dataclass(frozen=True)
class Reached:
    """The rows that reached a stage in the reference run (invalid rows left out), their
    reference decisions, and what the column-wise stage decided for them, in that order."""

    rows: list[CandidateRow]
    decisions: list[Decision]
    decided: Any

    def pairs(self, stage_id: str) -> Iterator[tuple[int, CandidateRow, Decision, StageResult]]:
        """Each row's position, the row, its reference decision and its result at the stage."""
        for i, (row, decision) in enumerate(zip(self.rows, self.decisions, strict=True)):
            yield i, row, decision, decision.stage(stage_id)


def decide_reached(
    policy: SelectionPolicy,
    stage_id: str,
    decide: Callable[..., Any],
    *,
    rows: list[dict[str, Any]],
    formations: list[dict[str, Any]],
    as_of: dt.date,
    ratings: list[dict[str, Any]] | None = None,
) -> Reached:
    """Run the reference, then decide the stage column-wise (``decide(stage, plan,
    population, rows, parameters=, as_of=)``) for the rows that reached it."""
    stage = next(s for s in policy.stages if s.id == stage_id)
    run = asn.run(
        policy,
        rows,
        formations=formations,
        ratings=ratings or None,
        as_of=as_of,
        engine="reference",
    )
    reached = {
        (d.candidate_id, d.row): d
        for d in run
        if d.stage(stage_id).outcome not in ("not_reached", "invalid_input")
    }
    table = read_formations(formations, policy)
    typed = _impossible_births(read_candidates(rows, policy).with_formations(table), policy, as_of)
    chosen = [row for row in typed.rows if (row.candidate_id, row.row) in reached]
    population = Population.of(policy, chosen, {f.formation_id: f for f in table.formations})
    plan = compile_plan(policy)
    decided = decide(
        stage,
        plan,
        population,
        np.arange(len(chosen), dtype=np.int64),
        parameters=plan.scores.parameters_at(as_of),
        as_of=as_of,
    )
    return Reached(chosen, [reached[(r.candidate_id, r.row)] for r in chosen], decided)


def compare_eligibility(
    policy: SelectionPolicy,
    rows: list[dict[str, Any]],
    formations: list[dict[str, Any]],
    as_of: dt.date,
    ratings: list[dict[str, Any]] | None = None,
) -> int:
    """Decide the policy's first stage (an eligibility stage) column-wise for every valid row
    and assert each row's outcome and reasons equal the reference run's; the rows compared."""
    stage = policy.stages[0]
    assert isinstance(stage, EligibilityStage)
    found = decide_reached(
        policy,
        stage.id,
        eligibility,
        rows=rows,
        formations=formations,
        as_of=as_of,
        ratings=ratings,
    )
    for i, row, _, expected in found.pairs(stage.id):
        got = (found.decided.outcomes[i], found.decided.reasons[i])
        assert got == (expected.outcome, expected.reasons), row.candidate_id
    return len(found.rows)


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_eligibility_over_columns_equals_the_reference_on_synthetic_populations(name: str) -> None:
    """On 300 synthetic applicants of each shipped policy (planted problems, missing optional
    values, every formation kind), the column-wise eligibility stage gives every valid row the
    reference's outcome and reasons."""
    policy = asn.load_policy(asn.shipped(name))
    data = synthesize(policy, applicants=300, seed=11, as_of=POLICIES[name])
    compared = compare_eligibility(
        policy, data.candidates, data.formations, POLICIES[name], data.ratings
    )
    assert compared > 250


AGES = st.dates(dt.date(1960, 1, 1), dt.date(2010, 12, 31))


@settings(max_examples=30, deadline=None)
@given(
    births=st.lists(st.one_of(st.none(), AGES), min_size=1, max_size=12),
    levels=st.lists(st.sampled_from(["SMA", "D3", "S1", "S2"]), min_size=12, max_size=12),
)
def test_eligibility_over_columns_equals_the_reference_at_the_age_limits(
    births: list[dt.date | None], levels: list[str]
) -> None:
    """CPNS 2024 eligibility (docs/domain.md, "CPNS age limits" and "CPNS education"):
    birth dates anywhere from the youngest to beyond the oldest limit (29 February and the
    limits' edges included by Hypothesis), missing ones, any education level: the column-wise
    stage agrees with the reference on every row."""
    policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    rows = [
        candidate(f"A{n}", birth_date=born, education_level=levels[n])
        for n, born in enumerate(births)
    ]
    compare_eligibility(policy, rows, [formation("F1")], dt.date(2024, 9, 10))


def compare_test_stage(
    policy: SelectionPolicy,
    rows: list[dict[str, Any]],
    formations: list[dict[str, Any]],
    as_of: dt.date,
    stage_id: str,
) -> int:
    """Decide a test stage column-wise for every row that reached it in the reference run
    and assert each row's outcome, score, reasons, exception and evaluations (by place)
    equal the reference's; the rows compared."""
    from asn_competency.pipeline.columnar import test_stage

    found = decide_reached(
        policy, stage_id, test_stage, rows=rows, formations=formations, as_of=as_of
    )
    decided = found.decided
    for i, row, _, expected in found.pairs(stage_id):
        got = (
            decided.outcomes[i],
            decided.scores[i],
            decided.reasons[i],
            decided.exceptions[i],
            [key for _, key in decided.evaluations[i]],
        )
        want = (
            expected.outcome,
            expected.score,
            expected.reasons,
            expected.detail.get("exception"),
            [tuple(e.record["at"]) for e in expected.evaluations],
        )
        assert got == want, row.candidate_id
        for (column, key), evaluation in zip(
            decided.evaluations[i], expected.evaluations, strict=True
        ):
            assert column.data(i, at=key) == evaluation
    return len(found.rows)


def test_skd_over_columns_equals_the_reference_on_synthetic_applicants() -> None:
    """CPNS 2024's SKD (docs/domain.md, "CPNS SKD" and "CPNS passing grades"): absent, incomplete,
    below a grade, every track exception with its condition and the conflicts between
    them: the column-wise stage gives every row that reaches it the reference's outcome,
    score, reasons, exception applied and evaluations."""
    policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    as_of = POLICIES["cpns-2024.yaml"]
    data = synthesize(policy, applicants=400, seed=5, as_of=as_of)
    assert compare_test_stage(policy, data.candidates, data.formations, as_of, "skd") > 200


def compare_pooled(
    policy: SelectionPolicy,
    rows: list[dict[str, Any]],
    formations: list[dict[str, Any]],
    as_of: dt.date,
    stage_id: str = "pemeringkatan_skd",
) -> int:
    """Decide a pooled stage (CPNS's SKD shortlist or final ranking) column-wise for the rows
    that reach it in the reference run and assert each row's outcome, reasons, detail and
    rank equal the reference's; the number not advanced."""
    from asn_competency.pipeline.columnar import ranking, shortlist

    stage = next(s for s in policy.stages if s.id == stage_id)
    ranks = isinstance(stage, RankingStage)
    decide = ranking if ranks else shortlist
    found = decide_reached(policy, stage_id, decide, rows=rows, formations=formations, as_of=as_of)
    decided = found.decided
    behind = 0
    for i, row, decision, expected in found.pairs(stage_id):
        got = (decided.outcomes[i], decided.reasons[i], dict(decided.details[i]))
        assert got == (expected.outcome, expected.reasons, dict(expected.detail)), row.candidate_id
        if ranks:
            assert decided.ranks[i] == decision.rank
        behind += expected.outcome != "advanced"
    return behind


def test_shortlist_over_columns_equals_the_reference_on_synthetic_applicants() -> None:
    """CPNS 2024's SKD shortlist (docs/domain.md, "CPNS shortlist to SKB": three times the
    quota): keys over columns, ranked per formation, give every row that reaches it the
    reference's outcome, reasons and detail (position, rank, cut, the keys that separated
    it)."""
    policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    as_of = POLICIES["cpns-2024.yaml"]
    data = synthesize(policy, applicants=600, seed=7, as_of=as_of)
    assert compare_pooled(policy, data.candidates, data.formations, as_of) > 0


def test_shortlist_over_columns_keeps_everyone_tied_with_the_last() -> None:
    """Ties at the cut (docs/domain.md, "CPNS shortlist to SKB": everyone tied with the last
    one advances) and keys separating by TKP, then TIU: as the reference decides them."""
    policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    rows = [
        *(candidate(f"T{n}", twk=100, tiu=120, tkp=180) for n in range(4)),  # tied at the cut
        candidate("U1", twk=110, tiu=110, tkp=180),  # same total, lower TIU
        candidate("U2", twk=100, tiu=125, tkp=175),  # same total, lower TKP
        candidate("W", twk=90, tiu=100, tkp=170),
    ]
    outranked = compare_pooled(policy, rows, [formation("F1")], dt.date(2024, 9, 10))
    assert outranked == 3


@pytest.mark.parametrize("name", ["cpns-2024.yaml"])
def test_scores_over_columns_equal_the_score_book(name: str) -> None:
    """Every score the column-wise engine computes (formula, scale, weighted sum, rounded as
    declared: CPNS's SKD total, its 0-100 scale, the SKB and the final score, docs/domain.md
    "CPNS integration") has, on every row, the score book's value and missing names."""
    from asn_competency.pipeline.columnar import score_columns

    policy = asn.load_policy(asn.shipped(name))
    as_of = POLICIES[name]
    data = synthesize(policy, applicants=400, seed=3, as_of=as_of)
    table = read_formations(data.formations, policy)
    typed = read_candidates(data.candidates, policy).with_formations(table)
    valid = [row for row in typed.rows if not row.problems]
    population = Population.of(policy, valid, {f.formation_id: f for f in table.formations})
    plan = compile_plan(policy)
    parameters = plan.scores.parameters_at(as_of)
    names = sorted(policy.scores)
    env = population.env(
        plan.scores.formulas(names),
        np.arange(len(valid), dtype=np.int64),
        parameters=parameters,
        as_of=as_of,
    )
    found = score_columns(plan, names, env)
    columns, missing = found.values, found.missing
    assert int(columns["nilai_akhir"].known.sum()) > 20  # final scores computed, not just unknown
    for i, row in enumerate(valid):
        formation = population.formations[i]
        card = plan.scores.evaluate(
            row.values,
            as_of=as_of,
            formation=formation.as_mapping() if formation else {},
            parameters=parameters,
        )
        for score in names:
            assert columns[score].value(i) == card[score].value, (row.candidate_id, score)
            assert missing[score][i] == card[score].missing, (row.candidate_id, score)


def test_ranking_over_columns_equals_the_reference_on_synthetic_applicants() -> None:
    """CPNS 2024's final ranking (docs/domain.md, "CPNS final ranking": the final score, then
    SKD total, TKP, TIU, TWK, the GPA or the diploma average, the older applicant), its keys
    over columns (the weighted final score included): every row that reaches it gets the
    reference's outcome, reasons, detail and rank."""
    policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    as_of = POLICIES["cpns-2024.yaml"]
    data = synthesize(policy, applicants=800, seed=9, as_of=as_of)
    assert compare_pooled(policy, data.candidates, data.formations, as_of, "peringkat") > 0


def test_ranking_over_columns_sends_a_tie_at_the_quota_to_review() -> None:
    """Two candidates equal on every key at the quota's boundary (docs/domain.md, "CPNS final
    ranking") are needs_review, as the reference decides, and the others keep their ranks."""
    policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    rows = [
        candidate("A", twk=120, tiu=130, tkp=190),
        candidate("B"),
        candidate("C"),  # B and C identical: tied at the boundary of a quota of 2
        candidate("D", twk=90, tiu=100, tkp=170),
    ]
    behind = compare_pooled(
        policy, rows, [formation("F1", quota=2)], dt.date(2024, 9, 10), "peringkat"
    )
    assert behind == 3


def test_integration_over_columns_equals_the_reference_on_synthetic_applicants() -> None:
    """CPNS 2024's integration (docs/domain.md, "CPNS integration": 40% SKD on a 0-100 scale
    and 60% SKB, rounded to three places): every row that reaches it gets the reference's
    outcome, final score, reasons and the final score's record."""
    from asn_competency.audit.ledger import score_record
    from asn_competency.pipeline.columnar import integration

    policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    as_of = POLICIES["cpns-2024.yaml"]
    data = synthesize(policy, applicants=800, seed=13, as_of=as_of)
    found = decide_reached(
        policy,
        "integrasi",
        integration,
        rows=data.candidates,
        formations=data.formations,
        as_of=as_of,
    )
    assert len(found.rows) > 50
    for i, row, _, expected in found.pairs("integrasi"):
        decided = found.decided
        got = (decided.outcomes[i], decided.scores[i], decided.reasons[i])
        assert got == (expected.outcome, expected.score, expected.reasons), row.candidate_id
        # the final score as its record holds it: criteria (SKD before and after its scale),
        # weights, contributions and each criterion's evaluation
        (result,) = expected.scores
        assert score_record(decided.results.row(i)) == score_record(result), row.candidate_id


# ------------------------------------------------------------------ whole runs, both engines


def ledger_lines(result: Any) -> list[str]:
    """A run's ledger, line by line, as the run folder holds it."""
    from asn_competency.audit import ledger
    from asn_competency.audit.run_folder import ledger_line

    return [ledger_line(record) for record in ledger(result)]


def both_engines(policy: SelectionPolicy, **arguments: Any) -> None:
    """Run both engines on the same inputs: byte-identical ledgers and results rows."""
    reference = asn.run(policy, **arguments, engine="reference")
    columns = asn.run(policy, **arguments, engine="columns")
    assert ledger_lines(columns) == ledger_lines(reference)
    assert columns.rows() == reference.rows()


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_both_engines_write_the_same_ledger_on_synthetic_cycles(name: str) -> None:
    """docs/engine.md ("One semantics, two engines"): on a synthetic cycle of each shipped
    policy (planted problems, absentees, ties, optimisation, ratings for Gayungan), the
    columns engine writes byte for byte the reference's ledger and results."""
    policy = asn.load_policy(asn.shipped(name))
    as_of = POLICIES[name]
    data = synthesize(policy, applicants=400, seed=17, as_of=as_of)
    both_engines(
        policy,
        candidates=data.candidates,
        formations=data.formations,
        ratings=data.ratings or None,
        as_of=as_of,
    )


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_both_engines_write_the_same_ledger_on_every_policy_test_case(name: str) -> None:
    """Every case of every shipped policy's own tests (rubrics/*.tests.yaml: the edge cases
    its authors wrote down) gives the same ledger under both engines."""
    from asn_competency.model.policy_tests import PolicyTests

    tests = asn.load(asn.shipped(name.replace(".yaml", ".tests.yaml")))
    assert isinstance(tests, PolicyTests)
    policy = tests.loaded_policy
    assert policy is not None
    for case in tests.cases:
        both_engines(
            policy,
            candidates=case.candidates,
            formations=case.formations if case.formations is not None else tests.formations,
            ratings=case.all_ratings() or None,
            as_of=case.as_of or tests.as_of or policy.as_of,
            ratings_pending=not case.all_ratings(),
        )


def test_a_ranking_on_a_rating_field_reads_the_aggregated_ratings() -> None:
    """A stage after a rating stage reads the ratings' aggregates (docs/pipeline.md: a rating
    stage gives its criteria's fields their values): a ranking keyed directly on an interview
    level gives the same ledger under both engines (the columns read the run's values as
    the stages leave them, not the rows as read)."""
    text = asn.shipped("gayungan-2026.yaml").read_text("utf-8")
    old = (
        "      - {key: nilai_akhir, name: {id: Nilai akhir, en: Final score}}\n"
        "      - {key: kekuatan_inti, name: {id: Kekuatan kompetensi inti, "
        "en: Core-competency strength}}\n"
    )
    assert old in text
    new = "      - {key: wawancara_m01, name: {id: Integritas, en: Integrity}}\n"
    policy = asn.load_text(
        text.replace(old, new),
        kind=asn.SelectionPolicy,
        file=str(asn.shipped("gayungan-2026.yaml")),
    )
    as_of = POLICIES["gayungan-2026.yaml"]
    data = synthesize(policy, applicants=300, seed=21, as_of=as_of)
    both_engines(
        policy,
        candidates=data.candidates,
        formations=data.formations,
        ratings=data.ratings or None,
        as_of=as_of,
    )


#: Drawn CPNS values: around every SKD passing grade (65, 80, 166; the cum laude and
#: affirmation totals), the age limits, missing values, ties (few distinct values).
SKD = st.one_of(st.none(), st.integers(55, 70), st.integers(75, 85), st.just(100))
TKP = st.one_of(st.none(), st.integers(160, 170), st.just(200))
SKB = st.one_of(st.none(), st.sampled_from([0, 250, 400, 500]))


@st.composite
def cpns_cycles(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A small CPNS cycle: a few formations of every track (shared position, so that
    optimisation moves candidates), and candidates with values drawn around the thresholds,
    missing ones, and ties."""
    tracks = ["umum", "cumlaude", "disabilitas", "papua", "diaspora"]
    formations = [
        formation(f"F{n}", quota=draw(st.integers(1, 2)), track=draw(st.sampled_from(tracks)))
        for n in range(draw(st.integers(1, 4)))
    ]
    rows = []
    for n in range(draw(st.integers(1, 14))):
        rows.append(
            candidate(
                f"C{n:02d}",
                draw(st.sampled_from([f["formation_id"] for f in formations])),
                twk=draw(SKD),
                tiu=draw(SKD),
                tkp=draw(TKP),
                skb_cat=draw(SKB),
                birth_date=draw(st.sampled_from([dt.date(1989, 9, 10), dt.date(1996, 5, 17)])),
                program_accreditation=draw(st.sampled_from([None, "A", "B"])),
            )
        )
    return rows, formations


@settings(max_examples=25, deadline=None)
@given(cycle=cpns_cycles())
def test_both_engines_write_the_same_ledger_on_drawn_cpns_cycles(
    cycle: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    """docs/engine.md ("One semantics, two engines"): on CPNS cycles drawn around every
    threshold and limit, with missing values, ties at cuts and quotas, every track and
    optimisation between formations, both engines write byte for byte the same ledger."""
    rows, formations = cycle
    both_engines(
        asn.load_policy(asn.shipped("cpns-2024.yaml")),
        candidates=rows,
        formations=formations,
        as_of=dt.date(2024, 9, 10),
    )


def _layout(column: Any) -> tuple[Any, ...]:
    """A column's arrays (and vocabulary, denominator), as lists."""
    parts: list[Any] = [type(column).__name__]
    for name in ("known", "truth", "index", "ordinal", "vocabulary", "den"):
        value = getattr(column, name, None)
        parts.append(value.tolist() if isinstance(value, np.ndarray) else repr(value))
    num = getattr(column, "num", None)
    parts.append(num.array.tolist() if num is not None else None)
    return tuple(parts)


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_population_columns_gathered_from_the_typed_table_are_those_of_the_rows(
    name: str,
) -> None:
    """A population of rows read together takes their fields from the table's typed
    columns; on any selection of rows (out of order, repeated) every candidate and formation
    field's column is the one made from each row's values."""
    policy = asn.load(asn.shipped(name))
    assert isinstance(policy, SelectionPolicy)
    data = synthesize(policy, applicants=300, seed=3, as_of=POLICIES[name])
    table = read_formations(data.formations, policy)
    rows = read_candidates(data.candidates, policy).rows[::-1]  # the engine's order differs
    by_id = {f.formation_id: f for f in table.formations}
    typed = Population.of(policy, rows, by_id)
    plain = Population.of(policy, [replace(row, columns=None) for row in rows], by_id)
    assert typed.typed is not None
    assert len(typed.typed.fields) >= 3  # the levels, scores and codes at least
    assert plain.typed is None
    scope = typed.scope
    rules = [compile_rule(f"{n} == {n}", scope) for n in scope.fields]
    rules += [compile_rule(f"formation.{n} == formation.{n}", scope) for n in scope.formation]
    selected = np.array([5, 3, 3, 0, *range(10, 200, 7)], dtype=np.int64)
    parameters = compile_plan(policy).scores.parameters_at(POLICIES[name])
    left = typed.env(rules, selected, parameters=parameters, as_of=POLICIES[name])
    right = plain.env(rules, selected, parameters=parameters, as_of=POLICIES[name])
    assert left.candidate.keys() == right.candidate.keys() == set(scope.fields)
    for field_name in scope.fields:
        assert _layout(left.candidate[field_name]) == _layout(right.candidate[field_name])
    for field_name in scope.formation:
        assert _layout(left.formation[field_name]) == _layout(right.formation[field_name])
