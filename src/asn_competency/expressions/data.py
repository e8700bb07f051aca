"""Rule values and evaluations as plain data: what a decision record holds of them.

- :func:`plain`: a value as plain JSON (exact numbers as text, unknown as null, dates in ISO
  form), the one spelling of values in records;
- :class:`EvaluationData`: one evaluation as plain data, the part of a decision record that
  says which rule was evaluated where, its value, the value of each clause (clause *i* is
  ``CompiledRule.clauses[i]``) and the values it read, with the parameters it read apart
  (a record lists each parameter once, with its legal basis).

Both engines give their evaluations in this form: the reference from an
:class:`~asn_competency.expressions.evaluate.Evaluation` (:func:`evaluation_data`), the
column-wise engine straight from its columns
(:meth:`~asn_competency.expressions.columnar.evaluation.ColumnEvaluation.data`), and a
differential test holds them byte for byte equal. The record format around them
(``decision/v2``) is the audit layer's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

import orjson

from asn_competency.expressions.evaluate import UNKNOWN, Evaluation, decimal_text

__all__ = ["AS_IS", "EvaluationData", "EvaluationRecord", "evaluation_data", "exact", "plain"]


def exact(value: Fraction | None) -> str | None:
    """A number written exactly: a decimal when it terminates, else ``p/q``."""
    if value is None:
        return None
    if value.denominator == 1:
        return str(value.numerator)
    return _exact_fraction(value.numerator, value.denominator)


@lru_cache(maxsize=1 << 16)
def _exact_fraction(numerator: int, denominator: int) -> str:
    """:func:`exact` of a fraction in lowest terms, remembered: a run writes the same scores
    many times (remembered by its two integers: hashing a :class:`Fraction` costs a modular
    inverse). Its exact decimal when it has one
    (:func:`~asn_competency.expressions.evaluate.decimal_text`), else ``n/d``."""
    text = decimal_text(Fraction(numerator, denominator))
    return f"{numerator}/{denominator}" if text is None else text


#: The types :func:`plain` gives back as they are (looked up before any ``isinstance``: a
#: caller with many values checks ``type(value) in AS_IS`` before calling :func:`plain`).
AS_IS = frozenset({str, int, bool, type(None)})


def plain(value: Any) -> Any:
    """``value`` as plain JSON: strings, integers, booleans and null as they are; exact
    numbers written exactly (a decimal, or ``p/q``); unknown as null; dates in ISO form; any
    other value (a decimal number or a date a field rejected, a binary float given by Python
    code) as its text, so that a record can always be written and hashed. A decimal keeps its
    own spelling (``Decimal('1E+999')`` stays ``'1E+999'``, never expanded)."""
    kind = type(value)
    if kind in AS_IS:
        return value
    if kind is Fraction:
        return exact(value)
    if kind is dict:
        return {str(k): v if type(v) in AS_IS else plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [v if type(v) in AS_IS else plain(v) for v in value]
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, Fraction):
        return exact(value)
    if value is UNKNOWN:
        return None
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


#: A parameter as a record lists it: its value, the date it took effect and its reference.
ParameterData = dict[str, Any]


class EvaluationData(NamedTuple):
    """One evaluation as a decision record holds it.

    ``record``: ``{"at", "value", "clauses", "reads"}``, then ``"missing"`` (the names whose
    absence made the value unknown) and ``"defaulted"`` (names read as their declared default)
    only when there are any. ``parameters``: each parameter a clause read, by name, in the
    order read."""

    record: dict[str, Any]
    parameters: tuple[tuple[str, ParameterData], ...] = ()

    @property
    def json(self) -> dict[str, Any]:
        """The record as the ledger's encoder takes it (here the record itself)."""
        return self.record

    # A named tuple, not a frozen dataclass: the columns engine makes one per row and rule,
    # and a frozen dataclass takes several times longer to build.


class EvaluationRecord(Protocol):
    """What a decision record takes of an evaluation: :class:`EvaluationData`, or a row of a
    column evaluation built only when its record is written
    (:class:`~asn_competency.expressions.columnar.evaluation.RowData`)."""

    @property
    def record(self) -> dict[str, Any]:
        """The evaluation as the record holds it (read-only: rows may share parts)."""
        ...

    @property
    def parameters(self) -> tuple[tuple[str, ParameterData], ...]:
        """The parameters it read, as the record lists them."""
        ...

    @property
    def json(self) -> orjson.Fragment | dict[str, Any]:
        """The record as the ledger's encoder takes it: :attr:`record`, or its canonical
        JSON already encoded (``orjson.Fragment``: sorted keys, no spaces, UTF-8), which the
        encoder copies as it is."""
        ...


def evaluation_data(evaluation: Evaluation) -> EvaluationData:
    """The reference evaluator's :class:`Evaluation` as plain data."""
    reads: dict[str, Any] = {}
    defaulted: list[str] = []
    parameters: dict[str, ParameterData] = {}
    for clause in evaluation.clauses:
        for read in clause.reads:
            if read.source == "parameter":
                if read.name not in parameters:
                    parameters[read.name] = {
                        "value": plain(read.value),
                        "since": plain(read.effective_from),
                        "reference": read.reference,
                    }
                continue
            reads[read.name] = plain(read.value)
            if read.defaulted and read.name not in defaulted:
                defaulted.append(read.name)
    record: dict[str, Any] = {
        "at": list(evaluation.at),
        "value": plain(evaluation.value),
        "clauses": [plain(clause.value) for clause in evaluation.clauses],
        "reads": reads,
    }
    if evaluation.missing:
        record["missing"] = list(evaluation.missing)
    if defaulted:
        record["defaulted"] = defaulted
    return EvaluationData(record, tuple(parameters.items()))
