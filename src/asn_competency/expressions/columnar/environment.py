"""The environment of a column evaluation: what every row reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from asn_competency.expressions.columnar.values import Column
from asn_competency.expressions.evaluate import Env
from asn_competency.model import ResolvedParameter

__all__ = ["ColumnEnv"]


@dataclass(frozen=True)
class ColumnEnv:
    """What a column evaluation reads: ``size`` rows of candidate columns, the formation of
    each row (one value per row), scores with, per score and row, the names whose absence made
    it unknown (``None``: the score's own name, as ``Env.score_missing`` when it lacks the
    score), the parameters in force and the as-of date (both the same for every row)."""

    size: int
    candidate: Mapping[str, Column] = field(default_factory=dict)
    formation: Mapping[str, Column] = field(default_factory=dict)
    parameters: Mapping[str, ResolvedParameter] = field(default_factory=dict)
    as_of: dt.date | None = None
    scores: Mapping[str, Column] = field(default_factory=dict)
    score_missing: Mapping[str, Sequence[tuple[str, ...] | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for where, columns in (
            ("candidate", self.candidate),
            ("formation", self.formation),
            ("scores", self.scores),
        ):
            for name, column in columns.items():
                if column.size != self.size:
                    raise ValueError(
                        f"{where} column {name!r} has {column.size} rows, not {self.size}"
                    )
        for name, rows in self.score_missing.items():
            if len(rows) != self.size:
                raise ValueError(f"score_missing[{name!r}] has {len(rows)} rows, not {self.size}")

    def row(self, index: int) -> Env:
        """The reference's environment of row ``index`` (what :func:`evaluate` would read)."""
        return Env(
            candidate={n: c.value(index) for n, c in self.candidate.items()},
            formation={n: c.value(index) for n, c in self.formation.items()},
            parameters=self.parameters,
            as_of=self.as_of,
            scores={n: c.value(index) for n, c in self.scores.items()},
            score_missing={
                n: names
                for n, rows in self.score_missing.items()
                if (names := rows[index]) is not None
            },
        )
