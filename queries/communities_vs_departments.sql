-- metric: Informal communities against departments
-- definition: communities found in the tie graph of the trailing network window (network_window_days, default 90) ending at the month-end (Leiden, modularity, seeded), crossed with the formal departments: how many members of each community belong to each department. A tie is a pair of people with at least one reply or mention between them in the window. Community ids are numbered by size within one month-end and do not carry over between months. People with no known department are counted as "(unknown)".
-- grain: one row per (community, department) pair with members
-- params:
--   $month_end date = null: the latest month-end on or before this day; null = the latest snapshot
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
-- group_size: members
-- group_keys: community_id, department
with -- the snapshot at $month_end of the people of $department and $site (etl/macros.sql)
members as (
    select community_id, coalesce(department, '(unknown)') as department, person_id
    from snapshot_people($month_end, $department, $site)
    where community_id is not null
)

select community_id, department, count(*) as members
from members
group by community_id, department
order by community_id, members desc, department
