"""The vacancy announcement of a policy (``audit.publish``) and the ``publish`` command.

The Markdown of the shipped CPNS 2024 (as of 2024-09-10, with a tiny formations list) and
Gayungan 2026 (as of 2026-03-31) policies is compared with the snapshots in
``tests/snapshots/publish/<name>.md``: text that applicants read changes only on purpose.
After an intended change, rewrite the snapshots with

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/audit/test_publish.py

and review the difference (``git diff tests/snapshots``) before committing it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

import asn_competency as asn
from asn_competency.audit.explain import short_citation
from asn_competency.audit.publish import (
    Heading,
    criteria_publication,
    publish_html,
    publish_markdown,
    render_html,
    render_markdown,
)
from asn_competency.cli.publish import execute_publish
from asn_competency.model import ParameterRef, SelectionPolicy, TestStage, Text
from asn_competency.pipeline import FormationTable, read_formations

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots" / "publish"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"

CPNS_FILE = asn.shipped("cpns-2024.yaml")
GAYUNGAN_FILE = asn.shipped("gayungan-2026.yaml")
CPNS_AS_OF = dt.date(2024, 9, 10)
GAYUNGAN_AS_OF = dt.date(2026, 3, 31)

FORMATIONS_CSV = """\
formation_id,quota,track,position,education_level,agency,location,skb_extra_weight
F-002,1,cumlaude,Analis Kebijakan,S1,Pemkot Surabaya,Surabaya,
F-001,2,umum,Analis Kebijakan,S1,Pemkot Surabaya,Surabaya,0.4
F-003,1,disabilitas,Pranata Komputer,D3,Pemkot Surabaya,Surabaya,0
"""

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})


@functools.cache
def policy_at(path: Path) -> SelectionPolicy:
    """A shipped selection policy, loaded once."""
    policy = asn.load(path)
    assert isinstance(policy, SelectionPolicy)
    return policy


def formations_file(folder: Path, text: str = FORMATIONS_CSV) -> Path:
    """The tiny CPNS formations list, written as CSV in ``folder``."""
    path = folder / "formations.csv"
    path.write_text(text, encoding="utf-8")
    return path


def cpns_formations(folder: Path) -> FormationTable:
    """The tiny CPNS formations list, read against the policy."""
    table = read_formations(formations_file(folder), policy_at(CPNS_FILE))
    assert not table.problems
    return table


class TagChecker(HTMLParser):
    """Records every start tag and attribute, and every tag closed out of order or never."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Push a non-void tag."""
        self.attributes += attrs
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """XML-style self-closing tags are not HTML5."""
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        """Pop the tag, which must be the innermost open one."""
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        """Keep the text."""
        self.text.append(data)


def check_html(page: str) -> TagChecker:
    """Parse the page; fail on any tag closed out of order or left open."""
    checker = TagChecker()
    checker.feed(page)
    checker.close()
    assert not checker.errors, checker.errors
    assert not checker.open, f"unclosed: {checker.open}"
    return checker


def table_rows(page: str) -> list[str]:
    """The ``<tr>`` elements of the page."""
    return re.findall(r"<tr[^>]*>.*?</tr>", page, flags=re.S)


def assert_snapshot(name: str, text: str) -> None:
    """Compare with (or, with UPDATE_SNAPSHOTS=1, rewrite) a snapshot."""
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.exists(), f"missing snapshot {path}; run with UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its snapshot"


# ------------------------------------------------------------------------------ Markdown


def test_cpns_markdown_snapshot(tmp_path: Path) -> None:
    """CPNS 2024 as of 2024-09-10 with three formations matches its snapshot."""
    text = publish_markdown(
        policy_at(CPNS_FILE), formations=cpns_formations(tmp_path), as_of=CPNS_AS_OF
    )
    assert_snapshot("cpns-2024.md", text)


def test_gayungan_markdown_snapshot() -> None:
    """Gayungan 2026 as of 2026-03-31 matches its snapshot."""
    assert_snapshot(
        "gayungan-2026.md", publish_markdown(policy_at(GAYUNGAN_FILE), as_of=GAYUNGAN_AS_OF)
    )


