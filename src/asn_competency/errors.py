"""Errors: one root exception, and a `Problem` record for everything that can be wrong.

Layer 1 of the package (see ``docs/architecture.md``): imports nothing from the package.

Every problem has a stable ``code`` from :data:`CODES` (documented in
``docs/error-codes.md``), a message that names what was expected and what arrived, and as
much location as is known: ``file``, ``line`` and ``column`` (1-based) and ``json_path``.
Loading collects every problem it can find and raises one :class:`PolicyError` holding them,
most relevant first.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

__all__ = [
    "CODES",
    "EXTRAS",
    "LANGUAGES",
    "AsnCompetencyError",
    "CodeInfo",
    "MissingExtraError",
    "NearNames",
    "NotFoundError",
    "ParameterError",
    "PolicyError",
    "Problem",
    "check_language",
    "describe_value",
    "did_you_mean",
    "json_path",
    "unexpected_kind",
]

#: A location inside a document: mapping keys and list indices from the root.
Path = tuple[str | int, ...]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def json_path(path: Path) -> str:
    """Render a path as JSONPath: ``$.competencies[2]['name with space']``."""
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _IDENTIFIER.match(part):
            out.append(f".{part}")
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            out.append(f"['{escaped}']")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What one stable error code means and how to fix what it reports."""

    family: str
    summary: str
    hint: str


def _codes(*rows: tuple[str, str, str]) -> dict[str, CodeInfo]:
    return {code: CodeInfo(code.split(".", 1)[0], summary, hint) for code, summary, hint in rows}


