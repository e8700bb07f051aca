"""The selection pipeline: a pure function from policy and inputs to one decision per row.

``run(policy, candidates, formations=..., ratings=..., as_of=...)`` compiles the policy once
(every rule, formula and score), resolves the parameters in force on the as-of date, and
takes the candidates through the stages in order:

- per-candidate stages (``eligibility``, ``test``, ``rating``, ``integration``) decide each
  candidate on their own;
- pooled stages (``shortlist``, ``ranking``, ``optimisation``) order the candidates still in
  the selection per formation.

Every input row yields exactly one decision, invalid rows included; the decisions come in
canonical order (by candidate id, then the row's content) whatever the input order. Nothing
here reads the clock, the environment or a file.
"""

from __future__ import annotations

import datetime as dt
import importlib
import statistics
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from asn_competency.errors import PolicyError, Problem
from asn_competency.expressions import (
    CompiledRule,
    Env,
    Evaluation,
    EvaluationError,
    evaluate,
)
from asn_competency.expressions.data import EvaluationData, evaluation_data
from asn_competency.expressions.evaluate import rule_value
from asn_competency.expressions.functions import age_on, round_fraction
from asn_competency.expressions.policy import RuleKey, stage_rules
from asn_competency.model import (
    DateField,
    EligibilityStage,
    IntegrationStage,
    OptimisationStage,
    OrderKey,
    RankingStage,
    RatingStage,
    ResolvedParameter,
    SelectionPolicy,
    ShortlistStage,
    TestStage,
)
from asn_competency.model.outcomes import Fact
from asn_competency.pipeline.bulk import without_cycle_collection
from asn_competency.pipeline.inputs import (
    CandidateRow,
    CandidateTable,
    Formation,
    FormationTable,
    RatingTable,
    Source,
    read_candidates,
    read_formations,
    read_ratings,
)
from asn_competency.pipeline.notebook import result_frame, result_html
from asn_competency.pipeline.optimisation import Entrant, Verdict, allocate
from asn_competency.pipeline.ordering import Ranked, rank, sort_key
from asn_competency.pipeline.outcomes import Decision, Outcome, StageResult, final_status
from asn_competency.pipeline.pools import shortlisted, within_quota
from asn_competency.pipeline.reasons import OPTIMISATION_REASONS, clause_reasons, reason
from asn_competency.pipeline.records import result_rows
from asn_competency.scoring import ScoreBook, Scorecard, compile_scores

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "STAGE_KINDS",
    "Plan",
    "RunResult",
    "StageRun",
    "compile_plan",
    "run",
]


def _as_data(evaluations: Sequence[Evaluation]) -> tuple[EvaluationData, ...]:
    """The evaluations a stage result keeps: as plain data, what its record holds."""
    return tuple(map(evaluation_data, evaluations))


@dataclass(frozen=True)
class Plan:
    """A policy compiled for running: every formula parsed and checked once."""

    policy: SelectionPolicy
    rules: Mapping[RuleKey, CompiledRule]
    scores: ScoreBook

    def rule(self, *key: str | int) -> CompiledRule:
        """The compiled formula at a path of the policy (e.g. ``("skd", "pass_rule")``)."""
        return self.rules[key]


def compile_plan(policy: SelectionPolicy) -> Plan:
    """The policy's stage formulas and scores compiled (once per policy object: loading
    compiled them to check them); :class:`PolicyError` if any does not compile."""
    rules, problems = stage_rules(policy)
    if problems:
        raise PolicyError(problems)
    return Plan(policy, rules, compile_scores(policy))


@dataclass(slots=True)
class _Candidate:
    """A candidate's state while the stages run (slotted: a run holds one per row)."""

    row: CandidateRow
    formation: Formation | None
    #: The row's values; a dictionary of the candidate's own when a rating stage writes its
    #: aggregates here (:meth:`set_value`), else the row's read-only mapping, shared.
    values: Mapping[str, Any]
    results: list[StageResult] = field(default_factory=list)
    active: bool = True
    card: Scorecard | None = None
    base_rules: dict[str, bool] = field(default_factory=dict)  # test stage → met its base rule
    order_values: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    rank: int | None = None
    placed: str | None = None
    #: The candidate's row among the columns of an engine that decides over columns.
    position: int = -1
    _formation_values: Mapping[str, Any] | None = field(default=None, repr=False)
    _rule_values: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def key(self) -> str:
        return self.row.candidate_id or f"row {self.row.row}"

    @property
    def formation_values(self) -> Mapping[str, Any]:
        """The formation's fields as rules read them (``formation.NAME``)."""
        if self._formation_values is None:
            self._formation_values = self.formation.as_mapping() if self.formation else {}
        return self._formation_values

    @property
    def rule_values(self) -> dict[str, Any]:
        """The candidate's values converted once as rules read them (exact fractions);
        :meth:`set_value` keeps it in step with :attr:`values`."""
        if self._rule_values is None:
            self._rule_values = {name: rule_value(v) for name, v in self.values.items()}
        return self._rule_values

    def set_value(self, name: str, value: Any) -> None:
        """Give a field a value during the run (a rating stage's aggregate); the candidate's
        values must be its own dictionary (:meth:`_Inputs.states` gives one to every
        candidate of a policy with a rating stage)."""
        if not isinstance(self.values, dict):
            raise TypeError("a candidate's values are read-only unless a rating stage writes")
        self.values[name] = value
        self.rule_values[name] = rule_value(value)


