"""A run's funnel, read from its folder (docs/evaluation.md, "The funnel")."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from asn_competency.audit.run_folder import LEDGER_FILE, MANIFEST_FILE, RESULTS_FILE, records_of
from asn_competency.errors import NotFoundError
from asn_competency.evaluation import StatisticsError, adverse_impact, funnel, stage_impact
from asn_competency.files.tables import read_table
from tests.audit.runs import small_cpns_run


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small CPNS run's output folder and the candidates file it read."""
    out, candidates, _ = small_cpns_run(tmp_path_factory.mktemp("funnel"), applicants=120, seed=11)
    return out, candidates


@pytest.fixture(scope="module")
def run(cycle: tuple[Path, Path]) -> Path:
    """The run's output folder."""
    return cycle[0]


def test_the_whole_funnel_is_the_ledgers_outcomes(run: Path) -> None:
    """Each stage of the whole run received and passed on what the decision records say,
    counted from the ledger independently of results.csv."""
    result = funnel(run)
    by_stage: dict[str, Counter[str]] = {}
    finals: Counter[str] = Counter()
    for _, record in records_of(run / LEDGER_FILE):
        finals[record["final_status"]] += 1
        for stage in record["stages"]:
            by_stage.setdefault(stage["stage_id"], Counter())[stage["outcome"]] += 1
    whole = {row.stage: row for row in result.rows if row.scope == "all"}
    assert result.stages == tuple(by_stage)
    for stage, outcomes in by_stage.items():
        total = sum(outcomes.values())
        assert whole[stage].received == total - outcomes["not_reached"]
        assert whole[stage].passed == outcomes["advanced"]
        assert dict(whole[stage].outcomes) == dict(outcomes)
    assert whole["final"].applicants == sum(finals.values())
    assert whole["final"].passed == finals["selected"] + finals["selected_by_optimisation"]


def test_formations_and_tracks_add_up_to_the_whole(run: Path) -> None:
    """The funnels of the formations, and those of the tracks, add up to the whole run's."""
    result = funnel(run)
    whole = {row.stage: row for row in result.rows if row.scope == "all"}
    for scope in ("formation", "track"):
        for stage, row in whole.items():
            parts = [r for r in result.rows if r.scope == scope and r.stage == stage]
            assert sum(r.received for r in parts) == row.received
            assert sum(r.passed for r in parts) == row.passed
    for row in result.rows:
        assert row.passed <= row.received <= row.applicants
        if row.pass_rate is not None:
            assert row.pass_rate * row.received == row.passed


def test_a_changed_results_file_is_refused(run: Path, tmp_path: Path) -> None:
    """A results.csv whose counts disagree with the manifest was changed after the run."""
    copy = tmp_path / "run"
    copy.mkdir()
    for name in (RESULTS_FILE, MANIFEST_FILE):
        (copy / name).write_bytes((run / name).read_bytes())
    lines = (copy / RESULTS_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    (copy / RESULTS_FILE).write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(StatisticsError) as raised:
        funnel(copy)
    assert raised.value.code == "audit.manifest"


def test_a_folder_without_a_run_is_refused(tmp_path: Path) -> None:
    """A folder without a manifest, or with a manifest and no results, is not a run."""
    with pytest.raises(StatisticsError) as raised:
        funnel(tmp_path)
    assert raised.value.code == "audit.manifest"
    (tmp_path / MANIFEST_FILE).write_text('{"counts": {}}', encoding="utf-8")
    with pytest.raises(StatisticsError) as raised:
        funnel(tmp_path)
    assert raised.value.code == "audit.missing"


def test_stage_impact_compares_who_each_stage_received(cycle: tuple[Path, Path]) -> None:
    """At each stage the comparison is of those the stage received (who advanced among them)
    and at ``final`` of all applicants (who was selected), every applicant counted once per
    attribute, the groups joined from the candidates file by input line."""
    out, candidates = cycle
    result = stage_impact(out, candidates, ["gender", "region_of_origin"])
    whole = {row.stage: row for row in funnel(out).rows if row.scope == "all"}
    assert result.stages()[-1] == "final"
    for stage, table in result.tables:
        for attribute in ("gender", "region_of_origin", "gender × region_of_origin"):
            rows = [row for row in table.rows if row.attribute == attribute]
            assert sum(row.applicants for row in rows) == whole[stage].received
            assert sum(row.selected for row in rows) == whole[stage].passed


def test_stage_impact_reads_the_attributes_of_each_row(cycle: tuple[Path, Path]) -> None:
    """The bottom line by gender is adverse_impact of the final selections with each row's
    gender as the candidates file gives it on that row's input line."""
    out, candidates = cycle
    table = read_table(candidates)
    gender = {row.line: row.values.get("gender") or None for row in table.rows}
    with (out / RESULTS_FILE).open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    expected = adverse_impact(
        [row["final_status"] in {"selected", "selected_by_optimisation"} for row in rows],
        {"gender": [gender[int(row["row"])] for row in rows]},
    )
    assert stage_impact(out, candidates, ["gender"])["final"] == expected


def test_stage_impact_of_a_stage_it_does_not_have_is_not_found(cycle: tuple[Path, Path]) -> None:
    """Asking the stage impact for a stage it has no table of is NotFoundError (a KeyError)
    stats.unknown-key, naming the stages there are and the nearest one."""
    out, candidates = cycle
    result = stage_impact(out, candidates, ["gender"])
    with pytest.raises(KeyError) as caught:
        result["skd "]
    error = caught.value
    assert isinstance(error, NotFoundError)
    (problem,) = error.problems
    assert problem.code == "stats.unknown-key"
    assert problem.message == f"no stage 'skd '; the stages are {', '.join(result.stages())}"
    assert problem.hint == "did you mean 'skd'?"


def test_stage_impact_needs_the_candidates_file_the_run_read(
    cycle: tuple[Path, Path], tmp_path: Path
) -> None:
    """Another candidates file (its hash not the manifest's) is refused, as is an attribute
    the file does not have."""
    out, candidates = cycle
    changed = tmp_path / "candidates.csv"
    changed.write_bytes(candidates.read_bytes() + b"\n")
    with pytest.raises(StatisticsError) as raised:
        stage_impact(out, changed, ["gender"])
    assert raised.value.code == "audit.input"
    with pytest.raises(StatisticsError) as raised:
        stage_impact(out, candidates, ["shoe_size"])
    assert raised.value.code == "input.header"
