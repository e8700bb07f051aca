"""The state of one criteria publication being built, and the pieces every section uses.

``_Builder`` holds the policy, the formations and the reference date, and appends blocks
(a list continues the one just before it). Its pieces: a legal reference by its short
citation, a threshold or weight with its effective date and legal basis (a dated parameter
resolved at the reference date), the parameters a formula reads, and a rounding in words.
The sections extend it (:mod:`.sections_policy`, :mod:`.sections_stages`,
:mod:`.sections_scores`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal

from asn_competency.audit.explain import short_citation
from asn_competency.audit.publish.blocks import (
    Block,
    Bullets,
    Heading,
    Inline,
    Paragraph,
    Span,
    Table,
    _b,
    _c,
    _cat,
    _join,
    _t,
)
from asn_competency.audit.publish.texts import _DASH, _ROUNDING, _num, _val
from asn_competency.errors import ParameterError
from asn_competency.model import ParameterRef, SelectionPolicy, document_hash
from asn_competency.model.scores import Rounding
from asn_competency.pipeline import Formation

#: String literals, then bare names: not attributes (``formation.x``), not calls.
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
_NAME = re.compile(r"(?<![\w.])[a-z][a-z0-9_]*(?![\w(])")


class _Builder:
    """The blocks of one criteria publication so far, and the pieces its sections are made of."""

    def __init__(
        self,
        policy: SelectionPolicy,
        formations: Sequence[Formation] | None,
        as_of: dt.date | None,
        policy_file: str,
    ) -> None:
        self.policy = policy
        self.formations = formations
        self.as_of = as_of or policy.as_of
        self.as_of_given = as_of is not None
        self.policy_file = policy_file
        self.hash = document_hash(policy)
        self.refs = {r.id: r for r in policy.references}
        self.tracks = {t.id: t.name for t in policy.tracks}
        self.blocks: list[Block] = []
        self.levels_shown: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}

    # ---------------------------------------------------------------------------- blocks

    def heading(self, level: int, *parts: Inline) -> None:
        self.blocks.append(Heading(level, _cat(*parts)))

    def para(self, *parts: Inline) -> None:
        self.blocks.append(Paragraph(_cat(*parts)))

    def bullets(self, items: Sequence[Inline]) -> None:
        """A list; it continues a list just before it (Markdown would merge them anyway)."""
        last = self.blocks[-1] if self.blocks else None
        if isinstance(last, Bullets):
            self.blocks.pop()
            items = [*last.items, *items]
        self.blocks.append(Bullets(tuple(items)))

    def table(
        self,
        head: tuple[Inline, ...],
        rows: Sequence[Sequence[Inline]],
        anchors: Sequence[str] = (),
    ) -> None:
        self.blocks.append(Table(head, tuple(tuple(r) for r in rows), tuple(anchors)))

    # ---------------------------------------------------------------------------- pieces

    def cite(self, ref_id: str | None) -> Inline:
        """A reference by its short citation, ⚠ when unverified; a dash for none."""
        if ref_id is None:
            return _DASH
        ref = self.refs.get(ref_id)
        short = (short_citation(ref.title) if ref else None) or ref_id
        unverified = ref is not None and ref.certainty == "unverified"
        return _cat((Span(short, "ref", ref_id),), _t(" ⚠", "warn") if unverified else ())

    def amount(
        self, value: Decimal | ParameterRef | None, *, named: bool = True
    ) -> tuple[Inline, Inline, Inline]:
        """Value, effective date and legal basis of a threshold or weight (as table cells);
        with ``named``, a parameter's value is followed by its name."""
        if value is None:
            return _b("tanpa ambang batas|no threshold"), _DASH, _DASH
        if isinstance(value, Decimal):
            return _t(_num(value), "strong"), _DASH, _DASH
        name = _c(value.parameter) if named else ()
        parameter = self.policy.parameters.get(value.parameter)
        if parameter is None or self.as_of is None:
            note = _b("(tanpa tanggal acuan)|(no reference date)")
            return _cat(name, _t(" ") if named else (), note), _DASH, _DASH
        try:
            found = parameter.at(value.parameter, self.as_of)
        except ParameterError:
            note = _b("tidak berlaku|no value in force", "warn")
            return _cat(name, _t(" ") if named else (), note), _DASH, _DASH
        since = _t(found.effective_from.isoformat())
        shown = _cat(_t(_val(found.value), "strong"), _t(" ") if named else (), name)
        return shown, since, self.cite(found.reference)

    def parameters_in(self, *formulas: str | None) -> Inline:
        """The parameters the formulas read, each with its value, date and basis."""
        names: list[str] = []
        for formula in formulas:
            for name in _NAME.findall(_STRING.sub(" ", formula or "")):
                if name in self.policy.parameters and name not in names:
                    names.append(name)
        lines = []
        for name in names:
            value, since, ref = self.amount(ParameterRef(parameter=name), named=False)
            unit = self.policy.parameters[name].unit
            if since == _DASH:
                lines.append(_cat(_c(name), _t(" "), value))
                continue
            unit = f" {unit}" if unit else ""
            dated = _cat(_t(f"{unit} (sejak "), since, _t(", "), ref, _t(")"))
            lines.append(_cat(_c(name), _t(" = "), value, dated))
        return _join(lines, "; ") if lines else _DASH

    def rounding(self, rounding: Rounding | None) -> Inline:
        if rounding is None:
            return _b("tidak dibulatkan (eksak)|not rounded (exact)")
        ind, en = _ROUNDING[rounding.mode].split("|")
        return _b(f"{rounding.places} desimal, {ind}|{rounding.places} places, {en}")
