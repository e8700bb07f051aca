"""``asn-competency develop POLICY --assessments A [--performance P] --out DIR``: the
development review of those hired, written as a verifiable folder.

The position standard and the training catalogue are the files the policy cites (by path,
relative to the policy, and confined to its folder), unless ``--standard`` or ``--catalog``
name others; the policy's pins are checked either way. Every row of the input tables must be
usable: a development review does not leave a person out in silence, so any problem of a row
stops the command (exit 1) with every problem listed. The folder is claimed before anything
is read, as ``run`` claims its folder (:mod:`asn_competency.development.folder`).

``verify DIR`` on a development folder checks it (:func:`execute_verify_development`);
``explain DIR EMPLOYEE_ID`` says one of its records in words
(:func:`execute_explain_development`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from asn_competency._api import load
from asn_competency.audit.run_folder import RunFolderError, claim
from asn_competency.cli._common import integer, iso_date
from asn_competency.cli.run import USAGE_OUTPUT_CODES
from asn_competency.development import read_assessments, read_performance
from asn_competency.development.explain import explain_ledger, find_development_records
from asn_competency.development.folder import (
    DEVELOPMENT_FILES,
    LEDGER_FILE,
    manifest_of,
    verify_folder,
    write_claimed,
)
from asn_competency.development.outputs import Development, develop
from asn_competency.errors import (
    AsnCompetencyError,
    ParameterError,
    PolicyError,
    Problem,
    did_you_mean,
)
from asn_competency.model import PositionStandard
from asn_competency.model._base import FileRef
from asn_competency.model.development_policy import DevelopmentPolicy
from asn_competency.model.training_catalog import TrainingCatalog

__all__ = [
    "execute_develop",
    "execute_explain_development",
    "execute_verify_development",
    "register",
]

_EXIT_OK, _EXIT_PROBLEMS, _EXIT_INTEGRITY = 0, 1, 3
_OPTIONS = {"position_standard": "--standard", "training_catalog": "--catalog"}


def register(commands: Any) -> None:
    """Add the ``develop`` command."""
    parser = commands.add_parser(
        "develop",
        help="gap analysis, development plans, cohort needs and talent map: a verifiable folder",
    )
    parser.add_argument("policy", metavar="POLICY", type=Path)
    parser.add_argument("--assessments", required=True, type=Path, metavar="A")
    parser.add_argument("--performance", type=Path, default=None, metavar="P")
    parser.add_argument("--standard", type=Path, default=None, metavar="S")
    parser.add_argument("--catalog", type=Path, default=None, metavar="C")
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="DATE", dest="as_of")
    parser.add_argument(
        "--period",
        type=integer(1950, 2200, "a year"),
        default=None,
        metavar="YEAR",
        help="the SKP year of the nine-box (default: the year before the as-of date)",
    )
    parser.add_argument("--out", required=True, type=Path, metavar="DIR")
    parser.add_argument("--force", action="store_true", help="replace DIR if it holds files")
    parser.set_defaults(run=_command)


def _command(args: argparse.Namespace, out: TextIO) -> int:
    return execute_develop(
        args.policy,
        assessments=args.assessments,
        performance=args.performance,
        standard=args.standard,
        catalog=args.catalog,
        as_of=args.as_of,
        period=args.period,
        out=args.out,
        force=args.force,
        stream=out,
    )


def _report(problems: list[Problem] | tuple[Problem, ...]) -> int:
    for problem in problems:
        sys.stderr.write(problem.render() + "\n")
    return _EXIT_PROBLEMS


def _cited(policy_path: Path, ref: FileRef, field: str) -> Path | Problem:
    """The file a policy cites, confined to the policy's folder (links resolved)."""
    folder = Path(os.path.realpath(policy_path.parent))
    target = Path(os.path.realpath(policy_path.parent / ref.path))
    if Path(ref.path).is_absolute() or not target.is_relative_to(folder):
        return Problem(
            "ref.outside-folder",
            f"{ref.path} lies outside the policy's folder ({folder})",
            path=(field, "path"),
            file=str(policy_path),
            value=ref.path,
            hint=f"put the file beside the policy, or name it with {_OPTIONS[field]}",
        )
    return policy_path.parent / ref.path


