"""Compiling a rule: parse once, type-check against a scope, report every problem with its
character offset. A compiled rule evaluates without further checks (see :mod:`.evaluate`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from asn_competency.errors import PolicyError, Problem, describe_value, did_you_mean
from asn_competency.expressions.functions import FUNCTIONS, ROUNDING_MODES
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
    parse,
)
from asn_competency.expressions.types import (
    BOOLEAN,
    DATE,
    DECIMAL,
    INTEGER,
    STRING,
    RuleType,
    Scope,
)

__all__ = ["CompiledRule", "compile_rule"]

_AS_OF = "as_of"
_EXPECTED = {
    "boolean": "true or false",
    "number": "a number",
    "integer": "a whole number",
    "string": "a code (a string)",
}


@dataclass(frozen=True)
class CompiledRule:
    """A parsed, type-checked rule: its text, tree, result type and the names it reads."""

    text: str
    tree: Node
    type: RuleType
    types: dict[Node, RuleType] = field(repr=False, compare=False)
    fields: frozenset[str] = frozenset()
    parameters: frozenset[str] = frozenset()
    formation_fields: frozenset[str] = frozenset()
    scores: frozenset[str] = frozenset()
    defaults: Mapping[str, object] = field(default_factory=dict, compare=False)
    #: The rule's clauses in the order an evaluation traces them (:func:`clause_nodes`): a
    #: record holds each clause's value by its position here, not its text.
    clauses: tuple[Node, ...] = field(default=(), compare=False)


class _Checker:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.types: dict[Node, RuleType] = {}
        self.problems: list[Problem] = []
        self.fields: set[str] = set()
        self.parameters: set[str] = set()
        self.formation: set[str] = set()
        self.scores: set[str] = set()

    def fail(self, code: str, message: str, node: Node, hint: str | None = None) -> None:
        self.problems.append(Problem(code, message, offset=node.span.start, hint=hint))

    def check(self, node: Node) -> RuleType | None:
        result = self._check(node)
        if result is not None:
            self.types[node] = result
        return result

    def _check(self, node: Node) -> RuleType | None:
        if isinstance(node, Const):
            value = node.value
            if isinstance(value, bool):
                return BOOLEAN
            if isinstance(value, int):
                return INTEGER
            if isinstance(value, str):
                return STRING
            return DECIMAL
        if isinstance(node, Name):
            return self._name(node)
        if isinstance(node, ListLit):
            return self._list(node)
        if isinstance(node, Unary):
            return self._unary(node)
        if isinstance(node, Binary):
            return self._binary(node)
        if isinstance(node, BoolOp):
            for operand in node.values:
                self._expect_boolean(operand, f"'{node.op}'")
            return BOOLEAN
        if isinstance(node, Compare):
            return self._compare(node)
        return self._call(node)

    def _expect_boolean(self, node: Node, where: str) -> None:
        found = self.check(node)
        if found is not None and found != BOOLEAN:
            self.fail(
                "expr.type",
                f"{where} needs true/false, but {node.text!r} is {found}",
                node,
                hint="compare it with something, e.g. 'x >= 60'",
            )

    def _name(self, node: Name) -> RuleType | None:
        if node.namespace == "formation":
            found = self.scope.formation.get(node.name)
            if found is None:
                self.fail(
                    "expr.unknown-name",
                    f"the formation has no field {node.name!r}",
                    node,
                    hint=did_you_mean(node.name, self.scope.formation)
                    or "declare it in formation_fields",
                )
            else:
                self.formation.add(node.name)
            return found
        name = node.name
        if name in self.scope.protected:
            self.fail(
                "ref.protected-attribute",
                f"{name!r} is a protected attribute: it feeds fairness reports only and no rule "
                "may read it",
                node,
            )
            return None
        owners = [
            what
            for what, names in (
                ("a candidate field", self.scope.fields),
                ("a parameter", self.scope.parameters),
                ("a score", self.scope.scores),
            )
            if name in names
        ]
        if len(owners) > 1:
            self.fail(
                "expr.name-clash",
                f"{name!r} is both {' and '.join(owners)}; rules cannot tell which",
                node,
            )
            return None
        if name in self.scope.scores:
            self.scores.add(name)
            return self.scope.scores[name]
        in_fields = name in self.scope.fields
        in_params = name in self.scope.parameters
        if name == _AS_OF and not in_fields and not in_params:
            return DATE
        if in_fields:
            self.fields.add(name)
            return self.scope.fields[name]
        if in_params:
            self.parameters.add(name)
            return self.scope.parameters[name]
        known = [*self.scope.fields, *self.scope.parameters, *self.scope.scores, _AS_OF]
        self.fail(
            "expr.unknown-name",
            f"{name!r} is not a declared candidate field, parameter or score",
            node,
            hint=did_you_mean(name, known) or "declare it in candidate_fields or parameters",
        )
        return None

    def _list(self, node: ListLit) -> RuleType | None:
        items = [self.check(item) for item in node.items]
        known = [t for t in items if t is not None]
        if not known:
            return RuleType("list", item=None) if not node.items else None
        first = known[0]
        for item, found in zip(node.items, items, strict=True):
            if found is not None and not _same_kind(found, first):
                self.fail(
                    "expr.type",
                    f"a list holds one type: {item.text!r} is {found}, the first item {first}",
                    item,
                )
        return RuleType("list", item=DECIMAL if first.numeric else RuleType(first.kind))

    def _unary(self, node: Unary) -> RuleType | None:
        if node.op == "not":
            self._expect_boolean(node.operand, "'not'")
            return BOOLEAN
        found = self.check(node.operand)
        if found is not None and not found.numeric:
            self.fail("expr.type", f"'{node.op}' needs a number, not {found}", node.operand)
            return None
        return found

    def _binary(self, node: Binary) -> RuleType | None:
        left, right = self.check(node.left), self.check(node.right)
        if left is None or right is None:
            return None
        if not (left.numeric and right.numeric):
            bad = node.left if not left.numeric else node.right
            found = left if not left.numeric else right
            self.fail(
                "expr.type",
                f"'{node.op}' needs numbers on both sides, but {bad.text!r} is {found}",
                bad,
                hint="use age_on() or years_between() for dates",
            )
            return None
        if node.op == "/" or DECIMAL in (left, right):
            return DECIMAL
        return INTEGER

    def _compare(self, node: Compare) -> RuleType:
        operands = [node.left, *node.comparators]
        found = [self.check(o) for o in operands]
        for index, op in enumerate(node.ops):
            a, b = operands[index], operands[index + 1]
            ta, tb = found[index], found[index + 1]
            if ta is None or tb is None:
                continue
            if op in ("in", "not in"):
                self._membership(op, a, ta, b, tb)
            elif not _same_kind(ta, tb):
                self.fail(
                    "expr.type",
                    f"cannot compare {a.text!r} ({ta}) with {b.text!r} ({tb})",
                    b,
                )
            elif op not in ("==", "!=") and not _orderable(a, ta, b, tb):
                self.fail(
                    "expr.type",
                    f"'{op}' orders numbers, dates and codes of a scale (an enum with levels), "
                    f"not {ta} ({a.text!r}) and {tb} ({b.text!r})",
                    a,
                    hint="use == or in for codes, or declare the enum's levels",
                )
            else:
                self._known_codes(a, ta, b)
                self._known_codes(b, tb, a)
        return BOOLEAN

    def _membership(self, op: str, a: Node, ta: RuleType, b: Node, tb: RuleType) -> None:
        if tb.kind != "list":
            self.fail(
                "expr.type",
                f"'{op}' needs a list on its right (a list literal such as [\"S1\"] or a list "
                f"field), but {b.text!r} is {tb}",
                b,
            )
            return
        if tb.item is not None and not _same_kind(ta, tb.item):
            self.fail("expr.type", f"{a.text!r} is {ta}, but the list holds {tb.item}s", b)
            return
        if isinstance(b, ListLit):
            for item in b.items:
                self._known_codes(a, ta, item)
        elif isinstance(a, Const) and tb.item is not None:
            self._known_codes(b, tb.item, a)

    def _known_codes(self, name: Node, found: RuleType, other: Node) -> None:
        """A literal compared with an enum field must be one of its codes."""
        if (
            found.codes
            and isinstance(other, Const)
            and isinstance(other.value, str)
            and other.value not in found.codes
        ):
            self.fail(
                "expr.type",
                f"{other.value!r} is not one of the codes of {name.text!r}: "
                f"{', '.join(found.codes)}",
                other,
                hint=did_you_mean(other.value, found.codes),
            )

    def _call(self, node: Call) -> RuleType | None:
        signature = FUNCTIONS.get(node.function)
        if signature is None:
            self.fail(
                "expr.unknown-function",
                f"{node.function}() is not a rule function; available: "
                f"{', '.join(sorted(FUNCTIONS))}",
                node,
                hint=did_you_mean(node.function, FUNCTIONS),
            )
            for arg in node.args:
                self.check(arg)
            return None
        args = node.args
        fixed = signature.params
        if signature.variadic is None and len(args) != len(fixed):
            self.fail(
                "expr.arguments",
                f"{node.function}() takes {len(fixed)} argument(s), got {len(args)}: "
                f"write {signature.text}",
                node,
            )
            return None
        if signature.variadic is not None and not args:
            self.fail("expr.arguments", f"{node.function}() needs at least one argument", node)
            return None
        kinds = fixed if signature.variadic is None else (signature.variadic,) * len(args)
        found: list[RuleType | None] = []
        for arg, kind in zip(args, kinds, strict=True):
            if kind == "mode":
                if not (isinstance(arg, Const) and arg.value in ROUNDING_MODES):
                    self.fail(
                        "expr.arguments",
                        f"the rounding mode must be one of "
                        f"{', '.join(repr(m) for m in ROUNDING_MODES)}, got {arg.text}",
                        arg,
                    )
                found.append(STRING)
                continue
            if node.function == "round" and kind == "integer":
                if not (isinstance(arg, Const) and type(arg.value) is int and 0 <= arg.value <= 12):
                    self.fail("expr.arguments", "round() places must be 0 to 12, written out", arg)
                found.append(INTEGER)
                continue
            if node.function == "date":
                found.append(self._date_literal(arg))
                continue
            if node.function == "given":
                found.append(self._given(arg))
                continue
            actual = self.check(arg)
            found.append(actual)
            if actual is not None and not _fits(actual, kind):
                self.fail(
                    "expr.type",
                    f"argument {arg.text!r} of {node.function}() must be "
                    f"{'a number' if kind == 'number' else 'a ' + kind}, not {actual}",
                    arg,
                )
        if signature.result == "number":
            numeric = [t for t in found if t is not None]
            return INTEGER if numeric and all(t == INTEGER for t in numeric) else DECIMAL
        return RuleType(signature.result)  # type: ignore[arg-type]

    def _given(self, arg: Node) -> RuleType | None:
        if not isinstance(arg, Name):
            self.fail(
                "expr.arguments",
                f"given() takes a field or score name, e.g. given(gpa), not {arg.text!r}",
                arg,
            )
            return None
        return self.check(arg)

    def _date_literal(self, arg: Node) -> RuleType | None:
        if isinstance(arg, Const) and isinstance(arg.value, str):
            try:
                dt.date.fromisoformat(arg.value)
            except ValueError:
                self.fail("expr.type", f"{arg.text} is not an ISO date (YYYY-MM-DD)", arg)
                return None
            return DATE
        self.fail("expr.arguments", 'date() takes a date written out, e.g. date("2024-08-19")', arg)
        return None


def _same_kind(a: RuleType, b: RuleType) -> bool:
    return (a.numeric and b.numeric) or a.kind == b.kind


def _orderable(a: Node, ta: RuleType, b: Node, tb: RuleType) -> bool:
    """Whether ``<``, ``<=``, ``>``, ``>=`` may order ``a`` and ``b``: numbers, dates, or codes
    of one scale (an enum with levels, against itself or a literal code of it)."""
    if ta.kind in ("integer", "decimal", "date"):
        return True
    if ta.levels is None and tb.levels is None:
        return False
    if ta.levels is not None and tb.levels is not None:
        return ta.level_of() == tb.level_of()
    literal = b if ta.levels is not None else a
    return isinstance(literal, Const) and isinstance(literal.value, str)


def _fits(found: RuleType, kind: str) -> bool:
    if kind == "any":
        return found.kind != "list"
    if kind == "integer":
        return found.kind == "integer"
    if kind == "number":
        return found.numeric
    return found.kind == kind


def _walk(node: Node) -> Iterator[Node]:
    yield node
    children: tuple[Node, ...] = ()
    if isinstance(node, ListLit):
        children = node.items
    elif isinstance(node, Unary):
        children = (node.operand,)
    elif isinstance(node, Binary):
        children = (node.left, node.right)
    elif isinstance(node, BoolOp):
        children = node.values
    elif isinstance(node, Compare):
        children = (node.left, *node.comparators)
    elif isinstance(node, Call):
        children = node.args
    for child in children:
        yield from _walk(child)


def compile_rule(text: str, scope: Scope, *, expect: str = "boolean") -> CompiledRule:
    """Parse and type-check ``text``; :class:`PolicyError` with every problem (each with the
    character ``offset`` in the rule) when it does not compile.

    ``expect`` is the result kind the caller needs: ``"boolean"`` for a condition,
    ``"number"`` for a formula, ``"string"`` for a code, ``"any"`` for any single value.
    """
    tree = parse(text)
    checker = _Checker(scope)
    result = checker.check(tree)
    if result is not None and not _fits(result, expect):
        checker.fail(
            "expr.type",
            f"the rule must give {_EXPECTED.get(expect, expect)}, but it gives {result}",
            tree,
        )
    if checker.problems or result is None:
        problems = checker.problems or [
            Problem("expr.type", f"the rule {describe_value(text)} has no type", offset=0)
        ]
        raise PolicyError(sorted(problems, key=lambda p: p.offset or 0))
    return CompiledRule(
        text,
        tree,
        result,
        checker.types,
        frozenset(checker.fields),
        frozenset(checker.parameters),
        frozenset(checker.formation),
        frozenset(checker.scores),
        {n: v for n, v in scope.defaults.items() if n in checker.fields},
        clause_nodes(tree, boolean=result.kind == "boolean"),
    )


def clause_nodes(tree: Node, *, boolean: bool) -> tuple[Node, ...]:
    """The clauses of a rule, in the order :func:`~asn_competency.expressions.evaluate`
    traces them: each comparison, and each true/false value that is an operand of ``and``,
    ``or``, ``not`` or ``count`` (and the whole rule when it is such a value). Every operand is
    evaluated, so every evaluation traces exactly these clauses, in this order (a test holds
    the evaluator to it)."""
    found: list[Node] = []

    def operand(node: Node) -> None:
        walk(node)
        if not isinstance(node, Compare | BoolOp | Unary):
            found.append(node)

    def walk(node: Node) -> None:
        if isinstance(node, ListLit):
            for item in node.items:
                walk(item)
        elif isinstance(node, Unary):
            (operand if node.op == "not" else walk)(node.operand)
        elif isinstance(node, Binary):
            walk(node.left)
            walk(node.right)
        elif isinstance(node, BoolOp):
            for value in node.values:
                operand(value)
        elif isinstance(node, Compare):
            for side in (node.left, *node.comparators):
                walk(side)
            found.append(node)
        elif isinstance(node, Call):
            if node.function == "count":
                for argument in node.args:
                    operand(argument)
            elif node.function == "round":
                walk(node.args[0])
            elif node.function != "date":
                for argument in node.args:
                    walk(argument)

    walk(tree)
    if boolean and not isinstance(tree, Compare | BoolOp | Unary):
        found.append(tree)
    return tuple(found)


def nodes(rule: CompiledRule) -> Iterator[Node]:
    """Every node of a compiled rule, parents before children."""
    return _walk(rule.tree)
