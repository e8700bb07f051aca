"""``announce``: the results announcement, masking, CSV and HTML output, and exit codes.

One small CPNS 2024 run (120 synthetic applicants) is made once; tests that change its
folder work on a copy.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

import asn_competency as asn
from asn_competency.audit.announce import (
    COLUMNS,
    LABEL_ORIGINS,
    LABELS,
    MASK_MODES,
    MIN_MASKED,
    NOT_PRODUCED,
    PREFIX_MAX,
    SEPARATORS,
    STAGE_COLUMNS,
    STAGE_LABELS,
    AnnouncementError,
    RunInfo,
    announcement_rows,
    key_from_bytes,
    mask_id,
    masking,
    render_csv,
    render_html,
    results_announcement,
    run_info,
    stage_code,
    stage_rows,
)
from asn_competency.cli.announce import execute_announce
from asn_competency.files import file_sha256
from tests.audit.runs import AS_OF, POLICY, small_cpns_run

KEY = b"0123456789abcdef0123456789abcdef"
OTHER_KEY = b"fedcba9876543210fedcba9876543210"
INFO = RunInfo(
    policy_id="cpns-2024",
    policy_hash="sha256:" + "ab" * 32,
    as_of="2024-09-10",
    ledger_head="cd" * 32,
    results_sha256="sha256:" + "ef" * 32,
)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a small CPNS run (not to be changed: use the ``copy`` fixture)."""
    root = tmp_path_factory.mktemp("announce")
    return small_cpns_run(root, applicants=120, seed=5)[0]


@pytest.fixture
def copy(run_dir: Path, tmp_path: Path) -> Path:
    """A copy of the run folder that a test may change."""
    return Path(shutil.copytree(run_dir, tmp_path / "run"))


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    """A committee key file (hex text and a line feed, as ``openssl rand -hex`` writes)."""
    path = tmp_path / "committee.key"
    path.write_bytes(KEY + b"\n")
    return path


def results(folder: Path) -> list[dict[str, str]]:
    """The rows of a run folder's results.csv."""
    with (folder / "results.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def result_row(candidate_id: str, **values: str) -> dict[str, str]:
    """One results.csv row (a TL by default), with the given values."""
    row = {
        "candidate_id": candidate_id,
        "row": "2",
        "formation_id": "F00001",
        "track": "umum",
        "final_status": "failed",
        "final_status_label": "TL",
        "rank": "",
        "final_score": "",
        "placement_formation_id": "",
    }
    row.update(values)
    return row


def announce(folder: Path, out: Path, **options: object) -> tuple[int, str]:
    """Run the command with default options overridden; the exit code and its output."""
    arguments: dict[str, object] = {"mask": "full", "key_file": None, "lang": "id"}
    arguments.update(options)
    stream = io.StringIO()
    code = execute_announce(folder, out=out, stream=stream, **arguments)  # type: ignore[arg-type]
    return code, stream.getvalue()


def prefix_end(candidate_id: str) -> int:
    """Where the kept part of a partial mask's prefix may end: after the first separator."""
    cut = next((i for i, c in enumerate(candidate_id) if c in SEPARATORS), None)
    return 0 if cut is None else cut + 1


def kept(masked: str) -> list[int]:
    """The positions a masked id shows."""
    return [i for i, c in enumerate(masked) if c != "*"]


REGISTRATION = st.builds(
    lambda year, number: f"{year}-{number:06d}",
    st.integers(2000, 2099),
    st.integers(0, 999_999),
)
IDS = st.one_of(
    REGISTRATION,
    st.text(st.characters(codec="utf-8", exclude_characters="*"), max_size=30),
)
#: The registration numbers of one announcement: any ids, or one series (one year).
ID_SETS = st.one_of(
    st.lists(IDS, max_size=40),
    st.builds(
        lambda year, numbers: [f"{year}-{n:06d}" for n in numbers],
        st.integers(2000, 2099),
        st.lists(st.integers(0, 999_999), max_size=60),
    ),
)
#: 3,000 applicants of one CPNS series: the issue's example of colliding masked numbers.
SERIES_3000 = [f"2024-{n:06d}" for n in range(1, 3001)]


# registration numbers: full --------------------------------------------------------------


def test_full_is_the_default_and_publishes_the_number_as_it_is() -> None:
    """By default the registration number is published whole, as BKN publishes it (docs/domain.md,
    section "Published results"); 'none' is the same mode under its earlier name."""
    assert MASK_MODES[0] == "full"
    rows = announcement_rows([result_row("2024-000123"), result_row("2024-000223")])
    assert [r["published_id"] for r in rows] == ["2024-000123", "2024-000223"]
    assert announcement_rows([result_row("2024-000123")], mask="none") == announcement_rows(
        [result_row("2024-000123")], mask="full"
    )


# registration numbers: partial -----------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "keep", "published"),
    [
        (["2024-000123"], 0, ["2024-******"]),
        (["2024-000123", "2024-000124"], 1, ["2024-*****3", "2024-*****4"]),
        (["2024-000123", "2024-000133"], 2, ["2024-****23", "2024-****33"]),
        (["2024-000123", "2024-000223"], 3, ["********123", "********223"]),
        (
            ["PEMKOT-SBY-000123", "PEMKOT-SBY-000124"],
            1,
            ["PEMKOT-*********3", "PEMKOT-*********4"],
        ),
        (["VERYLONGPREFIX-1", "VERYLONGPREFIX-2"], 1, ["***************1", "***************2"]),
        (["A12345", "A12346"], 1, ["*****5", "*****6"]),
        (["A1234", "B1234", "A1235"], 0, ["*****", "*****", "*****"]),
        (["ABCD"], 0, ["****"]),
        (["X", ""], 0, ["*", ""]),
    ],
)
def test_partial_mask_examples(ids: list[str], keep: int, published: list[str]) -> None:
    """partial keeps a short prefix and the fewest last characters that keep the numbers
    distinct, hiding at least 4 characters (the prefix too when it must)."""
    if len(set(published) - {""}) < len(set(ids) - {""}):
        with pytest.raises(AnnouncementError, match="cannot keep the 3 registration numbers"):
            masking(ids, mode="partial")
        assert [mask_id(i, mode="partial", keep_last=keep) for i in ids] == published
        return
    plan = masking(ids, mode="partial")
    assert plan.keep_last == keep
    assert [plan(i) for i in ids] == published


