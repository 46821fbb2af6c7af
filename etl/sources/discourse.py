"""Discourse: topic JSON files as the API returns them (/t/{id}.json), plus the admin user list CSV.

A topic is a thread in its category's space; its posts reply to the post named by
`reply_to_post_number`, else to the topic's first post. Likes come as counts without names
(`actions_summary`, action id 2); the solved plugin marks the accepted answer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from etl.batch import MENTION_MARKER, Batch
from etl.errors import InputError
from etl.sources.files import not_an_export, read_csv, require_columns, unpacked
from etl.sources.markup import html_to_text

FORMAT = "discourse"

LIKE = 2  # post action type id of a like
REGULAR, WHISPER = 1, 4  # post types; 2 (moderator action) and 3 (small action) are the system
CUSTOM_FIELD = " (custom user field)"
DEPARTMENT_FIELDS = ("department", "dept", "user_field_department")
SITE_FIELDS = ("site", "office", "user_field_site")
LEVEL_FIELDS = ("job level", "job_level", "level", "grade")

def detect(folder: Path) -> bool:
    """A topic file says "post_stream" (a cut-off one too: read() then says where it breaks)."""
    return any('"post_stream"' in _head(f) for f in _json_files(folder)[:20])


def _json_files(folder: Path) -> list[Path]:
    return sorted(p for p in [*folder.glob("*.json"), *folder.glob("*/*.json")] if p.is_file())


def _head(file: Path) -> str:
    with open(file, encoding="utf-8", errors="replace") as fh:
        return fh.read(1 << 22)


def _kind(data) -> str:
    if isinstance(data, dict):
        if isinstance(data.get("post_stream"), dict):
            return "topic"
        if "topic_list" in data:
            return "topic list"
        if "post_number" in data and "topic_id" in data:
            return "single post"
        if "category_list" in data or isinstance(data.get("categories"), list):
            return "categories"
    return "other"


def read(path: Path, options) -> Batch:
    batch = Batch(source=FORMAT)
    with unpacked(path) as folder:
        topics, categories = _read_json_files(Path(path), folder, batch)
        users = _read_user_lists(Path(path), folder)
    if not topics:
        raise not_an_export(path, "at least one Discourse topic file (the JSON of /t/{id}.json)")
    _build(batch, topics, categories, users, options.include_private)
    return batch


def _shown(path: Path, folder: Path, file: Path) -> str:
    return str(file) if folder == path else f"{path}/{file.relative_to(folder).as_posix()}"


def _read_json_files(path: Path, folder: Path, batch: Batch) -> tuple[list[dict], dict[str, str]]:
    """Topics in file order, and category names when a /categories.json or /site.json is there."""
    topics, categories = [], {}
    for file in _json_files(folder):
        shown = _shown(path, folder, file)
        try:
            data = json.loads(file.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise InputError(shown, f"line {exc.lineno} column {exc.colno}",
                             f"a complete JSON document ({exc.msg})") from None
        except UnicodeDecodeError as exc:
            raise InputError(shown, f"byte {exc.start}", f"UTF-8 JSON ({exc.reason})") from None
        kind = _kind(data)
        if kind == "topic":
            topics.append({**data, "_file": shown})
        elif kind == "categories":
            listed = (data.get("category_list") or {}).get("categories") or data.get("categories")
            categories.update({str(c["id"]): c.get("name") for c in listed if "id" in c})
        elif kind == "topic list":
            batch.warn("discourse topic list (/latest.json) skipped: it lists topics, "
                       "it holds no posts", shown)
        elif kind == "single post":
            batch.warn("discourse single post (/posts/{id}.json) skipped: save its topic instead",
                       shown)
        else:
            batch.warn("discourse JSON file that is not a topic (skipped)", shown)
    return topics, categories


def _read_user_lists(path: Path, folder: Path) -> pd.DataFrame:
    """The admin user list export(s): id, username, email and custom user fields.

    Discourse delivers it as user-list-<time>.zip holding one CSV; either form is read.
    """
    frames = [_user_list(file, _shown(path, folder, file))
              for file in sorted([*folder.glob("*.csv"), *folder.glob("*/*.csv")])]
    for archive in sorted(folder.glob("*.zip")):
        with unpacked(archive) as inner:
            frames += [_user_list(file, f"{_shown(path, folder, archive)}/{file.name}")
                       for file in sorted(inner.rglob("*.csv"))]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["id", "username"])


def _user_list(file: Path, shown: str) -> pd.DataFrame:
    table = read_csv(file)
    require_columns(shown, table, ["id", "username"], "the Discourse user list export")
    frame = table.to_pandas()
    # custom fields are headed "<name> (custom user field)"; values holding a comma arrive
    # wrapped in an extra pair of quotes
    frame.columns = [c.removesuffix(CUSTOM_FIELD).strip() for c in frame.columns]
    return frame.apply(lambda col: col.str.removeprefix('"').str.removesuffix('"'))


def _build(batch: Batch, topics: list[dict], categories: dict[str, str], users: pd.DataFrame,
           include_private: bool) -> None:
    rows = _post_rows(batch, topics, include_private)
    ids = _usernames(rows, users)
    _drop_duplicates(batch, rows)
    by_topic: dict = {}
    for row in rows:
        by_topic.setdefault(row["_topic"]["id"], []).append(row)
    # a topic saved twice: its posts are pooled, its title and category come from the last file
    threads = [_thread_row(batch, mine[-1]["_topic"], mine) for mine in by_topic.values()]
    posts, reactions, mentions = [], [], []
    for row in rows:
        found: set[str] = set()
        row["body_text"] = "" if row["deleted_at"] else html_to_text(
            row.pop("_cooked"), lambda name, f=found: _mention(name, ids, f))
        mentions += [{"post_id": row["post_id"], "person_id": uid} for uid in sorted(found)
                     if uid != row["author_id"]]
        reactions += [{"post_id": row["post_id"], "kind": "like"}] * row.pop("_likes")
        posts.append(row)
    frame = pd.DataFrame(posts).drop(columns=["_topic", "_number", "_reply_to", "_file",
                                              "_updated", "_accepted", "_user"])
    for col in ("created_at", "edited_at", "deleted_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True, format="ISO8601")
    batch.tables["posts"] = frame
    batch.tables["threads"] = _threads_frame(threads)
    batch.tables["spaces"] = pd.DataFrame(
        [{"space_id": f"discourse:{cid}", "name": categories.get(cid) or f"category {cid}"}
         for cid in sorted({t["space_id"].split(":", 1)[1] for t in threads if t["space_id"]})],
        columns=["space_id", "name"])
    batch.tables["reactions"] = pd.DataFrame(reactions, columns=["post_id", "person_id", "kind"])
    batch.tables["mentions"] = pd.DataFrame(mentions, columns=["post_id", "person_id"])
    batch.tables["accounts"] = _accounts(rows, users)


def _post_rows(batch: Batch, topics: list[dict], include_private: bool) -> list[dict]:
    rows = []
    for topic in topics:
        stream = topic["post_stream"]
        posts = [p for p in stream.get("posts") or [] if isinstance(p, dict) and "id" in p]
        missing = len(stream.get("stream") or []) - len(posts)
        batch.warn("discourse topic file holds only part of its posts (fetch /t/{id}.json?print=true)",
                   f"{topic['_file']}: {len(posts)} of {len(posts) + missing} posts", missing)
        for post in posts:
            post_type = post.get("post_type", REGULAR)
            if post_type == REGULAR or (post_type == WHISPER and include_private):
                rows.append(_post_row(topic, post))
    return rows


def _post_row(topic: dict, post: dict) -> dict:
    withdrawn = bool(post.get("user_deleted"))
    edited = post.get("updated_at") if (post.get("version") or 1) > 1 else None
    user_id = post.get("user_id")
    return {
        "post_id": f"discourse:{post['id']}",
        "thread_id": f"discourse:{topic['id']}",
        "author_id": str(user_id) if user_id is not None else None,
        "created_at": post.get("created_at"),
        "parent_post_id": None,
        "edited_at": edited,
        "deleted_at": post.get("deleted_at") or (post.get("updated_at") if withdrawn else None),
        "_topic": topic, "_number": post.get("post_number"),
        "_reply_to": post.get("reply_to_post_number"), "_file": topic["_file"],
        "_updated": post.get("updated_at") or "", "_accepted": post.get("accepted_answer") is True,
        "_user": (post.get("username"), post.get("name") or post.get("display_username")),
        "_cooked": post.get("cooked"),
        "_likes": sum(int(a.get("count") or 0) for a in post.get("actions_summary") or []
                      if isinstance(a, dict) and a.get("id") == LIKE),
    }


def _drop_duplicates(batch: Batch, rows: list[dict]) -> None:
    """A post saved in several topic files is kept once: its latest copy, else the first file's."""
    best: dict[str, int] = {}
    for i, row in enumerate(rows):
        j = best.get(row["post_id"])
        if j is None or row["_updated"] > rows[j]["_updated"]:
            best[row["post_id"]] = i
    dropped = len(rows) - len(best)
    if dropped:
        dup = next(r for i, r in enumerate(rows) if best[r["post_id"]] != i)
        batch.warn("discourse post found in several topic files (one copy kept)",
                   f"{dup['post_id']} in {dup['_file']}", dropped)
    rows[:] = [rows[i] for i in sorted(best.values())]


