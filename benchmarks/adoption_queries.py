"""Adoption page benchmark: every adoption metric on a database of ~1,000,000 posts, against 0.5 s.

Builds (once, then reuses) benchmarks/output/adoption-1m.duckdb through the real loader, from a
generated HR directory batch and a canonical batch: ~5,000 people (a few outside the directory,
a few bots), 120 spaces, ~250,000 threads, ~1,000,000 posts over two years with a skewed
(Zipf-like) activity per person, ~800,000 reactions, 1% deleted posts.

Then runs each metric of the Adoption page the way the dashboard does (queries.run on a
read-only connection): a warm-up, then the median of --repeat runs, for the unfiltered page
and for a filtered one (one department, one year). Prints each time and the page total.

Usage: python benchmarks/adoption_queries.py [--posts N] [--rebuild] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "output"
sys.path.insert(0, str(HERE.parent))

import queries  # noqa: E402
from etl.batch import Batch  # noqa: E402
from etl.load import load  # noqa: E402

GOAL_SECONDS = 0.5
METRICS = [
    ("adoption_by_group", {}),
    ("adoption_by_group", {"by_month": "true"}),
    ("monthly_participation", {}),
    ("cohort_retention", {}),
    ("contributor_status", {}),
    ("participation_inequality", {}),
    ("lorenz_curve", {}),
    ("question_response", {}),
    ("unanswered_curve", {}),
    ("unanswered_questions", {}),
    ("hierarchy_replies", {}),
    ("codevelopment_threads", {}),
    ("space_participation", {}),
    ("exploration", {}),
]
DEPARTMENTS = ["R&D", "Sales", "Finance", "HR", "Operations", "Marketing", "IT", "Legal",
               "Support", "Purchasing", "Quality", "Communication"]
SITES = ["Paris", "Lyon", "Lille", "Nantes", "Toulouse"]
LEVELS = ["junior", "intermediate", "senior", "expert", "manager"]
START = np.datetime64("2023-01-01T00:00:00", "s")
SPAN_SECONDS = 2 * 365 * 86400


def directory_batch(people: int, rng: np.random.Generator) -> Batch:
    ids = [f"e{i}" for i in range(people)]
    dept_weights = 1 / np.arange(1, len(DEPARTMENTS) + 1)
    table = pa.table({
        "source_user_id": ids,
        "email": [f"{i}@example.com" for i in ids],
        "display_name": [f"Person {i}" for i in ids],
        "department": rng.choice(DEPARTMENTS, people, p=dept_weights / dept_weights.sum()).tolist(),
        "site": rng.choice(SITES, people).tolist(),
        "job_level": rng.choice(LEVELS, people, p=[0.3, 0.3, 0.2, 0.1, 0.1]).tolist(),
    })
    return Batch(source="directory", tables={"accounts": table}, inputs=["<generated directory>"])


def forum_batch(people: int, posts: int, rng: np.random.Generator) -> Batch:
    """Threads of one opener and replies; authors drawn with a heavy tail, as in real forums."""
    outsiders, bots = 200, 3
    author_pool = np.array([f"e{i}" for i in range(people)] + [f"x{i}" for i in range(outsiders)]
                           + [f"bot{i}" for i in range(bots)])
    activity = rng.pareto(1.2, len(author_pool)) + 0.05
    activity[rng.random(len(author_pool)) < 0.45] = 0.0  # most of the directory never posts
    activity /= activity.sum()

    threads = posts // 4
    thread_of = np.sort(rng.integers(0, threads, posts))
    thread_of[:threads] = np.arange(threads)  # every thread has at least its opener
    thread_of.sort()
    first = np.r_[True, thread_of[1:] != thread_of[:-1]]
    opened = START + rng.integers(0, SPAN_SECONDS, threads).astype("timedelta64[s]")
    delay = (rng.exponential(20 * 3600, posts)).astype("timedelta64[s]")
    created = opened[thread_of] + np.where(first, np.timedelta64(0, "s"), delay)
    authors = rng.choice(author_pool, posts, p=activity)
    post_ids = np.char.add("p", np.arange(posts).astype(str))
    opener_index = np.flatnonzero(first)
    parent = np.where(first, None, post_ids[opener_index[thread_of]]).tolist()
    asks = rng.random(posts) < 0.35
    body = np.where(asks, "How do I share the forecast template with the team?",
                    "Here is how we do it in our team, see the guideline page.")
    deleted = np.where(rng.random(posts) < 0.01, created + np.timedelta64(3600, "s"), np.datetime64("NaT"))
    spaces = 120
    space_of_thread = rng.integers(0, spaces, threads)
    tables = {
        "accounts": pa.table({"source_user_id": [f"bot{i}" for i in range(bots)],
                              "display_name": [f"Bot {i}" for i in range(bots)],
                              "is_bot": [True] * bots}),
        "spaces": pa.table({"space_id": [f"s{i}" for i in range(spaces)],
                            "name": [f"Space {i}" for i in range(spaces)],
                            "kind": ["affinity" if i % 6 == 0 else "work" for i in range(spaces)]}),
        "threads": pa.table({
            "thread_id": [f"t{i}" for i in range(threads)],
            "space_id": np.char.add("s", space_of_thread.astype(str)).tolist(),
            "title": [f"Thread {i}" for i in range(threads)],
            "author_id": authors[first].tolist(),
            "created_at": pa.array(opened, pa.timestamp("s", tz="UTC")),
            "is_question": (rng.random(threads) < 0.2).tolist(),
        }),
        "posts": pa.table({
            "post_id": post_ids.tolist(),
            "thread_id": np.char.add("t", thread_of.astype(str)).tolist(),
            "author_id": authors.tolist(),
            "created_at": pa.array(created, pa.timestamp("s", tz="UTC")),
            "parent_post_id": parent,
            "body_text": body.tolist(),
            "deleted_at": pa.array(deleted, pa.timestamp("s", tz="UTC")),
        }),
        "reactions": reactions(posts, post_ids, created, author_pool, activity, rng),
    }
    return Batch(source="canonical", tables=tables, inputs=["<generated forum>"])


def reactions(posts, post_ids, created, author_pool, activity, rng) -> pa.Table:
    count = int(posts * 0.8)
    on = rng.integers(0, posts, count)
    table = pa.table({
        "post_id": post_ids[on].tolist(),
        "person_id": rng.choice(author_pool, count, p=activity).tolist(),
        "kind": ["like"] * count,
        "created_at": pa.array(created[on] + np.timedelta64(600, "s"), pa.timestamp("s", tz="UTC")),
    })
    # one reaction per person, post and kind
    return table.group_by(["post_id", "person_id", "kind"]).aggregate([("created_at", "min")]) \
        .rename_columns(["post_id", "person_id", "kind", "created_at"])


def build(path: Path, posts: int) -> None:
    rng = np.random.default_rng(7)
    people = 5000
    started = time.perf_counter()
    load([directory_batch(people, rng), forum_batch(people, posts, rng)], path)
    print(f"built {path} in {time.perf_counter() - started:.1f} s")


def time_page(con, params: dict, repeat: int) -> float:
    total = 0.0
    for name, extra in METRICS:
        queries.run(con, name, {**params, **extra})  # warm-up
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            frame = queries.run(con, name, {**params, **extra})
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        total += median
        label = name + "".join(f" {k}={v}" for k, v in extra.items())
        print(f"  {label:<42} {median * 1000:8.1f} ms  ({len(frame)} rows)")
    verdict = "within" if total <= GOAL_SECONDS else "OVER"
    print(f"  {'total':<42} {total * 1000:8.1f} ms  -> {verdict} the {GOAL_SECONDS} s goal")
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path = OUTPUT / f"adoption-{args.posts}.duckdb"
    if args.rebuild or not path.exists():
        build(path, args.posts)
    with queries.connect(path) as con:
        counts = con.execute("select (select count(*) from posts), (select count(*) from reactions), "
                             "(select count(*) from people)").fetchall()[0]
        print(f"{path.name}: {counts[0]:,} posts, {counts[1]:,} reactions, {counts[2]:,} people")
        print("unfiltered page:")
        time_page(con, {}, args.repeat)
        print("filtered page (department = Sales, 2024):")
        time_page(con, {"department": "Sales", "start": "2024-01-01", "end": "2025-01-01"}, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
