"""An analyst's pandas script of the CPNS 2024 selection rules: the yardstick for ``run``.

    python benchmarks/pandas_cpns.py candidates.csv formations.csv --as-of 2024-09-10 \\
        --out results.csv

It reads the two CSV files that ``asn-competency synth`` writes and decides every candidate
row by the rules of ``rubrics/cpns-2024.yaml`` (docs/pipeline.md, "The CPNS 2024 example";
the optimisation procedure of docs/pipeline.md, "Optimisation"), without any audit trail:
no traces, no ledger, no manifest. Its output has one row per candidate row: the final
status and label, the rank, the final score, the placement and every stage's outcome, so a
benchmark can compare it with ``run`` on every candidate (a disagreement is a bug in one of
the two).

Numbers are exact where they decide: scores are integers (the SKD points), the final score is
computed in integers and kept in thousandths (it is rounded half-up to 3 places), the GPA and
the diploma average are kept in hundredths. No binary float decides a threshold or a rank.

The policy's values are written out below (the passing grades, weights and rounding in force
on the as-of date), as an analyst would copy them from the policy file. Rows that a
spreadsheet-style reader cannot split (bad quoting, a wrong number of cells) are not
handled: pandas refuses the file.
"""

# ruff: noqa: FBT003 - pandas takes fill values and scalars positionally (fillna(False))
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd  # type: ignore[import-untyped, unused-ignore]

# --------------------------------------------------------------------- the policy's values
TRACKS = ("umum", "cumlaude", "diaspora", "disabilitas", "papua")
GENERAL = "umum"
LEVELS = ("SMA", "D3", "D4", "S1", "S2", "S3")
ACCREDITATIONS = ("A", "B", "C", "Unggul", "Baik Sekali", "Baik")
MIN_AGE, MAX_AGE, MAX_AGE_40 = 18, 35, 40
MIN_TWK, MIN_TIU, MIN_TKP = 65, 80, 166  # general track (KepmenPANRB 321/2024)
EXCEPTIONS = {  # track: (minimum SKD total, minimum TIU)
    "cumlaude": (311, 85),
    "diaspora": (311, 85),
    "disabilitas": (286, 60),
    "papua": (286, 60),
}
SHORTLIST_MULTIPLIER = 3
STAGES = ("administrasi", "skd", "pemeringkatan_skd", "skb", "integrasi", "peringkat")
OPT = "optimalisasi"
LABELS = {
    "selected": "L",
    "not_selected": "TL",
    "failed": "TL",
    "ineligible": "TMS",
    "absent": "TH",
    "invalid_input": "ERR",
    "needs_review": "PR",
}
#: Final-ranking keys: column, descending? (the older applicant first: birth date ascending).
RANK_KEYS = (
    ("final_milli", True),
    ("skd_total", True),
    ("tkp", True),
    ("tiu", True),
    ("twk", True),
    ("gpa_key", True),
    ("diploma_key", True),
    ("birth_ns", False),
)
SHORTLIST_KEYS = (("skd_total", True), ("tkp", True), ("tiu", True), ("twk", True))

Keys = Sequence[tuple[str, bool]]

_INT = r"[+-]?[0-9]+"
_DEC = r"([+-]?)([0-9]+)(?:\.([0-9]+))?"


# ------------------------------------------------------------------------------- typing
def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column's cells stripped ("" when the column is missing)."""
    if column not in frame:
        return pd.Series("", index=frame.index)
    return frame[column].str.strip()


def _or_none(text: pd.Series) -> pd.Series:
    """Empty cells as missing values."""
    return text.where(text != "")


def _integer(text: pd.Series, low: int, high: int) -> tuple[pd.Series, pd.Series]:
    """Integers (Int64, <NA> when empty or wrong) and a mask of cells that are wrong."""
    given = text != ""
    ok = text.str.fullmatch(_INT) & (text.str.len() <= 12)
    value = pd.to_numeric(text.where(ok, None), errors="coerce").astype("Int64")
    ok &= value.between(low, high).fillna(False).astype(bool)
    return value.where(ok), given & ~ok


