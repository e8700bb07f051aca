"""The column engine gives, row by row, exactly what the reference evaluator gives.

The reference semantics is ``expressions/evaluate.py`` (its module docstring: exact numbers,
Kleene logic, zero times unknown is zero, every clause traced with the values it read),
``expressions/functions.py`` (the 29 February rule of ``age_on``, the rounding modes) and
docs/rules.md ("Evaluation", "Codes on a scale", "Functions"). A
differential property draws scopes, well-typed rules and populations
(``tests/expressions/rule_strategies.py``) and compares every row; the examples below pin each
tricky case on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from asn_competency.audit.ledger import record_json
from asn_competency.expressions import (
    UNKNOWN,
    Env,
    Evaluation,
    EvaluationError,
    Read,
    Scope,
    age_on,
    compile_rule,
    evaluate,
)
from asn_competency.expressions.columnar import evaluation, integers
from asn_competency.expressions.columnar.integers import Ints
from asn_competency.expressions.columnar.numbers import ages, round_to
from asn_competency.expressions.columns import (
    BooleanColumn,
    CodeColumn,
    Column,
    ColumnEnv,
    ColumnEvaluation,
    DateColumn,
    NumberColumn,
    evaluate_columns,
)
from asn_competency.expressions.data import evaluation_data
from asn_competency.expressions.evaluate import rule_value
from asn_competency.expressions.functions import ROUNDING_MODES, round_fraction
from asn_competency.expressions.types import BOOLEAN, DATE, DECIMAL, INTEGER, STRING, RuleType
from asn_competency.model import ResolvedParameter
from tests.expressions.rule_strategies import RuleCase, rule_cases

# -- strict comparison ----------------------------------------------------------------------


def same(a: object, b: object) -> bool:
    """Equal and of the same type (``True == Fraction(1)`` must not pass), lists item by item."""
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(same(x, y) for x, y in zip(a, b, strict=True))
        )
    return type(a) is type(b) and (a is b or a == b)


def same_read(a: Read, b: Read) -> bool:
    return (
        (a.name, a.source, a.effective_from, a.reference, a.defaulted)
        == (b.name, b.source, b.effective_from, b.reference, b.defaulted)
    ) and same(a.value, b.value)


def assert_row(columns: ColumnEvaluation, index: int, expected: Evaluation) -> None:
    """Row ``index`` of the column evaluation is the reference's evaluation."""
    rule = columns.rule
    assert same(columns.value.value(index), expected.value), (index, expected.render())
    assert columns.missing(index) == expected.missing, (index, expected.render())
    assert len(columns.clauses) == len(expected.clauses) == len(rule.clauses)
    for k, clause in enumerate(expected.clauses):
        assert clause.text == rule.clauses[k].text
        assert same(columns.clauses[k].value(index), clause.value), (index, k, expected.render())
        reads = columns.reads(index, k)
        assert len(reads) == len(clause.reads), (index, k, reads, clause.reads)
        assert all(same_read(a, b) for a, b in zip(reads, clause.reads, strict=True)), (
            index,
            k,
            reads,
            clause.reads,
        )
    assert columns.error(index) is None
    # what the record holds, written column by column, is the reference's, byte for byte
    at = ("stage", "rule")
    data = columns.data(index, at=at)
    expected_data = evaluation_data(replace(expected, at=at))
    assert record_json(data.record) == record_json(expected_data.record), index
    assert data == expected_data, index
    # ... and so is its canonical JSON as the ledger's writer takes it, made from the columns
    written = columns.row_data(index, at=at).json
    assert isinstance(written, orjson.Fragment), index
    assert orjson.dumps(written) == record_json(expected_data.record), index


