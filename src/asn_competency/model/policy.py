"""Selection policy: what is read, what is fixed in advance, and the stages candidates pass.

YAML ``kind: selection-policy``. This module holds the document and its consistency checks;
field declarations live in :mod:`.fields`, dated parameters in :mod:`.parameters` and stage
kinds in :mod:`.stages`.
"""

from __future__ import annotations

import datetime as dt
import keyword
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Literal, Self, TypeVar

from pydantic import Field, PrivateAttr

from asn_competency.errors import Path, Problem, did_you_mean
from asn_competency.model._base import (
    Document,
    FieldName,
    FileRef,
    Identifier,
    Model,
    ParameterName,
    ParameterRef,
    Reference,
    Text,
)
from asn_competency.model._checks import duplicate_ids, reference_problems, walk
from asn_competency.model.fields import NUMERIC_TYPES, FieldDecl, field_problems
from asn_competency.model.parameters import Parameter
from asn_competency.model.position import PositionStandard
from asn_competency.model.scores import ScaleScore, ScoreDef, WeightedSumScore
from asn_competency.model.stages import (
    EligibilityStage,
    IntegrationStage,
    OptimisationStage,
    RatingStage,
    Stage,
    TestStage,
)

T = TypeVar("T")

#: Where a policy object keeps what was compiled from it (not a field: see ``compiled``).
_COMPILED = "__asn_compiled__"

__all__ = ["SelectionPolicy", "StandardRef", "Track"]


class StandardRef(FileRef):
    """A position standard (SKJ) the policy's scores compare candidates with."""


class Track(Model):
    """A selection track (jalur / formasi khusus): umum, cumlaude, disabilitas, ..."""

    id: Identifier = Field(description="Track id, as formations name it.")
    name: Text = Field(description="Name of the track.")
    description: Text | None = Field(default=None, description="Who the track is for.")
    reference: Identifier | None = Field(
        default=None, description="Id of the track's legal basis in `references`."
    )


_FIELD_LISTS = ("candidate_fields", "protected_attributes", "formation_fields")

#: Words of the rule language (Python's keywords, the literals, ``as_of`` and ``formation``):
#: a field, parameter or score with one of these names could never be read by a rule.
RESERVED_NAMES = frozenset({*keyword.kwlist, "true", "false", "null", "as_of", "formation"})

#: The columns every formation has (DESIGN.md); ``formation_fields`` adds to them.
STANDARD_FORMATION_FIELDS = (
    "formation_id",
    "quota",
    "track",
    "position",
    "education_level",
    "agency",
    "location",
)

#: The standard text columns ``formation_fields`` may re-declare with a string or enum type
#: (e.g. ``education_level`` as an enum with levels).
RETYPABLE_FORMATION_FIELDS = ("position", "education_level", "agency", "location")


