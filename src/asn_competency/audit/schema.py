"""The published formats of the records: a run's decision record and manifest, and a
development review's record and manifest.

The models here describe, field by field, what ``decisions.jsonl`` and ``manifest.json`` of a
run hold, and what ``development.jsonl`` and ``manifest.json`` of a development folder
(``asn-competency develop``) hold; their JSON Schemas are committed in ``schemas/``
(``decision.v2.schema.json``, ``manifest.v1.schema.json``, ``development.v1.schema.json``,
``development-manifest.v1.schema.json``: :func:`record_schema_file`) and kept in sync by a
test, so that anyone can check a run's or a review's files without this library.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints, create_model

from asn_competency.model.development_facts import DEVELOPMENT_FACTS
from asn_competency.model.development_policy import Box, Performance, Potential, SkpRating
from asn_competency.model.outcomes import FinalStatus, Outcome
from asn_competency.model.training_catalog import Mode

__all__ = [
    "DecisionRecord",
    "DevelopmentManifest",
    "DevelopmentRecord",
    "Manifest",
    "record_schema_file",
    "record_schema_text",
    "write_record_schemas",
]

Exact = Annotated[
    str,
    StringConstraints(pattern=r"^-?[0-9]+(\.[0-9]+)?$|^-?[0-9]+/[0-9]+$"),
]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
ContentHash = Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: A value as a record holds it: an exact number as text (``"70"``, ``"61.491"``,
#: ``"800/11"``), text, a boolean, a date in ISO form, a list of values, or null (unknown).
PlainValue = Any

#: Where a rule is in the policy: the stage id, then the keys to the rule (``["skd",
#: "pass_rule"]``, ``["administrasi", "rules", 2, "rule"]``); inside a score, relative to the
#: score (``["criteria", 0]``).
RulePlace = list[str | int]


class EvaluationRecord(_Record):
    """One rule or formula as evaluated for the candidate: values, not text."""

    at: RulePlace = Field(description="Where the rule is in the policy.")
    value: PlainValue = Field(description="Its result: true, false, null (unknown), a number.")
    clauses: list[PlainValue] = Field(
        description="The value of each of the rule's clauses (each comparison, and each "
        "true/false operand of and/or/not/count), in the rule's clause order: clause i is the "
        "i-th clause of the rule at 'at' in the policy (its text is the policy's)."
    )
    reads: dict[str, PlainValue] = Field(
        description="Every candidate, formation (formation.NAME), score and as_of value the "
        "rule read, by name; parameters are listed once per record under 'parameters'."
    )
    missing: list[str] = Field(
        default_factory=list,
        description="Fields whose absence made the result unknown (absent when none).",
    )
    defaulted: list[str] = Field(
        default_factory=list,
        description="Fields read at their declared default because the row had no value "
        "(absent when none).",
    )


class ReasonRecord(_Record):
    """Why a stage decided as it did: a stable code and its typed parameters.

    The codes and their parameters are listed in docs/auditing.md (from
    asn_competency.pipeline.reasons.REASONS); words for them are rendered at presentation
    time, in Indonesian or English, never stored."""

    model_config = ConfigDict(extra="allow", frozen=True)

    code: str = Field(description="The reason code, e.g. threshold.below, rank.outranked.")


class StepRecord(_Record):
    """A step of a score's computation: a code and its parameters (e.g. scale.mapped)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    code: str = Field(description="The step code.")


class ThresholdRecord(_Record):
    """A minimum applied to a value."""

    minimum: Exact = Field(description="The minimum.")
    parameter: str | None = Field(description="The parameter that gave it, if one did.")
    since: str | None = Field(description="The date the parameter's value took effect.")
    reference: str | None = Field(description="The parameter's legal reference.")
    value: PlainValue = Field(description="The value compared.")
    passed: bool | None = Field(description="Whether it met the minimum (null: unknown).")


class CriterionRecord(_Record):
    """One criterion of a weighted sum."""

    id: str = Field(description="The criterion's id.")
    raw: PlainValue = Field(description="The value before rescaling.")
    scaled: PlainValue = Field(description="The value weighed.")
    weight: Exact = Field(description="The weight in force.")
    contribution: PlainValue = Field(description="scaled × weight.")
    threshold: ThresholdRecord | None = Field(description="The criterion's minimum, if any.")
    evaluation: EvaluationRecord = Field(description="The criterion's formula, evaluated.")


