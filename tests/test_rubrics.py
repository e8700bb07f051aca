"""The shipped rubrics: complete, valid, and pinned to the exact frameworks they cite."""

from __future__ import annotations

from decimal import Decimal

import pytest

import asn_competency as asn
from asn_competency.model import CompetencyFramework, PositionStandard, SelectionPolicy, TestStage
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.evaluation_policy import EvaluationPolicy
from asn_competency.model.policy_change import PolicyChange
from asn_competency.model.policy_tests import PolicyTests
from asn_competency.model.training_catalog import TrainingCatalog
from tests.conftest import RUBRICS

SHIPPED = {
    "kamus-kompetensi-permenpanrb-38-2017.yaml": CompetencyFramework,
    "kompetensi-teknis-kecamatan-gayungan.yaml": CompetencyFramework,
    "skj-gayungan-pelayanan-publik.yaml": PositionStandard,
    "cpns-2024.yaml": SelectionPolicy,
    "pppk-2024.yaml": SelectionPolicy,
    "gayungan-2026.yaml": SelectionPolicy,
    "cpns-2024.tests.yaml": PolicyTests,
    "pppk-2024.tests.yaml": PolicyTests,
    "gayungan-2026.tests.yaml": PolicyTests,
    "cpns-2024.change-tkp-170.yaml": PolicyChange,
    "katalog-pelatihan-gayungan.yaml": TrainingCatalog,
    "pengembangan-gayungan-2026.yaml": DevelopmentPolicy,
    "evaluasi-gayungan-2026.yaml": EvaluationPolicy,
}


def test_shipped_set_is_complete() -> None:
    """rubrics/ holds exactly the documented files; `asn.shipped` finds them."""
    assert {p.name for p in RUBRICS.glob("*.yaml")} == set(SHIPPED)
    assert asn.shipped().resolve() == RUBRICS.resolve()


@pytest.mark.parametrize(("name", "model"), sorted(SHIPPED.items()))
def test_shipped_file_is_valid(name: str, model: type) -> None:
    """Each shipped file loads without a single problem, as the kind its name says."""
    assert asn.validate(RUBRICS / name) == []
    assert isinstance(asn.load(RUBRICS / name), model)


def test_national_dictionary_content() -> None:
    """PermenPANRB 38/2017: M.01-M.08 managerial and SK.01 socio-cultural, levels 1-5,
    each level bilingual with indicators (docs/domain.md, section "Job competency standards",
    [C])."""
    kamus = asn.load_framework(RUBRICS / "kamus-kompetensi-permenpanrb-38-2017.yaml")
    ids = [c.id for c in kamus.competencies]
    assert ids == [f"M.0{i}" for i in range(1, 9)] + ["SK.01"]
    names = {c.id: c.name.id for c in kamus.competencies}
    assert names == {
        "M.01": "Integritas",
        "M.02": "Kerjasama",
        "M.03": "Komunikasi",
        "M.04": "Orientasi pada Hasil",
        "M.05": "Pelayanan Publik",
        "M.06": "Pengembangan Diri dan Orang Lain",
        "M.07": "Mengelola Perubahan",
        "M.08": "Pengambilan Keputusan",
        "SK.01": "Perekat Bangsa",
    }
    for competency in kamus.competencies:
        assert competency.group == ("sosial_kultural" if competency.id == "SK.01" else "manajerial")
        assert sorted(level.level for level in competency.levels) == [1, 2, 3, 4, 5]
        for level in competency.levels:
            assert level.description.en
            assert all(i.en for i in level.indicators)


def test_gayungan_standard_favours_public_facing_work() -> None:
    """The Gayungan SKJ makes communication and public service core, at level 2, and its
    weights sum to exactly 1 (the seed's public-facing example)."""
    skj = asn.load_standard(RUBRICS / "skj-gayungan-pelayanan-publik.yaml")
    for code in ("M.03", "M.05"):
        requirement = skj.requirement(code)
        assert (requirement.factor, requirement.level) == ("core", 2)
    weights = [r.weight for r in skj.requirements]
    assert None not in weights
    assert sum(w for w in weights if w is not None) == 1
    assert set(skj.loaded_frameworks) == {"kamus-kompetensi-asn-2017", "kompetensi-teknis-gayungan"}


def test_pins_match_frameworks() -> None:
    """The SKJ's sha256 pins equal the frameworks' content hashes."""
    skj = asn.load_standard(RUBRICS / "skj-gayungan-pelayanan-publik.yaml")
    for ref in skj.frameworks:
        assert ref.sha256 == asn.document_hash(asn.load(RUBRICS / ref.path))


def test_cpns_passing_grades() -> None:
    """CPNS 2024 general-track passing grades TWK 65, TIU 80, TKP 166 (KepmenPANRB 321/2024;
    docs/domain.md, section "CPNS passing grades", [C]) and maxima 150/175/225 (section
    "CPNS SKD")."""
    import datetime as dt

    policy = asn.load_policy(RUBRICS / "cpns-2024.yaml")
    as_of = dt.date(2024, 9, 1)
    grades = {
        name: policy.parameters[name].at(name, as_of)
        for name in ("skd_min_twk", "skd_min_tiu", "skd_min_tkp")
    }
    assert {k: v.value for k, v in grades.items()} == {
        "skd_min_twk": 65,
        "skd_min_tiu": 80,
        "skd_min_tkp": 166,
    }
    assert {v.reference for v in grades.values()} == {"kepmenpanrb-321-2024"}
    skd = next(s for s in policy.stages if s.id == "skd")
    assert isinstance(skd, TestStage)
    assert [(c.id, c.maximum) for c in skd.components] == [
        ("twk", Decimal(150)),
        ("tiu", Decimal(175)),
        ("tkp", Decimal(225)),
    ]


@pytest.mark.parametrize("name", sorted(n for n in SHIPPED if n.endswith(".tests.yaml")))
def test_shipped_policy_tests_pass(name: str) -> None:
    """Every shipped policy's own test cases pass."""
    from asn_competency.audit import run_policy_tests

    report = run_policy_tests(asn.load(RUBRICS / name, kind=asn.PolicyTests))
    assert report.passed, report.render()
