"""Plausible mistakes in the inputs are refused or flagged, never a silently different
decision: missing or mislabelled ratings, one id in two spellings, a misspelled column, a
birth date after the reference date."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

import asn_competency as asn
from asn_competency.audit.run_folder import write_outputs
from asn_competency.cli import main
from asn_competency.errors import PolicyError
from asn_competency.model import DateField, SelectionPolicy, StringField
from asn_competency.model.fields import compile_pattern
from asn_competency.pipeline.inputs import read_candidates, read_formations, read_ratings
from tests.conftest import RUBRICS
from tests.cpns_rows import candidate as cpns_candidate
from tests.cpns_rows import formation as cpns_formation
from tests.pipeline.test_inputs import COLUMNS, GOOD, HEADER, cpns
from tests.pipeline.test_rating import AS_OF, FORMATION, GAYUNGAN, STAGE, candidate, ratings

RATING_HEADER = "candidate_id,stage_id,rater_id,criterion_id,score\n"


def ratings_csv(tmp_path: Path, rows: list[dict[str, Any]], name: str = "r.csv") -> Path:
    """The rows as a ratings CSV file."""
    lines = [
        f"{r['candidate_id']},{r['stage_id']},{r['rater_id']},{r['criterion_id']},{r['score']}\n"
        for r in rows
    ]
    path = tmp_path / name
    path.write_text(RATING_HEADER + "".join(lines), encoding="utf-8")
    return path


def refused(ratings_source: Any, *people: str) -> PolicyError:
    """The error a Gayungan run of ``people`` (all reaching the interview) raises."""
    with pytest.raises(PolicyError) as info:
        asn.run(
            GAYUNGAN,
            [candidate(p) for p in people or ("A",)],
            formations=[FORMATION],
            ratings=ratings_source,
            as_of=AS_OF,
        )
    return info.value


# ------------------------------------------------------------------ ratings missing or mislabelled


def test_run_without_ratings_is_refused() -> None:
    """A rating stage that candidates reach, run with no ratings at all, is refused
    (input.ratings-missing), not a run where everyone is absent."""
    error = refused(None, "A", "B")
    assert error.codes == ["input.ratings-missing"]
    assert "2 candidate(s) reach the rating stage 'wawancara'" in error.problems[0].message


def test_header_only_ratings_file_is_refused(tmp_path: Path) -> None:
    """A ratings file with a header and no rows is refused, naming the file."""
    path = tmp_path / "r.csv"
    path.write_text(RATING_HEADER, encoding="utf-8")
    error = refused(path)
    assert error.codes == ["input.ratings-missing"]
    assert error.problems[0].file == str(path)
    assert "has no rows" in error.problems[0].message


def test_stage_id_in_another_case_is_an_unknown_stage(tmp_path: Path) -> None:
    """A stage_id that differs from the policy's by case is input.unknown-stage at its row
    and column, with the policy's spelling as the hint."""
    rows = [{**r, "stage_id": "Wawancara"} for r in ratings("A")]
    error = refused(ratings_csv(tmp_path, rows))
    assert set(error.codes) == {"input.unknown-stage"}
    first = error.problems[0]
    assert (first.line, first.column, first.value) == (2, 2, "Wawancara")
    assert first.hint is not None
    assert "'wawancara'" in first.hint


def test_ratings_for_a_test_stage_are_an_unknown_stage() -> None:
    """Ratings naming a stage that is not a rating stage (the written test) are refused."""
    rows = [{**r, "stage_id": "tes_kompetensi"} for r in ratings("A")]
    assert set(refused(rows).codes) == {"input.unknown-stage"}


def test_unknown_criterion_is_refused(tmp_path: Path) -> None:
    """A criterion the stage does not have is input.unknown-criterion at its row and column."""
    rows = ratings("A")
    rows[4] = {**rows[4], "criterion_id": "M.99"}
    error = refused(ratings_csv(tmp_path, rows))
    assert error.codes == ["input.unknown-criterion"]
    assert (error.problems[0].line, error.problems[0].column) == (6, 4)


def test_ratings_for_some_candidates_leave_the_others_absent() -> None:
    """With ratings for the stage, a candidate the file does not rate did not attend: absent,
    while the rated candidate is decided."""
    result = asn.run(
        GAYUNGAN,
        [candidate("A"), candidate("B")],
        formations=[{**FORMATION, "quota": 2}],
        ratings=ratings("A"),
        as_of=AS_OF,
    )
    outcomes = {d.candidate_id: d.stage(STAGE.id).outcome for d in result}
    assert outcomes == {"A": "advanced", "B": "absent"}


