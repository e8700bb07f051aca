"""The one HTML renderer (asn_competency.files.html): Jinja2 with autoescaping, the base
page with its stylesheet inline, a layer's own templates extending it."""

from __future__ import annotations

import re
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


PACKAGE = Path(__file__).resolve().parent.parent / "src" / "asn_competency"
BASE = PACKAGE / "files" / "html" / "templates" / "page.html.j2"


def _page_templates() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.html.j2") if p != BASE)


def test_every_page_extends_the_base_page_and_brings_no_style_of_its_own() -> None:
    """Every page template (the published criteria, the results announcement, the
    development summary, the evaluation report, ...) sits in a ``templates/`` folder of its
    layer, extends ``page.html.j2`` and has no style block, style attribute or script: the
    one stylesheet styles every page."""
    found = _page_templates()
    names = {p.name for p in found}
    assert {"criteria.html.j2", "results.html.j2", "summary.html.j2"} <= names
    assert "evaluation.html.j2" in names
    for path in found:
        text = path.read_text(encoding="utf-8")
        assert path.parent.name == "templates", path
        assert text.startswith('{% extends "page.html.j2" %}'), path
        assert re.search(r"<style|\sstyle=|<script|<link", text, flags=re.I) is None, path


def test_no_module_builds_a_page_by_hand() -> None:
    """No module of the library writes a whole page itself (a doctype or a style block):
    pages come from the one renderer, whose autoescaping does the escaping. (A notebook's
    ``_repr_html_`` table is a fragment, not a page.)"""
    hand_built = re.compile(r"<!DOCTYPE|<style", re.I)
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if hand_built.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
