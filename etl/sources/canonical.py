"""The canonical export format: a folder of CSV or Parquet files named after the canonical tables.

The way in for any tool without an importer (DESIGN.md, "The canonical export format"). Only
posts.csv is required, and in it only post_id, author_id and created_at. Ids are kept as given.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from etl.batch import Batch
from etl.errors import InputError
from etl.sources import files

FORMAT = "canonical"

COLUMNS = {
    "people": ["person_id", "display_name", "email", "department", "site", "job_level", "manager_id",
               "hired_on", "in_directory", "is_bot"],
    "spaces": ["space_id", "name", "kind"],
    "threads": ["thread_id", "space_id", "title", "author_id", "created_at", "is_question",
                "accepted_post_id"],
    "posts": ["post_id", "thread_id", "author_id", "created_at", "parent_post_id", "body_text",
              "edited_at", "deleted_at"],
    "reactions": ["post_id", "person_id", "kind", "created_at"],
    "mentions": ["post_id", "person_id"],
    "courses": ["course_id", "title", "language", "material_text", "key_terms"],
    "attendance": ["course_id", "person_id", "attended_on", "completed"],
}
REQUIRED = {
    "people": ["person_id"], "spaces": ["space_id"], "threads": ["thread_id"],
    "posts": ["post_id", "author_id", "created_at"], "reactions": ["post_id", "kind"],
    "mentions": ["post_id", "person_id"], "courses": ["course_id"],
    "attendance": ["course_id", "person_id", "attended_on"],
}
KEYS = {"people": "person_id", "spaces": "space_id", "threads": "thread_id", "posts": "post_id",
        "courses": "course_id"}
TIMESTAMPS = {"threads": ["created_at"], "posts": ["created_at", "edited_at", "deleted_at"],
              "reactions": ["created_at"]}
DATES = {"people": ["hired_on"], "attendance": ["attended_on"]}
BOOLEANS = {"people": ["in_directory", "is_bot"], "threads": ["is_question"], "attendance": ["completed"]}
TRUE, FALSE = {"true", "t", "1", "yes", "y"}, {"false", "f", "0", "no", "n"}
# Columns naming people: author_id / person_id values.
PERSON_COLUMNS = {"threads": "author_id", "posts": "author_id", "reactions": "person_id",
                  "mentions": "person_id", "attendance": "person_id"}


def detect(folder: Path) -> bool:
    """A posts.parquet, or a posts.csv whose header has post_id."""
    if files.find_file(folder, "posts.parquet"):
        return True
    path = files.find_file(folder, "posts.csv")
    if path is None:
        return False
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        return "post_id" in fh.readline().lower()


def read(path: Path, options=None) -> Batch:
    with files.unpacked(Path(path)) as folder:
        found = _table_files(Path(path), folder)
        frames = {name: _frame(name, file) for name, file in found.items()}
    if frames["posts"].empty:
        raise InputError(found["posts"], None, "at least one post after the header row")
    batch = Batch(source=FORMAT)
    posts = _posts(frames["posts"])
    batch.tables["posts"] = posts
    batch.tables["threads"] = _threads(frames.get("threads"), posts)
    for name in ("spaces", "reactions", "mentions", "courses", "attendance"):
        if name in frames:
            batch.tables[name] = frames[name]
    _warn_orphan_children(batch, posts)
    batch.tables["accounts"] = _accounts(frames.get("people"), batch)
    return batch


def _table_files(path: Path, folder: Path) -> dict[str, Path]:
    """The file of each table present, beside posts (CSV preferred over Parquet if both are there)."""
    posts = files.find_file(folder, "posts.csv") or files.find_file(folder, "posts.parquet")
    if posts is None:
        raise files.not_an_export(path, "a canonical export: a folder holding posts.csv or posts.parquet")
    found = {}
    for name in COLUMNS:
        for suffix in (".csv", ".parquet"):
            candidate = files.find_file(posts.parent, name + suffix)
            if candidate is not None and candidate.parent == posts.parent:
                found[name] = candidate
                break
    return found


def _frame(name: str, path: Path) -> pd.DataFrame:
    """The table's known columns as text (None for empty), then typed; required columns checked."""
    table = _read_text_table(path)
    table = table.rename_columns([c.strip().lower() for c in table.column_names])
    files.require_columns(path, table, REQUIRED[name], f"{path.name}")
    frame = pd.DataFrame({
        col: _stripped(table.column(col).to_pylist()) if col in table.column_names else None
        for col in COLUMNS[name]
    }, columns=COLUMNS[name])
    frame.index = _record_labels(path, len(frame))
    _check_required_values(path, frame, REQUIRED[name], KEYS.get(name))
    if name in KEYS:
        _check_unique(path, frame, KEYS[name])
    for col in TIMESTAMPS.get(name, []):
        frame[col] = _timestamps(path, frame, col, KEYS.get(name))
    for col in DATES.get(name, []):
        frame[col] = [None if pd.isna(t) else t.date() for t in _timestamps(path, frame, col, KEYS.get(name))]
    for col in BOOLEANS.get(name, []):
        frame[col] = _booleans(path, frame, col)
    if name == "spaces":
        _check_kinds(path, frame)
    return frame.reset_index(drop=True)


