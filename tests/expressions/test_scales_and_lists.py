"""Ordered codes (enums with levels), list fields and given(): declared, read and evaluated."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.errors import PolicyError
from asn_competency.expressions import UNKNOWN, Env, Scope, compile_rule, evaluate
from asn_competency.expressions.types import RuleType, field_type
from asn_competency.files.tables import read_table_text
from asn_competency.model import EnumField, ListField, ListItems, SelectionPolicy
from asn_competency.pipeline.inputs import read_candidates, read_formations

#: Education levels on the KKNI scale (docs/domain.md, "Education levels (KKNI)"): D4 and
#: S1 share level 6 but are different qualifications.
KKNI = {"SMA": 2, "D3": 5, "D4": 6, "S1": 6, "S2": 8, "S3": 9}
EDUCATION = EnumField(type="enum", values=list(KKNI), levels=KKNI)
PLAIN = EnumField(type="enum", values=list(KKNI))
QUALIFICATIONS = ListField(type="list", items=ListItems(type="string"))
SCOPE = Scope(
    fields={
        "education_level": field_type(EDUCATION),
        "plain_level": field_type(PLAIN),
        "qualification": RuleType("string"),
    },
    formation={
        "education_level": field_type(EDUCATION),
        "qualifications": field_type(QUALIFICATIONS),
    },
)
AT_LEAST = (
    "education_level == formation.education_level or education_level > formation.education_level"
)


def csv(text: str) -> Any:
    """A CSV table from text, as the readers take it."""
    return read_table_text(text, file="table.csv", format="csv")


def value(rule: str, candidate: dict[str, Any], formation: dict[str, Any] | None = None) -> Any:
    return evaluate(compile_rule(rule, SCOPE), Env(candidate, formation or {})).value


def refused(rule: str) -> list[str]:
    with pytest.raises(PolicyError) as info:
        compile_rule(rule, SCOPE)
    return [p.code for p in info.value.problems]


@pytest.mark.parametrize(
    ("candidate", "formation", "eligible"),
    [
        ("D3", "D3", True),
        ("S2", "D3", True),
        ("SMA", "D3", False),
        ("D4", "S1", False),  # same level, another qualification
        ("S1", "D4", False),
        ("S1", "S1", True),
        ("S2", "S1", True),
        ("S3", "S2", True),
    ],
)
def test_at_least_the_formations_level_keeps_d4_and_s1_apart(
    candidate: str, formation: str, eligible: bool
) -> None:
    """'The formation's level or a higher one' accepts higher levels but not D4 for S1."""
    assert (
        value(AT_LEAST, {"education_level": candidate}, {"education_level": formation}) is eligible
    )


def test_ordering_compares_levels_and_equality_compares_codes() -> None:
    """>= on a scale reads levels (D4 reaches S1's level); == reads codes (D4 is not S1)."""
    assert value('education_level >= "S1"', {"education_level": "D4"}) is True
    assert value('education_level == "S1"', {"education_level": "D4"}) is False
    assert value('education_level < "D3"', {"education_level": "SMA"}) is True


@given(st.sampled_from(list(KKNI)), st.sampled_from(list(KKNI)))
def test_level_order_agrees_with_the_declared_levels(a: str, b: str) -> None:
    """For any two codes, < and >= say what their declared levels say."""
    formation = {"education_level": b}
    assert value(
        "education_level < formation.education_level", {"education_level": a}, formation
    ) is (KKNI[a] < KKNI[b])
    assert value(
        "education_level >= formation.education_level", {"education_level": a}, formation
    ) is (KKNI[a] >= KKNI[b])


def test_ordering_codes_without_levels_is_refused_at_load() -> None:
    """Codes without declared levels have no order: '<' on them is a type error."""
    assert refused('plain_level < "S1"') == ["expr.type"]
    assert refused('qualification > "x"') == ["expr.type"]
    assert refused('education_level > "S5"') == ["expr.type"]  # not one of its codes


def test_membership_in_a_list_field() -> None:
    """'x in formation.qualifications' reads the formation's list; missing makes it unknown."""
    formation = {"qualifications": ["S-1 Ilmu Hukum", "S-1 Hukum"]}
    rule = "qualification in formation.qualifications"
    assert value(rule, {"qualification": "S-1 Hukum"}, formation) is True
    assert value(rule, {"qualification": "S-1 Teknik"}, formation) is False
    assert value(rule, {"qualification": "S-1 Hukum"}, {}) is UNKNOWN


def test_given_is_never_unknown() -> None:
    """given() answers true or false, so a rule can say what a missing value means."""
    rule = "not given(formation.qualifications) or qualification in formation.qualifications"
    assert value(rule, {}, {}) is True
    assert value(rule, {"qualification": "S-1 Teknik"}, {"qualifications": ["S-1 Hukum"]}) is False
    evaluation = evaluate(compile_rule("given(qualification)", SCOPE), Env({}, {}))
    assert evaluation.value is False
    assert evaluation.missing == ()


