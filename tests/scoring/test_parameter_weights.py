"""Weights and pass minimums taken from dated parameters are checked at load for every date
on which a value changes, and a changed policy (compare --change) is checked the same way."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import asn_competency as asn
from asn_competency.model.policy_change import PolicyChange
from tests.conftest import FIXTURES, RUBRICS

SKB_2024 = '      "2024-01-01": {value: 0.6, reference: permenpanrb-6-2024}\n'
SKD_2024 = '      "2024-01-01": {value: 0.4, reference: permenpanrb-6-2024}\n'


def cpns_copy(tmp_path: Path, after_skd: str = "", after_skb: str = "") -> Path:
    """The shipped rubrics copied, with dated values added to the CPNS weight parameters."""
    for path in RUBRICS.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    policy = tmp_path / "cpns-2024.yaml"
    text = policy.read_text("utf-8")
    skd_at = text.index(SKD_2024, text.index("  skd_weight:"))
    skb_at = text.index(SKB_2024, text.index("  skb_weight:"))
    assert skd_at < skb_at
    text = (
        text[: skd_at + len(SKD_2024)]
        + after_skd
        + text[skd_at + len(SKD_2024) : skb_at + len(SKB_2024)]
        + after_skb
        + text[skb_at + len(SKB_2024) :]
    )
    policy.write_text(text, "utf-8")
    return policy


def test_shipped_policies_have_weights_summing_to_one_on_every_date() -> None:
    """The shipped policies pass the per-date check."""
    for name in ("cpns-2024.yaml", "gayungan-2026.yaml", "pppk-2024.yaml"):
        assert asn.validate(RUBRICS / name) == [], name


def test_parameter_weights_not_summing_to_one_from_a_date_are_refused_at_load(
    tmp_path: Path,
) -> None:
    """An SKB weight of 0.5 from 2025 (SKD still 0.4) is weights.sum at load, naming the date
    and the sum, where validate used to say valid and every finalist went to review."""
    policy = cpns_copy(
        tmp_path, after_skb='      "2025-01-01": {value: 0.5, reference: permenpanrb-6-2024}\n'
    )
    problems = asn.validate(policy)
    assert [p.code for p in problems] == ["weights.sum"]
    assert "2025-01-01" in problems[0].message
    assert "0.9" in problems[0].message
    assert problems[0].line is not None


def test_every_combination_of_dates_is_checked(tmp_path: Path) -> None:
    """SKD 0.3 from 2025-01-01 and SKB 0.7 only from 2025-06-01: between the two dates the
    weights sum to 0.9, and that date alone is reported."""
    policy = cpns_copy(
        tmp_path,
        after_skd='      "2025-01-01": {value: 0.3, reference: permenpanrb-6-2024}\n',
        after_skb='      "2025-06-01": {value: 0.7, reference: permenpanrb-6-2024}\n',
    )
    problems = asn.validate(policy)
    assert [p.code for p in problems] == ["weights.sum"]
    assert "on 2025-01-01 sum to 0.9" in problems[0].message


def test_changed_weight_parameter_is_checked_in_compare_change() -> None:
    """A policy change giving SKB the weight 0.5 is refused (change.invalid quoting
    weights.sum), as a literal weights change already was."""
    cpns = asn.load_policy(RUBRICS / "cpns-2024.yaml")
    change = PolicyChange.model_validate(
        {
            "kind": "policy-change",
            "schema_version": 1,
            "id": "uji",
            "description": {"id": "Perubahan uji"},
            "policy": {"id": "cpns-2024", "path": "cpns-2024.yaml"},
            "parameters": {
                "skb_weight": {
                    "2024-01-01": {"value": Decimal("0.5"), "reference": "permenpanrb-6-2024"}
                }
            },
        }
    )
    problems = change.problems_against(cpns)
    assert [p.code for p in problems] == ["change.invalid"]
    assert "weights.sum" in problems[0].message


def test_literal_pass_minimum_above_the_maximum_is_refused(tmp_path: Path) -> None:
    """A pass minimum of 151 on a component whose maximum is 150 is stage.pass-minimum."""
    fixture = FIXTURES / "invalid" / "stage.pass-minimum.yaml"
    text = fixture.read_text("utf-8").replace(
        "pass_minimum: {parameter: skd_min_twk}", "pass_minimum: 151"
    )
    path = tmp_path / "policy.yaml"
    path.write_text(
        text.replace('      "2025-01-01": {value: 165, reference: permenpanrb-6-2024}\n', ""),
        "utf-8",
    )
    problems = asn.validate(path)
    assert [p.code for p in problems] == ["stage.pass-minimum"]
    assert "151" in problems[0].message
