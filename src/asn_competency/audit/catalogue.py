"""The one bilingual catalogue: every word the audit layer says about a decision.

Decision records (``decision/v2``, :mod:`asn_competency.audit.ledger`) hold coded facts with
typed parameters and plain values, never sentences. This module is the only place that turns
them into words, in Indonesian (``id``, the default) or English (``en``), at presentation time:
rewording a text here changes no record and no hash.

- :data:`FACTS`: a text for every reason code of :data:`~asn_competency.pipeline.reasons.REASONS`
  and every step code of a score (:data:`STEPS`), with ``str.format`` fields named after the
  fact's parameters (:data:`UNSAID` lists the few parameters a text leaves to its context).
- :data:`PROBLEMS`: what each problem code a record can carry means: the errors a formula can
  raise while a candidate is evaluated (:data:`EVALUATION_PROBLEMS`) and the problems of an
  unusable input row (:data:`INPUT_PROBLEMS`).
- :data:`PHRASES`: everything else an explanation, a comparison or a policy test's trace says.

:class:`Voice` says a fact in one language, naming what the policy names when it is given
(stages, fields, criteria, exceptions, rules, legal references in their short form) and ids
without it; :func:`say` is the one-call form.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from string import Formatter
from typing import Any

from asn_competency.expressions import CompiledRule
from asn_competency.expressions.evaluate import format_value
from asn_competency.model import (
    EligibilityStage,
    RatingStage,
    SelectionPolicy,
    Stage,
    TestStage,
    Text,
)
from asn_competency.model.outcomes import Fact

__all__ = [
    "EVALUATION_PROBLEMS",
    "FACTS",
    "INPUT_PROBLEMS",
    "LANGUAGES",
    "PHRASES",
    "PROBLEMS",
    "STEPS",
    "UNSAID",
    "Voice",
    "fields_of",
    "say",
]

#: The languages of every text: Indonesian (the default) and English.
LANGUAGES: tuple[str, ...] = ("id", "en")

#: The steps a score's computation records (``ScoreResult.steps``), with their parameters.
STEPS: Mapping[str, tuple[str, ...]] = {
    "points.rows": ("rows", "points"),
    "jpm": ("value", "band", "factors"),
    "profile.competency": ("group", "competency", "level", "target", "gap", "weight", "factor"),
    "profile.total": ("group", "ncf", "nsf", "total"),
    "category.points": ("code", "points"),
    "scale.mapped": ("raw", "from", "scaled", "to"),
    "affirmation.condition": ("condition", "points", "percent"),
    "affirmation.total": ("base", "added", "total", "maximum"),
}

#: The problems a formula can raise for one candidate (the ``problem`` of
#: ``evaluation.error``).
EVALUATION_PROBLEMS: tuple[str, ...] = (
    "expr.division-by-zero",
    "category.unknown-code",
    "scale.out-of-range",
    "weights.sum",
    "table.no-match",
    "expr.type",
)

#: The problems that make an input row unusable (the ``problem`` of ``input.invalid``).
INPUT_PROBLEMS: tuple[str, ...] = (
    "input.missing",
    "input.type",
    "input.range",
    "input.duplicate-id",
    "input.unknown-formation",
    "input.syntax",
)

#: Every fact in words: reason and step code → (Indonesian, English).
FACTS: Mapping[str, tuple[str, str]] = {
    # the reasons a stage gives
    "rule.failed": (
        "persyaratan {rule} tidak terpenuhi: {reason}",
        "requirement {rule} not met: {reason}",
    ),
    "rule.unknown": (
        "persyaratan {rule} tidak dapat diputuskan, data tidak tersedia: {fields}",
        "requirement {rule} cannot be decided, data missing: {fields}",
    ),
    "absent": ("tidak hadir, tidak ada nilai yang tercatat", "absent, no score recorded"),
    "scores.incomplete": ("nilai tidak lengkap: {fields}", "incomplete scores: {fields}"),
    "exception.unknown": (
        (
            "ketentuan khusus {exception}: syaratnya tidak dapat diputuskan, data tidak tersedia: "
            "{fields}"
        ),
        "track exception {exception}: its condition cannot be decided, data missing: {fields}",
    ),
    "exception.conflict": (
        (
            "ketentuan khusus {exceptions} sama-sama berlaku pada prioritas {priority}; panitia "
            "harus memutuskan"
        ),
        "track exceptions {exceptions} all apply at priority {priority}; a person must decide",
    ),
    "threshold.below": (
        "{score} {value} {op} {threshold}{reference}",
        "{score} {value} {op} {threshold}{reference}",
    ),
    "clause.false": ("{clause}: tidak terpenuhi", "{clause}: not met"),
    "clause.unknown": (
        "{clause}: tidak dapat diputuskan, data tidak tersedia: {fields}",
        "{clause}: cannot be decided, data missing: {fields}",
    ),
    "rating.pending": (
        "penilaian tahap ini belum diberikan",
        "the stage's ratings are not given yet",
    ),
    "rating.outside-scale": (
        "{criterion}: nilai di luar skala [{low}, {high}]: {scores}",
        "{criterion}: scores outside the scale [{low}, {high}]: {scores}",
    ),
    "rating.too-few-raters": (
        "{criterion}: {count} penilai, dibutuhkan {needed}",
        "{criterion}: {count} rater(s), {needed} needed",
    ),
    "rating.spread": (
        "{criterion}: nilai para penilai berselisih lebih dari {spread} ({scores})",
        "{criterion}: raters differ by more than {spread} ({scores})",
    ),
    "data.missing": (
        "nilai tidak dapat dihitung, data tidak tersedia: {fields}",
        "the score cannot be computed, data missing: {fields}",
    ),
    "score.below-minimum": (
        "{score} {value} tidak memenuhi nilai minimalnya",
        "{score} {value} misses one of its minimums",
    ),
    "rank.outside-shortlist": (
        (
            "urutan ke-{position}, di luar {cut} peserta terbaik yang lolos ke tahap berikutnya "
            "(pembeda dengan peserta berikutnya: {decided_by}; dengan peserta sebelumnya: "
            "{behind_by})"
        ),
        (
            "position {position}, outside the best {cut} who go on to the next stage (what "
            "separated this candidate from the next one: {decided_by}; from the one just above: "
            "{behind_by})"
        ),
    ),
    "rank.outranked": (
        (
            "urutan ke-{position}, di luar kuota {quota} (pembeda dengan peserta berikutnya: "
            "{decided_by}; dengan peserta sebelumnya: {behind_by})"
        ),
        (
            "position {position}, beyond the quota {quota} (what separated this candidate from "
            "the next one: {decided_by}; from the one just above: {behind_by})"
        ),
    ),
    "rank.tie-at-quota": (
        (
            "urutan ke-{position}: nilainya sama persis dengan peserta lain pada batas kuota "
            "{quota} di seluruh kunci urutan; panitia harus memutuskan"
        ),
        (
            "position {position}: equal to another candidate at the quota {quota} on every key of "
            "the order; a person must decide"
        ),
    ),
    "evaluation.error": (
        "rumus tidak dapat dihitung: {problem} (nilai {value}); panitia harus memeriksanya",
        "a formula cannot be evaluated: {problem} (value {value}); a person must check it",
    ),
    "input.invalid": (
        "kolom {field}, nilai {value}: {problem}",
        "column {field}, value {value}: {problem}",
    ),
    "optimisation.outranked": (
        "formasi kosong yang sesuai telah diisi pelamar dengan peringkat lebih tinggi",
        "the matching unfilled slots went to candidates ranked higher",
    ),
    "optimisation.held-for-tie": (
        (
            "formasi kosong yang sesuai disediakan bagi pelamar berperingkat lebih tinggi yang "
            "nilainya sama dan belum diputuskan panitia"
        ),
        (
            "the matching unfilled slot is held for higher-ranked candidates whose tie the "
            "committee has not yet settled"
        ),
    ),
    "optimisation.no-free-slot": (
        "tidak ada formasi sesuai yang masih memiliki kursi kosong untuk peserta ini",
        "no matching formation had an unfilled slot for this candidate",
    ),
    "optimisation.below-general-grade": (
        (
            "ada formasi jalur umum yang belum terisi, tetapi untuk mengisinya harus memenuhi "
            "nilai ambang batas jalur umum, yang tidak dipenuhi peserta ini"
        ),
        (
            "a general-track formation had an unfilled slot, but filling it needs the general "
            "passing grades, which this candidate did not meet"
        ),
    ),
    "optimisation.tie-unresolved": (
        (
            "nilainya sama persis dengan pelamar lain di seluruh kunci urutan untuk sisa formasi "
            "kosong; panitia harus memutuskan"
        ),
        (
            "equal to other candidates on every key of the order for the last unfilled slots; a "
            "person must decide"
        ),
    ),
    "optimisation.waiting-for-tie": (
        (
            "hasilnya bergantung pada nilai sama pelamar lain yang harus diputuskan panitia "
            "terlebih dahulu"
        ),
        "the result depends on a tie between other candidates that the committee must settle first",
    ),
    "optimisation.tie-at-quota": (
        "nilainya sama pada batas kuota; optimalisasi menunggu keputusan panitia",
        "tied at the quota; optimisation waits for the committee's decision",
    ),
    # steps of a score (STEPS)
    "points.rows": ("baris {rows} → {points} poin", "rows {rows} → {points} points"),
    "jpm": (
        "JPM {value}% (faktor: {factors}) → kategori {band}",
        "JPM {value}% ({factors} factors) → band {band}",
    ),
    "profile.competency": (
        "{group}{competency}: level {level}, target {target}, selisih {gap} → {weight} ({factor})",
        "{group}{competency}: level {level}, target {target}, gap {gap} → {weight} ({factor})",
    ),
    "profile.total": (
        "{group}NCF {ncf}, NSF {nsf} → {total}",
        "{group}NCF {ncf}, NSF {nsf} → {total}",
    ),
    "category.points": ("{code} → {points} poin", "{code} → {points} points"),
    "scale.mapped": (
        "{raw} pada [{from}] → {scaled} pada [{to}]",
        "{raw} on [{from}] → {scaled} on [{to}]",
    ),
    "affirmation.condition": (
        "{condition}: +{points} poin ({percent}%)",
        "{condition}: +{points} points ({percent}%)",
    ),
    "affirmation.total": (
        "{base} + {added} → {total} (paling tinggi {maximum})",
        "{base} + {added} → {total} (at most {maximum})",
    ),
}

#: Parameters a fact's text leaves to its context, and why: ``rule`` and ``clause`` locate
#: a clause in the policy (the text names the clause itself, or stands under the stage that
#: holds it); a threshold's ``parameter`` is said through its value and legal reference.
UNSAID: Mapping[str, tuple[str, ...]] = {
    "threshold.below": ("rule", "clause", "parameter"),
    "clause.false": ("rule",),
    "clause.unknown": ("rule",),
}

#: What each problem code a record can carry means (no fields: said inside a fact's text).
PROBLEMS: Mapping[str, tuple[str, str]] = {
    "expr.division-by-zero": ("pembagian dengan nol", "a division by zero"),
    "category.unknown-code": (
        "kode yang tidak diberi poin oleh kategori",
        "a code the category gives no points for",
    ),
    "scale.out-of-range": (
        "nilai di luar rentang skala",
        "a value outside the scale's anchors",
    ),
    "weights.sum": ("jumlah bobot tidak tepat 1", "the weights do not sum to exactly 1"),
    "table.no-match": (
        "tidak ada baris tabel poin yang cocok",
        "no row of the points table matches",
    ),
    "expr.type": (
        "jenis nilai tidak sesuai dengan rumus",
        "a value of a type the formula cannot use",
    ),
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

#: Every other text: key → (Indonesian, English), with ``str.format`` fields.
PHRASES: Mapping[str, tuple[str, str]] = {
    # values
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "unknown": ("tidak diketahui", "unknown"),
    "none": ("tidak ada", "none"),
    "empty": ("(kosong)", "(empty)"),
    "default_row": ("bawaan", "default"),
    "and": ("dan", "and"),
    "since": ("berlaku sejak {date}", "in force since {date}"),
    "as_of_label": ("Tanggal acuan", "Reference date"),
    "clause_at": ("klausa {number} dari {rule}", "clause {number} of {rule}"),
    "factor.core": ("inti", "core"),
    "factor.secondary": ("pendukung", "secondary"),
    "factors.all": ("semua", "all"),
    "factors.core": ("inti", "core"),
    "factors.secondary": ("pendukung", "secondary"),
    "group": ("{group}: ", "{group}: "),
    # comparisons in a threshold.below
    "below.>=": ("di bawah nilai ambang batas", "is below the passing grade"),
    "below.>": ("tidak melebihi batas", "is not above the limit"),
    # formation columns (DESIGN.md), as rules read them through formation.
    "column.formation_id": ("Kode formasi", "The formation id"),
    "column.quota": ("Kuota formasi", "The formation's quota"),
    "column.track": ("Jalur formasi", "The formation's track"),
    "column.position": ("Jabatan formasi", "The formation's position"),
    "column.education_level": ("Jenjang pendidikan formasi", "The formation's education level"),
    "column.agency": ("Instansi formasi", "The formation's agency"),
    "column.location": ("Lokasi formasi", "The formation's location"),
    # the heading and the result of an explanation
    "title": ("Penjelasan keputusan seleksi", "Explanation of the selection decision"),
    "candidate": ("Peserta", "Candidate"),
    "no_id": ("(tanpa nomor peserta)", "(no candidate id)"),
    "formation": ("Formasi", "Formation"),
    "track": ("Jalur", "Track"),
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
    "parameters": ("Parameter yang dibaca", "Parameters read"),
    "legal": ("Dasar hukum", "Legal basis"),
    "notes": ("Catatan", "Notes"),
    "unverified": ("belum terverifikasi", "unverified"),
    "weak": ("sumber lemah", "weak source"),
    "no_policy": (
        (
            "Berkas kebijakan tidak tersedia: tahap, kolom, aturan dan dasar hukum ditulis dengan "
            "kodenya."
        ),
        (
            "The policy file is not available: stages, fields, rules and legal bases appear as "
            "their ids."
        ),
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
    "library_label": (
        "{label} adalah kode pustaka ini, bukan kode resmi pengumuman.",
        "{label} is this library's code, not an official announcement code.",
    ),
    # what each final status means: its label in words, and what it means
    "status.selected": ("lulus", "passed"),
    "status.selected_by_optimisation": (
        "lulus, dialihkan melalui optimalisasi",
        "passed, placed by optimisation",
    ),
    "status.not_selected": ("tidak lulus", "not passed"),
    "status.failed": ("tidak lulus", "not passed"),
    "status.ineligible": ("tidak memenuhi syarat", "not eligible"),
    "status.absent": ("tidak hadir", "absent"),
    "status.invalid_input": ("kesalahan data", "data error"),
    "status.needs_review": ("perlu ditinjau", "under review"),
    "meaning.selected": (
        "lulus seluruh tahap dan masuk kuota formasi",
        "passed every stage and ranked within the formation's quota",
    ),
    "meaning.selected_by_optimisation": (
        "memenuhi seluruh nilai ambang batas dan ditempatkan di formasi lain yang belum terisi",
        "met every passing grade and was placed in another formation that had an unfilled slot",
    ),
    "meaning.not_selected": (
        "memenuhi nilai ambang batas, tetapi peringkatnya di luar kuota",
        "met the passing grades, but ranked beyond the quota",
    ),
    "meaning.not_shortlisted": (
        (
            "memenuhi nilai ambang batas, tetapi peringkatnya di luar daftar yang lolos ke tahap "
            "berikutnya"
        ),
        "met the passing grades, but ranked outside the shortlist for the next stage",
    ),
    "meaning.failed": ("nilai di bawah nilai ambang batas", "a score below the passing grade"),
    "meaning.ineligible": (
        "tidak memenuhi persyaratan seleksi",
        "did not meet an eligibility requirement",
    ),
    "meaning.absent": ("tidak mengikuti tes atau wawancara", "did not sit a test or interview"),
    "meaning.invalid_input": (
        "data pendaftaran tidak dapat digunakan; panitia seleksi memeriksanya (belum final)",
        "the application data could not be used; the selection committee checks it (not final)",
    ),
    "meaning.needs_review": (
        "keputusan harus diambil oleh panitia seleksi",
        "a person (the selection committee) must decide",
    ),
    "meaning.L-1": (
        (
            "memenuhi seluruh nilai ambang batas dan dipindahkan melalui optimalisasi ke formasi "
            "jenis (jalur) lain yang belum terisi"
        ),
        (
            "met every passing grade and was moved by optimisation to a formation of another type "
            "(track) that had an unfilled slot"
        ),
    ),
    "meaning.L-2": (
        (
            "memenuhi seluruh nilai ambang batas dan dipindahkan melalui optimalisasi ke formasi "
            "atau lokasi lain pada jalur yang sama yang belum terisi"
        ),
        (
            "met every passing grade and was moved by optimisation to another formation or "
            "location of the same track that had an unfilled slot"
        ),
    ),
    # outcomes of a stage (outcome, or outcome.kind)
    "outcome.advanced": ("lolos", "passed"),
    "outcome.advanced.eligibility": ("memenuhi syarat (MS)", "eligible"),
    "outcome.advanced.shortlist": ("lolos ke tahap berikutnya", "through to the next stage"),
    "outcome.advanced.ranking": ("masuk kuota", "within the quota"),
    "outcome.advanced.optimisation": ("ditempatkan di formasi lain", "placed in another formation"),
    "outcome.advanced.optimisation.none": ("tidak diperlukan", "not needed"),
    "outcome.below_threshold": ("di bawah nilai ambang batas", "below the passing grade"),
    "outcome.outranked": ("di luar peringkat yang lolos", "outranked"),
    "outcome.outranked.shortlist": (
        "tidak lolos ke tahap berikutnya",
        "not through to the next stage",
    ),
    "outcome.outranked.ranking": ("di luar kuota", "beyond the quota"),
    "outcome.outranked.optimisation": ("tidak ditempatkan", "not placed"),
    "outcome.absent": ("tidak hadir", "absent"),
    "outcome.ineligible": ("tidak memenuhi syarat (TMS)", "not eligible (TMS)"),
    "outcome.invalid_input": ("data tidak dapat digunakan", "the data could not be used"),
    "outcome.needs_review": ("perlu ditinjau", "needs review"),
    "outcome.not_reached": ("tidak dijalani", "not reached"),
    # stages
    "stage_score": ("Nilai tahap", "Stage score"),
    "reported": (
        "Dilaporkan di samping nilai akhir: {score} = {value}{band}",
        "Reported beside the final score: {score} = {value}{band}",
    ),
    "band": (" (kategori: {band})", " (band: {band})"),
    "rule_met": ("persyaratan {rule} terpenuhi", "requirement {rule} met"),
    "data": ("Data", "Data"),
    "age_on": ("Usia pada {date}", "Age on {date}"),
    "years_between": ("Masa {start} sampai {end}", "Years from {start} to {end}"),
    "years": ("{count} tahun", "{count} years"),
    "exception": (
        "Ketentuan khusus jalur {name}{cite} menggantikan ketentuan umum",
        "Track exception {name}{cite} replaces the general rule",
    ),
    "raters": (
        "Dinilai oleh {count} penilai ({raters}) pada {criteria} kriteria",
        "Rated by {count} raters ({raters}) on {criteria} criteria",
    ),
    "level_line": (
        "{criterion}: level {level} (penilai: {scores})",
        "{criterion}: level {level} (raters: {scores})",
    ),
    "no_rule": ("Tidak ada nilai ambang batas pada tahap ini", "This stage has no passing grade"),
    # clauses in words
    "threshold.ge.false": (
        "{left} {lv} di bawah nilai ambang batas {rv}{cite}",
        "{left} {lv} is below the passing grade {rv}{cite}",
    ),
    "threshold.ge.true": (
        "{left} {lv} memenuhi nilai ambang batas {rv}{cite}",
        "{left} {lv} meets the passing grade {rv}{cite}",
    ),
    "threshold.gt.false": (
        "{left} {lv} tidak melebihi batas {rv}{cite}",
        "{left} {lv} is not above the limit {rv}{cite}",
    ),
    "threshold.gt.true": (
        "{left} {lv} melebihi batas {rv}{cite}",
        "{left} {lv} is above the limit {rv}{cite}",
    ),
    "threshold.le.false": (
        "{left} {lv} melebihi batas paling tinggi {rv}{cite}",
        "{left} {lv} is above the maximum {rv}{cite}",
    ),
    "threshold.le.true": (
        "{left} {lv} tidak melebihi batas paling tinggi {rv}{cite}",
        "{left} {lv} is within the maximum {rv}{cite}",
    ),
    "threshold.lt.false": (
        "{left} {lv} tidak di bawah batas {rv}{cite}",
        "{left} {lv} is not below the limit {rv}{cite}",
    ),
    "threshold.lt.true": (
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
    "op.in": ("salah satu dari", "one of"),
    "op.not in": ("bukan salah satu dari", "not one of"),
    "clause": ("{clause}: {verdict}", "{clause}: {verdict}"),
    "verdict.true": ("terpenuhi", "met"),
    "verdict.false": ("tidak terpenuhi", "not met"),
    "verdict.unknown": (
        "tidak dapat diputuskan, data tidak tersedia{missing}",
        "cannot be decided, data missing{missing}",
    ),
    # a score's computation
    "score.head": ("{score} ({kind}) = {value}", "{score} ({kind}) = {value}"),
    "score.formula": ("{formula} = {value}", "{formula} = {value}"),
    "score.criterion": (
        "{criterion}: nilai {raw} × bobot {weight} = kontribusi {contribution}",
        "{criterion}: value {raw} × weight {weight} = contribution {contribution}",
    ),
    "score.criterion.scaled": (
        "{criterion}: nilai {raw} → skala {scaled} × bobot {weight} = kontribusi {contribution}",
        (
            "{criterion}: value {raw} → scaled {scaled} × weight {weight} = contribution "
            "{contribution}"
        ),
    ),
    "score.rounded": (
        "dibulatkan {exact} → {value} ({places} desimal, {mode})",
        "rounded {exact} → {value} ({places} places, {mode})",
    ),
    "score.gate": (
        "nilai ambang batas {minimum}: {value} → {verdict}",
        "minimum {minimum}: {value} → {verdict}",
    ),
    "score.gate.parameter": ("{parameter} = {minimum}{cite}", "{parameter} = {minimum}{cite}"),
    "gate.true": ("memenuhi", "passed"),
    "gate.false": ("tidak memenuhi", "failed"),
    "gate.unknown": ("tidak diketahui", "unknown"),
    "score.missing": ("data tidak tersedia: {fields}", "missing: {fields}"),
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
    # optimisation
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
    "already_selected": (
        "sudah masuk kuota formasi yang dilamar",
        "already within the quota of the formation applied to",
    ),
    "same": (" (sama {fields})", " (same {fields})"),
    "same.position": ("jabatan", "position"),
    "same.education_level": ("jenjang pendidikan", "education level"),
    "same.agency": ("instansi", "agency"),
    "same.location": ("lokasi", "location"),
    # an unusable row
    "declared": ("Ketentuan kolom {field}: {rule}", "The field {field} must be {rule}"),
    "type.integer": ("bilangan bulat", "an integer"),
    "type.decimal": ("bilangan desimal", "a decimal number"),
    "type.string": ("teks", "a text"),
    "type.enum": ("salah satu kode", "one of the codes"),
    "type.date": ("tanggal (YYYY-MM-DD)", "a date (YYYY-MM-DD)"),
    "type.boolean": ("ya/tidak (true/false)", "yes or no (true/false)"),
    "type.list": ("daftar", "a list"),
    "range.from": ("paling sedikit {low}", "at least {low}"),
    "range.to": ("paling banyak {high}", "at most {high}"),
    "range.values": ("{values}", "{values}"),
    "range.places": ("paling banyak {places} desimal", "at most {places} decimal places"),
    "range.required": ("wajib diisi", "required"),
    # a comparison of two policies
    "compare.title": (
        "Perbandingan kebijakan, tanggal acuan {date}",
        "Policy comparison, as of {date}",
    ),
    "compare.before": ("sebelum", "before"),
    "compare.after": ("sesudah", "after"),
    "compare.summary": ("{n} dari {total} peserta berubah", "{n} of {total} candidates change"),
    "compare.no_change": ("Tidak ada peserta yang berubah.", "No candidate changes."),
    "compare.only": (
        "tahap hanya pada kebijakan {side}: {ids}",
        "stages only in the {side} policy: {ids}",
    ),
    "compare.final_status": ("hasil akhir", "final status"),
    "compare.stage": ("tahap", "stage"),
    "compare.outcome_pair": ("hasil sebelum → sesudah", "outcome before → after"),
    "compare.status_pair": ("hasil akhir sebelum → sesudah", "final status before → after"),
    "compare.candidates": ("peserta", "candidates"),
    "compare.formation": ("formasi", "formation"),
    "compare.row": ("baris", "row"),
    "compare.track": ("jalur", "track"),
    "compare.final_score": ("nilai akhir", "final score"),
    "compare.rank": ("peringkat", "rank"),
    "compare.placement": ("penempatan", "placement"),
    "compare.stage_outcomes": ("hasil per tahap", "stage outcomes"),
    "compare.unchanged": ("tetap", "unchanged"),
    "compare.missing_stage": (
        "(tahap ini tidak ada pada kebijakan)",
        "(no such stage in this policy)",
    ),
    "compare.why.outcome": (
        "penyebab: tahap pertama yang hasilnya berbeda",
        "why: the first stage decided differently",
    ),
    "compare.why.score": (
        "penyebab: tahap pertama yang nilainya berbeda",
        "why: the first stage scored differently",
    ),
    "compare.why.rank": (
        "penyebab: urutan peringkat bergeser (keputusan peserta lain berubah)",
        "why: the ranking moved (other candidates' decisions changed)",
    ),
    "compare.why.placement": ("penyebab: penempatan berubah", "why: the placement changed"),
    "compare.why.detail": ("penyebab: urutan berubah", "why: the order changed"),
    "compare.why.none": (
        "penyebab: perbedaan di luar tahap yang ada pada kedua kebijakan",
        "why: the difference lies outside the stages both policies have",
    ),
}

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:/\d+)?")
_PLANS: dict[int, tuple[SelectionPolicy, Any]] = {}


def fields_of(text: str) -> set[str]:
    """The ``str.format`` fields of a text."""
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def _text(value: Text | None, lang: str) -> str | None:
    """A policy text in the language (Indonesian when it has no English); ``None`` for none."""
    if value is None:
        return None
    return value.en if lang == "en" and value.en else value.id


def _abbreviates(short: str, text: str) -> bool:
    """Whether a text spells out an abbreviation (``TKP`` in "Nilai Tes Karakteristik
    Pribadi") or contains it as a word."""
    initials = "".join(word[0] for word in text.split() if word[:1].isupper())
    return short in initials or short in re.findall(r"\b[A-Z0-9]{2,}\b", text)


def plan_of(policy: SelectionPolicy) -> Any:
    """The policy compiled for running (:func:`~asn_competency.pipeline.engine.compile_plan`),
    once per policy object: where the clause texts of a record's evaluations come from."""
    from asn_competency.pipeline.engine import compile_plan  # noqa: PLC0415 - heavy, lazily

    found = _PLANS.get(id(policy))
    if found is None or found[0] is not policy:
        if len(_PLANS) > 8:
            _PLANS.clear()
        found = (policy, compile_plan(policy))
        _PLANS[id(policy)] = found
    return found[1]


class Voice:
    """Says facts and phrases in one language, naming what the policy names.

    ``parameters`` are the record's (``{name: {"value", "since", "reference"}}``): the date a
    threshold took effect is read there. Without ``policy``, ids stand in for names, clauses
    are named by their position, and legal references by their id.
    """

    def __init__(
        self,
        lang: str = "id",
        policy: SelectionPolicy | None = None,
        parameters: Mapping[str, Any] | None = None,
    ) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self.policy = policy
        self.parameters: Mapping[str, Any] = parameters or {}
        self.cited: dict[str, None] = {}
        self.stages: dict[str, Stage] = {s.id: s for s in policy.stages} if policy else {}

    # ------------------------------------------------------------------------------- texts

    def t(self, key: str, /, **fields: Any) -> str:
        """A phrase in the voice's language."""
        return self.pick(PHRASES[key]).format(**fields)

    def pick(self, pair: tuple[str, str]) -> str:
        """The member of an (Indonesian, English) pair in the voice's language."""
        return pair[1] if self.lang == "en" else pair[0]

    def problem(self, code: Any) -> str:
        """A problem code in words (the code itself when the catalogue has none)."""
        pair = PROBLEMS.get(str(code))
        return self.pick(pair) if pair else str(code)

    def say(self, fact: Fact | Mapping[str, Any], *, stage_id: str | None = None) -> str:
        """A fact (a :class:`Fact`, or a record's ``{"code": ..., **params}``) in words; a code
        the catalogue does not know is shown with its parameters, never dropped."""
        if isinstance(fact, Fact):
            code, params = fact.code, dict(fact.params)
        else:
            code = str(fact.get("code"))
            params = {k: v for k, v in fact.items() if k != "code"}
        pair = FACTS.get(code)
        if pair is None:
            shown = ", ".join(f"{k} = {self.show(v)}" for k, v in params.items())
            return f"{code} ({shown})" if shown else code
        text = self.pick(pair)
        values = {name: self.param(code, name, params, stage_id) for name in fields_of(text)}
        return text.format(**values)

    # -------------------------------------------------------------------------- parameters

    def param(self, code: str, name: str, params: Mapping[str, Any], stage_id: str | None) -> str:
        """One parameter of a fact, shown as fits its name and its fact."""
        value = params.get(name)
        if name == "fields":
            return self.names(value)
        if name in ("score", "competency") and isinstance(value, str):
            return self.label(value)
        if name == "criterion":
            return self.criterion_label(str(value))
        if name == "exception":
            return self.exception_name(str(value), stage_id)
        if name == "exceptions":
            return self.listed([self.exception_name(str(v), stage_id) for v in value or ()])
        if name == "reference":
            since = None
            found = self.parameters.get(str(params.get("parameter")))
            if isinstance(found, Mapping):
                since = found.get("since")
            return self.cite(value, since)
        if name == "op":
            key = f"below.{value}"
            return self.t(key) if key in PHRASES else str(value)
        if name == "clause" and isinstance(value, int):
            return self.clause_name(params.get("rule"), value)
        if name == "rule" and code == "rule.failed":
            return str(value)
        if name == "rule" and isinstance(value, list):
            return self.where(value)
        if name == "reason" and code == "rule.failed":
            return self.rule_reason(str(params.get("rule")), value, stage_id)
        if name == "problem":
            return self.problem(value)
        if name == "value" and code == "input.invalid":
            return self.t("empty") if value is None else _quoted(value)
        if name == "field" and value is None:
            return "?"
        if name == "group":
            return self.t("group", group=value) if value else ""
        if name == "gap" and isinstance(value, int):
            return f"{value:+d}"
        if name == "factor":
            key = f"factor.{value}"
            return self.t(key) if key in PHRASES else str(value)
        if name == "factors":
            key = f"factors.{value}"
            return self.t(key) if key in PHRASES else str(value)
        if name == "rows":
            return ", ".join(str(r) for r in value) if value else self.t("default_row")
        if name in ("decided_by", "behind_by", "band") and value is None:
            return self.t("none")
        if name == "nsf" and value is None:
            return "-"
        return self.show(value)

    def show(self, value: Any) -> str:
        """A plain record value in words: exact numbers as decimals (``800/11`` →
        ``72.727273…``), yes/no, unknown for null, lists and mappings spelled out."""
        if value is None:
            return self.t("unknown")
        if isinstance(value, bool):
            return self.t("yes" if value else "no")
        if isinstance(value, int):
            return str(value)
        if isinstance(value, Fraction):
            return format_value(value)
        if isinstance(value, str):
            if _NUMBER.fullmatch(value) and "/" in value:
                return format_value(Fraction(value))
            return value
        if isinstance(value, Mapping):
            return ", ".join(f"{k}={self.show(v)}" for k, v in value.items())
        if isinstance(value, list | tuple):
            return ", ".join(self.show(v) for v in value)
        return str(value)

    def listed(self, items: Sequence[str]) -> str:
        """``a, b dan c``: items as a sentence lists them."""
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.t('and')} {items[-1]}"

    def names(self, fields: Any) -> str:
        """Field names in words, as a list."""
        if not isinstance(fields, list | tuple):
            return self.show(fields)
        return ", ".join(self.label(str(f)) for f in fields) or "?"

    # ------------------------------------------------------------------------------ names

    def cite(self, reference: Any, since: Any = None) -> str:
        """`` (KepmenPANRB 321/2024, berlaku sejak 2024-01-01)``, or nothing."""
        parts = []
        if reference:
            parts.append(self.short(str(reference)))
        if since:
            parts.append(self.t("since", date=since))
        return f" ({', '.join(parts)})" if parts else ""

    def short(self, reference: str) -> str:
        """A legal reference's short form (the id without the policy)."""
        if self.policy is None:
            return reference
        from asn_competency.audit.explain.citations import short_citation  # noqa: PLC0415

        found = next((r for r in self.policy.references if r.id == reference), None)
        if found is None:
            return reference
        self.cited[reference] = None
        return short_citation(found.title) or reference

    def stage_name(self, stage_id: str) -> str:
        """A stage's name in the policy, else its id."""
        stage = self.stages.get(stage_id)
        return (_text(stage.name, self.lang) or stage_id) if stage else stage_id

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
            return self.t("as_of_label")
        if name.startswith("formation."):
            column = name.removeprefix("formation.")
            declared = self.policy.formation_fields.get(column) if self.policy else None
            column_name = _text(declared.description, self.lang) if declared else None
            if column_name:
                return column_name
            key = f"column.{column}"
            return self.t(key) if key in PHRASES else name
        described = self.described(name)
        if re.fullmatch(r"[a-z][a-z0-9]{1,3}", name):
            short = name.upper()  # twk → TWK, when the policy spells it out (or says nothing)
            if described is None or any(_abbreviates(short, t) for t in described):
                return short
        if described is None:
            return name
        return described[1 if self.lang == "en" and len(described) > 1 else 0]

    def described(self, name: str) -> tuple[str, ...] | None:
        """A field's, score's, criterion's or parameter's name in the policy, in
        (Indonesian, English) order, or ``None``."""
        policy = self.policy
        if policy is None:
            return None
        found: Text | None = None
        prefix = ""
        score = policy.scores.get(name)
        field = policy.candidate_fields.get(name)
        rated = policy.rating_fields().get(name)
        parameter = policy.parameters.get(name)
        if score is not None and score.name is not None:
            found = score.name
        elif field is not None and field.description is not None:
            found = field.description
        elif rated is not None:
            stage, criterion_id = rated
            criterion = next((c for c in stage.criteria if c.id == criterion_id), None)
            if criterion is not None and criterion.name is not None:
                found, prefix = criterion.name, f"{criterion_id} "
        elif parameter is not None:
            found = parameter.description
        if found is None:
            return None
        both = tuple(t for t in (found.id, found.en) if t)
        return tuple(f"{prefix}({t})" if prefix else t for t in both)

    def criterion_label(self, criterion_id: str) -> str:
        """``M.03 (Komunikasi)``: a rated criterion with its name in the policy."""
        for stage in self.stages.values():
            if isinstance(stage, RatingStage):
                found = next((c for c in stage.criteria if c.id == criterion_id), None)
                name = _text(found.name, self.lang) if found else None
                if name:
                    return f"{criterion_id} ({name})"
        return criterion_id

    def exception_name(self, exception_id: str, stage_id: str | None = None) -> str:
        """A track exception's name in the policy with its id, else its id."""
        for stage in self.stages.values():
            if isinstance(stage, TestStage) and stage_id in (None, stage.id):
                found = next((e for e in stage.exceptions if e.id == exception_id), None)
                name = _text(found.name, self.lang) if found else None
                if name:
                    return f"{name} ({exception_id})"
        return exception_id

    def rule_reason(self, rule_id: str, recorded: Any, stage_id: str | None) -> str:
        """Why an eligibility rule failed: its reason in the policy, in the voice's language,
        with its legal basis; the reason as recorded without the policy."""
        for stage in self.stages.values():
            if isinstance(stage, EligibilityStage) and stage_id in (None, stage.id):
                rule = next((r for r in stage.rules if r.id == rule_id), None)
                if rule is not None:
                    return (_text(rule.reason, self.lang) or "") + self.cite(rule.reference)
        return self.show(recorded)

    def where(self, at: Any) -> str:
        """A place in the policy as the record names it: ``skd/_minimums``."""
        if isinstance(at, list | tuple):
            return "/".join(str(part) for part in at)
        return str(at)

    def rule(self, at: Any) -> CompiledRule | None:
        """The compiled stage rule at a place in the policy, or ``None`` (no policy, or no
        such rule: a record of another version of the policy)."""
        if self.policy is None or not isinstance(at, list | tuple):
            return None
        try:
            found: CompiledRule = plan_of(self.policy).rule(*at)
        except (KeyError, TypeError):
            return None
        return found

    def score_rule(self, score_id: str, at: Any) -> CompiledRule | None:
        """The compiled formula of a score at a place relative to it, or ``None``."""
        if self.policy is None or not isinstance(at, list | tuple):
            return None
        try:
            found: CompiledRule = plan_of(self.policy).scores.rule(score_id, *at)
        except (KeyError, TypeError):
            return None
        return found

    def clause_name(self, at: Any, index: int) -> str:
        """A clause of a rule: its text in the policy, else "klausa 2 dari skd/_minimums"."""
        rule = self.rule(at)
        if rule is not None and 0 <= index < len(rule.clauses):
            return " ".join(rule.clauses[index].text.split())
        return self.t("clause_at", number=index + 1, rule=self.where(at))


def _quoted(value: Any) -> str:
    """An offending input value: text quoted, anything else as written."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def say(
    fact: Fact | Mapping[str, Any],
    lang: str = "id",
    *,
    policy: SelectionPolicy | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> str:
    """A fact in words, in Indonesian (the default) or English; see :class:`Voice`."""
    return Voice(lang, policy, parameters).say(fact)
