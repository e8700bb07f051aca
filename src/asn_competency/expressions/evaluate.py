"""Evaluating a compiled rule for one candidate: exact, three-valued, traced.

- Numbers are exact fractions throughout; two values that are mathematically equal compare
  equal, whatever mix of integers, decimals and divisions produced them.
- A missing value never becomes a guess: it is *unknown*. Arithmetic and comparisons with an
  unknown operand are unknown; ``and`` is false if any operand is false, else unknown if any
  is unknown; ``or`` is true if any operand is true, else unknown if any is unknown (Kleene's
  logic). Zero times an unknown number is zero (so a weight of 0 makes a missing score not
  matter). The evaluation names the fields whose absence made the result unknown.
- Every operand is evaluated (no short-circuit), so the trace shows every clause: each
  comparison with its result and the values it read, parameters with the date they took
  effect and their legal reference (``tkp >= skd_min_tkp → false (tkp = 160, skd_min_tkp =
  166 [kepmenpanrb-321-2024, from 2024-01-01])``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from asn_competency.errors import AsnCompetencyError, Problem
from asn_competency.expressions.compile import CompiledRule
from asn_competency.expressions.functions import age_on, round_fraction
from asn_competency.expressions.syntax import (
    Binary,
    BoolOp,
    Call,
    Compare,
    Const,
    ListLit,
    Name,
    Node,
    Unary,
)
from asn_competency.model import ResolvedParameter

__all__ = [
    "UNKNOWN",
    "Clause",
    "Env",
    "Evaluation",
    "EvaluationError",
    "Read",
    "Unknown",
    "decimal_text",
    "evaluate",
    "format_value",
    "rule_value",
]


class Unknown:
    """The value of anything that depends on a missing input."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "unknown"

    def __bool__(self) -> bool:
        raise TypeError("unknown has no truth value; compare it with 'is UNKNOWN'")


UNKNOWN = Unknown()

Value = bool | Fraction | str | dt.date | Unknown | list[Any]


