"""The activity tables of etl/activity.py, rebuilt by every load, on a small forum worked out by hand.

People: u1 R&D Paris junior, u2 R&D Lyon senior, u3 Sales Paris senior, u4 HR Lyon expert, and bot1.
Spaces s1 "Guild", s2 "Club". 2024, UTC:

    T1 s1 "Exporting"  p1  u1 Mar 1 09:00 "How do I export the report?"  (a question)
                       p2  u1 Mar 1 09:30 reply to p1 (the asker's own follow-up)
                       p3  bot1 Mar 1 09:40 reply to p1
                       p4  u2 Mar 1 12:00 reply to p1 (first response, 3 h)
                       p5  u3 Mar 2 10:00 reply to p1
                       p6  u4 Mar 3 00:30 +01:00 = Mar 2 23:30 UTC, reply to p1
                       p7  u3 Mar 3 08:00 reply to p4
                       p8  u2 Mar 3 08:30 reply to p1, deleted
                       p16 u3 Mar 3 09:00 reply to p2
    T2 s2 "Run"        p9  u2 Mar 15 10:00 "Running on Sunday."  (no question)
                       p10 u1 Apr 2 08:00 reply to p9
    T3 s1 (no title)   p11 u3 Apr 10 10:00 "Printer broken."  (marked a question by the source)
                       p17 u4 Apr 20 10:00 reply to p11, deleted
    T4 s1 "Gone"       p12 u4 Apr 11 10:00 deleted opening post;  p13 u1 Apr 11 11:00 reply to p12
    T5 s2 "Survey"     p14 bot1 Apr 12 10:00 "Did you fill the survey?";  p15 u2 Apr 12 11:00 reply

Reactions: u2 on p1 Mar 1 13:00; u1 on its own p1 Mar 1 14:00; u3 on the bot's p14 Apr 12 12:00;
u4 on p9 with no time (takes p9's, Mar 15 10:00); u1 on the deleted p8; bot1 on p9.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import batch, build_db

DIRECTORY = [("u1", "R&D", "Paris", "junior"), ("u2", "R&D", "Lyon", "senior"),
             ("u3", "Sales", "Paris", "senior"), ("u4", "HR", "Lyon", "expert")]
# post_id, thread_id, author, created_at, parent, deleted, body
POSTS = [
    ("p1", "T1", "u1", "2024-03-01T09:00:00Z", None, False, "How do I export the report?"),
    ("p2", "T1", "u1", "2024-03-01T09:30:00Z", "p1", False, "Still stuck."),
    ("p3", "T1", "bot1", "2024-03-01T09:40:00Z", "p1", False, "Here is a link."),
    ("p4", "T1", "u2", "2024-03-01T12:00:00Z", "p1", False, "Use the button."),
    ("p5", "T1", "u3", "2024-03-02T10:00:00Z", "p1", False, "Or the menu."),
    ("p6", "T1", "u4", "2024-03-03T00:30:00+01:00", "p1", False, "HR has a guide."),
    ("p7", "T1", "u3", "2024-03-03T08:00:00Z", "p4", False, "Agreed."),
    ("p8", "T1", "u2", "2024-03-03T08:30:00Z", "p1", True, ""),
    ("p16", "T1", "u3", "2024-03-03T09:00:00Z", "p2", False, "Try again."),
    ("p9", "T2", "u2", "2024-03-15T10:00:00Z", None, False, "Running on Sunday."),
    ("p10", "T2", "u1", "2024-04-02T08:00:00Z", "p9", False, "Count me in."),
    ("p11", "T3", "u3", "2024-04-10T10:00:00Z", None, False, "Printer broken."),
    ("p17", "T3", "u4", "2024-04-20T10:00:00Z", "p11", True, ""),
    ("p12", "T4", "u4", "2024-04-11T10:00:00Z", None, True, ""),
    ("p13", "T4", "u1", "2024-04-11T11:00:00Z", "p12", False, "What was it?"),
    ("p14", "T5", "bot1", "2024-04-12T10:00:00Z", None, False, "Did you fill the survey?"),
    ("p15", "T5", "u2", "2024-04-12T11:00:00Z", "p14", False, "Yes."),
]
THREADS = [("T1", "s1", "Exporting", False), ("T2", "s2", "Run", False), ("T3", "s1", None, True),
           ("T4", "s1", "Gone", False), ("T5", "s2", "Survey", False)]
REACTIONS = [("p1", "u2", "2024-03-01T13:00:00Z"), ("p1", "u1", "2024-03-01T14:00:00Z"),
             ("p14", "u3", "2024-04-12T12:00:00Z"), ("p9", "u4", None), ("p8", "u1", "2024-03-03T10:00:00Z"),
             ("p9", "bot1", "2024-03-15T11:00:00Z")]


@pytest.fixture(scope="module")
def con(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("activity") / "forum.duckdb"
    people = batch("directory", accounts=[
        {"source_user_id": uid, "email": f"{uid}@example.com", "display_name": uid.upper(),
         "department": dept, "site": site, "job_level": level} for uid, dept, site, level in DIRECTORY])
    posts = pd.DataFrame([
        {"post_id": pid, "thread_id": tid, "author_id": author, "created_at": when, "parent_post_id": parent,
         "body_text": body, "deleted_at": when if deleted else None}
        for pid, tid, author, when, parent, deleted, body in POSTS])
    openers = {tid: (author, when) for pid, tid, author, when, parent, *_ in reversed(POSTS) if parent is None}
    forum = batch(
        "canonical",
        accounts=[{"source_user_id": "bot1", "display_name": "Bot", "is_bot": True}],
        spaces=[{"space_id": "s1", "name": "Guild", "kind": "work"},
                {"space_id": "s2", "name": "Club", "kind": "affinity"}],
        threads=[{"thread_id": tid, "space_id": sid, "title": title, "is_question": flagged,
                  "author_id": openers[tid][0], "created_at": openers[tid][1]}
                 for tid, sid, title, flagged in THREADS],
        posts=posts,
        reactions=[{"post_id": pid, "person_id": who, "kind": "like", "created_at": when}
                   for pid, who, when in REACTIONS],
    )
    build_db(path, people, forum)
    connection = duckdb.connect(str(path), read_only=True)
    yield connection
    connection.close()


def table(con, sql: str) -> list[tuple]:
    """The rows, with person ids (derived by the loader) shown as the directory's or the forum's ids."""
    uids = dict(con.execute("select person_id, min(source_user_id) from accounts group by person_id").fetchall())
    return ordered([tuple(uids.get(value, value) if isinstance(value, str) else value for value in row)
                    for row in con.execute(sql).fetchall()])


def ordered(rows: list[tuple]) -> list[tuple]:
    """Rows in a fixed order: the ids are compared as the fixture names them."""
    return sorted(rows, key=repr)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_activity_days(con):
    """One row per space, person and UTC day with posts or reactions. s1 u1 Mar 1: p1 and p2 (a reply);
    its reaction is to its own post (not counted). s1 u2 Mar 1: p4 and the reaction to u1's p1.
    p6 (Mar 3 00:30 +01:00) falls on Mar 2 in UTC. s1 u3 Mar 3: p7 and p16. The deleted p8, p12 and p17,
    the bot's posts and reactions, and u1's reaction to a deleted post are not there. s2 u4 Mar 15: a
    reaction at p9's time. u3's reaction to the bot's post on Apr 12 is not counted, so no row."""
    rows = table(con, "select space_id, person_id, day, posts, replies, reactions, "
                      "first_post_at, last_post_at from activity_days order by space_id, day, person_id")
    assert rows == ordered([
        ("s1", "u1", date(2024, 3, 1), 2, 1, 0, at("2024-03-01 09:00"), at("2024-03-01 09:30")),
        ("s1", "u2", date(2024, 3, 1), 1, 1, 1, at("2024-03-01 12:00"), at("2024-03-01 12:00")),
        ("s1", "u3", date(2024, 3, 2), 1, 1, 0, at("2024-03-02 10:00"), at("2024-03-02 10:00")),
        ("s1", "u4", date(2024, 3, 2), 1, 1, 0, at("2024-03-02 23:30"), at("2024-03-02 23:30")),
        ("s1", "u3", date(2024, 3, 3), 2, 2, 0, at("2024-03-03 08:00"), at("2024-03-03 09:00")),
        ("s1", "u3", date(2024, 4, 10), 1, 0, 0, at("2024-04-10 10:00"), at("2024-04-10 10:00")),
        ("s1", "u1", date(2024, 4, 11), 1, 1, 0, at("2024-04-11 11:00"), at("2024-04-11 11:00")),
        ("s2", "u2", date(2024, 3, 15), 1, 0, 0, at("2024-03-15 10:00"), at("2024-03-15 10:00")),
        ("s2", "u4", date(2024, 3, 15), 0, 0, 1, None, None),
        ("s2", "u1", date(2024, 4, 2), 1, 1, 0, at("2024-04-02 08:00"), at("2024-04-02 08:00")),
        ("s2", "u2", date(2024, 4, 12), 1, 1, 0, at("2024-04-12 11:00"), at("2024-04-12 11:00")),
    ])


