"""The documentation covers what users rely on: every error code, the quickstart commands."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from asn_competency.errors import CODES
from tests.conftest import ROOT


@pytest.mark.parametrize("code", sorted(CODES))
def test_error_code_documented(code: str) -> None:
    """Every stable code has a row in docs/error-codes.md."""
    text = (ROOT / "docs" / "error-codes.md").read_text(encoding="utf-8")
    assert f"| `{code}` |" in text


def test_no_stale_codes_documented() -> None:
    """docs/error-codes.md documents no code that the library no longer has."""
    text = (ROOT / "docs" / "error-codes.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z]+\.[a-z0-9-]+)` \|", text, flags=re.MULTILINE))
    assert documented == set(CODES)


def test_readme_quickstart_is_two_make_commands() -> None:
    """The README's quickstart is `make demo` and `make test`, which .ci/run also runs."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make demo" in readme
    assert "make test" in readme
    assert "make test" in ci


#: The guides whose Python example is followed by the text it prints ("prints", then a text
#: block).
GUIDES_WITH_OUTPUT = ("development.md", "evaluation.md", "rubric-analysis.md")


@pytest.mark.parametrize("page", GUIDES_WITH_OUTPUT)
def test_a_guides_example_prints_what_the_guide_shows(page: str) -> None:
    """The page's Python block, run, prints exactly the text block that follows it."""
    guide = ROOT / "docs" / page
    text = guide.read_text(encoding="utf-8")
    found = re.search(r"```python\n(.*?)```\n\nprints\n\n```text\n(.*?)```", text, re.DOTALL)
    assert found, f"docs/{page} has no example followed by its output"
    code, shown = found.groups()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(guide), "exec"), {})  # noqa: S102 - the page's own example
    assert printed.getvalue() == shown