def _documents(
    policy_path: Path, standard: Path | None, catalog: Path | None
) -> tuple[DevelopmentPolicy, PositionStandard, TrainingCatalog, dict[str, Path]] | list[Problem]:
    """The development policy and the position standard and training catalogue it cites (or
    those given), each through the typed loader of its kind: a file of another kind is
    ``kind.unexpected`` at its ``kind:`` key (both cited files' problems reported at once).
    :class:`PolicyError` for a file that does not load; the problem of a cited path that lies
    outside the policy's folder, as a list."""
    policy = load(policy_path, kind=DevelopmentPolicy)
    paths: dict[str, Path] = {"policy": policy_path}
    for name, given, ref in (
        ("standard", standard, policy.position_standard),
        ("catalogue", catalog, policy.training_catalog),
    ):
        field = "position_standard" if name == "standard" else "training_catalog"
        found = given if given is not None else _cited(policy_path, ref, field)
        if isinstance(found, Problem):
            return [found]
        paths[name] = found
    problems: list[Problem] = []
    try:
        loaded_standard = load(paths["standard"], kind=PositionStandard)
    except PolicyError as error:
        problems += error.problems
    try:
        loaded_catalogue = load(paths["catalogue"], kind=TrainingCatalog)
    except PolicyError as error:
        problems += error.problems
    if problems:
        raise PolicyError(problems)
    return policy, loaded_standard, loaded_catalogue, paths


def execute_develop(
    policy_path: Path,
    *,
    assessments: Path,
    performance: Path | None,
    standard: Path | None,
    catalog: Path | None,
    as_of: dt.date | None,
    period: int | None,
    out: Path,
    force: bool,
    stream: TextIO,
) -> int:
    """The ``develop`` command; returns its exit code."""
    inputs = {"assessments": assessments}
    if performance is not None:
        inputs["performance"] = performance
    reads = [policy_path, *inputs.values(), *(p for p in (standard, catalog) if p is not None)]
    try:
        folder = claim(out, reads=reads, force=force)
    except RunFolderError as error:
        sys.stderr.writelines(problem.render() + "\n" for problem in error.problems)
        return 2 if error.problems[0].code in USAGE_OUTPUT_CODES else 1
    with folder:
        try:
            documents = _documents(policy_path, standard, catalog)
            if isinstance(documents, list):
                return _report(documents)
            policy, skj, catalogue, paths = documents
            table = read_assessments(assessments, skj)
            ratings = read_performance(performance) if performance is not None else None
            problems = [*table.problems, *(ratings.problems if ratings else ())]
            if problems:
                return _report(problems)
            if as_of is None and policy.as_of is None:
                return _report(
                    [
                        Problem(
                            "param.no-value",
                            "the policy declares no as_of date: pass --as-of",
                            file=str(policy_path),
                        )
                    ]
                )
            result = develop(policy, skj, catalogue, table, ratings, as_of=as_of, period=period)
        except (PolicyError, ParameterError) as error:
            return _report(error.problems)
        try:
            manifest = write_claimed(folder, result, inputs=inputs, documents=paths, period=period)
        except RunFolderError as error:
            sys.stderr.writelines(problem.render() + "\n" for problem in error.problems)
            return 1
    stream.write(_summary(result, manifest, out))
    return _EXIT_OK


def _summary(result: Development, manifest: dict[str, Any], out: Path) -> str:
    counts = manifest["counts"]
    lines = [
        f"{manifest['people']} people, policy {result.policy.id}, as of {result.as_of}",
        "plans: " + ", ".join(f"{k} {v}" for k, v in counts.items()),
    ]
    needs = result.cohort.needing_programme()
    if needs:
        lines.append("cohort programmes: " + ", ".join(n.competency for n in needs))
    if result.talent is not None:
        pool = result.talent.pool()
        lines.append(
            "nine-box: " + ", ".join(f"{box}: {len(ids)}" for box, ids in pool.items() if ids)
        )
    lines.append(f"written to {out}: {', '.join(DEVELOPMENT_FILES)}, manifest.json")
    lines.append(f"manifest_hash {manifest['manifest_hash']}")
    return "\n".join(lines) + "\n"


