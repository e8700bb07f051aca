"""What the commands share: exit codes, reading file arguments, dates."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from asn_competency._api import load
from asn_competency.errors import PolicyError, Problem

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "check", "expand", "iso_date", "summary"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def expand(paths: Sequence[str]) -> list[Path]:
    """Files as given; a folder stands for the ``*.yaml`` and ``*.yml`` files in it."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            out.append(path)
    return out


def check(path: Path) -> tuple[Any, list[Problem]]:
    try:
        return load(path), []
    except PolicyError as exc:
        return None, list(exc.problems)


def summary(document: Any) -> str:
    if document.kind == "competency-framework":
        groups: dict[str, int] = {}
        for competency in document.competencies:
            groups[competency.group] = groups.get(competency.group, 0) + 1
        parts = ", ".join(f"{n} {g}" for g, n in sorted(groups.items()))
        return f"{len(document.competencies)} competencies ({parts}), levels 1-5 each"
    if document.kind == "position-standard":
        core = sum(1 for r in document.requirements if r.factor == "core")
        return (
            f"{document.position.name.id}: {len(document.requirements)} required competencies "
            f"({core} core)"
        )
    if document.kind == "policy-tests":
        return f"{len(document.cases)} test case(s) for {document.policy.id}"
    if document.kind == "policy-change":
        return f"a proposed change to {document.policy.id}"
    return f"{len(document.stages)} stage(s), {len(document.candidate_fields)} candidate fields"


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None
