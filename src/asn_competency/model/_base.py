"""Shared building blocks of every document model: the base class and the small value types."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from asn_competency.errors import Problem

__all__ = [
    "CompetencyId",
    "ExactDecimal",
    "FieldName",
    "FileRef",
    "Identifier",
    "Model",
    "ParameterName",
    "ParameterRef",
    "Reference",
    "Text",
]

#: Passed as pydantic validation context by the loader, which runs the checks itself so that
#: it can locate each problem in the source file.
DEFER_CHECKS = "asn_competency.defer_checks"


class Model(BaseModel):
    """Base of every model: frozen, unknown fields forbidden."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=False,
        str_strip_whitespace=False,
        revalidate_instances="never",
    )


class Document(Model):
    """A top-level document: runs its own consistency checks after validation.

    Subclasses implement :meth:`problems`. Built from Python, a document with problems raises
    pydantic's ``ValidationError`` listing every problem's code; the loader defers the checks
    so it can report them with file positions instead.
    """

    kind: str = Field(description="The file kind.")
    schema_version: int = Field(description="Version of the kind's file format.")

    def problems(self) -> list[Problem]:
        """Every consistency problem inside this document (ids, references, sums, bounds)."""
        return []

    @model_validator(mode="after")
    def _run_checks(self, info: ValidationInfo) -> Any:
        if info.context and info.context.get(DEFER_CHECKS):
            return self
        problems = self.problems()
        if problems:
            listing = "; ".join(f"{p.json_path}: {p.code} {p.message}" for p in problems)
            raise PydanticCustomError("policy_check", "{listing}", {"listing": listing})
        return self


def _no_binary_float(value: Any) -> Any:
    if isinstance(value, float):
        raise PydanticCustomError(
            "exact_number",
            "binary floating point ({value}) cannot hold this value exactly; "
            "pass a Decimal, an int or a string",
            {"value": value},
        )
    return value


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise PydanticCustomError("finite_number", "the number must be finite")
    return value


#: The validators that make a Decimal exact. Put bounds before them, so that they stay
#: visible to the JSON Schema: ``Annotated[Decimal, Field(gt=0), *EXACT]``.
EXACT = (BeforeValidator(_no_binary_float), AfterValidator(_finite))

#: An exact decimal number. Binary floats are refused: a threshold or weight must be exact.
ExactDecimal = Annotated[Decimal, *EXACT]

#: An identifier for a document, stage, rule, track or reference.
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")]

#: A competency id such as ``M.01``, ``SK.01`` or ``T.GAY.02``.
CompetencyId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(?:\.[A-Z0-9]+)+$")]

#: A candidate, formation or protected field name: lower snake case.
FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]

#: A parameter name: lower snake case.
ParameterName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]

NonEmpty = Annotated[str, StringConstraints(min_length=1)]


class Text(Model):
    """A text in Indonesian (``id``, required) and English (``en``)."""

    id: NonEmpty = Field(description="The text in Indonesian (Bahasa Indonesia).")
    en: NonEmpty | None = Field(default=None, description="The text in English.")


class Reference(Model):
    """A legal basis or source that values in the document cite by ``id``."""

    id: Identifier = Field(description="Identifier that `reference` fields elsewhere cite.")
    title: NonEmpty = Field(
        description="Full citation, e.g. 'Peraturan Menteri PANRB Nomor 6 Tahun 2024 tentang "
        "Pengadaan Pegawai Aparatur Sipil Negara'."
    )
    certainty: Literal["confirmed", "weak", "unverified"] = Field(
        default="confirmed",
        description="How sure the facts drawn from this source are: 'confirmed' by several "
        "independent sources, 'weak' (one weak source) or 'unverified'.",
    )
    url: NonEmpty | None = Field(default=None, description="Where the text can be read.")
    note: NonEmpty | None = Field(default=None, description="Remarks on the source.")


class ParameterRef(Model):
    """A value taken from a declared dated parameter, in force at the as-of date."""

    parameter: ParameterName = Field(description="Name of a parameter in `parameters`.")


ContentHash = Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")]


class FileRef(Model):
    """Another policy file this document cites: by id, path and (optionally) content hash."""

    id: Identifier = Field(description="The cited document's `id`.")
    path: Annotated[str, StringConstraints(min_length=1)] = Field(
        description="Path of the cited file, relative to this file."
    )
    sha256: ContentHash | None = Field(
        default=None,
        description="Content hash the cited file must have ('sha256:...', as printed by "
        "`asn-competency hash`); loading fails when it differs.",
    )
