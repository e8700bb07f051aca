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
    ListField,
    ParameterRef,
    RankingStage,
    SelectionPolicy,
    ShortlistStage,
    TestStage,
)
from asn_competency.testing.synth._catalogue import catalogue_for
from asn_competency.testing.synth._patterns import _Pattern
from asn_competency.testing.synth._rules import (
    accepted_codes,
    age_bounds,
    least_values,
    looked_up,
)
from asn_competency.testing.synth._values import (
    LIST_SEPARATOR,
    AnyField,
    _add_years,
    _bounded_decimal,
)
from asn_competency.testing.synth.data import Planted
from asn_competency.testing.synth.rates import OPTIONAL_EMPTY

_LIMIT_WORDS = frozenset({"max", "maks", "maksimal", "maksimum", "maximum", "limit", "batas"})
_FLOOR_WORDS = frozenset({"min", "minimal", "minimum", "terendah"})
_AGE_PARTS = frozenset({"age", "usia", "umur"})
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
        self.catalogue = catalogue_for(policy)
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
        limits = self._age_parameters(_LIMIT_WORDS)
        floors = self._age_parameters(_FLOOR_WORDS)
        #: Without age rules of a shape ``_rules`` reads: the maximum age in force (the lowest
        #: of several) and the minimum age, from the parameters' names.
        self.age_limit = min(v for _, v in limits) if limits else None
        self.age_floor = max(v for _, v in floors) if floors else None
        self.extra: dict[str, dict[str, str]] = {}
        #: The items of each formation's list fields, by formation id and field.
        self.lists: dict[str, dict[str, list[str]]] = {}
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
        self.checks_age = any(name in ruled for name, _ in limits) or any(
            "birth" in n or "lahir" in n for n in ruled
        )
        integers = [n for n, d in self.decls.items() if isinstance(d, IntegerField)]
        enums = [n for n, d in self.decls.items() if isinstance(d, EnumField)]
        #: Integer fields eligibility rules ask to be at least something, and the values.
        self.thresholds = least_values(rules, integers, self._integer)
        #: Enum fields eligibility rules accept only some codes of, and those codes.
        self.accepted = {
            n: codes
            for n, codes in accepted_codes(rules, enums).items()
            if n != "education_level" and n not in self.required_flags
        }
        #: Candidate field → the formation list field an eligibility rule finds it in
        #: (``qualification in formation.qualifications``); formation lists that hold only
        #: the codes accepted besides the formation's own education level (the rule reading
        #: them also compares ``formation.education_level``).
        self.list_pairs: dict[str, str] = {}
        self.extra_levels: set[str] = set()
        for name, listed, rule in looked_up(rules):
            if name in self.decls and isinstance(policy.formation_fields.get(listed), ListField):
                self.list_pairs.setdefault(name, listed)
                if "formation.education_level" in rule:
                    self.extra_levels.add(listed)
        flags = frozenset(
            n for n, d in policy.formation_fields.items() if isinstance(d, BooleanField)
        )
        #: Enum fields an ordering ranks by listed codes (priority groups): the codes it lists
        #: (a code it does not list, such as a legacy one, is not drawn).
        self.ranked_codes = {
            key.key.strip(): list(key.codes)
            for stage in policy.stages
            if isinstance(stage, RankingStage | ShortlistStage)
            for key in stage.order
            if key.codes and isinstance(self.decls.get(key.key.strip()), EnumField)
        }
        #: The age bounds the eligibility rules set (see ``_rules``).
        self.age_rules = age_bounds(rules, self._integer, flags)

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

    def _age_parameters(self, words: frozenset[str]) -> list[tuple[str, int]]:
        """Integer parameters about age whose name has one of ``words``, with their value in
        force, in name order."""
        found = []
        for name in sorted(self.policy.parameters):
            parameter = self.policy.parameters[name]
            parts = set(name.lower().split("_"))
            if parameter.type != "integer" or not parts & _AGE_PARTS or not parts & words:
                continue
            try:
                value = parameter.at(name, self.as_of).value
            except ParameterError:
                continue
            if isinstance(value, int) and not isinstance(value, bool):
                found.append((name, value))
        return found

    def _integer(self, text: str) -> int | None:
        """A whole number written in a rule, or an integer parameter's value in force."""
        if text.isdigit():
            return int(text)
        parameter = self.policy.parameters.get(text)
        if parameter is None or parameter.type != "integer":
            return None
        try:
            value = parameter.at(text, self.as_of).value
        except ParameterError:
            return None
        return value if isinstance(value, int) and not isinstance(value, bool) else None

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

    def _education_decl(self) -> EnumField | None:
        """The education levels' declaration: the formations' own if the policy re-declares
        the column, else the candidates'."""
        for fields in (self.policy.formation_fields, self.policy.candidate_fields):
            decl = fields.get("education_level")
            if isinstance(decl, EnumField):
                return decl
        return None

    def _education_codes(self) -> list[str] | None:
        decl = self._education_decl()
        return list(decl.values) if decl is not None else None

    def education_levels(self) -> dict[str, int] | None:
        """The education codes' levels (an ordered scale), if declared."""
        for fields in (self.policy.formation_fields, self.policy.candidate_fields):
            decl = fields.get("education_level")
            if isinstance(decl, EnumField) and decl.levels is not None:
                return dict(decl.levels)
        return None

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
        if isinstance(decl, ListField):
            codes = decl.items.values
            if codes is not None:
                return LIST_SEPARATOR.join(rng.sample(codes, min(len(codes), rng.randint(1, 2))))
            return LIST_SEPARATOR.join(f"{name or 'nilai'}-{rng.randint(1, 20)}" for _ in "ab")
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


def _about(name: str, words: tuple[str, ...]) -> bool:
    """Whether a snake_case field name has one of ``words`` as a part (a word of five letters
    or more also as the start of a part: ``qualif`` in ``qualifications``), so that ``age``
    is found in ``batas_age_40`` but not in ``diploma_average`` or ``agency``."""
    parts = name.lower().split("_")
    return any(
        part == word or (len(word) >= 5 and part.startswith(word))
        for part in parts
        for word in words
    )
