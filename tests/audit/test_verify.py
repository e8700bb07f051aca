"""``verify``: the hash chain, the manifest, the policy and inputs, and every decision recomputed.

One small CPNS 2024 run (120 synthetic applicants) is made once; each test tampers with a
copy of its output folder and checks that verification names the first broken record.
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asn_competency.audit import chain_hash
from asn_competency.audit.run_folder import ledger_line
from asn_competency.audit.seal import SEALED_FORMAT, seal_manifest
from asn_competency.audit.verify import LISTED, VerifyReport, verify
from asn_competency.cli import main as cli_main
from asn_competency.cli.verify import execute_verify
from asn_competency.errors import Problem
from tests.audit.runs import AS_OF, POLICY, small_cpns_run

APPLICANTS = 120


@dataclass(frozen=True)
class Run:
    """An output folder and the files the run read."""

    out: Path
    policy: Path
    candidates: Path
    formations: Path

    @property
    def ledger(self) -> Path:
        """The folder's decisions.jsonl."""
        return self.out / "decisions.jsonl"

    @property
    def manifest(self) -> Path:
        """The folder's manifest.json."""
        return self.out / "manifest.json"

    def verify(self, *, inputs: bool = False, policy: Path | None = None) -> VerifyReport:
        """Verify the folder: the chain and manifest only, or with the policy and inputs."""
        if not inputs:
            return verify(self.out, policy=policy)
        return verify(
            self.out,
            policy=policy or self.policy,
            candidates=self.candidates,
            formations=self.formations,
        )


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The untouched run (not to be changed by tests: copy it with the ``copy`` fixture)."""
    root = tmp_path_factory.mktemp("verify")
    out, candidates, formations = small_cpns_run(root, applicants=APPLICANTS, seed=3)
    write_manifest(out / "manifest.json", seal_manifest(read_manifest(out / "manifest.json")))
    return Run(out, POLICY, candidates, formations)


def read_manifest(path: Path) -> dict[str, Any]:
    """A manifest as data."""
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    """Write a manifest as ``asn-competency run`` does (sealing it is the caller's choice)."""
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture
def copy(original: Run, tmp_path: Path) -> Run:
    """A copy of the run's output folder and candidates file that a test may change."""
    shutil.copytree(original.out, tmp_path / "out")
    shutil.copy(original.manifest, tmp_path / "original.json")
    shutil.copy(original.candidates, tmp_path / "candidates.csv")
    return replace(original, out=tmp_path / "out", candidates=tmp_path / "candidates.csv")


def lines(run: Run) -> list[bytes]:
    """The ledger's lines, each with its line feed."""
    return run.ledger.read_bytes().splitlines(keepends=True)


def records(run: Run) -> list[dict[str, Any]]:
    """The ledger's records."""
    return [json.loads(line) for line in lines(run)]


def write_records(run: Run, items: list[dict[str, Any]]) -> None:
    """Write records as ``asn-competency run`` does."""
    text = "".join(ledger_line(r) for r in items)
    run.ledger.write_text(text, encoding="utf-8", newline="")


def rehash(record: dict[str, Any], previous: str) -> dict[str, Any]:
    """The record chained to ``previous`` with its hash recomputed, as a forger would."""
    record = {**record, "prev_hash": previous}
    return {**record, "hash": chain_hash(previous, record)}


def codes(report: VerifyReport) -> list[str]:
    """The problems' codes, in order."""
    return [p.code for p in report.problems]


def names_seq(problem: Problem, seq: int) -> bool:
    """Whether a problem's message names record ``seq``."""
    return re.search(rf"\bseq {seq}\b", problem.message) is not None


def test_untouched_folder_verifies_with_recomputation(original: Run) -> None:
    """An untouched folder verifies: chain, manifest, policy, inputs and every decision."""
    report = original.verify(inputs=True)
    assert report.ok, report.render()
    assert report.problems == ()
    assert report.recomputed
    assert report.records == APPLICANTS
    seal = read_manifest(original.manifest)["manifest_hash"]
    assert report.seal == seal
    assert report.render() == (
        f"manifest hash: {seal}\n"
        f"ok: {APPLICANTS} records, chain intact, manifest matches, policy matches, "
        f"inputs match, {APPLICANTS} decisions recomputed and identical"
    )


def test_without_inputs_only_the_chain_and_manifest_are_checked(original: Run) -> None:
    """Without the policy and inputs, the chain and manifest are checked and a note says so."""
    report = original.verify()
    assert report.ok
    assert not report.recomputed
    assert report.render().splitlines() == [
        "note: decisions not recomputed: give --policy, --candidates, --formations to re-run them",
        f"manifest hash: {read_manifest(original.manifest)['manifest_hash']}",
        f"ok: {APPLICANTS} records, chain intact, manifest matches",
    ]


def _flipped(original: Run, index: int, offset: int, delta: int) -> VerifyReport:
    """Verify a copy of the folder with one byte of the ledger changed."""
    content = lines(original)
    line = bytearray(content[index])
    line[offset] = (line[offset] + delta) % 256
    content[index] = bytes(line)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        shutil.copy(original.manifest, out / "manifest.json")
        (out / "decisions.jsonl").write_bytes(b"".join(content))
        return verify(out)


def _assert_found_at(report: VerifyReport, index: int) -> None:
    assert not report.ok
    first = report.problems[0]
    assert first.code in {"audit.chain", "audit.record"}, report.render()
    assert first.line == index + 1, report.render()
    assert names_seq(first, index + 1), report.render()


@given(data=st.data())
def test_any_changed_byte_is_found_at_its_record(original: Run, data: st.DataObject) -> None:
    """Changing any one byte of decisions.jsonl fails verification, naming that record first."""
    content = lines(original)
    index = data.draw(st.integers(0, len(content) - 1), label="line index")
    offset = data.draw(st.integers(0, len(content[index]) - 1), label="offset")
    delta = data.draw(st.integers(1, 255), label="delta")  # never the same byte
    _assert_found_at(_flipped(original, index, offset, delta), index)


#: Changes that a careless check would miss: (what, bytes to find, offset from them, delta).
CHOSEN = [
    ("line feed made a space", b"\n", 0, ord(" ") - ord("\n")),
    ("line feed made a carriage return", b"\n", 0, ord("\r") - ord("\n")),
    ("hash digit", b'"hash":"', 8, 1),
    ("prev_hash digit", b'"prev_hash":"', 13, 1),
    ("seq digit", b'"seq":', 6, 1),
    ("key letter", b'"rank"', 1, 1),
]


@pytest.mark.parametrize("case", CHOSEN, ids=[c[0] for c in CHOSEN])
@pytest.mark.parametrize("index", [0, 57, APPLICANTS - 1])
def test_chosen_changed_bytes_are_found(
    original: Run, case: tuple[str, bytes, int, int], index: int
) -> None:
    """Bytes that a careless check would miss are found at their record too."""
    where, find, shift, delta = case
    line = lines(original)[index]
    assert find in line, where
    _assert_found_at(_flipped(original, index, line.rfind(find) + shift, delta), index)


def test_a_line_that_is_not_json_is_a_record_problem(copy: Run) -> None:
    """A line that is not JSON is audit.record, at its line, naming the seq that belongs there."""
    content = lines(copy)
    content[9] = b"not a record\n"
    copy.ledger.write_bytes(b"".join(content))
    report = copy.verify()
    first = report.problems[0]
    assert (first.code, first.line) == ("audit.record", 10)
    assert names_seq(first, 10)


def test_deleted_line_breaks_the_chain(copy: Run) -> None:
    """Deleting a line breaks seq and prev_hash at the next record and the manifest's count."""
    content = lines(copy)
    removed = json.loads(content.pop(49))
    copy.ledger.write_bytes(b"".join(content))
    report = copy.verify()
    first = report.problems[0]
    assert (first.code, first.line) == ("audit.chain", 50)
    assert names_seq(first, 51)
    assert names_seq(first, 50)  # where seq 50 belongs
    assert "audit.manifest" in codes(report)
    assert removed["seq"] == 50
    recomputed = copy.verify(inputs=True)
    missing = [p for p in recomputed.problems if p.code == "audit.mismatch"]
    assert names_seq(missing[0], 50)
    assert removed["candidate_id"] in missing[0].message


def test_swapped_lines_break_the_chain(copy: Run) -> None:
    """Swapping two lines is found at the first of them."""
    content = lines(copy)
    content[10], content[11] = content[11], content[10]
    copy.ledger.write_bytes(b"".join(content))
    report = copy.verify()
    assert not report.ok
    first = report.problems[0]
    assert (first.code, first.line) == ("audit.chain", 11)
    assert names_seq(first, 11)
    assert json.loads(content[10])["candidate_id"] in first.message


def test_forged_line_with_a_correct_hash_is_caught_by_the_manifest(copy: Run) -> None:
    """An appended record with a correct-looking hash keeps the chain, not the manifest."""
    items = records(copy)
    last = items[-1]
    forged = rehash({**last, "seq": last["seq"] + 1, "candidate_id": "2024-999999"}, last["hash"])
    write_records(copy, [*items, forged])
    report = copy.verify()
    assert "audit.chain" not in codes(report)
    assert "audit.manifest" in codes(report)
    assert any("121" in p.message and "120" in p.message for p in report.problems)
    recomputed = copy.verify(inputs=True)
    mismatch = [p for p in recomputed.problems if p.code == "audit.mismatch"]
    assert mismatch
    assert names_seq(mismatch[0], 121)
    assert "2024-999999" in mismatch[0].message


def test_edited_record_with_recomputed_hash_breaks_the_next_link(copy: Run) -> None:
    """A record edited with its hash recomputed breaks the next record's prev_hash."""
    items = records(copy)
    index = next(i for i, r in enumerate(items) if r["final_status"] == "not_selected")
    items[index] = rehash({**items[index], "final_status": "selected"}, items[index]["prev_hash"])
    write_records(copy, items)
    report = copy.verify()
    first = report.problems[0]
    assert (first.code, first.line) == ("audit.chain", index + 2)
    assert names_seq(first, index + 2)
    assert names_seq(first, index + 1)  # the record before it, named in the message
    assert [p.line for p in report.problems if p.code == "audit.chain"] == [index + 2]
    recomputed = copy.verify(inputs=True)
    mismatch = [p for p in recomputed.problems if p.code == "audit.mismatch"]
    assert len(mismatch) == 1
    assert mismatch[0].line == index + 1
    assert "final_status ('selected' recorded, 'not_selected' recomputed)" in mismatch[0].message


def test_edited_last_record_with_recomputed_hash_breaks_the_manifest_head(copy: Run) -> None:
    """The last record edited with its hash recomputed keeps the chain but not the head."""
    items = records(copy)
    items[-1] = rehash({**items[-1], "final_score": "99.999"}, items[-1]["prev_hash"])
    write_records(copy, items)
    report = copy.verify()
    assert "audit.chain" not in codes(report)
    assert codes(report) == ["audit.manifest"]
    assert "head hash" in report.problems[0].message


def forge_a_final_score(run: Run) -> tuple[list[dict[str, Any]], int]:
    """Change one record's final score to 100 as a forger would: every hash after it, the
    manifest's head and its seal rewritten; the records and the changed one's index."""
    items = records(run)
    index = next(i for i, r in enumerate(items) if r["final_score"] is not None)
    items[index]["final_score"] = "100"
    previous = "0" * 64
    for i, item in enumerate(items):
        items[i] = rehash(item, previous)
        previous = items[i]["hash"]
    write_records(run, items)
    manifest = read_manifest(run.manifest)
    manifest["ledger"]["head"] = previous
    write_manifest(run.manifest, seal_manifest(manifest))
    return items, index


def test_rewritten_chain_and_manifest_are_caught_by_recomputation(copy: Run) -> None:
    """A forger who rewrites every hash, the manifest's head and its seal is caught by
    recomputation (and by the manifest hash kept elsewhere, which differs)."""
    items, index = forge_a_final_score(copy)
    assert copy.verify().ok
    assert copy.verify().seal != read_manifest(copy.out / ".." / "original.json")["manifest_hash"]
    report = copy.verify(inputs=True)
    assert codes(report) == ["audit.mismatch"], report.render()
    first = report.problems[0]
    assert first.line == index + 1
    assert names_seq(first, index + 1)
    assert items[index]["candidate_id"] in first.message
    assert "final_score ('100' recorded" in first.message


def test_manifest_counts_must_agree_with_the_records(copy: Run) -> None:
    """A manifest whose counts per status were changed disagrees with the records."""
    manifest = json.loads(copy.manifest.read_text("utf-8"))
    manifest["counts"]["final"]["selected"] += 1
    write_manifest(copy.manifest, seal_manifest(manifest))  # resealed: only counts disagree
    report = copy.verify()
    assert codes(report) == ["audit.manifest"]
    assert "counts" in report.problems[0].message
    assert "final" in report.problems[0].message


def test_changed_policy_is_detected(copy: Run, tmp_path: Path) -> None:
    """A policy with TKP 170 instead of 166 has another hash, and recomputation differs."""
    text = POLICY.read_text("utf-8")
    old = '"2024-01-01": {value: 166, reference: kepmenpanrb-321-2024}'
    assert old in text
    changed = tmp_path / "cpns-2024-tkp170.yaml"
    changed.write_text(text.replace(old, old.replace("166", "170")), encoding="utf-8")

    report = copy.verify(policy=changed)
    assert set(codes(report)) == {"audit.policy"}
    assert len(report.problems) == 2  # the manifest's hash and every record's
    assert str(changed) in report.problems[0].message

    recomputed = copy.verify(inputs=True, policy=changed)
    assert recomputed.recomputed
    assert {"audit.policy", "audit.mismatch"} <= set(codes(recomputed))
    mismatch = [p for p in recomputed.problems if p.code == "audit.mismatch"]
    assert names_seq(mismatch[0], 1)
    assert "policy" in mismatch[0].message
    assert len(mismatch) == LISTED + 1  # every record differs: 20 listed, the rest counted
    assert mismatch[-1].message.startswith(f"{APPLICANTS - LISTED} more finding(s)")


def test_changed_candidates_file_is_detected(copy: Run) -> None:
    """A candidates file with other bytes is audit.input; with a row missing, a mismatch too."""
    header, *rows = copy.candidates.read_text("utf-8").splitlines(keepends=True)
    random.Random(1).shuffle(rows)
    copy.candidates.write_text(header + "".join(rows), encoding="utf-8", newline="")
    report = copy.verify(inputs=True)
    assert codes(report) == ["audit.input"]  # row order changes no decision
    assert "candidates" in report.problems[0].message

    copy.candidates.write_text(header + "".join(rows[:-1]), encoding="utf-8", newline="")
    report = copy.verify(inputs=True)
    assert codes(report)[0] == "audit.input"
    assert "audit.mismatch" in codes(report)


def test_missing_manifest_is_reported(copy: Run) -> None:
    """A folder without manifest.json fails with audit.manifest."""
    copy.manifest.unlink()
    report = copy.verify()
    assert codes(report) == ["audit.manifest"]
    assert "missing" in report.problems[0].message
    assert report.render().splitlines()[-1].startswith("FAILED: 1 problem(s) in 120 records")


def test_cli_exit_codes(copy: Run, tmp_path: Path) -> None:
    """execute_verify exits 0 when everything holds, 3 on a finding, 1 on an unreadable input."""

    def exit_code(out: Path, **files: Path | None) -> tuple[int, str]:
        stream = io.StringIO()
        arguments: dict[str, Path | None] = {
            "policy": None,
            "candidates": None,
            "formations": None,
            "ratings": None,
        }
        arguments.update(files)
        code = execute_verify(
            out,
            policy=arguments["policy"],
            candidates=arguments["candidates"],
            formations=arguments["formations"],
            ratings=arguments["ratings"],
            stream=stream,
        )
        return code, stream.getvalue()

    inputs = {"policy": copy.policy, "candidates": copy.candidates, "formations": copy.formations}
    code, text = exit_code(copy.out, **inputs)
    assert code == 0
    assert text.endswith("recomputed and identical\n")

    missing_policy = exit_code(copy.out, policy=tmp_path / "nowhere.yaml")
    assert missing_policy[0] == 1
    assert "file.not-found" in missing_policy[1]

    content = lines(copy)
    content[3] = content[3].replace(b'"as_of":"2024-09-10"', b'"as_of":"2024-09-11"')
    copy.ledger.write_bytes(b"".join(content))
    code, text = exit_code(copy.out)
    assert code == 3
    assert "audit.chain" in text

    copy.ledger.unlink()
    code, text = exit_code(copy.out)
    assert code == 3
    assert "audit.missing" in text
    assert exit_code(tmp_path / "no-such-folder")[0] == 1


def test_edited_results_table_is_detected(copy: Run) -> None:
    """results.csv is protected too: its hash is in the manifest, so an edit is found."""
    table = copy.out / "results.csv"
    table.write_text(table.read_text("utf-8").replace(",failed,", ",selected,", 1), "utf-8")
    report = copy.verify()
    assert not report.ok
    assert any(p.code == "audit.manifest" and "results.csv" in p.message for p in report.problems)


def test_record_json_is_canonical_json(original: Run) -> None:
    """The fast encoder of records writes exactly the canonical JSON of each real record."""
    from asn_competency.audit.ledger import record_json
    from asn_competency.files import canonical_json

    for record in records(original):
        body = {k: v for k, v in record.items() if k != "hash"}
        assert record_json(body) == canonical_json(body)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("inputs", "candidates", "sha256"), "sha256:" + "0" * 64),
        (("inputs", "candidates", "file"), "elsewhere.csv"),
        (("inputs", "ratings"), {"file": "r.csv", "sha256": "sha256:" + "1" * 64}),
        (("library_version",), "9.9.9"),
        (("ignored_columns",), ["nama"]),
        (("run", "finished_at"), "2020-01-01T00:00:00+00:00"),
        (("run", "seconds"), 0.5),
        (("run", "platform"), "elsewhere"),
        (("policy", "file"), "/elsewhere/policy.yaml"),
        (("policy", "id"), "cpns-2025"),
        (("outputs",), {}),
        (("extra",), "added"),
    ],
)
def test_any_edited_manifest_field_is_found_without_the_inputs(
    copy: Run, path: tuple[str, ...], value: object
) -> None:
    """An edit of any manifest field, even one no record repeats (input hashes, library
    version, ignored columns, run details), fails `verify` without the inputs (exit 3)."""
    manifest = read_manifest(copy.manifest)
    inner = manifest
    for key in path[:-1]:
        inner = inner[key]
    inner[path[-1]] = value
    write_manifest(copy.manifest, manifest)
    report = copy.verify()
    assert not report.ok
    assert "audit.manifest" in codes(report), report.render()
    assert any("manifest_hash" in p.message for p in report.problems), report.render()
    assert report.seal is None


