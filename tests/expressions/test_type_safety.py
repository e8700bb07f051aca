"""Type errors are found when a rule loads, never when it is evaluated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from asn_competency.errors import PolicyError
from asn_competency.expressions import Env, EvaluationError, Scope, compile_rule, evaluate
from asn_competency.expressions.types import BOOLEAN, DATE, DECIMAL, INTEGER, RuleType

SCOPE = Scope(
    fields={
        "n": INTEGER,
        "d": DECIMAL,
        "born": DATE,
        "flag": BOOLEAN,
        "level": RuleType("string", codes=("S1", "S2")),
    },
    parameters={"limit": INTEGER},
    formation={"quota": INTEGER},
)

ATOMS = st.sampled_from(
    [
        "n", "d", "born", "flag", "level", "limit", "as_of", "formation.quota",
        "1", "2.5", "0", '"S1"', '"x"', "true", "false", '["S1", "S2"]', "[1, 2]",
        'date("2024-01-01")',
    ]
)  # fmt: skip
BINARY = st.sampled_from(["+", "-", "*", "/", "and", "or", "==", "!=", "<", ">=", "in", "not in"])
CALLS = st.sampled_from(["age_on", "years_between", "min", "max", "sum", "count", "round"])


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    """Random, often ill-typed expressions of the rule language."""
    choice = draw(st.integers(0, 4)) if depth < 3 else 0
    if choice == 0:
        return draw(ATOMS)
    if choice == 1:
        return f"not ({draw(expressions(depth + 1))})"
    if choice == 2:
        name = draw(CALLS)
        args = draw(st.lists(expressions(depth + 1), min_size=1, max_size=3))
        if name == "round":
            args = [args[0], "2", '"half_up"']
        return f"{name}({', '.join(args)})"
    return f"({draw(expressions(depth + 1))}) {draw(BINARY)} ({draw(expressions(depth + 1))})"


VALUES: dict[str, Any] = {
    "n": st.one_of(st.none(), st.integers(-5, 5)),
    "d": st.one_of(st.none(), st.decimals(-5, 5, places=2)),
    "born": st.one_of(st.none(), st.dates(dt.date(1950, 1, 1), dt.date(2010, 1, 1))),
    "flag": st.one_of(st.none(), st.booleans()),
    "level": st.one_of(st.none(), st.sampled_from(["S1", "S2"])),
}


@given(expressions(), st.fixed_dictionaries(VALUES), st.one_of(st.none(), st.integers(0, 9)))
def test_compiled_rules_never_fail_on_types(
    text: str, candidate: dict[str, Any], quota: int | None
) -> None:
    """A rule that compiles evaluates for any values of the declared types (or missing ones)
    without a type error: the only evaluation error is a division by zero."""
    for expect in ("boolean", "number", "any"):
        try:
            rule = compile_rule(text, SCOPE, expect=expect)
        except PolicyError as error:
            assert all(p.code.startswith(("expr.", "ref.")) for p in error.problems)  # noqa: PT017
            continue
        env = Env(
            candidate,
            {"quota": quota},
            {"limit": _limit()},
            dt.date(2024, 9, 1),
        )
        try:
            evaluate(rule, env)
        except EvaluationError as error:
            assert error.problem.code == "expr.division-by-zero"  # noqa: PT017


def _limit() -> Any:
    from asn_competency.model import ResolvedParameter

    return ResolvedParameter("limit", 3, dt.date(2024, 1, 1), "r")


def test_decimal_literals_are_exact() -> None:
    """A decimal literal keeps its spelling's exact value."""
    rule = compile_rule("d == 0.10", SCOPE)
    assert evaluate(rule, Env({"d": Decimal("0.1")})).value is True


@st.composite
def numbers(draw: st.DrawFn, depth: int = 0) -> str:
    """Well-typed numeric expressions."""
    if depth > 2 or draw(st.booleans()):
        return draw(st.sampled_from(["n", "d", "limit", "formation.quota", "1", "2.5"]))
    form = draw(st.integers(0, 5))
    a, b = draw(numbers(depth + 1)), draw(numbers(depth + 1))
    if form == 0:
        return f"({a} {draw(st.sampled_from(['+', '-', '*', '/']))} {b})"
    if form == 1:
        return f"{draw(st.sampled_from(['min', 'max', 'sum']))}({a}, {b})"
    if form == 2:
        return f'round({a}, {draw(st.integers(0, 3))}, "half_even")'
    if form == 3:
        return "age_on(born, as_of)"
    if form == 4:
        return f"count({draw(conditions(depth + 1))}, {draw(conditions(depth + 1))})"
    return f"-{a}"


@st.composite
def conditions(draw: st.DrawFn, depth: int = 0) -> str:
    """Well-typed conditions."""
    if depth > 2 or draw(st.booleans()):
        return draw(
            st.sampled_from(["flag", 'level in ["S1"]', 'level == "S2"', "born < as_of", "true"])
        )
    form = draw(st.integers(0, 2))
    if form == 0:
        op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
        return f"{draw(numbers(depth + 1))} {op} {draw(numbers(depth + 1))}"
    if form == 1:
        op = draw(st.sampled_from(["and", "or"]))
        return f"({draw(conditions(depth + 1))}) {op} ({draw(conditions(depth + 1))})"
    return f"not ({draw(conditions(depth + 1))})"


@given(conditions(), st.fixed_dictionaries(VALUES), st.one_of(st.none(), st.integers(0, 9)))
def test_well_typed_rules_compile_and_evaluate(
    text: str, candidate: dict[str, Any], quota: int | None
) -> None:
    """Every well-typed condition compiles, and evaluates to true, false or unknown."""
    rule = compile_rule(text, SCOPE)
    env = Env(candidate, {"quota": quota}, {"limit": _limit()}, dt.date(2024, 9, 1))
    try:
        result = evaluate(rule, env)
    except EvaluationError as error:
        assert error.problem.code == "expr.division-by-zero"  # noqa: PT017
        return
    assert result.value in (True, False) or not result.known
