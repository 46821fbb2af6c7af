-- metric: Rising people
-- definition: the largest gains in the influence ranking over the last three months: rank_gain = rank_3_months_ago - rank_now, between the month-end and the month-end three months before it (both must be in the data). Someone unranked three months ago (no reply or mention in that window) counts as ranked just after the last ranked person then; rank_3_months_ago shows null for them. Rankings are PageRank over the trailing network window (see influence_ranking). Only people who gained are listed.
-- grain: one row per person ranked now who gained, largest gain first
-- params:
--   $month_end date = null: "now" is the latest month-end on or before this day; null = the latest snapshot
--   $department text = null: only people of this department (ranks stay company-wide); null = all
--   $site text = null: only people of this site (ranks stay company-wide); null = all
--   $top int = 20: how many people to list; null = everyone who gained
with now_month as (
    select max(month_end) as month_end
    from network_snapshots
    where $month_end is null or month_end <= $month_end
),

then_month as (
    select cast(last_day(n.month_end - interval 3 month) as date) as month_end,
           (select count(rank) from network_snapshots s
            where s.month_end = cast(last_day(n.month_end - interval 3 month) as date)) as ranked
    from now_month n
    where exists (select 1 from network_snapshots s
                  where s.month_end = cast(last_day(n.month_end - interval 3 month) as date))
),

ranks as (
    select s.person_id, s.rank as rank_now, b.rank as rank_3_months_ago,
           coalesce(b.rank, t.ranked + 1) - s.rank as rank_gain
    from network_snapshots s
    join now_month n on s.month_end = n.month_end
    cross join then_month t
    left join network_snapshots b on b.month_end = t.month_end and b.person_id = s.person_id
    where s.rank is not null
)

select r.person_id, p.display_name, p.department, r.rank_3_months_ago, r.rank_now, r.rank_gain
from ranks r join people p using (person_id)
where r.rank_gain > 0
  and ($department is null or p.department = $department)
  and ($site is null or p.site = $site)
order by r.rank_gain desc, r.rank_now, r.person_id
limit coalesce($top, 1000000000)
