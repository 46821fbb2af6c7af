"""The sample company as a Slack workspace export (`crowdlens sample --format slack`).

Written from the same generated Company as the Viva Engage form, never from a second draw: the
same people, channels for its groups, and the same messages at the same times. What changes is
only what the Slack format itself imposes: threads are flat (a reply to a reply hangs under the
root), there is no question flag and no thread title, deleted messages are absent from an export,
group-join notices become `channel_join` system messages, bots carry no e-mail, profiles carry no
department or location, and a direct message is a flat sequence of messages, not a thread. Day
files are cut at US Pacific midnight, as Slack cuts them.

No random draw happens here: ids are derived from the generator's ids, so a seed gives the same
bytes every time.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from crowdlens import sample_text as text
from crowdlens.sample_activity import Message
from crowdlens.sample_company import Person

PACIFIC = ZoneInfo("America/Los_Angeles")  # Slack dates day files in US Pacific time
MARKER = re.compile(r"\[\[user:(\d+)\]\]")  # the generator's mention markup (Viva Engage's own)
GENERAL = "Toute l'entreprise"  # the workspace's #general: everyone is in it
JOINED = re.compile(r"^(?P<name>.+) a rejoint le groupe (?P<group>.+)\.$")


def write_slack(folder: Path, company) -> None:
    """Write users.json, channels.json, dms.json (when there are private conversations) and day files."""
    export = SlackExport(company)
    folder.mkdir(parents=True, exist_ok=True)
    _write_json(folder / "users.json", export.users())
    _write_json(folder / "channels.json", export.channels())
    if export.dms:
        _write_json(folder / "dms.json", export.dm_list())
    for (conversation, day), messages in sorted(export.day_files().items()):
        (folder / conversation).mkdir(exist_ok=True)
        _write_json(folder / conversation / f"{day}.json", messages)


def slack_id(prefix: str, number: int) -> str:
    """Slack-looking ids (U0…, C0…): the number in base 36, upper case, nine characters in all."""
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rest] + digits
    return prefix + digits.rjust(8, "0")


def channel_name(space: str) -> str:
    """Slack channel names are lower case with hyphens for spaces and punctuation; accents stay."""
    return re.sub(r"[\W_]+", "-", space.lower()).strip("-")


class SlackExport:
    """The company's people, channels and messages as Slack export objects."""

    def __init__(self, company):
        self.company = company
        self.activity = company.activity
        self.team = slack_id("T", company.group_ids[GENERAL])
        self.people: list[Person] = [*company.staff, *company.outsiders, company.bot]
        self.uid = {id(p): slack_id("U", p.user_id) for p in self.people}
        self.by_number = {p.user_id: p for p in self.people}
        self.bot_id = slack_id("B", company.bot.user_id)
        self.app_id = slack_id("A", company.bot.user_id)
        self.channel_ids = {s: slack_id("C", company.group_ids[s]) for s in text.SPACES}
        self.kept = [m for m in company.messages if m.deleted_at is None]
        self.dms = self._dms()
        self.ts = self._timestamps()

    # -- users and conversations -------------------------------------------------------------
    def users(self) -> list[dict]:
        return sorted((self._user(p) for p in self.people), key=lambda u: u["id"])

    def _user(self, person: Person) -> dict:
        bot = person is self.company.bot
        profile = {
            "title": person.job_title, "phone": "", "skype": "",
            "real_name": person.name, "real_name_normalized": _plain(person.name),
            "display_name": person.first, "display_name_normalized": _plain(person.first),
            "first_name": person.first, "last_name": person.last, "team": self.team,
        }
        if bot:  # bots have no e-mail address in Slack
            profile |= {"bot_id": self.bot_id, "always_active": True}
        else:
            profile["email"] = person.email
        return {
            "id": self.uid[id(person)], "team_id": self.team,
            "name": person.email.partition("@")[0], "deleted": "leaver" in person.tags,
            "real_name": person.name, "tz": "Europe/Paris", "tz_label": "Central European Time",
            "tz_offset": 3600, "profile": profile,
            "is_admin": person in self.activity.announcers, "is_owner": False,
            "is_primary_owner": False, "is_restricted": "contractor" in person.tags,
            "is_ultra_restricted": False, "is_bot": bot, "is_app_user": False,
            "updated": _seconds(self.activity.cal.start),
        }

    def channels(self) -> list[dict]:
        created = _seconds(self.activity.cal.start)
        creator = self.uid[id(self.activity.announcers[0])]
        return [{
            "id": self.channel_ids[space], "name": channel_name(space), "created": created,
            "creator": creator, "is_archived": False, "is_general": space == GENERAL,
            "members": [self.uid[id(p)] for p in self._members(space)],
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": description, "creator": creator, "last_set": created},
        } for space, (description, _) in text.SPACES.items()]

    def _members(self, space: str) -> list[Person]:
        """The group's members, then whoever posted there without being one (Slack requires it)."""
        members = list(self.activity.members[space])
        if space == GENERAL:
            members.append(self.company.bot)
        for message in self.kept:
            if message.space != space:
                continue
            person = self._joiner(message) if message.kind == "system" else message.author
            if person not in members:
                members.append(person)
        return members

    def _dms(self) -> dict[int, dict]:
        """Direct-message conversations by the generator's thread key, in order of their first message."""
        found: dict[int, dict] = {}
        for message in self.kept:
            if message.space is None and message.thread not in found:
                found[message.thread] = {
                    "id": slack_id("D", self.company.ids[message.key]),
                    "created": _seconds(message.at),
                    "members": [self.uid[id(p)] for p in message.participants],
                }
        return found

    def dm_list(self) -> list[dict]:
        return list(self.dms.values())

    def _folder(self, message: Message) -> str:
        """Channels are exported in folders named after the channel, direct messages by their id."""
        if message.space is None:
            return self.dms[message.thread]["id"]
        return channel_name(message.space)

    # -- messages ----------------------------------------------------------------------------
    def _timestamps(self) -> dict[int, str]:
        """Each message's ts: its second, and a counter in the fraction when a conversation already
        has a message in that second (ts is the message id within its channel)."""
        taken: dict[tuple[str, int], int] = defaultdict(int)
        stamps = {}
        for message in self.kept:
            second = _seconds(message.at)
            slot = (self._folder(message), second)
            stamps[message.key] = f"{second}.{taken[slot]:06d}"
            taken[slot] += 1
        return stamps

    def day_files(self) -> dict[tuple[str, str], list[dict]]:
        replies: dict[int, list[Message]] = defaultdict(list)
        for message in self.kept:
            if message.parent is not None and message.space is not None:
                replies[message.thread].append(message)
        files: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for message in self.kept:
            ts = self.ts[message.key]
            files[(self._folder(message), _pacific_day(ts))].append(self._entry(message, replies))
        return files

    def _entry(self, message: Message, replies: dict[int, list[Message]]) -> dict:
        if message.kind == "system":
            return self._join_notice(message)
        entry = self._message(message)
        if message.space is None:
            return entry  # direct messages stay flat
        root = self.activity.messages[message.thread - 1]
        if message.parent is not None:
            entry |= {"thread_ts": self.ts[root.key], "parent_user_id": self.uid[id(root.author)]}
        elif replies.get(message.key):
            entry |= self._thread_summary(message, replies[message.key])
        return entry

    def _message(self, message: Message) -> dict:
        author = message.author
        entry = {"user": self.uid[id(author)], "type": "message", "ts": self.ts[message.key],
                 "text": self._text(message.body), "team": self.team}
        if author is self.company.bot:
            entry |= {"bot_id": self.bot_id, "app_id": self.app_id, "bot_profile": {
                "id": self.bot_id, "app_id": self.app_id, "name": author.name, "deleted": False,
                "team_id": self.team}}
        else:
            entry |= {"user_profile": {"first_name": author.first, "real_name": author.name,
                                       "display_name": author.first, "team": self.team,
                                       "name": author.email.partition("@")[0],
                                       "is_restricted": "contractor" in author.tags,
                                       "is_ultra_restricted": False},
                      "blocks": self._blocks(message.body, self.ts[message.key])}
        if message.attachment:
            entry |= {"files": [self._file(message)], "upload": True}
        return entry

    def _thread_summary(self, root: Message, replies: list[Message]) -> dict:
        users = list(dict.fromkeys(self.uid[id(r.author)] for r in replies))
        return {
            "thread_ts": self.ts[root.key], "reply_count": len(replies), "reply_users_count": len(users),
            "latest_reply": self.ts[replies[-1].key], "reply_users": users,
            "replies": [{"user": self.uid[id(r.author)], "ts": self.ts[r.key]} for r in replies],
            "is_locked": False, "subscribed": False,
        }

    def _join_notice(self, message: Message) -> dict:
        """The generator's "X joined group Y" post: in Slack, a channel_join by X (not a post)."""
        uid = self.uid[id(self._joiner(message))]
        return {"user": uid, "type": "message", "subtype": "channel_join", "ts": self.ts[message.key],
                "text": f"<@{uid}> has joined the channel"}

    def _joiner(self, message: Message) -> Person:
        """Who a join notice names (a namesake resolves to the first of that name, as a reader would)."""
        match = JOINED.match(message.body)
        if match is None:
            raise ValueError(f"a system post the Slack form cannot place: {message.body!r}")
        return next(p for p in self.company.staff if p.name == match["name"])

    def _file(self, message: Message) -> dict:
        number = int(message.attachment.rpartition(":")[2])
        file_id = slack_id("F", number)
        return {"id": file_id, "created": _seconds(message.at), "timestamp": _seconds(message.at),
                "name": f"document-{number}.pdf", "title": f"document-{number}.pdf",
                "mimetype": "application/pdf", "filetype": "pdf", "user": self.uid[id(message.author)],
                "mode": "hosted",
                "url_private": f"https://files.slack.com/files-pri/{self.team}-{file_id}/document-{number}.pdf"}

    def _text(self, body: str) -> str:
        """Slack mrkdwn: &, < and > escaped, mentions as <@U…>."""
        pieces = MARKER.split(body)
        return "".join(_escape(piece) if index % 2 == 0 else f"<@{self._mentioned(piece)}>"
                       for index, piece in enumerate(pieces))

    def _blocks(self, body: str, ts: str) -> list[dict]:
        """The rich-text block Slack stores beside the text: plain runs and user elements."""
        elements = []
        for index, piece in enumerate(MARKER.split(body)):
            if index % 2:
                elements.append({"type": "user", "user_id": self._mentioned(piece)})
            elif piece:
                elements.append({"type": "text", "text": piece})
        block_id = hashlib.sha256(ts.encode()).hexdigest()[:5]
        return [{"type": "rich_text", "block_id": block_id,
                 "elements": [{"type": "rich_text_section", "elements": elements}]}]

    def _mentioned(self, number: str) -> str:
        return self.uid[id(self.by_number[int(number)])]


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain(name: str) -> str:
    """Slack's *_normalized profile fields: the name without accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _seconds(at: datetime) -> int:
    return int(at.astimezone(UTC).timestamp())


def _pacific_day(ts: str) -> str:
    return datetime.fromtimestamp(int(ts.partition(".")[0]), PACIFIC).date().isoformat()


def _write_json(path: Path, data) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(data, ensure_ascii=False, indent=4))
        fh.write("\n")
