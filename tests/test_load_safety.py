"""The loader's safety rules (DESIGN.md, Rules that keep it safe), through real loads.

The first load of every test brings: an HR directory (Ana E1 and Bea E2, by hand), a training
record (Ana attended sql-101 on 2019-06-01, by hand) and the Viva Engage fixture
deleted_message/ (3 posts by Ana, Bea and Chloé in thread 10; 12 deleted).
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, ROOT, batch, build_db, run_metric

from etl.derived import rebuild_people
from etl.load import CANONICAL_TABLES, DERIVED_TABLES, load
from etl.merge import merge_content, merge_identities
from etl.sources import ReadOptions, read_export

CASES = FIXTURES / "viva_engage"


def forum(case: str):
    return read_export(CASES / case, "viva-engage", ReadOptions())


def directory():
    return batch("directory", accounts=[
        {"source_user_id": "E1", "email": "ana@corp.example", "display_name": "Ana Lopez",
         "department": "Data Office", "site": "Lyon", "job_level": "Senior", "in_directory": True},
        {"source_user_id": "E2", "email": "bea@corp.example", "display_name": "Bea Martin",
         "department": "Sales", "site": "Paris", "job_level": "Manager", "in_directory": True},
    ])


def training():
    return batch(
        "training",
        courses=[{"course_id": "sql-101", "title": "SQL basics", "language": "en",
                  "material_text": "select, join, group by"}],
        attendance=[{"course_id": "sql-101", "person_id": "ana@corp.example",
                     "attended_on": "2019-06-01", "completed": True}],
        accounts=[{"source_user_id": "ana@corp.example", "email": "ana@corp.example"}],
    )


def first_load(tmp_path: Path) -> Path:
    return build_db(tmp_path / "crowd.duckdb", directory(), training(), forum("deleted_message"))


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def state(db: Path) -> dict:
    """What a reader sees: table_counts, the posts, and the file's bytes."""
    return {
        "counts": run_metric(db, "table_counts").values.tolist(),
        "posts": rows(db, "select * from posts order by post_id"),
        "sha256": hashlib.sha256(db.read_bytes()).hexdigest(),
    }