#: Every stable code the library reports. Codes are never renamed or reused; a test checks
#: that each one is documented in docs/error-codes.md and has a broken fixture.
CODES: dict[str, CodeInfo] = _codes(
    # reading the file
    ("file.not-found", "the file does not exist", "check the path"),
    ("file.unreadable", "the file cannot be read", "check permissions; a folder is not a file"),
    ("file.too-large", "the file is larger than the size limit", "split it, or raise the limit"),
    ("file.binary", "the file contains NUL bytes: it is not text", "pass a YAML text file"),
    ("file.not-utf8", "the file is not valid UTF-8", "save the file as UTF-8"),
    ("file.empty", "the file holds no YAML document", "start the file with 'kind:'"),
    ("file.not-regular", "a device, pipe or socket, not a regular file", "pass a regular file"),
    # YAML syntax and safety
    ("yaml.syntax", "the text is not valid YAML", "fix the YAML syntax at the position shown"),
    ("yaml.duplicate-key", "a mapping has the same key twice", "keep one of the two entries"),
    ("yaml.tag", "an explicit YAML tag that is not allowed", "remove the tag; write plain data"),
    ("yaml.alias-limit", "aliases expand to too many nodes", "write the data out without aliases"),
    ("yaml.too-deep", "the document nests deeper than the limit", "flatten the structure"),
    ("yaml.too-many-nodes", "the document has more nodes than the limit", "split the file"),
    ("yaml.multiple-documents", "the file holds more than one YAML document", "one per file"),
    ("yaml.not-mapping", "the document is not a mapping", "start the file with 'kind:'"),
    ("yaml.key-not-string", "a mapping key is not a string", "quote the key"),
    ("yaml.merge-key", "YAML merge keys ('<<') are not allowed", "write the entries out"),
    ("yaml.non-finite", "infinity and NaN are not numbers here", "write a finite number"),
    ("number.too-large", "a number has more digits than the limit", "write a plain number"),
    # kind and version dispatch
    ("kind.missing", "the document has no 'kind'", "add 'kind:' with a supported kind"),
    ("kind.unknown", "the 'kind' is not one the library reads", "use one of the listed kinds"),
    ("kind.unexpected", "the file is of another kind than the loader reads", "use its loader"),
    ("kind.version-missing", "the document has no 'schema_version'", "add 'schema_version: 1'"),
    ("kind.version-unsupported", "this kind has no such schema version", "use a listed version"),
    # JSON Schema validation
    ("schema.type", "a value has the wrong type", "write a value of the expected type"),
    ("schema.required", "a required field is missing", "add the field"),
    ("schema.unknown-field", "a field that this kind does not have", "remove or rename it"),
    ("schema.key", "a mapping key does not have the required form", "see the message"),
    ("schema.enum", "a value is not one of the allowed values", "use one of the listed values"),
    ("schema.const", "a value must be exactly the one shown", "write the expected value"),
    ("schema.range", "a number is outside its allowed range", "write a number in range"),
    ("schema.pattern", "a string does not have the required form", "follow the pattern"),
    ("schema.length", "a string, list or mapping is too short or too long", "adjust its size"),
    ("schema.format", "a string is not a valid date or other format", "use the format shown"),
    ("schema.unique", "a list repeats an item", "remove the repeated item"),
    ("schema.union", "a value matches none of the allowed shapes", "use one of the shapes"),
    ("schema.invalid", "a value breaks a schema rule", "see the message"),
    ("model.invalid", "a value passed the schema but not the model", "see the message"),
    # identifiers and references inside a document
    ("ref.duplicate-id", "two items share one identifier", "give each item its own id"),
    ("ref.unknown-reference", "a legal reference id that is not declared", "declare it"),
    ("ref.unknown-competency", "a competency id that no framework defines", "use a defined id"),
    ("ref.unknown-framework", "a framework that is not declared or not found", "check id/path"),
    ("ref.unknown-standard", "a position standard that is not declared or not found", "check"),
    ("ref.unknown-policy", "the policy a test set cites cannot be loaded or is another", "check"),
    ("ref.unknown-catalog", "a training catalogue other than the one the policy cites", "check"),
    ("ref.unknown-programme", "a programme the catalogue lacks, or not for that gap", "fix it"),
    ("ref.hash-mismatch", "a referenced file's content hash differs from the pin", "re-pin it"),
    ("ref.outside-folder", "a cited file lies outside the citing file's folder", "move it in"),
    ("ref.unknown-field", "a field name that is not declared", "declare the field"),
    ("ref.protected-attribute", "a rule or criterion reads a protected attribute", "remove it"),
    ("ref.field-clash", "a name is declared twice across field lists", "rename one"),
    ("ref.unknown-track", "a track id that is not declared in 'tracks'", "declare the track"),
    ("stage.exception-conflict", "two track exceptions apply at the same priority", "rank them"),
    ("stage.pass-minimum", "a test component's pass minimum is above its maximum", "fix it"),
    ("score.unknown", "a score id that is not defined in 'scores'", "define the score"),
    (
        "resume.unsupported",
        "a run cannot be resumed at that stage, or its score cannot be re-weighed there",
        "resume at an integration, shortlist, ranking or optimisation stage, pooled ones after",
    ),
    (
        "resume.change",
        "weights or values that do not fit the checkpoint's weighted sum",
        "name every criterion once, with weights not all zero and one value per reached row",
    ),
    (
        "score.minimum-unused",
        "a minimum on a score no integration stage decides by (it would gate no one)",
        "move the gate to the integration stage's score or to a test component's minimum",
    ),
    # values that break a rule of their kind
    ("level.out-of-range", "a competency level outside the framework's range", "use 1 to 5"),
    ("level.missing", "a competency does not describe every level", "describe each level"),
    ("level.duplicate", "a competency describes one level twice", "describe it once"),
    ("level.order", "a programme's to-level is not above its from-level", "raise to_level"),
    ("cutoffs.order", "bands, cut-offs or a rating-to-axis map out of order", "order them"),
    ("ninebox.numbering", "the nine boxes are not numbered 1 to 9 once each", "renumber them"),
    ("period.order", "a period that ends before it starts", "give an end on or after the start"),
    ("weights.sum", "declared weights do not sum to exactly 1", "make the weights sum to 1"),
    ("weights.partial", "some items have weights and others do not", "weight all or none"),
    ("field.bounds", "a declared minimum is above its maximum", "swap or fix the bounds"),
    ("field.default", "a declared default breaks its own field's constraints", "fix it"),
    ("field.pattern", "a declared pattern is not a valid regular expression", "fix the regex"),
    ("field.reserved", "a name that is a word of the rule language", "choose another name"),
    ("field.levels", "an enum's levels do not name exactly its codes", "give each code a level"),
    ("field.items", "a list field's items are declared wrongly", "list codes only for enum"),
    ("field.type", "a component reads a field of the wrong type", "read a numeric field"),
    ("param.type", "a parameter value does not have the parameter's type", "fix the value"),
    ("param.undeclared", "a parameter is referenced but not declared", "declare it"),
    ("param.no-value", "no value of the parameter is in force on the date", "add a value"),
    # rule expressions, checked when the policy loads
    ("expr.syntax", "a rule is not valid rule-language syntax", "fix the rule at the column shown"),
    ("expr.not-allowed", "a construct the rule language does not have", "use the listed forms"),
    ("expr.unknown-name", "a name that is not a declared field or parameter", "declare it"),
    ("expr.unknown-function", "a function the rule language does not have", "use a listed one"),
    ("expr.arguments", "a function called with the wrong number of arguments", "see its signature"),
    ("expr.type", "operands or arguments of types that do not fit", "compare like with like"),
    ("expr.name-clash", "a name is both a field and a parameter", "rename one of them"),
    ("expr.division-by-zero", "a rule divided by zero for this candidate", "guard the division"),
    # scoring building blocks
    ("table.overlap", "two rows of a unique points table can match the same input", "split them"),
    ("table.gap", "some inputs are matched by no row of a points table", "add a row"),
    ("table.no-match", "a candidate's inputs matched no row of a points table", "add a row"),
    ("scale.out-of-range", "a raw value outside a scale's anchors", "check the input"),
    ("category.unknown-code", "a code that a category score gives no points for", "add it"),
    ("scale.anchors", "a scale's anchors are not in increasing order", "order the anchors"),
    ("score.cycle", "scores that depend on each other in a cycle", "break the cycle"),
    ("ahp.matrix", "a pairwise comparison matrix that is not square, positive, reciprocal", "fix"),
    ("ahp.inconsistent", "pairwise comparisons whose consistency ratio is above 0.10", "revise"),
    ("pm.missing-level", "a competency of the standard has no assessed level", "assess it"),
    ("pm.gap-out-of-table", "a gap larger than the gap-to-weight table covers", "extend it"),
    (
        "pm.penalises-strength",
        "a classic profile match decides a selection: a stronger candidate would rank lower",
        "declare gap_table",
    ),
    # input tables: candidates, formations, ratings (a candidate row's problem makes that row
    # invalid_input; header and formation problems stop the run)
    ("input.header", "a table's header is missing a required column or repeats one", "fix it"),
    ("input.syntax", "a line of a table cannot be read (bad CSV quoting, bad JSON)", "fix it"),
    ("input.missing", "a required value is empty", "fill it in"),
    ("input.type", "a value cannot be read as its field's type", "write it as the type says"),
    ("input.range", "a value is outside its field's bounds, codes or pattern", "correct it"),
    ("input.duplicate-id", "a candidate or formation id is on more than one row", "keep one"),
    ("input.unknown-formation", "a candidate applies to a formation that is not listed", "fix"),
    ("input.duplicate-rating", "the same rating is given twice", "keep one of the two lines"),
    ("input.unknown-candidate", "a rating names a candidate who is not listed", "fix the id"),
    ("input.unknown-stage", "a rating names a stage that is not a rating stage", "fix the id"),
    ("input.unknown-criterion", "a rating names a criterion its stage lacks", "fix the id"),
    ("input.ratings-missing", "candidates reach a rating stage with no ratings", "give them"),
    ("input.id-spelling", "one id written in two spellings (case, invisible characters)", "fix"),
    ("input.unknown-competency", "an assessment names a competency the standard lacks", "fix"),
    ("input.duplicate-entry", "an assessment or SKP rating given twice for one date", "keep one"),
    # policy tests
    ("test.unknown-candidate", "a test case expects a candidate it does not list", "add it"),
    # verifying a run's outputs
    ("audit.record", "a line of decisions.jsonl is not a decision record", "restore the file"),
    ("audit.chain", "the hash chain of decisions.jsonl is broken", "the file was changed"),
    ("audit.manifest", "manifest.json is missing or disagrees with the ledger", "restore it"),
    ("audit.policy", "the policy differs from the one the run used", "use that policy"),
    ("audit.input", "an input file differs from the one the run read", "use that file"),
    ("audit.mismatch", "a recomputed decision differs from the recorded one", "investigate"),
    ("audit.missing", "a file of the run folder is missing or unreadable", "restore it"),
    ("audit.unknown-candidate", "a candidate id with no decision in the run", "check the id"),
    (
        "record.unsupported-version",
        "decision records of a format this version does not verify",
        "verify with the library version named in the records' library_version",
    ),
    # the command line: the operating system and the outputs
    ("file.os-error", "the operating system refused a file operation", "check path and space"),
    ("file.bad-name", "a file name or text holds bytes that are not UTF-8", "rename the file"),
    ("output.is-input", "the output path is one of the command's inputs", "give another path"),
    ("output.exists", "the output would replace existing data", "pass --force, or another path"),
    ("output.not-a-folder", "the output folder names a file", "give a folder"),
    ("output.not-writable", "the output cannot be written there", "give a place you can write"),
    ("output.locked", "another run is writing the same run folder", "wait for it, then rerun"),
    # announcing a run's results (asn_competency.audit.announce, asn-competency announce)
    ("announce.key", "the keyed mask's key is missing or too short", "use a key of 16+ bytes"),
    ("announce.mask", "a mask mode the announcement does not have", "use full, partial, keyed"),
    ("announce.mask-clash", "two registration numbers would be published alike", "see hint"),
    ("announce.label", "a label, status or outcome unknown, or not of its status", "fix it"),
    ("announce.stage", "a stage that cannot be announced", "announce a test or rating stage"),
    # the language of a text (id or en)
    ("lang.unknown", "a language the library does not write", "use 'id' or 'en'"),
    # the statistics of a cycle's evaluation (asn_competency.evaluation)
    ("extra.missing", "an optional extra the function needs is not installed", "install it"),
    ("stats.empty", "there is no data to compute the statistic from", "pass at least one row"),
    ("stats.ragged", "the rows of a matrix have different lengths", "give every row one length"),
    ("stats.not-a-number", "a value that is not a number where a number is needed", "fix it"),
    ("stats.not-finite", "NaN or infinity where a finite number is needed", "fix the value"),
    ("stats.missing", "a missing value where the statistic needs every value", "fill it in"),
    ("stats.too-few", "too few rows, raters, items or pairs for the statistic", "add more"),
    ("stats.length-mismatch", "paired sequences of different lengths", "pair them one to one"),
    (
        "stats.undefined",
        "the statistic is undefined for these data (no variance)",
        "see the message",
    ),
    ("stats.labels", "a label outside the declared categories, or no order for weights", "fix"),
    ("stats.counts", "a count that is negative, not whole, or rows with unequal totals", "fix"),
    ("stats.outcome", "an outcome that is not True (selected) or False", "pass booleans"),
    ("stats.unknown-key", "a stage, form or method that a result does not have", "see hint"),
    # policy changes
    ("change.unknown-target", "an override names what the base policy lacks", "fix the name"),
    ("change.invalid", "the changed policy breaks a rule of the policy format", "fix the value"),
    ("change.base-mismatch", "a change applied to a policy other than its base", "use its base"),
    # rubric analysis (asn_competency.evaluation.rubric, asn-competency analyse)
    ("analysis.unsupported", "the policy has no weighted stage the analyses can vary", "see hint"),
    ("analysis.invalid-option", "a bound, error or count given to an analysis is unusable", "fix"),
    ("analysis.unknown-candidate", "the candidate did not reach the weighted stage", "choose one"),
)


