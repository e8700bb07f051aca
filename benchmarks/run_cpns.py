"""End-to-end benchmark: `run` on N synthetic applicants, against an analyst's pandas script.

    .venv/bin/python benchmarks/run_cpns.py 100000 [--policy cpns-2024] [--as-of DATE] [--keep DIR]

Synthesises the data once, in a child process (``synthesize(policy, applicants=N, seed=1,
as_of=2024-09-10)``, written by ``write_synth``), then, in the same invocation and on the same
files:

(a) ours: ``asn_competency.run`` reads and decides, and the run folder is written
    (``results.csv``, ``decisions.jsonl``, ``manifest.json``), as ``asn-competency run`` does;
(a') with ``--verify``, ``asn-competency verify`` of that run folder with every input given
    (the hash chain, the manifest and every decision re-computed);
(b) for ``cpns-2024``, the pandas script ``benchmarks/pandas_cpns.py`` (the same rules, no
    audit trail) reads the CSV files, decides and writes a results CSV.

Each runs in its own subprocess, so that its time (wall clock, interpreter start and imports
included) and its peak resident memory (the child's own ``ru_maxrss``, from ``wait4``) are
its own. Then the two results are compared on every candidate row and every shared column:
the count of disagreements and the first rows that differ are printed in full, and the exit
status is 1 when any row differs (a disagreement is a bug in one of the two). The pandas
script needs the optional extra ``bench`` (``pip install -e '.[bench]'``).

The figures recorded in docs/performance.md come from this script.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

AS_OF = dt.date(2024, 9, 10)  # CPNS 2024's closing date: when neither --as-of nor the policy
# names one
HERE = Path(__file__).resolve().parent
#: The columns both tools write and the comparison reads (plus each stage's outcome).
COMPARED = (
    "candidate_id",
    "final_status",
    "final_status_label",
    "rank",
    "final_score",
    "placement_formation_id",
)
SHOWN = 5  # differing rows printed in full


def synthesise(policy_name: str, applicants: int, folder: Path, when: dt.date | None) -> None:
    """The child process that writes the synthetic tables into ``folder``."""
    import asn_competency as asn  # noqa: PLC0415 - only the children import the library
    from asn_competency.testing.synth import synthesize, write_synth  # noqa: PLC0415

    start = time.perf_counter()
    policy = asn.load(asn.shipped(f"{policy_name}.yaml"))
    as_of = when or policy.as_of or AS_OF
    write_synth(synthesize(policy, applicants=applicants, seed=1, as_of=as_of), folder)
    print("phases", json.dumps({"synthesise": time.perf_counter() - start}))


def run_ours(policy_name: str, folder: Path, when: dt.date | None) -> None:
    """The child process of (a): read, decide and write the run folder ``folder/out``;
    print the phases' times as one JSON line."""
    import asn_competency as asn  # noqa: PLC0415
    from asn_competency.cli.run import write_outputs  # noqa: PLC0415

    start = time.perf_counter()
    policy_file = asn.shipped(f"{policy_name}.yaml")
    policy = asn.load(policy_file)
    inputs = {
        name: folder / f"{name}.csv"
        for name in ("candidates", "formations", "ratings")
        if (folder / f"{name}.csv").exists()
    }
    result = asn.run(
        policy,
        inputs["candidates"],
        formations=inputs["formations"],
        ratings=inputs.get("ratings"),
        as_of=when or policy.as_of or AS_OF,
    )
    ran = time.perf_counter()
    write_outputs(result, folder / "out", inputs=inputs, policy_file=policy_file, started=ran)
    written = time.perf_counter()
    phases = {"read + decide": ran - start, "write": written - ran}
    print("phases", json.dumps(phases))
    print("counts", json.dumps(result.counts()))


