"""Types of the rule language, and the scope of names a policy's rules may read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from asn_competency.model import SelectionPolicy
from asn_competency.model.fields import AnyField, EnumField, ListField

__all__ = ["FORMATION_STANDARD_FIELDS", "RuleType", "Scope", "scope_of"]

Kind = Literal["integer", "decimal", "string", "date", "boolean", "list"]


@dataclass(frozen=True, slots=True)
class RuleType:
    """A value's type: ``integer``, ``decimal``, ``string`` (with the allowed codes of an enum
    field, and their levels when the codes are an ordered scale), ``date``, ``boolean``, or
    ``list`` of an item type."""

    kind: Kind
    item: RuleType | None = None
    codes: tuple[str, ...] | None = None
    levels: tuple[int, ...] | None = None

    @property
    def ordered(self) -> bool:
        """Whether values of this type have an order: numbers, dates, codes with levels."""
        return self.kind in ("integer", "decimal", "date") or self.levels is not None

    def level_of(self) -> dict[str, int]:
        """Each code's level (empty for a type without levels)."""
        if self.codes is None or self.levels is None:
            return {}
        return dict(zip(self.codes, self.levels, strict=True))

    @property
    def numeric(self) -> bool:
        """Integer or decimal."""
        return self.kind in ("integer", "decimal")

    def __str__(self) -> str:
        if self.kind == "list":
            return f"a list of {self.item}"
        return {
            "integer": "an integer",
            "decimal": "a decimal",
            "string": "a string",
            "date": "a date",
            "boolean": "a boolean",
        }[self.kind]


INTEGER = RuleType("integer")
DECIMAL = RuleType("decimal")
STRING = RuleType("string")
DATE = RuleType("date")
BOOLEAN = RuleType("boolean")


def field_type(decl: AnyField) -> RuleType:
    """The rule type of a declared field (an enum is a string with its codes and levels)."""
    if isinstance(decl, EnumField):
        levels = tuple(decl.levels[c] for c in decl.values) if decl.levels else None
        return RuleType("string", codes=tuple(decl.values), levels=levels)
    if isinstance(decl, ListField):
        codes = tuple(decl.items.values) if decl.items.values else None
        return RuleType("list", item=RuleType("string", codes=codes))
    return {
        "integer": INTEGER,
        "decimal": DECIMAL,
        "string": STRING,
        "date": DATE,
        "boolean": BOOLEAN,
    }[decl.type]


#: Columns every formation has (DESIGN.md); policies declare extra ones.
FORMATION_STANDARD_FIELDS: dict[str, RuleType] = {
    "formation_id": STRING,
    "quota": INTEGER,
    "track": STRING,
    "position": STRING,
    "education_level": STRING,
    "agency": STRING,
    "location": STRING,
}


@dataclass(frozen=True)
class Scope:
    """What a rule may read: candidate fields, parameters and scores by bare name, formation
    fields as ``formation.NAME``, and ``as_of``. Protected attributes are named only to refuse
    them."""

    fields: Mapping[str, RuleType] = field(default_factory=dict)
    parameters: Mapping[str, RuleType] = field(default_factory=dict)
    scores: Mapping[str, RuleType] = field(default_factory=dict)
    formation: Mapping[str, RuleType] = field(default_factory=dict)
    protected: frozenset[str] = frozenset()
    defaults: Mapping[str, object] = field(default_factory=dict)


def scope_of(policy: SelectionPolicy) -> Scope:
    """The scope of a selection policy's rules."""
    formation = dict(FORMATION_STANDARD_FIELDS)
    formation["track"] = RuleType("string", codes=tuple(t.id for t in policy.tracks))
    formation.update({n: field_type(d) for n, d in policy.formation_fields.items()})
    fields = {n: field_type(d) for n, d in policy.candidate_fields.items()}
    for name, (stage, _) in policy.rating_fields().items():
        whole = stage.rounding is not None and stage.rounding.places == 0
        fields.setdefault(name, INTEGER if whole else DECIMAL)
    return Scope(
        fields=fields,
        parameters={
            n: {
                "integer": INTEGER,
                "decimal": DECIMAL,
                "string": STRING,
                "boolean": BOOLEAN,
                "date": DATE,
            }[p.type]
            for n, p in policy.parameters.items()
        },
        scores=dict.fromkeys(policy.scores, DECIMAL),
        formation=formation,
        protected=frozenset(policy.protected_attributes),
        defaults={
            n: d.default for n, d in policy.candidate_fields.items() if d.default is not None
        },
    )