def test_given_takes_a_name() -> None:
    """given() of an expression is refused: it asks whether one input is present."""
    assert refused("given(qualification == 'x')") == ["expr.arguments"]


def test_in_needs_a_list() -> None:
    """'in' with a text on its right is a type error, not a substring test."""
    assert refused("qualification in qualification") == ["expr.type"]


POLICY = """
kind: selection-policy
schema_version: 1
id: uji-kualifikasi
name: {id: Seleksi uji}
references:
  - {id: permenpanrb-6-2024, title: Peraturan Menteri PANRB Nomor 6 Tahun 2024}
candidate_fields:
  candidate_id: {type: string}
  formation_id: {type: string}
  education_level:
    type: enum
    values: [SMA, D3, D4, S1, S2, S3]
    levels: {SMA: 2, D3: 5, D4: 6, S1: 6, S2: 8, S3: 9}
  qualification: {type: string, required: false}
formation_fields:
  education_level:
    type: enum
    values: [SMA, D3, D4, S1, S2, S3]
    levels: {SMA: 2, D3: 5, D4: 6, S1: 6, S2: 8, S3: 9}
    required: false
  qualifications: {type: list, items: {type: string}, required: false}
tracks:
  - {id: umum, name: {id: Umum}}
stages:
  - kind: eligibility
    id: administrasi
    name: {id: Seleksi administrasi}
    rules:
      - id: pendidikan
        rule: >-
          (education_level == formation.education_level
           or education_level > formation.education_level)
          and (not given(formation.qualifications)
               or qualification in formation.qualifications)
        reason: {id: Kualifikasi pendidikan tidak sesuai}
"""


def _policy(text: str = POLICY) -> SelectionPolicy:
    """A policy with a typed education column and a list of qualifications."""
    policy = asn.load_text(text, file="policy.yaml")
    assert isinstance(policy, SelectionPolicy)
    return policy


def test_formation_tables_type_a_retyped_column_and_split_lists() -> None:
    """A CSV cell 'a; b' is a list of two; a re-declared education_level is checked as an enum."""
    table = read_formations(
        csv(
            "formation_id,quota,track,education_level,qualifications\n"
            "F1,1,umum,S1,S-1 Ilmu Hukum; S-1 Hukum ;\n"
            "F2,1,umum,S5,\n"
        ),
        _policy(),
    )
    assert [f.formation_id for f in table.formations] == ["F1"]
    assert table.formations[0].extra["qualifications"] == ["S-1 Ilmu Hukum", "S-1 Hukum"]
    [problem] = table.problems
    assert (problem.code, problem.line, problem.json_path) == (
        "input.range",
        3,
        "$.education_level",
    )


def test_jsonl_lists_are_read_as_lists() -> None:
    """In JSON Lines a list field is a JSON list of strings; anything else is input.type."""
    table = read_formations(
        [
            {"formation_id": "F1", "quota": 1, "track": "umum", "qualifications": ["S-1 Hukum"]},
            {"formation_id": "F2", "quota": 1, "track": "umum", "qualifications": [1]},
        ],
        _policy(),
    )
    assert table.formations[0].extra["qualifications"] == ["S-1 Hukum"]
    assert [p.code for p in table.problems] == ["input.type"]


def test_retyping_quota_is_refused() -> None:
    """Only the standard text columns may be re-declared; quota keeps its own type."""
    text = POLICY.replace("formation_fields:\n", "formation_fields:\n  quota: {type: integer}\n")
    with pytest.raises(PolicyError) as info:
        _policy(text)
    assert [p.code for p in info.value.problems] == ["ref.field-clash"]


def test_a_run_applies_the_scale_and_the_list() -> None:
    """End to end: the formation's list decides when given; old tables fall back to the level."""
    result = asn.run(
        _policy(),
        [
            {
                "candidate_id": "A",
                "formation_id": "F1",
                "education_level": "S1",
                "qualification": "S-1 Hukum",
            },
            {
                "candidate_id": "B",
                "formation_id": "F1",
                "education_level": "S2",
                "qualification": "S-2 Teknik",
            },
            {"candidate_id": "C", "formation_id": "F2", "education_level": "D4"},
            {"candidate_id": "D", "formation_id": "F2", "education_level": "S2"},
        ],
        formations=csv(
            "formation_id,quota,track,education_level,qualifications\n"
            "F1,1,umum,S1,S-1 Hukum;S-1 Ilmu Hukum\nF2,1,umum,S1,\n"
        ),
        as_of=__import__("datetime").date(2024, 9, 10),
    )
    assert {d.candidate_id: d.final_status for d in result} == {
        "A": "selected",
        "B": "ineligible",
        "C": "ineligible",
        "D": "selected",
    }


def test_candidates_still_read_without_the_new_columns() -> None:
    """A candidate table of the old shape is read with the new optional formation columns."""
    table = read_candidates(csv("candidate_id,formation_id,education_level\nA,F1,S1\n"), _policy())
    assert [r.problems for r in table.rows] == [()]
