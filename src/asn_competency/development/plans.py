"""Individual development plans: close the largest core gaps first, within the budget, and
reach the yearly minimum of lesson hours.

The rule (``docs/domain.md``, "Talent management, development and performance": at least 20
JP a year for every PNS, PP 11/2017 as amended by PP 17/2020, Pasal 203; the plan comes from a
gap analysis against the SKJ, Pasal 206), made exact and deterministic:

1. **Gaps in priority order.** The person's gaps (:mod:`.gaps`) are ranked by the policy's
   ``priorities`` (``core_first``: core factors before secondary ones; ``largest_gap_first``:
   more levels short first); what remains tied keeps the standard's order of requirements.
2. **Programmes per gap.** For each gap in turn, while the level is below the target, the
   plan takes a programme that develops the competency *from the person's current level*
   (its ``from_level`` at or below it, its ``to_level`` above it): from the policy's
   ``closes`` list for that competency, in the order listed, or else from the whole
   catalogue, preferring the one that closes more of the gap, then fewer hours, a lower
   cost, the programme id. The first such programme that fits the budget left (hours and
   money) is taken; a programme raises every competency it develops from the person's level.
   When none fits, the gap stays open with the reason (``plan.gap-open``: no programme, or
   the hours or money of the best one left) and the plan moves on to the next gap: a lower
   gap never displaces a higher one.
3. **The JP minimum.** If the plan's hours are below the minimum in force on the as-of date,
   programmes that develop a competency of the position from the person's level are added
   (the position's own priority order, then fewer hours, lower cost, id) while they fit the
   budget (``plan.top-up``). If the minimum is still not reached, the plan says which
   constraint binds (``plan.minimum-not-met``): the hours budget (below the minimum itself,
   or too small for any programme left), the money budget, or the catalogue (nothing left
   that develops this person's competencies).

Every chosen programme carries its reason as a coded fact (:mod:`.facts`). Hours are
integers and money exact decimals: the budget is never exceeded, by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, Literal

from asn_competency.development._common import core_first, data_frame
from asn_competency.development.facts import fact
from asn_competency.development.gaps import GapProfile, GapRow, GapTable
from asn_competency.errors import PolicyError
from asn_competency.model import PositionStandard
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.outcomes import Fact
from asn_competency.model.training_catalog import Programme, TrainingCatalog

__all__ = ["PLAN_STATUSES", "Plan", "PlanTable", "PlannedProgramme", "gap_order", "plan", "plans"]

PlanStatus = Literal["complete", "gaps_open", "not_assessed", "below_minimum"]
#: Every plan status, from the best to the worst.
PLAN_STATUSES: tuple[PlanStatus, ...] = ("complete", "gaps_open", "not_assessed", "below_minimum")


@dataclass(frozen=True, slots=True)
class PlannedProgramme:
    """A programme in a plan and why it is there."""

    programme: str
    hours: int
    cost: Decimal
    mode: str
    provider: str
    reason: Fact


@dataclass(frozen=True, slots=True)
class Plan:
    """One person's development plan for the year of ``as_of``.

    ``status``: ``complete`` (every gap closed and the minimum reached), ``gaps_open`` (the
    minimum reached, some gap left open), ``not_assessed`` (the minimum reached, but some
    competency has no assessment, so its gap is unknown) or ``below_minimum``. ``notes``
    holds the facts about the plan as a whole: competencies not assessed, open gaps, the
    minimum met or not.
    """

    employee_id: str
    as_of: dt.date
    programmes: tuple[PlannedProgramme, ...]
    hours: int
    cost: Decimal
    min_jp: int
    levels_after: Mapping[str, int]
    notes: tuple[Fact, ...]

    @property
    def meets_minimum(self) -> bool:
        """Whether the plan's hours reach the yearly minimum."""
        return self.hours >= self.min_jp

    @property
    def open_gaps(self) -> tuple[Fact, ...]:
        """The ``plan.gap-open`` facts, in priority order."""
        return tuple(n for n in self.notes if n.code == "plan.gap-open")

    @property
    def status(self) -> PlanStatus:
        """``below_minimum``, ``not_assessed``, ``gaps_open`` or ``complete``, the first that
        holds (see the class notes)."""
        if not self.meets_minimum:
            return "below_minimum"
        if any(n.code == "plan.not-assessed" for n in self.notes):
            return "not_assessed"
        return "gaps_open" if self.open_gaps else "complete"


