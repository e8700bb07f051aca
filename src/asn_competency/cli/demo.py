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

#: The shipped policies the demo runs: file, as-of date (used when the policy declares none),
#: share of the applicants. CPNS 2024: the registration closing date after the extension,
#: 10 September 2024 (Surat Kepala BKN 5900/2024; docs/domain.md). Gayungan 2026: a date in
#: the illustrative cycle.
DEMO_RUNS = (
    ("gayungan-2026.yaml", dt.date(2026, 3, 31), 0.05),
    ("cpns-2024.yaml", dt.date(2024, 9, 10), 1.0),
)


def run_demo(folder: Path, out: Path, *, applicants: int, seed: int, stream: TextIO) -> int:
    """Generate data for each demo policy, run it, and say where the outputs are."""
    for name, default_as_of, share in DEMO_RUNS:
        policy = load(folder / name)
        if not isinstance(policy, SelectionPolicy):  # pragma: no cover - shipped files
            continue
        as_of = policy.as_of or default_as_of
        count = max(60, int(applicants * share))
        stream.write(f"\n== {policy.id}: {count} synthetic applicants, as of {as_of} ==\n")
        data = synthesize(policy, applicants=count, seed=seed, as_of=as_of)
        places = len({(f["agency"], f["location"]) for f in data.formations})
        stream.write(
            f"{len(data.formations)} formation(s) at {places} place(s); catalogue: "
            f"{data.catalogue}\n"
        )
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
            force=True,  # the demo folder was checked (empty, or --force) before it began
        )
        if code != 0:
            return code
    stream.write(
        f"\nInputs and outputs are in {out}/: per policy, input/ (the synthetic tables) and "
        "output/ (results.csv, decisions.jsonl with every decision's reasons and numbers, "
        "manifest.json).\n"
    )
    return 0
