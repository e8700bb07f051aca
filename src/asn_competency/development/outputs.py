"""A development review as outputs: the whole computation, its hash-chained records, its
tables as CSV text and an HTML summary that opens offline.

:func:`develop` runs every computation of the layer on one set of inputs (the three documents
checked together, gaps on the as-of date, plans, cohort needs, the nine-box when SKP ratings
are given). From its result:

- :func:`records` gives the records, one per person (sorted by employee id) and one for the
  cohort, last; each holds what an auditor needs to re-check it (the documents' ids and
  content hashes, the gaps with the dates of the assessments in force, JPM and band, the plan
  with every programme's coded reason, the nine-box and the inputs that decided it) and is
  chained to the one before as the selection's ledger is
  (:func:`~asn_competency.audit.ledger.chain_hash`: ``hash = sha256(prev_hash + canonical
  JSON of the record without 'hash')``, the first ``prev_hash`` 64 zeros);
- :func:`verify_records` checks a ledger's lines against a fresh computation: spelling,
  chain and content (``audit.record``, ``audit.chain``, ``audit.mismatch``);
- :func:`plans_csv`, :func:`cohort_csv`, :func:`talent_csv` give the tables' text, every text
  cell safe to open in a spreadsheet (:func:`~asn_competency.files.csv_cells.csv_cell`);
- :func:`summary_html` gives one self-contained page: the gap heatmap, the nine-box grid, the
  plans and the cohort's needs (no script, no external file).

Records hold codes and values; the words are the audit catalogue's, at presentation time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn_competency._version import __version__
from asn_competency.audit.ledger import GENESIS, chain_hash, fact_record, plain, record_json
from asn_competency.development.cohort import CohortTable, cohort_needs
from asn_competency.development.documents import check_documents
from asn_competency.development.gaps import GapProfile, GapTable, as_of_date, gaps
from asn_competency.development.inputs import AssessmentTable, PerformanceTable
from asn_competency.development.plans import Plan, PlanTable, plans
from asn_competency.development.talent import NineBoxTable, Placement, nine_box
from asn_competency.development.words import DevelopmentVoice
from asn_competency.errors import Problem
from asn_competency.files.csv_cells import csv_cell
from asn_competency.files.html import render_page
from asn_competency.model import PositionStandard, document_hash
from asn_competency.model.development_policy import (
    PERFORMANCE_AXIS,
    POTENTIAL_AXIS,
    DevelopmentPolicy,
)
from asn_competency.model.outcomes import Fact
from asn_competency.model.training_catalog import TrainingCatalog

__all__ = [
    "RECORD_FORMAT",
    "Development",
    "cohort_csv",
    "develop",
    "plans_csv",
    "records",
    "summary_html",
    "talent_csv",
    "verify_records",
]

#: Name and version of the development record format.
RECORD_FORMAT = "development/v1"


@dataclass(frozen=True)
class Development:
    """Every result of one development review, and the documents it read."""

    policy: DevelopmentPolicy
    standard: PositionStandard
    catalogue: TrainingCatalog
    as_of: dt.date
    gaps: GapTable
    plans: PlanTable
    cohort: CohortTable
    talent: NineBoxTable | None


def develop(
    policy: DevelopmentPolicy,
    standard: PositionStandard,
    catalogue: TrainingCatalog,
    assessments: AssessmentTable,
    performance: PerformanceTable | None = None,
    *,
    as_of: dt.date | None = None,
    period: int | None = None,
) -> Development:
    """The whole review of every assessed employee on ``as_of`` (the policy's by default):
    gaps, plans and cohort needs, and the nine-box from the SKP of ``period`` (by default the
    year before ``as_of``) when ``performance`` is given. Raises
    :class:`~asn_competency.errors.PolicyError` when the documents do not fit together, or
    when there is no as-of date (``param.no-value``)."""
    check_documents(policy, standard, catalogue)
    when = as_of_date(policy, as_of)
    table = gaps(assessments, standard, policy, when)
    talent = None if performance is None else nine_box(table.profiles, performance, policy, period)
    return Development(
        policy,
        standard,
        catalogue,
        when,
        table,
        plans(table, policy, standard, catalogue),
        cohort_needs(table.profiles, policy, standard, catalogue),
        talent,
    )


def _documents(result: Development) -> dict[str, Any]:
    return {
        "policy": {"id": result.policy.id, "hash": document_hash(result.policy)},
        "standard": {"id": result.standard.id, "hash": document_hash(result.standard)},
        "catalogue": {"id": result.catalogue.id, "hash": document_hash(result.catalogue)},
    }


def _person(
    profile: GapProfile, plan: Plan, placement: Placement | None, common: Mapping[str, Any]
) -> dict[str, Any]:
    talent = None
    if placement is not None:
        talent = {
            "box": placement.box,
            "box_name": placement.box_name,
            "performance": placement.performance,
            "potential": placement.potential,
            "rating": placement.rating,
            "period": placement.period,
            "reason": fact_record(placement.reason),
        }
    return {
        **common,
        "record": "person",
        "employee_id": profile.employee_id,
        "gaps": [
            {
                "competency": r.competency,
                "factor": r.factor,
                "target": r.target,
                "level": r.level,
                "assessed_on": plain(r.assessed_on),
                "shortfall": r.shortfall,
            }
            for r in profile.rows
        ],
        "jpm": plain(profile.jpm),
        "band": profile.band,
        "plan": {
            "status": plan.status,
            "hours": plan.hours,
            "cost": plain(plan.cost),
            "min_jp": plan.min_jp,
            "programmes": [
                {
                    "programme": p.programme,
                    "hours": p.hours,
                    "cost": plain(p.cost),
                    "mode": p.mode,
                    "provider": p.provider,
                    "reason": fact_record(p.reason),
                }
                for p in plan.programmes
            ],
            "levels_after": dict(plan.levels_after),
            "notes": [fact_record(n) for n in plan.notes],
        },
        "talent": talent,
    }


def _cohort(cohort: CohortTable, common: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **common,
        "record": "cohort",
        "employee_id": None,
        "size": cohort.size,
        "needs": [
            {
                "competency": n.competency,
                "factor": n.factor,
                "target": n.target,
                "assessed": n.assessed,
                "below": n.below,
                "not_assessed": n.not_assessed,
                "share": plain(n.share),
                "needs_programme": n.needs_programme,
                "programmes": [[pid, count] for pid, count in n.programmes],
                "members_below": list(n.members_below),
                "reason": fact_record(n.reason),
            }
            for n in cohort.needs
        ],
    }


def records(result: Development) -> Iterator[dict[str, Any]]:
    """The review's records in canonical order (each person by employee id, then the cohort),
    each with ``seq``, ``prev_hash`` and ``hash``."""
    common = {
        "record_format": RECORD_FORMAT,
        "as_of": result.as_of.isoformat(),
        "library_version": __version__,
        **_documents(result),
    }
    placements = {p.employee_id: p for p in result.talent.placements} if result.talent else {}
    bodies = [
        _person(profile, plan, placements.get(profile.employee_id), common)
        for profile, plan in zip(result.gaps.profiles, result.plans.plans, strict=True)
    ]
    bodies.append(_cohort(result.cohort, common))
    previous = GENESIS
    for seq, body in enumerate(bodies, start=1):
        record = {**body, "seq": seq, "prev_hash": previous}
        record["hash"] = chain_hash(previous, record)
        previous = record["hash"]
        yield record


def ledger_text(result: Development) -> str:
    """The records as the ledger's text: one canonical JSON line each."""
    return "".join(record_json(r).decode("utf-8") + "\n" for r in records(result))


def verify_records(
    lines: Iterable[str], result: Development | None, *, file: str | None = None
) -> list[Problem]:
    """Every problem of a ledger's lines against a fresh computation ``result``: a line that
    is not a record in its canonical spelling (``audit.record``), a broken chain
    (``audit.chain``), a record that differs from the recomputed one or one too many or too
    few (``audit.mismatch``). An empty list when the ledger is exactly the review's. Without
    ``result``, the spelling and the chain only."""
    expected = list(records(result)) if result is not None else None
    problems: list[Problem] = []
    previous = GENESIS
    count = 0
    for number, line in enumerate(lines, start=1):
        count = number
        try:
            record = json.loads(line)
        except ValueError:
            problems.append(Problem("audit.record", "the line is not JSON", file=file, line=number))
            continue
        if not isinstance(record, dict) or record_json(record).decode("utf-8") + "\n" != line:
            problems.append(
                Problem(
                    "audit.record",
                    "the line is not a record in its canonical spelling (sorted keys, no "
                    "spaces, one line feed)",
                    file=file,
                    line=number,
                )
            )
            if isinstance(record, dict):  # the chain goes on from the hash it claims
                previous = str(record.get("hash"))
            continue
        if record.get("prev_hash") != previous or record.get("hash") != chain_hash(
            previous, record
        ):
            problems.append(
                Problem(
                    "audit.chain",
                    f"record {number} does not chain to the one before it",
                    file=file,
                    line=number,
                    hint="a record was changed, removed or moved",
                )
            )
        previous = str(record.get("hash"))
        if expected is None:
            continue
        if number > len(expected) or record != expected[number - 1]:
            who = record.get("employee_id") or record.get("record")
            problems.append(
                Problem(
                    "audit.mismatch",
                    f"record {number} ({who}) differs from the review recomputed from the inputs",
                    file=file,
                    line=number,
                    value=who,
                )
            )
    if expected is not None and count < len(expected):
        problems.append(
            Problem(
                "audit.mismatch",
                f"the ledger holds {count} records; the review has {len(expected)}",
                file=file,
                line=count + 1,
            )
        )
    return problems


def _csv(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c)) for c in columns})
    return stream.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = plain(value)
    if isinstance(text, list):
        return csv_cell(";".join(str(plain(v)) for v in text))
    return csv_cell(str(text))


