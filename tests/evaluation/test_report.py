"""The evaluation of a cycle as data and as files (docs/evaluation.md, "The report"): the
numbers agree with the statistics computed independently, the JSON and the CSVs hold the same
numbers, the command's exit codes follow docs/cli.md, and text from the data is escaped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pandas as pd  # type: ignore[import-untyped]
import pytest

from asn_competency.audit.run_folder.files import results_cell
from asn_competency.cli import main
from asn_competency.cli.evaluate import execute_evaluate
from asn_competency.errors import LANGUAGES, PolicyError
from asn_competency.evaluation import charts, correlations, icc, stage_impact
from asn_competency.evaluation.html import render_report, show, write_report
from asn_competency.evaluation.recommend import load_evaluation_policy
from asn_competency.evaluation.report import CycleReport, evaluate_cycle
from asn_competency.expressions.data import exact
from asn_competency.model import load
from tests.conftest import RUBRICS
from tests.evaluation.cycle import HOSTILE, gayungan_cycle

POLICY = RUBRICS / "evaluasi-gayungan-2026.yaml"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Gayungan run (a third of the regions of origin hostile text) and its development."""
    return gayungan_cycle(tmp_path_factory.mktemp("cycle"), hostile=True)


@pytest.fixture(scope="module")
def report(run: Path) -> CycleReport:
    """The run evaluated with its development folder and the shipped policy."""
    return evaluate_cycle(
        run,
        development=run.parent / "development",
        policy=load_evaluation_policy(POLICY),
    )


def test_panel_agreement_is_the_icc_of_the_raters_totals(run: Path, report: CycleReport) -> None:
    """The interview panel's ICCs are those of the targets × raters matrix of each rater's
    total over the criteria, for the applicants every rater rated: the matrix built here
    with pandas from the ratings file, independently of the report's reader."""
    ratings = pd.read_csv(run.parent / "input" / "ratings.csv", dtype={"score": str})
    ratings["score"] = ratings["score"].map(Fraction)
    totals = ratings.groupby(["stage_id", "candidate_id", "rater_id"])["score"].sum()
    (panel,) = report.panels
    matrix = totals.loc[panel.stage].unstack("rater_id").dropna()
    assert panel.raters == tuple(matrix.columns)
    assert panel.targets == len(matrix)
    expected = icc(matrix.to_numpy().tolist())
    assert [f.value for f in panel.agreement.forms] == [f.value for f in expected.forms]  # type: ignore[union-attr]
    facts = dict(report.facts()["panel"])[panel.stage]
    assert facts["icc_2_1"] == expected["ICC(2,1)"].value


def test_stage_facts_are_the_funnel_and_the_impact_tables(run: Path, report: CycleReport) -> None:
    """Each stage's facts are its funnel row and the flags of stage_impact called directly
    (groups of recorded attributes: the not-recorded row is shown, never a subject)."""
    impact = stage_impact(
        run,
        run.parent / "input" / "candidates.csv",
        report.attributes,
        intersections=False,
    )
    rows = {r.stage: r for r in report.funnel.rows if r.scope == "all"}
    for stage, facts in report.facts()["stage"]:
        assert facts["received"] == rows[stage].received
        assert facts["passed"] == rows[stage].passed
        flagged = [r for r in impact[stage].rows if r.flagged and not r.missing]
        assert facts["flagged_groups"] == len(flagged)
        assert facts["small_flagged_groups"] == sum(r.small for r in flagged)
    assert report.attributes == ("gender", "religion", "region_of_origin", "disability")


