"""AHP weights: published examples, input checks, consistency, and properties."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asn_competency.errors import PolicyError
from asn_competency.scoring.ahp import SAATY_RANDOM_INDEX, Judgement, ahp_weights

# Saaty, T. L. (2008), "Decision making with the analytic hierarchy process", International
# Journal of Services Sciences 1(1), pp. 83-98: "Which drink is consumed more in the U.S.?"
# Rows and columns: coffee, wine, tea, beer, sodas, milk, water. The matrix as reproduced in
# the tests of AHPy (P. Griffith, github.com/PhilipGriffith/AHPy, tests/test_ahp.py).
DRINKS: list[list[Judgement]] = [
    ["1", "9", "5", "2", "1", "1", "1/2"],
    ["1/9", "1", "1/3", "1/9", "1/9", "1/9", "1/9"],
    ["1/5", "3", "1", "1/3", "1/4", "1/3", "1/9"],
    ["1/2", "9", "3", "1", "1/2", "1", "1/3"],
    ["1", "9", "4", "2", "1", "2", "1/2"],
    ["1", "9", "3", "1", "1/2", "1", "1/3"],
    ["2", "9", "9", "3", "2", "3", "1"],
]

# Saaty, T. L. (2005), Theory and Applications of the Analytic Network Process, RWS
# Publications: choosing the best city (Bethesda, Boston, Pittsburgh, Santa Fe) by culture,
# family, housing, jobs and transportation. Matrices as reproduced in AHPy's tests
# (tests/test_ahp.py, test_cities_weights_saaty_precision_3).
CITY_CRITERIA: list[list[Judgement]] = [
    ["1", "1/5", "3", "1/2", "5"],
    ["5", "1", "7", "1", "7"],
    ["1/3", "1/7", "1", "1/4", "3"],
    ["2", "1", "4", "1", "7"],
    ["1/5", "1/7", "1/3", "1/7", "1"],
]
CITY_ALTERNATIVES: list[list[list[Judgement]]] = [
    [
        ["1", "1/2", "1", "1/2"],
        ["2", "1", "5/2", "1"],
        ["1", "2/5", "1", "2/5"],
        ["2", "1", "5/2", "1"],
    ],
    [
        ["1", "2", "1/3", "4"],
        ["1/2", "1", "1/8", "2"],
        ["3", "8", "1", "9"],
        ["1/4", "1/2", "1/9", "1"],
    ],
    [
        ["1", "5", "1/2", "5/2"],
        ["1/5", "1", "1/9", "1/4"],
        ["2", "9", "1", "7"],
        ["2/5", "4", "1/7", "1"],
    ],
    [
        ["1", "1/2", "3", "4"],
        ["2", "1", "6", "8"],
        ["1/3", "1/6", "1", "1"],
        ["1/4", "1/8", "1", "1"],
    ],
    [
        ["1", "3/2", "1/2", "4"],
        ["2/3", "1", "2/7", "5/2"],
        ["2", "7/2", "1", "9"],
        ["1/4", "2/5", "1/9", "1"],
    ],
]

#: A circular set of judgements (A ≫ B, B ≫ C, C ≫ A): as inconsistent as the scale allows.
CIRCULAR: list[list[Judgement]] = [
    [1, 9, Fraction(1, 9)],
    [Fraction(1, 9), 1, 9],
    [9, Fraction(1, 9), 1],
]


def test_saaty_2008_drinks_weights() -> None:
    """Saaty (2008), drinks table: eigenvector .177 .019 .042 .116 .190 .129 .327, CR 0.022."""
    result = ahp_weights(DRINKS)
    assert tuple(round(w, 3) for w in result.weights) == (
        0.177,
        0.019,
        0.042,
        0.116,
        0.190,
        0.129,
        0.327,
    )
    assert result.cr is not None
    assert round(result.cr, 3) == 0.022
    assert result.consistent
    assert result.n == 7


def test_drinks_weights_to_four_decimals_match_ahpy() -> None:
    """The drinks weights to 4 decimals as AHPy's tests compute them (test_drinks_weights_dd)."""
    result = ahp_weights(DRINKS)
    expected = (0.1775, 0.0191, 0.0418, 0.1164, 0.1896, 0.1288, 0.3268)
    assert tuple(round(w, 4) for w in result.weights) == expected


def test_saaty_2005_best_city_composite() -> None:
    """Saaty (2005) best city: composite weights 0.229, 0.275, 0.385, 0.111 (3 decimals)."""
    criteria = ahp_weights(CITY_CRITERIA)
    local = [ahp_weights(m) for m in CITY_ALTERNATIVES]
    composite = [
        sum(criteria.weights[k] * local[k].weights[city] for k in range(5)) for city in range(4)
    ]
    assert [round(x, 3) for x in composite] == [0.229, 0.275, 0.385, 0.111]


def test_two_by_two_gives_the_ratio() -> None:
    """A 2x2 judgement of 4 gives weights 0.8 and 0.2 (AHPy's tests, test_master_b)."""
    result = ahp_weights([[1, 4], [Fraction(1, 4), 1]])
    assert result.weights == pytest.approx((0.8, 0.2), abs=1e-12)


