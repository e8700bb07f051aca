"""Development after hiring: gap analysis, development plans, cohort needs, talent mapping and
re-assessment, as exact and deterministic as selection.

Imports every layer above it (errors, files, model, expressions, scoring, pipeline, audit);
nothing below it. Results are frozen data with coded facts (:mod:`.facts`), never sentences.

- :mod:`.inputs`: the assessments and SKP performance tables, typed, with located problems;
- :mod:`.documents`: a development policy checked against the standard and catalogue it cites;
- :mod:`.gaps`: each person's gap per competency against the position standard, JPM and band;
- :mod:`.plans`: individual development plans (largest core gaps first, within the budget,
  the yearly JP minimum);
- :mod:`.cohort`: the share of a cohort below standard per competency, and cohort programmes;
- :mod:`.talent`: the nine-box placement and the talent pool per box;
- :mod:`.progress`: progress between assessments; who closed a gap after training;
- :mod:`.outputs`: the whole review (:func:`develop`), its hash-chained records, its tables as
  CSV and an HTML summary.

See ``docs/development.md``.
"""

from asn_competency.development.cohort import CohortNeed, CohortTable, cohort_needs
from asn_competency.development.documents import check_documents
from asn_competency.development.facts import FACTS
from asn_competency.development.gaps import GapProfile, GapRow, GapTable, gap_profile, gaps
from asn_competency.development.inputs import (
    ASSESSMENT_COLUMNS,
    PERFORMANCE_COLUMNS,
    Assessment,
    AssessmentTable,
    PerformanceRating,
    PerformanceTable,
    read_assessments,
    read_performance,
)
from asn_competency.development.outputs import Development, develop
from asn_competency.development.plans import Plan, PlannedProgramme, PlanTable, plan, plans
from asn_competency.development.progress import Progress, ProgressTable, progress
from asn_competency.development.talent import NineBoxTable, Placement, nine_box

__all__ = [
    "ASSESSMENT_COLUMNS",
    "FACTS",
    "PERFORMANCE_COLUMNS",
    "Assessment",
    "AssessmentTable",
    "CohortNeed",
    "CohortTable",
    "Development",
    "GapProfile",
    "GapRow",
    "GapTable",
    "NineBoxTable",
    "PerformanceRating",
    "PerformanceTable",
    "Placement",
    "Plan",
    "PlanTable",
    "PlannedProgramme",
    "Progress",
    "ProgressTable",
    "check_documents",
    "cohort_needs",
    "develop",
    "gap_profile",
    "gaps",
    "nine_box",
    "plan",
    "plans",
    "progress",
    "read_assessments",
    "read_performance",
]
