"""What each kind of stage says: its lines in the account, and the sentences that decided it.

Eligibility (each requirement met or not, with the data read), test (score, track exception,
thresholds), rating (raters and their disagreements), integration (the final score), shortlist
and ranking (place against the cut or the quota, and the key that separated the candidate),
optimisation (the formation placed in, or why none), and an unusable row (each problem).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from asn_competency.audit.explain.clauses import _ClauseWords
from asn_competency.audit.explain.phrases import _INPUT_CODES, _PHRASES, _SAME_WORDS
from asn_competency.audit.explain.words import _text
from asn_competency.model import (
    EligibilityRule,
    EligibilityStage,
    OptimisationStage,
    OrderKey,
    RankingStage,
    ShortlistStage,
    TestStage,
)


def _show_value(value: Any) -> str:
    """An offending input value: text quoted, anything else as written."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


@dataclass
class _Part:
    """One stage of the account: its lines and the sentences that decided it."""

    lines: list[str]
    key: list[str]


class _StageWords(_ClauseWords):
    """The account of each stage the candidate reached, as fits its kind."""

    def outcome(self, stage: Mapping[str, Any]) -> str:
        """A stage's outcome in words, as fits the kind of stage."""
        outcome, kind = str(stage.get("outcome")), str(stage.get("kind"))
        detail = stage.get("detail") or {}
        if outcome == "advanced" and kind == "optimisation" and not detail.get("placed_in"):
            return self.t("advanced.optimisation.none")
        for key in (f"{outcome}.{kind}", outcome):
            if key in _PHRASES:
                return self.t(key)
        return outcome

    def part(self, stage: Mapping[str, Any]) -> _Part:
        """The account of one stage the candidate reached."""
        outcome, kind = stage.get("outcome"), stage.get("kind")
        if outcome == "invalid_input":
            return self.invalid()
        if outcome == "absent":
            line = self.t("absent_line")
            return _Part([line], [line])
        render = {
            "eligibility": self.eligibility,
            "test": self.test,
            "rating": self.rating,
            "integration": self.integration,
            "shortlist": self.shortlist,
            "ranking": self.ranking,
            "optimisation": self.optimisation,
        }.get(str(kind))
        if render is None:
            reasons = [self.reason(str(r)) for r in stage.get("reasons") or ()]
            return _Part(self.score_line(stage) + reasons, reasons)
        return render(stage)

    def score_line(self, stage: Mapping[str, Any]) -> list[str]:
        """``Nilai kumulatif SKD: 329``: the stage's score under the name of its formula."""
        score = stage.get("score")
        if score is None:
            return []
        final = stage.get("kind") == "integration"
        label = self.t("final_score" if final else "stage_score")
        found = self.stages.get(str(stage.get("stage_id")))
        formula = getattr(found, "score", None)
        if isinstance(formula, str) and re.fullmatch(r"[a-z][a-z0-9_]*", formula):
            named = self.label(formula)
            label = label if named == formula else named
        return [f"{label}: {score}"]

    def eligibility(self, stage: Mapping[str, Any]) -> _Part:
        """Each requirement met or not, with the reason given to candidates and the data read;
        without the policy, the rule's text and the reason as recorded (in Indonesian)."""
        evaluations = [e for e in stage.get("evaluations") or () if isinstance(e, Mapping)]
        reasons = [str(r) for r in stage.get("reasons") or ()]
        recorded = iter(reasons)  # one per failed rule, in order
        lines: list[str] = []
        key: list[str] = []
        for evaluation, rule in zip(evaluations, self.rules(stage, evaluations), strict=True):
            name = rule.id if rule else " ".join(str(evaluation.get("rule")).split())
            value = evaluation.get("value")
            if value == "true":
                lines.append(self.t("rule_met", rule=name))
            elif value == "false":
                reason = next(recorded, "")
                if rule is not None:
                    why = (_text(rule.reason, self.lang) or "") + self.cite(rule.reference)
                elif ": " in reason:
                    name, why = reason.split(": ", 1)
                else:
                    why = reason
                key.append(self.t("rule_failed", rule=name, reason=why))
                lines.append(key[-1])
            else:
                missing = ", ".join(self.label(str(m)) for m in evaluation.get("missing") or ())
                key.append(self.t("rule_unknown", rule=name, missing=missing or "?"))
                lines.append(key[-1])
            data = self.reads_line([evaluation])
            if data:
                lines.append(f"  {data}")
        if stage.get("outcome") != "advanced" and not key:  # e.g. a rule that raised an error
            key = [self.reason(r) for r in reasons]
            lines += key
        return _Part(lines, key)

    def rules(
        self, stage: Mapping[str, Any], evaluations: Sequence[Mapping[str, Any]]
    ) -> list[EligibilityRule | None]:
        """The policy's rule behind each evaluation (by text, else by position)."""
        found = self.stages.get(str(stage.get("stage_id")))
        if not isinstance(found, EligibilityStage):
            return [None] * len(evaluations)
        by_text = {" ".join(r.rule.split()): r for r in found.rules}
        matched: list[EligibilityRule | None] = []
        for index, evaluation in enumerate(evaluations):
            rule = by_text.get(" ".join(str(evaluation.get("rule")).split()))
            if rule is None and len(evaluations) == len(found.rules):
                rule = found.rules[index]
            matched.append(rule)
        return matched

    def test(self, stage: Mapping[str, Any]) -> _Part:
        """The score, the track exception applied, and each threshold of the deciding rule."""
        lines = self.score_line(stage)
        detail = stage.get("detail") or {}
        evaluations = [e for e in stage.get("evaluations") or () if isinstance(e, Mapping)]
        exception = detail.get("exception")
        if exception:
            found = self.stages.get(str(stage.get("stage_id")))
            rule = None
            if isinstance(found, TestStage):
                rule = next((e for e in found.exceptions if e.id == exception), None)
            name = (_text(rule.name, self.lang) if rule else None) or str(exception)
            cite = self.cite(rule.reference) if rule else ""
            lines.append(self.t("exception", name=name, cite=cite))
        verdict = evaluations[-1] if exception and evaluations else None
        if verdict is None and evaluations:
            verdict = evaluations[0]
        shown, failed = self.clauses(verdict) if verdict is not None else ([], [])
        lines += shown
        if verdict is not None and not shown:
            lines.append(self.t("no_rule"))
        reasons = [self.reason(str(r)) for r in stage.get("reasons") or ()]
        if stage.get("outcome") == "below_threshold":
            key = failed or reasons
        elif stage.get("outcome") == "advanced":
            key = shown
        else:
            key = reasons or failed
        lines += [r for r in key if r not in lines]
        return _Part(lines, key)

    def rating(self, stage: Mapping[str, Any]) -> _Part:
        """Who rated, the stage's score, and what a person must look at when raters disagree."""
        lines: list[str] = []
        detail = stage.get("detail") or {}
        raters = detail.get("raters")
        if isinstance(raters, Mapping) and raters:
            names = sorted({str(r) for given in raters.values() for r in given or ()})
            lines.append(
                self.t("raters", count=len(names), raters=", ".join(names), criteria=len(raters))
            )
        levels = detail.get("aggregated")
        scores = detail.get("scores")
        if isinstance(levels, Mapping) and isinstance(scores, Mapping):
            for criterion, level in levels.items():
                given = scores.get(criterion)
                shown_scores = (
                    ", ".join(f"{r}={v}" for r, v in given.items())
                    if isinstance(given, Mapping)
                    else "?"
                )
                lines.append(
                    "  "
                    + self.t(
                        "level_line",
                        criterion=self.criterion_label(str(criterion)),
                        level=level,
                        scores=shown_scores,
                    )
                )
        lines += self.score_line(stage)
        shown: list[str] = []
        failed: list[str] = []
        for evaluation in stage.get("evaluations") or ():
            if isinstance(evaluation, Mapping):
                more, wrong = self.clauses(evaluation)
                shown += more
                failed += wrong
        lines += shown
        reasons = [self.reason(str(r)) for r in stage.get("reasons") or ()]
        key = failed or reasons
        lines += [r for r in reasons if r not in lines]
        return _Part(lines, key)

    def integration(self, stage: Mapping[str, Any]) -> _Part:
        """The final score and how it was computed, as the record explains it; then each score
        the policy reports beside it (``report``, e.g. the JPM) with its band."""
        lines = self.score_line(stage)
        detail = stage.get("detail") or {}
        explanation = detail.get(f"explanation_{self.lang}") or detail.get("explanation_id")
        if explanation:
            lines += [f"  {line}" for line in str(explanation).splitlines()]
        reported = detail.get("reported")
        for score, entry in reported.items() if isinstance(reported, Mapping) else ():
            found = entry if isinstance(entry, Mapping) else {}
            value = found.get("value")
            shown = self.t("unknown") if value is None else str(value)
            band = found.get("band")
            band_text = self.t("band", band=band) if band else ""
            lines.append(
                self.t("reported", score=self.label(str(score)), value=shown, band=band_text)
            )
        reasons = [self.reason(str(r)) for r in stage.get("reasons") or ()]
        lines += reasons
        return _Part(lines, reasons or self.score_line(stage))

    def place(self, detail: Mapping[str, Any]) -> str:
        """``peringkat 3 (urutan ke-4) di formasi F1``."""
        rank, position = detail.get("rank"), detail.get("position")
        shown = self.t("position", position=position) if position not in (None, rank) else ""
        formation = self.record.get("formation_id") or "?"
        return self.t("place", rank=rank, position=shown, formation=formation)

    def decided_by(self, stage: Mapping[str, Any], detail: Mapping[str, Any]) -> str:
        """The tie-break key that separated the candidate from the next one, in words."""
        decided = detail.get("decided_by")
        if not decided:
            return self.t("decided_by_none")
        return self.t("decided_by", key=self.recorded_key(stage, str(decided)))

    def behind_by(self, stage: Mapping[str, Any], detail: Mapping[str, Any]) -> list[str]:
        """The key that separated the candidate ranked just above from this one, if any."""
        behind = detail.get("behind_by")
        if not behind:
            return []
        return [self.t("behind_by", key=self.recorded_key(stage, str(behind)))]

    def recorded_key(self, stage: Mapping[str, Any], recorded: str) -> str:
        """A key as the record names it, named in the explanation's language."""
        found = self.stages.get(str(stage.get("stage_id")))
        if isinstance(found, RankingStage | ShortlistStage):
            for index, key in enumerate(found.order):
                if recorded in self.key_names(key, index):
                    return self.key_name(key)
        return recorded

    @staticmethod
    def key_names(key: OrderKey, index: int) -> set[str]:
        """The names a key may have in a record (``pipeline.ordering`` writes the English
        name, else the Indonesian one, else a description of the key)."""
        names = {f"{index + 1}. {key.key} ({'codes' if key.codes else key.direction})"}
        if key.name is not None:
            names |= {key.name.id, key.name.en or key.name.id}
        return names

    def key_name(self, key: OrderKey) -> str:
        """A key of an ordering, named in the explanation's language."""
        return _text(key.name, self.lang) or key.key

    def shortlist(self, stage: Mapping[str, Any]) -> _Part:
        """The place in the formation against the shortlist's cut (multiplier × quota)."""
        detail = stage.get("detail") or {}
        found = self.stages.get(str(stage.get("stage_id")))
        multiplier = ""
        if isinstance(found, ShortlistStage) and isinstance(detail.get("cut"), int):
            quota = detail["cut"] // found.multiplier
            if quota * found.multiplier == detail["cut"]:
                multiplier = self.t("multiplier", multiplier=found.multiplier, quota=quota)
        position, cut = detail.get("position"), detail.get("cut")
        phrase = "cut.outranked"
        if stage.get("outcome") == "advanced":
            tied = isinstance(position, int) and isinstance(cut, int) and position > cut
            phrase = "cut.tied" if tied else "cut.advanced"
        main = self.t(phrase, place=self.place(detail), cut=cut, multiplier=multiplier)
        lines = [main, self.decided_by(stage, detail), *self.behind_by(stage, detail)]
        return _Part(lines, [main])

    def ranking(self, stage: Mapping[str, Any]) -> _Part:
        """The rank against the quota; an unresolved tie at the boundary for a person to settle."""
        detail = stage.get("detail") or {}
        quota = self.t("quota", quota=detail.get("quota"))
        main = f"{self.place(detail)}, {quota}: {self.outcome(stage)}"
        lines = [main]
        if stage.get("outcome") == "needs_review":
            found = self.stages.get(str(stage.get("stage_id")))
            keys = ""
            if isinstance(found, RankingStage):
                keys = f" ({', '.join(self.key_name(k) for k in found.order)})"
            main = f"{self.place(detail)}, {quota}: {self.t('tie', keys=keys)}"
            lines = [main]
        else:
            lines += [self.decided_by(stage, detail), *self.behind_by(stage, detail)]
        return _Part(lines, [main])

    def optimisation(self, stage: Mapping[str, Any]) -> _Part:
        """The formation placed in (of another track, or another formation of the same track,
        when the record says which), or why there was none (the record's ``detail.reason``:
        the slots went to higher-ranked candidates, are held for a tie, need the general
        grades, a tie to settle; no free slot otherwise)."""
        detail = stage.get("detail") or {}
        if stage.get("outcome") == "advanced":
            placed = detail.get("placed_in")
            moved = detail.get("moved")
            phrase = f"placed_in.{moved}" if f"placed_in.{moved}" in _PHRASES else "placed_in"
            line = self.t(phrase, formation=placed) if placed else self.t("already_selected")
            return _Part([line], [line])
        found = self.stages.get(str(stage.get("stage_id")))
        same = ""
        words = [self.pick(_SAME_WORDS[f]) for f in getattr(found, "same", ()) if f in _SAME_WORDS]
        if isinstance(found, OptimisationStage) and words:
            listed = (
                ", ".join(words[:-1]) + f" {self.t('and')} {words[-1]}"
                if len(words) > 1
                else words[0]
            )
            same = self.t("same", fields=listed)
        phrase = f"not_placed.{detail.get('reason')}"
        line = self.t(phrase if phrase in _PHRASES else "not_placed", same=same)
        return _Part([line], [line])

    def invalid(self) -> _Part:
        """Each problem of an unusable row: the column, the value and what is wrong with it."""
        lines: list[str] = []
        key: list[str] = []
        for problem in self.record.get("problems") or ():
            if not isinstance(problem, Mapping):
                continue
            field = str(problem.get("field") or "?").removeprefix("$.")
            value = problem.get("value")
            shown = self.t("empty") if value is None else _show_value(value)
            code = str(problem.get("code") or "")
            what = self.pick(_INPUT_CODES[code]) if code in _INPUT_CODES else code
            sentence = self.t("problem", field=field, value=shown, what=what)
            key.append(sentence)
            lines.append(sentence)
            lines.append(f"  {self.t('problem_detail', message=problem.get('message'))}")
            if problem.get("hint"):
                lines.append(f"  {self.t('hint', hint=problem['hint'])}")
        return _Part(lines, key)