@dataclass(frozen=True)
class RunResult:
    """The decisions of one run, in canonical order, and what the run read."""

    decisions: tuple[Decision, ...]
    as_of: dt.date
    policy: SelectionPolicy
    formations: tuple[Formation, ...]
    ignored_columns: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[Decision]:
        return iter(self.decisions)

    def __len__(self) -> int:
        return len(self.decisions)

    def rows(self) -> list[dict[str, str]]:
        """The decisions as the rows of ``results.csv`` (every value as text)."""

        return list(result_rows(self))

    def counts(self) -> dict[str, int]:
        """How many decisions have each final status."""
        counts: dict[str, int] = {}
        for decision in self.decisions:
            counts[decision.final_status] = counts.get(decision.final_status, 0) + 1
        return dict(sorted(counts.items()))

    def to_pandas(self) -> Any:
        """One row per decision, the columns of ``results.csv``, typed: ``row`` and ``rank``
        ``Int64``, scores ``Float64``, text ``string``, a missing value ``pd.NA``
        (:func:`~asn_competency.pipeline.notebook.result_frame`). Needs pandas (the extra
        ``dataframes``): :class:`~asn_competency.errors.MissingExtraError` without it."""
        return result_frame(self)

    def _repr_html_(self) -> str:
        """The notebook view: counts per final status, then the first decisions."""
        return result_html(self)


