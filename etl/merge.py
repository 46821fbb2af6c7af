"""Merges one importer's Batch into the database being built: identities first, then content.

Everything here is set-based SQL over the batch's Arrow tables; values are bound as $name
parameters. Merging replaces rows by key, so loading the same export twice changes nothing
and a later version of a message replaces the earlier one.
"""

from __future__ import annotations

from contextlib import contextmanager

import duckdb

from etl.batch import COLUMNS, Batch
from etl.errors import InputError

# Sources whose user ids may be the HR directory's own ids (employee numbers). Vendor ids
# (Yammer, Slack, Stack Exchange numbers) could collide with them by accident, so they
# are matched by e-mail only.
DIRECTORY_ID_SOURCES = ("canonical", "training")

# Column of each batch table that must be unique within one input.
KEYS = {
    "accounts": "source_user_id",
    "spaces": "space_id",
    "threads": "thread_id",
    "posts": "post_id",
    "courses": "course_id",
}

# A person id is a salted hash: of the e-mail when there is one (so the same address is the
# same person in every source), else of the source and its user id. With no salt it is
# merely stable; with a secret salt it is a pseudonym.
PERSON_ID_MACRO = """
create or replace temp macro derive_person_id(salt, source, uid, email) as
    'p' || left(sha256(salt || case
        when nullif(trim(email), '') is not null then 'email:' || lower(trim(email))
        else source || ':' || uid end), 16)
"""


@contextmanager
def registered(con, tables: dict):
    """Arrow tables (or frames) queryable by name on `con` for the duration of the block."""
    for name, table in tables.items():
        con.register(name, table)
    try:
        yield
    finally:
        for name in tables:
            con.unregister(name)


def script(con, sql: str, params: dict | None = None) -> None:
    """Run several statements, binding to each only the $names it uses (DuckDB binds per statement)."""
    for statement in filter(str.strip, sql.split(";\n")):
        used = {k: v for k, v in (params or {}).items() if f"${k}" in statement}
        con.execute(statement, used)


def merge_identities(con: duckdb.DuckDBPyConnection, batch: Batch, salt: str) -> None:
    """Bring a batch's accounts in (the first pass of a load, for every batch)."""
    with _registered(con, batch):
        _check_unique(con, batch)
        con.execute(PERSON_ID_MACRO)
        _merge_accounts(con, batch, salt)


