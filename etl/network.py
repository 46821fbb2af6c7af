"""network_snapshots, network_ei and network_weak_ties: the graph metrics, built by every load (DESIGN.md).

For each month-end from the first to the last month with an interaction, the trailing window
of `network_window_days` days ending that day (inclusive, days in UTC) is summed into one
weighted list of pairs (etl/network_pairs.py); graph algorithms then run on it in Python
(etl/network_graph.py):

- tie graph (undirected; replies and mentions, both directions added): ties, neighbourhood
  overlap, local bridges, Burt's constraint, Gould–Fernandez liaison, Leiden community, and
  the E-I index of departments and of sites against their random-mixing baseline;
- directed graph (u -> v: replies and mentions u addressed to v): PageRank and its rank.

Counts that need no graph algorithm (weighted degrees, audience, reactions from distinct
people) come from the same pairs, and accepted answers from SQL; ties and departments reached
come from the tie matrix.

Windows are independent, and the work is single-threaded Python and C that holds the GIL (numpy,
igraph), so a large load shares the windows between this process and one worker process
(etl/window_worker.py: a fresh interpreter, never a fork, as DuckDB's threads are running).
"""

from __future__ import annotations

import os
import threading
from collections import deque
from contextlib import contextmanager, nullcontext

import numpy as np
import pyarrow as pa

from etl import network_pairs, network_windows
from etl.merge import registered, script
from etl.network_graph import window
from etl.window_worker import WindowWorker

WORKER_MIN_INTERACTIONS = 200_000  # below, starting a worker process costs more than it saves
# the same, counted in the pairs of the windows to compute (an interaction is in the ~3 windows
# holding its day): a re-load that keeps most month-ends starts no worker for the few left
WORKER_MIN_PAIRS = 3 * WORKER_MIN_INTERACTIONS

PREPARE_SQL = """
create or replace temp table net_months as
with bounds as (
    select date_trunc('month', timezone('UTC', min("at"))) as first_month,
           date_trunc('month', timezone('UTC', max("at"))) as last_month
    from interactions
),
months as (
    select unnest(generate_series(first_month, last_month, interval 1 month)) as month_start
    from bounds where first_month is not null
)
select cast(month_start + interval 1 month - interval 1 day as date) as month_end,
       cast(month_start + interval 1 month - interval 1 day as date) - cast($window_days - 1 as integer)
           as win_start
from months;

create or replace temp table net_accepted as
select p.author_id as person_id, cast(timezone('UTC', p.created_at) as date) as day
from threads t
join posts p on p.post_id = t.accepted_post_id
join people a on a.person_id = p.author_id
where p.deleted_at is null and not a.is_bot and p.author_id is distinct from t.author_id;

create or replace temp table net_people as
with involved as (
    select actor_id as person_id from interactions
    union select target_id from interactions
    union select person_id from net_accepted
)
select cast(row_number() over (order by i.person_id) - 1 as integer) as idx, i.person_id,
       p.department, p.site,
       case when p.department is null then -1
            else cast(dense_rank() over (partition by p.department is null order by p.department) - 1 as integer)
       end as department_code,
       case when p.site is null then -1
            else cast(dense_rank() over (partition by p.site is null order by p.site) - 1 as integer)
       end as site_code
from involved i join people p using (person_id);
"""

# Counts per person and month-end that need no graph algorithm: etl/network_pairs.py's (registered
# as net_pair_counts) and the accepted answers. Computed while the first windows are.
COUNTS_SQL = """
create or replace temp table net_counts as
with accepted as (
    select m.month_end, n.idx as person, count(*) as accepted_answers
    from net_accepted a
    join net_people n using (person_id)
    join net_months m on a.day between m.win_start and m.month_end
    group by all
),
everyone as (
    select month_end, person from net_pair_counts
    union select month_end, person from accepted
)
select e.month_end, e.person,
       coalesce(c.in_degree, 0) as in_degree, coalesce(c.out_degree, 0) as out_degree,
       coalesce(c.audience, 0) as audience,
       coalesce(c.reactions_from_distinct_people, 0) as reactions_from_distinct_people,
       coalesce(a.accepted_answers, 0) as accepted_answers
from everyone e
left join net_pair_counts c using (month_end, person)
left join accepted a using (month_end, person);
"""

