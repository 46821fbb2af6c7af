"""Cross-department ties (issue 5): E-I index and its baseline, constraint, liaison, local bridges,
communities and the department matrix, on graphs small enough to work out by hand.

Every fixture puts its replies on 2024-03-15, so the only month-end is 2024-03-31 and its
90-day window holds them all. One reply = one tie of weight 1 (see network_helpers).
"""

from __future__ import annotations

import datetime
import itertools
import os
import pickle
import subprocess
import sys
import textwrap
import threading
from contextlib import contextmanager

import duckdb
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, run_metric
from network_helpers import network_db, ties

from etl import network, network_ties

TWO_DEPTS = {"a": "Sales", "b": "Sales", "c": "Sales", "d": "Tech", "e": "Tech"}
THREE_DEPTS = {"a": "HR", "b": "HR", "c": "Ops", "d": "Ops", "e": "IT"}


def test_ei_two_departments(tmp_path):
    """Sales = a, b, c; Tech = d, e. Ties a-b, b-c, d-e (inside), a-d, c-e (across).

    Whole network: I = 3, E = 2, E-I = (2 - 3) / 5 = -0.2.
    Sales: I = 2 (a-b, b-c), E = 2 (a-d, c-e): 0. Tech: I = 1 (d-e), E = 2: (2 - 1) / 3 = 1/3.
    Baseline of the whole network: of the 10 pairs of 5 people, 3 + 1 = 4 share a label when
    3 Sales and 2 Tech labels are shuffled, so E[I] = 5 * 0.4 = 2 and E[E-I] = (5 - 4) / 5 = 0.2.
    Per department, q = (members - 1) / (5 - 1) and expected (2 - 3q) / (2 - q): Sales q = 1/2,
    0.5 / 1.5 = 1/3; Tech q = 1/4, 1.25 / 1.75 = 5/7.
    """
    db = network_db(tmp_path / "two.duckdb", TWO_DEPTS, ties("a-b b-c d-e a-d c-e"))
    whole = run_metric(db, "network_ei_monthly").iloc[0]
    assert (whole.ties, whole.internal_ties, whole.external_ties) == (5, 3, 2)
    assert whole.ei_index == pytest.approx(-0.2)
    assert whole.expected_ei == pytest.approx(0.2)
    assert str(whole.month)[:10] == "2024-03-01"

    per = run_metric(db, "department_ei").set_index("department")
    assert per.loc["Sales", ["members", "internal_ties", "external_ties"]].tolist() == [3, 2, 2]
    assert per.loc["Tech", ["members", "internal_ties", "external_ties"]].tolist() == [2, 1, 2]
    assert per.loc["Sales", "ei_index"] == pytest.approx(0.0)
    assert per.loc["Tech", "ei_index"] == pytest.approx(1 / 3)
    assert per["expected_ei"].to_dict() == pytest.approx({"Sales": 1 / 3, "Tech": 5 / 7})

    tech = run_metric(db, "network_ei_monthly", department="Tech").iloc[0]
    assert tech.ei_index == pytest.approx(1 / 3)


def test_ei_three_departments(tmp_path):
    """HR = a, b; Ops = c, d; IT = e. Ties a-b, c-d (inside); a-c, b-e, d-e, a-e (across).

    Whole: I = 2, E = 4, E-I = 2/6 = 1/3. HR: I = 1, E = 3 (a-c, b-e, a-e): 2/4 = 0.5.
    Ops: I = 1, E = 2 (a-c, d-e): 1/3. IT: I = 0, E = 3: 1.
    Baseline: 1 + 1 = 2 of 10 pairs share a label, E[I] = 6 * 0.2 = 1.2, E[E-I] = (6 - 2.4) / 6
    = 0.6. IT has one member, who can have no internal tie whoever it is: expected exactly 1.
    HR and Ops (2 of 5 each): q = 1/4, (2 - 0.75) / (2 - 0.25) = 5/7.
    """
    db = network_db(tmp_path / "three.duckdb", THREE_DEPTS, ties("a-b c-d a-c b-e d-e a-e"))
    whole = run_metric(db, "network_ei_monthly").iloc[0]
    assert whole.ei_index == pytest.approx(1 / 3)
    assert whole.expected_ei == pytest.approx(0.6)

    per = run_metric(db, "department_ei").set_index("department")
    assert per["ei_index"].to_dict() == pytest.approx({"HR": 0.5, "Ops": 1 / 3, "IT": 1.0})
    assert per["expected_ei"].to_dict() == pytest.approx({"HR": 5 / 7, "Ops": 5 / 7, "IT": 1.0})
    assert per["members"].to_dict() == {"HR": 2, "Ops": 2, "IT": 1}


