"""The results announcements (pengumuman hasil seleksi): the final results of a run, or the
results of one test stage (such as SKD), with registration numbers published distinctly.

From the rows of a run's ``results.csv`` and its manifest, :func:`announcement_rows` builds
one row per results row (none lost, none added), ordered by formation id (rows without a
formation last), then rank (unranked last), then the published id; :func:`stage_rows` builds
the rows of a stage announcement (below); :func:`results_announcement` either, from a run
folder, a :class:`~asn_competency.RunResult` or the rows, as a :class:`ResultsAnnouncement`
with the masking its numbers were published under (``.html()``, ``.csv()``);
:func:`render_csv` and :func:`render_html` write them in Indonesian or English (the page from
the library's one renderer and ``audit/templates/results.html.j2``). Each announcement names
the policy id and content hash, the as-of date, the ledger's head hash and the sha256 of
``results.csv``, so that anyone can tie it to a run that ``asn-competency verify`` checked.

Published columns of the final announcement: the registration number, the formation, the
track, the rank, the final score, the label and its meaning, and the placement formation of a
candidate placed by optimisation (L-1 or L-2). Candidates' names are never published:
``results.csv`` holds none and this module adds none.

Labels
------

The final labels (:data:`LABELS`, one per final status as
:func:`asn_competency.pipeline.outcomes.final_label` gives them): ``L`` lulus; ``L-1`` lulus
after optimisation moved the candidate to a formation of another track (formation type);
``L-2`` lulus after optimisation moved the candidate to another formation or location of the
same track; ``TL`` tidak lulus; ``TMS`` tidak memenuhi syarat (an administrative verdict);
``TH`` tidak hadir. These are the official codes of the final CPNS 2024 announcement (BKN
08/PANPEL.BKN/CPNS/XI/2024) and of PPPK 2024 as reported by news outlets (docs/domain.md,
sections "CPNS result codes" and "PPPK optimisation and result codes", marked [W]). ``PR``
(perlu ditinjau: a person must decide) and ``ERR`` (a data error for the committee: the row
could not be used) are this library's codes, not official ones: a data error is not TMS. The
official ``APS`` (withdrew) and ``DIS`` (disqualified) are in the legend, marked as not
produced by this version: no input tells the library that a candidate withdrew or was
disqualified. Each legend row says where the code comes from (:data:`LABEL_ORIGINS`).

Stage announcements
-------------------

:func:`stage_rows` announces one stage of kind ``test`` or ``rating`` whose next stage is a
shortlist (SKD, then the ranking for the SKB shortlist) or a stage candidates sit. The code
of each row (:data:`STAGE_LABELS`, the SKD codes of the CPNS 2023 and 2024 announcements as
reported) comes from the ``<stage>.outcome`` column and the next stage's:

| stage outcome | next stage | code |
|---|---|---|
| ``advanced`` | shortlist ``advanced``, or a stage candidates sit | ``P/L`` advances |
| ``advanced`` | shortlist ``outranked`` | ``P`` met the grades, not shortlisted |
| ``advanced`` | shortlist ``needs_review`` (a tie at the cut) | ``PR`` |
| ``outranked`` | | ``P`` |
| ``below_threshold`` | | ``TL`` below a passing grade |
| ``absent`` | | ``TH`` |
| ``ineligible`` | | ``TMS`` (e.g. no track exception applies) |
| ``invalid_input`` | | ``ERR`` (this library's code) |
| ``needs_review`` | | ``PR`` (this library's code) |
| ``not_reached`` | | not listed |

A row that did not reach the stage (ineligible, absent or a data error at an earlier stage)
is not listed: the earlier stage's announcement, and the final one, name it. The page says how
many rows are not listed. ``DIS`` is in the legend as an official code this version does not
produce. Rows come by formation, then code (in the legend's order), then score (highest
first), then published id.

Registration numbers (:func:`masking`, one of :data:`MASK_MODES`)
-----------------------------------------------------------------

Each candidate must find their own line, so two different registration numbers never share
a published form within one announcement: each mode guarantees it, or the announcement is
refused with :class:`AnnouncementError`.

``full`` (the default)
    The registration number as it is, as BKN publishes it (BKN also publishes names; this
    library never does: docs/domain.md, section "Published results"). ``none`` is the same
    mode under its earlier name.

``partial``
    Characters are hidden, as few kept as the announcement needs for every published number
    to be distinct. An id is a sequence of characters (Unicode code points), ``n`` of them;
    for a number ``k`` of trailing characters (the same for every id of the announcement):

    1. The *prefix* is everything up to and including the first separator (``-``, ``/``,
       ``.``, ``_`` or a space) when that is at most :data:`PREFIX_MAX` (8) characters long,
       and when at least :data:`MIN_MASKED` (4) characters stay hidden after it and the last
       ``k``; otherwise there is no prefix. It is meant for the registration series
       (``2024-``), which all candidates share.
    2. The last ``min(k, n - 4)`` characters are kept (none for ids of 4 characters or fewer).
    3. Every other character becomes ``*``: the length is kept.

    ``k`` is the smallest number (from 0) for which the published forms of all the distinct
    registration numbers of the announcement are distinct. It depends on the set of numbers
    only, not on the order of the rows; the page states it, so that each candidate can mask
    their own number the same way. When no ``k`` works (ids that differ only in characters
    that must stay hidden, e.g. two ids of 4 characters), the announcement is refused: publish
    in ``full`` or ``keyed``. ``2024-000001`` … ``2024-003000`` give ``k = 4``:
    ``*******0001`` … ``*******3000`` (the prefix is hidden so that 4 characters stay hidden);
    ``2024-000123`` alone gives ``k = 0``: ``2024-******``.

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
    could compute every candidate's code. Two numbers whose codes coincide (a chance of about
    n²/2⁶⁵ for n numbers) stop the announcement: choose another key.

A row without a candidate id (an invalid row) has an empty published id in every mode. The
same id on two rows (a duplicated registration) is published the same on both.

Output is deterministic: the same rows, run information, mode, key and language give the
same text, whatever the order of the input rows. CSV cells of text columns that start with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a leading ``'`` so that
spreadsheets do not read them as formulas (:func:`~asn_competency.files.csv_cells.csv_cell`,
which ``results.csv`` uses too).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import itertools
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, NoReturn, get_args

from asn_competency.audit.ledger import GENESIS, ledger
from asn_competency.audit.run_folder import (
    LEDGER_FILE,
    MANIFEST_FILE,
    RESULTS_FILE,
    LedgerLineError,
    ManifestError,
    read_manifest,
    records_of,
)
from asn_competency.audit.run_folder.files import results_cell
from asn_competency.errors import (
    LANGUAGES,
    AsnCompetencyError,
    Problem,
    check_language,
    did_you_mean,
)
from asn_competency.files import file_sha256
from asn_competency.files.csv_cells import csv_cell
from asn_competency.files.html import render_page
from asn_competency.model import document_hash
from asn_competency.pipeline import RunResult
from asn_competency.pipeline.outcomes import FINAL_LABELS, MOVED_LABELS

__all__ = [
    "COLUMNS",
    "LABELS",
    "LABEL_ORIGINS",
    "MASK_MODES",
    "MIN_KEY_BYTES",
    "MIN_MASKED",
    "NOT_PRODUCED",
    "PREFIX_MAX",
    "SEPARATORS",
    "STAGE_COLUMNS",
    "STAGE_LABELS",
    "AnnouncementError",
    "AnnouncementSource",
    "LabelOrigin",
    "MaskMode",
    "Masking",
    "ResultsAnnouncement",
    "RunInfo",
    "announcement_rows",
    "key_from_bytes",
    "mask_id",
    "masking",
    "render_csv",
    "render_html",
    "results_announcement",
    "run_info",
    "stage_code",
    "stage_rows",
]

MaskMode = Literal["full", "partial", "keyed", "none"]
#: The masking modes, the default first (``none`` is ``full`` under its earlier name).
MASK_MODES: tuple[MaskMode, ...] = get_args(MaskMode)

#: Characters that end the kept prefix of a ``partial`` mask.
SEPARATORS = "-/._ "
#: The longest kept prefix, its separator included.
PREFIX_MAX = 8
#: The fewest characters a ``partial`` mask hides (all of them for shorter ids).
MIN_MASKED = 4
#: The shortest key ``keyed`` accepts, in bytes.
MIN_KEY_BYTES = 16
#: Hexadecimal characters of the HMAC kept by ``keyed``.
KEYED_HEX = 16

#: The keys of a final announcement row, in the order of the published columns.
COLUMNS: tuple[str, ...] = (
    "published_id",
    "formation_id",
    "track",
    "rank",
    "final_score",
    "label",
    "placement_formation_id",
)

#: The keys of a stage announcement row, in the order of the published columns.
STAGE_COLUMNS: tuple[str, ...] = ("published_id", "formation_id", "track", "score", "label")

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

LabelOrigin = Literal["official", "library"]

#: The meaning of each final label: (Indonesian, English), in the legend's order.
LABELS: Mapping[str, tuple[str, str]] = {
    "L": ("lulus", "passed"),
    "L-1": (
        "lulus; dipindahkan melalui optimalisasi ke formasi jenis (jalur) lain",
        "passed; moved by optimisation to a formation of another type (track)",
    ),
    "L-2": (
        "lulus; dipindahkan melalui optimalisasi ke formasi atau lokasi lain pada jalur yang sama",
        "passed; moved by optimisation to another formation or location of the same track",
    ),
    "TL": ("tidak lulus", "not passed"),
    "TMS": ("tidak memenuhi syarat", "requirements not met"),
    "TH": ("tidak hadir", "absent"),
    "APS": ("mengundurkan diri", "withdrew"),
    "DIS": ("diskualifikasi", "disqualified"),
    "PR": (
        "perlu ditinjau panitia seleksi (belum final)",
        "under review by the selection committee (not final)",
    ),
    "ERR": (
        "data pendaftaran tidak dapat digunakan; diperiksa panitia seleksi (belum final)",
        "the application data could not be used; checked by the selection committee (not final)",
    ),
}

#: The meaning of each stage code: (Indonesian, English), in the legend's order.
STAGE_LABELS: Mapping[str, tuple[str, str]] = {
    "P/L": (
        "memenuhi nilai ambang batas dan lolos ke tahap berikutnya",
        "met the passing grades and advances to the next stage",
    ),
    "P": (
        "memenuhi nilai ambang batas, tetapi peringkatnya di luar yang lolos ke tahap berikutnya",
        "met the passing grades, but ranked outside those who advance to the next stage",
    ),
    "TL": ("tidak memenuhi nilai ambang batas", "below a passing grade"),
    "TH": ("tidak hadir", "absent"),
    "TMS": ("tidak memenuhi syarat", "requirements not met"),
    "DIS": ("diskualifikasi", "disqualified"),
    "PR": LABELS["PR"],
    "ERR": LABELS["ERR"],
}

#: Where each code comes from: ``official`` (an official code, known from news reports of
#: the announcements: [W]) or ``library`` (this library's code, not an official one).
LABEL_ORIGINS: Mapping[str, LabelOrigin] = {
    **dict.fromkeys((*LABELS, *STAGE_LABELS), "official"),
    "PR": "library",
    "ERR": "library",
}

#: Official codes that this version never produces (they need an input it does not read).
NOT_PRODUCED: frozenset[str] = frozenset({"APS", "DIS"})

#: The labels each final status may have, keyed by text.
_STATUS_LABELS: Mapping[str, tuple[str, ...]] = {
    str(status): labels for status, labels in FINAL_LABELS.items()
}
#: The labels of candidates placed by optimisation: their placement formation is published.
_PLACED = frozenset(MOVED_LABELS.values())

#: The code of a stage outcome that does not depend on the next stage.
_STAGE_CODES: Mapping[str, str] = {
    "outranked": "P",
    "below_threshold": "TL",
    "absent": "TH",
    "ineligible": "TMS",
    "invalid_input": "ERR",
    "needs_review": "PR",
}
#: The code of a stage's ``advanced`` by the next stage's outcome, when that is a shortlist.
_SHORTLIST_CODES: Mapping[str, str] = {
    "advanced": "P/L",
    "outranked": "P",
    "needs_review": "PR",
}
#: The kinds of stage a stage announcement is for, and the kinds of the stage after it that
#: a candidate sits (``advanced`` then means going on to it).
_ANNOUNCED_KINDS = ("test", "rating")
_SAT_KINDS = ("eligibility", "test", "rating")

_LANGUAGES = LANGUAGES

#: Headers of the published columns, then of the run columns of the CSV: (Indonesian, English).
_HEADERS: Mapping[str, tuple[str, str]] = {
    "published_id": ("Nomor Peserta", "Registration number"),
    "formation_id": ("Formasi", "Formation"),
    "track": ("Jalur", "Track"),
    "rank": ("Peringkat", "Rank"),
    "final_score": ("Nilai Akhir", "Final score"),
    "score": ("Nilai", "Score"),
    "label": ("Kode", "Code"),
    "meaning": ("Keterangan", "Meaning"),
    "placement_formation_id": ("Formasi Penempatan", "Placement formation"),
    "policy_id": ("Kebijakan", "Policy"),
    "policy_hash": ("Hash Kebijakan", "Policy hash"),
    "as_of": ("Tanggal Acuan", "As-of date"),
    "ledger_head": ("Hash Kepala Ledger", "Ledger head hash"),
    "stage": ("Tahap", "Stage"),
}

_ORIGIN_TEXT: Mapping[LabelOrigin, tuple[str, str]] = {
    "official": (
        "kode resmi, menurut pemberitaan pengumuman BKN (naskah aslinya belum diperiksa)",
        "official code, as news reports of BKN's announcements give it (original not checked)",
    ),
    "library": ("kode pustaka ini, bukan kode resmi", "this library's code, not an official one"),
}
_NOT_PRODUCED_TEXT = (
    "tidak dihasilkan versi ini (belum ada data masukan untuknya)",
    "not produced by this version (it has no input for it yet)",
)

_TEXT: Mapping[str, tuple[str, str]] = {
    "title": ("Pengumuman Hasil Seleksi", "Announcement of Selection Results"),
    "stage_title": ("Pengumuman Hasil Tahap {stage}", "Announcement of the Results of {stage}"),
    "policy": ("Kebijakan seleksi", "Selection policy"),
    "policy_hash": ("Hash kebijakan", "Policy hash"),
    "as_of": ("Tanggal acuan", "As-of date"),
    "ledger_head": ("Hash kepala ledger keputusan", "Decision ledger head hash"),
    "results_sha256": ("SHA-256 results.csv", "SHA-256 of results.csv"),
    "count": ("Jumlah peserta", "Candidates"),
    "stage": ("Tahap", "Stage"),
    "legend": ("Keterangan kode", "Codes"),
    "legend_code": ("Kode", "Code"),
    "legend_meaning": ("Arti", "Meaning"),
    "legend_origin": ("Sumber kode", "Origin of the code"),
    "legend_count": ("Jumlah", "Count"),
    "formation": ("Formasi", "Formation"),
    "no_formation": ("Tanpa formasi", "No formation"),
    "rows": ("{count} peserta", "{count} candidate(s)"),
    "placed_here": (
        (
            "Ditempatkan di formasi ini melalui optimalisasi (L-1/L-2), dari formasi (jumlah): "
            "{sources}."
        ),
        "Placed in this formation by optimisation (L-1/L-2), from formation (count): {sources}.",
    ),
    "not_listed": (
        (
            "{count} peserta tidak mengikuti tahap ini (tidak memenuhi syarat, tidak hadir atau "
            "datanya tidak dapat digunakan pada tahap sebelumnya) dan tidak dicantumkan."
        ),
        (
            "{count} candidate(s) did not reach this stage (not eligible, absent or unusable "
            "data at an earlier stage) and are not listed."
        ),
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
    "full": (
        (
            "Nomor peserta ditampilkan lengkap, seperti dalam pengumuman BKN, agar setiap "
            "peserta dapat menemukan barisnya."
        ),
        (
            "Registration numbers are shown in full, as in BKN's announcements, so that every "
            "candidate can find their line."
        ),
    ),
    "partial": (
        (
            "Nomor peserta disamarkan: hanya awalan (sampai tanda pemisah pertama, paling "
            f"panjang {PREFIX_MAX} karakter, bila sesudahnya sedikitnya {MIN_MASKED} karakter "
            "tetap disamarkan) dan {keep} karakter terakhir yang ditampilkan; karakter lain "
            "diganti dengan *. {keep} adalah jumlah terkecil yang membuat setiap nomor dalam "
            "pengumuman ini berbeda."
        ),
        (
            "Registration numbers are masked: only the prefix (up to the first separator, at "
            f"most {PREFIX_MAX} characters, when at least {MIN_MASKED} characters stay hidden "
            "after it) and the last {keep} characters are shown; the other characters are "
            "replaced by *. {keep} is the fewest that keeps every number of this announcement "
            "distinct."
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
}

#: The audit layer's page templates, and the announcement's.
_TEMPLATES = Path(__file__).resolve().parent / "templates"
_TEMPLATE = "results.html.j2"


class AnnouncementError(AsnCompetencyError, ValueError):
    """The results rows or the manifest cannot be announced, or not as asked: ``problems``
    say why, each with its stable code: a manifest field missing (``audit.manifest``), a
    column missing (``input.header``), a rank or score that is not a number (``input.type``),
    a label, status or outcome unknown or not of its status (``announce.label``), a stage
    that cannot be announced (``announce.stage``), registration numbers that would be
    published alike (``announce.mask-clash``), an unknown mask mode (``announce.mask``) or a
    key too short (``announce.key``). ``str()`` is the first problem's message. Kept apart
    from :class:`~asn_competency.PolicyError` (a policy or input that is invalid): the run
    and its files can be sound while its results cannot be published this way."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise TypeError("AnnouncementError needs at least one problem")
        self._problems = tuple(problems)
        super().__init__(self._problems[0].message)

    def located(self, file: str) -> AnnouncementError:
        """The same error with ``file`` as the file of each problem that names none."""
        return AnnouncementError(
            [p if p.file else p.located(file, p.line, p.column) for p in self.problems]
        )


