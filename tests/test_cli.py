"""Command line: schema, hash and demo (validate has its own module)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from asn_competency.cli import main
from asn_competency.model.kinds import schema_text
from tests.conftest import RUBRICS


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_schema_prints_the_committed_schema() -> None:
    """`schema KIND` prints the JSON Schema, identical to schemas/."""
    code, text = _run("schema", "selection-policy")
    assert code == 0
    assert text == schema_text("selection-policy", 1)
    assert json.loads(text)["$id"] == "urn:asn-competency:schema:selection-policy:v1"


def test_schema_unknown_kind_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown kind is a usage error (exit 2) listing the choices."""
    with pytest.raises(SystemExit) as info:
        _run("schema", "selection-polcy")
    assert info.value.code == 2
    assert "selection-policy" in capsys.readouterr().err


def test_hash_ignores_formatting(tmp_path: Path) -> None:
    """`hash` prints the same content hash for a reformatted, commented copy."""
    source = RUBRICS / "cpns-2024.yaml"
    copy = tmp_path / "copy.yaml"
    text = source.read_text(encoding="utf-8")
    copy.write_text(
        "# published copy\n" + text.replace("maximum: 150,", "maximum: 1.5E+2,"), "utf-8"
    )
    code_a, out_a = _run("hash", str(source))
    code_b, out_b = _run("hash", str(copy))
    assert (code_a, code_b) == (0, 0)
    assert out_a.split()[0] == out_b.split()[0]
    assert out_a.split()[0].startswith("sha256:")


def test_hash_of_invalid_file_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`hash` of an invalid file exits 1 and prints the problems, not a hash."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: selection-policy\nschema_version: 9\n", encoding="utf-8")
    code, out = _run("hash", str(bad))
    assert code == 1
    assert out == ""
    assert "kind.version-unsupported" in capsys.readouterr().err


def test_demo_validates_every_shipped_file() -> None:
    """`demo` lists every shipped file as valid with its content hash."""
    code, out = _run("demo")
    assert code == 0
    for path in RUBRICS.glob("*.yaml"):
        assert f"valid    {path.name}" in out
    assert out.count("sha256:") == len(list(RUBRICS.glob("*.yaml")))


def test_hash_changes_when_a_framework_pin_breaks(tmp_path: Path) -> None:
    """Editing a pinned framework makes the position standard fail with ref.hash-mismatch."""
    for path in RUBRICS.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    kamus = tmp_path / "kamus-kompetensi-permenpanrb-38-2017.yaml"
    kamus.write_text(kamus.read_text("utf-8").replace("en: Integrity", "en: Honesty"), "utf-8")
    code, out = _run("validate", str(tmp_path / "skj-gayungan-pelayanan-publik.yaml"))
    assert code == 1
    assert "ref.hash-mismatch" in out


def test_validate_empty_folder_is_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate` on a folder without YAML files is a usage error, not 'all valid'."""
    code, out = _run("validate", str(tmp_path))
    assert (code, out) == (2, "")
    assert "no .yaml" in capsys.readouterr().err
