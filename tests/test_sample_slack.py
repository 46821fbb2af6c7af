"""The sample company written as a Slack export loads as the same company as its Viva Engage form.

One small company (seed 11, 60 people, 6 months) is written in both formats and each is loaded
through `crowdlens load`, with the same directory, training records and crowdlens.toml. Posts,
threads, people and mentions are compared between the two databases; the differences the formats
cause (crowdlens/sample_slack.py's docstring, and the README's note on the Slack form) are asserted one by one,
with their expected sizes counted here from the written files by an independent route: the csv and
json modules, never the generator's objects or the importers.

A thread is matched across the two databases by its first post's author (e-mail, or the bot's
name) and its time to the second; a post by its thread, author and time to the second.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from crowdlens.cli import main
from crowdlens.sample import write_sample
from etl.errors import InputError
from etl.sources import ReadOptions, slack, viva_engage

SEED, PEOPLE, MONTHS = 11, 60, 6
SHARED = ["annuaire_rh.csv", "presences_formations.csv", "crowdlens.toml", "formations"]
VIVA_MENTION = re.compile(r"\[\[user:(\d+)\]\]")


# -- the written files, read with csv and json ------------------------------------------------
def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class VivaFiles:
    """Messages.csv and Users.csv as rows."""

    def __init__(self, folder: Path):
        with open(folder / "viva-engage" / "Messages.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        with open(folder / "viva-engage" / "Users.csv", encoding="utf-8", newline="") as fh:
            self.users = list(csv.DictReader(fh))
        self.system = [r for r in rows if r["message_type"] == "system"]
        self.private = [r for r in rows if r["in_private_conversation"] == "true"]
        self.public = [r for r in rows if r not in self.system and r not in self.private]
        self.deleted = [r for r in self.public if r["deleted_at"]]
        self.kept = [r for r in self.public if not r["deleted_at"]]
        self.roots = [r for r in self.kept if r["id"] == r["thread_id"]]
        self.nested = [r for r in self.kept if r["replied_to_id"] not in ("", r["thread_id"])]


class SlackFiles:
    """Every message of every conversation folder, with the folder it came from."""

    def __init__(self, folder: Path):
        root = folder / "slack"
        self.root = root
        self.users = json.loads((root / "users.json").read_text(encoding="utf-8"))
        self.channels = json.loads((root / "channels.json").read_text(encoding="utf-8"))
        dms_file = root / "dms.json"
        self.dms = json.loads(dms_file.read_text(encoding="utf-8")) if dms_file.exists() else []
        self.channel_messages = self._messages([c["name"] for c in self.channels])
        self.dm_messages = self._messages([d["id"] for d in self.dms])
        self.joins = [m for _, m in self.channel_messages if m.get("subtype") == "channel_join"]
        self.posts = [m for _, m in self.channel_messages if "subtype" not in m]
        self.roots = [m for m in self.posts if m.get("thread_ts", m["ts"]) == m["ts"]]
        self.replies = [m for m in self.posts if m.get("thread_ts", m["ts"]) != m["ts"]]

    def _messages(self, folders: list[str]) -> list[tuple[Path, dict]]:
        found = []
        for name in folders:
            for day in sorted((self.root / name).glob("*.json")):
                found += [(day, m) for m in json.loads(day.read_text(encoding="utf-8"))]
        return found


def mentioned_in_blocks(message: dict) -> set[str]:
    return {e["user_id"] for b in message.get("blocks", []) for s in b["elements"]
            for e in s["elements"] if e["type"] == "user"}


# -- the two databases --------------------------------------------------------------------------
@dataclass
class Form:
    folder: Path
    db: Path


def _write_and_load(base: Path, fmt: str) -> Form:
    folder = base / fmt
    write_sample(folder, seed=SEED, people=PEOPLE, months=MONTHS, fmt=fmt)
    db = base / f"{fmt}.duckdb"
    code = main(["load", str(folder / fmt), "--db", str(db), "--format", fmt,
                 "--directory", str(folder / "annuaire_rh.csv"),
                 "--training", str(folder / "presences_formations.csv"),
                 "--courses", str(folder / "formations"), "--config", str(folder / "crowdlens.toml")])
    assert code == 0
    return Form(folder, db)


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> dict[str, Form]:
    base = tmp_path_factory.mktemp("two-forms")
    return {fmt: _write_and_load(base, fmt) for fmt in ("viva-engage", "slack")}


@pytest.fixture(scope="module")
def viva(forms) -> VivaFiles:
    return VivaFiles(forms["viva-engage"].folder)


@pytest.fixture(scope="module")
def slackf(forms) -> SlackFiles:
    return SlackFiles(forms["slack"].folder)


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


# A person as both forms can name them: the e-mail, or the bot's name (Slack bots have no e-mail).
WHO = "case when {p}.is_bot then 'bot:' || {p}.display_name else lower({p}.email) end"


class Loaded:
    """A database's threads and posts keyed so that the two forms can be compared."""

    def __init__(self, db: Path):
        self.threads = {}
        for thread_id, who, created, title, question, kind in rows(db, f"""
                select t.thread_id, {WHO.format(p='a')}, t.created_at, t.title, t.is_question, s.kind
                from threads t join people a on a.person_id = t.author_id
                join spaces s on s.space_id = t.space_id"""):
            self.threads[thread_id] = {"key": (who, _second(created)), "title": title,
                                       "question": question, "kind": kind}
        self.posts = {}
        for post_id, thread_id, parent, who, created, body, deleted in rows(db, f"""
                select p.post_id, p.thread_id, p.parent_post_id, {WHO.format(p='a')}, p.created_at,
                       p.body_text, p.deleted_at is not null
                from posts p join people a on a.person_id = p.author_id"""):
            self.posts[post_id] = {"thread": self.threads[thread_id]["key"], "parent": parent,
                                   "thread_id": thread_id, "key": (who, _second(created)),
                                   "body": body, "deleted": deleted}
        self.mentions = Counter(
            (self.posts[post_id]["thread"], self.posts[post_id]["key"], who)
            for post_id, who in rows(db, f"""
                select m.post_id, {WHO.format(p='a')} from mentions m
                join people a on a.person_id = m.person_id"""))

    def kept(self) -> list[dict]:
        return [p for p in self.posts.values() if not p["deleted"]]

    def authors_per_thread(self) -> dict[tuple, Counter]:
        found: dict[tuple, Counter] = {}
        for post in self.kept():
            found.setdefault(post["thread"], Counter())[post["key"][0]] += 1
        return found


