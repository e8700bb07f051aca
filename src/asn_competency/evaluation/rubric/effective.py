"""Effective weights: how much each criterion of a weighted total really decides.

For a total T = Σ wᵢ·xᵢ over a population of applicants, criterion i's **effective weight**
is its share of the total's variance:

    eᵢ = wᵢ · cov(xᵢ, T) / var(T),  and Σ eᵢ = 1 (since Σ wᵢ·cov(xᵢ, T) = cov(T, T)).

A criterion weighted 40% on which applicants barely differ moves nobody: its effective weight
is small, and a small criterion that varies a lot decides the ranking (the classic trap of
nominal weights; the decomposition is the usual one of a composite's variance into its
components' contributions, e.g. Wang & Stanley, *Differential weighting: a review of methods
and empirical studies*, Review of Educational Research 40(5), 1970). With two uncorrelated
criteria of equal weight and standard deviations 10 and 1, the shares are 100/101 and 1/101.

Everything is exact (:class:`~fractions.Fraction`): the population covariances are ratios of
sums of the exact values. A criterion with no variance has effective weight 0. When the total
itself has no variance (every criterion constant, or the criteria cancel out exactly), no
criterion separates anyone: every share is 0 and :attr:`EffectiveWeights.degenerate` says so
(never a NaN).

A criterion is flagged when its effective share is below half or above double its nominal
share (the weight divided by the sum of the weights): :data:`LOW_FACTOR`,
:data:`HIGH_FACTOR`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from asn_competency.errors import describe_value
from asn_competency.evaluation._common import Table, exact, fail, values_of
from asn_competency.evaluation.rubric._replay import Replay
from asn_competency.expressions.syntax import Binary, Const, Name, Node, Unary, parse
from asn_competency.model.scores import FormulaScore, ProfileMatchScore, WeightedSumScore
from asn_competency.scoring import ScoreResult

__all__ = [
    "HIGH_FACTOR",
    "LOW_FACTOR",
    "EffectiveWeight",
    "EffectiveWeights",
    "GroupedWeights",
    "effective_weights",
    "inner_effective_weights",
    "linear_terms",
    "policy_effective_weights",
]

#: A criterion whose effective share is below this fraction of its nominal share is flagged.
LOW_FACTOR = Fraction(1, 2)
#: A criterion whose effective share is above this multiple of its nominal share is flagged.
HIGH_FACTOR = Fraction(2)


@dataclass(frozen=True)
class EffectiveWeight:
    """One criterion: its nominal share (weight ÷ sum of weights), its effective share, the
    standard deviation's square (``variance``) over the population, and the flag: ``low``
    (effective below half the nominal), ``high`` (above double), or ``""``."""

    criterion: str
    weight: Fraction
    nominal: Fraction
    effective: Fraction
    variance: Fraction
    flag: str


@dataclass(frozen=True)
class EffectiveWeights(Table):
    """The effective weights of the criteria of one weighted total over one population
    (``scope``: e.g. ``all``, a track or a formation), in the criteria's order."""

    rows: tuple[EffectiveWeight, ...]
    applicants: int
    degenerate: bool
    scope: str = "all"
    score: str = ""

    def __getitem__(self, criterion: str) -> Fraction:
        for row in self.rows:
            if row.criterion == criterion:
                return row.effective
        raise KeyError(criterion)

    @property
    def shares(self) -> dict[str, Fraction]:
        """Criterion → effective share."""
        return {row.criterion: row.effective for row in self.rows}

    def flagged(self) -> tuple[EffectiveWeight, ...]:
        """The criteria whose effective share differs a lot from the nominal one."""
        return tuple(row for row in self.rows if row.flag)

    def records(self) -> list[dict[str, object]]:
        """One row per criterion."""
        return [
            {
                "score": self.score,
                "scope": self.scope,
                "applicants": self.applicants,
                "criterion": row.criterion,
                "weight": row.weight,
                "nominal": row.nominal,
                "effective": row.effective,
                "variance": row.variance,
                "flag": row.flag,
                "degenerate": self.degenerate,
            }
            for row in self.rows
        ]

    def caption(self) -> str:
        """What the table shows."""
        return f"Nominal and effective weights ({self.scope}, {self.applicants} applicants)"

    def note(self) -> str:
        """How to read the table."""
        text = (
            "effective = weight × cov(criterion, total) / var(total); flag: below half (low) "
            "or above double (high) the nominal share"
        )
        if self.degenerate:
            text += "; the total has no variance here: no criterion separates anyone"
        return text


