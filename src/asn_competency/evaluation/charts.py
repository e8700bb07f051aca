"""The report's charts, drawn by matplotlib and written as inline SVG.

matplotlib is optional (``asn-competency[charts]``): :func:`available` says whether it is
installed, and without it the report says plainly that charts are not available. Figures are
made with :class:`matplotlib.figure.Figure` and the SVG backend directly (no pyplot, no
global state, no display), text kept as text (``svg.fonttype: none``: selectable, small, and
escaped by matplotlib's SVG writer), with a fixed hash salt and no date so that the same
report draws the same bytes. Chart values are floats: they are pictures of the exact numbers
the tables print, never compared with a threshold.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from importlib.util import find_spec
from typing import Any

from asn_competency.evaluation._common import optional_module
from asn_competency.evaluation.funnel import Funnel
from asn_competency.evaluation.impact import (
    _JOIN,
    FOUR_FIFTHS,
    MISSING_LABEL,
    AdverseImpact,
    ImpactRow,
)
from asn_competency.evaluation.report import CycleReport, DevelopmentView, Panel, StageScores

__all__ = ["as_svg", "available", "new_figure", "report_charts"]

_BLUE, _GREY, _RED, _GREEN = "#1f5f8b", "#9aa5ad", "#a4262c", "#2d6a4f"
#: The longest group label a chart's axis shows whole.
_LABEL_MAX = 28
_NINE_BOX = (
    ("below", "meets", "above"),
    ("low", "medium", "high"),
)


def available() -> bool:
    """Whether matplotlib (the ``charts`` extra) is installed."""
    return find_spec("matplotlib") is not None


def new_figure(width: float, height: float) -> Any:
    """A matplotlib figure of that size (inches), laid out to fit its labels."""
    figure_class = optional_module("matplotlib.figure").Figure
    return figure_class(figsize=(width, height), layout="constrained")


def as_svg(figure: Any) -> str:
    """The figure as inline SVG, the same bytes on every run (no date, a fixed id salt)."""
    matplotlib = optional_module("matplotlib")
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "asn-competency"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _funnel(table: Funnel, words: Callable[[str], str]) -> str:
    rows = [r for r in table.rows if r.scope == "all"]
    figure = new_figure(8, 0.45 * len(rows) + 1.2)
    axes = figure.add_subplot()
    labels = [r.stage for r in rows][::-1]
    axes.barh(labels, [r.received for r in rows][::-1], color=_GREY, label=words("received"))
    axes.barh(labels, [r.passed for r in rows][::-1], color=_BLUE, label=words("passed on"))
    axes.set_xlabel(words("applicants"))
    axes.legend(loc="lower right")
    return as_svg(figure)


def _scores(scores: StageScores, words: Callable[[str], str]) -> str:
    figure = new_figure(8, 2.6)
    axes = figure.add_subplot()
    data = [[float(v) for v in scores.passed], [float(v) for v in scores.not_passed]]
    axes.hist(
        data,
        bins=20,
        stacked=True,
        color=[_BLUE, _GREY],
        label=[words("passed on"), words("not passed on")],
    )
    for name, value in scores.thresholds:
        axes.axvline(
            float(value),
            color=_RED,
            linestyle="--",
            label=f"{words(name.replace('_', ' '))} {value}",
        )
    cut = scores.lowest_passed
    if cut is not None and not scores.thresholds:
        axes.axvline(
            float(cut), color="#333333", linestyle=":", label=words("lowest score passed on")
        )
    axes.set_title(scores.stage)
    axes.set_xlabel(words("score"))
    axes.set_ylabel(words("applicants"))
    axes.legend(loc="upper left", fontsize="small")
    return as_svg(figure)


def _impact(stage: str, table: AdverseImpact, words: Callable[[str], str]) -> str:
    rows = [r for r in table.rows if r.impact_ratio is not None]
    figure = new_figure(8, 0.3 * len(rows) + 1.3)
    axes = figure.add_subplot()
    labels = [f"{r.attribute}: {r.group}" for r in rows][::-1]
    values = [float(r.impact_ratio or 0) for r in rows][::-1]
    colours = [_RED if r.flagged else _BLUE for r in rows][::-1]
    axes.barh(labels, values, color=colours)
    axes.axvline(float(FOUR_FIFTHS), color=_RED, linestyle="--", label="4/5")
    axes.set_xlim(0, max([1.0, *values]) * 1.05)
    axes.set_title(stage)
    axes.set_xlabel(words("impact ratio"))
    axes.legend(loc="lower right", fontsize="small")
    return as_svg(figure)


def _pairs(table: AdverseImpact) -> dict[str, list[ImpactRow]]:
    """The intersections' rows by pair of attributes, in the table's order."""
    pairs: dict[str, list[ImpactRow]] = {}
    for row in table.intersections():
        if len(row.values) == 2:
            pairs.setdefault(row.attribute, []).append(row)
    return pairs


def _group(value: object) -> str:
    """A group as a tick label: the not-recorded label for a missing value, a long label
    cut short (the tables hold it whole)."""
    text = MISSING_LABEL if value is None or not str(value).strip() else str(value)
    return text if len(text) <= _LABEL_MAX else text[: _LABEL_MAX - 1] + "…"


def _axis(values: Sequence[object]) -> list[str]:
    """The groups of one attribute in a grid: recorded ones in order, not recorded last."""
    missing = [v for v in values if v is None or not str(v).strip()]
    recorded = sorted({str(v) for v in values if v not in missing})
    return [_group(v) for v in recorded] + ([MISSING_LABEL] if missing else [])


def _intersections(stage: str, table: AdverseImpact, words: Callable[[str], str]) -> str | None:
    """Each pair of attributes as a grid of impact ratios (the attribute with more groups
    down, the other across): red below 4/5, blue above, the ratio written in each cell, ``!``
    where it is flagged and ``†`` where the flag rests on numbers too small for the
    four-fifths rule (Q&A 21); an empty cell is a combination nobody had."""
    pairs = {
        name: rows
        for name, rows in _pairs(table).items()
        if any(r.impact_ratio is not None for r in rows)
    }
    if not pairs:
        return None
    colours: Any = optional_module("matplotlib.colors")
    layouts = []
    for name, rows in pairs.items():
        first, second = name.split(_JOIN)
        axes_of = (_axis([r.values[0] for r in rows]), _axis([r.values[1] for r in rows]))
        swap = len(axes_of[1]) > len(axes_of[0])
        layouts.append((name, rows, swap, (second, first) if swap else (first, second)))
    downs = [len(_axis([r.values[int(swap)] for r in rows])) for _, rows, swap, _ in layouts]
    figure = new_figure(8, sum(0.32 * n + 1.5 for n in downs))
    grids = figure.subplots(len(pairs), 1, height_ratios=[n + 3 for n in downs], squeeze=False)
    # a ratio above 1 (a not-recorded group, never the reference) takes the colour of 1
    norm = colours.TwoSlopeNorm(vmin=0.0, vcenter=float(FOUR_FIFTHS), vmax=1.0)
    for axes, (name, rows, swap, (down_name, across_name)) in zip(
        grids[:, 0], layouts, strict=True
    ):
        down = _axis([r.values[int(swap)] for r in rows])
        across = _axis([r.values[int(not swap)] for r in rows])
        grid = [[float("nan")] * len(across) for _ in down]
        for row in rows:
            if row.impact_ratio is None:
                continue
            value = float(row.impact_ratio)
            y = down.index(_group(row.values[int(swap)]))
            x = across.index(_group(row.values[int(not swap)]))
            grid[y][x] = value
            mark = "†" if row.small else "!" if row.flagged else ""
            shade = float(norm(value))
            ink = "white" if shade < 0.2 or shade > 0.8 else "black"
            axes.text(
                x, y, f"{value:.2f}{mark}", ha="center", va="center", color=ink, fontsize="small"
            )
        axes.imshow(grid, cmap="RdBu", norm=norm, aspect="auto")
        axes.set_yticks(range(len(down)), down, fontsize="small")
        axes.set_xticks(range(len(across)), across, fontsize="small")
        axes.set_ylabel(down_name)
        axes.set_xlabel(across_name)
        axes.set_title(f"{stage}: {name}", fontsize="medium")
    figure.suptitle(f"{words('impact ratio')} (! < 4/5, † small)", fontsize="small")
    return as_svg(figure)


def _agreement(panel: Panel, words: Callable[[str], str]) -> str:
    figure = new_figure(8, 2.8)
    axes, drift = figure.subplots(1, 2)
    if panel.agreement is not None:
        forms = [f for f in panel.agreement.forms if f.value is not None]
        values = [float(f.value or 0) for f in forms]
        low = [v - f.ci95[0] if f.ci95 else 0.0 for v, f in zip(values, forms, strict=True)]
        high = [f.ci95[1] - v if f.ci95 else 0.0 for v, f in zip(values, forms, strict=True)]
        axes.bar([f.form for f in forms], values, color=_BLUE, yerr=[low, high], capsize=3)
        axes.axhline(0.6, color=_RED, linestyle="--", label="0.6")
        axes.set_ylim(min(0.0, *values), 1.0)
        axes.tick_params(axis="x", labelrotation=45)
        axes.legend(loc="lower right", fontsize="small")
    axes.set_title(f"{panel.stage}: ICC")
    if panel.drift is not None:
        rows = panel.drift.rows
        differences = [float(r.mean_difference or 0) for r in rows]
        drift.bar(
            [r.rater for r in rows],
            differences,
            color=[_RED if r.flagged else _GREY for r in rows],
        )
        drift.axhline(0, color="#333333", linewidth=0.8)
    drift.set_title(words("rater drift (mean difference from the others)"))
    return as_svg(figure)


def _gaps(view: DevelopmentView, words: Callable[[str], str]) -> str | None:
    if not view.gaps:
        return None
    people = sorted({p for p, _, _ in view.gaps})
    competencies = list(dict.fromkeys(c for _, c, _ in view.gaps))
    grid = [[0] * len(competencies) for _ in people]
    for person, competency, shortfall in view.gaps:
        grid[people.index(person)][competencies.index(competency)] = shortfall
    figure = new_figure(8, 0.28 * len(people) + 1.8)
    axes = figure.add_subplot()
    image = axes.imshow(grid, cmap="Reds", aspect="auto", vmin=0)
    axes.set_xticks(range(len(competencies)), competencies, rotation=60, fontsize="small")
    axes.set_yticks(range(len(people)), people, fontsize="small")
    figure.colorbar(image, ax=axes, label=words("levels short of the standard"))
    return as_svg(figure)


def _nine_box(view: DevelopmentView, words: Callable[[str], str]) -> str | None:
    if not view.talent:
        return None
    performance, potential = _NINE_BOX
    counts = [[0] * 3 for _ in range(3)]
    for row in view.talent:
        if row.get("performance") in performance and row.get("potential") in potential:
            counts[potential.index(row["potential"])][performance.index(row["performance"])] += 1
    figure = new_figure(5, 4.5)
    axes = figure.add_subplot()
    axes.imshow(counts, cmap="Blues", origin="lower", vmin=0)
    for y in range(3):
        for x in range(3):
            axes.text(x, y, str(counts[y][x]), ha="center", va="center", fontsize="large")
    axes.set_xticks(range(3), [words(p) for p in performance])
    axes.set_yticks(range(3), [words(p) for p in potential])
    axes.set_xlabel(words("performance"))
    axes.set_ylabel(words("potential"))
    return as_svg(figure)


def report_charts(
    report: CycleReport, words: Callable[[str], str]
) -> dict[str, Sequence[tuple[str, str]]]:
    """Every chart of the report as inline SVG, by section: ``(caption, svg)`` pairs.
    Needs matplotlib (:func:`available`)."""
    charts: dict[str, list[tuple[str, str]]] = {
        "funnel": [(words("Funnel"), _funnel(report.funnel, words))],
        "scores": [(s.stage, _scores(s, words)) for s in report.scores],
        "impact": [],
        "intersections": [],
        "agreement": [(p.stage, _agreement(p, words)) for p in report.panels],
        "development": [],
    }
    if report.impact is not None:
        charts["impact"] = [
            (stage, _impact(stage, t.up_to(1), words)) for stage, t in report.impact.tables
        ]
        for stage, table in report.impact.tables:
            svg = _intersections(stage, table, words)
            if svg is not None:
                charts["intersections"].append((f"{stage}: {words('intersections')}", svg))
    if report.development is not None:
        for caption, svg in (
            (words("Gaps against the standard"), _gaps(report.development, words)),
            (words("Nine-box"), _nine_box(report.development, words)),
        ):
            if svg is not None:
                charts["development"].append((caption, svg))
    return dict(charts)