_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a floating-point number",
    list: "a list",
    dict: "a mapping",
    type(None): "null",
}


def describe_value(value: Any) -> str:
    """Render a value with its type, as messages show it: ``'2o5', a string``."""
    kind = _TYPE_NAMES.get(type(value))
    if kind is None:
        kind = "a decimal number" if type(value).__name__ == "Decimal" else type(value).__name__
    if isinstance(value, dict):
        return f"a mapping with keys {', '.join(map(repr, list(value)[:5]))}" if value else "{}"
    if isinstance(value, list):
        return f"a list of {len(value)} items" if value else "an empty list"
    if value is None:
        return "null"
    text = repr(value) if isinstance(value, str) else str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text}, {kind}"


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The nearest valid name, phrased as a hint, or ``None`` when nothing is close."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=5, cutoff=0.6)
    if not close:
        return None
    best = min(close, key=lambda c: (_edit_distance(word, c), close.index(c)))
    return f"did you mean {best!r}?"


class NearNames:
    """:func:`did_you_mean` over many choices (thousands of formation ids) for many words:
    each word is compared only with the choices one edit away (a letter added, dropped or
    changed, or two neighbours swapped), found through an index of each choice with one
    letter deleted, and each distinct word is answered once. A word nothing is that close to
    gets no hint: comparing it with every choice made the cost grow as rows × choices."""

    def __init__(self, choices: Iterable[str]) -> None:
        self._index: dict[str, set[str]] = {}
        for choice in set(choices):
            for key in _deletions(choice):
                self._index.setdefault(key, set()).add(choice)
        self._hints: dict[str, str | None] = {}
        self._longest = max((len(c) for c in self._index), default=0) + 1

    def hint(self, word: str) -> str | None:
        """The nearest choice one edit away, phrased as :func:`did_you_mean` phrases it (a
        word longer than every choice by more than a letter is one edit from none)."""
        if len(word) > self._longest:
            return None
        if word not in self._hints:
            near = set().union(*(self._index.get(key, ()) for key in _deletions(word)))
            self._hints[word] = did_you_mean(word, near) if near else None
        return self._hints[word]


