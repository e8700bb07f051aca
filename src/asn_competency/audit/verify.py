"""Verification of a run's outputs: the hash chain, the manifest, and every decision re-computed.

:func:`verify` reads an output folder of ``asn-competency run`` and reports, as
:class:`~asn_competency.Problem` records, everything that does not hold:

- ``audit.record``: a line of ``decisions.jsonl`` that is not a decision record (not UTF-8,
  not JSON, not an object, no integer ``seq`` or string ``prev_hash`` and ``hash``);
- ``audit.chain``: the chain is broken. ``seq`` must run 1, 2, 3, ... (a deleted, inserted
  or moved line breaks it), each ``prev_hash`` must be the ``hash`` of the record before, each
  ``hash`` must recompute (:func:`~asn_competency.audit.chain_hash`), and each line must be
  spelled exactly as the run wrote it (its canonical JSON and a line feed:
  :func:`~asn_competency.audit.run_folder.ledger_line`). Any single changed byte is
  therefore reported at the line that holds it, and the first broken record comes first;
- ``audit.manifest``: ``manifest.json`` is missing or unreadable, or disagrees with the
  ledger (record count, head hash, counts per outcome, policy id and hash, as-of date and
  library version of every record) or with ``results.csv``'s sha256, or (``manifest/v2``) any
  of its fields was changed: its ``manifest_hash`` (:mod:`asn_competency.audit.seal`) is not
  the hash of the rest. A ``manifest/v1`` folder (written before the seal) is still verified
  field by field, with a note that its other fields are not covered;
- ``record.unsupported-version``: records of a format this version does not verify
  (:data:`RECORD_FORMATS`; a record names the library version that wrote it): the chain and
  the manifest are still checked, nothing is re-computed, and the command exits 1;
- ``audit.missing``: ``decisions.jsonl`` or ``results.csv`` is missing from the folder, or
  is not a readable file;
- ``audit.policy``: the policy given has another content hash than the manifest's or a
  record's;
- ``audit.input``: an input file given has another sha256 than the manifest's;
- ``audit.mismatch``: with the policy, candidates and formations (and ratings when the run
  read them) given, the selection is run again on the manifest's as-of date and each
  re-built record is compared with the file's, by ``seq``; a record that differs is named
  with the top-level fields that differ (records that differ only in their chain hashes
  because an earlier one differs are not repeated).

A folder that does not exist, or an input file given that cannot be read, is reported with
its ``file.*`` code (and a policy that does not load, with the loader's codes): the command
line exits 1 for those, 3 for any ``audit.*`` finding, so anything missing or altered inside
a run folder is an integrity failure.

The ledger is read as a stream and held as one small index entry per record (line, offset and
the line's SHA-256), so verifying a large run costs little more memory than running it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asn_competency._version import __version__
from asn_competency.audit.ledger import GENESIS, RECORD_FORMAT, chain_hash
from asn_competency.audit.run_folder import (
    LEDGER_FILE,
    MANIFEST_FILE,
    RESULTS_FILE,
    ManifestError,
    ledger_line,
    ledger_lines,
    read_manifest,
)
from asn_competency.audit.seal import HASH_FIELD, SEALED_FORMAT, manifest_hash
from asn_competency.errors import AsnCompetencyError, Problem
from asn_competency.files import file_sha256
from asn_competency.model import SelectionPolicy, document_hash
from asn_competency.model import load as load_document
from asn_competency.pipeline import run
from asn_competency.pipeline.bulk import without_cycle_collection
from asn_competency.scoring import DOCUMENT_CHECKS

__all__ = [
    "LEDGER_FILE",
    "LISTED",
    "MANIFEST_FILE",
    "RECORD_FORMATS",
    "VerifyReport",
    "record_findings",
    "verify",
]

#: The decision record formats verification reads (and re-computes).
RECORD_FORMATS: tuple[str, ...] = (RECORD_FORMAT,)

#: The manifest formats verification reads: v1 (before the seal) and v2 (sealed).
MANIFEST_FORMATS = ("manifest/v1", SEALED_FORMAT)
#: How many findings of one code a report lists one by one; the rest are counted in one line.
LISTED = 20

#: Fields that chain a record to the one before; they differ after any earlier difference.
_CHAIN_FIELDS = frozenset({"seq", "prev_hash", "hash"})
_ABSENT = object()


@dataclass(frozen=True)
class VerifyReport:
    """What :func:`verify` found.

    ``ok`` is true when no problem was found; ``problems`` lists them, the first broken record
    of the chain first; ``records`` is the number of lines in ``decisions.jsonl``;
    ``recomputed`` tells whether the selection was run again and compared record by record.
    ``checks`` names what was compared (``chain``, ``manifest``, ``policy``, ``inputs``,
    ``recomputation``) and ``notes`` says why a check could not be made.
    """

    ok: bool
    problems: tuple[Problem, ...]
    records: int
    recomputed: bool
    checks: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    #: the manifest's ``manifest_hash`` when it matched its content (compare it with the
    #: copy kept when the run was published)
    seal: str | None = None

    def __str__(self) -> str:
        return self.render()

    def _repr_html_(self) -> str:
        """The notebook view: :meth:`render`'s text, escaped."""
        return f"<pre>{html.escape(self.render())}</pre>"

    def render(self) -> str:
        """One line per problem (``file:line: CODE message``), any notes, the manifest hash
        of a sealed folder that verified, then a summary."""
        lines = [problem.render() for problem in self.problems]
        lines += [f"note: {note}" for note in self.notes]
        if self.ok:
            parts = [f"{self.records} records"]
            parts += [_PASSED[check] for check in self.checks if check in _PASSED]
            if self.recomputed:
                parts.append(f"{self.records} decisions recomputed and identical")
            if self.seal is not None:
                lines.append(f"manifest hash: {self.seal}")
            lines.append("ok: " + ", ".join(parts))
        else:
            errors = [p for p in self.problems if p.severity == "error"]
            codes = Counter(p.code for p in errors)
            listed = ", ".join(f"{code} {n}" for code, n in sorted(codes.items()))
            lines.append(f"FAILED: {len(errors)} problem(s) in {self.records} records ({listed})")
        return "\n".join(lines)


