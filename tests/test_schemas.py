"""The committed JSON Schemas: in sync with the models, complete, and obeyed by shipped files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from asn_competency.audit.schema import record_schema_file, record_schema_text
from asn_competency.files import read_yaml
from asn_competency.model.kinds import schema_file_name, schema_text, supported
from tests.conftest import RUBRICS, SCHEMAS

KIND_VERSIONS = [(kind, v) for kind, versions in supported().items() for v in versions]


@pytest.mark.parametrize(("kind", "version"), KIND_VERSIONS)
def test_committed_schema_matches_model(kind: str, version: int) -> None:
    """schemas/ holds exactly what the models generate (run `make schemas` after a change)."""
    committed = (SCHEMAS / schema_file_name(kind, version)).read_text(encoding="utf-8")
    assert committed == schema_text(kind, version), "schemas/ drifted: run `make schemas`"


RECORDS = ["decision", "manifest", "development", "development-manifest"]


def test_no_stray_schema_files() -> None:
    """Every file in schemas/ belongs to a supported kind and version, or a record format."""
    expected = {schema_file_name(k, v) for k, v in KIND_VERSIONS}
    expected |= {record_schema_file(name) for name in RECORDS}
    assert {p.name for p in SCHEMAS.glob("*.json")} == expected


@pytest.mark.parametrize("name", RECORDS)
def test_committed_record_schema_matches_model(name: str) -> None:
    """schemas/ holds the record formats exactly as the audit models generate them."""
    committed = (SCHEMAS / record_schema_file(name)).read_text(encoding="utf-8")
    assert committed == record_schema_text(name), "schemas/ drifted: run `make schemas`"
    schema = json.loads(committed)
    Draft202012Validator.check_schema(schema)
    missing = [where for where, spec in _properties(schema, "$") if not spec.get("description")]
    assert not missing


def test_run_outputs_obey_the_record_schemas(tmp_path: Path) -> None:
    """Every line of a run's decisions.jsonl and its manifest.json validate against the
    committed schemas (so anyone can check a run without this library)."""
    import io

    from asn_competency.cli import main

    code = main(["demo", "--out", str(tmp_path), "--applicants", "200"], out=io.StringIO())
    assert code == 0
    decision = Draft202012Validator(
        json.loads((SCHEMAS / record_schema_file("decision")).read_text("utf-8"))
    )
    manifest = Draft202012Validator(
        json.loads((SCHEMAS / record_schema_file("manifest")).read_text("utf-8"))
    )
    for output in tmp_path.glob("*/output"):
        lines = (output / "decisions.jsonl").read_text("utf-8").splitlines()
        assert lines
        for line in lines:
            assert [e.message for e in decision.iter_errors(json.loads(line))] == []
        data = json.loads((output / "manifest.json").read_text("utf-8"))
        assert [e.message for e in manifest.iter_errors(data)] == []


@pytest.mark.parametrize(("kind", "version"), KIND_VERSIONS)
def test_schema_is_valid_2020_12(kind: str, version: int) -> None:
    """Each schema is itself a valid draft 2020-12 schema with the dialect declared."""
    schema = json.loads(schema_text(kind, version))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _properties(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, spec in node.get("properties", {}).items():
            yield f"{where}.{name}", spec
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _properties(item, f"{where}[{index}]")


@pytest.mark.parametrize(("kind", "version"), KIND_VERSIONS)
def test_every_field_has_a_description(kind: str, version: int) -> None:
    """Editors show a description for every field of every kind."""
    schema = json.loads(schema_text(kind, version))
    missing = [where for where, spec in _properties(schema, "$") if not spec.get("description")]
    assert not missing


def _shipped() -> list[Path]:
    return sorted(RUBRICS.glob("*.yaml"))


@pytest.mark.parametrize("path", _shipped(), ids=lambda p: p.name)
def test_shipped_file_obeys_committed_schema(path: Path) -> None:
    """Every shipped file validates against the committed schema file of its kind."""
    doc = read_yaml(path)
    schema_path = SCHEMAS / schema_file_name(doc.data["kind"], doc.data["schema_version"])
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    assert [e.message for e in validator.iter_errors(doc.data)] == []


@pytest.mark.parametrize("path", _shipped(), ids=lambda p: p.name)
def test_shipped_file_has_modeline(path: Path) -> None:
    """Shipped files name their schema for editors (yaml-language-server modeline)."""
    doc = read_yaml(path)
    name = schema_file_name(doc.data["kind"], doc.data["schema_version"])
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{name}"


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMAS / record_schema_file(name)).read_text("utf-8")))


def test_development_outputs_obey_the_record_schemas(tmp_path: Path) -> None:
    """Every line of a development folder's development.jsonl and its manifest.json validate
    against the committed schemas: the fixture's five people, and two more with no SKP rating
    and competencies not assessed (null levels, JPM, box); a fact with a parameter it does not
    have, or without one it has, does not."""
    import io

    from asn_competency.cli import main
    from tests.conftest import FIXTURES

    assessments = tmp_path / "assessments.csv"
    rows = (FIXTURES / "development" / "assessments.csv").read_text("utf-8")
    rows += "GAY-006,M.01,1,2025-11-20,seleksi,panel\nGAY-007,M.03,1,2025-11-20,seleksi,panel\n"
    assessments.write_text(rows, encoding="utf-8")
    out = tmp_path / "dev"
    code = main(
        [
            "develop",
            str(RUBRICS / "pengembangan-gayungan-2026.yaml"),
            "--assessments",
            str(assessments),
            "--performance",
            str(FIXTURES / "development" / "performance.csv"),
            "--out",
            str(out),
        ],
        out=io.StringIO(),
    )
    assert code == 0
    record = _validator("development")
    lines = [
        json.loads(line) for line in (out / "development.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(lines) == 8
    for line in lines:
        assert [e.message for e in record.iter_errors(line)] == []
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [e.message for e in _validator("development-manifest").iter_errors(manifest)] == []
    reason = lines[0]["plan"]["programmes"][0]["reason"]
    assert not record.is_valid(_with_reason(lines[0], {**reason, "extra": 1}))
    assert not record.is_valid(
        _with_reason(lines[0], {k: v for k, v in reason.items() if k != "rank"})
    )
    assert not _validator("development-manifest").is_valid({**manifest, "kind": "run"})


def _with_reason(record: dict[str, Any], reason: dict[str, Any]) -> dict[str, Any]:
    changed: dict[str, Any] = json.loads(json.dumps(record))
    changed["plan"]["programmes"][0]["reason"] = reason
    return changed


def test_development_schema_knows_the_development_layer_s_vocabulary() -> None:
    """The schema's plan statuses are the development layer's, and its facts are exactly the
    registry's codes."""
    from typing import get_args

    from asn_competency.audit.schema import PlanStatus
    from asn_competency.development.plans import PLAN_STATUSES
    from asn_competency.model.development_facts import DEVELOPMENT_FACTS

    assert get_args(PlanStatus) == PLAN_STATUSES
    schema = json.loads(record_schema_text("development"))
    codes = {
        spec["properties"]["code"]["const"]
        for name, spec in schema["$defs"].items()
        if name.startswith("Fact")
    }
    assert codes == set(DEVELOPMENT_FACTS)
