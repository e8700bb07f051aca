"""The vacancy-announcement side of a selection policy: its criteria, public before the cycle.

:func:`announcement` gathers what applicants and auditors need to see — the policy's content
hash, the reference date, formations and quotas, tracks, requirements, the stages in order
with their passing grades (dated parameters resolved at the reference date, each with its
legal basis), scores, parameters, references with their certainty and the protected
attributes — as a small tree of blocks. :func:`render_html` (a self-contained HTML5 page:
inline CSS, no scripts, no external resources) and :func:`render_markdown` render that one
tree, so the two formats cannot drift. Indonesian comes first, English follows in a secondary
style. The output depends only on the policy, the formations and the reference date.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from asn_competency._version import __version__
from asn_competency.audit.explain import short_citation
from asn_competency.errors import ParameterError
from asn_competency.model import (
    Competency,
    EligibilityStage,
    FieldDecl,
    IntegrationStage,
    OptimisationStage,
    OrderKey,
    ParameterRef,
    RankingStage,
    RatingStage,
    SelectionPolicy,
    ShortlistStage,
    Stage,
    TestStage,
    Text,
    document_hash,
)
from asn_competency.model.scores import (
    AffirmationScore,
    AnyScore,
    CategoryScore,
    FormulaScore,
    JpmScore,
    PassFailScore,
    PointsTableScore,
    ProfileMatchScore,
    Range,
    Rounding,
    ScaleScore,
    WeightedSumScore,
)
from asn_competency.pipeline import Formation, FormationTable

__all__ = [
    "Announcement",
    "Block",
    "Box",
    "Bullets",
    "Heading",
    "Paragraph",
    "Span",
    "Table",
    "announcement",
    "publish_html",
    "publish_markdown",
    "render_html",
    "render_markdown",
]

# ------------------------------------------------------------------------------ the tree

Style = Literal["text", "en", "code", "hash", "strong", "warn", "ref"]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of inline text in one style; ``target`` is the reference id of a ``ref``."""

    text: str
    style: Style = "text"
    target: str | None = None


Inline = tuple[Span, ...]
Row = tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading, level 1 to 3."""

    level: int
    text: Inline


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph."""

    text: Inline


@dataclass(frozen=True, slots=True)
class Bullets:
    """An unordered list."""

    items: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table; ``anchors`` names rows (reference ids) that citations link to."""

    head: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Box:
    """Lines set apart: the policy hash and the reference date."""

    lines: tuple[Inline, ...]


Block = Heading | Paragraph | Bullets | Table | Box


@dataclass(frozen=True, slots=True)
class Announcement:
    """The announcement's content, whatever the output format."""

    title: Text
    blocks: tuple[Block, ...]
    footer: Inline


# --------------------------------------------------------------------------- inline helpers


def _cat(*parts: Inline) -> Inline:
    return tuple(span for part in parts for span in part)


def _t(text: str, style: Style = "text") -> Inline:
    return (Span(text, style),)


def _c(text: str) -> Inline:
    return (Span(text, "code"),)


def _b(pair: str, style: Style = "text") -> Inline:
    """A constant bilingual text written ``"Indonesian|English"``."""
    ind, _, en = pair.partition("|")
    return (Span(ind, style), Span(en, "en")) if en and en != ind else (Span(ind, style),)


def _lab(pair: str) -> Inline:
    """A label leading a line: ``Indonesian / English: ``."""
    return _cat(_b(pair), _t(": "))


def _tx(text: Text | None) -> Inline:
    if text is None:
        return ()
    if text.en is None or text.en == text.id:
        return (Span(text.id),)
    return Span(text.id), Span(text.en, "en")


def _heads(pairs: str) -> tuple[Inline, ...]:
    """Table headings written ``"Indonesian|English; Indonesian|English; ..."``."""
    return tuple(_b(pair.strip()) for pair in pairs.split(";"))


def _join(parts: Sequence[Inline], sep: str = ", ") -> Inline:
    return _cat(*(_cat(_t(sep) if i else (), part) for i, part in enumerate(parts)))


def _num(value: Decimal | int) -> str:
    """A number in plain notation, without exponent or trailing zeros."""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def _val(value: object) -> str:
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
_GAP_WEIGHTS = "0 → 5, +1 → 4.5, −1 → 4, +2 → 3.5, −2 → 3, +3 → 2.5, −3 → 2, +4 → 1.5, −4 → 1"
_DEFAULT_BANDS = "memenuhi syarat ≥ 80, masih memenuhi syarat ≥ 68, kurang memenuhi syarat"

#: String literals, then bare names: not attributes (``formation.x``), not calls.
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
_NAME = re.compile(r"(?<![\w.])[a-z][a-z0-9_]*(?![\w(])")


