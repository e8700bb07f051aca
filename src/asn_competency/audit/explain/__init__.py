"""Plain-language accounts of decisions, in Indonesian (``id``, the default) and English (``en``).

:func:`explain` turns one decision record (a line of ``decisions.jsonl``, format
``decision/v2``, see :mod:`asn_competency.audit.ledger`) into a text a candidate can read: who
and what was decided, the final status with its announcement label and what it means, what
decided it, then stage by stage what was checked, with the numbers exactly as the record holds
them, and the legal basis of every threshold cited. Every word comes from the catalogue
(:mod:`asn_competency.audit.catalogue`); nothing is read back from rendered text.

The record alone is enough: stages, rules and fields then appear as their ids, clauses by
their position ("klausa 2 dari skd/_minimums") and the parameters read are listed with their
legal references. Given the policy the run used, the text names stages, tracks, fields,
criteria, tie-break keys and exceptions in the chosen language, says each clause of a rule
from the policy's syntax tree ("TKP 160 di bawah nilai ambang batas 166 (KepmenPANRB
321/2024, berlaku sejak 2024-01-01)"), and cites legal references in their short form
(:func:`short_citation`) with their full titles at the end. The text is deterministic.

The modules, by concept:

- :mod:`.citations`: :func:`short_citation`, the usual short form of a regulation's title.
- :mod:`.words`: the explainer's state (record, policy, voice).
- :mod:`.clauses`: a record's evaluations said clause by clause, and the data they read.
- :mod:`.scores`: a score's computation (criteria, steps, rounding, gates).
- :mod:`.stages`: what each kind of stage says (eligibility, test, rating, integration,
  shortlist, ranking, optimisation, an unusable row).
- :mod:`.compose`: :func:`explain`, the whole account; :func:`explain_records`, a
  candidate's records as found in a ledger, each under a warning when it does not fit the
  chain; :func:`stage_lines`, one stage's
  lines for comparisons and policy-test traces; :func:`explain_score`, one score.
- :mod:`.account`: :func:`explain_candidate`, a candidate's decisions in a run or a run
  folder as an :class:`Explanation` object (``text(lang)``, ``str()``, an HTML view).

Each explainer class extends the one before it: ``Voice`` (the catalogue) ← ``_Words``
(:mod:`.words`) ← ``_ClauseWords`` (:mod:`.clauses`) ← ``_ScoreWords`` (:mod:`.scores`) ←
``_StageWords`` (:mod:`.stages`) ← ``_Explainer`` (:mod:`.compose`).
"""

from asn_competency.audit.catalogue import LANGUAGES
from asn_competency.audit.explain.account import Explanation, explain_candidate
from asn_competency.audit.explain.citations import short_citation
from asn_competency.audit.explain.compose import (
    UnsupportedRecordError,
    explain,
    explain_records,
    explain_score,
    stage_lines,
)

__all__ = [
    "LANGUAGES",
    "Explanation",
    "UnsupportedRecordError",
    "explain",
    "explain_candidate",
    "explain_records",
    "explain_score",
    "short_citation",
    "stage_lines",
]
