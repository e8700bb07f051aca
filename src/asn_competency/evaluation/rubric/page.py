"""Writing a rubric analysis: one self-contained HTML page of charts and tables, and the same
numbers as JSON and CSV beside it.

The page comes from the library's one renderer (:func:`asn_competency.files.html.render_page`)
and the template ``evaluation/templates/analysis.html.j2``; charts are matplotlib's inline
SVG (:mod:`.charts`), or a plain notice when matplotlib is not installed, the tables kept.
Nothing on the page is fetched. CSV text cells pass through
:func:`~asn_competency.files.csv_cells.csv_cell` (a group name or id that starts like a
formula gets a leading apostrophe); numbers, exact as text (``3/5``), stay numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from importlib.util import find_spec
from pathlib import Path

from asn_competency._version import __version__
from asn_competency.evaluation.html import write_data_files
from asn_competency.evaluation.rubric.report import RubricAnalysis
from asn_competency.files.html import Markup, render_page

__all__ = [
    "PAGE",
    "TABLES",
    "WORDS",
    "charts_available",
    "output_paths",
    "render_analysis",
    "show",
    "write_analysis",
]

_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

#: The page's file name in the output folder; the JSON and CSVs share its stem.
PAGE = "analysis.html"

#: The tables the page may write, each a CSV file ``analysis.<name>.csv``.
TABLES = (
    "weights",
    "inner_weights",
    "sensitivity",
    "flips",
    "thresholds",
    "trips",
    "redundancy",
    "rating_redundancy",
    "stability",
)

#: The page's words in Indonesian; English is the key itself.
WORDS: Mapping[str, str] = {
    "Rubric analysis": "Analisis rubrik",
    "policy": "kebijakan",
    "weighted score": "nilai berbobot",
    "as of": "per tanggal",
    "applicants": "pelamar",
    "reached the weighted stage": "mencapai tahap berbobot",
    "Charts are not available: matplotlib is not installed (pip install "
    "'asn-competency[charts]'). The tables below hold every number.": (
        "Grafik tidak tersedia: matplotlib tidak terpasang (pip install "
        "'asn-competency[charts]'). Tabel di bawah memuat semua angka."
    ),
    "Nominal and effective weights": "Bobot nominal dan bobot efektif",
    "A criterion's effective weight is its share of the final score's variance: weight × "
    "cov(criterion, total) ÷ var(total). Flagged when below half (low) or above double "
    "(high) the nominal share.": (
        "Bobot efektif suatu kriteria adalah bagiannya dalam varians nilai akhir: bobot × "
        "kov(kriteria, total) ÷ var(total). Ditandai bila di bawah separuh (low) atau di atas "
        "dua kali (high) bobot nominal."
    ),
    "Weights inside other scores": "Bobot di dalam nilai lain",
    "The criteria of the policy's other weighted sums, and the core and secondary factors of "
    "each Profile Matching score, over the same candidates.": (
        "Kriteria jumlah berbobot lain dalam kebijakan, serta faktor inti dan pendukung setiap "
        "nilai Profile Matching, atas peserta yang sama."
    ),
    "Weight sensitivity": "Kepekaan bobot",
    "Each criterion's share moved to a bound, the others in proportion; dropped: selected "
    "before, not after; Kendall's tau per formation between the ranks before and after.": (
        "Bagian setiap kriteria digeser ke batasnya, kriteria lain menyesuaikan secara "
        "proporsional; dropped: terpilih sebelumnya, tidak sesudahnya; tau Kendall per formasi "
        "antara peringkat sebelum dan sesudah."
    ),
    "Smallest weight change that changes the selection of": (
        "Perubahan bobot terkecil yang mengubah keterpilihan"
    ),
    "Threshold curves": "Kurva ambang batas",
    "Pass rate as one pass minimum moves, the others at their minimum; red dashed: the "
    "current minimum; red ticks: thresholds where a protected group's impact ratio is below "
    "4/5 (29 CFR 1607.4D), a flag for review, not a verdict.": (
        "Tingkat kelulusan ketika satu ambang batas digeser, ambang lain tetap; garis merah "
        "putus-putus: ambang yang berlaku; tanda merah: ambang di mana rasio dampak suatu "
        "kelompok terlindungi di bawah 4/5 (29 CFR 1607.4D), tanda untuk ditinjau, bukan "
        "putusan."
    ),
    "Where the four-fifths flag changes": "Di mana tanda empat-perlima berubah",
    "Redundancy": "Redundansi",
    "R² of each criterion on the others; redundant (adds little beyond the others) at "
    "R² ≥ 0.9, a variance inflation factor of 10.": (
        "R² setiap kriteria terhadap kriteria lain; redundan (hanya sedikit menambah di luar "
        "kriteria lain) bila R² ≥ 0,9, faktor inflasi varians 10."
    ),
    "Weighted criteria": "Kriteria berbobot",
    "Rating criteria": "Kriteria penilaian",
    "Rank stability under noise": "Kestabilan peringkat terhadap galat ukur",
    "How often each selection survives when every criterion value moves by up to its "
    "measurement error (uniform, seeded).": (
        "Seberapa sering setiap keterpilihan bertahan bila setiap nilai kriteria bergeser "
        "sebesar galat ukurnya (seragam, dengan benih acak tetap)."
    ),
    "errors": "galat",
    "replications": "replikasi",
    "seed": "benih",
    "the same numbers are in": "angka yang sama ada di",
    "Notes": "Catatan",
    "nominal": "nominal",
    "effective": "efektif",
    "share of the final score": "bagian dari nilai akhir",
    "selected candidates who would not be selected": "peserta terpilih yang tidak lagi terpilih",
    "all": "semua",
    "track": "jalur",
    "current": "berlaku",
    "four-fifths flag": "tanda empat-perlima",
    "pass rate": "tingkat kelulusan",
    "share of replications in which the selection survives": (
        "bagian replikasi di mana keterpilihan bertahan"
    ),
    "selected candidates": "peserta terpilih",
    "{score}.{criterion}: effective weight {effective} against a nominal {nominal} "
    "({flag})": "{score}.{criterion}: bobot efektif {effective} dibanding nominal {nominal} "
    "({flag})",
    "Pass at a threshold t: the component at least t and every other component at its "
    "minimum (the stage's base rule).": (
        "Lulus pada ambang t: nilai komponen paling sedikit t dan setiap komponen lain "
        "memenuhi ambang batasnya (aturan dasar tahap)."
    ),
    "Tracks with an exception to the stage's rule, left out of its curves": (
        "Jalur dengan pengecualian atas aturan tahap, tidak dimasukkan dalam kurvanya"
    ),
    "Stages with their own pass rule, without curves": (
        "Tahap dengan aturan kelulusan sendiri, tanpa kurva"
    ),
    "Empty: no change of the selection was found for shares from 0.001 to 0.999.": (
        "Kosong: tidak ditemukan perubahan keterpilihan untuk bagian bobot 0,001 sampai 0,999."
    ),
    "No test stage before the weighted stage declares pass minimums: no threshold curve.": (
        "Tidak ada tahap tes sebelum tahap berbobot yang menetapkan ambang batas: tidak ada "
        "kurva ambang."
    ),
}

_NUMBER = re.compile(r"-?\d+(\.\d+)?(/\d+)?")
#: A fraction longer than this is shown as a decimal only on the page.
_SHORT = 12


def charts_available() -> bool:
    """Whether matplotlib (the ``charts`` extra) is installed."""
    return find_spec("matplotlib") is not None


def _words(lang: str) -> Callable[[str], str]:
    def word(text: str) -> str:
        return WORDS.get(text, text) if lang == "id" else text

    return word


def show(value: object, column: str = "") -> str:
    """A cell as the page prints it: an exact fraction to four places, with the fraction
    beside it when it is short (``0.4333 (13/30)``; the CSV and JSON keep every fraction
    exact), a float to three significant digits, a flag as a tick."""
    del column
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✔" if value else ""
    if isinstance(value, float):
        return f"{value:.3g}"
    text = str(value)
    if "/" in text and _NUMBER.fullmatch(text):
        top, bottom = text.split("/")
        shown = f"{int(top) / int(bottom):.4f}"
        # a short fraction is worth reading; a long one is in the CSV and JSON, exact
        return f"{shown} ({text})" if len(text) <= _SHORT else shown
    return text


def output_paths(out: str | Path) -> dict[str, Path]:
    """Where :func:`write_analysis` writes in the folder ``out``: the page, the JSON and one
    CSV per table."""
    folder = Path(out)
    stem = Path(PAGE).stem
    paths = {"html": folder / PAGE, "json": folder / f"{stem}.json"}
    for name in TABLES:
        paths[name] = folder / f"{stem}.{name}.csv"
    return paths


def render_analysis(
    analysis: RubricAnalysis, *, lang: str = "id", files: list[str] | None = None
) -> str:
    """The analysis as one self-contained HTML page in ``lang`` (``id`` or ``en``)."""
    word = _words(lang)
    available = charts_available()
    drawn: dict[str, list[tuple[str, str]]] = {}
    if available:
        from asn_competency.evaluation.rubric.charts import analysis_charts  # noqa: PLC0415

        drawn = analysis_charts(analysis, word)
    charts = {
        name: [(caption, Markup(svg)) for caption, svg in drawn.get(name, ())]
        for name in ("weights", "sensitivity", "thresholds", "stability")
    }
    tables = analysis.tables()
    flagged = [
        word(
            "{score}.{criterion}: effective weight {effective} against a nominal {nominal} ({flag})"
        ).format(
            score=score,
            criterion=row.criterion,
            effective=f"{float(row.effective):.3f}",
            nominal=f"{float(row.nominal):.3f}",
            flag=row.flag,
        )
        for score, row in analysis.flagged()
    ]
    excluded = sorted(
        {
            (f"{curve.stage}", ", ".join(curve.excluded_tracks))
            for curve in analysis.curves.curves
            if curve.excluded_tracks
        }
    )
    return render_page(
        "analysis.html.j2",
        folders=[_TEMPLATES],
        lang=lang,
        title=f"{word('Rubric analysis')} {analysis.policy_id}",
        w=word,
        show=show,
        analysis=analysis,
        tables=tables,
        overall=[row for row in tables["weights"] if row["scope"] == "all"],
        sensitivity_all=[row for row in tables["sensitivity"] if row["formation"] == "*"],
        charts=charts,
        flagged=flagged,
        excluded=excluded,
        other_notes=list(analysis.notes),
        charts_available=available,
        version=__version__,
        files=files or [],
    )


def write_analysis(
    analysis: RubricAnalysis, out: str | Path, *, lang: str = "id"
) -> dict[str, Path]:
    """Write the page, ``analysis.json`` and one ``analysis.<table>.csv`` per table into the
    folder ``out`` (created if needed); returns the paths written, by what they hold."""
    tables = analysis.tables()
    paths = {k: v for k, v in output_paths(out).items() if k in ("html", "json") or k in tables}
    others = write_data_files(paths, tables, analysis.data())
    page = render_analysis(analysis, lang=lang, files=others)
    paths["html"].write_text(page, encoding="utf-8")
    return paths
