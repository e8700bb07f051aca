"""Safe YAML reading: bytes in, a :class:`SourceDocument` (data and source map) out.

What makes it safe, and what each refusal is called:

- only regular files are read (``file.not-regular`` for a device or a FIFO), and at most
  ``Limits.max_bytes`` bytes of them, counted while reading (``file.too-large``; see
  :mod:`~asn_competency.files.reading`); NUL bytes (``file.binary``) and invalid UTF-8
  (``file.not-utf8``) are refused with their position;
- only plain data: any explicit tag other than the standard scalar and collection tags is
  refused (``yaml.tag``), so no Python object can be built; merge keys are refused
  (``yaml.merge-key``);
- duplicate keys are an error, never "last one wins" (``yaml.duplicate-key``);
- nesting is bounded while composing, so a 10,000-level document is refused early and without
  deep recursion (``yaml.too-deep``); so is the number of nodes, so a huge flat list is
  refused where the limit is reached, not after all of it is parsed (``yaml.too-many-nodes``);
- aliases are counted as they expand, so a "billion laughs" document is refused after a bounded
  amount of work (``yaml.alias-limit``);
- scalars follow the YAML 1.2 core schema: ``yes``/``no``/``on``/``off`` stay strings, dates stay
  strings, and every non-integer number becomes an exact :class:`decimal.Decimal`; a number
  with more than 40 digits before or after its decimal point, however it is spelled
  (``1e99999999999``), is refused (``number.too-large``, see :mod:`~asn_competency.files.numbers`).

The loader is a private subclass of PyYAML's parts; nothing global in PyYAML is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any, NoReturn

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from asn_competency.errors import Path, PolicyError, Problem
from asn_competency.files.document import SourceDocument, SourceMap
from asn_competency.files.numbers import MAX_DIGITS, number_problem
from asn_competency.files.reading import read_regular

__all__ = ["Limits", "decode_text", "read_yaml", "read_yaml_text"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what a policy file may cost to read."""

    max_bytes: int = 4 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 200_000


DEFAULT_LIMITS = Limits()

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null")}
_MAP_TAG = f"{_TAG}map"
_SEQ_TAG = f"{_TAG}seq"

_INT_RE = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_RE = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$"
)
_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")


