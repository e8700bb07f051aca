"""Comparisons of columns: numbers exactly, dates by day, codes as codes, lists as the
reference compares them (row by row when no vectorised form applies)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from asn_competency.expressions.columnar import numbers
from asn_competency.expressions.columnar.integers import Mask
from asn_competency.expressions.columnar.values import (
    BooleanColumn,
    CodeColumn,
    Column,
    DateColumn,
    ListColumn,
    ListLiteralColumn,
    NumberColumn,
)
from asn_competency.expressions.evaluate import UNKNOWN, Value

__all__ = ["CODE_OPS", "LISTS", "codes_in_lists", "order", "python_compare", "relate"]

#: Comparisons that read codes as codes (the others order codes of a scale by level); the
#: reference's ``CODE_OPS``.
CODE_OPS = frozenset({"==", "!=", "in", "not in"})


def python_compare(op: str, a: Value, b: Value) -> bool:
    """One comparison of known values, as the reference's ``_compare`` (lists, codes)."""
    if op in ("in", "not in"):
        found = isinstance(b, list) and a in b
        return found if op == "in" else isinstance(b, list) and not found
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    raise TypeError(f"{op!r} does not order lists")


def relate(op: str, a: Column, b: Column) -> Mask:
    """``a op b`` for every row, both of one scalar kind (numbers, dates, booleans, codes
    read as codes); ``op`` one of ``== != < <= > >=``."""
    if isinstance(a, NumberColumn) and isinstance(b, NumberColumn):
        return numbers.compare(op, a, b)
    if isinstance(a, DateColumn) and isinstance(b, DateColumn):
        return order(op, a.ordinal, b.ordinal)
    if op in ("==", "!="):
        if isinstance(a, BooleanColumn) and isinstance(b, BooleanColumn):
            return order(op, a.truth, b.truth)
        if isinstance(a, CodeColumn) and isinstance(b, CodeColumn):
            vocabulary = tuple(dict.fromkeys(a.vocabulary + b.vocabulary))
            return order(op, a.recoded(vocabulary), b.recoded(vocabulary))
    raise TypeError(f"cannot apply {op!r} to {type(a).__name__} and {type(b).__name__}")


def order(op: str, x: NDArray[Any], y: NDArray[Any]) -> Mask:
    if op == "==":
        return np.asarray(x == y, dtype=np.bool_)
    if op == "!=":
        return np.asarray(x != y, dtype=np.bool_)
    if op == "<":
        return np.asarray(x < y, dtype=np.bool_)
    if op == "<=":
        return np.asarray(x <= y, dtype=np.bool_)
    if op == ">":
        return np.asarray(x > y, dtype=np.bool_)
    return np.asarray(x >= y, dtype=np.bool_)


LISTS = (ListColumn, ListLiteralColumn)


def codes_in_lists(codes: CodeColumn, lists: ListColumn) -> Mask | None:
    """Whether each row's code is an item of its row's list (``None`` when a list holds
    anything but strings and unknown items: the row-by-row path decides then)."""
    owners, items = lists.flat
    strings: list[str] = []
    for item in items:
        if isinstance(item, str):
            strings.append(item)
        elif item is not UNKNOWN:
            return None
    vocabulary = tuple(dict.fromkeys([*codes.vocabulary, *strings]))
    position = {code: i for i, code in enumerate(vocabulary)}
    item_codes = np.fromiter(
        (position[item] if isinstance(item, str) else -1 for item in items),
        dtype=np.int64,
        count=len(items),
    )
    hits = codes.recoded(vocabulary)[owners] == item_codes
    return np.bincount(owners[hits], minlength=codes.size) > 0
