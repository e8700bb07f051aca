"""Realistic synthetic data for a selection policy: formations, candidates and ratings.

:func:`synthesize` reads nothing but the policy's declarations and draws a recruitment cycle
from them; :func:`write_synth` writes it as the CSV files that ``asn-competency run`` reads.
The same policy, size, seed and as-of date give byte-identical files: every draw comes from
one ``random.Random(seed)`` in a fixed order, nothing reads the clock or the environment,
and nothing iterates a set or a hash-ordered mapping.

What is drawn, and why (see also the module's constants):

- **Formations** (about one per 20 applicants): groups of (position, education level, agency)
  at several locations, so that optimisation finds formations with the same position,
  education and agency. Tracks: mostly the general track (``umum``, or the first declared),
  a few cumlaude, disabilitas and diaspora formations (diaspora only at central agencies),
  papua formations only at locations in Papua. Quotas 1 (45%), 2 (25%), 3 (15%), 4-6 (10%),
  7-25 (5%). Formation fields: their default most of the time, otherwise a value in the upper
  half of their bounds (``skb_extra_weight``: 0 for about three in four, else 0.2-0.4).
- **Applicants** choose a formation with probability proportional to a log-normal
  popularity (sigma 1.1): a few formations attract many applicants, most a handful; about
  8% attract none, and special-track formations attract fewer.
- **Test scores**: each candidate has one latent ability z ~ N(0, 1); a component's score is
  ``centre + sd × (0.6 z + 0.8 e)`` with e ~ N(0, 1) (so components correlate at 0.36), sd =
  11% of the maximum, clamped to [0, maximum]. With a pass minimum, the centre sits above it
  by the normal quantile that makes each of the stage's k thresholded components pass with
  probability ``0.42 ** (1 / k ** 0.85)``: about half of those sitting the stage meet every
  minimum (CPNS SKD: 72-76% per component, 49% all three). Without one, the centre is 60%
  of the maximum. TWK and TIU are multiples of 5 (5 points per correct answer).
- **Who sits which stage**: candidates planted as ineligible (over the age limit, wrong
  education level) have no test scores after the eligibility stage; later test stages (SKB)
  and rating stages are given only to candidates who plausibly reach them (they met the
  earlier minimums, or, on a special track, 90% of their sum, and rank within the
  shortlist's multiplier × quota + 2 in their formation). Absentees: 4% of those who sit the
  first test stage, 5% of later ones, 3% of a rating stage have no score at all.
- **Ratings**: ``min_raters`` raters per criterion from panels ``R1..R3``, ``R4..R6``, ...;
  a per-candidate level (mid-scale, 0.4 ability + noise) plus per-criterion and per-rater
  noise, rounded to whole points within the scale and kept within ``max_spread``; 2% of
  the rated candidates have one criterion where raters disagree beyond it; one pair per 200
  rated candidates misses a rater.
- **Ages** on the as-of date: triangular 20-35 (mode 25) when the age limit is 40 or less,
  3% over the limit; education level matches the formation's for 96%.
- **Candidates on special tracks** fit them: a boolean field naming the track (``disability``
  for disabilitas) is true, a region field is a Papuan province for papua, a GPA is at least
  3.51 for cumlaude.
- **Planted problems** (about 1% of rows, every applicable kind at least once): an
  unparsable number (``1o5``), an out-of-range value, an impossible date (``2024-02-30``),
  an unknown formation id, a missing required value, an unknown code; and about one
  duplicated candidate id per 1,000 rows. Each is listed in :attr:`SynthData.planted` and
  counted in :attr:`SynthData.notes`.

Field names with a known meaning get realistic values (``birth_date``, ``education_level``,
``gpa``, ``gender``, ``religion``, ``region_of_origin``, ``disability``, ``name``); every
other declared field gets a value of its type within its declaration (a pattern is honoured by
generating from the regular expression). A candidate field ``x`` and a formation field
``x_weight`` (or a formula multiplying ``formation.w * x``) are paired: the candidate has ``x``
only when the formation's weight is not zero.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import math
import random
import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, ClassVar

from asn_competency.errors import ParameterError
from asn_competency.model import (
    BooleanField,
    DateField,
    DecimalField,
    EligibilityStage,
    EnumField,
    IntegerField,
    ParameterRef,
    RatingStage,
    SelectionPolicy,
    ShortlistStage,
    StringField,
    TestStage,
)

__all__ = [
    "CANDIDATE_FILE",
    "FORMATION_COLUMNS",
    "FORMATION_FILE",
    "INVALID_KINDS",
    "RATING_COLUMNS",
    "RATING_FILE",
    "Planted",
    "SynthData",
    "synthesize",
    "write_synth",
]

AnyField = IntegerField | DecimalField | StringField | EnumField | DateField | BooleanField

CANDIDATE_FILE = "candidates.csv"
FORMATION_FILE = "formations.csv"
RATING_FILE = "ratings.csv"

#: The fixed formation columns, before the policy's declared ``formation_fields``.
FORMATION_COLUMNS = (
    "formation_id",
    "quota",
    "track",
    "position",
    "education_level",
    "agency",
    "location",
)
#: The columns of the long ratings file.
RATING_COLUMNS = ("candidate_id", "stage_id", "rater_id", "criterion_id", "score")
#: The kinds of invalid candidate row planted (``invalid.<kind>`` in notes).
INVALID_KINDS = (
    "unparsable_number",
    "out_of_range",
    "bad_date",
    "unknown_formation",
    "missing_required",
    "unknown_code",
)

# ------------------------------------------------------------------------------- rates

APPLICANTS_PER_FORMATION = 20
UNPOPULAR_SHARE = 0.08  # formations nobody applies to
POPULARITY_SIGMA = 1.1
SPECIAL_POPULARITY = 0.3  # special-track formations attract fewer applicants
ABILITY_LOADING = 0.6  # components correlate at 0.6² = 0.36
SCORE_SD = 0.11  # of the component's maximum
STAGE_PASS_SHARE = 0.42  # target share meeting every minimum of a test stage
FIRST_TEST_ABSENT = 0.04
LATER_TEST_ABSENT = 0.05
RATING_ABSENT = 0.03
RATED_SHARE_UNSELECTED = 0.6  # rated share when no earlier stage selects
SHORTLIST_SLACK = 2
SPECIAL_TRACK_PASS = 0.9  # special tracks: plausible pass at 90% of the summed minimums
OVER_AGE = 0.03
EDUCATION_MISMATCH = 0.04
FLAG_FAILS = 0.03  # a boolean an eligibility rule reads has the failing value
OPTIONAL_EMPTY = 0.05
GPA_EMPTY = 0.03
INVALID_SHARE = 0.01
DUPLICATES_PER_ROW = 0.001
DISAGREEMENT_SHARE = 0.02
MISSING_RATER_SHARE = 0.005  # per rated candidate
CUMLAUDE_GPA = Decimal("3.51")
DEFAULT_AGE_LIMIT = 35

# ------------------------------------------------------------------------- catalogues

#: Positions and the education level each asks for.
POSITIONS: tuple[tuple[str, str], ...] = (
    ("Analis Kebijakan Ahli Pertama", "S1"),
    ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", "S1"),
    ("Pranata Komputer Ahli Pertama", "S1"),
    ("Pranata Komputer Terampil", "D3"),
    ("Perencana Ahli Pertama", "S1"),
    ("Auditor Ahli Pertama", "S1"),
    ("Analis Keuangan Pusat dan Daerah Ahli Pertama", "S1"),
    ("Statistisi Ahli Pertama", "S1"),
    ("Statistisi Terampil", "D3"),
    ("Pengelola Pengadaan Barang/Jasa Ahli Pertama", "S1"),
    ("Arsiparis Terampil", "D3"),
    ("Pustakawan Ahli Pertama", "S1"),
    ("Perawat Terampil", "D3"),
    ("Perawat Ahli Pertama", "S1"),
    ("Bidan Terampil", "D3"),
    ("Dokter Ahli Pertama", "S1"),
    ("Apoteker Ahli Pertama", "S1"),
    ("Guru Ahli Pertama", "S1"),
    ("Penyuluh Pertanian Ahli Pertama", "S1"),
    ("Penata Kelola Sistem dan Teknologi Informasi", "D4"),
    ("Dosen Asisten Ahli", "S2"),
    ("Peneliti Ahli Pertama", "S3"),
    ("Penjaga Tahanan", "SMA"),
    ("Pengadministrasi Perkantoran", "SMA"),
)

PAPUA_LOCATIONS = ("Jayapura", "Merauke", "Manokwari", "Sorong", "Nabire", "Timika")

#: Central agencies (offices across the country) and regional governments (their own area).
CENTRAL_AGENCIES = (
    "Kementerian Keuangan",
    "Kementerian Kesehatan",
    "Kementerian Agama",
    "Kementerian Hukum",
    "Badan Pusat Statistik",
    "Badan Kepegawaian Negara",
    "Kementerian Pertanian",
)
CENTRAL_LOCATIONS: tuple[str, ...] = (
    "Jakarta Pusat",
    "Jakarta Selatan",
    "Surabaya",
    "Medan",
    "Makassar",
    "Bandung",
    "Semarang",
    "Yogyakarta",
    "Denpasar",
    "Balikpapan",
    "Palembang",
    "Kupang",
    "Pontianak",
    "Manado",
    "Ambon",
    *PAPUA_LOCATIONS,
)
REGIONAL_AGENCIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Pemerintah Kota Surabaya",
        (
            "Kecamatan Gayungan",
            "Kecamatan Wonokromo",
            "Kecamatan Tegalsari",
            "Kecamatan Rungkut",
            "Kecamatan Sukolilo",
            "Kecamatan Genteng",
        ),
    ),
    ("Pemerintah Provinsi Jawa Timur", ("Surabaya", "Malang", "Kediri", "Madiun", "Jember")),
    ("Pemerintah Provinsi Jawa Barat", ("Bandung", "Bogor", "Cirebon", "Tasikmalaya")),
    ("Pemerintah Provinsi Sulawesi Selatan", ("Makassar", "Parepare", "Palopo", "Bone")),
    ("Pemerintah Kabupaten Sidoarjo", ("Sidoarjo", "Waru", "Krian", "Porong")),
    ("Pemerintah Provinsi Papua", ("Jayapura", "Biak", "Sarmi", "Keerom")),
    ("Pemerintah Provinsi Papua Barat", ("Manokwari", "Fakfak", "Kaimana")),
)
PAPUA_PLACES = frozenset((*PAPUA_LOCATIONS, "Biak", "Sarmi", "Keerom", "Fakfak", "Kaimana"))

#: Provinces with rough population weights (percent).
PROVINCES: tuple[tuple[str, float], ...] = (
    ("Jawa Barat", 18.0),
    ("Jawa Timur", 15.0),
    ("Jawa Tengah", 13.0),
    ("Sumatera Utara", 5.5),
    ("Banten", 4.5),
    ("DKI Jakarta", 4.0),
    ("Sulawesi Selatan", 3.3),
    ("Lampung", 3.3),
    ("Sumatera Selatan", 3.1),
    ("Riau", 2.5),
    ("Sumatera Barat", 2.0),
    ("Nusa Tenggara Timur", 2.0),
    ("Nusa Tenggara Barat", 2.0),
    ("Aceh", 2.0),
    ("Kalimantan Barat", 2.0),
    ("Bali", 1.6),
    ("Kalimantan Selatan", 1.5),
    ("Kalimantan Timur", 1.4),
    ("DI Yogyakarta", 1.4),
    ("Jambi", 1.3),
    ("Sulawesi Tengah", 1.1),
    ("Kalimantan Tengah", 1.0),
    ("Sulawesi Tenggara", 1.0),
    ("Sulawesi Utara", 0.9),
    ("Kepulauan Riau", 0.8),
    ("Maluku", 0.7),
    ("Bengkulu", 0.7),
    ("Papua", 0.6),
    ("Bangka Belitung", 0.5),
    ("Sulawesi Barat", 0.5),
    ("Maluku Utara", 0.5),
    ("Papua Tengah", 0.5),
    ("Gorontalo", 0.4),
    ("Papua Pegunungan", 0.5),
    ("Papua Barat", 0.2),
    ("Papua Selatan", 0.2),
    ("Papua Barat Daya", 0.2),
    ("Kalimantan Utara", 0.3),
)
PAPUA_PROVINCES = tuple(name for name, _ in PROVINCES if name.startswith("Papua"))

RELIGIONS: tuple[tuple[str, float], ...] = (
    ("Islam", 87.0),
    ("Kristen", 7.4),
    ("Katolik", 3.1),
    ("Hindu", 1.7),
    ("Buddha", 0.7),
    ("Khonghucu", 0.05),
)
GIVEN_NAMES = (
    "Adi", "Ayu", "Bayu", "Budi", "Citra", "Dewi", "Dian", "Eka", "Fajar", "Gita", "Hadi",
    "Indah", "Joko", "Kartika", "Lestari", "Made", "Nur", "Putri", "Rizky", "Sari", "Tono",
    "Wahyu", "Yohanes", "Yuli",
)  # fmt: skip
FAMILY_NAMES = (
    "Santoso", "Wijaya", "Saputra", "Lestari", "Hidayat", "Kurniawan", "Siregar", "Nasution",
    "Pratama", "Rahmawati", "Setiawan", "Simanjuntak", "Wenda", "Rumbiak", "Tanjung", "Utami",
)  # fmt: skip

#: Keywords by which a field name says it belongs to a special track.
TRACK_KEYWORDS: dict[str, tuple[str, ...]] = {
    "cumlaude": ("cumlaude", "cum_laude"),
    "diaspora": ("diaspora",),
    "disabilitas": ("disab",),
    "papua": ("papua",),
}
#: Share (percent) of formations per special track; an undeclared track is skipped.
TRACK_SHARES: dict[str, float] = {"cumlaude": 4.0, "disabilitas": 3.0, "diaspora": 1.5}
PAPUA_TRACK_SHARE = 15.0  # percent of the formations located in Papua
OTHER_TRACK_SHARE = 2.0
#: Components scored in steps (points per correct answer).
SCORE_STEPS = {"twk": 5, "tiu": 5}

_LIMIT_WORDS = frozenset({"max", "maks", "maksimal", "maksimum", "maximum", "limit", "batas"})
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PAIRS = (
    re.compile(r"formation\.([a-z][a-z0-9_]*)\s*\*\s*([a-z][a-z0-9_]*)"),
    re.compile(r"([a-z][a-z0-9_]*)\s*\*\s*formation\.([a-z][a-z0-9_]*)"),
)


@dataclass(frozen=True)
class Planted:
    """One planted case: its kind (the notes key), the candidate row (0-based index into
    :attr:`SynthData.candidates`; ``None`` for a rating case without a row of its own), the
    candidate id, the field (or ``stage/criterion`` for ratings) and the value written."""

    kind: str
    row: int | None
    candidate_id: str
    field: str
    value: str


@dataclass(frozen=True)
class SynthData:
    """A synthetic recruitment cycle: rows as they will be written (every value a string,
    empty for a missing value), what was planted, and counts of it by kind.

    ``notes`` keys: ``absent.<stage>``, ``invalid.<kind>``, ``duplicate_ids``,
    ``eligibility.over_age``, ``eligibility.education_mismatch``,
    ``ratings.<stage>.candidates``, ``ratings.<stage>.disagreement``,
    ``ratings.<stage>.missing_rater``, ``formations.without_applicants``.
    """

    candidates: list[dict[str, str]]
    formations: list[dict[str, str]]
    ratings: list[dict[str, str]]
    notes: dict[str, int]
    planted: list[Planted] = field(default_factory=list)
    has_ratings: bool = False


def synthesize(policy: SelectionPolicy, *, applicants: int, seed: int, as_of: dt.date) -> SynthData:
    """Draw a realistic recruitment cycle of ``applicants`` candidate rows for ``policy``.

    Deterministic: the same arguments give the same data. Parameters (pass minimums, the age
    limit) are taken in force on ``as_of``, and ages are counted on it.
    """
    if applicants < 1:
        raise ValueError("applicants must be at least 1")
    return _Synth(policy, as_of, random.Random(seed)).run(applicants)


def write_synth(data: SynthData, out: Path) -> dict[str, Path]:
    """Write ``candidates.csv``, ``formations.csv`` and, when the policy has rating stages,
    ``ratings.csv`` into ``out`` (created if needed): UTF-8, LF line ends, a header row.
    Returns the paths by name (``candidates``, ``formations``, ``ratings``)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "candidates": out / CANDIDATE_FILE,
        "formations": out / FORMATION_FILE,
    }
    _write_csv(paths["candidates"], data.candidates, None)
    _write_csv(paths["formations"], data.formations, FORMATION_COLUMNS)
    if data.has_ratings:
        paths["ratings"] = out / RATING_FILE
        _write_csv(paths["ratings"], data.ratings, RATING_COLUMNS)
    return paths


