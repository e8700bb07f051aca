"""Numbers are bounded where they are read: at most 40 digits before and after the point.

``1e999999999`` is eleven characters and a billion digits: a rule comparing with it hung
``run``, and a YAML value like it made ``hash`` and ``run`` die of memory after ``validate``
had said the file was valid. Such numbers are refused at load, with ``number.too-large``
and the place they are written.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import asn_competency as asn
from asn_competency.errors import PolicyError
from asn_competency.expressions.syntax import Compare, Const, Span, parse
from asn_competency.files import read_yaml_text
from asn_competency.files.numbers import MAX_DIGITS, number_problem
from asn_competency.files.tables import read_table_text
from tests.conftest import RUBRICS

RULE = "rule: education_level == formation.education_level"


@pytest.mark.parametrize(
    "text",
    [
        "1e99999999999",
        "1e41",
        "-1E+40",
        "0.1e-40",
        "1" * 41,
        "1" * 5000,
        "0." + "0" * 40 + "1",
    ],
)
def test_yaml_numbers_beyond_the_bounds_are_refused(text: str) -> None:
    """A YAML number with more than 40 digits before or after its point is number.too-large
    at the value, whatever its spelling."""
    with pytest.raises(PolicyError) as caught:
        read_yaml_text(f"kind: x\nmaximum: {text}\n", file="p.yaml")
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.column) == ("number.too-large", 2, 10)
    assert problem.json_path == "$.maximum"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9" * 40, int("9" * 40)),
        ("1e39", Decimal("1e39")),
        ("0." + "0" * 39 + "1", Decimal("1e-40")),
        ("000000000000000000000000000000000000000000042", 42),
        ("0x" + "f" * 32, 2**128 - 1),
    ],
)
def test_yaml_numbers_within_the_bounds_are_read(text: str, value: object) -> None:
    """Up to 40 digits before and after the point (leading zeros aside) read as before."""
    assert read_yaml_text(f"kind: x\nmaximum: {text}\n").data["maximum"] == value


def test_a_huge_hexadecimal_integer_is_refused() -> None:
    """A hexadecimal integer of 200 digits (more than 40 decimal digits) is number.too-large."""
    with pytest.raises(PolicyError) as caught:
        read_yaml_text("kind: x\nquota: 0x" + "f" * 200 + "\n")
    assert caught.value.codes == ["number.too-large"]


@pytest.mark.parametrize("literal", ["1e999999999", "1" * 41, "0." + "0" * 41 + "5"])
def test_rule_literals_beyond_the_bounds_are_refused(literal: str) -> None:
    """A rule literal with more than 40 digits before or after its point is number.too-large,
    at its character in the rule."""
    with pytest.raises(PolicyError) as caught:
        parse(f"tkp > {literal}")
    (problem,) = caught.value.problems
    assert (problem.code, problem.offset) == ("number.too-large", 6)


def test_rule_literals_within_the_bounds_are_read() -> None:
    """A literal of 40 digits, or with an exponent inside the bounds, parses exactly."""
    cases: list[tuple[str, int | Decimal]] = [("1e3", Decimal("1e3")), ("9" * 40, int("9" * 40))]
    for text, value in cases:
        node = parse(f"tkp > {text}")
        assert isinstance(node, Compare)
        assert node.comparators[0] == Const(value, text, Span(6, 6 + len(text)))


def test_a_policy_rule_with_a_huge_literal_is_refused_at_its_character(tmp_path: Path) -> None:
    """`validate` of a policy whose rule compares with 1e999999999 reports number.too-large
    at the literal's line and column, instead of passing and then hanging `run`."""
    text = (RUBRICS / "cpns-2024.yaml").read_text(encoding="utf-8")
    assert RULE in text
    path = tmp_path / "cpns.yaml"
    path.write_text(text.replace(RULE, f"{RULE} and 1 < 1e999999999", 1), encoding="utf-8")
    (problem,) = asn.validate(path)
    line = text[: text.index(RULE)].count("\n") + 1
    column = text.splitlines()[line - 1].index(RULE) + len(RULE) + len(" and 1 < ") + 1
    assert (problem.code, problem.line, problem.column) == ("number.too-large", line, column)


def test_a_policy_value_with_a_huge_exponent_is_refused(tmp_path: Path) -> None:
    """A policy value 1e99999999999 is refused by `validate` (it passed, and `hash` then died
    of memory)."""
    text = (RUBRICS / "cpns-2024.yaml").read_text(encoding="utf-8")
    path = tmp_path / "cpns.yaml"
    path.write_text(text.replace("maximum: 175", "maximum: 1e99999999999", 1), encoding="utf-8")
    assert "1e99999999999" in path.read_text(encoding="utf-8")
    assert [p.code for p in asn.validate(path)] == ["number.too-large"]


def test_jsonl_numbers_beyond_the_bounds_make_the_row_invalid() -> None:
    """A JSON Lines number like 1e999999999 makes its row input.syntax, saying why; the other
    rows are read."""
    table = read_table_text(
        '{"id": "A1", "tkp": 1e999999999}\n{"id": "A2", "tkp": 166}\n'
        '{"id": "A3", "tkp": ' + "1" * 50 + "}\n",
        format="jsonl",
    )
    assert [row.error.code if row.error else None for row in table.rows] == [
        "input.syntax",
        None,
        "input.syntax",
    ]
    assert "digits" in table.rows[0].error.message  # type: ignore[union-attr]


def test_the_bound_is_forty_digits() -> None:
    """The documented bound: 40 digits before the point and 40 after."""
    assert MAX_DIGITS == 40
    assert number_problem(Decimal("1e39")) is None
    assert number_problem(Decimal("1e40")) is not None
    assert number_problem(Decimal("1e-40")) is None
    assert number_problem(Decimal("1e-41")) is not None