def test_no_ratings_needed_when_nobody_reaches_the_stage() -> None:
    """When no candidate reaches the rating stage, a run without ratings is not refused."""
    failed = {**candidate("A"), "tes_pelayanan": 10}
    (decision,) = asn.run(GAYUNGAN, [failed], formations=[FORMATION], as_of=AS_OF)
    assert decision.stage(STAGE.id).outcome == "not_reached"


def test_partial_run_marks_unrated_candidates_pending() -> None:
    """Asked for explicitly (ratings_pending=True), a run without ratings decides the other
    stages and leaves those who reach the rating stage needs_review, never absent."""
    (decision,) = asn.run(
        GAYUNGAN, [candidate("A")], formations=[FORMATION], as_of=AS_OF, ratings_pending=True
    )
    assert decision.stage(STAGE.id).outcome == "needs_review"
    assert decision.final_status == "needs_review"


def test_cli_run_without_ratings_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`run` of a policy with a rating stage and no --ratings exits 1 with the problem line,
    no traceback and no run folder."""
    (tmp_path / "c.csv").write_text(
        "candidate_id,formation_id,status_kepegawaian,birth_date,education_level,"
        "dokumen_lengkap,tes_pelayanan,tes_teknologi\nA,G1,PNS,1996-01-01,S1,true,80,75\n",
        encoding="utf-8",
    )
    (tmp_path / "f.csv").write_text(
        "formation_id,quota,track,position,education_level,agency,location\n"
        "G1,1,umum,Pengadministrasi Layanan Publik,S1,Kecamatan Gayungan,Gayungan\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    code = main(
        [
            "run", str(RUBRICS / "gayungan-2026.yaml"), str(tmp_path / "c.csv"),
            "--formations", str(tmp_path / "f.csv"), "--as-of", "2026-03-31",
            "--out", str(tmp_path / "o"),
        ],
        out=out,
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "input.ratings-missing" in err
    assert "Traceback" not in err
    assert not (tmp_path / "o" / "results.csv").exists()


# --------------------------------------------------------------------------------- rater identity


@pytest.mark.parametrize(
    "other",
    ["r1", "R1\u200b", "R\u200d1", "\u24c71", "\uff321", "R\u00a01"],
    ids=["case", "zero-width-space", "zero-width-joiner", "circled", "full-width", "nbsp"],
)
def test_one_rater_in_two_spellings_is_refused(other: str) -> None:
    """A rater id written a second way (case, zero-width characters, full-width letters) is
    refused (input.id-spelling), never counted as another rater toward min_raters."""
    rows = [r for r in ratings("A") if r["rater_id"] != "R3"]
    for r in list(rows):
        if r["rater_id"] == "R1":
            rows.append({**r, "rater_id": other})
    if other == "R\u00a01":  # NBSP inside: the same as 'R 1'
        rows = [{**r, "rater_id": "R 1"} if r["rater_id"] == "R1" else r for r in rows]
    error = refused(rows)
    assert set(error.codes) == {"input.id-spelling"}
    assert error.problems[0].hint is not None


def test_one_candidate_in_two_spellings_in_ratings_is_refused() -> None:
    """A candidate id written a second way inside the ratings file is refused."""
    rows = ratings("A")
    rows[1] = {**rows[1], "candidate_id": "a"}
    assert "input.id-spelling" in refused(rows).codes


def test_id_spelling_problem_is_located(tmp_path: Path) -> None:
    """The second spelling is reported at its line and column, citing the first's line."""
    rows = ratings("A")
    rows[5] = {**rows[5], "rater_id": "r3"}  # R3 is first on line 4
    table = read_ratings(ratings_csv(tmp_path, rows))
    (problem,) = table.problems
    assert (problem.code, problem.line, problem.column) == ("input.id-spelling", 7, 3)
    assert "letter case" in problem.message
    assert problem.related == (f"{tmp_path / 'r.csv'}:4",)


# ------------------------------------------------------------------- candidate and formation ids


def cpns_row() -> dict[str, Any]:
    """A valid CPNS 2024 candidate row."""
    return dict(GOOD)


def digits_policy() -> SelectionPolicy:
    """CPNS 2024 with the registration number declared as digits, written ``\\d``."""
    policy = cpns()
    fields = {**policy.candidate_fields}
    fields["candidate_id"] = StringField(type="string", pattern=r"\d{1,32}")
    return policy.model_copy(update={"candidate_fields": fields})


