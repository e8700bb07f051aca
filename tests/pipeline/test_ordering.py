"""Orderings (``pipeline/ordering.py``) order as their definition says: a differential test of
``rank``, ``sort_key`` and ``ties`` against the definition written plainly (every value
negated or mapped on every comparison), on drawn tie-break chains with ties, unknown values,
whole and other fractions, dates, strings and priority codes. Rankings of sixteen candidates
or more sort fractions as integers over their common denominator: they are drawn too."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from asn_competency.expressions import UNKNOWN
from asn_competency.model import OrderKey
from asn_competency.pipeline.ordering import rank, sort_key, ties

CODES = ["thk2", "non_asn", "non_asn_aktif"]


def _plain_value(key: OrderKey, value: Any) -> Any:
    """The definition: codes by their place (an unlisted code after them), ascending as is,
    descending numbers and dates negated, descending strings by inverted code points."""
    if key.codes is not None:
        return key.codes.index(value) if value in key.codes else len(key.codes)
    if key.direction == "asc":
        return value
    if isinstance(value, Fraction | int):
        return -value
    if isinstance(value, dt.date):
        return -value.toordinal()
    return (*(-ord(ch) for ch in value), 1)


def _plain_key(keys: list[OrderKey], values: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(
        (1,) if v is UNKNOWN else (0, _plain_value(k, v)) for k, v in zip(keys, values, strict=True)
    )


def _plain_ties(keys: list[OrderKey], a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    for key, x, y in zip(keys, a, b, strict=True):
        if x is UNKNOWN or y is UNKNOWN:
            return True
        if _plain_value(key, x) != _plain_value(key, y):
            return False
    return True


def _plain_separating(keys: list[OrderKey], a: Any, b: Any) -> int | None:
    if a is None or b is None:
        return None
    for index, (x, y) in enumerate(zip(a, b, strict=True)):
        if x is UNKNOWN or y is UNKNOWN:
            return None
        if _plain_value(keys[index], x) != _plain_value(keys[index], y):
            return index
    return None


def _plain_rank(values: dict[str, tuple[Any, ...]], keys: list[OrderKey]) -> list[tuple[Any, ...]]:
    """Sorted by the plain keys then id; a rank shared by the tied; the separating keys."""
    rows = sorted((_plain_key(keys, v), c) for c, v in values.items())
    found = []
    best = 1
    for position, (_, candidate) in enumerate(rows, start=1):
        mine = values[candidate]
        previous = values[rows[position - 2][1]] if position > 1 else None
        following = values[rows[position][1]] if position < len(rows) else None
        if previous is not None and not _plain_ties(keys, previous, mine):
            best = position
        found.append(
            (
                candidate,
                position,
                best,
                mine,
                _plain_separating(keys, mine, following),
                _plain_separating(keys, previous, mine),
            )
        )
    return found


#: each kind of key, and the values it may give (few, so that ties are frequent)
NUMBERS = st.sampled_from([0, 1, 2, Fraction(3), Fraction(1, 2), Fraction(5, 2), Fraction(7, 3)])
KINDS = {
    "number": NUMBERS,
    "date": st.sampled_from([dt.date(1990, 1, 1), dt.date(1995, 6, 30), dt.date(2001, 2, 3)]),
    "text": st.sampled_from(["a", "ab", "b", ""]),
    "codes": st.sampled_from([*CODES, "umum", "lain"]),
}


@st.composite
def orderings(draw: st.DrawFn, least: int = 0) -> tuple[list[OrderKey], dict[str, tuple[Any, ...]]]:
    """A chain of one to four keys and ``least`` to forty candidates' values under it."""
    kinds = draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=4))
    keys = [
        OrderKey(
            key=f"k{i}",
            direction=draw(st.sampled_from(["asc", "desc"])),
            codes=CODES if kind == "codes" else None,
        )
        for i, kind in enumerate(kinds)
    ]
    row = st.tuples(*(st.one_of(KINDS[kind], st.just(UNKNOWN)) for kind in kinds))
    ids = st.lists(
        st.text("abc0123", min_size=1, max_size=3), min_size=least, max_size=40, unique=True
    )
    return keys, {c: draw(row) for c in draw(ids)}


@settings(max_examples=300)
@given(st.one_of(orderings(), orderings(least=16)))
def test_rank_is_the_plain_definition(drawn: tuple[list[OrderKey], dict[str, Any]]) -> None:
    """Order, shared ranks and the keys that separate neighbours are the definition's, with
    ties, unknown values and every kind of key, in small rankings and in large ones (whose
    fractions sort as integers)."""
    keys, values = drawn
    got = [
        (r.candidate, r.position, r.rank, r.values, r.decided_by, r.behind_by)
        for r in rank(values, keys)
    ]
    assert got == _plain_rank(values, keys)


@settings(max_examples=300)
@given(orderings())
def test_sort_key_and_ties_agree_with_the_definition(
    drawn: tuple[list[OrderKey], dict[str, Any]],
) -> None:
    """``sort_key`` orders every pair as the plain key does (a whole fraction sorts as its
    int), equal exactly when the plain keys are; ``ties`` is the definition's."""
    keys, values = drawn
    rows = list(values.values())
    for a in rows:
        for b in rows:
            ours = (sort_key(keys, a), sort_key(keys, b))
            plain = (_plain_key(keys, a), _plain_key(keys, b))
            assert (ours[0] < ours[1]) == (plain[0] < plain[1])
            assert (ours[0] == ours[1]) == (plain[0] == plain[1])
            assert ties(keys, a, b) == _plain_ties(keys, a, b)


def test_a_whole_fraction_and_its_int_tie() -> None:
    """Fraction(3) and 3 are one value: tied, one shared rank, no separating key."""
    keys = [OrderKey(key="k")]
    ranked = rank({"a": (Fraction(3),), "b": (3,), "c": (Fraction(5, 2),)}, keys)
    assert [(r.candidate, r.rank, r.decided_by) for r in ranked] == [
        ("a", 1, None),
        ("b", 1, 0),
        ("c", 3, None),
    ]
