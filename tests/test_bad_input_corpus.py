"""The bad-input corpus (``tests/fixtures/bad_inputs/``, its table ``expected.yaml``): every
bad candidates, formations or ratings table run through the command line gives its exit
status, and each problem its code, line and column, never a traceback; and what the library
writes from hostile cells, CSV (``results.csv``, the announcement) or HTML (the announcement,
the published criteria), cannot run in a spreadsheet or a browser."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from asn_competency.cli import main
from asn_competency.files import read_yaml
from asn_competency.files.csv_cells import FORMULA_START, csv_cell
from tests.conftest import RUBRICS

CORPUS = Path(__file__).parent / "fixtures" / "bad_inputs"
CASES: dict[str, dict[str, Any]] = read_yaml(CORPUS / "expected.yaml").data["cases"]

_CPNS_HEADER = "candidate_id,formation_id,birth_date,education_level,gpa,twk,tiu,tkp,skb_cat"
_RATINGS_HEADER = "candidate_id,stage_id,rater_id,criterion_id,score"

#: The cases written byte for byte by the test (``bytes: true`` in expected.yaml).
BYTES: dict[str, bytes] = {
    "candidates-bom-crlf.csv": b"\xef\xbb\xbf"
    + (
        f"{_CPNS_HEADER}\r\n"
        "A-001,F1,1996-05-17,S1,3.50,100,120,180,400\r\n"
        "A-002,F1,1996-05-17,S1,3.50,NaN,120,180,400\r\n"
    ).encode(),
    "candidates-mixed-line-endings.csv": (
        f"{_CPNS_HEADER}\r\n"
        "A-001,F1,1996-05-17,S1,3.50,100,120,180,400\n"
        "A-002,F1,1996-05-17,S1,3.50,100,120,180,400\r"
        "A-003,F1,1996-05-17,S1,3.50,100,999,180,400\n"
    ).encode(),
    "candidates-non-utf8.csv": (
        f"{_CPNS_HEADER},religion\nA-001,F1,1996-05-17,S1,3.50,100,120,180,400,Katolik\n"
    ).encode()
    + b"A-002,F1,1996-05-17,S1,3.50,100,120,180,400,Jos\xe9\n",
    "candidates-utf16.csv": (
        f"{_CPNS_HEADER}\nA-001,F1,1996-05-17,S1,3.50,100,120,180,400\n"
    ).encode("utf-16"),
    "candidates-nul-byte.csv": f"{_CPNS_HEADER}\n".encode()
    + b"A-001,F1\x00,1996-05-17,S1,3.50,100,120,180,400\n",
    "formations-non-utf8.csv": (
        b"formation_id,quota,track,location\nF1,2,umum,Surabaya\nF2,1,umum,Gayungan \xff\xfe\n"
    ),
    "ratings-non-utf8.csv": (
        f"{_RATINGS_HEADER}\nA1,wawancara,R1,M.01,3\n".encode() + b"A1,wawancara,R\xe91,M.01,3\n"
    ),
    "ratings-bom-crlf.csv": b"\xef\xbb\xbf"
    + (f"{_RATINGS_HEADER}\r\nA1,wawancara,R1,M.01,3\r\nA1,wawancara,R2,M.01,tiga\r\n").encode(),
}

#: A problem line: ``FILE[:LINE[:COL]]: CODE message`` (after the file).
_PROBLEM = re.compile(
    r"(?::(?P<line>\d+)(?::(?P<column>\d+))?)?: (?P<code>[a-z0-9-]+\.[a-z0-9.-]+) "
)

Located = tuple[str, int | None, int | None]


def _case_file(name: str, tmp_path: Path) -> Path:
    """The case's table: the fixture, or the bytes written to ``tmp_path``."""
    if CASES[name].get("bytes"):
        path = tmp_path / name
        path.write_bytes(BYTES[name])
        return path
    return CORPUS / name


def _argv(name: str, table: Path, out: Path) -> list[str]:
    """``run`` with the case's table in its place and the valid tables in the others."""
    kind = name.split("-", 1)[0]
    if kind == "ratings":
        return [
            "run", str(RUBRICS / "gayungan-2026.yaml"),
            str(CORPUS / "valid-gayungan-candidates.csv"),
            "--formations", str(CORPUS / "valid-gayungan-formations.csv"),
            "--ratings", str(table), "--as-of", "2026-03-31", "--out", str(out),
        ]  # fmt: skip
    candidates = table if kind == "candidates" else CORPUS / "valid-cpns-candidates.csv"
    formations = table if kind == "formations" else CORPUS / "valid-cpns-formations.csv"
    return [
        "run", str(RUBRICS / "cpns-2024.yaml"), str(candidates),
        "--formations", str(formations), "--out", str(out),
    ]  # fmt: skip


