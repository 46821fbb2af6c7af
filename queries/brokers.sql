-- metric: Brokers
-- definition: people whose ties span departments, over the trailing network window (network_window_days, default 90) ending at the month-end. A tie is a pair of people with at least one reply or mention between them in the window. departments_reached = departments other than the person's own among their ties. liaison_count (Gould–Fernandez) = pairs of the person's ties who are not tied to each other and whose departments differ from each other and from the person's. constraint (Burt) = how much the person's ties are tied to each other; low = broker (1 = a single tie). local_bridges = ties whose two people share no other contact.
-- grain: one row per person with at least one tie in the window, most liaison first
-- params:
--   $month_end date = null: the latest month-end on or before this day; null = the latest snapshot
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $top int = 50: how many people to list; null = everyone
with chosen as (
    select max(month_end) as month_end
    from network_snapshots
    where $month_end is null or month_end <= $month_end
)

select s.person_id, p.display_name, p.department, s.departments_reached, s.liaison_count,
       s.burt_constraint as "constraint", s.local_bridges, s.ties, p.site, s.month_end
from network_snapshots s
join chosen c using (month_end)
join people p using (person_id)
where s.ties > 0
  and ($department is null or p.department = $department)
  and ($site is null or p.site = $site)
order by s.liaison_count desc nulls last, s.burt_constraint, s.person_id
limit coalesce($top, 1000000000)
