"""The bilingual catalogue (``audit.catalogue``): every fact the pipeline can give has words in
both languages, and so does every fact of the development layer (its registry,
``model/development_facts.py``); each text's fields are its fact's parameters, no entry is
unused, and a score is explained from its record in Indonesian and English."""

from __future__ import annotations

import ast
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import asn_competency as asn
from asn_competency.audit.catalogue import (
    EVALUATION_PROBLEMS,
    FACTS,
    INPUT_PROBLEMS,
    LANGUAGES,
    PHRASES,
    PROBLEMS,
    STEPS,
    UNSAID,
    Voice,
    fields_of,
    say,
)
from asn_competency.audit.explain import explain_score
from asn_competency.audit.ledger import fact_record, score_record
from asn_competency.errors import CODES
from asn_competency.model import SelectionPolicy
from asn_competency.model.development_facts import BINDING, DEVELOPMENT_FACTS, GAP_OPEN_REASONS
from asn_competency.model.development_policy import PERFORMANCE_AXIS, POTENTIAL_AXIS, SKP_RATINGS
from asn_competency.model.outcomes import Fact
from asn_competency.pipeline.reasons import REASONS
from asn_competency.scoring import ScoreResult, compile_scores
from tests.conftest import FIXTURES, ROOT
from tests.scoring.test_scorebook import AS_OF, BOOK, CANDIDATE, POLICY

SOURCE = Path(asn.__file__).resolve().parent

#: Every fact code the pipeline and the development layer can give, with its parameters.
PARAMETERS: dict[str, tuple[str, ...]] = {
    **{code: params for code, (params, _) in REASONS.items()},
    **STEPS,
    **{code: params for code, (params, _) in DEVELOPMENT_FACTS.items()},
}


def test_languages_are_indonesian_first() -> None:
    """Indonesian is the default language everywhere."""
    assert LANGUAGES == ("id", "en")
    assert Voice().lang == "id"
    with pytest.raises(ValueError, match="unknown language"):
        Voice("fr")


def test_every_fact_and_problem_has_words_in_both_languages() -> None:
    """Every reason code, step code, evaluation problem and input problem has a non-empty
    text in Indonesian and in English, and the catalogue has no fact the pipeline and the
    development layer lack."""
    assert not set(REASONS) & set(DEVELOPMENT_FACTS)
    assert not set(STEPS) & set(DEVELOPMENT_FACTS)
    assert set(FACTS) == set(PARAMETERS)
    assert set(PROBLEMS) == set(EVALUATION_PROBLEMS) | set(INPUT_PROBLEMS)
    assert set(PROBLEMS) <= set(CODES)
    for table in (FACTS, PROBLEMS, PHRASES):
        for key, (indonesian, english) in table.items():
            assert indonesian.strip(), key
            assert english.strip(), key


@pytest.mark.parametrize("code", sorted(PARAMETERS))
def test_a_fact_s_fields_are_its_parameters(code: str) -> None:
    """Each text's fields are exactly the fact's parameters, but for the few a text leaves to
    its context (UNSAID), so the catalogue can say every fact the pipeline can give."""
    for text in FACTS[code]:
        unsaid = set(UNSAID.get(code, ()))
        assert fields_of(text) | unsaid == set(PARAMETERS[code]), text
        assert not fields_of(text) & unsaid, text


def test_problem_texts_have_no_fields_and_phrases_agree_across_languages() -> None:
    """Problems are said inside a fact's text (no fields); a phrase has the same fields in
    both languages."""
    for key, pair in PROBLEMS.items():
        assert not any(fields_of(text) for text in pair), key
    for key, (indonesian, english) in PHRASES.items():
        assert fields_of(indonesian) == fields_of(english), key


