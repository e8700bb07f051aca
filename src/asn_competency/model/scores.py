"""Score definitions of a selection policy: the scoring building blocks, named and declared.

YAML: a ``scores`` mapping from score id to a definition chosen by ``kind``. A score's inputs
are rule-language formulas over candidate fields, parameters and other scores (by id), so a
policy composes blocks: ``skd_total`` (a formula) feeds ``skd`` (a fixed-anchor scale), which
feeds ``final`` (a weighted sum).

.. code-block:: yaml

    scores:
      skd_total: {kind: formula, formula: twk + tiu + tkp}
      skd: {kind: scale, input: skd_total, from: [0, 550], to: [0, 100]}
      final:
        kind: weighted-sum
        criteria:
          - {id: skd, input: skd, weight: 0.4}
          - {id: skb, input: skb, weight: 0.6}
        rounding: {places: 3, mode: half_up}

Every kind may declare ``minimum`` (a non-compensatory gate: a number or
``{parameter: NAME}``; it gates where an integration stage decides by the score, and a
minimum anywhere else is ``score.minimum-unused``), ``rounding`` (the only place a value is
rounded) and ``non_monotone`` (the score may fall when a benefit input rises, on purpose, with
the reason: the fairness check ``check_monotonicity`` then says it did not check the score
instead of passing).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt

from asn_competency.model._base import (
    EXACT,
    CompetencyId,
    ExactDecimal,
    Identifier,
    Model,
    ParameterRef,
    Text,
)

__all__ = [
    "AffirmationCondition",
    "AffirmationScore",
    "AhpWeights",
    "AnyScore",
    "CategoryScore",
    "Criterion",
    "FormulaScore",
    "JpmBandDef",
    "JpmScore",
    "NonMonotone",
    "PassFailScore",
    "PointsRule",
    "PointsTableScore",
    "ProfileMatchScore",
    "Range",
    "Rounding",
    "ScaleScore",
    "ScoreDef",
    "WeightedSumScore",
]

Formula = Annotated[str, Field(min_length=1)]
Threshold = ExactDecimal | ParameterRef
RoundingMode = Literal["half_up", "half_even", "half_down", "up", "down", "ceiling", "floor"]


class Rounding(Model):
    """Where and how a value is rounded: the only rounding that ever happens."""

    places: int = Field(ge=0, le=12, description="Decimal places kept.")
    mode: RoundingMode = Field(
        default="half_up",
        description="half_up (0.5 away from zero), half_even, half_down, up, down, ceiling, floor.",
    )


class NonMonotone(Model):
    """A declaration that a score is not monotone on purpose: raising a test score or a rated
    level may lower it (e.g. the classic Profile Matching gap table in a development review).
    The reason is required: it is what the monotonicity check says instead of checking."""

    reason: Text = Field(description="Why the score may fall when an input rises.")


class _ScoreBase(Model):
    name: Text | None = Field(default=None, description="Name of the score as announced.")
    description: Text | None = Field(default=None, description="What the score measures.")
    reference: Identifier | None = Field(
        default=None, description="Id of the score's legal basis in `references`."
    )
    minimum: Threshold | None = Field(
        default=None,
        description="Lowest passing value (a non-compensatory gate): a number or "
        "{parameter: NAME}; only on the score an integration stage decides by.",
    )
    rounding: Rounding | None = Field(
        default=None, description="How the value is rounded; unrounded (exact) when absent."
    )
    non_monotone: NonMonotone | None = Field(
        default=None,
        description="Declares that the score may fall when a test score or a rated level rises, "
        "on purpose, with the reason; absent: the score is monotone (raising a benefit input "
        "never lowers it), which the fairness check check_monotonicity verifies.",
    )


class FormulaScore(_ScoreBase):
    """A value computed by a formula, e.g. ``twk + tiu + tkp``."""

    kind: Literal["formula"] = Field(description="Always 'formula'.")
    formula: Formula = Field(description="A rule-language formula giving a number.")


class ScaleScore(_ScoreBase):
    """A linear rescaling between fixed, published anchors (never the pool's minimum and
    maximum): ``to_low + (x − from_low) / (from_high − from_low) × (to_high − to_low)``."""

    kind: Literal["scale"] = Field(description="Always 'scale'.")
    input: Formula = Field(description="A formula giving the raw value, e.g. 'skd_total'.")
    from_: tuple[ExactDecimal, ExactDecimal] = Field(
        alias="from", description="The raw scale's fixed anchors [low, high], e.g. [0, 550]."
    )
    to: tuple[ExactDecimal, ExactDecimal] = Field(
        default=(Decimal(0), Decimal(100)),
        description="The target scale's anchors [low, high]; [0, 100] when absent.",
    )
    clamp: bool = Field(
        default=False,
        description="Whether a raw value outside the anchors is clamped to them; when false, "
        "such a value is an error for that candidate.",
    )


class CategoryScore(_ScoreBase):
    """Points for each code of a categorical input (e.g. education level → points)."""

    kind: Literal["category"] = Field(description="Always 'category'.")
    input: Formula = Field(description="A formula giving a code, e.g. 'education_level'.")
    points: dict[str, ExactDecimal] = Field(
        min_length=1, description="Points per code; a code not listed is an error."
    )


class PassFailScore(_ScoreBase):
    """A gate: 1 when the rule holds, 0 when it does not (memenuhi / tidak memenuhi)."""

    kind: Literal["pass-fail"] = Field(description="Always 'pass-fail'.")
    rule: Formula = Field(description="A rule-language condition.")


class Range(Model):
    """A numeric interval; a bound left out is open-ended."""

    min: ExactDecimal | None = Field(default=None, description="Lower bound.")
    max: ExactDecimal | None = Field(default=None, description="Upper bound.")
    min_inclusive: StrictBool = Field(default=True, description="Whether `min` itself is inside.")
    max_inclusive: StrictBool = Field(default=False, description="Whether `max` itself is inside.")


class PointsRule(Model):
    """One row of a points table: a condition per input, and the points it gives."""

    when: dict[str, list[str] | Range] = Field(
        default_factory=dict,
        description="Condition per input: a list of codes, or a numeric range. An input left "
        "out matches anything.",
    )
    points: ExactDecimal = Field(description="Points this row gives.")
    priority: StrictInt | None = Field(
        default=None, description="With hit policy 'priority': the highest priority wins."
    )
    label: str | None = Field(default=None, description="A name for the row in explanations.")


class PointsTableScore(_ScoreBase):
    """A decision table in the manner of DMN: rows of input conditions and output points."""

    kind: Literal["points-table"] = Field(description="Always 'points-table'.")
    inputs: dict[Identifier, Formula] = Field(
        min_length=1, description="Input name → formula giving its value."
    )
    hit_policy: Literal["unique", "first", "priority", "collect-sum"] = Field(
        default="unique",
        description="unique: at most one row may match any input (overlaps are a load-time "
        "error); first: the first matching row; priority: the matching row with the highest "
        "priority; collect-sum: the sum of every matching row.",
    )
    rules: list[PointsRule] = Field(min_length=1, description="The rows, in order.")
    default: ExactDecimal | None = Field(
        default=None,
        description="Points when no row matches; when absent, no match is an error for that "
        "candidate (and gaps are reported at load time where they can be found).",
    )


class Criterion(Model):
    """One weighted part of a weighted sum."""

    id: Identifier = Field(description="Criterion id, named in explanations.")
    input: Formula = Field(description="A formula giving the criterion's value.")
    weight: Annotated[Decimal, Field(gt=0), *EXACT] | ParameterRef | None = Field(
        default=None,
        description="Weight: a positive number, or {parameter: NAME}; absent when the weighted "
        "sum derives its weights from AHP comparisons.",
    )
    minimum: Threshold | None = Field(
        default=None,
        description="Lowest passing value of this criterion (a gate); only in the score an "
        "integration stage decides by.",
    )
    name: Text | None = Field(default=None, description="Name of the criterion.")


AhpCell = Annotated[int, Field(gt=0)] | Annotated[Decimal, Field(gt=0), *EXACT] | str


class AhpWeights(Model):
    """Weights derived from pairwise comparisons (AHP): the principal eigenvector of the
    matrix, rounded to ``places`` as exact decimals and then normalised to sum to 1."""

    matrix: list[list[AhpCell]] = Field(
        min_length=2,
        description="Pairwise comparisons in the criteria's order: row i, column j says how "
        "much more important criterion i is than j (1 to 9, or fractions like '1/3').",
    )
    places: int = Field(default=4, ge=1, le=8, description="Decimal places of each weight.")
    random_index: Literal["saaty"] = Field(
        default="saaty", description="Random index table for the consistency ratio."
    )


class WeightedSumScore(_ScoreBase):
    """Σ weight × value over criteria. Weights must sum to exactly 1, unless
    ``weights: normalised`` divides each by their sum (exactly). With ``ahp``, the weights come
    from pairwise comparisons instead, and no criterion declares one."""

    kind: Literal["weighted-sum"] = Field(description="Always 'weighted-sum'.")
    criteria: list[Criterion] = Field(min_length=1, description="The weighted criteria.")
    ahp: AhpWeights | None = Field(
        default=None, description="Derive the weights from pairwise comparisons (AHP)."
    )
    weights: Literal["sum-to-one", "normalised"] = Field(
        default="sum-to-one",
        description="sum-to-one: the declared weights must sum to exactly 1 (checked at load "
        "and at each as-of date for parameter weights); normalised: each weight is divided by "
        "their sum.",
    )


class AffirmationCondition(Model):
    """A condition that adds a percentage of the maximum (e.g. PPPK affirmation points)."""

    id: Identifier = Field(description="Condition id, named in explanations.")
    rule: Formula = Field(description="A rule-language condition.")
    percent: Annotated[Decimal, Field(gt=0, le=100), *EXACT] = Field(
        description="Percentage of `maximum` added when the condition holds."
    )
    reference: Identifier | None = Field(
        default=None, description="Id of the condition's legal basis in `references`."
    )


class AffirmationScore(_ScoreBase):
    """A base score plus affirmation points: each met condition adds its percentage of the
    maximum (rounded as declared, half-up to whole points by default), cumulative, and the
    total is capped at the maximum."""

    kind: Literal["affirmation"] = Field(description="Always 'affirmation'.")
    input: Formula = Field(description="A formula giving the base score, e.g. 'technical'.")
    maximum: Annotated[Decimal, Field(gt=0), *EXACT] = Field(
        description="The component's maximum (e.g. 450); percentages are of it and the total "
        "is capped at it."
    )
    conditions: list[AffirmationCondition] = Field(
        min_length=1, description="The conditions that add points."
    )
    points_rounding: Rounding = Field(
        default=Rounding(places=0, mode="half_up"),
        description="How each condition's points are rounded (whole points, half up, by default).",
    )


GroupName = Literal["teknis", "manajerial", "sosial_kultural"]


class ProfileMatchScore(_ScoreBase):
    """Profile Matching against a position standard: each competency's gap (level − target)
    becomes a weight (classic table: gap 0 → 5, +1 → 4.5, −1 → 4, ... −4 → 1); the core
    factors' mean (NCF) and the secondary factors' mean (NSF) combine as core_weight × NCF +
    (1 − core_weight) × NSF. With ``aspects``, this is done per competency group and the
    groups are weighted. For ranking applicants use ``gap_table: no-penalty-above``: the
    classic table scores a level above the target below an exact match."""

    kind: Literal["profile-match"] = Field(description="Always 'profile-match'.")
    standard: Identifier = Field(description="Id of a position standard in position_standards.")
    levels: dict[CompetencyId, Formula] = Field(
        min_length=1,
        description="For every competency of the standard, a formula giving the candidate's "
        "level (an integer), e.g. 'wawancara_m03'.",
    )
    core_weight: Annotated[Decimal, Field(gt=0, lt=1), *EXACT] = Field(
        default=Decimal("0.6"), description="Share of the core factors (default 0.6)."
    )
    aspects: dict[GroupName, Annotated[Decimal, Field(gt=0), *EXACT]] | None = Field(
        default=None,
        description="Weight per competency group (summing to 1): Profile Matching is done per "
        "group, then the groups are weighted. Absent: one profile over all competencies.",
    )
    gap_table: Literal["classic", "no-penalty-above"] = Field(
        default="classic",
        description="classic: Kusrini's table, where a level above the target scores below an "
        "exact match (for development reviews); no-penalty-above: the classic weights below "
        "the target, and any level at or above it counts as a match (5), so a stronger "
        "candidate never scores lower (for selection).",
    )
    weighting: Literal["equal", "standard"] = Field(
        default="equal",
        description="equal: NCF and NSF are plain means (the classic method); standard: means "
        "weighted by the position standard's requirement weights (every requirement must have "
        "one).",
    )


class JpmBandDef(Model):
    """A band of Job-Person Match percentages."""

    label: Annotated[str, Field(min_length=1)] = Field(description="The band's label.")
    minimum: Annotated[Decimal, Field(ge=0), *EXACT] = Field(
        description="Lowest JPM percentage in the band."
    )


class JpmScore(_ScoreBase):
    """Job-Person Match: Σ attained levels ÷ Σ required levels × 100, with its band."""

    kind: Literal["jpm"] = Field(description="Always 'jpm'.")
    standard: Identifier = Field(description="Id of a position standard in position_standards.")
    levels: dict[CompetencyId, Formula] = Field(
        min_length=1, description="For every competency of the standard, the candidate's level."
    )
    cap_at_target: bool = Field(
        default=True,
        description="Whether a level above its target counts only as the target (JPM ≤ 100).",
    )
    factors: Literal["all", "core", "secondary"] = Field(
        default="all",
        description="Which requirements of the standard count: all (the JPM of assessment "
        "reports, graded by the bands), or only the core or secondary factors (no band).",
    )
    bands: list[JpmBandDef] | None = Field(
        default=None,
        description="Bands from the highest minimum down; default: memenuhi syarat ≥ 80, "
        "masih memenuhi syarat ≥ 68, kurang memenuhi syarat below.",
    )


#: Any score definition (the plain union, for code that handles each kind).
AnyScore = (
    FormulaScore
    | ScaleScore
    | CategoryScore
    | PassFailScore
    | PointsTableScore
    | WeightedSumScore
    | AffirmationScore
    | ProfileMatchScore
    | JpmScore
)

#: A score definition as a policy file writes it: the kind chosen by ``kind``.
ScoreDef = Annotated[AnyScore, Field(discriminator="kind")]