def test_small_matrices_have_no_consistency_ratio() -> None:
    """For n <= 2, CR is None (undefined), CI is exactly 0 and the result is consistent."""
    small: list[list[list[Judgement]]] = [[[1]], [[1, "1/7"], [7, 1]]]
    for matrix in small:
        result = ahp_weights(matrix)
        assert result.cr is None
        assert result.ci == 0.0
        assert result.consistent
        assert result.most_inconsistent is None
        assert result.random_index is None
    assert ahp_weights([[1]]).weights == (1.0,)


def test_accepts_every_exact_number_type() -> None:
    """Judgements may be int, Fraction, Decimal or strings, mixed freely."""
    result = ahp_weights([[1, Decimal("2.5"), "5"], ["2/5", 1, 2], [Fraction(1, 5), "0.5", 1]])
    assert sum(result.weights) == pytest.approx(1.0, abs=1e-12)


def test_float_judgement_is_refused() -> None:
    """A binary float is refused with schema.type, naming the cell."""
    with pytest.raises(PolicyError) as caught:
        ahp_weights([[1, 3], [1 / 3, 1]])  # type: ignore[list-item]
    problem = caught.value.problems[0]
    assert problem.code == "schema.type"
    assert "matrix[1][0]" in problem.message
    assert problem.json_path == "$[1][0]"


def test_not_square_is_refused() -> None:
    """A row of the wrong length is an ahp.matrix problem naming the row."""
    with pytest.raises(PolicyError) as caught:
        ahp_weights([[1, 3], [Fraction(1, 3)]])
    assert caught.value.codes == ["ahp.matrix"]
    assert "row 1 has 1 cells" in caught.value.problems[0].message


def test_empty_matrix_is_refused() -> None:
    """An empty matrix is an ahp.matrix problem."""
    with pytest.raises(PolicyError) as caught:
        ahp_weights([])
    assert caught.value.codes == ["ahp.matrix"]


def test_non_positive_cells_are_refused() -> None:
    """Zero, negative, 1/0 and non-numeric strings are ahp.matrix problems, all reported."""
    with pytest.raises(PolicyError) as caught:
        ahp_weights([[1, 0, "-2"], ["1/0", 1, "abc"], [1, 1, 1]])
    assert caught.value.codes == ["ahp.matrix"] * 4
    assert "matrix[0][1] must be positive" in caught.value.problems[0].message


def test_extreme_judgements_are_refused() -> None:
    """A judgement beyond floating point's reach (1e400) is ahp.matrix, not an overflow."""
    with pytest.raises(PolicyError) as caught:
        ahp_weights([[1, "1e400"], ["1e-400", 1]])
    assert caught.value.codes == ["ahp.matrix", "ahp.matrix"]


def test_diagonal_must_be_one() -> None:
    """A diagonal cell other than 1 is an ahp.matrix problem naming the cell and its value."""
    with pytest.raises(PolicyError) as caught:
        ahp_weights([[2, 1], [1, 1]])
    problem = caught.value.problems[0]
    assert problem.code == "ahp.matrix"
    assert "matrix[0][0] is 2" in problem.message


def test_not_reciprocal_names_both_cells_and_values() -> None:
    """A non-reciprocal pair names [j][i] and [i][j], both values, and the expected one."""
    with pytest.raises(PolicyError) as caught:
        ahp_weights([[1, 3], ["0.333", 1]])
    problem = caught.value.problems[0]
    assert problem.code == "ahp.matrix"
    assert problem.message == (
        "matrix[1][0] is 333/1000 but matrix[0][1] is 3: they must be reciprocal "
        "(matrix[1][0] should be 1/3)"
    )
    assert problem.path == (1, 0)


def test_labels_appear_in_messages() -> None:
    """With labels, a message names the criteria compared."""
    with pytest.raises(PolicyError) as caught:
        ahp_weights([[1, 3], [3, 1]], labels=["integritas", "kerjasama"])
    assert "(kerjasama vs integritas)" in caught.value.problems[0].message


def test_labels_must_match_the_size() -> None:
    """Labels of the wrong length are a schema.length problem."""
    with pytest.raises(PolicyError) as caught:
        ahp_weights([[1]], labels=["a", "b"])
    assert caught.value.codes == ["schema.length"]


def test_inconsistent_judgements_raise_by_default() -> None:
    """CR above 0.10 raises ahp.inconsistent with CR to 3 decimals and the worst comparison."""
    with pytest.raises(PolicyError) as caught:
        ahp_weights(CIRCULAR, labels=["a", "b", "c"])
    problem = caught.value.problems[0]
    assert problem.code == "ahp.inconsistent"
    result = ahp_weights(CIRCULAR, check=False)
    assert result.cr is not None
    assert f"CR = {result.cr:.3f}" in problem.message
    assert result.most_inconsistent is not None
    i, j = result.most_inconsistent
    assert f"matrix[{i}][{j}]" in problem.message
    assert problem.path == (i, j)


