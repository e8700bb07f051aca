"""Input tables: raw reading (CSV, JSON Lines), typing against the CPNS 2024 policy, every
problem code located, and the 'nothing lost' and order-independence properties."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import asn_competency
from asn_competency.errors import NearNames, PolicyError, Problem, did_you_mean
from asn_competency.files.tables import read_table, read_table_text
from asn_competency.model import SelectionPolicy
from asn_competency.pipeline.inputs import (
    CandidateRow,
    CandidateTable,
    read_candidates,
    read_formations,
    read_ratings,
)
from tests.conftest import FIXTURES

INPUTS = FIXTURES / "inputs"
HEADER = (
    "candidate_id,formation_id,birth_date,education_level,gpa,twk,tiu,tkp,skb_cat,skb_extra,"
    "gender,religion,region_of_origin,disability"
)
COLUMNS = HEADER.split(",")
GOOD = {
    "candidate_id": "A-001",
    "formation_id": "F-01",
    "birth_date": "1998-02-28",
    "education_level": "S1",
    "gpa": "3.50",
    "twk": "100",
    "tiu": "120",
    "tkp": "170",
}


@functools.cache
def cpns() -> SelectionPolicy:
    """The shipped CPNS 2024 policy."""
    policy = asn_competency.load(asn_competency.shipped("cpns-2024.yaml"))
    assert isinstance(policy, SelectionPolicy)
    return policy


def csv_text(*rows: Mapping[str, str]) -> str:
    """A candidates CSV with the full header and one line per row (missing cells empty)."""
    lines = [HEADER] + [",".join(row.get(c, "") for c in COLUMNS) for row in rows]
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    """Write a file under ``tmp_path``, as bytes exactly when given bytes."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def one(tmp_path: Path, **cells: str) -> CandidateRow:
    """The single row of a CSV whose only data row is GOOD changed by ``cells``."""
    table = read_candidates(write(tmp_path, "c.csv", csv_text({**GOOD, **cells})), cpns())
    assert len(table.rows) == 1
    return table.rows[0]


def codes(row: CandidateRow) -> list[str]:
    """The codes of a row's problems, in order."""
    return [p.code for p in row.problems]


# --- raw tables ---------------------------------------------------------------------------


