"""Synthetic data reads as the policy's own: a local office's posts for a policy whose position
standard names the office, national formations otherwise, plausible values for the fields a
policy declares, and rows the engine decides exactly as the drawing planted them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import statistics
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

import asn_competency as asn
from asn_competency.model import RatingStage, SelectionPolicy
from asn_competency.testing.synth import SynthData, synthesize
from asn_competency.testing.synth.catalogues import (
    CENTRAL_AGENCIES,
    CENTRAL_LOCATIONS,
    POSITIONS,
    REGIONAL_AGENCIES,
)
from tests.conftest import RUBRICS

AS_OF_CPNS = dt.date(2024, 9, 10)  # docs/domain.md, "CPNS age limits": the closing date
AS_OF_PPPK = dt.date(2024, 10, 1)
AS_OF_GAYUNGAN = dt.date(2026, 3, 31)

GAYUNGAN_PLACES = {
    "Kecamatan Gayungan",
    "Kelurahan Gayungan, Kecamatan Gayungan",
    "Kelurahan Ketintang, Kecamatan Gayungan",
    "Kelurahan Menanggal, Kecamatan Gayungan",
    "Kelurahan Dukuh Menanggal, Kecamatan Gayungan",
}

#: A CPNS-like policy: formations list study programmes and flag the positions whose age
#: limit is 40; candidates give a programme, its accreditation, a GPA or a diploma average.
QUALIFICATION_POLICY = """\
kind: selection-policy
schema_version: 1
id: synth-uji-kualifikasi
name: {id: Kebijakan uji kualifikasi dan usia}
references:
  - {id: uji, title: Aturan uji}
parameters:
  usia_maks:
    description: {id: Batas usia}
    type: integer
    values: {"2024-01-01": {value: 35, reference: uji}}
  usia_maks_40:
    description: {id: Batas usia jabatan tertentu}
    type: integer
    values: {"2024-01-01": {value: 40, reference: uji}}
  usia_min:
    description: {id: Usia paling rendah}
    type: integer
    values: {"2024-01-01": {value: 18, reference: uji}}
candidate_fields:
  candidate_id: {type: string}
  formation_id: {type: string}
  birth_date: {type: date}
  education_level: {type: enum, values: [SMA, D3, D4, S1, S2, S3]}
  qualification: {type: string, required: false}
  accreditation: {type: enum, values: [A, B, C, unggul, baik_sekali, baik], required: false}
  gpa: {type: decimal, minimum: 0, maximum: 4, places: 2, required: false}
  diploma_average: {type: decimal, minimum: 0, maximum: 100, places: 2, required: false}
  tes: {type: integer, minimum: 0, maximum: 100, required: false}
formation_fields:
  qualifications: {type: list, items: {type: string}, required: false}
  batas_usia_40: {type: boolean, required: false, default: false}
tracks:
  - {id: umum, name: {id: Umum}}
  - {id: cumlaude, name: {id: Cumlaude}}
stages:
  - kind: eligibility
    id: berkas
    name: {id: Seleksi berkas}
    rules:
      - id: usia
        rule: >-
          age_on(birth_date, as_of) <= usia_maks
          or (formation.batas_usia_40 and age_on(birth_date, as_of) <= usia_maks_40)
        reason: {id: Terlalu tua}
      - id: usia_min
        rule: age_on(birth_date, as_of) >= usia_min
        reason: {id: Terlalu muda}
      - id: pendidikan
        rule: education_level == formation.education_level
        reason: {id: Pendidikan tidak sesuai}
      - id: kualifikasi
        rule: not given(formation.qualifications) or qualification in formation.qualifications
        reason: {id: Program studi tidak sesuai}
  - kind: test
    id: tes
    name: {id: Tes}
    components:
      - {id: tes, field: tes, maximum: 100, pass_minimum: 50}
  - kind: ranking
    id: peringkat
    name: {id: Peringkat}
    order: [{key: tes}]