def assert_equal_to_reference(case: RuleCase) -> ColumnEvaluation:
    rule = compile_rule(case.text, case.scope, expect=case.expect)
    columns = evaluate_columns(rule, case.column_env())
    for index in range(case.size):
        refused: EvaluationError | None = None
        try:
            expected = evaluate(rule, case.env(index))
        except EvaluationError as error:
            refused = error
        problem = columns.error(index)
        if refused is None:
            assert_row(columns, index, expected)
            continue
        assert problem is not None, (index, refused.problem)
        assert (problem.code, problem.message, problem.offset) == (
            refused.problem.code,
            refused.problem.message,
            refused.problem.offset,
        )
        assert columns.error_rows[index] is problem
        with pytest.raises(EvaluationError):
            columns.data(index)
        assert columns.value.value(index) is UNKNOWN
    return columns


@given(rule_cases())
def test_columns_equal_the_reference_on_every_row(case: RuleCase) -> None:
    """Differential property: value, clauses, missing and reads of every row (or the same
    refusal) as the row-wise reference evaluator."""
    assert_equal_to_reference(case)


@given(rule_cases())
def test_records_written_chunk_by_chunk_are_the_reference(case: RuleCase) -> None:
    """The same property with records built three rows at a time (a run builds them
    :data:`~asn_competency.expressions.columnar.evaluation.CHUNK` rows at a time): every
    row's data and canonical JSON, whichever chunk holds it, in any order of reading."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluation, "CHUNK", 3)
        columns = assert_equal_to_reference(case)
        at = ("stage", "rule")
        for index in reversed(range(case.size)):  # chunks built again, in the other order
            if columns.error(index) is None:
                expected = record_json(columns.data(index, at=at).record)
                assert orjson.dumps(columns.row_data(index, at=at).json) == expected


def test_a_value_orjson_refuses_leaves_the_record_as_data() -> None:
    """A text with a lone surrogate (only Python rows can hold one) has no fast encoding:
    the rows of its chunk give their records as data, for the ledger's encoder to take its
    own way (the standard encoder's, as for every record)."""
    rows = ({"name": "\ud800"}, {"name": "x"})
    empty: tuple[dict[str, Any], ...] = ({}, {})
    case = RuleCase(SCOPE, "name == 'x'", "boolean", rows, empty, empty, {}, PARAMETERS, AS_OF)
    result = evaluate_columns(compile_rule(case.text, case.scope), case.column_env())
    for index in range(2):
        written = result.row_data(index, at=("r",)).json
        assert type(written) is dict
        assert written == result.data(index, at=("r",)).record


@given(rule_cases(depth=3, focus="number"))
def test_columns_equal_the_reference_on_formulas(case: RuleCase) -> None:
    """The same property on number-valued rules (arithmetic, division, functions, rounding):
    every row's exact value."""
    assert_equal_to_reference(case)


@given(rule_cases(depth=3, focus="boolean"))
def test_columns_equal_the_reference_on_conditions(case: RuleCase) -> None:
    """The same property on conditions (Kleene logic, given, comparisons, lists)."""
    assert_equal_to_reference(case)


# -- deterministic examples -----------------------------------------------------------------

GRADE = RuleType("string", codes=("A", "B", "C", "D"), levels=(1, 2, 2, 3))
SCOPE = Scope(
    fields={
        "a": INTEGER,
        "b": INTEGER,
        "x": DECIMAL,
        "grade": GRADE,
        "kind": RuleType("string", codes=("p", "q")),
        "born": DATE,
        "flag": BOOLEAN,
        "name": STRING,
        "quals": RuleType("list", item=RuleType("string", codes=("S1", "S2"))),
        "with_default": INTEGER,
    },
    parameters={"limit": INTEGER, "cut": DECIMAL},
    scores={"score": DECIMAL},
    formation={"quota": INTEGER, "open": BOOLEAN},
    defaults={"with_default": 7},
)
PARAMETERS = {
    "limit": ResolvedParameter("limit", 35, dt.date(2024, 1, 1), "permenpanrb-6-2024"),
    "cut": ResolvedParameter("cut", Decimal("65.5"), dt.date(2023, 6, 1), "kepmenpanrb-1-2023"),
}
AS_OF = dt.date(2024, 9, 1)


def check(
    text: str,
    rows: list[dict[str, Any]],
    *,
    formations: list[dict[str, Any]] | None = None,
    scores: list[dict[str, Any]] | None = None,
    score_missing: dict[str, tuple[tuple[str, ...] | None, ...]] | None = None,
    expect: str = "boolean",
    as_of: dt.date | None = AS_OF,
) -> ColumnEvaluation:
    """Evaluate ``text`` over ``rows`` both ways and hold every row to the reference."""
    size = len(rows)
    case = RuleCase(
        scope=SCOPE,
        text=text,
        expect=expect,
        candidates=tuple(rows),
        formations=tuple(formations or [{} for _ in rows]),
        scores=tuple(scores or [{} for _ in rows]),
        score_missing=score_missing or {},
        parameters=PARAMETERS,
        as_of=as_of,
    )
    assert case.size == size
    return assert_equal_to_reference(case)


def values(result: ColumnEvaluation) -> list[object]:
    return [result.value.value(i) for i in range(result.size)]


def test_kleene_and_or_not() -> None:
    """``and`` is false if any operand is false, else unknown if any is unknown; ``or`` the
    dual (evaluate.py's module docstring)."""
    rows = [{"a": a, "b": b} for a in (1, 5, None) for b in (1, 5, None)]
    result = check("a > 2 and b > 2", rows)
    assert values(result) == [
        False, False, False, False, True, UNKNOWN, False, UNKNOWN, UNKNOWN,
    ]  # fmt: skip
    result = check("a > 2 or not b > 2", rows)
    assert values(result)[2] is UNKNOWN
    assert values(result)[3] is True
    assert result.missing(2) == ("b",)
    assert result.missing(8) == ("a", "b")
    assert result.missing(3) == ()  # a known value names nothing


def test_zero_times_unknown_is_zero() -> None:
    """Zero times an unknown number is zero (a weight of 0 makes a missing score not matter)."""
    result = check("0 * x + a * b", [{"a": 0}, {"b": 0, "x": 1}, {"a": 2}], expect="number")
    assert values(result) == [Fraction(0), Fraction(0), UNKNOWN]
    assert result.missing(2) == ("b", "x")


def test_given_is_never_unknown_and_names_nothing_missing() -> None:
    """``given`` is the one function never unknown; it does not make its argument missing."""
    result = check("given(a) or b > 1", [{"b": None}, {"a": 1}])
    assert values(result) == [UNKNOWN, True]
    assert result.missing(0) == ("b",)  # a was read by given() only
    assert result.reads(0, 0) == (Read("a", "field", UNKNOWN),)


def test_codes_of_a_scale_order_by_level_and_equal_by_code() -> None:
    """``<`` and friends order codes of a scale by level; ``==``, ``!=`` and ``in`` compare the
    codes themselves (docs/rules.md, "Codes on a scale"; evaluate.py's ``_CODE_OPS``): B and C
    share a level."""
    rows = [{"grade": "B"}, {"grade": "C"}, {"grade": "A"}, {"grade": "D"}, {}]
    assert values(check('grade >= "C"', rows)) == [True, True, False, True, UNKNOWN]
    assert values(check('grade == "C"', rows)) == [False, True, False, False, UNKNOWN]
    assert values(check('grade in ["C", "D"]', rows)) == [False, True, False, True, UNKNOWN]
    assert values(check('"B" <= grade <= "C"', rows)) == [True, True, False, False, UNKNOWN]


def test_an_unknown_item_makes_in_unknown() -> None:
    """``x in [a, b]`` is unknown when an item is unknown, as in the reference, even when
    another item matches; so is ``in`` a list field holding a missing item."""
    result = check("a in [1, b]", [{"a": 1, "b": None}, {"a": 1, "b": 1}, {"a": 2, "b": 3}])
    assert values(result) == [UNKNOWN, True, False]
    result = check('"S1" in quals', [{"quals": ["S1", None]}, {"quals": ["S1"]}, {"quals": []}])
    assert values(result) == [UNKNOWN, True, False]
    assert result.missing(0) == ()  # an unknown item is no missing field


def test_defaults_are_read_and_marked() -> None:
    """A missing field with a declared default reads the default, marked as such."""
    result = check("with_default > 5", [{}, {"with_default": 1}])
    assert values(result) == [True, False]
    assert result.reads(0, 0) == (Read("with_default", "field", Fraction(7), defaulted=True),)
    assert result.reads(1, 0) == (Read("with_default", "field", Fraction(1)),)


def test_parameters_are_read_with_date_and_reference() -> None:
    """Parameters are read with the date they took effect and their legal reference."""
    result = check("x >= cut", [{"x": Decimal("65.50")}])
    assert result.reads(0, 0)[1] == Read(
        "cut", "parameter", Fraction(131, 2), dt.date(2023, 6, 1), "kepmenpanrb-1-2023"
    )


def test_scores_name_the_inputs_that_made_them_unknown() -> None:
    """An unknown score names the inputs whose absence made it unknown (Env.score_missing);
    without that list, the score's own name."""
    result = check(
        "score >= 10",
        [{}, {}, {}],
        scores=[{"score": None}, {"score": None}, {"score": Decimal(12)}],
        score_missing={"score": (("rating.a", "twk"), None, ("ignored",))},
    )
    assert values(result) == [UNKNOWN, UNKNOWN, True]
    assert result.missing(0) == ("rating.a", "twk")
    assert result.missing(1) == ("score",)


def test_division_by_zero_is_an_error_of_its_row_only() -> None:
    """The reference raises ``expr.division-by-zero`` for a candidate; the columns list the row
    with the first division in evaluation order and go on with the others."""
    result = check(
        "a / b > 1 and 1 / a > 0", [{"a": 4, "b": 2}, {"a": 0, "b": 0}, {"a": 1, "b": 0}]
    )
    assert values(result) == [True, UNKNOWN, UNKNOWN]
    assert set(result.error_rows) == {1, 2}
    assert "'a / b'" in result.error_rows[1].message
    assert "'a / b'" in result.error_rows[2].message
    assert result.missing(1) == ()
    result = check("1 / a > 0 or flag", [{"a": 0, "flag": True}, {"a": None}])
    assert result.error_rows[0].code == "expr.division-by-zero"
    assert 1 not in result.error_rows  # unknown / 0 is unknown, not an error


def test_divisions_stay_exact() -> None:
    """Per-row denominators from divisions compare exactly: a third three times is one."""
    rows = [{"a": a, "b": b} for a, b in ((1, 3), (2, 6), (-1, -3), (1, 7), (5, -10))]
    result = check("a / b + a / b + a / b == 3 * a / b", rows)
    assert values(result) == [True] * 5
    result = check("a / b", rows, expect="number")
    assert values(result) == [
        Fraction(1, 3), Fraction(1, 3), Fraction(1, 3), Fraction(1, 7), Fraction(-1, 2),
    ]  # fmt: skip


def test_magnitudes_beyond_int64_fall_back_to_python_integers() -> None:
    """Values near and beyond 2**63 are exact: the engine sees the overflow coming from the
    bounds and computes with Python integers instead of wrapping."""
    big = 2**63 - 1
    rows = [{"a": big, "b": big}, {"a": big, "b": 1}, {"a": -big, "b": -big}, {"a": 2**70}]
    result = check("a + b > a", rows)
    assert values(result) == [True, True, False, UNKNOWN]
    result = check("a * b - a * b + 1", rows, expect="number")
    assert values(result) == [Fraction(1), Fraction(1), Fraction(1), UNKNOWN]
    assert isinstance(result.value, NumberColumn)


def test_integer_columns_widen_before_overflow() -> None:
    """int64 wraps silently; the integer columns widen to Python ints when a bound says so."""
    a = Ints.of([2**62, -(2**62)])
    assert not a.wide
    total = integers.add(a, a)
    assert total.wide
    assert [total.item(0), total.item(1)] == [2**63, -(2**63)]
    product = integers.mul(Ints.of([3_037_000_500]), Ints.of([3_037_000_500]))
    assert product.wide
    assert product.item(0) == 3_037_000_500**2
    assert not integers.add(Ints.of([2**61]), Ints.of([2**61])).wide


@pytest.mark.parametrize("mode", sorted(ROUNDING_MODES))
def test_round_matches_round_fraction_in_every_mode(mode: str) -> None:
    """``round(x, places, mode)`` is ``round_fraction`` for every mode, on halves, negatives,
    thirds and huge values."""
    samples = [
        Fraction(n, d)
        for n in (-7, -5, -3, -2, -1, 0, 1, 2, 3, 5, 7, 25, -25, 2**64 + 1)
        for d in (1, 2, 3, 4, 8, 10, 200)
    ]
    column = NumberColumn.from_values([*samples, None])
    for places in (0, 1, 2):
        rounded = round_to(column, places, mode)
        assert [rounded.value(i) for i in range(len(samples))] == [
            round_fraction(s, places, mode) for s in samples
        ]
        assert rounded.value(len(samples)) is UNKNOWN
    rows = [{"x": Decimal("2.345")}, {"x": Decimal("-2.345")}, {"x": Decimal("2.355")}]
    check(f'round(x, 2, "{mode}")', rows, expect="number")


@pytest.mark.parametrize("year", [2023, 2024])
def test_age_on_every_day_of_a_year(year: int) -> None:
    """``age_on`` over columns is ``age_on`` on every day of a leap and a non-leap year, for
    birthdays on 29 February, 28 February, 1 March and 31 December, forward and backward (a
    29 February birthday is reached on 1 March in other years: functions.py)."""
    days = [
        dt.date(year, 1, 1) + dt.timedelta(days=n)
        for n in range((dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days)
    ]
    for birth in (
        dt.date(2000, 2, 29),
        dt.date(2000, 2, 28),
        dt.date(2000, 3, 1),
        dt.date(1999, 12, 31),
        dt.date(2028, 2, 29),
    ):
        births = DateColumn.from_values([birth] * len(days))
        on = DateColumn.from_values(days)
        forward = ages(births, on)
        backward = ages(on, births)
        for i, day in enumerate(days):
            assert forward.value(i) == age_on(birth, day), (birth, day)
            assert backward.value(i) == age_on(day, birth), (birth, day)


def test_age_rule_with_leap_day_birthdays() -> None:
    """A person born on 2000-02-29 is 22 on 2023-02-28 and 23 on 2023-03-01."""
    rows = [{"born": dt.date(2000, 2, 29)}]
    assert values(
        check("age_on(born, as_of)", rows, expect="number", as_of=dt.date(2023, 2, 28))
    ) == [Fraction(22)]
    assert values(
        check("age_on(born, as_of)", rows, expect="number", as_of=dt.date(2023, 3, 1))
    ) == [Fraction(23)]
    result = check("age_on(born, as_of) <= limit", rows, as_of=None)
    assert values(result) == [UNKNOWN]
    assert result.missing(0) == ("as_of",)


def test_count_min_max_sum() -> None:
    """``count`` counts the true ones (unknown if any is unknown); min, max and sum are exact."""
    rows: list[dict[str, Any]] = [
        {"a": 1, "b": 5, "x": Decimal("2.5")},
        {"a": 1, "b": None, "x": Decimal("0.1")},
    ]
    assert values(check("count(a > 0, b > 0, flag)", rows, expect="number")) == [UNKNOWN] * 2
    assert values(check("count(a > 0, b > 0)", rows, expect="number")) == [Fraction(2), UNKNOWN]
    assert values(check("min(a, x, b)", rows, expect="number")) == [Fraction(1), UNKNOWN]
    assert values(check("max(a, x) + sum(x, x, x)", rows, expect="number")) == [
        Fraction(10),
        Fraction(13, 10),
    ]


def test_lists_compare_as_the_reference_does() -> None:
    """List equality and membership in list fields are compared value by value."""
    rows = [{"quals": ["S1", "S2"]}, {"quals": ["S2"]}, {}]
    assert values(check('quals == ["S1", "S2"]', rows)) == [True, False, UNKNOWN]
    assert values(check('"S2" not in quals', rows)) == [False, False, UNKNOWN]


def test_a_list_with_an_unknown_item_makes_a_comparison_unknown_on_either_side() -> None:
    """docs/rules.md ("Evaluation"): a comparison with an unknown operand is unknown, and a
    list holding an unknown item is such an operand, left or right (the reference once
    searched only the right side: ``[a] == [1]`` with ``a`` missing was false)."""
    for text in ("[a] == [1]", "[a] != [1]", "[1] == [a]", "[1] != [a]"):
        assert values(check(text, [{}])) == [UNKNOWN], text
    rows = [{"quals": ["S1", None]}]
    assert values(check('quals == ["S1"]', rows)) == [UNKNOWN]
    assert values(check('["S1"] == quals', rows)) == [UNKNOWN]


def test_columns_round_trip_values_as_the_reference_holds_them() -> None:
    """``Column.of`` then ``value`` gives what the reference evaluator holds."""
    samples: list[tuple[RuleType, list[Any], list[Any]]] = [
        (INTEGER, [1, None, -(2**70)], [Fraction(1), UNKNOWN, Fraction(-(2**70))]),
        (
            DECIMAL,
            [Decimal("1.50"), Fraction(1, 3), 2],
            [Fraction(3, 2), Fraction(1, 3), Fraction(2)],
        ),
        (BOOLEAN, [True, None, False], [True, UNKNOWN, False]),
        (STRING, ["S1", "", None], ["S1", "", UNKNOWN]),
        (DATE, [dt.date(2000, 2, 29), None], [dt.date(2000, 2, 29), UNKNOWN]),
        (
            RuleType("list", item=STRING),
            [["S1", None], None, ()],
            [["S1", UNKNOWN], UNKNOWN, []],
        ),
    ]
    for type_, raw, expected in samples:
        column = Column.of(raw, type_)
        assert all(same(column.value(i), e) for i, e in enumerate(expected)), (
            type_,
            [column.value(i) for i in range(len(raw))],
        )
    with pytest.raises(TypeError):
        Column.of([True], INTEGER)
    with pytest.raises(TypeError):
        Column.of([dt.datetime(2024, 1, 1)], DATE)


_NUMBERS = st.one_of(
    st.none(),
    st.integers(-(2**70), 2**70),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1000, max_value=1000),
    st.fractions(max_denominator=12),
)


@given(
    st.lists(_NUMBERS, max_size=12),
    st.lists(st.one_of(st.none(), st.sampled_from(["S1", "D3", "", "s1"])), max_size=12),
    st.lists(st.one_of(st.none(), st.dates(dt.date(1950, 1, 1), dt.date(2030, 1, 1))), max_size=12),
)
def test_columns_of_repeated_values_hold_each_row(
    numbers: list[Any], codes: list[Any], dates: list[Any]
) -> None:
    """Columns built once per distinct value (equal numbers of different types among them)
    hold every row as the reference does: its exact value, or unknown; the codes in the
    order they are first seen."""
    for type_, raw in ((DECIMAL, numbers), (STRING, codes), (DATE, dates)):
        column = Column.of(raw, type_)
        expected = [UNKNOWN if v is None else rule_value(v) for v in raw]
        assert all(same(column.value(i), e) for i, e in enumerate(expected)), (type_, raw)
    vocabulary = Column.of(codes, STRING)
    assert isinstance(vocabulary, CodeColumn)
    assert list(vocabulary.vocabulary) == (
        list(dict.fromkeys(c for c in codes if c is not None)) or [""]
    )


def _layout(column: Column) -> tuple[Any, ...]:
    """What a column holds, array by array."""
    arrays: list[Any] = [column.known.tolist()]
    if isinstance(column, NumberColumn):
        den = column.den
        arrays += [column.num.array.tolist(), column.num.bound, column.num.wide]
        arrays += [den if isinstance(den, int) else (den.array.tolist(), den.bound)]
    elif isinstance(column, CodeColumn):
        arrays += [column.index.tolist(), column.vocabulary]
    elif isinstance(column, DateColumn):
        arrays += [column.ordinal.tolist()]
    elif isinstance(column, BooleanColumn):
        arrays += [column.truth.tolist()]
    return (type(column).__name__, *arrays)


@given(st.data())
def test_a_gathered_column_is_the_column_of_its_rows(data: st.DataObject) -> None:
    """``Column.gathered(values, index, type)`` holds exactly what ``Column.of`` of the rows
    ``values[index]`` holds: the same arrays, bounds, denominators and vocabulary."""
    kinds: list[tuple[RuleType, st.SearchStrategy[list[Any]]]] = [
        (DECIMAL, st.lists(_NUMBERS, min_size=1, max_size=6)),
        (STRING, st.lists(st.one_of(st.none(), st.sampled_from(["S1", "D3", ""])), min_size=1)),
        (DATE, st.lists(st.one_of(st.none(), st.dates()), min_size=1, max_size=5)),
        (BOOLEAN, st.lists(st.one_of(st.none(), st.booleans()), min_size=1, max_size=3)),
    ]
    for type_, values in kinds:
        distinct = data.draw(values)
        index = data.draw(st.lists(st.integers(0, len(distinct) - 1), max_size=20))
        rows = np.array(index, dtype=np.int64)
        gathered = Column.gathered(distinct, rows, type_)
        assert _layout(gathered) == _layout(Column.of([distinct[k] for k in index], type_))


def test_a_column_refuses_a_value_equal_to_one_of_its_type() -> None:
    """``True`` equals ``1`` but is no number, and a time is no date: refused however many
    rows hold the value they equal."""
    with pytest.raises(TypeError):
        Column.of([1, 2, True, 1], INTEGER)
    with pytest.raises(TypeError):
        Column.of([Decimal(1), True], DECIMAL)
    with pytest.raises(TypeError):
        Column.of([dt.date(2024, 1, 1), dt.datetime(2024, 1, 1)], DATE)
    with pytest.raises(TypeError):
        Column.of(["S1", 1], STRING)


def test_env_rows_are_the_reference_environment() -> None:
    """``ColumnEnv.row(i)`` is an environment the reference evaluates like the raw row."""
    rule = compile_rule("a + x > limit and flag", SCOPE)
    env = ColumnEnv(
        2,
        candidate={
            "a": Column.of([30, None], INTEGER),
            "x": Column.of([Decimal("5.5"), 1], DECIMAL),
            "flag": Column.of([True, True], BOOLEAN),
        },
        parameters=PARAMETERS,
        as_of=AS_OF,
    )
    raw: list[dict[str, Any]] = [
        {"a": 30, "x": Decimal("5.5"), "flag": True},
        {"a": None, "x": 1, "flag": True},
    ]
    for i in range(2):
        assert evaluate(rule, env.row(i)) == evaluate(rule, Env(raw[i], {}, PARAMETERS, AS_OF))
    result = evaluate_columns(rule, env)
    assert result.evaluation(1) == evaluate(rule, env.row(1))
    assert np.array_equal(result.value.known, [True, False])


@given(
    st.lists(st.none() | st.fractions(max_denominator=10**6), min_size=1, max_size=20),
    st.integers(0, 12),
    st.sampled_from(sorted(ROUNDING_MODES)),
)
def test_round_is_round_fraction_on_any_fraction(
    samples: list[Fraction | None], places: int, mode: str
) -> None:
    """``round_to`` over a column is ``round_fraction`` row by row, for any fractions (per-row
    denominators included) and every mode and number of places."""
    column = NumberColumn.from_values(samples)
    rounded = round_to(column, places, mode)
    for i, sample in enumerate(samples):
        expected = UNKNOWN if sample is None else round_fraction(sample, places, mode)
        assert same(rounded.value(i), expected), (sample, places, mode)
