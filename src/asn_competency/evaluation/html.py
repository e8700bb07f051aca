"""Writing a cycle's evaluation: one self-contained HTML page, and the same numbers as JSON
and CSV beside it.

The page comes from the library's one renderer (:func:`asn_competency.files.html.render_page`:
Jinja2 with autoescaping, one inline stylesheet) and this package's template
``templates/evaluation.html.j2``; charts are matplotlib's inline SVG (:mod:`.charts`), or a
plain notice when matplotlib is not installed. Nothing on the page is fetched: no script, no
font, no image from the network (a Content-Security-Policy of ``default-src 'none'`` says so
to the browser).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

from asn_competency._version import __version__
from asn_competency.audit.run_folder.files import results_cell
from asn_competency.errors import check_language
from asn_competency.evaluation import charts
from asn_competency.evaluation.report import CycleReport, plain_value
from asn_competency.files.html import Markup, render_page

__all__ = ["WORDS", "output_paths", "render_report", "show", "write_data_files", "write_report"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"

#: The page's words in Indonesian; English is the key itself.
WORDS: Mapping[str, str] = {
    "Evaluation of the cycle": "Evaluasi siklus seleksi",
    "Run": "Run",
    "policy": "kebijakan",
    "Recommendations": "Rekomendasi",
    "No evaluation policy was given: no recommendations.": (
        "Tidak ada kebijakan evaluasi: tidak ada rekomendasi."
    ),
    "No recommendation of the policy fired.": "Tidak ada rekomendasi kebijakan yang terpicu.",
    "Evidence": "Bukti",
    "References": "Rujukan",
    "Rule": "Aturan",
    "subject(s) left undecided (a fact could not be computed)": (
        "subjek tidak dapat diputuskan (ada fakta yang tidak dapat dihitung)"
    ),
    "cycle": "siklus",
    "stage": "tahap",
    "panel": "panel penilai",
    "competency": "kompetensi",
    "info": "informasi",
    "review": "tinjau",
    "action": "tindakan",
    "Funnel": "Corong seleksi",
    "Score distributions": "Sebaran nilai",
    "Red dashed: the pass minimum the policy declares (each test component, in force on the "
    "run's date); dotted: the lowest score a stage passed on, as observed.": (
        "Garis merah putus-putus: nilai ambang batas yang ditetapkan kebijakan (setiap komponen "
        "tes, yang berlaku pada tanggal run); garis titik-titik: nilai terendah yang "
        "diloloskan suatu tahap, sebagaimana teramati."
    ),
    "pass minimum": "ambang batas",
    "Adverse impact": "Dampak merugikan (adverse impact)",
    "An impact ratio below 4/5 is a flag for review of that stage's criteria (29 CFR 1607.4D), "
    "never a verdict; an unflagged table does not show that the process is fair.": (
        "Rasio dampak di bawah 4/5 adalah tanda untuk meninjau kriteria tahap itu "
        "(29 CFR 1607.4D), bukan putusan; tabel tanpa tanda tidak membuktikan proses adil."
    ),
    "Intersections": "Irisan atribut",
    "intersections": "irisan atribut",
    "Every pair of protected attributes (gender × region of origin, ...): a process can be "
    "fair to each group of each attribute and not to the groups where they meet. Each grid "
    "shows the impact ratios of one pair (red below 4/5; ! flagged, † too few applicants for "
    "the four-fifths rule: Q&A 21); the table lists the flagged groups, and every group is in "
    "the CSV.": (
        "Setiap pasangan atribut yang dilindungi (jenis kelamin × daerah asal, ...): proses "
        "dapat adil bagi setiap kelompok dari setiap atribut, tetapi tidak bagi kelompok di "
        "irisannya. Setiap kisi menunjukkan rasio dampak satu pasangan (merah di bawah 4/5; "
        "! ditandai, † pelamar terlalu sedikit untuk aturan empat-perlima: Q&A 21); tabel "
        "memuat kelompok yang ditandai, dan semua kelompok ada di CSV."
    ),
    "groups in intersections, flagged": "kelompok irisan, ditandai",
    "Rater agreement": "Kesepakatan penilai",
    "Predictive validity": "Validitas prediktif",
    "Development of those hired": "Pengembangan pegawai yang diangkat",
    "the same numbers are in": "angka yang sama ada di",
    "Charts are not available: matplotlib is not installed (pip install "
    "'asn-competency[charts]'). The tables below hold every number.": (
        "Grafik tidak tersedia: matplotlib tidak terpasang (pip install "
        "'asn-competency[charts]'). Tabel di bawah memuat semua angka."
    ),
    "received": "diterima",
    "passed on": "diloloskan",
    "not passed on": "tidak diloloskan",
    "applicants": "pelamar",
    "lowest score passed on": "nilai terendah yang lolos",
    "score": "nilai",
    "impact ratio": "rasio dampak",
    "rater drift (mean difference from the others)": "penyimpangan penilai (selisih rata-rata)",
    "levels short of the standard": "kekurangan level terhadap standar",
    "Gaps against the standard": "Kesenjangan terhadap standar",
    "Nine-box": "Kotak sembilan (nine-box)",
    "performance": "kinerja",
    "potential": "potensi",
    "below": "di bawah",
    "meets": "sesuai",
    "above": "di atas",
    "low": "rendah",
    "medium": "menengah",
    "high": "tinggi",
}


#: Columns that are shares of a whole: shown as a percentage, the exact value beside it.
_PERCENT = frozenset({"pass_rate", "share_of_applicants", "selection_rate", "share"})
#: Columns that are exact ratios: shown to three places, the exact value beside it.
_RATIO = frozenset({"impact_ratio", "value", "mean_difference", "lowest_passed", "pass_minimum"})


def _fraction(text: str) -> Fraction | None:
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def show(value: object, column: str = "") -> str:
    """A table cell as the page prints it: a share as a percentage and a ratio to three
    places, each with its exact value when that is longer (``84.7% (127/150)``); floats
    (p-values, intervals) to three significant digits. The JSON and CSVs keep exact text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✔" if value else ""
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list):
        return "[" + ", ".join(show(item) for item in value) + "]"
    text = str(value)
    number = _fraction(text) if column in _PERCENT | _RATIO else None
    if number is None:
        return text
    shown = f"{float(number * 100):.1f}%" if column in _PERCENT else f"{float(number):.3f}"
    exact_text = text if "/" in text else None
    return f"{shown} ({exact_text})" if exact_text else shown


