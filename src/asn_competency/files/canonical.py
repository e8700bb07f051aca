"""Canonical JSON and content hashes: one spelling for one meaning.

The canonical form of a document is the JSON text of its validated model with
- mapping keys sorted by Unicode code point, no insignificant white space, UTF-8, no escapes
  for non-ASCII characters;
- every number written in plain decimal notation without exponent, trailing zeros or a
  trailing point (``65``, ``65.0`` and ``6.5E1`` all become ``65``; ``0.40`` becomes ``0.4``);
- dates as ISO 8601 (``2024-08-19``).

Comments, key order, quoting style and number spelling in the YAML source therefore do not
change the hash. Binary floating point is refused: it has no exact canonical spelling.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import stat
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

__all__ = ["canonical_json", "content_hash", "file_sha256", "format_decimal"]


def format_decimal(value: Decimal) -> str:
    """Plain decimal notation with no exponent and no trailing zeros (``Decimal('6.50E1')`` →
    ``'65'``)."""
    if not value.is_finite():
        raise ValueError(f"{value} has no canonical form")
    if value == 0:
        return "0"
    # Strip trailing zeros by hand: Decimal.normalize() would round to the context precision.
    sign, digits, exponent = value.as_tuple()
    kept = list(digits)
    if not isinstance(exponent, int):  # pragma: no cover - finite, checked above
        raise TypeError(exponent)
    while exponent < 0 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    return format(Decimal((sign, tuple(kept), exponent)), "f")


def _write(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, Enum):
        _write(value.value, out)
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, Decimal):
        out.append(format_decimal(value))
    elif isinstance(value, dt.date):
        out.append(f'"{value.isoformat()}"')
    elif isinstance(value, dict):
        out.append("{")
        for i, key in enumerate(sorted(value, key=_key_text)):
            if i:
                out.append(",")
            out.append(json.dumps(_key_text(key), ensure_ascii=False))
            out.append(":")
            _write(value[key], out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        raise TypeError(f"{type(value).__name__} has no canonical JSON form: {value!r}")


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, dt.date):
        return key.isoformat()
    if isinstance(key, Enum):
        return str(key.value)
    raise TypeError(f"mapping key {key!r} has no canonical JSON form")


def canonical_json(value: Any) -> bytes:
    """The canonical JSON text of plain data (see the module docstring), as UTF-8 bytes."""
    out: list[str] = []
    _write(value, out)
    return "".join(out).encode("utf-8")


def content_hash(value: Any) -> str:
    """``sha256:`` and the hex SHA-256 of :func:`canonical_json`."""
    return "sha256:" + hashlib.sha256(canonical_json(value)).hexdigest()


def file_sha256(path: str | Path) -> str:
    """``sha256:`` and the hex SHA-256 of a regular file's bytes (read in blocks).

    A device, named pipe or socket raises :class:`OSError` (``EINVAL``) before a byte is read:
    ``/dev/zero`` would never end, and a FIFO is opened without blocking.
    """
    digest = hashlib.sha256()
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(Path(path), flags)
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(
                errno.EINVAL, "not a regular file (a device, pipe or socket is not read)", str(path)
            )
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()