def test_output_is_deterministic(tmp_path: Path) -> None:
    """The same inputs give the same text, whatever the order of the formations."""
    policy = policy_at(CPNS_FILE)
    table = cpns_formations(tmp_path)
    first = publish_markdown(policy, formations=table, as_of=CPNS_AS_OF)
    reordered = list(reversed(table.formations))
    assert publish_markdown(policy, formations=reordered, as_of=CPNS_AS_OF) == first
    assert publish_html(policy, formations=table, as_of=CPNS_AS_OF) == publish_html(
        policy, formations=reordered, as_of=CPNS_AS_OF
    )


def test_quotas_per_track(tmp_path: Path) -> None:
    """Formations are listed with their quotas, and summed per track."""
    text = publish_markdown(
        policy_at(CPNS_FILE), formations=cpns_formations(tmp_path), as_of=CPNS_AS_OF
    )
    assert "| Umum / *General* | 1 | **2** |" in text
    assert "| **Jumlah** / *total* | 3 | **4** |" in text
    assert "| `F-001` | Umum / *General* | Analis Kebijakan |" in text


def test_without_a_reference_date_values_are_omitted() -> None:
    """With no as-of date anywhere, dated values are left out and the text says so."""
    policy = policy_at(CPNS_FILE).model_copy(update={"as_of": None})
    text = publish_markdown(policy)
    assert "belum ditetapkan" in text
    assert "not set: values of dated parameters are not shown" in text
    assert "166" not in text
    assert "`skd_min_tkp` (tanpa tanggal acuan)" in text


def test_policy_as_of_is_used_and_overridden() -> None:
    """The policy's own as-of date is the default; an explicit one takes precedence."""
    policy = policy_at(CPNS_FILE).model_copy(update={"as_of": dt.date(2024, 8, 1)})
    text = publish_markdown(policy)
    assert "**2024-08-01** (tanggal acuan kebijakan" in text
    assert "**166** `skd_min_tkp`" in text
    assert "**2024-09-10** (ditetapkan untuk pengumuman ini" in publish_markdown(
        policy, as_of=CPNS_AS_OF
    )


def test_parameter_without_a_value_is_marked() -> None:
    """A date before a parameter starts shows that no value is in force."""
    text = publish_markdown(policy_at(CPNS_FILE), as_of=dt.date(2023, 6, 1))
    assert "`cpns_max_age` **tidak berlaku** / *no value in force*" in text
    assert "**166** `skd_min_tkp` | 2023-01-01 | KepmenPANRB 651/2023" in text


def test_both_formats_share_one_content() -> None:
    """Both formats render the same content tree: the same headings, in the same order."""
    policy = policy_at(GAYUNGAN_FILE)
    content = criteria_publication(policy, as_of=GAYUNGAN_AS_OF)
    headings = [b for b in content.blocks if isinstance(b, Heading)]
    page = publish_html(policy, as_of=GAYUNGAN_AS_OF)
    text = publish_markdown(policy, as_of=GAYUNGAN_AS_OF)
    in_html = re.findall(r"<h([1-3])>(.*?)</h\1>", page)
    in_markdown = re.findall(r"^(#{1,3}) ", text, flags=re.M)
    assert [int(level) for level, _ in in_html] == [h.level for h in headings]
    assert [len(marks) for marks in in_markdown] == [h.level for h in headings]
    assert escape(headings[0].text[0].text) in in_html[0][1]


def test_the_publication_writes_its_own_page_and_a_notebook_its_body() -> None:
    """A CriteriaPublication's html() is the page render_html and publish_html write; its
    notebook view is that page's body (no document head, so no second stylesheet), and the
    same publication is reached from the package root."""
    policy = policy_at(GAYUNGAN_FILE)
    content = asn.criteria_publication(policy, as_of=GAYUNGAN_AS_OF)
    assert isinstance(content, asn.CriteriaPublication)
    page = content.html()
    assert page == render_html(content) == asn.publish_html(policy, as_of=GAYUNGAN_AS_OF)
    assert render_markdown(content) == asn.publish_markdown(policy, as_of=GAYUNGAN_AS_OF)
    body = content._repr_html_()
    inner = page[page.index(">", page.index("<body")) + 1 : page.rindex("</body>")].strip()
    assert body == inner
    assert "<head>" not in body
    assert "<style" not in body
    assert body.startswith("<")
    assert escape(content.title.id) in body


