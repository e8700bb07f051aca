"""The run folder: replaced whole or not at all, one run at a time, never over an input, never
destroyed without --force, its CSV safe to open, and a kill at any moment leaving the previous
or the new complete run (docs/auditing.md, "What a run folder guarantees")."""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import io
import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import asn_competency as asn
from asn_competency.audit import ledger, verify
from asn_competency.audit import run_folder as rf
from asn_competency.audit.run_folder import (
    KILL_AT,
    LEDGER_FILE,
    MANIFEST_FILE,
    RESULTS_FILE,
    RUN_FILES,
    RunFolderError,
    claim,
    results_cell,
    write_outputs,
)
from asn_competency.cli import main
from asn_competency.files.csv_cells import csv_cell
from asn_competency.testing.synth import synthesize, write_synth
from tests.cpns_rows import candidate, formation

AS_OF = dt.date(2024, 9, 10)
POLICY = asn.shipped("cpns-2024.yaml")


# ----------------------------------------------------------------------------- helpers


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Rows as a CSV file (dates ISO, decimals as written)."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(
            {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
            for row in rows
        )
    return path


def small_inputs(folder: Path) -> tuple[Path, Path]:
    """Two passing candidates and one formation, as CSV files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    candidates = write_csv(folder / "candidates.csv", [candidate("A1"), candidate("A2")])
    formations = write_csv(folder / "formations.csv", [formation("F1")])
    return candidates, formations


def cli(*argv: str | Path) -> tuple[int, str]:
    """``asn-competency ARGV`` in this process: the exit code and what it printed."""
    out = io.StringIO()
    return main([str(a) for a in argv], out=out), out.getvalue()


def run_args(candidates: Path, formations: Path, out: Path, *extra: str) -> list[str | Path]:
    """The arguments of ``run`` on the CPNS policy as of the closing date."""
    return [
        "run", POLICY, candidates, "--formations", formations,
        "--as-of", AS_OF.isoformat(), "--out", out, *extra,
    ]  # fmt: skip


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` by name, with its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def leftovers(out: Path) -> list[str]:
    """What a run leaves beside its folder other than the folder and its lock."""
    return sorted(
        p.name
        for p in out.parent.iterdir()
        if p.name.startswith(f".{out.name}.") and p.name != f".{out.name}.lock"
    )


# ----------------------------------------------------------------------------- 1. values


def test_a_jsonl_value_a_field_rejects_is_recorded_as_text(tmp_path: Path) -> None:
    """A JSON Lines row with ``"twk": 100.5`` is an invalid_input row whose problem records
    the value as text, as for CSV; the run writes its folder and verify recomputes it."""
    formations = write_csv(tmp_path / "formations.csv", [formation("F1")])
    good = json.dumps({**candidate("A1", birth_date="1996-05-17", gpa="3.50")})
    bad = good.replace('"A1"', '"A2"').replace('"twk": 100', '"twk": 100.5')
    candidates = tmp_path / "candidates.jsonl"
    candidates.write_text(f"{good}\n{bad}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, printed = cli(*run_args(candidates, formations, out))
    assert code == 0, printed
    records = [json.loads(line) for line in (out / LEDGER_FILE).read_text("utf-8").splitlines()]
    problem = records[1]["problems"][0]
    assert (records[1]["candidate_id"], problem["code"]) == ("A2", "input.type")
    assert problem["value"] == "100.5"
    report = verify(out, policy=POLICY, candidates=candidates, formations=formations)
    assert report.ok, report.render()
    assert report.recomputed


def test_every_value_a_record_holds_is_plain_json() -> None:
    """Values a field rejects (a decimal, a binary float, a date, NaN, an exponent) are
    recorded as their text: every record is plain JSON and survives a JSON round trip."""
    rows = [
        candidate("A1", twk=Decimal("100.5")),
        candidate("A2", twk=100.5),
        candidate("A3", tiu=dt.date(2020, 1, 1)),
        candidate("A4", twk=float("nan")),
        candidate("A5", birth_date=Decimal("1E+999999")),
        candidate("A6", twk=True),
    ]
    result = asn.run(asn.load_policy(POLICY), rows, formations=[formation("F1")], as_of=AS_OF)
    values = {}
    for record in ledger(result):
        assert json.loads(json.dumps(record, allow_nan=False)) == record
        values[record["candidate_id"]] = record["problems"][0]["value"]
    assert values == {
        "A1": "100.5",
        "A2": "100.5",
        "A3": "2020-01-01",
        "A4": "nan",
        "A5": "1E+999999",
        "A6": True,
    }


# ----------------------------------------------------------------------------- 2. whole


def test_a_run_folder_is_not_replaced_without_force(tmp_path: Path) -> None:
    """Rerunning into a run folder without --force exits 2 with output.exists before the
    policy is even read (an unreadable policy is not reported), and changes nothing."""
    candidates, formations = small_inputs(tmp_path / "in")
    out = tmp_path / "out"
    assert cli(*run_args(candidates, formations, out))[0] == 0
    before = snapshot(out)
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: selection-policy\nschema_version: 9\n", "utf-8")
    args = run_args(candidates, formations, out)
    args[1] = broken
    code, printed = cli(*args)
    assert (code, printed) == (2, "")
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_refusals_are_one_problem_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each refusal is one 'path: CODE message (hint)' line on stderr; a run folder that
    holds a run is a usage error without --force (exit 2), as in every command."""
    candidates, formations = small_inputs(tmp_path / "in")
    out = tmp_path / "out"
    cli(*run_args(candidates, formations, out))
    capsys.readouterr()
    assert cli(*run_args(candidates, formations, out))[0] == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{out}: output.exists --out holds a run already")
    assert "pass --force" in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_write_outputs_guards_the_folder_as_run_does(tmp_path: Path) -> None:
    """The Python API writes a run folder under the same rules: a second write_outputs into
    it raises RunFolderError (output.exists) and changes nothing; force=True replaces it."""
    candidates, formations = small_inputs(tmp_path / "in")
    result = asn.run(asn.load_policy(POLICY), candidates, formations=formations, as_of=AS_OF)
    out = tmp_path / "out"
    inputs = {"candidates": candidates, "formations": formations}
    write_outputs(result, out, inputs=inputs, policy_file=POLICY, started=time.perf_counter())
    before = snapshot(out)
    with pytest.raises(RunFolderError) as info:
        write_outputs(result, out, inputs=inputs, policy_file=POLICY, started=0.0)
    assert info.value.problem.code == "output.exists"
    assert snapshot(out) == before
    manifest = write_outputs(
        result, out, inputs=inputs, policy_file=POLICY, started=0.0, force=True
    )
    assert json.loads((out / MANIFEST_FILE).read_text("utf-8")) == manifest
    assert verify(out).ok


