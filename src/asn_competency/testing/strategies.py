"""Hypothesis strategies for testing selection policies: :func:`policies`, :func:`candidates`,
:func:`formations`, :func:`ratings` and :func:`populations`.

A drawn cycle starts from what :mod:`asn_competency.testing.synth` knows of a policy (its
declared fields, what its eligibility rules ask, the formations and tracks it implies:
:func:`~asn_competency.testing.synth.synthesize` with a drawn seed and size), and Hypothesis
then moves values onto the policy's edges: every test component's pass minimum (exactly at,
one step below, one step above), the least values eligibility rules ask of integer fields,
birth dates that put the age exactly at an age limit and a day either side, the ends of each
field's range, missing values of optional fields, and candidates tied on every score in one
formation (ratings included). Quotas are drawn small, so that cut-offs bind. Everything is
shrinkable: a failing example shrinks towards fewer applicants, seed 0 and fewer edits.

>>> import datetime as dt
>>> from hypothesis import given, settings
>>> import asn_competency as asn
>>> from asn_competency.testing import populations
>>> policy = asn.load(asn.shipped("pppk-2024.yaml"))
>>> @settings(max_examples=5, deadline=None)
... @given(populations(policy, as_of=dt.date(2024, 10, 1)))
... def test_one_decision_per_row(population):
...     assert len(population.run(policy)) == len(population.candidates)
>>> test_one_decision_per_row()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

import asn_competency as asn
from asn_competency.errors import ParameterError
from asn_competency.files.emit import dump_yaml
from asn_competency.model import (
    DecimalField,
    EligibilityStage,
    IntegerField,
    ParameterRef,
    RatingStage,
    SelectionPolicy,
    TestStage,
)
from asn_competency.testing.boundaries import boundaries, points
from asn_competency.testing.population import (
    UNBOUNDED,
    Population,
    as_of_for,
    benefits,
    format_number,
)
from asn_competency.testing.synth import synthesize
from asn_competency.testing.synth._rules import age_bounds, least_values
from asn_competency.testing.synth._values import _add_years

__all__ = [
    "SHIPPED_POLICIES",
    "boundary_values",
    "candidates",
    "formations",
    "policies",
    "policy_documents",
    "populations",
    "ratings",
]

#: The shipped selection policies :func:`policies` draws among, by file name.
SHIPPED_POLICIES = ("cpns-2024.yaml", "pppk-2024.yaml", "gayungan-2026.yaml")

#: The largest number of applicants a drawn cycle has by default.
MAX_APPLICANTS = 24


def _parameter(policy: SelectionPolicy, name: str, as_of: dt.date) -> Fraction | None:
    """A parameter's value in force, exact, or ``None`` (no value in force, not a number)."""
    try:
        value = policy.parameters[name].at(name, as_of).value
    except (KeyError, ParameterError):
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return Fraction(str(value))


def _threshold(
    policy: SelectionPolicy, value: Decimal | ParameterRef | None, as_of: dt.date
) -> Fraction | None:
    if isinstance(value, ParameterRef):
        return _parameter(policy, value.parameter, as_of)
    return None if value is None else Fraction(str(value))


