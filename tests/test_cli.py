"""Command line: schema, hash, demo, and faults every command handles alike (validate has
its own module)."""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import asn_competency as asn
from asn_competency.cli import main
from asn_competency.model.kinds import schema_text
from tests.audit.runs import small_cpns_run
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
    # the Gayungan cycle continues: the development of those hired, a year later with their
    # first SKP ratings a nine-box for each (docs/development.md), and the cycle's evaluation
    # with the validity of the selection scores against those ratings (docs/evaluation.md)
    later = tmp_path / "gayungan-2026" / "development-2027"
    with (later / "input" / "performance.csv").open(encoding="utf-8") as f:
        rated = {row["employee_id"] for row in csv.DictReader(f)}
    with (later / "output" / "talent.csv").open(encoding="utf-8") as f:
        placed = {row["employee_id"] for row in csv.DictReader(f)}
    assert rated
    assert placed == rated
    evaluation = tmp_path / "gayungan-2026" / "evaluation"
    assert (evaluation / "report.html").is_file()
    assert (evaluation / "report.validity.csv").is_file()


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
    assert asn.load_policy(RUBRICS / "pppk-2024.yaml").as_of is None
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
    assert "TKP 165 is below the passing grade 166 (KepmenPANRB 321/2024" in out


# ----------------------------------------------------------------------------- faults

_CPNS = str(RUBRICS / "cpns-2024.yaml")


