"""Optimalisasi: who fills the slots left free after the final ranking, and where.

The optimisation stage of :mod:`.engine` builds the *entrants* (the candidates outranked in
their own formation, each with the free formations they may fill, in order of preference)
and the free slots; :func:`allocate` decides. The rules (docs/domain.md, "CPNS optimisation";
the procedure's own rules are this library's, issue 8):

- **Best candidate first, all slots together.** Entrants are taken in the order of the
  ranking's keys. The keys are formulas of the candidate (final score, SKD total, ...), the
  same whichever formation a candidate applied to, so candidates of different formations
  compare by them. An entrant is placed when they and everyone placed before them can all
  have a slot (a bipartite matching; the placed set is the greedy basis of a transversal
  matroid). No formation is filled before another because of its id, and a candidate who
  could fill several slots never takes the only slot a later candidate could fill while
  another is free for them.
- **Ties the keys cannot break.** Entrants the keys cannot separate are taken together; when
  the free slots cannot take them all and the keys leave the choice open, the tied entrants
  who might or might not get a slot are ``tie_unresolved`` (needs review) and their slots are
  held for them. A tie does not change who else is placed: in a matroid every choice among the
  tied leaves the same span, so each later entrant's verdict is the same however the tie is
  settled. A tie between entrants whose possible formations differ can change *where* others
  are placed; every entrant who could be placed in the formations linked to it then waits
  (``waiting_for_tie``), a conservative choice for a rare case.
- **Held places.** A tie at a formation's own quota, unresolved at the ranking, has fewer
  seats there than tied candidates: the candidates left over will join optimisation at the
  tie's place in the order, with the tied formation's slots open to them. Each is an entrant
  without a candidate (a *held place*), so no lower-ranked candidate takes a slot that one of
  the tied candidates would have, and the candidates ranked below the tie get the verdict
  they will have whoever wins it.
- **Where.** Among the slots a placed entrant may fill, best first by the entrant's own
  preference order (the engine's: the same track, then the same location, then the formation
  id); an entrant takes the first one that leaves a slot for every entrant placed after them.
  Tied entrants placed in different formations that could swap places are
  ``tie_unresolved`` (the keys cannot say who goes where).

Nothing here depends on the order of the input rows: entrants are sorted by the ranking's
keys, and by their key only among tied entrants, whose verdicts the tie rules above make
independent of that last order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any, Literal

from asn_competency.expressions import UNKNOWN
from asn_competency.model import OrderKey
from asn_competency.pipeline.ordering import sort_key, ties

__all__ = ["Entrant", "Reason", "Verdict", "allocate"]

Reason = Literal[
    "placed",
    "outranked",
    "held_for_tie",
    "no_free_slot",
    "tie_unresolved",
    "waiting_for_tie",
]
"""Why an entrant was or was not placed (the stage's ``detail["reason"]``):

- ``placed``: placed in a free slot;
- ``outranked``: slots they could fill were free, but went to entrants ranked higher;
- ``held_for_tie``: the slot they would have is held for tied candidates ranked higher, whose
  tie is unresolved (they are not placed however it is settled);
- ``no_free_slot``: no free slot in a formation they may fill;
- ``tie_unresolved``: tied on every key with others for the last free slots (needs review);
- ``waiting_for_tie``: the verdict depends on an unresolved tie between entrants whose
  possible formations differ (needs review).
"""


@dataclass(frozen=True)
class Entrant:
    """A candidate outranked in their own formation, or a place held for one of the
    candidates of an unresolved tie at a formation's quota (``candidate`` is ``None``)."""

    key: str
    values: tuple[Any, ...]
    targets: tuple[str, ...]
    candidate: str | None
    uncertain: bool = False  # a held place whose tied candidates could fill different slots


@dataclass(frozen=True)
class Verdict:
    """What optimisation decided for one entrant."""

    reason: Reason
    placed_in: str | None = None
    pool_rank: int = 0  # 1 + the number of entrants ahead in the ordering (ties share it)


class _Slots:
    """A matching of entrants to formations with capacities (Kuhn's augmenting paths).

    ``dead`` remembers the formations a failed search visited: all full, and every entrant
    holding them may go only to formations among them, so no later search can free a slot
    there (the matching only grows by augmenting paths, none of which can pass through such a
    set). Searches skip them, so a long run of entrants who find no slot costs one search
    over those formations, not one per entrant.

    A trial (:meth:`mark`, then :meth:`undo` or :meth:`keep`) records what each change
    replaced, so that trying a group of tied entrants costs what it changes, not a copy of
    the whole matching (thousands of formations in a national cycle)."""

    def __init__(self, capacity: Mapping[str, int]) -> None:
        self.capacity = capacity
        self.holders: dict[str, list[int]] = {f: [] for f in capacity}
        self.at: dict[int, str] = {}
        self.dead: set[str] = set()
        self._journal: list[tuple[Any, ...]] | None = None

    def copy(self) -> _Slots:
        twin = _Slots(self.capacity)
        twin.holders = {f: list(h) for f, h in self.holders.items()}
        twin.at = dict(self.at)
        twin.dead = set(self.dead)
        return twin

    def mark(self) -> int:
        """Start (or go on) recording changes; the mark to :meth:`undo` back to."""
        if self._journal is None:
            self._journal = []
        return len(self._journal)

    def undo(self, mark: int) -> None:
        """Put the matching back as it was at ``mark``."""
        journal = self._journal
        if journal is None:
            return
        while len(journal) > mark:
            change = journal.pop()
            if change[0] == "holders":
                self.holders[change[1]] = change[2]
            elif change[0] == "at":
                if change[2] is None:
                    del self.at[change[1]]
                else:
                    self.at[change[1]] = change[2]
            else:
                self.dead -= change[1]
        self.keep(mark)

    def keep(self, mark: int) -> None:
        """Keep the changes since ``mark`` (recording stops with the outermost mark)."""
        if mark == 0:
            self._journal = None

    def _put(self, index: int, formation: str) -> None:
        """Entrant ``index`` now holds a slot of ``formation`` (it holds no other)."""
        self._save(formation)
        if self._journal is not None:
            self._journal.append(("at", index, self.at.get(index)))
        self.holders[formation].append(index)
        self.at[index] = formation

    def _save(self, formation: str) -> None:
        if self._journal is not None:
            self._journal.append(("holders", formation, list(self.holders[formation])))

    def add(self, index: int, targets: Sequence[Sequence[str]]) -> bool:
        """Give entrant ``index`` a slot, moving others along augmenting paths; unchanged
        when no matching takes everyone (the holders change only along a path that
        succeeds)."""
        seen: set[str] = set()
        if self._augment(index, targets, seen, frozenset(), self.dead):
            return True
        if self._journal is not None:
            self._journal.append(("dead", seen))
        self.dead |= seen
        return False

    def move(
        self,
        index: int,
        formation: str,
        targets: Sequence[Sequence[str]],
        fixed: set[int],
        exhausted: set[str] | None = None,
    ) -> bool:
        """Move entrant ``index`` to ``formation`` if the entrants not ``fixed`` can all keep
        a slot; unchanged otherwise. When the formation is full, the entrant takes the place
        of one holder not fixed, who then looks for a slot along an augmenting path (which
        may pass through the formation, never moving the entrant or a fixed one): by Berge's
        theorem one search from the displaced holder finds a way whenever one exists.
        ``index`` joins ``fixed`` during the search only (the set is not copied: it holds
        every entrant placed before, tens of thousands in a national cycle).

        ``exhausted``, for the tries of one entrant from one matching: the formations the
        failed searches of the tries before visited, which the search skips and a failure
        adds to. They are all full, every holder not fixed may go only to formations among
        them, and the one slot the entrant leaves is not among them; a later try changes
        none of that (it pins the entrant elsewhere and puts the holder it displaced back),
        so no path through them can end at a free slot."""
        old = self.at[index]
        self.holders[old].remove(index)
        holders = self.holders[formation]
        if len(holders) < self.capacity[formation]:
            holders.append(index)
            self.at[index] = formation
            return True
        displaced = next((other for other in holders if other not in fixed), None)
        if displaced is not None:
            holders.remove(displaced)
            holders.append(index)
            self.at[index] = formation
            pinned = index not in fixed
            fixed.add(index)
            seen: set[str] = set()
            try:
                found = self._augment(
                    displaced, targets, seen, fixed, frozenset() if exhausted is None else exhausted
                )
            finally:
                if pinned:
                    fixed.discard(index)
            if found:
                return True
            if exhausted is not None:
                exhausted |= seen
            holders.remove(index)
            holders.append(displaced)
            self.at[displaced] = formation
        self.holders[old].append(index)
        self.at[index] = old
        return False

    def _augment(
        self,
        start: int,
        targets: Sequence[Sequence[str]],
        seen: set[str],
        fixed: Set[int],
        dead: Set[str],
    ) -> bool:
        """An augmenting path from entrant ``start`` (it holds no slot), skipping the
        formations ``seen`` or ``dead``; from each entrant on the way, a free slot among its
        own targets first (the shortest path), then through the holders of each full one,
        depth first. The path is followed with a stack, not by recursion: in a national cycle
        it can pass through more formations than Python's recursion allows."""
        capacity, holders_of = self.capacity, self.holders
        # per entrant on the path: the entrant, its remaining steps, the formation it takes
        stack: list[tuple[int, Iterator[tuple[str, int]], list[str]]] = []
        index = start
        while True:
            own = [f for f in targets[index] if f not in seen and f not in dead]
            free = next((f for f in own if len(holders_of[f]) < capacity[f]), None)
            if free is not None:
                seen.add(free)
                self._put(index, free)
                while stack:  # each entrant before takes the slot of the one after it
                    parent, _, taking = stack.pop()
                    self._save(taking[0])
                    holders_of[taking[0]].remove(index)
                    self._put(parent, taking[0])
                    index = parent
                return True
            stack.append((index, self._steps(own, seen, fixed), [""]))
            while stack:
                _, steps, taking = stack[-1]
                step = next(steps, None)
                if step is not None:
                    taking[0], index = step
                    break
                stack.pop()
            else:
                return False

    def _steps(
        self, own: Sequence[str], seen: set[str], fixed: Set[int]
    ) -> Iterator[tuple[str, int]]:
        """The (full formation, its holder) an augmenting path may go through next, in
        order: each formation once (it joins ``seen``), each holder not ``fixed``."""
        for formation in own:
            if formation in seen:
                continue
            seen.add(formation)
            for other in list(self.holders[formation]):
                if other not in fixed:
                    yield formation, other


def allocate(
    entrants: Sequence[Entrant], capacity: Mapping[str, int], keys: Sequence[OrderKey]
) -> list[Verdict]:
    """The verdict of each entrant (same order as ``entrants``): see the module docstring.

    ``capacity`` is the number of free slots of each formation; every target of an entrant
    must be one of its keys. A held place's verdict names the formation held for its tie
    (``placed_in``) when it keeps one.
    """
    targets = [e.targets for e in entrants]
    order = sorted(
        range(len(entrants)), key=lambda i: (sort_key(keys, entrants[i].values), entrants[i].key)
    )
    groups = _tie_groups([entrants[i].values for i in order], keys)
    slots = _Slots(capacity)
    real = _Slots(capacity)  # the candidates placed, without held places and tie stand-ins
    total = sum(capacity.values())
    reasons: dict[int, Reason] = {}
    pool_rank: dict[int, int] = {}
    # formations an unresolved tie between entrants of differing possible formations touches
    ambiguous = {f for e in entrants if e.uncertain for f in e.targets}
    cache: dict[tuple[Any, ...], Reason] = {}
    start = 0
    for size in groups:
        group = order[start : start + size]
        for index in group:
            pool_rank[index] = start + 1
        start += size
        hopeful = [i for i in group if targets[i]]
        for index in group:
            if not targets[index]:
                reasons[index] = "no_free_slot"
        if not hopeful:
            continue
        if len(slots.at) >= total:
            gain = 0
        elif len(hopeful) == 1:  # a failed add leaves the matching as it was
            gain = int(slots.add(hopeful[0], targets))
        else:  # all of the tied, or none: a trial, kept only when it takes them all
            mark = slots.mark()
            gain = sum(1 for index in hopeful if slots.add(index, targets))
            if gain == len(hopeful):
                slots.keep(mark)
            else:
                slots.undo(mark)
        if gain == len(hopeful):
            for index in hopeful:
                reasons[index] = "placed"
                _place_real(real, index, entrants, targets)
            continue
        if gain == 0:
            for index in hopeful:
                reasons[index] = _why_not(index, slots, real, targets, cache)
            continue
        # A contested tie: some of the tied can have a slot, not all. Those whom every choice
        # among the tied places are placed; the others are tie_unresolved, and as many of them
        # as there are slots left for the tie stand in the matching to keep those slots.
        rest = [i for i in hopeful if _gain(slots, [j for j in hopeful if j != i], targets) == gain]
        for index in hopeful:
            if index not in rest:
                slots.add(index, targets)
                reasons[index] = "placed"
                _place_real(real, index, entrants, targets)
        if len({frozenset(targets[i]) for i in rest}) > 1:
            ambiguous.update(f for i in rest for f in targets[i])
        for index in rest:
            reasons[index] = "tie_unresolved"
            slots.add(index, targets)  # fails, changing nothing, once the tie's slots are kept
    placements = _assign(slots, order, targets)
    _tied_swaps(
        order, groups, placements=placements, targets=targets, reasons=reasons, entrants=entrants
    )
    _wait_for_ambiguous_ties(ambiguous, entrants, targets, reasons)
    return [
        Verdict(
            reasons[index],
            placements.get(index)
            if reasons[index] == "placed" or entrant.candidate is None
            else None,
            pool_rank[index],
        )
        for index, entrant in enumerate(entrants)
    ]


def _gain(slots: _Slots, group: Sequence[int], targets: Sequence[Sequence[str]]) -> int:
    """How many of a group the matching would take (tried, then undone)."""
    mark = slots.mark()
    gain = sum(1 for index in group if slots.add(index, targets))
    slots.undo(mark)
    return gain


def _fits(slots: _Slots, index: int, targets: Sequence[Sequence[str]]) -> bool:
    return _gain(slots, [index], targets) == 1


def _place_real(
    real: _Slots, index: int, entrants: Sequence[Entrant], targets: Sequence[Sequence[str]]
) -> None:
    if entrants[index].candidate is not None:
        real.add(index, targets)


def _why_not(
    index: int,
    slots: _Slots,
    real: _Slots,
    targets: Sequence[Sequence[str]],
    cache: dict[tuple[Any, ...], Reason],
) -> Reason:
    """outranked, or held_for_tie when the slot would be theirs but for a place held for a
    tie (a held place, or a stand-in of an unresolved tie)."""
    if len(real.at) == len(slots.at):  # nothing is held
        return "outranked"
    key = (len(slots.at), *targets[index])  # the matchings only grow: the size dates them
    if key not in cache:
        cache[key] = "held_for_tie" if _fits(real, index, targets) else "outranked"
    return cache[key]


def _tie_groups(values: Sequence[tuple[Any, ...]], keys: Sequence[OrderKey]) -> list[int]:
    """The sizes of the runs of entrants (sorted by the keys) that the keys cannot separate.

    Neighbours tied on every key are one run; an entrant with an unknown value on a key ties
    with every entrant equal to it on the keys before it (an unknown cannot be ordered), and
    those form a contiguous block of the sorted order, all joined to its run.
    """
    count = len(values)
    if count == 0:
        return []
    # each entrant's first unknown key; the blocks of entrants equal on the keys before it
    # are needed only at those lengths
    unknowns = [next((k for k, v in enumerate(own) if v is UNKNOWN), None) for own in values]
    lengths = sorted({k for k in unknowns if k is not None})
    sorted_keys = [sort_key(keys, v) for v in values] if lengths else []
    blocks: dict[tuple[Any, ...], list[int]] = {}
    for position, full in enumerate(sorted_keys):
        for length in lengths:
            span = blocks.setdefault((length, *full[:length]), [position, position])
            span[1] = position
    joined = [0] * (count + 1)
    for position in range(count - 1):
        if ties(keys, values[position], values[position + 1]):
            joined[position] += 1
            joined[position + 1] -= 1
    for position, unknown in enumerate(unknowns):
        if unknown is None:
            continue
        first, last = blocks[(unknown, *sorted_keys[position][:unknown])]
        if first < last:
            joined[first] += 1
            joined[last] -= 1
    sizes = []
    running = 0
    size = 0
    for position in range(count):
        running += joined[position]
        size += 1
        if running == 0:  # not joined to the next entrant
            sizes.append(size)
            size = 0
    return sizes


def _assign(
    slots: _Slots,
    order: Sequence[int],
    targets: Sequence[Sequence[str]],
) -> dict[int, str]:
    """Where each entrant of the matching goes: in order, the first of its targets that
    leaves a slot for every entrant after it. One matching of everyone is kept from one
    entrant to the next: an entrant is moved to a formation it prefers to its current one
    when the entrants after it can make room (:meth:`_Slots.move`), then fixed there."""
    matching = slots.copy()
    fixed: set[int] = set()
    placed: dict[int, str] = {}
    for index in (i for i in order if i in slots.at):
        exhausted: set[str] = set()  # shared by this entrant's tries (:meth:`_Slots.move`)
        for formation in targets[index]:
            if formation == matching.at[index] or matching.move(
                index, formation, targets, fixed, exhausted
            ):
                break
        fixed.add(index)
        placed[index] = matching.at[index]
    return placed


def _linked(groups: Sequence[Sequence[str]]) -> Callable[[str], str]:
    """Union-find over formations: two are linked when one entrant may fill both."""
    parent: dict[str, str] = {}

    def root(formation: str) -> str:
        while parent.setdefault(formation, formation) != formation:
            parent[formation] = parent[parent[formation]]
            formation = parent[formation]
        return formation

    for own in groups:
        for formation in own[1:]:
            parent[root(formation)] = root(own[0])
    return root


def _tied_swaps(
    order: Sequence[int],
    groups: Sequence[int],
    *,
    placements: Mapping[int, str],
    targets: Sequence[Sequence[str]],
    reasons: dict[int, Reason],
    entrants: Sequence[Entrant],
) -> None:
    """Tied entrants placed in different formations that could swap: the keys cannot say
    who goes where, so the candidates among them are tie_unresolved."""
    start = 0
    for size in groups:
        group = [i for i in order[start : start + size] if i in placements]
        start += size
        for number, first in enumerate(group):
            for second in group[number + 1 :]:
                a, b = placements[first], placements[second]
                if a != b and b in targets[first] and a in targets[second]:
                    for index in (first, second):
                        if entrants[index].candidate is not None:
                            reasons[index] = "tie_unresolved"


def _wait_for_ambiguous_ties(
    ambiguous: set[str],
    entrants: Sequence[Entrant],
    targets: Sequence[Sequence[str]],
    reasons: dict[int, Reason],
) -> None:
    """Every candidate who may fill a formation linked (through entrants who may fill both)
    to an unresolved tie between entrants with different possible formations waits for it
    (needs review): where, or whether, they are placed may depend on how it is settled."""
    if not ambiguous:
        return
    root = _linked(targets)
    linked = {root(f) for f in ambiguous}
    for index, entrant in enumerate(entrants):
        if entrant.candidate is None or not targets[index]:
            continue
        if root(targets[index][0]) in linked and reasons[index] != "tie_unresolved":
            reasons[index] = "waiting_for_tie"
