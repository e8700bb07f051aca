"""The files of a run folder and how each is spelled: their names, a ledger line, a cell of
the results, the manifest (:mod:`asn_competency.audit.run_folder`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import platform
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from asn_competency._version import __version__
from asn_competency.audit.ledger import encoded_ledger, record_json
from asn_competency.audit.seal import seal_manifest
from asn_competency.files.csv_cells import FORMULA_START, csv_cell
from asn_competency.model import document_hash
from asn_competency.pipeline import RunResult, result_columns
from asn_competency.pipeline.records import result_table, summary

__all__ = [
    "LEDGER_FILE",
    "MANIFEST_FILE",
    "RESULTS_FILE",
    "RUN_FILES",
    "ledger_line",
    "ledger_lines",
    "results_cell",
    "run_manifest",
    "write_results",
]

#: The results, one row per input candidate row.
RESULTS_FILE = "results.csv"
#: The hash-chained decision records.
LEDGER_FILE = "decisions.jsonl"
#: What the run read and decided; written last: a folder with a manifest is complete.
MANIFEST_FILE = "manifest.json"
#: The files of a run folder, in the order they are written.
RUN_FILES = (RESULTS_FILE, LEDGER_FILE, MANIFEST_FILE)

#: In a row's cells joined by commas (none holding a comma): a quote or a line break, which
#: the CSV writer quotes, or a cell after the first that starts as a formula, which
#: :func:`results_cell` may change. A row with none of these, whose first cell does not start
#: as a formula either, is written as it is.
_SPECIAL = ('"', "\r", "\n", *("," + start for start in FORMULA_START))
#: Rows of :data:`RESULTS_FILE` written at once.
_ROWS_AT_ONCE = 4096

#: A number as the run writes it (exact: ``61.491``, ``800/11``, ``-3``): never a formula.
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:/[0-9]+)?")


def ledger_line(record: Mapping[str, Any]) -> str:
    """A decision record as its line of :data:`LEDGER_FILE`: its canonical JSON
    (:func:`~asn_competency.audit.ledger.record_json`: sorted keys, no spaces, UTF-8) and a
    line feed; ``verify`` requires exactly this spelling."""
    return record_json(record).decode("utf-8") + "\n"


#: What follows ``hash`` in a record's canonical JSON (its keys sorted): ``input_digest``.
_AFTER_HASH = b',"input_digest":'


def ledger_lines(result: RunResult) -> Iterator[tuple[bytes, str]]:
    """The lines of :data:`LEDGER_FILE` for ``result`` (UTF-8, each ending in a line feed),
    each with its record's hash: exactly :func:`ledger_line` of each record of
    :func:`~asn_competency.audit.ledger.ledger`, each record encoded once
    (:func:`~asn_competency.audit.ledger.encoded_ledger`) and its hash put in its place."""
    for body, digest in encoded_ledger(result):
        yield _with_hash(body, digest), digest


def _with_hash(body: bytes, digest: str) -> bytes:
    """The line of a record whose canonical JSON without ``hash`` is ``body``: with its keys
    sorted, ``hash`` comes right before ``input_digest``, and every key before it holds a
    string, a number or null, whose JSON holds no ``,"`` (a quote inside a string is
    escaped), so the first ``,"input_digest":`` is that key's (a property test holds this
    to the full encoding)."""
    cut = body.index(_AFTER_HASH)
    whole = memoryview(body)  # its two parts joined without copies of their own
    return b"".join((whole[:cut], b',"hash":"', digest.encode("ascii"), b'"', whole[cut:], b"\n"))


@lru_cache(maxsize=1 << 16)
def results_cell(value: str) -> str:
    """A cell of :data:`RESULTS_FILE` as written: a number the run computed as it is, any
    other text through :func:`~asn_competency.files.csv_cells.csv_cell` (an invalid id
    ``=HYPERLINK(…)`` is written ``'=HYPERLINK(…)``), as the announcement writes its cells."""
    return value if _NUMBER.fullmatch(value) else csv_cell(value)


def write_results(stream: TextIO, result: RunResult) -> None:
    """Write :data:`RESULTS_FILE`'s text: the header, then one row per decision in canonical
    order, each cell through :func:`results_cell`."""
    for text in _csv_text(result_columns(result), result_table(result)):
        stream.write(text)


def _csv_text(header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """The text of ``header`` and ``rows`` (each cell through :func:`results_cell`) as
    :func:`csv.writer` writes it (line feeds), a few thousand rows at a time: a row of
    several cells, none of them with a comma, a quote or a line break nor starting as a
    formula (which :func:`results_cell` leaves as they are), is its cells joined by commas;
    any other as the writer spells it, cell by cell through :func:`results_cell` (a property
    test holds the two equal)."""
    spelled = io.StringIO()
    writer = csv.writer(spelled, lineterminator="\n")
    writer.writerow(header)
    lines = [spelled.getvalue()]
    cell = results_cell
    for row in rows:
        line = ",".join(row)
        if (
            len(row) > 1
            and line.count(",") == len(row) - 1
            and not line.startswith(FORMULA_START)
            and not any(map(line.__contains__, _SPECIAL))
        ):
            lines.append(line + "\n")  # every cell as it is, none to quote
        else:
            spelled.seek(0)
            spelled.truncate()
            writer.writerow(map(cell, row))
            lines.append(spelled.getvalue())
        if len(lines) >= _ROWS_AT_ONCE:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)


def run_manifest(
    result: RunResult,
    *,
    inputs: Mapping[str, tuple[Path, str]],
    policy_file: Path,
    records: int,
    head: str,
    results_sha256: str,
    started: float,
) -> dict[str, Any]:
    """The manifest of a run that read ``inputs`` (by name: the file and its sha256) and whose
    ledger holds ``records`` records ending in ``head``, sealed
    (:func:`~asn_competency.audit.seal.seal_manifest`: ``manifest/v2`` with its
    ``manifest_hash`` last)."""
    manifest = {
        "format": "manifest/v1",
        "policy": {
            "id": result.policy.id,
            "hash": document_hash(result.policy),
            "file": str(policy_file.resolve()),
        },
        "inputs": {
            name: {"file": str(path), "sha256": digest} for name, (path, digest) in inputs.items()
        },
        "as_of": result.as_of.isoformat(),
        "library_version": __version__,
        "counts": summary(result),
        "ledger": {"records": records, "head": head},
        "outputs": {RESULTS_FILE: {"sha256": results_sha256}},
        "ignored_columns": list(result.ignored_columns),
        "run": {
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 3),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }
    return seal_manifest(manifest)
