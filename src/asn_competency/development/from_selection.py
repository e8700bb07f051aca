"""Assessments from a selection: the levels the interview gave those who were selected.

A selection policy's rating stage whose criteria are competencies of the position standard
(the shipped Gayungan policy's ``wawancara``: criterion id = competency id, three raters,
median, rounded to whole levels) records, in each decision record, the level it aggregated
for every criterion (``detail.aggregated``). Those levels are the first entry of each hired
person's assessment history (``source`` ``seleksi``), dated on the selection's as-of date,
with the raters as the assessor. Only selected candidates (``selected``,
``selected_by_optimisation``) are taken: the others were not hired.

The records are read from a run folder's ledger as written; verify the run first
(``asn-competency verify``) when it was not just made.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from asn_competency.audit.run_folder import records_of
from asn_competency.development.inputs import ASSESSMENT_COLUMNS
from asn_competency.files.csv_cells import csv_cell
from asn_competency.model import PositionStandard

__all__ = ["HIRED", "interview_assessments", "write_assessments"]

#: The final statuses of the candidates who were hired.
HIRED = ("selected", "selected_by_optimisation")


def interview_assessments(
    ledger: Path,
    standard: PositionStandard,
    *,
    stage: str,
    criteria: Mapping[str, str] | None = None,
) -> Iterator[dict[str, str]]:
    """Assessment rows (as :func:`~asn_competency.development.read_assessments` reads them)
    for every hired candidate in ``ledger``: one per criterion of the rating stage ``stage``
    that is a competency of ``standard`` (``criteria`` maps criterion ids to competency ids
    when they differ), the aggregated level as the record holds it, dated on the run's as-of
    date. A level that is not a whole number comes out as written, for the reader to refuse
    (``input.type``)."""
    required = {r.competency for r in standard.requirements}
    mapping = dict(criteria) if criteria is not None else {c: c for c in required}
    for _, record in records_of(ledger):
        if record.get("final_status") not in HIRED:
            continue
        detail = _stage_detail(record, stage)
        aggregated = detail.get("aggregated") if detail else None
        if not isinstance(aggregated, dict):
            continue
        raters = detail.get("raters") if detail else None
        for criterion, level in sorted(aggregated.items()):
            competency = mapping.get(criterion)
            if competency is None or competency not in required:
                continue
            who = raters.get(criterion, []) if isinstance(raters, dict) else []
            yield {
                "employee_id": str(record.get("candidate_id")),
                "competency": competency,
                "level": str(level),
                "date": str(record.get("as_of")),
                "source": "seleksi",
                "assessor": f"{stage}: " + ", ".join(map(str, who)),
            }


def _stage_detail(record: Mapping[str, Any], stage: str) -> Mapping[str, Any] | None:
    for item in record.get("stages") or ():
        if isinstance(item, dict) and item.get("stage_id") == stage:
            detail = item.get("detail")
            return detail if isinstance(detail, dict) else None
    return None


def write_assessments(rows: Iterable[Mapping[str, str]], path: Path) -> int:
    """Write assessment rows as an assessments CSV (:data:`ASSESSMENT_COLUMNS`, text cells safe
    in a spreadsheet; the file must not exist); return the number of rows."""
    count = 0
    with path.open("x", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(ASSESSMENT_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: csv_cell(row[c]) for c in ASSESSMENT_COLUMNS})
            count += 1
    return count