def test_pattern_digits_are_ascii_digits_as_in_json_schema() -> None:
    """A pattern's \\d matches 0-9 only, as in JSON Schema: full-width and Arabic-Indic
    spellings of one registration number are input.range, and the full-width one makes the
    number a duplicate: never three applicants."""
    rows = [
        {**cpns_row(), "candidate_id": "123"},
        {**cpns_row(), "candidate_id": "\uff11\uff12\uff13"},  # full-width
        {**cpns_row(), "candidate_id": "\u0661\u0662\u0663"},  # Arabic-Indic
    ]
    table = read_candidates(rows, digits_policy())
    assert [[p.code for p in r.problems] for r in table.rows] == [
        ["input.duplicate-id"],
        ["input.range", "input.duplicate-id"],
        ["input.range"],
    ]


def test_pattern_is_compiled_as_json_schema_reads_it() -> None:
    """The one helper that compiles field patterns uses ASCII classes (\\d, \\w)."""
    assert compile_pattern(r"\d+").fullmatch("\uff11\uff12") is None
    assert compile_pattern(r"\w+").fullmatch("caf\u00e9") is None
    assert compile_pattern(r"\d+").fullmatch("2024") is not None


@pytest.mark.parametrize(
    "other",
    ["a-001", "A-001\u200b", "\uff21-001", "\ufeffA-001"],
    ids=["case", "zero-width-space", "full-width", "bom"],
)
def test_one_candidate_id_in_two_spellings_is_a_duplicate(other: str) -> None:
    """Candidate ids that differ only by case, invisible or full-width characters are one
    applicant: every copy is input.duplicate-id, never two applicants."""
    rows = [{**cpns_row(), "candidate_id": "A-001"}, {**cpns_row(), "candidate_id": other}]
    policy = cpns().model_copy(
        update={
            "candidate_fields": {
                **cpns().candidate_fields,
                "candidate_id": StringField(type="string"),
            }
        }
    )
    table = read_candidates(rows, policy)
    assert [[p.code for p in r.problems] for r in table.rows] == [["input.duplicate-id"]] * 2
    assert "written" in table.rows[0].problems[0].message


def test_one_formation_id_in_two_spellings_is_a_duplicate() -> None:
    """Formation ids that differ only by case are one formation: input.duplicate-id."""
    rows = [
        {"formation_id": "F-01", "quota": 1, "track": "umum"},
        {"formation_id": "f-01", "quota": 1, "track": "umum"},
    ]
    table = read_formations(rows, cpns())
    assert [p.code for p in table.problems] == ["input.duplicate-id"] * 2


# -------------------------------------------------------------------------- misspelled columns


@pytest.mark.parametrize(
    "written",
    ["SKB_CAT", "skb_cat\u200b", "Skb_Cat", "\uff53kb_cat", "skb_ctat", "skbcat"],
    ids=["upper", "zero-width", "mixed-case", "full-width", "slip", "missing-underscore"],
)
def test_misspelled_optional_column_is_a_header_problem(tmp_path: Path, written: str) -> None:
    """A near miss of an optional declared column (skb_cat) is input.header at its header
    cell with 'did you mean', not a column ignored whose scores count as missing."""
    header = HEADER.replace("skb_cat", written)
    path = tmp_path / "c.csv"
    path.write_text(header + "\n" + ",".join(GOOD.get(c, "") for c in COLUMNS) + "\n", "utf-8")
    with pytest.raises(PolicyError) as info:
        read_candidates(path, cpns())
    (problem,) = info.value.problems
    assert (problem.code, problem.line, problem.column) == ("input.header", 1, 9)
    assert "did you mean 'skb_cat'?" in problem.message


def test_misspelled_required_column_is_reported_once(tmp_path: Path) -> None:
    """A required column written in capitals is one problem naming the near miss."""
    path = tmp_path / "c.csv"
    path.write_text(HEADER.replace("birth_date", "BIRTH_DATE") + "\n", "utf-8")
    with pytest.raises(PolicyError) as info:
        read_candidates(path, cpns())
    (problem,) = info.value.problems
    assert (problem.code, problem.column, problem.value) == ("input.header", 3, "birth_date")


def test_misspelled_key_in_json_lines_is_a_header_problem(tmp_path: Path) -> None:
    """In JSON Lines a near-miss key is input.header at the first line that has it."""
    first = json.dumps({**GOOD, "candidate_id": "A-1"})
    second = json.dumps({**GOOD, "candidate_id": "A-2", "SKB_CAT": "400"})
    path = tmp_path / "c.jsonl"
    path.write_text(first + "\n" + second + "\n", "utf-8")
    with pytest.raises(PolicyError) as info:
        read_candidates(path, cpns())
    (problem,) = info.value.problems
    assert (problem.code, problem.line) == ("input.header", 2)


