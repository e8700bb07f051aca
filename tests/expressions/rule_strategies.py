"""Hypothesis strategies for the rule language: a small scope, a well-typed rule over it, and a
population of rows to evaluate it on (for differential tests of evaluators).

Everything is drawn with Hypothesis' own strategies (no seeded generator), so a failing case
shrinks: to a shorter rule, fewer rows, smaller values.

The scope has fixed names whose details are drawn:

- candidate fields: integers ``i1``, ``i2`` and decimals ``d1``, ``d2`` (each with drawn
  decimal places and bounds: small, or near and beyond ``2**63``), an ordered enum ``grade``
  and ``grade2`` (the same codes and drawn levels, possibly tied), an enum without levels
  ``kind``, a free string ``name``, dates ``born`` and ``start``, a boolean ``flag``, a list
  ``quals``; some fields have a declared default;
- formation fields ``formation.quota`` (integer), ``formation.kind`` (codes), ``formation.open``
  (boolean), ``formation.quals`` (list);
- parameters ``p_int``, ``p_dec``, ``p_code``, ``p_date``, ``p_flag`` with effective dates and
  legal references; scores ``s1``, ``s2`` with the names that made them unknown;
- ``as_of`` (a date, or missing for the whole population).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from asn_competency.expressions import ROUNDING_MODES, Env, Scope
from asn_competency.expressions.columns import Column, ColumnEnv
from asn_competency.expressions.types import BOOLEAN, DATE, DECIMAL, INTEGER, STRING, RuleType
from asn_competency.model import ResolvedParameter

__all__ = ["RuleCase", "rule_cases"]

Strategy = st.SearchStrategy

#: Leap days and the days around them, where age_on's 29 February rule matters.
LEAP_DAYS = [
    dt.date(2000, 2, 29),
    dt.date(1996, 2, 29),
    dt.date(2004, 2, 29),
    dt.date(2023, 2, 28),
    dt.date(2023, 3, 1),
    dt.date(2024, 2, 28),
    dt.date(2024, 2, 29),
    dt.date(2024, 3, 1),
    dt.date(1900, 2, 28),
    dt.date(1900, 3, 1),
]
GRADES = ("A", "B", "C", "D")
KINDS = ("x", "y", "z")
QUALS = ("S1", "S2", "D4")
MODES = tuple(ROUNDING_MODES)
SCORES = ("s1", "s2")
HUGE = 2**63


@dataclass(frozen=True)
class Ranges:
    """How large the values of one numeric field may be (``huge``: near and beyond 2**63)."""

    places: int
    huge: bool


@dataclass(frozen=True)
class RuleCase:
    """A drawn scope, a rule over it (with the result kind the caller expects) and rows."""

    scope: Scope
    text: str
    expect: str
    candidates: tuple[dict[str, Any], ...]
    formations: tuple[dict[str, Any], ...]
    scores: tuple[dict[str, Any], ...]
    score_missing: Mapping[str, tuple[tuple[str, ...] | None, ...]]
    parameters: Mapping[str, ResolvedParameter]
    as_of: dt.date | None
    defaults: Mapping[str, object] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """The number of rows."""
        return len(self.candidates)

    def env(self, index: int) -> Env:
        """The reference's environment of row ``index``, from the raw values."""
        return Env(
            candidate=self.candidates[index],
            formation=self.formations[index],
            parameters=self.parameters,
            as_of=self.as_of,
            scores=self.scores[index],
            score_missing={
                n: names
                for n, rows in self.score_missing.items()
                if (names := rows[index]) is not None
            },
        )

    def column_env(self) -> ColumnEnv:
        """The same rows as columns."""

        def columns(
            rows: Sequence[Mapping[str, Any]], types: Mapping[str, RuleType]
        ) -> dict[str, Column]:
            return {
                name: Column.of([row.get(name) for row in rows], type_)
                for name, type_ in types.items()
                if any(name in row for row in rows)
            }

        return ColumnEnv(
            size=self.size,
            candidate=columns(self.candidates, self.scope.fields),
            formation=columns(self.formations, self.scope.formation),
            parameters=self.parameters,
            as_of=self.as_of,
            scores=columns(self.scores, self.scope.scores),
            score_missing=self.score_missing,
        )


