"""The development folder: what ``asn-competency develop`` writes, and how it is verified.

The one owner of the folder's file names and manifest. A development folder holds

- :data:`PLANS_FILE`, :data:`COHORT_FILE`, :data:`TALENT_FILE`: the tables
  (:mod:`.outputs`);
- :data:`LEDGER_FILE`: the hash-chained records, one canonical JSON line each
  (``development/v1``);
- :data:`SUMMARY_FILE`: the HTML summary (gap heatmap, nine-box grid), offline;
- ``manifest.json``: what the review read (the three documents by id, content hash and file;
  the input tables' sha256), on which date, the counts of plans by status, the ledger's
  head and count, every file's sha256, sealed by ``manifest_hash``
  (:func:`~asn_competency.audit.seal.seal_manifest`). No wall-clock time: the same inputs give
  a byte-identical folder.

It is written as a selection's run folder is (:mod:`asn_competency.audit.run_folder`): claimed
before anything is written, one writer at a time, written whole into a temporary folder and
put in place in one step. :func:`verify_folder` checks the seal, every file's sha256, the
chain, and, given the inputs, their hashes and every record recomputed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final, TextIO

from asn_competency._version import __version__
from asn_competency.audit.ledger import GENESIS
from asn_competency.audit.run_folder import (
    MANIFEST_FILE,
    ManifestError,
    RunFolder,
    claim,
    read_manifest,
)
from asn_competency.audit.seal import HASH_FIELD, manifest_hash, seal_manifest
from asn_competency.development.outputs import (
    RECORD_FORMAT,
    Development,
    cohort_csv,
    ledger_text,
    plans_csv,
    summary_html,
    talent_csv,
    verify_records,
)
from asn_competency.development.plans import PLAN_STATUSES
from asn_competency.errors import Problem
from asn_competency.files import file_sha256
from asn_competency.model import PositionStandard, document_hash
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.training_catalog import TrainingCatalog

__all__ = [
    "COHORT_FILE",
    "DEVELOPMENT_FILES",
    "FOLDER_KIND",
    "LEDGER_FILE",
    "PLANS_FILE",
    "SUMMARY_FILE",
    "TALENT_FILE",
    "is_development_folder",
    "manifest_of",
    "verify_folder",
    "write_claimed",
    "write_folder",
]

PLANS_FILE: Final = "plans.csv"
COHORT_FILE: Final = "cohort.csv"
TALENT_FILE: Final = "talent.csv"
LEDGER_FILE: Final = "development.jsonl"
SUMMARY_FILE: Final = "summary.html"
#: The files of a development folder besides ``manifest.json``, in the order written.
DEVELOPMENT_FILES: Final = (PLANS_FILE, COHORT_FILE, TALENT_FILE, LEDGER_FILE, SUMMARY_FILE)
#: The manifest's ``kind``: what tells a development folder from a selection run's.
FOLDER_KIND: Final = "development"

_WRITERS: Final[Mapping[str, Callable[[Development], str]]] = {
    PLANS_FILE: plans_csv,
    COHORT_FILE: cohort_csv,
    TALENT_FILE: talent_csv,
    LEDGER_FILE: ledger_text,
    SUMMARY_FILE: summary_html,
}


def _docs(
    result: Development,
) -> dict[str, DevelopmentPolicy | PositionStandard | TrainingCatalog]:
    return {"policy": result.policy, "standard": result.standard, "catalogue": result.catalogue}


def _head(ledger: str) -> tuple[str, int]:
    """The last record's hash and the number of records of a ledger's text."""
    lines = ledger.splitlines()
    if not lines:
        return GENESIS, 0
    return str(json.loads(lines[-1])["hash"]), len(lines)


def _manifest(
    result: Development,
    *,
    inputs: Mapping[str, Path],
    input_sums: Mapping[str, str],
    documents: Mapping[str, Path],
    files: Mapping[str, str],
    head: str,
    count: int,
    period: int | None,
) -> dict[str, Any]:
    statuses = [p.status for p in result.plans.plans]
    docs = _docs(result)
    return seal_manifest(
        {
            "kind": FOLDER_KIND,
            "record_format": RECORD_FORMAT,
            "library_version": __version__,
            "as_of": result.as_of.isoformat(),
            "period": period,
            "documents": {
                name: {
                    "id": doc.id,
                    "hash": document_hash(doc),
                    "file": documents[name].name,
                }
                for name, doc in docs.items()
            },
            "inputs": {
                name: {"file": path.name, "sha256": input_sums[name]}
                for name, path in sorted(inputs.items())
            },
            "people": len(result.plans.plans),
            "counts": {s: statuses.count(s) for s in PLAN_STATUSES},
            "records": count,
            "ledger_head": head,
            "files": dict(files),
        }
    )


def write_folder(
    result: Development,
    out: Path,
    *,
    inputs: Mapping[str, Path],
    documents: Mapping[str, Path],
    period: int | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Write the development folder ``out`` whole, in one step; return its manifest.

    ``inputs``: the tables read (``assessments`` and, if given, ``performance``) by name;
    ``documents``: the files of ``policy``, ``standard`` and ``catalogue``. The folder is
    refused when it is or holds one of them, is a file or a link, or holds anything without
    ``force`` (:class:`~asn_competency.audit.run_folder.RunFolderError`).
    """
    reads = [*inputs.values(), *documents.values()]
    with claim(out, reads=reads, force=force) as folder:
        return write_claimed(folder, result, inputs=inputs, documents=documents, period=period)


