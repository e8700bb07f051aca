"""Legal citations: the usual short form of a regulation's title (``KepmenPANRB 321/2024``)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

#: Kinds of regulation and their usual short forms.
_ACT_KINDS: Sequence[tuple[str, str]] = (
    ("Undang-Undang", "UU"),
    ("Peraturan Pemerintah", "PP"),
    ("Peraturan Presiden", "Perpres"),
    ("Keputusan Presiden", "Keppres"),
    ("Peraturan Badan Kepegawaian Negara", "Peraturan BKN"),
    ("Keputusan Kepala Badan Kepegawaian Negara", "Keputusan Kepala BKN"),
    ("Peraturan Daerah", "Perda"),
    ("Peraturan Gubernur", "Pergub"),
    ("Peraturan Bupati", "Perbup"),
    ("Peraturan Wali Kota", "Perwali"),
    ("Peraturan Walikota", "Perwali"),
)

#: Ministries and their short forms, as in ``PermenPANRB`` or ``Permendagri``.
_MINISTRIES: Mapping[str, str] = {
    "Pendayagunaan Aparatur Negara dan Reformasi Birokrasi": "PANRB",
    "PANRB": "PANRB",
    "PAN-RB": "PANRB",
    "PAN RB": "PANRB",
    "Dalam Negeri": "dagri",
}

_TITLE = re.compile(
    r"^(?P<kind>.+?)\s+(?:Republik\s+Indonesia\s+)?Nomor\s+(?P<number>[\w./-]+)\s+"
    r"Tahun\s+(?P<year>\d{4})\b"
)
_MINISTER = re.compile(r"^(?P<act>Peraturan|Keputusan)\s+Menteri\s+(?P<ministry>.+)$")


def short_citation(title: str) -> str | None:
    """The usual short form of a regulation's title, or ``None`` when it cannot be derived.

    >>> short_citation("Keputusan Menteri PANRB Nomor 321 Tahun 2024 tentang Nilai Ambang Batas")
    'KepmenPANRB 321/2024'
    >>> short_citation("Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
    ...                "Nomor 6 Tahun 2024 tentang Pengadaan Pegawai Aparatur Sipil Negara")
    'PermenPANRB 6/2024'
    >>> short_citation("Kebijakan seleksi ilustratif") is None
    True
    """
    found = _TITLE.match(" ".join(title.split()))
    if found is None:
        return None
    kind, number, year = found["kind"], found["number"], found["year"]
    minister = _MINISTER.match(kind)
    if minister is not None:
        act = "Permen" if minister["act"] == "Peraturan" else "Kepmen"
        ministry = minister["ministry"]
        short = _MINISTRIES.get(ministry)
        if short is not None:
            return f"{act}{short} {number}/{year}"
        return f"{act} {ministry} {number}/{year}"
    for prefix, short in _ACT_KINDS:
        if kind == prefix or kind.startswith(prefix + " "):
            rest = kind[len(prefix) :].strip()
            return f"{short} {rest} {number}/{year}" if rest else f"{short} {number}/{year}"
    return f"{kind} {number}/{year}"
