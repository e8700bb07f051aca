"""The example of docs/rubric-analysis.md runs and prints what the page says it prints."""

from __future__ import annotations

import contextlib
import io
import re

from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "rubric-analysis.md"


def test_the_guides_example_prints_what_the_guide_shows() -> None:
    """The page's Python block, run, prints exactly the text block that follows it."""
    text = GUIDE.read_text(encoding="utf-8")
    found = re.search(r"```python\n(.*?)```\n\nprints\n\n```text\n(.*?)```", text, re.DOTALL)
    assert found, "docs/rubric-analysis.md has no example followed by its output"
    code, shown = found.groups()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(GUIDE), "exec"), {})  # noqa: S102 - the page's own example
    assert printed.getvalue() == shown
