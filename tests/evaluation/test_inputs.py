"""What every statistic does with bad input (a StatisticsError with a stable code and where the
value is, never a traceback), without its optional extras (``extra.missing``), and how its
result is shown (``to_pandas()``, the escaped HTML of notebooks)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from asn_competency.errors import CODES
from asn_competency.evaluation import (
    MissingExtraError,
    StatisticsError,
    adverse_impact,
    cohen_kappa,
    correlations,
    cronbach_alpha,
    fleiss_kappa,
    icc,
    rater_drift,
)


def code_of(call: object, *args: object) -> tuple[str, tuple[str | int, ...]]:
    """The code and path of the StatisticsError a call raises."""
    assert callable(call)
    with pytest.raises(StatisticsError) as raised:
        call(*args)
    assert raised.value.code in CODES
    return raised.value.code, raised.value.problem.path


def test_a_ragged_matrix_names_its_row() -> None:
    """Rows of different lengths: stats.ragged at the first row that differs."""
    assert code_of(icc, [[1, 2, 3], [1, 2, 3], [1, 2]]) == ("stats.ragged", (2,))
    assert code_of(icc, np.array([1, 2, 3])) == ("stats.ragged", ())


def test_an_empty_matrix_is_empty() -> None:
    """No rows, or rows without values: stats.empty."""
    assert code_of(icc, [])[0] == "stats.empty"
    assert code_of(cronbach_alpha, [[]])[0] == "stats.empty"


def test_nan_and_infinity_are_located() -> None:
    """NaN or infinity in a matrix: stats.not-finite at its row and column."""
    assert code_of(icc, [[1, 2], [3, float("nan")]]) == ("stats.not-finite", (1, 1))
    assert code_of(icc, np.array([[1.0, np.inf], [3.0, 4.0]])) == ("stats.not-finite", (0, 1))
    assert code_of(cronbach_alpha, [[1, Decimal("NaN")], [2, 3]]) == ("stats.not-finite", (0, 1))


def test_a_missing_cell_or_a_word_is_located() -> None:
    """None where every value is needed is stats.missing; text or a boolean is not a number."""
    assert code_of(icc, [[1, 2], [None, 4]]) == ("stats.missing", (1, 0))
    assert code_of(icc, [[1, "2"], [3, 4]]) == ("stats.not-a-number", (0, 1))
    assert code_of(rater_drift, [[True, 2], [3, 4]]) == ("stats.not-a-number", (0, 0))


def test_fewer_than_two_raters_or_targets() -> None:
    """One rater, one target, one item: stats.too-few."""
    assert code_of(icc, [[1], [2], [3]])[0] == "stats.too-few"
    assert code_of(icc, [[1, 2, 3]])[0] == "stats.too-few"
    assert code_of(cronbach_alpha, [[1], [2]])[0] == "stats.too-few"
    assert code_of(rater_drift, [[1], [2]])[0] == "stats.too-few"
    assert code_of(fleiss_kappa, [[1, 0], [0, 1]])[0] == "stats.too-few"


def test_undefined_statistics() -> None:
    """No variance to explain, or complete chance agreement: stats.undefined."""
    assert code_of(icc, [[3, 1], [1, 3]])[0] == "stats.undefined"
    assert code_of(cronbach_alpha, [[1, 2], [2, 1]])[0] == "stats.undefined"
    assert code_of(cohen_kappa, ["a", "a"], ["a", "a"])[0] == "stats.undefined"
    assert code_of(fleiss_kappa, [[3, 0], [3, 0]])[0] == "stats.undefined"


def test_fleiss_counts_must_be_whole_and_add_up() -> None:
    """A negative, fractional or boolean count, or a row with another total: stats.counts."""
    assert code_of(fleiss_kappa, [[2, -1], [1, 0]]) == ("stats.counts", (0, 1))
    assert code_of(fleiss_kappa, [[1.5, 0.5], [1, 1]]) == ("stats.counts", (0, 0))
    assert code_of(fleiss_kappa, [[2, 1], [1, 1]]) == ("stats.counts", (1,))


def test_paired_inputs_must_pair() -> None:
    """Two raters, outcomes and groups, scores and ratings, names and columns: one to one."""
    assert code_of(cohen_kappa, ["a", "b"], ["a"])[0] == "stats.length-mismatch"
    assert code_of(correlations, [1, 2, 3], [1, 2])[0] == "stats.length-mismatch"
    assert code_of(adverse_impact, [True], ["A", "B"])[0] == "stats.length-mismatch"
    with pytest.raises(StatisticsError) as raised:
        rater_drift([[1, 2], [3, 5]], raters=["only one"])
    assert raised.value.code == "stats.length-mismatch"


def test_unknown_weights_are_refused() -> None:
    """Weights other than None, 'linear' and 'quadratic': stats.labels."""
    with pytest.raises(StatisticsError) as raised:
        cohen_kappa([1, 2], [2, 1], weights="cubic")  # type: ignore[arg-type]
    assert raised.value.code == "stats.labels"


def test_without_scipy_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without scipy a statistic that needs it raises extra.missing naming
    asn-competency[analysis]; exact statistics that need no distribution still work."""
    monkeypatch.setitem(sys.modules, "scipy.stats", None)
    with pytest.raises(MissingExtraError) as raised:
        icc([[1, 2], [3, 5], [4, 4]])
    assert raised.value.code == "extra.missing"
    assert "asn-competency[analysis]" in str(raised.value)
    assert isinstance(raised.value, ImportError)
    assert cohen_kappa(["a", "b"], ["a", "b"]).value == 1


def test_without_pandas_to_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_pandas() raises extra.missing; the result itself is unaffected."""
    result = cohen_kappa(["a", "b"], ["a", "b"])
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError) as raised:
        result.to_pandas()
    assert "asn-competency[dataframes]" in str(raised.value)


def test_to_pandas_gives_floats_and_interval_columns() -> None:
    """A result as a DataFrame: one row per form, exact values as floats, each interval as
    two columns."""
    frame = icc([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6]]).to_pandas()
    assert list(frame["form"]) == [
        "ICC(1,1)",
        "ICC(2,1)",
        "ICC(3,1)",
        "ICC(1,k)",
        "ICC(2,k)",
        "ICC(3,k)",
    ]
    assert {"value", "ci95_low", "ci95_high", "f", "df1", "df2", "p"} <= set(frame.columns)
    assert frame["value"].dtype == float


def test_html_view_escapes_every_text() -> None:
    """Labels written into the notebook view are escaped: no markup of the input runs."""
    outcomes = [True, False, True, False]
    groups = ["<script>alert(1)</script>", "<script>alert(1)</script>", "A & B", "A & B"]
    page = adverse_impact(outcomes, groups)._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "A &amp; B" in page


def test_exact_values_stay_exact() -> None:
    """Decimal ratings give exact fractions: 0.1 is one tenth, not a binary float."""
    alpha = cronbach_alpha(
        [
            [Decimal("0.1"), Decimal("0.2")],
            [Decimal("0.3"), Decimal("0.3")],
            [Decimal("0.2"), Decimal("0.4")],
        ]
    )
    assert isinstance(alpha.value, Fraction)
    assert alpha.value == cronbach_alpha([[1, 2], [3, 3], [2, 4]]).value


def test_importing_the_evaluation_loads_neither_scipy_nor_pandas() -> None:
    """scipy and pandas are optional: importing the layer loads neither (a fresh interpreter)."""
    code = (
        "import sys, asn_competency.evaluation\n"
        "print(sorted(m for m in ('scipy', 'pandas') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"
