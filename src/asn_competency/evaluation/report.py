"""The evaluation of one cycle as data: everything the ``evaluate`` command reports.

:func:`evaluate_cycle` reads a run folder (and, when given, the development folder of those
hired, a performance table of their later SKP ratings and an evaluation policy) and gives a
:class:`CycleReport`:

- the funnel (:func:`~asn_competency.evaluation.funnel.funnel`);
- the adverse impact of each stage and of the bottom line by every protected attribute the
  run's selection policy declares and by every pair of them (gender × region of origin: a
  process can be fair to women and to a region and not to the women of that region), small
  groups marked (:func:`~asn_competency.evaluation.funnel.stage_impact`, with the
  candidates file the run read); the facts recommendations read count the attributes' own
  groups, the intersections are reported and drawn beside them;
- each stage's scores, those passed on and those not, with the lowest score passed on;
- each rating panel's agreement: the raters' totals per applicant (the sum of their criterion
  scores) as a targets × raters matrix of the applicants every rater rated, the six ICCs and
  each rater's drift (:func:`~asn_competency.evaluation.reliability.icc`,
  :func:`~asn_competency.evaluation.reliability.rater_drift`);
- the development folder's cohort shares, gaps and nine-box placements, when given;
- predictive validity, when a performance table is given: the final score of each hire
  against their latest SKP rating on its ordered scale (sangat_kurang 1 … sangat_baik 5);
- the recommendations of the evaluation policy that fire, with their evidence
  (:mod:`.recommend`).

What could not be computed is said in :attr:`CycleReport.notes`, never left out silently.
Every input the run read is checked against the hash its manifest recorded (``audit.input``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from asn_competency.audit.run_folder import RESULTS_FILE, ManifestError, read_manifest
from asn_competency.development.inputs import read_performance
from asn_competency.errors import ParameterError, PolicyError
from asn_competency.evaluation._common import StatisticsError, fail
from asn_competency.evaluation.funnel import SELECTED_STATUSES, Funnel, StageImpact, funnel
from asn_competency.evaluation.funnel import stage_impact as stage_impact_of
from asn_competency.evaluation.impact import AdverseImpact
from asn_competency.evaluation.recommend import Recommendations, recommend
from asn_competency.evaluation.reliability import IccResult, RaterDrift, icc, rater_drift
from asn_competency.evaluation.validity import Correlations, correlations
from asn_competency.expressions.data import exact
from asn_competency.files import file_sha256
from asn_competency.files.tables import read_table
from asn_competency.model import ParameterRef, SelectionPolicy, TestStage
from asn_competency.model import load as load_document
from asn_competency.model.development_policy import SKP_RATINGS
from asn_competency.model.evaluation_policy import EvaluationPolicy, Subject
from asn_competency.model.load import document_hash

__all__ = [
    "CycleReport",
    "DevelopmentView",
    "Panel",
    "StageScores",
    "evaluate_cycle",
    "plain_value",
]

#: The SKP ratings on their ordered scale, for correlations: sangat_kurang 1 … sangat_baik 5.
SKP_SCALE: Mapping[str, int] = {r: len(SKP_RATINGS) - i for i, r in enumerate(SKP_RATINGS)}


@dataclass(frozen=True)
class StageScores:
    """One stage's scores, or one test component's (``stage.field``), exact: of those the
    stage passed on and of the others it received."""

    stage: str
    passed: tuple[Fraction, ...]
    not_passed: tuple[Fraction, ...]
    #: The thresholds the policy declares on these scores: (what, value), e.g. a test
    #: component's pass minimum in force on the run's as-of date.
    thresholds: tuple[tuple[str, Fraction], ...] = ()

    @property
    def lowest_passed(self) -> Fraction | None:
        """The lowest score passed on: the cut the stage applied, as observed."""
        return min(self.passed) if self.passed else None


@dataclass(frozen=True)
class Panel:
    """A rating stage's panel: who rated, how many applicants all of them rated, and how
    well they agreed (``None`` with a ``note`` when it could not be measured)."""

    stage: str
    raters: tuple[str, ...]
    targets: int
    incomplete: int
    agreement: IccResult | None
    drift: RaterDrift | None
    matrix: tuple[tuple[Fraction | None, ...], ...] = field(repr=False)
    note: str = ""

    def form(self, name: str) -> Fraction | None:
        """The value of one ICC form (``"ICC(2,1)"``), or ``None``."""
        if self.agreement is None:
            return None
        for found in self.agreement.forms:
            if found.form == name:
                return found.value
        return None


@dataclass(frozen=True)
class DevelopmentView:
    """What a development folder says of those hired: the cohort's shares below standard,
    each person's shortfall per competency, and the nine-box placements."""

    folder: str
    cohort: tuple[Mapping[str, str], ...]
    gaps: tuple[tuple[str, str, int], ...]
    talent: tuple[Mapping[str, str], ...]


