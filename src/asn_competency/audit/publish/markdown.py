"""The Markdown renderer: CommonMark with GitHub tables, every policy text escaped."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from asn_competency.audit.publish.blocks import (
    Block,
    Box,
    Bullets,
    CriteriaPublication,
    Heading,
    Inline,
    Paragraph,
    _space,
)
from asn_competency.audit.publish.content import criteria_publication
from asn_competency.model import SelectionPolicy
from asn_competency.pipeline import Formation, FormationTable

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#])")
_MD_START = re.compile(r"^([+-])|^(\d+)([.)])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", _space(text))


def _md_code(text: str, *, in_table: bool) -> str:
    text = _space(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|') if in_table else text}{pad}{fence}"


def _md_inline(spans: Inline, *, in_table: bool = False) -> str:
    out = []
    for span in spans:
        if span.style in ("code", "hash"):
            code = _md_code(span.text, in_table=in_table)
            out.append(f"**{code}**" if span.style == "hash" else code)
        elif not span.text.strip():
            out.append(_space(span.text))
        elif span.style == "en":
            out.append(f" / *{_md_escape(span.text).strip()}*")
        elif span.style in ("strong", "warn"):
            text = _md_escape(span.text)
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(f"{lead}**{text.strip()}**{trail}")
        else:
            out.append(_md_escape(span.text))
    return "".join(out)


def _md_line(spans: Inline) -> str:
    """Inline text that starts a line: a leading list marker is escaped."""
    text = _md_inline(spans).strip()
    return _MD_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text, count=1)


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {_md_inline(block.text).strip()}"
    if isinstance(block, Paragraph):
        return _md_line(block.text)
    if isinstance(block, Bullets):
        return "\n".join(f"- {_md_line(item)}" for item in block.items)
    if isinstance(block, Box):
        return "\n>\n".join(f"> {_md_line(line)}" for line in block.lines)

    def row(cells: Sequence[Inline]) -> str:
        return "| " + " | ".join(_md_inline(c, in_table=True).strip() for c in cells) + " |"

    lines = [row(block.head), "|" + "---|" * len(block.head), *(row(r) for r in block.rows)]
    return "\n".join(lines)


def render_markdown(content: CriteriaPublication) -> str:
    """Markdown (CommonMark with GitHub tables); every policy text escaped."""
    blocks = [_md_block(block) for block in content.blocks]
    return "\n\n".join([*blocks, "---", _md_line(content.footer)]) + "\n"


def publish_markdown(
    policy: SelectionPolicy,
    *,
    formations: FormationTable | Sequence[Formation] | None = None,
    as_of: dt.date | None = None,
    policy_file: str | None = None,
) -> str:
    """The criteria publication as Markdown; see :func:`criteria_publication`."""
    content = criteria_publication(
        policy, formations=formations, as_of=as_of, policy_file=policy_file
    )
    return render_markdown(content)
