"""Stack Exchange importer: a hand-made dump (UTF-8 with BOM, like the real ones) through the real loader."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, build_db, crowdlens_cli, query_rows, utc

from etl.errors import InputError
from etl.sources import ReadOptions, stackexchange

SE = FIXTURES / "stackexchange"
CASE = "qa_with_comments_votes"


def _load(tmp_path):
    data = stackexchange.read(SE / CASE, ReadOptions())
    data.inputs.append(str(SE / CASE))
    return build_db(tmp_path / "db.duckdb", data), data




def test_questions_are_threads_with_their_accepted_answer(tmp_path):
    """Posts.xml: questions 1 (AcceptedAnswerId 3) and 6; answers 2 and 3; tag wiki rows 4 and 5
    (PostTypeId 4/5) are not forum posts. Two threads, both questions, in the one space of the
    site (named after the dump's folder)."""
    db, data = _load(tmp_path)
    assert query_rows(db, "select thread_id, title, is_question, accepted_post_id, space_id "
                     "from threads order by 1") == [
        ("se:1", "Rotating API keys", True, "se:3", f"se:{CASE}"),
        ("se:6", "VPN down?", True, None, f"se:{CASE}"),
    ]
    assert query_rows(db, "select space_id, name from spaces") == [(f"se:{CASE}", CASE)]
    assert data.warnings["stackexchange tag wikis and other non-forum posts skipped "
                         "(PostTypeId not 1 or 2)"] == 2


def test_answers_and_comments_reply_to_their_post(tmp_path):
    """Answers 2 and 3 reply to question 1; comment 1 (on question 1) replies to it, comment 2
    (on answer 3) replies to answer 3, in question 1's thread. Comment 3 is on the tag wiki 4:
    skipped with a warning. 4 forum posts + 2 comments = 6 posts."""
    db, data = _load(tmp_path)
    assert query_rows(db, "select post_id, thread_id, parent_post_id from posts order by 1") == [
        ("se:1", "se:1", None), ("se:2", "se:1", "se:1"), ("se:3", "se:1", "se:1"),
        ("se:6", "se:6", None),
        ("se:comment:1", "se:1", "se:1"), ("se:comment:2", "se:1", "se:3"),
    ]
    assert data.warnings["stackexchange comments on a post that is not a question or answer "
                         "(skipped)"] == 1


def test_body_html_becomes_text_and_times_areutc(tmp_path):
    """Body of 1 is "<p>How do I <strong>rotate</strong> the API key &amp; keep old clients?</p>"
    once the XML attribute is decoded; CreationDate 2020-03-02T09:15:00.250 is UTC. Answer 2 was
    edited (LastEditDate 2020-03-03T08:00). Comment text is plain and kept as is."""
    db, _ = _load(tmp_path)
    assert query_rows(db, "select body_text, created_at from posts where post_id = 'se:1'") == [
        ("How do I rotate the API key & keep old clients?", utc(2020, 3, 2, 9, 15, 0, 250000))]
    assert query_rows(db, "select body_text from posts where post_id = 'se:3'") == [
        ("Use the key vault:\n\nvault rotate",)]
    assert query_rows(db, "select edited_at from posts where post_id = 'se:2'") == [(utc(2020, 3, 3, 8),)]
    assert query_rows(db, "select body_text from posts where post_id = 'se:comment:1'") == [
        ("Which client library? & which version?",)]


def test_up_votes_are_reactions_without_a_person(tmp_path):
    """Votes.xml: up votes (VoteTypeId 2) on 1 (twice) and 3 -> 3 reactions, no person, dated by the
    vote's day. The accept vote (1), the down vote (3) and the favourite (5) are not reactions;
    the up vote on the tag wiki 4 is skipped with a warning."""
    db, data = _load(tmp_path)
    assert query_rows(db, "select post_id, kind, person_id, created_at from reactions order by 1, 4") == [
        ("se:1", "upvote", None, utc(2020, 3, 2)), ("se:1", "upvote", None, utc(2020, 3, 3)),
        ("se:3", "upvote", None, utc(2020, 3, 2)),
    ]
    assert data.warnings["stackexchange up votes on a post that is not a question or answer "
                         "(skipped)"] == 1


def test_deleted_users_are_accounts_keyed_by_display_name(tmp_path):
    """Answer 3 is owned by the deleted "user99" (OwnerDisplayName only), comment 2 by the deleted
    "user77" (UserDisplayName only): accounts deleted:user99 and deleted:user77, flagged in a
    warning (2). With Community (-1, a bot), Ann (10) and Ben (11): 5 accounts.
    Replies: Ben -> Ann (answer 2, comment 1), user99 -> Ann (answer 3), user77 -> user99."""
    db, data = _load(tmp_path)
    assert query_rows(db, "select a.source_user_id, p.display_name, p.is_bot from accounts a "
                     "join people p using (person_id) order by 1") == [
        ("-1", "Community", True), ("10", "Ann Lee", False), ("11", "Ben Ode", False),
        ("deleted:user77", "user77", False), ("deleted:user99", "user99", False),
    ]
    assert data.warnings["stackexchange deleted users, known only by display name "
                         "(account keyed deleted:<name>)"] == 2
    assert query_rows(db, """
        select pa.display_name, pt.display_name, count(*) from interactions i
        join people pa on pa.person_id = i.actor_id join people pt on pt.person_id = i.target_id
        group by all order by all""") == [
        ("Ben Ode", "Ann Lee", 2), ("user77", "user99", 1), ("user99", "Ann Lee", 1)]


def test_xml_cut_off_midway():
    """cut_off_xml/Posts.xml stops inside the Body attribute of its second row (line 4)."""
    with pytest.raises(InputError) as err:
        stackexchange.read(SE / "cut_off_xml", ReadOptions())
    message = str(err.value)
    assert "cut_off_xml/Posts.xml: line 4 column" in message
    assert "well-formed XML" in message


def test_detect():
    assert stackexchange.detect(SE / CASE)
    assert not stackexchange.detect(FIXTURES / "discourse" / "same_post_in_two_files")


def test_cli_xml_cut_off_midway(tmp_path):
    """Through the command: one stderr line (file, line, what was expected), exit 2, no traceback."""
    result = crowdlens_cli("load", SE / "cut_off_xml", "--format", "stackexchange",
                           "--db", tmp_path / "x.duckdb")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"crowdlens: error: {SE / 'cut_off_xml' / 'Posts.xml'}: line 4 column ")
    assert "well-formed XML" in line
