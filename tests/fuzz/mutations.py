"""Mutations of valid files, as Hypothesis strategies: what a careless edit, a broken
transfer or a hostile author does to a YAML document or a table.

Byte mutations (every file): delete, duplicate or swap lines; change a line's indentation;
insert a special byte sequence (NUL, bytes that are not UTF-8, an encoded surrogate, a
byte-order mark, quotes, separators, YAML indicators, line ends of every kind); overwrite a
span with arbitrary bytes; truncate. YAML mutations (documents) replace the value of a
``key: value`` line with something no valid file holds: a huge number, a very long string,
deeply nested brackets, an alias into a "billion laughs" ladder of anchors, an explicit tag
(``!!python/object/apply:...`` and others), a merge key, a non-finite number, a value of
another type; or split the text into several documents.

Each strategy draws one to three mutations and applies them in turn, so shrinking leads to
the fewest and simplest mutations that still fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import strategies as st

__all__ = ["HOSTILE_VALUES", "SPECIAL_BYTES", "mutated_table", "mutated_yaml"]

#: Byte sequences inserted at a drawn position.
SPECIAL_BYTES: tuple[bytes, ...] = (
    b"\x00",
    b"\xff",
    b"\xc3",  # a lead byte with no continuation
    b"\xed\xa0\x80",  # a surrogate, encoded: not UTF-8
    b"\xef\xbb\xbf",  # a byte-order mark, here in the middle
    "\u2028".encode(),
    "é".encode(),
    b"\t",
    b"\r",
    b"\r\n",
    b"\n",
    b"'",
    b'"',
    b",",
    b";",
    b"=",
    b"\\",
    b":",
    b"- ",
    b"? ",
    b"#",
    b"{",
    b"}",
    b"[",
    b"]",
    b"&a ",
    b"*a",
    b"!",
    b"%YAML 1.1\n",
    b"@",
    b"`",
    b"|",
    b">",
    b"---\n",
    b"...\n",
)

_BILLION_LAUGHS = "\n".join(
    [
        "laugh0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
        *(f"laugh{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)),
        "",
    ]
)

#: Values a ``key: value`` line's value is replaced with (drawn sizes added by the strategy).
HOSTILE_VALUES: tuple[str, ...] = (
    "!!python/object/apply:os.system ['echo owned']",
    "!!python/object:builtins.dict {}",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!!timestamp 2001-12-14t21:59:43.10-05:00",
    "!!set {a, b}",
    "!!omap [{a: 1}]",
    "!!float 1",
    "!!str 12",
    "!!int '7'",
    "!local x",
    "!<tag:example.com,2000:x> y",
    "*undefined",
    "&a [1, *a]",
    "{<<: {a: 1}}",
    ".inf",
    "-.inf",
    ".nan",
    "1e400",
    "-1e-400",
    "1e99999999999",
    "0x7fffffffffffffffffff",
    "0o777",
    "1_000",
    "-0",
    "null",
    "~",
    "yes",
    "true",
    "''",
    '""',
    "[]",
    "{}",
    "[[], {}]",
    "{a: b, a: c}",
    "2024-02-30",
    "'\\x00'",
    '"\\0\\uD800"',
    "|\n  block",
)

_VALUE_LINE = re.compile(rb"^(\s*(?:- )?[^\s:#\-][^:#\n]*:[ \t]+)(\S[^\n]*?)(\r?\n?)$")


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _index(draw: st.DrawFn, items: list[bytes]) -> int:
    return draw(st.integers(0, len(items) - 1))


def _delete_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    del lines[_index(draw, lines)]
    return b"".join(lines)


def _duplicate_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    line = lines[_index(draw, lines)]
    lines.insert(draw(st.integers(0, len(lines))), line if line.endswith(b"\n") else line + b"\n")
    return b"".join(lines)


def _swap_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    i, j = _index(draw, lines), _index(draw, lines)
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def _indent(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    i = _index(draw, lines)
    body = lines[i].lstrip(b" \t")
    before = lines[i][: len(lines[i]) - len(body)]
    indent = draw(st.sampled_from([b"", b" ", b"   ", b"\t", b" " * 40, b"  \t "]))
    lines[i] = (indent if draw(st.booleans()) else before + indent) + body  # replaced, or more
    return b"".join(lines)


def _insert(draw: st.DrawFn, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.sampled_from(SPECIAL_BYTES)) + data[at:]


def _overwrite(draw: st.DrawFn, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    noise = draw(st.binary(min_size=1, max_size=16))
    return data[:at] + noise + data[at + len(noise) :]


def _truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: draw(st.integers(0, max(len(data) - 1, 0)))]


def _bom(draw: st.DrawFn, data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


_BYTE_MUTATIONS = (
    _delete_line,
    _duplicate_line,
    _swap_lines,
    _indent,
    _insert,
    _overwrite,
    _truncate,
    _bom,
)


def _hostile_value(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["fixed", "huge", "long", "deep", "deep-block", "laughs"]))
    if kind == "huge":
        return draw(st.sampled_from(["", "-"])) + "9" * draw(st.integers(20, 5000))
    if kind == "long":
        return "x" * draw(st.integers(1000, 200_000))
    if kind == "deep":
        depth = draw(st.integers(10, 20_000))
        opening, closing = draw(st.sampled_from([("[", "]"), ("{a: ", "}")]))
        return opening * depth + closing * depth
    if kind == "deep-block":
        depth = draw(st.integers(10, 300))
        return "\n" + "".join(f"{' ' * (2 * i + 2)}k{i}:\n" for i in range(depth)) + "x"
    if kind == "laughs":
        return f"*l{draw(st.integers(0, 9))}"
    return draw(st.sampled_from(HOSTILE_VALUES))


def _replace_value(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    spots = [i for i, line in enumerate(lines) if _VALUE_LINE.match(line)]
    if not spots:
        return data
    i = draw(st.sampled_from(spots))
    match = _VALUE_LINE.match(lines[i])
    assert match is not None
    value = _hostile_value(draw)
    lines[i] = match[1] + value.encode("utf-8", "surrogatepass") + (match[3] or b"\n")
    text = b"".join(lines)
    if value.startswith("*l"):  # the anchors the alias names, defined before it
        text = _BILLION_LAUGHS.encode() + text
    return text


def _merge_key(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    at = draw(st.integers(0, len(lines)))
    lines.insert(at, b"<<: *l0\n")
    return _BILLION_LAUGHS.encode() + b"".join(lines)


def _documents(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from([b"---\n", b"...\n"])))
    return b"".join(lines)


_YAML_MUTATIONS = (_replace_value, _replace_value, _merge_key, _documents)


@st.composite
def _mutated(
    draw: st.DrawFn,
    original: bytes,
    mutations: tuple[Callable[[st.DrawFn, bytes], bytes], ...],
) -> bytes:
    data = original
    for _ in range(draw(st.integers(1, 3))):
        data = draw(st.sampled_from(mutations))(draw, data)
    return data


def mutated_yaml(original: bytes) -> st.SearchStrategy[bytes]:
    """A YAML file's bytes after one to three byte or YAML mutations."""
    return _mutated(original, _BYTE_MUTATIONS + _YAML_MUTATIONS)


def mutated_table(original: bytes) -> st.SearchStrategy[bytes]:
    """A table's bytes (CSV, JSON Lines) after one to three byte mutations, or a cell's value
    replaced by a huge number or a very long string."""
    return _mutated(original, (*_BYTE_MUTATIONS, _replace_cell))


_CELL = re.compile(rb'[^,\n\r"{}:]+')


def _replace_cell(draw: st.DrawFn, data: bytes) -> bytes:
    """A cell (between separators) replaced by a huge number, a long string or a formula."""
    value = draw(st.sampled_from(_CELL_VALUES))
    cells = [m.span() for m in _CELL.finditer(data)]  # column names included
    if not cells:
        return data
    start, end = draw(st.sampled_from(cells))
    return data[:start] + value + data[end:]


_CELL_VALUES: tuple[bytes, ...] = (
    b"9" * 400,
    b"-" + b"9" * 50,
    b"1e999999999",
    b"0." + b"0" * 300 + b"1",
    b"x" * 100_000,
    b"NaN",
    b"-Infinity",
    b'=HYPERLINK("http://x")',
    b"<script>alert(1)</script>",
    b"[" * 60,
    b"",
)