def _words(lang: str) -> Callable[[str], str]:
    def word(text: str) -> str:
        return WORDS.get(text, text) if lang == "id" else text

    return word


def output_paths(out: str | Path, names: list[str]) -> dict[str, Path]:
    """Where :func:`write_report` writes: the page, ``<stem>.json`` and ``<stem>.<table>.csv``."""
    page = Path(out)
    stem = page.with_suffix("")
    paths = {"html": page, "json": stem.with_suffix(".json")}
    for name in names:
        paths[name] = stem.parent / f"{stem.name}.{name}.csv"
    return paths


def render_report(report: CycleReport, *, lang: str = "id", files: list[str] | None = None) -> str:
    """The report as one self-contained HTML page in ``lang`` (``id`` or ``en``; another is
    :class:`~asn_competency.errors.PolicyError` ``lang.unknown``)."""
    word = _words(check_language(lang))
    available = charts.available()
    drawn = charts.report_charts(report, word) if available else {}
    sections = {
        name: [(caption, Markup(svg)) for caption, svg in drawn.get(name, ())]
        for name in ("funnel", "scores", "impact", "intersections", "agreement", "development")
    }
    return render_page(
        "evaluation.html.j2",
        folders=[_TEMPLATES],
        lang=lang,
        title=f"{word('Evaluation of the cycle')} {report.policy_id}",
        w=word,
        show=show,
        report=report,
        recommendations=report.recommendations,
        tables=plain_value(report.tables()),
        charts=sections,
        charts_available=available,
        version=__version__,
        files=files or [],
    )


def _cell(value: object) -> object:
    """A CSV cell: lists and objects as JSON, text as ``results.csv`` writes it (a group name
    or an id that starts like a formula gets a leading apostrophe; numbers stay numbers)."""
    if isinstance(value, list | dict):
        return results_cell(json.dumps(value, ensure_ascii=False, sort_keys=True))
    if isinstance(value, str):
        return results_cell(value)
    return "" if value is None else value


def write_report(report: CycleReport, out: str | Path, *, lang: str = "id") -> dict[str, Path]:
    """Write the page to ``out`` and, beside it, ``<stem>.json`` (every number, exact) and one
    ``<stem>.<table>.csv`` per table; returns the paths written, by what they hold. An unknown
    language is ``lang.unknown`` before anything is written."""
    check_language(lang)
    tables = plain_value(report.tables())
    paths = output_paths(out, list(tables))
    others = write_data_files(paths, tables, report.data())
    paths["html"].write_text(render_report(report, lang=lang, files=others), encoding="utf-8")
    return paths


def write_data_files(
    paths: Mapping[str, Path], tables: Mapping[str, list[dict[str, Any]]], data: object
) -> list[str]:
    """Beside a page (``paths["html"]``, its folder created): each table as the CSV
    ``paths[name]`` (cells by :func:`_cell`) and ``data`` as ``paths["json"]`` (sorted keys,
    the same bytes on every run); returns the names of the files written, for the page to
    list."""
    paths["html"].parent.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with paths[name].open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_cell(row.get(c)) for c in columns])
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    paths["json"].write_text(text + "\n", encoding="utf-8")
    return [path.name for key, path in paths.items() if key != "html"]
