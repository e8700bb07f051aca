"""The training catalogue and development policy: consistency checks, the shipped examples,
and the three documents checked together."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

import asn_competency as asn
from asn_competency.development import check_documents
from asn_competency.errors import ParameterError, PolicyError
from asn_competency.model import document_hash
from asn_competency.model.development_policy import (
    BOXES,
    PERMENPANRB_3_2020_NUMBERING,
    DevelopmentPolicy,
)
from asn_competency.model.training_catalog import TrainingCatalog
from tests.conftest import RUBRICS
from tests.development._build import catalogue, policy, policy_data, programme, standard

CATALOGUE = RUBRICS / "katalog-pelatihan-gayungan.yaml"
POLICY = RUBRICS / "pengembangan-gayungan-2026.yaml"
STANDARD = RUBRICS / "skj-gayungan-pelayanan-publik.yaml"


def test_shipped_documents_agree_with_each_other() -> None:
    """The shipped policy, the standard and catalogue it pins, and the catalogue's programmes
    against the standard's frameworks: no problem when read together."""
    shipped = asn.load_development_policy(POLICY)
    skj = asn.load_standard(STANDARD)
    katalog = asn.load_training_catalog(CATALOGUE)
    check_documents(shipped, skj, katalog)
    assert shipped.position_standard.sha256 == document_hash(skj)
    assert shipped.training_catalog.sha256 == document_hash(katalog)
    assert {f.id: f.sha256 for f in katalog.frameworks} == {f.id: f.sha256 for f in skj.frameworks}


def test_shipped_catalogue_covers_the_three_training_areas() -> None:
    """docs/domain.md, "The Gayungan seed": after hiring, training on public policy (T.GAY.04),
    information technology (T.GAY.03) and public service (M.05); every programme's source is
    marked illustrative (unverified)."""
    katalog = asn.load_training_catalog(CATALOGUE)
    developed = {d.competency for p in katalog.programmes for d in p.develops}
    assert {"T.GAY.04", "T.GAY.03", "M.05"} <= developed
    assert {r.certainty for r in katalog.references} == {"unverified"}
    assert {p.reference for p in katalog.programmes} == {"katalog-ilustrasi"}


def test_shipped_minimum_is_20_jp_and_numbering_is_permenpanrb_3_2020() -> None:
    """docs/domain.md, "Talent management, development and performance": at least 20 JP a
    year for every PNS (PP 17/2020, Pasal 203), and the nine boxes numbered 1 below-low ...
    9 above-high (PermenPANRB 3/2020)."""
    shipped = asn.load_development_policy(POLICY)
    assert shipped.min_jp_at(dt.date(2026, 1, 2)) == (20, "pp-17-2020")
    assert shipped.nine_box.numbering == {
        "below-low": 1,
        "meets-low": 2,
        "below-medium": 3,
        "above-low": 4,
        "meets-medium": 5,
        "below-high": 6,
        "above-medium": 7,
        "meets-high": 8,
        "above-high": 9,
    }
    assert dict(PERMENPANRB_3_2020_NUMBERING) == shipped.nine_box.numbering
    with pytest.raises(ParameterError, match=r"param\.no-value"):
        shipped.min_jp_at(dt.date(2019, 12, 31))


def test_to_level_must_be_above_from_level() -> None:
    """A programme that develops M.03 from 2 to 2 raises nothing: level.order."""
    with pytest.raises(ValidationError, match=r"level\.order"):
        catalogue([programme("p", {"M.03": (2, 2)}, 8)])


def test_a_programme_names_each_competency_once() -> None:
    """Developing one competency twice in a programme is ref.duplicate-id."""
    data = programme("p", {"M.03": (1, 2)}, 8)
    data["develops"].append({"competency": "M.03", "from_level": 2, "to_level": 3})
    with pytest.raises(ValidationError, match=r"ref\.duplicate-id"):
        catalogue([data])


def test_catalogue_competencies_are_checked_against_frameworks() -> None:
    """A programme's competency that no framework of the standard defines is
    ref.unknown-competency, with the nearest id as a hint."""
    skj = asn.load_standard(STANDARD)
    katalog = catalogue([programme("p", {"T.GAY.30": (1, 2)}, 8)])
    (problem,) = katalog.problems_against(skj.loaded_frameworks)
    assert problem.code == "ref.unknown-competency"
    assert problem.path == ("programmes", 0, "develops", 0, "competency")
    assert problem.hint is not None
    assert "T.GAY.03" in problem.hint


