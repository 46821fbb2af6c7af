"""The three importers on real exports (../shared/real-data), against counts taken from the raw
files by an independent route: zipfile + json, json, xml.etree. Skipped when the folder is absent."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime

import duckdb
from conftest import build_db, real_data

from etl.sources import ReadOptions, discourse, slack, stackexchange

# Slack subtypes that are the system speaking (joins, integrations added...), not people writing.
SLACK_SYSTEM = ("_join", "_leave", "_topic", "_purpose", "_name", "_archive", "bot_add", "bot_remove")


def _load(tmp_path, module, path):
    data = module.read(path, ReadOptions())
    data.inputs.append(str(path))
    return build_db(tmp_path / "real.duckdb", data), data


def _one(db, sql: str):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchone()[0]


# --- Slack: slack-export-viewer's testarchive.zip -------------------------------------------

def _slack_messages(archive) -> list[dict]:
    with zipfile.ZipFile(archive) as zf:
        return [m for name in zf.namelist() if re.search(r"/\d{4}-\d\d-\d\d\.json$", name)
                for m in json.loads(zf.read(name))]


def test_slack_testarchive(tmp_path):
    archive = real_data("slack-export-viewer-testarchive-2016") / "testarchive.zip"
    messages = _slack_messages(archive)
    assert len(messages) == 158  # the SOURCE.txt's figures, counted here
    assert sum(m.get("subtype") == "bot_message" for m in messages) == 94
    posts = [m for m in messages if not str(m.get("subtype") or "").endswith(SLACK_SYSTEM)]
    with zipfile.ZipFile(archive) as zf:
        users = json.loads(zf.read("users.json"))
        channels = json.loads(zf.read("channels.json"))
    bot_ids = {m["bot_id"] for m in posts if m.get("subtype") == "bot_message"}

    db, _ = _load(tmp_path, slack, archive)
    assert _one(db, "select count(*) from posts") == len(posts)
    assert _one(db, "select count(*) from threads") == len(posts)  # the archive has no threads
    assert _one(db, "select count(*) from posts p join people u on u.person_id = p.author_id "
                    "where u.is_bot") == 94
    assert _one(db, "select count(*) from accounts") == len(users) + len(bot_ids)
    assert _one(db, "select count(*) from spaces") == len(channels)
    assert _one(db, "select count(*) from reactions") == sum(
        len(r["users"]) for m in posts for r in m.get("reactions", []))
    assert _one(db, "select count(*) from mentions") == sum(
        len(set(re.findall(r"<@(U\w+)", _slack_text(m))) - {_slack_author(m)}) for m in posts)
    first = min(int(m["ts"].split(".")[0]) for m in posts)
    assert _one(db, "select min(date_trunc('second', created_at)) from posts") == \
        datetime.fromtimestamp(first, UTC)


def _slack_text(message: dict) -> str:
    comment = message.get("comment")
    return comment["comment"] if isinstance(comment, dict) else message.get("text", "")


def _slack_author(message: dict):
    comment = message.get("comment")
    return comment["user"] if isinstance(comment, dict) else message.get("user")


# --- Stack Exchange: the Conlang meta site dump ---------------------------------------------

def test_stackexchange_conlang_meta(tmp_path):
    folder = real_data("stackexchange-conlang-meta-2020")
    posts = list(ET.parse(folder / "Posts.xml").getroot())
    questions = {p.get("Id") for p in posts if p.get("PostTypeId") == "1"}
    answers = {p.get("Id") for p in posts if p.get("PostTypeId") == "2"}
    assert (len(questions), len(answers)) == (54, 115)
    forum = questions | answers
    comments = [c for c in ET.parse(folder / "Comments.xml").getroot() if c.get("PostId") in forum]
    upvotes = [v for v in ET.parse(folder / "Votes.xml").getroot()
               if v.get("VoteTypeId") == "2" and v.get("PostId") in forum]
    accepted = [p for p in posts if p.get("PostTypeId") == "1" and p.get("AcceptedAnswerId") in answers]
    users = list(ET.parse(folder / "Users.xml").getroot())
    deleted = ({p.get("OwnerDisplayName") for p in posts
                if p.get("Id") in forum and p.get("OwnerUserId") is None}
               | {c.get("UserDisplayName") for c in comments if c.get("UserId") is None})

    db, data = _load(tmp_path, stackexchange, folder)
    assert _one(db, "select count(*) from threads") == len(questions)
    assert _one(db, "select count(*) from posts") == len(forum) + len(comments)
    assert _one(db, "select count(*) from posts where post_id like 'se:comment:%'") == len(comments)
    assert _one(db, "select count(*) from reactions where kind = 'upvote' and person_id is null") \
        == len(upvotes)
    assert _one(db, "select count(*) from threads where accepted_post_id is not null") == len(accepted)
    assert _one(db, "select count(*) from accounts") == len(users) + len(deleted)
    assert data.warnings["stackexchange tag wikis and other non-forum posts skipped "
                         "(PostTypeId not 1 or 2)"] == len(posts) - len(forum)


# --- Discourse: perceval's captured topics --------------------------------------------------

def test_discourse_topic_1148(tmp_path):
    """Topic 1148 alone: its 20 posts, each reply under the post its reply_to_post_number names
    (else under post 1), and its likes (action id 2) as reactions without a person."""
    source = real_data("discourse-topic-json-2016") / "discourse_topic_1148.json"
    topic = json.loads(source.read_text(encoding="utf-8"))
    posts = topic["post_stream"]["posts"]
    by_number = {p["post_number"]: p["id"] for p in posts}
    parents = {f"discourse:{p['id']}": f"discourse:{by_number[p['reply_to_post_number'] or 1]}"
               for p in posts if p["post_number"] != 1}
    likes = sum(a["count"] for p in posts for a in p["actions_summary"] if a["id"] == 2)
    folder = tmp_path / "topic"
    folder.mkdir()
    shutil.copy(source, folder)

    db, _ = _load(tmp_path, discourse, folder)
    assert len(posts) == 20
    assert _one(db, "select count(*) from posts") == 20
    with duckdb.connect(str(db), read_only=True) as con:
        found = dict(con.execute("select post_id, parent_post_id from posts "
                                 "where parent_post_id is not null").fetchall())
    assert found == parents
    assert _one(db, "select count(*) from reactions where kind = 'like' and person_id is null") == likes
    assert _one(db, "select title from threads") == topic["title"]


def test_discourse_whole_folder(tmp_path):
    """The folder also holds /latest.json topic lists (skipped, with a warning each), a single
    post (skipped) and trimmed copies of topic 1148 that repeat its post ids (kept once)."""
    folder = real_data("discourse-topic-json-2016")
    documents = {f.name: json.loads(f.read_text(encoding="utf-8")) for f in folder.glob("*.json")}
    post_ids = {p["id"] for d in documents.values() if "post_stream" in d
                 for p in d["post_stream"]["posts"]}
    lists = sum("topic_list" in d for d in documents.values())

    db, data = _load(tmp_path, discourse, folder)
    assert _one(db, "select count(*) from posts") == len(post_ids)
    assert data.warnings["discourse topic list (/latest.json) skipped: it lists topics, "
                         "it holds no posts"] == lists
