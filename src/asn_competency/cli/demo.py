"""``asn-competency demo``: synthetic data for the shipped policies, run end to end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from asn_competency._api import load
from asn_competency.cli.run import execute
from asn_competency.model import SelectionPolicy
from asn_competency.testing.synth import synthesize, write_synth

__all__ = ["run_demo"]

#: The shipped policies the demo runs: file, as-of date, share of the applicants.
DEMO_RUNS = (
    ("gayungan-2026.yaml", dt.date(2026, 3, 31), 0.05),
    ("cpns-2024.yaml", dt.date(2024, 9, 6), 1.0),
)


def run_demo(folder: Path, out: Path, *, applicants: int, seed: int, stream: TextIO) -> int:
    """Generate data for each demo policy, run it, and say where the outputs are."""
    for name, as_of, share in DEMO_RUNS:
        policy = load(folder / name)
        if not isinstance(policy, SelectionPolicy):  # pragma: no cover - shipped files
            continue
        count = max(60, int(applicants * share))
        stream.write(f"\n== {policy.id}: {count} synthetic applicants, as of {as_of} ==\n")
        data = synthesize(policy, applicants=count, seed=seed, as_of=as_of)
        paths = write_synth(data, out / policy.id / "input")
        code = execute(
            folder / name,
            paths["candidates"],
            formations=paths["formations"],
            ratings=paths.get("ratings"),
            as_of=as_of,
            out=out / policy.id / "output",
            strict=False,
            stream=stream,
        )
        if code != 0:
            return code
    stream.write(
        f"\nInputs and outputs are in {out}/: per policy, input/ (the synthetic tables) and "
        "output/ (results.csv, decisions.jsonl with every decision's reasons and numbers, "
        "manifest.json).\n"
    )
    return 0
