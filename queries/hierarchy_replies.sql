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

-- make_timestamp(epoch_us(...)) reads the UTC wall clock whatever the session time zone
replies as (
    select actor_id, target_id
    from interactions
    where kind = 'reply'
      and actor_id in (select person_id from repliers)
      and ($space is null or space_id = $space)
      and ($start is null or make_timestamp(epoch_us("at")) >= $start)
      and ($end is null or make_timestamp(epoch_us("at")) < $end)
),

level_pairs as (
    select f.job_level as from_level, t.job_level as to_level,
           count(*) as replies, count(distinct r.actor_id) as repliers
    from replies r
    join levels f on f.person_id = r.actor_id
    join levels t on t.person_id = r.target_id
    group by from_level, to_level
)

select from_level, to_level, replies, repliers,
       replies / sum(replies) over (partition by from_level) as share_of_from_level
from level_pairs
order by from_level, to_level