# -- values -------------------------------------------------------------------------------


_SMALL = st.one_of(st.just(0), st.integers(-3, 3), st.integers(-(10**6), 10**6))
_HUGE = st.one_of(
    _SMALL,
    st.integers(HUGE - 4, HUGE + 4) | st.integers(-HUGE - 4, -HUGE + 4),
    st.sampled_from([2**62, -(2**62), 3_037_000_500, -(2**32), 2**40]),
    st.integers(-(2**80), 2**80),
)
#: Decimals on and near rounding ties.
_TIES = st.sampled_from(
    [Decimal(t) for t in ("0.5", "-0.5", "1.5", "-2.5", "2.5", "0.125", "-0.375", "2.345", "0.005")]
)
_DATES = st.one_of(
    st.sampled_from(LEAP_DAYS),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.dates(),
)


def integers(huge: bool) -> Strategy[int]:
    """Integers with the edge cases: zero, small negatives, and (``huge``) near 2**63."""
    return _HUGE if huge else _SMALL


@functools.cache
def decimals(ranges: Ranges) -> Strategy[Decimal]:
    """Decimals with ``ranges.places`` places (the exact spelling of a scaled integer)."""
    scaled = integers(ranges.huge).map(lambda n: Decimal(n).scaleb(-ranges.places))
    return st.one_of(scaled, _TIES) if ranges.places else scaled


def dates() -> Strategy[dt.date]:
    """Dates, leap days and their neighbours often."""
    return _DATES


def maybe(values: Strategy[Any]) -> Strategy[Any]:
    """A value or a missing one (``None``)."""
    return st.none() | values


#: Rule strategies by kind and depth, built once.
_RULES: dict[tuple[str, int], Strategy[str]] = {}