def _console(*argv: str | bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The installed console entry, as a user runs it."""
    command = [
        sys.executable,
        "-c",
        "from asn_competency.cli import main; raise SystemExit(main())",
    ]
    return subprocess.run([*command, *argv], cwd=cwd, capture_output=True, timeout=120, check=False)


def test_out_naming_a_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    """`synth --out FILE` (a file where a folder belongs) prints one problem line with its
    code and exits 2; the file is left as it was."""
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    done = _console("synth", _CPNS, "--applicants", "5", "--out", "notes.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert done.stderr.startswith(b"notes.txt: output.not-a-folder ")
    assert (tmp_path / "notes.txt").read_text("utf-8") == "mine"


def test_os_error_anywhere_is_a_problem_line(tmp_path: Path) -> None:
    """An operating-system error in the middle of a command (a folder that cannot be made
    under a file) is `path: file.os-error reason (hint)` and exit 1, not a traceback."""
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    done = _console("synth", _CPNS, "--applicants", "5", "--out", "notes.txt/in", cwd=tmp_path)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert done.stderr.startswith(b"notes.txt/in: file.os-error ")


def test_file_name_that_is_not_utf8_is_a_problem_line(tmp_path: Path) -> None:
    """A candidates file whose name is not UTF-8 is named (escaped) in one `file.bad-name`
    problem line with exit 1, not a traceback."""
    code, _ = _run(
        "synth", _CPNS, "--applicants", "20", "--as-of", "2024-09-10",
        "--out", str(tmp_path / "in"),
    )  # fmt: skip
    assert code == 0
    os.rename(  # noqa: PTH104 - a bytes name, which Path cannot hold
        tmp_path / "in" / "candidates.csv", os.fsencode(tmp_path / "in") + b"/c\xff.csv"
    )
    done = _console(
        "run", _CPNS, b"in/c\xff.csv", "--formations", "in/formations.csv",
        "--as-of", "2024-09-10", "--out", "out", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"c\\xff.csv: file.bad-name " in done.stderr


def test_compare_never_writes_over_its_own_policy(tmp_path: Path) -> None:
    """`compare --out` naming the policy it reads (by another spelling of the path) is
    refused with output.is-input and exit 2, even with --force; the policy is unchanged."""
    for path in RUBRICS.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    code, _ = _run(
        "synth", _CPNS, "--applicants", "30", "--as-of", "2024-09-10",
        "--out", str(tmp_path / "in"),
    )  # fmt: skip
    policy = tmp_path / "cpns-2024.yaml"
    before = policy.read_bytes()
    for force in ((), ("--force",)):
        code, _ = _run(
            "compare", str(policy), "--change", str(tmp_path / "cpns-2024.change-tkp-170.yaml"),
            str(tmp_path / "in" / "candidates.csv"), "--formations",
            str(tmp_path / "in" / "formations.csv"), "--as-of", "2024-09-10",
            "--out", str(tmp_path / "in" / ".." / "cpns-2024.yaml"), *force,
        )  # fmt: skip
        assert code == 2
    assert policy.read_bytes() == before


def test_compare_replaces_an_existing_file_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`compare --out` onto an existing file is output.exists (exit 2) unless --force."""
    _run(
        "synth", _CPNS, "--applicants", "30", "--as-of", "2024-09-10",
        "--out", str(tmp_path / "in"),
    )  # fmt: skip
    target = tmp_path / "changes.csv"
    target.write_text("keep me\n", "utf-8")
    argv = (
        "compare", _CPNS, "--change", str(RUBRICS / "cpns-2024.change-tkp-170.yaml"),
        str(tmp_path / "in" / "candidates.csv"), "--formations",
        str(tmp_path / "in" / "formations.csv"), "--as-of", "2024-09-10", "--out", str(target),
    )  # fmt: skip
    code, _ = _run(*argv)
    assert code == 2
    assert "output.exists" in capsys.readouterr().err
    assert target.read_text("utf-8") == "keep me\n"
    code, _ = _run(*argv, "--force")
    assert code == 0
    assert target.read_text("utf-8").startswith("candidate_id")


def test_synth_into_a_folder_with_files_needs_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`synth --out` into a folder that holds files (real data, perhaps) is refused with
    output.exists and exit 2, the files unchanged; --force writes."""
    real = tmp_path / "data" / "candidates.csv"
    real.parent.mkdir()
    real.write_text("candidate_id\nREAL-1\n", "utf-8")
    argv = (
        "synth",
        _CPNS,
        "--applicants",
        "10",
        "--as-of",
        "2024-09-10",
        "--out",
        str(real.parent),
    )
    code, _ = _run(*argv)
    assert code == 2
    assert "output.exists" in capsys.readouterr().err
    assert real.read_text("utf-8") == "candidate_id\nREAL-1\n"
    code, _ = _run(*argv, "--force")
    assert code == 0
    assert "REAL-1" not in real.read_text("utf-8")


def test_publish_and_announce_replace_files_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`publish` and `announce` onto an existing file exit 2 (output.exists) unless --force;
    `announce --out` naming its key file is refused even with --force."""
    page = tmp_path / "criteria.html"
    page.write_text("old", "utf-8")
    assert _run("publish", _CPNS, "--out", str(page))[0] == 2
    assert page.read_text("utf-8") == "old"
    assert _run("publish", _CPNS, "--out", str(page), "--force")[0] == 0
    run_dir, _, _ = small_cpns_run(tmp_path / "run", applicants=30, seed=3)
    table = tmp_path / "pengumuman.csv"
    assert _run("announce", str(run_dir), "--out", str(table))[0] == 0
    assert _run("announce", str(run_dir), "--out", str(table))[0] == 2
    assert _run("announce", str(run_dir), "--out", str(table), "--force")[0] == 0
    key = tmp_path / "key.csv"
    key.write_bytes(b"k" * 32)
    argv = ("announce", str(run_dir), "--mask", "keyed", "--key-file", str(key))
    assert _run(*argv, "--out", str(key), "--force")[0] == 2
    assert key.read_bytes() == b"k" * 32
    assert "output.is-input" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ("synth", _CPNS, "--applicants", "5", "--as-of", "0001-01-01", "--out", "x"),
        ("synth", _CPNS, "--applicants", "0", "--out", "x"),
        ("synth", _CPNS, "--applicants", "10000000000000", "--out", "x"),
        ("synth", _CPNS, "--applicants", "5", "--seed", "1e9", "--out", "x"),
        ("demo", "--applicants", "-3"),
        ("demo", "--seed", "x"),
        ("run", _CPNS, "c.csv", "--formations", "f.csv", "--as-of", "9999-12-31", "--out", "x"),
        ("publish", _CPNS, "--as-of", "0001-01-01", "--out", "x.html"),
        ("compare", _CPNS, _CPNS, "c.csv", "--formations", "f", "--as-of", "0001-01-01"),
        ("schema", "selection-policy", "--version", "99999999999999999999999"),
    ],
)
def test_numbers_and_dates_out_of_range_are_usage_errors(
    argv: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every numeric or date argument out of its range is a usage error (exit 2) that names
    the argument, never a traceback or a silently different value."""
    with pytest.raises(SystemExit) as info:
        _run(*argv)
    assert info.value.code == 2
    assert "error: argument" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_key_file_that_never_ends_is_refused_at_once(tmp_path: Path) -> None:
    """`announce --key-file` reads a regular file of a bounded size only: /dev/zero, a named
    pipe with no writer and an oversized file are refused (exit 1) without being read."""
    run_dir, _, _ = small_cpns_run(tmp_path / "run", applicants=30, seed=3)
    fifo = tmp_path / "key.fifo"
    os.mkfifo(fifo)
    big = tmp_path / "big.key"
    big.write_bytes(b"k" * 100_000)
    for key in ("/dev/zero", str(fifo), str(big)):
        out = tmp_path / "a.csv"
        done = _console(
            "announce", str(run_dir), "--out", str(out), "--mask", "keyed", "--key-file", key,
            cwd=tmp_path,
        )  # fmt: skip
        assert done.returncode == 1, (key, done.stderr)
        assert b"key file" in done.stderr
        assert not out.exists()


def _readme_commands() -> list[list[str]]:
    """The `$asn ...` commands of the README's walkthrough, as argument lists."""
    text = (RUBRICS.parent / "README.md").read_text("utf-8")
    block = text.split("asn=.venv/bin/asn-competency\n", 1)[1].split("```", 1)[0]
    joined = block.replace("\\\n", " ")
    commands = []
    for line in joined.splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "$asn":
            commands.append(words[1:])
    return commands


def test_readme_walkthrough_runs_and_its_outputs_are_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command of the README's walkthrough succeeds in a fresh folder (`compare`
    failed without --as-of), and every output it writes is ignored by git."""
    commands = _readme_commands()
    assert [c[0] for c in commands][-1] == "compare"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rubrics").symlink_to(RUBRICS)
    before = set(tmp_path.iterdir())
    for command in commands:
        argv = ["400" if w == "2000" else w for w in command]  # a smaller cycle, same steps
        code, _ = _run(*argv)
        assert code == 0, command
    written = sorted(p.name + ("/" if p.is_dir() else "") for p in set(tmp_path.iterdir()) - before)
    assert written == ["criteria.html", "in/", "out/", "results.html"]
    patterns = (RUBRICS.parent / ".gitignore").read_text("utf-8").splitlines()
    assert [name for name in written if f"/{name}" not in patterns] == []
