-- Macros the metrics of queries/ share, stored in the database: each load runs this file after the
-- derived tables are built (etl/load.py; DuckDB checks the tables a macro reads when it is created),
-- so a database loaded by an older version gets them on its next load, and a read-only connection
-- (the dashboard's, `crowdlens query`'s) can call them.
--
-- A metric calls a macro with its own $params as arguments, so values still reach SQL only as
-- parameters. DuckDB expands a macro in place, so a call costs what the text it stands for costs.
-- A macro parameter takes the place of any column of the same name in the macro's body, so no
-- parameter is named after a column: from_day, to_day (the period: first day counted, first day not
-- counted; null = open), of_department, of_site (people of that department and site; null = all),
-- in_space (a space_id; null = all spaces), and the few others each macro states.


-- in_period(value, from_day, to_day): value lies in the period (each open end = no bound).
create or replace macro in_period(value, from_day, to_day) as
    (from_day is null or value >= from_day) and (to_day is null or value < to_day);


-- at_in_period(instant, from_day, to_day): the instant (a timestamptz) lies in the period of UTC
-- days (each open end = no bound). The two bounds become instants, rather than every row a UTC
-- day: a million interactions are compared as they are stored.
create or replace macro at_in_period(instant, from_day, to_day) as
    (from_day is null or instant >= timezone('UTC', cast(from_day as timestamp)))
    and (to_day is null or instant < timezone('UTC', cast(to_day as timestamp)));


-- whole_month_in_period(month_start, from_day, to_day): the month starting that day lies wholly in the
-- period.
create or replace macro whole_month_in_period(month_start, from_day, to_day) as
    (from_day is null or month_start >= from_day)
    and (to_day is null or month_start + interval 1 month <= to_day);


-- edge_day_of_period(value, from_day, to_day): the day lies in the period but in a month the period
-- does not hold whole (its first or its last month). Whole months plus edge days read a period
-- exactly, since every filter is a date.
create or replace macro edge_day_of_period(value, from_day, to_day) as
    in_period(value, from_day, to_day)
    and (value < date_trunc('month', cast(from_day as date) - 1) + interval 1 month
         or value >= date_trunc('month', cast(to_day as date)));


-- people_in_scope(of_department, of_site): the people who are no bot, of that department and site:
-- whom a metric's $department and $site select.
create or replace macro people_in_scope(of_department, of_site) as table
    select person_id, department, site, job_level, in_directory
    from people
    where not is_bot
      and (of_department is null or department = of_department)
      and (of_site is null or site = of_site);


-- period_activity(from_day, to_day, in_space): what each person did in the period, per calendar
-- month (UTC): posts (replies included), replies, reactions given (as the interactions table counts
-- them) and the time of the last post. Whole months are read from person_months and the days at the
-- period's two edges from person_days (several rows for one person and month then); with in_space,
-- that space's days (activity_days). Bots are not in these tables.
create or replace macro period_activity(from_day, to_day, in_space) as table
    select person_id, month, posts, replies, reactions, last_post_at
    from person_months
    where in_space is null
      and whole_month_in_period(month, from_day, to_day)
    union all
    select person_id, date_trunc('month', day)::date, posts, replies, reactions, last_post_at
    from person_days
    where in_space is null
      and edge_day_of_period(day, from_day, to_day)
    union all
    select person_id, date_trunc('month', day)::date, posts, replies, reactions, last_post_at
    from activity_days
    where space_id = in_space
      and in_period(day, from_day, to_day);


-- first_post_times(in_space): each person's first live post ever (first_at), or their first in that
-- space with in_space; people who never posted (there) have no row.
create or replace macro first_post_times(in_space) as table
    select person_id, first_post_at as first_at
    from person_firsts
    where in_space is null
    union all
    select person_id, min(first_post_at)
    from activity_days
    where space_id = in_space and posts > 0
    group by person_id;


