"""Who fills the free slots (pipeline/optimisation.py): properties of the allocation on random
pools, checked against a brute-force matching, and the rules docs/pipeline.md ("Optimisation")
states. The rules of the procedure are this library's (docs/domain.md, "CPNS optimisation":
best candidate first, never in formation-id order; ties never decided by an id)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence

from hypothesis import assume, given
from hypothesis import strategies as st

from asn_competency.expressions import UNKNOWN
from asn_competency.model import OrderKey
from asn_competency.pipeline.optimisation import Entrant, Verdict, allocate
from asn_competency.pipeline.ordering import sort_key

KEYS = [OrderKey(key="score"), OrderKey(key="tkp")]
FORMATIONS = ["F1", "F2", "F3"]
#: Verdicts of entrants who hold a slot, or may: placed, or waiting for a tie to be settled.
HOLDING = ("placed", "tie_unresolved", "waiting_for_tie")


def matchable(groups: Sequence[Sequence[str]], capacity: Mapping[str, int]) -> bool:
    """Whether every entrant (its possible formations) can have a slot: brute force."""
    if not groups:
        return True
    first, rest = groups[0], groups[1:]
    for formation in first:
        if capacity[formation] > 0:
            left = {**capacity, formation: capacity[formation] - 1}
            if matchable(rest, left):
                return True
    return False


@st.composite
def pools(draw: st.DrawFn) -> tuple[list[Entrant], dict[str, int]]:
    """Up to 8 entrants with values from a small range (so that ties happen), each with some
    of three formations as targets; capacities 0 to 2."""
    capacity = {f: draw(st.integers(0, 2)) for f in FORMATIONS}
    free = [f for f in FORMATIONS if capacity[f] > 0]
    entrants = []
    for number in range(draw(st.integers(0, 8))):
        values = (draw(st.integers(70, 72)), draw(st.integers(1, 2)))
        targets = draw(st.lists(st.sampled_from(free), unique=True)) if free else []
        entrants.append(Entrant(f"C{number}", values, tuple(targets), f"C{number}"))
    return entrants, capacity


def placed(entrants: Sequence[Entrant], verdicts: Sequence[Verdict]) -> list[int]:
    return [i for i, v in enumerate(verdicts) if v.reason == "placed"]


@given(pools())
def test_every_placement_is_in_a_target_and_within_capacity(
    pool: tuple[list[Entrant], dict[str, int]],
) -> None:
    """A placed entrant is in one of its own formations, and no formation takes more than its
    free slots."""
    entrants, capacity = pool
    verdicts = allocate(entrants, capacity, KEYS)
    used: dict[str, int] = {}
    for index in placed(entrants, verdicts):
        formation = verdicts[index].placed_in
        assert formation in entrants[index].targets
        used[formation] = used.get(formation, 0) + 1
    assert all(used[f] <= capacity[f] for f in used)


def most_placed(groups: Sequence[Sequence[str]], capacity: Mapping[str, int]) -> int:
    """The most entrants that can have a slot at once: brute force over subsets."""
    for size in range(len(groups), 0, -1):
        if any(matchable(c, capacity) for c in itertools.combinations(groups, size)):
            return size
    return 0


@given(pools())
def test_nobody_outranked_could_have_had_a_slot(
    pool: tuple[list[Entrant], dict[str, int]],
) -> None:
    """Best first: an entrant told 'outranked' adds nothing to the entrants ranked above them
    who hold a slot (placed, or waiting for a tie): with them, no more entrants can have
    a slot than without them, so they could take no one's place below them either."""
    entrants, capacity = pool
    verdicts = allocate(entrants, capacity, KEYS)
    for index, verdict in enumerate(verdicts):
        if verdict.reason != "outranked":
            continue
        mine = sort_key(KEYS, entrants[index].values)
        above = [
            entrants[i].targets
            for i, v in enumerate(verdicts)
            if v.reason in HOLDING and sort_key(KEYS, entrants[i].values) < mine
        ]
        assert most_placed([*above, entrants[index].targets], capacity) == most_placed(
            above, capacity
        )


@given(pools())
def test_as_many_are_placed_as_the_slots_allow(
    pool: tuple[list[Entrant], dict[str, int]],
) -> None:
    """The entrants placed or waiting for a tie fill as many slots as any matching of all
    entrants could: no slot is left empty that someone could fill."""
    entrants, capacity = pool
    verdicts = allocate(entrants, capacity, KEYS)
    holding = [e.targets for e, v in zip(entrants, verdicts, strict=True) if v.reason in HOLDING]
    best = most_placed([e.targets for e in entrants], capacity)
    assert most_placed(holding, capacity) == best


@given(pools())
def test_no_free_slot_means_no_target(pool: tuple[list[Entrant], dict[str, int]]) -> None:
    """'no_free_slot' is told exactly to those with no formation to fill."""
    entrants, capacity = pool
    for entrant, verdict in zip(entrants, allocate(entrants, capacity, KEYS), strict=True):
        assert (verdict.reason == "no_free_slot") == (not entrant.targets)


@given(pools())
def test_an_exact_tie_is_never_split_by_the_ids(
    pool: tuple[list[Entrant], dict[str, int]],
) -> None:
    """Of two entrants equal on every key who may fill the same formations, one is never
    placed while the other is only outranked: the keys cannot choose, so neither may the id."""
    entrants, capacity = pool
    verdicts = allocate(entrants, capacity, KEYS)
    for a, first in enumerate(entrants):
        for b, second in enumerate(entrants):
            if a == b or first.values != second.values:
                continue
            if set(first.targets) != set(second.targets):
                continue
            assert not (verdicts[a].reason == "placed" and verdicts[b].reason == "outranked")


