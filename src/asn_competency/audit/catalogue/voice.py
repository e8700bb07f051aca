"""Saying facts in words: :class:`Voice` in one language, with or without the policy
(:mod:`asn_competency.audit.catalogue`)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from string import Formatter
from typing import Any

from asn_competency.audit.catalogue.texts import (
    FACTS,
    LANGUAGES,
    PHRASES,
    PROBLEMS,
)
from asn_competency.errors import check_language
from asn_competency.expressions import CompiledRule
from asn_competency.expressions.evaluate import format_value
from asn_competency.model import (
    EligibilityStage,
    RatingStage,
    SelectionPolicy,
    Stage,
    TestStage,
    Text,
)
from asn_competency.model.development_facts import DEVELOPMENT_FACTS
from asn_competency.model.outcomes import Fact
from asn_competency.pipeline.engine import compile_plan

__all__ = ["Voice", "fields_of", "say"]

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:/\d+)?")


def fields_of(text: str) -> set[str]:
    """The ``str.format`` fields of a text."""
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def _text(value: Text | None, lang: str) -> str | None:
    """A policy text in the language (Indonesian when it has no English); ``None`` for none."""
    if value is None:
        return None
    return value.en if lang == "en" and value.en else value.id


def _abbreviates(short: str, text: str) -> bool:
    """Whether a text spells out an abbreviation (``TKP`` in "Nilai Tes Karakteristik
    Pribadi") or contains it as a word."""
    initials = "".join(word[0] for word in text.split() if word[:1].isupper())
    return short in initials or short in re.findall(r"\b[A-Z0-9]{2,}\b", text)


class Voice:
    """Says facts and phrases in one language, naming what the policy names.

    ``parameters`` are the record's (``{name: {"value", "since", "reference"}}``): the date a
    threshold took effect is read there. Without ``policy``, ids stand in for names, clauses
    are named by their position, and legal references by their id.
    """

    def __init__(
        self,
        lang: str = "id",
        policy: SelectionPolicy | None = None,
        parameters: Mapping[str, Any] | None = None,
    ) -> None:
        check_language(lang, LANGUAGES)
        self.lang = lang
        self.policy = policy
        self.parameters: Mapping[str, Any] = parameters or {}
        self.cited: dict[str, None] = {}
        self.stages: dict[str, Stage] = {s.id: s for s in policy.stages} if policy else {}

    # ------------------------------------------------------------------------------- texts

    def t(self, key: str, /, **fields: Any) -> str:
        """A phrase in the voice's language."""
        return self.pick(PHRASES[key]).format(**fields)

    def pick(self, pair: tuple[str, str]) -> str:
        """The member of an (Indonesian, English) pair in the voice's language."""
        return pair[1] if self.lang == "en" else pair[0]

    def problem(self, code: Any) -> str:
        """A problem code in words (the code itself when the catalogue has none)."""
        pair = PROBLEMS.get(str(code))
        return self.pick(pair) if pair else str(code)

    def say(self, fact: Fact | Mapping[str, Any], *, stage_id: str | None = None) -> str:
        """A fact (a :class:`Fact`, or a record's ``{"code": ..., **params}``) in words; a code
        the catalogue does not know is shown with its parameters, never dropped."""
        if isinstance(fact, Fact):
            code, params = fact.code, dict(fact.params)
        else:
            code = str(fact.get("code"))
            params = {k: v for k, v in fact.items() if k != "code"}
        pair = FACTS.get(code)
        if pair is None:
            shown = ", ".join(f"{k} = {self.show(v)}" for k, v in params.items())
            return f"{code} ({shown})" if shown else code
        text = self.pick(pair)
        values = {name: self.param(code, name, params, stage_id) for name in fields_of(text)}
        said = text.format(**values)
        if code == "rule.failed":  # the reason the policy gives candidates, when it is at hand
            said += self.rule_reason(str(params.get("rule")), stage_id)
        return said

    # -------------------------------------------------------------------------- parameters

    def param(self, code: str, name: str, params: Mapping[str, Any], stage_id: str | None) -> str:
        """One parameter of a fact, shown as fits its name and its fact."""
        value = params.get(name)
        if code in DEVELOPMENT_FACTS:
            said = self.development_param(code, name, value)
            if said is not None:
                return said
        if name == "fields":
            return self.names(value)
        if name in ("score", "competency") and isinstance(value, str):
            return self.label(value)
        if name == "criterion":
            return self.criterion_label(str(value))
        if name == "exception":
            return self.exception_name(str(value), stage_id)
        if name == "exceptions":
            return self.listed([self.exception_name(str(v), stage_id) for v in value or ()])
        if name == "reference":
            since = None
            found = self.parameters.get(str(params.get("parameter")))
            if isinstance(found, Mapping):
                since = found.get("since")
            return self.cite(value, since)
        if name == "op":
            key = f"below.{value}"
            return self.t(key) if key in PHRASES else str(value)
        if name == "clause" and isinstance(value, int):
            return self.clause_name(params.get("rule"), value)
        if name == "rule" and code == "rule.failed":
            return str(value)
        if name == "rule" and isinstance(value, list):
            return self.where(value)
        if name == "problem":
            return self.problem(value)
        if name == "value" and code == "input.invalid":
            return self.t("empty") if value is None else _quoted(value)
        if name == "field" and value is None:
            return "?"
        if name == "group":
            return self.t("group", group=value) if value else ""
        if name == "gap" and isinstance(value, int):
            return f"{value:+d}"
        if name == "factor":
            key = f"factor.{value}"
            return self.t(key) if key in PHRASES else str(value)
        if name == "factors":
            key = f"factors.{value}"
            return self.t(key) if key in PHRASES else str(value)
        if name == "rows":
            return ", ".join(str(r) for r in value) if value else self.t("default_row")
        if name in ("decided_by", "behind_by", "band") and value is None:
            return self.t("none")
        if name in ("decided_by", "behind_by"):
            return self.order_key(stage_id, value)
        if name == "nsf" and value is None:
            return "-"
        return self.show(value)

    def development_param(self, code: str, name: str, value: Any) -> str | None:
        """A parameter of a development fact (:mod:`asn_competency.model.development_facts`)
        shown as fits it, or ``None`` to show it as any other parameter: competencies by their
        names, shares as percentages, the gap-open reason, the binding constraint, the nine-box
        axes and the SKP rating in words."""
        if name == "competencies":
            return self.listed([self.label(str(c)) for c in value or ()]) or self.t("none")
        if name == "also":
            if not value:
                return ""
            return self.t("also", competencies=self.listed([self.label(str(c)) for c in value]))
        if name == "programme" and code == "plan.gap-open":
            return "" if value is None else self.t("best_programme", programme=value)
        if name == "programmes":
            return ", ".join(str(p) for p in value or ()) or self.t("none")
        if name in ("hours_budget", "money_budget") and value is None:
            return self.t("unlimited")
        if name in ("share", "threshold") and value is not None:
            return f"{self.show(Fraction(str(value)) * 100)}%"
        keys = {
            "reason": f"gap_open.{value}",
            "binding": f"binding.{value}",
            "performance": f"performance.{value}",
            "potential": f"potential.{value}",
            "rating": f"skp.{value}",
        }
        key = keys.get(name)
        return self.t(key) if key is not None and key in PHRASES else None

    def order_key(self, stage_id: str | None, index: Any) -> str:
        """A key of a stage's ordering as a record names it (its position, 0 for the first),
        by its name in the policy in the voice's language; without the policy, by its
        position ("kunci urutan ke-3")."""
        stage = self.stages.get(stage_id or "")
        order = getattr(stage, "order", None)
        if isinstance(index, int) and order is not None and 0 <= index < len(order):
            key = order[index]
            return _text(key.name, self.lang) or key.key
        if isinstance(index, int):
            return self.t("order_key", number=index + 1)
        return self.show(index)

    def show(self, value: Any) -> str:
        """A plain record value in words: exact numbers as decimals (``800/11`` →
        ``72.727273…``), yes/no, unknown for null, lists and mappings spelled out."""
        if value is None:
            return self.t("unknown")
        if isinstance(value, bool):
            return self.t("yes" if value else "no")
        if isinstance(value, int):
            return str(value)
        if isinstance(value, Fraction):
            return format_value(value)
        if isinstance(value, str):
            if _NUMBER.fullmatch(value) and "/" in value:
                return format_value(Fraction(value))
            return value
        if isinstance(value, Mapping):
            return ", ".join(f"{k}={self.show(v)}" for k, v in value.items())
        if isinstance(value, list | tuple):
            return ", ".join(self.show(v) for v in value)
        return str(value)

    def listed(self, items: Sequence[str]) -> str:
        """``a, b dan c``: items as a sentence lists them."""
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.t('and')} {items[-1]}"

    def names(self, fields: Any) -> str:
        """Field names in words, as a list."""
        if not isinstance(fields, list | tuple):
            return self.show(fields)
        return ", ".join(self.label(str(f)) for f in fields) or "?"

    # ------------------------------------------------------------------------------ names

    def cite(self, reference: Any, since: Any = None) -> str:
        """`` (KepmenPANRB 321/2024, berlaku sejak 2024-01-01)``, or nothing."""
        parts = []
        if reference:
            parts.append(self.short(str(reference)))
        if since:
            parts.append(self.t("since", date=since))
        return f" ({', '.join(parts)})" if parts else ""

    def short(self, reference: str) -> str:
        """A legal reference's short form (the id without the policy)."""
        if self.policy is None:
            return reference
        from asn_competency.audit.explain.citations import short_citation  # noqa: PLC0415

        found = next((r for r in self.policy.references if r.id == reference), None)
        if found is None:
            return reference
        self.cited[reference] = None
        return short_citation(found.title) or reference

    def stage_name(self, stage_id: str) -> str:
        """A stage's name in the policy, else its id."""
        stage = self.stages.get(stage_id)
        return (_text(stage.name, self.lang) or stage_id) if stage else stage_id

    def track_name(self, track: str | None) -> str:
        """``Umum (umum)``: a track's name in the policy with its id."""
        if track is None:
            return self.t("unknown")
        found = (
            next((t for t in self.policy.tracks if t.id == track), None) if self.policy else None
        )
        name = _text(found.name, self.lang) if found else None
        return f"{name} ({track})" if name and name != track else track

    def label(self, name: str) -> str:
        """A name a rule reads, in words: ``tkp`` → ``TKP``, ``birth_date`` → "Tanggal lahir"."""
        if name == "as_of":
            return self.t("as_of_label")
        if name.startswith("formation."):
            column = name.removeprefix("formation.")
            declared = self.policy.formation_fields.get(column) if self.policy else None
            column_name = _text(declared.description, self.lang) if declared else None
            if column_name:
                return column_name
            key = f"column.{column}"
            return self.t(key) if key in PHRASES else name
        described = self.described(name)
        if re.fullmatch(r"[a-z][a-z0-9]{1,3}", name):
            short = name.upper()  # twk → TWK, when the policy spells it out (or says nothing)
            if described is None or any(_abbreviates(short, t) for t in described):
                return short
        if described is None:
            return name
        return described[1 if self.lang == "en" and len(described) > 1 else 0]

    def described(self, name: str) -> tuple[str, ...] | None:
        """A field's, score's, criterion's or parameter's name in the policy, in
        (Indonesian, English) order, or ``None``."""
        policy = self.policy
        if policy is None:
            return None
        found: Text | None = None
        prefix = ""
        score = policy.scores.get(name)
        field = policy.candidate_fields.get(name)
        rated = policy.rating_fields().get(name)
        parameter = policy.parameters.get(name)
        if score is not None and score.name is not None:
            found = score.name
        elif field is not None and field.description is not None:
            found = field.description
        elif rated is not None:
            stage, criterion_id = rated
            criterion = next((c for c in stage.criteria if c.id == criterion_id), None)
            if criterion is not None and criterion.name is not None:
                found, prefix = criterion.name, f"{criterion_id} "
        elif parameter is not None:
            found = parameter.description
        if found is None:
            return None
        both = tuple(t for t in (found.id, found.en) if t)
        return tuple(f"{prefix}({t})" if prefix else t for t in both)

    def criterion_label(self, criterion_id: str) -> str:
        """``M.03 (Komunikasi)``: a rated criterion with its name in the policy."""
        for stage in self.stages.values():
            if isinstance(stage, RatingStage):
                found = next((c for c in stage.criteria if c.id == criterion_id), None)
                name = _text(found.name, self.lang) if found else None
                if name:
                    return f"{criterion_id} ({name})"
        return criterion_id

    def exception_name(self, exception_id: str, stage_id: str | None = None) -> str:
        """A track exception's name in the policy with its id, else its id."""
        for stage in self.stages.values():
            if isinstance(stage, TestStage) and stage_id in (None, stage.id):
                found = next((e for e in stage.exceptions if e.id == exception_id), None)
                name = _text(found.name, self.lang) if found else None
                if name:
                    return f"{name} ({exception_id})"
        return exception_id

    def rule_reason(self, rule_id: str, stage_id: str | None) -> str:
        """``: `` and why an eligibility rule failed, as the policy tells candidates, in the
        voice's language, with its legal basis; nothing without the policy (the record holds
        the rule's id, not the policy's words)."""
        for stage in self.stages.values():
            if isinstance(stage, EligibilityStage) and stage_id in (None, stage.id):
                rule = next((r for r in stage.rules if r.id == rule_id), None)
                if rule is not None:
                    reason = (_text(rule.reason, self.lang) or "") + self.cite(rule.reference)
                    return f": {reason}" if reason else ""
        return ""

    def where(self, at: Any) -> str:
        """A place in the policy as the record names it: ``skd/_minimums``."""
        if isinstance(at, list | tuple):
            return "/".join(str(part) for part in at)
        return str(at)

    def rule(self, at: Any) -> CompiledRule | None:
        """The compiled stage rule at a place in the policy, or ``None`` (no policy, or no
        such rule: a record of another version of the policy)."""
        if self.policy is None or not isinstance(at, list | tuple):
            return None
        try:
            found: CompiledRule = compile_plan(self.policy).rule(*at)
        except (KeyError, TypeError):
            return None
        return found

    def score_rule(self, score_id: str, at: Any) -> CompiledRule | None:
        """The compiled formula of a score at a place relative to it, or ``None``."""
        if self.policy is None or not isinstance(at, list | tuple):
            return None
        try:
            found: CompiledRule = compile_plan(self.policy).scores.rule(score_id, *at)
        except (KeyError, TypeError):
            return None
        return found

    def clause_name(self, at: Any, index: int) -> str:
        """A clause of a rule: its text in the policy, else "klausa 2 dari skd/_minimums"."""
        rule = self.rule(at)
        if rule is not None and 0 <= index < len(rule.clauses):
            return " ".join(rule.clauses[index].text.split())
        return self.t("clause_at", number=index + 1, rule=self.where(at))


def _quoted(value: Any) -> str:
    """An offending input value: text quoted, anything else as written."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def say(
    fact: Fact | Mapping[str, Any],
    lang: str = "id",
    *,
    policy: SelectionPolicy | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> str:
    """A fact in words, in Indonesian (the default) or English; see :class:`Voice`."""
    return Voice(lang, policy, parameters).say(fact)