def _read_text_table(path: Path) -> pa.Table:
    if path.suffix.lower() == ".csv":
        return files.read_csv(path)
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(path, None, f"a readable Parquet file ({exc})") from None
    return pa.table({name: pc.cast(table.column(name), pa.string()) for name in table.column_names})


def _stripped(values: list) -> list:
    return [v.strip() or None if isinstance(v, str) else v for v in values]


def _record_labels(path: Path, n: int) -> list[str]:
    """Where a record is, for messages: CSV line numbers (header on line 1), else Parquet rows."""
    if path.suffix.lower() == ".csv":
        return [f"line {i + 2}" for i in range(n)]
    return [f"row {i + 1}" for i in range(n)]


def _where(frame: pd.DataFrame, label: str, key: str | None) -> str:
    if key and frame.at[label, key] is not None:
        return f"{label} ({key} {frame.at[label, key]})"
    return label


def _check_required_values(path: Path, frame: pd.DataFrame, required: list[str], key: str | None) -> None:
    for col in required:
        empty = frame.index[frame[col].isna()]
        if len(empty):
            raise InputError(path, _where(frame, empty[0], key), f"a value in column {col}")


def _check_unique(path: Path, frame: pd.DataFrame, key: str) -> None:
    dup = frame[key].duplicated(keep=False)
    if dup.any():
        labels = frame.index[dup]
        first = frame.at[labels[0], key]
        again = [lbl for lbl in labels if frame.at[lbl, key] == first]
        raise InputError(path, f"{again[1]} ({key} {first})",
                         f"a unique {key}, but {first!r} is already on {again[0]}")


def _timestamps(path: Path, frame: pd.DataFrame, col: str, key: str | None) -> pd.Series:
    raw = frame[col]
    parsed = pd.to_datetime(raw, utc=True, format="ISO8601", errors="coerce")
    bad = raw.notna() & parsed.isna()
    if bad.any():
        label = frame.index[bad][0]
        raise InputError(path, _where(frame, label, key),
                         f"{col} as an ISO 8601 time (e.g. 2024-03-01T09:30:00Z), not {raw[label]!r}")
    return parsed


def _booleans(path: Path, frame: pd.DataFrame, col: str) -> list:
    out = []
    for label, value in frame[col].items():
        key = value.lower() if isinstance(value, str) else value
        if key is None:
            out.append(None)
        elif key in TRUE or key in FALSE:
            out.append(key in TRUE)
        else:
            raise InputError(path, label, f"{col} as true or false, not {value!r}")
    return out


