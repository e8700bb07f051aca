"""Stage kinds of a selection policy: a union discriminated by ``kind``.

Each stage kind is one class named after its YAML ``kind`` (``eligibility`` →
:class:`EligibilityStage`, ``test`` → :class:`TestStage`). Adding a stage kind means adding a
class here and a member to :data:`Stage`; the schema, the loader and the error messages
follow from it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated, Literal

from pydantic import Field

from asn_competency.errors import Path, Problem, did_you_mean
from asn_competency.model._base import (
    ExactDecimal,
    FieldName,
    Identifier,
    Model,
    ParameterRef,
    Text,
)
from asn_competency.model.scores import Rounding

__all__ = [
    "EligibilityRule",
    "EligibilityStage",
    "IntegrationStage",
    "OptimisationStage",
    "OrderKey",
    "RankingStage",
    "RatingCriterion",
    "RatingStage",
    "ShortlistStage",
    "Stage",
    "TestComponent",
    "TestStage",
    "TrackException",
    "TrackMove",
]


class _StageBase(Model):
    id: Identifier = Field(description="Stage id; also the column prefix in results.")
    name: Text = Field(description="Name of the stage as announced.")
    description: Text | None = Field(default=None, description="What the stage does.")
    reference: Identifier | None = Field(
        default=None, description="Id of the stage's legal basis in `references`."
    )


class EligibilityRule(Model):
    """One eligibility requirement: a rule every candidate must satisfy."""

    id: Identifier = Field(description="Rule id, named in the decision when the rule fails.")
    rule: Annotated[str, Field(min_length=1)] = Field(
        description="The condition, in the policy rule language, e.g. "
        "'education_level == formation.education_level'."
    )
    reason: Text = Field(description="What failing the rule means, as told to the candidate.")
    reference: Identifier | None = Field(
        default=None, description="Id of the rule's legal basis in `references`."
    )


class EligibilityStage(_StageBase):
    """Document and eligibility screening (seleksi administrasi): MS or TMS."""

    kind: Literal["eligibility"] = Field(description="Always 'eligibility'.")
    rules: list[EligibilityRule] = Field(min_length=1, description="The requirements.")


class TestComponent(Model):
    """One scored part of a test, read from a numeric candidate field."""

    __test__ = False  # not a pytest test class

    id: Identifier = Field(description="Component id, e.g. 'twk'.")
    field: FieldName = Field(description="Numeric candidate field holding the score.")
    maximum: ExactDecimal = Field(gt=0, description="Highest possible score, e.g. 150.")
    pass_minimum: ExactDecimal | ParameterRef | None = Field(
        default=None,
        description="Lowest passing score (nilai ambang batas): a number or "
        "{parameter: NAME}; none when the component has no threshold of its own.",
    )


Formula = Annotated[str, Field(min_length=1)]


class TrackException(Model):
    """A labelled exception to a test's pass rule for special tracks (e.g. cumlaude, Papua)."""

    id: Identifier = Field(description="Exception id, named in decisions.")
    tracks: list[Identifier] = Field(
        min_length=1, description="Tracks (formation tracks) the exception applies to."
    )
    rule: Formula = Field(description="The pass rule that replaces the base rule.")
    when: Formula | None = Field(
        default=None,
        description="An extra condition on the candidate; without it the exception applies to "
        "every candidate of its tracks.",
    )
    priority: int = Field(
        default=0,
        description="Among exceptions that apply to a candidate, the highest priority wins; two "
        "at the same priority are a conflict (a load-time error where it can be seen, else "
        "needs_review for that candidate).",
    )
    name: Text | None = Field(default=None, description="Name of the exception.")
    reference: Identifier | None = Field(
        default=None, description="Id of the exception's legal basis in `references`."
    )


