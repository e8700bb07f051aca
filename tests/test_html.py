"""The one HTML renderer (asn_competency.files.html): Jinja2 with autoescaping, the base
page with its stylesheet inline, a layer's own templates extending it."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError

from asn_competency.files.html import Markup, render_page, stylesheet


def _template(folder: Path) -> Path:
    (folder / "mine.html.j2").write_text(
        '{% extends "page.html.j2" %}{% block main %}<p>{{ value }}</p>{{ drawn }}{% endblock %}',
        encoding="utf-8",
    )
    return folder


def test_values_are_escaped_and_markup_is_kept(tmp_path: Path) -> None:
    """A value with markup is escaped; a Markup value (an SVG a charting library drew) is
    inserted as it is; the title is escaped too."""
    page = render_page(
        "mine.html.j2",
        folders=[_template(tmp_path)],
        lang="en",
        title="<i>T</i>",
        value='<script>alert("x")</script> & co',
        drawn=Markup('<svg width="1" height="1"></svg>'),
    )
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in page
    assert '<svg width="1" height="1"></svg>' in page
    assert "<title>&lt;i&gt;T&lt;/i&gt;</title>" in page
    assert '<html lang="en">' in page


def test_the_stylesheet_is_inline_and_nothing_is_fetched(tmp_path: Path) -> None:
    """The one stylesheet is in the page; no link, no script; fetching is forbidden."""
    page = render_page(
        "mine.html.j2", folders=[_template(tmp_path)], title="t", value="v", drawn=""
    )
    assert stylesheet().strip() in page
    assert "<link" not in page
    assert "<script" not in page
    assert "default-src 'none'" in page


def test_a_missing_value_is_an_error_not_a_blank(tmp_path: Path) -> None:
    """A template naming a value the caller did not give fails instead of printing nothing."""
    with pytest.raises(UndefinedError):
        render_page("mine.html.j2", folders=[_template(tmp_path)], title="t", drawn="")