def _deletions(word: str) -> set[str]:
    """The word and the word with any one letter deleted."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: a swap of two neighbours counts as one edit. Only
    the last three rows of the table are kept (memory grows with ``b``, not ``a × b``)."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], before[j - 2] + 1)
        before, previous = previous, row
    return previous[-1]


def unexpected_kind(data: Mapping[str, Any], want: str, known: Iterable[str]) -> Problem | None:
    """The ``kind.unexpected`` problem (at the ``kind`` key, to be located in its file) of a
    document that declares one of the ``known`` kinds other than ``want``; ``None`` when it
    declares ``want``, or no kind or an unknown one (the load reports those with the kinds
    there are). The one check behind every typed loader."""
    found = data.get("kind")
    if found == want or not isinstance(found, str) or found not in set(known):
        return None
    return Problem(
        "kind.unexpected",
        f"expected kind {want!r}, found kind {found!r}",
        path=("kind",),
        value=found,
        hint=f"pass a file of kind {want!r}, or load this one with the loader of {found!r}",
    )


Severity = Literal["error", "warning"]

_KEY_CODES = frozenset(
    {
        "schema.unknown-field",
        "schema.key",
        "yaml.duplicate-key",
        "ref.field-clash",
        "expr.name-clash",
        "kind.unexpected",
    }
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located as precisely as is known.

    ``line`` and ``column`` are 1-based; ``json_path`` is a JSONPath such as
    ``$.competencies[2].levels[0].level``, derived from ``path`` (keys and list indices from
    the document's root). ``value`` is the offending value when there is one. ``offset`` is a
    character offset inside a string value (a rule) where the problem is.
    """

    code: str
    message: str
    path: Path = ()
    file: str | None = None
    line: int | None = None
    column: int | None = None
    value: Any = None
    hint: str | None = None
    severity: Severity = "error"
    related: tuple[str, ...] = field(default=())
    offset: int | None = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise KeyError(f"undocumented problem code {self.code!r}")

    @property
    def json_path(self) -> str:
        """``path`` as JSONPath, e.g. ``$.requirements[0].level``."""
        return json_path(self.path)

    @property
    def location(self) -> str:
        """``file:line:col`` (as much of it as is known); ``<input>`` stands for the file of
        text read without a file name (``load_text``), where the line and column are real;
        ``""`` when neither a file nor a line is known (a missing as-of date, a language)."""
        if self.file is None and self.line is None:
            return ""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    @property
    def at_key(self) -> bool:
        """Whether the problem is about a mapping key rather than its value."""
        return self.code in _KEY_CODES and self.offset is None

    def located(self, file: str | None, line: int | None, column: int | None) -> Problem:
        """A copy with the file position filled in."""
        return replace(self, file=file, line=line, column=column)

    def render(self) -> str:
        """The one-line form the command line prints: ``path:line:col: CODE message``, or
        ``CODE message`` for a problem with no location (none is made up)."""
        where = self.location
        text = f"{where}: {self.code} {self.message}" if where else f"{self.code} {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of every field."""
        value = self.value
        if value is not None and not isinstance(value, str | int | bool | list | dict):
            value = str(value)
        return {
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "json_path": self.json_path,
            "value": value,
            "hint": self.hint,
            "severity": self.severity,
            "related": list(self.related),
            "offset": self.offset,
        }


