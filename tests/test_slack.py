"""Slack importer: hand-made exports, one per edge case, through the real loader."""

from __future__ import annotations

import json
import zipfile

import pytest
from conftest import FIXTURES, batch, build_db, crowdlens_cli, query_rows, utc

from etl.errors import InputError
from etl.sources import ReadOptions, slack

SLACK = FIXTURES / "slack"


def _load(tmp_path, case: str, include_private: bool = False):
    data = slack.read(SLACK / case, ReadOptions(include_private=include_private))
    data.inputs.append(str(SLACK / case))
    return build_db(tmp_path / "db.duckdb", data), data




def test_threads_span_day_files_and_keep_tombstones(tmp_path):
    """threads_across_days: one channel, three day files.

    Day 2021-03-01 holds a join (not a post), the root R (ts 1614670200.000200), a tombstone T
    (ts 1614670300.000300) and a topic change (not a post). Day 03-02 holds a reply to R by
    Bob, a thread_broadcast reply to R by Carol, and Carol's reply to T. Day 03-03 repeats the
    broadcast (same ts: counted once), holds a reply to a root outside the export (thread
    1614000000.000050) and a leave (not a post).
    Posts: R, T, Bob's reply, the broadcast, the reply to T, the late reply = 6.
    Threads: R, T and the outside root = 3.
    """
    db, _ = _load(tmp_path, "threads_across_days")
    posts = dict(query_rows(db, "select post_id, parent_post_id from posts"))
    root, tomb = "slack:C100:1614670200.000200", "slack:C100:1614670300.000300"
    assert posts == {
        root: None,
        tomb: None,
        "slack:C100:1614700000.000500": root,
        "slack:C100:1614700100.000600": root,
        "slack:C100:1614700200.000700": tomb,
        "slack:C100:1614790000.000800": "slack:C100:1614000000.000050",
    }
    threads = {t: n for t, n in query_rows(db, "select thread_id, count(*) from posts group by 1")}
    assert threads == {root: 3, tomb: 2, "slack:C100:1614000000.000050": 1}
    assert query_rows(db, "select count(*) from threads") == [(3,)]


def test_time_comes_from_ts_not_the_day_file(tmp_path):
    """The root sits in day file 2021-03-01 (US Pacific) but ts 1614670200 is 2021-03-02 07:30 UTC
    (23:30 on 1 March in Los Angeles); the 0.000200 fraction survives as 200 microseconds."""
    db, _ = _load(tmp_path, "threads_across_days")
    [(created,)] = query_rows(db, "select created_at from posts where post_id = 'slack:C100:1614670200.000200'")
    assert created == utc(2021, 3, 2, 7, 30, 0, 200)
    [(thread_created, author)] = query_rows(
        db, "select t.created_at, t.author_id is null from threads t "
            "where thread_id = 'slack:C100:1614000000.000050'")
    assert thread_created == utc(2021, 3, 3, 16, 46, 40, 800)  # its first reply's time
    assert author is True  # the root (and its author) is outside the export


def test_tombstone_is_a_deleted_post_without_author(tmp_path):
    """The tombstone keeps its row (its reply needs it): empty body, deleted_at set, and no
    author (Slack signs it USLACKBOT; the real author is gone)."""
    db, _ = _load(tmp_path, "threads_across_days")
    assert query_rows(db, "select body_text, deleted_at is not null, author_id from posts "
                     "where post_id = 'slack:C100:1614670300.000300'") == [("", True, None)]


def test_replies_become_interactions_with_the_root_author(tmp_path):
    """Bob and Carol reply to Alice's root: 2 reply interactions towards Alice. Carol's reply to
    the tombstone has no target (no author); the late reply's parent is missing and is counted
    as a load warning ("reply to a missing message", 1)."""
    db, _ = _load(tmp_path, "threads_across_days")
    pairs = query_rows(db, """
        select pa.display_name, pt.display_name from interactions i
        join people pa on pa.person_id = i.actor_id join people pt on pt.person_id = i.target_id
        where i.kind = 'reply' order by 1""")
    assert pairs == [("Bob Stone", "Alice Martin"), ("Carol Diaz", "Alice Martin")]
    [(warnings,)] = query_rows(db, "select warnings from load_runs")
    found = {w["code"]: w["count"] for w in json.loads(warnings)}
    assert found["reply to a missing message"] == 1


def test_mentions_escapes_and_links(tmp_path):
    """Alice's message "Thanks <@U2|bob> &amp; <@U3>! See <https://...|the VPN page> &lt;now&gt;"
    reads "Thanks @Bob Stone & @Carol Diaz! See the VPN page <now>" and mentions Bob and Carol.
    Bob's message has blocks naming U3 while its text names U1: the blocks win (1 mention, Carol).
    """
    db, _ = _load(tmp_path, "mentions_and_reactions")
    [(body,)] = query_rows(db, "select body_text from posts where post_id = 'slack:C200:1617260400.000100'")
    assert body == "Thanks @Bob Stone & @Carol Diaz! See the VPN page <now>"
    mentions = query_rows(db, """
        select m.post_id, p.display_name from mentions m join people p using (person_id) order by 1, 2""")
    assert mentions == [
        ("slack:C200:1617260400.000100", "Bob Stone"),
        ("slack:C200:1617260400.000100", "Carol Diaz"),
        ("slack:C200:1617260500.000200", "Carol Diaz"),
    ]


