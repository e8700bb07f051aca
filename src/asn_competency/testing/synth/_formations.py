"""Drawing formations: groups of (position, education level, agency) at several locations,
their tracks, quotas and declared formation fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from asn_competency.model import DecimalField, IntegerField
from asn_competency.testing.synth._draw import _Draw
from asn_competency.testing.synth._values import (
    AnyField,
    _bounded_decimal,
    _first_fitting,
    _text,
    _weighted,
)
from asn_competency.testing.synth.catalogues import (
    CENTRAL_AGENCIES,
    CENTRAL_LOCATIONS,
    OTHER_TRACK_SHARE,
    PAPUA_PLACES,
    PAPUA_TRACK_SHARE,
    POSITIONS,
    REGIONAL_AGENCIES,
    TRACK_SHARES,
)


@dataclass(frozen=True, slots=True)
class _Formation:
    id: str
    quota: int
    track: str
    position: str
    education: str
    agency: str
    location: str
    central: bool


class _Formations(_Draw):
    """Draws the formations and their declared formation fields."""

    def formations(self, count: int) -> list[_Formation]:
        """Groups of (position, education, agency) at several locations each."""
        rng = self.rng
        codes = self._education_codes()
        made: list[_Formation] = []
        seen: set[tuple[str, ...]] = set()
        width = max(5, len(str(count)))
        while len(made) < count:
            position, level = rng.choice(POSITIONS)
            if codes is not None and level not in codes:
                level = rng.choice(codes)
            central = rng.random() < 0.5
            if central:
                agency, places = rng.choice(CENTRAL_AGENCIES), CENTRAL_LOCATIONS
            else:
                agency, places = rng.choice(REGIONAL_AGENCIES)
            size = min(len(places), rng.choice((1, 2, 2, 3, 3, 4, 5)))
            for place in rng.sample(places, size):
                if len(made) >= count:
                    break
                track = self.formation_track(place, central)
                location, unit = place, 1
                while (position, level, agency, location, track) in seen:
                    unit += 1
                    location = f"{place} (unit {unit})"
                seen.add((position, level, agency, location, track))
                number = len(made) + 1
                made.append(
                    _Formation(
                        self.formation_id(number, width),
                        self.quota(),
                        track,
                        position,
                        level,
                        agency,
                        location,
                        central,
                    )
                )
        return made

    def formation_id(self, number: int, width: int) -> str:
        """A formation id such as ``F00042`` (or another spelling the declaration accepts)."""
        return _first_fitting(
            self.policy.candidate_fields.get("formation_id"),
            [f"F{number:0{width}d}", f"{number:0{width}d}", f"FORMASI-{number}"],
        )

    def formation_track(self, location: str, central: bool) -> str:
        """Papua formations in Papua; a few other special tracks; mostly the general one."""
        table: list[tuple[str, float]] = []
        special = 0.0
        for track in self.tracks:
            if track == self.general:
                continue
            if track == "papua":
                share = PAPUA_TRACK_SHARE if location in PAPUA_PLACES else 0.0
            elif track == "diaspora":
                share = TRACK_SHARES["diaspora"] if central else 0.0
            else:
                share = TRACK_SHARES.get(track, OTHER_TRACK_SHARE)
            table.append((track, share))
            special += share
        table.append((self.general, max(100.0 - special, 1.0)))
        return _weighted(self.rng, table)

    def quota(self) -> int:
        """1 (45%), 2 (25%), 3 (15%), 4-6 (10%) or 7-25 (5%)."""
        draw = self.rng.random()
        if draw < 0.45:
            return 1
        if draw < 0.70:
            return 2
        if draw < 0.85:
            return 3
        if draw < 0.95:
            return self.rng.randint(4, 6)
        return self.rng.randint(7, 25)

    def formation_row(self, f: _Formation) -> dict[str, str]:
        """The formation as written, with its declared formation fields."""
        row = {
            "formation_id": f.id,
            "quota": str(f.quota),
            "track": f.track,
            "position": f.position,
            "education_level": f.education,
            "agency": f.agency,
            "location": f.location,
        }
        row.update(self.extra[f.id])
        return row

    def formation_fields(self, formations: Sequence[_Formation]) -> None:
        """Draw the declared formation fields of every formation (``self.extra``)."""
        weights = set(self.pairs.values())
        for f in formations:
            values: dict[str, str] = {}
            for name, decl in self.policy.formation_fields.items():
                values[name] = self.formation_value(decl, weight=name in weights)
            self.extra[f.id] = values

    def formation_value(self, decl: AnyField, *, weight: bool) -> str:
        """Mostly the default (written or left empty); otherwise within the bounds."""
        rng = self.rng
        default = decl.default
        if default is not None and rng.random() < 0.75:
            return "" if rng.random() < 0.5 else _text(default)
        if weight and isinstance(decl, IntegerField | DecimalField):
            low = Decimal(decl.minimum if decl.minimum is not None else 0)
            high = Decimal(decl.maximum if decl.maximum is not None else 1)
            places = 0 if isinstance(decl, IntegerField) else decl.places
            places = 2 if places is None else places
            if default is None and rng.random() < 0.75:
                return _bounded_decimal(float(low), low, high, places)
            share = Decimal(rng.randint(4, 8)) / 8
            return _bounded_decimal(float(low + (high - low) * share), low, high, places)
        return self.generic(decl, "", required=decl.required)
