"""The published formats of a run's records: a decision record and the manifest.

The models here describe, field by field, what ``decisions.jsonl`` and ``manifest.json``
hold; their JSON Schemas are committed in ``schemas/`` (``decision.v1.schema.json``,
``manifest.v1.schema.json``) and kept in sync by a test, so that anyone can check a run's
files without this library.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from asn_competency.model.outcomes import FinalStatus, Outcome

__all__ = ["DecisionRecord", "Manifest", "record_schema_text", "write_record_schemas"]

Exact = Annotated[
    str,
    StringConstraints(pattern=r"^-?[0-9]+(\.[0-9]+)?$|^-?[0-9]+/[0-9]+$"),
]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
ContentHash = Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EvaluationRecord(_Record):
    """One rule or formula as evaluated for the candidate."""

    rule: str = Field(description="The rule's text, as written in the policy.")
    value: str = Field(description="Its result: true, false, unknown, or a number.")
    clauses: list[str] = Field(
        description="Each comparison with its result and the values it read; parameters with "
        "their legal basis and the date they took effect, e.g. 'tkp >= skd_min_tkp → false "
        "(tkp = 160, skd_min_tkp = 166 [kepmenpanrb-321-2024, from 2024-01-01])'."
    )
    missing: list[str] = Field(description="Fields whose absence made the result unknown.")


class StageRecord(_Record):
    """One stage's outcome for the candidate."""

    stage_id: str = Field(description="The stage's id in the policy.")
    kind: str = Field(description="The stage's kind (eligibility, test, rating, ...).")
    outcome: Outcome = Field(description="What the stage decided for the candidate.")
    score: Exact | None = Field(
        description="The stage's reported score, exact (a decimal, or p/q), if it has one."
    )
    reasons: list[str] = Field(description="Why, in words: failed rules, clauses, problems.")
    evaluations: list[EvaluationRecord] = Field(description="The rules evaluated.")
    detail: dict[str, Any] = Field(
        description="Stage-specific facts: the track exception applied, position, rank, quota "
        "and the tie-break key that decided (decided_by), the raters per criterion, the "
        "formation placed in by optimisation (placed_in) and how it differs (moved: 'track' "
        "for another track, label L-1; 'formation' for another formation or location of the "
        "same track, label L-2), explanations of the final score."
    )


class ProblemRecord(_Record):
    """Why a candidate row could not be used."""

    code: str = Field(description="The stable problem code (docs/error-codes.md).")
    message: str = Field(description="What was expected and what arrived.")
    field: str = Field(description="The field, as a JSON path (e.g. $.tkp).")
    value: Any = Field(description="The offending value, when there is one.")
    hint: str | None = Field(description="How to fix it.")


class PolicyRef(_Record):
    """The policy the decision was made under."""

    id: str = Field(description="The policy's id.")
    hash: ContentHash = Field(description="The policy's content hash (asn-competency hash).")


class DecisionRecord(_Record):
    """One line of decisions.jsonl: one decision, chained to the one before."""

    seq: int = Field(ge=1, description="Position in the ledger, from 1, in canonical order.")
    prev_hash: Sha256 = Field(description="The previous record's hash; 64 zeros for the first.")
    hash: Sha256 = Field(
        description="sha256 of prev_hash followed by the canonical JSON of this record "
        "without its hash."
    )
    format: Literal["decision/v1"] = Field(description="The record format and version.")
    candidate_id: str | None = Field(description="The candidate's id (None if the row had none).")
    formation_id: str | None = Field(description="The formation applied to.")
    placement_formation_id: str | None = Field(
        description="The formation the candidate is placed in, if selected."
    )
    track: str | None = Field(description="The track of the formation applied to.")
    stages: list[StageRecord] = Field(description="Every stage of the policy, in order.")
    final_status: FinalStatus = Field(description="The final status.")
    final_status_label: str = Field(
        description="The announcement label: L (selected), L-1 (placed by optimisation in a "
        "formation of another track), L-2 (placed by optimisation in another formation or "
        "location of the same track), TL (not_selected, failed), TMS (ineligible), TH (absent); "
        "this library's own, not official: PR (needs_review), ERR (invalid_input, a data error)."
    )
    rank: int | None = Field(description="The rank in the formation, if ranked.")
    final_score: Exact | None = Field(description="The final score, exact, if computed.")
    problems: list[ProblemRecord] = Field(description="Why the row was invalid, if it was.")
    policy: PolicyRef = Field(description="Id and content hash of the policy applied.")
    as_of: str = Field(description="The as-of date (ISO) parameters and ages were taken on.")
    library_version: str = Field(description="The asn-competency version that decided.")
    input_digest: str = Field(
        description="sha256 of the candidate's input row (its canonical JSON), identifying it."
    )