# ------------------------------------------------------------------------------ builder


class _Builder:
    """Builds the blocks of one announcement, section by section."""

    def __init__(
        self,
        policy: SelectionPolicy,
        formations: Sequence[Formation] | None,
        as_of: dt.date | None,
        policy_file: str,
    ) -> None:
        self.policy = policy
        self.formations = formations
        self.as_of = as_of or policy.as_of
        self.as_of_given = as_of is not None
        self.policy_file = policy_file
        self.hash = document_hash(policy)
        self.refs = {r.id: r for r in policy.references}
        self.tracks = {t.id: t.name for t in policy.tracks}
        self.blocks: list[Block] = []
        self.levels_shown: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}

    # ---------------------------------------------------------------------------- blocks

    def heading(self, level: int, *parts: Inline) -> None:
        self.blocks.append(Heading(level, _cat(*parts)))

    def para(self, *parts: Inline) -> None:
        self.blocks.append(Paragraph(_cat(*parts)))

    def bullets(self, items: Sequence[Inline]) -> None:
        """A list; it continues a list just before it (Markdown would merge them anyway)."""
        last = self.blocks[-1] if self.blocks else None
        if isinstance(last, Bullets):
            self.blocks.pop()
            items = [*last.items, *items]
        self.blocks.append(Bullets(tuple(items)))

    def table(
        self,
        head: tuple[Inline, ...],
        rows: Sequence[Sequence[Inline]],
        anchors: Sequence[str] = (),
    ) -> None:
        self.blocks.append(Table(head, tuple(tuple(r) for r in rows), tuple(anchors)))

    # ---------------------------------------------------------------------------- pieces

    def cite(self, ref_id: str | None) -> Inline:
        """A reference by its short citation, ⚠ when unverified; a dash for none."""
        if ref_id is None:
            return _DASH
        ref = self.refs.get(ref_id)
        short = (short_citation(ref.title) if ref else None) or ref_id
        unverified = ref is not None and ref.certainty == "unverified"
        return _cat((Span(short, "ref", ref_id),), _t(" ⚠", "warn") if unverified else ())

    def amount(
        self, value: Decimal | ParameterRef | None, *, named: bool = True
    ) -> tuple[Inline, Inline, Inline]:
        """Value, effective date and legal basis of a threshold or weight (as table cells);
        with ``named``, a parameter's value is followed by its name."""
        if value is None:
            return _b("tanpa ambang batas|no threshold"), _DASH, _DASH
        if isinstance(value, Decimal):
            return _t(_num(value), "strong"), _DASH, _DASH
        name = _c(value.parameter) if named else ()
        parameter = self.policy.parameters.get(value.parameter)
        if parameter is None or self.as_of is None:
            note = _b("(tanpa tanggal acuan)|(no reference date)")
            return _cat(name, _t(" ") if named else (), note), _DASH, _DASH
        try:
            found = parameter.at(value.parameter, self.as_of)
        except ParameterError:
            note = _b("tidak berlaku|no value in force", "warn")
            return _cat(name, _t(" ") if named else (), note), _DASH, _DASH
        since = _t(found.effective_from.isoformat())
        shown = _cat(_t(_val(found.value), "strong"), _t(" ") if named else (), name)
        return shown, since, self.cite(found.reference)

    def parameters_in(self, *formulas: str | None) -> Inline:
        """The parameters the formulas read, each with its value, date and basis."""
        names: list[str] = []
        for formula in formulas:
            for name in _NAME.findall(_STRING.sub(" ", formula or "")):
                if name in self.policy.parameters and name not in names:
                    names.append(name)
        lines = []
        for name in names:
            value, since, ref = self.amount(ParameterRef(parameter=name), named=False)
            unit = self.policy.parameters[name].unit
            if since == _DASH:
                lines.append(_cat(_c(name), _t(" "), value))
                continue
            unit = f" {unit}" if unit else ""
            dated = _cat(_t(f"{unit} (sejak "), since, _t(", "), ref, _t(")"))
            lines.append(_cat(_c(name), _t(" = "), value, dated))
        return _join(lines, "; ") if lines else _DASH

    def rounding(self, rounding: Rounding | None) -> Inline:
        if rounding is None:
            return _b("tidak dibulatkan (eksak)|not rounded (exact)")
        ind, en = _ROUNDING[rounding.mode].split("|")
        return _b(f"{rounding.places} desimal, {ind}|{rounding.places} places, {en}")

    # ---------------------------------------------------------------------------- sections

    def build(self) -> Announcement:
        policy = self.policy
        self.heading(1, _tx(policy.name))
        if policy.description is not None:
            self.para(_tx(policy.description))
        self.verification()
        if self.formations is not None:
            self.formation_section(self.formations)
        self.track_section()
        self.requirements()
        self.stages()
        self.scores()
        self.parameters()
        self.candidate_data()
        self.protected()
        self.references()
        footer = _cat(
            _b(
                f"Dibuat oleh asn-competency {__version__} dari kebijakan {policy.id}; isinya "
                "hanya bergantung pada kebijakan, formasi dan tanggal acuan.|Generated by "
                f"asn-competency {__version__} from policy {policy.id}; its content depends "
                "only on the policy, the formations and the reference date."
            ),
            _t(" "),
            _c(self.hash),
        )
        return Announcement(policy.name, tuple(self.blocks), footer)

    def verification(self) -> None:
        lines = [
            _cat(_lab("Kode verifikasi kebijakan|Policy hash"), _t(self.hash, "hash")),
            _cat(_lab("Kebijakan|Policy"), _c(self.policy.id)),
            _cat(
                _lab("Periksa dengan|Check with"),
                _c(f"asn-competency hash {self.policy_file}"),
                _b(
                    " — hasilnya harus sama persis dengan kode di atas.|the output must equal "
                    "the code above."
                ),
            ),
        ]
        if self.as_of is None:
            date = _cat(
                _t("belum ditetapkan", "warn"),
                _b(
                    "; nilai parameter yang bergantung pada tanggal tidak ditampilkan.|not "
                    "set: values of dated parameters are not shown."
                ),
            )
        else:
            source = (
                "ditetapkan untuk pengumuman ini|set for this announcement"
                if self.as_of_given
                else "tanggal acuan kebijakan|the policy's reference date"
            )
            date = _cat(_t(self.as_of.isoformat(), "strong"), _t(" ("), _b(source), _t(")"))
        lines.append(_cat(_lab("Tanggal acuan|Reference date"), date))
        if any(r.certainty == "unverified" for r in self.policy.references):
            lines.append(
                _cat(
                    _t("⚠ ", "warn"),
                    _b(
                        "menandai sumber yang belum terverifikasi (lihat Dasar hukum dan "
                        "sumber).|marks unverified sources (see References)."
                    ),
                )
            )
        self.blocks.append(Box(tuple(lines)))

    def formation_section(self, formations: Sequence[Formation]) -> None:
        self.heading(2, _b("Formasi dan kuota|Formations and quotas"))
        rows: list[Row] = []
        for track in self.policy.tracks:
            mine = [f for f in formations if f.track == track.id]
            if mine:
                quota = str(sum(f.quota for f in mine))
                rows.append((_tx(track.name), _t(str(len(mine))), _t(quota, "strong")))
        total = str(sum(f.quota for f in formations))
        rows.append((_b("Jumlah|total", "strong"), _t(str(len(formations))), _t(total, "strong")))
        self.table(_heads("Jalur|Track; Formasi|Formations; Kuota|Quota"), rows)
        extra = self.policy.formation_fields
        order = {t.id: i for i, t in enumerate(self.policy.tracks)}
        rows = []
        for f in sorted(formations, key=lambda f: (order.get(f.track, 0), f.formation_id)):
            texts = (f.position, f.education_level, f.agency, f.location)
            rows.append(
                (
                    _c(f.formation_id),
                    _tx(self.tracks.get(f.track)) or _t(f.track),
                    *(_t(text) if text else _DASH for text in texts),
                    _t(str(f.quota), "strong"),
                    *(_t(_val(f.extra[n])) if n in f.extra else _DASH for n in extra),
                )
            )
        head = _heads(
            "Formasi|Formation; Jalur|Track; Jabatan|Position; Pendidikan|Education; "
            "Instansi|Agency; Lokasi|Location; Kuota|Quota"
        )
        self.table(head + tuple(_tx(d.description) or _c(n) for n, d in extra.items()), rows)

    def track_section(self) -> None:
        self.heading(2, _b("Jalur|Tracks"))
        rows = [
            (
                _c(t.id),
                _cat(_tx(t.name), _t(" — ") if t.description else (), _tx(t.description)),
                self.cite(t.reference),
            )
            for t in self.policy.tracks
        ]
        self.table(_heads("Kode|Code; Jalur|Track; Dasar hukum|Legal basis"), rows)

    def requirements(self) -> None:
        self.heading(2, _b("Persyaratan|Requirements"))
        self.para(
            _b(
                "Pelamar yang tidak memenuhi salah satu persyaratan berikut dinyatakan tidak "
                "memenuhi syarat (TMS), dengan alasan yang tertulis.|An applicant who does not "
                "meet one of these requirements is not eligible (TMS), for the reason written."
            )
        )
        head = _heads(
            "Kode|Code; Tidak memenuhi syarat bila|Not eligible when; Aturan|Rule; "
            "Parameter|Parameters; Dasar hukum|Legal basis"
        )
        for stage in self.policy.stages:
            if isinstance(stage, EligibilityStage):
                self.heading(3, _tx(stage.name))
                rows = [
                    (
                        _c(rule.id),
                        _tx(rule.reason),
                        _c(rule.rule),
                        self.parameters_in(rule.rule),
                        self.cite(rule.reference),
                    )
                    for rule in stage.rules
                ]
                self.table(head, rows)

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
        special = (
            "Pelamar jalur umum yang memenuhi aturan kelulusan umum dapat mengisi formasi jalur "
            "khusus yang kosong.|General-track applicants who met the general pass rule may fill "
            "unfilled special-track slots."
            if stage.general_to_special
            else "Formasi jalur khusus hanya diisi pelamar jalur khusus.|Special-track slots are "
            "filled by special-track applicants only."
        )
        self.bullets(
            [
                _b(
                    "Formasi yang masih kosong setelah pemeringkatan diisi dengan pelamar terbaik "
                    "menurut urutan pemeringkatan yang memenuhi semua nilai ambang batas tetapi "
                    f"kalah peringkat di formasi lain dengan kesamaan: {same}.|Formations left "
                    "unfilled after ranking are filled with the best applicants, by the "
                    "ranking's order, who met every threshold but were outranked in another "
                    f"formation with the same: {same}."
                ),
                _b(special),
                _cat(_lab("Jalur umum|General track"), _c(stage.general_track)),
            ]
        )

    def scores(self) -> None:
        if not self.policy.scores:
            return
        self.heading(2, _b("Nilai|Scores"))
        self.para(
            _b(
                "Nilai dihitung secara eksak; pembulatan hanya di tempat yang dinyatakan. Skala "
                "memakai jangkar tetap: nilai seorang pelamar tidak bergantung pada pelamar "
                "lain.|Scores are exact; rounding happens only where declared. Scales use fixed "
                "anchors: no applicant's score depends on who else applied."
            )
        )
        for name, score in self.policy.scores.items():
            self.heading(3, _c(name), _t(" ") if score.name else (), _tx(score.name))
            self.para(
                _lab("Jenis|Kind"),
                _b(_SCORE_KINDS[score.kind]),
                _t(" · "),
                _lab("Dasar hukum|Legal basis"),
                self.cite(score.reference),
            )
            if score.description is not None:
                self.para(_tx(score.description))
            self.score_details(name, score)
            items = []
            if score.minimum is not None:
                value, since, ref = self.amount(score.minimum)
                dated = _cat(_t(" (sejak "), since, _t(", "), ref, _t(")"))
                items.append(
                    _cat(_lab("Nilai minimal|Minimum"), value, () if ref == _DASH else dated)
                )
            items.append(_cat(_lab("Pembulatan|Rounding"), self.rounding(score.rounding)))
            self.bullets(items)

    def score_details(self, name: str, score: AnyScore) -> None:
        if isinstance(score, FormulaScore):
            self.bullets([_cat(_lab("Rumus|Formula"), _c(score.formula))])
        elif isinstance(score, PassFailScore):
            self.bullets([_cat(_lab("Aturan|Rule"), _c(score.rule))])
        elif isinstance(score, ScaleScore):
            (a, b), (c, d) = score.from_, score.to
            outside = (
                "dipotong ke jangkar|clamped to the anchors"
                if score.clamp
                else "kesalahan, ditinjau panitia|an error, reviewed"
            )
            self.bullets(
                [
                    _cat(_lab("Masukan|Input"), _c(score.input)),
                    _cat(
                        _lab("Jangkar|Anchors"),
                        _t(f"[{_num(a)}, {_num(b)}] → [{_num(c)}, {_num(d)}]"),
                    ),
                    _cat(_lab("Di luar jangkar|Outside the anchors"), _b(outside)),
                ]
            )
        elif isinstance(score, CategoryScore):
            self.bullets([_cat(_lab("Masukan|Input"), _c(score.input))])
            points = [(_c(code), _t(_num(p))) for code, p in score.points.items()]
            self.table(_heads("Kode|Code; Poin|Points"), points)
        elif isinstance(score, PointsTableScore):
            self.points_table(score)
        elif isinstance(score, WeightedSumScore):
            self.weighted_sum(score)
        elif isinstance(score, AffirmationScore):
            self.bullets(
                [
                    _cat(_lab("Masukan|Input"), _c(score.input)),
                    _cat(_lab("Nilai maksimum|Maximum"), _t(_num(score.maximum))),
                    _cat(
                        _lab("Pembulatan poin|Points rounding"),
                        self.rounding(score.points_rounding),
                    ),
                ]
            )
            rows = [
                (_c(c.id), _c(c.rule), _t(f"{_num(c.percent)}%"), self.cite(c.reference))
                for c in score.conditions
            ]
            head = _heads(
                "Kondisi|Condition; Aturan|Rule; Persen dari maksimum|Percent of maximum; "
                "Dasar hukum|Legal basis"
            )
            self.table(head, rows)
        elif isinstance(score, ProfileMatchScore):
            self.competency_levels(name, score.standard, score.levels)
            core, rest = _num(score.core_weight), _num(1 - score.core_weight)
            items = [
                _cat(_lab("Bobot selisih (level − target)|Gap weights"), _t(_GAP_WEIGHTS)),
                _cat(
                    _lab("Nilai|Score"),
                    _t(f"{core} × NCF + {rest} × NSF "),
                    _b(
                        "(NCF: rata-rata faktor inti, NSF: rata-rata faktor sekunder)|NCF: "
                        "core factors' mean, NSF: secondary factors' mean"
                    ),
                ),
            ]
            if score.aspects:
                aspects = ", ".join(f"{g} {_num(w)}" for g, w in score.aspects.items())
                items.append(_cat(_lab("Bobot per kelompok|Weight per group"), _t(aspects)))
            self.bullets(items)
        elif isinstance(score, JpmScore):
            self.competency_levels(name, score.standard, score.levels)
            bands = (
                ", ".join(f"{b.label} ≥ {_num(b.minimum)}" for b in score.bands)
                if score.bands
                else _DEFAULT_BANDS
            )
            cap = (
                "dihitung sebagai target|count as the target"
                if score.cap_at_target
                else ("dihitung penuh|count in full")
            )
            self.bullets(
                [
                    _cat(
                        _lab("Nilai|Score"),
                        _b(
                            "Σ level dicapai ÷ Σ level target × 100|Σ "
                            "attained ÷ Σ target levels × 100"
                        ),
                    ),
                    _cat(_lab("Level di atas target|Levels above the target"), _b(cap)),
                    _cat(_lab("Kategori|Bands"), _t(bands)),
                ]
            )

    def points_table(self, score: PointsTableScore) -> None:
        default = (
            _t(_num(score.default))
            if score.default is not None
            else _b("kesalahan, ditinjau panitia|an error, reviewed")
        )
        inputs = [_c(f"{n} = {f}") for n, f in score.inputs.items()]
        self.bullets(
            [
                _cat(_lab("Masukan|Inputs"), _join(inputs)),
                _cat(_lab("Kebijakan hit|Hit policy"), _c(score.hit_policy)),
                _cat(_lab("Tanpa baris yang cocok|No row matches"), default),
            ]
        )
        rows: list[Row] = []
        for number, row in enumerate(score.rules, start=1):
            conditions = [_c(_condition(n, c)) for n, c in row.when.items()]
            rows.append(
                (
                    _t(f"{number} {row.label or ''}".strip()),
                    _join(conditions, "; ") if conditions else _b("semua|any"),
                    _t(_num(row.points)),
                    _t(str(row.priority)) if row.priority is not None else _DASH,
                )
            )
        head = _heads("Baris|Row; Kondisi|Conditions; Poin|Points; Prioritas|Priority")
        self.table(head, rows)

    def weighted_sum(self, score: WeightedSumScore) -> None:
        head = _heads(
            "Kriteria|Criterion; Masukan|Input; Bobot|Weight; Berlaku sejak|In force since; "
            "Dasar hukum|Legal basis; Nilai minimal|Minimum"
        )
        rows: list[Row] = []
        for c in score.criteria:
            weight = (
                self.amount(c.weight)
                if c.weight is not None
                else (_b("dari AHP|from AHP"), _DASH, _DASH)
            )
            minimum = self.amount(c.minimum)[0] if c.minimum is not None else _DASH
            name = _cat(_c(c.id), _t(" ") if c.name else (), _tx(c.name))
            rows.append((name, _c(c.input), *weight, minimum))
        self.table(head, rows)
        if score.ahp is not None:
            places = score.ahp.places
            self.para(
                _b(
                    "Bobot dari perbandingan berpasangan (AHP, vektor eigen utama), dibulatkan ke "
                    f"{places} desimal lalu dinormalkan; rasio konsistensi paling tinggi 0,10.|"
                    "Weights from pairwise comparisons (AHP, principal eigenvector), rounded to "
                    f"{places} places and normalised; consistency ratio at most 0.10."
                )
            )
            ids = [c.id for c in score.criteria]
            matrix = zip(ids, score.ahp.matrix, strict=False)
            cells = [(_c(i), *(_t(_val(cell)) for cell in row)) for i, row in matrix]
            self.table((_t(""), *(_c(i) for i in ids)), cells)
        elif score.weights == "normalised":
            self.para(_b("Setiap bobot dibagi jumlah bobot.|Each weight is divided by their sum."))
        else:
            self.para(_b("Bobot berjumlah tepat 1.|The weights sum to exactly 1."))

    def competency_levels(self, score: str, standard_id: str, levels: Mapping[str, str]) -> None:
        """The standard's competencies with their targets and the formulas giving levels;
        a score reading the same levels as one before refers to it."""
        key = (standard_id, tuple(levels.items()))
        if key in self.levels_shown:
            same = self.levels_shown[key]
            self.para(
                _lab("Standar kompetensi jabatan|Position standard"),
                _c(standard_id),
                _t(" — "),
                _b("level dibaca seperti pada|levels read as in"),
                _t(" "),
                _c(same),
            )
            return
        self.levels_shown[key] = score
        standard = self.policy.loaded_standards.get(standard_id)
        found: dict[str, Competency] = {}
        if standard is not None:
            for framework in standard.loaded_frameworks.values():
                for competency in framework.competencies:
                    found.setdefault(competency.id, competency)
        targets = {r.competency: r for r in standard.requirements} if standard else {}
        self.para(
            _lab("Standar kompetensi jabatan|Position standard"),
            _c(standard_id),
            _t(" — ") if standard else (),
            _tx(standard.position.name) if standard else (),
        )
        rows: list[Row] = []
        for cid, formula in levels.items():
            known, target = found.get(cid), targets.get(cid)
            rows.append(
                (
                    _c(cid),
                    _tx(known.name) if known else _DASH,
                    _t(known.group) if known else _DASH,
                    _t(str(target.level)) if target else _DASH,
                    _b(_FACTOR[target.factor]) if target else _DASH,
                    _c(formula),
                )
            )
        head = _heads(
            "Kompetensi|Competency; Nama|Name; Kelompok|Group; Level target|Target level; "
            "Faktor|Factor; Masukan|Input"
        )
        self.table(head, rows)

    def parameters(self) -> None:
        if not self.policy.parameters:
            return
        self.heading(2, _b("Parameter|Parameters"))
        if self.as_of is None:
            self.para(
                _b(
                    "Tanggal acuan belum ditetapkan: nilai tidak ditampilkan.|No reference "
                    "date: values are not shown."
                )
            )
        else:
            day = self.as_of.isoformat()
            self.para(_b(f"Nilai yang berlaku pada tanggal acuan {day}.|Values in force on {day}."))
        rows: list[Row] = []
        for name, parameter in self.policy.parameters.items():
            value, since, ref = self.amount(ParameterRef(parameter=name), named=False)
            unit = _t(parameter.unit) if parameter.unit else _DASH
            rows.append((_c(name), _tx(parameter.description), value, unit, since, ref))
        head = _heads(
            "Parameter|Parameter; Keterangan|Description; Nilai|Value; Satuan|Unit; "
            "Berlaku sejak|In force since; Dasar hukum|Legal basis"
        )
        self.table(head, rows)

    def candidate_data(self) -> None:
        self.heading(2, _b("Data pelamar yang dibaca|Applicant data read"))
        rows = [
            (
                _c(name),
                _tx(decl.description) or _DASH,
                _t(_field_type(decl)),
                _b("ya|yes" if decl.required else "tidak|no"),
            )
            for name, decl in self.policy.candidate_fields.items()
        ]
        head = _heads("Kolom|Column; Keterangan|Description; Jenis|Type; Wajib|Required")
        self.table(head, rows)

    def protected(self) -> None:
        self.heading(2, _b("Atribut yang dilindungi|Protected attributes"))
        attributes = self.policy.protected_attributes
        if not attributes:
            self.para(
                _b(
                    "Kebijakan ini tidak mendeklarasikan atribut yang dilindungi.|This "
                    "policy declares no protected attributes."
                )
            )
            return
        self.para(
            _b(
                "Atribut berikut hanya dipakai untuk laporan keadilan seleksi (fairness) dan "
                "tidak pernah dibaca oleh aturan, nilai atau kriteria mana pun; kebijakan yang "
                "mencoba membacanya ditolak saat dimuat.|These attributes are used only for "
                "fairness reports and never read by any rule, score or criterion; a policy that "
                "tries to read one is rejected when it loads."
            )
        )
        self.bullets(
            [
                _cat(_c(name), _t(" — ") if decl.description else (), _tx(decl.description))
                for name, decl in attributes.items()
            ]
        )

    def references(self) -> None:
        self.heading(2, _b("Dasar hukum dan sumber|References"))
        rows: list[Row] = []
        for ref in self.policy.references:
            short = short_citation(ref.title)
            source = _cat(
                _cat(_t(short, "strong"), _t(": ")) if short else (),
                _t(ref.title),
                _cat(_t(" "), _c(ref.url)) if ref.url else (),
            )
            note = _t(ref.note) if ref.note else _DASH
            rows.append((_c(ref.id), source, _CERTAINTY[ref.certainty], note))
        head = _heads("Kode|Code; Sumber|Source; Kepastian|Certainty; Catatan|Note")
        self.table(head, rows, [ref.id for ref in self.policy.references])


