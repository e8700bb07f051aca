"""What a drawing gives: :class:`SynthData` (the rows as they will be written, notes and
planted cases), :class:`Planted` (one planted case) and :data:`INVALID_KINDS`."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["INVALID_KINDS", "Planted", "SynthData"]

#: The kinds of invalid candidate row planted (``invalid.<kind>`` in notes).
INVALID_KINDS = (
    "unparsable_number",
    "out_of_range",
    "bad_date",
    "unknown_formation",
    "missing_required",
    "unknown_code",
)


@dataclass(frozen=True)
class Planted:
    """One planted case: its kind (the notes key), the candidate row (0-based index into
    :attr:`SynthData.candidates`; ``None`` for a rating case without a row of its own), the
    candidate id, the field (or ``stage/criterion`` for ratings) and the value written."""

    kind: str
    row: int | None
    candidate_id: str
    field: str
    value: str


@dataclass(frozen=True)
class SynthData:
    """A synthetic recruitment cycle: rows as they will be written (every value a string,
    empty for a missing value), what was planted, and counts of it by kind.

    ``notes`` keys: ``absent.<stage>``, ``invalid.<kind>``, ``duplicate_ids``,
    ``eligibility.over_age``, ``eligibility.education_mismatch``, ``eligibility.<field>``
    (a value an eligibility rule refuses: a flag, a code, too little experience, a programme
    the formation does not list), ``ratings.<stage>.candidates``,
    ``ratings.<stage>.disagreement``, ``ratings.<stage>.missing_rater``,
    ``formations.without_applicants``. Every ``eligibility.*`` case is also in ``planted``
    with its row; a row the rules refuse is always one of them (an education level above the
    formation's is planted too, though an "at least" rule accepts it).

    ``catalogue`` says what the formations were drawn from: ``national``, or ``local: <the
    unit a position standard names> (position standard <id>)``.
    """

    candidates: list[dict[str, str]]
    formations: list[dict[str, str]]
    ratings: list[dict[str, str]]
    notes: dict[str, int]
    planted: list[Planted] = field(default_factory=list)
    has_ratings: bool = False
    catalogue: str = "national"