class EvaluationError(AsnCompetencyError, ArithmeticError):
    """A rule cannot be evaluated for this candidate (e.g. a division by zero)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.message)


@dataclass(frozen=True)
class Env:
    """What one evaluation reads: a candidate's values, the formation's, the parameters in
    force and the as-of date. A missing or ``None`` value is unknown."""

    candidate: Mapping[str, Any] = field(default_factory=dict)
    formation: Mapping[str, Any] = field(default_factory=dict)
    parameters: Mapping[str, ResolvedParameter] = field(default_factory=dict)
    as_of: dt.date | None = None
    scores: Mapping[str, Any] = field(default_factory=dict)
    #: For each unknown score, the inputs whose absence made it unknown.
    score_missing: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Read:
    """One value a clause read, and where it came from."""

    name: str
    source: Literal["field", "formation", "parameter", "score", "as_of"]
    value: Value
    effective_from: dt.date | None = None
    reference: str | None = None
    defaulted: bool = False

    def render(self) -> str:
        text = f"{self.name} = {format_value(self.value)}"
        if self.defaulted:
            text += " (default)"
        if self.source == "parameter":
            since = self.effective_from.isoformat() if self.effective_from else "?"
            text += f" [{self.reference}, from {since}]"
        return text


@dataclass(frozen=True, slots=True)
class Clause:
    """One comparison (or true/false value) of a rule, its result and the values it read."""

    text: str
    value: Value
    reads: tuple[Read, ...]

    def render(self) -> str:
        """``tkp >= 166 → false (tkp = 160)``."""
        reads = ", ".join(r.render() for r in self.reads)
        return f"{self.text} → {format_value(self.value)}" + (f" ({reads})" if reads else "")


@dataclass(frozen=True)
class Evaluation:
    """The result of a rule for one candidate, with its trace."""

    rule: str
    value: Value
    missing: tuple[str, ...]
    clauses: tuple[Clause, ...]
    #: Where the rule is in the policy (e.g. ``("skd", "pass_rule")``), when the caller says.
    at: tuple[str | int, ...] = ()

    @property
    def known(self) -> bool:
        """Whether the result is known (no missing input decided it)."""
        return self.value is not UNKNOWN

    def render(self) -> str:
        """The rule, its result and one line per clause."""
        lines = [f"{self.rule} → {format_value(self.value)}"]
        lines += [f"  {clause.render()}" for clause in self.clauses]
        if self.missing:
            lines.append(f"  missing: {', '.join(self.missing)}")
        return "\n".join(lines)


def format_value(value: Value, *, unknown: str = "unknown") -> str:
    """A value as traces show it: exact decimals, ``true``/``false``, ``unknown`` (or the word
    given, e.g. ``tidak diketahui``)."""
    if value is UNKNOWN:
        return unknown
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return _format_fraction(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return repr(value)


def _format_fraction(value: Fraction) -> str:
    text = decimal_text(value)
    if text is not None:
        return text
    approx = decimal_text(round_fraction(value, 6, "half_even"))  # six places: terminates
    return f"{approx}…"


def decimal_text(value: Fraction) -> str | None:
    """``value`` in decimal notation, every digit exact (no context precision: a score of 60
    digits keeps its 60), or ``None`` when its decimal expansion does not terminate."""
    rest, twos, fives = value.denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:
        return None
    places = max(twos, fives)
    digits = str(abs(value.numerator) * (10**places // value.denominator)).rjust(places + 1, "0")
    whole, fraction = digits[: len(digits) - places], digits[len(digits) - places :].rstrip("0")
    return ("-" if value < 0 else "") + whole + (f".{fraction}" if fraction else "")


def rule_value(raw: Any) -> Value:
    """A value as rules read it: numbers as exact fractions, lists item by item, ``None`` as
    unknown. A value already read so comes back as it is, so a caller that reads the same
    values many times (the engine, per candidate) converts them once."""
    kind = type(raw)
    if kind is Fraction or kind is str or kind is bool:
        known: Value = raw
        return known
    if raw is None or raw is UNKNOWN:
        return UNKNOWN
    if isinstance(raw, bool | str | dt.date):
        return raw
    if isinstance(raw, int | Decimal):
        return Fraction(raw)
    if isinstance(raw, Fraction):
        return raw
    if isinstance(raw, list | tuple):
        return [rule_value(item) for item in raw]
    raise TypeError(f"a rule cannot read {type(raw).__name__} values: {raw!r}")


class _Evaluator:
    def __init__(self, rule: CompiledRule, env: Env) -> None:
        self.rule = rule
        self.env = env
        self.clauses: list[Clause] = []
        self.missing: set[str] = set()
        self.reads: list[Read] = []

    def clause(self, node: Node, value: Value, start: int) -> None:
        reads: list[Read] = []
        for read in self.reads[start:]:  # unique, in order (list values are not hashable)
            if read not in reads:
                reads.append(read)
        self.clauses.append(Clause(node.text, value, tuple(reads)))

    def boolean_operand(self, node: Node) -> Value:
        start = len(self.reads)
        value = self.eval(node)
        if not isinstance(node, Compare | BoolOp | Unary):
            self.clause(node, value, start)
        return value

    def eval(self, node: Node) -> Value:
        if isinstance(node, Const):
            value = node.value
            return (
                Fraction(value)
                if isinstance(value, int | Decimal) and not isinstance(value, bool)
                else value
            )
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, ListLit):
            return [self.eval(item) for item in node.items]
        if isinstance(node, Unary):
            if node.op == "not":
                operand = self.boolean_operand(node.operand)
                return UNKNOWN if operand is UNKNOWN else not operand
            number = self.eval(node.operand)
            if number is UNKNOWN:
                return UNKNOWN
            return -_number(number) if node.op == "-" else number
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, BoolOp):
            values = [self.boolean_operand(v) for v in node.values]
            decisive = node.op == "or"  # true decides 'or', false decides 'and'
            if any(v is not UNKNOWN and v is decisive for v in values):
                return decisive
            return UNKNOWN if any(v is UNKNOWN for v in values) else not decisive
        if isinstance(node, Compare):
            start = len(self.reads)
            verdict = self.compare(node)
            self.clause(node, verdict, start)
            return verdict
        return self.call(node)

    def name(self, node: Name) -> Value:
        if node.namespace == "formation":
            value = rule_value(self.env.formation.get(node.name))
            self.reads.append(Read(f"formation.{node.name}", "formation", value))
            if value is UNKNOWN:
                self.missing.add(f"formation.{node.name}")
            return value
        if node.name in self.rule.scores:
            value = rule_value(self.env.scores.get(node.name))
            self.reads.append(Read(node.name, "score", value))
            if value is UNKNOWN:
                self.missing.update(self.env.score_missing.get(node.name, (node.name,)))
            return value
        if node.name in self.rule.fields:
            value = rule_value(self.env.candidate.get(node.name))
            defaulted = value is UNKNOWN and node.name in self.rule.defaults
            if defaulted:
                value = rule_value(self.rule.defaults[node.name])
            self.reads.append(Read(node.name, "field", value, defaulted=defaulted))
            if value is UNKNOWN:
                self.missing.add(node.name)
            return value
        if node.name in self.rule.parameters:
            resolved = self.env.parameters.get(node.name)
            if resolved is None:
                raise KeyError(f"parameter {node.name!r} was not resolved for this evaluation")
            value = rule_value(resolved.value)
            self.reads.append(
                Read(node.name, "parameter", value, resolved.effective_from, resolved.reference)
            )
            return value
        value = rule_value(self.env.as_of)
        self.reads.append(Read("as_of", "as_of", value))
        if value is UNKNOWN:
            self.missing.add("as_of")
        return value

    def binary(self, node: Binary) -> Value:
        left, right = self.eval(node.left), self.eval(node.right)
        if node.op == "*" and (left == 0 or right == 0):
            return Fraction(0)  # zero times any number, known or not, is zero
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        left, right = _number(left), _number(right)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        if right == 0:
            raise EvaluationError(
                Problem(
                    "expr.division-by-zero",
                    f"{node.text!r} divides by zero ({node.right.text} = 0)",
                    offset=node.span.start,
                )
            )
        return left / right

    def compare(self, node: Compare) -> Value:
        nodes = [node.left, *node.comparators]
        operands = [self.eval(n) for n in nodes]
        results: list[Value] = []
        for index, op in enumerate(node.ops):
            a, b = operands[index], operands[index + 1]
            if _unknown_operand(a) or _unknown_operand(b):
                results.append(UNKNOWN)
                continue
            if isinstance(a, str) and op not in _CODE_OPS:  # codes of a scale: by level
                level = self.levels(nodes[index]) or self.levels(nodes[index + 1])
                a, b = Fraction(level[str(a)]), Fraction(level[str(b)])
            results.append(_compare(op, a, b))
        if any(r is False for r in results):
            return False
        return UNKNOWN if any(r is UNKNOWN for r in results) else True

    def levels(self, node: Node) -> dict[str, int]:
        """The levels of the codes a node gives (empty when it is not an enum with levels)."""
        found = self.rule.types.get(node)
        return found.level_of() if found is not None else {}

    def call(self, node: Call) -> Value:
        if node.function == "given":  # never unknown: a missing value is an answer here
            missing = set(self.missing)
            present = self.eval(node.args[0]) is not UNKNOWN
            self.missing = missing
            return present
        if node.function == "date":
            return dt.date.fromisoformat(str(_literal(node.args[0])))
        if node.function == "round":
            number = self.eval(node.args[0])
            if number is UNKNOWN:
                return UNKNOWN
            places, mode = _literal(node.args[1]), _literal(node.args[2])
            return round_fraction(_number(number), int(places), str(mode))
        if node.function == "count":
            flags = [self.boolean_operand(a) for a in node.args]
            if any(f is UNKNOWN for f in flags):
                return UNKNOWN
            return Fraction(sum(1 for f in flags if f is True))
        args = [self.eval(a) for a in node.args]
        if any(a is UNKNOWN for a in args):
            return UNKNOWN
        if node.function in ("age_on", "years_between"):
            start, end = args
            if not (isinstance(start, dt.date) and isinstance(end, dt.date)):
                raise TypeError(f"{node.function}() reads dates; the type check lets no other in")
            return Fraction(age_on(start, end))
        numbers = [a for a in args if isinstance(a, Fraction)]
        if node.function == "min":
            return min(numbers)
        if node.function == "max":
            return max(numbers)
        return sum(numbers, Fraction(0))


def _number(value: Value) -> Fraction:
    """A value the type check guarantees to be a number."""
    if not isinstance(value, Fraction):
        raise TypeError(f"expected a number after the type check, got {value!r}")
    return value


def _unknown_operand(value: Value) -> bool:
    """Whether a comparison operand is unknown: unknown itself, or a list holding an unknown
    item (on either side of the comparison)."""
    return value is UNKNOWN or (isinstance(value, list) and UNKNOWN in value)


def _literal(node: Node) -> bool | int | Decimal | str:
    """A node the type check guarantees to be a literal (round()'s places and mode)."""
    if not isinstance(node, Const):
        raise TypeError(f"expected a literal after the type check, got {node.text!r}")
    return node.value


#: Comparisons that read codes as codes (the others order codes of a scale by level).
_CODE_OPS = frozenset({"==", "!=", "in", "not in"})


def _compare(op: str, a: Value, b: Value) -> bool:
    if op == "in":
        return isinstance(b, list) and a in b
    if op == "not in":
        return isinstance(b, list) and a not in b
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    left: Any = a
    right: Any = b
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)


def evaluate(rule: CompiledRule, env: Env, *, at: tuple[str | int, ...] = ()) -> Evaluation:
    """Evaluate a compiled rule for one candidate; see the module docstring. ``at`` says where
    the rule is in the policy; the evaluation keeps it."""
    evaluator = _Evaluator(rule, env)
    value = evaluator.eval(rule.tree)
    if rule.type.kind == "boolean" and not isinstance(rule.tree, Compare | BoolOp | Unary):
        evaluator.clause(rule.tree, value, 0)
    missing = tuple(sorted(evaluator.missing)) if value is UNKNOWN else ()
    return Evaluation(rule.text, value, missing, tuple(evaluator.clauses), at)
