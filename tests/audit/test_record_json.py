"""The ledger's encoder: orjson writes the canonical JSON the standard encoder writes, byte for
byte, for every value a record can hold (so the choice of encoder never changes a hash)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from asn_competency.audit.ledger import record_json
from asn_competency.files import canonical_json

#: Text as records hold it: any Unicode scalar value (no lone surrogates: input is decoded
#: UTF-8), control characters, quotes, backslashes, line separators and non-BMP characters.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=25,
)


def standard(value: Any) -> bytes:
    """The standard library's canonical spelling."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


@given(st.dictionaries(TEXT, JSON_VALUES, max_size=6))
def test_record_json_is_the_standard_canonical_spelling(record: dict[str, Any]) -> None:
    """For any record of plain JSON values (keys of any text, integers beyond 64 bits
    included, which take the standard path), the fast encoder writes exactly the standard
    encoder's bytes."""
    assert record_json(record) == standard(record)


@given(st.dictionaries(TEXT, JSON_VALUES, max_size=6))
def test_record_json_is_the_project_canonical_json(record: dict[str, Any]) -> None:
    """... and exactly the project's canonical JSON (files/canonical.py), which content
    hashes use."""
    assert record_json(record) == canonical_json(record)
