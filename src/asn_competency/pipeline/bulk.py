"""Building many objects at once: a run's candidates, stages and records.

A run makes millions of objects that live until it ends (typed rows, stage results,
decisions) and form no reference cycles. Python's cycle collector, triggered by the number of
objects made, walks all of them again and again: measured, it took about half of the CPU time
of a run of 20,000 CPNS applicants, and a quarter of writing its records at 100,000
(docs/performance.md). :func:`without_cycle_collection` pauses it for such a step; reference
counting still frees every object as soon as it is no longer used, so the memory is the same.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["without_cycle_collection"]


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector for the block, then turn it back on (unless it was off
    before, or another block still holds it off). Nested and concurrent blocks are safe."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
