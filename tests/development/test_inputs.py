"""The assessments and performance tables: typed values, every problem coded and located, the
history kept whole, and duplicates refused rather than guessed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import asn_competency as asn
from asn_competency.development import (
    ASSESSMENT_COLUMNS,
    PERFORMANCE_COLUMNS,
    read_assessments,
    read_performance,
)
from asn_competency.errors import PolicyError
from tests.conftest import FIXTURES, RUBRICS

EXAMPLES = FIXTURES / "development"
HEADER = ",".join(ASSESSMENT_COLUMNS)


def _write(tmp_path: Path, text: str, name: str = "assessments.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_examples_read_without_problems() -> None:
    """The example tables under tests/fixtures/development read cleanly against the shipped
    standard: 5 people × 13 competencies at selection, 6 re-assessments, 5 SKP ratings."""
    skj = asn.load_standard(RUBRICS / "skj-gayungan-pelayanan-publik.yaml")
    table = read_assessments(EXAMPLES / "assessments.csv", skj)
    assert table.problems == ()
    assert len(table.assessments) == 5 * 13 + 6
    assert table.employees() == ("GAY-001", "GAY-002", "GAY-003", "GAY-004", "GAY-005")
    performance = read_performance(EXAMPLES / "performance.csv")
    assert performance.problems == ()
    assert len(performance.ratings) == 5


def test_history_is_kept_and_the_level_in_force_is_the_latest() -> None:
    """Two dated assessments of one competency are both kept, oldest first; the level in
    force on a date is the latest on or before it."""
    table = read_assessments(EXAMPLES / "assessments.csv")
    history = table.history("GAY-003", "M.03")
    assert [(a.date, a.level, a.source) for a in history] == [
        (dt.date(2025, 11, 20), 1, "seleksi"),
        (dt.date(2026, 11, 16), 2, "uji_kompetensi"),
    ]
    assert table.in_force("GAY-003", dt.date(2026, 11, 15))["M.03"].level == 1
    assert table.in_force("GAY-003", dt.date(2026, 11, 16))["M.03"].level == 2
    assert table.in_force("GAY-003", dt.date(2025, 11, 19)) == {}


def test_bad_values_are_coded_and_located(tmp_path: Path) -> None:
    """A level out of 0–5 (input.range), a date that is not YYYY-MM-DD (input.type), an
    unknown source code (input.range) and an empty assessor (input.missing), each at its
    line and column; the good row is kept."""
    path = _write(
        tmp_path,
        f"{HEADER}\n"
        "E1,M.01,6,2025-11-20,seleksi,panel\n"
        "E1,M.02,2,20-11-2025,seleksi,panel\n"
        "E1,M.03,2,2025-11-20,wawancara,panel\n"
        "E1,M.04,2,2025-11-20,seleksi,\n"
        "E1,M.05,2,2025-11-20,uji_kompetensi,BKPSDM\n",
    )
    table = read_assessments(path)
    assert [(p.code, p.line, p.column) for p in table.problems] == [
        ("input.range", 2, 3),
        ("input.type", 3, 4),
        ("input.range", 4, 5),
        ("input.missing", 5, 6),
    ]
    assert all(p.file == str(path) for p in table.problems)
    assert [a.competency for a in table.assessments] == ["M.05"]
    with pytest.raises(PolicyError):
        table.raise_for_problems()


def test_header_must_be_exact(tmp_path: Path) -> None:
    """A misspelled column is input.header at the header line, naming the column meant."""
    path = _write(tmp_path, "employee_id,competency,levle,date,source,assessor\n")
    with pytest.raises(PolicyError) as caught:
        read_assessments(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.value) == ("input.header", 1, "level")


def test_unknown_competency_is_located(tmp_path: Path) -> None:
    """Against a standard, a competency it does not require is input.unknown-competency at the
    competency cell, with the nearest id."""
    skj = asn.load_standard(RUBRICS / "skj-gayungan-pelayanan-publik.yaml")
    path = _write(tmp_path, f"{HEADER}\nE1,T.GAY.3,1,2025-11-20,seleksi,panel\n")
    (problem,) = read_assessments(path, skj).problems
    assert (problem.code, problem.line, problem.column) == ("input.unknown-competency", 2, 2)
    assert problem.hint == "did you mean 'T.GAY.03'?"


def test_a_repeated_entry_is_refused_whole(tmp_path: Path) -> None:
    """Two assessments of E1's M.01 on one date (levels 1 and 3): input.duplicate-entry at the
    second line, and neither level is used; the same for an SKP year given twice."""
    path = _write(
        tmp_path,
        f"{HEADER}\n"
        "E1,M.01,1,2025-11-20,seleksi,panel\n"
        "E1,M.02,2,2025-11-20,seleksi,panel\n"
        "E1,M.01,3,2025-11-20,seleksi,panel B\n",
    )
    table = read_assessments(path)
    (problem,) = table.problems
    assert (problem.code, problem.line) == ("input.duplicate-entry", 4)
    assert problem.related == (f"{path}:2",)
    assert [a.competency for a in table.assessments] == ["M.02"]
    ratings = read_performance(
        [
            {"employee_id": "E1", "period": "2025", "rating": "baik"},
            {"employee_id": "E1", "period": "2025", "rating": "sangat_baik"},
        ]
    )
    assert [p.code for p in ratings.problems] == ["input.duplicate-entry"]
    assert ratings.ratings == ()


def test_an_id_in_two_spellings_is_refused(tmp_path: Path) -> None:
    """'gay-001' after 'GAY-001' would split one person's history: input.id-spelling."""
    path = _write(
        tmp_path,
        f"{HEADER}\nGAY-001,M.01,1,2025-11-20,seleksi,panel\ngay-001,M.02,1,2025-11-20,seleksi,p\n",
    )
    (problem,) = read_assessments(path).problems
    assert (problem.code, problem.line, problem.column) == ("input.id-spelling", 3, 1)