class RoundingRecord(_Record):
    """The rounding a score declares."""

    places: int = Field(description="Decimal places.")
    mode: str = Field(description="Rounding mode.")


class ScoreRecord(_Record):
    """A score an integration stage computed, with how."""

    id: str = Field(description="The score's id in the policy.")
    kind: str = Field(description="The score's kind.")
    value: PlainValue = Field(description="The value, rounded as declared (null: unknown).")
    exact: PlainValue = Field(description="The exact value before rounding.")
    rounding: RoundingRecord | None = Field(description="The declared rounding, if any.")
    passed: bool | None = Field(description="Whether every minimum was met (null: none).")
    thresholds: list[ThresholdRecord] = Field(description="The score's own minimums.")
    criteria: list[CriterionRecord] = Field(description="A weighted sum's criteria.")
    inputs: list[EvaluationRecord] = Field(description="The score's formulas, evaluated.")
    steps: list[StepRecord] = Field(description="What the score's kind computed.")
    missing: list[str] = Field(description="Inputs whose absence made it unknown.")
    band: str | None = Field(description="The band a JPM value falls in.")


class StageRecord(_Record):
    """One stage's outcome for the candidate; parts a stage does not have are left out."""

    stage_id: str = Field(description="The stage's id in the policy.")
    kind: str = Field(description="The stage's kind (eligibility, test, rating, ...).")
    outcome: Outcome = Field(description="What the stage decided for the candidate.")
    score: Exact | None = Field(
        default=None,
        description="The stage's reported score, exact (a decimal, or p/q), if it has one.",
    )
    reasons: list[ReasonRecord] = Field(
        default_factory=list, description="Why: coded reasons with their parameters."
    )
    evaluations: list[EvaluationRecord] = Field(
        default_factory=list, description="The rules evaluated."
    )
    scores: list[ScoreRecord] = Field(
        default_factory=list,
        description="An integration stage's scores: its own, then those it reports.",
    )
    detail: dict[str, Any] = Field(
        default_factory=dict,
        description="Stage-specific facts: the track exception applied, position, rank, quota "
        "and the tie-break key that decided (decided_by), the raters per criterion, the "
        "formation placed in by optimisation (placed_in) and how it differs (moved: 'track' "
        "for another track, label L-1; 'formation' for another formation or location of the "
        "same track, label L-2), scores reported beside the final score.",
    )


class ParameterRecord(_Record):
    """A parameter a rule of this decision read, as in force on the as-of date."""

    value: PlainValue = Field(description="Its value.")
    since: str | None = Field(description="The date that value took effect.")
    reference: str | None = Field(description="Its legal reference (an id of the policy's).")


class ProblemRecord(_Record):
    """Why a candidate row could not be used."""

    code: str = Field(description="The stable problem code (docs/error-codes.md).")
    field: str | None = Field(description="The field.")
    value: Any = Field(description="The offending value, when there is one.")


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
    format: Literal["decision/v2"] = Field(description="The record format and version.")
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
    parameters: dict[str, ParameterRecord] = Field(
        description="Every parameter the decision's rules read, with its legal basis."
    )
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


# ------------------------------------------------------------------ development records

#: The statuses of a development plan, from the best to the worst (the development layer's
#: ``PLAN_STATUSES``; a test holds the two together).
PlanStatus = Literal["complete", "gaps_open", "not_assessed", "below_minimum"]


def _fact_model(code: str, params: tuple[str, ...], meaning: str) -> type[BaseModel]:
    """The record form of one development fact: its code and exactly its parameters."""
    name = "Fact" + "".join(part.capitalize() for part in code.replace("-", ".").split("."))
    fields: dict[str, Any] = {
        "code": (Literal[code], Field(description=f"The fact code {code}.")),
    }
    for param in params:
        fields[param] = (
            PlainValue,
            Field(description=f"The parameter '{param}' of {code} (see the fact's meaning)."),
        )
    model: type[BaseModel] = create_model(name, __base__=_Record, **fields)
    model.__doc__ = f"{code}: {meaning}."
    return model


_FACT_MODELS = tuple(
    _fact_model(code, params, meaning) for code, (params, meaning) in DEVELOPMENT_FACTS.items()
)

