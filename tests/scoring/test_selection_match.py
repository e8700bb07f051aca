"""The Gayungan selection score: a stronger candidate never scores lower, the standard's
weights take effect, and the JPM is reported beside the final score.

References: docs/domain.md, "Profile Matching" (the classic gap table penalises levels above
the target; a selection score must not) and "Assessment reports and talent management" (JPM
and its bands).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.model import SelectionPolicy
from asn_competency.scoring import compile_scores
from asn_competency.scoring.profile_matching import (
    GAP_WEIGHTS,
    NO_PENALTY_ABOVE_GAP_WEIGHTS,
    profile_match,
)
from tests.conftest import RUBRICS

POLICY = asn.load_policy(RUBRICS / "gayungan-2026.yaml")
assert isinstance(POLICY, SelectionPolicy)
BOOK = compile_scores(POLICY)
AS_OF = dt.date(2026, 3, 2)
#: The interview's fields, by competency, as the policy's profile-match score reads them.
FIELDS = dict(POLICY.scores["profil"].levels)  # type: ignore[union-attr]
TARGETS = {"M.01": 1, "M.02": 1, "M.03": 2, "M.04": 1, "M.05": 2, "M.06": 1, "M.07": 1}
TARGETS |= {"M.08": 1, "SK.01": 1, "T.GAY.01": 2, "T.GAY.02": 2, "T.GAY.03": 2, "T.GAY.04": 1}

levels_strategy = st.fixed_dictionaries({c: st.integers(1, 5) for c in FIELDS})


def final(levels: dict[str, int], tests: tuple[int, int] = (80, 70)) -> Any:
    values: dict[str, Any] = {FIELDS[c]: Fraction(v) for c, v in levels.items()}
    values |= {"tes_pelayanan": tests[0], "tes_teknologi": tests[1]}
    return BOOK.evaluate(values, as_of=AS_OF)


@given(levels_strategy, st.sampled_from(sorted(FIELDS)))
def test_raising_any_level_never_lowers_the_final_score(
    levels: dict[str, int], raised: str
) -> None:
    """One level higher on any competency never lowers nilai_akhir (nor the profile match)."""
    higher = levels | {raised: min(5, levels[raised] + 1)}
    before, after = final(levels), final(higher)
    assert after["nilai_akhir"].value >= before["nilai_akhir"].value
    assert after["profil"].value >= before["profil"].value
    assert after["kekuatan_inti"].value >= before["kekuatan_inti"].value


def test_level_five_everywhere_scores_as_much_as_the_standard() -> None:
    """Level 5 on every competency scores the standard's 90, not about 47 as under the classic
    table, and is stronger on the core factors (300% against 100%)."""
    strong, exact = final(dict.fromkeys(FIELDS, 5)), final(TARGETS)
    assert strong["nilai_akhir"].value == exact["nilai_akhir"].value == 90
    assert (strong["kekuatan_inti"].value, exact["kekuatan_inti"].value) == (300, 100)


def test_the_classic_table_would_rank_the_stronger_candidate_lower() -> None:
    """The reason for the change: with the classic table, level 5 everywhere matches worse than
    exactly the standard; with no penalty above, it matches as well."""
    core = [c for c in TARGETS if c in ("M.01", "M.03", "M.05", "SK.01", "T.GAY.01", "T.GAY.02")]
    strong = dict.fromkeys(TARGETS, 5)
    classic = profile_match(strong, TARGETS, core=core, gap_weights=GAP_WEIGHTS)
    selection = profile_match(strong, TARGETS, core=core, gap_weights=NO_PENALTY_ABOVE_GAP_WEIGHTS)
    assert classic.total < 5 == selection.total


def test_the_standards_weights_change_the_match() -> None:
    """Weighted by the standard, one level short on T.GAY.01 (0.12) costs more than on
    T.GAY.02 (0.10); with plain means both cost the same."""
    core = ["M.01", "M.03", "M.05", "SK.01", "T.GAY.01", "T.GAY.02"]
    weights = {c: Decimal(w) for c, w in _WEIGHTS.items()}
    short01 = TARGETS | {"T.GAY.01": 1}
    short02 = TARGETS | {"T.GAY.02": 1}
    table = NO_PENALTY_ABOVE_GAP_WEIGHTS
    plain = [
        profile_match(s, TARGETS, core=core, gap_weights=table).total for s in (short01, short02)
    ]
    weighted = [
        profile_match(s, TARGETS, core=core, gap_weights=table, weights=weights).total
        for s in (short01, short02)
    ]
    assert plain[0] == plain[1]
    assert weighted[0] < weighted[1]
    assert final(short01)["nilai_akhir"].value < final(short02)["nilai_akhir"].value


_WEIGHTS = {
    "M.01": "0.10",
    "M.02": "0.05",
    "M.03": "0.12",
    "M.04": "0.06",
    "M.05": "0.12",
    "M.06": "0.04",
    "M.07": "0.05",
    "M.08": "0.04",
    "SK.01": "0.07",
    "T.GAY.01": "0.12",
    "T.GAY.02": "0.10",
    "T.GAY.03": "0.08",
    "T.GAY.04": "0.05",
}


def test_jpm_is_reported_with_its_band_in_results_and_records() -> None:
    """The integration stage reports the JPM (capped) with its band and the core strength:
    results.csv columns, and the decision record's stage detail."""
    from asn_competency.audit.ledger import decision_record

    row = {
        "candidate_id": "A",
        "formation_id": "F1",
        "status_kepegawaian": "PNS",
        "birth_date": "1995-06-01",
        "education_level": "D3",
        "dokumen_lengkap": "true",
        "tes_pelayanan": "80",
        "tes_teknologi": "70",
    }
    levels = TARGETS | {"M.03": 1, "T.GAY.02": 1, "M.01": 3}
    ratings = [
        {
            "candidate_id": "A",
            "stage_id": "wawancara",
            "rater_id": rater,
            "criterion_id": c,
            "score": str(v),
        }
        for c, v in levels.items()
        for rater in ("R1", "R2", "R3")
    ]
    formations = [{"formation_id": "F1", "quota": "1", "track": "umum", "education_level": "D3"}]
    result = asn.run(POLICY, [row], formations=formations, ratings=ratings, as_of=AS_OF)
    [out] = result.rows()
    # JPM capped: (18 - 2) / 18 = 88.88...% (M.01 at 3 counts as its target 1); memenuhi syarat.
    assert out["integrasi.kesesuaian"] == "800/9"
    assert out["integrasi.kesesuaian.band"] == "memenuhi syarat"
    # Core strength, not capped: (3 + 1 + 2 + 1 + 2 + 1) / 10 = 100%.
    assert out["integrasi.kekuatan_inti"] == "100"
    assert "integrasi.kekuatan_inti.band" not in out  # bands grade the whole standard only
    [decision] = result.decisions
    record = decision_record(
        decision, policy_id=POLICY.id, policy_hash="sha256:x", as_of="2026-03-02"
    )
    integration = next(s for s in record["stages"] if s["stage_id"] == "integrasi")
    assert integration["detail"]["reported"]["kesesuaian"] == {
        "value": "800/9",
        "band": "memenuhi syarat",
    }