def _variance_parts(columns: list[list[Fraction]]) -> tuple[list[Fraction], list[list[Fraction]]]:
    """Each column's mean and the deviations from it."""
    means = [sum(column, Fraction(0)) / len(column) for column in columns]
    return means, [[x - m for x in column] for column, m in zip(columns, means, strict=True)]


def effective_weights(
    scores: Mapping[str, Sequence[object]],
    weights: Mapping[str, object],
    *,
    scope: str = "all",
    score: str = "",
) -> EffectiveWeights:
    """The effective weight of each criterion of the total Σ wᵢ·xᵢ over a population.

    ``scores`` maps each criterion to its values, one per applicant (the same applicants in
    the same order for every criterion); ``weights`` maps each criterion to its weight
    (any positive or zero number; the nominal share is the weight over their sum). Values
    are read exactly (an int, Fraction, Decimal or finite float). Raises
    :class:`~asn_competency.evaluation.StatisticsError` for criteria that do not match,
    lengths that differ, no applicant, or a value that is not a number.
    """
    names = list(scores)
    if not names:
        raise fail("stats.empty", "effective_weights needs at least one criterion")
    if set(names) != set(weights):
        missing = sorted(set(names) - set(weights))
        extra = sorted(set(weights) - set(names))
        raise fail(
            "stats.labels",
            "scores and weights must name the same criteria"
            + (f"; no weight for {', '.join(missing)}" if missing else "")
            + (f"; no scores for {', '.join(extra)}" if extra else ""),
            value=missing or extra,
        )
    w = {name: exact(weights[name], f"weights[{name!r}]") for name in names}
    for name, value in w.items():
        if value < 0:
            raise fail(
                "stats.not-a-number",
                f"weights[{name!r}] must not be negative (got {describe_value(weights[name])})",
                value=str(value),
            )
    total_weight = sum(w.values(), Fraction(0))
    if total_weight == 0:
        raise fail("stats.undefined", "the weights sum to 0: there is no nominal share")
    columns: list[list[Fraction]] = []
    for name in names:
        raw = values_of(scores[name], f"scores[{name!r}]")
        columns.append([exact(v, f"scores[{name!r}]", i) for i, v in enumerate(raw)])
    length = len(columns[0])
    for name, column in zip(names, columns, strict=True):
        if len(column) != length:
            raise fail(
                "stats.length-mismatch",
                f"scores[{name!r}] has {len(column)} values where scores[{names[0]!r}] has "
                f"{length}: every criterion needs one value per applicant",
            )
    if length == 0:
        raise fail("stats.empty", "effective_weights needs at least one applicant")
    _, deviations = _variance_parts(columns)
    total = [
        sum((w[name] * d[i] for name, d in zip(names, deviations, strict=True)), Fraction(0))
        for i in range(length)
    ]
    var_total = sum((t * t for t in total), Fraction(0)) / length
    rows = []
    for name, d in zip(names, deviations, strict=True):
        variance = sum((x * x for x in d), Fraction(0)) / length
        cov = sum((x * t for x, t in zip(d, total, strict=True)), Fraction(0)) / length
        share = Fraction(0) if var_total == 0 or variance == 0 else w[name] * cov / var_total
        nominal = w[name] / total_weight
        flag = ""
        if var_total != 0 and share < nominal * LOW_FACTOR:
            flag = "low"
        elif var_total != 0 and share > nominal * HIGH_FACTOR:
            flag = "high"
        rows.append(EffectiveWeight(name, w[name], nominal, share, variance, flag))
    return EffectiveWeights(tuple(rows), length, var_total == 0, scope, score)


