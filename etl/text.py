"""Accent-aware normalisation for matching forum posts against course material.

A word is lower-cased, dropped if it is a stop word of the language, stemmed by Snowball in that
language *with its accents* (the French stemmer relies on them: "activité" → "activ"), and only
then folded to plain letters, so that "Données" and "données" meet. Posts are often typed without
accents ("donnees" stems to "donne", not "don"): each course word teaches the analyser that the
stem of its unaccented spelling means the same key (`learn_spellings`).

Punctuation ends a phrase; stop words do not ("mise en production" is the phrase "mis product").
"""

from __future__ import annotations

import re
import unicodedata

import snowballstemmer
import stop_words
import stopwords as snowball_stopwords

# Words (letters and digits) and the punctuation that ends a phrase; a dot or comma inside a name
# ("SOMME.SI.ENS", "v1,2") does not.
TOKEN_RE = re.compile(r"[^\W_]+|[.;:,](?!\w)|[!?()\[\]{}«»\"\n]")
BREAKS = frozenset(".!?;:,()[]{}«»\"\n")
LANGUAGE_CODES = {
    "fr": "french", "en": "english", "de": "german", "es": "spanish", "it": "italian",
    "pt": "portuguese", "nl": "dutch",
}
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"})
# Keys of what is not a content word (a real key never holds a NUL).
BREAK = "\x00"  # punctuation: ends a phrase
SKIP = "\x00skip"  # a stop word: skipped inside a phrase


def fold(text: str) -> str:
    """Strip accents and ligatures: "Élève cœur" → "Eleve coeur"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stop_list(language: str) -> list[str]:
    """Stop words of a Snowball language: the classic Snowball English list (the `stop-words`
    package's English list also drops content words such as "test" or "value"), else `stop-words`."""
    if language == "english":
        return snowball_stopwords.get_stopwords("english")
    try:
        return stop_words.get_stop_words(language)
    except stop_words.StopWordError:
        return []


def language_name(code: str | None, text: str = "") -> str:
    """The Snowball language for a course's language field ("fr", "fr-FR", "French"), else a guess."""
    if code and code.strip():
        name = code.strip().lower().replace("_", "-")
        name = LANGUAGE_CODES.get(name.split("-")[0], name)
        if name in snowballstemmer.algorithms():
            return name
    return guess_language(text)


def guess_language(text: str) -> str:
    """French or English, whichever has more stop words among the first 400 words."""
    words = TOKEN_RE.findall(text[:4000].lower())
    french = set(stop_list("french")) - set(stop_list("english"))
    english = set(stop_list("english")) - set(stop_list("french"))
    score = sum((w in french) - (w in english) for w in words)
    return "french" if score > 0 else "english"


def words(text: str) -> list[str]:
    """Lower-cased words and phrase-ending punctuation, in order."""
    return TOKEN_RE.findall(text.lower())


class Analyzer:
    """Turns words into matching keys for one language; keys are cached per word."""

    def __init__(self, language: str):
        self.language = language
        self._stemmer = snowballstemmer.stemmer(language)
        stops = [w.lower() for w in stop_list(language)]
        self._stop = frozenset(stops) | frozenset(fold(w) for w in stops)
        self._keys: dict[str, str] = {}
        self._alias: dict[str, str] = {}

    def learn_spellings(self, vocabulary: list[str]) -> None:
        """Map the stem of each word's unaccented spelling to the key of the word itself."""
        for word in vocabulary:
            plain = fold(word)
            if plain == word or word in self._stop:
                continue
            key, plain_key = self._stem(word), self._stem(plain)
            if plain_key != key:
                self._alias.setdefault(plain_key, key)
        self._keys.clear()

    def key(self, word: str) -> str:
        """The matching key of a lower-cased word: SKIP for a stop word or a bare number (a phrase
        goes on across it), BREAK for punctuation (a phrase ends there)."""
        key = self._keys.get(word)
        if key is None:
            if word in BREAKS:
                key = BREAK
            elif word in self._stop or word.isdigit() or len(word) < 2:
                key = SKIP
            else:
                key = self._stem(word)
                key = self._alias.get(key, key)
            self._keys[word] = key
        return key

    def keys(self, tokens: list[str]) -> list[str]:
        """The key of every token. The hot loop of a load: the cache is read at C speed, and only
        words never seen before go through the stemmer."""
        keys = list(map(self._keys.get, tokens))
        if None in keys:
            key = self.key
            keys = [key(t) if k is None else k for t, k in zip(tokens, keys, strict=True)]
        return keys

    def spans(self, text: str) -> list[list[tuple[str, int, int]]]:
        """Content words as (key, start, end), cut into runs at punctuation: for text whose words
        must be found again (course material, matched posts)."""
        runs, run = [], []
        for match in TOKEN_RE.finditer(text):
            k = self.key(match.group().lower())
            if k is BREAK:
                if run:
                    runs.append(run)
                    run = []
            elif k is not SKIP:
                run.append((k, match.start(), match.end()))
        if run:
            runs.append(run)
        return runs

    def _stem(self, word: str) -> str:
        return fold(self._stemmer.stemWord(word))


def ngrams(run: list[str], longest: int = 3):
    """Every 1..longest-word sequence of a run, as tuples of keys."""
    for size in range(1, longest + 1):
        for i in range(len(run) - size + 1):
            yield tuple(run[i:i + size])
