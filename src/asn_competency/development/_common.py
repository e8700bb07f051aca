"""What the development results share: the order of a standard's requirements, and their
pandas view."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from asn_competency.errors import AsnCompetencyError, Problem
from asn_competency.model import PositionStandard, Requirement

__all__ = ["core_first", "data_frame"]


def core_first(standard: PositionStandard) -> tuple[Requirement, ...]:
    """The standard's requirements, core factors first, each group in the standard's order."""
    return tuple(
        sorted(standard.requirements, key=lambda r: r.factor != "core")  # stable sort
    )


class _MissingPandasError(AsnCompetencyError, ImportError):
    """pandas is not installed (code ``extra.missing``)."""

    def __init__(self) -> None:
        self.problem = Problem(
            "extra.missing",
            "'pandas' is not installed: to_pandas() needs the optional extra "
            "'asn-competency[bench]'",
            hint="pip install 'asn-competency[bench]'",
        )
        self.code = "extra.missing"
        super().__init__(f"extra.missing {self.problem.message}")


def data_frame(records: Iterable[Mapping[str, object]], columns: Sequence[str]) -> Any:
    """A pandas DataFrame of records (pandas imported now); Fractions become floats, lists
    text joined by ';'."""
    try:
        pandas = importlib.import_module("pandas")
    except ImportError:
        raise _MissingPandasError from None
    rows = []
    for record in records:
        row: dict[str, object] = {}
        for key, value in record.items():
            if isinstance(value, Fraction):
                row[key] = float(value)
            elif isinstance(value, list | tuple):
                row[key] = ";".join(map(str, value))
            else:
                row[key] = value
        rows.append(row)
    return pandas.DataFrame(rows, columns=list(columns))