class TestStage(_StageBase):
    """A scored test (e.g. SKD with components TWK, TIU, TKP).

    A candidate passes when the pass rule holds: the track exception that applies, else
    ``pass_rule``, else every component's ``pass_minimum``. A candidate with no component
    score at all is absent (tidak hadir); one with some scores missing is needs_review.
    """

    __test__ = False  # not a pytest test class

    kind: Literal["test"] = Field(description="Always 'test'.")
    components: list[TestComponent] = Field(min_length=1, description="The scored parts.")
    pass_rule: Formula | None = Field(
        default=None,
        description="The base pass rule; default: every component with a pass_minimum meets it.",
    )
    exceptions: list[TrackException] = Field(
        default_factory=list, description="Track exceptions to the base pass rule."
    )
    score: Formula | None = Field(
        default=None,
        description="The stage's reported score (results column '<stage>.score'), e.g. "
        "'skd_total'; default: the sum of the components.",
    )
    absent_when_empty: bool = Field(
        default=True,
        description="Whether a candidate with no component score at all is absent (tidak "
        "hadir); when false, missing scores are needs_review.",
    )


class OrderKey(Model):
    """One key of an ordering: a formula and a direction, or codes in priority order."""

    key: Formula = Field(description="A formula giving the value to order by.")
    direction: Literal["desc", "asc"] = Field(
        default="desc", description="desc: higher first; asc: lower first (earlier dates first)."
    )
    codes: list[str] | None = Field(
        default=None,
        description="For a code-valued key (priority groups): the codes, first group first; a "
        "code not listed comes after all listed ones.",
    )
    name: Text | None = Field(default=None, description="Name of the key in explanations.")
    reference: Identifier | None = Field(
        default=None, description="Id of the key's legal basis in `references`."
    )


class ShortlistStage(_StageBase):
    """Per formation, the best ``multiplier`` × quota candidates still in the selection advance;
    candidates tied with the last one on every key advance too (CPNS rule)."""

    kind: Literal["shortlist"] = Field(description="Always 'shortlist'.")
    multiplier: int = Field(ge=1, description="How many candidates per slot advance, e.g. 3.")
    order: list[OrderKey] = Field(min_length=1, description="The ordering, first key first.")


class RatingCriterion(Model):
    """A criterion raters score; its aggregated value becomes a field for later formulas."""

    id: Annotated[str, Field(min_length=1)] = Field(
        description="Criterion id as written in the ratings file, e.g. 'M.03'."
    )
    field: FieldName = Field(
        description="Name under which later formulas read the aggregated value."
    )
    name: Text | None = Field(default=None, description="Name of the criterion.")


class RatingStage(_StageBase):
    """Structured assessment by several raters (interview, assessment centre), read from the
    ratings file and aggregated per criterion."""

    kind: Literal["rating"] = Field(description="Always 'rating'.")
    criteria: list[RatingCriterion] = Field(min_length=1, description="The rated criteria.")
    scale: tuple[ExactDecimal, ExactDecimal] = Field(
        description="Lowest and highest score a rater may give, e.g. [1, 5]."
    )
    min_raters: int = Field(ge=1, description="Raters each criterion needs, e.g. 3.")
    aggregation: Literal["mean", "median", "trimmed-mean"] = Field(
        default="mean", description="How the raters' scores combine."
    )
    trim: int = Field(default=1, ge=1, description="With trimmed-mean: scores dropped at each end.")
    max_spread: ExactDecimal | None = Field(
        default=None,
        description="Largest allowed difference between the highest and lowest score on one "
        "criterion; more is needs_review, never silently averaged.",
    )
    rounding: Rounding | None = Field(
        default=None,
        description="How aggregated values are rounded (places 0 makes them whole levels).",
    )
    pass_rule: Formula | None = Field(
        default=None, description="A rule the aggregated values must meet."
    )
    score: Formula | None = Field(
        default=None, description="The stage's reported score (results '<stage>.score')."
    )


class IntegrationStage(_StageBase):
    """Combines stage scores into the final score (CPNS: 40% SKD + 60% SKB)."""

    kind: Literal["integration"] = Field(description="Always 'integration'.")
    score: Identifier = Field(description="Id of the score in `scores` that is the final score.")
    report: list[Identifier] = Field(
        default_factory=list,
        description="Ids of scores reported beside the final score (e.g. a JPM with its band): "
        "results columns '<stage>.<score>' (and '<stage>.<score>.band' for a JPM), the "
        "decision record and the explanation. Reported scores inform; they decide nothing.",
    )