def _thread_row(batch: Batch, topic: dict, mine: list[dict]) -> dict:
    """The topic as a thread; links each of its posts to the post it replies to."""
    by_number = {r["_number"]: r["post_id"] for r in mine}
    first = by_number.get(1)
    for row in mine:
        if row["_number"] == 1:
            continue
        parent = by_number.get(row["_reply_to"]) if row["_reply_to"] else first
        if parent is None:
            batch.warn("discourse reply to a post missing from its topic file (linked to the "
                       "first post)", f"{row['post_id']} replies to post number {row['_reply_to']}")
            parent = first
        row["parent_post_id"] = parent
    accepted = _accepted(topic, mine, by_number)
    opener = next((r for r in mine if r["_number"] == 1), None)
    category = topic.get("category_id")
    return {
        "thread_id": f"discourse:{topic['id']}",
        "space_id": f"discourse:{category}" if category is not None else None,
        "title": topic.get("title") or topic.get("fancy_title"),
        "author_id": opener["author_id"] if opener else None,
        "created_at": topic.get("created_at"),
        "is_question": True if accepted else None,
        "accepted_post_id": accepted,
    }


def _accepted(topic: dict, mine: list[dict], by_number: dict) -> str | None:
    """The solved plugin's accepted answer: on the topic (newer) or flagged on the post (older)."""
    marked = topic.get("accepted_answer")
    if isinstance(marked, dict) and marked.get("post_number") in by_number:
        return by_number[marked["post_number"]]
    return next((r["post_id"] for r in mine if r["_accepted"]), None)


