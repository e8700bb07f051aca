"""The typed front door: loaders per kind, ``run`` on DataFrames, results to pandas and HTML,
``verify``/``explain``/``compare`` returning objects, and one root exception with problems.

The DataFrame tests hold a DataFrame to the decisions of the CSV it was read from
(``pd.read_csv`` with pandas' own type inference: integer columns with gaps become floats,
dates stay text), on the synthetic CPNS 2024 and Gayungan 2026 cycles the demo runs.
"""

from __future__ import annotations

import ast
import datetime as dt
import html
import importlib
import io
import pickle
import pkgutil
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.audit.explain import UnsupportedRecordError
from asn_competency.audit.run_folder import (
    LEDGER_FILE,
    LedgerLineError,
    ManifestError,
    write_outputs,
)
from asn_competency.development.explain import UnsupportedDevelopmentRecordError
from asn_competency.errors import CODES, EXTRAS, LANGUAGES
from asn_competency.evaluation import StatisticsError
from asn_competency.evaluation import load_evaluation_policy as evaluation_loader
from asn_competency.expressions.evaluate import EvaluationError
from asn_competency.files.tables import FRAME_FILE, read_table_text, table_from_frame
from asn_competency.model import DecimalField, IntegerField
from asn_competency.pipeline.inputs._values import _parse
from asn_competency.testing.synth import SynthData, synthesize, write_synth
from tests.conftest import ROOT, RUBRICS

#: The demo's cycles: policy file and as-of date (cli/demo.py's DEMO_RUNS).
CYCLES = {
    "cpns-2024": ("cpns-2024.yaml", dt.date(2024, 9, 10)),
    "gayungan-2026": ("gayungan-2026.yaml", dt.date(2026, 3, 31)),
}

#: Each typed loader, the shipped file of its kind, and the type it returns.
LOADERS: list[tuple[Any, str, type]] = [
    (asn.load_policy, "cpns-2024.yaml", asn.SelectionPolicy),
    (asn.load_framework, "kamus-kompetensi-permenpanrb-38-2017.yaml", asn.CompetencyFramework),
    (asn.load_standard, "skj-gayungan-pelayanan-publik.yaml", asn.PositionStandard),
    (asn.load_training_catalog, "katalog-pelatihan-gayungan.yaml", asn.TrainingCatalog),
    (asn.load_development_policy, "pengembangan-gayungan-2026.yaml", asn.DevelopmentPolicy),
    (asn.load_evaluation_policy, "evaluasi-gayungan-2026.yaml", asn.EvaluationPolicy),
]