def test_person_days_add_up_the_spaces(con):
    """Mar 15: u2's p9 (s2) and u4's reaction to it; Apr 12: u2's p15 (u3's reaction to the bot's
    post there is not counted)."""
    rows = table(con, "select person_id, posts, reactions from person_days "
                      "where day in ('2024-03-15', '2024-04-12') order by day, person_id")
    assert rows == ordered([("u2", 1, 0), ("u4", 0, 1), ("u2", 1, 0)])


def test_person_months(con):
    """u1: Mar p1 p2 (1 reply, a reaction to itself), Apr p10 p13 (2 replies). u2: Mar p4 p9 (1 reply,
    1 reaction), Apr p15. u3: Mar p5 p7 p16 (3 replies), Apr p11 (its reaction to the bot is not counted). u4: Mar p6
    and the reaction to p9; p17 and p12 were deleted."""
    rows = table(con, "select person_id, month, posts, replies, reactions, first_post_at, "
                      "last_post_at from person_months order by person_id, month")
    assert rows == ordered([
        ("u1", date(2024, 3, 1), 2, 1, 0, at("2024-03-01 09:00"), at("2024-03-01 09:30")),
        ("u1", date(2024, 4, 1), 2, 2, 0, at("2024-04-02 08:00"), at("2024-04-11 11:00")),
        ("u2", date(2024, 3, 1), 2, 1, 1, at("2024-03-01 12:00"), at("2024-03-15 10:00")),
        ("u2", date(2024, 4, 1), 1, 1, 0, at("2024-04-12 11:00"), at("2024-04-12 11:00")),
        ("u3", date(2024, 3, 1), 3, 3, 0, at("2024-03-02 10:00"), at("2024-03-03 09:00")),
        ("u3", date(2024, 4, 1), 1, 0, 0, at("2024-04-10 10:00"), at("2024-04-10 10:00")),
        ("u4", date(2024, 3, 1), 1, 1, 1, at("2024-03-02 23:30"), at("2024-03-02 23:30")),
    ])


