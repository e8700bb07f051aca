"""A run's funnel, read from its folder (docs/evaluation.md, "The funnel")."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from asn_competency.audit.run_folder import LEDGER_FILE, MANIFEST_FILE, RESULTS_FILE, records_of
from asn_competency.evaluation import StatisticsError, funnel
from tests.audit.runs import small_cpns_run


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small CPNS run's output folder."""
    out, _, _ = small_cpns_run(tmp_path_factory.mktemp("funnel"), applicants=120, seed=11)
    return out


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