STORE_SQL = """
delete from network_snapshots;
insert into network_snapshots by name
select c.month_end, p.person_id, c.in_degree, c.out_degree,
       coalesce(g.ties, 0) as ties, coalesce(g.departments_reached, 0) as departments_reached,
       g.overlap_mean, g.local_bridges, g.burt_constraint,
       nullif(g.liaison_count, -1) as liaison_count, g.community_id, g.pagerank,
       case when g.pagerank is not null then
           cast(rank() over (partition by c.month_end, g.pagerank is null
                             order by round(g.pagerank, 12) desc) as integer)
       end as rank,
       c.audience, c.reactions_from_distinct_people, c.accepted_answers
from net_counts c
join net_people p on p.idx = c.person
left join net_graph g on g.month_end = c.month_end and g.person = c.person;
delete from network_ei;
insert into network_ei by name select * from net_ei_rows;
delete from network_weak_ties;
insert into network_weak_ties by name select * from net_weak_rows;
"""


def rebuild(con, config, help_from: threading.Event | None = None,
            stop: threading.Event | None = None, worker: WindowWorker | None = None) -> None:
    """Rebuild network_snapshots, network_ei and network_weak_ties whole from `interactions`; the
    month-ends whose window has not changed since the last load are copied, not computed
    (etl/network_windows.py).

    With a worker process (`worker`: started by the caller, who closes it, and used whatever the
    number of windows, as its start is already paid; else one started here when the windows to
    compute are many), this process computes windows too, but only once `help_from` is set (when the
    caller's own work beside this one is done: two cores cannot take three busy threads without
    slowing all of them), or at once without it. Setting `stop` ends the window computation
    early with WindowsStopped (the caller's part of the load failed)."""
    script(con, PREPARE_SQL, {"window_days": int(config.network_window_days)})
    people = _people(con)
    found = network_pairs.windows(con, len(people["department_code"]))
    unchanged = network_windows.kept(con, found)
    windows = [(w.month_end, w.edges()) for w in found if w.month_end not in unchanged]
    pairs = sum(len(edges["src"]) for _, edges in windows)
    started_here = nullcontext(worker) if worker else worker_process(pairs >= WORKER_MIN_PAIRS)
    with started_here as worker:
        results = _all_windows(windows, people, worker, help_from, lambda: _counts(con, found, people), stop)
    new = {"net_new_graph": _arrow([graph for graph, _, _ in results], GRAPH_SCHEMA),
           "net_new_ei": _ei_frame([row for _, ei, _ in results for row in ei]),
           "net_new_weak": _arrow([weak for _, _, weak in results], WEAK_SCHEMA)}
    with registered(con, new):
        script(con, network_windows.COMBINE_SQL + STORE_SQL + network_windows.RECORD_SQL)


def _counts(con, found: list, people: dict) -> None:
    with registered(con, {"net_pair_counts": network_pairs.counts(found, len(people["department_code"]))}):
        script(con, COUNTS_SQL)


@contextmanager
def worker_process(wanted: bool, command: list[str] | None = None):
    """A worker process sharing the windows with this one, or None when not worth it or there
    is one core only. A load expecting a large network starts it before merging: the worker's
    imports (numpy, scipy, igraph: 0.3 CPU-s) then overlap the merge, whose DuckDB threads leave about a fifth of
    the two cores idle (benchmarks/README.md), instead of taking a core the network and the
    activity tables both need."""
    if not wanted or _usable_cores() < 2:
        yield None
        return
    try:
        worker = WindowWorker(command)
    except OSError:  # no interpreter to start (an embedded Python): every window is done here
        yield None
        return
    try:
        yield worker
    finally:
        worker.close()


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # Linux: the cores this process may run on
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class WindowsStopped(Exception):
    """The caller asked the window computation to stop (its own part of the load failed)."""


