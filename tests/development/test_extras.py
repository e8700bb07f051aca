"""One error for a missing optional extra, whichever layer needs it: ``to_pandas()`` of a
development result without pandas raises the same :class:`MissingExtraError` (code
``extra.missing``, from :mod:`asn_competency.errors`) as the evaluation layer's statistics."""

from __future__ import annotations

import sys

import pytest

from asn_competency import evaluation
from asn_competency.development import gaps, read_assessments
from asn_competency.errors import CODES, AsnCompetencyError, MissingExtraError
from tests.development.test_explain import ASSESSMENTS_FILE, documents


def test_one_class_in_every_layer() -> None:
    """The evaluation layer re-exports the class of errors.py; its code is registered."""
    assert evaluation.MissingExtraError is MissingExtraError
    assert "extra.missing" in CODES


def test_without_pandas_a_development_table_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without pandas, a gap table's to_pandas() raises extra.missing naming
    asn-competency[dataframes]; the table itself is unaffected."""
    policy, standard, _ = documents()
    table = gaps(read_assessments(ASSESSMENTS_FILE, standard), standard, policy)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError) as raised:
        table.to_pandas()
    assert raised.value.code == "extra.missing"
    assert raised.value.problems[0].hint == "pip install 'asn-competency[dataframes]'"
    assert isinstance(raised.value, AsnCompetencyError)
    assert isinstance(raised.value, ImportError)
    assert len(table.records()) == 5 * 13
