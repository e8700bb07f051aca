"""Loading a development policy or a training catalogue loads the files they cite, as a
selection policy's citations are loaded: ``validate`` alone checks the pins, and the checks
across documents (closures against the standard and catalogue, programmes against the
frameworks) run at load, each problem located in the file that has it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import asn_competency as asn
from asn_competency.errors import PolicyError
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.training_catalog import TrainingCatalog
from tests.conftest import RUBRICS

POLICY = "pengembangan-gayungan-2026.yaml"
STANDARD = "skj-gayungan-pelayanan-publik.yaml"
CATALOGUE = "katalog-pelatihan-gayungan.yaml"
FRAMEWORKS = (
    "kamus-kompetensi-permenpanrb-38-2017.yaml",
    "kompetensi-teknis-kecamatan-gayungan.yaml",
)


def _copy(tmp_path: Path) -> Path:
    """The shipped development documents and the frameworks they cite, copied into a folder."""
    for name in (POLICY, STANDARD, CATALOGUE, *FRAMEWORKS):
        shutil.copy(RUBRICS / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, fragment: str) -> int:
    return next(
        i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if fragment in line
    )


def test_the_shipped_policy_loads_what_it_cites() -> None:
    """The policy's standard and catalogue are loaded (the catalogue with its frameworks), and
    the policy's hash is the one its pins imply: unchanged by the loading."""
    policy = asn.load(RUBRICS / POLICY)
    assert isinstance(policy, DevelopmentPolicy)
    assert policy.loaded_standard is not None
    assert policy.loaded_standard.id == policy.position_standard.id
    assert policy.loaded_catalogue is not None
    assert asn.document_hash(policy.loaded_catalogue) == policy.training_catalog.sha256
    assert set(policy.loaded_catalogue.loaded_frameworks) == {
        "kamus-kompetensi-asn-2017",
        "kompetensi-teknis-gayungan",
    }
    assert asn.validate(RUBRICS / POLICY) == []


def test_validate_checks_the_pins(tmp_path: Path) -> None:
    """A catalogue changed after the policy pinned it: validate on the policy alone reports
    ref.hash-mismatch at the pin."""
    folder = _copy(tmp_path)
    _edit(folder / CATALOGUE, "hours: 12", "hours: 14")
    problems = asn.validate(folder / POLICY)
    assert [p.code for p in problems] == ["ref.hash-mismatch"]
    assert problems[0].file == str(folder / POLICY)
    assert problems[0].line == _line_of(folder / POLICY, "sha256: sha256:e6aabae4")


def test_a_missing_catalogue_is_reported(tmp_path: Path) -> None:
    """The catalogue file is not there: ref.unknown-catalog at its path in the policy, then
    the file.not-found of the file itself."""
    folder = _copy(tmp_path)
    (folder / CATALOGUE).unlink()
    with pytest.raises(PolicyError) as raised:
        asn.load(folder / POLICY)
    assert [p.code for p in raised.value.problems] == ["ref.unknown-catalog", "file.not-found"]
    assert raised.value.problems[0].line == _line_of(folder / POLICY, "path: katalog-")


def test_a_closure_is_checked_against_the_catalogue_at_load(tmp_path: Path) -> None:
    """A closure of T.GAY.03 naming pelayanan-prima, which develops M.03 and M.05 only:
    ref.unknown-programme when the policy is loaded, on the closure's line."""
    folder = _copy(tmp_path)
    _edit(
        folder / POLICY,
        "programmes: [literasi-digital-dasar, layanan-digital-lanjut]",
        "programmes: [literasi-digital-dasar, pelayanan-prima]",
    )
    with pytest.raises(PolicyError) as raised:
        asn.load(folder / POLICY)
    assert [p.code for p in raised.value.problems] == ["ref.unknown-programme"]
    assert raised.value.problems[0].line == _line_of(folder / POLICY, "pelayanan-prima]")


def test_a_catalogue_is_checked_against_its_frameworks_at_load(tmp_path: Path) -> None:
    """A programme developing a competency no cited framework defines (T.GAY.99):
    ref.unknown-competency when the catalogue is loaded."""
    folder = _copy(tmp_path)
    _edit(folder / CATALOGUE, "competency: T.GAY.03", "competency: T.GAY.99")
    with pytest.raises(PolicyError) as raised:
        asn.load(folder / CATALOGUE)
    assert "ref.unknown-competency" in [p.code for p in raised.value.problems]
    catalogue = asn.load(RUBRICS / CATALOGUE)
    assert isinstance(catalogue, TrainingCatalog)
    assert len(catalogue.loaded_frameworks) == 2


def test_an_unpinned_citation_is_hashed_as_if_pinned(tmp_path: Path) -> None:
    """Without its pins the policy has the hash it has with them (the loaded documents' hashes
    stand in), as for a selection policy's standards."""
    folder = _copy(tmp_path)
    text = (folder / POLICY).read_text("utf-8")
    unpinned = "\n".join(line for line in text.splitlines() if "sha256: sha256:" not in line)
    (folder / "unpinned.yaml").write_text(unpinned + "\n", encoding="utf-8")
    pinned = asn.load(folder / POLICY)
    loose = asn.load(folder / "unpinned.yaml")
    assert asn.document_hash(loose) == asn.document_hash(pinned)
