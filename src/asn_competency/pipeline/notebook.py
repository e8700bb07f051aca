"""A run's results for notebooks and analysis: a typed pandas DataFrame, and HTML views.

The views show the pipeline's own facts: statuses, scores and the coded reasons
(:data:`~asn_competency.pipeline.reasons.REASONS`); the reasons in words are the audit
layer's (``asn_competency.explain``). The HTML is a plain table with every value escaped.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from asn_competency.errors import MissingExtraError
from asn_competency.expressions.data import exact
from asn_competency.pipeline.records import result_columns, result_rows

if TYPE_CHECKING:  # only in annotations: the engine and the outcomes import this module
    from asn_competency.model.outcomes import Fact
    from asn_competency.pipeline.engine import RunResult
    from asn_competency.pipeline.outcomes import Decision

__all__ = ["FIRST_ROWS", "decision_html", "result_frame", "result_html"]

#: How many decisions a run's HTML view lists (after the counts per status).
FIRST_ROWS = 10

#: The columns of ``results.csv`` that hold whole numbers; every other column but the text
#: ones (:func:`_is_text`) holds an exact number (a score).
_INTEGER_COLUMNS = frozenset({"row", "rank"})
_TEXT_COLUMNS = frozenset(
    {
        "candidate_id",
        "formation_id",
        "track",
        "final_status",
        "final_status_label",
        "placement_formation_id",
    }
)
#: The columns the run's HTML view shows for its first decisions.
_SHOWN = (
    "candidate_id",
    "formation_id",
    "final_status",
    "final_status_label",
    "rank",
    "final_score",
)


def _is_text(column: str) -> bool:
    return column in _TEXT_COLUMNS or column.endswith((".outcome", ".band"))


def result_frame(result: RunResult) -> Any:
    """One row per decision with the columns of ``results.csv``, typed: ``row`` and ``rank``
    as integers (``Int64``), scores as numbers (``Float64``: an exact score such as ``800/11``
    becomes its nearest float, for analysis; the exact value stays in ``rows()`` and the
    records), ids, statuses, labels and stage outcomes as text (``string``); a missing value
    is ``pd.NA``; ``results.csv`` has no date column (the run's date is ``result.as_of``).
    Needs pandas: :class:`~asn_competency.errors.MissingExtraError` (the ``dataframes``
    extra) without it."""
    try:
        pandas = importlib.import_module("pandas")  # an optional extra: imported when used
    except ImportError:
        raise MissingExtraError("pandas", extra="dataframes") from None
    columns = result_columns(result)
    cells: dict[str, list[Any]] = {column: [] for column in columns}
    for row in result_rows(result):
        for column in columns:
            cells[column].append(_typed(column, row.get(column, "")))
    data = {column: pandas.array(values, dtype=_dtype(column)) for column, values in cells.items()}
    return pandas.DataFrame(data, columns=columns)


def _dtype(column: str) -> str:
    if column in _INTEGER_COLUMNS:
        return "Int64"
    return "string" if _is_text(column) else "Float64"


def _typed(column: str, text: str) -> object:
    """A ``results.csv`` cell as the value of its column's type (``None`` when empty)."""
    if text == "":
        return None
    if column in _INTEGER_COLUMNS:
        return int(text)
    if _is_text(column):
        return text
    return float(Fraction(text))


def result_html(result: RunResult) -> str:
    """A run as HTML: how many decisions have each final status, then the first
    :data:`FIRST_ROWS` decisions (id, formation, status, label, rank, final score)."""
    counts = result.counts()
    summary = _table(
        f"{len(result)} decision(s) as of {result.as_of.isoformat()}, policy {result.policy.id}",
        ("final_status", "decisions"),
        [(status, str(count)) for status, count in counts.items()],
    )
    first = [row for _, row in zip(range(FIRST_ROWS), result_rows(result), strict=False)]
    more = len(result) - len(first)
    rows = _table(
        "the first decisions" + (f" ({more} more: to_pandas() has them all)" if more else ""),
        _SHOWN,
        [tuple(row.get(column, "") for column in _SHOWN) for row in first],
    )
    return summary + rows


def decision_html(decision: Decision) -> str:
    """One decision as HTML: who, the final status and its label, rank and final score, then
    each stage's outcome, score and coded reasons."""
    head = _table(
        f"candidate {decision.candidate_id or '(no id)'}, row {decision.row}",
        ("formation_id", "track", "final_status", "label", "rank", "final_score"),
        [
            (
                decision.formation_id or "",
                decision.track or "",
                decision.final_status,
                decision.label,
                "" if decision.rank is None else str(decision.rank),
                exact(decision.final_score) or "",
            )
        ],
    )
    stages = _table(
        "stages",
        ("stage", "kind", "outcome", "score", "reasons"),
        [
            (
                stage.stage_id,
                stage.kind,
                stage.outcome,
                exact(stage.score) or "",
                "; ".join(_fact(fact) for fact in stage.reasons),
            )
            for stage in decision.stages
        ],
    )
    problems = (
        _table(
            "problems of the row",
            ("code", "where", "message"),
            [(p.code, p.location, p.message) for p in decision.problems],
        )
        if decision.problems
        else ""
    )
    return head + stages + problems


def _fact(fact: Fact) -> str:
    """A coded reason as ``code (name=value, ...)``, exact numbers as text."""
    params = ", ".join(f"{name}={_param(value)}" for name, value in fact.params.items())
    return f"{fact.code} ({params})" if params else fact.code


def _param(value: object) -> str:
    if isinstance(value, Fraction):
        return exact(value) or ""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}={_param(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_param(v) for v in value) + "]"
    return str(value)


def _table(caption: str, head: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A plain HTML table, every text escaped."""
    cells = "".join(f"<th>{html.escape(name)}</th>" for name in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(value)}</td>" for value in row) + "</tr>"
        for row in rows
    )
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{cells}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