@dataclass(frozen=True)
class GroupedWeights(Table):
    """The nominal and effective weights of a policy's weighted score over the candidates
    who reached its stage (every criterion known): all of them, then each track, then each
    formation with at least two such candidates."""

    score: str
    tables: tuple[EffectiveWeights, ...]

    def records(self) -> list[dict[str, object]]:
        """One row per scope and criterion."""
        return [record for table in self.tables for record in table.records()]

    def flagged(self) -> tuple[tuple[str, EffectiveWeight], ...]:
        """Each (scope, criterion) whose effective share differs a lot from the nominal."""
        return tuple((t.scope, row) for t in self.tables for row in t.flagged())

    def scope(self, name: str) -> EffectiveWeights:
        """The table of one scope (``all``, ``track:<id>``, ``formation:<id>``)."""
        for table in self.tables:
            if table.scope == name:
                return table
        raise KeyError(name)

    def caption(self) -> str:
        """What the table shows."""
        return f"Nominal and effective weights of {self.score}"

    def note(self) -> str:
        """How to read the table."""
        return self.tables[0].note() if self.tables else ""


def policy_effective_weights(replay: Replay) -> GroupedWeights:
    """The nominal weights of the replay's weighted score (in force on its as-of date, as
    the engine weighs them) beside the effective weights over the candidates who reached
    its stage, overall, per track and per formation."""
    complete = [
        i
        for i in range(len(replay.reached))
        if all(replay.values[c][i] is not None for c in replay.criteria)
    ]
    scopes: list[tuple[str, list[int]]] = [("all", complete)]
    tracks: dict[str, list[int]] = {}
    formations: dict[str, list[int]] = {}
    for i in complete:
        tracks.setdefault(f"track:{replay.track(i)}", []).append(i)
        formations.setdefault(f"formation:{replay.formation(i)}", []).append(i)
    scopes += sorted(tracks.items())
    scopes += [(name, members) for name, members in sorted(formations.items()) if len(members) > 1]
    tables = []
    for name, members in scopes:
        if not members:
            continue
        scores = {c: [replay.values[c][i] for i in members] for c in replay.criteria}
        tables.append(effective_weights(scores, replay.weights, scope=name, score=replay.score_id))
    return GroupedWeights(replay.score_id, tuple(tables))


def _profile_parts(
    score: ProfileMatchScore, result: ScoreResult
) -> tuple[dict[str, Fraction], dict[str, Fraction]] | None:
    """A profile match's parts (core and secondary factor per aspect) and their weights."""
    values: dict[str, Fraction] = {}
    weights: dict[str, Fraction] = {}
    core = Fraction(score.core_weight)
    for step in result.steps:
        if step.code != "profile.total":
            continue
        group = step.params.get("group")
        aspect = Fraction(score.aspects[group]) if score.aspects and group else Fraction(1)
        prefix = f"{group}." if group else ""
        ncf, nsf = step.params.get("ncf"), step.params.get("nsf")
        if not isinstance(ncf, Fraction | int) or not isinstance(nsf, Fraction | int):
            return None
        values[f"{prefix}core"], weights[f"{prefix}core"] = Fraction(ncf), aspect * core
        values[f"{prefix}secondary"] = Fraction(nsf)
        weights[f"{prefix}secondary"] = aspect * (1 - core)
    return (values, weights) if values else None


def linear_terms(node: Node, parameters: Mapping[str, Any]) -> dict[str, Fraction] | None:
    """The coefficients of a formula that is linear in the names it reads (a candidate field
    or a score; a numeric parameter is a constant): ``(a + b) / 2`` gives ``{a: 1/2, b: 1/2}``;
    ``None`` for anything else (a product of two names, a function, a formation's field).
    The constant term is left out (it moves no one)."""
    found = _linear(node, parameters)
    if found is None:
        return None
    return {k: v for k, v in found.items() if k is not None and v != 0}