# ------------------------------------------------------------------------------ HTML


@pytest.mark.parametrize(
    ("path", "as_of"), [(CPNS_FILE, CPNS_AS_OF), (GAYUNGAN_FILE, GAYUNGAN_AS_OF)], ids=str
)
def test_html_is_well_formed_and_self_contained(path: Path, as_of: dt.date) -> None:
    """The page parses with every tag closed, in Indonesian, with no script or remote part."""
    page = publish_html(policy_at(path), as_of=as_of)
    checker = check_html(page)
    assert page.startswith('<!DOCTYPE html>\n<html lang="id">')
    assert '<meta name="viewport"' in page
    assert "@media print" in page
    assert "<script" not in page.lower()
    assert re.search(r"https?:", page) is None
    assert "@import" not in page
    assert "url(" not in page
    links = [v for k, v in checker.attributes if k in ("href", "src")]
    assert links
    targets = {v.removeprefix("#") for v in links if v is not None}
    assert all(t.startswith("ref-") for t in targets)
    assert targets <= {v for k, v in checker.attributes if k == "id"}


@pytest.mark.parametrize(
    ("path", "as_of"), [(CPNS_FILE, CPNS_AS_OF), (GAYUNGAN_FILE, GAYUNGAN_AS_OF)], ids=str
)
def test_html_shows_hash_stages_and_passing_grades(path: Path, as_of: dt.date) -> None:
    """The hash, every stage's name and every passing grade with its legal basis are shown."""
    policy = policy_at(path)
    page = publish_html(policy, as_of=as_of)
    assert f'<code class="hash">{asn.document_hash(policy)}</code>' in page
    assert "Kode verifikasi kebijakan" in page
    assert f"asn-competency hash {path.name}" in page
    assert f"asn-competency {asn.__version__}" in page
    for stage in policy.stages:
        assert escape(stage.name.id) in page
        assert escape(stage.name.en or "") in page
    rows = table_rows(page)
    grades = 0
    for stage in policy.stages:
        if not isinstance(stage, TestStage):
            continue
        for component in stage.components:
            if not isinstance(component.pass_minimum, ParameterRef):
                continue
            name = component.pass_minimum.parameter
            resolved = policy.parameters[name].at(name, as_of)
            title = next(r.title for r in policy.references if r.id == resolved.reference)
            citation = short_citation(title) or resolved.reference
            row = next(r for r in rows if f"<td><code>{component.id}</code></td>" in r)
            assert f"<strong>{resolved.value}</strong>" in row
            assert escape(citation) in row
            assert resolved.effective_from.isoformat() in row
            grades += 1
    assert grades >= 2


def test_cpns_passing_grades_and_track_exceptions() -> None:
    """TKP 166 cites KepmenPANRB 321/2024; the special tracks show their own minimums."""
    page = publish_html(policy_at(CPNS_FILE), as_of=CPNS_AS_OF)
    tkp = next(r for r in table_rows(page) if "<td><code>tkp</code></td>" in r)
    assert "<strong>166</strong>" in tkp
    assert "KepmenPANRB 321/2024" in tkp
    for value in ("311", "85", "286", "60"):
        assert f"<strong>{value}</strong>" in page
    assert "hanya dipakai untuk laporan keadilan" in page
    assert "<code>region_of_origin</code>" in page


def test_unverified_references_are_marked() -> None:
    """An unverified source is flagged in the references and where it is cited."""
    page = publish_html(policy_at(GAYUNGAN_FILE), as_of=GAYUNGAN_AS_OF)
    row = next(r for r in table_rows(page) if 'id="ref-gayungan-ilustrasi"' in r)
    assert "BELUM TERVERIFIKASI" in row
    assert '<a href="#ref-gayungan-ilustrasi">gayungan-ilustrasi</a>' in page
    assert '<strong class="warn"> ⚠</strong>' in page


