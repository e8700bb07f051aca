"""Pipeline layer: the selection itself, from policy and inputs to one decision per row.

- :mod:`.inputs`: candidates, formations and ratings read and typed against the policy;
  every row kept, problems located by row and column.
- :mod:`.engine`: the stages in order (per-candidate and pooled), a pure function: the
  reference semantics; :mod:`.columnar` decides stages over whole columns and
  :mod:`.by_columns` runs them as the ``columns`` engine (``run(..., engine="columns")``).
- :mod:`.ordering`: tie-break chains, shortlists with ties at the cut, quota boundaries.
- :mod:`.outcomes`: stage outcomes, final statuses and announcement labels; ``Decision``.
- :mod:`.records`: the rows of ``results.csv`` and counts per outcome (no file I/O).
- :mod:`.bulk`: the cycle collector paused while a run (or its records) builds its objects.
- :mod:`.resume`: a run kept before one of its stages (:func:`run_until`, a
  :class:`Checkpoint`), that stage and the ones after it decided as often as wanted, with the
  weights or the values of a weighted final score changed.

Imports the ``errors``, ``files``, ``model``, ``expressions`` and ``scoring`` layers only.
"""

from asn_competency.pipeline.engine import (
    DEFAULT_ENGINE,
    ENGINES,
    Plan,
    RunResult,
    compile_plan,
    run,
)
from asn_competency.pipeline.inputs import (
    CandidateRow,
    CandidateTable,
    Formation,
    FormationTable,
    Rating,
    RatingTable,
    read_candidates,
    read_formations,
    read_ratings,
)
from asn_competency.pipeline.outcomes import (
    FINAL_LABELS,
    FINAL_STATUSES,
    OUTCOMES,
    Decision,
    StageResult,
)
from asn_competency.pipeline.records import result_columns, result_rows
from asn_competency.pipeline.resume import Checkpoint, Resumed, Standing, run_until

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "FINAL_LABELS",
    "FINAL_STATUSES",
    "OUTCOMES",
    "CandidateRow",
    "CandidateTable",
    "Checkpoint",
    "Decision",
    "Formation",
    "FormationTable",
    "Plan",
    "Rating",
    "RatingTable",
    "Resumed",
    "RunResult",
    "StageResult",
    "Standing",
    "compile_plan",
    "read_candidates",
    "read_formations",
    "read_ratings",
    "result_columns",
    "result_rows",
    "run",
    "run_until",
]