def _condition(name: str, condition: list[str] | Range) -> str:
    if isinstance(condition, list):
        return f"{name} ∈ {{{', '.join(condition)}}}"
    parts = []
    if condition.min is not None:
        parts.append(f"{name} {'≥' if condition.min_inclusive else '>'} {_num(condition.min)}")
    if condition.max is not None:
        parts.append(f"{name} {'≤' if condition.max_inclusive else '<'} {_num(condition.max)}")
    return " and ".join(parts) or name


def _field_type(decl: FieldDecl) -> str:
    if decl.type == "enum":
        return "enum: " + ", ".join(decl.values)
    low, high = getattr(decl, "minimum", None), getattr(decl, "maximum", None)
    if low is not None and high is not None:
        return f"{decl.type} {_val(low)}–{_val(high)}"
    if low is not None or high is not None:
        return f"{decl.type} {'≥' if low is not None else '≤'} {_val(low or high)}"
    return decl.type


def announcement(
    policy: SelectionPolicy,
    *,
    formations: FormationTable | Sequence[Formation] | None = None,
    as_of: dt.date | None = None,
    policy_file: str | None = None,
) -> Announcement:
    """The announcement's content: the one tree both formats render.

    ``as_of`` overrides the policy's own ``as_of``; with neither, values of dated parameters
    are left out and the document says so. ``policy_file`` is the file name shown in the
    ``asn-competency hash`` command (default ``<policy id>.yaml``).
    """
    rows = formations.formations if isinstance(formations, FormationTable) else formations
    formation_list = tuple(rows) if rows is not None else None
    return _Builder(policy, formation_list, as_of, policy_file or f"{policy.id}.yaml").build()