def test_partial_mask_of_3000_applicants_keeps_every_number_distinct() -> None:
    """The issue's case: 3,000 applicants of one series (2024-000001 ...) get 3,000 distinct
    published numbers (the mask kept 2 last characters before: only 100 distinct), the last 4
    characters shown and 7 hidden."""
    plan = masking(SERIES_3000, mode="partial")
    published = [plan(i) for i in SERIES_3000]
    assert len(set(published)) == 3000
    assert plan.keep_last == 4
    assert published[0] == "*******0001"
    assert published[-1] == "*******3000"
    rows = announcement_rows([result_row(i) for i in SERIES_3000], mask="partial")
    assert len({r["published_id"] for r in rows}) == 3000


@pytest.mark.parametrize("mode", ["full", "partial", "keyed"])
@given(ids=ID_SETS, shuffler=st.randoms(use_true_random=False))
def test_published_ids_are_distinct_and_independent_of_row_order(
    mode: str, ids: list[str], shuffler: random.Random
) -> None:
    """For any set of ids and every mode, distinct registration numbers are published as
    distinct ids (or the announcement is refused), the same ones whatever the order of the
    rows."""
    key = KEY if mode == "keyed" else None
    shuffled = ids[:]
    shuffler.shuffle(shuffled)
    source = [result_row(i) for i in ids]
    try:
        plan = masking(ids, mode=mode, key=key)
    except AnnouncementError:
        assert mode == "partial"
        with pytest.raises(AnnouncementError):
            announcement_rows([result_row(i) for i in shuffled], mask=mode, key=key)
        return
    assert masking(shuffled, mode=mode, key=key) == plan
    distinct = set(ids) - {""}
    assert len({plan(i) for i in distinct}) == len(distinct)
    rows = announcement_rows(source, mask=mode, key=key)
    assert rows == announcement_rows([result_row(i) for i in shuffled], mask=mode, key=key)
    assert sorted(r["published_id"] for r in rows) == sorted(plan(i) for i in ids)


@given(st.integers(2000, 2099), st.lists(st.integers(0, 999_999), min_size=1, max_size=200))
def test_partial_mask_always_succeeds_for_one_series(year: int, numbers: list[int]) -> None:
    """Numbers of one registration series (one year) can always be masked distinctly."""
    ids = [f"{year}-{n:06d}" for n in numbers]
    plan = masking(ids, mode="partial")
    assert len({plan(i) for i in ids}) == len(set(ids))


@given(ID_SETS)
def test_partial_mask_refuses_only_when_no_number_of_characters_works(ids: list[str]) -> None:
    """A refusal is never spurious: then every number of kept characters leaves two different
    ids published alike; otherwise no smaller number would have done."""
    distinct = set(ids) - {""}
    longest = max((len(i) for i in distinct), default=0)

    def works(keep: int) -> bool:
        return len({mask_id(i, mode="partial", keep_last=keep) for i in distinct}) == len(distinct)

    try:
        plan = masking(ids, mode="partial")
    except AnnouncementError:
        assert not any(works(keep) for keep in range(longest + 1))
        return
    assert works(plan.keep_last)
    assert not any(works(keep) for keep in range(plan.keep_last))


@given(IDS, st.integers(0, 40))
def test_partial_mask_reveals_at_most_prefix_and_last_characters(
    candidate_id: str, keep: int
) -> None:
    """A partial mask keeps the length, shows only a prefix and the last ``keep`` characters,
    and hides at least 4 characters (all of a shorter id)."""
    masked = mask_id(candidate_id, mode="partial", keep_last=keep)
    size = len(candidate_id)
    assert len(masked) == size
    shown = kept(masked)
    assert all(masked[i] == candidate_id[i] for i in shown)
    end = prefix_end(candidate_id)
    prefix = [i for i in shown if i < size - keep]
    assert prefix in ([], list(range(end)))
    assert len(prefix) <= PREFIX_MAX
    assert size - len(shown) >= min(size, MIN_MASKED)


@given(IDS, IDS, st.integers(0, 40))
def test_equal_partial_masks_agree_where_shown(first: str, second: str, keep: int) -> None:
    """Ids that mask alike are equal in every position the mask shows."""
    masked = mask_id(first, mode="partial", keep_last=keep)
    if mask_id(second, mode="partial", keep_last=keep) == masked:
        assert all(first[i] == second[i] for i in kept(masked))


def test_partial_mask_refusal_names_two_numbers_and_the_way_out() -> None:
    """Ids that differ only where the mask must hide (at least 4 characters) are refused,
    naming two of them and the other modes."""
    with pytest.raises(AnnouncementError) as caught:
        announcement_rows([result_row("B1234"), result_row("A1234")], mask="partial")
    message = str(caught.value)
    assert "'A1234' and 'B1234' are both published as '****4'" in message
    assert "--mask full" in message
    assert "--mask keyed" in message


# registration numbers: keyed -------------------------------------------------------------


def test_keyed_mask_is_the_documented_hmac() -> None:
    """keyed is the first 16 hex characters of HMAC-SHA256(key, id as UTF-8)."""
    expected = hmac.new(KEY, b"2024-000123", hashlib.sha256).hexdigest()[:16]
    assert mask_id("2024-000123", mode="keyed", key=KEY) == expected
    assert masking(["2024-000123"], mode="keyed", key=KEY)("2024-000123") == expected
    assert mask_id("", mode="keyed", key=KEY) == ""


