"""Viva Engage (Yammer) export importer, checked through the real loader on hand-written fixtures.

Every fixture folder (tests/fixtures/viva_engage/<case>/) holds the same Users.csv (1 Ana Lopez,
R&D, Lyon, Engineer; 2 Bea Martin, Sales, Paris, Manager; 3 Chloé Durand, Finance, Lyon,
Analyst) and Groups.csv (100 Data Guild), and a Messages.csv of two to four messages written
for its case.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, build_db

from etl.errors import InputError
from etl.sources import ReadOptions, read_export, viva_engage

CASES = FIXTURES / "viva_engage"


def read_case(case: str | Path, include_private: bool = False):
    path = case if isinstance(case, Path) else CASES / case
    return read_export(path, "viva-engage", ReadOptions(include_private=include_private))


def load_cases(tmp_path: Path, *cases, include_private: bool = False, name: str = "crowd") -> Path:
    batches = [read_case(c, include_private) for c in cases]
    return build_db(tmp_path / f"{name}.duckdb", *batches)


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def warnings(db: Path) -> dict[str, dict]:
    latest = rows(db, "select warnings from load_runs order by run_id desc limit 1")[0][0]
    return {w["code"]: w for w in json.loads(latest)}


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_detect_looks_for_messages_csv_whatever_its_case(tmp_path):
    (tmp_path / "export").mkdir()
    assert not viva_engage.detect(tmp_path / "export")
    (tmp_path / "export" / "messages.CSV").write_text("id\n")
    assert viva_engage.detect(tmp_path / "export")


def test_bom_and_columns_in_another_order(tmp_path):
    """bom/: Messages.csv and Users.csv start with a UTF-8 BOM; Messages.csv has its columns in
    another order, an extra api_url column and no title or message_type column (older export).

    Expected: the first header names are read without the BOM, so both files load: 2 posts
    (1 starts thread 1, 2 replies to 1), 1 thread titled by the first line of message 1, not a
    question; 3 accounts from Users.csv, Ana's profile as Users.csv gives it.
    """
    db = load_cases(tmp_path, "bom")
    assert rows(db, "select post_id, thread_id, parent_post_id, body_text from posts order by 1") == [
        ("ve:1", "ve:1", None, "Where is the style guide?"),
        ("ve:2", "ve:1", "ve:1", "On the wiki."),
    ]
    assert rows(db, "select thread_id, space_id, title, is_question from threads") == [
        ("ve:1", "ve:100", "Where is the style guide?", False)
    ]
    assert rows(db, "select count(*) from accounts where source = 'viva-engage'") == [(3,)]
    assert rows(db, "select department, site, job_level from people where email = 'ana@corp.example'") == [
        ("R&D", "Lyon", "Engineer")
    ]


def test_multiline_body_with_quotes_and_html(tmp_path):
    """multiline_body_with_quotes/: message 5's quoted body holds doubled quotes, a comma and a
    newline; message 6's body is HTML with an entity.

    Expected: body 5 kept whole with plain quotes and its newline; the thread title is its first
    line only; body 6 is text: tags dropped, &amp; decoded -> 'Try DuckDB & Arrow'.
    """
    db = load_cases(tmp_path, "multiline_body_with_quotes")
    bodies = dict(rows(db, "select post_id, body_text from posts"))
    assert bodies == {
        "ve:5": 'He said "use pandas", then left.\nSecond line, with a comma.',
        "ve:6": "Try DuckDB & Arrow",
    }
    assert rows(db, "select title from threads") == [('He said "use pandas", then left.',)]


def test_deleted_message_keeps_its_row_without_text(tmp_path):
    """deleted_message/: thread 10 (a question by Ana), reply 11 by Bea, reply 12 by Chloé,
    deleted on 2019-08-22 08:00 UTC, whose body mentioned Bea.

    Expected: 3 posts; 12 keeps its row with deleted_at set and an empty body; its mention is
    not counted (0 mentions); interactions: only 11 -> 10 (Bea replied to Ana) = 1, since a
    deleted post takes no part.
    """
    db = load_cases(tmp_path, "deleted_message")
    assert rows(db, "select post_id, body_text, deleted_at from posts order by 1") == [
        ("ve:10", "Who knows SQL?", None),
        ("ve:11", "I do.", None),
        ("ve:12", "", utc(2019, 8, 22, 8)),
    ]
    assert rows(db, "select count(*) from mentions") == [(0,)]
    assert rows(db, """
        select a.display_name, t.display_name, i.kind from interactions i
        join people a on a.person_id = i.actor_id join people t on t.person_id = i.target_id
    """) == [("Bea Martin", "Ana Lopez", "reply")]


def test_reply_to_missing_message_is_a_warning(tmp_path):
    """reply_to_missing_message/: 20 starts the thread; 22 answers 21, which no export has.

    Expected: both posts load (22 keeps parent ve:21); load_runs counts 1 'reply to a missing
    message' with 22 as its example; no interaction (the parent's author is unknown).
    """
    db = load_cases(tmp_path, "reply_to_missing_message")
    assert rows(db, "select post_id, parent_post_id from posts order by 1") == [
        ("ve:20", None), ("ve:22", "ve:21"),
    ]
    found = warnings(db)["reply to a missing message"]
    assert (found["count"], found["example"]) == (1, "post ve:22")
    assert rows(db, "select count(*) from interactions") == [(0,)]


@pytest.mark.parametrize("one_load", [False, True], ids=["two loads", "one load"])
def test_overlapping_exports_keep_one_row_and_the_later_text(tmp_path, one_load):
    """overlapping_exports/first: 30 (Ana), 31 'Yes I will com' (Bea); second: 31 again, edited
    to 'Yes I will come', and 32 (Chloé).

    Expected, whether loaded one after the other or together: 3 posts (30, 31, 32), not 4; 31
    has the second export's text; 1 thread; mentions none; load_runs one row per load.
    """
    first, second = CASES / "overlapping_exports" / "first", CASES / "overlapping_exports" / "second"
    if one_load:
        db = load_cases(tmp_path, first, second)
    else:
        db = load_cases(tmp_path, first)
        build_db(db, read_case(second))
    assert rows(db, "select post_id, body_text from posts order by 1") == [
        ("ve:30", "Lunch and learn on Friday?"),
        ("ve:31", "Yes I will come"),
        ("ve:32", "Me too."),
    ]
    assert rows(db, "select count(*) from threads") == [(1,)]
    assert rows(db, "select count(*) from load_runs") == [(1 if one_load else 2,)]


def test_unknown_sender_is_a_warning_and_keeps_what_the_message_says(tmp_path):
    """unknown_sender/: 41 is sent by 99, who is not in Users.csv.

    Expected: 1 'unknown user id' warning naming 99; both posts load; 4 people (3 from Users.csv
    plus 99, named and addressed as the message says, with no department).
    """
    db = load_cases(tmp_path, "unknown_sender")
    found = warnings(db)["unknown user id"]
    assert found["count"] == 1 and "99" in found["example"]
    assert rows(db, "select count(*) from posts") == [(2,)]
    assert rows(db, "select count(*) from people") == [(4,)]
    assert rows(db, """
        select p.display_name, p.email, p.department from posts join people p on p.person_id = author_id
        where post_id = 've:41'
    """) == [("Guest Person", "guest@partner.example", None)]


def test_private_conversation_left_out_unless_asked(tmp_path):
    """private_conversation/: 50 in Data Guild; 51 and 52 (in_private_conversation true / TRUE)
    are a private conversation between Ana and Bea, with no group.

    Expected by default: 1 post, 1 thread, 1 space (Data Guild). With include_private: 3 posts,
    2 threads, and a second space ve:private holding thread 51.
    """
    db = load_cases(tmp_path, "private_conversation")
    assert rows(db, "select post_id from posts") == [("ve:50",)]
    assert rows(db, "select space_id, name from spaces") == [("ve:100", "Data Guild")]
    db = load_cases(tmp_path, "private_conversation", include_private=True, name="private")
    assert rows(db, "select post_id from posts order by 1") == [("ve:50",), ("ve:51",), ("ve:52",)]
    assert rows(db, "select thread_id, space_id from threads order by 1") == [
        ("ve:50", "ve:100"), ("ve:51", "ve:private"),
    ]
    assert rows(db, "select count(*) from spaces") == [(2,)]


def test_mention_becomes_a_row_and_a_name(tmp_path):
    """mention/ (no group, so space ve:all 'All Company'): 60 by Ana mentions [[user:2]] twice
    and [[user:3]] once; 61 by Bea, a reply, mentions [[user:77]] (in no Users.csv) and a
    [[tag:555]].

    Expected: mentions rows (60, Bea), (60, Chloé), (61, user 77) = 3 (Bea once, not twice);
    body 60 'Thanks @Bea Martin and @Chloé Durand! Again, @Bea Martin.', the thread title the
    same line; body 61 'Ask @unknown too' (77 has no name; the tag is dropped); 1 'unknown user
    id' warning (77). Interactions: mentions Ana->Bea, Ana->Chloé, Bea->77, reply Bea->Ana = 4.
    """
    db = load_cases(tmp_path, "mention")
    assert rows(db, """
        select m.post_id, coalesce(p.display_name, a.source_user_id) from mentions m
        join people p using (person_id) join accounts a using (person_id) order by 1, 2
    """) == [("ve:60", "Bea Martin"), ("ve:60", "Chloé Durand"), ("ve:61", "77")]
    bodies = dict(rows(db, "select post_id, body_text from posts"))
    assert bodies == {
        "ve:60": "Thanks @Bea Martin and @Chloé Durand! Again, @Bea Martin.",
        "ve:61": "Ask @unknown too",
    }
    assert rows(db, "select title, space_id from threads") == [
        ("Thanks @Bea Martin and @Chloé Durand! Again, @Bea Martin.", "ve:all")
    ]
    assert rows(db, "select name from spaces") == [("All Company",)]
    assert warnings(db)["unknown user id"]["count"] == 1
    assert rows(db, "select kind, count(*) from interactions group by 1 order by 1") == [
        ("mention", 3), ("reply", 1),
    ]


def test_three_timestamp_formats_all_in_utc(tmp_path):
    """three_timestamp_formats/: 70 '2019-08-21 17:23:57 UTC'; 71 '2013/02/26 17:55:53 +0000';
    72 '2020-03-04T05:06:07Z'; 73 '2020-03-04T07:06:07+02:00' (= 05:06:07 UTC), deleted
    '2020/03/05 00:00:00 +0100' (= 2020-03-04 23:00 UTC).
    """
    db = load_cases(tmp_path, "three_timestamp_formats")
    assert rows(db, "select post_id, created_at, deleted_at from posts order by 1") == [
        ("ve:70", utc(2019, 8, 21, 17, 23, 57), None),
        ("ve:71", utc(2013, 2, 26, 17, 55, 53), None),
        ("ve:72", utc(2020, 3, 4, 5, 6, 7), None),
        ("ve:73", utc(2020, 3, 4, 5, 6, 7), utc(2020, 3, 4, 23)),
    ]


def test_system_message_is_not_a_post(tmp_path):
    """system_message/: 80 by Ana, 81 a system notice ('Bea Martin joined the group'), 82 Bea's
    reply to 80.

    Expected: 2 posts (80, 82); no 'reply to a missing message'; the reply 82 -> 80 is the
    only interaction.
    """
    db = load_cases(tmp_path, "system_message")
    assert rows(db, "select post_id, parent_post_id from posts order by 1") == [
        ("ve:80", None), ("ve:82", "ve:80"),
    ]
    assert "reply to a missing message" not in warnings(db)
    assert rows(db, "select count(*) from interactions") == [(1,)]


def test_bot_sender_is_a_bot_person(tmp_path):
    """bot_sender/: 90 by 500 'Survey Bot' (sender_type bot, not in Users.csv), 91 Ana's reply.

    Expected: 4 people, of whom exactly Survey Bot is_bot; a bot is not an unknown user (no
    warning); Ana's reply to the bot is no interaction (bots take no part) -> 0.
    """
    db = load_cases(tmp_path, "bot_sender")
    assert rows(db, "select display_name from people where is_bot") == [("Survey Bot",)]
    assert rows(db, "select count(*) from people") == [(4,)]
    assert "unknown user id" not in warnings(db)
    assert rows(db, "select count(*) from interactions") == [(0,)]


def test_question_and_titles(tmp_path):
    """question/: thread 100 (message_type question, title column 'Joining CSV files', body of two
    lines) with reply 101; thread 102, an update with no title.

    Expected: 100 is a question titled 'Joining CSV files', by Ana, at 2020-03-01 09:00 UTC;
    102 is not a question and takes its body's first line as title.
    """
    db = load_cases(tmp_path, "question")
    assert rows(db, """
        select t.thread_id, t.title, t.is_question, p.display_name, t.created_at
        from threads t join people p on p.person_id = t.author_id order by 1
    """) == [
        ("ve:100", "Joining CSV files", True, "Ana Lopez", utc(2020, 3, 1, 9)),
        ("ve:102", "Quarterly numbers are published.", False, "Chloé Durand", utc(2020, 3, 2, 9)),
    ]


TABLES = ["people", "accounts", "spaces", "threads", "posts", "mentions", "interactions"]


def test_zip_and_folder_give_the_same_rows(tmp_path):
    """The mention/ case as its folder and as a .zip holding it under a top folder (as exports
    are often re-zipped): every canonical and derived table holds the same rows."""
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in (CASES / "mention").iterdir():
            zf.write(file, f"network-export/{file.name}")
    from_folder = load_cases(tmp_path, "mention", name="folder")
    from_zip = load_cases(tmp_path, archive, name="zip")
    for table in TABLES:
        sql = f"select * from {table} order by all"
        assert rows(from_zip, sql) == rows(from_folder, sql), table
    assert len(rows(from_zip, "select * from posts")) == 2


def test_errors_name_the_file_and_the_record(tmp_path):
    """A reply whose created_at reads in no format, the same id twice, and a message with no id
    (message 2, on row 3 after the header and message 1) are errors naming Messages.csv and the
    message or row."""
    export = tmp_path / "export"
    shutil.copytree(CASES / "bom", export)
    text = (export / "Messages.csv").read_text(encoding="utf-8-sig")
    (export / "Messages.csv").write_text(text.replace("2019-08-21 18:00:00 UTC", "21/08/2019 6pm"))
    with pytest.raises(InputError) as caught:
        read_case(export)
    assert caught.value.path.endswith("Messages.csv") and caught.value.record == "message 2"
    assert "'21/08/2019 6pm'" in caught.value.expected and "ISO 8601" in caught.value.expected
    (export / "Messages.csv").write_text(text.replace(",2,https", ",1,https"))
    with pytest.raises(InputError, match="message 1: unique message ids, but it appears 2 times"):
        read_case(export)
    (export / "Messages.csv").write_text(text.replace(",2,https", ",,https"))
    with pytest.raises(InputError, match="Messages.csv: row 3: a message id in column 'id'"):
        read_case(export)


def test_users_csv_error_names_the_file_inside_the_zip(tmp_path):
    """Users.csv with 'nom' instead of 'name', in a zipped export: the error names
    export.zip/Users.csv (not the temporary copy it was unzipped to) and the missing column."""
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(CASES / "question" / "Messages.csv", "Messages.csv")
        zf.writestr("Users.csv", "id,nom\n1,Ana Lopez\n")
    with pytest.raises(InputError) as caught:
        read_case(archive)
    assert caught.value.path == str(archive / "Users.csv")
    assert "needs column 'name'" in caught.value.expected
