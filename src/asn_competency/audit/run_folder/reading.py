"""Reading a run folder back: the one manifest reader, and one candidate's records found in
the ledger without reading it whole (:mod:`asn_competency.audit.run_folder`).

The ledger is in canonical order: by candidate id (code point order; rows without an id
last), so the records of one candidate are found by bisecting the file's bytes: about
``log2(records)`` short reads, whatever the ledger's size. A ledger that is not in that
order (changed after the run) is read line by line instead, so the answer never depends on
the order being intact.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Literal

from asn_competency.audit.run_folder.files import MANIFEST_FILE
from asn_competency.errors import AsnCompetencyError, PolicyError, Problem
from asn_competency.files.reading import read_regular

__all__ = [
    "MANIFEST_LIMIT",
    "FoundRecord",
    "LedgerLineError",
    "ManifestError",
    "find_records",
    "read_manifest",
    "records_of",
]

#: The largest manifest read (a manifest is a few kilobytes; its size does not grow with
#: the number of candidates).
MANIFEST_LIMIT = 1 << 20


class ManifestError(AsnCompetencyError):
    """A run folder's manifest cannot be read (code ``audit.manifest``, at the file): ``kind``
    says how (``missing``, ``unreadable``, ``not-json``, ``not-object``), ``message`` in
    words."""

    def __init__(
        self,
        kind: Literal["missing", "unreadable", "not-json", "not-object"],
        message: str,
        *,
        file: str | None = None,
    ) -> None:
        self.kind = kind
        self.message = message
        self.problem = Problem(
            "audit.manifest",
            message,
            file=file,
            hint="restore manifest.json from the run folder as written, or run again",
        )
        super().__init__(message)


def read_manifest(folder_or_file: Path) -> dict[str, Any]:
    """The parsed ``manifest.json`` of a run folder (or the manifest file itself), its
    decimal numbers read exactly (:class:`~decimal.Decimal`). :class:`ManifestError` when it
    is missing, not a readable regular file of at most :data:`MANIFEST_LIMIT` bytes, not
    UTF-8 JSON, or not a JSON object. ``verify``, ``explain`` and ``announce`` read it here."""
    path = folder_or_file / MANIFEST_FILE if folder_or_file.is_dir() else folder_or_file
    try:
        data = read_regular(path, max_bytes=MANIFEST_LIMIT)
    except PolicyError as error:
        (problem,) = error.problems[:1]
        if problem.code == "file.not-found":
            raise ManifestError(
                "missing",
                f"{MANIFEST_FILE} is missing: the run did not finish, or it was removed",
                file=str(path),
            ) from None
        raise ManifestError(
            "unreadable", f"{MANIFEST_FILE} cannot be read: {problem.message}", file=str(path)
        ) from None
    try:
        parsed = json.loads(data.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ManifestError(
            "not-json", f"{MANIFEST_FILE} is not JSON text: {error}", file=str(path)
        ) from None
    if not isinstance(parsed, dict):
        raise ManifestError(
            "not-object", f"{MANIFEST_FILE} does not hold a JSON object", file=str(path)
        )
    return parsed


@dataclass(frozen=True)
class FoundRecord:
    """A record of the ledger: its line, the record, and the record before it (``None`` for
    the first line), which a reader needs to check the record's link in the chain."""

    line: int
    record: dict[str, Any]
    previous: dict[str, Any] | None


class _UnorderedError(Exception):
    """The ledger is not in canonical order where the bisection looked."""


def find_records(ledger: Path, candidate_id: str) -> list[FoundRecord]:
    """Every record of ``candidate_id`` in the ledger, in file order (an id given on several
    rows has several). ``OSError`` or :class:`LedgerLineError` (not UTF-8 JSON objects) when the
    ledger cannot be read where it must be. Bisects the canonical order; falls back to
    reading every line when the order does not hold."""
    with ledger.open("rb") as stream:
        try:
            return _bisect(stream, os.fstat(stream.fileno()).st_size, candidate_id)
        except _UnorderedError:
            stream.seek(0)
            return _scan(stream, candidate_id, str(ledger))


