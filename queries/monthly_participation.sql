-- metric: Monthly participation
-- definition: per calendar month (UTC): engaged people (wrote a post or reply, or reacted), posters (wrote
--   at least one post or reply), new contributors (their first post ever falls in that month; a person
--   whose first post is before $start is never new in the window), returning contributors (posters who
--   had posted in an earlier month), posts (every post written, replies included), replies (posts that
--   answer another post), reactions given, and adoption rate (engaged directory people / directory
--   headcount, today's directory). Deleted posts and bots are ignored; reactions come from the interactions
--   table (a reaction to one's own post is not counted). Filters: $department and $site select people by
--   their own department and site; $space counts only posts and reactions in that space, so with $space a
--   new contributor is someone whose first post in that space falls in the month. Months inside the
--   period with no activity are listed with zeros.
-- grain: one row per month
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: day after the last day counted (exclusive); null = up to the latest data
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $space text = null: only posts and reactions in this space (space_id); null = all
-- group_size: engaged_people
-- group_keys: month
with scoped_people as (
    select person_id, in_directory
    from people_in_scope($department, $site)
),

-- the period's activity per person and month (etl/macros.sql: whole months from person_months, the
-- days at the period's edges from person_days; with $space, that space's days)
activity as (
    select person_id, month, posts, replies, reactions, last_post_at
    from period_activity($start, $end, $space)
),

person_months as (
    select person_id, month, sum(posts)::bigint as posts, sum(replies)::bigint as replies,
           sum(reactions)::bigint as reactions
    from activity
    where (posts > 0 or reactions > 0)
      and person_id in (select person_id from scoped_people)
    group by person_id, month
),

-- the month of each person's first post ever (in that space with $space): the one that makes them new
first_months as (
    select person_id, date_trunc('month', first_at)::date as first_month
    from first_post_times($space)
),

monthly as (
    select m.month,
           count(*) as engaged_people,
           count(*) filter (where m.posts > 0) as posters,
           count(*) filter (where m.posts > 0 and f.first_month = m.month) as new_contributors,
           count(*) filter (where m.posts > 0 and f.first_month < m.month) as returning_contributors,
           sum(m.posts)::bigint as posts,
           sum(m.replies)::bigint as replies,
           sum(m.reactions)::bigint as reactions,
           count(*) filter (where s.in_directory) as engaged_in_directory
    from person_months m
    join scoped_people s using (person_id)
    left join first_months f using (person_id)
    group by m.month
),

headcount as (
    select count(*) filter (where in_directory) as headcount from scoped_people
),

calendar as (
    select unnest(generate_series(
               coalesce(date_trunc('month', $start::date), min(month)),
               coalesce(date_trunc('month', $end::date - 1), max(month)),
               interval 1 month))::date as month
    from monthly
)

select c.month,
       coalesce(m.engaged_people, 0) as engaged_people,
       coalesce(m.posters, 0) as posters,
       coalesce(m.new_contributors, 0) as new_contributors,
       coalesce(m.returning_contributors, 0) as returning_contributors,
       coalesce(m.posts, 0) as posts,
       coalesce(m.replies, 0) as replies,
       coalesce(m.reactions, 0) as reactions,
       coalesce(m.engaged_in_directory, 0) as engaged_in_directory,
       h.headcount,
       coalesce(m.engaged_in_directory, 0) / nullif(h.headcount, 0) as adoption_rate
from calendar c
cross join headcount h
left join monthly m using (month)
order by c.month
