"""A small Gayungan cycle for the report's tests: synthetic applicants, the run (with the
interview's ratings), and the development of those hired, as the demo makes them; a region
of origin can be replaced by a hostile text before the run (escaping tests)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from asn_competency.cli.demo import _development
from asn_competency.cli.run import execute
from asn_competency.model import load
from asn_competency.testing.synth import synthesize, write_synth
from tests.conftest import RUBRICS

#: A region of origin (a protected attribute: shown in the impact tables and charts) that
#: would run as a script if the page did not escape it.
HOSTILE = '<script>document.title="pwned"</script><b>Jawa & "Timur"</b>'


def gayungan_cycle(
    folder: Path, *, applicants: int = 150, seed: int = 7, hostile: bool = False
) -> Path:
    """Write ``folder/gayungan-2026/{input,output,development}`` and return the run folder."""
    policy_path = RUBRICS / "gayungan-2026.yaml"
    policy = load(policy_path)
    data = synthesize(policy, applicants=applicants, seed=seed, as_of=dt.date(2026, 3, 31))
    paths = write_synth(data, folder / "gayungan-2026" / "input")
    if hostile:
        table = paths["candidates"]
        with table.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        for row in rows[::3]:
            row["region_of_origin"] = HOSTILE
        with table.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    log = io.StringIO()
    code = execute(
        policy_path,
        paths["candidates"],
        formations=paths["formations"],
        ratings=paths["ratings"],
        as_of=dt.date(2026, 3, 31),
        out=folder / "gayungan-2026" / "output",
        strict=False,
        stream=log,
        force=True,
    )
    assert code == 0, log.getvalue()
    assert _development(RUBRICS, folder, log) == 0, log.getvalue()
    return folder / "gayungan-2026" / "output"
