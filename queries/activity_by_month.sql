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

-- Whole months inside the period are read from person_months, the days at its two edges from
-- person_days (the period's bounds are days, so this is exact); with a space, that space's days.
activity as (
    select person_id, month, posts, reactions
    from person_months
    where cast($space as text) is null
      and (cast($start as date) is null or month >= $start)
      and (cast($end as date) is null or month + interval 1 month <= $end)
    union all
    select person_id, cast(date_trunc('month', day) as date), posts, reactions
    from person_days
    where cast($space as text) is null
      and (cast($start as date) is null or day >= $start)
      and (cast($end as date) is null or day < $end)
      and (day < date_trunc('month', cast($start as date) - 1) + interval 1 month
           or day >= date_trunc('month', cast($end as date)))
    union all
    select person_id, cast(date_trunc('month', day) as date), posts, reactions
    from activity_days
    where space_id = $space
      and (cast($start as date) is null or day >= $start)
      and (cast($end as date) is null or day < $end)
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