def test_person_firsts(con):
    """u1 first posted in s1 (p1), then in s2 on Apr 2 (p10); u2 in s1 (p4), then s2 on Mar 15 (p9).
    u3 and u4 never posted outside s1 (u3's s2 activity is a reaction, u4's too). Last live posts: u1
    p13, u2 p15, u3 p11, u4 p6 (p17 was deleted). The bot has none."""
    rows = table(con, "select person_id, first_post_at, first_space, second_space_at, last_post_at "
                      "from person_firsts order by person_id")
    assert rows == ordered([
        ("u1", at("2024-03-01 09:00"), "s1", at("2024-04-02 08:00"), at("2024-04-11 11:00")),
        ("u2", at("2024-03-01 12:00"), "s1", at("2024-03-15 10:00"), at("2024-04-12 11:00")),
        ("u3", at("2024-03-02 10:00"), "s1", None, at("2024-04-10 10:00")),
        ("u4", at("2024-03-02 23:30"), "s1", None, at("2024-03-02 23:30")),
    ])


def test_space_people_and_engagement(con):
    """s1: u1 on Mar 1 and Apr 11 (p1 p2 p13), u2 Mar 1 (p4), u3 Mar 2, Mar 3, Apr 10 (p5 p7 p16 p11),
    u4 Mar 2 (p6). s2: u1 Apr 2 (p10), u2 Mar 15 and Apr 12 (p9 p15), u4 Mar 15 (a reaction only:
    engaged, no poster). u3's reaction to the bot's post makes no engagement. Per department and site,
    each group here is one person."""
    assert table(con, "select space_id, person_id, active_days, post_days, posts from space_people "
                      "order by space_id, person_id") == ordered([
        ("s1", "u1", 2, 2, 3), ("s1", "u2", 1, 1, 1), ("s1", "u3", 3, 3, 4), ("s1", "u4", 1, 1, 1),
        ("s2", "u1", 1, 1, 1), ("s2", "u2", 2, 2, 2), ("s2", "u4", 1, 0, 0),
    ])
    assert table(con, "select space_id, department, site, posts, posters, engaged_people "
                      "from space_engagement order by space_id, department, site") == ordered([
        ("s1", "HR", "Lyon", 1, 1, 1), ("s1", "R&D", "Lyon", 1, 1, 1), ("s1", "R&D", "Paris", 3, 1, 1),
        ("s1", "Sales", "Paris", 4, 1, 1),
        ("s2", "HR", "Lyon", 0, 0, 1), ("s2", "R&D", "Lyon", 2, 1, 1), ("s2", "R&D", "Paris", 1, 1, 1),
    ])


