-- metric: Emerging influencers
-- definition: the first month-end at which a person enters the top decile of the influence ranking (rank <= ceil(ranked people / 10) that month; people of equal PageRank share a rank, so a tie at the boundary keeps both in) after at least the two previous month-ends outside it. A person in the top decile at one of the first two month-ends of the data, or after a single month out, has not emerged then. Rankings are PageRank over the trailing network window (see influence_ranking). rank_now = the person's rank at the month-end the list is computed for (null if unranked then).
-- grain: one row per person who emerged, most recent first
-- params:
--   $start date = null: first emergence month counted (inclusive); null = since the beginning
--   $end date = null: first emergence month not counted (exclusive); null = up to the latest
--   $month_end date = null: the history considered ends at the latest month-end on or before this day; null = all of it
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
with months as (
    select month_end, row_number() over (order by month_end) as month_no,
           count(rank) as ranked
    from network_snapshots
    where $month_end is null or month_end <= $month_end
    group by month_end
),

top as (
    select s.person_id, m.month_no, m.month_end, s.rank
    from network_snapshots s join months m using (month_end)
    where s.rank <= ceil(m.ranked / 10.0)
),

entries as (
    select t.* from top t
    where t.month_no >= 3
      and not exists (
          select 1 from top b
          where b.person_id = t.person_id and b.month_no in (t.month_no - 1, t.month_no - 2)
      )
),

first_entries as (
    select person_id, arg_min(month_end, month_no) as month_end, arg_min(rank, month_no) as rank
    from entries
    group by person_id
),

now as (
    select s.person_id, s.rank
    from network_snapshots s
    where s.month_end = (select max(month_end) from months)
)

select f.person_id, p.display_name, p.department,
       cast(date_trunc('month', f.month_end) as date) as emerged_month,
       f.rank as rank_at_emergence, n.rank as rank_now
from first_entries f
join people p using (person_id)
left join now n using (person_id)
where ($start is null or f.month_end >= $start)
  and ($end is null or f.month_end < $end)
  and ($department is null or p.department = $department)
  and ($site is null or p.site = $site)
order by f.month_end desc, f.rank, f.person_id
