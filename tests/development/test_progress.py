"""Re-assessment over time: progress per competency between two dates, and who closed a gap."""

from __future__ import annotations

import datetime as dt

import pytest

import asn_competency as asn
from asn_competency.development import progress, read_assessments
from tests.conftest import FIXTURES, RUBRICS

SKJ = asn.load_standard(RUBRICS / "skj-gayungan-pelayanan-publik.yaml")
TABLE = read_assessments(FIXTURES / "development" / "assessments.csv", SKJ)
START, END = dt.date(2026, 1, 2), dt.date(2026, 12, 31)


def test_who_closed_a_gap_after_training() -> None:
    """In the example, the re-assessment of 16 November 2026 finds five gaps closed (below the
    standard at selection, at it after): GAY-001's T.GAY.03, GAY-002's M.03, GAY-003's M.03,
    M.05 and T.GAY.03."""
    closed = progress(TABLE, SKJ, START, END).closed()
    assert [(r.employee_id, r.competency, r.before, r.after) for r in closed] == [
        ("GAY-001", "T.GAY.03", 1, 2),
        ("GAY-002", "M.03", 1, 2),
        ("GAY-003", "M.03", 1, 2),
        ("GAY-003", "M.05", 1, 2),
        ("GAY-003", "T.GAY.03", 1, 2),
    ]


def test_no_change_and_no_reassessment_are_told_apart() -> None:
    """GAY-002 re-assessed at 1 on T.GAY.03: change 0, not closed; GAY-004 not re-assessed:
    no level after, change None (no progress is assumed)."""
    rows = {(r.employee_id, r.competency): r for r in progress(TABLE, SKJ, START, END).rows}
    same = rows[("GAY-002", "T.GAY.03")]
    assert (same.before, same.after, same.change, same.closed_gap) == (1, 1, 0, False)
    none = rows[("GAY-004", "M.03")]
    assert (none.before, none.after, none.change, none.closed_gap) == (3, None, None, False)


def test_the_window_bounds_what_counts() -> None:
    """An assessment after ``until`` does not count; until before since is refused."""
    early = progress(TABLE, SKJ, START, dt.date(2026, 11, 15))
    assert early.closed() == ()
    with pytest.raises(asn.PolicyError) as caught:  # a ValueError
        progress(TABLE, SKJ, END, START)
    assert isinstance(caught.value, ValueError)
    (problem,) = caught.value.problems
    assert problem.code == "period.order"
    assert problem.message == (
        "the period ends before it starts: until (2026-01-02) is before since (2026-12-31)"
    )
    assert len(early.to_pandas()) == 5 * 13