def _kind_key(path: Path) -> tuple[int, int]:
    """Line and column of the ``kind:`` key, read from the file's text."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("kind:"):
            return number, 1
    raise AssertionError(f"{path} has no kind: line")


# ----------------------------------------------------------------------------- loading


@pytest.mark.parametrize(
    ("loader", "name", "model"), LOADERS, ids=lambda v: getattr(v, "__name__", v)
)
def test_each_loader_returns_its_type(loader: Any, name: str, model: Any) -> None:
    """A typed loader returns the model type of its kind, the same document load() gives."""
    document: Any = loader(RUBRICS / name)
    assert type(document) is model
    assert asn.document_hash(document) == asn.document_hash(asn.load(RUBRICS / name))
    assert type(asn.load(RUBRICS / name, kind=model)) is model


@pytest.mark.parametrize(
    ("loader", "name", "model"), LOADERS, ids=lambda v: getattr(v, "__name__", v)
)
def test_each_loader_refuses_another_kind_at_its_kind_key(
    loader: Any, name: str, model: type
) -> None:
    """Given a file of another kind, a typed loader raises kind.unexpected at the file's
    ``kind:`` key, naming the kind expected and the kind found (and nothing else)."""
    other = next(n for _, n, _ in LOADERS if n != name)
    path = RUBRICS / other
    with pytest.raises(asn.PolicyError) as raised:
        loader(path)
    (problem,) = raised.value.problems
    assert problem.code == "kind.unexpected"
    assert (problem.file, problem.line, problem.column) == (str(path), *_kind_key(path))
    expected = asn.load(RUBRICS / name).kind
    found = asn.load(path).kind
    assert type(asn.load(RUBRICS / name)) is model
    assert repr(expected) in problem.message
    assert repr(found) in problem.message
    assert isinstance(raised.value, ValueError)


def test_kind_unexpected_from_text_and_a_missing_kind_is_still_missing() -> None:
    """load_text(kind=...) checks the kind as load() does; a file without a kind is
    kind.missing, an unknown kind kind.unknown (the typed loader leaves those to the load)."""
    text = (RUBRICS / "kamus-kompetensi-permenpanrb-38-2017.yaml").read_text(encoding="utf-8")
    with pytest.raises(asn.PolicyError) as raised:
        asn.load_text(text, kind=asn.SelectionPolicy, file="kamus.yaml")
    assert raised.value.codes == ["kind.unexpected"]
    assert (
        raised.value.problems[0].line
        == _kind_key(RUBRICS / "kamus-kompetensi-permenpanrb-38-2017.yaml")[0]
    )
    framework = asn.load_text(text, kind=asn.CompetencyFramework)
    assert framework.competency("M.01").name.en == "Integrity"
    with pytest.raises(asn.PolicyError) as missing:
        asn.load_text("schema_version: 1\n", kind=asn.SelectionPolicy)
    assert missing.value.codes == ["kind.missing"]
    with pytest.raises(asn.PolicyError) as unknown:
        asn.load_text("kind: selection-polcy\nschema_version: 1\n", kind=asn.SelectionPolicy)
    assert unknown.value.codes == ["kind.unknown"]


def test_the_evaluation_policy_loader_is_one_function() -> None:
    """The root's load_evaluation_policy is the evaluation layer's (one implementation)."""
    assert asn.load_evaluation_policy is evaluation_loader


# ----------------------------------------------------------------------------- errors


def test_every_error_carries_problems_and_is_the_matching_builtin() -> None:
    """Each error class is an AsnCompetencyError with a non-empty tuple of problems, and the
    built-in exception that fits; the deprecated ``problem`` is ``problems[0]``."""
    problem = asn.Problem("param.no-value", "no value on 2020-01-01")
    errors: list[tuple[asn.AsnCompetencyError, type]] = [
        (asn.PolicyError([problem, problem]), ValueError),
        (asn.ParameterError(problem), LookupError),
        (asn.NotFoundError(asn.Problem("audit.unknown-candidate", "x")), KeyError),
        (asn.MissingExtraError("pandas", extra="dataframes"), ImportError),
        (StatisticsError(asn.Problem("stats.empty", "no data")), ValueError),
        (EvaluationError(asn.Problem("expr.division-by-zero", "1/0")), ArithmeticError),
        (asn.AnnouncementError([asn.Problem("announce.stage", "no stage 'x'")]), ValueError),
        (LedgerLineError(3, "not a JSON record", file="decisions.jsonl"), ValueError),
        (UnsupportedRecordError("decision/v1", file="decisions.jsonl", line=2), ValueError),
        (UnsupportedDevelopmentRecordError("development/v0"), ValueError),
        (ManifestError("missing", "manifest.json is missing"), Exception),
    ]
    for error, builtin in errors:
        assert isinstance(error, asn.AsnCompetencyError)
        assert isinstance(error, builtin)
        assert isinstance(error.problems, tuple)
        assert error.problems
        assert all(isinstance(p, asn.Problem) for p in error.problems)
        assert error.problem is error.problems[0]
        assert error.code == error.problems[0].code
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert (type(copy), copy.problems, str(copy)) == (type(error), error.problems, str(error))
    assert len(errors[0][0].problems) == 2
    assert str(errors[2][0]) == "audit.unknown-candidate x"  # not quoted as a KeyError's key
    assert "(and 1 more problem(s))" in str(errors[0][0])


def test_an_error_without_a_problem_cannot_be_made() -> None:
    """An error raised with a message only is a mistake of the library's code: refused with a
    TypeError, so that every error the library raises carries a problem with a real code (no
    silent fallback code exists)."""
    with pytest.raises(TypeError, match="needs at least one Problem"):
        asn.AsnCompetencyError("the rank is not a number")
    with pytest.raises(TypeError, match="needs at least one Problem"):
        asn.NotFoundError("candidate 'x' is not there")
    assert not [code for code in CODES if code.startswith("error.")]


def _library_errors() -> dict[str, type[asn.AsnCompetencyError]]:
    """Every AsnCompetencyError subclass the package defines, by name (every module
    imported, so that each module's classes are known)."""
    for module in pkgutil.walk_packages(asn.__path__, "asn_competency."):
        if module.name != "asn_competency.__main__":
            importlib.import_module(module.name)
    found: dict[str, type[asn.AsnCompetencyError]] = {}
    todo: list[type[asn.AsnCompetencyError]] = [asn.AsnCompetencyError]
    while todo:
        cls = todo.pop()
        if cls.__module__.startswith("asn_competency"):
            assert found.setdefault(cls.__name__, cls) is cls, f"two classes {cls.__name__}"
        todo.extend(cls.__subclasses__())
    return found


def _is_text(node: ast.expr) -> bool:
    """Whether an argument is written as text: a string, an f-string, or text joined."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.BinOp) and (_is_text(node.left) or _is_text(node.right))


def test_no_raise_of_a_library_error_passes_a_bare_message() -> None:
    """Walking every module of src/: each ``raise X(...)`` of a library error whose class
    takes the root's arguments (problems) passes problems, never text. A class with a
    constructor of its own builds its problem there with a fixed code (ManifestError,
    LedgerLineError, MissingExtraError, ...; mypy holds its callers to its signature)."""
    errors = _library_errors()
    assert {"ManifestError", "LedgerLineError", "AnnouncementError"} <= set(errors)
    assert {"UnsupportedRecordError", "UnsupportedDevelopmentRecordError"} <= set(errors)
    takes_problems = {
        name
        for name, cls in errors.items()
        if cls.__init__ is asn.AsnCompetencyError.__init__
        or cls.__init__ is asn.PolicyError.__init__
    }
    assert {"AsnCompetencyError", "NotFoundError", "PolicyError"} <= takes_problems
    bare: list[str] = []
    checked = 0
    for path in sorted((ROOT / "src" / "asn_competency").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            called = node.exc.func
            name = getattr(called, "id", None) or getattr(called, "attr", None)
            if name not in takes_problems:
                continue
            checked += 1
            if not node.exc.args or any(_is_text(a) for a in node.exc.args):
                bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert checked > 50
    assert bare == []


def test_the_run_folder_and_record_errors_carry_their_codes(tmp_path: Path) -> None:
    """A missing manifest is audit.manifest at the file, a ledger line that holds no record
    audit.record at its line, a decision or development record of another format
    record.unsupported-version; each is the built-in ValueError where a value is at fault."""
    from asn_competency.audit.explain import explain as explain_record
    from asn_competency.audit.run_folder import read_manifest, records_of
    from asn_competency.development.explain import explain_development

    with pytest.raises(ManifestError) as manifest:
        read_manifest(tmp_path)
    assert manifest.value.codes == ["audit.manifest"]
    assert manifest.value.problems[0].file == str(tmp_path / "manifest.json")
    assert manifest.value.kind == "missing"
    ledger = tmp_path / LEDGER_FILE
    ledger.write_text('{"seq": 1}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(LedgerLineError) as line:
        list(records_of(ledger))
    assert isinstance(line.value, ValueError)
    (problem,) = line.value.problems
    assert (problem.code, problem.file, problem.line) == ("audit.record", str(ledger), 2)
    with pytest.raises(UnsupportedRecordError) as record:
        explain_record({"format": "decision/v1"})
    assert isinstance(record.value, ValueError)
    assert record.value.codes == ["record.unsupported-version"]
    assert record.value.problems[0].value == "decision/v1"
    with pytest.raises(UnsupportedDevelopmentRecordError) as development:
        explain_development({"record_format": "development/v0"})
    assert isinstance(development.value, ValueError)
    assert development.value.codes == ["record.unsupported-version"]


def test_every_language_check_is_lang_unknown(
    cpns: tuple[asn.SelectionPolicy, SynthData, dt.date],
) -> None:
    """A language other than id and en is lang.unknown (a PolicyError, so a ValueError)
    wherever a text is said: an explanation, a comparison, the announcement, a voice."""
    from asn_competency.audit.announce import RunInfo, render_csv
    from asn_competency.audit.catalogue import Voice

    policy, data, as_of = cpns
    result = asn.run(policy, data.candidates, formations=data.formations, as_of=as_of)
    candidate = next(d.candidate_id for d in result if d.candidate_id)
    comparison = asn.compare(
        policy, policy, data.candidates, formations=data.formations, as_of=as_of
    )
    info = RunInfo("p", "h", "2024-09-10", "l")
    calls: list[Callable[[], object]] = [
        lambda: asn.explain(result, candidate).text("fr"),
        lambda: comparison.render("fr"),
        lambda: render_csv([], info=info, lang="fr"),
        lambda: Voice("fr"),
    ]
    for call in calls:
        with pytest.raises(asn.PolicyError) as raised:
            call()
        (problem,) = raised.value.problems
        assert (problem.code, problem.value) == ("lang.unknown", "fr")
        assert problem.message == "unknown language 'fr': expected id|en"


def test_the_languages_are_defined_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """errors.LANGUAGES is the one definition: the catalogue and the fairness checks' words
    import it, no other module writes its own tuple, and compare and announce, called from
    Python with another language, print lang.unknown and exit 2 (usage)."""
    from asn_competency.audit import catalogue
    from asn_competency.cli.announce import execute_announce
    from asn_competency.cli.compare import execute_compare
    from asn_competency.testing.checks import _words

    assert catalogue.LANGUAGES is LANGUAGES
    assert _words.LANGUAGES is LANGUAGES
    tuple_of_languages = re.compile(r"^_?LANGUAGES\b[^=\n]*= *\(", re.MULTILINE)
    written = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "src" / "asn_competency").rglob("*.py"))
        if tuple_of_languages.search(path.read_text(encoding="utf-8"))
    ]
    assert written == ["src/asn_competency/errors.py"]
    policy = RUBRICS / "cpns-2024.yaml"
    codes = [
        execute_compare(
            policy, change=None, other=policy, candidates=tmp_path / "c.csv",
            formations=tmp_path / "f.csv", ratings=None, as_of=None, out=None,
            stream=io.StringIO(), lang="fr",
        ),
        execute_announce(tmp_path, out=tmp_path / "a.csv", lang="fr", stream=io.StringIO()),
    ]  # fmt: skip
    assert codes == [2, 2]
    assert capsys.readouterr().err.splitlines() == [
        f"asn-competency {command}: lang.unknown unknown language 'fr': expected id|en "
        "(use one of 'id', 'en')"
        for command in ("compare", "announce")
    ]


def test_without_pandas_to_pandas_names_the_dataframes_extra(
    monkeypatch: pytest.MonkeyPatch, cpns: tuple[asn.SelectionPolicy, SynthData, dt.date]
) -> None:
    """Without pandas, RunResult.to_pandas() raises MissingExtraError naming the extra
    ``dataframes``; the result itself is unaffected."""
    policy, data, as_of = cpns
    result = asn.run(policy, data.candidates, formations=data.formations, as_of=as_of)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(asn.MissingExtraError) as raised:
        result.to_pandas()
    assert raised.value.problems[0].hint == "pip install 'asn-competency[dataframes]'"
    assert raised.value.code == "extra.missing"
    assert len(result.rows()) == len(data.candidates)
    assert EXTRAS["pandas"] == "dataframes"  # the one extra named for pandas, in every layer


# ----------------------------------------------------------------------------- DataFrames


def _cycle(name: str, applicants: int = 300) -> tuple[asn.SelectionPolicy, SynthData, dt.date]:
    file, default = CYCLES[name]
    policy = asn.load_policy(RUBRICS / file)
    as_of = policy.as_of or default
    return policy, synthesize(policy, applicants=applicants, seed=7, as_of=as_of), as_of


@pytest.fixture(scope="module")
def cpns() -> tuple[asn.SelectionPolicy, SynthData, dt.date]:
    return _cycle("cpns-2024", 200)


def _located(decision: asn.Decision) -> list[tuple[Any, ...]]:
    return [(p.code, p.line, p.column, p.path, p.message) for p in decision.problems]


@pytest.mark.parametrize("name", sorted(CYCLES))
def test_a_dataframe_gives_the_decisions_of_its_csv(name: str, tmp_path: Path) -> None:
    """The demo cycle's CSV files and the DataFrames pandas reads from them (default type
    inference) give identical results rows and records, and each invalid row's problems at
    the same line, column and field (the frame's row i on line i + 2, as in the CSV)."""
    policy, data, as_of = _cycle(name)
    paths = write_synth(data, tmp_path)
    frames = {key: pd.read_csv(path) for key, path in paths.items()}
    assert any(frames["candidates"][c].dtype == float for c in frames["candidates"].columns)
    from_csv = asn.run(
        policy, paths["candidates"], formations=paths["formations"],
        ratings=paths.get("ratings"), as_of=as_of,
    )  # fmt: skip
    from_frame = asn.run(
        policy, frames["candidates"], formations=frames["formations"],
        ratings=frames.get("ratings"), as_of=as_of,
    )  # fmt: skip
    assert from_frame.rows() == from_csv.rows()
    invalid = [d for d in from_csv if d.final_status == "invalid_input"]
    assert invalid, "the synthetic cycle plants invalid rows"
    for csv_decision, frame_decision in zip(from_csv, from_frame, strict=True):
        assert _located(frame_decision) == _located(csv_decision)
        assert all(p.file == FRAME_FILE for p in frame_decision.problems)


#: Texts a CSV cell of a numeric field may hold: integers, decimals of up to 15 significant
#: digits (what a binary float carries exactly back to text), empty.
_cells = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.decimals(min_value=Decimal("-1e6"), max_value=Decimal("1e6"), places=3, allow_nan=False).map(
        lambda d: format(d, "f")
    ),
    st.just(""),
)


