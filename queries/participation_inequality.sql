-- metric: Participation inequality
-- definition: how concentrated posting is in the period. gini = Gini coefficient of posts (posts and
--   replies) per engaged person (engaged = posted or reacted, so people who only reacted count with 0
--   posts): 0 when everyone writes as much, (n-1)/n when one person writes everything. top1pct_share and
--   top10pct_share = share of posts written by the most active 1% and 10% of engaged people (rounded up
--   to whole people, so at least one). The 90-9-1 split is over the HR directory (in_directory, not bots):
--   never_posted = no post in the period, occasional = 1 to $heavy_posts - 1 posts, heavy = at least
--   $heavy_posts posts (default 10) in the period. elephant_factor = the fewest departments whose people
--   wrote half of the posts (posts by people with no department are left out of that count).
--   Deleted posts and bots are ignored; reactions come from the interactions table. Filters: $department
--   and $site select people by their own department and site; $space counts only posts and reactions in
--   that space.
-- grain: one row for the period
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: day after the last day counted (exclusive); null = up to the latest data
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $space text = null: only posts and reactions in this space (space_id); null = all
--   $heavy_posts int = 10: posts in the period from which a person counts as a heavy contributor
-- group_size: engaged_people
with scoped_people as (
    select person_id, department, in_directory
    from people_in_scope($department, $site)
),

-- the people of $department and $site engaged in the period, with their posts (etl/macros.sql)
engaged as (
    select person_id, posts
    from engaged_posts($start, $end, $department, $site, $space)
),

posted as (
    select person_id, posts
    from engaged
    where posts > 0
),

ranked as (
    select posts,
           row_number() over (order by posts) as ascending_rank,
           row_number() over (order by posts desc) as descending_rank,
           count(*) over () as n,
           sum(posts) over () as total
    from engaged
),

concentration as (
    select max(n) as engaged_people,
           max(total)::bigint as posts,
           2 * sum(ascending_rank * posts) / (max(n) * nullif(max(total), 0)) - (max(n) + 1) / max(n) as gini,
           sum(posts) filter (where descending_rank <= ceil(0.01 * n)) / nullif(max(total), 0) as top1pct_share,
           sum(posts) filter (where descending_rank <= ceil(0.10 * n)) / nullif(max(total), 0) as top10pct_share
    from ranked
),

directory_split as (
    select count(*) as directory_people,
           count(*) filter (where coalesce(p.posts, 0) = 0) / nullif(count(*), 0) as never_posted_share,
           count(*) filter (where p.posts between 1 and $heavy_posts - 1) / nullif(count(*), 0) as occasional_share,
           count(*) filter (where p.posts >= $heavy_posts) / nullif(count(*), 0) as heavy_share
    from scoped_people s
    left join posted p using (person_id)
    where s.in_directory
),

department_posts as (
    select s.department, sum(p.posts) as posts
    from posted p
    join scoped_people s using (person_id)
    where s.department is not null
    group by s.department
),

department_running as (
    select sum(posts) over (order by posts desc, department rows unbounded preceding) as running,
           sum(posts) over () as total,
           row_number() over (order by posts desc, department) as departments
    from department_posts
),

elephant as (
    select min(departments) filter (where running >= total / 2.0) as elephant_factor
    from department_running
)

select coalesce(c.engaged_people, 0) as engaged_people, c.posts, c.gini, c.top1pct_share, c.top10pct_share,
       d.directory_people, d.never_posted_share, d.occasional_share, d.heavy_share,
       e.elephant_factor
from concentration c
cross join directory_split d
cross join elephant e