@given(IDS.filter(bool), st.binary(min_size=16, max_size=64), st.binary(min_size=16))
def test_keyed_mask_is_stable_and_depends_on_the_key(
    candidate_id: str, key: bytes, other: bytes
) -> None:
    """keyed gives 16 hex characters, the same for one key and different for another."""
    code = mask_id(candidate_id, mode="keyed", key=key)
    assert len(code) == 16
    assert set(code) <= set("0123456789abcdef")
    assert mask_id(candidate_id, mode="keyed", key=key) == code
    if other != key:
        assert mask_id(candidate_id, mode="keyed", key=other) != code


def test_keyed_codes_of_3000_applicants_are_distinct() -> None:
    """3,000 numbers of one series get 3,000 distinct keyed codes."""
    plan = masking(SERIES_3000, mode="keyed", key=KEY)
    assert len({plan(i) for i in SERIES_3000}) == 3000


def test_coinciding_keyed_codes_are_refused() -> None:
    """Two numbers whose codes coincide stop the announcement, naming them, never the key
    (shown with 1-character codes, where 20 numbers must collide)."""
    ids = [f"2024-{n:06d}" for n in range(20)]
    with pytest.raises(AnnouncementError, match="choose another key") as caught:
        masking(ids, mode="keyed", key=KEY, keyed_hex=1)
    assert "2024-0000" in str(caught.value)
    assert KEY.decode() not in str(caught.value)


def test_unknown_modes_and_missing_keys_are_refused() -> None:
    """An unknown mode or a keyed mask without a long key is refused."""
    assert mask_id("2024-000123", mode="full") == "2024-000123"
    for call in (
        lambda: mask_id("2024-000123", mode="hidden"),
        lambda: masking(["2024-000123"], mode="hidden"),
        lambda: announcement_rows([result_row("2024-000123")], mask="hidden"),
    ):
        with pytest.raises(ValueError, match="unknown mask"):
            call()
    with pytest.raises(ValueError, match="at least 16 bytes"):
        mask_id("2024-000123", mode="keyed")
    with pytest.raises(ValueError, match="at least 16 bytes"):
        masking(["2024-000123"], mode="keyed", key=b"short")


def test_key_from_bytes_strips_line_breaks_and_needs_16_bytes() -> None:
    """A key file's trailing line breaks are not part of the key; a short key is refused."""
    assert key_from_bytes(KEY + b"\r\n") == KEY
    assert key_from_bytes(KEY) == KEY
    with pytest.raises(AnnouncementError, match="at least 16 bytes") as caught:
        key_from_bytes(b"hunter2\n")
    assert "hunter2" not in str(caught.value)


@given(st.binary(min_size=16, max_size=48).filter(lambda k: b"\n" not in k[-1:]))
def test_the_key_never_appears_in_the_output(key: bytes) -> None:
    """Neither the CSV nor the HTML of a keyed announcement holds the key."""
    hex_key = key.hex().encode()
    rows = announcement_rows(
        [result_row(f"2024-{n:06d}") for n in range(5)], mask="keyed", key=hex_key
    )
    for text in (
        render_csv(rows, info=INFO),
        render_html(rows, info=INFO, mask="keyed", lang="en"),
    ):
        assert hex_key.decode() not in text
        assert "2024-000001" not in text


def test_a_given_masking_is_checked_on_the_rows() -> None:
    """A masking chosen for other numbers is refused when it publishes two rows' numbers
    alike."""
    plan = masking(["2024-000123"], mode="partial")
    with pytest.raises(AnnouncementError, match=r"both published as '2024-\*{6}'"):
        announcement_rows([result_row("2024-000123"), result_row("2024-000124")], mask=plan)


# rows ------------------------------------------------------------------------------------


def test_every_results_row_appears_exactly_once(run_dir: Path) -> None:
    """The announcement has one row per results row, with its values."""
    source = results(run_dir)
    rows = announcement_rows(source, mask="none")
    assert len(rows) == len(source)

    def published(row: dict[str, str]) -> tuple[str, ...]:
        moved = row["final_status_label"] in ("L-1", "L-2")
        placement = row["placement_formation_id"] if moved else ""
        return (
            row["candidate_id"],
            row["formation_id"],
            row["track"],
            row["rank"],
            row["final_score"],
            row["final_status_label"],
            placement,
        )

    assert Counter(tuple(r[c] for c in COLUMNS) for r in rows) == Counter(map(published, source))


def test_rows_are_ordered_by_formation_rank_and_id(run_dir: Path) -> None:
    """Rows come by formation id (none last), then rank (unranked last), then published id."""
    rows = announcement_rows(results(run_dir), mask="partial")
    keys = [
        (
            r["formation_id"] == "",
            r["formation_id"],
            r["rank"] == "",
            int(r["rank"] or 0),
            r["published_id"],
        )
        for r in rows
    ]
    assert keys == sorted(keys)


def test_row_order_of_the_input_does_not_matter(run_dir: Path) -> None:
    """Shuffled results rows give the same announcement."""
    source = results(run_dir)
    shuffled = source[:]
    random.Random(7).shuffle(shuffled)
    assert announcement_rows(shuffled, mask="partial") == announcement_rows(source, mask="partial")


def test_placement_is_shown_for_l_1_and_l_2_only() -> None:
    """Only a candidate placed by optimisation (L-1 across tracks, L-2 within a track) shows
    the formation they were placed in."""
    rows = announcement_rows(
        [
            result_row(
                "2024-000001",
                final_status="selected",
                final_status_label="L",
                rank="1",
                placement_formation_id="F00001",
            ),
            result_row(
                "2024-000002",
                final_status="selected_by_optimisation",
                final_status_label="L-2",
                rank="2",
                placement_formation_id="F00009",
            ),
            result_row(
                "2024-000003",
                final_status="selected_by_optimisation",
                final_status_label="L-1",
                rank="3",
                placement_formation_id="F00010",
            ),
        ]
    )
    assert [(r["label"], r["placement_formation_id"]) for r in rows] == [
        ("L", ""),
        ("L-2", "F00009"),
        ("L-1", "F00010"),
    ]


