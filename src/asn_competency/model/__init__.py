"""Model layer: pydantic models of every file kind, their checks, and loading.

Imports the ``errors`` and ``files`` layers only.
"""

from asn_competency.model._base import ExactDecimal, ParameterRef, Reference, Text
from asn_competency.model.fields import (
    BooleanField,
    DateField,
    DecimalField,
    EnumField,
    FieldDecl,
    IntegerField,
    ListField,
    ListItems,
    StringField,
)
from asn_competency.model.framework import (
    Competency,
    CompetencyFramework,
    CompetencyGroup,
    LevelDescription,
)
from asn_competency.model.kinds import KINDS, schema_for, schema_text, supported
from asn_competency.model.load import document_hash, dump, load, load_text, validate
from asn_competency.model.parameters import Parameter, ParameterValue, ResolvedParameter
from asn_competency.model.policy import SelectionPolicy, Track
from asn_competency.model.position import FrameworkRef, Position, PositionStandard, Requirement
from asn_competency.model.stages import (
    EligibilityRule,
    EligibilityStage,
    IntegrationStage,
    OptimisationStage,
    OrderKey,
    RankingStage,
    RatingCriterion,
    RatingStage,
    ShortlistStage,
    Stage,
    TestComponent,
    TestStage,
    TrackException,
)

__all__ = [
    "KINDS",
    "BooleanField",
    "Competency",
    "CompetencyFramework",
    "CompetencyGroup",
    "DateField",
    "DecimalField",
    "EligibilityRule",
    "EligibilityStage",
    "EnumField",
    "ExactDecimal",
    "FieldDecl",
    "FrameworkRef",
    "IntegerField",
    "IntegrationStage",
    "LevelDescription",
    "ListField",
    "ListItems",
    "OptimisationStage",
    "OrderKey",
    "Parameter",
    "ParameterRef",
    "ParameterValue",
    "Position",
    "PositionStandard",
    "RankingStage",
    "RatingCriterion",
    "RatingStage",
    "Reference",
    "Requirement",
    "ResolvedParameter",
    "SelectionPolicy",
    "ShortlistStage",
    "Stage",
    "StringField",
    "TestComponent",
    "TestStage",
    "Text",
    "Track",
    "TrackException",
    "document_hash",
    "dump",
    "load",
    "load_text",
    "schema_for",
    "schema_text",
    "supported",
    "validate",
]
