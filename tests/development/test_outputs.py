"""A development review's outputs: hash-chained records that verify, and fail to when
changed; byte-identical whatever the row order; CSV cells safe in a spreadsheet; an HTML
summary with every text escaped."""

from __future__ import annotations

import itertools
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import asn_competency as asn
import asn_competency.development as asn_development
from asn_competency.development import read_assessments, read_performance
from asn_competency.development.outputs import (
    RECORD_FORMAT,
    cohort_csv,
    develop,
    ledger_text,
    plans_csv,
    records,
    summary_html,
    talent_csv,
    verify_records,
)
from tests.conftest import FIXTURES, RUBRICS

POLICY = asn.load_development_policy(RUBRICS / "pengembangan-gayungan-2026.yaml")
STANDARD = asn.load_standard(RUBRICS / "skj-gayungan-pelayanan-publik.yaml")
CATALOGUE = asn.load_training_catalog(RUBRICS / "katalog-pelatihan-gayungan.yaml")
ASSESSMENTS = read_assessments(FIXTURES / "development" / "assessments.csv", STANDARD)
PERFORMANCE = read_performance(FIXTURES / "development" / "performance.csv")
REVIEW = develop(POLICY, STANDARD, CATALOGUE, ASSESSMENTS, PERFORMANCE)


def _lines() -> list[str]:
    return ledger_text(REVIEW).splitlines(keepends=True)


def test_one_record_per_person_then_the_cohort_chained() -> None:
    """Five people sorted by id, then the cohort; seq from 1, the first prev_hash 64 zeros,
    each prev_hash the hash before; every record names the documents by id and hash."""
    found = list(records(REVIEW))
    assert [r["employee_id"] for r in found] == [
        "GAY-001",
        "GAY-002",
        "GAY-003",
        "GAY-004",
        "GAY-005",
        None,
    ]
    assert [r["record"] for r in found][-2:] == ["person", "cohort"]
    assert [r["seq"] for r in found] == [1, 2, 3, 4, 5, 6]
    assert found[0]["prev_hash"] == "0" * 64
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(found))
    assert {r["record_format"] for r in found} == {RECORD_FORMAT}
    assert found[0]["policy"] == {"id": POLICY.id, "hash": asn.document_hash(POLICY)}
    assert found[4]["talent"]["box"] == 1
    assert found[2]["jpm"] == "700/9"


def test_an_untouched_ledger_verifies() -> None:
    """The ledger as written verifies against the review recomputed from the inputs."""
    assert verify_records(_lines(), REVIEW) == []


def test_a_changed_record_is_found() -> None:
    """A level edited in GAY-003's record (its hash left as it was): audit.chain and
    audit.mismatch at line 3."""
    lines = _lines()
    record = json.loads(lines[2])
    record["gaps"][1]["level"] = 2
    lines[2] = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    assert [(p.code, p.line) for p in verify_records(lines, REVIEW)] == [
        ("audit.chain", 3),
        ("audit.mismatch", 3),
    ]


def test_a_removed_record_or_another_spelling_is_found() -> None:
    """Record 2 removed: the chain breaks at the record that followed it, every record after
    it differs from the one expected at its place, and one is missing at the end; a record
    spelled with spaces (its content intact): audit.record only."""
    lines = _lines()
    found = [(p.code, p.line) for p in verify_records(lines[:1] + lines[2:], REVIEW)]
    assert found == [
        ("audit.chain", 2),
        ("audit.mismatch", 2),
        ("audit.mismatch", 3),
        ("audit.mismatch", 4),
        ("audit.mismatch", 5),
        ("audit.mismatch", 6),
    ]
    spaced = lines[:]
    spaced[0] = json.dumps(json.loads(lines[0]), sort_keys=True) + "\n"
    assert [(p.code, p.line) for p in verify_records(spaced, REVIEW)] == [("audit.record", 1)]


