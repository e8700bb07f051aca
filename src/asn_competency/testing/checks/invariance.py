"""Properties of the run as a whole, whatever the policy says: shuffling the input rows changes
no decision (:func:`check_order_invariance`), two runs write byte-identical ledgers
(:func:`check_determinism`), every input row gets exactly one decision
(:func:`check_nothing_lost`), and changing a protected attribute, a name or any column no
rule reads changes no decision (:func:`check_blindness`). docs/testing-fairness.md says how
to use them; DESIGN.md's invariants ("Deterministic", "Nothing lost", "Objective") are what
they hold a policy and an engine to."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from asn_competency.model import (
    BooleanField,
    DateField,
    DecimalField,
    EnumField,
    IntegerField,
    SelectionPolicy,
    StringField,
)
from asn_competency.model.fields import compile_pattern
from asn_competency.pipeline.engine import run
from asn_competency.testing.checks._result import DEFAULT_BUDGET, Counterexample, search
from asn_competency.testing.checks._support import (
    candidate_label,
    dated,
    differing,
    drawn_with,
    ledger_lines,
    on_policy,
)
from asn_competency.testing.checks._words import WORDS
from asn_competency.testing.population import Population, Runner, as_of_for, read_fields

__all__ = [
    "EXTRA_COLUMN",
    "blind_columns",
    "check_blindness",
    "check_determinism",
    "check_nothing_lost",
    "check_order_invariance",
]

#: The undeclared column the blindness check adds and changes (a name, which no rule may read).
EXTRA_COLUMN = "nama"

CHECK_ORDER = "order_invariance"
CHECK_DETERMINISM = "determinism"
CHECK_NOTHING_LOST = "nothing_lost"
CHECK_BLINDNESS = "blindness"


def _reordered(population: Population, order: Sequence[int]) -> Population:
    """The candidate rows in ``order`` (indices into the rows), formations and ratings
    reversed."""
    return Population(
        tuple(population.candidates[i] for i in order),
        tuple(reversed(population.formations)),
        tuple(reversed(population.ratings)),
        population.as_of,
    )


def _order_violation(
    policy: SelectionPolicy, population: Population, order: Sequence[int] | None, runner: Runner
) -> Counterexample | None:
    count = len(population.candidates)
    order = list(order) if order is not None else list(reversed(range(count)))
    if sorted(order) != list(range(count)):
        raise ValueError("order must be a permutation of the candidate rows' indices")
    first = population.run(policy, runner)
    second = _reordered(population, order).run(policy, runner)
    lines, again = ledger_lines(first), ledger_lines(second)
    if lines == again:
        return None
    at = next((i for i, (a, b) in enumerate(zip(lines, again, strict=False)) if a != b), None)
    at = min(len(lines), len(again)) - 1 if at is None else at
    label = candidate_label(first.decisions[max(at, 0)]) if first.decisions else "-"
    what = {"id": "urutan baru: " + _order_text(order), "en": "new order: " + _order_text(order)}
    return Counterexample(
        CHECK_ORDER,
        "order_invariance.changed",
        {"candidate": label, "what": what},
        candidates=(label,),
        change={
            "order": tuple(order),
            "record": at + 1,
            "before": lines[at] if at < len(lines) else "",
            "after": again[at] if at < len(again) else "",
        },
        population=population,
    )


def _order_text(order: Sequence[int]) -> str:
    shown = ", ".join(str(i + 1) for i in order[:12])
    return f"[{shown}{', ...' if len(order) > 12 else ''}]"


def check_order_invariance(
    policy: SelectionPolicy,
    population: Population | None = None,
    *,
    order: Sequence[int] | None = None,
    as_of: dt.date | None = None,
    budget: int = DEFAULT_BUDGET,
    runner: Runner = run,
) -> Counterexample | None:
    """Shuffling the input rows changes no decision: the ledger (``decisions.jsonl``) is the
    same byte for byte. On a ``population``: its candidate rows put in ``order`` (indices;
    default reversed), formations and ratings reversed. Without one: populations and
    permutations drawn for the policy within ``budget``. ``None`` when the property holds,
    else a :class:`Counterexample` naming the first record that differs."""
    if population is not None:
        return _order_violation(policy, dated(policy, population, as_of), order, runner)
    strategy = drawn_with(policy, as_of, lambda p: st.permutations(range(len(p.candidates))))
    return search(strategy, lambda ex: _order_violation(policy, ex[0], ex[1], runner), budget)


def _respelt(row: Mapping[str, Any]) -> dict[str, Any]:
    """The same row with its columns in the reverse order."""
    return dict(reversed(list(row.items())))


def _determinism_violation(
    policy: SelectionPolicy, population: Population, runner: Runner
) -> Counterexample | None:
    first = ledger_lines(population.run(policy, runner))
    copy = Population(
        tuple(_respelt(row) for row in population.candidates),
        tuple(_respelt(row) for row in population.formations),
        tuple(_respelt(row) for row in population.ratings),
        population.as_of,
    )
    second = ledger_lines(copy.run(policy, runner))
    if first == second:
        return None
    at = next((i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b), 0)
    label = first[at].split('"candidate_id":', 1)[-1].split(",", 1)[0] if first else "-"
    return Counterexample(
        CHECK_DETERMINISM,
        "determinism.changed",
        {"candidate": label},
        candidates=(label,),
        change={
            "record": at + 1,
            "first": first[at] if at < len(first) else "",
            "second": second[at] if at < len(second) else "",
        },
        population=population,
    )


def check_determinism(
    policy: SelectionPolicy,
    population: Population | None = None,
    *,
    as_of: dt.date | None = None,
    budget: int = DEFAULT_BUDGET,
    runner: Runner = run,
) -> Counterexample | None:
    """Two runs on the same data give byte-identical ledgers (the second run reads copies of
    the rows with their columns in another order). On a ``population``, or populations drawn
    for the policy within ``budget``."""
    return on_policy(
        policy, population, as_of, budget, lambda p: _determinism_violation(policy, p, runner)
    )


def _lost_violation(
    policy: SelectionPolicy, population: Population, runner: Runner
) -> Counterexample | None:
    result = population.run(policy, runner)
    rows = len(population.candidates)
    counts = Counter(decision.row for decision in result.decisions)
    wrong = [n for n in range(1, rows + 1) if counts.get(n, 0) != 1]
    wrong += sorted(n for n in counts if not 1 <= n <= rows)
    if not wrong and len(result.decisions) == rows:
        return None
    labels = tuple(
        str(population.candidates[n - 1].get("candidate_id") or f"row {n}")
        for n in wrong
        if 1 <= n <= rows
    )
    return Counterexample(
        CHECK_NOTHING_LOST,
        "nothing_lost.count",
        {
            "rows": rows,
            "decisions": len(result.decisions),
            "missing": ", ".join(str(n) for n in wrong) or "-",
        },
        candidates=labels,
        change={"decisions_per_row": {n: counts.get(n, 0) for n in wrong}},
        population=population,
    )


def check_nothing_lost(
    policy: SelectionPolicy,
    population: Population | None = None,
    *,
    as_of: dt.date | None = None,
    budget: int = DEFAULT_BUDGET,
    runner: Runner = run,
) -> Counterexample | None:
    """Every input row yields exactly one decision, whatever the rows (invalid rows,
    duplicated ids, unknown formations included). On a ``population``, or populations drawn
    for the policy within ``budget``."""
    return on_policy(
        policy, population, as_of, budget, lambda p: _lost_violation(policy, p, runner)
    )


# --- blindness ---------------------------------------------------------------------------------

AnyDecl = IntegerField | DecimalField | StringField | EnumField | DateField | BooleanField


def blind_columns(policy: SelectionPolicy) -> dict[str, str]:
    """The candidate columns no decision may depend on, each with why (a code of the words:
    ``blindness.protected``, ``blindness.unread``, ``blindness.extra``): the protected
    attributes, the declared fields no formula of the policy reads, and an undeclared name
    column (:data:`EXTRA_COLUMN`)."""
    read = read_fields(policy)
    found = dict.fromkeys(policy.protected_attributes, "blindness.protected")
    for name in policy.candidate_fields:
        if name not in read and name not in {"candidate_id", "formation_id", "birth_date"}:
            found[name] = "blindness.unread"
    found[EXTRA_COLUMN] = "blindness.extra"
    return found


def _decl(policy: SelectionPolicy, name: str) -> Any:
    return policy.protected_attributes.get(name) or policy.candidate_fields.get(name)


def _values(decl: Any, as_of: dt.date) -> st.SearchStrategy[str]:
    """Values a column may take without making its row invalid (empty when optional)."""
    empty = [st.just("")] if decl is None or not decl.required else []
    if decl is None:
        return st.one_of(*empty, st.text("abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=12))
    if isinstance(decl, EnumField):
        return st.one_of(*empty, st.sampled_from(decl.values))
    if isinstance(decl, BooleanField):
        return st.one_of(*empty, st.sampled_from(["true", "false"]))
    if isinstance(decl, IntegerField):
        low = decl.minimum if decl.minimum is not None else -1000
        high = decl.maximum if decl.maximum is not None else low + 2000
        return st.one_of(*empty, st.integers(low, high).map(str))
    if isinstance(decl, DecimalField):
        places = decl.places if decl.places is not None else 2
        dlow = decl.minimum if decl.minimum is not None else Decimal(-1000)
        dhigh = decl.maximum if decl.maximum is not None else dlow + 2000
        numbers = st.decimals(dlow, dhigh, places=places, allow_nan=False, allow_infinity=False)
        return st.one_of(*empty, numbers.map(str))
    if isinstance(decl, DateField):
        low_date = max(decl.minimum or dt.date(as_of.year - 100, 1, 1), dt.date(1900, 1, 1))
        high_date = min(decl.maximum or as_of, as_of)
        if high_date < low_date:
            return st.one_of(*empty) if empty else st.just(low_date.isoformat())
        return st.one_of(*empty, st.dates(low_date, high_date).map(dt.date.isoformat))
    if isinstance(decl, StringField):
        if decl.pattern is not None:
            texts = st.from_regex(compile_pattern(decl.pattern), fullmatch=True)
        else:
            texts = st.text("abcdefghijklmnopqrstuvwxyz -", min_size=1, max_size=20)
        if decl.max_length is not None:
            limit = decl.max_length
            texts = texts.filter(lambda text: len(text) <= limit)
        return st.one_of(*empty, texts.filter(lambda text: text.strip() == text and text != ""))
    return st.one_of(*empty) if empty else st.nothing()


def _alternative(decl: Any, value: Any, as_of: dt.date) -> str | None:
    """Another valid value for a column, chosen without randomness (``None``: none known)."""
    text = "" if value is None else str(value)
    if decl is None:
        return text + "-lain" if text else "nama-lain"
    if isinstance(decl, EnumField):
        values = list(decl.values)
        if text in values:
            return values[(values.index(text) + 1) % len(values)] if len(values) > 1 else None
        return values[0]
    if isinstance(decl, BooleanField):
        return "false" if text.lower() == "true" else "true"
    if not decl.required and text:
        return ""
    if isinstance(decl, IntegerField) and text.lstrip("-").isdigit():
        number = int(text)
        for other in (number + 1, number - 1):
            if (decl.minimum is None or other >= decl.minimum) and (
                decl.maximum is None or other <= decl.maximum
            ):
                return str(other)
    if isinstance(decl, DateField):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None
        for moved in (day - dt.timedelta(days=1), day + dt.timedelta(days=1)):
            if (
                moved <= as_of
                and (decl.minimum is None or moved >= decl.minimum)
                and (decl.maximum is None or moved <= decl.maximum)
            ):
                return moved.isoformat()
    return None


def _changed(population: Population, index: int, column: str, value: str) -> Population:
    rows = [dict(row) for row in population.candidates]
    rows[index][column] = value
    return population.with_candidates(rows)


def _blind_violation(
    policy: SelectionPolicy,
    population: Population,
    index: int,
    column: str,
    value: str,
    *,
    runner: Runner,
    base: Mapping[str, Mapping[str, str]] | None = None,
) -> Counterexample | None:
    """Change one row's column and compare every decision (results row by input row)."""
    if not population.candidates:
        return None
    row = population.candidates[index]
    old = "" if row.get(column) is None else str(row.get(column))
    if old == value:
        return None
    before = base if base is not None else _by_row(population.run(policy, runner))
    result = _changed(population, index, column, value).run(policy, runner)
    after = {r["row"]: r for r in result.rows()}
    for number, was in before.items():
        now = after.get(number)
        if now is not None and now != was:
            why = blind_columns(policy).get(column, "blindness.unread")
            decision = next(d for d in result.decisions if str(d.row) == number)
            what = dict(zip(("id", "en"), WORDS[why], strict=True))
            label = str(row.get("candidate_id") or f"row {index + 1}")
            return Counterexample(
                CHECK_BLINDNESS,
                "blindness.changed",
                {
                    "what": what,
                    "column": column,
                    "candidate": label,
                    "old": old or "∅",
                    "new": value or "∅",
                    "affected": candidate_label(decision),
                    "difference": differing(was, now),
                },
                candidates=(label, candidate_label(decision)),
                change={"row": index + 1, "column": column, "old": old, "new": value},
                population=population,
            )
    return None


