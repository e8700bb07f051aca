"""``asn-competency compare``: who a changed policy decides differently, and why.

``compare POLICY --change CHANGE CANDIDATES --formations F`` applies a policy-change file to
POLICY (which must be the change's base: same id and content hash); ``compare POLICY POLICY_B
CANDIDATES --formations F`` compares two policies. Both print the comparison (a summary, then
one block per changed candidate) and, with ``--out FILE``, write one CSV row per changed
candidate. The exit code is 0 whatever changes (a comparison finds, it does not judge), 1 for
files that cannot be used (problems on stderr), 2 for usage: ``--out`` naming one of the
command's inputs (the policies, the change, the tables, the base policy a change cites) or,
without ``--force``, a file that exists.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from asn_competency._api import load
from asn_competency.audit.compare import Comparison, compare
from asn_competency.audit.run_folder.files import results_cell
from asn_competency.cli._common import output_problem, refuse
from asn_competency.errors import AsnCompetencyError, PolicyError, Problem, check_language
from asn_competency.model import SelectionPolicy, document_hash
from asn_competency.model.policy_change import PolicyChange
from asn_competency.scoring import DOCUMENT_CHECKS

__all__ = ["execute_compare"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

_PROG = "asn-competency compare"


class _UnusableError(Exception):
    """A file that cannot be used; its problems are already on stderr."""


def _report(problems: Iterable[Problem]) -> None:
    for problem in problems:
        sys.stderr.write(problem.render() + "\n")


def _load(path: Path, kind: type[Any], what: str) -> Any:
    document = load(path)
    if not isinstance(document, kind):
        sys.stderr.write(f"{path}: a {what} is needed, not a {document.kind}\n")
        raise _UnusableError
    return document


def _base_problems(change: PolicyChange, path: Path, policy: SelectionPolicy) -> list[Problem]:
    """The change must be to this very policy: the same id, and the same content hash as the
    base the change file cites."""
    problems = []
    cited = change.loaded_policy
    if change.policy.id != policy.id:
        problems.append(
            Problem(
                "change.base-mismatch",
                f"change {change.id!r} is to policy {change.policy.id!r}, not {policy.id!r}",
                path=("policy", "id"),
                file=str(path),
                value=change.policy.id,
            )
        )
    elif cited is not None and document_hash(cited) != document_hash(policy):
        problems.append(
            Problem(
                "change.base-mismatch",
                f"change {change.id!r} cites {change.policy.path} with content hash "
                f"{document_hash(cited)}; the policy given has {document_hash(policy)}",
                path=("policy", "path"),
                file=str(path),
                value=change.policy.path,
                hint="compare against the policy file the change cites",
            )
        )
    return problems


def _changed(
    change: PolicyChange, change_path: Path, base: SelectionPolicy, lang: str, stream: TextIO
) -> Any:
    problems = _base_problems(change, change_path, base)
    if problems:
        _report(problems)
        raise _UnusableError
    try:
        changed = change.apply(base, checks=DOCUMENT_CHECKS)
    except AsnCompetencyError as error:
        _report(p.located(str(change_path), p.line, p.column) for p in error.problems)
        raise _UnusableError from None
    text = change.description.id if lang == "id" else change.description.en
    stream.write(f"change {change.id}: {text or change.description.id}\n")
    stream.writelines(f"  {line}\n" for line in change.overrides())
    stream.write("\n")
    return changed


def _write_rows(comparison: Comparison, out: Path, lang: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=comparison.columns(), lineterminator="\n")
        writer.writeheader()
        for row in comparison.to_rows(lang):  # ids, codes and lines a spreadsheet reads as text
            writer.writerow({column: results_cell(value) for column, value in row.items()})


def execute_compare(
    policy: Path,
    *,
    change: Path | None,
    other: Path | None,
    candidates: Path,
    formations: Path,
    ratings: Path | None,
    as_of: dt.date | None,
    out: Path | None,
    stream: TextIO,
    lang: str = "id",
    force: bool = False,
) -> int:
    """The ``compare`` command: exactly one of ``change`` (a policy-change file applied to
    ``policy``) or ``other`` (a second selection policy). Prints the comparison, writes its
    rows as CSV to ``out`` when given; 0 whatever changes, 1 for unusable files or inputs
    (problems on stderr), 2 for usage."""
    if (change is None) == (other is None):
        sys.stderr.write(
            f"{_PROG}: give exactly one of --change CHANGE or a second policy POLICY_B\n"
        )
        return EXIT_USAGE
    try:
        check_language(lang)
    except PolicyError as error:
        sys.stderr.writelines(f"{_PROG}: {problem.render()}\n" for problem in error.problems)
        return EXIT_USAGE
    if out is not None:
        inputs = [policy, change, other, candidates, formations, ratings]
        problem = output_problem([out], inputs, force=force)
        if problem is not None:
            return refuse(problem, sys.stderr)
    try:
        base = _load(policy, SelectionPolicy, "selection-policy")
        if change is not None:
            document = _load(change, PolicyChange, "policy-change")
            if out is not None:
                cited = change.parent / document.policy.path
                problem = output_problem([out], [cited], force=True)
                if problem is not None:
                    return refuse(problem, sys.stderr)
            changed = _changed(document, change, base, lang, stream)
        else:
            assert other is not None  # noqa: S101 - checked above
            changed = _load(other, SelectionPolicy, "selection-policy")
        comparison = compare(
            base, changed, candidates, formations=formations, ratings=ratings, as_of=as_of
        )
    except _UnusableError:
        return EXIT_PROBLEMS
    except AsnCompetencyError as error:
        _report(error.problems)
        return EXIT_PROBLEMS
    stream.write(comparison.render(lang))
    if out is not None:
        try:
            _write_rows(comparison, out, lang)
        except OSError as error:
            sys.stderr.write(f"{_PROG}: cannot write {out}: {error}\n")
            return EXIT_PROBLEMS
        stream.write(f"\n{len(comparison)} changed candidate(s) written to {out}\n")
    return EXIT_OK