def test_every_pair_of_attributes_is_crossed_at_each_stage_and_the_bottom_line(
    run: Path, report: CycleReport
) -> None:
    """Each stage's table and the bottom line's hold the four declared attributes and their
    six pairs, no intersection of three: every applicant the stage received in one group of
    each pair. The bottom line's gender × region of origin counts are those counted here with
    pandas from results.csv and the candidates file the run read. Flags that rest on numbers
    too small are marked (Q&A 21), and there are such flags among the intersections."""
    assert report.impact is not None
    pairs = {f"{a} × {b}" for a, b in itertools.combinations(report.attributes, 2)}
    assert len(pairs) == 6
    received = {r.stage: r.received for r in report.funnel.rows if r.scope == "all"}
    received["final"] = next(r.applicants for r in report.funnel.rows if r.stage == "final")
    for stage, table in report.impact.tables:
        assert {r.attribute for r in table.of_attributes()} == set(report.attributes)
        assert {r.attribute for r in table.intersections()} == pairs
        for pair in pairs:
            rows = [r for r in table.intersections() if r.attribute == pair]
            assert sum(r.applicants for r in rows) == received[stage]
    results = pd.read_csv(run / "results.csv", dtype=str, keep_default_na=False)
    people = pd.read_csv(run.parent / "input" / "candidates.csv", dtype=str, keep_default_na=False)
    people["row"] = [str(line) for line in range(2, len(people) + 2)]
    joined = results.merge(people[["row", "gender", "region_of_origin"]], on="row")
    joined["chosen"] = joined["final_status"].isin(["selected", "selected_by_optimisation"])
    recorded = joined[(joined["gender"] != "") & (joined["region_of_origin"] != "")]
    counted = recorded.groupby(["gender", "region_of_origin"])["chosen"].agg(["size", "sum"])
    expected = {key: (int(n), int(chosen)) for key, (n, chosen) in counted.iterrows()}
    found = {
        r.values: (r.applicants, r.selected)
        for r in report.impact["final"].intersections()
        if r.attribute == "gender × region_of_origin" and not r.missing
    }
    assert found == expected
    crossed = [r for _, t in report.impact.tables for r in t.intersections()]
    assert all(r.flagged for r in crossed if r.small)
    assert any(r.small for r in crossed)
    assert any(r.flagged and not r.small for r in crossed)


def test_the_page_draws_the_intersections_and_lists_their_flags(report: CycleReport) -> None:
    """The page's impact section has the intersections: one grid chart per stage that
    has them (with matplotlib), and a table of the flagged intersection groups only."""
    assert report.impact is not None
    page = render_report(report, lang="en")
    section = page[page.index('<h3 id="intersections">') : page.index('<section id="agreement">')]
    flagged = [r for _, t in report.impact.tables for r in t.intersections() if r.flagged]
    assert section.count("<tr><td") == len(flagged)
    assert "impact ratio" in section
    if charts.available():
        assert section.count("<figure") == len(report.impact.tables)


def test_test_components_carry_the_pass_minimum_in_force(report: CycleReport) -> None:
    """Each component of the written test is drawn with the pass minimum the Gayungan policy
    declares, taken on the run's date (parameters tes_min_pelayanan, tes_min_teknologi); the
    test is non-compensatory, so everyone it passed on meets every minimum."""
    policy = load(RUBRICS / "gayungan-2026.yaml")
    on = dt.date(2026, 3, 31)
    expected = {
        "tes_kompetensi.tes_pelayanan": policy.parameters["tes_min_pelayanan"].at("x", on).value,
        "tes_kompetensi.tes_teknologi": policy.parameters["tes_min_teknologi"].at("x", on).value,
    }
    drawn = {s.stage: s for s in report.scores if s.thresholds}
    assert set(drawn) == set(expected)
    for name, minimum in expected.items():
        assert drawn[name].thresholds == (("pass_minimum", Fraction(minimum)),)
        assert drawn[name].passed
        assert min(drawn[name].passed) >= minimum
        assert drawn[name].not_passed


def test_competency_facts_are_the_cohort_table(report: CycleReport) -> None:
    """Each competency's share below standard is below/assessed of the development folder's
    cohort.csv, exactly."""
    assert report.development is not None
    cohort = {row["competency"]: row for row in report.development.cohort}
    for competency, facts in report.facts()["competency"]:
        row = cohort[competency]
        assert facts["below_standard"] == int(row["below"])
        assert facts["share_below_standard"] * int(row["assessed"]) == int(row["below"])