class _Runner:
    def __init__(
        self,
        plan: Plan,
        formations: Mapping[str, Formation],
        ratings: RatingTable | None,
        as_of: dt.date,
        *,
        ratings_pending: bool = False,
    ) -> None:
        self.plan = plan
        self.ratings_pending = ratings_pending
        self.policy = plan.policy
        self.formations = formations
        self.ratings = ratings
        self.as_of = as_of
        self.parameters: dict[str, ResolvedParameter] = plan.scores.parameters_at(as_of)
        # optimisation: the free formations each formation's candidates may fill, by grade
        self._target_cache: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._free_index: tuple[Mapping[str, int], _FreeIndex] | None = None
        self._formation_values: dict[str, Mapping[str, Any]] = {}
        #: the last ranking stage run: optimisation fills the slots it left free
        self.last_ranking: RankingStage | None = None
        #: what an engine keeps for the whole run (the columns engine: the candidates as
        #: columns, built once)
        self.engine_state: dict[str, Any] = {}

    # ----------------------------------------------------------------------------- helpers

    def evaluate(self, c: _Candidate, *key: str | int) -> Evaluation:
        """One compiled formula for one candidate; scores are computed when it reads any."""
        rule = self.plan.rule(*key)
        card = self.scorecard(c, rule.scores) if rule.scores else None
        scores = {r.id: r.value for r in card} if card is not None else {}
        missing = {r.id: r.missing for r in card} if card is not None else {}
        env = Env(
            c.rule_values,
            self.formation_rule_values(c),
            self.parameters,
            self.as_of,
            scores,
            missing,
        )
        return evaluate(rule, env, at=key)

    def formation_rule_values(self, c: _Candidate) -> Mapping[str, Any]:
        """The candidate's formation's values as rules read them, converted once per
        formation (thousands of candidates share one)."""
        if c.formation is None:
            return {}
        fid = c.formation.formation_id
        found = self._formation_values.get(fid)
        if found is None:
            found = {name: rule_value(v) for name, v in c.formation_values.items()}
            self._formation_values[fid] = found
        return found

    def scorecard(self, c: _Candidate, names: Collection[str]) -> Scorecard:
        """The candidate's scores, computing only those named (and what they read) that are
        not computed yet."""
        if c.card is None or any(n not in c.card.results for n in names):
            c.card = self.plan.scores.evaluate(
                c.values,
                as_of=self.as_of,
                formation=c.formation_values,
                parameters=self.parameters,
                only=names,
                done=c.card,
            )
        return c.card

    def stop(self, c: _Candidate, result: StageResult) -> None:
        c.results.append(result)
        if result.outcome != "advanced":
            c.active = False

    # ------------------------------------------------------------------ per-candidate stages

    def eligibility(self, c: _Candidate, stage: EligibilityStage) -> StageResult:
        evaluations = [
            self.evaluate(c, stage.id, "rules", i, "rule") for i in range(len(stage.rules))
        ]
        failed = [r for r, e in zip(stage.rules, evaluations, strict=True) if e.value is False]
        unknown = [r for r, e in zip(stage.rules, evaluations, strict=True) if not e.known]
        if failed:
            reasons = tuple(reason("rule.failed", rule=r.id) for r in failed)
            return StageResult(
                stage.id, stage.kind, "ineligible", None, reasons, _as_data(evaluations)
            )
        if unknown:
            missing = sorted({m for e in evaluations for m in e.missing})
            reasons = tuple(reason("rule.unknown", rule=r.id, fields=missing) for r in unknown)
            return StageResult(
                stage.id, stage.kind, "needs_review", None, reasons, _as_data(evaluations)
            )
        return StageResult(stage.id, stage.kind, "advanced", None, (), _as_data(evaluations))

    def test(self, c: _Candidate, stage: TestStage) -> StageResult:
        scores = [c.values.get(component.field) for component in stage.components]
        present = [s is not None for s in scores]
        if not any(present) and stage.absent_when_empty:
            return StageResult(stage.id, stage.kind, "absent", None, (reason("absent"),))
        reported = self.stage_score(c, stage, scores)
        if not all(present):
            missing = [
                comp.field for comp, p in zip(stage.components, present, strict=True) if not p
            ]
            return StageResult(
                stage.id,
                stage.kind,
                "needs_review",
                reported,
                (reason("scores.incomplete", fields=missing),),
            )
        base = self.base_rule(c, stage)
        evaluations = [base]
        c.base_rules[stage.id] = base.value is True
        applicable: list[tuple[int, str]] = []
        track = c.formation.track if c.formation else None
        for index, exception in enumerate(stage.exceptions):
            if track not in exception.tracks:
                continue
            if exception.when is not None:
                when = self.evaluate(c, stage.id, "exceptions", index, "when")
                evaluations.append(when)
                if not when.known:
                    fields = list(when.missing)
                    why = reason("exception.unknown", exception=exception.id, fields=fields)
                    return StageResult(
                        stage.id,
                        stage.kind,
                        "needs_review",
                        reported,
                        (why,),
                        _as_data(evaluations),
                    )
                if when.value is not True:
                    continue
            applicable.append((exception.priority, exception.id))
        verdict = base
        detail: dict[str, Any] = {}
        if applicable:
            top = max(p for p, _ in applicable)
            winners = [i for p, i in applicable if p == top]
            if len(winners) > 1:
                return StageResult(
                    stage.id,
                    stage.kind,
                    "needs_review",
                    reported,
                    (reason("exception.conflict", exceptions=winners, priority=top),),
                    _as_data(evaluations),
                )
            index = next(i for i, e in enumerate(stage.exceptions) if e.id == winners[0])
            verdict = self.evaluate(c, stage.id, "exceptions", index, "rule")
            evaluations.append(verdict)
            detail["exception"] = winners[0]
        outcome: Outcome
        if verdict.value is True:
            outcome = "advanced"
        elif verdict.value is False:
            outcome = "below_threshold"
        else:
            outcome = "needs_review"
        reasons = clause_reasons(self.plan.rule(*verdict.at), verdict)
        return StageResult(
            stage.id, stage.kind, outcome, reported, reasons, _as_data(evaluations), detail
        )

    def base_rule(self, c: _Candidate, stage: TestStage) -> Evaluation:
        if stage.pass_rule is not None:
            return self.evaluate(c, stage.id, "pass_rule")
        return self.evaluate(c, stage.id, "_minimums")

    def stage_score(
        self, c: _Candidate, stage: TestStage | RatingStage, scores: Sequence[Any]
    ) -> Fraction | None:
        if stage.score is not None:
            value = self.evaluate(c, stage.id, "score").value
            return value if isinstance(value, Fraction) else None
        known = [Fraction(s) for s in scores if s is not None]
        return sum(known, Fraction(0)) if known and len(known) == len(scores) else None

    def require_ratings(self, stage: RatingStage, reaching: int) -> None:
        """Refuse to run a rating stage that candidates reach with no rating for it at all: a
        missing, empty or mislabelled ratings file would otherwise make everyone absent."""
        if self.ratings_pending or (self.ratings is not None and self.ratings.has_stage(stage.id)):
            return
        if self.ratings is None:
            given = "no ratings were given"
        elif not self.ratings.ratings:
            given = f"the ratings table {self.ratings.file or '(from Python)'} has no rows"
        else:
            given = f"the ratings table {self.ratings.file or '(from Python)'} has none for it"
        raise PolicyError(
            [
                Problem(
                    "input.ratings-missing",
                    f"{reaching} candidate(s) reach the rating stage {stage.id!r} but "
                    f"{given}: the run would mark every one of them absent",
                    path=("stage_id",),
                    file=self.ratings.file if self.ratings is not None else None,
                    value=stage.id,
                    hint=f"pass the committee's ratings (--ratings) with stage_id {stage.id!r}",
                )
            ]
        )

    def rating(self, c: _Candidate, stage: RatingStage) -> StageResult:
        given = self.ratings.for_candidate(c.key, stage.id) if self.ratings else {}
        if not any(given.values()) and self.ratings_pending:
            return StageResult(
                stage.id, stage.kind, "needs_review", None, (reason("rating.pending"),)
            )
        if not any(given.values()):
            return StageResult(stage.id, stage.kind, "absent", None, (reason("absent"),))
        low, high = Fraction(stage.scale[0]), Fraction(stage.scale[1])
        problems: list[Fact] = []
        raters: dict[str, list[str]] = {}
        given_scores: dict[str, dict[str, Fraction]] = {}
        levels: dict[str, Fraction] = {}
        for criterion in stage.criteria:
            scores = {r: Fraction(s) for r, s in sorted(given.get(criterion.id, {}).items())}
            raters[criterion.id] = list(scores)
            given_scores[criterion.id] = scores
            outside = {r: s for r, s in scores.items() if not low <= s <= high}
            if outside:
                problems.append(
                    reason(
                        "rating.outside-scale",
                        criterion=criterion.id,
                        low=low,
                        high=high,
                        scores=outside,
                    )
                )
                continue
            if len(scores) < stage.min_raters:
                problems.append(
                    reason(
                        "rating.too-few-raters",
                        criterion=criterion.id,
                        count=len(scores),
                        needed=stage.min_raters,
                    )
                )
                continue
            values = list(scores.values())
            if stage.max_spread is not None and max(values) - min(values) > stage.max_spread:
                problems.append(
                    reason(
                        "rating.spread",
                        criterion=criterion.id,
                        spread=Fraction(stage.max_spread),
                        scores=scores,
                    )
                )
                continue
            value = _aggregate(values, stage.aggregation, stage.trim)
            if stage.rounding is not None:
                value = round_fraction(value, stage.rounding.places, stage.rounding.mode)
            c.set_value(criterion.field, value)
            levels[criterion.id] = value
        detail = {"raters": raters, "scores": given_scores, "aggregated": levels}
        if problems:
            return StageResult(
                stage.id, stage.kind, "needs_review", None, tuple(problems), (), detail
            )
        c.card = None  # later scores read the new fields
        reported = None
        if stage.score is not None:
            found = self.evaluate(c, stage.id, "score").value
            reported = found if isinstance(found, Fraction) else None
        if stage.pass_rule is None:
            return StageResult(stage.id, stage.kind, "advanced", reported, (), (), detail)
        verdict = self.evaluate(c, stage.id, "pass_rule")
        outcome: Outcome = (
            "advanced"
            if verdict.value is True
            else "below_threshold"
            if verdict.value is False
            else "needs_review"
        )
        reasons = clause_reasons(self.plan.rule(*verdict.at), verdict)
        return StageResult(
            stage.id, stage.kind, outcome, reported, reasons, _as_data([verdict]), detail
        )

    def integration(self, c: _Candidate, stage: IntegrationStage) -> StageResult:
        card = self.scorecard(c, (stage.score, *stage.report))
        result = card[stage.score]
        value = result.value if isinstance(result.value, Fraction) else None
        detail: dict[str, Any] = {}
        computed = (result, *(card[score] for score in stage.report))
        if stage.report:
            detail["reported"] = {
                score: {
                    "value": card[score].value if card[score].known else None,
                    "band": card[score].band,
                }
                for score in stage.report
            }
        if value is None:
            return StageResult(
                stage.id,
                stage.kind,
                "needs_review",
                None,
                (reason("data.missing", fields=list(result.missing)),),
                detail=detail,
                scores=computed,
            )
        if result.passed is False:
            return StageResult(
                stage.id,
                stage.kind,
                "below_threshold",
                value,
                (reason("score.below-minimum", score=stage.score, value=value),),
                detail=detail,
                scores=computed,
            )
        return StageResult(stage.id, stage.kind, "advanced", value, detail=detail, scores=computed)

    # --------------------------------------------------------------------------- pooled stages

    def order_values(
        self, c: _Candidate, stage_id: str, keys: Sequence[OrderKey]
    ) -> tuple[Any, ...]:
        """A candidate's values under an ordering (unknown where data is missing)."""
        return tuple(
            self.evaluate(c, stage_id, "order", index, "key").value for index in range(len(keys))
        )

    def pooled(
        self, active: list[_Candidate], stage: ShortlistStage | RankingStage
    ) -> dict[str, list[Ranked]]:
        """Every active candidate's place in the ordering of their formation."""
        by_formation: dict[str, list[_Candidate]] = {}
        for c in active:
            c.order_values[stage.id] = self.order_values(c, stage.id, stage.order)
            by_formation.setdefault(c.row.formation_id or "", []).append(c)
        return {
            formation: rank({c.key: c.order_values[stage.id] for c in members}, stage.order)
            for formation, members in sorted(by_formation.items())
        }

    def shortlist(self, active: list[_Candidate], stage: ShortlistStage) -> None:
        lookup = {c.key: c for c in active}
        for formation_id, ranked in self.pooled(active, stage).items():
            cut = stage.multiplier * self.formations[formation_id].quota
            for placed in shortlisted(stage.order, ranked, cut):
                result = StageResult(
                    stage.id, stage.kind, placed.outcome, None, placed.reasons, (), placed.detail
                )
                self.stop(lookup[placed.place.candidate], result)

    def ranking(self, active: list[_Candidate], stage: RankingStage) -> None:
        lookup = {c.key: c for c in active}
        for formation_id, ranked in self.pooled(active, stage).items():
            quota = self.formations[formation_id].quota
            for placed in within_quota(stage.order, ranked, quota):
                c = lookup[placed.place.candidate]
                c.rank = placed.place.rank
                result = StageResult(
                    stage.id, stage.kind, placed.outcome, None, placed.reasons, (), placed.detail
                )
                self.stop(c, result)

    def optimisation(
        self,
        candidates: list[_Candidate],
        stage: OptimisationStage,
        ranking: RankingStage,
    ) -> None:
        """Fill the slots left free after the ranking with outranked candidates, best first
        over all free slots together (:mod:`.optimisation`); tell each candidate not placed
        why, and hold slots for candidates of a tie at a quota that is still unresolved."""
        self._target_cache.clear()
        self._free_index = None
        ranked = [c for c in candidates if c.results and c.results[-1].stage_id == ranking.id]
        selected = Counter(
            c.row.formation_id for c in ranked if c.results[-1].outcome == "advanced"
        )
        tied: dict[str, list[_Candidate]] = {}
        for c in ranked:
            if c.results[-1].outcome == "needs_review" and c.formation is not None:
                tied.setdefault(c.formation.formation_id, []).append(c)
        free = {
            fid: f.quota - selected[fid]
            for fid, f in sorted(self.formations.items())
            if fid not in tied and f.quota > selected[fid]
        }
        pool = sorted(
            (
                (c, c.formation)
                for c in ranked
                if c.results[-1].outcome == "outranked" and c.formation is not None
            ),
            key=lambda pair: pair[0].key,
        )
        entrants = [
            Entrant(
                c.key,
                c.order_values[ranking.id],
                self._targets(own, stage, free, met_general=_met_general(c)),
                c.key,
            )
            for c, own in pool
        ]
        held: dict[str, list[int]] = {}  # tied formation → its held places among entrants
        for fid, members in sorted(tied.items()):
            members.sort(key=lambda c: c.key)
            tied_formation = self.formations[fid]
            seats = tied_formation.quota - selected[fid]
            options = {
                self._targets(tied_formation, stage, free, met_general=_met_general(c))
                for c in members
            }
            first = min(members, key=lambda c: sort_key(ranking.order, c.order_values[ranking.id]))
            for number in range(len(members) - seats):
                held.setdefault(fid, []).append(len(entrants))
                entrants.append(
                    Entrant(
                        f"~{fid}~{number}",
                        first.order_values[ranking.id],
                        tuple(sorted(set().union(*options), key=self._preference(tied_formation))),
                        None,
                        uncertain=len(options) > 1,
                    )
                )
        verdicts = allocate(entrants, free, ranking.order)
        for (c, own), verdict in zip(pool, verdicts, strict=False):
            c.placed = verdict.placed_in
            c.results.append(self._optimised(c, own, stage, verdict, free))
        for fid, members in tied.items():
            kept = sorted({v for i in held.get(fid, ()) if (v := verdicts[i].placed_in)})
            detail: dict[str, Any] = {"reason": "tie_at_quota", "held_in": kept}
            for c in members:
                c.results.append(
                    StageResult(
                        stage.id,
                        stage.kind,
                        "not_reached",
                        None,
                        (reason(OPTIMISATION_REASONS["tie_at_quota"]),),
                        (),
                        detail,
                    )
                )

    def _targets(
        self,
        own: Formation,
        stage: OptimisationStage,
        free: Mapping[str, int],
        *,
        met_general: bool,
        ignore_grade: bool = False,
    ) -> tuple[str, ...]:
        """The free formations a candidate may fill, most preferred first: within the own
        track, those equal on ``same``; in another track, in the directions the stage allows,
        those equal on ``same_across_tracks``, for a candidate who met the general pass rule.
        The same for every candidate of a formation: computed once per formation and grade.
        """
        across = met_general or ignore_grade
        cached = self._target_cache.get((own.formation_id, across))
        if cached is not None:
            return cached
        if self._free_index is None or self._free_index[0] is not free:
            self._free_index = (free, _FreeIndex.of(free, self.formations, stage))
        index = self._free_index[1]
        general = stage.general_track
        found = [
            fid
            for fid in index.within.get((own.track, _match_key(own, stage.same)), ())
            if fid != own.formation_id
        ]
        for fid in index.across.get(_match_key(own, stage.across_tracks), ()) if across else ():
            other = self.formations[fid]
            if (
                stage.allows("general_to_special")
                and own.track == general
                and other.track != general
            ) or (
                stage.allows("special_to_general")
                and own.track != general
                and other.track == general
            ):
                found.append(fid)
        targets = tuple(sorted(found, key=self._preference(own)))
        self._target_cache[own.formation_id, across] = targets
        return targets

    def _preference(self, own: Formation) -> Callable[[str], tuple[bool, bool, str]]:
        """Among free formations a candidate may fill: the own track first (a move between
        formations before a move between tracks), then the own location, then by id (the
        regulation names no preference; the id only orders, it never decides who is placed)."""

        def key(fid: str) -> tuple[bool, bool, str]:
            other = self.formations[fid]
            return (other.track != own.track, other.location != own.location, fid)

        return key

    def _optimised(
        self,
        c: _Candidate,
        own: Formation,
        stage: OptimisationStage,
        verdict: Verdict,
        free: Mapping[str, int],
    ) -> StageResult:
        """The optimisation stage's result for one outranked candidate."""
        why: str = verdict.reason
        if why == "no_free_slot" and self._targets(
            own, stage, free, met_general=False, ignore_grade=True
        ):
            why = "below_general_grade"  # a general slot was free but the grade not met
        detail: dict[str, Any] = {"reason": why, "pool_rank": verdict.pool_rank}
        if verdict.placed_in is not None:
            placed = self.formations[verdict.placed_in]
            detail["placed_in"] = verdict.placed_in
            detail["moved"] = "track" if placed.track != own.track else "formation"
            return StageResult(stage.id, stage.kind, "advanced", None, (), (), detail)
        outcome: Outcome = (
            "needs_review" if why in ("tie_unresolved", "waiting_for_tie") else "outranked"
        )
        return StageResult(
            stage.id, stage.kind, outcome, None, (reason(OPTIMISATION_REASONS[why]),), (), detail
        )