def test_csv_with_bom_and_crlf(tmp_path: Path) -> None:
    """A UTF-8 CSV with a byte-order mark and CRLF line ends reads like a plain one."""
    text = csv_text(GOOD, {**GOOD, "candidate_id": "A-002", "gender": "L", "disability": "ya"})
    path = write(tmp_path, "c.csv", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    table = read_candidates(path, cpns())
    assert table.columns == tuple(COLUMNS)
    assert [r.row for r in table.rows] == [2, 3]
    first, second = table.rows
    assert first.valid
    assert first.values == {
        "candidate_id": "A-001",
        "formation_id": "F-01",
        "birth_date": dt.date(1998, 2, 28),
        "education_level": "S1",
        "gpa": Decimal("3.5"),
        "twk": 100,
        "tiu": 120,
        "tkp": 170,
    }
    assert second.protected == {"gender": "L", "disability": True}
    plain = read_candidates(write(tmp_path, "p.csv", text), cpns())
    assert [r.values for r in plain.rows] == [r.values for r in table.rows]
    assert [r.digest for r in plain.rows] == [r.digest for r in table.rows]


def test_jsonl_candidates_are_read_exactly() -> None:
    """JSON Lines: numbers exact, null missing, blank lines skipped, extra keys ignored."""
    table = read_candidates(INPUTS / "candidates.jsonl", cpns())
    assert [r.row for r in table.rows] == [1, 3]
    assert table.ignored_columns == ("note",)
    first, second = table.rows
    assert first.values["gpa"] == Decimal("3.5")
    assert isinstance(first.values["twk"], int)
    assert first.protected == {"gender": "P", "disability": False}
    assert "twk" not in second.values
    assert all(r.valid for r in table.rows)


def test_raw_csv_values_are_strings_and_empty_is_none() -> None:
    """CSV cells stay strings; an empty cell is None; header names are stripped."""
    table = read_table_text(" a , b \n1,\n", file="t.csv", format="csv")
    assert table.columns == ("a", "b")
    assert table.header_line == 1
    assert table.rows[0].values == {"a": "1", "b": None}
    assert table.column_number("b") == 2


def test_a_table_format_other_than_csv_or_jsonl_is_refused() -> None:
    """read_table_text of a format it does not read is PolicyError file.unreadable (as a file
    of another ending is for read_table), naming the format and the nearest one."""
    with pytest.raises(PolicyError) as caught:
        read_table_text("a\n1\n", file="t.txt", format="json")  # type: ignore[arg-type]
    (problem,) = caught.value.problems
    assert (problem.code, problem.file, problem.value) == ("file.unreadable", "t.txt", "json")
    assert problem.message == "cannot read a table of format 'json': tables are csv or jsonl"
    assert problem.hint == "did you mean 'jsonl'?"


def test_quoted_newline_keeps_line_numbers(tmp_path: Path) -> None:
    """A quoted line break makes one row; the rows after it keep their physical lines."""
    text = (
        "candidate_id,formation_id,birth_date,education_level,religion\n"
        'A-1,F-01,1998-02-28,S1,"Islam\nSunni"\n'
        "A-2,F-01,1998-02-28,S1,Hindu\n"
        "A-3,F-01,1998-02-28,S9,\n"
    )
    table = read_candidates(write(tmp_path, "c.csv", text), cpns())
    assert [r.row for r in table.rows] == [2, 4, 5]
    assert table.rows[0].protected["religion"] == "Islam\nSunni"
    (problem,) = table.rows[2].problems
    assert (problem.line, problem.column, problem.code) == (5, 4, "input.range")


def test_bad_quoting_keeps_every_row(tmp_path: Path) -> None:
    """A broken quote is one input.syntax row; reading resumes on the next line."""
    header, good, other = csv_text(GOOD, {**GOOD, "candidate_id": "A-003"}).splitlines()
    text = "\n".join([header, good, 'A-002,"F-01,1998', other]) + "\n"
    table = read_candidates(write(tmp_path, "c.csv", text), cpns())
    assert [r.row for r in table.rows] == [2, 3, 4]
    broken = table.rows[1]
    assert broken.problems[0].code == "input.syntax"
    assert broken.problems[0].line == 3
    assert broken.candidate_id == "A-002"
    assert table.rows[2].candidate_id == "A-003"
    assert table.rows[2].valid


def test_jsonl_line_that_is_not_an_object(tmp_path: Path) -> None:
    """A JSON line that is a list or invalid is an input.syntax row, kept in place."""
    good = json.dumps(GOOD)
    path = write(tmp_path, "c.jsonl", f"{good}\n[1, 2]\n{{oops\n")
    table = read_candidates(path, cpns())
    assert [r.row for r in table.rows] == [1, 2, 3]
    assert [codes(r) for r in table.rows] == [[], ["input.syntax"], ["input.syntax"]]
    assert table.rows[2].problems[0].column == 2


def test_not_utf8_is_located(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 stop reading with file.not-utf8 and their line and column."""
    path = write(tmp_path, "c.csv", HEADER.encode() + b"\nA-1,F\xe9-01\n")
    with pytest.raises(PolicyError) as caught:
        read_table(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.column) == ("file.not-utf8", 2, 6)


def test_unknown_table_format(tmp_path: Path) -> None:
    """A file that is neither CSV nor JSON Lines is refused by its ending."""
    with pytest.raises(PolicyError) as caught:
        read_table(write(tmp_path, "c.xlsx", "x"))
    assert caught.value.codes == ["file.unreadable"]


# --- every problem code, with its row and column --------------------------------------------


@pytest.mark.parametrize(
    ("cells", "code", "column"),
    [
        ({"tkp": "2o5"}, "input.type", 8),
        ({"tkp": "300"}, "input.range", 8),
        ({"twk": "1.0"}, "input.type", 6),
        ({"twk": "1e3"}, "input.type", 6),
        ({"twk": "1 000"}, "input.type", 6),
        ({"gpa": "3.255"}, "input.range", 5),
        ({"gpa": "4.01"}, "input.range", 5),
        ({"birth_date": "28/02/1998"}, "input.type", 3),
        ({"birth_date": "1998-2-28"}, "input.type", 3),
        ({"birth_date": "1949-12-31"}, "input.range", 3),
        ({"education_level": "s1"}, "input.range", 4),
        ({"education_level": " "}, "input.missing", 4),
        ({"birth_date": ""}, "input.missing", 3),
        ({"candidate_id": "A 001"}, "input.range", 1),
        ({"formation_id": ""}, "input.missing", 2),
    ],
)
def test_value_problems_are_located(
    tmp_path: Path, cells: dict[str, str], code: str, column: int
) -> None:
    """Each malformed value gives its code at its row (line 2) and CSV column."""
    row = one(tmp_path, **cells)
    (problem,) = row.problems
    name = next(iter(cells))
    assert (problem.code, problem.line, problem.column, problem.path) == (code, 2, column, (name,))
    assert problem.file is not None
    assert problem.file.endswith("c.csv")
    assert problem.value == (cells[name] or None)


def test_message_names_field_expectation_and_value(tmp_path: Path) -> None:
    """The message says what was expected and what arrived."""
    (problem,) = one(tmp_path, tkp="2o5").problems
    assert problem.message == "'tkp' must be an integer from 0 to 225 (got '2o5', a string)"


def test_comma_is_not_a_decimal_separator(tmp_path: Path) -> None:
    """'3,25' is refused, and the message says why."""
    (problem,) = one(tmp_path, gpa='"3,25"').problems
    assert problem.code == "input.type"
    assert "not ','" in problem.message


@pytest.mark.parametrize(
    ("text", "value"),
    [(" 12 ", 12), ("+5", 5), ("-0", 0), ("007", 7)],
)
def test_integers_accepted(tmp_path: Path, text: str, value: int) -> None:
    """Sign and digits, with surrounding space, read as an integer."""
    assert one(tmp_path, skb_cat=text).values["skb_cat"] == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("TRUE", True), ("false", False), ("1", True), ("0", False), ("Ya", True), ("tidak", False)],
)
def test_booleans_accepted(tmp_path: Path, text: str, value: bool) -> None:
    """true/false, 1/0 and ya/tidak in any case read as booleans."""
    assert one(tmp_path, disability=text).protected["disability"] is value


def test_protected_attribute_problems_are_warnings(tmp_path: Path) -> None:
    """A malformed protected attribute never makes the row invalid: it is a warning."""
    row = one(tmp_path, gender="X", disability="yes")
    assert row.valid
    assert [(p.code, p.severity) for p in row.protected_problems] == [
        ("input.range", "warning"),
        ("input.type", "warning"),
    ]
    assert "gender" not in row.protected


def test_missing_column_is_a_header_problem(tmp_path: Path) -> None:
    """A table without formation_id or a required field stops with input.header."""
    path = write(tmp_path, "c.csv", "candidate_id,birth_date,tkp\nA-1,1998-02-28,100\n")
    with pytest.raises(PolicyError) as caught:
        read_candidates(path, cpns())
    assert caught.value.codes == ["input.header"] * 2
    missing = [p.value for p in caught.value.problems]
    assert missing == ["formation_id", "education_level"]
    assert "its columns are: candidate_id, birth_date, tkp" in caught.value.problems[0].message


def test_repeated_header_is_a_header_problem(tmp_path: Path) -> None:
    """The same column named twice stops with input.header at the second one."""
    with pytest.raises(PolicyError) as caught:
        read_table(write(tmp_path, "c.csv", "a,b,a\n1,2,3\n"))
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.column) == ("input.header", 1, 3)


def test_wrong_value_count_is_a_syntax_problem(tmp_path: Path) -> None:
    """A row with more values than the header has columns is input.syntax, kept."""
    text = csv_text(GOOD).rstrip("\n") + ",extra\n"
    table = read_candidates(write(tmp_path, "c.csv", text), cpns())
    (problem,) = table.rows[0].problems
    assert (problem.code, problem.line, problem.column) == ("input.syntax", 2, 15)
    assert table.rows[0].candidate_id == "A-001"


def test_duplicates_flag_every_copy(tmp_path: Path) -> None:
    """A candidate id on three rows makes all three invalid, each naming the other rows in
    ``related`` (the message itself does not depend on where the rows are)."""
    text = csv_text(GOOD, {**GOOD, "candidate_id": "A-002"}, GOOD, GOOD)
    table = read_candidates(write(tmp_path, "c.csv", text), cpns())
    dup = ["input.duplicate-id"]
    assert [codes(r) for r in table.rows] == [dup, [], dup, dup]
    for row in (table.rows[0], table.rows[2], table.rows[3]):
        problem = row.problems[0]
        assert (problem.line, problem.column) == (row.row, 1)
        assert "is on 3 rows" in problem.message
        others = {f"{tmp_path / 'c.csv'}:{n}" for n in (2, 4, 5) if n != row.row}
        assert set(problem.related) == others


def test_unknown_formation(tmp_path: Path) -> None:
    """A row whose formation is not listed gets input.unknown-formation at its column."""
    text = csv_text(GOOD, {**GOOD, "candidate_id": "A-002", "formation_id": "F-09"})
    table = read_candidates(write(tmp_path, "c.csv", text), cpns())
    checked = table.with_formations(read_formations(INPUTS / "formations.yaml", cpns()))
    assert [codes(r) for r in checked.rows] == [[], ["input.unknown-formation"]]
    assert checked.rows[1].problems[0].column == 2


IDS = st.text("F0123456789", min_size=3, max_size=7)


@given(ids=st.lists(IDS, min_size=1, max_size=40, unique=True), data=st.data())
def test_unknown_formation_hint_is_the_nearest_id_one_edit_away(
    ids: list[str], data: st.DataObject
) -> None:
    """The hint for an unknown formation id is what ``did_you_mean`` says over every listed
    id, whenever the nearest is one edit away (a character added, dropped or changed, or two
    neighbours swapped); the index only spares comparing the id with every listed one."""
    listed = data.draw(st.sampled_from(ids))
    position = data.draw(st.integers(0, len(listed) - 1))
    edit = data.draw(st.sampled_from(["add", "drop", "change", "swap"]))
    letter = data.draw(st.sampled_from("F0123456789"))
    if edit == "add":
        word = listed[:position] + letter + listed[position:]
    elif edit == "drop":
        word = listed[:position] + listed[position + 1 :]
    elif edit == "change":
        word = listed[:position] + letter + listed[position + 1 :]
    else:
        word = (
            listed[:position]
            + listed[position + 1 : position + 2]
            + listed[position : position + 1]
            + listed[position + 2 :]
        )
    if word in ids:
        return
    near = NearNames(ids)
    hint = near.hint(word)
    everything = did_you_mean(word, ids)
    one_edit = [i for i in ids if _one_edit(word, i)]
    assert hint == did_you_mean(word, one_edit)
    if everything is not None and everything.split("'")[1] in one_edit:
        assert hint == everything


def _one_edit(a: str, b: str) -> bool:
    """Whether two strings are one insertion, deletion, substitution or swap apart."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def test_python_rows_refuse_float_and_accept_typed_values() -> None:
    """From Python, typed values are accepted where they fit; a float is input.type."""
    rows: list[dict[str, Any]] = [
        {**GOOD, "birth_date": dt.date(1998, 2, 28), "gpa": Decimal("3.50"), "twk": 100},
        {**GOOD, "candidate_id": "A-002", "gpa": 3.5},
        {**GOOD, "candidate_id": "A-003", "birth_date": dt.datetime(1998, 2, 28, 8, 0)},
    ]
    table = read_candidates(rows, cpns())
    assert table.rows[0].values["gpa"] == Decimal("3.5")
    assert table.rows[0].values["birth_date"] == dt.date(1998, 2, 28)
    assert [codes(r) for r in table.rows] == [[], ["input.type"], ["input.type"]]
    assert table.rows[1].problems[0].line == 2
    assert table.rows[1].problems[0].column is None


# --- nothing lost, order does not matter ---------------------------------------------------

GARBAGE = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.sampled_from(["", " ", "2o5", "1.0", "3,25", "S1", "s1", "1998-02-30", "ya", "100"]),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.lists(st.integers(), max_size=2),
)
ROWS = st.lists(
    st.one_of(
        st.dictionaries(
            st.sampled_from([*COLUMNS, "note"]), GARBAGE, max_size=len(COLUMNS) + 1
        ).map(lambda d: {**d, "candidate_id": d.get("candidate_id")}),
        st.fixed_dictionaries(
            {"candidate_id": st.sampled_from(["A-1", "A-2", "A-3"])},
            optional={n: st.just(v) for n, v in GOOD.items() if n != "candidate_id"},
        ),
        st.integers(),
    ),
    max_size=12,
)


@given(ROWS)
def test_nothing_lost_from_python(rows: list[Any]) -> None:
    """Any list of rows, garbage and duplicates included, gives one CandidateRow per row."""
    table = read_candidates(rows, cpns())
    assert [r.row for r in table.rows] == list(range(1, len(rows) + 1))
    for row in table.rows:
        assert row.valid == (not row.problems)
        assert all(isinstance(p, Problem) and p.line == row.row for p in row.problems)
        assert len(row.digest) == 64


SAFE = st.text(alphabet="AZaz09-. ", max_size=5)
CELL = st.one_of(
    SAFE,
    SAFE.map(lambda s: f'"{s}"'),
    st.text(alphabet="AZaz09", min_size=1, max_size=4).map(lambda s: f'"{s}'),
    st.tuples(SAFE, st.text(alphabet="AZaz09", min_size=1, max_size=3)).map(
        lambda p: f'"{p[0]}"{p[1]}'
    ),
)


@given(
    st.lists(st.lists(CELL, min_size=1, max_size=6), max_size=8),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_nothing_lost_from_csv(lines: list[list[str]], newline: str, bom: bool) -> None:
    """Every non-blank CSV line, well-formed or not, is one row at its own line."""
    text = newline.join([HEADER, *(",".join(cells) for cells in lines)]) + newline
    table = read_candidates(
        read_table_text(("\ufeff" if bom else "") + text, file="c.csv", format="csv"), cpns()
    )
    expected = [n for n, cells in enumerate(lines, start=2) if ",".join(cells).strip()]
    assert [r.row for r in table.rows] == expected


@given(st.lists(st.text(alphabet=st.characters(exclude_characters="\n"), max_size=20), max_size=8))
def test_nothing_lost_from_jsonl(lines: list[str]) -> None:
    """Every non-blank JSON line, whatever it holds, is one row at its own line."""
    text = "\n".join([json.dumps(GOOD), *lines])
    table = read_table_text(text, file="c.jsonl", format="jsonl")
    candidates = read_candidates(table, cpns())
    expected = [1] + [n for n, line in enumerate(lines, start=2) if line.strip()]
    assert [r.row for r in candidates.rows] == expected


def _parsed(table: CandidateTable) -> list[tuple[Any, ...]]:
    """What was parsed from each row, apart from its position, in a canonical order."""
    return sorted(
        (
            (
                r.digest,
                r.candidate_id,
                r.formation_id,
                sorted((k, repr(v)) for k, v in r.values.items()),
                sorted((k, repr(v)) for k, v in r.protected.items()),
                [(p.code, p.path) for p in r.problems],
            )
            for r in table.rows
        ),
        key=repr,
    )


@given(ROWS, st.randoms(use_true_random=False))
def test_shuffled_rows_parse_the_same(rows: list[Any], random: Any) -> None:
    """Parsing rows in another order gives the same rows (apart from their positions)."""
    shuffled = list(rows)
    random.shuffle(shuffled)
    assert _parsed(read_candidates(rows, cpns())) == _parsed(read_candidates(shuffled, cpns()))


# --- formations -------------------------------------------------------------------------------


def test_formations_yaml_list() -> None:
    """A YAML list of formations: typed, defaults applied, in file order."""
    table = read_formations(INPUTS / "formations.yaml", cpns())
    assert table.problems == ()
    first, second = table.formations
    assert (first.formation_id, first.quota, first.track, first.line) == ("F-01", 2, "umum", 2)
    assert first.location == "Jakarta"
    defaults = {"agency_type": "daerah", "batas_usia_40": False}
    assert first.extra == {"skb_extra_weight": Decimal(0), **defaults}
    assert second.extra == {"skb_extra_weight": Decimal("0.4"), **defaults}
    assert second.position is None


def test_formations_yaml_mapping_and_csv_agree() -> None:
    """The 'formations:' mapping form and CSV read like the list form."""
    mapping = read_formations(INPUTS / "formations-mapping.yaml", cpns())
    assert [(f.formation_id, f.quota, f.track) for f in mapping.formations] == [
        ("F-01", 2, "umum"),
        ("F-03", 0, "papua"),
    ]
    from_csv = read_formations(INPUTS / "formations.csv", cpns())
    from_yaml = read_formations(INPUTS / "formations.yaml", cpns())
    strip = [f.as_mapping() for f in from_csv.formations]
    assert strip == [f.as_mapping() for f in from_yaml.formations]


def test_formation_problems_are_collected_and_fatal(tmp_path: Path) -> None:
    """Unknown track, negative quota and a duplicated id are all reported, located."""
    text = "formation_id,quota,track\nF-01,2,umum\nF-02,-1,umum\nF-01,1,khusus\n"
    table = read_formations(write(tmp_path, "f.csv", text), cpns())
    found = [(p.code, p.line, p.column) for p in table.problems]
    assert found == [
        ("input.duplicate-id", 2, 1),
        ("input.range", 3, 2),
        ("input.duplicate-id", 4, 1),
        ("input.range", 4, 3),
    ]
    assert "umum, cumlaude, diaspora, disabilitas, papua" in table.problems[3].message
    with pytest.raises(PolicyError):
        table.raise_for_problems()


def test_formation_yaml_problems_are_located(tmp_path: Path) -> None:
    """A YAML formation's bad value is located at its own line and column."""
    path = write(tmp_path, "f.yaml", "- formation_id: F-01\n  quota: two\n  track: umum\n")
    (problem,) = read_formations(path, cpns()).problems
    assert (problem.code, problem.line, problem.column) == ("input.type", 2, 10)


# --- ratings ----------------------------------------------------------------------------------


def test_rating_duplicates_keep_the_first() -> None:
    """The same rater, criterion, candidate and stage twice: the first kept, both lines named."""
    table = read_ratings(INPUTS / "ratings.csv")
    (problem,) = table.problems
    assert (problem.code, problem.line) == ("input.duplicate-rating", 5)
    assert "line 3 and again on line 5" in problem.message
    given_scores = table.for_candidate("A-001", "wawancara")
    assert list(given_scores) == ["integritas", "komunikasi"]
    assert dict(given_scores["komunikasi"]) == {"R1": Decimal("75.5"), "R2": Decimal(80)}
    assert list(given_scores["komunikasi"]) == ["R1", "R2"]
    assert table.problems_for("A-001") == (problem,)
    assert table.for_candidate("A-404", "wawancara") == {}


def test_ratings_columns_are_exact(tmp_path: Path) -> None:
    """A ratings table with a missing or an extra column stops with input.header."""
    path = write(tmp_path, "r.csv", "candidate_id,stage_id,rater_id,score,note\nA,s,r,1,x\n")
    with pytest.raises(PolicyError) as caught:
        read_ratings(path)
    assert [p.value for p in caught.value.problems] == ["criterion_id", "note"]


def test_ratings_bad_score_and_unknown_candidate(tmp_path: Path) -> None:
    """A score that is not a decimal is input.type; a rating for no listed candidate is
    input.unknown-candidate."""
    text = "candidate_id,stage_id,rater_id,criterion_id,score\nA,s,r,c,8o\nB,s,r,c,80\n"
    table = read_ratings(write(tmp_path, "r.csv", text))
    assert [(p.code, p.line, p.column) for p in table.problems] == [("input.type", 2, 5)]
    (unknown,) = table.unknown_candidates(["A"])
    assert (unknown.code, unknown.line) == ("input.unknown-candidate", 3)


# --- a few more edges -----------------------------------------------------------------------


def test_jsonl_row_without_a_required_key_is_missing(tmp_path: Path) -> None:
    """JSON Lines have no header: a row without a required key is input.missing, not fatal."""
    short = {k: v for k, v in GOOD.items() if k != "birth_date"}
    path = write(tmp_path, "c.jsonl", json.dumps(short) + "\n")
    (row,) = read_candidates(path, cpns()).rows
    (problem,) = row.problems
    assert (problem.code, problem.line, problem.column) == ("input.missing", 1, None)
    assert problem.message == "'birth_date' is required but missing from the row"


def test_semicolon_separated_csv_is_explained(tmp_path: Path) -> None:
    """A header split by ';' stops with input.header saying so."""
    with pytest.raises(PolicyError) as caught:
        read_table(write(tmp_path, "c.csv", "candidate_id;formation_id\nA;F\n"))
    assert caught.value.codes == ["input.header"]
    assert "';'" in caught.value.problems[0].message


def test_formations_yaml_with_markers_and_a_single_value(tmp_path: Path) -> None:
    """A list after '---' reads; a YAML file holding one value is yaml.not-mapping."""
    listed = write(tmp_path, "f.yaml", "---\n- {formation_id: F-01, quota: 1, track: umum}\n")
    (formation,) = read_formations(listed, cpns()).formations
    assert formation.line == 2
    with pytest.raises(PolicyError) as caught:
        read_formations(write(tmp_path, "g.yaml", "F-01\n"), cpns())
    assert caught.value.codes == ["yaml.not-mapping"]


def test_headerless_formations_and_ratings_report_per_row(tmp_path: Path) -> None:
    """Without a header, a formation missing its quota or a rating with an extra key is a
    problem of that row."""
    path = write(tmp_path, "f.yaml", "- {formation_id: F-01, track: umum}\n")
    (problem,) = read_formations(path, cpns()).problems
    assert (problem.code, problem.line, problem.path) == ("input.missing", 1, ("quota",))
    rating = {"candidate_id": "A", "stage_id": "s", "rater_id": "r", "criterion_id": "c"}
    table = read_ratings([{**rating, "score": Decimal(80)}, {**rating, "score": 1, "x": 2}])
    assert [r.line for r in table.ratings] == [1]
    assert [(p.code, p.line) for p in table.problems] == [("input.syntax", 2)]


@given(st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.text(max_size=12))))
def test_text_row_digest_is_the_canonical_json_digest(values: dict[str, str | None]) -> None:
    """The fast digest of a text row equals the SHA-256 of its canonical JSON."""
    import hashlib

    from asn_competency.files import canonical_json
    from asn_competency.pipeline.inputs.candidates import _digest

    assert _digest(values) == hashlib.sha256(canonical_json(values)).hexdigest()


