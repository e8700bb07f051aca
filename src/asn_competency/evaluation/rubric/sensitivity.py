"""Weight sensitivity: how the ranking and the selection move when one weight moves.

Each criterion's share (its weight over the sum of the weights, which is what the engine
weighs with: it divides a ``normalised`` sum's weights by their sum, and a ``sum-to-one``
sum's weights are their shares) is moved to the ends of its bounds, one criterion at a time,
and the other criteria's shares are scaled in proportion so that the shares still sum to 1
(renormalised, as a ``sum-to-one`` policy must be and a ``normalised`` one is). The bounds are
± :data:`DEFAULT_BOUND` of each share unless the analyst gives them (shares from 0 to 1). For each
perturbation, per formation: Kendall's tau-b between the original ranks and the perturbed
ones (the candidates ranked both times; scipy's ``kendalltau``), and how many of the
candidates selected before are not selected after (``dropped``) and the other way round.

For a chosen candidate, :func:`flip_weights` finds, per criterion, the smallest change of the
criterion's share (its normalised weight, the others in proportion) that changes whether the
candidate is selected. The weighted score is linear in the share, so the candidate's order
against each competitor of the same formation changes only where their two scores are equal:
those points are solved exactly, visited outward from the current share, and the decision at
each (and between each two) is the engine's, through a re-decision; between the last point
with the same selection and the first with another, bisection on exact values narrows the
change. A change that comes only from another formation (optimisation) between two such points
is not searched for.

Every re-decision uses :class:`~._replay.Replay`: the stages before the weighted one run once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from asn_competency.errors import PolicyError, Problem, describe_value
from asn_competency.evaluation._common import Table, exact, optional_module
from asn_competency.evaluation.rubric._replay import Outcome, Replay

__all__ = [
    "DEFAULT_BOUND",
    "Flip",
    "FlipSearch",
    "SensitivityRow",
    "WeightSensitivity",
    "flip_weights",
    "weight_sensitivity",
]

#: Each weight moves by this fraction of itself, down and up, unless bounds are given.
DEFAULT_BOUND = Fraction(1, 10)
#: Bisection steps between the last same selection and the first different one.
BISECTION_STEPS = 6
#: The flip search keeps every share within [EDGE, 1 − EDGE]: a policy's weights are
#: positive, so a share of 0 or 1 is no policy.
EDGE = Fraction(1, 1000)
#: Points visited per criterion and direction before the search gives up.
MAX_POINTS = 40


def _invalid(message: str, value: object = None, hint: str | None = None) -> PolicyError:
    return PolicyError([Problem("analysis.invalid-option", message, value=value, hint=hint)])


@dataclass(frozen=True)
class SensitivityRow:
    """One perturbation in one formation (``formation`` ``*``: all formations together)."""

    criterion: str
    direction: str
    weight: Fraction
    share: Fraction
    formation: str
    ranked: int
    kendall_tau: float | None
    selected_before: int
    dropped: int
    added: int

    @property
    def share_changed(self) -> Fraction | None:
        """The share of the candidates selected before who are not selected after."""
        return Fraction(self.dropped, self.selected_before) if self.selected_before else None


@dataclass(frozen=True)
class WeightSensitivity(Table):
    """Every perturbation's rows: all formations first, then each formation."""

    score: str
    weights: Mapping[str, Fraction]
    rows: tuple[SensitivityRow, ...]
    redecisions: int

    def records(self) -> list[dict[str, object]]:
        """One row per perturbation and formation."""
        return [
            {
                "score": self.score,
                "criterion": row.criterion,
                "direction": row.direction,
                "weight": row.weight,
                "share": row.share,
                "formation": row.formation,
                "ranked": row.ranked,
                "kendall_tau": row.kendall_tau,
                "selected_before": row.selected_before,
                "dropped": row.dropped,
                "added": row.added,
                "share_changed": row.share_changed,
            }
            for row in self.rows
        ]

    def overall(self) -> tuple[SensitivityRow, ...]:
        """The rows over all formations together."""
        return tuple(row for row in self.rows if row.formation == "*")

    def caption(self) -> str:
        """What the table shows."""
        return f"Weight sensitivity of {self.score}"

    def note(self) -> str:
        """How to read the table."""
        return (
            "each weight moved to a bound, the others kept, renormalised; kendall_tau: the "
            "original ranks against the perturbed ones (tau-b); dropped: selected before, "
            "not after"
        )


