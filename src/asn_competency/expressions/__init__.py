"""Expressions layer: the safe rule language of policy files.

Rules are parsed once (a whitelisted subset of Python expression syntax, never executed),
type-checked against the policy's declared fields and parameters when the policy loads, and
evaluated exactly with three-valued logic and a per-clause trace.

Imports the ``errors``, ``files`` and ``model`` layers only.
"""

from asn_competency.expressions.compile import CompiledRule, compile_rule
from asn_competency.expressions.evaluate import (
    UNKNOWN,
    Clause,
    Env,
    Evaluation,
    EvaluationError,
    Read,
    Unknown,
    evaluate,
    format_value,
)
from asn_competency.expressions.functions import FUNCTIONS, ROUNDING_MODES, age_on
from asn_competency.expressions.policy import policy_rule_problems
from asn_competency.expressions.types import RuleType, Scope, scope_of

__all__ = [
    "FUNCTIONS",
    "ROUNDING_MODES",
    "UNKNOWN",
    "Clause",
    "CompiledRule",
    "Env",
    "Evaluation",
    "EvaluationError",
    "Read",
    "RuleType",
    "Scope",
    "Unknown",
    "age_on",
    "compile_rule",
    "evaluate",
    "format_value",
    "policy_rule_problems",
    "scope_of",
]