def _refuse(code: str, message: str, *, hint: str | None = None, **where: Any) -> NoReturn:
    """Raise :class:`AnnouncementError` with one problem."""
    raise AnnouncementError([Problem(code, message, hint=hint, **where)])


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
            _refuse(
                "audit.manifest",
                f"manifest.json has no {'.'.join(path)}",
                path=path,
                file="manifest.json",
                hint="restore manifest.json as the run wrote it",
            )
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
        _refuse(
            "announce.key",
            f"the key must be at least {MIN_KEY_BYTES} bytes long (it has {len(key)}); "
            "make one with e.g. 'openssl rand -hex 32 > committee.key'",
            hint="openssl rand -hex 32 > committee.key",
        )
    return key


def _partial(candidate_id: str, keep: int) -> str:
    size = len(candidate_id)
    cut = next((i for i, c in enumerate(candidate_id) if c in SEPARATORS), None)
    prefix = 0 if cut is None or cut + 1 > PREFIX_MAX else cut + 1
    if size - prefix - keep < MIN_MASKED:
        prefix = 0
    last = max(0, min(keep, size - MIN_MASKED))
    hidden = size - prefix - last
    return candidate_id[:prefix] + "*" * hidden + candidate_id[size - last :]


def _known_mode(mode: str) -> MaskMode:
    """``mode`` as a :data:`MaskMode`; ``announce.mask`` when it is none."""
    for known in MASK_MODES:
        if mode == known:
            return known
    _refuse(
        "announce.mask",
        f"unknown mask mode {mode!r}: expected {'|'.join(MASK_MODES)}",
        value=mode,
        hint=f"use one of {', '.join(MASK_MODES)}",
    )


