"""The section on scores: each score with its kind, legal basis, minimum and rounding, and the
details of its kind (formula, scale anchors, category points, points table, weighted sum and
AHP weights, affirmation conditions, Profile Matching and JPM with the position standard).
"""

from __future__ import annotations

from collections.abc import Mapping

from asn_competency.audit.publish.blocks import Row, _b, _c, _cat, _heads, _join, _lab, _t, _tx
from asn_competency.audit.publish.builder import _Builder
from asn_competency.audit.publish.texts import (
    _DASH,
    _DEFAULT_BANDS,
    _FACTOR,
    _SCORE_KINDS,
    _num,
    _val,
)
from asn_competency.model import Competency
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
    ScaleScore,
    WeightedSumScore,
)
from asn_competency.scoring.scorebook import GAP_TABLES


class _ScoreSections(_Builder):
    """The scores, each with the details of its kind."""

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
            table = GAP_TABLES[score.gap_table]
            gaps = sorted(table, key=lambda gap: (abs(gap), -gap))
            shown = ", ".join(f"{_gap(gap)} → {_num(table[gap])}" for gap in gaps)
            means = (
                "rata-rata berbobot menurut bobot standar|weighted by the standard's weights"
                if score.weighting == "standard"
                else "rata-rata biasa|plain means"
            )
            items = [
                _cat(_lab("Bobot selisih (level − target)|Gap weights"), _t(shown)),
                _cat(
                    _lab("Nilai|Score"),
                    _t(f"{core} × NCF + {rest} × NSF "),
                    _b(
                        "(NCF: rata-rata faktor inti, NSF: rata-rata faktor sekunder)|NCF: "
                        "core factors' mean, NSF: secondary factors' mean"
                    ),
                ),
                _cat(_lab("NCF dan NSF|NCF and NSF"), _b(means)),
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
                    _cat(_lab("Faktor|Factors"), _b(_FACTORS[score.factors])),
                    _cat(_lab("Kategori|Bands"), _t(bands))
                    if score.factors == "all"
                    else _b(
                        "Tanpa kategori: hanya sebagian standar|No bands: only part of the standard"
                    ),
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


def _condition(name: str, condition: list[str] | Range) -> str:
    if isinstance(condition, list):
        return f"{name} ∈ {{{', '.join(condition)}}}"
    parts = []
    if condition.min is not None:
        parts.append(f"{name} {'≥' if condition.min_inclusive else '>'} {_num(condition.min)}")
    if condition.max is not None:
        parts.append(f"{name} {'≤' if condition.max_inclusive else '<'} {_num(condition.max)}")
    return " and ".join(parts) or name


_FACTORS = {
    "all": "semua kompetensi standar|every competency of the standard",
    "core": "faktor inti saja|core factors only",
    "secondary": "faktor sekunder saja|secondary factors only",
}


def _gap(gap: int) -> str:
    return "0" if gap == 0 else f"{'+' if gap > 0 else '−'}{abs(gap)}"
