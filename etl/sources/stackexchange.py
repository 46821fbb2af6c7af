"""Stack Exchange data dump / Stack Overflow for Teams export: Posts.xml, Users.xml, Comments.xml, Votes.xml.

Real dumps are gigabytes, so each file is streamed with iterparse into Arrow record batches
(no DOM), and the joins between files run in DuckDB. The whole site is one space.

- questions (PostTypeId 1) are threads; answers (2) reply to their question; comments reply
  to the post they comment on; the question's AcceptedAnswerId is the accepted post;
- up votes (VoteTypeId 2) become `upvote` reactions without a person (dumps keep voters anonymous);
- tag wikis and other PostTypeIds (3-8) are not forum posts: skipped, counted in a warning,
  as are the comments and votes on them;
- a deleted user survives only as OwnerDisplayName / UserDisplayName: an account keyed
  `deleted:<display name>`, counted in a warning;
- PostLinks (duplicates, related questions) have no place in the canonical model and are not read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.batch import Batch
from etl.errors import InputError
from etl.sources.files import find_file, not_an_export, unpacked
from etl.sources.markup import html_to_text

FORMAT = "stackexchange"
CHUNK = 50_000  # rows per Arrow record batch while streaming

FIELDS = {
    "Posts.xml": ["Id", "PostTypeId", "ParentId", "AcceptedAnswerId", "CreationDate", "OwnerUserId",
                  "OwnerDisplayName", "Title", "Body", "LastEditDate"],
    "Users.xml": ["Id", "DisplayName", "Email", "EmailAddress"],
    "Comments.xml": ["Id", "PostId", "Text", "CreationDate", "UserId", "UserDisplayName"],
    "Votes.xml": ["PostId", "VoteTypeId", "CreationDate"],
}
UP_VOTE = "2"


def detect(folder: Path) -> bool:
    posts = find_file(folder, "Posts.xml")
    if posts is None:
        return False
    with open(posts, "rb") as fh:
        return b"<posts" in fh.read(512).lower()


def read(path: Path, options) -> Batch:
    batch = Batch(source=FORMAT)
    path = Path(path)
    with unpacked(path) as folder:
        posts_file = find_file(folder, "Posts.xml")
        if posts_file is None:
            raise not_an_export(path, "a Stack Exchange dump: Posts.xml (with Users.xml, Comments.xml, "
                                      "Votes.xml beside it)")
        root = posts_file.parent
        tables = {name: _stream(root / name, _shown(path, folder, root / name), fields)
                  for name, fields in FIELDS.items()}
    site = path.stem if path.is_file() else path.name
    _build(batch, tables, site)
    return batch


def _shown(path: Path, folder: Path, file: Path) -> str:
    return str(file) if folder == path else f"{path}/{file.relative_to(folder).as_posix()}"


def _stream(file: Path, shown: str, fields: list[str]) -> pa.Table:
    """The <row> attributes of one dump file as a table of strings (an empty one if it is absent)."""
    schema = pa.schema([(f, pa.string()) for f in fields])
    matches = [p for p in file.parent.iterdir() if p.name.lower() == file.name.lower()]
    if not matches:
        return schema.empty_table()
    batches, columns = [], {f: [] for f in fields}
    text = {"Body"}  # HTML, kept as plain text from here on
    try:
        context = ET.iterparse(matches[0], events=("start", "end"))
        _, top = next(context)
        for event, elem in context:
            if event != "end" or elem.tag != "row":
                continue
            for f in fields:
                value = elem.get(f)
                columns[f].append(html_to_text(value) if f in text and value else value)
            top.clear()  # drop rows already read: memory stays flat on gigabyte files
            if len(columns[fields[0]]) >= CHUNK:
                batches.append(pa.record_batch(columns, schema=schema))
                columns = {f: [] for f in fields}
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(shown, f"line {line} column {column}",
                         f"well-formed XML <row> elements to the end of the file ({exc.msg})") from None
    except StopIteration:
        raise InputError(shown, "line 1", "an XML document, but the file is empty") from None
    batches.append(pa.record_batch(columns, schema=schema))
    return pa.Table.from_batches(batches, schema=schema)


def _build(batch: Batch, tables: dict[str, pa.Table], site: str) -> None:
    con = duckdb.connect()
    try:
        for name, table in tables.items():
            con.register(name.removesuffix(".xml").lower() + "_xml", table)
        con.execute(_FORUM_POSTS).fetchall()
        _count_skipped(con, batch)
        space = f"se:{site}"
        params = {"space": space}
        batch.tables["spaces"] = pa.table({"space_id": [space], "name": [site], "kind": [None]})
        batch.tables["threads"] = con.sql(_THREADS, params=params).to_arrow_table()
        batch.tables["posts"] = con.sql(_POSTS).to_arrow_table()
        batch.tables["reactions"] = con.sql(_UPVOTES, params={"up": UP_VOTE}).to_arrow_table()
        batch.tables["accounts"] = con.sql(_ACCOUNTS).to_arrow_table()
    finally:
        con.close()


def _count_skipped(con, batch: Batch) -> None:
    for code, sql, params in _SKIPPED:
        [(count, example)] = con.execute(sql, params).fetchall()
        batch.warn(code, str(example), count)


# Questions and answers with their thread, typed; every later step reads from it.
_FORUM_POSTS = """
create temp table forum as
select Id as id, PostTypeId as type,
       case when PostTypeId = '1' then Id else ParentId end as thread,
       case when PostTypeId = '2' then ParentId end as parent,
       AcceptedAnswerId as accepted, Title as title, coalesce(Body, '') as body,
       coalesce(OwnerUserId, 'deleted:' || OwnerDisplayName) as author,
       timezone('UTC', cast(CreationDate as timestamp)) as created_at,
       timezone('UTC', cast(LastEditDate as timestamp)) as edited_at
