"""What evaluating a score yields: exact values, gates, criteria, and their explanation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction

from asn_competency.expressions import UNKNOWN, Evaluation
from asn_competency.expressions.evaluate import Value, format_value
from asn_competency.model.scores import Rounding

__all__ = ["CriterionResult", "ScoreResult", "Scorecard", "ThresholdResult"]


@dataclass(frozen=True, slots=True)
class ThresholdResult:
    """A gate applied to a value: the minimum, where it came from, and the outcome."""

    minimum: Fraction
    parameter: str | None
    effective_from: dt.date | None
    reference: str | None
    value: Value
    passed: bool | None  # None: unknown

    def source(self) -> str:
        """``skd_min_tkp = 166 [kepmenpanrb-321-2024, from 2024-01-01]`` or the number."""
        if self.parameter is None:
            return _show(self.minimum)
        since = self.effective_from.isoformat() if self.effective_from else "?"
        return f"{self.parameter} = {_show(self.minimum)} [{self.reference}, from {since}]"


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion of a weighted sum: raw value, scaled value, weight, contribution, gate.

    ``raw`` differs from ``scaled`` when the criterion reads a ``scale`` score: ``raw`` is the
    value before rescaling (SKD total 400), ``scaled`` the value weighed (72.7272…).
    """

    id: str
    raw: Value
    scaled: Value
    weight: Fraction
    contribution: Value
    threshold: ThresholdResult | None
    trace: Evaluation


@dataclass(frozen=True)
class ScoreResult:
    """One score of one candidate: its value (exact, then rounded as declared) and why."""

    id: str
    kind: str
    value: Value
    exact: Value
    rounding: Rounding | None
    passed: bool | None
    thresholds: tuple[ThresholdResult, ...] = ()
    criteria: tuple[CriterionResult, ...] = ()
    inputs: tuple[Evaluation, ...] = ()
    detail: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    band: str | None = None  # the band a JPM value falls in

    @property
    def known(self) -> bool:
        """Whether the value is known (no missing input decided it)."""
        return self.value is not UNKNOWN

    def explain(self, lang: str = "id") -> str:
        """The score as a person reads it, in Indonesian (``id``) or English (``en``)."""
        words = _WORDS[lang]
        lines = [f"{self.id} ({self.kind}) = {_show(self.value, words)}"]
        for item in self.inputs:
            for clause in item.clauses or ():
                lines.append(f"  {clause.render()}")
            if not item.clauses:
                lines.append(f"  {item.rule} = {_show(item.value, words)}")
        for criterion in self.criteria:
            value = _show(criterion.scaled, words)
            if criterion.raw != criterion.scaled:
                value = f"{_show(criterion.raw, words)} → {words['scaled']} {value}"
            lines.append(
                f"  {criterion.id}: {words['raw']} {value} × "
                f"{words['weight']} {_show(criterion.weight, words)} = "
                f"{words['contribution']} {_show(criterion.contribution, words)}"
            )
            if criterion.threshold is not None:
                lines.append("    " + _gate_line(criterion.threshold, words))
        lines += [f"  {line}" for line in self.detail]
        if self.rounding is not None and self.exact is not UNKNOWN:
            lines.append(
                f"  {words['rounded']} {_show(self.exact, words)} → {_show(self.value, words)} "
                f"({self.rounding.places} {words['places']}, {self.rounding.mode})"
            )
        lines += ["  " + _gate_line(t, words) for t in self.thresholds]
        if self.missing:
            lines.append(f"  {words['missing']}: {', '.join(self.missing)}")
        return "\n".join(lines)


_WORDS = {
    "id": {
        "raw": "nilai",
        "scaled": "skala",
        "weight": "bobot",
        "contribution": "kontribusi",
        "rounded": "dibulatkan",
        "places": "desimal",
        "minimum": "nilai ambang batas",
        "passed": "memenuhi",
        "failed": "tidak memenuhi",
        "unknown": "tidak diketahui",
        "missing": "data tidak tersedia",
    },
    "en": {
        "raw": "value",
        "scaled": "scaled",
        "weight": "weight",
        "contribution": "contribution",
        "rounded": "rounded",
        "places": "places",
        "minimum": "minimum",
        "passed": "passed",
        "failed": "failed",
        "unknown": "unknown",
        "missing": "missing",
    },
}


def _show(value: Value, words: Mapping[str, str] | None = None) -> str:
    return format_value(value, unknown=words["unknown"] if words else "unknown")


def _gate_line(gate: ThresholdResult, words: Mapping[str, str]) -> str:
    outcome = {True: words["passed"], False: words["failed"], None: words["unknown"]}[gate.passed]
    return f"{words['minimum']} {gate.source()}: {_show(gate.value, words)} → {outcome}"


@dataclass(frozen=True)
class Scorecard:
    """Every score of one candidate, in evaluation order."""

    results: Mapping[str, ScoreResult]

    def __getitem__(self, score_id: str) -> ScoreResult:
        return self.results[score_id]

    def __iter__(self) -> Iterator[ScoreResult]:
        return iter(self.results.values())

    def explain(self, lang: str = "id") -> str:
        """Every score's explanation, in order."""
        return "\n".join(result.explain(lang) for result in self)
