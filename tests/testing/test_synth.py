"""Synthetic recruitment data: deterministic, within every declaration, realistic in shape."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

import asn_competency as asn
from asn_competency.model import (
    BooleanField,
    DateField,
    DecimalField,
    EnumField,
    IntegerField,
    ListField,
    RatingStage,
    SelectionPolicy,
    StringField,
    TestStage,
)
from asn_competency.model.fields import AnyField
from asn_competency.pipeline import read_candidates
from asn_competency.testing.synth import (
    FORMATION_COLUMNS,
    INVALID_KINDS,
    RATING_COLUMNS,
    SynthData,
    synthesize,
    write_synth,
)
from tests.conftest import RUBRICS

#: CPNS 2024: registration closed on 10 September 2024 after the extension (docs/domain.md,
#: "CPNS age limits"). PPPK 2024: the date its policy tests use. Gayungan 2026: the demo's.
AS_OF_2024 = dt.date(2024, 9, 10)
AS_OF_PPPK = dt.date(2024, 10, 1)
AS_OF_2026 = dt.date(2026, 3, 31)

#: A policy that declares every field type, a pattern, defaults, bounded formation fields,
#: a parameter pass minimum, a shortlist and a rating stage.
TEST_POLICY = """\
kind: selection-policy
schema_version: 1
id: synth-uji
name: {id: Kebijakan uji data sintetis}
references:
  - {id: uji, title: Aturan uji}
parameters:
  batas_usia:
    description: {id: Batas usia}
    type: integer
    values: {"2024-01-01": {value: 40, reference: uji}}
  min_tulis:
    description: {id: Nilai minimal tes tulis}
    type: decimal
    values: {"2024-01-01": {value: 55.5, reference: uji}}
candidate_fields:
  candidate_id: {type: string, pattern: "[A-Z0-9-]{1,20}"}
  formation_id: {type: string}
  tanggal_lahir: {type: date, minimum: "1960-01-01", maximum: "2010-12-31"}
  education_level: {type: enum, values: [SMA, D3, S1, S2]}
  nomor_sertifikat:
    type: string
    pattern: "SRT-[0-9]{4}[A-Z]?"
    max_length: 9
    required: false
  pengalaman_tahun: {type: integer, minimum: 0, maximum: 30, required: false, default: 0}
  nilai_portofolio: {type: decimal, minimum: 0, maximum: 10, places: 1, required: false}
  tes_tulis: {type: decimal, minimum: 0, maximum: 100, places: 2, required: false}
  tes_praktik: {type: integer, minimum: 0, maximum: 50, required: false}
  bersedia_ditempatkan: {type: boolean}
  kategori: {type: enum, values: [A, B, C], required: false, default: A}
  tanggal_lulus: {type: date, required: false}
protected_attributes:
  gender: {type: enum, values: [P, L], required: false}
  disabilitas: {type: boolean, required: false}
  daerah_asal: {type: string, required: false, max_length: 40}
formation_fields:
  bobot_praktik: {type: decimal, minimum: 0.1, maximum: 0.5, places: 2}
  kode_unit: {type: string, pattern: "U[0-9]{3}", required: false}
tracks:
  - {id: umum, name: {id: Umum}}
  - {id: disabilitas, name: {id: Disabilitas}}
stages:
  - kind: eligibility
    id: berkas
    name: {id: Seleksi berkas}
    rules:
      - id: usia
        rule: age_on(tanggal_lahir, as_of) <= batas_usia
        reason: {id: Terlalu tua}
      - id: pendidikan
        rule: education_level == formation.education_level
        reason: {id: Pendidikan tidak sesuai}
      - id: bersedia
        rule: bersedia_ditempatkan == true
        reason: {id: Tidak bersedia ditempatkan}
  - kind: test
    id: tes
    name: {id: Tes}
    components:
      - {id: tulis, field: tes_tulis, maximum: 100, pass_minimum: {parameter: min_tulis}}
      - {id: praktik, field: tes_praktik, maximum: 50, pass_minimum: 25}
  - kind: shortlist
    id: saring
    name: {id: Penyaringan}
    multiplier: 2
    order: [{key: tes_tulis + tes_praktik}]
  - kind: rating
    id: wawancara
    name: {id: Wawancara}
    scale: [1, 4]
    min_raters: 2
    max_spread: 1
    criteria:
      - {id: K1, field: wawancara_k1}
      - {id: K2, field: wawancara_k2}
      - {id: K3, field: wawancara_k3}
  - kind: ranking
    id: peringkat
    name: {id: Peringkat}
    order: [{key: tes_tulis}]
