"""Network snapshots benchmark: graph metrics for 20,000 people and 1,000,000 interactions, against 2 min.

Generates a fictional network straight into the `people` and `interactions` tables of a fresh
database (the graph build reads nothing else but threads/posts for accepted answers, left
empty here), then times `etl.network.rebuild` - everything one load spends on graph metrics:
the DuckDB aggregation of the trailing windows, then per month-end the tie structure, liaison,
Leiden communities, E-I baselines and PageRank.

The network: 12 departments of unequal sizes over 6 sites; one year of interactions (12
month-ends, each window holding about a quarter of them); 50% replies, 10% mentions, 40%
reactions; who acts follows a Zipf-like activity and who is addressed a log-normal popularity
(a few hubs with hundreds of ties, as in real forums); 70% of interactions stay in the actor's
department.

Usage: python benchmarks/network_build.py [--people 20000] [--interactions 1000000] [--months 12]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from etl import network  # noqa: E402
from etl.config import Config  # noqa: E402
from etl.load import schema_sql  # noqa: E402

GOAL_SECONDS = 120
SAME_DEPARTMENT = 0.7


def generate(people: int, interactions: int, months: int, seed: int = 7) -> tuple[pa.Table, pa.Table]:
    rng = np.random.default_rng(seed)
    department = rng.choice(12, size=people, p=rng.dirichlet(np.full(12, 3.0)))
    site = rng.choice(6, size=people, p=rng.dirichlet(np.full(6, 3.0)))
    activity = 1.0 / rng.permutation(np.arange(1, people + 1)) ** 0.9
    popularity = rng.lognormal(0.0, 1.2, size=people)

    actor = rng.choice(people, size=interactions, p=activity / activity.sum())
    target = _targets(rng, actor, department, popularity)
    keep = actor != target
    actor, target = actor[keep], target[keep]
    count = len(actor)
    kind = rng.choice(np.array(["reply", "mention", "reaction"]), size=count, p=[0.5, 0.1, 0.4])
    start = np.datetime64("2024-01-01T00:00:00", "s")
    seconds = rng.integers(0, int(months * 30.4 * 86400), size=count)
    at = start + seconds.astype("timedelta64[s]")

    ids = np.array([f"p{i:05d}" for i in range(people)])
    dept_names = np.array([f"Dept {d:02d}" for d in range(12)])
    site_names = np.array([f"Site {s}" for s in range(6)])
    people_table = pa.table({
        "person_id": ids, "display_name": ids, "department": dept_names[department],
        "site": site_names[site], "in_directory": np.ones(people, bool), "is_bot": np.zeros(people, bool),
    })
    acts = pa.table({
        "actor_id": ids[actor], "target_id": ids[target], "kind": kind,
        "at": pa.array(at, pa.timestamp("s", tz="UTC")),
        "actor_department": dept_names[department[actor]], "actor_site": site_names[site[actor]],
        "target_department": dept_names[department[target]], "target_site": site_names[site[target]],
    })
    return people_table, acts


def _targets(rng, actor, department, popularity) -> np.ndarray:
    """Popular people are addressed more; most interactions stay inside the department."""
    target = rng.choice(len(popularity), size=len(actor), p=popularity / popularity.sum())
    inside = rng.random(len(actor)) < SAME_DEPARTMENT
    for dept in np.unique(department):
        members = np.flatnonzero(department == dept)
        chosen = inside & (department[actor] == dept)
        weights = popularity[members] / popularity[members].sum()
        target[chosen] = rng.choice(members, size=int(chosen.sum()), p=weights)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()

    people, acts = generate(args.people, args.interactions, args.months)
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "network.duckdb"))
        con.execute("set enable_progress_bar = false")
        con.execute(schema_sql())
        con.register("gen_people", people)
        con.register("gen_acts", acts)
        con.execute("insert into people by name select * from gen_people")
        con.execute("insert into interactions by name select * from gen_acts")
        started = time.perf_counter()
        network.rebuild(con, Config())
        seconds = time.perf_counter() - started
        rows, months, ties, edges = con.execute(
            "select count(*), count(distinct month_end), max(ties), sum(ties) / 2 / count(distinct month_end) "
            "from network_snapshots"
        ).fetchall()[0]
        con.close()
    print(f"network snapshots: {args.people} people, {acts.num_rows} interactions, "
          f"{months} month-ends, {rows} person-month rows, ~{edges:.0f} ties per window, "
          f"largest degree {ties}")
    verdict = "OK" if seconds <= GOAL_SECONDS else "TOO SLOW"
    print(f"graph metrics build: {seconds:.1f} s (goal {GOAL_SECONDS} s) {verdict}")


if __name__ == "__main__":
    main()
