"""Matching posts to a course's distinctive vocabulary (etl/reuse.py, etl/text.py).

The forum below has 24 filler posts that all say "données", "code" and "review", plus the
hand-written posts under test (10), so N = 34 live posts. A word in every filler post has
rarity <= 1 - ln(25)/ln(35) = 0.09 < 0.2: generic, never in a vocabulary. A course term used by
one post has rarity 1 - ln(2)/ln(35) = 0.805, by two posts 1 - ln(3)/ln(35) = 0.691.

Salience = min(1, times said / 3), a key term counting 3 more times. Scores (weight = words ×
rarity × salience, score = sum / 3, threshold 0.4 = weight 1.2):
- "tableau croisé dynamique" (key term), used by 2 posts: 3 × 0.691 = 2.07 → 0.691.
- "mise en forme conditionnelle" (said twice: salience 2/3), 1 post: 3 × 0.805 × 2/3 = 1.61 → 0.537.
- "unit tests" (said three times), 1 post: 2 × 0.805 = 1.61 → 0.537.
- "RECHERCHEV" alone (key term), 2 posts: 0.691 → 0.230, no match; with "segments" (key term,
  1 post, 0.805; the post writes "segment"): 1.50 → 0.499, a match.
- "pytest" alone (key term), 2 posts: 0.691 → 0.230, no match.
- "I mocked ... parametrized my tests with pytest": mocking (key term, 1 post) 0.805, and two
  phrases said once, 1 post each: "parametrized tests", "tests with pytest", 2 × 0.805 / 3 = 0.537
  each ("pytest" and "tests" count inside them, not again) → 1.88 → 0.626. "service" (said once,
  2 posts: 0.691 / 3 = 0.23) weighs under 0.5: never in the vocabulary.
"""

from __future__ import annotations

import duckdb
import pytest
from conftest import batch, build_db

from etl.config import Config
from etl.reuse import excerpt, match_posts
from etl.text import SKIP, Analyzer, language_name, words

EXCEL = (
    "xl", "Excel avancé", "fr",
    "Les tableaux croisés dynamiques résument les données d'un classeur. Un tableau croisé dynamique "
    "se met à jour en un clic. La mise en forme conditionnelle colore les cellules ; la mise en forme "
    "conditionnelle signale les écarts. La fonction RECHERCHEV retrouve une valeur dans les données.",
    "tableau croisé dynamique; RECHERCHEV; segments",
)
PYTHON = (
    "py", "Testing Python code", "en",
    "Write unit tests with pytest. Pytest fixtures prepare what a test needs; fixtures keep tests short. "
    "Mocking replaces a slow service with a fake one. Parametrized tests run one test over many inputs. "
    "Run the code review after the unit tests pass. Unit tests catch regressions early.",
    "pytest; fixture; mocking",
)
POSTS = {
    "fr-no-accents": "Pour ton souci, fais un tableau croise dynamique sur l'onglet ventes",
    "fr-plural-caps": "J'ai refait les Tableaux Croisés Dynamiques du service",
    "fr-phrase": "Essaie la mise en forme conditionnelle sur ta feuille",
    "fr-one-word": "RECHERCHEV ne marche pas chez moi",
    "fr-two-words": "Mes segment et ma recherchev plantent",
    "fr-generic": "Les données sont à jour, merci pour les données",
    "en-inflections": "I mocked the payment service and parametrized my tests with pytest",
    "en-phrase": "We should add unit tests before Friday",
    "en-generic": "Please review the code",
    "en-one-word": "pytest is installed",
}
FILLER = [(f"filler-{i}", f"Point d'équipe {i} : données du trimestre, code review à planifier") for i in range(24)]


def matches(threshold: float = 0.4) -> dict[tuple[str, str], object]:
    found = match_posts([EXCEL, PYTHON], list(POSTS.items()) + FILLER, threshold)
    return {(m.post_id, m.course_id): m for m in found}


def test_french_phrase_without_accents_and_in_the_plural_matches():
    found = matches()
    for post in ("fr-no-accents", "fr-plural-caps"):
        match = found[(post, "xl")]
        assert match.matched_terms == ["tableau croisé dynamique"]
        assert match.score == pytest.approx(0.691, abs=0.001)
    assert found[("fr-no-accents", "xl")].post_terms == ["tableau croise dynamique"]
    assert found[("fr-plural-caps", "xl")].post_terms == ["Tableaux Croisés Dynamiques"]


def test_a_phrase_of_the_material_fires_across_stop_words():
    match = matches()[("fr-phrase", "xl")]
    assert match.matched_terms == ["mise en forme conditionnelle"]
    assert match.score == pytest.approx(0.537, abs=0.001)


