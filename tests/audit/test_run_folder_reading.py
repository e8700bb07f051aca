"""Reading a run folder back: the one manifest reader, and one candidate's records found in the
ledger by bisection, equal to reading every line (docs/auditing.md, "Reading a run folder")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from asn_competency.audit.run_folder import (
    LEDGER_FILE,
    MANIFEST_LIMIT,
    FoundRecord,
    ManifestError,
    find_records,
    ledger_line,
    read_manifest,
    reading,
    records_of,
)
from tests.audit.runs import small_cpns_run


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small CPNS run's output folder (its synthetic data plants duplicated ids and rows
    without an id)."""
    out, _, _ = small_cpns_run(tmp_path_factory.mktemp("reading"), applicants=150, seed=5)
    return out


def scanned(ledger: Path, candidate_id: str) -> list[FoundRecord]:
    """The records of one candidate by reading every line: what bisection must equal."""
    found, previous = [], None
    for number, record in records_of(ledger):
        if record.get("candidate_id") == candidate_id:
            found.append(FoundRecord(number, record, previous))
        previous = record
    return found


def test_bisection_finds_every_candidate_as_a_full_scan_does(run: Path) -> None:
    """For every id in the ledger (duplicated ids included), the records found by bisecting
    the canonical order are those a line-by-line scan finds, with the same line and the same
    record before each."""
    ledger = run / LEDGER_FILE
    ids = [r.get("candidate_id") for _, r in records_of(ledger)]
    assert len(ids) != len(set(ids)), "the data should hold a duplicated id"
    for candidate_id in {i for i in ids if isinstance(i, str)}:
        assert find_records(ledger, candidate_id) == scanned(ledger, candidate_id)
    assert find_records(ledger, "no-such-id") == []


def test_bisection_reads_a_logarithmic_number_of_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a ledger of 50,000 records, finding one candidate parses a few dozen lines, not the
    file: ``explain`` answers at once on a national run."""
    ledger = tmp_path / LEDGER_FILE
    with ledger.open("w", encoding="utf-8") as stream:
        for seq in range(1, 50_001):
            stream.write(
                ledger_line({"seq": seq, "candidate_id": f"C{seq:06d}", "pad": "x" * (seq % 7)})
            )
    parsed = 0
    original = reading._parse

    def counting(raw: bytes, number: int) -> dict[str, Any]:
        nonlocal parsed
        parsed += 1
        return original(raw, number)

    monkeypatch.setattr(reading, "_parse", counting)
    (found,) = find_records(ledger, "C031415")
    assert (found.line, found.record["seq"]) == (31415, 31415)
    assert found.previous is not None
    assert found.previous["seq"] == 31414
    assert parsed <= 40


def test_a_ledger_out_of_order_is_read_line_by_line(run: Path, tmp_path: Path) -> None:
    """A ledger whose lines were reordered after the run is not trusted to be sorted: the
    records are still found (a changed ledger is verify's to report, not a reason to answer
    wrongly)."""
    lines = (run / LEDGER_FILE).read_bytes().splitlines(keepends=True)
    lines.reverse()
    ledger = tmp_path / LEDGER_FILE
    ledger.write_bytes(b"".join(lines))
    for candidate_id in ("2024-000001", "2024-000075", "2024-000150"):
        assert find_records(ledger, candidate_id) == scanned(ledger, candidate_id)
        assert find_records(ledger, candidate_id)


def test_manifest_reader_reads_the_run_and_refuses_what_is_not_a_manifest(
    run: Path, tmp_path: Path
) -> None:
    """The manifest of a run is read from the folder or the file, numbers exactly; a missing
    file, text that is not JSON, JSON that is not an object and a file over the size limit
    are each refused with their own kind and a message naming manifest.json."""
    manifest = read_manifest(run)
    assert manifest == read_manifest(run / "manifest.json")
    assert manifest["ledger"]["records"] == 150
    cases: dict[str, bytes | None] = {
        "missing": None,
        "not-json": b"{not json",
        "not-object": b"[1, 2]",
        "unreadable": b" " * (MANIFEST_LIMIT + 1),
    }
    for kind, content in cases.items():
        folder = tmp_path / kind
        folder.mkdir()
        if content is not None:
            (folder / "manifest.json").write_bytes(content)
        with pytest.raises(ManifestError) as raised:
            read_manifest(folder)
        assert raised.value.kind == kind
        assert "manifest.json" in raised.value.message
    assert json.loads((run / "manifest.json").read_text("utf-8"))["format"] == "manifest/v2"
