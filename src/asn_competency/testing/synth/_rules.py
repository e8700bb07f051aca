"""What a policy's eligibility rules ask of a candidate, read from the rules' text so that the
drawn candidates mostly meet it (and the few planted exceptions are counted): age bounds, the
least value of an integer field, the codes an enum field must have, the formation lists a
field is looked up in.

Only simple shapes are recognised, and anything else is left to the generic drawing:

- ``age_on(birth_date, as_of) [+ k] <=|<|>=|> X [- k]``, where ``X`` and ``k`` are whole
  numbers, integer parameters or (``X`` only) a formation field; alternatives joined by
  ``or`` are each a bound, and an alternative that also reads a boolean formation field
  applies only to the formations where it is true (``formation.batas_usia_40 and ...``).
- ``name >= X`` and ``name > X`` for an integer candidate field.
- ``name in ["A", "B"]`` and ``name == "A"`` for an enum candidate field.
- ``name in formation.LIST`` for a formation list field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

_AGE = re.compile(
    r"age_on\(\s*[a-z][a-z0-9_]*\s*,\s*as_of\s*\)"
    r"((?:\s*[+-]\s*[A-Za-z0-9_.]+)*)\s*(<=|<|>=|>)\s*([A-Za-z0-9_.]+)"
    r"((?:\s*[+-]\s*[A-Za-z0-9_.]+)*)"
)
_TERM = re.compile(r"([+-])\s*([A-Za-z0-9_.]+)")
_FLAG = re.compile(r"(\bnot\s+)?\bformation\.([a-z][a-z0-9_]*)")
_NAME = r"(?<![.\w])([a-z][a-z0-9_]*)"  # a candidate field, not formation.NAME
_IN_FORMATION = re.compile(_NAME + r"\s+in\s+formation\.([a-z][a-z0-9_]*)")
_CODES = re.compile(_NAME + r"\s+in\s+\[([^\]]*)\]")
_EQUALS = re.compile(_NAME + r"\s*==\s*\"([^\"]*)\"")
_NEGATED = re.compile(r"\bnot\b|!=")


@dataclass(frozen=True, slots=True)
class AgeBound:
    """One bound on the age: ``upper`` (at most) or not (at least), a whole number plus
    ``offset``, or a formation field's value plus ``offset``; ``flag``: the boolean formation
    field it needs to be true, if any."""

    upper: bool
    value: int | None
    field: str | None
    offset: int
    flag: str | None

    def at(self, formation: Mapping[str, str]) -> int | None:
        """The bound for a formation's written values, or ``None`` if it does not apply."""
        if self.flag is not None and formation.get(self.flag) != "true":
            return None
        if self.field is None:
            return None if self.value is None else self.value + self.offset
        written = formation.get(self.field, "")
        return int(written) + self.offset if written.lstrip("-").isdigit() else None


def split_or(rule: str) -> list[str]:
    """A rule's alternatives joined by ``or`` outside brackets."""
    parts: list[str] = []
    depth = 0
    start = 0
    for match in re.finditer(r"[()\[\]]|\bor\b", rule):
        found = match.group()
        if found in "([":
            depth += 1
        elif found in ")]":
            depth -= 1
        elif depth == 0:
            parts.append(rule[start : match.start()])
            start = match.end()
    parts.append(rule[start:])
    return [part.strip() for part in parts if part.strip()]


def age_bounds(
    rules: list[str], integer: Callable[[str], int | None], flags: frozenset[str]
) -> list[list[AgeBound]]:
    """Per rule that bounds the age, its alternatives' bounds (a rule holds if one of them
    does); ``integer`` resolves a number or an integer parameter, ``flags`` are the boolean
    formation fields."""
    found: list[list[AgeBound]] = []
    for rule in rules:
        parts = split_or(rule)
        alternatives: list[AgeBound] = []
        for part in parts:
            bounds = [
                bound
                for match in _AGE.finditer(part)
                if (bound := _bound(match, part, integer, flags)) is not None
            ]
            if len(parts) == 1:  # bounds joined by 'and': each holds on its own
                found += [[bound] for bound in bounds]
            elif bounds:
                alternatives.append(bounds[0])
        if alternatives:
            found.append(alternatives)
    return found


def _bound(
    match: re.Match[str], part: str, integer: Callable[[str], int | None], flags: frozenset[str]
) -> AgeBound | None:
    left, operator, target, right = match.groups()
    offset = 0
    for terms, sign in ((right, 1), (left, -1)):
        for plus, term in _TERM.findall(terms):
            value = integer(term)
            if value is None:
                return None
            offset += sign * value * (1 if plus == "+" else -1)
    field = target.removeprefix("formation.") if target.startswith("formation.") else None
    value = None if field is not None else integer(target)
    if field is None and value is None:
        return None
    offset += {"<": -1, ">": 1}.get(operator, 0)
    needed = [name for negated, name in _FLAG.findall(part) if name in flags and not negated]
    return AgeBound(operator in {"<", "<="}, value, field, offset, needed[0] if needed else None)


def limits(bounds: list[list[AgeBound]], formation: Mapping[str, str]) -> tuple[int | None, ...]:
    """The highest and lowest age the rules accept for a formation (``None``: no bound)."""
    highest: int | None = None
    lowest: int | None = None
    for alternatives in bounds:
        upper = [b.at(formation) for b in alternatives if b.upper]
        lower = [b.at(formation) for b in alternatives if not b.upper]
        if upper and not lower:
            known = [v for v in upper if v is not None]
            if known:
                rule_high = max(known)
                highest = rule_high if highest is None else min(highest, rule_high)
        if lower and not upper:
            known = [v for v in lower if v is not None]
            if known:
                rule_low = min(known)
                lowest = rule_low if lowest is None else max(lowest, rule_low)
    return highest, lowest


def least_values(
    rules: list[str], names: list[str], integer: Callable[[str], int | None]
) -> dict[str, list[int]]:
    """For each integer field named, the least values the rules ask of it (``>=``, ``>``)."""
    found: dict[str, list[int]] = {}
    for name in names:
        pattern = re.compile(rf"\b{re.escape(name)}\s*(>=|>)\s*([A-Za-z_][A-Za-z0-9_]*|[0-9]+)")
        for rule in rules:
            for operator, other in pattern.findall(rule):
                value = integer(other)
                if value is not None:
                    found.setdefault(name, []).append(value + (operator == ">"))
    return {name: sorted(values) for name, values in found.items()}


def accepted_codes(rules: list[str], names: list[str]) -> dict[str, list[str]]:
    """For each enum field named, the codes a rule accepts (``name in [...]``, ``name ==
    "A"``) in a rule without a negation."""
    found: dict[str, list[str]] = {}
    for rule in rules:
        if _NEGATED.search(rule):
            continue
        for name, listed in _CODES.findall(rule):
            if name in names:
                codes = [c.strip().strip('"') for c in listed.split(",") if c.strip()]
                found.setdefault(name, codes)
        for name, code in _EQUALS.findall(rule):
            if name in names:
                found.setdefault(name, [code])
    return found


def looked_up(rules: list[str]) -> list[tuple[str, str, str]]:
    """``(field, formation list, rule)`` for each ``field in formation.LIST``."""
    return [(name, listed, rule) for rule in rules for name, listed in _IN_FORMATION.findall(rule)]
