"""One broken fixture per error code: each is reported with its code, where an author looks.

Every file in ``tests/fixtures/invalid/`` (not ``_support/``, which holds the valid files that
fixtures cite) is named after the code it breaks and starts with two comment lines::

    # expect: CODE LINE:COL
    # why: what is broken, in one sentence

Codes that a YAML text file cannot carry are built here instead (see :data:`NO_FIXTURE`).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
from pathlib import Path
from typing import Any

import pytest

import asn_competency as asn
from asn_competency.errors import CODES, ParameterError, Problem
from asn_competency.files import read_yaml_text, schema_problems
from asn_competency.model import Parameter
from tests.conftest import FIXTURES, ROOT

INVALID = FIXTURES / "invalid"
SUPPORT = INVALID / "_support"
FIXTURE_FILES = sorted(INVALID.glob("*.yaml"))

_EXPECT = re.compile(r"^# expect: (?P<code>[a-z0-9.-]+) (?P<line>\d+):(?P<column>\d+)$")

#: Codes with no fixture file: the test below that covers each, and why there is no file.
NO_FIXTURE: dict[str, tuple[str, str]] = {
    "file.not-found": (
        "test_missing_file_is_not_found",
        "a fixture file exists by definition; the test names a path that does not",
    ),
    "file.unreadable": (
        "test_directory_is_unreadable",
        "it takes a directory (or a file without read permission), not a text file",
    ),
    "file.too-large": (
        "test_file_over_the_default_size_limit_is_too_large",
        "over 4 MiB is no small fixture; the tests write a sparse file or lower Limits",
    ),
    "file.not-regular": (
        "tests.test_bounded_reading::test_a_device_is_refused_as_a_policy",
        "it takes a device or a FIFO, which a fixture file is not",
    ),
    "file.binary": (
        "test_nul_byte_is_binary",
        "it takes a NUL byte, which a YAML text fixture cannot hold",
    ),
    "file.not-utf8": (
        "test_invalid_utf8_is_reported_at_the_bad_byte",
        "it takes bytes that are not UTF-8, which a text fixture cannot hold",
    ),
    "yaml.alias-limit": (
        "test_alias_bomb_hits_the_alias_limit",
        (
            "its position is where the node budget runs out inside the expanded anchor, not a "
            "place an author would fix; the bomb is generated and only its code asserted"
        ),
    ),
    "yaml.too-many-nodes": (
        "test_too_many_nodes_with_a_lower_limit",
        "it takes more than 200,000 nodes; the test lowers Limits.max_nodes instead",
    ),
    "schema.const": (
        "test_schema_const_is_reported_for_a_const_rule",
        (
            "unreachable from files: the only 'const' rules are 'kind' and 'schema_version' "
            "(checked first by the header, which reports kind.*) and union discriminators "
            "(whose unknown values are reported as schema.union)"
        ),
    ),
    "schema.invalid": (
        "test_schema_invalid_is_reported_for_other_rules",
        (
            "unreachable from files: the generated schemas use no JSON Schema keyword that "
            "lacks a code of its own"
        ),
    ),
    "param.no-value": (
        "test_parameter_before_its_first_value_has_no_value",
        "raised by Parameter.at() when a decision is evaluated, not when a file is loaded",
    ),
    "expr.division-by-zero": (
        "tests.expressions.test_rules::test_division_by_zero_is_an_evaluation_error",
        "raised when a rule is evaluated for a candidate, not when the policy loads",
    ),
    "table.no-match": (
        "tests.scoring.test_points_table::test_no_match_without_default_names_the_inputs",
        "raised when a table is evaluated for a candidate, not when the policy loads",
    ),
    "scale.out-of-range": (
        "tests.scoring.test_scorebook::test_scale_out_of_range_is_an_evaluation_error",
        "raised when a scale is evaluated for a candidate, not when the policy loads",
    ),
    "category.unknown-code": (
        "tests.scoring.test_scorebook::test_category_unknown_code_is_an_evaluation_error",
        "raised when a category score is evaluated for a candidate",
    ),
    "input.header": (
        "tests.pipeline.test_inputs::test_missing_column_is_a_header_problem",
        "a problem of an input table (candidates, formations, ratings), not of a policy file",
    ),
    "input.syntax": (
        "tests.pipeline.test_inputs::test_jsonl_line_that_is_not_an_object",
        "a problem of an input table (candidates, formations, ratings), not of a policy file",
    ),
    "input.missing": (
        "tests.pipeline.test_inputs::test_jsonl_row_without_a_required_key_is_missing",
        "a problem of an input table (candidates, formations, ratings), not of a policy file",
    ),
    "input.type": (
        "tests.pipeline.test_inputs::test_message_names_field_expectation_and_value",
        "a problem of an input table (candidates, formations, ratings), not of a policy file",
    ),
    "input.range": (
        "tests.pipeline.test_inputs::test_value_problems_are_located",
        "a problem of an input table (candidates, formations, ratings), not of a policy file",
    ),
    "input.duplicate-id": (
        "tests.pipeline.test_inputs::test_duplicates_flag_every_copy",
        "a problem of an input table (candidates, formations, ratings), not of a policy file",
    ),
    "input.unknown-formation": (
        "tests.pipeline.test_inputs::test_unknown_formation",
        "a problem of an input table (candidates, formations, ratings), not of a policy file",
    ),
    "input.duplicate-rating": (
        "tests.pipeline.test_inputs::test_rating_duplicates_keep_the_first",
        "a problem of an input table (candidates, formations, ratings), not of a policy file",
    ),
    "input.unknown-candidate": (
        "tests.pipeline.test_inputs::test_ratings_bad_score_and_unknown_candidate",
        "a problem of an input table (candidates, formations, ratings), not of a policy file",
    ),
    "input.unknown-stage": (
        "tests.pipeline.test_input_mistakes::test_stage_id_in_another_case_is_an_unknown_stage",
        "a problem of a ratings table read against a policy, not of a policy file",
    ),
    "input.unknown-criterion": (
        "tests.pipeline.test_input_mistakes::test_unknown_criterion_is_refused",
        "a problem of a ratings table read against a policy, not of a policy file",
    ),
    "input.ratings-missing": (
        "tests.pipeline.test_input_mistakes::test_run_without_ratings_is_refused",
        "raised when a run reaches a rating stage with no ratings, not when a policy loads",
    ),
    "input.id-spelling": (
        "tests.pipeline.test_input_mistakes::test_id_spelling_problem_is_located",
        "a problem of a ratings table, not of a policy file",
    ),
    "audit.record": (
        "tests.audit.test_verify::test_a_line_that_is_not_json_is_a_record_problem",
        "a finding about a run's output folder, not about a policy file",
    ),
    "audit.chain": (
        "tests.audit.test_verify::test_any_changed_byte_is_found_at_its_record",
        "a finding about a run's output folder, not about a policy file",
    ),
    "audit.manifest": (
        "tests.audit.test_verify::test_missing_manifest_is_reported",
        "a finding about a run's output folder, not about a policy file",
    ),
    "audit.policy": (
        "tests.audit.test_verify::test_changed_policy_is_detected",
        "a finding about a run's output folder, not about a policy file",
    ),
    "audit.input": (
        "tests.audit.test_verify::test_changed_candidates_file_is_detected",
        "a finding about a run's output folder, not about a policy file",
    ),
    "audit.mismatch": (
        "tests.audit.test_verify::test_rewritten_chain_and_manifest_are_caught_by_recomputation",
        "a finding about a run's output folder, not about a policy file",
    ),
    "audit.missing": (
        "tests.audit.test_verify::test_each_missing_run_file_is_an_integrity_failure",
        "a finding about a run's output folder, not about a policy file",
    ),
    "record.unsupported-version": (
        "tests.audit.test_verify::test_records_of_another_format_are_refused_by_name",
        "a finding about a run's output folder, not about a policy file",
    ),
    "file.os-error": (
        "tests.test_cli::test_os_error_anywhere_is_a_problem_line",
        "an operating-system refusal while a command runs, not a problem of a file's content",
    ),
    "file.bad-name": (
        "tests.test_cli::test_file_name_that_is_not_utf8_is_a_problem_line",
        "it takes a file name whose bytes are not UTF-8, which no fixture's content can carry",
    ),
    "output.is-input": (
        "tests.test_cli::test_compare_never_writes_over_its_own_policy",
        "a problem of a command's arguments (--out naming an input), not of a file",
    ),
    "output.exists": (
        "tests.test_cli::test_synth_into_a_folder_with_files_needs_force",
        "a problem of a command's arguments (--out naming existing data), not of a file",
    ),
    "output.not-a-folder": (
        "tests.test_cli::test_out_naming_a_file_is_a_problem_not_a_traceback",
        "a problem of a command's arguments (--out naming a file), not of a file's content",
    ),
    "output.not-writable": (
        "tests.audit.test_run_folder::test_out_that_is_a_file_or_cannot_be_made_is_a_problem",
        "a place where a run folder cannot be written, not a problem of a file's content",
    ),
    "output.locked": (
        "tests.audit.test_run_folder::test_a_second_run_into_the_same_folder_stops_at_once",
        "two processes writing one run folder at once, not a problem of a file's content",
    ),
    "change.base-mismatch": (
        "tests.audit.test_compare::test_change_applied_to_another_policy_is_a_base_mismatch",
        "raised when a change is applied to a policy other than its base (compare --change)",
    ),
    "pm.missing-level": (
        "tests.scoring.test_profile_matching::test_missing_level_is_reported",
        "raised by the Profile Matching function of the Python API",
    ),
    "pm.gap-out-of-table": (
        "tests.scoring.test_profile_matching::test_gap_out_of_table_is_reported",
        "raised by the Profile Matching function of the Python API",
    ),
    "extra.missing": (
        "tests.evaluation.test_inputs::test_without_scipy_the_error_names_the_extra",
        "raised when an optional extra (scipy, pandas) is not installed, not by a file",
    ),
    "stats.empty": (
        "tests.evaluation.test_inputs::test_an_empty_matrix_is_empty",
        "a problem of data passed to a statistic in Python, not of a policy file",
    ),
    "stats.ragged": (
        "tests.evaluation.test_inputs::test_a_ragged_matrix_names_its_row",
        "a problem of data passed to a statistic in Python, not of a policy file",
    ),
    "stats.not-a-number": (
        "tests.evaluation.test_inputs::test_a_missing_cell_or_a_word_is_located",
        "a problem of data passed to a statistic in Python, not of a policy file",
    ),
    "stats.not-finite": (
        "tests.evaluation.test_inputs::test_nan_and_infinity_are_located",
        "a problem of data passed to a statistic in Python, not of a policy file",
    ),
    "stats.missing": (
        "tests.evaluation.test_inputs::test_a_missing_cell_or_a_word_is_located",
        "a problem of data passed to a statistic in Python, not of a policy file",
    ),
    "stats.too-few": (
        "tests.evaluation.test_inputs::test_fewer_than_two_raters_or_targets",
        "a problem of data passed to a statistic in Python, not of a policy file",
    ),
    "stats.length-mismatch": (
        "tests.evaluation.test_inputs::test_paired_inputs_must_pair",
        "a problem of data passed to a statistic in Python, not of a policy file",
    ),
    "stats.undefined": (
        "tests.evaluation.test_inputs::test_undefined_statistics",
        "a property of the data passed to a statistic (no variance), not of a policy file",
    ),
    "stats.labels": (
        "tests.evaluation.test_inputs::test_unknown_weights_are_refused",
        "a problem of labels passed to a statistic in Python, not of a policy file",
    ),
    "stats.counts": (
        "tests.evaluation.test_inputs::test_fleiss_counts_must_be_whole_and_add_up",
        "a problem of a table of counts passed to a statistic, not of a policy file",
    ),
    "resume.unsupported": (
        "tests.pipeline.test_resume::test_what_cannot_be_resumed_is_refused",
        "what a caller asks of a checkpoint, not a problem of a file",
    ),
    "resume.change": (
        "tests.pipeline.test_resume::test_what_cannot_be_resumed_is_refused",
        "what a caller asks of a checkpoint, not a problem of a file",
    ),
    "analysis.unsupported": (
        "tests.evaluation.rubric.test_replay::test_a_policy_without_a_weighted_stage_is_refused",
        "what a rubric analysis asks of a valid policy, not a problem of the policy file",
    ),
    "analysis.invalid-option": (
        "tests.evaluation.rubric.test_sensitivity::test_bounds_outside_are_refused",
        "an option given to a rubric analysis in Python or on the command line",
    ),
    "analysis.unknown-candidate": (
        (
            "tests.evaluation.rubric.test_sensitivity::"
            "test_flip_search_for_an_unknown_candidate_is_refused"
        ),
        "a candidate id given to the flip search, not a problem of a file",
    ),
    "ref.unknown-catalog": (
        "tests.development.test_documents::test_closures_and_citations_are_checked_together",
        (
            "the loader does not load a development policy's citations yet; the check runs when "
            "the policy, standard and catalogue are read together"
        ),
    ),
    "ref.unknown-programme": (
        "tests.development.test_documents::test_closures_and_citations_are_checked_together",
        "a closure is checked against the catalogue, which is read beside the policy",
    ),
    "input.unknown-competency": (
        "tests.development.test_inputs::test_unknown_competency_is_located",
        "a problem of an assessments table row, not of a policy file",
    ),
    "input.duplicate-entry": (
        "tests.development.test_inputs::test_a_repeated_entry_is_refused_whole",
        "a problem of an assessments or performance table row, not of a policy file",
    ),
    "kind.unexpected": (
        "tests.test_front_door::test_each_loader_refuses_another_kind_at_its_kind_key",
        "a file of any kind is valid to validate(); only a typed loader expects one kind",
    ),
    "audit.unknown-candidate": (
        "tests.test_front_door::test_explain_a_run_and_its_folder",
        "raised by explain() for a candidate id a run does not have, not by a file",
    ),
    "lang.unknown": (
        "tests.test_front_door::test_every_language_check_is_lang_unknown",
        "a language asked of a text in Python or on the command line, not a problem of a file",
    ),
    **dict.fromkeys(
        ("announce.key", "announce.mask", "announce.mask-clash", "announce.label"),
        (
            "tests.audit.test_announce::test_each_refusal_has_its_code_and_place",
            "a problem of a run's results or of the options of their announcement, not of a file",
        ),
    ),
    "announce.stage": (
        "tests.audit.test_announce::test_each_refusal_has_its_code_and_place",
        "a stage asked of the announcement of a run, not a problem of a policy file",
    ),
    "stats.outcome": (
        "tests.evaluation.test_impact::test_outcomes_must_be_booleans_and_pair_with_groups",
        "a problem of outcomes passed to adverse_impact in Python, not of a policy file",
    ),
    "stats.unknown-key": (
        "tests.evaluation.test_validity::test_a_method_the_correlations_do_not_have_is_not_found",
        "a name asked of a result in Python (a stage, an ICC form, a method), not of a file",
    ),
    "period.order": (
        "tests.development.test_progress::test_the_window_bounds_what_counts",
        "a period passed to progress() in Python, not a problem of a file",
    ),
}


def _expected(path: Path) -> tuple[str, int, int]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = _EXPECT.match(first)
    assert match, f"{path.name}: the first line must be '# expect: CODE LINE:COL'"
    return match["code"], int(match["line"]), int(match["column"])


def _where(problem: Problem) -> tuple[str, int | None, int | None]:
    return problem.code, problem.line, problem.column


def _only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [p.render() for p in problems]
    return problems[0]


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_reports_its_code_at_its_position(path: Path) -> None:
    """A fixture's first problem, in reading order, is its code at its line and column."""
    code, line, column = _expected(path)
    # Some fixtures cite the shipped rubrics: the repository is their search root.
    problems = asn.validate(path, root=ROOT)
    assert (code, line, column) in [_where(p) for p in problems], [p.render() for p in problems]
    assert _where(problems[0]) == (code, line, column)
    assert problems[0].file == str(path)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_is_named_after_its_code_and_says_why(path: Path) -> None:
    """A fixture is named after the code it expects, and its second line says why."""
    code, _, _ = _expected(path)
    assert path.name == f"{code}.yaml"
    assert code in CODES
    why = path.read_text(encoding="utf-8").splitlines()[1]
    assert why.startswith("# why: ")
    assert why.removeprefix("# why: ").strip()


