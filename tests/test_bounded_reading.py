"""Only regular files are read, and only so much of them: devices, FIFOs and endless files.

Each case runs in a child process with a time limit and a memory ceiling, so that a reader
that loops on ``/dev/zero`` or blocks on a FIFO fails the test instead of hanging the suite
or exhausting the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from asn_competency.errors import PolicyError
from asn_competency.files import file_sha256, read_yaml
from asn_competency.files.reading import read_regular
from asn_competency.files.tables import read_table
from tests.conftest import ROOT

_CHILD = """
import json, sys
import asn_competency as asn
from asn_competency.errors import PolicyError
from asn_competency.files.tables import read_table
what, path = sys.argv[1], sys.argv[2]
try:
    if what == "validate":
        problems = asn.validate(path)
    else:
        read_table(path)
        problems = []
except PolicyError as exc:
    problems = list(exc.problems)
print(json.dumps([[p.code, p.file] for p in problems]))
"""


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    ceiling = 1 << 30  # 1 GiB: reading /dev/zero unbounded would pass it within seconds
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def _child(what: str, path: Path | str) -> tuple[list[list[str]], float]:
    """The problems (code, file) that reading ``path`` reports in a child process, and the
    seconds it took; the child is killed after 60 s."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, what, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout), time.perf_counter() - started


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_as_a_policy(device: str) -> None:
    """`validate /dev/zero` (or /dev/urandom) is file.not-regular at once, not endless."""
    problems, seconds = _child("validate", device)
    assert problems == [["file.not-regular", device]]
    assert seconds < 30


def test_a_candidates_file_linked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    """A candidates.csv that is a symbolic link to /dev/zero is file.not-regular at once."""
    link = tmp_path / "candidates.csv"
    link.symlink_to("/dev/zero")
    problems, seconds = _child("table", link)
    assert problems == [["file.not-regular", str(link)]]
    assert seconds < 30


def test_a_jsonl_table_linked_to_dev_urandom_is_refused(tmp_path: Path) -> None:
    """A ratings.jsonl that is a symbolic link to /dev/urandom is file.not-regular at once."""
    link = tmp_path / "ratings.jsonl"
    link.symlink_to("/dev/urandom")
    problems, _ = _child("table", link)
    assert problems == [["file.not-regular", str(link)]]


@pytest.mark.parametrize(("what", "name"), [("validate", "policy.yaml"), ("table", "c.csv")])
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, what: str, name: str) -> None:
    """A named pipe with no writer is file.not-regular: reading it never waits for a writer."""
    fifo = tmp_path / name
    os.mkfifo(fifo)
    problems, seconds = _child(what, fifo)
    assert problems == [["file.not-regular", str(fifo)]]
    assert seconds < 30


def test_a_fifo_of_formations_is_refused(tmp_path: Path) -> None:
    """A formations.yaml that is a FIFO is file.not-regular (read in this process: no block)."""
    fifo = tmp_path / "formations.yaml"
    os.mkfifo(fifo)
    with pytest.raises(PolicyError) as caught:
        read_yaml(fifo, list_key="formations")
    assert caught.value.codes == ["file.not-regular"]


def test_the_byte_limit_holds_when_the_size_reported_is_zero() -> None:
    """A file that reports 0 bytes but holds more (/proc/self/maps) is file.too-large at
    the limit: the limit counts the bytes read, not the size the file claims."""
    maps = Path("/proc/self/maps")
    if not maps.is_file() or maps.stat().st_size != 0:
        pytest.skip("needs Linux /proc, whose files report a size of 0")
    with pytest.raises(PolicyError) as caught:
        read_regular(maps, max_bytes=64)
    (problem,) = caught.value.problems
    assert problem.code == "file.too-large"
    assert "more than 64 bytes" in problem.message
    assert len(read_regular(maps, max_bytes=1 << 20)) > 64


def test_a_table_over_its_byte_limit_is_too_large(tmp_path: Path) -> None:
    """A table over the byte limit given to read_table is file.too-large, with its size."""
    path = tmp_path / "candidates.csv"
    path.write_text("candidate_id\n" + "A1\n" * 100, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        read_table(path, max_bytes=100)
    assert caught.value.codes == ["file.too-large"]
    assert caught.value.problems[0].value == path.stat().st_size


@pytest.mark.parametrize("device", ["/dev/zero", "fifo"])
def test_hashing_a_device_or_fifo_is_an_os_error(tmp_path: Path, device: str) -> None:
    """file_sha256 (verify's input hashes) refuses /dev/zero or a FIFO at once, as an OSError
    its callers already report, instead of hashing forever or blocking."""
    path = Path(device)
    if device == "fifo":
        path = tmp_path / "candidates.csv"
        os.mkfifo(path)
    started = time.perf_counter()
    with pytest.raises(OSError, match="not a regular file"):
        file_sha256(path)
    assert time.perf_counter() - started < 30
