"""The run folder's fast writers against the public functions they stand for, byte for byte:
the ledger's lines (each record encoded once, its evaluations copied as the columns engine
encoded them, its hash put in its place) against ``ledger_line`` of each record of
``ledger``, and the results' text against the CSV writer's (docs/auditing.md: earlier runs
must still verify, so the bytes may never change)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.audit.ledger import GENESIS, encoded_ledger, ledger, record_json
from asn_competency.audit.run_folder import ledger_line
from asn_competency.audit.run_folder.files import _csv_text, _with_hash, ledger_lines, results_cell
from asn_competency.model.policy_tests import PolicyTests
from asn_competency.pipeline import RunResult
from asn_competency.testing.synth import synthesize
from tests.audit.test_record_json import JSON_VALUES, TEXT
from tests.pipeline.test_columnar import cpns_cycles

#: The shipped policies, and the reference date each is run on.
POLICIES = {
    "cpns-2024.yaml": dt.date(2024, 9, 10),
    "pppk-2024.yaml": dt.date(2024, 10, 1),
    "gayungan-2026.yaml": dt.date(2026, 3, 31),
}

#: The keys of a decision record (``decision/v2``) that sort before ``hash``, which hold a
#: string, null or a number, and those after it (a test below holds real records to both).
BEFORE_HASH = (
    "as_of",
    "candidate_id",
    "final_score",
    "final_status",
    "final_status_label",
    "format",
    "formation_id",
)
AFTER_HASH = (
    "input_digest",
    "library_version",
    "parameters",
    "placement_formation_id",
    "policy",
    "prev_hash",
    "problems",
    "rank",
    "seq",
    "stages",
    "track",
)
SCALARS = st.none() | st.integers(-(2**63), 2**64 - 1) | TEXT


def assert_fast_writers_agree(result: RunResult) -> int:
    """The ledger's lines and hashes, as the fast writers give them, are the public
    functions'; the number of records."""
    records = list(ledger(result))
    assert list(ledger_lines(result)) == [
        (ledger_line(record).encode("utf-8"), record["hash"]) for record in records
    ]
    previous = GENESIS
    for body, digest in encoded_ledger(result):
        assert hashlib.sha256(previous.encode("ascii") + body).hexdigest() == digest
        previous = digest
    for record in records:
        assert sorted(record) == sorted((*BEFORE_HASH, "hash", *AFTER_HASH))
        assert all(type(record[key]) in (str, int, type(None)) for key in BEFORE_HASH)
    return len(records)


@given(
    st.fixed_dictionaries(
        {
            **dict.fromkeys(BEFORE_HASH, SCALARS),
            **dict.fromkeys(AFTER_HASH, JSON_VALUES),
            "hash": st.text("0123456789abcdef", min_size=64, max_size=64),
        }
    )
)
def test_a_line_is_its_record_encoded_once_with_its_hash_put_in(record: dict[str, Any]) -> None:
    """For any record with a decision record's keys (any text, quotes, backslashes and
    ``,"input_digest":`` itself included in the values), the line made from the canonical
    JSON of the record without its hash, with the hash put in, is the record's line."""
    body = record_json({k: v for k, v in record.items() if k != "hash"})
    assert _with_hash(body, record["hash"]) == ledger_line(record).encode("utf-8")


@pytest.mark.parametrize("engine", ["columns", "reference"])
@pytest.mark.parametrize("name", sorted(POLICIES))
def test_the_fast_writers_agree_on_synthetic_cycles(name: str, engine: str) -> None:
    """On a synthetic cycle of each shipped policy (planted problems, absentees, ties,
    optimisation, ratings for Gayungan), under each engine."""
    policy = asn.load_policy(asn.shipped(name))
    as_of = POLICIES[name]
    data = synthesize(policy, applicants=400, seed=17, as_of=as_of)
    result = asn.run(
        policy,
        data.candidates,
        formations=data.formations,
        ratings=data.ratings or None,
        as_of=as_of,
        engine=engine,
    )
    assert assert_fast_writers_agree(result) == len(data.candidates)


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_the_fast_writers_agree_on_every_policy_test_case(name: str) -> None:
    """On every case of every shipped policy's own tests (rubrics/*.tests.yaml), under both
    engines."""
    tests = asn.load(asn.shipped(name.replace(".yaml", ".tests.yaml")))
    assert isinstance(tests, PolicyTests)
    policy = tests.loaded_policy
    assert policy is not None
    for case in tests.cases:
        for engine in ("columns", "reference"):
            result = asn.run(
                policy,
                case.candidates,
                formations=case.formations if case.formations is not None else tests.formations,
                ratings=case.all_ratings() or None,
                as_of=case.as_of or tests.as_of or policy.as_of,
                ratings_pending=not case.all_ratings(),
                engine=engine,
            )
            assert_fast_writers_agree(result)


@settings(max_examples=10, deadline=None)
@given(cycle=cpns_cycles())
def test_the_fast_writers_agree_on_drawn_cpns_cycles(
    cycle: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    """On CPNS cycles drawn around every threshold and limit, with missing values, ties at
    cuts and quotas, every track and optimisation between formations."""
    rows, formations = cycle
    result = asn.run(
        asn.load_policy(asn.shipped("cpns-2024.yaml")),
        rows,
        formations=formations,
        as_of=dt.date(2024, 9, 10),
    )
    assert_fast_writers_agree(result)


#: Cells as ``results.csv`` may hold them: ids and labels from the inputs and the policy
#: (commas, quotes, line breaks, formula starts, spaces), numbers and empty cells.
CELLS = st.text(st.sampled_from([*",\"\r\n=+-@\t 'ab1.", "é", "\u2028"]), max_size=6)


@given(
    st.lists(TEXT, min_size=1, max_size=4),
    st.lists(st.lists(CELLS, min_size=0, max_size=4), max_size=6),
)
def test_the_results_text_is_what_the_csv_writer_writes(
    header: list[str], rows: list[list[str]]
) -> None:
    """For any header and rows of any cells (a single empty cell, which the writer quotes,
    and rows of no cell included), the results' text is the CSV writer's, each cell
    through ``results_cell``."""
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([results_cell(c) for c in row] for row in rows)
    assert "".join(_csv_text(header, rows)) == expected.getvalue()


def test_a_record_orjson_refuses_is_written_the_standard_way() -> None:
    """A record holding an integer beyond 64 bits (which ``orjson`` refuses; a policy's
    stage detail may hold any integer) is built again as data and written by the standard
    encoder, as ``ledger`` writes it; the records around it keep the fast way."""
    policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    as_of = POLICIES["cpns-2024.yaml"]
    data = synthesize(policy, applicants=30, seed=5, as_of=as_of)
    result = asn.run(policy, data.candidates, formations=data.formations, as_of=as_of)
    first, *others = result.decisions
    stages = (replace(first.stages[0], detail={"big": 2**70}), *first.stages[1:])
    changed = replace(result, decisions=(replace(first, stages=stages), *others))
    assert assert_fast_writers_agree(changed) == len(data.candidates)
    line, _ = next(ledger_lines(changed))
    assert b'"detail":{"big":1180591620717411303424}' in line
