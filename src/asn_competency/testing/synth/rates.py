"""The rates a drawing is made with: shares, probabilities and spreads (the package
docstring says what each is for)."""

from decimal import Decimal

APPLICANTS_PER_FORMATION = 20
EVERY_TRACK_FROM = 20  # national drawings of this many formations have every declared track
UNPOPULAR_SHARE = 0.08  # formations nobody applies to
POPULARITY_SIGMA = 1.1
LOCAL_POPULARITY_SIGMA = 0.4  # a local office's posts all draw applicants, some more
SPECIAL_POPULARITY = 0.3  # special-track formations attract fewer applicants
ABILITY_LOADING = 0.6  # components correlate at 0.6² = 0.36
SCORE_SD = 0.11  # of the component's maximum
STAGE_PASS_SHARE = 0.42  # target share meeting every minimum of a test stage
FIRST_TEST_ABSENT = 0.04
LATER_TEST_ABSENT = 0.05
RATING_ABSENT = 0.03
#: A rated competency's level centres on the standard's required level + TARGET_OFFSET, with
#: TARGET_SPREAD levels per standard deviation of the candidate's standing.
TARGET_OFFSET = 0.3
TARGET_SPREAD = 0.8
RATED_SHARE_UNSELECTED = 0.6  # rated share when no earlier stage selects
SHORTLIST_SLACK = 2
SPECIAL_TRACK_PASS = 0.9  # special tracks: plausible pass at 90% of the summed minimums
OVER_AGE = 0.03
EDUCATION_MISMATCH = 0.04
FLAG_FAILS = 0.03  # a boolean an eligibility rule reads has the failing value
OPTIONAL_EMPTY = 0.05
RULED_EMPTY = 0.01  # an optional value an eligibility rule reads is missing (needs review)
GPA_EMPTY = 0.03
INVALID_SHARE = 0.01
DUPLICATES_PER_ROW = 0.001
DISAGREEMENT_SHARE = 0.02
MISSING_RATER_SHARE = 0.005  # per rated candidate
EQUIVALENT_LEVELS_SHARE = 0.3  # formations accepting the other codes of their level (D4, S1)
CUMLAUDE_GPA = Decimal("3.51")
DEFAULT_AGE_LIMIT = 35
