"""Points tables: decision tables in the manner of DMN, checked at load time, matched exactly.

A points table (:class:`~asn_competency.model.scores.PointsTableScore`) names its inputs
(each a rule-language formula), and lists rows: a condition per input (a list of codes, or a
numeric :class:`~asn_competency.model.scores.Range`; an input a row leaves out matches
anything) and the points the row gives. The hit policy says what the table gives when several
rows match, after Decision Model and Notation (DMN) 1.3, OMG, 2020, §8.2.11 Hit policy:

- ``unique`` (DMN *U*): at most one row may match any input; an overlap is a load-time
  problem, and two rows matching at run time (when the load check could not see it) is an
  error for that candidate.
- ``first`` (DMN *F*): the first matching row, in the order written.
- ``priority`` (DMN *P*): the matching row with the highest ``priority``. DMN orders by
  output value; here each row declares its own integer priority. Every row must have one,
  and two rows of equal priority must not overlap.
- ``collect-sum`` (DMN *C+*): the sum of the points of every matching row.

When no row matches, the table gives its ``default``; without one, that is an error for the
candidate (``table.no-match``), and :func:`table_problems` reports at load time the inputs
that no row matches (``table.gap``).

**Load-time checks** (:func:`table_problems`) are exact. Numbers are
:class:`~fractions.Fraction` throughout; the intervals of two rows intersect exactly, taking
inclusive and exclusive ends into account and, for an input that only takes whole numbers,
whether a whole number lies in the intersection. The gap check splits each numeric input's
domain at every bound any row uses (including on which side of the bound its value falls),
which gives *elementary cells* that each row matches entirely or not at all, and each code
input into its codes (a string input without a list of codes into the codes the rows name plus
"any other string"); coverage is then decided cell by cell over the product. The check is
skipped, silently, when that product has more than :data:`CELL_LIMIT` cells.

What the checks cannot see: the inputs are formulas, and the checks know of their values only
what the caller passes in :class:`InputDomain` (typically a candidate field's declared type,
codes and bounds). An input without a domain is taken as any number, or any string, as its
conditions suggest. Inputs are treated as independent, so a gap that only correlated inputs
would rule out (two formulas over the same field) is still reported.

**Matching** (:func:`match`) is three-valued, like the rule language: a row's condition is
true, false, or unknown when an input it tests is unknown (and no other condition of the row
is false). The table's result is ``None`` (unknown) unless the rows whose verdict is known
decide it whatever the unknown inputs turn out to be.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from asn_competency.errors import Problem, describe_value, did_you_mean, json_path
from asn_competency.expressions import UNKNOWN, EvaluationError, Unknown, format_value
from asn_competency.model.scores import PointsRule, PointsTableScore, Range

__all__ = ["CELL_LIMIT", "InputDomain", "TableMatch", "match", "table_problems"]

#: The gap check decides coverage cell by cell; beyond this many cells it is skipped.
CELL_LIMIT = 100_000

#: How many uncovered inputs a ``table.gap`` message names.
_EXAMPLES = 3

Path = tuple[str | int, ...]
_Exact = Fraction | str | Unknown


@dataclass(frozen=True)
class InputDomain:
    """What is known, at load time, of the values one input of a points table can take.

    Attributes:
        kind: ``"string"`` (a code) or ``"number"``.
        codes: The allowed codes of an enumerated string field; ``None`` when any string
            may occur.
        minimum: The inclusive lower bound of a numeric input; ``None`` when unbounded.
        maximum: The inclusive upper bound of a numeric input; ``None`` when unbounded.
        integer: Whether only whole numbers occur (an integer field).
    """

    kind: Literal["string", "number"]
    codes: tuple[str, ...] | None = None
    minimum: Fraction | None = None
    maximum: Fraction | None = None
    integer: bool = False


@dataclass(frozen=True)
class TableMatch:
    """What a points table gives for one candidate.

    Attributes:
        points: The points, exact.
        rows: The 0-based indices of the rows that decided, in table order: one row for
            ``unique``, ``first`` and ``priority``; every matching row for ``collect-sum``;
            none when the default was used.
        default_used: Whether no row matched and the table's ``default`` was given.
    """

    points: Fraction
    rows: tuple[int, ...]
    default_used: bool


# --------------------------------------------------------------------------- intervals


@dataclass(frozen=True, slots=True)
class _Interval:
    """An interval of the rational line; a ``None`` end is unbounded."""

    low: Fraction | None
    high: Fraction | None
    low_closed: bool
    high_closed: bool

    @staticmethod
    def of_range(r: Range) -> _Interval:
        return _Interval(
            None if r.min is None else Fraction(r.min),
            None if r.max is None else Fraction(r.max),
            low_closed=r.min_inclusive,
            high_closed=r.max_inclusive,
        )

    @staticmethod
    def of_domain(domain: InputDomain) -> _Interval:
        return _Interval(domain.minimum, domain.maximum, low_closed=True, high_closed=True)

    def contains(self, x: Fraction) -> bool:
        if self.low is not None and (x < self.low or (x == self.low and not self.low_closed)):
            return False
        return self.high is None or x < self.high or (x == self.high and self.high_closed)

    def intersect(self, other: _Interval) -> _Interval:
        low, low_closed = self.low, self.low_closed
        if other.low is not None and (low is None or other.low > low):
            low, low_closed = other.low, other.low_closed
        elif other.low is not None and other.low == low:
            low_closed = low_closed and other.low_closed
        high, high_closed = self.high, self.high_closed
        if other.high is not None and (high is None or other.high < high):
            high, high_closed = other.high, other.high_closed
        elif other.high is not None and other.high == high:
            high_closed = high_closed and other.high_closed
        return _Interval(low, high, low_closed=low_closed, high_closed=high_closed)

    def whole_bounds(self) -> tuple[int | None, int | None]:
        """The least and greatest whole numbers inside (``None`` when unbounded)."""
        low = None
        if self.low is not None:
            low = math.ceil(self.low) if self.low_closed else math.floor(self.low) + 1
        high = None
        if self.high is not None:
            high = math.floor(self.high) if self.high_closed else math.ceil(self.high) - 1
        return low, high

    def is_empty(self, integer: bool) -> bool:
        if integer:
            low, high = self.whole_bounds()
            return low is not None and high is not None and low > high
        if self.low is None or self.high is None:
            return False
        return self.low > self.high or (
            self.low == self.high and not (self.low_closed and self.high_closed)
        )

    def sample(self, integer: bool) -> Fraction:
        """A simple value inside the (non-empty) interval, for messages and cell tests."""
        if integer:
            low, high = self.whole_bounds()
            if low is not None and high is not None and low <= 0 <= high:
                return Fraction(0)
            if low is not None:
                return Fraction(low if high is None or low > 0 else high)
            return Fraction(0 if high is None or high >= 0 else high)
        start, end = self.low, self.high
        if start is None:
            if end is None:
                return Fraction(0)
            return end if self.high_closed else Fraction(math.ceil(end) - 1)
        if self.low_closed:
            return start
        step = Fraction(math.floor(start) + 1)
        if end is None or self.contains(step):
            return step
        return (start + end) / 2

    def describe(self, name: str, integer: bool) -> str:
        """``gpa = 3``, ``2.5 ≤ gpa < 3``, ``gpa > 4``, ``any gpa``."""
        if integer:
            low, high = self.whole_bounds()
            if low is not None and low == high:
                return f"{name} = {low}"
            left = "" if low is None else f"{low} ≤ "
            right = "" if high is None else f" ≤ {high}"
        else:
            if self.low is not None and self.low == self.high:
                return f"{name} = {_show(self.low)}"
            left = ""
            if self.low is not None:
                left = f"{_show(self.low)} {'≤' if self.low_closed else '<'} "
            right = ""
            if self.high is not None:
                right = f" {'≤' if self.high_closed else '<'} {_show(self.high)}"
        if not left and not right:
            return f"any {name}"
        if not left:
            return f"{name}{right}"
        if not right:
            # "3 ≤ gpa" reads better turned round: "gpa ≥ 3".
            sign = "≥" if "≤" in left else ">"
            return f"{name} {sign} {left.split(' ')[0]}"
        return f"{left}{name}{right}"


_EVERYTHING = _Interval(None, None, low_closed=True, high_closed=True)


def _show(value: object) -> str:
    """A value as messages show it: ``3.5``, ``'S1'``."""
    if isinstance(value, Fraction | str):
        return format_value(value)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return format_value(Fraction(value))
    return describe_value(value)


# --------------------------------------------------------------------------- load time


@dataclass(frozen=True, slots=True)
class _Axis:
    """One input as the analysis sees it: its kind and domain."""

    name: str
    kind: Literal["string", "number"]
    codes: tuple[str, ...] | None
    domain: _Interval
    integer: bool


_Condition = _Interval | tuple[str, ...]


def _row_name(index: int, rule: PointsRule) -> str:
    return f"row {index + 1}" + (f" ({rule.label})" if rule.label else "")


def _rows_name(i: int, a: PointsRule, j: int, b: PointsRule) -> str:
    first = f"{i + 1}" + (f" ({a.label})" if a.label else "")
    second = f"{j + 1}" + (f" ({b.label})" if b.label else "")
    return f"rows {first} and {second}"


def _axes(
    table: PointsTableScore, domains: Mapping[str, InputDomain], path: Path
) -> tuple[dict[str, _Axis], list[Problem]]:
    """Each input's kind and domain: declared in ``domains``, else inferred from the first
    condition that tests it; plus a problem for every condition of the wrong kind."""
    problems: list[Problem] = []
    inferred: dict[str, tuple[Literal["string", "number"], int]] = {}
    for index, rule in enumerate(table.rules):
        for name, condition in rule.when.items():
            kind: Literal["string", "number"] = (
                "number" if isinstance(condition, Range) else "string"
            )
            if name in table.inputs and name not in domains:
                inferred.setdefault(name, (kind, index))
    axes: dict[str, _Axis] = {}
    for name in table.inputs:
        domain = domains.get(name)
        if domain is not None:
            numeric = domain.kind == "number"
            axes[name] = _Axis(
                name,
                domain.kind,
                None if numeric else domain.codes,
                _Interval.of_domain(domain) if numeric else _EVERYTHING,
                numeric and domain.integer,
            )
        else:
            kind = inferred.get(name, ("number", 0))[0]
            axes[name] = _Axis(name, kind, None, _EVERYTHING, integer=False)
    for index, rule in enumerate(table.rules):
        row = _row_name(index, rule)
        for name, condition in rule.when.items():
            where = (*path, "rules", index, "when", name)
            axis = axes.get(name)
            if axis is None:
                hint = did_you_mean(name, table.inputs)
                problems.append(
                    Problem(
                        "expr.type",
                        f"{row} tests {name!r}, which is not an input of this table (its "
                        f"inputs are {', '.join(map(repr, table.inputs))})",
                        path=where,
                        value=name,
                        hint=hint or "declare it under 'inputs' or remove the condition",
                    )
                )
                continue
            problems += _condition_problems(row, axis, condition, where, inferred)
    return axes, problems


def _condition_problems(
    row: str,
    axis: _Axis,
    condition: list[str] | Range,
    where: Path,
    inferred: Mapping[str, tuple[Literal["string", "number"], int]],
) -> list[Problem]:
    name = axis.name
    source = "is declared as"
    if name in inferred:
        source = f"is tested in row {inferred[name][1] + 1} as"
    if isinstance(condition, Range):
        if axis.kind == "string":
            return [
                Problem(
                    "expr.type",
                    f"{row} tests {name!r} with a numeric range, but {name!r} {source} a "
                    "string: list its codes instead",
                    path=where,
                )
            ]
        low, high = condition.min, condition.max
        if low is not None and high is not None:
            if low > high:
                return [
                    Problem(
                        "expr.type",
                        f"{row}: the range of {name!r} is empty: its min {_show(low)} is above "
                        f"its max {_show(high)}",
                        path=where,
                        hint="swap min and max",
                    )
                ]
            if low == high and not (condition.min_inclusive and condition.max_inclusive):
                return [
                    Problem(
                        "expr.type",
                        f"{row}: the range of {name!r} is empty: min and max are both "
                        f"{_show(low)} and an end is exclusive",
                        path=where,
                        hint="set min_inclusive and max_inclusive to true to match that one value",
                    )
                ]
        return []
    if axis.kind == "number":
        return [
            Problem(
                "expr.type",
                f"{row} tests {name!r} with a list of codes, but {name!r} {source} a number: "
                "write a range {min: ..., max: ...} instead",
                path=where,
            )
        ]
    if not condition:
        return [
            Problem(
                "expr.type",
                f"{row} tests {name!r} with an empty list of codes, which matches nothing",
                path=where,
                hint="list the codes the row is for, or remove the condition",
            )
        ]
    problems = []
    if axis.codes is not None:
        for position, code in enumerate(condition):
            if code not in axis.codes:
                problems.append(
                    Problem(
                        "expr.type",
                        f"{row}: {code!r} is not a code of {name!r} (its codes are "
                        f"{', '.join(map(repr, axis.codes))})",
                        path=(*where, position),
                        value=code,
                        hint=did_you_mean(code, axis.codes),
                    )
                )
    return problems


def _conditions(table: PointsTableScore) -> list[dict[str, _Condition]]:
    return [
        {
            name: _Interval.of_range(c) if isinstance(c, Range) else tuple(c)
            for name, c in rule.when.items()
        }
        for rule in table.rules
    ]


def _common(
    axes: Mapping[str, _Axis], a: Mapping[str, _Condition], b: Mapping[str, _Condition]
) -> list[tuple[str, str | Fraction]] | None:
    """One input both conditions match, as (input, value) for the inputs either tests;
    ``None`` when no input matches both."""
    witness: list[tuple[str, str | Fraction]] = []
    for name, axis in axes.items():
        x, y = a.get(name), b.get(name)
        if axis.kind == "number":
            interval = axis.domain
            for c in (x, y):
                if isinstance(c, _Interval):
                    interval = interval.intersect(c)
            if interval.is_empty(axis.integer):
                return None
            if x is not None or y is not None:
                witness.append((name, interval.sample(axis.integer)))
            continue
        lists = [c for c in (x, y) if isinstance(c, tuple)]
        if not lists:
            if axis.codes is not None and not axis.codes:
                return None
            continue
        codes = [
            code
            for code in lists[0]
            if all(code in other for other in lists[1:])
            and (axis.codes is None or code in axis.codes)
        ]
        if not codes:
            return None
        witness.append((name, codes[0]))
    return witness


def _render_witness(witness: Sequence[tuple[str, str | Fraction]]) -> str:
    if not witness:
        return "every input"
    return ", ".join(f"{name} = {_show(value)}" for name, value in witness)


def _overlap_problems(
    table: PointsTableScore,
    axes: Mapping[str, _Axis],
    conditions: Sequence[Mapping[str, _Condition]],
    path: Path,
) -> list[Problem]:
    problems: list[Problem] = []
    rules = table.rules
    if table.hit_policy == "unique":
        candidates = list(range(len(rules)))
    elif table.hit_policy == "priority":
        candidates = []
        for index, rule in enumerate(rules):
            if rule.priority is None:
                problems.append(
                    Problem(
                        "table.overlap",
                        f"{_row_name(index, rule)} has no priority: under hit policy "
                        "'priority' every row needs one",
                        path=(*path, "rules", index),
                        hint="add 'priority:' (an integer; the highest wins)",
                    )
                )
            else:
                candidates.append(index)
    else:
        return problems
    for position, i in enumerate(candidates):
        for j in candidates[position + 1 :]:
            a, b = rules[i], rules[j]
            if table.hit_policy == "priority" and a.priority != b.priority:
                continue
            witness = _common(axes, conditions[i], conditions[j])
            if witness is None:
                continue
            both = _rows_name(i, a, j, b)
            if table.hit_policy == "unique":
                message = (
                    f"{both} both match {_render_witness(witness)}: under hit policy 'unique' "
                    "at most one row may match any input"
                )
                hint = "narrow one of the rows, or choose hit policy 'first' or 'priority'"
            else:
                message = (
                    f"{both} have the same priority {a.priority} and both match "
                    f"{_render_witness(witness)}: the winner would be ambiguous"
                )
                hint = "give one of the rows a higher priority"
            problems.append(
                Problem(
                    "table.overlap",
                    message,
                    path=(*path, "rules", j),
                    hint=hint,
                    related=(json_path((*path, "rules", i)),),
                )
            )
    return problems


class _Other:
    """The cell "any string the rows do not name" of a string input without codes."""


_OTHER = _Other()


@dataclass(frozen=True, slots=True)
class _Dimension:
    """The elementary cells of one tested input, and for each the rows matching all of it."""

    axis: _Axis
    cells: tuple[_Interval | str | _Other, ...]
    masks: tuple[int, ...]
    named: tuple[str, ...]

    def describe(self, cell: int) -> str:
        value = self.cells[cell]
        name = self.axis.name
        if isinstance(value, _Interval):
            return value.describe(name, self.axis.integer)
        if isinstance(value, str):
            return f"{name} = {value!r}"
        shown = ", ".join(map(repr, self.named[:5])) + (", …" if len(self.named) > 5 else "")
        return f"{name} is none of {shown}"


def _numeric_cells(axis: _Axis, intervals: Sequence[_Interval]) -> list[_Interval]:
    """Split the domain at every bound (on the side each bound falls): elementary cells."""
    cuts: set[tuple[Fraction, int]] = set()  # (value, 0 = just below it, 1 = just above it)
    for interval in (axis.domain, *intervals):
        if interval.low is not None:
            cuts.add((interval.low, 0 if interval.low_closed else 1))
        if interval.high is not None:
            cuts.add((interval.high, 1 if interval.high_closed else 0))
    ordered = sorted(cuts)
    ends: list[tuple[Fraction, int] | None] = [None, *ordered, None]
    cells: list[_Interval] = []
    for left, right in itertools.pairwise(ends):
        cell = _Interval(
            None if left is None else left[0],
            None if right is None else right[0],
            low_closed=left is not None and left[1] == 0,
            high_closed=right is not None and right[1] == 1,
        ).intersect(axis.domain)
        if not cell.is_empty(axis.integer):
            cells.append(cell)
    return cells


def _dimension(axis: _Axis, conditions: Sequence[Mapping[str, _Condition]]) -> _Dimension:
    tested = [(i, c[axis.name]) for i, c in enumerate(conditions) if axis.name in c]
    free = sum(1 << i for i, c in enumerate(conditions) if axis.name not in c)
    cells: list[_Interval | str | _Other] = []
    masks: list[int] = []
    named: list[str] = []
    if axis.kind == "number":
        intervals = [c for _, c in tested if isinstance(c, _Interval)]
        for cell in _numeric_cells(axis, intervals):
            x = cell.sample(axis.integer)
            mask = free
            for i, c in tested:
                if isinstance(c, _Interval) and c.contains(x):
                    mask |= 1 << i
            cells.append(cell)
            masks.append(mask)
    else:
        if axis.codes is not None:
            codes = list(axis.codes)
        else:
            named = list(
                dict.fromkeys(code for _, c in tested if isinstance(c, tuple) for code in c)
            )
            codes = named
        for code in codes:
            mask = free
            for i, c in tested:
                if isinstance(c, tuple) and code in c:
                    mask |= 1 << i
            cells.append(code)
            masks.append(mask)
        if axis.codes is None:
            cells.append(_OTHER)
            masks.append(free)
    return _Dimension(axis, tuple(cells), tuple(masks), tuple(named))


def _gap_problems(
    table: PointsTableScore,
    axes: Mapping[str, _Axis],
    conditions: Sequence[Mapping[str, _Condition]],
    path: Path,
) -> list[Problem]:
    if table.default is not None:
        return []
    dims = [
        _dimension(axis, conditions)
        for name, axis in axes.items()
        if any(name in c for c in conditions)
    ]
    sizes = [len(d.cells) for d in dims]
    total = math.prod(sizes)
    if total == 0 or total > CELL_LIMIT:
        return []
    # suffix[k]: the number of cells of the dimensions from k on.
    suffix = [1] * (len(dims) + 1)
    for k in range(len(dims) - 1, -1, -1):
        suffix[k] = suffix[k + 1] * sizes[k]
    uncovered = 0
    examples: list[str] = []

    def walk(k: int, rows: int, prefix: tuple[int, ...]) -> None:
        nonlocal uncovered
        for cell, mask in enumerate(dims[k].masks):
            left = rows & mask
            if left and k + 1 < len(dims):
                walk(k + 1, left, (*prefix, cell))
            elif not left:
                uncovered += suffix[k + 1]
                if len(examples) < _EXAMPLES:
                    chosen = (*prefix, cell)
                    text = ", ".join(dims[d].describe(c) for d, c in enumerate(chosen))
                    rest = [d.axis.name for d in dims[k + 1 :]]
                    if rest:
                        text += f" (any {', '.join(rest)})"
                    examples.append(text)

    if not dims:
        return []  # no row tests anything: every row matches every input
    walk(0, (1 << len(table.rules)) - 1, ())
    if not uncovered:
        return []
    names = ", ".join(d.axis.name for d in dims)
    return [
        Problem(
            "table.gap",
            f"no row matches {uncovered} of the {total} cases of ({names}) that the rows' "
            f"bounds and codes divide the inputs into, e.g. {'; '.join(examples)}",
            path=(*path, "rules"),
            hint="add rows for them, or a 'default'",
        )
    ]


def table_problems(
    table: PointsTableScore, domains: Mapping[str, InputDomain], path: Path
) -> list[Problem]:
    """Check a points table at load time; every problem found, located inside the table.

    Args:
        table: The table.
        domains: What is known of each input's values (by input name); an input without one
            is taken as any number or any string, as its conditions suggest.
        path: Where the table is in its document, e.g. ``("scores", "education")``.

    Returns:
        ``expr.type`` for a condition on an input the table does not have, a list of codes
        for a number or a range for a string, a code the input does not allow, an empty
        range or an empty list of codes; ``table.overlap`` for each pair of rows that can
        match the same input under hit policy ``unique`` (or ``priority`` with equal
        priorities), naming one such input, and for each row without a priority under
        ``priority``; ``table.gap`` (one per table) when there is no ``default`` and some
        inputs match no row, naming up to three and counting the uncovered cells (see the
        module documentation; skipped beyond :data:`CELL_LIMIT` cells). The overlap and gap
        checks run only when every condition is well-typed, since their findings on a
        mistyped table would mislead.
    """
    axes, problems = _axes(table, domains, path)
    if problems:
        return problems
    conditions = _conditions(table)
    problems += _overlap_problems(table, axes, conditions, path)
    problems += _gap_problems(table, axes, conditions, path)
    return problems


# --------------------------------------------------------------------------- evaluation


def _exact(name: str, raw: object, path: Path) -> _Exact:
    if raw is None or raw is UNKNOWN:
        return UNKNOWN
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int | Fraction) and not isinstance(raw, bool):
        return Fraction(raw)
    if isinstance(raw, Decimal) and raw.is_finite():
        return Fraction(raw)
    raise EvaluationError(
        Problem(
            "expr.type",
            f"input {name!r} of the points table is {describe_value(raw)}: a table reads "
            "codes (strings) and exact numbers",
            path=path,
            value=raw,
        )
    )


def _verdict(index: int, rule: PointsRule, values: Mapping[str, _Exact], path: Path) -> bool | None:
    """Whether the row matches: ``None`` when an unknown input leaves it open. Every
    condition is evaluated, so a value of the wrong kind is reported whichever row comes
    first."""
    unknown = False
    false = False
    for name, condition in rule.when.items():
        value = values.get(name, UNKNOWN)
        if isinstance(value, Unknown):
            unknown = True
            continue
        if isinstance(condition, Range):
            if not isinstance(value, Fraction):
                raise EvaluationError(
                    Problem(
                        "expr.type",
                        f"{_row_name(index, rule)} tests {name!r} with a numeric range, but "
                        f"its value is {describe_value(value)}",
                        path=(*path, "rules", index, "when", name),
                        value=value,
                    )
                )
            hit = _Interval.of_range(condition).contains(value)
        else:
            if not isinstance(value, str):
                raise EvaluationError(
                    Problem(
                        "expr.type",
                        f"{_row_name(index, rule)} tests {name!r} with a list of codes, but "
                        f"its value is the number {_show(value)}",
                        path=(*path, "rules", index, "when", name),
                        value=str(value),
                    )
                )
            hit = value in condition
        false = false or not hit
    if false:
        return False
    return None if unknown else True


def _values_text(table: PointsTableScore, values: Mapping[str, object]) -> str:
    parts = []
    for name in table.inputs:
        raw = values.get(name)
        shown = "unknown" if raw is None or raw is UNKNOWN else _show(raw)
        parts.append(f"{name} = {shown}")
    return ", ".join(parts)


def _no_row(table: PointsTableScore, values: Mapping[str, object], path: Path) -> TableMatch:
    if table.default is not None:
        return TableMatch(Fraction(table.default), (), default_used=True)
    raise EvaluationError(
        Problem(
            "table.no-match",
            f"no row of the points table matches {_values_text(table, values)}",
            path=(*path, "rules"),
            hint="add a row for these values, or a 'default'",
        )
    )


def _ambiguous(
    table: PointsTableScore, values: Mapping[str, object], rows: Sequence[int], path: Path
) -> EvaluationError:
    i, j = rows[0], rows[1]
    both = _rows_name(i, table.rules[i], j, table.rules[j])
    why = (
        "under hit policy 'unique' at most one may"
        if table.hit_policy == "unique"
        else f"they share the highest priority {table.rules[i].priority}"
    )
    return EvaluationError(
        Problem(
            "table.overlap",
            f"{both} both match {_values_text(table, values)}: {why}",
            path=(*path, "rules", j),
            related=(json_path((*path, "rules", i)),),
        )
    )


def _rank(rule: PointsRule) -> tuple[bool, int]:
    """Priority order: a row without a priority ranks below every row with one."""
    return (rule.priority is not None, rule.priority or 0)


def match(
    table: PointsTableScore, values: Mapping[str, object], *, path: Path = ()
) -> TableMatch | None:
    """What the table gives for one candidate's input values.

    Args:
        table: The table.
        values: Each input's value by name: a code (``str``), an exact number (``Fraction``,
            ``int``, ``Decimal``), or :data:`~asn_competency.expressions.UNKNOWN` (``None``
            and a missing name are unknown too). Binary floats and booleans are refused.
        path: Where the table is in its document, for the problems raised.

    Returns:
        The points and the rows that decided; ``None`` when the result is unknown: an input
        some row tests is unknown and the known inputs do not decide the result whatever its
        value (for ``first``, an undecided row before the first matching one; for
        ``priority``, an undecided row ranking at or above the best matching one; for
        ``unique`` and ``collect-sum``, any undecided row).

    Raises:
        EvaluationError: ``table.no-match`` when no row matches and there is no default;
            ``table.overlap`` when two rows match under ``unique`` or share the highest
            priority under ``priority``; ``expr.type`` for a value of the wrong kind.
    """
    exact = {
        name: _exact(name, values.get(name), (*path, "inputs", name))
        for name in dict.fromkeys(n for rule in table.rules for n in rule.when)
    }
    verdicts = [_verdict(i, rule, exact, path) for i, rule in enumerate(table.rules)]
    hits = [i for i, v in enumerate(verdicts) if v is True]
    open_rows = [i for i, v in enumerate(verdicts) if v is None]
    policy = table.hit_policy
    if policy == "first":
        for i, verdict in enumerate(verdicts):
            if verdict is None:
                return None
            if verdict:
                return TableMatch(Fraction(table.rules[i].points), (i,), default_used=False)
        return _no_row(table, values, path)
    if policy == "unique":
        if len(hits) > 1:
            raise _ambiguous(table, values, hits, path)
        if open_rows:
            return None
        if hits:
            i = hits[0]
            return TableMatch(Fraction(table.rules[i].points), (i,), default_used=False)
        return _no_row(table, values, path)
    if policy == "priority":
        if not hits:
            return None if open_rows else _no_row(table, values, path)
        best = max(_rank(table.rules[i]) for i in hits)
        if any(_rank(table.rules[i]) >= best for i in open_rows):
            return None
        top = [i for i in hits if _rank(table.rules[i]) == best]
        if len(top) > 1:
            raise _ambiguous(table, values, top, path)
        return TableMatch(Fraction(table.rules[top[0]].points), (top[0],), default_used=False)
    if open_rows:
        return None
    if not hits:
        return _no_row(table, values, path)
    total = sum((Fraction(table.rules[i].points) for i in hits), Fraction(0))
    return TableMatch(total, tuple(hits), default_used=False)