class AsnCompetencyError(Exception):
    """Root of every exception the library raises on purpose.

    ``problems`` says what is wrong: a tuple of :class:`Problem` (a stable ``code``, a
    message, where), never empty. Each subclass is also the built-in exception that fits
    (``ValueError`` for bad values, ``LookupError`` where a lookup fails, ``ImportError``
    for a missing extra), so that ``except ValueError`` catches what it should.

    Raise it with the problems (``AsnCompetencyError(problem, ...)`` or a sequence of them);
    a subclass may set ``problem`` (or ``_problems``) first and pass its own message. An
    error with no problem at all is a mistake of the library's own code, refused with a
    ``TypeError`` (a test also walks the source: no raise passes a bare message).
    """

    _problems: tuple[Problem, ...]

    def __init__(self, *args: object) -> None:
        given = _problems_in(args)
        if given:
            self._problems = given
            first = given[0].render()
            more = len(given) - 1
            args = (first if not more else f"{first} (and {more} more problem(s))",)
        elif not getattr(self, "_problems", ()):
            raise TypeError(
                f"{type(self).__name__} needs at least one Problem (a stable code), "
                f"not only a message: {args!r}"
            )
        super().__init__(*args)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem, most relevant first (never empty)."""
        return self._problems

    @property
    def problem(self) -> Problem:
        """Deprecated: ``problems[0]``, the first problem (kept for code written when some
        errors held one problem and others a list)."""
        return self.problems[0]

    @problem.setter
    def problem(self, value: Problem) -> None:
        self._problems = (value,)

    @property
    def code(self) -> str:
        """The first problem's stable code."""
        return self.problems[0].code

    @property
    def codes(self) -> list[str]:
        """The problems' codes, in order."""
        return [p.code for p in self.problems]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its arguments and attributes as they are (a subclass's constructor
        takes other arguments than its message)."""
        return (_restore, (type(self), self.args, dict(self.__dict__)))


def _restore(
    cls: type[AsnCompetencyError], args: tuple[object, ...], state: dict[str, Any]
) -> AsnCompetencyError:
    """An error unpickled: built without its constructor, then given its state."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def _problems_in(args: tuple[object, ...]) -> tuple[Problem, ...]:
    """The problems an error is raised with: problems as the arguments, or one sequence of
    them as the only argument; ``()`` when the arguments are something else (a message)."""
    items: Sequence[object] = args
    if len(args) == 1 and isinstance(args[0], list | tuple):
        items = args[0]
    if items and all(isinstance(item, Problem) for item in items):
        return tuple(item for item in items if isinstance(item, Problem))
    return ()


