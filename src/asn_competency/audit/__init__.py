"""Audit layer: decision records and the hash-chained ledger (``ledger``), their published
formats (``schema``), verification (``verify``), policy tests (``policy_tests``) and
explanations (``explain``).

Imports every layer above it: ``errors`` to ``pipeline``.
"""

from asn_competency.audit.explain import explain
from asn_competency.audit.ledger import (
    GENESIS,
    RECORD_FORMAT,
    chain_hash,
    decision_record,
    ledger,
)
from asn_competency.audit.policy_tests import TestReport, run_policy_tests
from asn_competency.audit.verify import VerifyReport, verify

__all__ = [
    "GENESIS",
    "RECORD_FORMAT",
    "TestReport",
    "VerifyReport",
    "chain_hash",
    "decision_record",
    "explain",
    "ledger",
    "run_policy_tests",
    "verify",
]
