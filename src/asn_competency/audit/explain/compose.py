"""The whole account of one decision: :func:`explain`.

Heading (who and what), the final result and what it means, what decided it, stage by stage
what was checked, the stages not reached, the legal basis cited (full titles) and notes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from asn_competency.audit.catalogue import LANGUAGES, PHRASES, Voice
from asn_competency.audit.explain.citations import short_citation
from asn_competency.audit.explain.stages import _StageWords
from asn_competency.audit.explain.words import _mappings, _text
from asn_competency.audit.ledger import RECORD_FORMAT
from asn_competency.audit.run_folder import FoundRecord
from asn_competency.audit.verify import record_findings
from asn_competency.errors import AsnCompetencyError, Problem, check_language
from asn_competency.model import SelectionPolicy

__all__ = [
    "SEPARATOR",
    "UnsupportedRecordError",
    "explain",
    "explain_records",
    "explain_score",
    "stage_lines",
]

#: Labels that are this library's, not official announcement codes.
_LIBRARY_LABELS = ("PR", "ERR")


class UnsupportedRecordError(AsnCompetencyError, ValueError):
    """A decision record of a format this version does not explain (e.g. ``decision/v1``):
    code ``record.unsupported-version``, at the record's line of the ledger when known."""

    def __init__(self, found: object, *, file: str | None = None, line: int | None = None) -> None:
        self.found = found
        message = (
            f"decision record format {found!r} is not supported: this version explains "
            f"{RECORD_FORMAT} records only"
        )
        self.problem = Problem(
            "record.unsupported-version",
            message,
            file=file,
            line=line,
            value=found,
            hint="explain it with the library version named in the record's library_version",
        )
        super().__init__(f"{file}:{line}: {message}" if file and line else message)


