-- metric: Informal communities against departments
-- definition: communities found in the tie graph of the trailing network window (network_window_days, default 90) ending at the month-end (Louvain, seeded), crossed with the formal departments: how many members of each community belong to each department. A tie is a pair of people with at least one reply or mention between them in the window. Community ids are numbered by size within one month-end and do not carry over between months. People with no known department are counted as "(unknown)".
-- grain: one row per (community, department) pair with members
-- params:
--   $month_end date = null: the latest month-end on or before this day; null = the latest snapshot
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
-- group_size: members
-- group_keys: community_id, department
with chosen as (
    select max(month_end) as month_end
    from network_snapshots
    where $month_end is null or month_end <= $month_end
),

members as (
    select s.community_id, coalesce(p.department, '(unknown)') as department, s.person_id
    from network_snapshots s
    join chosen c using (month_end)
    join people p using (person_id)
    where s.community_id is not null
      and ($department is null or p.department = $department)
      and ($site is null or p.site = $site)
)

select community_id, department, count(*) as members
from members
group by community_id, department
order by community_id, members desc, department
