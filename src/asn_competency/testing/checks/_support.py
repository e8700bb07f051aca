"""What the checks share: a run's ledger as the run folder writes it (the bytes a
determinism or order check compares), its results rows, the key of a decision, and the
strategy of a check on a policy alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from hypothesis import strategies as st

from asn_competency.audit import ledger
from asn_competency.audit.run_folder import ledger_line
from asn_competency.model import SelectionPolicy
from asn_competency.pipeline import Decision, RunResult
from asn_competency.testing.checks._result import Counterexample, search
from asn_competency.testing.population import Population, as_of_for
from asn_competency.testing.strategies import MAX_APPLICANTS, populations

__all__ = [
    "candidate_label",
    "dated",
    "decision_summary",
    "differing",
    "drawn_with",
    "ledger_lines",
    "on_policy",
    "result_rows",
]

T = TypeVar("T")


def ledger_lines(result: RunResult) -> list[str]:
    """A run's ledger, line by line, exactly as ``decisions.jsonl`` holds it."""
    return [ledger_line(record) for record in ledger(result)]


def result_rows(result: RunResult) -> list[dict[str, str]]:
    """A run's ``results.csv`` rows (every value as text)."""
    return result.rows()


def candidate_label(decision: Decision) -> str:
    """How the words name a candidate: its id, or its row when it has none."""
    return decision.candidate_id or f"row {decision.row}"


def decision_summary(decision: Decision) -> str:
    """A decision in a few words: the final status, the rank and the final score, and each
    stage's outcome (``final_status rank=1 score=72.5 [skd=advanced, ...]``)."""
    stages = ", ".join(f"{s.stage_id}={s.outcome}" for s in decision.stages)
    parts: list[str] = [decision.final_status]
    if decision.rank is not None:
        parts.append(f"rank={decision.rank}")
    if decision.final_score is not None:
        parts.append(f"score={decision.final_score}")
    return " ".join(parts) + f" [{stages}]"


def dated(policy: SelectionPolicy, population: Population, as_of: dt.date | None) -> Population:
    """The population with an as-of date: its own, else the one given, else the policy's
    (:func:`~asn_competency.testing.population.as_of_for`)."""
    if population.as_of is not None:
        return population
    return Population(
        population.candidates,
        population.formations,
        population.ratings,
        as_of_for(policy, as_of),
    )


def on_policy(
    policy: SelectionPolicy,
    population: Population | None,
    as_of: dt.date | None,
    budget: int,
    violation: Callable[[Population], Counterexample | None],
    *,
    max_applicants: int = MAX_APPLICANTS,
) -> Counterexample | None:
    """Run a check: on the population given, or, with none, on populations drawn for the
    policy (:func:`~asn_competency.testing.strategies.populations`) within ``budget``,
    returning the shrunk counterexample."""
    if population is not None:
        return violation(dated(policy, population, as_of))
    strategy = populations(policy, as_of=as_of, max_applicants=max_applicants)
    return search(strategy, violation, budget)


def drawn_with(
    policy: SelectionPolicy,
    as_of: dt.date | None,
    extra: Callable[[Population], st.SearchStrategy[T]],
    max_applicants: int = MAX_APPLICANTS,
) -> st.SearchStrategy[tuple[Population, T]]:
    """Populations for the policy, each with something drawn for it (a change to make)."""
    return populations(policy, as_of=as_of, max_applicants=max_applicants).flatmap(
        lambda population: st.tuples(st.just(population), extra(population))
    )


def differing(first: Mapping[str, Any], second: Mapping[str, Any]) -> str:
    """The columns of two results rows that differ, as ``column: a → b``."""
    names = [n for n in {**first, **second} if first.get(n) != second.get(n)]
    return "; ".join(f"{n}: {first.get(n, '')!s} → {second.get(n, '')!s}" for n in names)
