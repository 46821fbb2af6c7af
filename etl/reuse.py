"""Post-training knowledge reuse: which posts reuse which course's distinctive vocabulary.

Rebuilt whole after every load into `reuse_matches` (one row per matching post and course).

The method (stated for trainers in queries/course_reuse.sql's header):
- Course and posts are normalised alike in the course's language (etl/text.py): case folded,
  stop words dropped, Snowball stems, accents folded after stemming.
- A course's candidate terms are its stems (3+ letters) and its 2- and 3-word phrases, from the
  title and material; each key term counts KEY_TERM_BOOST extra occurrences.
- salience = min(1, occurrences / SALIENT_COUNT): a key term, or a term said three times in the
  material, is fully salient; a term said once weighs a third.
- rarity = 1 - ln(1 + df) / ln(1 + N), df = live posts of the whole forum that contain the term,
  N = live posts: 1 for a term no post uses, 0 for one that every post uses.
- weight = words in the term × rarity × salience. The course's vocabulary is its VOCABULARY_SIZE
  heaviest terms among those some post uses (others cannot fire), leaving out generic terms
  (rarity under MIN_RARITY) and weak ones (weight under MIN_WEIGHT: so a common word said once
  in the material never counts, however many of them a long post holds).
- A post's score for a course = min(1, sum of the weights of the distinct vocabulary terms it
  contains / FULL_EVIDENCE); a phrase counts once, its words not again. The post matches when the
  score reaches the threshold (crowdlens.toml `reuse_threshold`, default 0.4, i.e. a weight of
  1.2: one word alone (weight <= 1) never makes a match; two rare salient words or a rare salient
  phrase do).

Fast enough for once per load: each post is tokenised once, its words stemmed through a cache,
only phrases starting with a known course word are looked up, and only courses sharing a term
with the post are scored.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyarrow as pa

from etl.merge import registered
from etl.text import BREAKS, SKIP, Analyzer, language_name, words

KEY_TERM_BOOST = 3
SALIENT_COUNT = 3
MIN_RARITY = 0.2
MIN_WEIGHT = 0.5
VOCABULARY_SIZE = 80
FULL_EVIDENCE = 3.0
LONGEST_PHRASE = 3
EXCERPT_CHARS = 280
KEY_TERM_SPLIT = re.compile(r"[;,\n|]")


@dataclass
class Term:
    key: tuple[str, ...]
    surface: str
    occurrences: float
    keyness: float = 0.0  # rarity × salience: how distinctive of the course
    weight: float = 0.0  # keyness × words: what it adds to a post's score


@dataclass
class Course:
    course_id: str
    language: str
    terms: dict[tuple[str, ...], Term]
    vocabulary: list[Term] = field(default_factory=list)


@dataclass
class Match:
    post_id: str
    course_id: str
    score: float
    matched_terms: list[str]
    post_terms: list[str]
    excerpt: str


def rebuild(con, config) -> None:
    """Recompute reuse_matches from the courses and every live post."""
    courses = con.execute(
        "select course_id, title, language, material_text, key_terms from courses order by course_id"
    ).fetchall()
    matches = []
    if courses:
        cursor = con.execute(
            "select post_id, body_text from posts "
            "where deleted_at is null and coalesce(body_text, '') <> '' order by post_id"
        )
        matches = match_posts(courses, _stream(cursor), config.reuse_threshold, lambda ids: _bodies(con, ids))
    with registered(con, {"new_reuse_matches": _arrow(matches)}):
        con.execute("delete from reuse_matches")
        con.execute("insert into reuse_matches by name select * from new_reuse_matches")
    con.execute("delete from crowdlens_meta where key = 'reuse_threshold'")
    con.execute("insert into crowdlens_meta values ('reuse_threshold', $t)", {"t": str(config.reuse_threshold)})


def _stream(cursor, size: int = 20_000):
    """Rows a few thousand at a time: a million post bodies need not sit in memory at once."""
    while rows := cursor.fetchmany(size):
        yield from rows


def _bodies(con, post_ids: list[str]) -> dict[str, str]:
    with registered(con, {"matched_ids": pa.table({"post_id": pa.array(post_ids, pa.string())})}):
        return dict(con.execute(
            "select post_id, body_text from posts where post_id in (select post_id from matched_ids)"
        ).fetchall())


def match_posts(courses: list[tuple], posts: Iterable[tuple[str, str]], threshold: float,
                bodies_of: Callable[[list[str]], dict[str, str]] | None = None) -> list[Match]:
    """Courses as (course_id, title, language, material_text, key_terms); posts as (post_id, body),
    read once. The matched posts' bodies are read again through bodies_of (kept from the first
    read when it is not given)."""
    parsed, analyzers = analyse_courses(courses)
    if not parsed:
        return []
    kept = {} if bodies_of is None else None
    post_ids, found, df = scan_posts(posts, analyzers, parsed, kept)
    for course in parsed:
        choose_vocabulary(course, df[course.language], len(post_ids))
    scored = score_posts(found, parsed, threshold)
    matched = sorted({post_ids[i] for i, _, _, _ in scored})
    bodies = kept if kept is not None else bodies_of(matched)
    return [
        _evidence(post_ids[i], bodies[post_ids[i]], parsed[c], analyzers[parsed[c].language], s, terms)
        for i, c, s, terms in scored
    ]


def analyse_courses(rows: list[tuple]) -> tuple[list[Course], dict[str, Analyzer]]:
    texts = []
    for course_id, title, language, material, key_terms in rows:
        text = "\n".join(part for part in (title, material) if part)
        lang = language_name(language, f"{text}\n{key_terms or ''}")
        texts.append((str(course_id), lang, text, key_terms or ""))
    analyzers = {lang: Analyzer(lang) for _, lang, _, _ in texts}
    for lang, analyzer in analyzers.items():
        analyzer.learn_spellings(sorted({
            w for _, lg, text, keys in texts if lg == lang
            for w in words(f"{text}\n{keys}") if w not in BREAKS
        }))
    courses = [
        Course(cid, lang, course_terms(analyzers[lang], text, keys)) for cid, lang, text, keys in texts
    ]
    return [c for c in courses if c.terms], analyzers


def course_terms(analyzer: Analyzer, text: str, key_terms: str) -> dict[tuple[str, ...], Term]:
    """Candidate terms of one course: occurrences (key terms boosted) and their written form."""
    surfaces: dict[tuple, Counter] = defaultdict(Counter)
    for run in analyzer.spans(text):
        for key, surface in _grams(run, text):
            surfaces[key][surface] += 1
    occurrences = Counter({key: sum(c.values()) for key, c in surfaces.items()})
    preferred = {}
    for phrase in KEY_TERM_SPLIT.split(key_terms):
        run = [w for part in analyzer.spans(phrase) for w in part]
        grams = [(tuple(k for k, _, _ in run), phrase)] if len(run) <= LONGEST_PHRASE else [
            (key, surface) for key, surface in _grams(run, phrase) if len(key) == LONGEST_PHRASE
        ]
        for key, surface in grams:
            if key and (len(key) > 1 or len(key[0]) >= 3):
                occurrences[key] += KEY_TERM_BOOST
                preferred.setdefault(key, " ".join(surface.split()))
    return {
        key: Term(key, preferred.get(key) or surfaces[key].most_common(1)[0][0], count)
        for key, count in occurrences.items()
    }


def _grams(run: list[tuple[str, int, int]], text: str):
    """(key, written form) of every 1..3-word sequence of a run; single words need 3+ letters."""
    for size in range(1, LONGEST_PHRASE + 1):
        for i in range(len(run) - size + 1):
            key = tuple(k for k, _, _ in run[i:i + size])
            if size == 1 and len(key[0]) < 3:
                continue
            yield key, _readable(text[run[i][1]:run[i + size - 1][2]])


def _readable(span: str) -> str:
    """Lower-case, except words that carry capitals inside (SQL, PowerBI) and keep them."""
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.lower() for w in span.split())


def scan_posts(posts: Iterable[tuple[str, str]], analyzers: dict[str, Analyzer], courses: list[Course],
               kept: dict | None = None):
    """Tokenise each post once; per language, the candidate terms it contains, and their df.
    Returns the post ids in reading order (posts are named by their index in it)."""
    candidates = defaultdict(set)
    for course in courses:
        candidates[course.language].update(course.terms)
    tries = {lang: _trie(keys) for lang, keys in candidates.items()}
    post_ids: list[str] = []
    found = {lang: [] for lang in candidates}
    df = {lang: Counter() for lang in candidates}
    for index, (post_id, body) in enumerate(posts):
        post_ids.append(post_id)
        if kept is not None:
            kept[post_id] = body
        tokens = words(body)
        for lang, trie in tries.items():
            present = _present(analyzers[lang].keys(tokens), trie)
            if present:
                found[lang].append((index, present))
                df[lang].update(present)
    return post_ids, found, df


def _trie(keys) -> dict:
    """Terms nested word by word: {word: [the term ending here or None, {next word: ...}]}."""
    root: dict = {}
    for key in keys:
        node = root
        for depth, word in enumerate(key):
            entry = node.setdefault(word, [None, {}])
            if depth == len(key) - 1:
                entry[0] = key
            node = entry[1]
    return root


def _present(keys: list[str], trie: dict) -> set:
    """The candidate terms in a post's keys: from each known word, follow the trie along the next
    content words (over stop words, never over punctuation, which no trie holds)."""
    present = set()
    n = len(keys)
    for i in [i for i, key in enumerate(keys) if key in trie]:
        entry = trie[keys[i]]
        j = i + 1
        while True:
            if entry[0] is not None:
                present.add(entry[0])
            if not entry[1]:
                break
            while j < n and keys[j] is SKIP:
                j += 1
            if j >= n or (entry := entry[1].get(keys[j])) is None:
                break
            j += 1
    return present


def rarity(df: int, total: int) -> float:
    return 1.0 - math.log1p(df) / math.log1p(total) if total > 0 else 0.0


def choose_vocabulary(course: Course, df: Counter, total: int) -> None:
    """Keep the course's most distinctive terms (rarity × salience) among those some post uses:
    a term no post uses cannot fire, and must not take the place of one that can."""
    kept = []
    for term in course.terms.values():
        used = df.get(term.key, 0)
        rare = rarity(used, total)
        if not used or rare < MIN_RARITY:
            continue
        term.keyness = rare * min(1.0, term.occurrences / SALIENT_COUNT)
        term.weight = len(term.key) * term.keyness
        if term.weight >= MIN_WEIGHT:
            kept.append(term)
    kept.sort(key=lambda t: (-t.weight, t.surface))
    course.vocabulary = kept[:VOCABULARY_SIZE]


def score_posts(found: dict, courses: list[Course], threshold: float):
    """(post index, course index, score, terms) for every post that reaches the threshold."""
    index = defaultdict(lambda: defaultdict(list))
    for c, course in enumerate(courses):
        for term in course.vocabulary:
            index[course.language][term.key].append((c, term))
    needed = threshold * FULL_EVIDENCE
    scored = []
    for lang, posts in found.items():
        terms_of = index[lang]
        for post, present in posts:
            hits = defaultdict(list)
            for key in present:
                for c, term in terms_of.get(key, ()):
                    hits[c].append(term)
            for c, terms in hits.items():
                if sum(t.weight for t in terms) < needed:
                    continue  # dropping subsumed words only lowers the sum
                terms = without_subsumed(terms)
                score = min(1.0, sum(t.weight for t in terms) / FULL_EVIDENCE)
                if score >= threshold:
                    scored.append((post, c, score, terms))
    return scored


def without_subsumed(terms: list[Term]) -> list[Term]:
    """Drop terms inside a longer matched phrase, so a phrase counts once; heaviest first."""
    kept: list[Term] = []
    for term in sorted(terms, key=lambda t: (-len(t.key), -t.weight)):
        if not any(_inside(term.key, longer.key) for longer in kept if len(longer.key) > len(term.key)):
            kept.append(term)
    return sorted(kept, key=lambda t: (-t.weight, t.surface))


def _inside(short: tuple, long: tuple) -> bool:
    return any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _evidence(post_id: str, body: str, course: Course, analyzer: Analyzer, score: float,
              terms: list[Term]) -> Match:
    """The match as stored: the course's words, the post's own words, and an excerpt around them."""
    wanted = {t.key for t in terms}
    spans = []
    for run in analyzer.spans(body):
        keys = [k for k, _, _ in run]
        for size in range(1, LONGEST_PHRASE + 1):
            for i in range(len(run) - size + 1):
                if tuple(keys[i:i + size]) in wanted:
                    spans.append((run[i][1], run[i + size - 1][2]))
    written = list(dict.fromkeys(" ".join(body[s:e].split()) for s, e in sorted(spans)))
    first = min(spans) if spans else (0, 0)
    return Match(post_id, course.course_id, round(score, 4), [t.surface for t in terms], written,
                 excerpt(body, *first))


def excerpt(text: str, start: int, end: int, width: int = EXCERPT_CHARS) -> str:
    """About `width` characters of the text around [start, end), cut at spaces, on one line."""
    if len(text) <= width:
        return " ".join(text.split())
    lo = max(0, min(start - width // 4, len(text) - width))
    hi = min(len(text), max(lo + width, end))
    if lo > 0 and (space := text.find(" ", lo, start)) >= 0:
        lo = space + 1
    if hi < len(text) and (space := text.rfind(" ", end, hi)) >= 0:
        hi = space
    body = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")


def _arrow(matches: list[Match]) -> pa.Table:
    text_list = pa.list_(pa.string())
    return pa.table(
        {
            "post_id": pa.array([m.post_id for m in matches], pa.string()),
            "course_id": pa.array([m.course_id for m in matches], pa.string()),
            "score": pa.array([m.score for m in matches], pa.float64()),
            "matched_terms": pa.array([m.matched_terms for m in matches], text_list),
            "post_terms": pa.array([m.post_terms for m in matches], text_list),
            "excerpt": pa.array([m.excerpt for m in matches], pa.string()),
        }
    )