@given(st.lists(_cells, min_size=1, max_size=8), st.sampled_from([0, 1, 2, None]))
def test_a_read_csv_column_parses_as_its_csv_text(cells: list[str], places: int | None) -> None:
    """Each cell of a numeric column read by pd.read_csv (int, float with gaps, or text) is
    parsed to the value and fault the CSV text gives, for integer and decimal fields; but for
    one case pandas makes undecidable: a whole number written with a point (``80.000``) is
    a float to pandas, as an integer of a column with gaps is, and reads as that integer
    where the CSV text is refused for an integer field."""
    text = "v\n" + "\n".join(f'"{c}"' if c == "" else c for c in cells) + "\n"
    from_csv = read_table_text(text, format="csv")
    frame = pd.read_csv(__import__("io").StringIO(text))
    from_frame = table_from_frame(frame)
    decls: list[IntegerField | DecimalField] = [
        IntegerField(type="integer"),
        DecimalField(type="decimal", places=places),
    ]
    for csv_row, frame_row in zip(from_csv.rows, from_frame.rows, strict=True):
        assert frame_row.line == csv_row.line
        for decl in decls:
            raw = csv_row.values["v"]
            assert raw is None or isinstance(raw, str)
            expected = _parse(decl, "v", raw, required=False)
            found = _parse(decl, "v", frame_row.values["v"], required=False)
            whole = raw is not None and "." in raw and Decimal(raw) == int(Decimal(raw))
            if isinstance(decl, IntegerField) and raw is not None and whole:
                assert expected[1] is not None
                assert expected[1].code == "input.type"
                assert found == (int(Decimal(raw)), None)
                continue
            assert (found[0], found[1] and found[1].code) == (
                expected[0],
                expected[1] and expected[1].code,
            )


