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
from pathlib import Path
from typing import ClassVar, Literal

from asn_competency.files.html import render_page
from asn_competency.model import Text

#: The audit layer's page templates.
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

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
    """The published criteria of a selection policy, whatever the output format: one
    document in both languages (Indonesian first, English after it). :meth:`html` writes it
    as a page (``render_markdown`` of :mod:`.markdown` as Markdown); a notebook shows the
    page's body."""

    title: Text
    blocks: tuple[Block, ...]
    footer: Inline

    def html(self) -> str:
        """A self-contained HTML5 page from the library's one page renderer and the audit
        layer's ``templates/criteria.html.j2``: the first level-1 heading heads the page,
        the other blocks follow; every text escaped by the renderer."""
        blocks = list(self.blocks)
        first = blocks[0] if blocks else None
        heading = blocks.pop(0) if isinstance(first, Heading) and first.level == 1 else None
        title = self.title.id
        if self.title.en and self.title.en != self.title.id:
            title = f"{self.title.id} / {self.title.en}"
        return render_page(
            "criteria.html.j2",
            folders=[_TEMPLATES],
            lang="id",
            title=_space(title),
            heading=heading,
            blocks=blocks,
            footer=self.footer,
            space=_space,
        )

    def _repr_html_(self) -> str:
        """The notebook view: what lies between the page's ``<body>`` tags."""
        page = self.html()
        start, end = page.find("<body"), page.rfind("</body>")
        if start < 0 or end < 0:
            return page
        return page[page.index(">", start) + 1 : end].strip()


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
