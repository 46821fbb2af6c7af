-- metric: Replies across job levels
-- definition: replies written in the period, from the replier's job level to the job level of the person
--   replied to (the author of the post answered), e.g. a junior answering a senior counts as junior ->
--   senior. replies = number of replies, repliers = distinct people writing them, share_of_from_level =
--   the share of that from-level's replies going to that to-level. Replies to oneself, to or from bots and
--   deleted posts are left out (the interactions table). People without a job level show as (unknown).
--   Filters: $department and $site select the replier by their own department and site; $space selects
--   replies in that space.
-- grain: one row per (from level, to level)
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: day after the last day counted (exclusive); null = up to the latest data
--   $department text = null: only replies written by people of this department; null = all
--   $site text = null: only replies written by people of this site; null = all
--   $space text = null: only replies in this space (space_id); null = all
-- group_size: repliers
-- group_keys: from_level, to_level
with levels as (
    select person_id, coalesce(job_level, '(unknown)') as job_level
    from people
),

repliers as (
    select person_id
    from people
    where ($department is null or department = $department)
      and ($site is null or site = $site)
),

-- whole months inside the period from reply_levels_by_month, the days at its two edges from
-- reply_levels_by_day (every filter is a date, so this is exact; the period macros are in
-- etl/macros.sql); with $space, that space's replies from the interactions table
replies as (
    select actor_id, to_level, replies
    from reply_levels_by_month
    where $space is null
      and whole_month_in_period(month, $start, $end)
    union all
    select actor_id, to_level, replies
    from reply_levels_by_day
    where $space is null
      and edge_day_of_period(day, $start, $end)
    union all
    select i.actor_id, coalesce(t.job_level, '(unknown)'), 1
    from period_interactions($start, $end, null, null, $space) i
    join people t on t.person_id = i.target_id
    where i.kind = 'reply'
      and $space is not null
),

per_replier as (
    select actor_id, to_level, sum(replies) as replies
    from replies
    where actor_id in (select person_id from repliers)
    group by actor_id, to_level
),

level_pairs as (
    select f.job_level as from_level, r.to_level, sum(r.replies)::bigint as replies, count(*) as repliers
    from per_replier r
    join levels f on f.person_id = r.actor_id
    group by from_level, r.to_level
)

select from_level, to_level, replies, repliers,
       replies / sum(replies) over (partition by from_level) as share_of_from_level
from level_pairs
order by from_level, to_level
