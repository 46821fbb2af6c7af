"""The canonical folder format through the real loader: worked example, missing tables, errors."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import FIXTURES, build_db

from etl.config import Config
from etl.errors import InputError
from etl.sources import ReadOptions, canonical, detect_format, directory, read_export

CANON = FIXTURES / "canonical"


def read(folder):
    return read_export(folder, "canonical", ReadOptions())


def fetch(db, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def warnings(db) -> dict[str, tuple[int, str]]:
    raw = fetch(db, "select warnings from load_runs order by run_id desc limit 1")[0][0]
    return {w["code"]: (w["count"], w["example"]) for w in json.loads(raw)}


def test_worked_example_loads_every_table(tmp_path):
    """worked_example/ (the README's): 3 people, 2 spaces, 2 threads, 5 posts, 3 reactions, 1 mention,
    1 course, 2 attendance rows; ids kept as given.

    Interactions, worked by hand (p5 is deleted, so its reply to p4 does not count):
      replies  p2 u1->u2 (answers p1), p3 u3->u1 (answers p2)
      mention  p2 u1->u3
      reacts   p2 by u2 -> u1, p3 by u2 -> u3, p4 by u1 -> u3
    = 6. t2 started 18:30 +01:00 = 17:30 UTC. Tom (u2) and Léa (u3) report to Inès (u1).
    """
    db = build_db(tmp_path / "db.duckdb", read(CANON / "worked_example"))
    counts = dict(fetch(db, """
        select 'people', count(*) from people union all select 'accounts', count(*) from accounts
        union all select 'spaces', count(*) from spaces union all select 'threads', count(*) from threads
        union all select 'posts', count(*) from posts union all select 'reactions', count(*) from reactions
        union all select 'mentions', count(*) from mentions union all select 'courses', count(*) from courses
        union all select 'attendance', count(*) from attendance
        union all select 'interactions', count(*) from interactions"""))
    assert counts == {"people": 3, "accounts": 3, "spaces": 2, "threads": 2, "posts": 5, "reactions": 3,
                      "mentions": 1, "courses": 1, "attendance": 2, "interactions": 6}
    assert fetch(db, "select person_id, display_name, department, manager_id, hired_on, in_directory "
                     "from people order by 1") == [
        ("u1", "Inès Moreau", "Engineering", None, date(2016, 4, 1), False),
        ("u2", "Tom Baker", "Support", "u1", date(2023, 1, 9), False),
        ("u3", "Léa Dubois", "Sales", "u1", date(2019, 9, 2), False),
    ]
    assert fetch(db, "select space_id, name, kind from spaces order by 1") == [
        ("s1", "Excel tips", "work"), ("s2", "Running club", "affinity")]
    assert fetch(db, "select thread_id, space_id, author_id, created_at, is_question, accepted_post_id "
                     "from threads order by 1") == [
        ("t1", "s1", "u2", datetime(2024, 3, 4, 9, 0, tzinfo=UTC), True, "p2"),
        ("t2", "s2", "u3", datetime(2024, 3, 5, 17, 30, tzinfo=UTC), False, None),
    ]
    assert fetch(db, "select post_id, body_text, edited_at, deleted_at from posts "
                     "where post_id in ('p3', 'p5') order by 1") == [
        ("p3", "Yes, and add a slicer for the year.", datetime(2024, 3, 4, 10, 7, tzinfo=UTC), None),
        ("p5", "", None, datetime(2024, 3, 6, 8, 0, tzinfo=UTC)),
    ]
    assert sorted(fetch(db, "select actor_id, target_id, kind, post_id from interactions")) == [
        ("u1", "u2", "reply", "p2"), ("u1", "u3", "mention", "p2"), ("u1", "u3", "reaction", "p4"),
        ("u2", "u1", "reaction", "p2"), ("u2", "u3", "reaction", "p3"), ("u3", "u1", "reply", "p3"),
    ]
    assert fetch(db, "select * from attendance order by person_id") == [
        ("TCD-01", "u1", date(2024, 2, 20), True), ("TCD-01", "u3", date(2024, 2, 20), False)]
    assert warnings(db) == {}


def test_worked_example_as_parquet_loads_the_same_rows(tmp_path):
    """The same tables written as typed Parquet (DuckDB's own CSV sniffing picks the types) give
    the same database rows as the CSV files."""
    folder = tmp_path / "parquet"
    folder.mkdir()
    with duckdb.connect() as con:
        for csv in (CANON / "worked_example").glob("*.csv"):
            table = con.sql("select * from read_csv_auto($p)", params={"p": str(csv)}).to_arrow_table()
            pq.write_table(table, folder / f"{csv.stem}.parquet")
    assert canonical.detect(folder)
    from_csv = build_db(tmp_path / "csv.duckdb", read(CANON / "worked_example"))
    from_parquet = build_db(tmp_path / "pq.duckdb", read(folder))
    for table in ("people", "threads", "posts", "reactions", "mentions", "courses", "attendance"):
        sql = f"select * from {table} order by all"
        assert fetch(from_parquet, sql) == fetch(from_csv, sql), table


def test_loading_the_worked_example_twice_changes_nothing(tmp_path):
    db = build_db(tmp_path / "db.duckdb", read(CANON / "worked_example"))
    first = fetch(db, "select * from posts order by all")
    build_db(db, read(CANON / "worked_example"))
    assert fetch(db, "select * from posts order by all") == first
    assert fetch(db, "select count(*) from people") == [(3,)]


def test_a_zipped_canonical_folder_is_recognised(tmp_path):
    archive = shutil.make_archive(str(tmp_path / "export"), "zip", CANON / "worked_example")
    assert detect_format(archive) == "canonical"
    db = build_db(tmp_path / "db.duckdb", read(archive))
    assert fetch(db, "select count(*) from posts") == [(5,)]


def test_without_threads_each_thread_comes_from_its_first_post(tmp_path):
    """without_threads/: no threads.csv.

    q1 (no thread, no parent) starts thread q1; q2 answers q1 and q3 answers q2, so both join q1.
    T9: r1 has no parent, so it is the first post (author c, 12:00) though r2 is stamped 11:00.
    T10: both posts answer x0, missing from the export: the earliest, s2 (author a, 07:30), is first.
    q5 starts its own thread; its author d is not in people.csv (1 warning) but still a person.
    So 4 threads, 4 people (a, b, c, d), and 2 replies to a missing message (s1, s2).
    """
    db = build_db(tmp_path / "db.duckdb", read(CANON / "without_threads"))
    assert fetch(db, "select post_id, thread_id from posts order by 1") == [
        ("q1", "q1"), ("q2", "q1"), ("q3", "q1"), ("q5", "q5"), ("r1", "T9"), ("r2", "T9"),
        ("s1", "T10"), ("s2", "T10")]
    assert fetch(db, "select thread_id, author_id, created_at from threads order by created_at") == [
        ("q1", "a", datetime(2024, 5, 1, 8, 0, tzinfo=UTC)),
        ("T9", "c", datetime(2024, 5, 2, 12, 0, tzinfo=UTC)),
        ("T10", "a", datetime(2024, 5, 3, 7, 30, tzinfo=UTC)),
        ("q5", "d", datetime(2024, 5, 4, 16, 0, tzinfo=UTC)),
    ]
    assert fetch(db, "select person_id, display_name from people order by 1") == [
        ("a", "Ann"), ("b", "Bob"), ("c", "Cleo"), ("d", None)]
    assert warnings(db) == {"person id not in people.csv": (1, "d"),
                            "reply to a missing message": (2, "post s1")}


def test_without_people_authors_resolve_to_directory_people(tmp_path):
    """without_people/ loaded with the French directory (E001 Éloïse, E002 Jean-François, E003 Anaïs
    <Anais.Coeurderoy@exemple.fr>, E004 Zoé).

    m1 by E002 -> Jean-François (the directory's employee id); m2 by anais.coeurderoy@exemple.fr ->
    Anaïs (e-mail, case-insensitive); m3 by guest42 -> a new person outside the directory, named by
    its id. m2 and m3 answer m1, so there is 1 thread (m1). Reactions on m2 by E001 (-> Éloïse) and
    guest42. Interactions: Anaïs->JF reply, guest42->JF reply, Éloïse->Anaïs and guest42->Anaïs
    reactions = 4. People: 4 + guest42 = 5.
    """
    db = build_db(tmp_path / "db.duckdb",
                  directory.read(FIXTURES / "directory" / "french_cp1252_semicolon.csv", Config()),
                  read(CANON / "without_people"))
    names = dict(fetch(db, "select person_id, display_name from people"))
    assert fetch(db, "select count(*), count(*) filter (not in_directory) from people") == [(5, 1)]
    assert [(p, names[a]) for p, a in fetch(db, "select post_id, author_id from posts order by 1")] == [
        ("m1", "Jean-François D’Almeida"), ("m2", "Anaïs Cœurderoy"), ("m3", "guest42")]
    assert fetch(db, "select thread_id from threads") == [("m1",)]
    assert names[fetch(db, "select author_id from threads")[0][0]] == "Jean-François D’Almeida"
    edges = sorted((names[a], names[t], k) for a, t, k in
                   fetch(db, "select actor_id, target_id, kind from interactions"))
    assert edges == [
        ("Anaïs Cœurderoy", "Jean-François D’Almeida", "reply"),
        ("guest42", "Anaïs Cœurderoy", "reaction"),
        ("guest42", "Jean-François D’Almeida", "reply"),
        ("Éloïse Lefèvre", "Anaïs Cœurderoy", "reaction"),
    ]
    assert warnings(db) == {}


def test_unparseable_timestamp_names_file_line_and_id():
    with pytest.raises(InputError) as err:
        read(CANON / "bad_timestamp")
    assert str(err.value).endswith(
        "bad_timestamp/posts.csv: line 3 (post_id x2): created_at as an ISO 8601 time "
        "(e.g. 2024-03-01T09:30:00Z), not '03/04/2024 9h'")


def test_duplicate_post_ids():
    with pytest.raises(InputError, match=r"posts.csv: line 4 \(post_id x1\): a unique post_id, "
                                         r"but 'x1' is already on line 2"):
        read(CANON / "duplicate_post_ids")


def test_missing_required_column():
    with pytest.raises(InputError, match=r"posts.csv: header: .*'author_id' \(found: post_id, created_at"):
        read(CANON / "missing_author_column")


def test_detect_wants_posts_with_a_post_id_column(tmp_path):
    (tmp_path / "posts.csv").write_text("id,user,text\n1,a,hi\n", encoding="utf-8")
    assert not canonical.detect(tmp_path)
    assert canonical.detect(CANON / "without_people")
