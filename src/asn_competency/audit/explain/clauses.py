"""The clauses of a record's evaluations in words, from the policy's syntax tree.

A record holds each evaluation by its place in the policy (``at``), the value of each of its
clauses by position, and the values it read (``reads``; the parameters it read are listed
once per record, with their legal basis). Given the policy, clause ``i`` is
``compile_plan(policy).rule(*at).clauses[i]``: its text, and what it compares. A clause
``tkp >= skd_min_tkp`` that is false reads "TKP 160 di bawah nilai ambang batas 166
(KepmenPANRB 321/2024, berlaku sejak 2024-01-01)" (the stage's ``threshold.below`` reason,
said by the catalogue); other comparisons are said with both sides and their values; any other
clause by its text and whether it holds. Without the policy a clause is named by its position
("klausa 2 dari skd/_minimums").

A clause records the values it read, not what a function computed from them: for
``age_on(birth_date, as_of) <= cpns_max_age`` the record holds the date of birth and the as-of
date, not the age. The data line adds the computed value, "Usia pada 2024-09-10 = 44 tahun",
with the library's own ``age_on`` (so with the rule's reading of 29 February birthdays);
``years_between`` likewise. Arguments are names the rule read or ``date("YYYY-MM-DD")``
literals; an unknown date adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from asn_competency.audit.catalogue import PHRASES
from asn_competency.audit.explain.words import _mappings, _Words
from asn_competency.expressions import CompiledRule, age_on
from asn_competency.expressions.syntax import (
    Binary,
    BoolOp,
    Call,
    Compare,
    Const,
    ListLit,
    Name,
    Node,
    Unary,
)

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:/\d+)?")
_OPS = {">=": "ge", ">": "gt", "<=": "le", "<": "lt"}
_BOOLEAN = {True: "true", False: "false"}
_VERDICTS = {True: "verdict.true", False: "verdict.false", None: "verdict.unknown"}


def _children(node: Node) -> tuple[Node, ...]:
    """A node's operands, in the order they are evaluated."""
    if isinstance(node, Compare):
        return (node.left, *node.comparators)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, BoolOp):
        return node.values
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, ListLit):
        return node.items
    return ()


def _walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, each before its operands, operands in evaluation order."""
    yield node
    for child in _children(node):
        yield from _walk(child)


def _full_name(node: Name) -> str:
    """A name as a record's ``reads`` spells it (``formation.track``)."""
    if node.namespace == "formation" and not node.name.startswith("formation."):
        return f"formation.{node.name}"
    return node.name


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