def test_check_false_returns_the_inconsistent_result() -> None:
    """With check=False an inconsistent matrix gives a result marked not consistent."""
    result = ahp_weights(CIRCULAR, check=False)
    assert not result.consistent
    assert result.cr is not None
    assert result.cr > 0.10
    assert result.lambda_max > 3


def test_most_inconsistent_finds_the_planted_error() -> None:
    """One judgement changed in a consistent matrix is the one named most inconsistent."""
    weights = [8, 4, 2, 1]
    matrix: list[list[Judgement]] = [[Fraction(a, b) for b in weights] for a in weights]
    matrix[0][3], matrix[3][0] = Fraction(1, 2), Fraction(2)  # should be 8 and 1/8
    result = ahp_weights(matrix, check=False)
    assert result.most_inconsistent == (0, 3)


def test_consistent_matrix_names_no_comparison() -> None:
    """A perfectly consistent matrix has CR about 0 and no most inconsistent comparison."""
    weights = [5, 3, 2]
    result = ahp_weights([[Fraction(a, b) for b in weights] for a in weights])
    assert result.most_inconsistent is None
    assert result.cr == pytest.approx(0.0, abs=1e-12)


def test_custom_random_index_table() -> None:
    """A mapping n -> RI replaces Saaty's table; CR scales with 1/RI."""
    saaty = ahp_weights(DRINKS)
    custom = ahp_weights(DRINKS, random_index={7: Decimal("0.66")})
    assert saaty.cr is not None
    assert custom.cr is not None
    assert custom.cr == pytest.approx(saaty.cr * 2, rel=1e-12)
    assert custom.random_index == Decimal("0.66")


def test_saaty_table_values() -> None:
    """Saaty's RI table: n=3 0.58, 4 0.90, 5 1.12, ..., 10 1.49."""
    assert [SAATY_RANDOM_INDEX[n] for n in range(1, 11)] == [
        Decimal(x)
        for x in ("0", "0", "0.58", "0.90", "1.12", "1.24", "1.32", "1.41", "1.45", "1.49")
    ]


def test_size_beyond_the_table_is_refused() -> None:
    """n = 11 with Saaty's table (1..10) is schema.range; a custom table allows it."""
    matrix: list[list[Judgement]] = [[1] * 11 for _ in range(11)]
    with pytest.raises(PolicyError) as caught:
        ahp_weights(matrix)
    assert caught.value.codes == ["schema.range"]
    assert "n=11" in caught.value.problems[0].message
    assert ahp_weights(matrix, random_index={11: Decimal("1.51")}).cr == pytest.approx(0, abs=1e-12)


def test_bad_random_index_is_refused() -> None:
    """An unknown table name is schema.enum; a zero or float RI is schema.range."""
    with pytest.raises(PolicyError) as caught:
        ahp_weights(DRINKS, random_index="alonso")  # type: ignore[arg-type]
    assert caught.value.codes == ["schema.enum"]
    for bad in (Decimal(0), 1.32):
        with pytest.raises(PolicyError) as caught:
            ahp_weights(DRINKS, random_index={7: bad})  # type: ignore[dict-item]
        assert caught.value.codes == ["schema.range"]


def test_repr_is_readable() -> None:
    """The repr shows n, rounded weights, λmax, CI, CR and consistency."""
    text = repr(ahp_weights([[1, 4], [Fraction(1, 4), 1]]))
    assert text == (
        "AhpResult(n=2, weights=(0.8000, 0.2000), lambda_max=2.0000, ci=0.0000, cr=None, "
        "consistent=True, most_inconsistent=None)"
    )


SCALE = [Fraction(k) for k in range(1, 10)] + [Fraction(1, k) for k in range(2, 10)]


@st.composite
def reciprocal_matrices(draw: st.DrawFn) -> list[list[Judgement]]:
    """A random positive reciprocal matrix on Saaty's 1/9..9 scale, order 1 to 10."""
    n = draw(st.integers(min_value=1, max_value=10))
    matrix: list[list[Judgement]] = [[Fraction(1)] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            value = draw(st.sampled_from(SCALE))
            matrix[i][j], matrix[j][i] = value, 1 / value
    return matrix


@given(reciprocal_matrices())
def test_weights_sum_to_one(matrix: list[list[Judgement]]) -> None:
    """Whatever the judgements, the weights are positive, sum to 1, and λmax >= n."""
    result = ahp_weights(matrix, check=False)
    assert sum(result.weights) == pytest.approx(1.0, abs=1e-12)
    assert all(w > 0 for w in result.weights)
    assert result.lambda_max >= result.n - 1e-9


@given(st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=10))
def test_consistent_matrix_gives_back_its_weights(raw: list[int]) -> None:
    """A matrix a[i][j] = w[i]/w[j] returns the normalised w, with CR about 0."""
    matrix: list[list[Judgement]] = [[Fraction(a, b) for b in raw] for a in raw]
    result = ahp_weights(matrix)
    total = sum(raw)
    assert result.weights == pytest.approx([w / total for w in raw], abs=1e-12)
    assert result.lambda_max == pytest.approx(len(raw), abs=1e-9)
    assert result.cr is None or result.cr == pytest.approx(0.0, abs=1e-9)
    assert result.consistent