def test_ei_by_site_and_suppression(tmp_path):
    """Same ties as the two-department case; sites Lyon = a, d and Paris = b, c, e.

    Ties a-b (Lyon-Paris, E), b-c (Paris, I), d-e (Lyon-Paris, E), a-d (Lyon, I), c-e (Paris, I):
    E = 2, I = 3.
    With min_group_size 3, Tech (2 members) is suppressed and Sales (3) is not.
    """
    sites = {"a": "Lyon", "d": "Lyon"}
    db = network_db(tmp_path / "sites.duckdb", TWO_DEPTS, ties("a-b b-c d-e a-d c-e"), sites=sites)
    by_site = run_metric(db, "network_ei_monthly", grouping="site").iloc[0]
    assert (by_site.internal_ties, by_site.external_ties) == (3, 2)
    per = run_metric(db, "department_ei", min_group_size=3).set_index("department")
    assert per.loc["Tech", "suppressed"] and per.loc["Tech", "ei_index"] is None
    assert not per.loc["Sales", "suppressed"] and per.loc["Sales", "members"] == 3


def test_random_mixing_baseline_equals_the_average_over_every_relabelling():
    """The expected tie counts, by brute force: every distinct way to give 6 people the labels
    0, 0, 0, 1, 1, 2, on a fixed graph of 7 ties; E and I averaged over all 60 relabellings, then
    the E-I of those averages (for the whole network, also the average E-I itself).

    By hand for group 0 (n = 3 of N = 6): q = 2/5, (2 - 6/5) / (2 - 2/5) = 0.8 / 1.6 = 0.5.
    Group 2 (n = 1): q = 0, expected 1. Whole: 1 - 2 (6 + 2) / 30 = 7/15.
    """
    u = np.array([0, 0, 1, 2, 3, 4, 1])
    v = np.array([1, 2, 2, 3, 4, 5, 5])
    labels = (0, 0, 0, 1, 1, 2)
    internal, external, whole = np.zeros(3), np.zeros(3), []
    relabellings = sorted(set(itertools.permutations(labels)))
    for relabelled in relabellings:
        g = np.array(relabelled)
        same = g[u] == g[v]
        whole.append((len(u) - 2 * same.sum()) / len(u))
        internal += np.bincount(g[u][same], minlength=3)
        external += np.bincount(g[u][~same], minlength=3) + np.bincount(g[v][~same], minlength=3)
    brute = (external - internal) / (external + internal)

    exact = network_ties.ei_expected(network_ties.group_members(u, v, np.array(labels), 3))
    assert len(relabellings) == 60
    assert exact["whole"] == pytest.approx(np.mean(whole)) == pytest.approx(7 / 15)
    assert exact["groups"] == pytest.approx(brute)
    assert exact["groups"][[0, 2]] == pytest.approx([0.5, 1.0])


def test_random_mixing_baseline_leaves_out_unknown_groups():
    """Person 3 has no known group: ties 2-3 and 3-4 are dropped, leaving 0-1, 1-2, 0-2 among
    people 0, 1, 2 (labels 0, 0, 1) and person 4 without a counted tie, so N = 3.
    Whole: 1 - 2 * 2 / 6 = 1/3. Group 0 (n = 2): q = 1/2, (2 - 1.5) / 1.5 = 1/3; group 1: 1.
    """
    u = np.array([0, 1, 0, 2, 3])
    v = np.array([1, 2, 2, 3, 4])
    group = np.array([0, 0, 1, network_ties.UNKNOWN, 1])
    exact = network_ties.ei_expected(network_ties.group_members(u, v, group, 2))
    assert exact["whole"] == pytest.approx(1 / 3)
    assert exact["groups"] == pytest.approx([1 / 3, 1.0])


