"""Participation inequality and the Lorenz curve, on distributions computed by hand.

Gini with people sorted by posts ascending (x_1 <= ... <= x_n, i their rank):
G = 2 * sum(i * x_i) / (n * sum(x)) - (n + 1) / n.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_metric as run
from test_adoption_metrics import DIRECTORY, POSTS, Q1, REACTIONS, SPACES, THREAD_SPACES, forum_db


@pytest.fixture(scope="module")
def company_db(tmp_path_factory) -> Path:
    return forum_db(tmp_path_factory.mktemp("inequality") / "company.duckdb", DIRECTORY, SPACES, POSTS,
                    THREAD_SPACES, REACTIONS, bots=["bot1"])


@pytest.fixture(scope="module")
def skewed_db(tmp_path_factory) -> Path:
    """20 directory people in 3 departments: h (D1) writes 10 posts, m (D2) 5, n1-n3 (D2) and n4-n9
    (D3) one each; z1-z9 (D3) never post. One thread per post, all in 2024-01, all in space s1."""
    directory = [("h", "D1", "Paris", "senior"), ("m", "D2", "Paris", "senior")]
    directory += [(f"n{i}", "D2" if i <= 3 else "D3", "Lyon", "junior") for i in range(1, 10)]
    directory += [(f"z{i}", "D3", "Lyon", "junior") for i in range(1, 10)]
    counts = {"h": 10, "m": 5, **{f"n{i}": 1 for i in range(1, 10)}}
    posts = [
        (f"{who}-{k}", f"t-{who}-{k}", who, f"2024-01-{k + 1:02d} 10:00", None, False)
        for who, count in counts.items() for k in range(count)
    ]
    threads = {post[1]: "s1" for post in posts}
    return forum_db(tmp_path_factory.mktemp("skewed") / "skewed.duckdb", directory,
                    [("s1", "Forum", "work")], posts, threads)


def only_row(frame):
    assert len(frame) == 1
    return frame.iloc[0]


def test_gini_top_shares_and_elephant_on_a_skewed_forum(skewed_db):
    """n = 11 engaged, 24 posts; ascending 1 x 9, 5, 10: sum(i x) = 45 + 10*5 + 11*10 = 205, so
    G = 410/264 - 12/11 = 122/264. Top 1% = ceil(0.11) = 1 person: 10/24; top 10% = ceil(1.1) = 2:
    15/24. Departments: D1 10, D2 5 + 3 = 8, D3 6; half of 24 is 12: D1 alone 10 < 12, D1 + D2 = 18
    -> elephant factor 2. Directory of 20: never posted 9 (z1-z9), occasional (1-9 posts) 10,
    heavy (>= 10) 1 (h)."""
    row = only_row(run(skewed_db, "participation_inequality"))
    assert row["engaged_people"] == 11 and row["posts"] == 24
    assert row["gini"] == pytest.approx(122 / 264)
    assert row["top1pct_share"] == pytest.approx(10 / 24)
    assert row["top10pct_share"] == pytest.approx(15 / 24)
    assert row["elephant_factor"] == 2
    assert (row["never_posted_share"], row["occasional_share"], row["heavy_share"]) == pytest.approx(
        (9 / 20, 10 / 20, 1 / 20))


def test_heavy_threshold_is_a_parameter(skewed_db):
    """$heavy_posts = 5: h and m are heavy (2/20), the nine singles occasional (9/20)."""
    row = only_row(run(skewed_db, "participation_inequality", heavy_posts=5))
    assert (row["occasional_share"], row["heavy_share"]) == pytest.approx((9 / 20, 2 / 20))


def test_inequality_in_q1_counts_people_who_only_reacted(company_db):
    """Q1 posts per engaged person: a2 3, b1 3, a1 2, a3 1, x1 1, c1 1, and b2 0 (reacted only);
    n = 7, 11 posts. Ascending 0 1 1 1 2 3 3: sum(i x) = 2 + 3 + 4 + 10 + 18 + 21 = 58, so
    G = 116/77 - 8/7 = 28/77. Top 1% and top 10% are both one person (3 posts): 3/11. Directory of
    10: a1 a2 a3 b1 c1 posted (all under 10 posts) -> never 5/10, occasional 5/10, heavy 0.
    Elephant: R&D 6 (a1 2 + a2 3 + a3 1), Sales 3, HR 1 (x1 has no department): R&D alone >= 5."""
    row = only_row(run(company_db, "participation_inequality", **Q1))
    assert row["engaged_people"] == 7 and row["posts"] == 11
    assert row["gini"] == pytest.approx(28 / 77)
    assert (row["top1pct_share"], row["top10pct_share"]) == pytest.approx((3 / 11, 3 / 11))
    assert (row["never_posted_share"], row["occasional_share"], row["heavy_share"]) == pytest.approx(
        (0.5, 0.5, 0.0))
    assert row["elephant_factor"] == 1


def test_inequality_filters(company_db):
    """$department = Sales: b1 3 posts, b2 0 -> G = 2*(2*3)/(2*3) - 3/2 = 0.5, the maximum (n-1)/n.
    $space = s2: a2 1 (p5), b1 2 (p6 p7), a1 1 (p8), b2 0 -> ascending 0 1 1 2, sum(i x) = 13,
    G = 26/16 - 5/4 = 0.375. $site = Lyon: a3 1, c1 1 -> G = 0."""
    assert only_row(run(company_db, "participation_inequality", department="Sales", **Q1))["gini"] == \
        pytest.approx(0.5)
    assert only_row(run(company_db, "participation_inequality", space="s2", **Q1))["gini"] == \
        pytest.approx(0.375)
    assert only_row(run(company_db, "participation_inequality", site="Lyon", **Q1))["gini"] == \
        pytest.approx(0.0)


def test_inequality_of_few_people_is_suppressed(company_db):
    """Sales has 2 engaged people in Q1: under min_group_size 5 the whole row is blanked."""
    row = only_row(run(company_db, "participation_inequality", min_group_size=5, department="Sales", **Q1))
    assert row["suppressed"] and row["gini"] is None and row["engaged_people"] is None


def test_lorenz_curve_points(company_db):
    """Q1: ascending 0 1 1 1 2 3 3; the bottom 1..7 people wrote 0 1 2 3 5 8 11 of 11 posts. At p% the
    curve is at 7p/100 people, linear between people: 14% -> 0.98 of the first (0 posts) -> 0;
    50% -> 3.5 people -> (2 + 0.5 * 1)/11; 70% -> 4.9 -> (3 + 0.9 * 2)/11; 100% -> 1."""
    curve = run(company_db, "lorenz_curve", **Q1)
    assert len(curve) == 101
    points = dict(zip(curve["people_share"].round(2), curve["posts_share"], strict=True))
    assert points[0.0] == 0 and points[0.14] == 0
    assert points[0.5] == pytest.approx(2.5 / 11)
    assert points[0.7] == pytest.approx(4.8 / 11)
    assert points[1.0] == pytest.approx(1.0)


def test_lorenz_area_matches_gini(skewed_db):
    """The curve is linear between people, so the trapezoids over its 101 points measure it exactly
    but where a person boundary falls between two points: 1 - 2 * area comes within 0.005 of
    G = 122/264."""
    curve = run(skewed_db, "lorenz_curve")
    x, y = curve["people_share"].to_numpy(), curve["posts_share"].to_numpy()
    area_under = float(((y[1:] + y[:-1]) / 2 * (x[1:] - x[:-1])).sum())
    assert 1 - 2 * area_under == pytest.approx(122 / 264, abs=0.005)
