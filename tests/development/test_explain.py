"""Development records in plain language (``development.explain``) and ``explain`` on a
development folder.

The explanations of the shipped Gayungan review (``tests/fixtures/development``: five people
hired in 2025, assessed at the selection interview, with their 2025 SKP) are compared with the
snapshots in ``tests/snapshots/development/<name>.<lang>.txt``: text that people read changes
only on purpose. After an intended change, rewrite the snapshots with

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/development/test_explain.py

and review the difference (``git diff tests/snapshots``) before committing it.
"""

from __future__ import annotations

import functools
import io
import json
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import asn_competency as asn
from asn_competency.audit.catalogue import LANGUAGES
from asn_competency.audit.run_folder import ledger_line
from asn_competency.cli import main
from asn_competency.development import Development, develop, read_assessments, read_performance
from asn_competency.development.explain import (
    UnsupportedDevelopmentRecordError,
    explain_development,
)
from asn_competency.development.outputs import records, summary_html
from asn_competency.model import PositionStandard
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.training_catalog import TrainingCatalog
from tests.conftest import FIXTURES, RUBRICS

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots" / "development"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"

POLICY_FILE = RUBRICS / "pengembangan-gayungan-2026.yaml"
ASSESSMENTS_FILE = FIXTURES / "development" / "assessments.csv"
PERFORMANCE_FILE = FIXTURES / "development" / "performance.csv"


@functools.cache
def documents() -> tuple[DevelopmentPolicy, PositionStandard, TrainingCatalog]:
    """The shipped Gayungan development policy, standard and catalogue."""
    policy = asn.load(POLICY_FILE)
    standard = asn.load(RUBRICS / "skj-gayungan-pelayanan-publik.yaml")
    catalogue = asn.load(RUBRICS / "katalog-pelatihan-gayungan.yaml")
    assert isinstance(policy, DevelopmentPolicy)
    assert isinstance(standard, PositionStandard)
    assert isinstance(catalogue, TrainingCatalog)
    return policy, standard, catalogue


@functools.cache
def review() -> Development:
    """The review of the five people of the fixture."""
    policy, standard, catalogue = documents()
    assessments = read_assessments(ASSESSMENTS_FILE, standard)
    return develop(policy, standard, catalogue, assessments, read_performance(PERFORMANCE_FILE))


@functools.cache
def tight_review() -> Development:
    """The same people under a budget of 10 JP a year, below the 20 JP minimum."""
    policy, standard, catalogue = documents()
    budget = policy.plan.budget.model_copy(update={"hours": 10})
    tight = policy.model_copy(update={"plan": policy.plan.model_copy(update={"budget": budget})})
    assessments = read_assessments(ASSESSMENTS_FILE, standard)
    return develop(tight, standard, catalogue, assessments, read_performance(PERFORMANCE_FILE))


@functools.cache
def partial_review() -> Development:
    """The same people and two more with no SKP rating: GAY-006 assessed on M.01 only (level
    1, the standard's), GAY-007 on M.01 (level 1) and M.03 (level 1, one below the standard's
    2)."""
    policy, standard, catalogue = documents()
    rows = _csv_rows(ASSESSMENTS_FILE)
    for employee_id, competency in (("GAY-006", "M.01"), ("GAY-007", "M.01"), ("GAY-007", "M.03")):
        rows.append(
            {
                "employee_id": employee_id,
                "competency": competency,
                "level": "1",
                "date": "2025-11-20",
                "source": "seleksi",
                "assessor": "panel wawancara seleksi 2025",
            }
        )
    assessments = read_assessments(rows, standard)
    return develop(policy, standard, catalogue, assessments, read_performance(PERFORMANCE_FILE))


