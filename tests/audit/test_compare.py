"""Policy changes and the what-if comparison: who a change decides differently, and why."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import asn_competency as asn
from asn_competency.audit.compare import Comparison, compare
from asn_competency.cli.compare import execute_compare
from asn_competency.errors import PolicyError
from asn_competency.expressions.data import exact
from asn_competency.model import SelectionPolicy
from asn_competency.model.policy_change import PolicyChange
from tests.conftest import RUBRICS
from tests.cpns_rows import candidate, formation

CPNS: SelectionPolicy = asn.load_policy(RUBRICS / "cpns-2024.yaml")
CHANGE_FILE = RUBRICS / "cpns-2024.change-tkp-170.yaml"
AS_OF = dt.date(2024, 9, 10)


def change(**overrides: Any) -> PolicyChange:
    """A policy change to the CPNS 2024 policy, built in Python."""
    return PolicyChange.model_validate(
        {
            "kind": "policy-change",
            "schema_version": 1,
            "id": "uji",
            "description": {"id": "Perubahan uji", "en": "A test change"},
            "policy": {"id": "cpns-2024", "path": "cpns-2024.yaml"},
            **overrides,
        }
    )


def tkp_170() -> SelectionPolicy:
    """The CPNS 2024 policy with the shipped TKP 170 change applied."""
    document = asn.load(CHANGE_FILE)
    assert isinstance(document, PolicyChange)
    return document.apply(CPNS)


#: One candidate per formation, so that no one's outcome moves another's.
TKP_CANDIDATES = [candidate(f"T{tkp}", f"F{tkp}", tkp=tkp) for tkp in (165, 166, 169, 170, 180)]
TKP_FORMATIONS = [formation(f"F{tkp}") for tkp in (165, 166, 169, 170, 180)]


def test_tkp_change_fails_exactly_the_candidates_from_166_to_169() -> None:
    """TKP 170: candidates with 166 ≤ TKP < 170 who passed the rest go from advanced to
    below_threshold at skd and from selected to failed; TKP 165, 170 and 180 keep theirs."""
    result = compare(CPNS, tkp_170(), TKP_CANDIDATES, formations=TKP_FORMATIONS, as_of=AS_OF)
    assert [c.candidate_id for c in result.changes] == ["T166", "T169"]
    assert result.total == 5
    for item in result.changes:
        assert item.final_statuses == ("selected", "failed")
        assert item.stages[0].stage_id == "skd"
        assert item.stages[0].outcomes == ("advanced", "below_threshold")
        assert {"final_status", "final_score", "rank", "placement"} <= set(item.fields)
        assert item.why is not None
        assert (item.why.stage_id, item.cause) == ("skd", "outcome")


def test_tkp_change_reasons_name_the_new_parameter_value() -> None:
    """The why of a changed candidate says the clause of both runs as an explanation says it:
    166 (KepmenPANRB 321/2024) before, 170 and the change's reference after; the reason the
    changed run records is the threshold fact with the new parameter value."""
    result = compare(CPNS, tkp_170(), TKP_CANDIDATES, formations=TKP_FORMATIONS, as_of=AS_OF)
    item = result.changes[0]
    assert item.why is not None
    before, after = item.why.lines("en")
    assert before == [
        "TKP 166 meets the passing grade 166 (KepmenPANRB 321/2024, in force since 2024-01-01)"
    ]
    assert after == [
        "TKP 166 is below the passing grade 170 (usulan-tkp-170, in force since 2024-01-01)"
    ]
    assert item.why.lines() == (
        [
            (
                "TKP 166 memenuhi nilai ambang batas 166 (KepmenPANRB 321/2024, berlaku sejak "
                "2024-01-01)"
            )
        ],
        ["TKP 166 di bawah nilai ambang batas 170 (usulan-tkp-170, berlaku sejak 2024-01-01)"],
    )
    assert item.after is not None
    (fact,) = item.after.stage("skd").reasons
    assert fact.code == "threshold.below"
    assert (fact["parameter"], fact["threshold"], fact["reference"]) == (
        "skd_min_tkp",
        170,
        "usulan-tkp-170",
    )
    assert "170 (usulan-tkp-170, berlaku sejak 2024-01-01)" in result.render()
    assert "170 (usulan-tkp-170, in force since 2024-01-01)" in result.render("en")


def test_tkp_change_leaves_special_tracks_and_other_failures_alone() -> None:
    """A cum laude candidate (judged on the SKD total) and one already below TWK, both with
    TKP 168, are decided as before."""
    candidates = [
        candidate("C1", "FC", tkp=168),
        candidate("W1", "FW", tkp=168, twk=60),
    ]
    formations = [formation("FC", track="cumlaude"), formation("FW")]
    result = compare(CPNS, tkp_170(), candidates, formations=formations, as_of=AS_OF)
    assert len(result) == 0


def test_outranked_candidates_move_up_when_others_fail() -> None:
    """With quota 1, the runner-up to a TKP 168 candidate is selected after the change: the
    ranking moved, and the why names the ranking stage."""
    candidates = [
        candidate("A", "F1", tkp=168, skb_cat=480),
        candidate("B", "F1", tkp=180, skb_cat=400),
    ]
    result = compare(CPNS, tkp_170(), candidates, formations=[formation("F1")], as_of=AS_OF)
    first, second = result.changes
    assert first.final_statuses == ("selected", "failed")
    assert second.final_statuses == ("not_selected", "selected")
    assert second.why is not None
    assert (second.why.stage_id, second.cause) == ("peringkat", "outcome")
    assert second.before is not None
    assert second.after is not None
    assert (second.before.rank, second.after.rank) == (2, 1)


def test_weights_change_moves_final_scores_and_the_ranking() -> None:
    """SKD 30% and SKB 70%: the final scores change, explained at the integration stage with
    the new weights, and two candidates swap places."""
    changed = change(weights={"nilai_akhir": {"skd": Decimal("0.3"), "skb": Decimal("0.7")}})
    policy = changed.apply(CPNS)
    candidates = [
        candidate("X", "F1", twk=150, tiu=175, tkp=225, skb_cat=330),  # SKD 100, SKB 66
        candidate("Y", "F1", skb_cat=420),  # SKD 72.7272..., SKB 84
    ]
    result = compare(CPNS, policy, candidates, formations=[formation("F1")], as_of=AS_OF)
    x, y = result.changes
    assert x.final_statuses == ("selected", "not_selected")
    assert y.final_statuses == ("not_selected", "selected")
    assert x.before is not None
    assert x.after is not None
    assert (asn_str(x.before.final_score), asn_str(x.after.final_score)) == ("79.6", "76.2")
    assert x.why is not None
    assert (x.why.stage_id, x.cause) == ("integrasi", "score")
    before, after = x.why.lines("en")
    assert any("weight 0.4" in line for line in before)
    assert any("weight 0.3" in line for line in after)
    assert result.by_stage() == {
        "peringkat": {("advanced", "outranked"): 1, ("outranked", "advanced"): 1},
        "optimalisasi": {("advanced", "outranked"): 1, ("outranked", "advanced"): 1},
    }


def asn_str(value: Any) -> str:
    """An exact score as results.csv writes it."""
    return exact(value) or ""


def test_threshold_on_a_score_fails_candidates_below_it() -> None:
    """A minimum final score of 78: 77.091 fails at the integration stage, naming the gate;
    83.091 is still selected."""
    policy = change(thresholds={"scores": {"nilai_akhir": 78}}).apply(CPNS)
    candidates = [candidate("L", "F1"), candidate("H", "F2", skb_cat=450)]
    formations = [formation("F1"), formation("F2")]
    result = compare(CPNS, policy, candidates, formations=formations, as_of=AS_OF)
    (item,) = result.changes
    assert item.candidate_id == "L"
    assert item.final_statuses == ("selected", "failed")
    assert item.stages[0].stage_id == "integrasi"
    assert item.stages[0].outcomes == ("advanced", "below_threshold")
    assert item.why is not None
    _, after = item.why.lines("en")
    assert any("minimum 78: 77.091 → failed" in line for line in after)


def test_threshold_on_a_component_replaces_its_parameter() -> None:
    """A TWK passing grade of 70 (a number instead of {parameter: skd_min_twk}) fails TWK 68."""
    policy = change(thresholds={"components": {"skd": {"twk": 70}}}).apply(CPNS)
    assert policy.stages[1].components[0].pass_minimum == 70  # type: ignore[union-attr]
    candidates = [candidate("A", "F1", twk=68), candidate("B", "F2", twk=70)]
    formations = [formation("F1"), formation("F2")]
    result = compare(CPNS, policy, candidates, formations=formations, as_of=AS_OF)
    assert [(c.candidate_id, c.stages[0].outcomes) for c in result.changes] == [
        ("A", ("advanced", "below_threshold"))
    ]


def test_unknown_targets_are_reported_with_their_path_and_code() -> None:
    """Every override naming what the base lacks is change.unknown-target at the override,
    with the nearest name as a hint."""
    bad = change(
        parameters={"skd_min_tkpp": {"2024-01-01": {"value": 170, "reference": "x"}}},
        weights={"nilai_akhir": {"skc": Decimal("0.5")}, "skd": {"a": 1}},
        thresholds={
            "scores": {"nilai_akhr": 60},
            "components": {"skd": {"twx": 70}, "peringkat": {"x": 1}, "nope": {"x": 1}},
        },
    )
    with pytest.raises(PolicyError) as caught:
        bad.apply(CPNS)
    found = [(p.code, p.json_path) for p in caught.value.problems]
    assert found == [
        ("change.unknown-target", "$.parameters.skd_min_tkpp"),
        ("change.unknown-target", "$.weights.nilai_akhir.skc"),
        ("change.unknown-target", "$.weights.skd"),
        ("change.unknown-target", "$.thresholds.scores.nilai_akhr"),
        ("change.unknown-target", "$.thresholds.components.skd.twx"),
        ("change.unknown-target", "$.thresholds.components.peringkat"),
        ("change.unknown-target", "$.thresholds.components.nope"),
    ]
    assert caught.value.problems[0].hint == "did you mean 'skd_min_tkp'?"
    assert bad.problems_against(CPNS) == list(caught.value.problems)


def test_unknown_target_in_a_file_is_located(tmp_path: Path) -> None:
    """Loading a change file reports an unknown target at its line and column."""
    path = tmp_path / "change.yaml"
    shutil.copy(RUBRICS / "cpns-2024.yaml", tmp_path)  # a cited file is in the citing folder
    path.write_text(
        "kind: policy-change\n"
        "schema_version: 1\n"
        "id: uji\n"
        "description: {id: Uji}\n"
        "policy: {id: cpns-2024, path: cpns-2024.yaml}\n"
        "weights:\n"
        "  nilai_akhir: {skd: 0.3, skc: 0.7}\n",
        encoding="utf-8",
    )
    (problem,) = asn.validate(path)
    assert (problem.code, problem.line, problem.column) == ("change.unknown-target", 7, 32)
    assert problem.json_path == "$.weights.nilai_akhir.skc"


def test_changed_policy_that_breaks_a_rule_is_invalid() -> None:
    """Weights that no longer sum to 1 are change.invalid at the overridden weights, quoting
    the inner weights.sum problem."""
    bad = change(weights={"nilai_akhir": {"skd": Decimal("0.3"), "skb": Decimal("0.6")}})
    with pytest.raises(PolicyError) as caught:
        bad.apply(CPNS)
    (problem,) = caught.value.problems
    assert (problem.code, problem.json_path) == ("change.invalid", "$.weights.nilai_akhir")
    assert "weights.sum" in problem.message
    assert "0.9" in problem.message


def test_new_value_of_the_wrong_type_or_citing_nothing_is_invalid() -> None:
    """A decimal TKP grade and an undeclared reference are change.invalid at the value and
    at the reference of the new dated value."""
    bad = change(
        parameters={"skd_min_tkp": {"2024-01-01": {"value": Decimal("170.5"), "reference": "x"}}}
    )
    problems = bad.problems_against(CPNS)
    assert [(p.code, p.json_path) for p in problems] == [
        ("change.invalid", "$.parameters.skd_min_tkp['2024-01-01'].reference"),
        ("change.invalid", "$.parameters.skd_min_tkp['2024-01-01'].value"),
    ]
    assert "ref.unknown-reference" in problems[0].message
    assert "param.type" in problems[1].message


def test_change_applied_to_another_policy_is_a_base_mismatch() -> None:
    """A change applied to a policy with another id, or pinned to other content, is
    change.base-mismatch."""
    pppk = asn.load_policy(RUBRICS / "pppk-2024.yaml")
    with pytest.raises(PolicyError) as caught:
        change().apply(pppk)
    assert caught.value.codes == ["change.base-mismatch"]
    pinned = change(policy={"id": "cpns-2024", "path": "x.yaml", "sha256": "sha256:" + "0" * 64})
    problems = pinned.problems_against(CPNS)
    assert [(p.code, p.json_path) for p in problems] == [
        ("change.base-mismatch", "$.policy.sha256")
    ]


def test_shipped_change_loads_and_changes_the_hash() -> None:
    """The shipped TKP 170 change validates, cites the CPNS 2024 policy, and its changed
    policy has another content hash, the new value and the change's reference; the base is
    untouched."""
    assert asn.validate(CHANGE_FILE) == []
    document = asn.load(CHANGE_FILE)
    assert isinstance(document, PolicyChange)
    assert document.loaded_policy is not None
    assert document.loaded_policy.id == "cpns-2024"
    assert document.overrides() == ["parameters.skd_min_tkp from 2024-01-01 = 170 [usulan-tkp-170]"]
    changed = document.apply(CPNS)
    assert asn.document_hash(changed) != asn.document_hash(CPNS)
    assert changed.parameters["skd_min_tkp"].at("skd_min_tkp", AS_OF).value == 170
    assert CPNS.parameters["skd_min_tkp"].at("skd_min_tkp", AS_OF).value == 166
    assert [r.id for r in changed.references][-1] == "usulan-tkp-170"
    assert next(r for r in document.references).certainty == "unverified"


def test_comparing_a_policy_with_itself_reports_no_change() -> None:
    """The same policy twice: nothing changes, and the text says so."""
    result = compare(CPNS, CPNS, TKP_CANDIDATES, formations=TKP_FORMATIONS, as_of=AS_OF)
    assert len(result) == 0
    assert result.to_rows() == []
    assert result.by_stage() == {}
    assert "No candidate changes. (0 of 5 candidates change)" in result.render("en")
    assert "Tidak ada peserta yang berubah. (0 dari 5 peserta berubah)" in result.render()


def _crowded() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Two formations: F1 (quota 1) with TKP 166, 168 and 180; F2 (quota 2) with 169 and 175."""
    candidates = [
        candidate("A1", "F1", tkp=166),
        candidate("A2", "F1", tkp=168, skb_cat=450),
        candidate("A3", "F1", tkp=180),
        candidate("B1", "F2", tkp=169),
        candidate("B2", "F2", tkp=175),
    ]
    return candidates, [formation("F1"), formation("F2", quota=2)]