def write_claimed(
    folder: RunFolder,
    result: Development,
    *,
    inputs: Mapping[str, Path],
    documents: Mapping[str, Path],
    period: int | None = None,
) -> dict[str, Any]:
    """Write the review into a folder already claimed (the command claims it before reading
    anything); return the manifest."""
    texts = {name: write(result) for name, write in _WRITERS.items()}
    head, count = _head(texts[LEDGER_FILE])
    input_sums = {name: file_sha256(path) for name, path in inputs.items()}
    return folder.write_files(
        [(name, _writer(texts[name])) for name in DEVELOPMENT_FILES],
        lambda sums: _manifest(
            result,
            inputs=inputs,
            input_sums=input_sums,
            documents=documents,
            files=sums,
            head=head,
            count=count,
            period=period,
        ),
    )


def _writer(text: str) -> Callable[[TextIO], None]:
    def write(stream: TextIO) -> None:
        stream.write(text)

    return write


def manifest_of(folder: Path) -> dict[str, Any]:
    """A folder's manifest, or an empty mapping when it cannot be read (:func:`verify_folder`
    says why)."""
    try:
        return read_manifest(folder)
    except ManifestError:
        return {}


def is_development_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a development review (its manifest's ``kind``)."""
    try:
        return read_manifest(folder).get("kind") == FOLDER_KIND
    except ManifestError:
        return (folder / LEDGER_FILE).is_file()


def verify_folder(
    folder: Path,
    result: Development | None = None,
    *,
    inputs: Mapping[str, Path] | None = None,
) -> list[Problem]:
    """Every integrity problem of a development folder (an empty list when it holds).

    Always: the manifest's seal, every listed file's sha256, the ledger's spelling and chain
    and its head and count as the manifest states them (``audit.manifest``, ``audit.missing``,
    ``audit.record``, ``audit.chain``). With ``result`` (the review recomputed from the same
    documents and inputs): the documents' hashes (``audit.policy``), every record
    (``audit.mismatch``); with ``inputs``, their sha256 (``audit.input``).
    """
    problems: list[Problem] = []
    where = str(folder / MANIFEST_FILE)
    try:
        manifest = read_manifest(folder)
    except ManifestError as error:
        return [Problem("audit.manifest", str(error), file=where)]
    if manifest.get(HASH_FIELD) != manifest_hash(manifest):
        problems.append(
            Problem(
                "audit.manifest",
                "manifest.json does not match its seal (manifest_hash): a field was changed",
                file=where,
            )
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(DEVELOPMENT_FILES):
        return [*problems, Problem("audit.manifest", "manifest.json lists other files", file=where)]
    for name in DEVELOPMENT_FILES:
        path = folder / name
        if not path.is_file():
            problems.append(Problem("audit.missing", f"{name} is missing", file=str(path)))
        elif file_sha256(path) != files[name]:
            problems.append(
                Problem(
                    "audit.manifest",
                    f"{name} differs from the file the review wrote (its sha256 changed)",
                    file=str(path),
                )
            )
    ledger = folder / LEDGER_FILE
    if ledger.is_file():
        text = ledger.read_text(encoding="utf-8")
        problems += verify_records(text.splitlines(keepends=True), result, file=str(ledger))
        head, count = _head(text) if not problems else (None, None)
        if head is not None and (head, count) != (
            manifest.get("ledger_head"),
            manifest.get("records"),
        ):
            problems.append(
                Problem(
                    "audit.manifest",
                    "the ledger's head or count is not the one manifest.json states",
                    file=where,
                )
            )
    if result is not None:
        problems += _documents_problems(manifest, result, where)
    if inputs is not None:
        listed = manifest.get("inputs") or {}
        for name, path in sorted(inputs.items()):
            entry = listed.get(name) if isinstance(listed, dict) else None
            if not isinstance(entry, dict) or entry.get("sha256") != file_sha256(path):
                problems.append(
                    Problem(
                        "audit.input",
                        f"{path} is not the {name} table the review read",
                        file=str(path),
                    )
                )
    return problems


def _documents_problems(
    manifest: Mapping[str, Any], result: Development, where: str
) -> list[Problem]:
    listed = manifest.get("documents") or {}
    docs = _docs(result)
    problems = []
    for name, doc in docs.items():
        entry = listed.get(name) if isinstance(listed, dict) else None
        if not isinstance(entry, dict) or entry.get("hash") != document_hash(doc):
            problems.append(
                Problem(
                    "audit.policy",
                    f"the {name} given ({doc.id}) is not the one the review read",
                    file=where,
                )
            )
    if manifest.get("as_of") != result.as_of.isoformat():
        problems.append(
            Problem(
                "audit.mismatch",
                f"the review was made on {manifest.get('as_of')}, not {result.as_of}",
                file=where,
            )
        )
    return problems