def test_every_code_has_a_fixture_or_a_named_test() -> None:
    """Each code in CODES has a fixture file or, listed in NO_FIXTURE, a test of its own."""
    fixtures = {path.stem for path in FIXTURE_FILES}
    assert not fixtures & set(NO_FIXTURE), "a code with a fixture needs no NO_FIXTURE entry"
    assert set(NO_FIXTURE) <= set(CODES)
    assert sorted(set(CODES) - fixtures - set(NO_FIXTURE)) == []
    for test_name, reason in NO_FIXTURE.values():
        module, _, name = test_name.rpartition("::")
        where = vars(importlib.import_module(module)) if module else globals()
        assert callable(where.get(name)), f"no test named {test_name}"
        assert reason


def test_support_files_are_valid() -> None:
    """The files that fixtures cite are valid, so each fixture is broken in one way only."""
    for path in sorted(SUPPORT.glob("*.yaml")):
        assert asn.validate(path) == [], path.name


@pytest.mark.parametrize(
    ("name", "json_path"),
    [
        ("yaml.duplicate-key", "$.competencies[0].group"),
        ("schema.unknown-field", "$.descripton"),
        ("schema.key", "$.parameters.skd_min_twk.values['2024-8-19']"),
        ("schema.required", "$.competencies[0]"),
        ("model.invalid", "$.id"),
        ("ref.unknown-competency", "$.requirements[0].competency"),
        ("param.type", "$.parameters.skd_min_twk.values['2024-08-19'].value"),
        ("weights.sum", "$.requirements"),
        ("kind.missing", "$"),
    ],
)
def test_fixture_json_path(name: str, json_path: str) -> None:
    """Representative fixtures report the JSONPath of what is broken."""
    assert asn.validate(INVALID / f"{name}.yaml", root=ROOT)[0].json_path == json_path


