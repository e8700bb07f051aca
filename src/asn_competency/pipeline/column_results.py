"""Stage results held as columns: what the ``columns`` engine keeps of a stage it decided over
whole columns (:mod:`.columnar`), instead of a full result object per candidate.

A :class:`StageColumn` holds one stage's outcome, score, reasons, evaluations, detail and
score result for each of its active rows (numbered in the order the stage saw them);
a :class:`ColumnResult` is one row's :class:`~.outcomes.StageResult` read from those columns
(its fields are properties, made when read). Records are written from the columns too
(:meth:`StageColumn.listed`, :meth:`StageColumn.score_rows`): the ledger's encoder builds a
stage's record from them without making the row's result objects
(:mod:`asn_competency.audit.ledger`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Protocol, overload

from asn_competency.expressions.columnar.evaluation import RowData
from asn_competency.expressions.columns import ColumnEvaluation
from asn_competency.model.outcomes import Fact, Outcome
from asn_competency.pipeline.outcomes import NO_DETAIL, StageResult
from asn_competency.scoring import ScoreResult

__all__ = ["ColumnResult", "Listed", "ScoreRowsLike", "StageColumn"]

#: The evaluations of a row of a stage decided over columns: each column evaluation and the
#: place (``at``) its record names.
Listed = Sequence[tuple[ColumnEvaluation, tuple[str | int, ...]]]

_set = object.__setattr__  # results are frozen: a row's view is filled in once, here


class ScoreRowsLike(Protocol):
    """What a stage column needs of an integration's score results: each row's
    :class:`~asn_competency.scoring.ScoreResult`, made when read
    (:class:`~.columnar.ScoreRows`)."""

    def row(self, i: int) -> ScoreResult: ...


class StageColumn:
    """One stage's results for its active rows, as columns (one entry per row).

    ``evaluations`` gives a row's evaluations (:data:`Listed`, empty when the row has none);
    ``details`` a row's detail (``None``: no stage detail); ``score_rows`` an integration's
    score results, each made when read."""

    __slots__ = (
        "details",
        "evaluations",
        "kind",
        "outcomes",
        "reasons",
        "score_rows",
        "scores",
        "stage_id",
    )

    def __init__(
        self,
        stage_id: str,
        kind: str,
        outcomes: Sequence[Outcome],
        reasons: Sequence[tuple[Fact, ...]],
        *,
        scores: Sequence[Fraction | None] | None = None,
        evaluations: Callable[[int], Listed] | None = None,
        details: Callable[[int], Mapping[str, Any]] | None = None,
        score_rows: ScoreRowsLike | None = None,
    ) -> None:
        self.stage_id = stage_id
        self.kind = kind
        self.outcomes = outcomes
        self.reasons = reasons
        self.scores = scores
        self.evaluations = evaluations
        self.details = details
        self.score_rows = score_rows

    def result(self, i: int) -> ColumnResult:
        """Row ``i``'s result, read from the columns."""
        return ColumnResult(self, i)

    def listed(self, i: int) -> Listed:
        """Row ``i``'s evaluations as the columns hold them."""
        return () if self.evaluations is None else self.evaluations(i)

    def detail(self, i: int) -> Mapping[str, Any]:
        """Row ``i``'s stage detail (the shared empty one when it has none)."""
        return NO_DETAIL if self.details is None else self.details(i)

    def score(self, i: int) -> Fraction | None:
        """Row ``i``'s stage score."""
        return None if self.scores is None else self.scores[i]


class ColumnResult(StageResult):
    """Row ``index`` of a :class:`StageColumn` as a :class:`~.outcomes.StageResult`: the same
    fields, each read from the columns when asked for. Two views are equal when their fields
    are; a view is never equal to a plain result (as results of two classes never are).
    :func:`dataclasses.replace` of a view gives a plain result with the changes, and a copy
    of a view is a plain result."""

    __slots__ = ("column", "index")

    column: StageColumn
    index: int

    def __new__(  # type: ignore[misc]
        cls, column: StageColumn | None = None, index: int = 0, /, **fields: Any
    ) -> StageResult:
        if column is None:  # dataclasses.replace gives every field: a plain result
            return StageResult(**fields)
        return object.__new__(cls)

    def __init__(self, column: StageColumn, index: int, /) -> None:
        _set(self, "column", column)
        _set(self, "index", index)

    def __reduce__(self) -> tuple[Any, ...]:
        """Copied and pickled as a plain result with the view's fields."""
        fields = (self.stage_id, self.kind, self.outcome, self.score, self.reasons)
        return StageResult, (*fields, tuple(self.evaluations), self.detail, self.scores)

    @property
    def stage_id(self) -> str:
        return self.column.stage_id

    @property
    def kind(self) -> str:
        return self.column.kind

    @property
    def outcome(self) -> Outcome:
        return self.column.outcomes[self.index]

    @property
    def score(self) -> Fraction | None:
        return self.column.score(self.index)

    @property
    def reasons(self) -> tuple[Fact, ...]:
        return self.column.reasons[self.index]

    @property
    def evaluations(self) -> Sequence[RowData]:
        listed = self.column.listed(self.index)
        return _Evaluations(listed, self.index) if listed else ()

    @property
    def detail(self) -> Mapping[str, Any]:
        return self.column.detail(self.index)

    @property
    def scores(self) -> Sequence[ScoreResult]:
        rows = self.column.score_rows
        return () if rows is None else (rows.row(self.index),)


class _Evaluations(Sequence[RowData]):
    """The evaluations of row ``index`` of a stage decided over columns, each made when read
    (:meth:`~asn_competency.expressions.columns.ColumnEvaluation.row_data`)."""

    __slots__ = ("_index", "_listed")

    def __init__(self, listed: Listed, index: int) -> None:
        self._listed = listed
        self._index = index

    def __len__(self) -> int:
        return len(self._listed)

    def __eq__(self, other: object) -> bool:
        """The same row of the same evaluations (read each time a view is asked)."""
        if not isinstance(other, _Evaluations):
            return NotImplemented
        return self._index == other._index and (
            self._listed is other._listed or self._listed == other._listed
        )

    def __hash__(self) -> int:
        return hash((tuple(id(column) for column, _ in self._listed), self._index))

    @overload
    def __getitem__(self, k: int) -> RowData: ...
    @overload
    def __getitem__(self, k: slice) -> Sequence[RowData]: ...
    def __getitem__(self, k: int | slice) -> RowData | Sequence[RowData]:
        if isinstance(k, slice):
            return tuple(self)[k]
        column, at = self._listed[k]
        return column.row_data(self._index, at=at)

    def __iter__(self) -> Any:
        index = self._index
        return (column.row_data(index, at=at) for column, at in self._listed)
