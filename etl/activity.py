"""Activity aggregates rebuilt after every load, so that the Adoption page never scans raw posts.

DESIGN.md asks every page to answer within 0.5 s on a million posts. A page's metrics therefore read
these small tables instead of `posts`:

- `activity_days`, `person_days`, `person_months`: what each (non-bot) person did per UTC day or month
  (and per space in `activity_days`): live posts, replies, reactions given. Every metric filter is a
  date, so a period is read exactly as its whole months plus the days at its two edges.
  `person_days` is a view summing activity_days' spaces: its only readers take a few edge days, a
  narrow range of activity_days (sorted by day), so storing it cost every load 0.27 CPU-s for nothing.
- `person_firsts`: each person's first and last live post, the space of the first and when they
  first posted in a second space (new contributors, cohorts, the snowball).
- `space_people`, `space_engagement`: per space and person, and per space, department and site, over
  all time; a person belongs to one department and site, so distinct people add up across the rows
  of `space_engagement`. A period is then read as all time minus the activity outside it.
- `reply_levels_by_month`, `reply_levels_by_day`: replies per replier and job level replied to.
- `question_threads`, `question_helper_posts`: every question with its first response and helpers.
- `post_spans`: per space, the first and last post (dated references, the data page's coverage).

Times are kept as UTC wall-clock timestamps (make_timestamp(epoch_us(...))), as the metrics compare
them with their date parameters.
"""

from __future__ import annotations

import duckdb