def boundary_values(policy: SelectionPolicy, as_of: dt.date | None = None) -> dict[str, list[str]]:
    """The values on the policy's edges, as table cells, by candidate field: each test
    component's pass minimum and one step either side; the least value an eligibility rule or
    a pass rule asks of an integer field (``name >= X``) and one either side; the ends of each
    benefit field's range; birth dates putting the age on the as-of date exactly at each age
    bound of the eligibility rules (``age_on(birth_date, as_of) <= X``), on the first and last
    day of that age, and a day either side; every value at, a step below and a step above a
    bound of any comparison clause of the compiled rules (compound rules included:
    :func:`~asn_competency.testing.boundaries.boundaries`); an empty cell for an optional
    field."""
    when = as_of_for(policy, as_of)
    found: dict[str, set[str]] = {}

    def add(name: str, value: str) -> None:
        found.setdefault(name, set()).add(value)

    grid = {b.field: b for b in benefits(policy) if b.kind == "field"}
    for edge in grid.values():  # the ends of every benefit field's range
        add(edge.field, format_number(edge.low, edge.places))
        if edge.high != UNBOUNDED:
            add(edge.field, format_number(edge.high, edge.places))
    for stage in policy.stages:
        if not isinstance(stage, TestStage):
            continue
        for component in stage.components:
            benefit = grid.get(component.field)
            if benefit is None:
                continue
            add(component.field, format_number(benefit.low, benefit.places))
            add(component.field, format_number(benefit.high, benefit.places))
            minimum = _threshold(policy, component.pass_minimum, when)
            if minimum is None:
                continue
            for value in (minimum - benefit.step, minimum, minimum + benefit.step):
                if benefit.low <= value <= benefit.high and value % benefit.step == 0:
                    add(component.field, format_number(value, benefit.places))
    rules = [
        rule.rule
        for stage in policy.stages
        if isinstance(stage, EligibilityStage)
        for rule in stage.rules
    ]
    passes = [
        text
        for stage in policy.stages
        if isinstance(stage, TestStage)
        for text in (stage.pass_rule, *(e.rule for e in stage.exceptions))
        if text
    ]
    integers = {n: d for n, d in policy.candidate_fields.items() if isinstance(d, IntegerField)}

    def integer(text: str) -> int | None:
        if text.isdigit():
            return int(text)
        value = _parameter(policy, text, when)
        return int(value) if value is not None and value.denominator == 1 else None

    for name, values in least_values(rules + passes, sorted(integers), integer).items():
        bounded = integers[name]
        for least in values:
            for near in (least - 1, least, least + 1):
                if (bounded.minimum is None or near >= bounded.minimum) and (
                    bounded.maximum is None or near <= bounded.maximum
                ):
                    add(name, str(near))
    if "birth_date" in policy.candidate_fields:
        for alternatives in age_bounds(rules, integer, frozenset()):
            for bound in alternatives:
                if bound.value is None or bound.field is not None:
                    continue
                age = bound.value + bound.offset
                for years in (age, age + 1):
                    start = _add_years(when, -years)
                    for day in (start, start + dt.timedelta(days=1), start - dt.timedelta(days=1)):
                        add("birth_date", day.isoformat())
    for boundary in boundaries(policy, when):  # every bound of the compiled rules
        quantity = boundary.quantity
        if boundary.kind == "clause" and quantity is not None and quantity.kind != "score":
            for point in points(boundary, when):
                add(quantity.name, point.cell)
    for name in list(found):
        decl = policy.candidate_fields.get(name)
        if decl is not None and not decl.required:
            add(name, "")
    return {name: sorted(found[name]) for name in sorted(found)}


