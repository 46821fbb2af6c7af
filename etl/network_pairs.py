"""The pairs of each month-end's network window, and the per-person counts they give.

A pair is (actor, target) with at least one interaction in the window: its weight counts the
replies and mentions (the graph's edges), `attends` says the target got a reply or a reaction
from the actor (audience), `reacted` a reaction. DuckDB gives the interactions once, summed per
day and pair and sorted by day; each window is then a slice of them summed per pair here. Listing
every day once per window holding it and grouping in SQL instead (2.5 million rows for three years
of a million messages) took three times the CPU (benchmarks/README.md).

People are numbered by net_people.idx (etl/network.py's PREPARE_SQL). Days are UTC days, read as
make_timestamp(epoch_us(...)) (UTC wall-clock): ten times cheaper than timezone('UTC', ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from etl import network_ties

DAILY_PAIRS_SQL = """
select cast(cast(make_timestamp(epoch_us(i."at")) as date) - date '1970-01-01' as integer) as day,
       a.idx as actor, t.idx as target,
       count(*) filter (where i.kind in ('reply', 'mention')) as weight,
       bool_or(i.kind in ('reply', 'reaction')) as attends,
       bool_or(i.kind = 'reaction') as reacted
from interactions i
join net_people a on a.person_id = i.actor_id
join net_people t on t.person_id = i.target_id
where i."at" is not null  -- an interaction without a time is in no window
group by all
order by day
"""

MONTHS_SQL = """
select month_end, cast(win_start - date '1970-01-01' as integer) as first_day,
       cast(month_end - date '1970-01-01' as integer) as last_day
from net_months
order by month_end
"""


@dataclass
class Window:
    """One month-end's pairs, each once: src and dst are net_people.idx."""

    month_end: date
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray  # replies and mentions, src to dst
    attends: np.ndarray
    reacted: np.ndarray

    def edges(self) -> dict:
        """The graph's edges (etl.network_graph.window's input): the pairs of positive weight."""
        live = self.weight > 0
        return {"src": self.src[live], "dst": self.dst[live], "weight": self.weight[live].astype(float)}


def windows(con, people: int) -> list[Window]:
    """Every month-end of net_months with its window's pairs; `people` is the count of net_people."""
    daily = con.execute(DAILY_PAIRS_SQL).fetchnumpy()
    day = np.asarray(daily["day"])
    columns = {name: np.asarray(daily[name]) for name in ("actor", "target", "weight", "attends", "reacted")}
    found = []
    for month_end, first_day, last_day in con.execute(MONTHS_SQL).fetchall():
        lo, hi = np.searchsorted(day, first_day, side="left"), np.searchsorted(day, last_day, side="right")
        found.append(_summed(month_end, {name: values[lo:hi] for name, values in columns.items()}, people))
    return found


def _summed(month_end: date, days: dict, people: int) -> Window:
    """The window's days of pairs summed per pair (sorted by actor, then target)."""
    key = days["actor"].astype(np.int64) * people + days["target"]
    pairs, each = np.unique(key, return_inverse=True)
    n = len(pairs)
    return Window(  # people are numbered in 32 bits (net_people.idx), as sent to the worker
        month_end=month_end, src=(pairs // people).astype(np.int32), dst=(pairs % people).astype(np.int32),
        weight=np.bincount(each, days["weight"], n).astype(np.int64),
        attends=np.bincount(each, days["attends"], n) > 0,
        reacted=np.bincount(each, days["reacted"], n) > 0,
    )


COUNTS_SCHEMA = pa.schema([
    ("month_end", pa.date32()), ("person", pa.int32()), ("in_degree", pa.int64()),
    ("out_degree", pa.int64()), ("audience", pa.int64()), ("reactions_from_distinct_people", pa.int64()),
])


def counts(found: list[Window], people: int) -> pa.Table:
    """Per month-end and person at either end of a pair: the weights given and received, the
    distinct people attending to them (audience) and reacting to them."""
    frames = [_window_counts(window, people) for window in found]
    if not frames:
        return COUNTS_SCHEMA.empty_table()
    return pa.table({name: np.concatenate([frame[name] for frame in frames]) for name in COUNTS_SCHEMA.names},
                    schema=COUNTS_SCHEMA)


def _window_counts(window: Window, people: int) -> dict:
    person = network_ties.present_nodes(people, window.src, window.dst)
    return {
        "month_end": np.full(len(person), np.datetime64(window.month_end, "D")),
        "person": person.astype(np.int32),
        "in_degree": np.bincount(window.dst, window.weight, people)[person].astype(np.int64),
        "out_degree": np.bincount(window.src, window.weight, people)[person].astype(np.int64),
        "audience": np.bincount(window.dst[window.attends], minlength=people)[person],
        "reactions_from_distinct_people": np.bincount(window.dst[window.reacted], minlength=people)[person],
    }


def fingerprint(window: Window, person_hashes: np.ndarray) -> str:
    """What the window's graph metrics depend on, as 16 hex digits ('none' without edges): its
    pairs of positive weight, each as (actor, target, weight) with both people's hashes (of their
    id, department and site, so that people renumbered between loads hash alike). An xor over the
    pairs: independent of their order."""
    live = window.weight > 0
    if not live.any():
        return "none"
    hashes = person_hashes.astype(np.uint64)
    mixed = _mix(hashes[window.src[live]] ^ _mix(hashes[window.dst[live]] ^ _mix(
        window.weight[live].astype(np.uint64))))
    return f"{int(np.bitwise_xor.reduce(mixed)):016x}"


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit flips about half the output bits."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))
