"""Influencer emergence (issue 6): PageRank, the influence signals, emergence, rising people and
roles, on fixtures whose values are worked out by hand.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from conftest import batch, build_db, run_metric
from network_helpers import network_db, ties

from etl.config import Config
from etl.network_influence import pagerank


def test_pagerank_two_people_pointing_at_a_third():
    """a -> c, b -> c; c has no out-edge, so its score spreads evenly (alpha = 0.85, n = 3).

    x = PR(a) = PR(b) = 0.05 + 0.85 y / 3 and y = PR(c) = 1 - 2x give
    y (1 + 1.7/3) = 0.9, so y = 2.7 / 4.7 = 27/47 and x = 10/47.
    """
    scores = pagerank(3, np.array([0, 1]), np.array([2, 2]), np.array([1.0, 1.0]))
    assert scores == pytest.approx([10 / 47, 10 / 47, 27 / 47])


def test_pagerank_uses_the_weights():
    """a -> b (weight 3), a -> c (1), b -> a, c -> a.

    PR(a) = 0.05 + 0.85 (PR(b) + PR(c)) = 0.05 + 0.85 (1 - PR(a)), so PR(a) = 0.9/1.85 = 18/37.
    PR(b) = 0.05 + 0.85 * 3/4 * 18/37 = 13.325/37; PR(c) = 0.05 + 0.85 * 1/4 * 18/37 = 5.675/37.
    """
    scores = pagerank(3, np.array([0, 0, 1, 2]), np.array([1, 2, 0, 0]), np.array([3.0, 1.0, 1.0, 1.0]))
    assert scores == pytest.approx([18 / 37, 13.325 / 37, 5.675 / 37])


def test_pagerank_agrees_with_networkx_on_a_random_graph():
    rng = np.random.default_rng(3)
    graph = nx.gnm_random_graph(80, 300, seed=4, directed=True)
    weights = {edge: float(rng.integers(1, 5)) for edge in graph.edges}
    nx.set_edge_attributes(graph, weights, "weight")
    src = np.array([a for a, b in graph.edges])
    dst = np.array([b for a, b in graph.edges])
    ours = pagerank(80, src, dst, np.array([weights[e] for e in graph.edges]))
    theirs = nx.pagerank(graph, alpha=0.85, weight="weight", tol=1e-12)
    assert ours == pytest.approx([theirs[i] for i in range(80)], abs=1e-9)


def test_influence_signals(tmp_path):
    """Threads k = 0..3: b answers a (0), c answers a (1), d answers a (2), a answers b (3).

    c and e react to a's answer (reply-3); reply-3 and reply-0 are accepted answers.
    a: replied to by b, c, d and reacted to by c, e -> audience {b, c, d, e} = 4; reactions from
    2 people; 1 accepted answer (b's question; b answering a's question counts for b).
    a's ties b (Sales), c (Tech), d (Ops): other departments than Sales reached = 2 (e only
    reacted, which is no tie). In-degree 3 replies, out-degree 1. a is ranked first.
    """
    departments = {"a": "Sales", "b": "Sales", "c": "Tech", "d": "Ops", "e": "HR"}
    db = network_db(tmp_path / "signals.duckdb", departments, ties("b-a c-a d-a a-b"),
                    reactions=[("c", 3), ("e", 3)], accepted=[0, 3])
    ranking = run_metric(db, "influence_ranking").set_index("person_id")
    assert ranking.index[0] == "a" and ranking.loc["a", "rank"] == 1
    assert ranking.loc["a", ["audience", "reactions_from_distinct_people", "accepted_answers",
                             "departments_reached"]].tolist() == [4, 2, 1, 2]
    assert ranking.loc["b", "accepted_answers"] == 1
    assert ranking["pagerank"].sum() == pytest.approx(1.0)
    assert set(ranking.index) == {"a", "b", "c", "d"}  # e has no reply or mention edge


# Rank lists, best first, one per month. Each month the last of the list replies to the one
# before it, and so on up the list: in such a chain PageRank grows at every step (each person
# gets alpha times the score of the one below), so the ranks are exactly these lists.
HISTORY = {
    "2024-01-15": "abcdefghij",
    "2024-02-15": "cabdefghij",
    "2024-03-15": "eabcdfghij",
    "2024-04-15": "aebcdfghij",
    "2024-05-15": "caebdfghij",
    "2024-06-15": "cjaebdfghi",
}


def _history_db(tmp_path):
    replies = [(order[i + 1], order[i], day) for day, order in HISTORY.items() for i in range(9)]
    # A 28-day window ending on a month-end holds that month's 15th and no other.
    return network_db(tmp_path / "history.duckdb", {p: "D" for p in "abcdefghij"}, replies,
                      config=Config(network_window_days=28))


def test_rank_history_follows_the_chains(tmp_path):
    db = _history_db(tmp_path)
    march = run_metric(db, "influence_ranking", month_end="2024-03-31")
    assert "".join(march.person_id) == "eabcdfghij"
    assert run_metric(db, "influence_ranking").person_id.iloc[1] == "j"


def test_emergence(tmp_path):
    """Ten ranked people each month: the top decile is rank 1. Top: Jan a, Feb c, Mar e, Apr a,
    May c, Jun c.

    a: top in Jan, the first month (no two months before it): not an emergence; out Feb, Mar;
       top Apr -> emerged 2024-04, rank 1; rank in June 3.
    c: top in Feb after one month out (Jan): not yet; out Mar, Apr; top May -> emerged 2024-05,
       rank 1, June rank 1.
    e: out Jan, Feb; top Mar -> emerged 2024-03; June rank 4.
    As of April: e (Mar, rank now 2) and a (Apr, rank now 1) only.
    """
    db = _history_db(tmp_path)
    found = run_metric(db, "emerging_influencers")
    rows = [(r.person_id, str(r.emerged_month)[:7], r.rank_at_emergence, r.rank_now)
            for r in found.itertuples()]
    assert rows == [("c", "2024-05", 1, 1), ("a", "2024-04", 1, 3), ("e", "2024-03", 1, 4)]

    april = run_metric(db, "emerging_influencers", month_end="2024-04-30")
    assert sorted(zip(april.person_id, april.rank_now, strict=True)) == [("a", 1), ("e", 2)]
    since_may = run_metric(db, "emerging_influencers", start="2024-05-01")
    assert since_may.person_id.tolist() == ["c"]


def test_rising(tmp_path):
    """June against March: j 10 -> 2 (gain 8), c 4 -> 1 (gain 3); everyone else lost or held.
    (March e1 a2 b3 c4 d5 f6 g7 h8 i9 j10; June c1 j2 a3 e4 b5 d6 f7 g8 h9 i10.)
    May against February: e 5 -> 3 (gain 2); b 3 -> 4 and d 4 -> 5 lost; the rest held.
    April has no month-end three months before it in the data: nothing to compare.
    """
    db = _history_db(tmp_path)
    june = run_metric(db, "rising_people")
    assert [(r.person_id, r.rank_3_months_ago, r.rank_now, r.rank_gain) for r in june.itertuples()] == [
        ("j", 10, 2, 8), ("c", 4, 1, 3)]
    may = run_metric(db, "rising_people", month_end="2024-05-31")
    assert may[["person_id", "rank_gain"]].values.tolist() == [["e", 2]]
    assert run_metric(db, "rising_people", month_end="2024-03-31").empty


def _roles_db(path):
    """z writes seven threads (z0..z6); the others act on them and z answers the others."""
    people = ["obs", "act", "englow", "cat", "enghigh", "resp", "respreply", "broad", "z", "idle"]
    accounts = [{"source_user_id": p, "person_id": p, "display_name": p, "department": "D"}
                for p in people]
    posts, reactions = [], []

    def post(pid, author, parent=None):
        thread = parent.split(".")[0] if parent else pid
        posts.append({"post_id": pid, "thread_id": thread, "author_id": author,
                      "created_at": "2024-03-15T10:00:00Z", "parent_post_id": parent})

    for k in range(7):
        post(f"z{k}", "z")

    def starts(person, count, z_replies):
        for k in range(count):
            post(f"{person}{k}", person)
        for k in range(z_replies):
            post(f"{person}0.z{k}", "z", parent=f"{person}0")

    def react(person, count):
        reactions.extend({"post_id": f"z{k}", "person_id": person, "kind": "like"} for k in range(count))

    starts("obs", 2, 2)
    starts("act", 2, 3)
    starts("englow", 2, 4)
    starts("cat", 2, 5)
    starts("enghigh", 1, 3)
    react("enghigh", 5)
    starts("resp", 4, 3)
    react("resp", 4)
    starts("broad", 4, 3)
    react("broad", 3)
    for k in range(7):
        post(f"z{k}.rr{k}", "respreply", parent=f"z{k}")
    for k in range(3):
        post(f"z0.rr0.z{k}", "z", parent="z0.rr0")
    return build_db(path, batch("directory", accounts=accounts),
                    batch("canonical", posts=posts, reactions=reactions))


def test_role_thresholds_at_their_edges(tmp_path):
    """given = posts + reactions made; received = replies + reactions received.

    obs: 2 posts, 2 replies from z: 4 < 5 -> observer.
    act: 2 posts, 3 replies got: 5 (the edge) -> active; 3 <= 2*2 and 2 <= 2*3 -> engager.
    englow: given 2, received 4 = 2 * given, not more -> engager (not catalyst).
    cat: given 2, received 5 > 4 -> catalyst.
    enghigh: 1 post + 5 reactions = 6 = 2 * received 3, not more -> engager.
    resp: 4 posts + 4 reactions = 8 > 6; responses 4 reactions, 2*4 = 8 >= 8 -> responder.
    broad: 4 posts + 3 reactions = 7 > 6; responses 3, 2*3 = 6 < 7 -> broadcaster.
    respreply: 7 replies to z (given 7), 3 replies got -> responses 7 >= 3.5 -> responder.
    idle: nothing -> observer (0, 0). With $min_activity = 6, act (5) becomes an observer.
    """
    db = _roles_db(tmp_path / "roles.duckdb")
    roles = run_metric(db, "roles").set_index("person_id")
    expected = {
        "obs": ("observer", 2, 2), "act": ("engager", 2, 3), "englow": ("engager", 2, 4),
        "cat": ("catalyst", 2, 5), "enghigh": ("engager", 6, 3), "resp": ("responder", 8, 3),
        "broad": ("broadcaster", 7, 3), "respreply": ("responder", 7, 3), "idle": ("observer", 0, 0),
    }
    for person, (role, given, received) in expected.items():
        assert (roles.loc[person, "role"], roles.loc[person, "given"], roles.loc[person, "received"]) == (
            role, given, received), person
    stricter = run_metric(db, "roles", min_activity="6").set_index("person_id")
    assert stricter.loc["act", "role"] == "observer"
    assert stricter.loc["englow", "role"] == "engager"


def test_person_activity(tmp_path):
    """The signals fixture, all in March 2024, seen from a.

    a wrote root-0, root-1, root-2 (answered by b, c, d) and reply-3 (answering b): 4 posts,
    1 reply, 1 person helped (b, Sales). Received 3 replies and 2 reactions (c, e); reached by
    b, c, d, e from Sales, Tech, Ops, HR: 4 people, 4 departments. Rank 1 at 2024-03-31.
    """
    departments = {"a": "Sales", "b": "Sales", "c": "Tech", "d": "Ops", "e": "HR"}
    db = network_db(tmp_path / "person.duckdb", departments, ties("b-a c-a d-a a-b"),
                    reactions=[("c", 3), ("e", 3)])
    month = run_metric(db, "person_activity", person_id="a")
    assert len(month) == 1
    row = month.iloc[0]
    assert str(row.month)[:10] == "2024-03-01"
    assert [row.posts, row.replies, row.people_helped, row.departments_helped] == [4, 1, 1, 1]
    assert [row.replies_received, row.mentions_received, row.reactions_received] == [3, 0, 2]
    assert [row.people_reaching, row.departments_reaching, row["rank"]] == [4, 4, 1]
    assert run_metric(db, "person_activity").empty
