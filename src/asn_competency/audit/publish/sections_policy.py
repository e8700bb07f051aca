"""The sections about the policy as a whole: the verification box (policy hash, how to check
it, the reference date), formations and quotas, tracks, requirements, parameters, the
applicant data read, protected attributes and references.
"""

from __future__ import annotations

from collections.abc import Sequence

from asn_competency.audit.explain import short_citation
from asn_competency.audit.publish.blocks import Box, Row, _b, _c, _cat, _heads, _lab, _t, _tx
from asn_competency.audit.publish.builder import _Builder
from asn_competency.audit.publish.texts import _CERTAINTY, _DASH, _val
from asn_competency.model import EligibilityStage, FieldDecl, ParameterRef
from asn_competency.pipeline import Formation


class _PolicySections(_Builder):
    """The sections about the policy as a whole."""

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


def _field_type(decl: FieldDecl) -> str:
    if decl.type == "enum":
        if decl.levels:  # an ordered scale: lowest first, with each code's level
            ordered = sorted(decl.values, key=lambda code: decl.levels[code])  # type: ignore[index]
            return "enum: " + " < ".join(f"{c} ({decl.levels[c]})" for c in ordered)
        return "enum: " + ", ".join(decl.values)
    if decl.type == "list":
        codes = decl.items.values
        return "list: " + (", ".join(codes) if codes else "text") + " (separated by ';')"
    low, high = getattr(decl, "minimum", None), getattr(decl, "maximum", None)
    if low is not None and high is not None:
        return f"{decl.type} {_val(low)}–{_val(high)}"
    if low is not None or high is not None:
        return f"{decl.type} {'≥' if low is not None else '≤'} {_val(low or high)}"
    return decl.type
