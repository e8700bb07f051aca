"""The HTML renderer: the library's one page renderer (:mod:`asn_competency.files.html`,
Jinja2 with autoescaping and the one stylesheet, inline) and the audit layer's template
``audit/templates/criteria.html.j2``, which draws the block tree. Indonesian first, English in a
secondary style; no script, nothing fetched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from asn_competency.audit.publish.blocks import CriteriaPublication, Heading, _space
from asn_competency.audit.publish.content import criteria_publication
from asn_competency.files.html import render_page
from asn_competency.model import SelectionPolicy
from asn_competency.pipeline import Formation, FormationTable

#: The audit layer's page templates.
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def render_html(content: CriteriaPublication) -> str:
    """A self-contained HTML5 page of ``content``: the first level-1 heading heads the page,
    the other blocks follow; every text escaped by the renderer."""
    blocks = list(content.blocks)
    first = blocks[0] if blocks else None
    heading = blocks.pop(0) if isinstance(first, Heading) and first.level == 1 else None
    title = content.title.id
    if content.title.en and content.title.en != content.title.id:
        title = f"{content.title.id} / {content.title.en}"
    return render_page(
        "criteria.html.j2",
        folders=[_TEMPLATES],
        lang="id",
        title=_space(title),
        heading=heading,
        blocks=blocks,
        footer=content.footer,
        space=_space,
    )


def publish_html(
    policy: SelectionPolicy,
    *,
    formations: FormationTable | Sequence[Formation] | None = None,
    as_of: dt.date | None = None,
    policy_file: str | None = None,
) -> str:
    """The criteria publication as a self-contained HTML5 page; see :func:`criteria_publication`."""
    content = criteria_publication(
        policy, formations=formations, as_of=as_of, policy_file=policy_file
    )
    return render_html(content)