#: Which optional extra of the package brings which module (``pip install
#: 'asn-competency[EXTRA]'``), for the message of :class:`MissingExtraError`.
EXTRAS: Mapping[str, str] = {
    "scipy": "analysis",
    "pandas": "dataframes",
    "matplotlib": "charts",
}


class MissingExtraError(AsnCompetencyError, ImportError):
    """A function needs an optional dependency that is not installed (code
    ``extra.missing``); the message names the extra that brings it (``extra``, else the
    one :data:`EXTRAS` names for the module). The one class for every layer that imports an
    optional module when first used (the statistics of :mod:`asn_competency.evaluation`,
    ``to_pandas()`` of the results)."""

    def __init__(self, module: str, *, extra: str | None = None) -> None:
        extra = extra or EXTRAS.get(module.split(".", 1)[0], "analysis")
        problem = Problem(
            "extra.missing",
            f"{module!r} is not installed: this function needs the optional extra "
            f"'asn-competency[{extra}]'",
            hint=f"pip install 'asn-competency[{extra}]'",
        )
        self._problems = (problem,)
        super().__init__(f"extra.missing {problem.message}")


class PolicyError(AsnCompetencyError, ValueError):
    """A policy document (of any kind), an input table or a value is invalid; ``problems``
    lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("PolicyError needs at least one problem")
        super().__init__(tuple(problems))


class NotFoundError(AsnCompetencyError, KeyError):
    """Something asked for by its id or name is not there (a candidate id that has no
    decision in a run: ``audit.unknown-candidate``; a stage, form or method a result of the
    evaluation does not have: ``stats.unknown-key``), with the nearest name as the hint.

    A ``KeyError`` (so a ``LookupError``): ``result["x"]`` raised a ``KeyError`` before it
    raised this, and ``except KeyError`` still catches it. Its text is the message, not the
    quoted ``repr`` a ``KeyError`` prints."""

    def __str__(self) -> str:
        return Exception.__str__(self)


class ParameterError(AsnCompetencyError, LookupError):
    """A dated parameter has no value in force on the date asked for (``problems``: the
    one problem; ``problem``, its deprecated alias)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)


#: The languages the library writes its texts in: Indonesian (the default), then English.
LANGUAGES: tuple[str, ...] = ("id", "en")


def check_language(lang: object, languages: Sequence[str] = LANGUAGES) -> str:
    """``lang`` when it is one of ``languages``; else :class:`PolicyError` of code
    ``lang.unknown`` (``unknown language 'fr': expected id|en``). The one check every text in two
    languages makes (explanations, announcements, comparisons, reports)."""
    if isinstance(lang, str) and lang in languages:
        return lang
    raise PolicyError(
        [
            Problem(
                "lang.unknown",
                f"unknown language {lang!r}: expected {'|'.join(languages)}",
                value=lang,
                hint=f"use one of {', '.join(repr(each) for each in languages)}",
            )
        ]
    )
