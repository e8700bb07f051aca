"""docs/domain.md is the project's own reference for the rules it encodes: every citation of it
names a section that exists, every fact in its rule tables carries a certainty mark, and no file
in the repository cites a source outside the repository instead."""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOMAIN = ROOT / "docs" / "domain.md"
THIS_FILE = Path(__file__).resolve()

#: Folders that are not part of the project's own text (tools, caches, build and run outputs).
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".venv",
        "venv",
        "__pycache__",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
        ".make",
        "build",
        "dist",
        "out",
        "demo-output",
        "node_modules",
    }
)
#: Larger files are data, not text that cites anything.
MAX_BYTES = 2_000_000

#: A citation of a section: `domain.md, section "X"` or `domain.md, sections "X", "Y" and "Z"`
#: (also without the word "section", after a colon, or in parentheses: `domain.md, "X"`,
#: `domain.md ("X")`; after a Markdown link or code span: `[domain](domain.md), "X"`);
#: quotes straight or curly.
_QUOTED = r"[\"“]([^\"”]+)[\"”]"
_SECTION_CITATION = re.compile(
    r"domain\.md[`)]*(?:[,:]?\s+\(?|\s*\()(?:sections?\s+)?"
    r"(" + _QUOTED + r"(?:\s*(?:,|,?\s+and|,?\s+or)\s+" + _QUOTED + r")*)"
)
#: `domain.md, section` followed by something other than a quoted name: a citation a reader
#: (and this test) cannot check.
_UNQUOTED_SECTION = re.compile(r"domain\.md[`)]*[,:]?\s+sections?\s+(?![\"“])")
#: A link to a section of the page: `domain.md#anchor`.
_ANCHOR = re.compile(r"domain\.md#([\w-]+)")
#: Links inside the page: `](#anchor)`.
_LOCAL_ANCHOR = re.compile(r"\]\(#([\w-]+)\)")
#: Citations of files outside the repository, written so that this file does not match them.
_OUTSIDE = {
    "a path into the shared folder outside the repository": re.compile(r"\.\./shared/"),
    "the domain brief outside the repository": re.compile(r"DOMAIN\.md"),
}
_MARK = re.compile(r"\[(?:C|W|\?)\]")


@dataclass(frozen=True)
class Citation:
    """One cited section: where it is and the section's name as written."""

    path: Path
    line: int
    section: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: section {self.section!r}"


def headings(text: str) -> list[str]:
    """The page's Markdown headings (any level), as written, outside code blocks."""
    found = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"#{1,6} +(.+?)\s*#*\s*$", line)):
            found.append(match.group(1))
    return found


def slug(heading: str) -> str:
    """The anchor a Markdown renderer (GitHub's rules) gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def joined(text: str) -> str:
    """The text with line breaks (and the comment markers or indentation that follow them)
    turned into single spaces, so a citation wrapped over lines reads as one; offsets map back
    through :func:`line_of`."""
    return re.sub(r"[ \t]*\n[ \t]*(?:(?:#+:?|//|\*)[ \t]+)?", lambda m: " " * len(m.group()), text)


def line_of(text: str, offset: int) -> int:
    """The 1-based line of a character offset."""
    return text.count("\n", 0, offset) + 1


def citations_in(path: Path, text: str) -> Iterator[Citation]:
    """Every section of docs/domain.md that a text cites, by name or by anchor."""
    flat = joined(text)
    for match in _SECTION_CITATION.finditer(flat):
        for name in re.findall(_QUOTED, match.group(1)):
            yield Citation(path, line_of(text, match.start()), " ".join(name.split()))
    for match in _ANCHOR.finditer(text):
        yield Citation(path, line_of(text, match.start()), "#" + match.group(1))


@functools.cache
def project_texts() -> tuple[tuple[Path, str], ...]:
    """Every text file of the project (source, tests, docs, policies, tooling) with its text,
    not the caches, the virtual environment or run outputs, and not this file, whose examples
    of stale citations are there on purpose. Undecodable bytes are replaced: only ASCII
    patterns are searched."""
    found = []
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if any(part in SKIPPED_DIRS or part.endswith(".egg-info") for part in relative.parts):
            continue
        if path == THIS_FILE or not path.is_file() or path.is_symlink():
            continue
        if path.stat().st_size > MAX_BYTES or b"\0" in (data := path.read_bytes()):
            continue
        found.append((path, data.decode("utf-8", errors="replace")))
    return tuple(found)


def all_citations() -> list[Citation]:
    """Every citation of a docs/domain.md section in the project."""
    return [c for path, text in project_texts() for c in citations_in(path, text)]


def unknown_sections(citations: list[Citation], page: str) -> list[str]:
    """Citations naming no heading (or anchor) of the page, each with the nearest heading. A
    name ending in "..." cites every heading that starts with the rest (e.g. "CPNS ...") and
    must match at least one."""
    names = headings(page)
    anchors = {slug(name) for name in names}
    problems = []
    for citation in citations:
        if citation.section.startswith("#"):
            if citation.section[1:] not in anchors:
                near = difflib.get_close_matches(citation.section[1:], sorted(anchors), n=1)
                problems.append(f"{citation}: no such anchor; nearest: {near}")
        elif citation.section.endswith(("...", "…")):
            prefix = citation.section.rstrip(".…")
            if not any(name.startswith(prefix) for name in names):
                problems.append(f"{citation}: no heading starts with {prefix!r}")
        elif citation.section not in names:
            near = difflib.get_close_matches(citation.section, names, n=1, cutoff=0.3)
            problems.append(f"{citation}: no such heading; nearest: {near}")
    return problems


PAGE = DOMAIN.read_text(encoding="utf-8")


def test_headings_are_unique() -> None:
    """Every heading of docs/domain.md (and so every anchor) is unique, so a citation by section
    name points at exactly one place."""
    names = headings(PAGE)
    assert len(names) > 20
    assert [n for n, k in Counter(names).items() if k > 1] == []
    assert [s for s, k in Counter(slug(n) for n in names).items() if k > 1] == []


def test_every_cited_section_exists() -> None:
    """Every `docs/domain.md, section "X"` (or `domain.md#x` link) anywhere in the project names
    a heading of docs/domain.md, so citations cannot rot when the page changes."""
    citations = all_citations()
    # The scan reaches the tests that cite the page (else this test could not fail).
    cited_in = {c.path.relative_to(ROOT).as_posix() for c in citations}
    assert {"tests/scoring/test_affirmation.py", "tests/pipeline/test_pppk.py"} <= cited_in
    assert unknown_sections(citations, PAGE) == []


def test_section_citations_are_quoted() -> None:
    """A citation `domain.md, section ...` gives the section's name in quotes, so it can be
    checked; an unquoted one is reported with its place."""
    loose = [
        f"{path.relative_to(ROOT)}:{line_of(text, m.start())}"
        for path, text in project_texts()
        for m in _UNQUOTED_SECTION.finditer(joined(text))
    ]
    assert loose == []


def test_links_inside_the_page_resolve() -> None:
    """Every `](#anchor)` link inside docs/domain.md points at one of its headings."""
    anchors = {slug(name) for name in headings(PAGE)}
    links = _LOCAL_ANCHOR.findall(PAGE)
    assert links
    assert sorted(set(links) - anchors) == []


def unmarked_rows(page: str) -> list[str]:
    """The rows of the page's tables with a `mark` column that have no [C], [W] or [?] in it."""
    unmarked = []
    column = None
    for number, line in enumerate(page.splitlines(), start=1):
        if not line.startswith("|"):
            column = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if column is None:
            column = cells.index("mark") if "mark" in cells else -1
        elif column >= 0 and not set(line) <= set("|-: ") and not _MARK.search(cells[column]):
            unmarked.append(f"docs/domain.md:{number}: {line}")
    return unmarked