def _bounds(
    replay: Replay, bound: object, bounds: Mapping[str, tuple[object, object]] | None
) -> dict[str, tuple[Fraction, Fraction]]:
    """Each criterion's lowest and highest share: the analyst's, else ± ``bound`` of it."""
    shares = _normalised(replay.weights)
    if bounds is not None:
        unknown = sorted(set(bounds) - set(shares))
        if unknown:
            raise _invalid(
                f"bounds name criteria that {replay.score_id!r} lacks: {', '.join(unknown)}",
                value=unknown,
                hint="criteria: " + ", ".join(shares),
            )
    fraction = exact(bound, "bound")
    if not 0 < fraction < 1:
        raise _invalid(
            f"bound must be a fraction between 0 and 1 (got {describe_value(bound)})",
            value=str(bound),
        )
    result: dict[str, tuple[Fraction, Fraction]] = {}
    for criterion, share in shares.items():
        if bounds is not None and criterion in bounds:
            low, high = (exact(v, f"bounds[{criterion!r}]") for v in bounds[criterion])
            if not 0 <= low <= share <= high <= 1:
                raise _invalid(
                    f"bounds[{criterion!r}] must be shares from 0 to 1 around the current "
                    f"share {share} (got [{low}, {high}])",
                    value=[str(low), str(high)],
                )
        else:
            low, high = share * (1 - fraction), min(Fraction(1), share * (1 + fraction))
        result[criterion] = (low, high)
    return result


def _normalised(weights: Mapping[str, Fraction]) -> dict[str, Fraction]:
    total = sum(weights.values(), Fraction(0))
    return {k: v / total for k, v in weights.items()}


def _kendall(pairs: Sequence[tuple[int, int]]) -> float | None:
    if len(pairs) < 2:
        return None
    stats = optional_module("scipy.stats")
    first, second = zip(*pairs, strict=True)
    if len(set(first)) < 2 or len(set(second)) < 2:
        return None
    return float(stats.kendalltau(first, second).statistic)


def _compare(
    change: tuple[str, str, Fraction, Fraction],
    before: Mapping[str, Outcome],
    after: Mapping[str, Outcome],
) -> list[SensitivityRow]:
    """The rows of one perturbation (criterion, direction, weight, share): all formations,
    then each."""
    criterion, direction, weight, share = change
    by_formation: dict[str, list[str]] = {}
    for key, outcome in before.items():
        by_formation.setdefault(outcome.formation_id or "", []).append(key)
    rows = []
    scopes = [("*", sorted(before)), *sorted(by_formation.items())]
    for formation, keys in scopes:
        pairs = [
            (r0, r1)
            for k in keys
            if (r0 := before[k].rank) is not None and (r1 := after[k].rank) is not None
        ]
        # all formations: tau only when there is one (ranks are per formation)
        tau = _kendall(pairs) if formation != "*" or len(scopes) == 2 else None
        selected = [k for k in keys if before[k].selected]
        dropped = sum(1 for k in selected if not after[k].selected)
        added = sum(1 for k in keys if after[k].selected and not before[k].selected)
        rows.append(
            SensitivityRow(
                criterion,
                direction,
                weight,
                share,
                formation,
                len(pairs),
                tau,
                len(selected),
                dropped,
                added,
            )
        )
    return rows


def weight_sensitivity(
    replay: Replay,
    *,
    bound: object = DEFAULT_BOUND,
    bounds: Mapping[str, tuple[object, object]] | None = None,
) -> WeightSensitivity:
    """Move each criterion's share of the replay's weighted score to its lower and upper
    bound (the others in proportion) and compare each re-decision with the run's.

    ``bound``: the fraction of each share it moves by (default 1/10); ``bounds``:
    criterion → (lowest, highest) share, for the criteria the analyst bounds. Kendall's tau
    needs scipy (the ``analysis`` extra).
    """
    limits = _bounds(replay, bound, bounds)
    before = replay.decide()
    rows: list[SensitivityRow] = []
    count = 1
    for criterion, (low, high) in limits.items():
        for direction, share in (("down", low), ("up", high)):
            weights = _with_share(replay, criterion, share)
            after = replay.decide(weights)
            count += 1
            change = (criterion, direction, weights[criterion], share)
            rows += _compare(change, before, after)
    return WeightSensitivity(replay.score_id, dict(replay.weights), tuple(rows), count)


@dataclass(frozen=True)
class Flip:
    """The smallest change of one criterion's share that changes whether the candidate is
    selected, in one direction: the selection changes between ``kept`` (the farthest share
    checked where it stays) and ``flipped`` (the nearest where it changes); ``None`` for
    both when no change was found for shares within ``[EDGE, 1 − EDGE]`` (or within
    :data:`MAX_POINTS` points)."""

    criterion: str
    direction: str
    current: Fraction
    kept: Fraction | None
    flipped: Fraction | None
    status_after: str | None

    @property
    def change(self) -> Fraction | None:
        """How far the share moves to flip the selection (``flipped − current``)."""
        return None if self.flipped is None else self.flipped - self.current


