-- metric: People per group
-- definition: people (bots excluded, in the HR directory or not) per department, per site and per job
--   level, as the people table holds them now. A group under the minimum group size is flagged as
--   suppressed: where people are shown by alias (names hidden, or a pseudonymised load), the
--   dashboard then writes "(small group)" instead of its name, since a department of two beside an
--   alias points at a person.
-- grain: one row per grouping (department, site, job_level) and group value
-- params: none
-- group_size: people
-- group_keys: grouping, group_value
with humans as (
    select department, site, job_level from people_in_scope(null, null)  -- etl/macros.sql
),
by_group as (
    select 'department' as grouping, department as group_value, count(*) as people
    from humans where department is not null group by department
    union all
    select 'site', site, count(*) from humans where site is not null group by site
    union all
    select 'job_level', job_level, count(*) from humans where job_level is not null group by job_level
)
select grouping, group_value, people
from by_group
order by grouping, group_value
