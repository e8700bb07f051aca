"""``asn-competency run``: read the inputs, run the selection, write the three outputs.

Outputs are written atomically: each file goes to a temporary name in the output folder and
is renamed into place; ``manifest.json`` comes last, so a folder with a manifest is complete.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from asn_competency._api import load
from asn_competency._version import __version__
from asn_competency.audit import GENESIS, ledger
from asn_competency.files import file_sha256
from asn_competency.model import SelectionPolicy, document_hash
from asn_competency.pipeline import RunResult, result_columns, result_rows, run
from asn_competency.pipeline.records import summary

__all__ = ["execute", "write_outputs"]


def _atomic_write(target: Path, write: Callable[[TextIO], None]) -> None:
    temporary = target.with_name(f".{target.name}.partial")
    with temporary.open("w", encoding="utf-8", newline="") as stream:
        write(stream)
        stream.flush()
        os.fsync(stream.fileno())
    temporary.replace(target)


def write_outputs(
    result: RunResult,
    out: Path,
    *,
    inputs: dict[str, Path],
    policy_file: Path,
    started: float,
) -> dict[str, Any]:
    """Write results.csv, decisions.jsonl and manifest.json; return the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").unlink(missing_ok=True)  # incomplete until the new one lands

    def write_results(stream: TextIO) -> None:
        writer = csv.DictWriter(stream, fieldnames=result_columns(result), lineterminator="\n")
        writer.writeheader()
        writer.writerows(result_rows(result))

    head = GENESIS
    count = 0

    def write_ledger(stream: TextIO) -> None:
        nonlocal head, count
        for record in ledger(result):
            stream.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            head, count = record["hash"], count + 1

    _atomic_write(out / "results.csv", write_results)
    _atomic_write(out / "decisions.jsonl", write_ledger)
    manifest = {
        "format": "manifest/v1",
        "policy": {
            "id": result.policy.id,
            "hash": document_hash(result.policy),
            "file": str(policy_file.resolve()),
        },
        "inputs": {
            name: {"file": str(path), "sha256": file_sha256(path)} for name, path in inputs.items()
        },
        "as_of": result.as_of.isoformat(),
        "library_version": __version__,
        "counts": summary(result),
        "ledger": {"records": count, "head": head},
        "outputs": {"results.csv": {"sha256": file_sha256(out / "results.csv")}},
        "ignored_columns": list(result.ignored_columns),
        "run": {
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 3),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }

    def write_manifest(stream: TextIO) -> None:
        stream.write(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")

    _atomic_write(out / "manifest.json", write_manifest)
    return manifest


def _progress(stream: TextIO) -> Callable[[str, int, int], None] | None:
    if not stream.isatty():
        return None

    def show(stage: str, number: int, total: int) -> None:
        width = 30
        filled = width * number // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {number}/{total} {stage:<24}")
        stream.flush()
        if number == total:
            stream.write("\n")

    return show


def _table(rows: Iterable[tuple[str, ...]]) -> str:
    rows = list(rows)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def execute(
    policy_path: Path,
    candidates: Path,
    *,
    formations: Path,
    ratings: Path | None,
    as_of: dt.date | None,
    out: Path,
    strict: bool,
    stream: TextIO,
) -> int:
    """The ``run`` command; returns its exit code."""
    started = time.perf_counter()
    policy = load(policy_path)
    if not isinstance(policy, SelectionPolicy):
        sys.stderr.write(f"{policy_path}: a selection-policy is needed, not a {policy.kind}\n")
        return 1
    result = run(
        policy,
        candidates,
        formations=formations,
        ratings=ratings,
        as_of=as_of,
        progress=_progress(sys.stderr),
    )
    inputs = {"candidates": candidates, "formations": formations}
    if ratings is not None:
        inputs["ratings"] = ratings
    manifest = write_outputs(result, out, inputs=inputs, policy_file=policy_path, started=started)
    counts = manifest["counts"]
    final = counts.pop("final")
    buffer = io.StringIO()
    buffer.write(f"{len(result)} candidate row(s), policy {policy.id}, as of {result.as_of}\n\n")
    header = ("stage", *sorted({o for c in counts.values() for o in c}))
    lines = [header] + [
        (stage, *(str(c.get(o, "")) for o in header[1:])) for stage, c in counts.items()
    ]
    buffer.write(_table(lines) + "\n\n")
    buffer.write(_table([("final status", "count")] + [(k, str(v)) for k, v in final.items()]))
    buffer.write(f"\n\nwritten to {out}: results.csv, decisions.jsonl, manifest.json\n")
    stream.write(buffer.getvalue())
    if strict and final.get("invalid_input"):
        return 1
    return 0
