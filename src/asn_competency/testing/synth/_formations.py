"""Drawing formations from the policy's catalogue (national: groups of (position, education
level, agency) at several locations; local: one office's posts), their tracks, quotas and
declared formation fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from asn_competency.model import (
    BooleanField,
    DecimalField,
    EnumField,
    IntegerField,
    ListField,
    StringField,
)
from asn_competency.model.policy import STANDARD_FORMATION_FIELDS
from asn_competency.testing.synth._catalogue import Agency, CataloguePosition
from asn_competency.testing.synth._draw import _about, _Draw
from asn_competency.testing.synth._values import (
    LIST_SEPARATOR,
    AnyField,
    _bounded_decimal,
    _clamp_int,
    _first_fitting,
    _text,
    _weighted,
)
from asn_competency.testing.synth.catalogues import (
    AGE_WORDS,
    CUMLAUDE_LEVELS,
    DEFAULT_RETIREMENT_AGE,
    LEVEL_PREFIXES,
    LOCAL_QUOTAS,
    OTHER_TRACK_SHARE,
    PAPUA_PLACES,
    PAPUA_TRACK_SHARE,
    PROGRAMME_WORDS,
    RETIREMENT_WORDS,
    TRACK_SHARES,
)
from asn_competency.testing.synth.rates import (
    EQUIVALENT_LEVELS_SHARE,
    EVERY_TRACK_FROM,
    OPTIONAL_EMPTY,
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
    #: The study programmes the formation lists ("S-1 Ilmu Hukum"), if the catalogue has any.
    programmes: tuple[str, ...] = ()
    #: Whether the position's age limit is 40 rather than 35.
    age_40: bool = False
    #: The position's level (``pelaksana``, ``ahli_pertama``, ...) and retirement age.
    level: str = "pelaksana"
    retirement_age: int = DEFAULT_RETIREMENT_AGE


class _Formations(_Draw):
    """Draws the formations and their declared formation fields."""

    def formations(self, count: int) -> list[_Formation]:
        """The catalogue's formations: national or local (see :mod:`._catalogue`)."""
        if self.catalogue.local:
            return self.local_formations(count)
        return self.national_formations(count)

    def national_formations(self, count: int) -> list[_Formation]:
        """Groups of (position, education, agency) at several locations each."""
        rng = self.rng
        catalogue = self.catalogue
        central = [a for a in catalogue.agencies if a.central]
        regional = [a for a in catalogue.agencies if not a.central]
        made: list[_Formation] = []
        seen: set[tuple[str, ...]] = set()
        width = max(5, len(str(count)))
        while len(made) < count:
            position = rng.choice(catalogue.positions)
            level = self.education_of(position)
            agency = rng.choice(central) if central and rng.random() < 0.5 else None
            if agency is None:
                agency = rng.choice(regional or central)
            places = agency.places
            size = min(len(places), rng.choice((1, 2, 2, 3, 3, 4, 5)))
            for place in rng.sample(places, size):
                if len(made) >= count:
                    break
                track = self.formation_track(place, agency.central, level)
                location, unit = place, 1
                while (position.name, level, agency.name, location, track) in seen:
                    unit += 1
                    location = f"{place} (unit {unit})"
                seen.add((position.name, level, agency.name, location, track))
                made.append(
                    self.formation(
                        len(made) + 1,
                        width,
                        position,
                        level=level,
                        agency=agency,
                        location=location,
                        track=track,
                    )
                )
        if count >= EVERY_TRACK_FROM:
            self.every_track(made, seen)
        return made

    def every_track(self, made: list[_Formation], seen: set[tuple[str, ...]]) -> None:
        """Give each declared special track missing from the drawing one general formation
        that fits it (cumlaude: S1 or higher; papua: in Papua; diaspora: a central agency), so
        that a cycle of some size exercises every track."""
        present = {f.track for f in made}
        for track in self.tracks:
            if track in present or track == self.general:
                continue
            fitting = [
                i
                for i, f in enumerate(made)
                if f.track == self.general
                and (track != "cumlaude" or f.education in CUMLAUDE_LEVELS)
                and (track != "papua" or f.location.split(" (unit ")[0] in PAPUA_PLACES)
                and (track != "diaspora" or f.central)
                and (f.position, f.education, f.agency, f.location, track) not in seen
            ]
            if fitting:
                index = self.rng.choice(fitting)
                f = made[index]
                seen.add((f.position, f.education, f.agency, f.location, track))
                made[index] = replace(f, track=track)

    def local_formations(self, count: int) -> list[_Formation]:
        """One office's posts: a formation per position and place (the office first, then the
        offices under it), at most ``count`` of them; quotas of one or two."""
        rng = self.rng
        agency = self.catalogue.agencies[0]
        pairs = [(p, place) for p in self.catalogue.positions for place in agency.places]
        chosen = sorted(rng.sample(range(len(pairs)), min(count, len(pairs))))
        width = max(5, len(str(len(chosen))))
        made: list[_Formation] = []
        for index in chosen:
            position, place = pairs[index]
            level = self.education_of(position)
            track = self.formation_track(place, agency.central, level)
            made.append(
                self.formation(
                    len(made) + 1,
                    width,
                    position,
                    level=level,
                    agency=agency,
                    location=place,
                    track=track,
                    quota=int(_weighted(rng, [(str(q), w) for q, w in LOCAL_QUOTAS])),
                )
            )
        return made

    def education_of(self, position: CataloguePosition) -> str:
        """One of the position's education levels, or a declared code if none is declared."""
        codes = self._education_codes()
        levels = [
            (code, weight) for code, weight in position.levels if codes is None or code in codes
        ]
        if levels:
            return _weighted(self.rng, levels)
        return self.rng.choice(codes) if codes else position.levels[0][0]

    def formation(
        self,
        number: int,
        width: int,
        position: CataloguePosition,
        *,
        level: str,
        agency: Agency,
        location: str,
        track: str,
        quota: int | None = None,
    ) -> _Formation:
        """One formation; the programmes it lists are one to three of the position's."""
        rng = self.rng
        programmes: tuple[str, ...] = ()
        if position.programmes:
            size = min(len(position.programmes), rng.choice((1, 2, 2, 3)))
            prefix = LEVEL_PREFIXES.get(level, level)
            programmes = tuple(f"{prefix} {p}" for p in rng.sample(position.programmes, size))
        return _Formation(
            self.formation_id(number, width),
            self.quota() if quota is None else quota,
            track,
            self.standard_value("position", position.name),
            level,
            self.standard_value("agency", agency.name),
            self.standard_value("location", location),
            agency.central,
            programmes,
            position.age_40,
            position.level,
            position.retirement_age,
        )

    def standard_value(self, name: str, value: str) -> str:
        """The catalogue's value of a standard column, or one of the codes the policy's
        re-declaration of the column lists, if it lists others."""
        decl = self.policy.formation_fields.get(name)
        if isinstance(decl, EnumField) and value not in decl.values:
            return self.rng.choice(decl.values)
        return value

    def formation_id(self, number: int, width: int) -> str:
        """A formation id such as ``F00042`` (or another spelling the declaration accepts)."""
        return _first_fitting(
            self.policy.candidate_fields.get("formation_id"),
            [f"F{number:0{width}d}", f"{number:0{width}d}", f"FORMASI-{number}"],
        )

    def formation_track(self, location: str, central: bool, level: str) -> str:
        """Papua formations in Papua; a few other special tracks (cumlaude only for S1 and
        higher); mostly the general one."""
        table: list[tuple[str, float]] = []
        special = 0.0
        for track in self.tracks:
            if track == self.general:
                continue
            if track == "cumlaude" and level not in CUMLAUDE_LEVELS:
                share = 0.0
            elif track == "papua":
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
        """Draw the declared formation fields of every formation (``self.extra``, and the
        items of list fields in ``self.lists``). A re-declared standard column keeps the
        catalogue's value (a code the declaration lists)."""
        rng = self.rng
        weights = set(self.pairs.values())
        for f in formations:
            values: dict[str, str] = {}
            lists: dict[str, list[str]] = {}
            for name, decl in self.policy.formation_fields.items():
                if name in STANDARD_FORMATION_FIELDS:
                    continue
                if name == self.catalogue.agency_field:
                    # the central or regional code (or empty, half the time, when it is the
                    # default); a kind the field has no code for stays empty
                    code = self.catalogue.agency_codes[0 if f.central else 1] or ""
                    values[name] = "" if decl.default == code and rng.random() < 0.5 else code
                    continue
                if isinstance(decl, ListField):
                    items = self.formation_items(name, decl, f)
                    if items is not None:
                        lists[name] = items
                    values[name] = "" if items is None else LIST_SEPARATOR.join(items)
                elif isinstance(decl, BooleanField) and _about(name, AGE_WORDS):
                    values[name] = self.age_flag(decl, f)
                elif isinstance(decl, IntegerField) and _about(name, RETIREMENT_WORDS):
                    values[name] = str(_clamp_int(f.retirement_age, decl.minimum, decl.maximum))
                elif isinstance(decl, EnumField) and f.level in decl.values:
                    values[name] = f.level
                else:
                    values[name] = self.formation_value(decl, weight=name in weights)
            self.extra[f.id] = values
            self.lists[f.id] = lists

    def formation_items(self, name: str, decl: ListField, f: _Formation) -> list[str] | None:
        """The programmes a formation lists; or the education codes it accepts: its own level,
        sometimes with the other codes on the same level (only those, if the list holds what
        is accepted besides the formation's level); or a few declared codes or texts. ``None``
        for a missing value."""
        rng = self.rng
        codes = decl.items.values
        levels = self.education_levels()
        if codes is None and _about(name, PROGRAMME_WORDS) and f.programmes:
            return list(f.programmes)
        education = set(self._education_codes() or ())
        if codes is not None and f.education in codes and set(codes) <= education:
            same = [
                code
                for code in codes
                if code != f.education and levels and levels.get(code) == levels[f.education]
            ]
            extra = same if same and rng.random() < EQUIVALENT_LEVELS_SHARE else []
            if name not in self.extra_levels:
                return [f.education, *extra]
            return extra or (None if not decl.required else [f.education])
        if decl.default is not None and rng.random() < 0.75:
            return list(decl.default)
        if not decl.required and decl.default is None and rng.random() < OPTIONAL_EMPTY:
            return None
        if codes is not None:
            return rng.sample(codes, min(len(codes), rng.randint(1, 3)))
        return [self.generic(StringField(type="string"), name, required=True) for _ in range(2)]

    def age_flag(self, decl: BooleanField, f: _Formation) -> str:
        """A formation flag about age: true for the positions whose age limit is 40."""
        if not f.age_40 and decl.default is False and self.rng.random() < 0.5:
            return ""
        return "true" if f.age_40 else "false"

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
