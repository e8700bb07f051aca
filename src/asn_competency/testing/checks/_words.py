"""The words of the fairness checks, in Indonesian and English, in one place: what a
:class:`~asn_competency.testing.checks.Counterexample` or a
:class:`~asn_competency.testing.checks.NotChecked` says, by its code. Parameters are named
in braces; a parameter may itself be bilingual (a mapping with ``id`` and ``en``). Each pair
is in the order of ``LANGUAGES`` (:data:`asn_competency.errors.LANGUAGES`)."""

from __future__ import annotations

from collections.abc import Mapping

from asn_competency.errors import LANGUAGES

__all__ = ["LANGUAGES", "WORDS"]

#: Code → (Indonesian, English).
WORDS: Mapping[str, tuple[str, str]] = {
    "order_invariance.changed": (
        (
            "Mengubah urutan baris masukan ({what}) mengubah keputusan {candidate}: "
            "catatan buku besar berbeda."
        ),
        (
            "Shuffling the input rows ({what}) changed the decision of {candidate}: "
            "its ledger record differs."
        ),
    ),
    "determinism.changed": (
        (
            "Dua kali menjalankan kebijakan atas data yang sama memberi buku besar "
            "yang berbeda, mulai catatan {candidate}."
        ),
        (
            "Two runs of the policy on the same data gave different ledgers, from the"
            " record of {candidate} on."
        ),
    ),
    "nothing_lost.count": (
        (
            "{rows} baris masukan memberi {decisions} keputusan; baris tanpa tepat "
            "satu keputusan: {missing}."
        ),
        (
            "{rows} input rows gave {decisions} decisions; rows without exactly one "
            "decision: {missing}."
        ),
    ),
    "blindness.changed": (
        (
            "Mengubah {what} {column} milik {candidate} dari {old} menjadi {new} "
            "mengubah keputusan {affected}: {difference}."
        ),
        (
            "Changing {what} {column} of {candidate} from {old} to {new} changed the "
            "decision of {affected}: {difference}."
        ),
    ),
    "blindness.protected": (
        "atribut terlindungi",
        "the protected attribute",
    ),
    "blindness.unread": (
        "kolom yang tidak dibaca aturan mana pun",
        "the column no rule reads",
    ),
    "blindness.extra": (
        "kolom di luar deklarasi kebijakan",
        "the undeclared column",
    ),
    "monotonicity.score-lowered": (
        (
            "{action} {input} milik {candidate} dari {old} menjadi {new} menurunkan "
            "skor {score} dari {before} menjadi {after}."
        ),
        (
            "{action} {input} of {candidate} from {old} to {new} lowered the score "
            "{score} from {before} to {after}."
        ),
    ),
    "monotonicity.outcome-lost": (
        (
            "{action} {input} milik {candidate} dari {old} menjadi {new} mengubah "
            "hasil tahap {stage} dari {before} menjadi {after}."
        ),
        (
            "{action} {input} of {candidate} from {old} to {new} turned the outcome of"
            " stage {stage} from {before} into {after}."
        ),
    ),
    "monotonicity.status-lost": (
        (
            "{action} {input} milik {candidate} dari {old} menjadi {new} mengubah "
            "status akhir dari {before} menjadi {after}."
        ),
        (
            "{action} {input} of {candidate} from {old} to {new} turned the final "
            "status from {before} into {after}."
        ),
    ),
    "monotonicity.rank-lowered": (
        (
            "{action} {input} milik {candidate} dari {old} menjadi {new} menurunkan "
            "peringkatnya di formasi {formation} dari {before} menjadi {after}."
        ),
        (
            "{action} {input} of {candidate} from {old} to {new} lowered its rank in "
            "formation {formation} from {before} to {after}."
        ),
    ),
    "monotonicity.declared": (
        "Dinyatakan tidak monoton: skor {scores} tidak diperiksa, karena {reason}",
        ("Declared non-monotone: the scores {scores} were not checked, because {reason}"),
    ),
    "rank_reversal.score-changed": (
        (
            "Menambah pelamar {added} yang kalah di semua nilai pada formasi "
            "{formation} mengubah {score} milik {candidate} dari {before} menjadi "
            "{after}."
        ),
        (
            "Adding applicant {added}, below everyone on every score, to formation "
            "{formation} changed {score} of {candidate} from {before} to {after}."
        ),
    ),
    "rank_reversal.reordered": (
        (
            "Menambah pelamar {added} yang kalah di semua nilai pada formasi "
            "{formation} membalik urutan {first} dan {second}."
        ),
        (
            "Adding applicant {added}, below everyone on every score, to formation "
            "{formation} reversed the order of {first} and {second}."
        ),
    ),
    "threshold.at": (
        (
            "{field} milik {candidate} tepat di ambang batas {threshold} ({value}; klausa "
            "`{clause}`, aturan {rule}, tahap {stage}) memberi hasil {outcome}, padahal "
            "kebijakan menyatakan {expected}."
        ),
        (
            "{field} of {candidate} exactly at the threshold {threshold} ({value}; clause "
            "`{clause}`, rule {rule}, stage {stage}) gave {outcome}; the policy states "
            "{expected}."
        ),
    ),
    "threshold.below": (
        (
            "{field} milik {candidate} tepat di bawah ambang batas {threshold} ({value}; "
            "klausa `{clause}`, aturan {rule}, tahap {stage}) memberi hasil {outcome}, "
            "padahal kebijakan menyatakan {expected}."
        ),
        (
            "{field} of {candidate} just below the threshold {threshold} ({value}; clause "
            "`{clause}`, rule {rule}, stage {stage}) gave {outcome}; the policy states "
            "{expected}."
        ),
    ),
    "threshold.above": (
        (
            "{field} milik {candidate} tepat di atas ambang batas {threshold} ({value}; "
            "klausa `{clause}`, aturan {rule}, tahap {stage}) memberi hasil {outcome}, "
            "padahal kebijakan menyatakan {expected}."
        ),
        (
            "{field} of {candidate} just above the threshold {threshold} ({value}; clause "
            "`{clause}`, rule {rule}, stage {stage}) gave {outcome}; the policy states "
            "{expected}."
        ),
    ),
    "proxy.associated": (
        (
            "Untuk ditinjau: {where} membaca kolom {column}, yang dalam populasi ini "
            "sangat terkait dengan atribut terlindungi {attribute} (Cramér's V = "
            "{association}, {rows} baris); kolom itu dapat menjadi proksi atribut "
            "tersebut."
        ),
        (
            "For review: {where} reads the column {column}, which in this population "
            "is strongly associated with the protected attribute {attribute} "
            "(Cramér's V = {association}, {rows} rows); the column may act as a proxy"
            " for it."
        ),
    ),
}
