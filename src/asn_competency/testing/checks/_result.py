"""What a fairness check returns when a property does not hold (:class:`Counterexample`) or
when it was told not to check something (:class:`NotChecked`), and how a check searches for a
counterexample on a policy alone (:func:`search`: Hypothesis, a fixed budget, derandomised, so
the same policy gives the same answer on every run)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import NoSuchExample, Unsatisfiable
from hypothesis.strategies import SearchStrategy

from asn_competency.errors import check_language
from asn_competency.testing.checks._words import LANGUAGES, WORDS
from asn_competency.testing.population import Population

__all__ = ["DEFAULT_BUDGET", "Counterexample", "Language", "NotChecked", "say", "search"]

Language = Literal["id", "en"]

#: How many populations a check draws by default when given a policy alone.
DEFAULT_BUDGET = 25

T = TypeVar("T")


def say(code: str, params: Mapping[str, Any], lang: Language = "en") -> str:
    """The words of a code in one language, its parameters filled in (a bilingual parameter
    in that language)."""
    template = WORDS[code][LANGUAGES.index(check_language(lang))]
    values = {
        name: value[lang] if isinstance(value, Mapping) and lang in value else value
        for name, value in params.items()
    }
    return template.format(**values)


@dataclass(frozen=True)
class Counterexample:
    """A property that does not hold, said in words (:meth:`text`, :func:`str`: Indonesian
    then English) and as data: the check, a code, the parameters of the words, the ids of
    the candidates concerned, the change that broke it (``change``: column, old and new
    value, row, ...), and the population it happened on (shrunk by Hypothesis when the check
    drew it)."""

    check: str
    code: str
    params: Mapping[str, Any]
    candidates: tuple[str, ...] = ()
    change: Mapping[str, Any] = field(default_factory=dict)
    population: Population | None = field(default=None, repr=False)

    def text(self, lang: Language = "en") -> str:
        """What breaks the property, in one language."""
        return say(self.code, self.params, lang)

    def __str__(self) -> str:
        return f"{self.text('id')}\n{self.text('en')}"


@dataclass(frozen=True)
class NotChecked:
    """A part of a property a check did not hold the policy to, because the policy declares it
    on purpose (a score declared non-monotone, with its reason), said in words and as data."""

    check: str
    code: str
    params: Mapping[str, Any]

    def text(self, lang: Language = "en") -> str:
        """What was not checked and why, in one language."""
        return say(self.code, self.params, lang)

    def __str__(self) -> str:
        return f"{self.text('id')}\n{self.text('en')}"


def search(
    strategy: SearchStrategy[T],
    violation: Callable[[T], Counterexample | None],
    budget: int,
) -> Counterexample | None:
    """Draw up to ``budget`` examples from ``strategy`` looking for one where ``violation``
    gives a counterexample; shrink it (Hypothesis) and return the shrunk example's
    counterexample, else ``None``. Derandomised and without the example database: the same
    policy and budget give the same answer on every run and machine."""
    if budget < 1:
        raise ValueError("budget must be at least 1")
    config = settings(
        max_examples=budget,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.generate, Phase.shrink),
        report_multiple_bugs=False,
    )
    try:
        example = find(strategy, lambda drawn: violation(drawn) is not None, settings=config)
    except (NoSuchExample, Unsatisfiable):
        return None
    return violation(example)
