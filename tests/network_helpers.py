"""Builds small network fixtures: a directory batch (departments, sites) and one thread per reply."""

from __future__ import annotations

from pathlib import Path

from conftest import batch, build_db

from etl.config import Config


def network_db(path: Path, departments: dict[str, str], replies: list[tuple[str, str, str]],
               reactions: list[tuple[str, int]] = (), sites: dict[str, str] | None = None,
               accepted: list[int] = (), config: Config | None = None) -> Path:
    """A database where each (actor, target, day) reply is a thread by target answered by actor.

    Thread k holds post `root-k` (by the target, 09:00 UTC) and `reply-k` (by the actor, 10:00).
    reactions: (person, k) = person reacts to reply-k. accepted: k = reply-k is the accepted
    answer of thread k. Person ids are the names given.
    """
    sites = sites or {}
    accounts = [
        {"source_user_id": p, "person_id": p, "display_name": p.upper(), "department": d,
         "site": sites.get(p, "Paris"), "job_level": "L1", "email": f"{p}@example.com"}
        for p, d in departments.items()
    ]
    threads, posts = [], []
    for k, (actor, target, day) in enumerate(replies):
        threads.append({"thread_id": f"t{k}", "space_id": "s1", "author_id": target,
                        "created_at": f"{day}T09:00:00Z", "is_question": True,
                        "accepted_post_id": f"reply-{k}" if k in accepted else None})
        posts.append({"post_id": f"root-{k}", "thread_id": f"t{k}", "author_id": target,
                      "created_at": f"{day}T09:00:00Z", "body_text": "question?"})
        posts.append({"post_id": f"reply-{k}", "thread_id": f"t{k}", "author_id": actor,
                      "created_at": f"{day}T10:00:00Z", "parent_post_id": f"root-{k}",
                      "body_text": "answer"})
    tables = {"threads": threads, "posts": posts,
              "spaces": [{"space_id": "s1", "name": "General"}]}
    if reactions:
        tables["reactions"] = [{"post_id": f"reply-{k}", "person_id": p, "kind": "like"}
                               for p, k in reactions]
    return build_db(path, batch("directory", accounts=accounts), batch("canonical", **tables),
                    config=config)


def ties(pairs: str, day: str = "2024-03-15") -> list[tuple[str, str, str]]:
    """'a-b c-d' -> one reply per pair (first replies to second) on `day`."""
    return [(*pair.split("-"), day) for pair in pairs.split()]
