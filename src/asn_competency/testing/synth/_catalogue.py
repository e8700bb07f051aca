"""Which catalogue a policy's formations are drawn from: :func:`catalogue_for`.

A policy says where its formations are through the position standards it cites: a standard's
``position.unit`` ("Kecamatan Gayungan, Kota Surabaya") names one office, and a policy that
ranks every candidate against that standard is a selection for that office. Such a policy
gets a **local** catalogue: the standard's own position (its formations are ranked against
that standard, so a formation for another position would be ranked against a standard that is
not its own), the office and the offices under it that the gazetteer knows (the four
kelurahan of Kecamatan Gayungan), the government the region belongs to ("Kota Surabaya" →
"Pemerintah Kota Surabaya"), the education levels usual for the standard's type of position,
small quotas, and applicants mostly from the region's province. Every other policy (CPNS,
PPPK: no standard, or a standard without a unit) gets the **national** catalogue; if a
formation field for the kind of agency (``agency_type``) allows only the regional code
(``daerah``), as CPNS 2024 does (it encodes the SKB of regional agencies only), the national
catalogue has regional governments only.

The choice reads a property of the policy rather than its id, so a new local policy (another
kecamatan, another position) gets local data by citing its standard, and only the gazetteer
needs the names of the offices under a unit it does not know yet (without them the unit
alone is the formations' location).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from asn_competency.model import EnumField, PositionStandard, SelectionPolicy
from asn_competency.testing.synth.catalogues import (
    AGE_40_POSITIONS,
    AGENCY_WORDS,
    CENTRAL_AGENCIES,
    CENTRAL_CODES,
    CENTRAL_LOCATIONS,
    DEFAULT_RETIREMENT_AGE,
    EDUCATION_BY_POSITION_TYPE,
    EDUCATION_OTHERWISE,
    GAZETTEER,
    POSITION_LEVEL_SUFFIXES,
    POSITIONS,
    PROGRAMMES,
    REGION_KINDS,
    REGIONAL_AGENCIES,
    REGIONAL_CODES,
    RETIREMENT_AGES,
)


@dataclass(frozen=True, slots=True)
class CataloguePosition:
    """A position formations are drawn for: its education levels (weighted), the programmes a
    formation may list, whether its age limit is 40, its level (``pelaksana``,
    ``ahli_pertama``, ...) and its retirement age."""

    name: str
    levels: tuple[tuple[str, float], ...]
    programmes: tuple[str, ...] = ()
    age_40: bool = False
    level: str = "pelaksana"
    retirement_age: int = DEFAULT_RETIREMENT_AGE


@dataclass(frozen=True, slots=True)
class Agency:
    """An agency and the places its formations are at."""

    name: str
    places: tuple[str, ...]
    central: bool


@dataclass(frozen=True, slots=True)
class Catalogue:
    """What formations are drawn from. ``local``: one office's posts (one formation per
    position and place, small quotas); otherwise national (groups of formations at several
    places, quotas of every size). ``province``: where a local office's applicants mostly come
    from. ``source`` says what chose it."""

    positions: tuple[CataloguePosition, ...]
    agencies: tuple[Agency, ...]
    local: bool
    source: str
    province: str | None = None
    #: A formation field for the kind of agency, and its codes for central and regional ones.
    agency_field: str | None = None
    agency_codes: tuple[str | None, str | None] = (None, None)


def catalogue_for(policy: SelectionPolicy) -> Catalogue:
    """The local catalogue of the office the policy's position standards name, or the
    national one."""
    standards = [
        policy.loaded_standards[ref.id]
        for ref in policy.position_standards
        if ref.id in policy.loaded_standards
    ]
    local = [s for s in standards if s.position.unit]
    field, central, regional = _agency_kind(policy)
    catalogue = (
        _local(local) if local else _national(central_allowed=central is not None or field is None)
    )
    return replace(catalogue, agency_field=field, agency_codes=(central, regional))


def _agency_kind(policy: SelectionPolicy) -> tuple[str | None, str | None, str | None]:
    """A formation enum field for the kind of agency (its name says agency or instansi, its
    codes central or regional ones), with its central and its regional code."""
    for name, decl in policy.formation_fields.items():
        parts = name.lower().split("_")
        if not isinstance(decl, EnumField) or not set(parts) & set(AGENCY_WORDS):
            continue
        codes = {code.lower(): code for code in decl.values}
        central = next((codes[c] for c in CENTRAL_CODES if c in codes), None)
        regional = next((codes[c] for c in REGIONAL_CODES if c in codes), None)
        if central is not None or regional is not None:
            return name, central, regional
    return None, None, None


def _national(*, central_allowed: bool) -> Catalogue:
    positions = tuple(
        CataloguePosition(
            name,
            ((level, 1.0),),
            PROGRAMMES.get(name, ()),
            age_40=name in AGE_40_POSITIONS,
            level=_level_of(name),
            retirement_age=RETIREMENT_AGES.get(name, DEFAULT_RETIREMENT_AGE),
        )
        for name, level in POSITIONS
    )
    central = tuple(Agency(name, CENTRAL_LOCATIONS, central=True) for name in CENTRAL_AGENCIES)
    agencies = (
        *(central if central_allowed else ()),
        *(Agency(name, places, central=False) for name, places in REGIONAL_AGENCIES),
    )
    source = "national" if central_allowed else "national (regional agencies only)"
    return Catalogue(positions, agencies, local=False, source=source)


def _local(standards: list[PositionStandard]) -> Catalogue:
    """The first standard's office (and the offices under it), every standard's position."""
    unit_text = standards[0].position.unit or ""
    parts = [part.strip() for part in unit_text.split(",") if part.strip()]
    unit = parts[0]
    region = parts[-1] if len(parts) > 1 else None
    known = GAZETTEER.get(region) if region is not None else None
    under = known.units.get(unit, ()) if known is not None else ()
    places = (unit, *(f"{office}, {unit}" for office in under))
    if region is not None and region.startswith(REGION_KINDS):
        agency = f"Pemerintah {region}"
    else:
        agency = region or unit
    positions: list[CataloguePosition] = []
    for standard in standards:
        name = standard.position.name.id
        if name in {p.name for p in positions}:
            continue
        levels = EDUCATION_BY_POSITION_TYPE.get(standard.position.type, EDUCATION_OTHERWISE)
        kind = standard.position.type
        level = kind.removeprefix("fungsional_") if kind.startswith("fungsional_") else kind
        positions.append(CataloguePosition(name, levels, level=level))
    return Catalogue(
        tuple(positions),
        (Agency(agency, places, central=False),),
        local=True,
        source=f"local: {unit_text} (position standard {standards[0].id})",
        province=known.province if known is not None else None,
    )


def _level_of(name: str) -> str:
    """A functional position's level from the end of its name; otherwise ``pelaksana``."""
    for suffix, level in POSITION_LEVEL_SUFFIXES:
        if name.endswith(suffix):
            return level
    return "pelaksana"
