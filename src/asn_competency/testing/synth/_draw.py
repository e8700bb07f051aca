"""The state of one drawing, shared by every part of the cycle: the policy's declarations read
once (columns, test components, paired fields, the age limit, the flags eligibility rules
read), the random generator, the notes and planted cases, and a generic value within any
declaration."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from decimal import Decimal

from asn_competency.errors import ParameterError
from asn_competency.model import (
    BooleanField,
    DateField,
    DecimalField,
    EligibilityStage,
    EnumField,
    IntegerField,
    ParameterRef,
    SelectionPolicy,
    TestStage,
)
from asn_competency.testing.synth._patterns import _Pattern
from asn_competency.testing.synth._values import AnyField, _add_years, _bounded_decimal
from asn_competency.testing.synth.data import Planted
from asn_competency.testing.synth.rates import OPTIONAL_EMPTY

_LIMIT_WORDS = frozenset({"max", "maks", "maksimal", "maksimum", "maximum", "limit", "batas"})
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PAIRS = (
    re.compile(r"formation\.([a-z][a-z0-9_]*)\s*\*\s*([a-z][a-z0-9_]*)"),
    re.compile(r"([a-z][a-z0-9_]*)\s*\*\s*formation\.([a-z][a-z0-9_]*)"),
)


class _Draw:
    """One drawing's state: the policy's declarations read once, the random generator, the
    notes and planted cases so far; counting, planting, parameters in force, and a value of
    any declared type. The parts of the cycle are drawn by the subclasses."""

    def __init__(self, policy: SelectionPolicy, as_of: dt.date, rng: random.Random) -> None:
        self.policy = policy
        self.as_of = as_of
        self.rng = rng
        self.notes: dict[str, int] = {}
        self.planted: list[Planted] = []
        self.general = next((t.id for t in policy.tracks if t.id == "umum"), policy.tracks[0].id)
        self.tracks = [t.id for t in policy.tracks]
        self.decls: dict[str, AnyField] = {
            **policy.candidate_fields,
            **policy.protected_attributes,
        }
        self.columns = [
            "candidate_id",
            "formation_id",
            *(n for n in self.decls if n not in {"candidate_id", "formation_id"}),
        ]
        #: Candidate fields that test components read (drawn with their stage).
        self.components = frozenset(
            component.field
            for stage in policy.stages
            if isinstance(stage, TestStage)
            for component in stage.components
        )
        self.pairs = self._paired_fields()
        self.patterns: dict[tuple[str, int | None], _Pattern] = {}
        self.age_parameter, self.age_limit = self._age_limit()
        self.extra: dict[str, dict[str, str]] = {}
        self.id_width = 6
        rules = [
            rule.rule
            for stage in policy.stages
            if isinstance(stage, EligibilityStage)
            for rule in stage.rules
        ]
        ruled = {name for rule in rules for name in _IDENT.findall(rule)}
        #: Boolean fields an eligibility rule reads, and the value it plausibly asks for.
        self.required_flags = {
            name: not any(
                re.search(rf"\bnot\s+{name}\b|\b{name}\s*(==\s*false|!=\s*true)\b", rule)
                for rule in rules
            )
            for name, decl in self.decls.items()
            if isinstance(decl, BooleanField) and name in ruled
        }
        self.checks_education = "education_level" in ruled
        self.checks_age = self.age_parameter in ruled or any(
            "birth" in n or "lahir" in n for n in ruled
        )

    def count(self, key: str, by: int = 1) -> None:
        self.notes[key] = self.notes.get(key, 0) + by

    def plant(self, kind: str, row: int | None, cid: str, name: str, value: str) -> None:
        self.planted.append(Planted(kind, row, cid, name, value))
        self.count(kind)

    def resolve(self, value: Decimal | ParameterRef | None) -> Decimal | None:
        """A number or a parameter's value in force on the as-of date."""
        if isinstance(value, ParameterRef):
            resolved = self.policy.parameters[value.parameter].at(value.parameter, self.as_of)
            return Decimal(str(resolved.value))
        return value

    def _age_limit(self) -> tuple[str | None, int | None]:
        """The maximum-age parameter's name and value in force, if the policy has one."""
        for name in sorted(self.policy.parameters):
            parameter = self.policy.parameters[name]
            words = set(name.lower().split("_"))
            about_age = bool(words & {"age", "usia", "umur"})
            if parameter.type != "integer" or not about_age or not words & _LIMIT_WORDS:
                continue
            try:
                value = parameter.at(name, self.as_of).value
            except ParameterError:
                continue
            if isinstance(value, int) and not isinstance(value, bool):
                return name, value
        return None, None

    def _paired_fields(self) -> dict[str, str]:
        """Candidate field → formation weight field that switches it on."""
        texts = [
            text
            for document in (*self.policy.scores.values(), *self.policy.stages)
            for text in _strings(document.model_dump())
        ]
        pairs: dict[str, str] = {}
        for candidate in self.policy.candidate_fields:
            if f"{candidate}_weight" in self.policy.formation_fields:
                pairs[candidate] = f"{candidate}_weight"
        for text in texts:
            for weight, name in _PAIRS[0].findall(text):
                if name in self.policy.candidate_fields and weight in self.policy.formation_fields:
                    pairs.setdefault(name, weight)
            for name, weight in _PAIRS[1].findall(text):
                if name in self.policy.candidate_fields and weight in self.policy.formation_fields:
                    pairs.setdefault(name, weight)
        numeric = {
            name
            for name, decl in self.policy.candidate_fields.items()
            if isinstance(decl, IntegerField | DecimalField)
        }
        return {
            name: pairs[name]
            for name in sorted(pairs)
            if name in numeric and name not in self.components
        }

    def _education_codes(self) -> list[str] | None:
        decl = self.policy.candidate_fields.get("education_level")
        return list(decl.values) if isinstance(decl, EnumField) else None

    def generic(self, decl: AnyField, name: str, *, required: bool) -> str:
        """A value of the declared type within its bounds, codes, places or pattern;
        an optional field is sometimes empty."""
        rng = self.rng
        if not required and rng.random() < OPTIONAL_EMPTY:
            return ""
        if isinstance(decl, IntegerField):
            low = decl.minimum if decl.minimum is not None else 0
            high = decl.maximum if decl.maximum is not None else low + 100
            if decl.maximum is not None and decl.minimum is None:
                low = min(0, high) if high >= 0 else high - 100
            return str(round(rng.triangular(low, high, (low + high) / 2)))
        if isinstance(decl, DecimalField):
            places = decl.places if decl.places is not None else 2
            dlow = decl.minimum if decl.minimum is not None else Decimal(0)
            dhigh = decl.maximum if decl.maximum is not None else dlow + 100
            if decl.maximum is not None and decl.minimum is None:
                dlow = min(Decimal(0), dhigh) if dhigh >= 0 else dhigh - 100
            draw = rng.triangular(float(dlow), float(dhigh), float(dlow + dhigh) / 2)
            return _bounded_decimal(draw, dlow, dhigh, places)
        if isinstance(decl, EnumField):
            return rng.choice(decl.values)
        if isinstance(decl, DateField):
            start = decl.minimum or _add_years(self.as_of, -30)
            end = decl.maximum or self.as_of
            end = max(end, start)
            return (start + dt.timedelta(days=rng.randrange((end - start).days + 1))).isoformat()
        if isinstance(decl, BooleanField):
            return "true" if rng.random() < 0.5 else "false"
        if decl.pattern is not None:
            key = (decl.pattern, decl.max_length)
            if key not in self.patterns:
                self.patterns[key] = _Pattern(decl.pattern, decl.max_length)
            return self.patterns[key].draw(rng)
        text = f"{name or 'nilai'}-{rng.randint(1, 20)}"
        return text[: decl.max_length] if decl.max_length else text


def _strings(data: object) -> Iterator[str]:
    """Every string inside nested dumps of a model (formulas, rules, inputs)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key in sorted(data, key=str):
            yield from _strings(data[key])
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _strings(item)
