"""The cycle collector is paused only while a run builds its objects (pipeline/bulk.py)."""

from __future__ import annotations

import gc

import pytest

from asn_competency.pipeline.bulk import without_cycle_collection


def test_the_collector_is_back_on_after_the_block_even_when_it_fails() -> None:
    """A run (or the writing of its records) must leave the process as it found it."""
    assert gc.isenabled()
    with without_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), without_cycle_collection():
        raise RuntimeError
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off_and_nesting_is_safe() -> None:
    """An application that runs with the collector off keeps it off; an inner block does not
    turn it on under an outer one."""
    gc.disable()
    try:
        with without_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    with without_cycle_collection():
        with without_cycle_collection():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
