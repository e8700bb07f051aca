"""The results announcement (pengumuman hasil seleksi), with the registration numbers masked.

From the rows of a run's ``results.csv`` and its manifest, :func:`announcement_rows` builds
one row per results row (none lost, none added), ordered by formation id (rows without a
formation last), then rank (unranked last), then the published id; :func:`render_csv` and
:func:`render_html` write them in Indonesian or English. Each announcement names the policy
id and content hash, the as-of date, the ledger's head hash and the sha256 of
``results.csv``, so that anyone can tie it to a run that ``asn-competency verify`` checked.

Published columns: the registration number (masked), the formation, the track, the rank,
the final score, the announcement label (P, P/L, TL, TMS, TH, PR) and its meaning, and the
placement formation of a P/L candidate (the formation optimisation placed them in).
Candidates' names are never published: ``results.csv`` holds none and this module adds none.

Masking of the registration number (:func:`mask_id`), one of :data:`MASK_MODES`:

``partial`` (the default)
    The id is read as a sequence of characters (Unicode code points), ``n`` of them.

    1. The *prefix* is everything up to and including the first separator (``-``, ``/``,
       ``.``, ``_`` or a space) when that is at most :data:`PREFIX_MAX` (8) characters long;
       otherwise there is no prefix. It is meant for the registration series (``2024-``),
       which all candidates share.
    2. The last :data:`KEEP_LAST` (2) characters are kept.
    3. At least :data:`MIN_MASKED` (4) characters must be masked: if keeping the prefix and
       the last 2 would mask fewer, the prefix is not kept; if the id is still too short,
       fewer of the last characters are kept (``max(0, min(2, n - 4))``), so an id of 4
       characters or fewer is masked completely.
    4. Every other character becomes ``*``: the length is kept.

    ``2024-000123`` → ``2024-****23``; ``2024-0123`` → ``*******23``; ``A12345`` →
    ``****45``; ``A1234`` → ``****4``; ``ABCD`` → ``****``. Two ids that differ in a kept
    character stay distinguishable; ids that differ only in masked characters may look the
    same (``2024-000123`` and ``2024-000223``): a candidate tells their row apart by the
    formation, the rank and the score, or the committee publishes with ``keyed``.

``keyed``
    The id is replaced by the first 16 hexadecimal characters (64 bits) of
    HMAC-SHA256(key, id encoded as UTF-8)::

        hmac.new(key, candidate_id.encode("utf-8"), hashlib.sha256).hexdigest()[:16]

    The key is the committee's secret: the bytes of a key file, with trailing line breaks
    removed (:func:`key_from_bytes`; a hex string such as ``openssl rand -hex 32`` writes is
    used as text, not decoded), at least :data:`MIN_KEY_BYTES` (16) bytes. It is never
    printed nor written to the announcement. The committee, which keeps the key, gives each
    candidate their code (or checks it on request) and can show an auditor any entry. The key
    must not be published: registration numbers are sequential, so anyone holding the key
    could compute every candidate's code.

``none``
    The id as it is; only when the user asks for it explicitly.

A row without a candidate id (an invalid row) has an empty published id in every mode.

Output is deterministic: the same rows, run information, mode, key and language give the
same text, whatever the order of the input rows. CSV cells of text columns that start with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a leading ``'`` so that
spreadsheets do not read them as formulas.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, Literal, get_args

from asn_competency.errors import AsnCompetencyError
from asn_competency.pipeline.outcomes import FINAL_LABELS

__all__ = [
    "COLUMNS",
    "KEEP_LAST",
    "LABELS",
    "MASK_MODES",
    "MIN_KEY_BYTES",
    "MIN_MASKED",
    "PREFIX_MAX",
    "SEPARATORS",
    "AnnouncementError",
    "MaskMode",
    "RunInfo",
    "announcement_rows",
    "key_from_bytes",
    "mask_id",
    "render_csv",
    "render_html",
    "run_info",
]

MaskMode = Literal["partial", "keyed", "none"]
#: The masking modes, the default first.
MASK_MODES: tuple[MaskMode, ...] = get_args(MaskMode)

#: Characters that end the kept prefix of a ``partial`` mask.
SEPARATORS = "-/._ "
#: The longest kept prefix, its separator included.
PREFIX_MAX = 8
#: How many last characters a ``partial`` mask keeps (fewer for short ids).
KEEP_LAST = 2
#: The fewest characters a ``partial`` mask hides (all of them for shorter ids).
MIN_MASKED = 4
#: The shortest key ``keyed`` accepts, in bytes.
MIN_KEY_BYTES = 16
#: Hexadecimal characters of the HMAC kept by ``keyed``.
KEYED_HEX = 16

#: The keys of an announcement row, in the order of the published columns.
COLUMNS: tuple[str, ...] = (
    "published_id",
    "formation_id",
    "track",
    "rank",
    "final_score",
    "label",
    "placement_formation_id",
)

#: The columns of results.csv that an announcement reads.
_REQUIRED = (
    "candidate_id",
    "formation_id",
    "track",
    "final_status",
    "final_status_label",
    "rank",
    "final_score",
    "placement_formation_id",
)

#: The meaning of each announcement label: (Indonesian, English).
LABELS: Mapping[str, tuple[str, str]] = {
    "P": ("lulus", "passed"),
    "P/L": (
        "lulus, ditempatkan di formasi lain melalui optimalisasi",
        "passed, placed in another formation by optimisation",
    ),
    "TL": ("tidak lulus", "not passed"),
    "TMS": ("tidak memenuhi syarat", "not eligible"),
    "TH": ("tidak hadir", "absent"),
    "PR": (
        "perlu ditinjau panitia seleksi (belum final)",
        "under review by the selection committee (not final)",
    ),
}

#: The label of each final status, keyed by text.
_STATUS_LABELS: Mapping[str, str] = {str(status): label for status, label in FINAL_LABELS.items()}

_LANGUAGES = ("id", "en")

#: Headers of the published columns, then of the run columns of the CSV: (Indonesian, English).
_HEADERS: Mapping[str, tuple[str, str]] = {
    "published_id": ("Nomor Peserta", "Registration number"),
    "formation_id": ("Formasi", "Formation"),
    "track": ("Jalur", "Track"),
    "rank": ("Peringkat", "Rank"),
    "final_score": ("Nilai Akhir", "Final score"),
    "label": ("Kode", "Code"),
    "meaning": ("Keterangan", "Meaning"),
    "placement_formation_id": ("Formasi Penempatan", "Placement formation"),
    "policy_id": ("Kebijakan", "Policy"),
    "policy_hash": ("Hash Kebijakan", "Policy hash"),
    "as_of": ("Tanggal Acuan", "As-of date"),
    "ledger_head": ("Hash Kepala Ledger", "Ledger head hash"),
}

_TEXT: Mapping[str, tuple[str, str]] = {
    "title": ("Pengumuman Hasil Seleksi", "Announcement of Selection Results"),
    "policy": ("Kebijakan seleksi", "Selection policy"),
    "policy_hash": ("Hash kebijakan", "Policy hash"),
    "as_of": ("Tanggal acuan", "As-of date"),
    "ledger_head": ("Hash kepala ledger keputusan", "Decision ledger head hash"),
    "results_sha256": ("SHA-256 results.csv", "SHA-256 of results.csv"),
    "count": ("Jumlah peserta", "Candidates"),
    "legend": ("Keterangan kode", "Codes"),
    "formation": ("Formasi", "Formation"),
    "no_formation": ("Tanpa formasi", "No formation"),
    "rows": ("{count} peserta", "{count} candidate(s)"),
    "placed_here": (
        "Ditempatkan di formasi ini melalui optimalisasi (P/L), dari formasi (jumlah): {sources}.",
        "Placed in this formation by optimisation (P/L), from formation (count): {sources}.",
    ),
    "verify": (
        (
            "Pengumuman ini dibuat dari hasil seleksi dengan hash di atas; keabsahannya dapat "
            "diperiksa dengan asn-competency verify pada folder hasil seleksi."
        ),
        (
            "This announcement was made from the selection run with the hashes above; the run can "
            "be checked with asn-competency verify on its output folder."
        ),
    ),
    "names": (
        "Nama peserta tidak diumumkan.",
        "Candidates' names are not published.",
    ),
}

_MASK_NOTES: Mapping[MaskMode, tuple[str, str]] = {
    "partial": (
        (
            "Nomor peserta disamarkan: hanya awalan (sampai tanda pemisah pertama, paling "
            f"panjang {PREFIX_MAX} karakter) dan {KEEP_LAST} karakter terakhir yang ditampilkan, "
            f"sedikitnya {MIN_MASKED} karakter diganti dengan *."
        ),
        (
            "Registration numbers are masked: only the prefix (up to the first separator, at most "
            f"{PREFIX_MAX} characters) and the last {KEEP_LAST} characters are shown; at least "
            f"{MIN_MASKED} characters are replaced by *."
        ),
    ),
    "keyed": (
        (
            f"Nomor peserta diganti dengan kode {KEYED_HEX} karakter heksadesimal (HMAC-SHA256 "
            "dengan kunci rahasia panitia); peserta memperoleh kodenya dari panitia seleksi."
        ),
        (
            f"Registration numbers are replaced by a {KEYED_HEX}-character hexadecimal code "
            "(HMAC-SHA256 with the committee's secret key); candidates get their code from the "
            "selection committee."
        ),
    ),
    "none": (
        "Nomor peserta ditampilkan lengkap, tanpa disamarkan.",
        "Registration numbers are shown in full, unmasked.",
    ),
}

_STYLE = """\
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem;\
color:#1a1a1a;line-height:1.4}
h1{font-size:1.5rem;margin:0 0 1rem}
h2{font-size:1.15rem;margin:2rem 0 .5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dt{font-weight:600}
dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}
p.note{margin:.25rem 0;color:#444}
table{border-collapse:collapse;margin:.5rem 0 1rem;min-width:40rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #bbb;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#eef1f5}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.id{font-family:ui-monospace,Menlo,Consolas,monospace}
tbody tr:nth-child(even){background:#f8f9fb}
@media print{body{margin:0}tbody tr:nth-child(even){background:none}}
"""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class AnnouncementError(AsnCompetencyError, ValueError):
    """The results rows or the manifest cannot be announced (a column or field is missing, a
    label is unknown or disagrees with the final status, a rank is not a number)."""


@dataclass(frozen=True)
class RunInfo:
    """What ties an announcement to its run: from the run's ``manifest.json``."""

    policy_id: str
    policy_hash: str
    as_of: str
    ledger_head: str
    results_sha256: str | None = None


def run_info(manifest: Mapping[str, Any]) -> RunInfo:
    """The run information of a parsed ``manifest.json``; :class:`AnnouncementError` when a
    field is missing or not text."""

    def text(*path: str, required: bool = True) -> str | None:
        value: Any = manifest
        for part in path:
            value = value.get(part) if isinstance(value, Mapping) else None
        if isinstance(value, str) and value:
            return value
        if required:
            raise AnnouncementError(f"manifest.json has no {'.'.join(path)}")
        return None

    return RunInfo(
        policy_id=str(text("policy", "id")),
        policy_hash=str(text("policy", "hash")),
        as_of=str(text("as_of")),
        ledger_head=str(text("ledger", "head")),
        results_sha256=text("outputs", "results.csv", "sha256", required=False),
    )


def key_from_bytes(data: bytes) -> bytes:
    """The ``keyed`` key held by a key file's bytes: trailing line breaks removed; at least
    :data:`MIN_KEY_BYTES` bytes, else :class:`AnnouncementError` (the key is never quoted)."""
    key = data.rstrip(b"\r\n")
    if len(key) < MIN_KEY_BYTES:
        raise AnnouncementError(
            f"the key must be at least {MIN_KEY_BYTES} bytes long (it has {len(key)}); "
            "make one with e.g. 'openssl rand -hex 32 > committee.key'"
        )
    return key


def _partial(candidate_id: str) -> str:
    size = len(candidate_id)
    cut = next((i for i, c in enumerate(candidate_id) if c in SEPARATORS), None)
    prefix = 0 if cut is None or cut + 1 > PREFIX_MAX else cut + 1
    if size - prefix - KEEP_LAST < MIN_MASKED:
        prefix = 0
    last = max(0, min(KEEP_LAST, size - MIN_MASKED))
    hidden = size - prefix - last
    return candidate_id[:prefix] + "*" * hidden + candidate_id[size - last :]


def mask_id(candidate_id: str, *, mode: str, key: bytes | None = None) -> str:
    """The published form of a registration number under a masking mode (the module docstring
    gives the rules); an empty id stays empty. ``ValueError`` for an unknown mode, or for
    ``keyed`` without a key of at least :data:`MIN_KEY_BYTES` bytes."""
    if mode not in MASK_MODES:
        raise ValueError(f"unknown mask mode {mode!r}; use one of {', '.join(MASK_MODES)}")
    if mode == "keyed" and (key is None or len(key) < MIN_KEY_BYTES):
        raise ValueError(f"the keyed mask needs a key of at least {MIN_KEY_BYTES} bytes")
    if not candidate_id:
        return ""
    if mode == "none":
        return candidate_id
    if mode == "partial" or key is None:
        return _partial(candidate_id)
    digest = hmac.new(key, candidate_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:KEYED_HEX]


def _row(
    raw: Mapping[str, str | None], number: int, mode: str, key: bytes | None
) -> dict[str, str]:
    where = f"line {number + 1}"
    values = {column: (raw.get(column) or "") for column in _REQUIRED}
    label = values["final_status_label"]
    if label not in LABELS:
        raise AnnouncementError(f"{where}: unknown label {label!r} (known: {', '.join(LABELS)})")
    status = values["final_status"]
    expected = _STATUS_LABELS.get(status)
    if expected is None:
        raise AnnouncementError(f"{where}: unknown final status {status!r}")
    if expected != label:
        raise AnnouncementError(
            f"{where}: label {label!r} does not match final status {status!r} "
            f"(expected {expected!r})"
        )
    rank = values["rank"]
    if rank and not (rank.isascii() and rank.isdigit()):
        raise AnnouncementError(f"{where}: rank {rank!r} is not a whole number")
    return {
        "published_id": mask_id(values["candidate_id"], mode=mode, key=key),
        "formation_id": values["formation_id"],
        "track": values["track"],
        "rank": str(int(rank)) if rank else "",
        "final_score": values["final_score"],
        "label": label,
        "placement_formation_id": values["placement_formation_id"] if label == "P/L" else "",
    }


def _order(row: Mapping[str, str]) -> tuple[Any, ...]:
    rank = row["rank"]
    return (
        row["formation_id"] == "",
        row["formation_id"],
        rank == "",
        int(rank) if rank else 0,
        row["published_id"],
        *(row[column] for column in COLUMNS),
    )


def announcement_rows(
    results_rows: Iterable[Mapping[str, str | None]],
    *,
    mask: str = "partial",
    key: bytes | None = None,
) -> list[dict[str, str]]:
    """One announcement row (keys :data:`COLUMNS`) per row of ``results.csv``, the id masked,
    ordered by formation id (no formation last), rank (unranked last) and published id.

    :class:`AnnouncementError` (naming the row's line in results.csv, the header being line
    1) for a row that lacks a column, has an unknown label or final
    status, a label that is not its final status's, or a rank that is not a whole number;
    ``ValueError`` for an unknown mask or a ``keyed`` mask without a usable key."""
    mask_id("", mode=mask, key=key)  # checks the mode and key before any row
    rows: list[dict[str, str]] = []
    for number, raw in enumerate(results_rows, start=1):
        missing = [column for column in _REQUIRED if column not in raw]
        if missing:
            raise AnnouncementError(
                f"line {number + 1}: no column {', '.join(missing)} (is it a results.csv?)"
            )
        rows.append(_row(raw, number, mask, key))
    rows.sort(key=_order)
    return rows


def _pick(pair: tuple[str, str], lang: str) -> str:
    if lang not in _LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(_LANGUAGES)}")
    return pair[_LANGUAGES.index(lang)]


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(rows: Sequence[Mapping[str, str]], *, info: RunInfo, lang: str = "id") -> str:
    """The announcement as CSV text: a byte order mark (for spreadsheets), a header in the
    language, one line per row (CRLF, RFC 4180) with the label's meaning after the label and
    the run's policy id, policy hash, as-of date and ledger head hash in the last columns."""
    published = [*COLUMNS[:6], "meaning", COLUMNS[6]]
    run_columns = ("policy_id", "policy_hash", "as_of", "ledger_head")
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_pick(_HEADERS[c], lang) for c in (*published, *run_columns)])
    run_values = [info.policy_id, info.policy_hash, info.as_of, info.ledger_head]
    text_columns = {"published_id", "formation_id", "track", "placement_formation_id"}
    for row in rows:
        cells = [
            _pick(LABELS[row["label"]], lang)
            if column == "meaning"
            else _cell(row[column])
            if column in text_columns
            else row[column]
            for column in published
        ]
        writer.writerow([*cells, *(_cell(value) for value in run_values)])
    return buffer.getvalue()


