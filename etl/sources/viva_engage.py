"""Viva Engage (Yammer) network data export: Messages.csv, Users.csv and Groups.csv, zipped or not.

The heavy work happens inside DuckDB: Messages.csv is read once by read_csv into an in-memory
table, then every step (timestamps, markup, mentions, threads) is one set-based statement, so
an export of a million messages loads in seconds. Vendor ids become `ve:` ids for posts,
threads and spaces; accounts keep the raw Yammer user id.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.batch import Batch
from etl.errors import InputError
from etl.sources import files

FORMAT = "viva-engage"

MESSAGE_COLUMNS = [
    "id", "replied_to_id", "thread_id", "group_id", "group_name", "participants",
    "in_private_group", "in_private_conversation", "sender_id", "sender_type", "sender_name",
    "sender_email", "body", "attachments", "deleted_by_id", "created_at", "deleted_at", "title",
    "message_type",
]
# Without these a message cannot be placed; the others are filled with nulls when absent
# (older exports lack title and message_type).
REQUIRED_MESSAGE_COLUMNS = ["id", "replied_to_id", "thread_id", "sender_id", "body", "created_at"]
USER_COLUMNS = ["id", "name", "email", "job_title", "location", "department"]
GROUP_COLUMNS = ["id", "name", "privacy"]

# Tried in order; what none of them reads is an error naming these.
TIMESTAMP_FORMATS = ["%Y/%m/%d %H:%M:%S %z", "%Y/%m/%d %H:%M:%S %Z"]
EXPECTED_TIMESTAMP = (
    "a timestamp as ISO 8601 (2019-08-21T17:23:57Z), '2019-08-21 17:23:57 UTC' "
    "or '2013/02/26 17:55:53 +0000'"
)
TRUE_VALUES = ["true", "t", "1", "yes"]


def detect(folder: Path) -> bool:
    return files.find_file(Path(folder), "Messages.csv") is not None


def read(path: Path, options) -> Batch:
    """The export's rows as a Batch; private conversations only if options.include_private."""
    with files.unpacked(path) as folder:
        messages = files.find_file(folder, "Messages.csv")
        if messages is None:
            raise files.not_an_export(path, "a Viva Engage network data export containing Messages.csv")
        display = _display_path(path, folder, messages)
        con = duckdb.connect()
        try:
            con.execute("set timezone = 'UTC'")
            _read_messages(con, messages, display)
            _read_side_file(con, folder, path, "users", USER_COLUMNS)
            _read_side_file(con, folder, path, "groups", GROUP_COLUMNS)
            _check_messages(con, messages, display)
            return _batch(con, options.include_private)
        finally:
            con.close()


def _display_path(path: Path, folder: Path, found: Path) -> str:
    """How errors name a file: inside a zip, as archive.zip/Messages.csv."""
    path = Path(path)
    return str(path / found.relative_to(folder)) if path.is_file() else str(found)


def _header(path: Path, display: str) -> tuple[list[str], str]:
    if path.stat().st_size == 0:
        raise InputError(display, None, "a CSV file with a header row, but the file is empty")
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        line = fh.readline()
    if not line.strip():
        raise InputError(display, "row 1", "a header row naming the columns")
    delimiter = files.sniff_delimiter(line)
    names = next(csv.reader([line], delimiter=delimiter))
    return [re.sub(r"\s+", "_", n.replace("\ufeff", "").strip().lower()) for n in names], delimiter


def _read_messages(con, path: Path, display: str) -> None:
    names, delimiter = _header(path, display)
    missing = [c for c in REQUIRED_MESSAGE_COLUMNS if c not in names]
    if missing:
        raise InputError(
            display, "header",
            f"Messages.csv needs column {missing[0]!r} (found: {', '.join(names[:20])})",
        )
    con.execute(MESSAGE_COLUMNS_SQL)
    try:
        con.execute(
            CLEAN_MESSAGES_SQL,
            {"path": str(path), "columns": dict.fromkeys(_unique(names), "VARCHAR"),
             "delim": delimiter, "formats": TIMESTAMP_FORMATS, "true_values": TRUE_VALUES,
             "max_line_size": files.MAX_LINE_BYTES},
        )
    except duckdb.Error as exc:
        raise InputError(display, _row_of(str(exc)), f"well-formed UTF-8 CSV ({_problem(exc)})") from None
    if _first(con, "select count(*) from messages")[0] == 0:
        raise InputError(display, "row 2", "at least one message after the header row")


# Columns a Messages.csv may lack: the union by name below gives them as nulls.
MESSAGE_COLUMNS_SQL = "create table message_columns (" + ", ".join(
    f"{column} varchar" for column in MESSAGE_COLUMNS
) + ")"