"""

#: A PPPK-like policy: a retirement age and a position level per formation, an experience
#: minimum, an employment status, education on an ordered scale with equal levels listed.
EXPERIENCE_POLICY = """\
kind: selection-policy
schema_version: 1
id: synth-uji-masa-kerja
name: {id: Kebijakan uji masa kerja dan usia pensiun}
references:
  - {id: uji, title: Aturan uji}
parameters:
  usia_min:
    description: {id: Usia paling rendah}
    type: integer
    values: {"2024-01-01": {value: 20, reference: uji}}
  bup_terendah:
    description: {id: BUP terendah}
    type: integer
    values: {"2024-01-01": {value: 58, reference: uji}}
  masa_kerja_min:
    description: {id: Masa kerja paling singkat}
    type: integer
    values: {"2024-01-01": {value: 2, reference: uji}}
candidate_fields:
  candidate_id: {type: string}
  formation_id: {type: string}
  birth_date: {type: date}
  education_level:
    type: enum
    values: [SMA, D3, D4, S1, S2, S3]
    levels: {SMA: 2, D3: 5, D4: 6, S1: 6, S2: 8, S3: 9}
  status: {type: enum, values: [PNS, PPPK, non_ASN], required: false}
  pengalaman_kerja_tahun: {type: integer, minimum: 0, maximum: 45, required: false}
  tes: {type: integer, minimum: 0, maximum: 100, required: false}
formation_fields:
  education_level:
    type: enum
    values: [SMA, D3, D4, S1, S2, S3]
    levels: {SMA: 2, D3: 5, D4: 6, S1: 6, S2: 8, S3: 9}
    required: false
  jenjang_setara: {type: list, items: {type: enum, values: [SMA, D3, D4, S1, S2, S3]}, required: false}
  usia_pensiun: {type: integer, minimum: 58, maximum: 70, required: false}
  jenjang_jabatan: {type: enum, values: [pelaksana, terampil, ahli_pertama, ahli_muda], required: false}
tracks:
  - {id: umum, name: {id: Umum}}
stages:
  - kind: eligibility
    id: berkas
    name: {id: Seleksi berkas}
    rules:
      - id: usia_min
        rule: age_on(birth_date, as_of) >= usia_min
        reason: {id: Terlalu muda}
      - id: usia_maks
        rule: >-
          age_on(birth_date, as_of) <= bup_terendah - 1
          or age_on(birth_date, as_of) <= formation.usia_pensiun - 1
        reason: {id: Terlalu tua}
      - id: pendidikan
        rule: >-
          education_level >= formation.education_level
          or (given(formation.jenjang_setara) and education_level in formation.jenjang_setara)
        reason: {id: Pendidikan di bawah formasi}
      - id: status
        rule: status in ["PNS", "PPPK"]
        reason: {id: Bukan ASN}
      - id: masa_kerja
        rule: pengalaman_kerja_tahun >= masa_kerja_min
        reason: {id: Masa kerja kurang}
  - kind: test
    id: tes
    name: {id: Tes}
    components:
      - {id: tes, field: tes, maximum: 100}
  - kind: ranking
    id: peringkat
    name: {id: Peringkat}
    order: [{key: tes}]
