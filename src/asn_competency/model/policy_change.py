"""Policy changes: an overlay on a base selection policy, proposed and reviewed as a file.

YAML ``kind: policy-change``. A committee that wants to raise a passing grade, reweigh the
final score or add a gate writes only what changes, citing the base policy (optionally pinned
by its content hash) and the legal basis of every new value. The base stays untouched; the
change is applied to it when loaded, and ``asn-competency compare`` shows who would be
decided differently, and why.

.. code-block:: yaml

    kind: policy-change
    schema_version: 1
    id: tkp-170
    description: {id: Nilai ambang batas TKP dinaikkan menjadi 170, en: TKP passing grade 170}
    policy: {id: cpns-2024, path: cpns-2024.yaml}      # the base (sha256: optional pin)
    references:                                          # legal bases of the new values
      - {id: usulan-tkp-170, title: Usulan panitia ..., certainty: unverified}
    parameters:                                          # dated values, added or replacing
      skd_min_tkp:
        "2024-01-01": {value: 170, reference: usulan-tkp-170}
    weights:                                             # weighted-sum criterion weights
      nilai_akhir: {skd: 0.3, skb: 0.7}
    thresholds:
      scores: {nilai_akhir: 60}                          # a score's minimum (gate)
      components: {skd: {twk: 70}}                       # stage → component → pass_minimum

Every override must name something the base policy has (``change.unknown-target``, at the
override); the changed policy must itself be a valid policy (``change.invalid``, with the
problem it has, located at the override that caused it where one did).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, ValidationError

from asn_competency.errors import Path, PolicyError, Problem, did_you_mean, json_path
from asn_competency.files.canonical import content_hash
from asn_competency.model._base import (
    DEFER_CHECKS,
    EXACT,
    Document,
    ExactDecimal,
    FileRef,
    Identifier,
    Model,
    ParameterName,
    ParameterRef,
    Reference,
    Text,
)
from asn_competency.model._checks import duplicate_ids
from asn_competency.model.parameters import ParameterValue
from asn_competency.model.policy import SelectionPolicy
from asn_competency.model.scores import WeightedSumScore
from asn_competency.model.stages import TestStage

__all__ = ["PolicyChange", "PolicyCheck", "ThresholdChanges"]

#: A minimum: a number, ``{parameter: NAME}``, or ``null`` to remove the minimum.
Threshold = ExactDecimal | ParameterRef

#: A criterion weight: a positive number or ``{parameter: NAME}``.
Weight = Annotated[Decimal, Field(gt=0), *EXACT] | ParameterRef

#: A check of a higher layer run on the changed policy (the rule language, the scores).
PolicyCheck = Callable[[SelectionPolicy], Sequence[Problem]]


class ThresholdChanges(Model):
    """New minimums: of scores (their gate) and of test components (their passing grade)."""

    scores: dict[Identifier, Threshold | None] = Field(
        default_factory=dict,
        description="Score id → the score's new `minimum` (a non-compensatory gate): a number, "
        "{parameter: NAME}, or null to remove the gate.",
    )
    components: dict[
        Identifier, Annotated[dict[Identifier, Threshold | None], Field(min_length=1)]
    ] = Field(
        default_factory=dict,
        description="Test stage id → component id → the component's new `pass_minimum`: a "
        "number, {parameter: NAME}, or null to remove the passing grade.",
    )


#: One override applied to the base's data: where in the policy, where in the change, and
#: whether the policy's structure below it mirrors the change's (so deeper paths carry over).
_Placed = tuple[Path, Path, bool]


class PolicyChange(Document):
    """A proposed change to a selection policy: new parameter values, weights and thresholds."""

    kind: Literal["policy-change"] = Field(description="Always 'policy-change'.")
    schema_version: Literal[1] = Field(description="Version of this file format.")
    id: Identifier = Field(description="Identifier of the change, e.g. 'tkp-170'.")
    description: Text = Field(description="What the change does and why.")
    policy: FileRef = Field(
        description="The base policy the change applies to (path relative to this file; "
        "`sha256` pins its exact content)."
    )
    references: list[Reference] = Field(
        default_factory=list,
        description="Legal bases and sources of the new values; added to the policy's own "
        "(an id the base already declares with the same content may be repeated).",
    )
    parameters: dict[
        ParameterName,
        Annotated[dict[dt.date, ParameterValue | None], Field(min_length=1)],
    ] = Field(
        default_factory=dict,
        description="Parameter name → new dated values, keyed by the ISO date they take "
        "effect: added to the base's values, or replacing its value at that date (null ends "
        "the parameter). The parameter must be declared by the base.",
    )
    weights: dict[Identifier, Annotated[dict[Identifier, Weight], Field(min_length=1)]] = Field(
        default_factory=dict,
        description="Weighted-sum score id → criterion id → the criterion's new weight: a "
        "positive number or {parameter: NAME}.",
    )
    thresholds: ThresholdChanges = Field(
        default_factory=ThresholdChanges,
        description="New minimums of scores and of test components.",
    )

    _policy: SelectionPolicy | None = PrivateAttr(default=None)

    @property
    def loaded_policy(self) -> SelectionPolicy | None:
        """The base policy, as :func:`~asn_competency.load` read it (``None`` when the change
        was built in Python)."""
        return self._policy

    def problems(self) -> list[Problem]:
        return duplicate_ids(self.references, ("references",), "reference")

    def overrides(self) -> list[str]:
        """What the change sets, one line per override (e.g. ``parameters.skd_min_tkp from
        2024-01-01 = 170 [usulan-tkp-170]``)."""
        lines = []
        for name, values in self.parameters.items():
            for start, entry in sorted(values.items()):
                shown = "null (ends)" if entry is None else f"{entry.value} [{entry.reference}]"
                lines.append(f"parameters.{name} from {start.isoformat()} = {shown}")
        for score_id, weights in self.weights.items():
            for criterion, weight in weights.items():
                lines.append(f"weights.{score_id}.{criterion} = {_show(weight)}")
        for score_id, minimum in self.thresholds.scores.items():
            lines.append(f"thresholds.scores.{score_id} = {_show(minimum)}")
        for stage_id, components in self.thresholds.components.items():
            for component, minimum in components.items():
                lines.append(f"thresholds.components.{stage_id}.{component} = {_show(minimum)}")
        return lines

    def apply(
        self, base: SelectionPolicy, *, checks: Sequence[PolicyCheck] = ()
    ) -> SelectionPolicy:
        """The base policy with this change applied; :class:`PolicyError` lists every problem
        (``change.base-mismatch``, ``change.unknown-target``, ``change.invalid``), with paths
        in this change. ``checks`` are run on the changed policy too (the loader's own checks
        of the rule language and the scores, as :data:`asn_competency.scoring.DOCUMENT_CHECKS`).
        """
        changed, problems = self._apply(base, checks)
        if changed is None:
            raise PolicyError(problems)
        return changed

    def problems_against(
        self, base: SelectionPolicy, *, checks: Sequence[PolicyCheck] = ()
    ) -> list[Problem]:
        """Every problem of applying this change to ``base`` (an empty list when it applies)."""
        return self._apply(base, checks)[1]

    # ------------------------------------------------------------------------------ applying

    def _apply(
        self, base: SelectionPolicy, checks: Sequence[PolicyCheck]
    ) -> tuple[SelectionPolicy | None, list[Problem]]:
        problems = self._base_problems(base) or self._target_problems(base)
        if problems:
            return None, problems
        data = base.model_dump(mode="python", by_alias=True)
        placed = self._edit(base, data)
        try:
            changed = SelectionPolicy.model_validate(data, context={DEFER_CHECKS: True})
        except ValidationError as error:
            return None, [
                Problem(
                    "change.invalid",
                    f"the changed policy cannot be built: {json_path(tuple(e['loc']))}: {e['msg']}",
                )
                for e in error.errors(include_url=False)
            ]
        changed._standards = dict(base.loaded_standards)
        inner = changed.problems()
        if not inner:
            inner = [p for check in checks for p in check(changed)]
        if inner:
            return None, [_invalid(problem, placed) for problem in inner]
        return changed, []

    def _base_problems(self, base: SelectionPolicy) -> list[Problem]:
        if base.id != self.policy.id:
            return [
                Problem(
                    "change.base-mismatch",
                    f"change {self.id!r} is to policy {self.policy.id!r}, not {base.id!r}",
                    path=("policy", "id"),
                    value=self.policy.id,
                )
            ]
        if self.policy.sha256 is not None:
            actual = content_hash(base.model_dump(mode="python", by_alias=True))
            if actual != self.policy.sha256:
                return [
                    Problem(
                        "change.base-mismatch",
                        f"change {self.id!r} is pinned to {self.policy.id} {self.policy.sha256}; "
                        f"the policy given has content hash {actual}",
                        path=("policy", "sha256"),
                        value=self.policy.sha256,
                        hint="the base changed since the change was written: review and re-pin",
                    )
                ]
        return []

    def _target_problems(self, base: SelectionPolicy) -> list[Problem]:
        """An override naming a parameter, score, stage, criterion or component the base
        policy does not have."""
        problems: list[Problem] = []

        def unknown(message: str, path: Path, value: str, choices: Sequence[str]) -> None:
            hint = did_you_mean(value, choices)
            problems.append(
                Problem(
                    "change.unknown-target",
                    f"in policy {base.id!r}, {message}",
                    path=path,
                    value=value,
                    hint=hint,
                )
            )

        for name in self.parameters:
            if name not in base.parameters:
                unknown(
                    f"parameter {name!r} is not declared",
                    ("parameters", name),
                    name,
                    list(base.parameters),
                )
        sums = [i for i, s in base.scores.items() if isinstance(s, WeightedSumScore)]
        for score_id, weights in self.weights.items():
            score = base.scores.get(score_id)
            if not isinstance(score, WeightedSumScore):
                what = (
                    "not defined" if score is None else f"a {score.kind} score, not a weighted sum"
                )
                unknown(f"score {score_id!r} is {what}", ("weights", score_id), score_id, sums)
                continue
            ids = [c.id for c in score.criteria]
            for criterion in weights:
                if criterion not in ids:
                    unknown(
                        f"score {score_id!r} has no criterion {criterion!r}",
                        ("weights", score_id, criterion),
                        criterion,
                        ids,
                    )
        for score_id in self.thresholds.scores:
            if score_id not in base.scores:
                unknown(
                    f"score {score_id!r} is not defined",
                    ("thresholds", "scores", score_id),
                    score_id,
                    list(base.scores),
                )
        stages = {s.id: s for s in base.stages}
        tests = [s.id for s in base.stages if isinstance(s, TestStage)]
        for stage_id, components in self.thresholds.components.items():
            stage = stages.get(stage_id)
            where: Path = ("thresholds", "components", stage_id)
            if not isinstance(stage, TestStage):
                what = "no stage" if stage is None else f"a {stage.kind} stage, not a test"
                unknown(f"{stage_id!r} is {what}", where, stage_id, tests)
                continue
            ids = [c.id for c in stage.components]
            for component in components:
                if component not in ids:
                    unknown(
                        f"test {stage_id!r} has no component {component!r}",
                        (*where, component),
                        component,
                        ids,
                    )
        return problems

    def _edit(self, base: SelectionPolicy, data: dict[str, Any]) -> list[_Placed]:
        """Write the overrides into the base's data; where each one went."""
        placed: list[_Placed] = []
        declared = {r.id: r for r in base.references}
        for index, reference in enumerate(self.references):
            if declared.get(reference.id) == reference:
                continue  # the base's own reference, repeated for the reader
            placed.append((("references", len(data["references"])), ("references", index), True))
            data["references"].append(reference.model_dump(mode="python", by_alias=True))
        for name, values in self.parameters.items():
            parameter = data["parameters"][name]
            placed.append((("parameters", name), ("parameters", name), False))
            merged = dict(parameter["values"])
            for start, entry in values.items():
                merged[start] = _plain(entry)
                day = start.isoformat()
                placed.append(
                    (("parameters", name, "values", day), ("parameters", name, day), True)
                )
            parameter["values"] = dict(sorted(merged.items()))
        for score_id, weights in self.weights.items():
            criteria = data["scores"][score_id]["criteria"]
            placed.append((("scores", score_id, "criteria"), ("weights", score_id), False))
            for index, criterion in enumerate(criteria):
                if criterion["id"] in weights:
                    criterion["weight"] = _plain(weights[criterion["id"]])
                    placed.append(
                        (
                            ("scores", score_id, "criteria", index, "weight"),
                            ("weights", score_id, criterion["id"]),
                            True,
                        )
                    )
        for score_id, minimum in self.thresholds.scores.items():
            data["scores"][score_id]["minimum"] = _plain(minimum)
            placed.append(
                (("scores", score_id, "minimum"), ("thresholds", "scores", score_id), True)
            )
        numbers = {s.id: i for i, s in enumerate(base.stages)}
        for stage_id, components in self.thresholds.components.items():
            stage = data["stages"][numbers[stage_id]]
            for index, component in enumerate(stage["components"]):
                if component["id"] in components:
                    component["pass_minimum"] = _plain(components[component["id"]])
                    placed.append(
                        (
                            ("stages", numbers[stage_id], "components", index, "pass_minimum"),
                            ("thresholds", "components", stage_id, component["id"]),
                            True,
                        )
                    )
        return placed


def _plain(value: Model | Decimal | None) -> Any:
    """A value of the change as the policy's data holds it."""
    if isinstance(value, Model):
        return value.model_dump(mode="python", by_alias=True)
    return value


def _show(value: Decimal | ParameterRef | None) -> str:
    if value is None:
        return "null (removed)"
    if isinstance(value, ParameterRef):
        return f"{{parameter: {value.parameter}}}"
    return str(value)


def _invalid(problem: Problem, placed: Sequence[_Placed]) -> Problem:
    """A problem of the changed policy, as a ``change.invalid`` problem of the change: at the
    override that caused it (the longest policy path it lies under), else at the change's root."""
    best: _Placed | None = None
    for entry in placed:
        size = len(entry[0])
        if problem.path[:size] == entry[0] and (best is None or size > len(best[0])):
            best = entry
    where: Path = ()
    if best is not None:
        where = best[1] + (problem.path[len(best[0]) :] if best[2] else ())
    return Problem(
        "change.invalid",
        f"the changed policy has {problem.code} at {problem.json_path}: {problem.message}",
        path=where,
        value=problem.value,
        hint=problem.hint,
    )