def records_of(ledger: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Every record of the ledger with its line number, read one line at a time."""
    with ledger.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            yield number, _parse(raw, number, str(ledger))


class LedgerLineError(AsnCompetencyError, ValueError):
    """A line of the ledger holds no record (code ``audit.record``, at its line): ``line``
    (1-based) and the ``reason``; ``file``, the ledger, when the reader knows it."""

    def __init__(self, line: int, reason: str, *, file: str | None = None) -> None:
        self.line = line
        self.reason = reason
        self.problem = Problem(
            "audit.record",
            reason,
            file=file,
            line=line,
            hint="restore decisions.jsonl as the run wrote it",
        )
        super().__init__(f"line {line}: {reason}")


def _parse(raw: bytes, number: int, file: str | None = None) -> dict[str, Any]:
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise LedgerLineError(number, f"not a JSON record ({error})", file=file) from None
    if not isinstance(record, dict):
        raise LedgerLineError(number, "not a decision record (a JSON object is needed)", file=file)
    return record


def _order(record: dict[str, Any]) -> tuple[bool, str]:
    """Where a record stands in the canonical order (rows without an id last)."""
    candidate = record.get("candidate_id")
    return (candidate is None, candidate if isinstance(candidate, str) else "")


def _line_at(stream: BinaryIO, offset: int) -> tuple[int, bytes]:
    """The first whole line starting at or after ``offset``: (its offset, its bytes)."""
    if offset > 0:
        stream.seek(offset - 1)
        stream.readline()  # the rest of the line the offset falls in
    else:
        stream.seek(0)
    start = stream.tell()
    return start, stream.readline()


def _seq(record: dict[str, Any]) -> int:
    seq = record.get("seq")
    if type(seq) is not int:
        raise _UnorderedError
    return seq


def _bisect(stream: BinaryIO, size: int, candidate_id: str) -> list[FoundRecord]:
    target = (False, candidate_id)
    low, high = 0, size  # the first line at or after 'low' may be the first match
    while low < high:
        middle = (low + high) // 2
        start, raw = _line_at(stream, middle)
        if not raw:
            high = middle
            continue
        if _order(_parse_or_unordered(raw)) < target:
            low = start + len(raw)
        else:
            high = middle
    start, raw = _line_at(stream, low)
    found: list[tuple[int, dict[str, Any]]] = []
    while raw:
        record = _parse_or_unordered(raw)
        if record.get("candidate_id") != candidate_id:
            if _order(record) < target:
                raise _UnorderedError
            break
        found.append((start, record))
        start += len(raw)
        raw = stream.readline()
    if not found:
        raise _UnorderedError  # not where the order puts it: make sure by reading every line
    results = []
    for offset, record in found:
        seq = _seq(record)
        previous = _previous(stream, offset) if offset > 0 else None
        results.append(FoundRecord(seq, record, previous))
    return results


def _previous(stream: BinaryIO, offset: int) -> dict[str, Any]:
    """The record on the line that ends just before ``offset``."""
    back = 4096
    while True:
        begin = max(0, offset - back)
        stream.seek(begin)
        chunk = stream.read(offset - begin)
        cut = chunk.rfind(b"\n", 0, len(chunk) - 1)
        if cut >= 0 or begin == 0:
            return _parse_or_unordered(chunk[cut + 1 :])
        back *= 4


def _parse_or_unordered(raw: bytes) -> dict[str, Any]:
    try:
        return _parse(raw, 0)
    except ValueError:
        raise _UnorderedError from None


def _scan(stream: BinaryIO, candidate_id: str, file: str) -> list[FoundRecord]:
    found = []
    previous: dict[str, Any] | None = None
    for number, raw in enumerate(stream, start=1):
        record = _parse(raw, number, file)
        if record.get("candidate_id") == candidate_id:
            found.append(FoundRecord(number, record, previous))
        previous = record
    return found
