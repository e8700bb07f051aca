"""Where the shipped data (``rubrics/`` and ``schemas/``) lives.

An installed wheel carries both inside the package (``asn_competency/_data/``); a source
checkout (editable install) has them at the repository root.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_dir"]

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder of shipped ``rubrics`` or ``schemas``."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the shipped '{name}' folder is missing from this installation")
