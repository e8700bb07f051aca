"""Micro-benchmark: CPNS rules over whole columns against the row-wise reference evaluator.

    .venv/bin/python benchmarks/columns.py [ROWS] [--reference-rows 20000]

Compiles three rules of the shipped ``cpns-2024`` policy against its own scope: the SKD pass
rule (``twk >= skd_min_twk and tiu >= skd_min_tiu and tkp >= skd_min_tkp``), the age rule
(``age_on(birth_date, as_of) <= cpns_max_age or (formation.batas_usia_40 and ...)``), and the
qualification rule (``not given(formation.qualifications) or qualification in
formation.qualifications``: a list field, the engine's row-by-row path). Synthetic applicants
(fixed seed; scores drawn in their ranges, some missing; birth dates over 1980-2006 including
29 February) are built as columns once (``Column.of``, timed apart), then each rule is timed
with ``evaluate_columns`` over ROWS rows (default 1,000,000) and with the reference
``evaluate`` over the first ``--reference-rows`` rows, extrapolated linearly to ROWS. The
first ``--reference-rows`` rows of both are compared value by value (exit status 1 on a
difference).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from asn_competency import load
from asn_competency.expressions import Env, compile_rule, evaluate, scope_of
from asn_competency.expressions.columns import Column, ColumnEnv, evaluate_columns
from asn_competency.model import ResolvedParameter, SelectionPolicy

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2024, 9, 10)
RULES = {
    "skd": "twk >= skd_min_twk and tiu >= skd_min_tiu and tkp >= skd_min_tkp",
    "age": (
        "age_on(birth_date, as_of) <= cpns_max_age "
        "or (formation.batas_usia_40 and age_on(birth_date, as_of) <= cpns_max_age_40)"
    ),
    "qualification": (
        "not given(formation.qualifications) or qualification in formation.qualifications"
    ),
}
QUALIFICATIONS = ["S1 Informatika", "S1 Hukum", "S1 Akuntansi", "D4 Akuntansi"]


def applicants(rows: int) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """Candidate and formation values by column, as the reference reads them (None missing)."""
    rng = np.random.default_rng(1)
    candidate: dict[str, list[Any]] = {}
    for name, top in (("twk", 150), ("tiu", 175), ("tkp", 225)):
        scores = rng.integers(0, top + 1, rows).tolist()
        missing = (rng.integers(0, 100, rows) == 0).tolist()  # 1% missing
        candidate[name] = [None if m else s for s, m in zip(scores, missing, strict=True)]
    first = dt.date(1980, 1, 1).toordinal()
    days = rng.integers(0, dt.date(2006, 12, 31).toordinal() - first, rows)
    births: list[Any] = [dt.date.fromordinal(first + int(d)) for d in days]
    for i in range(0, rows, 997):
        births[i] = dt.date(2000, 2, 29)
    candidate["birth_date"] = births
    picks = rng.integers(0, len(QUALIFICATIONS) + 1, rows).tolist()
    candidate["qualification"] = [
        QUALIFICATIONS[p] if p < len(QUALIFICATIONS) else None for p in picks
    ]
    forty = (rng.integers(0, 10, rows) == 0).tolist()
    listing = rng.integers(0, 3, rows).tolist()
    formation: dict[str, list[Any]] = {
        "batas_usia_40": forty,
        "qualifications": [None if k == 0 else QUALIFICATIONS[: k + 1] for k in listing],
    }
    return candidate, formation


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--reference-rows", type=int, default=20_000)
    args = parser.parse_args(argv)
    rows, sample = args.rows, min(args.reference_rows, args.rows)

    policy = load(ROOT / "rubrics" / "cpns-2024.yaml")
    if not isinstance(policy, SelectionPolicy):
        raise SystemExit("cpns-2024.yaml is not a selection policy")
    scope = scope_of(policy)
    parameters = {name: p.at(name, AS_OF) for name, p in policy.parameters.items()}

    started = time.perf_counter()
    candidate, formation = applicants(rows)
    print(f"synthetic data, {rows:,} rows: {time.perf_counter() - started:.2f} s")

    started = time.perf_counter()
    env = ColumnEnv(
        rows,
        candidate={n: Column.of(v, scope.fields[n]) for n, v in candidate.items()},
        formation={n: Column.of(v, scope.formation[n]) for n, v in formation.items()},
        parameters=parameters,
        as_of=AS_OF,
    )
    print(f"columns built (Column.of): {time.perf_counter() - started:.2f} s")

    differences = 0
    for label, text in RULES.items():
        rule = compile_rule(text, scope)
        started = time.perf_counter()
        result = evaluate_columns(rule, env)
        columns_time = time.perf_counter() - started

        started = time.perf_counter()
        reference = [
            evaluate(rule, _row_env(candidate, formation, parameters, i)) for i in range(sample)
        ]
        reference_time = (time.perf_counter() - started) * rows / sample
        for i, expected in enumerate(reference):
            if result.evaluation(i) != expected:
                differences += 1
        print(
            f"{label:>13}: columns {columns_time:7.3f} s | reference {reference_time:8.1f} s "
            f"(extrapolated from {sample:,} rows) | {reference_time / columns_time:,.0f}x"
        )
    if differences:
        print(f"{differences} rows differ from the reference", file=sys.stderr)
        return 1
    return 0


def _row_env(
    candidate: dict[str, list[Any]],
    formation: dict[str, list[Any]],
    parameters: dict[str, ResolvedParameter],
    index: int,
) -> Env:
    """The reference's environment of one applicant, from the raw values."""
    return Env(
        {n: v[index] for n, v in candidate.items()},
        {n: v[index] for n, v in formation.items()},
        parameters,
        AS_OF,
    )


if __name__ == "__main__":
    sys.exit(main())
