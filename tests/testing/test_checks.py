"""The fairness checks catch what they are for: the deliberately unfair policies in
tests/fixtures/unfair/ (the classic gap table, a non-monotone formula, a proxy for a
protected attribute) each with a counterexample whose content is asserted, and, for the
properties the engine guarantees by construction, an engine broken on purpose (a runner that
reads a protected attribute, loses a row, depends on row order, on a previous run, on the pool
or misplaces a threshold)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import asn_competency as asn
from asn_competency.model import SelectionPolicy
from asn_competency.pipeline.engine import RunResult
from asn_competency.testing import (
    CHECKS,
    Counterexample,
    NotChecked,
    Population,
    Raise,
    check_blindness,
    check_determinism,
    check_monotonicity,
    check_no_rank_reversal,
    check_nothing_lost,
    check_order_invariance,
    check_proxy,
    check_threshold_boundaries,
    policies,
    populations,
)
from asn_competency.testing.checks import WORDS
from asn_competency.testing.checks.monotonicity import raised
from asn_competency.testing.population import as_of_for
from asn_competency.testing.synth import synthesize
from tests.conftest import FIXTURES, ROOT

UNFAIR = FIXTURES / "unfair"
AS_OF_PPPK = dt.date(2024, 10, 1)
AS_OF_CPNS = dt.date(2024, 9, 10)


def _load(path: Path | str) -> SelectionPolicy:
    policy = asn.load(path)
    assert isinstance(policy, SelectionPolicy)
    return policy


def _shipped(name: str) -> SelectionPolicy:
    return _load(asn.shipped(name))


def _cycle(policy: SelectionPolicy, applicants: int, seed: int, as_of: dt.date) -> Population:
    data = synthesize(policy, applicants=applicants, seed=seed, as_of=as_of)
    return Population.of(data.candidates, data.formations, data.ratings, as_of)


# --- the deliberately unfair policies ------------------------------------------------------------


def test_classic_gap_table_is_caught_by_monotonicity() -> None:
    """docs/domain.md ("Profile Matching"): the classic gap table scores a level above the
    target below an exact match; on the Gayungan policy with `gap_table: classic` the check
    finds a rated level whose rise lowers the profile score, and the counterexample's rows
    reproduce it."""
    policy = _load(UNFAIR / "gayungan-classic-gap.yaml")
    found = check_monotonicity(policy, budget=40)
    assert isinstance(found, Counterexample)
    assert found.check == "monotonicity"
    assert found.code == "monotonicity.score-lowered"
    assert str(found.params["input"]).startswith("wawancara/")
    assert found.params["score"] in {"profil", "wawancara.score"}
    assert "Raising wawancara/" in found.text("en")
    assert "Menaikkan wawancara/" in found.text("id")
    # the data says the same as the words: re-running the shrunk population shows the drop
    population = found.population
    assert population is not None
    assert len(population.candidates) <= 3  # shrunk
    row = int(found.change["row"]) - 1
    made = raised(policy, population, Raise(row, str(found.change["input"]), 10_000))
    assert made is not None
    old_levels = [int(v) for v in str(found.change["old"]).split("/")]
    new_levels = [int(v) for v in str(found.change["new"]).split("/")]
    assert all(n > o for n, o in zip(new_levels, old_levels, strict=True))
    before = population.run(policy).decisions
    profile_before = next(d for d in before if d.row == row + 1).stage("wawancara").score
    assert profile_before is not None
    assert Fraction(str(found.params["before"]).split(" ")[-1].strip("()")) == profile_before


def test_the_same_table_declared_non_monotone_is_said_not_checked() -> None:
    """A score declared `non_monotone` with a reason is not checked, and the check says so with
    the reason (in both languages), instead of passing."""
    path = UNFAIR / "gayungan-classic-gap.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "    gap_table: classic"
    declared = text.replace(
        marker,
        "    non_monotone:\n"
        "      reason: {id: tinjauan pengembangan, en: a development review}\n" + marker,
        1,
    )
    policy = asn.load_text(declared, file=str(path))
    assert isinstance(policy, SelectionPolicy)
    found = check_monotonicity(policy, budget=10)
    assert isinstance(found, NotChecked)
    assert found.code == "monotonicity.declared"
    for score in ("profil", "profil_100", "nilai_akhir"):
        assert score in str(found.params["scores"])
    assert "because profil: a development review" in found.text("en")
    assert "karena profil: tinjauan pengembangan" in found.text("id")


def test_non_monotone_formula_is_caught() -> None:
    """PPPK with every interview point above 30 costing two: raising an interview score past
    30 lowers the cumulative score; the counterexample names the input, the score and the
    values, and the numbers are the formula's."""
    policy = _load(UNFAIR / "pppk-nonmonotone-formula.yaml")
    found = check_monotonicity(policy, budget=40)
    assert isinstance(found, Counterexample)
    assert found.params["input"] == "interview"
    assert found.code in {"monotonicity.score-lowered", "monotonicity.rank-lowered"}
    assert int(str(found.params["new"])) > 30
    if found.code == "monotonicity.score-lowered":
        assert found.params["score"] == "nilai_kumulatif"
        old, new = int(str(found.params["old"])), int(str(found.params["new"]))
        lost = int(str(found.params["before"])) - int(str(found.params["after"]))
        penalty = 2 * (max(0, new - 30) - max(0, old - 30))
        assert lost == penalty - (new - old)