# ------------------------------------------------------------------------------ HTML

_CSS = """\
:root{color-scheme:light}
body{margin:0;color:#1b1f24;background:#fff;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main,footer{max-width:62rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem;line-height:1.25;margin:1.5rem 0 .75rem}
h2{font-size:1.3rem;margin:2rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid #1f4e79}
h3{font-size:1.1rem;margin:1.5rem 0 .4rem}
.en,.sep{color:#57606a}
.en{font-style:italic}
h1 .en,h2 .en,h3 .en,th .en{display:block;font-size:.85em;font-weight:normal}
h1 .sep,h2 .sep,h3 .sep,th .sep{display:none}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;
background:#f1f3f6;padding:0 .2em;border-radius:3px;white-space:pre-wrap;overflow-wrap:anywhere}
.box{border:2px solid #1f4e79;border-radius:6px;padding:.25rem 1rem;background:#f4f8fc}
.box p{margin:.5rem 0}
.hash{font-size:1.05rem;font-weight:bold;background:#fff}
.warn{color:#9a3412}
.scroll{overflow-x:auto;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #c9d1d9;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f7}
a{color:#1f4e79}
footer{margin-top:2.5rem;padding-top:1rem;padding-bottom:2rem;border-top:1px solid #c9d1d9;
color:#57606a;font-size:.9rem}
@media (max-width:40rem){body{font-size:15px}th,td{padding:.25rem .35rem}}
@media print{body{font-size:10.5pt}main,footer{max-width:none;padding:0}
.scroll{overflow:visible}h2,h3{break-after:avoid}tr,.box{break-inside:avoid}
a{color:inherit;text-decoration:none}.box,th,code,.hash{background:none}}
"""
_TAGS = {
    "en": '<span class="sep"> / </span><span class="en" lang="en">{}</span>',
    "code": "<code>{}</code>",
    "hash": '<code class="hash">{}</code>',
    "strong": "<strong>{}</strong>",
    "warn": '<strong class="warn">{}</strong>',
    "text": "{}",
}


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _html_inline(spans: Inline) -> str:
    out = []
    for span in spans:
        text = html.escape(_space(span.text))
        if span.style == "ref":
            out.append(f'<a href="#ref-{html.escape(span.target or "")}">{text}</a>')
        else:
            out.append(_TAGS[span.style].format(text))
    return "".join(out)


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_html_inline(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_html_inline(block.text)}</p>"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{_html_inline(item)}</li>\n" for item in block.items)
        return f"<ul>\n{items}</ul>"
    if isinstance(block, Box):
        lines = "".join(f"<p>{_html_inline(line)}</p>\n" for line in block.lines)
        return f'<div class="box">\n{lines}</div>'
    head = "".join(f'<th scope="col">{_html_inline(cell)}</th>' for cell in block.head)
    anchors = [f' id="ref-{html.escape(a)}"' for a in block.anchors]
    rows = "".join(
        f"<tr{anchors[i] if i < len(anchors) else ''}>"
        + "".join(f"<td>{_html_inline(cell)}</td>" for cell in row)
        + "</tr>\n"
        for i, row in enumerate(block.rows)
    )
    return (
        f'<div class="scroll"><table>\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{rows}</tbody>\n</table></div>"
    )