def _decimal(
    text: pd.Series, low: int, high: int, places: int | None
) -> tuple[pd.Series, pd.Series, int]:
    """Decimals as integers scaled by 10**scale (Int64), the wrong-cell mask and the scale:
    ``places`` when the field declares it, else the most places written in the column."""
    given = text != ""
    parts = text.str.extract(f"^{_DEC}$")
    fraction = parts[2].fillna("").str.rstrip("0")
    ok = parts[1].notna() & (parts[1].str.lstrip("0").str.len() <= 6)
    written = fraction.str.len().where(ok, 0)
    scale = places if places is not None else int(written.max() if len(written) else 0)
    if scale > 6:
        raise ValueError(f"a decimal with {scale} places: too many for this script")
    ok &= written <= scale
    whole = pd.to_numeric(parts[1].where(ok, "0")).astype("int64")
    part = pd.to_numeric(fraction.where(ok, "").str.ljust(scale, "0").replace("", "0"))
    sign = np.where(parts[0] == "-", -1, 1)
    value = pd.Series(sign * (whole * 10**scale + part.astype("int64")), index=text.index)
    value = value.astype("Int64").where(ok)
    ok &= value.between(low * 10**scale, high * 10**scale).fillna(False).astype(bool)
    return value.where(ok), given & ~ok, scale


def _boolean(text: pd.Series, default: bool) -> tuple[pd.Series, pd.Series]:
    lowered = text.str.lower()
    value = pd.Series(default, index=text.index)
    value[lowered.isin(["true", "1", "ya"])] = True
    value[lowered.isin(["false", "0", "tidak"])] = False
    wrong = (text != "") & ~lowered.isin(["true", "1", "ya", "false", "0", "tidak"])
    return value.astype(bool), wrong


def id_key(ids: pd.Series) -> pd.Series:
    """Ids as they are compared: NFKC, without format characters, stripped, case-folded."""

    def fold(text: str) -> str:
        if text.isascii():
            return text.strip().lower()
        text = unicodedata.normalize("NFKC", text)
        return "".join(c for c in text if unicodedata.category(c) != "Cf").strip().casefold()

    return ids.map(fold)