def test_proxy_column_is_flagged_on_a_population_where_it_stands_in() -> None:
    """A rule reading the domicile, where the domicile follows the region of origin in the
    population, is flagged for review with the association and its table; on a population
    where the two are unrelated it is not."""
    policy = _load(UNFAIR / "pppk-proxy-domicile.yaml")
    unrelated = _cycle(policy, 400, 3, AS_OF_PPPK)
    assert check_proxy(policy, unrelated) is None
    rows = []
    for n, row in enumerate(unrelated.candidates):
        local = row.get("region_of_origin") == "Jawa Timur"
        if n % 20 == 0:
            local = not local  # a few move away from home
        rows.append({**row, "domisili_jawa_timur": "true" if local else "false"})
    assert any(row["domisili_jawa_timur"] == "true" for row in rows[1::20])
    found = check_proxy(policy, unrelated.with_candidates(rows))
    assert isinstance(found, Counterexample)
    assert found.code == "proxy.associated"
    assert found.params["column"] == "domisili_jawa_timur"
    assert found.params["attribute"] == "region_of_origin"
    assert "administrasi/rules/" in str(found.params["where"])
    assert float(str(found.params["association"])) >= 0.5
    table = found.change["table"]
    assert sum(sum(counts.values()) for counts in table.values()) == len(rows)
    assert "For review" in found.text("en")
    assert "Untuk ditinjau" in found.text("id")


# --- engines broken on purpose ---------------------------------------------------------------

PPPK = _shipped("pppk-2024.yaml")


def _pppk_population() -> Population:
    return _cycle(PPPK, 60, 5, AS_OF_PPPK)


def _rows(candidates: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in candidates]


def test_blindness_catches_an_engine_reading_a_protected_attribute() -> None:
    """An engine that zeroes the technical score of applicants with gender P: the check names
    the gender column and a candidate whose decision changed."""

    def biased(policy: SelectionPolicy, candidates: Any, **kwargs: Any) -> RunResult:
        rows = _rows(candidates)
        for row in rows:
            if row.get("gender") == "P":
                row["technical"] = "0"
        return asn.run(policy, rows, **kwargs)

    population = _pppk_population()
    assert check_blindness(PPPK, population) is None
    found = check_blindness(PPPK, population, runner=biased)
    assert isinstance(found, Counterexample)
    assert found.change["column"] == "gender"
    assert "P" in {found.change["old"], found.change["new"]}
    assert "the protected attribute gender" in found.text("en")
    assert "atribut terlindungi gender" in found.text("id")


def test_nothing_lost_catches_an_engine_losing_a_row() -> None:
    """An engine that drops the last decision: the check names the row without one."""

    def lossy(policy: SelectionPolicy, candidates: Any, **kwargs: Any) -> RunResult:
        result = asn.run(policy, candidates, **kwargs)
        last = max(d.row for d in result.decisions)
        kept = tuple(d for d in result.decisions if d.row != last)
        return dataclasses.replace(result, decisions=kept)

    population = _pppk_population()
    assert check_nothing_lost(PPPK, population) is None
    found = check_nothing_lost(PPPK, population, runner=lossy)
    assert isinstance(found, Counterexample)
    rows = len(population.candidates)
    assert found.params == {"rows": rows, "decisions": rows - 1, "missing": str(rows)}