def _rating_ids(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The distinct non-empty candidate ids of the rows, in row order."""
    ids: list[str] = []
    for row in rows:
        cid = str(row.get("candidate_id") or "")
        if cid and cid not in ids:
            ids.append(cid)
    return ids


def _levels(stage: RatingStage) -> list[str]:
    low, high = (int(v) for v in stage.scale)
    return [str(level) for level in range(low, high + 1)]


def _draw_ratings(
    draw: st.DrawFn,
    policy: SelectionPolicy,
    rows: Sequence[Mapping[str, Any]],
    same_as: Mapping[str, str],
) -> list[dict[str, str]]:
    """Ratings rows for every rating stage and candidate id of ``rows``: mostly every
    criterion by ``min_raters`` raters who agree or differ by one level, sometimes raters
    apart by more than the stage allows, sometimes no rating at all (absent); a candidate in
    ``same_as`` gets the same ratings as the one named (a tie)."""
    out: list[dict[str, str]] = []
    for stage in policy.stages:
        if not isinstance(stage, RatingStage):
            continue
        levels = _levels(stage)
        spreads = [0, 0, 1]
        if stage.max_spread is not None:
            spreads.append(int(stage.max_spread) + 1)
        given: dict[str, list[dict[str, str]]] = {}
        for index, cid in enumerate(_rating_ids(rows)):
            if cid in same_as and same_as[cid] in given:
                given[cid] = [{**r, "candidate_id": cid} for r in given[same_as[cid]]]
                out += given[cid]
                continue
            mine: list[dict[str, str]] = []
            # About one in sixteen is absent, never the first: a run refuses a rating stage
            # with no ratings at all (input.ratings-missing).
            if index == 0 or draw(st.integers(0, 15)) > 0:
                spread = draw(st.sampled_from(spreads))
                for criterion in stage.criteria:
                    level = draw(st.sampled_from(levels))
                    at = levels.index(level)
                    other = at + spread if at + spread < len(levels) else at - spread
                    other_level = levels[max(0, min(other, len(levels) - 1))]
                    for n in range(stage.min_raters):
                        score = other_level if n == stage.min_raters - 1 and n > 0 else level
                        mine.append(
                            {
                                "candidate_id": cid,
                                "stage_id": stage.id,
                                "rater_id": f"R{n + 1}",
                                "criterion_id": criterion.id,
                                "score": score,
                            }
                        )
            given[cid] = mine
            out += mine
    return out


def ratings(
    policy: SelectionPolicy, candidates: Sequence[Mapping[str, Any]]
) -> st.SearchStrategy[list[dict[str, str]]]:
    """Ratings rows for the candidates (every distinct id) and every rating stage of the
    policy: levels anywhere on the stage's scale (so above and below any standard), raters
    who agree, differ by one level, or differ by more than ``max_spread`` allows, and
    candidates with no rating (absent). Empty for a policy without rating stages."""

    @st.composite
    def drawn(draw: st.DrawFn) -> list[dict[str, str]]:
        return _draw_ratings(draw, policy, candidates, {})

    return drawn()


def _formation_ends(policy: SelectionPolicy) -> dict[str, list[str]]:
    """The ends of each numeric formation field's declared range, as cells (a weight of an
    extra test at 0 and at its maximum)."""
    found: dict[str, list[str]] = {}
    for name, decl in policy.formation_fields.items():
        if isinstance(decl, IntegerField | DecimalField):
            values = [v for v in (decl.minimum, decl.maximum) if v is not None]
            if values:
                found[name] = [str(v) for v in values]
    return found


@st.composite
def _cycles(
    draw: st.DrawFn,
    policy: SelectionPolicy,
    as_of: dt.date,
    max_applicants: int,
    edges: Mapping[str, list[str]],
) -> Population:
    size = draw(st.integers(1, max_applicants))
    seed = draw(st.integers(0, 2**16))
    data = synthesize(policy, applicants=size + 6, seed=seed, as_of=as_of)
    # The drawing plants every kind of data error at least once, which would leave a small
    # cycle all errors: keep at most one such row (Hypothesis chooses), and ``size`` rows.
    invalid = sorted(
        {p.row for p in data.planted if p.kind.startswith("invalid.") and p.row is not None}
    )
    kept: int | None = None
    keep_one: bool = bool(invalid) and draw(st.booleans())
    if keep_one:
        kept = draw(st.sampled_from(invalid))
    room = size - 1 if kept is not None else size
    chosen = [n for n in range(len(data.candidates)) if n not in invalid][:room]
    chosen = sorted([*chosen, kept]) if kept is not None else chosen
    # the planted error's row: ties neither copy it nor onto it (one error stays one row)
    erroneous = chosen.index(kept) if kept is not None else None
    rows = [dict(data.candidates[n]) for n in chosen]
    size = len(rows)
    formation_rows = [dict(row) for row in data.formations]
    ends = _formation_ends(policy)
    for row in formation_rows:  # small quotas make cut-offs bind
        if draw(st.booleans()):
            row["quota"] = str(draw(st.integers(1, 3)))
        for name, values in ends.items():  # a formation's numbers at an end of their range
            if draw(st.booleans()):
                row[name] = draw(st.sampled_from(values))
    fields = sorted(edges)
    if fields and size:
        for _ in range(draw(st.integers(0, 2 * size))):
            index = draw(st.integers(0, size - 1))
            name = draw(st.sampled_from(fields))
            rows[index][name] = draw(st.sampled_from(edges[name]))
    tied = [b.field for b in benefits(policy) if b.kind == "field"]
    same_as: dict[str, str] = {}
    if size > 1:
        for _ in range(draw(st.integers(0, min(3, size)))):
            first = draw(st.integers(0, size - 1))
            second = draw(st.integers(0, size - 1))
            if first == second or erroneous in (first, second):
                continue
            for name in (*tied, "formation_id", *(["birth_date"] if draw(st.booleans()) else [])):
                if name in rows[first]:
                    rows[second][name] = rows[first][name]
            same_as[rows[second]["candidate_id"]] = rows[first]["candidate_id"]
    rated = _draw_ratings(draw, policy, rows, same_as)
    return Population.of(rows, formation_rows, rated, as_of)


def populations(
    policy: SelectionPolicy,
    *,
    as_of: dt.date | None = None,
    max_applicants: int = MAX_APPLICANTS,
) -> st.SearchStrategy[Population]:
    """Whole cycles for the policy (candidates, formations, ratings, the as-of date): a
    synthetic cycle (:func:`~asn_competency.testing.synth.synthesize`, planted data errors
    and absentees included) of 1 to ``max_applicants`` applicants, with values moved onto the
    policy's edges (:func:`boundary_values`), small quotas, ties on every score within a
    formation, and ratings drawn by :func:`ratings`' rules. ``as_of``: the policy's own when
    not given (a :class:`~asn_competency.errors.PolicyError` if it has none)."""
    when = as_of_for(policy, as_of)
    return _cycles(policy, when, max_applicants, boundary_values(policy, when))


def candidates(
    policy: SelectionPolicy,
    *,
    as_of: dt.date | None = None,
    max_applicants: int = MAX_APPLICANTS,
) -> st.SearchStrategy[list[dict[str, str]]]:
    """Candidate rows conforming to the policy's declared fields, as :func:`populations`
    draws them (values on every edge, missing values, ties, a few planted data errors); their
    formation ids are those of a synthetic cycle: use :func:`populations` for candidates
    together with their formations and ratings."""
    return populations(policy, as_of=as_of, max_applicants=max_applicants).map(
        lambda population: [dict(row) for row in population.candidates]
    )


def formations(
    policy: SelectionPolicy,
    *,
    as_of: dt.date | None = None,
    max_applicants: int = MAX_APPLICANTS,
) -> st.SearchStrategy[list[dict[str, str]]]:
    """Formation rows for the policy (every declared formation field, every track, small
    quotas), as :func:`populations` draws them."""
    return populations(policy, as_of=as_of, max_applicants=max_applicants).map(
        lambda population: [dict(row) for row in population.formations]
    )


# --- policies ---------------------------------------------------------------------------------

_REFERENCE = "kebijakan-uji"
_AS_OF = dt.date(2025, 3, 1)


def _text(words: str) -> dict[str, str]:
    return {"id": words, "en": words}


def _rating_stage(draw: st.DrawFn, scores: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A rating stage of one to three criteria on a 1-5 scale, its scaled mean added to
    ``scores`` (``wawancara_100``), and the final score's criterion reading it."""
    count = draw(st.integers(1, 3))
    rating_criteria = [
        {"id": f"K.{n + 1:02d}", "field": f"wawancara_{n + 1}"} for n in range(count)
    ]
    rating: dict[str, Any] = {
        "kind": "rating",
        "id": "wawancara",
        "name": _text("Wawancara"),
        "criteria": rating_criteria,
        "scale": [1, 5],
        "min_raters": draw(st.integers(1, 3)),
        "aggregation": draw(st.sampled_from(["mean", "median"])),
        "rounding": {"places": 0, "mode": "half_up"},
    }
    if draw(st.booleans()):
        rating["max_spread"] = 2
    fields_sum = " + ".join(c["field"] for c in rating_criteria)
    scores["wawancara_100"] = {
        "kind": "scale",
        "input": f"({fields_sum}) / {count}",
        "from": [1, 5],
    }
    return rating, {"id": "wawancara", "input": "wawancara_100"}


