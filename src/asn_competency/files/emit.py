"""Writing plain data as YAML that :mod:`.safe_yaml` reads back to the same values.

Strings that a YAML 1.1 or 1.2 reader could take for another type (``yes``, ``0o17``,
``1e5``, ``2024-08-19``, ``null``) are quoted; exact decimals are written in plain notation;
dates as ISO strings. Key order is kept as given.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import yaml
from yaml.emitter import Emitter
from yaml.representer import SafeRepresenter
from yaml.resolver import BaseResolver, Resolver
from yaml.serializer import Serializer

from asn_competency.files.canonical import format_decimal
from asn_competency.files.safe_yaml import CoreResolver

__all__ = ["dump_yaml"]


class _QuotingResolver(BaseResolver):
    """Both YAML 1.1 and 1.2 core rules: a string either would misread gets quoted."""

    yaml_implicit_resolvers = {}  # noqa: RUF012 - PyYAML's class-level table, copied


for _table in (CoreResolver.yaml_implicit_resolvers, Resolver.yaml_implicit_resolvers):
    for _first, _rules in _table.items():
        for _tag, _regexp in _rules:
            _QuotingResolver.add_implicit_resolver(_tag, _regexp, [_first])


class _Dumper(Emitter, Serializer, SafeRepresenter, _QuotingResolver):
    def __init__(self, stream: Any, **kwargs: Any) -> None:
        Emitter.__init__(
            self,
            stream,
            canonical=False,
            indent=2,
            width=100,
            allow_unicode=True,
            line_break="\n",
        )
        Serializer.__init__(self, encoding=None, explicit_start=False, explicit_end=False)
        SafeRepresenter.__init__(
            self, default_style=None, default_flow_style=False, sort_keys=False
        )
        _QuotingResolver.__init__(self)


def _decimal(dumper: SafeRepresenter, value: Decimal) -> yaml.ScalarNode:
    text = format_decimal(value)
    if "." not in text:
        return dumper.represent_int(int(text))
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


def _date(dumper: SafeRepresenter, value: dt.date) -> yaml.ScalarNode:
    return dumper.represent_str(value.isoformat())


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(dt.date, _date)


def dump_yaml(data: Any, *, header: str = "") -> str:
    """YAML text for plain data (mappings, lists, str, int, bool, Decimal, date, None).

    ``header`` lines are written first as ``#`` comments.
    """
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    body: str = yaml.dump(data, Dumper=_Dumper)
    return comments + body