-- reference_time(to_day, in_space): one row, `at`: to_day, or when it is null the latest post in the
-- database (in that space with in_space; deleted posts and bots' included): the time ages and
-- recency are measured at.
create or replace macro reference_time(to_day, in_space) as table
    select coalesce(to_day::timestamp, max(last_at)) as at
    from post_spans
    where in_space is null or space_id = in_space;


-- period_questions(from_day, to_day, of_department, of_site, in_space): the questions
-- (question_threads, etl/activity.py: threads the source marks as questions or whose opening post
-- asks one, asked by a person who is no bot) asked in the period, by people of that department and
-- site, in that space; every column of question_threads, plus responded_at = the first response
-- when it came before to_day (a response on or after to_day is none).
create or replace macro period_questions(from_day, to_day, of_department, of_site, in_space) as table
    select *,
           case when to_day is null or first_response_at < to_day then first_response_at end as responded_at
    from question_threads
    where (of_department is null or asker_department = of_department)
      and (of_site is null or asker_site = of_site)
      and (in_space is null or space_id = in_space)
      and in_period(asked_at, from_day, to_day);


-- period_interactions(from_day, to_day, of_department, of_site, in_space): the rows of interactions
-- (every kind) in the period (UTC days), with someone of that department and of that site at either
-- end, in that space.
create or replace macro period_interactions(from_day, to_day, of_department, of_site, in_space) as table
    select *
    from interactions
    where at_in_period("at", from_day, to_day)
      and (of_department is null or of_department in (actor_department, target_department))
      and (of_site is null or of_site in (actor_site, target_site))
      and (in_space is null or space_id = in_space);


-- tie_interactions(from_day, to_day, of_department, of_site, in_space): the replies and mentions of
-- period_interactions, the acts that make a tie between two people, with both ends' departments,
-- "(unknown)" when the directory does not say.
create or replace macro tie_interactions(from_day, to_day, of_department, of_site, in_space) as table
    select actor_id, target_id,
           coalesce(actor_department, '(unknown)') as actor_department,
           coalesce(target_department, '(unknown)') as target_department
    from period_interactions(from_day, to_day, of_department, of_site, in_space)
    where kind in ('reply', 'mention');


-- interaction_matrix(unit, from_day, to_day, of_department, of_site, in_space, with_reactions):
-- interactions from people of one department (unit 'department') or site (unit 'site') to people of
-- another in the period: replies and mentions, plus reactions when with_reactions. One row per
-- (from_unit, to_unit) with interactions, row_share = the cell's share of its row, people = the fewer
-- of its distinct senders and receivers; an unknown department or site is "(unknown)".
create or replace macro interaction_matrix(unit, from_day, to_day, of_department, of_site, in_space,
                                           with_reactions) as table
    with acts as (
        select actor_id, target_id,
               coalesce(case unit when 'site' then actor_site else actor_department end,
                        '(unknown)') as from_unit,
               coalesce(case unit when 'site' then target_site else target_department end,
                        '(unknown)') as to_unit
        from period_interactions(from_day, to_day, of_department, of_site, in_space)
        where kind in ('reply', 'mention') or (coalesce(with_reactions, false) and kind = 'reaction')
    ),

    cells as (
        select from_unit, to_unit, count(*) as interactions,
               least(count(distinct actor_id), count(distinct target_id)) as people
        from acts
        group by from_unit, to_unit
    )

    select from_unit, to_unit, interactions,
           interactions / sum(interactions) over (partition by from_unit) as row_share,
           people
    from cells;


-- course_attendees(): per course and person who is no bot, the first session attended (attended_on);
-- each attendee counts from it.
create or replace macro course_attendees() as table
    select a.course_id, a.person_id, min(a.attended_on) as attended_on
    from attendance a
    join people p on p.person_id = a.person_id
    where not p.is_bot and a.attended_on is not null
    group by a.course_id, a.person_id;


-- course_cohort(from_day, to_day, of_department, of_site): the course_attendees whose first session
-- lies in the period, of that department and site, with their department and display name, and
-- attendees = how many such attendees the course has.
create or replace macro course_cohort(from_day, to_day, of_department, of_site) as table
    select t.course_id, t.person_id, t.attended_on, p.department, p.display_name,
           count(*) over (partition by t.course_id) as attendees
    from course_attendees() t
    join people p on p.person_id = t.person_id
    where in_period(t.attended_on, from_day, to_day)
      and (of_department is null or p.department = of_department)
      and (of_site is null or p.site = of_site);


-- course_reuse_posts(least_score, in_space): the live posts that reuse a course (reuse_matches,
-- etl/reuse.py) with a score of at least least_score (null = every match), in that space, with the
-- match's evidence, the post's author and UTC day, is_help = a reply in a thread someone else
-- started, and starter_id = the thread's starter.
create or replace macro course_reuse_posts(least_score, in_space) as table
    select m.course_id, m.post_id, m.score, m.matched_terms, m.post_terms, m.excerpt,
           p.author_id, p.created_at, cast(timezone('UTC', p.created_at) as date) as day,
           coalesce(p.parent_post_id is not null and th.author_id <> p.author_id, false) as is_help,
           th.author_id as starter_id
    from reuse_matches m
    join posts p on p.post_id = m.post_id
    left join threads th on th.thread_id = p.thread_id
    where p.deleted_at is null
      and m.score >= coalesce(least_score, 0)
      and (in_space is null or th.space_id = in_space);


-- engaged_posts(from_day, to_day, of_department, of_site, in_space): the people of that department
-- and site engaged in the period (posted, or reacted, as period_activity counts it), with their posts
-- (replies included; 0 for those who only reacted).
create or replace macro engaged_posts(from_day, to_day, of_department, of_site, in_space) as table
    with activity as (
        select person_id, posts, reactions
        from period_activity(from_day, to_day, in_space)
        where person_id in (select person_id from people_in_scope(of_department, of_site))
    ),

    posted as (
        select person_id, sum(posts)::bigint as posts
        from activity
        where posts > 0
        group by person_id
    ),

    reacted as (
        select distinct person_id
        from activity
        where reactions > 0
    )

    select person_id, coalesce(p.posts, 0) as posts
    from posted p
    full join reacted r using (person_id);


-- snapshot_people(on_day, of_department, of_site): the rows of network_snapshots at the latest
-- month-end on or before on_day (null = the latest snapshot), of the people of that department and
-- site, with their display_name, department and job_level.
create or replace macro snapshot_people(on_day, of_department, of_site) as table
    with chosen as (
        select max(month_end) as month_end
        from network_snapshots
        where on_day is null or month_end <= on_day
    )

    select s.*, p.display_name, p.department, p.job_level
    from network_snapshots s
    join chosen c using (month_end)
    join people p using (person_id)
    where (of_department is null or p.department = of_department)
      and (of_site is null or p.site = of_site);


-- ei_snapshot(on_day, unit, of_group): the rows of network_ei (E-I index per department or site) for
-- unit ('department' or 'site') at the latest month-end on or before on_day (null = the latest
-- snapshot), one per group (group_value, not the whole network), or only of_group's (null = all).
create or replace macro ei_snapshot(on_day, unit, of_group) as table
    with chosen as (
        select max(month_end) as month_end
        from network_ei
        where on_day is null or month_end <= on_day
    )

    select e.*
    from network_ei e
    join chosen c using (month_end)
    where e.grouping = unit and e.group_value is not null
      and (of_group is null or e.group_value = of_group);