@pytest.mark.parametrize(
    ("status", "labels"),
    [
        ("selected", ["L"]),
        ("selected_by_optimisation", ["L-1", "L-2"]),
        ("not_selected", ["TL"]),
        ("failed", ["TL"]),
        ("ineligible", ["TMS"]),
        ("absent", ["TH"]),
        ("needs_review", ["PR"]),
        ("invalid_input", ["ERR"]),
    ],
)
def test_each_final_status_is_announced_under_its_labels(status: str, labels: list[str]) -> None:
    """The published codes of each final status (docs/domain.md, section "CPNS result codes");
    every other label is refused for it: an invalid row is ERR, never TMS."""
    for label in LABELS:
        row = result_row("2024-000001", final_status=status, final_status_label=label)
        if label in labels:
            assert announcement_rows([row])[0]["label"] == label
        else:
            with pytest.raises(AnnouncementError, match="does not match final status"):
                announcement_rows([row])


def test_legend_names_every_code_with_its_origin() -> None:
    """The legend lists every final code with its meaning, whether it is official or this
    library's (PR, ERR), and marks APS and DIS as not produced by this version."""
    rows = announcement_rows([result_row("2024-000001")])
    english = render_html(rows, info=INFO, mask="full", lang="en")
    indonesian = render_html(rows, info=INFO, mask="full", lang="id")
    assert list(LABELS) == ["L", "L-1", "L-2", "TL", "TMS", "TH", "APS", "DIS", "PR", "ERR"]
    assert {c for c, o in LABEL_ORIGINS.items() if o == "library"} == {"PR", "ERR"}
    assert {"APS", "DIS"} == NOT_PRODUCED
    for label, (meaning_id, meaning_en) in LABELS.items():
        assert f'<th scope="row">{label}</th><td>{meaning_en}</td>' in english
        assert f'<th scope="row">{label}</th><td>{meaning_id}</td>' in indonesian
    assert english.count(escape("this library's code, not an official one")) == 2
    assert english.count("not produced by this version") == 2
    assert indonesian.count("kode pustaka ini, bukan kode resmi") == 2
    assert indonesian.count("tidak dihasilkan versi ini") == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"final_status_label": "X"}, "unknown label"),
        ({"final_status_label": "P"}, "unknown label"),
        ({"final_status_label": "APS"}, "does not match final status"),
        ({"final_status": "selected"}, "does not match final status"),
        ({"final_status": "invalid_input", "final_status_label": "TMS"}, "expected 'ERR'"),
        (
            {"final_status": "selected_by_optimisation", "final_status_label": "L"},
            "expected 'L-2' or 'L-1'",
        ),
        ({"final_status": "won"}, "unknown final status"),
        ({"rank": "first"}, "not a whole number"),
    ],
)
def test_unusable_rows_are_refused(changes: dict[str, str], message: str) -> None:
    """A row with an unknown or inconsistent label, status or rank stops the announcement."""
    with pytest.raises(AnnouncementError, match=message):
        announcement_rows([result_row("2024-000001", **changes)])


def test_a_missing_column_is_refused() -> None:
    """Rows without the results.csv columns are refused, naming the column."""
    row = result_row("2024-000001")
    del row["final_score"]
    with pytest.raises(AnnouncementError, match="final_score"):
        announcement_rows([row], mask="partial")


# CSV and HTML ----------------------------------------------------------------------------


def test_csv_has_a_bom_and_parses(run_dir: Path) -> None:
    """The CSV starts with a BOM, parses, has a row per candidate and headers in the language."""
    rows = announcement_rows(results(run_dir), mask="partial")
    for lang, header in (("id", "Nomor Peserta"), ("en", "Registration number")):
        text = render_csv(rows, info=INFO, lang=lang)
        assert text.startswith("\ufeff")
        parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        assert parsed[0][0] == header
        assert len(parsed) == len(rows) + 1
        assert all(len(line) == len(parsed[0]) for line in parsed)
        assert {line[-2] for line in parsed[1:]} == {INFO.as_of}


def test_csv_meanings_follow_the_language() -> None:
    """The label's meaning is written in the chosen language."""
    rows = announcement_rows([result_row("2024-000001")], mask="partial")
    assert ",TL,tidak lulus," in render_csv(rows, info=INFO, lang="id")
    assert ",TL,not passed," in render_csv(rows, info=INFO, lang="en")
    assert LABELS["TL"] == ("tidak lulus", "not passed")


def test_csv_cells_are_not_read_as_formulas() -> None:
    """A text cell starting like a formula gets a leading apostrophe."""
    rows = announcement_rows(
        [result_row("=HYPERLINK(1)", formation_id="+F1", track="@x")], mask="none"
    )
    line = render_csv(rows, info=INFO).splitlines()[1]
    assert line.startswith("'=HYPERLINK(1),'+F1,'@x,")


def test_html_is_self_contained_and_escaped() -> None:
    """The HTML has no script or external resource, escapes every value, names the run."""
    rows = announcement_rows(
        [
            result_row("<script>alert(1)</script>", formation_id="<F&1>", track='"umum"'),
            result_row("2024-000002", formation_id=""),
        ],
        mask="none",
    )
    text = render_html(rows, info=INFO, mask="none", lang="en")
    lowered = text.lower()
    assert "<script" not in lowered
    for resource in ("http://", "https://", "src=", "<link", "@import", "url("):
        assert resource not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;F&amp;1&gt;" in text
    assert "&#34;umum&#34;" in text
    for value in (INFO.policy_id, INFO.policy_hash, INFO.as_of, INFO.ledger_head):
        assert value in text
    assert text.index("F&amp;1") < text.index("No formation")


