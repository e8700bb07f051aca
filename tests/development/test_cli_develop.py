"""``asn-competency develop`` and ``verify`` on its folder: written whole, byte-identical on
the same inputs, every alteration found, bad input refused with its location."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from asn_competency.cli import main
from asn_competency.development.folder import DEVELOPMENT_FILES
from tests.conftest import FIXTURES, RUBRICS

POLICY = RUBRICS / "pengembangan-gayungan-2026.yaml"
ASSESSMENTS = FIXTURES / "development" / "assessments.csv"
PERFORMANCE = FIXTURES / "development" / "performance.csv"


def _develop(out: Path, *extra: str, assessments: Path = ASSESSMENTS) -> tuple[int, str]:
    printed = io.StringIO()
    code = main(
        [
            "develop",
            str(POLICY),
            "--assessments",
            str(assessments),
            "--performance",
            str(PERFORMANCE),
            "--out",
            str(out),
            *extra,
        ],
        out=printed,
    )
    return code, printed.getvalue()


def _verify(folder: Path, *extra: str) -> tuple[int, str]:
    printed = io.StringIO()
    return main(["verify", str(folder), *extra], out=printed), printed.getvalue()


INPUTS = (
    "--policy",
    str(POLICY),
    "--assessments",
    str(ASSESSMENTS),
    "--performance",
    str(PERFORMANCE),
)


def test_develop_writes_the_folder_and_says_what_it_found(tmp_path: Path) -> None:
    """Exit 0; the five files and the manifest; the summary names the counts, the cohort
    programmes and the nine-box."""
    code, printed = _develop(tmp_path / "dev")
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "dev").iterdir()) == sorted(
        [*DEVELOPMENT_FILES, "manifest.json"]
    )
    assert "plans: complete 3, gaps_open 2, not_assessed 0, below_minimum 0" in printed
    assert "cohort programmes: M.03, M.05, T.GAY.02, T.GAY.03" in printed
    assert "nine-box: 1: 1, 5: 1, 8: 1, 9: 2" in printed


def test_the_same_inputs_give_the_same_folder(tmp_path: Path) -> None:
    """Two reviews of the same inputs: every file byte-identical (no time in the manifest)."""
    _develop(tmp_path / "a")
    _develop(tmp_path / "b")
    for name in [*DEVELOPMENT_FILES, "manifest.json"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_verify_holds_and_finds_every_alteration(tmp_path: Path) -> None:
    """verify: exit 0 on the folder as written (chain only, and recomputed from the inputs);
    exit 3 with audit.manifest for an edited plans.csv, audit.chain for an edited record,
    audit.input for another assessments table."""
    folder = tmp_path / "dev"
    _develop(folder)
    assert _verify(folder)[0] == 0
    code, printed = _verify(folder, *INPUTS)
    assert (code, "recomputed from the inputs" in printed) == (0, True)

    edited = tmp_path / "edited"
    shutil.copytree(folder, edited)
    plans = edited / "plans.csv"
    plans.write_text(plans.read_text("utf-8").replace("complete", "gaps_open", 1), "utf-8")
    code, printed = _verify(edited)
    assert (code, "audit.manifest" in printed) == (3, True)

    chained = tmp_path / "chained"
    shutil.copytree(folder, chained)
    ledger = chained / "development.jsonl"
    ledger.write_text(ledger.read_text("utf-8").replace('"level":1', '"level":2', 1), "utf-8")
    code, printed = _verify(chained)
    assert code == 3
    assert "audit.chain" in printed

    other = tmp_path / "assessments.csv"
    other.write_text(
        ASSESSMENTS.read_text("utf-8").replace("GAY-001,T.GAY.03,1,", "GAY-001,T.GAY.03,2,"),
        "utf-8",
    )
    code, printed = _verify(
        folder,
        "--policy",
        str(POLICY),
        "--assessments",
        str(other),
        "--performance",
        str(PERFORMANCE),
    )
    assert code == 3
    assert "audit.input" in printed
    assert "audit.mismatch" in printed


def test_a_bad_row_stops_the_review_with_its_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A level of 7 on line 2: exit 1, the problem at line 2, column 3; no folder written."""
    bad = tmp_path / "assessments.csv"
    lines = ASSESSMENTS.read_text("utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",1,2025", ",7,2025")
    bad.write_text("".join(lines), "utf-8")
    code, _ = _develop(tmp_path / "dev", assessments=bad)
    assert code == 1
    assert f"{bad}:2:3: input.range" in capsys.readouterr().err
    assert not (tmp_path / "dev").exists()


def test_the_output_may_not_be_an_input(tmp_path: Path) -> None:
    """--out naming the folder that holds the assessments is a usage error (exit 2)."""
    copy = tmp_path / "assessments.csv"
    shutil.copy(ASSESSMENTS, copy)
    code, _ = _develop(tmp_path, "--force", assessments=copy)
    assert code == 2


def _kind_line(path: Path) -> int:
    """The line of a file's ``kind:`` key."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith("kind:"))


def test_a_selection_policy_is_not_a_development_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """develop on a selection policy: exit 1, kind.unexpected at the file's kind: key (the
    typed loader of a development policy), naming both kinds."""
    policy = RUBRICS / "gayungan-2026.yaml"
    printed = io.StringIO()
    code = main(
        ["develop", str(policy), "--assessments", str(ASSESSMENTS), "--out", str(tmp_path / "dev")],
        out=printed,
    )
    assert code == 1
    assert capsys.readouterr().err.startswith(
        f"{policy}:{_kind_line(policy)}:1: kind.unexpected expected kind 'development-policy', "
        "found kind 'selection-policy'"
    )


def test_a_standard_and_a_catalogue_swapped_are_both_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--standard naming the catalogue and --catalog the standard: both kind.unexpected at
    once, each at its file's kind: key; nothing is written."""
    standard = RUBRICS / "skj-gayungan-pelayanan-publik.yaml"
    catalogue = RUBRICS / "katalog-pelatihan-gayungan.yaml"
    out = tmp_path / "dev"
    code = main(
        [
            "develop",
            str(RUBRICS / "pengembangan-gayungan-2026.yaml"),
            "--assessments",
            str(ASSESSMENTS),
            "--standard",
            str(catalogue),
            "--catalog",
            str(standard),
            "--out",
            str(out),
        ],
        out=io.StringIO(),
    )
    assert code == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(" expected")[0] for line in lines] == [
        f"{catalogue}:{_kind_line(catalogue)}:1: kind.unexpected",
        f"{standard}:{_kind_line(standard)}:1: kind.unexpected",
    ]
    assert not out.exists()


def test_a_missing_file_or_manifest_is_found(tmp_path: Path) -> None:
    """summary.html removed: audit.missing; manifest.json edited: audit.manifest (the seal);
    both exit 3."""
    folder = tmp_path / "dev"
    _develop(folder)
    (folder / "summary.html").unlink()
    code, printed = _verify(folder)
    assert (code, "audit.missing" in printed) == (3, True)
    _develop(folder, "--force")
    manifest = folder / "manifest.json"
    manifest.write_text(manifest.read_text("utf-8").replace('"people": 5', '"people": 6'), "utf-8")
    code, printed = _verify(folder)
    assert (code, "audit.manifest" in printed) == (3, True)
