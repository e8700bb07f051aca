"""Every kind of page the library writes, in a real browser: Chromium from the operating
system's packages (``/usr/bin/chromium``; ``.ci/run`` installs it with apt-get) driven by
playwright, offline.

The four pages (the criteria publication, the results announcement, the development summary
and the evaluation report) come from one renderer (:mod:`asn_competency.files.html`). Each
is written with a hostile text from its data (a policy name, a registration number, an
employee id, a region of origin holding a script) and opened from a file with the network
cut off: no console error, no request but the page itself, every chart (SVG) and table
drawn with a non-zero size, the hostile text on the page as text and never run (the script
would rename the page), and a screenshot kept in ``tests/artifacts/`` (ignored by git).
Never skipped: without Chromium the test fails and says how to install it.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import FloatRect

from asn_competency.audit.announce import render_html as announcement_html
from asn_competency.audit.announce import results_announcement, run_info
from asn_competency.audit.publish import publish_html
from asn_competency.development import read_assessments, read_performance
from asn_competency.development.outputs import develop, summary_html
from asn_competency.evaluation.html import write_report
from asn_competency.evaluation.recommend import load_evaluation_policy
from asn_competency.evaluation.report import CycleReport, evaluate_cycle
from asn_competency.model import PositionStandard, SelectionPolicy, Text, load
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.training_catalog import TrainingCatalog
from tests.conftest import FIXTURES, RUBRICS
from tests.evaluation.cycle import HOSTILE, gayungan_cycle

CHROMIUM = Path(os.environ.get("ASN_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

#: The page would carry this title if the hostile script had run.
PWNED = "pwned"


def _browser_path() -> str:
    if not CHROMIUM.is_file():
        how = "apt-get update; apt-get install -y chromium"
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: the report's browser test needs it. Install it "
            f"with `{how}` (Debian; .ci/run does this), or set ASN_CHROMIUM to a Chromium "
            "executable.",
            pytrace=False,
        )
    return str(CHROMIUM)


@dataclasses.dataclass
class Seen:
    """What the browser saw of one page."""

    errors: list[str]
    requests: list[str]
    charts: list[FloatRect | None]
    chart_names: list[str]
    tables: list[FloatRect | None]
    scripts: int
    title: str
    text: str
    screenshot: Path


def _open(page_file: Path, name: str) -> Seen:
    """Open ``page_file`` offline in Chromium; keep a screenshot as ``<name>.png``."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=_browser_path(), args=["--no-sandbox"])
        try:
            context = browser.new_context(
                offline=True, viewport={"width": 1200, "height": 900}, device_scale_factor=0.5
            )
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri(), wait_until="load")
            charts = page.locator("svg")
            tables = page.locator("table")
            ARTIFACTS.mkdir(exist_ok=True)
            shot = ARTIFACTS / f"{name}.png"
            page.screenshot(path=str(shot), full_page=True)
            return Seen(
                errors=errors,
                requests=requests,
                charts=[charts.nth(i).bounding_box() for i in range(charts.count())],
                chart_names=page.locator("figure.chart figcaption").all_inner_texts(),
                tables=[tables.nth(i).bounding_box() for i in range(tables.count())],
                scripts=page.locator("script").count(),
                title=page.title(),
                text=page.inner_text("body"),
                screenshot=shot,
            )
        finally:
            browser.close()


def _drawn(box: FloatRect | None) -> bool:
    return box is not None and box["width"] > 0 and box["height"] > 0


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Gayungan cycle (run, ratings, development folder) whose regions of origin include
    the hostile text."""
    return gayungan_cycle(tmp_path_factory.mktemp("browser"), hostile=True)


@pytest.fixture(scope="module")
def report(cycle: Path) -> CycleReport:
    """The cycle evaluated with its development folder; three nine-box placements added so
    that every chart is drawn."""
    found = evaluate_cycle(
        cycle,
        development=cycle.parent / "development",
        policy=load_evaluation_policy(RUBRICS / "evaluasi-gayungan-2026.yaml"),
    )
    assert found.development is not None
    talent = (
        {"employee_id": HOSTILE, "performance": "meets", "potential": "high"},
        {"employee_id": "b", "performance": "above", "potential": "high"},
        {"employee_id": "c", "performance": "below", "potential": "low"},
    )
    return dataclasses.replace(
        found, development=dataclasses.replace(found.development, talent=talent)
    )


def _criteria(folder: Path, cycle: Path) -> tuple[Path, str]:
    """The Gayungan criteria, the policy's name made hostile."""
    del cycle
    policy = load(RUBRICS / "gayungan-2026.yaml")
    assert isinstance(policy, SelectionPolicy)
    hostile = policy.model_copy(update={"name": Text(id=HOSTILE, en="Gayungan 2026")})
    page = folder / "criteria.html"
    page.write_text(publish_html(hostile, as_of=dt.date(2026, 3, 31)), encoding="utf-8")
    return page, f"{HOSTILE} / Gayungan 2026"