def _check_mode(mode: str, key: bytes | None) -> MaskMode:
    checked = _known_mode(mode)
    if checked == "keyed" and (key is None or len(key) < MIN_KEY_BYTES):
        _refuse(
            "announce.key",
            f"the keyed mask needs a key of at least {MIN_KEY_BYTES} bytes",
            hint="openssl rand -hex 32 > committee.key",
        )
    return checked


def mask_id(
    candidate_id: str,
    *,
    mode: str,
    key: bytes | None = None,
    keep_last: int = 0,
    keyed_hex: int = KEYED_HEX,
) -> str:
    """The published form of one registration number: as it is (``full``, ``none``), masked
    keeping the last ``keep_last`` characters (``partial``) or its keyed code (``keyed``); the
    module docstring gives the rules. An empty id stays empty. One id alone says nothing about
    distinctness: :func:`masking` chooses ``keep_last`` for a whole announcement and checks
    it. ``ValueError`` for an unknown mode, or for ``keyed`` without a key of at least
    :data:`MIN_KEY_BYTES` bytes."""
    checked = _check_mode(mode, key)
    if not candidate_id or checked in ("full", "none"):
        return candidate_id
    if checked == "partial" or key is None:
        return _partial(candidate_id, keep_last)
    digest = hmac.new(key, candidate_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:keyed_hex]