"""


def _cpns() -> SelectionPolicy:
    policy: SelectionPolicy = asn.load_policy(RUBRICS / "cpns-2024.yaml")
    return policy


def _test_policy() -> SelectionPolicy:
    policy: SelectionPolicy = asn.load_text(TEST_POLICY, kind=asn.SelectionPolicy)
    return policy


def _policies() -> list[tuple[str, SelectionPolicy, dt.date]]:
    """The shipped selection policies that exist, and the test policy."""
    found = [("cpns-2024", _cpns(), AS_OF_2024), ("synth-uji", _test_policy(), AS_OF_2024)]
    for name, as_of in (("pppk-2024", AS_OF_PPPK), ("gayungan-2026", AS_OF_2026)):
        path = RUBRICS / f"{name}.yaml"
        if path.is_file():
            found.append((name, asn.load_policy(path), as_of))
    return found


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _valid(decl: AnyField, text: str) -> bool:
    """Whether a written value fits its declaration (read independently of the library)."""
    if text == "":
        return not decl.required
    if isinstance(decl, IntegerField):
        if not re.fullmatch(r"-?[0-9]+", text):
            return False
        number = Decimal(text)
    elif isinstance(decl, DecimalField):
        if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
            return False
        number = Decimal(text)
        places = len(text.partition(".")[2])
        if decl.places is not None and places > decl.places:
            return False
    elif isinstance(decl, EnumField):
        return text in decl.values
    elif isinstance(decl, BooleanField):
        return text in {"true", "false"}
    elif isinstance(decl, ListField):
        items = [item.strip() for item in text.split(";")]
        if not all(items):
            return False
        return decl.items.values is None or all(item in decl.items.values for item in items)
    elif isinstance(decl, DateField):
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return False
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return False
        return (decl.minimum is None or day >= decl.minimum) and (
            decl.maximum is None or day <= decl.maximum
        )
    else:
        assert isinstance(decl, StringField)
        fits = decl.max_length is None or len(text) <= decl.max_length
        return fits and (decl.pattern is None or re.fullmatch(decl.pattern, text) is not None)
    return (decl.minimum is None or number >= decl.minimum) and (
        decl.maximum is None or number <= decl.maximum
    )


def _invalid_rows(data: SynthData) -> set[int]:
    return {p.row for p in data.planted if p.kind.startswith("invalid.") and p.row is not None}


@pytest.fixture(scope="module")
def cpns_big() -> SynthData:
    """A larger CPNS cycle for the share checks (still well under a second)."""
    return synthesize(_cpns(), applicants=3000, seed=11, as_of=AS_OF_2024)


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    """The same policy, size, seed and date give byte-identical files."""
    for name, policy, as_of in _policies():
        first = write_synth(synthesize(policy, applicants=300, seed=5, as_of=as_of), tmp_path / "a")
        again = write_synth(synthesize(policy, applicants=300, seed=5, as_of=as_of), tmp_path / "b")
        assert sorted(first) == sorted(again), name
        assert _files(tmp_path / "a") == _files(tmp_path / "b"), name


_HASH_SCRIPT = """
import datetime as dt, hashlib, sys
from pathlib import Path
import asn_competency as asn
from asn_competency.testing.synth import synthesize, write_synth
policy = asn.load(Path(sys.argv[1]))
paths = write_synth(
    synthesize(policy, applicants=300, seed=5, as_of=dt.date(2024, 9, 10)), Path(sys.argv[2])
)
print([hashlib.sha256(p.read_bytes()).hexdigest() for p in paths.values()])
"""


def test_files_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """String hashing (PYTHONHASHSEED) does not change the files."""
    digests = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", _HASH_SCRIPT, str(RUBRICS / "cpns-2024.yaml"), str(tmp_path)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        digests.append(result.stdout)
    assert digests[0] == digests[1]


def test_different_seed_gives_different_files(tmp_path: Path) -> None:
    """Another seed gives other candidates and formations."""
    policy = _cpns()
    write_synth(synthesize(policy, applicants=300, seed=1, as_of=AS_OF_2024), tmp_path / "a")
    write_synth(synthesize(policy, applicants=300, seed=2, as_of=AS_OF_2024), tmp_path / "b")
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first["candidates.csv"] != second["candidates.csv"]
    assert first["formations.csv"] != second["formations.csv"]


def test_files_are_utf8_lf_csv_with_header(tmp_path: Path) -> None:
    """UTF-8, LF line ends, a header row; ratings.csv only for a policy with rating stages."""
    cpns = write_synth(synthesize(_cpns(), applicants=50, seed=1, as_of=AS_OF_2024), tmp_path / "c")
    assert sorted(cpns) == ["candidates", "formations"]
    rated = synthesize(_test_policy(), applicants=300, seed=1, as_of=AS_OF_2024)
    paths = write_synth(rated, tmp_path / "t")
    assert sorted(paths) == ["candidates", "formations", "ratings"]
    for path in [*cpns.values(), *paths.values()]:
        raw = path.read_bytes()
        assert b"\r" not in raw
        assert raw.endswith(b"\n")
        raw.decode("utf-8")
    with paths["ratings"].open(encoding="utf-8", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == RATING_COLUMNS
    with paths["formations"].open(encoding="utf-8", newline="") as handle:
        header = tuple(next(csv.reader(handle)))
    assert header == (*FORMATION_COLUMNS, "bobot_praktik", "kode_unit")
    with paths["candidates"].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows == rated.candidates


def test_values_lie_within_their_declarations() -> None:
    """Every value of a row without a planted problem fits its declaration."""
    for name, policy, as_of in _policies():
        data = synthesize(policy, applicants=300, seed=3, as_of=as_of)
        decls: dict[str, AnyField] = {**policy.candidate_fields, **policy.protected_attributes}
        planted = _invalid_rows(data)
        for index, row in enumerate(data.candidates):
            assert set(decls) <= set(row), name
            if index in planted:
                continue
            for field, decl in decls.items():
                assert _valid(decl, row[field]), (name, index, field, row[field])
        for formation in data.formations:
            assert int(formation["quota"]) >= 1
            assert formation["track"] in {t.id for t in policy.tracks}
            for field, decl in policy.formation_fields.items():
                assert _valid(decl, formation[field]), (name, field, formation[field])


def test_planted_problems_break_their_declarations() -> None:
    """Each planted invalid value is refused by its declaration; every kind is planted."""
    policy = _test_policy()
    data = synthesize(policy, applicants=300, seed=3, as_of=AS_OF_2024)
    ids = {f["formation_id"] for f in data.formations}
    kinds = Counter(p.kind for p in data.planted)
    assert {f"invalid.{k}" for k in INVALID_KINDS} <= set(kinds)
    for kind, count in kinds.items():
        assert data.notes[kind] == count
    for planted in data.planted:
        if not planted.kind.startswith("invalid.") or planted.row is None:
            continue
        value = data.candidates[planted.row][planted.field]
        assert value == planted.value
        if planted.kind == "invalid.unknown_formation":
            assert value not in ids
        else:
            assert not _valid(policy.candidate_fields[planted.field], value), planted


def test_reader_flags_exactly_the_planted_rows(tmp_path: Path) -> None:
    """The library's reader finds problems in the planted rows and duplicates, and no others."""
    for name, policy, as_of in _policies():
        data = synthesize(policy, applicants=300, seed=4, as_of=as_of)
        paths = write_synth(data, tmp_path / name)
        table = read_candidates(paths["candidates"], policy).with_formations(
            [f["formation_id"] for f in data.formations]
        )
        counts = Counter(row["candidate_id"] for row in data.candidates)
        duplicated = {i for i, r in enumerate(data.candidates) if counts[r["candidate_id"]] > 1}
        flagged = {i for i, row in enumerate(table.rows) if not row.valid}
        assert flagged == _invalid_rows(data) | duplicated, name
        assert not table.warnings, name
        assert len(duplicated) == 2 * data.notes["duplicate_ids"]