def test_the_json_and_the_csvs_hold_the_same_numbers(run: Path, tmp_path: Path) -> None:
    """The command writes the page, report.json and one CSV per table; each CSV row is the
    JSON's, exact numbers as exact text, text as every CSV of the library writes it (a cell
    that starts like a formula with a leading apostrophe: docs/cli.md)."""
    out = tmp_path / "report.html"
    args = ["evaluate", str(run), "--development", str(run.parent / "development")]
    code = main([*args, "--policy", str(POLICY), "--lang", "en", "--out", str(out)], io.StringIO())
    assert code == 0
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    for table in ("funnel", "impact", "intersections", "agreement", "drift", "scores", "cohort"):
        with (tmp_path / f"report.{table}.csv").open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        assert len(rows) == len(data[table])
        for row, record in zip(rows, data[table], strict=True):
            for key, value in record.items():
                shown = (
                    json.dumps(value, sort_keys=True) if isinstance(value, list | dict) else value
                )
                assert row[key] == ("" if shown is None else results_cell(str(shown)))
    funnel_final = next(r for r in data["funnel"] if r["scope"] == "all" and r["stage"] == "final")
    assert data["facts"]["cycle"][0]["selected"] == funnel_final["passed"]
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page


def test_validity_correlates_final_scores_with_the_latest_skp_rating(
    run: Path, tmp_path: Path
) -> None:
    """With a performance table, each hire's final score is paired with their latest SKP
    rating on its ordered scale (sangat_kurang 1 ... sangat_baik 5; an older year is
    ignored, a hire without a rating counted as missing): the correlations are those of
    correlations() on the pairs made here from results.csv."""
    with (run / "results.csv").open(encoding="utf-8", newline="") as stream:
        hires = [r for r in csv.DictReader(stream) if r["final_status"].startswith("selected")]
    scale = ["sangat_kurang", "kurang", "butuh_perbaikan", "baik", "sangat_baik"]
    lines = ["employee_id,period,rating"]
    expected_ratings: list[int | None] = []
    for number, hire in enumerate(hires):
        if number == 0:
            expected_ratings.append(None)  # not yet rated
            continue
        level = number % 5
        lines.append(f"{hire['candidate_id']},2026,{scale[(level + 2) % 5]}")
        lines.append(f"{hire['candidate_id']},2027,{scale[level]}")
        expected_ratings.append(level + 1)
    performance = tmp_path / "skp.csv"
    performance.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = evaluate_cycle(run, performance=performance)
    scores = [Fraction(h["final_score"]) for h in hires]
    expected = correlations(scores, expected_ratings)
    assert found.validity is not None
    assert found.validity.pairs == len(hires) - 1
    assert found.validity.missing_ratings == 1
    assert found.validity.records() == expected.records()
    cycle = dict(found.facts()["cycle"])[found.policy_id]
    assert cycle["validity_pairs"] == len(hires) - 1
    assert cycle["validity_spearman"] == expected["spearman"].estimate


def test_the_page_speaks_indonesian_by_default_and_english_when_asked(
    report: CycleReport,
) -> None:
    """Like every command, Indonesian by default: headings, severities and the
    recommendations' own texts; --lang en gives the English ones."""
    assert report.recommendations is not None
    first = report.recommendations.fired[0]
    indonesian, english = render_report(report), render_report(report, lang="en")
    assert '<html lang="id">' in indonesian
    assert "<h2>Rekomendasi</h2>" in indonesian
    assert "<h2>Recommendations</h2>" in english
    assert first.text_id.split(":")[0] in indonesian
    assert first.text_en.split(":")[0] in english