def test_counts_per_stage_and_formation() -> None:
    """Outcome pairs are counted per stage and changed candidates per formation."""
    candidates, formations = _crowded()
    result = compare(CPNS, tkp_170(), candidates, formations=formations, as_of=AS_OF)
    assert [c.candidate_id for c in result.changes] == ["A1", "A2", "A3", "B1"]
    assert result.by_formation() == {"F1": 3, "F2": 1}
    assert result.by_final_status() == {
        ("not_selected", "failed"): 1,
        ("not_selected", "selected"): 1,
        ("selected", "failed"): 2,
    }
    stages = result.by_stage()
    assert stages["skd"] == {("advanced", "below_threshold"): 3}
    assert stages["peringkat"] == {
        ("advanced", "not_reached"): 2,
        ("outranked", "advanced"): 1,
        ("outranked", "not_reached"): 1,
    }
    assert list(stages) == [s for s in result.stage_ids if s in stages]
    text = result.render("en")
    assert text.index("4 of 5 candidates change") < text.index("A1 (row 1")
    assert "skd                advanced → below_threshold  3" in text


def test_rendering_and_rows_do_not_depend_on_input_order() -> None:
    """Shuffled input rows give the same text and rows; blocks come by candidate id."""
    candidates, formations = _crowded()
    first = compare(CPNS, tkp_170(), candidates, formations=formations, as_of=AS_OF)
    shuffled = list(candidates)
    random.Random(7).shuffle(shuffled)
    second = compare(CPNS, tkp_170(), shuffled, formations=formations, as_of=AS_OF)
    assert [c.candidate_id for c in second.changes] == ["A1", "A2", "A3", "B1"]
    assert _without_rows(first.render()) == _without_rows(second.render())
    assert [_drop_row(r) for r in first.to_rows()] == [_drop_row(r) for r in second.to_rows()]


