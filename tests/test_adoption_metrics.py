"""Adoption metrics (issue 4) on a small company whose every number is worked out by hand.

The company (`company_db`): ten directory people, an outsider and a bot.

    person  department site  level   posts (UTC), space s1 = "Data guild" (work), s2 = "Running club" (affinity)
    a1      R&D        Paris junior  p1 2023-11-10 s1 (first post before the window), p3 Jan 15 s1, p8 Feb 10 s2
    a2      R&D        Paris senior  p2 Jan 5 s1, p5 Jan 20 s2, p12 Mar 3 s1, p15 Apr 2 s1 (after the window)
    a3      R&D        Lyon  senior  p4 Jan 25 s1
    a4      R&D        Lyon  junior  (reacted to p1 on 2023-12-01, before the window)
    b1      Sales      Paris junior  p6 Feb 2 s2, p7 Feb 14 s2 (reply to itself), p11 Mar 1 s1
    b2      Sales      Paris expert  (reacted to p5 on Feb 20, in s2)
    b3      Sales      Lyon  senior  p16 2023-10-01 s2
    c1      HR         Lyon  junior  p13 Mar 31 23:30 UTC s1 (still March in UTC)
    c2      HR         Paris senior  p10 Feb 6 s1, deleted
    c3      HR         Paris junior  -
    x1      (not in the directory)   p9 Feb 5 s1
    bot1    (bot)                    p14 Jan 10 s1; reacted to p2

Replies: p3, p4 -> p2 (a2); p7 -> p6 (b1, itself); p8 -> p6 (b1); p10 -> p9 (deleted);
p12, p13 -> p11 (b1). The window used below is Q1 2024: start 2024-01-01, end 2024-04-01.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import batch, build_db, run_metric

Q1 = {"start": "2024-01-01", "end": "2024-04-01"}

DIRECTORY = [
    ("a1", "R&D", "Paris", "junior"), ("a2", "R&D", "Paris", "senior"),
    ("a3", "R&D", "Lyon", "senior"), ("a4", "R&D", "Lyon", "junior"),
    ("b1", "Sales", "Paris", "junior"), ("b2", "Sales", "Paris", "expert"),
    ("b3", "Sales", "Lyon", "senior"),
    ("c1", "HR", "Lyon", "junior"), ("c2", "HR", "Paris", "senior"), ("c3", "HR", "Paris", "junior"),
]
SPACES = [("s1", "Data guild", "work"), ("s2", "Running club", "affinity")]
# post_id, thread_id, author, created_at (UTC), parent, deleted
POSTS = [
    ("p1", "t1", "a1", "2023-11-10 10:00", None, False),
    ("p2", "t2", "a2", "2024-01-05 09:00", None, False),
    ("p3", "t2", "a1", "2024-01-15 10:00", "p2", False),
    ("p4", "t2", "a3", "2024-01-25 12:00", "p2", False),
    ("p5", "t3", "a2", "2024-01-20 08:00", None, False),
    ("p6", "t4", "b1", "2024-02-02 18:00", None, False),
    ("p7", "t4", "b1", "2024-02-14 18:00", "p6", False),
    ("p8", "t4", "a1", "2024-02-10 09:00", "p6", False),
    ("p9", "t5", "x1", "2024-02-05 11:00", None, False),
    ("p10", "t5", "c2", "2024-02-06 11:00", "p9", True),
    ("p11", "t6", "b1", "2024-03-01 10:00", None, False),
    ("p12", "t6", "a2", "2024-03-03 10:00", "p11", False),
    ("p13", "t6", "c1", "2024-03-31 23:30", "p11", False),
    ("p14", "t7", "bot1", "2024-01-10 10:00", None, False),
    ("p15", "t8", "a2", "2024-04-02 10:00", None, False),
    ("p16", "t9", "b3", "2023-10-01 10:00", None, False),
]
THREAD_SPACES = {"t1": "s1", "t2": "s1", "t3": "s2", "t4": "s2", "t5": "s1", "t6": "s1", "t7": "s1",
                 "t8": "s1", "t9": "s2"}
REACTIONS = [("p5", "b2", "2024-02-20 12:00"), ("p2", "bot1", "2024-01-06 12:00"),
             ("p1", "a4", "2023-12-01 12:00")]


def utc(when: str) -> str:
    return when.replace(" ", "T") + ":00Z"


def forum_db(path: Path, directory, spaces, posts, thread_info, reactions=(), bots=()) -> Path:
    """A database from a directory batch and a canonical batch; threads take their first post's
    author and time, and their space, title and is_question from `thread_info`
    ({thread_id: space_id} or {thread_id: {"space_id", "title", "is_question"}})."""
    people = batch("directory", accounts=[
        {"source_user_id": uid, "email": f"{uid}@example.com", "display_name": uid.upper(),
         "department": dept, "site": site, "job_level": level}
        for uid, dept, site, level in directory
    ])
    rows = [
        {"post_id": pid, "thread_id": tid, "author_id": author, "created_at": utc(when),
         "parent_post_id": parent, "body_text": "" if deleted else body,
         "deleted_at": utc(when) if deleted else None}
        for pid, tid, author, when, parent, deleted, body in (
            (*post, "") if len(post) == 6 else post for post in posts
        )
    ]
    frame = pd.DataFrame(rows)
    openers = frame.sort_values("created_at").groupby("thread_id").first().reset_index()
    threads = []
    for opener in openers.itertuples():
        info = thread_info[opener.thread_id]
        info = {"space_id": info} if isinstance(info, str) else info
        threads.append({"thread_id": opener.thread_id, "author_id": opener.author_id,
                        "created_at": opener.created_at, **info})
    forum = batch(
        "canonical",
        accounts=[{"source_user_id": bot, "display_name": bot, "is_bot": True} for bot in bots]
        or pd.DataFrame(columns=["source_user_id"]),
        spaces=[{"space_id": sid, "name": name, "kind": kind} for sid, name, kind in spaces],
        threads=threads,
        posts=frame,
        reactions=[{"post_id": pid, "person_id": who, "kind": "like", "created_at": utc(when)}
                   for pid, who, when in reactions] or pd.DataFrame(columns=["post_id"]),
    )
    return build_db(path, people, forum)


@pytest.fixture(scope="module")
def company_db(tmp_path_factory) -> Path:
    return forum_db(tmp_path_factory.mktemp("adoption") / "company.duckdb", DIRECTORY, SPACES, POSTS,
                    THREAD_SPACES, REACTIONS, bots=["bot1"])


def rows(frame: pd.DataFrame, key: str, *columns: str) -> dict:
    return {getattr(r, key) if not hasattr(getattr(r, key), "isoformat") else str(getattr(r, key))[:10]:
            tuple(getattr(r, c) for c in columns) for r in frame.itertuples()}


def test_adoption_by_department_in_q1(company_db):
    """Headcounts R&D 4, Sales 3, HR 3. Engaged in Q1 (posted or reacted): a1, a2, a3, b1, b2 (reacted
    only), c1 (Mar 31 23:30 UTC); c2's only post is deleted, x1 is not in the directory, the bot is
    not counted, a4 reacted before the window. R&D 3/4, Sales 2/3, HR 1/3."""
    result = run_metric(company_db, "adoption_by_group", **Q1)
    assert rows(result, "group_value", "headcount", "engaged_people") == {
        "R&D": (4, 3), "Sales": (3, 2), "HR": (3, 1)}
    assert result.set_index("group_value")["adoption_rate"].to_dict() == pytest.approx(
        {"R&D": 0.75, "Sales": 2 / 3, "HR": 1 / 3})


def test_adoption_by_site_and_level(company_db):
    """Sites: Paris a1 a2 b1 b2 c2 c3 (6) of whom a1 a2 b1 b2 engaged; Lyon a3 a4 b3 c1 (4): a3, c1.
    Levels: junior a1 a4 b1 c1 c3 (5): a1 b1 c1; senior a2 a3 b3 c2 (4): a2 a3; expert b2 (1): b2."""
    sites = run_metric(company_db, "adoption_by_group", group="site", **Q1)
    assert rows(sites, "group_value", "headcount", "engaged_people") == {"Paris": (6, 4), "Lyon": (4, 2)}
    levels = run_metric(company_db, "adoption_by_group", group="job_level", **Q1)
    assert rows(levels, "group_value", "headcount", "engaged_people") == {
        "junior": (5, 3), "senior": (4, 2), "expert": (1, 1)}


def test_adoption_small_groups_are_suppressed(company_db):
    """With min_group_size 5 only the junior level (5 people) shows; senior (4) and expert (1) are
    blanked, headcount included, but keep their key."""
    levels = run_metric(company_db, "adoption_by_group", min_group_size=5, group="job_level", **Q1)
    by_level = levels.set_index("group_value")
    assert not by_level.loc["junior", "suppressed"] and by_level.loc["junior", "engaged_people"] == 3
    assert by_level.loc["senior", "suppressed"] and by_level.loc["expert", "suppressed"]
    assert by_level.loc["senior", "headcount"] is None and by_level.loc["expert", "adoption_rate"] is None


def test_adoption_filters(company_db):
    """$space = s2: posts p5 (a2), p6 p7 (b1), p8 (a1) and b2's reaction to p5 -> R&D 2/4, Sales 2/3,
    HR 0/3. $department = Sales keeps the Sales row only (2 of 3). $site = Lyon: R&D a3 (of a3 a4),
    Sales none (of b3), HR c1 (of c1)."""
    space = run_metric(company_db, "adoption_by_group", space="s2", **Q1)
    assert rows(space, "group_value", "engaged_people") == {"R&D": (2,), "Sales": (2,), "HR": (0,)}
    sales = run_metric(company_db, "adoption_by_group", department="Sales", **Q1)
    assert rows(sales, "group_value", "headcount", "engaged_people") == {"Sales": (3, 2)}
    lyon = run_metric(company_db, "adoption_by_group", site="Lyon", **Q1)
    assert rows(lyon, "group_value", "headcount", "engaged_people") == {
        "R&D": (2, 1), "Sales": (1, 0), "HR": (1, 1)}


def test_adoption_by_month_for_the_heatmap(company_db):
    """Jan: R&D a1 a2 a3; Feb: R&D a1, Sales b1 b2; Mar: R&D a2, Sales b1, HR c1 (23:30 UTC on the
    31st is March). Groups with nobody engaged in a month show 0."""
    result = run_metric(company_db, "adoption_by_group", by_month="true", **Q1)
    got = {(str(r.month)[:7], r.group_value): r.engaged_people for r in result.itertuples()}
    assert got == {
        ("2024-01", "R&D"): 3, ("2024-01", "Sales"): 0, ("2024-01", "HR"): 0,
        ("2024-02", "R&D"): 1, ("2024-02", "Sales"): 2, ("2024-02", "HR"): 0,
        ("2024-03", "R&D"): 1, ("2024-03", "Sales"): 1, ("2024-03", "HR"): 1,
    }


def test_adoption_rejects_an_unknown_group(company_db):
    with pytest.raises(Exception, match="department, site or job_level"):
        run_metric(company_db, "adoption_by_group", group="manager", **Q1)


def test_monthly_participation_in_q1(company_db):
    """Jan: posters a2 (p2 p5), a1 (p3), a3 (p4); new a2, a3 (first posts ever); a1 first posted in
    Nov 2023 so returns; 4 posts, 2 replies (p3 p4). Feb: posters b1 (p6 p7), a1 (p8), x1 (p9), plus
    b2 who only reacted -> engaged 4; new b1, x1; 4 posts, 2 replies (p7 p8), 1 reaction; in the
    directory b1 a1 b2 -> 3/10. Mar: b1 (p11), a2 (p12), c1 (p13); new c1; 3 posts, 2 replies.
    Bot and deleted posts never count; p15 (Apr 2) is after the window."""
    result = run_metric(company_db, "monthly_participation", **Q1)
    columns = ("engaged_people", "posters", "new_contributors", "returning_contributors", "posts",
               "replies", "reactions")
    assert rows(result, "month", *columns) == {
        "2024-01-01": (3, 3, 2, 1, 4, 2, 0),
        "2024-02-01": (4, 3, 2, 1, 4, 2, 1),
        "2024-03-01": (3, 3, 1, 2, 3, 2, 0),
    }
    assert result["adoption_rate"].tolist() == pytest.approx([0.3, 0.3, 0.3])


def test_monthly_participation_filters(company_db):
    """$department = R&D (headcount 4): Jan a1 a2 a3 (new a2 a3), Feb a1, Mar a2 -> 3/4, 1/4, 1/4.
    $space = s2: Jan a2 (p5, his first post in s2 -> new); Feb b1 (new, p6 p7) and a1 (p8: new in s2
    although he posted in s1 before) -> 2 posters, 3 posts, and b2's reaction -> 3 engaged; Mar
    nobody (listed with zeros, shown unsuppressed here with min_group_size 0: zero is under any size)."""
    rnd = run_metric(company_db, "monthly_participation", department="R&D", **Q1)
    assert rows(rnd, "month", "engaged_people", "new_contributors") == {
        "2024-01-01": (3, 2), "2024-02-01": (1, 0), "2024-03-01": (1, 0)}
    assert rnd["adoption_rate"].tolist() == pytest.approx([0.75, 0.25, 0.25])
    s2 = run_metric(company_db, "monthly_participation", min_group_size=0, space="s2", **Q1)
    assert rows(s2, "month", "engaged_people", "posters", "new_contributors", "posts") == {
        "2024-01-01": (1, 1, 1, 1), "2024-02-01": (3, 2, 2, 3), "2024-03-01": (0, 0, 0, 0)}


def test_cohort_retention_in_q1(company_db):
    """First posts: a1 Nov 2023 (before $start: in no cohort), a2 and a3 Jan, b1 and x1 Feb, c1 Mar.
    Jan cohort (2): Feb nobody, Mar a2 -> 2, 0, 1. Feb cohort (2): Mar b1 -> 2, 1. Mar cohort (1).
    The triangle stops at March ($end = Apr 1): a2's April post is not counted."""
    result = run_metric(company_db, "cohort_retention", **Q1)
    got = {(str(r.cohort_month)[:7], r.months_after): (r.cohort_size, r.retained) for r in result.itertuples()}
    assert got == {
        ("2024-01", 0): (2, 2), ("2024-01", 1): (2, 0), ("2024-01", 2): (2, 1),
        ("2024-02", 0): (2, 2), ("2024-02", 1): (2, 1),
        ("2024-03", 0): (1, 1),
    }
    assert result["retention_rate"].tolist() == pytest.approx([1, 0, 0.5, 1, 0.5, 1])