def test_unrelated_columns_stay_ignored(tmp_path: Path) -> None:
    """A column unlike any declared name is ignored and listed, as before."""
    path = tmp_path / "c.csv"
    row = ",".join(GOOD.get(c, "") for c in COLUMNS)
    path.write_text(HEADER + ",nama_lengkap,email\n" + row + ",Budi,b@x.id\n", "utf-8")
    table = read_candidates(path, cpns())
    assert table.ignored_columns == ("nama_lengkap", "email")
    assert table.rows[0].valid


def test_a_very_long_column_name_is_ignored_not_compared_letter_by_letter(
    tmp_path: Path,
) -> None:
    """A header cell of 100,000 characters (a hostile or broken file) is an ignored column:
    it is no slip of a declared name, whose length it is far from, so no edit distance is
    computed for it (which once took seconds and 90 MB: the fuzzing of the loaders found it)."""
    long = "x" * 100_000
    path = tmp_path / "c.csv"
    row = ",".join(GOOD.get(c, "") for c in COLUMNS)
    path.write_text(HEADER + f",{long}\n" + row + ",1\n", "utf-8")
    table = read_candidates(path, cpns())
    assert table.ignored_columns == (long,)
    assert table.rows[0].valid


def test_a_very_long_unknown_formation_id_gets_no_hint() -> None:
    """An unknown formation id of 100,000 characters is input.unknown-formation without a
    'did you mean' (no formation id is one edit from it), found without comparing it with
    every id's deletions."""
    policy = cpns()
    table = read_formations([{"formation_id": "F-01", "quota": 1, "track": "umum"}], policy)
    long = "F" * 100_000
    rows = read_candidates([{**GOOD, "formation_id": long}], policy).with_formations(table)
    (problem,) = rows.rows[0].problems
    assert (problem.code, problem.hint) == ("input.unknown-formation", None)


def test_misspelled_formation_column_is_a_header_problem() -> None:
    """A formation column written 'Location' is input.header, not an ignored column."""
    rows = [{"formation_id": "F-01", "quota": 1, "track": "umum", "Location": "Surabaya"}]
    with pytest.raises(PolicyError) as info:
        read_formations(rows, cpns())
    assert [p.value for p in info.value.problems] == ["location"]


# ---------------------------------------------------------------------------------- birth dates


@pytest.mark.parametrize(
    ("born", "said"),
    [
        (dt.date(2030, 1, 1), "is after the reference date 2024-09-10"),
        (dt.date(2024, 9, 11), "is after the reference date 2024-09-10"),
        (dt.date(1900, 1, 1), "gives an age of 124 on the reference date 2024-09-10, over 120"),
    ],
    ids=["future", "day-after", "age-124"],
)
def test_impossible_birth_date_is_invalid_input(born: dt.date, said: str) -> None:
    """A birth date after the reference date, or an age over 120 on it, makes the row
    invalid_input naming the field and the reason; such an applicant is never selected."""
    rows = [cpns_candidate("NEW", birth_date=born, twk=150, tiu=175, tkp=225, skb_cat=500)]
    fields = {**cpns().candidate_fields, "birth_date": DateField(type="date")}  # no minimum
    policy = cpns().model_copy(update={"candidate_fields": fields})
    (decision,) = asn.run(
        policy, rows, formations=[cpns_formation("F1")], as_of=dt.date(2024, 9, 10)
    )
    assert decision.final_status == "invalid_input"
    (problem,) = decision.problems
    assert (problem.code, problem.path) == ("input.range", ("birth_date",))
    assert said in problem.message


def test_birth_date_problem_is_located_in_csv(tmp_path: Path) -> None:
    """In a CSV file the birth date problem names the row's line and the column."""
    path = tmp_path / "c.csv"
    future = {**GOOD, "birth_date": "2030-01-01"}
    path.write_text(HEADER + "\n" + ",".join(future.get(c, "") for c in COLUMNS) + "\n", "utf-8")
    (decision,) = asn.run(
        cpns(), path, formations=[cpns_formation("F-01")], as_of=dt.date(2024, 9, 10)
    )
    (problem,) = decision.problems
    assert (problem.file, problem.line, problem.column) == (str(path), 2, 3)


def test_birth_on_the_reference_date_is_not_a_data_error() -> None:
    """A birth date on the reference date itself is possible data: the rules decide it."""
    rows = [cpns_candidate("BABY", birth_date=dt.date(2024, 9, 10))]
    (decision,) = asn.run(
        cpns(), rows, formations=[cpns_formation("F1")], as_of=dt.date(2024, 9, 10)
    )
    assert decision.final_status == "ineligible"