def test_order_invariance_catches_an_engine_reading_the_row_order() -> None:
    """An engine that gives the first row a technical score of 0: reversing the rows changes
    a ledger record."""

    def first_loses(policy: SelectionPolicy, candidates: Any, **kwargs: Any) -> RunResult:
        rows = _rows(candidates)
        rows[0]["technical"] = "0"
        return asn.run(policy, rows, **kwargs)

    population = _pppk_population()
    assert check_order_invariance(PPPK, population) is None
    found = check_order_invariance(PPPK, population, runner=first_loses)
    assert isinstance(found, Counterexample)
    assert found.code == "order_invariance.changed"
    assert found.change["before"] != found.change["after"]
    drawn = check_order_invariance(PPPK, runner=first_loses, budget=20)
    assert isinstance(drawn, Counterexample)


def test_determinism_catches_an_engine_with_memory() -> None:
    """An engine that adds the number of earlier runs to every technical score: two runs
    differ."""
    calls: list[int] = []

    def remembers(policy: SelectionPolicy, candidates: Any, **kwargs: Any) -> RunResult:
        calls.append(1)
        rows = _rows(candidates)
        for row in rows:
            if str(row.get("technical") or "").isdigit() and int(row["technical"]) < 400:
                row["technical"] = str(int(row["technical"]) + len(calls))
        return asn.run(policy, rows, **kwargs)

    population = _pppk_population()
    assert check_determinism(PPPK, population) is None
    found = check_determinism(PPPK, population, runner=remembers)
    assert isinstance(found, Counterexample)
    assert found.change["first"] != found.change["second"]


def test_rank_reversal_catches_a_score_relative_to_the_pool() -> None:
    """An engine that reports final scores above the pool's lowest (min-max style, which
    docs/scoring.md's fixed anchors avoid): adding a dominated applicant changes others'
    scores."""

    def pooled(policy: SelectionPolicy, candidates: Any, **kwargs: Any) -> RunResult:
        result = asn.run(policy, candidates, **kwargs)
        scores = [d.final_score for d in result.decisions if d.final_score is not None]
        low = min(scores, default=Fraction(0))
        return dataclasses.replace(
            result,
            decisions=tuple(
                dataclasses.replace(d, final_score=d.final_score - low)
                if d.final_score is not None
                else d
                for d in result.decisions
            ),
        )

    population = _pppk_population()
    assert check_no_rank_reversal(PPPK, population) is None
    found = check_no_rank_reversal(PPPK, population, runner=pooled)
    assert isinstance(found, Counterexample)
    assert found.code == "rank_reversal.score-changed"
    assert found.params["score"] == "final_score"
    added = str(found.params["added"])
    assert added not in {str(row.get("candidate_id")) for row in population.candidates}


def test_threshold_boundaries_catch_an_off_by_one_grade() -> None:
    """docs/domain.md ("CPNS SKD"): TWK passes at 65. An engine that reads a TWK of exactly
    65 as 64 fails a candidate at the passing grade: the check says the value at the
    threshold gave below_threshold."""
    cpns = _shipped("cpns-2024.yaml")

    def off_by_one(policy: SelectionPolicy, candidates: Any, **kwargs: Any) -> RunResult:
        rows = _rows(candidates)
        for row in rows:
            if str(row.get("twk")) == "65":
                row["twk"] = "64"
        return asn.run(policy, rows, **kwargs)

    population = _cycle(cpns, 80, 2, AS_OF_CPNS)
    assert check_threshold_boundaries(cpns, population) is None
    found = check_threshold_boundaries(cpns, population, runner=off_by_one)
    assert isinstance(found, Counterexample)
    assert found.code == "threshold.at"
    assert found.params["field"] == "twk"
    assert found.params["threshold"] == ">= 65"
    assert found.params["outcome"] == "below_threshold"
    assert found.params["expected"] == "advanced"


# --- the words and the user's own tests -----------------------------------------------------


