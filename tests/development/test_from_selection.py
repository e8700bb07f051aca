"""From selection to development: the interview levels of those hired become their first
assessments, and the demo continues from the Gayungan selection to their plans."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import asn_competency as asn
from asn_competency.cli import main
from asn_competency.development import read_assessments
from asn_competency.development.from_selection import HIRED, interview_assessments
from tests.conftest import RUBRICS

STANDARD = asn.load_standard(RUBRICS / "skj-gayungan-pelayanan-publik.yaml")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, run once on 200 synthetic applicants."""
    out = tmp_path_factory.mktemp("demo") / "demo"
    assert main(["demo", "--out", str(out), "--applicants", "200"], out=io.StringIO()) == 0
    return out


def test_the_levels_of_those_hired_are_their_first_assessments(demo: Path) -> None:
    """Every hired candidate of the Gayungan run gets one row per competency of the standard:
    the level the interview aggregated (median of three raters, rounded), dated on the run's
    as-of date, source seleksi; nobody else gets a row."""
    ledger = demo / "gayungan-2026" / "output" / "decisions.jsonl"
    records = [json.loads(line) for line in ledger.read_text("utf-8").splitlines()]
    hired = {r["candidate_id"]: r for r in records if r["final_status"] in HIRED}
    assert hired
    rows = list(interview_assessments(ledger, STANDARD, stage="wawancara"))
    assert {r["employee_id"] for r in rows} == set(hired)
    assert len(rows) == len(hired) * len(STANDARD.requirements)
    for row in rows:
        record = hired[row["employee_id"]]
        (stage,) = [s for s in record["stages"] if s["stage_id"] == "wawancara"]
        assert row["level"] == stage["detail"]["aggregated"][row["competency"]]
        assert (row["date"], row["source"]) == (record["as_of"], "seleksi")
    assert read_assessments(rows, STANDARD).problems == ()


def test_the_demo_continues_to_a_verifiable_development_folder(demo: Path) -> None:
    """The demo writes the development of those hired at Gayungan: its assessments file holds
    the interview levels, its plans one or more rows per person, and verify recomputes every
    record from the policy and that file (exit 0)."""
    folder = demo / "gayungan-2026" / "development"
    with (folder / "input" / "assessments.csv").open(encoding="utf-8") as stream:
        people = {row["employee_id"] for row in csv.DictReader(stream)}
    with (folder / "output" / "plans.csv").open(encoding="utf-8") as stream:
        planned = {row["employee_id"] for row in csv.DictReader(stream)}
    assert people == planned
    printed = io.StringIO()
    code = main(
        [
            "verify",
            str(folder / "output"),
            "--policy",
            str(RUBRICS / "pengembangan-gayungan-2026.yaml"),
            "--assessments",
            str(folder / "input" / "assessments.csv"),
        ],
        out=printed,
    )
    assert code == 0, printed.getvalue()