# -- the scope ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """A drawn scope and the ranges of its numbers, from which rules and rows are drawn."""

    ranges: Mapping[str, Ranges]
    levels: tuple[int, ...]
    defaults: Mapping[str, object]
    parameters: Mapping[str, ResolvedParameter]

    @property
    def grade(self) -> RuleType:
        return RuleType("string", codes=GRADES, levels=self.levels)

    @property
    def fields(self) -> dict[str, RuleType]:
        return {
            "i1": INTEGER,
            "i2": INTEGER,
            "d1": DECIMAL,
            "d2": DECIMAL,
            "grade": self.grade,
            "grade2": self.grade,
            "kind": RuleType("string", codes=KINDS),
            "name": STRING,
            "born": DATE,
            "start": DATE,
            "flag": BOOLEAN,
            "quals": RuleType("list", item=RuleType("string", codes=QUALS)),
        }

    @property
    def formation(self) -> dict[str, RuleType]:
        return {
            "quota": INTEGER,
            "kind": RuleType("string", codes=KINDS),
            "open": BOOLEAN,
            "quals": RuleType("list", item=RuleType("string", codes=QUALS)),
        }

    def scope(self) -> Scope:
        return Scope(
            fields=self.fields,
            parameters={
                "p_int": INTEGER,
                "p_dec": DECIMAL,
                "p_code": STRING,
                "p_date": DATE,
                "p_flag": BOOLEAN,
            },
            scores={"s1": DECIMAL, "s2": DECIMAL},
            formation=self.formation,
            defaults=self.defaults,
        )

    def value(self, name: str) -> Strategy[Any]:
        """A value of candidate field ``name`` (not missing)."""
        if name in self.ranges:
            ranges = self.ranges[name]
            return decimals(ranges) if name.startswith("d") else integers(ranges.huge)
        return {
            "grade": st.sampled_from(GRADES),
            "grade2": st.sampled_from(GRADES),
            "kind": st.sampled_from(KINDS),
            "name": st.sampled_from(["Budi", "Sari", ""]),
            "born": dates(),
            "start": dates(),
            "flag": st.booleans(),
            "quals": st.lists(maybe(st.sampled_from(QUALS)), max_size=3),
        }[name]

    # -- rules --------------------------------------------------------------------------

    def memo(self, kind: str, depth: int, build: Callable[[], Strategy[str]]) -> Strategy[str]:
        key = (kind, depth)  # rules depend on the names only, the same in every scope
        if key not in _RULES:
            _RULES[key] = build()
        return _RULES[key]

    def numbers(self, depth: int) -> Strategy[str]:
        """A number-valued expression."""
        return self.memo("number", depth, lambda: self._numbers(depth))

    def _numbers(self, depth: int) -> Strategy[str]:
        leaves = st.one_of(
            st.sampled_from(["i1", "i2", "d1", "d2", "p_int", "p_dec", "s1", "s2"]),
            st.sampled_from(["formation.quota"]),
            st.sampled_from(["0", "1", "2", "3", "2.5", "0.125", "3.00", "100"]),
            st.sampled_from([str(HUGE - 1), str(HUGE), str(2**70)]),
        )
        if depth == 0:
            return leaves
        sub = self.numbers(depth - 1)
        dates = self.dates()

        def binary(ops: list[str]) -> Strategy[str]:
            return st.tuples(sub, st.sampled_from(ops), sub).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            )

        operations = st.one_of(
            binary(["*"]),
            binary(["/"]),
            binary(["+", "-"]),
            st.tuples(sub, st.sampled_from(["i1", "d2", "s1", "formation.quota", "0"])).map(
                lambda t: f"({t[0]} / {t[1]})"
            ),
            st.tuples(st.sampled_from(["-", "+"]), sub).map(lambda t: f"({t[0]}{t[1]})"),
        )
        functions = st.one_of(
            st.tuples(
                st.sampled_from(["min", "max", "sum"]), st.lists(sub, min_size=1, max_size=3)
            ).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
            st.tuples(sub, st.sampled_from([0, 1, 2, 3, 12]), st.sampled_from(MODES)).map(
                lambda t: f'round({t[0]}, {t[1]}, "{t[2]}")'
            ),
            st.tuples(  # halves, quarters and eighths: the ties of every mode
                st.sampled_from(["(i1 / 2)", "(i2 / 4)", "(d1 / 8)", "d2", "p_dec", "s1"]),
                st.sampled_from([0, 1, 2]),
                st.sampled_from(MODES),
            ).map(lambda t: f'round({t[0]}, {t[1]}, "{t[2]}")'),
            st.tuples(st.sampled_from(["age_on", "years_between"]), dates, dates).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})"
            ),
            st.lists(self.booleans(depth - 1), min_size=1, max_size=3).map(
                lambda b: f"count({', '.join(b)})"
            ),
        )
        return st.one_of(operations, functions, leaves)

    def dates(self) -> Strategy[str]:
        """A date-valued expression."""
        return st.one_of(
            st.sampled_from(["born", "start", "p_date", "as_of"]),
            st.sampled_from(LEAP_DAYS[:3]).map(lambda d: f'date("{d.isoformat()}")'),
        )

    def codes(self) -> Strategy[tuple[str, str]]:
        """Two string expressions that may be compared with ``==``/``!=``."""
        enum = st.sampled_from(["grade", "grade2", "kind", "formation.kind", "p_code"])
        grade_literal = st.sampled_from(GRADES).map(lambda c: f'"{c}"')
        kind_literal = st.sampled_from(KINDS).map(lambda c: f'"{c}"')
        return st.one_of(
            st.tuples(enum, enum),
            st.tuples(st.sampled_from(["grade", "grade2"]), grade_literal),
            st.tuples(st.sampled_from(["kind", "formation.kind"]), kind_literal),
            st.tuples(kind_literal, st.sampled_from(["kind", "p_code"])),
            st.tuples(st.just("name"), st.sampled_from(['"Budi"', '""', "p_code"])),
        )

    def booleans(self, depth: int) -> Strategy[str]:
        """A boolean-valued expression."""
        return self.memo("boolean", depth, lambda: self._booleans(depth))

    def _booleans(self, depth: int) -> Strategy[str]:
        given_names = st.sampled_from(
            ["i1", "d1", "grade", "born", "flag", "quals", "s1", "formation.quota", "p_int"]
        )
        leaves = st.one_of(
            st.sampled_from(["flag", "p_flag", "formation.open", "true", "false"]),
            given_names.map(lambda n: f"given({n})"),
        )
        if depth == 0:
            return leaves
        sub = self.booleans(depth - 1)
        numbers = self.numbers(depth - 1)
        orders = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
        equalities = st.sampled_from(["==", "!="])
        dates = self.dates()
        grade_side = st.one_of(
            st.sampled_from(["grade", "grade2"]),
            st.sampled_from(GRADES).map(lambda c: f'"{c}"'),
        )
        number_comparison = st.tuples(numbers, orders, numbers).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        )
        connective = st.tuples(
            st.sampled_from(["and", "or"]), st.lists(sub, min_size=2, max_size=3)
        ).map(lambda t: "(" + f" {t[0]} ".join(t[1]) + ")")
        logic = st.one_of(connective, sub.map(lambda b: f"(not {b})"))
        comparisons = st.one_of(
            number_comparison,
            st.tuples(numbers, orders, numbers, orders, numbers).map(lambda t: f"({' '.join(t)})"),
            st.tuples(dates, orders, dates).map(lambda t: f"({' '.join(t)})"),
            st.tuples(self.codes(), equalities).map(lambda t: f"({t[0][0]} {t[1]} {t[0][1]})"),
            st.tuples(st.sampled_from(["grade", "grade2"]), orders, grade_side).map(
                lambda t: f"({' '.join(t)})"
            ),
            st.tuples(grade_side, orders, st.sampled_from(["grade", "grade2"])).map(
                lambda t: f"({' '.join(t)})"
            ),
            st.tuples(
                numbers, st.sampled_from(["in", "not in"]), st.lists(numbers, max_size=3)
            ).map(lambda t: f"({t[0]} {t[1]} [{', '.join(t[2])}])"),
            st.tuples(
                st.sampled_from(["grade", "p_code"]),
                st.sampled_from(["in", "not in"]),
                st.lists(st.sampled_from(['"A"', '"B"', "grade2"]), max_size=3),
            ).map(lambda t: f"({t[0]} {t[1]} [{', '.join(t[2])}])"),
            st.tuples(
                st.sampled_from(["kind", "formation.kind"]),
                st.sampled_from(["in", "not in"]),
                st.lists(st.sampled_from(['"x"', '"z"', "p_code", "formation.kind"]), max_size=3),
            ).map(lambda t: f"({t[0]} {t[1]} [{', '.join(t[2])}])"),
            st.tuples(dates, st.sampled_from(["in", "not in"]), st.lists(dates, max_size=2)).map(
                lambda t: f"({t[0]} {t[1]} [{', '.join(t[2])}])"
            ),
            st.tuples(
                st.sampled_from(['"S1"', '"D4"', "kind", "p_code"]),
                st.sampled_from(["in", "not in"]),
                st.sampled_from(["quals", "formation.quals"]),
            ).map(lambda t: f"({' '.join(t)})"),
            st.tuples(
                st.sampled_from(["quals", '["S1"]', "[]"]),
                equalities,
                st.sampled_from(["formation.quals", '["S1", "S2"]', "quals"]),
            ).map(lambda t: f"({' '.join(t)})"),
            st.tuples(st.lists(numbers, min_size=1, max_size=2), equalities, numbers).map(
                lambda t: f"([{', '.join(t[0])}] {t[1]} [{t[2]}])"
            ),
            st.tuples(sub, equalities, sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        )
        return st.one_of(logic, number_comparison, comparisons, leaves)

    def rule(self, depth: int, focus: str = "any") -> Strategy[tuple[str, str]]:
        """A rule text and the result kind to compile it for: of any kind, or a ``"number"``
        or a ``"boolean"`` rule only."""
        if focus == "number":
            return self.numbers(depth).map(lambda text: (text, "number"))
        if focus == "boolean":
            return self.booleans(depth).map(lambda text: (text, "boolean"))
        return st.one_of(
            self.booleans(depth).map(lambda text: (text, "boolean")),
            self.numbers(depth).map(lambda text: (text, "number")),
            st.one_of(self.dates(), self.codes().map(lambda t: t[0])).map(
                lambda text: (text, "any")
            ),
        )


@st.composite
def parameters(draw: st.DrawFn) -> dict[str, ResolvedParameter]:
    """The five parameters, each with a drawn value, effective date and reference."""

    def parameter(name: str, value: object) -> ResolvedParameter:
        since = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))
        reference = draw(st.sampled_from(["kepmenpanrb-321-2024", "permenpanrb-6-2024"]))
        return ResolvedParameter(name, value, since, reference)  # type: ignore[arg-type]

    return {
        "p_int": parameter("p_int", draw(integers(draw(st.booleans())))),
        "p_dec": parameter("p_dec", draw(decimals(Ranges(draw(st.integers(0, 3)), huge=False)))),
        "p_code": parameter("p_code", draw(st.sampled_from([*KINDS, "Budi"]))),
        "p_date": parameter("p_date", draw(dates())),
        "p_flag": parameter("p_flag", draw(st.booleans())),
    }


