"""Why a development result is what it is: coded facts with typed parameters.

Every reason the development layer gives (why a programme is in a plan, why a gap stays
open, which constraint keeps a plan below the yearly minimum, why a cohort needs a programme,
what put a person in a nine-box) is a :class:`~asn_competency.model.outcomes.Fact` whose code
is listed in :data:`FACTS` with the parameters it carries, as the pipeline's reasons are
(:mod:`asn_competency.pipeline.reasons`). No sentence is built here; the words in Indonesian
and English belong to the audit layer's catalogue, at presentation time.

Parameter values are plain data: text, integers, booleans, ``None``, exact numbers
(:class:`~fractions.Fraction`, :class:`~decimal.Decimal`), dates and lists of those.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asn_competency.model.development_facts import BINDING, DEVELOPMENT_FACTS, GAP_OPEN_REASONS
from asn_competency.model.outcomes import Fact

__all__ = ["BINDING", "FACTS", "GAP_OPEN_REASONS", "fact"]

#: Every development fact code, with its parameters (in this order) and what it means: the
#: registry of :mod:`asn_competency.model.development_facts`, which the audit catalogue reads
#: too.
FACTS: Mapping[str, tuple[tuple[str, ...], str]] = DEVELOPMENT_FACTS


def fact(code: str, **params: Any) -> Fact:
    """A development fact; ``KeyError`` for an unknown code, ``TypeError`` for parameters
    other than exactly the code's (a programming error, caught by the tests)."""
    names, _ = FACTS[code]
    if tuple(params) != names:
        raise TypeError(f"fact {code!r} takes {names}, not {tuple(params)}")
    return Fact(code, dict(params))