def _steps_in_scoring() -> dict[str, set[str]]:
    """Every ``Fact("code", {...})`` the scoring layer builds, with its parameter names."""
    found: dict[str, set[str]] = {}
    for path in (SOURCE / "scoring").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Fact"
                and len(node.args) == 2
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[1], ast.Dict)
            ):
                keys = {k.value for k in node.args[1].keys if isinstance(k, ast.Constant)}
                found[str(node.args[0].value)] = {str(k) for k in keys}
    return found


def test_steps_are_those_the_scoring_layer_records() -> None:
    """STEPS lists exactly the steps the scoring blocks record, with their parameters."""
    built = _steps_in_scoring()
    assert built == {code: set(params) for code, params in STEPS.items()}


def _facts_in_development() -> dict[str, set[str]]:
    """Every ``fact("code", name=...)`` the development layer builds, with its keyword names
    (``**common`` spelled out as the cohort's common parameters)."""
    found: dict[str, set[str]] = {}
    common = {"competency", "below", "assessed", "share", "threshold"}
    for path in (SOURCE / "development").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "fact"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names = {k.arg for k in node.keywords if k.arg is not None}
                if any(k.arg is None for k in node.keywords):
                    names |= common
                found[str(node.args[0].value)] = names
    return found


def test_development_facts_are_those_the_development_layer_gives() -> None:
    """The registry lists exactly the codes the development layer builds, each with the
    parameters it is built with, so the catalogue (which covers the registry) can say every
    one."""
    built = _facts_in_development()
    assert built == {code: set(params) for code, (params, _) in DEVELOPMENT_FACTS.items()}


def test_development_parameter_values_have_words() -> None:
    """Every gap-open reason, binding constraint, nine-box axis value and SKP rating the
    development layer records has a phrase in both languages."""
    keys = [
        *(f"gap_open.{r}" for r in GAP_OPEN_REASONS),
        *(f"binding.{b}" for b in BINDING),
        *(f"performance.{a}" for a in PERFORMANCE_AXIS),
        *(f"potential.{a}" for a in POTENTIAL_AXIS),
        *(f"skp.{r}" for r in SKP_RATINGS),
    ]
    assert [key for key in keys if key not in PHRASES] == []


def test_development_facts_in_words() -> None:
    """Development facts as a plan and a nine-box record hold them, said in both languages:
    3 of 5 below the standard is 60 %, more than the 30 % threshold (docs/development.md,
    "Cohort needs"); a JPM of 850/9 is 94.444444…% (docs/domain.md, "JPM and bands")."""
    cohort = {
        "code": "cohort.programme-needed",
        "competency": "M.03",
        "below": 3,
        "assessed": 5,
        "share": "0.6",
        "threshold": "0.3",
        "programmes": ["komunikasi-publik-coaching", "pelayanan-prima"],
    }
    assert say(cohort, "en") == (
        "M.03: 3 of 5 employees below the standard (60%, more than 30%): design a cohort "
        "programme: komunikasi-publik-coaching, pelayanan-prima"
    )
    assert say(cohort, "id").startswith("M.03: 3 dari 5 pegawai di bawah standar (60%, lebih")
    open_gap = {
        "code": "plan.gap-open",
        "competency": "T.GAY.02",
        "level": 1,
        "target": 2,
        "reason": "hours",
        "programme": "manajemen-kegiatan",
    }
    assert say(open_gap, "en") == (
        "the gap in T.GAY.02 (level 1, standard 2) stays open: the hours left in the budget are "
        "not enough (best programme: manajemen-kegiatan)"
    )
    assert say({**open_gap, "reason": "no-programme", "programme": None}, "id") == (
        "kesenjangan T.GAY.02 (level 1, standar 2) tetap terbuka: tidak ada program di katalog "
        "yang mengembangkannya dari level ini"
    )
    placed = {
        "code": "talent.placed",
        "box": 9,
        "performance": "above",
        "potential": "high",
        "rating": "sangat_baik",
        "period": 2025,
        "jpm": "850/9",
        "medium_from": "70",
        "high_from": "85",
        "reference": "permenpanrb-3-2020",
    }
    assert say(placed, "en") == (
        "box 9: performance above expectations (SKP 2025: very good) × potential high "
        "(JPM 94.444444…%; medium from 70%, high from 85%) (permenpanrb-3-2020)"
    )
    assert say(placed, "id").startswith(
        "kotak 9: kinerja di atas ekspektasi (SKP 2025: Sangat Baik) × potensi tinggi"
    )


