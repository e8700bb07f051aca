"""What each kind of stage says: its lines in the account, and the sentences that decided it.

Eligibility (each requirement met or not, with the data read), test (score, track exception,
thresholds), rating (raters and their disagreements), integration (the final score), shortlist
and ranking (place against the cut or the quota, and the key that separated the candidate),
optimisation (the formation placed in, or why none), and an unusable row (each problem).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from asn_competency.audit.catalogue import PHRASES
from asn_competency.audit.explain.scores import _ScoreWords
from asn_competency.audit.explain.words import _mappings, _text
from asn_competency.model import (
    EligibilityRule,
    EligibilityStage,
    OptimisationStage,
    OrderKey,
    RankingStage,
    ShortlistStage,
    TestStage,
)


@dataclass
class _Part:
    """One stage of the account: its lines and the sentences that decided it."""

    lines: list[str]
    key: list[str]


class _StageWords(_ScoreWords):
    """The account of each stage the candidate reached, as fits its kind."""

    def outcome(self, stage: Mapping[str, Any]) -> str:
        """A stage's outcome in words, as fits the kind of stage."""
        outcome, kind = str(stage.get("outcome")), str(stage.get("kind"))
        detail = stage.get("detail") or {}
        if outcome == "advanced" and kind == "optimisation" and not detail.get("placed_in"):
            return self.t("outcome.advanced.optimisation.none")
        for key in (f"outcome.{outcome}.{kind}", f"outcome.{outcome}"):
            if key in PHRASES:
                return self.t(key)
        return outcome

    def reasons(self, stage: Mapping[str, Any]) -> list[str]:
        """The stage's reasons in words, each once."""
        stage_id = str(stage.get("stage_id"))
        said = [self.say(r, stage_id=stage_id) for r in _mappings(stage.get("reasons"))]
        return list(dict.fromkeys(said))

    def part(self, stage: Mapping[str, Any]) -> _Part:
        """The account of one stage the candidate reached."""
        outcome, kind = stage.get("outcome"), stage.get("kind")
        if outcome == "invalid_input":
            return self.invalid(stage)
        if outcome == "absent":
            lines = self.reasons(stage) or [self.say({"code": "absent"})]
            return _Part(lines, lines)
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
            reasons = self.reasons(stage)
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
        """Each requirement met or not, with the reason given to candidates (and its legal
        basis) and the data read; without the policy, rules by their place in the policy."""
        evaluations = _mappings(stage.get("evaluations"))
        reasons = _mappings(stage.get("reasons"))
        stage_id = str(stage.get("stage_id"))
        lines: list[str] = []
        key: list[str] = []
        used: list[Mapping[str, Any]] = []
        for evaluation in evaluations:
            rule = self.eligibility_rule(evaluation.get("at"))
            name = rule.id if rule else self.where(_rule_place(evaluation.get("at")))
            value = evaluation.get("value")
            if value is True:
                lines.append(self.t("rule_met", rule=name))
            else:
                code = "rule.failed" if value is False else "rule.unknown"
                pending = [r for r in reasons if r.get("code") == code and r not in used]
                fact = next((r for r in pending if r.get("rule") == name), None)
                if fact is None and rule is None and pending:  # one per rule, in order
                    fact = pending[0]
                    name = str(fact.get("rule"))
                if fact is not None:
                    used.append(fact)
                if fact is None and value is False:
                    fact = {"code": code, "rule": name}
                elif fact is None:
                    fact = {"code": code, "rule": name, "fields": evaluation.get("missing")}
                key.append(self.say(fact, stage_id=stage_id))
                lines.append(key[-1])
            data = self.reads_line([evaluation])
            if data:
                lines.append(f"  {data}")
        if stage.get("outcome") != "advanced":
            said = [r for r in self.reasons(stage) if r not in key]  # e.g. a rule in error
            key += said
            lines += said
        return _Part(lines, key)

    def eligibility_rule(self, at: Any) -> EligibilityRule | None:
        """The policy's eligibility rule at a place (``[stage, "rules", i, "rule"]``)."""
        if not (isinstance(at, list) and len(at) >= 3 and isinstance(at[2], int)):
            return None
        found = self.stages.get(str(at[0]))
        if isinstance(found, EligibilityStage) and 0 <= at[2] < len(found.rules):
            return found.rules[at[2]]
        return None

    def test(self, stage: Mapping[str, Any]) -> _Part:
        """The score, the track exception applied, and each clause of the deciding rule."""
        lines = self.score_line(stage)
        detail = stage.get("detail") or {}
        evaluations = _mappings(stage.get("evaluations"))
        reasons = _mappings(stage.get("reasons"))
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
        shown, failed = self.clauses(verdict, reasons) if verdict is not None else ([], [])
        lines += shown
        data = self.reads_line([verdict]) if verdict is not None and self.policy is None else None
        if data:  # without the policy, the values the rule read
            lines.append(f"  {data}")
        if verdict is not None and not shown:
            lines.append(self.t("no_rule"))
        said = [
            r for r in self.reasons(stage) if r not in shown and not self.clause_fact_of(r, stage)
        ]
        if stage.get("outcome") == "below_threshold":
            key = failed or said
        elif stage.get("outcome") == "advanced":
            key = shown
        else:
            key = said or failed
        lines += [r for r in said if r not in lines]
        return _Part(lines, key)

    def clause_fact_of(self, said: str, stage: Mapping[str, Any]) -> bool:
        """Whether a reason said is about a clause the stage's evaluations already show."""
        evaluated = [e.get("at") for e in _mappings(stage.get("evaluations"))]
        return any(
            str(reason.get("code")).startswith("clause.")
            and reason.get("rule") in evaluated
            and self.say(reason) == said
            for reason in _mappings(stage.get("reasons"))
        )

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
        for evaluation in _mappings(stage.get("evaluations")):
            more, wrong = self.clauses(evaluation, _mappings(stage.get("reasons")))
            shown += more
            failed += wrong
            data = self.reads_line([evaluation]) if self.policy is None else None
            shown += [f"  {data}"] if data else []
        lines += shown
        reasons = [
            r for r in self.reasons(stage) if r not in shown and not self.clause_fact_of(r, stage)
        ]
        key = failed or reasons
        lines += [r for r in reasons if r not in lines]
        return _Part(lines, key)

    def integration(self, stage: Mapping[str, Any]) -> _Part:
        """The final score and how it was computed, as the record explains it; then each score
        the policy reports beside it (``report``, e.g. the JPM) with its band."""
        lines = self.score_line(stage)
        detail = stage.get("detail") or {}
        scores = _mappings(stage.get("scores"))
        if scores:  # the stage's own score first, then those reported beside it
            lines += [f"  {line}" for line in self.score_lines(scores[0])]
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
        reasons = self.reasons(stage)
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
        if decided is None:
            return self.t("decided_by_none")
        return self.t("decided_by", key=self.order_key(str(stage.get("stage_id")), decided))

    def behind_by(self, stage: Mapping[str, Any], detail: Mapping[str, Any]) -> list[str]:
        """The key that separated the candidate ranked just above from this one, if any."""
        behind = detail.get("behind_by")
        if behind is None:
            return []
        return [self.t("behind_by", key=self.order_key(str(stage.get("stage_id")), behind))]

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
            phrase = f"placed_in.{moved}" if f"placed_in.{moved}" in PHRASES else "placed_in"
            line = self.t(phrase, formation=placed) if placed else self.t("already_selected")
            return _Part([line], [line])
        found = self.stages.get(str(stage.get("stage_id")))
        same = ""
        same_fields = getattr(found, "same", ())
        words = [self.t(f"same.{f}") for f in same_fields if f"same.{f}" in PHRASES]
        if isinstance(found, OptimisationStage) and words:
            same = self.t("same", fields=self.listed(words))
        reasons = _mappings(stage.get("reasons"))
        lines = []
        for reason in reasons:  # the formations that match: those equal on `same`
            matched = reason.get("code") in _SAME_MATTERS
            lines.append(self.say(reason) + (same if matched else ""))
        return _Part(lines, lines)

    def invalid(self, stage: Mapping[str, Any]) -> _Part:
        """Each problem of an unusable row: the column, the value and what is wrong with it,
        with what the policy declares for the column (given the policy)."""
        lines: list[str] = []
        key: list[str] = []
        for reason in _mappings(stage.get("reasons")):
            sentence = self.say(reason)
            key.append(sentence)
            lines.append(sentence)
            declared = self.declared(reason.get("field"))
            if declared:
                lines.append(f"  {declared}")
        return _Part(lines, key)

    def declared(self, field: Any) -> str | None:
        """``Ketentuan kolom twk: bilangan bulat, paling sedikit 0, paling banyak 150``."""
        if self.policy is None or not isinstance(field, str):
            return None
        found = self.policy.candidate_fields.get(field)
        if found is None:
            return None
        parts = [self.t(f"type.{found.type}")] if f"type.{found.type}" in PHRASES else []
        low, high = getattr(found, "minimum", None), getattr(found, "maximum", None)
        if low is not None:
            parts.append(self.t("range.from", low=low))
        if high is not None:
            parts.append(self.t("range.to", high=high))
        if getattr(found, "places", None) is not None:
            parts.append(self.t("range.places", places=found.places))  # type: ignore[union-attr]
        values = getattr(found, "values", None)
        if values:
            parts.append(self.t("range.values", values=", ".join(str(v) for v in values)))
        if found.required:
            parts.append(self.t("range.required"))
        if not parts:
            return None
        return self.t("declared", field=field, rule=", ".join(parts))


#: Why optimisation placed no one, where the formations that matched are those equal on the
#: stage's ``same`` fields (said after the reason).
_SAME_MATTERS = (
    "optimisation.outranked",
    "optimisation.held-for-tie",
    "optimisation.no-free-slot",
)


def _rule_place(at: Any) -> Any:
    """A rule's place without its trailing ``rule`` (``administrasi/rules/0``)."""
    if isinstance(at, list) and at and at[-1] == "rule":
        return at[:-1]
    return at