# ------------------------------------------------------------------ text that is not Unicode


def _surrogate_rows() -> list[dict[str, Any]]:
    """Three CPNS candidates: the first's id holds a lone surrogate (half a UTF-16 pair, as
    text decoded wrongly upstream gives), the second has a column whose name holds one."""
    rows = [cpns_candidate("A-1"), cpns_candidate("A-2"), cpns_candidate("A-3")]
    rows[0]["candidate_id"] = "A-\ud800"
    rows[1]["catatan\udc00"] = "x"
    return rows


def _check_lone_surrogates(result: asn.RunResult, tmp_path: Path) -> None:
    """The first two rows are invalid input with ``input.syntax``, the third is decided, and
    the run folder (records, results, manifest) is written and verifies."""
    rows = sorted(result.decisions, key=lambda d: d.row)
    assert [d.final_status for d in rows] == ["invalid_input", "invalid_input", "selected"]
    surrogate = rows[0].problems[0]
    assert surrogate.code == "input.syntax"
    assert surrogate.path == ("candidate_id",)
    assert "lone surrogate" in surrogate.message
    assert "\\ud800" in surrogate.message
    assert rows[0].candidate_id is None  # the text is kept out of the decision
    assert rows[1].problems[0].code == "input.syntax"
    policy_file = RUBRICS / "cpns-2024.yaml"
    write_outputs(result, tmp_path / "out", inputs={}, policy_file=policy_file, started=0.0)
    assert asn.verify(tmp_path / "out").ok


def test_python_rows_with_a_lone_surrogate_are_invalid_input_not_a_crash(tmp_path: Path) -> None:
    """A Python row whose text holds a lone surrogate (no UTF-8 file, record or digest can
    hold one) is ``invalid_input`` with ``input.syntax`` naming the column; the other rows
    are decided and the run folder is written and verifies."""
    result = asn.run(
        cpns(),
        _surrogate_rows(),
        formations=[cpns_formation("F1", quota=3)],
        as_of=dt.date(2024, 9, 10),
    )
    _check_lone_surrogates(result, tmp_path)


def test_a_data_frame_with_a_lone_surrogate_is_refused_where_its_csv_would_be(
    tmp_path: Path,
) -> None:
    """The same cells in a pandas DataFrame: a cell holding a lone surrogate makes its row
    unreadable (``input.syntax`` at the CSV line and column it would have), as a cell no CSV
    file could hold; a column label holding one is a header problem (``input.header``), the
    whole table refused as a CSV header would be."""
    pandas = pytest.importorskip("pandas")
    rows = _surrogate_rows()
    del rows[1]["catatan\udc00"]
    rows[1]["gpa"] = "3.\udc00"
    result = asn.run(
        cpns(),
        pandas.DataFrame(rows),
        formations=[cpns_formation("F1", quota=3)],
        as_of=dt.date(2024, 9, 10),
    )
    _check_lone_surrogates(result, tmp_path)
    first = sorted(result.decisions, key=lambda d: d.row)[0].problems[0]
    assert (first.line, first.column) == (2, 1)  # candidate_id, the frame's row 0
    with pytest.raises(PolicyError) as refused:
        asn.run(
            cpns(),
            pandas.DataFrame(_surrogate_rows()),
            formations=[cpns_formation("F1", quota=3)],
            as_of=dt.date(2024, 9, 10),
        )
    assert refused.value.problems[0].code == "input.header"
    assert "lone surrogate" in refused.value.problems[0].message


def test_a_json_lines_row_with_a_lone_surrogate_escape_is_unreadable(tmp_path: Path) -> None:
    """A JSON Lines row whose text escapes a lone surrogate (``"\\ud800"``: valid JSON, not
    Unicode text) is unreadable (``input.syntax`` at its line), the other rows decided."""
    rows = [cpns_candidate("A-1"), cpns_candidate("A-2")]
    lines = [json.dumps(row, default=str) for row in rows]
    lines[0] = lines[0].replace('"A-1"', '"A-\\ud800"')
    path = tmp_path / "candidates.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = asn.run(
        cpns(), path, formations=[cpns_formation("F1", quota=3)], as_of=dt.date(2024, 9, 10)
    )
    rows_out = sorted(result.decisions, key=lambda d: d.row)
    assert [d.final_status for d in rows_out] == ["invalid_input", "selected"]
    problem = rows_out[0].problems[0]
    assert (problem.code, problem.line) == ("input.syntax", 1)
    assert "lone surrogate" in problem.message
