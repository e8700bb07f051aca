"""What-if comparison: who a changed policy decides differently, and why.

:func:`compare` runs two policies (a base and a changed one: the base with a
:class:`~asn_competency.model.policy_change.PolicyChange` applied, or any second policy) on the
same candidates, formations, ratings and as-of date, pairs the decisions by candidate id and
input row digest, and keeps every candidate whose final status, final score, rank, placement
or any stage outcome differs. For each it names the first stage decided or scored differently
(else the ranking that moved) with the reasons and rule clauses
of both runs for that stage, so a committee sees, e.g., that ``tkp >= skd_min_tkp`` read 166
before and 170 after.

:meth:`Comparison.render` gives a text in Indonesian (the default) or English, every word from
the catalogue (:mod:`asn_competency.audit.catalogue`), each stage said as an explanation says
it (:func:`~asn_competency.audit.explain.stage_lines`, from the decision records): a summary
(final status pairs, outcome pairs per stage, changes per formation) and then one block per
changed candidate, by candidate id; :meth:`Comparison.to_rows` gives one CSV row per changed
candidate. Both are deterministic: nothing depends on input order, the clock or the machine.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from asn_competency.audit.catalogue import LANGUAGES, Voice
from asn_competency.audit.explain import stage_lines
from asn_competency.audit.ledger import decision_record
from asn_competency.errors import check_language
from asn_competency.expressions.data import exact
from asn_competency.files.tables import is_data_frame
from asn_competency.model import SelectionPolicy, Text, document_hash
from asn_competency.pipeline import Decision, StageResult, run
from asn_competency.pipeline.inputs import Source

__all__ = ["LANGUAGES", "CandidateChange", "Comparison", "StageChange", "compare"]

#: Shown where a run has no value (no final score, no rank, no such stage).
NONE = "—"

#: The fields of a decision, beside stage outcomes, whose change makes a candidate change.
FIELDS: tuple[str, ...] = ("final_status", "final_score", "rank", "placement")

#: Details of pooled stages compared to find the "why" of a candidate, in this order.
_DETAIL_KEYS: tuple[str, ...] = (
    "exception",
    "position",
    "rank",
    "cut",
    "quota",
    "decided_by",
    "behind_by",
    "placed_in",
)


def _say(key: str, lang: str, **fields: Any) -> str:
    """A phrase of the catalogue (``compare.*``) in the language."""
    return Voice(lang).t(f"compare.{key}", **fields)


@dataclass(frozen=True)
class _Side:
    """One run of a comparison, as its records are written: the policy and its hash."""

    policy: SelectionPolicy
    policy_hash: str
    as_of: dt.date

    def record(self, decision: Decision | None) -> Mapping[str, Any] | None:
        """A decision as its decision record (``decision/v2``)."""
        if decision is None:
            return None
        return decision_record(
            decision,
            policy_id=self.policy.id,
            policy_hash=self.policy_hash,
            as_of=self.as_of.isoformat(),
        )


@dataclass(frozen=True)
class StageChange:
    """One stage of one candidate in both runs (``None`` where a run has no such stage)."""

    stage_id: str
    before: StageResult | None
    after: StageResult | None
    #: Each run's decision record and policy, to say the stage as an explanation says it.
    records: tuple[Mapping[str, Any] | None, Mapping[str, Any] | None] = field(
        default=(None, None), compare=False, repr=False
    )
    policies: tuple[SelectionPolicy | None, SelectionPolicy | None] = field(
        default=(None, None), compare=False, repr=False
    )

    @property
    def outcomes(self) -> tuple[str, str]:
        """The outcome before and after (``—`` for a missing stage)."""
        return _outcome(self.before), _outcome(self.after)

    def lines(self, lang: str = "id") -> tuple[list[str], list[str]]:
        """What an explanation says of the stage in both runs (reasons, clauses with their
        values and legal basis, scores, ordering); lines the two runs share are left out
        (unless that leaves nothing to show)."""
        before, after = (
            _stage_lines(result, self.stage_id, record, policy, lang)
            for result, record, policy in zip(
                (self.before, self.after), self.records, self.policies, strict=True
            )
        )
        shared = set(before) & set(after)
        kept = [x for x in before if x not in shared], [x for x in after if x not in shared]
        return kept if kept[0] or kept[1] else (before, after)


@dataclass(frozen=True)
class CandidateChange:
    """A candidate decided differently: both decisions, what differs, and why.

    ``fields`` names the decision fields that differ (of :data:`FIELDS`); ``stages`` the stages
    whose outcome differs, in the policy's order; ``why`` the stage that explains it, and
    ``cause`` how: ``outcome`` (the first stage that differs is decided differently),
    ``score`` (it is scored differently), ``rank`` or ``placement`` (the ordering moved
    because other candidates changed), ``detail``, or empty when no common stage explains it.
    """

    candidate_id: str | None
    row: int
    formation_id: str | None
    track: str | None
    before: Decision | None
    after: Decision | None
    fields: tuple[str, ...]
    stages: tuple[StageChange, ...]
    why: StageChange | None = None
    cause: str = ""

    @property
    def final_statuses(self) -> tuple[str, str]:
        """The final status before and after (``—`` where a run has no decision)."""
        return _status(self.before), _status(self.after)


@dataclass(frozen=True)
class Comparison:
    """The decisions two policies give the same inputs, and the candidates they differ on."""

    base_id: str
    base_hash: str
    changed_id: str
    changed_hash: str
    as_of: dt.date
    total: int
    changes: tuple[CandidateChange, ...]
    stage_ids: tuple[str, ...]
    stage_names: Mapping[str, Text] = field(default_factory=dict)
    only_before: tuple[str, ...] = ()
    only_after: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[CandidateChange]:
        return iter(self.changes)

    def by_final_status(self) -> dict[tuple[str, str], int]:
        """How many candidates go from one final status to another (only pairs that differ)."""
        counts: dict[tuple[str, str], int] = {}
        for change in self.changes:
            pair = change.final_statuses
            if pair[0] != pair[1]:
                counts[pair] = counts.get(pair, 0) + 1
        return dict(sorted(counts.items()))

    def by_stage(self) -> dict[str, dict[tuple[str, str], int]]:
        """Per stage (in the policy's order), how many candidates go from one outcome to
        another; stages where nobody changes are left out."""
        counts: dict[str, dict[tuple[str, str], int]] = {}
        for change in self.changes:
            for stage in change.stages:
                pairs = counts.setdefault(stage.stage_id, {})
                pairs[stage.outcomes] = pairs.get(stage.outcomes, 0) + 1
        return {
            stage_id: dict(sorted(counts[stage_id].items()))
            for stage_id in self.stage_ids
            if stage_id in counts
        }

    def by_formation(self) -> dict[str, int]:
        """How many candidates change, per formation applied to (``""`` for none)."""
        counts: dict[str, int] = {}
        for change in self.changes:
            key = change.formation_id or ""
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))

    # ------------------------------------------------------------------------------- text

    def __str__(self) -> str:
        return self.render()

    def _repr_html_(self) -> str:
        """The notebook view: the Indonesian text (:meth:`render`), escaped."""
        return f"<pre>{html.escape(self.render())}</pre>"

    def render(self, lang: str = "id") -> str:
        """The comparison as text: a summary, then one block per changed candidate."""
        check_language(lang, LANGUAGES)
        sides = [f"{_say(side, lang)}:" for side in ("before", "after")]
        width = max(len(side) for side in sides)
        lines = [
            _say("title", lang, date=self.as_of.isoformat()),
            f"  {sides[0]:<{width}} {self.base_id}  {self.base_hash}",
            f"  {sides[1]:<{width}} {self.changed_id}  {self.changed_hash}",
        ]
        for side, ids in (("before", self.only_before), ("after", self.only_after)):
            if ids:
                lines.append("  " + _say("only", lang, side=_say(side, lang), ids=", ".join(ids)))
        lines.append("")
        summary = _say("summary", lang, n=len(self.changes), total=self.total)
        if not self.changes:
            lines.append(_say("no_change", lang) + f" ({summary})")
            return "\n".join(lines) + "\n"
        statuses = "; ".join(f"{a} → {b} {n}" for (a, b), n in self.by_final_status().items())
        lines.append(summary + (f": {statuses}" if statuses else ""))
        lines.append("")
        status_rows = [(_say("status_pair", lang), _say("candidates", lang))]
        status_rows += [(f"{a} → {b}", str(n)) for (a, b), n in self.by_final_status().items()]
        if len(status_rows) > 1:
            lines += [*_table(status_rows), ""]
        stage_rows = [(_say("stage", lang), _say("outcome_pair", lang), _say("candidates", lang))]
        for stage_id, pairs in self.by_stage().items():
            stage_rows += [(stage_id, f"{a} → {b}", str(n)) for (a, b), n in pairs.items()]
        if len(stage_rows) > 1:
            lines += [*_table(stage_rows), ""]
        formation_rows = [(_say("formation", lang), _say("candidates", lang))]
        formation_rows += [(f or NONE, str(n)) for f, n in self.by_formation().items()]
        lines += _table(formation_rows)
        for change in self.changes:
            lines += ["", *self._block(change, lang)]
        return "\n".join(lines) + "\n"

    def _stage_label(self, stage_id: str, lang: str) -> str:
        name = self.stage_names.get(stage_id)
        if name is None:
            return stage_id
        return f"{stage_id} ({name.id if lang == 'id' else name.en or name.id})"

    def _block(self, change: CandidateChange, lang: str) -> list[str]:
        where = [f"{_say('row', lang)} {change.row}"]
        where.append(f"{_say('formation', lang)} {change.formation_id or NONE}")
        if change.track:
            where.append(f"{_say('track', lang)} {change.track}")
        lines = [f"{change.candidate_id or NONE} ({', '.join(where)})"]
        before, after = change.final_statuses
        labels = _label(change.before), _label(change.after)
        if before == after:
            shown = f"{before}{labels[0]} ({_say('unchanged', lang)})"
        else:
            shown = f"{before}{labels[0]} → {after}{labels[1]}"
        lines.append(f"  {_say('final_status', lang)}: {shown}")
        values = {
            "final_score": (_score(change.before), _score(change.after)),
            "rank": (_rank(change.before), _rank(change.after)),
            "placement": (_placement(change.before), _placement(change.after)),
        }
        for name, (old, new) in values.items():
            if name in change.fields:
                lines.append(f"  {_say(name, lang)}: {old} → {new}")
        if change.stages:
            lines.append(f"  {_say('stage_outcomes', lang)}:")
            for stage in change.stages:
                old, new = stage.outcomes
                lines.append(f"    {stage.stage_id}: {old} → {new}")
        why = change.why
        if why is None:
            lines.append(f"  {_say('why.none', lang)}")
            return lines
        old, new = stage_pair = why.outcomes
        if change.cause == "score":
            stage_pair = (_stage_score(why.before), _stage_score(why.after))
        elif change.cause == "rank":
            stage_pair = (_rank(change.before), _rank(change.after))
        lines.append(f"  {_say(f'why.{change.cause}', lang)}:")
        lines.append(f"    {self._stage_label(why.stage_id, lang)}: {' → '.join(stage_pair)}")
        before_lines, after_lines = why.lines(lang)
        for side, outcome, found in (("before", old, before_lines), ("after", new, after_lines)):
            lines.append(f"    {_say(side, lang)} ({outcome}):")
            lines += [f"      {line}" for line in found or [NONE]]
        return lines

    # -------------------------------------------------------------------------------- CSV

    def columns(self) -> list[str]:
        """The columns of :meth:`to_rows`."""
        columns = ["candidate_id", "row", "formation_id", "track"]
        for name in FIELDS:
            columns += [f"{name}.before", f"{name}.after"]
        for stage_id in self.stage_ids:
            columns += [f"{stage_id}.before", f"{stage_id}.after"]
        return [*columns, "why.stage", "why.cause", "why.before", "why.after"]

    def to_rows(self, lang: str = "id") -> list[dict[str, str]]:
        """One row per changed candidate, by candidate id, every value as text: both final
        statuses, scores, ranks and placements, both outcomes of every stage, and the stage
        that explains the change with its lines of both runs (joined by `` | ``)."""
        rows = []
        for change in self.changes:
            row = {
                "candidate_id": change.candidate_id or "",
                "row": str(change.row),
                "formation_id": change.formation_id or "",
                "track": change.track or "",
            }
            for name, show in (
                ("final_status", _status),
                ("final_score", _score),
                ("rank", _rank),
                ("placement", _placement),
            ):
                row[f"{name}.before"] = _blank(show(change.before))
                row[f"{name}.after"] = _blank(show(change.after))
            for stage_id in self.stage_ids:
                row[f"{stage_id}.before"] = _blank(_outcome(_stage(change.before, stage_id)))
                row[f"{stage_id}.after"] = _blank(_outcome(_stage(change.after, stage_id)))
            why = change.why
            before_lines, after_lines = why.lines(lang) if why else ([], [])
            row["why.stage"] = why.stage_id if why else ""
            row["why.cause"] = change.cause
            row["why.before"] = " | ".join(before_lines)
            row["why.after"] = " | ".join(after_lines)
            rows.append(row)
        return rows


# ------------------------------------------------------------------------------ comparing


def compare(
    base: SelectionPolicy,
    changed: SelectionPolicy,
    candidates: Source,
    *,
    formations: Source,
    ratings: Source | None = None,
    as_of: dt.date | None = None,
) -> Comparison:
    """Run ``base`` and ``changed`` on the same inputs and report every candidate decided
    differently, and why.

    ``candidates``, ``formations`` and ``ratings`` are what :func:`asn_competency.run` takes
    (paths, DataFrames, or iterables of mappings, read once and given to both runs). Both
    runs use the same as-of date: ``as_of``, else the base policy's, else the changed one's.
    Raises :class:`~asn_competency.PolicyError` as :func:`~asn_competency.run` does.
    """
    candidates, formations = _reusable(candidates), _reusable(formations)
    ratings = _reusable(ratings) if ratings is not None else None
    when = as_of or base.as_of or changed.as_of
    first = run(base, candidates, formations=formations, ratings=ratings, as_of=when)
    second = run(changed, candidates, formations=formations, ratings=ratings, as_of=when)
    before_ids = [s.id for s in base.stages]
    after_ids = [s.id for s in changed.stages]
    common = tuple(i for i in before_ids if i in after_ids)
    pending: dict[tuple[str | None, str | None], list[Decision]] = {}
    for decision in second.decisions:
        pending.setdefault(_key(decision), []).append(decision)
    pairs: list[tuple[Decision | None, Decision | None]] = []
    for decision in first.decisions:
        partners = pending.get(_key(decision))
        pairs.append((decision, partners.pop(0) if partners else None))
    pairs += [(None, d) for found in pending.values() for d in found]
    sides = (
        _Side(base, document_hash(base), first.as_of),
        _Side(changed, document_hash(changed), second.as_of),
    )
    changes = [c for b, a in pairs if (c := _difference(b, a, common, sides)) is not None]
    changes.sort(key=_order)
    names = {s.id: s.name for s in changed.stages}
    names.update({s.id: s.name for s in base.stages})
    return Comparison(
        base_id=base.id,
        base_hash=sides[0].policy_hash,
        changed_id=changed.id,
        changed_hash=sides[1].policy_hash,
        as_of=first.as_of,
        total=max(len(first.decisions), len(second.decisions)),
        changes=tuple(changes),
        stage_ids=common,
        stage_names=names,
        only_before=tuple(i for i in before_ids if i not in after_ids),
        only_after=tuple(i for i in after_ids if i not in before_ids),
    )


def _reusable(table: Source) -> Source:
    """A table that can be read twice: paths and DataFrames as they are, other iterables as
    a list."""
    if isinstance(table, str | bytes | os.PathLike | Sequence) or is_data_frame(table):
        return table
    if isinstance(table, Iterable):
        return list(table)
    return table


def _key(decision: Decision) -> tuple[str | None, str | None]:
    return decision.candidate_id, decision.input_digest


def _order(change: CandidateChange) -> tuple[bool, str, int]:
    return change.candidate_id is None, change.candidate_id or "", change.row


def _difference(
    before: Decision | None,
    after: Decision | None,
    stage_ids: Sequence[str],
    sides: tuple[_Side, _Side],
) -> CandidateChange | None:
    """What differs between two decisions on one candidate row (``None`` when nothing)."""
    either = before if before is not None else after
    assert either is not None  # noqa: S101 - a pair always has one decision
    fields = tuple(
        name
        for name, show in (
            ("final_status", _status),
            ("final_score", _score),
            ("rank", _rank),
            ("placement", _placement),
        )
        if show(before) != show(after)
    )
    stages = [StageChange(i, _stage(before, i), _stage(after, i)) for i in stage_ids]
    differing = tuple(s for s in stages if s.outcomes[0] != s.outcomes[1])
    if not fields and not differing:
        return None
    records = (sides[0].record(before), sides[1].record(after))
    policies = (sides[0].policy, sides[1].policy)
    stages = [StageChange(s.stage_id, s.before, s.after, records, policies) for s in stages]
    differing = tuple(s for s in stages if s.outcomes[0] != s.outcomes[1])
    why, cause = _why(stages, fields) if before and after else (None, "")
    return CandidateChange(
        candidate_id=either.candidate_id,
        row=either.row,
        formation_id=either.formation_id,
        track=either.track,
        before=before,
        after=after,
        fields=fields,
        stages=differing,
        why=why,
        cause=cause,
    )


def _why(stages: Sequence[StageChange], fields: Sequence[str]) -> tuple[StageChange | None, str]:
    """The stage that explains a change: the first stage decided or scored differently (a
    score that moves comes before the ranking it moves), else the ranking (or optimisation)
    that moved because others changed, else the first whose ordering details differ."""
    both = [s for s in stages if s.before is not None and s.after is not None]
    for stage in both:
        if stage.outcomes[0] != stage.outcomes[1]:
            return stage, "outcome"
        if _stage_score(stage.before) != _stage_score(stage.after):
            return stage, "score"
    for name, kind in (("rank", "ranking"), ("placement", "optimisation")):
        if name in fields:
            for stage in both:
                if stage.before is not None and stage.before.kind == kind:
                    return stage, name
    for stage in both:
        if _details(stage.before) != _details(stage.after):
            return stage, "detail"
    return None, ""


# -------------------------------------------------------------------------------- showing


def _stage(decision: Decision | None, stage_id: str) -> StageResult | None:
    if decision is None:
        return None
    return next((s for s in decision.stages if s.stage_id == stage_id), None)


def _outcome(result: StageResult | None) -> str:
    return result.outcome if result is not None else NONE


def _status(decision: Decision | None) -> str:
    return decision.final_status if decision is not None else NONE


def _label(decision: Decision | None) -> str:
    return f" ({decision.label})" if decision is not None else ""


def _number(value: Fraction | None) -> str:
    return exact(value) or NONE


def _score(decision: Decision | None) -> str:
    return _number(decision.final_score) if decision is not None else NONE


def _rank(decision: Decision | None) -> str:
    return str(decision.rank) if decision is not None and decision.rank is not None else NONE


def _placement(decision: Decision | None) -> str:
    return (decision.placement_formation_id or NONE) if decision is not None else NONE


def _stage_score(result: StageResult | None) -> str:
    return _number(result.score) if result is not None else NONE


def _blank(text: str) -> str:
    return "" if text == NONE else text


def _details(result: StageResult | None) -> list[str]:
    if result is None:
        return []
    detail = result.detail
    return [f"{k} {detail[k]}" for k in _DETAIL_KEYS if detail.get(k) is not None]


def _stage_lines(
    result: StageResult | None,
    stage_id: str,
    record: Mapping[str, Any] | None,
    policy: SelectionPolicy | None,
    lang: str,
) -> list[str]:
    """What one run says about one stage, as an explanation says it."""
    if result is None:
        return [_say("missing_stage", lang)]
    if record is None:
        return []
    return stage_lines(record, stage_id, policy=policy, lang=lang)


def _table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
