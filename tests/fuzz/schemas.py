"""Documents drawn from the committed JSON Schemas with hypothesis-jsonschema.

hypothesis-jsonschema reads drafts 4, 6 and 7; the committed schemas are draft 2020-12. What
the two differ in, and how it is handled here (:func:`draft7`):

- ``$id`` is a URN (``urn:asn-competency:schema:...``): hypothesis-jsonschema's resolver
  takes the ``#/$defs/...`` references as relative to that URN and refuses to fetch it, so
  the ``$id`` (and ``$schema``) are dropped; every reference is local to the file.
- ``$defs`` needs nothing: a reference is a JSON pointer, whatever the folder's name.
- ``prefixItems`` (a pair such as ``[low, high]``) is draft 7's array form of ``items`` with
  ``additionalItems: false``: the same constraint.
- ``discriminator`` (an OpenAPI annotation) constrains nothing and is ignored by both.

The draws are bounded (:func:`bounded`): at most :data:`MAX_ITEMS` items in an array and
:data:`MAX_PROPERTIES` keys in an open mapping, because hypothesis-jsonschema builds its
strategies anew for every element and a large document costs it about a second; a document's
size is not what the schema fuzz is for (the mutations draw huge and deep documents).

hypothesis-jsonschema 0.23.1 (the latest release) draws mappings with ``cu.many(...).more()``,
a Hypothesis internal that later Hypothesis releases replaced by an iterator (6.155 has it,
6.170 no longer does: every mapping schema then fails with ``AttributeError: 'many' object has
no attribute 'more'``). :func:`_restore_many_more` gives hypothesis-jsonschema's module the
old call on top of the new iterator, only when the installed pair needs it.
"""

from __future__ import annotations

import importlib.metadata
import json
import types
from functools import cache
from pathlib import Path
from typing import Any

import hypothesis_jsonschema._from_schema as _hjs
from hypothesis import strategies as st
from hypothesis.internal.conjecture import utils as cu
from hypothesis_jsonschema import from_schema

__all__ = ["MAX_ITEMS", "MAX_PROPERTIES", "bounded", "documents", "draft7"]

#: The most items an array, and keys an open mapping, of a drawn document has.
MAX_ITEMS = 3
MAX_PROPERTIES = 3

_DONE = object()

#: Keywords whose value is data, not a schema.
_DATA = frozenset({"const", "default", "enum", "examples"})


class _ManyWithMore:
    """Hypothesis's ``many`` with the ``more()``/``reject()`` calls of its older releases,
    driven by the iterator the newer ones have."""

    def __init__(self, data: Any, **sizes: Any) -> None:
        self._many = cu.many(data, **sizes)
        self._many.__enter__()
        self._elements = iter(self._many)

    def more(self) -> bool:
        """Whether to draw one more element (closing the collection when not)."""
        if next(self._elements, _DONE) is _DONE:
            self._many.__exit__(None, None, None)
            return False
        return True

    def reject(self, why: str | None = None) -> None:
        """The element just drawn does not count."""
        self._many.reject(why)


def _restore_many_more() -> None:
    """Give hypothesis-jsonschema (0.23.1 and older) the ``many().more()`` it calls, when the
    installed Hypothesis no longer has it; nothing global in Hypothesis changes."""
    version = tuple(int(p) for p in importlib.metadata.version("hypothesis-jsonschema").split("."))
    if version <= (0, 23, 1) and not hasattr(cu.many, "more"):
        _hjs.cu = types.SimpleNamespace(many=_ManyWithMore)  # type: ignore[attr-defined,assignment]


_restore_many_more()


def draft7(schema: Any) -> Any:
    """The 2020-12 schema as the draft 7 schema with the same constraints (module docstring)."""
    if isinstance(schema, list):
        return [draft7(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: draft7(value) for key, value in schema.items() if key not in ("$id", "$schema")}
    if "prefixItems" in out:
        out["items"] = out.pop("prefixItems")
        out["additionalItems"] = False
    return out


def bounded(schema: Any) -> Any:
    """The schema with arrays and open mappings capped in size (never below their minimum)."""
    if isinstance(schema, list):
        return [bounded(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {
        key: (
            {name: bounded(sub) for name, sub in value.items()}
            if key in ("properties", "$defs")
            else value
            if key in _DATA
            else bounded(value)
        )
        for key, value in schema.items()
    }
    if out.get("type") == "array":
        cap = max(MAX_ITEMS, out.get("minItems", 0))
        out["maxItems"] = min(out.get("maxItems", cap), cap)
    if out.get("type") == "object":
        floor = max(len(out.get("required", ())), out.get("minProperties", 0))
        cap = floor + MAX_PROPERTIES
        out["maxProperties"] = min(out.get("maxProperties", cap), cap)
    return out


@cache
def documents(schema_file: Path) -> st.SearchStrategy[Any]:
    """Documents valid against the committed schema file, as JSON data, bounded in size."""
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    return from_schema(bounded(draft7(schema)))
