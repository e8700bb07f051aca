"""The words of the catalogue: every text, as an (Indonesian, English) pair
(:mod:`asn_competency.audit.catalogue`), in the order of ``LANGUAGES`` (the one definition,
:data:`asn_competency.errors.LANGUAGES`)."""

from __future__ import annotations

from collections.abc import Mapping

from asn_competency.errors import LANGUAGES

__all__ = [
    "EVALUATION_PROBLEMS",
    "FACTS",
    "INPUT_PROBLEMS",
    "LANGUAGES",
    "PHRASES",
    "PROBLEMS",
    "STEPS",
    "UNSAID",
]

#: The steps a score's computation records (``ScoreResult.steps``), with their parameters.
STEPS: Mapping[str, tuple[str, ...]] = {
    "points.rows": ("rows", "points"),
    "jpm": ("value", "band", "factors"),
    "profile.competency": ("group", "competency", "level", "target", "gap", "weight", "factor"),
    "profile.total": ("group", "ncf", "nsf", "total"),
    "category.points": ("category", "points"),
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
        "persyaratan {rule} tidak terpenuhi",
        "requirement {rule} not met",
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
    "category.points": ("{category} → {points} poin", "{category} → {points} points"),
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
    # development: why a programme is in a plan, why a gap stays open, the yearly minimum
    "plan.closes-gap": (
        (
            "{programme} ({hours} JP, Rp {cost}) dipilih untuk kesenjangan prioritas ke-{rank}: "
            "{competency} dari level {from_level} ke level {to_level} (standar {target}){also}"
        ),
        (
            "{programme} ({hours} JP, Rp {cost}) chosen for the gap ranked {rank}: {competency} "
            "from level {from_level} to level {to_level} (standard {target}){also}"
        ),
    ),
    "plan.top-up": (
        (
            "{programme} ({hours} JP, Rp {cost}) ditambahkan untuk mencapai paling sedikit "
            "{minimum} JP setahun (sebelumnya {jp_before} JP); program ini mengembangkan "
            "{competencies}"
        ),
        (
            "{programme} ({hours} JP, Rp {cost}) added to reach the yearly minimum of {minimum} "
            "JP ({jp_before} JP before it); it develops {competencies}"
        ),
    ),
    "plan.gap-open": (
        (
            "kesenjangan {competency} (level {level}, standar {target}) tetap terbuka: "
            "{reason}{programme}"
        ),
        (
            "the gap in {competency} (level {level}, standard {target}) stays open: "
            "{reason}{programme}"
        ),
    ),
    "plan.not-assessed": (
        "belum ada penilaian yang berlaku untuk {competencies}: kesenjangannya tidak diketahui",
        "no assessment in force for {competencies}: the gaps are unknown",
    ),
    "plan.minimum-met": (
        "rencana berjumlah {jp} JP, memenuhi paling sedikit {minimum} JP setahun{reference}",
        "the plan comes to {jp} JP, meeting the yearly minimum of {minimum} JP{reference}",
    ),
    "plan.minimum-not-met": (
        (
            "rencana hanya berjumlah {jp} JP, di bawah paling sedikit {minimum} JP setahun"
            "{reference}; kendala yang mengikat: {binding} (anggaran {hours_budget} JP, "
            "Rp {money_budget})"
        ),
        (
            "the plan comes to only {jp} JP, below the yearly minimum of {minimum} JP"
            "{reference}; the binding constraint: {binding} (budget {hours_budget} JP, "
            "Rp {money_budget})"
        ),
    ),
    # development: a cohort's needs
    "cohort.programme-needed": (
        (
            "{competency}: {below} dari {assessed} pegawai di bawah standar ({share}, lebih dari "
            "{threshold}): rancang program kelompok: {programmes}"
        ),
        (
            "{competency}: {below} of {assessed} employees below the standard ({share}, more than "
            "{threshold}): design a cohort programme: {programmes}"
        ),
    ),
    "cohort.no-programme-in-catalogue": (
        (
            "{competency}: {below} dari {assessed} pegawai di bawah standar ({share}, lebih dari "
            "{threshold}): program kelompok dibutuhkan, tetapi tidak ada program di katalog yang "
            "mengembangkannya dari level mereka"
        ),
        (
            "{competency}: {below} of {assessed} employees below the standard ({share}, more than "
            "{threshold}): a cohort programme is needed, but no catalogue programme develops it "
            "from their levels"
        ),
    ),
    "cohort.within-threshold": (
        (
            "{competency}: {below} dari {assessed} pegawai di bawah standar ({share}, tidak lebih "
            "dari {threshold}): rencana individu mencukupi"
        ),
        (
            "{competency}: {below} of {assessed} employees below the standard ({share}, not more "
            "than {threshold}): individual plans suffice"
        ),
    ),
    # development: the nine-box
    "talent.placed": (
        (
            "kotak {box}: kinerja {performance} (SKP {period}: {rating}) × potensi {potential} "
            "(JPM {jpm}%; menengah mulai {medium_from}%, tinggi mulai {high_from}%){reference}"
        ),
        (
            "box {box}: performance {performance} (SKP {period}: {rating}) × potential "
            "{potential} (JPM {jpm}%; medium from {medium_from}%, high from {high_from}%)"
            "{reference}"
        ),
    ),
    "talent.no-rating": (
        "tidak ada nilai SKP sampai tahun {up_to}: tidak ditempatkan di kotak mana pun",
        "no SKP rating for a year up to {up_to}: no box",
    ),
    "talent.not-assessed": (
        (
            "JPM tidak dapat dihitung, belum dinilai: {competencies}: tidak ditempatkan di kotak "
            "mana pun"
        ),
        "no JPM, not assessed: {competencies}: no box",
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
    "order_key": ("kunci urutan ke-{number}", "ordering key {number}"),
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
    # the explain command
    "explain.several": (
        (
            "Ada {count} keputusan dengan nomor peserta {candidate} (nomor yang sama pada "
            "beberapa baris); masing-masing dijelaskan di bawah."
        ),
        (
            "There are {count} decisions with candidate id {candidate} (the id is on several "
            "rows); each is explained below."
        ),
    ),
    "explain.altered": (
        (
            "PERINGATAN: catatan ini (baris {line} dari {ledger}) tidak cocok dengan rantai "
            "hash: {reasons}. Catatan diubah setelah seleksi dijalankan; periksa folder dengan "
            "asn-competency verify."
        ),
        (
            "WARNING: this record (line {line} of {ledger}) does not match the hash chain: "
            "{reasons}. It was changed after the run; check the folder with asn-competency "
            "verify."
        ),
    ),
    "explain.altered.fields": (
        "tidak memiliki seq, prev_hash dan hash",
        "it has no seq, prev_hash and hash",
    ),
    "explain.altered.hash": (
        "hash-nya bukan hash isinya",
        "its hash is not the hash of its content",
    ),
    "explain.altered.place": (
        "seq {seq} tidak sesuai tempatnya (catatan ke-{place})",
        "its seq {seq} is not its place (record {place})",
    ),
    "explain.altered.link": (
        "prev_hash-nya bukan hash catatan sebelumnya",
        "its prev_hash is not the hash of the record before it",
    ),
    # the parameters of development facts
    "also": ("; juga meningkatkan {competencies}", "; it also raises {competencies}"),
    "best_programme": (" (program terbaik: {programme})", " (best programme: {programme})"),
    "gap_open.no-programme": (
        "tidak ada program di katalog yang mengembangkannya dari level ini",
        "no catalogue programme develops it from this level",
    ),
    "gap_open.hours": (
        "sisa anggaran JP tidak mencukupi",
        "the hours left in the budget are not enough",
    ),
    "gap_open.money": (
        "sisa anggaran biaya tidak mencukupi",
        "the money left in the budget is not enough",
    ),
    "binding.hours": ("anggaran JP", "the hours budget"),
    "binding.money": ("anggaran biaya", "the money budget"),
    "binding.catalogue": (
        (
            "katalog (tidak ada lagi program yang mengembangkan kompetensi jabatan ini dari level "
            "pegawai)"
        ),
        "the catalogue (no programme left develops the position's competencies from their level)",
    ),
    "unlimited": ("tanpa batas", "no limit"),
    "performance.below": ("di bawah ekspektasi", "below expectations"),
    "performance.meets": ("sesuai ekspektasi", "meets expectations"),
    "performance.above": ("di atas ekspektasi", "above expectations"),
    "potential.low": ("rendah", "low"),
    "potential.medium": ("menengah", "medium"),
    "potential.high": ("tinggi", "high"),
    "skp.sangat_baik": ("Sangat Baik", "very good"),
    "skp.baik": ("Baik", "good"),
    "skp.butuh_perbaikan": ("Butuh Perbaikan", "needs improvement"),
    "skp.kurang": ("Kurang", "poor"),
    "skp.sangat_kurang": ("Sangat Kurang", "very poor"),
    # a development record explained
    "dev.title": (
        "Penjelasan tinjauan pengembangan kompetensi",
        "Explanation of the competency development review",
    ),
    "dev.employee": ("Pegawai", "Employee"),
    "dev.policy": ("Kebijakan pengembangan", "Development policy"),
    "dev.standard": ("Standar kompetensi jabatan", "Position competency standard"),
    "dev.catalogue": ("Katalog pelatihan", "Training catalogue"),
    "dev.other_document": (
        (
            "{kind} yang diberikan ({given}) bukan yang dibaca tinjauan ini ({used}); berkas itu "
            "tidak dipakai."
        ),
        "The {kind} given ({given}) is not the one this review read ({used}); it was not used.",
    ),
    "dev.gaps": (
        "Kesenjangan terhadap standar kompetensi jabatan (faktor inti lebih dahulu)",
        "Gaps against the position's competency standard (core factors first)",
    ),
    "dev.gap": (
        (
            "{competency}: level {level}, standar {target}, kurang {shortfall} ({factor}; "
            "dinilai {date})"
        ),
        (
            "{competency}: level {level}, standard {target}, {shortfall} short ({factor}; "
            "assessed {date})"
        ),
    ),
    "dev.gap.met": (
        "{competency}: level {level}, standar {target}, memenuhi ({factor}; dinilai {date})",
        "{competency}: level {level}, standard {target}, met ({factor}; assessed {date})",
    ),
    "dev.gap.unknown": (
        "{competency}: belum dinilai, standar {target}; kesenjangannya tidak diketahui",
        "{competency}: not assessed, standard {target}; the gap is unknown",
    ),
    "dev.jpm": ("JPM {jpm}% → kategori {band}", "JPM {jpm}% → band {band}"),
    "dev.jpm.unknown": (
        "JPM tidak dapat dihitung: ada kompetensi yang belum dinilai",
        "no JPM: a competency is not assessed",
    ),
    "dev.plan": (
        (
            "Rencana pengembangan: {status}; {hours} JP (paling sedikit {minimum} JP setahun), "
            "biaya Rp {cost}"
        ),
        ("Development plan: {status}; {hours} JP (yearly minimum {minimum} JP), cost Rp {cost}"),
    ),
    "plan_status.complete": (
        "lengkap, setiap kesenjangan tertutup dan jumlah JP paling sedikit terpenuhi",
        "complete, every gap closed and the yearly minimum met",
    ),
    "plan_status.gaps_open": (
        "jumlah JP paling sedikit terpenuhi, sebagian kesenjangan tetap terbuka",
        "the yearly minimum met, some gaps left open",
    ),
    "plan_status.not_assessed": (
        "jumlah JP paling sedikit terpenuhi, tetapi ada kompetensi yang belum dinilai",
        "the yearly minimum met, but a competency is not assessed",
    ),
    "plan_status.below_minimum": (
        "di bawah jumlah JP paling sedikit setahun",
        "below the yearly minimum of JP",
    ),
    "dev.programme": (
        "{number}. {programme}; {mode}, {provider}",
        "{number}. {programme}; {mode}, {provider}",
    ),
    "dev.why": ("alasan: {reason}", "why: {reason}"),
    "dev.no_programme": ("Tidak ada program dalam rencana.", "No programme in the plan."),
    "dev.notes": (
        "Jumlah JP setahun dan kesenjangan yang tetap terbuka",
        "The yearly minimum and the gaps left open",
    ),
    "dev.levels_after": ("Level setelah rencana: {levels}", "Levels after the plan: {levels}"),
    "dev.talent": ("Pemetaan talenta (sembilan kotak)", "Talent mapping (nine-box)"),
    "dev.talent.none": (
        "Tidak ada nilai SKP yang dibaca tinjauan ini: tanpa pemetaan talenta.",
        "The review read no SKP ratings: no talent mapping.",
    ),
    "dev.cohort": (
        "Kebutuhan kelompok: {size} pegawai yang ditinjau",
        "Cohort needs: {size} employees reviewed",
    ),
    "dev.members_below": ("di bawah standar: {members}", "below the standard: {members}"),
}
