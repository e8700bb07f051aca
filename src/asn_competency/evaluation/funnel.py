"""The funnel of a run: how many applicants each stage received and passed on, overall, per
formation and per track; and the adverse impact of each stage and of the whole process.

:func:`funnel` reads a run folder: its manifest through the one reader
(:func:`~asn_competency.audit.run_folder.read_manifest`) and its ``results.csv`` (one row per
input candidate row, a ``<stage>.outcome`` column per stage, in the policy's order). A stage
*received* the rows whose outcome there is anything but ``not_reached``; it *passed on* those
whose outcome is ``advanced``. The last step, ``final``, counts every row and those selected
(``selected`` or ``selected_by_optimisation``): the bottom line of the Uniform Guidelines.

The counts are checked against the manifest's (``counts``, written by the run from the same
decisions): a ``results.csv`` that disagrees with its manifest was changed after the run, and
its funnel would not be the run's (``audit.manifest``).

:func:`stage_impact` joins the run's rows to the protected attributes of the candidates file
the run read (by input line: ``results.csv``'s ``row``; the file must be the one whose hash
the manifest recorded, ``audit.input``) and gives, for each stage, the
:func:`~asn_competency.evaluation.impact.adverse_impact` of who passed among those it
received, and for ``final`` that of who was selected among all applicants: the stages and
the bottom line the Uniform Guidelines ask to be evaluated (29 CFR 1607.4D).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from asn_competency.audit.run_folder import RESULTS_FILE, ManifestError, read_manifest
from asn_competency.errors import PolicyError
from asn_competency.evaluation._common import StatisticsError, Table, fail, unknown_key
from asn_competency.evaluation.impact import AdverseImpact, adverse_impact
from asn_competency.files import file_sha256
from asn_competency.files.tables import read_table

__all__ = [
    "SELECTED_STATUSES",
    "Funnel",
    "FunnelRow",
    "StageImpact",
    "funnel",
    "stage_impact",
]

#: The final statuses that count as selected.
SELECTED_STATUSES = frozenset({"selected", "selected_by_optimisation"})

_NOT_REACHED = "not_reached"
_ADVANCED = "advanced"
_OUTCOME = ".outcome"


@dataclass(frozen=True)
class FunnelRow:
    """One step of one scope's funnel. ``scope`` is ``all``, ``formation`` or ``track`` and
    ``group`` the formation or track id (empty for ``all``); ``stage`` a stage id or
    ``final``. ``pass_rate`` is passed/received (``None`` when the stage received nobody);
    ``share_of_applicants`` is passed/applicants of the scope; ``outcomes`` every outcome
    with its count, by name."""

    scope: str
    group: str
    stage: str
    applicants: int
    received: int
    passed: int
    pass_rate: Fraction | None
    share_of_applicants: Fraction | None
    outcomes: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Funnel(Table):
    """A run's funnel: the policy it ran, the stages in order, and the rows of every scope."""

    policy_id: str
    stages: tuple[str, ...]
    rows: tuple[FunnelRow, ...]

    def records(self) -> list[dict[str, object]]:
        """One row per scope and step."""
        return [
            {
                "scope": row.scope,
                "group": row.group,
                "stage": row.stage,
                "applicants": row.applicants,
                "received": row.received,
                "passed": row.passed,
                "pass_rate": row.pass_rate,
                "share_of_applicants": row.share_of_applicants,
                "outcomes": ", ".join(f"{name} {count}" for name, count in row.outcomes),
            }
            for row in self.rows
        ]

    def caption(self) -> str:
        """What the table shows."""
        return f"Funnel of the run of {self.policy_id}"