#: A development fact as a record holds it: ``{"code": ..., **params}``, one of the codes of
#: ``model/development_facts.py`` with exactly its parameters (plain values: exact numbers as
#: text, text, integers, booleans, null, lists).
DevelopmentFact = Annotated[Union[_FACT_MODELS], Field(discriminator="code")]  # type: ignore[valid-type]  # noqa: UP007


class DocumentRef(_Record):
    """A document the review read, by id and content hash."""

    id: str = Field(description="The document's id.")
    hash: ContentHash = Field(description="The document's content hash (asn-competency hash).")


class GapEntry(_Record):
    """One competency of the position standard against the person's level in force."""

    competency: str = Field(description="The competency id, in the standard's frameworks.")
    factor: Literal["core", "secondary"] = Field(description="Core or secondary factor.")
    target: int = Field(description="The level the standard requires.")
    level: int | None = Field(description="The level in force on as_of (null: not assessed).")
    assessed_on: str | None = Field(description="The date of that assessment (ISO).")
    shortfall: int | None = Field(
        description="max(0, target - level); null when the level is unknown."
    )


class PlannedProgrammeEntry(_Record):
    """One programme of a plan, with why it was chosen."""

    programme: str = Field(description="The programme's id in the catalogue.")
    hours: int = Field(description="Its lesson hours (JP).")
    cost: Exact = Field(description="Its cost in rupiah, exact.")
    mode: Mode = Field(description="How it is delivered.")
    provider: str = Field(description="Who runs it.")
    reason: DevelopmentFact = Field(description="Why it is in the plan (plan.closes-gap, ...).")


class PlanEntry(_Record):
    """A person's development plan for the year."""

    status: PlanStatus = Field(description="complete, gaps_open, not_assessed or below_minimum.")
    hours: int = Field(description="The plan's lesson hours (JP).")
    cost: Exact = Field(description="The plan's cost in rupiah, exact.")
    min_jp: int = Field(description="The yearly JP minimum in force on as_of.")
    programmes: list[PlannedProgrammeEntry] = Field(description="The programmes, in order.")
    levels_after: dict[str, int] = Field(
        description="Each assessed competency's level once the plan is done."
    )
    notes: list[DevelopmentFact] = Field(
        description="Gaps left open, competencies not assessed, and whether the minimum is met "
        "(with the binding constraint when it is not)."
    )


class TalentEntry(_Record):
    """The nine-box placement and the inputs that decided it (all null but the reason when
    there is no box)."""

    box: int | None = Field(description="The box number, as the policy numbers the boxes.")
    box_name: Box | None = Field(description="performance-potential, e.g. meets-high.")
    performance: Performance | None = Field(description="The performance axis (from SKP).")
    potential: Potential | None = Field(description="The potential axis (from JPM).")
    rating: SkpRating | None = Field(description="The SKP rating used.")
    period: int | None = Field(description="The SKP year used.")
    reason: DevelopmentFact = Field(
        description="talent.placed (with every input), talent.no-rating or talent.not-assessed."
    )


class _DevelopmentCommon(_Record):
    seq: int = Field(ge=1, description="Position in the ledger, from 1, in canonical order.")
    prev_hash: Sha256 = Field(description="The previous record's hash; 64 zeros for the first.")
    hash: Sha256 = Field(
        description="sha256 of prev_hash followed by the canonical JSON of this record "
        "without its hash."
    )
    record_format: Literal["development/v1"] = Field(description="The record format.")
    as_of: str = Field(description="The date (ISO) the review was made on.")
    library_version: str = Field(description="The asn-competency version.")
    policy: DocumentRef = Field(description="The development policy.")
    standard: DocumentRef = Field(description="The position standard (SKJ).")
    catalogue: DocumentRef = Field(description="The training catalogue.")


class PersonRecord(_DevelopmentCommon):
    """One employee's review: gaps, JPM, plan and nine-box."""

    record: Literal["person"] = Field(description="A person's record.")
    employee_id: str = Field(description="The employee's id.")
    gaps: list[GapEntry] = Field(description="Each competency of the standard, core first.")
    jpm: Exact | None = Field(description="JPM in percent, exact (null: not all assessed).")
    band: str | None = Field(description="The JPM's band, as the policy labels it.")
    plan: PlanEntry = Field(description="The development plan.")
    talent: TalentEntry | None = Field(description="The nine-box (null: no SKP ratings read).")