@st.composite
def contexts(draw: st.DrawFn) -> Context:
    """A drawn scope: places and bounds of the numbers, levels, defaults, parameters."""
    ranges = {
        name: Ranges(draw(st.integers(0, 3)) if name.startswith("d") else 0, draw(st.booleans()))
        for name in ("i1", "i2", "d1", "d2")
    }
    levels = tuple(draw(st.lists(st.integers(1, 4), min_size=4, max_size=4)))
    context = Context(ranges, levels, {}, draw(parameters()))
    defaulted = draw(st.sets(st.sampled_from(["i1", "d2", "kind", "flag", "born", "quals"])))
    defaults = {name: draw(context.value(name)) for name in sorted(defaulted)}
    return Context(ranges, levels, defaults, context.parameters)


@st.composite
def rule_cases(
    draw: st.DrawFn, *, max_rows: int = 10, depth: int = 2, focus: str = "any"
) -> RuleCase:
    """A scope, a well-typed rule over it (``focus``: see :meth:`Context.rule`) and up to
    ``max_rows`` rows."""
    context = draw(contexts())
    text, expect = draw(context.rule(depth, focus))
    absent = draw(st.sets(st.sampled_from(sorted(context.fields)), max_size=2))
    missing_names = st.lists(st.sampled_from(["i1", "d1", "born", "rating.x"]), max_size=2)
    row = st.tuples(
        st.fixed_dictionaries(
            {name: maybe(context.value(name)) for name in context.fields if name not in absent}
        ),
        st.fixed_dictionaries(
            {
                "quota": maybe(integers(huge=False)),
                "kind": maybe(st.sampled_from(KINDS)),
                "open": maybe(st.booleans()),
                "quals": maybe(st.lists(st.sampled_from(QUALS), max_size=3)),
            }
        ),
        st.fixed_dictionaries({name: maybe(decimals(Ranges(2, huge=False))) for name in SCORES}),
        st.tuples(*(maybe(missing_names.map(tuple)) for _ in SCORES)),
    )
    rows = draw(st.lists(row, min_size=1, max_size=max_rows))
    candidates = tuple(r[0] for r in rows)
    formations = tuple(r[1] for r in rows)
    scores = tuple(r[2] for r in rows)
    score_missing = {name: tuple(r[3][k] for r in rows) for k, name in enumerate(SCORES)}
    as_of = draw(maybe(dates()))
    return RuleCase(
        scope=context.scope(),
        text=text,
        expect=expect,
        candidates=candidates,
        formations=formations,
        scores=scores,
        score_missing=score_missing,
        parameters=context.parameters,
        as_of=as_of,
        defaults=context.defaults,
    )