def test_cohort_of_one_is_suppressed(company_db):
    """With min_group_size 2 the cohorts of two show, c1's cohort of one (March) is blanked."""
    result = run_metric(company_db, "cohort_retention", min_group_size=2, **Q1)
    march = result[result["cohort_month"].astype(str).str.startswith("2024-03")]
    assert march["suppressed"].tolist() == [True]
    assert march["retention_rate"].tolist() == [None] and march["cohort_size"].tolist() == [None]
    assert not result[result["cohort_month"].astype(str).str.startswith("2024-01")]["suppressed"].any()


def test_cohort_from_before_the_window(company_db):
    """Starting 2023-11-01, a1 (first post Nov 10) is a cohort of one: Dec no post, Jan p3, Feb p8,
    Mar none; b3 (first post Oct 2023) is in no cohort."""
    result = run_metric(company_db, "cohort_retention", start="2023-11-01", end="2024-04-01")
    november = result[result["cohort_month"].astype(str).str.startswith("2023-11")]
    assert november["retained"].tolist() == [1, 0, 1, 1, 0]
    assert not result["cohort_month"].astype(str).str.startswith("2023-10").any()


def test_contributor_status(company_db):
    """As of 2024-06-01 (active = last post on or after Mar 1, away = before Dec 1 2023): a2 (Apr 2),
    b1 (Mar 1 10:00), c1 (Mar 31) active; a1 (Feb 10), x1 (Feb 5), a3 (Jan 25) drifting; b3 (Oct 2023)
    away. From 2024-01-01 b3 has no post in the period and drops out. $space = s2: a2 (Jan 20),
    b1 (Feb 14), a1 (Feb 10) drifting, b3 away. $active_months = 1 (after May 1): nobody active."""
    def status(**params):
        result = run_metric(company_db, "contributor_status", min_group_size=0, end="2024-06-01", **params)
        return dict(zip(result["status"], result["people"], strict=True))

    assert status() == {"active": 3, "drifting": 3, "away": 1}
    assert status(start="2024-01-01") == {"active": 3, "drifting": 3, "away": 0}
    assert status(space="s2") == {"active": 0, "drifting": 3, "away": 1}
    assert status(active_months=1) == {"active": 0, "drifting": 6, "away": 1}
    assert status(department="Sales") == {"active": 1, "drifting": 0, "away": 1}


