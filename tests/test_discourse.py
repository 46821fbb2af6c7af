"""Discourse importer: topic JSON files and the admin user list, through the real loader."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest
from conftest import FIXTURES, build_db, query_rows, utc

from etl.errors import InputError
from etl.sources import ReadOptions, discourse

DISCOURSE = FIXTURES / "discourse"


def _load(tmp_path, case: str):
    data = discourse.read(DISCOURSE / case, ReadOptions())
    data.inputs.append(str(DISCOURSE / case))
    return build_db(tmp_path / "db.duckdb", data), data




def test_posts_and_reply_structure(tmp_path):
    """solved_topic_with_user_list/t-10.json: posts 101-106; 104 is a small action (post_type 3,
    "closed the topic"), not a post. 102 has no reply_to_post_number: it answers the topic's
    first post 101. 103 replies to post number 2 (102). 105 replies to number 9, absent from the
    file: linked to 101 with a warning. 106 replies to 3 (103) and was deleted.
    """
    db, data = _load(tmp_path, "solved_topic_with_user_list")
    assert dict(query_rows(db, "select post_id, parent_post_id from posts")) == {
        "discourse:101": None,
        "discourse:102": "discourse:101",
        "discourse:103": "discourse:102",
        "discourse:105": "discourse:101",
        "discourse:106": "discourse:103",
    }
    assert data.warnings["discourse reply to a post missing from its topic file (linked to the "
                         "first post)"] == 1
    # the stream lists 7 post ids, the file holds 6 posts
    assert data.warnings["discourse topic file holds only part of its posts "
                         "(fetch /t/{id}.json?print=true)"] == 1


def test_cooked_html_becomes_text_with_mentions(tmp_path):
    """102's cooked HTML "<p><a class="mention" href="/u/alice">@alice</a> ask IT &amp; facilities
    <br>or try PCL6</p><p>Good luck</p>" reads "@Martin, Alice ask IT & facilities / or try PCL6 /
    / Good luck" and mentions Alice (user 1), named as the user list names her: Discourse wraps a
    value holding a comma in extra quotes (three double quotes around "Martin, Alice"), which are taken off."""
    db, _ = _load(tmp_path, "solved_topic_with_user_list")
    assert query_rows(db, "select body_text from posts where post_id = 'discourse:102'") == [
        ("@Martin, Alice ask IT & facilities\nor try PCL6\n\nGood luck",)]
    assert query_rows(db, "select m.post_id, p.email from mentions m join people p using (person_id)") == [
        ("discourse:102", "alice@example.com")]


def test_accepted_answer_likes_edits_and_deletions(tmp_path):
    """The topic's accepted_answer names post number 3 (103): the thread is a question with that
    accepted post, in category 5 named "IT help" by categories.json. Likes (action id 2): 1 on
    101 and 2 on 102 = 3 rows without a person (action id 8 is not a like). 103 has version 2:
    edited at its updated_at 2022-01-11 08:00. 106 is deleted: empty body, deleted_at kept."""
    db, _ = _load(tmp_path, "solved_topic_with_user_list")
    assert query_rows(db, "select t.thread_id, t.is_question, t.accepted_post_id, t.title, s.name "
                     "from threads t join spaces s using (space_id)") == [
        ("discourse:10", True, "discourse:103", "Printer on floor 3?", "IT help")]
    assert query_rows(db, "select post_id, count(*), count(person_id) from reactions "
                     "where kind = 'like' group by 1 order by 1") == [
        ("discourse:101", 1, 0), ("discourse:102", 2, 0)]
    assert query_rows(db, "select edited_at from posts where post_id = 'discourse:103'") == [
        (utc(2022, 1, 11, 8),)]
    assert query_rows(db, "select body_text, deleted_at from posts where post_id = 'discourse:106'") == [
        ("", utc(2022, 1, 12, 11))]


def test_user_list_gives_emails_and_departments(tmp_path):
    """user-list.csv (the admin export; the custom field is headed "Department (custom user
    field)") has Alice/Finance, Bob/IT, Carol/Sales with e-mails; Dan
    (user 4) is only in the posts: no e-mail, no department. Interactions (deleted 106 left out):
    Bob replies to Alice twice (102, 105) and mentions her once; Carol replies to Bob (103)."""
    db, _ = _load(tmp_path, "solved_topic_with_user_list")
    assert query_rows(db, "select a.source_user_id, p.email, p.department from accounts a "
                     "join people p using (person_id) order by 1") == [
        ("1", "alice@example.com", "Finance"), ("2", "bob@example.com", "IT"),
        ("3", "carol@example.com", "Sales"), ("4", None, None)]
    assert query_rows(db, "select actor_department, target_department, kind, count(*) from interactions "
                     "group by all order by all") == [
        ("IT", "Finance", "mention", 1), ("IT", "Finance", "reply", 2), ("Sales", "IT", "reply", 1)]


def test_topic_list_is_not_a_topic(tmp_path):
    """latest.json (a /latest.json topic list) is skipped with a warning naming it."""
    _, data = _load(tmp_path, "solved_topic_with_user_list")
    code = "discourse topic list (/latest.json) skipped: it lists topics, it holds no posts"
    assert data.warnings[code] == 1
    assert data.examples[code].endswith("latest.json")


def test_same_post_in_two_files_keeps_the_latest_copy(tmp_path):
    """same_post_in_two_files: topic 20 saved on Monday (post 201, updated 02-07) and on Friday
    (201 edited on 02-08, plus 202). The Monday file sorts first, yet Friday's copy of 201 wins
    (later updated_at). One thread, 2 posts, 1 like, 1 duplicate warning."""
    db, data = _load(tmp_path, "same_post_in_two_files")
    assert query_rows(db, "select post_id, body_text from posts order by 1") == [
        ("discourse:201", "Badge reader broken on door B"), ("discourse:202", "Reported to security")]
    assert query_rows(db, "select thread_id, space_id from threads") == [("discourse:20", "discourse:7")]
    assert query_rows(db, "select count(*) from reactions") == [(1,)]
    assert data.warnings["discourse post found in several topic files (one copy kept)"] == 1


def test_cut_off_topic_file():
    """cut_off_topic/t-30.json stops in the middle of a string on line 3."""
    with pytest.raises(InputError) as err:
        discourse.read(DISCOURSE / "cut_off_topic", ReadOptions())
    message = str(err.value)
    assert "t-30.json: line 3 column" in message and "a complete JSON document" in message


def test_folder_without_topics(tmp_path):
    (tmp_path / "latest.json").write_text(json.dumps({"topic_list": {"topics": []}}))
    with pytest.raises(InputError, match="at least one Discourse topic file"):
        discourse.read(tmp_path, ReadOptions())


def test_detect():
    assert discourse.detect(DISCOURSE / "same_post_in_two_files")
    assert not discourse.detect(FIXTURES / "slack" / "threads_across_days")


def test_html_to_text_drops_markup_and_image_metadata():
    """Block ends become line breaks, entities are decoded, script and lightbox meta go."""
    markup = ('<h3>Title</h3><p>a &lt;b&gt; <em>c</em></p><script>x()</script>'
              '<div class="meta"><span class="filename">a.png</span></div><ul><li>one</li><li>two</li></ul>')
    assert discourse.html_to_text(markup) == "Title\na <b> c\none\ntwo"


def test_user_list_as_discourse_delivers_it_zipped(tmp_path):
    """The export arrives as user-list-<time>.zip holding the CSV: read as is. Same accounts as
    from the bare CSV: users 1-3 with e-mail and department, Dan (4) from the posts only."""
    source = DISCOURSE / "solved_topic_with_user_list"
    shutil.copy(source / "t-10.json", tmp_path)
    with zipfile.ZipFile(tmp_path / "user-list-220115-093000-7.zip", "w") as zf:
        zf.write(source / "user-list.csv", "user-list-220115-093000.csv")
    data = discourse.read(tmp_path, ReadOptions())
    accounts = sorted(data.table("accounts").select(["source_user_id", "email", "department"])
                      .to_pylist(), key=lambda a: a["source_user_id"])
    assert [list(a.values()) for a in accounts] == [
        ["1", "alice@example.com", "Finance"], ["2", "bob@example.com", "IT"],
        ["3", "carol@example.com", "Sales"], ["4", None, None]]