def test_formation_ids_exist_except_planted_unknown_ones() -> None:
    """Candidates apply to generated formations, except the planted unknown ids."""
    data = synthesize(_cpns(), applicants=300, seed=6, as_of=AS_OF_2024)
    ids = [f["formation_id"] for f in data.formations]
    assert len(ids) == len(set(ids))
    unknown = {p.row for p in data.planted if p.kind == "invalid.unknown_formation"}
    emptied = {p.row for p in data.planted if p.field == "formation_id" and not p.value}
    assert unknown
    for index, row in enumerate(data.candidates):
        if index in unknown:
            assert row["formation_id"] not in ids
        elif index not in emptied:
            assert row["formation_id"] in ids
    applied = Counter(row["formation_id"] for row in data.candidates)
    assert data.notes["formations.without_applicants"] == sum(1 for f in ids if f not in applied)


def test_skd_pass_share_is_plausible(cpns_big: SynthData) -> None:
    """Each SKD component mostly meets its passing grade; 30-60% meet all three."""
    policy = _cpns()
    skd = next(s for s in policy.stages if isinstance(s, TestStage) and s.id == "skd")
    planted = _invalid_rows(cpns_big)
    sat = [
        row
        for index, row in enumerate(cpns_big.candidates)
        if index not in planted and all(row[c.field] for c in skd.components)
    ]
    assert len(sat) > 2000
    passing = []
    for component in skd.components:
        minimum = component.pass_minimum
        assert minimum is not None
        assert not isinstance(minimum, Decimal)
        threshold = policy.parameters[minimum.parameter].at(minimum.parameter, AS_OF_2024).value
        assert isinstance(threshold, int)
        met = {id(row) for row in sat if int(row[component.field]) >= threshold}
        assert 0.6 <= len(met) / len(sat) <= 0.95, component.id
        passing.append(met)
    everyone = set.intersection(*passing)
    assert 0.3 <= len(everyone) / len(sat) <= 0.6
    assert all(int(row["twk"]) % 5 == 0 and int(row["tiu"]) % 5 == 0 for row in sat)


