-- metric: Rank history of the top people
-- definition: for the $top people ranked best at the chosen month-end (after the department and site filters; ranks stay company-wide), their influence rank (see influence_ranking) at every month-end from $start up to that month-end. rank is null at a month-end where the person was not ranked (no reply or mention in the trailing window). rank_now repeats the person's rank at the chosen month-end. The data of the bump chart.
-- grain: one row per person among the top and month-end, best ranked now first, then by month
-- params:
--   $start date = null: first month-end shown (inclusive); null = since the first snapshot
--   $month_end date = null: "now" is the latest month-end on or before this day; null = the latest snapshot
--   $department text = null: only people of this department (ranks stay company-wide); null = all
--   $site text = null: only people of this site (ranks stay company-wide); null = all
--   $top int = 10: how many people, best ranked now; null = everyone ranked now
with chosen as (
    select max(month_end) as month_end
    from network_snapshots
    where $month_end is null or month_end <= $month_end
),

top_people as (
    select s.person_id, s.rank as rank_now
    from network_snapshots s
    join chosen c using (month_end)
    join people p using (person_id)
    where s.rank is not null
      and ($department is null or p.department = $department)
      and ($site is null or p.site = $site)
    order by s.rank
    limit coalesce($top, 1000000000)
),

months as (
    select distinct s.month_end
    from network_snapshots s
    cross join chosen c
    where s.month_end <= c.month_end
      and ($start is null or s.month_end >= $start)
)

select m.month_end, t.person_id, p.display_name, p.department, s.rank, t.rank_now
from top_people t
cross join months m
join people p on p.person_id = t.person_id
left join network_snapshots s on s.person_id = t.person_id and s.month_end = m.month_end
order by t.rank_now, m.month_end
