"""The candidates table: one typed :class:`CandidateRow` per data row, in file order.

Declared candidate fields and protected attributes are typed by their declarations; problems
with protected attributes are warnings kept apart; a candidate id on several rows makes every
copy ``input.duplicate-id``; :meth:`CandidateTable.with_formations` adds
``input.unknown-formation``. Each row carries the SHA-256 digest of its raw values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import orjson

from asn_competency.errors import NearNames, PolicyError, Problem
from asn_competency.files import canonical_json
from asn_competency.model import SelectionPolicy
from asn_competency.pipeline.inputs._sources import (
    Source,
    _best_id,
    _header_problems,
    _Input,
    _load,
    _located,
)
from asn_competency.pipeline.inputs._values import _ABSENT, _TEXT, _Fault, _Parser, id_key
from asn_competency.pipeline.inputs.formations import FormationTable

__all__ = ["CandidateRow", "CandidateTable", "read_candidates"]

_ID_COLUMNS: Final = ("candidate_id", "formation_id")


@dataclass(frozen=True)
class CandidateRow:
    """One candidate row, typed.

    ``row`` is the row's 1-based line in the file (its position, from Python). ``values``
    holds the declared candidate fields that have a value (the default, for a missing
    optional field that declares one), in the policy's order; ``protected`` the protected
    attributes likewise. ``problems`` are what make the row invalid input (a read error,
    missing or malformed values, a duplicated candidate id), each located by file, line,
    column (CSV) and field; ``protected_problems`` are warnings about protected attributes,
    which never make a row invalid. ``digest`` is the SHA-256 (hex) of the canonical JSON of
    the row's raw values by column.
    """

    row: int
    candidate_id: str | None
    formation_id: str | None
    values: Mapping[str, object]
    protected: Mapping[str, object]
    problems: tuple[Problem, ...]
    digest: str
    protected_problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        """Whether the row has no problem (protected-attribute warnings aside)."""
        return not self.problems


@dataclass(frozen=True)
class CandidateTable:
    """Every candidate row of a table, one :class:`CandidateRow` per data row, in order."""

    file: str | None
    format: str
    columns: tuple[str, ...]
    rows: tuple[CandidateRow, ...]
    ignored_columns: tuple[str, ...] = ()

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every row's problems, in row order."""
        return tuple(p for row in self.rows for p in row.problems)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Every row's protected-attribute problems, in row order."""
        return tuple(p for row in self.rows for p in row.protected_problems)

    def with_formations(self, formations: FormationTable | Iterable[str]) -> CandidateTable:
        """This table with ``input.unknown-formation`` added to each row whose formation id
        is not among ``formations`` (a formations table, or formation ids)."""
        known = (
            {f.formation_id for f in formations.formations}
            if isinstance(formations, FormationTable)
            else set(formations)
        )
        column = self.columns.index("formation_id") + 1 if self.format == "csv" else None
        near = NearNames(known)
        rows = []
        for row in self.rows:
            fid = row.formation_id
            if (
                fid is None
                or fid in known
                or any(p.path == ("formation_id",) for p in row.problems)
            ):
                rows.append(row)
                continue
            problem = Problem(
                "input.unknown-formation",
                f"formation {fid!r} is not in the formations table",
                path=("formation_id",),
                file=self.file,
                line=row.row,
                column=column,
                value=fid,
                hint=near.hint(fid),
            )
            rows.append(replace(row, problems=(*row.problems, problem)))
        return replace(self, rows=tuple(rows))


def read_candidates(source: Source, policy: SelectionPolicy) -> CandidateTable:
    """Read and type a candidates table against ``policy``: one row out per data row in.

    ``candidate_id`` and ``formation_id`` are required columns whether or not the policy
    declares them; each declared candidate field and protected attribute is typed by its
    declaration; other columns are ignored and listed in ``ignored_columns``. Raises
    :class:`PolicyError` when the table cannot be read or a CSV header lacks a required
    column (``input.header``); JSON Lines and Python rows have no header, so a row without a
    required key has ``input.missing`` like a row with an empty value.
    """
    data = _load(source)
    fields = policy.candidate_fields
    protected = policy.protected_attributes
    required = [(name, "every candidate row names it") for name in _ID_COLUMNS]
    required += [
        (name, "a required candidate field")
        for name, decl in fields.items()
        if decl.required and name not in _ID_COLUMNS
    ]
    required += [
        (name, "a required protected attribute") for name, d in protected.items() if d.required
    ]
    problems = _header_problems(
        data, required, what="candidates", optional=[*_ID_COLUMNS, *fields, *protected]
    )
    if problems:
        raise PolicyError(problems)
    known = {*_ID_COLUMNS, *fields, *protected}
    ignored = tuple(c for c in data.columns if c not in known)
    parsed = _typed_rows(data, policy)
    rows = _flag_duplicates(data, parsed)
    return CandidateTable(data.file, data.format, data.columns, tuple(rows), ignored)


#: Which part of a row a column's value goes to.
_Part = str  # "id", "field" or "protected"