def _unique(names: list[str]) -> list[str]:
    """Header names made unique (an export with two columns of one name keeps the first as is)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


# One row per message with typed values; markup is stripped and mentions become markers.
# Read straight from the file in one pass: no copy of the raw columns is kept.
CLEAN_MESSAGES_SQL = r"""
create table messages as
with raw as (
    select * from read_csv($path, header = true, columns = $columns, delim = $delim,
                           quote = '"', escape = '"', auto_detect = false, strict_mode = true,
                           null_padding = false, max_line_size = $max_line_size, parallel = true)
    union all by name
    select * from message_columns
),
typed as (
    select nullif(trim(id), '') as id,
           nullif(trim(replied_to_id), '') as replied_to_id,
           nullif(trim(thread_id), '') as thread_id,
           nullif(trim(group_id), '') as group_id, nullif(trim(group_name), '') as group_name,
           coalesce(list_contains($true_values, lower(trim(in_private_conversation))), false)
               as is_private,
           nullif(trim(sender_id), '') as sender_id,
           coalesce(lower(trim(sender_type)) = 'bot', false) as is_bot,
           nullif(trim(sender_name), '') as sender_name,
           nullif(trim(sender_email), '') as sender_email,
           body, coalesce(trim(created_at), '') as created_raw,
           nullif(trim(deleted_at), '') as deleted_raw,
           nullif(trim(title), '') as title, lower(trim(message_type)) as message_type
    from raw
),
parsed as (
    select *,
           coalesce(try_cast(created_raw as timestamptz),
                    try_strptime(created_raw, $formats)) as created_at,
           coalesce(try_cast(deleted_raw as timestamptz),
                    try_strptime(deleted_raw, $formats)) as deleted_at
    from typed
),
untagged as (
    select * exclude (body),
           case when body like '%<%>%' then regexp_replace(body, '</?[a-zA-Z][^>]*>', '', 'g')
                else coalesce(body, '') end as body
    from parsed
),
unescaped as (
    select * exclude (body),
           case when body like '%&%;%' then
               replace(replace(replace(replace(replace(replace(body,
                   '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''),
                   '&amp;', '&')
                else body end as body
    from untagged
)
select * exclude (body, created_raw, deleted_raw),
       case when created_at is null then created_raw end as created_raw,
       case when deleted_at is null then deleted_raw end as deleted_raw,
       case when body like '%[[%]]%' then
           regexp_replace(regexp_replace(body, '\[\[user:(\d+)\]\]', '@<<\1>>', 'g'),
                          '\[\[[a-z_]+:[^\]]*\]\]', '', 'g')
            else body end as body,
       case when body like '%[[user:%' then
           list_distinct(regexp_extract_all(body, '\[\[user:(\d+)\]\]', 1)) end as mentioned
from unescaped
"""


def _read_side_file(con, folder: Path, export: Path, table: str, columns: list[str]) -> None:
    """Users.csv or Groups.csv (small; optional): every wanted column, nulls where absent."""
    name = f"{table.capitalize()}.csv"
    path = files.find_file(folder, name)
    data = None
    if path is not None:
        try:
            data = files.read_csv(path)
            data = data.rename_columns([n.lower().replace(" ", "_") for n in data.column_names])
            if data.num_rows:
                files.require_columns(path, data, columns[:2], name)
        except InputError as exc:  # name the file as the user knows it, not its unzipped copy
            raise InputError(_display_path(export, folder, path), exc.record, exc.expected) from None
    rows = 0 if data is None else data.num_rows
    arrays = {
        col: data.column(col) if data is not None and col in data.column_names
        else pa.nulls(rows, pa.string())
        for col in columns
    }
    con.register("side_in", pa.table(arrays))
    con.execute(SIDE_TABLE_SQL[table])
    con.unregister("side_in")


SIDE_TABLE_SQL = {
    "users": "create table users as select * from side_in where nullif(trim(id), '') is not null",
    "groups": "create table groups as select * from side_in where nullif(trim(id), '') is not null",
}


def _check_messages(con, path: Path, display: str) -> None:
    """Records no load can place: no id, an id twice, a time none of the formats reads."""
    if _first(con, "select count(*) from messages where id is null")[0]:
        raise InputError(display, _row_without_id(path), "a message id in column 'id'")
    row = _first(con, "select id, count(*) from messages group by id having count(*) > 1 order by id limit 1")
    if row:
        raise InputError(display, f"message {row[0]}", f"unique message ids, but it appears {row[1]} times")
    for column, sql in BAD_TIMESTAMP_SQL.items():
        row = _first(con, sql)
        if row:
            raise InputError(
                display, f"message {row[0]}", f"{column} as {EXPECTED_TIMESTAMP}, not {row[1]!r}"
            )


def _row_without_id(path: Path) -> str:
    """The spreadsheet row of the first message with no id (only read when there is one)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        delimiter = files.sniff_delimiter(fh.readline())
        fh.seek(0)
        rows = csv.reader(fh, delimiter=delimiter)
        at = [n.strip().lower() for n in next(rows)].index("id")
        for number, row in enumerate(rows, start=2):
            if len(row) > at and not row[at].strip():
                return f"row {number}"
    return "a row"


BAD_TIMESTAMP_SQL = {
    "created_at": "select id, created_raw from messages where created_at is null limit 1",
    "deleted_at": """
        select id, deleted_raw from messages
        where deleted_at is null and deleted_raw is not null limit 1
    """,
}


def _batch(con, include_private: bool) -> Batch:
    con.execute("create table options as select $include_private as include_private",
                {"include_private": include_private})
    # A view, not a copy: each table of the batch reads the messages it keeps.
    con.execute(
        """
        create view kept as
        select *, coalesce(thread_id, id) as thread_key,
               case when group_id is not null then 've:' || group_id
                    when is_private then 've:private' else 've:all' end as space_id
        from messages
        where message_type is distinct from 'system'
          and (not is_private or (select include_private from options))
        """
    )
    # message ids are unique (_check_messages), and threads and spaces are grouped by their ids
    batch = Batch(source=FORMAT, unique_keys={"posts", "threads", "spaces"})
    for name, sql in BATCH_SQL.items():
        batch.tables[name] = con.sql(sql).to_arrow_table()
    unknown = _first(con, UNKNOWN_SENDERS_SQL)
    batch.warn("unknown user id", f"{FORMAT} user {unknown[1]} (not in Users.csv)", unknown[0])
    return batch


BATCH_SQL = {
    "posts": """
        select 've:' || id as post_id, 've:' || thread_key as thread_id, sender_id as author_id,
               created_at, 've:' || replied_to_id as parent_post_id,
               case when deleted_at is null then body else '' end as body_text,
               null::timestamptz as edited_at, deleted_at
        from kept
    """,
    # A thread whose first message is not in this export keeps, in the loader, what an
    # earlier export said of it: only its space is known here.
    # The first message's fields come from a join, not from filtered aggregates: those would
    # compute the title (a split of the body) for every message, not only the first ones.
    "threads": """
        with firsts as (
            select thread_key, space_id,
                   coalesce(title, nullif(left(split_part(trim(
                       case when deleted_at is null then body else '' end), chr(10), 1), 120), ''))
                       as title,
                   sender_id as author_id, created_at, message_type = 'question' as is_question
            from kept where id = thread_key
        ),
        seen as (
            select thread_key, any_value(space_id) as space_id from kept group by thread_key
        )
        select 've:' || s.thread_key as thread_id, coalesce(f.space_id, s.space_id) as space_id,
               f.title, f.author_id, f.created_at, f.is_question, null::varchar as accepted_post_id
        from seen s left join firsts f using (thread_key)
    """,
    "mentions": """
        select distinct post_id, person_id from (
            select 've:' || id as post_id, unnest(mentioned) as person_id
            from kept where mentioned is not null and deleted_at is null
        )
    """,
    "spaces": """
        with named as (
            select 've:' || id as space_id, nullif(trim(name), '') as name, 1 as prio from groups
            union all
            select space_id, any_value(group_name), 2 from kept
            where group_id is not null group by space_id
            union all
            select distinct space_id, case space_id when 've:all' then 'All Company'
                                       else 'Private conversations' end, 3
            from kept where group_id is null
        )
        select space_id, arg_min(name, prio) as name, null::varchar as kind
        from named group by space_id
    """,
    # Users.csv gives profiles; senders absent from it still get an account from what the
    # message says of them (name, e-mail, bot or not).
    "accounts": """
        with senders as (
            select sender_id, any_value(sender_name) as sender_name,
                   any_value(sender_email) as sender_email, bool_or(is_bot) as is_bot
            from kept where sender_id is not null group by sender_id
        ),
        users_in as (
            select trim(id) as id, nullif(trim(name), '') as name, nullif(trim(email), '') as email,
                   nullif(trim(job_title), '') as job_title,
                   nullif(trim(location), '') as location,
                   nullif(trim(department), '') as department
            from users
        )
        select coalesce(u.id, s.sender_id) as source_user_id, null::varchar as person_id,
               coalesce(u.email, s.sender_email) as email,
               coalesce(u.name, s.sender_name) as display_name,
               u.department, u.location as site, u.job_title as job_level,
               null::varchar as manager_ref, null::date as hired_on,
               coalesce(s.is_bot, false) as is_bot, false as in_directory
        from users_in u full outer join senders s on s.sender_id = u.id
    """,
}

UNKNOWN_SENDERS_SQL = """
    select count(distinct sender_id), min(sender_id) from kept
    where sender_id is not null and not is_bot
      and sender_id not in (select trim(id) from users)
"""


def _first(con, sql: str):
    """The first row, or None; the whole result is fetched so the connection is free again."""
    found = con.execute(sql).fetchall()
    return found[0] if found else None


def _row_of(message: str) -> str | None:
    """DuckDB counts records, not lines (a body may span several): a spreadsheet's row number."""
    match = re.search(r"[Ll]ine:?\s*(\d+)", message)
    return f"row {match.group(1)}" if match else None


def _problem(exc: Exception) -> str:
    """DuckDB's own words for what is wrong: the line before its possible fixes."""
    lines = [line.strip() for line in str(exc).strip().splitlines()]
    fixes = next((i for i, line in enumerate(lines) if line.startswith("Possible")), 0)
    said = [line for line in lines[:fixes] if line]
    return (said[-1] if len(said) > 1 else lines[0])[:200]
