"""``asn-competency analyse``: the page, its JSON and CSVs, exit codes and bad input."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from asn_competency.cli import main
from asn_competency.evaluation.rubric import page as rubric_page
from asn_competency.evaluation.rubric.report import analyse
from asn_competency.testing.synth import write_synth
from tests.conftest import RUBRICS
from tests.evaluation.rubric.data import POLICIES, cycle, policy

#: A region of origin (a protected attribute, shown in the threshold tables) that would run
#: as a script on the page, or as a formula in a spreadsheet, if not neutralised.
HOSTILE = '=HYPERLINK("http://x")<script>alert(1)</script>'


def _inputs(folder: Path, name: str, *, hostile: bool = False) -> dict[str, Path]:
    data = cycle(name, 150, 3)
    paths = write_synth(data, folder / "input")
    if hostile:
        table = paths["candidates"]
        with table.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        for row in rows[::4]:
            row["region_of_origin"] = HOSTILE
        with table.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return paths


def _analyse(name: str, paths: dict[str, Path], out: Path, *extra: str) -> tuple[int, str]:
    args = [
        "analyse",
        str(RUBRICS / name),
        str(paths["candidates"]),
        str(paths["formations"]),
        *([str(paths["ratings"])] if "ratings" in paths else []),
        "--as-of",
        POLICIES[name].isoformat(),
        "--replications",
        "3",
        "--out",
        str(out),
        *extra,
    ]
    stream = io.StringIO()
    return main(args, stream), stream.getvalue()


@pytest.mark.parametrize("name", ["gayungan-2026.yaml", "cpns-2024.yaml"])
def test_analyse_writes_a_page_and_its_numbers(name: str, tmp_path: Path) -> None:
    """Exit 0; the page opens offline (nothing fetched), holds each section, and its JSON
    and CSVs hold the same weights, exact."""
    paths = _inputs(tmp_path, name)
    code, said = _analyse(name, paths, tmp_path / "out", "--lang", "en")
    assert code == 0, said
    page = (tmp_path / "out" / "analysis.html").read_text(encoding="utf-8")
    assert "default-src 'none'" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    for section in ("weights", "sensitivity", "thresholds", "redundancy", "stability"):
        assert f'<section id="{section}">' in page
    data = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    with (tmp_path / "out" / "analysis.weights.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert rows == [
        {k: "" if v is None else str(v) for k, v in row.items()}
        for row in data["tables"]["weights"]
    ]
    overall = [row for row in rows if row["scope"] == "all"]
    assert sum(__import__("fractions").Fraction(row["nominal"]) for row in overall) == 1


def test_the_same_inputs_write_the_same_bytes(tmp_path: Path) -> None:
    """Two analyses of the same inputs write byte-identical files (seeded, no clock)."""
    name = "cpns-2024.yaml"
    paths = _inputs(tmp_path, name)
    assert _analyse(name, paths, tmp_path / "a")[0] == 0
    assert _analyse(name, paths, tmp_path / "b")[0] == 0
    for first in sorted((tmp_path / "a").iterdir()):
        assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes(), first.name


def test_page_words_in_both_languages(tmp_path: Path) -> None:
    """The page speaks Indonesian by default and English with --lang en."""
    name = "gayungan-2026.yaml"
    paths = _inputs(tmp_path, name)
    assert _analyse(name, paths, tmp_path / "id")[0] == 0
    assert _analyse(name, paths, tmp_path / "en", "--lang", "en")[0] == 0
    indonesian = (tmp_path / "id" / "analysis.html").read_text(encoding="utf-8")
    english = (tmp_path / "en" / "analysis.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in indonesian
    assert "Bobot nominal dan bobot efektif" in indonesian
    assert "Nominal and effective weights" in english


def test_hostile_group_names_are_text(tmp_path: Path) -> None:
    """A protected group's name is escaped on the page and written as text in the CSVs."""
    name = "cpns-2024.yaml"
    paths = _inputs(tmp_path, name, hostile=True)
    code, said = _analyse(name, paths, tmp_path / "out")
    assert code == 0, said
    page = (tmp_path / "out" / "analysis.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    with (tmp_path / "out" / "analysis.thresholds.csv").open(encoding="utf-8") as stream:
        groups = {row["group"] for row in csv.DictReader(stream)}
    assert "'" + HOSTILE in groups
    assert HOSTILE not in groups


def test_without_matplotlib_the_page_keeps_its_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib the page says charts are not available and has every table."""
    name = "gayungan-2026.yaml"
    data = cycle(name, 150, 3)
    analysis = analyse(
        policy(name),
        data.candidates,
        formations=data.formations,
        ratings=data.ratings,
        as_of=POLICIES[name],
        replications=2,
    )
    monkeypatch.setattr(rubric_page, "charts_available", lambda: False)
    page = rubric_page.render_analysis(analysis, lang="en")
    assert 'id="no-charts"' in page
    assert "<svg" not in page
    assert "<table>" in page


def test_usage_and_input_errors(tmp_path: Path) -> None:
    """No formations or an output folder holding files: exit 2; a score that is no weighted
    sum, or a file of another kind: exit 1 with the code."""
    name = "gayungan-2026.yaml"
    paths = _inputs(tmp_path, name)
    out = tmp_path / "out"
    stream = io.StringIO()
    assert (
        main(["analyse", str(RUBRICS / name), str(paths["candidates"]), "--out", str(out)], stream)
        == 2
    )
    out.mkdir()
    (out / "keep.txt").write_text("x", encoding="utf-8")
    assert _analyse(name, paths, out)[0] == 2
    code, _ = _analyse(name, paths, tmp_path / "other", "--score", "tes")
    assert code == 1
    framework = RUBRICS / "kamus-kompetensi-permenpanrb-38-2017.yaml"
    assert (
        main(
            [
                "analyse",
                str(framework),
                str(paths["candidates"]),
                str(paths["formations"]),
                "--out",
                str(tmp_path / "third"),
            ],
            stream,
        )
        == 1
    )


def test_an_error_names_its_code_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An option the analysis cannot use is one line with its stable code, no traceback."""
    name = "cpns-2024.yaml"
    paths = _inputs(tmp_path, name)
    code, _ = _analyse(name, paths, tmp_path / "out", "--error", "skx=2")
    assert code == 1
    err = capsys.readouterr().err
    assert "analysis.invalid-option" in err
    assert "Traceback" not in err


def test_nobody_reaching_the_weighted_stage_is_said_not_a_traceback(tmp_path: Path) -> None:
    """Another policy's tables (every row invalid for CPNS): exit 0, the page written, and a
    note that nobody reached the weighted stage."""
    paths = _inputs(tmp_path, "gayungan-2026.yaml")
    del paths["ratings"]
    code, said = _analyse("cpns-2024.yaml", paths, tmp_path / "out")
    assert code == 0, said
    assert "0 of 150 applicant row(s) reached the weighted stage" in said
    assert "no applicant reached the weighted stage" in said
    assert (tmp_path / "out" / "analysis.html").is_file()
