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
    from people
    where not is_bot
      and ($department is null or department = $department)
      and ($site is null or site = $site)
),

-- make_timestamp(epoch_us(...)) reads the UTC wall clock whatever the session time zone
post_months as (
    select author_id as person_id,
           date_trunc('month', make_timestamp(epoch_us(created_at)))::date as month,
           min(make_timestamp(epoch_us(created_at))) as first_at
    from posts
    where deleted_at is null
      and author_id in (select person_id from scoped_people)
      and ($space is null or thread_id in (select thread_id from threads where space_id = $space))
      and ($end is null or make_timestamp(epoch_us(created_at)) < $end)
    group by person_id, month
),

firsts as (
    select person_id, min(month) as cohort_month, min(first_at) as first_at
    from post_months
    group by person_id
),

cohorts as (
    select person_id, cohort_month
    from firsts
    where $start is null or first_at >= $start
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