def test_constraint_liaison_and_bridges_on_a_star(tmp_path):
    """h (A) tied to x (B), y (C), z (D); the leaves are not tied to each other.

    Constraint of h: three ties of share 1/3, no indirect path: 3 * (1/3)^2 = 1/3; a leaf has
    one tie of share 1: 1. Liaison of h: the pairs {x,y}, {x,z}, {y,z} are open and their
    departments differ from each other and from A: 3. Every tie is a local bridge.
    """
    departments = {"h": "A", "x": "B", "y": "C", "z": "D"}
    db = network_db(tmp_path / "star.duckdb", departments, ties("x-h y-h h-z"))
    brokers = run_metric(db, "brokers").set_index("person_id")
    assert brokers.index[0] == "h"
    assert brokers.loc["h", "constraint"] == pytest.approx(1 / 3)
    assert brokers.loc["x", "constraint"] == pytest.approx(1.0)
    assert brokers["liaison_count"].to_dict() == {"h": 3, "x": 0, "y": 0, "z": 0}
    assert brokers["local_bridges"].to_dict() == {"h": 3, "x": 1, "y": 1, "z": 1}
    assert brokers.loc["h", "departments_reached"] == 3


def test_constraint_and_liaison_with_a_closed_pair(tmp_path):
    """b (Z) tied to a (X), c (Y), d (X), e (Z); a and c are tied too. All weights 1.

    Liaison of b: its ties outside Z are a (X), c (Y), d (X); pairs of different departments
    are {a,c} and {d,c} ({a,d} are both X, e is b's own department); {a,c} is closed: 1.
    a (X) brokers {b,c} but they are tied: 0; likewise c: 0.
    Constraint of b (4 ties, p = 1/4 each): b->a adds p_bc p_ca = 1/4 * 1/2 = 1/8, b->c adds
    p_ba p_ac = 1/8: 2 (1/4 + 1/8)^2 + 2 (1/4)^2 = 18/64 + 8/64 = 26/64.
    Constraint of a (ties b, c; p = 1/2): a->b via c: 1/2 * 1/2 = 1/4; a->c via b: 1/2 * 1/4 =
    1/8: (3/4)^2 + (5/8)^2 = 36/64 + 25/64 = 61/64.
    """
    departments = {"a": "X", "b": "Z", "c": "Y", "d": "X", "e": "Z"}
    db = network_db(tmp_path / "closed.duckdb", departments, ties("b-a b-c b-d b-e a-c"))
    brokers = run_metric(db, "brokers").set_index("person_id")
    assert brokers["liaison_count"].to_dict() == {"b": 1, "a": 0, "c": 0, "d": 0, "e": 0}
    assert brokers.loc["b", "constraint"] == pytest.approx(26 / 64)
    assert brokers.loc["a", "constraint"] == pytest.approx(61 / 64)
    assert brokers.loc["b", "local_bridges"] == 2  # b-d and b-e; b-a and b-c share c and a


def test_local_bridges_and_overlap(tmp_path):
    """Triangle a-b-c plus c-d. Common neighbours: a-b 1 (c), a-c 1, b-c 1, c-d 0.

    Overlap n / ((k_i - 1) + (k_j - 1) - n), degrees a 2, b 2, c 3, d 1:
    a-b 1/(1+1-1) = 1; a-c and b-c 1/(1+2-1) = 1/2; c-d 0/(2+0) = 0.
    Mean per person: a (1 + 1/2)/2 = 3/4, b 3/4, c (1/2 + 1/2 + 0)/3 = 1/3, d 0.
    The only local bridge is c-d.
    """
    departments = {p: "A" for p in "abcd"}
    db = network_db(tmp_path / "bridge.duckdb", departments, ties("a-b b-c c-a d-c"))
    brokers = run_metric(db, "brokers").set_index("person_id")
    assert brokers["local_bridges"].to_dict() == {"a": 0, "b": 0, "c": 1, "d": 1}
    with duckdb.connect(str(db), read_only=True) as con:
        overlap = dict(con.execute("select person_id, overlap_mean from network_snapshots").fetchall())
    assert overlap == pytest.approx({"a": 0.75, "b": 0.75, "c": 1 / 3, "d": 0.0})


def test_tie_structure_agrees_with_networkx():
    """On a random weighted graph: constraint as networkx.constraint, bridges as local_bridges."""
    rng = np.random.default_rng(5)
    graph = nx.gnm_random_graph(60, 240, seed=2)
    for a, b in graph.edges:
        graph[a][b]["weight"] = float(rng.integers(1, 6))
    src = np.array([a for a, b in graph.edges])
    dst = np.array([b for a, b in graph.edges])
    weight = np.array([graph[a][b]["weight"] for a, b in graph.edges])
    matrix = network_ties.tie_matrix(60, src, dst, weight)
    structure = network_ties.tie_structure(matrix, network_ties.triangles(matrix))
    expected = nx.constraint(graph, weight="weight")
    assert structure["constraint"] == pytest.approx([expected[i] for i in range(60)])
    bridges = np.zeros(60)
    for a, b in nx.local_bridges(graph, with_span=False):
        bridges[[a, b]] += 1
    assert structure["local_bridges"].tolist() == bridges.tolist()


