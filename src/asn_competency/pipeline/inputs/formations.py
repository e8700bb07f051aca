"""The formations table: typed :class:`Formation` rows with their quota, track and declared
``formation_fields``, and every problem found (each one fatal for a run).

Formations are read from CSV, JSON Lines, YAML or Python mappings; a formation id on two rows
is ``input.duplicate-id`` on each, and only the first is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from asn_competency.errors import PolicyError, Problem
from asn_competency.model import EnumField, IntegerField, SelectionPolicy, StringField
from asn_competency.pipeline.inputs._sources import (
    Source,
    _best_id,
    _header_problems,
    _Input,
    _load,
    _located,
    _Record,
)
from asn_competency.pipeline.inputs._values import _ABSENT, _TEXT, Decl, _Parser, id_key

__all__ = ["Formation", "FormationTable", "read_formations"]

_OPTIONAL_TEXT = StringField(type="string", required=False)
_QUOTA = IntegerField(type="integer", minimum=0)
_FORMATION_TEXT: Final = ("position", "education_level", "agency", "location")
_FORMATION_STANDARD: Final = ("formation_id", "quota", "track", *_FORMATION_TEXT)


@dataclass(frozen=True)
class Formation:
    """One formation: its id, quota (≥ 0), track (a policy track id), the standard texts
    (``None`` when not given), the declared ``formation_fields`` (``extra``, typed, defaults
    applied) and the line it was read from."""

    formation_id: str
    quota: int
    track: str
    position: str | None
    education_level: str | None
    agency: str | None
    location: str | None
    extra: Mapping[str, object]
    line: int

    def as_mapping(self) -> Mapping[str, object]:
        """Every field by name, as rules read them (``formation.NAME``)."""
        return MappingProxyType(
            {
                "formation_id": self.formation_id,
                "quota": self.quota,
                "track": self.track,
                "position": self.position,
                "education_level": self.education_level,
                "agency": self.agency,
                "location": self.location,
                **self.extra,
            }
        )


@dataclass(frozen=True)
class FormationTable:
    """The formations read, and every problem found (each one fatal for a run).

    ``formations`` holds the formations without problems, in file order; of formations
    sharing an id, only the first (all copies are reported).
    """

    file: str | None
    formations: tuple[Formation, ...]
    problems: tuple[Problem, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    @property
    def by_id(self) -> Mapping[str, Formation]:
        """The formations by id."""
        return MappingProxyType({f.formation_id: f for f in self.formations})

    def raise_for_problems(self) -> None:
        """Raise :class:`PolicyError` listing every problem, if there is any."""
        if self.problems:
            raise PolicyError(self.problems)


def read_formations(source: Source, policy: SelectionPolicy) -> FormationTable:
    """Read and type a formations table (CSV, JSON Lines, YAML or Python mappings).

    Required columns: ``formation_id``, ``quota`` (an integer ≥ 0) and ``track`` (one of the
    policy's track ids); optional texts ``position``, ``education_level``, ``agency`` and
    ``location`` (typed as the policy's ``formation_fields`` re-declare them, else free
    text); and the policy's ``formation_fields``. A formation id on two rows is
    ``input.duplicate-id`` on each.
    """
    data = _load(source, yaml=True)
    track = EnumField(type="enum", values=[t.id for t in policy.tracks])
    standard: dict[str, Decl] = {
        "formation_id": _TEXT,
        "quota": _QUOTA,
        "track": track,
        **dict.fromkeys(_FORMATION_TEXT, _OPTIONAL_TEXT),
    }
    for name in _FORMATION_TEXT:  # a policy may type a standard text column (an enum, ...)
        retyped = policy.formation_fields.get(name)
        if retyped is not None:
            standard[name] = retyped
    declared = {n: d for n, d in policy.formation_fields.items() if n not in standard}
    required = [(name, "every formation has one") for name in ("formation_id", "quota", "track")]
    required += [
        (n, "a required formation field")
        for n, d in policy.formation_fields.items()
        if d.required and n not in ("formation_id", "quota", "track")
    ]
    header = _header_problems(data, required, what="formations", optional=[*standard, *declared])
    if header:
        raise PolicyError(header)
    problems: list[Problem] = []
    built: list[tuple[str | None, _Record, Formation | None]] = []
    parse = _Parser()  # thousands of formations repeat a few tracks, quotas and agencies
    for record in data.records:
        own: list[Problem] = [] if record.error is None else [record.error]
        typed: dict[str, object] = {}
        fid = None
        if record.error is None or record.values:
            for name, decl in (*standard.items(), *declared.items()):
                raw = record.values.get(name, _ABSENT)
                value, fault = parse(decl, name, raw, required=decl.required)
                if name == "formation_id":
                    fid = _best_id(value, raw)
                if fault is not None:
                    own.append(_located(data, record, name, fault, raw))
                typed[name] = None if value is _ABSENT else value
        formation = None
        quota = typed.get("quota")
        if not own and isinstance(quota, int):
            formation = Formation(
                formation_id=str(typed["formation_id"]),
                quota=quota,
                track=str(typed["track"]),
                position=_text_or_none(typed["position"]),
                education_level=_text_or_none(typed["education_level"]),
                agency=_text_or_none(typed["agency"]),
                location=_text_or_none(typed["location"]),
                extra=MappingProxyType({n: typed[n] for n in declared if typed.get(n) is not None}),
                line=record.line,
            )
        problems += own
        built.append((fid, record, formation))
    lines: dict[str, list[int]] = {}  # by id_key: F-01 and f-01 are one formation
    for fid, record, _ in built:
        if fid is not None:
            lines.setdefault(id_key(fid), []).append(record.line)
    formations: dict[str, Formation] = {}
    kept: set[str] = set()
    for fid, record, formation in built:
        copies = lines.get(id_key(fid), []) if fid is not None else []
        if len(copies) > 1:
            line, column = data.where(record, "formation_id")
            problems.append(
                Problem(
                    "input.duplicate-id",
                    f"formation id {fid!r} appears on {len(copies)} rows "
                    f"({_rows_text(data, copies)}); give each formation one row",
                    path=("formation_id",),
                    file=data.file,
                    line=line,
                    column=column,
                    value=fid,
                )
            )
        if formation is not None and id_key(formation.formation_id) not in kept:
            kept.add(id_key(formation.formation_id))
            formations[formation.formation_id] = formation
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    known = {*standard, *declared}
    ignored = tuple(c for c in data.columns if c not in known)
    return FormationTable(data.file, tuple(formations.values()), tuple(problems), ignored)


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _rows_text(source: _Input, lines: list[int]) -> str:
    """'lines 2, 4 and 5' (or 'rows ...' for Python rows, numbered from 1)."""
    words = [str(line) for line in lines]
    listed = ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else words[0]
    return f"{'rows' if source.format == 'python' else 'lines'} {listed}"
