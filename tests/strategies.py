"""The project's own Hypothesis strategies, for what only its tests need: documents as plain
data with arbitrary names, texts and numbers (any identifier, Unicode words, decimals of any
spelling) to test what reads and writes files, and respelling them as text. Runnable
selection policies, as data or loaded, and the rows to run them on are the public
strategies' (:mod:`asn_competency.testing.strategies`), which the tests use for those."""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from asn_competency.files.canonical import format_decimal
from asn_competency.model.policy import RESERVED_NAMES

IDENT = st.from_regex(r"\A[a-z][a-z0-9-]{0,10}\Z")
FIELD = st.from_regex(r"\A[a-z][a-z0-9_]{0,10}\Z").filter(lambda name: name not in RESERVED_NAMES)
WORDS = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s)
DECIMALS = st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False)
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def texts(draw: st.DrawFn) -> dict[str, str]:
    """A bilingual text."""
    out = {"id": draw(WORDS)}
    if draw(st.booleans()):
        out["en"] = draw(WORDS)
    return out


@st.composite
def references(draw: st.DrawFn) -> list[dict[str, Any]]:
    """One to three references with distinct ids."""
    ids = draw(st.lists(IDENT, min_size=1, max_size=3, unique=True))
    return [
        {
            "id": ident,
            "title": draw(WORDS),
            "certainty": draw(st.sampled_from(["confirmed", "weak", "unverified"])),
        }
        for ident in ids
    ]


@st.composite
def frameworks(draw: st.DrawFn) -> dict[str, Any]:
    """A valid competency framework."""
    refs = draw(references())
    codes = draw(
        st.lists(st.from_regex(r"\A[A-Z]{1,2}\.[0-9]{2}\Z"), min_size=1, max_size=4, unique=True)
    )
    competencies = []
    for code in codes:
        levels = [
            {
                "level": level,
                "description": draw(texts()),
                "indicators": draw(st.lists(texts(), min_size=1, max_size=2)),
            }
            for level in draw(st.permutations([1, 2, 3, 4, 5]))
        ]
        competencies.append(
            {
                "id": code,
                "group": draw(st.sampled_from(["teknis", "manajerial", "sosial_kultural"])),
                "name": draw(texts()),
                "definition": draw(texts()),
                "reference": draw(st.sampled_from([r["id"] for r in refs])),
                "paraphrase": draw(st.booleans()),
                "levels": levels,
            }
        )
    return {
        "kind": "competency-framework",
        "schema_version": 1,
        "id": draw(IDENT),
        "name": draw(texts()),
        "references": refs,
        "competencies": competencies,
    }


@st.composite
def field_decls(draw: st.DrawFn, *, numeric: bool = False) -> dict[str, Any]:
    """A valid field declaration (numeric only, when asked)."""
    kinds = ["integer", "decimal"] if numeric else ["integer", "decimal", "enum", "date", "boolean"]
    kind = draw(st.sampled_from(kinds))
    decl: dict[str, Any] = {"type": kind}
    if draw(st.booleans()):
        decl["description"] = draw(texts())
    if kind == "integer":
        low, high = sorted(draw(st.lists(st.integers(-500, 500), min_size=2, max_size=2)))
        decl |= {"minimum": low, "maximum": high}
    elif kind == "decimal":
        small, large = sorted(draw(st.lists(DECIMALS, min_size=2, max_size=2)))
        decl |= {"minimum": small, "maximum": large, "places": 3}
    elif kind == "enum":
        decl["values"] = draw(st.lists(IDENT, min_size=1, max_size=4, unique=True))
        if draw(st.booleans()):
            decl |= {"required": False, "default": decl["values"][0]}
    elif kind == "date":
        first, last = sorted(draw(st.lists(DATES, min_size=2, max_size=2)))
        decl |= {"minimum": first.isoformat(), "maximum": last.isoformat()}
    return decl


