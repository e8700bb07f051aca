"""Rank stability under noise: how often each selection survives its criteria's measurement
error.

No score is measured exactly: an interviewer's level could have been one higher, a test
score a few points lower. Each replication adds to every candidate's value on each criterion
an independent error drawn uniformly from ``[−e, +e]`` (on a grid of :data:`STEPS` + 1
exact points, ``e`` the criterion's stated error), computes the weighted score again and
re-decides from the weighted stage with the engine's rules (:class:`~._replay.Replay`); a
candidate selected in the run *survives* a replication when they are still selected.
The draws come from one ``random.Random(seed)`` in a fixed order: the same seed gives the
same result.

The error of each criterion is the analyst's (``errors``); for a criterion they do not give,
it is :data:`DEFAULT_ERROR` point on the criterion's own scale (the values weighed: 0-100 for
the shipped policies' criteria). The policy itself does not state measurement errors.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from asn_competency.errors import PolicyError, Problem
from asn_competency.evaluation._common import Table, exact
from asn_competency.evaluation.rubric._replay import Replay

__all__ = ["DEFAULT_ERROR", "RankStability", "Survival", "rank_stability"]

#: A criterion's error when the analyst gives none: one point on its scale.
DEFAULT_ERROR = Fraction(1)
#: The uniform error is drawn among this many + 1 equally spaced exact values.
STEPS = 200


@dataclass(frozen=True)
class Survival:
    """One candidate selected in the run: in how many replications they stay selected."""

    candidate: str
    formation: str | None
    survived: int
    replications: int

    @property
    def share(self) -> Fraction:
        """The share of replications in which the selection survives."""
        return Fraction(self.survived, self.replications)


@dataclass(frozen=True)
class RankStability(Table):
    """Every selected candidate's survival, lowest first, and the errors used."""

    score: str
    errors: Mapping[str, Fraction]
    replications: int
    seed: int
    rows: tuple[Survival, ...]

    def records(self) -> list[dict[str, object]]:
        """One row per candidate selected in the run."""
        return [
            {
                "candidate": row.candidate,
                "formation": row.formation,
                "survived": row.survived,
                "replications": row.replications,
                "share": row.share,
            }
            for row in self.rows
        ]

    def mean_share(self) -> Fraction | None:
        """The mean survival share over the selected candidates."""
        if not self.rows:
            return None
        return sum((row.share for row in self.rows), Fraction(0)) / len(self.rows)

    def caption(self) -> str:
        """What the table shows."""
        return f"Selections surviving measurement error ({self.replications} replications)"

    def note(self) -> str:
        """The errors used."""
        return "errors: " + ", ".join(f"{k} ±{v}" for k, v in self.errors.items())


def rank_stability(
    replay: Replay,
    *,
    errors: Mapping[str, object] | None = None,
    replications: int = 20,
    seed: int = 0,
) -> RankStability:
    """Re-decide ``replications`` times with every criterion value perturbed by its error,
    and count how often each selection survives."""
    given = dict(errors or {})
    unknown = sorted(set(given) - set(replay.criteria))
    if unknown:
        raise PolicyError(
            [
                Problem(
                    "analysis.invalid-option",
                    f"errors name criteria that {replay.score_id!r} lacks: {', '.join(unknown)}",
                    value=unknown,
                    hint="criteria: " + ", ".join(replay.criteria),
                )
            ]
        )
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise PolicyError(
            [
                Problem(
                    "analysis.invalid-option",
                    f"replications must be a whole number of at least 1 (got {replications!r})",
                    value=str(replications),
                )
            ]
        )
    spread = {}
    for criterion in replay.criteria:
        value = exact(given[criterion], f"errors[{criterion!r}]") if criterion in given else None
        if value is not None and value < 0:
            raise PolicyError(
                [
                    Problem(
                        "analysis.invalid-option",
                        f"errors[{criterion!r}] must not be negative (got {value})",
                        value=str(value),
                    )
                ]
            )
        spread[criterion] = DEFAULT_ERROR if value is None else value
    before = replay.decide()
    selected = sorted(k for k, o in before.items() if o.selected)
    survived = dict.fromkeys(selected, 0)
    draws = random.Random(seed)  # noqa: S311 - a reproducible simulation, not a secret
    half = STEPS // 2
    for _ in range(replications):
        values = {}
        for criterion in replay.criteria:
            e = spread[criterion]
            values[criterion] = [
                None if x is None else x + e * Fraction(draws.randint(-half, half), half)
                for x in replay.values[criterion]
            ]
        after = replay.decide(values=values)
        for key in selected:
            survived[key] += after[key].selected
    rows = sorted(
        (Survival(key, before[key].formation_id, survived[key], replications) for key in selected),
        key=lambda row: (row.survived, row.candidate),
    )
    return RankStability(replay.score_id, spread, replications, seed, tuple(rows))