def test_exploration_in_q1(company_db):
    """New contributors: Jan a2 (first s1, then s2 on Jan 20 -> explored) and a3 (s1 only); Feb b1
    (first s2, then s1 on Mar 1 -> explored) and x1 (s1 only); Mar c1. a1 first posted before the
    window: never new. At $end = Apr 1 no month has had its 90 days."""
    result = run_metric(company_db, "exploration", **Q1)
    assert rows(result, "month", "new_contributors", "explored") == {
        "2024-01-01": (2, 1), "2024-02-01": (2, 1), "2024-03-01": (1, 0)}
    assert result["explored_share"].tolist() == pytest.approx([0.5, 0.5, 0.0])
    assert not result["window_complete"].any()


def test_exploration_parameters_and_filters(company_db):
    """$within_days = 10: a2's second space came after 15 days, b1's after 28 -> nobody explored.
    $space = s2: only b1 entered through s2 (Feb). $department = R&D: a2, a3 in Jan. With $end =
    2024-07-01 every Q1 month has had its 90 days (c1: Mar 31 + 90 days = Jun 29)."""
    quick = run_metric(company_db, "exploration", within_days=10, **Q1)
    assert quick["explored"].tolist() == [0, 0, 0]
    s2 = run_metric(company_db, "exploration", space="s2", **Q1)
    assert rows(s2, "month", "new_contributors", "explored") == {"2024-02-01": (1, 1)}
    rnd = run_metric(company_db, "exploration", department="R&D", **Q1)
    assert rows(rnd, "month", "new_contributors", "explored") == {"2024-01-01": (2, 1)}
    later = run_metric(company_db, "exploration", start="2024-01-01", end="2024-07-01")
    assert later["window_complete"].all()


