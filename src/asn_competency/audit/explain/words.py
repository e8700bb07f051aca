"""The explainer's state and vocabulary: phrases in the chosen language, legal references
cited by their short form, and the names the policy gives stages, tracks, fields, scores,
criteria and parameters (each falling back to its id without the policy).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from asn_competency.audit.explain.citations import short_citation
from asn_competency.audit.explain.phrases import (
    _AS_OF_LABEL,
    _FORMATION_COLUMNS,
    _PHRASES,
    _REASONS,
)
from asn_competency.model import RatingStage, SelectionPolicy, Stage, Text, document_hash


def _text(value: Text | None, lang: str) -> str | None:
    """A policy text in the language (Indonesian when it has no English); ``None`` for none."""
    if value is None:
        return None
    return value.en if lang == "en" and value.en else value.id


def _abbreviates(short: str, text: str) -> bool:
    """Whether a text spells out an abbreviation (``TKP`` in "Nilai Tes Karakteristik
    Pribadi") or contains it as a word."""
    initials = "".join(word[0] for word in text.split() if word[:1].isupper())
    return short in initials or short in re.findall(r"\b[A-Z0-9]{2,}\b", text)


@dataclass(frozen=True)
class _Named:
    """A name from the policy, in both languages."""

    name: Text
    lang: str
    prefix: str = ""

    @property
    def text(self) -> str:
        """The name in the explanation's language (``M.03 (Komunikasi)`` for a criterion)."""
        name = _text(self.name, self.lang) or self.name.id
        return f"{self.prefix}({name})" if self.prefix else name

    def both(self) -> list[str]:
        """The name in every language the policy gives."""
        return [t for t in (self.name.id, self.name.en) if t]


class _Words:
    """The record, the policy (when it is the record's) and the language of one account, and
    the words for what the record mentions."""

    def __init__(
        self, record: Mapping[str, Any], policy: SelectionPolicy | None, lang: str
    ) -> None:
        self.record = record
        self.lang = lang
        self.notes: list[str] = []
        self.cited: dict[str, None] = {}
        used = record.get("policy")
        used = used if isinstance(used, Mapping) else {}
        if policy is not None and used.get("id") not in (None, policy.id):
            self.notes.append(self.t("other_policy", given=policy.id, used=used.get("id")))
            policy = None
        elif policy is not None and used.get("hash") not in (None, document_hash(policy)):
            self.notes.append(self.t("changed_policy"))
        self.policy = policy
        self.stages: dict[str, Stage] = {s.id: s for s in policy.stages} if policy else {}

    # ------------------------------------------------------------------------------ words

    def t(self, phrase: str, /, **fields: Any) -> str:
        """A phrase in the explanation's language."""
        indonesian, english = _PHRASES[phrase]
        return (english if self.lang == "en" else indonesian).format(**fields)

    def pick(self, pair: tuple[str, str]) -> str:
        """The member of an (Indonesian, English) pair in the explanation's language."""
        return pair[1] if self.lang == "en" else pair[0]

    def cite(self, reference: str | None, since: str | None = None) -> str:
        """`` (KepmenPANRB 321/2024, berlaku sejak 2024-01-01)``, or nothing."""
        parts = []
        if reference:
            parts.append(self.short(reference))
        if since:
            parts.append(self.t("since", date=since))
        return f" ({', '.join(parts)})" if parts else ""

    def short(self, reference: str) -> str:
        """A legal reference's short form (the id without the policy)."""
        if self.policy is None:
            return reference
        found = next((r for r in self.policy.references if r.id == reference), None)
        if found is None:
            return reference
        self.cited[reference] = None
        return short_citation(found.title) or reference

    def stage_name(self, stage_id: str) -> str:
        """A stage's name in the policy, else its id."""
        stage = self.stages.get(stage_id)
        return _text(stage.name, self.lang) or stage_id if stage else stage_id

    def track_name(self, track: str | None) -> str:
        """``Umum (umum)``: a track's name in the policy with its id."""
        if track is None:
            return self.t("unknown")
        found = (
            next((t for t in self.policy.tracks if t.id == track), None) if self.policy else None
        )
        name = _text(found.name, self.lang) if found else None
        return f"{name} ({track})" if name and name != track else track

    def label(self, name: str) -> str:
        """A name a rule reads, in words: ``tkp`` → ``TKP``, ``birth_date`` → "Tanggal lahir"."""
        if name == "as_of":
            return self.pick(_AS_OF_LABEL)
        if name.startswith("formation."):
            column = name.removeprefix("formation.")
            declared = self.policy.formation_fields.get(column) if self.policy else None
            column_name = _text(declared.description, self.lang) if declared else None
            if column_name:
                return column_name
            return self.pick(_FORMATION_COLUMNS[column]) if column in _FORMATION_COLUMNS else name
        described = self.described(name)
        if re.fullmatch(r"[a-z][a-z0-9]{1,3}", name):
            short = name.upper()  # twk → TWK, when the policy spells it out (or says nothing)
            if described is None or any(_abbreviates(short, t) for t in described.both()):
                return short
        return described.text if described else name

    def described(self, name: str) -> _Named | None:
        """A field's, score's, criterion's or parameter's name in the policy."""
        policy = self.policy
        if policy is None:
            return None
        score = policy.scores.get(name)
        if score is not None and score.name is not None:
            return _Named(score.name, self.lang)
        field = policy.candidate_fields.get(name)
        if field is not None and field.description is not None:
            return _Named(field.description, self.lang)
        rated = policy.rating_fields().get(name)
        if rated is not None:
            stage, criterion_id = rated
            found = next((c for c in stage.criteria if c.id == criterion_id), None)
            if found is not None and found.name is not None:
                return _Named(found.name, self.lang, prefix=f"{criterion_id} ")
        parameter = policy.parameters.get(name)
        if parameter is not None:
            return _Named(parameter.description, self.lang)
        return None

    def criterion(self, stage: RatingStage | None, criterion_id: str) -> str:
        """``M.03 (Komunikasi)``: a criterion of a rating stage with its name."""
        found = next((c for c in stage.criteria if c.id == criterion_id), None) if stage else None
        name = _text(found.name, self.lang) if found else None
        return f"{criterion_id} ({name})" if name else criterion_id

    def reason(self, text: str) -> str:
        """A reason the engine wrote, in the explanation's language (as written if unknown)."""
        for pattern, pair in _REASONS:
            found = pattern.match(text)
            if found is not None:
                fields = dict(found.groupdict())
                if "criterion" in fields:
                    fields["criterion"] = self.criterion_label(fields["criterion"])
                if "fields" in fields:
                    names = fields["fields"].split(", ")
                    fields["fields"] = ", ".join(self.label(n) for n in names)
                return self.pick(pair).format(**fields)
        return text

    def criterion_label(self, criterion_id: str) -> str:
        """``M.03 (Komunikasi)``: a rated criterion with its name in the policy."""
        rating = next(
            (
                s
                for s in self.stages.values()
                if isinstance(s, RatingStage) and any(c.id == criterion_id for c in s.criteria)
            ),
            None,
        )
        return self.criterion(rating, criterion_id)