@st.composite
def policy_skeletons(draw: st.DrawFn) -> dict[str, Any]:
    """A valid selection policy skeleton with arbitrary names and values (fields, decimal
    parameters with dated values and ends, thresholds as numbers or parameters, Unicode
    texts): parameters, fields, tracks and stages; loadable, not meant to be run."""
    refs = draw(references())
    ref_ids = [r["id"] for r in refs]
    names = draw(st.lists(FIELD, min_size=2, max_size=8, unique=True))
    split = draw(st.integers(1, len(names) - 1))
    numeric = names[:split]
    candidate = {name: draw(field_decls(numeric=True)) for name in numeric}
    protected = {name: draw(field_decls()) | {"required": False} for name in names[split:]}
    for decl in protected.values():
        decl.pop("default", None)
    params: dict[str, Any] = {}
    for name in (f"p_{n}" for n in draw(st.lists(FIELD, max_size=3, unique=True))):
        starts = sorted(draw(st.lists(DATES, min_size=1, max_size=3, unique=True)))
        values: dict[str, Any] = {
            start.isoformat(): {
                "value": draw(DECIMALS),
                "reference": draw(st.sampled_from(ref_ids)),
            }
            for start in starts
        }
        if len(starts) > 1 and draw(st.booleans()):
            values[starts[-1].isoformat()] = None
        params[name] = {"description": draw(texts()), "type": "decimal", "values": values}
    components = []
    for index, name in enumerate(draw(st.lists(st.sampled_from(numeric), min_size=1, unique=True))):
        component: dict[str, Any] = {
            "id": f"c{index}",
            "field": name,
            "maximum": draw(st.integers(1, 500)),
        }
        # A pass minimum never above the maximum (stage.pass-minimum): parameter values reach
        # 1000, so a component whose minimum is a parameter has that maximum.
        threshold = draw(st.sampled_from(["parameter", "number", "none"]))
        if params and threshold == "parameter":
            component["pass_minimum"] = {"parameter": draw(st.sampled_from(sorted(params)))}
            component["maximum"] = 1000
        elif threshold == "number":
            component["pass_minimum"] = draw(
                st.decimals(min_value=-1000, max_value=component["maximum"], places=3)
            )
        components.append(component)
    stages = [
        {
            "kind": "eligibility",
            "id": "screening",
            "name": draw(texts()),
            "rules": [{"id": "r1", "rule": f"{numeric[0]} >= 0", "reason": draw(texts())}],
        },
        {"kind": "test", "id": "exam", "name": draw(texts()), "components": components},
    ]
    track_ids = draw(st.lists(IDENT, min_size=1, max_size=3, unique=True))
    return {
        "kind": "selection-policy",
        "schema_version": 1,
        "id": draw(IDENT),
        "name": draw(texts()),
        "references": refs,
        "parameters": params,
        "candidate_fields": candidate,
        "protected_attributes": protected,
        "tracks": [
            {"id": ident, "name": draw(texts()), "reference": draw(st.sampled_from(ref_ids))}
            for ident in track_ids
        ],
        "stages": stages,
    }


def respell(data: Any, rng: random.Random, indent: int = 0) -> str:
    """The same data as different YAML text: JSON-style flow with shuffled key order, random
    indentation, and every decimal spelled another equal way (``0.4``, ``0.400``, ``4E-1``)."""
    pad = " " * rng.randint(0, 3)
    if isinstance(data, dict):
        items = list(data.items())
        rng.shuffle(items)
        body = f",\n{pad}".join(
            f"{json.dumps(k, ensure_ascii=rng.random() < 0.5)}: {respell(v, rng)}" for k, v in items
        )
        return "{" + pad + body + "}"
    if isinstance(data, list):
        return "[" + ", ".join(respell(v, rng) for v in data) + "]"
    if isinstance(data, Decimal):
        plain = format_decimal(data)
        spellings = [plain, plain + ("0" if "." in plain else ".0"), f"{data:E}"]
        return rng.choice(spellings)
    if isinstance(data, dt.date):
        return json.dumps(data.isoformat())
    if isinstance(data, str):
        if rng.random() < 0.5 and "'" not in data and "\n" not in data:
            return "'" + data + "'"
        return json.dumps(data, ensure_ascii=rng.random() < 0.5)
    return json.dumps(data)
