"""Adoption page benchmark: every adoption metric on a database of ~1,000,000 posts, against 0.5 s.

Builds (once, then reuses) benchmarks/output/adoption-1m.duckdb through the real loader, from a
generated HR directory batch and a canonical batch: ~5,000 people (a few outside the directory,
a few bots), 120 spaces, ~250,000 threads, ~1,000,000 posts over two years with a skewed
(Zipf-like) activity per person, ~800,000 reactions, 1% deleted posts.

Then runs each metric of the Adoption page the way the dashboard does (queries.run on a
read-only connection): a warm-up, then the median of --repeat runs, for the unfiltered page, the
dashboard's default page (the period set to the data's coverage, as dashboard/filters.py does) and
a filtered one (one department, one year). Prints each time and the page total, and the machine's
load average (the machine may be shared: compare medians taken under similar load).

With --before REV, each metric also runs as its .sql file stood at git revision REV (default
ab5160c, before the activity tables of etl/activity.py), side by side. A database built before
those tables existed gets them added (timed: the loader's extra build time), and --build-time
times etl.activity.rebuild on a copy of the database.

Usage: python benchmarks/adoption_queries.py [--posts N] [--rebuild] [--repeat 5] [--before [REV]]
                                             [--build-time]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "output"
sys.path.insert(0, str(HERE.parent))

import duckdb  # noqa: E402

import queries  # noqa: E402
from etl import activity  # noqa: E402
from etl.batch import Batch  # noqa: E402
from etl.load import load, schema_sql  # noqa: E402
from queries.privacy import suppress  # noqa: E402

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
# the Overview page's queries, and those every page runs for its filters (dashboard/filters.py)
OVERVIEW_METRICS = [
    ("overview_headlines", {}),
    ("activity_by_month", {}),
    ("filter_options", {}),
    ("data_coverage", {}),
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


def run(con, metric: queries.Metric, params: dict):
    """What queries.run does, for a metric parsed from any text (the current file or an old one)."""
    frame = con.execute(metric.sql, queries.bind(metric, params)).df()
    if metric.group_size:
        frame = suppress(frame, metric.group_size, metric.group_keys, 5)
    return frame


def median_time(con, metric: queries.Metric, params: dict, repeat: int) -> tuple[float, float, int]:
    """Median wall-clock and CPU seconds (all of DuckDB's threads) of one metric, and its rows.

    On a shared machine the wall clock grows with the other processes' load; the CPU time barely
    does, and it bounds the wall clock of an idle machine (threads only shorten it).
    """
    run(con, metric, params)  # warm-up
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        frame = run(con, metric, params)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), len(frame)


def old_metric(name: str, rev: str) -> queries.Metric | None:
    """The metric as its file stood at git revision `rev`; None when it did not exist then."""
    shown = subprocess.run(["git", "show", f"{rev}:queries/{name}.sql"], cwd=HERE.parent,
                           capture_output=True, text=True)
    return queries.parse(name, shown.stdout) if shown.returncode == 0 else None


def time_page(con, params: dict, repeat: int, before: str | None, metrics=METRICS) -> float:
    print(f"  (load average {load_average()} on {os.cpu_count()} cores)")
    total = total_cpu = total_before = total_before_cpu = 0.0
    print(f"  {'metric':<42} {'wall':>8}    {'cpu':>8}" + (f"    {'before':>8}    {'cpu':>8}" if before else ""))
    for name, extra in metrics:
        label = name + "".join(f" {k}={v}" for k, v in extra.items())
        metric = queries.get(name)
        taken = {key: value for key, value in params.items() if key in metric.params}
        wall, cpu, rows = median_time(con, metric, {**taken, **extra}, repeat)
        total, total_cpu = total + wall, total_cpu + cpu
        line = f"  {label:<42} {wall * 1000:8.1f} ms {cpu * 1000:8.1f} ms"
        if before and (previous := old_metric(name, before)):
            old, old_cpu, old_rows = median_time(con, previous, {**taken, **extra}, repeat)
            total_before, total_before_cpu = total_before + old, total_before_cpu + old_cpu
            line += f" {old * 1000:8.1f} ms {old_cpu * 1000:8.1f} ms" + ("" if old_rows == rows else " (rows differ)")
        print(line + f"  ({rows} rows)")
    line = f"  {'total':<42} {total * 1000:8.1f} ms {total_cpu * 1000:8.1f} ms"
    if before:
        line += f" {total_before * 1000:8.1f} ms {total_before_cpu * 1000:8.1f} ms"
    print(line)
    for what, seconds in (("wall clock", total), ("cpu time", total_cpu)):
        verdict = "within" if seconds <= GOAL_SECONDS else "OVER"
        print(f"  -> {what}: {verdict} the {GOAL_SECONDS} s goal")
    print(f"  (load average {load_average()})")
    return total


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def activity_columns(con) -> set[tuple[str, str, str]]:
    """The activity tables' columns, with whether each is a table or a view (person_days became one)."""
    rows = con.execute(
        """
        select c.table_name, c.column_name, t.table_type
        from duckdb_columns() c
        join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.schema_name
        where c.table_name in $tables
        """,
        {"tables": activity.ACTIVITY_TABLES},
    ).fetchall()
    return set(rows)


def add_activity_tables(path: Path) -> None:
    """A database loaded by an older etl/activity.py: rebuild what a load now builds."""
    with duckdb.connect() as memory:
        memory.execute(schema_sql())
        activity.rebuild(memory)  # its views (person_days) too
        expected = activity_columns(memory)
    with duckdb.connect(str(path)) as con:
        if activity_columns(con) == expected:
            return
        started = time.perf_counter()
        activity.rebuild(con)
        print(f"rebuilt the activity tables of {path.name} in {time.perf_counter() - started:.1f} s")


def add_macros(path: Path) -> None:
    """A database loaded before etl/macros.sql: store the macros the metrics call, as a load now does
    (with the tables they read that an older schema lacked, empty)."""
    with duckdb.connect(str(path)) as con:
        con.execute(schema_sql())
        con.execute(resources.files("etl").joinpath("macros.sql").read_text(encoding="utf-8"))


def time_activity_build(path: Path) -> None:
    """The loader's extra time: etl.activity.rebuild on a copy of the database."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        with duckdb.connect(str(copy)) as con:
            print(f"(load average {load_average()})")
            started = time.perf_counter()
            activity.rebuild(con)  # once first: a database built earlier may hold person_days as a table
            print(f"  build {'all activity tables, first':<28} {time.perf_counter() - started:6.2f} s")
            for statement in activity.ACTIVITY_SQL + activity.QUESTION_SQL:
                started = time.perf_counter()
                con.execute(statement)
                built = re.search(r"(?:table|view|into)\s+(\w+)", statement).group(1)
                print(f"  build {built:<28} {time.perf_counter() - started:6.2f} s")
            started = time.perf_counter()
            activity.rebuild(con)
            print(f"  build {'all activity tables':<28} {time.perf_counter() - started:6.2f} s")
            for table in activity.ACTIVITY_TABLES:  # names from a fixed list, never from input
                rows = con.execute(f"select count(*) from {table}").fetchall()[0][0]  # noqa: S608
                print(f"  rows  {table:<28} {rows:>10,}")


def coverage_params(con) -> dict:
    """The dashboard's default period: the first live post's day to the day after the last."""
    cover = queries.run(con, "data_coverage").set_index("table_name").loc["posts"]
    first, last = pd.Timestamp(cover["first_day"]).date(), pd.Timestamp(cover["last_day"]).date()
    return {"start": first.isoformat(), "end": (last + timedelta(days=1)).isoformat()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", nargs="?", const="ab5160c", default=None,
                        help="also time the metrics as of this git revision (default ab5160c)")
    parser.add_argument("--build-time", action="store_true", help="time etl.activity.rebuild on a copy")
    args = parser.parse_args()
    path = OUTPUT / f"adoption-{args.posts}.duckdb"
    if args.rebuild or not path.exists():
        build(path, args.posts)
    add_activity_tables(path)
    add_macros(path)
    if args.build_time:
        print("activity tables (etl/activity.py), built on a copy:")
        time_activity_build(path)
    with queries.connect(path) as con:
        counts = con.execute("select (select count(*) from posts), (select count(*) from reactions), "
                             "(select count(*) from people)").fetchall()[0]
        print(f"{path.name}: {counts[0]:,} posts, {counts[1]:,} reactions, {counts[2]:,} people")
        print("unfiltered page:")
        time_page(con, {}, args.repeat, args.before)
        default = coverage_params(con)
        print(f"dashboard default page (period = the data's coverage, {default['start']} to {default['end']}):")
        time_page(con, default, args.repeat, args.before)
        print("filtered page (department = Sales, 2024):")
        time_page(con, {"department": "Sales", "start": "2024-01-01", "end": "2025-01-01"}, args.repeat,
                  args.before)
        print(f"Overview page, default period ({default['start']} to {default['end']}):")
        time_page(con, default, args.repeat, args.before, OVERVIEW_METRICS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
