-- metric: Department network
-- definition: the tie graph drawn at department level, for a network picture that stays readable: one edge per pair of departments (and one loop per department for its inside ties), weighted by the ties between their people in the period. A tie is a pair of people with at least one reply or mention between them in the period; interactions = those replies and mentions. People with no known department are grouped as "(unknown)". An edge is suppressed when fewer than min_group_size people stand at either of its ends.
-- grain: one row per unordered pair of departments with at least one tie (department_a <= department_b)
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: first day not counted (exclusive); null = up to the latest
--   $department text = null: only ties with someone of this department at either end; null = all
--   $site text = null: only ties with someone of this site at either end; null = all
--   $space text = null: only interactions in this space (space_id); null = all
-- group_size: people
-- group_keys: department_a, department_b
with -- the period's replies and mentions, with both ends' departments (etl/macros.sql)
acts as (
    select actor_id, target_id, actor_department, target_department
    from tie_interactions($start, $end, $department, $site, $space)
),

oriented as (
    -- a tie's two directions land on one row: its "a" end is the smaller (department, person)
    select actor_department < target_department
               or (actor_department = target_department and actor_id < target_id) as forward,
           *
    from acts
),

person_ties as (
    select case when forward then actor_id else target_id end as end_a,
           case when forward then target_id else actor_id end as end_b,
           case when forward then actor_department else target_department end as department_a,
           case when forward then target_department else actor_department end as department_b,
           count(*) as interactions
    from oriented
    group by all
)

select department_a, department_b, count(*) as ties, cast(sum(interactions) as bigint) as interactions,
       least(count(distinct end_a), count(distinct end_b)) as people
from person_ties
group by department_a, department_b
order by ties desc, department_a, department_b