def _table(rows: Sequence[Mapping[str, str]], lang: str) -> list[str]:
    columns = [*COLUMNS[:6], "meaning", COLUMNS[6]]
    numeric = {"rank", "final_score"}
    lines = ["<table>", "<thead><tr>"]
    lines += [f'<th scope="col">{escape(_pick(_HEADERS[c], lang))}</th>' for c in columns]
    lines += ["</tr></thead>", "<tbody>"]
    for row in rows:
        cells = []
        for column in columns:
            value = _pick(LABELS[row["label"]], lang) if column == "meaning" else row[column]
            css = ' class="num"' if column in numeric else ""
            css = ' class="id"' if column == "published_id" else css
            cells.append(f"<td{css}>{escape(value)}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


def render_html(
    rows: Sequence[Mapping[str, str]],
    *,
    info: RunInfo,
    mask: str,
    lang: str = "id",
) -> str:
    """The announcement as one self-contained HTML page (inline CSS; no script, no external
    resource): a header with the policy id and hash, the as-of date, the ledger head hash,
    the results.csv hash and notes on masking and names; a legend of the labels with their
    counts; then one table per formation (with a note naming the formations whose P/L
    candidates were placed in it). Every value is escaped."""
    if mask not in MASK_MODES:
        raise ValueError(f"unknown mask mode {mask!r}; use one of {', '.join(MASK_MODES)}")
    mode: MaskMode = mask

    def t(name: str) -> str:
        return escape(_pick(_TEXT[name], lang))

    title = f"{t('title')} — {escape(info.policy_id)}"
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>\n{_STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{title}</h1>",
        "<dl>",
    ]
    facts = [
        ("policy", info.policy_id),
        ("policy_hash", info.policy_hash),
        ("as_of", info.as_of),
        ("ledger_head", info.ledger_head),
    ]
    if info.results_sha256:
        facts.append(("results_sha256", info.results_sha256))
    facts.append(("count", str(len(rows))))
    lines += [f"<dt>{t(name)}</dt><dd>{escape(value)}</dd>" for name, value in facts]
    lines.append("</dl>")
    lines.append(f'<p class="note">{escape(_pick(_MASK_NOTES[mode], lang))}</p>')
    lines.append(f'<p class="note">{t("names")}</p>')
    lines.append(f'<p class="note">{t("verify")}</p>')
    lines.append("</header>")
    counts = Counter(row["label"] for row in rows)
    lines += ["<section>", f"<h2>{t('legend')}</h2>", "<table>", "<tbody>"]
    for label, meaning in LABELS.items():
        lines.append(
            f'<tr><th scope="row">{escape(label)}</th><td>{escape(_pick(meaning, lang))}</td>'
            f'<td class="num">{counts.get(label, 0)}</td></tr>'
        )
    lines += ["</tbody>", "</table>", "</section>"]
    groups: dict[str, list[Mapping[str, str]]] = {}
    placed: dict[str, Counter[str]] = {}
    for row in rows:
        groups.setdefault(row["formation_id"], []).append(row)
        if row["label"] == "P/L" and row["placement_formation_id"]:
            placed.setdefault(row["placement_formation_id"], Counter())[row["formation_id"]] += 1
    for formation in sorted(groups.keys() | placed.keys(), key=lambda f: (f == "", f)):
        members = groups.get(formation, [])
        heading = f"{t('formation')} {escape(formation)}" if formation else t("no_formation")
        count = escape(_pick(_TEXT["rows"], lang).format(count=len(members)))
        lines += ["<section>", f"<h2>{heading} <small>({count})</small></h2>"]
        if formation in placed:
            sources = ", ".join(f"{f} ({n})" for f, n in sorted(placed[formation].items()))
            note = _pick(_TEXT["placed_here"], lang).format(sources=sources)
            lines.append(f'<p class="note">{escape(note)}</p>')
        if members:
            lines += _table(members, lang)
        lines.append("</section>")
    lines += ["</body>", "</html>"]
    return "\n".join(lines) + "\n"