class SelectionPolicy(Document):
    """A recruitment policy: declared inputs, dated parameters, tracks and stages."""

    kind: Literal["selection-policy"] = Field(description="Always 'selection-policy'.")
    schema_version: Literal[1] = Field(description="Version of this file format.")
    id: Identifier = Field(description="Identifier of the policy, e.g. 'cpns-2024'.")
    name: Text = Field(description="Title of the policy.")
    description: Text | None = Field(default=None, description="What the policy is for.")
    references: list[Reference] = Field(
        min_length=1, description="Legal bases and sources cited by `reference` fields."
    )
    parameters: dict[ParameterName, Parameter] = Field(
        default_factory=dict, description="Dated parameters, by name."
    )
    candidate_fields: dict[FieldName, FieldDecl] = Field(
        min_length=1, description="Candidate fields that rules and criteria may read."
    )
    protected_attributes: dict[FieldName, FieldDecl] = Field(
        default_factory=dict,
        description="Protected attributes (gender, religion, ...): read for fairness reports "
        "only; no rule or criterion may read them.",
    )
    formation_fields: dict[FieldName, FieldDecl] = Field(
        default_factory=dict,
        description="Extra formation fields beyond formation_id, quota, track, position, "
        "education_level, agency and location.",
    )
    position_standards: list[StandardRef] = Field(
        default_factory=list,
        description="Position standards (SKJ) that Profile Matching and JPM scores read.",
    )
    as_of: dt.date | None = Field(
        default=None,
        description="The cycle's reference date (e.g. the closing date of registration): "
        "parameters and ages are taken on it unless a run names another.",
    )
    tracks: list[Track] = Field(min_length=1, description="Selection tracks.")
    scores: dict[Identifier, ScoreDef] = Field(
        default_factory=dict,
        description="Named scores built from the scoring blocks; formulas may use each "
        "other's ids.",
    )
    stages: list[Stage] = Field(min_length=1, description="Stages, in the order run.")

    _standards: dict[str, PositionStandard] = PrivateAttr(default_factory=dict)

    def compiled(self, name: str, build: Callable[[], T]) -> T:
        """What a lower layer compiles from this policy (its rules, its scores), built once
        per policy object by ``build`` and kept: loading checks a policy by compiling it, and
        every run of the same policy object (a notebook re-running it, ``verify``) reuses
        that. The policy is immutable, so what was built stays right; the key includes the
        object (a copy never reuses its original's) and the standards it has loaded. Kept
        outside the model's fields and private attributes: two equal policies stay equal
        whatever each has compiled. A copy (``model_copy``, ``copy.copy``,
        ``copy.deepcopy``) starts with no cache (:meth:`__copy__`): it compiles its own
        content, and what it compiled dies with it."""
        cache: dict[tuple[Any, ...], Any] = self.__dict__.setdefault(_COMPILED, {})
        key = (name, id(self), tuple(sorted(self._standards)))
        if key not in cache:
            cache[key] = build()
        result: T = cache[key]
        return result

    def __copy__(self) -> Self:
        """A shallow copy without the original's compiled cache: the cache would be shared
        (a copy's ``__dict__`` starts as the original's), keeping every copy's compilation
        alive in the original and, keyed by an address a dead copy leaves free, able to hand
        a later copy what was compiled from other content."""
        copied = super().__copy__()
        copied.__dict__.pop(_COMPILED, None)
        return copied

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        """A deep copy, likewise without the compiled cache."""
        copied = super().__deepcopy__(memo)
        copied.__dict__.pop(_COMPILED, None)
        return copied

    @property
    def loaded_standards(self) -> Mapping[str, PositionStandard]:
        """The cited position standards by id, as :func:`~asn_competency.load` read them
        (empty when the policy was built in Python)."""
        return dict(self._standards)

    def problems(self) -> list[Problem]:
        problems = reference_problems(self)
        problems += duplicate_ids(self.tracks, ("tracks",), "track")
        problems += duplicate_ids(self.position_standards, ("position_standards",), "standard")
        problems += duplicate_ids(self.stages, ("stages",), "stage")
        problems += self._field_problems()
        for name, parameter in self.parameters.items():
            problems += parameter.problems_at(("parameters", name))
        problems += self._parameter_refs()
        problems += self._reserved_names()
        for name, score in self.scores.items():
            problems += _score_problems(score, ("scores", name), self.parameters)
        for index, stage in enumerate(self.stages):
            path = ("stages", index)
            if isinstance(stage, TestStage):
                problems += duplicate_ids(stage.components, (*path, "components"), "component")
                problems += self._component_fields(stage, path)
                problems += self._pass_minimums(stage, path)
                problems += self._exception_problems(stage, path)
            elif isinstance(stage, EligibilityStage):
                problems += duplicate_ids(stage.rules, (*path, "rules"), "rule")
            elif isinstance(stage, RatingStage):
                problems += duplicate_ids(stage.criteria, (*path, "criteria"), "criterion")
                problems += self._rating_fields(stage, path)
            elif isinstance(stage, OptimisationStage):
                known = {*STANDARD_FORMATION_FIELDS, *self.formation_fields}
                problems += stage.field_problems(known, path)
            elif isinstance(stage, IntegrationStage):
                named: list[tuple[tuple[str | int, ...], str]] = [(("score",), stage.score)]
                named += [(("report", i), score) for i, score in enumerate(stage.report)]
                problems += [
                    Problem(
                        "score.unknown",
                        f"score {score!r} is not defined in 'scores'",
                        path=(*path, *where),
                        value=score,
                        hint=did_you_mean(score, self.scores),
                    )
                    for where, score in named
                    if score not in self.scores
                ]
        problems += self._ungated_minimums()
        return problems

    def _ungated_minimums(self) -> list[Problem]:
        """A score's ``minimum`` (or a weighted criterion's) gates candidates only where an
        integration stage decides by that score; anywhere else it would be read and never
        applied, so a policy that declares one there does not load."""
        gated = {stage.score for stage in self.stages if isinstance(stage, IntegrationStage)}
        where: list[tuple[str | int, ...]] = []
        for name, score in self.scores.items():
            if name in gated:
                continue
            if score.minimum is not None:
                where.append(("scores", name, "minimum"))
            if isinstance(score, WeightedSumScore):
                where += [
                    ("scores", name, "criteria", index, "minimum")
                    for index, criterion in enumerate(score.criteria)
                    if criterion.minimum is not None
                ]
        return [
            Problem(
                "score.minimum-unused",
                f"score {path[1]!r} is not the score an integration stage decides by, so this "
                "minimum would gate no one",
                path=path,
                hint="gate at the score an integration stage decides by (its minimum, or its "
                "criteria's), or at a test stage's component minimums",
            )
            for path in where
        ]

    def rating_fields(self) -> dict[str, tuple[RatingStage, str]]:
        """The fields rating stages add: field name → (stage, criterion id)."""
        return {
            c.field: (stage, c.id)
            for stage in self.stages
            if isinstance(stage, RatingStage)
            for c in stage.criteria
        }

    def _rating_fields(self, stage: RatingStage, path: Path) -> list[Problem]:
        problems = duplicate_ids(
            stage.criteria, (*path, "criteria"), "field", key=lambda c: c.field, field="field"
        )
        declared = {**self.candidate_fields, **self.protected_attributes}
        for index, criterion in enumerate(stage.criteria):
            if criterion.field in declared:
                problems.append(
                    Problem(
                        "ref.field-clash",
                        f"{criterion.field!r} is a declared field; a rating criterion needs a "
                        "name of its own",
                        path=(*path, "criteria", index, "field"),
                        value=criterion.field,
                    )
                )
        if not stage.scale[0] < stage.scale[1]:
            problems.append(
                Problem(
                    "scale.anchors",
                    f"the rating scale [{stage.scale[0]}, {stage.scale[1]}] must go from low to "
                    "high",
                    path=(*path, "scale"),
                )
            )
        return problems

    def _exception_problems(self, stage: TestStage, path: Path) -> list[Problem]:
        problems = duplicate_ids(stage.exceptions, (*path, "exceptions"), "exception")
        tracks = [t.id for t in self.tracks]
        for index, exception in enumerate(stage.exceptions):
            for number, track in enumerate(exception.tracks):
                if track not in tracks:
                    problems.append(
                        Problem(
                            "ref.unknown-track",
                            f"track {track!r} is not declared in 'tracks'",
                            path=(*path, "exceptions", index, "tracks", number),
                            value=track,
                            hint=did_you_mean(track, tracks),
                        )
                    )
            for earlier_index, earlier in enumerate(stage.exceptions[:index]):
                shared = sorted(set(earlier.tracks) & set(exception.tracks))
                if (
                    shared
                    and earlier.priority == exception.priority
                    and earlier.when is None
                    and exception.when is None
                ):
                    problems.append(
                        Problem(
                            "stage.exception-conflict",
                            f"exceptions {earlier.id!r} and {exception.id!r} both apply to "
                            f"track {shared[0]!r} at priority {exception.priority}; give one a "
                            "higher priority or a 'when' condition",
                            path=(*path, "exceptions", index, "tracks"),
                            related=(f"exceptions[{earlier_index}]",),
                        )
                    )
        return problems

    def _field_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        owner: dict[str, str] = {}
        for group in _FIELD_LISTS:
            for name, decl in getattr(self, group).items():
                problems += field_problems(decl, (group, name))
                if group == "formation_fields" and name in RETYPABLE_FORMATION_FIELDS:
                    continue  # read as formation.NAME: a candidate field may share the name
                if name in owner:
                    problems.append(
                        Problem(
                            "ref.field-clash",
                            f"{name!r} is declared in both {owner[name]} and {group}",
                            path=(group, name),
                            value=name,
                        )
                    )
                owner.setdefault(name, group)
        for name, decl in self.formation_fields.items():
            retypable = name in RETYPABLE_FORMATION_FIELDS and decl.type in ("string", "enum")
            if name in STANDARD_FORMATION_FIELDS and not retypable:
                problems.append(
                    Problem(
                        "ref.field-clash",
                        f"{name!r} is a standard formation column; formation_fields declares "
                        "extra ones, and may give the text columns "
                        f"{', '.join(RETYPABLE_FORMATION_FIELDS)} a string or enum type",
                        path=("formation_fields", name),
                        value=name,
                    )
                )
        return problems

    def _reserved_names(self) -> list[Problem]:
        """Names that rules read must not be words of the rule language itself."""
        named: list[tuple[tuple[str | int, ...], str]] = [
            *((("candidate_fields", n), n) for n in self.candidate_fields),
            *((("formation_fields", n), n) for n in self.formation_fields),
            *((("parameters", n), n) for n in self.parameters),
            *((("scores", n), n) for n in self.scores),
        ]
        for index, stage in enumerate(self.stages):
            if isinstance(stage, RatingStage):
                named += [
                    (("stages", index, "criteria", number, "field"), c.field)
                    for number, c in enumerate(stage.criteria)
                ]
        return [
            Problem(
                "field.reserved",
                f"{name!r} is a word of the rule language, so no rule could read it; "
                "choose another name",
                path=path,
                value=name,
            )
            for path, name in named
            if name in RESERVED_NAMES
        ]

    def _parameter_refs(self) -> list[Problem]:
        declared = sorted(self.parameters)
        problems = []
        for path, _, value in walk(self):
            if not isinstance(value, ParameterRef):
                continue
            parameter = self.parameters.get(value.parameter)
            if parameter is None:
                problems.append(
                    Problem(
                        "param.undeclared",
                        f"parameter {value.parameter!r} is not declared in 'parameters'",
                        path=(*path, "parameter"),
                        value=value.parameter,
                        hint=did_you_mean(value.parameter, declared),
                    )
                )
            elif parameter.type not in NUMERIC_TYPES:
                problems.append(
                    Problem(
                        "param.type",
                        f"parameter {value.parameter!r} is of type {parameter.type}; "
                        "a number is needed here",
                        path=(*path, "parameter"),
                        value=value.parameter,
                    )
                )
        return problems

    def _pass_minimums(self, stage: TestStage, path: Path) -> list[Problem]:
        """A component's pass minimum (a number, or a parameter's value on any of its dates)
        above the component's maximum: nobody could pass."""
        problems = []
        for index, component in enumerate(stage.components):
            minimum = component.pass_minimum
            dated: list[tuple[str, object]] = []
            if isinstance(minimum, ParameterRef):
                parameter = self.parameters.get(minimum.parameter)
                dated = [
                    (f" (parameter {minimum.parameter!r} from {start.isoformat()})", entry.value)
                    for start, entry in sorted(parameter.values.items() if parameter else ())
                    if entry is not None
                ]
            elif minimum is not None:
                dated = [("", minimum)]
            problems += [
                Problem(
                    "stage.pass-minimum",
                    f"component {component.id!r} has the pass minimum {value}{which}, above its "
                    f"maximum {component.maximum}: nobody could pass",
                    path=(*path, "components", index, "pass_minimum"),
                    value=value,
                    hint="lower the pass minimum or raise the maximum",
                )
                for which, value in dated
                if isinstance(value, int | Decimal)
                and not isinstance(value, bool)
                and value > component.maximum
            ]
        return problems

    def _component_fields(self, stage: TestStage, path: tuple[str | int, ...]) -> list[Problem]:
        problems = []
        for index, component in enumerate(stage.components):
            where = (*path, "components", index, "field")
            if component.field in self.protected_attributes:
                problems.append(
                    Problem(
                        "ref.protected-attribute",
                        f"{component.field!r} is a protected attribute: it feeds fairness "
                        "reports only and no criterion may read it",
                        path=where,
                        value=component.field,
                    )
                )
                continue
            decl = self.candidate_fields.get(component.field)
            if decl is None:
                problems.append(
                    Problem(
                        "ref.unknown-field",
                        f"{component.field!r} is not a declared candidate field",
                        path=where,
                        value=component.field,
                        hint=did_you_mean(component.field, self.candidate_fields),
                    )
                )
            elif decl.type not in NUMERIC_TYPES:
                problems.append(
                    Problem(
                        "field.type",
                        f"{component.field!r} is of type {decl.type}; a test component "
                        "reads an integer or decimal field",
                        path=where,
                        value=component.field,
                    )
                )
        return problems