def test_triangles_found_by_bitset_and_by_binary_search():
    """Five people, ties 0-1 1-2 2-0 2-3 3-0 3-4: the triangles are {0,1,2} and {0,2,3}, found
    once each, whichever way the wedges are closed (the bitset of pairs, or the binary search
    used when that bitset would exceed its memory budget, forced here with a budget of 0)."""
    src, dst = np.array([0, 1, 2, 2, 3, 3]), np.array([1, 2, 0, 3, 0, 4])
    matrix = network_ties.tie_matrix(5, src, dst, np.ones(6))
    for budget in (network_ties.BITSET_BYTES, 0):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(network_ties, "BITSET_BYTES", budget)
            found = network_ties.triangles(matrix)
        u, v = found["u"], found["v"]
        corners = {frozenset({u[a], v[a], v[b]}) for a, b in zip(found["ab"], found["bc"], strict=True)}
        assert corners == {frozenset({0, 1, 2}), frozenset({0, 2, 3})}
        assert len(found["ab"]) == 2
        assert all(u[c] == u[a] and v[c] == v[b] for a, b, c in zip(found["ab"], found["bc"], found["ac"],
                                                                    strict=True))


def test_pair_lookup_agrees_with_a_set_either_way(monkeypatch):
    """`_present` on 2,000 random pairs of 300 people asked about 5,000: the bitset and the
    binary search (budget 0) both answer as Python's set membership does."""
    rng = np.random.default_rng(11)
    n = 300
    keys = np.unique(rng.integers(0, n * n, 2_000))
    want = rng.integers(0, n * n, 5_000)
    expected = np.isin(want, list(set(keys.tolist())))
    assert network_ties._present(keys, want, n).tolist() == expected.tolist()
    monkeypatch.setattr(network_ties, "BITSET_BYTES", 0)
    assert network_ties._present(keys, want, n).tolist() == expected.tolist()
    assert 0 < expected.sum() < len(want)  # both answers occur: about 2,000 / 90,000 of 5,000


def test_communities_against_departments(tmp_path):
    """Two cliques of five (A = a1..a5, B = b1..b5) joined by the single tie a1-b1.

    Leiden splits them at the bridge: two communities of 5, each all one department.
    """
    departments = {f"a{i}": "A" for i in range(1, 6)} | {f"b{i}": "B" for i in range(1, 6)}
    pairs = [f"{g}{i}-{g}{j}" for g in "ab" for i in range(1, 6) for j in range(i + 1, 6)]
    db = network_db(tmp_path / "cliques.duckdb", departments, ties(" ".join(pairs + ["a1-b1"])))
    table = run_metric(db, "communities_vs_departments")
    assert sorted(zip(table.department, table.members, strict=True)) == [("A", 5), ("B", 5)]
    assert table.community_id.nunique() == 2


def test_department_matrix(tmp_path):
    """Replies a->b, b->c (Sales->Sales), a->d (Sales->Tech), e->c (Tech->Sales), d->e (Tech->Tech).

    Sales row: 2 inside, 1 to Tech: shares 2/3, 1/3. Tech row: 1 and 1: 1/2 each.
    d also reacts to a's reply (a->d is reply 2): with reactions, Tech->Sales becomes 2:
    Tech row shares 2/3 (Sales), 1/3 (Tech).
    """
    db = network_db(tmp_path / "matrix.duckdb", TWO_DEPTS, ties("a-b b-c a-d e-c d-e"),
                    reactions=[("d", 2)])
    cells = run_metric(db, "department_matrix").set_index(["from_department", "to_department"])
    assert cells["interactions"].to_dict() == {
        ("Sales", "Sales"): 2, ("Sales", "Tech"): 1, ("Tech", "Sales"): 1, ("Tech", "Tech"): 1}
    assert cells.loc[("Sales", "Sales"), "row_share"] == pytest.approx(2 / 3)
    assert cells.loc[("Tech", "Sales"), "row_share"] == pytest.approx(1 / 2)
    with_reactions = run_metric(db, "department_matrix", include_reactions="true").set_index(
        ["from_department", "to_department"])
    assert with_reactions.loc[("Tech", "Sales"), "interactions"] == 2
    assert with_reactions.loc[("Tech", "Sales"), "row_share"] == pytest.approx(2 / 3)
    only_tech = run_metric(db, "department_matrix", department="Tech")
    assert len(only_tech) == 3  # every cell touching Tech: Sales->Tech, Tech->Sales, Tech->Tech


