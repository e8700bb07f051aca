"""Cells of the CSV files the library writes (``results.csv``, the results announcement),
made safe to open in a spreadsheet.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and
one that starts with a tab or a carriage return may be read so too (OWASP, "CSV
Injection"): an invalid registration number ``=HYPERLINK("http://…")`` or ``+cmd|' /C
calc'!A0`` would run in the committee's spreadsheet. :func:`csv_cell` gives such a cell a
leading apostrophe, which spreadsheets show as text; every other cell is written as it is.
Every CSV writer of the library passes its text cells through it, so the rule lives here
only.
"""

from __future__ import annotations

__all__ = ["FORMULA_START", "csv_cell"]

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text: with a leading ``'`` when it
    starts with one of :data:`FORMULA_START` (``'=HYPERLINK(…)``), else unchanged."""
    return "'" + value if value.startswith(FORMULA_START) else value