def _is_number(value: object) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _weights_in_force(
    weights: list[Decimal | ParameterRef], parameters: Mapping[str, Parameter]
) -> list[tuple[dt.date, list[Decimal]]]:
    """The weights in force from each date on which a parameter weight takes a new value:
    every combination of values that a run can meet (dates where a weight has no value in
    force, or a value that is not a number, are left out: a run there fails on its own)."""
    referenced = [parameters.get(w.parameter) for w in weights if isinstance(w, ParameterRef)]
    if not referenced or any(p is None for p in referenced):
        return []
    dates = sorted({start for p in referenced if p is not None for start in p.values})
    found = []
    for date in dates:
        values: list[Decimal] = []
        for weight in weights:
            if isinstance(weight, ParameterRef):
                parameter = parameters[weight.parameter]
                starts = [d for d in parameter.values if d <= date]
                entry = parameter.values[max(starts)] if starts else None
                if entry is None or not _is_number(entry.value):
                    break
                values.append(Decimal(entry.value))  # type: ignore[arg-type]
            else:
                values.append(weight)
        else:
            found.append((date, values))
    return found


def _score_problems(
    score: object, path: tuple[str | int, ...], parameters: Mapping[str, Parameter]
) -> list[Problem]:
    """Anchors in order; weights all declared (summing to 1, on every date for parameter
    weights) or all derived from AHP."""
    problems = []
    if isinstance(score, ScaleScore):
        for key, (low, high) in (("from", score.from_), ("to", score.to)):
            if not low < high:
                problems.append(
                    Problem(
                        "scale.anchors",
                        f"the anchors [{low}, {high}] must go from low to high",
                        path=(*path, key),
                        value=[str(low), str(high)],
                    )
                )
    if not isinstance(score, WeightedSumScore):
        return problems
    weights = [c.weight for c in score.criteria]
    declared = [w for w in weights if w is not None]
    if score.ahp is not None:
        if declared:
            problems.append(
                Problem(
                    "weights.partial",
                    "with 'ahp' the weights come from the comparisons: no criterion may "
                    "declare its own weight",
                    path=(*path, "criteria", weights.index(declared[0]), "weight"),
                )
            )
        size = len(score.criteria)
        if len(score.ahp.matrix) != size or any(len(row) != size for row in score.ahp.matrix):
            problems.append(
                Problem(
                    "ahp.matrix",
                    f"the comparison matrix must be {size} × {size}, one row and column per "
                    "criterion in order",
                    path=(*path, "ahp", "matrix"),
                )
            )
        return problems
    if len(declared) < len(weights):
        problems.append(
            Problem(
                "weights.partial",
                f"{len(declared)} of {len(weights)} criteria have a weight; weight all of them "
                "(or derive them with 'ahp')",
                path=(*path, "criteria", weights.index(None), "id"),
            )
        )
    elif score.weights == "sum-to-one" and all(isinstance(w, Decimal) for w in declared):
        total = sum((w for w in declared if isinstance(w, Decimal)), Decimal(0))
        if total != 1:
            problems.append(
                Problem(
                    "weights.sum",
                    f"the criteria weights sum to {total}, not 1 (declare 'weights: "
                    "normalised' to divide by their sum instead)",
                    path=(*path, "criteria"),
                    value=total,
                )
            )
    elif score.weights == "sum-to-one":
        for date, values in _weights_in_force(declared, parameters):
            total = sum(values, Decimal(0))
            if total != 1:
                problems.append(
                    Problem(
                        "weights.sum",
                        f"the criteria weights in force on {date.isoformat()} sum to {total}, "
                        "not 1 (" + " + ".join(str(v) for v in values) + "): a run on that date "
                        "would send every finalist to review",
                        path=(*path, "criteria"),
                        value=total,
                        hint="give the weight parameters values that sum to 1 from each date",
                    )
                )
    return problems