from posts_xml where PostTypeId in ('1', '2')
"""

_THREADS = """
select 'se:' || q.id as thread_id, $space as space_id, q.title, q.author as author_id,
       q.created_at, true as is_question,
       case when q.accepted in (select id from forum) then 'se:' || q.accepted end as accepted_post_id
from forum q where q.type = '1'
"""

# Comments take the thread of the post they comment on, and reply to that post.
_POSTS = """
select 'se:' || id as post_id, 'se:' || thread as thread_id, author as author_id, created_at,
       'se:' || parent as parent_post_id, body as body_text, edited_at,
       cast(null as timestamptz) as deleted_at
from forum
union all
select 'se:comment:' || c.Id, 'se:' || f.thread,
       coalesce(c.UserId, 'deleted:' || c.UserDisplayName),
       timezone('UTC', cast(c.CreationDate as timestamp)), 'se:' || f.id, coalesce(c.Text, ''),
       null, null
from comments_xml c join forum f on f.id = c.PostId
"""

_UPVOTES = """
select 'se:' || v.PostId as post_id, cast(null as text) as person_id, 'upvote' as kind,
       timezone('UTC', cast(v.CreationDate as timestamp)) as created_at
from votes_xml v join forum f on f.id = v.PostId
where v.VoteTypeId = $up
"""

# Users of Users.xml, plus deleted users known only by the display name on their posts.
_ACCOUNTS = """
select Id as source_user_id, DisplayName as display_name,
       nullif(trim(coalesce(Email, EmailAddress)), '') as email,
       Id = '-1' as is_bot
from users_xml
union all
select distinct author, substr(author, 9), null, false
from (select author from forum
      union all select 'deleted:' || UserDisplayName from comments_xml where UserId is null)
where author like 'deleted:%'
"""

_SKIPPED = [
    ("stackexchange tag wikis and other non-forum posts skipped (PostTypeId not 1 or 2)",
     "select count(*), min('post ' || Id || ' (PostTypeId ' || PostTypeId || ')') from posts_xml "
     "where PostTypeId not in ('1', '2')", {}),
    ("stackexchange comments on a post that is not a question or answer (skipped)",
     "select count(*), min('comment ' || Id) from comments_xml "
     "where PostId not in (select id from forum)", {}),
    ("stackexchange up votes on a post that is not a question or answer (skipped)",
     "select count(*), min('vote on post ' || PostId) from votes_xml "
     "where VoteTypeId = $up and PostId not in (select id from forum)", {"up": UP_VOTE}),
    ("stackexchange deleted users, known only by display name (account keyed deleted:<name>)",
     "select count(distinct author), min(author) from (select author from forum union all "
     "select 'deleted:' || UserDisplayName from comments_xml where UserId is null) "
     "where author like 'deleted:%'", {}),
]