# Codes without a fixture file: files written here, or APIs called directly.


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    """A path with no file behind it is file.not-found, naming the path."""
    path = tmp_path / "missing.yaml"
    problem = _only(asn.validate(path))
    assert problem.code == "file.not-found"
    assert problem.file == str(path)


def test_directory_is_unreadable(tmp_path: Path) -> None:
    """A directory given as a file is file.unreadable."""
    folder = tmp_path / "policy.yaml"
    folder.mkdir()
    problem = _only(asn.validate(folder))
    assert problem.code == "file.unreadable"
    assert problem.file == str(folder)


def test_file_over_the_default_size_limit_is_too_large(tmp_path: Path) -> None:
    """A file one byte over the default limit is file.too-large, before a byte is read."""
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"")
    os.truncate(path, asn.Limits().max_bytes + 1)  # sparse: no 4 MiB written to disk
    problem = _only(asn.validate(path))
    assert problem.code == "file.too-large"
    assert problem.value == asn.Limits().max_bytes + 1


def test_file_over_a_lower_size_limit_is_too_large() -> None:
    """A valid file over a lowered Limits.max_bytes is file.too-large."""
    path = SUPPORT / "fw.yaml"
    problem = _only(asn.validate(path, limits=asn.Limits(max_bytes=100)))
    assert problem.code == "file.too-large"
    assert problem.value == path.stat().st_size


