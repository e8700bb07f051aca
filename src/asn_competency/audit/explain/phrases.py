"""The bilingual texts of an explanation: each an (Indonesian, English) pair.

:data:`LANGUAGES` lists the languages; ``_PHRASES`` holds every phrase (with ``str.format``
fields), ``_FINAL`` what each final status means (``_LABEL_MEANINGS`` what L-1 and L-2 add),
and the smaller tables name formation columns, the fields optimisation matches on, input
problem codes and the reasons the engine writes (recognised by pattern, reworded in both
languages).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

#: The languages of explanations: Indonesian (the default) and English.
LANGUAGES: tuple[str, ...] = ("id", "en")

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
    "reported": (
        "Dilaporkan di samping nilai akhir: {score} = {value}{band}",
        "Reported beside the final score: {score} = {value}{band}",
    ),
    "band": (" (kategori: {band})", " (band: {band})"),
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
    "age_on": ("Usia pada {date}", "Age on {date}"),
    "years_between": ("Masa {start} sampai {end}", "Years from {start} to {end}"),
    "years": ("{count} tahun", "{count} years"),
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
    "behind_by": (
        "pembeda dengan peserta pada urutan sebelumnya: {key}",
        "what separated the candidate just above from this one: {key}",
    ),
    "level_line": (
        "{criterion}: level {level} (penilai: {scores})",
        "{criterion}: level {level} (raters: {scores})",
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
    "placed_in.track": (
        (
            "ditempatkan melalui optimalisasi di formasi {formation}, formasi jenis (jalur) lain "
            "yang belum terisi"
        ),
        (
            "placed by optimisation in formation {formation}, a formation of another type "
            "(track) that had an unfilled slot"
        ),
    ),
    "placed_in.formation": (
        (
            "ditempatkan melalui optimalisasi di formasi {formation}, formasi atau lokasi lain "
            "pada jalur yang sama yang belum terisi"
        ),
        (
            "placed by optimisation in formation {formation}, another formation or location of "
            "the same track that had an unfilled slot"
        ),
    ),
    "library_label": (
        "{label} adalah kode pustaka ini, bukan kode resmi pengumuman.",
        "{label} is this library's code, not an official announcement code.",
    ),
    "already_selected": (
        "sudah masuk kuota formasi yang dilamar",
        "already within the quota of the formation applied to",
    ),
    "not_placed": (
        "tidak ada formasi sesuai{same} yang masih memiliki kursi kosong untuk peserta ini",
        "no matching formation{same} had an unfilled slot for this candidate",
    ),
    "not_placed.outranked": (
        "formasi kosong yang sesuai{same} telah diisi pelamar dengan peringkat lebih tinggi",
        "the matching unfilled slots{same} went to candidates ranked higher",
    ),
    "not_placed.held_for_tie": (
        (
            "formasi kosong yang sesuai{same} disediakan bagi pelamar berperingkat lebih tinggi "
            "yang nilainya sama dan belum diputuskan panitia"
        ),
        (
            "the matching unfilled slot{same} is held for higher-ranked candidates whose tie the "
            "committee has not yet settled"
        ),
    ),
    "not_placed.below_general_grade": (
        (
            "ada formasi jalur umum yang belum terisi, tetapi untuk mengisinya harus memenuhi "
            "nilai ambang batas jalur umum, yang tidak dipenuhi peserta ini"
        ),
        (
            "a general-track formation had an unfilled slot, but filling it needs the general "
            "passing grades, which this candidate did not meet"
        ),
    ),
    "not_placed.tie_unresolved": (
        (
            "nilainya sama persis dengan pelamar lain di seluruh kunci urutan untuk sisa formasi "
            "kosong; panitia harus memutuskan"
        ),
        (
            "equal to other candidates on every key of the order for the last unfilled slots; "
            "a person must decide"
        ),
    ),
    "not_placed.waiting_for_tie": (
        (
            "hasilnya bergantung pada nilai sama pelamar lain yang harus diputuskan panitia "
            "terlebih dahulu"
        ),
        (
            "the result depends on a tie between other candidates that the committee must "
            "settle first"
        ),
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
        ("kesalahan data", "data error"),
        (
            "data pendaftaran tidak dapat digunakan; panitia seleksi memeriksanya (belum final)",
            "the application data could not be used; the selection committee checks it (not final)",
        ),
    ),
    "needs_review": (
        ("perlu ditinjau", "under review"),
        (
            "keputusan harus diambil oleh panitia seleksi",
            "a person (the selection committee) must decide",
        ),
    ),
}

#: What a label says beyond its final status's meaning: where optimisation moved the
#: candidate (L-1: another track; L-2: another formation or location of the same track).
_LABEL_MEANINGS: Mapping[str, tuple[str, str]] = {
    "L-1": (
        (
            "memenuhi seluruh nilai ambang batas dan dipindahkan melalui optimalisasi ke formasi "
            "jenis (jalur) lain yang belum terisi"
        ),
        (
            "met every passing grade and was moved by optimisation to a formation of another "
            "type (track) that had an unfilled slot"
        ),
    ),
    "L-2": (
        (
            "memenuhi seluruh nilai ambang batas dan dipindahkan melalui optimalisasi ke formasi "
            "atau lokasi lain pada jalur yang sama yang belum terisi"
        ),
        (
            "met every passing grade and was moved by optimisation to another formation or "
            "location of the same track that had an unfilled slot"
        ),
    ),
}

#: Labels that are this library's, not official announcement codes.
_LIBRARY_LABELS = ("PR", "ERR")

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
