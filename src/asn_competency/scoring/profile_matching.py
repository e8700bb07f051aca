"""Profile Matching (competency gap analysis) and Job Person Match, in exact arithmetic.

Profile Matching (Kusrini, *Konsep dan Aplikasi Sistem Pendukung Keputusan*, 2007) compares a
person's level on each competency with the level the position requires:

* ``gap = level - target``;
* the gap is turned into a weight by a table (:data:`GAP_WEIGHTS`: 0 → 5, +1 → 4.5,
  -1 → 4, +2 → 3.5, -2 → 3, +3 → 2.5, -3 → 2, +4 → 1.5, -4 → 1): a level above the target
  costs less than the same distance below it;
* NCF is the mean weight over the *core* factors, NSF the mean over the *secondary* ones;
* the aspect's total is ``core_weight · NCF + (1 - core_weight) · NSF`` (60/40 by default);
* several aspects combine by a weighted sum (:func:`aspect_total`).

The signed gap is the default; variants that use the absolute gap must pass their own table.

**Selection must not penalise strength.** The classic table scores a level above the target
*below* an exact match (gap +1 → 4.5), so a candidate at level 5 everywhere scores less than
one exactly at the standard: right for a development review (over-qualification can signal a
misplacement), wrong for ranking applicants. :data:`NO_PENALTY_ABOVE_GAP_WEIGHTS` keeps the
classic weights below the target and counts any level at or above it as a match (5), so a
higher level never lowers the score (``docs/domain.md``, Profile Matching).

**Weighted means.** With ``weights`` (a position standard's requirement weights), NCF and NSF
are means weighted by them, ``Σ wᵢ·gᵢ ÷ Σ wᵢ``, so a standard's emphasis on some competencies
(communication, public service) takes effect; without, the plain means of the classic method.

**No secondary factors.** The brief this library follows is silent on this case; this
module's choice: when every competency is core, there is no NSF (``nsf`` is ``None``), the
core weight has nothing to share with, and ``total == ncf``. At least one core factor is
required: a standard without one does not say what the position is about, and is refused.

Job Person Match (JPM) is the ratio used in competency-assessment reports:
``Σ attained levels ÷ Σ required levels · 100``, each attained level capped at its target
when ``cap_at_target`` (institutions differ; the cap is a declared option).
:func:`jpm_band` names its band (:data:`DEFAULT_JPM_BANDS`: *memenuhi syarat* ≥ 80,
*masih memenuhi syarat* 68 to < 80, *kurang memenuhi syarat* < 68).

Exactness
    Levels and targets are integers; weights are :class:`~decimal.Decimal`. Every result is
    an exact :class:`~fractions.Fraction` (``13/3``, not ``4.333…``): comparisons, ranks and
    band boundaries are decided exactly, and ``float()`` or a declared rounding turns a result
    into a number to show. Fractions compare equal to equal ``Decimal`` values
    (``Fraction(22, 5) == Decimal("4.4")``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from types import MappingProxyType
from typing import Literal, TypeGuard

from asn_competency.errors import PolicyError, Problem, describe_value, did_you_mean
from asn_competency.scoring._exact import inexact_problem

__all__ = [
    "DEFAULT_JPM_BANDS",
    "GAP_WEIGHTS",
    "NO_PENALTY_ABOVE_GAP_WEIGHTS",
    "JpmBand",
    "ProfileMatchResult",
    "ProfileRow",
    "aspect_total",
    "job_person_match",
    "jpm_band",
    "profile_match",
]

#: Gap (level - target) → weight, the table of Kusrini (2007) used across Indonesian HR
#: practice. A gap outside the table (``|gap| > 4``) is an error, not a guess.
GAP_WEIGHTS: Mapping[int, Decimal] = MappingProxyType(
    {
        0: Decimal("5"),
        1: Decimal("4.5"),
        -1: Decimal("4"),
        2: Decimal("3.5"),
        -2: Decimal("3"),
        3: Decimal("2.5"),
        -3: Decimal("2"),
        4: Decimal("1.5"),
        -4: Decimal("1"),
    }
)

#: The classic weights below the target; a level at or above the target is a match (5): a
#: table for selection, where being stronger must never count against a candidate.
NO_PENALTY_ABOVE_GAP_WEIGHTS: Mapping[int, Decimal] = MappingProxyType(
    {gap: (GAP_WEIGHTS[0] if gap >= 0 else weight) for gap, weight in GAP_WEIGHTS.items()}
)

_SIGNIFICANT_DIGITS = 28


@dataclass(frozen=True, slots=True)
class JpmBand:
    """One JPM band: a value of at least ``minimum`` (percent) and below the next band's."""

    minimum: Decimal
    label: str