_LINE_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=8)


@given(
    st.lists(_LINE_TEXT.map(str.strip).filter(bool), min_size=2, max_size=6, unique=True),
    st.lists(st.lists(_LINE_TEXT, max_size=7), max_size=10),
)
def test_column_digests_are_each_rows_canonical_json_digest(
    names: list[str], rows: list[list[str]]
) -> None:
    """The digests of a CSV table made from its columns (each distinct cell encoded once) are
    each row's SHA-256 of the canonical JSON of its raw values, short rows included."""
    import csv
    import hashlib
    import io

    from asn_competency.files import canonical_json
    from asn_competency.pipeline.inputs.candidates import _text_digests

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([names, *rows])
    table = read_table_text(out.getvalue(), file="t.csv", format="csv")
    expected = [
        hashlib.sha256(canonical_json(dict(table.values(i)))).hexdigest() for i in range(len(table))
    ]
    assert _text_digests(table) == expected


_CELLS = st.sampled_from(
    ["", " ", "S1", "s1", " S1 ", "3.50", "3,5", "100", "1e3", "x", "1998-02-29", "1996-05-17",
     "ya", "TIDAK", "2", "A-001", "\uff21-001", "P", "Islam", "ISLAM"]
)  # fmt: skip


@given(st.lists(st.one_of(_CELLS, st.none()), max_size=30))
def test_a_column_typed_once_per_distinct_cell_is_each_cell_typed(cells: list[str | None]) -> None:
    """Typing a column once per distinct cell gives each row the value and fault that typing
    its cell alone gives, for every CPNS candidate field and protected attribute."""
    from asn_competency.pipeline.inputs._values import _parse, _Parser

    policy = cpns()
    declared = [*policy.candidate_fields.items(), *policy.protected_attributes.items()]
    for name, decl in declared:
        for required in (True, False):
            typed = _Parser().typed(decl, name, list(cells), required=required)
            alone = [_parse(decl, name, cell, required=required) for cell in cells]
            assert typed.values() == [value for value, _ in alone]
            assert typed.faults == {
                i: fault for i, (_, fault) in enumerate(alone) if fault is not None
            }


