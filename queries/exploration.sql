-- metric: Exploration after a first post
-- definition: the "snowball": per month (UTC), new contributors (people whose first post ever, post or
--   reply, falls in that month; someone who first posted before $start is never new in the window) and,
--   of them, explored = those who posted in a second space within $within_days days (default 90) of
--   their first post; explored_share = explored / new contributors. window_complete says whether every
--   new contributor of the month has had the full $within_days days before $end (or the latest post) -
--   the latest months can still grow. Deleted posts and bots are ignored; posts on or after $end do not
--   count. Filters: $department and $site select people by their own department and site; $space keeps
--   the new contributors whose first post was in that space (their later posts may be anywhere).
-- grain: one row per month with new contributors
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: day after the last day counted (exclusive); null = up to the latest data
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $space text = null: only new contributors whose first post was in this space (space_id); null = all
--   $within_days int = 90: days after the first post in which a post in a second space counts
-- group_size: new_contributors
-- group_keys: month
with scoped_people as (
    select person_id
    from people_in_scope($department, $site)
),

-- person_firsts holds each person's first post, its space and their first post in another space
newcomers as (
    select person_id, first_post_at as first_at, second_space_at
    from person_firsts
    where person_id in (select person_id from scoped_people)
      and ($start is null or first_post_at >= $start)
      and ($end is null or first_post_at < $end)
      and ($space is null or first_space = $space)
),

explorers as (
    select person_id
    from newcomers
    where second_space_at <= first_at + to_days($within_days)
      and ($end is null or second_space_at < $end)
),

reference as (
    select coalesce($end::timestamp, max(last_post_at)) as at
    from person_firsts
    where person_id in (select person_id from scoped_people)
)

select date_trunc('month', n.first_at)::date as month,
       count(*) as new_contributors,
       count(e.person_id) as explored,
       count(e.person_id) / count(*) as explored_share,
       max(n.first_at) + to_days($within_days) <= max(r.at) as window_complete
from newcomers n
left join explorers e using (person_id)
cross join reference r
group by month
order by month
