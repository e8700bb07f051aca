"""The ratings table: one :class:`Rating` per row of exactly :data:`RATING_COLUMNS`, and the
problems of the rows left out (malformed, unexpected keys, a repeated rater and criterion,
one id written two ways, and, read against a policy, a stage or criterion it does not have).

Ids are compared by :func:`~._values.id_key` (NFKC, without zero-width and other format
characters, case-folded): ``R1``, ``r1`` and ``R1`` followed by a zero-width space are one
rater, so a file that writes one id in two spellings is refused (``input.id-spelling``)
rather than counting two raters. :class:`RatingTable` indexes the scores by candidate and
stage, criterion and rater.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from asn_competency.errors import PolicyError, Problem, did_you_mean
from asn_competency.model import DecimalField, RatingStage, SelectionPolicy
from asn_competency.pipeline.inputs._sources import (
    Source,
    _best_id,
    _header_problems,
    _Input,
    _load,
    _located,
    _Record,
)
from asn_competency.pipeline.inputs._values import _ABSENT, _TEXT, _Fault, _Parser, id_key

__all__ = ["RATING_COLUMNS", "Rating", "RatingTable", "read_ratings"]

#: The columns of a ratings table, exactly.
RATING_COLUMNS: Final = ("candidate_id", "stage_id", "rater_id", "criterion_id", "score")
_ID_COLUMNS: Final = RATING_COLUMNS[:4]
_SCORE = DecimalField(type="decimal")


@dataclass(frozen=True)
class Rating:
    """One rater's score for one criterion of one candidate at one stage."""

    candidate_id: str
    stage_id: str
    rater_id: str
    criterion_id: str
    score: Decimal
    line: int