def _threads_frame(threads: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(threads, columns=["thread_id", "space_id", "title", "author_id",
                                           "created_at", "is_question", "accepted_post_id"])
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True, format="ISO8601")
    return frame


def _usernames(rows: list[dict], users: pd.DataFrame) -> dict[str, str]:
    """Username (lower case) -> user id, from the posts and the user list, for @mentions."""
    ids = {str(n).lower(): str(i) for i, n in zip(users["id"], users["username"], strict=True) if n and i}
    for row in rows:
        if row["_user"][0] and row["author_id"]:
            ids.setdefault(str(row["_user"][0]).lower(), row["author_id"])
    return ids


def _mention(name: str, ids: dict[str, str], found: set[str]) -> str:
    uid = ids.get(name.lower())
    if uid is None:
        return "@" + name
    found.add(uid)
    return MENTION_MARKER.format(uid)


def _accounts(rows: list[dict], users: pd.DataFrame) -> pd.DataFrame:
    """Every author seen in the topics, with the user list's e-mail and custom fields when known."""
    seen = {}
    for row in rows:
        if row["author_id"] and row["author_id"] not in seen:
            username, name = row["_user"]
            seen[row["author_id"]] = {"source_user_id": row["author_id"],
                                      "display_name": name or username}
    frame = pd.DataFrame(list(seen.values()), columns=["source_user_id", "display_name"])
    listed = _profile(users)
    merged = listed.merge(frame, on="source_user_id", how="outer", suffixes=("", "_post"))
    merged["display_name"] = merged["display_name"].fillna(merged.pop("display_name_post"))
    merged["is_bot"] = merged["source_user_id"].map(lambda u: str(u).lstrip("-").isdigit()
                                                   and int(u) <= 0)  # system and Discobot
    return merged


def _profile(users: pd.DataFrame) -> pd.DataFrame:
    lower = {c.lower().strip(): c for c in users.columns}

    def column(names) -> pd.Series:
        for name in names:
            if name in lower:
                return users[lower[name]].replace("", None)
        return pd.Series([None] * len(users), index=users.index, dtype="object")

    names = column(("name",)).fillna(column(("username",)))
    return pd.DataFrame({
        "source_user_id": users["id"].astype(str).str.strip(),
        "email": column(("email",)),
        "display_name": names,
        "department": column(DEPARTMENT_FIELDS),
        "site": column(SITE_FIELDS),
        "job_level": column(LEVEL_FIELDS),
    }).drop_duplicates("source_user_id", keep="last")
