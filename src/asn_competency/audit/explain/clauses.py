"""Evaluation clauses as the record holds them, read back and said in words.

A rule's clause is recorded as its rendering (``Clause.render()``), e.g. ``tkp >= skd_min_tkp
→ false (tkp = 160, skd_min_tkp = 166 [kepmenpanrb-321-2024, from 2024-01-01])``:
:func:`_parse_clause` reads it back into the clause text, its value and the values it read
(with the legal basis and effective date of a parameter), and ``_ClauseWords`` turns it into a
sentence. A clause that cannot be read that way is shown as it is.

A clause records the values it read, not what a function computed from them: for
``age_on(birth_date, as_of) <= cpns_max_age`` it holds the date of birth and the as-of date,
not the age. The data line of an explanation adds the computed value, "Usia pada 2024-09-10 =
44 tahun" ("Age on 2024-09-10 = 44 years"), with the library's own ``age_on`` (so with the
rule's reading of 29 February birthdays); ``years_between`` likewise. Arguments are names the
clause read or ``date("YYYY-MM-DD")`` literals; a missing (unknown) date adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from asn_competency.audit.explain.words import _Words
from asn_competency.expressions import age_on

_CLAUSE = re.compile(
    r"^(?P<text>.+?) → (?P<value>true|false|unknown)(?: \((?P<reads>.*)\))?$", re.S
)
_READ = re.compile(
    r"^(?P<name>[A-Za-z_][\w.]*) = (?P<value>.*?)(?P<default> \(default\))?"
    r"(?: \[(?P<ref>[^\[\],]+), from (?P<since>[^\]]+)\])?$",
    re.S,
)
_READ_SPLIT = re.compile(r", (?=[A-Za-z_][\w.]* = )")
_NAME = r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?"
_NUMBER = r"-?\d+(?:\.\d+)?"
_COMPARE = re.compile(
    rf"^(?P<left>{_NAME}|{_NUMBER}) (?P<op>>=|<=|==|!=|>|<) "
    rf"(?P<right>{_NAME}|{_NUMBER}|\"[^\"]*\"|'[^']*')$"
)
_OPS = {">=": "ge", ">": "gt", "<=": "le", "<": "lt"}
_DATE_ARG = r'[A-Za-z_][\w.]*|date\("\d{4}-\d{2}-\d{2}"\)'
_YEARS = re.compile(
    rf"\b(?P<function>age_on|years_between)\(\s*(?P<start>{_DATE_ARG})\s*,"
    rf"\s*(?P<end>{_DATE_ARG})\s*\)"
)
_LITERAL_DATE = re.compile(r'date\("(\d{4}-\d{2}-\d{2})"\)')


@dataclass(frozen=True)
class _Read:
    """One value a clause read: ``name = value [reference, from date]``."""

    name: str
    value: str
    reference: str | None = None
    since: str | None = None


@dataclass(frozen=True)
class _Clause:
    """A clause of a rule read back from its rendering."""

    text: str
    value: str
    reads: tuple[_Read, ...]

    def read(self, name: str) -> _Read | None:
        """The value read under a name, if the clause read it."""
        return next((r for r in self.reads if r.name == name), None)


def _parse_clause(text: str) -> _Clause | None:
    """A rendered clause (``Clause.render()``) read back, or ``None`` if it does not parse."""
    found = _CLAUSE.match(text)
    if found is None:
        return None
    reads: list[_Read] = []
    if found["reads"]:
        for part in _READ_SPLIT.split(found["reads"]):
            read = _READ.match(part)
            if read is None:
                return None
            reference = read["ref"] if read["ref"] not in (None, "None") else None
            since = read["since"] if read["since"] not in (None, "?") else None
            reads.append(_Read(read["name"], read["value"], reference, since))
    return _Clause(found["text"], found["value"], tuple(reads))


class _ClauseWords(_Words):
    """The clauses of a record's evaluations in words."""

    def value(self, read: _Read) -> str:
        """A value read, as the record holds it (``true``/``false`` and quotes in words)."""
        if read.value == "true":
            return self.t("yes")
        if read.value == "false":
            return self.t("no")
        if read.value == "unknown":
            return self.t("unknown")
        quoted = re.fullmatch(r"'([^']*)'", read.value)
        return quoted[1] if quoted else read.value

    def reads_line(self, evaluations: Sequence[Mapping[str, Any]]) -> str | None:
        """``Data: Tanggal lahir = 1999-04-25; ...``: every value the rules read, once, each
        age (``age_on``) or span of years (``years_between``) computed from them after the
        last date it needs."""
        seen: dict[str, _Read] = {}
        computed: dict[str, dict[str, None]] = {}  # after the read they follow, in order
        for evaluation in evaluations:
            for text in evaluation.get("clauses") or ():
                clause = _parse_clause(str(text))
                if clause is None:
                    continue
                for read in clause.reads:
                    seen.setdefault(read.name, read)
                for after, entry in self.years(clause):
                    computed.setdefault(after, {})[entry] = None
        if not seen:
            return None
        shown = []
        for r in seen.values():
            shown.append(f"{self.label(r.name)} = {self.value(r)}{self.cite(r.reference, r.since)}")
            shown += computed.get(r.name, {})
        return f"{self.t('data')}: {'; '.join(shown)}"

    def years(self, clause: _Clause) -> list[tuple[str, str]]:
        """Each ``age_on``/``years_between`` of a clause whose dates are known, in words
        (``Usia pada 2024-09-10 = 44 tahun``), with the name of the last date it read."""
        found = []
        for call in _YEARS.finditer(clause.text):
            dates: list[dt.date] = []
            last = None
            for argument in (call["start"], call["end"]):
                literal = _LITERAL_DATE.fullmatch(argument)
                read = None if literal else clause.read(argument)
                text = literal[1] if literal else read.value if read else None
                try:
                    dates.append(dt.date.fromisoformat(text or ""))
                except ValueError:
                    break
                last = read.name if read else last
            if len(dates) < 2 or last is None:
                continue
            start, end = dates
            years = self.t("years", count=age_on(start, end))
            if call["function"] == "age_on":
                what = self.t("age_on", date=end.isoformat())
            else:
                what = self.t("years_between", start=start.isoformat(), end=end.isoformat())
            found.append((last, f"{what} = {years}"))
        return found

    def sentence(self, text: str) -> str:
        """A clause in words; the clause as it is when it cannot be read."""
        clause = _parse_clause(text)
        if clause is None:
            return text
        if clause.value == "unknown":
            missing = [self.label(r.name) for r in clause.reads if r.value == "unknown"]
            shown = f" ({', '.join(missing)})" if missing else ""
            return self.t("clause_unknown", clause=clause.text, missing=shown)
        compare = _COMPARE.match(clause.text)
        if compare is None:
            return text
        left, op, right = compare["left"], compare["op"], compare["right"]
        left_read, right_read = clause.read(left), clause.read(right)
        if left_read is None:
            return text
        lv = self.value(left_read)
        if right_read is not None:
            rv = self.value(right_read)
        elif re.fullmatch(_NUMBER, right):
            rv = right
        elif right[:1] in "\"'":
            rv = right[1:-1]
        else:
            return text
        threshold = right_read is None or right_read.reference is not None
        if op in _OPS and threshold and re.fullmatch(_NUMBER, rv):
            cite = self.cite(right_read.reference, right_read.since) if right_read else ""
            key = f"{_OPS[op]}.{clause.value}"
            return self.t(key, left=self.label(left), lv=lv, rv=rv, cite=cite)
        return self.t(
            "compare",
            left=self.label(left),
            lv=lv,
            op=self.t(f"op.{op}"),
            right=self.label(right) if right_read is not None else rv,
            rv=rv,
            verdict=self.t("met" if clause.value == "true" else "not_met"),
        )

    def clauses(self, evaluation: Mapping[str, Any]) -> tuple[list[str], list[str]]:
        """Every clause of a rule in words, and those that did not hold."""
        shown, failed = [], []
        for text in evaluation.get("clauses") or ():
            clause = _parse_clause(str(text))
            if clause is not None and clause.text in ("true", "false") and not clause.reads:
                continue  # a rule that is just 'true': nothing to check
            sentence = self.sentence(str(text))
            shown.append(sentence)
            if clause is None or clause.value != "true":
                failed.append(sentence)
        return shown, failed
