-- metric: Contributor status
-- definition: people who posted (post or reply) in the period, by the time since their last post as of
--   the reference date ($end, or the latest post in the database when $end is null): active = last post
--   within the last $active_months months, drifting = between $active_months and $away_months months
--   ago, away = more than $away_months months ago. Deleted posts and bots are ignored. Filters: $department
--   and $site select people by their own department and site; $space counts only posts in that space.
-- grain: one row per status (active, drifting, away)
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: day after the last day counted (exclusive), the date status is taken at; null = the latest post
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $space text = null: only posts in this space (space_id); null = all
--   $active_months int = 3: a last post within this many months makes a person active
--   $away_months int = 6: a last post more than this many months ago makes a person away
-- group_size: people
-- group_keys: status
with scoped_people as (
    select person_id
    from people_in_scope($department, $site)
),

-- $end, or the latest post in the database
reference as (
    select "at"
    from reference_time($end, null)
),

-- the period's activity per person and month (etl/macros.sql: whole months from person_months, the
-- days at the period's edges from person_days; with $space, that space's days)
activity as (
    select person_id, month, posts, replies, reactions, last_post_at
    from period_activity($start, $end, $space)
),

last_posts as (
    select person_id, max(last_post_at) as last_at
    from activity
    where posts > 0
      and person_id in (select person_id from scoped_people)
    group by person_id
),

statuses as (
    select case
               when l.last_at >= r.at - to_months($active_months) then 'active'
               when l.last_at >= r.at - to_months($away_months) then 'drifting'
               else 'away'
           end as status
    from last_posts l
    cross join reference r
),

labels as (
    select * from (values (1, 'active'), (2, 'drifting'), (3, 'away')) as t(rank, status)
)

select l.status, count(s.status) as people,
       count(s.status) / nullif(sum(count(s.status)) over (), 0) as share
from labels l
left join statuses s using (status)
group by l.rank, l.status
order by l.rank
