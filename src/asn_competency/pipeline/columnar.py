"""Stages decided over whole columns: the column-wise engine's pipeline (docs/engine.md).

The row-wise engine (:mod:`.engine`) is the reference semantics; what is decided here must
equal it row for row, and a differential test holds it to that on every shipped policy.

- :class:`Population`: the candidate rows of a run in canonical order, each field read by a
  rule as one column (and the fields of each row's formation), ready for
  :func:`~asn_competency.expressions.columns.evaluate_columns` on any subset of rows.
- :func:`eligibility`: an eligibility stage decided for a set of rows at once: each rule
  evaluated over the column, the outcome of every row (``advanced``, ``ineligible``,
  ``needs_review``) and its reasons, as the reference gives them.

Not yet wired into :func:`~asn_competency.pipeline.run`: the other stage kinds and the
records written from columns come next (docs/engine.md, "Status").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from asn_competency.expressions import CompiledRule
from asn_competency.expressions.columns import (
    BooleanColumn,
    Column,
    ColumnEnv,
    ColumnEvaluation,
    evaluate_columns,
)
from asn_competency.expressions.types import Scope, scope_of
from asn_competency.model import EligibilityStage, ResolvedParameter, SelectionPolicy
from asn_competency.model.outcomes import Fact, Outcome
from asn_competency.pipeline.inputs import CandidateRow, Formation
from asn_competency.pipeline.reasons import reason

__all__ = ["EligibilityColumns", "Population", "eligibility"]

Rows = NDArray[np.int64]


@dataclass(frozen=True)
class Population:
    """The candidate rows of a run, in the order given (the engine's canonical order), with
    the formation of each (``None`` for a formation not in the table)."""

    rows: Sequence[CandidateRow]
    formations: Sequence[Formation | None]
    scope: Scope

    @staticmethod
    def of(
        policy: SelectionPolicy,
        rows: Sequence[CandidateRow],
        formations: Mapping[str, Formation],
    ) -> Population:
        """The population of a run: each row with its formation looked up by id."""
        return Population(
            tuple(rows),
            tuple(formations.get(row.formation_id or "") for row in rows),
            scope_of(policy),
        )

    def env(
        self,
        rules: Sequence[CompiledRule],
        selected: Rows,
        *,
        parameters: Mapping[str, ResolvedParameter],
        as_of: dt.date,
    ) -> ColumnEnv:
        """The columns ``rules`` read, for the rows ``selected`` (positions in
        :attr:`rows`), in that order."""
        fields = sorted(set().union(*(r.fields for r in rules)))
        formation_fields = sorted(set().union(*(r.formation_fields for r in rules)))
        chosen = [int(i) for i in selected]
        mappings: dict[int, Mapping[str, Any]] = {}  # one mapping per formation, not per row
        for i in chosen:
            own = self.formations[i]
            if own is not None and id(own) not in mappings:
                mappings[id(own)] = own.as_mapping()
        candidate = {
            name: Column.of(
                [self.rows[i].values.get(name) for i in chosen], self.scope.fields[name]
            )
            for name in fields
        }
        formation = {
            name: Column.of(
                [
                    mappings[id(f)].get(name) if (f := self.formations[i]) is not None else None
                    for i in chosen
                ],
                self.scope.formation[name],
            )
            for name in formation_fields
        }
        return ColumnEnv(len(chosen), candidate, formation, parameters, as_of)


@dataclass(frozen=True, eq=False)
class EligibilityColumns:
    """An eligibility stage decided for rows (positions in the population, in order): each
    rule's evaluation over them, and per row the outcome and the reasons."""

    rows: Rows
    evaluations: tuple[ColumnEvaluation, ...]
    outcomes: tuple[Outcome, ...]
    reasons: tuple[tuple[Fact, ...], ...]


def eligibility(
    stage: EligibilityStage,
    rules: Sequence[CompiledRule],
    env: ColumnEnv,
    rows: Rows,
) -> EligibilityColumns:
    """Decide an eligibility stage for ``rows`` (``env`` holds their columns, in order):
    ``ineligible`` with ``rule.failed`` for each rule that is false; else ``needs_review``
    with ``rule.unknown`` for each rule that is unknown, naming every field missing from any
    rule; else ``advanced``. A row on which a rule cannot be evaluated (a division by zero) is
    ``needs_review`` with ``evaluation.error`` for the first such rule, as the reference
    stops there."""
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
    for position in np.flatnonzero(failed.any(axis=0) | ~known.all(axis=0)).tolist():
        if position in errors:
            continue
        fails = failed[:, position]
        if fails.any():
            outcomes[position] = "ineligible"
            reasons[position] = tuple(
                reason("rule.failed", rule=r.id)
                for r, no in zip(stage.rules, fails, strict=True)
                if no
            )
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
    return EligibilityColumns(rows, evaluations, tuple(outcomes), tuple(reasons))