def render_html(content: Announcement) -> str:
    """A self-contained HTML5 page: inline CSS, no scripts, no external resources."""
    title = html.escape(_space("".join(s.text for s in _tx(content.title))))
    if content.title.en:
        title = html.escape(_space(f"{content.title.id} / {content.title.en}"))
    body = "\n".join(_html_block(block) for block in content.blocks)
    return (
        '<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="asn-competency {html.escape(__version__)}">\n'
        f"<title>{title}</title>\n<style>\n{_CSS}</style>\n</head>\n<body>\n<main>\n{body}\n"
        f"</main>\n<footer>\n<p>{_html_inline(content.footer)}</p>\n</footer>\n</body>\n</html>\n"
    )


# ------------------------------------------------------------------------------ Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#])")
_MD_START = re.compile(r"^([+-])|^(\d+)([.)])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", _space(text))


def _md_code(text: str, *, in_table: bool) -> str:
    text = _space(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|') if in_table else text}{pad}{fence}"


def _md_inline(spans: Inline, *, in_table: bool = False) -> str:
    out = []
    for span in spans:
        if span.style in ("code", "hash"):
            code = _md_code(span.text, in_table=in_table)
            out.append(f"**{code}**" if span.style == "hash" else code)
        elif not span.text.strip():
            out.append(_space(span.text))
        elif span.style == "en":
            out.append(f" / *{_md_escape(span.text).strip()}*")
        elif span.style in ("strong", "warn"):
            text = _md_escape(span.text)
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(f"{lead}**{text.strip()}**{trail}")
        else:
            out.append(_md_escape(span.text))
    return "".join(out)


def _md_line(spans: Inline) -> str:
    """Inline text that starts a line: a leading list marker is escaped."""
    text = _md_inline(spans).strip()
    return _MD_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text, count=1)


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {_md_inline(block.text).strip()}"
    if isinstance(block, Paragraph):
        return _md_line(block.text)
    if isinstance(block, Bullets):
        return "\n".join(f"- {_md_line(item)}" for item in block.items)
    if isinstance(block, Box):
        return "\n>\n".join(f"> {_md_line(line)}" for line in block.lines)

    def row(cells: Sequence[Inline]) -> str:
        return "| " + " | ".join(_md_inline(c, in_table=True).strip() for c in cells) + " |"

    lines = [row(block.head), "|" + "---|" * len(block.head), *(row(r) for r in block.rows)]
    return "\n".join(lines)


def render_markdown(content: Announcement) -> str:
    """Markdown (CommonMark with GitHub tables); every policy text escaped."""
    blocks = [_md_block(block) for block in content.blocks]
    return "\n\n".join([*blocks, "---", _md_line(content.footer)]) + "\n"


# ------------------------------------------------------------------------------ public API


def publish_html(
    policy: SelectionPolicy,
    *,
    formations: FormationTable | Sequence[Formation] | None = None,
    as_of: dt.date | None = None,
    policy_file: str | None = None,
) -> str:
    """The announcement as a self-contained HTML5 page; see :func:`announcement`."""
    content = announcement(policy, formations=formations, as_of=as_of, policy_file=policy_file)
    return render_html(content)


def publish_markdown(
    policy: SelectionPolicy,
    *,
    formations: FormationTable | Sequence[Formation] | None = None,
    as_of: dt.date | None = None,
    policy_file: str | None = None,
) -> str:
    """The announcement as Markdown; see :func:`announcement`."""
    content = announcement(policy, formations=formations, as_of=as_of, policy_file=policy_file)
    return render_markdown(content)