@dataclass(frozen=True)
class CycleReport:
    """The evaluation of one run (see the module's docstring)."""

    run_dir: str
    policy_id: str
    manifest_hash: str
    funnel: Funnel
    attributes: tuple[str, ...]
    impact: StageImpact | None
    scores: tuple[StageScores, ...]
    panels: tuple[Panel, ...]
    development: DevelopmentView | None
    validity: Correlations | None
    evaluation_policy: EvaluationPolicy | None
    recommendations: Recommendations | None
    notes: tuple[str, ...]

    def facts(self) -> dict[Subject, list[tuple[str, dict[str, Any]]]]:
        """The facts recommendations read, per subject: ``(name, facts)`` in order."""
        return _facts(self)

    def tables(self) -> dict[str, list[dict[str, object]]]:
        """The report's numbers as tables (one CSV each), exact numbers as exact text."""
        return _tables(self)

    def data(self) -> dict[str, object]:
        """The report as plain JSON data (exact numbers as text, as in the CSVs)."""
        return {
            "format": "evaluation-report/v1",
            "run": {
                "folder": self.run_dir,
                "policy": self.policy_id,
                "manifest_hash": self.manifest_hash,
            },
            "attributes": list(self.attributes),
            "facts": {
                subject: [{"about": about, **plain_value(values)} for about, values in items]
                for subject, items in self.facts().items()
            },
            **{name: plain_value(rows) for name, rows in self.tables().items()},
            "notes": list(self.notes),
        }