def leftovers(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.loading-*"))


def test_failed_load_leaves_the_previous_database(tmp_path):
    """A second load raising after its merge (as a full disk would): the served file is the
    first load's, byte for byte, still readable with 3 posts; the aside copy is removed."""
    db = first_load(tmp_path)
    before = state(db)

    def fail():
        raise OSError("No space left on device (simulated)")

    with pytest.raises(OSError, match="simulated"):
        load([forum("question")], db, after_merge=fail)
    assert state(db) == before
    assert len(before["posts"]) == 3
    assert leftovers(db) == []


KILLED_LOAD = """
import os, signal, sys
from pathlib import Path
from etl.load import load
from etl.sources import ReadOptions, read_export

batch = read_export(Path(sys.argv[1]), "viva-engage", ReadOptions())
load([batch], sys.argv[2], after_merge=lambda: os.kill(os.getpid(), signal.SIGKILL))
"""


def test_killed_load_leaves_the_previous_database(tmp_path):
    """A load killed (SIGKILL, no clean-up possible) after merging question/: the served file is
    unchanged and readable; its half-built copy (and WAL) is left behind, and the next load removes it
    (its process is gone) and succeeds: 3 + 3 posts."""
    db = first_load(tmp_path)
    before = state(db)
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_LOAD, str(CASES / "question"), str(db)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL, stderr
    assert state(db) == before
    build = f".crowd.duckdb.loading-{proc.pid}"
    assert build in [p.name for p in leftovers(db)]
    assert {p.name for p in leftovers(db)} <= {build, build + ".wal"}
    build_db(db, forum("question"))
    assert leftovers(db) == []
    assert rows(db, "select count(*) from posts") == [(6,)]


def content(db: Path) -> dict:
    return {t: rows(db, f"select * from {t} order by all") for t in CANONICAL_TABLES + DERIVED_TABLES}


def test_loading_the_same_export_twice_changes_nothing_but_load_runs(tmp_path):
    """The same three inputs loaded again: every canonical and derived table holds the same rows;
    load_runs goes from 1 row to 2, both with the same counts."""
    db = first_load(tmp_path)
    before = content(db)
    build_db(db, directory(), training(), forum("deleted_message"))
    assert content(db) == before
    runs = rows(db, "select run_id, counts from load_runs order by run_id")
    assert [r[0] for r in runs] == [1, 2] and runs[0][1] == runs[1][1]


def test_a_later_forum_only_load_keeps_directory_and_training(tmp_path):
    """Second load: only question/ (threads 100 and 102, 3 posts by Ana, Bea and Chloé).

    Expected: posts 3 + 3 = 6; Ana and Bea still in the directory with its departments (Data
    Office, Sales), Chloé not (Users.csv's Finance); course sql-101 and Ana's attendance still
    there (1 course, 1 attendance row, for Ana's person)."""
    db = first_load(tmp_path)
    build_db(db, forum("question"))
    assert rows(db, "select count(*) from posts") == [(6,)]
    assert rows(db, "select display_name, department, in_directory from people "
                    "where display_name is not null order by 1") == [
        ("Ana Lopez", "Data Office", True),
        ("Bea Martin", "Sales", True),
        ("Chloé Durand", "Finance", False),
    ]
    assert rows(db, "select count(*) from courses") == [(1,)]
    assert rows(db, "select a.course_id, p.display_name from attendance a "
                    "join people p using (person_id)") == [("sql-101", "Ana Lopez")]


def test_no_build_file_is_left_after_a_load(tmp_path):
    """After two successful loads, the folder holds only the database (no aside copy, no WAL)."""
    db = first_load(tmp_path)
    build_db(db, forum("question"))
    assert sorted(os.listdir(tmp_path)) == ["crowd.duckdb"]


def test_an_older_copy_loaded_later_does_not_undo_an_edit(tmp_path):
    """Load 1: post p1 created 2 Jan, edited 5 Jan to 'v2', and p2. Load 2 (an older export):
    p1 as it was on 2 Jan, 'v1', with no edit. p1 changed last on 5 Jan in the database and on
    2 Jan in the new copy: 'v2' stays. p3, only in load 2, comes in; p2 stays: 3 posts."""
    def forum(*posts):
        return batch("canonical", accounts=[{"source_user_id": "a", "display_name": "Ann"}],
                     posts=[{"post_id": pid, "thread_id": "t1", "author_id": "a", "body_text": text,
                             "created_at": "2025-01-02T09:00:00Z", "edited_at": edited}
                            for pid, text, edited in posts])
    db = build_db(tmp_path / "t.duckdb", forum(("p1", "v2", "2025-01-05T10:00:00Z"), ("p2", "hi", None)))
    build_db(db, forum(("p1", "v1", None), ("p3", "new", None)))
    with duckdb.connect(str(db), read_only=True) as con:
        posts = con.execute("select post_id, body_text from posts order by 1").fetchall()
    assert posts == [("p1", "v2"), ("p2", "hi"), ("p3", "new")]


def test_rows_equal_to_the_stored_ones_are_not_written_again(tmp_path):
    """Load 1: thread t1 ('Plan') with posts p1 'hi' and p2 'ok'; thread t2 ('Lunch') with p3
    'yes'. Load 2 repeats them, but p2 now reads 'ok!' (edited 3 Jan) and t2 is titled 'Lunch?'.
    Merged by hand into load 1's database: p1 and p3 are found equal to the stored rows, so only
    p2 is deleted and written again; of the threads only t2. A full load 2 then holds its values."""
    def forum(p2, p2_edited, t2_title):
        return batch(
            "canonical", accounts=[{"source_user_id": "a", "display_name": "Ann"}],
            threads=[{"thread_id": "t1", "title": "Plan"}, {"thread_id": "t2", "title": t2_title}],
            posts=[{"post_id": pid, "thread_id": tid, "author_id": "a", "body_text": text,
                    "created_at": "2025-01-02T09:00:00Z", "edited_at": edited}
                   for pid, tid, text, edited in [("p1", "t1", "hi", None), ("p2", "t1", p2, p2_edited),
                                                  ("p3", "t2", "yes", None)]])

    db = build_db(tmp_path / "t.duckdb", forum("ok", None, "Lunch"))
    again = forum("ok!", "2025-01-03T10:00:00Z", "Lunch?")
    with duckdb.connect(str(db)) as con:
        merge_identities(con, again, "")
        rebuild_people(con)
        merge_content(con, again)
        assert con.execute("select post_id from same_posts order by 1").fetchall() == [("p1",), ("p3",)]
        assert con.execute("select thread_id from changed_threads").fetchall() == [("t2",)]
    build_db(db, again)
    assert rows(db, "select post_id, body_text from posts order by 1") == [("p1", "hi"), ("p2", "ok!"),
                                                                            ("p3", "yes")]
    assert rows(db, "select thread_id, title from threads order by 1") == [("t1", "Plan"), ("t2", "Lunch?")]
