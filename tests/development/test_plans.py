"""Individual development plans: the largest core gaps first, within the budget, the yearly
JP minimum, a coded reason for every programme, and the constraint that binds when the
minimum cannot be met."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asn_competency.development import gap_profile, plan, read_assessments
from asn_competency.development.plans import gap_order
from asn_competency.errors import PolicyError
from tests.development._build import AS_OF, assessments, catalogue, policy, programme, standard

#: M.01 and M.02 are core, M.03 secondary, in this order.
SKJ = standard([("M.01", 2, "core"), ("M.02", 3, "core"), ("M.03", 2, "secondary")])
KATALOG = catalogue(
    [
        programme("a", {"M.01": (1, 2)}, 10, 1_000_000),
        programme("b", {"M.02": (1, 2)}, 8, 500_000),
        programme("c", {"M.02": (2, 3)}, 8, 500_000),
        programme("d", {"M.03": (1, 2)}, 6, 0),
        programme("e", {"M.02": (1, 3)}, 16, 3_000_000),
    ]
)
#: Short by one on M.01, by two on M.02, by one on M.03.
LOW = {"M.01": 1, "M.02": 1, "M.03": 1}


def _plan(levels: dict[str, int], **plan_rules: Any) -> Any:
    rules = {"min_jp": 20, "budget": {"hours": 40, "money": "5000000"}, **plan_rules}
    rules_policy = policy(plan=rules)
    profile = gap_profile("E1", assessments({"E1": levels}), SKJ, rules_policy, AS_OF)
    return plan(profile, rules_policy, SKJ, KATALOG)


def _chosen(result: Any) -> list[tuple[str, str, int | None]]:
    return [(p.programme, p.reason.code, p.reason.params.get("rank")) for p in result.programmes]


def test_largest_core_gap_first_by_hand() -> None:
    """Priorities core_first, largest_gap_first: M.02 (core, 2 short) before M.01 (core, 1)
    before M.03 (secondary). M.02 takes e (1→3: it closes the whole gap, preferred over b),
    M.01 takes a, M.03 takes d: 16 + 10 + 6 = 32 JP ≥ 20, Rp 4,000,000 ≤ 5,000,000."""
    result = _plan(LOW)
    assert _chosen(result) == [
        ("e", "plan.closes-gap", 1),
        ("a", "plan.closes-gap", 2),
        ("d", "plan.closes-gap", 3),
    ]
    assert (result.hours, result.cost, result.status) == (32, Decimal(4_000_000), "complete")
    first = result.programmes[0].reason.params
    assert (first["from_level"], first["to_level"], first["target"]) == (1, 3, 3)
    assert result.levels_after == {"M.01": 2, "M.02": 3, "M.03": 2}
    assert [n.code for n in result.notes] == ["plan.minimum-met"]


def test_priorities_change_the_plan_under_a_money_limit() -> None:
    """With Rp 3,500,000: largest gap first spends 3,000,000 on e for M.02, so a (Rp
    1,000,000) no longer fits and M.01 stays open for money; in the standard's order instead
    (core_first only) a comes first and M.02 is closed by b then c (Rp 500,000 each)."""
    money = {"hours": 40, "money": "3500000"}
    largest = _plan(LOW, budget=money)
    assert _chosen(largest) == [("e", "plan.closes-gap", 1), ("d", "plan.closes-gap", 3)]
    (open_gap,) = largest.open_gaps
    assert dict(open_gap.params) == {
        "competency": "M.01",
        "level": 1,
        "target": 2,
        "reason": "money",
        "programme": "a",
    }
    assert largest.status == "gaps_open"
    ordered = _plan(LOW, budget=money, priorities=["core_first"])
    assert [p.programme for p in ordered.programmes] == ["a", "b", "c", "d"]
    assert (ordered.hours, ordered.cost, ordered.status) == (32, Decimal(2_000_000), "complete")


def test_equal_gaps_keep_the_standards_order() -> None:
    """Two core gaps of one level each and 12 JP for one 12-JP programme only: the
    competency listed first in the standard gets it; listed the other way round, the other."""
    katalog = catalogue(
        [programme("px", {"K.X": (1, 2)}, 12), programme("py", {"K.Y": (1, 2)}, 12)]
    )
    rules = policy(plan={"min_jp": 12, "budget": {"hours": 12}})
    levels = assessments({"E1": {"K.X": 1, "K.Y": 1}})
    for order, first in (
        ((("K.X", 2, "core"), ("K.Y", 2, "core")), "px"),
        ((("K.Y", 2, "core"), ("K.X", 2, "core")), "py"),
    ):
        skj = standard(order)
        profile = gap_profile("E1", levels, skj, rules, AS_OF)
        result = plan(profile, rules, skj, katalog)
        assert [p.programme for p in result.programmes] == [first]
        assert [n.params["reason"] for n in result.open_gaps] == ["hours"]


def test_closures_are_followed_in_the_order_listed() -> None:
    """plan.closes: M.02 closed only by b then c (in that order), not by e, even though e
    would close it in one go."""
    result = _plan(LOW, closes=[{"competency": "M.02", "programmes": ["b", "c"]}])
    assert [p.programme for p in result.programmes][:2] == ["b", "c"]


def test_a_plan_that_cannot_reach_20_jp_says_which_constraint_binds() -> None:
    """docs/domain.md, "Talent management, development and performance": 20 JP a year. A
    16-JP budget cannot reach it (hours, the budget itself is below the minimum); Rp
    1,000,000 buys a (10 JP) and nothing more (money); a person at the standard everywhere
    has nothing left in the catalogue to take (catalogue)."""
    hours = _plan(LOW, budget={"hours": 16})
    assert (hours.status, hours.hours) == ("below_minimum", 16)
    assert hours.notes[-1].code == "plan.minimum-not-met"
    assert hours.notes[-1].params["binding"] == "hours"
    money = _plan({"M.01": 1, "M.02": 3, "M.03": 2}, budget={"hours": 40, "money": "1000000"})
    assert [p.programme for p in money.programmes] == ["a"]
    assert money.notes[-1].params["binding"] == "catalogue"
    money = _plan({"M.01": 1, "M.02": 2, "M.03": 2}, budget={"hours": 40, "money": "1000000"})
    assert [p.programme for p in money.programmes] == ["a"]
    assert dict(money.notes[-1].params) == {
        "jp": 10,
        "minimum": 20,
        "reference": None,
        "binding": "money",
        "hours_budget": 40,
        "money_budget": Decimal(1_000_000),
    }
    done = _plan({"M.01": 2, "M.02": 3, "M.03": 2})
    assert (done.programmes, done.status) == ((), "below_minimum")
    assert done.notes[-1].params["binding"] == "catalogue"


def test_top_up_reaches_the_minimum_with_the_positions_competencies() -> None:
    """Only M.03 short (d, 6 JP): to reach 20 JP the plan adds a programme that develops a
    competency of the position from the person's level (f: M.01 from 2 to 3, 16 JP), with
    plan.top-up saying so: 6 + 16 = 22 JP."""
    katalog = catalogue(
        [*(p.model_dump() for p in KATALOG.programmes), programme("f", {"M.01": (2, 3)}, 16, 0)]
    )
    rules = policy()
    levels = assessments({"E1": {"M.01": 2, "M.02": 3, "M.03": 1}})
    result = plan(gap_profile("E1", levels, SKJ, rules, AS_OF), rules, SKJ, katalog)
    assert _chosen(result) == [("d", "plan.closes-gap", 1), ("f", "plan.top-up", None)]
    assert dict(result.programmes[1].reason.params) == {
        "programme": "f",
        "competencies": ["M.01"],
        "hours": 16,
        "cost": Decimal(0),
        "jp_before": 6,
        "minimum": 20,
    }
    assert (result.hours, result.status) == (22, "complete")
    assert result.levels_after == {"M.01": 3, "M.02": 3, "M.03": 2}


def test_a_second_gap_with_nothing_left_to_take_binds_on_the_catalogue() -> None:
    """M.01 and M.02 one short each: a (10 JP) and c (8 JP, preferred to e for fewer hours)
    make 18 JP; nothing in the catalogue raises anyone further, so the catalogue binds."""
    result = _plan({"M.01": 1, "M.02": 2, "M.03": 2})
    assert [p.programme for p in result.programmes] == ["a", "c"]
    assert result.hours == 18
    assert result.notes[-1].params["binding"] == "catalogue"


def test_competencies_not_assessed_are_named() -> None:
    """A person with no assessment of M.03 gets plan.not-assessed for it; its gap is not
    guessed, the rest is planned, and a plan that reaches the minimum is not_assessed, never
    complete."""
    result = _plan({"M.01": 1, "M.02": 3})
    assert result.notes[0].code == "plan.not-assessed"
    assert result.notes[0].params["competencies"] == ["M.03"]
    assert [p.programme for p in result.programmes] == ["a"]
    assert result.status == "below_minimum"  # 10 JP of 20
    reached = _plan({"M.01": 1, "M.02": 3}, min_jp=10)
    assert (reached.hours, reached.status) == (10, "not_assessed")


PROGRAMMES = st.lists(
    st.tuples(
        st.sampled_from(["M.01", "M.02", "M.03"]),
        st.integers(0, 4),
        st.integers(1, 3),
        st.integers(1, 30),
        st.integers(0, 4_000_000),
    ),
    min_size=1,
    max_size=8,
)
LEVELS = st.fixed_dictionaries({c: st.integers(0, 5) for c in ("M.01", "M.02", "M.03")})


def _catalogue(drawn: list[tuple[str, int, int, int, int]]) -> Any:
    return catalogue(
        programme(f"p{i}", {c: (low, min(5, low + step))}, hours, cost)
        for i, (c, low, step, hours, cost) in enumerate(drawn)
    )


@given(
    PROGRAMMES,
    LEVELS,
    st.one_of(st.none(), st.integers(1, 60)),
    st.one_of(st.none(), st.integers(0, 6_000_000)),
)
def test_a_plan_never_exceeds_the_budget(
    drawn: list[tuple[str, int, int, int, int]],
    levels: dict[str, int],
    hours: int | None,
    money: int | None,
) -> None:
    """Whatever the catalogue, levels and budget: hours and cost within the budget, no
    programme twice, and every programme with a reason."""
    katalog = _catalogue(drawn)
    budget = {"hours": hours, "money": None if money is None else str(money)}
    rules = policy(plan={"min_jp": 20, "budget": budget})
    profile = gap_profile("E1", assessments({"E1": levels}), SKJ, rules, AS_OF)
    result = plan(profile, rules, SKJ, katalog)
    if hours is not None:
        assert result.hours <= hours
    if money is not None:
        assert result.cost <= money
    names = [p.programme for p in result.programmes]
    assert len(names) == len(set(names))
    assert all(p.reason.code in ("plan.closes-gap", "plan.top-up") for p in result.programmes)
    assert result.meets_minimum == (result.hours >= 20)


@given(PROGRAMMES, LEVELS, st.randoms())
def test_a_plan_does_not_depend_on_row_or_catalogue_order(
    drawn: list[tuple[str, int, int, int, int]], levels: dict[str, int], rng: random.Random
) -> None:
    """The same assessments in another row order and the same programmes in another order
    give the same plan."""
    katalog = _catalogue(drawn)
    shuffled_programmes = list(katalog.programmes)
    rng.shuffle(shuffled_programmes)
    other = katalog.model_copy(update={"programmes": shuffled_programmes})
    rows = [
        {
            "employee_id": "E1",
            "competency": c,
            "level": str(level),
            "date": "2025-11-20",
            "source": "seleksi",
            "assessor": "panel",
        }
        for c, level in levels.items()
    ]
    rng.shuffle(rows)
    rules = policy()
    first = plan(
        gap_profile("E1", assessments({"E1": levels}), SKJ, rules, AS_OF), rules, SKJ, katalog
    )
    second = plan(gap_profile("E1", read_assessments(rows), SKJ, rules, AS_OF), rules, SKJ, other)
    assert first == second


def test_a_closure_naming_a_missing_programme_is_refused_not_skipped() -> None:
    """plan() given a catalogue that lacks a programme the policy's closures name raises
    PolicyError (ref.unknown-programme) instead of planning without it."""
    rules = policy(
        plan={
            "min_jp": 20,
            "budget": {},
            "closes": [{"competency": "M.01", "programmes": ["gone"]}],
        }
    )
    profile = gap_profile("E1", assessments({"E1": LOW}), SKJ, rules, AS_OF)
    with pytest.raises(PolicyError, match=r"ref\.unknown-programme"):
        plan(profile, rules, SKJ, KATALOG)


def test_gap_order_is_exposed() -> None:
    """gap_order lists the gaps in the order the plan closes them."""
    rules = policy()
    profile = gap_profile("E1", assessments({"E1": LOW}), SKJ, rules, AS_OF)
    assert [r.competency for r in gap_order(profile, rules, SKJ)] == ["M.02", "M.01", "M.03"]