@dataclass(frozen=True)
class Masking:
    """How one announcement publishes registration numbers: the mode, the trailing characters
    a ``partial`` mask keeps (chosen by :func:`masking`), and the ``keyed`` key (never shown
    in the repr). Call it on an id to get its published form."""

    mode: MaskMode
    keep_last: int = 0
    key: bytes | None = field(default=None, repr=False)
    keyed_hex: int = KEYED_HEX

    def __call__(self, candidate_id: str) -> str:
        """The published form of ``candidate_id``."""
        return mask_id(
            candidate_id,
            mode=self.mode,
            key=self.key,
            keep_last=self.keep_last,
            keyed_hex=self.keyed_hex,
        )

    def clash(self, candidate_ids: Iterable[str]) -> tuple[str, str, str] | None:
        """Two different ids published alike, with their published form, or ``None``: the
        pair that sorts first, so that the answer does not depend on the order of the ids."""
        return self._clash(sorted(set(candidate_ids) - {""}))

    def _clash(self, unique_sorted: Sequence[str]) -> tuple[str, str, str] | None:
        seen: dict[str, str] = {}
        clashes = []
        for candidate_id in unique_sorted:
            published = self(candidate_id)
            first = seen.setdefault(published, candidate_id)
            if first != candidate_id:
                clashes.append((first, candidate_id, published))
        return min(clashes) if clashes else None


def masking(
    candidate_ids: Iterable[str],
    *,
    mode: str,
    key: bytes | None = None,
    keyed_hex: int = KEYED_HEX,
) -> Masking:
    """The masking of one announcement whose registration numbers are ``candidate_ids``
    (empty ids and repeats ignored): for ``partial``, the fewest trailing characters that keep
    every published number distinct. The result depends on the set of ids only.

    :class:`AnnouncementError` when the numbers cannot be published distinctly (``partial``
    with no suitable number of characters, two ``keyed`` codes that coincide), naming two of
    them; ``ValueError`` for an unknown mode or a ``keyed`` mask without a usable key.
    ``keyed_hex`` (the hexadecimal characters of a keyed code) is for tests only."""
    checked = _check_mode(mode, key)
    ids = sorted(set(candidate_ids) - {""})
    if checked in ("full", "none"):
        return Masking(checked)
    if checked == "keyed":
        plan = Masking("keyed", key=key, keyed_hex=keyed_hex)
        coincide = plan._clash(ids)
        if coincide is not None:
            first, second, code = coincide
            _refuse(
                "announce.mask-clash",
                f"registration numbers {first!r} and {second!r} get the same keyed code "
                f"{code!r}: choose another key (a new key file) and publish again",
                hint="choose another key",
            )
        return plan
    longest = max((len(i) for i in ids), default=0)
    clash: tuple[str, str, str] = ("", "", "")
    for keep in range(longest + 1):  # an empty set of ids needs none: keep 0
        plan = Masking("partial", keep_last=keep)
        found = plan._clash(ids)
        if found is None:
            return plan
        clash = found
    first, second, shown = clash
    _refuse(
        "announce.mask-clash",
        f"the partial mask cannot keep the {len(ids)} registration numbers distinct while "
        f"hiding at least {MIN_MASKED} characters of each: {first!r} and {second!r} are "
        f"both published as {shown!r}; publish them in full (--mask full) or keyed "
        "(--mask keyed)",
        hint="publish in full or keyed",
    )