def _csv_rows(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def record(result: Development, employee_id: str | None) -> dict[str, Any]:
    """The record of an employee (``None``: the cohort's)."""
    return next(r for r in records(result) if r["employee_id"] == employee_id)


def _explain(result: Development, employee_id: str | None, lang: str, with_documents: bool) -> str:
    policy, standard, catalogue = documents() if with_documents else (None, None, None)
    if with_documents and result is tight_review():
        policy = result.policy
    return explain_development(
        record(result, employee_id),
        lang=lang,
        policy=policy,
        standard=standard,
        catalogue=catalogue,
    )


#: Snapshot cases: (review, employee id or None for the cohort, with the documents).
CASES: dict[str, tuple[Callable[[], Development], str | None, bool]] = {
    "complete": (review, "GAY-001", True),
    "gaps_open": (review, "GAY-005", True),
    "gaps_open_without_documents": (review, "GAY-005", False),
    "cohort": (review, None, True),
    "below_minimum": (tight_review, "GAY-005", True),
    "catalogue_binds": (partial_review, "GAY-006", True),
    "not_assessed": (partial_review, "GAY-007", True),
}


def case(name: str, lang: str) -> str:
    """The explanation of a snapshot case."""
    build, employee_id, with_documents = CASES[name]
    return _explain(build(), employee_id, lang, with_documents)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_explanation_matches_its_snapshot(name: str, lang: str) -> None:
    """Each explanation equals its reviewed snapshot (UPDATE_SNAPSHOTS=1 rewrites them)."""
    text = case(name, lang)
    path = SNAPSHOTS / f"{name}.{lang}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.is_file(), f"no snapshot {path}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_text(encoding="utf-8")


def test_every_plan_status_and_talent_outcome_has_a_snapshot() -> None:
    """The cases cover every plan status (``complete``, ``gaps_open``, ``below_minimum``,
    ``not_assessed``) and a placed person, one with no SKP rating (GAY-006)."""
    statuses = set()
    outcomes = set()
    for build, employee_id, _ in CASES.values():
        if employee_id is None:
            continue
        found = record(build(), employee_id)
        statuses.add(found["plan"]["status"])
        outcomes.add(found["talent"]["reason"]["code"] if found["talent"] else None)
    assert statuses == {"complete", "gaps_open", "below_minimum", "not_assessed"}
    assert outcomes == {"talent.placed", "talent.no-rating"}


def test_a_gap_the_plan_leaves_open_and_the_nine_box_inputs() -> None:
    """GAY-005 (fixture): 13 competencies, 12 of the 18 required levels attained, so JPM =
    12/18 × 100 = 66.666…%, below the medium cut-off 68 (docs/domain.md, "JPM and bands";
    docs/development.md, "Talent mapping"); SKP 2025 'Butuh Perbaikan' is below expectations
    (PermenPANRB 6/2022), so box 1 of PermenPANRB 3/2020's numbering. The plan takes
    pelayanan-prima (20 JP) for the first core gap, M.03, which also raises M.05; the 40 JP
    budget leaves 4 JP after the 16 JP counter placement, too few for the T.GAY.02 course."""
    english = case("gaps_open", "en")
    assert "JPM 66.666667…% → band kurang memenuhi syarat" in english
    assert (
        "pelayanan-prima (20 JP, Rp 1500000) chosen for the gap ranked 1: M.03 (Communication) "
        "from level 1 to level 2 (standard 2); it also raises M.05 (Public service)"
    ) in english
    assert (
        "the gap in T.GAY.02 (Activity and project management) (level 1, standard 2) stays "
        "open: the hours left in the budget are not enough (best programme: manajemen-kegiatan)"
    ) in english
    assert (
        "box 1: performance below expectations (SKP 2025: needs improvement) × potential low "
        "(JPM 66.666667…%; medium from 68%, high from 80%) (PermenPANRB 3/2020)"
    ) in english
    indonesian = case("gaps_open", "id")
    assert (
        "kotak 1: kinerja di bawah ekspektasi (SKP 2025: Butuh Perbaikan) × potensi rendah "
        "(JPM 66.666667…%; menengah mulai 68%, tinggi mulai 80%) (PermenPANRB 3/2020)"
    ) in indonesian
    assert "rencana berjumlah 36 JP, memenuhi paling sedikit 20 JP setahun (PP 17/2020)" in (
        indonesian
    )


def test_the_binding_constraint_is_said() -> None:
    """A budget of 10 JP is below the 20 JP minimum of PP 17/2020: the plan stays below it and
    the hours budget binds (docs/development.md, "Plans", step 3)."""
    english = case("below_minimum", "en")
    assert "below the yearly minimum of JP" in english
    assert "the binding constraint: the hours budget (budget 10 JP, Rp 5000000)" in english
    assert "kendala yang mengikat: anggaran JP (anggaran 10 JP, Rp 5000000)" in case(
        "below_minimum", "id"
    )


def test_unassessed_competencies_and_a_catalogue_that_binds() -> None:
    """GAY-006, assessed on M.01 only at the standard's level: every other gap is unknown, no
    JPM, no box (no SKP rating); the only programme that develops M.01 from level 1 is the 8 JP
    mentoring, so the catalogue binds below the 20 JP minimum. GAY-007 also lacks level 2 in
    M.03: pelayanan-prima (20 JP) closes it and meets the minimum, but the plan is
    not_assessed, never complete (docs/development.md, "Plans")."""
    english = case("catalogue_binds", "en")
    assert "M.03 (Communication): not assessed, standard 2; the gap is unknown" in english
    assert "no JPM: a competency is not assessed" in english
    assert (
        "the binding constraint: the catalogue (no programme left develops the position's "
        "competencies from their level) (budget 40 JP, Rp 5000000)"
    ) in english
    assert "no SKP rating for a year up to 2025: no box" in english
    indonesian = case("not_assessed", "id")
    assert "ada kompetensi yang belum dinilai; 20 JP" in indonesian
    assert "tidak ada nilai SKP sampai tahun 2025: tidak ditempatkan di kotak mana pun" in (
        indonesian
    )


def test_without_the_documents_ids_stand_in() -> None:
    """From the record alone: competencies, programmes and references by their ids."""
    text = case("gaps_open_without_documents", "en")
    assert "M.03 from level 1 to level 2" in text
    assert "(pp-17-2020)" in text
    assert "Legal basis" not in text


def test_a_document_that_is_not_the_record_s_is_not_used() -> None:
    """A policy whose content differs from the one the review read is set aside, with a note;
    its references are then not cited."""
    policy, standard, catalogue = documents()
    text = explain_development(
        record(tight_review(), "GAY-005"),
        lang="en",
        policy=policy,
        standard=standard,
        catalogue=catalogue,
    )
    assert "The Development policy given (pengembangan-gayungan-2026 sha256:" in text
    assert "is not the one this review read" in text
    assert "(pp-17-2020)" in text


#: Words of the catalogue's English texts that no Indonesian account may show, and back.
ENGLISH_WORDS = (" gap ", "standard ", "budget", " chosen", "box ", " level to ")
INDONESIAN_WORDS = ("kesenjangan", "standar ", "anggaran", "dipilih", "kotak ", "pegawai")


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_language_stays_in_its_language(name: str) -> None:
    """No English word of the catalogue in an Indonesian account, and no Indonesian one in an
    English account (the documents' own titles at the end aside)."""
    for lang, foreign in (("id", ENGLISH_WORDS), ("en", INDONESIAN_WORDS)):
        text = case(name, lang)
        text = text.split("\nKebijakan pengembangan:")[0].split("\nDevelopment policy:")[0]
        found = [word for word in foreign if word in text]
        assert not found, (lang, found)


def test_another_format_and_an_unknown_language_are_refused() -> None:
    """Only development/v1 records, in Indonesian or English."""
    with pytest.raises(UnsupportedDevelopmentRecordError, match="development/v1"):
        explain_development({**record(review(), "GAY-001"), "record_format": "decision/v2"})
    with pytest.raises(ValueError, match="unknown language"):
        explain_development(record(review(), "GAY-001"), lang="fr")


def test_the_summary_page_shows_words_not_codes() -> None:
    """summary.html says every reason in Indonesian with English beneath; no fact code."""
    page = summary_html(review())
    assert "design a cohort programme" in page
    assert "rancang program kelompok" in page
    assert "dipilih untuk kesenjangan prioritas ke-1" in page
    for code in ("plan.closes-gap", "plan.top-up", "plan.gap-open", "cohort.", "talent."):
        assert code not in page


# ----------------------------------------------------------------------------- the command


def write_folder(tmp_path: Path) -> Path:
    """A development folder of the fixture, written by the command."""
    out = tmp_path / "dev"
    code = main(
        [
            "develop",
            str(POLICY_FILE),
            "--assessments",
            str(ASSESSMENTS_FILE),
            "--performance",
            str(PERFORMANCE_FILE),
            "--out",
            str(out),
        ],
        out=io.StringIO(),
    )
    assert code == 0
    return out


def _cli(*args: str) -> tuple[int, str]:
    printed = io.StringIO()
    return main(["explain", *args], out=printed), printed.getvalue()


def test_explain_cli_on_a_development_folder(tmp_path: Path) -> None:
    """``explain DIR GAY-005 --lang en --policy POLICY`` prints the snapshot's text; without
    --policy, the record alone; ``cohort`` explains the cohort's record."""
    out = write_folder(tmp_path)
    code, text = _cli(str(out), "GAY-005", "--lang", "en", "--policy", str(POLICY_FILE))
    assert code == 0
    assert text == case("gaps_open", "en")
    code, text = _cli(str(out), "GAY-005", "--lang", "id")
    assert code == 0
    assert text == case("gaps_open_without_documents", "id")
    code, text = _cli(str(out), "cohort", "--lang", "en", "--policy", str(POLICY_FILE))
    assert code == 0
    assert text == case("cohort", "en")


def test_explain_cli_unknown_employee_suggests_a_near_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An id not in the ledger: exit 1, naming the nearest id."""
    out = write_folder(tmp_path)
    code, _ = _cli(str(out), "GAY-05")
    assert code == 1
    assert "did you mean 'GAY-005'?" in capsys.readouterr().err


def test_explain_cli_warns_about_an_edited_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A record edited after the review is still explained, under a warning that its hash does
    not match its content; exit 3. Another record, whose place and link are intact, is
    explained without a warning."""
    out = write_folder(tmp_path)
    ledger = out / "development.jsonl"
    items = [json.loads(line) for line in ledger.read_text("utf-8").splitlines()]
    items[4]["plan"]["hours"] = 40
    ledger.write_text("".join(ledger_line(r) for r in items), encoding="utf-8")
    code, text = _cli(str(out), "GAY-005", "--lang", "en")
    assert code == 3
    assert text.startswith("WARNING: this record (line 5 of ")
    assert "its hash is not the hash of its content" in text
    assert "Development plan:" in text
    assert "does not match the hash chain" in capsys.readouterr().err
    code, text = _cli(str(out), "GAY-004", "--lang", "id")
    assert code == 0
    assert "PERINGATAN" not in text


def test_explain_cli_a_policy_that_does_not_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--policy naming a file that is not a development policy: exit 1 with its problem."""
    out = write_folder(tmp_path)
    code, _ = _cli(
        str(out), "GAY-005", "--policy", str(RUBRICS / "katalog-pelatihan-gayungan.yaml")
    )
    assert code == 1
    assert "kind.unexpected expected kind 'development-policy', found kind 'training-catalog'" in (
        capsys.readouterr().err
    )


def test_money_is_shown_exactly() -> None:
    """The cost of a plan is the catalogue's exact rupiah amount (1,500,000 for pelayanan-prima
    and 0 for the on-the-job placement of GAY-005), never a float."""
    found = record(review(), "GAY-005")
    assert Decimal(found["plan"]["cost"]) == Decimal(1500000)
    assert "cost Rp 1500000" in case("gaps_open", "en")