def test_reactions_merge_skin_tones_and_keep_unlisted_people(tmp_path):
    """On Alice's message: +1::skin-tone-3 by Bob and +1 by Carol are both "+1";
    tada has count 3 but lists only Bob: 1 named row + 2 rows without a person. 5 rows."""
    db, _ = _load(tmp_path, "mentions_and_reactions")
    rows = query_rows(db, """
        select r.kind, p.display_name, r.created_at from reactions r
        left join people p using (person_id) order by 1, 2 nulls last""")
    assert rows == [("+1", "Bob Stone", None), ("+1", "Carol Diaz", None),
                    ("tada", "Bob Stone", None), ("tada", None, None), ("tada", None, None)]


def test_bots_and_drifting_user_fields(tmp_path):
    """Bots: B1 (a bot_message; named by its username), USLACKBOT, and U9 whose is_bot is the
    integer 1. Bob's is_bot is the string "false": human. The bot message's empty text takes
    its attachment's fallback, unescaped. Alice has an e-mail, Bob none (identity by user id)."""
    db, _ = _load(tmp_path, "mentions_and_reactions")
    bots = query_rows(db, "select source_user_id, p.display_name from accounts a join people p "
                     "using (person_id) where p.is_bot order by 1")
    assert bots == [("B1", "deploybot"), ("U9", "Deploy Bot"), ("USLACKBOT", "Slackbot")]
    assert query_rows(db, "select body_text from posts where author_id = "
                     "(select person_id from accounts where source_user_id = 'B1')") == [
        ("Deployed v2 & done",)]
    emails = dict(query_rows(db, "select a.source_user_id, p.email from accounts a join people p "
                            "using (person_id) where a.source_user_id in ('U1', 'U2')"))
    assert emails == {"U1": "alice@example.com", "U2": None}


def test_private_conversations_only_on_request(tmp_path):
    """private_conversations: #public (1 message), private channel secret-project (groups.json,
    1 message) and a direct message D0PRIV1 (dms.json, 1 message). By default: 1 post, and a
    warning counting the 2 private conversations left out. With include_private: 3 posts."""
    db, data = _load(tmp_path, "private_conversations")
    assert query_rows(db, "select post_id from posts") == [("slack:C300:1619856000.000100",)]
    assert data.warnings["slack private conversations left out (load with --include-private)"] == 2
    db, _ = _load(tmp_path / "with", "private_conversations", include_private=True)
    assert sorted(query_rows(db, "select space_id, count(*) from posts p join threads t using (thread_id) "
                            "group by 1")) == [
        ("slack:C300", 1), ("slack:D0PRIV1", 1), ("slack:G400", 1)]


def test_same_email_in_slack_and_another_source_is_one_person(tmp_path):
    """Alice is U1 in Slack (alice@example.com) and user 42 in a hand-made Viva Engage batch
    (ALICE@Example.com, e-mails compare case-insensitively): one person, two accounts; with Bob,
    Carol, 3 bots, and nobody else, people = 6."""
    slack_batch = slack.read(SLACK / "mentions_and_reactions", ReadOptions())
    slack_batch.inputs.append("slack fixture")
    other = batch(
        "viva-engage",
        accounts=[{"source_user_id": "42", "email": "ALICE@Example.com", "display_name": "Alice M."}],
        threads=[{"thread_id": "ve:1", "author_id": "42", "created_at": "2021-04-02T10:00:00Z"}],
        posts=[{"post_id": "ve:1", "thread_id": "ve:1", "author_id": "42",
                "created_at": "2021-04-02T10:00:00Z", "body_text": "hello"}],
    )
    db = build_db(tmp_path / "db.duckdb", slack_batch, other)
    persons = query_rows(db, "select distinct person_id from accounts "
                        "where (source, source_user_id) in (('slack', 'U1'), ('viva-engage', '42'))")
    assert len(persons) == 1
    assert query_rows(db, "select count(*) from posts where author_id = $p", {"p": persons[0][0]}) == [(2,)]
    assert query_rows(db, "select count(*) from people") == [(6,)]


def test_day_file_that_is_not_an_array():
    """not_an_array/general/2021-01-01.json holds one object instead of an array."""
    with pytest.raises(InputError) as err:
        slack.read(SLACK / "not_an_array", ReadOptions())
    assert str(err.value).endswith(
        "general/2021-01-01.json: top level: a JSON array of messages, found a dict")


def test_day_file_cut_off():
    """cut_off_json/general/2021-01-01.json stops inside its second message (line 3)."""
    with pytest.raises(InputError) as err:
        slack.read(SLACK / "cut_off_json", ReadOptions())
    assert "general/2021-01-01.json: line 3 column" in str(err.value)
    assert "a complete JSON array of messages" in str(err.value)


def test_detect():
    assert slack.detect(SLACK / "threads_across_days")
    assert not slack.detect(FIXTURES)



def test_cli_truncated_zip(tmp_path):
    """The threads_across_days export zipped, then cut to half its size (the central directory at
    the end is gone): one error line naming the file, exit 2, no traceback, no database."""
    whole = tmp_path / "export.zip"
    with zipfile.ZipFile(whole, "w") as archive:
        for file in sorted((SLACK / "threads_across_days").rglob("*.json")):
            archive.write(file, file.relative_to(SLACK / "threads_across_days").as_posix())
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    result = crowdlens_cli("load", cut, "--format", "slack", "--db", tmp_path / "x.duckdb")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"crowdlens: error: {cut}: a folder or a .zip archive (the end of the archive is missing)"]
    assert not (tmp_path / "x.duckdb").exists()


def test_cli_day_file_not_an_array(tmp_path):
    result = crowdlens_cli("load", SLACK / "not_an_array", "--format", "slack", "--db", tmp_path / "x.duckdb")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"crowdlens: error: {SLACK / 'not_an_array' / 'general' / '2021-01-01.json'}: top level: "
        "a JSON array of messages, found a dict"]
