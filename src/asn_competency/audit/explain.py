"""Plain-language accounts of decisions, in Indonesian (``id``) and English (``en``).

:func:`explain` turns one decision record (a line of ``decisions.jsonl``, see
:mod:`asn_competency.audit.ledger`) into a text a candidate can read: who and what was decided,
the final status with its announcement label and what it means, what decided it, then stage by
stage what was checked, with the numbers exactly as the record holds them, and the legal basis
of every threshold cited.

The record alone is enough. Given the policy the run used, the text also names stages,
tracks, fields, tie-break keys and exceptions in the chosen language, and cites legal
references in their short form (``KepmenPANRB 321/2024``, derived from the title by
:func:`short_citation`) with their full titles at the end.

Thresholds are read back from the evaluation clauses the record holds, e.g.
``tkp >= skd_min_tkp → false (tkp = 160, skd_min_tkp = 166 [kepmenpanrb-321-2024, from
2024-01-01])`` becomes "TKP 160 di bawah nilai ambang batas 166 (KepmenPANRB 321/2024, berlaku
sejak 2024-01-01)". A clause that cannot be read that way is shown as it is. The text is
deterministic: nothing in it depends on the clock, the machine or the environment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from asn_competency.model import (
    EligibilityRule,
    EligibilityStage,
    OptimisationStage,
    OrderKey,
    RankingStage,
    RatingStage,
    SelectionPolicy,
    ShortlistStage,
    Stage,
    TestStage,
    Text,
    document_hash,
)

__all__ = ["LANGUAGES", "explain", "short_citation"]

#: The languages of explanations: Indonesian (the default) and English.
LANGUAGES: tuple[str, ...] = ("id", "en")

# --------------------------------------------------------------------------------- phrases

#: Every phrase of an explanation: key → (Indonesian, English), with ``str.format`` fields.
_PHRASES: Mapping[str, tuple[str, str]] = {
    "title": ("Penjelasan keputusan seleksi", "Explanation of the selection decision"),
    "candidate": ("Peserta", "Candidate"),
    "no_id": ("(tanpa nomor peserta)", "(no candidate id)"),
    "formation": ("Formasi", "Formation"),
    "track": ("Jalur", "Track"),
    "unknown": ("tidak diketahui", "unknown"),
    "selection": ("Seleksi", "Selection"),
    "as_of": ("tanggal acuan {date}", "as of {date}"),
    "final": ("Hasil akhir", "Final result"),
    "final_score": ("Nilai akhir", "Final score"),
    "rank": ("Peringkat di formasi", "Rank in the formation"),
    "placed": ("Ditempatkan di formasi", "Placed in formation"),
    "decided": ("Penentu", "What decided it"),
    "all_passed": ("lolos seluruh tahap", "passed every stage"),
    "review": ("Yang harus diperiksa oleh panitia", "What a person must look at"),
    "stages": ("Tahap demi tahap", "Stage by stage"),
    "not_reached": ("Tahap yang tidak dijalani", "Stages not reached"),
    "legal": ("Dasar hukum", "Legal basis"),
    "notes": ("Catatan", "Notes"),
    "unverified": ("belum terverifikasi", "unverified"),
    "weak": ("sumber lemah", "weak source"),
    "since": ("berlaku sejak {date}", "in force since {date}"),
    "no_policy": (
        "Berkas kebijakan tidak tersedia: tahap, kolom dan dasar hukum ditulis dengan kodenya.",
        "The policy file is not available: stages, fields and legal bases appear as their ids.",
    ),
    "other_policy": (
        (
            "Berkas kebijakan yang diberikan ({given}) bukan kebijakan keputusan ini ({used}); "
            "berkas itu tidak dipakai."
        ),
        (
            "The policy file given ({given}) is not the policy of this decision ({used}); it was "
            "not used."
        ),
    ),
    "changed_policy": (
        (
            "Berkas kebijakan telah berubah sejak seleksi dijalankan (hash berbeda); nama dan "
            "judul diambil dari berkas yang sekarang."
        ),
        (
            "The policy file has changed since the run (its hash differs); names and titles come "
            "from the file as it is now."
        ),
    ),
    "stage_score": ("Nilai tahap", "Stage score"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "empty": ("(kosong)", "(empty)"),
    # outcomes of a stage
    "advanced": ("lolos", "passed"),
    "advanced.eligibility": ("memenuhi syarat (MS)", "eligible"),
    "advanced.shortlist": ("lolos ke tahap berikutnya", "through to the next stage"),
    "advanced.ranking": ("masuk kuota", "within the quota"),
    "advanced.optimisation": ("ditempatkan di formasi lain", "placed in another formation"),
    "advanced.optimisation.none": ("tidak diperlukan", "not needed"),
    "below_threshold": ("di bawah nilai ambang batas", "below the passing grade"),
    "outranked": ("di luar peringkat yang lolos", "outranked"),
    "outranked.shortlist": ("tidak lolos ke tahap berikutnya", "not through to the next stage"),
    "outranked.ranking": ("di luar kuota", "beyond the quota"),
    "outranked.optimisation": ("tidak ditempatkan", "not placed"),
    "absent": ("tidak hadir", "absent"),
    "ineligible": ("tidak memenuhi syarat (TMS)", "not eligible (TMS)"),
    "invalid_input": ("data tidak dapat digunakan", "the data could not be used"),
    "needs_review": ("perlu ditinjau", "needs review"),
    # eligibility
    "rule_met": ("persyaratan {rule} terpenuhi", "requirement {rule} met"),
    "rule_failed": (
        "persyaratan {rule} tidak terpenuhi: {reason}",
        "requirement {rule} not met: {reason}",
    ),
    "rule_unknown": (
        "persyaratan {rule} tidak dapat diputuskan, data tidak tersedia: {missing}",
        "requirement {rule} cannot be decided, data missing: {missing}",
    ),
    "data": ("Data", "Data"),
    # tests and ratings
    "absent_line": ("tidak hadir, tidak ada nilai yang tercatat", "absent, no score recorded"),
    "exception": (
        "Ketentuan khusus jalur {name}{cite} menggantikan ketentuan umum",
        "Track exception {name}{cite} replaces the general rule",
    ),
    "raters": (
        "Dinilai oleh {count} penilai ({raters}) pada {criteria} kriteria",
        "Rated by {count} raters ({raters}) on {criteria} criteria",
    ),
    "no_rule": ("Tidak ada nilai ambang batas pada tahap ini", "This stage has no passing grade"),
    # clause sentences
    "ge.false": (
        "{left} {lv} di bawah nilai ambang batas {rv}{cite}",
        "{left} {lv} is below the passing grade {rv}{cite}",
    ),
    "ge.true": (
        "{left} {lv} memenuhi nilai ambang batas {rv}{cite}",
        "{left} {lv} meets the passing grade {rv}{cite}",
    ),
    "gt.false": (
        "{left} {lv} tidak melebihi batas {rv}{cite}",
        "{left} {lv} is not above the limit {rv}{cite}",
    ),
    "gt.true": (
        "{left} {lv} melebihi batas {rv}{cite}",
        "{left} {lv} is above the limit {rv}{cite}",
    ),
    "le.false": (
        "{left} {lv} melebihi batas paling tinggi {rv}{cite}",
        "{left} {lv} is above the maximum {rv}{cite}",
    ),
    "le.true": (
        "{left} {lv} tidak melebihi batas paling tinggi {rv}{cite}",
        "{left} {lv} is within the maximum {rv}{cite}",
    ),
    "lt.false": (
        "{left} {lv} tidak di bawah batas {rv}{cite}",
        "{left} {lv} is not below the limit {rv}{cite}",
    ),
    "lt.true": (
        "{left} {lv} di bawah batas {rv}{cite}",
        "{left} {lv} is below the limit {rv}{cite}",
    ),
    "compare": (
        "{left} ({lv}) harus {op} {right} ({rv}): {verdict}",
        "{left} ({lv}) must be {op} {right} ({rv}): {verdict}",
    ),
    "op.>=": ("paling sedikit", "at least"),
    "op.<=": ("paling banyak", "at most"),
    "op.>": ("lebih dari", "more than"),
    "op.<": ("kurang dari", "less than"),
    "op.==": ("sama dengan", "equal to"),
    "op.!=": ("berbeda dari", "different from"),
    "met": ("terpenuhi", "met"),
    "not_met": ("tidak terpenuhi", "not met"),
    "clause_unknown": (
        "{clause}: tidak dapat diputuskan, data tidak tersedia{missing}",
        "{clause}: cannot be decided, data missing{missing}",
    ),
    # pooled stages
    "place": (
        "peringkat {rank}{position} di formasi {formation}",
        "rank {rank}{position} in formation {formation}",
    ),
    "position": (" (urutan ke-{position})", " (position {position})"),
    "cut.advanced": (
        "{place}, termasuk {cut} peserta terbaik{multiplier} yang lolos ke tahap berikutnya",
        "{place}, within the best {cut}{multiplier} who go on to the next stage",
    ),
    "cut.tied": (
        (
            "{place}, nilainya sama dengan peserta terakhir dari {cut} peserta terbaik{multiplier} "
            "yang lolos ke tahap berikutnya"
        ),
        "{place}, tied with the last of the best {cut}{multiplier} who go on to the next stage",
    ),
    "cut.outranked": (
        "{place}; hanya {cut} peserta terbaik{multiplier} yang lolos ke tahap berikutnya",
        "{place}; only the best {cut}{multiplier} go on to the next stage",
    ),
    "multiplier": (" ({multiplier} × kuota {quota})", " ({multiplier} × the quota {quota})"),
    "quota": ("kuota {quota}", "quota {quota}"),
    "decided_by": (
        "pembeda dengan peserta pada urutan berikutnya: {key}",
        "what separated this candidate from the next one: {key}",
    ),
    "decided_by_none": (
        (
            "tidak ada kunci urutan yang membedakan dengan peserta berikutnya (nilainya sama, atau "
            "tidak ada peserta berikutnya)"
        ),
        (
            "no key of the order separated this candidate from the next one (equal values, or "
            "nobody after them)"
        ),
    ),
    "tie": (
        (
            "nilainya sama persis dengan peserta lain pada batas kuota di seluruh kunci urutan"
            "{keys}; panitia harus memutuskan"
        ),
        (
            "equal to another candidate at the quota boundary on every key of the order{keys}; a "
            "person must decide"
        ),
    ),
    "placed_in": (
        "ditempatkan di formasi {formation} yang belum terisi, melalui optimalisasi",
        "placed by optimisation in formation {formation}, which had an unfilled slot",
    ),
    "already_selected": (
        "sudah masuk kuota formasi yang dilamar",
        "already within the quota of the formation applied to",
    ),
    "not_placed": (
        "tidak ada formasi sesuai{same} yang masih memiliki kursi kosong untuk peserta ini",
        "no matching formation{same} had an unfilled slot for this candidate",
    ),
    "same": (" (sama {fields})", " (same {fields})"),
    "and": ("dan", "and"),
    # invalid rows
    "problem": ("kolom {field}, nilai {value}: {what}", "column {field}, value {value}: {what}"),
    "problem_detail": ("Keterangan: {message}", "Details: {message}"),
    "hint": ("Saran: {hint}", "Hint: {hint}"),
}

#: Meaning of each final status: (label in words, what it means), each (Indonesian, English).
_FINAL: Mapping[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "selected": (
        ("lulus", "passed"),
        (
            "lulus seluruh tahap dan masuk kuota formasi",
            "passed every stage and ranked within the formation's quota",
        ),
    ),
    "selected_by_optimisation": (
        ("lulus, dialihkan melalui optimalisasi", "passed, placed by optimisation"),
        (
            "memenuhi seluruh nilai ambang batas dan ditempatkan di formasi lain yang belum terisi",
            "met every passing grade and was placed in another formation that had an unfilled slot",
        ),
    ),
    "not_selected": (
        ("tidak lulus", "not passed"),
        (
            "memenuhi nilai ambang batas, tetapi peringkatnya di luar kuota",
            "met the passing grades, but ranked beyond the quota",
        ),
    ),
    "failed": (
        ("tidak lulus", "not passed"),
        ("nilai di bawah nilai ambang batas", "a score below the passing grade"),
    ),
    "ineligible": (
        ("tidak memenuhi syarat", "not eligible"),
        ("tidak memenuhi persyaratan seleksi", "did not meet an eligibility requirement"),
    ),
    "absent": (
        ("tidak hadir", "absent"),
        ("tidak mengikuti tes atau wawancara", "did not sit a test or interview"),
    ),
    "invalid_input": (
        ("tidak memenuhi syarat", "not eligible"),
        ("data pendaftaran tidak dapat digunakan", "the application data could not be used"),
    ),
    "needs_review": (
        ("perlu ditinjau", "under review"),
        (
            "keputusan harus diambil oleh panitia seleksi",
            "a person (the selection committee) must decide",
        ),
    ),
}

#: not_selected at a shortlist: beyond the shortlist, not the quota.
_NOT_SHORTLISTED = (
    (
        "memenuhi nilai ambang batas, tetapi peringkatnya di luar daftar yang lolos ke tahap "
        "berikutnya"
    ),
    "met the passing grades, but ranked outside the shortlist for the next stage",
)

#: The standard formation columns (DESIGN.md), as read by rules through ``formation.``.
_FORMATION_COLUMNS: Mapping[str, tuple[str, str]] = {
    "formation_id": ("Kode formasi", "The formation id"),
    "quota": ("Kuota formasi", "The formation's quota"),
    "track": ("Jalur formasi", "The formation's track"),
    "position": ("Jabatan formasi", "The formation's position"),
    "education_level": ("Jenjang pendidikan formasi", "The formation's education level"),
    "agency": ("Instansi formasi", "The formation's agency"),
    "location": ("Lokasi formasi", "The formation's location"),
}
_AS_OF_LABEL = ("Tanggal acuan", "Reference date")

#: The formation fields optimisation matches on, as listed in a sentence.
_SAME_WORDS: Mapping[str, tuple[str, str]] = {
    "position": ("jabatan", "position"),
    "education_level": ("jenjang pendidikan", "education level"),
    "agency": ("instansi", "agency"),
    "location": ("lokasi", "location"),
}

#: Input problem codes (docs/error-codes.md, ``input.*``) in words.
_INPUT_CODES: Mapping[str, tuple[str, str]] = {
    "input.missing": ("nilai wajib kosong", "a required value is empty"),
    "input.type": (
        "nilai tidak dapat dibaca sesuai jenis kolomnya",
        "the value cannot be read as the field's type",
    ),
    "input.range": (
        "nilai di luar batas, kode, jumlah desimal atau pola yang diizinkan",
        "the value is outside the field's bounds, codes, decimal places or pattern",
    ),
    "input.duplicate-id": (
        "nomor peserta yang sama ada di lebih dari satu baris; setiap salinannya tidak sah",
        "the candidate id is on more than one row; every copy is invalid",
    ),
    "input.unknown-formation": (
        "formasi yang dilamar tidak ada dalam tabel formasi",
        "the formation applied to is not in the formations table",
    ),
    "input.syntax": ("baris tidak dapat dibaca", "the line cannot be read"),
}

#: Reasons the engine writes (in one language), with their wording in both.
_REASONS: Sequence[tuple[re.Pattern[str], tuple[str, str]]] = (
    (re.compile(r"^tidak hadir$"), ("tidak hadir", "absent")),
    (
        re.compile(r"^(?P<rule>[^:]+): data tidak tersedia \((?P<fields>.*)\)$"),
        (
            "{rule}: data tidak tersedia ({fields})",
            "{rule}: data missing ({fields})",
        ),
    ),
    (
        re.compile(r"^nilai tidak lengkap: (?P<fields>.*)$"),
        ("nilai tidak lengkap: {fields}", "incomplete scores: {fields}"),
    ),
    (
        re.compile(r"^data tidak tersedia: (?P<fields>.*)$"),
        ("data tidak tersedia: {fields}", "data missing: {fields}"),
    ),
    (re.compile(r"^di bawah nilai minimal$"), ("di bawah nilai minimal", "below the minimum")),
    (
        re.compile(r"^nilai sama pada batas kuota setelah seluruh urutan$"),
        (
            "nilai sama pada batas kuota setelah seluruh urutan",
            "tied at the quota boundary after every key of the order",
        ),
    ),
    (
        re.compile(r"^exception (?P<exception>\S+): condition unknown$"),
        (
            "ketentuan khusus {exception}: syaratnya tidak dapat diputuskan (data tidak tersedia)",
            "exception {exception}: its condition cannot be decided (data missing)",
        ),
    ),
    (
        re.compile(r"^exceptions (?P<a>\S+) and (?P<b>\S+) both apply at priority (?P<p>-?\d+)$"),
        (
            "ketentuan khusus {a} dan {b} sama-sama berlaku pada prioritas {p}",
            "exceptions {a} and {b} both apply at priority {p}",
        ),
    ),
    (
        re.compile(
            r"^(?P<criterion>[^:]+): raters differ by more than (?P<spread>\S+) \((?P<scores>.*)\)$"
        ),
        (
            "{criterion}: nilai para penilai berselisih lebih dari {spread} ({scores})",
            "{criterion}: raters differ by more than {spread} ({scores})",
        ),
    ),
    (
        re.compile(r"^(?P<criterion>[^:]+): (?P<count>\d+) rater\(s\), (?P<needed>\d+) needed$"),
        (
            "{criterion}: {count} penilai, dibutuhkan {needed}",
            "{criterion}: {count} rater(s), {needed} needed",
        ),
    ),
    (
        re.compile(
            r"^(?P<criterion>[^:]+): outside "
            r"\[(?P<low>[^,\]]+), (?P<high>[^\]]+)\]: (?P<scores>.*)$"
        ),
        (
            "{criterion}: nilai di luar skala [{low}, {high}]: {scores}",
            "{criterion}: scores outside the scale [{low}, {high}]: {scores}",
        ),
    ),
)

# ---------------------------------------------------------------------------- legal citations

#: Kinds of regulation and their usual short forms.
_ACT_KINDS: Sequence[tuple[str, str]] = (
    ("Undang-Undang", "UU"),
    ("Peraturan Pemerintah", "PP"),
    ("Peraturan Presiden", "Perpres"),
    ("Keputusan Presiden", "Keppres"),
    ("Peraturan Badan Kepegawaian Negara", "Peraturan BKN"),
    ("Keputusan Kepala Badan Kepegawaian Negara", "Keputusan Kepala BKN"),
    ("Peraturan Daerah", "Perda"),
    ("Peraturan Gubernur", "Pergub"),
    ("Peraturan Bupati", "Perbup"),
    ("Peraturan Wali Kota", "Perwali"),
    ("Peraturan Walikota", "Perwali"),
)

#: Ministries and their short forms, as in ``PermenPANRB`` or ``Permendagri``.
_MINISTRIES: Mapping[str, str] = {
    "Pendayagunaan Aparatur Negara dan Reformasi Birokrasi": "PANRB",
    "PANRB": "PANRB",
    "PAN-RB": "PANRB",
    "PAN RB": "PANRB",
    "Dalam Negeri": "dagri",
}

_TITLE = re.compile(
    r"^(?P<kind>.+?)\s+(?:Republik\s+Indonesia\s+)?Nomor\s+(?P<number>[\w./-]+)\s+"
    r"Tahun\s+(?P<year>\d{4})\b"
)
_MINISTER = re.compile(r"^(?P<act>Peraturan|Keputusan)\s+Menteri\s+(?P<ministry>.+)$")


def short_citation(title: str) -> str | None:
    """The usual short form of a regulation's title, or ``None`` when it cannot be derived.

    >>> short_citation("Keputusan Menteri PANRB Nomor 321 Tahun 2024 tentang Nilai Ambang Batas")
    'KepmenPANRB 321/2024'
    >>> short_citation("Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
    ...                "Nomor 6 Tahun 2024 tentang Pengadaan Pegawai Aparatur Sipil Negara")
    'PermenPANRB 6/2024'
    >>> short_citation("Kebijakan seleksi ilustratif") is None
    True
    """
    found = _TITLE.match(" ".join(title.split()))
    if found is None:
        return None
    kind, number, year = found["kind"], found["number"], found["year"]
    minister = _MINISTER.match(kind)
    if minister is not None:
        act = "Permen" if minister["act"] == "Peraturan" else "Kepmen"
        ministry = minister["ministry"]
        short = _MINISTRIES.get(ministry)
        if short is not None:
            return f"{act}{short} {number}/{year}"
        return f"{act} {ministry} {number}/{year}"
    for prefix, short in _ACT_KINDS:
        if kind == prefix or kind.startswith(prefix + " "):
            rest = kind[len(prefix) :].strip()
            return f"{short} {rest} {number}/{year}" if rest else f"{short} {number}/{year}"
    return f"{kind} {number}/{year}"


# ------------------------------------------------------------------------- reading clauses

_CLAUSE = re.compile(
    r"^(?P<text>.+?) → (?P<value>true|false|unknown)(?: \((?P<reads>.*)\))?$", re.S
)
_READ = re.compile(
    r"^(?P<name>[A-Za-z_][\w.]*) = (?P<value>.*?)(?P<default> \(default\))?"
    r"(?: \[(?P<ref>[^\[\],]+), from (?P<since>[^\]]+)\])?$",
    re.S,
)
_READ_SPLIT = re.compile(r", (?=[A-Za-z_][\w.]* = )")
_NAME = r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?"
_NUMBER = r"-?\d+(?:\.\d+)?"
_COMPARE = re.compile(
    rf"^(?P<left>{_NAME}|{_NUMBER}) (?P<op>>=|<=|==|!=|>|<) "
    rf"(?P<right>{_NAME}|{_NUMBER}|\"[^\"]*\"|'[^']*')$"
)
_OPS = {">=": "ge", ">": "gt", "<=": "le", "<": "lt"}


@dataclass(frozen=True)
class _Read:
    """One value a clause read: ``name = value [reference, from date]``."""

    name: str
    value: str
    reference: str | None = None
    since: str | None = None


@dataclass(frozen=True)
class _Clause:
    """A clause of a rule read back from its rendering."""

    text: str
    value: str
    reads: tuple[_Read, ...]

    def read(self, name: str) -> _Read | None:
        """The value read under a name, if the clause read it."""
        return next((r for r in self.reads if r.name == name), None)


def _parse_clause(text: str) -> _Clause | None:
    """A rendered clause (``Clause.render()``) read back, or ``None`` if it does not parse."""
    found = _CLAUSE.match(text)
    if found is None:
        return None
    reads: list[_Read] = []
    if found["reads"]:
        for part in _READ_SPLIT.split(found["reads"]):
            read = _READ.match(part)
            if read is None:
                return None
            reference = read["ref"] if read["ref"] not in (None, "None") else None
            since = read["since"] if read["since"] not in (None, "?") else None
            reads.append(_Read(read["name"], read["value"], reference, since))
    return _Clause(found["text"], found["value"], tuple(reads))


# ------------------------------------------------------------------------------ the account


def _text(value: Text | None, lang: str) -> str | None:
    if value is None:
        return None
    return value.en if lang == "en" and value.en else value.id


def _abbreviates(short: str, text: str) -> bool:
    """Whether a text spells out an abbreviation (``TKP`` in "Nilai Tes Karakteristik
    Pribadi") or contains it as a word."""
    initials = "".join(word[0] for word in text.split() if word[:1].isupper())
    return short in initials or short in re.findall(r"\b[A-Z0-9]{2,}\b", text)


def _show_value(value: Any) -> str:
    """An offending input value: text quoted, anything else as written."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


@dataclass(frozen=True)
class _Named:
    """A name from the policy, in both languages."""

    name: Text
    lang: str
    prefix: str = ""

    @property
    def text(self) -> str:
        """The name in the explanation's language (``M.03 (Komunikasi)`` for a criterion)."""
        name = _text(self.name, self.lang) or self.name.id
        return f"{self.prefix}({name})" if self.prefix else name

    def both(self) -> list[str]:
        """The name in every language the policy gives."""
        return [t for t in (self.name.id, self.name.en) if t]


@dataclass
class _Part:
    """One stage of the account: its lines and the sentences that decided it."""

    lines: list[str]
    key: list[str]


class _Explainer:
    """Writes the account of one record."""

    def __init__(
        self, record: Mapping[str, Any], policy: SelectionPolicy | None, lang: str
    ) -> None:
        self.record = record
        self.lang = lang
        self.notes: list[str] = []
        self.cited: dict[str, None] = {}
        used = record.get("policy")
        used = used if isinstance(used, Mapping) else {}
        if policy is not None and used.get("id") not in (None, policy.id):
            self.notes.append(self.t("other_policy", given=policy.id, used=used.get("id")))
            policy = None
        elif policy is not None and used.get("hash") not in (None, document_hash(policy)):
            self.notes.append(self.t("changed_policy"))
        self.policy = policy
        self.stages: dict[str, Stage] = {s.id: s for s in policy.stages} if policy else {}

    # ------------------------------------------------------------------------------ words

    def t(self, phrase: str, /, **fields: Any) -> str:
        """A phrase in the explanation's language."""
        indonesian, english = _PHRASES[phrase]
        return (english if self.lang == "en" else indonesian).format(**fields)

    def pick(self, pair: tuple[str, str]) -> str:
        """The member of an (Indonesian, English) pair in the explanation's language."""
        return pair[1] if self.lang == "en" else pair[0]

    def cite(self, reference: str | None, since: str | None = None) -> str:
        """`` (KepmenPANRB 321/2024, berlaku sejak 2024-01-01)``, or nothing."""
        parts = []
        if reference:
            parts.append(self.short(reference))
        if since:
            parts.append(self.t("since", date=since))
        return f" ({', '.join(parts)})" if parts else ""

    def short(self, reference: str) -> str:
        """A legal reference's short form (the id without the policy)."""
        if self.policy is None:
            return reference
        found = next((r for r in self.policy.references if r.id == reference), None)
        if found is None:
            return reference
        self.cited[reference] = None
        return short_citation(found.title) or reference

    def stage_name(self, stage_id: str) -> str:
        """A stage's name in the policy, else its id."""
        stage = self.stages.get(stage_id)
        return _text(stage.name, self.lang) or stage_id if stage else stage_id

    def track_name(self, track: str | None) -> str:
        """``Umum (umum)``: a track's name in the policy with its id."""
        if track is None:
            return self.t("unknown")
        found = (
            next((t for t in self.policy.tracks if t.id == track), None) if self.policy else None
        )
        name = _text(found.name, self.lang) if found else None
        return f"{name} ({track})" if name and name != track else track

    def label(self, name: str) -> str:
        """A name a rule reads, in words: ``tkp`` → ``TKP``, ``birth_date`` → "Tanggal lahir"."""
        if name == "as_of":
            return self.pick(_AS_OF_LABEL)
        if name.startswith("formation."):
            column = name.removeprefix("formation.")
            declared = self.policy.formation_fields.get(column) if self.policy else None
            column_name = _text(declared.description, self.lang) if declared else None
            if column_name:
                return column_name
            return self.pick(_FORMATION_COLUMNS[column]) if column in _FORMATION_COLUMNS else name
        described = self.described(name)
        if re.fullmatch(r"[a-z][a-z0-9]{1,3}", name):
            short = name.upper()  # twk → TWK, when the policy spells it out (or says nothing)
            if described is None or any(_abbreviates(short, t) for t in described.both()):
                return short
        return described.text if described else name

    def described(self, name: str) -> _Named | None:
        """A field's, score's, criterion's or parameter's name in the policy."""
        policy = self.policy
        if policy is None:
            return None
        score = policy.scores.get(name)
        if score is not None and score.name is not None:
            return _Named(score.name, self.lang)
        field = policy.candidate_fields.get(name)
        if field is not None and field.description is not None:
            return _Named(field.description, self.lang)
        rated = policy.rating_fields().get(name)
        if rated is not None:
            stage, criterion_id = rated
            found = next((c for c in stage.criteria if c.id == criterion_id), None)
            if found is not None and found.name is not None:
                return _Named(found.name, self.lang, prefix=f"{criterion_id} ")
        parameter = policy.parameters.get(name)
        if parameter is not None:
            return _Named(parameter.description, self.lang)
        return None

    def criterion(self, stage: RatingStage | None, criterion_id: str) -> str:
        """``M.03 (Komunikasi)``: a criterion of a rating stage with its name."""
        found = next((c for c in stage.criteria if c.id == criterion_id), None) if stage else None
        name = _text(found.name, self.lang) if found else None
        return f"{criterion_id} ({name})" if name else criterion_id

    def value(self, read: _Read) -> str:
        """A value read, as the record holds it (``true``/``false`` and quotes in words)."""
        if read.value == "true":
            return self.t("yes")
        if read.value == "false":
            return self.t("no")
        if read.value == "unknown":
            return self.t("unknown")
        quoted = re.fullmatch(r"'([^']*)'", read.value)
        return quoted[1] if quoted else read.value

    def reason(self, text: str) -> str:
        """A reason the engine wrote, in the explanation's language (as written if unknown)."""
        for pattern, pair in _REASONS:
            found = pattern.match(text)
            if found is not None:
                fields = dict(found.groupdict())
                if "criterion" in fields:
                    fields["criterion"] = self.criterion_label(fields["criterion"])
                if "fields" in fields:
                    names = fields["fields"].split(", ")
                    fields["fields"] = ", ".join(self.label(n) for n in names)
                return self.pick(pair).format(**fields)
        return text

    def criterion_label(self, criterion_id: str) -> str:
        """``M.03 (Komunikasi)``: a rated criterion with its name in the policy."""
        rating = next(
            (
                s
                for s in self.stages.values()
                if isinstance(s, RatingStage) and any(c.id == criterion_id for c in s.criteria)
            ),
            None,
        )
        return self.criterion(rating, criterion_id)

    # ---------------------------------------------------------------------------- clauses

    def reads_line(self, evaluations: Sequence[Mapping[str, Any]]) -> str | None:
        """``Data: Tanggal lahir = 1999-04-25; ...``: every value the rules read, once."""
        seen: dict[str, _Read] = {}
        for evaluation in evaluations:
            for text in evaluation.get("clauses") or ():
                clause = _parse_clause(str(text))
                for read in clause.reads if clause else ():
                    seen.setdefault(read.name, read)
        if not seen:
            return None
        shown = [
            f"{self.label(r.name)} = {self.value(r)}{self.cite(r.reference, r.since)}"
            for r in seen.values()
        ]
        return f"{self.t('data')}: {'; '.join(shown)}"

    def sentence(self, text: str) -> str:
        """A clause in words; the clause as it is when it cannot be read."""
        clause = _parse_clause(text)
        if clause is None:
            return text
        if clause.value == "unknown":
            missing = [self.label(r.name) for r in clause.reads if r.value == "unknown"]
            shown = f" ({', '.join(missing)})" if missing else ""
            return self.t("clause_unknown", clause=clause.text, missing=shown)
        compare = _COMPARE.match(clause.text)
        if compare is None:
            return text
        left, op, right = compare["left"], compare["op"], compare["right"]
        left_read, right_read = clause.read(left), clause.read(right)
        if left_read is None:
            return text
        lv = self.value(left_read)
        if right_read is not None:
            rv = self.value(right_read)
        elif re.fullmatch(_NUMBER, right):
            rv = right
        elif right[:1] in "\"'":
            rv = right[1:-1]
        else:
            return text
        threshold = right_read is None or right_read.reference is not None
        if op in _OPS and threshold and re.fullmatch(_NUMBER, rv):
            cite = self.cite(right_read.reference, right_read.since) if right_read else ""
            key = f"{_OPS[op]}.{clause.value}"
            return self.t(key, left=self.label(left), lv=lv, rv=rv, cite=cite)
        return self.t(
            "compare",
            left=self.label(left),
            lv=lv,
            op=self.t(f"op.{op}"),
            right=self.label(right) if right_read is not None else rv,
            rv=rv,
            verdict=self.t("met" if clause.value == "true" else "not_met"),
        )

    def clauses(self, evaluation: Mapping[str, Any]) -> tuple[list[str], list[str]]:
        """Every clause of a rule in words, and those that did not hold."""
        shown, failed = [], []
        for text in evaluation.get("clauses") or ():
            clause = _parse_clause(str(text))
            if clause is not None and clause.text in ("true", "false") and not clause.reads:
                continue  # a rule that is just 'true': nothing to check
            sentence = self.sentence(str(text))
            shown.append(sentence)
            if clause is None or clause.value != "true":
                failed.append(sentence)
        return shown, failed

    # ----------------------------------------------------------------------------- stages

    def outcome(self, stage: Mapping[str, Any]) -> str:
        """A stage's outcome in words, as fits the kind of stage."""
        outcome, kind = str(stage.get("outcome")), str(stage.get("kind"))
        detail = stage.get("detail") or {}
        if outcome == "advanced" and kind == "optimisation" and not detail.get("placed_in"):
            return self.t("advanced.optimisation.none")
        for key in (f"{outcome}.{kind}", outcome):
            if key in _PHRASES:
                return self.t(key)
        return outcome

    def part(self, stage: Mapping[str, Any]) -> _Part:
        """The account of one stage the candidate reached."""
        outcome, kind = stage.get("outcome"), stage.get("kind")
        if outcome == "invalid_input":
            return self.invalid()
        if outcome == "absent":
            line = self.t("absent_line")
            return _Part([line], [line])
        render = {
            "eligibility": self.eligibility,
            "test": self.test,
            "rating": self.rating,
            "integration": self.integration,
            "shortlist": self.shortlist,
            "ranking": self.ranking,
            "optimisation": self.optimisation,
        }.get(str(kind))
        if render is None:
            reasons = [self.reason(str(r)) for r in stage.get("reasons") or ()]
            return _Part(self.score_line(stage) + reasons, reasons)
        return render(stage)

    def score_line(self, stage: Mapping[str, Any]) -> list[str]:
        """``Nilai kumulatif SKD: 329``: the stage's score under the name of its formula."""
        score = stage.get("score")
        if score is None:
            return []
        final = stage.get("kind") == "integration"
        label = self.t("final_score" if final else "stage_score")
        found = self.stages.get(str(stage.get("stage_id")))
        formula = getattr(found, "score", None)
        if isinstance(formula, str) and re.fullmatch(r"[a-z][a-z0-9_]*", formula):
            named = self.label(formula)
            label = label if named == formula else named
        return [f"{label}: {score}"]

    def eligibility(self, stage: Mapping[str, Any]) -> _Part:
        """Each requirement met or not, with the reason given to candidates and the data read;
        without the policy, the rule's text and the reason as recorded (in Indonesian)."""
        evaluations = [e for e in stage.get("evaluations") or () if isinstance(e, Mapping)]
        reasons = [str(r) for r in stage.get("reasons") or ()]
        recorded = iter(reasons)  # one per failed rule, in order
        lines: list[str] = []
        key: list[str] = []
        for evaluation, rule in zip(evaluations, self.rules(stage, evaluations), strict=True):
            name = rule.id if rule else " ".join(str(evaluation.get("rule")).split())
            value = evaluation.get("value")
            if value == "true":
                lines.append(self.t("rule_met", rule=name))
            elif value == "false":
                reason = next(recorded, "")
                if rule is not None:
                    why = (_text(rule.reason, self.lang) or "") + self.cite(rule.reference)
                elif ": " in reason:
                    name, why = reason.split(": ", 1)
                else:
                    why = reason
                key.append(self.t("rule_failed", rule=name, reason=why))
                lines.append(key[-1])
            else:
                missing = ", ".join(self.label(str(m)) for m in evaluation.get("missing") or ())
                key.append(self.t("rule_unknown", rule=name, missing=missing or "?"))
                lines.append(key[-1])
            data = self.reads_line([evaluation])
            if data:
                lines.append(f"  {data}")
        if stage.get("outcome") != "advanced" and not key:  # e.g. a rule that raised an error
            key = [self.reason(r) for r in reasons]
            lines += key
        return _Part(lines, key)

    def rules(
        self, stage: Mapping[str, Any], evaluations: Sequence[Mapping[str, Any]]
    ) -> list[EligibilityRule | None]:
        """The policy's rule behind each evaluation (by text, else by position)."""
        found = self.stages.get(str(stage.get("stage_id")))
        if not isinstance(found, EligibilityStage):
            return [None] * len(evaluations)
        by_text = {" ".join(r.rule.split()): r for r in found.rules}
        matched: list[EligibilityRule | None] = []
        for index, evaluation in enumerate(evaluations):
            rule = by_text.get(" ".join(str(evaluation.get("rule")).split()))
            if rule is None and len(evaluations) == len(found.rules):
                rule = found.rules[index]
            matched.append(rule)
        return matched

    def test(self, stage: Mapping[str, Any]) -> _Part:
        """The score, the track exception applied, and each threshold of the deciding rule."""
        lines = self.score_line(stage)
        detail = stage.get("detail") or {}
        evaluations = [e for e in stage.get("evaluations") or () if isinstance(e, Mapping)]
        exception = detail.get("exception")
        if exception:
            found = self.stages.get(str(stage.get("stage_id")))
            rule = None
            if isinstance(found, TestStage):
                rule = next((e for e in found.exceptions if e.id == exception), None)
            name = (_text(rule.name, self.lang) if rule else None) or str(exception)
            cite = self.cite(rule.reference) if rule else ""
            lines.append(self.t("exception", name=name, cite=cite))
        verdict = evaluations[-1] if exception and evaluations else None
        if verdict is None and evaluations:
            verdict = evaluations[0]
        shown, failed = self.clauses(verdict) if verdict is not None else ([], [])
        lines += shown
        if verdict is not None and not shown:
            lines.append(self.t("no_rule"))
        reasons = [self.reason(str(r)) for r in stage.get("reasons") or ()]
        if stage.get("outcome") == "below_threshold":
            key = failed or reasons
        elif stage.get("outcome") == "advanced":
            key = shown
        else:
            key = reasons or failed
        lines += [r for r in key if r not in lines]
        return _Part(lines, key)

    def rating(self, stage: Mapping[str, Any]) -> _Part:
        """Who rated, the stage's score, and what a person must look at when raters disagree."""
        lines: list[str] = []
        detail = stage.get("detail") or {}
        raters = detail.get("raters")
        if isinstance(raters, Mapping) and raters:
            names = sorted({str(r) for given in raters.values() for r in given or ()})
            lines.append(
                self.t("raters", count=len(names), raters=", ".join(names), criteria=len(raters))
            )
        lines += self.score_line(stage)
        shown: list[str] = []
        failed: list[str] = []
        for evaluation in stage.get("evaluations") or ():
            if isinstance(evaluation, Mapping):
                more, wrong = self.clauses(evaluation)
                shown += more
                failed += wrong
        lines += shown
        reasons = [self.reason(str(r)) for r in stage.get("reasons") or ()]
        key = failed or reasons
        lines += [r for r in reasons if r not in lines]
        return _Part(lines, key)

    def integration(self, stage: Mapping[str, Any]) -> _Part:
        """The final score and how it was computed, as the record explains it."""
        lines = self.score_line(stage)
        detail = stage.get("detail") or {}
        explanation = detail.get(f"explanation_{self.lang}") or detail.get("explanation_id")
        if explanation:
            lines += [f"  {line}" for line in str(explanation).splitlines()]
        reasons = [self.reason(str(r)) for r in stage.get("reasons") or ()]
        lines += reasons
        return _Part(lines, reasons or self.score_line(stage))

    def place(self, detail: Mapping[str, Any]) -> str:
        """``peringkat 3 (urutan ke-4) di formasi F1``."""
        rank, position = detail.get("rank"), detail.get("position")
        shown = self.t("position", position=position) if position not in (None, rank) else ""
        formation = self.record.get("formation_id") or "?"
        return self.t("place", rank=rank, position=shown, formation=formation)

    def decided_by(self, stage: Mapping[str, Any], detail: Mapping[str, Any]) -> str:
        """The tie-break key that separated the candidate from the next one, in words."""
        decided = detail.get("decided_by")
        if not decided:
            return self.t("decided_by_none")
        found = self.stages.get(str(stage.get("stage_id")))
        if isinstance(found, RankingStage | ShortlistStage):
            for index, key in enumerate(found.order):
                if decided in self.key_names(key, index):
                    return self.t("decided_by", key=self.key_name(key))
        return self.t("decided_by", key=decided)

    @staticmethod
    def key_names(key: OrderKey, index: int) -> set[str]:
        """The names a key may have in a record (``pipeline.ordering`` writes the English
        name, else the Indonesian one, else a description of the key)."""
        names = {f"{index + 1}. {key.key} ({'codes' if key.codes else key.direction})"}
        if key.name is not None:
            names |= {key.name.id, key.name.en or key.name.id}
        return names

    def key_name(self, key: OrderKey) -> str:
        """A key of an ordering, named in the explanation's language."""
        return _text(key.name, self.lang) or key.key

    def shortlist(self, stage: Mapping[str, Any]) -> _Part:
        """The place in the formation against the shortlist's cut (multiplier × quota)."""
        detail = stage.get("detail") or {}
        found = self.stages.get(str(stage.get("stage_id")))
        multiplier = ""
        if isinstance(found, ShortlistStage) and isinstance(detail.get("cut"), int):
            quota = detail["cut"] // found.multiplier
            if quota * found.multiplier == detail["cut"]:
                multiplier = self.t("multiplier", multiplier=found.multiplier, quota=quota)
        position, cut = detail.get("position"), detail.get("cut")
        phrase = "cut.outranked"
        if stage.get("outcome") == "advanced":
            tied = isinstance(position, int) and isinstance(cut, int) and position > cut
            phrase = "cut.tied" if tied else "cut.advanced"
        main = self.t(phrase, place=self.place(detail), cut=cut, multiplier=multiplier)
        lines = [main, self.decided_by(stage, detail)]
        return _Part(lines, [main])

    def ranking(self, stage: Mapping[str, Any]) -> _Part:
        """The rank against the quota; an unresolved tie at the boundary for a person to settle."""
        detail = stage.get("detail") or {}
        quota = self.t("quota", quota=detail.get("quota"))
        main = f"{self.place(detail)}, {quota}: {self.outcome(stage)}"
        lines = [main]
        if stage.get("outcome") == "needs_review":
            found = self.stages.get(str(stage.get("stage_id")))
            keys = ""
            if isinstance(found, RankingStage):
                keys = f" ({', '.join(self.key_name(k) for k in found.order)})"
            main = f"{self.place(detail)}, {quota}: {self.t('tie', keys=keys)}"
            lines = [main]
        else:
            lines.append(self.decided_by(stage, detail))
        return _Part(lines, [main])

    def optimisation(self, stage: Mapping[str, Any]) -> _Part:
        """The formation placed in, or why there was none."""
        detail = stage.get("detail") or {}
        if stage.get("outcome") == "advanced":
            placed = detail.get("placed_in")
            line = self.t("placed_in", formation=placed) if placed else self.t("already_selected")
            return _Part([line], [line])
        found = self.stages.get(str(stage.get("stage_id")))
        same = ""
        if isinstance(found, OptimisationStage) and found.same:
            words = [self.pick(_SAME_WORDS[f]) for f in found.same if f in _SAME_WORDS]
            listed = (
                ", ".join(words[:-1]) + f" {self.t('and')} {words[-1]}"
                if len(words) > 1
                else words[0]
            )
            same = self.t("same", fields=listed)
        line = self.t("not_placed", same=same)
        return _Part([line], [line])

    def invalid(self) -> _Part:
        """Each problem of an unusable row: the column, the value and what is wrong with it."""
        lines: list[str] = []
        key: list[str] = []
        for problem in self.record.get("problems") or ():
            if not isinstance(problem, Mapping):
                continue
            field = str(problem.get("field") or "?").removeprefix("$.")
            value = problem.get("value")
            shown = self.t("empty") if value is None else _show_value(value)
            code = str(problem.get("code") or "")
            what = self.pick(_INPUT_CODES[code]) if code in _INPUT_CODES else code
            sentence = self.t("problem", field=field, value=shown, what=what)
            key.append(sentence)
            lines.append(sentence)
            lines.append(f"  {self.t('problem_detail', message=problem.get('message'))}")
            if problem.get("hint"):
                lines.append(f"  {self.t('hint', hint=problem['hint'])}")
        return _Part(lines, key)

    # ------------------------------------------------------------------------------- text

    def heading(self) -> list[str]:
        """Who and what: candidate, formation, track, selection and as-of date."""
        record = self.record
        candidate = record.get("candidate_id") or self.t("no_id")
        policy = record.get("policy")
        selection = str(policy.get("id") or "?") if isinstance(policy, Mapping) else "?"
        if self.policy is not None:
            selection = f"{_text(self.policy.name, self.lang)} ({self.policy.id})"
        if record.get("as_of"):
            selection += ", " + self.t("as_of", date=record["as_of"])
        return [
            self.t("title"),
            f"{self.t('candidate')}: {candidate}",
            f"{self.t('formation')}: {record.get('formation_id') or self.t('unknown')}",
            f"{self.t('track')}: {self.track_name(record.get('track'))}",
            f"{self.t('selection')}: {selection}",
        ]

    def result(self) -> list[str]:
        """The final status with its label and meaning, the final score, rank and placement."""
        record = self.record
        status = str(record.get("final_status"))
        label = record.get("final_status_label") or "?"
        words, meaning = _FINAL.get(status, ((status, status), (status, status)))
        stages = [s for s in record.get("stages") or () if isinstance(s, Mapping)]
        outranked = next((s for s in stages if s.get("outcome") == "outranked"), None)
        if status == "not_selected" and outranked and outranked.get("kind") == "shortlist":
            meaning = _NOT_SHORTLISTED
        lines = [f"{self.t('final')}: {label} ({self.pick(words)}) — {self.pick(meaning)}"]
        if record.get("final_score") is not None:
            lines.append(f"{self.t('final_score')}: {record['final_score']}")
        if record.get("rank") is not None:
            lines.append(f"{self.t('rank')}: {record['rank']}")
        placement = record.get("placement_formation_id")
        if placement and placement != record.get("formation_id"):
            lines.append(f"{self.t('placed')}: {placement}")
        return lines

    def deciding(self, stages: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        """The stages that decided: from the first that did not advance on (with what came
        after it, e.g. optimisation after ranking), else the ranking."""
        reached = [s for s in stages if s.get("outcome") != "not_reached"]
        for index, stage in enumerate(reached):
            if stage.get("outcome") != "advanced":
                return reached[index:]
        ranking = [s for s in reached if s.get("kind") == "ranking"]
        return ranking[-1:]

    def text(self) -> str:
        """The whole account."""
        stages = [s for s in self.record.get("stages") or () if isinstance(s, Mapping)]
        parts = {id(s): self.part(s) for s in stages if s.get("outcome") != "not_reached"}
        lines = [*self.heading(), "", *self.result()]
        deciding = self.deciding(stages)
        review = self.record.get("final_status") == "needs_review"
        lines.append(f"{self.t('review' if review else 'decided')}:")
        if not deciding:
            lines.append(f"- {self.t('all_passed')}")
        for stage in deciding:
            name = self.stage_name(str(stage.get("stage_id")))
            for sentence in parts[id(stage)].key or [self.outcome(stage)]:
                lines.append(f"- {name}: {sentence}")
        lines += ["", self.t("stages")]
        number = 0
        for stage in stages:
            if id(stage) not in parts:
                continue
            number += 1
            name = self.stage_name(str(stage.get("stage_id")))
            lines.append(f"{number}. {name}: {self.outcome(stage)}")
            for line in parts[id(stage)].lines:  # items, and their continuations ("  ...")
                lines.append(f"     {line[2:]}" if line.startswith("  ") else f"   - {line}")
        skipped = [self.stage_name(str(s.get("stage_id"))) for s in stages if id(s) not in parts]
        if skipped:
            lines += ["", f"{self.t('not_reached')}: {', '.join(skipped)}"]
        if self.policy is None:
            self.notes.append(self.t("no_policy"))
        if self.cited and self.policy is not None:
            lines += ["", f"{self.t('legal')}:"]
            for reference in self.policy.references:
                if reference.id not in self.cited:
                    continue
                title = " ".join(reference.title.split())
                mark = ""
                if reference.certainty != "confirmed":
                    mark = f" ({self.t(reference.certainty)})"
                lines.append(f"- {short_citation(title) or reference.id}: {title}{mark}")
        if self.notes:
            lines += ["", f"{self.t('notes')}:", *(f"- {note}" for note in self.notes)]
        return "\n".join(line.rstrip() for line in lines) + "\n"


def explain(
    record: Mapping[str, Any], *, policy: SelectionPolicy | None = None, lang: str = "id"
) -> str:
    """A plain-language account of one decision record, in Indonesian (``lang="id"``, the
    default) or English (``lang="en"``).

    ``record`` is a decision record as :func:`asn_competency.audit.ledger` yields it and
    ``decisions.jsonl`` holds it. With ``policy`` (the policy of the run), stages, tracks and
    fields are named in the chosen language and legal references cited by their short form,
    with the full titles at the end; a policy with another id is not used (the text says so).
    Raises :class:`ValueError` for a language other than ``id`` or ``en``.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return _Explainer(record, policy, lang).text()