def _met_general(c: _Candidate) -> bool:
    """Whether a candidate met the base (general-track) pass rule of every test stage."""
    return bool(c.base_rules) and all(c.base_rules.values())


def _match_key(formation: Formation, names: Sequence[str]) -> tuple[Any, ...]:
    """A formation's values of some fields, as optimisation matches formations on them: two
    formations agree when their keys are equal (list fields as sets: order does not count)."""
    values = formation.as_mapping()
    return tuple(
        frozenset(v) if isinstance(v := values.get(name), list | tuple) else v for name in names
    )


@dataclass(frozen=True)
class _FreeIndex:
    """The formations with free slots by what a candidate's formation must share with them:
    by track and the ``same`` fields (a move within a track), and by the
    ``same_across_tracks`` fields (a move to another track). One look-up per candidate's
    formation instead of a scan of every free formation."""

    within: Mapping[tuple[Any, ...], list[str]]
    across: Mapping[tuple[Any, ...], list[str]]

    @staticmethod
    def of(
        free: Mapping[str, int], formations: Mapping[str, Formation], stage: OptimisationStage
    ) -> _FreeIndex:
        within: dict[tuple[Any, ...], list[str]] = {}
        across: dict[tuple[Any, ...], list[str]] = {}
        for fid in free:
            formation = formations[fid]
            key = (formation.track, _match_key(formation, stage.same))
            within.setdefault(key, []).append(fid)
            across.setdefault(_match_key(formation, stage.across_tracks), []).append(fid)
        return _FreeIndex(within, across)


