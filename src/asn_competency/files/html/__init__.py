"""One renderer for every HTML page the library writes: Jinja2 templates with autoescaping
and one stylesheet, inlined so that a page is a single file that opens offline.

A page's template extends ``page.html.j2`` (this package's ``templates/``), which sets the
language, the title and the stylesheet (``style.css`` here) inline; a layer that writes a page
keeps its own templates in a folder of its own and passes it to :func:`render_page`. Every
value a template prints is escaped unless it is :class:`markupsafe.Markup` (an inline SVG a
charting library drew, for instance), so text read from input files (a candidate id, a
formation name) can never become markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["Markup", "render_page", "stylesheet"]

_HERE = Path(__file__).resolve().parent
_TEMPLATES = _HERE / "templates"


@cache
def stylesheet() -> str:
    """The one stylesheet of every page (``style.css``), inlined by ``page.html.j2``."""
    return (_HERE / "style.css").read_text(encoding="utf-8")


@cache
def _environment(folders: tuple[str, ...]) -> Environment:
    loaders = [FileSystemLoader(folder) for folder in folders]
    return Environment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(str(_TEMPLATES))]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(
    template: str, *, folders: Sequence[str | Path] = (), lang: str = "id", **context: Any
) -> str:
    """Render ``template`` (found in ``folders``, then here) with ``context``, escaped.
    ``lang`` is the page's language (``id`` or ``en``), set on ``<html lang>``."""
    environment = _environment(tuple(str(Path(folder)) for folder in folders))
    page = environment.get_template(template)
    return page.render(lang=lang, stylesheet=Markup(stylesheet()), **context)  # noqa: S704
