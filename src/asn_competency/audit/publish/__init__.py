"""The criteria publication: a selection policy's criteria, public before the cycle (the
vacancy-announcement side of a policy; ``asn-competency publish``). Not to be confused with
the results announcement after a run (:mod:`asn_competency.audit.announce`).

:func:`criteria_publication` gathers what applicants and auditors need to see — the policy's
content hash, the reference date, formations and quotas, tracks, requirements, the stages in
order with their passing grades (dated parameters resolved at the reference date, each with
its legal basis), scores, parameters, references with their certainty and the protected
attributes — as a small tree of blocks, a :class:`CriteriaPublication`. :func:`render_html`
(a self-contained HTML5 page from the library's one renderer: the one stylesheet inline, no
script, nothing fetched) and :func:`render_markdown` render that one tree, so the two formats
cannot drift. Indonesian comes first, English follows in a secondary style. The output
depends only on the policy, the formations and the reference date.

The modules, by concept:

- :mod:`.blocks`: the block tree (:class:`Heading`, :class:`Paragraph`, :class:`Bullets`,
  :class:`Table`, :class:`Box` of :class:`Span` runs, gathered in a
  :class:`CriteriaPublication`) and the helpers that write inline text.
- :mod:`.texts`: the fixed bilingual texts (kinds of stage and score, rounding modes, what
  each kind of stage decides, ...) and how numbers and values are written.
- :mod:`.builder`: the state of one publication being built, and the pieces every section
  uses (legal citations, dated thresholds, the parameters a formula reads, rounding).
- :mod:`.sections_policy`: the verification box, formations and quotas, tracks,
  requirements, parameters, applicant data, protected attributes and references.
- :mod:`.sections_stages`: the selection stages in order, with the details of each kind.
- :mod:`.sections_scores`: the scores, with the details of each kind.
- :mod:`.content`: :func:`criteria_publication`, every section in order.
- :mod:`.html` and :mod:`.markdown`: the renderers, :func:`render_html` and
  :func:`publish_html` (the page's template is ``audit/templates/criteria.html.j2``),
  :func:`render_markdown` and :func:`publish_markdown`.
"""

from asn_competency.audit.publish.blocks import (
    Block,
    Box,
    Bullets,
    CriteriaPublication,
    Heading,
    Paragraph,
    Span,
    Table,
)
from asn_competency.audit.publish.content import criteria_publication
from asn_competency.audit.publish.html import publish_html, render_html
from asn_competency.audit.publish.markdown import publish_markdown, render_markdown

__all__ = [
    "Block",
    "Box",
    "Bullets",
    "CriteriaPublication",
    "Heading",
    "Paragraph",
    "Span",
    "Table",
    "criteria_publication",
    "publish_html",
    "publish_markdown",
    "render_html",
    "render_markdown",
]