def _without_rows(text: str) -> str:
    """The text without the input row numbers (which follow the input order)."""
    return re.sub(r"\((row|baris) \d+, ", "(", text)


def _drop_row(row: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in row.items() if k != "row"}


def test_rows_and_indonesian_text() -> None:
    """to_rows gives both sides of every field and stage; the text reads in Indonesian."""
    result = compare(CPNS, tkp_170(), TKP_CANDIDATES, formations=TKP_FORMATIONS, as_of=AS_OF)
    rows = result.to_rows()
    assert list(rows[0]) == result.columns()
    assert rows[0]["candidate_id"] == "T166"
    assert (rows[0]["skd.before"], rows[0]["skd.after"]) == ("advanced", "below_threshold")
    assert (rows[0]["final_status.before"], rows[0]["final_status.after"]) == (
        "selected",
        "failed",
    )
    assert rows[0]["final_score.after"] == ""
    assert rows[0]["why.stage"] == "skd"
    assert "170 (usulan-tkp-170, berlaku sejak 2024-01-01)" in rows[0]["why.after"]
    text = result.render("id")
    assert "2 dari 5 peserta berubah" in text
    assert "penyebab: tahap pertama yang hasilnya berbeda" in text
    assert "skd (Seleksi Kompetensi Dasar (SKD))" in text
    with pytest.raises(ValueError, match="unknown language"):
        result.render("fr")


