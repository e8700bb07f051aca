"""The HTML page of a criteria publication: :func:`render_html` and :func:`publish_html`.
The page is the publication's own (:meth:`~.blocks.CriteriaPublication.html`, so that a
notebook shows it too): the library's one page renderer (:mod:`asn_competency.files.html`,
Jinja2 with autoescaping and the one stylesheet, inline) and the audit layer's template
``audit/templates/criteria.html.j2``, which draws the block tree. Indonesian first, English in
a secondary style; no script, nothing fetched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from asn_competency.audit.publish.blocks import CriteriaPublication
from asn_competency.audit.publish.content import criteria_publication
from asn_competency.model import SelectionPolicy
from asn_competency.pipeline import Formation, FormationTable


def render_html(content: CriteriaPublication) -> str:
    """A self-contained HTML5 page of ``content`` (:meth:`CriteriaPublication.html`): the
    first level-1 heading heads the page, the other blocks follow; every text escaped by the
    renderer."""
    return content.html()


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
