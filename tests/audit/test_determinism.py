"""Deterministic outputs: the same inputs give byte-identical ``decisions.jsonl`` and
``results.csv`` whatever the hash seed, time zone, locale or input row order (DESIGN.md,
Invariants). The command line runs in subprocesses, as a user runs it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import asn_competency as asn
from asn_competency.testing.synth import synthesize, write_synth

AS_OF = dt.date(2024, 9, 10)
POLICY = asn.shipped("cpns-2024.yaml")

#: Environments to run in; the baseline is the first. Each value of each variable appears.
ENVIRONMENTS = [
    {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
    {"PYTHONHASHSEED": "1", "TZ": "Asia/Jakarta", "LC_ALL": "C"},
    {"PYTHONHASHSEED": "random", "TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8"},
    {"PYTHONHASHSEED": "random", "TZ": "Asia/Jakarta", "LC_ALL": "C"},
]


def run_cli(candidates: Path, formations: Path, out: Path, environment: dict[str, str]) -> None:
    """``python -m asn_competency run`` in a subprocess with ``environment`` over the current."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(environment)
    command = [
        sys.executable,
        "-m",
        "asn_competency",
        "run",
        str(POLICY),
        str(candidates),
        "--formations",
        str(formations),
        "--as-of",
        AS_OF.isoformat(),
        "--out",
        str(out),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def without_row(path: Path) -> list[list[str]]:
    """results.csv's rows (header first) without the ``row`` column."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    column = rows[0].index("row")
    return [row[:column] + row[column + 1 :] for row in rows]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One synthetic CPNS cycle of 150 applicants, written once."""
    data = synthesize(asn.load_policy(POLICY), applicants=150, seed=11, as_of=AS_OF)
    return write_synth(data, tmp_path_factory.mktemp("determinism") / "inputs")


@pytest.fixture(scope="module")
def baseline(inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of a run in the first environment."""
    out = tmp_path_factory.mktemp("baseline")
    run_cli(inputs["candidates"], inputs["formations"], out, ENVIRONMENTS[0])
    return out


@pytest.mark.parametrize(
    "environment",
    ENVIRONMENTS[1:],
    ids=lambda e: "-".join(e.values()).replace("/", "_"),
)
def test_outputs_do_not_depend_on_hash_seed_time_zone_or_locale(
    inputs: dict[str, Path], baseline: Path, tmp_path: Path, environment: dict[str, str]
) -> None:
    """decisions.jsonl and results.csv are byte-identical under another seed, zone and locale."""
    run_cli(inputs["candidates"], inputs["formations"], tmp_path, environment)
    for name in ("decisions.jsonl", "results.csv"):
        assert (tmp_path / name).read_bytes() == (baseline / name).read_bytes(), name
    manifests = [json.loads((d / "manifest.json").read_text("utf-8")) for d in (baseline, tmp_path)]
    for manifest in manifests:
        del manifest["run"]  # the run's time and platform: the only machine-specific part
        del manifest["manifest_hash"]  # the seal covers "run" too
    assert manifests[0] == manifests[1]


def test_outputs_do_not_depend_on_row_order(
    inputs: dict[str, Path], baseline: Path, tmp_path: Path
) -> None:
    """Shuffled candidate rows give the same decisions.jsonl and results.csv but for ``row``."""
    text = inputs["candidates"].read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    random.Random(5).shuffle(body)
    shuffled = tmp_path / "candidates-shuffled.csv"
    with shuffled.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([header, *body])
    assert shuffled.read_bytes() != inputs["candidates"].read_bytes()
    assert sorted(shuffled.read_text("utf-8").splitlines()) == sorted(text.splitlines())

    out = tmp_path / "out"
    run_cli(shuffled, inputs["formations"], out, ENVIRONMENTS[0])
    assert (out / "decisions.jsonl").read_bytes() == (baseline / "decisions.jsonl").read_bytes()
    assert (out / "results.csv").read_bytes() != (baseline / "results.csv").read_bytes()
    assert without_row(out / "results.csv") == without_row(baseline / "results.csv")
