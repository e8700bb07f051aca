"""Fuzzing the loaders: whatever the input, only the library's own errors come out.

The property, for every input drawn here: the public entry point either succeeds or raises
an :class:`~asn_competency.AsnCompetencyError` whose problems each have a stable code from
``errors.CODES`` and a location (a line, or a path in the document); never ``KeyError``,
``TypeError``, ``ValueError`` (other than the library's own ``PolicyError``),
``RecursionError``, ``MemoryError`` or anything else. And within bounds: each example runs
within :data:`DEADLINE` (the Hypothesis deadline of every test here) and adds at most
:data:`MAX_PEAK` bytes of memory at its peak (the resident size, or ``tracemalloc``'s
count), with the reading limits of :data:`LIMITS` (the library's
:class:`~asn_competency.Limits`).

The inputs:

- documents of every input kind drawn from the committed JSON Schemas (``schemas/``) by
  hypothesis-jsonschema, written as YAML and given to ``load_text``;
- the shipped files (``rubrics/``) and the document fixtures (``tests/fixtures/valid``,
  ``tests/fixtures/invalid``), mutated as bytes and as YAML (:mod:`tests.fuzz.mutations`),
  given to ``load``, ``validate`` and ``load_text``;
- the valid tables of the bad-input corpus (``tests/fixtures/bad_inputs/valid-*.csv``, and
  the same rows as JSON Lines), mutated as bytes, given to :func:`asn_competency.run` (what
  ``asn-competency run`` calls) with the policy they are valid for.

What the schema draws do not cover, and why (see also :mod:`tests.fuzz.schemas`):

- a selection policy is not drawn whole: hypothesis-jsonschema rebuilds its strategies for
  every element, and a whole policy (129 alternatives under ``anyOf``) costs it about two
  seconds a document, too slow for this suite's budget. Each example instead draws one
  top-level property from its schema (with every ``$defs`` it uses) and puts it into a
  shipped policy, so every part of the schema is drawn, and the rest of the document is
  valid, which takes the load past the schema to the model and consistency checks;
- drawn arrays and open mappings hold at most three items (``tests.fuzz.schemas.bounded``);
  size is what the mutations vary;
- ``decision`` and ``manifest`` schemas describe what a run writes, not an input kind: the
  loaders never read them.

hypothesis-jsonschema reads drafts 4 to 7; the schemas are 2020-12, given to it as the
draft 7 schemas with the same constraints (``$id`` dropped, ``prefixItems`` as an ``items``
list); it draws the ``date`` format and every ``pattern`` itself, so no custom format is
needed. Its latest release calls a Hypothesis internal that newer Hypothesis releases
renamed; :mod:`tests.fuzz.schemas` bridges the two (and says how).

A cell replaced by a very long string may be a column's name (a CSV header cell, a JSON
key): the near-miss check of column names once took seconds and a hundred megabytes for a
name of 100,000 characters; it now compares only names whose lengths allow a slip.

The number of examples scales with the Hypothesis profile (``tests/conftest.py``): a few in
``dev``, enough in ``ci`` to keep the file's run under a minute.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import tracemalloc
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.audit.schema import record_schema_file
from asn_competency.errors import CODES
from asn_competency.files import read_yaml
from tests.conftest import FIXTURES, ROOT, RUBRICS, SCHEMAS
from tests.fuzz.mutations import mutated_table, mutated_yaml
from tests.fuzz.schemas import documents, draft7

#: The reading limits of every load here: small enough that the hostile inputs hit them.
LIMITS = asn.Limits(max_bytes=1024 * 1024, max_depth=64, max_nodes=50_000)
#: The most time one example may take (the Hypothesis deadline).
DEADLINE = dt.timedelta(seconds=5)
#: The most memory one example may add at its peak, in bytes.
MAX_PEAK = 64 * 1024 * 1024

_CI_EXAMPLES = 400  # the ci profile's max_examples (tests/conftest.py)

#: The input kinds and the committed schema of each.
KINDS = {kind: SCHEMAS / f"{kind}.v{max(v)}.schema.json" for kind, v in asn.supported().items()}

#: The shipped policies a drawn part of a selection policy goes into.
BASE_POLICIES = ("cpns-2024.yaml", "gayungan-2026.yaml", "pppk-2024.yaml")

#: Documents whose bytes are mutated: the shipped files and the document fixtures.
SEEDS = sorted(
    [
        *RUBRICS.glob("*.yaml"),
        *(FIXTURES / "valid").glob("*.yaml"),
        *(FIXTURES / "invalid").glob("*.yaml"),
    ]
)

CORPUS = FIXTURES / "bad_inputs"


def _examples(at_ci: int) -> int:
    """``at_ci`` examples in the ci profile, proportionally fewer (at least 2) in others."""
    profile = settings.default
    assert profile is not None
    return max(2, at_ci * profile.max_examples // _CI_EXAMPLES)


def _fuzz(at_ci: int) -> settings:
    """The settings of a fuzz test: its share of examples, the deadline, no health check for
    slow draws (hypothesis-jsonschema) or large inputs (the mutations draw them)."""
    return settings(
        max_examples=_examples(at_ci),
        deadline=DEADLINE,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
    )


# --- the property ------------------------------------------------------------------------


def _problems(error: asn.AsnCompetencyError) -> tuple[asn.Problem, ...]:
    problems = getattr(error, "problems", None)
    if problems is None:
        problem = getattr(error, "problem", None)
        assert problem is not None, f"{type(error).__name__} carries no problem: {error}"
        problems = (problem,)
    return tuple(problems)


def _check_problem(problem: asn.Problem) -> None:
    assert isinstance(problem, asn.Problem)
    assert problem.code in CODES, problem
    # A location: a line or a path in the document; a problem of a whole file (``file.*``,
    # such as a cited file that does not exist) names the file.
    whole_file = problem.code.startswith("file.") and problem.file is not None
    assert problem.line is not None or problem.path or whole_file, problem.render()
    assert "Traceback" not in problem.message


def _status_kib(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB$", _STATUS.read_text(), re.MULTILINE)
    assert match is not None, field
    return int(match[1])


_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _resident_peak_resets() -> bool:
    """Whether the kernel lets the process reset its peak resident size (Linux)."""
    try:
        _CLEAR_REFS.write_text("5")
        _status_kib("VmHWM")
    except (OSError, AssertionError):
        return False
    return True


_RESET_PEAK = _resident_peak_resets()


def _peak_growth(call: Callable[[], Any]) -> tuple[Callable[[], Any], Callable[[], int]]:
    """``call`` wrapped to measure the most memory it adds at its peak, in bytes: the peak
    resident size (reset before the call) above the resident size before it, where Linux
    lets the peak be reset; else the peak that ``tracemalloc`` traces (much slower)."""
    peak = [0]

    def measured() -> Any:
        if _RESET_PEAK:
            before = _status_kib("VmRSS")
            _CLEAR_REFS.write_text("5")
            try:
                return call()
            finally:
                peak[0] = max(0, _status_kib("VmHWM") - before) * 1024
        tracemalloc.start()
        try:
            return call()
        finally:
            peak[0] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()

    return measured, lambda: peak[0]


def only_library_errors(call: Callable[[], Any]) -> tuple[Any, list[asn.Problem]]:
    """Run ``call``: its result (``None`` when it raised) and the problems it raised, each
    checked (a stable code, a location). Any exception that is not the library's own
    propagates, and so fails the test; the memory the call adds at its peak must stay
    under :data:`MAX_PEAK`."""
    result: Any = None
    problems: list[asn.Problem] = []
    measured, peak = _peak_growth(call)
    try:
        result = measured()
    except asn.AsnCompetencyError as error:
        problems = list(_problems(error))
    assert peak() <= MAX_PEAK, f"{peak():,} bytes added at the peak"
    for problem in problems:
        _check_problem(problem)
    return result, problems


# --- the folder the fuzzed files are written to ------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ``rubrics/`` and ``tests/fixtures/`` as they lie in the repository, so that a
    fuzzed file written beside its original finds the files it cites (the originals are
    never written to)."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(RUBRICS, root / "rubrics")
    shutil.copytree(FIXTURES, root / "tests" / "fixtures")
    return root


def _beside(workspace: Path, original: Path, suffix: str = "") -> Path:
    """Where a fuzzed copy of ``original`` is written in the workspace."""
    folder = workspace / original.parent.relative_to(ROOT)
    return folder / f"fuzzed-{original.stem}{suffix or original.suffix}"


# --- documents drawn from the JSON Schemas -----------------------------------------------


class _Dumper(yaml.SafeDumper):
    """YAML for drawn and shipped data alike: exact decimals as plain numbers."""


_Dumper.add_representer(
    Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value))
)


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


@cache
def _policy_parts() -> dict[str, st.SearchStrategy[Any]]:
    """Each top-level property of a selection policy, drawn from its schema."""
    from hypothesis_jsonschema import from_schema

    from tests.fuzz.schemas import bounded

    schema = json.loads(KINDS["selection-policy"].read_text(encoding="utf-8"))
    return {
        name: from_schema(bounded(draft7({"$defs": schema["$defs"], **part})))
        for name, part in sorted(schema["properties"].items())
    }


@cache
def _read(path: Path) -> bytes:
    return path.read_bytes()


@cache
def _base_policy(name: str) -> dict[str, Any]:
    return read_yaml(RUBRICS / name).data


@st.composite
def _policies(draw: st.DrawFn) -> dict[str, Any]:
    """A shipped policy with one top-level property drawn from its schema."""
    policy = dict(_base_policy(draw(st.sampled_from(BASE_POLICIES))))
    name, part = draw(st.sampled_from(sorted(_policy_parts().items())))
    policy[name] = draw(part)
    return policy


def test_every_input_kind_has_its_schema_fuzzed() -> None:
    """Every kind the library reads has its committed schema here (so a property below), and
    every other schema file is a record format the library only writes."""
    assert all(schema.is_file() for schema in KINDS.values())
    records = {
        record_schema_file(name)
        for name in ("decision", "manifest", "development", "development-manifest")
    }
    assert {p.name for p in SCHEMAS.glob("*.json")} == {p.name for p in KINDS.values()} | records


#: Documents this test found that once raised something else than the library's errors:
#: a cited path with a NUL character (``ValueError: embedded null byte`` from the OS call).
FOUND: dict[str, list[dict[str, Any]]] = {
    "policy-change": [
        {
            "description": {"id": "0"},
            "id": "0",
            "kind": "policy-change",
            "policy": {"id": "0", "path": "\x00"},
            "schema_version": 1,
        }
    ],
}


def _load_drawn(document: Any, workspace: Path) -> None:
    text = _yaml(document)
    file = workspace / "rubrics" / "fuzzed-document.yaml"
    only_library_errors(lambda: asn.load_text(text, file=str(file), limits=LIMITS, root=workspace))


@pytest.mark.parametrize("kind", sorted(set(KINDS) - {"selection-policy"}))
def test_documents_from_the_schema_load_or_fail_cleanly(kind: str, workspace: Path) -> None:
    """A document drawn from its kind's schema, as YAML: it loads, or fails with the
    library's problems only (the cited files it names are looked up in a copy of
    ``rubrics/``, confined to it)."""

    def load_drawn(document: Any) -> None:
        assert document["kind"] == kind
        _load_drawn(document, workspace)

    check = _fuzz(at_ci=12)(given(document=documents(KINDS[kind]))(load_drawn))
    for found in FOUND.get(kind, ()):
        check = example(document=found)(check)
    check()


def test_policies_with_a_part_from_the_schema_load_or_fail_cleanly(workspace: Path) -> None:
    """A shipped selection policy with one top-level property drawn from its schema."""

    @_fuzz(at_ci=15)
    @given(document=_policies())
    def check(document: dict[str, Any]) -> None:
        _load_drawn(document, workspace)

    check()


# --- mutated YAML ------------------------------------------------------------------------


def _entry_points(path: Path, data: bytes, workspace: Path) -> Iterator[Callable[[], Any]]:
    yield lambda: asn.load(path, limits=LIMITS, root=workspace)
    yield lambda: asn.validate(path, limits=LIMITS, root=workspace)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    yield lambda: asn.load_text(text, file=str(path), limits=LIMITS, root=workspace)


@st.composite
def _mutated_seeds(draw: st.DrawFn) -> tuple[Path, bytes]:
    """A seed document and its bytes, mutated."""
    seed = draw(st.sampled_from(SEEDS))
    return seed, draw(mutated_yaml(_read(seed)))


_CHANGE = RUBRICS / "cpns-2024.change-tkp-170.yaml"


@_fuzz(at_ci=300)
@given(case=_mutated_seeds(), which=st.integers(0, 2))
@example(case=(_CHANGE, b"\x00" + _read(_CHANGE)), which=2)  # ReaderError from load_text
@example(case=(_CHANGE, _read(_CHANGE).replace(b"id: tkp", b"id: \x01tkp")), which=0)
@example(case=(_CHANGE, _read(_CHANGE).replace(b"id: tkp-170", b"id: &a [1, *a]")), which=1)
def test_mutated_yaml_loads_or_fails_cleanly(
    case: tuple[Path, bytes], which: int, workspace: Path
) -> None:
    """A shipped file or fixture, mutated: every entry point (``load``, ``validate``,
    ``load_text``) loads it or reports the library's problems; ``validate`` never raises.

    The explicit examples were found by this test: a NUL or another control character
    reached PyYAML's reader outside the library's handling (``yaml.reader.ReaderError``); an
    alias inside the collection it names (``&a [1, *a]``) recursed without end
    (``RecursionError``)."""
    seed, content = case
    path = _beside(workspace, seed)
    path.write_bytes(content)
    calls = list(_entry_points(path, content, workspace))
    result, _ = only_library_errors(calls[which % len(calls)])
    if isinstance(result, list):  # validate's problems: it never raises
        for problem in result:
            _check_problem(problem)


# --- mutated tables ----------------------------------------------------------------------

#: Each table's run: the policy it is valid for, its as-of date, the other tables.
RUNS: dict[str, dict[str, Any]] = {
    "cpns": {
        "policy": "cpns-2024.yaml",
        "as_of": None,
        "candidates": "valid-cpns-candidates.csv",
        "formations": "valid-cpns-formations.csv",
        "ratings": None,
    },
    "gayungan": {
        "policy": "gayungan-2026.yaml",
        "as_of": dt.date(2026, 3, 31),
        "candidates": "valid-gayungan-candidates.csv",
        "formations": "valid-gayungan-formations.csv",
        "ratings": "valid-gayungan-ratings.csv",
    },
}

_NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")


def _as_json_lines(table: bytes) -> bytes:
    """The rows of a CSV table as JSON Lines, numbers as JSON numbers, the rest as strings
    (``true``/``false`` as booleans)."""
    lines = []
    for row in csv.DictReader(io.StringIO(table.decode("utf-8"))):
        cells = []
        for key, value in row.items():
            if _NUMBER.match(value) or value in ("true", "false"):
                cell = value
            else:
                cell = json.dumps(value)
            cells.append(f"{json.dumps(key)}: {cell}")
        lines.append("{" + ", ".join(cells) + "}\n")
    return "".join(lines).encode()


@cache
def _policy(name: str) -> asn.SelectionPolicy:
    policy = asn.load(RUBRICS / name)
    assert isinstance(policy, asn.SelectionPolicy)
    return policy


#: (run, table role, format) of every seed table.
TABLES = [
    (run, role, fmt)
    for run, spec in RUNS.items()
    for role in ("candidates", "formations", "ratings")
    if spec[role]
    for fmt in ("csv", "jsonl")
]


@cache
def _seed(run: str, role: str, fmt: str) -> bytes:
    data = (CORPUS / RUNS[run][role]).read_bytes()
    return data if fmt == "csv" else _as_json_lines(data)


def _run(run: str, tables: dict[str, Path]) -> asn.RunResult:
    spec = RUNS[run]
    return asn.run(
        _policy(spec["policy"]),
        tables["candidates"],
        formations=tables["formations"],
        ratings=tables.get("ratings"),
        as_of=spec["as_of"],
    )


def _tables(run: str) -> dict[str, Path]:
    spec = RUNS[run]
    return {
        role: CORPUS / spec[role] for role in ("candidates", "formations", "ratings") if spec[role]
    }


@pytest.mark.parametrize(("run", "role", "fmt"), TABLES)
def test_the_seed_tables_are_valid(run: str, role: str, fmt: str, tmp_path: Path) -> None:
    """Each seed table, as CSV and as JSON Lines, runs with no problem: a mutation, not the
    seed, is what the fuzz test below feeds the run."""
    tables = _tables(run)
    tables[role] = tmp_path / f"{role}.{fmt}"
    tables[role].write_bytes(_seed(run, role, fmt))
    result = _run(run, tables)
    assert result.decisions
    assert all(not decision.problems for decision in result.decisions)


@st.composite
def _mutated_tables(draw: st.DrawFn) -> tuple[str, str, str, bytes]:
    """A seed table (run, role, format) and its bytes, mutated."""
    run, role, fmt = draw(st.sampled_from(TABLES))
    return run, role, fmt, draw(mutated_table(_seed(run, role, fmt)))


@_fuzz(at_ci=400)
@given(case=_mutated_tables())
def test_mutated_tables_run_or_fail_cleanly(
    case: tuple[str, str, str, bytes], workspace: Path
) -> None:
    """A valid table's bytes (CSV or JSON Lines), mutated, in a run with the other tables
    valid: the run succeeds (invalid rows are ``invalid_input`` decisions, each problem with
    its code, at its row) or raises the library's problems."""
    run, role, fmt, content = case
    tables = _tables(run)
    tables[role] = workspace / f"fuzzed-{run}-{role}.{fmt}"
    tables[role].write_bytes(content)
    result, _ = only_library_errors(lambda: _run(run, tables))
    for decision in result or ():
        assert decision.row >= 1
        assert all(problem.code in CODES for problem in decision.problems), decision
