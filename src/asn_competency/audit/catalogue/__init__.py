"""The one bilingual catalogue: every word the audit layer says about a decision.

Decision records (``decision/v2``, :mod:`asn_competency.audit.ledger`) and development records
(``development/v1``) hold coded facts with typed parameters and plain values, never sentences.
This module is the only place that turns them into words, in Indonesian (``id``, the default)
or English (``en``), at presentation time: rewording a text here changes no record and no
hash.

- :data:`FACTS`: a text for every reason code of :data:`~asn_competency.pipeline.reasons.REASONS`,
  every step code of a score (:data:`STEPS`) and every fact code of the development layer
  (:data:`~asn_competency.model.development_facts.DEVELOPMENT_FACTS`, declared in the model
  layer so that this catalogue, below the development layer, can read it), with
  ``str.format`` fields named after the fact's parameters (:data:`UNSAID` lists the few
  parameters a text leaves to its context).
- :data:`PROBLEMS`: what each problem code a record can carry means: the errors a formula can
  raise while a candidate is evaluated (:data:`EVALUATION_PROBLEMS`) and the problems of an
  unusable input row (:data:`INPUT_PROBLEMS`).
- :data:`PHRASES`: everything else an explanation, a comparison, a policy test's trace or
  the ``explain`` command says.

:class:`Voice` says a fact in one language, naming what the policy names when it is given
(stages, fields, criteria, exceptions, rules, legal references in their short form) and ids
without it; :func:`say` is the one-call form.
"""

from asn_competency.audit.catalogue.texts import (
    EVALUATION_PROBLEMS,
    FACTS,
    INPUT_PROBLEMS,
    LANGUAGES,
    PHRASES,
    PROBLEMS,
    STEPS,
    UNSAID,
)
from asn_competency.audit.catalogue.voice import Voice, fields_of, say

__all__ = [
    "EVALUATION_PROBLEMS",
    "FACTS",
    "INPUT_PROBLEMS",
    "LANGUAGES",
    "PHRASES",
    "PROBLEMS",
    "STEPS",
    "UNSAID",
    "Voice",
    "fields_of",
    "say",
]