def test_policy_text_is_escaped() -> None:
    """Markup in a policy's texts is shown as text in both formats, never interpreted."""
    policy = policy_at(CPNS_FILE)
    tracks = [policy.tracks[0].model_copy(update={"name": Text(id="Umum|A <u>", en="x")})]
    hostile = policy.model_copy(
        update={
            "name": Text(id='<script>alert("x")</script> & <b>CPNS</b>', en="a <i>b</i>"),
            "description": Text(id="- 1. # not markup *here*"),
            "tracks": [*tracks, *policy.tracks[1:]],
        }
    )
    page = publish_html(hostile, as_of=CPNS_AS_OF)
    check_html(page)
    assert re.search(r"<(script|b|i|u)\b", page) is None
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;CPNS" in page
    assert "<title>&lt;script&gt;" in page
    text = publish_markdown(hostile, as_of=CPNS_AS_OF)
    assert re.search(r"(?<!\\)<(script|b|i|u)\b", text) is None
    assert '# \\<script\\>alert("x")\\</script\\> \\& \\<b\\>CPNS\\</b\\>' in text
    assert "\\- 1. \\# not markup \\*here\\*" in text
    assert "| Umum\\|A \\<u\\> / *x* |" in text


# ------------------------------------------------------------------------------ command


def test_execute_publish_writes_markdown(tmp_path: Path) -> None:
    """Markdown is written atomically and its path printed; exit 0."""
    out = tmp_path / "pengumuman" / "cpns.md"
    stream = io.StringIO()
    code = execute_publish(
        CPNS_FILE,
        formations=formations_file(tmp_path),
        as_of=CPNS_AS_OF,
        out=out,
        stream=stream,
    )
    assert code == 0
    assert stream.getvalue() == f"{out}\n"
    expected = publish_markdown(
        policy_at(CPNS_FILE), formations=cpns_formations(tmp_path), as_of=CPNS_AS_OF
    )
    assert out.read_text(encoding="utf-8") == expected
    assert sorted(p.name for p in out.parent.iterdir()) == ["cpns.md"]


def test_execute_publish_writes_html(tmp_path: Path) -> None:
    """An output name ending in .html gives the HTML page; exit 0."""
    out = tmp_path / "gayungan.HTML"
    code = execute_publish(
        GAYUNGAN_FILE, formations=None, as_of=GAYUNGAN_AS_OF, out=out, stream=io.StringIO()
    )
    assert code == 0
    check_html(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["announcement.txt", "announcement", "announcement.htm"])
def test_execute_publish_refuses_other_output_names(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An output that is neither .html nor .md is a usage error (2); nothing is written."""
    out = tmp_path / name
    assert (
        execute_publish(CPNS_FILE, formations=None, as_of=None, out=out, stream=io.StringIO()) == 2
    )
    assert ".html or .md" in capsys.readouterr().err
    assert not out.exists()


def test_execute_publish_invalid_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An invalid policy, a missing one or another kind is exit 1 with the problems."""
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        CPNS_FILE.read_text(encoding="utf-8").replace("multiplier: 3", "multiplier: 0"),
        encoding="utf-8",
    )
    out = tmp_path / "out.md"
    for path in (
        broken,
        tmp_path / "missing.yaml",
        asn.shipped("skj-gayungan-pelayanan-publik.yaml"),
    ):
        assert (
            execute_publish(path, formations=None, as_of=None, out=out, stream=io.StringIO()) == 1
        )
    err = capsys.readouterr().err
    assert "broken.yaml:" in err
    assert "file.not-found" in err
    assert "a selection-policy is needed, not a position-standard" in err
    assert not out.exists()


def test_execute_publish_invalid_formations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Formations with an unknown track, or no formations file, is exit 1."""
    bad = formations_file(tmp_path, FORMATIONS_CSV.replace("cumlaude", "cum-laude"))
    out = tmp_path / "out.html"
    assert (
        execute_publish(CPNS_FILE, formations=bad, as_of=None, out=out, stream=io.StringIO()) == 1
    )
    assert "cum-laude" in capsys.readouterr().err
    missing = tmp_path / "none.csv"
    assert (
        execute_publish(CPNS_FILE, formations=missing, as_of=None, out=out, stream=io.StringIO())
        == 1
    )
    assert "file.not-found" in capsys.readouterr().err
    assert not out.exists()