def test_a_folder_holding_other_files_needs_force(tmp_path: Path) -> None:
    """A folder that holds files but no run is not replaced without --force; with --force it
    is replaced as a whole; an empty folder is used without --force."""
    candidates, formations = small_inputs(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", "utf-8")
    assert cli(*run_args(candidates, formations, out))[0] == 2
    assert snapshot(out) == {"notes.txt": b"keep me"}
    assert cli(*run_args(candidates, formations, out, "--force"))[0] == 0
    assert sorted(snapshot(out)) == sorted(RUN_FILES)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli(*run_args(candidates, formations, empty))[0] == 0
    assert sorted(snapshot(empty)) == sorted(RUN_FILES)


def test_a_rerun_that_fails_leaves_the_previous_run(tmp_path: Path) -> None:
    """A rerun with --force that fails (an invalid policy) leaves the previous run byte for
    byte, and nothing beside it."""
    candidates, formations = small_inputs(tmp_path / "in")
    out = tmp_path / "out"
    assert cli(*run_args(candidates, formations, out))[0] == 0
    before = snapshot(out)
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: selection-policy\nschema_version: 9\n", "utf-8")
    args = run_args(candidates, formations, out, "--force")
    args[1] = broken
    assert cli(*args)[0] == 1
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_a_rerun_on_a_date_without_parameters_leaves_the_previous_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rerun as of a date the policy's parameters do not reach is one problem line
    (param.no-value), exit 1, no traceback; the previous run stays and nothing is left."""
    candidates, formations = small_inputs(tmp_path / "in")
    out = tmp_path / "out"
    assert cli(*run_args(candidates, formations, out))[0] == 0
    before = snapshot(out)
    capsys.readouterr()
    args = run_args(candidates, formations, out, "--force")
    args[args.index("--as-of") + 1] = "1990-01-01"
    assert cli(*args)[0] == 1
    err = capsys.readouterr().err
    assert "param.no-value" in err
    assert "Traceback" not in err
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_a_forced_rerun_replaces_the_whole_folder(tmp_path: Path) -> None:
    """--force replaces the folder whole: a file of the old folder does not survive, the new
    run verifies, and no temporary folder or backup is left."""
    candidates, formations = small_inputs(tmp_path / "in")
    out = tmp_path / "out"
    assert cli(*run_args(candidates, formations, out))[0] == 0
    (out / "stale.txt").write_text("old", "utf-8")
    args = run_args(candidates, formations, out, "--force")
    args[args.index("--as-of") + 1] = "2024-09-11"
    assert cli(*args)[0] == 0
    assert sorted(snapshot(out)) == sorted(RUN_FILES)
    assert json.loads((out / MANIFEST_FILE).read_text("utf-8"))["as_of"] == "2024-09-11"
    assert verify(out).ok
    assert leftovers(out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]  # no lock file left


def test_planted_links_are_never_followed(tmp_path: Path) -> None:
    """A planted '.results.csv.partial' link in the run folder does not make a rerun write
    outside --out, and a lock file planted as a link is refused (output.not-writable)."""
    candidates, formations = small_inputs(tmp_path / "in")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", "utf-8")
    out = tmp_path / "out"
    assert cli(*run_args(candidates, formations, out))[0] == 0
    for name in RUN_FILES:
        (out / f".{name}.partial").symlink_to(victim)
    assert cli(*run_args(candidates, formations, out, "--force"))[0] == 0
    assert victim.read_text("utf-8") == "precious"
    assert sorted(snapshot(out)) == sorted(RUN_FILES)

    other = tmp_path / "other"
    (tmp_path / ".other.lock").symlink_to(victim)
    with pytest.raises(RunFolderError) as info:
        claim(other)
    assert info.value.problem.code == "output.not-writable"
    assert victim.read_text("utf-8") == "precious"
    assert not other.exists()


def test_a_crash_between_the_two_renames_is_repaired(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where folders cannot be exchanged (renameat2 missing, as on macOS), a run swaps by two
    renames; the state a crash between them leaves (no target, the previous run whole at
    '.<name>.previous') is put back by the next claim (which then needs --force to replace
    it), and a backup left after the second rename is removed."""
    monkeypatch.setattr(rf.writing, "_renameat2", lambda source, target, flags: False)
    candidates, formations = small_inputs(tmp_path / "in")
    out = tmp_path / "out"
    assert cli(*run_args(candidates, formations, out))[0] == 0
    assert cli(*run_args(candidates, formations, out, "--force"))[0] == 0
    assert leftovers(out) == []
    before = snapshot(out)

    out.rename(tmp_path / ".out.previous")  # killed between the renames
    with pytest.raises(RunFolderError) as info:
        claim(out)  # put back first, then refused: replacing it needs force
    assert info.value.problem.code == "output.exists"
    assert snapshot(out) == before
    assert leftovers(out) == []

    (tmp_path / ".out.previous").mkdir()  # killed after the second rename
    (tmp_path / ".out.previous" / MANIFEST_FILE).write_text("{}", "utf-8")
    claim(out, force=True).release()
    assert snapshot(out) == before
    assert leftovers(out) == []


# ----------------------------------------------------------------------------- 4. places


def test_out_that_is_a_file_or_cannot_be_made_is_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out naming a file is output.not-a-folder; --out under a file (no folder can be made
    there) is output.not-writable; one problem line each, no traceback: exit 2 for the
    argument that names a file, 1 for the place the system refuses."""
    candidates, formations = small_inputs(tmp_path / "in")
    plain = tmp_path / "plain.txt"
    plain.write_text("x", "utf-8")
    assert cli(*run_args(candidates, formations, plain, "--force"))[0] == 2
    assert f"{plain}: output.not-a-folder" in capsys.readouterr().err
    assert plain.read_text("utf-8") == "x"
    assert cli(*run_args(candidates, formations, plain / "out"))[0] == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{plain / 'out'}: output.not-writable")
    assert "Traceback" not in err


def test_out_that_is_or_holds_an_input_is_refused_even_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """run never writes over its own inputs: --out that holds the candidates file, is the
    candidates file, or holds the policy is output.is-input, with --force too."""
    candidates, formations = small_inputs(tmp_path / "in")
    before = snapshot(tmp_path / "in")
    for out in (tmp_path / "in", candidates, tmp_path):
        assert cli(*run_args(candidates, formations, out, "--force"))[0] == 2
        assert "output.is-input" in capsys.readouterr().err
    assert snapshot(tmp_path / "in") == before
    policy = tmp_path / "policies" / "cpns.yaml"
    policy.parent.mkdir()
    policy.write_bytes(POLICY.read_bytes())
    args = run_args(candidates, formations, policy.parent / ".." / "policies", "--force")
    args[1] = policy
    assert cli(*args)[0] == 2
    assert "output.is-input" in capsys.readouterr().err
    assert policy.read_bytes() == POLICY.read_bytes()


def test_a_symbolic_link_as_out_is_refused(tmp_path: Path) -> None:
    """--out that is a symbolic link is refused (output.not-writable): replacing the folder
    would replace the link, and the folder it points to stays as it is."""
    candidates, _ = small_inputs(tmp_path / "in")
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(RunFolderError) as info:
        claim(link, reads=[candidates], force=True)
    assert info.value.problem.code == "output.not-writable"
    assert link.is_symlink()


# ----------------------------------------------------------------------------- 5. CSV


def test_results_csv_cells_are_not_read_as_formulas(tmp_path: Path) -> None:
    """Invalid ids and formation ids that start like a formula are written with a leading
    apostrophe in results.csv, as in the announcement (one helper); numbers stay numbers;
    verify and announce accept the folder."""
    ids = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-1+1"]
    rows = [candidate(cid) for cid in ids] + [candidate("2024-000001", "=1+2")]
    candidates = write_csv(tmp_path / "candidates.csv", rows)
    formations = write_csv(tmp_path / "formations.csv", [formation("F1"), formation("=1+2")])
    out = tmp_path / "out"
    assert cli(*run_args(candidates, formations, out))[0] == 0
    with (out / RESULTS_FILE).open(encoding="utf-8", newline="") as stream:
        results = list(csv.DictReader(stream))
    written = {row["candidate_id"] for row in results}
    assert written == {"'" + cid for cid in ids} | {"2024-000001"}
    placed = next(row for row in results if row["candidate_id"] == "2024-000001")
    assert (placed["formation_id"], placed["placement_formation_id"]) == ("'=1+2", "'=1+2")
    assert placed["final_score"] == "77.091"
    assert verify(out, policy=POLICY, candidates=candidates, formations=formations).ok
    assert cli("announce", out, "--out", tmp_path / "a.csv")[0] == 0
    assert "'=1+2" in (tmp_path / "a.csv").read_text("utf-8-sig")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("2024-000001", "2024-000001"),
        ("", ""),
        ("-3", "-3"),
        ("61.491", "61.491"),
        ("-800/11", "-800/11"),
    ],
)
def test_results_cells(value: str, cell: str) -> None:
    """A results cell is neutralised by the announcement's rule unless it is a number the
    run computed (exact decimals and fractions, negative ones too)."""
    assert results_cell(value) == cell
    if not value.lstrip("-").replace(".", "").replace("/", "").isdigit():
        assert csv_cell(value) == cell


# ----------------------------------------------------------------------------- processes


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """2,000 synthetic CPNS applicants, written once."""
    data = synthesize(asn.load_policy(POLICY), applicants=2000, seed=3, as_of=AS_OF)
    return write_synth(data, tmp_path_factory.mktemp("cycle") / "inputs")


def spawn(
    inputs: dict[str, Path], out: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """``python -m asn_competency run`` on ``inputs`` in a new process."""
    args = run_args(inputs["candidates"], inputs["formations"], out, *extra)
    command = [sys.executable, "-m", "asn_competency", *map(str, args)]
    environment = {**os.environ, **(env or {})}
    return subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for_claim(out: Path, process: subprocess.Popen[str]) -> None:
    """Wait until ``process`` holds the folder's lock (its temporary folder exists)."""
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".partial") for p in out.parent.glob(f".{out.name}.run-*")):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run never claimed its folder"
        time.sleep(0.02)


