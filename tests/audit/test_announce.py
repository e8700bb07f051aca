"""``announce``: the results announcement, masking, CSV and HTML output, and exit codes.

One small CPNS 2024 run (120 synthetic applicants) is made once; tests that change its
folder work on a copy.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.audit.announce import (
    COLUMNS,
    KEEP_LAST,
    LABELS,
    MIN_MASKED,
    PREFIX_MAX,
    SEPARATORS,
    AnnouncementError,
    RunInfo,
    announcement_rows,
    key_from_bytes,
    mask_id,
    render_csv,
    render_html,
)
from asn_competency.cli.announce import execute_announce
from tests.audit.runs import POLICY, small_cpns_run

KEY = b"0123456789abcdef0123456789abcdef"
OTHER_KEY = b"fedcba9876543210fedcba9876543210"
INFO = RunInfo(
    policy_id="cpns-2024",
    policy_hash="sha256:" + "ab" * 32,
    as_of="2024-09-06",
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
    arguments: dict[str, object] = {"mask": "partial", "key_file": None, "lang": "id"}
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


# masking ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("candidate_id", "masked"),
    [
        ("2024-000123", "2024-****23"),
        ("2024-000223", "2024-****23"),
        ("2024/000123", "2024/****23"),
        ("PEMKOT-SBY-000123", "PEMKOT-********23"),
        ("VERYLONGPREFIX-123456", "*******************56"),
        ("2024-0123", "*******23"),
        ("199001012020121001", "****************01"),
        ("A12345", "****45"),
        ("A1234", "****4"),
        ("ABCD", "****"),
        ("X", "*"),
        ("", ""),
    ],
)
def test_partial_mask_examples(candidate_id: str, masked: str) -> None:
    """The partial mask keeps a short prefix and the last 2 characters, less for short ids."""
    assert mask_id(candidate_id, mode="partial") == masked


@given(IDS)
def test_partial_mask_reveals_at_most_prefix_and_last_two(candidate_id: str) -> None:
    """A partial mask keeps the length and shows only a prefix and the last 2 characters."""
    masked = mask_id(candidate_id, mode="partial")
    size = len(candidate_id)
    assert len(masked) == size
    shown = kept(masked)
    assert all(masked[i] == candidate_id[i] for i in shown)
    end = prefix_end(candidate_id)
    prefix = [i for i in shown if i < size - KEEP_LAST]
    assert prefix in ([], list(range(end)))
    assert len(prefix) <= PREFIX_MAX
    assert size - len(shown) >= min(size, MIN_MASKED)


@given(IDS, st.data())
def test_partial_mask_distinguishes_ids_differing_in_kept_part(
    candidate_id: str, data: st.DataObject
) -> None:
    """Two ids masked alike in shape that differ where the mask shows stay distinguishable."""
    masked = mask_id(candidate_id, mode="partial")
    shown = kept(masked)
    if not shown:
        return
    position = data.draw(st.sampled_from(shown))
    replacement = data.draw(st.characters(codec="utf-8", exclude_characters=f"*{SEPARATORS}"))
    if candidate_id[position] in SEPARATORS or replacement == candidate_id[position]:
        return
    other = candidate_id[:position] + replacement + candidate_id[position + 1 :]
    other_masked = mask_id(other, mode="partial")
    assert kept(other_masked) == shown
    assert other_masked != masked


@given(IDS, IDS)
def test_equal_partial_masks_agree_where_shown(first: str, second: str) -> None:
    """Ids that mask alike are equal in every position the mask shows."""
    masked = mask_id(first, mode="partial")
    if mask_id(second, mode="partial") == masked:
        assert all(first[i] == second[i] for i in kept(masked))


def test_keyed_mask_is_the_documented_hmac() -> None:
    """keyed is the first 16 hex characters of HMAC-SHA256(key, id as UTF-8)."""
    expected = hmac.new(KEY, b"2024-000123", hashlib.sha256).hexdigest()[:16]
    assert mask_id("2024-000123", mode="keyed", key=KEY) == expected
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


def test_none_mask_and_unknown_modes() -> None:
    """none keeps the id; an unknown mode or a keyed mask without a long key is refused."""
    assert mask_id("2024-000123", mode="none") == "2024-000123"
    with pytest.raises(ValueError, match="unknown mask"):
        mask_id("2024-000123", mode="hidden")
    with pytest.raises(ValueError, match="at least 16 bytes"):
        mask_id("2024-000123", mode="keyed")
    with pytest.raises(ValueError, match="at least 16 bytes"):
        mask_id("2024-000123", mode="keyed", key=b"short")


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


# rows ------------------------------------------------------------------------------------


def test_every_results_row_appears_exactly_once(run_dir: Path) -> None:
    """The announcement has one row per results row, with its values."""
    source = results(run_dir)
    rows = announcement_rows(source, mask="none")
    assert len(rows) == len(source)

    def published(row: dict[str, str]) -> tuple[str, ...]:
        placement = row["placement_formation_id"] if row["final_status_label"] == "P/L" else ""
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


def test_placement_is_shown_for_p_l_only() -> None:
    """Only a P/L row shows its placement formation."""
    rows = announcement_rows(
        [
            result_row(
                "2024-000001",
                final_status="selected",
                final_status_label="P",
                rank="1",
                placement_formation_id="F00001",
            ),
            result_row(
                "2024-000002",
                final_status="selected_by_optimisation",
                final_status_label="P/L",
                rank="2",
                placement_formation_id="F00009",
            ),
        ],
        mask="partial",
    )
    assert [r["placement_formation_id"] for r in rows] == ["", "F00009"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"final_status_label": "X"}, "unknown label"),
        ({"final_status": "selected"}, "does not match final status"),
        ({"final_status": "won"}, "unknown final status"),
        ({"rank": "first"}, "not a whole number"),
    ],
)
def test_unusable_rows_are_refused(changes: dict[str, str], message: str) -> None:
    """A row with an unknown or inconsistent label, status or rank stops the announcement."""
    with pytest.raises(AnnouncementError, match=message):
        announcement_rows([result_row("2024-000001", **changes)], mask="partial")


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
    assert "&quot;umum&quot;" in text
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


def test_html_notes_the_masking_mode() -> None:
    """The page says how ids were masked and that names are not published."""
    rows = announcement_rows([result_row("2024-000001")], mask="keyed", key=KEY)
    text = render_html(rows, info=INFO, mask="keyed", lang="en")
    assert "HMAC-SHA256" in text
    assert "names are not published" in text


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
        for mask, key in (("partial", None), ("keyed", key_file), ("none", None)):
            first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
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


def test_missing_folder_results_or_manifest_exit_1(copy: Path, tmp_path: Path) -> None:
    """A missing folder, results.csv or manifest.json is exit 1."""
    out = tmp_path / "a.csv"
    assert announce(tmp_path / "nowhere", out)[0] == 1
    (copy / "manifest.json").unlink()
    assert announce(copy, out)[0] == 1
    (copy / "results.csv").unlink()
    assert announce(copy, out)[0] == 1
    assert not out.exists()


def test_changed_results_exit_1(copy: Path, tmp_path: Path) -> None:
    """A results.csv changed after the run no longer matches the manifest: exit 1."""
    path = copy / "results.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",TL,", ",P,", 1), encoding="utf-8")
    assert announce(copy, tmp_path / "a.csv")[0] == 1


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
