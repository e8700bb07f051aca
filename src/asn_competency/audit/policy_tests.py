"""Running policy tests: each case through the real pipeline, expectations compared.

A failure shows, for the candidate, what was expected, what the policy decided, and what
an explanation says of the stages involved (reasons, clauses with their values and legal
basis, scores; :func:`~asn_competency.audit.explain.stage_lines`, in English like the rest of
the report), so a committee sees why the policy decides as it does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from asn_competency.audit.explain import stage_lines
from asn_competency.audit.ledger import decision_record
from asn_competency.errors import PolicyError, Problem
from asn_competency.expressions.data import exact
from asn_competency.model import SelectionPolicy, document_hash
from asn_competency.model.policy_tests import Expectation, PolicyTestCase, PolicyTests
from asn_competency.pipeline import Decision, run

__all__ = ["CaseResult", "TestReport", "run_policy_tests"]


@dataclass(frozen=True)
class CaseResult:
    """One case: passed, or the differences found (one line each, with the trace)."""

    case_id: str
    failures: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """Whether every expectation held."""
        return not self.failures


@dataclass(frozen=True)
class TestReport:
    """The results of one test set."""

    __test__ = False  # not a pytest test class

    tests_id: str
    policy_id: str
    cases: tuple[CaseResult, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        """Whether every case passed."""
        return all(case.passed for case in self.cases)

    def render(self) -> str:
        """``PASS``/``FAIL`` per case, the differences under each failed one, a summary."""
        lines = []
        for case in self.cases:
            lines.append(f"{'PASS' if case.passed else 'FAIL'}  {self.tests_id} :: {case.case_id}")
            lines += [f"      {line}" for line in case.failures]
        failed = sum(1 for case in self.cases if not case.passed)
        lines.append(f"{len(self.cases) - failed} passed, {failed} failed ({self.policy_id})")
        return "\n".join(lines)


@dataclass(frozen=True)
class _Run:
    """What a trace needs of the run: the policy, its hash and the as-of date."""

    policy: SelectionPolicy
    policy_hash: str
    as_of: dt.date


def _trace(decision: Decision, stage_ids: set[str], run_of: _Run) -> list[str]:
    """The stages involved (every stage when none is named), as an explanation says them."""
    record = decision_record(
        decision,
        policy_id=run_of.policy.id,
        policy_hash=run_of.policy_hash,
        as_of=run_of.as_of.isoformat(),
    )
    lines = []
    for stage in decision.stages:
        if stage_ids and stage.stage_id not in stage_ids:
            continue
        lines.append(f"  {stage.stage_id}: {stage.outcome}")
        said = stage_lines(record, stage.stage_id, policy=run_of.policy, lang="en")
        lines += [f"    {line}" for line in said]
    return lines


def _compare(candidate: str, expected: Expectation, decision: Decision, run_of: _Run) -> list[str]:
    actual_stages = {s.stage_id: s.outcome for s in decision.stages}
    checks: list[tuple[str, Any, Any]] = []
    if expected.final_status is not None:
        checks.append(("final_status", expected.final_status, decision.final_status))
    for stage_id, outcome in expected.stages.items():
        checks.append((f"{stage_id}", outcome, actual_stages.get(stage_id, "(no such stage)")))
    if expected.rank is not None:
        checks.append(("rank", expected.rank, decision.rank))
    if expected.final_score is not None:
        checks.append(("final_score", expected.final_score, exact(decision.final_score)))
    if expected.placement is not None:
        checks.append(("placement", expected.placement, decision.placement_formation_id))
    if expected.label is not None:
        checks.append(("label", expected.label, decision.label))
    wrong = [(name, want, got) for name, want, got in checks if want != got]
    if not wrong:
        return []
    lines = [f"{candidate}: {name} expected {want!r}, got {got!r}" for name, want, got in wrong]
    involved = {name for name, _, _ in wrong if name in actual_stages}
    return lines + _trace(decision, involved, run_of)


def _run_case(
    tests: PolicyTests, policy: SelectionPolicy, policy_hash: str, case: PolicyTestCase
) -> CaseResult:
    as_of = case.as_of or tests.as_of or policy.as_of
    formations = case.formations if case.formations is not None else tests.formations
    try:
        result = run(
            policy,
            case.candidates,
            formations=formations,
            ratings=case.all_ratings() or None,
            as_of=as_of,
            ratings_pending=not case.all_ratings(),  # a case without ratings tests other stages
        )
    except PolicyError as error:
        return CaseResult(
            case.id, tuple(f"the case cannot run: {p.render()}" for p in error.problems)
        )
    by_id: dict[str, list[Decision]] = {}
    for decision in result:
        by_id.setdefault(decision.candidate_id or "", []).append(decision)
    failures: list[str] = []
    run_of = _Run(policy, policy_hash, result.as_of)
    for candidate, expected in case.expect.items():
        for decision in by_id.get(candidate, []):
            failures += _compare(candidate, expected, decision, run_of)
    return CaseResult(case.id, tuple(failures))


def run_policy_tests(tests: PolicyTests) -> TestReport:
    """Run every case of a loaded test set against the policy it cites."""
    policy = tests.loaded_policy
    if policy is None:
        raise PolicyError(
            [
                Problem(
                    "ref.unknown-policy",
                    "the test set's policy is not loaded: load the test file from disk",
                    path=("policy",),
                )
            ]
        )
    policy_hash = document_hash(policy)
    return TestReport(
        tests.id,
        policy.id,
        tuple(_run_case(tests, policy, policy_hash, case) for case in tests.cases),
    )