class InputFile(_Record):
    """An input file the run read."""

    file: str = Field(description="The path given.")
    sha256: ContentHash = Field(description="sha256 of the file's bytes.")


class OutputFile(_Record):
    """An output file the run wrote."""

    sha256: ContentHash = Field(description="sha256 of the file's bytes as written.")


class LedgerSummary(_Record):
    """The ledger as a whole."""

    records: int = Field(ge=0, description="How many records decisions.jsonl holds.")
    head: Sha256 = Field(description="The hash of the last record (64 zeros if none).")


class RunInfo(_Record):
    """When and where the run happened: the only machine- and time-specific facts."""

    finished_at: str = Field(description="When the run finished (UTC, ISO 8601).")
    seconds: float = Field(description="How long the run took.")
    python: str = Field(description="The Python version.")
    platform: str = Field(description="The operating system and machine.")


class ManifestPolicy(_Record):
    """The policy file the run used."""

    id: str = Field(description="The policy's id.")
    hash: ContentHash = Field(description="The policy's content hash.")
    file: str = Field(description="The path given.")


class Manifest(_Record):
    """manifest.json: what a run read, what it decided in counts, and the ledger's head."""

    format: Literal["manifest/v1", "manifest/v2"] = Field(
        description="The manifest format and version: manifest/v2 is sealed by manifest_hash."
    )
    policy: ManifestPolicy = Field(description="The policy used.")
    inputs: dict[str, InputFile] = Field(
        description="The input files by role: candidates, formations, ratings."
    )
    as_of: str = Field(description="The as-of date (ISO).")
    library_version: str = Field(description="The asn-competency version.")
    counts: dict[str, dict[str, int]] = Field(
        description="Counts per stage outcome (by stage id), and per final status ('final')."
    )
    ledger: LedgerSummary = Field(description="The ledger's size and head hash.")
    outputs: dict[str, OutputFile] = Field(
        description="The other output files by name (results.csv) with their hashes."
    )
    ignored_columns: list[str] = Field(description="Candidate columns the policy does not read.")
    run: RunInfo = Field(description="When and where the run happened.")
    manifest_hash: ContentHash | None = Field(
        default=None,
        description="manifest/v2: sha256 of the canonical JSON of every other field of the "
        "manifest, numbers read exactly (asn_competency.audit.seal); written last.",
    )


_MODELS: dict[str, type[BaseModel]] = {"decision": DecisionRecord, "manifest": Manifest}


def record_schema_text(name: str) -> str:
    """The JSON Schema (draft 2020-12) of ``decision`` or ``manifest``, as committed."""
    schema = _MODELS[name].model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:asn-competency:schema:{name}:v1",
        **schema,
    }
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_record_schemas(folder: str | Path) -> list[Path]:
    """Write the record schemas into ``folder`` (the repository's ``schemas/``)."""
    folder = Path(folder)
    written = []
    for name in _MODELS:
        target = folder / f"{name}.v1.schema.json"
        target.write_text(record_schema_text(name), encoding="utf-8")
        written.append(target)
    return written
