"""Files are read only where they belong: cited files stay inside the citing file's folder.

A position standard cites frameworks, a policy cites position standards, and policy tests and
changes cite their policy, each by a path relative to the citing file. That path may not
leave the citing file's folder (or the search root the loader is given), whatever the
spelling: ``../``, an absolute path, or a symbolic link that leads elsewhere.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import asn_competency as asn
from asn_competency.errors import Problem
from tests.conftest import FIXTURES, RUBRICS

FRAMEWORK = FIXTURES / "invalid" / "_support" / "fw.yaml"

STANDARD = """\
kind: position-standard
schema_version: 1
id: pengadministrasi-umum
position: {{name: {{id: Pengadministrasi Umum}}, type: pelaksana}}
reference: skj-uji
references:
  - {{id: skj-uji, title: Standar Kompetensi Jabatan uji}}
frameworks:
  - {{id: test-fw, path: '{path}'}}
requirements:
  - {{competency: M.01, level: 2, factor: core}}
"""


def _standard(folder: Path, cited: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "skj.yaml"
    path.write_text(STANDARD.format(path=cited), encoding="utf-8")
    return path


def _codes(problems: list[Problem]) -> list[tuple[str, int | None, int | None]]:
    return [(p.code, p.line, p.column) for p in problems]


def test_a_framework_in_the_same_folder_or_below_is_read(tmp_path: Path) -> None:
    """A framework cited by a plain relative path, beside the standard or below it, loads."""
    shutil.copy(FRAMEWORK, tmp_path / "fw.yaml")
    assert asn.validate(_standard(tmp_path, "fw.yaml")) == []
    (tmp_path / "kamus").mkdir()
    shutil.copy(FRAMEWORK, tmp_path / "kamus" / "fw.yaml")
    assert asn.validate(_standard(tmp_path, "kamus/../kamus/fw.yaml")) == []


def test_a_path_climbing_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    """A valid framework one folder up ('../fw.yaml') is ref.outside-folder, at the path."""
    shutil.copy(FRAMEWORK, tmp_path / "fw.yaml")
    standard = _standard(tmp_path / "skj", "../fw.yaml")
    (problem,) = asn.validate(standard)
    assert _codes([problem]) == [("ref.outside-folder", 9, 25)]
    assert problem.file == str(standard)
    assert problem.json_path == "$.frameworks[0].path"


@pytest.mark.parametrize("cited", ["/etc/passwd", "../../../../../../../../../../etc/shadow"])
def test_system_files_are_never_read(tmp_path: Path, cited: str) -> None:
    """An absolute path, or '../' climbing to /etc, is refused before anything is read."""
    problems = asn.validate(_standard(tmp_path, cited))
    assert _codes(problems) == [("ref.outside-folder", 9, 25)]
    assert all(p.file == str(tmp_path / "skj.yaml") for p in problems)


def test_an_absolute_path_inside_the_folder_is_refused_too(tmp_path: Path) -> None:
    """An absolute path is refused even when it names a file beside the citing file."""
    shutil.copy(FRAMEWORK, tmp_path / "fw.yaml")
    (problem,) = asn.validate(_standard(tmp_path, str(tmp_path / "fw.yaml")))
    assert problem.code == "ref.outside-folder"
    assert "absolute" in problem.message


def test_a_symbolic_link_leading_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    """A link inside the folder to a file outside it is ref.outside-folder (links resolved)."""
    shutil.copy(FRAMEWORK, tmp_path / "fw.yaml")
    (tmp_path / "skj").mkdir()
    (tmp_path / "skj" / "fw.yaml").symlink_to(tmp_path / "fw.yaml")
    (problem,) = asn.validate(_standard(tmp_path / "skj", "fw.yaml"))
    assert problem.code == "ref.outside-folder"
    assert str(tmp_path / "fw.yaml") in problem.message


def test_a_linked_folder_is_judged_by_where_it_really_is(tmp_path: Path) -> None:
    """A standard opened through a linked folder may cite files beside it in the real folder."""
    _standard(tmp_path / "real", "fw.yaml")
    shutil.copy(FRAMEWORK, tmp_path / "real" / "fw.yaml")
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    assert asn.validate(tmp_path / "link" / "skj.yaml") == []


def test_a_search_root_allows_citing_inside_it(tmp_path: Path) -> None:
    """With an explicit root, a cited file anywhere inside the root loads; outside, it does not."""
    shutil.copy(FRAMEWORK, tmp_path / "fw.yaml")
    standard = _standard(tmp_path / "skj", "../fw.yaml")
    assert asn.validate(standard, root=tmp_path) == []
    (problem,) = asn.validate(standard, root=tmp_path / "skj")
    assert problem.code == "ref.outside-folder"
    assert "search root" in problem.message


def _climbing(name: str) -> str:
    """A path from any folder up to / and down to the shipped file ``name``."""
    return f"'{'../' * 12}{str(RUBRICS).lstrip('/')}/{name}'"


def test_policy_tests_citing_a_policy_outside_are_refused(tmp_path: Path) -> None:
    """Policy tests that reach the shipped policy from another folder are ref.outside-folder."""
    text = (RUBRICS / "cpns-2024.tests.yaml").read_text(encoding="utf-8")
    moved = tmp_path / "cpns-2024.tests.yaml"
    moved.write_text(
        text.replace("path: cpns-2024.yaml", f"path: {_climbing('cpns-2024.yaml')}"),
        encoding="utf-8",
    )
    problems = asn.validate(moved)
    assert [p.code for p in problems] == ["ref.outside-folder"]
    assert problems[0].json_path == "$.policy.path"


def test_a_policy_citing_a_standard_outside_is_refused(tmp_path: Path) -> None:
    """A policy copied away from the standard it cites cannot reach back for it by '../'."""
    (tmp_path / "policy").mkdir()
    text = (RUBRICS / "gayungan-2026.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "path: skj-gayungan-pelayanan-publik.yaml",
        f"path: {_climbing('skj-gayungan-pelayanan-publik.yaml')}",
    )
    (tmp_path / "policy" / "gayungan.yaml").write_text(text, encoding="utf-8")
    problems = asn.validate(tmp_path / "policy" / "gayungan.yaml")
    assert [p.code for p in problems] == ["ref.outside-folder"]
    assert problems[0].json_path == "$.position_standards[0].path"