"""  # noqa: E501 - policy lines as an author writes them


def _load(name: str) -> SelectionPolicy:
    policy: SelectionPolicy = asn.load_policy(RUBRICS / name)
    return policy


def _text(source: str) -> SelectionPolicy:
    policy: SelectionPolicy = asn.load_text(source, kind=asn.SelectionPolicy)
    return policy


def _age(born: str, on: dt.date) -> int:
    day = dt.date.fromisoformat(born)
    return on.year - day.year - ((on.month, on.day) < (day.month, day.day))


def _planted_rows(data: SynthData, prefix: str) -> set[int]:
    return {p.row for p in data.planted if p.kind.startswith(prefix) and p.row is not None}


def _flawed_rows(data: SynthData) -> set[int]:
    """Rows with a planted invalid value or a candidate id shared with another row."""
    counts = Counter(row["candidate_id"] for row in data.candidates)
    shared = {i for i, row in enumerate(data.candidates) if counts[row["candidate_id"]] > 1}
    return _planted_rows(data, "invalid.") | shared


@pytest.fixture(scope="module")
def gayungan() -> tuple[SelectionPolicy, SynthData]:
    """A Gayungan cycle of 600 applicants."""
    policy = _load("gayungan-2026.yaml")
    return policy, synthesize(policy, applicants=600, seed=21, as_of=AS_OF_GAYUNGAN)


def test_gayungan_formations_are_posts_in_kecamatan_gayungan(
    gayungan: tuple[SelectionPolicy, SynthData],
) -> None:
    """The Gayungan policy's formations are the position standard's own post (Pengadministrasi
    Layanan Publik, pelaksana) at Kecamatan Gayungan and its four kelurahan (Gayungan,
    Ketintang, Menanggal, Dukuh Menanggal), for Pemerintah Kota Surabaya, one or two posts
    each, at the levels of the policy's own formations (D3, SMA, S1): no hospital post, no
    other agency or province."""
    policy, data = gayungan
    formations = data.formations
    assert {f["location"] for f in formations} == GAYUNGAN_PLACES
    assert {f["agency"] for f in formations} == {"Pemerintah Kota Surabaya"}
    assert {f["position"] for f in formations} == {"Pengadministrasi Layanan Publik"}
    assert {f["track"] for f in formations} == {"umum"}
    assert all(f["quota"] in {"1", "2"} for f in formations)
    assert {f["education_level"] for f in formations} <= {"D3", "SMA", "S1"}
    national = {
        *(name for name, _ in POSITIONS),
        *CENTRAL_AGENCIES,
        *(name for name, _ in REGIONAL_AGENCIES if name != "Pemerintah Kota Surabaya"),
        *(place for place in CENTRAL_LOCATIONS if place != "Surabaya"),
    }
    written = " ".join(value for f in formations for value in f.values())
    assert not [name for name in national if name in written]
    assert not re.search(r"Rumah Sakit|RSUD|Puskesmas|Perawat|Bidan|Dokter", written)
    assert "Kecamatan Gayungan" in data.catalogue
    assert policy.id == "gayungan-2026"


def test_gayungan_applicants_are_plausible(gayungan: tuple[SelectionPolicy, SynthData]) -> None:
    """Gayungan applicants are mostly from Jawa Timur, mostly at their formation's level, aged
    from their level's usual graduation age (at least 18) to under the retirement age of 58
    (docs/domain.md, "Filling Kecamatan posts": an internal placement of civil servants), with
    fewer years of project experience than years since graduating."""
    policy, data = gayungan
    experience = next(n for n in policy.candidate_fields if "pengalaman" in n)
    flawed = _flawed_rows(data)
    formations = {f["formation_id"]: f for f in data.formations}
    rows = [row for i, row in enumerate(data.candidates) if i not in flawed]
    regions = Counter(row["region_of_origin"] for row in rows if row["region_of_origin"])
    assert regions.most_common(1)[0][0] == "Jawa Timur"
    assert regions["Jawa Timur"] / sum(regions.values()) > 0.75
    matched = sum(
        row["education_level"] == formations[row["formation_id"]]["education_level"] for row in rows
    )
    assert matched / len(rows) > 0.9
    over = _planted_rows(data, "eligibility.over_age")
    graduation = {"SMA": 18, "D3": 21, "D4": 22, "S1": 22, "S2": 24, "S3": 28}
    ages = []
    for index, row in enumerate(data.candidates):
        if index in flawed:
            continue
        age = _age(row["birth_date"], AS_OF_GAYUNGAN)
        ages.append(age)
        if index not in over:
            assert graduation[row["education_level"]] <= age < 58, row
        if row[experience]:
            assert int(row[experience]) <= max(0, age - graduation[row["education_level"]]), row
    assert 25 <= statistics.median(ages) <= 45


def test_gayungan_interview_levels_centre_on_the_standard(
    gayungan: tuple[SelectionPolicy, SynthData],
) -> None:
    """Interview ratings sit around the level the position standard requires of each
    competency (rubrics/skj-gayungan-pelayanan-publik.yaml: level 1 for most, 2 for M.03,
    M.05, T.GAY.01-03): competencies required at level 2 are rated higher than those at 1,
    and nine ratings in ten lie from one level under to two above the requirement."""
    policy, data = gayungan
    standard = policy.loaded_standards["skj-gayungan-pelayanan-publik"]
    required = {r.competency: r.level for r in standard.requirements}
    stage = next(s for s in policy.stages if isinstance(s, RatingStage))
    assert {c.id for c in stage.criteria} == set(required)
    scores: dict[int, list[int]] = defaultdict(list)
    near = 0
    for rating in data.ratings:
        target = required[rating["criterion_id"]]
        score = int(rating["score"])
        scores[target].append(score)
        near += target - 1 <= score <= target + 2
    assert sorted(scores) == [1, 2]
    assert statistics.mean(scores[2]) > statistics.mean(scores[1]) + 0.5
    assert near / len(data.ratings) > 0.9


@pytest.mark.parametrize(
    ("name", "as_of"), [("cpns-2024.yaml", AS_OF_CPNS), ("pppk-2024.yaml", AS_OF_PPPK)]
)
def test_national_policies_keep_national_formations(name: str, as_of: dt.date) -> None:
    """CPNS and PPPK formations are national: many governments, positions and places across
    the country, quotas above two; central agencies only where the policy allows them (the
    CPNS 2024 policy encodes the SKB of regional agencies only and says so in its formation
    field `agency_type`: docs/domain.md, "CPNS SKB composition")."""
    policy = _load(name)
    data = synthesize(policy, applicants=2000, seed=5, as_of=as_of)
    agencies = {f["agency"] for f in data.formations}
    assert len(agencies) >= 6
    assert len({f["position"] for f in data.formations}) >= 10
    assert len({f["location"] for f in data.formations}) >= 15
    assert any(int(f["quota"]) > 2 for f in data.formations)
    assert data.catalogue.startswith("national")
    if "agency_type" in policy.formation_fields:
        assert all(a.startswith("Pemerintah ") for a in agencies)
        assert {f["agency_type"] for f in data.formations} <= {"daerah", ""}
    else:
        assert agencies & set(CENTRAL_AGENCIES)


def test_priority_groups_are_the_codes_the_ranking_lists() -> None:
    """PPPK applicants are in the priority groups the ranking lists (thk2, non_asn,
    non_asn_aktif: docs/domain.md, "PPPK ranking and priority groups"), never in the legacy
    code `umum` the policy keeps only so that older tables load."""
    policy = _load("pppk-2024.yaml")
    data = synthesize(policy, applicants=1000, seed=4, as_of=AS_OF_PPPK)
    flawed = _flawed_rows(data)
    groups = Counter(r["priority_group"] for i, r in enumerate(data.candidates) if i not in flawed)
    assert set(groups) == {"thk2", "non_asn", "non_asn_aktif"}
    assert min(groups.values()) > 200


def _cases() -> list[tuple[str, SelectionPolicy, dt.date]]:
    return [
        ("gayungan-2026", _load("gayungan-2026.yaml"), AS_OF_GAYUNGAN),
        ("cpns-2024", _load("cpns-2024.yaml"), AS_OF_CPNS),
        ("pppk-2024", _load("pppk-2024.yaml"), AS_OF_PPPK),
        ("kualifikasi", _text(QUALIFICATION_POLICY), AS_OF_CPNS),
        ("masa-kerja", _text(EXPERIENCE_POLICY), AS_OF_PPPK),
    ]


@pytest.mark.parametrize(("name", "policy", "as_of"), _cases(), ids=[c[0] for c in _cases()])
def test_rows_are_decided_as_planted(name: str, policy: SelectionPolicy, as_of: dt.date) -> None:
    """Run on its synthetic tables, a policy finds invalid input exactly in the planted invalid
    rows and shared ids (formations and ratings are clean), and finds ineligible only rows the
    drawing planted as such; every row planted as surely ineligible is."""
    data = synthesize(policy, applicants=600, seed=3, as_of=as_of)
    result = asn.run(
        policy,
        data.candidates,
        formations=data.formations,
        ratings=data.ratings if data.has_ratings else None,
        as_of=as_of,
    )
    assert len(result) == len(data.candidates)
    first = min(d.row for d in result)
    status = {d.row - first: d.final_status for d in result}
    flawed = _flawed_rows(data)
    planted = _planted_rows(data, "eligibility.")
    sure = {
        p.row
        for p in data.planted
        if p.kind.startswith("eligibility.")
        and p.kind != "eligibility.education_mismatch"
        and p.row is not None
    }
    assert {i for i, s in status.items() if s == "invalid_input"} == flawed, name
    assert {i for i, s in status.items() if s == "ineligible"} <= planted - flawed, name
    assert sure - flawed, name
    assert all(status[i] == "ineligible" for i in sure - flawed), name
    assert result.counts().get("selected", 0) > 0, name


def test_declared_qualifications_and_age_flags_are_plausible() -> None:
    """A formation lists one to three programmes at its own level ("S-1 Ilmu Hukum", as
    docs/domain.md, "CPNS education", describes); applicants mostly give one of them; the
    cumlaude track has the top accreditation; only secondary-school graduates have a diploma
    average (0-100), and they have no GPA; the age-40 flag marks only specialist doctors and
    lecturers and researchers with a doctorate (docs/domain.md, "CPNS age limits"), and only
    their applicants are over 35 without being planted as over the limit."""
    policy = _text(QUALIFICATION_POLICY)
    data = synthesize(policy, applicants=2000, seed=8, as_of=AS_OF_CPNS)
    prefixes = {
        "SMA": "SMA/SMK",
        "D3": "D-III",
        "D4": "D-IV",
        "S1": "S-1",
        "S2": "S-2",
        "S3": "S-3",
    }
    formations = {f["formation_id"]: f for f in data.formations}
    forty = {"Dokter Spesialis Ahli Pertama", "Dosen Lektor", "Peneliti Ahli Pertama"}
    for f in data.formations:
        listed = [item.strip() for item in f["qualifications"].split(";")]
        assert 1 <= len(listed) <= 3
        assert all(item.startswith(prefixes[f["education_level"]] + " ") for item in listed)
        assert (f["batas_usia_40"] == "true") == (f["position"] in forty)
    flawed = _flawed_rows(data)
    planted = _planted_rows(data, "eligibility.")
    over = _planted_rows(data, "eligibility.over_age")
    rows = [(i, r) for i, r in enumerate(data.candidates) if i not in flawed]
    clean = [r for i, r in rows if i not in planted]
    given = [
        r["qualification"]
        in [q.strip() for q in formations[r["formation_id"]]["qualifications"].split(";")]
        for r in clean
        if r["qualification"]
    ]
    assert all(given)
    assert len(given) > 0.95 * len(clean)
    for index, row in rows:
        formation = formations[row["formation_id"]]
        if formation["track"] == "cumlaude" and row["accreditation"]:
            assert row["accreditation"] in {"A", "unggul"}
        if row["education_level"] == "SMA":
            assert row["gpa"] == ""
            assert 70 <= Decimal(row["diploma_average"]) <= 100
        else:
            assert row["diploma_average"] == ""
        if _age(row["birth_date"], AS_OF_CPNS) > 35 and index not in over:
            assert formation["batas_usia_40"] == "true", row
    assert Counter(p.kind for p in data.planted)["eligibility.qualification"] > 0


def test_declared_experience_and_retirement_are_plausible() -> None:
    """Formations have the retirement age of their position (58; teachers 60, lecturers 65;
    docs/domain.md, "PPPK eligibility", ages at most one year before it) and its level from
    its name; applicants have at least the experience asked, at most the years since their
    level's graduation age, mostly an accepted employment status, and ages from 20 to one
    year under the retirement age; a formation lists as equal only the other code of its own
    level (D4 for S1)."""
    policy = _text(EXPERIENCE_POLICY)
    data = synthesize(policy, applicants=2000, seed=9, as_of=AS_OF_PPPK)
    retirement = {"Guru Ahli Pertama": "60", "Dosen Asisten Ahli": "65", "Dosen Lektor": "65"}
    levels = {
        "Ahli Pertama": "ahli_pertama",
        "Terampil": "terampil",
        "Asisten Ahli": "ahli_pertama",
    }
    equal = {"S1": {"D4"}, "D4": {"S1"}}
    for f in data.formations:
        assert f["usia_pensiun"] == retirement.get(f["position"], "58")
        suffix = next((s for s in levels if f["position"].endswith(s)), None)
        if suffix is not None:
            assert f["jenjang_jabatan"] == levels[suffix]
        listed = {item.strip() for item in f["jenjang_setara"].split(";") if item.strip()}
        assert listed <= equal.get(f["education_level"], set())
    assert any(f["jenjang_setara"] for f in data.formations)
    formations = {f["formation_id"]: f for f in data.formations}
    flawed = _flawed_rows(data)
    planted = _planted_rows(data, "eligibility.")
    graduation = {"SMA": 18, "D3": 21, "D4": 22, "S1": 22, "S2": 24, "S3": 28}
    statuses: Counter[str] = Counter()
    for index, row in enumerate(data.candidates):
        if index in flawed or index in planted:
            continue
        age = _age(row["birth_date"], AS_OF_PPPK)
        assert 20 <= age <= int(formations[row["formation_id"]]["usia_pensiun"]) - 1, row
        if row["pengalaman_kerja_tahun"]:
            years = int(row["pengalaman_kerja_tahun"])
            assert 2 <= years <= age - graduation[row["education_level"]], row
        statuses[row["status"]] += 1
    assert set(statuses) <= {"PNS", "PPPK", ""}
    assert statuses["PNS"] > statuses["PPPK"] > statuses[""]
    kinds = Counter(p.kind for p in data.planted)
    assert kinds["eligibility.status"] > 0
    assert kinds["eligibility.pengalaman_kerja_tahun"] > 0


def test_a_standard_for_another_office_gives_that_office(tmp_path: Path) -> None:
    """The catalogue follows the position standard's unit, not the policy id: a copy of the
    Gayungan policy (under another id) whose standard names "Kecamatan Krian, Kabupaten
    Sidoarjo" draws posts at Kecamatan Krian for Pemerintah Kabupaten Sidoarjo (an office the
    gazetteer has no offices under: the unit alone)."""
    for path in RUBRICS.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    standard = tmp_path / "skj-gayungan-pelayanan-publik.yaml"
    text = standard.read_text("utf-8")
    assert "unit: Kecamatan Gayungan, Kota Surabaya" in text
    standard.write_text(
        text.replace(
            "unit: Kecamatan Gayungan, Kota Surabaya", "unit: Kecamatan Krian, Kabupaten Sidoarjo"
        ),
        "utf-8",
    )
    pin = asn.document_hash(asn.load(standard))
    policy_path = tmp_path / "gayungan-2026.yaml"
    policy_text = re.sub(
        r"sha256: sha256:[0-9a-f]{64}",
        f"sha256: {pin}",
        policy_path.read_text("utf-8").replace("id: gayungan-2026", "id: krian-2026", 1),
        count=1,
    )
    policy_path.write_text(policy_text, "utf-8")
    policy: SelectionPolicy = asn.load_policy(policy_path)
    assert policy.id == "krian-2026"
    data = synthesize(policy, applicants=200, seed=1, as_of=AS_OF_GAYUNGAN)
    assert {f["location"] for f in data.formations} == {"Kecamatan Krian"}
    assert {f["agency"] for f in data.formations} == {"Pemerintah Kabupaten Sidoarjo"}
    assert "Kecamatan Krian" in data.catalogue