@dataclass(frozen=True)
class RatingTable:
    """The usable ratings, in file order, and the problems of the others.

    A row with a problem is left out of ``ratings``; of two rows with the same candidate,
    stage, rater and criterion the first is kept and the second reported.
    """

    file: str | None
    ratings: tuple[Rating, ...]
    problems: tuple[Problem, ...] = ()
    problem_candidates: tuple[str | None, ...] = ()
    candidate_column: int | None = None  # ``candidate_id``'s CSV column, to locate problems
    _index: Mapping[tuple[str, str], Mapping[str, Mapping[str, Decimal]]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        grouped: dict[tuple[str, str], dict[str, dict[str, Decimal]]] = {}
        for r in self.ratings:
            by_criterion = grouped.setdefault((r.candidate_id, r.stage_id), {})
            by_criterion.setdefault(r.criterion_id, {})[r.rater_id] = r.score
        index = {
            key: MappingProxyType(
                {
                    criterion: MappingProxyType(dict(sorted(raters.items())))
                    for criterion, raters in sorted(criteria.items())
                }
            )
            for key, criteria in grouped.items()
        }
        object.__setattr__(self, "_index", MappingProxyType(index))

    def for_candidate(
        self, candidate_id: str, stage_id: str
    ) -> Mapping[str, Mapping[str, Decimal]]:
        """A candidate's scores at a stage: criterion id → rater id → score, both sorted by
        id (empty when there is none)."""
        return self._index.get((candidate_id, stage_id), MappingProxyType({}))

    def has_stage(self, stage_id: str) -> bool:
        """Whether any usable rating is for ``stage_id``."""
        return any(stage == stage_id for _, stage in self._index)

    def problems_for(self, candidate_id: str) -> tuple[Problem, ...]:
        """The problems of rows that name ``candidate_id``."""
        return tuple(
            p
            for p, c in zip(self.problems, self.problem_candidates, strict=False)
            if c == candidate_id
        )

    def unknown_candidates(self, candidate_ids: Iterable[str]) -> tuple[Problem, ...]:
        """``input.unknown-candidate`` for each rating whose candidate is not listed."""
        known = set(candidate_ids)
        return tuple(
            Problem(
                "input.unknown-candidate",
                f"candidate {r.candidate_id!r} is not in the candidates table",
                path=("candidate_id",),
                file=self.file,
                line=r.line,
                column=self.candidate_column,
                value=r.candidate_id,
                hint=_nearest(r.candidate_id, known),
            )
            for r in self.ratings
            if r.candidate_id not in known
        )

    def raise_for_problems(self) -> None:
        """Raise :class:`PolicyError` listing every problem, if there is any."""
        if self.problems:
            raise PolicyError(self.problems)


def read_ratings(source: Source, policy: SelectionPolicy | None = None) -> RatingTable:
    """Read a ratings table: exactly the columns of :data:`RATING_COLUMNS`, ``score`` a
    decimal number. Raises :class:`PolicyError` when a CSV header lacks a column or has an
    extra one; in JSON Lines or Python rows a missing or extra key is a problem of the row.
    A row with a problem is left out of ``ratings`` and reported in ``problems``: besides
    malformed values, an id written in a second spelling (``input.id-spelling``) and, with
    ``policy``, a ``stage_id`` that is not one of its rating stages (``input.unknown-stage``)
    or a ``criterion_id`` that the stage does not have (``input.unknown-criterion``)."""
    data = _load(source)
    stages = {s.id: s for s in policy.stages if isinstance(s, RatingStage)} if policy else None
    spellings: dict[tuple[str, str], tuple[str, int]] = {}
    header = _header_problems(
        data, [(name, "a ratings column") for name in RATING_COLUMNS], what="ratings"
    )
    header += [
        Problem(
            "input.header",
            f"the ratings table has an unexpected column {name!r}; its columns must be "
            f"exactly: {', '.join(RATING_COLUMNS)}",
            path=(name,),
            file=data.file,
            line=data.header_line,
            column=data.columns.index(name) + 1 if data.format == "csv" else None,
            value=name,
            hint=did_you_mean(name, RATING_COLUMNS),
        )
        for name in data.columns
        if data.has_header and name not in RATING_COLUMNS
    ]
    if header:
        raise PolicyError(header)
    ratings: list[Rating] = []
    problems: list[tuple[str | None, Problem]] = []
    first: dict[tuple[str, str, str, str], int] = {}
    parse = _Parser()  # a panel's table repeats its ids, stages, raters, criteria and levels
    for record in data.records:
        own: list[Problem] = [] if record.error is None else [record.error]
        typed: dict[str, object] = {}
        candidate = None
        unexpected = [name for name in record.values if name not in RATING_COLUMNS]
        if unexpected and not data.has_header:
            own.append(
                Problem(
                    "input.syntax",
                    f"unexpected key(s) {', '.join(map(repr, unexpected))}; a rating has "
                    f"exactly: {', '.join(RATING_COLUMNS)}",
                    path=(unexpected[0],),
                    file=data.file,
                    line=record.line,
                    value=unexpected[0],
                )
            )
        if record.error is None or record.values:
            for name in RATING_COLUMNS:
                raw = record.values.get(name, _ABSENT)
                decl = _SCORE if name == "score" else _TEXT
                value, fault = parse(decl, name, raw, required=True)
                if name == "candidate_id":
                    candidate = _best_id(value, raw)
                if fault is not None:
                    own.append(_located(data, record, name, fault, raw))
                typed[name] = value
        if not own:
            own += _spelling_problems(data, record, typed, spellings)
        if not own and stages is not None:
            own += _target_problems(data, record, typed, stages)
        if own:
            problems += [(candidate, p) for p in own]
            continue
        score = typed["score"]
        if not isinstance(score, Decimal):  # pragma: no cover - the row would have a problem
            raise TypeError(score)
        rating = Rating(
            candidate_id=str(typed["candidate_id"]),
            stage_id=str(typed["stage_id"]),
            rater_id=str(typed["rater_id"]),
            criterion_id=str(typed["criterion_id"]),
            score=score,
            line=record.line,
        )
        key = (rating.candidate_id, rating.stage_id, rating.rater_id, rating.criterion_id)
        if key in first:
            problems.append(
                (
                    rating.candidate_id,
                    Problem(
                        "input.duplicate-rating",
                        f"rater {rating.rater_id!r} rates criterion {rating.criterion_id!r} "
                        f"of candidate {rating.candidate_id!r} at stage {rating.stage_id!r} "
                        f"on line {first[key]} and again on line {rating.line}; the first "
                        "is kept",
                        file=data.file,
                        line=rating.line,
                        value=str(rating.score),
                        related=(f"{data.file or '<input>'}:{first[key]}",),
                    ),
                )
            )
            continue
        first[key] = rating.line
        ratings.append(rating)
    return RatingTable(
        data.file,
        tuple(ratings),
        tuple(p for _, p in problems),
        tuple(c for c, _ in problems),
        data.columns.index("candidate_id") + 1 if data.format == "csv" else None,
    )


def _spelling_problems(
    data: _Input,
    record: _Record,
    typed: Mapping[str, object],
    seen: dict[tuple[str, str], tuple[str, int]],
) -> list[Problem]:
    """``input.id-spelling`` for each id of the row written otherwise than on the first row
    that names the same id (by :func:`id_key`); records the first spelling of each."""
    problems = []
    for name in _ID_COLUMNS:
        text = str(typed[name])
        first = seen.setdefault((name, id_key(text)), (text, record.line))
        if first[0] == text:
            continue
        line, column = data.where(record, name)
        problems.append(
            Problem(
                "input.id-spelling",
                f"{name} {text!r} is {first[0]!r} (line {first[1]}) written differently "
                f"({_difference(first[0], text)}); one {name.removesuffix('_id')} must have "
                "one spelling",
                path=(name,),
                file=data.file,
                line=line,
                column=column,
                value=text,
                hint=f"write {first[0]!r} on every row",
                related=(f"{data.file or '<input>'}:{first[1]}",),
            )
        )
    return problems


def _difference(first: str, other: str) -> str:
    """How two spellings of one id differ, in words."""
    if any(unicodedata.category(ch) in ("Cf", "Zs") and ch != " " for ch in first + other):
        return "invisible characters"
    if first.casefold() == other.casefold():
        return "letter case"
    return "compatibility characters such as full-width letters or digits"


def _target_problems(
    data: _Input,
    record: _Record,
    typed: Mapping[str, object],
    stages: Mapping[str, RatingStage],
) -> list[Problem]:
    """A stage id that is not a rating stage of the policy, or a criterion the stage lacks."""
    stage_id, criterion_id = str(typed["stage_id"]), str(typed["criterion_id"])
    stage = stages.get(stage_id)
    if stage is None:
        listed = ", ".join(stages) or "none"
        fault = _Fault(
            "input.unknown-stage",
            f"stage {stage_id!r} is not a rating stage of the policy (its rating stages: "
            f"{listed}); these ratings would count for no one",
            _nearest(stage_id, stages),
        )
        return [_located(data, record, "stage_id", fault, stage_id)]
    criteria = [c.id for c in stage.criteria]
    if criterion_id in criteria:
        return []
    fault = _Fault(
        "input.unknown-criterion",
        f"criterion {criterion_id!r} is not a criterion of stage {stage_id!r} (its "
        f"criteria: {', '.join(criteria)})",
        _nearest(criterion_id, criteria),
    )
    return [_located(data, record, "criterion_id", fault, criterion_id)]


def _nearest(text: str, names: Iterable[str]) -> str | None:
    """'did you mean ...?', first by the same id in another spelling, then by edit distance."""
    same = [name for name in names if id_key(name) == id_key(text)]
    if same:
        return f"did you mean {same[0]!r}? ids must be written exactly as the policy does"
    return did_you_mean(text, names)