def _aggregate(values: list[Fraction], how: str, trim: int) -> Fraction:
    ordered = sorted(values)
    if how == "median":
        return Fraction(statistics.median(ordered))
    if how == "trimmed-mean" and len(ordered) > 2 * trim:
        ordered = ordered[trim : len(ordered) - trim]
    return sum(ordered, Fraction(0)) / len(ordered)


def run(
    policy: SelectionPolicy,
    candidates: Source,
    *,
    formations: Source,
    ratings: Source | None = None,
    as_of: dt.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    ratings_pending: bool = False,
    engine: str | None = None,
) -> RunResult:
    """Run the selection: one decision per candidate row, in canonical order.

    ``engine`` names how the stages run (:data:`ENGINES`; :data:`DEFAULT_ENGINE` when not
    given): ``columns``, the stages that can be decided over whole columns so
    (:mod:`.by_columns`); ``reference``, candidate by candidate, the semantics. Both give the
    same decisions and byte-identical records (a differential test holds them to it).

    ``candidates``, ``formations`` and ``ratings`` are paths (CSV, JSON Lines; formations also
    YAML), pandas or polars DataFrames (read as the CSV they would write: the same decisions,
    a problem located at the CSV's line, row ``i`` on line ``i + 2``, and column) or, from
    Python, iterables of mappings (:data:`~asn_competency.pipeline.inputs.Source`).
    ``as_of`` defaults to the policy's own.
    ``progress``, if given, is called before each stage with (stage id, number, total).
    Raises :class:`PolicyError` for a policy that does not compile, unreadable tables,
    invalid formations or ratings, and a rating stage that candidates reach with no rating
    for it at all (``input.ratings-missing``: a missing, empty or mislabelled ratings file
    must not make everyone absent), unless ``ratings_pending``: a partial run, where a
    candidate the ratings do not rate at a rating stage is ``needs_review`` (pending), never
    ``absent``. Invalid candidate rows become ``invalid_input`` decisions.
    """
    with without_cycle_collection():
        return _run(
            policy,
            candidates,
            formations=formations,
            ratings=ratings,
            as_of=as_of,
            progress=progress,
            ratings_pending=ratings_pending,
            engine=engine,
        )