def merge_content(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    """Bring a batch's rows into the canonical tables, replacing earlier versions by key.

    The second pass, once `people` is rebuilt from every batch's accounts: mention markers
    are then named as the dashboard will name those people, as the rows are written.
    """
    with _registered(con, batch):
        con.execute(
            "create or replace temp table src_people as "
            "select source_user_id, person_id from accounts where source = $source",
            {"source": batch.source},
        )
        _name_mentions(con)
        _merge_spaces(con, batch.source)
        _merge_threads(con, batch.source)
        _merge_posts(con, batch)
        _merge_post_children(con)
        _merge_training(con)


def _registered(con, batch: Batch):
    return registered(con, {f"in_{name}": batch.table(name) for name in COLUMNS})


def _check_unique(con, batch: Batch) -> None:
    for table, key in KEYS.items():
        if table in batch.unique_keys:
            continue
        row = con.execute(
            # identifiers from the fixed KEYS table, never from input
            f"select {key}, count(*) from in_{table} group by 1 having count(*) > 1 limit 1"  # noqa: S608
        ).fetchall()
        if row:
            row = row[0]
            raise InputError(
                batch.inputs[0] if batch.inputs else batch.source,
                f"{table} id {row[0]!r}",
                f"unique ids, but this one appears {row[1]} times",
            )


def _merge_accounts(con, batch: Batch, salt: str) -> None:
    """Upsert accounts: profiles the batch gives, plus bare accounts for ids it only references."""
    source = batch.source
    con.execute(
        """
        create or replace temp table referenced as
        select distinct cast(uid as text) as source_user_id from (
            select author_id as uid from in_posts
            union all select author_id from in_threads
            union all select person_id from in_reactions
            union all select person_id from in_mentions
            union all select person_id from in_attendance
        ) where uid is not null
        """
    )
    unknown = con.execute(
        """
        select count(*), min(r.source_user_id) from referenced r
        where r.source_user_id not in (select cast(source_user_id as text) from in_accounts)
          and r.source_user_id not in (select source_user_id from accounts where source = $source)
        """,
        {"source": source},
    ).fetchall()[0]
    batch.warn("unknown user id", f"{source} user {unknown[1]}", unknown[0])
    con.execute(
        """
        create or replace temp table new_accounts as
        with given as (
            select cast(source_user_id as text) as source_user_id,
                   cast(person_id as text) as preset_id,
                   nullif(trim(cast(email as text)), '') as email,
                   cast(display_name as text) as display_name,
                   cast(department as text) as department, cast(site as text) as site,
                   cast(job_level as text) as job_level, cast(manager_ref as text) as manager_ref,
                   try_cast(hired_on as date) as hired_on, cast(is_bot as boolean) as is_bot,
                   cast(in_directory as boolean) as in_directory
            from in_accounts
            union all by name
            select source_user_id from referenced
            where source_user_id not in (select cast(source_user_id as text) from in_accounts)
              and source_user_id not in (select source_user_id from accounts where source = $source)
        ),
        by_directory_id as (
            select source_user_id, person_id from accounts
            where source = 'directory' and list_contains($directory_id_sources, $source)
        )
        select $source as source, g.source_user_id,
               coalesce(g.preset_id, case when g.email is null then d.person_id end,
                        derive_person_id($salt, $source, g.source_user_id, g.email)) as person_id,
               case when $salt = '' then g.email end as email,
               g.display_name, g.department, g.site, g.job_level, g.manager_ref, g.hired_on,
               coalesce(g.is_bot, false) as is_bot,
               coalesce(g.in_directory, $source = 'directory') as in_directory
        from given g left join by_directory_id d using (source_user_id)
        """,
        {"source": source, "salt": salt, "directory_id_sources": list(DIRECTORY_ID_SOURCES)},
    )
    if salt:
        # Pseudonymised: the alias derives from the (salted) person id, never from the name.
        con.execute(
            "update new_accounts set display_name = 'Member ' || upper(substr(person_id, 2, 6))"
        )
    script(
        con,
        """
        delete from accounts where source = $source
          and source_user_id in (select source_user_id from new_accounts);
        insert into accounts by name select * from new_accounts;
        """,
        {"source": source},
    )


def _merge_spaces(con, source: str) -> None:
    script(
        con,
        """
        create or replace temp table new_spaces as
        select cast(n.space_id as text) as space_id, $source as source,
               coalesce(cast(n.name as text), o.name) as name,
               coalesce(cast(n.kind as text), o.kind) as kind
        from in_spaces n left join spaces o on o.space_id = cast(n.space_id as text);
        delete from spaces where space_id in (select space_id from new_spaces);
        insert into spaces by name select * from new_spaces;
        """,
        {"source": source},
    )


def _merge_threads(con, source: str) -> None:
    # A later export may carry replies to a thread whose first message it lacks: keep
    # what is known of the thread and fill in only what the new rows say. Threads equal to
    # the stored ones are not written again (as posts).
    script(
        con,
        """
        create or replace temp table new_threads as
        select cast(n.thread_id as text) as thread_id,
               coalesce(cast(n.space_id as text), o.space_id) as space_id,
               $source as source,
               coalesce(f.text, cast(n.title as text), o.title) as title,
               coalesce(a.person_id, o.author_id) as author_id,
               coalesce(cast(n.created_at as timestamptz), o.created_at) as created_at,
               coalesce(cast(n.is_question as boolean), o.is_question, false) as is_question,
               coalesce(cast(n.accepted_post_id as text), o.accepted_post_id) as accepted_post_id
        from in_threads n
        left join threads o on o.thread_id = cast(n.thread_id as text)
        left join src_people a on a.source_user_id = cast(n.author_id as text)
        left join named_texts f on f.kind = 'title' and f.key = cast(n.thread_id as text);
        create or replace temp table changed_threads as
        select n.* from new_threads n left join threads o using (thread_id)
        where o.thread_id is null
           or (n.space_id, n.source, n.title, n.author_id, n.created_at, n.is_question,
               n.accepted_post_id)
              is distinct from (o.space_id, o.source, o.title, o.author_id, o.created_at,
                                o.is_question, o.accepted_post_id);
        delete from threads where thread_id in (select thread_id from changed_threads);
        insert into threads by name select * from changed_threads;
        """,
        {"source": source},
    )


def _merge_posts(con, batch: Batch) -> None:
    # An older copy of a message (from an earlier export loaded later) never replaces a
    # newer one: compare the last time each copy changed. A copy equal to the stored row in
    # every column is not written again: next week's export repeats most of this week's
    # messages, and rewriting them cost a re-load as much as a first load (and grew the file).
    # The batch's rows go straight into `posts` (no copy of their texts aside): only the ids
    # to keep out are set apart.
    script(
        con,
        """
        create or replace temp table older_posts as
        select o.post_id from in_posts n join posts o on o.post_id = cast(n.post_id as text)
        where greatest(o.created_at, o.edited_at, o.deleted_at)
              > greatest(cast(n.created_at as timestamptz), cast(n.edited_at as timestamptz),
                         cast(n.deleted_at as timestamptz));
        create or replace temp view incoming_posts as
        select cast(n.post_id as text) as post_id, cast(n.thread_id as text) as thread_id,
               a.person_id as author_id,
               cast(n.created_at as timestamptz) as created_at,
               cast(n.parent_post_id as text) as parent_post_id,
               coalesce(f.text, cast(n.body_text as text)) as body_text,
               cast(n.edited_at as timestamptz) as edited_at,
               cast(n.deleted_at as timestamptz) as deleted_at
        from in_posts n
        left join src_people a on a.source_user_id = cast(n.author_id as text)
        left join named_texts f on f.kind = 'post' and f.key = cast(n.post_id as text);
        create or replace temp table same_posts as
        select i.post_id from incoming_posts i join posts o using (post_id)
        where o.source = $source
          and (i.thread_id, i.author_id, i.created_at, i.parent_post_id, i.body_text, i.edited_at,
               i.deleted_at)
              is not distinct from (o.thread_id, o.author_id, o.created_at, o.parent_post_id,
                                    o.body_text, o.edited_at, o.deleted_at);
        create or replace temp view new_posts as
        select cast(post_id as text) as post_id from in_posts
        where cast(post_id as text) not in (select post_id from older_posts);
        create or replace temp view rewritten_posts as
        select post_id from new_posts where post_id not in (select post_id from same_posts);
        delete from posts where post_id in (select post_id from rewritten_posts);
        -- the rewritten posts, as two anti-joins on the few ids set apart rather than a semi-join
        -- on the million others
        insert into posts by name
        select *, $source as source from incoming_posts
        where post_id is not null
          and post_id not in (select post_id from older_posts)
          and post_id not in (select post_id from same_posts);
        """,
        {"source": batch.source},
    )


def _name_mentions(con) -> None:
    """named_texts: the batch's post texts and thread titles with their @<<source_user_id>>
    markers replaced by the person's display name (`unknown` for an id no account has).

    Set-based, for exports with a hundred thousand mentions: each marked text is split around
    its markers, the ids are named in one join, and the pieces are joined back.
    """
    con.execute(
        """
        create or replace temp table named_texts as
        with marked as (
            select 'post' as kind, cast(post_id as text) as key, cast(body_text as text) as text
            from in_posts where body_text like '%@<<%>>%'
            union all
            select 'title', cast(thread_id as text), cast(title as text)
            from in_threads where title like '%@<<%>>%'
        ),
        split as (
            select kind, key, regexp_split_to_array(text, '@<<.+?>>') as pieces,
                   regexp_extract_all(text, '@<<(.+?)>>', 1) as uids
            from marked
        ),
        each_mention as (
            select kind, key, unnest(uids) as uid, unnest(range(1, len(uids) + 1)) as i
            from split
        ),
        named as (
            select e.kind, e.key, list(coalesce(p.display_name, 'unknown') order by e.i) as names
            from each_mention e
            left join src_people a on a.source_user_id = e.uid
            left join people p on p.person_id = a.person_id
            group by e.kind, e.key
        )
        select s.kind, s.key,
               s.pieces[1] || array_to_string(
                   list_transform(n.names, lambda name, i: '@' || name || s.pieces[i + 1]), ''
               ) as text
        from split s join named n using (kind, key)
        """
    )


def _merge_post_children(con) -> None:
    """Mentions and reactions of the merged posts are replaced as a whole with the posts."""
    script(
        con,
        """
        delete from mentions where post_id in (select post_id from new_posts);
        insert into mentions
        select distinct cast(m.post_id as text), a.person_id
        from in_mentions m
        join src_people a on a.source_user_id = cast(m.person_id as text)
        where cast(m.post_id as text) in (select post_id from new_posts);
        delete from reactions where post_id in (select post_id from new_posts);
        insert into reactions
        select cast(r.post_id as text), a.person_id, cast(r.kind as text),
               cast(r.created_at as timestamptz)
        from in_reactions r
        left join src_people a on a.source_user_id = cast(r.person_id as text)
        where cast(r.post_id as text) in (select post_id from new_posts);
        """,
    )


def _merge_training(con) -> None:
    script(
        con,
        """
        create or replace temp table new_courses as
        select cast(course_id as text) as course_id, cast(title as text) as title,
               cast(language as text) as language, cast(material_text as text) as material_text,
               cast(key_terms as text) as key_terms
        from in_courses;
        delete from courses where course_id in (select course_id from new_courses);
        insert into courses by name select * from new_courses;
        """
    )
    script(
        con,
        """
        create or replace temp table new_attendance as
        select distinct cast(t.course_id as text) as course_id,
               a.person_id,
               cast(t.attended_on as date) as attended_on,
               coalesce(cast(t.completed as boolean), true) as completed
        from in_attendance t
        join src_people a on a.source_user_id = cast(t.person_id as text);
        delete from attendance a using new_attendance n
        where a.course_id = n.course_id and a.person_id = n.person_id
          and a.attended_on = n.attended_on;
        insert into attendance by name select * from new_attendance;
        """,
    )