def test_space_participation_in_q1(company_db):
    """s1: p2 p3 p4 p9 p11 p12 p13 = 7 posts by a2 a1 a3 x1 b1 c1 (6 posters), departments R&D Sales
    HR (x1 has none); the bot's post and the deleted one are left out. s2 (affinity): p5 p6 p7 p8 = 4
    posts by a2 b1 a1, plus b2 who reacted -> 4 engaged, R&D and Sales."""
    result = run_metric(company_db, "space_participation", **Q1)
    assert rows(result, "space", "kind", "posts", "posters", "engaged_people", "departments") == {
        "Data guild": ("work", 7, 6, 6, 3), "Running club": ("affinity", 4, 3, 4, 2)}


def test_space_participation_filters(company_db):
    """$department = HR: c1's p13 in s1 only. $site = Lyon: a3 (p4) and c1 (p13) in s1, R&D and HR.
    $space = s2 keeps that space only."""
    hr = run_metric(company_db, "space_participation", department="HR", **Q1)
    assert rows(hr, "space", "posts", "engaged_people", "departments") == {"Data guild": (1, 1, 1)}
    lyon = run_metric(company_db, "space_participation", site="Lyon", **Q1)
    assert rows(lyon, "space", "posts", "engaged_people", "departments") == {"Data guild": (2, 2, 2)}
    s2 = run_metric(company_db, "space_participation", space="s2", **Q1)
    assert s2["space_id"].tolist() == ["s2"]


