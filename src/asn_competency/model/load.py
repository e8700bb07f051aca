"""Loading: file → safe YAML → kind dispatch → JSON Schema → model → consistency checks.

Every stage collects all the problems it can; the first stage with problems stops the load
(a document that breaks its schema cannot be built into a model to check further), and a
single :class:`~asn_competency.errors.PolicyError` carries them, in reading order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, TypeVar, get_args

from pydantic import ValidationError

from asn_competency.errors import Path, PolicyError, Problem
from asn_competency.files.canonical import content_hash
from asn_competency.files.document import SourceDocument
from asn_competency.files.emit import dump_yaml
from asn_competency.files.header import read_header
from asn_competency.files.safe_yaml import DEFAULT_LIMITS, Limits, read_yaml, read_yaml_text
from asn_competency.files.schema import schema_problems
from asn_competency.model._base import DEFER_CHECKS, Document, FileRef
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.framework import CompetencyFramework
from asn_competency.model.kinds import model_for, schema_file_name, schema_for, supported
from asn_competency.model.policy import SelectionPolicy
from asn_competency.model.policy_change import PolicyChange
from asn_competency.model.policy_tests import PolicyTests
from asn_competency.model.position import PositionStandard
from asn_competency.model.training_catalog import TrainingCatalog

__all__ = ["Check", "document_hash", "dump", "load", "load_text", "validate"]

D = TypeVar("D", bound=Document)

#: A consistency check that a higher layer adds to loading (the rule language checks rules):
#: it returns problems with paths; the loader locates them in the source.
Check = Callable[[Document], list[Problem]]


def document_hash(document: Document) -> str:
    """Content hash (``sha256:...``) of a document's canonical JSON, covering what it cites.

    Comments, key order, quoting style and number spelling in the source do not change it;
    any change of meaning does, in the document or in a document it cites: a citation without
    a ``sha256`` pin is hashed as if pinned to the content hash of the document loaded for it
    (so a policy citing an unpinned position standard has the hash it would have with the
    standard pinned, and a change to the standard, or to a framework it cites, changes the
    policy's hash). A pinned citation is covered by its pin, which loading checked. A document
    built in Python whose unpinned citations were never loaded is hashed as written.
    """
    data = document.model_dump(mode="python", by_alias=True)
    loaded = _loaded_citations(document)
    for where, ref in _citations(document):
        cited = loaded.get(ref.id)
        if ref.sha256 is None and cited is not None:
            entry: Any = data
            for part in where:
                entry = entry[part]
            entry["sha256"] = document_hash(cited)
    return content_hash(data)


def _citations(document: Document) -> list[tuple[Path, FileRef]]:
    """The files a document cites, each with its path in the document."""
    if isinstance(document, PositionStandard | TrainingCatalog):
        return [(("frameworks", i), ref) for i, ref in enumerate(document.frameworks)]
    if isinstance(document, DevelopmentPolicy):
        return [
            (("position_standard",), document.position_standard),
            (("training_catalog",), document.training_catalog),
        ]
    if isinstance(document, SelectionPolicy):
        return [
            (("position_standards", i), ref) for i, ref in enumerate(document.position_standards)
        ]
    if isinstance(document, PolicyTests | PolicyChange):  # both cite the policy they are for
        return [(("policy",), document.policy)]
    return []


def _loaded_citations(document: Document) -> Mapping[str, Document]:
    """The documents loaded for a document's citations, by id (empty when none was loaded)."""
    if isinstance(document, PositionStandard | TrainingCatalog):
        return document.loaded_frameworks
    if isinstance(document, DevelopmentPolicy):
        loaded: dict[str, Document] = {}
        if document.loaded_standard is not None:
            loaded[document.position_standard.id] = document.loaded_standard
        if document.loaded_catalogue is not None:
            loaded[document.training_catalog.id] = document.loaded_catalogue
        return loaded
    if isinstance(document, SelectionPolicy):
        return document.loaded_standards
    if isinstance(document, PolicyTests | PolicyChange) and document.loaded_policy is not None:
        return {document.policy.id: document.loaded_policy}
    return {}


def dump(document: Document) -> str:
    """The document as YAML text that loads back to an equal document.

    Fields left at their defaults are omitted; the first line is the editor modeline naming
    the schema.
    """
    data = document.model_dump(mode="python", exclude_defaults=True, by_alias=True)
    schema = schema_file_name(data["kind"], data["schema_version"])
    return dump_yaml(data, header=f"yaml-language-server: $schema=../schemas/{schema}")


def _ordered(problems: Sequence[Problem], file: str | None) -> list[Problem]:
    """The document's own problems first, in reading order; then those of files it cites."""
    return sorted(
        problems, key=lambda p: (p.file != file, p.file or "", p.line or 0, p.column or 0)
    )


def _data_path(data: Any, loc: tuple[str | int, ...]) -> Path:
    """Pydantic's error location as a path in the data: union tags and markers dropped."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_dict or in_list):
            continue  # a union member's tag, or '[key]' for a mapping key
        node = node[part]
        path.append(part)
    return tuple(path)


def _model_problems(source: SourceDocument, error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        path = _data_path(source.data, tuple(item["loc"]))
        problems.append(
            source.locate(
                Problem(
                    "model.invalid",
                    str(item["msg"]),
                    path=path,
                    value=item.get("input") if not isinstance(item.get("input"), dict) else None,
                )
            )
        )
    return problems


@dataclass(frozen=True)
class _Reading:
    """What one load shares with the loads of the files it cites."""

    limits: Limits
    root: FsPath | None  # the real path of the search root, when one is given
    seen: tuple[str, ...] = ()

    def citing(self, target: str) -> _Reading:
        return _Reading(self.limits, self.root, (*self.seen, target))


def _build(source: SourceDocument, reading: _Reading, checks: Sequence[Check]) -> Document:
    kind, version = read_header(source, supported())
    problems = schema_problems(source, schema_for(kind, version))
    if problems:
        raise PolicyError(problems)
    try:
        document = model_for(kind, version).model_validate(
            source.data, context={DEFER_CHECKS: True}
        )
    except ValidationError as exc:
        raise PolicyError(_ordered(_model_problems(source, exc), source.file)) from None
    problems = [source.locate(p) for p in document.problems()]
    problems += _resolve_citations(document, source, reading)
    if not problems:
        problems = [source.locate(p) for check in checks for p in check(document)]
    if problems:
        raise PolicyError(_ordered(problems, source.file))
    return document


def _confined(
    base: FsPath, ref: FileRef, where: Path, reading: _Reading
) -> tuple[FsPath, None] | tuple[None, Problem]:
    """The real path of a cited file, or the problem why it may not be read.

    A cited path is relative to the citing file's folder and must stay inside that folder, or
    inside the search root when the loader was given one, after every symbolic link is
    resolved: ``../`` out of the folder, an absolute path, or a link leading elsewhere is
    ``ref.outside-folder``.
    """
    folder = reading.root or FsPath(os.path.realpath(base))
    where_text = "the search root" if reading.root else "the citing file's folder"
    if FsPath(ref.path).is_absolute() or ref.path.startswith(("\\", "~")):
        return None, Problem(
            "ref.outside-folder",
            f"{ref.path} is an absolute path; a cited file is named relative to the citing file",
            path=(*where, "path"),
            value=ref.path,
            hint=f"put the cited file in {where_text} and name it by a relative path",
        )
    target = FsPath(os.path.realpath(base / ref.path))
    if not target.is_relative_to(folder):
        return None, Problem(
            "ref.outside-folder",
            f"{ref.path} leads to {target}, outside {where_text} ({folder})",
            path=(*where, "path"),
            value=ref.path,
            hint=f"put the cited file inside {where_text}; a symbolic link that leads out of "
            "it does not count",
        )
    return target, None


def _resolve(
    refs: Sequence[tuple[Path, FileRef]],
    *,
    expected: type[D],
    code: str,
    source: SourceDocument,
    reading: _Reading,
) -> tuple[dict[str, D], list[Problem]]:
    """Load the files a document cites (by id, path relative to it, optional hash pin)."""
    base = FsPath(source.file).parent if source.file else FsPath.cwd()
    what = get_args(expected.model_fields["kind"].annotation)[0]
    loaded_by_id: dict[str, D] = {}
    problems: list[Problem] = []
    for where, ref in refs:
        if "\x00" in ref.path:  # no file name holds one (and the OS calls refuse it)
            problems.append(
                Problem(
                    code,
                    f"{ref.id!r} cannot be loaded from {ref.path!r}: a path has no NUL character",
                    path=(*where, "path"),
                    value=ref.path,
                )
            )
            continue
        target, refused = _confined(base, ref, where, reading)
        if refused is not None:
            problems.append(refused)
            continue
        if str(target) in reading.seen:
            problems.append(
                Problem(
                    code, f"{ref.path} refers back to a file being loaded", path=(*where, "path")
                )
            )
            continue
        try:
            loaded = _load(base / ref.path, reading.citing(str(target)), ())
        except PolicyError as exc:
            first = exc.problems[0]
            problems.append(
                Problem(
                    code,
                    f"{ref.id!r} cannot be loaded from {ref.path}: {first.code} {first.message}",
                    path=(*where, "path"),
                    value=ref.path,
                )
            )
            problems += [p for p in exc.problems if p.file != source.file]
            continue
        if not isinstance(loaded, expected) or loaded.id != ref.id:  # type: ignore[attr-defined]
            problems.append(
                Problem(
                    code,
                    f"{ref.path} holds {loaded.kind} {loaded.id!r}, not {what} {ref.id!r}",  # type: ignore[attr-defined]
                    path=(*where, "id"),
                    value=ref.id,
                )
            )
            continue
        actual = document_hash(loaded)
        if ref.sha256 is not None and actual != ref.sha256:
            problems.append(
                Problem(
                    "ref.hash-mismatch",
                    f"{ref.path} has content hash {actual}, not the pinned {ref.sha256}",
                    path=(*where, "sha256"),
                    value=ref.sha256,
                    hint="the file changed since it was pinned; review it and re-pin",
                )
            )
        loaded_by_id[ref.id] = loaded
    return loaded_by_id, [p if p.file else source.locate(p) for p in problems]


def _resolve_citations(
    document: Document, source: SourceDocument, reading: _Reading
) -> list[Problem]:
    """Load what a document cites and check it against what it cites."""
    if isinstance(document, PositionStandard | TrainingCatalog):  # both cite frameworks
        frameworks, problems = _resolve(
            _citations(document),
            expected=CompetencyFramework,
            code="ref.unknown-framework",
            source=source,
            reading=reading,
        )
        if not problems:
            problems = [source.locate(p) for p in document.problems_against(frameworks)]
            document._frameworks = frameworks
        return problems
    if isinstance(document, DevelopmentPolicy):
        return _resolve_development(document, source, reading)
    if isinstance(document, SelectionPolicy):
        standards, problems = _resolve(
            _citations(document),
            expected=PositionStandard,
            code="ref.unknown-standard",
            source=source,
            reading=reading,
        )
        document._standards = standards
        return problems
    if isinstance(document, PolicyTests | PolicyChange):  # both cite the policy they are for
        policies, problems = _resolve(
            _citations(document),
            expected=SelectionPolicy,
            code="ref.unknown-policy",
            source=source,
            reading=reading,
        )
        base = policies.get(document.policy.id)
        document._policy = base
        if isinstance(document, PolicyChange) and base is not None and not problems:
            problems = [source.locate(p) for p in document.problems_against(base)]
        return problems
    return []


def _resolve_development(
    document: DevelopmentPolicy, source: SourceDocument, reading: _Reading
) -> list[Problem]:
    """Load a development policy's position standard and training catalogue (each checked
    against its pin), then check the policy against them: its closures name competencies of
    the standard and programmes of the catalogue that develop them."""
    (standard_at, standard_ref), (catalogue_at, catalogue_ref) = _citations(document)
    standards, problems = _resolve(
        [(standard_at, standard_ref)],
        expected=PositionStandard,
        code="ref.unknown-standard",
        source=source,
        reading=reading,
    )
    catalogues, catalogue_problems = _resolve(
        [(catalogue_at, catalogue_ref)],
        expected=TrainingCatalog,
        code="ref.unknown-catalog",
        source=source,
        reading=reading,
    )
    problems += catalogue_problems
    document._standard = standards.get(standard_ref.id)
    document._catalogue = catalogues.get(catalogue_ref.id)
    if not problems and document._standard is not None and document._catalogue is not None:
        against = document.problems_against(document._standard, document._catalogue)
        problems = [source.locate(p) for p in against]
    return problems


def _load(path: FsPath, reading: _Reading, checks: Sequence[Check]) -> Document:
    return _build(read_yaml(path, limits=reading.limits), reading, checks)


def _real_root(root: str | FsPath | None) -> FsPath | None:
    return None if root is None else FsPath(os.path.realpath(root))


def load(
    path: str | FsPath,
    *,
    limits: Limits = DEFAULT_LIMITS,
    checks: Sequence[Check] = (),
    root: str | FsPath | None = None,
) -> Any:
    """Load a document of any kind from a YAML file; :class:`PolicyError` lists every problem.

    A position standard also loads (and checks itself against) the frameworks it cites, a
    policy the position standards it cites, policy tests and changes the policy they are for.
    A cited file must lie inside the citing file's folder (symbolic links resolved), or
    inside ``root`` when it is given (``ref.outside-folder``). ``checks`` run last, on a
    document with no other problem.
    """
    path = FsPath(path)
    reading = _Reading(limits, _real_root(root), (os.path.realpath(path),))
    return _load(path, reading, checks)


def load_text(
    text: str,
    *,
    file: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    checks: Sequence[Check] = (),
    root: str | FsPath | None = None,
) -> Any:
    """Load a document from YAML text. Cited files are looked up relative to ``file`` (or the
    working directory) and confined as :func:`load` confines them."""
    source = read_yaml_text(text, file=file, limits=limits)
    return _build(source, _Reading(limits, _real_root(root)), checks)


def validate(
    path: str | FsPath,
    *,
    limits: Limits = DEFAULT_LIMITS,
    checks: Sequence[Check] = (),
    root: str | FsPath | None = None,
) -> list[Problem]:
    """Every problem of a file (an empty list when it is valid). Never raises for bad input."""
    try:
        load(path, limits=limits, checks=checks, root=root)
    except PolicyError as exc:
        return list(exc.problems)
    return []