def _typed_rows(source: _Input, policy: SelectionPolicy) -> list[CandidateRow]:
    """Every record typed, column by column (each column's cells through one remembered
    parser: a million rows hold few distinct scores, levels and codes), then gathered into
    rows, each problem located by line and column as the cell was read."""
    records = source.records
    readable = [r.error is None or bool(r.values) for r in records]
    columns: list[tuple[_Part, str, list[tuple[object, _Fault | None]], list[object]]] = []
    parse = _Parser()
    specs: list[tuple[_Part, str, Any, bool]] = [
        ("id", name, policy.candidate_fields.get(name, _TEXT), True) for name in _ID_COLUMNS
    ]
    specs += [
        ("field", name, decl, decl.required) for name, decl in policy.candidate_fields.items()
    ]
    specs += [
        ("protected", name, decl, decl.required)
        for name, decl in policy.protected_attributes.items()
    ]
    for part, name, decl, required in specs:
        raws = [r.values.get(name, _ABSENT) if ok else _ABSENT for r, ok in zip(records, readable)]  # noqa: B905
        columns.append((part, name, parse.column(decl, name, raws, required=required), raws))
    rows = []
    for index, record in enumerate(records):
        problems: list[Problem] = [] if record.error is None else [record.error]
        warnings: list[Problem] = []
        values: dict[str, object] = {}
        protected: dict[str, object] = {}
        ids: dict[str, str | None] = dict.fromkeys(_ID_COLUMNS)
        if readable[index]:
            for part, name, typed, raws in columns:
                value, fault = typed[index]
                if part == "id":
                    ids[name] = _best_id(value, raws[index])
                    if fault is not None:
                        problems.append(_located(source, record, name, fault, raws[index]))
                elif part == "field":
                    if fault is not None and name not in _ID_COLUMNS:
                        problems.append(_located(source, record, name, fault, raws[index]))
                    if value is not _ABSENT:
                        values[name] = value
                else:
                    if fault is not None:
                        warning = _located(source, record, name, fault, raws[index])
                        warnings.append(replace(warning, severity="warning"))
                    if value is not _ABSENT:
                        protected[name] = value
        rows.append(
            CandidateRow(
                row=record.line,
                candidate_id=ids["candidate_id"],
                formation_id=ids["formation_id"],
                values=MappingProxyType(values),
                protected=MappingProxyType(protected),
                problems=tuple(problems),
                digest=_digest(record.values),
                protected_problems=tuple(warnings),
            )
        )
    return rows


def _flag_duplicates(source: _Input, rows: list[CandidateRow]) -> list[CandidateRow]:
    """``input.duplicate-id`` on every row whose candidate id another row shares, compared by
    :func:`id_key` (``A-001``, ``a-001`` and full-width ``A-001`` are one applicant)."""
    lines: dict[str, list[int]] = {}
    spellings: dict[str, set[str]] = {}
    for row in rows:
        if row.candidate_id is not None:
            key = id_key(row.candidate_id)
            lines.setdefault(key, []).append(row.row)
            spellings.setdefault(key, set()).add(row.candidate_id)
    column = source.columns.index("candidate_id") + 1 if source.format == "csv" else None
    out = []
    for row in rows:
        found = id_key(row.candidate_id) if row.candidate_id is not None else None
        copies = lines.get(found) if found is not None else None
        if found is None or copies is None or len(copies) < 2:
            out.append(row)
            continue
        written = sorted(spellings[found])
        also = (
            f" (written {', '.join(map(repr, written))}: ids that differ only by case, "
            "invisible or full-width characters are one id)"
            if len(written) > 1
            else ""
        )
        problem = Problem(
            "input.duplicate-id",
            f"candidate id {row.candidate_id!r} is on {len(copies)} rows{also}; every copy is "
            "invalid",
            path=("candidate_id",),
            file=source.file,
            line=row.row,
            column=column,
            value=row.candidate_id,
            related=tuple(f"{source.file or '<input>'}:{n}" for n in copies if n != row.row),
        )
        out.append(replace(row, problems=(*row.problems, problem)))
    return out


def _digest(values: Mapping[str, object]) -> str:
    """SHA-256 (hex) of the canonical JSON of the raw values, for auditors.

    Rows read from CSV hold only strings and nulls, for which ``orjson`` with sorted keys
    writes exactly the canonical JSON (as the ledger's records are written, and many times
    faster); typed rows from Python go through :func:`canonical_json`.
    """
    if all(v is None or isinstance(v, str) for v in values.values()):
        with suppress(orjson.JSONEncodeError):  # a lone surrogate: only Python rows hold one
            return hashlib.sha256(
                orjson.dumps(dict(values), option=orjson.OPT_SORT_KEYS)
            ).hexdigest()
    return hashlib.sha256(canonical_json({k: _plain(v) for k, v in values.items()})).hexdigest()


def _plain(value: object) -> object:
    if value is None or isinstance(value, str | bool | int | dt.date):
        return value
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) <= 1000:
        return value
    return f"{type(value).__name__}:{value!r}"