def _run(
    policy: SelectionPolicy,
    candidates: Source,
    *,
    formations: Source,
    ratings: Source | None,
    as_of: dt.date | None,
    progress: Callable[[str, int, int], None] | None,
    ratings_pending: bool,
    engine: str | None,
) -> RunResult:
    read = _read_inputs(policy, candidates, formations=formations, ratings=ratings, as_of=as_of)
    runner = read.runner(ratings_pending=ratings_pending)
    decisions = _decide(runner, read.states(), progress, stage_runs(engine or DEFAULT_ENGINE))
    return RunResult(
        tuple(decisions),
        read.as_of,
        policy,
        tuple(read.formation_table.formations),
        tuple(read.table.ignored_columns),
    )


@dataclass(frozen=True)
class _Inputs:
    """What a run reads before any stage: the policy compiled, the tables read and checked,
    the as-of date. :func:`run` and :func:`~asn_competency.pipeline.resume.run_until` read
    their inputs through :func:`_read_inputs`, so both decide the same rows."""

    as_of: dt.date
    plan: Plan
    formation_table: FormationTable
    formations: Mapping[str, Formation]
    table: CandidateTable
    ratings: RatingTable | None

    def runner(self, *, ratings_pending: bool = False) -> _Runner:
        """A runner over these inputs."""
        return _Runner(
            self.plan, self.formations, self.ratings, self.as_of, ratings_pending=ratings_pending
        )

    def states(self) -> list[_Candidate]:
        """Every candidate row's state before the first stage, in the table's order. Only a
        policy with a rating stage (whose aggregates join the values) copies each row's
        values; otherwise the candidates share their rows' read-only values."""
        by_id = self.formations
        writes = any(isinstance(stage, RatingStage) for stage in self.plan.policy.stages)
        return [
            _Candidate(
                row, by_id.get(row.formation_id or ""), dict(row.values) if writes else row.values
            )
            for row in self.table.rows
        ]