def test_frame_cells_missing_values_numpy_and_dates() -> None:
    """NaN, None, NaT and pd.NA are empty cells; numpy numbers their values; a whole float its
    digits; a midnight timestamp its date; a date with a time its ISO text; a nested value
    makes the row unreadable (input.syntax) at its column."""
    import numpy as np

    frame = pd.DataFrame(
        {
            "a": pd.array([1, None], dtype="Int64"),
            "b": [np.float64(80.0), float("nan")],
            "c": [pd.Timestamp("2024-09-10"), pd.NaT],
            "d": [dt.datetime(2024, 9, 10, 8, 30), None],
            "e": [np.int64(7), {"x": 1}],
            "f": [0.1 + 0.2, True],
        },
    )
    table = table_from_frame(frame)
    first, second = table.rows
    assert dict(first.values) == {
        "a": "1", "b": "80", "c": "2024-09-10", "d": "2024-09-10T08:30:00", "e": "7",
        "f": "0.30000000000000004",
    }  # fmt: skip
    assert [second.values[k] for k in "abcd"] == [None, None, None, None]
    assert second.values["f"] == "true"
    assert second.error is not None
    assert (second.error.code, second.error.line, second.error.column) == ("input.syntax", 3, 5)
    assert first.error is None


class _PolarsSeries:
    def __init__(self, values: list[object]) -> None:
        self.values = values

    def to_list(self) -> list[object]:
        return list(self.values)