def test_absentees_and_eligibility_cases_are_planted(cpns_big: SynthData) -> None:
    """A few percent are absent at SKD; some shortlisted-looking ones miss SKB; a few are
    over the age limit of their formation (35, or 40 for the positions the policy flags:
    docs/domain.md, "CPNS age limits"), each planted, or apply with another education level."""
    rows = cpns_big.candidates
    total = len(rows)
    notes = cpns_big.notes
    invalid = _invalid_rows(cpns_big)
    assert 0.02 <= notes["absent.skd"] / total <= 0.07
    assert notes["absent.skb"] > 0
    for planted in cpns_big.planted:
        if planted.kind in {"absent.skd", "absent.skb"} and planted.row not in invalid:
            assert planted.row is not None
            fields = ("twk", "tiu", "tkp") if planted.kind == "absent.skd" else ("skb_cat",)
            assert all(rows[planted.row][f] == "" for f in fields)
    formations = {f["formation_id"]: f for f in cpns_big.formations}
    ages = []
    old = set()
    for index, row in enumerate(rows):
        if index not in invalid:
            born = dt.date.fromisoformat(row["birth_date"])
            before = (AS_OF_2024.month, AS_OF_2024.day) < (born.month, born.day)
            age = AS_OF_2024.year - born.year - before
            ages.append(age)
            formation = formations.get(row["formation_id"], {})
            if age > (40 if formation.get("batas_usia_40") == "true" else 35):
                old.add(index)
    over = {p.row for p in cpns_big.planted if p.kind == "eligibility.over_age"}
    assert sum(1 for a in ages if 18 <= a <= 35) / len(ages) > 0.9
    assert 0.01 <= len(old) / len(ages) <= 0.06
    assert old <= over <= old | invalid
    assert 0.02 <= notes["eligibility.education_mismatch"] / total <= 0.07


