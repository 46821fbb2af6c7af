"""Slack workspace export (a .zip or its folder): users, channels and one JSON array per channel per day.

A message is identified by its channel and its `ts` string; a thread is its root message and the
replies whose `thread_ts` names it (Slack threads are flat, so every reply's parent is the root).
Times come from `ts`, never from the day file's name (day files are cut at US Pacific midnight).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.batch import MENTION_MARKER, Batch
from etl.errors import InputError
from etl.sources.files import find_file, not_an_export, unpacked

FORMAT = "slack"

USER_FILES = ("users.json", "org_users.json")
# conversation list -> private? (private ones are read only with --include-private)
CONVERSATION_FILES = {"channels.json": False, "groups.json": True, "mpims.json": True, "dms.json": True}
DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
# Subtypes that are someone writing something; every other subtype (joins, leaves, topic and
# purpose changes, pins, integrations added...) is the system talking and is not a post.
POST_SUBTYPES = {
    None, "bot_message", "me_message", "file_share", "file_comment", "file_mention",
    "thread_broadcast", "reply_broadcast", "tombstone", "huddle_thread",
}
SLACKBOT = "USLACKBOT"
TOKEN = re.compile(r"<([^<>]*)>")
SKIN_TONE = re.compile(r"::skin-tone-\d+$")


@dataclass
class Conversation:
    channel_id: str
    name: str
    private: bool


@dataclass
class Collected:
    """Messages and bot names gathered from the day files, one entry per (channel, ts)."""

    posts: dict[str, dict] = field(default_factory=dict)
    reactions: dict[str, list[dict]] = field(default_factory=dict)
    mentions: dict[str, set[str]] = field(default_factory=dict)
    bots: dict[str, str] = field(default_factory=dict)


def detect(folder: Path) -> bool:
    root = _root(folder)
    return root is not None and any(
        DAY_FILE.match(p.name) for sub in root.iterdir() if sub.is_dir() for p in sub.iterdir()
    )


def _root(folder: Path) -> Path | None:
    """The folder holding channels.json (the export itself, or its single top folder in a zip)."""
    for name in CONVERSATION_FILES:
        found = find_file(folder, name)
        if found is not None:
            return found.parent
    return None


def read(path: Path, options) -> Batch:
    batch = Batch(source=FORMAT)
    with unpacked(path) as folder:
        root = _root(folder)
        if root is None:
            raise not_an_export(path, "a Slack export: channels.json and one folder of day files per channel")
        shown = _Shown(path, folder)
        users = _read_users(root, shown)
        conversations = _read_conversations(root, shown, options.include_private, batch)
        collected = Collected()
        for sub in sorted(p for p in root.iterdir() if p.is_dir()):
            conversation = conversations.get(sub.name)
            if conversation is None:
                batch.warn("slack folder in no conversation list (skipped)", shown(sub))
                continue
            if conversation.private and not options.include_private:
                continue
            for day in sorted(p for p in sub.iterdir() if DAY_FILE.match(p.name)):
                _read_day(day, shown, conversation, collected, batch)
    _build(batch, users, conversations, collected)
    return batch


class _Shown:
    """How a file inside the input is named in messages: the input path, then the member."""

    def __init__(self, path: Path, folder: Path):
        self.path, self.folder = Path(path), folder

    def __call__(self, file: Path) -> str:
        if self.folder == self.path:
            return str(file)
        return f"{self.path}/{file.relative_to(self.folder).as_posix()}"


def _load_array(file: Path, shown: _Shown, what: str) -> list[dict]:
    """A JSON file holding an array of objects, or the error that says where it is not."""
    try:
        data = json.loads(file.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise InputError(shown(file), f"line {exc.lineno} column {exc.colno}",
                         f"a complete JSON array of {what} ({exc.msg})") from None
    except UnicodeDecodeError as exc:
        raise InputError(shown(file), f"byte {exc.start}", f"UTF-8 JSON ({exc.reason})") from None
    if not isinstance(data, list):
        raise InputError(shown(file), "top level",
                         f"a JSON array of {what}, found a {type(data).__name__}")
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise InputError(shown(file), f"item {i + 1}", f"a JSON object (one of the {what})")
    return data


def _read_users(root: Path, shown: _Shown) -> list[dict]:
    users: dict[str, dict] = {}
    for name in USER_FILES:
        file = find_file(root, name)
        if file is not None and file.parent == root:
            for user in _load_array(file, shown, "users"):
                if user.get("id") is not None:
                    users[str(user["id"])] = user
    return list(users.values())


def _read_conversations(root: Path, shown: _Shown, include_private: bool,
                        batch: Batch) -> dict[str, Conversation]:
    """Conversations by the name of their folder (channel name; a direct message's id)."""
    found: dict[str, Conversation] = {}
    for list_name, private in CONVERSATION_FILES.items():
        file = root / list_name
        if not file.is_file():
            continue
        items = _load_array(file, shown, "conversations")
        if private and not include_private:
            batch.warn("slack private conversations left out (load with --include-private)",
                       list_name, len(items))
        for item in items:
            channel_id = str(item.get("id") or item.get("name"))
            name = str(item.get("name") or channel_id)
            conversation = Conversation(channel_id, name, private)
            found[name] = conversation
            found.setdefault(channel_id, conversation)
    return found


def _read_day(day: Path, shown: _Shown, conversation: Conversation, collected: Collected,
              batch: Batch) -> None:
    for i, message in enumerate(_load_array(day, shown, "messages")):
        subtype = message.get("subtype")
        if subtype not in POST_SUBTYPES:
            continue
        ts = _ts(message.get("ts"), batch, shown(day), i)
        if ts is None:
            continue
        post_id = f"slack:{conversation.channel_id}:{ts}"
        row = _post_row(message, subtype, ts, conversation, collected, batch, shown(day))
        earlier = collected.posts.get(post_id)
        if earlier is not None and (earlier["edited_at"] or "") > (row["edited_at"] or ""):
            continue  # the same message seen twice (a broadcast reply, overlapping exports)
        collected.posts[post_id] = row
        collected.reactions[post_id] = _reactions(message.get("reactions"))
        collected.mentions[post_id] = _mentions(message, row.pop("text_mentions"))
        collected.mentions[post_id].discard(row["author_id"])


def _ts(value, batch: Batch, where: str, index: int) -> str | None:
    """The message id as Slack wrote it; a number (some tools re-save exports) is put back as text."""
    if isinstance(value, str) and re.fullmatch(r"\d+\.\d+", value):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        batch.warn("slack ts given as a number, not a string", f"{where} message {index + 1}")
        return f"{value:.6f}"
    batch.warn("slack message without a ts (skipped)", f"{where} message {index + 1}")
    return None


def _post_row(message: dict, subtype, ts: str, conversation: Conversation, collected: Collected,
              batch: Batch, where: str) -> dict:
    thread_ts = message.get("thread_ts")
    thread_ts = str(thread_ts) if thread_ts and str(thread_ts) != ts else None
    author = _author(message, subtype, collected)
    if author is None and subtype != "tombstone":
        batch.warn("slack message without a user", f"{where} ts {ts}")
    text = _message_text(message, subtype)
    mentioned: list[str] = []
    body = render_text(text, mentioned)
    deleted = subtype == "tombstone"
    edited = (message.get("edited") or {}).get("ts") if isinstance(message.get("edited"), dict) else None
    channel = conversation.channel_id
    return {
        "post_id": f"slack:{channel}:{ts}",
        "thread_id": f"slack:{channel}:{thread_ts or ts}",
        "space_id": f"slack:{channel}",
        "author_id": author,
        "ts": ts,
        "parent_post_id": f"slack:{channel}:{thread_ts}" if thread_ts else None,
        "body_text": "" if deleted else body,
        "edited_at": str(edited) if edited else None,
        "deleted": deleted,
        "text_mentions": mentioned,
    }


def _author(message: dict, subtype, collected: Collected) -> str | None:
    """Who wrote it: the bot for bot messages, the commenter for old file comments.

    A tombstone (a deleted thread root kept for its replies) is signed by Slackbot in the
    export; its real author is unknown, so it has none.
    """
    if subtype == "tombstone":
        return None
    if subtype == "bot_message" and message.get("bot_id"):
        bot_id = str(message["bot_id"])
        profile = message.get("bot_profile") or {}
        collected.bots.setdefault(bot_id, message.get("username") or profile.get("name") or bot_id)
        return bot_id
    if subtype == "file_comment" and isinstance(message.get("comment"), dict):
        return message["comment"].get("user")
    user = message.get("user")
    return str(user) if user else None


def _message_text(message: dict, subtype) -> str:
    if subtype == "file_comment" and isinstance(message.get("comment"), dict):
        return str(message["comment"].get("comment") or "")
    text = str(message.get("text") or "")
    if not text.strip():  # integrations often post only attachments
        parts = [a.get("fallback") or a.get("text") or "" for a in message.get("attachments") or []
                 if isinstance(a, dict)]
        text = "\n".join(p for p in parts if p)
    return text


def render_text(text: str, mentioned: list[str]) -> str:
    """Slack mrkdwn to plain text: <@U1> becomes a mention marker, <url|label> its label."""

    def token(match: re.Match) -> str:
        target, _, label = match.group(1).partition("|")
        if target.startswith("@"):
            mentioned.append(target[1:])
            return MENTION_MARKER.format(target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            special = target[1:].split("^")[0]
            return label or ("@" + special if special in ("here", "channel", "everyone") else "")
        return label or target.removeprefix("mailto:")

    text = TOKEN.sub(token, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def _mentions(message: dict, from_text: list[str]) -> set[str]:
    """People mentioned: from the rich-text blocks when the message has them, else from its text."""
    blocks = message.get("blocks")
    if isinstance(blocks, list) and blocks:
        found: set[str] = set()
        _walk_blocks(blocks, found)
        return found
    return set(from_text)


def _walk_blocks(node, found: set[str]) -> None:
    if isinstance(node, dict):
        if node.get("type") == "user" and node.get("user_id"):
            found.add(str(node["user_id"]))
        for value in node.values():
            _walk_blocks(value, found)
    elif isinstance(node, list):
        for value in node:
            _walk_blocks(value, found)


def _reactions(reactions) -> list[dict]:
    """One row per person and emoji (skin tones merged); people Slack left unlisted count without a name."""
    named: dict[tuple, dict] = {}
    anonymous: list[dict] = []
    for reaction in reactions or []:
        if not isinstance(reaction, dict) or not reaction.get("name"):
            continue
        kind = SKIN_TONE.sub("", str(reaction["name"]))
        users = [str(u) for u in reaction.get("users") or []]
        for user in users:
            named[(user, kind)] = {"person_id": user, "kind": kind}
        unlisted = _int(reaction.get("count"), len(users)) - len(users)
        anonymous += [{"person_id": None, "kind": kind}] * max(unlisted, 0)
    return [*named.values(), *anonymous]


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _flag(value) -> bool:
    """Booleans drift between export vintages: true, "true", 1, "1"."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _build(batch: Batch, users: list[dict], conversations: dict[str, Conversation],
           collected: Collected) -> None:
    posts = pd.DataFrame(list(collected.posts.values()),
                         columns=["post_id", "thread_id", "space_id", "author_id", "ts",
                                  "parent_post_id", "body_text", "edited_at", "deleted"])
    posts["created_at"] = _times(posts["ts"])
    posts["edited_at"] = _times(posts["edited_at"])
    posts["deleted_at"] = posts["created_at"].where(posts["deleted"].astype(bool))
    batch.tables["posts"] = posts
    batch.tables["threads"] = _threads(posts)
    spaces = {c.channel_id: c.name for c in conversations.values()}
    used = set(posts["space_id"])
    batch.tables["spaces"] = pd.DataFrame(
        [{"space_id": f"slack:{cid}", "name": name} for cid, name in spaces.items()
         if f"slack:{cid}" in used],
        columns=["space_id", "name"],
    )
    batch.tables["reactions"] = pd.DataFrame(
        [{"post_id": pid, **r} for pid, rows in collected.reactions.items() for r in rows],
        columns=["post_id", "person_id", "kind"],
    )
    batch.tables["mentions"] = pd.DataFrame(
        [{"post_id": pid, "person_id": uid} for pid, uids in collected.mentions.items()
         for uid in sorted(uids)],
        columns=["post_id", "person_id"],
    )
    batch.tables["accounts"] = _accounts(users, collected.bots, set(posts["author_id"].dropna()))


def _times(ts: pd.Series) -> pd.Series:
    """Slack ts strings ("1454884927.000002") as UTC times, without going through a float."""
    text = ts.astype("string")
    seconds = pd.to_numeric(text.str.extract(r"^(\d+)", expand=False), errors="coerce")
    fraction = text.str.extract(r"\.(\d{1,6})", expand=False).str.ljust(6, "0")
    micros = pd.to_numeric(fraction, errors="coerce").fillna(0)
    return pd.to_datetime(seconds * 1_000_000 + micros, unit="us", utc=True)


def _threads(posts: pd.DataFrame) -> pd.DataFrame:
    """A thread per root; a thread whose root is outside the export takes its first reply's time.

    Slack threads have no title (one made from the first line could leak a mentioned name
    into a pseudonymised load, since only post bodies have their mention markers resolved).
    """
    roots = posts[posts["parent_post_id"].isna()].assign(title=None)
    orphans = (posts[~posts["thread_id"].isin(roots["thread_id"])]
               .sort_values("created_at").drop_duplicates("thread_id")
               .assign(author_id=None, title=None))
    columns = ["thread_id", "space_id", "title", "author_id", "created_at"]
    return pd.concat([roots[columns], orphans[columns]], ignore_index=True)


def _accounts(users: list[dict], bots: dict[str, str], authors: set[str]) -> pd.DataFrame:
    rows = {}
    for user in users:
        profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
        uid = str(user["id"])
        rows[uid] = {
            "source_user_id": uid,
            "email": profile.get("email") or user.get("email") or None,
            "display_name": profile.get("real_name") or user.get("real_name")
            or profile.get("display_name") or user.get("name") or uid,
            "is_bot": _flag(user.get("is_bot")) or _flag(user.get("is_app_user")) or uid == SLACKBOT,
        }
    for bot_id, name in bots.items():
        rows.setdefault(bot_id, {"source_user_id": bot_id, "email": None, "display_name": name,
                                 "is_bot": True})
    if SLACKBOT in authors:
        rows.setdefault(SLACKBOT, {"source_user_id": SLACKBOT, "email": None,
                                   "display_name": "Slackbot", "is_bot": True})
    return pd.DataFrame(list(rows.values()),
                        columns=["source_user_id", "email", "display_name", "is_bot"])
