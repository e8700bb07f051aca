"""Input tables typed against a policy: candidates, formations and ratings.

Every value is parsed by its declaration (:mod:`asn_competency.model.fields`) with one set of
rules, whether it comes from CSV text, JSON Lines, YAML or Python:

- surrounding white space is ignored; a value that is empty (or only white space) is
  *missing*: an error for a required field, else the field's ``default`` when it declares
  one, else absent (the rules see it as unknown);
- ``integer``: an optional sign and digits only (not ``1.0``, ``1e3`` or ``1 000``);
- ``decimal``: plain decimal notation (``3.25``, ``-0.5``); a comma is not a decimal
  separator; at most ``places`` decimal places (trailing zeros do not count), and the value is
  kept without trailing zeros (``3.50`` becomes ``3.5``);
- ``date``: ISO ``YYYY-MM-DD`` only;
- ``boolean``: ``true``/``false``, ``1``/``0`` or ``ya``/``tidak`` (any case);
- ``enum``: exactly one of the codes (case matters);
- ``string``: any text; ``pattern`` must match the whole value;
- bounds are inclusive. From JSON, YAML or Python a typed value is accepted where it fits
  (an ``int`` or an integral ``Decimal`` without exponent for an integer, ``int`` or
  ``Decimal`` for a decimal, :class:`datetime.date` for a date, ``bool`` for a boolean);
  binary floating point is refused, and a number is never taken as text (a number loses
  leading zeros: quote it).

Nothing is lost: :func:`read_candidates` gives exactly one :class:`CandidateRow` per data row,
in file order, including rows that could not be read. A row's ``problems`` are what make it
``invalid_input``; problems with protected attributes are kept apart (``protected_problems``,
warnings) because no decision may depend on them. What is parsed from a row depends on that
row alone (and, for ``input.duplicate-id``, on which other rows share its id), never on the
order of rows or columns.

Formation problems and rating problems are reported in their tables (``problems``); the
caller decides whether they stop the run (:meth:`FormationTable.raise_for_problems`). A table
that cannot be read at all, a CSV header that lacks a required column, or a column (in any
format) that is a near miss of a declared one (``SKB_CAT`` or ``skb_ctat`` for ``skb_cat``,
which would be ignored and its values count as missing), raises
:class:`~asn_competency.errors.PolicyError` (``input.header``); JSON Lines, YAML and Python
rows have no header, so there a missing key is a problem of the row (``input.missing``).

The modules, by concept:

- :mod:`._values`: parsing and checking one value against its declaration; messages.
- :mod:`._sources`: reading rows from a file, a ``Table``, Python mappings or YAML; locating
  values by line and column.
- :mod:`.candidates`, :mod:`.formations`, :mod:`.ratings`: the three tables.
"""

from asn_competency.pipeline.inputs._sources import Source
from asn_competency.pipeline.inputs.candidates import (
    CandidateRow,
    CandidateTable,
    TypedColumns,
    read_candidates,
)
from asn_competency.pipeline.inputs.formations import Formation, FormationTable, read_formations
from asn_competency.pipeline.inputs.ratings import RATING_COLUMNS, Rating, RatingTable, read_ratings

__all__ = [
    "RATING_COLUMNS",
    "CandidateRow",
    "CandidateTable",
    "Formation",
    "FormationTable",
    "Rating",
    "RatingTable",
    "Source",
    "TypedColumns",
    "read_candidates",
    "read_formations",
    "read_ratings",
]