def test_candidates_fit_their_formation_and_track(cpns_big: SynthData) -> None:
    """Education mostly matches; disabilitas applicants have a disability, papua applicants
    a Papuan region, cumlaude applicants a GPA of at least 3.51 and a programme accredited A
    or Unggul in a formation at S1 or higher (docs/domain.md, "CPNS education"); SMA
    graduates a diploma average and no GPA; SKB extra only with weight."""
    formations = {f["formation_id"]: f for f in cpns_big.formations}
    tracks = Counter(f["track"] for f in cpns_big.formations)
    assert tracks["umum"] / len(cpns_big.formations) > 0.75
    assert {"cumlaude", "disabilitas", "papua"} <= set(tracks)
    planted = _invalid_rows(cpns_big)
    matched = 0
    for index, row in enumerate(cpns_big.candidates):
        formation = formations.get(row["formation_id"])
        if formation is None or index in planted:
            continue
        matched += row["education_level"] == formation["education_level"]
        track = formation["track"]
        if track == "disabilitas":
            assert row["disability"] == "true"
        if track == "papua" and row["region_of_origin"]:
            assert row["region_of_origin"].startswith("Papua")
        if track == "cumlaude":
            assert formation["education_level"] in {"S1", "S2", "S3"}
            assert row["program_accreditation"] in {"A", "Unggul"}
            if row["gpa"]:
                assert Decimal(row["gpa"]) >= Decimal("3.51")
        if row["education_level"] == "SMA":
            assert (row["gpa"], bool(row["diploma_average"])) == ("", True)
        weight = formation["skb_extra_weight"]
        if row["skb_extra"]:
            assert weight
            assert Decimal(weight) > 0
        if row["skb_cat"] and weight and Decimal(weight) > 0:
            assert row["skb_extra"]
    assert matched / len(cpns_big.candidates) > 0.9


def test_applicants_spread_unevenly(cpns_big: SynthData) -> None:
    """Popular formations get many applicants, some none; quotas are mostly 1-3."""
    counts = Counter(row["formation_id"] for row in cpns_big.candidates)
    per_formation = [counts.get(f["formation_id"], 0) for f in cpns_big.formations]
    assert max(per_formation) >= 5 * (sum(per_formation) / len(per_formation))
    assert per_formation.count(0) >= 1
    quotas = [int(f["quota"]) for f in cpns_big.formations]
    assert sum(1 for q in quotas if q <= 3) / len(quotas) > 0.75
    assert max(quotas) > 3
    groups = Counter(
        (f["position"], f["education_level"], f["agency"]) for f in cpns_big.formations
    )
    assert any(count > 1 for count in groups.values())


def test_ratings_have_min_raters_within_scale() -> None:
    """Each rated criterion has min_raters raters within the scale and max_spread, except
    the planted missing raters and disagreements (about 2% of rated candidates)."""
    for name, policy, as_of in _policies():
        stages = {s.id: s for s in policy.stages if isinstance(s, RatingStage)}
        if not stages:
            continue
        data = synthesize(policy, applicants=300, seed=8, as_of=as_of)
        given: dict[tuple[str, str, str], list[tuple[str, int]]] = defaultdict(list)
        for rating in data.ratings:
            key = (rating["candidate_id"], rating["stage_id"], rating["criterion_id"])
            given[key].append((rating["rater_id"], int(rating["score"])))
        missing = {
            (p.candidate_id, *p.field.split("/", 1))
            for p in data.planted
            if p.kind.endswith(".missing_rater")
        }
        disagree = {
            (p.candidate_id, *p.field.split("/", 1))
            for p in data.planted
            if p.kind.endswith(".disagreement")
        }
        assert given, name
        for key, scores in given.items():
            stage = stages[key[1]]
            raters = [r for r, _ in scores]
            assert len(set(raters)) == len(raters)
            assert all(re.fullmatch(r"R[0-9]+", r) for r in raters)
            assert len(raters) == stage.min_raters - (key in missing), (name, key)
            values = [s for _, s in scores]
            assert all(stage.scale[0] <= s <= stage.scale[1] for s in values)
            if stage.max_spread is not None and key not in disagree:
                assert max(values) - min(values) <= stage.max_spread, (name, key)
            if key in disagree:
                assert stage.max_spread is not None
                assert max(values) - min(values) > stage.max_spread
        candidates = {row["candidate_id"] for row in data.candidates}
        assert {key[0] for key in given} <= candidates
        candidates = {key[0] for key in given}
        assert 0.005 <= len(disagree) / len(candidates) <= 0.05, name
        assert missing


def test_fewer_than_one_applicant_is_refused() -> None:
    """applicants must be positive."""
    with pytest.raises(ValueError, match="at least 1"):
        synthesize(_cpns(), applicants=0, seed=1, as_of=AS_OF_2024)