def test_hierarchy_replies_in_q1(company_db):
    """Replies in Q1: a1 (junior) -> a2 (senior); a3 (senior) -> a2 (senior); a1 (junior) -> b1
    (junior); a2 (senior) -> b1 (junior); c1 (junior) -> b1 (junior). b1's reply to himself and the
    deleted reply are left out. junior -> junior 2 (a1, c1), junior -> senior 1; senior -> senior 1,
    senior -> junior 1."""
    result = run_metric(company_db, "hierarchy_replies", **Q1)
    got = {(r.from_level, r.to_level): (r.replies, r.repliers) for r in result.itertuples()}
    assert got == {("junior", "junior"): (2, 2), ("junior", "senior"): (1, 1),
                   ("senior", "senior"): (1, 1), ("senior", "junior"): (1, 1)}
    shares = {(r.from_level, r.to_level): r.share_of_from_level for r in result.itertuples()}
    assert shares[("junior", "junior")] == pytest.approx(2 / 3)
    assert shares[("senior", "junior")] == pytest.approx(0.5)


def test_hierarchy_replies_filters(company_db):
    """$department = HR selects the replier: c1 -> b1 only. $space = s2: a1 -> b1 (p8) only."""
    hr = run_metric(company_db, "hierarchy_replies", department="HR", **Q1)
    assert list(zip(hr["from_level"], hr["to_level"], hr["replies"], strict=True)) == [("junior", "junior", 1)]
    s2 = run_metric(company_db, "hierarchy_replies", space="s2", **Q1)
    assert list(zip(s2["from_level"], s2["to_level"], s2["replies"], strict=True)) == [("junior", "junior", 1)]
