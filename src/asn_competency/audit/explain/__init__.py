"""Plain-language accounts of decisions, in Indonesian (``id``) and English (``en``).

:func:`explain` turns one decision record (a line of ``decisions.jsonl``, see
:mod:`asn_competency.audit.ledger`) into a text a candidate can read: who and what was decided,
the final status with its announcement label and what it means, what decided it, then stage by
stage what was checked, with the numbers exactly as the record holds them, and the legal basis
of every threshold cited.

The record alone is enough. Given the policy the run used, the text also names stages,
tracks, fields, tie-break keys and exceptions in the chosen language, and cites legal
references in their short form (``KepmenPANRB 321/2024``, derived from the title by
:func:`short_citation`) with their full titles at the end.

Thresholds are read back from the evaluation clauses the record holds, e.g.
``tkp >= skd_min_tkp → false (tkp = 160, skd_min_tkp = 166 [kepmenpanrb-321-2024, from
2024-01-01])`` becomes "TKP 160 di bawah nilai ambang batas 166 (KepmenPANRB 321/2024, berlaku
sejak 2024-01-01)". A clause that cannot be read that way is shown as it is. The text is
deterministic: nothing in it depends on the clock, the machine or the environment.

The modules, by concept:

- :mod:`.phrases`: every bilingual text (phrases, final statuses, input problem codes, the
  reasons the engine writes) and :data:`LANGUAGES`.
- :mod:`.citations`: :func:`short_citation`, the usual short form of a regulation's title.
- :mod:`.clauses`: recorded evaluation clauses read back, and said in words.
- :mod:`.words`: the explainer's state and vocabulary: phrases in the chosen language, and the
  names of stages, tracks, fields, criteria and legal references from the policy.
- :mod:`.stages`: what each kind of stage says (eligibility, test, rating, integration,
  shortlist, ranking, optimisation, an unusable row).
- :mod:`.compose`: :func:`explain`, the whole account: heading, result, what decided it,
  stage by stage, legal basis and notes.

Each explainer class extends the one before it: ``_Words`` (:mod:`.words`) ←
``_ClauseWords`` (:mod:`.clauses`) ← ``_StageWords`` (:mod:`.stages`) ← ``_Explainer``
(:mod:`.compose`).
"""

from asn_competency.audit.explain.citations import short_citation
from asn_competency.audit.explain.compose import explain
from asn_competency.audit.explain.phrases import LANGUAGES

__all__ = ["LANGUAGES", "explain", "short_citation"]