def _read_inputs(
    policy: SelectionPolicy,
    candidates: Source,
    *,
    formations: Source,
    ratings: Source | None,
    as_of: dt.date | None,
) -> _Inputs:
    """The as-of date (the policy's when not given), the plan and the tables read and
    checked, as :func:`run` reads them; :class:`PolicyError` as :func:`run` documents."""
    when = as_of or policy.as_of
    if when is None:
        raise PolicyError(
            [Problem("param.no-value", "no as-of date: pass one, or declare 'as_of' in the policy")]
        )
    plan = compile_plan(policy)
    formation_table = read_formations(formations, policy)
    formation_table.raise_for_problems()
    table = read_candidates(candidates, policy).with_formations(formation_table)
    table = _impossible_births(table, policy, when)
    by_id = {f.formation_id: f for f in formation_table.formations}
    rating_table = read_ratings(ratings, policy) if ratings is not None else None
    if rating_table is not None:  # ratings come from the committee: they must be clean
        rating_table.raise_for_problems()
        stray = rating_table.unknown_candidates(
            r.candidate_id for r in table.rows if r.candidate_id
        )
        if stray:
            raise PolicyError(list(stray))
    return _Inputs(when, plan, formation_table, by_id, table, rating_table)


#: The candidate field that holds the date of birth, and the oldest age a row may give on the
#: reference date: a birth date after that date, or an older age, is a data error.
BIRTH_FIELD = "birth_date"
OLDEST_AGE = 120


def _impossible_births(
    table: CandidateTable, policy: SelectionPolicy, as_of: dt.date
) -> CandidateTable:
    """The table with ``input.range`` added to each row whose ``birth_date`` is after the
    reference date or gives an age over :data:`OLDEST_AGE` on it: such a row is invalid
    input, never an eligible (or selected) applicant. Only here is the as-of date known."""
    if not isinstance(policy.candidate_fields.get(BIRTH_FIELD), DateField):
        return table
    column = (
        table.columns.index(BIRTH_FIELD) + 1
        if table.format == "csv" and BIRTH_FIELD in table.columns
        else None
    )
    rows = []
    for row in table.rows:
        born = row.values.get(BIRTH_FIELD)
        reason = None
        if isinstance(born, dt.date) and born > as_of:
            reason = f"is after the reference date {as_of.isoformat()}"
        elif isinstance(born, dt.date) and (age := age_on(born, as_of)) > OLDEST_AGE:
            reason = f"gives an age of {age} on the reference date {as_of.isoformat()}"
            reason += f", over {OLDEST_AGE}"
        if reason is None or not isinstance(born, dt.date):
            rows.append(row)
            continue
        problem = Problem(
            "input.range",
            f"{BIRTH_FIELD!r} {born.isoformat()} {reason}: not a possible applicant",
            path=(BIRTH_FIELD,),
            file=table.file,
            line=row.row,
            column=column,
            value=born.isoformat(),
            hint="check the birth date against the applicant's documents",
        )
        rows.append(replace(row, problems=(*row.problems, problem)))
    return replace(table, rows=tuple(rows))


#: How a stage of a kind runs: (the runner, the stage, the active candidates in canonical
#: order, every candidate) → each candidate the stage decides gets its result.
StageRun = Callable[[_Runner, Any, list[_Candidate], list[_Candidate]], None]


def _per_candidate(decide: Callable[[_Runner, _Candidate, Any], StageResult]) -> StageRun:
    """A stage that decides each active candidate alone; a formula that cannot be evaluated
    for a candidate (``evaluation.error``) sends that candidate to review."""

    def run_stage(
        runner: _Runner, stage: Any, active: list[_Candidate], everyone: list[_Candidate]
    ) -> None:
        del everyone  # a per-candidate stage sees only the candidates it decides
        for c in active:
            try:
                result = decide(runner, c, stage)
            except EvaluationError as error:
                first = error.problems[0]
                why = reason("evaluation.error", problem=first.code, value=first.value)
                result = StageResult(stage.id, stage.kind, "needs_review", None, (why,))
            runner.stop(c, result)

    return run_stage


def _rating(
    runner: _Runner, stage: RatingStage, active: list[_Candidate], everyone: list[_Candidate]
) -> None:
    """A rating stage: refused when candidates reach it with no rating for it at all."""
    if active:
        runner.require_ratings(stage, len(active))
    _per_candidate(_Runner.rating)(runner, stage, active, everyone)


def _shortlist(
    runner: _Runner, stage: ShortlistStage, active: list[_Candidate], everyone: list[_Candidate]
) -> None:
    del everyone
    runner.shortlist(active, stage)


def _ranking(
    runner: _Runner, stage: RankingStage, active: list[_Candidate], everyone: list[_Candidate]
) -> None:
    del everyone
    runner.ranking(active, stage)
    runner.last_ranking = stage


def _optimisation(
    runner: _Runner,
    stage: OptimisationStage,
    active: list[_Candidate],
    everyone: list[_Candidate],
) -> None:
    """Optimisation fills the free slots after the ranking before it (the policy's checks
    require one) from every candidate that ranking outranked."""
    del active
    if runner.last_ranking is not None:
        runner.optimisation(everyone, stage, runner.last_ranking)