def plans_csv(result: Development) -> str:
    """``plans.csv``: one row per planned programme (a person with none: one row without)."""
    return _csv(PlanTable.COLUMNS, result.plans.records())


def cohort_csv(result: Development) -> str:
    """``cohort.csv``: one row per competency of the standard, core factors first."""
    return _csv(CohortTable.COLUMNS, result.cohort.records())


def talent_csv(result: Development) -> str:
    """``talent.csv``: one row per person (empty of placements without SKP ratings)."""
    return _csv(NineBoxTable.COLUMNS, result.talent.records() if result.talent else [])


#: The development layer's page templates.
_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _text(value: object) -> str:
    return "" if value is None else str(plain(value))


@dataclass(frozen=True)
class _Words:
    """The catalogue's words for the page: Indonesian first, English beneath."""

    indonesian: DevelopmentVoice
    english: DevelopmentVoice

    @classmethod
    def of(cls, result: Development) -> _Words:
        voices = (
            DevelopmentVoice(
                lang,
                policy=result.policy,
                standard=result.standard,
                catalogue=result.catalogue,
            )
            for lang in ("id", "en")
        )
        return cls(*voices)

    def say(self, fact: Fact) -> tuple[str, str]:
        """A fact in both languages: (Indonesian, English)."""
        return self.indonesian.say(fact), self.english.say(fact)


