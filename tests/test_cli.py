"""Command line: schema, hash and demo (validate has its own module)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import asn_competency as asn
from asn_competency.cli import main
from asn_competency.model.kinds import schema_text
from tests.conftest import RUBRICS


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_schema_prints_the_committed_schema() -> None:
    """`schema KIND` prints the JSON Schema, identical to schemas/."""
    code, text = _run("schema", "selection-policy")
    assert code == 0
    assert text == schema_text("selection-policy", 1)
    assert json.loads(text)["$id"] == "urn:asn-competency:schema:selection-policy:v1"


def test_schema_unknown_kind_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown kind is a usage error (exit 2) listing the choices."""
    with pytest.raises(SystemExit) as info:
        _run("schema", "selection-polcy")
    assert info.value.code == 2
    assert "selection-policy" in capsys.readouterr().err


def test_hash_ignores_formatting(tmp_path: Path) -> None:
    """`hash` prints the same content hash for a reformatted, commented copy."""
    source = RUBRICS / "cpns-2024.yaml"
    copy = tmp_path / "copy.yaml"
    text = source.read_text(encoding="utf-8")
    copy.write_text(
        "# published copy\n" + text.replace("maximum: 150,", "maximum: 1.5E+2,"), "utf-8"
    )
    code_a, out_a = _run("hash", str(source))
    code_b, out_b = _run("hash", str(copy))
    assert (code_a, code_b) == (0, 0)
    assert out_a.split()[0] == out_b.split()[0]
    assert out_a.split()[0].startswith("sha256:")


def test_hash_of_invalid_file_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`hash` of an invalid file exits 1 and prints the problems, not a hash."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: selection-policy\nschema_version: 9\n", encoding="utf-8")
    code, out = _run("hash", str(bad))
    assert code == 1
    assert out == ""
    assert "kind.version-unsupported" in capsys.readouterr().err


def test_demo_runs_the_shipped_policies_end_to_end(tmp_path: Path) -> None:
    """`demo` validates every shipped file, then generates data for the Gayungan and CPNS
    policies and runs both, writing the three outputs of each: the Gayungan posts are in
    Kecamatan Gayungan for Pemerintah Kota Surabaya, and CPNS 2024 runs as of the closing
    date of registration, 10 September 2024 (docs/domain.md, "CPNS age limits")."""
    code, out = _run("demo", "--out", str(tmp_path), "--applicants", "400")
    assert code == 0
    for path in RUBRICS.glob("*.yaml"):
        assert f"valid    {path.name}" in out
    for policy in ("gayungan-2026", "cpns-2024"):
        for name in ("results.csv", "decisions.jsonl", "manifest.json"):
            assert (tmp_path / policy / "output" / name).is_file()
    assert "selected" in out
    assert "== cpns-2024: 400 synthetic applicants, as of 2024-09-10 ==" in out
    manifest = json.loads((tmp_path / "cpns-2024" / "output" / "manifest.json").read_text("utf-8"))
    assert manifest["as_of"] == "2024-09-10"
    assert "catalogue: local: Kecamatan Gayungan, Kota Surabaya" in out
    with (tmp_path / "gayungan-2026" / "input" / "formations.csv").open(encoding="utf-8") as f:
        formations = list(csv.DictReader(f))
    assert {f["agency"] for f in formations} == {"Pemerintah Kota Surabaya"}
    assert all(f["location"].endswith("Kecamatan Gayungan") for f in formations)


def test_synth_then_run(tmp_path: Path) -> None:
    """`synth` writes tables that `run` reads; every candidate row gets one result row."""
    code, _ = _run(
        "synth", str(RUBRICS / "cpns-2024.yaml"), "--applicants", "200", "--seed", "7",
        "--as-of", "2024-09-10", "--out", str(tmp_path / "in"),
    )  # fmt: skip
    assert code == 0
    code, out = _run(
        "run", str(RUBRICS / "cpns-2024.yaml"), str(tmp_path / "in" / "candidates.csv"),
        "--formations", str(tmp_path / "in" / "formations.csv"), "--as-of", "2024-09-10",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert code == 0
    assert "200 candidate row(s)" in out
    rows = (tmp_path / "out" / "results.csv").read_text("utf-8").splitlines()
    assert len(rows) == 201
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert manifest["ledger"]["records"] == 200
    strict, _ = _run(
        "run", str(RUBRICS / "cpns-2024.yaml"), str(tmp_path / "in" / "candidates.csv"),
        "--formations", str(tmp_path / "in" / "formations.csv"), "--as-of", "2024-09-10",
        "--out", str(tmp_path / "out2"), "--strict",
    )  # fmt: skip
    assert strict == 1  # the synthetic data plants invalid rows


def test_run_without_as_of_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A policy without as_of (PPPK 2024: its cycle had several periods) and no --as-of: a
    clear error, no traceback."""
    assert asn.load(RUBRICS / "pppk-2024.yaml").as_of is None
    (tmp_path / "c.csv").write_text("candidate_id,formation_id\n", "utf-8")
    (tmp_path / "f.csv").write_text("formation_id,quota,track\n", "utf-8")
    code, _ = _run(
        "run", str(RUBRICS / "pppk-2024.yaml"), str(tmp_path / "c.csv"),
        "--formations", str(tmp_path / "f.csv"), "--out", str(tmp_path / "o"),
    )  # fmt: skip
    assert code == 1
    assert "as-of" in capsys.readouterr().err


def test_hash_changes_when_a_framework_pin_breaks(tmp_path: Path) -> None:
    """Editing a pinned framework makes the position standard fail with ref.hash-mismatch."""
    for path in RUBRICS.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    kamus = tmp_path / "kamus-kompetensi-permenpanrb-38-2017.yaml"
    kamus.write_text(kamus.read_text("utf-8").replace("en: Integrity", "en: Honesty"), "utf-8")
    code, out = _run("validate", str(tmp_path / "skj-gayungan-pelayanan-publik.yaml"))
    assert code == 1
    assert "ref.hash-mismatch" in out


def test_validate_empty_folder_is_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate` on a folder without YAML files is a usage error, not 'all valid'."""
    code, out = _run("validate", str(tmp_path))
    assert (code, out) == (2, "")
    assert "no .yaml" in capsys.readouterr().err


def test_policy_tests_pass_and_fail(tmp_path: Path) -> None:
    """`test` runs the shipped CPNS cases (exit 0); a case whose expectation the policy does
    not meet fails (exit 1) with expected versus actual and the trace."""
    code, out = _run("test", str(RUBRICS / "cpns-2024.tests.yaml"))
    assert code == 0
    assert "0 failed" in out
    for path in RUBRICS.glob("cpns-2024*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    tests = tmp_path / "cpns-2024.tests.yaml"
    text = tests.read_text("utf-8").replace(
        "TKP165: {final_status: failed", "TKP165: {final_status: selected"
    )
    tests.write_text(text, "utf-8")
    code, out = _run("test", str(tests))
    assert code == 1
    assert "TKP165: final_status expected 'selected', got 'failed'" in out
    assert "tkp >= skd_min_tkp → false (tkp = 165" in out
