"""Realistic synthetic data for a selection policy: formations, candidates and ratings.

:func:`synthesize` reads nothing but the policy's declarations and draws a recruitment cycle
from them; :func:`write_synth` writes it as the CSV files that ``asn-competency run`` reads.
The same policy, size, seed and as-of date give byte-identical files: every draw comes from
one ``random.Random(seed)`` in a fixed order, nothing reads the clock or the environment,
and nothing iterates a set or a hash-ordered mapping.

What is drawn, and why (see also the constants in :mod:`.rates`):

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

The modules, by concept:

- :mod:`.cycle`: :func:`synthesize`, the whole cycle drawn in order.
- :mod:`.data`: what a drawing gives (:class:`SynthData`, :class:`Planted`).
- :mod:`.writing`: :func:`write_synth`, the CSV files.
- :mod:`.rates` and :mod:`.catalogues`: the rates, and the realistic values drawn from.
- ``_draw`` (the drawing's state and a generic value within a declaration), ``_formations``,
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
