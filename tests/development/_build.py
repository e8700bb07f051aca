"""Small documents and tables for the development tests, built in Python so that each test's
numbers are visible in the test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from asn_competency.development import AssessmentTable, read_assessments
from asn_competency.model import PositionStandard
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.training_catalog import TrainingCatalog

AS_OF = dt.date(2026, 1, 2)

_REFERENCE = [{"id": "uji", "title": "Sumber uji"}]


def standard(requirements: Iterable[tuple[str, int, str]]) -> PositionStandard:
    """A standard requiring (competency, level, factor) in this order."""
    return PositionStandard.model_validate(
        {
            "kind": "position-standard",
            "schema_version": 1,
            "id": "skj-uji",
            "position": {"name": {"id": "Jabatan uji"}, "type": "pelaksana"},
            "reference": "uji",
            "references": _REFERENCE,
            "frameworks": [{"id": "fw", "path": "fw.yaml"}],
            "requirements": [
                {"competency": c, "level": level, "factor": factor}
                for c, level, factor in requirements
            ],
        }
    )


def programme(
    pid: str, develops: Mapping[str, tuple[int, int]], hours: int, cost: int | str = 0
) -> dict[str, Any]:
    """A catalogue programme developing each competency (from_level, to_level)."""
    return {
        "id": pid,
        "name": {"id": pid},
        "develops": [
            {"competency": c, "from_level": low, "to_level": high}
            for c, (low, high) in develops.items()
        ],
        "hours": hours,
        "mode": "classical",
        "cost": cost,
        "provider": "BKPSDM",
        "reference": "uji",
    }


def catalogue(programmes: Iterable[dict[str, Any]]) -> TrainingCatalog:
    """A catalogue of these programmes."""
    return TrainingCatalog.model_validate(
        {
            "kind": "training-catalog",
            "schema_version": 1,
            "id": "katalog-uji",
            "name": {"id": "Katalog uji"},
            "references": _REFERENCE,
            "frameworks": [{"id": "fw", "path": "fw.yaml"}],
            "programmes": list(programmes),
        }
    )


def policy_data(**changes: Any) -> dict[str, Any]:
    """A development policy's data, with top-level sections replaced by ``changes``."""
    data: dict[str, Any] = {
        "kind": "development-policy",
        "schema_version": 1,
        "id": "pengembangan-uji",
        "name": {"id": "Pengembangan uji"},
        "references": _REFERENCE,
        "position_standard": {"id": "skj-uji", "path": "skj.yaml"},
        "training_catalog": {"id": "katalog-uji", "path": "katalog.yaml"},
        "as_of": AS_OF,
        "plan": {"min_jp": 20, "budget": {"hours": 40}},
        "gap": {
            "bands": [
                {"minimum": 80, "label": {"id": "memenuhi syarat"}},
                {"minimum": 68, "label": {"id": "masih memenuhi syarat"}},
                {"minimum": 0, "label": {"id": "kurang memenuhi syarat"}},
            ]
        },
        "nine_box": {
            "reference": "uji",
            "performance": {
                "sangat_baik": "above",
                "baik": "meets",
                "butuh_perbaikan": "below",
                "kurang": "below",
                "sangat_kurang": "below",
            },
            "potential": {"medium_from": 68, "high_from": 80},
        },
        "cohort": {"share_above": "0.30", "reference": "uji"},
    }
    data.update(changes)
    return data


def policy(**changes: Any) -> DevelopmentPolicy:
    """A development policy (see :func:`policy_data`)."""
    return DevelopmentPolicy.model_validate(policy_data(**changes))


def assessments(
    levels: Mapping[str, Mapping[str, int]], date: dt.date = dt.date(2025, 11, 20)
) -> AssessmentTable:
    """One assessment per employee and competency, all on ``date``."""
    return read_assessments(
        [
            {
                "employee_id": employee,
                "competency": competency,
                "level": str(level),
                "date": date.isoformat(),
                "source": "seleksi",
                "assessor": "panel",
            }
            for employee, row in levels.items()
            for competency, level in row.items()
        ]
    )