@settings(max_examples=10)
@given(st.randoms())
def test_outputs_are_byte_identical_whatever_the_row_order(rng: random.Random) -> None:
    """The assessments in another row order give the same ledger, tables and page."""
    rows = [
        {
            "employee_id": a.employee_id,
            "competency": a.competency,
            "level": str(a.level),
            "date": a.date.isoformat(),
            "source": a.source,
            "assessor": a.assessor,
        }
        for a in ASSESSMENTS.assessments
    ]
    rng.shuffle(rows)
    other = develop(POLICY, STANDARD, CATALOGUE, read_assessments(rows, STANDARD), PERFORMANCE)
    assert ledger_text(other) == ledger_text(REVIEW)
    assert plans_csv(other) == plans_csv(REVIEW)
    assert summary_html(other) == summary_html(REVIEW)


def test_tables_as_csv() -> None:
    """plans.csv has one row per programme; cohort.csv one per competency (13); talent.csv
    one per person, JPM exact (850/9)."""
    plans = plans_csv(REVIEW).splitlines()
    assert plans[0] == (
        "employee_id,status,plan_hours,plan_cost,min_jp,programme,hours,cost,reason"
    )
    assert plans[1] == "GAY-001,complete,20,0,20,literasi-digital-dasar,12,0,plan.closes-gap"
    assert len(cohort_csv(REVIEW).splitlines()) == 1 + 13
    assert talent_csv(REVIEW).splitlines()[1] == (
        "GAY-001,9,above-high,above,high,sangat_baik,2025,850/9,talent.placed"
    )


def _hostile_review() -> object:
    rows = [
        {
            "employee_id": '=HYPERLINK("x")<script>',
            "competency": r.competency,
            "level": str(r.level),
            "date": "2025-11-20",
            "source": "seleksi",
            "assessor": "panel",
        }
        for r in STANDARD.requirements
    ]
    return develop(POLICY, STANDARD, CATALOGUE, read_assessments(rows, STANDARD))


def test_a_hostile_id_is_harmless_in_csv_and_html() -> None:
    """An employee id that is a formula and a tag: the CSV cell starts with an apostrophe,
    the page shows it escaped and holds no script."""
    review = _hostile_review()
    assert plans_csv(review).splitlines()[1].startswith("\"'=HYPERLINK(")  # type: ignore[arg-type]
    page = summary_html(review)  # type: ignore[arg-type]
    assert "<script" not in page
    assert "&lt;script&gt;" in page


def test_the_page_shows_the_heatmap_and_the_nine_box() -> None:
    """The page has the four sections, every person in the heatmap, and the nine-box grid
    numbered as the policy says (box 9 holds GAY-001 and GAY-004)."""
    page = summary_html(REVIEW)
    for heading in ("Competency gaps", "Nine-box", "Development plans", "Cohort needs"):
        assert heading in page
    for person in ("GAY-001", "GAY-002", "GAY-003", "GAY-004", "GAY-005"):
        assert f"<th>{person}</th>" in page
    assert '<span class="box-number">9</span><br>GAY-001<br>GAY-004</td>' in page
    assert "http" not in page.replace("http-equiv", "")  # nothing fetched from elsewhere


def test_a_review_without_an_as_of_date_is_param_no_value() -> None:
    """A policy that declares no as_of, and no as_of passed: develop() and gaps() refuse with
    PolicyError param.no-value, as run() does for a selection; the problem has no location and
    renders without a made-up one."""
    undated = POLICY.model_copy(update={"as_of": None})
    for call in (
        lambda: develop(undated, STANDARD, CATALOGUE, ASSESSMENTS),
        lambda: asn_development.gaps(ASSESSMENTS, STANDARD, undated),
    ):
        with pytest.raises(asn.PolicyError) as caught:
            call()
        (problem,) = caught.value.problems
        assert (problem.code, problem.file, problem.line) == ("param.no-value", None, None)
        assert problem.render().startswith(
            "param.no-value no as-of date: pass one, or declare 'as_of' in the policy"
        )
    assert develop(undated, STANDARD, CATALOGUE, ASSESSMENTS, as_of=POLICY.as_of).as_of == (
        POLICY.as_of
    )