def test_department_network(tmp_path):
    """Replies a->b, b->a, b->c (Sales), d->e (Tech), a->d, c->e (across).

    Ties: Sales-Sales a-b (2 interactions, both directions one tie) and b-c (1): 2 ties, 3
    interactions. Sales-Tech a-d, c-e: 2 ties, 2 interactions. Tech-Tech d-e: 1 tie, 1.
    """
    db = network_db(tmp_path / "depnet.duckdb", TWO_DEPTS, ties("a-b b-a b-c d-e a-d c-e"))
    edges = run_metric(db, "department_network").set_index(["department_a", "department_b"])
    assert edges[["ties", "interactions"]].to_dict("index") == {
        ("Sales", "Sales"): {"ties": 2, "interactions": 3},
        ("Sales", "Tech"): {"ties": 2, "interactions": 2},
        ("Tech", "Tech"): {"ties": 1, "interactions": 1},
    }


def test_leiden_splits_two_cliques_at_their_bridge():
    """Two 5-cliques (nodes 0-4 and 5-9) joined by one tie 0-5: two communities, the cliques;
    the same seed gives the same ids."""
    pairs = [(g + i, g + j) for g in (0, 5) for i in range(5) for j in range(i + 1, 5)] + [(0, 5)]
    u, v = (np.array(side) for side in zip(*pairs, strict=True))
    labels = network_ties.communities(10, u, v, np.ones(len(u)), seed=3)
    assert sorted(labels[:5]) == [labels[0]] * 5 and sorted(labels[5:]) == [labels[5]] * 5
    assert labels[0] != labels[5]
    assert np.array_equal(labels, network_ties.communities(10, u, v, np.ones(len(u)), seed=3))


def test_community_ids_are_numbered_by_size_then_smallest_member():
    """Raw labels [2, 2, 0, 1, 1, 1, 3, 3]: community 1 has 3 members (nodes 3-5), 2 and 3 have
    two each (nodes 0-1 and 6-7; 2 holds the smaller node, 0), 0 has one (node 2). So raw 1 -> 1,
    raw 2 -> 2, raw 3 -> 3, raw 0 -> 4."""
    numbered = network_ties._numbered_by_size(np.array([2, 2, 0, 1, 1, 1, 3, 3]))
    assert numbered.tolist() == [2, 2, 4, 1, 1, 1, 3, 3]


def test_departments_reached_leaves_unknown_departments_out(tmp_path):
    """a (A), b (B), c (no department), d (B); ties a-b, a-c, a-d, c-b.

    Known departments among each person's ties, their own left out: a {B} (c unknown) = 1,
    b {A} = 1, d {A} = 1; c, of unknown department, counts every known one: {A, B} = 2.
    """
    departments = {"a": "A", "b": "B", "c": None, "d": "B"}
    db = network_db(tmp_path / "unknown.duckdb", departments, ties("a-b a-c a-d c-b"))
    with duckdb.connect(str(db), read_only=True) as con:
        reached = dict(con.execute("select person_id, departments_reached from network_snapshots").fetchall())
    assert reached == {"a": 1, "b": 1, "c": 2, "d": 1}


def _random_windows(count: int, people: int, edges: int) -> tuple[list, dict]:
    """`count` month windows of random replies among `people` people in 3 departments, 2 sites;
    the people's groups as network._people gives them (numpy arrays by column)."""
    rng = np.random.default_rng(7)
    idx = np.arange(people)
    groups = {"department_code": (idx % 3).astype(np.int32), "site_code": (idx % 2).astype(np.int32)}
    groups["department"] = np.array([f"D{code}" for code in groups["department_code"]], dtype=object)
    groups["site"] = np.array([f"S{code}" for code in groups["site_code"]], dtype=object)
    windows = []
    for month in range(count):
        src, dst = rng.integers(0, people, edges), rng.integers(0, people, edges)
        keep = src != dst
        windows.append((datetime.date(2024, month + 1, 28), {
            "src": src[keep], "dst": dst[keep], "weight": rng.integers(1, 4, keep.sum()).astype(float)}))
    return windows, groups


