"""End-to-end benchmark: `run` on N synthetic CPNS 2024 applicants.

    .venv/bin/python benchmarks/run_cpns.py 100000

Prints the time of each phase (synthesise, run, write) and the peak resident memory. The
figures recorded in docs/performance.md come from this script.
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

import asn_competency as asn
from asn_competency.cli.run import write_outputs
from asn_competency.testing.synth import synthesize, write_synth

AS_OF = dt.date(2024, 9, 10)  # the registration closing date


def main(applicants: int) -> None:
    """Synthesise, run and write; print the figures."""
    policy = asn.load(asn.shipped("cpns-2024.yaml"))
    folder = Path(tempfile.mkdtemp(prefix="asn-bench-"))
    start = time.perf_counter()
    paths = write_synth(synthesize(policy, applicants=applicants, seed=1, as_of=AS_OF), folder)
    synthesised = time.perf_counter()
    result = asn.run(policy, paths["candidates"], formations=paths["formations"], as_of=AS_OF)
    ran = time.perf_counter()
    write_outputs(
        result,
        folder / "out",
        inputs={"candidates": paths["candidates"], "formations": paths["formations"]},
        policy_file=asn.shipped("cpns-2024.yaml"),
        started=ran,
    )
    written = time.perf_counter()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"applicants          {applicants}")
    print(f"synthesise          {synthesised - start:8.1f} s")
    print(f"run (read + decide) {ran - synthesised:8.1f} s")
    print(f"write outputs       {written - ran:8.1f} s")
    print(f"peak memory         {peak_kib / 1024:8.0f} MiB")
    print(f"decisions           {len(result)}  {result.counts()}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