def test_the_selection_policy_can_be_given_and_must_be_the_runs(run: Path, tmp_path: Path) -> None:
    """A run read where its policy file is not (a folder moved to another machine): without
    the policy there is no impact table and the report says why; the policy the run used,
    given with --selection-policy (its hash checked against the manifest's), brings the
    tables back; another policy is refused with a note, never used."""
    missing = evaluate_cycle(run, selection_policy=tmp_path / "elsewhere.yaml")
    assert missing.impact is None
    assert any("is not at" in note for note in missing.notes)
    given = evaluate_cycle(run, selection_policy=RUBRICS / "gayungan-2026.yaml")
    assert given.impact is not None
    other = evaluate_cycle(run, selection_policy=RUBRICS / "cpns-2024.yaml")
    assert other.impact is None
    assert any("not the policy the run used" in note for note in other.notes)


def test_the_report_is_deterministic(report: CycleReport) -> None:
    """The same evaluation renders the same page, charts included (fixed SVG hash salt, no
    date), so a report can be compared and archived."""
    assert render_report(report) == render_report(report)


def test_text_from_the_data_is_escaped(report: CycleReport) -> None:
    """A region of origin holding markup is printed as text in the tables and in the charts'
    SVG: the page holds no script element and no tag of the data."""
    page = render_report(report, lang="en")
    assert HOSTILE not in page
    assert "<script" not in page.lower()
    assert "&lt;script&gt;document.title=" in page
    assert re.search(r"&lt;b&gt;Jawa &amp;(amp;)? (&#34;|&quot;)Timur", page)


def test_shares_show_as_percentages_with_their_exact_value() -> None:
    """127 of 150 passed on is 84.7% (127/150); an impact ratio of 26/45 is 0.578 (26/45);
    0.96 is 96.0%, already exact; a p-value to three significant digits."""
    assert show("127/150", "pass_rate") == "84.7% (127/150)"
    assert show("26/45", "impact_ratio") == "0.578 (26/45)"
    assert show("0.96", "pass_rate") == "96.0%"
    assert show(0.0123456, "fisher_p") == "0.0123"
    assert show([0.12345, 0.5], "ci95") == "[0.123, 0.5]"
    assert show(None) == ""
    assert show("L", "group") == "L"


