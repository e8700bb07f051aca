"""Stage kinds of a selection policy: a union discriminated by ``kind``.

Each stage kind is one class named after its YAML ``kind`` (``eligibility`` →
:class:`EligibilityStage`, ``test`` → :class:`TestStage`). Adding a stage kind means adding a
class here and a member to :data:`Stage`; the schema, the loader and the error messages
follow from it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from asn_competency.model._base import (
    ExactDecimal,
    FieldName,
    Identifier,
    Model,
    ParameterRef,
    Text,
)

__all__ = ["EligibilityRule", "EligibilityStage", "Stage", "TestComponent", "TestStage"]


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


class TestStage(_StageBase):
    """A scored test (e.g. SKD with components TWK, TIU, TKP)."""

    __test__ = False  # not a pytest test class

    kind: Literal["test"] = Field(description="Always 'test'.")
    components: list[TestComponent] = Field(min_length=1, description="The scored parts.")


Stage = Annotated[EligibilityStage | TestStage, Field(discriminator="kind")]