def test_reply_levels(con):
    """Replies between two humans, both posts live: p4 u2 -> u1 (junior) Mar 1, p5 u3 -> u1 Mar 2, p6
    u4 -> u1 Mar 2 (UTC), p7 u3 -> u2 (senior) Mar 3, p16 u3 -> u1 Mar 3, p10 u1 -> u2 Apr 2. Not
    counted: p2 (to oneself), p3 (a bot), p8 (deleted), p13 (its parent was deleted), p15 (to a bot).
    By month, u3's two replies to a junior in March add up."""
    assert table(con, "select actor_id, to_level, day, replies from reply_levels_by_day "
                      "order by day, actor_id, to_level") == ordered([
        ("u2", "junior", date(2024, 3, 1), 1), ("u3", "junior", date(2024, 3, 2), 1),
        ("u4", "junior", date(2024, 3, 2), 1), ("u3", "junior", date(2024, 3, 3), 1),
        ("u3", "senior", date(2024, 3, 3), 1), ("u1", "senior", date(2024, 4, 2), 1),
    ])
    assert table(con, "select actor_id, to_level, month, replies from reply_levels_by_month "
                      "order by month, actor_id, to_level") == ordered([
        ("u2", "junior", date(2024, 3, 1), 1), ("u3", "junior", date(2024, 3, 1), 2),
        ("u3", "senior", date(2024, 3, 1), 1), ("u4", "junior", date(2024, 3, 1), 1),
        ("u1", "senior", date(2024, 4, 1), 1),
    ])


def test_question_threads(con):
    """T1 (its opening post asks): helpers u2, u3, u4 (not the asker's p2, the bot's p3 nor the deleted
    p8), their posts p4 p5 p6 p7 p16 = 5, from R&D, Sales and HR: a co-development thread; first
    response p4 Mar 1 12:00, last p16 Mar 3 09:00. T3 (marked by the source, no title: the opening post
    stands in): only a deleted reply, so unanswered. T2 asks nothing, T4's opening post was deleted and
    T5 was asked by a bot: no questions."""
    rows = table(con, "select thread_id, space_id, coalesce(title, opening_text), asker_id, "
                      "asker_department, asker_site, asked_at, asked_day, first_response_at, "
                      "last_response_at, helpers, replies, departments, helper_departments, "
                      "is_codevelopment from question_threads order by thread_id")
    assert rows == ordered([
        ("T1", "s1", "Exporting", "u1", "R&D", "Paris", at("2024-03-01 09:00"), date(2024, 3, 1),
         at("2024-03-01 12:00"), at("2024-03-03 09:00"), 3, 5, 3, "HR, R&D, Sales", True),
        ("T3", "s1", "Printer broken.", "u3", "Sales", "Paris", at("2024-04-10 10:00"), date(2024, 4, 10),
         None, None, 0, 0, 0, None, False),
    ])


