"""The block tree of a criteria publication, whatever the output format.

An :class:`CriteriaPublication` is a title, a sequence of blocks (:class:`Heading`,
:class:`Paragraph`, :class:`Bullets`, :class:`Table`, :class:`Box`) and a footer; their text is
inline: runs of :class:`Span`, each in one style (English, code, the policy hash, strong, a
warning, a reference). The private helpers write inline text: plain, code, a constant
bilingual ``"Indonesian|English"`` pair, a policy :class:`~asn_competency.model.Text`, a label,
table headings, a joined list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from asn_competency.model import Text

Style = Literal["text", "en", "code", "hash", "strong", "warn", "ref"]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of inline text in one style; ``target`` is the reference id of a ``ref``."""

    text: str
    style: Style = "text"
    target: str | None = None


Inline = tuple[Span, ...]
Row = tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading, level 1 to 3."""

    #: The kind of block, by which the HTML template tells blocks apart.
    kind: ClassVar[str] = "heading"

    level: int
    text: Inline


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph."""

    #: The kind of block, by which the HTML template tells blocks apart.
    kind: ClassVar[str] = "paragraph"

    text: Inline


@dataclass(frozen=True, slots=True)
class Bullets:
    """An unordered list."""

    #: The kind of block, by which the HTML template tells blocks apart.
    kind: ClassVar[str] = "bullets"

    items: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table; ``anchors`` names rows (reference ids) that citations link to."""

    #: The kind of block, by which the HTML template tells blocks apart.
    kind: ClassVar[str] = "table"

    head: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Box:
    """Lines set apart: the policy hash and the reference date."""

    #: The kind of block, by which the HTML template tells blocks apart.
    kind: ClassVar[str] = "box"

    lines: tuple[Inline, ...]


Block = Heading | Paragraph | Bullets | Table | Box


@dataclass(frozen=True, slots=True)
class CriteriaPublication:
    """The published criteria of a selection policy, whatever the output format."""

    title: Text
    blocks: tuple[Block, ...]
    footer: Inline


# --------------------------------------------------------------------------- inline helpers


def _cat(*parts: Inline) -> Inline:
    """Inline parts, one after another."""
    return tuple(span for part in parts for span in part)


def _t(text: str, style: Style = "text") -> Inline:
    """A text in one style."""
    return (Span(text, style),)


def _c(text: str) -> Inline:
    """A text as code (a name, a rule, a formula)."""
    return (Span(text, "code"),)


def _b(pair: str, style: Style = "text") -> Inline:
    """A constant bilingual text written ``"Indonesian|English"``."""
    ind, _, en = pair.partition("|")
    return (Span(ind, style), Span(en, "en")) if en and en != ind else (Span(ind, style),)


def _lab(pair: str) -> Inline:
    """A label leading a line: ``Indonesian / English: ``."""
    return _cat(_b(pair), _t(": "))


def _tx(text: Text | None) -> Inline:
    """A policy text: Indonesian, then English when it differs; nothing for none."""
    if text is None:
        return ()
    if text.en is None or text.en == text.id:
        return (Span(text.id),)
    return Span(text.id), Span(text.en, "en")


def _heads(pairs: str) -> tuple[Inline, ...]:
    """Table headings written ``"Indonesian|English; Indonesian|English; ..."``."""
    return tuple(_b(pair.strip()) for pair in pairs.split(";"))


def _join(parts: Sequence[Inline], sep: str = ", ") -> Inline:
    """Inline parts with a separator between them."""
    return _cat(*(_cat(_t(sep) if i else (), part) for i, part in enumerate(parts)))


def _space(text: str) -> str:
    """Text as both renderers write it: every run of white space one space."""
    return re.sub(r"\s+", " ", text)