@pytest.mark.parametrize("code", sorted(WORDS))
def test_every_code_has_words_in_both_languages_with_the_same_parameters(code: str) -> None:
    """Both languages of a code name the same parameters, so either can be said."""
    indonesian, english = WORDS[code]
    assert indonesian.strip()
    assert english.strip()
    names = re.compile(r"\{([a-z_]+)\}")
    assert sorted(names.findall(indonesian)) == sorted(names.findall(english))


@settings(max_examples=10, deadline=None)
@given(populations(PPPK, as_of=AS_OF_PPPK, max_applicants=12))
def test_checks_run_inside_a_users_own_given(population: Population) -> None:
    """A policy author's property test: every check on the drawn population holds."""
    assert check_nothing_lost(PPPK, population) is None
    assert check_order_invariance(PPPK, population) is None
    assert check_monotonicity(PPPK, population, limit=10) is None
    assert check_threshold_boundaries(PPPK, population) is None


def test_a_policy_without_an_as_of_date_takes_its_parameters_latest() -> None:
    """PPPK 2024 declares no as-of date: the checks use the latest date a parameter value
    comes into force, and say nothing about it being missing."""
    assert PPPK.as_of is None
    latest = max(start for p in PPPK.parameters.values() for start in p.values)
    assert as_of_for(PPPK, None) == latest


def test_the_documentation_example_runs() -> None:
    """docs/testing-fairness.md's example runs as written (every Python block, in order)."""
    text = (ROOT / "docs" / "testing-fairness.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks
    namespace: dict[str, Callable[..., Any] | Any] = {"__name__": "docs_example"}
    for block in blocks:
        exec(compile(block, "docs/testing-fairness.md", "exec"), namespace)  # noqa: S102
    tests = [v for k, v in namespace.items() if k.startswith("test_") and callable(v)]
    assert tests
    for test in tests:
        test()


# The checks search with Hypothesis themselves (a nested search, on purpose).
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.nested_given],
)
@given(policies(shipped=False))
def test_policies_drawn_by_construction_pass_every_check(policy: SelectionPolicy) -> None:
    """A policy drawn by construction (fixed-anchor scales, positive weights, thresholds as
    "at least") has every property: no check finds a counterexample on a few populations."""
    for name, run_check in CHECKS.items():
        found = run_check(policy) if name == "proxy" else run_check(policy, budget=4)
        assert found is None, f"{name}: {found}"


def test_threshold_boundaries_catch_an_age_counted_a_day_late() -> None:
    """docs/domain.md ("CPNS age limits"): an applicant must be 18 on the as-of date. An engine that
    reads every birth date a day early lets one who turns 18 the day after pass: the check
    says the birth date just below the bound gave the rule as met."""
    cpns = _shipped("cpns-2024.yaml")

    def a_day_early(policy: SelectionPolicy, candidates: Any, **kwargs: Any) -> RunResult:
        rows = _rows(candidates)
        for row in rows:
            try:
                born = dt.date.fromisoformat(str(row.get("birth_date")))
            except ValueError:
                continue
            row["birth_date"] = (born - dt.timedelta(days=1)).isoformat()
        return asn.run(policy, rows, **kwargs)

    population = _cycle(cpns, 40, 4, AS_OF_CPNS)
    found = check_threshold_boundaries(cpns, population, runner=a_day_early)
    assert isinstance(found, Counterexample)
    assert found.params["field"] == "age_on(birth_date, as_of)"
    assert found.change["field"] == "birth_date"
    assert found.change["rule"] == "usia_minimal"
    assert found.code == "threshold.below"
    assert found.params["value"] == "2006-09-11"  # 17 on 2024-09-10, 18 the next day


def test_every_public_name_is_documented() -> None:
    """Every name `asn_competency.testing` exports is named in docs/testing-fairness.md."""
    import asn_competency.testing as kit

    text = (ROOT / "docs" / "testing-fairness.md").read_text(encoding="utf-8")
    assert [name for name in kit.__all__ if f"`{name}" not in text] == []


# --- thresholds from the compiled rules ------------------------------------------------------


