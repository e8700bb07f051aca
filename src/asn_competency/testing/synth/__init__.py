"""Realistic synthetic data for a selection policy: formations, candidates and ratings.

:func:`synthesize` reads nothing but the policy's declarations and draws a recruitment cycle
from them; :func:`write_synth` writes it as the CSV files that ``asn-competency run`` reads.
The same policy, size, seed and as-of date give byte-identical files: every draw comes from
one ``random.Random(seed)`` in a fixed order, nothing reads the clock or the environment,
and nothing iterates a set or a hash-ordered mapping.

What is drawn, and why (see also the constants in :mod:`.rates`):

- **Where** (:mod:`._catalogue`): a policy whose position standard names its unit
  (``position.unit: Kecamatan Gayungan, Kota Surabaya``) is a selection for that office and
  gets a local catalogue: the standard's own position, at the unit and the offices under it
  (the gazetteer in :mod:`.catalogues`: Kecamatan Gayungan's four kelurahan), for the
  government of the region (Pemerintah Kota Surabaya), at the education levels usual for the
  position's type (pelaksana: D3, SMA, S1), quotas 1 (70%) or 2, applicants mostly from the
  region's province. Every other policy gets the national catalogue. The choice reads the
  standard, not the policy id, so another office's policy gets its own posts.
- **National formations** (about one per 20 applicants): groups of (position, education
  level, agency) at several locations, so that optimisation finds formations with the same
  position, education and agency. Tracks: mostly the general track (``umum``, or the first
  declared), a few cumlaude (S1 and higher only), disabilitas and diaspora formations
  (diaspora only at central agencies), papua formations only at locations in Papua. Quotas 1
  (45%), 2 (25%), 3 (15%), 4-6 (10%), 7-25 (5%); from 20 formations on, every declared
  track has at least one (a general formation that fits it takes it). **Local
  formations**: one per position and place.
- **Formation fields**: their default most of the time, otherwise a value in the upper half
  of their bounds (``skb_extra_weight``: 0 for about three in four, else 0.2-0.4); a list of
  study programmes (``qualifications``): one to three of the position's at the formation's
  level ("S-1 Ilmu Hukum"); a list of education codes: the formation's level (or, if the rule
  reading it also compares ``formation.education_level``, only the other codes of that
  level, now and then: D4 for S1); a boolean about age (``batas_usia_40``): true for the
  positions whose limit is 40; a retirement age: 58, teachers 60, lecturers 65; an enum
  naming the position's level (``ahli_pertama``, ``pelaksana``); a re-declared standard column
  keeps the catalogue's value.
- **Applicants** choose a formation with probability proportional to a log-normal
  popularity (sigma 1.1): a few formations attract many applicants, most a handful; about
  8% attract none, and special-track formations attract fewer; a local office's posts all
  draw applicants, more evenly (sigma 0.4).
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
  a per-candidate level (mid-scale, 0.4 ability + noise; for a criterion a Profile Matching
  or JPM score reads as a competency, the standard's required level + 0.3 + 0.8 × the same
  standing) plus per-criterion and per-rater
  noise, rounded to whole points within the scale and kept within ``max_spread``; 2% of
  the rated candidates have one criterion where raters disagree beyond it; one pair per 200
  rated candidates misses a rater.
- **What the eligibility rules ask** (:mod:`._rules` reads their simple shapes): the age
  bounds per formation (a parameter, a formation field such as a retirement age, an
  alternative that a formation flag switches on), the least value of an integer field, the
  codes an enum must have, the formation list a field is looked up in (and, from the
  orderings, the codes a priority-group key lists: only those are drawn). Applicants mostly
  meet them; each value a rule refuses is planted (``eligibility.<kind>``, 3-4%), so the
  engine finds no ineligible row that was not planted.
- **Ages** on the as-of date: from the usual graduation age of the candidate's education
  (SMA 18, D3 21, S1 22, S2 24, S3 28; plus the experience a rule asks) and the minimum age,
  to the formation's limit, triangular with the mode 3 years above the start (at least 25;
  35 when the limit is above 40), 3% over the limit; education level matches the formation's
  for 96%. Years of experience: at most the years since graduating, at least what a rule
  asks.
- **Candidates on special tracks** fit them: a boolean field naming the track (``disability``
  for disabilitas) is true, a region field is a Papuan province for papua, a GPA is at least
  3.51 and the accreditation the top grade for cumlaude.
- **Planted problems** (about 1% of rows, every applicable kind at least once): an
  unparsable number (``1o5``), an out-of-range value, an impossible date (``2024-02-30``),
  an unknown formation id, a missing required value, an unknown code; and about one
  duplicated candidate id per 1,000 rows. Each is listed in :attr:`SynthData.planted` and
  counted in :attr:`SynthData.notes`.

Field names with a known meaning get realistic values (``birth_date``, ``education_level``,
``gpa`` (none for SMA graduates), ``gender``, ``religion``, ``region_of_origin``,
``disability``, ``name``, a study programme, an accreditation, a diploma average (SMA
graduates only), years of experience); every other declared field gets a value of its type
within its declaration (a pattern is honoured by generating from the regular expression; a
list has one or two items). A candidate field ``x`` and a formation field
``x_weight`` (or a formula multiplying ``formation.w * x``) are paired: the candidate has ``x``
only when the formation's weight is not zero.

The modules, by concept:

- :mod:`.cycle`: :func:`synthesize`, the whole cycle drawn in order.
- :mod:`.data`: what a drawing gives (:class:`SynthData`, :class:`Planted`).
- :mod:`.writing`: :func:`write_synth`, the CSV files.
- :mod:`.rates` and :mod:`.catalogues`: the rates, and the realistic values drawn from.
- ``_catalogue`` (national or local, chosen by the policy's position standard), ``_rules``
  (what eligibility rules ask, read from their text), ``_draw`` (the drawing's state and a
  generic value within a declaration), ``_formations``,
  ``_candidates`` (applicants and their values), ``_scores`` (test stages and shortlists),
  ``_ratings``, ``_planted`` (duplicated ids and invalid values), ``_values`` (formatting
  helpers) and ``_patterns`` (strings matching a regular expression).
"""

from asn_competency.testing.synth.cycle import synthesize
from asn_competency.testing.synth.data import INVALID_KINDS, Planted, SynthData
from asn_competency.testing.synth.writing import (
    CANDIDATE_FILE,
    FORMATION_COLUMNS,
    FORMATION_FILE,
    RATING_COLUMNS,
    RATING_FILE,
    write_synth,
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
