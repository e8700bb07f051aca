"""The package's layers: imports point downwards only, and the public surface is curated."""

from __future__ import annotations

import ast
import importlib
import inspect
import typing
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
    "testing",
    "cli",
]
#: Package-root helpers usable by every layer.
ROOT_HELPERS = {"_version", "_data"}
#: The front door that wires every layer's checks into loading; only the command line uses it.
FRONT_DOOR = "_api"


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "asn_competency" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.stem in LAYERS)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_downwards(path: Path) -> None:
    """A module imports only from its own layer and the layers above it in DESIGN.md."""
    relative = path.relative_to(PACKAGE)
    own = relative.parts[0].removesuffix(".py")
    assert own in LAYERS, f"{relative} is outside every layer"
    allowed = set(LAYERS[: LAYERS.index(own) + 1]) | ROOT_HELPERS
    if own == "cli":
        allowed.add(FRONT_DOOR)
    wrong = [m for m in _imports(path) if (layer := _layer(m)) and layer not in allowed]
    assert not wrong, f"{relative} (layer {own}) imports {wrong}"


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
