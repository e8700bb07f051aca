"""The package's layers: imports point downwards only, modules import no cycle, and the public
surface is curated.

The import scanner sees every import statement wherever it stands (``ast.walk`` visits the
whole tree): at module level, inside functions and methods, and under ``if TYPE_CHECKING:``.
Relative imports are resolved against the importing module's own package, and
``from package import name`` counts as an import of ``package.name`` when that is a module.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import typing
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

import asn_competency

PACKAGE = Path(asn_competency.__file__).resolve().parent

#: DESIGN.md's layer table, top to bottom; a layer may import only those before it.
LAYERS = [
    "errors",
    "files",
    "model",
    "expressions",
    "scoring",
    "pipeline",
    "audit",
    "development",
    "evaluation",
    "testing",
    "cli",
]
#: Package-root helpers usable by every layer.
ROOT_HELPERS = {"_version", "_data"}
#: The front door that wires every layer's checks into loading; only the command line uses it.
FRONT_DOOR = "_api"


@dataclass(frozen=True)
class _Source:
    """One module's text and dotted name: what the import scanner reads."""

    module: str
    text: str
    is_package: bool = False
    where: str = ""

    @property
    def package(self) -> str:
        """The package relative imports start from: the module itself when it is a package."""
        return self.module if self.is_package else self.module.rpartition(".")[0]


@dataclass(frozen=True)
class _Import:
    """One module an import statement loads, where the statement stands and when it runs."""

    target: str
    where: str
    line: int
    statement: str
    function_level: bool = False
    type_checking: bool = False

    def __str__(self) -> str:
        flags = (
            ("in a function", self.function_level),
            ("under TYPE_CHECKING", self.type_checking),
        )
        when = [label for label, flag in flags if flag]
        suffix = f" ({', '.join(when)})" if when else ""
        return f"{self.where}:{self.line}: {self.statement}{suffix}"


def _layer(module: str) -> str | None:
    """The layer a module of the package belongs to (``None`` outside it or at its root)."""
    parts = module.split(".")
    if parts[0] != "asn_competency" or len(parts) < 2:
        return None
    return parts[1]


def _absolute(source: _Source, node: ast.ImportFrom) -> str:
    """The absolute name of the module a ``from ... import`` reads its names from."""
    if node.level == 0:
        return node.module or ""
    parts = source.package.split(".") if source.package else []
    keep = len(parts) - (node.level - 1)
    if keep < 1:
        message = f"{source.where or source.module}:{node.lineno}: relative import beyond the top"
        raise ValueError(message)
    base = ".".join(parts[:keep])
    return f"{base}.{node.module}" if node.module else base


