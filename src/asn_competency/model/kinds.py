"""The registry of file kinds: YAML ``kind`` and ``schema_version`` → model class → schema.

JSON Schemas are generated from the models; ``schemas/`` holds the committed copies, which a
test keeps in sync (``asn-competency schema KIND`` prints the same text).
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from asn_competency.model._base import Document
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.evaluation_policy import EvaluationPolicy
from asn_competency.model.framework import CompetencyFramework
from asn_competency.model.policy import SelectionPolicy
from asn_competency.model.policy_change import PolicyChange
from asn_competency.model.policy_tests import PolicyTests
from asn_competency.model.position import PositionStandard
from asn_competency.model.training_catalog import TrainingCatalog

__all__ = [
    "KINDS",
    "model_for",
    "schema_file_name",
    "schema_for",
    "schema_text",
    "supported",
    "write_schemas",
]

#: kind → schema_version → model class.
KINDS: dict[str, dict[int, type[Document]]] = {
    "competency-framework": {1: CompetencyFramework},
    "position-standard": {1: PositionStandard},
    "selection-policy": {1: SelectionPolicy},
    "policy-tests": {1: PolicyTests},
    "policy-change": {1: PolicyChange},
    "training-catalog": {1: TrainingCatalog},
    "development-policy": {1: DevelopmentPolicy},
    "evaluation-policy": {1: EvaluationPolicy},
}

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def supported() -> dict[str, list[int]]:
    """Each kind with the schema versions the library reads."""
    return {kind: sorted(versions) for kind, versions in sorted(KINDS.items())}


def model_for(kind: str, version: int) -> type[Document]:
    """The model class of a kind and version (``KeyError`` if unsupported)."""
    return KINDS[kind][version]


def schema_file_name(kind: str, version: int) -> str:
    """File name of the committed schema, e.g. ``selection-policy.v1.schema.json``."""
    return f"{kind}.v{version}.schema.json"


_BOUNDS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}


def _json_number(value: Decimal) -> int | float:
    """A bound as a JSON number (bounds in models are short decimals such as 0.4)."""
    return int(value) if value == value.to_integral_value() else float(value)


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, adjusted so that the schema says everything the model checks.

    - the 2020-12 dialect is declared;
    - exact decimals are JSON numbers, with their bounds as standard keywords;
    - a mapping whose keys must match a pattern refuses other keys (``propertyNames``)
      instead of letting them through unchecked (``patternProperties`` alone).
    """

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        result = super().generate(schema, mode=mode)
        return {"$schema": _DIALECT, **result}

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        out: JsonSchemaValue = {"type": "number"}
        for key, keyword in _BOUNDS.items():
            if key in schema:
                out[keyword] = _json_number(Decimal(schema[key]))  # type: ignore[literal-required]
        return out

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        out = super().dict_schema(schema)
        patterns = out.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1 and "additionalProperties" not in out:
            ((pattern, values),) = patterns.items()
            del out["patternProperties"]
            out["propertyNames"] = {"pattern": pattern}
            out["additionalProperties"] = values
        return out


@cache
def schema_for(kind: str, version: int) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a kind and version, generated from its model."""
    model = model_for(kind, version)
    schema = model.model_json_schema(schema_generator=_Generator)
    schema["$id"] = f"urn:asn-competency:schema:{kind}:v{version}"
    schema["title"] = f"{kind} (schema_version {version})"
    return schema


def schema_text(kind: str, version: int) -> str:
    """The schema as the committed file spells it (sorted keys, two-space indent)."""
    text = json.dumps(schema_for(kind, version), indent=2, sort_keys=True, ensure_ascii=False)
    return text + "\n"


def write_schemas(folder: str | Path) -> list[Path]:
    """Write every kind's schema into ``folder`` (the repository's ``schemas/``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, versions in supported().items():
        for version in versions:
            target = folder / schema_file_name(kind, version)
            target.write_text(schema_text(kind, version), encoding="utf-8")
            written.append(target)
    return written
