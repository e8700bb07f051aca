"""The public surface: ``__all__`` is exactly what docs/api.md documents, the root's examples
run, and a user's script using the front door passes ``mypy --strict``.

The mypy check runs mypy as a library (``mypy.api.run``; mypy is in the ``dev`` extra that
``make test`` installs) on ``tests/fixtures/typed_snippet.py`` with no configuration but
``--strict``, as a user's project would, beside a second file with one type error that it
must report (so the check can fail).
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
from mypy import api as mypy_api

import asn_competency as asn
from tests.conftest import FIXTURES, ROOT
from tests.fixtures.typed_snippet import main

API_DOC = ROOT / "docs" / "api.md"
SNIPPET = FIXTURES / "typed_snippet.py"

_ENTRY = re.compile(r"^- `(?P<name>[A-Za-z_][A-Za-z0-9_]*)`: \S", flags=re.MULTILINE)


def _documented() -> list[str]:
    """The names docs/api.md lists, one line each: ``- `name`: what it is``."""
    return _ENTRY.findall(API_DOC.read_text(encoding="utf-8"))


def test_all_is_exactly_the_documented_surface() -> None:
    """Every root name has one line in docs/api.md, and every line names a root name."""
    documented = _documented()
    assert len(documented) == len(set(documented)), "a name is documented twice"
    assert sorted(documented) == sorted(asn.__all__)
    assert len(asn.__all__) == len(set(asn.__all__))


def test_the_surface_parser_sees_a_missing_name() -> None:
    """The documentation parser finds entries only in the documented form."""
    assert _ENTRY.findall("- `load`: a loader\n- `x` without a colon\n-`y`: no space\n") == ["load"]


#: The root objects whose docstrings hold examples.
_EXAMPLES = [
    asn,
    asn.load,
    asn.load_policy,
    asn.load_evaluation_policy,
    asn.verify,
    asn.explain,
    asn.compare,
    asn.criteria_publication,
    asn.results_announcement,
]


@pytest.mark.parametrize("target", _EXAMPLES, ids=lambda t: getattr(t, "__name__", str(t)))
def test_root_examples_run(target: object) -> None:
    """Each example in the docstrings of the root's functions runs and prints what it shows."""
    finder = doctest.DocTestFinder(recurse=False)
    tests = finder.find(target, getattr(target, "__name__", "asn_competency"), globs={})
    examples = [t for t in tests if t.examples]
    assert examples, f"{target} has no example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in examples:
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_a_users_script_passes_mypy_strict(tmp_path: Path) -> None:
    """mypy --strict finds no error in the user's script (every assert_type holds), and finds
    the one error of a script that takes a policy for a framework."""
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        "import asn_competency as asn\n"
        'framework: asn.CompetencyFramework = asn.load_policy("x.yaml")\n',
        encoding="utf-8",
    )
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    stdout, stderr, status = mypy_api.run(
        [
            "--strict",
            "--config-file",
            str(config),
            "--cache-dir",
            str(ROOT / ".mypy_cache" / "front-door"),
            str(SNIPPET),
            str(wrong),
        ]
    )
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert stderr == ""
    assert status == 1
    assert len(errors) == 1, stdout
    assert "wrong.py:2: error:" in errors[0]  # (a cached result may name an earlier tmp_path)
    assert "[assignment]" in errors[0]


def test_the_users_script_runs(tmp_path: Path) -> None:
    """The script type-checked above also runs: each of its deliberate mistakes is caught as
    an AsnCompetencyError with problems."""
    assert main(tmp_path) == [
        "kind.unexpected",
        "audit.unknown-candidate",
        "announce.stage",
        "lang.unknown",
    ]
