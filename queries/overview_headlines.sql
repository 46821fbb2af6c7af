-- metric: Overview headlines
-- definition: for the selected period and for the previous period of equal length just before it:
-- engaged people (wrote a post or reply, or reacted to someone else's post; reactions as in the
-- interactions table, so none to one's own post or to a bot's; bots excluded), posts (deleted ones
-- excluded), new contributors (people whose first post ever, within the selected spaces, falls in
-- the period), questions asked (as the Question response metric counts them: threads flagged as
-- questions by their source, or whose opening post, the earliest, contains "?"; asked by that post's
-- author at its time; a deleted opening post or a bot's makes no question), the share of those
-- questions answered by the period's end (a first post in the thread by someone other than the
-- asker, not a bot, not deleted, before the period's end), and the share of replies and mentions
-- that cross a department boundary (people of unknown department left out). Department and site
-- select people: the author or reactor, the asker for questions, and for interactions either end.
-- Space selects where it happened. Without dates, the period is the data's coverage. Every figure
-- of a period is suppressed when fewer than min_group_size people were engaged in it.
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
    select min(first_live_at) as first_at, max(last_live_at) as last_at from post_spans
),

bounds as (
    select coalesce(cast($start as date), cast(first_at as date)) as start_day,
           coalesce(cast($end as date), cast(last_at as date) + 1) as end_day
    from coverage
),

periods as (
    select 'current' as period, start_day as period_start, end_day as period_end from bounds
    union all
    select 'previous', start_day - cast(end_day - start_day as integer), start_day from bounds
),

-- Each period is read from the activity tables (etl/activity.py) as its whole months (person_months)
-- and the days at its two edges (activity_days: one row per space, which the sums and distinct
-- counts below do not mind); with a space, from that space's days. Times there are UTC wall clock,
-- compared with the periods' days.
windows as (
    select period, period_start as from_day, period_end as to_day,
           cast(date_trunc('month', period_start - 1) + interval 1 month as date) as first_full,
           cast(date_trunc('month', period_end) as date) as after_full
    from periods
),

slices as (
    select period, 'month' as grain, first_full as from_day, after_full as to_day
    from windows where first_full < after_full
    union all
    select period, 'day', from_day, least(first_full, to_day) from windows
    union all
    select period, 'day', greatest(after_full, first_full), to_day from windows
),

scope_people as (
    select person_id from people_in_scope($department, $site)
),

-- reactions as the Adoption metrics count them: given to another person (the interactions table)
activity as (
    select s.period, m.person_id, m.posts, m.reactions
    from slices s
    join person_months m on m.month >= s.from_day and m.month < s.to_day
    where s.grain = 'month' and cast($space as text) is null
    union all
    select s.period, d.person_id, d.posts, d.reactions
    from slices s
    join activity_days d on d.day >= s.from_day and d.day < s.to_day
    where s.grain = 'day' and cast($space as text) is null
    union all
    select w.period, a.person_id, a.posts, a.reactions
    from windows w
    join activity_days a on a.day >= w.from_day and a.day < w.to_day
    where a.space_id = $space
),

scoped_activity as (
    select period, person_id, posts
    from activity
    where (posts > 0 or reactions > 0)
      and person_id in (select person_id from scope_people)
),

-- each person's first live post, within the selected space
first_posts as (
    select person_id, first_at from first_post_times($space)
),

-- questions as the Adoption metrics count them (question_threads, etl/activity.py); the asker's
-- department and site select them, as in question_response; each period's own dates, below
questions as (
    select thread_id, asked_at, first_response_at
    from period_questions(null, null, $department, $site, $space)
),

span as (
    select timezone('UTC', cast(min(from_day) as timestamp)) as from_at,
           timezone('UTC', cast(max(to_day) as timestamp)) as to_at
    from windows
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
    select w.period, count(distinct a.person_id) as engaged_people, coalesce(sum(a.posts), 0) as posts
    from windows w
    left join scoped_activity a using (period)
    group by w.period
),

newcomers as (
    select w.period, count(f.person_id) as new_contributors
    from windows w
    left join first_posts f
           on f.first_at >= w.from_day and f.first_at < w.to_day
          and f.person_id in (select person_id from scope_people)
    group by w.period
),

-- a response after a period's end does not answer that period's question (as question_response
-- with $end): the previous period is judged as it stood when it ended
question_counts as (
    select w.period, count(q.thread_id) as questions,
           count(*) filter (where q.first_response_at < w.to_day) as answered
    from windows w
    left join questions q on q.asked_at >= w.from_day and q.asked_at < w.to_day
    group by w.period
),

tie_shares as (
    select w.period, avg(case when t.crosses then 1.0 when not t.crosses then 0.0 end) as cross_share
    from windows w
    left join ties t
           on at_in_period(t."at", w.from_day, w.to_day)
    group by w.period
),

per_period as (
    select p.period, p.period_start, p.period_end, e.engaged_people, e.posts,
           n.new_contributors, q.questions,
           case when q.questions > 0 then q.answered / q.questions end as answered_share,
           t.cross_share
    from periods p
    join engaged e using (period)
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
