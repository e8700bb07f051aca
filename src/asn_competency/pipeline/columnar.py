"""Stages decided over whole columns: the column-wise engine's pipeline (docs/engine.md).

The row-wise engine (:mod:`.engine`) is the reference semantics; what is decided here must
equal it row for row, and a differential test holds it to that on every shipped policy.

- :class:`Population`: the candidate rows of a run in canonical order, each field read by a
  rule as one column (and the fields of each row's formation), ready for
  :func:`~asn_competency.expressions.columns.evaluate_columns` on any subset of rows.
- :func:`eligibility`: an eligibility stage decided for a set of rows at once: each rule
  evaluated over the column, the outcome of every row (``advanced``, ``ineligible``,
  ``needs_review``) and its reasons, as the reference gives them.
- :func:`score_columns`: the scores rules read, as columns (formula, scale and weighted-sum
  scores, rounded as declared).
- :func:`test_stage`: a test stage (absent, incomplete, the base pass rule, track exceptions
  with their conditions and conflicts, the verdict's clauses as reasons).
- :func:`shortlist` and :func:`ranking`: pooled stages, their keys evaluated over columns
  (the scores they read included), each formation's rows ranked by the reference's own
  ranking; a tie at the quota's boundary goes to review.
- :func:`integration`: the final score over columns, a formula or a weighted sum without
  minimums and with no reported scores, with each row's score record.

A stage or score not yet decided over columns raises :class:`UnsupportedError`. The
``columns`` engine (:mod:`.by_columns`) runs these within :func:`~asn_competency.pipeline.run`;
the other stage kinds and score kinds come next (docs/engine.md, "Status").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from asn_competency.expressions import UNKNOWN, CompiledRule, compile_rule
from asn_competency.expressions.columnar import numbers
from asn_competency.expressions.columns import (
    BooleanColumn,
    Column,
    ColumnEnv,
    ColumnEvaluation,
    NumberColumn,
    evaluate_columns,
)
from asn_competency.expressions.data import EvaluationRecord
from asn_competency.expressions.types import Scope, scope_of
from asn_competency.model import (
    EligibilityStage,
    IntegrationStage,
    ParameterRef,
    RankingStage,
    RatingStage,
    ResolvedParameter,
    SelectionPolicy,
    ShortlistStage,
    TestStage,
)
from asn_competency.model.outcomes import Fact, Outcome
from asn_competency.model.scores import FormulaScore, ScaleScore, WeightedSumScore
from asn_competency.pipeline.inputs import CandidateRow, Formation, TypedColumns
from asn_competency.pipeline.ordering import Ranked, rank
from asn_competency.pipeline.pools import Placed, shortlisted, within_quota
from asn_competency.pipeline.reasons import clauses_reasons, reason
from asn_competency.scoring import CriterionResult, ScoreResult

if TYPE_CHECKING:
    from asn_competency.pipeline.engine import Plan
    from asn_competency.scoring import ScoreBook

__all__ = [
    "EligibilityColumns",
    "IntegrationColumns",
    "PooledColumns",
    "Population",
    "ScoreColumns",
    "TestColumns",
    "UnsupportedError",
    "eligibility",
    "integration",
    "ranking",
    "score_columns",
    "shortlist",
    "test_stage",
]

Rows = NDArray[np.int64]
#: A formula's place in the policy (a stage rule's key: ``("skd", "pass_rule")``).
RuleKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Population:
    """The candidate rows of a run, in the order given (the engine's canonical order), with
    the formation of each (``None`` for a formation not in the table).

    A field's column is gathered from the typed columns of the candidates table the rows
    were read from (:class:`~asn_competency.pipeline.inputs.TypedColumns`: each distinct
    value converted once), unless a rating stage writes the field during the run or the
    table did not keep it; then it is made from each row's :attr:`values`."""

    rows: Sequence[CandidateRow]
    formations: Sequence[Formation | None]
    scope: Scope
    #: Every formation of the run's table, by id.
    by_id: Mapping[str, Formation]
    #: Each row's values as the stages read them: the row's typed values, and what the run
    #: has given its fields since (a rating stage's aggregates); read when columns are built.
    values: Sequence[Mapping[str, Any]]
    #: The typed columns of the rows' table, each row's position in it, and the fields the
    #: run writes (read from :attr:`values` instead).
    typed: TypedColumns | None = None
    positions: Rows | None = None
    written: frozenset[str] = frozenset()
    #: The distinct formations of the rows (``None`` last), and each row's among them.
    distinct_formations: tuple[Formation | None, ...] = (None,)
    formation_codes: Rows | None = None

    @staticmethod
    def of(
        policy: SelectionPolicy,
        rows: Sequence[CandidateRow],
        formations: Mapping[str, Formation],
        values: Sequence[Mapping[str, Any]] | None = None,
    ) -> Population:
        """The population of a run: each row with its formation looked up by id; ``values``
        are the mappings the run keeps each row's values in (the rows' own, if not given:
        they differ from them only in the fields a rating stage writes)."""
        rows = tuple(rows)
        own = tuple(formations.get(row.formation_id or "") for row in rows)
        typed = rows[0].columns if rows else None
        positions = typed.positions(rows) if typed is not None else None
        written = frozenset(
            criterion.field
            for stage in policy.stages
            if isinstance(stage, RatingStage)
            for criterion in stage.criteria
        )
        number: dict[int, int] = {}
        distinct: list[Formation | None] = []
        for formation in own:
            if formation is not None and id(formation) not in number:
                number[id(formation)] = len(distinct)
                distinct.append(formation)
        absent = len(distinct)
        codes = np.fromiter(
            (absent if f is None else number[id(f)] for f in own), dtype=np.int64, count=len(own)
        )
        return Population(
            rows,
            own,
            scope_of(policy),
            dict(formations),
            tuple(values) if values is not None else tuple(row.values for row in rows),
            typed if positions is not None else None,
            positions,
            written,
            (*distinct, None),
            codes,
        )

    def env(
        self,
        rules: Sequence[CompiledRule],
        selected: Rows,
        *,
        parameters: Mapping[str, ResolvedParameter],
        as_of: dt.date,
        plan: Plan | None = None,
    ) -> ColumnEnv:
        """The columns ``rules`` read, for the rows ``selected`` (positions in
        :attr:`rows`), in that order; with ``plan``, also those the scores they read need
        (directly or through other scores)."""
        if plan is not None:
            needed = plan.scores.needed(set().union(*(r.scores for r in rules)))
            rules = [*rules, *plan.scores.formulas(needed)]
        fields = sorted(set().union(*(r.fields for r in rules)))
        formation_fields = sorted(set().union(*(r.formation_fields for r in rules)))
        chosen = np.asarray(selected, dtype=np.int64)
        candidate = {name: self._column(name, chosen) for name in fields}
        formation: dict[str, Column] = {}
        if formation_fields:
            index = (
                self.formation_codes[chosen]
                if self.formation_codes is not None
                else np.zeros(len(chosen), dtype=np.int64)
            )
            for name in formation_fields:
                formation[name] = Column.gathered(
                    [m.get(name) for m in self._formation_values],
                    index,
                    self.scope.formation[name],
                )
        return ColumnEnv(len(chosen), candidate, formation, parameters, as_of)

    @cached_property
    def _formation_values(self) -> list[Mapping[str, Any]]:
        """The fields of each of :attr:`distinct_formations` as rules read them."""
        return [f.as_mapping() if f is not None else {} for f in self.distinct_formations]

    def _column(self, name: str, chosen: Rows) -> Column:
        """Field ``name`` of the rows ``chosen``, as a column."""
        typed = self.typed.fields.get(name) if self.typed is not None else None
        if typed is None or self.positions is None or name in self.written:
            values = self.values
            return Column.of(
                [values[i].get(name) for i in chosen.tolist()], self.scope.fields[name]
            )
        distinct, codes = typed
        return Column.gathered(distinct, codes[self.positions[chosen]], self.scope.fields[name])


@dataclass(frozen=True, eq=False)
class EligibilityColumns:
    """An eligibility stage decided for rows (positions in the population, in order): each
    rule's evaluation over them with its place in the policy, per row the outcome and the
    reasons, and the rows a rule could not be evaluated on (their record lists no rule)."""

    rows: Rows
    evaluations: tuple[tuple[ColumnEvaluation, RuleKey], ...]
    outcomes: tuple[Outcome, ...]
    reasons: tuple[tuple[Fact, ...], ...]
    refused: frozenset[int]


def eligibility(
    stage: EligibilityStage,
    plan: Plan,
    population: Population,
    rows: Rows,
    *,
    parameters: Mapping[str, ResolvedParameter],
    as_of: dt.date,
) -> EligibilityColumns:
    """Decide an eligibility stage for ``rows`` as the reference does
    (``_Runner.eligibility``): ``ineligible`` with ``rule.failed`` for each rule that is false;
    else ``needs_review`` with ``rule.unknown`` for each rule that is unknown, naming every
    field missing from any rule; else ``advanced``. A row on which a rule cannot be evaluated
    (a division by zero) is ``needs_review`` with ``evaluation.error`` for the first such
    rule, as the reference stops there."""
    keys: list[RuleKey] = [(stage.id, "rules", n, "rule") for n in range(len(stage.rules))]
    rules = [plan.rule(*key) for key in keys]
    env = population.env(rules, rows, parameters=parameters, as_of=as_of, plan=plan)
    evaluations = tuple(evaluate_columns(rule, env) for rule in rules)
    values = [e.value for e in evaluations]
    if not all(isinstance(v, BooleanColumn) for v in values):
        raise TypeError("an eligibility rule gives true or false (the type check sees to it)")
    size = env.size
    known = np.stack([v.known for v in values]) if values else np.ones((0, size), np.bool_)
    truth = np.stack([v.truth for v in values if isinstance(v, BooleanColumn)]) if values else known
    failed = known & ~truth
    errors: dict[int, Any] = {}
    for e in reversed(evaluations):  # the first rule that cannot be evaluated is the one told
        errors.update(e.error_rows)
    outcomes: list[Outcome] = ["advanced"] * size
    reasons: list[tuple[Fact, ...]] = [()] * size
    said: dict[tuple[Any, ...], tuple[Fact, ...]] = {}  # rows failing alike share one tuple
    for position in np.flatnonzero(failed.any(axis=0) | ~known.all(axis=0)).tolist():
        if position in errors:
            continue
        fails = tuple(failed[:, position].tolist())
        if any(fails):
            outcomes[position] = "ineligible"
            found = said.get(fails)
            if found is None:
                found = said[fails] = tuple(
                    reason("rule.failed", rule=r.id)
                    for r, no in zip(stage.rules, fails, strict=True)
                    if no
                )
            reasons[position] = found
            continue
        missing = sorted({m for e in evaluations for m in e.missing(position)})
        outcomes[position] = "needs_review"
        reasons[position] = tuple(
            reason("rule.unknown", rule=r.id, fields=missing)
            for r, sure in zip(stage.rules, known[:, position], strict=True)
            if not sure
        )
    for position, problem in errors.items():
        outcomes[position] = "needs_review"
        reasons[position] = (reason("evaluation.error", problem=problem.code, value=problem.value),)
    listed = tuple(zip(evaluations, keys, strict=True))
    return EligibilityColumns(rows, listed, tuple(outcomes), tuple(reasons), frozenset(errors))


class UnsupportedError(NotImplementedError):
    """A stage or score this version decides only row by row (the reference engine)."""


@dataclass(frozen=True, eq=False)
class ScoreColumns:
    """Scores over columns, as the reference's score card gives them: each score's value
    (rounded as declared) and exact value, each row's missing names (``()`` where the value
    is known), the evaluations of its formulas (a formula's or a scale's input, a weighted
    sum's criteria, in order) and a weighted sum's weights."""

    values: dict[str, Column]
    exact: dict[str, NumberColumn]
    missing: dict[str, list[tuple[str, ...]]]
    traces: dict[str, list[ColumnEvaluation]]
    weights: dict[str, list[Fraction]]


def score_columns(plan: Plan, names: Collection[str], env: ColumnEnv) -> ScoreColumns:
    """The scores ``names`` (and those they read) as columns. Formula, scale and
    weighted-sum scores for now; :class:`UnsupportedError` for another kind, or when a score
    cannot be evaluated on some row (the reference refuses that row)."""
    book = plan.scores
    wanted = book.needed(names)
    found = ScoreColumns({}, {}, {}, {}, {})
    for score_id in (s for s in book.order if s in wanted):
        score = plan.policy.scores[score_id]
        scoped = replace(env, scores=dict(found.values), score_missing=dict(found.missing))
        if isinstance(score, FormulaScore):
            value, traces = _formula_score(book, score_id, scoped)
        elif isinstance(score, ScaleScore):
            value, traces = _scale_score(book, score_id, score, scoped)
        elif isinstance(score, WeightedSumScore):
            found.weights[score_id] = _weights(book, score_id, score, env.parameters)
            value, traces = _weighted_score(book, score_id, found.weights[score_id], scoped)
        else:
            raise UnsupportedError(f"score {score_id!r} ({score.kind}) is decided row by row")
        found.exact[score_id] = value
        if score.rounding is not None:
            value = replace(
                numbers.round_to(value, score.rounding.places, score.rounding.mode),
                known=value.known,
            )
        found.values[score_id] = value
        found.traces[score_id] = traces
        unknown = ~value.known
        found.missing[score_id] = [
            tuple(sorted({m for t in traces for m in t.missing(i)})) if unknown[i] else ()
            for i in range(env.size)
        ]
    return found


def _numbers(evaluation: ColumnEvaluation, what: str) -> NumberColumn:
    if evaluation.error_rows:
        raise UnsupportedError(f"{what} cannot be evaluated on some rows")
    if not isinstance(evaluation.value, NumberColumn):
        raise TypeError(f"{what} gives a number (the type check sees to it)")
    return evaluation.value


def _formula_score(
    book: ScoreBook, score_id: str, env: ColumnEnv
) -> tuple[NumberColumn, list[ColumnEvaluation]]:
    evaluation = evaluate_columns(book.rule(score_id, "formula"), env)
    return _numbers(evaluation, f"score {score_id!r}"), [evaluation]


def _scale_score(
    book: ScoreBook, score_id: str, score: ScaleScore, env: ColumnEnv
) -> tuple[NumberColumn, list[ColumnEvaluation]]:
    """``to_low + (raw − low) / (high − low) × (to_high − to_low)``, clamped when declared."""
    evaluation = evaluate_columns(book.rule(score_id, "input"), env)
    raw = _numbers(evaluation, f"score {score_id!r}")
    size = env.size
    low, high = (NumberColumn.repeat(Fraction(a), size) for a in score.from_)
    to_low, to_high = (NumberColumn.repeat(Fraction(a), size) for a in score.to)
    under = raw.known & numbers.compare("<", raw, low)
    over = raw.known & numbers.compare(">", raw, high)
    if (under | over).any():
        if not score.clamp:
            raise UnsupportedError(f"score {score_id!r}: a value outside its anchors")
        raw = numbers.select(under, low, numbers.select(over, high, raw, raw.known), raw.known)
    share, _ = numbers.divide(numbers.subtract(raw, low), numbers.subtract(high, low))
    scaled = numbers.add(to_low, numbers.multiply(share, numbers.subtract(to_high, to_low)))
    return replace(scaled, known=raw.known), [evaluation]


def _weights(
    book: ScoreBook,
    score_id: str,
    score: WeightedSumScore,
    parameters: Mapping[str, ResolvedParameter],
) -> list[Fraction]:
    """A weighted sum's weights: from parameters, AHP or numbers, normalised when declared;
    weights that do not sum to 1 refuse every row in the reference."""
    if score.ahp is not None:
        weights = list(book.ahp_weights(score_id))
    else:
        weights = [
            Fraction(parameters[c.weight.parameter].value)  # type: ignore[arg-type]
            if isinstance(c.weight, ParameterRef)
            else Fraction(c.weight)  # type: ignore[arg-type]
            for c in score.criteria
        ]
    if score.weights == "normalised" or score.ahp is not None:
        whole = sum(weights, Fraction(0))
        weights = [w / whole for w in weights]
    elif sum(weights, Fraction(0)) != 1:
        raise UnsupportedError(f"score {score_id!r}: weights that do not sum to 1")
    return weights


def _weighted_score(
    book: ScoreBook, score_id: str, weights: list[Fraction], env: ColumnEnv
) -> tuple[NumberColumn, list[ColumnEvaluation]]:
    """``Σ raw × weight``: unknown where any criterion is (a weight of zero included, as the
    reference's contributions are)."""
    traces = []
    total: NumberColumn | None = None
    for index, weight in enumerate(weights):
        evaluation = evaluate_columns(book.rule(score_id, "criteria", index), env)
        raw = _numbers(evaluation, f"score {score_id!r}")
        traces.append(evaluation)
        part = replace(
            numbers.multiply(raw, NumberColumn.repeat(weight, env.size)), known=raw.known
        )
        total = part if total is None else numbers.add(total, part)
    if total is None:
        total = NumberColumn.repeat(Fraction(0), env.size)
    return total, traces


@dataclass(frozen=True, eq=False)
class TestColumns:
    """A test stage decided for rows: per row the outcome, the reported score, the reasons,
    the track exception applied (``detail["exception"]``), and whether the row met the base
    (general-track) pass rule; and the evaluations each row's record lists, in order."""

    rows: Rows
    outcomes: tuple[Outcome, ...]
    scores: tuple[Fraction | None, ...]
    reasons: tuple[tuple[Fact, ...], ...]
    exceptions: tuple[str | None, ...]
    base_met: NDArray[np.bool_]
    evaluations: tuple[tuple[tuple[ColumnEvaluation, tuple[str | int, ...]], ...], ...]


def test_stage(
    stage: TestStage,
    plan: Plan,
    population: Population,
    rows: Rows,
    *,
    parameters: Mapping[str, ResolvedParameter],
    as_of: dt.date,
) -> TestColumns:
    """Decide a test stage for ``rows`` as the reference does (``_Runner.test``): absent
    when no component has a score; the reported score; ``needs_review`` when some are
    missing; the base pass rule, then each track exception of the row's track (its condition
    first), the highest priority winning, two at once ``needs_review``; the verdict's clauses
    not met as reasons."""
    decider = _TestDecider(stage, plan, population, rows, parameters=parameters, as_of=as_of)
    decided = [decider.row(i) for i in range(len(rows))]
    return TestColumns(
        rows,
        tuple(d[0] for d in decided),
        tuple(d[1] for d in decided),
        tuple(d[2] for d in decided),
        tuple(d[3] for d in decided),
        decider.base_met,
        tuple(d[4] for d in decided),
    )


Listed = tuple[tuple[ColumnEvaluation, RuleKey], ...]

#: The reasons of a row absent from a test stage (one tuple for every such row).
_ABSENT: tuple[Fact, ...] = (reason("absent"),)


class _TestDecider:
    """A test stage's formulas evaluated over the rows, and each row decided from them."""

    def __init__(
        self,
        stage: TestStage,
        plan: Plan,
        population: Population,
        rows: Rows,
        *,
        parameters: Mapping[str, ResolvedParameter],
        as_of: dt.date,
    ) -> None:
        self.stage = stage
        keys: list[RuleKey] = [(stage.id, "score")] if stage.score is not None else []
        self.base_key: RuleKey = (
            (stage.id, "pass_rule") if stage.pass_rule is not None else (stage.id, "_minimums")
        )
        keys.append(self.base_key)
        for index, exception in enumerate(stage.exceptions):
            keys.append((stage.id, "exceptions", index, "rule"))
            if exception.when is not None:
                keys.append((stage.id, "exceptions", index, "when"))
        compiled = {key: plan.rule(*key) for key in keys}
        # a rule reading each component's field, so that its column is built
        reading = [compile_rule(c.field, population.scope, expect="any") for c in stage.components]
        env = population.env(
            [*compiled.values(), *reading], rows, parameters=parameters, as_of=as_of, plan=plan
        )
        needed = set().union(*(r.scores for r in compiled.values()))
        scores = score_columns(plan, needed, env)
        self.env = replace(env, scores=scores.values, score_missing=scores.missing)
        self.evaluated = {key: evaluate_columns(rule, self.env) for key, rule in compiled.items()}
        if any(e.error_rows for e in self.evaluated.values()):
            raise UnsupportedError(f"a formula of stage {stage.id!r} fails on some rows")
        self.present = np.stack([self.env.candidate[c.field].known for c in stage.components])
        self.present_rows = self.present.T
        self._values: dict[int, list[Any]] = {}
        self._listings: dict[Listed, Listed] = {}  # each distinct list of evaluations kept once
        formations = [population.formations[int(i)] for i in rows]
        self.tracks = [f.track if f is not None else None for f in formations]
        base = self.evaluated[self.base_key].value
        if not isinstance(base, BooleanColumn):
            raise TypeError("a pass rule gives true or false (the type check sees to it)")
        self.base_met: NDArray[np.bool_] = base.known & base.truth
        # per row, as lists (indexing a list is many times cheaper than an array's item)
        self.present_any: list[bool] = np.any(self.present, axis=0).tolist()
        self.present_all: list[bool] = np.all(self.present, axis=0).tolist()
        self.components = [self.env.candidate[c.field].row_values() for c in stage.components]
        self.in_tracks = [[t in e.tracks for t in self.tracks] for e in stage.exceptions]
        self._met: dict[RuleKey, list[bool]] = {}
        self._reads: dict[RuleKey, list[list[Any]]] = {}
        self._reasons: dict[tuple[Any, ...], tuple[Fact, ...]] = {}

    def row(self, i: int) -> tuple[Outcome, Fraction | None, tuple[Fact, ...], str | None, Listed]:
        """Row ``i``: outcome, reported score, reasons, exception applied, evaluations."""
        stage = self.stage
        if not self.present_any[i] and stage.absent_when_empty:
            return "absent", None, _ABSENT, None, ()
        score = self.stage_score(i)
        if not self.present_all[i]:
            present = self.present_rows[i]
            missing = [c.field for c, p in zip(stage.components, present, strict=True) if not p]
            return "needs_review", score, (reason("scores.incomplete", fields=missing),), None, ()
        listed = [(self.evaluated[self.base_key], self.base_key)]
        applicable: list[tuple[int, str]] = []
        for index, exception in enumerate(stage.exceptions):
            if not self.in_tracks[index][i]:
                continue
            if exception.when is not None:
                key: RuleKey = (stage.id, "exceptions", index, "when")
                when = self.evaluated[key]
                listed.append((when, key))
                value = self.values(when)[i]
                if value is UNKNOWN:
                    fields = list(when.missing(i))
                    why = reason("exception.unknown", exception=exception.id, fields=fields)
                    return "needs_review", score, (why,), None, self._listing(listed)
                if value is not True:
                    continue
            applicable.append((exception.priority, exception.id))
        verdict, verdict_key, applied = self.evaluated[self.base_key], self.base_key, None
        if applicable:
            top = max(p for p, _ in applicable)
            winners = [e for p, e in applicable if p == top]
            if len(winners) > 1:
                why = reason("exception.conflict", exceptions=winners, priority=top)
                return "needs_review", score, (why,), None, self._listing(listed)
            index = next(n for n, e in enumerate(stage.exceptions) if e.id == winners[0])
            verdict_key = (stage.id, "exceptions", index, "rule")
            verdict, applied = self.evaluated[verdict_key], winners[0]
            listed.append((verdict, verdict_key))
        value = self.values(verdict)[i]
        outcome: Outcome = (
            "advanced" if value is True else "below_threshold" if value is False else "needs_review"
        )
        reasons = () if self.met(verdict, verdict_key)[i] else self.reasons(verdict, verdict_key, i)
        return outcome, score, reasons, applied, self._listing(listed)

    def _listing(self, listed: list[tuple[ColumnEvaluation, RuleKey]]) -> Listed:
        """``listed`` as a tuple, one object for every row that lists the same evaluations."""
        found = tuple(listed)
        return self._listings.setdefault(found, found)

    def met(self, verdict: ColumnEvaluation, key: RuleKey) -> list[bool]:
        """Per row, whether every clause of the verdict is true (no reason to give)."""
        found = self._met.get(key)
        if found is None:
            met = np.ones(verdict.size, dtype=np.bool_)
            for clause in verdict.clauses:
                met &= clause.known & clause.truth
            found = self._met[key] = met.tolist()
        return found

    def reasons(self, verdict: ColumnEvaluation, key: RuleKey, i: int) -> tuple[Fact, ...]:
        """Why row ``i`` does not meet the verdict (:func:`clauses_reasons`), made once for
        every row that read the same values (the reasons are a function of them): a stage
        fails tens of thousands of rows with a few hundred distinct scores. Rows are matched
        by the identity of the values they read (a column lists equal values as one object
        where it can; two equal values that are not one object are only decided twice)."""
        reads = self._reads.get(key)
        if reads is None:
            reads = self._reads[key] = [n.column.row_values() for n in verdict.inputs.values()]
        read = (key, *(id(values[i]) for values in reads))
        found = self._reasons.get(read)
        if found is None:
            found = self._reasons[read] = clauses_reasons(
                verdict.rule,
                key,
                [clause.value(i) for clause in verdict.clauses],
                lambda k: verdict.reads(i, k),
            )
        return found

    def values(self, evaluation: ColumnEvaluation) -> list[Any]:
        """Every row's value of an evaluation, listed once."""
        found = self._values.get(id(evaluation))
        if found is None:
            found = self._values[id(evaluation)] = evaluation.value.row_values()
        return found

    def stage_score(self, i: int) -> Fraction | None:
        """The stage's reported score on row ``i``, as ``_Runner.stage_score`` gives it."""
        if self.stage.score is not None:
            value = self.values(self.evaluated[(self.stage.id, "score")])[i]
            return value if isinstance(value, Fraction) else None
        values = [column[i] for column in self.components]
        if any(v is UNKNOWN for v in values):
            return None
        return sum((v for v in values if isinstance(v, Fraction)), Fraction(0))


@dataclass(frozen=True, eq=False)
class PooledColumns:
    """A shortlist or a ranking decided for rows: per row the outcome, the reasons, the
    stage's detail (position, rank, cut or quota, the keys that separated the row from its
    neighbours) and, for a ranking, the rank."""

    rows: Rows
    outcomes: tuple[Outcome, ...]
    reasons: tuple[tuple[Fact, ...], ...]
    details: tuple[Mapping[str, Any], ...]
    ranks: tuple[int | None, ...]
    #: each row's values under the stage's keys (what optimisation orders entrants by)
    values: tuple[tuple[Any, ...], ...]


def shortlist(
    stage: ShortlistStage,
    plan: Plan,
    population: Population,
    rows: Rows,
    *,
    parameters: Mapping[str, ResolvedParameter],
    as_of: dt.date,
) -> PooledColumns:
    """Decide a shortlist for ``rows`` as the reference does (``_Runner.shortlist``): the
    order's keys evaluated over the columns, each formation's rows ranked by the reference's
    own :func:`~asn_competency.pipeline.ordering.rank`, and the best ``multiplier`` × quota
    advance with everyone tied with the last of them."""
    pooled = _Pooled(stage, plan, population, rows, parameters=parameters, as_of=as_of)
    for formation_id, ranked, members in pooled.formations():
        formation = population.by_id.get(formation_id)
        cut = stage.multiplier * (formation.quota if formation is not None else 0)
        pooled.record(shortlisted(stage.order, ranked, cut), members)
    return pooled.result()


def ranking(
    stage: RankingStage,
    plan: Plan,
    population: Population,
    rows: Rows,
    *,
    parameters: Mapping[str, ResolvedParameter],
    as_of: dt.date,
) -> PooledColumns:
    """Decide a final ranking for ``rows`` as the reference does (``_Runner.ranking``): the
    best ``quota`` of each formation advance; candidates tied on every key at the quota's
    boundary are ``needs_review``; the others are outranked. ``ranks`` holds each row's rank."""
    pooled = _Pooled(stage, plan, population, rows, parameters=parameters, as_of=as_of)
    for formation_id, ranked, members in pooled.formations():
        formation = population.by_id.get(formation_id)
        quota = formation.quota if formation is not None else 0
        pooled.record(within_quota(stage.order, ranked, quota), members, ranks=True)
    return pooled.result()


class _Pooled:
    """A pooled stage's keys evaluated over the rows, each formation's rows ranked with the
    reference's :func:`~asn_competency.pipeline.ordering.rank`, and the per-row results the
    stage fills in."""

    def __init__(
        self,
        stage: ShortlistStage | RankingStage,
        plan: Plan,
        population: Population,
        rows: Rows,
        *,
        parameters: Mapping[str, ResolvedParameter],
        as_of: dt.date,
    ) -> None:
        self.stage = stage
        self.rows = rows
        keys = [(stage.id, "order", n, "key") for n in range(len(stage.order))]
        compiled = [plan.rule(*key) for key in keys]
        env = population.env(compiled, rows, parameters=parameters, as_of=as_of, plan=plan)
        needed = set().union(*(r.scores for r in compiled))
        scores = score_columns(plan, needed, env)
        env = replace(env, scores=scores.values, score_missing=scores.missing)
        evaluated = [evaluate_columns(rule, env) for rule in compiled]
        if any(e.error_rows for e in evaluated):
            raise UnsupportedError(f"a key of stage {stage.id!r} cannot be evaluated")
        self.groups: dict[str, dict[str, int]] = {}
        self.values: dict[int, tuple[Any, ...]] = {}
        ordered: list[tuple[Any, ...]] = (
            list(zip(*(e.value.row_values() for e in evaluated), strict=True))
            if evaluated
            else [()] * len(rows)
        )
        for i, position in enumerate(rows.tolist()):
            row = population.rows[position]
            self.groups.setdefault(row.formation_id or "", {})[
                row.candidate_id or f"row {row.row}"
            ] = i
            self.values[i] = ordered[i]
        size = len(rows)
        self.outcomes: list[Outcome] = ["advanced"] * size
        self.reasons: list[tuple[Fact, ...]] = [()] * size
        self.details: list[Mapping[str, Any]] = [{}] * size
        self.ranks: list[int | None] = [None] * size

    def formations(self) -> Iterator[tuple[str, list[Ranked], dict[str, int]]]:
        """Each formation (by id, in order), its rows ranked, and row positions by key."""
        for formation_id, members in sorted(self.groups.items()):
            values = {key: self.values[i] for key, i in members.items()}
            yield formation_id, rank(values, self.stage.order), members

    def record(self, placed: list[Placed], members: dict[str, int], *, ranks: bool = False) -> None:
        """Keep what the stage decided for each place (and its rank, for a ranking)."""
        for one in placed:
            i = members[one.place.candidate]
            self.outcomes[i], self.reasons[i], self.details[i] = (
                one.outcome,
                one.reasons,
                one.detail,
            )
            if ranks:
                self.ranks[i] = one.place.rank

    def result(self) -> PooledColumns:
        """What the stage decided, row by row."""
        return PooledColumns(
            self.rows,
            tuple(self.outcomes),
            tuple(self.reasons),
            tuple(self.details),
            tuple(self.ranks),
            tuple(self.values[i] for i in range(len(self.rows))),
        )


@dataclass(frozen=True, eq=False)
class IntegrationColumns:
    """An integration stage decided for rows: per row the outcome, the final score, the
    reasons and the final score's result as its record holds it (each row's made when read:
    :meth:`ScoreRows.row`)."""

    rows: Rows
    outcomes: tuple[Outcome, ...]
    scores: tuple[Fraction | None, ...]
    reasons: tuple[tuple[Fact, ...], ...]
    results: ScoreRows


def integration(
    stage: IntegrationStage,
    plan: Plan,
    population: Population,
    rows: Rows,
    *,
    parameters: Mapping[str, ResolvedParameter],
    as_of: dt.date,
) -> IntegrationColumns:
    """Decide an integration stage for ``rows`` as the reference does
    (``_Runner.integration``): the final score over columns; ``needs_review`` naming what is
    missing where it is unknown, else ``advanced``. A final score that is a formula or a
    weighted sum without minimums (its own or a criterion's), and no scores reported beside
    it, for now."""
    score = plan.policy.scores[stage.score]
    gated = score.minimum is not None or any(
        getattr(c, "minimum", None) is not None for c in getattr(score, "criteria", ())
    )
    if gated or stage.report or not isinstance(score, FormulaScore | WeightedSumScore):
        raise UnsupportedError(f"stage {stage.id!r}: minimums, reported scores or its kind")
    formulas = plan.scores.formulas(plan.scores.needed([stage.score]))
    env = population.env(formulas, rows, parameters=parameters, as_of=as_of)
    scores = score_columns(plan, [stage.score], env)
    results = ScoreRows(plan, stage.score, scores)
    final = scores.values[stage.score]
    outcomes: list[Outcome] = []
    values: list[Fraction | None] = []
    reasons: list[tuple[Fact, ...]] = []
    for i in range(len(rows)):
        value = final.value(i)
        if not isinstance(value, Fraction):
            outcomes.append("needs_review")
            values.append(None)
            reasons.append((reason("data.missing", fields=list(scores.missing[stage.score][i])),))
            continue
        outcomes.append("advanced")
        values.append(value)
        reasons.append(())
    return IntegrationColumns(
        rows,
        tuple(outcomes),
        tuple(values),
        tuple(reasons),
        results,
    )


class ScoreRows:
    """Each row's :class:`~asn_competency.scoring.ScoreResult` of a formula or weighted-sum
    score without minimums, as the reference's score book gives it (``ScoreBook._score``):
    value and exact value, the formula's evaluation (a formula) or each criterion's raw value
    (before a scale score rescaled it), value, weight, contribution and evaluation. Made
    when asked for (:meth:`row`): a run keeps the columns, not an object per row."""

    def __init__(self, plan: Plan, score_id: str, scores: ScoreColumns) -> None:
        self.score_id = score_id
        self.score = plan.policy.scores[score_id]
        self.scores = scores
        self.before: list[Column | None] = []
        if isinstance(self.score, WeightedSumScore):
            for criterion in self.score.criteria:
                read = plan.policy.scores.get(criterion.input.strip())
                scaled = isinstance(read, ScaleScore)
                input_ = scores.traces[criterion.input.strip()][0].value if scaled else None
                self.before.append(input_)

    def row(self, i: int) -> ScoreResult:
        scores, score_id = self.scores, self.score_id
        traces = scores.traces[score_id]
        value = scores.values[score_id].value(i)
        criteria: tuple[CriterionResult, ...] = ()
        inputs: tuple[EvaluationRecord, ...] = ()
        if isinstance(self.score, WeightedSumScore):
            weights = scores.weights[score_id]
            criteria = tuple(
                self._criterion(i, n, criterion.id, trace, weights[n])
                for n, (criterion, trace) in enumerate(
                    zip(self.score.criteria, traces, strict=True)
                )
            )
        else:
            inputs = (traces[0].row_data(i, at=("formula",)),)
        return ScoreResult(
            score_id,
            self.score.kind,
            value,
            scores.exact[score_id].value(i),
            self.score.rounding,
            None,
            criteria=criteria,
            inputs=inputs,
            missing=scores.missing[score_id][i] if value is UNKNOWN else (),
        )

    def _criterion(
        self, i: int, n: int, criterion: str, trace: ColumnEvaluation, weight: Fraction
    ) -> CriterionResult:
        raw = trace.value.value(i)
        before = self.before[n]
        return CriterionResult(
            criterion,
            raw if before is None else before.value(i),
            raw,
            weight,
            UNKNOWN if raw is UNKNOWN else raw * weight,  # type: ignore[operator]
            None,
            trace.row_data(i, at=("criteria", n)),
        )
