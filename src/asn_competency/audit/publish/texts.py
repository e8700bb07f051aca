"""The fixed bilingual texts of a criteria publication, and how numbers and values are written.

Texts are ``"Indonesian|English"`` pairs (see ``_b`` in :mod:`.blocks`): the certainty of a
reference, the kinds of stage and score, rounding modes, aggregations, competency factors,
what each kind of stage decides, and the defaults of Profile Matching and JPM.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from asn_competency.audit.publish.blocks import _b, _t


def _num(value: Decimal | int) -> str:
    """A number in plain notation, without exponent or trailing zeros."""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def _val(value: object) -> str:
    """A value as written in the publication: numbers plain, dates ISO, booleans in words."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        return _num(value)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


_DASH = _t("—")
_CERTAINTY = {
    "confirmed": _b("terkonfirmasi|confirmed"),
    "weak": _b("lemah (satu sumber)|weak (one source)"),
    "unverified": _b("⚠ BELUM TERVERIFIKASI|unverified", "warn"),
}
_STAGE_KINDS = {
    "eligibility": "Seleksi administrasi|eligibility screening",
    "test": "Tes|test",
    "rating": "Penilaian oleh penilai|rating by raters",
    "shortlist": "Penyaringan berdasarkan peringkat|shortlist",
    "integration": "Integrasi nilai|score integration",
    "ranking": "Pemeringkatan|ranking",
    "optimisation": "Optimalisasi|optimisation",
}
_SCORE_KINDS = {
    "formula": "Rumus|formula",
    "scale": "Skala dengan jangkar tetap|fixed-anchor scale",
    "category": "Poin per kategori|points per category",
    "pass-fail": "Memenuhi atau tidak memenuhi|pass-fail",
    "points-table": "Tabel poin|points table",
    "weighted-sum": "Jumlah berbobot|weighted sum",
    "affirmation": "Poin afirmasi|affirmation points",
    "profile-match": "Profile matching|profile matching",
    "jpm": "Job Person Match (JPM)|job-person match",
}
_ROUNDING = {
    "half_up": "setengah ke atas|half up",
    "half_even": "setengah ke genap|half to even",
    "half_down": "setengah ke bawah|half down",
    "up": "menjauhi nol|away from zero",
    "down": "menuju nol|towards zero",
    "ceiling": "ke atas|ceiling",
    "floor": "ke bawah|floor",
}
_AGGREGATION = {"mean": "rata-rata|mean", "median": "median|median"}
_FACTOR = {"core": "inti|core", "secondary": "sekunder|secondary"}
_DECIDES = {
    "eligibility": "Pelamar harus memenuhi semua persyaratan (lihat Persyaratan); setiap "
    "persyaratan yang tidak dipenuhi disebutkan. Data kurang untuk memutuskan: ditinjau "
    "panitia.|The applicant must meet every requirement (see Requirements); each one not met "
    "is named. Data missing to decide: reviewed by the committee.",
    "test": "Nilai setiap komponen dibandingkan dengan nilai ambang batasnya, atau dengan "
    "aturan kelulusan jalur formasinya. Tanpa nilai sama sekali: tidak hadir.|Each "
    "component's score is compared with its passing grade, or with the pass rule of the "
    "formation's track. No score at all: absent.",
    "rating": "Beberapa penilai menilai setiap kriteria secara terpisah; nilai mereka digabung "
    "per kriteria. Penilai kurang, penilai yang terlalu berbeda pendapat atau nilai di luar "
    "skala: ditinjau panitia, tidak dirata-ratakan.|Several raters score each criterion "
    "independently; their scores are combined per criterion. Too few raters, raters too far "
    "apart or scores off the scale: reviewed by the committee, never averaged away.",
    "integration": "Menghitung nilai akhir dari nilai tahap-tahap sebelumnya.|Computes the "
    "final score from the earlier stages' scores.",
    "ranking": "Per formasi, pelamar diurutkan menurut kunci berikut, satu demi satu, dan "
    "dipilih sampai kuota terpenuhi. Nilai sama persis di batas kuota yang tidak terpecahkan "
    "oleh seluruh kunci: ditinjau panitia; tidak ada yang dipilih diam-diam.|Per formation, "
    "applicants are ordered by these keys, one after another, and selected up to the quota. "
    "An exact tie at the quota boundary that no key resolves: reviewed by the committee; "
    "nobody is chosen silently.",
}
_DEFAULT_BANDS = "memenuhi syarat ≥ 80, masih memenuhi syarat ≥ 68, kurang memenuhi syarat"