def _mask_for(ids: list[str], mask: str | Masking, key: bytes | None) -> Masking:
    """The masking of an announcement of ``ids``, checked for distinctness."""
    if isinstance(mask, str):
        return masking(ids, mode=mask, key=key)
    clash = mask.clash(ids)
    if clash is not None:
        first, second, shown = clash
        _refuse(
            "announce.mask-clash",
            f"registration numbers {first!r} and {second!r} are both published as {shown!r}",
            hint="publish in full or keyed, or let masking() choose the characters kept",
        )
    return mask


def _row(raw: Mapping[str, str | None], number: int) -> dict[str, str]:
    where = f"line {number + 1}"
    values = {column: (raw.get(column) or "") for column in _REQUIRED}
    label = values["final_status_label"]
    line = number + 1
    if label not in LABELS:
        _refuse(
            "announce.label",
            f"{where}: unknown label {label!r} (known: {', '.join(LABELS)})",
            line=line,
            path=("final_status_label",),
            value=label,
        )
    status = values["final_status"]
    expected = _STATUS_LABELS.get(status)
    if expected is None:
        _refuse(
            "announce.label",
            f"{where}: unknown final status {status!r}",
            line=line,
            path=("final_status",),
            value=status,
        )
    if label not in expected:
        _refuse(
            "announce.label",
            f"{where}: label {label!r} does not match final status {status!r} "
            f"(expected {' or '.join(repr(e) for e in expected)})",
            line=line,
            path=("final_status_label",),
            value=label,
        )
    rank = values["rank"]
    if rank and not (rank.isascii() and rank.isdigit()):
        _refuse(
            "input.type",
            f"{where}: rank {rank!r} is not a whole number",
            line=line,
            path=("rank",),
            value=rank,
        )
    return {
        "candidate_id": values["candidate_id"],
        "formation_id": values["formation_id"],
        "track": values["track"],
        "rank": str(int(rank)) if rank else "",
        "final_score": values["final_score"],
        "label": label,
        "placement_formation_id": values["placement_formation_id"] if label in _PLACED else "",
    }


def _publish(rows: list[dict[str, str]], mask: str | Masking, key: bytes | None) -> Masking:
    """Replace each row's candidate id by its published id; the masking used."""
    plan = _mask_for([row["candidate_id"] for row in rows], mask, key)
    for row in rows:
        row["published_id"] = plan(row.pop("candidate_id"))
    return plan


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


def _rows_of(
    results_rows: Iterable[Mapping[str, str | None]], needed: Sequence[str]
) -> list[Mapping[str, str | None]]:
    """The results rows, each checked to have the ``needed`` columns."""
    rows = list(results_rows)
    for number, raw in enumerate(rows, start=1):
        missing = [column for column in needed if column not in raw]
        if missing:
            _refuse(
                "input.header",
                f"line {number + 1}: no column {', '.join(missing)} (is it a results.csv?)",
                line=number + 1,
                path=(missing[0],),
                hint="announce the results.csv of a run",
            )
    return rows


def announcement_rows(
    results_rows: Iterable[Mapping[str, str | None]],
    *,
    mask: str | Masking = "full",
    key: bytes | None = None,
) -> list[dict[str, str]]:
    """One final announcement row (keys :data:`COLUMNS`) per row of ``results.csv``, the id
    published under ``mask`` (a mode, for which :func:`masking` is computed over these rows,
    or a :class:`Masking`), ordered by formation id (no formation last), rank (unranked last)
    and published id.

    :class:`AnnouncementError` (naming the row's line in results.csv, the header being line
    1) for a row that lacks a column, has an unknown label or final status, a label that is
    not one of its final status's, or a rank that is not a whole number; and when two
    different registration numbers would be published alike. ``ValueError`` for an unknown
    mask or a ``keyed`` mask without a usable key."""
    return results_announcement(results_rows, mask=mask, key=key).rows


def _final_rows(
    results_rows: Iterable[Mapping[str, str | None]], mask: str | Masking, key: bytes | None
) -> ResultsAnnouncement:
    rows = [_row(raw, n) for n, raw in enumerate(_rows_of(results_rows, _REQUIRED), start=1)]
    plan = _publish(rows, mask, key)
    rows.sort(key=_order)
    return ResultsAnnouncement(rows, plan)


def stage_code(outcome: str, next_outcome: str | None, *, next_is_shortlist: bool) -> str | None:
    """The code of a stage announcement row (the module docstring's table) from the stage's
    outcome and the next stage's; ``None`` for a row that did not reach the stage.
    :class:`AnnouncementError` for a pair of outcomes that the pipeline does not produce."""
    if outcome == "not_reached":
        return None
    if outcome in _STAGE_CODES:
        return _STAGE_CODES[outcome]
    if outcome == "advanced":
        if not next_is_shortlist:
            return "P/L"
        code = _SHORTLIST_CODES.get(next_outcome or "")
        if code is not None:
            return code
        _refuse(
            "announce.label",
            f"the stage was passed but the shortlist after it says {next_outcome!r}",
            value=next_outcome,
        )
    _refuse("announce.label", f"unknown stage outcome {outcome!r}", value=outcome)


def _fraction(text: str) -> Fraction | None:
    try:
        return Fraction(text) if text else None
    except (ValueError, ZeroDivisionError):
        return None


def stage_rows(
    results_rows: Iterable[Mapping[str, str | None]],
    *,
    stage: str,
    stages: Sequence[tuple[str, str]],
    mask: str | Masking = "full",
    key: bytes | None = None,
) -> list[dict[str, str]]:
    """The rows of the announcement of ``stage`` (keys :data:`STAGE_COLUMNS`): one per results
    row that reached the stage, with its code (:func:`stage_code`), ordered by formation,
    code (legend order), score (highest first) and published id. ``stages`` are the policy's
    stages in order as (id, kind) pairs, e.g. from a decision record.

    :class:`AnnouncementError` for a stage that cannot be announced (unknown, not a ``test`` or
    ``rating`` stage, or not followed by a shortlist or a stage candidates sit), a row that
    lacks a column or has an unusable pair of outcomes, a score that is not a number, and
    when two different registration numbers would be published alike."""
    return results_announcement(results_rows, mask=mask, key=key, stage=stage, stages=stages).rows