def test_html_has_one_table_per_formation(run_dir: Path) -> None:
    """One table per formation with candidates, after the legend table."""
    rows = announcement_rows(results(run_dir), mask="partial")
    text = render_html(rows, info=INFO, mask="partial")
    formations = {r["formation_id"] for r in rows}
    assert text.count("<table>") == len(formations) + 1
    assert text.count("<tr><td") == len(rows)


def test_html_notes_how_numbers_are_published() -> None:
    """The page says how numbers were published (for partial, how many last characters are
    shown) and that names are not published."""
    made = results_announcement([result_row(i) for i in SERIES_3000[:1000]], mask="partial")
    assert made.masking.keep_last == 3
    partial = render_html(made.rows, info=INFO, mask=made.masking, lang="en")
    assert "and the last 3 characters are shown" in partial
    assert "3 is the fewest that keeps every number of this announcement distinct" in partial
    rows = announcement_rows([result_row("2024-000001")], mask="keyed", key=KEY)
    keyed = render_html(rows, info=INFO, mask="keyed", lang="en")
    assert "HMAC-SHA256" in keyed
    full = render_html(announcement_rows([result_row("2024-000001")]), info=INFO, mask="full")
    assert "Nomor peserta ditampilkan lengkap" in full
    for text in (partial, keyed, full):
        assert "names are not published" in text or "Nama peserta tidak diumumkan" in text


# stage announcements ---------------------------------------------------------------------

#: The stages of the CPNS 2024 policy up to the SKB, as (id, kind).
CPNS_STAGES = [
    ("administrasi", "eligibility"),
    ("skd", "test"),
    ("pemeringkatan_skd", "shortlist"),
    ("skb", "test"),
    ("nilai_akhir", "integration"),
]


def stage_row(candidate_id: str, skd: str, shortlist: str, score: str = "") -> dict[str, str]:
    """A results row with the SKD and shortlist outcomes given."""
    return result_row(
        candidate_id,
        **{"skd.outcome": skd, "skd.score": score, "pemeringkatan_skd.outcome": shortlist},
    )


@pytest.mark.parametrize(
    ("skd", "shortlist", "code"),
    [
        ("advanced", "advanced", "P/L"),
        ("advanced", "outranked", "P"),
        ("advanced", "needs_review", "PR"),
        ("below_threshold", "not_reached", "TL"),
        ("absent", "not_reached", "TH"),
        ("ineligible", "not_reached", "TMS"),
        ("invalid_input", "not_reached", "ERR"),
        ("needs_review", "not_reached", "PR"),
        ("not_reached", "not_reached", None),
    ],
)
def test_stage_codes(skd: str, shortlist: str, code: str | None) -> None:
    """The SKD codes (docs/domain.md, section "CPNS result codes"): P/L advances to the SKB, P
    met the grades outside the shortlist, TL below a grade, TH absent; PR and ERR this
    library's; a row that did not reach the stage is not listed."""
    assert stage_code(skd, shortlist, next_is_shortlist=True) == code
    made = results_announcement(
        [stage_row("2024-000001", skd, shortlist, "400")], stage="skd", stages=CPNS_STAGES
    )
    assert [r["label"] for r in made.rows] == ([code] if code else [])
    assert made.not_listed == (0 if code else 1)


def test_stage_advanced_before_a_stage_candidates_sit_is_p_l() -> None:
    """A test followed by another stage candidates sit (an interview): passing it is P/L."""
    assert stage_code("advanced", "advanced", next_is_shortlist=False) == "P/L"
    assert stage_code("advanced", "absent", next_is_shortlist=False) == "P/L"
    stages = [("tes", "test"), ("wawancara", "rating"), ("akhir", "integration")]
    row = result_row(
        "G-1", **{"tes.outcome": "advanced", "tes.score": "80", "wawancara.outcome": "absent"}
    )
    assert stage_rows([row], stage="tes", stages=stages)[0]["label"] == "P/L"


def test_stage_rows_are_ordered_by_formation_code_and_score() -> None:
    """Rows come by formation, then code in the legend's order, then score (highest first),
    then published id."""
    rows = stage_rows(
        [
            stage_row("2024-000005", "below_threshold", "not_reached", "300"),
            stage_row("2024-000004", "advanced", "outranked", "350"),
            stage_row("2024-000003", "advanced", "advanced", "800/2"),
            stage_row("2024-000002", "advanced", "advanced", "450"),
            stage_row("2024-000001", "absent", "not_reached"),
        ],
        stage="skd",
        stages=CPNS_STAGES,
    )
    assert [(r["published_id"], r["label"]) for r in rows] == [
        ("2024-000002", "P/L"),
        ("2024-000003", "P/L"),
        ("2024-000004", "P"),
        ("2024-000005", "TL"),
        ("2024-000001", "TH"),
    ]
    assert set(rows[0]) == set(STAGE_COLUMNS)


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        ("wawancara", "the run has no stage 'wawancara'"),
        ("administrasi", "cannot announce stage 'administrasi'"),
        ("skb", "cannot announce stage 'skb'"),
    ],
)
def test_stage_that_cannot_be_announced_is_refused(stage: str, message: str) -> None:
    """Only a test or rating stage followed by a shortlist or a stage candidates sit can be
    announced; the error lists those of the run."""
    with pytest.raises(AnnouncementError, match=message) as caught:
        stage_rows(
            [stage_row("2024-000001", "advanced", "advanced")], stage=stage, stages=CPNS_STAGES
        )
    assert str(caught.value).endswith("this run's: skd")


