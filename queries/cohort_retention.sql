-- metric: Cohort retention
-- definition: a cohort is the people whose first post ever (post or reply) falls in month m (UTC); the
--   retention of cohort m after k months is the share of its members who posted again in month m + k
--   (k = 0 is the cohort month itself, always 100%). Only people whose first post falls in the period are
--   in a cohort (someone who first posted before $start belongs to no cohort shown); posts on or after
--   $end are not counted, and the triangle stops at the last month before $end (or of the data).
--   Deleted posts and bots are ignored. Filters: $department and $site select people by their own
--   department and site; $space counts only posts in that space (a cohort is then the people whose first
--   post in that space falls in month m).
-- grain: one row per cohort month and months after
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: day after the last day counted (exclusive); null = up to the latest data
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $space text = null: only posts in this space (space_id); null = all
-- group_size: cohort_size
-- group_keys: cohort_month, months_after
with scoped_people as (
    select person_id
    from people_in_scope($department, $site)
),

-- each person's first post ever (in that space with $space)
firsts as (
    select person_id, first_at
    from first_post_times($space)
),

cohorts as (
    select person_id, date_trunc('month', first_at)::date as cohort_month
    from firsts
    where person_id in (select person_id from scoped_people)
      and ($start is null or first_at >= $start)
      and ($end is null or first_at < $end)
),

-- a cohort member posts on or after $start only, so the period's activity holds all their months
-- the period's activity per person and month (etl/macros.sql: whole months from person_months, the
-- days at the period's edges from person_days; with $space, that space's days)
activity as (
    select person_id, month, posts, replies, reactions, last_post_at
    from period_activity($start, $end, $space)
),

post_months as (
    select distinct person_id, month
    from activity
    where posts > 0
      and person_id in (select person_id from scoped_people)
),

cohort_sizes as (
    select cohort_month, count(*) as cohort_size
    from cohorts
    group by cohort_month
),

last_month as (
    select coalesce(date_trunc('month', $end::date - 1)::date, max(month)) as month
    from post_months
),

grid as (
    select s.cohort_month, s.cohort_size, k.months_after
    from cohort_sizes s
    cross join last_month l
    cross join lateral (
        select unnest(range(0, date_diff('month', s.cohort_month, l.month) + 1)) as months_after
    ) k
),

returns as (
    select c.cohort_month, date_diff('month', c.cohort_month, m.month) as months_after,
           count(*) as retained
    from cohorts c
    join post_months m using (person_id)
    group by c.cohort_month, months_after
)

select g.cohort_month, g.months_after, g.cohort_size,
       coalesce(r.retained, 0) as retained,
       coalesce(r.retained, 0) / g.cohort_size as retention_rate
from grid g
left join returns r using (cohort_month, months_after)
order by g.cohort_month, g.months_after