def _by_row(result: Any) -> dict[str, dict[str, str]]:
    return {r["row"]: r for r in result.rows()}


def _with_extra(population: Population) -> Population:
    """Every row with a name in :data:`EXTRA_COLUMN` (kept when it has one)."""
    return population.with_candidates(
        {**row, EXTRA_COLUMN: row.get(EXTRA_COLUMN, f"Nama {n + 1}")}
        for n, row in enumerate(population.candidates)
    )


def check_blindness(
    policy: SelectionPolicy,
    population: Population | None = None,
    *,
    as_of: dt.date | None = None,
    budget: int = DEFAULT_BUDGET,
    runner: Runner = run,
) -> Counterexample | None:
    """Changing a protected attribute, a name (an undeclared column) or a declared column no
    formula reads (:func:`blind_columns`) changes no decision: every results row (status,
    rank, scores, each stage's outcome and score) stays the same. On a ``population``: each
    blind column changed in every row at once to another valid value, then, if a decision
    changed, row by row to name the one; without one, a population, a row, a column and a
    value drawn for the policy within ``budget``."""
    columns = blind_columns(policy)
    names = sorted(columns)
    if population is not None:
        population = _with_extra(dated(policy, population, as_of))
        when = population.as_of or as_of_for(policy, as_of)
        base = _by_row(population.run(policy, runner))
        for column in names:
            decl = _decl(policy, column)
            rows = [dict(row) for row in population.candidates]
            changes = {}
            for n, row in enumerate(rows):
                other = _alternative(decl, row.get(column), when)
                if other is not None:
                    changes[n] = other
                    row[column] = other
            if not changes:
                continue
            after = _by_row(population.with_candidates(rows).run(policy, runner))
            if after == base:
                continue
            for n, other in changes.items():
                found = _blind_violation(
                    policy, population, n, column, other, runner=runner, base=base
                )
                if found is not None:
                    return found
        return None
    when = as_of_for(policy, as_of)

    def change(p: Population) -> st.SearchStrategy[tuple[int, str, str]]:
        if not p.candidates:
            return st.just((0, EXTRA_COLUMN, ""))
        return st.tuples(
            st.integers(0, len(p.candidates) - 1),
            st.sampled_from(names),
        ).flatmap(
            lambda pick: st.tuples(
                st.just(pick[0]), st.just(pick[1]), _values(_decl(policy, pick[1]), when)
            )
        )

    strategy = drawn_with(policy, as_of, change).map(lambda ex: (_with_extra(ex[0]), ex[1]))
    return search(
        strategy,
        lambda ex: _blind_violation(policy, ex[0], *ex[1], runner=runner),
        budget,
    )