#: JPM bands used in competency tests, highest first. Institution-specific: a policy file
#: should declare its own and pass them to :func:`jpm_band`.
DEFAULT_JPM_BANDS: tuple[JpmBand, ...] = (
    JpmBand(Decimal("80"), "memenuhi syarat"),
    JpmBand(Decimal("68"), "masih memenuhi syarat"),
    JpmBand(Decimal("0"), "kurang memenuhi syarat"),
)

Factor = Literal["core", "secondary"]


@dataclass(frozen=True, slots=True, repr=False)
class ProfileRow:
    """One competency in a profile match: the person's level against the target."""

    competency: str
    level: int
    target: int
    gap: int
    weight: Decimal
    factor: Factor

    def __repr__(self) -> str:
        return (
            f"ProfileRow({self.competency}: level {self.level}, target {self.target}, "
            f"gap {self.gap:+d}, weight {self.weight}, {self.factor})"
        )


@dataclass(frozen=True, slots=True, repr=False)
class ProfileMatchResult:
    """The outcome of :func:`profile_match` for one person and one aspect.

    Attributes:
        ncf: Mean weight of the core factors.
        nsf: Mean weight of the secondary factors; ``None`` when there are none.
        total: ``core_weight · ncf + (1 - core_weight) · nsf``, or ``ncf`` without secondary
            factors.
        core_weight: The share of the core factors used.
        rows: One row per competency, in the order of the targets.
    """

    ncf: Fraction
    nsf: Fraction | None
    total: Fraction
    core_weight: Decimal
    rows: tuple[ProfileRow, ...]

    def __repr__(self) -> str:
        return (
            f"ProfileMatchResult(total={self.total}, ncf={self.ncf}, nsf={self.nsf}, "
            f"core_weight={self.core_weight}, rows={list(self.rows)!r})"
        )


def profile_match(
    levels: Mapping[str, int],
    targets: Mapping[str, int],
    *,
    core: Collection[str],
    core_weight: Decimal = Decimal("0.6"),
    gap_weights: Mapping[int, Decimal] = GAP_WEIGHTS,
    weights: Mapping[str, Decimal] | None = None,
) -> ProfileMatchResult:
    """Match a person's competency levels against a position's target levels.

    Args:
        levels: The person's level per competency id; one for every target.
        targets: The required level per competency id (the aspect's competencies).
        core: The ids of the core factors; every other target is a secondary factor.
        core_weight: The core factors' share of the total, from 0 to 1 (default 0.6).
        gap_weights: Gap → weight table (default :data:`GAP_WEIGHTS`; for ranking applicants
            use :data:`NO_PENALTY_ABOVE_GAP_WEIGHTS`).
        weights: Optional positive weight per target (a standard's requirement weights):
            NCF and NSF become weighted means. Default: plain means.

    Returns:
        A :class:`ProfileMatchResult`.

    Raises:
        PolicyError: ``pm.missing-level`` (a target without a level),
            ``ref.unknown-competency`` (a level or core id that is not a target),
            ``pm.gap-out-of-table`` (a gap the table has no weight for), ``schema.type``
            (a level that is not an integer, a weight that is not exact),
            ``schema.range`` (``core_weight`` outside 0..1) or ``schema.length`` (no core
            factor). Every problem found is listed.
    """
    problems: list[Problem] = []
    share = _exact_share(core_weight, "core_weight", problems)
    table = _gap_table(gap_weights, problems)
    _check_levels(levels, targets, problems)
    if isinstance(core, str):
        problems.append(
            Problem(
                "schema.type",
                f"core must be a collection of competency ids, not one string ({core!r})",
                path=("core",),
                value=core,
                hint=f"write core=[{core!r}]",
            )
        )
        core = [core]
    core_set = set(core)
    for name in sorted(core_set - set(targets), key=str):
        problems.append(_unknown(name, targets, "core", ("core",)))
    if not core_set & set(targets):
        problems.append(
            Problem(
                "schema.length",
                "no core factor: name at least one of the targets in core",
                path=("core",),
                hint=f"the targets are {_listing(targets)}",
            )
        )
    rows: list[ProfileRow] = []
    for competency, target in targets.items():
        level = levels.get(competency)
        if _is_int(level) and _is_int(target):
            row = _row(
                competency, level, target=target, table=table, core=core_set, problems=problems
            )
            if row is not None:
                rows.append(row)
    if problems:
        raise PolicyError(problems)

    importance = _importance(weights, targets, problems)
    if problems:
        raise PolicyError(problems)
    ncf = _mean([r for r in rows if r.factor == "core"], importance)
    nsf: Fraction | None = None
    total = ncf
    secondary = [r for r in rows if r.factor == "secondary"]
    if secondary:
        nsf = _mean(secondary, importance)
        total = share * ncf + (1 - share) * nsf
    return ProfileMatchResult(
        ncf=ncf,
        nsf=nsf,
        total=total,
        core_weight=core_weight,
        rows=tuple(rows),
    )