@dataclass(frozen=True)
class FlipSearch(Table):
    """For one candidate, the smallest change of each criterion's share, down and up, that
    changes whether they are selected."""

    candidate: str
    status: str
    flips: tuple[Flip, ...]
    redecisions: int

    def records(self) -> list[dict[str, object]]:
        """One row per criterion and direction."""
        return [
            {
                "candidate": self.candidate,
                "status": self.status,
                "criterion": flip.criterion,
                "direction": flip.direction,
                "current_share": flip.current,
                "kept": flip.kept,
                "flipped": flip.flipped,
                "change": flip.change,
                "status_after": flip.status_after,
            }
            for flip in self.flips
        ]

    def caption(self) -> str:
        """What the table shows."""
        return f"Smallest weight change that changes the selection of {self.candidate}"

    def note(self) -> str:
        """How to read the table."""
        return (
            "share: the criterion's normalised weight, the others scaled in proportion; the "
            "selection changes between kept and flipped"
        )


def _with_share(replay: Replay, criterion: str, share: Fraction) -> dict[str, Fraction]:
    """The weights with ``criterion``'s normalised share set, the others in proportion."""
    current = replay.weights
    rest = sum((w for k, w in current.items() if k != criterion), Fraction(0))
    return {
        k: share if k == criterion else (w / rest * (1 - share) if rest else Fraction(0))
        for k, w in current.items()
    }


def _crossings(replay: Replay, index: int, criterion: str) -> list[Fraction]:
    """The shares of ``criterion`` at which the candidate's weighted score equals a
    competitor's of the same formation (the exact, unrounded scores)."""
    weights = replay.weights
    rest = {k: w for k, w in weights.items() if k != criterion}
    total_rest = sum(rest.values(), Fraction(0))

    def parts(i: int) -> tuple[Fraction, Fraction] | None:
        xs = {k: replay.values[k][i] for k in weights}
        if any(x is None for x in xs.values()):
            return None
        own = xs[criterion]
        other = (
            sum((w * xs[k] for k, w in rest.items()), Fraction(0)) / total_rest  # type: ignore[operator]
            if total_rest
            else Fraction(0)
        )
        return own, other  # type: ignore[return-value]

    mine = parts(index)
    if mine is None:
        return []
    formation = replay.formation(index)
    points = set()
    for j in range(len(replay.reached)):
        if j == index or replay.formation(j) != formation:
            continue
        theirs = parts(j)
        if theirs is None:
            continue
        # s·a + (1 − s)·b = s·c + (1 − s)·d  ⇔  s·((a − b) − (c − d)) = d − b
        slope = (mine[0] - mine[1]) - (theirs[0] - theirs[1])
        if slope != 0:
            s = (theirs[1] - mine[1]) / slope
            if EDGE <= s <= 1 - EDGE:
                points.add(s)
    return sorted(points)


def flip_weights(replay: Replay, candidate: str) -> FlipSearch:
    """For ``candidate`` (an id among those who reached the weighted stage), per criterion
    and direction, the smallest change of the criterion's share that changes whether they
    are selected (see the module's description of the search)."""
    keys = [c.key for c in replay.reached]
    if candidate not in keys:
        raise PolicyError(
            [
                Problem(
                    "analysis.unknown-candidate",
                    f"candidate {candidate!r} did not reach the weighted stage "
                    f"{replay.score_id!r} (or is not in the data)",
                    value=candidate,
                    hint="choose a candidate the weighted stage scored",
                )
            ]
        )
    index = keys.index(candidate)
    base = replay.decide()[candidate]
    count = 1
    shares = _normalised(replay.weights)
    flips = []
    for criterion in replay.criteria:
        current = shares[criterion]
        crossings = _crossings(replay, index, criterion)
        for direction in ("down", "up"):
            beyond = [p for p in crossings if (p < current if direction == "down" else p > current)]
            beyond.sort(key=lambda p: abs(p - current))
            end = EDGE if direction == "down" else 1 - EDGE
            stops = [*beyond, end]
            points: list[Fraction] = []
            previous = current
            for stop in stops:
                middle = (previous + stop) / 2
                points += [middle, stop] if middle != stop else [stop]
                previous = stop
            kept: Fraction = current
            found: tuple[Fraction, str] | None = None
            for point in points[:MAX_POINTS]:
                outcome = replay.decide(_with_share(replay, criterion, point))[candidate]
                count += 1
                if outcome.selected != base.selected:
                    found = (point, outcome.final_status)
                    break
                kept = point
            if found is None:
                flips.append(Flip(criterion, direction, current, None, None, None))
                continue
            low, high = kept, found[0]
            status = found[1]
            for _ in range(BISECTION_STEPS):
                middle = (low + high) / 2
                outcome = replay.decide(_with_share(replay, criterion, middle))[candidate]
                count += 1
                if outcome.selected != base.selected:
                    high, status = middle, outcome.final_status
                else:
                    low = middle
            flips.append(Flip(criterion, direction, current, low, high, status))
    return FlipSearch(candidate, base.final_status, tuple(flips), count)
