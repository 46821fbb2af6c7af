-- metric: Lorenz curve of posts
-- definition: points of the Lorenz curve of posts (posts and replies) per engaged person in the period
--   (engaged = posted or reacted; people who only reacted count with 0 posts): people_share = the least
--   active fraction of engaged people, posts_share = the share of all posts they wrote. One point per
--   percent of people (0 to 100); between two people the curve is linear (a fraction of the next
--   person's posts), so the diagonal minus the curve has exactly half the Gini coefficient as area. Deleted posts and bots are
--   ignored; reactions come from the interactions table. Filters: $department and $site select people by
--   their own department and site; $space counts only posts and reactions in that space.
-- grain: one row per percent of engaged people (101 points)
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: day after the last day counted (exclusive); null = up to the latest data
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $space text = null: only posts and reactions in this space (space_id); null = all
-- group_size: engaged_people
-- group_keys: people_share
with scoped_people as (
    select person_id
    from people
    where not is_bot
      and ($department is null or department = $department)
      and ($site is null or site = $site)
),

-- whole months inside the period are read from person_months, the days at its two edges from
-- person_days: every filter is a date, so this is exact. With $space, that space's days.
activity as (
    select person_id, month, posts, replies, reactions, last_post_at
    from person_months
    where $space is null
      and ($start is null or month >= $start)
      and ($end is null or month + interval 1 month <= $end)
    union all
    select person_id, date_trunc('month', day)::date, posts, replies, reactions, last_post_at
    from person_days
    where $space is null
      and ($start is null or day >= $start)
      and ($end is null or day < $end)
      and (day < date_trunc('month', cast($start as date) - 1) + interval 1 month
           or day >= date_trunc('month', cast($end as date)))
    union all
    select person_id, date_trunc('month', day)::date, posts, replies, reactions, last_post_at
    from activity_days
    where space_id = $space
      and ($start is null or day >= $start)
      and ($end is null or day < $end)
),

posted as (
    select person_id, sum(posts)::bigint as posts
    from activity
    where posts > 0
      and person_id in (select person_id from scoped_people)
    group by person_id
),

reacted as (
    select distinct person_id
    from activity
    where reactions > 0
      and person_id in (select person_id from scoped_people)
),

engaged as (
    select person_id, coalesce(p.posts, 0) as posts
    from posted p
    full join reacted r using (person_id)
),

cumulative as (
    select posts,
           row_number() over (order by posts, person_id) as people_below,
           sum(posts) over (order by posts, person_id rows unbounded preceding) as posts_below
    from engaged
),

totals as (
    select count(*) as n, coalesce(sum(posts), 0) as total from engaged
),

percents as (
    select p as percent, p * t.n / 100 as position, floor(p * t.n / 100)::bigint as people_below,
           t.n, t.total
    from range(0, 101) r(p)
    cross join totals t
    where t.n > 0
)

select p.percent / 100 as people_share,
       (coalesce(below.posts_below, 0) + (p.position - p.people_below) * coalesce(next.posts, 0))
           / nullif(p.total, 0) as posts_share,
       p.people_below,
       p.n as engaged_people
from percents p
left join cumulative below on below.people_below = p.people_below
left join cumulative next on next.people_below = p.people_below + 1
order by p.percent