def aspect_total(
    scores: Mapping[str, Decimal | Fraction], weights: Mapping[str, Decimal]
) -> Fraction:
    """Weighted sum of aspect scores: ``Σ weights[a] · scores[a]``.

    Args:
        scores: Each aspect's score (for example a :attr:`ProfileMatchResult.total`).
        weights: Each aspect's weight; exact decimals summing to exactly 1.

    Returns:
        The final score, as an exact ``Fraction`` (see the module notes on exactness).

    Raises:
        PolicyError: ``weights.sum`` (the weights do not sum to exactly 1),
            ``schema.required`` (a weighted aspect without a score), ``schema.unknown-field``
            (a score for an aspect without a weight), ``schema.type`` (a float or a
            non-number) or ``schema.range`` (a negative weight).
    """
    problems: list[Problem] = []
    exact_weights: dict[str, Fraction] = {}
    for aspect, raw in weights.items():
        value = _exact(raw, f"the weight of aspect {aspect!r}", ("weights", aspect), problems)
        if value is not None and value < 0:
            problems.append(
                Problem(
                    "schema.range",
                    f"the weight of aspect {aspect!r} is negative ({describe_value(raw)})",
                    path=("weights", aspect),
                    value=raw,
                )
            )
        elif value is not None:
            exact_weights[aspect] = value
    exact_scores: dict[str, Fraction] = {}
    for aspect, given in scores.items():
        exact = _exact(given, f"the score of aspect {aspect!r}", ("scores", aspect), problems)
        if exact is not None:
            exact_scores[aspect] = exact
    for aspect in weights:
        if aspect not in scores:
            problems.append(
                Problem(
                    "schema.required",
                    f"aspect {aspect!r} has a weight but no score",
                    path=("scores", aspect),
                    hint=did_you_mean(aspect, [a for a in scores if a not in weights]),
                )
            )
    for aspect in scores:
        if aspect not in weights:
            problems.append(
                Problem(
                    "schema.unknown-field",
                    f"aspect {aspect!r} has a score but no weight",
                    path=("scores", aspect),
                    hint=did_you_mean(aspect, weights) or "give it a weight, or remove it",
                )
            )
    if len(exact_weights) == len(weights):
        total_weight = sum(exact_weights.values(), Fraction(0))
        if total_weight != 1:
            problems.append(
                Problem(
                    "weights.sum",
                    f"the aspect weights sum to {_decimal(total_weight)}, not 1",
                    path=("weights",),
                    hint="make the weights sum to exactly 1, e.g. 0.2 + 0.3 + 0.5",
                )
            )
    if problems:
        raise PolicyError(problems)
    return sum((exact_weights[a] * exact_scores[a] for a in weights), Fraction(0))