def _heatmap(result: Development) -> dict[str, Any]:
    """The heatmap's columns (competency, factor, target) and one row per person: each
    assessed level with its shade (the levels short of the target, 2 for two or more;
    ``none`` without an assessment), the JPM to two places and the band."""
    profiles = result.gaps.profiles
    heads = [(r.competency, r.factor, r.target) for r in profiles[0].rows] if profiles else []
    rows = []
    for profile in profiles:
        cells = [
            (r.level, "none" if r.level is None else str(min(r.shortfall or 0, 2)))
            for r in profile.rows
        ]
        jpm = "–" if profile.jpm is None else f"{float(profile.jpm):.2f}"
        rows.append(
            {
                "employee_id": profile.employee_id,
                "cells": cells,
                "jpm": jpm,
                "band": _text(profile.band),
            }
        )
    return {"heads": heads, "rows": rows}


def _grid(
    talent: NineBoxTable | None, policy: DevelopmentPolicy, words: _Words
) -> dict[str, Any] | None:
    """The nine-box grid, high potential first and performance from below to above: each
    box's number and the people in it; and those without a box, with the reason."""
    if talent is None:
        return None
    pool = talent.pool()
    numbering = policy.nine_box.numbering
    rows = []
    for potential in reversed(POTENTIAL_AXIS):
        cells = []
        for performance in PERFORMANCE_AXIS:
            number = numbering[f"{performance}-{potential}"]  # type: ignore[index]
            cells.append((number, [_text(e) for e in pool[number]]))
        rows.append((potential, cells))
    unplaced = [(p.employee_id, words.say(p.reason)) for p in talent.unplaced()]
    return {"heads": list(PERFORMANCE_AXIS), "rows": rows, "unplaced": unplaced}


def _plans(result: Development, words: _Words) -> list[dict[str, Any]]:
    return [
        {
            "employee_id": plan.employee_id,
            "status": plan.status,
            "hours": plan.hours,
            "min_jp": plan.min_jp,
            "cost": _text(plan.cost),
            "programmes": [(p.programme, p.hours, words.say(p.reason)) for p in plan.programmes],
            "notes": [words.say(n) for n in plan.notes],
        }
        for plan in result.plans.plans
    ]


def _needs(cohort: CohortTable, words: _Words) -> list[dict[str, Any]]:
    return [
        {
            "competency": need.competency,
            "below": need.below,
            "assessed": need.assessed,
            "share": "–" if need.share is None else f"{float(need.share) * 100:.1f}%",
            "needs_programme": need.needs_programme,
            "programmes": ", ".join(f"{pid} ({count})" for pid, count in need.programmes),
            "reason": words.say(need.reason),
        }
        for need in cohort.needs
    ]


def summary_html(result: Development) -> str:
    """One self-contained HTML page from the library's one renderer
    (:func:`~asn_competency.files.html.render_page`, this layer's
    ``templates/summary.html.j2``; no script, nothing fetched): the gap heatmap, the nine-box
    grid, the plans and the cohort's needs, with the documents' ids and hashes; every reason
    in words, Indonesian with English beneath (the audit catalogue's, through
    :class:`DevelopmentVoice`), never a code. Every text is escaped by the renderer."""
    words = _Words.of(result)
    documents = [(kind, d["id"], d["hash"]) for kind, d in _documents(result).items()]
    return render_page(
        "summary.html.j2",
        folders=[_TEMPLATES],
        lang="id",
        title=f"Pengembangan kompetensi / Competency development: {result.policy.id}",
        policy_name=result.policy.name.id,
        as_of=result.as_of.isoformat(),
        documents=documents,
        heatmap=_heatmap(result),
        grid=_grid(result.talent, result.policy, words),
        plans=_plans(result, words),
        needs=_needs(result.cohort, words),
        threshold=f"{float(result.policy.cohort.share_above) * 100:g}%",
    )