def test_a_second_run_into_the_same_folder_stops_at_once(
    cycle: dict[str, Path], tmp_path: Path
) -> None:
    """Two runs into one folder: while the first holds the lock (stopped by SIGSTOP), the
    second exits 1 at once with output.locked naming the folder and writes nothing; the
    first, continued, finishes and its folder verifies."""
    out = tmp_path / "out"
    first = spawn(cycle, out)
    try:
        wait_for_claim(out, first)
        first.send_signal(signal.SIGSTOP)
        started = time.monotonic()
        second = spawn(cycle, out, "--force")
        _, err = second.communicate(timeout=60)
        assert second.returncode == 1, err
        assert err.startswith(f"{out}: output.locked another run is writing this run folder")
        assert time.monotonic() - started < 30
        assert not out.exists()
    finally:
        first.send_signal(signal.SIGCONT)
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    report = verify(out)
    assert report.ok, report.render()
    assert report.records == 2000
    assert leftovers(out) == []


def test_the_lock_is_released_when_a_run_is_killed(cycle: dict[str, Path], tmp_path: Path) -> None:
    """A run killed while it holds the lock does not block the next one: the kernel
    releases the lock, and the next run removes the dead run's temporary folder."""
    out = tmp_path / "out"
    process = spawn(cycle, out, env={KILL_AT: "claimed"})
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert len(leftovers(out)) == 1
    with (tmp_path / ".out.lock").open("rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free
    small = small_inputs(tmp_path / "in")
    assert cli(*run_args(*small, out))[0] == 0
    assert leftovers(out) == []


def test_a_run_killed_at_any_moment_leaves_the_old_or_the_new_run(
    cycle: dict[str, Path], tmp_path: Path
) -> None:
    """SIGKILL at several moments of a 2,000-applicant rerun (timed delays across the whole
    run, and the named points of the test hook: claimed, written, swapped): the folder is
    always the previous complete run, byte for byte, or the new complete run (verify and
    announce accept it); never anything else, and the next run cleans up."""
    out = tmp_path / "out"
    started = time.monotonic()
    first = spawn(cycle, out)
    first.communicate(timeout=120)
    assert first.returncode == 0
    duration = time.monotonic() - started
    previous = snapshot(out)
    outcomes: list[str] = []

    def check() -> None:
        nonlocal previous
        assert out.is_dir()
        assert not out.is_symlink()
        now = snapshot(out)
        if now == previous:
            outcomes.append("old")
            return
        assert sorted(now) == sorted(RUN_FILES)
        report = verify(out)
        assert report.ok, report.render()
        assert report.records == 2000
        outcomes.append("new")
        previous = now

    for fraction in (0.3, 0.6, 0.8, 0.9, 1.0, 1.2):
        as_of = f"2024-09-{11 + len(outcomes)}"  # each rerun differs from the last
        process = spawn(cycle, out, "--force", "--as-of", as_of)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        check()
    for point in ("claimed", "written", "swapped"):
        as_of = f"2024-09-{11 + len(outcomes)}"
        process = spawn(cycle, out, "--force", "--as-of", as_of, env={KILL_AT: point})
        process.communicate(timeout=120)
        assert process.returncode == -signal.SIGKILL, point
        check()
        assert outcomes[-1] == ("new" if point == "swapped" else "old"), point
    assert "old" in outcomes
    assert "new" in outcomes
    assert cli("announce", out, "--out", tmp_path / "announcement.csv")[0] == 0
    assert leftovers(out) != []  # the previous run, at the temporary name of the killed run
    claim(out, force=True).release()  # the next claim of the folder removes it
    assert leftovers(out) == []
    assert snapshot(out) == previous