@pytest.mark.parametrize(
    ("section", "value", "path"),
    [
        (
            "gap",
            {
                "bands": [
                    {"minimum": 68, "label": {"id": "a"}},
                    {"minimum": 80, "label": {"id": "b"}},
                ]
            },
            "gap.bands[1].minimum",
        ),
        (
            "nine_box",
            {
                "reference": "uji",
                "performance": {
                    "sangat_baik": "meets",
                    "baik": "above",
                    "butuh_perbaikan": "below",
                    "kurang": "below",
                    "sangat_kurang": "below",
                },
                "potential": {"medium_from": 68, "high_from": 80},
            },
            "nine_box.performance.baik",
        ),
        (
            "nine_box",
            {
                "reference": "uji",
                "performance": dict.fromkeys(
                    ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"), "meets"
                ),
                "potential": {"medium_from": 80, "high_from": 80},
            },
            "nine_box.potential.medium_from",
        ),
    ],
)
def test_cutoffs_out_of_order(section: str, value: object, path: str) -> None:
    """Bands not highest first, a better SKP rating on a lower axis, medium potential not below
    high: cutoffs.order at the place to fix."""
    with pytest.raises(ValidationError) as caught:
        policy(**{section: value})
    assert f"$.{path}: cutoffs.order" in str(caught.value)


def test_numbering_must_be_a_permutation_of_one_to_nine() -> None:
    """Two boxes numbered 9 (and none 8) is ninebox.numbering; the default is PermenPANRB
    3/2020's."""
    data = policy_data()
    numbering = dict(PERMENPANRB_3_2020_NUMBERING)
    numbering["meets-high"] = 9
    data["nine_box"] = {**data["nine_box"], "numbering": numbering}
    with pytest.raises(ValidationError, match=r"ninebox\.numbering"):
        DevelopmentPolicy.model_validate(data)
    assert tuple(policy().nine_box.numbering) == BOXES


def test_min_jp_parameter_must_be_declared_and_integer() -> None:
    """{parameter: NAME} names a declared integer parameter (param.undeclared, param.type)."""
    with pytest.raises(ValidationError, match=r"param\.undeclared"):
        policy(plan={"min_jp": {"parameter": "jp"}, "budget": {}})
    decimal = {
        "jp": {
            "description": {"id": "JP"},
            "type": "decimal",
            "values": {"2020-01-01": {"value": "20.5", "reference": "uji"}},
        }
    }
    with pytest.raises(ValidationError, match=r"param\.type"):
        policy(plan={"min_jp": {"parameter": "jp"}, "budget": {}}, parameters=decimal)


def test_closures_and_citations_are_checked_together() -> None:
    """Read with its standard and catalogue, a policy whose closure names a competency the
    standard lacks (ref.unknown-competency), a programme the catalogue lacks or one that does
    not develop that competency (ref.unknown-programme), or that cites another catalogue
    (ref.unknown-catalog) or another standard (ref.unknown-standard) is refused, every
    problem listed."""
    skj = standard([("M.03", 2, "core")])
    katalog = catalogue(
        [programme("coaching", {"M.03": (1, 2)}, 10), programme("digital", {"T.X.01": (1, 2)}, 8)]
    )
    bad = policy(
        plan={
            "min_jp": 20,
            "budget": {},
            "closes": [
                {"competency": "M.05", "programmes": ["coaching"]},
                {"competency": "M.03", "programmes": ["coachin", "digital"]},
            ],
        },
        training_catalog={"id": "katalog-lain", "path": "k.yaml"},
        position_standard={"id": "skj-lain", "path": "s.yaml"},
    )
    with pytest.raises(PolicyError) as caught:
        check_documents(bad, skj, katalog)
    found = [(p.code, p.path) for p in caught.value.problems]
    assert found == [
        ("ref.unknown-standard", ("position_standard", "id")),
        ("ref.unknown-catalog", ("training_catalog", "id")),
        ("ref.unknown-competency", ("plan", "closes", 0, "competency")),
        ("ref.unknown-programme", ("plan", "closes", 0, "programmes", 0)),  # not for M.05
        ("ref.unknown-programme", ("plan", "closes", 1, "programmes", 0)),  # misspelled
        ("ref.unknown-programme", ("plan", "closes", 1, "programmes", 1)),  # not for M.03
    ]
    assert caught.value.problems[4].hint == "did you mean 'coaching'?"


def test_a_pinned_citation_must_match() -> None:
    """A policy pinning its catalogue's content hash refuses a changed catalogue
    (ref.hash-mismatch)."""
    skj = standard([("M.03", 2, "core")])
    katalog = catalogue([programme("coaching", {"M.03": (1, 2)}, 10)])
    pinned = policy(
        training_catalog={"id": "katalog-uji", "path": "k.yaml", "sha256": document_hash(katalog)}
    )
    check_documents(pinned, skj, katalog)
    changed = catalogue([programme("coaching", {"M.03": (1, 2)}, 12)])
    with pytest.raises(PolicyError, match=r"ref\.hash-mismatch"):
        check_documents(pinned, skj, changed)


def test_kinds_are_registered() -> None:
    """Both kinds load by their YAML kind, and their models are the registered classes."""
    assert isinstance(asn.load(CATALOGUE), TrainingCatalog)
    assert isinstance(asn.load(POLICY), DevelopmentPolicy)
