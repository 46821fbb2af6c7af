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
with -- the people of $department and $site engaged in the period, with their posts (etl/macros.sql)
engaged as (
    select person_id, posts
    from engaged_posts($start, $end, $department, $site, $space)
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
