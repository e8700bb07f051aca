"""What the development results share: the order of a standard's requirements, and their
pandas view."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from asn_competency.errors import MissingExtraError
from asn_competency.model import PositionStandard, Requirement

__all__ = ["core_first", "data_frame"]


def core_first(standard: PositionStandard) -> tuple[Requirement, ...]:
    """The standard's requirements, core factors first, each group in the standard's order."""
    return tuple(
        sorted(standard.requirements, key=lambda r: r.factor != "core")  # stable sort
    )


def data_frame(records: Iterable[Mapping[str, object]], columns: Sequence[str]) -> Any:
    """A pandas DataFrame of records (pandas imported now:
    :class:`~asn_competency.errors.MissingExtraError` without it); Fractions become floats,
    lists text joined by ';'."""
    try:
        pandas = importlib.import_module("pandas")
    except ImportError:
        raise MissingExtraError("pandas") from None
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
