"""Dated parameters: the value in force is the latest start on or before the as-of date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asn_competency.errors import ParameterError
from asn_competency.model import Parameter

TKP = Parameter.model_validate(
    {
        "description": {"id": "Nilai ambang batas TKP"},
        "type": "integer",
        "values": {
            "2021-01-01": {"value": 166, "reference": "kepmenpanrb-1023-2021"},
            "2024-01-01": {"value": 170, "reference": "kepmenpanrb-321-2024"},
            "2026-01-01": None,
        },
    }
)


def test_value_in_force() -> None:
    """The value with the latest start on or before the date applies, with its basis."""
    found = TKP.at("skd_min_tkp", dt.date(2023, 12, 31))
    assert (found.value, found.effective_from, found.reference) == (
        166,
        dt.date(2021, 1, 1),
        "kepmenpanrb-1023-2021",
    )
    assert TKP.at("skd_min_tkp", dt.date(2024, 1, 1)).value == 170


def test_before_first_value() -> None:
    """A date before the first value is an error naming the parameter and the date."""
    with pytest.raises(ParameterError) as info:
        TKP.at("skd_min_tkp", dt.date(2020, 6, 30))
    assert info.value.problem.code == "param.no-value"
    assert "skd_min_tkp" in str(info.value)
    assert "2020-06-30" in str(info.value)


def test_null_ends_the_parameter() -> None:
    """From a null entry on, no value is in force."""
    with pytest.raises(ParameterError, match="ended on 2026-01-01"):
        TKP.at("skd_min_tkp", dt.date(2026, 1, 1))


def test_decimal_values_are_exact() -> None:
    """A decimal parameter keeps its exact value; binary floats are refused."""
    weight = Parameter.model_validate(
        {
            "description": {"id": "Bobot SKD"},
            "type": "decimal",
            "values": {"2024-01-01": {"value": Decimal("0.4"), "reference": "r"}},
        }
    )
    assert weight.at("w", dt.date(2024, 5, 1)).value == Decimal("0.4")
    with pytest.raises(ValueError, match="binary floating point"):
        Parameter.model_validate(
            {
                "description": {"id": "Bobot SKD"},
                "type": "decimal",
                "values": {"2024-01-01": {"value": 0.4, "reference": "r"}},
            }
        )


@given(
    st.lists(st.dates(), min_size=1, max_size=6, unique=True),
    st.dates(),
)
def test_resolution_matches_definition(starts: list[dt.date], as_of: dt.date) -> None:
    """For any dates, at() returns exactly the latest start not after as_of, or raises."""
    param = Parameter.model_validate(
        {
            "description": {"id": "p"},
            "type": "integer",
            "values": {s.isoformat(): {"value": i, "reference": "r"} for i, s in enumerate(starts)},
        }
    )
    eligible = [s for s in starts if s <= as_of]
    if not eligible:
        with pytest.raises(ParameterError):
            param.at("p", as_of)
    else:
        assert param.at("p", as_of).effective_from == max(eligible)
        assert param.at("p", as_of).value == starts.index(max(eligible))
