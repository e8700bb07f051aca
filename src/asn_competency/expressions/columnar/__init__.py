"""The rule language evaluated over whole columns (see :mod:`asn_competency.expressions.columns`).

- ``integers``: exact integer columns (``int64`` when bounds prove it safe, Python ints beyond);
- ``values``: the columns of each rule type, with their known masks;
- ``numbers``: exact arithmetic, comparison and rounding over number columns;
- ``engine``: the walk of a compiled rule, the environment and the result.
"""
