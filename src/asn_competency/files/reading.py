"""Reading a file's bytes safely: regular files only, at most a given number of bytes.

The size a file reports (``st_size``) cannot be trusted as a bound: it is 0 for ``/dev/zero``,
``/dev/urandom`` and files under ``/proc``, and a file can grow while it is read. So:

- the path is checked with ``os.stat`` (symbolic links followed) before it is opened: a
  folder is ``file.unreadable``, and a device, named pipe (FIFO) or socket is
  ``file.not-regular``, so nothing endless is read and opening a FIFO never blocks;
- a reported size over the limit is refused at once (``file.too-large``), before a byte is
  read;
- the file is opened without blocking (``O_NONBLOCK``), checked again on the open descriptor
  (it may have been swapped since), and read for at most ``limit + 1`` bytes: one byte more
  than the limit is ``file.too-large``, whatever the file reported.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path as FsPath

from asn_competency.errors import PolicyError, Problem

__all__ = ["read_regular"]

_BLOCK = 1 << 20  # bytes read at a time

_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


def _unreadable(file: str, exc: OSError) -> PolicyError:
    return PolicyError(
        [Problem("file.unreadable", f"cannot read: {exc.strerror or exc}", file=file)]
    )


def _not_regular(file: str, mode: int) -> PolicyError | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return PolicyError([Problem("file.unreadable", "this is a folder, not a file", file=file)])
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return PolicyError(
        [
            Problem(
                "file.not-regular",
                f"this is {kind}, not a regular file: it is not read, as it could be endless "
                "or never answer",
                file=file,
                hint="save the data to a regular file and pass that file",
            )
        ]
    )


def _too_large(file: str, limit: int, size: int | None) -> PolicyError:
    told = f"has {size} bytes" if size is not None else f"has more than {limit} bytes"
    return PolicyError(
        [
            Problem(
                "file.too-large",
                f"the file {told}; the limit is {limit}",
                file=file,
                value=size if size is not None else limit + 1,
            )
        ]
    )


def read_regular(path: str | os.PathLike[str], *, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` bytes; :class:`PolicyError` with
    ``file.not-found``, ``file.unreadable``, ``file.not-regular`` or ``file.too-large``."""
    file = str(path)
    try:
        status = FsPath(path).stat()
    except FileNotFoundError:
        raise PolicyError([Problem("file.not-found", "no such file", file=file)]) from None
    except OSError as exc:
        raise _unreadable(file, exc) from None
    refused = _not_regular(file, status.st_mode)
    if refused is not None:
        raise refused
    if status.st_size > max_bytes:
        raise _too_large(file, max_bytes, status.st_size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(FsPath(path), flags)
    except FileNotFoundError:
        raise PolicyError([Problem("file.not-found", "no such file", file=file)]) from None
    except OSError as exc:
        raise _unreadable(file, exc) from None
    try:
        refused = _not_regular(file, os.fstat(descriptor).st_mode)
        if refused is not None:  # swapped for something else since the check above
            raise refused
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, _BLOCK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _unreadable(file, exc) from None
    finally:
        os.close(descriptor)
    if left <= 0:
        raise _too_large(file, max_bytes, None)
    return b"".join(chunks)
