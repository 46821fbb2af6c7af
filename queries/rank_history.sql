-- metric: Rank history of the top people
-- definition: for the $top people ranked best at the chosen month-end (among people sharing a rank, by person id; after the department and site filters; ranks stay company-wide), their influence rank (see influence_ranking) at every month-end from $start up to that month-end. rank is null at a month-end where the person was not ranked (no reply or mention in the trailing window). rank_now repeats the person's rank at the chosen month-end. The data of the bump chart.
-- grain: one row per person among the top and month-end, best ranked now first, then by month
-- params:
--   $start date = null: first month-end shown (inclusive); null = since the first snapshot
--   $month_end date = null: "now" is the latest month-end on or before this day; null = the latest snapshot
--   $department text = null: only people of this department (ranks stay company-wide); null = all
--   $site text = null: only people of this site (ranks stay company-wide); null = all
--   $top int = 10: how many people, best ranked now; null = everyone ranked now
with -- the snapshot at $month_end of the people of $department and $site (etl/macros.sql)
top_people as (
    select person_id, rank as rank_now, month_end as chosen_month_end
    from snapshot_people($month_end, $department, $site)
    where rank is not null
    order by rank, person_id
    limit coalesce($top, 1000000000)
),

months as (
    select distinct s.month_end
    from network_snapshots s
    where s.month_end <= (select max(chosen_month_end) from top_people)
      and ($start is null or s.month_end >= $start)
)

select m.month_end, t.person_id, p.display_name, p.department, s.rank, t.rank_now
from top_people t
cross join months m
join people p on p.person_id = t.person_id
left join network_snapshots s on s.person_id = t.person_id and s.month_end = m.month_end
order by t.rank_now, t.person_id, m.month_end