def plain_value(value: Any) -> Any:
    """``value`` as JSON data: fractions exactly (a decimal or ``p/q``), floats as they are,
    pairs (intervals) as lists."""
    if isinstance(value, Fraction):
        return exact(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    return value


def _number(text: str) -> Fraction | None:
    if not text:
        return None
    try:
        return Fraction(Decimal(text))
    except (InvalidOperation, ValueError):
        return None


def _results(run: Path) -> tuple[dict[str, Any], list[str], list[dict[str, str]]]:
    try:
        manifest = read_manifest(run)
    except ManifestError as error:
        raise fail("audit.manifest", error.message) from None
    with (run / RESULTS_FILE).open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
        header = list(reader.fieldnames or [])
    stages = [c[: -len(".outcome")] for c in header if c.endswith(".outcome")]
    return manifest, stages, rows


def _input(manifest: Mapping[str, Any], name: str, given: str | Path | None) -> Path | None:
    """An input the run read: the file given, else the manifest's; ``audit.input`` when its
    hash is not the manifest's; ``None`` when the run read none."""
    inputs = manifest.get("inputs")
    entry = inputs.get(name) if isinstance(inputs, Mapping) else None
    if not isinstance(entry, Mapping):
        return None
    path = Path(given) if given is not None else Path(str(entry.get("file", "")))
    recorded = entry.get("sha256")
    try:
        found = file_sha256(path)
    except OSError as error:
        raise fail(
            "audit.input",
            f"{path}, the {name} file the run read, cannot be read ({error.strerror})",
            hint=f"pass it with --{name}",
        ) from None
    if found != recorded:
        raise fail(
            "audit.input",
            f"{path} is not the {name} file the run read (its sha256 differs from the manifest's)",
            hint=f"pass the {name} file the run read with --{name}",
        )
    return path


def _stage_scores(stages: Sequence[str], rows: Sequence[Mapping[str, str]]) -> list[StageScores]:
    found = []
    for stage in stages:
        passed: list[Fraction] = []
        others: list[Fraction] = []
        for row in rows:
            score = _number(row.get(f"{stage}.score", ""))
            outcome = row.get(f"{stage}.outcome", "")
            if score is None or outcome == "not_reached":
                continue
            (passed if outcome == "advanced" else others).append(score)
        if passed or others:
            found.append(StageScores(stage, tuple(sorted(passed)), tuple(sorted(others))))
    return found


def _panels(ratings: Path) -> list[Panel]:
    totals: dict[str, dict[str, dict[str, Fraction]]] = {}
    with ratings.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        missing = [
            c
            for c in ("candidate_id", "stage_id", "rater_id", "score")
            if c not in (reader.fieldnames or ())
        ]
        if missing:
            raise fail(
                "input.header",
                f"{ratings} has no {missing[0]!r} column: is it the ratings file of the run?",
                value=missing[0],
            )
        for row in reader:
            score = _number(row.get("score") or "")
            stage, candidate, rater = (
                row.get("stage_id"),
                row.get("candidate_id"),
                row.get("rater_id"),
            )
            if score is None or not stage or not candidate or not rater:
                continue
            cell = totals.setdefault(stage, {}).setdefault(candidate, {})
            cell[rater] = cell.get(rater, Fraction(0)) + score
    panels = []
    for stage in sorted(totals):
        by_candidate = totals[stage]
        raters = tuple(sorted({r for cell in by_candidate.values() for r in cell}))
        matrix = tuple(tuple(by_candidate[c].get(r) for r in raters) for c in sorted(by_candidate))
        complete = [list(row) for row in matrix if all(v is not None for v in row)]
        agreement: IccResult | None = None
        drift: RaterDrift | None = None
        note = ""
        try:
            agreement = icc(complete)
            drift = rater_drift([list(row) for row in matrix], raters=list(raters))
        except StatisticsError as error:
            note = "; ".join(f"{p.code}: {p.message}" for p in error.problems)
        panels.append(
            Panel(
                stage,
                raters,
                len(complete),
                len(matrix) - len(complete),
                agreement,
                drift,
                matrix,
                note,
            )
        )
    return panels


def _csv_rows(path: Path) -> tuple[dict[str, str], ...]:
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return tuple(dict(row) for row in csv.DictReader(stream))


def _development(folder: Path) -> DevelopmentView:
    out = folder / "output" if (folder / "output" / "manifest.json").is_file() else folder
    if not (out / "manifest.json").is_file():
        raise fail(
            "file.not-found",
            f"{folder} is not a development folder: no manifest.json in it or in its output/",
            hint="pass the folder `asn-competency develop --out` wrote",
        )
    gaps: list[tuple[str, str, int]] = []
    ledger = out / "development.jsonl"
    if ledger.is_file():
        for number, line in enumerate(ledger.read_text(encoding="utf-8").splitlines(), 1):
            try:
                record = json.loads(line) if line.strip() else {}
                for gap in record.get("gaps", ()):
                    gaps.append(
                        (str(record["employee_id"]), str(gap["competency"]), int(gap["shortfall"]))
                    )
            except (ValueError, KeyError, TypeError, AttributeError):
                raise fail(
                    "input.syntax",
                    f"{ledger}:{number} is not a development record",
                    hint="pass the folder `asn-competency develop --out` wrote, unchanged",
                ) from None
    return DevelopmentView(
        str(folder), _csv_rows(out / "cohort.csv"), tuple(gaps), _csv_rows(out / "talent.csv")
    )


def _validity(
    rows: Sequence[Mapping[str, str]], performance: Path, notes: list[str]
) -> Correlations | None:
    table = read_performance(performance)  # PolicyError, with every problem, when unreadable
    if table.problems:
        notes.append(
            f"{len(table.problems)} row(s) of the performance table left out of the validity "
            f"(first: {table.problems[0].render()})"
        )
    latest: dict[str, int] = {}
    for item in table.ratings:  # ordered by employee and year: the last is the latest
        latest[item.employee_id] = SKP_SCALE[item.rating]
    scores: list[object] = []
    ratings: list[object] = []
    for row in rows:
        if row["final_status"] not in SELECTED_STATUSES:
            continue
        scores.append(_number(row.get("final_score", "")))
        ratings.append(latest.get(row["candidate_id"]))
    try:
        return correlations(scores, ratings)
    except StatisticsError as error:
        said = "; ".join(f"{p.code}: {p.message}" for p in error.problems)
        notes.append(f"validity not computed: {said}")
        return None


def _selection_policy(
    manifest: Mapping[str, Any], given: str | Path | None, notes: list[str]
) -> SelectionPolicy | None:
    """The selection policy the run used: the file given, else the one its manifest names
    (its hash must be the manifest's); ``None``, with a note, when it cannot be had."""
    policy = manifest.get("policy")
    file = str(given) if given is not None else None
    if file is None:
        file = policy.get("file") if isinstance(policy, Mapping) else None
    if not isinstance(file, str) or not Path(file).is_file():
        notes.append(
            f"the run's selection policy is not at {file!r}: no adverse impact (its protected "
            "attributes are not known) and no declared thresholds"
        )
        return None
    try:
        document = load_document(file)
    except PolicyError:
        notes.append(f"{file} does not load: no adverse impact and no declared thresholds")
        return None
    if not isinstance(document, SelectionPolicy) or (
        isinstance(policy, Mapping) and document_hash(document) != policy.get("hash")
    ):
        notes.append(
            f"{file} is not the policy the run used (its hash differs from the manifest's): "
            "no adverse impact and no declared thresholds"
        )
        return None
    if not document.protected_attributes:
        notes.append("adverse impact not computed: the policy declares no protected attribute")
    return document


def _as_of(manifest: Mapping[str, Any]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(manifest.get("as_of")))
    except ValueError:
        return None


def _component_scores(
    policy: SelectionPolicy,
    as_of: dt.date | None,
    candidates: Path,
    rows: Sequence[Mapping[str, str]],
) -> list[StageScores]:
    """Each test component with a pass minimum: its scores (from the candidates file the run
    read) among those the stage received, and the minimum in force on the run's date."""
    table = read_table(candidates)
    by_line = {row.line: row.values for row in table.rows}
    found = []
    for stage in policy.stages:
        if not isinstance(stage, TestStage):
            continue
        for component in stage.components:
            minimum = component.pass_minimum
            if minimum is None:
                continue
            if isinstance(minimum, ParameterRef):
                if as_of is None or minimum.parameter not in policy.parameters:
                    continue
                value = policy.parameters[minimum.parameter].at(minimum.parameter, as_of).value
                if not isinstance(value, int | Decimal) or isinstance(value, bool):
                    continue
                bound = Fraction(value)
            else:
                bound = Fraction(minimum)
            passed: list[Fraction] = []
            others: list[Fraction] = []
            for row in rows:
                outcome = row.get(f"{stage.id}.outcome", "")
                line = row.get("row", "")
                values = by_line.get(int(line)) if line.isdigit() else None
                if outcome in ("", "not_reached") or values is None:
                    continue
                score = _number(str(values.get(component.field) or ""))
                if score is not None:
                    (passed if outcome == "advanced" else others).append(score)
            found.append(
                StageScores(
                    f"{stage.id}.{component.field}",
                    tuple(sorted(passed)),
                    tuple(sorted(others)),
                    (("pass_minimum", bound),),
                )
            )
    return found


def evaluate_cycle(
    run_dir: str | Path,
    *,
    development: str | Path | None = None,
    performance: str | Path | None = None,
    policy: EvaluationPolicy | None = None,
    candidates: str | Path | None = None,
    ratings: str | Path | None = None,
    selection_policy: str | Path | None = None,
) -> CycleReport:
    """Evaluate the run in ``run_dir`` (see the module's docstring). ``candidates`` and
    ``ratings`` default to the files the manifest names, ``selection_policy`` (whose protected
    attributes and pass minimums the report uses) to the policy file it names; each must be
    the one the run read.
    :class:`StatisticsError` (``audit.*``, ``stats.*``, ``input.*`` codes) for a folder that
    is not a complete, unchanged run or an input that cannot be read;
    :class:`~asn_competency.errors.PolicyError` (every problem found) for a ``performance``
    table that cannot be read."""
    run = Path(run_dir)
    table = funnel(run)  # checks the folder: manifest, results.csv, counts
    manifest, stages, rows = _results(run)
    notes: list[str] = []
    selection = _selection_policy(manifest, selection_policy, notes)
    attributes = tuple(selection.protected_attributes) if selection is not None else ()
    impact = None
    scores = _stage_scores(stages, rows)
    source = _input(manifest, "candidates", candidates) if selection is not None else None
    if source is not None and selection is not None:
        if attributes:
            impact = _attributes_and_pairs(stage_impact_of(run, source, attributes))
        try:
            scores += _component_scores(selection, _as_of(manifest), source, rows)
        except (PolicyError, ParameterError) as error:
            notes.append(f"declared thresholds not drawn: {error}")
    panels: list[Panel] = []
    rating_file = _input(manifest, "ratings", ratings)
    if rating_file is not None:
        panels = _panels(rating_file)
    else:
        notes.append("rater agreement not computed: the run read no ratings")
    view = _development(Path(development)) if development is not None else None
    validity = _validity(rows, Path(performance), notes) if performance is not None else None
    report = CycleReport(
        run_dir=str(run),
        policy_id=table.policy_id,
        manifest_hash=str(manifest.get("manifest_hash", "")),
        funnel=table,
        attributes=attributes,
        impact=impact,
        scores=tuple(scores),
        panels=tuple(panels),
        development=view,
        validity=validity,
        evaluation_policy=policy,
        recommendations=None,
        notes=tuple(notes),
    )
    if policy is None:
        return report
    fired = recommend(policy, report.facts())
    return CycleReport(**{**report.__dict__, "recommendations": fired})


def _attributes_and_pairs(impact: StageImpact) -> StageImpact:
    """Each stage's table with the attributes and every pair of them, the intersections of
    three or more (groups too small to say anything) left out."""
    tables = tuple((stage, table.up_to(2)) for stage, table in impact.tables)
    return StageImpact(impact.policy_id, tables)


def _min(values: Sequence[Fraction | None]) -> Fraction | None:
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _facts(report: CycleReport) -> dict[Subject, list[tuple[str, dict[str, Any]]]]:
    overall = [r for r in report.funnel.rows if r.scope == "all"]
    final = next((r for r in overall if r.stage == "final"), None)
    stages: list[tuple[str, dict[str, Any]]] = []
    flagged_stages = 0
    impact_tables = dict(report.impact.tables) if report.impact is not None else {}
    for row in overall:
        if row.stage == "final" or row.received == 0:
            continue
        found: dict[str, Any] = {
            "stage": row.stage,
            "received": row.received,
            "passed": row.passed,
            "pass_rate": row.pass_rate,
        }
        impact = impact_tables.get(row.stage)
        if impact is not None:
            recorded = [r for r in impact.of_attributes() if not r.missing]
            flagged = [r for r in recorded if r.flagged]
            found["flagged_groups"] = len(flagged)
            found["small_flagged_groups"] = sum(1 for r in flagged if r.small)
            found["min_impact_ratio"] = _min([r.impact_ratio for r in recorded])
            flagged_stages += bool(flagged)
        stages.append((row.stage, found))
    bottom = impact_tables.get("final")
    cycle: dict[str, Any] = {
        "applicants": final.applicants if final else 0,
        "selected": final.passed if final else 0,
        "stages": len(stages),
        "flagged_stages": flagged_stages if report.impact is not None else None,
        "bottom_line_flagged_groups": (
            sum(1 for r in bottom.of_attributes() if r.flagged and not r.missing)
            if bottom
            else None
        ),
        "min_impact_ratio": (
            _min([r.impact_ratio for r in bottom.of_attributes() if not r.missing])
            if bottom
            else None
        ),
        "panels": sum(1 for p in report.panels if p.agreement is not None),
        "hires_assessed": None,
        "validity_pairs": report.validity.pairs if report.validity else None,
        "validity_spearman": None,
    }
    if report.validity is not None:
        for found_row in report.validity.rows:
            if found_row.method == "spearman":
                cycle["validity_spearman"] = found_row.estimate
    panels = [
        (
            panel.stage,
            {
                "stage": panel.stage,
                "raters": len(panel.raters),
                "targets": panel.targets,
                "icc_1_1": panel.form("ICC(1,1)"),
                "icc_2_1": panel.form("ICC(2,1)"),
                "icc_3_1": panel.form("ICC(3,1)"),
                "icc_2_k": panel.form("ICC(2,k)"),
                "drifting_raters": (
                    sum(1 for r in panel.drift.rows if r.flagged) if panel.drift else None
                ),
            },
        )
        for panel in report.panels
    ]
    competencies: list[tuple[str, dict[str, Any]]] = []
    if report.development is not None:
        assessed_people = {person for person, _, _ in report.development.gaps}
        cycle["hires_assessed"] = len(assessed_people)
        for line in report.development.cohort:
            assessed = int(line.get("assessed") or 0)
            below = int(line.get("below") or 0)
            competencies.append(
                (
                    line["competency"],
                    {
                        "competency": line["competency"],
                        "assessed": assessed,
                        "below_standard": below,
                        "share_below_standard": Fraction(below, assessed) if assessed else None,
                    },
                )
            )
    return {
        "cycle": [(report.policy_id, cycle)],
        "stage": stages,
        "panel": panels,
        "competency": competencies,
    }


def _impact_records(impact: StageImpact | None, *, crossed: bool) -> list[dict[str, object]]:
    """One row per stage and group: of the attributes one by one, or (``crossed``) of their
    intersections."""
    if impact is None:
        return []
    return [
        {"stage": stage, **record}
        for stage, table in impact.tables
        for record in AdverseImpact(
            table.intersections() if crossed else table.of_attributes()
        ).records()
    ]


def _tables(report: CycleReport) -> dict[str, list[dict[str, object]]]:
    tables: dict[str, list[dict[str, object]]] = {
        "funnel": [
            {
                "scope": r.scope,
                "group": r.group,
                "stage": r.stage,
                "applicants": r.applicants,
                "received": r.received,
                "passed": r.passed,
                "pass_rate": r.pass_rate,
                "share_of_applicants": r.share_of_applicants,
            }
            for r in report.funnel.rows
        ],
        "impact": _impact_records(report.impact, crossed=False),
        "intersections": _impact_records(report.impact, crossed=True),
        "agreement": [
            {
                "stage": panel.stage,
                "raters": len(panel.raters),
                "targets": panel.targets,
                "incomplete": panel.incomplete,
                **record,
            }
            for panel in report.panels
            if panel.agreement is not None
            for record in panel.agreement.records()
        ],
        "drift": [
            {"stage": panel.stage, **record}
            for panel in report.panels
            if panel.drift is not None
            for record in panel.drift.records()
        ],
        "scores": [
            {
                "stage": s.stage,
                "passed": len(s.passed),
                "not_passed": len(s.not_passed),
                "lowest_passed": s.lowest_passed,
                "pass_minimum": dict(s.thresholds).get("pass_minimum"),
            }
            for s in report.scores
        ],
    }
    if report.validity is not None:
        tables["validity"] = report.validity.records()
    if report.development is not None:
        tables["cohort"] = [dict(row) for row in report.development.cohort]
    if report.recommendations is not None:
        tables["recommendations"] = [f.record() for f in report.recommendations.fired]
    return tables
