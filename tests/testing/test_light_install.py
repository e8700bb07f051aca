"""The library's core install (no extras) runs every command but the test kit: Hypothesis is
the ``test`` extra's, scipy the ``analysis`` extra's (pyproject.toml, README)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def test_synth_and_the_demo_need_neither_hypothesis_nor_scipy() -> None:
    """Synthetic data and the demo import nothing of the extras: a child process in which
    ``hypothesis``, ``scipy`` and ``pandas`` cannot be imported synthesises a CPNS cycle and
    runs it (the ``synth`` and ``demo`` commands' path)."""
    script = textwrap.dedent(
        """
        import sys
        for name in ("hypothesis", "scipy", "pandas"):
            sys.modules[name] = None  # importing it now fails
        import datetime as dt
        import asn_competency as asn
        from asn_competency.testing.synth import synthesize
        policy = asn.load(asn.shipped("cpns-2024.yaml"))
        data = synthesize(policy, applicants=60, seed=1, as_of=dt.date(2024, 9, 10))
        result = asn.run(policy, data.candidates, formations=data.formations,
                         as_of=dt.date(2024, 9, 10))
        assert len(result) == len(data.candidates)
        import asn_competency.testing as kit
        try:
            kit.check_monotonicity
        except ImportError:
            print("kit needs hypothesis")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "kit needs hypothesis"


def test_the_proxy_check_without_scipy_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """check_proxy measures association with scipy, the ``analysis`` extra's: without it the
    error is the library's own (``extra.missing``), naming the extra to install."""
    from asn_competency.errors import MissingExtraError
    from asn_competency.testing.checks.proxy import association

    monkeypatch.setitem(sys.modules, "scipy.stats.contingency", None)
    with pytest.raises(MissingExtraError) as info:
        association(["a", "b"], ["x", "y"])
    assert info.value.problem.code == "extra.missing"
    assert "asn-competency[analysis]" in info.value.problem.message