@dataclass(frozen=True)
class PlanTable:
    """The plans of a group of people, by employee id."""

    #: The columns of its records, in order (its CSV file's and its DataFrame's).
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "employee_id",
        "status",
        "plan_hours",
        "plan_cost",
        "min_jp",
        "programme",
        "hours",
        "cost",
        "reason",
    )

    plans: tuple[Plan, ...]

    def records(self) -> list[dict[str, object]]:
        """One mapping per planned programme (a person with none: one row without one)."""
        out: list[dict[str, object]] = []
        for p in self.plans:
            base = {
                "employee_id": p.employee_id,
                "status": p.status,
                "plan_hours": p.hours,
                "plan_cost": p.cost,
                "min_jp": p.min_jp,
            }
            if not p.programmes:
                out.append({**base, "programme": None, "hours": None, "cost": None, "reason": None})
            for item in p.programmes:
                out.append(
                    {
                        **base,
                        "programme": item.programme,
                        "hours": item.hours,
                        "cost": item.cost,
                        "reason": item.reason.code,
                    }
                )
        return out

    def to_pandas(self) -> Any:
        """The records as a ``pandas.DataFrame``; needs pandas."""
        return data_frame(self.records(), self.COLUMNS)


def gap_order(
    profile: GapProfile, policy: DevelopmentPolicy, standard: PositionStandard
) -> tuple[GapRow, ...]:
    """The person's gaps (rows below the standard) in the order the plan closes them."""
    position = {r.competency: i for i, r in enumerate(standard.requirements)}

    def key(row: GapRow) -> tuple[int, ...]:
        parts = []
        for priority in policy.plan.priorities:
            if priority == "core_first":
                parts.append(0 if row.factor == "core" else 1)
            else:
                parts.append(-(row.shortfall or 0))
        return (*parts, position[row.competency])

    return tuple(sorted(profile.below, key=key))


@dataclass
class _Budget:
    hours: int | None
    money: Decimal | None
    used_hours: int = 0
    used_money: Decimal = Decimal(0)

    def misses(self, programme: Programme) -> Literal["hours", "money"] | None:
        """Which limit taking ``programme`` would break, hours first; ``None`` if it fits."""
        if self.hours is not None and self.used_hours + programme.hours > self.hours:
            return "hours"
        if self.money is not None and self.used_money + programme.cost > self.money:
            return "money"
        return None

    def take(self, programme: Programme) -> None:
        self.used_hours += programme.hours
        self.used_money += programme.cost


def _raises(programme: Programme, competency: str, level: int) -> bool:
    item = programme.develops_competency(competency)
    return item is not None and item.from_level <= level < item.to_level


def _candidates(
    competency: str,
    *,
    level: int,
    target: int,
    policy: DevelopmentPolicy,
    catalogue: TrainingCatalog,
    taken: Iterable[str],
) -> list[Programme]:
    """Programmes that raise ``competency`` from ``level``, preferred first."""
    done = set(taken)
    listed = next((c.programmes for c in policy.plan.closes if c.competency == competency), None)
    if listed is not None:
        pool = [catalogue.programme(pid) for pid in listed]
        return [p for p in pool if p.id not in done and _raises(p, competency, level)]

    def preference(p: Programme) -> tuple[int, int, Decimal, str]:
        reached = p.develops_competency(competency)
        to_level = reached.to_level if reached is not None else level
        return (-min(to_level, target), p.hours, p.cost, p.id)

    pool = [p for p in catalogue.programmes if p.id not in done and _raises(p, competency, level)]
    return sorted(pool, key=preference)