def test_nul_byte_is_binary(tmp_path: Path) -> None:
    """A NUL byte makes the file file.binary, reported at the NUL."""
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"kind: competency-framework\nid: test\x00fw\n")
    problem = _only(asn.validate(path))
    assert _where(problem) == ("file.binary", 2, 9)


def test_utf16_file_is_binary(tmp_path: Path) -> None:
    """A UTF-16 file (NUL bytes from the start) is file.binary, with a hint to save as UTF-8."""
    path = tmp_path / "utf16.yaml"
    path.write_bytes("kind: competency-framework\n".encode("utf-16"))
    problem = _only(asn.validate(path))
    assert problem.code == "file.binary"
    assert "UTF-8" in problem.message


def test_invalid_utf8_is_reported_at_the_bad_byte(tmp_path: Path) -> None:
    """A byte that is not UTF-8 is file.not-utf8 at its line and character column."""
    path = tmp_path / "latin1.yaml"
    # Line 2 is 'name: {id: Kéé' (14 characters, 16 bytes) and then a Latin-1 'é'.
    path.write_bytes("kind: competency-framework\nname: {id: Kéé".encode() + b"\xe9t}\n")
    problem = _only(asn.validate(path))
    assert _where(problem) == ("file.not-utf8", 2, 15)


# The root mapping is level 1 and the limit is 64 levels, so the first node too deep is the
# 64th '[' (an item of the 63rd list), or the key 'a' of the 63rd mapping.
@pytest.mark.parametrize(("opener", "closer", "column"), [("[", "]", 67), ("{a: ", "}", 253)])
def test_ten_thousand_levels_are_too_deep(
    tmp_path: Path, opener: str, closer: str, column: int
) -> None:
    """10,000 levels of nesting are yaml.too-deep, at the first node past the limit."""
    path = tmp_path / "deep.yaml"
    prefix = "kind: competency-framework\nx: "
    path.write_text(prefix + opener * 10_000 + closer * 10_000 + "\n", encoding="utf-8")
    problem = _only(asn.validate(path))
    assert _where(problem) == ("yaml.too-deep", 2, column)


