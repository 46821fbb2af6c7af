-- metric: Activity per month
-- definition: per calendar month (UTC): engaged people (wrote a post or reply, or reacted), how
-- many of them posted, how many only reacted, and the posts written; deleted posts and bots
-- excluded. Department and site select the people; space, where they acted.
-- grain: one row per month with any activity
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: first day not counted (exclusive); null = up to the end
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $space text = null: only activity in this space (space_id); null = all
-- group_size: engaged_people
-- group_keys: month
with scope_people as (
    select person_id from people
    where not is_bot
      and (cast($department as text) is null or department = $department)
      and (cast($site as text) is null or site = $site)
),

-- The period's bounds as UTC instants, so that rows are compared as they are.
bounds as (
    select timezone('UTC', cast(cast($start as date) as timestamp)) as from_at,
           timezone('UTC', cast(cast($end as date) as timestamp)) as to_at
),

space_threads as (
    select thread_id from threads where space_id = $space
),

live_posts as not materialized (
    select post_id, author_id, created_at
    from posts
    where deleted_at is null
      and (cast($space as text) is null or thread_id in (select thread_id from space_threads))
),

acts as (
    select l.author_id as person_id, l.created_at as "at", 1 as is_post
    from live_posts l join scope_people s on s.person_id = l.author_id
    union all
    select r.person_id, coalesce(r.created_at, l.created_at), 0
    from reactions r
    join live_posts l on l.post_id = r.post_id
    join scope_people s on s.person_id = r.person_id
),

-- Grouped by UTC day number (whole days since 1970, by integer division of microseconds)
-- before any date conversion: a million time-zone conversions would cost more than the rest.
per_day as (
    select a.person_id, epoch_us(a."at") // 86400000000 as day_number, sum(a.is_post) as posts
    from acts a, bounds b
    where (b.from_at is null or a."at" >= b.from_at)
      and (b.to_at is null or a."at" < b.to_at)
    group by a.person_id, day_number
),

per_person as (
    select cast(date_trunc('month', date '1970-01-01' + cast(day_number as integer)) as date) as month, person_id,
           sum(posts) as posts
    from per_day
    group by month, person_id
)

select month,
       count(*) as engaged_people,
       count(*) filter (where posts > 0) as posters,
       count(*) filter (where posts = 0) as reactors_only,
       sum(posts) as posts
from per_person
group by month
order by month
