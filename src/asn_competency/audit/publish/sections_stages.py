"""The section on the selection stages: each stage in order, its kind and legal basis, what
it decides, and the details of its kind (test components and passing grades, track
exceptions, rating criteria and raters, shortlist and ranking order, optimisation).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from asn_competency.audit.publish.blocks import Row, _b, _c, _cat, _heads, _join, _lab, _t, _tx
from asn_competency.audit.publish.builder import _Builder
from asn_competency.audit.publish.texts import _AGGREGATION, _DASH, _DECIDES, _STAGE_KINDS, _num
from asn_competency.model import (
    IntegrationStage,
    OptimisationStage,
    OrderKey,
    RankingStage,
    RatingStage,
    ShortlistStage,
    Stage,
    TestStage,
)
from asn_competency.model.stages import TrackMove


class _StageSections(_Builder):
    """The selection stages, in order."""

    def stages(self) -> None:
        self.heading(2, _b("Tahapan seleksi|Selection stages"))
        self.para(
            _b(
                "Tahapan dijalankan berurutan; pelamar yang tidak lulus suatu tahap tidak "
                "mengikuti tahap berikutnya.|The stages run in this order; an applicant who does "
                "not pass a stage does not reach the next."
            )
        )
        for number, stage in enumerate(self.policy.stages, start=1):
            self.heading(3, _t(f"{number}. "), _tx(stage.name))
            self.para(
                _lab("Kode tahap|Stage id"),
                _c(stage.id),
                _t(" · "),
                _lab("Jenis|Kind"),
                _b(_STAGE_KINDS[stage.kind]),
                _t(" · "),
                _lab("Dasar hukum|Legal basis"),
                self.cite(stage.reference),
            )
            if stage.description is not None:
                self.para(_tx(stage.description))
            if stage.kind in _DECIDES:
                self.para(_b(_DECIDES[stage.kind]))
            self.stage_details(stage)

    def stage_details(self, stage: Stage) -> None:
        if isinstance(stage, TestStage):
            self.test_stage(stage)
        elif isinstance(stage, RatingStage):
            self.rating_stage(stage)
        elif isinstance(stage, ShortlistStage):
            m = stage.multiplier
            self.para(
                _b(
                    f"Per formasi, {m} × kuota pelamar terbaik yang masih dalam seleksi lanjut "
                    "ke tahap berikutnya; pelamar yang sama persis dengan pelamar terakhir pada "
                    f"semua kunci ikut lanjut.|Per formation, the best {m} × quota applicants "
                    "still in the selection advance; those tied with the last one on every key "
                    "advance too."
                )
            )
            self.order(stage.order)
        elif isinstance(stage, IntegrationStage):
            score = self.policy.scores.get(stage.score)
            self.para(
                _lab("Nilai akhir|Final score"),
                _c(stage.score),
                _cat(_t(" "), _tx(score.name)) if score is not None and score.name else (),
                _b(" — rinciannya di bagian Nilai.|detailed under Scores."),
            )
            if stage.report:
                self.para(
                    _lab(
                        "Dilaporkan di samping nilai akhir (menentukan hanya bila kunci urutan "
                        "membacanya)|Reported beside the final score (deciding only where an "
                        "ordering key reads it)"
                    ),
                    _join([_c(score) for score in stage.report]),
                )
        elif isinstance(stage, RankingStage):
            self.order(stage.order)
        elif isinstance(stage, OptimisationStage):
            self.optimisation_stage(stage)

    def test_stage(self, stage: TestStage) -> None:
        head = _heads(
            "Komponen|Component; Nilai maksimum|Maximum; Nilai ambang batas|Passing grade; "
            "Berlaku sejak|In force since; Dasar hukum|Legal basis"
        )
        grades = [
            (_c(c.id), _t(_num(c.maximum)), *self.amount(c.pass_minimum)) for c in stage.components
        ]
        self.table(head, grades)
        if stage.pass_rule is not None:
            rule = _c(stage.pass_rule)
        elif any(c.pass_minimum is not None for c in stage.components):
            rule = _b(
                "setiap komponen mencapai nilai ambang batasnya|every component meets "
                "its passing grade"
            )
        else:
            rule = _b(
                "tanpa ambang batas; nilainya dipakai tahap berikutnya|no passing grade; "
                "the score is used by later stages"
            )
        score = _c(stage.score) if stage.score else _b("jumlah komponen|sum of the components")
        absent = (
            "Pelamar tanpa nilai sama sekali dinyatakan tidak hadir (TH).|An applicant with no "
            "score at all is absent (TH)."
            if stage.absent_when_empty
            else "Nilai yang tidak ada ditinjau panitia.|Missing scores are reviewed."
        )
        self.bullets(
            [
                _cat(_lab("Aturan kelulusan|Pass rule"), rule),
                _cat(_lab("Nilai tahap|Stage score"), score),
                _b(absent),
            ]
        )
        if not stage.exceptions:
            return
        self.para(
            _b("Pengecualian jalur|Track exceptions", "strong"),
            _b(
                ": untuk formasi jalur berikut, aturan kelulusan ini menggantikan aturan di "
                "atas.|for formations of these tracks, this pass rule replaces the one above."
            ),
        )
        head = _heads(
            "Pengecualian|Exception; Jalur|Tracks; Aturan kelulusan|Pass rule; "
            "Parameter|Parameters; Prioritas|Priority; Dasar hukum|Legal basis"
        )
        rows: list[Row] = []
        for e in stage.exceptions:
            when = _cat(_t(" "), _b("bila|when"), _t(" "), _c(e.when)) if e.when else ()
            rows.append(
                (
                    _cat(_c(e.id), _t(" ") if e.name else (), _tx(e.name)),
                    _join([_tx(self.tracks.get(t)) or _t(t) for t in e.tracks]),
                    _cat(_c(e.rule), when),
                    self.parameters_in(e.rule, e.when),
                    _t(str(e.priority)),
                    self.cite(e.reference),
                )
            )
        self.table(head, rows)

    def rating_stage(self, stage: RatingStage) -> None:
        rows = [(_c(c.id), _tx(c.name) or _DASH, _c(c.field)) for c in stage.criteria]
        self.table(_heads("Kriteria|Criterion; Nama|Name; Dibaca sebagai|Read as"), rows)
        trim = stage.trim
        aggregation = _AGGREGATION.get(stage.aggregation) or (
            f"rata-rata terpangkas, {trim} nilai dibuang di tiap ujung|trimmed mean, {trim} "
            "dropped at each end"
        )
        spread = (
            _cat(_t(_num(stage.max_spread)), _b(" (lebih: ditinjau panitia)|more: reviewed"))
            if stage.max_spread is not None
            else _b("tidak dibatasi|unlimited")
        )
        low, high = stage.scale
        items = [
            _cat(_lab("Skala|Scale"), _t(f"{_num(low)}–{_num(high)}")),
            _cat(
                _lab("Penilai per kriteria, paling sedikit|Raters per criterion, at least"),
                _t(str(stage.min_raters)),
            ),
            _cat(_lab("Penggabungan|Aggregation"), _b(aggregation)),
            _cat(_lab("Selisih antarpenilai paling besar|Largest spread between raters"), spread),
            _cat(_lab("Pembulatan|Rounding"), self.rounding(stage.rounding)),
        ]
        if stage.pass_rule is not None:
            items.append(_cat(_lab("Aturan kelulusan|Pass rule"), _c(stage.pass_rule)))
        if stage.score is not None:
            items.append(_cat(_lab("Nilai tahap|Stage score"), _c(stage.score)))
        self.bullets(items)

    def order(self, keys: Sequence[OrderKey]) -> None:
        rows: list[Row] = []
        for number, key in enumerate(keys, start=1):
            if key.codes is not None:
                direction = _b(f"kelompok berurutan: {', '.join(key.codes)}|groups in this order")
            elif key.direction == "desc":
                direction = _b("tertinggi lebih dahulu|highest first")
            else:
                direction = _b("terendah (tanggal terawal) lebih dahulu|lowest (earliest) first")
            name = _tx(key.name) or _DASH
            rows.append((_t(str(number)), name, _c(key.key), direction, self.cite(key.reference)))
        head = _heads(
            "Urutan|Order; Kunci|Key; Rumus|Formula; Arah|Direction; Dasar hukum|Legal basis"
        )
        self.table(head, rows)

    def optimisation_stage(self, stage: OptimisationStage) -> None:
        same = ", ".join(stage.same)
        across = ", ".join(stage.across_tracks)
        moves: dict[Literal["general_to_special", "special_to_general"], str] = {
            "general_to_special": (
                "Pelamar jalur umum yang memenuhi nilai ambang batas umum dapat mengisi formasi "
                f"jalur khusus yang kosong (kesamaan: {across}).|General-track applicants who "
                "met the general passing grades may fill unfilled special-track slots (the "
                f"same: {across})."
            ),
            "special_to_general": (
                "Pelamar jalur khusus yang memenuhi nilai ambang batas umum dapat mengisi "
                f"formasi jalur umum yang kosong (kesamaan: {across}).|Special-track applicants "
                "who met the general passing grades may fill unfilled general-track slots (the "
                f"same: {across})."
            ),
        }
        allowed = [
            _cat(_b(text), _cat(_t(" "), self.cite(ref)) if ref else ())
            for direction, text in moves.items()
            if stage.allows(direction)
            for ref in [_move_reference(stage, direction)]
        ] or [
            _b(
                "Formasi hanya diisi pelamar dari jalur yang sama.|Slots are filled from the "
                "same track only."
            )
        ]
        self.bullets(
            [
                _b(
                    "Semua formasi yang masih kosong setelah pemeringkatan diisi bersama-sama "
                    "dengan pelamar terbaik menurut kunci pemeringkatan yang memenuhi semua nilai "
                    "ambang batas tetapi kalah peringkat di formasi lain dengan kesamaan: "
                    f"{same}.|All formations left unfilled after ranking are filled together "
                    "with the best applicants by the ranking's keys who met every threshold but "
                    f"were outranked in another formation with the same: {same}."
                ),
                *allowed,
                _cat(_lab("Jalur umum|General track"), _c(stage.general_track)),
            ]
        )


def _move_reference(
    stage: OptimisationStage, direction: Literal["general_to_special", "special_to_general"]
) -> str | None:
    """The legal basis a track move cites, if it cites one."""
    move = getattr(stage, direction)
    return move.reference if isinstance(move, TrackMove) else None