def _sample(name: str) -> Any:
    """A plain record value for a parameter of that name."""
    samples: dict[str, Any] = {
        "fields": ["tkp", "birth_date"],
        "exceptions": ["a", "b", "c"],
        "rule": ["skd", "_minimums"],
        "clause": 1,
        "scores": {"R1": "5", "R2": "2"},
        "rows": [1, 3],
        "from": ["0", "550"],
        "to": ["0", "100"],
        "gap": -1,
        "group": None,
        "nsf": None,
        "band": None,
        "problem": "input.type",
        "op": ">=",
        "value": "800/11",
        "competencies": ["M.03", "T.GAY.02"],
        "also": ["M.05"],
        "programmes": ["pelayanan-prima"],
        "share": "3/10",
        "threshold": "0.3",
        "reason": "money",
        "binding": "catalogue",
        "performance": "meets",
        "potential": "low",
        "rating": "butuh_perbaikan",
        "hours_budget": None,
    }
    return samples.get(name, "70")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", sorted(PARAMETERS))
def test_every_fact_can_be_said(code: str, lang: str) -> None:
    """Every fact is said from its record form and as a Fact, with and without a policy, with
    no field left unfilled."""
    params = {name: _sample(name) for name in PARAMETERS[code]}
    policy = asn.load_policy(asn.shipped("cpns-2024.yaml"))
    assert isinstance(policy, SelectionPolicy)
    for given in (None, policy):
        text = say(Fact(code, params), lang, policy=given)
        assert text
        assert "{" not in text
        assert say({"code": code, **params}, lang, policy=given) == text


def _literals() -> tuple[set[str], set[str]]:
    """The string constants of the package, and the constant beginnings of the f-strings of
    the audit layer (families of keys built at run time, e.g. ``f"outcome.{outcome}"``)."""
    constants: set[str] = set()
    prefixes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        audit = "audit" in path.relative_to(SOURCE).parts
        if path.relative_to(SOURCE).parts[-2:] == ("catalogue", "texts.py"):
            continue  # the catalogue's tables: a key does not use itself
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif audit and isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    prefixes.add(first.value)
    return constants, prefixes


def test_no_catalogue_entry_is_unused() -> None:
    """Every phrase is named in the code (as a literal, or as a family the code builds at
    run time whose every part is a value the package knows); every fact and problem is one the
    pipeline can give (checked above)."""
    constants, prefixes = _literals()

    def named(key: str) -> bool:
        if key in constants:
            return True
        for prefix in (p for p in prefixes if p.endswith(".") and key.startswith(p)):
            rest = key[len(prefix) :]
            if named(rest) or all(part in constants for part in rest.split(".")):
                return True
        return False

    assert [key for key in PHRASES if not named(key)] == []


# ------------------------------------------------------------------------ scores explained

# the scores policy, book and candidate are those of tests/scoring/test_scorebook.py


def score_text(result: ScoreResult, lang: str, policy: Any = POLICY) -> str:
    """A score explained from its record, as a decision record holds it."""
    record, parameters = score_record(result)  # as the ledger writes it
    return explain_score(record, policy=policy, lang=lang, parameters=parameters)