def test_question_helper_posts(con):
    """Only co-development threads (T1): the helpers' live posts, with their departments."""
    assert table(con, "select thread_id, helper_id, helper_department, created_at "
                      "from question_helper_posts order by created_at") == ordered([
        ("T1", "u2", "R&D", at("2024-03-01 12:00")), ("T1", "u3", "Sales", at("2024-03-02 10:00")),
        ("T1", "u4", "HR", at("2024-03-02 23:30")), ("T1", "u3", "Sales", at("2024-03-03 08:00")),
        ("T1", "u3", "Sales", at("2024-03-03 09:00")),
    ])


def test_post_spans(con):
    """Every post counts, deleted ones and the bot's included: s1 holds T1 (9 posts), T3 (2) and T4 (2)
    = 13, of which p8, p12 and p17 were deleted; the last is the deleted p17 (Apr 20), the last live
    one p13 (Apr 11 11:00). s2 holds T2 and T5, 4 live posts from Mar 15 to Apr 12 11:00."""
    assert table(con, "select space_id, posts, first_at, last_at, live_posts, first_live_at, last_live_at "
                      "from post_spans order by space_id") == ordered([
        ("s1", 13, at("2024-03-01 09:00"), at("2024-04-20 10:00"), 10, at("2024-03-01 09:00"),
         at("2024-04-11 11:00")),
        ("s2", 4, at("2024-03-15 10:00"), at("2024-04-12 11:00"), 4, at("2024-03-15 10:00"),
         at("2024-04-12 11:00")),
    ])


def test_a_load_drops_the_retired_overview_questions(tmp_path):
    """The Overview now reads question_threads; a database loaded before still held its own
    overview_questions table, which the next load removes (one question, loaded twice)."""
    forum = batch("canonical", posts=[{"post_id": "q1", "author_id": "a", "body_text": "Why?",
                                       "created_at": pd.Timestamp("2024-03-01", tz="UTC")}])
    path = build_db(tmp_path / "old.duckdb", forum)
    with duckdb.connect(str(path)) as old:
        old.execute("create table overview_questions (thread_id text)")
    build_db(path, forum)
    with duckdb.connect(str(path), read_only=True) as con:
        names = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
        threads = con.execute("select count(*) from question_threads").fetchall()
    assert "overview_questions" not in names and "question_threads" in names
    assert threads == [(1,)]


@pytest.mark.parametrize("spaces", [("sB", "sA", "sC"), ("sC", "sB", "sA"), ("sA", "sC", "sB")])
def test_first_posts_at_one_time_in_several_spaces_name_the_first_space_by_id(tmp_path, spaces):
    """u1's first three posts, in threads of spaces sA, sB and sC, all at 2024-05-01 09:00, loaded
    in three orders: first_space is sA every time (ties go to the lowest space id)."""
    threads = [{"thread_id": f"T{i}", "space_id": space} for i, space in enumerate(spaces)]
    posts = [{"post_id": f"p{i}", "thread_id": f"T{i}", "author_id": "u1", "body_text": "Hello",
              "created_at": pd.Timestamp("2024-05-01T09:00:00Z")} for i in range(len(spaces))]
    db = build_db(tmp_path / "ties.duckdb", batch("canonical", threads=threads, posts=posts))
    with duckdb.connect(str(db), read_only=True) as con:
        assert table(con, "select first_space from person_firsts") == [("sA",)]