def _stage_rows(
    results_rows: Iterable[Mapping[str, str | None]],
    mask: str | Masking,
    key: bytes | None,
    stage: str,
    stages: Sequence[tuple[str, str]],
) -> ResultsAnnouncement:
    ids = [stage_id for stage_id, _ in stages]
    announceable = [
        stage_id
        for (stage_id, kind), (_, after) in itertools.pairwise(stages)
        if kind in _ANNOUNCED_KINDS and (after == "shortlist" or after in _SAT_KINDS)
    ]
    if stage not in announceable:
        why = "has no stage" if stage not in ids else "cannot announce stage"
        _refuse(
            "announce.stage",
            f"the run {why} {stage!r}: a stage announcement is for a test or rating stage "
            "followed by a shortlist or by another stage candidates sit; this run's: "
            f"{', '.join(announceable) or 'none'}",
            value=stage,
            hint=did_you_mean(stage, announceable) or "announce one of the stages listed",
        )
    following_id, following_kind = stages[ids.index(stage) + 1]
    outcome_column, score_column = f"{stage}.outcome", f"{stage}.score"
    next_column = f"{following_id}.outcome"
    needed = ("candidate_id", "formation_id", "track", outcome_column, score_column, next_column)
    rows: list[dict[str, str]] = []
    not_listed = 0
    for number, raw in enumerate(_rows_of(results_rows, needed), start=1):
        values = {column: (raw.get(column) or "") for column in needed}
        try:
            code = stage_code(
                values[outcome_column],
                values[next_column],
                next_is_shortlist=following_kind == "shortlist",
            )
        except AnnouncementError as error:
            (problem,) = error.problems
            raise AnnouncementError(
                [
                    replace(
                        problem,
                        message=f"line {number + 1}: {problem.message}",
                        line=number + 1,
                        path=(outcome_column,),
                    )
                ]
            ) from None
        if code is None:
            not_listed += 1
            continue
        score = values[score_column]
        if score and _fraction(score) is None:
            _refuse(
                "input.type",
                f"line {number + 1}: score {score!r} is not a number",
                line=number + 1,
                path=(score_column,),
                value=score,
            )
        rows.append(
            {
                "candidate_id": values["candidate_id"],
                "formation_id": values["formation_id"],
                "track": values["track"],
                "score": score,
                "label": code,
            }
        )
    plan = _publish(rows, mask, key)
    codes = list(STAGE_LABELS)

    def order(row: Mapping[str, str]) -> tuple[Any, ...]:
        score = _fraction(row["score"])
        return (
            row["formation_id"] == "",
            row["formation_id"],
            codes.index(row["label"]),
            score is None,
            -(score or 0),
            row["published_id"],
            *(row[column] for column in STAGE_COLUMNS),
        )

    rows.sort(key=order)
    return ResultsAnnouncement(rows, plan, stage, not_listed)


@dataclass(frozen=True)
class ResultsAnnouncement:
    """A results announcement of a run (not the criteria publication before it, which is
    :mod:`asn_competency.audit.publish`'s): its rows with how their registration numbers
    were published, the final results (``stage`` None) or one stage's, with how many results
    rows did not reach that stage and are not listed, and ``info``, what ties it to its run
    (``None`` when made from rows alone). :meth:`html` and :meth:`csv` write it in
    Indonesian (``id``) or English (``en``); a notebook shows the page's body."""

    rows: list[dict[str, str]]
    masking: Masking
    stage: str | None = None
    not_listed: int = 0
    info: RunInfo | None = None

    def _run(self) -> RunInfo:
        if self.info is None:
            _refuse(
                "audit.manifest",
                "the announcement was made from rows alone: it has no run information "
                "(policy, hashes, as-of date) to publish",
                hint="announce a run folder or a RunResult, or pass info=run_info(manifest)",
            )
        return self.info

    def html(self, lang: str = "id", *, stage_name: str | None = None) -> str:
        """The announcement as one self-contained HTML page (:func:`render_html`)."""
        return render_html(
            self.rows,
            info=self._run(),
            mask=self.masking,
            lang=lang,
            stage=self.stage,
            stage_name=stage_name,
            not_listed=self.not_listed,
        )

    def csv(self, lang: str = "id") -> str:
        """The announcement as CSV text (:func:`render_csv`)."""
        return render_csv(self.rows, info=self._run(), lang=lang, stage=self.stage)

    def _repr_html_(self) -> str:
        """The notebook view: the body of the Indonesian page (its header, legend and one
        table per formation)."""
        return _body(self.html())


def _body(page: str) -> str:
    """What lies between a page's ``<body>`` tags (the whole text when it has none)."""
    start = page.find("<body")
    end = page.rfind("</body>")
    if start < 0 or end < 0:
        return page
    return page[page.index(">", start) + 1 : end].strip()


#: What an announcement is made from: a run folder written by ``asn-competency run`` (its
#: ``results.csv`` and ``manifest.json``; for a stage, the stages of ``decisions.jsonl``'s
#: first record), a :class:`~asn_competency.RunResult` just made, or the rows of a
#: ``results.csv``.
AnnouncementSource = RunResult | str | os.PathLike[str] | Iterable[Mapping[str, str | None]]


