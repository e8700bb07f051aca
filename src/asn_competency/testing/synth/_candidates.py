"""Drawing applicants and their values: who applies to which formation, registration numbers,
and a value for every declared field that is not a stage score (birth dates, education
levels, GPAs, flags, known texts such as religion or region, or a generic value)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from asn_competency.model import (
    BooleanField,
    DateField,
    DecimalField,
    EnumField,
    StringField,
)
from asn_competency.testing.synth._draw import _Draw
from asn_competency.testing.synth._formations import _Formation
from asn_competency.testing.synth._values import (
    AnyField,
    _add_years,
    _bounded_decimal,
    _first_fitting,
    _fits,
    _weighted,
)
from asn_competency.testing.synth.catalogues import (
    FAMILY_NAMES,
    GIVEN_NAMES,
    PAPUA_PROVINCES,
    PROVINCES,
    RELIGIONS,
    TRACK_KEYWORDS,
)
from asn_competency.testing.synth.rates import (
    CUMLAUDE_GPA,
    DEFAULT_AGE_LIMIT,
    EDUCATION_MISMATCH,
    FLAG_FAILS,
    GPA_EMPTY,
    OPTIONAL_EMPTY,
    OVER_AGE,
    SPECIAL_POPULARITY,
    UNPOPULAR_SHARE,
)


@dataclass(slots=True)
class _Person:
    """A candidate while the cycle is drawn."""

    formation: int
    track: str
    ability: float
    eligible: bool = True
    alive: bool = True
    key: float = 0.0


class _Candidates(_Draw):
    """Draws the applicants and their candidate rows (stage scores come with the stages)."""

    def people(self, formations: Sequence[_Formation], applicants: int) -> list[_Person]:
        """Applicants spread over formations by a log-normal popularity."""
        rng = self.rng
        popularity = []
        for f in formations:
            weight = 0.0 if rng.random() < UNPOPULAR_SHARE else rng.lognormvariate(0, 1.1)
            popularity.append(weight * (1 if f.track == self.general else SPECIAL_POPULARITY))
        if not any(popularity):
            popularity[0] = 1.0
        chosen = rng.choices(range(len(formations)), weights=popularity, k=applicants)
        return [_Person(i, formations[i].track, rng.gauss(0, 1)) for i in chosen]

    def candidate_id(self, number: int, width: int) -> str:
        """A registration number such as ``2024-000001``."""
        year = self.as_of.year
        return _first_fitting(
            self.policy.candidate_fields.get("candidate_id"),
            [f"{year}-{number:0{width}d}", f"{year}{number:0{width}d}", f"C{number:0{width}d}"],
        )

    def candidate_row(
        self, index: int, person: _Person, formations: Sequence[_Formation]
    ) -> dict[str, str]:
        """The candidate's declared fields other than stage scores (those come later)."""
        formation = formations[person.formation]
        row = {
            "candidate_id": self.candidate_id(index + 1, self.id_width),
            "formation_id": formation.id,
        }
        for name in self.columns[2:]:
            decl = self.decls[name]
            if name in self.components or name in self.pairs:
                row[name] = ""  # drawn with the stage
            else:
                row[name] = self.value(name, decl, person, formation)
        return row

    def value(self, name: str, decl: AnyField, person: _Person, formation: _Formation) -> str:
        """A value for a field with a known meaning, or a generic one within its declaration."""
        rng = self.rng
        lowered = name.lower()
        track = person.track
        if isinstance(decl, DateField) and ("birth" in lowered or "lahir" in lowered):
            return self.birth_date(decl, person)
        if name == "education_level" and isinstance(decl, EnumField):
            if formation.education in decl.values and rng.random() >= EDUCATION_MISMATCH:
                return formation.education
            self.count("eligibility.education_mismatch")
            codes = list(decl.values)
            if formation.education not in codes:
                return rng.choice(codes)
            lower = codes[: codes.index(formation.education)]
            if lower:  # below the qualification: ineligible under '==' and 'at least' rules
                person.eligible = person.eligible and not self.checks_education
                return rng.choice(lower)
            higher = codes[codes.index(formation.education) + 1 :]
            return rng.choice(higher or codes)
        if isinstance(decl, DecimalField) and lowered in {"gpa", "ipk"}:
            if not decl.required and rng.random() < GPA_EMPTY and track != "cumlaude":
                return ""
            low = Decimal(decl.minimum if decl.minimum is not None else 0)
            high = Decimal(decl.maximum if decl.maximum is not None else 4)
            least = CUMLAUDE_GPA if track == "cumlaude" else Decimal("2.75")
            least = min(max(least, low), high)
            mode = min(high, max(least, high * Decimal("0.86")))
            draw = rng.triangular(float(least), float(high), float(mode))
            places = decl.places if decl.places is not None else 2
            return _bounded_decimal(draw, least, high, places)
        if isinstance(decl, BooleanField) and name in self.required_flags:
            wanted = self.required_flags[name]
            if rng.random() >= FLAG_FAILS:
                return "true" if wanted else "false"
            person.eligible = False
            self.count(f"eligibility.{name}")
            return "false" if wanted else "true"
        if isinstance(decl, BooleanField):
            return self.flag(lowered, track, decl.required)
        if isinstance(decl, StringField | EnumField):
            known = self.known_text(lowered, track)
            if known is not None and _fits(decl, known):
                if not decl.required and rng.random() < OPTIONAL_EMPTY:
                    return ""
                return known
        return self.generic(decl, name, required=decl.required)

    def birth_date(self, decl: DateField, person: _Person) -> str:
        """Ages mostly 20-35 on the as-of date; a few over the policy's age limit."""
        rng = self.rng
        limit = self.age_limit
        if limit is not None and rng.random() < OVER_AGE:
            age = limit + rng.randint(1, 5)
            person.eligible = person.eligible and not self.checks_age
            self.count("eligibility.over_age")
        else:
            top = min(limit if limit is not None else DEFAULT_AGE_LIMIT, 70)
            if top <= 40:
                age = int(rng.triangular(20, top + 1, 25))
            else:
                age = int(rng.triangular(22, top + 1, 35))
            age = min(age, top)
        upper = _add_years(self.as_of, -age)
        lower = _add_years(self.as_of, -(age + 1)) + dt.timedelta(days=1)
        day = lower + dt.timedelta(days=rng.randrange((upper - lower).days + 1))
        if decl.minimum is not None and day < decl.minimum:
            day = decl.minimum
        if decl.maximum is not None and day > decl.maximum:
            day = decl.maximum
        return day.isoformat()

    def flag(self, lowered: str, track: str, required: bool) -> str:
        """True for the candidate's own special track; otherwise rarely."""
        rng = self.rng
        own = TRACK_KEYWORDS.get(track, (track,)) if track != self.general else ()
        if any(k in lowered for k in own):
            return "true"
        if not required and rng.random() < OPTIONAL_EMPTY:
            return ""
        tracked = any(k in lowered for keys in TRACK_KEYWORDS.values() for k in keys)
        return "true" if rng.random() < (0.015 if tracked else 0.1) else "false"

    def known_text(self, lowered: str, track: str) -> str | None:
        """A realistic value for a field with a known meaning, if its name tells one."""
        rng = self.rng
        if "religion" in lowered or "agama" in lowered:
            return _weighted(rng, RELIGIONS)
        if any(k in lowered for k in ("region", "daerah", "province", "provinsi", "origin")):
            if track == "papua":
                return rng.choice(PAPUA_PROVINCES)
            return _weighted(rng, PROVINCES)
        if lowered in {"name", "nama", "full_name", "nama_lengkap"}:
            return f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
        return None
