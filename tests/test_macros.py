"""The macros of etl/macros.sql: stored by every load, callable read-only, added to an older database.

The forum (`forum_db`): two directory people, posts in one space s1, no reactions.

    post  author  created_at (UTC)   parent
    p1    d1      2024-01-05 10:00   -        before the period
    p6    d2      2024-01-25 10:00   -        January edge day
    p2    d1      2024-02-10 10:00   p1       February, whole month
    p3    d2      2024-02-20 10:00   -        February, whole month
    p5    d1      2024-03-02 10:00   -        March edge day
    p4    d2      2024-03-28 10:00   -        after the period

The period is 2024-01-20 (inclusive) to 2024-03-15 (exclusive): February is its only whole month (read
from person_months), January 20-31 and March 1-14 are its edge days (read from person_days). So
period_activity gives, per person and month (posts, replies): d1 February (1, 1) from p2, d1 March
(1, 0) from p5, d2 January (1, 0) from p6, d2 February (1, 0) from p3; p1 and p4 fall outside.
activity_by_month then counts engaged people and posts per month: January 1 and 1, February 2 and 2,
March 1 and 1.
"""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from pathlib import Path

import duckdb
import pytest
from conftest import batch, build_db

import queries
from dashboard import data
from etl.load import load

PERIOD = {"start": date(2024, 1, 20), "end": date(2024, 3, 15)}
POSTS = [
    ("p1", "t1", "d1", "2024-01-05T10:00:00Z", None),
    ("p6", "t2", "d2", "2024-01-25T10:00:00Z", None),
    ("p2", "t1", "d1", "2024-02-10T10:00:00Z", "p1"),
    ("p3", "t3", "d2", "2024-02-20T10:00:00Z", None),
    ("p5", "t4", "d1", "2024-03-02T10:00:00Z", None),
    ("p4", "t5", "d2", "2024-03-28T10:00:00Z", None),
]
EXPECTED_ACTIVITY = {
    ("d1", date(2024, 2, 1)): (1, 1), ("d1", date(2024, 3, 1)): (1, 0),
    ("d2", date(2024, 1, 1)): (1, 0), ("d2", date(2024, 2, 1)): (1, 0),
}
EXPECTED_MONTHS = {date(2024, 1, 1): (1, 1), date(2024, 2, 1): (2, 2), date(2024, 3, 1): (1, 1)}
PERIOD_ACTIVITY = """
    select a.person_id, p.display_name, a.month, sum(a.posts)::int as posts, sum(a.replies)::int as replies
    from period_activity($start, $end, null) a
    join people p using (person_id)
    group by all
"""


def defined_macros() -> set[str]:
    text = resources.files("etl").joinpath("macros.sql").read_text(encoding="utf-8")
    return set(re.findall(r"^create or replace macro (\w+)\(", text, flags=re.MULTILINE))


def stored_macros(con) -> dict[str, str]:
    rows = con.execute("select function_name, function_type from duckdb_functions() "
                       "where function_type in ('macro', 'table_macro') and not internal").fetchall()
    return dict(rows)


def forum_db(path: Path) -> Path:
    people = batch("directory", accounts=[
        {"source_user_id": uid, "email": f"{uid}@example.com", "display_name": uid.upper(),
         "department": dept, "site": "Paris", "job_level": "senior"}
        for uid, dept in (("d1", "R&D"), ("d2", "Sales"))
    ])
    forum = batch(
        "canonical",
        spaces=[{"space_id": "s1", "name": "Data guild", "kind": "work"}],
        threads=[{"thread_id": tid, "space_id": "s1", "author_id": author, "created_at": at}
                 for _, tid, author, at, parent in POSTS if parent is None],
        posts=[{"post_id": pid, "thread_id": tid, "author_id": author, "created_at": at,
                "parent_post_id": parent, "body_text": "hello"}
               for pid, tid, author, at, parent in POSTS],
    )
    return build_db(path, people, forum)


def activity_of(con) -> dict:
    rows = con.execute(PERIOD_ACTIVITY, PERIOD).fetchall()
    return {(name.lower(), month): (posts, replies) for _, name, month, posts, replies in rows}


def months_of(frame) -> dict:
    return {row.month.date(): (row.engaged_people, row.posts) for row in frame.itertuples()}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return forum_db(tmp_path_factory.mktemp("macros") / "forum.duckdb")


def test_every_macro_of_the_file_is_stored_by_a_load(db):
    """A table macro and a scalar macro at least, and nothing of the file left out."""
    with queries.connect(db) as con:
        stored = stored_macros(con)
    assert set(stored) == defined_macros()
    assert stored["period_activity"] == "table_macro" and stored["in_period"] == "macro"


def test_a_read_only_connection_calls_the_macros(db):
    """queries.connect opens the file read-only; the macros read the period as the docstring works out."""
    with queries.connect(db) as con:
        assert activity_of(con) == EXPECTED_ACTIVITY
        assert con.execute("select in_period(date '2024-03-14', $start, $end), "
                           "in_period(date '2024-03-15', $start, $end)", PERIOD).fetchall() == [(True, False)]
        assert months_of(queries.run(con, "activity_by_month", PERIOD, 1)) == EXPECTED_MONTHS
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("create or replace macro in_period(a, b, c) as true")


def test_the_dashboard_connection_calls_the_macros(db):
    """The dashboard attaches the file read-only to an in-memory database and switches to it per cursor."""
    frame = data._run(data.identity(db), "activity_by_month", tuple(sorted(PERIOD.items())), 1)
    assert months_of(frame) == EXPECTED_MONTHS


def test_a_database_without_the_macros_gets_them_on_the_next_load(tmp_path):
    """A database loaded by a version before etl/macros.sql has the same tables and no macros (dropped
    here to make one): its metrics cannot run until the next load, which stores the macros, even a load
    of no new input."""
    path = forum_db(tmp_path / "older.duckdb")
    with duckdb.connect(str(path)) as con:
        for name, kind in stored_macros(con).items():
            con.execute(f"drop macro {'table ' if kind == 'table_macro' else ''}{name}")
    with queries.connect(path) as con:
        assert stored_macros(con) == {}
        # the error names what is missing and asks for a new load, not a bare catalog error
        with pytest.raises(queries.MetricError, match=r"period_activity.*run `crowdlens load` again"):
            queries.run(con, "activity_by_month", PERIOD, 1)
    load([], path)
    with queries.connect(path) as con:
        assert set(stored_macros(con)) == defined_macros()
        assert activity_of(con) == EXPECTED_ACTIVITY
        assert months_of(queries.run(con, "activity_by_month", PERIOD, 1)) == EXPECTED_MONTHS



def test_the_dashboard_explains_an_older_database_instead_of_a_traceback(tmp_path, open_page):
    """The Overview on a database whose macros are missing (as one loaded by an older crowdlens):
    no exception on the page, one error box naming the first metric that cannot run
    (overview_headlines, which calls the macro people_in_scope) and asking for a new load."""
    path = forum_db(tmp_path / "older.duckdb")
    with duckdb.connect(str(path)) as con:
        for name, kind in stored_macros(con).items():
            con.execute(f"drop macro {'table ' if kind == 'table_macro' else ''}{name}")
    at = open_page(path)
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert errors[0].startswith("This page cannot be shown: overview_headlines needs a table or macro")
    assert "people_in_scope" in errors[0] and errors[0].endswith("run `crowdlens load` again.")