def test_unsealed_v1_manifest_is_verified_with_a_note(copy: Run) -> None:
    """A manifest/v1 folder (written before the seal) still verifies, with a note that the
    fields the ledger does not repeat are not covered; derivable fields are still checked."""
    manifest = read_manifest(copy.manifest)
    del manifest["manifest_hash"]
    manifest["format"] = "manifest/v1"
    write_manifest(copy.manifest, manifest)
    report = copy.verify()
    assert report.ok
    assert report.seal is None
    assert any("manifest/v1" in note for note in report.notes)
    manifest["library_version"] = "9.9.9"  # every record says otherwise
    write_manifest(copy.manifest, manifest)
    report = copy.verify()
    assert codes(report) == ["audit.manifest"]
    assert "library_version" in report.problems[0].message


def test_unknown_manifest_format_is_refused(copy: Run) -> None:
    """A manifest of a format this version does not read is named with the ones it does."""
    write_manifest(copy.manifest, {**read_manifest(copy.manifest), "format": "manifest/v9"})
    report = copy.verify()
    assert "audit.manifest" in codes(report)
    assert "'manifest/v9'" in report.problems[0].message
    assert SEALED_FORMAT in report.problems[0].message


@pytest.mark.parametrize("name", ["decisions.jsonl", "results.csv", "manifest.json"])
def test_each_missing_run_file_is_an_integrity_failure(copy: Run, name: str) -> None:
    """A run folder missing any of its three files fails `verify` with exit 3 and the file
    named (a missing ledger or results table was exit 1)."""
    (copy.out / name).unlink()
    stream = io.StringIO()
    code = execute_verify(
        copy.out, policy=None, candidates=None, formations=None, ratings=None, stream=stream
    )
    assert code == 3, stream.getvalue()
    assert name in stream.getvalue()
    assert stream.getvalue().splitlines()[-1].startswith("FAILED")


