"""Hand-written CPNS 2024 input rows for tests: a formation and a candidate who passes
everything, each changed by keyword (``None`` removes a value)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


def formation(fid: str, quota: int = 1, track: str = "umum", **extra: Any) -> dict[str, Any]:
    """A formation of the same position, education level and agency unless told otherwise."""
    return {
        "formation_id": fid,
        "quota": quota,
        "track": track,
        "position": extra.pop("position", "Analis Kebijakan"),
        "education_level": extra.pop("education_level", "S1"),
        "agency": extra.pop("agency", "Pemkot Surabaya"),
        "location": extra.pop("location", fid),
        **extra,
    }


def candidate(cid: str, fid: str = "F1", **values: Any) -> dict[str, Any]:
    """A candidate who passes everything unless told otherwise."""
    row: dict[str, Any] = {
        "candidate_id": cid,
        "formation_id": fid,
        "birth_date": dt.date(1996, 5, 17),
        "education_level": "S1",
        "gpa": Decimal("3.50"),
        "twk": 100,
        "tiu": 120,
        "tkp": 180,
        "skb_cat": 400,
    }
    row.update(values)
    return {k: v for k, v in row.items() if v is not None}


#: What a cum laude applicant adds: a programme accredited A (docs/domain.md, "CPNS
#: education"); other tracks do not read it.
CUM_LAUDE: dict[str, Any] = {"program_accreditation": "A"}