def _is_type_checking(test: ast.expr) -> bool:
    """Whether an ``if`` tests ``TYPE_CHECKING`` (bare or as ``typing.TYPE_CHECKING``)."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _scopes(tree: ast.AST) -> tuple[set[ast.AST], set[ast.AST]]:
    """The nodes inside a function, and those in the body of an ``if TYPE_CHECKING:``."""
    in_function: set[ast.AST] = set()
    in_type_checking: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(inner for inner in ast.walk(node) if inner is not node)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            in_type_checking.update(inner for stmt in node.body for inner in ast.walk(stmt))
    return in_function, in_type_checking


def _imports_in(source: _Source, modules: Collection[str]) -> list[_Import]:
    """Every module the source imports, in line order, wherever the statement stands.

    ``from pkg import name`` imports ``pkg.name`` when that is one of ``modules`` (a module or
    a package), else ``pkg`` itself; relative imports are made absolute first.
    """
    tree = ast.parse(source.text, filename=source.where or source.module)
    in_function, in_type_checking = _scopes(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(source, node)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        found += [
            _Import(
                target=target,
                where=source.where or source.module,
                line=node.lineno,
                statement=ast.unparse(node),
                function_level=node in in_function,
                type_checking=node in in_type_checking,
            )
            for target in dict.fromkeys(targets)
        ]
    return sorted(found, key=lambda found_import: (found_import.line, found_import.target))


def _wrong_imports(source: _Source, modules: Collection[str]) -> list[_Import]:
    """The imports of a layer module that reach a layer below it (or the front door)."""
    own = _layer(source.module)
    assert own in LAYERS, f"{source.where or source.module} is outside every layer"
    allowed = set(LAYERS[: LAYERS.index(own) + 1]) | ROOT_HELPERS
    if own == "cli":
        allowed.add(FRONT_DOOR)
    return [
        found
        for found in _imports_in(source, modules)
        if (layer := _layer(found.target)) and layer not in allowed
    ]


def _known(target: str, modules: Collection[str]) -> str | None:
    """The module of ``modules`` an import loads: its own name, or the nearest package."""
    name = target
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _graph(sources: Iterable[_Source]) -> dict[str, list[_Import]]:
    """Each module's imports of modules of the same set that run (not under TYPE_CHECKING).

    Only the imports a module writes are edges: Python's loading of the parent packages of an
    imported module (``pkg/__init__.py`` runs before ``pkg.x``) adds none, or every submodule
    would sit in a cycle with the package that re-exports it.
    """
    sources = list(sources)
    modules = {source.module for source in sources}
    graph: dict[str, list[_Import]] = {}
    for source in sources:
        edges = []
        for found in _imports_in(source, modules):
            target = _known(found.target, modules)
            if target is not None and not found.type_checking:
                edges.append(replace(found, target=target))
        graph[source.module] = edges
    return graph


def _cycles(graph: Mapping[str, Sequence[_Import]]) -> list[list[str]]:
    """The graph's import cycles: each strongly connected component with more than one module
    (or a module importing itself), its modules sorted; Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for edge in graph[node]:
            if edge.target not in graph:
                continue
            if edge.target not in index:
                visit(edge.target)
                low[node] = min(low[node], low[edge.target])
            elif edge.target in on_stack:
                low[node] = min(low[node], index[edge.target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or any(edge.target == node for edge in graph[node]):
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def _describe(component: Sequence[str], graph: Mapping[str, Sequence[_Import]]) -> str:
    """A cycle's modules and the import statements that join them."""
    members = set(component)
    edges = [str(edge) for module in component for edge in graph[module] if edge.target in members]
    return "cycle among " + ", ".join(component) + ":\n" + "\n".join(f"  {e}" for e in edges)


def _source(path: Path) -> _Source:
    """A module of the installed package, named as Python imports it."""
    relative = path.relative_to(PACKAGE.parent)
    parts = relative.with_suffix("").parts
    is_package = parts[-1] == "__init__"
    name = ".".join(parts[:-1] if is_package else parts)
    return _Source(name, path.read_text(encoding="utf-8"), is_package, relative.as_posix())


@functools.cache
def _package_sources() -> tuple[_Source, ...]:
    """Every module of the package, its ``__init__`` files and root helpers included."""
    return tuple(_source(path) for path in sorted(PACKAGE.rglob("*.py")))


@functools.cache
def _package_modules() -> frozenset[str]:
    """The dotted names of every module and package of the package."""
    return frozenset(source.module for source in _package_sources())


def _modules() -> list[Path]:
    """The files the layer rule applies to: every layer's modules, not the root helpers."""
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.stem in LAYERS)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_downwards(path: Path) -> None:
    """A module imports only from its own layer and the layers above it in DESIGN.md.

    Every import counts: relative ones, those inside functions, and those under
    ``if TYPE_CHECKING:`` (a type named from a lower layer is still a dependency on it).
    """
    wrong = _wrong_imports(_source(path), _package_modules())
    assert not wrong, "imports from a lower layer:\n" + "\n".join(str(w) for w in wrong)


def test_no_import_cycles() -> None:
    """No module imports itself back, directly or through other modules.

    Module-level and function-level imports count (a function's import runs when it is
    called and can meet a half-initialised module); imports under ``if TYPE_CHECKING:`` do
    not, as they never run. A submodule importing its own package's ``__init__`` is an edge
    like any other: when that ``__init__`` imports the submodule back, the submodule can see a
    half-built package, so it is a cycle.
    """
    graph = _graph(_package_sources())
    cycles = _cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(_describe(c, graph) for c in cycles)


#: A small synthetic package for the scanner's own tests.
_SYNTHETIC = frozenset(
    {"pkg", "pkg.model", "pkg.sub", "pkg.sub.mod", "pkg.sub.sibling", "pkg.a", "pkg.b"}
)


def _targets(text: str, module: str = "pkg.sub.mod", *, is_package: bool = False) -> list[str]:
    """The modules a synthetic source imports, in line order."""
    return [found.target for found in _imports_in(_Source(module, text, is_package), _SYNTHETIC)]


def test_scanner_resolves_relative_imports() -> None:
    """Relative imports count as imports of the absolute modules they name."""
    text = (
        "from ..model import x\nfrom . import sibling\nfrom .sibling import y\nfrom .. import z\n"
    )
    assert _targets(text) == ["pkg.model", "pkg.sub.sibling", "pkg.sub.sibling", "pkg"]
    assert _targets("from . import mod\n", "pkg.sub", is_package=True) == ["pkg.sub.mod"]
    assert _targets("from .mod import x\n", "pkg.sub", is_package=True) == ["pkg.sub.mod"]
    with pytest.raises(ValueError, match="beyond the top"):
        _targets("from ... import x\n")


def test_scanner_sees_submodules_named_after_from() -> None:
    """``from package import name`` imports the submodule ``name`` if there is one."""
    assert _targets("from pkg import sub, helper\n") == ["pkg", "pkg.sub"]
    assert _targets("from pkg.sub import mod as m, sibling\n") == [
        "pkg.sub.mod",
        "pkg.sub.sibling",
    ]
    assert _targets("import pkg.sub.mod, os\n") == ["os", "pkg.sub.mod"]


def test_scanner_sees_function_level_and_type_checking_imports() -> None:
    """Imports inside functions and under TYPE_CHECKING are found and marked as such."""
    text = (
        "import typing\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from pkg.a import A\n"
        "else:\n"
        "    import pkg.b\n"
        "if typing.TYPE_CHECKING:\n"
        "    import pkg.model\n"
        "class C:\n"
        "    import pkg.sub\n"
        "    def method(self):\n"
        "        from pkg.sub import sibling\n"
        "async def f():\n"
        "    def inner():\n"
        "        from ..model import y\n"
    )
    found = {
        (imp.target, imp.line): (imp.function_level, imp.type_checking)
        for imp in _imports_in(_Source("pkg.sub.mod", text), _SYNTHETIC)
    }
    assert found == {
        ("typing", 1): (False, False),
        ("typing", 2): (False, False),
        ("pkg.a", 4): (False, True),
        ("pkg.b", 6): (False, False),
        ("pkg.model", 8): (False, True),
        ("pkg.sub", 10): (False, False),
        ("pkg.sub.sibling", 12): (True, False),
        ("pkg.model", 15): (True, False),
    }


def test_layer_rule_sees_every_kind_of_import() -> None:
    """A relative, function-level or TYPE_CHECKING import of a lower layer is reported."""
    modules = frozenset({"asn_competency", "asn_competency.model", "asn_competency.pipeline"})
    text = (
        "from typing import TYPE_CHECKING\n"
        "from ..errors import Problem\n"
        "from .. import pipeline\n"
        "if TYPE_CHECKING:\n"
        "    from asn_competency.pipeline import RunResult\n"
        "def f():\n"
        "    from ..pipeline.engine import run\n"
    )
    wrong = _wrong_imports(_Source("asn_competency.model.x", text), modules)
    assert [(w.line, w.target) for w in wrong] == [
        (3, "asn_competency.pipeline"),
        (5, "asn_competency.pipeline"),
        (7, "asn_competency.pipeline.engine"),
    ]


def test_cycle_finder_on_synthetic_modules() -> None:
    """A two-module cycle through a function-level import is found with both statements;
    a back import under TYPE_CHECKING makes no cycle; a package's __init__ importing a
    submodule that imports the package back does."""
    cycle = [
        _Source("pkg.a", "import pkg.b\n", where="pkg/a.py"),
        _Source("pkg.b", "def f():\n    from pkg.a import g\n", where="pkg/b.py"),
    ]
    graph = _graph(cycle)
    assert _cycles(graph) == [["pkg.a", "pkg.b"]]
    assert _describe(["pkg.a", "pkg.b"], graph).splitlines() == [
        "cycle among pkg.a, pkg.b:",
        "  pkg/a.py:1: import pkg.b",
        "  pkg/b.py:2: from pkg.a import g (in a function)",
    ]
    typed = [
        _Source("pkg.a", "import pkg.b\n"),
        _Source("pkg.b", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.a\n"),
    ]
    assert _cycles(_graph(typed)) == []
    chain = [
        _Source("pkg", "from pkg.a import x\n", is_package=True),
        _Source("pkg.a", "import pkg.b\n"),
        _Source("pkg.b", "import os\n"),
    ]
    assert _cycles(_graph(chain)) == []
    own_package = [
        _Source("pkg", "from pkg.a import x\n", is_package=True),
        _Source("pkg.a", "from pkg import helper\n"),
    ]
    assert _cycles(_graph(own_package)) == [["pkg", "pkg.a"]]
    assert _cycles(_graph([_Source("pkg.a", "from pkg import a\n")])) == [["pkg.a"]]


def test_every_public_name_is_exported_and_documented() -> None:
    """Each name in __all__ exists and has a docstring; no public module-level name is hidden."""
    for name in asn_competency.__all__:
        obj = getattr(asn_competency, name)
        if name != "__version__":
            assert inspect.getdoc(obj), f"asn_competency.{name} has no docstring"


@pytest.mark.parametrize("module", ["asn_competency.files", "asn_competency.model"])
def test_layer_packages_export_what_they_define(module: str) -> None:
    """A layer package's __all__ lists names that exist and carry docstrings."""
    package = importlib.import_module(module)
    for name in package.__all__:
        obj = getattr(package, name)
        if typing.get_origin(obj) is None and (inspect.isclass(obj) or inspect.isfunction(obj)):
            assert inspect.getdoc(obj), f"{module}.{name} has no docstring"


def test_typed_marker_shipped() -> None:
    """The package is marked as typed (PEP 561)."""
    assert (PACKAGE / "py.typed").is_file()
