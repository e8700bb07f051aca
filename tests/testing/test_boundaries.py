"""The thresholds read from a policy's compiled rules (asn_competency.testing.boundaries): the
quantity and bound of a clause whatever side it is written on, the values a step either side
by the field's declared type, and the three-valued logic of a compound rule."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import asn_competency as asn
from asn_competency.model import SelectionPolicy
from asn_competency.pipeline.engine import compile_plan
from asn_competency.testing.boundaries import boundaries, kleene, points

POLICY = """
kind: selection-policy
schema_version: 1
id: batas-uji
name: {id: Batas uji}
as_of: "2025-03-01"
references: [{id: r, title: Sumber}]
parameters:
  ipk_min:
    description: {id: IPK minimal}
    type: decimal
    values: {"2024-01-01": {value: 2.75, reference: r}}
candidate_fields:
  candidate_id: {type: string}
  formation_id: {type: string}
  birth_date: {type: date}
  gpa: {type: decimal, minimum: 0, maximum: 4, places: 2}
  lulus: {type: date}
  tes: {type: integer, minimum: 0, maximum: 100, required: false}
tracks: [{id: umum, name: {id: Umum}}]
stages:
  - kind: eligibility
    id: berkas
    name: {id: Berkas}
    rules:
      - {id: ipk, rule: ipk_min <= gpa, reason: {id: IPK kurang}}
      - {id: lulus, rule: 'lulus < date("2025-01-01") or gpa > 3.5', reason: {id: Lulus}}
      - {id: usia, rule: '30 - 1 >= age_on(birth_date, as_of)', reason: {id: Usia}}
  - kind: test
    id: tes
    name: {id: Tes}
    components: [{id: tes, field: tes, maximum: 100, pass_minimum: 60.5}]
"""


def _policy() -> SelectionPolicy:
    return asn.load_text(POLICY, kind=asn.SelectionPolicy)


def test_a_bound_written_on_either_side_is_read_with_the_quantity_on_the_left() -> None:
    """`ipk_min <= gpa` is gpa >= 2.75; `30 - 1 >= age_on(...)` is the age <= 29; a date
    literal is a bound of a date field; a pass minimum is its component's clause."""
    found = {(b.rule, b.clause): b for b in boundaries(_policy(), dt.date(2025, 3, 1))}
    gpa = found[("ipk", 0)]
    assert (gpa.op, gpa.threshold) == (">=", Fraction(11, 4))
    age = found[("usia", 0)]
    assert (age.op, age.threshold) == ("<=", Fraction(29))
    assert age.quantity is not None
    assert age.quantity.kind == "age"
    day = found[("lulus", 0)]
    assert day.quantity is not None
    assert day.quantity.kind == "date"
    assert (day.op, day.shown) == ("<", "2025-01-01")
    assert found[("lulus", 1)].threshold == Fraction(7, 2)
    assert found[("minimums", 0)].threshold == Fraction(121, 2)


def test_the_values_tried_step_by_the_fields_declared_type() -> None:
    """A decimal of 2 places steps by 0.01; a date by a day; a bound between two whole
    numbers (60.5 on an integer) has no value exactly at it, only 60 and 61; an age is tried
    on the day of the birthday, the day before it, the last day of the age and the day
    after."""
    when = dt.date(2025, 3, 1)
    found = {(b.rule, b.clause): b for b in boundaries(_policy(), when)}
    cells = {rule: [(p.case, p.cell) for p in points(found[rule], when)] for rule in found}
    assert cells[("ipk", 0)] == [("at", "2.75"), ("below", "2.74"), ("above", "2.76")]
    assert cells[("lulus", 0)] == [
        ("at", "2025-01-01"),
        ("below", "2024-12-31"),
        ("above", "2025-01-02"),
    ]
    assert cells[("minimums", 0)] == [("below", "60"), ("above", "61")]
    assert cells[("usia", 0)] == [
        ("at", "1996-03-01"),  # 29 on 2025-03-01, the birthday
        ("below", "1996-03-02"),  # 28: the birthday is tomorrow
        ("at", "1995-03-02"),  # 29, 30 tomorrow
        ("above", "1995-03-01"),  # 30 today
    ]


def test_a_compound_rule_combines_its_clauses_as_the_rule_language_does() -> None:
    """Three-valued: true wins an `or` over unknown, false over unknown is unknown."""
    rule = compile_plan(_policy()).rules[("berkas", "rules", 1, "rule")]
    assert kleene(rule, {0: False, 1: True}) is True
    assert kleene(rule, {0: True, 1: None}) is True
    assert kleene(rule, {0: False, 1: None}) is None
    assert kleene(rule, {0: False, 1: False}) is False
