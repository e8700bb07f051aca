"""A development record in words, in Indonesian (``id``, the default) or English (``en``).

:func:`explain_development` turns one record of a development folder's ``development.jsonl``
(format ``development/v1``, :mod:`.outputs`) into a text a BKPSDM officer or the employee can
read: the gaps against the position standard with the dates of the assessments behind them,
the JPM and its band, the plan (its status, hours and cost against the yearly minimum), each
programme chosen and why, the gaps left open and the constraint that binds, and the nine-box
with every input that put the person in it. The cohort's record says, per competency, the
share below the standard and whether it calls for a cohort programme.

Every word comes from the audit layer's catalogue (:mod:`asn_competency.audit.catalogue`):
the facts through :class:`DevelopmentVoice`, the rest through its phrases. The record alone
is enough: competencies, programmes and legal references then appear as their ids. Given the
documents the review read (checked by their content hash against the record's), competencies
are named from the standard's frameworks, programmes from the catalogue, and references are
cited in their short form, with their full titles at the end.

:func:`explain_ledger` explains an employee's records as found in a ledger, each under a
warning when it does not fit the hash chain where it stands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn_competency.audit.catalogue import Voice
from asn_competency.audit.verify import record_findings
from asn_competency.development.outputs import RECORD_FORMAT
from asn_competency.development.words import DevelopmentVoice, text_in
from asn_competency.errors import AsnCompetencyError, Problem
from asn_competency.model import PositionStandard, document_hash
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.training_catalog import TrainingCatalog

__all__ = [
    "DevelopmentVoice",
    "FoundRecord",
    "UnsupportedDevelopmentRecordError",
    "explain_development",
    "explain_ledger",
    "find_development_records",
]

#: The phrase that says each plan status (literal keys: the catalogue's test finds them).
_STATUS = {
    "complete": "plan_status.complete",
    "gaps_open": "plan_status.gaps_open",
    "not_assessed": "plan_status.not_assessed",
    "below_minimum": "plan_status.below_minimum",
}

_SEPARATOR = "\n" + "-" * 72 + "\n\n"


class UnsupportedDevelopmentRecordError(AsnCompetencyError, ValueError):
    """A record of another format than ``development/v1`` (code
    ``record.unsupported-version``)."""

    def __init__(self, found: object) -> None:
        self.found = found
        message = f"a record of format {found!r}: only {RECORD_FORMAT} records are explained"
        self.problem = Problem(
            "record.unsupported-version",
            message,
            value=found,
            hint="explain it with the library version named in the record's library_version",
        )
        super().__init__(message)


def _mappings(items: Any) -> list[Mapping[str, Any]]:
    return [item for item in items or () if isinstance(item, Mapping)]


def _documents_note(
    voice: DevelopmentVoice, record: Mapping[str, Any], documents: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The documents given that are the record's (same id and content hash), and a note for
    each that is not (it is then not used)."""
    usable: dict[str, Any] = {}
    notes: list[str] = []
    for name, document in documents.items():
        if document is None:
            continue
        cited = record.get(name)
        cited = cited if isinstance(cited, Mapping) else {}
        if cited.get("id") != document.id or cited.get("hash") != document_hash(document):
            notes.append(
                voice.t(
                    "dev.other_document",
                    kind=voice.t(f"dev.{name}"),
                    given=f"{document.id} {document_hash(document)}",
                    used=f"{cited.get('id')} {cited.get('hash')}",
                )
            )
        else:
            usable[name] = document
    return usable, notes