def test_compound_rules_give_every_bound_with_what_holds_the_others() -> None:
    """docs/domain.md ("CPNS age limits"): at most 35, or 40 for the positions the formation
    marks. Both bounds of the compound rule are found, each with the other clauses held so
    that it decides: for 35 the formation's flag false, for 40 the 35 clause false and the
    flag true; the cum laude exception's SKD total (a score) and TIU are found too."""
    from asn_competency.pipeline.engine import compile_plan
    from asn_competency.testing.boundaries import boundaries, requirements

    cpns = _shipped("cpns-2024.yaml")
    found = {(b.rule, b.clause): b for b in boundaries(cpns, AS_OF_CPNS)}
    rules = compile_plan(cpns).rules
    at_35, at_40 = found[("usia", 0)], found[("usia", 2)]
    assert (at_35.op, at_35.threshold, at_40.threshold) == ("<=", Fraction(35), Fraction(40))
    assert requirements(rules[at_35.key], 0) == {1: False}
    assert requirements(rules[at_40.key], 2) == {0: False, 1: True}
    total = found[("cumlaude-diaspora", 0)]
    assert total.quantity is not None
    assert (total.quantity.kind, total.quantity.name) == ("score", "skd_total")
    assert total.threshold == Fraction(311)
    assert found[("cumlaude-diaspora", 1)].threshold == 85
    assert any(b.kind == "shortlist" and b.stage == "pemeringkatan_skd" for b in found.values())


def test_an_off_by_one_the_policys_own_tests_contradict_is_caught() -> None:
    """tests/fixtures/unfair/cpns-age-off-by-one.yaml says `age < 35` where the regulation
    and its own test cases say an applicant exactly 35 is eligible (docs/domain.md, "CPNS age
    limits"). The rule alone states its own outcome, so without the cases the check passes;
    with them it names the clause, the birth date on the 35th birthday, the outcome that came
    and the case that states the other."""
    policy = _load(UNFAIR / "cpns-age-off-by-one.yaml")
    tests = asn.load(UNFAIR / "cpns-age-off-by-one.tests.yaml", kind=asn.PolicyTests)
    assert check_threshold_boundaries(policy, budget=3) is None
    found = check_threshold_boundaries(policy, tests=tests, budget=3)
    assert isinstance(found, Counterexample)
    assert found.code == "threshold.at"
    assert found.params["clause"] == "age_on(birth_date, as_of) < cpns_max_age"
    assert found.params["rule"] == "usia"
    assert found.change["value"] == "1989-09-10"  # 35 on 2024-09-10
    assert found.params["outcome"]["en"] == "rule usia not met"
    assert "case age-limit-35, OK35" in found.params["expected"]["en"]
    assert "the policy states rule usia met" in found.text("en")
    assert "kebijakan menyatakan aturan usia terpenuhi" in found.text("id")


def test_the_shipped_policies_agree_with_their_own_test_cases_at_every_bound() -> None:
    """The shipped CPNS cases pin the ages 17/18, 35/36 and 40/41, the passing grades and the
    cum laude total 310/311 (rubrics/cpns-2024.tests.yaml); the policy states the same."""
    from asn_competency.testing.checks.thresholds import pins

    cpns = _shipped("cpns-2024.yaml")
    tests = asn.load(asn.shipped("cpns-2024.tests.yaml"), kind=asn.PolicyTests)
    pinned = pins(cpns, tests)
    assert {(p.case, p.candidate) for p in pinned.values()} >= {
        ("age-limit-35", "OK35"),
        ("age-limit-40-for-named-positions", "DR40"),
        ("cumlaude-track", "C311"),
    }
    assert check_threshold_boundaries(cpns, tests=tests, budget=3) is None


def test_a_score_gate_is_held_at_its_minimum() -> None:
    """A score's `minimum` is a gate: PPPK with a minimum of 400 on the cumulative score (the
    integration's) passes at 400 and fails at 399; an engine that adds one interview point
    to everyone lets 399 pass, and the check says the value just below gave advanced."""
    text = (ROOT / "rubrics" / "pppk-2024.yaml").read_text(encoding="utf-8")
    marker = "    formula: technical + managerial + socio_cultural + interview\n"
    gated = asn.load_text(text.replace(marker, marker + "    minimum: 400\n", 1))
    assert isinstance(gated, SelectionPolicy)
    population = _cycle(gated, 30, 5, AS_OF_PPPK)
    assert check_threshold_boundaries(gated, population) is None

    def generous(policy: SelectionPolicy, candidates: Any, **kwargs: Any) -> RunResult:
        rows = _rows(candidates)
        for row in rows:
            if str(row.get("interview") or "").isdigit() and int(row["interview"]) < 40:
                row["interview"] = str(int(row["interview"]) + 1)
        return asn.run(policy, rows, **kwargs)

    found = check_threshold_boundaries(gated, population, runner=generous)
    assert isinstance(found, Counterexample)
    assert found.params["field"] == "nilai_kumulatif"
    assert found.code == "threshold.below"
    assert found.params["value"] == "399"
    assert found.params["outcome"] == "advanced"
    assert found.params["expected"] == "below_threshold"


