"""Round trips and the canonical hash: meaning survives writing; spelling does not count."""

from __future__ import annotations

import copy
import random
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.files import canonical_json, read_yaml_text
from asn_competency.files.canonical import format_decimal
from asn_competency.files.emit import dump_yaml
from asn_competency.model.load import dump
from asn_competency.testing.strategies import policy_documents
from tests.strategies import frameworks, policy_skeletons, respell

POLICIES = st.one_of(policy_skeletons(), policy_documents())
DOCUMENTS = st.one_of(frameworks(), POLICIES)


@given(DOCUMENTS)
def test_model_yaml_model_round_trip(data: dict[str, Any]) -> None:
    """model → YAML (dump) → load gives an equal model with the same hash."""
    model = asn.load_text(dump_yaml(data))
    again = asn.load_text(dump(model))
    assert again == model
    assert asn.document_hash(again) == asn.document_hash(model)


@given(DOCUMENTS, st.randoms(use_true_random=False))
def test_hash_ignores_spelling(data: dict[str, Any], rng: random.Random) -> None:
    """Key order, indentation, quoting style, number spelling and comments leave the hash."""
    reference = asn.document_hash(asn.load_text(dump_yaml(data)))
    text = f"# a comment\n{respell(data, rng)}\n# another comment\n"
    assert asn.document_hash(asn.load_text(text)) == reference


@given(POLICIES, st.data())
def test_hash_changes_with_meaning(data: dict[str, Any], draw: st.DataObject) -> None:
    """Changing a threshold, a track or a text changes the hash."""
    before = asn.document_hash(asn.load_text(dump_yaml(data)))
    changed = copy.deepcopy(data)
    choice = draw.draw(st.sampled_from(["maximum", "track", "name"]))
    if choice == "maximum":
        changed["stages"][1]["components"][0]["maximum"] += 1
    elif choice == "track":
        changed["tracks"][0]["name"]["id"] += "x"
    else:
        changed["name"]["id"] += "x"
    assert asn.document_hash(asn.load_text(dump_yaml(changed))) != before


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_decimal_spellings_share_one_canonical_form(value: Decimal) -> None:
    """Equal decimals have one canonical spelling: no exponent, no trailing zeros."""
    spelled = format_decimal(value)
    assert Decimal(spelled) == value
    assert "E" not in spelled
    assert not ("." in spelled and spelled.endswith(("0", ".")))
    assert canonical_json(value) == canonical_json(
        Decimal(spelled + ("0" if "." in spelled else ".00"))
    )


def test_published_example_number_spelling() -> None:
    """`65` and `65.0` in a decimal field give the same hash (issue #2's example)."""
    base = """
kind: competency-framework
schema_version: 1
id: fw
name: {id: Kamus}
references: [{id: r, title: Sumber}]
competencies:
  - id: M.01
    group: manajerial
    name: {id: Integritas}
    definition: {id: Definisi}
    reference: r
    levels:
"""
    levels = "".join(
        f"      - {{level: {n}, description: {{id: d{n}}}, indicators: [{{id: i{n}}}]}}\n"
        for n in range(1, 6)
    )
    a = asn.load_text(base + levels)
    b = asn.load_text("# comment\n" + base.replace("{id: Kamus}", "{ id: 'Kamus' }") + levels)
    assert asn.document_hash(a) == asn.document_hash(b)
    assert read_yaml_text("x: 65.0\n").data["x"] == Decimal("65.0")
