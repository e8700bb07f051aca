"""The evaluation report in a real browser: Chromium from the operating system's packages
(``/usr/bin/chromium``; ``.ci/run`` installs it with apt-get) driven by playwright, offline.

The page loads with no console error, every chart (funnel, score distributions, impact
ratios, rater agreement, gap heatmap, nine-box) renders with a non-zero size, text from the
data (a region of origin holding a script) is shown as text and never run, and a screenshot
is kept in ``tests/artifacts/`` (ignored by git). Never skipped: without Chromium the test
fails and says how to install it.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from asn_competency.evaluation.html import write_report
from asn_competency.evaluation.recommend import load_evaluation_policy
from asn_competency.evaluation.report import CycleReport, evaluate_cycle
from tests.conftest import RUBRICS
from tests.evaluation.cycle import HOSTILE, gayungan_cycle

CHROMIUM = Path(os.environ.get("ASN_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


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


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> CycleReport:
    """A Gayungan cycle with hostile regions of origin, evaluated with its development
    folder; three nine-box placements added so that every chart is drawn."""
    run = gayungan_cycle(tmp_path_factory.mktemp("browser"), hostile=True)
    found = evaluate_cycle(
        run,
        development=run.parent / "development",
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


def test_the_report_renders_in_chromium(report: CycleReport, tmp_path: Path) -> None:
    """Loaded from a file with the network cut off: no console error and no page error,
    every chart has a size, the hostile text is on the page as text and did not run."""
    from playwright.sync_api import sync_playwright

    page_file = write_report(report, tmp_path / "report.html", lang="en")["html"]
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=_browser_path(), args=["--no-sandbox"])
        try:
            context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri(), wait_until="load")
            charts = page.locator("figure.chart svg")
            sizes = [charts.nth(i).bounding_box() for i in range(charts.count())]
            names = page.locator("figure.chart figcaption").all_inner_texts()
            title = page.title()
            text = page.inner_text("body")
            ARTIFACTS.mkdir(exist_ok=True)
            shot = ARTIFACTS / "evaluation-report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert requests == [page_file.as_uri()]
    expected = 1 + len(report.scores) + len(report.impact.tables if report.impact else ())
    expected += len(report.panels) + 2  # gap heatmap and nine-box
    assert len(sizes) == expected
    assert all(box is not None and box["width"] > 0 and box["height"] > 0 for box in sizes)
    assert "Gaps against the standard" in names
    assert "Nine-box" in names
    assert title == "Evaluation of the cycle gayungan-2026"
    assert HOSTILE in text
    assert shot.stat().st_size > 10_000


def test_without_chromium_the_test_fails_saying_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Never a skip: a missing Chromium is a failure whose message says what to install."""
    monkeypatch.setattr(f"{__name__}.CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install -y chromium"):
        _browser_path()