def explain_development(
    record: Mapping[str, Any],
    *,
    lang: str = "id",
    policy: DevelopmentPolicy | None = None,
    standard: PositionStandard | None = None,
    catalogue: TrainingCatalog | None = None,
) -> str:
    """One development record (a person's or the cohort's) in words; the documents, when
    given, must be the record's (same content hash) or they are not used, and a note says so.
    Raises :class:`UnsupportedDevelopmentRecordError` for another record format and
    :class:`~asn_competency.PolicyError` (``lang.unknown``, a ``ValueError``) for an unknown
    language."""
    if record.get("record_format") != RECORD_FORMAT:
        raise UnsupportedDevelopmentRecordError(record.get("record_format"))
    probe = DevelopmentVoice(lang)  # an unknown language is refused before anything is said
    given = {"policy": policy, "standard": standard, "catalogue": catalogue}
    usable, notes = _documents_note(probe, record, given)
    voice = DevelopmentVoice(lang, **usable)
    lines = [voice.t("dev.title"), ""]
    if record.get("record") == "cohort":
        lines += _cohort(voice, record)
    else:
        lines += _person(voice, record)
    lines += ["", *_documents(voice, record, usable)]
    legal = voice.legal()
    if legal:
        lines += ["", voice.t("legal"), *legal]
    if notes:
        lines += ["", voice.t("notes"), *(f"  {n}" for n in notes)]
    return "\n".join(lines) + "\n"


def _documents(
    voice: DevelopmentVoice, record: Mapping[str, Any], usable: Mapping[str, Any]
) -> list[str]:
    lines = []
    for name, key in (
        ("policy", "dev.policy"),
        ("standard", "dev.standard"),
        ("catalogue", "dev.catalogue"),
    ):
        cited = record.get(name)
        cited = cited if isinstance(cited, Mapping) else {}
        document = usable.get(name)
        title = text_in(getattr(document, "name", None), voice.lang) if document else None
        if document is not None and title is None:  # a standard: its position's name
            title = text_in(document.position.name, voice.lang)
        shown = f"{cited.get('id')} ({title})" if title else str(cited.get("id"))
        lines.append(f"{voice.t(key)}: {shown}, {cited.get('hash')}")
    return lines


def _person(voice: DevelopmentVoice, record: Mapping[str, Any]) -> list[str]:
    lines = [
        f"{voice.t('dev.employee')}: {record.get('employee_id')}",
        f"{voice.t('as_of_label')}: {record.get('as_of')}",
        "",
        voice.t("dev.gaps"),
    ]
    for row in _mappings(record.get("gaps")):
        competency = voice.label(str(row.get("competency")))
        factor = voice.t("factor.core" if row.get("factor") == "core" else "factor.secondary")
        if row.get("level") is None:
            lines.append(
                "  "
                + voice.t("dev.gap.unknown", competency=competency, target=row.get("target"))
                + f" ({factor})"
            )
            continue
        key = "dev.gap" if row.get("shortfall") else "dev.gap.met"
        lines.append(
            "  "
            + voice.t(
                key,
                competency=competency,
                level=row.get("level"),
                target=row.get("target"),
                shortfall=row.get("shortfall"),
                factor=factor,
                date=row.get("assessed_on"),
            )
        )
    jpm = record.get("jpm")
    if jpm is None:
        lines.append(voice.t("dev.jpm.unknown"))
    else:
        lines.append(voice.t("dev.jpm", jpm=voice.show(jpm), band=voice.show(record.get("band"))))
    lines += ["", *_plan(voice, record.get("plan"))]
    lines += ["", *_talent(voice, record.get("talent"))]
    return lines