def read_formations(path: Path) -> pd.DataFrame:
    """The formations, typed; any problem stops the script (as it stops a run)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw.columns = raw.columns.str.strip()
    f = pd.DataFrame({"formation_id": _text(raw, "formation_id")})
    f["quota"], bad_quota = _integer(_text(raw, "quota"), 0, 10**9)
    f["track"] = _text(raw, "track")
    for name in ("position", "education_level", "agency", "location"):
        f[name] = _text(raw, name).pipe(_or_none)
    agency_type = _text(raw, "agency_type").replace("", "daerah")
    f["weight"], bad_weight, f.attrs["weight_scale"] = _decimal(
        _text(raw, "skb_extra_weight").replace("", "0"), 0, 1, None
    )
    bad_weight |= (f["weight"] > 4 * 10 ** f.attrs["weight_scale"] // 10).fillna(True)
    f["age_40"], bad_bool = _boolean(_text(raw, "batas_usia_40"), default=False)
    f["qualifications"] = _text(raw, "qualifications").map(
        lambda cell: frozenset(q.strip() for q in cell.split(";") if q.strip())
    )
    wrong = (
        (f["formation_id"] == "")
        | f["quota"].isna()
        | bad_quota
        | ~f["track"].isin(TRACKS)
        | (agency_type != "daerah")
        | bad_weight
        | bad_bool
        | id_key(f["formation_id"]).duplicated(keep=False)
    )
    if wrong.any():
        lines = ", ".join(str(i + 2) for i in f.index[wrong][:10])
        raise ValueError(f"{path}: invalid formations on lines {lines}")
    f["quota"] = f["quota"].astype("int64")
    return f.set_index("formation_id", drop=False)


def read_candidates(path: Path, formations: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The candidates, typed, with ``invalid`` for rows that cannot be used."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw.columns = raw.columns.str.strip()
    c = pd.DataFrame(index=raw.index)
    c["row"] = raw.index + 2  # line in the file: the header is line 1
    c["candidate_id"] = _text(raw, "candidate_id")
    c["formation_id"] = _text(raw, "formation_id")
    problems = [
        c["candidate_id"] == "",
        ~c["candidate_id"].str.fullmatch(r"[0-9A-Za-z-]{1,32}"),
        c["formation_id"] == "",
        ~c["formation_id"].isin(formations.index),
    ]
    given = c["candidate_id"] != ""
    problems.append(given & id_key(c["candidate_id"]).where(given).duplicated(keep=False))
    born = _text(raw, "birth_date")
    date = pd.to_datetime(born.where(born.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")),
                          format="%Y-%m-%d", errors="coerce")  # fmt: skip
    c["birth_ns"] = pd.Series(date.to_numpy().view("int64"), index=c.index).where(date.notna())
    c["birth_ns"] = c["birth_ns"].astype("Int64")
    year, month, day = date.dt.year, date.dt.month, date.dt.day
    before = (month > as_of.month) | ((month == as_of.month) & (day > as_of.day))
    c["age"] = (as_of.year - year - before.astype(int)).astype("Int64")
    problems += [
        date.isna(),
        date < pd.Timestamp("1950-01-01"),
        date > pd.Timestamp(as_of),
        c["age"] > 120,
    ]
    c["education_level"] = _text(raw, "education_level")
    problems.append(~c["education_level"].isin(LEVELS))
    c["qualification"] = _text(raw, "qualification").pipe(_or_none)
    problems.append(c["qualification"].str.len() > 200)
    c["accreditation"] = _text(raw, "program_accreditation").pipe(_or_none)
    problems.append(c["accreditation"].notna() & ~c["accreditation"].isin(ACCREDITATIONS))
    c["gpa"], wrong, _ = _decimal(_text(raw, "gpa"), 0, 4, places=2)
    problems.append(wrong)
    c["diploma"], wrong, _ = _decimal(_text(raw, "diploma_average"), 0, 100, places=2)
    problems.append(wrong)
    for name, high in (("twk", 150), ("tiu", 175), ("tkp", 225), ("skb_cat", 500)):
        c[name], wrong = _integer(_text(raw, name), 0, high)
        problems.append(wrong)
    c["extra"], wrong, c.attrs["extra_scale"] = _decimal(_text(raw, "skb_extra"), 0, 100, None)
    problems.append(wrong)
    c["invalid"] = np.logical_or.reduce([p.fillna(True).astype(bool) for p in problems])
    own = formations.reindex(c["formation_id"])
    for name in ("track", "education_level", "quota", "weight", "age_40", "qualifications"):
        c[f"f_{name}"] = own[name].set_axis(c.index)
    return c


# ---------------------------------------------------------------------------- orderings
def sorted_by(frame: pd.DataFrame, keys: Keys, first: Iterable[str] = ()) -> pd.DataFrame:
    """The frame sorted best first: unknown values after known ones on each key, then by
    candidate id (which only lists tied candidates in a stable order)."""
    work = frame.assign(**{f"_k{i}": -frame[k] if desc else frame[k]
                           for i, (k, desc) in enumerate(keys)})  # fmt: skip
    by = [*first, *(f"_k{i}" for i in range(len(keys))), "candidate_id"]
    return work.sort_values(by, na_position="last", kind="stable").drop(
        columns=[f"_k{i}" for i in range(len(keys))]
    )


def ties(a: pd.DataFrame, b: pd.DataFrame, keys: Keys) -> np.ndarray:
    """Row by row, whether the keys cannot separate a and b: equal on every key, or unknown on
    a key before any key separates them (an unknown value cannot be ordered)."""
    decided = np.zeros(len(a), dtype=bool)
    tied = np.ones(len(a), dtype=bool)
    for name, _ in keys:
        unknown = a[name].isna().to_numpy() | b[name].isna().to_numpy()
        x = a[name].to_numpy(dtype="int64", na_value=0)
        y = b[name].to_numpy(dtype="int64", na_value=0)
        decided |= unknown
        differ = ~decided & (x != y)
        tied &= ~differ
        decided |= differ
    return tied


def ranked(frame: pd.DataFrame, keys: Keys) -> pd.DataFrame:
    """Per formation: position (1-based), rank (ties share one) and a boundary helper."""
    out = sorted_by(frame, keys, first=["formation_id"]).reset_index(names="idx")
    out["position"] = out.groupby("formation_id").cumcount() + 1
    previous = out.shift(1)
    same = (previous["formation_id"] == out["formation_id"]).to_numpy()
    new_run = ~(same & ties(previous, out, keys))
    out["rank"] = (
        pd.Series(np.where(new_run, out["position"], 0)).groupby(out["formation_id"]).cummax()
    )
    return out


def at_position(order: pd.DataFrame, where: pd.Series, keys: Keys) -> pd.DataFrame:
    """Each row's formation's row at position ``where`` (the cut or the quota), if any."""
    picked = order[order["position"] == where][["formation_id", *(k for k, _ in keys)]]
    return order[["formation_id"]].merge(picked, on="formation_id", how="left")


# ------------------------------------------------------------------------------ stages
def decide(c: pd.DataFrame, f: pd.DataFrame) -> pd.DataFrame:  # noqa: PLR0915 - stage by stage
    """Every stage for every candidate row; one output row per candidate row."""
    out = {s: pd.Series("not_reached", index=c.index) for s in (*STAGES, OPT)}
    out["administrasi"].loc[c["invalid"]] = "invalid_input"
    valid = ~c["invalid"]

    # 1. administrasi: five rules, three-valued (pandas' nullable booleans: Kleene logic)
    age, track = c["age"], c["f_track"]
    degree = c["education_level"].isin(["S1", "S2", "S3"])
    accredited = c["accreditation"].isin(["A", "Unggul"]).astype("boolean")
    accredited[c["accreditation"].isna()] = pd.NA
    listed = c["f_qualifications"].map(lambda q: bool(q) if isinstance(q, frozenset) else False)
    in_list = pd.Series(
        [q in qs if isinstance(q, str) and isinstance(qs, frozenset) else pd.NA
         for q, qs in zip(c["qualification"], c["f_qualifications"], strict=True)],
        index=c.index, dtype="boolean",
    )  # fmt: skip
    rules = pd.DataFrame(
        {
            "usia_minimal": age >= MIN_AGE,
            "usia": (age <= MAX_AGE) | (c["f_age_40"].eq(True)
                                         & (age <= MAX_AGE_40)),
            "pendidikan": (c["education_level"] == c["f_education_level"])
            .astype("boolean")
            .mask(c["f_education_level"].isna()),
            "kualifikasi": ~listed.astype("boolean") | in_list,
            "cumlaude": (track != "cumlaude").astype("boolean") | (degree & accredited),
        }
    ).astype("boolean")  # fmt: skip
    failed = (rules == False).any(axis=1)  # noqa: E712 - a nullable boolean
    unknown = rules.isna().any(axis=1)
    out["administrasi"].loc[valid] = np.where(
        failed, "ineligible", np.where(unknown, "needs_review", "advanced")
    )[valid.to_numpy()]
    active = valid & ~failed & ~unknown

    # 2. skd: every general passing grade, or the track's exception
    twk, tiu, tkp = c["twk"], c["tiu"], c["tkp"]
    present = pd.concat([twk.notna(), tiu.notna(), tkp.notna()], axis=1)
    c["skd_total"] = (twk + tiu + tkp).astype("Int64")
    general = (twk >= MIN_TWK) & (tiu >= MIN_TIU) & (tkp >= MIN_TKP)
    c["met_general"] = general.fillna(False).astype(bool)
    minimum_total = track.map(lambda t: EXCEPTIONS.get(t, (None, None))[0])
    minimum_tiu = track.map(lambda t: EXCEPTIONS.get(t, (None, None))[1])
    special = minimum_total.notna()
    by_exception = (c["skd_total"] >= minimum_total.astype("Int64")) & (
        tiu >= minimum_tiu.astype("Int64")
    )
    passed = general.where(~special, by_exception).fillna(False).astype(bool)
    all_present, none_present = present.all(axis=1), ~present.any(axis=1)
    out["skd"].loc[active] = np.where(
        none_present,
        "absent",
        np.where(~all_present, "needs_review", np.where(passed, "advanced", "below_threshold")),
    )[active.to_numpy()]
    active &= all_present & passed

    # 3. pemeringkatan_skd: 3 x quota per formation; ties with the last one inside all advance
    order = ranked(c[active], SHORTLIST_KEYS)
    cut = SHORTLIST_MULTIPLIER * order["formation_id"].map(f["quota"])
    last = at_position(order, cut, SHORTLIST_KEYS)
    inside = (order["position"] <= cut) | (last["skd_total"].notna().to_numpy()
                                           & ties(order, last, SHORTLIST_KEYS))  # fmt: skip
    out["pemeringkatan_skd"].loc[order["idx"]] = np.where(inside, "advanced", "outranked")
    active &= c.index.isin(order["idx"][inside])

    # 4. skb: absent without a CAT score; no passing grade
    out["skb"].loc[active] = np.where(c["skb_cat"].isna(), "absent", "advanced")[active.to_numpy()]
    active &= c["skb_cat"].notna()

    # 5. integrasi: 40% x SKD total/550x100 + 60% x ((1-w) x CAT/500x100 + w x extra),
    # rounded half-up to 3 places. Over the common denominator 275 x 10^(p+q):
    p, q = f.attrs["weight_scale"], c.attrs["extra_scale"]
    if p + q > 10:
        raise ValueError("the SKB weight and extra score have too many places for int64")
    w = c["f_weight"].astype("Int64")
    extra = c["extra"].where((w != 0).fillna(True), 0)  # zero times a missing score is zero
    numerator = (
        20 * c["skd_total"] * 10 ** (p + q)
        + 33 * (10**p - w) * c["skb_cat"] * 10**q
        + 165 * w * extra
    )
    denominator = 275 * 10 ** (p + q)
    c["final_milli"] = (2000 * numerator + denominator) // (2 * denominator)  # half-up
    known = c["final_milli"].notna()
    out["integrasi"].loc[active] = np.where(known, "advanced", "needs_review")[active.to_numpy()]
    active &= known

    # 6. peringkat: the full tie-break chain; an unresolved tie at the quota is for review
    sma = c["f_education_level"] == "SMA"
    c["gpa_key"] = c["gpa"].where(~sma, 0)  # the key that does not apply is 0 for everyone
    c["diploma_key"] = c["diploma"].where(sma, 0)
    order = ranked(c[active], RANK_KEYS)
    quota = order["formation_id"].map(f["quota"])
    size = order.groupby("formation_id")["position"].transform("max")
    last = at_position(order, quota, RANK_KEYS)
    after = at_position(order, quota + 1, RANK_KEYS)
    boundary = (
        (quota > 0) & (quota < size) & ties(last, after, RANK_KEYS) & ties(order, last, RANK_KEYS)
    ).to_numpy()
    out["peringkat"].loc[order["idx"]] = np.where(
        boundary, "needs_review", np.where(order["position"] <= quota, "advanced", "outranked")
    )
    rank = pd.Series(pd.NA, index=c.index, dtype="Int64")
    rank.loc[order["idx"]] = order["rank"].to_numpy()
    outcome = out["peringkat"]
    out[OPT].loc[outcome == "advanced"] = "advanced"

    # 7. optimalisasi
    placed = optimise(c, f, outcome, out[OPT])
    return _results(c, f, out, rank, placed)


def _results(
    c: pd.DataFrame,
    f: pd.DataFrame,
    out: dict[str, pd.Series],
    rank: pd.Series,
    placed: pd.Series,
) -> pd.DataFrame:
    """The output rows: statuses from the stage outcomes (docs/pipeline.md, final statuses)."""
    stages = pd.DataFrame(out)
    status = pd.Series("selected", index=c.index)
    settled = pd.Series(False, index=c.index)
    for number, stage in enumerate((*STAGES, OPT)):
        outcome = stages[stage]
        later_review = (stages[list((*STAGES, OPT)[number + 1 :])] == "needs_review").any(axis=1)
        outranked = np.where(
            later_review,
            "needs_review",
            np.where(placed.notna(), "selected_by_optimisation", "not_selected"),
        )
        ends = {
            "below_threshold": "failed",
            "absent": "absent",
            "ineligible": "ineligible",
            "invalid_input": "invalid_input",
            "needs_review": "needs_review",
        }
        now = outcome.map(ends)
        now = now.where(outcome != "outranked", pd.Series(outranked, index=c.index))
        status = status.where(settled | now.isna(), now)
        settled |= now.notna()
    moved = placed.map(f["track"]) != c["f_track"]
    label = status.map(LABELS).where(status != "selected_by_optimisation", "L-2")
    label = label.where(~((status == "selected_by_optimisation") & moved), "L-1")
    placement = placed.where(status == "selected_by_optimisation")
    placement = placement.where(status != "selected", c["formation_id"])
    milli = c["final_milli"].where(stages["integrasi"] == "advanced")
    result = pd.DataFrame(
        {
            "candidate_id": c["candidate_id"],
            "row": c["row"],
            "final_status": status,
            "final_status_label": label,
            "rank": rank.astype("string").fillna(""),
            "final_score": milli.map(_thousandths, na_action="ignore").fillna(""),
            "placement_formation_id": placement.fillna(""),
        }
    )
    for stage in (*STAGES, OPT):
        result[f"{stage}.outcome"] = stages[stage]
    return result


def _thousandths(milli: int) -> str:
    """A number held in thousandths, written as ``run`` writes it (no trailing zeros)."""
    whole, part = divmod(int(milli), 1000)
    return f"{whole}.{part:03d}".rstrip("0").rstrip(".") if part else str(whole)


# ------------------------------------------------------------------------- optimisation
def optimise(c: pd.DataFrame, f: pd.DataFrame, ranking: pd.Series, opt: pd.Series) -> pd.Series:
    """Fill free slots with outranked candidates, best first over all free slots together;
    hold slots for an unresolved tie at a quota. Writes the stage's outcomes into ``opt``
    and returns the formation each candidate was placed in."""
    placed = pd.Series(None, index=c.index, dtype=object)
    selected = c.loc[ranking == "advanced", "formation_id"].value_counts()
    tied = c[ranking == "needs_review"]
    free_count = f["quota"] - selected.reindex(f.index, fill_value=0)
    free = free_count[(free_count > 0) & ~f.index.isin(tied["formation_id"])].sort_index()
    targets = _targets(f, free)

    pool = c[ranking == "outranked"].sort_values("candidate_id")
    entrants = pool[[k for k, _ in RANK_KEYS]].copy()
    entrants["key"], entrants["index"], entrants["uncertain"] = (
        pool["candidate_id"],
        pool.index,
        False,
    )
    entrants["targets"] = [targets.get((fid, met), ()) for fid, met in
                           zip(pool["formation_id"], pool["met_general"], strict=True)]  # fmt: skip
    held = []
    for fid, members in sorted(tied.groupby("formation_id"), key=lambda kv: kv[0]):
        options = {targets.get((fid, g), ()) for g in members["met_general"]}
        union = sorted(set().union(*options), key=_preference(f, fid))
        best = sorted_by(members, RANK_KEYS).iloc[0]
        for number in range(len(members) - int(free_count[fid])):
            held.append({"key": f"~{fid}~{number}", "index": -1, "targets": tuple(union),
                         "uncertain": len(options) > 1,
                         **{k: best[k] for k, _ in RANK_KEYS}})  # fmt: skip
    if held:
        entrants = pd.concat([entrants, pd.DataFrame(held)], ignore_index=True)
    entrants = entrants.reset_index(drop=True)
    entrants[[k for k, _ in RANK_KEYS]] = entrants[[k for k, _ in RANK_KEYS]].astype("Int64")
    reasons, where = allocate(entrants, free.to_dict())

    verdict = pd.Series(reasons, index=entrants["index"])
    verdict = verdict[verdict.index >= 0]  # the candidates, not the held places
    review = verdict.isin(["tie_unresolved", "waiting_for_tie"])
    opt.loc[verdict.index] = np.where(
        verdict == "placed", "advanced", np.where(review, "needs_review", "outranked")
    )
    index = entrants["index"].tolist()
    chosen = [n for n, reason in enumerate(reasons) if reason == "placed" and index[n] >= 0]
    placed.loc[entrants.loc[chosen, "index"]] = [where[n] for n in chosen]
    return placed


def _preference(f: pd.DataFrame, own: str) -> Callable[[str], tuple[bool, bool, str]]:
    """Own track first, then own location (two missing locations are the same), then the
    formation id."""
    track, location = f["track"], f["location"].fillna("\0")
    return lambda fid: (track[fid] != track[own], location[fid] != location[own], fid)


def _targets(f: pd.DataFrame, free: pd.Series) -> dict[tuple[str, bool], tuple[str, ...]]:
    """For each formation and whether its candidate met the general passing grade, the free
    formations they may fill, most preferred first: the same track, position, education
    level and agency; or (meeting the general grade) another track in an allowed direction
    (general to special, special to general) with the same location too."""
    same = ["position", "education_level", "agency"]
    own = f[["formation_id", "track", "location", *same]].fillna("\0")
    other = own[own["formation_id"].isin(free.index)]
    within = own.merge(other, on=["track", *same], suffixes=("", "_o"))
    within = within[within["formation_id"] != within["formation_id_o"]]
    within = within.assign(track_o=within["track"])
    across = own.merge(other, on=[*same, "location"], suffixes=("", "_o"))
    across = across[(across["track"] == GENERAL) != (across["track_o"] == GENERAL)]
    across = across.assign(location_o=across["location"])
    found: dict[tuple[str, bool], tuple[str, ...]] = {}
    for met, pairs in ((False, [within]), (True, [within, across])):
        both = pd.concat(pairs, ignore_index=True)
        both = both.assign(
            t=both["track_o"] != both["track"], loc=both["location_o"] != both["location"]
        ).sort_values(["formation_id", "t", "loc", "formation_id_o"])
        for fid, listed in (
            both.groupby("formation_id", sort=False)["formation_id_o"].agg(tuple).items()
        ):
            found[fid, met] = listed
    return found


class Matching:
    """Entrants matched to formations with free slots (augmenting paths). Entrants in
    ``fixed`` keep their slot: no path moves them. Formations one entrant may fill are
    linked; an entrant whose linked formations are all full is refused at once."""

    def __init__(
        self,
        capacity: dict[str, int],
        targets: Sequence[Sequence[str]],
        root: Callable[[str], str] | None = None,
    ) -> None:
        self.capacity, self.targets = capacity, targets
        self.holders: dict[str, list[int]] = {}  # only the formations holding someone
        self.at: dict[int, str] = {}
        self.fixed: set[int] = set()
        self.root = root or _components(targets)
        self.room: Counter[str] = Counter()
        for fid, free in capacity.items():
            self.room[self.root(fid)] += free
        self.taken: Counter[str] = Counter()
        # Formations no path can free a slot in: once an add fails, every formation it
        # visited is full and its holders may fill nothing else; adding never changes that.
        self.dead: set[str] = set()

    @property
    def size(self) -> int:
        return len(self.at)

    def copy(self) -> Matching:
        twin = copy.copy(self)
        twin.holders = {fid: list(h) for fid, h in self.holders.items()}
        twin.at, twin.fixed, twin.taken = dict(self.at), set(self.fixed), Counter(self.taken)
        twin.dead = set(self.dead)
        return twin

    def add(self, entrant: int) -> bool:
        """Match one more entrant, moving others along a path; unchanged when impossible."""
        linked = self.root(self.targets[entrant][0])
        if self.taken[linked] >= self.room[linked]:
            return False
        seen: set[str] = set()
        if not self._augment(entrant, seen):
            self.dead |= seen
            return False
        self.taken[linked] += 1
        return True

    def _augment(self, entrant: int, seen: set[str]) -> bool:
        for fid in self.targets[entrant]:
            if fid in seen or fid in self.dead:
                continue
            seen.add(fid)
            holders = self.holders.setdefault(fid, [])
            if len(holders) < self.capacity[fid] or self._free_one(fid, seen):
                holders.append(entrant)
                self.at[entrant] = fid
                return True
        return False

    def _free_one(self, fid: str, seen: set[str]) -> bool:
        """Move one holder of a full formation elsewhere, if a path allows."""
        holders = self.holders[fid]
        for other in list(holders):
            if other not in self.fixed and self._augment(other, seen):
                holders.remove(other)
                return True
        return False

    def move(self, entrant: int, fid: str) -> bool:
        """Move a matched entrant to ``fid``, keeping everyone matched; unchanged when
        impossible."""
        old = self.at[entrant]
        self.holders[old].remove(entrant)
        holders = self.holders.setdefault(fid, [])
        if len(holders) < self.capacity[fid] or self._free_one(fid, {fid}):
            holders.append(entrant)
            self.at[entrant] = fid
            return True
        self.holders[old].append(entrant)
        return False

    def fits(self, entrants: Sequence[int]) -> int:
        """How many of ``entrants`` a copy of the matching can take."""
        trial = self.copy()
        return sum(trial.add(e) for e in entrants)


def allocate(  # noqa: PLR0915 - the procedure's steps, in order
    e: pd.DataFrame, capacity: dict[str, int]
) -> tuple[list[str], dict[int, str]]:
    """The greedy matroid procedure of docs/pipeline.md ("Optimisation"): entrants best
    first; a group the keys cannot separate is taken together; returns each entrant's reason
    and where the placed ones go."""
    targets = list(e["targets"])
    order = list(sorted_by(e.rename(columns={"key": "candidate_id"}), RANK_KEYS).index)
    groups = _tie_groups(e.loc[order].reset_index(drop=True))
    slots = Matching(capacity, targets)
    real = Matching(capacity, targets, slots.root)
    is_candidate = list(e["index"] >= 0)  # not a place held for a tie at a quota
    total = sum(capacity.values())
    reasons = ["no_free_slot"] * len(e)
    fits_real: dict[tuple[int, tuple[str, ...]], bool] = {}
    ambiguous = {fid for t, u in zip(targets, e["uncertain"], strict=True) if u for fid in t}
    start = 0
    for size in groups:
        group = order[start : start + size]
        start += size
        hopeful = [i for i in group if targets[i]]
        if not hopeful:
            continue
        if slots.size >= total:
            gain = 0
        elif len(hopeful) == 1:  # a failed add leaves the matching as it was
            gain = int(slots.add(hopeful[0]))
        else:
            gain = slots.fits(hopeful)
            if gain == len(hopeful):
                for i in hopeful:
                    slots.add(i)
        if gain == len(hopeful):
            for i in hopeful:
                reasons[i] = "placed"
                if is_candidate[i]:
                    real.add(i)
            continue
        if gain == 0:
            for i in hopeful:
                if real.size < slots.size and (slots.size, targets[i]) not in fits_real:
                    fits_real[slots.size, targets[i]] = real.fits([i]) == 1  # both only grow
                held = real.size < slots.size and fits_real[slots.size, targets[i]]
                reasons[i] = "held_for_tie" if held else "outranked"
            continue
        rest = [i for i in hopeful if slots.fits([j for j in hopeful if j != i]) == gain]
        for i in hopeful:
            if i not in rest:
                slots.add(i)
                reasons[i] = "placed"
                if is_candidate[i]:
                    real.add(i)
        if len({frozenset(targets[i]) for i in rest}) > 1:
            ambiguous.update(fid for i in rest for fid in targets[i])
        for i in rest:
            reasons[i] = "tie_unresolved"
            slots.add(i)
    where = _assign(slots, order)
    start = 0
    for size in groups:  # tied entrants placed where they could swap: the keys cannot say
        group = [i for i in order[start : start + size] if i in where]
        start += size
        for n, a in enumerate(group):
            for b in group[n + 1 :]:
                if where[a] != where[b] and where[b] in targets[a] and where[a] in targets[b]:
                    for i in (a, b):
                        if is_candidate[i]:
                            reasons[i] = "tie_unresolved"
    if ambiguous:
        root = slots.root
        linked = {root(fid) for fid in ambiguous}
        for i, t in enumerate(targets):
            candidate = is_candidate[i]
            if candidate and t and root(t[0]) in linked and reasons[i] != "tie_unresolved":
                reasons[i] = "waiting_for_tie"
    return reasons, where


def _tie_groups(values: pd.DataFrame) -> list[int]:
    """Sizes of the runs (in sorted order) the keys cannot separate; an entrant unknown on a
    key joins every entrant equal to it on the keys before."""
    n = len(values)
    if n == 0:
        return []
    joined = np.zeros(n + 1, dtype=int)
    tie_next = ties(values.iloc[:-1].reset_index(drop=True),
                    values.iloc[1:].reset_index(drop=True), RANK_KEYS)  # fmt: skip
    joined[:-2][tie_next] += 1
    joined[1:-1][tie_next] -= 1
    names = [k for k, _ in RANK_KEYS]
    unknown_at = values[names].isna().to_numpy()
    for position in np.flatnonzero(unknown_at.any(axis=1)):
        k = int(np.argmax(unknown_at[position]))
        prefix = values[names[:k]]
        same = prefix.eq(prefix.iloc[position]).fillna(False).all(axis=1).to_numpy()
        first, last = np.flatnonzero(same)[[0, -1]]
        if first < last:
            joined[first] += 1
            joined[last] -= 1
    sizes: list[int] = []
    running, size = 0, 0
    for at in range(n):
        running += int(joined[at])
        size += 1
        if running == 0:
            sizes.append(size)
            size = 0
    return sizes


def _components(targets: Sequence[Sequence[str]]) -> Callable[[str], str]:
    """Union-find over formations: linked when one entrant may fill both."""
    parent: dict[str, str] = {}

    def root(fid: str) -> str:
        while parent.setdefault(fid, fid) != fid:
            parent[fid] = parent[parent[fid]]
            fid = parent[fid]
        return fid

    for own in targets:
        for fid in own[1:]:
            parent[root(fid)] = root(own[0])
    return root


def _assign(slots: Matching, order: Sequence[int]) -> dict[int, str]:
    """In order, each matched entrant takes its first target that leaves a slot for every
    matched entrant after it: from one matching of them all, each in turn is moved to the
    first target a path allows without moving those before it, then fixed there."""
    where: dict[int, str] = {}
    slots.dead.clear()  # a move frees a slot: what was closed may open
    for i in order:
        if i not in slots.at:
            continue
        for fid in slots.targets[i]:
            if fid == slots.at[i] or slots.move(i, fid):
                break
        slots.fixed.add(i)
        where[i] = slots.at[i]
    return where


# ---------------------------------------------------------------------------------- main
def main(argv: Sequence[str] | None = None) -> None:
    """Read, decide, write the results CSV; print the time of each phase (one JSON line)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("candidates", type=Path)
    parser.add_argument("formations", type=Path)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2024, 9, 10))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    formations = read_formations(args.formations)
    candidates = read_candidates(args.candidates, formations, args.as_of)
    read = time.perf_counter()
    results = decide(candidates, formations)
    decided = time.perf_counter()
    results.to_csv(args.out, index=False)
    written = time.perf_counter()
    phases = {"read": read - start, "decide": decided - read, "write": written - decided}
    print("phases", json.dumps(phases))


if __name__ == "__main__":
    main()
