"""Audit layer: decision records and the hash-chained ledger (``ledger``), their published
formats (``schema``), verification and explanations.

Imports every layer above it: ``errors`` to ``pipeline``.
"""

from asn_competency.audit.ledger import (
    GENESIS,
    RECORD_FORMAT,
    chain_hash,
    decision_record,
    ledger,
)

__all__ = ["GENESIS", "RECORD_FORMAT", "chain_hash", "decision_record", "ledger"]