def results_announcement(
    source: AnnouncementSource,
    *,
    mask: str | Masking = "full",
    key: bytes | None = None,
    stage: str | None = None,
    stages: Sequence[tuple[str, str]] = (),
    info: RunInfo | None = None,
) -> ResultsAnnouncement:
    """The results announcement of a run: the final results, or with ``stage`` that stage's
    (:func:`stage_rows`), its registration numbers published under ``mask`` (a mode, for
    which :func:`masking` chooses the characters kept, or a :class:`Masking`); ``key`` is the
    ``keyed`` mask's key.

    ``source`` is a run folder (its ``results.csv`` is checked against the sha256 in
    ``manifest.json``; a problem of a row names that file and line), a
    :class:`~asn_competency.RunResult` (the policy's stages are its stages) or the rows of a
    ``results.csv`` (with ``stages``, the policy's (id, kind) pairs in order, for a stage,
    and ``info`` for the run information). Raises :class:`AnnouncementError` (a
    ``ValueError``) with the problems: the codes ``announce.*``, ``input.header``,
    ``input.type``, ``audit.manifest``, ``audit.missing`` (docs/error-codes.md).

    >>> import datetime as dt
    >>> import asn_competency as asn
    >>> from asn_competency.testing.synth import synthesize
    >>> policy, when = asn.load_policy(asn.shipped("cpns-2024.yaml")), dt.date(2024, 9, 10)
    >>> data = synthesize(policy, applicants=40, seed=1, as_of=when)
    >>> result = asn.run(policy, data.candidates, formations=data.formations, as_of=when)
    >>> made = asn.results_announcement(result, mask="partial")
    >>> len(made.rows) == len(result), made.masking.keep_last  # 2024-000001 ... 2024-000040
    (True, 2)
    >>> '<html lang="en">' in made.html("en")
    True
    >>> skd = asn.results_announcement(result, stage="skd")
    >>> len(skd.rows) + skd.not_listed == len(result)
    True
    >>> try:
    ...     asn.results_announcement(result, stage="peringkat")
    ... except asn.AnnouncementError as error:
    ...     print(error.codes)
    ['announce.stage']
    """
    if isinstance(mask, str):
        _check_mode(mask, key)  # the mode and key before any row
    file: str | None = None
    if isinstance(source, RunResult):
        rows: Iterable[Mapping[str, str | None]] = _result_rows(source)
        stages = stages or [(each.id, each.kind) for each in source.policy.stages]
        info = info or _result_info(source)
    elif isinstance(source, str | os.PathLike):
        folder = Path(source)
        file = str(folder / RESULTS_FILE)
        info, rows = _folder_rows(folder, info)
        if stage is not None and not stages:
            stages = _ledger_stages(folder / LEDGER_FILE)
    else:
        rows = source
    try:
        if stage is None:
            made = _final_rows(rows, mask, key)
        else:
            made = _stage_rows(rows, mask, key, stage, stages)
    except AnnouncementError as error:
        raise (error.located(file) if file else error) from None
    return replace(made, info=info)


def _result_rows(result: RunResult) -> list[dict[str, str]]:
    """A run's results rows as ``results.csv`` holds them (each cell as written)."""
    return [{k: results_cell(v) for k, v in row.items()} for row in result.rows()]


def _result_info(result: RunResult) -> RunInfo:
    """What ties an announcement to a run just made: its policy, as-of date and the head of
    the ledger its folder would hold (no results.csv yet, so no sha256)."""
    head = GENESIS
    for record in ledger(result):
        head = record["hash"]
    return RunInfo(
        policy_id=result.policy.id,
        policy_hash=document_hash(result.policy),
        as_of=result.as_of.isoformat(),
        ledger_head=head,
    )


def _folder_rows(
    folder: Path, info: RunInfo | None
) -> tuple[RunInfo, list[Mapping[str, str | None]]]:
    """A run folder's run information and ``results.csv`` rows, the file checked against the
    manifest's sha256."""
    if not folder.is_dir():
        _refuse("file.not-found", f"no such run folder: {folder}", file=str(folder))
    path = folder / RESULTS_FILE
    if not path.is_file():
        _refuse(
            "audit.missing",
            f"no {RESULTS_FILE} in {folder}: give the output folder of a run",
            file=str(path),
        )
    try:
        manifest = read_manifest(folder)
    except ManifestError as error:
        raise AnnouncementError(error.problems) from None
    try:
        run = info or run_info(manifest)
    except AnnouncementError as error:
        raise error.located(str(folder / MANIFEST_FILE)) from None
    try:
        digest = file_sha256(path)
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            rows: list[Mapping[str, str | None]] = list(reader)
            header = reader.fieldnames or []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        _refuse("file.unreadable", f"{path} cannot be read ({error})", file=str(path))
    if run.results_sha256 is not None and digest != run.results_sha256:
        _refuse(
            "audit.manifest",
            f"{RESULTS_FILE} does not match the sha256 in {MANIFEST_FILE} (changed after the run?)",
            file=str(path),
            hint="check the folder with asn-competency verify",
        )
    missing = [column for column in _REQUIRED if column not in header]
    if missing:
        _refuse(
            "input.header",
            f"no column {', '.join(missing)} (is it a results.csv?)",
            file=str(path),
            line=1,
            path=(missing[0],),
        )
    return run, rows


def _ledger_stages(path: Path) -> list[tuple[str, str]]:
    """The policy's stages as (id, kind), in order, from the ledger's first record."""
    try:
        first = next(records_of(path), None)
    except OSError as error:
        _refuse(
            "audit.missing",
            f"{path} cannot be read ({error}): a stage announcement needs the decision records",
            file=str(path),
        )
    except LedgerLineError as error:
        raise AnnouncementError(error.problems) from None
    stages = first[1].get("stages") if first is not None else None
    if not isinstance(stages, list) or not stages:
        _refuse(
            "audit.missing",
            f"{path} has no decision record with stages: a stage announcement needs one",
            file=str(path),
        )
    return [(str(s.get("stage_id")), str(s.get("kind"))) for s in stages if isinstance(s, dict)]


def _pick(pair: tuple[str, str], lang: str) -> str:
    check_language(lang, _LANGUAGES)
    return pair[_LANGUAGES.index(lang)]


def _columns(stage: str | None) -> list[str]:
    """The published columns, the label's meaning after the label."""
    if stage is not None:
        return [*STAGE_COLUMNS, "meaning"]
    return [*COLUMNS[:6], "meaning", COLUMNS[6]]


def _meanings(stage: str | None) -> Mapping[str, tuple[str, str]]:
    return LABELS if stage is None else STAGE_LABELS


