"""Evaluating a compiled rule over whole columns of candidates, exactly as the reference.

The row-wise evaluator (:mod:`.evaluate`) is the reference semantics; this is its column-wise
twin for large cycles: ``evaluate_columns(rule, env)`` gives, for every row ``i``, what
``evaluate(rule, env.row(i))`` gives (value, clause values, missing names, reads; a division
by zero is an error of its row only, listed in ``error_rows``). Numbers stay exact (integer
numerators and denominators: ``int64`` while bounds prove it safe, Python integers beyond),
logic is three-valued through ``known`` masks. The implementation is the
:mod:`.columnar` subpackage; this module is its front door.
"""

from asn_competency.expressions.columnar.engine import (
    ColumnEnv,
    ColumnEvaluation,
    RowFailure,
    evaluate_columns,
)
from asn_competency.expressions.columnar.values import (
    BooleanColumn,
    CodeColumn,
    Column,
    DateColumn,
    ListColumn,
    ListLiteralColumn,
    NumberColumn,
)

__all__ = [
    "BooleanColumn",
    "CodeColumn",
    "Column",
    "ColumnEnv",
    "ColumnEvaluation",
    "DateColumn",
    "ListColumn",
    "ListLiteralColumn",
    "NumberColumn",
    "RowFailure",
    "evaluate_columns",
]