def job_person_match(
    levels: Mapping[str, int], targets: Mapping[str, int], *, cap_at_target: bool = True
) -> Fraction:
    """Job Person Match: ``Σ attained ÷ Σ required · 100``, in percent.

    Args:
        levels: The person's level per competency id; one for every target.
        targets: The required level per competency id (the position's SKJ); positive.
        cap_at_target: When true (the default), a level above its target counts as the
            target, so JPM is at most 100.

    Returns:
        The JPM in percent, as an exact ``Fraction`` (see the module notes on exactness).

    Raises:
        PolicyError: ``pm.missing-level`` (a target without a level),
            ``ref.unknown-competency`` (a level for a competency that is not a target),
            ``schema.type`` (a level or target that is not an integer), ``schema.range`` (a
            target below 1 or a negative level) or ``schema.length`` (no targets).
    """
    problems: list[Problem] = []
    _check_levels(levels, targets, problems)
    if not targets:
        problems.append(Problem("schema.length", "no targets: JPM needs at least one"))
    for competency, target in targets.items():
        if _is_int(target) and target < 1:
            problems.append(
                Problem(
                    "schema.range",
                    f"the target of {competency!r} must be at least 1 (got {target})",
                    path=("targets", competency),
                    value=target,
                )
            )
    for competency, level in levels.items():
        if _is_int(level) and level < 0:
            problems.append(
                Problem(
                    "schema.range",
                    f"the level of {competency!r} must not be negative (got {level})",
                    path=("levels", competency),
                    value=level,
                )
            )
    if problems:
        raise PolicyError(problems)
    required = sum(targets.values())
    attained = sum(min(levels[c], t) if cap_at_target else levels[c] for c, t in targets.items())
    return Fraction(attained * 100, required)


def jpm_band(value: Decimal | Fraction | int, bands: Sequence[JpmBand] = DEFAULT_JPM_BANDS) -> str:
    """The label of the band that a JPM value falls in.

    Args:
        value: A JPM in percent (an exact ``Decimal`` or ``int``).
        bands: Bands from highest to lowest ``minimum``; the value falls in the first band
            whose minimum it reaches. Default :data:`DEFAULT_JPM_BANDS`.

    Returns:
        The band's label, e.g. ``"masih memenuhi syarat"``.

    Raises:
        PolicyError: ``schema.type`` (a float or non-number), ``schema.range`` (a value below
            the lowest band, or a non-finite value), ``schema.length`` (no bands) or
            ``schema.invalid`` (bands not in strictly decreasing order of minimum).
    """
    problems: list[Problem] = []
    exact = _exact(value, "the JPM value", (), problems)
    if not bands:
        problems.append(Problem("schema.length", "no JPM bands given"))
    minimums: list[Fraction] = []
    for k, band in enumerate(bands):
        minimum = _exact(band.minimum, f"bands[{k}].minimum", ("bands", k), problems)
        if minimum is not None:
            if minimums and minimum >= minimums[-1]:
                problems.append(
                    Problem(
                        "schema.invalid",
                        f"bands[{k}] ({band.label!r}, from {band.minimum}) must start below "
                        f"the band before it: list bands from highest to lowest",
                        path=("bands", k),
                    )
                )
            minimums.append(minimum)
    if problems or exact is None:
        raise PolicyError(problems)
    for band, minimum in zip(bands, minimums, strict=True):
        if exact >= minimum:
            return band.label
    raise PolicyError(
        [
            Problem(
                "schema.range",
                f"the JPM value {value} is below the lowest band ({bands[-1].label!r}, "
                f"from {bands[-1].minimum})",
                value=value,
            )
        ]
    )


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _row(
    competency: str,
    level: int,
    *,
    target: int,
    table: Mapping[int, Decimal],
    core: set[str],
    problems: list[Problem],
) -> ProfileRow | None:
    gap = level - target
    weight = table.get(gap)
    if weight is None:
        problems.append(
            Problem(
                "pm.gap-out-of-table",
                f"{competency!r}: level {level} against target {target} is a gap of "
                f"{gap:+d}, outside the gap table (which covers {_span(table)})",
                path=("levels", competency),
                value=level,
                hint="check the level and target, or pass a gap_weights table that covers this gap",
            )
        )
        return None
    factor: Factor = "core" if competency in core else "secondary"
    return ProfileRow(competency, level, target, gap, weight, factor)


def _listing(names: Collection[str]) -> str:
    return ", ".join(repr(n) for n in names) if names else "none"


def _span(table: Mapping[int, Decimal]) -> str:
    if not table:
        return "no gaps"
    low, high = min(table), max(table)
    return f"gaps {low:+d} to {high:+d}"


def _unknown(
    name: str, targets: Mapping[str, int], where: str, path: tuple[str | int, ...]
) -> Problem:
    return Problem(
        "ref.unknown-competency",
        f"{where} names competency {name!r}, which has no target",
        path=path,
        value=name,
        hint=did_you_mean(name, targets) or f"the targets are {_listing(targets)}",
    )


