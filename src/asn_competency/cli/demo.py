"""``asn-competency demo``: synthetic data for the shipped policies, run end to end."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import TextIO

from asn_competency._api import load
from asn_competency.audit.run_folder import LEDGER_FILE
from asn_competency.cli.develop import execute_develop
from asn_competency.cli.evaluate import execute_evaluate
from asn_competency.cli.run import execute
from asn_competency.development.from_selection import interview_assessments, write_assessments
from asn_competency.development.inputs import PERFORMANCE_COLUMNS
from asn_competency.files.csv_cells import csv_cell
from asn_competency.model import PositionStandard, SelectionPolicy
from asn_competency.testing.synth import synthesize, write_synth

__all__ = ["run_demo"]

#: The shipped policies the demo runs: file, as-of date (used when the policy declares none),
#: share of the applicants. CPNS 2024: the registration closing date after the extension,
#: 10 September 2024 (Surat Kepala BKN 5900/2024; docs/domain.md). Gayungan 2026: a date in
#: the illustrative cycle.
DEMO_RUNS = (
    ("gayungan-2026.yaml", dt.date(2026, 3, 31), 0.05),
    ("cpns-2024.yaml", dt.date(2024, 9, 10), 1.0),
)


def run_demo(folder: Path, out: Path, *, applicants: int, seed: int, stream: TextIO) -> int:
    """Generate data for each demo policy, run it, and say where the outputs are."""
    for name, default_as_of, share in DEMO_RUNS:
        policy = load(folder / name)
        if not isinstance(policy, SelectionPolicy):  # pragma: no cover - shipped files
            continue
        as_of = policy.as_of or default_as_of
        count = max(60, int(applicants * share))
        stream.write(f"\n== {policy.id}: {count} synthetic applicants, as of {as_of} ==\n")
        data = synthesize(policy, applicants=count, seed=seed, as_of=as_of)
        places = len({(f["agency"], f["location"]) for f in data.formations})
        stream.write(
            f"{len(data.formations)} formation(s) at {places} place(s); catalogue: "
            f"{data.catalogue}\n"
        )
        paths = write_synth(data, out / policy.id / "input")
        code = execute(
            folder / name,
            paths["candidates"],
            formations=paths["formations"],
            ratings=paths.get("ratings"),
            as_of=as_of,
            out=out / policy.id / "output",
            strict=False,
            stream=stream,
            force=True,  # the demo folder was checked (empty, or --force) before it began
        )
        if code != 0:
            return code
    code = _development(folder, out, stream)
    if code != 0:
        return code
    code = _a_year_later(folder, out, stream)
    if code != 0:
        return code
    code = _evaluation(folder, out, stream)
    if code != 0:
        return code
    stream.write(
        f"\nInputs and outputs are in {out}/: per policy, input/ (the synthetic tables) and "
        "output/ (results.csv, decisions.jsonl with every decision's reasons and numbers, "
        f"manifest.json); the development of those hired at Gayungan in {out}/"
        f"{DEVELOPMENT_DEMO[0]}/development/ (input/assessments.csv from the interview, "
        "output/ with plans.csv, cohort.csv, talent.csv, development.jsonl, summary.html, "
        f"manifest.json) and a year later, with their first SKP ratings, in {out}/"
        f"{DEVELOPMENT_DEMO[0]}/development-{A_YEAR_LATER.year}/ (the nine-box in talent.csv "
        "and summary.html); the evaluation of the Gayungan cycle in "
        f"{out}/{DEVELOPMENT_DEMO[0]}/evaluation/report.html (open it in a browser; the same "
        "numbers in report.json and report.*.csv).\n"
    )
    return 0


#: The demo's development review: the selection run it continues, the development policy,
#: the position standard and the rating stage whose levels are the first assessments.
DEVELOPMENT_DEMO = (
    "gayungan-2026",
    "pengembangan-gayungan-2026.yaml",
    "skj-gayungan-pelayanan-publik.yaml",
    "wawancara",
)


def _development(folder: Path, out: Path, stream: TextIO) -> int:
    """Continue from the Gayungan selection: the interview levels of those selected are
    their first assessments; their gaps, plans, cohort needs (no SKP yet: no nine-box)."""
    run_id, policy_name, standard_name, stage = DEVELOPMENT_DEMO
    standard = load(folder / standard_name)
    if not isinstance(standard, PositionStandard):  # pragma: no cover - shipped files
        return 1
    rows = interview_assessments(out / run_id / "output" / LEDGER_FILE, standard, stage=stage)
    target = out / run_id / "development"
    (target / "input").mkdir(parents=True, exist_ok=True)
    assessments = target / "input" / "assessments.csv"
    assessments.unlink(missing_ok=True)  # the demo folder was checked before it began
    count = write_assessments(rows, assessments)
    stream.write(f"\n== development of those hired at {run_id}: {count} interview level(s) ==\n")
    return execute_develop(
        folder / policy_name,
        assessments=assessments,
        performance=None,
        standard=None,
        catalog=None,
        as_of=None,
        period=None,
        out=target / "output",
        force=True,
        stream=stream,
    )


#: A year after the placement: the review of those hired again, with their first SKP ratings
#: (the year of :data:`SKP_PERIOD`), so that the demo shows the nine-box and the evaluation
#: the validity of the selection scores. The ratings are the demo's, illustrative: drawn in
#: turn from :data:`DEMO_SKP`, never a person's.
A_YEAR_LATER = dt.date(2027, 1, 31)
SKP_PERIOD = 2026
DEMO_SKP = ("baik", "sangat_baik", "baik", "butuh_perbaikan", "baik", "kurang")


def _a_year_later(folder: Path, out: Path, stream: TextIO) -> int:
    """The development review of those hired a year later: the same assessments and, for each
    person, an illustrative SKP rating of :data:`SKP_PERIOD` (``input/performance.csv``)."""
    run_id, policy_name = DEVELOPMENT_DEMO[0], DEVELOPMENT_DEMO[1]
    first = out / run_id / "development" / "input" / "assessments.csv"
    with first.open(encoding="utf-8", newline="") as handle:
        people = sorted({row["employee_id"] for row in csv.DictReader(handle)})
    performance = _performance_file(out, people)
    stream.write(
        f"\n== a year later ({A_YEAR_LATER}): {len(people)} people with SKP {SKP_PERIOD} "
        "ratings (illustrative) ==\n"
    )
    return execute_develop(
        folder / policy_name,
        assessments=first,
        performance=performance,
        standard=None,
        catalog=None,
        as_of=A_YEAR_LATER,
        period=SKP_PERIOD,
        out=out / run_id / f"development-{A_YEAR_LATER.year}" / "output",
        force=True,
        stream=stream,
    )


def _performance_file(out: Path, people: list[str]) -> Path:
    """``performance.csv`` of the review a year later: each person's illustrative rating."""
    folder = out / DEVELOPMENT_DEMO[0] / f"development-{A_YEAR_LATER.year}" / "input"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "performance.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(PERFORMANCE_COLUMNS)
        for index, person in enumerate(people):
            writer.writerow([csv_cell(person), SKP_PERIOD, DEMO_SKP[index % len(DEMO_SKP)]])
    return path


#: The demo's evaluation: the shipped evaluation policy of the Gayungan cycle.
EVALUATION_DEMO = "evaluasi-gayungan-2026.yaml"


def _evaluation(folder: Path, out: Path, stream: TextIO) -> int:
    """Evaluate the Gayungan run with its development folder and the shipped evaluation
    policy: the report, its JSON and CSVs under ``evaluation/``."""
    run_id = DEVELOPMENT_DEMO[0]
    stream.write(f"\n== evaluation of the {run_id} cycle ==\n")
    later = out / run_id / f"development-{A_YEAR_LATER.year}"
    return execute_evaluate(
        out / run_id / "output",
        development=later / "output",
        performance=later / "input" / "performance.csv",
        policy=folder / EVALUATION_DEMO,
        candidates=None,
        ratings=None,
        lang="id",
        out=out / run_id / "evaluation" / "report.html",
        force=True,  # the demo folder was checked (empty, or --force) before it began
        stream=stream,
    )