def test_skp_ratings_use_the_permenpanrb_6_2022_scale() -> None:
    """docs/domain.md, "Talent management, development and performance": sangat baik, baik,
    butuh perbaikan, kurang, sangat kurang; another word is input.range with a hint."""
    table = read_performance(
        [
            {"employee_id": "E1", "period": "2025", "rating": "butuh_perbaikan"},
            {"employee_id": "E2", "period": "2025", "rating": "cukup"},
            {"employee_id": "E3", "period": "2025", "rating": "Baik"},
        ]
    )
    assert [(r.employee_id, r.rating) for r in table.ratings] == [("E1", "butuh_perbaikan")]
    assert [(p.code, p.line) for p in table.problems] == [("input.range", 2), ("input.range", 3)]
    assert table.problems[1].hint == "did you mean 'baik'? codes are case-sensitive"
    assert PERFORMANCE_COLUMNS == ("employee_id", "period", "rating")


def test_the_latest_rating_up_to_a_year() -> None:
    """latest(e, year) is the rating of the latest year up to it, or None."""
    table = read_performance(
        [
            {"employee_id": "E1", "period": "2026", "rating": "baik"},
            {"employee_id": "E1", "period": "2024", "rating": "kurang"},
        ]
    )
    assert table.latest("E1", 2025) is not None
    assert table.latest("E1", 2025).rating == "kurang"  # type: ignore[union-attr]
    assert table.latest("E1", 2026).rating == "baik"  # type: ignore[union-attr]
    assert table.latest("E1", 2023) is None


def test_float_levels_are_refused() -> None:
    """A binary float from Python is input.type: levels are read exactly."""
    table = read_assessments(
        [
            {
                "employee_id": "E1",
                "competency": "M.01",
                "level": 2.0,
                "date": "2025-11-20",
                "source": "seleksi",
                "assessor": "panel",
            }
        ]
    )
    assert [p.code for p in table.problems] == ["input.type"]


def test_json_lines_problems_are_located_by_line(tmp_path: Path) -> None:
    """From JSON Lines, a bad level is located at its line; a missing key is input.missing."""
    path = _write(
        tmp_path,
        '{"employee_id": "E1", "competency": "M.01", "level": 1, "date": "2025-11-20", '
        '"source": "seleksi", "assessor": "panel"}\n'
        '{"employee_id": "E1", "competency": "M.02", "level": 9, "date": "2025-11-20", '
        '"source": "seleksi", "assessor": "panel"}\n'
        '{"employee_id": "E1", "competency": "M.03", "level": 1, "date": "2025-11-20", '
        '"source": "seleksi"}\n',
        name="assessments.jsonl",
    )
    table = read_assessments(path)
    assert [(p.code, p.line) for p in table.problems] == [("input.range", 2), ("input.missing", 3)]
    assert [a.competency for a in table.assessments] == ["M.01"]
