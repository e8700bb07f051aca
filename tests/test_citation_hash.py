"""The published hash covers everything a decision depends on, cited documents included.

A policy that cites a position standard without a ``sha256`` pin used to hash only its own
text: the standard (or a framework it cites) could change after the hash was published,
and the criteria were no longer the ones fixed in advance. Now an unpinned citation is
hashed as if pinned to the content hash of the document loaded for it.
"""

from __future__ import annotations

import re
from pathlib import Path

import asn_competency as asn
from asn_competency.model import document_hash
from tests.conftest import RUBRICS

POLICY = "gayungan-2026.yaml"
STANDARD = "skj-gayungan-pelayanan-publik.yaml"
FRAMEWORK = "kompetensi-teknis-kecamatan-gayungan.yaml"
_PIN = re.compile(r"\n *sha256: sha256:[0-9a-f]{64}")


def _copy(tmp_path: Path) -> Path:
    """The shipped Gayungan policy with its standard and frameworks, every pin removed."""
    for name in (POLICY, STANDARD, FRAMEWORK, "kamus-kompetensi-permenpanrb-38-2017.yaml"):
        text = (RUBRICS / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(_PIN.sub("", text), encoding="utf-8")
    assert "sha256:" not in (tmp_path / POLICY).read_text(encoding="utf-8")
    return tmp_path / POLICY


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unpinned_citation_hashes_as_if_pinned(tmp_path: Path) -> None:
    """Without its pins, the shipped policy has the same hash as with them: the hash of an
    unpinned citation is the content hash of what was loaded for it."""
    unpinned = asn.load(_copy(tmp_path))
    assert document_hash(unpinned) == document_hash(asn.load(RUBRICS / POLICY))


def test_a_changed_standard_changes_the_policy_hash(tmp_path: Path) -> None:
    """Editing an unpinned position standard changes the hash of the policy citing it."""
    policy = _copy(tmp_path)
    before = document_hash(asn.load(policy))
    _edit(tmp_path / STANDARD, "unit: Kecamatan Gayungan", "unit: Kecamatan Wonokromo")
    assert document_hash(asn.load(policy)) != before


def test_a_changed_framework_changes_the_policy_hash(tmp_path: Path) -> None:
    """Editing a framework cited (unpinned) by the cited standard changes the policy's hash
    too: the hash covers citations of citations."""
    policy = _copy(tmp_path)
    before = document_hash(asn.load(policy))
    _edit(
        tmp_path / FRAMEWORK,
        "  id: Kamus Kompetensi Teknis Pelayanan Publik Kecamatan Gayungan (ilustrasi)",
        "  id: Kamus Kompetensi Teknis Pelayanan Publik Kecamatan Gayungan (diubah)",
    )
    assert asn.validate(policy) == []
    assert document_hash(asn.load(policy)) != before