def _second(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(microsecond=0)


@pytest.fixture(scope="module")
def loaded(forms) -> dict[str, Loaded]:
    return {fmt: Loaded(form.db) for fmt, form in forms.items()}


# -- the files themselves -----------------------------------------------------------------------
def test_slack_form_is_deterministic_and_shares_the_other_files(forms, tmp_path):
    """The same seed writes the same bytes; another seed other messages. The directory, training
    records, courses and crowdlens.toml are byte for byte those of the Viva Engage form."""
    written = files_under(forms["slack"].folder)
    write_sample(tmp_path / "again", seed=SEED, people=PEOPLE, months=MONTHS, fmt="slack")
    write_sample(tmp_path / "other", seed=SEED + 1, people=PEOPLE, months=MONTHS, fmt="slack")
    assert files_under(tmp_path / "again") == written
    other = files_under(tmp_path / "other")
    assert other["slack/users.json"] != written["slack/users.json"]
    viva_files = files_under(forms["viva-engage"].folder)
    shared = {n: b for n, b in viva_files.items() if n.split("/")[0] in SHARED}
    assert len(shared) == 3 + 5  # directory, attendance, toml, five courses
    assert {n: written[n] for n in shared} == shared
    assert not any(n.startswith("viva-engage/") for n in written)


def test_unknown_sample_format_is_refused(tmp_path):
    with pytest.raises(InputError, match="viva-engage or slack"):
        write_sample(tmp_path, seed=SEED, people=PEOPLE, months=MONTHS, fmt="discourse")
    assert list(tmp_path.iterdir()) == []


def test_day_files_are_us_pacific_dates_and_ts_are_unique_strings(slackf):
    """Every message sits in the day file named after its ts's date in Los Angeles; a ts is a
    string with six decimals, unique within its conversation."""
    pacific = ZoneInfo("America/Los_Angeles")
    misplaced, seen = [], Counter()
    for day, message in slackf.channel_messages + slackf.dm_messages:
        ts = message["ts"]
        assert isinstance(ts, str) and re.fullmatch(r"\d{10}\.\d{6}", ts)
        seen[(day.parent.name, ts)] += 1
        date = datetime.fromtimestamp(int(ts.split(".")[0]), pacific).date().isoformat()
        misplaced += [] if day.stem == date else [(day, ts)]
    assert misplaced == []
    assert max(seen.values()) == 1
    earlier = [m for d, m in slackf.channel_messages
               if datetime.fromtimestamp(int(m["ts"].split(".")[0]), UTC).date().isoformat() != d.stem]
    assert earlier  # messages from midnight to 8 or 9 UTC sit in the previous day's file


def test_threads_in_files_match_the_viva_messages(viva, slackf):
    """Counted in the files: one Slack root per Viva thread, one Slack reply per kept Viva reply,
    a root's reply_count is the replies naming it, and a channel_join per Viva system post."""
    assert len(slackf.roots) == len(viva.roots)
    assert len(slackf.replies) == len(viva.kept) - len(viva.roots)
    replies = Counter(m["thread_ts"] for m in slackf.replies)
    assert {m["ts"]: m.get("reply_count", 0) for m in slackf.roots if m["ts"] in replies} == replies
    assert all(m["thread_ts"] in {r["ts"] for r in slackf.roots} for m in slackf.replies)
    assert len(slackf.joins) == len(viva.system) == 10


# -- the loaded databases: what is the same -----------------------------------------------------
def test_same_people_with_the_directory_departments(forms, viva):
    """The same e-mails (Users.csv less the bot, which has none in Slack), each with the same
    department wherever the HR directory gives one."""
    with open(forms["viva-engage"].folder / "annuaire_rh.csv", encoding="cp1252", newline="") as fh:
        directory = {r["Courriel"].lower(): r["Direction"] for r in csv.DictReader(fh, delimiter=";")}
    sql = "select lower(email), department, in_directory from people where email is not null and not is_bot"
    people = {fmt: {e: (d, i) for e, d, i in rows(form.db, sql)} for fmt, form in forms.items()}
    humans = {u["email"].lower() for u in viva.users} - {r["sender_email"].lower() for r in viva.public
                                                          if r["sender_type"] == "bot"}
    assert set(people["slack"]) == set(people["viva-engage"]) == humans
    for fmt in people:
        assert {e: d for e, (d, i) in people[fmt].items() if i} == directory


def test_same_threads_posts_and_authors(loaded, viva):
    """As many threads and kept posts as the Viva files have, and per thread the same authors
    with the same number of posts each, at the same times to the second, in the same kind of space."""
    vv, sl = loaded["viva-engage"], loaded["slack"]
    assert len(sl.threads) == len(vv.threads) == len(viva.roots)
    assert len({t["key"] for t in sl.threads.values()}) == len(sl.threads)  # the keys match one to one
    assert len(sl.kept()) == len(vv.kept()) == len(viva.kept)
    assert sl.authors_per_thread() == vv.authors_per_thread()
    assert Counter(p["key"] for p in sl.kept()) == Counter(p["key"] for p in vv.kept())
    kinds = {fmt: {t["key"]: t["kind"] for t in db.threads.values()} for fmt, db in loaded.items()}
    assert kinds["slack"] == kinds["viva-engage"]
    assert Counter(kinds["slack"].values())["affinity"] > 0


def test_same_bodies_with_mentions_as_names(loaded, viva, slackf):
    """Post texts come out identical: Slack's &amp; and &gt; escapes undone, <@U…> named. The
    escapes are there to undo: every Viva body with & or > is a Slack text with &amp; or &gt;."""
    bodies = {fmt: Counter((p["thread"], p["key"], p["body"]) for p in db.kept()) for fmt, db in loaded.items()}
    assert bodies["slack"] == bodies["viva-engage"]
    escapes = 0
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        expected = sum(raw in r["body"] for r in viva.kept)
        assert sum(escaped in m["text"] for m in slackf.posts) == expected
        assert sum(n for (_, _, body), n in bodies["slack"].items() if raw in body) == expected
        escapes += expected
    assert escapes > 0


def test_same_mentions(loaded, viva, slackf):
    """The same (post, person mentioned) pairs; as many as the Viva bodies' distinct [[user:…]]
    markers in kept posts, and the Slack messages' user elements."""
    expected = sum(len(set(VIVA_MENTION.findall(r["body"]))) for r in viva.kept)
    assert expected == sum(len(mentioned_in_blocks(m)) for m in slackf.posts)
    assert sum(loaded["slack"].mentions.values()) == expected
    assert loaded["slack"].mentions == loaded["viva-engage"].mentions


# -- the loaded databases: what the formats change ---------------------------------------------
def test_slack_threads_are_flat(loaded, viva):
    """Viva Engage keeps replies to replies (counted in Messages.csv: replied_to_id is neither empty
    nor the thread); in Slack every one of them hangs under the thread's root instead."""
    vv, sl = loaded["viva-engage"], loaded["slack"]
    nested = [p for p in vv.kept() if p["parent"] not in (None, p["thread_id"])]
    assert len(nested) == len(viva.nested) > 0
    replies = [p for p in sl.kept() if p["parent"] is not None]
    assert len(replies) == len(viva.kept) - len(viva.roots)
    assert [p for p in replies if p["parent"] != p["thread_id"]] == []


def test_slack_has_no_question_flag_and_no_title(loaded, viva):
    """Viva Engage flags questions (message_type) and titles every thread (its title, else its first
    line); Slack has neither, so every Slack thread is unflagged and untitled."""
    vv, sl = loaded["viva-engage"], loaded["slack"]
    questions = sum(1 for r in viva.roots if r["message_type"] == "question")
    assert sum(bool(t["question"]) for t in vv.threads.values()) == questions > 0
    assert sum(bool(t["question"]) for t in sl.threads.values()) == 0
    titled = {r["title"] for r in viva.roots if r["title"]}
    assert titled <= {t["title"] for t in vv.threads.values()}
    assert sum(t["title"] is not None for t in vv.threads.values()) == len(viva.roots)
    assert [t["title"] for t in sl.threads.values() if t["title"] is not None] == []


def test_deleted_replies_are_absent_from_slack(loaded, viva):
    """Viva Engage keeps a deleted message's row (empty body, deleted_at); a Slack export leaves it out."""
    vv, sl = loaded["viva-engage"], loaded["slack"]
    gone = [p for p in vv.posts.values() if p["deleted"]]
    assert len(gone) == len(viva.deleted) == 3
    assert {p["body"] for p in gone} == {""}
    assert [p for p in sl.posts.values() if p["deleted"]] == []
    assert len(sl.posts) == len(vv.posts) - len(gone)


def test_outsiders_and_the_bot_lose_their_profile_fields_in_slack(forms, viva):
    """Users.csv gives department, location and job title to people the directory does not know
    (the two leavers have a department); Slack's users.json has none of them, and its bot has no
    e-mail: the same bot, found by name, is a bot in both."""
    sql = ("select lower(email), display_name, department, site, job_level, is_bot from people "
           "where not in_directory")
    outside = {fmt: rows(form.db, sql) for fmt, form in forms.items()}
    with open(forms["viva-engage"].folder / "annuaire_rh.csv", encoding="cp1252", newline="") as fh:
        staff = {r["Courriel"].lower() for r in csv.DictReader(fh, delimiter=";")}
    users = [u for u in viva.users if u["email"].lower() not in staff]
    departments = {u["email"].lower(): u["department"] for u in users if u["department"]}
    assert len(departments) == 2
    assert {r[0]: r[2] for r in outside["viva-engage"] if r[2]} == departments
    assert [r for r in outside["slack"] if r[2] or r[3] or r[4]] == []
    assert len(outside["slack"]) == len(outside["viva-engage"]) == len(users)
    bots = {fmt: [(r[0], r[1]) for r in found if r[5]] for fmt, found in outside.items()}
    [(bot_email, bot_name)] = bots["viva-engage"]
    assert bots["slack"] == [(None, bot_name)]
    assert bot_email is not None


def test_private_conversations_are_flat_direct_messages(forms, viva, slackf):
    """Loaded with --include-private: Viva Engage chains each private conversation into one thread;
    a Slack direct message is a flat sequence, so each of its messages is a thread of its own."""
    options = ReadOptions(include_private=True)
    vv = viva_engage.read(forms["viva-engage"].folder / "viva-engage", options).tables["posts"].to_pandas()
    sl = slack.read(forms["slack"].folder / "slack", options).tables["posts"]
    private_threads = {r["thread_id"] for r in viva.private}
    assert len(slackf.dms) == len(private_threads) == 2
    assert len(slackf.dm_messages) == len(viva.private)
    in_private = vv[vv["thread_id"].isin({f"ve:{t}" for t in private_threads})]
    assert (len(in_private), in_private["thread_id"].nunique()) == (len(viva.private), 2)
    dm_posts = sl[sl["space_id"].isin({f"slack:{d['id']}" for d in slackf.dms})]
    assert (len(dm_posts), dm_posts["thread_id"].nunique()) == (len(viva.private), len(viva.private))


def test_neither_form_has_reactions(forms, slackf):
    """Viva Engage network exports carry no likes, so the company has none to write in Slack either."""
    assert not any("reactions" in m for _, m in slackf.channel_messages)
    assert [rows(f.db, "select count(*) from reactions")[0][0] for f in forms.values()] == [0, 0]