def execute_verify_development(
    folder: Path,
    *,
    policy: Path | None,
    assessments: Path | None,
    performance: Path | None,
    stream: TextIO,
) -> int:
    """``verify DIR`` on a development folder: the seal, files and chain always; with the
    policy and the assessments (and the performance table, if the review read one), every
    record recomputed. 0 everything holds, 3 an integrity finding, 1 an input that cannot be
    read."""
    result = None
    inputs: dict[str, Path] | None = None
    if policy is not None and assessments is not None:
        try:
            documents = _documents(policy, None, None)
            if isinstance(documents, list):
                return _report(documents)
            loaded, skj, catalogue, _ = documents
            table = read_assessments(assessments, skj)
            ratings = read_performance(performance) if performance is not None else None
            manifest = manifest_of(folder)
            when = dt.date.fromisoformat(str(manifest.get("as_of")))
            period = manifest.get("period")
            result = develop(
                loaded,
                skj,
                catalogue,
                table,
                ratings,
                as_of=when,
                period=period if isinstance(period, int) else None,
            )
        except (PolicyError, ParameterError) as error:
            return _report(error.problems)
        except ValueError:
            result = None
        inputs = {"assessments": assessments}
        if performance is not None:
            inputs["performance"] = performance
    problems = verify_folder(folder, result, inputs=inputs)
    for problem in problems:
        stream.write(problem.render() + "\n")
    if problems:
        return _EXIT_INTEGRITY
    checked = "recomputed from the inputs" if result is not None else "chain and files only"
    stream.write(f"ok: development folder {folder} holds ({checked})\n")
    return _EXIT_OK


def execute_explain_development(
    folder: Path,
    employee_id: str,
    *,
    lang: str,
    policy: Path | None,
    stream: TextIO,
) -> int:
    """``explain DIR EMPLOYEE_ID`` on a development folder: the employee's record (``cohort``:
    the cohort's) in words (:func:`~asn_competency.development.explain.explain_development`),
    naming competencies, programmes and legal bases when ``policy`` (and the standard and
    catalogue it cites) is given and is the one the review read. 0 when written, 3 when
    written under a warning that the record does not fit the hash chain, 1 when the ledger,
    the employee or the policy cannot be read (with the nearest id when one is close)."""
    ledger = folder / LEDGER_FILE
    try:
        lines = ledger.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
    except (OSError, UnicodeDecodeError, ValueError) as error:
        sys.stderr.write(f"asn-competency explain: {ledger} cannot be read ({error})\n")
        return _EXIT_PROBLEMS
    records = [r if isinstance(r, dict) else {} for r in records]
    found = find_development_records(records, employee_id)
    if not found:
        known = [str(r.get("employee_id")) for r in records if r.get("record") == "person"]
        hint = did_you_mean(employee_id, [*known, "cohort"])
        sys.stderr.write(
            f"asn-competency explain: employee {employee_id!r} is not in {ledger}"
            + (f"; {hint}" if hint else "")
            + "\n"
        )
        return _EXIT_PROBLEMS
    documents: dict[str, Any] = {}
    if policy is not None:
        try:
            loaded = _documents(policy, None, None)
        except AsnCompetencyError as error:
            sys.stderr.write(f"asn-competency explain: {policy}: {error}\n")
            return _EXIT_PROBLEMS
        if isinstance(loaded, list):
            return _report(loaded)
        documents = dict(zip(("policy", "standard", "catalogue"), loaded[:3], strict=True))
    text, altered = explain_ledger(found, ledger=ledger, lang=lang, **documents)
    stream.write(text)
    if altered:
        sys.stderr.write(
            "asn-competency explain: note: a record explained does not match the hash chain "
            "(see the warning above it)\n"
        )
        return _EXIT_INTEGRITY
    return _EXIT_OK