class _SharedWindows:
    """The month-end windows left to compute, taken by this process from the back and by the
    worker's feeder thread from the front."""

    def __init__(self, windows: list, people: dict, stop: threading.Event | None):
        self.windows, self.people = windows, people
        self.results: list = [None] * len(windows)
        self.left = deque(range(len(windows)))
        self.lock = threading.Lock()
        self.stop = stop or threading.Event()

    def take(self, front: bool) -> int | None:
        with self.lock:
            if self.stop.is_set() or not self.left:
                return None
            return self.left.popleft() if front else self.left.pop()

    def feed(self, worker: WindowWorker) -> None:
        k = None
        try:
            worker.send_people(self.people)
            while (k := self.take(front=True)) is not None:
                self.results[k] = worker.compute(*self.windows[k])
        except Exception:  # noqa: BLE001 - whatever broke the worker, its window is done here
            if k is not None:
                with self.lock:
                    self.left.appendleft(k)

    def compute_here(self) -> None:
        while (k := self.take(front=False)) is not None:
            self.results[k] = window(*self.windows[k], self.people)

    def drop_the_rest(self) -> None:
        with self.lock:
            self.left.clear()


def _all_windows(windows: list, people: dict, worker: WindowWorker | None,
                 help_from: threading.Event | None = None, meanwhile=None,
                 stop: threading.Event | None = None) -> list[tuple]:
    """Every window's results, in order. A thread feeds the worker from the first window on,
    one at a time; this process first runs `meanwhile` (if given), then takes them from the last
    one back (from when `help_from` is set, if given), until they meet. A window the worker
    could not finish (it died) is done here. Either gives the same results: nothing in a window
    depends on another, and the seeds are reset for every window. Once `stop` is set, no window
    is started and WindowsStopped is raised."""
    shared = _SharedWindows(windows, people, stop)
    feeder = threading.Thread(target=shared.feed, args=(worker,), name="crowdlens-window-feeder") \
        if worker else None
    if feeder:
        feeder.start()
    try:
        if meanwhile:
            meanwhile()
        while feeder and help_from and feeder.is_alive() and not shared.stop.is_set() \
                and not help_from.wait(0.05):
            pass  # the worker alone, while the caller's other work has the second core
        shared.compute_here()
    except BaseException:
        shared.drop_the_rest()  # the worker gets nothing more; its current window is waited for
        raise
    finally:
        if feeder:
            feeder.join()
    shared.compute_here()  # handed back by a worker that died after this process's loop ended
    if shared.stop.is_set():
        raise WindowsStopped
    return shared.results


def _people(con) -> dict:
    """Each involved person's groups and group codes, as arrays indexed by net_people.idx."""
    table = con.sql(
        "select department, site, department_code, site_code from net_people order by idx"
    ).to_arrow_table()
    return {name: table.column(name).to_numpy(zero_copy_only=False) for name in table.column_names}


GRAPH_SCHEMA = pa.schema([
    ("month_end", pa.date32()), ("person", pa.int32()), ("ties", pa.int64()),
    ("departments_reached", pa.int64()), ("overlap_mean", pa.float64()),
    ("local_bridges", pa.int32()), ("burt_constraint", pa.float64()), ("liaison_count", pa.int64()),
    ("community_id", pa.int32()), ("pagerank", pa.float64()),
])
EI_SCHEMA = pa.schema([
    ("month_end", pa.date32()), ("grouping", pa.string()), ("group_value", pa.string()),
    ("members", pa.int32()), ("ties", pa.int64()), ("internal_ties", pa.int64()),
    ("external_ties", pa.int64()), ("ei_index", pa.float64()), ("expected_ei", pa.float64()),
])


WEAK_SCHEMA = pa.schema([
    ("month_end", pa.date32()), ("department_a", pa.string()), ("department_b", pa.string()),
    ("people", pa.int32()), ("ties", pa.int64()), ("weak_ties", pa.int64()),
    ("local_bridges", pa.int64()),
])


def _arrow(frames: list[dict], schema: pa.Schema) -> pa.Table:
    """The windows' columns (numpy arrays by name) as one table of `schema`."""
    if not frames:
        return schema.empty_table()
    return pa.table({name: np.concatenate([frame[name] for frame in frames]) for name in schema.names},
                    schema=schema)


def _ei_frame(rows: list[dict]) -> pa.Table:
    if not rows:
        return EI_SCHEMA.empty_table()
    return pa.Table.from_pylist(rows, schema=EI_SCHEMA)