# ------------------------------------------------------------------------ the command


def _write_inputs(folder: Path) -> tuple[Path, Path]:
    candidates, formations = _crowded()
    columns = ["candidate_id", "formation_id", "birth_date", "education_level", "gpa"]
    columns += ["twk", "tiu", "tkp", "skb_cat"]
    with (folder / "candidates.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(candidates)
    with (folder / "formations.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(formations[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(formations)
    return folder / "candidates.csv", folder / "formations.csv"


def _execute(
    tmp_path: Path,
    *,
    change: Path | None = None,
    other: Path | None = None,
    policy: Path = RUBRICS / "cpns-2024.yaml",
    out: Path | None = None,
) -> tuple[int, str]:
    candidates, formations = _write_inputs(tmp_path)
    stream = io.StringIO()
    code = execute_compare(
        policy,
        change=change,
        other=other,
        candidates=candidates,
        formations=formations,
        ratings=None,
        as_of=AS_OF,
        out=out,
        stream=stream,
        lang="en",
    )
    return code, stream.getvalue()


def test_execute_compare_with_a_change_prints_and_writes_rows(tmp_path: Path) -> None:
    """--change: exit 0, the change's overrides and the comparison printed, one CSV row per
    changed candidate written."""
    out = tmp_path / "changes.csv"
    code, text = _execute(tmp_path, change=CHANGE_FILE, out=out)
    assert code == 0
    assert text.startswith("change tkp-170: Illustrative proposal")
    assert "parameters.skd_min_tkp from 2024-01-01 = 170 [usulan-tkp-170]" in text
    assert "4 of 5 candidates change" in text
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["candidate_id"] for r in rows] == ["A1", "A2", "A3", "B1"]


def test_execute_compare_with_a_second_policy(tmp_path: Path) -> None:
    """POLICY_B: the second policy is compared as it is; the same file twice changes nothing
    and still exits 0."""
    code, text = _execute(tmp_path, other=RUBRICS / "cpns-2024.yaml")
    assert code == 0
    assert "No candidate changes." in text
    changed = tmp_path / "cpns-2024-b.yaml"
    changed.write_text(asn.dump(tkp_170()), encoding="utf-8")
    code, text = _execute(tmp_path, other=changed)
    assert code == 0
    assert "4 of 5 candidates change" in text


@pytest.mark.parametrize("both", [True, False])
def test_execute_compare_needs_exactly_one_of_change_and_other(
    tmp_path: Path, both: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """Neither or both of --change and POLICY_B: a usage error (exit 2)."""
    other = RUBRICS / "cpns-2024.yaml" if both else None
    change_path = CHANGE_FILE if both else None
    code, text = _execute(tmp_path, change=change_path, other=other)
    assert (code, text) == (2, "")
    assert "exactly one of" in capsys.readouterr().err


def test_execute_compare_invalid_change_file_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A change naming an unknown target: exit 1, the located problem on stderr."""
    bad = tmp_path / "bad.yaml"
    text = CHANGE_FILE.read_text(encoding="utf-8").replace("skd_min_tkp:", "skd_min_tkpp:")
    shutil.copy(RUBRICS / "cpns-2024.yaml", tmp_path)  # a cited file is in the citing folder
    bad.write_text(text, encoding="utf-8")
    code, out = _execute(tmp_path, change=bad)
    assert (code, out) == (1, "")
    err = capsys.readouterr().err
    assert f"{bad}:" in err
    assert "change.unknown-target" in err


def test_execute_compare_change_to_another_policy_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A change whose base is not POLICY (another id, or the same id with other content):
    exit 1 with change.base-mismatch."""
    code, _ = _execute(tmp_path, change=CHANGE_FILE, policy=RUBRICS / "pppk-2024.yaml")
    assert code == 1
    assert "change.base-mismatch" in capsys.readouterr().err
    edited = tmp_path / "cpns-2024-edited.yaml"
    edited.write_text(asn.dump(tkp_170()), encoding="utf-8")
    code, _ = _execute(tmp_path, change=CHANGE_FILE, policy=edited)
    assert code == 1
    err = capsys.readouterr().err
    assert "change.base-mismatch" in err
    assert "content hash" in err


def test_execute_compare_wrong_kind_or_invalid_policy_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A policy that does not load, or a change file given as POLICY_B: exit 1."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: selection-policy\nschema_version: 9\n", encoding="utf-8")
    code, _ = _execute(tmp_path, policy=broken, change=CHANGE_FILE)
    assert code == 1
    assert "kind.version-unsupported" in capsys.readouterr().err
    code, _ = _execute(tmp_path, other=CHANGE_FILE)
    assert code == 1
    assert "a selection-policy is needed" in capsys.readouterr().err


def test_comparison_is_exported() -> None:
    """The comparison types carry docstrings."""
    assert Comparison.__doc__
    assert compare.__doc__


def test_the_comparison_csv_neutralises_formula_cells(tmp_path: Path) -> None:
    """docs/cli.md (compare --out): a candidate id or a line that starts like a formula
    (``=HYPERLINK(...)``, OWASP "CSV Injection") is written with a leading apostrophe, as in
    every CSV the library writes; numbers stay numbers."""
    from asn_competency.cli.compare import _write_rows

    class _Rows:
        def columns(self) -> list[str]:
            return ["candidate_id", "final_score.before", "why.before"]

        def to_rows(self, lang: str) -> list[dict[str, str]]:
            del lang
            return [
                {
                    "candidate_id": '=HYPERLINK("http://x")',
                    "final_score.before": "-3.5",
                    "why.before": "@SUM(A1)",
                }
            ]

    out = tmp_path / "changes.csv"
    _write_rows(_Rows(), out, "id")  # type: ignore[arg-type]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1] == '"\'=HYPERLINK(""http://x"")",-3.5,\'@SUM(A1)'