def plan(
    profile: GapProfile,
    policy: DevelopmentPolicy,
    standard: PositionStandard,
    catalogue: TrainingCatalog,
) -> Plan:
    """The development plan of one person (see the module notes for the rule).

    Raises :class:`~asn_competency.errors.PolicyError` when the policy does not fit the
    standard and catalogue given (:meth:`DevelopmentPolicy.problems_against`), and
    :class:`~asn_competency.errors.ParameterError` when the JP minimum has no value in force
    on the profile's date.
    """
    problems = policy.problems_against(standard, catalogue)
    if problems:
        raise PolicyError(problems)
    min_jp, reference = policy.min_jp_at(profile.as_of)
    budget = _Budget(policy.plan.budget.hours, policy.plan.budget.money)
    levels = dict(profile.levels())
    chosen: list[PlannedProgramme] = []
    notes: list[Fact] = []
    if profile.missing:
        notes.append(fact("plan.not-assessed", competencies=list(profile.missing)))

    def take(programme: Programme, reason: Fact) -> None:
        budget.take(programme)
        for item in programme.develops:
            level = levels.get(item.competency)
            if level is not None and item.from_level <= level < item.to_level:
                levels[item.competency] = item.to_level
        chosen.append(
            PlannedProgramme(
                programme.id,
                programme.hours,
                programme.cost,
                programme.mode,
                programme.provider,
                reason,
            )
        )

    for rank, row in enumerate(gap_order(profile, policy, standard), start=1):
        while levels[row.competency] < row.target:
            level = levels[row.competency]
            pool = _candidates(
                row.competency,
                level=level,
                target=row.target,
                policy=policy,
                catalogue=catalogue,
                taken=(c.programme for c in chosen),
            )
            fitting = next((p for p in pool if budget.misses(p) is None), None)
            if fitting is None:
                notes.append(
                    fact(
                        "plan.gap-open",
                        competency=row.competency,
                        level=level,
                        target=row.target,
                        reason=budget.misses(pool[0]) if pool else "no-programme",
                        programme=pool[0].id if pool else None,
                    )
                )
                break
            before = dict(levels)
            also = sorted(
                d.competency
                for d in fitting.develops
                if d.competency != row.competency
                and d.competency in before
                and d.from_level <= before[d.competency] < d.to_level
            )
            item = fitting.develops_competency(row.competency)
            to_level = item.to_level if item is not None else level  # a candidate develops it
            take(
                fitting,
                fact(
                    "plan.closes-gap",
                    competency=row.competency,
                    rank=rank,
                    programme=fitting.id,
                    from_level=level,
                    to_level=to_level,
                    target=row.target,
                    hours=fitting.hours,
                    cost=fitting.cost,
                    also=also,
                ),
            )
    _top_up(
        standard,
        catalogue=catalogue,
        budget=budget,
        levels=levels,
        chosen=chosen,
        min_jp=min_jp,
        take=take,
    )
    hours = sum(c.hours for c in chosen)
    if hours >= min_jp:
        notes.append(fact("plan.minimum-met", jp=hours, minimum=min_jp, reference=reference))
    else:
        notes.append(
            fact(
                "plan.minimum-not-met",
                jp=hours,
                minimum=min_jp,
                reference=reference,
                binding=_binding(
                    standard,
                    catalogue=catalogue,
                    budget=budget,
                    levels=levels,
                    chosen=chosen,
                    min_jp=min_jp,
                ),
                hours_budget=budget.hours,
                money_budget=budget.money,
            )
        )
    return Plan(
        profile.employee_id,
        profile.as_of,
        tuple(chosen),
        hours,
        sum((c.cost for c in chosen), Decimal(0)),
        min_jp,
        dict(sorted(levels.items())),
        tuple(notes),
    )


def _relevant(
    standard: PositionStandard,
    catalogue: TrainingCatalog,
    levels: Mapping[str, int],
    chosen: Sequence[PlannedProgramme],
) -> list[tuple[Programme, list[str], int]]:
    """Programmes not yet chosen that raise a competency of the position from the person's
    level, with those competencies and the best rank among them (core first)."""
    order = {r.competency: i for i, r in enumerate(core_first(standard))}
    taken = {c.programme for c in chosen}
    found = []
    for programme in catalogue.programmes:
        if programme.id in taken:
            continue
        raised = sorted(
            (
                d.competency
                for d in programme.develops
                if d.competency in order
                and d.competency in levels
                and _raises(programme, d.competency, levels[d.competency])
            ),
            key=order.__getitem__,
        )
        if raised:
            found.append((programme, raised, order[raised[0]]))
    found.sort(key=lambda f: (f[2], f[0].hours, f[0].cost, f[0].id))
    return found


def _top_up(
    standard: PositionStandard,
    *,
    catalogue: TrainingCatalog,
    budget: _Budget,
    levels: dict[str, int],
    chosen: list[PlannedProgramme],
    min_jp: int,
    take: Callable[[Programme, Fact], None],
) -> None:
    """Add programmes for the position's competencies until the minimum is reached."""
    while budget.used_hours < min_jp:
        fitting = next(
            (
                f
                for f in _relevant(standard, catalogue, levels, chosen)
                if budget.misses(f[0]) is None
            ),
            None,
        )
        if fitting is None:
            return
        programme, raised, _ = fitting
        take(
            programme,
            fact(
                "plan.top-up",
                programme=programme.id,
                competencies=raised,
                hours=programme.hours,
                cost=programme.cost,
                jp_before=budget.used_hours,
                minimum=min_jp,
            ),
        )


def _binding(
    standard: PositionStandard,
    *,
    catalogue: TrainingCatalog,
    budget: _Budget,
    levels: Mapping[str, int],
    chosen: Sequence[PlannedProgramme],
    min_jp: int,
) -> str:
    """Which constraint keeps the plan below the minimum."""
    if budget.hours is not None and budget.hours < min_jp:
        return "hours"
    misses = {budget.misses(p) for p, _, _ in _relevant(standard, catalogue, levels, chosen)}
    if "money" in misses:
        return "money"
    if "hours" in misses:
        return "hours"
    return "catalogue"


def plans(
    table: GapTable,
    policy: DevelopmentPolicy,
    standard: PositionStandard,
    catalogue: TrainingCatalog,
) -> PlanTable:
    """The plan of every person in a gap table, in its order (by employee id)."""
    return PlanTable(tuple(plan(p, policy, standard, catalogue) for p in table.profiles))
