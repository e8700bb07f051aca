"""No rank reversal: adding an applicant below everyone on every score never changes the
others' scores or reorders them (:func:`check_no_rank_reversal`). Scales with fixed,
published anchors pass by construction; a score normalised over the pool (min-max over the
applicants, TOPSIS's ideal points) fails it, which is why official decisions must not use
one (STYLE.md, "Avoid": pool-relative normalisation)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from asn_competency.model import RatingStage, SelectionPolicy, StringField
from asn_competency.model.fields import compile_pattern
from asn_competency.pipeline import Decision
from asn_competency.pipeline.engine import RunResult, run
from asn_competency.testing.checks._result import DEFAULT_BUDGET, Counterexample, search
from asn_competency.testing.checks._support import candidate_label, dated, drawn_with
from asn_competency.testing.population import (
    Population,
    Runner,
    benefits,
    format_number,
)

__all__ = ["check_no_rank_reversal", "with_dominated"]

CHECK = "rank_reversal"

#: How many formations the check tries on a population it is given.
DEFAULT_LIMIT = 20


def _new_id(policy: SelectionPolicy, taken: set[str]) -> str:
    """A candidate id no row has, matching the id field's pattern if it has one."""
    decl = policy.candidate_fields.get("candidate_id")
    pattern = decl.pattern if isinstance(decl, StringField) else None
    for n in range(1, 10_000):
        for cid in (f"ZZ-{n:04d}", f"ZZ{n:04d}", f"{n:09d}"):
            if cid in taken:
                continue
            if pattern is None or compile_pattern(pattern).fullmatch(cid):
                return cid
    raise ValueError("no free candidate id fits the policy's candidate_id pattern")


def with_dominated(
    policy: SelectionPolicy, population: Population, formation_id: str, template: int
) -> tuple[Population, str]:
    """The population with one more applicant to ``formation_id``: a copy of the candidate
    row ``template`` (so that it meets the same requirements) with every benefit input at the
    worst end of its range (test scores at their minimum, a cost at its top, every rater at
    the scale's lowest level), under a new id; and that id."""
    taken = {str(row.get("candidate_id") or "") for row in population.candidates}
    cid = _new_id(policy, taken)
    row: dict[str, Any] = dict(population.candidates[template])
    row["candidate_id"] = cid
    row["formation_id"] = formation_id
    for benefit in benefits(policy):
        if benefit.kind == "field":
            row[benefit.field] = format_number(benefit.worst, benefit.places)
    ratings = [dict(r) for r in population.ratings]
    for stage in policy.stages:
        if isinstance(stage, RatingStage):
            low = str(stage.scale[0])
            for criterion in stage.criteria:
                for n in range(stage.min_raters):
                    ratings.append(
                        {
                            "candidate_id": cid,
                            "stage_id": stage.id,
                            "rater_id": f"R{n + 1}",
                            "criterion_id": criterion.id,
                            "score": low,
                        }
                    )
    grown = Population(
        (*population.candidates, row),
        population.formations,
        tuple(ratings),
        population.as_of,
    )
    return grown, cid


def _by_row(result: RunResult) -> dict[int, Decision]:
    return {d.row: d for d in result.decisions}


def _scores(decision: Decision) -> dict[str, object]:
    found: dict[str, object] = {"final_score": decision.final_score}
    for stage in decision.stages:
        found[f"{stage.stage_id}.score"] = stage.score
        for score in stage.scores:
            found[f"{stage.stage_id}.{score.id}"] = score.value
    return found


def _violation(
    policy: SelectionPolicy,
    population: Population,
    pick: int,
    runner: Runner,
) -> Counterexample | None:
    if not population.candidates or not population.formations:
        return None
    before = population.run(policy, runner)
    eligible = [
        d
        for d in before.decisions
        if d.final_status not in {"invalid_input", "ineligible"} and d.formation_id
    ]
    pool = eligible or [d for d in before.decisions if d.formation_id]
    if not pool:
        return None
    template = sorted(pool, key=lambda d: d.row)[pick % len(pool)]
    formation = template.formation_id or ""
    grown, cid = with_dominated(policy, population, formation, template.row - 1)
    after = grown.run(policy, runner)
    was, now = _by_row(before), _by_row(after)
    for row, decision in sorted(was.items()):
        other = now.get(row)
        if other is None:
            continue
        old, new = _scores(decision), _scores(other)
        for name, value in old.items():
            if new.get(name) != value:
                label = candidate_label(decision)
                return Counterexample(
                    CHECK,
                    "rank_reversal.score-changed",
                    {
                        "added": cid,
                        "formation": formation,
                        "score": name,
                        "candidate": label,
                        "before": str(value),
                        "after": str(new.get(name)),
                    },
                    candidates=(label, cid),
                    change={"added": cid, "formation": formation, "template": template.row},
                    population=population,
                )
    ranked: dict[str, list[tuple[Decision, Decision]]] = {}
    for row, decision in was.items():
        other = now.get(row)
        if (
            other is not None
            and decision.rank is not None
            and other.rank is not None
            and decision.formation_id == other.formation_id
        ):
            ranked.setdefault(decision.formation_id or "", []).append((decision, other))
    for where, pairs in sorted(ranked.items()):
        for first, first_now in pairs:
            for second, second_now in pairs:
                if (
                    first.rank is not None
                    and second.rank is not None
                    and first_now.rank is not None
                    and second_now.rank is not None
                    and first.rank < second.rank
                    and first_now.rank > second_now.rank
                ):
                    a, b = candidate_label(first), candidate_label(second)
                    return Counterexample(
                        CHECK,
                        "rank_reversal.reordered",
                        {"added": cid, "formation": where, "first": a, "second": b},
                        candidates=(a, b, cid),
                        change={"added": cid, "formation": formation, "template": template.row},
                        population=population,
                    )
    return None


def check_no_rank_reversal(
    policy: SelectionPolicy,
    population: Population | None = None,
    *,
    as_of: dt.date | None = None,
    budget: int = DEFAULT_BUDGET,
    limit: int = DEFAULT_LIMIT,
    runner: Runner = run,
) -> Counterexample | None:
    """Adding an applicant below everyone on every score (:func:`with_dominated`: a copy of an
    eligible applicant with every test score and rated level at the bottom of its range)
    changes no other candidate's scores and reverses no two candidates' order in any
    formation. On a ``population``: one such applicant added to each of up to ``limit``
    applicants' formations in turn; without one, populations drawn for the policy within
    ``budget``."""
    if population is not None:
        population = dated(policy, population, as_of)
        for pick in range(min(limit, max(1, len(population.candidates)))):
            found = _violation(policy, population, pick, runner)
            if found is not None:
                return found
        return None

    def picks(p: Population) -> st.SearchStrategy[int]:
        return st.integers(0, max(0, len(p.candidates) - 1))

    return search(
        drawn_with(policy, as_of, picks),
        lambda ex: _violation(policy, ex[0], ex[1], runner),
        budget,
    )
