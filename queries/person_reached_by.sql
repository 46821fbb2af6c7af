-- metric: Departments reaching a person
-- definition: for the named person, per department of the people who replied to, mentioned or reacted to them in the period: those people, and their replies, mentions and reactions. People with no department in the directory count under a null department. Deleted posts, bots and self-interactions are left out (see interactions). A department with fewer people than min_group_size is suppressed.
-- grain: one row per department that reached the person, most people first
-- params:
--   $person_id text = null: the person (person_id); null = nobody (no rows)
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: first day not counted (exclusive); null = up to the latest
--   $space text = null: only interactions in this space (space_id); null = all
-- group_size: people
-- group_keys: department
with reaching as (
    select actor_id, actor_department, kind
    from period_interactions($start, $end, null, null, $space)  -- etl/macros.sql
    where target_id = $person_id
)

select actor_department as department, count(distinct actor_id) as people,
       count(*) filter (where kind = 'reply') as replies,
       count(*) filter (where kind = 'mention') as mentions,
       count(*) filter (where kind = 'reaction') as reactions
from reaching
group by actor_department
order by people desc, replies + mentions + reactions desc, department nulls last
