"""Kind and version dispatch: every file says what it is before anything else is read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from asn_competency.errors import PolicyError, Problem, did_you_mean
from asn_competency.files.document import SourceDocument

__all__ = ["read_header"]


def read_header(doc: SourceDocument, supported: Mapping[str, Sequence[int]]) -> tuple[str, int]:
    """The document's ``(kind, schema_version)``; :class:`PolicyError` when either is off.

    ``supported`` maps each kind to the schema versions the library reads; an unknown kind or
    version lists them.
    """
    kinds = ", ".join(sorted(supported))
    kind = doc.data.get("kind")
    if kind is None:
        raise PolicyError(
            [
                doc.locate(
                    Problem(
                        "kind.missing",
                        f"the document has no 'kind'; supported kinds: {kinds}",
                        hint="start the file with e.g. 'kind: selection-policy'",
                    )
                )
            ]
        )
    if not isinstance(kind, str) or kind not in supported:
        raise PolicyError(
            [
                doc.locate(
                    Problem(
                        "kind.unknown",
                        f"unknown kind {kind!r}; supported kinds: {kinds}",
                        path=("kind",),
                        value=kind,
                        hint=did_you_mean(kind, supported) if isinstance(kind, str) else None,
                    )
                )
            ]
        )
    versions = ", ".join(str(v) for v in supported[kind])
    version = doc.data.get("schema_version")
    if version is None:
        raise PolicyError(
            [
                doc.locate(
                    Problem(
                        "kind.version-missing",
                        f"the document has no 'schema_version'; {kind} supports: {versions}",
                        hint=f"add 'schema_version: {supported[kind][-1]}' after 'kind:'",
                    )
                )
            ]
        )
    if isinstance(version, bool) or not isinstance(version, int) or version not in supported[kind]:
        raise PolicyError(
            [
                doc.locate(
                    Problem(
                        "kind.version-unsupported",
                        f"{kind} has no schema_version {version!r}; supported: {versions}",
                        path=("schema_version",),
                        value=version,
                    )
                )
            ]
        )
    return kind, version