def test_a_score_is_explained_in_both_languages() -> None:
    """The record of a weighted sum names each criterion's raw value, scaled value, weight and
    contribution, the rounding, and the gate with its parameter, legal basis and the date it
    took effect: SKD 400 → 72.7272… × 0.4 = 29.0909…; 61.4909… rounds to 61.491."""
    card = BOOK.evaluate(CANDIDATE, as_of=AS_OF)
    english = score_text(card["final"], "en")
    assert "skd: value 400 → scaled 72.727273… × weight 0.4 = contribution 29.090909…" in english
    assert "rounded 61.490909… → 61.491 (3 places, half_up)" in english
    assert (
        "minimum final_min = 60 (PermenPANRB 6/2024, in force since 2024-01-01): 61.491 → passed"
    ) in english
    indonesian = score_text(card["final"], "id")
    assert "skd: nilai 400 → skala 72.727273… × bobot 0.4 = kontribusi 29.090909…" in indonesian
    assert "dibulatkan 61.490909… → 61.491 (3 desimal, half_up)" in indonesian
    assert (
        "nilai ambang batas final_min = 60 (PermenPANRB 6/2024, berlaku sejak 2024-01-01): "
        "61.491 → memenuhi"
    ) in indonesian
    without = score_text(card["final"], "id", policy=None)
    assert "final_min = 60 (permenpanrb-6-2024, berlaku sejak 2024-01-01)" in without


def test_a_score_s_steps_are_said() -> None:
    """A scale's mapping and a category's points are said from the score's steps."""
    card = BOOK.evaluate(CANDIDATE, as_of=AS_OF)
    assert "400 on [0, 550] → 72.727273… on [0, 100]" in score_text(card["skd"], "en")
    assert "400 pada [0, 550] → 72.727273… pada [0, 100]" in score_text(card["skd"], "id")


def test_a_category_s_points_are_said() -> None:
    """A category's points: the code given and the points it earns, said from the fact and
    from its record alike."""
    step = Fact("category.points", {"category": "S1", "points": Fraction(3)})
    assert say(step) == "S1 → 3 poin"
    assert say(step, "en") == "S1 → 3 points"
    assert say(fact_record(step), "en") == "S1 → 3 points"


def test_an_unknown_score_says_unknown_in_its_language() -> None:
    """A missing value reads 'tidak diketahui' in Indonesian, naming the missing field."""
    scores = BOOK.evaluate({k: v for k, v in CANDIDATE.items() if k != "skb_cat"}, as_of=AS_OF)
    indonesian = score_text(scores["final"], "id")
    assert "final (weighted-sum) = tidak diketahui" in indonesian
    assert "data tidak tersedia: skb_cat" in indonesian
    assert "final (weighted-sum) = unknown" in score_text(scores["final"], "en")


PROFILE = asn.load_policy(FIXTURES / "valid" / "profile-policy.yaml", root=ROOT)
PROFILE_BOOK = compile_scores(PROFILE)


def profile_text(score: str, lang: str = "en", **levels: int) -> str:
    """A profile policy's score, for a candidate at level 2 unless given, explained."""
    candidate: dict[str, Any] = dict.fromkeys(PROFILE.candidate_fields, 2)
    card = PROFILE_BOOK.evaluate({**candidate, **levels}, as_of=AS_OF)
    return score_text(card[score], lang, policy=PROFILE)


def test_profile_match_rows_and_jpm_bands_are_said() -> None:
    """Profile matching says each competency's level, target, gap and weight (core or
    secondary factor); the JPM its percentage and band (docs/domain.md, sections "Profile
    Matching" and "JPM and bands")."""
    english = profile_text("profil", m_03=3, t_gay_02=1)
    assert "T.GAY.02: level 1, target 2, gap -1 → 4 (core)" in english
    indonesian = profile_text("profil", "id", m_03=3, t_gay_02=1)
    assert "T.GAY.02: level 1, target 2, selisih -1 → 4 (inti)" in indonesian
    assert "→ band memenuhi syarat" in profile_text("jpm", m_03=3, t_gay_02=1)
    ones: dict[str, int] = dict.fromkeys(PROFILE.candidate_fields, 1)
    low = profile_text("jpm", "en", **ones)
    assert "→ band masih memenuhi syarat" in low
    assert Fraction(1300, 18)  # 72.2…%: 'masih memenuhi syarat' (68 to < 80)