class _Stop(Exception):  # noqa: N818 - internal control flow, never escapes this module
    """A limit was hit: stop reading at once with this problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class CoreResolver(BaseResolver):
    """YAML 1.2 core schema resolution, on a private copy of the resolver table."""

    yaml_implicit_resolvers = {}  # noqa: RUF012 - PyYAML's class-level table, copied


CoreResolver.add_implicit_resolver(f"{_TAG}bool", _BOOL_RE, list("tTfF"))
CoreResolver.add_implicit_resolver(f"{_TAG}int", _INT_RE, list("-+0123456789"))
CoreResolver.add_implicit_resolver(f"{_TAG}float", _FLOAT_RE, list("-+.0123456789"))
CoreResolver.add_implicit_resolver(f"{_TAG}null", _NULL_RE, ["~", "n", "N", ""])


class _Composer(Reader, Scanner, Parser, Composer, CoreResolver):
    """PyYAML's reader, scanner, parser and composer with bounds on nesting and on the number
    of nodes, both checked as each node is composed; no constructor."""

    def __init__(self, text: str, limits: Limits, file: str | None) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        CoreResolver.__init__(self)
        self._limits = limits
        self._file = file
        self._depth = 0
        self.aliases = 0
        self.nodes = 0  # nodes composed so far (mapping keys and aliases not counted)

    def _stop_here(self, code: str, message: str, hint: str) -> NoReturn:
        """Stop composing with a problem at the event about to be read."""
        mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        raise _Stop(
            Problem(
                code,
                message,
                file=self._file,
                line=mark.line + 1,
                column=mark.column + 1,
                hint=hint,
            )
        )

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            return super().compose_node(parent, index)
        if not (isinstance(parent, MappingNode) and index is None):  # a key is not counted
            self.nodes += 1
            if self.nodes > self._limits.max_nodes:
                self._stop_here(
                    "yaml.too-many-nodes",
                    f"the document has more than {self._limits.max_nodes} nodes",
                    "split the file; the document is refused where the limit is reached, "
                    "before the rest is read",
                )
        self._depth += 1
        try:
            if self._depth > self._limits.max_depth:
                self._stop_here(
                    "yaml.too-deep",
                    f"the document nests more than {self._limits.max_depth} levels deep",
                    "policy files need only a few levels; flatten the structure",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Builder:
    """Turns composed nodes into plain data, recording positions and collecting problems."""

    def __init__(self, file: str | None, limits: Limits, *, has_aliases: bool) -> None:
        self.file = file
        self.limits = limits
        self.has_aliases = has_aliases
        self.count = 0
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def _problem(self, code: str, message: str, node: Node, path: Path, **kw: Any) -> Problem:
        mark = node.start_mark
        return Problem(
            code,
            message,
            path=path,
            file=self.file,
            line=mark.line + 1,
            column=mark.column + 1,
            **kw,
        )

    def build(self, node: Node, path: Path) -> Any:
        self.count += 1
        if self.count > self.limits.max_nodes:
            if self.has_aliases:
                raise _Stop(
                    self._problem(
                        "yaml.alias-limit",
                        f"aliases expand to more than {self.limits.max_nodes} nodes",
                        node,
                        path,
                        hint="a document that expands like this is refused ('billion laughs')",
                    )
                )
            raise _Stop(
                self._problem(
                    "yaml.too-many-nodes",
                    f"the document has more than {self.limits.max_nodes} nodes",
                    node,
                    path,
                )
            )
        if len(path) > self.limits.max_depth:  # composing bounds it; only aliases go deeper
            raise _Stop(
                self._problem(
                    "yaml.too-deep",
                    f"with its aliases expanded, the document nests more than "
                    f"{self.limits.max_depth} levels deep",
                    node,
                    path[: self.limits.max_depth],
                    hint="an alias may name a collection that contains it, which never ends; "
                    "write the data out without aliases",
                )
            )
        self.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self._bad_tag(node, path)
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != _MAP_TAG:
                self._bad_tag(node, path)
            return self._mapping(node, path)
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover - PyYAML has 3

    def _bad_tag(self, node: Node, path: Path) -> None:
        self.problems.append(
            self._problem(
                "yaml.tag",
                f"the tag {node.tag!r} is not allowed: policy files hold plain data only",
                node,
                path,
                value=node.tag,
            )
        )

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge" or (
                isinstance(key_node, ScalarNode) and key_node.value == "<<" and not key_node.style
            ):
                self.problems.append(
                    self._problem(
                        "yaml.merge-key",
                        "merge keys ('<<') are not allowed: write the entries out",
                        key_node,
                        path,
                    )
                )
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != f"{_TAG}str":
                shown = key_node.value if isinstance(key_node, ScalarNode) else "a collection"
                self.problems.append(
                    self._problem(
                        "yaml.key-not-string",
                        f"mapping keys must be strings; got {shown!s}",
                        key_node,
                        path,
                        hint=f"quote the key: '{shown}'",
                        value=shown if isinstance(key_node, ScalarNode) else None,
                    )
                )
                continue
            key = key_node.value
            if key in first_seen:
                before = first_seen[key].start_mark
                self.problems.append(
                    self._problem(
                        "yaml.duplicate-key",
                        f"duplicate key {key!r}: it was already set at line "
                        f"{before.line + 1}, column {before.column + 1}",
                        key_node,
                        (*path, key),
                        value=key,
                        related=(
                            f"{self.file or '<input>'}:{before.line + 1}:{before.column + 1}",
                        ),
                    )
                )
                continue
            first_seen[key] = key_node
            child = (*path, key)
            self.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child)
        return result

    def _string(self, node: ScalarNode, path: Path) -> str | None:
        """The string; JSON-style surrogate pair escapes (``\\ud83d\\ude00``) are joined."""
        text: str = node.value
        if not any("\ud800" <= ch <= "\udfff" for ch in text):
            return text
        try:
            return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:
            self.problems.append(
                self._problem(
                    "yaml.syntax",
                    "the string has an unpaired surrogate escape (\\uD800-\\uDFFF)",
                    node,
                    path,
                    hint="write the character itself, or escape it as \\U0001F600",
                )
            )
            return None

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        tag, text = node.tag, node.value
        if tag == f"{_TAG}str":
            return self._string(node, path)
        if tag == f"{_TAG}null":
            return None
        if tag == f"{_TAG}bool":
            return text.lower() == "true"
        if tag == f"{_TAG}int":
            too_large = None if text.startswith(("0o", "0x")) else number_problem(text)
            if too_large is None:
                try:
                    if text.startswith("0o"):
                        number = int(text[2:], 8)
                    elif text.startswith("0x"):
                        number = int(text[2:], 16)
                    else:
                        number = int(text, 10)
                except ValueError:
                    self.problems.append(
                        self._problem("yaml.syntax", f"not an integer: {text[:40]!r}", node, path)
                    )
                    return None
                too_large = number_problem(number)
            if too_large is not None:
                self._too_large(too_large, node, path)
                return None
            return number
        if tag == f"{_TAG}float":
            if not _FLOAT_RE.match(text) or "inf" in text.lower() or "nan" in text.lower():
                self.problems.append(
                    self._problem(
                        "yaml.non-finite" if _FLOAT_RE.match(text) else "yaml.syntax",
                        f"{text!r} is not a finite number",
                        node,
                        path,
                        value=text,
                    )
                )
                return None
            value = Decimal(text)
            too_large = number_problem(value)
            if too_large is not None:
                self._too_large(too_large, node, path)
                return None
            return value
        self._bad_tag(node, path)
        return text

    def _too_large(self, message: str, node: Node, path: Path) -> None:
        self.problems.append(
            self._problem(
                "number.too-large",
                message,
                node,
                path,
                value=node.value if len(node.value) <= 40 else node.value[:37] + "...",
                hint=f"numbers have at most {MAX_DIGITS} digits before and after the decimal "
                "point; write the number out plainly",
            )
        )


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def decode_text(data: bytes, file: str | None) -> str:
    """Bytes of a text file as text: NUL bytes (``file.binary``) and invalid UTF-8
    (``file.not-utf8``) are refused with their position; a byte order mark is dropped."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _line_col(data, nul)
        raise PolicyError(
            [
                Problem(
                    "file.binary",
                    "the file contains NUL bytes, so it is not a text file"
                    + (" (it may be UTF-16; save it as UTF-8)" if nul < 4 else ""),
                    file=file,
                    line=line,
                    column=column,
                )
            ]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col(data, exc.start)
        raise PolicyError(
            [
                Problem(
                    "file.not-utf8",
                    f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid UTF-8",
                    file=file,
                    line=line,
                    column=column,
                    hint="save the file as UTF-8",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _unprintable(text: str, error: yaml.reader.ReaderError, file: str | None) -> Problem:
    """The problem of a character YAML does not allow (a control character, a lone
    surrogate), at its line and column: a NUL is ``file.binary``, as in a file's bytes."""
    at = error.position
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    code = error.character
    return Problem(
        "file.binary" if code == 0 else "yaml.syntax",
        f"the character U+{code:04X} is not allowed in YAML text"
        + (" (a NUL: the text may be binary, or UTF-16)" if code == 0 else ""),
        file=file,
        line=line,
        column=column,
        hint="remove the character (a control character or a stray byte)",
    )


def read_yaml_text(
    text: str,
    *,
    file: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    list_key: str | None = None,
) -> SourceDocument:
    """Read one YAML document from text; raise :class:`PolicyError` with every problem found.

    The document must be a mapping; with ``list_key``, a top-level list is accepted too and
    read as ``{list_key: [...]}`` (positions kept), as data tables written as bare lists are.
    """
    if len(text) > limits.max_bytes:
        raise PolicyError(
            [
                Problem(
                    "file.too-large",
                    f"the text has {len(text)} characters; the limit is {limits.max_bytes}",
                    file=file,
                    value=len(text),
                )
            ]
        )
    try:
        composer = _Composer(text, limits, file)
    except yaml.reader.ReaderError as exc:  # PyYAML checks every character before reading
        raise PolicyError([_unprintable(text, exc, file)]) from None
    try:
        try:
            node = composer.get_single_node()
        finally:
            composer.dispose()
    except _Stop as stop:
        raise PolicyError([stop.problem]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        multiple = "expected a single document" in str(exc.context or "")
        raise PolicyError(
            [
                Problem(
                    "yaml.multiple-documents" if multiple else "yaml.syntax",
                    "the file holds more than one YAML document ('---')"
                    if multiple
                    else f"{exc.problem or 'invalid YAML'}"
                    + (f" ({exc.context})" if exc.context else ""),
                    file=file,
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise PolicyError([Problem("yaml.syntax", str(exc), file=file)]) from None
    if node is None:
        raise PolicyError(
            [Problem("file.empty", "the file holds no YAML document", file=file, line=1, column=1)]
        )
    builder = _Builder(file, limits, has_aliases=composer.aliases > 0)
    wrap = list_key is not None and isinstance(node, SequenceNode)
    try:
        data = builder.build(node, (list_key,) if wrap and list_key else ())
        if wrap and list_key:
            data = {list_key: data}
    except _Stop as stop:
        raise PolicyError([stop.problem]) from None
    if builder.problems:
        raise PolicyError(builder.problems)
    if not isinstance(data, dict):
        raise PolicyError(
            [
                builder._problem(
                    "yaml.not-mapping",
                    "the document must be "
                    + ("a mapping or a list" if list_key else "a mapping starting with 'kind:'")
                    + "; got "
                    f"{'a list' if isinstance(data, list) else 'a single value'}",
                    node,
                    (),
                )
            ]
        )
    return SourceDocument(file, data, SourceMap(builder.values, builder.keys), text)


def read_yaml(
    path: str | FsPath, *, limits: Limits = DEFAULT_LIMITS, list_key: str | None = None
) -> SourceDocument:
    """Read one YAML document from a file; raise :class:`PolicyError` with every problem.

    ``list_key``: see :func:`read_yaml_text`.
    """
    file = str(path)
    data = read_regular(path, max_bytes=limits.max_bytes)
    return read_yaml_text(decode_text(data, file), file=file, limits=limits, list_key=list_key)