def _expected(name: str) -> list[Located]:
    return sorted(
        ((code, line, column) for code, line, column in CASES[name]["problems"]),
        key=_order,
    )


def _order(problem: Located) -> tuple[int, int, str]:
    return (problem[1] or 0, problem[2] or 0, problem[0])


def _printed(err: str, table: Path) -> list[Located]:
    """The problems printed on stderr, each on a line that starts with the table's path."""
    found = []
    for line in err.splitlines():
        assert line.startswith(str(table)), f"not a problem line of {table}: {line!r}"
        match = _PROBLEM.match(line, len(str(table)))
        assert match is not None, f"not FILE:LINE:COL: CODE message: {line!r}"
        number, column = match["line"], match["column"]
        found.append(
            (
                match["code"],
                None if number is None else int(number),
                None if column is None else int(column),
            )
        )
    return sorted(found, key=_order)


def _results(out: Path) -> list[dict[str, str]]:
    with (out / "results.csv").open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def _decisions(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "decisions.jsonl").read_text("utf-8").splitlines()]


def test_the_corpus_is_complete() -> None:
    """At least 30 bad tables; every case has its table (a file or bytes), every file of
    the folder is a case (or a valid table the cases run with)."""
    assert len(CASES) >= 30
    files = {p.name for p in CORPUS.iterdir()} - {"expected.yaml"}
    valid = {name for name in files if name.startswith("valid-")}
    assert files - valid == {name for name in CASES if not CASES[name].get("bytes")}
    assert set(BYTES) == {name for name in CASES if CASES[name].get("bytes")}
    assert all(name.split("-", 1)[0] in ("candidates", "formations", "ratings") for name in CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The case's exit status; with exit 1 the problem lines (code, line, column) and no run
    folder; with exit 0 each problem row an ``invalid_input`` decision (ERR) with its codes,
    at its line (``results.csv``'s ``row``), and the stage reasons expected; no traceback."""
    case = CASES[name]
    table = _case_file(name, tmp_path)
    out = tmp_path / "run"
    stdout = io.StringIO()
    code = main(_argv(name, table, out), out=stdout)
    err = capsys.readouterr().err
    assert "Traceback" not in stdout.getvalue() + err
    assert code == case["exit"], err
    if code != 0:
        assert _printed(err, table) == _expected(name)
        assert not (out / "manifest.json").exists()
        return
    results, decisions = _results(out), _decisions(out)
    assert len(results) == len(decisions)
    found: list[Located] = []
    for row, record in zip(results, decisions, strict=True):
        assert row["candidate_id"] == csv_cell(record["candidate_id"] or "")
        codes = [problem["code"] for problem in record["problems"]]
        if codes:
            assert (record["final_status"], record["final_status_label"]) == (
                "invalid_input",
                "ERR",
            )
            assert row["final_status_label"] == "ERR"
        else:
            assert record["final_status"] != "invalid_input"
        found += [(c, int(row["row"]), None) for c in codes]
    assert sorted(found, key=_order) == [(c, line, None) for c, line, _ in _expected(name)]
    for stage_id, reason_code, params in case.get("reasons", []):
        reasons = [
            reason
            for record in decisions
            for stage in record["stages"]
            if stage["stage_id"] == stage_id
            for reason in stage.get("reasons", [])
            if reason["code"] == reason_code
        ]
        assert any(params.items() <= reason.items() for reason in reasons), reasons


@pytest.mark.parametrize(
    "name", sorted(name for name, case in CASES.items() if case["exit"] == 0 and case["problems"])
)
def test_invalid_rows_are_located_by_column(name: str, tmp_path: Path) -> None:
    """The invalid candidate rows' problems as the run read them: code, line and column
    (the record keeps the field; the column is the reader's)."""
    from asn_competency import load_policy
    from asn_competency.pipeline.inputs import read_candidates, read_formations

    policy = load_policy(RUBRICS / "cpns-2024.yaml")
    formations = read_formations(CORPUS / "valid-cpns-formations.csv", policy)
    table = read_candidates(_case_file(name, tmp_path), policy).with_formations(formations)
    assert sorted(((p.code, p.line, p.column) for p in table.problems), key=_order) == (
        _expected(name)
    )


def _console(*argv: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    script = Path(sys.executable).with_name("asn-competency")
    return subprocess.run(
        [str(script), *argv], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    "name",
    [
        "candidates-non-utf8.csv",
        "candidates-stray-quote.csv",
        "formations-duplicate-id.csv",
        "ratings-nan-score.csv",
    ],
)
def test_console_script_prints_problems_not_tracebacks(name: str, tmp_path: Path) -> None:
    """Through the installed ``asn-competency``: the same exit status and problem lines, and
    nothing a user would read as a crash."""
    table = _case_file(name, tmp_path)
    done = _console(*_argv(name, table, tmp_path / "run"))
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == CASES[name]["exit"], done.stderr
    if done.returncode != 0:
        assert _printed(done.stderr, table) == _expected(name)


def _run_and_announce(candidates: str, formations: str, out: Path) -> tuple[int, int, int]:
    argv = [
        "run", str(RUBRICS / "cpns-2024.yaml"), str(CORPUS / candidates),
        "--formations", str(CORPUS / formations), "--out", str(out / "run"),
    ]  # fmt: skip
    run = main(argv, out=io.StringIO())
    as_csv = main(["announce", str(out / "run"), "--out", str(out / "a.csv")], out=io.StringIO())
    as_html = main(["announce", str(out / "run"), "--out", str(out / "a.html")], out=io.StringIO())
    return run, as_csv, as_html


_FORMULAS = ('=HYPERLINK("http://x","y")', "+cmd", "-1+1", "@SUM(A1)", "-A6")


def test_formula_cells_are_neutralised_in_every_csv_written(tmp_path: Path) -> None:
    """Candidate and formation ids a spreadsheet would run (``=HYPERLINK(...)``, ``+cmd``,
    ``-1+1``, ``@SUM(A1)``, and a valid id ``-A6``) come out of ``results.csv`` and the
    announcement's CSV with a leading apostrophe; no cell of either starts a formula."""
    assert _run_and_announce(
        "candidates-formula-injection.csv", "formations-formula-injection.csv", tmp_path
    ) == (0, 0, 0)
    results = _results(tmp_path / "run")
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as stream:
        announced = list(csv.reader(stream))
    for rows in ([list(r.values()) for r in results], announced):
        cells = [cell for row in rows for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
        for text in _FORMULAS:
            assert "'" + text in cells
    placed = next(r for r in results if r["candidate_id"] == "A-007")
    assert placed["formation_id"] == placed["placement_formation_id"] == "'" + _FORMULAS[0]
    assert (placed["final_status_label"], announced[1][:2]) == ("L", ["A-007", "'" + _FORMULAS[0]])


_MARKUP = (
    "<script>alert(1)</script>",
    "<b>F2</b>",
    "<img src=x onerror=alert(1)>",
    "<b>Pemkot</b>",
)


def _assert_escaped(html: str, texts: tuple[str, ...]) -> None:
    for text in texts:
        assert text not in html
        assert text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html


def test_markup_in_inputs_is_escaped_in_the_html_announcement(tmp_path: Path) -> None:
    """A candidate id holding ``<script>`` and a formation id holding ``<b>`` come out of
    the HTML announcement as text; the page has no script."""
    assert _run_and_announce(
        "candidates-html-markup.csv", "formations-html-markup.csv", tmp_path
    ) == (0, 0, 0)
    html = (tmp_path / "a.html").read_text("utf-8")
    _assert_escaped(html, _MARKUP[:2])
    assert "<script" not in html.lower()


def test_markup_in_a_policy_and_formations_is_escaped_when_published(tmp_path: Path) -> None:
    """``publish`` of a CPNS 2024 copy whose name and a track name hold markup, with
    formations whose texts and id hold markup: every one is text in the HTML page."""
    text = (RUBRICS / "cpns-2024.yaml").read_text("utf-8")
    changed = text.replace(
        "name: {id: Umum, en: General}",
        'name: {id: "<script>alert(1)</script> Umum", en: "<b>General</b> & co"}',
        1,
    ).replace(
        "  id: Seleksi Calon Pegawai Negeri Sipil",
        "  id: <script>alert(1)</script> Seleksi Calon Pegawai Negeri Sipil",
        1,
    )
    assert changed.count("<script>") == 2
    policy = tmp_path / "cpns-2024.yaml"
    policy.write_text(changed, "utf-8")
    argv = [
        "publish", str(policy), "--formations", str(CORPUS / "formations-html-markup.csv"),
        "--out", str(tmp_path / "criteria.html"),
    ]  # fmt: skip
    code = main(argv, out=io.StringIO())
    assert code == 0
    html = (tmp_path / "criteria.html").read_text("utf-8")
    _assert_escaped(html, (*_MARKUP, "<b>General</b> & co"))
    assert "<script" not in html.lower()