class _ClauseWords(_Words):
    """The clauses of a record's evaluations in words."""

    def read(self, name: str, reads: Mapping[str, Any]) -> tuple[bool, Any, Mapping[str, Any]]:
        """Whether a name was read, its value, and (for a parameter) its record entry."""
        if name in reads:
            return True, reads[name], {}
        found = self.parameters.get(name)
        if isinstance(found, Mapping):
            return True, found.get("value"), found
        return False, None, {}

    def unknown(self, name: str, reads: Mapping[str, Any]) -> bool:
        """Whether a name was read and its value was unknown."""
        known, value, _ = self.read(name, reads)
        return known and value is None

    def side(self, node: Node, reads: Mapping[str, Any]) -> tuple[str, str, Any] | None:
        """One side of a comparison: its name in words, its value in words, and the value;
        ``None`` for a side that is neither a name nor a constant."""
        if isinstance(node, Name):
            known, value, _ = self.read(_full_name(node), reads)
            if not known:
                return None
            return self.label(_full_name(node)), self.show(value), value
        if isinstance(node, Const):
            shown = node.value if isinstance(node.value, str) else node.text
            return str(shown), str(shown), node.value
        if isinstance(node, ListLit) and all(isinstance(i, Const) for i in node.items):
            items = [str(i.value) for i in node.items if isinstance(i, Const)]
            return f"[{', '.join(items)}]", ", ".join(items), items
        return None

    def sentence(self, node: Node | None, value: Any, name: str, reads: Mapping[str, Any]) -> str:
        """A clause in words (``name`` is how to call it when it cannot be said better)."""
        if value is None:
            missing = ""
            if node is not None:
                unknown = [
                    self.label(_full_name(n))
                    for n in _walk(node)
                    if isinstance(n, Name) and self.unknown(_full_name(n), reads)
                ]
                missing = f" ({', '.join(dict.fromkeys(unknown))})" if unknown else ""
            return self.t("clause", clause=name, verdict=self.t("verdict.unknown", missing=missing))
        verdict = self.t(_VERDICTS.get(value, "verdict.false"))
        if not (isinstance(node, Compare) and len(node.ops) == 1):
            return self.t("clause", clause=name, verdict=verdict)
        left, right = self.side(node.left, reads), self.side(node.comparators[0], reads)
        if left is None or right is None or not isinstance(node.left, Name):
            return self.t("clause", clause=name, verdict=verdict)
        op = node.ops[0]
        bound = node.comparators[0]
        entry = self.read(bound.name, reads)[2] if isinstance(bound, Name) else {}
        threshold = isinstance(bound, Const) or bool(entry)
        numbers = _number(left[2]) and _number(right[2])
        if op in _OPS and threshold and numbers and isinstance(value, bool):
            cite = self.cite(entry.get("reference"), entry.get("since")) if entry else ""
            return self.t(
                f"threshold.{_OPS[op]}.{_BOOLEAN[value]}",
                left=left[0],
                lv=left[1],
                rv=right[1],
                cite=cite,
            )
        op_key = f"op.{op}"
        return self.t(
            "compare",
            left=left[0],
            lv=left[1],
            op=self.t(op_key) if op_key in PHRASES else op,
            right=right[0],
            rv=right[1],
            verdict=verdict,
        )

    def clauses(
        self,
        evaluation: Mapping[str, Any],
        reasons: Sequence[Mapping[str, Any]] = (),
        *,
        score: str | None = None,
    ) -> tuple[list[str], list[str]]:
        """Every clause of an evaluation in words, and those that did not hold; a clause a
        ``threshold.below`` reason is about is said as that reason. ``score`` names the score
        whose formula the evaluation is (its ``at`` is then relative to the score)."""
        at = evaluation.get("at")
        rule = self.rule(at) if score is None else self.score_rule(score, at)
        where = at if score is None else [score, *(at if isinstance(at, list) else [at])]
        reads = evaluation.get("reads")
        reads = reads if isinstance(reads, Mapping) else {}
        shown: list[str] = []
        failed: list[str] = []
        for index, value in enumerate(evaluation.get("clauses") or ()):
            node = rule.clauses[index] if rule is not None and index < len(rule.clauses) else None
            if isinstance(node, Const) and isinstance(node.value, bool):
                continue  # a rule that is just 'true': nothing to check
            fact = next(
                (
                    r
                    for r in reasons
                    if r.get("code") == "threshold.below"
                    and r.get("rule") == at
                    and r.get("clause") == index
                ),
                None,
            )
            if fact is not None:
                sentence = self.say(fact)
            else:
                name = (
                    " ".join(node.text.split())
                    if node is not None
                    else self.t("clause_at", number=index + 1, rule=self.where(where))
                )
                sentence = self.sentence(node, value, name, reads)
            shown.append(sentence)
            if value is not True:
                failed.append(sentence)
        return shown, failed

    def reads_line(self, evaluations: Sequence[Mapping[str, Any]]) -> str | None:
        """``Data: Tanggal lahir = 1999-04-25; ...``: every value the rules read, once (with
        the parameters they read, given the policy), each age (``age_on``) or span of years
        (``years_between``) computed from them after the last date it needs."""
        entries: dict[str, None] = {}
        seen: set[str] = set()
        for evaluation in _mappings(evaluations):
            reads = evaluation.get("reads")
            reads = reads if isinstance(reads, Mapping) else {}
            rule = self.rule(evaluation.get("at"))
            names = self.names_read(rule, reads)
            computed = self.years(rule, reads)
            for name in names:
                if name in seen:
                    continue
                seen.add(name)
                _, value, entry = self.read(name, reads)
                cite = self.cite(entry.get("reference"), entry.get("since")) if entry else ""
                entries[f"{self.label(name)} = {self.show(value)}{cite}"] = None
                for after, text in computed:
                    if after == name:
                        entries[text] = None
        if not entries:
            return None
        return f"{self.t('data')}: {'; '.join(entries)}"

    @staticmethod
    def names_read(rule: CompiledRule | None, reads: Mapping[str, Any]) -> list[str]:
        """The names an evaluation read, in the order the rule reads them (by name without
        the rule: a ledger line's keys are sorted)."""
        if rule is None:
            return sorted(reads)
        names = [_full_name(n) for n in _walk(rule.tree) if isinstance(n, Name)]
        return list(dict.fromkeys(names))

    def years(self, rule: CompiledRule | None, reads: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Each ``age_on``/``years_between`` of a rule whose dates are known, in words
        (``Usia pada 2024-09-10 = 44 tahun``), with the name of the last date it read."""
        if rule is None:
            return []
        found: list[tuple[str, str]] = []
        for node in _walk(rule.tree):
            if not (isinstance(node, Call) and node.function in ("age_on", "years_between")):
                continue
            dates: list[dt.date] = []
            last = None
            for argument in node.args:
                day = None
                if isinstance(argument, Name):
                    day = _date(self.read(_full_name(argument), reads)[1])
                    last = _full_name(argument)
                elif isinstance(argument, Call) and argument.function == "date":
                    literal = argument.args[0] if argument.args else None
                    day = _date(literal.value) if isinstance(literal, Const) else None
                if day is None:
                    break
                dates.append(day)
            if len(dates) < 2 or last is None:
                continue
            start, end = dates
            years = self.t("years", count=age_on(start, end))
            if node.function == "age_on":
                what = self.t("age_on", date=end.isoformat())
            else:
                what = self.t("years_between", start=start.isoformat(), end=end.isoformat())
            entry = (last, f"{what} = {years}")
            if entry not in found:
                found.append(entry)
        return found


def _number(value: Any) -> bool:
    """Whether a record value is a number (an integer, or an exact number's text)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or bool(_NUMBER.fullmatch(str(value)))