def test_one_distinctive_word_alone_does_not_match_but_two_do():
    found = matches()
    assert ("fr-one-word", "xl") not in found
    assert ("en-one-word", "py") not in found
    two = found[("fr-two-words", "xl")]
    assert sorted(two.matched_terms) == ["RECHERCHEV", "segments"]
    assert two.score == pytest.approx((0.691 + 0.805) / 3, abs=0.001)


def test_generic_words_never_fire():
    found = matches()
    assert not any(post in ("fr-generic", "en-generic") for post, _ in found)
    assert all(not post.startswith("filler") for post, _ in found)
    assert all("données" not in m.matched_terms and "code" not in m.matched_terms for m in found.values())


def test_english_inflections_and_phrase():
    found = matches()
    inflected = found[("en-inflections", "py")]
    assert inflected.matched_terms == ["mocking", "parametrized tests", "tests with pytest"]
    assert inflected.post_terms == ["mocked", "parametrized my tests", "tests with pytest"]
    assert inflected.score == pytest.approx((0.805 + 2 * 2 * 0.805 / 3) / 3, abs=0.001)
    phrase = found[("en-phrase", "py")]
    assert phrase.matched_terms == ["unit tests"]
    assert phrase.score == pytest.approx(2 * 0.805 / 3, abs=0.001)
    assert ("en-phrase", "py") not in matches(threshold=0.55)


def test_posts_match_only_their_course_and_the_threshold_is_respected():
    found = matches()
    assert {course for (post, course) in found if post.startswith("fr")} == {"xl"}
    assert {course for (post, course) in found if post.startswith("en")} == {"py"}
    strict = matches(threshold=0.6)
    assert set(strict) == {("fr-no-accents", "xl"), ("fr-plural-caps", "xl"), ("en-inflections", "py")}


def test_accents_are_folded_after_french_stemming():
    french = Analyzer("french")
    french.learn_spellings(["données", "activités", "requêtes"])
    assert {french.key(w) for w in ("données", "donnees", "donnée", "Données".lower())} == {"don"}
    assert {french.key(w) for w in ("activités", "activite", "activites")} == {"activ"}
    assert french.key("requetes") == french.key("requête") == "requet"
    assert french.key("les") == french.key("été") == french.key("ete") == SKIP


def test_course_language_from_its_field_or_guessed():
    assert language_name("fr-FR") == "french"
    assert language_name("English") == "english"
    assert language_name(None, "Les participants apprennent à utiliser les tableaux avec une méthode") == "french"
    assert language_name("", "The participants learn how to use the tables with a method") == "english"


def test_excerpt_cuts_around_the_match_at_word_boundaries():
    text = " ".join(f"mot{i}" for i in range(200)) + " tableau croisé " + " ".join("fin" for _ in range(100))
    start = text.index("tableau")
    cut = excerpt(text, start, start + len("tableau croisé"), width=80)
    assert cut.startswith("…mot") and cut.endswith("fin…")
    assert "tableau croisé" in cut and len(cut) <= 82


def test_the_loader_fills_reuse_matches_with_the_configured_threshold(tmp_path):
    training = batch("training", courses=[dict(zip(
        ["course_id", "title", "language", "material_text", "key_terms"], course, strict=True))
        for course in (EXCEL, PYTHON)])
    forum = batch("canonical", posts=[
        {"post_id": pid, "author_id": "u1", "created_at": "2024-03-01T10:00:00Z", "body_text": body}
        for pid, body in [*POSTS.items(), *FILLER]
    ])
    db = build_db(tmp_path / "reuse.duckdb", training, forum)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select post_id, course_id, matched_terms, post_terms, excerpt from reuse_matches order by all"
        ).fetchall()
    assert [(r[0], r[1]) for r in rows] == sorted(matches())
    by_post = {r[0]: r for r in rows}
    assert by_post["fr-no-accents"][2:] == (
        ["tableau croisé dynamique"], ["tableau croise dynamique"], POSTS["fr-no-accents"],
    )
    strict = build_db(tmp_path / "strict.duckdb", training, forum, config=Config(reuse_threshold=0.6))
    with duckdb.connect(str(strict), read_only=True) as con:
        kept = con.execute("select post_id from reuse_matches order by post_id").fetchall()
    assert kept == [("en-inflections",), ("fr-no-accents",), ("fr-plural-caps",)]


def test_a_dot_inside_a_name_does_not_end_a_phrase():
    assert words("Agréger avec SOMME.SI.ENS, puis fin.") == [
        "agréger", "avec", "somme", "si", "ens", ",", "puis", "fin", ".",
    ]
