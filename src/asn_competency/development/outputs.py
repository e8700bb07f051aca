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
import html
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from asn_competency._version import __version__
from asn_competency.audit.ledger import GENESIS, chain_hash, fact_record, plain, record_json
from asn_competency.development.cohort import CohortTable, cohort_needs
from asn_competency.development.documents import check_documents
from asn_competency.development.gaps import GapProfile, GapTable, gaps
from asn_competency.development.inputs import AssessmentTable, PerformanceTable
from asn_competency.development.plans import Plan, PlanTable, plans
from asn_competency.development.talent import NineBoxTable, Placement, nine_box
from asn_competency.development.words import DevelopmentVoice
from asn_competency.errors import Problem
from asn_competency.files.csv_cells import csv_cell
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
    :class:`~asn_competency.errors.PolicyError` when the documents do not fit together."""
    check_documents(policy, standard, catalogue)
    table = gaps(assessments, standard, policy, as_of)
    when = table.profiles[0].as_of if table.profiles else (as_of or policy.as_of)
    if when is None:
        raise TypeError("pass as_of: the policy declares no as_of date")
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


_STYLE = """
body{font-family:sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #bbb;padding:.3em .5em;text-align:center}
th{background:#eee}
td.s0{background:#d8efd8}td.s1{background:#fbe7b5}td.s2{background:#f4b6b0}
td.na{background:#ddd;color:#666}
td.box{width:12em;height:5em;vertical-align:top;text-align:left}
.n{font-weight:bold;font-size:1.2em}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(plain(value)), quote=True)


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

    def say(self, fact: Fact) -> str:
        """A fact in both languages, escaped."""
        return (
            f"{_e(self.indonesian.say(fact))}<br>"
            f'<small lang="en">{_e(self.english.say(fact))}</small>'
        )


def _heatmap(result: Development) -> str:
    rows = result.gaps.profiles
    if not rows:
        return "<p>Tidak ada pegawai yang dinilai / no one assessed.</p>"
    heads = "".join(
        f"<th>{_e(r.competency)}<br><small>{_e(r.factor)}, {r.target}</small></th>"
        for r in rows[0].rows
    )
    body = []
    for profile in rows:
        cells = []
        for r in profile.rows:
            if r.level is None:
                cells.append('<td class="na">–</td>')
            else:
                shade = "s0" if not r.shortfall else ("s1" if r.shortfall == 1 else "s2")
                cells.append(f'<td class="{shade}">{r.level}</td>')
        jpm = "–" if profile.jpm is None else f"{float(profile.jpm):.2f}"
        body.append(
            f"<tr><th>{_e(profile.employee_id)}</th>{''.join(cells)}"
            f"<td>{_e(jpm)}</td><td>{_e(profile.band)}</td></tr>"
        )
    return (
        f"<table><tr><th>pegawai / employee</th>{heads}<th>JPM %</th><th>band</th></tr>"
        + "".join(body)
        + "</table>"
    )


def _grid(talent: NineBoxTable | None, policy: DevelopmentPolicy, words: _Words) -> str:
    if talent is None:
        return "<p>Tanpa nilai SKP / no SKP ratings given.</p>"
    pool = talent.pool()
    numbering = policy.nine_box.numbering
    heads = "".join(f"<th>{_e(p)}</th>" for p in PERFORMANCE_AXIS)
    rows = []
    for potential in reversed(POTENTIAL_AXIS):
        cells = []
        for performance in PERFORMANCE_AXIS:
            number = numbering[f"{performance}-{potential}"]  # type: ignore[index]
            names = "<br>".join(_e(e) for e in pool[number])
            cells.append(f'<td class="box"><span class="n">{number}</span><br>{names}</td>')
        rows.append(f"<tr><th>{_e(potential)}</th>{''.join(cells)}</tr>")
    unplaced = talent.unplaced()
    note = ""
    if unplaced:
        listed = "".join(f"<li>{_e(p.employee_id)}: {words.say(p.reason)}</li>" for p in unplaced)
        note = f"<p>Tanpa kotak / no box:</p><ul>{listed}</ul>"
    return (
        f"<table><tr><th>potensi \\ kinerja<br>potential \\ performance</th>{heads}</tr>"
        + "".join(rows)
        + "</table>"
        + note
    )


def _plans(result: Development, words: _Words) -> str:
    rows = []
    for plan in result.plans.plans:
        programmes = "".join(
            f"<li>{_e(p.programme)} ({p.hours} JP): {words.say(p.reason)}</li>"
            for p in plan.programmes
        )
        notes = "".join(f"<li>{words.say(n)}</li>" for n in plan.notes)
        rows.append(
            f"<tr><th>{_e(plan.employee_id)}</th><td>{_e(plan.status)}</td><td>{plan.hours} / "
            f'{plan.min_jp}</td><td>{_e(plan.cost)}</td><td style="text-align:left">'
            f'<ul>{programmes}</ul></td><td style="text-align:left"><ul>{notes}</ul></td></tr>'
        )
    return (
        "<table><tr><th>pegawai / employee</th><th>status</th><th>JP / minimum</th>"
        "<th>biaya / cost (Rp)</th><th>program dan alasannya / programmes and why</th>"
        "<th>catatan / notes</th></tr>" + "".join(rows) + "</table>"
    )


def _needs(cohort: CohortTable, words: _Words) -> str:
    rows = []
    for need in cohort.needs:
        share = "–" if need.share is None else f"{float(need.share) * 100:.1f}%"
        programmes = ", ".join(f"{_e(pid)} ({count})" for pid, count in need.programmes)
        rows.append(
            f"<tr><th>{_e(need.competency)}</th><td>{need.below} / {need.assessed}</td>"
            f"<td>{_e(share)}</td><td>{'ya / yes' if need.needs_programme else ''}</td>"
            f'<td>{programmes}</td><td style="text-align:left">{words.say(need.reason)}</td></tr>'
        )
    return (
        "<table><tr><th>kompetensi / competency</th><th>di bawah standar / below</th>"
        "<th>%</th><th>program kelompok / cohort programme</th><th>program (orang / people)"
        "</th><th>alasan / why</th></tr>" + "".join(rows) + "</table>"
    )


def summary_html(result: Development) -> str:
    """One self-contained HTML page: the gap heatmap, the nine-box grid, the plans and the
    cohort's needs, with the documents' ids and hashes; every reason in words, Indonesian
    with English beneath (the audit catalogue's, through :class:`DevelopmentVoice`), never
    a code. Every text is escaped."""
    documents = _documents(result)
    words = _Words.of(result)
    listed = "".join(
        f"<li>{_e(kind)}: {_e(d['id'])} <code>{_e(d['hash'])}</code></li>"
        for kind, d in documents.items()
    )
    threshold = f"{float(result.policy.cohort.share_above) * 100:g}%"
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        f"<title>Pengembangan kompetensi / Competency development: {_e(result.policy.id)}"
        f"</title><style>{_STYLE}</style></head><body>"
        f"<h1>Pengembangan kompetensi / Competency development</h1>"
        f"<p>{_e(result.policy.name.id)}; per / as of {_e(result.as_of)}</p><ul>{listed}</ul>"
        "<h2>Kesenjangan kompetensi / Competency gaps</h2>"
        "<p>Tingkat yang dinilai; hijau memenuhi standar, kuning kurang 1 tingkat, merah kurang "
        "2 tingkat atau lebih / assessed level; green meets the standard, yellow one level "
        "short, red two or more.</p>"
        + _heatmap(result)
        + "<h2>Pemetaan talenta / Nine-box</h2>"
        + _grid(result.talent, result.policy, words)
        + "<h2>Rencana pengembangan / Development plans</h2>"
        + _plans(result, words)
        + f"<h2>Kebutuhan kelompok / Cohort needs (lebih dari / more than {_e(threshold)})</h2>"
        + _needs(result.cohort, words)
        + "</body></html>\n"
    )
