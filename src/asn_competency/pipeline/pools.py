"""What a pooled stage decides for one formation's candidates, ranked: the one place both
engines (the reference, :mod:`.engine`, and the columns engine, :mod:`.columnar`) take it
from.

- :func:`shortlisted`: the best ``multiplier`` × quota advance, and everyone tied with the
  last of them on every key (docs/domain.md, "CPNS shortlist to SKB"); the others are
  ``outranked`` beyond the shortlist.
- :func:`within_quota`: the best ``quota`` advance; candidates tied on every key at the
  quota's boundary are ``needs_review``; the others are ``outranked``
  (docs/domain.md, "CPNS final ranking").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from asn_competency.model import OrderKey
from asn_competency.model.outcomes import Fact, Outcome
from asn_competency.pipeline.ordering import Ranked, ties
from asn_competency.pipeline.reasons import reason

__all__ = ["Placed", "shortlisted", "within_quota"]


@dataclass(frozen=True, slots=True)
class Placed:
    """One candidate's place in a pooled stage: the outcome, the reasons and the stage's
    detail (position, rank, cut or quota, the keys that separated the candidate)."""

    place: Ranked
    outcome: Outcome
    reasons: tuple[Fact, ...]
    detail: dict[str, Any]


def _detail(place: Ranked, **limit: int) -> dict[str, Any]:
    return {
        "position": place.position,
        "rank": place.rank,
        **limit,
        "decided_by": place.decided_by,
        "behind_by": place.behind_by,
    }


def shortlisted(order: Sequence[OrderKey], ranked: Sequence[Ranked], cut: int) -> list[Placed]:
    """A shortlist of ``cut`` places over one formation's ranked candidates."""
    last = ranked[cut - 1].values if 0 < cut <= len(ranked) else None
    placed = []
    for place in ranked:
        inside = place.position <= cut or (last is not None and ties(order, place.values, last))
        why: tuple[Fact, ...] = ()
        if not inside:
            why = (
                reason(
                    "rank.outside-shortlist",
                    position=place.position,
                    cut=cut,
                    decided_by=place.decided_by,
                    behind_by=place.behind_by,
                ),
            )
        outcome: Outcome = "advanced" if inside else "outranked"
        placed.append(Placed(place, outcome, why, _detail(place, cut=cut)))
    return placed


def within_quota(order: Sequence[OrderKey], ranked: Sequence[Ranked], quota: int) -> list[Placed]:
    """A final ranking over one formation's ranked candidates with ``quota`` places."""
    boundary: set[str] = set()
    if 0 < quota < len(ranked) and ties(order, ranked[quota - 1].values, ranked[quota].values):
        last = ranked[quota - 1].values
        boundary = {p.candidate for p in ranked if ties(order, p.values, last)}
    placed = []
    for place in ranked:
        outcome: Outcome
        why: tuple[Fact, ...]
        if place.candidate in boundary:
            outcome = "needs_review"
            why = (reason("rank.tie-at-quota", position=place.position, quota=quota),)
        elif place.position <= quota:
            outcome, why = "advanced", ()
        else:
            outcome = "outranked"
            why = (
                reason(
                    "rank.outranked",
                    position=place.position,
                    quota=quota,
                    decided_by=place.decided_by,
                    behind_by=place.behind_by,
                ),
            )
        placed.append(Placed(place, outcome, why, _detail(place, quota=quota)))
    return placed
