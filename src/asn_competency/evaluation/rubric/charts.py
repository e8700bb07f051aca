"""The rubric analysis's charts, drawn by matplotlib as inline SVG.

As the evaluation report's charts (:mod:`asn_competency.evaluation.charts`): matplotlib is the
optional extra ``charts``; figures are made without pyplot, text kept as text, with a fixed
hash salt and no date, so that the same analysis draws the same bytes. Chart values are
floats: pictures of the exact numbers the tables hold.
"""

from __future__ import annotations

from collections.abc import Callable

from asn_competency.evaluation.charts import as_svg, new_figure
from asn_competency.evaluation.rubric.report import RubricAnalysis
from asn_competency.evaluation.rubric.thresholds import ThresholdCurve

__all__ = ["analysis_charts"]

_BLUE, _GREY, _RED, _GREEN = "#1f5f8b", "#9aa5ad", "#a4262c", "#2d6a4f"
_COLOURS = ("#1f5f8b", "#a4262c", "#2d6a4f", "#b7791f", "#6b46c1", "#4a5568")


def _weights(analysis: RubricAnalysis, words: Callable[[str], str]) -> str:
    table = analysis.weights.scope("all")
    names = [row.criterion for row in table.rows]
    figure = new_figure(7, 0.6 * len(names) + 1.4)
    axes = figure.add_subplot()
    positions = range(len(names))
    axes.barh(
        [p + 0.2 for p in positions],
        [float(r.nominal) for r in table.rows],
        0.4,
        color=_GREY,
        label=words("nominal"),
    )
    axes.barh(
        [p - 0.2 for p in positions],
        [float(r.effective) for r in table.rows],
        0.4,
        color=_BLUE,
        label=words("effective"),
    )
    axes.set_yticks(list(positions), names)
    axes.set_xlabel(words("share of the final score"))
    axes.legend(loc="lower right")
    return as_svg(figure)


def _sensitivity(analysis: RubricAnalysis, words: Callable[[str], str]) -> str:
    rows = analysis.sensitivity.overall()
    labels = [
        f"{r.criterion} {'−' if r.direction == 'down' else '+'} ({float(r.share):.3f})"
        for r in rows
    ]
    figure = new_figure(7, 0.45 * len(rows) + 1.4)
    axes = figure.add_subplot()
    axes.barh(labels[::-1], [r.dropped for r in rows][::-1], color=_RED)
    axes.set_xlabel(words("selected candidates who would not be selected"))
    return as_svg(figure)


def _curve(curve: ThresholdCurve, words: Callable[[str], str]) -> str:
    figure = new_figure(7, 3.2)
    axes = figure.add_subplot()
    tracks = sorted({(p.scope, p.group) for p in curve.points if p.scope == "track"})
    scopes = [("all", "all"), *tracks]
    for index, (scope, group) in enumerate(scopes):
        points = [p for p in curve.points if (p.scope, p.group) == (scope, group)]
        axes.step(
            [float(p.threshold) for p in points],
            [float(p.pass_rate) if p.pass_rate is not None else 0.0 for p in points],
            where="post",
            color=_COLOURS[index % len(_COLOURS)],
            label=words("all") if scope == "all" else f"{words('track')} {group}",
        )
    axes.axvline(float(curve.current), color=_RED, linestyle="--", label=words("current"))
    flagged = sorted({float(p.threshold) for p in curve.points if p.flagged})
    if flagged:
        axes.plot(
            flagged,
            [0.02] * len(flagged),
            "|",
            color=_RED,
            markersize=8,
            label=words("four-fifths flag"),
        )
    axes.set_xlabel(f"{curve.stage}.{curve.component}")
    axes.set_ylabel(words("pass rate"))
    axes.set_ylim(0, 1.05)
    axes.legend(loc="lower left", fontsize="small")
    return as_svg(figure)


def _survival(analysis: RubricAnalysis, words: Callable[[str], str]) -> str:
    shares = [float(row.share) for row in analysis.stability.rows]
    figure = new_figure(7, 2.6)
    axes = figure.add_subplot()
    axes.hist(shares, bins=10, range=(0, 1), color=_GREEN)
    axes.set_xlabel(words("share of replications in which the selection survives"))
    axes.set_ylabel(words("selected candidates"))
    return as_svg(figure)


def analysis_charts(
    analysis: RubricAnalysis, words: Callable[[str], str]
) -> dict[str, list[tuple[str, str]]]:
    """Each section's charts as (caption, SVG text); needs matplotlib."""
    charts: dict[str, list[tuple[str, str]]] = {}
    if analysis.weights.tables:
        charts["weights"] = [(words("Nominal and effective weights"), _weights(analysis, words))]
    if analysis.sensitivity.rows:
        charts["sensitivity"] = [(words("Weight sensitivity"), _sensitivity(analysis, words))]
    charts["thresholds"] = [
        (f"{c.stage}.{c.component}", _curve(c, words)) for c in analysis.curves.curves
    ]
    if analysis.stability.rows:
        charts["stability"] = [(words("Rank stability under noise"), _survival(analysis, words))]
    return charts
