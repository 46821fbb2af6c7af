-- metric: Overview headlines
-- definition: for the selected period and for the previous period of equal length just before it:
-- engaged people (wrote a post or reply, or reacted; bots excluded), posts (deleted ones excluded),
-- new contributors (people whose first post ever, within the selected spaces, falls in the period),
-- questions asked (threads flagged as questions by their source, or whose first post contains "?"),
-- the share of those questions that got a reply from someone other than the asker (at any time),
-- and the share of replies and mentions that cross a department boundary (people of unknown
-- department left out). Department and site select people: the author or reactor, and for
-- interactions either end. Space selects where it happened. Without dates, the period is the
-- data's coverage. Every figure of a period is suppressed when fewer than min_group_size people
-- were engaged in it.
-- grain: one row per figure and period (current, then previous)
-- params:
--   $start date = null: first day counted (inclusive); null = the day of the first post
--   $end date = null: first day not counted (exclusive); null = the day after the last post
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $space text = null: only activity in this space (space_id); null = all
-- group_size: people
-- group_keys: figure, period, period_start, period_end
with coverage as (
    select min(created_at) as first_at, max(created_at) as last_at from posts where deleted_at is null
),

bounds as (
    select coalesce(cast($start as date), cast(timezone('UTC', first_at) as date)) as start_day,
           coalesce(cast($end as date), cast(timezone('UTC', last_at) as date) + 1) as end_day
    from coverage
),

periods as (
    select 'current' as period, start_day as period_start, end_day as period_end from bounds
    union all
    select 'previous', start_day - cast(end_day - start_day as integer), start_day from bounds
),

-- Each period's bounds as UTC instants: rows are compared with them as they are, since
-- converting a million timestamps to dates would cost most of the query's time.
windows as (
    select period, timezone('UTC', cast(period_start as timestamp)) as from_at,
           timezone('UTC', cast(period_end as timestamp)) as to_at
    from periods
),

span as (
    select min(from_at) as from_at, max(to_at) as to_at from windows
),

scope_people as (
    select person_id from people
    where not is_bot
      and (cast($department as text) is null or department = $department)
      and (cast($site as text) is null or site = $site)
),

space_threads as (
    select thread_id from threads where space_id = $space
),

live_posts as not materialized (
    select post_id, thread_id, author_id, parent_post_id, created_at
    from posts
    where deleted_at is null
      and (cast($space as text) is null or thread_id in (select thread_id from space_threads))
),

scoped_posts as not materialized (
    select l.* from live_posts l join scope_people s on s.person_id = l.author_id
),

activity as (
    select s.author_id as person_id, s.created_at as "at"
    from scoped_posts s, span
    where s.created_at >= span.from_at and s.created_at < span.to_at
    union all
    select r.person_id, coalesce(r.created_at, l.created_at)
    from reactions r
    join live_posts l on l.post_id = r.post_id
    join scope_people s on s.person_id = r.person_id
),

first_posts as (
    select author_id as person_id, min(created_at) as first_at from scoped_posts group by author_id
),

asking_first_posts as (
    select thread_id from posts
    where parent_post_id is null and deleted_at is null and body_text like '%?%'
),

questions as (
    select t.thread_id, t.author_id, t.created_at as "at"
    from threads t
    join scope_people s on s.person_id = t.author_id
    cross join span
    where t.created_at >= span.from_at and t.created_at < span.to_at
      and (cast($space as text) is null or t.space_id = $space)
      and (t.is_question or t.thread_id in (select thread_id from asking_first_posts))
),

answered as (
    select distinct q.thread_id
    from questions q
    join live_posts r on r.thread_id = q.thread_id and r.parent_post_id is not null
    join people rp on rp.person_id = r.author_id and not rp.is_bot
    where r.author_id <> q.author_id
),

ties as (
    select i."at", i.actor_department <> i.target_department as crosses
    from interactions i, span
    where i.kind in ('reply', 'mention')
      and i."at" >= span.from_at and i."at" < span.to_at
      and i.actor_department is not null and i.target_department is not null
      and (cast($space as text) is null or i.space_id = $space)
      and (cast($department as text) is null or $department in (i.actor_department, i.target_department))
      and (cast($site as text) is null or $site in (i.actor_site, i.target_site))
),

engaged as (
    select w.period, count(distinct a.person_id) as engaged_people
    from windows w
    left join activity a on a."at" >= w.from_at and a."at" < w.to_at
    group by w.period
),

post_counts as (
    select w.period, count(s.post_id) as posts
    from windows w
    left join scoped_posts s on s.created_at >= w.from_at and s.created_at < w.to_at
    group by w.period
),

newcomers as (
    select w.period, count(f.person_id) as new_contributors
    from windows w
    left join first_posts f on f.first_at >= w.from_at and f.first_at < w.to_at
    group by w.period
),

question_counts as (
    select w.period, count(q.thread_id) as questions, count(a.thread_id) as answered
    from windows w
    left join questions q on q."at" >= w.from_at and q."at" < w.to_at
    left join answered a on a.thread_id = q.thread_id
    group by w.period
),

tie_shares as (
    select w.period, avg(case when t.crosses then 1.0 else 0.0 end) as cross_share
    from windows w
    left join ties t on t."at" >= w.from_at and t."at" < w.to_at
    group by w.period
),

per_period as (
    select p.period, p.period_start, p.period_end, e.engaged_people, c.posts,
           n.new_contributors, q.questions,
           case when q.questions > 0 then q.answered / q.questions end as answered_share,
           t.cross_share
    from periods p
    join engaged e using (period)
    join post_counts c using (period)
    join newcomers n using (period)
    join question_counts q using (period)
    join tie_shares t using (period)
),

figures as (
    select 1 as position, 'engaged_people' as figure, period, period_start, period_end,
           cast(engaged_people as double) as value, engaged_people as people
    from per_period
    union all
    select 2, 'posts', period, period_start, period_end, posts, engaged_people from per_period
    union all
    select 3, 'new_contributors', period, period_start, period_end, new_contributors, engaged_people
    from per_period
    union all
    select 4, 'questions', period, period_start, period_end, questions, engaged_people from per_period
    union all
    select 5, 'answered_share', period, period_start, period_end, answered_share, engaged_people
    from per_period
    union all
    select 6, 'cross_department_share', period, period_start, period_end, cross_share, engaged_people
    from per_period
)

select figure, period, period_start, period_end, value, people
from figures
order by period, position
