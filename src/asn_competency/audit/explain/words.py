"""The explainer's state: the record, the policy (when it is the record's) and the voice that
says things in the chosen language (:class:`~asn_competency.audit.catalogue.Voice`: every
text comes from the catalogue).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asn_competency.audit.catalogue import Voice
from asn_competency.model import SelectionPolicy, Text, document_hash


def _text(value: Text | None, lang: str) -> str | None:
    """A policy text in the language (Indonesian when it has no English); ``None`` for none."""
    if value is None:
        return None
    return value.en if lang == "en" and value.en else value.id


def _mappings(items: Any) -> list[Mapping[str, Any]]:
    """The mappings of a record's list (anything else in it is ignored)."""
    return [item for item in items or () if isinstance(item, Mapping)]


class _Words(Voice):
    """The record, the policy (when it is the record's) and the language of one account."""

    def __init__(
        self, record: Mapping[str, Any], policy: SelectionPolicy | None, lang: str
    ) -> None:
        parameters = record.get("parameters")
        super().__init__(lang, None, parameters if isinstance(parameters, Mapping) else None)
        self.record = record
        self.notes: list[str] = []
        used = record.get("policy")
        used = used if isinstance(used, Mapping) else {}
        if policy is not None and used.get("id") not in (None, policy.id):
            self.notes.append(self.t("other_policy", given=policy.id, used=used.get("id")))
            policy = None
        elif policy is not None and used.get("hash") not in (None, document_hash(policy)):
            self.notes.append(self.t("changed_policy"))
        self.policy = policy
        self.stages = {s.id: s for s in policy.stages} if policy else {}