def test_stage_rows_with_impossible_outcomes_are_refused() -> None:
    """A passed stage whose shortlist says something a shortlist never says is refused."""
    with pytest.raises(AnnouncementError, match="line 2: the stage was passed"):
        stage_rows(
            [stage_row("2024-000001", "advanced", "absent")], stage="skd", stages=CPNS_STAGES
        )
    with pytest.raises(AnnouncementError, match="not a number"):
        stage_rows(
            [stage_row("2024-000001", "advanced", "advanced", "many")],
            stage="skd",
            stages=CPNS_STAGES,
        )


def test_stage_announcement_of_a_run(run_dir: Path) -> None:
    """On a CPNS run: one row per candidate who reached the SKD, each code as its outcomes say;
    the others counted as not listed; published numbers distinct."""
    source = results(run_dir)
    made = results_announcement(source, mask="partial", stage="skd", stages=CPNS_STAGES)
    reached = [r for r in source if r["skd.outcome"] != "not_reached"]
    assert len(made.rows) == len(reached)
    assert made.not_listed == len(source) - len(reached)
    expected = Counter(
        stage_code(r["skd.outcome"], r["pemeringkatan_skd.outcome"], next_is_shortlist=True)
        for r in reached
    )
    assert Counter(r["label"] for r in made.rows) == expected
    assert {"P/L", "TL"} <= set(expected)
    assert len({r["published_id"] for r in made.rows}) == len({r["candidate_id"] for r in reached})
    text = render_html(
        made.rows, info=INFO, mask=made.masking, lang="en", stage="skd", not_listed=made.not_listed
    )
    assert "Announcement of the Results of skd" in text
    assert f"{made.not_listed} candidate(s) did not reach this stage" in text
    for label, (_, meaning) in STAGE_LABELS.items():
        assert f'<th scope="row">{escape(label)}</th><td>{meaning}</td>' in text
    csv_text = render_csv(made.rows, info=INFO, lang="en", stage="skd")
    assert csv_text.splitlines()[0].endswith(",Stage")


# the command -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["announce.csv", "announce.html"])
def test_command_writes_the_file_and_prints_its_path(
    run_dir: Path, tmp_path: Path, name: str
) -> None:
    """The command writes the announcement, prints its path and leaves no temporary file."""
    out = tmp_path / "public" / name
    code, printed = announce(run_dir, out)
    assert code == 0
    assert str(out) in printed
    assert out.is_file()
    assert [p.name for p in out.parent.iterdir()] == [name]
    text = out.read_text(encoding="utf-8-sig")
    assert "sha256:" in text


def test_command_output_is_deterministic(run_dir: Path, tmp_path: Path, key_file: Path) -> None:
    """The same folder, options and key give byte-identical files."""
    for suffix in (".csv", ".html"):
        for mask, key in (("full", None), ("partial", None), ("keyed", key_file), ("none", None)):
            first, second = tmp_path / f"{mask}-a{suffix}", tmp_path / f"{mask}-b{suffix}"
            assert announce(run_dir, first, mask=mask, key_file=key)[0] == 0
            assert announce(run_dir, second, mask=mask, key_file=key)[0] == 0
            assert first.read_bytes() == second.read_bytes()


