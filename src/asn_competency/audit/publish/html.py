"""The HTML renderer: a self-contained HTML5 page (inline CSS, no scripts, no external
resources), Indonesian first and English in a secondary style.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from asn_competency._version import __version__
from asn_competency.audit.publish.blocks import (
    Announcement,
    Block,
    Box,
    Bullets,
    Heading,
    Inline,
    Paragraph,
    _space,
    _tx,
)
from asn_competency.audit.publish.content import announcement
from asn_competency.model import SelectionPolicy
from asn_competency.pipeline import Formation, FormationTable

_CSS = """\
:root{color-scheme:light}
body{margin:0;color:#1b1f24;background:#fff;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main,footer{max-width:62rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem;line-height:1.25;margin:1.5rem 0 .75rem}
h2{font-size:1.3rem;margin:2rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid #1f4e79}
h3{font-size:1.1rem;margin:1.5rem 0 .4rem}
.en,.sep{color:#57606a}
.en{font-style:italic}
h1 .en,h2 .en,h3 .en,th .en{display:block;font-size:.85em;font-weight:normal}
h1 .sep,h2 .sep,h3 .sep,th .sep{display:none}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;
background:#f1f3f6;padding:0 .2em;border-radius:3px;white-space:pre-wrap;overflow-wrap:anywhere}
.box{border:2px solid #1f4e79;border-radius:6px;padding:.25rem 1rem;background:#f4f8fc}
.box p{margin:.5rem 0}
.hash{font-size:1.05rem;font-weight:bold;background:#fff}
.warn{color:#9a3412}
.scroll{overflow-x:auto;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #c9d1d9;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f7}
a{color:#1f4e79}
footer{margin-top:2.5rem;padding-top:1rem;padding-bottom:2rem;border-top:1px solid #c9d1d9;
color:#57606a;font-size:.9rem}
@media (max-width:40rem){body{font-size:15px}th,td{padding:.25rem .35rem}}
@media print{body{font-size:10.5pt}main,footer{max-width:none;padding:0}
.scroll{overflow:visible}h2,h3{break-after:avoid}tr,.box{break-inside:avoid}
a{color:inherit;text-decoration:none}.box,th,code,.hash{background:none}}
"""
_TAGS = {
    "en": '<span class="sep"> / </span><span class="en" lang="en">{}</span>',
    "code": "<code>{}</code>",
    "hash": '<code class="hash">{}</code>',
    "strong": "<strong>{}</strong>",
    "warn": '<strong class="warn">{}</strong>',
    "text": "{}",
}


def _html_inline(spans: Inline) -> str:
    out = []
    for span in spans:
        text = html.escape(_space(span.text))
        if span.style == "ref":
            out.append(f'<a href="#ref-{html.escape(span.target or "")}">{text}</a>')
        else:
            out.append(_TAGS[span.style].format(text))
    return "".join(out)


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_html_inline(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_html_inline(block.text)}</p>"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{_html_inline(item)}</li>\n" for item in block.items)
        return f"<ul>\n{items}</ul>"
    if isinstance(block, Box):
        lines = "".join(f"<p>{_html_inline(line)}</p>\n" for line in block.lines)
        return f'<div class="box">\n{lines}</div>'
    head = "".join(f'<th scope="col">{_html_inline(cell)}</th>' for cell in block.head)
    anchors = [f' id="ref-{html.escape(a)}"' for a in block.anchors]
    rows = "".join(
        f"<tr{anchors[i] if i < len(anchors) else ''}>"
        + "".join(f"<td>{_html_inline(cell)}</td>" for cell in row)
        + "</tr>\n"
        for i, row in enumerate(block.rows)
    )
    return (
        f'<div class="scroll"><table>\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{rows}</tbody>\n</table></div>"
    )


def render_html(content: Announcement) -> str:
    """A self-contained HTML5 page: inline CSS, no scripts, no external resources."""
    title = html.escape(_space("".join(s.text for s in _tx(content.title))))
    if content.title.en:
        title = html.escape(_space(f"{content.title.id} / {content.title.en}"))
    body = "\n".join(_html_block(block) for block in content.blocks)
    return (
        '<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="asn-competency {html.escape(__version__)}">\n'
        f"<title>{title}</title>\n<style>\n{_CSS}</style>\n</head>\n<body>\n<main>\n{body}\n"
        f"</main>\n<footer>\n<p>{_html_inline(content.footer)}</p>\n</footer>\n</body>\n</html>\n"
    )


def publish_html(
    policy: SelectionPolicy,
    *,
    formations: FormationTable | Sequence[Formation] | None = None,
    as_of: dt.date | None = None,
    policy_file: str | None = None,
) -> str:
    """The announcement as a self-contained HTML5 page; see :func:`announcement`."""
    content = announcement(policy, formations=formations, as_of=as_of, policy_file=policy_file)
    return render_html(content)