def _same_results(found: list, expected: list) -> None:
    """Equal to the last bit, floats included."""
    for (graph, ei, weak), (graph2, ei2, weak2) in zip(found, expected, strict=True):
        pd.testing.assert_frame_equal(pd.DataFrame(graph), pd.DataFrame(graph2), check_exact=True)
        assert ei == ei2
        pd.testing.assert_frame_equal(pd.DataFrame(weak), pd.DataFrame(weak2), check_exact=True)


@pytest.fixture
def two_cores(monkeypatch):
    """The worker starts whatever the machine's cores (a one-core machine would start none)."""
    monkeypatch.setattr(network, "_usable_cores", lambda: 2)


def test_windows_computed_in_the_worker_process_equal_those_computed_here(monkeypatch, two_cores):
    """Windows computed by the worker process equal this process's own. This process's first
    window (the last one) waits until the worker has delivered one, so both compute some of the
    six whatever the machine's speed."""
    windows, people = _random_windows(6, 400, 3_000)
    here = network._all_windows(windows, people, None)
    delivered = threading.Event()
    computed_here = network.window

    def after_the_workers_first(*args):
        assert delivered.wait(120), "the worker delivered no window"
        return computed_here(*args)

    monkeypatch.setattr(network, "window", after_the_workers_first)
    with _worker_logging_months(after=delivered.set) as (worker, months_by_worker):
        found = network._all_windows(windows, people, worker)
    _same_results(found, here)
    assert 0 < len(months_by_worker) < 6 and windows[-1][0] not in months_by_worker
    assert all(graph["community_id"].max() > 1 for graph, _, _ in here)


def test_this_process_helps_with_the_windows_only_once_asked(two_cores):
    """With help_from never set, the worker computes all four windows and this process none;
    set from the start, this process computes at least the last one (it takes it first). Both
    equal the windows computed without a worker."""
    windows, people = _random_windows(4, 200, 1_000)
    here = network._all_windows(windows, people, None)
    for asked, expected in ((threading.Event(), {0, 1, 2, 3}), (_set(threading.Event()), None)):
        with _worker_logging_months() as (worker, months_by_worker):
            _same_results(network._all_windows(windows, people, worker, asked), here)
        by_index = {[m for m, _ in windows].index(m) for m in months_by_worker}
        assert by_index == expected if expected else 3 not in by_index


@contextmanager
def _worker_logging_months(before=None, after=None):
    """A started worker, and the list of the month-ends it computes, in order; `before` and
    `after` run around each of its windows (in the feeder thread)."""
    months = []
    with network.worker_process(True) as worker:
        compute = worker.compute

        def logged(month_end, edges):
            if before:
                before()
            result = compute(month_end, edges)
            months.append(month_end)
            if after:
                after()
            return result

        worker.compute = logged
        yield worker, months


def _set(event: threading.Event) -> threading.Event:
    event.set()
    return event


def test_a_windows_results_do_not_depend_on_the_order_of_its_edges():
    """A window's results do not rest on the order its pairs come in (etl/network_pairs.py sorts
    them, but window() promises this to any caller): the three windows, their edges shuffled, give
    the same results to the last bit."""
    windows, people = _random_windows(3, 300, 2_000)
    rng = np.random.default_rng(3)
    shuffled = []
    for month_end, edges in windows:
        order = rng.permutation(len(edges["src"]))
        shuffled.append((month_end, {key: values[order] for key, values in edges.items()}))
    assert any((a[1]["src"] != b[1]["src"]).any() for a, b in zip(windows, shuffled, strict=True))
    _same_results(network._all_windows(shuffled, people, None), network._all_windows(windows, people, None))


def test_windows_stop_when_the_caller_asks(monkeypatch, two_cores):
    """A load whose activity build fails sets `stop`: no window starts after it, and the
    computation ends with WindowsStopped instead of finishing all five windows. Here the first
    window computed in this process sets it, with help_from set (this process computes at once)
    and the worker's windows delayed until then, so the worker computes at most one."""
    windows, people = _random_windows(5, 200, 1_000)
    stop = threading.Event()
    computed_here = network.window
    done_here = []

    def stopping(*args):
        done_here.append(args[0])
        stop.set()
        return computed_here(*args)

    monkeypatch.setattr(network, "window", stopping)
    with _worker_logging_months(before=lambda: stop.wait(60)) as (worker, months_by_worker):
        with pytest.raises(network.WindowsStopped):
            network._all_windows(windows, people, worker, _set(threading.Event()), stop=stop)
    assert done_here == [windows[-1][0]] and len(months_by_worker) <= 1


