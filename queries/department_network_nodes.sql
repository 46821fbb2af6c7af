-- metric: Department network nodes
-- definition: the departments of the department network, to size and label its nodes: members = people of the department with at least one tie in the period; inside_ties = ties between two of its members; outside_ties = ties between a member and someone of another department. A tie is a pair of people with at least one reply or mention between them in the period. People with no known department are grouped as "(unknown)". Same filters as the department network: with $department, only ties with someone of that department at either end. A department is suppressed when it has fewer than min_group_size members.
-- grain: one row per department with at least one member tied
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: first day not counted (exclusive); null = up to the latest
--   $department text = null: only ties with someone of this department at either end; null = all
--   $site text = null: only ties with someone of this site at either end; null = all
--   $space text = null: only interactions in this space (space_id); null = all
-- group_size: members
-- group_keys: department
with -- the period's replies and mentions, with both ends' departments (etl/macros.sql)
acts as (
    select actor_id, target_id, actor_department, target_department
    from tie_interactions($start, $end, $department, $site, $space)
),

pairs as (
    -- each tie once, its people in id order (a person's department is one, so it follows)
    select distinct least(actor_id, target_id) as end_a, greatest(actor_id, target_id) as end_b,
           case when actor_id < target_id then actor_department else target_department end as department_a,
           case when actor_id < target_id then target_department else actor_department end as department_b
    from acts
),

ends as (
    -- each tie seen from both of its people
    select end_a as person_id, department_a as department, department_b as other_department
    from pairs
    union all
    select end_b, department_b, department_a
    from pairs
)

select department, count(distinct person_id) as members,
       cast(count(*) filter (where other_department = department) / 2 as bigint) as inside_ties,
       count(*) filter (where other_department <> department) as outside_ties
from ends
group by department
order by members desc, department