def test_records_of_another_format_are_refused_by_name(copy: Run) -> None:
    """A ledger of decision/v1 records (an earlier version's run) with an intact chain is not
    verified as if it were v2: one ``record.unsupported-version`` problem names the format,
    how many records hold it, the first line and the format this version verifies; nothing is
    re-computed, and the command exits 1 (the folder cannot be read by this version), not 3
    (nothing is shown to be altered)."""
    items = records(copy)
    previous = "0" * 64
    for i, item in enumerate(items):
        items[i] = rehash({**item, "format": "decision/v1"}, previous)
        previous = items[i]["hash"]
    write_records(copy, items)
    manifest = read_manifest(copy.manifest)
    manifest["ledger"]["head"] = previous
    write_manifest(copy.manifest, seal_manifest(manifest))
    report = copy.verify(inputs=True)
    assert codes(report) == ["record.unsupported-version"], report.render()
    (problem,) = report.problems
    assert problem.line == 1
    assert f"{len(items)} record(s) have format 'decision/v1'" in problem.message
    assert "decision/v2" in problem.message
    assert not report.recomputed
    stream = io.StringIO()
    code = execute_verify(
        copy.out,
        policy=copy.policy,
        candidates=copy.candidates,
        formations=copy.formations,
        ratings=None,
        stream=stream,
    )
    assert code == 1


