"""A small CPNS 2024 run on synthetic data, for tests of what reads a run's output folder."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import asn_competency as asn
from asn_competency.cli.run import execute
from asn_competency.testing.synth import synthesize, write_synth

AS_OF = dt.date(2024, 9, 10)
POLICY = asn.shipped("cpns-2024.yaml")


def small_cpns_run(root: Path, *, applicants: int, seed: int) -> tuple[Path, Path, Path]:
    """Synthesise inputs under ``root`` and run the CPNS policy on them; return the output
    folder, the candidates file and the formations file."""
    data = synthesize(asn.load_policy(POLICY), applicants=applicants, seed=seed, as_of=AS_OF)
    paths = write_synth(data, root / "inputs")
    out = root / "out"
    code = execute(
        POLICY,
        paths["candidates"],
        formations=paths["formations"],
        ratings=None,
        as_of=AS_OF,
        out=out,
        strict=False,
        stream=io.StringIO(),
    )
    if code != 0:
        raise AssertionError(f"the CPNS run failed with exit code {code}")
    return out, paths["candidates"], paths["formations"]