def _announcement(folder: Path, cycle: Path) -> tuple[Path, str]:
    """The cycle's final results, one registration number made hostile."""
    with (cycle / "results.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    rows[0]["candidate_id"] = HOSTILE
    info = run_info(json.loads((cycle / "manifest.json").read_text(encoding="utf-8")))
    made = results_announcement(rows, mask="full")
    page = folder / "announcement.html"
    text = announcement_html(made.rows, info=info, mask=made.masking, lang="en")
    page.write_text(text, encoding="utf-8")
    return page, f"Announcement of Selection Results — {info.policy_id}"


def _summary(folder: Path, cycle: Path) -> tuple[Path, str]:
    """The development fixture's review, one employee id made hostile (no SKP rating: the
    page says why that person has no box)."""
    del cycle
    policy = load(RUBRICS / "pengembangan-gayungan-2026.yaml")
    standard = load(RUBRICS / "skj-gayungan-pelayanan-publik.yaml")
    catalogue = load(RUBRICS / "katalog-pelatihan-gayungan.yaml")
    assert isinstance(policy, DevelopmentPolicy)
    assert isinstance(standard, PositionStandard)
    assert isinstance(catalogue, TrainingCatalog)
    source = FIXTURES / "development" / "assessments.csv"
    with source.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        if row["employee_id"] == "GAY-003":
            row["employee_id"] = HOSTILE
    review = develop(
        policy,
        standard,
        catalogue,
        read_assessments(rows, standard),
        read_performance(FIXTURES / "development" / "performance.csv"),
    )
    page = folder / "summary.html"
    page.write_text(summary_html(review), encoding="utf-8")
    return page, f"Pengembangan kompetensi / Competency development: {policy.id}"


Writer = Callable[[Path, Path], tuple[Path, str]]


@pytest.mark.parametrize(
    ("name", "write", "tables"),
    [
        ("criteria-publication", _criteria, 10),
        ("results-announcement", _announcement, 2),
        ("development-summary", _summary, 4),
    ],
)
def test_each_page_renders_in_chromium(
    cycle: Path, tmp_path: Path, name: str, write: Writer, tables: int
) -> None:
    """The criteria publication, the results announcement and the development summary,
    each loaded from a file with the network cut off: no console or page error, nothing
    fetched, its tables drawn (at least ``tables`` of them), the hostile text shown as text
    and its script never run."""
    page_file, title = write(tmp_path, cycle)
    seen = _open(page_file, name)
    assert seen.errors == []
    assert seen.requests == [page_file.as_uri()]
    assert seen.scripts == 0
    assert seen.title == title != PWNED
    assert len(seen.tables) >= tables
    assert all(_drawn(box) for box in [*seen.tables, *seen.charts])
    assert HOSTILE in seen.text
    assert seen.screenshot.stat().st_size > 10_000


def test_the_report_renders_in_chromium(report: CycleReport, tmp_path: Path) -> None:
    """Loaded from a file with the network cut off: no console error and no page error,
    every chart (the funnel, scores, impact ratios and their intersections, agreement,
    gaps, nine-box) has a size, the hostile text is on the page as text and did not run."""
    page_file = write_report(report, tmp_path / "report.html", lang="en")["html"]
    seen = _open(page_file, "evaluation-report")
    assert seen.errors == []
    assert seen.requests == [page_file.as_uri()]
    assert seen.scripts == 0
    stages = len(report.impact.tables if report.impact else ())
    expected = 1 + len(report.scores) + 2 * stages  # each stage's impact and intersections
    expected += len(report.panels) + 2  # gap heatmap and nine-box
    assert len(seen.chart_names) == expected
    assert len(seen.charts) >= expected
    assert all(_drawn(box) for box in [*seen.charts, *seen.tables])
    assert "Gaps against the standard" in seen.chart_names
    assert "Nine-box" in seen.chart_names
    assert seen.title == "Evaluation of the cycle gayungan-2026"
    assert HOSTILE in seen.text
    assert seen.screenshot.stat().st_size > 10_000


def test_without_chromium_the_test_fails_saying_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Never a skip: a missing Chromium is a failure whose message says what to install."""
    monkeypatch.setattr(f"{__name__}.CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install -y chromium"):
        _browser_path()