def test_either_engine_recomputes_the_run(original: Run) -> None:
    """docs/engine.md ("The two engines in one run"): verify re-computes with the columns
    engine by default, or with the reference engine when told; both find the run intact,
    since both give byte-identical records; and both find a changed decision."""
    arguments = {
        "policy": original.policy,
        "candidates": original.candidates,
        "formations": original.formations,
    }
    for engine in ("reference", "columns", None):
        report = verify(original.out, **arguments, engine=engine)
        assert report.ok, report.render()
        assert report.recomputed
    stream = io.StringIO()
    code = execute_verify(
        original.out, ratings=None, stream=stream, engine="reference", **arguments
    )
    assert code == 0, stream.getvalue()


def test_run_writes_the_same_folder_with_either_engine(original: Run, tmp_path: Path) -> None:
    """docs/cli.md (run): ``--engine reference`` and the default (columns) engine write the
    same results and byte-identical decision records."""
    stream = io.StringIO()
    out = tmp_path / "reference"
    code = cli_main(
        ["run", str(original.policy), str(original.candidates), "--formations",
         str(original.formations), "--as-of", AS_OF.isoformat(), "--out", str(out),
         "--engine", "reference"],
        stream,
    )  # fmt: skip
    assert code == 0, stream.getvalue()
    for name in ("decisions.jsonl", "results.csv"):
        assert (out / name).read_bytes() == (original.out / name).read_bytes(), name


def test_the_columns_engine_finds_a_changed_decision(copy: Run) -> None:
    """A forged decision (chain and manifest rewritten) is a mismatch for the columns engine
    too, named at the forged record."""
    items, index = forge_a_final_score(copy)
    report = verify(
        copy.out,
        policy=copy.policy,
        candidates=copy.candidates,
        formations=copy.formations,
        engine="columns",
    )
    assert codes(report) == ["audit.mismatch"], report.render()
    assert report.problems[0].line == index + 1
    assert items[index]["candidate_id"] in report.problems[0].message