def measure(command: Sequence[str]) -> tuple[float, float, dict[str, float]]:
    """Run a command; its wall time (s), its own peak resident memory (MiB) and the phases
    it printed (a line ``phases {...}``). Exits when the command fails.

    On Linux a child's ``ru_maxrss`` starts from the parent's high-water mark when it was
    spawned (the memory it was forked or vforked from counts until exec): this process stays
    small (it synthesises in a child too, and reads the results only after the runs)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
    output = child.stdout.read() if child.stdout is not None else ""
    _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"{command[1]} failed with status {child.returncode}:\n{output}")
    phases: dict[str, float] = {}
    for line in output.splitlines():
        if line.startswith("phases "):
            phases = json.loads(line.removeprefix("phases "))
    return elapsed, usage.ru_maxrss / 1024, phases


def compare(ours: Path, theirs: Path, stages: Sequence[str]) -> int:
    """Compare two results files row by row (keyed by the row's line in the candidates
    file); print the disagreements; return how many rows differ."""
    columns = [*COMPARED, *(f"{stage}.outcome" for stage in stages)]
    with ours.open(encoding="utf-8", newline="") as handle:
        left = {row["row"]: row for row in csv.DictReader(handle)}
    with theirs.open(encoding="utf-8", newline="") as handle:
        right = {row["row"]: row for row in csv.DictReader(handle)}
    missing = sorted(set(left) ^ set(right), key=int)
    differing = [
        key
        for key in sorted(set(left) & set(right), key=int)
        if any(left[key].get(c, "") != right[key].get(c, "") for c in columns)
    ]
    by_column = {
        c: sum(left[k].get(c, "") != right[k].get(c, "") for k in differing) for c in columns
    }
    print(f"compared            {len(left)} rows (ours), {len(right)} rows (pandas)")
    print(f"columns             {', '.join(columns)}")
    print(f"rows in one only    {len(missing)}")
    print(f"disagreements       {len(differing)} rows")
    for column, count in by_column.items():
        if count:
            print(f"  {column:28} {count}")
    for key in differing[:SHOWN]:
        print(f"row {key}:")
        print("  ours   ", json.dumps({c: left[key].get(c, "") for c in ["row", *columns]}))
        print("  pandas ", json.dumps({c: right[key].get(c, "") for c in ["row", *columns]}))
    return len(differing) + len(missing)


def main(argv: Sequence[str] | None = None) -> int:
    """Synthesise, time both tools in their own processes, compare; the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("applicants", type=int, nargs="?", default=100_000)
    parser.add_argument("--policy", default="cpns-2024", help="a shipped policy's id")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument(
        "--as-of", type=dt.date.fromisoformat, help="the reference date (default: the policy's)"
    )
    parser.add_argument(
        "--verify", action="store_true", help="also time `verify` (chain and re-computation)"
    )
    parser.add_argument("--run-ours", type=Path, help=argparse.SUPPRESS)  # the child of (a)
    parser.add_argument("--synthesise-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_ours is not None:
        run_ours(args.policy, args.run_ours, args.as_of)
        return 0
    if args.synthesise_into is not None:
        synthesise(args.policy, args.applicants, args.synthesise_into, args.as_of)
        return 0
    folder = args.keep or Path(tempfile.mkdtemp(prefix="asn-bench-"))
    me = [sys.executable, __file__, str(args.applicants), "--policy", args.policy]
    if args.as_of is not None:
        me += ["--as-of", args.as_of.isoformat()]
    try:
        print(f"applicants          {args.applicants}  (policy {args.policy}, seed 1)")
        _report("synthesise", *measure([*me, "--synthesise-into", str(folder)]))
        ours = measure([*me, "--run-ours", str(folder)])
        _report("ours (run)", *ours)
        if args.verify:
            checked = measure(_verify_command(args.policy, folder))
            _report("ours (verify)", *checked)
            print(f"ratio verify/run    {checked[0] / ours[0]:8.1f} x time")
        if args.policy != "cpns-2024":
            print("pandas              no yardstick for this policy (cpns-2024 only)")
            return 0
        pandas = measure(
            [sys.executable, str(HERE / "pandas_cpns.py"), str(folder / "candidates.csv"),
             str(folder / "formations.csv"), "--as-of", (args.as_of or AS_OF).isoformat(),
             "--out", str(folder / "pandas.csv")]
        )  # fmt: skip
        _report("pandas script", *pandas)
        print(f"ratio ours/pandas   {ours[0] / pandas[0]:8.1f} x time, "
              f"{ours[1] / pandas[1]:.1f} x memory")  # fmt: skip
        stages = ("administrasi", "skd", "pemeringkatan_skd", "skb", "integrasi", "peringkat")
        differing = compare(
            folder / "out" / "results.csv", folder / "pandas.csv", (*stages, "optimalisasi")
        )
        return 1 if differing else 0
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def _verify_command(policy_name: str, folder: Path) -> list[str]:
    """``asn-competency verify`` of the run in ``folder/out`` with every input given, so that
    the chain, the manifest and every decision are checked (re-computed with the default
    engine). The policy is the checkout's shipped file: this process imports nothing of the
    library, so that its children's peak memory is their own."""
    command = [
        sys.executable, "-m", "asn_competency", "verify", str(folder / "out"),
        "--policy", str(HERE.parent / "rubrics" / f"{policy_name}.yaml"),
        "--candidates", str(folder / "candidates.csv"),
        "--formations", str(folder / "formations.csv"),
    ]  # fmt: skip
    if (folder / "ratings.csv").exists():
        command += ["--ratings", str(folder / "ratings.csv")]
    return command


def _report(name: str, elapsed: float, peak: float, phases: dict[str, float]) -> None:
    shown = ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in phases.items())
    print(f"{name:19} {elapsed:8.1f} s  peak {peak:6.0f} MiB  ({shown})", flush=True)


if __name__ == "__main__":
    sys.exit(main())