class CohortNeedEntry(_Record):
    """One competency of the standard across the cohort."""

    competency: str = Field(description="The competency id.")
    factor: Literal["core", "secondary"] = Field(description="Core or secondary factor.")
    target: int = Field(description="The level the standard requires.")
    assessed: int = Field(description="How many members have a level in force.")
    below: int = Field(description="How many of them are below the target.")
    not_assessed: int = Field(description="How many members have no level in force.")
    share: Exact | None = Field(description="below / assessed, exact (null: none assessed).")
    needs_programme: bool = Field(description="Whether the share is above the policy's.")
    programmes: list[tuple[str, int]] = Field(
        description="Each catalogue programme that raises someone below, with the head count."
    )
    members_below: list[str] = Field(description="The employees below the target.")
    reason: DevelopmentFact = Field(
        description="cohort.programme-needed, cohort.no-programme-in-catalogue or "
        "cohort.within-threshold."
    )


class CohortRecord(_DevelopmentCommon):
    """The cohort's needs, the ledger's last record."""

    record: Literal["cohort"] = Field(description="The cohort's record.")
    employee_id: None = Field(description="Always null.")
    size: int = Field(description="How many people the review covers.")
    needs: list[CohortNeedEntry] = Field(description="Each competency, core first.")


class DevelopmentRecord(RootModel[PersonRecord | CohortRecord]):
    """One line of development.jsonl: a person's record (sorted by employee id) or, last, the
    cohort's, chained to the one before as a run's decisions are."""

    root: Annotated[PersonRecord | CohortRecord, Field(discriminator="record")]


class DevelopmentDocument(DocumentRef):
    """A document the review read, with the file name given."""

    file: str = Field(description="The file's name.")


class DevelopmentManifest(_Record):
    """manifest.json of a development folder: what the review read, its counts, the ledger's
    head and every file's sha256, sealed; no wall-clock time."""

    kind: Literal["development"] = Field(description="What tells it from a run's manifest.")
    format: Literal["manifest/v2"] = Field(description="The manifest format (sealed).")
    record_format: Literal["development/v1"] = Field(description="The ledger's record format.")
    library_version: str = Field(description="The asn-competency version.")
    as_of: str = Field(description="The date (ISO) the review was made on.")
    period: int | None = Field(description="The SKP year asked for (null: the default).")
    documents: dict[Literal["policy", "standard", "catalogue"], DevelopmentDocument] = Field(
        description="The three documents by role."
    )
    inputs: dict[Literal["assessments", "performance"], InputFile] = Field(
        description="The input tables by role, with their sha256."
    )
    people: int = Field(ge=0, description="How many people the review covers.")
    counts: dict[PlanStatus, int] = Field(description="How many plans have each status.")
    records: int = Field(ge=0, description="How many records development.jsonl holds.")
    ledger_head: Sha256 = Field(description="The hash of the last record.")
    files: dict[str, ContentHash] = Field(description="Every other file's sha256, by name.")
    manifest_hash: ContentHash = Field(
        description="sha256 of the canonical JSON of every other field (asn_competency.audit."
        "seal); written last."
    )


#: The record formats: name → (model, version). The files are ``<name>.v<version>.schema.json``.
_MODELS: dict[str, tuple[type[BaseModel], int]] = {
    "decision": (DecisionRecord, 2),
    "manifest": (Manifest, 1),
    "development": (DevelopmentRecord, 1),
    "development-manifest": (DevelopmentManifest, 1),
}


def record_schema_file(name: str) -> str:
    """The file name of a record format's schema in ``schemas/``."""
    return f"{name}.v{_MODELS[name][1]}.schema.json"


def record_schema_text(name: str) -> str:
    """The JSON Schema (draft 2020-12) of a record format (``decision``, ``manifest``,
    ``development``, ``development-manifest``), as committed."""
    model, version = _MODELS[name]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:asn-competency:schema:{name}:v{version}",
        **model.model_json_schema(),
    }
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_record_schemas(folder: str | Path) -> list[Path]:
    """Write the record schemas into ``folder`` (the repository's ``schemas/``)."""
    folder = Path(folder)
    written = []
    for name in _MODELS:
        target = folder / record_schema_file(name)
        target.write_text(record_schema_text(name), encoding="utf-8")
        written.append(target)
    return written