def test_a_failing_activity_build_stops_the_network_and_the_load(tmp_path, monkeypatch, two_cores):
    """A load of three months of replies (three month-end windows, a worker started) whose
    activity build fails: the load raises that error, the network computes no window in this
    process (it waits for the activity build, which fails first), and no database is left."""
    from etl import activity, network

    monkeypatch.setattr(network, "WORKER_MIN_INTERACTIONS", 0)
    here = []
    computed_here = network.window
    monkeypatch.setattr(network, "window", lambda *args: here.append(args[0]) or computed_here(*args))

    def failing(con):
        raise RuntimeError("activity build failed")

    monkeypatch.setattr(activity, "rebuild", failing)
    replies = ties("a-b", "2024-01-10") + ties("b-c", "2024-02-10") + ties("c-a", "2024-03-10")
    with pytest.raises(RuntimeError, match="activity build failed"):
        network_db(tmp_path / "failed.duckdb", {"a": "A", "b": "A", "c": "B"}, replies)
    assert here == []
    assert not (tmp_path / "failed.duckdb").exists()


WORKER_EXITS_AT_ONCE = [sys.executable, "-c", "raise SystemExit(3)"]
# reads the people and one window, then dies without answering
WORKER_DIES_ON_ITS_FIRST_WINDOW = [sys.executable, "-c", (
    "import pickle, sys; pickle.load(sys.stdin.buffer); pickle.load(sys.stdin.buffer); "
    "raise SystemExit(4)")]
# answers its first window with bytes that are no pickle
WORKER_ANSWERS_GARBAGE = [sys.executable, "-c", (
    "import pickle, sys; pickle.load(sys.stdin.buffer); pickle.load(sys.stdin.buffer); "
    "sys.stdout.buffer.write(b'not a pickle'); sys.stdout.flush(); raise SystemExit(5)")]


@pytest.mark.parametrize("command", [WORKER_EXITS_AT_ONCE, WORKER_DIES_ON_ITS_FIRST_WINDOW,
                                     WORKER_ANSWERS_GARBAGE],
                         ids=["exits at once", "dies on its first window", "answers garbage"])
def test_windows_are_computed_here_when_the_worker_dies(command, two_cores):
    """A worker that ends without answering leaves every window to this process: all four are
    there, equal to those computed without a worker."""
    windows, people = _random_windows(4, 200, 1_000)
    here = network._all_windows(windows, people, None)
    with network.worker_process(True, command) as worker:
        found = network._all_windows(windows, people, worker)
        assert worker.process.wait(30) in (3, 4, 5)
    _same_results(found, here)