class RankingStage(_StageBase):
    """Per formation, orders the candidates still in the selection by a tie-break chain and
    selects up to the quota. A tie across the quota boundary that the whole chain leaves
    unresolved is needs_review for every candidate in it."""

    kind: Literal["ranking"] = Field(description="Always 'ranking'.")
    order: list[OrderKey] = Field(min_length=1, description="The ordering, first key first.")


_SAME_DEFAULT: tuple[str, ...] = ("position", "education_level", "agency")


class TrackMove(Model):
    """A direction in which optimisation may move candidates to another track, with the
    legal basis it rests on."""

    allowed: bool = Field(default=True, description="Whether the move is allowed.")
    reference: Identifier | None = Field(
        default=None, description="Id of the move's legal basis in `references`."
    )


class OptimisationStage(_StageBase):
    """Optimalisasi: fills slots left unfilled after ranking with candidates who met every
    threshold but were outranked in another formation.

    All free slots and all outranked candidates are considered together: candidates are taken
    best first by the ranking's keys (formulas that do not depend on the formation, so
    candidates of different formations compare), and one is placed when they and everyone
    placed before them can all have a slot. A tie the keys cannot break, for fewer slots than
    the tied candidates, is needs_review; slots are held for candidates whose tie at their own
    formation's quota is unresolved. Each candidate not placed is told why (``detail.reason``).
    """

    kind: Literal["optimisation"] = Field(description="Always 'optimisation'.")
    same: list[FieldName] = Field(
        default_factory=lambda: list(_SAME_DEFAULT),
        min_length=1,
        description="Formation fields (standard columns or declared formation_fields) that "
        "must be equal between the candidate's formation and the unfilled one, for a move "
        "within the candidate's track; list fields compare as sets.",
    )
    same_across_tracks: list[FieldName] | None = Field(
        default=None,
        min_length=1,
        description="Formation fields that must be equal for a move to another track "
        "(general_to_special, special_to_general), e.g. adding 'location'; list fields compare "
        "as sets. Default: the fields of `same`.",
    )
    general_to_special: bool | TrackMove = Field(
        default=True,
        description="Whether general-track candidates who met the general pass rule may fill "
        "unfilled special-track slots: a boolean, or {reference: ID} (allowed, citing its "
        "basis) or {allowed: false, ...}.",
    )
    special_to_general: bool | TrackMove = Field(
        default=False,
        description="Whether special-track candidates who met the general pass rule (the base "
        "rule of every test stage, not their track's exception) may fill unfilled "
        "general-track slots: a boolean, or {reference: ID} or {allowed: false, ...}.",
    )
    general_track: Identifier = Field(default="umum", description="The id of the general track.")

    def allows(self, direction: Literal["general_to_special", "special_to_general"]) -> bool:
        """Whether optimisation may move candidates between tracks in a direction."""
        value = getattr(self, direction)
        return value.allowed if isinstance(value, TrackMove) else bool(value)

    @property
    def across_tracks(self) -> list[str]:
        """The fields that must be equal for a move to another track."""
        return list(self.same if self.same_across_tracks is None else self.same_across_tracks)

    def field_problems(self, known: Collection[str], path: Path) -> list[Problem]:
        """A name in ``same`` or ``same_across_tracks`` that is no formation field."""
        problems = []
        for key in ("same", "same_across_tracks"):
            for index, name in enumerate(getattr(self, key) or ()):
                if name not in known:
                    problems.append(
                        Problem(
                            "ref.unknown-field",
                            f"{name!r} is not a formation field (a standard column or one "
                            "declared in formation_fields)",
                            path=(*path, key, index),
                            value=name,
                            hint=did_you_mean(name, sorted(known)),
                        )
                    )
        return problems


Stage = Annotated[
    EligibilityStage
    | TestStage
    | RatingStage
    | ShortlistStage
    | IntegrationStage
    | RankingStage
    | OptimisationStage,
    Field(discriminator="kind"),
]
