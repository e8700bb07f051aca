"""Writing a run folder whole, one run at a time (:mod:`asn_competency.audit.run_folder`).

What a run folder guarantees (``docs/auditing.md``, "What a run folder guarantees"):

- **Whole or not at all.** A run is written into a sibling temporary folder
  ``<parent>/.<name>.run-XXXXXXXX.partial``, created exclusively (:func:`tempfile.mkdtemp`: a
  new name, mode 0700, in the real parent folder, never through a link); each file in it is
  created exclusively without following links (``O_EXCL | O_NOFOLLOW``) and flushed to disk
  (``fsync``), the manifest last, then the folder itself. Only then does it take the
  target's place, in one step: on Linux ``renameat2(RENAME_EXCHANGE)`` swaps the complete
  new folder with the previous one atomically (``RENAME_NOREPLACE`` when there is none), so
  whatever instant the process dies, the target is the previous complete run or the new
  complete run. The previous run, now at the temporary name, is removed afterwards. Where
  the system cannot exchange two folders, two renames do it: previous → ``.<name>.previous``,
  new → target. A crash between them leaves no folder at the target (``verify`` and
  ``announce`` report it missing; they never see a partial run) and the previous run whole at
  ``.<name>.previous``; the next run into the folder puts it back first.
- **One run at a time.** :func:`claim` takes an exclusive ``flock`` on
  ``<parent>/.<name>.lock`` (created if need be, never through a link, removed when the run
  ends); a second run into the same folder stops at once with ``output.locked``. The kernel
  releases the lock when the process ends, however it ends (a killed run leaves the file,
  unlocked; the next run takes it).
- **Never destroyed by mistake.** Replacing a folder that holds anything (a run or other
  files) needs ``force``; an empty folder may be replaced. A target that is a file or a
  symbolic link is refused (``output.not-a-folder``, ``output.not-writable``), and so is a
  target that is, or contains, a file the run reads (``output.is-input``), even with
  ``force``. A parent that cannot be written is ``output.not-writable``. All of this is
  checked before anything is computed, and again under the lock.
- **Nothing left behind.** Temporary folders of a run that was killed are removed by the
  next :func:`claim` of the same target (under its lock).

``ASN_COMPETENCY_TEST_KILL_AT`` (:data:`KILL_AT`) is a hook for fault-injection tests only:
set to one of :data:`KILL_POINTS`, the process kills itself with ``SIGKILL`` at that point of
writing a run.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from asn_competency.audit.ledger import GENESIS
from asn_competency.audit.run_folder.files import (
    LEDGER_FILE,
    MANIFEST_FILE,
    RESULTS_FILE,
    RUN_FILES,
    ledger_lines,
    run_manifest,
    write_results,
)
from asn_competency.errors import AsnCompetencyError, Problem
from asn_competency.files import file_sha256
from asn_competency.pipeline import RunResult
from asn_competency.pipeline.bulk import without_cycle_collection

__all__ = ["KILL_AT", "KILL_POINTS", "RunFolder", "RunFolderError", "claim", "write_outputs"]

#: The environment variable of the fault-injection hook (tests only).
KILL_AT = "ASN_COMPETENCY_TEST_KILL_AT"
#: Where the hook can kill: the folder claimed (locked, temporary folder made, nothing
#: computed); the new run complete in its temporary folder; the previous run moved aside
#: (only where folders cannot be exchanged); the new run in place, the previous one not yet
#: removed.
KILL_POINTS = ("claimed", "written", "moved-aside", "swapped")

#: The buffer of each file written (bytes): a ledger's lines reach the system a megabyte at
#: a time.
_BUFFER = 1 << 20

_RENAME_NOREPLACE, _RENAME_EXCHANGE = 1, 2
_AT_FDCWD = -100


class RunFolderError(AsnCompetencyError):
    """A run may not be written to the folder asked for; ``problem`` says why (codes
    ``output.*``)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.render())


# ----------------------------------------------------------------------------- the system


