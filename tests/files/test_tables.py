"""Raw tables held column by column (``files/tables.py``): each row's cells as a :class:`Row`
gives them, short and broken rows holding only what they hold, equal cells of a column
shared, and the same table from CSV text, JSON Lines and a DataFrame."""

from __future__ import annotations

import csv
import io

import pandas as pd  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from asn_competency.files.tables import read_table_text, table_from_frame

TEXT = st.text(st.characters(codec="utf-8"), max_size=6)
#: Cells and names on one line.
LINE_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=6)


def test_a_table_is_held_by_column() -> None:
    """Each column holds one cell per row (``None`` when empty), in row order, with each
    row's line; a short row holds only its first cells, and says so."""
    table = read_table_text("a,b,c\n1,x,\n\n2,y\n3,x,z\n", file="t.csv", format="csv")
    assert len(table) == 3
    assert list(table.lines) == [2, 4, 5]
    assert list(table.column("a")) == ["1", "2", "3"]
    assert list(table.column("c")) == [None, None, "z"]
    assert table.row_keys(1) == ("a", "b")
    assert dict(table.values(1)) == {"a": "2", "b": "y"}
    assert [dict(row.values) for row in table.rows] == [
        {"a": "1", "b": "x", "c": None},
        {"a": "2", "b": "y"},
        {"a": "3", "b": "x", "c": "z"},
    ]
    assert [p.line for p in table.problems] == [4]
    assert table.rows[1].error is table.problems[0]


def test_equal_cells_of_a_column_are_one_string() -> None:
    """A column of few distinct values holds each as one string object, whatever the number
    of rows that repeat it."""
    text = "id,level\n" + "".join(f"A{n},S1\n" for n in range(50))
    level = read_table_text(text, file="t.csv", format="csv").column("level")
    assert all(cell is level[0] for cell in level)


def test_a_broken_record_keeps_what_its_first_line_holds() -> None:
    """A record with a stray quote is a row with its error, holding the cells its first line
    gives (the rows after it are read again)."""
    table = read_table_text('a,b\n1,"x\n2,y\n', file="t.csv", format="csv")
    assert [dict(row.values) for row in table.rows] == [{"a": "1", "b": "x"}, {"a": "2", "b": "y"}]
    assert [(p.code, p.line) for p in table.problems] == [("input.syntax", 2)]


def test_json_lines_rows_hold_their_own_keys() -> None:
    """A JSON line holds its own keys in its own order; the columns are every key."""
    table = read_table_text('{"b": 1, "a": "x"}\n{"a": "y"}\n[1]\n', file="t.jsonl", format="jsonl")
    assert table.columns == ("b", "a")
    assert [list(row.values.items()) for row in table.rows] == [
        [("b", 1), ("a", "x")],
        [("a", "y")],
        [],
    ]
    assert table.row_keys(0) == ("b", "a")
    assert [p.line for p in table.problems] == [3]


@given(
    st.lists(LINE_TEXT.map(str.strip).filter(bool), min_size=2, max_size=5, unique=True),
    st.lists(st.lists(LINE_TEXT, max_size=6)),
)
def test_csv_and_its_data_frame_read_alike(names: list[str], rows: list[list[str]]) -> None:
    """A CSV table of two columns or more and the DataFrame of the same rows give the same
    rows, line for line and cell for cell."""
    full = [(row + [""] * len(names))[: len(names)] for row in rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([names, *full])
    table = read_table_text(out.getvalue(), file="t.csv", format="csv")
    frame = table_from_frame(pd.DataFrame(full, columns=names, dtype=object))
    assert table.columns == frame.columns == tuple(names)
    assert [(r.line, dict(r.values)) for r in table.rows] == [
        (r.line, dict(r.values)) for r in frame.rows
    ]


@given(st.text(alphabet='ab,\r\n"', max_size=40), st.integers(min_value=0, max_value=6))
def test_lines_split_a_piece_at_a_time_are_the_texts_lines(text: str, piece: int) -> None:
    """The CSV reader's lines, split a few characters at a time, are the lines of the whole
    text as ``io.StringIO(text, newline="")`` reads them (a carriage return and line feed
    are never split apart)."""
    from asn_competency.files.tables import _lines

    assert list(_lines(text, piece)) == io.StringIO(text, newline="").readlines()