def _check_levels(
    levels: Mapping[str, int], targets: Mapping[str, int], problems: list[Problem]
) -> None:
    """Types of levels and targets, a level for every target, no level without a target."""
    for competency, target in targets.items():
        if not _is_int(target):
            problems.append(
                Problem(
                    "schema.type",
                    f"the target of {competency!r} must be an integer level "
                    f"(got {describe_value(target)})",
                    path=("targets", competency),
                    value=target,
                )
            )
        if competency not in levels:
            problems.append(
                Problem(
                    "pm.missing-level",
                    f"no level for competency {competency!r}, which has target {target}",
                    path=("levels", competency),
                    hint="give a level for every competency in the targets",
                )
            )
    for competency, level in levels.items():
        if competency not in targets:
            problems.append(_unknown(competency, targets, "a level", ("levels", competency)))
        elif not _is_int(level):
            problems.append(
                Problem(
                    "schema.type",
                    f"the level of {competency!r} must be an integer (got {describe_value(level)})",
                    path=("levels", competency),
                    value=level,
                )
            )


def _exact(
    raw: object, where: str, path: tuple[str | int, ...], problems: list[Problem]
) -> Fraction | None:
    """An exact ``int``, ``Fraction`` or finite ``Decimal`` as a Fraction; records a problem
    otherwise."""
    problem = inexact_problem(raw, where, path)
    if problem is not None:
        problems.append(problem)
        return None
    return Fraction(raw) if isinstance(raw, int | Decimal | Fraction) else None


def _exact_share(raw: object, where: str, problems: list[Problem]) -> Fraction:
    value = _exact(raw, where, (where,), problems)
    if value is None:
        return Fraction(0)
    if not 0 <= value <= 1:
        problems.append(
            Problem(
                "schema.range",
                f"{where} must be from 0 to 1 (got {raw})",
                path=(where,),
                value=raw,
            )
        )
    return value


def _gap_table(table: Mapping[int, Decimal], problems: list[Problem]) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for gap, weight in table.items():
        if not _is_int(gap):
            problems.append(
                Problem(
                    "schema.type",
                    f"a gap in gap_weights must be an integer (got {describe_value(gap)})",
                    path=("gap_weights",),
                    value=gap,
                )
            )
            continue
        value = _exact(weight, f"the weight of gap {gap:+d}", ("gap_weights", gap), problems)
        if value is not None:
            out[gap] = Decimal(weight)
    return out


def _importance(
    weights: Mapping[str, Decimal] | None, targets: Mapping[str, int], problems: list[Problem]
) -> dict[str, Fraction]:
    """Each target's weight in the NCF/NSF means (1 each without ``weights``)."""
    if weights is None:
        return dict.fromkeys(targets, Fraction(1))
    out: dict[str, Fraction] = {}
    for competency in targets:
        if competency not in weights:
            problems.append(
                Problem(
                    "schema.required",
                    f"no weight for competency {competency!r}: weight every target or none",
                    path=("weights", competency),
                )
            )
            continue
        where = f"the weight of {competency!r}"
        value = _exact(weights[competency], where, ("weights", competency), problems)
        if value is not None and value <= 0:
            problems.append(
                Problem(
                    "schema.range",
                    f"{where} must be positive (got {weights[competency]})",
                    path=("weights", competency),
                    value=weights[competency],
                )
            )
        elif value is not None:
            out[competency] = value
    for name in sorted(set(weights) - set(targets), key=str):
        problems.append(_unknown(name, targets, "weights", ("weights", name)))
    return out


def _mean(rows: Sequence[ProfileRow], importance: Mapping[str, Fraction]) -> Fraction:
    """The mean gap weight of some rows, each counted by its importance."""
    total = sum((importance[r.competency] for r in rows), Fraction(0))
    return sum((importance[r.competency] * Fraction(r.weight) for r in rows), Fraction(0)) / total


def _decimal(value: Fraction) -> Decimal:
    """A rational as a Decimal: exact when it terminates, else 28 significant digits."""
    with localcontext() as context:
        context.prec = _SIGNIFICANT_DIGITS
        context.rounding = ROUND_HALF_EVEN
        return Decimal(value.numerator) / Decimal(value.denominator)
