"""Plain-language explanations of decisions (``audit.explain``) and the ``explain`` command.

The explanations of a small, hand-written run (CPNS 2024 and Gayungan 2026) are compared with
the snapshots in ``tests/snapshots/explain/<name>.<lang>.txt``: text that people read changes
only on purpose. After an intended change, rewrite the snapshots with

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/audit/test_explain.py

and review the difference (``git diff tests/snapshots``) before committing it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import os
import shutil
import time
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import asn_competency as asn
from asn_competency.audit import ledger
from asn_competency.audit.explain import LANGUAGES, UnsupportedRecordError, explain, short_citation
from asn_competency.audit.run_folder import ledger_line
from asn_competency.cli import main
from asn_competency.cli.explain import execute_explain
from asn_competency.cli.run import write_outputs
from asn_competency.model import RatingStage, SelectionPolicy
from asn_competency.pipeline import FINAL_STATUSES, RunResult
from tests.cpns_rows import candidate, formation

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots" / "explain"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"

CPNS_FILE = asn.shipped("cpns-2024.yaml")
GAYUNGAN_FILE = asn.shipped("gayungan-2026.yaml")

TKP_160_ID = (
    "TKP 160 di bawah nilai ambang batas 166 (KepmenPANRB 321/2024, berlaku sejak 2024-01-01)"
)
TKP_160_EN = (
    "TKP 160 is below the passing grade 166 (KepmenPANRB 321/2024, in force since 2024-01-01)"
)


@functools.cache
def cpns_policy() -> SelectionPolicy:
    """The shipped CPNS 2024 policy."""
    policy = asn.load(CPNS_FILE)
    assert isinstance(policy, SelectionPolicy)
    return policy


@functools.cache
def gayungan_policy() -> SelectionPolicy:
    """The shipped Gayungan 2026 policy."""
    policy = asn.load(GAYUNGAN_FILE)
    assert isinstance(policy, SelectionPolicy)
    return policy


@functools.cache
def cpns_run() -> RunResult:
    """One decision of each kind: formations FA (quota 1), FB (a tie at the boundary), FC and
    the unfilled FD (optimisation), FE in another agency (outranked, not placed)."""
    rows = [
        candidate("A-SELECTED", "FA"),
        candidate("B-TKP160", "FA", tkp=160),
        candidate("C-INELIGIBLE", "FA", birth_date=dt.date(1980, 1, 1), education_level="D3"),
        candidate("D-ABSENT", "FA", twk=None, tiu=None, tkp=None),
        candidate("E-INVALID", "FA", twk="1o5"),
        candidate("DUP", "FA"),
        candidate("DUP", "FA", tkp=170),
        candidate("F-TIE-1", "FB"),
        candidate("F-TIE-2", "FB"),
        candidate("G-FIRST", "FC", tkp=190),
        candidate("H-OPTIMISED", "FC", tkp=185),
        candidate("I-FIRST", "FE", tkp=200),
        candidate("J-NOT-SELECTED", "FE", tkp=170),
    ]
    formations = [
        formation("FA"),
        formation("FB"),
        formation("FC"),
        formation("FD"),
        formation("FE", agency="Pemprov Jawa Timur"),
    ]
    return asn.run(cpns_policy(), rows, formations=formations, as_of=dt.date(2024, 9, 10))


def gayungan_ratings(cid: str, scores: Mapping[str, tuple[int, ...]]) -> list[dict[str, Any]]:
    """Three raters per criterion, level 3 unless given."""
    stage = next(s for s in gayungan_policy().stages if isinstance(s, RatingStage))
    rows = []
    for criterion in stage.criteria:
        for number, score in enumerate(scores.get(criterion.id, (3, 3, 3)), start=1):
            rows.append(
                {
                    "candidate_id": cid,
                    "stage_id": stage.id,
                    "rater_id": f"R{number}",
                    "criterion_id": criterion.id,
                    "score": Decimal(score),
                }
            )
    return rows


@functools.cache
def gayungan_run() -> RunResult:
    """Two Gayungan candidates after the interview: one selected, one whose raters disagree."""
    base = {
        "formation_id": "G1",
        "birth_date": dt.date(1996, 1, 1),
        "education_level": "S1",
        "status_kepegawaian": "PNS",
        "dokumen_lengkap": True,
        "tes_pelayanan": 80,
        "tes_teknologi": 75,
    }
    formations = [
        {
            "formation_id": "G1",
            "quota": 1,
            "track": "umum",
            "position": "Pengadministrasi Layanan Publik",
            "education_level": "S1",
            "agency": "Kecamatan Gayungan",
            "location": "Gayungan",
        }
    ]
    ratings = gayungan_ratings("GAY-A", {"M.05": (4, 4, 5)})
    ratings += gayungan_ratings("GAY-B", {"T.GAY.02": (5, 2, 3)})
    return asn.run(
        gayungan_policy(),
        [{"candidate_id": "GAY-A", **base}, {"candidate_id": "GAY-B", **base}],
        formations=formations,
        ratings=ratings,
        as_of=dt.date(2026, 3, 31),
    )


def record(result: RunResult, cid: str) -> dict[str, Any]:
    """The one decision record of a candidate id."""
    (found,) = [r for r in ledger(result) if r["candidate_id"] == cid]
    return found


#: Snapshot name → (run, candidate id, whether the policy is given).
CASES: dict[str, tuple[str, str, bool]] = {
    "selected": ("cpns", "A-SELECTED", True),
    "failed_tkp": ("cpns", "B-TKP160", True),
    "failed_tkp_without_policy": ("cpns", "B-TKP160", False),
    "ineligible": ("cpns", "C-INELIGIBLE", True),
    "absent": ("cpns", "D-ABSENT", True),
    "invalid_input": ("cpns", "E-INVALID", True),
    "needs_review_tie": ("cpns", "F-TIE-1", True),
    "selected_by_optimisation": ("cpns", "H-OPTIMISED", True),
    "not_selected": ("cpns", "J-NOT-SELECTED", True),
    "gayungan_selected": ("gayungan", "GAY-A", True),
    "gayungan_review": ("gayungan", "GAY-B", True),
}


def case(name: str, lang: str) -> str:
    """The explanation of a snapshot case."""
    run_name, cid, with_policy = CASES[name]
    result = cpns_run() if run_name == "cpns" else gayungan_run()
    policy = result.policy if with_policy else None
    return explain(record(result, cid), policy=policy, lang=lang)


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


def test_every_final_status_has_a_snapshot() -> None:
    """The snapshot cases cover every final status the pipeline gives."""
    statuses = {
        record(cpns_run() if run == "cpns" else gayungan_run(), cid)["final_status"]
        for run, cid, _ in CASES.values()
    }
    assert statuses == set(FINAL_STATUSES)


def test_tkp_160_sentence_in_both_languages() -> None:
    """The issue's example: TKP 160 below the passing grade 166, citing KepmenPANRB 321/2024
    and the date it took effect, in Indonesian and English."""
    decision = record(cpns_run(), "B-TKP160")
    indonesian = explain(decision, policy=cpns_policy())
    english = explain(decision, policy=cpns_policy(), lang="en")
    assert "Hasil akhir: TL (tidak lulus) — nilai di bawah nilai ambang batas" in indonesian
    assert "Final result: TL (not passed) — a score below the passing grade" in english
    assert TKP_160_ID in indonesian
    assert TKP_160_EN in english
    assert "Keputusan Menteri PANRB Nomor 321 Tahun 2024 tentang" in indonesian


def test_the_computed_age_is_shown_in_both_languages() -> None:
    """The age a rule computes with age_on(birth_date, as_of) is shown beside the dates it was
    computed from: born 1980-01-01, 44 on 2024-09-10, above the maximum of 35 (docs/domain.md,
    section "CPNS age limits")."""
    decision = record(cpns_run(), "C-INELIGIBLE")
    indonesian = explain(decision, policy=cpns_policy())
    english = explain(decision, policy=cpns_policy(), lang="en")
    assert (
        "Tanggal lahir = 1980-01-01; Tanggal acuan = 2024-09-10; Usia pada 2024-09-10 = 44 tahun"
        in indonesian
    )
    assert (
        "Date of birth = 1980-01-01; Reference date = 2024-09-10; Age on 2024-09-10 = 44 years"
        in english
    )
    # without the policy the rule is not known: the dates it read are still shown
    assert "Data: Reference date = 2024-09-10; birth_date = 1980-01-01" in explain(
        decision, lang="en"
    )


def policy_with_first_rule(rule: str) -> SelectionPolicy:
    """The CPNS policy with its first eligibility rule (usia_minimal) replaced."""
    text = CPNS_FILE.read_text("utf-8").replace(
        "rule: age_on(birth_date, as_of) >= cpns_min_age", f"rule: '{rule}'", 1
    )
    policy = asn.load_text(text, file=str(CPNS_FILE))
    assert isinstance(policy, SelectionPolicy)
    return policy


def edited_reads(decision: dict[str, Any], reads: dict[str, Any]) -> dict[str, Any]:
    """The record with the values its first eligibility rule read replaced."""
    first = decision["stages"][0]
    evaluations = [{**first["evaluations"][0], "reads": reads}, *first["evaluations"][1:]]
    return {**decision, "stages": [{**first, "evaluations": evaluations}, *decision["stages"][1:]]}


@pytest.mark.parametrize(
    ("rule", "reads", "shown"),
    [
        (
            "age_on(birth_date, as_of) <= 35",
            {"birth_date": "2000-02-29", "as_of": "2023-02-28"},
            "Age on 2023-02-28 = 22 years",
        ),
        (
            "age_on(birth_date, as_of) <= 35",
            {"birth_date": "2000-02-29", "as_of": "2023-03-01"},
            "Age on 2023-03-01 = 23 years",
        ),
        (
            'age_on(birth_date, date("2024-12-31")) >= 18',
            {"birth_date": "2006-12-31"},
            "Age on 2024-12-31 = 18 years",
        ),
        (
            "years_between(birth_date, as_of) >= 2",
            {"birth_date": "2020-07-01", "as_of": "2024-09-10"},
            "Years from 2020-07-01 to 2024-09-10 = 4 years",
        ),
    ],
)
def test_computed_ages_and_spans_follow_the_rule_function(
    rule: str, reads: dict[str, Any], shown: str
) -> None:
    """The age shown is the rule language's, computed from the policy's syntax tree and the
    dates the record holds: a 29 February birthday is reached on 1 March in other years;
    literal dates and years_between are shown too."""
    decision = edited_reads(record(cpns_run(), "C-INELIGIBLE"), reads)
    text = explain(decision, policy=policy_with_first_rule(rule), lang="en")
    assert shown in text


def test_no_age_is_shown_without_a_known_date() -> None:
    """A missing date of birth shows no computed age."""
    reads = {"birth_date": None, "as_of": "2024-09-06"}
    decision = edited_reads(record(cpns_run(), "C-INELIGIBLE"), reads)
    text = explain(decision, policy=policy_with_first_rule("age_on(birth_date, as_of) <= 35"))
    assert "Usia pada 2024-09-06" not in text
    assert "Tanggal lahir = tidak diketahui" in text


def test_optimisation_across_tracks_is_explained_as_l_1() -> None:
    """A candidate moved by optimisation to a formation of another track reads as L-1, one
    moved within the track as L-2 (docs/domain.md, section "CPNS result codes")."""
    decision = record(cpns_run(), "H-OPTIMISED")
    moved = [
        {**s, "detail": {**s["detail"], "moved": "track"}} if s["kind"] == "optimisation" else s
        for s in decision["stages"]
    ]
    across = {**decision, "stages": moved, "final_status_label": "L-1"}
    l1 = explain(across, policy=cpns_policy(), lang="en")
    assert (
        "Final result: L-1 (passed, placed by optimisation) — met every passing grade and was "
        "moved by optimisation to a formation of another type (track)"
    ) in l1
    assert (
        "placed by optimisation in formation FD, a formation of another type (track) that had "
        "an unfilled slot"
    ) in l1
    assert decision["final_status_label"] == "L-2"
    l2 = explain(decision, policy=cpns_policy(), lang="id")
    assert "Hasil akhir: L-2 (lulus, dialihkan melalui optimalisasi)" in l2
    assert "formasi atau lokasi lain pada jalur yang sama" in l2


def test_optimisation_says_why_a_candidate_was_not_placed() -> None:
    """Two outranked candidates for one unfilled slot: the lower one is told the slot went to a
    candidate ranked higher (the record's reason), not that no slot was free."""
    rows = [
        candidate("A", "F1", tkp=200),
        candidate("B", "F1", tkp=190),
        candidate("C", "F1", tkp=180),
    ]
    result = asn.run(
        cpns_policy(),
        rows,
        formations=[formation("F1"), formation("F2")],
        as_of=dt.date(2024, 9, 10),
    )
    decision = record(result, "C")
    stage = next(s for s in decision["stages"] if s["kind"] == "optimisation")
    assert stage["detail"]["reason"] == "outranked"
    english = explain(decision, policy=cpns_policy(), lang="en")
    indonesian = explain(decision, policy=cpns_policy(), lang="id")
    assert (
        "the matching unfilled slots went to candidates ranked higher (same position, "
        "education level and agency)"
    ) in english
    assert "telah diisi pelamar dengan peringkat lebih tinggi (sama jabatan" in indonesian
    assert "had an unfilled slot for this candidate" not in english


@pytest.mark.parametrize(
    ("cid", "label", "words"),
    [("E-INVALID", "ERR", "data error"), ("F-TIE-1", "PR", "under review")],
)
def test_library_codes_are_said_to_be_the_library_s(cid: str, label: str, words: str) -> None:
    """ERR (a data error, never TMS) and PR are this library's codes, and the text says so."""
    decision = record(cpns_run(), cid)
    assert decision["final_status_label"] == label
    english = explain(decision, policy=cpns_policy(), lang="en")
    indonesian = explain(decision, policy=cpns_policy(), lang="id")
    assert f"Final result: {label} ({words})" in english
    assert f"{label} is this library's code, not an official announcement code." in english
    assert f"{label} adalah kode pustaka ini, bukan kode resmi pengumuman." in indonesian


def test_reported_scores_are_shown_with_their_band() -> None:
    """The scores a policy reports beside the final score (Gayungan: the JPM) are shown with
    their band, in both languages (docs/domain.md, section "JPM and bands")."""
    decision = record(gayungan_run(), "GAY-A")
    stage = next(s for s in decision["stages"] if s["kind"] == "integration")
    assert stage["detail"]["reported"]["kesesuaian"] == {"value": "100", "band": "memenuhi syarat"}
    english = explain(decision, policy=gayungan_policy(), lang="en")
    indonesian = explain(decision, policy=gayungan_policy(), lang="id")
    assert (
        "Reported beside the final score: Job-person match (%) = 100 (band: memenuhi syarat)"
        in (english)
    )
    assert (
        "Dilaporkan di samping nilai akhir: Job Person Match = 100 (kategori: memenuhi syarat)"
        in (indonesian)
    )


def test_without_the_policy_ids_stand_in() -> None:
    """Without the policy the sentence cites the reference by its id and says so."""
    text = explain(record(cpns_run(), "B-TKP160"), lang="en")
    assert "TKP 160 is below the passing grade 166 (kepmenpanrb-321-2024, in force since " in text
    assert "The policy file is not available" in text


def test_the_deciding_key_is_named_in_the_language_asked() -> None:
    """A record names the tie-break key that decided by its position in the ordering: the
    explanation names it as the policy does, in the language asked (Indonesian or English),
    and by its position without the policy."""
    decision, ranking = next(
        (r, s)
        for r in ledger(cpns_run())
        for s in r["stages"]
        if s["stage_id"] == "peringkat" and s.get("detail", {}).get("decided_by") is not None
    )
    index = ranking["detail"]["decided_by"]
    assert isinstance(index, int)
    order = next(s for s in cpns_policy().stages if s.id == "peringkat").order  # type: ignore[union-attr]
    for lang in ("id", "en"):
        name = getattr(order[index].name, lang)
        assert name in explain(decision, policy=cpns_policy(), lang=lang)
    assert f"ordering key {index + 1}" in explain(decision, lang="en")
    assert f"kunci urutan ke-{index + 1}" in explain(decision, lang="id")


def test_numbers_are_shown_as_recorded() -> None:
    """The final score, the stage scores and the rank appear exactly as in the record."""
    decision = record(cpns_run(), "A-SELECTED")
    text = explain(decision, policy=cpns_policy(), lang="en")
    assert decision["final_score"] == "77.091"
    assert "Final score: 77.091" in text
    assert "SKD total: 400" in text
    assert "rank 1 in formation FA, quota 1: within the quota" in text


def test_a_rule_the_policy_lacks_is_named_by_its_place() -> None:
    """An evaluation at a place the policy has no rule for (a record of another version of
    the policy) is said clause by clause by position, never with a traceback; its reasons are
    still said from their parameters."""
    decision = record(cpns_run(), "B-TKP160")
    skd = decision["stages"][1]
    nowhere = [{**e, "at": ["skd", "nowhere"]} for e in skd["evaluations"]]
    reasons = [{**r, "rule": ["skd", "nowhere"]} for r in skd["reasons"]]
    edited = {
        **decision,
        "stages": [
            decision["stages"][0],
            {**skd, "evaluations": nowhere, "reasons": reasons},
            *decision["stages"][2:],
        ],
    }
    english = explain(edited, policy=cpns_policy(), lang="en")
    assert "- clause 1 of skd/nowhere: met" in english
    assert f"- Basic competency test (SKD): {TKP_160_EN}" in english
    indonesian = explain(edited, policy=cpns_policy())
    assert "- klausa 2 dari skd/nowhere: terpenuhi" in indonesian


def test_every_track_exception_of_a_conflict_is_named() -> None:
    """Three exceptions that apply at one priority: the reason names all three, in each
    language."""
    decision = record(cpns_run(), "B-TKP160")
    skd = decision["stages"][1]
    conflict = {"code": "exception.conflict", "exceptions": ["a", "b", "c"], "priority": 2}
    edited = {
        **decision,
        "stages": [
            decision["stages"][0],
            {**skd, "outcome": "needs_review", "evaluations": [], "reasons": [conflict]},
            *decision["stages"][2:],
        ],
        "final_status": "needs_review",
    }
    english = explain(edited, policy=cpns_policy(), lang="en")
    assert "track exceptions a, b and c all apply at priority 2; a person must decide" in english
    indonesian = explain(edited, policy=cpns_policy())
    assert "ketentuan khusus a, b dan c sama-sama berlaku pada prioritas 2" in indonesian


def test_a_record_of_another_format_is_refused() -> None:
    """A decision/v1 record is refused in one line naming the format explained."""
    decision = {**record(cpns_run(), "A-SELECTED"), "format": "decision/v1"}
    with pytest.raises(UnsupportedRecordError, match=r"decision/v1.*decision/v2 records only"):
        explain(decision)


#: Words of the catalogue's English texts that no Indonesian account may show, and back.
ENGLISH_WORDS = ("passing grade", "requirement", " weight ", "scaled", "rounded", " met", "rank ")
INDONESIAN_WORDS = ("persyaratan", "nilai ambang", "bobot", "dibulatkan", "peringkat ", "tidak ")


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_language_stays_in_its_language(name: str) -> None:
    """No English word of the catalogue in an Indonesian account, and no Indonesian one in an
    English account (the policy's own titles under the legal basis aside)."""
    for lang, foreign in (("id", ENGLISH_WORDS), ("en", INDONESIAN_WORDS)):
        text = case(name, lang).split("\nDasar hukum:")[0].split("\nLegal basis:")[0]
        found = [word for word in foreign if word in text]
        assert not found, (lang, found)


def test_another_policy_is_not_used() -> None:
    """A policy whose id is not the record's is set aside, with a note."""
    text = explain(record(cpns_run(), "B-TKP160"), policy=gayungan_policy(), lang="en")
    assert "(gayungan-2026) is not the policy of this decision (cpns-2024)" in text
    assert "kepmenpanrb-321-2024" in text


def test_unknown_language_is_refused() -> None:
    """Only Indonesian and English are written."""
    with pytest.raises(ValueError, match="unknown language"):
        explain(record(cpns_run(), "A-SELECTED"), lang="fr")


@pytest.mark.parametrize(
    ("title", "short"),
    [
        (
            "Keputusan Menteri PANRB Nomor 321 Tahun 2024 tentang Nilai Ambang Batas",
            "KepmenPANRB 321/2024",
        ),
        (
            (
                "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik\n"
                "Indonesia Nomor 38 Tahun 2017 tentang Standar Kompetensi Jabatan"
            ),
            "PermenPANRB 38/2017",
        ),
        ("Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen PNS", "PP 11/2017"),
        ("Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara", "UU 20/2023"),
        ("Kebijakan seleksi berbasis kompetensi ilustratif", None),
    ],
)
def test_short_citation(title: str, short: str | None) -> None:
    """Short forms derived from the titles of regulations; none for other sources."""
    assert short_citation(title) == short


# ------------------------------------------------------------------------------- command


def write_run(tmp_path: Path, policy_file: Path = CPNS_FILE) -> Path:
    """The CPNS run written as a run folder, its manifest naming ``policy_file``."""
    out = tmp_path / "run"
    write_outputs(cpns_run(), out, inputs={}, policy_file=policy_file, started=time.perf_counter())
    return out


def test_explain_cli_writes_the_explanation(tmp_path: Path) -> None:
    """Exit 0; the text is the explanation with the policy named in the manifest."""
    out = write_run(tmp_path)
    stream = io.StringIO()
    assert execute_explain(out, "B-TKP160", lang="en", stream=stream) == 0
    assert stream.getvalue() == case("failed_tkp", "en")
    assert TKP_160_EN in stream.getvalue()


def test_explain_cli_without_the_policy_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A policy file that no longer exists: explained from the record alone, with a note."""
    copy = tmp_path / "policy.yaml"
    shutil.copyfile(CPNS_FILE, copy)
    out = write_run(tmp_path, copy)
    copy.unlink()
    stream = io.StringIO()
    assert execute_explain(out, "B-TKP160", lang="id", stream=stream) == 0
    assert stream.getvalue() == case("failed_tkp_without_policy", "id")
    assert "no longer exists" in capsys.readouterr().err


def test_explain_cli_with_a_policy_file_of_another_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The manifest's policy file replaced by a file of another kind: the typed loader's
    kind.unexpected is the note, and the record is explained without it."""
    copy = tmp_path / "policy.yaml"
    shutil.copyfile(CPNS_FILE, copy)
    out = write_run(tmp_path, copy)
    shutil.copyfile(asn.shipped("kamus-kompetensi-permenpanrb-38-2017.yaml"), copy)
    stream = io.StringIO()
    assert execute_explain(out, "B-TKP160", lang="id", stream=stream) == 0
    assert stream.getvalue() == case("failed_tkp_without_policy", "id")
    note = capsys.readouterr().err
    assert (
        "kind.unexpected expected kind 'selection-policy', found kind 'competency-framework'"
        in (note)
    )
    assert note.endswith(": explaining without it\n")


def test_explain_cli_explains_every_copy_of_a_duplicated_id(tmp_path: Path) -> None:
    """A candidate id on two rows has two records: both are explained."""
    stream = io.StringIO()
    assert execute_explain(write_run(tmp_path), "DUP", lang="id", stream=stream) == 0
    text = stream.getvalue()
    assert text.startswith("Ada 2 keputusan dengan nomor peserta 'DUP'")
    assert text.count("Penjelasan keputusan seleksi") == 2
    assert text.count("nomor peserta yang sama ada di lebih dari satu baris") >= 2


def test_explain_cli_unknown_candidate_suggests_a_near_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1 naming the candidate and the nearest id."""
    stream = io.StringIO()
    assert execute_explain(write_run(tmp_path), "B-TKP16", lang="id", stream=stream) == 1
    assert stream.getvalue() == ""
    err = capsys.readouterr().err
    assert "candidate 'B-TKP16' is not in" in err
    assert "did you mean 'B-TKP160'?" in err


def test_explain_cli_missing_folder_or_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1 for a folder that does not exist and for one without decisions.jsonl."""
    stream = io.StringIO()
    assert execute_explain(tmp_path / "nowhere", "A", lang="id", stream=stream) == 1
    assert "no such folder" in capsys.readouterr().err
    assert execute_explain(tmp_path, "A", lang="id", stream=stream) == 1
    assert "no decisions.jsonl" in capsys.readouterr().err
    assert stream.getvalue() == ""


def test_explain_cli_broken_ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A line that is not JSON: exit 1 naming the file and line."""
    (tmp_path / "decisions.jsonl").write_text('{"candidate_id": "A"}\nnot json\n')
    assert execute_explain(tmp_path, "A", lang="en", stream=io.StringIO()) == 1
    assert "decisions.jsonl:2: audit.record not a JSON record" in capsys.readouterr().err


def test_explain_cli_unknown_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown language is a usage error (exit 2), said with its code."""
    assert execute_explain(write_run(tmp_path), "DUP", lang="fr", stream=io.StringIO()) == 2
    assert capsys.readouterr().err == (
        "asn-competency explain: lang.unknown unknown language 'fr': expected id|en\n"
    )


def _rewrite_ledger(out: Path, change: Any) -> None:
    """Rewrite the run's ledger with ``change`` applied to its list of records, each line
    spelled as the run spells it (the chain hashes left as they were)."""
    path = out / "decisions.jsonl"
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    items = change(items)
    path.write_text("".join(ledger_line(r) for r in items), encoding="utf-8")


def test_explain_cli_warns_about_an_edited_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A record edited after the run is still explained, under a warning that its hash does
    not match its content, and the exit code is 3."""
    out = write_run(tmp_path)

    def edit(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for item in items:
            if item["candidate_id"] == "B-TKP160":
                item["final_status"] = "selected"
        return items

    _rewrite_ledger(out, edit)
    stream = io.StringIO()
    assert execute_explain(out, "B-TKP160", lang="en", stream=stream) == 3
    text = stream.getvalue()
    assert text.startswith("WARNING: this record (line ")
    assert "its hash is not the hash of its content" in text
    assert TKP_160_EN in text  # the explanation follows the warning
    assert "does not match the hash chain" in capsys.readouterr().err
    stream = io.StringIO()
    assert execute_explain(out, "A-SELECTED", lang="id", stream=stream) == 0
    assert "PERINGATAN" not in stream.getvalue()


def test_explain_cli_warns_about_a_moved_record(tmp_path: Path) -> None:
    """Two records swapped: each is at another place than its seq and does not follow the
    record before it; explain says so (in Indonesian too) and exits 3."""
    out = write_run(tmp_path)
    _rewrite_ledger(out, lambda items: [items[1], items[0], *items[2:]])
    first = json.loads((out / "decisions.jsonl").read_text("utf-8").splitlines()[0])
    stream = io.StringIO()
    assert execute_explain(out, first["candidate_id"], lang="id", stream=stream) == 3
    text = stream.getvalue()
    assert text.startswith("PERINGATAN: catatan ini (baris 1 dari ")
    assert "seq 2 tidak sesuai tempatnya (catatan ke-1)" in text
    assert "prev_hash-nya bukan hash catatan sebelumnya" in text
    assert "hash-nya bukan hash isinya" not in text


def test_explain_escapes_terminal_control_characters(tmp_path: Path) -> None:
    """Ids and texts from the input that hold terminal controls (ESC sequences, BEL, C1
    controls, a right-to-left override) are printed escaped by the command, never raw."""
    hostile = "X\x1b]0;owned\x07\x1b[2J\x9b31m\u202eZ"
    rows = [candidate(hostile, "FA"), candidate("A-SELECTED", "FA")]
    result = asn.run(cpns_policy(), rows, formations=[formation("FA")], as_of=dt.date(2024, 9, 10))
    out = tmp_path / "run"
    write_outputs(result, out, inputs={}, policy_file=CPNS_FILE, started=time.perf_counter())
    stream = io.StringIO()
    assert main(["explain", str(out), hostile, "--lang", "en"], out=stream) == 0
    text = stream.getvalue()
    assert not any(c in text for c in "\x1b\x07\x9b\u202e")
    assert "X\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202eZ" in text


def test_explain_cli_refuses_a_v1_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A ledger of decision/v1 records: exit 1 with one line naming the format explained,
    nothing written."""
    out = write_run(tmp_path)

    def old(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**item, "format": "decision/v1"} for item in items]

    _rewrite_ledger(out, old)
    stream = io.StringIO()
    assert execute_explain(out, "A-SELECTED", lang="en", stream=stream) == 1
    assert stream.getvalue() == ""
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "'decision/v1' is not supported" in err[0]
    assert "decision/v2 records only" in err[0]