def _reported_scores(draw: st.DrawFn, scores: dict[str, Any]) -> list[str]:
    """Scores reported beside the final score (deciding nothing), each kind drawn or not: a
    category score on the education level, a pass-fail gate on experience, and a points table
    on experience with its hit policy; their ids."""
    reported = []
    if draw(st.booleans()):
        scores["poin_pendidikan"] = {
            "kind": "category",
            "input": "education_level",
            "points": {"SMA": 1, "D3": 2, "S1": 3, "S2": 4},
        }
        reported.append("poin_pendidikan")
    if draw(st.booleans()):
        scores["berpengalaman"] = {"kind": "pass-fail", "rule": "pengalaman_tahun >= 5"}
        reported.append("berpengalaman")
    if draw(st.booleans()):
        scores["poin_pengalaman"] = {
            "kind": "points-table",
            "inputs": {"tahun": "pengalaman_tahun"},
            "hit_policy": draw(st.sampled_from(["unique", "first"])),
            "rules": [
                {"when": {"tahun": {"max": 2}}, "points": 0},
                {"when": {"tahun": {"min": 2, "max": 10}}, "points": 5},
                {"when": {"tahun": {"min": 10}}, "points": 10},
            ],
        }
        reported.append("poin_pengalaman")
    return reported


def _tracks(
    draw: st.DrawFn, test: dict[str, Any], total: str, maximum: int
) -> list[dict[str, Any]]:
    """The general track, and sometimes a special track whose test (``test``, given an
    exception) has its own pass rule on the total."""
    tracks = [{"id": "umum", "name": _text("Umum")}]
    if draw(st.booleans()):
        tracks.append({"id": "disabilitas", "name": _text("Disabilitas")})
        test["exceptions"] = [
            {
                "id": "afirmasi_disabilitas",
                "tracks": ["disabilitas"],
                "rule": f"{total} >= {draw(st.integers(0, maximum))}",
            }
        ]
    return tracks


