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
    select person_id from people_in_scope($department, $site)
),

-- the period's activity per person and month (etl/macros.sql: whole months from person_months, the
-- days at the period's edges from person_days; with a space, that space's days)
activity as (
    select person_id, month, posts, reactions
    from period_activity($start, $end, $space)
),

per_person as (
    select month, person_id, cast(sum(posts) as hugeint) as posts
    from activity
    where (posts > 0 or reactions > 0)
      and person_id in (select person_id from scope_people)
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
