"""The documentation covers what users rely on: every error code, the quickstart commands."""

from __future__ import annotations

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
