"""The pairs of each month-end window (etl/network_pairs.py), on interactions worked out by hand.

People a (idx 0), b (1), c (2). Two windows: 1-31 March (month-end 2024-03-31) and 1-30 April
(month-end 2024-04-30).

    a -> b  reply     2024-03-10      a -> b  mention   2024-03-20      b -> a  reaction  2024-03-20
    c -> a  reply     2024-04-05      c -> a  reaction  2024-04-06      a -> c  reply     (no time)
"""

from __future__ import annotations

import datetime

import duckdb
import numpy as np
import pytest

from etl import network_pairs

INTERACTIONS = [("a", "b", "reply", "2024-03-10"), ("a", "b", "mention", "2024-03-20"),
                ("b", "a", "reaction", "2024-03-20"), ("c", "a", "reply", "2024-04-05"),
                ("c", "a", "reaction", "2024-04-06"), ("a", "c", "reply", None)]


@pytest.fixture
def found():
    with duckdb.connect() as con:
        con.execute("create temp table interactions (actor_id text, target_id text, kind text, \"at\" timestamptz)")
        con.executemany("insert into interactions values (?, ?, ?, ?)", INTERACTIONS)
        con.execute("create temp table net_people as select * from (values (0, 'a'), (1, 'b'), (2, 'c')) "
                    "v(idx, person_id)")
        con.execute("create temp table net_months as select * from (values "
                    "(date '2024-03-31', date '2024-03-01'), (date '2024-04-30', date '2024-04-01')) "
                    "v(month_end, win_start)")
        yield network_pairs.windows(con, 3)


def pairs(window) -> list[tuple]:
    return list(zip(window.src.tolist(), window.dst.tolist(), window.weight.tolist(),
                    window.attends.tolist(), window.reacted.tolist(), strict=True))


def test_each_window_sums_its_days_per_pair(found):
    """March: a -> b has a reply and a mention (weight 2, attended by the reply); b -> a a
    reaction only (weight 0, attended, reacted). April: c -> a a reply and a reaction (weight 1,
    attended, reacted). The reply without a time is in no window."""
    march, april = found
    assert (march.month_end, april.month_end) == (datetime.date(2024, 3, 31), datetime.date(2024, 4, 30))
    assert pairs(march) == [(0, 1, 2, True, False), (1, 0, 0, True, True)]
    assert pairs(april) == [(2, 0, 1, True, True)]
    assert march.edges()["weight"].tolist() == [2.0] and april.edges()["src"].tolist() == [2]


def test_counts_per_person_and_month_end(found):
    """March: a gave 2 and got 0 (b only reacted), b got 2, one person (a) attended to b and
    a reaction from b reached a. April: c gave 1, a got 1, from one person who also reacted."""
    counts = network_pairs.counts(found, 3).to_pylist()
    rows = [(c["month_end"].isoformat(), c["person"], c["in_degree"], c["out_degree"], c["audience"],
             c["reactions_from_distinct_people"]) for c in counts]
    assert rows == [("2024-03-31", 0, 0, 2, 1, 1), ("2024-03-31", 1, 2, 0, 1, 0),
                    ("2024-04-30", 0, 1, 0, 1, 1), ("2024-04-30", 2, 0, 1, 0, 0)]


def test_a_fingerprint_follows_the_weighted_pairs_and_the_people_not_their_numbers(found):
    """Renumbering the people (their hashes move with them) keeps a window's fingerprint; another
    weight or another person's hash changes it; a window without weighted pairs has none."""
    march = found[0]
    hashes = np.array([11, 22, 33], dtype=np.uint64)
    same = network_pairs.Window(march.month_end, np.array([2, 1], dtype=np.int32),
                                np.array([1, 2], dtype=np.int32), march.weight, march.attends, march.reacted)
    renumbered = np.array([33, 22, 11], dtype=np.uint64)  # a is now 2, c is now 0
    assert network_pairs.fingerprint(march, hashes) == network_pairs.fingerprint(same, renumbered)
    heavier = network_pairs.Window(march.month_end, march.src, march.dst, march.weight * 2,
                                   march.attends, march.reacted)
    assert network_pairs.fingerprint(heavier, hashes) != network_pairs.fingerprint(march, hashes)
    assert network_pairs.fingerprint(march, np.array([11, 23, 33], dtype=np.uint64)) != \
        network_pairs.fingerprint(march, hashes)
    unweighted = network_pairs.Window(march.month_end, march.src[1:], march.dst[1:], march.weight[1:],
                                      march.attends[1:], march.reacted[1:])
    assert network_pairs.fingerprint(unweighted, hashes) == "none"