# person_days is a view (the module docstring says why); counted and listed as the tables are
ACTIVITY_TABLES = [
    "activity_days", "person_days", "person_months", "person_firsts", "space_people", "space_engagement",
    "reply_levels_by_day", "reply_levels_by_month", "question_threads", "question_helper_posts",
    "post_spans",
]


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every activity table from posts, threads, reactions, people and interactions."""
    # a database loaded before person_days became a view holds it as a table
    kind = con.execute("select table_type from information_schema.tables where table_name = 'person_days'"
                       " and table_schema = 'main'").fetchall()
    if kind and kind[0][0] == "BASE TABLE":
        con.execute("drop table person_days")
    for statement in ACTIVITY_SQL + QUESTION_SQL:
        con.execute(statement)
    # a database loaded before the Overview read question_threads still holds its own copy
    con.execute("drop table if exists overview_questions")


ACTIVITY_SQL = [
    # reactions follows the interactions table (no reaction to one's own post or to a bot's), as every
    # metric that counts engaged people does
    """
    create or replace table activity_days as
    with humans as (
        select person_id from people where not is_bot
    ),
    posted as (
        select t.space_id, p.author_id as person_id, make_timestamp(epoch_us(p.created_at)) as ts,
               1 as posts, (p.parent_post_id is not null)::integer as replies, 0 as reactions
        from posts p
        left join threads t using (thread_id)
        where p.deleted_at is null
          and p.author_id in (select person_id from humans)
    ),
    reacted as (
        select space_id, actor_id, make_timestamp(epoch_us("at")), 0, 0, 1
        from interactions
        where kind = 'reaction'
    ),
    acts as (
        select * from posted
        union all select * from reacted
    )
    select space_id, person_id, ts::date as day,
           sum(posts)::integer as posts, sum(replies)::integer as replies,
           sum(reactions)::integer as reactions,
           min(ts) filter (where posts = 1) as first_post_at,
           max(ts) filter (where posts = 1) as last_post_at
    from acts
    group by space_id, person_id, day
    order by day
    """,
    # sorted by day (activity_days): a period's edge days are a narrow range of it
    """
    create or replace view person_days as
    select person_id, day, sum(posts)::integer as posts, sum(replies)::integer as replies,
           sum(reactions)::integer as reactions,
           min(first_post_at) as first_post_at, max(last_post_at) as last_post_at
    from activity_days
    group by person_id, day
    """,
    """
    create or replace table person_months as
    select person_id, date_trunc('month', day)::date as month, sum(posts)::integer as posts,
           sum(replies)::integer as replies, sum(reactions)::integer as reactions,
           min(first_post_at) as first_post_at, max(last_post_at) as last_post_at
    from activity_days
    group by person_id, month
    order by month
    """,
    # among equal first times, the first space by id: whatever the order of the rows
    """
    create or replace table person_firsts as
    with space_firsts as (
        select person_id, space_id, min(first_post_at) as first_at, max(last_post_at) as last_at
        from activity_days
        where posts > 0
        group by person_id, space_id
    ),
    firsts as (
        select person_id, min(first_at) as first_post_at, arg_min(space_id, (first_at, space_id)) as first_space,
               max(last_at) as last_post_at
        from space_firsts
        group by person_id
    ),
    second_spaces as (
        select f.person_id, min(s.first_at) as second_space_at
        from firsts f
        join space_firsts s
          on s.person_id = f.person_id
         and s.space_id is distinct from f.first_space
         and s.space_id is not null
        group by f.person_id
    )
    select f.person_id, f.first_post_at, f.first_space, s.second_space_at, f.last_post_at
    from firsts f
    left join second_spaces s using (person_id)
    order by f.person_id
    """,
    # engaged = posted or reacted to someone else (what the Adoption metrics count)
    """
    create or replace table space_people as
    select space_id, person_id, count(*) as active_days, count(*) filter (where posts > 0) as post_days,
           sum(posts)::bigint as posts
    from activity_days
    where posts > 0 or reactions > 0
    group by space_id, person_id
    order by space_id
    """,
    """
    create or replace table space_engagement as
    select s.space_id, p.department, p.site, sum(s.posts)::bigint as posts,
           count(*) filter (where s.posts > 0) as posters, count(*) as engaged_people
    from space_people s
    join people p using (person_id)
    group by s.space_id, p.department, p.site
    order by s.space_id
    """,
    """
    create or replace table reply_levels_by_day as
    select r.actor_id, coalesce(t.job_level, '(unknown)') as to_level,
           make_timestamp(epoch_us(r."at"))::date as day, count(*)::integer as replies
    from interactions r
    join people t on t.person_id = r.target_id
    where r.kind = 'reply'
    group by r.actor_id, to_level, day
    order by day
    """,
    """
    create or replace table reply_levels_by_month as
    select actor_id, to_level, date_trunc('month', day)::date as month, sum(replies)::integer as replies
    from reply_levels_by_day
    group by actor_id, to_level, month
    order by month
    """,
    """
    create or replace table post_spans as
    select t.space_id, count(*) as posts,
           make_timestamp(min(epoch_us(p.created_at))) as first_at,
           make_timestamp(max(epoch_us(p.created_at))) as last_at,
           count(*) filter (where p.deleted_at is null) as live_posts,
           make_timestamp(min(epoch_us(p.created_at)) filter (where p.deleted_at is null)) as first_live_at,
           make_timestamp(max(epoch_us(p.created_at)) filter (where p.deleted_at is null)) as last_live_at
    from posts p
    left join threads t using (thread_id)
    group by t.space_id
    order by t.space_id
    """,
]

QUESTION_SQL = [
    # A question is a thread the source marks as one, or whose opening (earliest) post asks one;
    # a deleted opening post, or a bot's, makes no question. Deleted posts stay in `openings` only
    # to tell that.
    # created whole at every load (a database built by an earlier crowdlens gets these columns
    # too); title and opening_text are stored uncompressed: compressing 120,000 such texts
    # (DICT_FSST) was a third of writing the table (benchmarks/README.md), for ~20 MB on disk
    """
    create or replace table question_threads (
        thread_id text,          -- key
        space_id text,
        title text using compression uncompressed,
        opening_text text using compression uncompressed,  -- the opening post's first 120 characters
        asker_id text,
        asker_department text,
        asker_site text,
        asked_at timestamp,
        asked_day date,
        asked_order bigint,      -- 1 = the newest question (ties by thread_id): lists sort by it
        first_response_at timestamp,  -- first live post by another person, not a bot
        last_response_at timestamp,
        helpers bigint,          -- distinct people (not the asker, not bots) who posted in the thread
        replies bigint,          -- their posts
        departments bigint,      -- distinct departments among them
        helper_departments text,
        is_codevelopment boolean -- >= 3 helpers from >= 2 departments
    )
    """,
    """
    insert into question_threads by name
    with humans as (
        select person_id, department, site from people where not is_bot
    ),
    openings as (
        select thread_id, min(created_at) as opened_at, arg_min(author_id, created_at) as asker_id,
               arg_min(deleted_at is null, created_at) as live,
               arg_min(contains(body_text, '?'), created_at) as asks,
               arg_min(left(body_text, 120), created_at) as opening_text
        from posts
        group by thread_id
    ),
    questions as (
        select o.thread_id, t.space_id, t.title, o.opening_text, o.asker_id,
               h.department as asker_department, h.site as asker_site,
               make_timestamp(epoch_us(o.opened_at)) as asked_at
        from openings o
        join humans h on h.person_id = o.asker_id
        left join threads t using (thread_id)
        where o.live
          and (coalesce(t.is_question, false) or o.asks)
    ),
    answers as (
        select q.thread_id, p.author_id, count(*) as replies,
               make_timestamp(min(epoch_us(p.created_at))) as first_at,
               make_timestamp(max(epoch_us(p.created_at))) as last_at
        from posts p
        join questions q on q.thread_id = p.thread_id and p.author_id <> q.asker_id
        where p.deleted_at is null
        group by q.thread_id, p.author_id
    ),
    helped as (
        select a.thread_id, count(*) as helpers, sum(a.replies)::bigint as replies,
               min(a.first_at) as first_response_at, max(a.last_at) as last_response_at
        from answers a
        join humans h on h.person_id = a.author_id
        group by a.thread_id
    ),
    -- distinct departments first: distinct aggregates per thread are several times slower
    helper_departments as (
        select thread_id, count(*) as departments,
               string_agg(department, ', ' order by department) as helper_departments
        from (select distinct a.thread_id, h.department
              from answers a join humans h on h.person_id = a.author_id
              where h.department is not null)
        group by thread_id
    )
    select q.thread_id, q.space_id, q.title, q.opening_text, q.asker_id, q.asker_department,
           q.asker_site, q.asked_at, q.asked_at::date as asked_day,
           row_number() over (order by q.asked_at desc, q.thread_id) as asked_order,
           h.first_response_at, h.last_response_at,
           coalesce(h.helpers, 0) as helpers, coalesce(h.replies, 0) as replies,
           coalesce(d.departments, 0) as departments, d.helper_departments,
           coalesce(h.helpers >= 3 and d.departments >= 2, false) as is_codevelopment
    from questions q
    left join helped h using (thread_id)
    left join helper_departments d using (thread_id)
    order by q.asked_at, q.thread_id
    """,
    # Helpers' posts of co-development threads only: a period ending before a thread's last answer
    # recounts its helpers from these (a thread that is no co-development overall is none earlier).
    """
    create or replace table question_helper_posts as
    select q.thread_id, p.author_id as helper_id, h.department as helper_department,
           make_timestamp(epoch_us(p.created_at)) as created_at
    from question_threads q
    join posts p on p.thread_id = q.thread_id and p.author_id <> q.asker_id
    join people h on h.person_id = p.author_id and not h.is_bot
    where q.is_codevelopment
      and p.deleted_at is null
    order by q.thread_id
    """,
]