def _read_results(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.is_file():
        raise fail(
            "audit.missing",
            f"{path} is missing or not a regular file: the run did not finish, or it was removed",
            hint="pass the folder a run wrote",
        )
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            rows = list(reader)
            header = list(reader.fieldnames or [])
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise fail("audit.missing", f"{path} cannot be read ({error})") from None
    for column in ("candidate_id", "formation_id", "track", "final_status"):
        if column not in header:
            raise fail(
                "input.header",
                f"{path} has no {column!r} column: is it the results.csv of a run?",
                value=column,
            )
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise fail("input.syntax", f"{path}:{number} has more cells than the header")
    return header, rows


def _steps(
    scope: str, group: str, stages: Iterable[str], rows: list[dict[str, str]]
) -> list[FunnelRow]:
    applicants = len(rows)
    found = []
    for stage in stages:
        column = stage + _OUTCOME
        tally = Counter(row[column] for row in rows)
        received = applicants - tally.get(_NOT_REACHED, 0)
        passed = tally.get(_ADVANCED, 0)
        found.append(
            _row(
                scope,
                group,
                stage,
                applicants=applicants,
                received=received,
                passed=passed,
                tally=tally,
            )
        )
    tally = Counter(row["final_status"] for row in rows)
    selected = sum(tally[status] for status in SELECTED_STATUSES)
    found.append(
        _row(
            scope,
            group,
            "final",
            applicants=applicants,
            received=applicants,
            passed=selected,
            tally=tally,
        )
    )
    return found


def _row(
    scope: str,
    group: str,
    stage: str,
    *,
    applicants: int,
    received: int,
    passed: int,
    tally: Mapping[str, int],
) -> FunnelRow:
    return FunnelRow(
        scope=scope,
        group=group,
        stage=stage,
        applicants=applicants,
        received=received,
        passed=passed,
        pass_rate=Fraction(passed, received) if received else None,
        share_of_applicants=Fraction(passed, applicants) if applicants else None,
        outcomes=tuple(sorted(tally.items())),
    )


def _check_counts(
    manifest: Mapping[str, Any], stages: Iterable[str], rows: list[dict[str, str]]
) -> None:
    """The outcomes counted in results.csv are those the manifest recorded."""
    recorded = manifest.get("counts")
    if not isinstance(recorded, Mapping):
        raise fail("audit.manifest", "manifest.json has no 'counts' to check results.csv with")
    columns = {stage: stage + _OUTCOME for stage in stages} | {"final": "final_status"}
    for stage, column in columns.items():
        counted = dict(Counter(row[column] for row in rows))
        if recorded.get(stage) != counted:
            raise fail(
                "audit.manifest",
                f"results.csv counts {counted} for {stage!r} where manifest.json records "
                f"{recorded.get(stage)}: the run folder was changed after the run",
                value=stage,
                hint="evaluate the folder as the run wrote it (asn-competency verify checks it)",
            )


def _run(folder: Path) -> tuple[dict[str, Any], tuple[str, ...], list[dict[str, str]]]:
    """A run folder's manifest, stages in order and results rows, checked against each other."""
    try:
        manifest = read_manifest(folder)
    except ManifestError as error:
        raise fail("audit.manifest", error.message) from None
    header, rows = _read_results(folder / RESULTS_FILE)
    stages = tuple(column[: -len(_OUTCOME)] for column in header if column.endswith(_OUTCOME))
    _check_counts(manifest, stages, rows)
    return manifest, stages, rows


def funnel(run_dir: str | Path) -> Funnel:
    """The funnel of the run in ``run_dir``: for the whole run, then each formation, then each
    track (in order of their ids), each stage's applicants received and passed on and the
    final selections. ``audit.*`` errors when the folder is not a complete, unchanged run."""
    manifest, stages, rows = _run(Path(run_dir))
    policy = manifest.get("policy")
    policy_id = str(policy.get("id", "")) if isinstance(policy, Mapping) else ""
    found = _steps("all", "", stages, rows)
    for scope, column in (("formation", "formation_id"), ("track", "track")):
        groups: dict[str, list[dict[str, str]]] = {}
        for row in rows:
            groups.setdefault(row[column], []).append(row)
        for group in sorted(groups):
            found += _steps(scope, group, stages, groups[group])
    return Funnel(policy_id, stages, tuple(found))


@dataclass(frozen=True)
class StageImpact(Table):
    """The adverse impact of each stage of a run (who passed among those the stage received)
    and of the whole process (``final``: who was selected among all applicants), in order."""

    policy_id: str
    tables: tuple[tuple[str, AdverseImpact], ...]

    def __getitem__(self, stage: str) -> AdverseImpact:
        for name, table in self.tables:
            if name == stage:
                return table
        raise unknown_key("stage", stage, self.stages())

    def stages(self) -> tuple[str, ...]:
        """The stages with a table (those that received someone), then ``final``."""
        return tuple(name for name, _ in self.tables)

    def records(self) -> list[dict[str, object]]:
        """One row per stage and group."""
        return [
            {"stage": stage, **record} for stage, table in self.tables for record in table.records()
        ]

    def caption(self) -> str:
        """What the table shows."""
        return f"Adverse impact per stage and on the bottom line, run of {self.policy_id}"

    def note(self) -> str:
        """How to read the table (as :class:`AdverseImpact`'s)."""
        return self.tables[0][1].note() if self.tables else ""


def _candidate_groups(
    manifest: Mapping[str, Any],
    candidates: Path,
    attributes: tuple[str, ...],
    rows: list[dict[str, str]],
) -> dict[str, list[Any]]:
    """Each attribute's label for each results row, read from the run's candidates file."""
    inputs = manifest.get("inputs")
    entry = inputs.get("candidates") if isinstance(inputs, Mapping) else None
    recorded = entry.get("sha256") if isinstance(entry, Mapping) else None
    if not isinstance(recorded, str):
        raise fail("audit.manifest", "manifest.json records no sha256 of the candidates file")
    try:
        if file_sha256(candidates) != recorded:
            raise fail(
                "audit.input",
                f"{candidates} is not the candidates file the run read (its sha256 differs "
                "from the manifest's)",
                hint="pass the candidates file the run read",
            )
        table = read_table(candidates)
    except PolicyError as error:
        raise StatisticsError(error.problems[0]) from None
    except OSError as error:
        raise fail("audit.input", f"{candidates} cannot be read ({error})") from None
    for name in attributes:
        if name not in table.columns:
            raise fail(
                "input.header",
                f"{candidates} has no column {name!r}: the protected attributes are among "
                f"{', '.join(table.columns)}",
                value=name,
            )
    by_line = {row.line: row.values for row in table.rows}
    groups: dict[str, list[Any]] = {name: [] for name in attributes}
    for number, row in enumerate(rows, start=2):
        values = by_line.get(int(row["row"])) if row.get("row", "").isdigit() else None
        if values is None:
            raise fail(
                "audit.input",
                f"results.csv line {number} names input row {row.get('row')!r}, which the "
                "candidates file does not have",
            )
        for name in attributes:
            value = values.get(name)
            groups[name].append(None if value is None or value == "" else value)
    return groups


def stage_impact(
    run_dir: str | Path,
    candidates: str | Path,
    attributes: Sequence[str],
    *,
    intersections: bool = True,
) -> StageImpact:
    """The four-fifths comparison at each stage of the run in ``run_dir`` and on its bottom
    line, by the protected ``attributes`` (columns of ``candidates``, the candidates file the
    run read: its hash must be the manifest's). A stage's applicants are those it received
    (outcome not ``not_reached``), selected if ``advanced``; ``final`` takes every row,
    selected if its final status is ``selected`` or ``selected_by_optimisation``. Applicants
    whose attribute is empty are their own row (:func:`adverse_impact`). Needs scipy."""
    manifest, stages, rows = _run(Path(run_dir))
    names = tuple(dict.fromkeys(str(name) for name in attributes))
    if not names:
        raise fail("stats.too-few", "stage_impact needs at least one protected attribute")
    groups = _candidate_groups(manifest, Path(candidates), names, rows)
    tables: list[tuple[str, AdverseImpact]] = []
    for stage in stages:
        column = stage + _OUTCOME
        received = [i for i, row in enumerate(rows) if row[column] != _NOT_REACHED]
        if not received:
            continue
        outcomes = [rows[i][column] == _ADVANCED for i in received]
        labels = {name: [groups[name][i] for i in received] for name in names}
        tables.append((stage, adverse_impact(outcomes, labels, intersections=intersections)))
    if rows:
        outcomes = [row["final_status"] in SELECTED_STATUSES for row in rows]
        tables.append(("final", adverse_impact(outcomes, groups, intersections=intersections)))
    policy = manifest.get("policy")
    policy_id = str(policy.get("id", "")) if isinstance(policy, Mapping) else ""
    return StageImpact(policy_id, tuple(tables))
