"""Threshold curves: the pass rate of a test stage as one of its pass minimums moves.

For each component of a test stage with a ``pass_minimum`` (a number or a parameter), the
candidates who sat the stage (its outcome ``advanced`` or ``below_threshold``) pass at a
threshold ``t`` when their score on that component is at least ``t`` and every other
component meets its minimum in force (the base rule: every component with a minimum meets it,
as ``docs/pipeline.md`` describes the test stage). The curve gives, at every threshold where
it can change (each score observed, with 0 and the current minimum), the pass rate overall,
per track and per group of each protected attribute, the current minimum marked, and the
four-fifths comparison of
:func:`~asn_competency.evaluation.adverse_impact` between the groups at that threshold, so
that the thresholds where its flag would trip can be read off (:meth:`ThresholdCurve.trips`).

What is not replayed, and said in :attr:`ThresholdCurve.note`: a stage with its own
``pass_rule`` (not a threshold per component) has no curve; candidates of a track with an
exception to the stage's rule are left out of its curve (the exception, not the minimum,
decides them). Pass rates are exact fractions; the four-fifths comparison is
:data:`~asn_competency.evaluation.FOUR_FIFTHS`, exact.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from asn_competency.evaluation.impact import (
    FOUR_FIFTHS,
    MISSING_LABEL,
    AdverseImpact,
    adverse_impact,
)
from asn_competency.evaluation.rubric._replay import Replay
from asn_competency.model import ParameterRef, TestStage

__all__ = ["CurvePoint", "ThresholdCurve", "ThresholdCurves", "threshold_curves"]

_SAT = frozenset({"advanced", "below_threshold"})


@dataclass(frozen=True)
class CurvePoint:
    """The pass rate of one group at one threshold; for a protected attribute's group, its
    impact ratio against the group with the highest rate and whether it is flagged."""

    threshold: Fraction
    scope: str
    group: str
    received: int
    passed: int
    impact_ratio: Fraction | None = None
    flagged: bool = False

    @property
    def pass_rate(self) -> Fraction | None:
        """Passed ÷ received (``None`` for a group of nobody)."""
        return Fraction(self.passed, self.received) if self.received else None


@dataclass(frozen=True)
class ThresholdCurve:
    """One component's curve: every threshold's points, the current minimum, and where it
    comes from (a parameter's name, or ``None`` for a number in the policy)."""

    stage: str
    component: str
    parameter: str | None
    current: Fraction
    maximum: Fraction
    points: tuple[CurvePoint, ...]
    excluded_tracks: tuple[str, ...]

    def at(self, threshold: Fraction, scope: str = "all", group: str = "all") -> CurvePoint:
        """The point of one group at one threshold."""
        for point in self.points:
            if (point.threshold, point.scope, point.group) == (threshold, scope, group):
                return point
        raise KeyError((threshold, scope, group))

    def flagged_at(self, threshold: Fraction) -> tuple[str, ...]:
        """The protected attributes with a flagged group at a threshold."""
        return tuple(
            sorted({p.scope for p in self.points if p.threshold == threshold and p.flagged})
        )

    def trips(self) -> dict[str, tuple[Fraction | None, Fraction | None]]:
        """Per protected attribute: the nearest threshold below the current minimum and the
        nearest above it where the four-fifths flag differs from the flag at the current
        minimum (``None`` where it never does)."""
        attributes = sorted({p.scope for p in self.points if p.scope not in ("all", "track")})
        thresholds = sorted({p.threshold for p in self.points})
        here = min(thresholds, key=lambda t: (abs(t - self.current), t))
        result: dict[str, tuple[Fraction | None, Fraction | None]] = {}
        for attribute in attributes:
            flags = {
                t: any(p.flagged for p in self.points if p.threshold == t and p.scope == attribute)
                for t in thresholds
            }
            below = next(
                (t for t in reversed(thresholds) if t < here and flags[t] != flags[here]), None
            )
            above = next((t for t in thresholds if t > here and flags[t] != flags[here]), None)
            result[attribute] = (below, above)
        return result


@dataclass(frozen=True)
class ThresholdCurves:
    """The curves of every thresholded test component of a policy, on one run's data."""

    curves: tuple[ThresholdCurve, ...]
    skipped: tuple[str, ...]

    def records(self) -> list[dict[str, object]]:
        """One row per component, threshold and group."""
        return [
            {
                "stage": curve.stage,
                "component": curve.component,
                "parameter": curve.parameter,
                "current": curve.current,
                "threshold": point.threshold,
                "is_current": point.threshold == curve.current,
                "scope": point.scope,
                "group": point.group,
                "received": point.received,
                "passed": point.passed,
                "pass_rate": point.pass_rate,
                "impact_ratio": point.impact_ratio,
                "flagged": point.flagged,
            }
            for curve in self.curves
            for point in curve.points
        ]

    def trip_records(self) -> list[dict[str, object]]:
        """Per component and protected attribute: where the four-fifths flag would change."""
        rows: list[dict[str, object]] = []
        for curve in self.curves:
            for attribute, (below, above) in curve.trips().items():
                rows.append(
                    {
                        "stage": curve.stage,
                        "component": curve.component,
                        "current": curve.current,
                        "attribute": attribute,
                        "flagged_now": attribute in curve.flagged_at(curve.current),
                        "changes_below_at": below,
                        "changes_above_at": above,
                    }
                )
        return rows

    def to_pandas(self) -> object:
        """The records as a ``pandas.DataFrame`` (needs pandas)."""
        from asn_competency.evaluation._common import data_frame  # noqa: PLC0415

        return data_frame(self.records())

    def _repr_html_(self) -> str:
        from asn_competency.evaluation._common import html_table  # noqa: PLC0415

        return html_table(
            "Threshold curves: where the four-fifths flag changes",
            self.trip_records(),
            self.note(),
        )

    def note(self) -> str:
        """What the curves leave out."""
        parts = ["pass at t: the component ≥ t and every other component at its minimum"]
        for curve in self.curves:
            if curve.excluded_tracks:
                parts.append(
                    f"{curve.stage}.{curve.component}: tracks with an exception left out "
                    f"({', '.join(curve.excluded_tracks)})"
                )
        if self.skipped:
            parts.append("stages with their own pass rule, no curve: " + ", ".join(self.skipped))
        return "; ".join(parts)


def _label(value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _minimums(replay: Replay, stage: TestStage) -> dict[str, tuple[Fraction, str | None]]:
    """Each thresholded component's minimum in force, and its parameter's name."""
    parameters = replay.parameters()
    found: dict[str, tuple[Fraction, str | None]] = {}
    for component in stage.components:
        given = component.pass_minimum
        if isinstance(given, ParameterRef):
            value = parameters[given.parameter].value
            found[component.id] = (Fraction(value), given.parameter)
        elif given is not None:
            found[component.id] = (Fraction(given), None)
    return found


def _number(value: object) -> Fraction | None:
    return Fraction(value) if isinstance(value, int | Fraction | Decimal) else None


def _population(
    replay: Replay, stage_id: str, component_id: str
) -> tuple[list[Any], list[Fraction], list[bool]]:
    """The candidates who sat a test stage (tracks with an exception left out), their score
    on one component (-1 where missing), and whether they meet every other minimum."""
    index = next(i for i, s in enumerate(replay.policy.stages) if s.id == stage_id)
    stage = replay.policy.stages[index]
    if not isinstance(stage, TestStage):
        raise TypeError(f"stage {stage_id!r} is not a test stage")
    excluded = {t for e in stage.exceptions for t in e.tracks}
    minimums = _minimums(replay, stage)
    fields = {c.id: c.field for c in stage.components}
    sat = [
        c
        for c in replay.states
        if len(c.results) > index
        and c.results[index].outcome in _SAT
        and (c.formation is None or c.formation.track not in excluded)
    ]
    values: list[Fraction] = []
    rest_ok: list[bool] = []
    for c in sat:
        own = _number(c.values.get(fields[component_id]))
        values.append(Fraction(-1) if own is None else own)
        ok = True
        for other, (minimum, _) in minimums.items():
            if other != component_id:
                value = _number(c.values.get(fields[other]))
                ok = ok and value is not None and value >= minimum
        rest_ok.append(ok)
    return sat, values, rest_ok


def threshold_curves(replay: Replay) -> ThresholdCurves:
    """The threshold curves of every test stage before the replay's weighted stage whose
    components declare pass minimums."""
    policy = replay.policy
    curves: list[ThresholdCurve] = []
    skipped: list[str] = []
    for stage in policy.stages[: replay.stage_index]:
        if not isinstance(stage, TestStage):
            continue
        if stage.pass_rule is not None:
            skipped.append(stage.id)
            continue
        excluded = tuple(sorted({t for e in stage.exceptions for t in e.tracks}))
        minimums = _minimums(replay, stage)
        for component in stage.components:
            if component.id not in minimums:
                continue
            current, parameter = minimums[component.id]
            sat, values, rest_ok = _population(replay, stage.id, component.id)
            tracks = [c.formation.track if c.formation else None for c in sat]
            groups = {
                name: [_label(c.row.protected.get(name)) for c in sat]
                for name in policy.protected_attributes
            }
            grid = sorted(
                {v for v in values if 0 <= v <= component.maximum} | {Fraction(0), current}
            )
            curves.append(
                ThresholdCurve(
                    stage.id,
                    component.id,
                    parameter,
                    current,
                    Fraction(component.maximum),
                    tuple(_points(values, rest_ok, tracks, groups, grid)),
                    excluded,
                )
            )
    return ThresholdCurves(tuple(curves), tuple(skipped))


def _points(
    values: list[Fraction],
    rest_ok: list[bool],
    tracks: list[str | None],
    groups: Mapping[str, list[str | None]],
    grid: list[Fraction],
) -> list[CurvePoint]:
    """The points at every threshold of ``grid`` (the observed scores, where a pass rate can
    change, with 0 and the current minimum): overall, per track, per protected group."""
    scopes: list[tuple[str, str, list[int]]] = [("all", "all", list(range(len(values))))]
    for track in sorted({t for t in tracks if t is not None}):
        scopes.append(("track", track, [i for i, t in enumerate(tracks) if t == track]))
    sorted_values = {
        (scope, group): sorted(values[i] for i in members if rest_ok[i])
        for scope, group, members in scopes
    }
    per_group: dict[str, dict[str | None, tuple[int, list[Fraction]]]] = {}
    for name, labels in groups.items():
        members: dict[str | None, list[int]] = {}
        for i, label in enumerate(labels):
            members.setdefault(label, []).append(i)
        per_group[name] = {
            label: (len(found), sorted(values[i] for i in found if rest_ok[i]))
            for label, found in members.items()
        }
    points: list[CurvePoint] = []
    for threshold in grid:
        for scope, group, members_of in scopes:
            passing = sorted_values[scope, group]
            passed = len(passing) - bisect.bisect_left(passing, threshold)
            points.append(CurvePoint(threshold, scope, group, len(members_of), passed))
        for name, by_label in per_group.items():
            counts = {
                label: (received, len(passing) - bisect.bisect_left(passing, threshold))
                for label, (received, passing) in by_label.items()
            }
            if not counts:  # nobody sat the stage
                continue
            recorded: list[str | None] = [k for k in counts if k is not None] or list(counts)
            best = max(Fraction(counts[k][1], counts[k][0]) for k in recorded)
            for label in sorted(counts, key=lambda k: (k is None, k or "")):
                received, passed = counts[label]
                ratio = Fraction(passed, received) / best if best else None
                points.append(
                    CurvePoint(
                        threshold,
                        name,
                        MISSING_LABEL if label is None else label,
                        received,
                        passed,
                        ratio,
                        ratio is not None and ratio < FOUR_FIFTHS,
                    )
                )
    return points


def impact_at(replay: Replay, curve: ThresholdCurve, threshold: Fraction) -> AdverseImpact:
    """The full four-fifths table (:func:`~asn_competency.evaluation.adverse_impact`, with
    Fisher's test and the small-numbers flag) of a curve's protected groups at one
    threshold: what the curve's points summarise. Needs scipy."""
    sat, values, rest_ok = _population(replay, curve.stage, curve.component)
    outcomes = [ok and v >= threshold for v, ok in zip(values, rest_ok, strict=True)]
    groups = {
        name: [_label(c.row.protected.get(name)) for c in sat]
        for name in replay.policy.protected_attributes
    }
    return adverse_impact(outcomes, groups, intersections=False)
