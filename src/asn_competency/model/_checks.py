"""Consistency checks shared by several document kinds: duplicate ids, cited references."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from asn_competency.errors import Path, Problem, did_you_mean

__all__ = ["duplicate_ids", "reference_problems", "unknown_references", "walk"]

T = TypeVar("T")


def duplicate_ids(
    items: Sequence[T],
    path: Path,
    what: str,
    key: Callable[[T], str] = lambda item: item.id,  # type: ignore[attr-defined]
    field: str = "id",
) -> list[Problem]:
    """One ``ref.duplicate-id`` problem for each item whose id an earlier item already has."""
    first: dict[str, int] = {}
    problems = []
    for index, item in enumerate(items):
        ident = key(item)
        if ident in first:
            problems.append(
                Problem(
                    "ref.duplicate-id",
                    f"{what} {ident!r} is declared twice (first at item {first[ident] + 1})",
                    path=(*path, index, field),
                    value=ident,
                    related=(f"item {first[ident] + 1}",),
                )
            )
        else:
            first[ident] = index
    return problems


def walk(value: Any, path: Path = ()) -> Iterator[tuple[Path, str, Any]]:
    """Every model field below ``value``: ``(path of the field, field name, field value)``."""
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            key = info.alias or name  # the name as the file spells it
            child = getattr(value, name)
            yield (*path, key), key, child
            yield from walk(child, (*path, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from walk(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            text = key.isoformat() if isinstance(key, dt.date) else str(key)
            yield from walk(item, (*path, text))


def unknown_references(document: BaseModel, declared: Iterable[str]) -> list[Problem]:
    """A ``ref.unknown-reference`` problem for every ``reference`` field citing no declared id."""
    known = sorted(set(declared))
    return [
        Problem(
            "ref.unknown-reference",
            f"reference {value!r} is not declared in 'references'"
            + (f" (declared: {', '.join(known)})" if known else " (none are declared)"),
            path=path,
            value=value,
            hint=did_you_mean(value, known),
        )
        for path, name, value in walk(document)
        if name == "reference" and isinstance(value, str) and value not in known
    ]


def reference_problems(document: BaseModel) -> list[Problem]:
    """The document's ``references`` list has unique ids, and every ``reference`` field
    elsewhere in the document cites one of them."""
    declared = getattr(document, "references", [])
    problems = duplicate_ids(declared, ("references",), "reference")
    return problems + unknown_references(document, (r.id for r in declared))