#: Every stage kind (the ``kind`` of the model's stage classes, ``model/stages.py``) and how
#: it runs: one registry, as ``jsonschema`` dispatches keywords to their validators. A new
#: stage kind is a model class and an entry here (a test checks that every kind has one).
STAGE_KINDS: Mapping[str, StageRun] = {
    "eligibility": _per_candidate(_Runner.eligibility),
    "test": _per_candidate(_Runner.test),
    "rating": _rating,
    "integration": _per_candidate(_Runner.integration),
    "shortlist": _shortlist,
    "ranking": _ranking,
    "optimisation": _optimisation,
}


#: The engines by name, and how each runs the stage kinds: ``reference`` is this module's;
#: ``columns`` is :mod:`.by_columns`'s ``COLUMN_STAGE_KINDS``, imported when first asked for
#: (it needs NumPy, which a command that decides nothing should not have to load).
ENGINES: dict[str, str | Mapping[str, StageRun]] = {
    "reference": STAGE_KINDS,
    "columns": "asn_competency.pipeline.by_columns",
}


#: The engine ``run`` and ``verify`` use unless told otherwise.
DEFAULT_ENGINE = "columns"


def stage_runs(engine: str) -> Mapping[str, StageRun]:
    """How the engine named runs each stage kind; ``ValueError`` for an unknown name."""
    found = ENGINES.get(engine)
    if found is None:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(sorted(ENGINES))}")
    if isinstance(found, str):
        found = importlib.import_module(found).COLUMN_STAGE_KINDS
        ENGINES[engine] = found
    return found


def _decide(
    runner: _Runner,
    states: list[_Candidate],
    progress: Callable[[str, int, int], None] | None = None,
    kinds: Mapping[str, StageRun] = STAGE_KINDS,
) -> list[Decision]:
    policy = runner.policy
    invalid = _mark_invalid(policy, states)
    _run_stages(runner, states, policy.stages, kinds, progress)
    integration = next((s for s in policy.stages if isinstance(s, IntegrationStage)), None)
    decisions = []
    # Canonical order: by candidate id, then by the row's content (copies of a duplicated id),
    # so that the order of the input rows never changes the order of the decisions. Each
    # state is let go once its decision is made (the caller's list is emptied): a run does
    # not hold every state and every decision at once.
    ordered = sorted(states, key=_canonical, reverse=True)  # taken from the end
    states.clear()
    while ordered:
        c = ordered.pop()
        stages = tuple(c.results)
        status = final_status(stages, placed_elsewhere=c.placed is not None)
        scored = [r.score for r in stages if integration and r.stage_id == integration.id]
        decisions.append(
            Decision(
                candidate_id=c.row.candidate_id,
                row=c.row.row,
                formation_id=c.row.formation_id,
                track=c.formation.track if c.formation else None,
                stages=stages,
                final_status=status,
                rank=c.rank,
                final_score=scored[0] if scored else None,
                placement_formation_id=_placement(c, status),
                problems=invalid.get(id(c), ()),
                input_digest=c.row.digest,
            )
        )
    return decisions


def _canonical(c: _Candidate) -> tuple[Any, ...]:
    """The order of decisions: by candidate id, then by the row's content, then its line."""
    return (c.row.candidate_id is None, c.key, c.row.digest, c.row.row)


def _placement(c: _Candidate, status: str) -> str | None:
    """The formation a candidate is placed in: their own when selected, the one optimisation
    placed them in when selected by it, none otherwise."""
    if status == "selected_by_optimisation":
        return c.placed
    return c.row.formation_id if status == "selected" else None


def _mark_invalid(
    policy: SelectionPolicy, states: Sequence[_Candidate]
) -> dict[int, tuple[Problem, ...]]:
    """Stop every invalid row at the first stage (``invalid_input``, a reason per problem);
    each invalid state's problems by ``id``."""
    invalid = {id(c): tuple(c.row.problems) for c in states if c.row.problems}
    for c in states:
        if id(c) in invalid:
            c.active = False
            first = policy.stages[0]
            reasons = tuple(
                reason(
                    "input.invalid",
                    problem=p.code,
                    field=".".join(str(part) for part in p.path) or None,
                    value=p.value,
                )
                for p in invalid[id(c)]
            )
            c.results.append(StageResult(first.id, first.kind, "invalid_input", None, reasons))
    return invalid


def _run_stages(
    runner: _Runner,
    states: list[_Candidate],
    stages: Sequence[Any],
    kinds: Mapping[str, StageRun],
    progress: Callable[[str, int, int], None] | None = None,
) -> None:
    """Decide ``stages`` in order (each with its kind's way in ``kinds``): each stage sees its
    active candidates in the order of their keys, and gives every candidate one result."""
    ordered = sorted(states, key=lambda c: (c.key, c.row.row))  # each stage's active, in order
    numbers = {s.id: number for number, s in enumerate(runner.policy.stages, start=1)}
    for stage in stages:
        if progress is not None:
            progress(stage.id, numbers[stage.id], len(numbers))
        active = [c for c in ordered if c.active]
        kinds[stage.kind](runner, stage, active, states)
        _close(stage, states)


def _close(stage: Any, states: Sequence[_Candidate]) -> None:
    """After a stage: the candidates it gave no result get ``advanced`` if still active,
    else ``not_reached`` (a stage gives each candidate one result at most, and this one last)."""
    advanced = StageResult(stage.id, stage.kind, "advanced")
    not_reached = StageResult(stage.id, stage.kind, "not_reached")
    for c in states:
        if not (c.results and c.results[-1].stage_id == stage.id):
            c.results.append(advanced if c.active else not_reached)