class _PolarsFrame:
    """The part of polars' DataFrame the reader uses (``columns``, ``to_series(i)``,
    ``Series.to_list()``; polars.DataFrame has no ``iloc``): polars is not installed here."""

    def __init__(self, data: dict[str, list[object]]) -> None:
        self.data = data

    @property
    def columns(self) -> list[str]:
        return list(self.data)

    def to_series(self, index: int) -> _PolarsSeries:
        return _PolarsSeries(list(self.data.values())[index])


def test_a_polars_frame_is_recognised_from_its_module_and_read_by_its_api(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A frame is a polars DataFrame when the imported ``polars`` module's DataFrame class is
    its class (nothing is imported to find out); its columns are read with polars' calls and
    its values (Python dates, lists of strings, None) become CSV cells."""
    import types

    from asn_competency.files.tables import is_data_frame

    frame = _PolarsFrame({"d": [dt.date(2024, 9, 10), None], "l": [["a", "b"], []]})
    assert not is_data_frame(frame)
    module = types.ModuleType("polars")
    module.DataFrame = _PolarsFrame  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "polars", module)
    assert is_data_frame(frame)
    table = table_from_frame(frame)
    assert [dict(row.values) for row in table.rows] == [
        {"d": "2024-09-10", "l": "a;b"},
        {"d": None, "l": None},
    ]


def test_a_frame_with_a_repeated_column_is_refused_as_a_csv_header() -> None:
    """Two columns of one name are input.header, as in a CSV header."""
    frame = pd.DataFrame([[1, 2]], columns=["x", "x"])
    with pytest.raises(asn.PolicyError) as raised:
        table_from_frame(frame)
    assert raised.value.codes == ["input.header"]


# ----------------------------------------------------------------------------- results


def test_to_pandas_is_the_results_rows_typed(
    cpns: tuple[asn.SelectionPolicy, SynthData, dt.date],
) -> None:
    """One row per decision with the columns of results.csv: row and rank integers, scores
    numbers (the float nearest the exact value), text as text, a missing value NA."""
    from fractions import Fraction

    policy, data, as_of = cpns
    result = asn.run(policy, data.candidates, formations=data.formations, as_of=as_of)
    frame = result.to_pandas()
    rows = result.rows()
    assert list(frame.columns) == list(rows[0])
    assert len(frame) == len(rows)
    assert str(frame["row"].dtype) == "Int64"
    assert str(frame["rank"].dtype) == "Int64"
    assert str(frame["final_score"].dtype) == "Float64"
    assert str(frame["final_status"].dtype).startswith("string")
    for index, row in enumerate(rows):
        for column, text in row.items():
            cell = frame[column].iloc[index]
            if text == "":
                assert cell is pd.NA, (column, index)
            elif column in ("row", "rank"):
                assert cell == int(text)
            elif str(frame[column].dtype) == "Float64":
                assert cell == float(Fraction(text))
            else:
                assert cell == text


def test_html_views_count_statuses_and_escape(
    cpns: tuple[asn.SelectionPolicy, SynthData, dt.date],
) -> None:
    """The run's HTML view counts every final status and lists the first decisions; a
    decision's lists its stages and coded reasons; every text is escaped."""
    policy, data, as_of = cpns
    rows = [dict(row) for row in data.candidates]
    rows[0]["nik"] = "<b>"
    rows[0]["candidate_id"] = "<script>x</script>"
    result = asn.run(policy, rows, formations=data.formations, as_of=as_of)
    page = result._repr_html_()
    for status, count in result.counts().items():
        assert f"<tr><td>{status}</td><td>{count}</td></tr>" in page
    assert "<script>" not in page
    decision = next(d for d in result if d.candidate_id == "<script>x</script>")
    view = decision._repr_html_()
    assert html.escape("<script>x</script>") in view
    assert "<script>" not in view
    for stage in decision.stages:
        assert f"<td>{stage.stage_id}</td>" in view
        for fact in stage.reasons:
            assert html.escape(fact.code) in view


# ----------------------------------------------------------------------------- audit


@pytest.fixture(scope="module")
def run_folder(
    tmp_path_factory: pytest.TempPathFactory,
    cpns: tuple[asn.SelectionPolicy, SynthData, dt.date],
) -> tuple[Path, dict[str, Path], asn.RunResult]:
    policy, data, as_of = cpns
    inputs = write_synth(data, tmp_path_factory.mktemp("inputs"))
    result = asn.run(policy, inputs["candidates"], formations=inputs["formations"], as_of=as_of)
    out = tmp_path_factory.mktemp("run") / "output"
    write_outputs(
        result, out, inputs=inputs, policy_file=RUBRICS / CYCLES["cpns-2024"][0], started=0.0
    )
    return out, inputs, result


def test_verify_returns_a_report(
    run_folder: tuple[Path, dict[str, Path], asn.RunResult], tmp_path: Path
) -> None:
    """verify() returns a VerifyReport: ok with every decision recomputed; a changed byte of
    the ledger is an audit.chain problem of the report, never an exception."""
    out, inputs, result = run_folder
    report = asn.verify(
        out, policy=RUBRICS / "cpns-2024.yaml", candidates=inputs["candidates"],
        formations=inputs["formations"],
    )  # fmt: skip
    assert isinstance(report, asn.VerifyReport)
    assert (report.ok, report.recomputed, report.records) == (True, True, len(result))
    assert str(report) == report.render()
    broken = tmp_path / "output"
    broken.mkdir()
    for file in out.iterdir():
        (broken / file.name).write_bytes(file.read_bytes())
    ledger = broken / LEDGER_FILE
    ledger.write_bytes(ledger.read_bytes().replace(b'"seq":2,', b'"seq":9,', 1))
    altered = asn.verify(broken)
    assert not altered.ok
    assert "audit.chain" in [p.code for p in altered.problems]


def test_explain_a_run_and_its_folder(
    run_folder: tuple[Path, dict[str, Path], asn.RunResult],
) -> None:
    """explain() returns an Explanation: the same text from the run in memory and from its
    folder, in Indonesian by default and in English on demand; an unknown id is a
    NotFoundError (a LookupError) whose hint names a near id of the run."""
    out, _, result = run_folder
    candidate = next(d.candidate_id for d in result if d.final_status == "failed")
    assert candidate is not None
    in_memory = asn.explain(result, candidate)
    from_folder = asn.explain(out, candidate)
    assert isinstance(in_memory, asn.Explanation)
    assert from_folder.records == in_memory.records
    assert not from_folder.altered
    assert str(from_folder) == from_folder.text("id") != from_folder.text("en")
    assert in_memory.text("en").replace("<run>", "") == from_folder.text("en").replace(
        str(out / LEDGER_FILE), ""
    )
    assert candidate in from_folder.text("en")
    with pytest.raises(asn.NotFoundError) as raised:
        asn.explain(out, candidate[:-1] + "x")
    assert isinstance(raised.value, LookupError)
    assert raised.value.problems[0].code == "audit.unknown-candidate"
    hint = raised.value.problems[0].hint or ""
    assert hint.startswith("did you mean '")
    assert hint.removeprefix("did you mean '").removesuffix("'?") in {
        d.candidate_id for d in result
    }
    with pytest.raises(asn.PolicyError) as language:
        in_memory.text("fr")
    assert language.value.codes == ["lang.unknown"]


def test_compare_takes_a_change_and_dataframes(
    run_folder: tuple[Path, dict[str, Path], asn.RunResult],
) -> None:
    """compare() with a PolicyChange is compare() with the changed policy, and DataFrames
    give the comparison their CSV files give."""
    _, inputs, _ = run_folder
    policy = asn.load_policy(RUBRICS / "cpns-2024.yaml")
    change = asn.load(RUBRICS / "cpns-2024.change-tkp-170.yaml", kind=asn.PolicyChange)
    as_of = CYCLES["cpns-2024"][1]
    by_change = asn.compare(
        policy, change, inputs["candidates"], formations=inputs["formations"], as_of=as_of
    )
    frames = {key: pd.read_csv(path) for key, path in inputs.items()}
    by_frames = asn.compare(
        policy, change.apply(policy), frames["candidates"], formations=frames["formations"],
        as_of=as_of,
    )  # fmt: skip
    assert isinstance(by_change, asn.Comparison)
    assert by_change.to_rows() == by_frames.to_rows()
    assert len(by_change) > 0
    assert str(by_change) == by_change.render("id")
