"""Identity resolution and pseudonymisation, through the real loader."""

from __future__ import annotations

import duckdb
import pytest
from conftest import batch, build_db, query_rows

from etl import merge
from etl.errors import InputError

SALT = "a-secret-salt-for-tests-only"



def directory_ann():
    return batch("directory", accounts=[
        {"source_user_id": "E1", "email": "ann.dupont@acme.fr", "display_name": "Ann Dupont",
         "department": "Finance", "site": "Lyon", "job_level": "Cadre"},
    ])


def viva_ann_and_bob():
    return batch(
        "viva-engage",
        accounts=[
            {"source_user_id": "11", "email": "ANN.Dupont@Acme.fr", "display_name": "ann d.",
             "department": "Compta", "site": "Paris"},
            {"source_user_id": "12", "email": None, "display_name": "Bob"},
        ],
        posts=[{"post_id": "ve:1", "thread_id": "ve:1", "author_id": "11",
                "created_at": "2025-01-02T09:00:00Z", "body_text": "bonjour @<<12>>"}],
        mentions=[{"post_id": "ve:1", "person_id": "12"}],
    )


def test_email_match_is_case_insensitive_and_directory_wins(tmp_path):
    """Ann is in the directory (Finance, Lyon) and on Viva Engage with another casing of her
    e-mail and another department: one person, in_directory, with the directory's values.
    Bob has no e-mail: a second person, not in the directory. People: 2; accounts: 3."""
    db = build_db(tmp_path / "t.duckdb", directory_ann(), viva_ann_and_bob())
    people = query_rows(db, "select display_name, department, site, in_directory from people order by 1")
    assert people == [("Ann Dupont", "Finance", "Lyon", True), ("Bob", None, None, False)]
    assert query_rows(db, "select count(*) from accounts") == [(3,)]
    author = query_rows(db, "select p.display_name from posts join people p on p.person_id = author_id")
    assert author == [("Ann Dupont",)]


def test_mention_marker_becomes_display_name(tmp_path):
    """The importer wrote '@<<12>>'; the loader writes Bob's name."""
    db = build_db(tmp_path / "t.duckdb", viva_ann_and_bob())
    assert query_rows(db, "select body_text from posts") == [("bonjour @Bob",)]


def test_mentions_take_the_directory_name_whatever_the_order_of_inputs(tmp_path):
    """The forum batch comes before the directory in one load; its post and its thread title
    mention Ann ('@<<11>>'), whom Viva Engage calls 'ann d.' and the directory 'Ann Dupont'.
    Names are written once every account is known: both read '@Ann Dupont'."""
    forum = batch(
        "viva-engage",
        accounts=[{"source_user_id": "11", "email": "ann.dupont@acme.fr", "display_name": "ann d."},
                  {"source_user_id": "12", "email": None, "display_name": "Bob"}],
        threads=[{"thread_id": "ve:1", "title": "Question for @<<11>>", "author_id": "12"}],
        posts=[{"post_id": "ve:1", "thread_id": "ve:1", "author_id": "12",
                "created_at": "2025-01-02T09:00:00Z", "body_text": "@<<11>>, any idea?"}],
        mentions=[{"post_id": "ve:1", "person_id": "11"}],
    )
    db = build_db(tmp_path / "t.duckdb", forum, directory_ann())
    assert query_rows(db, "select body_text from posts") == [("@Ann Dupont, any idea?",)]
    assert query_rows(db, "select title from threads") == [("Question for @Ann Dupont",)]