def _write_csv(path: Path, rows: Sequence[dict[str, str]], default: Sequence[str] | None) -> None:
    columns = list(rows[0]) if rows else list(default or ())
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([row[c] for c in columns] for row in rows)


# ------------------------------------------------------------------------- formatting


def _decimal_text(value: Decimal, places: int) -> str:
    """``value`` rounded half-up to ``places`` and written in plain notation."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(abs(rounded) if rounded == 0 else rounded, "f")


def _bounded_decimal(value: float, low: Decimal, high: Decimal, places: int) -> str:
    exponent = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)
    if rounded > high:
        rounded = high.quantize(exponent, rounding=ROUND_FLOOR)
    if rounded < low:
        rounded = low.quantize(exponent, rounding=ROUND_CEILING)
    return _decimal_text(rounded, places)


def _clamp(value: float, low: float, high: float) -> float:
    return low if value < low else high if value > high else value


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def _weighted(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    return rng.choices([name for name, _ in table], weights=[w for _, w in table])[0]


# ---------------------------------------------------------------- strings from patterns


class _Pattern:
    """Random strings that fully match a regular expression (the common constructs:
    literals, classes, categories, repeats, groups, alternation)."""

    _POOL: ClassVar[str] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    _CATEGORIES: ClassVar[dict[str, str]] = {
        "CATEGORY_DIGIT": "0123456789",
        "CATEGORY_NOT_DIGIT": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "CATEGORY_WORD": _POOL + "_",
        "CATEGORY_NOT_WORD": " -.",
        "CATEGORY_SPACE": " ",
        "CATEGORY_NOT_SPACE": _POOL,
    }

    def __init__(self, pattern: str, max_length: int | None) -> None:
        parser: Any = importlib.import_module("re._parser")
        self.pattern = pattern
        self.compiled = re.compile(pattern)
        self.tree: Any = parser.parse(pattern)
        self.max_length = max_length

    def draw(self, rng: random.Random) -> str:
        """A random string matching the pattern; ``ValueError`` if none is found."""
        for _ in range(100):
            text = "".join(self._emit(self.tree, rng))
            fits = self.max_length is None or len(text) <= self.max_length
            if fits and self.compiled.fullmatch(text):
                return text
        raise ValueError(f"cannot generate a value matching the pattern {self.pattern!r}")

    def _chars(self, items: Any) -> str:
        chars: list[str] = []
        negate = False
        for op, arg in items:
            name = str(op)
            if name == "NEGATE":
                negate = True
            elif name == "LITERAL":
                chars.append(chr(arg))
            elif name == "RANGE":
                chars += [chr(c) for c in range(arg[0], min(arg[1], arg[0] + 200) + 1)]
            elif name == "CATEGORY":
                chars += self._CATEGORIES.get(str(arg), "")
        if negate:
            return "".join(c for c in self._POOL if c not in chars)
        return "".join(chars)

    def _emit(self, items: Any, rng: random.Random) -> Iterator[str]:
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                yield chr(arg)
            elif name in {"NOT_LITERAL", "ANY"}:
                yield rng.choice([c for c in self._POOL if name == "ANY" or ord(c) != arg])
            elif name == "IN":
                chars = self._chars(arg)
                if chars:
                    yield rng.choice(chars)
            elif name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
                low, high, sub = arg
                for _ in range(rng.randint(low, min(high, low + 6))):
                    yield from self._emit(sub, rng)
            elif name in {"SUBPATTERN", "ATOMIC_GROUP"}:
                yield from self._emit(arg[-1], rng)
            elif name == "BRANCH":
                yield from self._emit(rng.choice(arg[1]), rng)


# ------------------------------------------------------------------------ the drawing


@dataclass(slots=True)
class _Person:
    """A candidate while the cycle is drawn."""

    formation: int
    track: str
    ability: float
    eligible: bool = True
    alive: bool = True
    key: float = 0.0


@dataclass(frozen=True, slots=True)
class _Component:
    """How one test component is drawn."""

    name: str
    decl: IntegerField | DecimalField
    low: float
    high: float
    sd: float
    centre: float
    minimum: float | None
    step: int


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


class _Synth:
    """One drawing: the policy's declarations read once, then every part drawn in order."""

    def __init__(self, policy: SelectionPolicy, as_of: dt.date, rng: random.Random) -> None:
        self.policy = policy
        self.as_of = as_of
        self.rng = rng
        self.notes: dict[str, int] = {}
        self.planted: list[Planted] = []
        self.general = next((t.id for t in policy.tracks if t.id == "umum"), policy.tracks[0].id)
        self.tracks = [t.id for t in policy.tracks]
        self.decls: dict[str, AnyField] = {
            **policy.candidate_fields,
            **policy.protected_attributes,
        }
        self.columns = [
            "candidate_id",
            "formation_id",
            *(n for n in self.decls if n not in {"candidate_id", "formation_id"}),
        ]
        #: Candidate fields that test components read (drawn with their stage).
        self.components = frozenset(
            component.field
            for stage in policy.stages
            if isinstance(stage, TestStage)
            for component in stage.components
        )
        self.pairs = self._paired_fields()
        self.patterns: dict[tuple[str, int | None], _Pattern] = {}
        self.age_parameter, self.age_limit = self._age_limit()
        self.extra: dict[str, dict[str, str]] = {}
        self.id_width = 6
        rules = [
            rule.rule
            for stage in policy.stages
            if isinstance(stage, EligibilityStage)
            for rule in stage.rules
        ]
        ruled = {name for rule in rules for name in _IDENT.findall(rule)}
        #: Boolean fields an eligibility rule reads, and the value it plausibly asks for.
        self.required_flags = {
            name: not any(
                re.search(rf"\bnot\s+{name}\b|\b{name}\s*(==\s*false|!=\s*true)\b", rule)
                for rule in rules
            )
            for name, decl in self.decls.items()
            if isinstance(decl, BooleanField) and name in ruled
        }
        self.checks_education = "education_level" in ruled
        self.checks_age = self.age_parameter in ruled or any(
            "birth" in n or "lahir" in n for n in ruled
        )

    # ------------------------------------------------------------------ declarations

    def count(self, key: str, by: int = 1) -> None:
        self.notes[key] = self.notes.get(key, 0) + by

    def plant(self, kind: str, row: int | None, cid: str, name: str, value: str) -> None:
        self.planted.append(Planted(kind, row, cid, name, value))
        self.count(kind)

    def resolve(self, value: Decimal | ParameterRef | None) -> Decimal | None:
        """A number or a parameter's value in force on the as-of date."""
        if isinstance(value, ParameterRef):
            resolved = self.policy.parameters[value.parameter].at(value.parameter, self.as_of)
            return Decimal(str(resolved.value))
        return value

    def _age_limit(self) -> tuple[str | None, int | None]:
        """The maximum-age parameter's name and value in force, if the policy has one."""
        for name in sorted(self.policy.parameters):
            parameter = self.policy.parameters[name]
            words = set(name.lower().split("_"))
            about_age = bool(words & {"age", "usia", "umur"})
            if parameter.type != "integer" or not about_age or not words & _LIMIT_WORDS:
                continue
            try:
                value = parameter.at(name, self.as_of).value
            except ParameterError:
                continue
            if isinstance(value, int) and not isinstance(value, bool):
                return name, value
        return None, None

    def _paired_fields(self) -> dict[str, str]:
        """Candidate field → formation weight field that switches it on."""
        texts = [
            text
            for document in (*self.policy.scores.values(), *self.policy.stages)
            for text in _strings(document.model_dump())
        ]
        pairs: dict[str, str] = {}
        for candidate in self.policy.candidate_fields:
            if f"{candidate}_weight" in self.policy.formation_fields:
                pairs[candidate] = f"{candidate}_weight"
        for text in texts:
            for weight, name in _PAIRS[0].findall(text):
                if name in self.policy.candidate_fields and weight in self.policy.formation_fields:
                    pairs.setdefault(name, weight)
            for name, weight in _PAIRS[1].findall(text):
                if name in self.policy.candidate_fields and weight in self.policy.formation_fields:
                    pairs.setdefault(name, weight)
        numeric = {
            name
            for name, decl in self.policy.candidate_fields.items()
            if isinstance(decl, IntegerField | DecimalField)
        }
        return {
            name: pairs[name]
            for name in sorted(pairs)
            if name in numeric and name not in self.components
        }

    def _education_codes(self) -> list[str] | None:
        decl = self.policy.candidate_fields.get("education_level")
        return list(decl.values) if isinstance(decl, EnumField) else None

    # ------------------------------------------------------------------- the cycle

    def run(self, applicants: int) -> SynthData:
        formations = self.formations(max(6, applicants // APPLICANTS_PER_FORMATION))
        self.formation_fields(formations)
        people = self.people(formations, applicants)
        self.id_width = max(6, len(str(applicants)))
        rows = [self.candidate_row(i, p, formations) for i, p in enumerate(people)]
        self.duplicates(rows)
        ratings = self.stages(people, rows, formations)
        self.invalid(rows, len(formations))
        used = {row["formation_id"] for row in rows}
        unused = sum(1 for f in formations if f.id not in used)
        self.count("formations.without_applicants", unused)
        return SynthData(
            candidates=rows,
            formations=[self.formation_row(f) for f in formations],
            ratings=ratings,
            notes=dict(sorted(self.notes.items())),
            planted=self.planted,
            has_ratings=any(isinstance(s, RatingStage) for s in self.policy.stages),
        )

    # ------------------------------------------------------------------- formations

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

    # --------------------------------------------------------------------- people

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

    def generic(self, decl: AnyField, name: str, *, required: bool) -> str:
        """A value of the declared type within its bounds, codes, places or pattern;
        an optional field is sometimes empty."""
        rng = self.rng
        if not required and rng.random() < OPTIONAL_EMPTY:
            return ""
        if isinstance(decl, IntegerField):
            low = decl.minimum if decl.minimum is not None else 0
            high = decl.maximum if decl.maximum is not None else low + 100
            if decl.maximum is not None and decl.minimum is None:
                low = min(0, high) if high >= 0 else high - 100
            return str(round(rng.triangular(low, high, (low + high) / 2)))
        if isinstance(decl, DecimalField):
            places = decl.places if decl.places is not None else 2
            dlow = decl.minimum if decl.minimum is not None else Decimal(0)
            dhigh = decl.maximum if decl.maximum is not None else dlow + 100
            if decl.maximum is not None and decl.minimum is None:
                dlow = min(Decimal(0), dhigh) if dhigh >= 0 else dhigh - 100
            draw = rng.triangular(float(dlow), float(dhigh), float(dlow + dhigh) / 2)
            return _bounded_decimal(draw, dlow, dhigh, places)
        if isinstance(decl, EnumField):
            return rng.choice(decl.values)
        if isinstance(decl, DateField):
            start = decl.minimum or _add_years(self.as_of, -30)
            end = decl.maximum or self.as_of
            end = max(end, start)
            return (start + dt.timedelta(days=rng.randrange((end - start).days + 1))).isoformat()
        if isinstance(decl, BooleanField):
            return "true" if rng.random() < 0.5 else "false"
        if decl.pattern is not None:
            key = (decl.pattern, decl.max_length)
            if key not in self.patterns:
                self.patterns[key] = _Pattern(decl.pattern, decl.max_length)
            return self.patterns[key].draw(rng)
        text = f"{name or 'nilai'}-{rng.randint(1, 20)}"
        return text[: decl.max_length] if decl.max_length else text

    # ------------------------------------------------------------------------ stages

    def stages(
        self, people: list[_Person], rows: list[dict[str, str]], formations: list[_Formation]
    ) -> list[dict[str, str]]:
        """Take the candidates through the stages as far as they plausibly get."""
        ratings: list[dict[str, str]] = []
        selective = False
        first_test = True
        previous: TestStage | None = None
        for stage in self.policy.stages:
            if isinstance(stage, EligibilityStage):
                for person in people:
                    person.alive = person.alive and person.eligible
                selective = selective or not all(p.eligible for p in people)
            elif isinstance(stage, TestStage):
                self.test(stage, people, rows, formations, first=first_test)
                first_test = False
                previous = stage
                selective = True
            elif isinstance(stage, ShortlistStage) and previous is not None:
                self.shortlist(stage, people, formations)
            elif isinstance(stage, RatingStage):
                ratings += self.rating(stage, people, rows, selective=selective)
        return ratings

    def test(
        self,
        stage: TestStage,
        people: list[_Person],
        rows: list[dict[str, str]],
        formations: list[_Formation],
        *,
        first: bool,
    ) -> None:
        """Scores for those who sit the stage; absentees; who plausibly passes."""
        rng = self.rng
        parts = self.components_of(stage)
        optional = all(not part.decl.required for part in parts)
        paired = [n for n in self.pairs if self.stage_of(n) is stage]
        absent_rate = FIRST_TEST_ABSENT if first else LATER_TEST_ABSENT
        summed = sum(part.minimum for part in parts if part.minimum is not None)
        special = {t for e in stage.exceptions for t in e.tracks}
        for index, person in enumerate(people):
            row = rows[index]
            if not person.alive:
                continue
            if optional and rng.random() < absent_rate:
                person.alive = False
                self.plant(f"absent.{stage.id}", index, row["candidate_id"], stage.id, "")
                continue
            passed = True
            total = 0.0
            for part in parts:
                text, score = self.score(part, person)
                row[part.name] = text
                total += score
                passed = passed and (part.minimum is None or score >= part.minimum)
            if person.track in special and not passed:
                passed = total >= SPECIAL_TRACK_PASS * summed
            for name in paired:
                weight = self.extra[formations[person.formation].id][self.pairs[name]]
                if weight and Decimal(weight) != 0:
                    row[name] = self.paired_value(name, person)
            person.alive = passed
            person.key = total

    def components_of(self, stage: TestStage) -> list[_Component]:
        """How each component of a test stage is drawn.

        With k thresholded components, each is centred above its minimum by the normal
        quantile of ``STAGE_PASS_SHARE ** (1 / k ** 0.85)`` standard deviations (the exponent
        allows for the components' correlation), so that about half meet every minimum."""
        minimums = [self.resolve(c.pass_minimum) for c in stage.components]
        thresholded = sum(1 for m in minimums if m is not None)
        share = STAGE_PASS_SHARE ** (1 / thresholded**0.85) if thresholded else 0.5
        shift = statistics.NormalDist().inv_cdf(share)
        parts = []
        for component, minimum in zip(stage.components, minimums, strict=True):
            decl = self.policy.candidate_fields[component.field]
            if not isinstance(decl, IntegerField | DecimalField):
                raise TypeError(f"test component field {component.field!r} is not numeric")
            low = float(decl.minimum) if decl.minimum is not None else 0.0
            top = decl.maximum if decl.maximum is not None else component.maximum
            high = float(min(Decimal(top), component.maximum))
            sd = SCORE_SD * float(component.maximum)
            centre = float(minimum) + shift * sd if minimum is not None else 0.6 * high
            step = SCORE_STEPS.get(component.field.lower(), 1)
            if not isinstance(decl, IntegerField) or int(high) % step:
                step = 1
            parts.append(
                _Component(
                    component.field,
                    decl,
                    low,
                    high,
                    sd,
                    centre,
                    None if minimum is None else float(minimum),
                    step,
                )
            )
        return parts

    def score(self, part: _Component, person: _Person) -> tuple[str, float]:
        """One component score: as written, and its value."""
        loading = math.sqrt(1 - ABILITY_LOADING**2)
        z = ABILITY_LOADING * person.ability + loading * self.rng.gauss(0, 1)
        raw = _clamp(part.centre + part.sd * z, part.low, part.high)
        if isinstance(part.decl, IntegerField):
            whole = part.step * math.floor(raw / part.step + 0.5)
            whole = int(_clamp(whole, math.ceil(part.low), math.floor(part.high)))
            return str(whole), float(whole)
        places = part.decl.places if part.decl.places is not None else 2
        text = _bounded_decimal(raw, Decimal(str(part.low)), Decimal(str(part.high)), places)
        return text, float(text)

    def stage_of(self, name: str) -> TestStage | None:
        """The test stage whose score formula (through the named scores) reads ``name``;
        otherwise the last test stage."""
        tests = [s for s in self.policy.stages if isinstance(s, TestStage)]
        for stage in tests:
            if stage.score is not None and name in self.reads(stage.score, set()):
                return stage
        return tests[-1] if tests else None

    def reads(self, formula: str, seen: set[str]) -> set[str]:
        """Every name a formula reads, following named scores."""
        names = set(_IDENT.findall(formula))
        for name in sorted(names):
            score = self.policy.scores.get(name)
            if score is not None and name not in seen:
                seen.add(name)
                for text in _strings(score.model_dump()):
                    names |= self.reads(text, seen)
        return names

    def paired_value(self, name: str, person: _Person) -> str:
        """An extra test score: bell-shaped, centred at 65% of its range."""
        decl = self.policy.candidate_fields[name]
        if not isinstance(decl, IntegerField | DecimalField):
            raise TypeError(f"paired field {name!r} is not numeric")
        low = float(decl.minimum) if decl.minimum is not None else 0.0
        high = float(decl.maximum) if decl.maximum is not None else low + 100
        noise = math.sqrt(1 - ABILITY_LOADING**2) * self.rng.gauss(0, 1)
        z = ABILITY_LOADING * person.ability + noise
        raw = _clamp(low + (high - low) * (0.65 + 0.12 * z), low, high)
        if isinstance(decl, IntegerField):
            return str(math.floor(raw + 0.5))
        places = decl.places if decl.places is not None else 2
        return _bounded_decimal(raw, Decimal(str(low)), Decimal(str(high)), places)

    def shortlist(
        self, stage: ShortlistStage, people: list[_Person], formations: list[_Formation]
    ) -> None:
        """Per formation, the best multiplier × quota (+ slack) by the last test's total."""
        groups: dict[int, list[int]] = {}
        for index, person in enumerate(people):
            if person.alive:
                groups.setdefault(person.formation, []).append(index)
        for number in sorted(groups):
            members = sorted(groups[number], key=lambda i: (-people[i].key, i))
            keep = stage.multiplier * formations[number].quota + SHORTLIST_SLACK
            for index in members[keep:]:
                people[index].alive = False

    def rating(
        self,
        stage: RatingStage,
        people: list[_Person],
        rows: list[dict[str, str]],
        *,
        selective: bool,
    ) -> list[dict[str, str]]:
        """Ratings of the candidates who plausibly reach the stage: ``min_raters`` panel
        raters per criterion, around a per-candidate level, within ``max_spread`` except
        the planted disagreements; a few pairs miss one rater."""
        rng = self.rng
        low = math.ceil(stage.scale[0])
        high = math.floor(stage.scale[1])
        allowed = math.floor(stage.max_spread) if stage.max_spread is not None else None
        rated = self.rated(stage, people, rows, selective=selective)
        disagree, missing = self.rating_cases(stage, len(rated), low, high, allowed)
        panels = max(1, math.ceil(len(rated) / 100))
        out: list[dict[str, str]] = []
        pair = 0
        for index in rated:
            cid = rows[index]["candidate_id"]
            panel = rng.randrange(panels)
            ids = [f"R{panel * stage.min_raters + r + 1}" for r in range(stage.min_raters)]
            noise = 0.4 * people[index].ability + 0.9 * rng.gauss(0, 1)
            level = (low + high) / 2 + (high - low) / 4 * noise
            for criterion in stage.criteria:
                where = f"{stage.id}/{criterion.id}"
                if pair in disagree and allowed is not None:
                    scores = self.disagreement(len(ids), low, high, allowed)
                    self.plant(f"ratings.{stage.id}.disagreement", index, cid, where, "")
                else:
                    scores = self.agreement(len(ids), level, low, high, allowed)
                given = list(zip(ids, scores, strict=True))
                if pair in missing:
                    dropped = given.pop(rng.randrange(len(given)))
                    self.plant(f"ratings.{stage.id}.missing_rater", index, cid, where, dropped[0])
                out += [
                    {
                        "candidate_id": cid,
                        "stage_id": stage.id,
                        "rater_id": rater,
                        "criterion_id": criterion.id,
                        "score": str(score),
                    }
                    for rater, score in given
                ]
                pair += 1
        return out

    def rated(
        self,
        stage: RatingStage,
        people: list[_Person],
        rows: list[dict[str, str]],
        *,
        selective: bool,
    ) -> list[int]:
        """Rows rated at the stage: those still plausibly in the selection (a random 60%
        when no earlier stage selects), one row per candidate id, less a few absentees."""
        rng = self.rng
        rated: list[int] = []
        seen: set[str] = set()
        for index, person in enumerate(people):
            cid = rows[index]["candidate_id"]
            if not person.alive or cid in seen:
                continue
            if not selective and rng.random() >= RATED_SHARE_UNSELECTED:
                person.alive = False
                continue
            if rng.random() < RATING_ABSENT:
                person.alive = False
                self.plant(f"absent.{stage.id}", index, cid, stage.id, "")
                continue
            seen.add(cid)
            rated.append(index)
        self.count(f"ratings.{stage.id}.candidates", len(rated))
        return rated

    def rating_cases(
        self, stage: RatingStage, rated: int, low: int, high: int, allowed: int | None
    ) -> tuple[set[int], set[int]]:
        """Which candidate-criterion pairs (numbered in writing order) disagree beyond the
        allowed spread (as many pairs as 2% of the rated candidates, so that about 2% of
        candidates go to review), and which miss one rater (one pair per 200 rated
        candidates)."""
        rng = self.rng
        pairs = rated * len(stage.criteria)
        if pairs < 20:
            return set(), set()
        disagree: set[int] = set()
        if allowed is not None and high - low > allowed and stage.min_raters >= 2:
            wanted = max(1, round(rated * DISAGREEMENT_SHARE))
            disagree = set(rng.sample(range(pairs), wanted))
        rest = [p for p in range(pairs) if p not in disagree]
        wanted = max(1, round(rated * MISSING_RATER_SHARE))
        return disagree, set(rng.sample(rest, min(len(rest), wanted)))

    def agreement(
        self, count: int, level: float, low: int, high: int, allowed: int | None
    ) -> list[int]:
        """Scores around ``level`` with small noise, within the allowed spread."""
        rng = self.rng
        centre = level + rng.gauss(0, 0.5)
        scores = [
            int(_clamp(math.floor(centre + rng.gauss(0, 0.45) + 0.5), low, high))
            for _ in range(count)
        ]
        if allowed is not None and max(scores) - min(scores) > allowed:
            first = math.floor(centre + 0.5) - allowed // 2
            first = int(_clamp(first, low, high - allowed))
            scores = [int(_clamp(score, first, first + allowed)) for score in scores]
        return scores

    def disagreement(self, count: int, low: int, high: int, allowed: int) -> list[int]:
        """Scores whose spread is beyond ``allowed``: one rater low, one high."""
        rng = self.rng
        bottom = rng.randint(low, high - allowed - 1)
        top = rng.randint(bottom + allowed + 1, high)
        scores = [bottom, top] + [rng.randint(bottom, top) for _ in range(count - 2)]
        rng.shuffle(scores)
        return scores

    # ------------------------------------------------------------------ planted rows

    def duplicates(self, rows: list[dict[str, str]]) -> None:
        """About one row in 1,000 takes the candidate id of an earlier row."""
        rng = self.rng
        if len(rows) < 2:
            return
        wanted = max(1, round(len(rows) * DUPLICATES_PER_ROW))
        later = sorted(rng.sample(range(1, len(rows)), min(wanted, len(rows) - 1)))
        taken = set(later)
        for index in later:
            earlier = rng.randrange(index)
            while earlier in taken:
                earlier = rng.randrange(index)
            cid = rows[earlier]["candidate_id"]
            rows[index]["candidate_id"] = cid
            self.plant("duplicate_ids", index, cid, "candidate_id", cid)

    def invalid(self, rows: list[dict[str, str]], formation_count: int) -> None:
        """About 1% of rows get one problem each, every applicable kind at least once."""
        rng = self.rng
        kinds = [k for k in INVALID_KINDS if self.can_plant(k)]
        if not kinds or len(rows) < 10:
            return
        taken = {p.row for p in self.planted if p.kind == "duplicate_ids"}
        free = [i for i in range(len(rows)) if i not in taken]
        wanted = min(len(free) // 10, max(len(kinds), round(len(rows) * INVALID_SHARE)))
        chosen = sorted(rng.sample(free, wanted))
        order = kinds + [rng.choice(kinds) for _ in range(wanted - len(kinds))]
        rng.shuffle(order)
        for index in chosen:
            row = rows[index]
            for kind in [order.pop(), *kinds]:
                planted = self.plant_invalid(kind, row, formation_count)
                if planted is not None:
                    name, value = planted
                    self.plant(f"invalid.{kind}", index, row["candidate_id"], name, value)
                    break

    def can_plant(self, kind: str) -> bool:
        """Whether the policy declares a candidate field this kind of problem can be planted
        in (not a protected attribute: a problem there is only a warning)."""
        decls = self.policy.candidate_fields.values()
        if kind in {"unparsable_number", "out_of_range"}:
            return any(isinstance(d, IntegerField | DecimalField) for d in decls)
        if kind == "bad_date":
            return any(isinstance(d, DateField) for d in decls)
        if kind == "missing_required":
            return any(
                d.required for n, d in self.policy.candidate_fields.items() if n != "candidate_id"
            )
        if kind == "unknown_code":
            return any(isinstance(d, EnumField) for d in decls)
        return True

    def plant_invalid(
        self, kind: str, row: dict[str, str], formation_count: int
    ) -> tuple[str, str] | None:
        """Write one problem of ``kind`` into the row: (field, value written), or ``None``
        when the row has no field it fits."""
        rng = self.rng
        fields = self.policy.candidate_fields
        filled = [n for n in self.columns[2:] if n in fields and row.get(n)]
        numeric = {n: d for n, d in fields.items() if isinstance(d, IntegerField | DecimalField)}
        planted: tuple[str, str] | None = None
        if kind == "unknown_formation":
            number = formation_count + 1 + rng.randrange(1000)
            planted = "formation_id", self.formation_id(number, len(row["formation_id"]) - 1)
        elif kind == "missing_required":
            names = [n for n, d in fields.items() if d.required and row.get(n)]
            names = [n for n in names if n != "candidate_id"]
            planted = (rng.choice(names), "") if names else None
        elif kind == "unparsable_number":
            names = [n for n in filled if n in numeric]
            name = rng.choice(names) if names else None
            planted = (name, _mangle(row[name])) if name else None
        elif kind == "out_of_range":
            bounded = [
                (n, d) for n, d in numeric.items() if d.minimum is not None or d.maximum is not None
            ]
            if bounded:
                name, decl = rng.choice(bounded)
                if decl.maximum is not None:
                    beyond = Decimal(decl.maximum) + rng.choice((1, 5, 10, 100))
                else:
                    beyond = Decimal(decl.minimum or 0) - rng.choice((1, 5, 10))
                planted = name, format(beyond, "f")
        elif kind == "bad_date":
            dates = [n for n, d in fields.items() if isinstance(d, DateField)]
            dates = [n for n in dates if n not in {"candidate_id", "formation_id"}]
            if dates:
                name = rng.choice(dates)
                year = row[name][:4] if row[name] else str(self.as_of.year - 25)
                planted = name, rng.choice((f"{year}-02-30", f"{year}-04-31", f"{year}-13-01"))
        else:
            planted = self.unknown_code(row, filled)
        if planted is not None:
            row[planted[0]] = planted[1]
        return planted

    def unknown_code(self, row: dict[str, str], filled: list[str]) -> tuple[str, str] | None:
        """An enum value mistyped into a code the declaration does not list (``S-1``)."""
        fields = self.policy.candidate_fields
        codes = {n: d.values for n, d in fields.items() if isinstance(d, EnumField)}
        names = [n for n in filled if n in codes]
        if not names:
            return None
        name = self.rng.choice(names)
        value = row[name]
        for guess in (f"{value[:1]}-{value[1:]}", value.lower(), f"{value}?"):
            if guess not in codes[name]:
                return name, guess
        return None


# ---------------------------------------------------------------------------- helpers


def _strings(data: object) -> Iterator[str]:
    """Every string inside nested dumps of a model (formulas, rules, inputs)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key in sorted(data, key=str):
            yield from _strings(data[key])
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _strings(item)


def _text(value: object) -> str:
    """A declared default as written in a file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _fits(decl: StringField | EnumField, value: str) -> bool:
    if isinstance(decl, EnumField):
        return value in decl.values
    if decl.max_length is not None and len(value) > decl.max_length:
        return False
    return decl.pattern is None or re.fullmatch(decl.pattern, value) is not None


def _first_fitting(decl: AnyField | None, spellings: list[str]) -> str:
    """The first spelling the declaration (a string field, or none) accepts."""
    if not isinstance(decl, StringField):
        return spellings[0]
    for spelling in spellings:
        if _fits(decl, spelling):
            return spelling
    raise ValueError(f"no id spelling fits the declaration (pattern {decl.pattern!r})")


def _mangle(value: str) -> str:
    """A number a person might mistype: a letter o for a zero, l for a one."""
    if "0" in value:
        return value.replace("0", "o", 1)
    if "1" in value:
        return value.replace("1", "l", 1)
    return f"{value[:1]}o{value[1:]}"
