"""The rule language's syntax: text → a small tree of frozen nodes, or located problems.

The grammar is a strict subset of Python expression syntax, read with :mod:`ast` and then
whitelisted node by node, so nothing is ever executed:

- literals: integers, decimals (read exactly from their spelling), strings in quotes,
  ``true``/``false``, and lists ``["S1", "D4"]`` (only after ``in``/``not in``);
- names: declared candidate fields, parameters, ``as_of``, and ``formation.FIELD``;
- ``and``, ``or``, ``not``; comparisons ``== != < <= > >=`` (chains such as ``0 <= x < 5``
  too), ``in`` and ``not in``; arithmetic ``+ - * /`` and unary minus;
- calls of the whitelisted functions in :mod:`.functions` only.

Attribute access (other than ``formation.FIELD``), subscripts, lambdas, comprehensions,
f-strings, keyword arguments, walrus and every other Python construct are refused with
``expr.not-allowed``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from asn_competency.errors import PolicyError, Problem
from asn_competency.files.numbers import MAX_DIGITS, number_problem

__all__ = [
    "Binary",
    "BoolOp",
    "Call",
    "Compare",
    "Const",
    "ListLit",
    "Name",
    "Node",
    "Span",
    "Unary",
    "parse",
]


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets of a node in the rule text (start inclusive, end exclusive)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Const:
    value: bool | int | Decimal | str
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    namespace: Literal["plain", "formation"]
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class ListLit:
    items: tuple[Node, ...]
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Unary:
    op: Literal["not", "-", "+"]
    operand: Node
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Binary:
    op: Literal["+", "-", "*", "/"]
    left: Node
    right: Node
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: Literal["and", "or"]
    values: tuple[Node, ...]
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Compare:
    left: Node
    ops: tuple[str, ...]
    comparators: tuple[Node, ...]
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple[Node, ...]
    text: str
    span: Span


Node = Const | Name | ListLit | Unary | Binary | BoolOp | Compare | Call

_BINARY: dict[type[ast.operator], Literal["+", "-", "*", "/"]] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
}
_UNARY: dict[type[ast.unaryop], Literal["not", "-", "+"]] = {
    ast.Not: "not",
    ast.USub: "-",
    ast.UAdd: "+",
}
_COMPARE = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
_WORDS = {
    ast.Attribute: "attribute access (only formation.FIELD is allowed)",
    ast.Subscript: "subscripts ([...] after a value)",
    ast.Lambda: "lambda",
    ast.IfExp: "'x if c else y' (write two rules, or use and/or)",
    ast.ListComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.Dict: "mappings",
    ast.Set: "sets (use a list [...])",
    ast.Tuple: "tuples (use a list [...])",
    ast.JoinedStr: "f-strings",
    ast.NamedExpr: "assignment (:=)",
    ast.Await: "await",
    ast.Starred: "*arguments",
    ast.Is: "'is' (use ==)",
    ast.IsNot: "'is not' (use !=)",
    ast.FloorDiv: "'//' (use / and round)",
    ast.Mod: "'%'",
    ast.Pow: "'**'",
    ast.MatMult: "'@'",
    ast.BitAnd: "'&' (use and)",
    ast.BitOr: "'|' (use or)",
    ast.BitXor: "'^'",
    ast.LShift: "'<<'",
    ast.RShift: "'>>'",
    ast.Invert: "'~'",
}
_BOOL_NAMES = {"true": True, "false": False, "True": True, "False": False}


class _Reader:
    """Converts a Python AST into rule nodes, with offsets into the original rule text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0]
        for line in text.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))

    def offset(self, line: int, col: int) -> int:
        # Line 1 is the '(' wrapper; the rule starts on line 2. ast columns are UTF-8 bytes.
        start = self.line_starts[line - 2]
        prefix = self.text[start:].encode("utf-8")[:col].decode("utf-8", errors="ignore")
        return start + len(prefix)

    def span(self, node: ast.AST) -> Span:
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return Span(start, end)

    def refuse(self, node: ast.AST, what: str) -> PolicyError:
        span = self.span(node)
        return PolicyError(
            [
                Problem(
                    "expr.not-allowed",
                    f"{what} is not part of the rule language: "
                    f"{self.text[span.start : span.end]!r}",
                    offset=span.start,
                    hint="rules use names, literals, and/or/not, comparisons, in, + - * / and "
                    "the listed functions",
                )
            ]
        )

    def read(self, node: ast.AST) -> Node:
        span = self.span(node)
        text = self.text[span.start : span.end]
        if isinstance(node, ast.Constant):
            value: object = node.value
            if isinstance(value, float):  # read exactly from its spelling
                value = Decimal(text.replace("_", ""))
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                too_large = number_problem(value)
                if too_large is not None:
                    raise PolicyError(
                        [
                            Problem(
                                "number.too-large",
                                too_large,
                                offset=span.start,
                                value=text if len(text) <= 40 else text[:37] + "...",
                                hint=f"numbers have at most {MAX_DIGITS} digits before and "
                                "after the decimal point",
                            )
                        ]
                    )
            if isinstance(value, str | Decimal) or (
                isinstance(value, int) and not isinstance(value, bool)
            ):
                return Const(value, text, span)
            raise self.refuse(node, f"the constant {text}")
        if isinstance(node, ast.Name):
            if node.id in _BOOL_NAMES:
                return Const(_BOOL_NAMES[node.id], text, span)
            return Name(node.id, "plain", text, span)
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "formation":
                return Name(node.attr, "formation", text, span)
            raise self.refuse(node, _WORDS[ast.Attribute])
        if isinstance(node, ast.List):
            return ListLit(tuple(self.read(item) for item in node.elts), text, span)
        if isinstance(node, ast.UnaryOp):
            op = _UNARY.get(type(node.op))
            if op is None:
                raise self.refuse(node, _WORDS.get(type(node.op), type(node.op).__name__))
            return Unary(op, self.read(node.operand), text, span)
        if isinstance(node, ast.BinOp):
            bop = _BINARY.get(type(node.op))
            if bop is None:
                raise self.refuse(node, _WORDS.get(type(node.op), type(node.op).__name__))
            return Binary(bop, self.read(node.left), self.read(node.right), text, span)
        if isinstance(node, ast.BoolOp):
            word: Literal["and", "or"] = "and" if isinstance(node.op, ast.And) else "or"
            return BoolOp(word, tuple(self.read(v) for v in node.values), text, span)
        if isinstance(node, ast.Compare):
            ops: list[str] = []
            for op_node in node.ops:
                comparison = _COMPARE.get(type(op_node))
                if comparison is None:
                    raise self.refuse(node, _WORDS.get(type(op_node), type(op_node).__name__))
                ops.append(comparison)
            return Compare(
                self.read(node.left),
                tuple(ops),
                tuple(self.read(c) for c in node.comparators),
                text,
                span,
            )
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name):
                raise self.refuse(node.func, "calling anything but a function name")
            if node.keywords:
                raise self.refuse(node.keywords[0].value, "keyword arguments")
            return Call(node.func.id, tuple(self.read(a) for a in node.args), text, span)
        raise self.refuse(node, _WORDS.get(type(node), f"'{type(node).__name__}'"))


def parse(text: str) -> Node:
    """Parse a rule into nodes; :class:`PolicyError` (``expr.syntax`` or ``expr.not-allowed``,
    with the character ``offset`` in the rule) when it is not in the language."""
    if not text.strip():
        raise PolicyError([Problem("expr.syntax", "the rule is empty", offset=0)])
    try:
        tree = ast.parse(f"(\n{text}\n)", mode="eval")
    except SyntaxError as exc:
        reader = _Reader(text)
        line = max(exc.lineno or 2, 2)
        if line - 1 > len(reader.line_starts) - 1:  # on the wrapper's closing line
            offset = len(text)
        else:
            offset = min(reader.offset(line, max((exc.offset or 1) - 1, 0)), len(text))
        raise PolicyError(
            [
                Problem(
                    "expr.syntax",
                    f"invalid rule syntax at character {offset + 1}: "
                    + re.sub(r" on line \d+", "", exc.msg),
                    offset=offset,
                )
            ]
        ) from None
    return _Reader(text).read(tree.body)