_PASSED = {
    "chain": "chain intact",
    "manifest": "manifest matches",
    "policy": "policy matches",
    "inputs": "inputs match",
}


# ----------------------------------------------------------------------------- collecting


class _Findings:
    """Problems by section (printed in section order), at most :data:`LISTED` per code."""

    SECTIONS = ("chain", "manifest", "policy", "input", "mismatch", "other")

    def __init__(self) -> None:
        self._listed: dict[str, list[Problem]] = {s: [] for s in self.SECTIONS}
        self._more: Counter[tuple[str, str]] = Counter()
        self._files: dict[tuple[str, str], str | None] = {}

    def add(self, section: str, problem: Problem) -> None:
        listed = self._listed[section]
        if sum(1 for p in listed if p.code == problem.code) < LISTED:
            listed.append(problem)
        else:
            self._more[section, problem.code] += 1
            self._files[section, problem.code] = problem.file

    def extend(self, section: str, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(section, problem)

    def problems(self) -> tuple[Problem, ...]:
        out: list[Problem] = []
        for section in self.SECTIONS:
            out += self._listed[section]
            for (where, code), count in sorted(self._more.items()):
                if where == section:
                    message = f"{count} more finding(s) of this kind, not listed one by one"
                    out.append(Problem(code, message, file=self._files[where, code]))
        return tuple(out)


@dataclass
class _Tally:
    """Records whose value of one field differs from what is expected: the first, and how many."""

    first: tuple[int, str, object] | None = None
    count: int = 0

    def note(self, line: int, label: str, found: object) -> None:
        if self.first is None:
            self.first = (line, label, found)
        self.count += 1


# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class _Entry:
    """Where one record of the ledger is, and the SHA-256 of its line (without the line feed)."""

    line: int
    offset: int
    digest: bytes
    candidate_id: object


def _spelled(record: Any) -> str:
    """A record as ``asn-competency run`` writes it on its line (without the line feed)."""
    return ledger_line(record)[:-1]


def _unreadable(path: Path, error: OSError) -> Problem:
    if isinstance(error, FileNotFoundError):
        return Problem("file.not-found", "no such file", file=str(path), hint="check the path")
    reason = error.strerror or type(error).__name__
    return Problem("file.unreadable", f"cannot be read: {reason}", file=str(path))


def _missing(path: Path, error: OSError | None = None) -> Problem:
    """A file of the run folder that is missing or cannot be read: an integrity finding."""
    if error is None or isinstance(error, FileNotFoundError):
        message = f"{path.name} is missing from the run folder: it was removed or never written"
    else:
        message = f"{path.name} cannot be read: {error.strerror or type(error).__name__}"
    return Problem("audit.missing", message, file=str(path), hint="restore it from a trusted copy")


def _label(seq: object, expected: int, candidate_id: object) -> str:
    where = f"seq {seq}" if seq == expected else f"seq {seq!r} (where seq {expected} belongs)"
    return f"{where}, candidate {candidate_id}"


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


@dataclass
class _Manifest:
    """The manifest's fields that verification reads (``None`` where missing or malformed)."""

    path: Path
    records: int | None = None
    head: str | None = None
    policy_hash: str | None = None
    as_of: str | None = None
    inputs: dict[str, str | None] = field(default_factory=dict)
    outputs: dict[str, str | None] = field(default_factory=dict)
    counts: dict[str, Any] | None = None
    policy_id: str | None = None
    library_version: str | None = None
    read: bool = False
    #: the ``manifest_hash`` of a sealed manifest whose content matches it
    seal: str | None = None


def _read_manifest(path: Path, findings: _Findings) -> _Manifest:
    manifest = _Manifest(path)
    file = str(path)

    def bad(message: str) -> None:
        findings.add("manifest", Problem("audit.manifest", message, file=file))

    try:
        data = read_manifest(path)
    except ManifestError as error:
        bad(error.message)
        return manifest
    manifest.read = True
    if data.get("format") not in MANIFEST_FORMATS:
        bad(
            f"manifest.json has format {data.get('format')!r}; this version reads "
            f"{' and '.join(repr(f) for f in MANIFEST_FORMATS)}"
        )
    elif data.get("format") == SEALED_FORMAT:
        _check_seal(data, bad, manifest)
    for name in ("policy", "library_version"):
        value = _get(data, "policy", "id") if name == "policy" else data.get(name)
        if isinstance(value, str):
            setattr(manifest, "policy_id" if name == "policy" else name, value)
        else:
            bad(f"manifest.json has no valid '{'policy.id' if name == 'policy' else name}'")
    records, head = _get(data, "ledger", "records"), _get(data, "ledger", "head")
    if type(records) is int and isinstance(head, str):
        manifest.records, manifest.head = records, head
    else:
        bad("manifest.json has no valid 'ledger' (an integer 'records' and a string 'head')")
    policy_hash = _get(data, "policy", "hash")
    if isinstance(policy_hash, str):
        manifest.policy_hash = policy_hash
    else:
        bad("manifest.json has no valid 'policy.hash'")
    as_of = data.get("as_of")
    if isinstance(as_of, str):
        manifest.as_of = as_of
    else:
        bad("manifest.json has no valid 'as_of'")
    for field_name in ("inputs", "outputs"):
        files = data.get(field_name)
        if isinstance(files, dict):  # {name: {"sha256": ...}}: the hash of each file
            hashes = {
                str(name): digest if isinstance(digest := _get(entry, "sha256"), str) else None
                for name, entry in files.items()
            }
            setattr(manifest, field_name, hashes)
        else:
            bad(f"manifest.json has no valid '{field_name}'")
    counts = data.get("counts")
    manifest.counts = counts if isinstance(counts, dict) else None
    if isinstance(data.get("outputs"), dict) and RESULTS_FILE not in manifest.outputs:
        bad(f"manifest.json lists no sha256 of {RESULTS_FILE} in 'outputs'")
    return manifest


def _check_seal(data: dict[str, Any], bad: Any, manifest: _Manifest) -> None:
    """A sealed manifest's ``manifest_hash`` must be the hash of its other fields."""
    recorded = data.get(HASH_FIELD)
    if not isinstance(recorded, str):
        bad(f"manifest.json ({SEALED_FORMAT}) has no '{HASH_FIELD}' string")
        return
    try:
        actual = manifest_hash(data)
    except (TypeError, ValueError) as error:  # a value with no canonical form
        bad(f"manifest.json holds a value with no canonical form: {error}")
        return
    if actual != recorded:
        bad(
            f"manifest.json was changed after the run: its {HASH_FIELD} {recorded} is not the "
            f"hash of its fields ({actual})"
        )
        return
    manifest.seal = recorded


def _check_outputs(out_dir: Path, manifest: _Manifest, findings: _Findings) -> None:
    """The other output files (results.csv) are the ones the run wrote."""
    for name, recorded in sorted(manifest.outputs.items()):
        path = out_dir / name
        try:
            actual = file_sha256(path)
        except OSError as error:
            findings.add("manifest", _missing(path, error))
            continue
        if actual != recorded:
            findings.add(
                "manifest",
                Problem(
                    "audit.manifest",
                    f"{name} has hash {actual}, not the {recorded} the run wrote: it was "
                    "changed after the run",
                    file=str(path),
                ),
            )


# ----------------------------------------------------------------------------- the chain


class _Ledger:
    """One pass over ``decisions.jsonl``: the chain checked, each record indexed by ``seq``."""

    def __init__(self, path: Path, findings: _Findings) -> None:
        self.path = path
        self.file = str(path)
        self.findings = findings
        self.index: dict[int, _Entry] = {}
        self.lines = 0
        #: lines that hold no usable record
        self.broken_lines = 0
        self.last_hash: str | None = GENESIS
        self.first_as_of: str | None = None
        self.counts: dict[str, Counter[str]] = {}
        self.final: Counter[str] = Counter()
        #: (record field, expected value) -> the records that disagree
        self.tallies: dict[tuple[str, str], _Tally] = {}
        self._expected_seq = 1
        self._previous: tuple[str, str] | None = (GENESIS, "the start of the chain")
        #: record formats other than RECORD_FORMAT → (how many records, the first line)
        self.other_formats: dict[str, tuple[int, int]] = {}

    def _chain(self, message: str, line: int) -> None:
        self.findings.add("chain", Problem("audit.chain", message, file=self.file, line=line))

    def _record(self, message: str, line: int, column: int | None = None) -> None:
        problem = Problem("audit.record", message, file=self.file, line=line, column=column)
        self.findings.add("chain", problem)

    def read(self, expect: Mapping[tuple[str, str], str | None]) -> None:
        """Read every line; ``expect`` maps (label, record field) to the value every record
        should hold (``("manifest", "policy.hash")``, ...), ``None`` when unknown."""
        offset = 0
        with self.path.open("rb") as stream:
            for number, raw in enumerate(stream, start=1):
                self.lines = number
                body = raw[:-1] if raw.endswith(b"\n") else raw
                self._line(number, offset, body, expect)
                offset += len(raw)
                if not raw.endswith(b"\n"):
                    which = f" ({self._previous[1]})" if self._previous is not None else ""
                    self._chain(
                        f"line {number}{which}: the last line has no line feed: the file was "
                        "cut or changed after the run wrote it",
                        number,
                    )

    def _broken(self) -> None:
        """The current line holds no usable record: the next one cannot be chained to it."""
        self.broken_lines += 1
        self._expected_seq += 1
        self._previous = None
        self.last_hash = None

    def _line(
        self, number: int, offset: int, body: bytes, expect: Mapping[tuple[str, str], str | None]
    ) -> None:
        expected = self._expected_seq
        place = f"line {number} (where seq {expected} belongs)"
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            self._record(f"{place}: not UTF-8 text (byte {error.start + 1})", number)
            self._broken()
            return
        try:
            record = json.loads(text)
        except (ValueError, RecursionError) as error:
            column = getattr(error, "colno", None)
            reason = getattr(error, "msg", str(error))
            self._record(f"{place}: not a JSON record: {reason}", number, column)
            self._broken()
            return
        if not isinstance(record, dict):
            self._record(f"{place}: not a JSON object", number)
            self._broken()
            return
        seq, prev_hash, digest = record.get("seq"), record.get("prev_hash"), record.get("hash")
        candidate_id = record.get("candidate_id")
        label = _label(seq, expected, candidate_id)
        if type(seq) is not int or not isinstance(prev_hash, str) or not isinstance(digest, str):
            self._record(
                f"{label} (line {number}): not a decision record: it needs an integer 'seq' "
                "and string 'prev_hash' and 'hash'",
                number,
            )
            self._broken()
            return
        self._check_chain(number, record, text, label, expected)
        found = record.get("format")
        if found != RECORD_FORMAT:
            count, first = self.other_formats.get(str(found), (0, number))
            self.other_formats[str(found)] = (count + 1, first)
        self._expected_seq = seq + 1
        self._previous = (digest, f"seq {seq}, candidate {candidate_id}")
        self.last_hash = digest
        if seq not in self.index:
            entry = _Entry(number, offset, hashlib.sha256(body).digest(), candidate_id)
            self.index[seq] = entry
        self._tally(number, record, label, expect)

    def _check_chain(
        self, number: int, record: dict[str, Any], text: str, label: str, expected: int
    ) -> None:
        seq = record["seq"]
        if seq != expected:
            self._chain(
                f"{label}: seq {seq} where seq {expected} was expected: a record was deleted, "
                "inserted or moved",
                number,
            )
        if _spelled(record) != text:
            self._chain(
                f"{label}: the line is not spelled as the run wrote it (white space, key order, "
                "escapes or number spelling changed)",
                number,
            )
        if self._previous is not None and record["prev_hash"] != self._previous[0]:
            self._chain(
                f"{label}: prev_hash is not the hash of the record before it "
                f"({self._previous[1]}): that record or this one was changed, or a record was "
                "deleted, inserted or moved",
                number,
            )
        try:
            recomputed: str | None = chain_hash(record["prev_hash"], record)
        except (TypeError, ValueError):  # a value with no canonical form (a float, NaN)
            recomputed = None
        if recomputed != record["hash"]:
            self._chain(
                f"{label}: the hash does not match the record's content: the record was "
                "changed after it was written",
                number,
            )

    def _tally(
        self,
        number: int,
        record: dict[str, Any],
        label: str,
        expect: Mapping[tuple[str, str], str | None],
    ) -> None:
        as_of = record.get("as_of")
        if self.first_as_of is None and isinstance(as_of, str):
            self.first_as_of = as_of
        values = {
            "policy.hash": _get(record, "policy", "hash"),
            "policy.id": _get(record, "policy", "id"),
            "as_of": as_of,
            "library_version": record.get("library_version"),
        }
        for (source, name), wanted in expect.items():
            if wanted is not None and values[name] != wanted:
                self.tallies.setdefault((source, name), _Tally()).note(number, label, values[name])
        stages = record.get("stages")
        for stage in stages if isinstance(stages, list) else []:
            stage_id, outcome = _get(stage, "stage_id"), _get(stage, "outcome")
            self.counts.setdefault(str(stage_id), Counter())[str(outcome)] += 1
        self.final[str(record.get("final_status"))] += 1


def record_findings(
    record: Mapping[str, Any], place: int, previous: Mapping[str, Any] | None
) -> tuple[str, ...]:
    """How one record of a ledger fails to fit the chain where it stands, for a reader that
    shows a single record (``explain``): ``place`` is its 1-based position among the
    ledger's records, ``previous`` the record before it (``None`` for the first). Returns
    ``fields`` (no integer ``seq`` or string ``prev_hash`` and ``hash``), ``hash`` (the hash
    is not that of its content), ``place`` (its ``seq`` is not its place) and ``link`` (its
    ``prev_hash`` is not the hash of the record before it); empty when it fits."""
    seq, prev_hash, digest = record.get("seq"), record.get("prev_hash"), record.get("hash")
    if type(seq) is not int or not isinstance(prev_hash, str) or not isinstance(digest, str):
        return ("fields",)
    found = []
    try:
        recomputed: str | None = chain_hash(prev_hash, record)
    except (TypeError, ValueError):  # a value with no canonical form
        recomputed = None
    if recomputed != digest:
        found.append("hash")
    if seq != place:
        found.append("place")
    before = GENESIS if previous is None else previous.get("hash")
    if prev_hash != before:
        found.append("link")
    return tuple(found)


# ----------------------------------------------------------------------------- verify


def _load_policy(path: Path, findings: _Findings) -> SelectionPolicy | None:
    try:
        document = load_document(path, checks=DOCUMENT_CHECKS)
    except AsnCompetencyError as error:
        findings.extend("other", error.problems)
        return None
    if not isinstance(document, SelectionPolicy):
        message = f"{path} is a {document.kind}, not a selection-policy"
        findings.add("policy", Problem("audit.policy", message, file=str(path)))
        return None
    return document


def _check_manifest(manifest: _Manifest, reader: _Ledger, findings: _Findings) -> None:
    file = str(manifest.path)

    def bad(message: str) -> None:
        findings.add("manifest", Problem("audit.manifest", message, file=file))

    if manifest.records is not None and manifest.records != reader.lines:
        bad(
            f"manifest.json lists {manifest.records} record(s), decisions.jsonl holds "
            f"{reader.lines}: records were added or removed"
        )
    if manifest.head is not None and reader.last_hash not in (None, manifest.head):
        bad(
            f"manifest.json's head hash {manifest.head} is not the hash of the last record "
            f"({reader.last_hash}): the last record was changed, or records were added or "
            "removed"
        )
    if manifest.counts is not None and not reader.broken_lines:
        found: dict[str, Any] = {k: dict(v) for k, v in reader.counts.items()}
        found["final"] = dict(reader.final)
        found = {k: v for k, v in found.items() if v}
        listed = {k: v for k, v in manifest.counts.items() if v}
        differ = sorted(k for k in set(found) | set(listed) if found.get(k) != listed.get(k))
        if differ:
            bad(f"manifest.json's counts disagree with the records for: {', '.join(differ)}")
    for (source, name), tally in sorted(reader.tallies.items()):
        if tally.first is None or source != "manifest":
            continue
        line, label, value = tally.first
        message = (
            f"{tally.count} record(s) hold another {name} than manifest.json; the first, "
            f"{label}, holds {value!r}"
        )
        problem = Problem("audit.manifest", message, file=reader.file, line=line)
        findings.add("manifest", problem)


def _check_policy(
    document: SelectionPolicy,
    path: Path,
    manifest: _Manifest,
    reader: _Ledger,
    findings: _Findings,
) -> None:
    digest = document_hash(document)
    if manifest.policy_hash is not None and manifest.policy_hash != digest:
        message = f"policy {path} has content hash {digest}; the run used {manifest.policy_hash}"
        findings.add("policy", Problem("audit.policy", message, file=str(manifest.path)))
    tally = reader.tallies.get(("policy", "policy.hash"))
    if tally is not None and tally.first is not None:
        line, label, value = tally.first
        message = (
            f"{tally.count} record(s) were decided under another policy than {path} "
            f"({digest}); the first, {label}, names {value!r}"
        )
        findings.add("policy", Problem("audit.policy", message, file=reader.file, line=line))


def _check_inputs(given: Mapping[str, Path], manifest: _Manifest, findings: _Findings) -> bool:
    """Compare the input files' sha256 with the manifest's; ``False`` if one cannot be read."""
    readable = True
    for name, path in given.items():
        try:
            digest = file_sha256(path)
        except OSError as error:
            findings.add("other", _unreadable(path, error))
            readable = False
            continue
        if not manifest.read:
            continue
        recorded = manifest.inputs.get(name, _ABSENT)
        if recorded is _ABSENT:
            message = f"{path} was given as {name}, but the run read no {name} file"
        elif recorded != digest:
            message = f"{name} file {path} has {digest}; the run read {recorded}"
        else:
            continue
        findings.add("input", Problem("audit.input", message, file=str(manifest.path)))
    return readable


def _describe(key: str, recomputed: Any, recorded: Any) -> str:
    """A top-level field that differs, with what differs inside it where that is short."""
    if key == "stages" and isinstance(recomputed, list) and isinstance(recorded, list):
        parts = []
        for index in range(max(len(recomputed), len(recorded))):
            a = recomputed[index] if index < len(recomputed) else {}
            b = recorded[index] if index < len(recorded) else {}
            if _spelled(a) == _spelled(b):
                continue
            name = _get(a, "stage_id") or _get(b, "stage_id") or index
            inner = (
                sorted(
                    k
                    for k in set(a) | set(b)
                    if _spelled(a.get(k, None)) != _spelled(b.get(k, None)) or (k in a) != (k in b)
                )
                if isinstance(a, dict) and isinstance(b, dict)
                else []
            )
            parts.append(f"{name}: {', '.join(inner)}" if inner else str(name))
        return f"stages ({'; '.join(parts)})"
    scalar = (str, int, bool, type(None))
    if key not in _CHAIN_FIELDS and isinstance(recomputed, scalar) and isinstance(recorded, scalar):
        return f"{key} ({recorded!r} recorded, {recomputed!r} recomputed)"
    return key


def _differing(recomputed: Mapping[str, Any], recorded: Mapping[str, Any]) -> list[str]:
    out = []
    for key in sorted(set(recomputed) | set(recorded)):
        a, b = recomputed.get(key, _ABSENT), recorded.get(key, _ABSENT)
        if a is _ABSENT or b is _ABSENT:
            out.append(f"{key} ({'recorded only' if a is _ABSENT else 'recomputed only'})")
        elif _spelled(a) != _spelled(b):
            out.append(_describe(key, a, b))
    return out


def _compare(lines: Iterator[tuple[bytes, str]], reader: _Ledger, findings: _Findings) -> None:
    """Compare the re-built lines (as the run writes them: :func:`ledger_lines`) with the
    file's, aligned by ``seq``: a line is read back as a record only when it differs."""
    file = reader.file

    def mismatch(message: str, line: int | None) -> None:
        findings.add("mismatch", Problem("audit.mismatch", message, file=file, line=line))

    seen: set[int] = set()
    changed_before = False
    count = 0
    with reader.path.open("rb") as stream:
        for seq, (written, _) in enumerate(lines, start=1):
            count += 1
            seen.add(seq)
            entry = reader.index.get(seq)
            if entry is not None and hashlib.sha256(written[:-1]).digest() == entry.digest:
                continue
            record = json.loads(written)
            label = f"seq {seq}, candidate {record['candidate_id']}"
            if entry is None:
                mismatch(f"{label}: recomputed, but decisions.jsonl has no record seq {seq}", None)
                changed_before = True
                continue
            stream.seek(entry.offset)
            try:
                stored = json.loads(stream.readline().decode("utf-8"))
            except ValueError:  # the file changed since it was read
                stored = None
            differing = _differing(record, stored if isinstance(stored, dict) else {})
            content = [d for d in differing if d.split(" ", 1)[0] not in _CHAIN_FIELDS]
            if not differing or (not content and changed_before):
                continue  # spelling only (a chain finding), or hashes after an earlier change
            changed_before = changed_before or bool(content)
            mismatch(
                f"{label}: the recomputed decision differs in {'; '.join(differing)}", entry.line
            )
    for seq in sorted(set(reader.index) - seen):
        entry = reader.index[seq]
        mismatch(
            f"seq {seq}, candidate {entry.candidate_id}: in decisions.jsonl, but the "
            "recomputation has no such decision",
            entry.line,
        )
    if count != reader.lines:
        mismatch(
            f"the recomputation gives {count} decision(s); decisions.jsonl holds {reader.lines} "
            "line(s)",
            None,
        )


def _as_of(manifest: _Manifest, reader: _Ledger) -> dt.date | None:
    for text in (manifest.as_of, reader.first_as_of):
        if text is not None:
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                continue
    return None


def _ledger_path(out_dir: Path, findings: _Findings) -> Path | None:
    """``decisions.jsonl`` in the folder, or ``None`` (a problem found) when there is none."""
    path = out_dir / LEDGER_FILE
    if not out_dir.is_dir():
        code, message = (
            ("file.unreadable", "not a folder")
            if out_dir.exists()
            else ("file.not-found", "no such folder")
        )
        findings.add("other", Problem(code, message, file=str(out_dir)))
        return None
    if not path.is_file():
        findings.add("chain", _missing(path, OSError(0, "not a file") if path.exists() else None))
        return None
    return path


def _recompute(
    document: SelectionPolicy,
    given: Mapping[str, Path],
    manifest: _Manifest,
    reader: _Ledger,
    *,
    findings: _Findings,
    notes: list[str],
    engine: str | None = None,
) -> bool:
    """Run the selection again (with ``engine``) and compare every record; ``False`` if it
    could not run."""
    as_of = _as_of(manifest, reader)
    if as_of is None:
        notes.append("decisions not recomputed: no valid as-of date in the manifest or records")
        return False
    try:
        result = run(
            document,
            given["candidates"],
            formations=given["formations"],
            ratings=given.get("ratings"),
            as_of=as_of,
            engine=engine,
        )
    except AsnCompetencyError as error:
        findings.extend("other", error.problems)
        return False
    _compare(ledger_lines(result), reader, findings)
    return True


def verify(
    out_dir: Path,
    *,
    policy: Path | None = None,
    candidates: Path | None = None,
    formations: Path | None = None,
    ratings: Path | None = None,
    engine: str | None = None,
) -> VerifyReport:
    """Verify the output folder of ``asn-competency run``: the hash chain of
    ``decisions.jsonl``, ``manifest.json`` against it, and, with the files given, the policy's
    content hash, the input files' sha256 and every decision recomputed (by ``engine``, one of
    :data:`~asn_competency.pipeline.ENGINES`, the default engine when not given: both give
    the same records).

    Never raises for bad or missing files: everything found is a problem of the report (see
    the module's documentation for the codes).
    """
    with without_cycle_collection():  # every record read and recomputed: many objects
        return _verify(
            Path(out_dir),
            policy=policy,
            candidates=candidates,
            formations=formations,
            ratings=ratings,
            engine=engine,
        )


def _verify(
    out_dir: Path,
    *,
    policy: Path | None,
    candidates: Path | None,
    formations: Path | None,
    ratings: Path | None,
    engine: str | None,
) -> VerifyReport:
    findings = _Findings()
    checks: list[str] = []
    notes: list[str] = []

    manifest: _Manifest | None = None

    def report(records: int, recomputed: bool = False) -> VerifyReport:
        problems = findings.problems()
        ok = not any(p.severity == "error" for p in problems)
        seal = manifest.seal if manifest is not None and ok else None
        return VerifyReport(
            ok, problems, records, recomputed, tuple(checks), tuple(notes), seal=seal
        )

    out_dir = Path(out_dir)
    ledger_path = _ledger_path(out_dir, findings)
    if ledger_path is None:
        if out_dir.is_dir():  # the manifest and results are still checked as far as they go
            _read_manifest(out_dir / MANIFEST_FILE, findings)
        return report(0)
    manifest = _read_manifest(out_dir / MANIFEST_FILE, findings)
    if (
        manifest.read
        and manifest.seal is None
        and not any(p.code == "audit.manifest" for p in findings.problems())
    ):
        notes.append(
            "manifest.json is manifest/v1 (written before the manifest hash): the fields the "
            "ledger does not repeat (input files, ignored columns, run details) are not covered"
        )
    document = _load_policy(Path(policy), findings) if policy is not None else None
    expect: dict[tuple[str, str], str | None] = {
        ("manifest", "policy.hash"): manifest.policy_hash,
        ("manifest", "policy.id"): manifest.policy_id,
        ("manifest", "as_of"): manifest.as_of,
        ("manifest", "library_version"): manifest.library_version,
    }
    if document is not None:
        expect["policy", "policy.hash"] = document_hash(document)
    reader = _Ledger(ledger_path, findings)
    try:
        reader.read(expect)
    except OSError as error:
        findings.add("chain", _missing(ledger_path, error))
        return report(reader.lines)
    checks += ["chain", "manifest"] if manifest.read else ["chain"]
    for found, (count, first) in sorted(reader.other_formats.items()):
        findings.add(
            "chain",
            Problem(
                "record.unsupported-version",
                f"{count} record(s) have format {found!r} (the first at line {first}); this "
                f"version ({__version__}) verifies {', '.join(RECORD_FORMATS)} only",
                file=str(ledger_path),
                line=first,
                value=found,
                hint="verify the run with the asn-competency version its records name in "
                "library_version",
            ),
        )
    if reader.other_formats:
        notes.append("decisions not recomputed: the ledger holds records of another format")
        return report(reader.lines)
    _check_manifest(manifest, reader, findings)
    _check_outputs(out_dir, manifest, findings)
    if document is not None and policy is not None:
        _check_policy(document, Path(policy), manifest, reader, findings)
        checks.append("policy")

    named = {"candidates": candidates, "formations": formations, "ratings": ratings}
    given = {name: Path(path) for name, path in named.items() if path is not None}
    readable = _check_inputs(given, manifest, findings)
    if given and manifest.read:
        checks.append("inputs")

    wanted = {"policy": policy, "candidates": candidates, "formations": formations}
    if "ratings" in manifest.inputs:
        wanted["ratings"] = ratings
    missing = [f"--{name}" for name, value in wanted.items() if value is None]
    if missing:
        notes.append(f"decisions not recomputed: give {', '.join(missing)} to re-run them")
        return report(reader.lines)
    if document is None or not readable:
        return report(reader.lines)  # why not is listed among the problems
    recomputed = _recompute(
        document, given, manifest, reader, findings=findings, notes=notes, engine=engine
    )
    if recomputed:
        checks.append("recomputation")
    return report(reader.lines, recomputed=recomputed)