def _billion_laughs() -> str:
    lines = ["kind: competency-framework", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_hits_the_alias_limit(tmp_path: Path) -> None:
    """A 'billion laughs' document is yaml.alias-limit, after a bounded amount of work."""
    path = tmp_path / "laughs.yaml"
    path.write_text(_billion_laughs(), encoding="utf-8")
    problem = _only(asn.validate(path))
    assert problem.code == "yaml.alias-limit"
    assert problem.file == str(path)


def test_too_many_nodes_with_a_lower_limit() -> None:
    """A document with more nodes than Limits.max_nodes (and no alias) is yaml.too-many-nodes."""
    problem = _only(asn.validate(SUPPORT / "fw.yaml", limits=asn.Limits(max_nodes=50)))
    assert problem.code == "yaml.too-many-nodes"
    assert problem.line is not None


def _schema_problem(text: str, schema: dict[str, Any]) -> Problem:
    return _only(schema_problems(read_yaml_text(text, file="doc.yaml"), schema))


def test_schema_const_is_reported_for_a_const_rule() -> None:
    """A value breaking a JSON Schema 'const' is schema.const at the value."""
    problem = _schema_problem("mode: draft\n", {"properties": {"mode": {"const": "final"}}})
    assert _where(problem) == ("schema.const", 1, 7)
    assert problem.json_path == "$.mode"


def test_schema_invalid_is_reported_for_other_rules() -> None:
    """A value breaking a keyword with no code of its own ('multipleOf') is schema.invalid."""
    problem = _schema_problem("quota: 7\n", {"properties": {"quota": {"multipleOf": 5}}})
    assert _where(problem) == ("schema.invalid", 1, 8)
    assert problem.json_path == "$.quota"


def _parameter() -> Parameter:
    """An integer parameter in force from 2024-08-19 and ended (null) on 2025-01-01."""
    return Parameter.model_validate(
        {
            "description": {"id": "Nilai ambang batas TWK"},
            "type": "integer",
            "values": {
                "2024-08-19": {"value": 65, "reference": "permenpanrb-6-2024"},
                "2025-01-01": None,
            },
        }
    )


def test_parameter_in_force_has_a_value() -> None:
    """On a date between the first value and the null end, Parameter.at() gives the value."""
    resolved = _parameter().at("skd_min_twk", dt.date(2024, 9, 1))
    assert (resolved.value, resolved.effective_from) == (65, dt.date(2024, 8, 19))


def test_parameter_before_its_first_value_has_no_value() -> None:
    """Before its first value, Parameter.at() raises ParameterError param.no-value."""
    with pytest.raises(ParameterError) as caught:
        _parameter().at("skd_min_twk", dt.date(2024, 8, 18))
    problem = caught.value.problem
    assert problem.code == "param.no-value"
    assert problem.json_path == "$.parameters.skd_min_twk.values"
    assert "2024-08-18" in problem.message
    assert "starts on 2024-08-19" in problem.message


def test_parameter_after_a_null_end_has_no_value() -> None:
    """On and after a null value, Parameter.at() raises ParameterError param.no-value."""
    for as_of in (dt.date(2025, 1, 1), dt.date(2026, 6, 30)):
        with pytest.raises(ParameterError) as caught:
            _parameter().at("skd_min_twk", as_of)
        assert caught.value.problem.code == "param.no-value"
        assert "ended on 2025-01-01" in caught.value.problem.message


@pytest.mark.parametrize("bad", ["[integer]", "{name: integer}"])
def test_unhashable_discriminator_is_a_problem_not_a_crash(tmp_path: Path, bad: str) -> None:
    """A list or mapping where a union expects its 'type' name is a problem, never a crash."""
    # Any policy will do: the schema is checked before the fixture's own break is reached.
    text = (INVALID / "field.type.yaml").read_text(encoding="utf-8")
    text = text.replace("  twk: {type: integer,", f"  twk: {{type: {bad},", 1)
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    problems = asn.validate(path)  # documented: "never raises for bad input"
    assert problems
    assert problems[0].code.startswith("schema.")
    assert problems[0].json_path == "$.candidate_fields.twk.type"


def test_a_problem_renders_only_the_location_it_has() -> None:
    """A problem with no file and no line renders as ``CODE message (hint)``, with no made-up
    place; text read without a file name stands at ``<input>:line:col``, a real position."""
    bare = Problem("param.no-value", "no as-of date", hint="pass one")
    assert (bare.location, bare.render()) == ("", "param.no-value no as-of date (pass one)")
    assert str(asn.PolicyError([bare])) == "param.no-value no as-of date (pass one)"
    with pytest.raises(asn.PolicyError) as caught:
        asn.load_text("kind: competency-framework\nkind: x\n")
    (problem,) = caught.value.problems
    assert (problem.code, problem.file, problem.line) == ("yaml.duplicate-key", None, 2)
    assert problem.render().startswith("<input>:2:1: yaml.duplicate-key ")
    filed = Problem("file.empty", "no document", file="a.yaml")
    assert filed.render() == "a.yaml: file.empty no document"