def test_the_window_worker_imports_neither_pandas_nor_pyarrow_nor_duckdb(tmp_path):
    """The worker process starts while the load merges, on the core DuckDB leaves: what it
    imports and unpickles to compute a window (its module, network_graph, igraph, the people's
    groups and a window's edges as the loading process sends them) must stay numpy, scipy and
    igraph. Expected: a window computed, and none of the three heavy modules in sys.modules."""
    windows, people = _random_windows(1, 50, 200)
    job = tmp_path / "job.pickle"
    job.write_bytes(pickle.dumps((people, windows[0])))
    code = ("import pickle, sys; from etl import window_worker, network_graph, network_ties; "
            f"people, (month_end, edges) = pickle.loads(open({str(job)!r}, 'rb').read()); "
            "graph, _, _ = network_graph.window(month_end, edges, people); "
            "print(len(graph['person']), sorted({m.split('.')[0] for m in sys.modules} "
            "& {'pandas', 'pyarrow', 'duckdb'}))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                           check=True)
    assert found.stdout.split(" ", 1) == [str(len(set(windows[0][1]["src"]) | set(windows[0][1]["dst"]))),
                                          "[]\n"]


def test_no_worker_when_its_interpreter_cannot_be_started(two_cores):
    """A worker command that does not exist gives no worker (None), and the two windows are
    computed here, as without a worker."""
    windows, people = _random_windows(2, 200, 1_000)
    with network.worker_process(True, ["/nonexistent/python3"]) as worker:
        assert worker is None
        _same_results(network._all_windows(windows, people, worker),
                      network._all_windows(windows, people, None))


def test_a_script_without_main_guard_runs_its_load_once(tmp_path):
    """A script calling the network build at top level, with no `if __name__ == "__main__"`
    guard: the worker process must not run the script again (a spawned multiprocessing child
    re-imports the main module, so the marker file got two lines and the load ran twice).
    Expected: one line in the marker, the script exits 0 with the snapshots of a-b, b-c: 3 rows."""
    departments = {"a": "A", "b": "A", "c": "B"}
    db = network_db(tmp_path / "script.duckdb", departments, ties("a-b b-c"))
    marker = tmp_path / "runs.txt"
    script = tmp_path / "load_script.py"
    script.write_text(textwrap.dedent(f"""
        import duckdb
        from etl import network
        from etl.config import Config

        with open({str(marker)!r}, "a") as fh:
            print("run", file=fh)
        network.WORKER_MIN_PAIRS = 0
        network._usable_cores = lambda: 2
        con = duckdb.connect({str(db)!r})
        con.execute("delete from network_windows")  # every window computed again, some by the worker
        network.rebuild(con, Config())
        print(con.execute("select count(*) from network_snapshots").fetchall()[0][0])
        con.close()
    """))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3"]
    assert marker.read_text().splitlines() == ["run"]


def test_rebuild_with_the_worker_process_gives_the_same_tables(tmp_path, monkeypatch, two_cores):
    """Three monthly windows of a small network, rebuilt in-process and then as a large load
    (worker process, windows taken back by this process): the same rows in both tables."""
    from etl.config import Config

    departments = {p: "A" if p < "e" else "B" for p in "abcdefgh"}
    replies = (ties("a-b b-c c-a d-e", "2024-01-10") + ties("e-f f-g g-h h-e a-e", "2024-02-10")
               + ties("a-h b-g c-f", "2024-03-10"))
    db = network_db(tmp_path / "worker.duckdb", departments, replies)
    tables = "select * from network_snapshots order by all", "select * from network_ei order by all"
    with duckdb.connect(str(db)) as con:
        before = [con.execute(q).fetchall() for q in tables]
        monkeypatch.setattr(network, "WORKER_MIN_PAIRS", 0)
        con.execute("delete from network_windows")  # every window computed again, with the worker
        network.rebuild(con, Config())
        after = [con.execute(q).fetchall() for q in tables]
    assert len(before[0]) == 5 + 8 + 8  # people with a tie: a-e in January, then all eight
    assert after == before


def test_a_large_load_starts_its_worker_before_merging(tmp_path, monkeypatch, two_cores):
    """A load whose batches hold at least WORKER_MIN_INTERACTIONS posts, mentions and reactions
    starts the worker process before merging (it imports while the merge runs), and the network
    is given that one: one worker in all, already there when the merge is done. The fixture has 4
    replies, so 8 posts; with the threshold at 8 the tables equal those of a load without worker
    (threshold out of reach)."""
    departments = {"a": "A", "b": "A", "c": "B", "d": "B"}
    replies = ties("a-b b-c c-d", "2024-01-10") + ties("d-a", "2024-02-10")
    tables = "select * from network_snapshots order by all", "select * from network_ei order by all"

    def built(name: str) -> list:
        with duckdb.connect(str(network_db(tmp_path / name, departments, replies)), read_only=True) as con:
            return [con.execute(q).fetchall() for q in tables]

    without = built("without.duckdb")
    started, at_merge_end, given = [], [], []
    real_worker, real_rebuild = network.WindowWorker, network.rebuild

    def starting(*args):
        started.append(real_worker(*args))
        return started[-1]

    def rebuilding(con, config, help_from=None, stop=None, worker=None):
        given.append(worker)
        return real_rebuild(con, config, help_from, stop, worker)

    monkeypatch.setattr(network, "WindowWorker", starting)
    monkeypatch.setattr(network, "rebuild", rebuilding)
    monkeypatch.setattr(network, "WORKER_MIN_INTERACTIONS", 8)
    from etl import load as loading

    real_build = loading._build

    def noting_merge_end(con, batches, config, salt, when, after_merge, worker=None):
        return real_build(con, batches, config, salt, when, lambda: at_merge_end.append(len(started)), worker)

    monkeypatch.setattr(loading, "_build", noting_merge_end)
    assert built("with.duckdb") == without
    assert (len(started), at_merge_end) == (1, [1])
    assert given == started  # the network used the worker started before the merge
