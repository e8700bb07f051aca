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
    IntegerField,
    StringField,
)
from asn_competency.testing.synth._draw import _about, _Draw
from asn_competency.testing.synth._formations import _Formation
from asn_competency.testing.synth._rules import limits
from asn_competency.testing.synth._values import (
    AnyField,
    _add_years,
    _bounded_decimal,
    _clamp_int,
    _first_fitting,
    _fits,
    _weighted,
)
from asn_competency.testing.synth.catalogues import (
    ACCREDITATION_WORDS,
    ACCREDITATIONS,
    DEFAULT_GRADUATION_AGE,
    DIPLOMA_WORDS,
    EXPERIENCE_WORDS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    GRADUATION_AGES,
    LEVEL_PREFIXES,
    LOCAL_PROVINCE_SHARE,
    PAPUA_PROVINCES,
    PROGRAMME_WORDS,
    PROGRAMMES_ELSEWHERE,
    PROVINCES,
    RELIGIONS,
    TOP_ACCREDITATIONS,
    TRACK_KEYWORDS,
)
from asn_competency.testing.synth.rates import (
    CUMLAUDE_GPA,
    DEFAULT_AGE_LIMIT,
    EDUCATION_MISMATCH,
    FLAG_FAILS,
    GPA_EMPTY,
    LOCAL_POPULARITY_SIGMA,
    OPTIONAL_EMPTY,
    OVER_AGE,
    POPULARITY_SIGMA,
    RULED_EMPTY,
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
    #: The education level and the age on the as-of date, once drawn.
    education: str | None = None
    age: int | None = None
    #: The candidate's row (0-based) and id, once numbered.
    row: int = -1
    cid: str = ""


class _Candidates(_Draw):
    """Draws the applicants and their candidate rows (stage scores come with the stages)."""

    def people(self, formations: Sequence[_Formation], applicants: int) -> list[_Person]:
        """Applicants spread over formations by a log-normal popularity (a local office's
        posts more evenly: every one of them draws applicants)."""
        rng = self.rng
        local = self.catalogue.local
        unpopular = 0.0 if local else UNPOPULAR_SHARE
        sigma = LOCAL_POPULARITY_SIGMA if local else POPULARITY_SIGMA
        popularity = []
        for f in formations:
            weight = 0.0 if rng.random() < unpopular else rng.lognormvariate(0, sigma)
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
        person.row = index
        person.cid = self.candidate_id(index + 1, self.id_width)
        row = {"candidate_id": person.cid, "formation_id": formation.id}
        names = self.columns[2:]
        values: dict[str, str] = {}
        for name in sorted(names, key=self.draw_order):
            decl = self.decls[name]
            if name in self.components or name in self.pairs:
                values[name] = ""  # drawn with the stage
            else:
                values[name] = self.value(name, decl, person, formation)
        row.update((name, values[name]) for name in names)
        return row

    def draw_order(self, name: str) -> int:
        """Education first, then dates of birth (an age fits the education), then the rest
        (experience fits the age) in column order."""
        decl = self.decls[name]
        if name == "education_level":
            return 0
        if isinstance(decl, DateField) and _is_birth(name):
            return 1
        return 2

    def value(self, name: str, decl: AnyField, person: _Person, formation: _Formation) -> str:
        """A value for a field with a known meaning, or a generic one within its declaration."""
        rng = self.rng
        lowered = name.lower()
        track = person.track
        if isinstance(decl, DateField) and _is_birth(name):
            return self.birth_date(decl, person, formation)
        if name == "education_level" and isinstance(decl, EnumField):
            person.education = self.education(decl, person, formation)
            return person.education
        if name in self.list_pairs:
            return self.listed(name, decl, person, formation)
        if isinstance(decl, EnumField) and name in self.accepted:
            return self.accepted_code(name, decl, person)
        if isinstance(decl, EnumField) and name in self.ranked_codes:
            codes = [code for code in self.ranked_codes[name] if code in decl.values]
            if codes:
                return rng.choice(codes)
        if isinstance(decl, IntegerField) and _about(name, EXPERIENCE_WORDS):
            return self.experience(name, decl, person)
        if isinstance(decl, EnumField) and _about(name, ACCREDITATION_WORDS):
            return self.accreditation(decl, track)
        if isinstance(decl, DecimalField) and _about(name, DIPLOMA_WORDS):
            return self.diploma_average(decl, person)
        if isinstance(decl, StringField) and _about(name, PROGRAMME_WORDS) and formation.programmes:
            if not decl.required and rng.random() < OPTIONAL_EMPTY:
                return ""
            return rng.choice(formation.programmes)
        if isinstance(decl, DecimalField) and lowered in {"gpa", "ipk"}:
            if person.education == "SMA" and not decl.required:
                return ""  # a secondary-school graduate has no grade point average
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
            return self.exclude(person, name, name, "false" if wanted else "true")
        if isinstance(decl, BooleanField):
            return self.flag(lowered, track, decl.required)
        if isinstance(decl, StringField | EnumField):
            known = self.known_text(lowered, track)
            if known is not None and _fits(decl, known):
                if not decl.required and rng.random() < OPTIONAL_EMPTY:
                    return ""
                return known
        return self.generic(decl, name, required=decl.required)

    def exclude(
        self, person: _Person, kind: str, name: str, value: str, *, ineligible: bool = True
    ) -> str:
        """Plant a value an eligibility rule plausibly refuses (``eligibility.<kind>``);
        ``ineligible``: the rules surely refuse it. Returns the value."""
        self.plant(f"eligibility.{kind}", person.row, person.cid, name, value)
        if ineligible:
            person.eligible = False
        return value

    def education(self, decl: EnumField, person: _Person, formation: _Formation) -> str:
        """Mostly the formation's level; a few apply with another (below it: ineligible
        under '==' and 'at least' rules)."""
        rng = self.rng
        if formation.education in decl.values and rng.random() >= EDUCATION_MISMATCH:
            return formation.education
        codes = list(decl.values)
        kind, name = "education_mismatch", "education_level"
        if formation.education not in codes:
            return self.exclude(person, kind, name, rng.choice(codes), ineligible=False)
        levels = self.education_levels() or {code: i for i, code in enumerate(codes)}
        own = levels.get(formation.education, 0)
        lower = [code for code in codes if levels.get(code, own) < own]
        if lower:
            value = rng.choice(lower)
            return self.exclude(person, kind, name, value, ineligible=self.checks_education)
        higher = [code for code in codes if levels.get(code, own) > own]
        return self.exclude(person, kind, name, rng.choice(higher or codes), ineligible=False)

    def age_range(self, formation: _Formation) -> tuple[int | None, int | None]:
        """The highest and lowest age the eligibility rules accept for the formation (its
        retirement age, its flag for the higher limit), else the policy's parameters'."""
        high, low = limits(self.age_rules, self.extra.get(formation.id, {}))
        return (
            high if high is not None else self.age_limit,
            low if low is not None else self.age_floor,
        )

    def birth_date(self, decl: DateField, person: _Person, formation: _Formation) -> str:
        """Ages from the usual graduation age of the candidate's education (and the policy's
        minimum age, and enough years for the experience it asks) to the formation's limit,
        mostly in the first years; a few over the limit."""
        rng = self.rng
        limit, floor = self.age_range(formation)
        low = GRADUATION_AGES.get(person.education or "", DEFAULT_GRADUATION_AGE)
        low += max(
            (v[-1] for n, v in self.thresholds.items() if _about(n, EXPERIENCE_WORDS)), default=0
        )
        if floor is not None:
            low = max(low, floor)
        over = limit is not None and rng.random() < OVER_AGE
        if limit is not None and over:
            age = limit + rng.randint(1, 5)
        else:
            top = min(limit if limit is not None else DEFAULT_AGE_LIMIT, 70)
            low = min(low, top)
            mode = min(top, max(low + 3, 25 if top <= 40 else 35))
            age = min(int(rng.triangular(low, top + 1, mode)), top)
        person.age = age
        upper = _add_years(self.as_of, -age)
        lower = _add_years(self.as_of, -(age + 1)) + dt.timedelta(days=1)
        day = lower + dt.timedelta(days=rng.randrange((upper - lower).days + 1))
        if decl.minimum is not None and day < decl.minimum:
            day = decl.minimum
        if decl.maximum is not None and day > decl.maximum:
            day = decl.maximum
        if over:
            return self.exclude(
                person, "over_age", "birth_date", day.isoformat(), ineligible=self.checks_age
            )
        return day.isoformat()

    def experience(self, name: str, decl: IntegerField, person: _Person) -> str:
        """Years of experience since graduating: when an eligibility rule asks for some, at
        least the most it asks for all but a few (who have less and are ineligible); else
        mostly a year or two."""
        rng = self.rng
        asked = self.thresholds.get(name)
        if not decl.required and rng.random() < (RULED_EMPTY if asked else OPTIONAL_EMPTY):
            return ""
        since = GRADUATION_AGES.get(person.education or "", DEFAULT_GRADUATION_AGE)
        most = max(0, (person.age if person.age is not None else since + 5) - since)
        if asked and asked[0] > 0 and rng.random() < FLAG_FAILS:
            years = _clamp_int(rng.randrange(asked[0]), decl.minimum, decl.maximum)
            return self.exclude(person, name, name, str(years))
        if asked:
            least = min(asked[-1], most)
            years = least + round(rng.triangular(0, max(0, most - least), min(3, most - least)))
        else:
            years = round(rng.triangular(0, min(most, 12), min(1, most)))
        years = _clamp_int(years, decl.minimum, decl.maximum)
        if asked and years < asked[0]:  # too young for the experience asked
            return self.exclude(person, name, name, str(years))
        return str(years)

    def listed(self, name: str, decl: AnyField, person: _Person, formation: _Formation) -> str:
        """One of the items the formation lists for the field (an eligibility rule looks it
        up there); a few candidates have another (ineligible)."""
        rng = self.rng
        items = self.lists.get(formation.id, {}).get(self.list_pairs[name], [])
        others: list[str] = []
        if isinstance(decl, EnumField):
            others = [code for code in decl.values if code not in items]
            items = [item for item in items if item in decl.values]
        elif formation.programmes:
            prefix = LEVEL_PREFIXES.get(formation.education, formation.education)
            others = [f"{prefix} {p}" for p in PROGRAMMES_ELSEWHERE if f"{prefix} {p}" not in items]
        if not decl.required and rng.random() < RULED_EMPTY:
            return ""
        if items and (not others or rng.random() >= EDUCATION_MISMATCH):
            return rng.choice(items)
        if others:
            return self.exclude(person, name, name, rng.choice(others))
        return self.generic(decl, name, required=decl.required)

    def accepted_code(self, name: str, decl: EnumField, person: _Person) -> str:
        """A code an eligibility rule accepts (the first listed most often); a few have
        another and are ineligible; rarely missing if optional."""
        rng = self.rng
        if not decl.required and rng.random() < RULED_EMPTY:
            return ""
        accepted = [code for code in self.accepted[name] if code in decl.values]
        others = [code for code in decl.values if code not in accepted]
        if accepted and (not others or rng.random() >= FLAG_FAILS):
            return _weighted(rng, [(code, 2.0**-i) for i, code in enumerate(accepted)])
        if others:
            return self.exclude(person, name, name, rng.choice(others))
        return self.generic(decl, name, required=decl.required)

    def accreditation(self, decl: EnumField, track: str) -> str:
        """A programme's accreditation, the highest grade on the cumlaude track."""
        rng = self.rng
        known = {code.lower().replace(" ", "_"): code for code in decl.values}
        table = [(known[code], share) for code, share in ACCREDITATIONS if code in known]
        if track == "cumlaude":
            top = [
                (code, share)
                for code, share in table
                if code.lower().replace(" ", "_") in TOP_ACCREDITATIONS
            ]
            table = top or table
        if not table:
            return self.generic(decl, "", required=decl.required)
        if not decl.required and rng.random() < OPTIONAL_EMPTY and track != "cumlaude":
            return ""
        return _weighted(rng, table)

    def diploma_average(self, decl: DecimalField, person: _Person) -> str:
        """The diploma's average mark (0-100 scale) of a secondary-school graduate; empty
        for other graduates if the field is optional."""
        if person.education != "SMA" and not decl.required:
            return ""
        low = Decimal(decl.minimum if decl.minimum is not None else 0)
        high = Decimal(decl.maximum if decl.maximum is not None else 100)
        draw = self.rng.triangular(
            float(low + (high - low) * Decimal("0.7")),
            float(high),
            float(low + (high - low) * Decimal("0.82")),
        )
        places = decl.places if decl.places is not None else 2
        return _bounded_decimal(draw, low, high, places)

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
            home = self.catalogue.province
            if home is not None and rng.random() * 100 < LOCAL_PROVINCE_SHARE:
                return home  # a local office's applicants: mostly from its own province
            return _weighted(rng, PROVINCES)
        if lowered in {"name", "nama", "full_name", "nama_lengkap"}:
            return f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
        return None


def _is_birth(name: str) -> bool:
    lowered = name.lower()
    return "birth" in lowered or "lahir" in lowered
