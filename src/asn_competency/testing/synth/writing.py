"""Writing a drawing as the CSV files that ``asn-competency run`` reads: :func:`write_synth`,
the file names and the fixed columns."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from asn_competency.testing.synth.data import SynthData

__all__ = [
    "CANDIDATE_FILE",
    "FORMATION_COLUMNS",
    "FORMATION_FILE",
    "RATING_COLUMNS",
    "RATING_FILE",
    "write_synth",
]

CANDIDATE_FILE = "candidates.csv"
FORMATION_FILE = "formations.csv"
RATING_FILE = "ratings.csv"

#: The fixed formation columns, before the policy's declared ``formation_fields``.
FORMATION_COLUMNS = (
    "formation_id",
    "quota",
    "track",
    "position",
    "education_level",
    "agency",
    "location",
)
#: The columns of the long ratings file.
RATING_COLUMNS = ("candidate_id", "stage_id", "rater_id", "criterion_id", "score")


def write_synth(data: SynthData, out: Path) -> dict[str, Path]:
    """Write ``candidates.csv``, ``formations.csv`` and, when the policy has rating stages,
    ``ratings.csv`` into ``out`` (created if needed): UTF-8, LF line ends, a header row.
    Returns the paths by name (``candidates``, ``formations``, ``ratings``)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "candidates": out / CANDIDATE_FILE,
        "formations": out / FORMATION_FILE,
    }
    _write_csv(paths["candidates"], data.candidates, None)
    _write_csv(paths["formations"], data.formations, FORMATION_COLUMNS)
    if data.has_ratings:
        paths["ratings"] = out / RATING_FILE
        _write_csv(paths["ratings"], data.ratings, RATING_COLUMNS)
    return paths


def _write_csv(path: Path, rows: Sequence[dict[str, str]], default: Sequence[str] | None) -> None:
    columns = list(rows[0]) if rows else list(default or ())
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([row[c] for c in columns] for row in rows)