def test_rows_of_equal_protected_attributes_share_them() -> None:
    """Rows with the same protected attributes hold them as one mapping (a million rows have
    a few hundred combinations); rows without them, or with others, hold their own."""
    extra = {"gender": "P", "religion": "Islam", "disability": "false"}
    rows = [
        {**GOOD, "candidate_id": "A-001", **extra},
        {**GOOD, "candidate_id": "A-002", **extra},
        {**GOOD, "candidate_id": "A-003", **extra, "gender": "L"},
        {**GOOD, "candidate_id": "A-004"},
    ]
    table = read_candidates(read_table_text(csv_text(*rows), file="c.csv", format="csv"), cpns())
    first, second, third, fourth = (row.protected for row in table.rows)
    assert first is second
    assert dict(first) == {"gender": "P", "religion": "Islam", "disability": False}
    assert dict(third) == {**first, "gender": "L"}
    assert dict(fourth) == {}


def test_a_rows_values_are_its_cells_typed_alone() -> None:
    """A row's ``values``, read from the table's typed columns, is the read-only mapping of
    its cells typed alone: the fields that have a value, in the policy's order."""
    from asn_competency.pipeline.inputs._values import _ABSENT, _parse

    rows = [
        GOOD,
        {**GOOD, "candidate_id": "A-002", "gpa": "", "skb_cat": "400"},
        {**GOOD, "candidate_id": "A-003", "twk": "lots", "birth_date": "1990-01-01"},
    ]
    policy = cpns()
    table = read_candidates(read_table_text(csv_text(*rows), file="c.csv", format="csv"), policy)
    for row, cells in zip(table.rows, rows, strict=True):
        alone = {
            name: _parse(decl, name, cells.get(name) or None, required=decl.required)[0]
            for name, decl in policy.candidate_fields.items()
        }
        expected = {name: value for name, value in alone.items() if value is not _ABSENT}
        values = row.values
        assert values == expected
        assert expected == values
        assert list(values) == list(expected)
        assert list(values.items()) == list(expected.items())
        assert len(values) == len(expected)
        assert dict(values) == expected
        assert [repr(values[name]) for name in expected] == list(map(repr, expected.values()))
        assert values.get("gpa") == expected.get("gpa")
        assert values.get("not a field", "none") == "none"
        assert ("twk" in values) == ("twk" in expected)
        assert "not a field" not in values
        assert repr(values) == f"mappingproxy({expected!r})"
        with pytest.raises(KeyError):
            values["not a field"]
        with pytest.raises(TypeError):
            values["twk"] = 1  # type: ignore[index]
    assert "gpa" not in table.rows[1].values
    assert "twk" not in table.rows[2].values


def test_equal_values_written_differently_are_each_rows_own() -> None:
    """Two rows whose values are equal but written differently (``Decimal('1E+1')`` and
    ``Decimal('10')``) each keep their own: values are shared only when they are the very
    same object."""
    rows = [
        {**GOOD, "candidate_id": f"A-{n:03}", "diploma_average": value}
        for n, value in enumerate([Decimal("1E+1"), Decimal("10"), Decimal("1E+1")] * 12)
    ]
    table = read_candidates(rows, cpns())
    written = [str(row.values["diploma_average"]) for row in table.rows]
    assert written == ["1E+1", "10", "1E+1"] * 12