def _kill_point(name: str) -> None:
    """The fault-injection hook: die here if :data:`KILL_AT` names this point."""
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _renameat2(source: Path, target: Path, flags: int) -> bool:
    """``renameat2(source, target, flags)``; ``False`` where the system or the file system
    does not offer it (then nothing was done)."""
    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if function is None:
        return False
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    if function(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(source), None, str(target))


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _create(path: Path) -> TextIO:
    """A new text file, created exclusively and never through a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    descriptor = os.open(path, flags, 0o666)
    return os.fdopen(descriptor, "w", buffering=_BUFFER, encoding="utf-8", newline="")


def _write_file(path: Path, write: Callable[[TextIO], None]) -> None:
    with _create(path) as stream:
        write(stream)
        stream.flush()
        os.fsync(stream.fileno())


def _remove(path: Path) -> None:
    """Remove a folder of ours (never following a link out of it)."""
    if path.is_symlink() or not path.is_dir():
        return
    shutil.rmtree(path, ignore_errors=True)


def _default_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask


# ----------------------------------------------------------------------------- the place


def _problem(code: str, message: str, where: Path | str, hint: str) -> RunFolderError:
    return RunFolderError(Problem(code, message, file=str(where), hint=hint))


def _not_writable(where: Path | str, error: OSError) -> RunFolderError:
    reason = error.strerror or type(error).__name__
    return _problem(
        "output.not-writable",
        f"the run folder cannot be written here: {reason}",
        where,
        "give --out a folder in a place you can write",
    )


def _lexical(path: Path) -> Path:
    """``path`` made absolute, ``.`` and ``..`` removed by name (links not followed)."""
    return Path(os.path.normpath(Path(path).absolute()))


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class _Place:
    """Where a run folder goes: the real parent folder and the name in it."""

    def __init__(self, out: Path) -> None:
        self.given = Path(out)
        absolute = _lexical(out)
        if not absolute.name:
            raise _problem(
                "output.not-writable",
                "the root folder cannot be a run folder",
                out,
                "give --out a folder of its own",
            )
        self.name = absolute.name
        self.lexical = absolute
        self.parent = Path(os.path.realpath(absolute.parent))
        self.target = self.parent / self.name

    @property
    def lock(self) -> Path:
        return self.parent / f".{self.name}.lock"

    @property
    def previous(self) -> Path:
        return self.parent / f".{self.name}.previous"

    def temporaries(self) -> list[Path]:
        """Temporary folders of runs into this target (a killed run leaves one)."""
        pattern = re.compile(rf"\.{re.escape(self.name)}\.run-[a-z0-9_]+\.partial")
        try:
            entries = list(os.scandir(self.parent))
        except OSError:
            return []
        return [
            Path(entry.path)
            for entry in entries
            if pattern.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)
        ]

    def check(self, reads: Iterable[Path], *, force: bool) -> None:
        """Refuse a target that is an input, holds one, is not a folder, or holds anything
        without ``force``."""
        spellings = {str(self.lexical), str(self.target)}
        for source in reads:
            for spelled in {str(_lexical(source)), os.path.realpath(source)}:
                if any(_inside(spelled, folder) for folder in spellings):
                    raise _problem(
                        "output.is-input",
                        f"--out would replace {source}, which this run reads",
                        self.given,
                        "give --out a folder that holds none of the run's inputs",
                    )
        try:
            mode = os.lstat(self.target).st_mode
        except FileNotFoundError:
            return
        except OSError as error:
            raise _not_writable(self.given, error) from None
        if stat.S_ISLNK(mode):
            raise _problem(
                "output.not-writable",
                "--out is a symbolic link; a run folder replaces what is there, so it would "
                "replace the link, not the folder it points to",
                self.given,
                "give --out the folder itself",
            )
        if not stat.S_ISDIR(mode):
            raise _problem(
                "output.not-a-folder",
                "--out names a file, not a folder",
                self.given,
                "give --out a new or empty folder, or a run folder with --force",
            )
        try:
            entries = [entry.name for entry in self.target.iterdir()]
        except OSError as error:
            raise _not_writable(self.given, error) from None
        if entries and not force:
            what = "a run" if set(entries) & set(RUN_FILES) else "files"
            raise _problem(
                "output.exists",
                f"--out holds {what} already; a run replaces the whole folder",
                self.given,
                "pass --force to replace it, or give a new or empty folder",
            )

    def recover(self) -> None:
        """Under the lock: put back a previous run a crash left aside, remove temporaries."""
        previous = self.previous
        if previous.is_dir() and not previous.is_symlink():
            if not os.path.lexists(self.target):
                previous.rename(self.target)
                _fsync_folder(self.parent)
            else:
                _remove(previous)
        for temporary in self.temporaries():
            _remove(temporary)


# ----------------------------------------------------------------------------- the folder


class RunFolder:
    """A claimed place for one run: the target's lock held and an empty temporary folder
    beside it. :meth:`write` puts a complete run in the target's place; :meth:`release` (or
    leaving the ``with`` block) lets go of the lock and removes what was not put in place."""

    def __init__(self, place: _Place, lock: int, temporary: Path) -> None:
        self._place = place
        self._lock: int | None = lock
        self._temporary = temporary
        self._written = False

    @property
    def target(self) -> Path:
        """The run folder's path (in the real parent folder)."""
        return self._place.target

    def __enter__(self) -> RunFolder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()

    def release(self) -> None:
        """Remove the temporary folder if it was not put in place; release the lock."""
        if self._lock is None:
            return
        if not self._written:
            _remove(self._temporary)
        _unlock(self._place, self._lock)
        self._lock = None

    def write(
        self,
        result: RunResult,
        *,
        inputs: Mapping[str, Path],
        policy_file: Path,
        started: float,
    ) -> dict[str, Any]:
        """Write the run whole into the temporary folder (the manifest last), then put it in
        the target's place in one step; return the manifest. :class:`RunFolderError`
        (``output.not-writable``) when the system refuses, the previous run left intact."""
        if self._lock is None or self._written:
            raise RuntimeError("a run folder is written once, while it is claimed")
        # The inputs' hashes first: an input that cannot be hashed now is the system's
        # refusal of that file (an OSError for the caller), not of the run folder.
        read = {name: (path, file_sha256(path)) for name, path in inputs.items()}
        head, count = GENESIS, 0

        def write_ledger(stream: TextIO) -> None:
            nonlocal head, count
            stream.flush()  # nothing written as text: the lines go to the bytes beneath
            write = stream.buffer.write
            for line, digest in ledger_lines(result):
                write(line)
                head, count = digest, count + 1

        def manifest(sums: Mapping[str, str]) -> dict[str, Any]:
            return run_manifest(
                result,
                inputs=read,
                policy_file=policy_file,
                records=count,
                head=head,
                results_sha256=sums[RESULTS_FILE],
                started=started,
            )

        with without_cycle_collection():  # records: many objects, no cycles
            return self.write_files(
                [
                    (RESULTS_FILE, lambda stream: write_results(stream, result)),
                    (LEDGER_FILE, write_ledger),
                ],
                manifest,
                hashed=(RESULTS_FILE,),
            )

    def write_files(
        self,
        files: Sequence[tuple[str, Callable[[TextIO], None]]],
        manifest: Callable[[Mapping[str, str]], Mapping[str, Any]],
        *,
        hashed: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """Write the folder whole (a run's, by :meth:`write`, or a development review's):
        each of ``files`` by its writer into the temporary folder, then :data:`MANIFEST_FILE`
        from ``manifest`` (given the sha256 of the files named in ``hashed``, every file when
        ``None``), then put in the target's place in one step; return the manifest.
        :class:`RunFolderError` (``output.not-writable``) when the system refuses, the previous
        folder left intact."""
        if self._lock is None or self._written:
            raise RuntimeError("a run folder is written once, while it is claimed")
        folder = self._temporary
        try:
            for name, write in files:
                _write_file(folder / name, write)
            names = [name for name, _ in files] if hashed is None else hashed
            data = dict(manifest({name: file_sha256(folder / name) for name in names}))

            def write_manifest(stream: TextIO) -> None:
                stream.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")

            _write_file(folder / MANIFEST_FILE, write_manifest)
            folder.chmod(_default_mode())
            _fsync_folder(folder)
            _kill_point("written")
            self._swap()
        except OSError as error:
            raise _not_writable(self._place.given, error) from None
        return data

    def _swap(self) -> None:
        place, folder = self._place, self._temporary
        target = place.target
        if not os.path.lexists(target):
            if not _renameat2(folder, target, _RENAME_NOREPLACE):
                folder.rename(target)
            self._written = True
        elif _renameat2(folder, target, _RENAME_EXCHANGE):
            self._written = True  # the temporary name now holds the previous run
            _fsync_folder(place.parent)
            _kill_point("swapped")
            _remove(folder)
        else:  # two renames; a crash between them is repaired by the next claim
            target.rename(place.previous)
            _kill_point("moved-aside")
            folder.rename(target)
            self._written = True
            _fsync_folder(place.parent)
            _kill_point("swapped")
            _remove(place.previous)
        _fsync_folder(place.parent)


def _lock(place: _Place, out: Path) -> int:
    """The target's lock, held: the descriptor of ``.<name>.lock``, opened without following
    a link (nor blocking on a pipe) and locked with ``flock``. A lock taken on a file that a
    finishing run removed meanwhile is let go and taken again on the new file."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    for _ in range(100):
        try:
            lock = os.open(place.lock, flags, 0o666)
        except OSError as error:
            raise _not_writable(out, error) from None
        try:
            opened = os.fstat(lock)
            if not stat.S_ISREG(opened.st_mode):
                raise _problem(
                    "output.not-writable",
                    f"{place.lock.name}, the run folder's lock, is not a regular file",
                    place.lock,
                    "remove it",
                )
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise _problem(
                    "output.locked",
                    "another run is writing this run folder now; this one stops, nothing written",
                    out,
                    "wait for the other run to finish, then run again (with --force to replace it)",
                ) from None
            try:
                named = os.lstat(place.lock)
            except FileNotFoundError:
                named = None
        except BaseException:
            os.close(lock)
            raise
        if named is not None and (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino):
            return lock
        os.close(lock)  # removed by the run that held it: take the new one
    raise _problem(  # pragma: no cover - a hundred runs finishing in between
        "output.locked",
        "the run folder's lock kept changing hands; nothing written",
        out,
        "run again",
    )


def _unlock(place: _Place, lock: int) -> None:
    """Remove the lock file (while still holding it) and let go of the lock."""
    with contextlib.suppress(OSError):
        place.lock.unlink()
    os.close(lock)  # closing the only descriptor releases the flock


def claim(out: Path, *, reads: Iterable[Path] = (), force: bool = False) -> RunFolder:
    """Claim ``out`` for one run, before anything is computed: refuse a target that is or
    holds one of ``reads`` (the run's input files), that is a file or a link, or that holds
    anything without ``force``; take the target's lock (or fail at once when another run
    holds it); put back a previous run a crash left aside and remove leftover temporary
    folders; make the new run's temporary folder. :class:`RunFolderError` says why not."""
    reads = list(reads)
    place = _Place(out)
    place.check(reads, force=force)  # before touching anything
    try:
        place.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _not_writable(out, error) from None
    lock = _lock(place, out)
    try:
        place.recover()
        place.check(reads, force=force)  # again, under the lock, as recovered
        temporary = Path(
            tempfile.mkdtemp(prefix=f".{place.name}.run-", suffix=".partial", dir=place.parent)
        )
    except OSError as error:
        _unlock(place, lock)
        raise _not_writable(out, error) from None
    except BaseException:
        _unlock(place, lock)
        raise
    folder = RunFolder(place, lock, temporary)
    _kill_point("claimed")
    return folder


def write_outputs(
    result: RunResult,
    out: Path,
    *,
    inputs: Mapping[str, Path],
    policy_file: Path,
    started: float,
    force: bool = False,
) -> dict[str, Any]:
    """Write the run folder ``out`` (results.csv, decisions.jsonl and manifest.json) whole, in
    one step; return the manifest. ``force`` allows replacing a folder that holds anything.
    :class:`RunFolderError` when the folder may not or cannot be written."""
    reads = [policy_file, *inputs.values()]
    with claim(out, reads=reads, force=force) as folder:
        return folder.write(result, inputs=inputs, policy_file=policy_file, started=started)
