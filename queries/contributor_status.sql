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
    from people
    where not is_bot
      and ($department is null or department = $department)
      and ($site is null or site = $site)
),

reference as (
    select coalesce($end::timestamp, make_timestamp(max(epoch_us(created_at)))) as at
    from posts
),

-- make_timestamp(epoch_us(...)) reads the UTC wall clock whatever the session time zone
last_posts as (
    select author_id as person_id, make_timestamp(max(epoch_us(created_at))) as last_at
    from posts
    where deleted_at is null
      and author_id in (select person_id from scoped_people)
      and ($space is null or thread_id in (select thread_id from threads where space_id = $space))
      and ($start is null or make_timestamp(epoch_us(created_at)) >= $start)
      and ($end is null or make_timestamp(epoch_us(created_at)) < $end)
    group by author_id
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