def _plan(voice: DevelopmentVoice, plan: Any) -> list[str]:
    plan = plan if isinstance(plan, Mapping) else {}
    status = _STATUS.get(str(plan.get("status")))
    lines = [
        voice.t(
            "dev.plan",
            status=voice.t(status) if status else voice.show(plan.get("status")),
            hours=plan.get("hours"),
            minimum=plan.get("min_jp"),
            cost=voice.show(plan.get("cost")),
        )
    ]
    programmes = _mappings(plan.get("programmes"))
    if not programmes:
        lines.append("  " + voice.t("dev.no_programme"))
    for number, item in enumerate(programmes, start=1):
        lines.append(
            "  "
            + voice.t(
                "dev.programme",
                number=number,
                programme=voice.programme(item.get("programme")),
                mode=item.get("mode"),
                provider=item.get("provider"),
            )
        )
        reason = item.get("reason")
        if isinstance(reason, Mapping):
            lines.append("     " + voice.t("dev.why", reason=voice.say(reason)))
    before: dict[str, Any] = {}
    after = plan.get("levels_after")
    notes = _mappings(plan.get("notes"))
    if notes:
        lines += ["", voice.t("dev.notes")]
        lines += [f"  {voice.say(note)}" for note in notes]
    if isinstance(after, Mapping):
        raised = []
        for item in programmes:
            reason = item.get("reason")
            if isinstance(reason, Mapping) and reason.get("code") == "plan.closes-gap":
                before.setdefault(str(reason.get("competency")), reason.get("from_level"))
        for competency, level in before.items():
            if after.get(competency) is not None:
                raised.append(f"{voice.label(competency)} {level} → {after.get(competency)}")
        if raised:
            lines += ["", voice.t("dev.levels_after", levels="; ".join(raised))]
    return lines


def _talent(voice: DevelopmentVoice, talent: Any) -> list[str]:
    lines = [voice.t("dev.talent")]
    if not isinstance(talent, Mapping):
        return [*lines, "  " + voice.t("dev.talent.none")]
    reason = talent.get("reason")
    if isinstance(reason, Mapping):
        lines.append("  " + voice.say(reason))
    return lines


def _cohort(voice: DevelopmentVoice, record: Mapping[str, Any]) -> list[str]:
    lines = [
        voice.t("dev.cohort", size=record.get("size")),
        f"{voice.t('as_of_label')}: {record.get('as_of')}",
        "",
    ]
    for need in _mappings(record.get("needs")):
        reason = need.get("reason")
        if isinstance(reason, Mapping):
            lines.append("  " + voice.say(reason))
        members = need.get("members_below")
        if members:
            listed = ", ".join(str(m) for m in members)
            lines.append("     " + voice.t("dev.members_below", members=listed))
    return lines


@dataclass(frozen=True, slots=True)
class FoundRecord:
    """A record of a development ledger, its 1-based line and the record before it."""

    record: Mapping[str, Any]
    line: int
    previous: Mapping[str, Any] | None


def find_development_records(
    records: Sequence[Mapping[str, Any]], employee_id: str
) -> list[FoundRecord]:
    """The records of ``employee_id`` (``cohort``: the cohort's record) among a ledger's
    records in order, each with its place and the record before it."""
    found = []
    for index, record in enumerate(records):
        matches = (
            record.get("record") == "cohort"
            if employee_id == "cohort"
            else record.get("record") == "person" and record.get("employee_id") == employee_id
        )
        if matches:
            previous = records[index - 1] if index else None
            found.append(FoundRecord(record, index + 1, previous))
    return found


def explain_ledger(
    found: Sequence[FoundRecord],
    *,
    ledger: Path,
    lang: str = "id",
    policy: DevelopmentPolicy | None = None,
    standard: PositionStandard | None = None,
    catalogue: TrainingCatalog | None = None,
) -> tuple[str, bool]:
    """The explanations of records as found in a ledger, each under a warning when it does not
    fit the hash chain where it stands (its hash, its place, its link to the record before:
    :func:`~asn_competency.audit.verify.record_findings`). Returns the text and whether any
    record did not fit."""
    voice = Voice(lang)
    texts = []
    altered = False
    for each in found:
        findings = record_findings(each.record, each.line, each.previous)
        warning = ""
        if findings:
            altered = True
            reasons = "; ".join(
                voice.t(f"explain.altered.{key}", seq=each.record.get("seq"), place=each.line)
                for key in findings
            )
            warning = voice.t("explain.altered", line=each.line, ledger=ledger, reasons=reasons)
            warning += "\n\n"
        text = explain_development(
            each.record, lang=lang, policy=policy, standard=standard, catalogue=catalogue
        )
        texts.append(warning + text)
    return _SEPARATOR.join(texts), altered
