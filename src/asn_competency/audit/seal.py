"""The manifest's seal: one hash over every field of ``manifest.json``.

The hash chain covers the decision records and ``manifest.json`` names the chain's head, but
the manifest also holds what no record repeats: the input files' names and sha256, the
ignored columns, the run's time and machine, ``results.csv``'s sha256. ``manifest/v2`` adds
``manifest_hash``: ``sha256:`` and the SHA-256 of the canonical JSON
(:func:`~asn_competency.files.content_hash`) of the manifest without that field, numbers
read exactly (``0.25`` as written, never a binary float). Because the manifest holds the
ledger's head hash and ``results.csv``'s sha256, this one value seals the whole run folder:
any edit of any manifest field, record or result that does not also recompute every hash
after it changes it, and one that does recompute them is found against a copy of the
manifest hash kept elsewhere (``verify`` prints it).

The run writer calls :func:`seal_manifest` on the finished manifest as its last step;
``verify`` calls :func:`manifest_hash` on the parsed file (read with
``parse_float=Decimal``) and compares.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from asn_competency.files import content_hash

__all__ = ["HASH_FIELD", "SEALED_FORMAT", "manifest_hash", "seal_manifest"]

#: The manifest format that carries a seal.
SEALED_FORMAT = "manifest/v2"
#: The field that holds the seal.
HASH_FIELD = "manifest_hash"


def _exact(value: Any) -> Any:
    """Plain data with every float as the Decimal of its JSON spelling (what a reader that
    parses numbers exactly gets back)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Mapping):
        return {str(k): _exact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_exact(v) for v in value]
    return value


def manifest_hash(manifest: Mapping[str, Any]) -> str:
    """The seal of a manifest: the content hash of every field but :data:`HASH_FIELD`.
    Raises ``TypeError`` or ``ValueError`` for a value with no canonical form."""
    return content_hash(_exact({k: v for k, v in manifest.items() if k != HASH_FIELD}))


def seal_manifest(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest as ``manifest/v2``: ``format`` set to :data:`SEALED_FORMAT` and
    :data:`HASH_FIELD` added last, computed over everything else (sealing twice gives the
    same result)."""
    sealed = {k: v for k, v in manifest.items() if k != HASH_FIELD}
    sealed["format"] = SEALED_FORMAT
    sealed[HASH_FIELD] = manifest_hash(sealed)
    return sealed