def _final_score(draw: st.DrawFn, criteria: list[dict[str, Any]]) -> dict[str, Any]:
    """The final score: a weighted sum of the criteria, rounded to three places, its weights
    declared (summing to 1), normalised, or (two criteria) from AHP comparisons."""
    weight = Decimal(draw(st.sampled_from(["0.4", "0.5", "0.6"])))
    if len(criteria) == 1:
        criteria[0]["weight"] = Decimal(1)
    else:
        criteria[0]["weight"] = weight
        criteria[1]["weight"] = Decimal(1) - weight
    final: dict[str, Any] = {
        "kind": "weighted-sum",
        "criteria": criteria,
        "rounding": {"places": 3, "mode": "half_up"},
    }
    how = draw(st.sampled_from(["declared", "normalised", "ahp"]))
    if how == "normalised":
        final["weights"] = "normalised"
        for criterion in criteria:
            criterion["weight"] = criterion["weight"] * 10
    elif how == "ahp" and len(criteria) == 2:  # weights from pairwise comparisons
        for criterion in criteria:
            del criterion["weight"]
        final["ahp"] = {"matrix": [[1, 2], ["1/2", 1]]}
    return final


@st.composite
def _policy_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A runnable selection policy as plain data, valid by construction: screening on age,
    experience and education; a test of one to three components (pass minimums as numbers,
    parameters or none), optionally with a special track's exception; optionally a
    shortlist, a rating stage and an affirmation score; an integration (a weighted sum of
    fixed-anchor scales, weights declared, normalised or from AHP comparisons) reporting
    category, pass-fail and points-table scores or not; a ranking with a tie-break chain
    ending on the older applicant; optionally optimisation."""
    parameters: dict[str, Any] = {}

    def parameter(name: str, value: int) -> dict[str, str]:
        parameters[name] = {
            "description": _text(name.replace("_", " ")),
            "type": "integer",
            "values": {"2024-01-01": {"value": value, "reference": _REFERENCE}},
        }
        return {"parameter": name}

    fields: dict[str, Any] = {
        "candidate_id": {"type": "string", "pattern": "[0-9A-Za-z-]{1,32}"},
        "formation_id": {"type": "string"},
        "birth_date": {"type": "date", "minimum": "1950-01-01"},
        "education_level": {"type": "enum", "values": ["SMA", "D3", "S1", "S2"]},
        "pengalaman_tahun": {"type": "integer", "minimum": 0, "maximum": 40},
        "disabilitas": {"type": "boolean", "required": False},
    }
    components = []
    maxima = []
    for n in range(draw(st.integers(1, 3))):
        name = f"tes_{n + 1}"
        maximum = draw(st.sampled_from([50, 100, 150, 450]))
        maxima.append(maximum)
        fields[name] = {"type": "integer", "minimum": 0, "maximum": maximum, "required": False}
        component: dict[str, Any] = {"id": name, "field": name, "maximum": maximum}
        how = draw(st.sampled_from(["none", "number", "parameter"]))
        if how == "number":
            component["pass_minimum"] = draw(st.integers(1, maximum))
        elif how == "parameter":
            component["pass_minimum"] = parameter(f"min_{name}", draw(st.integers(1, maximum)))
        components.append(component)
    total = " + ".join(c["field"] for c in components)
    stages: list[dict[str, Any]] = [
        {
            "kind": "eligibility",
            "id": "administrasi",
            "name": _text("Seleksi administrasi"),
            "rules": [
                {
                    "id": "usia",
                    "rule": "age_on(birth_date, as_of) <= usia_maksimal",
                    "reason": _text("Usia melebihi batas"),
                },
                {
                    "id": "pengalaman",
                    "rule": "pengalaman_tahun >= pengalaman_minimal",
                    "reason": _text("Pengalaman kurang"),
                },
                {
                    "id": "pendidikan",
                    "rule": "education_level == formation.education_level",
                    "reason": _text("Pendidikan tidak sesuai"),
                },
            ],
        },
        {
            "kind": "test",
            "id": "tes",
            "name": _text("Tes kompetensi"),
            "components": components,
            "score": total,
        },
    ]
    tracks = _tracks(draw, stages[1], total, sum(maxima))
    parameter("usia_maksimal", draw(st.integers(30, 45)))
    parameter("pengalaman_minimal", draw(st.integers(0, 3)))
    scores: dict[str, Any] = {
        "tes_total": {"kind": "formula", "formula": total},
        "tes_100": {"kind": "scale", "input": "tes_total", "from": [0, sum(maxima)]},
    }
    criteria: list[dict[str, Any]] = [{"id": "tes", "input": "tes_100"}]
    if draw(st.booleans()):
        scores["tes_afirmasi"] = {
            "kind": "affirmation",
            "input": "tes_total",
            "maximum": sum(maxima),
            "conditions": [{"id": "disabilitas", "rule": "disabilitas", "percent": 10}],
        }
        scores["tes_100"]["input"] = "tes_afirmasi"
    if draw(st.booleans()):
        stages.append(
            {
                "kind": "shortlist",
                "id": "daftar_pendek",
                "name": _text("Daftar pendek"),
                "multiplier": draw(st.integers(1, 3)),
                "order": [{"key": "tes_total"}, {"key": "birth_date", "direction": "asc"}],
            }
        )
    if draw(st.booleans()):
        rating, criterion = _rating_stage(draw, scores)
        stages.append(rating)
        criteria.append(criterion)
    final = _final_score(draw, criteria)
    scores["nilai_akhir"] = final
    integration: dict[str, Any] = {
        "kind": "integration",
        "id": "integrasi",
        "name": _text("Nilai akhir"),
        "score": "nilai_akhir",
    }
    reported = _reported_scores(draw, scores)
    if reported:
        integration["report"] = reported
    stages.append(integration)
    stages.append(
        {
            "kind": "ranking",
            "id": "peringkat",
            "name": _text("Peringkat"),
            "order": [
                {"key": "nilai_akhir"},
                {"key": components[0]["field"]},
                {"key": "birth_date", "direction": "asc"},
            ],
        }
    )
    if draw(st.booleans()):
        stages.append({"kind": "optimisation", "id": "optimalisasi", "name": _text("Optimalisasi")})
    return {
        "kind": "selection-policy",
        "schema_version": 1,
        "id": "kebijakan-uji",
        "name": _text("Kebijakan uji"),
        "as_of": _AS_OF,
        "references": [
            {"id": _REFERENCE, "title": "A policy drawn for testing", "certainty": "unverified"}
        ],
        "parameters": parameters,
        "candidate_fields": fields,
        "protected_attributes": {
            "gender": {"type": "enum", "values": ["P", "L"], "required": False},
            "religion": {"type": "string", "required": False},
            "region_of_origin": {"type": "string", "required": False},
        },
        "formation_fields": {},
        "tracks": tracks,
        "stages": stages,
        "scores": scores,
    }


def policy_documents() -> st.SearchStrategy[dict[str, Any]]:
    """The small policies :func:`policies` draws, as the plain data of a YAML file (before
    loading): valid by construction, for tests of what reads and writes policy files (a
    round trip, a content hash that ignores spelling)."""
    return _policy_documents()


def _shipped(name: str) -> SelectionPolicy:
    policy = asn.load(asn.shipped(name))
    if not isinstance(policy, SelectionPolicy):
        raise TypeError(f"{name} is not a selection policy")
    return policy


def policies(*, shipped: bool = True) -> st.SearchStrategy[SelectionPolicy]:
    """Valid selection policies, loaded with every check: small policies drawn by
    construction (eligibility, test, shortlist, rating, integration, ranking and optimisation
    stages; formula, scale, weighted-sum and affirmation scores; thresholds as numbers and as
    dated parameters; every drawn policy declares its ``as_of``) and, unless ``shipped`` is
    false, the shipped policies (:data:`SHIPPED_POLICIES`: track exceptions, priority groups,
    Profile Matching and JPM against a position standard)."""
    drawn = policy_documents().map(lambda document: _load(dump_yaml(document)))
    if not shipped:
        return drawn
    return st.one_of(st.sampled_from(SHIPPED_POLICIES).map(_shipped), drawn)


def _load(text: str) -> SelectionPolicy:
    policy = asn.load_text(text)
    if not isinstance(policy, SelectionPolicy):
        raise TypeError("a drawn document is not a selection policy")
    return policy