def test_command_csv_has_a_bom(run_dir: Path, tmp_path: Path) -> None:
    """The CSV file's bytes start with the UTF-8 byte order mark."""
    out = tmp_path / "a.csv"
    assert announce(run_dir, out, lang="en")[0] == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_command_keyed_never_prints_or_writes_the_key(
    run_dir: Path, tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --mask keyed the key is in neither the file nor the command's output."""
    out = tmp_path / "a.html"
    code, printed = announce(run_dir, out, mask="keyed", key_file=key_file)
    assert code == 0
    captured = capsys.readouterr()
    for text in (out.read_text(encoding="utf-8"), printed, captured.out, captured.err):
        assert KEY.decode() not in text
    first = results(run_dir)[0]["candidate_id"]
    assert mask_id(first, mode="keyed", key=KEY) in out.read_text(encoding="utf-8")


def test_command_html_contains_the_policy_hash(run_dir: Path, tmp_path: Path) -> None:
    """The HTML names the manifest's policy hash and ledger head."""
    out = tmp_path / "a.html"
    assert announce(run_dir, out)[0] == 0
    manifest = (run_dir / "manifest.json").read_text(encoding="utf-8")
    text = out.read_text(encoding="utf-8")
    policy_hash = asn.document_hash(asn.load(POLICY))
    assert policy_hash in manifest
    assert policy_hash in text
    assert "<script" not in text


def test_missing_folder_results_or_manifest(
    copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing folder is exit 1; a run folder missing results.csv or manifest.json is an
    integrity failure, exit 3, as `verify` says; each refusal is printed as the library's
    problem: the file, its code, the message."""
    out = tmp_path / "a.csv"
    assert announce(tmp_path / "nowhere", out)[0] == 1
    (copy / "manifest.json").unlink()
    assert announce(copy, out)[0] == 3
    (copy / "results.csv").unlink()
    assert announce(copy, out)[0] == 3
    assert not out.exists()
    printed = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[1:3] for line in printed] == [
        [str(tmp_path / "nowhere"), "file.not-found no such run folder"],
        [str(copy / "manifest.json"), "audit.manifest manifest.json is missing"],
        [str(copy / "results.csv"), "audit.missing no results.csv in " + str(copy)],
    ]


def test_a_manifest_that_cannot_be_read_is_exit_1(copy: Path, tmp_path: Path) -> None:
    """A manifest that is there but is not JSON cannot be read: exit 1, where a missing one
    is an incomplete run, exit 3."""
    (copy / "manifest.json").write_text("{", encoding="utf-8")
    assert announce(copy, tmp_path / "a.csv")[0] == 1


def test_changed_results_exit_3(copy: Path, tmp_path: Path) -> None:
    """A results.csv changed after the run no longer matches the manifest: exit 3."""
    path = copy / "results.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",TL,", ",P,", 1), encoding="utf-8")
    assert announce(copy, tmp_path / "a.csv")[0] == 3


def test_keyed_without_a_usable_key_exit_1(run_dir: Path, tmp_path: Path) -> None:
    """--mask keyed without a key file, with a missing one or a short one is exit 1."""
    out = tmp_path / "a.csv"
    assert announce(run_dir, out, mask="keyed")[0] == 1
    assert announce(run_dir, out, mask="keyed", key_file=tmp_path / "missing.key")[0] == 1
    short = tmp_path / "short.key"
    short.write_bytes(b"secret\n")
    assert announce(run_dir, out, mask="keyed", key_file=short)[0] == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("out_name", "options"),
    [
        ("a.txt", {}),
        ("a", {}),
        ("a.csv", {"mask": "blur"}),
        ("a.csv", {"lang": "fr"}),
    ],
)
def test_usage_errors_exit_2(
    run_dir: Path, tmp_path: Path, out_name: str, options: dict[str, object]
) -> None:
    """An output neither .csv nor .html, an unknown mask or language is exit 2."""
    out = tmp_path / out_name
    assert announce(run_dir, out, **options)[0] == 2
    assert not out.exists()


def test_key_file_without_keyed_mask_exit_2(run_dir: Path, tmp_path: Path, key_file: Path) -> None:
    """A key file with another mask is a usage error, not silently ignored."""
    assert announce(run_dir, tmp_path / "a.csv", key_file=key_file)[0] == 2


def test_output_never_replaces_a_run_file(copy: Path) -> None:
    """Writing the announcement over the run's results.csv is refused."""
    before = (copy / "results.csv").read_bytes()
    assert announce(copy, copy / "results.csv")[0] == 2
    assert (copy / "results.csv").read_bytes() == before


def test_command_publishes_full_distinct_numbers_by_default(run_dir: Path, tmp_path: Path) -> None:
    """Without --mask the CSV holds every registration number in full, and the command says
    how many distinct numbers it published."""
    out = tmp_path / "a.csv"
    code, printed = announce(run_dir, out, mask="full")
    assert code == 0
    ids = {r["candidate_id"] for r in results(run_dir)} - {""}
    published = [line[0] for line in csv.reader(io.StringIO(out.read_text("utf-8-sig")))][1:]
    assert set(published) - {""} == ids
    assert f"{len(ids)} distinct registration number(s), mask full" in printed


def test_command_partial_says_how_many_characters_are_shown(run_dir: Path, tmp_path: Path) -> None:
    """--mask partial publishes distinct numbers and says how many last characters it shows."""
    out = tmp_path / "a.html"
    code, printed = announce(run_dir, out, mask="partial")
    assert code == 0
    ids = {r["candidate_id"] for r in results(run_dir)} - {""}
    keep = masking(ids, mode="partial").keep_last
    assert f"{len(ids)} distinct registration number(s), mask partial (last {keep} shown)" in (
        printed
    )
    assert f"the last {keep} characters" in out.read_text(encoding="utf-8") or (
        f"{keep} karakter terakhir" in out.read_text(encoding="utf-8")
    )


def test_command_none_is_full(run_dir: Path, tmp_path: Path) -> None:
    """--mask none (the earlier name) writes the same file as --mask full."""
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert announce(run_dir, first, mask="none")[0] == 0
    assert announce(run_dir, second, mask="full")[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_command_refuses_numbers_it_cannot_mask_distinctly(copy: Path, tmp_path: Path) -> None:
    """A partial mask that cannot keep two numbers apart is exit 1, and nothing is written."""
    path = copy / "results.csv"
    rows = results(copy)
    named = [r for r in rows if r["candidate_id"]]
    named[0]["candidate_id"], named[1]["candidate_id"] = "AB", "BB"  # both published as '**'
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["outputs"]["results.csv"]["sha256"] = file_sha256(path)
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    out = tmp_path / "a.csv"
    assert announce(copy, out, mask="partial")[0] == 1
    assert not out.exists()
    assert announce(copy, out, mask="full")[0] == 0


def test_command_stage_announcement(run_dir: Path, tmp_path: Path) -> None:
    """--stage skd writes the SKD announcement: one line per candidate who reached the SKD,
    with the SKD codes."""
    out = tmp_path / "skd.csv"
    code, printed = announce(run_dir, out, stage="skd", lang="en")
    assert code == 0
    assert printed.startswith("stage skd: ")
    lines = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert lines[0][:6] == ["Registration number", "Formation", "Track", "Score", "Code", "Meaning"]
    reached = [r for r in results(run_dir) if r["skd.outcome"] != "not_reached"]
    assert len(lines) - 1 == len(reached)
    assert {line[4] for line in lines[1:]} <= set(STAGE_LABELS)
    assert {line[-1] for line in lines[1:]} == {"skd"}


@pytest.mark.parametrize("stage", ["nilai_akhir", "nowhere"])
def test_command_stage_that_cannot_be_announced_exit_1(
    run_dir: Path, tmp_path: Path, stage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stage that is not an announceable test stage is exit 1, naming the ones that are."""
    out = tmp_path / "a.csv"
    assert announce(run_dir, out, stage=stage)[0] == 1
    assert "this run's: skd" in capsys.readouterr().err
    assert not out.exists()


def test_command_stage_without_a_ledger_exit_1(copy: Path, tmp_path: Path) -> None:
    """--stage reads the stage kinds from decisions.jsonl: without it, exit 1."""
    (copy / "decisions.jsonl").unlink()
    assert announce(copy, tmp_path / "a.csv", stage="skd")[0] == 1
    assert announce(copy, tmp_path / "a.csv")[0] == 0


# ----------------------------------------------------------------------------- codes


def _codes(call: object) -> list[tuple[str, int | None, tuple[str | int, ...]]]:
    """The (code, line, path) of each problem of the AnnouncementError ``call()`` raises."""
    assert callable(call)
    with pytest.raises(AnnouncementError) as caught:
        call()
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == caught.value.problems[0].message
    return [(p.code, p.line, p.path) for p in caught.value.problems]


def test_each_refusal_has_its_code_and_place() -> None:
    """Every refusal of an announcement is an AnnouncementError whose problem has its stable
    code, the row's line of results.csv (the header is line 1) and the column as its path."""
    first = result_row("2024-000001")
    bad_rank = result_row("2024-000002", final_status="selected", final_status_label="L")
    bad_rank["rank"] = "first"
    cases: list[tuple[object, list[tuple[str, int | None, tuple[str | int, ...]]]]] = [
        (lambda: key_from_bytes(b"short\n"), [("announce.key", None, ())]),
        (lambda: masking(["x"], mode="keyed"), [("announce.key", None, ())]),
        (lambda: mask_id("x", mode="hidden"), [("announce.mask", None, ())]),
        (
            lambda: render_html([], info=INFO, mask="hidden"),
            [("announce.mask", None, ())],
        ),
        (
            lambda: announcement_rows([result_row("A1234"), result_row("B1234")], mask="partial"),
            [("announce.mask-clash", None, ())],
        ),
        (
            lambda: announcement_rows([first, result_row("x", final_status_label="Q")]),
            [("announce.label", 3, ("final_status_label",))],
        ),
        (
            lambda: announcement_rows([result_row("x", final_status="won")]),
            [("announce.label", 2, ("final_status",))],
        ),
        (
            lambda: announcement_rows([result_row("x", final_status_label="L")]),
            [("announce.label", 2, ("final_status_label",))],
        ),
        (lambda: announcement_rows([first, bad_rank]), [("input.type", 3, ("rank",))]),
        (
            lambda: announcement_rows([{"candidate_id": "x"}]),
            [("input.header", 2, ("formation_id",))],
        ),
        (
            lambda: stage_rows(
                [stage_row("x", "advanced", "absent")], stage="skd", stages=CPNS_STAGES
            ),
            [("announce.label", 2, ("skd.outcome",))],
        ),
        (
            lambda: stage_rows(
                [stage_row("x", "advanced", "advanced", "many")], stage="skd", stages=CPNS_STAGES
            ),
            [("input.type", 2, ("skd.score",))],
        ),
        (
            lambda: stage_rows([], stage="skb", stages=CPNS_STAGES),
            [("announce.stage", None, ())],
        ),
        (
            lambda: run_info({"policy": {"id": "p"}}),
            [("audit.manifest", None, ("policy", "hash"))],
        ),
    ]
    for call, expected in cases:
        assert _codes(call) == expected


def test_a_run_folder_a_result_and_its_rows_give_one_announcement(
    run_dir: Path, tmp_path: Path
) -> None:
    """results_announcement of a run folder is what the command publishes from it (the same
    page, byte for byte), the same rows its results.csv rows give, and the same rows as the
    RunResult the folder was written from; the result's page has no results.csv hash."""
    from_folder = results_announcement(run_dir, mask="partial")
    assert from_folder.rows == results_announcement(results(run_dir), mask="partial").rows
    out = tmp_path / "a.html"
    assert announce(run_dir, out, mask="partial", lang="en")[0] == 0
    assert from_folder.html("en") == out.read_text(encoding="utf-8")
    assert from_folder.info is not None
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    result = asn.run(
        asn.load_policy(POLICY),
        manifest["inputs"]["candidates"]["file"],
        formations=manifest["inputs"]["formations"]["file"],
        as_of=AS_OF,
    )
    from_result = results_announcement(result, mask="partial")
    assert from_result.rows == from_folder.rows
    assert from_result.info == RunInfo(
        from_folder.info.policy_id,
        from_folder.info.policy_hash,
        from_folder.info.as_of,
        from_folder.info.ledger_head,
    )
    stage = results_announcement(run_dir, stage="skd")
    assert stage.rows == results_announcement(result, stage="skd").rows
    body = stage._repr_html_()
    assert body.startswith("<header")
    assert "<body" not in body
    assert "<style" not in body
    assert "<table" in body


def test_a_run_folder_that_cannot_be_announced_names_the_file(copy: Path) -> None:
    """A changed results.csv, a row that cannot be announced, a missing manifest and a stage
    without decision records are AnnouncementErrors at the file concerned."""
    path = copy / "results.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[1].rstrip("\n").split(",")
    cells[header.index("final_status_label")] = "Q"
    path.write_text(lines[0] + ",".join(cells) + "\n" + "".join(lines[2:]), encoding="utf-8")
    with pytest.raises(AnnouncementError) as changed:
        results_announcement(copy)
    assert [(p.code, p.file) for p in changed.value.problems] == [("audit.manifest", str(path))]
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    del manifest["outputs"]
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(AnnouncementError) as row:
        results_announcement(copy)
    (problem,) = row.value.problems
    assert (problem.code, problem.file, problem.line) == ("announce.label", str(path), 2)
    (copy / "decisions.jsonl").unlink()
    with pytest.raises(AnnouncementError) as ledgerless:
        results_announcement(copy, stage="skd")
    assert ledgerless.value.codes == ["audit.missing"]
    (copy / "manifest.json").unlink()
    with pytest.raises(AnnouncementError) as missing:
        results_announcement(copy)
    assert missing.value.problems[0].code == "audit.manifest"
    assert missing.value.problems[0].file == str(copy / "manifest.json")


def test_an_announcement_made_from_rows_alone_has_no_page() -> None:
    """Rows alone carry no run information: html() and csv() say so (audit.manifest) unless
    info is given."""
    made = results_announcement([result_row("2024-000001")])
    for call in (made.html, made.csv):
        with pytest.raises(AnnouncementError) as caught:
            call()
        assert caught.value.codes == ["audit.manifest"]
    given = results_announcement([result_row("2024-000001")], info=INFO)
    assert given.csv("en") == render_csv(given.rows, info=INFO, lang="en")