@given(pools(), st.randoms(use_true_random=False))
def test_the_order_of_the_entrants_never_matters(
    pool: tuple[list[Entrant], dict[str, int]], shuffler: random.Random
) -> None:
    """The same entrants in another order get the same verdicts."""
    entrants, capacity = pool
    shuffled = entrants[:]
    shuffler.shuffle(shuffled)
    first = dict(zip((e.key for e in entrants), allocate(entrants, capacity, KEYS), strict=True))
    second = dict(zip((e.key for e in shuffled), allocate(shuffled, capacity, KEYS), strict=True))
    assert first == second


def test_a_candidate_who_could_fill_two_slots_leaves_the_only_one_another_can_fill() -> None:
    """P (best) may fill F1 or F2, Q only F1: P goes to F2 and both are placed, whatever the
    formations' ids say (filling F1 first with its best would leave Q out and F2 empty)."""
    entrants = [
        Entrant("P", (80, 1), ("F1", "F2"), "P"),
        Entrant("Q", (79, 1), ("F1",), "Q"),
    ]
    verdicts = allocate(entrants, {"F1": 1, "F2": 1}, KEYS)
    assert [(v.reason, v.placed_in) for v in verdicts] == [("placed", "F2"), ("placed", "F1")]
    assert [v.pool_rank for v in verdicts] == [1, 2]


def test_a_held_place_keeps_its_slot_from_those_ranked_below() -> None:
    """A place held for a tie at a quota (no candidate) ranks at the tie's values: the slot is
    its, and W, ranked below, is told the slot is held for the tie."""
    entrants = [
        Entrant("~F1~0", (80, 1), ("F2",), None),
        Entrant("W", (79, 1), ("F2",), "W"),
    ]
    held, waiting = allocate(entrants, {"F2": 1}, KEYS)
    assert (held.reason, held.placed_in) == ("placed", "F2")
    assert (waiting.reason, waiting.placed_in) == ("held_for_tie", None)


def test_an_unknown_key_ties_with_every_candidate_equal_before_it() -> None:
    """A missing value cannot be ordered: an entrant unknown on the second key ties with every
    entrant equal on the first, so two such entrants for one slot both go to review."""
    entrants = [
        Entrant("A", (80, 2), ("F1",), "A"),
        Entrant("B", (80, UNKNOWN), ("F1",), "B"),
    ]
    verdicts = allocate(entrants, {"F1": 1}, KEYS)
    assert [v.reason for v in verdicts] == ["tie_unresolved", "tie_unresolved"]


def test_tied_candidates_placed_in_formations_they_could_swap_go_to_review() -> None:
    """A and B, equal on every key, both fit (F1 and F2), but the keys cannot say who goes
    where: both needs review, never placed by their ids."""
    entrants = [
        Entrant("A", (80, 1), ("F1", "F2"), "A"),
        Entrant("B", (80, 1), ("F1", "F2"), "B"),
    ]
    verdicts = allocate(entrants, {"F1": 1, "F2": 1}, KEYS)
    assert [v.reason for v in verdicts] == ["tie_unresolved", "tie_unresolved"]
    assert [v.placed_in for v in verdicts] == [None, None]


@given(pools())
def test_each_placed_entrant_takes_its_first_target_that_leaves_room_for_those_after(
    pool: tuple[list[Entrant], dict[str, int]],
) -> None:
    """Where (docs/pipeline.md, "Optimisation"): in the order of the ranking's keys, each
    placed entrant is in the first of its own targets, in its order of preference, such that
    every placed entrant after it can still have a slot (checked by brute force over the
    placed entrants, on pools where no tie is left to review: an unresolved tie keeps slots
    for its candidates)."""
    entrants, capacity = pool
    verdicts = allocate(entrants, capacity, KEYS)
    assume(all(v.reason not in ("tie_unresolved", "waiting_for_tie") for v in verdicts))
    chosen = sorted(
        (i for i, v in enumerate(verdicts) if v.reason == "placed"),
        key=lambda i: (sort_key(KEYS, entrants[i].values), entrants[i].key),
    )
    left = dict(capacity)
    for number, index in enumerate(chosen):
        after = [entrants[i].targets for i in chosen[number + 1 :]]
        first = next(
            f
            for f in entrants[index].targets
            if left[f] > 0 and matchable(after, {**left, f: left[f] - 1})
        )
        assert verdicts[index].placed_in == first
        left[first] -= 1


def test_an_augmenting_path_longer_than_pythons_recursion_limit_is_followed() -> None:
    """A chain of 3,000 formations of one slot, each entrant able to fill its own and the next:
    the last entrant can fill only the first, held by the best, so placing them moves every
    entrant one formation along (an augmenting path through all 3,000). In a national cycle
    such paths are long; the search follows them with a stack, not Python's recursion. Every
    entrant is placed, each in the one formation the chain leaves them."""
    length = 3000
    chain = [f"F{n:04d}" for n in range(length + 1)]
    entrants = [
        Entrant(f"C{n:04d}", (10_000 - n, 1), (chain[n], chain[n + 1]), f"C{n:04d}")
        for n in range(length)
    ]
    entrants.append(Entrant("LAST", (0, 1), (chain[0],), "LAST"))
    verdicts = allocate(entrants, dict.fromkeys(chain, 1), KEYS)
    assert all(v.reason == "placed" for v in verdicts)
    assert [v.placed_in for v in verdicts] == [*chain[1:], chain[0]]