class _Explainer(_StageWords):
    """Writes the account of one record."""

    def heading(self) -> list[str]:
        """Who and what: candidate, formation, track, selection and as-of date."""
        record = self.record
        candidate = record.get("candidate_id") or self.t("no_id")
        policy = record.get("policy")
        selection = str(policy.get("id") or "?") if isinstance(policy, Mapping) else "?"
        if self.policy is not None:
            selection = f"{_text(self.policy.name, self.lang)} ({self.policy.id})"
        if record.get("as_of"):
            selection += ", " + self.t("as_of", date=record["as_of"])
        return [
            self.t("title"),
            f"{self.t('candidate')}: {candidate}",
            f"{self.t('formation')}: {record.get('formation_id') or self.t('unknown')}",
            f"{self.t('track')}: {self.track_name(record.get('track'))}",
            f"{self.t('selection')}: {selection}",
        ]

    def result(self) -> list[str]:
        """The final status with its label and meaning, the final score, rank and placement;
        a note when the label is this library's (PR, ERR), not an official code."""
        record = self.record
        status = str(record.get("final_status"))
        label = record.get("final_status_label") or "?"
        words = self.t(f"status.{status}") if f"status.{status}" in PHRASES else status
        meaning = self.t(f"meaning.{status}") if f"meaning.{status}" in PHRASES else status
        if f"meaning.{label}" in PHRASES:
            meaning = self.t(f"meaning.{label}")
        if label in _LIBRARY_LABELS:
            self.notes.append(self.t("library_label", label=label))
        stages = _mappings(record.get("stages"))
        outranked = next((s for s in stages if s.get("outcome") == "outranked"), None)
        if status == "not_selected" and outranked and outranked.get("kind") == "shortlist":
            meaning = self.t("meaning.not_shortlisted")
        lines = [f"{self.t('final')}: {label} ({words}) — {meaning}"]
        if record.get("final_score") is not None:
            lines.append(f"{self.t('final_score')}: {record['final_score']}")
        if record.get("rank") is not None:
            lines.append(f"{self.t('rank')}: {record['rank']}")
        placement = record.get("placement_formation_id")
        if placement and placement != record.get("formation_id"):
            lines.append(f"{self.t('placed')}: {placement}")
        return lines

    def deciding(self, stages: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        """The stages that decided: from the first that did not advance on (with what came
        after it, e.g. optimisation after ranking), else the ranking."""
        reached = [s for s in stages if s.get("outcome") != "not_reached"]
        for index, stage in enumerate(reached):
            if stage.get("outcome") != "advanced":
                return reached[index:]
        ranking = [s for s in reached if s.get("kind") == "ranking"]
        return ranking[-1:]

    def text(self) -> str:
        """The whole account."""
        stages = _mappings(self.record.get("stages"))
        parts = {id(s): self.part(s) for s in stages if s.get("outcome") != "not_reached"}
        lines = [*self.heading(), "", *self.result()]
        deciding = self.deciding(stages)
        review = self.record.get("final_status") == "needs_review"
        lines.append(f"{self.t('review' if review else 'decided')}:")
        if not deciding:
            lines.append(f"- {self.t('all_passed')}")
        for stage in deciding:
            name = self.stage_name(str(stage.get("stage_id")))
            for sentence in parts[id(stage)].key or [self.outcome(stage)]:
                lines.append(f"- {name}: {sentence}")
        lines += ["", self.t("stages")]
        number = 0
        for stage in stages:
            if id(stage) not in parts:
                continue
            number += 1
            name = self.stage_name(str(stage.get("stage_id")))
            lines.append(f"{number}. {name}: {self.outcome(stage)}")
            for line in parts[id(stage)].lines:  # items, and their continuations ("  ...")
                lines.append(f"     {line[2:]}" if line.startswith("  ") else f"   - {line}")
        skipped = [self.stage_name(str(s.get("stage_id"))) for s in stages if id(s) not in parts]
        if skipped:
            lines += ["", f"{self.t('not_reached')}: {', '.join(skipped)}"]
        if self.policy is None:
            self.notes.append(self.t("no_policy"))
            if self.parameters:  # which rule read which is the policy's to say
                lines += ["", f"{self.t('parameters')}:"]
                for name, entry in self.parameters.items():
                    found = entry if isinstance(entry, Mapping) else {}
                    cite = self.cite(found.get("reference"), found.get("since"))
                    lines.append(f"- {name} = {self.show(found.get('value'))}{cite}")
        if self.cited and self.policy is not None:
            lines += ["", f"{self.t('legal')}:"]
            for reference in self.policy.references:
                if reference.id not in self.cited:
                    continue
                title = " ".join(reference.title.split())
                mark = ""
                if reference.certainty != "confirmed":
                    mark = f" ({self.t(reference.certainty)})"
                lines.append(f"- {short_citation(title) or reference.id}: {title}{mark}")
        if self.notes:
            lines += ["", f"{self.t('notes')}:", *(f"- {note}" for note in self.notes)]
        return "\n".join(line.rstrip() for line in lines) + "\n"


def explain(
    record: Mapping[str, Any], *, policy: SelectionPolicy | None = None, lang: str = "id"
) -> str:
    """A plain-language account of one decision record, in Indonesian (``lang="id"``, the
    default) or English (``lang="en"``).

    ``record`` is a decision record as :func:`asn_competency.audit.ledger` yields it and
    ``decisions.jsonl`` holds it. With ``policy`` (the policy of the run), stages, tracks and
    fields are named in the chosen language and legal references cited by their short form,
    with the full titles at the end; a policy with another id is not used (the text says so).
    Raises :class:`~asn_competency.PolicyError` (``lang.unknown``, a ``ValueError``) for a
    language other than ``id`` or ``en``, and :class:`UnsupportedRecordError` (a
    ``ValueError``, ``record.unsupported-version``) for a record of another format than
    ``decision/v2``.
    """
    check_language(lang, LANGUAGES)
    _check_format(record)
    return _Explainer(record, policy, lang).text()


def _check_format(record: Mapping[str, Any]) -> None:
    found = record.get("format")
    if found != RECORD_FORMAT:
        raise UnsupportedRecordError(found)


def stage_lines(
    record: Mapping[str, Any],
    stage_id: str,
    *,
    policy: SelectionPolicy | None = None,
    lang: str = "id",
) -> list[str]:
    """What an explanation says about one stage of a record (the lines under it, each
    once; a line that continues the one before starts with two spaces), for comparisons and
    policy-test traces: one way of saying a stage everywhere."""
    check_language(lang, LANGUAGES)
    _check_format(record)
    words = _Explainer(record, policy, lang)
    stage = next(
        (s for s in _mappings(record.get("stages")) if s.get("stage_id") == stage_id), None
    )
    if stage is None or stage.get("outcome") == "not_reached":
        return []
    return list(dict.fromkeys(line.rstrip() for line in words.part(stage).lines))


def explain_score(
    score: Mapping[str, Any],
    *,
    policy: SelectionPolicy | None = None,
    lang: str = "id",
    parameters: Mapping[str, Any] | None = None,
) -> str:
    """A score's computation as an explanation says it, from the score as a decision record
    holds it (an entry of an integration stage's ``scores``): criteria, steps, rounding and
    gates. ``parameters`` are the record's (for the dates thresholds took effect)."""
    check_language(lang, LANGUAGES)
    words = _Explainer({"parameters": dict(parameters or {})}, policy, lang)
    return "\n".join(words.score_lines(score)) + "\n"


#: Between the explanations of several records of one candidate id.
SEPARATOR = "\n" + "-" * 72 + "\n\n"


def explain_records(
    found: Sequence[FoundRecord],
    *,
    ledger: Path,
    policy: SelectionPolicy | None = None,
    lang: str = "id",
) -> tuple[str, bool]:
    """The explanations of one candidate id's records as found in a ledger
    (:func:`~asn_competency.audit.run_folder.find_records`), with a line above them when there
    are several, and each record under a warning when it does not fit the hash chain where it
    stands (:func:`~asn_competency.audit.verify.record_findings`: its hash, its place, its link
    to the record before). Returns the text and whether any record did not fit.
    :class:`UnsupportedRecordError` names the line of a record of another format."""
    voice = Voice(lang)
    texts = []
    altered = False
    for each in found:
        record = each.record
        findings = record_findings(record, each.line, each.previous)
        warning = ""
        if findings:
            altered = True
            reasons = "; ".join(
                voice.t(f"explain.altered.{key}", seq=record.get("seq"), place=each.line)
                for key in findings
            )
            warning = voice.t("explain.altered", line=each.line, ledger=ledger, reasons=reasons)
            warning += "\n\n"
        try:
            texts.append(warning + explain(record, policy=policy, lang=lang))
        except UnsupportedRecordError as error:
            raise UnsupportedRecordError(error.found, file=str(ledger), line=each.line) from None
    text = SEPARATOR.join(texts)
    if len(texts) > 1:
        candidate = found[0].record.get("candidate_id")
        several = voice.t("explain.several", count=len(texts), candidate=repr(candidate))
        text = several + "\n\n" + text
    return text, altered
