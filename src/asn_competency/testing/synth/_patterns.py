"""Random strings that fully match a regular expression (for string fields with a
``pattern``)."""

from __future__ import annotations

import importlib
import random
import re
from collections.abc import Iterator
from typing import Any, ClassVar


class _Pattern:
    """Random strings that fully match a regular expression (the common constructs:
    literals, classes, categories, repeats, groups, alternation)."""

    _POOL: ClassVar[str] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    _CATEGORIES: ClassVar[dict[str, str]] = {
        "CATEGORY_DIGIT": "0123456789",
        "CATEGORY_NOT_DIGIT": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "CATEGORY_WORD": _POOL + "_",
        "CATEGORY_NOT_WORD": " -.",
        "CATEGORY_SPACE": " ",
        "CATEGORY_NOT_SPACE": _POOL,
    }

    def __init__(self, pattern: str, max_length: int | None) -> None:
        parser: Any = importlib.import_module("re._parser")
        self.pattern = pattern
        self.compiled = re.compile(pattern)
        self.tree: Any = parser.parse(pattern)
        self.max_length = max_length

    def draw(self, rng: random.Random) -> str:
        """A random string matching the pattern; ``ValueError`` if none is found."""
        for _ in range(100):
            text = "".join(self._emit(self.tree, rng))
            fits = self.max_length is None or len(text) <= self.max_length
            if fits and self.compiled.fullmatch(text):
                return text
        raise ValueError(f"cannot generate a value matching the pattern {self.pattern!r}")

    def _chars(self, items: Any) -> str:
        chars: list[str] = []
        negate = False
        for op, arg in items:
            name = str(op)
            if name == "NEGATE":
                negate = True
            elif name == "LITERAL":
                chars.append(chr(arg))
            elif name == "RANGE":
                chars += [chr(c) for c in range(arg[0], min(arg[1], arg[0] + 200) + 1)]
            elif name == "CATEGORY":
                chars += self._CATEGORIES.get(str(arg), "")
        if negate:
            return "".join(c for c in self._POOL if c not in chars)
        return "".join(chars)

    def _emit(self, items: Any, rng: random.Random) -> Iterator[str]:
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                yield chr(arg)
            elif name in {"NOT_LITERAL", "ANY"}:
                yield rng.choice([c for c in self._POOL if name == "ANY" or ord(c) != arg])
            elif name == "IN":
                chars = self._chars(arg)
                if chars:
                    yield rng.choice(chars)
            elif name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
                low, high, sub = arg
                for _ in range(rng.randint(low, min(high, low + 6))):
                    yield from self._emit(sub, rng)
            elif name in {"SUBPATTERN", "ATOMIC_GROUP"}:
                yield from self._emit(arg[-1], rng)
            elif name == "BRANCH":
                yield from self._emit(rng.choice(arg[1]), rng)
