"""A score's computation in words, from the score as a decision record holds it.

The value and its kind; each formula the score evaluated (its clauses, or the formula with its
value); each criterion of a weighted sum (raw value, scaled value, weight, contribution, and
its gate); the steps its kind records (rows of a points table, a category's points, a scale's
mapping, profile matching rows and totals, the JPM and its band, affirmation points); the
rounding; the score's own gates (with the parameter, its legal basis and the date it took
effect); and the data it lacked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asn_competency.audit.explain.clauses import _ClauseWords
from asn_competency.audit.explain.words import _mappings


class _ScoreWords(_ClauseWords):
    """The scores of a record in words."""

    def score_lines(self, score: Mapping[str, Any]) -> list[str]:
        """A score's explanation: its first line, then its parts indented by two spaces."""
        score_id = str(score.get("id"))
        lines = [
            self.t(
                "score.head",
                score=score_id,
                kind=score.get("kind"),
                value=self.show(score.get("value")),
            )
        ]
        for evaluation in _mappings(score.get("inputs")):
            shown, _ = self.clauses(evaluation, score=score_id)
            if shown:
                lines += [f"  {line}" for line in shown]
                continue
            rule = self.score_rule(score_id, evaluation.get("at"))
            formula = " ".join(rule.text.split()) if rule else self.where(evaluation.get("at"))
            value = self.show(evaluation.get("value"))
            lines.append("  " + self.t("score.formula", formula=formula, value=value))
        for criterion in _mappings(score.get("criteria")):
            raw, scaled = criterion.get("raw"), criterion.get("scaled")
            lines.append(
                "  "
                + self.t(
                    "score.criterion" if raw == scaled else "score.criterion.scaled",
                    criterion=criterion.get("id"),
                    raw=self.show(raw),
                    scaled=self.show(scaled),
                    weight=self.show(criterion.get("weight")),
                    contribution=self.show(criterion.get("contribution")),
                )
            )
            gate = criterion.get("threshold")
            if isinstance(gate, Mapping):
                lines.append("    " + self.gate(gate))
        lines += ["  " + self.say(step) for step in _mappings(score.get("steps"))]
        rounding = score.get("rounding")
        if isinstance(rounding, Mapping) and score.get("exact") is not None:
            lines.append(
                "  "
                + self.t(
                    "score.rounded",
                    exact=self.show(score.get("exact")),
                    value=self.show(score.get("value")),
                    places=rounding.get("places"),
                    mode=rounding.get("mode"),
                )
            )
        lines += ["  " + self.gate(gate) for gate in _mappings(score.get("thresholds"))]
        if score.get("missing"):
            lines.append("  " + self.t("score.missing", fields=self.names(score["missing"])))
        return lines

    def gate(self, gate: Mapping[str, Any]) -> str:
        """``nilai ambang batas final_min = 60 (PermenPANRB 6/2024, berlaku sejak
        2024-01-01): 61.491 → memenuhi``."""
        minimum = self.show(gate.get("minimum"))
        if gate.get("parameter"):
            minimum = self.t(
                "score.gate.parameter",
                parameter=gate["parameter"],
                minimum=minimum,
                cite=self.cite(gate.get("reference"), gate.get("since")),
            )
        passed = gate.get("passed")
        verdict = (
            "gate.true" if passed is True else "gate.false" if passed is False else "gate.unknown"
        )
        return self.t(
            "score.gate",
            minimum=minimum,
            value=self.show(gate.get("value")),
            verdict=self.t(verdict),
        )