def test_a_shortlist_cut_that_drops_a_tie_is_caught() -> None:
    """docs/domain.md ("CPNS SKD"): candidates tied with the last one inside the 3 x quota
    shortlist advance. An engine that breaks such a tie by row order (it lowers the TWK of
    whoever ties the one before on every SKD score) leaves the tied candidate outranked."""
    cpns = _shipped("cpns-2024.yaml")
    population = _cycle(cpns, 80, 2, AS_OF_CPNS)
    assert check_threshold_boundaries(cpns, population) is None

    def drops_ties(policy: SelectionPolicy, candidates: Any, **kwargs: Any) -> RunResult:
        rows = _rows(candidates)
        keys = [tuple(str(r.get(n)) for n in ("formation_id", "twk", "tiu", "tkp")) for r in rows]
        seen: set[tuple[str, ...]] = set()
        for row, key in zip(rows, keys, strict=True):
            # two of a formation's applicants tied (not a whole table moved onto one value)
            size = sum(1 for k in keys if k[0] == key[0])
            pair = keys.count(key) == 2 and size > 3 and str(row.get("twk")).isdigit()
            if pair and key in seen and int(row["twk"]) > 0:
                row["twk"] = str(int(row["twk"]) - 1)
            seen.add(key)
        return asn.run(policy, rows, **kwargs)

    found = check_threshold_boundaries(cpns, population, runner=drops_ties)
    assert isinstance(found, Counterexample)
    assert found.params["stage"] == "pemeringkatan_skd"
    assert found.code == "threshold.at"
    assert found.params["outcome"] == "outranked"
    assert found.params["expected"] == "advanced"


def test_a_flaw_only_in_a_formula_input_is_caught() -> None:
    """tests/fixtures/unfair/cpns-skb-extra-nonmonotone.yaml: the SKB formula reads the extra
    SKB test (no test component, no rated level) so that every point above 90 costs two; the
    monotonicity check raises it too: on a cycle whose formations weigh the extra test (0.4,
    the regional maximum: docs/domain.md, "CPNS SKB composition") one point from 95 lowers
    the SKB score by 0.4 x 1 point of the extra test, and a search on the policy alone finds
    it as well."""
    policy = _load(UNFAIR / "cpns-skb-extra-nonmonotone.yaml")
    data = synthesize(policy, applicants=40, seed=2, as_of=AS_OF_CPNS)
    weighed = [{**row, "skb_extra_weight": "0.4"} for row in data.formations]
    rows = [{**row, "skb_extra": "95"} for row in data.candidates]
    population = Population.of(rows, weighed, data.ratings, AS_OF_CPNS)
    found = check_monotonicity(policy, population)
    assert isinstance(found, Counterexample)
    assert found.params["input"] == "skb_extra"
    assert (found.params["old"], found.params["new"]) == ("95", "96")
    assert found.code == "monotonicity.score-lowered"
    assert found.params["score"] == "skb"
    before = Fraction(str(found.params["before"]).split(" ")[-1].strip("()"))
    after = Fraction(str(found.params["after"]).split(" ")[-1].strip("()"))
    # 0.4 x (95 - 2 x 5) → 0.4 x (96 - 2 x 6): the extra test's part falls by 0.4 x 1
    assert before - after == Fraction(2, 5)
    assert "Raising skb_extra" in found.text("en")
    # Alone the search finds it within its first ten draws; once, after the whole suite had
    # run in one process, 25 draws did not: the budget leaves room for that.
    drawn = check_monotonicity(policy, budget=100)
    assert isinstance(drawn, Counterexample)
    assert drawn.params["input"] == "skb_extra"
