"""`asn-competency validate`: exit codes, the text and JSON outputs, and no tracebacks."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from asn_competency.cli import main
from tests.conftest import FIXTURES

INVALID = FIXTURES / "invalid"
VALID_FILE = INVALID / "_support" / "fw.yaml"
FIXTURE_FILES = sorted(INVALID.glob("*.yaml"))

_EXPECT = re.compile(r"^# expect: (?P<code>[a-z0-9.-]+) (?P<line>\d+):(?P<column>\d+)$")


def _expected(path: Path) -> tuple[str, int, int]:
    match = _EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert match, path.name
    return match["code"], int(match["line"]), int(match["column"])


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_valid_file_exits_0() -> None:
    """A valid file exits 0 and says so."""
    code, output = _run("validate", str(VALID_FILE))
    assert code == 0
    assert output == "1 file(s) valid\n"


@pytest.mark.parametrize(
    "name", ["yaml.duplicate-key", "schema.enum", "ref.unknown-competency", "file.empty"]
)
def test_invalid_fixture_exits_1_with_a_location_line(name: str) -> None:
    """An invalid file exits 1 and prints 'path:line:col: CODE message' for its problem."""
    path = INVALID / f"{name}.yaml"
    expected, line, column = _expected(path)
    code, output = _run("validate", str(path))
    assert code == 1
    first, *rest = output.splitlines()
    assert re.fullmatch(
        rf"{re.escape(str(path))}:{line}:{column}: {re.escape(expected)} \S.*", first
    )
    assert rest == ["1 problem(s) in 1 of 1 file(s)"]


def test_valid_and_invalid_files_together_exit_1() -> None:
    """One invalid file among valid ones makes the whole run exit 1."""
    code, output = _run("validate", str(VALID_FILE), str(INVALID / "schema.enum.yaml"))
    assert code == 1
    assert output.splitlines()[-1] == "1 problem(s) in 1 of 2 file(s)"


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["validate"],
        ["validate", "--format", "xml", str(VALID_FILE)],
        ["no-such-command"],
        ["validate", "--no-such-option", str(VALID_FILE)],
    ],
    ids=["no-command", "no-path", "bad-format", "bad-command", "bad-option"],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Usage errors exit 2 with a usage message on stderr and nothing on stdout."""
    out = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        main(argv, out=out)
    assert caught.value.code == 2
    assert out.getvalue() == ""
    assert "usage: asn-competency" in capsys.readouterr().err


def test_json_output_for_a_valid_file() -> None:
    """--format json for a valid file: valid true, the file with its kind and id, no problems."""
    code, output = _run("validate", "--format", "json", str(VALID_FILE))
    assert code == 0
    payload = json.loads(output)
    assert payload["valid"] is True
    assert payload["problems"] == []
    assert payload["files"] == [
        {"file": str(VALID_FILE), "valid": True, "kind": "competency-framework", "id": "test-fw"}
    ]


@pytest.mark.parametrize("name", ["schema.unknown-field", "param.type", "ref.hash-mismatch"])
def test_json_output_for_an_invalid_file(name: str) -> None:
    """--format json: valid false, the file, and each problem's code, line, column, json_path."""
    path = INVALID / f"{name}.yaml"
    expected, line, column = _expected(path)
    code, output = _run("validate", "--format", "json", str(path))
    assert code == 1
    payload = json.loads(output)
    assert payload["valid"] is False
    assert payload["files"] == [{"file": str(path), "valid": False, "kind": None, "id": None}]
    problem = payload["problems"][0]
    assert (problem["code"], problem["line"], problem["column"]) == (expected, line, column)
    assert problem["file"] == str(path)
    assert problem["json_path"].startswith("$")
    assert set(problem) >= {"code", "message", "line", "column", "json_path", "hint"}


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_console_script_reports_without_traceback(path: Path) -> None:
    """`python -m asn_competency validate FIXTURE` exits 1 with problem lines, no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "asn_competency", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stdout.startswith(f"{path}:")


def test_console_script_reports_unreadable_bytes_without_traceback(tmp_path: Path) -> None:
    """Binary, non-UTF-8 and missing files are reported by code, without a traceback."""
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(b"kind: competency-framework\x00\n")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(b"kind: competency-framework\nname: {id: Caf\xe9}\n")
    missing = tmp_path / "missing.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "asn_competency", "validate", str(nul), str(latin1), str(missing)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{nul}:1:27: file.binary the file contains NUL bytes, so it is not a text file",
        (
            f"{latin1}:2:15: file.not-utf8 byte 0xe9 at offset 41 is not valid UTF-8 "
            "(save the file as UTF-8)"
        ),
        f"{missing}: file.not-found no such file",
        "3 problem(s) in 3 of 3 file(s)",
    ]
