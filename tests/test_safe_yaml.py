"""Safe YAML reading: YAML 1.2 core values, exact numbers, source positions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asn_competency.errors import PolicyError
from asn_competency.files import Limits, read_yaml, read_yaml_text


def test_core_schema_values() -> None:
    """YAML 1.2 core: yes/no/on/off and dates stay strings; only true/false are booleans."""
    data = read_yaml_text(
        "a: yes\nb: NO\nc: on\nd: 2024-08-19\ne: true\nf: null\ng: ~\nh: 0x1F\ni: 0o17\n"
    ).data
    assert data == {
        "a": "yes",
        "b": "NO",
        "c": "on",
        "d": "2024-08-19",
        "e": True,
        "f": None,
        "g": None,
        "h": 31,
        "i": 15,
    }


def test_numbers_are_exact() -> None:
    """Every non-integer number becomes an exact Decimal, spelled as written."""
    data = read_yaml_text("a: 0.1\nb: 65.0\nc: 1e3\nd: -2.50\ne: 65\n").data
    assert data == {
        "a": Decimal("0.1"),
        "b": Decimal("65.0"),
        "c": Decimal("1e3"),
        "d": Decimal("-2.50"),
        "e": 65,
    }
    assert type(data["e"]) is int
    assert all(type(data[k]) is Decimal for k in "abcd")


def test_quoted_numbers_stay_strings() -> None:
    """Quoting makes a string: '65' and "0.4" are not numbers."""
    assert read_yaml_text("a: '65'\nb: \"0.4\"\n").data == {"a": "65", "b": "0.4"}


def test_positions_of_values_and_keys() -> None:
    """The source map gives 1-based line and column of each value and each key."""
    doc = read_yaml_text("kind: x\nlist:\n  - a: 1\n    b: [2, 3]\n")
    assert doc.source.position(("kind",)) == (1, 7)
    assert doc.source.position(("list", 0, "b", 1)) == (4, 12)
    assert doc.source.position(("list", 0, "b"), key=True) == (4, 5)
    assert doc.source.position(("list", 0, "missing")) == (3, 5)


def test_bom_and_crlf(tmp_path: pytest.TempPathFactory) -> None:
    """A UTF-8 byte order mark and Windows line ends are read like plain UTF-8 and LF."""
    path = tmp_path / "bom.yaml"  # type: ignore[operator]
    path.write_bytes(b"\xef\xbb\xbfkind: x\r\nname: Gayungan\r\n")
    doc = read_yaml(path)
    assert doc.data == {"kind": "x", "name": "Gayungan"}
    assert doc.source.position(("name",)) == (2, 7)


def test_json_surrogate_pairs_are_joined() -> None:
    """JSON-style escapes of astral characters read as the character itself."""
    assert read_yaml_text('a: "\\ud83d\\ude00"\n').data == {"a": "\U0001f600"}


def test_lone_surrogate_is_an_error() -> None:
    """An unpaired surrogate escape is refused rather than passed on as a broken string."""
    with pytest.raises(PolicyError) as info:
        read_yaml_text('a: "\\ud83d"\n')
    assert info.value.codes == ["yaml.syntax"]


def test_all_duplicate_keys_reported_together() -> None:
    """Every duplicate key in a file is reported, not only the first."""
    with pytest.raises(PolicyError) as info:
        read_yaml_text("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n")
    assert [(p.code, p.line, p.column) for p in info.value.problems] == [
        ("yaml.duplicate-key", 2, 1),
        ("yaml.duplicate-key", 5, 3),
    ]


def test_anchors_and_aliases_within_limits() -> None:
    """Ordinary anchors and aliases still work."""
    data = read_yaml_text("base: &b {x: 1}\ncopy: *b\n").data
    assert data == {"base": {"x": 1}, "copy": {"x": 1}}


def test_node_limit_stops_a_flat_list_before_the_rest_is_read() -> None:
    """A flat list past the node limit is refused where the limit is reached, before the rest
    of the document is parsed: a syntax error after the list is never reached."""
    text = "kind: x\nitems:\n" + "- 1\n" * 5_000 + "broken: [\n"
    with pytest.raises(PolicyError) as info:
        read_yaml_text(text, limits=Limits(max_nodes=1_000))
    (problem,) = info.value.problems
    # Nodes: the root, 'x', the list, then one per item; item k stands on line k + 2.
    assert (problem.code, problem.line, problem.column) == ("yaml.too-many-nodes", 1_000, 3)


def test_node_limit_counts_values_not_keys() -> None:
    """Mapping keys do not count toward the node limit: a mapping of n entries is n + 1 nodes."""
    text = "".join(f"k{i}: {i}\n" for i in range(99))
    assert len(read_yaml_text(text, limits=Limits(max_nodes=100)).data) == 99
    with pytest.raises(PolicyError) as info:
        read_yaml_text(text + "k99: 99\n", limits=Limits(max_nodes=100))
    assert info.value.codes == ["yaml.too-many-nodes"]
