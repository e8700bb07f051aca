"""The rule language evaluated over whole columns (see :mod:`asn_competency.expressions.columns`).

- ``integers``: exact integer columns (``int64`` when bounds prove it safe, Python ints beyond);
- ``values``: the columns of each rule type, with their known masks;
- ``numbers``: exact arithmetic, rounding and ages over number and date columns;
- ``compare``: comparisons of columns (numbers, dates, codes, lists);
- ``environment``: what a column evaluation reads; ``evaluation``: what it gives;
- ``engine``: the walk of a compiled rule in the reference evaluator's order.
"""