def _check_kinds(path: Path, frame: pd.DataFrame) -> None:
    bad = frame["kind"].notna() & ~frame["kind"].isin(["work", "affinity"])
    if bad.any():
        label = frame.index[bad][0]
        raise InputError(path, _where(frame, label, "space_id"),
                         f"kind work, affinity or empty, not {frame.at[label, 'kind']!r}")


def _posts(posts: pd.DataFrame) -> pd.DataFrame:
    """Posts with every thread_id filled: a reply joins its parent's thread, others start their own."""
    posts = posts.copy()
    parent = posts["parent_post_id"]
    thread = posts["thread_id"].where(posts["thread_id"].notna() | parent.notna(), posts["post_id"])
    while thread.isna().any():  # one step up the reply chains per pass
        by_post = pd.Series(thread.values, index=posts["post_id"])
        filled = thread.fillna(parent.map(by_post))
        if filled.isna().sum() == thread.isna().sum():
            break
        thread = filled
    posts["thread_id"] = thread.fillna(posts["post_id"])
    # Deleted posts keep their row, never their text.
    posts.loc[posts["deleted_at"].notna(), "body_text"] = ""
    return posts


def _threads(given: pd.DataFrame | None, posts: pd.DataFrame) -> pd.DataFrame:
    """Threads as given, completed from each thread's first post; one per thread_id of the posts."""
    first = (
        posts.assign(_reply=posts["parent_post_id"].notna())
        .sort_values(["thread_id", "_reply", "created_at", "post_id"])
        .drop_duplicates("thread_id")
        .set_index("thread_id")[["author_id", "created_at"]]
    )
    if given is None:
        given = pd.DataFrame(columns=COLUMNS["threads"])
    threads = given.set_index("thread_id")
    extra = first.index.difference(threads.index)
    threads = pd.concat([threads, pd.DataFrame(index=extra, columns=threads.columns)])
    for col in ("author_id", "created_at"):
        threads[col] = threads[col].where(threads[col].notna(), first[col].reindex(threads.index))
    threads["created_at"] = pd.to_datetime(threads["created_at"], utc=True)
    return threads.rename_axis("thread_id").reset_index()[COLUMNS["threads"]]


ORPHAN_WARNINGS = {"reactions": "reaction to a post not in posts", "mentions": "mention in a post not in posts"}


def _warn_orphan_children(batch: Batch, posts: pd.DataFrame) -> None:
    """Reactions and mentions of unknown posts are dropped by the loader: count them."""
    known = set(posts["post_id"])
    for name, code in ORPHAN_WARNINGS.items():
        frame = batch.tables.get(name)
        if frame is not None:
            orphan = frame.loc[~frame["post_id"].isin(known), "post_id"]
            batch.warn(code, f"post {orphan.iloc[0]}" if len(orphan) else "", len(orphan))


def _referenced(batch: Batch) -> list[str]:
    ids: set[str] = set()
    for name, col in PERSON_COLUMNS.items():
        frame = batch.tables.get(name)
        if frame is not None:
            ids.update(v for v in frame[col] if v is not None and not pd.isna(v))
    return sorted(ids)


def _accounts(people: pd.DataFrame | None, batch: Batch) -> pd.DataFrame:
    """With people.csv, its people under their own ids; without, one account per person referenced."""
    referenced = _referenced(batch)
    if people is None:
        # No person ids given: the loader resolves each to a person (by e-mail, by the HR
        # directory's employee ids, else a new person).
        return pd.DataFrame({
            "source_user_id": referenced,
            "email": [ref if "@" in ref else None for ref in referenced],
            "display_name": referenced,
        })
    accounts = people.rename(columns={"manager_id": "manager_ref"})
    accounts.insert(0, "source_user_id", accounts["person_id"])
    unknown = [ref for ref in referenced if ref not in set(people["person_id"])]
    batch.warn("person id not in people.csv", unknown[0] if unknown else "", len(unknown))
    extra = pd.DataFrame({"source_user_id": unknown, "person_id": unknown})
    return pd.concat([accounts, extra], ignore_index=True) if unknown else accounts