def test_the_page_fetches_nothing(report: CycleReport) -> None:
    """One self-contained file: the stylesheet inline, no link, script, image or frame with a
    source, and a Content-Security-Policy that forbids fetching."""
    page = render_report(report)
    assert not re.search(r"<(link|script|img|iframe)\b", page)
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?(https?:|//)", page)
    assert "default-src 'none'" in page
    assert "<style>" in page


def test_without_matplotlib_the_report_says_charts_are_not_available(
    report: CycleReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the charts extra every table is there, and the page says plainly why no chart."""
    monkeypatch.setattr(charts, "available", lambda: False)
    page = render_report(report, lang="en")
    assert 'id="no-charts"' in page
    assert "Charts are not available: matplotlib is not installed" in page
    assert "<svg" not in page
    for row in report.funnel.rows:
        if row.scope == "all":
            assert show(exact(row.pass_rate), "pass_rate") in page


def test_exit_codes(run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """docs/cli.md: 0 written; 2 an output that exists without --force, or is an input;
    1 an evaluation policy with problems, a folder that is not there; 3 a run folder changed
    after the run, or a candidates file other than the one the run read."""

    def _evaluate(*args: str) -> tuple[int, str]:
        code = main(["evaluate", *args], io.StringIO())
        return code, capsys.readouterr().err

    out = tmp_path / "r.html"
    assert _evaluate(str(run), "--out", str(out))[0] == 0
    code, said = _evaluate(str(run), "--out", str(out))
    assert (code, "output.exists" in said) == (2, True)
    assert _evaluate(str(run), "--out", str(out), "--force")[0] == 0
    code, said = _evaluate(str(run), "--out", str(run / "results.csv"), "--force")
    assert (code, "output.is-input" in said) == (2, True)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        POLICY.read_text(encoding="utf-8").replace("icc_2_1 < 0.6", "icc_21 < 0.6"), "utf-8"
    )
    code, said = _evaluate(str(run), "--policy", str(bad), "--out", str(tmp_path / "b.html"))
    assert (code, "expr.unknown-name" in said) == (1, True)
    code, said = _evaluate(str(tmp_path / "nowhere"), "--out", str(tmp_path / "c.html"))
    assert (code, "file.not-found" in said) == (1, True)
    changed = tmp_path / "changed"
    shutil.copytree(run, changed)
    lines = (changed / "results.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (changed / "results.csv").write_text("".join(lines[:-1]), encoding="utf-8")
    code, said = _evaluate(str(changed), "--out", str(tmp_path / "d.html"))
    assert (code, "audit.manifest" in said) == (3, True)
    other = tmp_path / "other.csv"
    other.write_text((run.parent / "input" / "candidates.csv").read_text("utf-8") + "\n", "utf-8")
    code, said = _evaluate(str(run), "--candidates", str(other), "--out", str(tmp_path / "e.html"))
    assert (code, "audit.input" in said) == (3, True)
    with pytest.raises(SystemExit) as usage:
        main(["evaluate", str(run)], io.StringIO())
    assert usage.value.code == 2


def test_the_report_csvs_cannot_run_a_cell_as_a_formula() -> None:
    """docs/cli.md: every CSV the library writes gives a cell that starts like a formula (a
    group named ``=HYPERLINK(...)`` in the candidates file, OWASP "CSV Injection") a leading
    apostrophe; exact numbers, negative ones included, stay numbers."""
    from asn_competency.evaluation.html import _cell

    assert _cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _cell("@SUM(A1)") == "'@SUM(A1)"
    assert _cell("-1/3") == "-1/3"
    assert _cell(["=a"]) == '["=a"]'
    assert _cell(None) == ""


def test_a_language_other_than_id_and_en_is_lang_unknown(
    run: Path, report: CycleReport, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The page, its files, a recommendation's text and the command refuse a language other
    than id and en with lang.unknown (no silent Indonesian or English), and nothing is
    written; the command's --lang offers errors.LANGUAGES."""
    assert report.recommendations is not None
    first = report.recommendations.fired[0]
    out = tmp_path / "report" / "evaluation.html"
    calls: list[Callable[[], object]] = [
        lambda: render_report(report, lang="fr"),
        lambda: write_report(report, out, lang="fr"),
        lambda: first.text("fr"),
    ]
    for call in calls:
        with pytest.raises(PolicyError) as caught:
            call()
        assert [(p.code, p.message) for p in caught.value.problems] == [
            ("lang.unknown", "unknown language 'fr': expected id|en")
        ]
    assert first.text("en") == first.text_en
    assert not out.parent.exists()
    code = execute_evaluate(
        run, development=None, performance=None, policy=None, candidates=None, ratings=None,
        lang="fr", out=out, force=False, stream=io.StringIO(),
    )  # fmt: skip
    assert code == 2
    assert capsys.readouterr().err.startswith("lang.unknown unknown language 'fr'")
    assert not out.parent.exists()
    with pytest.raises(SystemExit):
        main(["evaluate", str(run), "--lang", "fr", "--out", str(out)])
    err = capsys.readouterr().err
    assert "invalid choice: 'fr'" in err
    assert all(lang in err for lang in LANGUAGES)


def test_a_performance_table_that_cannot_be_read_reports_every_problem(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A performance table with none of its columns is refused with every header problem
    (three missing columns, two unexpected ones), by evaluate_cycle and by the command, not
    only the first."""
    performance = tmp_path / "performance.csv"
    performance.write_text("nip,foo\n1,2\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        evaluate_cycle(run, performance=performance)
    assert caught.value.codes == ["input.header"] * 5
    out = tmp_path / "report.html"
    assert main(["evaluate", str(run), "--performance", str(performance), "--out", str(out)]) == 1
    printed = capsys.readouterr().err.splitlines()
    assert printed == [problem.render() for problem in caught.value.problems]
    assert not out.exists()
