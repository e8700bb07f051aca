"""Explanations as objects: a candidate's decisions, said in either language on demand.

:func:`explain_candidate` finds every decision of one candidate id, in a run just made
(a :class:`~asn_competency.RunResult`) or in a run folder written by ``asn-competency run``
(its ``decisions.jsonl``, each record checked against the hash chain where it stands, and
the policy the manifest names when it still loads), and returns an :class:`Explanation`:
``text(lang)`` is what ``asn-competency explain`` prints, ``str()`` the Indonesian text.
Whatever stops it is an :class:`~asn_competency.AsnCompetencyError` with problems: an
unknown candidate (``audit.unknown-candidate``, as the hint an id one edit away), a folder or a
ledger that is missing or cannot be read (``file.not-found``, ``audit.missing``,
``audit.record``), a record of another format (``record.unsupported-version``).
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from asn_competency.audit.catalogue import LANGUAGES
from asn_competency.audit.explain.compose import explain_records
from asn_competency.audit.ledger import ledger
from asn_competency.audit.run_folder import (
    LEDGER_FILE,
    MANIFEST_FILE,
    FoundRecord,
    ManifestError,
    find_records,
    read_manifest,
    records_of,
)
from asn_competency.errors import (
    AsnCompetencyError,
    NearNames,
    NotFoundError,
    PolicyError,
    Problem,
    check_language,
)
from asn_competency.model import SelectionPolicy
from asn_competency.model import load as load_document
from asn_competency.pipeline import RunResult
from asn_competency.scoring import DOCUMENT_CHECKS

__all__ = ["Explanation", "explain_candidate"]

#: What an in-memory run's records are said to come from, where a warning would name a file.
_IN_MEMORY = Path("<run>")


@dataclass(frozen=True)
class Explanation:
    """Every decision of one candidate id, ready to be said: ``text(lang)`` in Indonesian
    (``id``, the default) or English (``en``), ``str()`` the Indonesian text, and an HTML view
    for notebooks. ``records`` are the decision records; ``altered`` tells whether any of
    them does not fit the hash chain where it stands (the text then warns above it);
    ``notes`` say what was not used (e.g. a policy file that no longer loads)."""

    candidate_id: str
    found: tuple[FoundRecord, ...]
    policy: SelectionPolicy | None
    ledger: Path
    altered: bool = False
    notes: tuple[str, ...] = ()

    @property
    def records(self) -> tuple[dict[str, object], ...]:
        """The candidate's decision records, in ledger order."""
        return tuple(each.record for each in self.found)

    def text(self, lang: str = "id") -> str:
        """The plain-language account, as ``asn-competency explain`` writes it;
        :class:`~asn_competency.PolicyError` (``lang.unknown``) for a language other than
        ``id`` and ``en``."""
        check_language(lang, LANGUAGES)
        text, _ = explain_records(self.found, ledger=self.ledger, policy=self.policy, lang=lang)
        return text

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        notes = "".join(f"<p>{html.escape(note)}</p>" for note in self.notes)
        return f"{notes}<pre>{html.escape(self.text())}</pre>"


def explain_candidate(
    source: RunResult | str | os.PathLike[str],
    candidate_id: str,
    *,
    policy: SelectionPolicy | None = None,
) -> Explanation:
    """The :class:`Explanation` of every decision of ``candidate_id`` in ``source``: a
    :class:`~asn_competency.RunResult` (its policy is used) or a run folder (``policy``, else
    the policy file its manifest names when that still loads; without one, stages and fields
    are said by their ids). Raises :class:`~asn_competency.errors.NotFoundError`
    (``audit.unknown-candidate``, a ``LookupError``) when the id has no decision."""
    if isinstance(source, RunResult):
        found = _in_memory(source, candidate_id)
        if not found:
            raise _unknown(candidate_id, (d.candidate_id or "" for d in source.decisions))
        return Explanation(candidate_id, found, policy or source.policy, _IN_MEMORY)
    folder = Path(source)
    ledger_path = folder / LEDGER_FILE
    if not folder.is_dir():
        raise PolicyError(
            [Problem("file.not-found", f"no such run folder: {folder}", file=str(folder))]
        )
    if not ledger_path.is_file():
        raise PolicyError(
            [
                Problem(
                    "audit.missing",
                    f"{folder} has no {LEDGER_FILE}: give the output folder of a run",
                    file=str(ledger_path),
                )
            ]
        )
    try:
        found = tuple(find_records(ledger_path, candidate_id))
        if not found:
            raise _unknown(
                candidate_id, (str(r.get("candidate_id") or "") for _, r in records_of(ledger_path))
            )
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError(
            [
                Problem(
                    "file.unreadable",
                    f"{ledger_path} cannot be read ({error})",
                    file=str(ledger_path),
                )
            ]
        ) from None
    notes: list[str] = []
    if policy is None:
        policy = _run_policy(folder, notes)
    # said once now: a record of another format is refused here (record.unsupported-version
    # at its line), not when printed
    _, altered = explain_records(found, ledger=ledger_path, policy=policy, lang="id")
    return Explanation(candidate_id, found, policy, ledger_path, altered, tuple(notes))


def _in_memory(result: RunResult, candidate_id: str) -> tuple[FoundRecord, ...]:
    """The candidate's records of a run, as its ledger would hold them."""
    found = []
    previous = None
    for seq, record in enumerate(ledger(result), start=1):
        if record.get("candidate_id") == candidate_id:
            found.append(FoundRecord(seq, record, previous))
        previous = record
    return tuple(found)


def _unknown(candidate_id: str, known: Iterable[str]) -> NotFoundError:
    return NotFoundError(
        Problem(
            "audit.unknown-candidate",
            f"candidate {candidate_id!r} has no decision in the run",
            value=candidate_id,
            hint=NearNames(k for k in known if k).hint(candidate_id),
        )
    )


def _run_policy(folder: Path, notes: list[str]) -> SelectionPolicy | None:
    """The policy the run folder's manifest names, when it still loads (else a note)."""
    try:
        manifest = read_manifest(folder / MANIFEST_FILE)
    except ManifestError as error:
        notes.append(f"{error.message}: explained without the policy file")
        return None
    cited = manifest.get("policy")
    named = cited.get("file") if isinstance(cited, dict) else None
    if not isinstance(named, str) or not named:
        notes.append(f"{MANIFEST_FILE} names no policy file: explained without it")
        return None
    places = [Path(named)] if Path(named).is_absolute() else [Path(named), folder / named]
    path = next((p for p in places if p.is_file()), None)
    if path is None:
        notes.append(f"the policy file {named} no longer exists: explained without it")
        return None
    try:
        document = load_document(path, checks=DOCUMENT_CHECKS)
    except AsnCompetencyError as error:
        notes.append(f"the policy file {path} no longer loads ({error}): explained without it")
        return None
    if not isinstance(document, SelectionPolicy):
        notes.append(f"{path} is not a selection-policy: explained without it")
        return None
    return document