def test_rule_tables_carry_a_certainty_mark() -> None:
    """Every row of a docs/domain.md table with a `mark` column has [C], [W] or [?] in it."""
    assert unmarked_rows(PAGE) == []


def test_an_unmarked_row_is_reported() -> None:
    """A rule row whose mark cell is empty is reported; tables without a mark column are not
    rule tables and are left alone."""
    page = (
        "| rule | mark |\n|---|---|\n| a | [W] |\n| b |  |\n\n"
        "| term | meaning |\n|--|--|\n| x | y |\n"
    )
    assert unmarked_rows(page) == ["docs/domain.md:4: | b |  |"]


def test_nothing_cites_files_outside_the_repository() -> None:
    """No file of the project cites the shared folder or the domain brief outside the
    repository: references point at docs/domain.md, which is in it."""
    found = [
        f"{path.relative_to(ROOT)}:{line_of(text, m.start())}: {what}"
        for path, text in project_texts()
        for what, pattern in _OUTSIDE.items()
        for m in pattern.finditer(text)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('(docs/domain.md, section "CPNS SKD", [C])', ["CPNS SKD"]),
        (
            'docs/domain.md, sections "PPPK eligibility" and "JPM and bands"',
            ["PPPK eligibility", "JPM and bands"],
        ),
        ('docs/domain.md, sections "A", "B", and "C"', ["A", "B", "C"]),
        ('# (docs/domain.md, section "CPNS shortlist\n#   to SKB")', ["CPNS shortlist to SKB"]),
        ("see [ages](domain.md#cpns-age-limits)", ["#cpns-age-limits"]),
        ('docs/domain.md, "Corrections and additions"', ["Corrections and additions"]),
        ('(docs/domain.md ("PPPK eligibility"))', ["PPPK eligibility"]),
        ('#: (docs/domain.md, section "CPNS\n#: education")', ["CPNS education"]),
        ('see [domain](domain.md), sections "CPNS ..." and', ["CPNS ..."]),
        ('(``docs/domain.md``, "Profile Matching")', ["Profile Matching"]),
        ("docs/domain.md as a whole", []),
        ('PAGES = ["docs/domain.md", "docs/index.md"]', []),
    ],
)
def test_citation_parser(text: str, expected: list[str]) -> None:
    """The scanner reads single, listed, wrapped and anchor citations (and whole-page ones as
    none), so a real citation is never skipped unchecked."""
    found = [c.section for c in citations_in(DOMAIN, text)]
    assert found == expected


def test_a_stale_citation_is_reported() -> None:
    """A cited section or anchor the page does not have is reported with the nearest heading,
    and the checks on outside references and unquoted sections catch their cases."""
    stale = list(citations_in(DOMAIN, 'docs/domain.md, section "CPNS SKDs"; domain.md#cpns-ages'))
    problems = unknown_sections(stale, PAGE)
    assert len(problems) == 2
    assert "nearest: ['CPNS SKD']" in problems[0]
    assert "nearest: ['cpns-age-limits']" in problems[1]
    prefixes = list(citations_in(DOMAIN, 'domain.md, sections "CPNS ..." and "PNS ..."'))
    assert unknown_sections(prefixes, PAGE) == [f"{prefixes[1]}: no heading starts with 'PNS '"]
    outside = "see ../" + "shared/" + "DOMAIN" + ".md"
    assert all(pattern.search(outside) for pattern in _OUTSIDE.values())
    assert _UNQUOTED_SECTION.search("docs/domain.md, section CPNS SKD")
    assert not _UNQUOTED_SECTION.search('docs/domain.md, section "CPNS SKD"')
