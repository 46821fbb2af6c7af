"""Reuse matching benchmark: etl.reuse.rebuild (what the loader runs once per load) on ~200,000 posts.

Generates, in an in-memory DuckDB with the real schema: 12 courses (6 French, 6 English) of about
1,500 words of material each with a few key terms, and --posts posts of 5 to 120 words (median
about 40) drawn from a Zipf-distributed vocabulary of 60,000 made-up words mixed with real stop
words; 3% of the posts also use two to four of a course's phrases. Then times rebuild() (reading
the posts, tokenising and stemming, document frequencies, scoring, writing reuse_matches) with
--repeat runs, and prints the median, the posts per second and the matches found.

Usage: python benchmarks/reuse_matching.py [--posts 200000] [--repeat 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from etl import reuse  # noqa: E402
from etl.config import Config  # noqa: E402
from etl.load import schema_sql  # noqa: E402
from etl.text import stop_list  # noqa: E402

SYLLABLES = ["ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "an",
             "er", "on", "ique", "tion", "ment", "eur", "age", "ité", "é", "è"]


def vocabulary(rng: np.random.Generator, size: int) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES, rng.integers(2, 5))))
    return sorted(words)


class Words:
    """Draws made-up content words (Zipf-distributed) mixed with real stop words, in bulk."""

    def __init__(self, rng, vocab, stops, block: int = 1_000_000):
        ranks = np.arange(1, len(vocab) + 1)
        weights = 1 / ranks**1.05
        self.rng, self.vocab, self.stops, self.block = rng, np.array(vocab), np.array(stops), block
        self.cumulative = np.cumsum(weights / weights.sum())
        self.pool, self.at = [], 0

    def take(self, n: int) -> list[str]:
        if self.at + n > len(self.pool):
            draws = np.searchsorted(self.cumulative, self.rng.random(self.block))
            words = self.vocab[np.minimum(draws, len(self.vocab) - 1)]
            stop = self.rng.random(self.block) < 0.45
            words[stop] = self.rng.choice(self.stops, int(stop.sum()))
            self.pool, self.at = words.tolist(), 0
        self.at += n
        return self.pool[self.at - n:self.at]

    def sentence(self, n: int) -> str:
        return " ".join(self.take(n)).capitalize() + "."


def courses(rng, vocab, words_fr, words_en) -> list[dict]:
    rows = []
    for k in range(12):
        lang, words = ("fr", words_fr) if k < 6 else ("en", words_en)
        phrases = [" ".join(rng.choice(vocab[5000:], 2 + (i % 2))) for i in range(8)]
        parts = [words.sentence(20) + " " + phrases[i % 8].capitalize() + "." for i in range(60)]
        rows.append({"course_id": f"c{k}", "title": f"Course {k} " + phrases[0], "language": lang,
                     "material_text": " ".join(parts), "key_terms": "; ".join(phrases[:4]),
                     "phrases": phrases})
    return rows


def posts(rng, n: int, words, course_rows) -> pa.Table:
    lengths = np.clip(rng.lognormal(3.6, 0.7, n).astype(int), 5, 120)
    reusing = rng.random(n) < 0.03
    bodies = []
    for i in range(n):
        body = words.sentence(int(lengths[i]))
        if reusing[i]:
            phrases = course_rows[rng.integers(len(course_rows))]["phrases"]
            body += " " + ", ".join(rng.choice(phrases, rng.integers(2, 5), replace=False)) + "."
        bodies.append(body)
    start = np.datetime64("2023-01-01T00:00:00", "s")
    created = start + rng.integers(0, 2 * 365 * 86400, n).astype("timedelta64[s]")
    return pa.table({
        "post_id": [f"p{i}" for i in range(n)], "thread_id": [f"t{i // 4}" for i in range(n)],
        "source": ["canonical"] * n, "author_id": [f"e{i % 5000}" for i in range(n)],
        "created_at": pa.array(created, pa.timestamp("s", tz="UTC")),
        "body_text": bodies,
    })


def build(n_posts: int, seed: int) -> duckdb.DuckDBPyConnection:
    rng = np.random.default_rng(seed)
    vocab = vocabulary(rng, 60_000)
    french, english = stop_list("french"), stop_list("english")
    course_rows = courses(rng, vocab, Words(rng, vocab, french, 20_000), Words(rng, vocab, english, 20_000))
    con = duckdb.connect()
    con.execute(schema_sql())
    con.register("in_courses", pa.Table.from_pylist([{k: v for k, v in c.items() if k != "phrases"}
                                                     for c in course_rows]))
    con.execute("insert into courses by name select * from in_courses")
    con.register("in_posts", posts(rng, n_posts, Words(rng, vocab, french + english), course_rows))
    con.execute("insert into posts by name select * from in_posts")
    return con


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    began = time.perf_counter()
    con = build(args.posts, args.seed)
    words = con.execute("select sum(len(string_split(body_text, ' '))) from posts").fetchone()[0]
    print(f"generated {args.posts:,} posts ({words:,} words) and 12 courses "
          f"in {time.perf_counter() - began:.1f} s")
    times, cpu = [], []
    for _ in range(args.repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        reuse.rebuild(con, Config())
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    found, posts_matched = con.execute(
        "select count(*), count(distinct post_id) from reuse_matches").fetchone()
    median = statistics.median(times)
    print(f"reuse.rebuild: median {median:.2f} s over {args.repeat} runs "
          f"({', '.join(f'{t:.2f}' for t in times)}; CPU {statistics.median(cpu):.2f} s), "
          f"{args.posts / median:,.0f} posts/s; "
          f"{found:,} matches on {posts_matched:,} posts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
