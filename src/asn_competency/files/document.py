"""A parsed document: plain data plus where each value and key stood in the source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from asn_competency.errors import Path, Problem

__all__ = ["SourceDocument", "SourceMap"]


@dataclass(frozen=True)
class SourceMap:
    """1-based (line, column) of each value, and of each mapping key, by path."""

    values: Mapping[Path, tuple[int, int]] = field(default_factory=dict)
    keys: Mapping[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int] | None:
        """Where ``path`` stands; for ``key=True`` the key that introduces it.

        A path with no recorded position (a missing field, say) falls back to its nearest
        recorded ancestor, so every problem gets a line.
        """
        if key and path in self.keys:
            return self.keys[path]
        probe = path
        while True:
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return None
            probe = probe[:-1]


@dataclass(frozen=True)
class SourceDocument:
    """A YAML document read safely: its data, its source text and its source map."""

    file: str | None
    data: dict[str, Any]
    source: SourceMap
    text: str = ""

    def locate(self, problem: Problem) -> Problem:
        """``problem`` with this document's file and the position of its path filled in.

        An unknown field is shown at its key; everything else at its value.
        """
        where = self.source.position(problem.path, key=problem.at_key)
        line, column = where if where else (None, None)
        if line is not None and column is not None and problem.offset is not None:
            column += self._inner_offset(problem.path, line, column, problem.offset)
        return problem.located(self.file, line, column)

    def _inner_offset(self, path: Path, line: int, column: int, offset: int) -> int:
        """Columns from a string scalar's start to ``offset`` characters into its value, when
        the value stands on one line as written (plain, or quoted without escapes); else 0."""
        value: Any = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return 0
        lines = self.text.splitlines()
        if not isinstance(value, str) or line > len(lines):
            return 0
        rest = lines[line - 1][column - 1 :]
        if rest.startswith(value):
            return offset
        if rest[:1] in ("'", '"') and rest[1:].startswith(value):
            return offset + 1
        return 0