def test_directory_ids_match_canonical_but_never_vendor_ids(tmp_path):
    """A canonical author 'E1' with no e-mail is the directory's employee E1; a Viva Engage
    user '12' must not be taken for a directory employee '12' (numbers collide by chance)."""
    directory = batch("directory", accounts=[
        {"source_user_id": "E1", "email": "ann@acme.fr", "display_name": "Ann", "department": "Finance"},
        {"source_user_id": "12", "email": "zoe@acme.fr", "display_name": "Zoé", "department": "RH"},
    ])
    canonical = batch("canonical", posts=[
        {"post_id": "c1", "author_id": "E1", "created_at": "2025-01-01T10:00:00Z"}])
    db = build_db(tmp_path / "t.duckdb", directory, canonical, viva_ann_and_bob())
    by_source = query_rows(db, """
        select a.source, a.source_user_id, p.display_name from accounts a
        join people p using (person_id) where a.source <> 'directory' order by 1, 2""")
    assert by_source == [("canonical", "E1", "Ann"), ("viva-engage", "11", "ann d."),
                         ("viva-engage", "12", "Bob")]


def test_pseudonymised_load_keeps_no_name_or_email(tmp_path):
    """With a salt, names become 'Member XXXXXX' aliases and e-mails are dropped; the same
    salt gives the same ids on a second load (2 people, not 4); the post still links."""
    db = tmp_path / "t.duckdb"
    build_db(db, directory_ann(), viva_ann_and_bob(), salt=SALT)
    build_db(db, directory_ann(), viva_ann_and_bob(), salt=SALT)
    people = query_rows(db, "select display_name, email from people")
    assert len(people) == 2
    assert all(name.startswith("Member ") and email is None for name, email in people)
    dump = str(query_rows(db, "select * from accounts")) + str(query_rows(db, "select * from people"))
    assert "Dupont" not in dump and "acme.fr" not in dump and "Bob" not in dump
    assert query_rows(db, "select count(*) from posts p join people x on x.person_id = p.author_id") == [(1,)]
    body = query_rows(db, "select body_text from posts")[0][0]
    assert body.startswith("bonjour @Member ") and "Bob" not in body


def test_mixing_plain_and_pseudonymised_loads_is_refused(tmp_path):
    db = build_db(tmp_path / "t.duckdb", directory_ann(), salt=SALT)
    with pytest.raises(InputError, match="salt"):
        build_db(db, directory_ann(), salt="another-salt-of-enough-length")
    with pytest.raises(InputError, match="--pseudonymize"):
        build_db(db, directory_ann())
    assert query_rows(db, "select count(*) from load_runs") == [(1,)]


def _two_posts_with_one_id(source: str):
    return batch(source, posts=[
        {"post_id": "p1", "thread_id": "t1", "author_id": "11", "body_text": "first"},
        {"post_id": "p1", "thread_id": "t1", "author_id": "11", "body_text": "second"},
    ])


def test_a_post_id_twice_in_one_input_is_refused(tmp_path):
    """Two posts with id p1 in one canonical input: the load stops, naming the table, the id and
    how often it appears, and writes no database."""
    db = tmp_path / "twice.duckdb"
    with pytest.raises(InputError, match=r"posts id 'p1'.*unique ids, but this one appears 2 times"):
        build_db(db, _two_posts_with_one_id("canonical"))
    assert not db.exists()


def test_keys_an_importer_checked_are_not_checked_again():
    """The loader's key check (merge._check_unique) on the same two p1 posts: refused, but passed
    over once the batch says its importer checked its post ids itself (Batch.unique_keys, as the
    Viva Engage reader does, with its own error)."""
    twice = _two_posts_with_one_id("canonical")
    with duckdb.connect() as con, merge._registered(con, twice):
        with pytest.raises(InputError, match="posts id 'p1'"):
            merge._check_unique(con, twice)
        twice.unique_keys = {"posts"}
        merge._check_unique(con, twice)


def test_a_post_without_an_id_is_not_stored(tmp_path):
    """A canonical input with post p1 and a post with no id: only p1 is stored (as before the posts
    insert skipped the ids it had set apart; a post without an id cannot be replaced later)."""
    posts = batch("canonical", posts=[
        {"post_id": "p1", "thread_id": "t1", "author_id": "11", "body_text": "first"},
        {"post_id": None, "thread_id": "t1", "author_id": "11", "body_text": "no id"},
    ])
    db = build_db(tmp_path / "noid.duckdb", posts)
    assert query_rows(db, "select post_id from posts") == [("p1",)]