def render_csv(
    rows: Sequence[Mapping[str, str]],
    *,
    info: RunInfo,
    lang: str = "id",
    stage: str | None = None,
) -> str:
    """The announcement as CSV text: a byte order mark (for spreadsheets), a header in the
    language, one line per row (CRLF, RFC 4180) with the label's meaning after the label and
    the run's policy id, policy hash, as-of date and ledger head hash in the last columns
    (and the stage id, for a stage announcement: ``stage`` given, rows from
    :func:`stage_rows`)."""
    published = _columns(stage)
    meanings = _meanings(stage)
    run_columns = ["policy_id", "policy_hash", "as_of", "ledger_head"]
    run_values = [info.policy_id, info.policy_hash, info.as_of, info.ledger_head]
    if stage is not None:
        run_columns.append("stage")
        run_values.append(stage)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_pick(_HEADERS[c], lang) for c in (*published, *run_columns)])
    text_columns = {"published_id", "formation_id", "track", "placement_formation_id"}
    for row in rows:
        cells = [
            _pick(meanings[row["label"]], lang)
            if column == "meaning"
            else csv_cell(row[column])
            if column in text_columns
            else row[column]
            for column in published
        ]
        writer.writerow([*cells, *(csv_cell(value) for value in run_values)])
    return buffer.getvalue()


def _legend(rows: Sequence[Mapping[str, str]], lang: str, stage: str | None) -> dict[str, object]:
    """The legend: each code, its meaning, where it comes from, and how many rows have it."""
    counts = Counter(row["label"] for row in rows)
    lines = []
    for label, meaning in _meanings(stage).items():
        origin = _pick(_ORIGIN_TEXT[LABEL_ORIGINS[label]], lang)
        if label in NOT_PRODUCED:
            origin += "; " + _pick(_NOT_PRODUCED_TEXT, lang)
        lines.append((label, _pick(meaning, lang), origin, counts.get(label, 0)))
    heads = ("legend_code", "legend_meaning", "legend_origin", "legend_count")
    return {
        "title": _pick(_TEXT["legend"], lang),
        "heads": [_pick(_TEXT[name], lang) for name in heads],
        "rows": lines,
    }


def _formations(
    rows: Sequence[Mapping[str, str]], lang: str, stage: str | None
) -> list[dict[str, object]]:
    """One section per formation (no formation last): its heading, how many rows, the
    formations whose L-1/L-2 candidates were placed in it, and its rows as (column, text)."""
    columns = _columns(stage)
    meanings = _meanings(stage)
    groups: dict[str, list[Mapping[str, str]]] = {}
    placed: dict[str, Counter[str]] = {}
    for row in rows:
        groups.setdefault(row["formation_id"], []).append(row)
        if row["label"] in _PLACED and row.get("placement_formation_id"):
            placed.setdefault(row["placement_formation_id"], Counter())[row["formation_id"]] += 1
    sections: list[dict[str, object]] = []
    for formation in sorted(groups.keys() | placed.keys(), key=lambda f: (f == "", f)):
        members = groups.get(formation, [])
        heading = _pick(_TEXT["formation"], lang) + f" {formation}"
        note = None
        if formation in placed:
            sources = ", ".join(f"{f} ({n})" for f, n in sorted(placed[formation].items()))
            note = _pick(_TEXT["placed_here"], lang).format(sources=sources)
        sections.append(
            {
                "heading": heading if formation else _pick(_TEXT["no_formation"], lang),
                "count": _pick(_TEXT["rows"], lang).format(count=len(members)),
                "placed": note,
                "rows": [
                    [
                        (
                            column,
                            _pick(meanings[row["label"]], lang)
                            if column == "meaning"
                            else row[column],
                        )
                        for column in columns
                    ]
                    for row in members
                ],
            }
        )
    return sections


def render_html(
    rows: Sequence[Mapping[str, str]],
    *,
    info: RunInfo,
    mask: str | Masking,
    lang: str = "id",
    stage: str | None = None,
    stage_name: str | None = None,
    not_listed: int = 0,
) -> str:
    """The announcement as one self-contained HTML page from the library's one renderer
    (:func:`~asn_competency.files.html.render_page`, the audit layer's
    ``templates/results.html.j2``; no script, nothing fetched): a header with the policy id
    and hash, the as-of date, the ledger head hash, the results.csv hash and notes on the
    registration numbers (with a :class:`Masking`, the characters a ``partial`` mask keeps)
    and names; a legend of the codes with their meaning, origin and counts; then one table
    per formation (with a note naming the formations whose L-1/L-2 candidates were placed in
    it). With ``stage`` (rows from :func:`stage_rows`), the announcement of that stage
    (``stage_name`` as its title, the stage id by default), saying how many rows did not
    reach it (``not_listed``). Every value is escaped by the renderer."""
    mode = mask.mode if isinstance(mask, Masking) else _known_mode(mask)
    if stage is None:
        heading = _pick(_TEXT["title"], lang)
    else:
        heading = _pick(_TEXT["stage_title"], lang).format(stage=stage_name or stage)
    facts = [
        ("policy", info.policy_id),
        ("policy_hash", info.policy_hash),
        ("as_of", info.as_of),
        ("ledger_head", info.ledger_head),
    ]
    if info.results_sha256:
        facts.append(("results_sha256", info.results_sha256))
    if stage is not None:
        facts.append(("stage", stage))
    facts.append(("count", str(len(rows))))
    keep = str(mask.keep_last) if isinstance(mask, Masking) else "k"
    notes = [
        _pick(_MASK_NOTES["full" if mode == "none" else mode], lang).replace("{keep}", keep),
        _pick(_TEXT["names"], lang),
    ]
    if stage is not None and not_listed:
        notes.append(_pick(_TEXT["not_listed"], lang).format(count=not_listed))
    notes.append(_pick(_TEXT["verify"], lang))
    columns = _columns(stage)
    return render_page(
        _TEMPLATE,
        folders=[_TEMPLATES],
        lang=lang,
        title=f"{heading} — {info.policy_id}",
        facts=[(_pick(_TEXT[name], lang), value) for name, value in facts],
        notes=notes,
        legend=_legend(rows, lang, stage),
        heads=[_pick(_HEADERS[c], lang) for c in columns],
        numeric=("rank", "final_score", "score"),
        formations=_formations(rows, lang, stage),
    )