def _linear(node: Node, parameters: Mapping[str, Any]) -> dict[str | None, Fraction] | None:
    if isinstance(node, Const):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            return None
        return {None: Fraction(value)}
    if isinstance(node, Name):
        if node.namespace != "plain":
            return None
        if node.name in parameters:
            value = parameters[node.name].value
            if isinstance(value, bool) or not isinstance(value, int | Decimal):
                return None
            return {None: Fraction(value)}
        return {node.name: Fraction(1)}
    if isinstance(node, Unary) and node.op in ("-", "+"):
        inner = _linear(node.operand, parameters)
        if inner is None:
            return None
        return {k: -v for k, v in inner.items()} if node.op == "-" else inner
    if isinstance(node, Binary):
        left, right = _linear(node.left, parameters), _linear(node.right, parameters)
        if left is None or right is None:
            return None
        if node.op in ("+", "-"):
            sign = 1 if node.op == "+" else -1
            merged = dict(left)
            for k, v in right.items():
                merged[k] = merged.get(k, Fraction(0)) + sign * v
            return merged
        constant = _constant(right) if node.op in ("*", "/") else None
        if node.op == "*" and constant is None and _constant(left) is not None:
            left, right, constant = right, left, _constant(left)
        if constant is None or (node.op == "/" and constant == 0):
            return None
        factor = constant if node.op == "*" else 1 / constant
        return {k: v * factor for k, v in left.items()}
    return None


def _constant(terms: dict[str | None, Fraction]) -> Fraction | None:
    return terms[None] if set(terms) == {None} else None


def _formula_parts(
    replay: Replay, terms: Mapping[str, Fraction]
) -> dict[str, list[Fraction | None]]:
    """The values of a linear formula's inputs for the candidates reaching the replay's
    weighted stage: a candidate field's value, or a score's."""
    columns: dict[str, list[Fraction | None]] = {}
    for name in terms:
        if name in replay.policy.scores:
            column: list[Fraction | None] = []
            for result in replay.score_results(name):
                value = result.value if result is not None else None
                column.append(value if isinstance(value, Fraction) else None)
        else:
            column = [_exact_or_none(c.values.get(name)) for c in replay.reached]
        columns[name] = column
    return columns


def _exact_or_none(value: object) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        return None
    return Fraction(value)


def inner_effective_weights(replay: Replay) -> GroupedWeights:
    """The effective weights inside the policy's other scores, over the candidates who
    reached the replay's weighted stage: every other weighted sum (its criteria; AHP
    weights as derived), every Profile Matching score (its core and secondary factors,
    weighted ``core_weight`` and ``1 − core_weight``, per aspect with ``aspects``) and every
    formula that is linear in two or more inputs (:func:`linear_terms`: ``twk + tiu + tkp``
    weighs each part 1), each one table (scope ``all``) whose ``score`` names it; a
    candidate with an input unknown is left out of that table."""
    tables = []
    parameters = replay.parameters()
    for score_id, score in replay.policy.scores.items():
        if score_id == replay.score_id:
            continue
        columns: dict[str, list[Fraction]] = {}
        weights: dict[str, Fraction] = {}
        if isinstance(score, FormulaScore):
            terms = linear_terms(parse(score.formula), parameters)
            if terms is None or len(terms) < 2 or any(v <= 0 for v in terms.values()):
                continue  # not a weighting of two or more inputs
            found = _formula_parts(replay, terms)
            complete = [
                i for i in range(len(replay.reached)) if all(found[k][i] is not None for k in terms)
            ]
            columns = {k: [found[k][i] for i in complete] for k in terms}  # type: ignore[misc]
            weights = dict(terms)
        elif isinstance(score, WeightedSumScore | ProfileMatchScore):
            for result in replay.score_results(score_id):
                if result is None or not result.known:
                    continue
                if isinstance(score, WeightedSumScore):
                    parts = {c.id: c.scaled for c in result.criteria}
                    if not all(isinstance(v, Fraction) for v in parts.values()):
                        continue
                    values = {k: Fraction(v) for k, v in parts.items()}  # type: ignore[arg-type]
                    weights = {c.id: c.weight for c in result.criteria}
                else:
                    profile = _profile_parts(score, result)
                    if profile is None:
                        continue
                    values, weights = profile
                for name, value in values.items():
                    columns.setdefault(name, []).append(value)
        else:
            continue
        lengths = {len(v) for v in columns.values()}
        if columns and len(lengths) == 1 and 0 not in lengths:
            tables.append(effective_weights(columns, weights, score=score_id))
    return GroupedWeights("(inner scores)", tuple(tables))
